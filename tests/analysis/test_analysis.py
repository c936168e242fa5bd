"""Analysis: strengths and weaknesses, points lost, the next band, what-if, peers and change."""

from __future__ import annotations

import pandas as pd
import pytest
from helpers import SAMPLES, SEED_SCORES

from ita.analysis.metrics import (
    changes,
    gap_to_next,
    peer_position,
    points_lost,
    ranking,
    share_passing,
    strengths_weaknesses,
    what_if,
)
from ita.io.importer import load_paths
from ita.rules.frameworks import load_frameworks
from ita.rules.scoring import score_one

FW = load_frameworks()
F2563, F2566 = FW.by_year[2563], FW.by_year[2566]


def test_seed_strengths_and_urgent_weakness_come_from_the_data():
    sw = strengths_weaknesses(SEED_SCORES, F2563)
    assert [(r.indicator.name_th, r.score) for r in sw.ranked[:3]] == [
        ("การป้องกันการทุจริต", 87.50),
        ("การปฏิบัติหน้าที่", 83.65),
        ("การเปิดเผยข้อมูล", 80.06),
    ]
    # A strength is at or above the year's pass mark (85): 83.65 and 80.06 rank second and third but are not.
    assert [r.indicator.name_th for r in sw.strengths] == ["การป้องกันการทุจริต"]
    assert [(r.indicator.name_th, r.score) for r in sw.weaknesses] == [("การปรับปรุงการทำงาน", 71.85)]
    # The seed report called การเปิดเผยข้อมูล a weakness while ranking it third: we must not.
    assert "การเปิดเผยข้อมูล" not in [r.indicator.name_th for r in sw.weaknesses]
    assert len(sw.below_pass) == 9 and sw.below_pass[0].score == 71.85


@pytest.mark.parametrize(("score", "count"), [(84.99, 0), (85.0, 10)])
def test_strengths_may_be_none_or_all(score, count):
    assert len(strengths_weaknesses([score] * 10, F2563).strengths) == count


def test_ties_are_never_split():
    scores = [90, 90, 90, 90, 80, 80, 70, 70, 60, 60]
    sw = strengths_weaknesses(scores, F2563, n_weaknesses=1)
    assert [r.indicator.number for r in sw.strengths] == [1, 2, 3, 4]  # four share the top rank
    assert [r.rank for r in sw.ranked[:5]] == [1, 1, 1, 1, 5]
    assert sorted(r.indicator.number for r in sw.weaknesses) == [9, 10]


def test_points_lost_is_weight_times_shortfall():
    lost = points_lost(SEED_SCORES, F2563)
    first = lost.iloc[0]
    assert (first["number"], round(first["points_lost"], 3)) == (9, 3.988)  # 20 % × 19.94
    assert lost["points_lost"].sum() == pytest.approx(100 - 80.0026, abs=1e-9)


def test_the_cheapest_route_to_the_next_band_runs_through_oit():
    gap = gap_to_next(SEED_SCORES, F2563)
    assert (gap.current.code, gap.target.code, gap.points_needed) == ("B", "A", 5.0)
    assert {s.indicator.tool for s in gap.route} == {"OIT"}
    assert gap.increase_sum == pytest.approx(25.0, abs=0.02)  # 5 points / 20 % weight
    assert gap.result.grade.code == "A" and gap.result.total >= 85.0
    # Water-filling: the lower OIT indicator is raised first, both end level.
    assert [s.target for s in gap.route] == [96.28, 96.28]


def test_route_is_no_longer_than_any_single_indicator_route():
    gap = gap_to_next(SEED_SCORES, F2563)
    for k in range(10):
        ind = F2563.indicators[k]
        need = 5.0 - 0.0026  # total points missing
        alone = need * 100 / ind.weight
        if SEED_SCORES[k] + alone <= 100:
            assert gap.increase_sum <= alone + 0.02


def test_2566_floors_decide_the_route_when_the_total_is_enough():
    scores = [99.0] * 5 + [84.0] * 3 + [99.2, 99.5]  # 94.64, ผ่าน because EIT < 85
    gap = gap_to_next(scores, F2566)
    assert (gap.current.label_th, gap.target.label_th) == ("ผ่าน", "ผ่านดี")
    assert gap.points_needed == 0 and gap.floors_short == {"EIT": 1.0}
    assert {s.indicator.tool for s in gap.route} == {"EIT"}
    assert gap.result.grade.label_th == "ผ่านดี"


def test_2566_from_needs_improvement_to_pass():
    gap = gap_to_next([80.0] * 10, F2566)
    assert (gap.current.label_th, gap.target.label_th, gap.points_needed) == ("ต้องปรับปรุง", "ผ่าน", 5.0)
    assert gap.result.grade.label_th == "ผ่าน"


def test_top_band_has_no_next():
    gap = gap_to_next([100.0] * 10, F2563)
    assert gap.target is None and gap.route == []


