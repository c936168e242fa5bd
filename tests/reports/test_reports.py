"""Reports: the O42 and O43 documents and the .xlsx workbook, read back and checked against the data."""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
import zipfile

import pytest
from docx.oxml.ns import qn
from docx.shared import Cm
from helpers import SAMPLES
from helpers.reports import (
    EVIDENCE,
    MEASURE_TITLES,
    all_text,
    body_paragraphs,
    no_browser,
    open_docx,
    png_1x1,
    section,
    seed_items,
    seed_result,
    table_with_header,
    thai_runs_without_cs_font,
)
from openpyxl import load_workbook

from ita.analysis.agency import AgencyYear
from ita.io.importer import load_paths
from ita.measures.model import MeasureWithFollowUps
from ita.measures.rounds import latest_follow_up, summarise_round
from ita.reports import agency_workbook, draft_o42, draft_o43, file_name, load_templates, render_o42, render_o43
from ita.reports.docx_thai import KEEP_CHAIN_CHARS
from ita.reports.draft import findings
from ita.views.images import ChartUnavailable, figure_png

FONT = "TH Sarabun New"
# The module's fixtures draw the seed's O42 with the real chart exporter (Kaleido starts a headless Chromium):
# one worker runs the module (``--dist loadgroup``), so that is done once.
pytestmark = pytest.mark.xdist_group("reports")


@pytest.fixture(scope="module")
def seed():
    return seed_result()


@pytest.fixture(scope="module")
def o42(seed):
    """The seed's O42, drawn with the real chart exporter (a table if this machine has no browser)."""
    return render_o42(seed, seed_items())


# ----------------------------------------------------------------------------- the done-when of issue 5


def test_o42_states_total_grade_and_framework(o42):
    doc = open_docx(o42.content)
    result = " ".join(section(doc, "2. ผลการประเมิน"))
    assert "80.00 คะแนน" in result and "ระดับ B" in result
    assert "หลักเกณฑ์การประเมิน ITA ของสำนักงาน ป.ป.ช. ประจำปีงบประมาณ พ.ศ. 2563" in result
    assert "ยังไม่ผ่านเกณฑ์ 85" in result and "อีก 5.00 คะแนน" in result and "ระดับ A" in result
    tools = table_with_header(doc, "เครื่องมือ")
    assert [r.cells[2].text for r in tools.rows[1:]] == ["79.17", "75.80", "83.78", "80.00\n(B)"]  # the grade whole


def test_o42_ranks_prevention_first_and_names_work_improvement_as_the_urgent_weakness(o42):
    doc = open_docx(o42.content)
    ranked = table_with_header(doc, "อันดับ")
    first, last = ranked.rows[1].cells, ranked.rows[-1].cells
    assert (first[0].text, first[3].text) == ("1", "87.50") and "การป้องกันการทุจริต" in first[1].text
    assert (last[0].text, last[3].text) == ("10", "71.85") and "การปรับปรุงการทำงาน" in last[1].text
    assert len(ranked.rows) == 11
    weak = section(doc, "ประเด็นข้อบกพร่องหรือจุดอ่อน")
    assert len(weak) == 1 and "การปรับปรุงการทำงาน" in weak[0] and "71.85" in weak[0]
    # A strength is at or above the pass mark (85): 83.65 and 80.06 rank second and third but are not (issue 10).
    strengths = section(doc, "ประเด็นจุดแข็ง")
    assert [s.split("\tได้")[-1].strip() for s in strengths] == ["87.50 คะแนน"]


def test_o42_does_not_repeat_the_seed_reports_slips(o42):
    """ITA-DOMAIN.md section 4: the seed calls 77-87 scores "70-80" and names a top-three indicator
    (การเปิดเผยข้อมูล 80.06) as the weakness."""
    doc = open_docx(o42.content)
    text = all_text(doc)
    assert "70-80" not in text and "70–80" not in text
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    strengths_heading = next(h for h in headings if "จุดแข็ง" in h)
    assert "ตั้งแต่เกณฑ์ 85 คะแนนขึ้นไป" in strengths_heading
    assert not any("การเปิดเผยข้อมูล" in w for w in section(doc, "ประเด็นข้อบกพร่องหรือจุดอ่อน"))
    analysis = " ".join(section(doc, "3. การวิเคราะห์ข้อมูล"))
    assert "จุดอ่อนที่ต้องแก้ไขโดยเร่งด่วนคือ การปรับปรุงการทำงาน" in analysis
    assert "ผลการประเมินผลการประเมิน" not in text


def test_o42_carries_the_measures_table(o42):
    doc = open_docx(o42.content)
    table = table_with_header(doc, "มาตรการ")
    assert [c.text for c in table.rows[0].cells] == [
        "มาตรการ",
        "แนวทางการปฏิบัติ",
        "ขั้นตอน/วิธีการปฏิบัติ",
        "ผู้รับผิดชอบ",
        "ระยะเวลาดำเนินการ",
        "การกำกับติดตาม",
    ]
    assert len(table.rows) == 4
    for row, title in zip(table.rows[1:], MEASURE_TITLES, strict=False):
        assert row.cells[0].text.startswith(title)
        assert row.cells[3].text == "สำนักปลัดเทศบาล"
        assert "รอบ 6 เดือน" in row.cells[5].text and "รอบ 12 เดือน" in row.cells[5].text
    assert "(ตัวชี้วัดที่ 7, 9)" in table.rows[2].cells[0].text
    assert "พ.ศ. 2564" in " ".join(section(doc, "6. ข้อเสนอแนะ"))


def test_o42_says_how_the_analysis_is_put_into_practice(o42):
    """The foreword promises the section; it names the head, the urgent weakness, the measures' units and the
    rounds' last days of the measure year."""
    doc = open_docx(o42.content)
    foreword = " ".join(p.text for p in doc.paragraphs[:40])
    assert "แนวทางการนำผลการวิเคราะห์ไปสู่การปฏิบัติ" in foreword
    text = section(doc, "5. แนวทางการนำผลการวิเคราะห์ไปสู่การปฏิบัติ")
    assert len(text) == 6 and text[1].startswith("1.\tเสนอผลการวิเคราะห์ต่อนายกเทศมนตรีตำบลพอกน้อย")
    assert "จุดอ่อนที่ต้องแก้ไขโดยเร่งด่วนเป็นลำดับแรก คือ ตัวชี้วัดการปรับปรุงการทำงาน" in text[2]
    assert text[3].endswith("ได้แก่ สำนักปลัดเทศบาล")  # the units of the measures, each once
    assert "31 มีนาคม 2564" in text[4] and "30 กันยายน 2564" in text[4]


def test_practice_without_an_urgent_weakness_or_measures(seed):
    strong = _agency_with([90.0] * 9 + [86.0])
    text = draft_o42(strong).practice
    assert "รักษาระดับของทุกตัวชี้วัด" in text and "ตัวชี้วัดการป้องกันการทุจริตซึ่งได้คะแนนน้อยที่สุด" in text
    assert "เร่งด่วน" not in text and "กำหนดมาตรการสำหรับประเด็นที่ต้องพัฒนา" in text


def test_every_thai_run_has_its_complex_script_font(o42):
    doc = open_docx(o42.content)
    assert thai_runs_without_cs_font(doc, FONT) == []
    runs = sum(1 for _ in doc.element.body.iter(qn("w:r")))
    assert runs > 150  # the check saw the whole document


def test_o42_page_setup_and_type(o42):
    doc = open_docx(o42.content)
    first = doc.sections[0]
    assert (round(first.page_width.cm, 1), round(first.page_height.cm, 1)) == (21.0, 29.7)
    assert round(first.left_margin.cm, 1) == 3.0 and round(first.right_margin.cm, 1) == 2.0
    landscape = doc.sections[-1]  # the five-column measures table
    assert landscape.page_width > landscape.page_height
    sizes = {
        r.find(qn("w:rPr")).find(qn("w:szCs")).get(qn("w:val"))
        for r in doc.element.body.iter(qn("w:r"))
        if r.find(qn("w:rPr")) is not None and r.find(qn("w:rPr")).find(qn("w:szCs")) is not None
    }
    assert "32" in sizes  # 16 pt body text (half-points)
    body = [p for p in doc.paragraphs if p.paragraph_format.first_line_indent]
    assert body and all(p.alignment is not None for p in body)
    normal = doc.styles["Normal"].element.rPr.rFonts
    assert normal.get(qn("w:cs")) == FONT


