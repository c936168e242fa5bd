"""A fiscal year written as the period it spans: '2022/23', 'FY2023-24', 'ต.ค. 2565 - ก.ย. 2566'. The Thai fiscal year
runs from October to September, so each is the year it ends in; the importer read the first year (2565 for 2022/23,
one year early and graded by the wrong year's rules), with only a note."""

from __future__ import annotations

import pytest
from helpers import INDICATOR_HEADERS, SEED_SCORES, xlsx_bytes

from ita.io.importer import load_files

PHOK_NOI = "เทศบาลตำบลพอกน้อย"


@pytest.mark.parametrize(
    ("written", "year"),
    [
        ("2022/23", 2566),
        ("FY2023/24", 2567),
        ("FY2023-24", 2567),
        ("2022/2023", 2566),
        ("๒๐๒๒/๒๓", 2566),
        ("2566", 2566),
    ],
)
def test_a_fiscal_period_in_the_year_column_is_the_year_it_ends_in(written, year):
    header = ["ชื่อหน่วยงาน", "ปีงบประมาณ", *INDICATOR_HEADERS]
    result = load_files([("ita.xlsx", xlsx_bytes({"ITA": [header, [PHOK_NOI, written, *SEED_SCORES]]}))])
    assert result.valid["year"].tolist() == [year]


@pytest.mark.parametrize(
    ("sheet", "title", "year"),
    [
        ("FY2023-24", None, 2567),
        ("FY24", None, 2567),  # C.E. 2024 written short after FY; 'FY67' is B.E.
        ("FY 23", None, 2566),
        ("FY24-25", None, 2568),
        ("FY67", None, 2567),
        ("ผล ITA", "ผลการประเมิน ITA ปีงบประมาณ 2022/23 (ต.ค. 2565 - ก.ย. 2566)", 2566),
        ("ผล ITA", "ผลการประเมิน ITA (1 ตุลาคม 2565 – 30 กันยายน 2566)", 2566),
        ("ผล ITA", "ผลการประเมิน ITA ปีงบประมาณ พ.ศ. 2566 (ต.ค. 2565 - ก.ย. 2566)", 2566),
    ],
)
def test_a_fiscal_period_in_a_sheets_name_or_title_is_the_year_it_ends_in(sheet, title, year):
    rows = [*([[title]] if title else []), ["ชื่อหน่วยงาน", *INDICATOR_HEADERS], [PHOK_NOI, *SEED_SCORES]]
    result = load_files([("ita.xlsx", xlsx_bytes({sheet: rows}))])
    assert result.valid["year"].tolist() == [year]
    assert result.problems[result.problems["severity"] == "error"].empty


def test_the_year_on_a_cover_sheet_is_the_workbooks():
    """A cover sheet names the year ('ประจำปีงบประมาณ พ.ศ. ๒๕๖๗'); the results sheet, named 'ผลคะแนน', names none. The
    file was refused for want of a year."""
    cover = [["รายงานผลการประเมินคุณธรรมและความโปร่งใส (ITA)"], ["ประจำปีงบประมาณ พ.ศ. ๒๕๖๗"]]
    table = [["ชื่อหน่วยงาน", *INDICATOR_HEADERS], [PHOK_NOI, *SEED_SCORES]]
    result = load_files([("ita.xlsx", xlsx_bytes({"ปก": cover, "ผลคะแนน": table}))])
    assert result.valid["year"].tolist() == [2567] and not result.has_errors
    assert "ปก" in result.problems.loc[result.problems["code"] == "year_from_cover", "message_en"].iloc[0]
    two = [["ประจำปีงบประมาณ พ.ศ. 2566"]]  # two covers of two years: no one year, refused as before
    refused = load_files([("ita.xlsx", xlsx_bytes({"ปก": cover, "ปก 2": two, "ผลคะแนน": table}))])
    assert refused.valid.empty and "no_year" in set(refused.problems["code"])


