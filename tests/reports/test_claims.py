"""The claims checker (issue 10, point 7): every O42 and O43 of the samples' agency-years for 2563, 2566 and 2567
says nothing the data contradict, and the checker does catch each kind of false claim planted in a document."""

from __future__ import annotations

import importlib.util
from dataclasses import replace

import pytest
from helpers import ROOT, SAMPLES

from ita.analysis.agency import AgencyYear, agency_year
from ita.io.importer import load_paths
from ita.reports.claims import check_agency, check_o42, check_o43
from ita.reports.draft import draft_o42
from ita.reports.o43 import follow_up_rows
from ita.reports.o43_draft import draft_o43
from ita.reports.templates import load_templates

pytestmark = pytest.mark.xdist_group("reports")


def script():
    spec = importlib.util.spec_from_file_location("check_claims", ROOT / "scripts" / "check_claims.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def table():
    return load_paths(sorted(SAMPLES.glob("*.xlsx"))).valid


def test_every_sample_document_of_2563_2566_2567_checks_out(capsys):
    assert script().main([]) == 0
    said = capsys.readouterr().out.strip().splitlines()
    assert said[-1].startswith("183 agency-years, 549 documents checked: 0 contradicted claims"), said[-3:]


def test_rendered_documents_check_out_too(capsys):
    assert script().main(["--render", "--years", "2567", "--limit", "3"]) == 0
    assert "9 documents checked (rendered): 0 contradicted" in capsys.readouterr().out


def claims(findings) -> set[str]:
    return {f.claim.split(" ")[0] for f in findings}


def test_false_o42_claims_are_caught(table):
    view = agency_year(table, "จังหวัดสกลนคร", 2567)  # ผ่านดี, IIT and EIT under the 95 floor of ผ่านดีเยี่ยม
    texts = draft_o42(view).texts()
    assert check_o42(view, texts.values()) == []
    wrong = dict(texts)
    wrong["result"] = texts["result"].replace("93.74", "93.75")
    assert claims(check_o42(view, wrong.values())) == {"total"}
    # The slip: the points alone, without the tools under the floor.
    start, end = texts["result"].index(" พร้อมทั้งเพิ่ม"), texts["result"].index(" เพื่อให้ได้ระดับ")
    wrong["result"] = texts["result"][:start] + texts["result"][end:]
    assert "route" in claims(check_o42(view, wrong.values()))
    wrong = dict(texts, result=texts["result"].replace("ระดับ ผ่านดี ซึ่ง", "ระดับ ผ่านดีเยี่ยม ซึ่ง"))
    assert "grade" in claims(check_o42(view, wrong.values()))
    wrong = dict(texts, result=texts["result"] + " คำนวณตามเกณฑ์ ITA-2567")
    assert claims(check_o42(view, wrong.values())) == {"wording"}

    weak = agency_year(table, "เทศบาลตำบลพอกน้อย", 2563)
    texts = draft_o42(weak).texts()
    assert check_o42(weak, texts.values()) == []
    # Strengths taken as the top three whatever their scores (83.65 and 80.06 are under 85).
    wrong = dict(
        texts,
        analysis=texts["analysis"].replace(
            "คือ การป้องกันการทุจริต ซึ่ง", "คือ การป้องกันการทุจริต การปฏิบัติหน้าที่ และ การเปิดเผยข้อมูล ซึ่ง"
        ),
    )
    assert claims(check_o42(weak, wrong.values())) == {"strengths"}
    wrong = dict(texts, analysis=texts["analysis"].replace("จำนวน 9 ตัวชี้วัด", "จำนวน 8 ตัวชี้วัด"))
    assert claims(check_o42(weak, wrong.values())) == {"below"}
    wrong = dict(texts, analysis=texts["analysis"].replace("เร่งด่วนคือ การปรับปรุงการทำงาน", "เร่งด่วนคือ การใช้อำนาจ"))
    assert claims(check_o42(weak, wrong.values())) == {"urgent"}


def test_false_o43_claims_are_caught(table):
    view = agency_year(table, "เทศบาลตำบลพอกน้อย", 2563)
    measures = script().demo_measures(table, view)
    tpl = load_templates()
    draft = draft_o43(view, measures, 12)
    rows = follow_up_rows(measures, 12, tpl)
    assert "(ผลจากรายงานรอบ 6 เดือน)" in rows[0][2]  # finished at 6 months, carried to 12
    assert check_o43(view, measures, 12, draft.texts().values(), rows) == []
    # The slip: a measure finished in the 6-month round shown as not reported at 12 months.
    dropped = [[rows[0][0], "ยังไม่ได้รายงานผล", "ยังไม่ได้รายงานผล", "-"], *rows[1:]]
    assert claims(check_o43(view, measures, 12, draft.texts().values(), dropped)) == {"follow_up"}
    # ... and an unreported measure averaged in as 0 %: (100 + 80 + 0) / 3.
    summary = draft.summary.replace("ร้อยละ 90 (จาก 2 มาตรการ", "ร้อยละ 60 (จาก 3 มาตรการ")
    assert summary != draft.summary
    wrong = replace(draft, summary=summary).texts().values()
    assert claims(check_o43(view, measures, 12, wrong, rows)) == {"mean"}
    # ... and a progress written with a digit more: 'ร้อยละ 9' is not 'ร้อยละ 90'.
    said = rows[1][2]
    assert "ร้อยละ 80" in said
    tenfold = [rows[0], [rows[1][0], rows[1][1], said.replace("ร้อยละ 80", "ร้อยละ 800")], *rows[2:]]
    assert claims(check_o43(view, measures, 12, draft.texts().values(), tenfold)) == {"follow_up"}


def test_check_agency_reads_all_three_documents(table):
    view = agency_year(table, "มหาวิทยาลัยราชภัฏสกลนคร", 2566)
    checked = check_agency(view, script().demo_measures(table, view))
    assert [c.document for c in checked] == ["o42", "o43-6", "o43-12"] and all(not c.findings for c in checked)


def test_the_urgent_bands_route_to_a_pass_and_two_urgent_weaknesses_check_out():
    """An agency in 2566's lowest band is told what a pass takes (the 70 between the failing bands is confirmed by no
    source): the checker called each such route contradicted ("the data say '10.99'"), and read two urgent weaknesses,
    each in its own clause, as none. Both now check out, and a wrong figure is still caught."""
    scores = [50.0, 60.0, 55.0, 62.0, 58.0, 61.0, 57.0, 59.0, 60.0, 63.0]
    row = {"agency": "เทศบาลตำบลทดสอบ", "year": 2566, **{f"i{k}": s for k, s in enumerate(scores, 1)}}
    view = AgencyYear.from_row(row)
    texts = draft_o42(view).texts()
    assert "จึงจะผ่านเกณฑ์ 85 คะแนน" in texts["result"] and check_o42(view, texts.values()) == []
    said = texts["result"].split("ต้องเพิ่มคะแนนรวมอีก ")[1].split(" ")[0]
    wrong = dict(texts, result=texts["result"].replace(f"อีก {said} คะแนน", "อีก 10.99 คะแนน"))
    assert claims(check_o42(view, wrong.values())) == {"route"}
    two = {**row, "year": 2564, **{f"i{k}": 90.0 for k in range(1, 11)}, "i5": 60.0, "i7": 60.0}
    view = AgencyYear.from_row(two)
    assert check_o42(view, draft_o42(view).texts().values()) == []