def test_the_chart_is_a_picture_when_a_browser_is_there(seed):
    rendered = render_o42(seed, seed_items(), exporter=png_1x1)
    doc = open_docx(rendered.content)
    assert rendered.chart_included and rendered.notes == ()
    assert len(doc.inline_shapes) == 1 and doc.inline_shapes[0].width == Cm(16)
    assert "แผนภูมิ คะแนนรายตัวชี้วัด" in all_text(doc)


# ----------------------------------------------------------------------------- no browser


def test_without_a_browser_the_o42_has_a_table_said_to_be_one_and_no_note_of_how_it_was_made(seed):
    rendered = render_o42(seed, seed_items(), exporter=no_browser)
    doc = open_docx(rendered.content)
    assert not rendered.chart_included and rendered.notes == ("no_browser",)  # said to whoever prepares it
    assert len(doc.inline_shapes) == 0
    table = table_with_header(doc, "ตัวชี้วัด")
    assert len(table.rows) == 11 and table.rows[10].cells[2].text == "87.50" and table.rows[10].cells[3].text == "A"
    text = all_text(doc)
    assert "ตาราง คะแนนรายตัวชี้วัดเทียบกับระดับผลการประเมิน" in text and "แผนภูมิ คะแนน" not in text
    assert "หมายเหตุ: สร้างภาพ" not in text and "Chromium" not in text  # the document is for publication
    assert thai_runs_without_cs_font(doc, FONT) == []


def test_without_a_browser_the_o43_has_a_table_and_no_figure_for_an_unreported_measure(seed):
    rendered = render_o43(seed, seed_items(), 6, exporter=no_browser)
    doc = open_docx(rendered.content)
    assert not rendered.chart_included and len(doc.inline_shapes) == 0 and rendered.notes == ("no_browser",)
    table = table_with_header(doc, "มาตรการ")
    assert [r.cells[1].text for r in table.rows[1:]] == ["ดำเนินการแล้วเสร็จ", "อยู่ระหว่างดำเนินการ", "ยังไม่ได้รายงานผล"]
    assert table.rows[3].cells[2].text == "–"  # nobody reported: no figure, never 0
    assert "ตาราง ความคืบหน้า" in all_text(doc) and "หมายเหตุ: สร้างภาพ" not in all_text(doc)
    # A table's caption keeps with its table: it was left alone at the foot of page 1, the table on page 2.
    (caption,) = [p for p in doc.paragraphs if p.text.startswith("ตาราง ความคืบหน้า")]
    assert caption.paragraph_format.keep_with_next


def test_a_figure_keeps_with_its_caption_under_it(seed):
    for content in (
        render_o42(seed, [], exporter=png_1x1).content,
        render_o43(seed, seed_items(), 6, exporter=png_1x1).content,
    ):
        doc = open_docx(content)
        pictures = [p for p in doc.paragraphs if p._p.findall(".//" + qn("w:drawing"))]
        assert pictures and all(p.paragraph_format.keep_with_next for p in pictures)
        captions = [p for p in doc.paragraphs if p.text.startswith("แผนภูมิ")]
        assert captions and not any(p.paragraph_format.keep_with_next for p in captions)  # what follows may move on


def test_charts_switched_off_by_environment(monkeypatch):
    monkeypatch.setenv("ITA_REPORT_CHARTS", "0")
    with pytest.raises(ChartUnavailable, match="ITA_REPORT_CHARTS"):
        figure_png(object(), exporter=png_1x1)


def test_a_hanging_exporter_times_out(monkeypatch):
    import time

    import ita.views.images as images

    monkeypatch.setattr(images, "EXPORT_TIMEOUT_S", 0.2)
    with pytest.raises(ChartUnavailable, match="timed out"):
        figure_png(object(), exporter=lambda *a: time.sleep(2))


# ----------------------------------------------------------------------------- O43


@pytest.mark.parametrize(
    "round_months, period, statuses",
    [
        (
            6,
            "1 ตุลาคม 2563 – 31 มีนาคม 2564",
            ["ดำเนินการแล้วเสร็จ\nความคืบหน้าร้อยละ 100", "อยู่ระหว่างดำเนินการ\nความคืบหน้าร้อยละ 60", "ยังไม่ได้รายงานผล"],
        ),
        (
            12,
            "1 ตุลาคม 2563 – 30 กันยายน 2564",
            # The first measure, finished in the 6-month round and not reported again, is carried forward.
            [
                "ดำเนินการแล้วเสร็จ\nความคืบหน้าร้อยละ 100\n(ผลจากรายงานรอบ 6 เดือน)",
                "ไม่สามารถดำเนินการได้\nความคืบหน้าร้อยละ 0",
                "ยังไม่ได้รายงานผล",  # said as unreported, not as late: it has no due date of its own
            ],
        ),
    ],
)
def test_o43_lists_each_measure_with_status_progress_done_and_evidence(seed, round_months, period, statuses):
    rendered = render_o43(seed, seed_items(), round_months, exporter=png_1x1)
    doc = open_docx(rendered.content)
    text = all_text(doc)
    assert f"ประจำปีงบประมาณ พ.ศ. 2564 รอบ {round_months} เดือน" in text and period in text
    table = table_with_header(doc, "มาตรการ")
    assert [c.text for c in table.rows[0].cells] == ["มาตรการ", "ผลการดำเนินการและหลักฐาน", "สถานะ / ความคืบหน้า"]
    assert [r.cells[2].text for r in table.rows[1:]] == statuses
    assert [r.cells[0].text.split("\n")[0] for r in table.rows[1:]] == [
        f"{k}. {t}" for k, t in enumerate(MEASURE_TITLES, 1)
    ]
    if round_months == 6:
        done = table.rows[1].cells[1].text
        assert done.endswith(f"หลักฐาน {EVIDENCE}") and "ประกาศมาตรการแล้ว" in done and "31 มีนาคม 2564" in done
        assert "ดำเนินการแล้วเสร็จ 1 มาตรการ อยู่ระหว่างดำเนินการ 1 มาตรการ และยังไม่ได้รายงานผล 1 มาตรการ" in text
        # The mean is over the two measures with a report: the unreported one is not averaged in as 0 %.
        assert "มาตรการที่มีผลรายงานมีความคืบหน้าเฉลี่ยร้อยละ 80 (จาก 2 มาตรการ)" in text
    else:
        assert "เหตุผล: งบประมาณไม่เพียงพอ" in table.rows[2].cells[1].text
    assert len(doc.inline_shapes) == 1  # the summary chart
    assert thai_runs_without_cs_font(doc, FONT) == []


def test_many_measures_are_charted_in_parts_that_each_fit_a_page(seed):
    """22 measures made one chart 30 cm tall on a page of 25 cm: the page cut measures 20-22 and the axis off, and
    its caption fell alone onto the next page. They are drawn in charts of at most 15, each with its caption."""
    items = [copy.deepcopy(seed_items()[k % 3]) for k in range(22)]
    shapes = []

    def exporter(fig, width, height):
        shapes.append((width, height, len(fig.data[0].y)))
        return png_1x1()

    doc = open_docx(render_o43(seed, items, 6, exporter=exporter).content)
    text = all_text(doc)
    placed_cm = doc.inline_shapes[0].width.cm  # the text's width: each chart's height on the page follows from it
    assert [n for _, _, n in shapes] == [11, 11] and len(doc.inline_shapes) == 2
    assert max(height * placed_cm / width for width, height, _ in shapes) < 22  # cm: the caption still fits under it
    for first, last in ((1, 11), (12, 22)):
        assert f"แผนภูมิ ความคืบหน้าของแต่ละมาตรการ รอบ 6 เดือน (มาตรการที่ {first}–{last})" in text


