"""What a workbook hides is said: hidden sheets (every format), hidden rows and columns holding data and
formulas without a saved result (.xlsx, from the XML), merged cells read as a person reads them, and a
sheet with no agency names refused once, for the sheet."""

from __future__ import annotations

import sys
import time
import zipfile
from io import BytesIO

import pytest
from helpers import CORPUS_DIR, CORPUS_FILES, DATA, INDICATOR_HEADERS, SEED_SCORES, problems_of, xlsx_bytes

from ita.common.problems import Problems
from ita.io import hidden
from ita.io.importer import load_files, load_paths
from ita.io.layouts import fill_merged
from ita.io.reading import RawSheet

sys.path.insert(0, str(CORPUS_DIR))
import build_corpus as corpus  # noqa: E402  (the corpus builders write the worksheet XML used below)

CORPUS = CORPUS_FILES


def scan(rows_xml: str, before: str = "", prefix: str = "", percent: frozenset[int] = frozenset()) -> hidden.Hidden:
    """Scan one worksheet whose sheetData holds ``rows_xml`` (``prefix``: a namespace prefix on every tag)."""
    ns = f'xmlns:{prefix[:-1]}="{corpus._MAIN}"' if prefix else f'xmlns="{corpus._MAIN}"'
    xml = (
        f"{corpus._XML}<{prefix}worksheet {ns}>{before}<{prefix}sheetData>{rows_xml}</{prefix}sheetData>"
        f"</{prefix}worksheet>"
    )
    with zipfile.ZipFile(BytesIO(corpus.zip_bytes(corpus.xlsx_parts([("S", xml)])))) as zf:
        return hidden.scan_xlsx_part(zf, "xl/worksheets/sheet1.xml", percent)


# --------------------------------------------------------------------------- formulas without a saved result


@pytest.mark.parametrize(
    "cell,flagged",
    [
        ('<c r="M2"><f>SUM(C2:L2)</f></c>', True),  # no value at all
        ('<c r="M2"><f>SUM(C2:L2)</f><v></v></c>', True),  # openpyxl's empty value
        ('<c r="M2"><f>SUM(C2:L2)</f><v/></c>', True),
        ('<c r="M2"><f t="shared" si="0"/></c>', True),  # a shared formula's follower
        ('<c r="M2" s="3"><f t="shared" ref="M2:M9" si="0">SUM(C2:L2)</f></c>', True),
        ('<c r="M2"><f>SUM(C2:L2)</f><v>801.5</v></c>', False),  # calculated: Excel, LibreOffice
        ('<c r="M2" t="str"><f>IF(A2="","",A2)</f><v></v></c>', False),  # calculated to the empty string
        ('<c r="M2" t="str"><f>A2</f><v>ก</v></c>', False),
        ('<c r="M2"><v>1</v></c>', False),
    ],
)
def test_formula_without_value(cell, flagged):
    found = scan(f'<row r="2">{cell}</row>')
    assert found.formulas == ([(2, 13)] if flagged else [])


def test_formula_without_value_with_a_namespace_prefix():
    found = scan('<x:row r="7"><x:c r="AB7"><x:f>1+1</x:f></x:c></x:row>', prefix="x:")
    assert found.formulas == [(7, 28)]


@pytest.mark.parametrize(
    "body",
    [
        "<f " * 300_000,  # tags that never close
        "<row " * 200_000,
        '<row r="1"><c r="A1"><f>1</f>' + " " * 1_000_000,  # a long run of spaces where </c> should be
        '<c r="A1"><f' * 100_000,
        "<f>1</f><v " * 100_000,
        '<c r="A1" t="e">' * 100_000,  # error cells that never close
        '<c r="A1" t="e"><v>' * 100_000,
        '<c r="A1" s="1"' * 100_000,  # percentage cells whose tags never close
    ],
    ids=["f", "row", "spaces", "c-f", "v", "e", "e-v", "s"],
)
def test_crafted_xml_is_scanned_in_linear_time(body):
    """Attribute runs are [^<>] and whitespace runs possessive: a backtracking pattern would take minutes."""
    started = time.process_time()  # this process's CPU: a busy machine slows no bound
    scan(body, percent=frozenset({1}))
    assert time.process_time() - started < 1


@pytest.mark.parametrize("prefix", ["", "x:"])
def test_a_formulas_error_value_is_found(prefix):
    p = prefix
    found = scan(
        f'<{p}row r="2"><{p}c r="B2" t="e"><{p}f>1/0</{p}f><{p}v>#DIV/0!</{p}v></{p}c>'
        f'<{p}c r="C2"><{p}v>80</{p}v></{p}c><{p}c r="K2" t="e"><{p}v>#N/A</{p}v></{p}c></{p}row>',
        prefix=prefix,
    )
    assert found.errors == [(2, 2, "#DIV/0!"), (2, 11, "#N/A")] and found.formulas == []


