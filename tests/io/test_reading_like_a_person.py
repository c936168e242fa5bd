"""Files as people make them, read as a person reads them: cells formatted as percentages, a rejected row beside
a good one from another file, summary rows in everyday wording, headers typed with a line break or a space."""

from __future__ import annotations

import io

import pytest
from helpers import DATA, INDICATOR_HEADERS, ROOT, SEED_SCORES, only_row, problems_of, xlsx_bytes
from openpyxl import Workbook

from ita.io.importer import load_files, load_paths
from ita.rules.frameworks import default_frameworks

NAMES = [i.name_th for i in default_frameworks().by_year[2563].indicators]


def percent_workbook(rows: list[list], percent_cells: str = "B2:L2") -> bytes:
    """``rows`` under the header, the cells of ``percent_cells`` formatted as percentages (Excel shows 83.65%,
    holds 0.8365)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "ITA 2563"
    ws.append(["ชื่อหน่วยงาน", *INDICATOR_HEADERS, "คะแนนรวม"])
    for row in rows:
        ws.append(row)
    for line in ws.iter_rows(*_bounds(percent_cells)):
        for cell in line:
            cell.number_format = "0.00%"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _bounds(cells: str) -> tuple[int, int, int, int]:
    """'B2:L2' as iter_rows' min_row, max_row, min_col, max_col."""
    from openpyxl.utils import range_boundaries

    min_col, min_row, max_col, max_row = range_boundaries(cells)
    return min_row, max_row, min_col, max_col


def test_scores_in_percent_cells_are_read_as_the_numbers_shown():
    fractions = ["เทศบาลตำบลพอกน้อย", *[s / 100 for s in SEED_SCORES], 0.80]
    result = load_files([("percent.xlsx", percent_workbook([fractions]))])
    got = result.valid.iloc[0]
    assert [round(got[f"i{k}"], 6) for k in range(1, 11)] == SEED_SCORES
    assert (got["total"], got["grade"]) == (80.0, "B")
    said = problems_of(result, "percent_as_shown")
    assert said["severity"].tolist() == ["info"] and said["row"].isna().all()  # one note for the sheet
    assert "B2:L2" not in said["message_en"].iat[0] and "(B2, C2, D2" in said["message_en"].iat[0]
    assert "0.8365" in said["message_th"].iat[0] and "83.65%" in said["message_th"].iat[0]
    assert problems_of(result, "total_mismatch").empty and problems_of(result, "scores_as_fractions").empty
    assert problems_of(result, "columns_kept_unused").empty
    # The same fractions without the format (a sheet pasted as values): read out of 100 too, with a warning.
    result = load_files(
        [("fractions.xlsx", xlsx_bytes({"ITA 2563": [["ชื่อหน่วยงาน", *INDICATOR_HEADERS], fractions[:11]]}))]
    )
    assert [round(result.valid.iloc[0][f"i{k}"], 6) for k in range(1, 11)] == SEED_SCORES
    said = problems_of(result, "scores_as_fractions")
    assert len(said) == 1 and said["severity"].iloc[0] == "warning" and "83.65" in said["message_th"].iloc[0]
    # One agency's 'label | score' rows: a sub-indicator's row is said as such, not as an unknown indicator.
    lines = [["หน่วยงาน: ก"], *([f"{k}. {n}", v] for k, (n, v) in enumerate(zip(NAMES, SEED_SCORES, strict=True), 1))]
    lines.insert(11, ["9.1 ข้อมูลพื้นฐาน", 100])
    result = load_files([("single.xlsx", xlsx_bytes({"ITA 2563": lines}))])
    assert result.valid["total"].tolist() == [80.0] and problems_of(result, "unknown_indicator").empty
    assert problems_of(result, "sub_indicator_row")["row"].tolist() == [12]


def test_one_score_typed_as_a_percentage_among_ordinary_scores_is_the_number_shown():
    """'83.65%' typed into one cell: Excel holds 0.8365. Before, the agency's first indicator was 0.84."""
    rows = [["ก", *SEED_SCORES, 80.0], ["ข", SEED_SCORES[0] / 100, *SEED_SCORES[1:], 80.0], ["ค", *SEED_SCORES, 80.0]]
    # Every score cell of the sheet formatted as a percentage: a score above 1 stays as typed (8365% on screen).
    for cells in ("B3", "B2:K4"):
        result = load_files([("one.xlsx", percent_workbook(rows, cells))])
        assert result.valid["total"].tolist() == [80.0] * 3 and result.valid["i1"].round(6).tolist() == [83.65] * 3
        said = problems_of(result, "percent_as_shown")
        assert said["message_en"].str.contains(r"^1 cell is formatted as a percentage \(B3\)").tolist() == [True]


@pytest.mark.parametrize("name", ["percent-2563.ods", "percent-2563.xls", "percent-2563.fods"])
def test_percentage_cells_of_an_ods_or_xls_are_the_numbers_shown(name):
    """An .xls's percentage cell was read as its fraction (0.8365 for 83.65%): its total fell by 8 points, with no
    more than a total_mismatch where the file had a total. Its styles are read from its records as an .xlsx's are."""
    result = load_paths([DATA / name])
    assert result.valid["total"].tolist() == [80.0] and result.valid["i1"].round(6).tolist() == [83.65]
    assert problems_of(result, "percent_as_shown")["message_en"].str.contains(r"\(B2\)").all()


@pytest.mark.parametrize("name", ["struck-2567.ods", "struck-2567.fods"])
def test_an_old_row_of_an_ods_struck_through_gives_way_to_its_correction(name):
    """An .ods's struck-through old row beside the corrected one: both were refused as conflicting copies. The
    same sheet saved as one flat XML file (.fods) says the same."""
    result = load_paths([DATA / name])
    assert not result.has_errors
    got = result.valid.set_index("agency")["i1"].to_dict()
    assert got == {"เทศบาลตำบลพอกน้อย": 90, "เทศบาลตำบลนาหัวบ่อ": 85, "องค์การบริหารส่วนตำบลสว่าง": 92}
    assert problems_of(result, "struck_rows")["row"].tolist() == [3]


def test_a_plain_ods_style_written_self_closed_is_not_taken_for_the_struck_one_after_it():
    """LibreOffice writes a style without text properties self-closed ('<style:style … ce0/>'): its match ran into the
    next style's body, so the plain rows were called struck and the old row was scored instead of its correction."""
    import re
    import zipfile

    with zipfile.ZipFile(DATA / "struck-2567.ods") as zin:
        content = zin.read("content.xml").decode()
        plain = '<style:style style:name="ce0" style:family="table-cell" style:parent-style-name="Default"/>'
        content = content.replace('<style:style style:name="ce1"', plain + '<style:style style:name="ce1"', 1)
        content = re.sub(
            r'<table:table-cell (?![^>]*style-name)([^>]*office:value-type="float")',
            r'<table:table-cell table:style-name="ce0" \1',
            content,
        )
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as zout:
            for item in zin.infolist():
                zout.writestr(item, content.encode() if item.filename == "content.xml" else zin.read(item.filename))
    result = load_files([("struck-2567.ods", out.getvalue())])
    assert result.valid.set_index("agency")["i1"].to_dict()["เทศบาลตำบลนาหัวบ่อ"] == 85
    assert problems_of(result, "struck_rows")["row"].tolist() == [3]


def test_old_rows_of_an_xls_struck_through_or_shown_as_nothing_give_way_to_the_visible_ones():
    """An .xls (LibreOffice's) with each agency's old copy struck through, formatted ';;;', or in white text: both
    copies were refused as conflicting; as in an .xlsx, the visible row is used and the other said."""
    result = load_paths([DATA / "styled-2567.xls"])
    assert not result.has_errors
    got = result.valid.set_index("agency")["i1"].to_dict()
    assert got == {
        "เทศบาลตำบลพอกน้อย": 90,
        "เทศบาลตำบลนาหัวบ่อ": 85,
        "องค์การบริหารส่วนตำบลไร่": 88,
        "องค์การบริหารส่วนตำบลสว่าง": 92,
    }
    assert problems_of(result, "struck_rows")["row"].tolist() == [3]
    assert problems_of(result, "invisible_rows")["message_en"].str.contains("5, 7").all()


def test_one_score_below_one_among_ordinary_scores_is_not_scaled():
    rows = [["ชื่อหน่วยงาน", *INDICATOR_HEADERS], ["ก", 0.5, *SEED_SCORES[1:]]]
    result = load_files([("x.xlsx", xlsx_bytes({"ITA 2563": rows}))])
    assert result.valid.iloc[0]["i1"] == 0.5 and problems_of(result, "scores_as_fractions").empty


def test_a_rejected_row_does_not_take_a_good_row_of_another_file_with_it():
    good = xlsx_bytes({"ITA 2563": [["ชื่อหน่วยงาน", *INDICATOR_HEADERS], ["ก", *SEED_SCORES]]})
    bad = xlsx_bytes({"ITA 2563": [["ชื่อหน่วยงาน", *INDICATOR_HEADERS], ["ก", 105, *SEED_SCORES[1:]]]})
    result = load_files([("good.xlsx", good), ("bad.xlsx", bad)])
    assert result.valid["agency"].tolist() == ["ก"] and result.valid["source_file"].tolist() == ["good.xlsx"]
    assert problems_of(result, "duplicate_conflict").empty
    assert len(problems_of(result, "out_of_range")) == 1  # the bad row says its own fault


def test_summary_rows_in_everyday_wording_are_skipped_but_names_that_start_alike_are_agencies():
    rows = [["ชื่อหน่วยงาน", *INDICATOR_HEADERS]]
    labels = ["รวมไทยพัฒนา", "คะแนนเฉลี่ยทั้งจังหวัด", "รวมทั้งจังหวัด", "เฉลี่ย 4 หน่วยงาน", "Average of all agencies"]
    # The statistics an office writes under its table, and a district's own line among its agencies.
    statistics = ["รวมเฉลี่ย", "คะแนนเฉลี่ย (Mean)", "ส่วนเบี่ยงเบนมาตรฐาน", "S.D.", "ค่าสูงสุด", "ค่าต่ำสุด", "ร้อยละ"]
    statistics += ["จำนวนหน่วยงานที่ผ่านเกณฑ์ (85 คะแนนขึ้นไป)"]
    # Statements under a table: the best agency's scores again, counts of those that passed (were agencies, silently).
    statistics += ["หน่วยงานที่ได้คะแนนสูงสุด", "ผ่านเกณฑ์ (85 คะแนนขึ้นไป)", "ไม่ผ่านเกณฑ์", "Highest score"]
    # A row named as a district is kept: it may be a district office with its own result.
    rows += [[label, *SEED_SCORES] for label in [*labels, *statistics, "อำเภอเมืองสกลนคร"]]
    result = load_files([("x.xlsx", xlsx_bytes({"ITA 2563": rows}))])
    assert result.valid["agency"].tolist() == ["รวมไทยพัฒนา", "อำเภอเมืองสกลนคร"]
    assert len(problems_of(result, "summary_row")) == 4 + len(statistics)


def test_indicator_headers_typed_with_a_line_break_or_a_space_are_recognised():
    header = ["ชื่อหน่วยงาน", "ตัวชี้วัด\nที่ 1", *INDICATOR_HEADERS[1:4], "ตัวชี้วัด ที่5", *INDICATOR_HEADERS[5:]]
    result = load_files([("x.xlsx", xlsx_bytes({"ITA 2563": [header, ["ก", *SEED_SCORES]]}))])
    assert [result.valid.iloc[0][f"i{k}"] for k in range(1, 11)] == SEED_SCORES


SPLIT_TOP = ["การปฏิบัติ", "การใช้", "การใช้", "การใช้", "การแก้ไข", "คุณภาพ", "ประสิทธิภาพ", "การปรับปรุง", "การเปิดเผย"]
SPLIT_BOTTOM = ["หน้าที่", "งบประมาณ", "อำนาจ", "ทรัพย์สินของราชการ", "ปัญหาการทุจริต", "การดำเนินงาน", "การสื่อสาร"]
SPLIT_BOTTOM += ["ระบบการทำงาน", "ข้อมูล"]


@pytest.mark.parametrize(
    "header",
    [
        [["ลำดับ", "ชื่อ", *SPLIT_TOP, "การป้องกัน", "คะแนน"], ["", "หน่วยงาน", *SPLIT_BOTTOM, "การทุจริต", "รวม"]],
        [
            ["ลำดับ", "ชื่อ", *SPLIT_TOP, "การป้องกัน", "คะแนน"],
            ["", "หน่วย", *SPLIT_BOTTOM, "การ", "รวม"],
            ["", "งาน", *[""] * 9, "ทุจริต", ""],  # a third line for two of the headings
        ],
        [  # half the headings fit on one line: that row names five, the two together all ten
            ["ลำดับ", "ชื่อหน่วยงาน", *INDICATOR_HEADERS[:5], *SPLIT_TOP[5:], "การป้องกัน", "คะแนนรวม"],
            ["", "", *[""] * 5, *SPLIT_BOTTOM[5:], "การทุจริต", ""],
        ],
        [["No.", "Agency", *["Indicator"] * 10, "Total"], ["", "Name", *range(1, 11), "Score"]],  # read as before
    ],
    ids=["two-rows", "three-rows", "half-split", "numbers-under-a-word"],
)
def test_a_header_a_pdf_split_over_rows_is_read_as_one(header):
    """A PDF's conversion wrapped each heading onto the rows under it ('การปฏิบัติ' over 'หน้าที่'): a person reads
    each column's words together. No one row named three indicators, and the file was refused ("only indicator
    7"). A header whose second row numbers the indicators under one word is read as before, without the note."""
    rows = [["ผลการประเมิน ITA ปีงบประมาณ พ.ศ. 2567"], *header, [1, "เทศบาลตำบลนาหว้า", *SEED_SCORES, 80.0]]
    result = load_files([("pdf.xlsx", xlsx_bytes({"ITA": rows}))])
    row = only_row(result)
    assert row["agency"] == "เทศบาลตำบลนาหว้า" and [row[f"i{k}"] for k in range(1, 11)] == SEED_SCORES
    assert row["total"] == 80.0 and row["reported_total"] == 80.0 and row["source_row"] == len(rows)
    assert not result.has_errors
    said = problems_of(result, "header_split_joined")["message_en"].tolist()
    if header[0][1] == "Agency":
        assert said == []
    else:
        assert len(said) == 1 and f"rows 2–{len(rows) - 1}" in said[0]


