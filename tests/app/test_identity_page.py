"""AppTest: the Data page's merges and splits of agencies (issue 10, point 1), and the picker telling two agencies
of one name apart by province."""

from __future__ import annotations

import pytest
from helpers import INDICATOR_HEADERS, ROOT, SEED_SCORES, xlsx_bytes
from streamlit.testing.v1 import AppTest

from ita.measures.model import Measure
from ita.measures.store import open_store
from ita.storage import agency_links
from ita.storage.db import engine_for

pytestmark = pytest.mark.usefixtures("app_database")
PHOK_NOI = "เทศบาลตำบลพอกน้อย"
UDON = xlsx_bytes({"ITA 2563": [["ชื่อหน่วยงาน", "จังหวัด", *INDICATOR_HEADERS], [PHOK_NOI, "อุดรธานี", *SEED_SCORES]]})


def data_page() -> AppTest:
    return AppTest.from_file(str(ROOT / "pages" / "data.py"), default_timeout=120).run()


def upload_udon() -> AppTest:
    """The Data page after uploading a Phok Noi of Udon Thani (the samples have the one of Sakon Nakhon)."""
    at = data_page()
    at.file_uploader(key="upload_files").set_value([("udon.xlsx", UDON, "application/octet-stream")])
    return at.button(key="upload_submit").click().run()


def test_a_same_name_elsewhere_is_shown_and_merged_with_its_measures(app_database_url):
    at = upload_udon()
    assert at.metric[0].value == "88"
    panel = " ".join(m.value for m in at.markdown)
    assert "อุดรธานี" in panel and "สกลนคร" in panel and "แยกไว้เป็นสองหน่วยงาน" in panel
    store = open_store(app_database_url)
    store.create_measure(Measure("เทศบาลตำบลพอกน้อย@อุดรธานี", PHOK_NOI, 2564, "มาตรการ ก"), who="setup")

    at.button(key="identity_merge_0").click().run()
    assert not at.exception, at.exception
    assert at.metric[0].value == "87"  # one agency again
    assert any("ย้ายมาตรการมา 1 รายการ" in s.value for s in at.success)
    (link,) = agency_links.listed(engine_for(app_database_url))
    assert link.kind == "merge" and {link.key, link.other} == {"เทศบาลตำบลพอกน้อย@อุดรธานี", "เทศบาลตำบลพอกน้อย@สกลนคร"}
    assert [m.title for m in store.list_measures(link.other)] == ["มาตรการ ก"]

    at.button(key=f"identity_undo_{link.id}").click().run()
    assert at.metric[0].value == "88" and agency_links.listed(engine_for(app_database_url)) == []


def test_the_picker_shows_province_and_type(app_database_url):
    at = upload_udon()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["agency"] = "เทศบาลตำบลพอกน้อย@อุดรธานี"
    at.query_params["year"] = "2563"
    at.run()
    picker = at.sidebar.selectbox[0]
    assert picker.value == "เทศบาลตำบลพอกน้อย@อุดรธานี"
    shown = picker.options
    assert "เทศบาลตำบลพอกน้อย · อุดรธานี" in shown and "เทศบาลตำบลพอกน้อย · สกลนคร" in shown
    assert "มหาวิทยาลัยราชภัฏสกลนคร · สถาบันอุดมศึกษา · สกลนคร" in shown


def test_the_measures_picker_tells_them_apart_too(app_database_url):
    at = upload_udon()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["agency"] = "เทศบาลตำบลพอกน้อย@อุดรธานี"
    at.session_state["editor_name"] = "ทดสอบ"
    at.switch_page("pages/measures.py")
    at.run()
    assert not at.exception, at.exception
    picker = at.sidebar.selectbox[0]
    assert picker.value == "เทศบาลตำบลพอกน้อย@อุดรธานี"
    assert {"เทศบาลตำบลพอกน้อย · อุดรธานี", "เทศบาลตำบลพอกน้อย · สกลนคร"} <= set(picker.options)


def test_the_picker_names_the_district_of_a_name_found_twice_in_one_province():
    import pandas as pd

    from ita.app.pickers import agency_label

    table = pd.DataFrame(
        {
            "agency_key": ["นาแก@สกลนคร/เมือง", "นาแก@สกลนคร/พรรณานิคม", "นาแก@อุดรธานี"],
            "agency": ["องค์การบริหารส่วนตำบลนาแก"] * 3,
            "agency_type": ["องค์การบริหารส่วนตำบล"] * 3,
            "province": ["สกลนคร", "สกลนคร", "อุดรธานี"],
            "district": ["เมือง", "พรรณานิคม", "เมือง"],
        }
    )
    labels = agency_label(table)
    assert labels["นาแก@สกลนคร/พรรณานิคม"] == "องค์การบริหารส่วนตำบลนาแก · พรรณานิคม · สกลนคร"
    assert labels["นาแก@อุดรธานี"] == "องค์การบริหารส่วนตำบลนาแก · อุดรธานี"  # alone in its province: no district
    assert len(set(labels.values())) == 3


def test_the_merge_any_pickers_choose_nothing_until_the_user_does():
    """Found by a reviewer: the pickers came with two unrelated agencies chosen ('กองกฎหมายและทรัพย์สิน into กองกลาง'),
    one click from merging them."""
    at = data_page()
    first, second = at.selectbox(key="identity_a"), at.selectbox(key="identity_b")
    assert first.value is None and second.value is None
    assert at.button(key="identity_merge_any").disabled
    first.set_value(first.options[0]).run()
    assert at.button(key="identity_merge_any").disabled  # one chosen: still nothing to merge
    at.selectbox(key="identity_b").set_value(at.selectbox(key="identity_b").options[1]).run()
    assert not at.button(key="identity_merge_any").disabled and not at.exception
