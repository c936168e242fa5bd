"""Browser: a cell edited in the real grid (glide data grid) is saved and still there after a reload; the
follow-up overview draws its charts. Screenshots of both pages go to artifacts/screenshots/."""

from __future__ import annotations

import urllib.parse

import pytest
from helpers.browser import painted, rerun, screenshot, wait_for_app
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

QUERY = urllib.parse.urlencode({"agency": "เทศบาลตำบลพอกน้อย", "year": "2563"})
NEW_TITLE = "มาตรการปรึกษาหารือ แก้ไขจากตาราง"


def grid_texts(page) -> list[str]:
    """The cells the grid shows, from its accessible table (the grid itself is drawn on a canvas)."""
    return page.locator("[data-testid='stDataFrame'] td").all_inner_texts()


def full_screenshot(page, name: str) -> None:
    """Streamlit scrolls inside its own container, so a full-page shot needs a tall window."""
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": 1440, "height": max(900, min(int(height) + 100, 4000))})
    painted(page)
    screenshot(page, name)


NAME_SHOWN = "() => !!(document.querySelector('[data-testid=stTextInputField]') || {}).value"
PROMPT = ".st-key-m_editor_name_prompt"


def give_name(page, name: str) -> None:
    """Answer the page's "who are you" prompt, unless the name this browser keeps (localStorage, from an earlier test
    in the same browser) arrives first and the prompt goes away; either way the sidebar then shows a name. The prompt
    is answered only once the page has settled, when a kept name would have replaced it already (answering it while
    the kept name arrives waits for an input that is gone)."""
    page.wait_for_function(f"() => !!document.querySelector('{PROMPT} input') || ({NAME_SHOWN})()")
    wait_for_app(page)
    if page.locator(f"{PROMPT} input").count():
        try:
            page.locator(f"{PROMPT} input").fill(name, timeout=5_000)
            page.locator(".st-key-m_editor_name_ok button").click(timeout=5_000)
        except PlaywrightError:
            pass  # the kept name came while the prompt was being answered
    page.wait_for_function(f"() => !document.querySelector('{PROMPT}')")
    page.wait_for_function(NAME_SHOWN)
    wait_for_app(page)


def test_a_cell_edited_in_the_grid_is_saved_and_survives_a_reload(app_url, page):
    page.goto(f"{app_url}/measures?{QUERY}")
    wait_for_app(page)
    give_name(page, "ผู้ทดสอบ")
    page.get_by_role("tab", name="มาตรการที่แนะนำ").click()
    with rerun(page):
        page.locator(".st-key-m_add_seed-eit-consultation button").click()
    page.get_by_text('เพิ่มมาตรการ "มาตรการปรึกษาหารือ').wait_for()

    grid = page.locator("[data-testid='stDataFrame']").first
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.dblclick(box["x"] + 80, box["y"] + 35 + 30)  # the title of the first row (rows are 60 px)
    page.locator("textarea.gdg-input").wait_for()  # the grid's cell editor is open
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type(NEW_TITLE)
    page.keyboard.press("Enter")
    wait_for_app(page)
    save = page.locator(".st-key-m_save button")
    save.wait_for()
    page.wait_for_function("() => !document.querySelector('.st-key-m_save button').disabled", timeout=30_000)
    with rerun(page):
        save.click()
    page.get_by_text(f'บันทึกการแก้ไข "{NEW_TITLE}" แล้ว').wait_for()

    page.reload()
    wait_for_app(page)
    # The grid may be drawn more than once after a reload (the kept name arrives, the router reruns): wait for the
    # saved title in the drawn grid rather than reading the first drawing.
    expect(page.locator("[data-testid='stDataFrame'] td").filter(has_text=NEW_TITLE)).not_to_have_count(0)
    assert NEW_TITLE in grid_texts(page)
    # At 1024 wide the buttons under the grid say their whole words ("บันทึก (0 แ…" in a fixed column, a review).
    page.set_viewport_size({"width": 1024, "height": 768})
    for key in ("m_save", "m_reload"):
        label = page.locator(f".st-key-{key} button [data-testid='stMarkdownContainer']")
        expect(label).to_be_visible()
        assert label.evaluate("e => e.scrollWidth <= e.clientWidth + 1"), key
    page.set_viewport_size({"width": 1440, "height": 900})
    assert page.locator("[data-testid='stException']").count() == 0
    full_screenshot(page, "measures")
    # The workbook's uploader says the one type it takes (the Data page's says the results files' five).
    page.get_by_role("tab", name="นำเข้า / ส่งออก .xlsx").click()
    limit = ".st-key-m_import_file [data-testid='stFileUploaderDropzoneInstructions'] span"
    page.wait_for_selector(limit)
    said = page.evaluate("s => getComputedStyle(document.querySelector(s), '::after').content", limit)
    assert ".xlsx (แบบที่ส่งออกจากหน้านี้)" in said and ".csv" not in said, said


def test_followup_page_draws_the_overview(app_url, page):
    page.goto(f"{app_url}/measures?{QUERY}")  # a measure of its own, from the library
    wait_for_app(page)
    give_name(page, "ผู้ทดสอบ")
    page.get_by_role("tab", name="มาตรการที่แนะนำ").click()
    with rerun(page):
        page.locator(".st-key-m_add_seed-iit-property-rules button").click()
    page.goto(f"{app_url}/followup?{QUERY}&fy=2564")
    wait_for_app(page)
    page.get_by_text("ภาพรวมการติดตามผล").wait_for()
    page.locator(".js-plotly-plot .main-svg").first.wait_for()
    expect(page.locator(".js-plotly-plot")).to_have_count(2)  # once the last rerun has replaced what it drew
    assert page.locator("[data-testid='stException']").count() == 0
    full_screenshot(page, "followup")
