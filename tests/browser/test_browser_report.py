"""Browser: the report page drafts the O42 in Thai, builds the files on click and offers them for download."""

import pytest
from helpers.browser import screenshot, wait_for_app

pytestmark = pytest.mark.browser


# Each option of the page's choices (a segmented control) whose right edge lies past its control's: drawn cut.
CUT_OPTIONS = """() => [...document.querySelectorAll('[data-testid=stButtonGroup]')].flatMap(group => {
    const edge = group.getBoundingClientRect().right;
    return [...group.querySelectorAll('button')].filter(b => b.getBoundingClientRect().right > edge + 1)
        .map(b => b.innerText);
})"""


def test_report_page_generates_and_downloads_the_o42(app_url, page):
    page.set_viewport_size({"width": 1280, "height": 720})  # a laptop's, with the sidebar open
    page.goto(f"{app_url}/report?agency=เทศบาลตำบลพอกน้อย&year=2563")
    wait_for_app(page, "[data-testid='stTextArea']")
    assert page.evaluate(CUT_OPTIONS) == []  # 'O43 ผลการดำเนินการตามมาตรก' was cut at its column's edge
    assert page.get_by_text("ข้อความของแต่ละส่วน (แก้ไขได้)").count() == 1
    assert page.locator("[data-testid='stDownloadButton']").count() == 0  # nothing built yet
    screenshot(page, "report")
    page.get_by_role("button", name="สร้างเอกสาร").click()
    button = page.get_by_role("button", name="ดาวน์โหลด Word (.docx)")
    button.wait_for(timeout=120_000)
    assert page.locator("[data-testid='stException']").count() == 0
    with page.expect_download() as download:
        button.click()
    assert download.value.suggested_filename == "O42-2563-เทศบาลตำบลพอกน้อย.docx"
    with open(download.value.path(), "rb") as fh:
        assert fh.read(2) == b"PK"
