"""Saving what a user did in the grid editors (the editor's own record of edits, as st.data_editor keeps it in
session_state), the readable history, the overview and the library's suggestions."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from ita.measures import overview as measure_overview
from ita.measures.grid import (
    follow_up_frame,
    history_frame,
    measures_frame,
    pending_changes,
    save_follow_ups,
    save_measures,
)
from ita.measures.library import library, suggest, weakest
from ita.measures.model import FollowUp, Measure, MeasureWithFollowUps, measure_year_choices, responsible_units
from ita.measures.rounds import summarise_round
from ita.measures.store import open_store
from ita.rules.frameworks import default_frameworks

KEY, AGENCY, YEAR = "เทศบาลตำบลพอกน้อย", "เทศบาลตำบลพอกน้อย", 2564
SCOPE = dict(agency_key=KEY, agency=AGENCY, year=YEAR)


@pytest.fixture
def store(tmp_path):
    s = open_store(f"sqlite:///{tmp_path / 'm.db'}")
    for title in ("มาตรการ ก", "มาตรการ ข"):
        s.create_measure(Measure(KEY, AGENCY, YEAR, title, (9,)), who="setup")
    return s


def shown(store):
    return measures_frame(store.list_measures(KEY, YEAR))


def test_edits_additions_and_deletions_are_applied_from_the_editor_state(store):
    frame = shown(store)
    state = {
        "edited_rows": {"0": {"title": "มาตรการ ก (แก้)", "indicators": ["1", "9"]}},
        "added_rows": [{"title": "มาตรการใหม่", "responsible": "กองช่าง", "due_date": "2021-06-30"}, {}],
        "deleted_rows": [1],
    }
    assert pending_changes(state) == 3
    report = save_measures(store, frame, state, who="สมชาย", **SCOPE)
    assert (report.updated, report.created, [d[2] for d in report.deleted]) == (
        ["มาตรการ ก (แก้)"],
        ["มาตรการใหม่"],
        ["มาตรการ ข"],
    )
    live = store.list_measures(KEY, YEAR)
    assert [(m.title, m.indicators) for m in live] == [("มาตรการ ก (แก้)", (1, 9)), ("มาตรการใหม่", ())]
    assert live[1].start_date == dt.date(2020, 10, 1) and live[1].due_date == dt.date(2021, 6, 30)
    assert all(kind == "success" for kind, _ in report.messages("th"))


def test_any_invalid_row_saves_nothing_and_says_which_row(store):
    frame = shown(store)
    state = {
        "edited_rows": {0: {"title": "ถูกต้อง"}, 1: {"due_date": "2022-01-01"}},
        "added_rows": [{"indicators": ["3"]}],
        "deleted_rows": [],
    }
    report = save_measures(store, frame, state, who="x", **SCOPE)
    assert [(p.row, p.problem.code) for p in report.invalid] == [(2, "mv_date_outside_year"), (3, "mv_required")]
    assert not report.saved_anything and [m.title for m in store.list_measures(KEY, YEAR)] == ["มาตรการ ก", "มาตรการ ข"]
    kinds = [kind for kind, _ in report.messages("en")]
    assert kinds == ["error"] * 3 and "Nothing saved" in report.messages("en")[0][1]


def test_a_row_saved_by_someone_else_meanwhile_is_refused_and_the_rest_saved(store):
    frame = shown(store)  # what this user sees
    first = store.list_measures(KEY, YEAR)[0]
    store.update_measure(first.id, {"responsible": "กองคลัง"}, first.version, who="คนอื่น")
    state = {"edited_rows": {0: {"responsible": "กองช่าง"}, 1: {"steps": "1. ทำ"}}}
    report = save_measures(store, frame, state, who="ฉัน", **SCOPE)
    assert report.updated == ["มาตรการ ข"] and len(report.stale) == 1
    kind, text = [m for m in report.messages("th") if m[0] == "warning"][0]
    assert "กองช่าง" in text and "กองคลัง" in text and "คนอื่น" in text
    assert store.get_measure(first.id).responsible == "กองคลัง"


def test_dates_in_the_editors_are_buddhist_era_text_typed_as_people_write_them(store):
    """Issue 11: the grid shows '2563-10-01', not 2020-10-01; a date typed '15 ม.ค. 2564' or '30/6/64' is saved,
    and a message about a date names it in B.E."""
    frame = shown(store)
    assert frame.loc[0, "start_date"] == "" and frame.loc[0, "due_date"] == ""
    state = {
        "edited_rows": {0: {"start_date": "15 ม.ค. 2564", "due_date": "30/6/64"}},
        "added_rows": [{"title": "ใหม่", "due_date": "๓๑ ก.ค. ๒๕๖๔"}],
    }
    report = save_measures(store, frame, state, who="ก", **SCOPE)
    assert not report.invalid, report.invalid
    first, added = store.list_measures(KEY, YEAR)[0], store.list_measures(KEY, YEAR)[2]
    assert (first.start_date, first.due_date) == (dt.date(2021, 1, 15), dt.date(2021, 6, 30))
    assert added.start_date == dt.date(2020, 10, 1) and added.due_date == dt.date(2021, 7, 31)
    again = shown(store)
    assert list(again.loc[0, ["start_date", "due_date"]]) == ["2564-01-15", "2564-06-30"]
    assert again.loc[2, "start_date"] == "2563-10-01"  # the fiscal year's first day, B.E.
    bad = save_measures(store, again, {"edited_rows": {1: {"due_date": "1 ต.ค. 2564"}}}, who="ก", **SCOPE)
    (problem,) = bad.messages("th")[1:]
    assert "2564-10-01" in problem[1] and "2563-10-01 ถึง 2564-09-30" in problem[1] and "2021" not in problem[1]
    unread = save_measures(store, again, {"edited_rows": {1: {"due_date": "สิ้นปี"}}}, who="ก", **SCOPE)
    assert [p.problem.code for p in unread.invalid] == ["mv_date_unreadable"]
    history = history_frame(store.history(first.id), {first.id: first.title}, {}, "th")
    assert "2564-06-30" in set(history["ค่าใหม่"])  # the history shows dates B.E. too
    rows = follow_up_frame(store.measures_with_follow_ups(KEY, YEAR), 6)
    assert set(rows["report_date"]) == {""}


def test_follow_up_edits_get_the_editors_name_as_reporter(store):
    items = store.measures_with_follow_ups(KEY, YEAR)
    frame = follow_up_frame(items, 6)
    assert list(frame["title"]) == ["มาตรการ ก", "มาตรการ ข"] and list(frame["version"]) == [1, 1]
    report = save_follow_ups(
        store,
        frame,
        {"edited_rows": {1: {"status": "in_progress", "progress": 30.0}}},
        round_months=6,
        year=YEAR,
        who="ยุวดี",
    )
    assert len(report.updated) == 1
    fu = store.follow_up(items[1].measure.id, 6)
    assert (fu.status, fu.progress, fu.reporter) == ("in_progress", 30, "ยุวดี")
    bad = save_follow_ups(
        store,
        follow_up_frame(store.measures_with_follow_ups(KEY, YEAR), 6),
        {"edited_rows": {0: {"status": "cannot"}}},
        round_months=6,
        year=YEAR,
        who="ยุวดี",
    )
    assert [p.problem.code for p in bad.invalid] == ["mv_reason_required"]
    assert '"เหตุผลที่ดำเนินการไม่ได้"' in bad.invalid[0].problem.message_th  # the column to type it in, named
    # 'Done' chosen in a round nobody had reported on, its progress left blank: done is 100 %. Before, the blank
    # was read as 0 and refused: 'ดำเนินการแล้วเสร็จ แต่ความคืบหน้า 0%'.
    twelve = follow_up_frame(store.measures_with_follow_ups(KEY, YEAR), 12)
    assert list(twelve["progress"]) == ["", ""]  # nobody reported at 12 months: blank
    done = save_follow_ups(
        store, twelve, {"edited_rows": {0: {"status": "done"}}}, round_months=12, year=YEAR, who="ยุวดี"
    )
    assert not done.invalid and store.follow_up(items[0].measure.id, 12).progress == 100


def test_a_progress_typed_in_thai_digits_or_with_a_percent_sign_is_read_and_nonsense_is_refused_at_its_cell(store):
    """The grid's progress was a number cell: the browser dropped '๕๐' and the row saved 0 % without a word, which the
    O43 then printed. The cell is text now, read by the store: Thai digits and '%' are taken, words are refused."""
    items = store.measures_with_follow_ups(KEY, YEAR)
    frame = follow_up_frame(items, 6)
    assert frame["progress"].map(type).eq(str).all()  # the grid gets text cells, as typed
    edits = {0: {"status": "in_progress", "progress": "๕๐"}, 1: {"status": "in_progress", "progress": "35%"}}
    saved = save_follow_ups(store, frame, {"edited_rows": edits}, round_months=6, year=YEAR, who="ยุวดี")
    assert not saved.invalid and [store.follow_up(i.measure.id, 6).progress for i in items] == [50, 35]
    again = follow_up_frame(store.measures_with_follow_ups(KEY, YEAR), 6)
    assert list(again["progress"]) == ["50", "35"]
    bad = save_follow_ups(
        store, again, {"edited_rows": {0: {"progress": "ครึ่งหนึ่ง"}}}, round_months=6, year=YEAR, who="ยุวดี"
    )
    assert [(p.row, p.problem.code) for p in bad.invalid] == [(1, "mv_number_unreadable")]
    assert store.follow_up(items[0].measure.id, 6).progress == 50


def test_a_round_nobody_reported_on_is_blank_and_its_progress_alone_reports_it(store):
    """Not reported is not "not started, 0 %": the grid shows the round blank beside the report that stands for it
    (the 6-month one here); typing a progress alone reports the round with the status it says."""
    first, second = store.list_measures(KEY, YEAR)
    store.update_follow_up(first.id, 6, {"status": "in_progress", "progress": 40}, 1, who="ยุวดี")
    frame = follow_up_frame(store.measures_with_follow_ups(KEY, YEAR), 12)
    assert list(frame["status"]) == ["", ""] and list(frame["progress"]) == ["", ""]
    assert frame.loc[0, "carried"].startswith("อยู่ระหว่างดำเนินการ 40%") and frame.loc[1, "carried"] == ""
    six = follow_up_frame(store.measures_with_follow_ups(KEY, YEAR), 6)
    assert (six.loc[0, "status"], six.loc[0, "progress"], six.loc[1, "status"]) == ("in_progress", "40", "")
    report = save_follow_ups(
        store, frame, {"edited_rows": {0: {"progress": 100}, 1: {"progress": 25}}}, round_months=12, year=YEAR, who="ก"
    )
    assert not report.invalid and len(report.updated) == 2
    assert (store.follow_up(first.id, 12).status, store.follow_up(second.id, 12).status) == ("done", "in_progress")
    again = follow_up_frame(store.measures_with_follow_ups(KEY, YEAR), 12)
    assert list(again["status"]) == ["done", "in_progress"] and list(again["progress"]) == ["100", "25"]


def test_a_note_alone_in_a_round_nobody_reported_on_keeps_the_report_that_stood_for_it(store):
    """Finished at 6 months, a note typed alone in the 12-month round: still finished, 100 %. Before, the round was
    saved as "not started, 0 %", and the O43 printed that."""
    first, second = store.list_measures(KEY, YEAR)
    store.update_follow_up(first.id, 6, {"status": "done", "progress": 100}, 1, who="ยุวดี")
    frame = follow_up_frame(store.measures_with_follow_ups(KEY, YEAR), 12)
    edits = {"edited_rows": {0: {"done": "ทบทวนแผนรอบปลายปีแล้ว"}, 1: {"done": "ยังไม่เริ่ม"}}}
    report = save_follow_ups(store, frame, edits, round_months=12, year=YEAR, who="ก", today=dt.date(2021, 9, 20))
    assert not report.invalid and len(report.updated) == 2
    kept = store.follow_up(first.id, 12)
    assert (kept.status, kept.progress, kept.done) == ("done", 100, "ทบทวนแผนรอบปลายปีแล้ว")
    assert kept.report_date == dt.date(2021, 9, 20)  # reported today, as the O43 states it
    late = follow_up_frame(store.measures_with_follow_ups(KEY, YEAR), 6)
    save_follow_ups(
        store,
        late,
        {"edited_rows": {1: {"progress": 10}}},
        round_months=6,
        year=YEAR,
        who="ก",
        today=dt.date(2023, 1, 5),
    )
    assert store.follow_up(second.id, 6).report_date is None  # a day no report of the year can carry: left blank
    assert (store.follow_up(second.id, 12).status, store.follow_up(second.id, 12).progress) == ("not_started", 0)
    # 'Cannot be done' carried with its reason: a note alone saves (found in review: the reason was asked for).
    third = store.create_measure(Measure(KEY, AGENCY, YEAR, "มาตรการ ค"), who="ก")
    store.update_follow_up(third.id, 6, {"status": "cannot", "progress": 20, "reason": "ไม่มีงบ"}, 1, who="ก")
    frame = follow_up_frame(store.measures_with_follow_ups(KEY, YEAR), 12)
    row = int(frame.index[frame["title"] == "มาตรการ ค"][0])
    edits = {"edited_rows": {row: {"done": "รองบปีหน้า"}}}
    assert not save_follow_ups(store, frame, edits, round_months=12, year=YEAR, who="ก").invalid
    kept = store.follow_up(third.id, 12)
    assert (kept.status, kept.progress, kept.reason, kept.done) == ("cannot", 20, "ไม่มีงบ", "รองบปีหน้า")


def test_the_history_reads_in_thai_newest_first(store):
    m = store.list_measures(KEY, YEAR)[0]
    store.update_follow_up(m.id, 12, {"status": "done", "progress": 100}, 1, who="ยุวดี")
    store.delete_measure(m.id, m.version, who="ยุวดี")
    rounds = {f.id: r for r, f in store.follow_ups([m.id])[m.id].items()}
    frame = history_frame(store.history(m.id), {m.id: m.title}, rounds, "th")
    assert list(frame.columns) == ["เวลา", "ผู้แก้ไข", "การกระทำ", "ช่อง", "ค่าเดิม", "ค่าใหม่", "รายการ", "ฉบับที่"]
    assert list(frame["การกระทำ"]) == ["ลบ", "แก้ไข", "แก้ไข", "สร้าง", "สร้าง"]
    status = frame.loc[frame["ช่อง"] == "สถานะ"].iloc[0]
    assert (status["รายการ"], status["ค่าเดิม"], status["ค่าใหม่"]) == (
        "มาตรการ ก · รอบ 12 เดือน",
        "ยังไม่ดำเนินการ",
        "ดำเนินการแล้วเสร็จ",
    )


def _item(title, unit, due, six, twelve):
    m = Measure(KEY, AGENCY, YEAR, title, responsible=unit, due_date=due, id=hash(title) % 1000)
    return MeasureWithFollowUps(m, {6: FollowUp(m.id, 6, *six), 12: FollowUp(m.id, 12, *twelve)})


def test_overview_counts_overdue_and_units_by_the_rule_of_the_o43():
    """A round's figures as its O43 states them: a report carried forward (ก, done at 6 months, is done at 12),
    and a measure nobody reported on (ค) counted as not reported, never averaged in as 0 %."""
    items = [
        _item("ก", "กองคลัง", dt.date(2021, 3, 31), ("done", 100), ("not_started", 0)),
        _item("ข", "กองคลัง", None, ("in_progress", 40), ("in_progress", 70)),
        _item("ค", "", dt.date(2021, 5, 1), ("not_started", 0), ("not_started", 0)),
    ]
    counts = measure_overview.status_counts(items, "en").set_index(["round", "status"])["count"]
    assert len(counts) == 10 and counts.sum() == 6
    for round_months in (6, 12):
        assert (counts[(round_months, "done")], counts[(round_months, "in_progress")]) == (1, 1)
        assert counts[(round_months, "not_reported")] == 1 and counts[(round_months, "not_started")] == 0
    late = measure_overview.overdue(items, dt.date(2021, 6, 1))
    assert list(late["title"]) == ["ค"] and late["days_late"].tolist() == [31]  # ก is done in its latest round
    # Nobody reported on ค: said so, never "not started, 0 %" (as the grid and the chart say it).
    assert (late.loc[0, "status"], late.loc[0, "round"]) == ("ยังไม่ได้รายงานผล", "") and pd.isna(late.loc[0, "progress"])
    late = measure_overview.overdue(items, dt.date(2021, 10, 1))
    assert list(late["title"]) == ["ค", "ข"]
    units = measure_overview.progress_by_unit(items, 12).to_dict("records")
    assert units[0]["responsible"] == "(ไม่ระบุผู้รับผิดชอบ)" and np.isnan(units[0]["mean_progress"])
    assert units[1] == {"responsible": "กองคลัง", "measures": 2, "mean_progress": 85.0, "done": 1}
    six, twelve = (measure_overview.numbers(items, dt.date(2021, 10, 1), r) for r in (6, 12))
    assert (six.measures, six.done, six.mean_progress, six.reported, six.overdue) == (3, 1, 70.0, 2, 2)
    assert (twelve.done, twelve.mean_progress, twelve.reported) == (1, 85.0, 2)
    summary = summarise_round(items, 12)  # the O43's own figures: the same
    assert (summary.by_status["done"], summary.mean_progress, summary.reported) == (1, 85.0, 2)


def test_a_round_nobody_reported_on_yet_is_drawn_as_carried_not_as_reported():
    """Found by a reviewer: the 12-month bar, before anyone reported on it, showed the 6-month statuses in the same
    solid colours, as if reported. The counts say how many are carried forward, and the chart draws them pale and
    outlined, with one legend entry saying what pale means. Never a hatch pattern: the browser drew such bars (and
    their counts) as nothing (Plotly fills them with url(#…), which the app's page does not resolve)."""
    from ita.measures import charts as measure_charts

    items = [
        _item("ก", "กองคลัง", None, ("done", 100), ("not_started", 0)),  # 12 months: nothing of its own
        _item("ข", "กองคลัง", None, ("in_progress", 40), ("in_progress", 70)),
    ]
    counts = measure_overview.status_counts(items, "th").set_index(["round", "status"])
    assert counts.loc[(12, "done"), ["count", "carried"]].tolist() == [1, 1]
    assert counts.loc[(12, "in_progress"), ["count", "carried"]].tolist() == [1, 0]
    assert counts.loc[(6, "done"), ["count", "carried"]].tolist() == [1, 0]
    fig = measure_charts.status_by_round(measure_overview.status_counts(items, "th"))
    assert all(bar.marker.pattern.shape is None for bar in fig.data)
    pale = [bar for bar in fig.data if bar.marker.line.width]
    assert [(list(bar.y), list(bar.x)) for bar in pale if bar.x[0] is not None] == [
        (["รอบ 6 เดือน", "รอบ 12 เดือน"], [0, 1])
    ]
    done = measure_charts.STATUS_COLORS["done"]
    assert [bar.marker.line.color for bar in pale if bar.x[0] is not None] == [done]
    assert pale[0].marker.color != done and pale[0].textfont.color == "#102a43"  # pale, its count dark
    assert [bar.name for bar in pale if bar.showlegend is not False] == ["สีจาง: ยกมาจากรอบก่อน ยังไม่รายงานรอบนี้"]
    solid_done = next(bar for bar in fig.data if bar.name == "ดำเนินการแล้วเสร็จ" and not bar.marker.line.width)
    assert list(solid_done.x) == [1, 0]  # 12 months: no solid 'done' of its own


def test_the_library_starts_with_the_seed_and_covers_every_indicator():
    entries = library()
    assert [e.title for e in entries[:3]] == [
        "มาตรการตรวจสอบการใช้ดุลพินิจ",
        "มาตรการเผยแพร่ข้อมูลต่อสาธารณะ",
        "ประกาศเจตจำนงการบริหารงานด้วยความซื่อสัตย์สุจริตอย่างมีคุณธรรมและโปร่งใส",
    ]
    assert {n for e in entries for n in e.indicators} == set(range(1, 11))
    assert len({e.id for e in entries}) == len(entries)
    assert "สำนักปลัดเทศบาล" in responsible_units() and len(responsible_units()) == 8


def test_suggestions_follow_the_weakest_indicators_and_skip_what_exists():
    framework = default_frameworks().by_year[2563]
    scores = [95, 95, 95, 95, 95, 95, 95, 95, 70, 96]  # only indicator 9 is weak
    found = suggest(scores, framework)
    assert found and all(9 in s.entry.indicators for s in found[:3]) and found[0].below_pass
    titles = [s.entry.title for s in found]
    again = suggest(scores, framework, existing_titles=[titles[0].replace(" ", "")])
    assert titles[0] not in [s.entry.title for s in again]


def test_an_agency_with_every_indicator_at_the_pass_mark_gets_measures_for_its_lowest():
    """Before, none: the measures page then said the agency had no result that year."""
    framework = default_frameworks().by_year[2567]
    scores = [93.8, 95.05, 97.65, 97.58, 91.76, 95.1, 100.0, 89.18, 95.65, 86.37]  # Phok Noi's 2567: 93.38
    assert [(r.indicator.number, under) for r, under in weakest(scores, framework)] == [
        (10, False),
        (8, False),
        (5, False),
    ]
    found = suggest(scores, framework)
    assert found and found[0].target.indicator.number == 10 and not any(s.below_pass for s in found)


@pytest.mark.parametrize(
    "results, stored, wanted, expected",
    [
        ([2562, 2563], [], None, ([2564, 2563], 2564)),
        ([2563], [2566], None, ([2566, 2564], 2564)),
        ([2563], [], 2565, ([2565, 2564], 2565)),
    ],
)
def test_measure_years_default_to_the_year_after_the_latest_result(results, stored, wanted, expected):
    assert measure_year_choices(results, stored, wanted) == expected


def test_an_agency_without_results_gets_the_current_fiscal_year():
    years, default = measure_year_choices([], [])
    today = dt.date.today()
    assert years == [default] and default == today.year + 543 + (today.month >= 10)


def test_a_library_measure_names_its_fiscal_year_and_writes_figures_as_the_document_does():
    """The pledge's steps ended 'ประจำปีงบประมาณ' with no year; a guideline had 'มาตรา ๙ … พ.ศ. ๒๕๔๐' among Arabic
    figures."""
    pledge = next(e for e in library() if "ประกาศเจตจำนง" in e.steps)
    assert pledge.to_measure("k", "ก", 2568).steps.endswith("ประจำปีงบประมาณ พ.ศ. 2568")
    texts = [e.for_year(2568) for e in library()]
    assert not [t.id for t in texts if "{year}" in t.title + t.guideline + t.steps + t.monitoring]
    assert not [t.id for t in texts if any("๐" <= ch <= "๙" for ch in t.guideline + t.steps)]
