"""What an O42 says of the criteria its figures follow, and what the report page and command say to check first: a
year without criteria of its own is said to use the newest year's (it was called the NACC's criteria of that year),
and a grade resting on a cut-off no source confirms (2566's 70) that the file did not publish is said to need
checking (nothing was said for 2566 and 2567)."""

from __future__ import annotations

import pytest
from helpers import INDICATOR_HEADERS

from ita.analysis.agency import AgencyYear
from ita.io.importer import load_files
from ita.reports import draft_o42
from ita.reports.documents import framework_doubt

AGENCY = "เทศบาลตำบลทดสอบ"


def result_of(year: int, scores: list[float], grade: str = "") -> AgencyYear:
    header = ["ชื่อหน่วยงาน", "ปีงบประมาณ", *INDICATOR_HEADERS, *(["ระดับผลการประเมิน"] if grade else [])]
    row = [AGENCY, str(year), *(f"{s:.2f}" for s in scores), *([grade] if grade else [])]
    text = "\n".join(",".join(r) for r in (header, row)) + "\n"
    loaded = load_files([("results.csv", text.encode("utf-8"))])
    return AgencyYear.from_row(loaded.valid.iloc[0], loaded.frameworks)


def test_a_year_without_criteria_of_its_own_says_whose_criteria_it_used():
    future = result_of(2569, [90.0] * 10)
    assert future.framework.year == 2568
    text = draft_o42(future).result
    assert "หลักเกณฑ์การประเมิน ITA ของสำนักงาน ป.ป.ช. ประจำปีงบประมาณ พ.ศ. 2568 ซึ่งใช้แทน" in text
    assert "จนกว่าจะมีหลักเกณฑ์ของปีงบประมาณ พ.ศ. 2569" in text
    assert "ยังไม่มีเกณฑ์การประเมินของปี 2569 จึงใช้เกณฑ์ล่าสุดที่มี (ITA-2568)" in framework_doubt(future)
    assert "no criteria for B.E. 2569" in framework_doubt(future, "en")
    own = draft_o42(result_of(2565, [90.0] * 10)).result
    assert own.endswith("เป็นไปตามหลักเกณฑ์การประเมิน ITA ของสำนักงาน ป.ป.ช. ประจำปีงบประมาณ พ.ศ. 2565")


@pytest.mark.parametrize(
    ("year", "score", "grade", "doubt"),
    [
        (2566, 59.01, "", 'ระดับ "ต้องปรับปรุงโดยด่วน" ขึ้นกับเกณฑ์ 70 คะแนน'),
        (2567, 75.0, "", 'ระดับ "ต้องปรับปรุง" ขึ้นกับเกณฑ์ 70 คะแนน'),
        (2566, 59.01, "ต้องปรับปรุงโดยด่วน", None),  # the file publishes the grade: nothing to check
        (2566, 90.0, "", None),  # a pass does not rest on the 70
        (2563, 59.01, "", None),  # letter grades: every cut-off confirmed
    ],
)
def test_a_grade_on_an_unconfirmed_cut_off_is_said_to_need_checking(year, score, grade, doubt):
    said = framework_doubt(result_of(year, [score] * 10, grade))
    assert said == doubt if doubt is None else doubt in (said or ""), said


def test_indicators_tied_at_a_tools_lowest_are_all_named_never_one_by_its_number():
    """Two of IIT's indicators at 80.00, and OIT's two at 90.00: the draft named 'การใช้อำนาจ' the lowest of IIT and
    'การเปิดเผยข้อมูล' of OIT, and section 4 called each alone the tool's lowest."""
    draft = draft_o42(result_of(2566, [95.0, 90.0, 88.0, 95.0, 88.0, 95.0, 96.0, 97.0, 90.0, 90.0]))
    iit, eit, oit = draft.recommendations.split("\n\n")
    assert "คือ การใช้อำนาจ และการแก้ไขปัญหาการทุจริต ซึ่งได้ 88.00 คะแนนเท่ากัน" in iit
    assert "คือ คุณภาพการดำเนินงาน (95.00 คะแนน)" in eit  # one lowest: as before
    assert "ทุกตัวชี้วัดของเครื่องมือนี้ได้ 90.00 คะแนนเท่ากัน" in oit
    rows = {r.number: r for r in draft.issues}
    assert sorted(rows) == [3, 5, 6, 9]  # both tied IIT rows; OIT's equal pair said once, of both
    assert "เท่ากับตัวชี้วัดการแก้ไขปัญหาการทุจริต" in rows[3].improve and "เท่ากับตัวชี้วัดการใช้อำนาจ" in rows[5].improve
    assert "ทุกตัวชี้วัดของเครื่องมือนี้ได้ 90.00 คะแนนเท่ากัน" in rows[9].improve and "เท่ากับ" not in rows[6].improve