@pytest.mark.parametrize(
    "heading", ["ชื่อเทศบาล", "ชื่อ อบต.", "รายชื่อหน่วยงาน", "รายชื่อ อปท.", "หน่วยงานที่รับการประเมิน", "เทศบาล/อบต."]
)
def test_the_names_column_headed_as_offices_head_it_is_the_agencys(heading):
    """Such a heading was unknown: the file was refused ("No agency name column"), or with a district column beside
    it, said to be a table of districts' averages."""
    rows = [[heading, "อำเภอ", *INDICATOR_HEADERS], ["เทศบาลตำบลนาหว้า", "นาหว้า", *SEED_SCORES]]
    row = only_row(load_files([("ita.xlsx", xlsx_bytes({"ITA 2567": rows}))]))
    assert row["agency"] == "เทศบาลตำบลนาหว้า" and row["district"] == "นาหว้า" and row["total"] == 80.0


def test_a_table_stacked_under_another_without_a_title_is_in_the_sheets_province_too():
    """'ผลการประเมิน ITA จังหวัดสกลนคร' over the municipalities' table, then the SAOs' table with a header of its own:
    the second table's agencies had no province."""
    rows = [["ผลการประเมิน ITA ประจำปี 2567 จังหวัดสกลนคร"], ["ชื่อเทศบาล", *INDICATOR_HEADERS]]
    rows += [["เทศบาลตำบลนาหว้า", *SEED_SCORES], [], ["ชื่อ อบต.", "อำเภอ", *INDICATOR_HEADERS]]
    rows += [["องค์การบริหารส่วนตำบลไร่", "พรรณานิคม", *SEED_SCORES]]
    result = load_files([("ita.xlsx", xlsx_bytes({"ITA": rows}))])
    assert result.valid.set_index("agency")["province"].to_dict() == {
        "เทศบาลตำบลนาหว้า": "สกลนคร",
        "องค์การบริหารส่วนตำบลไร่": "สกลนคร",
    }


def test_values_a_pdf_left_in_either_cell_under_a_merged_heading_are_that_headings():
    """A PDF converted to Excel: every heading merged over two columns, each value in its left or right cell. All
    agencies were refused ("indicator 1 has no score", pointing at the empty cell) with a false "second column" for
    each heading. Each value is read as the heading's above it, said once; two values under one heading are not
    guessed between (the left one, as before)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "ITA 2567"
    header = ["ชื่อหน่วยงาน", *INDICATOR_HEADERS, "คะแนนรวม"]
    ws.append([cell for h in header for cell in (h, None)])
    for k, name in enumerate(["เทศบาลตำบลพอกน้อย", "เทศบาลตำบลนาหัวบ่อ", "องค์การบริหารส่วนตำบลไร่"]):
        scores = [s - k for s in SEED_SCORES]
        cells = [name, None]
        for j, value in enumerate([*scores, None]):
            cells += [value, None] if (j + k) % 2 else [None, value]
        ws.append(cells)
    ws.cell(4, 3).value = 50.0  # the third agency's indicator 1 in both cells: the left one
    for c in range(1, 2 * len(header), 2):
        ws.merge_cells(start_row=1, start_column=c, end_row=1, end_column=c + 1)
    buffer = io.BytesIO()
    wb.save(buffer)
    result = load_files([("ita.xlsx", buffer.getvalue())])
    assert not result.has_errors and result.problems["severity"].eq("info").all(), result.problems
    got = result.valid.set_index("agency")
    for k, name in enumerate(["เทศบาลตำบลพอกน้อย", "เทศบาลตำบลนาหัวบ่อ", "องค์การบริหารส่วนตำบลไร่"]):
        want = [s - k for s in SEED_SCORES]
        want[0] = 50.0 if k == 2 else want[0]
        assert got.loc[name, [f"i{n}" for n in range(1, 11)]].tolist() == pytest.approx(want), name
    (said,) = problems_of(result, "values_drifted")["message_en"]
    assert said.startswith("Under headings merged over several cells (C1:D1, E1:F1,") and "14 values" in said


@pytest.mark.parametrize("type_merged_down", [False, True])
def test_a_name_written_in_two_cells_under_one_heading_is_one_name(type_merged_down):
    """'ชื่อหน่วยงาน' merged over two columns, the type in one and the place in the other ('เทศบาลตำบล | พอกน้อย'; the
    type merged down its agencies, or not): every agency was 'เทศบาลตำบล', and all were refused as one's copies."""
    wb = Workbook()
    ws = wb.active
    ws.title = "ITA 2567"
    ws.append(["ลำดับ", "ชื่อหน่วยงาน", None, "จังหวัด", *INDICATOR_HEADERS])
    names = [("เทศบาลตำบล", "พอกน้อย"), ("เทศบาลตำบล", "นาหัวบ่อ"), ("องค์การบริหารส่วนตำบล", "ไร่")]
    for k, (kind, place) in enumerate(names, 1):
        shown = None if type_merged_down and k == 2 else kind
        ws.append([k, shown, place, "สกลนคร", *[s - k for s in SEED_SCORES]])
    ws.merge_cells("B1:C1")
    if type_merged_down:
        ws.merge_cells("B2:B3")
    buffer = io.BytesIO()
    wb.save(buffer)
    result = load_files([("ita.xlsx", buffer.getvalue())])
    assert not result.has_errors
    assert result.valid["agency"].tolist() == ["เทศบาลตำบลพอกน้อย", "เทศบาลตำบลนาหัวบ่อ", "องค์การบริหารส่วนตำบลไร่"]
    assert result.valid["agency_type"].tolist() == ["เทศบาลตำบล", "เทศบาลตำบล", "องค์การบริหารส่วนตำบล"]
    (said,) = problems_of(result, "name_in_parts")["message_en"]
    assert "B–C" in said


def test_a_name_merged_over_its_headings_columns_or_under_sub_headings_is_not_joined():
    """A review: each name merged over B:C under 'ชื่อหน่วยงาน' merged over B:C was doubled
    ('เทศบาลตำบลพอกน้อยเทศบาลตำบลพอกน้อย'); under the sub-headings 'ชื่อ | อำเภอ' glued to its district."""
    wb = Workbook()
    ws = wb.active
    ws.title = "ITA 2567"
    ws.append(["ลำดับ", "ชื่อหน่วยงาน", None, *INDICATOR_HEADERS])
    ws.append([1, "เทศบาลตำบลพอกน้อย", None, *SEED_SCORES])
    ws.merge_cells("B1:C1")
    ws.merge_cells("B2:C2")
    buffer = io.BytesIO()
    wb.save(buffer)
    merged = load_files([("ita.xlsx", buffer.getvalue())])
    assert merged.valid["agency"].tolist() == ["เทศบาลตำบลพอกน้อย"] and problems_of(merged, "name_in_parts").empty
    ws.insert_rows(2)
    ws["B2"], ws["C2"] = "ชื่อ", "อำเภอ"
    buffer = io.BytesIO()
    wb.save(buffer)
    headed = load_files([("ita.xlsx", buffer.getvalue())])
    assert "เทศบาลตำบลพอกน้อยพรรณานิคม" not in set(headed.table["agency"]) and problems_of(headed, "name_in_parts").empty


def grouped_workbook(merged: bool) -> bytes:
    """Agencies of two provinces, of one name in both, under a heading row per province (merged across the table,
    or written in the name column); one agency not assessed, its reason merged across its indicators."""
    wb = Workbook()
    ws = wb.active
    ws.title = "ITA 2567"
    ws.append(["ลำดับ", "ชื่อ อปท.", "อำเภอ", *INDICATOR_HEADERS])
    for province, shift in (("จังหวัดสกลนคร", 0.0), ("จังหวัดนครพนม", -1.0)):
        ws.append([province] if merged else [None, province])
        if merged:
            ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=13)
        ws.append([1, "เทศบาลตำบลนาแก", "นาแก", *[s + shift for s in SEED_SCORES]])
    ws.append([2, "องค์การบริหารส่วนตำบลนาคู่", "นาแก", "ไม่ได้เข้ารับการประเมิน (ยุบรวมกับเทศบาลตำบลนาแก)"])
    ws.merge_cells(start_row=ws.max_row, start_column=4, end_row=ws.max_row, end_column=13)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("merged", [True, False], ids=["merged", "in-the-name-column"])
def test_a_heading_row_per_province_gives_the_agencies_under_it_their_province(merged):
    """'จังหวัดสกลนคร' over its agencies, then 'จังหวัดนครพนม' over its own: a person reads each agency's province. The
    headings were skipped ("a group heading?", or 10 "not a number" errors when merged), and the namesakes of the two
    provinces refused as one agency's conflicting copies. A reason in brackets after 'ไม่ได้เข้ารับการประเมิน' is still
    not being assessed, not ten errors."""
    result = load_files([("ita.xlsx", grouped_workbook(merged))])
    assert not result.has_errors, result.problems.loc[result.problems["severity"] == "error", "message_en"].tolist()
    assert sorted(zip(result.valid["agency"], result.valid["province"], strict=True)) == [
        ("เทศบาลตำบลนาแก", "นครพนม"),
        ("เทศบาลตำบลนาแก", "สกลนคร"),
    ]
    assert (result.problems["severity"] != "warning").all(), result.problems["message_en"].tolist()
    assert problems_of(result, "row_not_assessed")["row"].tolist() == [6]


def test_a_sheet_that_continues_the_one_before_without_a_header_is_read_with_its_header():
    """'ITA 2567 (1)' with a header and five agencies, 'ITA 2567 (2)' with the next three and no header: three of
    eight agencies were lost, the second sheet's first row called "a table's header". A sheet of its own after it (a
    header of words, then numbers) borrows nothing."""
    header = ["ลำดับ", "ชื่อหน่วยงาน", "จังหวัด", *INDICATOR_HEADERS]
    first = [header, *[[k, f"เทศบาลตำบลที่{k}", "สกลนคร", *SEED_SCORES] for k in range(1, 3)]]
    second = [[k, f"เทศบาลตำบลที่{k}", "สกลนคร", *SEED_SCORES] for k in range(3, 5)]
    other = [["ลำดับ", "หน่วยงาน", "จำนวนผู้ตอบ", "ร้อยละ", "หมายเหตุ"], *[[k, f"ก{k}", 30, 88.5, ""] for k in range(3)]]
    sheets = {"ITA 2567 (1)": first, "ITA 2567 (2)": second, "ผู้ตอบ": other}
    result = load_files([("ita.xlsx", xlsx_bytes(sheets))])
    assert not result.has_errors
    got = result.valid.set_index("agency")
    assert sorted(got.index) == [f"เทศบาลตำบลที่{k}" for k in range(1, 5)]
    assert got.loc["เทศบาลตำบลที่3", ["source_sheet", "source_row"]].tolist() == ["ITA 2567 (2)", 1]  # its own row
    (said,) = problems_of(result, "continues_sheet")[["sheet", "message_en"]].values.tolist()
    assert said[0] == "ITA 2567 (2)" and "ITA 2567 (1)" in said[1]
    # What the borrowed header gives ('ลำดับ' kept unused) is the sheet before's, said there: never at the continuing
    # sheet, whose A1 is an agency's number.
    continuing = result.problems.loc[result.problems["sheet"] == "ITA 2567 (2)", "message_en"]
    assert not continuing.str.contains('A1 "').any(), continuing.tolist()
    assert result.problems["message_en"].str.contains('A1 "ลำดับ"').sum() == 1
    # A third part continues the second; the year only in the first sheet's title is theirs too (a review).
    parts = {
        "Sheet1": [["ผลการประเมิน ITA ปี 2567"], *first],
        "Sheet2": second,
        "Sheet3": [[k, f"เทศบาลตำบลที่{k}", "สกลนคร", *SEED_SCORES] for k in range(5, 7)],
    }
    three = load_files([("ita.xlsx", xlsx_bytes(parts))])
    assert not three.has_errors and sorted(three.valid["agency"]) == [f"เทศบาลตำบลที่{k}" for k in range(1, 7)]
    assert set(three.valid["year"]) == {2567} and "year you gave" not in " ".join(three.problems["message_en"])