@pytest.mark.parametrize("scores", [[50.0] * 10, [99.99] * 5 + [60.0] * 5, [0.0] * 10, SEED_SCORES])
@pytest.mark.parametrize("year", [2563, 2566])
def test_every_route_reaches_its_target(scores, year):
    fw = FW.by_year[year]
    gap = gap_to_next(scores, fw)
    if gap.target is not None:
        assert fw.grades.index(gap.result.grade) <= fw.grades.index(gap.target)
        assert all(s.delta > 0 and s.target <= 100 for s in gap.route)


def test_what_if_changes_the_grade():
    after = what_if(SEED_SCORES, {9: 100.0, 10: 100.0}, F2563)
    assert after.total == pytest.approx(80.0026 + 0.2 * (100 - 80.06) + 0.2 * (100 - 87.5), abs=0.005)
    assert after.grade.code == "A"
    assert what_if(SEED_SCORES, {}, F2563).total == score_one(SEED_SCORES, F2563).total
    assert what_if(SEED_SCORES, {1: 140.0}, F2563).indicators[0] == 100.0  # clamped


@pytest.fixture(scope="module")
def province():
    return load_paths([SAMPLES / "sakon-nakhon-2562-2568.xlsx"]).valid


def test_peer_position_among_same_type(province):
    row = province.loc[(province["agency"] == "เทศบาลตำบลพอกน้อย") & (province["year"] == 2563)].iloc[0]
    peers = province["agency_type"] == "เทศบาลตำบล"
    pos = peer_position(province, row["agency_key"], 2563, peers)
    same_type = province.loc[peers & (province["year"] == 2563), "total"]
    assert pos.count == len(same_type) == 15
    assert pos.rank == int((same_type > 80.0).sum()) + 1
    assert 0 < pos.percentile <= 100
    assert pos.median == pytest.approx(same_type.median())


def test_percentile_counts_ties_half():
    table = pd.DataFrame({"agency_key": list("abcd"), "year": 2563, "total": [70.0, 80.0, 80.0, 90.0]})
    pos = peer_position(table, "b", 2563)
    assert (pos.rank, pos.percentile) == (2, 50.0)  # (1 below + 0.5 × 2 equal) / 4
    ranked = ranking(table)
    assert ranked.set_index("agency_key")["rank"].to_dict() == {"a": 4, "b": 2, "c": 2, "d": 1}
    assert ranked.set_index("agency_key")["percentile"].to_dict() == {"a": 12.5, "b": 50.0, "c": 50.0, "d": 87.5}


def test_change_against_the_previous_year(province):
    key = province.loc[province["agency"] == "เทศบาลตำบลพอกน้อย", "agency_key"].iloc[0]
    change = changes(province, key, ["total", "i9"])
    assert change["year"].tolist() == list(range(2562, 2569))
    assert pd.isna(change["total_change"].iloc[0])
    assert change["total_change"].iloc[1] == pytest.approx(80.0 - change["total"].iloc[0])
    # The view of one year has the years up to it: a reviewer's slide of 2568 plotted 2569, loaded since.
    from ita.analysis.agency import agency_year

    assert agency_year(province, key, 2565).history["year"].tolist() == [2562, 2563, 2564, 2565]
    assert agency_year(province, key, 2568).history["year"].tolist() == list(range(2562, 2569))


def test_share_passing_per_year(province):
    share = share_passing(province).set_index("year")
    assert share.loc[2568, "share"] > share.loc[2562, "share"]
    assert share.loc[2563, "agencies"] == 48


@pytest.mark.parametrize("lang", ["th", "en"])
def test_the_weakness_sentence_with_every_indicator_passing_names_the_lowest_never_an_empty_list(lang):
    from ita.analysis import narrative
    from ita.analysis.agency import AgencyYear

    scores = [99.0, 99.0, 99.0, 99.0, 99.0, 99.0, 98.7, 99.0, 99.0, 99.0]
    view = AgencyYear.from_row({"agency": "ก", "year": 2568, **{f"i{k}": s for k, s in enumerate(scores, 1)}})
    text = narrative.weaknesses(view, lang)
    assert "98.70" in text and "คือ  " not in text and "is ," not in text
    assert ("ไม่มีจุดอ่อนที่ต้องแก้ไขโดยเร่งด่วน" if lang == "th" else "No weakness needs fixing urgently") in text


