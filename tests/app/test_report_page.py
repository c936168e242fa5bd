"""AppTest of the report page: drafted text first, files only on click, user edits in the document."""

from __future__ import annotations

import pytest
from helpers import ROOT, shown
from helpers.reports import MEASURE_TITLES, PHOK_NOI, all_text, open_docx, seed_measures, table_with_header
from streamlit.testing.v1 import AppTest

PAGE = str(ROOT / "pages" / "report.py")
PHOK_NOI_KEY = "เทศบาลตำบลพอกน้อย@สกลนคร"


@pytest.fixture(autouse=True)
def fresh_app(app_database, monkeypatch):
    """Its own database (``app_database``) and no chart images (no browser needed)."""
    monkeypatch.setenv("ITA_REPORT_CHARTS", "0")


def report_page(**query) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=120)
    for name, value in {"agency": PHOK_NOI, "year": "2563", **query}.items():
        at.query_params[name] = value
    return at.run()


def downloads(at: AppTest) -> list:
    return at.get("download_button")


def test_drafted_sections_first_then_files_on_click(tmp_path):
    from ita.measures.store import open_store

    store = open_store(f"sqlite:///{tmp_path / 'ita.db'}")
    for measure in seed_measures():
        store.create_measure(measure, who="test")
    at = report_page()
    assert not at.exception, at.exception
    assert at.title[0].value == "รายงาน O42 / O43"
    assert any("(3 มาตรการ)" in c.value for c in at.caption)
    labels = [ta.label for ta in at.text_area]
    assert labels[:2] == ["ชื่อเรื่อง (หน้าปก)", "คำนำ"] and "3. การวิเคราะห์ข้อมูล" in labels
    # Numbered as the document's sections are (5. the practice, 6. the measures), and in the document's order:
    # section 4's boxes (each indicator's assessment and what to improve) between 3 and 5. They came after 6.
    assert [label[:2] for label in labels if label[:1].isdigit()] == ["1.", "2.", "2.", "3.", "5.", "6."]
    first_issue = labels.index("ประเด็นการประเมิน")
    assert labels.index("3. การวิเคราะห์ข้อมูล") < first_issue < labels.index(next(la for la in labels if la[:2] == "5."))
    # Each issue box is as tall as its drafted text (it was 110 px, three lines: cut mid-sentence).
    from ita.app.widgets import box_height

    improve = at.text_area(key="report_issue_8_improve").value
    assert len(improve) > 180 and box_height(improve, 45) >= 26 * (1 + len(improve) // 60) + 24 > 110
    result = at.text_area(key="report_text_result").value
    assert "80.00 คะแนน" in result and "ระดับ B" in result
    assert downloads(at) == [] and "report_files" not in at.session_state  # nothing built before the click

    at.text_area(key="report_text_preface").input("คำนำที่แก้ไขบนหน้าเว็บ").run()
    at.text_input(key="report_sign_prepared_by").input("นางสาวยุวดี อุเทนสุต").run()
    at.text_area(key="report_issue_8_improve").input("ข้อเสนอที่แก้บนหน้าเว็บ").run()  # การปรับปรุงการทำงาน
    assert downloads(at) == []  # editing does not generate
    at.button(key="report_generate").click().run()
    assert not at.exception, at.exception
    assert [d.label for d in downloads(at)] == ["ดาวน์โหลด Word (.docx)", "ดาวน์โหลด Excel (.xlsx)"]
    files = at.session_state["report_files"]
    assert files["docx_name"] == "O42-2563-เทศบาลตำบลพอกน้อย.docx"
    doc = open_docx(files["docx"])
    text = all_text(doc)
    assert "คำนำที่แก้ไขบนหน้าเว็บ" in text and "(นางสาวยุวดี อุเทนสุต)" in text and "ข้อเสนอที่แก้บนหน้าเว็บ" in text
    # The approver's position left empty on the page: the head's position, as the command line writes it.
    assert "ตำแหน่ง นายกเทศมนตรีตำบลพอกน้อย" in text
    assert "6. ข้อเสนอแนะในการจัดทำมาตรการ" in text and "5. แนวทางการนำผลการวิเคราะห์ไปสู่การปฏิบัติ" in text
    table = table_with_header(doc, "มาตรการ")
    assert [r.cells[0].text.split("\n")[0] for r in table.rows[1:]] == list(MEASURE_TITLES)
    assert files["xlsx"][:2] == b"PK"
    # The chart fell back to a table: said on the page, in the page's language (ITA_REPORT_CHARTS=0 in this test).
    said = [shown(w.value) for w in at.warning]
    assert any("ปิดการสร้างภาพแผนภูมิไว้" in w for w in said), said
    assert any("ที่ตอบจุดอ่อนที่ต้องแก้ไขโดยเร่งด่วน คือ ตัวชี้วัดที่ 8" in w for w in said), said  # advice, not in the O42

    at.text_area(key="report_text_analysis").input("แก้ไขหลังสร้าง").run()  # stale files are flagged
    assert any("สร้างเอกสาร" in i.value for i in at.info)


def test_o43_round_and_no_measures(tmp_path):
    at = report_page()
    at.segmented_control(key="doc").set_value("o43").run()
    assert not at.exception, at.exception
    # An O43 of no measures says the agency set none: a warning, not a note (a reviewer: published, it announces that)
    assert any("ยังไม่มีมาตรการของปี พ.ศ. 2564" in w.value and "อย่าเผยแพร่" in w.value for w in at.warning)
    assert "รอบ 6 เดือน" in at.text_area(key="report_text_title").value
    at.segmented_control(key="round").set_value(12).run()
    assert "รอบ 12 เดือน" in at.text_area(key="report_text_title").value
    at.button(key="report_generate").click().run()
    assert at.session_state["report_files"]["docx_name"] == "O43-2564-r12-เทศบาลตำบลพอกน้อย.docx"
    assert len(downloads(at)) == 2


def test_a_link_opens_the_document_and_round_it_names_and_a_choice_is_written_into_the_url():
    """A shared link says which document: the page opened on the O42 whatever the link held."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)  # app.py writes the URL when a page has run
    at.query_params.update({"agency": PHOK_NOI, "year": "2563", "doc": "O43", "round": "๑๒"})  # as typed; Thai digits
    at.switch_page("pages/report.py").run()
    assert not at.exception, at.exception
    assert at.segmented_control(key="doc").value == "o43" and at.segmented_control(key="round").value == 12
    assert "รอบ 12 เดือน" in at.text_area(key="report_text_title").value
    assert at.query_params["doc"] in ("o43", ["o43"]) and at.query_params["round"] in ("12", ["12"])
    at.segmented_control(key="round").set_value(6).run()
    assert at.query_params["round"] in ("6", ["6"])
    at.segmented_control(key="doc").set_value("o42").run()
    assert at.query_params["doc"] in ("o42", ["o42"]) and "รอบ" not in at.text_area(key="report_text_title").value
    assert report_page(doc="o99").segmented_control(key="doc").value == "o42"  # a word naming no document: the O42


def test_english_interface_keeps_the_chosen_document():
    at = report_page()
    at.segmented_control(key="doc").set_value("o43").run()
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception, at.exception
    assert at.title[0].value == "O42 / O43 reports"
    assert at.button(key="report_generate").label == "Generate the documents"
    assert at.segmented_control(key="doc").value == "o43"
    assert "รอบ 6 เดือน" in at.text_area(key="report_text_title").value  # the document itself stays Thai


def test_the_issue_editors_name_the_indicator_in_the_pages_language():
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.query_params.update({"agency": PHOK_NOI, "year": "2563"})
    at.session_state["lang"] = "en"  # as the sidebar's language switch leaves it
    at.run()
    assert not at.exception, at.exception
    heads = [m.value for m in at.markdown if "Indicator 8" in m.value]
    assert heads and "Work improvement" in heads[0] and "การปรับปรุงการทำงาน" not in heads[0], heads


def test_the_page_opened_again_after_another_keeps_the_edited_text():
    """Streamlit drops a widget's value when a run does not draw it: coming back from another page used to end in a
    KeyError (an error box) instead of the boxes, and the edits were lost."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["agency"], at.query_params["year"] = PHOK_NOI, "2563"
    at.switch_page("pages/report.py").run()
    assert not at.exception, at.exception
    at.text_area(key="report_text_preface").input("คำนำที่แก้ไขก่อนไปหน้าอื่น").run()
    at.text_input(key="report_sign_prepared_by").input("นางสาวยุวดี อุเทนสุต").run()
    at.switch_page("pages/overview.py").run()
    assert not at.exception, at.exception
    at.switch_page("pages/report.py").run()
    assert not at.exception, at.exception
    assert at.text_area(key="report_text_preface").value == "คำนำที่แก้ไขก่อนไปหน้าอื่น"
    assert at.text_input(key="report_sign_prepared_by").value == "นางสาวยุวดี อุเทนสุต"


def test_a_year_whose_criteria_are_unconfirmed_says_to_check_before_publishing():
    unsure = report_page(year="2568")
    assert not unsure.exception, unsure.exception
    assert any("ปี 2568" in w.value and "ยังไม่ได้รับการยืนยัน" in w.value for w in unsure.warning)  # md(): escaped
    sure = report_page(year="2565")
    assert not any("ยังไม่ได้รับการยืนยัน" in w.value for w in sure.warning)


def test_edited_texts_come_back_after_a_reload_until_drafted_anew(tmp_path):
    """Found by a reviewer: the edited texts and the signers' names were lost on F5 (or a link that loads the page
    afresh), with no warning. They are saved as they are edited, for the agency, year, document and round, and say
    so; a change of the measures since is said; 'reset' drafts anew for everyone."""
    from ita.measures.store import open_store

    at = report_page()
    drafted = at.text_area(key="report_text_preface").value
    at.text_area(key="report_text_preface").input("คำนำที่แก้ไว้").run()
    at.text_area(key="report_issue_8_improve").input("ข้อเสนอที่แก้ไว้").run()
    assert not at.exception, at.exception
    assert any("บันทึกไว้ในระบบแล้ว" in c.value for c in at.caption)

    again = report_page()  # a reload: a new session
    assert again.text_area(key="report_text_preface").value == "คำนำที่แก้ไว้"
    assert again.text_area(key="report_issue_8_improve").value == "ข้อเสนอที่แก้ไว้"
    assert not again.info or not any("ก่อนมาตรการ" in i.value for i in again.info)

    store = open_store(f"sqlite:///{tmp_path / 'ita.db'}")
    store.create_measure(seed_measures()[0], who="test")  # the measures change: the texts stay, and it is said
    changed = report_page()
    assert changed.text_area(key="report_text_preface").value == "คำนำที่แก้ไว้"
    assert any("ก่อนมาตรการ" in i.value for i in changed.info)

    from ita.storage import report_texts
    from ita.storage.db import engine_for

    kept, scope = engine_for(f"sqlite:///{tmp_path / 'ita.db'}"), (PHOK_NOI_KEY, 2563, "o42", None)
    assert report_texts.saved(kept, scope).texts["report_text_preface"] == "คำนำที่แก้ไว้"
    changed.button(key="report_reset").click().run()  # asks first: it drops every colleague's texts (a review)
    assert report_texts.saved(kept, scope) is not None
    assert any("ยกเลิกไม่ได้" in w.value for w in changed.warning)
    changed.button(key="report_reset_no").click().run()
    assert report_texts.saved(kept, scope) is not None and not any("ยกเลิกไม่ได้" in w.value for w in changed.warning)
    changed.button(key="report_reset").click().run()
    changed.button(key="report_reset_yes").click().run()
    assert changed.text_area(key="report_text_preface").value == drafted
    assert report_texts.saved(kept, scope) is None  # dropped, not saved back
    fresh = report_page()
    assert fresh.text_area(key="report_text_preface").value == drafted
    assert fresh.text_area(key="report_issue_8_improve").value != "ข้อเสนอที่แก้ไว้"


def test_two_colleagues_editing_different_sections_keep_both():
    """Each saves only the boxes they changed: B, who opened the page before A saved, does not put back A's old
    preface."""
    a, b = report_page(), report_page()
    a.text_area(key="report_text_preface").input("คำนำของ ก").run()
    b.text_area(key="report_text_rationale").input("หลักการของ ข").run()
    again = report_page()
    assert again.text_area(key="report_text_preface").value == "คำนำของ ก"
    assert again.text_area(key="report_text_rationale").value == "หลักการของ ข"


def test_two_colleagues_editing_the_same_section_never_overwrite_each_other_unasked():
    """A review: B saved the section A had saved a minute before, A's text was gone, and A's page still said it
    was kept. B is told A saved first, with A's text, and chooses: take it, or save B's over it."""
    a, b = report_page(), report_page()  # both read the draft
    a.text_area(key="report_text_practice").input("แนวทางของ ก").run()
    b.text_area(key="report_text_practice").input("แนวทางของ ข").run()
    assert not b.exception, b.exception
    said = [shown(w.value) for w in b.warning if "บันทึกข้อความอื่นในช่องนี้ไว้ก่อน" in w.value]
    assert len(said) == 1 and '"แนวทางของ ก"' in said[0] and '"5. แนวทางการนำผลการวิเคราะห์ไปสู่การปฏิบัติ"' in said[0]
    assert "ผู้ใช้อีกคน" in said[0]  # who saved first: no name was given in these sessions
    assert report_page().text_area(key="report_text_practice").value == "แนวทางของ ก"  # A's text stands
    b.text_area(key="report_text_rationale").input("หลักการของ ข").run()  # another box of B's is saved meanwhile
    assert report_page().text_area(key="report_text_rationale").value == "หลักการของ ข"
    assert report_page().text_area(key="report_text_practice").value == "แนวทางของ ก"
    b.button(key="clash_keep_report_text_practice").click().run()  # B chooses to save theirs over A's
    assert not [w for w in b.warning if "บันทึกข้อความอื่น" in w.value]
    assert report_page().text_area(key="report_text_practice").value == "แนวทางของ ข"
    a.text_area(key="report_text_practice").input("แนวทางของ ก ฉบับสอง").run()  # now A is told, and takes B's
    a.button(key="clash_take_report_text_practice").click().run()
    assert a.text_area(key="report_text_practice").value == "แนวทางของ ข"
    assert report_page().text_area(key="report_text_practice").value == "แนวทางของ ข"


def test_a_measure_not_filled_in_is_said_above_the_o42s_texts(tmp_path):
    """Its empty cells in the O42's measures table are said on the page (a reviewer found them only in the file)."""
    from dataclasses import replace

    from ita.measures.store import open_store

    store = open_store(f"sqlite:///{tmp_path / 'ita.db'}")
    bare = replace(seed_measures()[0], responsible="", steps="")
    store.create_measure(bare, who="test")
    at = report_page()
    said = [w.value for w in at.warning if "ยังกรอกไม่ครบ" in w.value]
    assert len(said) == 1 and "ผู้รับผิดชอบ" in said[0] and "ขั้นตอน" in said[0]


def test_an_o43_of_measures_nobody_reported_on_says_so_before_it_is_made(tmp_path):
    """The O43 would publish "result unknown" for them, which an assessor does not accept: the page said nothing."""
    from ita.measures.store import open_store

    store = open_store(f"sqlite:///{tmp_path / 'ita.db'}")
    for measure in seed_measures():
        store.create_measure(measure, who="test")  # every round blank: nobody reported
    at = report_page(doc="o43", round="12")
    assert not at.exception, at.exception
    said = [w.value for w in at.warning if "ยังไม่มีผู้รายงานผลถึงรอบ 12 เดือน" in w.value]
    assert len(said) == 1 and "มาตรการ 3 ข้อ" in said[0] and MEASURE_TITLES[0] in said[0], [w.value for w in at.warning]
