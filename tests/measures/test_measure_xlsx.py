"""Measures to and from .xlsx: a round trip without loss, formula-like text never run as a formula, stale rows
refused on import, and a bad file imports nothing and says every problem with its place."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from helpers import xlsx_bytes
from openpyxl import load_workbook

from ita.measures.model import Measure, follow_up_values, measure_values
from ita.measures.store import open_store
from ita.measures.xlsx import FOLLOW_UPS_SHEET, MEASURES_SHEET, export_xlsx, import_xlsx, read_xlsx

KEY, AGENCY, YEAR = "เทศบาลตำบลพอกน้อย", "เทศบาลตำบลพอกน้อย", 2564
FORMULA_LIKE = ["=SUM(A1:A9)", "+66 42 123 456", "-จัดทำมาตรการ\n- ประกาศ", "@ผู้บริหาร", "=cmd|' /C calc'!A0"]


@pytest.fixture
def store(tmp_path):
    return open_store(f"sqlite:///{tmp_path / 'a.db'}")


def fill(store):
    """Two measures with every field used, formula-like text in each text field, and both rounds reported."""
    first = store.create_measure(
        Measure(
            KEY,
            AGENCY,
            YEAR,
            FORMULA_LIKE[0],
            (1, 9),
            guideline=FORMULA_LIKE[2],
            steps="1. ขั้นแรก\n2. ขั้นสอง",
            responsible="กองคลัง",
            monitoring=FORMULA_LIKE[3],
            start_date=dt.date(2020, 10, 1),
            due_date=dt.date(2021, 6, 30),
        ),
        who="a",
    )
    second = store.create_measure(
        Measure(KEY, AGENCY, YEAR, "มาตรการเผยแพร่ข้อมูลต่อสาธารณะ", (7,), steps=FORMULA_LIKE[4]), who="a"
    )
    store.update_follow_up(
        first.id,
        6,
        {
            "status": "in_progress",
            "progress": 45,
            "done": FORMULA_LIKE[1],
            "evidence": "https://example.go.th/a?b=1",
            "report_date": "2021-04-05",
            "reporter": "@สมชาย",
        },
        1,
        who="a",
    )
    store.update_follow_up(second.id, 12, {"status": "cannot", "reason": "-ไม่มีงบประมาณ", "progress": 10}, 1, who="a")
    return first, second


def content(store):
    return {
        item.measure.uid: (measure_values(item.measure), {r: follow_up_values(f) for r, f in item.follow_ups.items()})
        for item in store.measures_with_follow_ups(KEY, YEAR)
    }


def test_formula_like_text_is_written_as_text_with_a_quote_prefix(store):
    fill(store)
    data = export_xlsx(store.measures_with_follow_ups(KEY, YEAR))
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        sheets = [zf.read(n).decode() for n in zf.namelist() if n.startswith("xl/worksheets/sheet")]
    assert sheets and not any("<f>" in xml or "<f " in xml for xml in sheets)  # no formula anywhere
    wb = load_workbook(io.BytesIO(data))
    cells = [
        c
        for ws in wb.worksheets
        for row in ws.iter_rows(min_row=2)
        for c in row
        if isinstance(c.value, str) and c.value[:1] in "=+-@"
    ]
    assert {c.value for c in cells} >= {*FORMULA_LIKE, "@สมชาย", "-ไม่มีงบประมาณ"}
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)


def test_round_trip_into_the_same_database_changes_nothing(store):
    fill(store)
    before, history = content(store), store.history()
    data = export_xlsx(store.measures_with_follow_ups(KEY, YEAR))
    report = import_xlsx(store, "m.xlsx", data, who="b")
    assert (report.problems, report.created, report.updated, report.unchanged) == ([], 0, 0, 6)
    assert content(store) == before and store.history() == history
    # Dates are written as the app shows them, B.E. (and read back as such): 30 June 2021 is 2564-06-30.
    sheet = load_workbook(io.BytesIO(data))[MEASURES_SHEET]
    assert "2564-06-30" in [c.value for c in sheet[2]] and not any(isinstance(c.value, dt.date) for c in sheet[2])
    # A round nobody reported on (the first measure at 12 months) is blank, not "not started, 0": read back as such.
    rows = [[c.value for c in row] for row in load_workbook(io.BytesIO(data))[FOLLOW_UPS_SHEET].iter_rows(min_row=2)]
    statuses = {(row[1], row[2]): row[3:5] for row in rows}
    assert statuses[(FORMULA_LIKE[0], 12)] == [None, None] and statuses[(FORMULA_LIKE[0], 6)][1] == 45


def test_round_trip_into_an_empty_database_gives_the_same_content(store, tmp_path):
    fill(store)
    data = export_xlsx(store.measures_with_follow_ups(KEY, YEAR), lang="en")  # English headers read as well
    other = open_store(f"sqlite:///{tmp_path / 'b.db'}")
    report = import_xlsx(other, "m.xlsx", data, who="b")
    assert (report.problems, report.created, report.stale) == ([], 2, [])
    assert content(other) == content(store)
    # and exporting from there gives the same cells
    again = export_xlsx(other.measures_with_follow_ups(KEY, YEAR), lang="en")
    assert _cells(again) == _cells(data)


def _cells(data: bytes):
    wb = load_workbook(io.BytesIO(data))
    return {ws.title: [[c.value for c in row if c.column_letter] for row in ws.iter_rows()] for ws in wb.worksheets}


def test_an_edited_file_updates_only_what_changed_and_records_it(store):
    first, _ = fill(store)
    data = export_xlsx(store.measures_with_follow_ups(KEY, YEAR))
    wb = load_workbook(io.BytesIO(data))
    ws = wb[MEASURES_SHEET]
    header = [c.value for c in ws[1]]
    ws.cell(row=2, column=header.index("ผู้รับผิดชอบ") + 1, value="กองช่าง")
    buffer = io.BytesIO()
    wb.save(buffer)
    report = import_xlsx(store, "m.xlsx", buffer.getvalue(), who="ผู้นำเข้า")
    assert (report.updated, report.unchanged, report.created) == (1, 5, 0)
    last = store.history(first.id)[-1]
    assert (last.who, last.field, last.old, last.new) == ("ผู้นำเข้า", "responsible", "กองคลัง", "กองช่าง")


def test_a_follow_up_reported_through_the_workbook_names_its_reporter_as_the_grid_does(store):
    made = store.create_measure(Measure(KEY, AGENCY, YEAR, "มาตรการใหม่"), who="a")
    wb = load_workbook(io.BytesIO(export_xlsx(store.measures_with_follow_ups(KEY, YEAR))))
    ws = wb[FOLLOW_UPS_SHEET]
    header = [c.value for c in ws[1]]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=header.index("รอบ") + 1).value == 6)
    ws.cell(row=row, column=header.index("รอบ") + 1, value="รอบ 6 เดือน")  # the round as the app names it
    ws.cell(row=row, column=header.index("สถานะ") + 1, value="อยู่ระหว่างดำเนินการ")
    ws.cell(row=row, column=header.index("ความคืบหน้า (%)") + 1, value=40)
    buffer = io.BytesIO()
    wb.save(buffer)
    report = import_xlsx(store, "m.xlsx", buffer.getvalue(), who="ยุวดี")
    assert report.problems == [] and report.updated == 1
    fu = store.follow_up(made.id, 6)
    assert (fu.status, fu.progress, fu.reporter) == ("in_progress", 40, "ยุวดี")


def test_a_row_changed_since_the_export_is_refused_with_both_values(store):
    first, _ = fill(store)
    data = export_xlsx(store.measures_with_follow_ups(KEY, YEAR))
    store.update_measure(first.id, {"monitoring": "รายงานทุกเดือน"}, first.version, who="คนอื่น")
    wb = load_workbook(io.BytesIO(data))
    ws = wb[MEASURES_SHEET]
    header = [c.value for c in ws[1]]
    ws.cell(row=2, column=header.index("การกำกับติดตาม") + 1, value="รายงานทุกไตรมาส")
    buffer = io.BytesIO()
    wb.save(buffer)
    report = import_xlsx(store, "m.xlsx", buffer.getvalue(), who="b")
    (stale,) = report.stale
    assert [(c.yours, c.theirs) for c in stale.conflicts] == [("รายงานทุกไตรมาส", "รายงานทุกเดือน")]
    assert store.get_measure(first.id).monitoring == "รายงานทุกเดือน"


def test_rows_an_older_export_left_as_they_were_are_not_edits_and_say_nothing(store):
    """A reviewer's import of an older export, one cell changed on the measures sheet: five follow-up rows someone had
    reported since came back as conflicts ("yours "" / saved …"), one with the importer's name put in as reporter.
    A field that holds what it held at the export is not an edit of the file's; one the file changed still is."""
    first, second = fill(store)
    data = export_xlsx(store.measures_with_follow_ups(KEY, YEAR))
    later = store.follow_up(second.id, 6)  # reported after the export, by someone else
    store.update_follow_up(second.id, 6, {"status": "in_progress", "progress": 30}, later.version, who="คนอื่น")
    store.update_measure(second.id, {"monitoring": "รายงานทุกเดือน"}, second.version, who="คนอื่น")
    wb = load_workbook(io.BytesIO(data))
    ws = wb[MEASURES_SHEET]
    header = [c.value for c in ws[1]]
    ws.cell(row=2, column=header.index("ผู้รับผิดชอบ") + 1, value="กองช่าง")  # the one edit of the file
    buffer = io.BytesIO()
    wb.save(buffer)
    report = import_xlsx(store, "m.xlsx", buffer.getvalue(), who="ผู้นำเข้า")
    assert report.stale == [] and report.problems == [] and (report.updated, report.created) == (1, 0)
    assert store.get_measure(first.id).responsible == "กองช่าง"
    kept = store.follow_up(second.id, 6)
    assert (kept.status, kept.progress, kept.reporter) == ("in_progress", 30, "")
    assert store.get_measure(second.id).monitoring == "รายงานทุกเดือน"
    # The same old file with the follow-up the other person reported edited in it too: a real conflict, said.
    ws = wb[FOLLOW_UPS_SHEET]
    header = [c.value for c in ws[1]]
    row = next(
        r
        for r in range(2, ws.max_row + 1)
        if ws.cell(row=r, column=header.index("รอบ") + 1).value == 6 and ws.cell(row=r, column=1).value == second.uid
    )
    ws.cell(row=row, column=header.index("ความคืบหน้า (%)") + 1, value=50)  # typed alone: in progress, as in the grid
    buffer = io.BytesIO()
    wb.save(buffer)
    (stale,) = import_xlsx(store, "m.xlsx", buffer.getvalue(), who="ผู้นำเข้า").stale
    # (a report made through the file names who made it, as the grid does: the importer, against a blank)
    assert [(c.field, c.yours, c.theirs) for c in stale.conflicts] == [("progress", 50, 30), ("reporter", "ผู้นำเข้า", "")]