def test_the_o43s_two_signatures_share_one_row_that_never_splits(seed):
    """On the O43's portrait page the two blocks stand one under the other: in two rows, the approver's could go
    alone onto the last page (22 measures did). They are one row, kept whole."""
    doc = open_docx(render_o43(seed, seed_items(), 12, exporter=png_1x1).content)
    table = doc.tables[-1]
    assert len(table.rows) == 1 and table.rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None
    text = "\n".join(cell.text for cell in table.rows[0].cells)
    assert "ผู้รายงาน" in text and "ผู้อนุมัติ" in text


def test_round_summary_counts_a_blank_follow_up_as_not_reported():
    summary = summarise_round(seed_items(), 6)
    assert summary.by_status == {"not_started": 0, "in_progress": 1, "done": 1, "cannot": 0, "not_reported": 1}
    assert summary.mean_progress == pytest.approx(160 / 2) and summary.reported == 2


def test_the_12_month_round_carries_each_measures_latest_report_forward():
    summary = summarise_round(seed_items(), 12)
    # done at 6 months (carried), cannot at 12 months, nothing reported for the third
    assert summary.by_status == {"not_started": 0, "in_progress": 0, "done": 1, "cannot": 1, "not_reported": 1}
    assert summary.mean_progress == pytest.approx(100 / 2) and summary.reported == 2


def test_a_round_with_no_report_gives_no_mean():
    items = seed_items()
    for item in items:
        item.follow_ups.clear()
    assert summarise_round(items, 12).mean_progress is None


def test_o43_without_measures_says_so_once_and_promises_no_follow_up(seed):
    doc = open_docx(render_o43(seed, [], 12, exporter=png_1x1).content)
    text = all_text(doc)
    assert "ไม่มีมาตรการสำหรับปีงบประมาณ พ.ศ. 2564" in text
    assert "จำนวน 0" not in text and text.count("จึงไม่มีผลการดำเนินการที่จะรายงาน") == 1
    assert "ติดตามมาตรการที่ยังไม่แล้วเสร็จ" not in text
    # After 12 months the year 2564 has ended: no promise to set its measures, but the next year's.
    assert "สำหรับปีงบประมาณถัดไป" in text and "จะกำหนดมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปี" not in text
    six = all_text(open_docx(render_o43(seed, [], 6, exporter=png_1x1).content))
    assert "จะกำหนดมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. 2564" in six  # it still runs


def test_an_o43_says_what_is_known_of_a_report_and_no_dash_in_its_place(seed):
    from dataclasses import replace

    items = seed_items()
    first = items[0]
    undated = replace(first.follow_ups[6], report_date=None)
    items[0] = MeasureWithFollowUps(first.measure, {**first.follow_ups, 6: undated})
    text = all_text(open_docx(render_o43(seed, items, 6, exporter=png_1x1).content))
    assert "รายงานโดย นางสาวยุวดี อุเทนสุต" in text and "รายงานเมื่อ -" not in text


def test_deleted_measures_are_left_out(seed):
    items = seed_items()
    items[0].measure.deleted = True
    doc = open_docx(render_o42(seed, items, exporter=png_1x1).content)
    assert len(table_with_header(doc, "มาตรการ").rows) == 3


# ----------------------------------------------------------------------------- the draft model


def test_user_edits_of_the_draft_go_into_the_document(seed):
    draft = draft_o42(seed)
    assert set(draft.texts()) == set(draft.TEXT_FIELDS)
    edited = draft.with_texts(
        {
            "preface": "คำนำที่ผู้ใช้แก้ไขเอง\n\nย่อหน้าที่สอง",
            "prepared_by": "นางสาวยุวดี อุเทนสุต",
            "prepared_position": "นักบริหารงานทั่วไป",
        }
    )
    frame = edited.issues_frame()
    frame.loc[0, "improve"] = "ข้อเสนอที่พิมพ์ในตาราง"
    edited = edited.with_issues_frame(frame)
    doc = open_docx(render_o42(seed, seed_items(), edited, exporter=png_1x1).content)
    text = all_text(doc)
    assert "คำนำที่ผู้ใช้แก้ไขเอง" in text and "ย่อหน้าที่สอง" in text
    assert draft.preface.split("\n")[0] not in text
    assert "(นางสาวยุวดี อุเทนสุต)" in text and "ตำแหน่ง นักบริหารงานทั่วไป" in text
    assert "ข้อเสนอที่พิมพ์ในตาราง" in text
    with pytest.raises(KeyError):
        draft.with_texts({"no_such_section": "x"})


def test_issue_rows_are_the_indicators_under_the_pass_mark_lowest_first(seed):
    rows = draft_o42(seed).issues
    assert [(r.tool, r.indicator, r.score) for r in rows] == [
        ("IIT", "การใช้ทรัพย์สินของราชการ", 77.18),
        ("IIT", "การแก้ไขปัญหาการทุจริต", 77.32),
        ("EIT", "การปรับปรุงการทำงาน", 71.85),
        ("EIT", "คุณภาพการดำเนินงาน", 77.51),
        ("OIT", "การเปิดเผยข้อมูล", 80.06),
    ]
    assert all(r.assessment and r.improve for r in rows)


def test_the_o43_draft_reads_the_round():
    draft = draft_o43(seed_result(), seed_items(), 12)
    assert "รอบ 12 เดือน" in draft.title and "1 ตุลาคม 2563 – 30 กันยายน 2564" in draft.title
    assert "ไม่สามารถดำเนินการได้ 1 มาตรการ" in draft.summary


def test_wording_can_be_overridden_from_a_file(tmp_path, monkeypatch, seed):
    override = tmp_path / "texts.toml"
    override.write_text(
        '[o42]\npreface_signature = "{office}\\nกองยุทธศาสตร์และงบประมาณ"\n\n'
        '[[indicator]]\nname_th = "การปรับปรุงการทำงาน"\n'
        'assessment = "ข้อความประเมินของหน่วยงานเอง"\nimprove = "ข้อเสนอของหน่วยงานเอง"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("ITA_REPORT_TEXTS", str(override))
    draft = draft_o42(seed)
    assert draft.preface_signature.endswith("กองยุทธศาสตร์และงบประมาณ")
    assert next(r for r in draft.issues if r.number == 8).improve == "ข้อเสนอของหน่วยงานเอง"
    assert next(r for r in draft.issues if r.number == 4).improve  # the others keep the bundled text
    assert "ข้อเสนอของหน่วยงานเอง" in draft.recommendations


def test_thai_numerals_throughout_the_document(seed):
    """Thai numerals are the whole document's style: headings, numbered paragraphs, scores, dates and the tables'
    figures (before, only the headings changed); a link keeps its digits, the page numbers stay Arabic."""
    style = load_templates().style().with_options(thai_numerals=True)
    doc = open_docx(render_o42(seed, [], style=style, exporter=png_1x1).content)
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0].startswith("๑. ") and any(h.startswith("๓.๒ ") for h in headings)
    numbered = [p.text for p in doc.paragraphs if re.match(r"^[0-9๐-๙]+\.\s", p.text)]
    assert numbered and all(re.match(r"^[๐-๙]+\.", t) for t in numbered), numbered[:3]
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    texts = [p.text for p in doc.paragraphs] + cells
    links = re.compile(r"(?:https?://|www\.)\S+")
    assert not [t for t in texts if re.search(r"[0-9]", links.sub("", t))], [t for t in texts if re.search("[0-9]", t)]
    assert any("๘๐.๐๐" in t for t in texts) and any("๒๕๖๓" in t for t in texts)  # the total and the year
    arabic = open_docx(render_o42(seed, [], exporter=png_1x1).content)
    assert any("80.00" in p.text for p in arabic.paragraphs)  # the default keeps Arabic digits


# ----------------------------------------------------------------------------- every sample agency-year


def _sample_rows():
    table = load_paths(sorted(SAMPLES.glob("*.xlsx"))).valid
    picked = table.sort_values(["year", "total"]).groupby("year").nth([0, -1])  # lowest and highest each year
    return [row for _, row in picked.iterrows()]


