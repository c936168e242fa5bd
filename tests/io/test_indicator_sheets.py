"""A workbook of a sheet per indicator ('ตัวชี้วัด1' … 'ตัวชี้วัด10'), each titled with its indicator, an agency a row
and the indicator's score under each year (or under one score heading): read as one table, a record per agency and
year, each problem said at the cell it came from. Each sheet used to be skipped on its own, and the file refused."""

from __future__ import annotations

from helpers import SEED_SCORES, problems_of, xlsx_bytes

from ita.io.importer import load_files

A, B, C = "เทศบาลตำบลพอกน้อย", "องค์การบริหารส่วนตำบลนาหัวบ่อ", "เทศบาลตำบลโพนนาแก้ว"
YEARS = (2565, 2566, 2567)
NAMES = ("การปฏิบัติหน้าที่", "การใช้งบประมาณ", "การใช้อำนาจ", "การใช้ทรัพย์สินของราชการ", "การแก้ไขปัญหาการทุจริต")


def score(agency: str, year: int, n: int) -> float:
    """Indicator ``n``'s score (1-based) of ``agency`` in ``year``: the seed's, moved by agency and year."""
    shift = {A: 0.0, B: 4.0, C: -6.0}[agency] + (year - 2566) * 1.5
    return round(min(100.0, SEED_SCORES[n - 1] + shift), 2)


def years_across(n: int, agencies=(A, B, C)) -> list[list]:
    title = f"ตัวชี้วัดที่ {n} {NAMES[n - 1]}" if n <= len(NAMES) else f"ตัวชี้วัดที่ {n}"
    rows = [[title], ["หน่วยงาน", *(f"ปี {y}" for y in YEARS)]]
    return rows + [[a, *(score(a, y, n) for y in YEARS)] for a in agencies]


def records(result) -> dict[tuple[str, int], list[float]]:
    return {(r["agency"], int(r["year"])): [r[f"i{k}"] for k in range(1, 11)] for _, r in result.valid.iterrows()}


def test_a_sheet_per_indicator_with_years_across_is_a_record_per_agency_and_year():
    book = {f"ตัวชี้วัด{n}": years_across(n, (A, B, C) if n % 2 else (C, B, A)) for n in range(1, 11)}
    result = load_files([("ตัวชี้วัดรายปี.xlsx", xlsx_bytes(book))])
    want = {(a, y): [score(a, y, n) for n in range(1, 11)] for a in (A, B, C) for y in YEARS}
    assert records(result) == want
    assert result.problems[result.problems["severity"] != "info"].empty, result.problems
    (note,) = problems_of(result, "indicator_sheets_joined").to_dict("records")
    assert note["sheet"] == "ตัวชี้วัด1" and "ตัวชี้วัด1, ตัวชี้วัด2" in note["message_en"] and "agency name" in note["message_en"]
    assert len(problems_of(result, "tool_sheet_joined")) == 9
    # Each record is said to come from its agency's row of the first sheet.
    first = result.valid.loc[result.valid["agency"] == C].iloc[0]
    assert (first["source_sheet"], int(first["source_row"])) == ("ตัวชี้วัด1", 5)


def test_a_bad_cell_is_said_at_its_own_sheet_row_and_column_and_an_agency_a_sheet_lacks_at_its_row():
    book = {f"ตัวชี้วัด{n}": years_across(n) for n in range(1, 11)}
    book["ตัวชี้วัด4"][3][2] = "ไม่มีข้อมูล?"  # row 4 (B), column C: 2566
    book["ตัวชี้วัด7"] = years_across(7, (A, B))  # C lacks indicator 7 in every year
    result = load_files([("ตัวชี้วัดรายปี.xlsx", xlsx_bytes(book))])
    bad = problems_of(result, "not_a_number").to_dict("records")
    assert [(p["sheet"], p["row"], p["column"]) for p in bad] == [("ตัวชี้วัด4", 4, "C")], bad
    assert (B, 2566) not in records(result) and (B, 2565) in records(result)
    lacking = result.problems.loc[
        (result.problems["severity"] == "error") & (result.problems["code"] != "not_a_number")
    ]
    assert set(lacking["sheet"]) == {"ตัวชี้วัด1"} and set(lacking["row"]) == {5}, lacking  # C's row, first sheet
    assert not any(agency == C for agency, _ in records(result))


def test_one_score_column_takes_the_rows_year_or_the_sheets():
    def by_year_rows(n: int) -> list[list]:
        rows = [[f"ตัวชี้วัดที่ {n}"], ["ชื่อหน่วยงาน", "ปีงบประมาณ", "คะแนน"]]
        return rows + [[a, y, score(a, y, n)] for a in (A, B) for y in YEARS[:2]]

    result = load_files([("ราย.xlsx", xlsx_bytes({f"I{n}": by_year_rows(n) for n in range(1, 11)}))])
    assert records(result) == {(a, y): [score(a, y, n) for n in range(1, 11)] for a in (A, B) for y in YEARS[:2]}

    def titled_year(n: int) -> list[list]:  # the year in the title, the indicator in the sheet's name only
        return [["ผลการประเมิน ITA ปี 2567"], ["หน่วยงาน", "คะแนน"], [A, score(A, 2567, n)], [B, score(B, 2567, n)]]

    result = load_files([("ราย.xlsx", xlsx_bytes({f"ตัวชี้วัดที่ {n}": titled_year(n) for n in range(1, 11)}))])
    assert records(result) == {(a, 2567): [score(a, 2567, n) for n in range(1, 11)] for a in (A, B)}


def test_sheets_that_do_not_name_every_indicator_are_each_said_as_before():
    book = {f"ตัวชี้วัด{n}": years_across(n) for n in range(1, 10)}  # indicator 10's sheet is missing
    result = load_files([("ตัวชี้วัดรายปี.xlsx", xlsx_bytes(book))])
    assert result.valid.empty
    assert (
        len(problems_of(result, "sheet_partial_indicators")) == 9
        and problems_of(result, "indicator_sheets_joined").empty
    )


def test_a_file_per_indicator_uploaded_together_is_read_the_same_way():
    files = [
        (f"ตัวชี้วัด{n}.csv", "\n".join(",".join(map(str, row)) for row in years_across(n)).encode()) for n in range(1, 11)
    ]
    result = load_files(files)
    assert records(result) == {(a, y): [score(a, y, n) for n in range(1, 11)] for a in (A, B, C) for y in YEARS}
    assert result.problems[result.problems["severity"] != "info"].empty, result.problems