def test_last_years_row_under_each_agency_is_its_last_year():
    """A table of 2567 'เทียบกับปี 2566', each agency's row followed by '   ปี 2566' with last year's scores: a
    person reads each agency's two years. The 2566 rows were skipped ('named by a year, not an agency'). One such
    row alone at the table's foot (last year's average) is no agency's: skipped, as before."""
    rows = [["ผลการประเมิน ITA ปีงบประมาณ พ.ศ. 2567 เทียบกับปี 2566"], ["ชื่อหน่วยงาน", *INDICATOR_HEADERS]]
    rows += [[PHOK_NOI, *SEED_SCORES], ["   ปี 2566", *[80.0] * 10], ["เทศบาลตำบลนาหัวบ่อ", *[90.0] * 10]]
    rows += [["   ปี 2566", *[85.0] * 10]]
    result = load_files([("compare.xlsx", xlsx_bytes({"เปรียบเทียบ": rows}))])
    got = result.valid.set_index(["agency", "year"])["i1"].to_dict()
    assert got == {
        (PHOK_NOI, 2567): SEED_SCORES[0],
        (PHOK_NOI, 2566): 80.0,
        ("เทศบาลตำบลนาหัวบ่อ", 2567): 90.0,
        ("เทศบาลตำบลนาหัวบ่อ", 2566): 85.0,
    }
    (said,) = result.problems.loc[result.problems["code"] == "year_rows_under_agencies", "message_en"]
    assert "Rows 4, 6" in said and "delete them" in said
    lone = load_files([("avg.xlsx", xlsx_bytes({"เปรียบเทียบ": [*rows[:3], rows[4], ["ปี 2566", *[78.5] * 10]]}))])
    assert sorted(lone.valid["year"]) == [2567, 2567] and "year_row" in set(lone.problems["code"])


@pytest.mark.parametrize("title", ["ผลการประเมิน ITA 2022-2023", "ITA 2022 - 2023"])
def test_two_whole_years_with_a_dash_are_two_years_not_a_period(title):
    """'ITA 2022-2023' may compare two years: two years, not the fiscal period 2566 ('2022/23', '2022/2023' and
    'FY2022-2023' are periods)."""
    from ita.io.values import years_in_text

    assert [be for be, _ in years_in_text(title)] == [2565, 2566]
    assert [be for be, _ in years_in_text("FY2022-2023")] == [2566]
    assert [be for be, _ in years_in_text("ปีงบฯ 67")] == [2567]  # the word shortened with ฯ: was not a year


def test_a_notes_sheet_after_the_results_gives_them_no_year():
    """Only a cover, before the results, gives its year: a notes sheet after them ('คู่มือ ITA ปี 2566') does not."""
    table = [["ชื่อหน่วยงาน", *INDICATOR_HEADERS], [PHOK_NOI, *SEED_SCORES]]
    notes = [["หมายเหตุ: ดูคู่มือ ITA ประจำปีงบประมาณ พ.ศ. 2566"]]
    result = load_files([("ita.xlsx", xlsx_bytes({"ผลคะแนน": table, "หมายเหตุ": notes}))])
    assert result.valid.empty and "no_year" in set(result.problems["code"])


@pytest.mark.parametrize(
    ("header", "source"),
    [
        (["ชื่อหน่วยงาน", *INDICATOR_HEADERS, "คะแนน ITA ปี 2567", "ผลการประเมินปี 2567"], "header"),
        (["ชื่อหน่วยงาน (ปีงบประมาณ 2567)", *INDICATOR_HEADERS, "คะแนนรวม"], "header"),
    ],
)
def test_a_year_only_in_the_tables_own_headings_is_its_year(header, source):
    """The total headed 'คะแนน ITA ปี 2567' (or the names 'ชื่อหน่วยงาน (ปีงบประมาณ 2567)') and no year elsewhere: a
    person reads 2567. The file was refused for want of a year, and the total's column was left unused."""
    total = [89.55] if len(header) == 13 else [89.55, "ผ่านดี"]
    rows = [header, [PHOK_NOI, *SEED_SCORES, *total]]
    result = load_files([("ita.xlsx", xlsx_bytes({"ผลคะแนน": rows}))])
    assert result.valid["year"].tolist() == [2567] and not result.has_errors
    said = result.problems.loc[result.problems["code"] == "year_from", "message_en"].tolist()
    assert said == ["Fiscal year 2567 taken from the table's column headings."]
    if "คะแนนรวม" not in header:
        assert result.valid["reported_total"].notna().all()  # the total's column is the table's total