def test_footnote_marks_on_names_scores_and_headings_are_read_past():
    """Marks as Thai forms and PDFs write them: a superscript ('88.6¹', 'ตัวชี้วัดที่ 9¹', 'เทศบาลตำบลสว่าง¹') and
    '1/' or 'ก/' after a space ('93.47 1/', 'คะแนนรวม 3/', '…ไร่ 1/'). Such scores were refused as not numbers, the
    heading unknown (the file refused), and a marked name a new agency."""
    header = ["ชื่อหน่วยงาน", *INDICATOR_HEADERS[:8], "ตัวชี้วัดที่ 9¹", INDICATOR_HEADERS[9], "คะแนนรวม 3/"]
    marked = [f"{SEED_SCORES[0]}¹", f"{SEED_SCORES[1]} 1/", f"{SEED_SCORES[2]} ก/", *SEED_SCORES[3:]]
    rows = [header, ["องค์การบริหารส่วนตำบลไร่ 1/", *marked, 80.0], ["เทศบาลตำบลสว่าง¹", *SEED_SCORES, 80.0]]
    rows += [["เทศบาลตำบลนาหว้า **", *SEED_SCORES, 80.0]]
    clean = [["ชื่อหน่วยงาน", *INDICATOR_HEADERS], ["องค์การบริหารส่วนตำบลไร่", *SEED_SCORES]]
    result = load_files(
        [("marks.xlsx", xlsx_bytes({"ITA 2567": rows})), ("clean.xlsx", xlsx_bytes({"ITA 2566": clean}))]
    )
    assert not result.has_errors, result.problems["message_en"].tolist()
    got = result.valid.set_index(["agency", "year"])
    assert sorted(got.index) == [
        ("องค์การบริหารส่วนตำบลไร่", 2566),
        ("องค์การบริหารส่วนตำบลไร่", 2567),
        ("เทศบาลตำบลนาหว้า", 2567),
        ("เทศบาลตำบลสว่าง", 2567),
    ]
    assert got["agency_key"].nunique() == 3 and (got["total"] == 80.0).all()
    assert got.xs(2567, level="year")["reported_total"].tolist() == [80.0] * 3  # 'คะแนนรวม 3/' is the total
    said = problems_of(result, "number_with_mark")
    assert said[["row", "column"]].values.tolist() == [[2, "B"], [2, "C"], [2, "D"]]


def sub_columns_workbook(words: list[str], values, csv: bool = False) -> tuple[str, bytes]:
    """Two agencies of 2566 under 'ชื่อหน่วยงาน' and ten indicator headings, each merged over one column per word
    of ``words`` ('คะแนนเต็ม | คะแนนที่ได้'), in the row under them; ``values(k, score)``: the cells of indicator k of
    an agency whose score is ``score``. ``csv``: the same as a CSV (a heading written once, on the left)."""
    width = len(words)
    top = ["ชื่อหน่วยงาน", *[h if j == 0 else "" for h in INDICATOR_HEADERS for j in range(width)]]
    rows = [top, ["", *words * 10]]
    for name, shift in (("เทศบาลตำบลนาหว้า", 0.0), ("เทศบาลตำบลพอกน้อย", -1.0)):
        rows.append([name, *[v for k, s in enumerate(SEED_SCORES, 1) for v in values(k, s + shift)]])
    if csv:
        text = "\n".join(",".join(str(c) for c in row) for row in rows)
        return "sub.csv", text.encode("utf-8")
    wb = Workbook()
    ws = wb.active
    ws.title = "ITA 2566"
    for row in rows:
        ws.append(row)
    for k in range(10):
        first = 2 + k * width
        ws.merge_cells(start_row=1, start_column=first, end_row=1, end_column=first + width - 1)
    ws.merge_cells("A1:A2")
    buffer = io.BytesIO()
    wb.save(buffer)
    return "sub.xlsx", buffer.getvalue()


WEIGHTS = [6, 6, 6, 6, 6, 10, 10, 10, 20, 20]


@pytest.mark.parametrize(
    ("words", "values"),
    [
        (["คะแนนเต็ม", "คะแนนที่ได้"], lambda k, s: [100, s]),
        (["น้ำหนัก (%)", "คะแนน", "คะแนนถ่วงน้ำหนัก"], lambda k, s: [WEIGHTS[k - 1], s, round(s * WEIGHTS[k - 1] / 100, 2)]),
        (["ปีที่แล้ว", "ปีนี้"], lambda k, s: [s - 3, s]),
        (["ก่อนอุทธรณ์", "หลังอุทธรณ์"], lambda k, s: [s - 5, s]),
        (["ระดับ", "คะแนน"], lambda k, s: ["ดี", s]),
        (["คะแนนถ่วงน้ำหนัก", "คะแนน (เต็ม 100)"], lambda k, s: [round(s * WEIGHTS[k - 1] / 100, 2), s]),
    ],
    ids=["full-marks", "weight-score-weighted", "last-year", "appeal", "level-first", "weighted-first"],
)
@pytest.mark.parametrize("csv", [False, True], ids=["xlsx", "csv"])
def test_an_indicators_heading_over_sub_columns_is_read_from_the_one_that_holds_its_score(words, values, csv):
    """'ตัวชี้วัดที่ 1' merged over 'คะแนนเต็ม | คะแนนที่ได้' (or a weight, last year's, before the appeal, the level):
    a person reads the score. The left column was read: full marks made every agency 100.00 ผ่านดีเยี่ยม, with only
    warnings; the weights became scores. The row naming the columns is the header's, not a row of errors."""
    name, data = sub_columns_workbook(words, values, csv)
    result = load_files([(name, data, 2566)])
    assert not result.has_errors, result.problems.loc[result.problems["severity"] == "error", "message_en"].tolist()
    got = result.valid.set_index("agency")
    assert [got.loc["เทศบาลตำบลนาหว้า", f"i{k}"] for k in range(1, 11)] == SEED_SCORES
    assert [got.loc["เทศบาลตำบลพอกน้อย", f"i{k}"] for k in range(1, 11)] == [s - 1 for s in SEED_SCORES]
    assert len(problems_of(result, "sub_column_not_score")) == 10 * (len(words) - 1)
    assert (result.problems["severity"] != "warning").all(), result.problems["message_en"].tolist()


def test_a_csvs_first_row_of_scores_is_never_taken_for_sub_headings():
    """A review: every CSV cell is text, so a first row of scores was read as the sub-columns' names beside an
    unheaded column, and that agency was dropped."""
    header = ",".join(["ชื่อหน่วยงาน", *INDICATOR_HEADERS, ""])
    for last, i10 in ((["2567"] * 3, None), (["ผ่าน", "ผ่าน", "ผ่านดี"], 100.0)):  # a year; remarks, i10 all 100
        rows = []
        for k in range(1, 4):
            scores = [s - k for s in SEED_SCORES[:9]] + [i10 if i10 is not None else SEED_SCORES[9] - k]
            rows.append(",".join([f"เทศบาลตำบลที่{k}", *map(str, scores), last[k - 1]]))
        result = load_files([("ita.csv", "\n".join([header, *rows]).encode("utf-8"), 2567)])
        assert sorted(result.valid["agency"]) == [f"เทศบาลตำบลที่{k}" for k in range(1, 4)], last
        assert problems_of(result, "sub_column_not_score").empty


def test_this_years_column_at_one_number_throughout_is_still_this_years():
    """A review: 'ปีที่แล้ว | ปีนี้' with every agency at 100 this year: the 'one number in every row' rule took
    last year's column."""
    name, data = sub_columns_workbook(["ปีที่แล้ว", "ปีนี้"], lambda k, s: [s - 3, 100.0 if k == 10 else s])
    got = load_files([(name, data, 2566)]).valid.set_index("agency")
    assert got.loc["เทศบาลตำบลนาหว้า", "i10"] == 100.0 and got.loc["เทศบาลตำบลนาหว้า", "i1"] == SEED_SCORES[0]


@pytest.mark.parametrize("header", [["ตัวชี้วัด", "คะแนนปีที่แล้ว", "คะแนนปีนี้", "ผลต่าง"], ["ตัวชี้วัด", "ค่าเป้าหมาย", "คะแนนที่ได้"]])
def test_one_agencys_table_of_last_year_and_this_year_is_read_from_this_years_column(header):
    """'ตัวชี้วัด | คะแนนปีที่แล้ว | คะแนนปีนี้ | ผลต่าง' under a 2567 title: last year's column was stored as 2567."""
    rows = [["ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2567"], ["หน่วยงาน: เทศบาลตำบลพอกน้อย"], header]
    rows += [[h, s - 4, s, 4.0][: len(header)] for h, s in zip(INDICATOR_HEADERS, SEED_SCORES, strict=True)]
    row = only_row(load_files([("one.xlsx", xlsx_bytes({"ผล": rows}))]))
    assert [row[f"i{k}"] for k in range(1, 11)] == SEED_SCORES and row["year"] == 2567


def test_a_long_table_names_the_row_whose_indicator_it_does_not_know_even_the_first():
    names = ["ปฏิบัติหน้าที่", *NAMES[1:]]  # the first without its "การ", as people type it: still indicator 1
    rows = [["หน่วยงาน", "ปีงบประมาณ", "ตัวชี้วัด", "คะแนน"]]
    rows += [["ก", 2563, name, score] for name, score in zip(names, SEED_SCORES, strict=True)]
    result = load_files([("long.xlsx", xlsx_bytes({"ITA 2563": rows}))])
    assert [result.valid.iloc[0][f"i{k}"] for k in range(1, 11)] == SEED_SCORES
    rows[1][2] = "ความโปร่งใส"  # not an indicator at all
    result = load_files([("long.xlsx", xlsx_bytes({"ITA 2563": rows}))])
    unknown = problems_of(result, "unknown_indicator")
    assert unknown[["row", "column"]].values.tolist() == [[2, "C"]], result.problems


def year_block_workbook(first: list, second: list) -> bytes:
    """Two blocks of ten indicators under 'ปีงบประมาณ พ.ศ. 2565' and '... 2566', each merged over its block."""
    wb = Workbook()
    ws = wb.active
    ws.title = "เปรียบเทียบ"
    ws.append(["ชื่อหน่วยงาน", "ปีงบประมาณ พ.ศ. 2565", *[None] * 9, "ปีงบประมาณ พ.ศ. 2566"])
    ws.append([None, *INDICATOR_HEADERS, *INDICATOR_HEADERS])
    ws.append(["ก", *first, *second])
    for cells in ("A1:A2", "B1:K1", "L1:U1"):
        ws.merge_cells(cells)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_a_block_of_columns_per_year_gives_a_record_per_agency_and_year():
    later = [s + 1 for s in SEED_SCORES]
    result = load_files([("years.xlsx", year_block_workbook(SEED_SCORES, later))])
    got = result.valid.sort_values("year")
    assert got["year"].tolist() == [2565, 2566] and got["agency"].tolist() == ["ก", "ก"]
    assert [got.iloc[1][f"i{k}"] for k in range(1, 11)] == later
    assert problems_of(result, "duplicate_column").empty
    # A cell of the second block that cannot be read is named at its own cell (column N: 2566's indicator 3).
    result = load_files([("years.xlsx", year_block_workbook(SEED_SCORES, [*later[:2], "ดีมาก", *later[3:]]))])
    bad = result.problems.loc[result.problems["severity"] == "error"]
    assert bad[["row", "column"]].values.tolist() == [[3, "N"]], bad
    assert result.valid["year"].tolist() == [2565]