@pytest.mark.parametrize(
    "code,percent",
    [("0%", True), ("0.00%", True), ("#,##0.0%;[Red]-0.0%", True), ('0.00"%"', False), ("0.00\\%", False)]
    + [("[<=1]0.00;0", False), ("0.00", False), ('"ร้อยละ "0.00', False)],
)
def test_a_number_format_shows_a_percentage_only_with_a_percent_sign_of_its_own(code, percent):
    from ita.io.styles import shows_percent

    assert shows_percent(code) is percent


def test_only_the_cells_of_a_percentage_style_are_found():
    found = scan(
        '<row r="2" s="1" customFormat="1"><c r="B2" s="1"><v>0.8</v></c><c r="C2" s="2"><v>80</v></c></row>',
        percent=frozenset({1}),
    )
    assert found.percent == [(2, 2)]


FORMULA_ERRORS = [DATA / f"formula-errors-2565.{ext}" for ext in ("xlsx", "xls", "ods", "fods")]


@pytest.mark.parametrize("path", FORMULA_ERRORS, ids=lambda p: p.suffix)
def test_a_score_that_is_an_excel_error_is_said_as_one(path):
    """calamine reads a formula's error value as an empty cell: it is put back, and said as Excel's error at its
    cell, not as a score left blank."""
    result = load_paths([path])
    said = problems_of(result, "excel_error")
    assert [(r, c, f) for r, c, f in said[["row", "column", "field"]].itertuples(index=False)] == [
        (2, "B", "ตัวชี้วัดที่ 1"),
        (3, "K", "ตัวชี้วัดที่ 10"),
    ]
    assert "#DIV/0!" in said["message_th"].iat[0] and "#N/A" in said["message_en"].iat[1]
    assert "แก้สูตร" in said["message_th"].iat[0]
    assert problems_of(result, "missing_score").empty
    assert list(result.valid["agency"]) == ["เทศบาลตำบลซี"]


def test_an_excel_error_written_as_text_is_said_the_same_way():
    """A CSV exported from Excel writes the error as text; an error that is not a score is a blank."""
    csv = "ชื่อหน่วยงาน,จังหวัด," + ",".join(INDICATOR_HEADERS) + "\n"
    csv += "เทศบาลตำบลเอ,#N/A," + ",".join(["#DIV/0!", *map(str, SEED_SCORES[1:])]) + "\n"
    csv += "เทศบาลตำบลบี,#REF!," + ",".join(map(str, SEED_SCORES[:9])) + ",Err:502\n"
    result = load_files([("formula-errors-2565.csv", csv.encode())])
    said = problems_of(result, "excel_error")
    assert list(said["column"]) == ["C", "L"] and list(said["row"]) == [2, 3]
    assert "Err:502" in said["message_en"].iat[1]
    assert result.valid.empty and problems_of(result, "not_a_number").empty


def test_the_corpus_file_names_its_formula_cells_and_loads_the_rest():
    result = load_paths([CORPUS / "formulas_no_values.xlsx"])
    said = problems_of(result, "formula_without_value")
    assert len(said) == 1 and "(F4, M2:M5)" in said["message_en"].iat[0] and said["row"].isna().all()
    assert "Ctrl+Alt+F9" in said["message_th"].iat[0]
    assert list(result.valid["source_row"]) == [2, 3, 5]


# --------------------------------------------------------------------------- hidden rows and columns


def test_hidden_rows_and_columns_are_found():
    found = scan(
        '<row r="3" hidden="1"><c r="A3"><v>1</v></c></row><row r="4" hidden="true"/>'
        '<row r="5" spans="1:2"><c r="A5"><v>1</v></c></row>',
        before='<cols><col min="2" max="4" hidden="1"/><col min="5" max="5" width="3"/></cols>',
    )
    assert (found.rows, found.columns) == ([3, 4], [(2, 4)])


def test_hidden_rows_are_found_across_pieces(monkeypatch):
    """The XML is read in pieces; a piece ends after a row tag, so no tag is cut in two."""
    monkeypatch.setattr(hidden, "_CHUNK", 64)
    mark = ' hidden="1"'
    rows = "".join(
        f'<row r="{r}"{mark if r % 7 == 0 else ""}><c r="A{r}"><f>1+{r}</f></c></row>' for r in range(1, 200)
    )
    found = scan(rows)
    assert found.rows == list(range(7, 200, 7))
    assert found.formulas == [(r, 1) for r in range(1, 200)]


