"""A workbook with a sheet per tool ('IIT' with indicators 1-5, 'EIT' 6-8, 'OIT' 9-10), as the ITAS shows results a
tool at a time: read as one table, rows matched by agency, each problem said at the cell it came from. Each sheet
used to be refused on its own with an error per indicator it lacked."""

from __future__ import annotations

import io

from helpers import INDICATOR_HEADERS, SEED_SCORES, problems_of, xlsx_bytes

from ita.io.importer import load_files

A, B, C = "เทศบาลตำบลพอกน้อย", "องค์การบริหารส่วนตำบลนาหัวบ่อ", "เทศบาลตำบลโพนนาแก้ว"
TOOLS = {"IIT": range(0, 5), "EIT": range(5, 8), "OIT": range(8, 10)}


def scores(agency: str) -> list[float]:
    shift = {A: 0.0, B: 5.0, C: -5.0}[agency]
    return [round(s + shift, 2) for s in SEED_SCORES]


def tool_sheet(tool: str, agencies: list[str], title: str = "ผลการประเมิน ITA ปีงบประมาณ พ.ศ. 2567", code=False):
    columns = TOOLS[tool]
    head = ["รหัสหน่วยงาน"] if code else []
    rows = [[f"{title} แบบวัด {tool}"], [*head, "ชื่อหน่วยงาน", "จังหวัด", *(INDICATOR_HEADERS[c] for c in columns)]]
    for agency in agencies:
        ids = [{A: "5470301", B: "6470102", C: "6470103"}[agency]] if code else []
        rows.append([*ids, agency, "สกลนคร", *(scores(agency)[c] for c in columns)])
    return rows


def by_agency(result) -> dict[str, list[float]]:
    valid = result.valid
    return {r["agency"]: [r[f"i{k}"] for k in range(1, 11)] for _, r in valid.iterrows()}


def test_sheets_of_one_tool_each_are_read_as_one_table_whatever_their_rows_order():
    book = {
        "IIT": tool_sheet("IIT", [A, B, C]),
        "EIT": tool_sheet("EIT", [C, A, B]),
        "OIT": tool_sheet("OIT", [B, C, A]),
    }
    result = load_files([("ita.xlsx", xlsx_bytes(book))])
    assert by_agency(result) == {a: scores(a) for a in (A, B, C)}
    assert result.problems[result.problems["severity"] != "info"].empty, result.problems
    assert set(result.valid["year"]) == {2567} and set(result.valid["source_sheet"]) == {"IIT"}
    (note,) = problems_of(result, "tool_sheets_joined").to_dict("records")
    assert (
        note["sheet"] == "IIT"
        and "IIT, EIT, OIT" in note["message_en"]
        and "agency name and province" in (note["message_en"])
    )
    joined = problems_of(result, "tool_sheet_joined")
    assert list(joined["sheet"]) == ["EIT", "OIT"] and "6, 7 and 8" in joined["message_en"].iloc[0]


def test_a_bad_cell_of_a_later_sheet_is_said_at_that_sheets_own_cell():
    eit = tool_sheet("EIT", [B, A, C])
    eit[3][3] = "ไม่มีข้อมูล?"  # row 4 (A), column D: indicator 7
    book = {"IIT": tool_sheet("IIT", [A, B, C]), "EIT": eit, "OIT": tool_sheet("OIT", [A, B, C])}
    result = load_files([("ita.xlsx", xlsx_bytes(book))])
    bad = result.problems[result.problems["severity"] == "error"]
    assert not bad.empty
    assert set(zip(bad["sheet"], bad["row"], bad["column"], strict=True)) == {("EIT", 4, "D")}, bad
    assert set(by_agency(result)) == {B, C}


def test_an_agency_one_sheet_lacks_is_said_at_its_row_and_an_agency_only_later_sheets_have_keeps_their_rows():
    book = {
        "IIT": tool_sheet("IIT", [A, B]),
        "EIT": tool_sheet("EIT", [A, B, C]),
        "OIT": tool_sheet("OIT", [C, A, B]),
    }
    result = load_files([("ita.xlsx", xlsx_bytes(book))])
    assert by_agency(result) == {a: scores(a) for a in (A, B)}
    lacking = problems_of(result, "tool_sheet_row_unmatched")
    assert set(zip(lacking["sheet"], lacking["row"], strict=True)) == {("EIT", 5)}  # once, at its first row
    assert all("IIT" in m for m in lacking["message_en"])
    row_c = result.table.loc[result.table["agency"] == C].iloc[0]
    assert row_c["has_error"] and (row_c["source_sheet"], row_c["source_row"]) == ("EIT", 5)
    errors = result.problems[result.problems["severity"] == "error"]
    assert set(errors["sheet"]) == {"EIT"} and set(errors["row"]) == {5}, errors  # C's missing IIT scores, at C