def test_a_bad_file_imports_nothing_and_lists_every_problem_with_its_place(store):
    data = xlsx_bytes(
        {
            MEASURES_SHEET: [
                ["มาตรการ", "ตัวชี้วัด", "วันเริ่ม", "ปีงบประมาณ"],
                ["", "1", "2020-10-01", 2564],  # no title
                ["มาตรการ ก", "12", "2019-01-01", 2564],  # unknown indicator, date outside the year
                ["มาตรการ ข", "9", "", "ปีหน้า"],
            ],  # bad year
            FOLLOW_UPS_SHEET: [["รหัสอ้างอิงมาตรการ (ห้ามแก้)", "รอบ", "ความคืบหน้า (%)"], ["nope", 6, 50]],
        }
    )
    report = import_xlsx(store, "bad.xlsx", data, who="a", agency_key=KEY, agency=AGENCY)
    places = [(p.sheet, p.row, p.column, p.code) for p in report.problems]
    assert places == [
        (MEASURES_SHEET, 2, "A", "mv_required"),
        (MEASURES_SHEET, 3, "B", "mv_indicator_unknown"),
        (MEASURES_SHEET, 3, "C", "mv_date_outside_year"),
        (MEASURES_SHEET, 4, "D", "mx_bad_year"),
        (FOLLOW_UPS_SHEET, 2, "A", "mx_follow_up_without_measure"),
    ]
    assert all(p.message_th and p.message_en for p in report.problems)
    assert store.list_measures() == [] and "ไม่ได้นำเข้า" in report.summary("th")


