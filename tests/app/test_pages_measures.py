"""AppTest: the measures and follow-up pages through the router, with edits seeded as the grid records them."""

from __future__ import annotations

import datetime as dt

import pytest
from helpers import ROOT, shown
from streamlit.testing.v1 import AppTest

from ita.measures.grid import editor_keys
from ita.measures.model import Measure
from ita.measures.store import open_store

APP = str(ROOT / "app.py")
PHOK_NOI = "เทศบาลตำบลพอกน้อย"
PHOK_NOI_KEY = "เทศบาลตำบลพอกน้อย@สกลนคร"  # its name and province (ita.io.identity)
SCOPE = f"{PHOK_NOI_KEY}|2564"


pytestmark = pytest.mark.usefixtures("app_database")


def open_page(path: str, *, name: str | None = "ยุวดี อุเทนสุต", lang: str = "th", **query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in {"agency": PHOK_NOI, "year": "2563", **query}.items():
        at.query_params[key] = value
    if name:
        at.session_state["editor_name"] = name
    # The page is chosen before the first run, as a deep link opens it: app.py runs once, straight into the page
    # (each st.Page's url_path is its file name, so the page is found before st.navigation has registered it).
    at.switch_page(f"pages/{path}.py")
    at.run()
    if lang != "th":
        at.radio(key="lang").set_value(lang).run()
    assert not at.exception, at.exception
    return at


def seed_edits(at: AppTest, prefix: str, scope: str, edits: dict) -> AppTest:
    generation = at.session_state[f"{'m' if prefix == 'm' else 'fu'}_generation"][scope]
    _, edits_key, _ = editor_keys(prefix, scope, generation)
    at.session_state[edits_key] = {"edited_rows": {}, "added_rows": [], "deleted_rows": [], **edits}
    return at.run()


def table_with(at: AppTest, column: str):
    """The first table shown (st.dataframe or st.data_editor) that has ``column``."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


UNANSWERED = "ยังไม่มีมาตรการที่ตอบจุดอ่อนที่ต้องแก้ไขโดยเร่งด่วน"


def messages(at: AppTest, kind: str) -> list[str]:
    """The page's messages of a kind, without the standing note that no measure answers the urgent weakness
    (the seed's measures answer indicators other than 8; ``test_the_page_says_when_no_measure_answers_...``)."""
    return [e.value for e in getattr(at, kind) if not e.value.startswith(UNANSWERED)]


def test_the_page_says_when_no_measure_answers_the_urgent_weakness(app_database_url):
    at = open_page("measures")
    said = [e.value for e in at.warning if e.value.startswith(UNANSWERED)]
    assert len(said) == 1 and "ตัวชี้วัดที่ 8 การปรับปรุงการทำงาน" in said[0]
    # Stored under the key of an earlier version (the bare name): still the agency's own measure.
    measure = Measure(PHOK_NOI, PHOK_NOI, 2564, "มาตรการปรับปรุงการทำงาน", indicators=(8,))
    open_store(app_database_url).create_measure(measure, who="setup")
    at = open_page("measures")
    assert not [e.value for e in at.warning if e.value.startswith(UNANSWERED)]


def test_measures_page_for_the_year_after_the_result(app_database_url):
    at = open_page("measures")
    assert at.title[0].value == "มาตรการ"
    assert "ปีงบประมาณ พ.ศ. 2564" in at.caption[0].value and "พ.ศ. 2563" in at.caption[0].value
    assert at.selectbox(key="m_fy.th").value == 2564
    assert at.query_params["fy"] in ("2564", ["2564"])
    assert any("การปรับปรุงการทำงาน (71.85)" in shown(m.value) for m in at.markdown)  # the weakest indicator first


def test_without_a_name_the_page_asks_for_it_once_and_editing_waits(app_database_url):
    at = open_page("measures", name=None)
    assert any("ระบุชื่อ" in w for w in messages(at, "warning"))
    assert at.button(key="m_save").disabled and at.button(key="m_add_library").disabled
    at.text_input(key="m_editor_name_prompt").input("สมชาย")
    at.button(key="m_editor_name_ok").click().run()
    assert at.session_state["editor_name"] == "สมชาย"
    assert not at.button(key="m_add_library").disabled and not messages(at, "warning")


def test_add_a_library_measure_edit_it_save_and_see_the_history(app_database_url):
    at = open_page("measures")
    at.selectbox(key="m_library_pick").set_value("seed-discretion")
    at.button(key="m_add_library").click().run()
    assert 'เพิ่มมาตรการ "มาตรการตรวจสอบการใช้ดุลพินิจ" แล้ว' in messages(at, "success")
    store = open_store(app_database_url)
    (m,) = store.list_measures(PHOK_NOI_KEY, 2564)
    assert (m.start_date, m.due_date, m.responsible) == (dt.date(2020, 10, 1), dt.date(2021, 9, 30), "สำนักปลัดเทศบาล")

    at = seed_edits(
        at,
        "m",
        SCOPE,
        {
            "edited_rows": {0: {"responsible": "กองการเจ้าหน้าที่", "indicators": ["3"]}},
            "added_rows": [{"title": "มาตรการใหม่จากตาราง", "indicators": ["8"]}],
        },
    )
    assert at.button(key="m_save").label == "บันทึก (2 แถว)"
    at.button(key="m_save").click().run()
    assert not at.exception
    assert {'บันทึกการแก้ไข "มาตรการตรวจสอบการใช้ดุลพินิจ" แล้ว', 'เพิ่มมาตรการ "มาตรการใหม่จากตาราง" แล้ว'} <= set(
        messages(at, "success")
    )
    assert [(x.title, x.responsible, x.indicators) for x in store.list_measures(PHOK_NOI_KEY, 2564)] == [
        ("มาตรการตรวจสอบการใช้ดุลพินิจ", "กองการเจ้าหน้าที่", (3,)),
        ("มาตรการใหม่จากตาราง", "", (8,)),
    ]
    history = table_with(at, "ผู้แก้ไข")  # the history tab: newest first, with the editor's name
    assert history.iloc[0]["ผู้แก้ไข"] == "ยุวดี อุเทนสุต" and "กองการเจ้าหน้าที่" in set(history["ค่าใหม่"])


def test_invalid_rows_save_nothing_and_keep_the_edits(app_database_url):
    open_store(app_database_url).create_measure(Measure(PHOK_NOI_KEY, PHOK_NOI, 2564, "มาตรการ ก"), who="setup")
    at = open_page("measures")
    at = seed_edits(at, "m", SCOPE, {"edited_rows": {0: {"title": "", "due_date": "2030-01-01"}}})
    at.button(key="m_save").click().run()
    errors = messages(at, "error")
    assert errors[0].startswith("ยังไม่ได้บันทึก") and any("ต้องกรอกมาตรการ" in e for e in errors)
    assert at.session_state["m_generation"][SCOPE] == 0  # the same editor, edits kept
    assert open_store(app_database_url).list_measures(PHOK_NOI_KEY, 2564)[0].title == "มาตรการ ก"


def test_a_stale_edit_shows_both_values(app_database_url):
    store = open_store(app_database_url)
    m = store.create_measure(Measure(PHOK_NOI_KEY, PHOK_NOI, 2564, "มาตรการ ก"), who="setup")
    at = open_page("measures")  # the page's snapshot: version 1
    store.update_measure(m.id, {"monitoring": "รายงานทุกเดือน"}, 1, who="สมหญิง")
    at = seed_edits(at, "m", SCOPE, {"edited_rows": {0: {"monitoring": "รายงานทุกไตรมาส"}}})
    at.button(key="m_save").click().run()
    (warning,) = messages(at, "warning")
    assert "สมหญิง" in warning and "รายงานทุกไตรมาส" in warning and "รายงานทุกเดือน" in warning
    assert store.get_measure(m.id).monitoring == "รายงานทุกเดือน"


def test_delete_and_undo(app_database_url):
    open_store(app_database_url).create_measure(Measure(PHOK_NOI_KEY, PHOK_NOI, 2564, "มาตรการ ก"), who="setup")
    at = open_page("measures")
    at = seed_edits(at, "m", SCOPE, {"deleted_rows": [0]})
    at.button(key="m_save").click().run()
    assert open_store(app_database_url).list_measures(PHOK_NOI_KEY, 2564) == []
    at.button(key="m_undo_button").click().run()
    assert [m.title for m in open_store(app_database_url).list_measures(PHOK_NOI_KEY, 2564)] == ["มาตรการ ก"]
    assert 'กู้คืนมาตรการ "มาตรการ ก" แล้ว' in messages(at, "success")


def test_an_agency_without_results_can_have_measures(app_database_url):
    at = open_page("measures", agency="", year="")
    at.selectbox(key="m_agency.th").set_value("__new__").run()
    at.text_input(key="m_agency_name").input("องค์การบริหารส่วนตำบลใหม่").run()
    assert not at.exception
    today = dt.date.today()
    current = today.year + 543 + (today.month >= 10)
    assert current in at.selectbox(key="m_fy.th").options or f"พ.ศ. {current}" in at.selectbox(key="m_fy.th").options
    at.selectbox(key="m_fy.th").set_value(current).run()
    assert "องค์การบริหารส่วนตำบลใหม่" in at.caption[0].value and f"พ.ศ. {current}" in at.caption[0].value
    assert any("ไม่มีผลการประเมิน" in i for i in messages(at, "info"))
    at.selectbox(key="m_library_pick").set_value("seed-integrity-pledge")
    at.button(key="m_add_library").click().run()
    (m,) = open_store(app_database_url).list_measures(year=current)
    assert (m.agency, m.agency_key) == ("องค์การบริหารส่วนตำบลใหม่", "องค์การบริหารส่วนตำบลใหม่")


def url_value(at, name: str) -> str:
    """A query parameter as the browser's URL holds it (AppTest keeps a value set in a callback unwrapped)."""
    value = at.query_params[name]
    return value if isinstance(value, str) else value[0]


def test_followup_page_reports_a_round_and_shows_the_overview(app_database_url):
    store = open_store(app_database_url)
    for title, unit in (("มาตรการ ก", "กองคลัง"), ("มาตรการ ข", "สำนักปลัดเทศบาล")):
        store.create_measure(Measure(PHOK_NOI_KEY, PHOK_NOI, 2564, title, responsible=unit), who="setup")
    at = open_page("followup")
    assert at.title[0].value == "ติดตามผล"
    assert len(at.get("plotly_chart")) == 2 and [m.value for m in at.metric][0] == "2"
    at = seed_edits(
        at, "fu", f"{SCOPE}|6", {"edited_rows": {0: {"status": "done", "progress": 100, "report_date": "2021-03-31"}}}
    )
    at.button(key="fu_save").click().run()
    assert not at.exception and any("มาตรการ ก" in s for s in messages(at, "success"))
    fu = store.follow_up(store.list_measures()[0].id, 6)
    assert (fu.status, fu.progress, fu.reporter, fu.version) == ("done", 100, "ยุวดี อุเทนสุต", 2)
    # The 12-month round is its own table; ก, finished at 6 months and not reported since, stands as finished
    # there (a read-only column says so), and the round's figures are its O43's: 1 done, 100 % over 1 reported.
    at.segmented_control(key="round").set_value(12).run()
    assert "รอบ 12 เดือน" in at.subheader[0].value
    assert at.dataframe[0].value["carried"].tolist() == ["ดำเนินการแล้วเสร็จ 100% (รอบ 6 เดือน)", ""]
    assert [m.value for m in at.metric][:3] == ["2", "1", "100%"]
    at = seed_edits(at, "fu", f"{SCOPE}|12", {"edited_rows": {1: {"status": "cannot"}}})
    at.button(key="fu_save").click().run()
    assert any("ต้องระบุเหตุผล" in e for e in messages(at, "error"))
    # Fiscal year 2564 is over: the unfinished measure is overdue, how late beside it.
    late = table_with(at, "เลยกำหนด")
    assert list(late["มาตรการ"]) == ["มาตรการ ข"] and list(late.columns[:2]) == ["มาตรการ", "เลยกำหนด"]
    # The round is in the URL as a number (?round=12), whatever the language: a link opens on it, and so does an
    # older link that names it ("รอบ 12 เดือน", "12-month round").
    assert url_value(at, "round") == "12"
    for link in ("12", "รอบ 12 เดือน", "12-month round", "๑๒"):
        assert "รอบ 12 เดือน" in open_page("followup", round=link).subheader[0].value, link
    assert "รอบ 6 เดือน" in open_page("followup", round="18").subheader[0].value  # no such round: the first


def test_followup_page_without_measures_points_to_the_measures_page(app_database_url):
    at = open_page("followup")
    assert any("ยังไม่มีมาตรการ" in i for i in messages(at, "info"))


@pytest.mark.parametrize("path, title", [("measures", "Measures"), ("followup", "Follow-up")])
def test_both_pages_in_english(app_database_url, path, title):
    open_store(app_database_url).create_measure(Measure(PHOK_NOI_KEY, PHOK_NOI, 2564, "มาตรการ ก"), who="setup")
    at = open_page(path, lang="en")
    assert at.title[0].value == title and "B.E. 2564" in at.caption[0].value


def test_the_round_in_the_url_survives_a_language_switch(app_database_url):
    store = open_store(app_database_url)
    store.create_measure(Measure(PHOK_NOI_KEY, PHOK_NOI, 2564, "มาตรการ ก"), who="setup")
    at = open_page("followup", round="12")
    assert "รอบ 12 เดือน" in at.subheader[0].value
    at.sidebar.radio(key="lang").set_value("en").run()
    assert not at.exception, at.exception
    assert "12" in at.subheader[0].value and url_value(at, "round") == "12", at.subheader[0].value


@pytest.mark.parametrize("path", ["measures", "followup"])
def test_a_page_opened_without_an_agency_opens_on_the_one_the_other_pages_do(app_database_url, path):
    """A bookmark of /measures with nothing in it: the seed municipality, as the agency page opens on; before, the
    first agency of the list (a university division of another sample)."""
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["editor_name"] = "ยุวดี อุเทนสุต"
    at.switch_page(f"pages/{path}.py")
    at.run()
    assert not at.exception, at.exception
    assert at.sidebar.selectbox[0].value == PHOK_NOI_KEY


def test_the_round_chosen_stays_when_the_page_is_opened_again_from_the_sidebar(app_database_url):
    """The sidebar's links carry no round: coming back to the follow-up page used to open the 6-month round."""
    store = open_store(app_database_url)
    store.create_measure(Measure(PHOK_NOI_KEY, PHOK_NOI, 2564, "มาตรการ ก"), who="setup")
    at = open_page("followup")
    assert "รอบ 6 เดือน" in at.subheader[0].value
    at.segmented_control(key="round").set_value(12).run()
    assert "รอบ 12 เดือน" in at.subheader[0].value and url_value(at, "round") == "12"
    at.query_params.pop("round", None)  # what the sidebar's link to the page carries
    at.switch_page("pages/measures.py").run()
    at.switch_page("pages/followup.py").run()
    assert not at.exception, at.exception
    assert "รอบ 12 เดือน" in at.subheader[0].value and url_value(at, "round") == "12"
    at.query_params["round"] = "6"  # a link to the 6-month round: the one shown, then kept as well
    at.run()
    at.query_params.pop("round", None)
    at.switch_page("pages/measures.py").run()
    at.switch_page("pages/followup.py").run()
    assert "รอบ 6 เดือน" in at.subheader[0].value


def test_suggestions_for_an_agency_whose_every_indicator_passed_name_its_lowest_not_a_missing_result():
    at = open_page("measures", year="2567")
    said = shown(" ".join(m.value for m in at.markdown) + " ".join(i.value for i in at.info))
    assert "ไม่มีผลการประเมินปี พ.ศ. 2567" not in said
    assert "ทุกตัวชี้วัดได้ 85 คะแนนขึ้นไป" in said and "10 การป้องกันการทุจริต (86.37)" in said
    assert any(b.key.startswith("m_add_") and b.key != "m_add_library" for b in at.button)


@pytest.mark.parametrize("path", ["measures", "followup"])
def test_a_link_to_an_agency_not_loaded_says_so_and_names_the_one_shown(path):
    """A link naming no loaded agency opened another agency's measures without a word: an editor could add measures
    to it. It is said, naming the agency shown instead, as the agency page says it, until another is chosen."""
    at = open_page(path, agency="เทศบาลตำบลไม่มี", year="", fy="2569")
    (said,) = [w for w in messages(at, "warning") if "เทศบาลตำบลไม่มี" in w]
    shown_key = at.selectbox(key="m_agency.th").value
    assert "ไม่มีในข้อมูลที่นำเข้า" in said and shown_key.split("@")[0] in said
    other = next(k for k in at.selectbox(key="m_agency.th").options if k not in (shown_key, "__new__"))
    at.selectbox(key="m_agency.th").set_value(other).run()  # another agency chosen: the link is answered
    assert not [w for w in messages(at, "warning") if "เทศบาลตำบลไม่มี" in w]


def test_back_brings_the_fiscal_year_of_the_url_before(app_database_url):
    at = open_page("measures")
    at.selectbox(key="m_fy.th").set_value(2565).run()
    assert at.query_params["fy"] in ("2565", ["2565"])
    at.query_params["fy"] = "2564"  # the browser's Back
    at.run()
    assert at.selectbox(key="m_fy.th").value == 2564 and at.query_params["fy"] in ("2564", ["2564"])
