"""Browser: the data page shows what was loaded, in Thai, with no error box."""

import pytest
from helpers.browser import screenshot, wait_for_app

pytestmark = pytest.mark.browser


def test_data_page_in_thai(app_url, page):
    page.goto(f"{app_url}/data")
    wait_for_app(page, "[data-testid='stMetric']")
    page.get_by_text("ข้อมูลที่อ่านได้ รายปี").wait_for()
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.locator("[data-testid='stMetric']").count() >= 3
    screenshot(page, "data")
