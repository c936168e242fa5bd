"""Browser: the data page shows what was loaded, in Thai, with no error box."""

import pytest
from helpers.browser import rerun, screenshot, wait_for_app
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_data_page_in_thai(app_url, page):
    page.goto(f"{app_url}/data")
    wait_for_app(page, "[data-testid='stMetric']")
    page.get_by_text("ข้อมูลที่อ่านได้ รายปี").wait_for()
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.locator("[data-testid='stMetric']").count() >= 3
    # Streamlit's own words on the uploader, in Thai, with the importer's file limit (ITA_MAX_FILE_MB, 50).
    after = "s => getComputedStyle(document.querySelector(s), '::after').content"
    button = page.evaluate(after, "[data-testid='stFileUploaderDropzone'] button [data-testid='stMarkdownContainer'] p")
    limit = page.evaluate(after, "[data-testid='stFileUploaderDropzoneInstructions'] span")
    assert button == '"เลือกไฟล์"' and "ไม่เกิน 50 MB" in limit, (button, limit)
    size = "s => parseFloat(getComputedStyle(document.querySelector(s)).fontSize)"
    button_text = "[data-testid='stFileUploaderDropzone'] button [data-testid='stMarkdownContainer'] p"
    assert page.evaluate(size, button_text) == 0  # Streamlit's "Upload" is not shown
    screenshot(page, "data")


def test_the_editor_name_is_kept_by_this_browser(app_url, page):
    """Issue 11: the user name was asked again after a reload. The browser keeps it (localStorage)."""
    page.goto(f"{app_url}/data")
    wait_for_app(page, "[data-testid='stFileUploader']")
    box = page.get_by_test_id("stTextInputField")
    try:
        with rerun(page):
            box.fill("ยุวดี อุเทนสุต")
            box.press("Enter")
        page.wait_for_function("() => localStorage.getItem('ita_editor_name') === 'ยุวดี อุเทนสุต'")
        page.reload()
        wait_for_app(page, "[data-testid='stFileUploader']")
        page.wait_for_function("() => document.querySelector('[data-testid=stTextInputField]').value === 'ยุวดี อุเทนสุต'")
        assert page.locator(".st-key-viewport").bounding_box()["height"] == 0  # the component takes no room
    finally:
        page.evaluate("() => localStorage.removeItem('ita_editor_name')")  # the other tests share this browser


def test_the_first_visit_tour_is_closed_once_for_this_browser(app_url, page):
    """Issue 11: the one-line tour shows on a first visit; once closed, a reload (a new session) does not bring it
    back, and it never flashes before hiding: it stays hidden until the browser says it was not closed."""
    tour = page.locator(".st-key-tour")
    try:
        page.goto(f"{app_url}/followup")  # any page: the tour is on a session's first page (a light one here)
        page.evaluate("() => localStorage.removeItem('ita_tour_done')")  # as a browser that never closed it
        page.reload()
        wait_for_app(page)
        expect(tour).to_be_visible()
        # It floats at the window's foot: shown in place, it pushed the page down as it came (clicks missed rows)
        assert page.evaluate("() => getComputedStyle(document.querySelector('.st-key-tour')).position") == "fixed"
        with rerun(page):
            page.get_by_role("button", name="เข้าใจแล้ว").click()
        page.wait_for_function("() => localStorage.getItem('ita_tour_done') === '1'")
        expect(tour).to_have_count(0)
        page.reload()
        wait_for_app(page)
        page.wait_for_function("() => !!document.querySelector('.st-key-tour')")  # the server still sends it
        page.wait_for_selector("html[data-ita-browser-state='read']", state="attached")  # the browser has said
        assert not tour.is_visible()
    finally:
        page.evaluate("() => localStorage.removeItem('ita_tour_done')")  # the other tests share this browser


def test_an_address_naming_no_page_says_so_in_the_users_language(app_url, page):
    """A typo or an old bookmark (/agncy) showed Streamlit's English "Page not found" dialog over the main page.
    It is a page of ours, in Thai or English, naming what was asked for and linking to the pages; a rerun (a click
    in the sidebar's language) keeps it, with no dialog."""
    page.goto(f"{app_url}/agncy")
    wait_for_app(page)
    page.get_by_text('ที่อยู่นี้ขอหน้า "agncy" ซึ่งไม่มีในแดชบอร์ด').wait_for()
    assert page.get_by_role("link", name="ภาพรวม").count() >= 2  # the sidebar's and the page's
    with rerun(page):
        page.get_by_text("English", exact=True).click()
    page.get_by_text('This address asks for the page "agncy"').wait_for()
    assert page.get_by_text("Page not found").count() == 1  # the page's title; no Streamlit dialog
    assert page.locator("[role='dialog']").count() == 0 and page.locator("[data-testid='stException']").count() == 0
