"""The issue's "done when", at the store level: the seed's three measures for 2564 for เทศบาลตำบลพอกน้อย
(whose 2563 result is in the sample data), 6- and 12-month progress, the overview, an .xlsx export imported back
unchanged (into the same database and into an empty one), and every change in the history."""

from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go
import pytest
from helpers import SAMPLES
from helpers.stores import BACKENDS, database_url

from ita.io.importer import load_files
from ita.measures import charts as measure_charts
from ita.measures import overview as measure_overview
from ita.measures.library import entry, suggestions_for
from ita.measures.model import follow_up_values, measure_values
from ita.measures.store import open_store
from ita.measures.xlsx import export_xlsx, import_xlsx

SEED = ["seed-discretion", "seed-disclosure", "seed-integrity-pledge"]
REPORTS = {  # entry → round → what the municipality reported
    "seed-discretion": {
        6: {
            "status": "in_progress",
            "progress": 50,
            "done": "จัดทำร่างมาตรการแล้ว",
            "report_date": dt.date(2021, 3, 31),
            "reporter": "ยุวดี อุเทนสุต",
        },
        12: {
            "status": "done",
            "progress": 100,
            "done": "ประกาศและเผยแพร่บนเว็บไซต์แล้ว",
            "evidence": "https://www.phoknoi.go.th/ita/o42",
            "report_date": dt.date(2021, 9, 30),
            "reporter": "ยุวดี อุเทนสุต",
        },
    },
    "seed-disclosure": {
        6: {
            "status": "in_progress",
            "progress": 40,
            "done": "=เพิ่มช่องทาง Facebook แล้ว",
            "report_date": dt.date(2021, 3, 31),
            "reporter": "ยุวดี อุเทนสุต",
        },
        12: {
            "status": "in_progress",
            "progress": 80,
            "done": "-เว็บไซต์ใหม่อยู่ระหว่างทดสอบ",
            "report_date": dt.date(2021, 10, 15),
            "reporter": "ยุวดี อุเทนสุต",
        },
    },
    "seed-integrity-pledge": {
        6: {
            "status": "done",
            "progress": 100,
            "done": "ผู้บริหารประกาศเจตจำนงแล้ว",
            "evidence": "@ประกาศ ลงวันที่ 1 ต.ค. 2563",
            "report_date": dt.date(2021, 3, 31),
            "reporter": "ยุวดี อุเทนสุต",
        },
        12: {
            "status": "cannot",
            "progress": 60,  # the part done before it could not go on (at 100 % it would be done)
            "reason": "ผู้บริหารพ้นจากตำแหน่ง",
            "report_date": dt.date(2021, 9, 30),
            "reporter": "+ยุวดี",
        },
    },
}


@pytest.fixture(params=BACKENDS)
def urls(request, tmp_path):
    with database_url(request.param, tmp_path / "a") as first, database_url(request.param, tmp_path / "b") as second:
        yield first, second


def content(store, agency_key, year):
    """Everything a user typed, keyed by measure uid (ids and versions are the database's own business)."""
    return {
        item.measure.uid: (measure_values(item.measure), {r: follow_up_values(f) for r, f in item.follow_ups.items()})
        for item in store.measures_with_follow_ups(agency_key, year)
    }