@pytest.mark.parametrize("row", _sample_rows(), ids=lambda r: f"{r['year']}-{r['total']:.2f}")
def test_every_framework_year_drafts_and_renders(row):
    result = AgencyYear.from_row(row)
    found = findings(result)
    content = render_o42(result, [], exporter=no_browser).content
    doc = open_docx(content)
    text = all_text(doc)
    assert f"{result.score.total:.2f} คะแนน" in text and f"ระดับ {result.score.grade.label_th}" in text
    assert "{" not in text  # no placeholder left unfilled
    # Without measures there is no table: the note stays on the portrait page (it stood alone, with the signatures,
    # on a landscape page).
    assert all(s.page_width < s.page_height for s in doc.sections)
    weak = section(doc, "ประเด็นข้อบกพร่องหรือจุดอ่อน")
    assert all(r.indicator.name_th in " ".join(weak) for r in found.weaknesses)
    assert thai_runs_without_cs_font(doc, FONT) == []


def test_file_names_are_safe_and_keep_thai(seed):
    assert file_name(seed, "o42") == "O42-2563-เทศบาลตำบลพอกน้อย.docx"
    assert file_name(seed, "o43", 6) == "O43-2564-r6-เทศบาลตำบลพอกน้อย.docx"
    odd = AgencyYear(agency='กอง/งาน: "ก" <ข>', agency_key="x", year=2563, score=seed.score)
    assert not re.search(r'[\\/:*?"<>|]', file_name(odd, "o42"))


# ----------------------------------------------------------------------------- .xlsx


def test_workbook_has_scores_analysis_and_measures_formatted(seed):
    items = seed_items()
    items[1].measure.title = '=HYPERLINK("http://x")'  # a formula-looking title stays text
    wb = load_workbook(io.BytesIO(agency_workbook(seed, items)))
    assert wb.sheetnames == ["คะแนน", "การวิเคราะห์", "มาตรการ"]
    ws = wb["คะแนน"]
    cells = {ws.cell(r, 1).value: ws.cell(r, 2) for r in range(2, 9)}
    assert cells["คะแนนรวม"].value == 80.0 and cells["คะแนนรวม"].number_format == "0.00"
    grade = cells["ระดับ"]
    b_color = next(g.color for g in seed.framework.grades if g.code == "B")
    assert grade.value == "B" and grade.fill.fgColor.rgb.endswith(b_color.lstrip("#").upper())
    header = next(r for r in range(1, 20) if ws.cell(r, 2).value == "ตัวชี้วัด")
    assert ws.cell(header, 2).font.bold and ws.cell(header, 2).fill.fgColor.rgb.endswith("1F4E79")
    i10 = [ws.cell(header + 10, c).value for c in range(1, 9)]
    assert i10[:5] == [10, "การป้องกันการทุจริต", "OIT", 20, 87.5] and i10[7] == 1
    assert ws.cell(header + 10, 5).number_format == "0.00"
    assert ws.cell(header + 10, 6).value == "A" and ws.cell(header + 10, 6).fill.fgColor.rgb != "00000000"
    assert ws.cell(header + 10, 7).value == pytest.approx(2.5)  # 20 × (100 − 87.5) / 100
    wa = wb["การวิเคราะห์"]
    rows = [[c.value for c in r] for r in wa.iter_rows(min_row=3, max_col=5)]
    assert ["จุดอ่อนที่ต้องแก้ไขโดยเร่งด่วน", 10, "8. การปรับปรุงการทำงาน", "EIT", 71.85] in rows
    wm = wb["มาตรการ"]
    heads = [c.value for c in wm[3]]
    assert heads[0] == "มาตรการ" and wm.cell(4, 1).value == MEASURE_TITLES[0]
    progress = heads.index(next(h for h in heads if h and h.startswith("ความคืบหน้า"))) + 1
    assert wm.cell(4, progress).value == 100 and wm.cell(4, progress).number_format == '0"%"'
    formula = wm.cell(5, 1)
    assert formula.value.startswith("=HYPERLINK") and formula.data_type == "s"
    # Finished at 6 months and not reported at 12: carried forward and said so, as the 12-month O43 gives it and
    # counts it (the workbook said 'not reported' where the O43 counted it done); its text stays the 6-month round's.
    status_12 = [c for c, h in enumerate(heads, start=1) if h and h.startswith("สถานะ")][1]
    assert wm.cell(4, status_12).value == "ดำเนินการแล้วเสร็จ (ผลจากรายงานรอบ 6 เดือน)"
    assert [wm.cell(4, status_12 + k).value for k in (1, 2, 3)] == [100, None, None]
    # A measure that cannot be done carries its reason, as in the O43 (its 12-month "what was done" cell).
    done_12 = [c for c, h in enumerate(heads, start=1) if h and h.startswith("ผลการดำเนินงาน")][1]
    assert wm.cell(5, done_12).value == "เหตุผลที่ดำเนินการไม่ได้: งบประมาณไม่เพียงพอ"


def test_workbook_history_sheet_when_there_are_several_years():
    table = load_paths([SAMPLES / "sakon-nakhon-2562-2568.xlsx"]).valid
    key = table["agency_key"].value_counts().index[0]
    rows = table.loc[table["agency_key"] == key]
    result = AgencyYear.from_row(rows.sort_values("year").iloc[-1])
    wb = load_workbook(io.BytesIO(agency_workbook(result, [], history=rows, lang="en")))
    assert wb.sheetnames == ["Scores", "Analysis", "Measures", "History"]
    wh = wb["History"]
    years = [wh.cell(r, 1).value for r in range(4, 4 + rows["year"].nunique())]
    assert years == sorted(rows["year"].unique().tolist())
    assert wh.cell(5, 7).number_format == "+0.00;-0.00;0.00"
    # In English throughout: the grades of 2566 on (Thai words in the data) and the title's B.E. year.
    grades = {wh.cell(r, 6).value for r in range(4, 4 + rows["year"].nunique())}
    assert grades and not any(any("\u0e00" <= ch <= "\u0e7f" for ch in g or "") for g in grades), grades
    assert wb["Scores"].cell(1, 1).value.endswith(f"Fiscal year B.E. {result.year}")


def test_google_sarabun_gets_more_line_spacing(seed):
    """TH Sarabun New fits Thai marks at single spacing; Google's Sarabun needs 1.2 (seen in the renders)."""
    templates = load_templates()
    assert templates.style().line_spacing == 1.0
    style = templates.style(font="Sarabun")
    assert (style.font, style.line_spacing) == ("Sarabun", 1.2)
    doc = open_docx(render_o42(seed, [], style=style, exporter=png_1x1).content)
    assert doc.styles["Normal"].paragraph_format.line_spacing == 1.2
    assert thai_runs_without_cs_font(doc, "Sarabun") == []


def _agency_with(scores: list[float]) -> AgencyYear:
    return AgencyYear.from_row(
        {"agency": "เทศบาลตำบลทดสอบ", "year": 2563, **{f"i{k}": s for k, s in enumerate(scores, 1)}}
    )


def test_o42_says_so_when_no_indicator_is_a_strength():
    text = draft_o42(_agency_with([84.0] * 9 + [80.0])).analysis
    assert "ยังไม่มีตัวชี้วัดที่ได้คะแนนถึงเกณฑ์ 85 คะแนน" in text and "จุดแข็งของ" not in text
    doc = open_docx(render_o42(_agency_with([84.0] * 9 + [80.0]), [], exporter=png_1x1).content)
    # Where the strengths are listed, a plain line: no "จึงสรุปได้ว่า" with nothing before it.
    assert section(doc, "ประเด็นจุดแข็ง") == ["ยังไม่มีตัวชี้วัดที่ได้คะแนนถึงเกณฑ์ 85 คะแนน"]
    opening = [p.text for p in doc.paragraphs if p.text.strip().startswith(("จึง", "ส่วน", "และ"))]
    assert opening == []