@pytest.mark.parametrize("name", ["hidden_rows.xlsx", "hidden_rows.ods", "hidden_rows.xls"])
def test_hidden_rows_holding_data_are_said_once_per_run_at_their_first_row(name):
    result = load_paths([CORPUS / name])
    rows = problems_of(result, "hidden_rows")
    assert list(rows["row"]) == [4] and "rows 4–5 (2 in all)" in rows["message_en"].iat[0]  # row 9 is empty
    columns = problems_of(result, "hidden_columns")
    assert len(columns) == 1 and "columns B;" in columns["message_en"].iat[0]
    assert list(result.valid["source_row"]) == [2, 3, 4, 5, 6, 7]  # read, not dropped


# --------------------------------------------------------------------------- hidden sheets


@pytest.mark.parametrize(
    "path,code",
    [
        (CORPUS / "hidden_sheet.xlsx", "hidden_sheet"),
        (CORPUS / "very_hidden_sheet.xlsx", "very_hidden_sheet"),
        (DATA / "hidden-sheet-2562.xls", "hidden_sheet"),
        (DATA / "hidden-sheet-2562.ods", "hidden_sheet"),
        (DATA / "hidden-sheet-2562.fods", "hidden_sheet"),
    ],
)
def test_a_hidden_sheet_is_read_with_a_warning(path, code):
    result = load_paths([path])
    said = result.problems.loc[result.problems["code"].isin(["hidden_sheet", "very_hidden_sheet"])]
    assert list(zip(said["code"], said["sheet"], said["severity"], strict=False)) == [(code, "ITA 2562", "warning")]
    assert sorted(set(result.valid["year"])) == [2562, 2563]


def test_visible_sheets_say_nothing():
    result = load_files(
        [
            (
                "ita.xlsx",
                xlsx_bytes({"ITA 2563": [["ชื่อหน่วยงาน", *INDICATOR_HEADERS], ["เทศบาลตำบลพอกน้อย", *SEED_SCORES]]}),
            )
        ]
    )
    assert not set(result.problems["code"]) & {
        "hidden_sheet",
        "very_hidden_sheet",
        "hidden_rows",
        "hidden_columns",
        "formula_without_value",
        "merged_cells_filled",
    }


# --------------------------------------------------------------------------- merged cells


def test_merged_cells_are_filled_from_their_top_left_cell():
    sheet = RawSheet(
        "S",
        [["ชื่อ", "", "ข", ""], ["", "", "", "y"], ["ก", "", "", ""]],
        merged=[((0, 0), (1, 1)), ((2, 0), (2, 5)), ((1, 2), (2, 2)), ((0, 2), (0, 2))],
    )
    problems = Problems()
    filled = fill_merged(sheet, "f.xlsx", problems)
    assert filled.rows == [["ชื่อ", "ชื่อ", "ข", ""], ["ชื่อ", "ชื่อ", "", "y"], ["ก", "ก", "ก", "ก"]]  # in the sheet
    assert sheet.rows[1] == ["", "", "", "y"]  # the original is kept
    assert [p.code for p in problems] == ["merged_cells_filled"]
    assert "A1:B2, A3:D3" in problems.to_frame()["message_en"].iat[0]  # blank top-left (C2) is not a fill