def test_a_tie_at_the_end_of_a_tools_issues_is_kept_whole():
    """Section 4 lists at most two indicators under the pass mark per tool; a third tied with the second is listed
    too, not left out by its number."""
    draft = draft_o42(result_of(2566, [70.0, 80.0, 80.0, 90.0, 90.0, 95.0, 95.0, 95.0, 95.0, 95.0]))
    assert [r.number for r in draft.issues if r.tool == "IIT"] == [1, 2, 3]


@pytest.mark.parametrize("year", [2563, 2567, 2568])
def test_the_oit_indicators_are_described_without_a_count_that_changes_by_year(year):
    """The OIT checklist of 2563–2564 had 5 issues (indicator 9) and 2 (10); 2567's about 33 items, 2568's about
    26. The 2567 and 2568 documents described their indicators 9 and 10 'ใน 5 ประเด็น', 'ใน 2 ประเด็น'."""
    draft = draft_o42(result_of(year, [70.0] * 8 + [60.0, 65.0]))
    oit = [r for r in draft.issues if r.number in (9, 10)]
    assert len(oit) == 2 and not [r.assessment for r in oit if "ประเด็น คือ" in r.assessment]
    assert all(f"ที่สำนักงาน ป.ป.ช. กำหนดในปี พ.ศ. {year}" in r.assessment for r in oit)  # the year, named


def test_when_every_indicator_passes_the_lowest_is_no_strength():
    """Every indicator at 85 or more: the lowest was named the lowest and, in the next sentence, a strength; 3.2
    listed all ten. Then nine of ten were named "strengths, above the lowest", which told a reader nothing. The
    strengths are now the highest three (ties kept), and the heading says so."""
    from ita.reports.claims import check_o42

    result = result_of(2567, [96.0, 95.0, 97.0, 96.0, 95.0, 93.0, 92.0, 85.11, 98.0, 97.0])
    draft = draft_o42(result)
    strong = draft.analysis.split("จุดแข็งที่โดดเด่นของ")[1].split(" ซึ่งได้คะแนนสูงเป็นลำดับต้น")[0]
    assert strong.endswith("การเปิดเผยข้อมูล การใช้อำนาจ และการป้องกันการทุจริต")  # 98, 97 and 97
    assert "การปรับปรุงการทำงาน" not in strong and "การปฏิบัติหน้าที่" not in strong  # the lowest; a fourth, 96
    assert draft.analysis.count("ทุกตัวชี้วัดได้คะแนนตั้งแต่เกณฑ์ 85") == 1  # said once, by the closing sentence
    assert "ตัวชี้วัดที่ได้คะแนนน้อยที่สุดคือ ตัวชี้วัดการปรับปรุงการทำงาน ได้ 85.11 คะแนน" in draft.analysis
    assert check_o42(result, draft.texts().values()) == []
    said_more = draft.analysis.replace(strong, strong.replace(" และ", " การปฏิบัติหน้าที่ และ", 1))
    texts = {**draft.texts(), "analysis": said_more}
    assert [f.claim for f in check_o42(result, texts.values())] == ["strengths"]  # the check holds the rule too


def test_a_tie_at_the_last_strength_is_not_named_when_it_would_make_them_many():
    """Two at 92 over five at 88: seven were named "the highest", five of them not."""
    from ita.reports.claims import check_o42

    result = result_of(2567, [88.0, 88.0, 88.0, 88.0, 88.0, 86.0, 86.0, 86.0, 92.0, 92.0])
    draft = draft_o42(result)
    strong = draft.analysis.split("จุดแข็งที่โดดเด่นของ")[1].split(" ซึ่งได้คะแนนสูงเป็นลำดับต้น")[0]
    assert strong.endswith("การเปิดเผยข้อมูล และการป้องกันการทุจริต") and "การปฏิบัติหน้าที่" not in strong
    assert check_o42(result, draft.texts().values()) == []
