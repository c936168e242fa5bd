"""AppTest: every dashboard page runs without an exception, in Thai and English, and the flows that matter."""

from __future__ import annotations

import re

import pytest
import streamlit as st
from helpers import ROOT
from streamlit.proto.Metric_pb2 import Metric
from streamlit.testing.v1 import AppTest

from ita.common.text import t

APP = str(ROOT / "app.py")
PHOK_NOI = "เทศบาลตำบลพอกน้อย"


pytestmark = pytest.mark.usefixtures("app_database")


def app(**query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for name, value in query.items():
        at.query_params[name] = value
    return at


def page(path: str, **query) -> AppTest:
    """Run one page through the router (app.py), as the browser does."""
    at = app(**query)
    # The page is chosen before the first run, as a deep link opens it: app.py runs once, straight into the page
    # (each st.Page's url_path is its file name, so the page is found before st.navigation has registered it).
    at.switch_page(f"pages/{path}.py")
    return at.run()


def texts(at: AppTest) -> str:
    parts = [
        e.value
        for kind in ("title", "subheader", "markdown", "caption", "info", "warning", "success")
        for e in getattr(at, kind)
    ]
    parts += [str(e.proto.body) for e in at.get("html")]
    return "\n".join(str(p) for p in parts)


def data_page() -> AppTest:
    """The data page on its own (its upload form is driven more reliably by AppTest outside the router)."""
    return AppTest.from_file(str(ROOT / "pages" / "data.py"), default_timeout=120).run()


def charts(at: AppTest) -> list:
    return at.get("plotly_chart")


# ----------------------------------------------------------------------------- every page


def test_agency_page_shows_the_seed_municipality():
    at = app(agency=PHOK_NOI, year="2563").run()
    assert not at.exception, at.exception
    assert at.title[0].value == PHOK_NOI
    body = texts(at)
    assert "80.00" in body and ">B<" in body
    # The first tab is open: the indicators, the three tools and the points lost; the other tabs are not built.
    assert [c.key for c in charts(at)] == ["chart_indicators", "chart_tools", "chart_lost"]
    assert "ITA-2563" in at.caption[0].value


@pytest.mark.parametrize(("tab", "chart"), [("tab_trend", "chart_trend"), ("tab_peers", "chart_peers")])
@pytest.mark.parametrize(("label_lang", "page_lang"), [("th", "th"), ("th", "en"), ("en", "th")])
def test_a_link_opens_the_agency_page_on_its_tab(tab, chart, label_lang, page_lang):
    """The open tab is in the URL (``tab=<its label>``): a shared link opens on it, and only its charts are built;
    in either language whatever language the label was written in (a Thai colleague's link opened in English
    dropped the tab)."""
    at = app(agency=PHOK_NOI, year="2563", tab=t(tab, label_lang), lang=page_lang).run()
    assert not at.exception, at.exception
    assert [c.key for c in charts(at)] == ["chart_indicators", chart]


def test_the_peer_medians_delta_says_it_is_the_agencys_distance_from_it():
    """'+0.74' under 'ค่ามัธยฐานของกลุ่ม' read as if the median had risen."""
    at = app(agency=PHOK_NOI, year="2563", tab=t("tab_peers")).run()
    median = next(m for m in at.metric if m.label == "ค่ามัธยฐานของกลุ่ม")
    assert median.delta and median.proto.delta_description == "หน่วยงานนี้ − มัธยฐาน"  # whole at 1280 (a review)


def test_the_open_tab_stays_open_and_in_the_url_when_the_language_changes():
    """The URL names the open tab by a word of its own (``tab=trend``): it held the tab's label, which Streamlit
    dropped from the URL on a language switch, so a link copied afterwards opened the first tab."""
    at = app(agency=PHOK_NOI, year="2563", tab="trend").run()
    assert at.query_params["tab"] in ("trend", ["trend"])
    at.sidebar.radio(key="lang").set_value("en").run()
    assert not at.exception, at.exception
    assert [c.key for c in charts(at)] == ["chart_indicators", "chart_trend"]  # the trend tab still open
    assert at.query_params["tab"] in ("trend", ["trend"]) and at.query_params["lang"] in ("en", ["en"])
    words = ("tools", "trend", "peers", "analysis", "whatif")
    assert [tab.label for tab in at.tabs] == [t(f"tab_{word}", "en") for word in words]  # drawn in English


def test_overview_page():
    at = page("overview", year="2566")
    assert not at.exception, at.exception
    assert at.title[0].value == "ภาพรวม"
    assert len(charts(at)) == 5
    ranking = at.dataframe[0].value
    assert ranking["rank"].min() == 1 and ranking["link"].str.startswith("./?agency=").all()


def test_the_overview_in_english_says_grades_and_types_in_english():
    at = page("overview", lang="en", year="2566")
    assert not at.exception, at.exception
    ranking = at.dataframe[0].value
    thai = re.compile("[\u0e00-\u0e7f]")
    words = {*ranking["grade_word"], *ranking["type_word"], *at.sidebar.multiselect(key="ov_types").options}
    words |= set(ranking["province_word"])  # 'สกลนคร' on an English page: a reviewer
    assert words and not [w for w in words if thai.search(str(w))], words
    assert "Sakon Nakhon" in set(ranking["province_word"])
    shown = at.sidebar.multiselect(key="ov_provinces")
    assert "Sakon Nakhon" in shown.options and "สกลนคร" not in shown.options  # the filter too, in English
    assert list(ranking.columns[:3]) == ["rank", "agency", "link"]  # the link in view at 1280 wide
    english = app(agency=PHOK_NOI, year="2563", lang="en").run()
    assert "Sakon Nakhon" in english.caption[0].value and "สกลนคร" not in english.caption[0].value


def test_data_page_lists_the_samples():
    at = page("data")
    assert not at.exception, at.exception
    per_year = at.dataframe[0].value  # how sure each year's rules are: a column of its own, never cut off
    assert per_year["ความแน่นอนของเกณฑ์"].tolist()[0] == "ยืนยันแล้ว" and "(" not in per_year.iloc[-1, -1]
    # The year's figures before its rules' long list of labels, in view at 1280 (found cut off by eye).
    assert list(per_year.columns[2:4]) == ["คะแนนเฉลี่ย", "ผ่านเกณฑ์ 85 (%)"]
    assert [m.value for m in at.metric][:3] == ["87", "2562–2568", "3"]
    assert "phok-noi-2563.xlsx" in texts(at)


def test_present_page_steps_through_the_meeting():
    at = app(agency=PHOK_NOI, year="2563", present="1").run()
    assert not at.exception, at.exception
    assert at.title[0].value.startswith("ผลการประเมิน ITA")
    at.button(key="present_next").click().run()
    assert at.query_params["step"] == "2"
    assert "10 ตัวชี้วัด" in at.title[0].value and len(charts(at)) == 1
    for _ in range(7):
        at.button(key="present_next").click().run()
    assert at.query_params["step"] == "9" and not at.exception


def test_a_deck_opened_without_an_agency_is_about_the_agency_every_page_opens_on():
    """``/present`` with no agency in its link: the seed municipality (as the agency page), never whichever name
    sorts first (a university unit of the samples)."""
    deck = app(present="1").run()
    agency = page("agency")
    assert not deck.exception and not agency.exception
    assert agency.query_params["agency"].startswith(PHOK_NOI)
    assert PHOK_NOI in deck.title[0].value and "มหาวิทยาลัย" not in deck.title[0].value


def test_the_next_band_slide_of_an_agency_at_the_top_shows_what_keeps_it_there():
    at = app(agency="องค์การบริหารส่วนตำบลเหล่าโพนค้อ", year="2568", present="1", step="8").run()
    assert not at.exception, at.exception
    said = " ".join(m.value for m in at.markdown)
    assert "อยู่ในระดับสูงสุดแล้ว" in said and "ประสิทธิภาพการสื่อสาร" in said  # the lowest, 98.70
    assert [c.key for c in charts(at)] == ["p_next"]


def test_the_next_band_slide_says_what_the_route_gives():
    """Found by a reviewer: the route to the next band without the total and grade it gives (85.00, A for the seed
    municipality's 2563), which the manager asks first."""
    at = app(agency=PHOK_NOI, year="2563", present="1", step="8").run()
    assert not at.exception, at.exception
    said = [m.value.replace("\\", "") for m in at.markdown]  # md() escapes the dot
    assert "### ถ้าทำได้ตามนี้: คะแนนรวม 85.00 ระดับ A" in said, said


@pytest.mark.parametrize("path", ["agency", "overview", "data"])
def test_every_page_in_english(path):
    at = page(path, agency=PHOK_NOI, year="2563")
    at.sidebar.radio(key="lang").set_value("en").run()
    assert not at.exception, at.exception
    assert at.title[0].value in {PHOK_NOI, "Overview", "Data"}


# ----------------------------------------------------------------------------- flows


def test_upload_a_file_and_see_its_agency():
    from helpers import INDICATOR_HEADERS, SEED_SCORES, xlsx_bytes

    at = data_page()
    content = xlsx_bytes(
        {
            "ITA 2564": [
                ["ชื่อหน่วยงาน", "ประเภทหน่วยงาน", *INDICATOR_HEADERS],
                ["เทศบาลตำบลทดลอง", "เทศบาลตำบล", *SEED_SCORES],
            ]
        }
    )
    at.file_uploader(key="upload_files").set_value(("new-2564.xlsx", content, "application/vnd.ms-excel"))
    at.button(key="upload_submit").click().run()
    assert not at.exception, at.exception
    assert "new-2564.xlsx" in at.success[0].value
    assert at.metric[2].value == "4"  # files
    agency = app(agency="เทศบาลตำบลทดลอง", year="2564").run()
    assert agency.title[0].value == "เทศบาลตำบลทดลอง"
    assert "80.00" in texts(agency) and "ITA-2564" in agency.caption[0].value
    # The same bytes again are recognised, not stored twice.
    again = data_page()
    again.file_uploader(key="upload_files").set_value(("copy.xlsx", content, "application/vnd.ms-excel"))
    again.button(key="upload_submit").click().run()
    assert "new-2564.xlsx" in again.info[0].value and again.metric[2].value == "4"


def test_uploaded_csv_persists_and_reloads(tmp_path):
    from helpers import INDICATOR_HEADERS, SEED_SCORES

    csv = (
        "ชื่อหน่วยงาน,"
        + ",".join(INDICATOR_HEADERS)
        + "\nอบต.ทดสอบ,"
        + ",".join(f"{s + 5:.2f}" for s in SEED_SCORES)
        + "\n"
    ).encode("cp874")
    at = data_page()
    at.number_input(key="upload_year").set_value(2567)
    at.file_uploader(key="upload_files").set_value(("no-year.csv", csv, "text/csv"))
    at.button(key="upload_submit").click().run()
    assert not at.exception, at.exception
    st.cache_resource.clear()  # as after a server restart: only the database remains
    again = app(agency="อบต.ทดสอบ", year="2567").run()  # a link with the name as the file wrote it
    assert again.title[0].value == "องค์การบริหารส่วนตำบลทดสอบ"  # the abbreviation read in full
    assert "85.00" in texts(again) and "ผ่าน" in texts(again)


def test_files_of_one_tool_each_uploaded_together_make_one_agency_year():
    from helpers import INDICATOR_HEADERS, SEED_SCORES

    parts = {"IIT": range(0, 5), "EIT": range(5, 8), "OIT": range(8, 10)}
    files = []
    for tool, columns in parts.items():
        head = ",".join(INDICATOR_HEADERS[c] for c in columns)
        row = ",".join(f"{SEED_SCORES[c]:.2f}" for c in columns)
        files.append((f"{tool}.csv", f"ชื่อหน่วยงาน,{head}\nอบต.ทดสอบ,{row}\n".encode("cp874"), "text/csv"))
    at = data_page()
    at.number_input(key="upload_year").set_value(2567)
    at.file_uploader(key="upload_files").set_value(files)
    at.button(key="upload_submit").click().run()
    assert not at.exception, at.exception
    said = texts(at)
    assert said.count("ไฟล์นี้มีตัวชี้วัดเพียงบางส่วน") == 3, said  # each file, alone, asks for the others
    again = app(agency="อบต.ทดสอบ", year="2567").run()
    assert again.title[0].value == "องค์การบริหารส่วนตำบลทดสอบ"
    assert "80.00" in texts(again)  # the ten indicators of the three files: the seed's total


def test_switching_year_across_2565_2566_changes_the_grading_rule():
    at = app(agency=PHOK_NOI, year="2565").run()
    grade_2565 = texts(at)
    assert "ITA-2565" in at.caption[0].value and ">A<" in grade_2565 or ">AA<" in grade_2565 or ">B<" in grade_2565
    at.sidebar.selectbox(key="year.th").set_value(2566).run()
    assert not at.exception, at.exception
    assert "ITA-2566" in at.caption[0].value
    body = texts(at)
    assert any(label in body for label in ("ผ่านดีเยี่ยม", "ผ่านดี", "ผ่าน", "ต้องปรับปรุง"))
    assert "✓ 85" in body or "✗ 85" in body  # the per-tool floors show from 2566
    assert at.query_params["year"] == "2566"


def test_what_if_changes_the_grade():
    at = app(agency=PHOK_NOI, year="2563", tab=t("tab_whatif")).run()
    before = next(m for m in at.metric if m.label == "ระดับใหม่")
    assert before.value == "B"
    assert not next(m for m in at.metric if m.label == "คะแนนรวมใหม่").delta  # nothing changed: no "+0.00"
    at.button(key=next(b.key for b in at.button if b.key and b.key.endswith("route"))).click().run()
    after = next(m for m in at.metric if m.label == "ระดับใหม่")
    total = next(m for m in at.metric if m.label == "คะแนนรวมใหม่")
    assert after.value == "A" and float(total.value) >= 85.0 and total.delta.startswith("+")
    slider = next(s for s in at.slider if s.key.endswith("_9"))
    assert slider.value == pytest.approx(96.28)
    # Each slider's label is its accessible name too: read whole, no Markdown escapes ('9\\. …' was read aloud).
    assert slider.label == "9 · การเปิดเผยข้อมูล · OIT 20%" and not [s.label for s in at.slider if "\\" in s.label]
    up, down = Metric.MetricDirection.UP, Metric.MetricDirection.DOWN
    green, red = Metric.MetricColor.GREEN, Metric.MetricColor.RED
    assert after.delta == "เลื่อนขึ้นระดับ" and (after.proto.direction, after.proto.color) == (up, green)
    for low in [s for s in at.slider if s.key.endswith(("_1", "_2", "_3"))]:
        low.set_value(20.0)
    at.run()
    dropped = next(m for m in at.metric if m.label == "ระดับใหม่")
    # A drop was a green "↑ เปลี่ยนระดับ": in a meeting, read as good news.
    assert dropped.value not in ("A", "B") and dropped.delta == "ลดระดับ"
    assert (dropped.proto.direction, dropped.proto.color) == (down, red)
    at.button(key=next(b.key for b in at.button if b.key and b.key.endswith("reset"))).click().run()
    assert next(m for m in at.metric if m.label == "ระดับใหม่").value == "B"


def remove_first(at: AppTest) -> AppTest:
    """'ลบ' on the first dataset card, then yes to the question it asks."""
    first = next(b for b in at.button if b.key and b.key.startswith("ds_remove_") and b.key[10:].isdigit())
    first.click().run()
    return at.button(key="ds_remove_yes").click().run()


def test_removing_a_dataset_asks_says_what_it_did_and_can_be_undone():
    at = page("data")
    first = next(b for b in at.button if b.key and b.key.startswith("ds_remove_") and b.key[10:].isdigit())
    first.click().run()
    assert at.metric[2].value == "3"  # nothing removed yet: the page asks
    (asked,) = [w.value for w in at.warning if "หรือไม่" in w.value]
    at.button(key="ds_remove_no").click().run()
    assert at.metric[2].value == "3" and not [w for w in at.warning if "หรือไม่" in w.value]
    at = remove_first(at)
    assert not at.exception, at.exception
    assert at.metric[2].value == "2"  # files left
    (said,) = [s.value for s in at.success if s.value.startswith("ลบชุดข้อมูล")]
    name = said.removeprefix("ลบชุดข้อมูล ").removesuffix(" แล้ว")
    assert name in asked
    # Said where the eye is too (the card removed may be far down the page, the message at the top): once.
    assert [toast.value for toast in at.toast] == [t("data_removed_toast", "th", name=name)]
    at.run()
    assert not at.toast and any(s.value == said for s in at.success)
    at.button(key="ds_undo").click().run()
    assert at.metric[2].value == "3" and any("กลับมาแล้ว" in s.value for s in at.success)


def test_empty_database_shows_a_friendly_state():
    at = page("data")
    while any(b.key and b.key.startswith("ds_remove_") and b.key[10:].isdigit() for b in at.button):
        at = remove_first(at)
    agency = app().run()
    assert not agency.exception
    assert agency.info and "นำเข้าไฟล์" in agency.info[0].value
    # A presentation opened on no data says so, not "no agency matches these filters", and leads to the Data page
    # (it has no sidebar: that link is its way out).
    for deck in ("agency", "overview"):
        slides = app(present="1", deck=deck).run()
        assert not slides.exception and not slides.warning, [w.value for w in slides.warning]
        assert slides.info and "นำเข้าไฟล์" in slides.info[0].value
        assert [link.proto.page for link in slides.get("page_link")][-1] in ("data", "pages/data.py")


@pytest.mark.parametrize(("opened_from", "title"), [("overview", "ภาพรวม"), (None, PHOK_NOI)])
def test_leaving_the_presentation_returns_to_where_it_was_opened(opened_from, title):
    query = {"agency": PHOK_NOI, "year": "2563", "present": "1", "step": "3"}
    at = app(**query, **({"from": opened_from} if opened_from else {})).run()
    assert not at.exception, at.exception
    at.button(key="present_exit").click().run()
    assert not at.exception, at.exception
    assert at.title[0].value == title  # the page itself, not slide 1 without a sidebar
    assert "present" not in at.query_params and "step" not in at.query_params and "from" not in at.query_params
    assert at.query_params["year"] in ("2563", ["2563"])  # the context stays


def test_the_context_follows_from_page_to_page():
    """A sidebar link carries no query; the agency and year come along all the same (issue 11)."""
    at = page("agency", agency=PHOK_NOI, year="2566")
    assert not at.exception, at.exception
    for path, check in (("overview", "ภาพรวม"), ("measures", "มาตรการ"), ("agency", PHOK_NOI)):
        for name in list(at.query_params):
            del at.query_params[name]  # what a sidebar link sends
        at.switch_page(f"pages/{path}.py")
        at.run()
        assert not at.exception, at.exception
        assert at.title[0].value == check
        assert at.query_params["year"] in ("2566", ["2566"])
        assert at.query_params["agency"] in ("เทศบาลตำบลพอกน้อย@สกลนคร", ["เทศบาลตำบลพอกน้อย@สกลนคร"])
    assert at.session_state["year.th"] == 2566  # the agency page's year picker kept 2566


def test_a_link_carries_its_language():
    at = page("overview", lang="en", year="2563")
    assert not at.exception, at.exception
    assert at.session_state["lang"] == "en" and at.title[0].value == "Overview"
    assert at.query_params["lang"] in ("en", ["en"])  # and keeps it for the next link
    ranking = at.dataframe[0].value  # the agencies' links open in English too
    assert ranking["link"].str.endswith("&lang=en").all()
    plain = page("overview", year="2563")
    assert plain.title[0].value == "ภาพรวม" and "lang" not in plain.query_params


def test_a_link_to_an_agency_or_year_not_loaded_says_so():
    at = page("agency", agency="เทศบาลตำบลไม่มีจริง", year="2563")
    assert not at.exception, at.exception
    shown = at.sidebar.selectbox(key="agency_key").value.split("@")[0]  # the agency shown instead is named
    assert any("เทศบาลตำบลไม่มีจริง" in w.value and "ไม่มีในข้อมูล" in w.value and shown in w.value for w in at.warning)
    at = page("overview", year="2599", types=["ไม่มีประเภทนี้"])  # the overview too: not 2568 without a word
    for _ in range(2):  # and still after the rerun a browser's first visit makes, with 2568 in the URL by then
        assert any("2599" in w.value and "ไม่มีผลการประเมิน" in w.value for w in at.warning), at.query_params
        assert any("ไม่มีประเภทนี้" in w.value for w in at.warning)
        at.run()
    at.sidebar.selectbox(key="ov_year.th").select(2566).run()  # answered: a year chosen
    assert not any("2599" in w.value for w in at.warning) and any("ไม่มีประเภทนี้" in w.value for w in at.warning)
    at.switch_page("pages/agency.py").run()  # another page, then the overview again without the old link's words
    at.switch_page("pages/overview.py").run()
    assert not any("ไม่มีประเภทนี้" in w.value for w in at.warning), [w.value for w in at.warning]
    at = page("overview", year="ปีนี้")  # not a number at all
    assert any("ปีนี้" in w.value for w in at.warning)
    at = page("agency", agency=PHOK_NOI, year="2599")
    assert any("2599" in w.value for w in at.warning)
    deck = app(agency="เทศบาลตำบลไม่มีจริง", year="2563", present="1").run()
    assert not deck.exception, deck.exception
    assert any("ไม่มีในข้อมูล" in w.value for w in deck.warning) and not deck.get("plotly_chart")


def test_a_file_that_repeats_another_says_so_on_its_card():
    """The issue's CSV: 39 rows read, every one the same as the bundled workbook's, once showed '0 หน่วยงาน · ปี -'."""
    from helpers import DATA

    at = data_page()
    at.file_uploader(key="upload_files").set_value(
        [("up-ita-2563.csv", (DATA / "up-ita-2563.csv").read_bytes(), "text/csv")]
    )
    at.button(key="upload_submit").click().run()
    card = next(m.value for m in at.markdown if "up-ita-2563.csv" in m.value)
    assert "อ่านได้ 39 แถว" in card and "39 แถวซ้ำกับแถวอื่น" in card, card
    assert "ปี -" not in card and "โดย -" not in card and " 0 หน่วยงาน" not in card
    sample = next(m.value for m in at.markdown if "phok-noi-2563.xlsx" in m.value)
    assert "อ่านได้ 1 แถว" in sample and "1 หน่วยงาน ปี 2563" in sample and "นำเข้าเมื่อ 25" in sample, sample


def test_the_problems_table_filters_by_file_and_severity():
    from helpers import INDICATOR_HEADERS, SEED_SCORES, xlsx_bytes

    bad = xlsx_bytes(
        {
            "ITA 2563": [
                ["ชื่อหน่วยงาน", *INDICATOR_HEADERS],
                ["เทศบาลตำบลก", *SEED_SCORES[:9], 120],
                ["เทศบาลตำบลข", *SEED_SCORES],
            ]
        }
    )
    at = data_page()
    at.file_uploader(key="upload_files").set_value([("bad.xlsx", bad, "application/octet-stream")])
    at.button(key="upload_submit").click().run()
    at.multiselect(key="problem_files").set_value(["bad.xlsx"]).run()
    shown = next(d.value for d in at.dataframe if "ปัญหาและวิธีแก้" in d.value.columns)
    assert set(shown["ไฟล์"]) == {"bad.xlsx"} and len(shown)
    assert list(shown["ระดับ"]) == ["ข้อผิดพลาด"]  # errors and warnings by default: the score of 120
    at.button_group(key="problem_severities").set_value(["info"]).run()
    shown = next(d.value for d in at.dataframe if "ปัญหาและวิธีแก้" in d.value.columns)
    assert list(shown["ระดับ"]) == ["ข้อสังเกต"]  # the note on where the year came from, and nothing else


def test_a_first_visit_opens_the_seed_municipality_then_the_last_upload():
    """Issue 11: the first launch opened a university unit (57.69, D), the agency that sorted first."""
    assert page("agency").title[0].value == PHOK_NOI
    from helpers import INDICATOR_HEADERS, SEED_SCORES, xlsx_bytes

    at = data_page()
    new = xlsx_bytes(
        {"ITA 2567": [["ชื่อหน่วยงาน", "จังหวัด", *INDICATOR_HEADERS], ["เทศบาลตำบลใหม่ล่าสุด", "เลย", *SEED_SCORES]]}
    )
    at.file_uploader(key="upload_files").set_value([("new.xlsx", new, "application/octet-stream")])
    at.button(key="upload_submit").click().run()
    assert page("agency").title[0].value == "เทศบาลตำบลใหม่ล่าสุด"
    # Later uploads none of whose rows was kept (two files that clash: neither is used): the last one before them,
    # not the agency that sorts first (found by eye: the measures page opened on a university division). A clash
    # with the samples is no longer one: their demo figures give way.
    for name, last in (("other.xlsx", 90), ("clash.xlsx", 99)):
        other = [["ชื่อหน่วยงาน", "จังหวัด", *INDICATOR_HEADERS], ["เทศบาลตำบลอื่น", "เลย", *SEED_SCORES[:9], last]]
        at.file_uploader(key="upload_files").set_value([(name, xlsx_bytes({"ITA 2567": other}), "application/x")])
        at.button(key="upload_submit").click().run()
    assert page("agency").title[0].value == "เทศบาลตำบลใหม่ล่าสุด"


def test_the_peer_choice_says_when_it_falls_back_to_all_agencies():
    """Issue 11: a university unit (no type in its file) showed 'ประเภทเดียวกัน' while it was compared with all."""
    at = page("agency", agency="id:71", year="2563")
    assert at.title[0].value == "กองกลาง"
    assert "· - ·" not in at.caption[0].value and at.caption[0].value.startswith("ปีงบประมาณ พ.ศ. 2563 · เกณฑ์")
    said = [c.value for c in at.sidebar.caption if "จึงเทียบกับหน่วยงานทั้งหมดแทน" in c.value]
    assert said and "ประเภทเดียวกัน" in said[0]
    typed = page("agency", agency=PHOK_NOI, year="2563")
    assert not [c.value for c in typed.sidebar.caption if "จึงเทียบกับหน่วยงานทั้งหมดแทน" in c.value]
    # ... and on the peers tab, where the rank is read (a reviewer saw "79 of 87" and not the sidebar's note)
    tab = page("agency", agency="id:71", year="2563", tab=t("tab_peers"))
    assert [i.value for i in tab.info if "จึงเทียบกับหน่วยงานทั้งหมดแทน" in i.value]


def test_the_bundled_samples_can_be_hidden_and_brought_back():
    at = data_page()
    assert at.metric[0].value == "87"
    at.toggle(key="ds_hide_samples").set_value(True).run()
    assert not at.exception, at.exception
    assert at.metric[2].value == "0"  # no file is read now
    assert sum("ซ่อนอยู่" in m.value for m in at.markdown) == 3  # each sample still listed, marked hidden
    assert app().run().info  # the agency page: nothing to show, a friendly word instead
    at.toggle(key="ds_hide_samples").set_value(False).run()
    assert at.metric[0].value == "87"


def test_the_first_page_of_a_session_says_what_each_page_is_for_until_closed():
    at = page("agency", agency=PHOK_NOI, year="2563")
    (tour,) = [m.value for m in at.markdown if m.value.startswith("**ยินดีต้อนรับ**")]
    assert all(word in tour for word in ("**ภาพรวม**", "**มาตรการ**", "**ติดตามผล**", "**ข้อมูล**"))
    at.button(key="tour_close").click().run()
    assert not [m for m in at.markdown if m.value.startswith("**ยินดีต้อนรับ**")]
    at.switch_page("pages/overview.py")
    at.run()
    assert not [m for m in at.markdown if m.value.startswith("**ยินดีต้อนรับ**")]  # once per session


def test_the_overview_opens_a_deck_of_its_own_with_its_filters():
    """Issue 11: the presentation opened from the overview (filtered to two types, 2566) is about those agencies in
    that year (distribution, target, ranking, heatmap), not the first agency of another year; leaving it returns to
    the overview with its filters."""
    types = ["เทศบาลตำบล", "องค์การบริหารส่วนตำบล"]
    at = page("overview", year="2566", types=types)
    assert not at.exception, at.exception
    assert at.sidebar.multiselect(key="ov_types").value == types
    at.sidebar.button(key="present_open").click().run()
    assert not at.exception, at.exception
    seen = []
    for step in range(1, 5):
        if step > 1:
            at.button(key="present_next").click().run()
            assert not at.exception, at.exception
        title = at.title[0].value
        assert "เทศบาลตำบล, องค์การบริหารส่วนตำบล" in title and "2566" in title, title
        seen.append(title.split(" · ")[0])
        assert charts(at), title
    assert seen == [t(f"present_ov_{k}", "th") for k in ("distribution", "target", "ranking", "heatmap")]
    assert at.button(key="present_next").disabled and "หน้า 4 / 4" in texts(at) + str(at.markdown)
    at.button(key="present_exit").click().run()
    assert at.title[0].value == "ภาพรวม"
    assert at.sidebar.multiselect(key="ov_types").value == types  # both types came back, not only the last


@pytest.mark.parametrize(("path", "tab"), [("agency", "tab_trend"), ("measures", "m_tab_history")])
def test_the_presentation_opens_from_a_page_with_a_tab_open(path, tab):
    """A review: on the agency page, a click on a tab (the trend, in a meeting) and then on the presentation
    button gave a red error box ('Cannot directly set query parameter 'tab' - it is bound to a widget'): the
    button's page switch carried the open tab, which only its widget may set."""
    at = page(path, agency=PHOK_NOI, year="2563", tab=t(tab))
    assert not at.exception, at.exception
    at.sidebar.button(key="present_open").click().run()
    assert not at.exception, at.exception
    assert at.title[0].value.endswith(f"{PHOK_NOI} · พ.ศ. 2563")


def test_a_run_changes_the_url_once_so_back_goes_back_a_view(monkeypatch):
    """Each change of the URL is a step of the browser's history: a first visit set the agency, the year and the
    peer basis one by one (three steps, and Back seemed to do nothing); the run now writes them at once."""
    from streamlit.runtime.state.query_params import QueryParams

    sent: list[str] = []
    original = QueryParams._send_query_param_msg

    def counting(self):
        sent.append("&".join(sorted(self._query_params)))
        original(self)

    monkeypatch.setattr(QueryParams, "_send_query_param_msg", counting)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    assert {"agency", "year", "peers"} <= set(at.query_params)
    assert len(sent) == 1, sent  # one change, with everything in it
    sent.clear()
    at.run()  # the same view again: nothing to change
    assert sent == []


def test_the_sidebars_page_links_carry_the_agency_year_and_language():
    """A page opened from the sidebar has its context in its link: opening it is one step of the browser's history
    (Streamlit's own links opened the page bare, and the run then added the context: two steps, and Back seemed to
    do nothing)."""
    from urllib.parse import parse_qs

    at = app(agency=PHOK_NOI, year="2563", lang="en").run()
    assert not at.exception, at.exception
    links = {link.proto.label: parse_qs(link.proto.query_string) for link in at.get("page_link")}
    assert len(links) == 6 and links["Overview"]["year"] == ["2563"] and links["Overview"]["lang"] == ["en"]
    assert all(query["agency"] == ["เทศบาลตำบลพอกน้อย@สกลนคร"] for query in links.values())


def test_a_page_that_stops_early_still_writes_its_url_and_links():
    """The follow-up page of an agency without measures stops early (``ita.app.stop``): the agency picked there is
    in the URL and in the sidebar's links, not the one the run started with."""
    from urllib.parse import parse_qs

    at = page("followup", agency=PHOK_NOI, year="2563")
    picker = next(s for s in at.sidebar.selectbox if s.key.startswith("m_agency"))
    picker.set_value("เทศบาลตำบลไร่@สกลนคร").run()
    assert not at.exception, at.exception
    assert dict(at.query_params)["agency"] in ("เทศบาลตำบลไร่@สกลนคร", ["เทศบาลตำบลไร่@สกลนคร"])
    links = [parse_qs(link.proto.query_string) for link in at.sidebar.get("page_link")]
    assert links and all(query["agency"] == ["เทศบาลตำบลไร่@สกลนคร"] for query in links)


def test_the_overviews_ranking_and_heatmap_choices_are_in_its_link():
    at = page("overview", year="2566", rank="province", rows="types")
    assert not at.exception, at.exception
    assert next(r for r in at.radio if r.key.startswith("ov_rank_within")).value == "province"
    assert next(r for r in at.radio if r.key.startswith("ov_heatmap")).value == "types"
    assert dict(at.query_params)["rank"] in ("province", ["province"])
    assert "rank" not in dict(page("overview", year="2566").query_params)  # All, the default, needs no word


def test_an_overview_link_naming_a_province_or_type_not_loaded_says_so_and_shows_the_rest():
    """Found by a reviewer: '/overview?provinces=ขอนแก่น' (or types=xyz) stopped the page with Streamlit's
    'default value not in options' fault, the filters gone from the sidebar."""
    at = app(year="2566", provinces=["ขอนแก่น", "สกลนคร"], types="xyz")
    at.switch_page("pages/overview.py")
    at.run()
    assert not at.exception, at.exception
    said = [w.value for w in at.warning]
    assert any("ขอนแก่น" in w for w in said) and any("xyz" in w for w in said), said
    assert at.sidebar.multiselect(key="ov_provinces").value == ["สกลนคร"]
    assert at.sidebar.multiselect(key="ov_types").value == []
    assert charts(at)  # the page goes on with what the link named that is there


def test_a_links_missing_agency_is_said_until_another_is_chosen():
    """Found by a reviewer: a link naming an agency that is not loaded showed another with a warning, and any click
    (even closing the welcome box) took the warning away, leaving the wrong agency unexplained."""
    at = app(agency="เทศบาลที่ไม่มีจริง", year="2563").run()
    said = [w.value for w in at.warning if "เทศบาลที่ไม่มีจริง" in w.value]
    assert said, [w.value for w in at.warning]
    at.run()  # any rerun: a click elsewhere
    assert [w.value for w in at.warning if "เทศบาลที่ไม่มีจริง" in w.value] == said
    picker = at.sidebar.selectbox(key="agency_key")
    shown = picker.value
    picker.set_value(next(k for k in picker.options if k != shown)).run()
    assert at.sidebar.selectbox(key="agency_key").value != shown  # another agency was chosen...
    assert not [w.value for w in at.warning if "เทศบาลที่ไม่มีจริง" in w.value]  # ...and the link is answered


def test_an_english_page_names_agencies_with_english_types_and_provinces():
    """Found by a reviewer: the English picker and the link notice read "คณะนิติศาสตร์ · คณะในสถาบันอุดมศึกษา" (the
    agency type in Thai), and the picker "… · สกลนคร". Names stay as the file writes them."""
    at = page("agency", agency=PHOK_NOI, year="2599", lang="en")
    picker = at.sidebar.selectbox(key="agency_key")
    labels = picker.options  # as shown
    assert any(label.endswith(" · Sakon Nakhon") for label in labels)
    assert not [label for label in labels if "สกลนคร" in label.split(" · ", 1)[-1]]
    (said,) = [w.value for w in at.warning if "2599" in w.value]
    assert "Sakon Nakhon" in said and "สกลนคร" not in said
    thai_page = page("agency", agency=PHOK_NOI, year="2563").sidebar.selectbox(key="agency_key")
    assert any(label.endswith(" · สกลนคร") for label in thai_page.options)


def test_the_route_button_of_an_agency_in_the_top_band_says_why_it_is_off():
    """Found by a reviewer: greyed out with no word (เทศบาลตำบลบ้านม่วง, 99.52 in 2568)."""
    at = app(agency="เทศบาลตำบลบ้านม่วง", year="2568", tab=t("tab_whatif")).run()
    assert next(b for b in at.button if b.key and b.key.endswith("route")).disabled
    assert any("อยู่ในระดับสูงสุดแล้ว (ผ่านดีเยี่ยม)" in c.value for c in at.caption)


def param_of(at: AppTest, name: str) -> str:
    value = at.query_params[name]
    return value[-1] if isinstance(value, list) else value


def test_a_url_brought_back_by_the_browser_decides_every_choice_the_url_holds():
    """Back (or Forward) brings the URL from before a choice, and the page shows what that URL says: the year and
    the peer basis of the agency page, the overview's year and ranking basis. Each widget kept its own choice and
    wrote it straight back into the URL, so Back seemed to do nothing."""
    at = app(agency=PHOK_NOI, year="2563").run()
    at.sidebar.selectbox(key="year.th").set_value(2566).run()
    at.sidebar.radio(key="peer_basis.th").set_value("province").run()
    assert (param_of(at, "year"), param_of(at, "peers")) == ("2566", "province")
    at.query_params["peers"] = "agency_type"  # Back: the URL before the last choice
    at.run()
    assert at.sidebar.radio(key="peer_basis.th").value == "agency_type" and param_of(at, "peers") == "agency_type"
    at.query_params["year"] = "2563"  # Back once more
    at.run()
    assert at.sidebar.selectbox(key="year.th").value == 2563 and param_of(at, "year") == "2563"
    assert "80.00" in texts(at)

    at = page("overview", year="2568").run()
    at.sidebar.selectbox(key="ov_year.th").set_value(2567).run()
    at.radio(key="ov_rank_within.th").set_value("province").run()
    at.query_params["year"], at.query_params["rank"] = "2568", ""  # Back twice, to the link first opened
    at.run()
    assert at.sidebar.selectbox(key="ov_year.th").value == 2568 and at.radio(key="ov_rank_within.th").value == "all"


def test_what_if_values_tried_stay_when_the_user_comes_back_from_another_page():
    """Streamlit forgets a widget's value on a run that does not draw it: the what-if sliders went back to the
    agency's scores when the user looked at the overview and came back."""
    at = app(agency=PHOK_NOI, year="2563", tab=t("tab_whatif")).run()
    next(s for s in at.slider if s.key.endswith("_9")).set_value(99.0)
    at.run()
    at.switch_page("pages/overview.py")
    at.run()
    assert not at.slider or not any(s.key.endswith("_9") for s in at.slider)  # the other page: no what-if drawn
    at.switch_page("pages/agency.py")
    at.query_params["tab"] = t("tab_whatif")
    at.run()
    assert not at.exception, at.exception
    assert next(s for s in at.slider if s.key.endswith("_9")).value == pytest.approx(99.0)


def test_coming_back_to_the_agency_page_from_any_page_opens_the_tab_last_open():
    """A review: from the overview the agency page opened on the tab last open, from the measures page (whose URL
    held its own open tab) on the first: another page's tab in the URL was taken for a Back."""
    at = app(agency=PHOK_NOI, year="2563", tab="trend").run()
    at.switch_page("pages/measures.py").run()
    at.query_params["tab"] = "history"  # its own tab, as a click leaves it in the URL
    at.run()
    at.query_params.pop("tab", None)  # the sidebar's link carries no tab
    at.switch_page("pages/agency.py").run()
    assert not at.exception, at.exception
    assert [c.key for c in charts(at)] == ["chart_indicators", "chart_trend"]