def test_a_minimal_sheet_takes_the_agency_and_year_from_the_page(store):
    data = xlsx_bytes({"Sheet1": [["Measure", "Indicators", "Responsible unit"], ["มาตรการใหม่", "๙, 10", "กองคลัง"]]})
    report = import_xlsx(store, "new.xlsx", data, who="a", agency_key=KEY, agency=AGENCY, year=YEAR)
    assert (report.problems, report.created) == ([], 1)
    (m,) = store.list_measures(KEY, YEAR)
    assert (m.title, m.indicators, m.responsible, m.agency) == ("มาตรการใหม่", (9, 10), "กองคลัง", AGENCY)


def test_a_year_is_read_as_in_a_results_file_thai_digits_ce_or_two_digits(store):
    rows = [["มาตรการ", "ปีงบประมาณ"], ["ก", "๒๕๖๔"], ["ข", 2020], ["ค", 64], ["ง", "ปี 64"]]
    report = import_xlsx(store, "y.xlsx", xlsx_bytes({"Sheet1": rows}), who="a", agency_key=KEY, agency=AGENCY)
    assert (report.problems, report.created) == ([], 4)
    assert sorted((m.title, m.year) for m in store.list_measures(KEY)) == [
        ("ก", 2564),
        ("ข", 2563),
        ("ค", 2564),
        ("ง", 2564),
    ]


def test_not_a_spreadsheet_is_a_problem_not_a_traceback(store):
    parsed = read_xlsx("m.xlsx", b"this is not a workbook at all")
    assert parsed.problems.has_errors and not parsed.measures