def years_under_indicators_workbook(rows: list[list], merged: bool) -> bytes:
    """Each indicator's header over two columns, '2565 | 2566' in the row under it, then a total per year; the
    name's header over both rows. ``merged``: the headers are merged cells (else written once, on the left)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "ผลรายปี"
    ws.append(["ชื่อหน่วยงาน", *[v for h in [*INDICATOR_HEADERS, "คะแนนรวม"] for v in (h, None)]])
    ws.append([None, *[2565, 2566] * 11])
    for row in rows:
        ws.append(row)
    for k in range(11) if merged else ():
        ws.merge_cells(start_row=1, start_column=2 + 2 * k, end_row=1, end_column=3 + 2 * k)
    if merged:
        ws.merge_cells("A1:A2")
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("merged", [True, False], ids=["merged", "written-once"])
def test_the_years_under_each_indicator_give_a_record_per_agency_and_year(merged):
    """Before, the second column of each indicator was a duplicate kept unused and the row of years a row without a
    name: nothing loaded (or, with a year in the sheet's name, 2565's scores as that year's)."""
    later = [round(s + 1, 2) for s in SEED_SCORES]
    pairs = [v for pair in zip(SEED_SCORES, later, strict=True) for v in pair]
    rows = [["ก", *pairs, 80.0, 81.0], ["ข", *pairs[:5], "ดีมาก", *pairs[6:], 80.0, 81.0]]
    result = load_files([("years-under.xlsx", years_under_indicators_workbook(rows, merged))])
    got = result.valid.sort_values(["year", "agency"])
    assert list(zip(got["agency"], got["year"], strict=True)) == [("ก", 2565), ("ข", 2565), ("ก", 2566)]
    assert [got.iloc[2][f"i{k}"] for k in range(1, 11)] == later and got["total"].tolist() == [80.0, 80.0, 81.0]
    errors = result.problems.loc[result.problems["severity"] == "error"]
    assert errors[["row", "column"]].values.tolist() == [[4, "G"]], errors  # ข's 2566 indicator 3, at its cell
    assert problems_of(result, "duplicate_column").empty and problems_of(result, "total_mismatch").empty


@pytest.mark.parametrize("change", ["+/-", "ผลต่าง", "เพิ่ม/ลด"])
def test_a_change_column_beside_each_indicators_years_is_no_score(change):
    """'ตัวชี้วัดที่ 1' merged over '2566 | 2567 | +/-': the third column is the change between the years. Before, the
    whole table was refused ('No fiscal year found'), or, under a title naming the years, read as 2566 only, with 22
    warnings and the row of years as an agency."""
    wb = Workbook()
    ws = wb.active
    ws.title = "เปรียบเทียบ"
    ws.append(["ชื่อหน่วยงาน", *[v for h in INDICATOR_HEADERS for v in (h, None, None)]])
    ws.append([None, *["2566", "2567", change] * 10])
    later = [round(s + 1, 2) for s in SEED_SCORES]
    ws.append(["เทศบาลตำบลพอกน้อย", *[v for a, b in zip(SEED_SCORES, later, strict=True) for v in (a, b, 1.0)]])
    for k in range(10):
        ws.merge_cells(start_row=1, start_column=2 + 3 * k, end_row=1, end_column=4 + 3 * k)
    buffer = io.BytesIO()
    wb.save(buffer)
    result = load_files([("change.xlsx", buffer.getvalue())])
    got = result.valid.sort_values("year")
    assert got["year"].tolist() == [2566, 2567] and result.problems["severity"].ne("error").all()
    assert [got.iloc[1][f"i{k}"] for k in range(1, 11)] == later
    assert not result.problems["severity"].eq("warning").any(), result.problems


def test_tables_stacked_down_a_sheet_are_read_each_with_its_own_year():
    """One table per year under its own title, one below the other; before, the second header was read as a row of
    unreadable scores and both years' agencies as one year's conflicting duplicates."""
    later = [s + 1 for s in SEED_SCORES]
    rows = [
        ["ผลการประเมิน ITA ปี 2565"],
        ["ชื่อหน่วยงาน", *INDICATOR_HEADERS],
        ["ก", *SEED_SCORES],
        ["ข", *SEED_SCORES],
        [],
        ["ผลการประเมิน ITA ปี 2566"],
        ["ชื่อหน่วยงาน", *INDICATOR_HEADERS],
        ["ก", *later],
        ["ข", *later[:2], "ดีมาก", *later[3:]],
    ]
    result = load_files([("stacked.xlsx", xlsx_bytes({"ผลการประเมิน": rows}))])
    got = result.valid.sort_values(["year", "agency"])
    assert list(zip(got["agency"], got["year"], strict=True)) == [("ก", 2565), ("ข", 2565), ("ก", 2566)]
    assert [got.iloc[2][f"i{k}"] for k in range(1, 11)] == later
    errors = result.problems.loc[result.problems["severity"] == "error"]
    assert errors[["row", "column"]].values.tolist() == [[9, "D"]], errors  # the one bad cell, at its own cell
    said = problems_of(result, "stacked_tables")
    assert len(said) == 1 and "2, 7" in said["message_th"].iloc[0] and "2565, 2566" in said["message_th"].iloc[0]
    assert problems_of(result, "row_without_scores").empty  # the second title is a title, not a row


def test_each_stacked_tables_total_headed_with_its_year_is_its_own():
    rows = [
        ["ผลการประเมิน ITA ปี 2565"],
        ["ชื่อหน่วยงาน", *INDICATOR_HEADERS, "คะแนน ITA ปี 2565"],
        ["ก", *SEED_SCORES, 80.0],
    ]
    rows += [[], ["ผลการประเมิน ITA ปี 2566"], ["ชื่อหน่วยงาน", *INDICATOR_HEADERS, "คะแนน ITA ปี 2566"]]
    rows += [["ก", *SEED_SCORES, 95.0]]
    result = load_files([("stacked.xlsx", xlsx_bytes({"ผล": rows}))])
    assert problems_of(result, "total_mismatch")[["row", "column"]].values.tolist() == [[7, "L"]]
    assert problems_of(result, "columns_kept_unused").empty


def test_a_header_repeated_on_each_printed_page_continues_the_table():
    """The header written again every page, with no title of its own: one table, the year of the title above it
    (or, with no title at all, of the sheet's name)."""
    page = [["ชื่อหน่วยงาน", *INDICATOR_HEADERS], ["ก", *SEED_SCORES], ["ข", *SEED_SCORES]]
    again = [["ชื่อหน่วยงาน", *INDICATOR_HEADERS], ["ค", *SEED_SCORES]]
    result = load_files([("printed.xlsx", xlsx_bytes({"ผล": [["ผลการประเมิน ITA ประจำปี 2564"], *page, *again]}))])
    assert sorted(result.valid["agency"]) == ["ก", "ข", "ค"] and set(result.valid["year"]) == {2564}
    assert (result.problems["severity"] == "error").sum() == 0, result.problems
    result = load_files([("printed.xlsx", xlsx_bytes({"ITA 2563": [*page, *again, *again]}))])
    assert sorted(result.valid["agency"]) == ["ก", "ข", "ค"] and set(result.valid["year"]) == {2563}
    assert (result.problems["severity"] == "error").sum() == 0, result.problems


def tools_under_a_merged_header(sub: list[str], values: list) -> bytes:
    """A two-row header: the indicators, then each tool merged over two columns ``sub`` ('คะแนน | ระดับ'), then
    'คะแนนรวม' and 'ระดับ' merged down both rows."""
    wb = Workbook()
    ws = wb.active
    ws.title = "ITA 2563"
    ws.append(["ชื่อหน่วยงาน", "คะแนนรายตัวชี้วัด", *[None] * 9, "IIT", None, "EIT", None, "OIT", None, "คะแนนรวม", "ระดับ"])
    ws.append([None, *INDICATOR_HEADERS, *sub * 3, None, None])
    for cells in ("A1:A2", "B1:K1", "L1:M1", "N1:O1", "P1:Q1", "R1:R2", "S1:S2"):
        ws.merge_cells(cells)
    ws.append(["ก", *SEED_SCORES, *values, 80.00, "B"])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


TOOLS = [79.17, 75.80, 83.78]  # IIT, EIT, OIT of the seed scores (means 0-100)


def test_a_score_under_a_tools_merged_header_is_that_tools_not_the_total():
    """'คะแนน' under 'IIT' is IIT's score; before, it was read as the table's total (a false mismatch) and the real
    total column as a duplicate of it."""
    iit, eit, oit = TOOLS
    result = load_files(
        [("tools.xlsx", tools_under_a_merged_header(["คะแนน", "ระดับ"], [iit, "B", eit, "C", oit, "A"]))]
    )
    assert result.valid["total"].tolist() == [80.0]
    assert (result.problems["severity"] != "info").sum() == 0, result.problems
    unused = problems_of(result, "columns_kept_unused")["message_th"].iloc[0]
    assert 'M2 "ระดับ"' in unused and "L2" not in unused  # a tool's grade is kept, not taken for the table's
    # The tool's score is checked where it is: a wrong EIT is named at its own cell.
    wrong = tools_under_a_merged_header(["คะแนน", "ระดับ"], [iit, "B", 70.0, "C", oit, "A"])
    said = problems_of(load_files([("tools.xlsx", wrong)]), "tool_mismatch")
    assert said[["row", "column"]].values.tolist() == [[3, "N"]], said


def test_a_title_that_names_the_tools_above_the_header_is_over_no_tool():
    """Found in review: 'สรุปผลการประเมิน ITA (IIT EIT OIT)' merged over the row above the header made the total
    column EIT's score (a false mismatch, and the published total unchecked)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "ITA 2563"
    ws.append(["สรุปผลการประเมิน ITA (IIT EIT OIT) ประจำปีงบประมาณ พ.ศ. 2563"])
    ws.append(["ชื่อหน่วยงาน", *INDICATOR_HEADERS, "คะแนนรวม", "ระดับ"])
    ws.append(["ก", *SEED_SCORES, 80.0, "C"])
    ws.merge_cells("A1:M1")
    buffer = io.BytesIO()
    wb.save(buffer)
    result = load_files([("title.xlsx", buffer.getvalue())])
    assert result.valid["reported_total"].tolist() == [80.0] and problems_of(result, "tool_mismatch").empty
    assert problems_of(result, "grade_mismatch")["column"].tolist() == ["M"]


def test_a_tools_full_marks_are_not_its_score_and_both_scales_are_read():
    iit, eit, oit = TOOLS
    points = [round(iit * 0.3, 2), round(eit * 0.3, 2), round(oit * 0.4, 2)]
    full = [30, points[0], 30, points[1], 40, points[2]]  # 'คะแนนเต็ม | คะแนนที่ได้': the full marks are no score
    result = load_files([("tools.xlsx", tools_under_a_merged_header(["คะแนนเต็ม", "คะแนนที่ได้"], full))])
    assert (result.problems["severity"] != "info").sum() == 0, result.problems
    assert len(problems_of(result, "tool_scale_points")) == 3
    both = [iit, points[0], eit, points[1], oit, points[2]]  # 'ร้อยละ | คะแนนถ่วงน้ำหนัก': one score, two scales
    result = load_files([("tools.xlsx", tools_under_a_merged_header(["ร้อยละ", "คะแนนถ่วงน้ำหนัก"], both))])
    assert (result.problems["severity"] != "info").sum() == 0, result.problems
    other = problems_of(result, "tool_other_scale")
    assert other["column"].tolist() == ["M", "O", "Q"] and "IIT" in other["message_en"].iloc[0]


def test_a_total_headed_with_the_sheets_year_is_the_total_and_another_years_is_not():
    """'คะแนน ITA ปี 2565' on a sheet of 2565 is its published total (checked against the computed one); last year's
    beside it is kept, not used."""
    heads = ["ชื่อหน่วยงาน", *INDICATOR_HEADERS, "คะแนน ITA ปี 2564", "คะแนน ITA ปี 2565", "ระดับ พ.ศ. ๒๕๖๕"]
    rows = [["ผลการประเมิน ITA ประจำปีงบประมาณ 2565"], heads, ["ก", *SEED_SCORES, 70.10, 79.90, "C"]]
    result = load_files([("years.xlsx", xlsx_bytes({"ผล": rows}))])
    assert problems_of(result, "total_mismatch")["column"].tolist() == ["M"]  # 79.90 against 80.00, at its cell
    assert problems_of(result, "grade_mismatch")["column"].tolist() == ["N"]
    assert 'L2 "คะแนน ITA ปี 2564"' in problems_of(result, "columns_kept_unused")["message_en"].iloc[0]
    # Indicators headed with years too: which total goes with which is unsure, so none is checked (found in review).
    heads = [f"ตัวชี้วัดที่ {k} ปี 2565" for k in range(1, 11)] + ["คะแนน ITA ปี 2565", "คะแนน ITA ปี 2566"]
    rows = [["ชื่อหน่วยงาน", *heads], ["ก", *SEED_SCORES, 80.0, 90.0]]
    result = load_files([("years.xlsx", xlsx_bytes({"ITA 2566": rows}))])
    assert problems_of(result, "total_mismatch").empty


def test_sub_indicator_columns_and_rows_are_kept_but_never_taken_for_their_indicator():
    """'9.1 ข้อมูลพื้นฐาน' is an item of indicator 9 (the OIT checklist), not indicator 9. Before, the first such column
    was read as indicator 9 (100 points instead of 80.06: 80.00 B became 86.49 A) and the real column as a duplicate."""
    subs = ["9.1 ข้อมูลพื้นฐาน", "9.2 การบริหารงาน", "10.1 การดำเนินการเพื่อป้องกันการทุจริต"]
    heads = ["ชื่อหน่วยงาน", *INDICATOR_HEADERS[:8], *subs, *INDICATOR_HEADERS[8:], "คะแนนรวม"]
    rows = [heads, ["ก", *SEED_SCORES[:8], 100, 50, 75, *SEED_SCORES[8:], 80.00]]
    result = load_files([("subs.xlsx", xlsx_bytes({"ITA 2563": rows}))])
    got = result.valid.iloc[0]
    assert (got["i9"], got["i10"], got["total"], got["grade"]) == (80.06, 87.50, 80.0, "B")
    assert (result.problems["severity"] != "info").sum() == 0, result.problems
    kept = problems_of(result, "sub_indicators_kept")["message_en"].iloc[0]
    assert 'J1 "9.1 ข้อมูลพื้นฐาน"' in kept and "L1" in kept
    assert problems_of(result, "columns_kept_unused").empty
    # One agency's 'label | score' rows: a sub-indicator's row is said as such, not as an unknown indicator.
    lines = [["หน่วยงาน: ก"], *([f"{k}. {n}", v] for k, (n, v) in enumerate(zip(NAMES, SEED_SCORES, strict=True), 1))]
    lines.insert(11, ["9.1 ข้อมูลพื้นฐาน", 100])
    result = load_files([("single.xlsx", xlsx_bytes({"ITA 2563": lines}))])
    assert result.valid["total"].tolist() == [80.0] and problems_of(result, "unknown_indicator").empty
    assert problems_of(result, "sub_indicator_row")["row"].tolist() == [12]


def test_one_column_of_fractions_beside_scores_out_of_100_is_read_out_of_100():
    """OIT's two columns pasted from a sheet formatted as percentages (0.8006 beside 83.65). Before, they were read
    as 0.8 points: 80.00 B became 46.83 F, without a word when the file had no total."""
    rows = [["ชื่อหน่วยงาน", *INDICATOR_HEADERS], ["ก", *SEED_SCORES[:8], 0.8006, 0.875], ["ข", *SEED_SCORES[:8], 0.9, 1]]
    result = load_files([("mixed.xlsx", xlsx_bytes({"ITA 2563": rows}))])
    got = result.valid.set_index("agency")
    assert (got.loc["ก", "i9"], got.loc["ก", "total"], got.loc["ก", "grade"]) == (80.06, 80.0, "B")
    assert got.loc["ข", "i10"] == 100
    said = problems_of(result, "column_as_fractions")
    assert said[["row", "column"]].values.tolist() == [[2, "J"], [2, "K"]]
    assert "0.8006" in said["message_en"].iloc[0] and "80.06" in said["message_en"].iloc[0]
    assert problems_of(result, "scores_as_fractions").empty


def test_a_row_of_weights_under_the_header_is_part_of_the_header():
    """'(6%) … (20%)' under the indicators: before, 11 errors (a row of scores without a name, each cell not a
    number) for a row that is the header's second line. A nameless row of scores typed as text stays an error."""
    weights = ["(6%)"] * 5 + ["(10%)"] * 3 + ["(20%)"] * 2
    rows = [["ชื่อหน่วยงาน", *INDICATOR_HEADERS, "คะแนนรวม"], [None, *weights, "(100)"], ["ก", *SEED_SCORES, 80.0]]
    result = load_files([("weights.xlsx", xlsx_bytes({"ITA 2563": rows}))])
    assert result.valid["total"].tolist() == [80.0] and (result.problems["severity"] != "info").sum() == 0
    assert problems_of(result, "units_row")["row"].tolist() == [2]
    rows[1] = [None, *[f"{s}" for s in SEED_SCORES], "80"]
    result = load_files([("weights.xlsx", xlsx_bytes({"ITA 2563": rows}))])
    assert problems_of(result, "agency_missing")["row"].tolist() == [2] and problems_of(result, "units_row").empty


def test_a_table_of_tool_scores_without_indicators_says_what_is_missing():
    rows = [["หน่วยงาน", "IIT (30)", "EIT (30)", "OIT (40)", "คะแนนรวม", "ระดับ"], ["ก", 23.75, 22.74, 33.51, 80.0, "B"]]
    result = load_files([("tools.xlsx", xlsx_bytes({"ITA 2563": rows}))])
    said = problems_of(result, "sheet_tools_only")
    assert said["row"].tolist() == [1] and "ตัวชี้วัดที่ 1" in said["message_th"].iloc[0]
    assert problems_of(result, "sheet_no_scores").empty and result.valid.empty


def test_a_date_or_a_note_between_repeated_headers_is_no_tables_year():
    """Found in review: a page footer's date ('พิมพ์เมื่อ 15 ตุลาคม 2565') gave the next page's agencies its year."""
    page = [["ชื่อหน่วยงาน", *INDICATOR_HEADERS], ["ก", *SEED_SCORES]]
    rows = [*page, ["พิมพ์เมื่อ 15 ตุลาคม 2565  หน้า 1/2"], *page[:1], ["ข", *SEED_SCORES]]
    result = load_files([("printed.xlsx", xlsx_bytes({"ITA 2564": rows}))])
    assert set(result.valid["year"]) == {2564} and len(result.valid) == 2
    rows[2] = ["หมายเหตุ: ข้อมูลเปรียบเทียบกับปี 2563"]  # a year that is no date: read, but said against the sheet's
    result = load_files([("printed.xlsx", xlsx_bytes({"ITA 2564": rows}))])
    said = problems_of(result, "stacked_year_differs")
    assert said["row"].tolist() == [4] and "2563" in said["message_en"].iloc[0] and "2564" in said["message_en"].iloc[0]


def test_the_indicators_names_under_their_numbers_are_the_headers_second_line():
    """Found in review: 'ตัวชี้วัดที่ 1..10' and then the indicators' names (not merged) were read as two stacked
    tables, and every agency's name was lost."""
    rows = [["ชื่อหน่วยงาน", *INDICATOR_HEADERS], ["", *NAMES], ["ก", *SEED_SCORES], ["ข", *SEED_SCORES[:9], 90.0]]
    result = load_files([("two-lines.xlsx", xlsx_bytes({"ITA 2563": rows}))])
    assert result.valid["agency"].tolist() == ["ก", "ข"] and (result.problems["severity"] == "error").sum() == 0
    assert problems_of(result, "units_row")["row"].tolist() == [2] and problems_of(result, "stacked_tables").empty


def test_a_table_of_provinces_without_an_agency_column_scores_each_province():
    """ITA-DOMAIN.md section 6: 'จังหวัด | ปีงบประมาณ | ตัวชี้วัดที่ 1..10 | คะแนน ITA', the province merged over its
    two years' rows."""
    wb = Workbook()
    ws = wb.active
    ws.title = "จังหวัด"
    ws.append(["ผลการประเมิน ITA รายจังหวัด"])
    ws.append(["จังหวัด", "ปีงบประมาณ", *INDICATOR_HEADERS, "คะเเนน ITA"])
    ws.append(["สกลนคร", 2566, *SEED_SCORES, 80.00])
    ws.append([None, 2565, *SEED_SCORES, 80.00])
    ws.merge_cells("A3:A4")
    buffer = io.BytesIO()
    wb.save(buffer)
    result = load_files([("provinces.xlsx", buffer.getvalue())])
    got = result.valid.sort_values("year")
    assert got["agency"].tolist() == ["จังหวัดสกลนคร"] * 2 and got["year"].tolist() == [2565, 2566]
    assert set(got["agency_type"]) == {"จังหวัด"} and set(got["province"]) == {"สกลนคร"}
    said = problems_of(result, "agency_from_province")
    assert len(said) == 1 and said["column"].iloc[0] == "A" and "จังหวัดสกลนคร" in said["message_th"].iloc[0]


def test_a_year_without_rules_in_a_year_column_is_named_at_its_cell():
    rows = [["ชื่อหน่วยงาน", "ปีงบประมาณ", *INDICATOR_HEADERS], ["ก", 2563, *SEED_SCORES], ["ข", 2561, *SEED_SCORES]]
    result = load_files([("x.xlsx", xlsx_bytes({"ผล ITA": rows}))])
    said = problems_of(result, "no_framework")
    assert said[["row", "column"]].values.tolist() == [[3, "B"]] and result.valid["agency"].tolist() == ["ก"]
    missing = load_files([("x.xlsx", xlsx_bytes({"ผล ITA": [rows[0], ["ก", 2563, "N/A", *SEED_SCORES[1:]]]}))])
    assert "N/A" in problems_of(missing, "missing_score")["message_en"].iloc[0]


def test_an_average_written_in_the_number_column_beside_a_blank_name_is_a_summary_row():
    rows = [["ลำดับ", "ชื่อหน่วยงาน", *INDICATOR_HEADERS], [1, "ก", *SEED_SCORES], ["ค่าเฉลี่ย", None, *SEED_SCORES]]
    result = load_files([("x.xlsx", xlsx_bytes({"ITA 2563": rows}))])
    assert result.valid["agency"].tolist() == ["ก"] and problems_of(result, "agency_missing").empty
    assert problems_of(result, "summary_row")["row"].tolist() == [3]


@pytest.mark.parametrize(
    "lines",
    [
        ["ข้อมูล ณ วันที่ 20 ตุลาคม 2566", "ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2565"],
        ["วันที่พิมพ์ 10/01/2566", "ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2565"],
        ["ข้อมูล ณ วันที่ ๒๐ ต.ค. ๒๕๖๖ ผลการประเมิน ITA ปีงบประมาณ ๒๕๖๕"],  # one line, the date first
        ["ผลการประเมิน ITA ปีงบประมาณ 2565 (ตุลาคม 2564 – กันยายน 2565)"],
    ],
)
def test_a_dates_year_above_the_table_is_never_the_tables_year(lines):
    rows = [[line] for line in lines] + [["ชื่อหน่วยงาน", *INDICATOR_HEADERS], ["ก", *SEED_SCORES]]
    result = load_files([("x.xlsx", xlsx_bytes({"Sheet1": rows}))])
    assert result.valid["year"].tolist() == [2565]


def test_an_itas_page_copied_with_each_tools_full_name_above_its_indicators():
    # 'แบบตรวจการเปิดเผยข้อมูลสาธารณะ (OIT)' holds indicator 9's name (การเปิดเผยข้อมูล): it is the tool's row.
    tools = {1: "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT)", 6: "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (EIT)"}
    tools[9] = "แบบตรวจการเปิดเผยข้อมูลสาธารณะ (OIT)"
    rows = [["หน่วยงาน: เทศบาลตำบลพอกน้อย"], ["ตัวชี้วัด", "คะแนน"]]
    for number, (name, score) in enumerate(zip(NAMES, SEED_SCORES, strict=True), start=1):
        if number in tools:
            rows.append([tools[number], 50.0])  # a tool's mean, unlike its indicators': never taken for one
        rows.append([f"ตัวชี้วัดที่ {number} {name}", score])
    result = load_files([("x.xlsx", xlsx_bytes({"ITA 2563": rows}))])
    got = result.valid.iloc[0]
    assert [got[f"i{k}"] for k in range(1, 11)] == SEED_SCORES and problems_of(result, "indicator_twice").empty


def test_one_agency_typed_in_every_usual_way_is_one_agency_across_the_years():
    spelled = ["เทศบาลตำบลพอกน้อย", "ท.ต.พอกน้อย", "ทต พอกน้อย", "เทศบาลต.พอกน้อย", "1. ทต.พอกน้อย"]
    sheets = {
        f"ITA {2562 + k}": [["ชื่อหน่วยงาน", "จังหวัด", *INDICATOR_HEADERS], [name, "สกลนคร", *SEED_SCORES]]
        for k, name in enumerate(spelled)
    }
    # A list of local governments: the type in its own column, the name without it.
    sheets["ITA 2567"] = [["ประเภท", "ชื่อ อปท.", "จังหวัด", *INDICATOR_HEADERS], ["ทต.", "พอกน้อย", "สกลนคร", *SEED_SCORES]]
    result = load_files([("x.xlsx", xlsx_bytes(sheets))])
    assert len(result.valid) == 6 and result.valid["agency"].unique().tolist() == ["เทศบาลตำบลพอกน้อย"]
    assert result.valid["agency_key"].nunique() == 1
    # A bare name beside a type that lists do not write so (a university's unit) is kept as written.
    rows = [["ประเภท", "ชื่อหน่วยงาน", *INDICATOR_HEADERS], ["สถาบันอุดมศึกษา", "คณะนิติศาสตร์", *SEED_SCORES]]
    assert load_files([("u.xlsx", xlsx_bytes({"ITA 2563": rows}))]).valid["agency"].tolist() == ["คณะนิติศาสตร์"]


def test_one_agencys_row_of_fractions_among_rows_out_of_100_is_read_out_of_100():
    # Its row formatted as percentages: 0.8365 shown as 83.65%. Before, it was scored 0.80 F without a word.
    rows = [["ชื่อหน่วยงาน", *INDICATOR_HEADERS, "คะแนนรวม"], ["ก", *SEED_SCORES, 80.00]]
    rows.append(["ข", *[s / 100 for s in SEED_SCORES], 0.80])
    result = load_files([("x.xlsx", xlsx_bytes({"ITA 2563": rows}))])
    got = result.valid.set_index("agency")
    assert [round(got.at["ข", f"i{k}"], 6) for k in range(1, 11)] == SEED_SCORES
    assert (got.at["ข", "total"], got.at["ข", "grade"]) == (80.0, "B") and problems_of(result, "total_mismatch").empty
    said = problems_of(result, "row_as_fractions")
    assert said[["row", "severity"]].values.tolist() == [[3, "warning"]]


def test_a_year_written_once_per_block_holds_for_the_rows_below_but_a_blank_place_stays_blank():
    head = ["ปีงบประมาณ", "อำเภอ", "ชื่อหน่วยงาน", *INDICATOR_HEADERS]
    rows = [head, [2563, "พรรณานิคม", "ก", *SEED_SCORES], ["", "", "กรมบัญชีกลาง", *SEED_SCORES]]
    rows += [[2564, "พรรณานิคม", "ก", *SEED_SCORES], ["", "", "ข", *SEED_SCORES]]
    result = load_files([("x.xlsx", xlsx_bytes({"ผลรวม": rows}))])
    got = result.valid.sort_values(["year", "agency"])
    assert got[["year", "agency", "district"]].fillna("").values.tolist() == [
        [2563, "ก", "พรรณานิคม"], [2563, "กรมบัญชีกลาง", ""], [2564, "ก", "พรรณานิคม"], [2564, "ข", ""],
    ]  # fmt: skip
    assert len(problems_of(result, "long_filled_from_above")) == 1 and result.problems["severity"].ne("error").all()


def test_a_province_written_once_per_block_holds_for_the_agencies_under_it():
    """'สกลนคร' on the first row of its agencies, blank below, then 'นครพนม': a person reads each block's province.
    Before, the rows below had none, and อบต.นาแก of each province were one agency whose two rows conflicted."""
    head = ["จังหวัด", "ชื่อหน่วยงาน", *INDICATOR_HEADERS]
    rows = [head, ["สกลนคร", "อบต.นาแก", *SEED_SCORES], ["", "ทต.พอกน้อย", *SEED_SCORES]]
    rows += [["นครพนม", "อบต.หนองบัว", *SEED_SCORES], ["", "อบต.นาแก", *[s - 1 for s in SEED_SCORES]]]
    result = load_files([("x.xlsx", xlsx_bytes({"ITA 2567": rows}))])
    assert result.valid["province"].tolist() == ["สกลนคร", "สกลนคร", "นครพนม", "นครพนม"]
    assert problems_of(result, "duplicate_conflict").empty and result.valid["agency_key"].nunique() == 4
    assert "จังหวัด" in problems_of(result, "long_filled_from_above")["message_th"].iloc[0]


def test_one_agencys_history_a_row_a_year_under_a_line_naming_it():
    rows = [["หน่วยงาน: เทศบาลตำบลพอกน้อย อำเภอพรรณานิคม จังหวัดสกลนคร"], ["ปีงบประมาณ", *INDICATOR_HEADERS]]
    rows += [[year, *SEED_SCORES] for year in (2563, 2564, 2565)]
    result = load_files([("history.xlsx", xlsx_bytes({"ผลรายปี": rows}))])
    got = result.valid
    assert got["year"].tolist() == [2563, 2564, 2565] and set(got["agency"]) == {"เทศบาลตำบลพอกน้อย"}
    assert set(got["district"]) == {"พรรณานิคม"} and set(got["province"]) == {"สกลนคร"}
    assert len(problems_of(result, "agency_from_line")) == 1 and result.problems["severity"].ne("error").all()


def test_an_agency_written_as_not_assessed_is_one_note_not_ten_errors():
    rows = [["ชื่อหน่วยงาน", *INDICATOR_HEADERS], ["ก", *SEED_SCORES], ["ข", *["ไม่ประเมิน"] * 10]]
    result = load_files([("x.xlsx", xlsx_bytes({"ITA 2563": rows}))])
    assert result.valid["agency"].tolist() == ["ก"] and result.problems["severity"].ne("error").all()
    said = problems_of(result, "row_not_assessed")
    assert said[["row", "severity"]].values.tolist() == [[3, "info"]]


def test_indicators_written_as_their_weighted_points_are_read_as_scores():
    weights = [6] * 5 + [10] * 3 + [20] * 2
    points = [round(s * w / 100, 2) for s, w in zip(SEED_SCORES, weights, strict=True)]
    head = ["ชื่อหน่วยงาน", *[f"ตัวชี้วัดที่ {k} ({w})" for k, w in enumerate(weights, start=1)], "คะแนนรวม"]
    rows = [head, ["ก", *points, round(sum(points), 2)]]
    result = load_files([("x.xlsx", xlsx_bytes({"ITA 2563": rows}))])
    got = result.valid.iloc[0]
    assert all(abs(got[f"i{k}"] - s) < 0.1 for k, s in enumerate(SEED_SCORES, start=1))  # points' own rounding
    assert abs(got["total"] - 80.0) <= 0.02 and got["grade"] == "B" and problems_of(result, "total_mismatch").empty
    assert len(problems_of(result, "indicator_points")) == 1
    # Low scores out of 100 that happen to sit under the weights, with a total that is not their sum: left alone.
    low = [["ชื่อหน่วยงาน", *INDICATOR_HEADERS, "คะแนนรวม"], ["ข", *[5.0] * 5, *[9.0] * 3, *[19.0] * 2, 10.0]]
    assert problems_of(load_files([("y.xlsx", xlsx_bytes({"ITA 2563": low}))]), "indicator_points").empty


def test_an_indicator_numbered_in_a_long_table_is_that_indicator_whatever_tool_name_it_holds():
    rows = [["หน่วยงาน: เทศบาลตำบลพอกน้อย"], ["ตัวชี้วัด", "คะแนน"]]
    names = {**dict(enumerate(NAMES, start=1)), 9: "การเปิดเผยข้อมูลสาธารณะ"}  # the OIT tool's name, numbered 9
    rows += [[f"ตัวชี้วัดที่ {k} {names[k]}", s] for k, s in enumerate(SEED_SCORES, start=1)]
    result = load_files([("x.xlsx", xlsx_bytes({"ITA 2563": rows}))])
    assert [result.valid.iloc[0][f"i{k}"] for k in range(1, 11)] == SEED_SCORES


def test_an_indicator_whose_number_and_name_disagree_is_read_by_its_name_and_said_at_its_cell():
    """'ตัวชี้วัดที่ 6 การปรับปรุงการทำงาน' (the name is indicator 8's): before, read by its name without a word."""
    heads = [f"ตัวชี้วัดที่ {k} {n}" for k, n in enumerate(NAMES, start=1)]
    heads[5], heads[7] = f"ตัวชี้วัดที่ 6 {NAMES[7]}", f"ตัวชี้วัดที่ 8 {NAMES[5]}"
    scores = [*SEED_SCORES]
    scores[5], scores[7] = SEED_SCORES[7], SEED_SCORES[5]  # each under its name
    wide = load_files([("w.xlsx", xlsx_bytes({"ITA 2563": [["ชื่อหน่วยงาน", *heads], ["ก", *scores]]}))])
    assert [wide.valid.iloc[0][f"i{k}"] for k in range(1, 11)] == SEED_SCORES
    said = problems_of(wide, "misnumbered_indicator")
    assert said[["severity", "row", "column"]].values.tolist() == [["warning", 1, "G"], ["warning", 1, "I"]]
    assert said["message_th"].iloc[0].startswith(f'"ตัวชี้วัดที่ 6 {NAMES[7]}" มีเลขตัวชี้วัดที่ 6 แต่ชื่อเป็นของตัวชี้วัดที่ 8')
    long = [["หน่วยงาน: ก"], ["ตัวชี้วัด", "คะแนน"], *([h, s] for h, s in zip(heads, scores, strict=True))]
    result = load_files([("l.xlsx", xlsx_bytes({"ITA 2563": long}))])
    assert [result.valid.iloc[0][f"i{k}"] for k in range(1, 11)] == SEED_SCORES
    assert problems_of(result, "misnumbered_indicator")[["row", "column"]].values.tolist() == [[8, "A"], [10, "A"]]


def test_indicators_ranked_by_score_without_a_header_are_read_past_their_rank():
    """An O42's ranking: 'อันดับ | ตัวชี้วัด | คะแนน' rows without the header line (the rank before each name)."""
    order = sorted(range(10), key=lambda k: -SEED_SCORES[k])
    rows = [["ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2563"], ["หน่วยงาน: เทศบาลตำบลพอกน้อย"]]
    rows += [[rank, NAMES[k], SEED_SCORES[k]] for rank, k in enumerate(order, start=1)]
    rows += [[None, "คะแนนรวม", 80.0]]
    result = load_files([("ranked.xlsx", xlsx_bytes({"วิเคราะห์ผล": rows}))])
    assert len(result.valid) == 1, result.problems
    got = result.valid.iloc[0]
    assert [got[f"i{k}"] for k in range(1, 11)] == SEED_SCORES and got["agency"] == "เทศบาลตำบลพอกน้อย"


@pytest.mark.parametrize(
    ("kind", "name", "read"),
    [
        ("ทต.", "ลำปาง", "เทศบาลตำบลลำปาง"),
        ("เทศบาลนคร", "นครสกลนคร", "เทศบาลนครสกลนคร"),  # the type's last word written again: once
        ("เทศบาลตำบล", "เทศบาลพอกน้อย", "เทศบาลพอกน้อย"),  # names its family already: as written
        ("เทศบาลตำบล", "Phok Noi Subdistrict Municipality", "Phok Noi Subdistrict Municipality"),
    ],
)
def test_a_bare_name_beside_its_type_is_given_the_types_name_only_where_a_person_would(kind, name, read):
    rows = [["ประเภท", "ชื่อหน่วยงาน", *INDICATOR_HEADERS], [kind, name, *SEED_SCORES]]
    assert load_files([("x.xlsx", xlsx_bytes({"ITA 2563": rows}))]).valid["agency"].tolist() == [read]


def test_rows_a_person_skips_are_not_agencies():
    """Reference lines, subtotals and last year's line under each agency: before, each was loaded as an agency
    ('คะแนนเต็ม' 100 AA, 'รวมเฉลี่ยอำเภอพรรณานิคม' A, 'ปี 2565' F), into rankings and pass rates."""
    head = ["ชื่อหน่วยงาน", *INDICATOR_HEADERS]
    skipped = ["คะแนนเต็ม", "ค่าเป้าหมาย", "เกณฑ์ผ่าน", "ผลต่าง (ปี 65 - ปี 64)", "รวมเฉลี่ยอำเภอพรรณานิคม", "สรุปภาพรวมจังหวัด"]
    skipped += ["รวมทุกหน่วยงาน", "ค่าเฉลี่ย อปท. ทั้งหมด", "จังหวัดสกลนคร (ภาพรวม)", "น้ำหนัก (%)", "เพิ่มขึ้น/ลดลง", "Target"]
    rows = [head, ["ก", *SEED_SCORES], *([name, *SEED_SCORES] for name in skipped), ["   ปี 2565", *SEED_SCORES]]
    rows += [["รวมไทยพัฒนา", *SEED_SCORES], ["จังหวัดสกลนคร", *SEED_SCORES]]  # agencies whose names only start so
    result = load_files([("x.xlsx", xlsx_bytes({"ITA 2566": rows}))])
    assert result.valid["agency"].tolist() == ["ก", "รวมไทยพัฒนา", "จังหวัดสกลนคร"]
    assert problems_of(result, "summary_row")["row"].tolist() == list(range(3, 3 + len(skipped)))
    said = problems_of(result, "year_row")
    assert said[["row", "severity"]].values.tolist() == [[15, "warning"]] and "ปี 2565" in said["message_th"].iat[0]


@pytest.mark.parametrize("numbers", [[1, 2, *range(3, 13)], ["(1)", "(2)", *[f"({k})" for k in range(3, 13)]]])
def test_a_row_numbering_the_columns_under_the_header_is_part_of_it(numbers):
    """Before: agency '2' (8.80 F), or ten 'not a number' errors."""
    rows = [["ที่", "ชื่อหน่วยงาน", *INDICATOR_HEADERS], numbers, [1, "ก", *SEED_SCORES]]
    result = load_files([("x.xlsx", xlsx_bytes({"ITA 2566": rows}))])
    assert result.valid["agency"].tolist() == ["ก"] and (result.problems["severity"] != "info").sum() == 0
    assert problems_of(result, "numbering_row")["row"].tolist() == [2]


def test_a_year_column_that_disagrees_with_the_sheets_name_is_said():
    """A year column left from last year's sheet under 'ITA 2567': before, every row was 2566 without a word."""
    rows = [["ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2567"], ["ปีงบประมาณ", "ชื่อหน่วยงาน", *INDICATOR_HEADERS]]
    rows += [[2566, "ก", *SEED_SCORES], [2566, "ข", *SEED_SCORES]]
    result = load_files([("x.xlsx", xlsx_bytes({"ITA 2567": rows}))])
    assert result.valid["year"].tolist() == [2566, 2566]
    said = problems_of(result, "year_column_differs")
    assert said["severity"].tolist() == ["warning"] and "the sheet name says 2567" in said["message_en"].iat[0]
    # A history whose years include the sheet's: nothing to say.
    rows[2][0], rows[3][0] = 2566, 2567
    assert problems_of(load_files([("x.xlsx", xlsx_bytes({"ITA 2567": rows}))]), "year_column_differs").empty


def test_a_type_and_a_district_are_stored_as_the_lists_write_them():
    """'ทต.' and 'อ.พรรณานิคม' beside 'เทศบาลตำบล' and 'พรรณานิคม' in another file: before, two peer groups (พอกน้อย
    ranked 1st of 1 among 'ทต.'), a type twice in the heatmap. A type no list knows is kept as written."""
    head = ["ประเภท", "ชื่อหน่วยงาน", "อำเภอ", "จังหวัด", *INDICATOR_HEADERS]
    rows = [head, ["ทต.", "พอกน้อย", "อ.พรรณานิคม", "สกลนคร", *SEED_SCORES]]
    rows += [["เทศบาล ตำบล", "เทศบาลตำบลนาหัวบ่อ", "อำเภอพรรณานิคม", "สกลนคร", *SEED_SCORES]]
    rows += [["สถานศึกษา", "โรงเรียนบ้านนา", "พรรณานิคม", "สกลนคร", *SEED_SCORES]]
    got = load_files([("x.xlsx", xlsx_bytes({"ITA 2566": rows}))]).valid
    assert got["agency_type"].tolist() == ["เทศบาลตำบล", "เทศบาลตำบล", "สถานศึกษา"]
    assert got["district"].tolist() == ["พรรณานิคม"] * 3


def test_a_table_of_group_averages_is_refused_not_loaded_as_the_provinces_results():
    """'จำนวน อปท. (แห่ง)' beside the indicators: each row averages a province's local governments. Before, the rows
    loaded as the provincial offices' results (จังหวัดสกลนคร ผ่านดี), with an info the command line hides."""
    rows = [["จังหวัด", "จำนวน อปท. (แห่ง)", *INDICATOR_HEADERS], ["สกลนคร", 144, *SEED_SCORES]]
    result = load_files([("x.xlsx", xlsx_bytes({"ITA 2566": rows}))])
    said = problems_of(result, "group_table")
    assert result.valid.empty and said[["severity", "row", "column"]].values.tolist() == [["error", 1, "B"]]


@pytest.mark.parametrize(
    ("label", "prefix", "total", "blank"),
    [("ป้ายชื่อแถว", "ผลรวม ของ ", "ผลรวมทั้งหมด", "(ว่าง)"), ("Row Labels", "Average of ", "Grand Total", "(blank)")],
)
def test_a_pivot_tables_columns_and_rows_are_read(label, prefix, total, blank):
    """Before: 'holds no ITA scores … needs a header row with the ten indicators', though it named all ten."""
    rows = [[label, *(prefix + h for h in INDICATOR_HEADERS)], ["ก", *SEED_SCORES], [blank], [total, *SEED_SCORES]]
    result = load_files([("pivot.xlsx", xlsx_bytes({"ITA 2566": rows}))])
    assert result.valid["agency"].tolist() == ["ก"] and (result.problems["severity"] != "info").sum() == 0


@pytest.mark.parametrize("each", [False, True], ids=["over-their-indicators", "in-each-cell"])
def test_the_tools_in_a_row_under_the_indicators_are_part_of_the_header(each):
    """'IIT (30%)' under indicators 1–5 (or 'IIT' in each, 'เครื่องมือ' first): before, ten 'not a number' errors."""
    tools = [code if each or k in (0, 5, 8) else None for k, code in enumerate(["IIT"] * 5 + ["EIT"] * 3 + ["OIT"] * 2)]
    rows = [["ชื่อหน่วยงาน", *INDICATOR_HEADERS], ["เครื่องมือ" if each else None, *tools], ["ก", *SEED_SCORES]]
    result = load_files([("x.xlsx", xlsx_bytes({"ITA 2566": rows}))])
    assert result.valid["agency"].tolist() == ["ก"] and (result.problems["severity"] != "info").sum() == 0


def test_a_local_governments_code_and_a_not_assessed_grade_are_read():
    rows = [["รหัส อปท.", "ชื่อ อปท.", *INDICATOR_HEADERS, "ระดับ"], ["6470106", "เทศบาลตำบลพอกน้อย", *SEED_SCORES, "B"]]
    rows += [["6470111", "องค์การบริหารส่วนตำบลแร่", *["-"] * 10, "ไม่ได้เข้ารับการประเมิน"]]
    result = load_files([("x.xlsx", xlsx_bytes({"ITA 2563": rows}))])
    assert result.valid["agency_id"].tolist() == ["6470106"]
    assert (
        problems_of(result, "row_not_assessed")["row"].tolist() == [3]
        and (result.problems["severity"] != "info").sum() == 0
    )


# ----------------------------------------------------------------------------- found in the third review


@pytest.mark.parametrize(
    "heads",
    [
        ["หน่วยงาน (Agency)", "จังหวัด (Province)", *INDICATOR_HEADERS, "คะแนนรวม (Total)"],
        ["ชื่อหน่วยงาน\n(อปท.)", "จังหวัด", *INDICATOR_HEADERS, "คะแนนรวม (เต็ม 100)"],
    ],
)
def test_a_heading_with_a_word_in_brackets_is_the_field_before_it(heads):
    """'หน่วยงาน (Agency)': before, no agency column was found and the sheet refused."""
    rows = [heads, ["เทศบาลตำบลพอกน้อย", "สกลนคร", *SEED_SCORES, 80.0]]
    got = load_files([("b.xlsx", xlsx_bytes({"ITA 2563": rows}))]).valid
    assert got[["agency", "province", "total", "reported_total"]].values.tolist() == [
        ["เทศบาลตำบลพอกน้อย", "สกลนคร", 80.0, 80.0]
    ]


@pytest.mark.parametrize(
    "heads",
    [
        [*(f"IIT_{k}" for k in range(1, 6)), *(f"EIT_{k}" for k in range(1, 4)), "OIT_1", "OIT_2"],
        [*(f"IIT_{k}" for k in range(1, 6)), *(f"EIT_{k}" for k in range(6, 9)), "OIT_9", "OIT_10"],
    ],
)
def test_indicators_numbered_within_their_tool_are_those_indicators(heads):
    """An export's 'IIT_1' … 'OIT_2' (or 'EIT_6' … 'OIT_10'): each was taken for the tool's score and the sheet
    refused as tool scores only."""
    rows = [["fiscal_year", "agency_name", "province_name", *heads, "ITA_SCORE"]]
    rows += [[2563, "เทศบาลตำบลพอกน้อย", "สกลนคร", *SEED_SCORES, 80.0]]
    got = load_files([("export.xlsx", xlsx_bytes({"data": rows}))]).valid
    assert len(got) == 1 and [got.iloc[0][f"i{k}"] for k in range(1, 11)] == SEED_SCORES
    assert got.iloc[0]["province"] == "สกลนคร"


def test_english_indicator_and_tool_names_as_exports_write_them():
    names = ["Performance of Duties", "Budget Utilization", "Exercise of Authority", "Use of Government Assets"]
    names += ["Corruption Problem Solving", "Quality of Operations", "Communication Efficiency"]
    names += ["Work Process Improvement", "Disclosure of Information", "Prevention of Corruption"]
    tools = ["Internal Integrity and Transparency Assessment", "External Integrity and Transparency Assessment"]
    tools += ["Open Data Integrity and Transparency Assessment"]
    rows = [["Agency", *names, *tools], ["Phok Noi Subdistrict Municipality", *SEED_SCORES, 79.17, 75.80, 83.78]]
    result = load_files([("en.xlsx", xlsx_bytes({"ITA 2563": rows}))])
    got = only_row(result)
    assert [got[f"i{k}"] for k in range(1, 11)] == SEED_SCORES and got["total"] == 80.0
    assert problems_of(result, "columns_kept_unused").empty and problems_of(result, "tool_mismatch").empty


@pytest.mark.parametrize(
    ("line", "agency"),
    [
        ("ผลการประเมิน ITA ของเทศบาลตำบลนาหัวบ่อ ประจำปีงบประมาณ พ.ศ. 2563", "เทศบาลตำบลนาหัวบ่อ"),
        ("องค์การบริหารส่วนตำบลนาหัวบ่อ", "องค์การบริหารส่วนตำบลนาหัวบ่อ"),
        ("เทศบาลตำบลพอกน้อย อำเภอพรรณานิคม จังหวัดสกลนคร", "เทศบาลตำบลพอกน้อย"),
    ],
)
def test_a_single_agencys_sheet_takes_the_agency_a_title_line_names_not_the_sheet_name(line, agency):
    """Before, the agency was 'Sheet1' (or 'รายงาน'), with only a warning to check it."""
    rows = [[line], ["ผลการประเมิน ปีงบประมาณ 2563"], ["ตัวชี้วัด", "คะแนน"]]
    rows += [[n, s] for n, s in zip(NAMES, SEED_SCORES, strict=True)]
    result = load_files([("one.xlsx", xlsx_bytes({"Sheet1": rows}))])
    assert only_row(result)["agency"] == agency
    assert problems_of(result, "agency_from_name").empty


def test_each_agencys_years_written_as_rows_over_their_indicators_are_each_a_record():
    """'เทศบาลตำบลวาริชภูมิ', then 'ปี 2566' over ten indicators, then 'ปี 2567' …: before, one record with every
    indicator 'appearing twice' (an error telling the user to delete a year) or named after the sheet."""
    rows = [["ผลการประเมิน ITA ย้อนหลัง อปท. อำเภอวาริชภูมิ"], ["ตัวชี้วัด", "คะแนน"]]
    for agency, shift in (("เทศบาลตำบลวาริชภูมิ", 0), ("องค์การบริหารส่วนตำบลคำบ่อ", 2)):
        rows.append([agency])
        for year, more in (("ปี 2566", 0), ("ปีงบประมาณ 2567", 3)):
            rows += [[year], *([n, s + shift + more] for n, s in zip(NAMES, SEED_SCORES, strict=True))]
    result = load_files([("history.xlsx", xlsx_bytes({"ผลย้อนหลัง": rows}))])
    got = result.valid.set_index(["agency", "year"])["total"].to_dict()
    assert got == {
        ("เทศบาลตำบลวาริชภูมิ", 2566): 80.0,
        ("เทศบาลตำบลวาริชภูมิ", 2567): 83.0,
        ("องค์การบริหารส่วนตำบลคำบ่อ", 2566): 82.0,
        ("องค์การบริหารส่วนตำบลคำบ่อ", 2567): 85.0,
    }
    assert not result.problems["severity"].isin(["error", "warning"]).any(), result.problems


def test_a_district_average_and_not_assessed_in_other_words_are_read_as_a_person_would():
    rows = [["ชื่อหน่วยงาน", *INDICATOR_HEADERS], ["เทศบาลตำบลพอกน้อย", *SEED_SCORES]]
    rows += [["ผลเฉลี่ยอำเภอพรรณานิคม", *SEED_SCORES], ["อบต.ไร่", *SEED_SCORES[:9], "ไม่มีการประเมิน"]]
    result = load_files([("x.xlsx", xlsx_bytes({"ITA 2563": rows}))])
    assert set(result.table["agency"]) == {"เทศบาลตำบลพอกน้อย", "องค์การบริหารส่วนตำบลไร่"}
    assert problems_of(result, "not_a_number").empty and len(problems_of(result, "summary_row")) == 1


def test_every_unrecognised_heading_is_counted_in_a_missing_indicators_error():
    heads = ["หน่วยงาน", *INDICATOR_HEADERS[:9], *(f"หัวข้อ {k}" for k in range(1, 14))]
    rows = [heads, ["ก", *SEED_SCORES[:9], *range(1, 14)]]
    said = problems_of(load_files([("x.xlsx", xlsx_bytes({"ITA 2563": rows}))]), "missing_indicator_column_unknown")
    assert said["message_en"].iloc[0].count('"หัวข้อ') == 10 and "… (+3)" in said["message_en"].iloc[0]


def test_a_signature_block_under_the_table_is_not_read_as_records():
    """'ลงชื่อ … ผู้รายงาน', '(นายสมชาย ใจดี)', 'โทร 042 123456' written across the score columns below the table:
    before, three records without a name and about twenty errors in a clean file."""
    rows = [["ชื่อหน่วยงาน", *INDICATOR_HEADERS], ["เทศบาลตำบลพอกน้อย", *SEED_SCORES], ["หมายเหตุ: คะแนนเต็ม 100"]]
    rows += [[None] * 5 + ["ลงชื่อ", None, "ผู้รายงาน"], [None] * 5 + ["(นายสมชาย ใจดี)"]]
    rows += [[None] * 5 + ["โทร", "042", 123456, 2566]]
    result = load_files([("x.xlsx", xlsx_bytes({"ITA 2563": rows}))])
    assert result.table["agency"].tolist() == ["เทศบาลตำบลพอกน้อย"] and not result.has_errors, result.problems
    assert problems_of(result, "row_below_table")["row"].tolist() == [3, 4, 5, 6]


@pytest.mark.parametrize(
    "written", ["(6470112)", "[6470112]", "(รหัส 6470112)", "(รหัสหน่วยงาน: 6470112)", "(Code 6470112)"]
)
def test_a_code_in_brackets_after_a_name_is_the_agencys_code_and_joins_its_years(written):
    """'(รหัส 6470112)' too: it was part of the name, and the agency's years were two agencies."""
    first = [["ชื่อหน่วยงาน", "จังหวัด", *INDICATOR_HEADERS], ["อบต.บ้านแป้น", "สกลนคร", *SEED_SCORES]]
    second = [["ชื่อหน่วยงาน", "จังหวัด", *INDICATOR_HEADERS], [f"อบต. บ้านแป้น {written}", "สกลนคร", *SEED_SCORES]]
    third = [["ชื่อหน่วยงาน", "จังหวัด", *INDICATOR_HEADERS], ["เทศบาลตำบล(ทต.)บะหว้า", "สกลนคร", *SEED_SCORES]]
    result = load_files(
        [(f"{y}.xlsx", xlsx_bytes({f"ITA {y}": rows})) for y, rows in ((2563, first), (2564, second), (2565, third))]
    )
    got = result.valid.set_index("year")
    assert got.loc[2564, ["agency", "agency_id"]].tolist() == ["องค์การบริหารส่วนตำบลบ้านแป้น", "6470112"]
    assert got.loc[2563, "agency_key"] == got.loc[2564, "agency_key"]  # one agency, both years
    assert got.loc[2565, "agency"] == "เทศบาลตำบลบะหว้า"


def test_a_year_typed_into_a_date_formatted_cell_is_that_year():
    """2566 in a cell formatted as a date shows as 9/1/1907: it was read as fiscal year 2450, with advice to add a
    framework for it."""
    import datetime as dt

    rows = [["ปีงบประมาณ", "ชื่อหน่วยงาน", *INDICATOR_HEADERS], [dt.datetime(1907, 1, 9), "ทต.พอกน้อย", *SEED_SCORES]]
    result = load_files([("x.xlsx", xlsx_bytes({"data": rows}))])
    assert only_row(result)["year"] == 2566 and problems_of(result, "no_framework").empty


def test_districts_written_as_headings_or_in_an_unheaded_side_column_are_each_rows_district():
    """'อำเภอพรรณานิคม' on a row of its own over its agencies, or 'อ.กุสุมาลย์' merged down a column without a
    heading: the district was lost without a word."""
    head = ["ลำดับ", "ชื่อหน่วยงาน", *INDICATOR_HEADERS]
    sections = [head, ["อำเภอเมืองสกลนคร"], [1, "ทต.เชียงเครือ", *SEED_SCORES], ["อำเภอพรรณานิคม"]]
    sections += [[1, "'ทต.พอกน้อย", *SEED_SCORES], [2, "อบต.ไร่", *SEED_SCORES]]
    side = [[None, *head[1:]], ["อ.เมืองสกลนคร", "ทต.ธาตุเชิงชุม", *SEED_SCORES], ["อ.กุสุมาลย์", "ทต.กุสุมาลย์", *SEED_SCORES]]
    side += [["อ.กุสุมาลย์", "อบต.นาเพียง", *SEED_SCORES]]
    for rows, expected in (
        (
            sections,
            {"เทศบาลตำบลเชียงเครือ": "เมืองสกลนคร", "เทศบาลตำบลพอกน้อย": "พรรณานิคม", "องค์การบริหารส่วนตำบลไร่": "พรรณานิคม"},
        ),
        (
            side,
            {"เทศบาลตำบลธาตุเชิงชุม": "เมืองสกลนคร", "เทศบาลตำบลกุสุมาลย์": "กุสุมาลย์", "องค์การบริหารส่วนตำบลนาเพียง": "กุสุมาลย์"},
        ),
    ):
        result = load_files([("d.xlsx", xlsx_bytes({"ITA 2563": rows}))])
        assert result.valid.set_index("agency")["district"].to_dict() == expected  # "'ทต.พอกน้อย": no apostrophe
        assert len(problems_of(result, "district_from_rows")) == 1


def test_an_agency_taken_from_a_sheet_name_at_excels_limit_may_be_cut_and_is_said_so():
    name = "องค์การบริหารส่วนตำบลหนองหลวงใหญ่"[:31]  # Excel keeps 31 characters of a sheet's name
    rows = [["ตัวชี้วัด", "คะแนน"], *([n, s] for n, s in zip(NAMES, SEED_SCORES, strict=True))]
    result = load_files([("x.xlsx", xlsx_bytes({name: rows}))], year=2563)
    said = problems_of(result, "agency_from_cut_name")
    assert len(said) == 1 and "31" in said["message_th"].iloc[0] and problems_of(result, "agency_from_name").empty


def test_a_score_out_of_range_names_the_indicator_and_the_agency():
    """'คะแนน 105 อยู่นอกช่วง 0–100' named neither: in a long problems table, the reader had to find the cell."""
    rows = [["ชื่อหน่วยงาน", *INDICATOR_HEADERS], ["เทศบาลตำบลพอกน้อย", *SEED_SCORES[:9], 105]]
    said = problems_of(load_files([("x.xlsx", xlsx_bytes({"ITA 2563": rows}))]), "out_of_range")
    assert said["message_th"].tolist() == [
        "คะแนนตัวชี้วัดที่ 10 ของ เทศบาลตำบลพอกน้อย เป็น 105 ซึ่งอยู่นอกช่วง 0–100 ให้แก้ไขคะแนนในไฟล์แล้วนำเข้าอีกครั้ง"
    ]


# ----------------------------------------------------------------------------- found in the fourth review

WEIGHTS = [6, 6, 6, 6, 6, 10, 10, 10, 20, 20]


def test_points_headed_with_their_full_marks_are_read_as_points_without_a_total():
    """'ตัวชี้วัดที่ 1 (เต็ม 6)' over 4.61 …, no total column: read as scores out of 100, an agency of about 89 was
    'ต้องปรับปรุงโดยด่วน' with 11.80, valid and silent."""
    points = [round(s * w / 100, 2) for s, w in zip(SEED_SCORES, WEIGHTS, strict=True)]
    for heads in (
        [f"ตัวชี้วัดที่ {k} (เต็ม {w})" for k, w in enumerate(WEIGHTS, start=1)],
        [f"ตัวชี้วัดที่ {k} ({w} คะแนน)" for k, w in enumerate(WEIGHTS, start=1)],
    ):
        result = load_files([("p.xlsx", xlsx_bytes({"ITA 2563": [["ชื่อหน่วยงาน", *heads], ["ทต.ก", *points]]}))])
        assert abs(only_row(result)["total"] - 80.0) < 0.05 and len(problems_of(result, "indicator_points_headed")) == 1
    weights_only = [f"ตัวชี้วัดที่ {k} (ร้อยละ {w})" for k, w in enumerate(WEIGHTS, start=1)]  # a weight, not marks
    low = load_files([("w.xlsx", xlsx_bytes({"ITA 2563": [["ชื่อหน่วยงาน", *weights_only], ["ทต.ก", *points]]}))])
    assert problems_of(low, "indicator_points_headed").empty


def test_rows_without_names_are_not_valid_because_a_summary_row_has_a_label():
    rows = [["รายการ", *INDICATOR_HEADERS], ["คณะแพทยศาสตร์", *SEED_SCORES], ["ค่าเฉลี่ย", *SEED_SCORES]]
    result = load_files([("u.xlsx", xlsx_bytes({"ITA 2563": rows}))])
    assert result.valid.empty and len(problems_of(result, "agency_column_missing")) == 1
    faculties = [
        ["ส่วนงาน", *INDICATOR_HEADERS],
        ["คณะแพทยศาสตร์", *SEED_SCORES],
        ["มหาวิทยาลัยพะเยา (ภาพรวม)", *SEED_SCORES],
    ]
    got = load_files([("f.xlsx", xlsx_bytes({"ITA 2563": faculties}))]).valid
    assert got["agency"].tolist() == ["คณะแพทยศาสตร์"]


def test_a_title_naming_the_agency_gives_its_district_and_province_too():
    rows = [["ผลการประเมิน ITA ปี 2563 เทศบาลตำบลพอกน้อย อำเภอพรรณานิคม จังหวัดสกลนคร"], ["ตัวชี้วัด", "คะแนน"]]
    rows += [[n, s] for n, s in zip(NAMES, SEED_SCORES, strict=True)]
    got = only_row(load_files([("t.xlsx", xlsx_bytes({"Sheet1": rows}))]))
    assert (got["agency"], got["district"], got["province"]) == ("เทศบาลตำบลพอกน้อย", "พรรณานิคม", "สกลนคร")


def test_totals_as_offices_head_them_and_the_one_after_an_appeal():
    for heading in ("ผลคะแนน ITA", "คะแนน ITA ที่ได้", "คะแนนเฉลี่ย ITA"):
        rows = [["ชื่อหน่วยงาน", *INDICATOR_HEADERS, heading], ["ทต.ก", *SEED_SCORES, 50.0]]
        result = load_files([("t.xlsx", xlsx_bytes({"ITA 2563": rows}))])
        assert len(problems_of(result, "total_mismatch")) == 1, heading  # the published 50 is checked
    heads = ["ชื่อหน่วยงาน", *INDICATOR_HEADERS, "คะแนน ITA (ก่อนอุทธรณ์)", "คะแนน ITA (หลังอุทธรณ์)"]
    appeal = load_files([("a.xlsx", xlsx_bytes({"ITA 2563": [heads, ["ทต.ก", *SEED_SCORES, 77.0, 80.0]]}))])
    assert only_row(appeal)["reported_total"] == 80.0 and problems_of(appeal, "total_mismatch").empty


def test_a_score_with_a_word_in_brackets_after_it_is_read_and_said():
    rows = [["ชื่อหน่วยงาน", *INDICATOR_HEADERS, "คะแนนรวม"], ["ทต.ก", *SEED_SCORES[:9], "87.50 (ผ่าน)", "80.00 (ไม่ผ่าน)"]]
    result = load_files([("n.xlsx", xlsx_bytes({"ITA 2563": rows}))])
    assert only_row(result)["i10"] == 87.5 and problems_of(result, "not_a_number").empty
    assert problems_of(result, "number_with_mark")["column"].tolist() == ["K", "L"]


def test_what_a_web_pages_html_leaves_in_copied_cells_is_a_space():
    """Cells copied from a web page's source: 'เทศบาลตำบลพอกน้อย&nbsp;', 'สกลนคร&nbsp;', '98.38&nbsp;', a name broken
    with '<br>'. The names kept the entity (and never joined the same agency from another file), the province was
    "none of the 77", and each such score was "not a number"."""
    header = ["ชื่อหน่วยงาน", "จังหวัด", *INDICATOR_HEADERS]
    rows = [
        header,
        ["เทศบาลตำบลพอกน้อย&nbsp;", "สกลนคร&nbsp;", f"{SEED_SCORES[0]}&nbsp;", *SEED_SCORES[1:]],
        ["องค์การบริหารส่วนตำบล<br>ไร่", "สกลนคร&#160;", *SEED_SCORES[:9], f"&nbsp;{SEED_SCORES[9]}"],
        ["สำนักงาน ก&amp;ข", "สกลนคร", *SEED_SCORES],
        ["&quot;โรงเรียน&quot; &AMP; วิทยาลัย", "สกลนคร", *SEED_SCORES],
    ]
    result = load_files([("ita.xlsx", xlsx_bytes({"ITA 2567": rows}))])
    assert not result.has_errors and result.problems["severity"].eq("info").all(), result.problems
    assert result.valid["agency"].tolist() == [
        "เทศบาลตำบลพอกน้อย", "องค์การบริหารส่วนตำบล ไร่", "สำนักงาน ก&ข", '"โรงเรียน" & วิทยาลัย'
    ]  # fmt: skip
    assert set(result.valid["province"]) == {"สกลนคร"}
    assert result.valid["i1"].tolist() == [SEED_SCORES[0]] * 4 and result.valid["i10"].tolist() == [SEED_SCORES[9]] * 4
    plain = load_files(
        [("plain.xlsx", xlsx_bytes({"ITA 2567": [header, ["เทศบาลตำบลพอกน้อย", "สกลนคร", *SEED_SCORES]]}))]
    )
    assert plain.valid["agency_key"].tolist() == result.valid["agency_key"].tolist()[:1]


@pytest.mark.parametrize(
    ("cell", "read", "code"),
    [
        ("85.20 (S.D. 4.31)", 85.20, "number_with_spread"),
        ("85.20 ± 4.31", 85.20, "number_with_spread"),
        ("88.51 (ปี 66: 85.34)", 88.51, "number_with_spread"),
        ("๘๘.๕๑ (ปีก่อน ๘๕.๓๔)", 88.51, "number_with_spread"),
        ("76.84 → 81.04", 81.04, "number_corrected_in_cell"),
        ("96.00 -> 92.90", 92.90, "number_corrected_in_cell"),
        ("แก้เป็น 75.22 (เดิม 67.22)", 75.22, "number_corrected_in_cell"),
        ("75.22 (เดิม 67.22)", 75.22, "number_corrected_in_cell"),
        ("82.40 / 100.00", 82.40, None),
    ],
)
def test_a_score_cell_with_a_second_value_is_read_as_a_person_reads_it(cell, read, code):
    """Found by a reviewer: each was "not a number" and its agency lost. A spread or last year's score after the score
    is read past with a note; a correction typed in the cell gives its new value, with a warning to check it."""
    scores = [cell, *SEED_SCORES[1:]]
    data = xlsx_bytes({"ITA 2567": [["ชื่อหน่วยงาน", *INDICATOR_HEADERS], ["เทศบาลตำบลพอกน้อย", *scores]]})
    result = load_files([("ita.xlsx", data)])
    assert result.valid["i1"].round(2).tolist() == [read] and not result.has_errors
    said = result.problems.loc[result.problems["column"] == "B"]
    assert said["code"].tolist() == ([code] if code else [])
    if code:
        assert said["severity"].iat[0] == ("info" if code == "number_with_spread" else "warning")


def test_cells_of_many_brackets_or_a_long_word_are_read_in_linear_time():
    """From the last review: the pattern that takes a reason in brackets off "not assessed" took 5 s over a 32 K
    cell of brackets, and the document writer's e-mail pattern was quadratic over a long word; a file of such cells
    held a parse worker for its whole limit. Run in a child with a bound far above the linear time (< 1 s)."""
    import subprocess
    import sys

    code = (
        "from ita.io.values import parse_number\n"
        "from ita.reports.docx_thai import _ADDRESSES\n"
        "for cell in ['(' * 32000 + ')', '(a' * 16000 + ')'] * 10:\n"
        "    assert parse_number(cell) == 'not_a_number'\n"
        "_ADDRESSES.split('a' * 200_000)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=20, cwd=ROOT)


def test_text_copied_from_a_pdf_with_its_sara_am_broken_is_read_as_the_pdf_showed_it():
    """A PDF's copy writes ำ as a space and sara aa: 'เทศบาลต าบลพอกน้อย' was taken for 'เทศบาลต' and written out as
    'เทศบาลตำบลาบลพอกน้อย', and 'องค์การบริหารส่วนต าบลนาหัวบ่อ' became a second agency of its own."""
    broken = [name.replace("ำ", " า") for name in NAMES]
    rows = [["ผลการประเมิน ITA ประจ าปีงบประมาณ 2564"], ["ชื่อหน่วยงาน", *broken]]
    rows += [["เทศบาลต าบลพอกน้อย", *SEED_SCORES], ["องค์การบริหารส่วนต าบลนาหัวบ่อ", *[90.0] * 10]]
    old = [["ชื่อหน่วยงาน", "ปีงบประมาณ", *INDICATOR_HEADERS], ["องค์การบริหารส่วนตำบลนาหัวบ่อ", 2563, *[88.0] * 10]]
    result = load_files([("pdf.xlsx", xlsx_bytes({"Sheet1": rows})), ("old.xlsx", xlsx_bytes({"ITA": old}))])
    assert sorted(set(result.valid["agency"])) == ["องค์การบริหารส่วนตำบลนาหัวบ่อ", "เทศบาลตำบลพอกน้อย"]
    assert result.valid["agency_key"].nunique() == 2 and set(result.valid["year"]) == {2563, 2564}
    assert result.problems[result.problems["severity"] != "info"].empty, result.problems


def test_a_stacked_table_titled_as_last_years_results_is_the_year_before():
    """'ผลการประเมินปีที่ผ่านมา' over a second table: a person reads last year's. It took this year's, and both years of
    every agency were refused as copies in conflict."""
    header = ["หน่วยงาน", *INDICATOR_HEADERS]
    rows = [["ผลการประเมิน ITA ปีงบประมาณ 2566"], header, ["เทศบาลตำบลพอกน้อย", *SEED_SCORES], []]
    rows += [["ผลการประเมินปีที่ผ่านมา"], header, ["เทศบาลตำบลพอกน้อย", *[90.0] * 10]]
    result = load_files([("ita.xlsx", xlsx_bytes({"Sheet1": rows}))])
    assert sorted(zip(result.valid["year"], result.valid["i1"], strict=True)) == [(2565, 90.0), (2566, SEED_SCORES[0])]
    assert problems_of(result, "stacked_previous_year")[["row", "severity"]].values.tolist() == [[6, "info"]]