def test_a_table_whose_every_row_is_merged_over_two_rows_reads_each_agency_once():
    """A printed layout, every cell of each row merged over two: the lower half read as a copy of each agency, with a
    "repeats … merged into one" warning each (and none for the last). A row with nothing of its own stays blank."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "ITA 2567"
    ws.append(["ชื่อหน่วยงาน", *INDICATOR_HEADERS])
    for k, name in enumerate(["เทศบาลตำบลพอกน้อย", "เทศบาลตำบลไร่"]):
        ws.append([name, *SEED_SCORES])
        ws.append([None] * 11)
        for c in range(1, 12):
            ws.merge_cells(start_row=2 + 2 * k, start_column=c, end_row=3 + 2 * k, end_column=c)
    buffer = BytesIO()
    wb.save(buffer)
    result = load_files([("ita.xlsx", buffer.getvalue())])
    assert result.valid["agency"].tolist() == ["เทศบาลตำบลพอกน้อย", "เทศบาลตำบลไร่"]
    assert not result.problems["severity"].isin(["error", "warning"]).any(), result.problems


def test_a_header_merged_over_two_rows_finds_the_name_column():
    result = load_paths([CORPUS / "merged_header.xlsx"])
    assert list(result.valid["agency"][:2]) == ["เทศบาลตำบลพอกน้อย", "เทศบาลตำบลพรรณา"]
    assert set(result.valid["province"]) == {"สกลนคร"}  # merged down B3:B6


# --------------------------------------------------------------------------- the name column


@pytest.mark.parametrize(
    "file,code,column",
    [
        ("empty_name_column.xlsx", "agency_column_empty", "A"),
        ("no_name_column.xlsx", "agency_column_missing", None),
    ],
)
def test_a_sheet_without_names_is_one_error_not_one_per_row(file, code, column):
    result = load_paths([CORPUS / file])
    errors = result.problems.loc[result.problems["severity"] == "error"]
    assert list(errors["code"]) == [code]
    assert errors["row"].isna().all() and (errors["column"].iat[0] or None) == column
    assert len(result.valid) == 0 and len(result.table) == 4 and result.table["has_error"].all()


def test_a_few_blank_names_are_still_said_row_by_row():
    rows = [["ชื่อหน่วยงาน", *INDICATOR_HEADERS], ["เทศบาลตำบลพอกน้อย", *SEED_SCORES], ["", *SEED_SCORES]]
    result = load_files([("ita_2563.xlsx", xlsx_bytes({"ITA 2563": rows}))])
    assert list(problems_of(result, "agency_missing")["row"]) == [3]
    assert "agency_column_empty" not in set(result.problems["code"])


def test_many_runs_of_hidden_rows_are_one_warning_and_a_wide_hidden_range_is_cheap():
    """Every other row hidden (a filter), and <col min="1" max="16384" hidden="1"/> over a 2-column sheet."""
    rows = [["ชื่อหน่วยงาน", "คะแนน"], *[[f"หน่วยงาน {k}", 80] for k in range(1, 60)]]
    xml = corpus.sheet_xml(rows).replace("<sheetData>", '<cols><col min="1" max="16384" hidden="1"/></cols><sheetData>')
    for r in range(3, 61, 2):
        xml = xml.replace(f'<row r="{r}">', f'<row r="{r}" hidden="1">')
    result = load_files([("f.xlsx", corpus.zip_bytes(corpus.xlsx_parts([("S", xml)])))])
    said = problems_of(result, "hidden_rows")
    assert list(said["row"]) == [3]
    assert "rows 3, 5, 7" in said["message_en"].iat[0] and "(+19)" in said["message_en"].iat[0]
    assert "(29 in all)" in said["message_en"].iat[0]
    assert "columns A–B;" in problems_of(result, "hidden_columns")["message_en"].iat[0]


def test_overlapping_merged_ranges_fill_no_more_cells_than_the_sheet_has():
    sheet = RawSheet("S", [["ก", "", ""], ["", "", "y"]], merged=[((0, 0), (1, 2))] * 100_000)
    started = time.process_time()  # this process's CPU: a busy machine slows no bound
    filled = fill_merged(sheet, "f.xlsx", Problems())
    assert time.process_time() - started < 0.5
    assert filled.rows == [["ก", "ก", "ก"], ["ก", "ก", "ก"]]


def test_a_visible_column_wins_over_a_hidden_one_of_the_same_heading():
    """Last year's scores hidden in B–K beside this year's in L–U, under the same headings: a person reads L–U. Before,
    the hidden ones were used (82.58 ต้องปรับปรุง where the sheet shows 88.74 ผ่านดี)."""
    from openpyxl import Workbook

    later = [round(s + 1, 2) for s in SEED_SCORES]
    wb = Workbook()
    ws = wb.active
    ws.title = "ITA 2563"
    ws.append(["ชื่อหน่วยงาน", *INDICATOR_HEADERS, *INDICATOR_HEADERS])
    ws.append(["ก", *SEED_SCORES, *later])
    ws.column_dimensions.group("B", "K", hidden=True)
    buffer = BytesIO()
    wb.save(buffer)
    result = load_files([("hidden-old.xlsx", buffer.getvalue())])
    assert [result.valid.iloc[0][f"i{k}"] for k in range(1, 11)] == later
    said = problems_of(result, "duplicate_column")
    assert said["column"].tolist()[:2] == ["B", "C"] and "column L was used" in said["message_en"].iat[0]


def test_a_hidden_sheets_copy_gives_way_to_the_visible_sheets():
    """A hidden sheet holding an older draft ('ITA 2567 (ร่าง)'): a person sees one sheet and its rows. Every row
    was refused as a conflict with the draft."""
    from openpyxl import Workbook

    wb = Workbook()
    shown = wb.active
    shown.title = "ITA 2567"
    draft = wb.create_sheet("ITA 2567 (ร่าง)")
    draft.sheet_state = "hidden"
    for ws, nine in ((shown, 83.58), (draft, 71.58)):
        ws.append(["ชื่อหน่วยงาน", *INDICATOR_HEADERS])
        ws.append(["เทศบาลตำบลพอกน้อย", *SEED_SCORES[:8], nine, SEED_SCORES[9]])
    buffer = BytesIO()
    wb.save(buffer)
    result = load_files([("ita.xlsx", buffer.getvalue())])
    assert result.valid[["source_sheet", "i9"]].values.tolist() == [["ITA 2567", 83.58]]
    (gave_way,) = problems_of(result, "duplicate_hidden").to_dict("records")
    assert gave_way["sheet"] == "ITA 2567 (ร่าง)" and not result.has_errors