def edited_export(store, edits: dict[tuple[int, str], object], extra_rows: tuple[list, ...] = ()) -> bytes:
    """The store's export with cells changed ((file row, header) → value) and rows added to the measures sheet."""
    wb = load_workbook(io.BytesIO(export_xlsx(store.measures_with_follow_ups(KEY, YEAR))))
    ws = wb[MEASURES_SHEET]
    header = [c.value for c in ws[1]]
    for (row, head), value in edits.items():
        ws.cell(row=row, column=header.index(head) + 1, value=value)
    for extra in extra_rows:
        ws.append([extra.get(h) for h in header] if isinstance(extra, dict) else extra)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_an_import_is_all_or_nothing_a_refusal_met_late_saves_no_earlier_row(store):
    first, second = fill(store)
    before = content(store)
    # Row 2 is a valid change; row 3 moves the second measure's year: the store would refuse it.
    data = edited_export(store, {(2, "ผู้รับผิดชอบ"): "กองช่าง", (3, "ปีงบประมาณ"): 2565})
    report = import_xlsx(store, "m.xlsx", data, who="b")
    assert [(p.row, p.code) for p in report.problems] == [(3, "mx_year_differs")]
    assert content(store) == before and store.get_measure(first.id).responsible == "กองคลัง"
    # A due date outside the measure's fiscal year on row 3, a valid change on row 2: nothing saved either.
    data = edited_export(store, {(2, "ผู้รับผิดชอบ"): "กองช่าง", (3, "กำหนดเสร็จ"): "30/9/2565"})
    report = import_xlsx(store, "m.xlsx", data, who="b")
    assert report.problems and {p.row for p in report.problems} == {3} and content(store) == before


def test_an_editor_of_one_agency_importing_a_row_of_another_saves_nothing(store):
    from ita.access.roles import EDITOR, Actor

    first, _ = fill(store)
    before = content(store)
    other = {"มาตรการ": "มาตรการของหน่วยงานอื่น", "หน่วยงาน": "เทศบาลอื่น", "ปีงบประมาณ": YEAR}
    data = edited_export(store, {(2, "ผู้รับผิดชอบ"): "กองช่าง"}, (other,))
    editor = Actor("ยุวดี", EDITOR, agencies=frozenset({KEY}), signed_in=True)
    report = import_xlsx(store, "m.xlsx", data, who=editor)
    assert [(p.row, p.code) for p in report.problems] == [(4, "mx_not_allowed")]
    assert "ไม่มีแถวใดถูกบันทึก" in report.problems[0].message_th and content(store) == before


def test_a_row_of_another_agency_is_refused_on_an_agencys_page_and_the_agency_typed_by_name_is_this_one(store):
    fill(store)
    other = {"มาตรการ": "มาตรการของหน่วยงานอื่น", "หน่วยงาน": "เทศบาลอื่น", "ปีงบประมาณ": YEAR}
    mine = {"มาตรการ": "มาตรการที่พิมพ์ชื่อหน่วยงานเอง", "หน่วยงาน": AGENCY, "ปีงบประมาณ": YEAR}
    page = {"agency_key": f"{KEY}@สกลนคร", "agency": AGENCY, "year": YEAR}
    report = import_xlsx(store, "m.xlsx", edited_export(store, {}, (other,)), who="b", **page)
    assert [(p.row, p.code) for p in report.problems] == [(4, "mx_other_agency")]
    report = import_xlsx(store, "m.xlsx", edited_export(store, {}, (mine,)), who="b", **page)
    assert report.problems == [] and report.created == 1
    assert [m.title for m in store.list_measures(f"{KEY}@สกลนคร", YEAR)] == ["มาตรการที่พิมพ์ชื่อหน่วยงานเอง"]


@pytest.mark.parametrize("lang", ["th", "en"])
def test_the_page_shows_an_imports_problems_in_its_language_without_codes(store, lang):
    from ita.common.problems import problems_table
    from ita.common.text import t

    fill(store)
    report = import_xlsx(store, "m.xlsx", edited_export(store, {(3, "ปีงบประมาณ"): 2565}), who="b")
    shown = problems_table(report.problems, lang)
    assert list(shown.columns) == [
        t(k, lang) for k in ("col_severity", "col_sheet", "col_row", "col_column", "col_message")
    ]
    assert shown.iloc[0].tolist()[:3] == [t("severity_error", lang), MEASURES_SHEET, "3"]
    assert "mx_year_differs" not in shown.to_string() and "2565" in shown.iloc[0, -1]


def test_the_workbook_is_named_after_its_agency_and_year():
    """Before, every agency's export was 'measures-2564.xlsx': two downloaded side by side could not be told apart."""
    from ita.measures.xlsx import export_name

    assert export_name("เทศบาลตำบลพอกน้อย", 2564) == "measures-2564-เทศบาลตำบลพอกน้อย.xlsx"
    assert export_name("กอง/ฝ่าย: ก", 2564) == "measures-2564-กอง-ฝ่าย-ก.xlsx"  # no path separator, no colon