def test_a_total_headed_with_another_year_beside_the_total_gives_no_year():
    """'คะแนนรวม' and 'คะแนนรวมปี 2566' (last year's, for comparison): the table is not 2566's."""
    rows = [["ชื่อหน่วยงาน", *INDICATOR_HEADERS, "คะแนนรวม", "คะแนนรวมปี 2566"], [PHOK_NOI, *SEED_SCORES, 89.55, 80.0]]
    result = load_files([("ita.xlsx", xlsx_bytes({"ผลคะแนน": rows}))])
    assert result.valid.empty and "no_year" in set(result.problems["code"])


def test_a_source_note_under_the_table_names_its_year():
    """'ที่มา: ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2567 … (ข้อมูล ณ 30 กันยายน 2567)' under the table, no year above it:
    2567. A note that names no results ('เทียบกับปี 2566'), or names two years, gives none."""
    table = [["ชื่อหน่วยงาน", *INDICATOR_HEADERS], [PHOK_NOI, *SEED_SCORES], []]
    note = ["ที่มา: ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2567, สำนักงาน ป.ป.ช. (ข้อมูล ณ 30 กันยายน 2566)"]
    result = load_files([("ita.xlsx", xlsx_bytes({"ผลคะแนน": [*table, note]}))])
    assert result.valid["year"].tolist() == [2567] and not result.has_errors
    assert "note under the table" in " ".join(result.problems["message_en"])
    for other in (["หมายเหตุ: คะแนนเทียบกับปี 2566"], ["ผลการประเมิน ITA ปี 2566 และ 2567"]):
        refused = load_files([("ita.xlsx", xlsx_bytes({"ผลคะแนน": [*table, other]}))])
        assert refused.valid.empty and "no_year" in set(refused.problems["code"])


def test_a_hidden_lookup_sheet_without_a_year_is_the_visible_tables_source_not_an_error():
    """'สรุป 2567' visible, its cells looked up from a hidden 'raw' sheet that names no year: the file failed with
    "choose the year" for a sheet the user never sees. The hidden sheet is left out with a warning; a hidden sheet
    beside no readable visible one is still asked for its year."""
    import io

    from openpyxl import Workbook

    def book(visible_year: bool) -> bytes:
        wb = Workbook()
        wb.active.title = "สรุป 2567" if visible_year else "สรุป"
        for ws in (wb.active, wb.create_sheet("raw")):
            ws.append(["ชื่อหน่วยงาน", *INDICATOR_HEADERS])
            ws.append([PHOK_NOI, *SEED_SCORES])
        wb["raw"].sheet_state = "hidden"
        buffer = io.BytesIO()
        wb.save(buffer)
        return buffer.getvalue()

    result = load_files([("ita.xlsx", book(True))])
    assert not result.has_errors and result.valid["source_sheet"].tolist() == ["สรุป 2567"]
    assert result.problems.loc[result.problems["sheet"] == "raw", "code"].tolist() == ["hidden_source_sheet"]
    neither = load_files([("ita.xlsx", book(False))])
    assert "no_year" in set(neither.problems["code"]) and "hidden_source_sheet" not in set(neither.problems["code"])