def test_o42_with_every_indicator_at_100_shares_one_sentence_and_counts_no_zero():
    text = draft_o42(_agency_with([100.0] * 10)).analysis
    assert "ทุกตัวชี้วัดได้คะแนนตั้งแต่เกณฑ์ 85 คะแนนขึ้นไป" in text
    assert "จำนวน 0" not in text and "100.00 – 100.00" not in text
    # The ten tied at the top: one sentence says so, each is named once (in one natural list, "ก ข และค"), no
    # indicator's description is given for all ten, and none is an urgent weakness.
    assert "ทุกตัวชี้วัดได้ 100.00 คะแนนเท่ากัน" in text
    assert text.count("การปฏิบัติหน้าที่") == 1 and ", " not in text and " และการป้องกันการทุจริต" in text
    assert "เป็นตัวชี้วัดที่" not in text and "จุดอ่อนที่ต้องแก้ไขโดยเร่งด่วนคือ" not in text
    doc = open_docx(render_o42(_agency_with([100.0] * 10), [], exporter=png_1x1).content)
    assert section(doc, "ประเด็นข้อบกพร่องหรือจุดอ่อน") == ["ไม่มีตัวชี้วัดที่ได้คะแนนต่ำกว่าเกณฑ์ 85 คะแนน จึงไม่มีจุดอ่อนที่ต้องแก้ไขโดยเร่งด่วน"]


def test_the_route_to_the_next_band_names_the_points_and_every_short_tool_floor():
    """ผ่านดีเยี่ยม needs 95 in total and 95 in each tool: an agency at 93.60 with IIT and EIT at 90 needs both
    (issue 10: the draft named the points alone)."""
    result = AgencyYear.from_row(
        {"agency": "เทศบาลตำบลทดสอบ", "year": 2566, **{f"i{k}": 90.0 if k <= 8 else 99.0 for k in range(1, 11)}}
    )
    text = draft_o42(result).result
    assert "ต้องเพิ่มคะแนนรวมอีก 1.40 คะแนน" in text
    assert "IIT (ขาดอีก 5.00 คะแนน) และ EIT (ขาดอีก 5.00 คะแนน) ให้ถึง 95 คะแนน" in text and "ผ่านดีเยี่ยม" in text
    assert "IIT 90.00 คะแนน EIT 90.00 คะแนน และ OIT 99.00 คะแนน" in text


def test_an_unconfirmed_cut_off_is_never_the_next_step_the_pass_mark_is():
    """2566's 70 between ต้องปรับปรุงโดยด่วน and ต้องปรับปรุง is confirmed by no source: the O42 stated 'ต้องเพิ่ม
    คะแนนรวมอีก 4.97 คะแนนเพื่อให้ได้ระดับ ต้องปรับปรุง' as the ป.ป.ช.'s rule. It says the way to a pass instead."""
    result = AgencyYear.from_row({"agency": "กรมทดสอบ", "year": 2566, **{f"i{k}": 65.0 for k in range(1, 11)}})
    text = draft_o42(result).result
    assert "ต้องเพิ่มคะแนนรวมอีก 20.00 คะแนนจึงจะผ่านเกณฑ์ 85 คะแนน" in text and "ให้ได้ระดับ ต้องปรับปรุง" not in text
    from ita.analysis.narrative import next_band

    assert "ยังไม่มีแหล่งข้อมูลยืนยัน" in next_band(result)  # the dashboard's route says the cut-off is unsure


def test_a_tie_in_second_place_names_both_and_a_tool_at_full_marks_is_kept_not_corrected():
    scores = [80.0, 89.42, 80.0, 80.0, 80.0, 89.42, 80.0, 80.0, 100.0, 100.0]  # OIT (9, 10) at 100, at the top
    found = draft_o42(
        AgencyYear.from_row({"agency": "ก", "year": 2568, **{f"i{k}": s for k, s in enumerate(scores, 1)}})
    )
    assert "รองลงมาคือ ตัวชี้วัดการใช้งบประมาณ และคุณภาพการดำเนินงาน ได้ 89.42 คะแนน" in found.analysis
    oit = next(p for p in found.recommendations.split("\n\n") if "(OIT)" in p)
    assert "ได้คะแนนเต็ม 100 คะแนน" in oit and "น้อยที่สุด" not in oit and "ปรับปรุง" not in oit
    rows = [r for r in found.issues if r.tool == "OIT"]
    assert rows and all("คะแนนเต็ม" in r.improve and "ปรับปรุง" not in r.improve for r in rows)


def test_the_workbook_route_names_the_tool_floors_too():
    result = AgencyYear.from_row(
        {"agency": "เทศบาลตำบลทดสอบ", "year": 2566, **{f"i{k}": 90.0 if k <= 8 else 99.0 for k in range(1, 11)}}
    )
    book = load_workbook(io.BytesIO(agency_workbook(result, [])))
    cells = [str(c.value) for ws in book.worksheets for r in ws.iter_rows() for c in r if c.value is not None]
    route = next(c for c in cells if c.startswith("เส้นทางสู่ระดับ"))
    assert (
        "1.40" in route
        and "95" in route
        and "IIT ขาดอีก 5.00" in route
        and "EIT ขาดอีก 5.00" in route
        and "−" not in route
    )  # a minus read as a fall


def test_from_2566_an_indicator_is_banded_by_its_range_never_given_the_agencys_label():
    # EIT 80.90 (under the 85 floor): the agency is ผ่าน; its indicators at 90 must not read ผ่านดี.
    scores = {f"i{k}": v for k, v in enumerate([90.0] * 5 + [80.9] * 3 + [99.0, 96.0], start=1)}
    result = AgencyYear.from_row({"agency": "เทศบาลตำบลทดสอบ", "year": 2566, **scores})
    assert result.score.grade.label_th == "ผ่าน"
    doc = open_docx(render_o42(result, [], exporter=no_browser).content)
    bands = [row.cells[3].text for row in table_with_header(doc, "ตัวชี้วัด").rows[1:]]
    assert bands == ["85–94.99"] * 5 + ["70–84.99"] * 3 + ["95 ขึ้นไป"] * 2
    sheet = load_workbook(io.BytesIO(agency_workbook(result, [], lang="en"))).worksheets[0]
    cells = {str(c.value) for r in sheet.iter_rows() for c in r}
    assert {"85–94.99", "95 or more"} <= cells and not {"Good pass", "ผ่านดี", "Excellent pass"} & cells


def test_every_file_names_the_agency_as_its_author_and_is_dated_now(seed):
    """A published file's properties (shown by Word and in a PDF's Author) are the agency's, not the library's."""
    import datetime as dt

    for content in (
        render_o42(seed, seed_items(), exporter=png_1x1).content,
        render_o43(seed, seed_items(), 12, exporter=png_1x1).content,
    ):
        core = open_docx(content).core_properties
        assert (core.author, core.last_modified_by, core.comments) == (seed.agency, seed.agency, "")
        assert core.created.year == dt.datetime.now(dt.UTC).year and "มาตรการ" in core.title
        # ... and no template's application, page count or blank preview picture (a website shows it as the file's)
        with zipfile.ZipFile(io.BytesIO(content)) as packed:
            app = packed.read("docProps/app.xml").decode()
            assert "thumbnail" not in " ".join(packed.namelist()) and "Microsoft" not in app and "<Pages>" not in app
    book = load_workbook(io.BytesIO(agency_workbook(seed, seed_items())))
    assert book.properties.creator == seed.agency


def test_no_document_shows_an_internal_framework_code(seed):
    """The framework is named as the NACC's criteria of the fiscal year, never by its id ("ITA-2563")."""
    code = re.compile(r"ITA-\d{4}")
    for content in (
        render_o42(seed, seed_items(), exporter=png_1x1).content,
        render_o43(seed, seed_items(), 12, exporter=png_1x1).content,
    ):
        assert not code.search(all_text(open_docx(content)))
    book = load_workbook(io.BytesIO(agency_workbook(seed, seed_items())))
    cells = [str(c.value) for ws in book.worksheets for r in ws.iter_rows() for c in r if c.value is not None]
    assert not [c for c in cells if code.search(c)]
    assert "หลักเกณฑ์การประเมิน ITA ของสำนักงาน ป.ป.ช. ประจำปีงบประมาณ พ.ศ. 2563" in cells