def test_rows_are_matched_by_the_agency_code_when_every_sheet_has_one():
    renamed = tool_sheet("EIT", [A, B, C], code=True)
    renamed[2][1] = "ทต.พอกน้อย"  # the same code, the name typed short
    book = {
        "IIT": tool_sheet("IIT", [A, B, C], code=True),
        "EIT": renamed,
        "OIT": tool_sheet("OIT", [C, B, A], code=True),
    }
    result = load_files([("ita.xlsx", xlsx_bytes(book))])
    assert by_agency(result) == {a: scores(a) for a in (A, B, C)}
    assert "agency code" in problems_of(result, "tool_sheets_joined")["message_en"].iloc[0]


def test_two_years_of_tool_sheets_make_two_tables():
    book = {}
    for year in (2566, 2567):
        for tool in TOOLS:
            book[f"{tool} {year}"] = tool_sheet(tool, [A, B], title="ผลการประเมิน ITA")
    result = load_files([("ita.xlsx", xlsx_bytes(book))])
    read = {(r["agency"], r["year"], r["source_sheet"]): r["i1"] for _, r in result.valid.iterrows()}
    assert read == {(a, y, f"IIT {y}"): scores(a)[0] for a in (A, B) for y in (2566, 2567)}
    assert len(problems_of(result, "tool_sheets_joined")) == 2


def test_sheets_that_name_an_indicator_twice_or_leave_one_out_are_not_joined():
    book = {"IIT": tool_sheet("IIT", [A]), "EIT": tool_sheet("EIT", [A])}  # no OIT: indicators 9 and 10 nowhere
    result = load_files([("ita.xlsx", xlsx_bytes(book))])
    assert result.valid.empty and problems_of(result, "tool_sheets_joined").empty
    assert not problems_of(result, "missing_indicator_column").empty


def test_each_sheets_total_is_its_tools_score_and_is_checked_at_its_own_cell():
    """On a sheet of one tool, 'คะแนนรวม' is that tool's score, not the agency's total: checked as the tool's (a
    typo in EIT's is said at EIT's cell), never against the total of all ten."""
    book = {}
    for tool, columns in TOOLS.items():
        values = [scores(A)[c] for c in columns]
        typed = round(sum(values) / len(values), 2) + (1 if tool == "EIT" else 0)
        heads = [INDICATOR_HEADERS[c] for c in columns]
        book[tool] = [["ผลการประเมิน ITA ปี 2567"], ["ชื่อหน่วยงาน", *heads, "คะแนนรวม", "ระดับ"], [A, *values, typed, "ดี"]]
    result = load_files([("ita.xlsx", xlsx_bytes(book))])
    assert by_agency(result) == {A: scores(A)}
    (row,) = result.valid.to_dict("records")
    assert row["reported_total"] is None and not row["reported_grade"]
    assert (row["reported_iit"], row["reported_oit"]) == (row["iit"], row["oit"])
    warnings = result.problems[result.problems["severity"] == "warning"]
    assert list(zip(warnings["sheet"], warnings["row"], warnings["column"], strict=True)) == [("EIT", 3, "E")]
    assert "EIT" in warnings["message_en"].iloc[0]


def tool_csv(tool: str, agencies: list[str]) -> bytes:
    rows = tool_sheet(tool, agencies)
    return "\n".join(",".join(str(cell) for cell in row) for row in rows).encode("cp874")


def test_files_of_one_tool_each_are_read_together_and_each_problem_is_said_in_its_own_file():
    files = [("IIT.csv", tool_csv("IIT", [A, B, C])), ("EIT.csv", tool_csv("EIT", [C, B, A]))]
    oit = tool_sheet("OIT", [B, A])
    oit[3][2] = "๘๗.๕o"  # A's indicator 9, typed with a letter o: row 4, column C of OIT.csv
    files.append(("OIT.csv", "\n".join(",".join(map(str, row)) for row in oit).encode("cp874")))
    result = load_files(files)
    assert by_agency(result) == {B: scores(B)}
    errors = result.problems[result.problems["severity"] == "error"]
    places = errors[["file", "sheet", "row", "column"]].itertuples(index=False, name=None)
    assert ("OIT.csv", "OIT", 4, "C") in set(places)
    # C is in no OIT row: said once, at its first row (IIT.csv row 5), and its missing scores there, with no column
    (lacking,) = problems_of(result, "tool_sheet_row_unmatched").to_dict("records")
    assert (lacking["file"], lacking["row"]) == ("IIT.csv", 5) and "OIT (OIT.csv)" in lacking["message_en"]
    at_c = errors.loc[errors["row"] == 5]
    assert set(at_c["file"]) == {"IIT.csv"} and at_c["column"].isna().all() and len(at_c) == 2
    assert problems_of(result, "no_scores_in_file").empty
    assert [s.records for f in result.files for s in f.sheets] == [3]  # one table, the first file's


def test_a_file_of_one_tool_alone_is_refused_as_before():
    result = load_files([("IIT.csv", tool_csv("IIT", [A]))])
    assert result.valid.empty and problems_of(result, "tool_sheets_joined").empty
    assert len(problems_of(result, "missing_indicator_column")) == 5