def test_the_file_names_year_wins_over_a_note_and_a_headings_date_is_no_year():
    """A note comparing with last year ('ผลการประเมิน ITA ปีงบประมาณ 2566 …') under a table in ita-2567.csv gave 2566 over
    the file's name; a heading 'ชื่อหน่วยงาน (ข้อมูล ณ วันที่ 5 มกราคม 2568)' gave 2568, a date's year."""
    table = [["ชื่อหน่วยงาน", *INDICATOR_HEADERS], [PHOK_NOI, *SEED_SCORES], []]
    note = [["เทียบกับผลการประเมิน ITA ปีงบประมาณ 2566"]]
    result = load_files([("ita-2567.xlsx", xlsx_bytes({"ผลคะแนน": [*table, *note]}))])
    assert result.valid["year"].tolist() == [2567]
    dated = [["ชื่อหน่วยงาน (ข้อมูล ณ วันที่ 5 มกราคม 2568)", *INDICATOR_HEADERS], [PHOK_NOI, *SEED_SCORES]]
    refused = load_files([("ita.xlsx", xlsx_bytes({"ผลคะแนน": dated}))])
    assert refused.valid.empty and "no_year" in set(refused.problems["code"])


@pytest.mark.parametrize("heading", ["ปีงบประมาณ พ.ศ. {year}", "ปี {short}"])
def test_groups_headed_by_a_years_row_are_that_years_rows(heading):
    """Found by a reviewer: one header, a row 'ปีงบประมาณ พ.ศ. 2566' over five agencies, then '… 2567' over the same
    five. Every agency was refused (no year), and with one given, the two groups were the same agencies in conflict.
    A heading 'ปี 65' merged across the table under the header was also taken for a note."""
    rows = [["ชื่อหน่วยงาน", *INDICATOR_HEADERS]]
    for year, score in ((2566, 80.0), (2567, 90.0)):
        rows.append([heading.format(year=year, short=year - 2500)])
        rows += [[PHOK_NOI, score, *SEED_SCORES[1:]], ["เทศบาลตำบลนาหัวบ่อ", score, *SEED_SCORES[1:]]]
    result = load_files([("ita.xlsx", xlsx_bytes({"Sheet1": rows}))])
    assert not result.has_errors
    assert result.valid.set_index(["agency", "year"])["i1"].to_dict() == {
        (PHOK_NOI, 2566): 80.0,
        ("เทศบาลตำบลนาหัวบ่อ", 2566): 80.0,
        (PHOK_NOI, 2567): 90.0,
        ("เทศบาลตำบลนาหัวบ่อ", 2567): 90.0,
    }
    assert "year_from_heading_rows" in set(result.problems["code"])


@pytest.mark.parametrize(
    ("titles", "year"),
    [
        # An O42's title names the year of its measures; the table's own line names the results it analyses.
        (["มาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. 2564", "ผลการประเมิน ITA ปีงบประมาณ พ.ศ. 2563"], 2563),
        (["แผนปฏิบัติการ ปีงบประมาณ 2568", "ผลคะแนน ITA ปี 2567"], 2567),
        (["รายงานผลการประเมิน ITA ประจำปี 2567 (ผลปีงบประมาณ 2566)"], 2566),
        (["ผลการประเมิน ITA ปี 2566 เทียบกับปี 2565"], 2566),  # a comparison: the first, as before
    ],
)
def test_titles_naming_a_plans_year_and_the_results_year_give_the_results_year(titles, year):
    rows = [[t] for t in titles] + [["ชื่อหน่วยงาน", *INDICATOR_HEADERS], [PHOK_NOI, *SEED_SCORES]]
    result = load_files([("ita.xlsx", xlsx_bytes({"Sheet1": rows}))])
    assert result.valid["year"].tolist() == [year]


@pytest.mark.parametrize("name", ["ผลITA66_15-01-2567.xlsx", "ผลITA66_ส่งจังหวัด_15-01-2567.xlsx"])
def test_a_date_in_a_file_name_is_when_it_was_sent_not_its_year(name):
    rows = [["ชื่อหน่วยงาน", *INDICATOR_HEADERS], [PHOK_NOI, *SEED_SCORES]]
    result = load_files([(name, xlsx_bytes({"Sheet1": rows}))])
    assert result.valid["year"].tolist() == [2566]