def test_o42_without_measures_says_so_plainly(seed):
    doc = open_docx(render_o42(seed, [], exporter=png_1x1).content)
    text = all_text(doc)
    assert "ยังไม่มีมาตรการที่กำหนดไว้สำหรับปีงบประมาณ พ.ศ. 2564" in text
    assert "หน้ามาตรการ" not in text and not text.rstrip().endswith("ดังนี้")
    assert "ดังนี้\nในขณะจัดทำ" not in text  # no "as follows" followed by nothing


def test_no_measure_answering_the_urgent_weakness_is_said_to_the_preparer_never_in_the_o42(seed):
    """Advice to whoever prepares the O42 ('ควรกำหนดมาตรการเพิ่มเติม') is no text to publish: the report page and the
    command say it; the document printed it under the measures table."""
    from ita.reports import weakness_unanswered

    items = seed_items()  # indicators 3, 7 and 9, 10: none answers indicator 8, the urgent weakness
    text = all_text(open_docx(render_o42(seed, items, exporter=png_1x1).content))
    assert "ยังไม่มีมาตรการที่ตอบ" not in text and "หมายเหตุ" not in text
    said = weakness_unanswered(seed, items)
    assert "ยังไม่มีมาตรการของปี 2564 ที่ตอบจุดอ่อนที่ต้องแก้ไขโดยเร่งด่วน คือ ตัวชี้วัดที่ 8 การปรับปรุงการทำงาน" in said
    assert "indicator 8 Work improvement" in weakness_unanswered(seed, items, "en")
    assert weakness_unanswered(seed, []) is None  # no measures at all: said on its own
    items[0].measure.indicators = (3, 8)
    assert weakness_unanswered(seed, items) is None


def test_measures_whose_printed_fields_are_empty_are_said_to_the_preparer():
    """Found by a reviewer: a measure without a responsible unit, guideline or steps printed as empty cells in the
    O42's measures table, with no word on the page. The page and the command say which, and what each lacks."""
    from ita.reports import measures_incomplete

    items = seed_items()
    assert measures_incomplete(items) is None  # the seed measures are whole
    items[0].measure.responsible, items[0].measure.steps = "", ""
    items[1].measure.guideline = ""
    said = measures_incomplete(items)
    assert said.startswith("มาตรการ 2 ข้อยังกรอกไม่ครบ")
    assert f"{items[0].measure.title} (ขั้นตอน/วิธีการปฏิบัติ และผู้รับผิดชอบ)" in said
    assert f"{items[1].measure.title} (แนวทางการปฏิบัติ)" in said
    assert measures_incomplete(items[1:2], "en").startswith("1 measure is not filled in") and "(Guideline)" in (
        measures_incomplete(items[1:2], "en")
    )
    # A measure answering no indicator: the O42 cannot say which weakness it is for (a reviewer's was not said).
    items[2].measure.indicators = ()
    assert f"{items[2].measure.title} (ตัวชี้วัด)" in measures_incomplete(items)


@pytest.mark.parametrize(
    ("start", "due", "shown"),
    [
        (dt.date(2020, 10, 1), dt.date(2021, 3, 31), "1 ตุลาคม 2563 – 31 มีนาคม 2564"),
        (dt.date(2020, 11, 2), None, "ตั้งแต่ 2 พฤศจิกายน 2563"),
        (None, dt.date(2021, 9, 30), "ภายใน 30 กันยายน 2564"),
        (None, None, "ภายใน 30 กันยายน 2564"),  # the fiscal year's end ("ปีงบประมาณ" is wider than the column)
    ],
)
def test_o42_measures_table_has_a_time_frame_from_the_measures_dates(seed, start, due, shown):
    items = seed_items()[:1]
    items[0].measure.start_date, items[0].measure.due_date = start, due
    table = table_with_header(open_docx(render_o42(seed, items, exporter=png_1x1).content), "มาตรการ")
    assert table.rows[1].cells[4].text == shown


def test_section_4_names_each_tools_lowest_indicator_even_when_all_pass_and_the_floor_it_misses():
    """From 2566 a tool under the next label's floor (95 for ผ่านดีเยี่ยม) is where to work, even with every
    indicator above 85: section 4 names its lowest indicator and the gap, never a table of dashes."""
    scores = [96.0, 96.0, 96.0, 96.0, 96.0, 96.0, 96.0, 90.0, 96.0, 96.0]  # EIT = (96 + 96 + 90) / 3 = 94.00
    row = {"agency": "เทศบาลตำบลทดสอบ", "year": 2566, **{f"i{k}": s for k, s in enumerate(scores, 1)}}
    issues = draft_o42(AgencyYear.from_row(row)).issues
    assert [(r.tool, r.number) for r in issues] == [("IIT", 1), ("EIT", 8), ("OIT", 9)]
    eit = issues[1]
    assert "เครื่องมือ EIT ยังต้องได้คะแนนเพิ่มอีก 1.00 คะแนน" in eit.improve and "“ผ่านดีเยี่ยม”" in eit.improve
    assert ":" not in eit.improve and "จึงควรพัฒนาเป็นลำดับแรก โดย" in eit.improve  # Thai prose, not a colon
    # IIT's five at 96.00: one row named for them all, its indicators listed, the score said once (not "ตั้งแต่ 85
    # ขึ้นไป" and then "ได้ 96.00 คะแนนเท่ากัน" in one breath), never named as if one were the tool's lowest.
    iit = issues[0]
    assert iit.indicator == "ทุกตัวชี้วัดของ IIT" and iit.assessment.startswith("การปฏิบัติหน้าที่ การใช้งบประมาณ")
    assert iit.improve == "ทุกตัวชี้วัดของเครื่องมือนี้ได้ 96.00 คะแนนเท่ากัน ซึ่งผ่านเกณฑ์ 85 คะแนน ควรรักษามาตรฐานและพัฒนาทุกตัวชี้วัดต่อเนื่อง"
    doc = open_docx(render_o42(AgencyYear.from_row(row), [], exporter=png_1x1).content)
    cells = [c.text for table in doc.tables for r in table.rows for c in r.cells]
    assert not any(c.strip() == "-" for c in cells)


def test_the_12_month_o43_names_what_goes_on_into_next_year(seed):
    """The year has ended: the measures not finished are named and go on into the next year's; those that could
    not be done are named for review. It promised to 'keep following' them in the year's final report."""
    from helpers.reports import seed_items

    items = seed_items()
    text = draft_o43(seed, items, 12).conclusion
    open_titles = [
        i.measure.title for i in items if (latest_follow_up(i, 12) or FollowUpNone).status not in ("done", "cannot")
    ]
    cannot = [i.measure.title for i in items if (latest_follow_up(i, 12) or FollowUpNone).status == "cannot"]
    assert open_titles and cannot
    assert all(f"“{t}”" in text for t in open_titles + cannot) and "ไปดำเนินการต่อในปีงบประมาณ พ.ศ. 2565" in text
    assert "อย่างต่อเนื่อง" not in text
    # A paragraph for each kind, and a short closing one last: only it keeps with the signatures (a long chain of
    # kept paragraphs left a page of two lines in LibreOffice, then the signatures alone on the last page).
    paragraphs = text.split("\n\n")
    assert len(paragraphs) == 3 and len(paragraphs[-1]) <= KEEP_CHAIN_CHARS
    assert all(p.startswith((seed.agency, "สำหรับ", "ทั้งนี้")) for p in paragraphs)
    assert text.count(seed.agency) == 1  # named once, as the subject of what follows (four times read clumsily)