def test_seed_measures_for_2564_from_setting_to_history(urls):
    url, other_url = urls
    results = load_files([(p.name, p.read_bytes()) for p in [SAMPLES / "phok-noi-2563.xlsx"]]).valid
    row = results.loc[results["agency"] == "เทศบาลตำบลพอกน้อย"].iloc[0]
    agency_key, agency, result_year = row["agency_key"], row["agency"], int(row["year"])
    assert result_year == 2563
    year = result_year + 1
    store = open_store(url)
    who = "ยุวดี อุเทนสุต"

    # 1. Suggestions answer the weakest indicators (การปรับปรุงการทำงาน, 71.85, first); the seed's three
    #    measures are added from the library with one call each.
    suggested = suggestions_for(results, agency_key, result_year)
    assert suggested and suggested[0].target.indicator.number == 8 and suggested[0].below_pass
    made = {key: store.create_measure(entry(key).to_measure(agency_key, agency, year), who=who) for key in SEED}
    assert [m.title for m in store.list_measures(agency_key, year)] == [
        "มาตรการตรวจสอบการใช้ดุลพินิจ",
        "มาตรการเผยแพร่ข้อมูลต่อสาธารณะ",
        "ประกาศเจตจำนงการบริหารงานด้วยความซื่อสัตย์สุจริตอย่างมีคุณธรรมและโปร่งใส",
    ]
    assert {m.responsible for m in made.values()} == {"สำนักปลัดเทศบาล"}
    assert all(m.start_date == dt.date(2020, 10, 1) and m.due_date == dt.date(2021, 9, 30) for m in made.values())
    # ...and then edited.
    store.update_measure(
        made["seed-discretion"].id, {"responsible": "กองการเจ้าหน้าที่"}, made["seed-discretion"].version, who=who
    )

    # 2. Six- and twelve-month progress.
    for key, rounds in REPORTS.items():
        for round_months, values in rounds.items():
            fu = store.follow_up(made[key].id, round_months)
            store.update_follow_up(made[key].id, round_months, values, fu.version, who=who)

    # 3. The overview, as of 1 January 2022 (after the fiscal year).
    items = store.measures_with_follow_ups(agency_key, year)
    counts = measure_overview.status_counts(items).set_index(["round", "status"])["count"]
    assert counts[(6, "in_progress")] == 2 and counts[(6, "done")] == 1
    assert (counts[(12, "done")], counts[(12, "in_progress")], counts[(12, "cannot")]) == (1, 1, 1)
    late = measure_overview.overdue(items, dt.date(2022, 1, 1))
    assert list(late["title"]) == ["มาตรการเผยแพร่ข้อมูลต่อสาธารณะ"] and late["days_late"].iloc[0] == 93
    units = measure_overview.progress_by_unit(items, 12).set_index("responsible")
    assert units.loc["สำนักปลัดเทศบาล", "measures"] == 2 and units.loc["สำนักปลัดเทศบาล", "mean_progress"] == 70
    assert units.loc["กองการเจ้าหน้าที่", "done"] == 1
    status = measure_charts.status_by_round(measure_overview.status_counts(items))
    unit = measure_charts.progress_by_unit(measure_overview.progress_by_unit(items, 12), "รอบ 12 เดือน")
    for fig in (status, unit):
        assert isinstance(fig, go.Figure) and fig.data
    # A count in a narrow segment is never turned on its side; the long title is two lines, not cut at both ends.
    assert {bar.textangle for bar in status.data} == {0} and "<br>(รอบ 12 เดือน)" in unit.layout.title.text

    # 4. Export, and import back: unchanged in the same database, identical in an empty one.
    before = content(store, agency_key, year)
    data = export_xlsx(items)
    same = import_xlsx(store, "measures.xlsx", data, who="import")
    assert (same.problems, same.created, same.updated, same.stale) == ([], 0, 0, [])
    assert same.unchanged == 9  # 3 measures and 6 follow-ups
    assert content(store, agency_key, year) == before
    elsewhere = open_store(other_url)
    fresh = import_xlsx(elsewhere, "measures.xlsx", data, who="import")
    assert (fresh.problems, fresh.created, fresh.stale) == ([], 3, [])
    assert content(elsewhere, agency_key, year) == before
    assert export_xlsx(elsewhere.measures_with_follow_ups(agency_key, year)) != b""

    # 5. Every change is in the history: 3 creations, 1 edit, every reported field, nothing from the no-op import.
    changes = [c for m in made.values() for c in store.history(m.id)]
    assert {c.action for c in changes} == {"create", "update"}
    assert {c.who for c in changes} == {who}
    reported = sum(len(values) for rounds in REPORTS.values() for values in rounds.values())
    follow_up_changes = [c for c in changes if c.entity == "follow_up"]
    assert len(follow_up_changes) == reported  # one history row per reported field
    assert [(c.field, c.old, c.new) for c in changes if c.entity == "measure" and c.action == "update"] == [
        ("responsible", "สำนักปลัดเทศบาล", "กองการเจ้าหน้าที่")
    ]