def test_the_peer_sentence_counts_whom_the_agency_beats_and_says_when_it_is_alone():
    from ita.analysis import narrative
    from ita.analysis.agency import agency_year

    table = load_paths([SAMPLES / "sakon-nakhon-2562-2568.xlsx"]).valid
    in_year = table.loc[(table["year"] == 2563) & (table["agency_type"] == "องค์การบริหารส่วนตำบล")]
    last = in_year.sort_values("total").iloc[0]
    text = narrative.peers(agency_year(table, last["agency_key"], 2563), "en")
    count = len(in_year)
    assert f"Ranked {count} of {count} in the group (Subdistrict" in text and f"than 0 of the other {count - 1}" in text
    alone = table.groupby(["year", "agency_type"]).filter(lambda g: len(g) == 1).iloc[0]
    text = narrative.peers(agency_year(table, alone["agency_key"], int(alone["year"])), "th")
    assert "เป็นหน่วยงานเดียวในกลุ่ม" in text and "ร้อยละ" not in text


def test_a_datasets_card_counts_what_the_import_summary_counts_and_says_it_in_good_english():
    """'อ่านได้ 5 แถว · 4 หน่วยงาน' on the card beside 'ใช้ได้ 1 แถว · 1 หน่วยงาน' in the import's summary, a row
    repeated inside the file said to repeat 'another file's', and '1 rows read · 1 agencies' in English."""
    import datetime as dt

    from helpers import INDICATOR_HEADERS, xlsx_bytes

    from ita.analysis.loaded import dataset_rows, problems_view
    from ita.io.importer import load_files
    from ita.storage.datasets import Dataset

    rows = [["ชื่อหน่วยงาน", *INDICATOR_HEADERS], ["ทต.ก", *SEED_SCORES], ["ทต.ก", *SEED_SCORES]]
    rows += [["ทต.ข", *SEED_SCORES[:9], 120], ["ทต.ค", *SEED_SCORES[:9], 130]]
    result = load_files([("mixed.xlsx", xlsx_bytes({"ITA 2563": rows}))])
    stored = Dataset(1, "mixed.xlsx", "0" * 64, 2048, dt.datetime(2026, 12, 7, 10), "", None, True)
    [(_, card)] = dataset_rows([stored], result, "th")
    assert "ใช้ได้ 1 แถว" in card and "1 หน่วยงาน ปี 2563" in card and "1 แถวซ้ำกับแถวอื่น" in card, card
    assert "ไฟล์อื่น" not in card and "แถวที่มีข้อผิดพลาด 2" in card
    [(_, english)] = dataset_rows([stored], result, "en")
    assert "1 agency, year 2563" in english and "1 row repeats another row" in english, english
    one = load_files([("one.xlsx", xlsx_bytes({"ITA 2563": rows[:2]}))])
    assert "1 row read" in dataset_rows([replace_name(stored, "one.xlsx")], one, "en")[0][1]
    # A bundled sample is said in the page's language (it was 'by (ตัวอย่าง / sample)' in English, 'โดย (ตัวอย่าง /
    # sample)' in Thai); a small file's size is not '0 KB'.
    from dataclasses import replace

    from ita.storage.datasets import SAMPLE_UPLOADER

    sample = replace(stored, uploaded_by=SAMPLE_UPLOADER, size=300)
    [(_, english)] = dataset_rows([sample], result, "en")
    assert "bundled sample" in english and "sample)" not in english and "300 bytes" in english, english
    [(_, thai)] = dataset_rows([sample], result, "th")
    assert "ข้อมูลตัวอย่างที่มากับโปรแกรม" in thai and "sample" not in thai and "300 ไบต์" in thai, thai
    [(_, small)] = dataset_rows([replace(sample, size=26)], result, "en")  # a reviewer saw '0.0 KB'
    [(_, larger)] = dataset_rows([replace(sample, size=2048)], result, "en")
    assert "26 bytes" in small and "KB" not in small and "2.0 KB" in larger
    # The upload's own summary, in good English too ('1 warnings', 'years 2567' before).
    from ita.storage.uploads import ReadSummary

    said = ReadSummary(rows=1, usable=1, agencies=1, years=(2567,), errors=0, warnings=1).text("en")
    assert said == "1 row read, 1 usable · 1 agency, year 2567 · 0 errors · 1 warning (see the problems table)"
    # A whole file's note has no row: None, never NaN (the data page read NaN as a row and stopped with an error).
    view = problems_view(result, "th", severities=["info", "warning", "error"])
    file_level = view.loc[view["_row_raw"].map(lambda v: v is None)]
    assert len(file_level) and all(v is None or isinstance(v, int) for v in view["_row_raw"])


def replace_name(stored, name):
    from dataclasses import replace

    return replace(stored, name=name)


def test_the_cells_around_a_whole_rows_problem_are_said_as_its_row():
    """Found by a reviewer: 'คอลัมน์ -' under a whole row's problem (and the rows' numbers headed 'row' in Thai)."""
    from ita.analysis.loaded import cell_caption

    assert cell_caption("a.xlsx", "ITA", 5, None, "th") == "a.xlsx · ชีต ITA · แถว 5 (แถวที่ระบายสี)"
    assert cell_caption("a.xlsx", "ITA", 5, "C", "en") == "a.xlsx · sheet ITA · row 5 · column C (the highlighted cell)"