def test_rows_match_however_each_sheet_writes_the_name():
    """A person matches 'ทต.พอกน้อย' in EIT and '3. เทศบาลตำบลพอกน้อย' in OIT to the IIT sheet's name; a list's number
    before a name was read as the indicator it numbers, and the OIT sheet as a long table of indicators 1-3."""
    eit = tool_sheet("EIT", [A, B, C])
    oit = tool_sheet("OIT", [C, B, A])
    for row in eit[2:]:
        row[0] = row[0].replace("เทศบาลตำบล", "ทต.").replace("องค์การบริหารส่วนตำบล", "อบต.")
    for k, row in enumerate(oit[2:], start=1):
        row[0] = f"{k}. {row[0]}"
    result = load_files([("ita.xlsx", xlsx_bytes({"IIT": tool_sheet("IIT", [A, B, C]), "EIT": eit, "OIT": oit}))])
    assert by_agency(result) == {a: scores(a) for a in (A, B, C)}
    assert result.problems[result.problems["severity"] != "info"].empty, result.problems


def test_a_hidden_old_row_of_a_later_sheet_is_not_joined():
    """A hidden row above the current one in EIT (an older copy) gave A its old scores, and the visible row was
    called 'not found'."""
    from openpyxl import load_workbook

    eit = tool_sheet("EIT", [A, B])
    eit.insert(2, [A, "สกลนคร", 10.0, 10.0, 10.0])  # the old copy, row 3, hidden below
    book = load_workbook(
        io.BytesIO(xlsx_bytes({"IIT": tool_sheet("IIT", [A, B]), "EIT": eit, "OIT": tool_sheet("OIT", [A, B])}))
    )
    book["EIT"].row_dimensions[3].hidden = True
    data = io.BytesIO()
    book.save(data)
    result = load_files([("ita.xlsx", data.getvalue())])
    assert by_agency(result) == {a: scores(a) for a in (A, B)}
    assert problems_of(result, "tool_sheet_row_unmatched").empty


def test_two_agencies_of_one_name_are_matched_by_their_district_or_not_at_all():
    def sheet(tool, order, district=True):
        rows = [["ชื่อหน่วยงาน", *(["อำเภอ"] if district else []), *(INDICATOR_HEADERS[c] for c in TOOLS[tool])]]
        for place, base in order:
            rows.append(["องค์การบริหารส่วนตำบลบ้านใหม่", *([place] if district else []), *[base] * len(TOOLS[tool])])
        return rows

    one, other = [("เมือง", 90.0), ("ภูพาน", 60.0)], [("ภูพาน", 60.0), ("เมือง", 90.0)]
    book = {"IIT 2567": sheet("IIT", one), "EIT 2567": sheet("EIT", other), "OIT 2567": sheet("OIT", one)}
    result = load_files([("ita.xlsx", xlsx_bytes(book))])
    read = sorted(tuple(r[f"i{k}"] for k in (1, 6, 9)) for _, r in result.valid.iterrows())
    assert read == [(60.0, 60.0, 60.0), (90.0, 90.0, 90.0)]  # never 90 beside 60
    # Without a district nothing tells them apart: not matched by their order, and said at each row.
    plain = {
        name: sheet(name.split()[0], order, district=False) for name, order in zip(book, (one, other, one), strict=True)
    }
    result = load_files([("ita.xlsx", xlsx_bytes(plain))])
    assert result.valid.empty and len(problems_of(result, "tool_sheet_row_twice")) == 6


def test_a_code_written_as_text_in_one_sheet_and_as_a_number_in_another_is_one_code():
    iit, eit, oit = (tool_sheet(t, [A, B], code=True) for t in TOOLS)
    for row in eit[2:]:
        row[0] = int(row[0])  # 5470301 and '05470301' are one code too
    for row in oit[2:]:
        row[0] = "0" + row[0]
    result = load_files([("ita.xlsx", xlsx_bytes({"IIT": iit, "EIT": eit, "OIT": oit}))])
    assert by_agency(result) == {a: scores(a) for a in (A, B)}


def test_a_year_on_a_cover_sheet_holds_for_tool_sheets_that_name_none():
    untitled = {t: tool_sheet(t, [A, B])[1:] for t in TOOLS}
    book = {"ปก": [["ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. ๒๕๖๗"]], **untitled}
    result = load_files([("ita.xlsx", xlsx_bytes(book))])
    assert by_agency(result) == {a: scores(a) for a in (A, B)} and set(result.valid["year"]) == {2567}


def test_sheets_naming_their_agencies_by_code_in_one_and_by_name_in_another_are_not_joined():
    iit = [["รหัสหน่วยงาน", *(INDICATOR_HEADERS[c] for c in TOOLS["IIT"])], ["5470301", *scores(A)[:5]]]
    book = {"IIT 2567": iit, "EIT 2567": tool_sheet("EIT", [A]), "OIT 2567": tool_sheet("OIT", [A])}
    result = load_files([("ita.xlsx", xlsx_bytes(book))])  # it crashed the file's worker
    assert result.valid.empty and problems_of(result, "tool_sheets_joined").empty
    assert result.files[0].status == "read"