def test_the_12_month_o43_says_an_unreported_measure_is_unreported_not_unfinished(seed):
    """Section 4 says of a measure without a report "ยังไม่ทราบผลการดำเนินการ"; section 5 called it "ยังไม่แล้วเสร็จ"."""
    from helpers.reports import seed_items

    items = [MeasureWithFollowUps(i.measure) for i in seed_items()]  # no follow-up at all
    draft = draft_o43(seed, items, 12)
    titles = [f"“{i.measure.title}”" for i in items]
    assert "ยังไม่ได้รายงานผล" in draft.conclusion and all(t in draft.conclusion for t in titles)
    assert "ยังไม่แล้วเสร็จ ได้แก่" not in draft.conclusion
    assert "ยังไม่ทราบผลการดำเนินการ" in draft.obstacles
    assert "อย่างต่อเนื่อง" in draft_o43(seed, items, 6).conclusion  # after 6 months the year still runs


class FollowUpNone:
    status = "not_reported"


def test_an_office_named_alone_and_with_its_section_is_said_once(seed):
    """'สำนักงานจังหวัดสกลนคร (กลุ่มงานยุทธศาสตร์…) และสำนักงานจังหวัดสกลนคร': one office, said twice."""
    from dataclasses import replace as with_

    from helpers.reports import seed_items

    items = seed_items()
    office, section = "สำนักงานจังหวัดสกลนคร", "สำนักงานจังหวัดสกลนคร (กลุ่มงานยุทธศาสตร์และข้อมูลเพื่อการพัฒนาจังหวัด)"
    for item, unit in zip(items, (section, office, "กองคลัง\nสำนักงานจังหวัดสกลนคร"), strict=True):
        item.measure = with_(item.measure, responsible=unit)
    text = draft_o42(seed, items).practice
    assert f"ได้แก่ {section} และกองคลัง" in text and text.count(office) == 1


def test_a_cell_naming_several_units_is_read_as_each_unit_once(seed):
    """'สำนักปลัดเทศบาล ร่วมกับกองคลัง กองช่าง และกองยุทธศาสตร์และงบประมาณ' beside measures of สำนักปลัดเทศบาล and
    กองคลัง: "ได้แก่ สำนักปลัดเทศบาล ร่วมกับกองคลัง … สำนักปลัดเทศบาล และกองคลัง" named two units twice. A unit's own
    words stay whole ('กองการศึกษา ศาสนา และวัฒนธรรม')."""
    from dataclasses import replace as with_

    from helpers.reports import seed_items

    items = seed_items()
    several = "สำนักปลัดเทศบาล ร่วมกับกองคลัง กองช่าง และกองยุทธศาสตร์และงบประมาณ"
    cells = (several, "สำนักปลัดเทศบาล", "กองการศึกษา ศาสนา และวัฒนธรรม")
    for item, unit in zip(items, cells, strict=True):
        item.measure = with_(item.measure, responsible=unit)
    text = draft_o42(seed, items).practice
    said = "ได้แก่ สำนักปลัดเทศบาล กองคลัง กองช่าง กองยุทธศาสตร์และงบประมาณ และกองการศึกษา ศาสนา และวัฒนธรรม"
    assert said in text and "ร่วมกับ" not in text, text


@pytest.mark.parametrize(
    ("score", "said"),
    [
        (100.0, "2. รักษาระดับคะแนนเต็ม 100 คะแนนของทุกตัวชี้วัด"),
        (88.0, "2. รักษาระดับของทุกตัวชี้วัดซึ่งได้ 88.00 คะแนนเท่ากัน ตั้งแต่เกณฑ์ 85 คะแนนขึ้นไป และพัฒนาทุกตัวชี้วัด"),
    ],
)
def test_a_perfect_or_level_score_is_not_told_to_develop_its_lowest(score, said):
    """Every indicator at 100 was told to "develop" all ten "ซึ่งได้คะแนนน้อยที่สุด", beside "ได้คะแนนเต็ม" in section 4."""
    row = {"agency": "เทศบาลตำบลทดสอบ", "year": 2567, **{f"i{k}": score for k in range(1, 11)}}
    draft = draft_o42(AgencyYear.from_row(row))
    assert said in draft.practice and "คะแนนน้อยที่สุด" not in draft.practice
    assert [r.indicator for r in draft.issues] == ["ทุกตัวชี้วัดของ IIT", "ทุกตัวชี้วัดของ EIT", "ทุกตัวชี้วัดของ OIT"]


def test_a_6_month_o43_with_every_measure_done_promises_no_follow_up_of_the_unfinished(seed):
    """Every measure done at 6 months: the O43 said it would follow "มาตรการที่ยังไม่แล้วเสร็จ", of which there were none."""
    items = seed_items()[:1]  # done at 6 months
    text = all_text(open_docx(render_o43(seed, items, 6, exporter=png_1x1).content))
    assert "ยังไม่แล้วเสร็จ" not in text and "ได้ดำเนินการตามมาตรการแล้วเสร็จทุกมาตรการ" in text
    open_round = all_text(open_docx(render_o43(seed, seed_items(), 6, exporter=png_1x1).content))
    assert "จะติดตามมาตรการที่ยังไม่แล้วเสร็จอย่างต่อเนื่อง" in open_round  # one still in progress: as before
    # Every measure found not doable: no "แล้วเสร็จ" (a review), and some done, some not: both said.
    from ita.measures.model import FollowUp

    cannot = seed_items()[1:2]
    cannot[0].follow_ups[6] = FollowUp(2, 6, "cannot", 0, reason="งบประมาณไม่เพียงพอ", version=1)
    none_done = all_text(open_docx(render_o43(seed, cannot, 6, exporter=png_1x1).content))
    assert "ดำเนินการตามมาตรการทั้งหมดไม่ได้" in none_done and "แล้วเสร็จ ยกเว้น" not in none_done
    mixed = all_text(open_docx(render_o43(seed, items + cannot, 6, exporter=png_1x1).content))
    assert "ได้ดำเนินการตามมาตรการแล้วเสร็จ ยกเว้นมาตรการที่ดำเนินการไม่ได้" in mixed


def test_two_urgent_weaknesses_each_say_what_they_assess_in_a_clause_of_their_own():
    """Two indicators under the pass mark: their descriptions ran together, the second with no subject ("…เพื่อป้องกัน
    การทุจริต ประเมินการรับรู้ของผู้รับบริการ…")."""
    scores = [90, 90, 90, 90, 60, 90, 60, 90, 90, 90]
    row = {"agency": "เทศบาลตำบลทดสอบ", "year": 2564, **{f"i{k}": float(s) for k, s in enumerate(scores, 1)}}
    analysis = draft_o42(AgencyYear.from_row(row)).analysis
    assert "คือ การแก้ไขปัญหาการทุจริต และประสิทธิภาพการสื่อสาร โดยตัวชี้วัดการแก้ไขปัญหาการทุจริตประเมินการรับรู้" in analysis
    assert " และตัวชี้วัดประสิทธิภาพการสื่อสารประเมินการรับรู้ของผู้รับบริการ" in analysis


def test_a_measure_of_eight_lines_on_a_landscape_page_moves_to_the_next_page_whole():
    """On a landscape page a third of the text height is six lines: the measures table's rows of seven or eight were
    cut at every page break, one to three lines stranded under the next page's header. They are kept whole."""
    from ita.reports.docx_thai import ThaiDocument

    doc = ThaiDocument(load_templates().style())
    doc.landscape_section()
    follow = "รายงานผลการดำเนินงานตามมาตรการ\n- รอบ 6 เดือน\n- รอบ 12 เดือน"
    rows = [["มาตรการ", "แนวทาง", "1. ขั้นตอน\n2. ขั้นตอน\n3. ขั้นตอน", "กอง", "1 ตุลาคม 2566 – 30 กันยายน 2567", follow]]
    table = doc.table(["มาตรการ", "แนวทาง", "ขั้นตอน", "ผู้รับผิดชอบ", "ระยะเวลา", "การกำกับติดตาม"], rows,
                      [3.8, 5.0, 5.5, 3.2, 3.7, 3.5])  # fmt: skip
    assert table.rows[1]._tr.trPr is not None and table.rows[1]._tr.trPr.find(qn("w:cantSplit")) is not None


def test_a_12_month_report_behind_the_6_month_one_is_said_to_whoever_prepares_the_o43():
    """Done at 100 % at 6 months, not started at 0 % at 12: the store took it and the O43 published both, without a
    word. The preparer is told which measures went back (never in the document)."""
    from ita.measures.model import FollowUp
    from ita.reports import went_back

    items = seed_items()
    assert went_back(items) is None  # done at 6 and not reported at 12 (carried); 60 %, then "cannot" (with its reason)
    items[1].follow_ups[12] = FollowUp(2, 12, "in_progress", 80, version=1)  # 60 % at 6, 80 % at 12: forward
    assert went_back(items) is None
    items[0].follow_ups[12] = FollowUp(1, 12, "not_started", 0, reporter="นางสาวยุวดี อุเทนสุต", version=1)
    said = went_back(items, "en")
    assert said.startswith("1 measure stands behind at 12 months") and "(Done 100% → Not started 0%)" in said


def test_measures_nobody_reported_on_are_said_to_whoever_prepares_the_o43():
    """An O43 of a measure nobody reported on publishes "ยังไม่ทราบผลการดำเนินการ", which an assessor does not accept
    as evidence: the command and the page said nothing (a review). The preparer is told which, at either round."""
    from ita.measures.model import FollowUp
    from ita.reports import unreported

    items = seed_items()
    third = items[2].measure.title
    said = unreported(items, 12, "en")
    assert said.startswith("1 measure has no report by the 12-month round") and third in said
    assert items[0].measure.title not in unreported(items, 12)  # reported at 6, carried to 12
    assert "ยังไม่มีผู้รายงานผลถึงรอบ 6 เดือน" in unreported(items, 6) and third in unreported(items, 6)
    items[2].follow_ups[6] = FollowUp(3, 6, "in_progress", 20, "เริ่มแล้ว", version=1)
    assert unreported(items, 6) is None and unreported(items, 12) is None


def test_a_faculty_assessed_by_its_university_is_not_said_to_come_from_itas():
    """A university's internal round of its faculties was called "ข้อมูลจากระบบ ITAS", the NACC's system; the type
    says where its results come from (agency_types.toml ``source``); a municipality's stay ITAS's."""
    scores = {f"i{k}": 90.0 for k in range(1, 11)}
    faculty = AgencyYear.from_row({"agency": "คณะนิติศาสตร์", "year": 2563, **scores})
    town = AgencyYear.from_row({"agency": "เทศบาลตำบลทดสอบ", "year": 2563, **scores})
    # Said once, in section 2's heading, as the reference O42 says it; its paragraph said it again.
    faculty_text, town_text = (
        all_text(open_docx(render_o42(r, [], exporter=png_1x1).content)) for r in (faculty, town)
    )
    assert "(ผลการประเมินภายในของสถาบันตามแนวทาง ITA ปี พ.ศ. 2563)" in faculty_text and "ITAS" not in faculty_text
    assert town_text.count("ข้อมูลจากระบบ ITAS") == 1 and "(ข้อมูลจากระบบ ITAS ปี พ.ศ. 2563)" in town_text


def test_the_o43_says_what_was_late_what_could_not_be_done_and_what_nobody_reported_with_a_remedy_each(seed):
    """A real O43 shows each measure's due date, marks the late ones and has a section of problems and obstacles.
    The document dropped the due dates: a measure due in January still at 60 % in April read as on course."""
    items = seed_items()
    items[1].measure.due_date = dt.date(2021, 1, 31)  # in progress, 60 % at six months: late
    text = all_text(doc := open_docx(render_o43(seed, items, 6, exporter=png_1x1).content))
    row = table_with_header(doc, "มาตรการ").rows[2]
    assert "กำหนดแล้วเสร็จ 31 มกราคม 2564" in row.cells[0].text and row.cells[2].text.endswith("ล่าช้ากว่ากำหนด")
    assert "โดยมีมาตรการที่ดำเนินการล่าช้ากว่ากำหนด 1 มาตรการ" in text
    obstacles = section(doc, "ปัญหา อุปสรรค และแนวทางแก้ไข")
    assert obstacles[0].startswith("1) มาตรการที่ดำเนินการล่าช้ากว่ากำหนด ได้แก่ ")
    assert f"“{MEASURE_TITLES[1]}” (กำหนดแล้วเสร็จ 31 มกราคม 2564 ความคืบหน้าร้อยละ 60)" in obstacles[0]
    assert obstacles[1].startswith(f"2) มาตรการที่ยังไม่ได้รายงานผลรอบ 6 เดือน ได้แก่ “{MEASURE_TITLES[2]}”")
    assert all("แนวทางแก้ไข คือ" in paragraph for paragraph in obstacles)
    headings = [text for style, text in body_paragraphs(doc) if style.startswith("Heading")]
    assert [h for h in headings if h[:1].isdigit()][-2:] == ["4. ปัญหา อุปสรรค และแนวทางแก้ไข", "5. การดำเนินการต่อไป"]

    twelve = draft_o43(seed, seed_items(), 12)
    assert f"มาตรการที่ไม่สามารถดำเนินการได้ ได้แก่ “{MEASURE_TITLES[1]}” (งบประมาณไม่เพียงพอ)" in twelve.obstacles
    # The first measure's 100 % is its six-month report, carried forward: the mean says so.
    assert "(จาก 2 มาตรการ ในจำนวนนี้ 1 มาตรการใช้ผลล่าสุดจากรายงานรอบ 6 เดือน)" in twelve.summary

    done = [copy.deepcopy(seed_items()[0])]
    assert draft_o43(seed, done, 6).obstacles.startswith("ในรอบ 6 เดือน ไม่พบปัญหาหรืออุปสรรค")


def test_the_measures_table_gives_its_long_texts_most_of_the_width(seed):
    """The guideline and the steps run to many lines; the unit, period and monitoring to a few. With a sixth of the
    width each, one measure's row ran over three landscape pages."""
    table = table_with_header(open_docx(render_o42(seed, seed_items(), exporter=png_1x1).content), "มาตรการ")
    widths = [cell.width.cm for cell in table.rows[0].cells]
    assert [c.text for c in table.rows[0].cells][1:3] == ["แนวทางการปฏิบัติ", "ขั้นตอน/วิธีการปฏิบัติ"]
    assert widths[1] + widths[2] > sum(widths) / 2


def test_a_measure_is_late_only_by_a_due_date_of_its_own(seed):
    """Due by the round's last day and unfinished in its report is late: measures are mostly due on that day, and a
    review found the O43 saying "no measure was late" of one due 31 March at 70 %. Due after it is not late yet;
    without a due date a measure is late against no date the agency set; unreported is said as unreported. The
    summary's count and section 4 agree."""
    from ita.measures.rounds import late_at, summarise_round

    items = seed_items()
    items[1].measure.due_date = dt.date(2021, 4, 1)  # the day after the 6-month round: in progress, 60 %, not late
    assert not late_at(items[1], 6) and not late_at(items[2], 6) and not late_at(items[2], 12)
    items[1].measure.due_date = dt.date(2021, 3, 31)  # the round's last day
    assert late_at(items[1], 6) and summarise_round(items, 6).late == 1
    assert draft_o43(seed, items, 6).obstacles.count("(กำหนดแล้วเสร็จ") == 1


def test_a_whole_tools_row_short_of_the_next_grades_floor_ends_in_what_to_do():
    """A tool whose indicators share one score short of the next grade's floor: its row ended "…ควรพัฒนาเป็นลำดับแรก"
    with nothing after it (the lead written for a row whose advice follows)."""
    row = {"agency": "เทศบาลตำบลทดสอบ", "year": 2567, **{f"i{k}": 90.0 if k <= 5 else 96.0 for k in range(1, 11)}}
    (iit, *_) = draft_o42(AgencyYear.from_row(row)).issues
    assert iit.indicator == "ทุกตัวชี้วัดของ IIT" and "“ผ่านดีเยี่ยม”" in iit.improve
    assert iit.improve.endswith("จึงควรพัฒนาทุกตัวชี้วัดของเครื่องมือนี้ให้ดีขึ้น")
