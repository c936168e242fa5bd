"""Browser: each dashboard page in headless Chromium — charts drawn, Thai on screen, no error box — with
screenshots in artifacts/screenshots/."""

from __future__ import annotations

from collections import defaultdict
from urllib.parse import quote, urlparse

import pytest
from helpers import INDICATOR_HEADERS, SEED_SCORES, xlsx_bytes
from helpers.browser import overlapping_text, rerun, screenshot, wait_for_app
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
PHOK_NOI = quote("เทศบาลตำบลพอกน้อย")
CHART = ".js-plotly-plot .main-svg"


def assert_clean(page) -> None:
    """No exception box and no Streamlit error alert on the page."""
    assert page.locator("[data-testid='stException']").count() == 0
    errors = page.locator("[data-testid='stAlertContentError']")
    assert errors.count() == 0, errors.first.inner_text() if errors.count() else ""


def bars_drawn(page, chart_index: int = 0) -> int:
    """How many bar shapes Plotly drew in a chart (0 means an empty box)."""
    return page.locator(".js-plotly-plot").nth(chart_index).locator("g.point path").count()


def test_agency_page(app_url, page):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{app_url}/?agency={PHOK_NOI}&year=2563")
    wait_for_app(page, CHART)
    own = urlparse(app_url).netloc
    # Everything the page loads (scripts, fonts, the favicon) comes from the app itself: it works offline.
    assert [u for u in requested if urlparse(u).scheme in ("http", "https") and urlparse(u).netloc != own] == []
    assert_clean(page)
    page.get_by_role("heading", name="เทศบาลตำบลพอกน้อย").wait_for()
    assert page.get_by_text("80.00").first.is_visible()
    assert bars_drawn(page) == 10  # the ten indicators
    text = page.locator(".js-plotly-plot").first.inner_text()
    assert "การปฏิบัติหน้าที่" in text and "เกณฑ์ผ่าน 85" in text
    assert overlapping_text(page) == []  # no label, legend, title or value drawn on another
    screenshot(page, "agency")


def test_back_and_forward_undo_and_redo_choosing_an_agency(app_url, page):
    """The browser's Back after choosing another agency in the sidebar shows the agency before, and Forward the one
    chosen. The picker kept its own choice and wrote it straight back into the URL: Back seemed to do nothing."""
    page.goto(f"{app_url}/?agency={PHOK_NOI}&year=2563")
    wait_for_app(page, CHART)
    picker = page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").first
    with rerun(page):
        picker.click()
        page.keyboard.type("นาหัวบ่อ")
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("องค์การบริหารส่วนตำบลนาหัวบ่อ")
    with rerun(page):
        page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text("เทศบาลตำบลพอกน้อย")
    assert quote("เทศบาลตำบลพอกน้อย") in page.url and "year=2563" in page.url
    with rerun(page):
        page.go_forward()
    expect(page.get_by_role("heading", level=1)).to_have_text("องค์การบริหารส่วนตำบลนาหัวบ่อ")
    # Back over a language switch: the language before it (the radio had written its own straight back).
    with rerun(page):
        page.get_by_text("English", exact=True).click()
    expect(page.get_by_role("link", name="Overview")).to_be_visible()
    with rerun(page):
        page.go_back()
    expect(page.get_by_role("link", name="ภาพรวม")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("องค์การบริหารส่วนตำบลนาหัวบ่อ")
    assert "lang=" not in page.url
    assert_clean(page)


def test_agency_page_2566_shows_the_floors(app_url, page):
    page.goto(f"{app_url}/?agency={PHOK_NOI}&year=2566")
    wait_for_app(page, CHART)
    assert_clean(page)
    assert page.get_by_text("✓ 85").first.is_visible()
    tab = page.get_by_role("tab", name="3 เครื่องมือ")
    tab.click()
    expect(tab).to_have_attribute("aria-selected", "true")
    # From 2566 the tools tab says that every tool needs its floor, and draws the three tools with the floors.
    expect(page.get_by_text("ต้องให้ทุกเครื่องมือถึงเกณฑ์ขั้นต่ำ")).to_be_visible()
    tools = page.locator(".st-key-chart_tools .js-plotly-plot")
    expect(tools.locator("g.point path")).to_have_count(3)
    expect(tools.locator("text", has_text="IIT").first).to_be_visible()
    assert overlapping_text(page) == []  # the 2566 bands and both floors named side by side, apart
    screenshot(page, "agency-2566")


def test_agency_tabs_trend_peers_whatif(app_url, page):
    page.goto(f"{app_url}/?agency={PHOK_NOI}&year=2563")
    wait_for_app(page, CHART)
    tabs = {"แนวโน้มรายปี": "trend", "เทียบกับกลุ่ม": "peers", "จุดแข็ง จุดอ่อน และระดับถัดไป": "analysis", "จำลองคะแนน": "whatif"}
    for name, word in tabs.items():
        tab = page.get_by_role("tab", name=name)
        with rerun(page):  # the open tab is in the URL and its content is built on the server: a rerun
            tab.click()
        expect(tab).to_have_attribute("aria-selected", "true")
        expect(page.get_by_role("tabpanel", name=name)).to_be_visible()
        page.wait_for_function("word => new URLSearchParams(location.search).get('tab') === word", arg=word)
        assert_clean(page)
    with rerun(page):
        page.get_by_role("button", name="ใช้เส้นทางที่เพิ่มคะแนนน้อยที่สุดสู่ระดับถัดไป").click()
    expect(page.locator("[data-testid='stMetricValue']").filter(has_text="85.00").first).to_be_visible()
    screenshot(page, "agency-whatif")
    # Presenting from an open tab (the button failed with an error box: the switch carried the tab's parameter, which
    # only its widget may set), then leaving: back on that tab.
    page.get_by_role("button", name="โหมดนำเสนอ (สำหรับประชุม)").click()
    wait_for_app(page, ".present-footer")
    with rerun(page):
        page.keyboard.press("Escape")
    expect(page.get_by_role("tab", name="จำลองคะแนน")).to_have_attribute("aria-selected", "true")
    assert_clean(page)
    # In English the same tab stays open and in the URL: a link copied then opens on it (the URL had lost it).
    with rerun(page):
        page.get_by_text("English", exact=True).click()
    expect(page.get_by_role("tab", name="What-if planner")).to_have_attribute("aria-selected", "true")
    page.wait_for_function("() => new URLSearchParams(location.search).get('tab') === 'whatif'")


# Every chart of the page is at least 440 px wide: none squeezed beside another.
CHARTS_STACKED = (
    "() => [...document.querySelectorAll('.js-plotly-plot')].every(c => c.getBoundingClientRect().width >= 440)"
)


def test_overview_page(app_url, page):
    page.goto(f"{app_url}/overview?year=2566")
    wait_for_app(page, CHART)
    assert_clean(page)
    page.get_by_role("heading", name="ภาพรวม").wait_for()
    expect(page.locator(".js-plotly-plot")).to_have_count(5)
    drawn = [page.locator(".js-plotly-plot").nth(k).locator("g.trace, g.hm, g.boxlayer path").count() for k in range(5)]
    assert all(n > 0 for n in drawn), drawn
    assert overlapping_text(page) == []  # axis titles, legends, ticks and the heatmap's columns all apart
    screenshot(page, "overview")
    # At 1024 beside the sidebar (an older projector, a small laptop) the charts side by side go one under the other:
    # each was 300 px wide, band labels drawn on each other and the heatmap's figures run together.
    page.set_viewport_size({"width": 1024, "height": 2400})
    page.wait_for_function(CHARTS_STACKED, polling=100, timeout=10_000)
    assert overlapping_text(page) == []
    page.set_viewport_size({"width": 1440, "height": 900})
    # A multiselect's own words ("Select all", "No results") in Thai.
    after = "s => getComputedStyle(document.querySelector(s), '::after').content"
    page.locator("[data-testid='stMultiSelect']").first.click()
    everything = "[data-testid='stMultiSelectDropdown'] [data-key='__select_all__'] [data-item-hl]"
    page.wait_for_selector(everything)
    assert page.evaluate(after, everything) == '"เลือกทั้งหมด"'
    page.keyboard.type("ไม่มีประเภทนี้")
    nothing = "[data-testid='stMultiSelectDropdown'] [data-empty] [role='option'] span"
    page.wait_for_selector(nothing)
    assert page.evaluate(after, nothing) == '"ไม่พบรายการที่ค้นหา"'
    page.keyboard.press("Escape")


def test_presentation_mode(app_url, page):
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{app_url}/?agency={PHOK_NOI}&year=2563&present=1&step=2")
    wait_for_app(page, CHART)
    assert_clean(page)
    assert not page.locator("[data-testid='stSidebar']").is_visible()
    assert bars_drawn(page) == 10
    font = page.locator(".js-plotly-plot .ytick text").first.evaluate("e => getComputedStyle(e).fontSize")
    assert float(font.rstrip("px")) >= 20  # legible on a projector
    screenshot(page, "present-indicators")
    page.keyboard.press("ArrowRight")
    wait_for_app(page)
    page.wait_for_function("() => location.search.includes('step=3')")
    screenshot(page, "present-tools")
    # Esc leaves the deck for the page it was opened from (the agency page here), sidebar and all.
    page.keyboard.press("Escape")
    page.wait_for_function("() => !location.pathname.endsWith('/present') && !location.search.includes('present=')")
    wait_for_app(page, CHART)
    expect(page.locator("[data-testid='stSidebar']")).to_be_visible()
    assert "year=2563" in page.url


def test_upload_through_the_browser(app_url, page, tmp_path):
    path = tmp_path / "browser-upload-2565.xlsx"
    path.write_bytes(
        xlsx_bytes(
            {"ITA 2565": [["ชื่อหน่วยงาน", *INDICATOR_HEADERS], ["องค์การบริหารส่วนตำบลทดสอบเบราว์เซอร์", *SEED_SCORES]]}
        )
    )
    page.goto(f"{app_url}/data")
    wait_for_app(page, "[data-testid='stFileUploader']")
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(path))
    expect(page.locator("[data-testid='stFileChip']")).to_have_count(1)  # the browser has sent the file
    with rerun(page):
        page.get_by_role("button", name="นำเข้า").click()
    page.get_by_text("นำเข้าแล้ว: browser-upload-2565.xlsx").wait_for()
    assert_clean(page)
    screenshot(page, "data-after-upload")
    page.goto(f"{app_url}/?agency={quote('องค์การบริหารส่วนตำบลทดสอบเบราว์เซอร์')}&year=2565")
    wait_for_app(page, CHART)
    page.get_by_role("heading", name="องค์การบริหารส่วนตำบลทดสอบเบราว์เซอร์").wait_for()
    assert bars_drawn(page) == 10


SLIDE_SIZES = [(1024, 768), (1280, 720), (1440, 900), (1920, 1080)]  # 1024×768: an older (XGA) projector
CHART_FONTS = (
    "() => [...document.querySelectorAll('.js-plotly-plot text')].map(e => parseFloat(getComputedStyle(e).fontSize))"
)
SCROLL = "() => { const m = document.querySelector('[data-testid=stMain]'); return m.scrollHeight - m.clientHeight; }"


# The names of a slide's chart's bars that start left of the chart (cut by its column's edge).
NAMES_INSIDE = """() => [...document.querySelectorAll('.js-plotly-plot')].flatMap(plot => {
    const left = plot.getBoundingClientRect().left;
    return [...plot.querySelectorAll('.ytick text')].filter(e => e.getBoundingClientRect().left < left - 1)
        .map(e => e.textContent);
})"""
DECK_LINKS = {  # each deck, as its page opens it: one agency's nine steps; the overview's four, with its filters
    "agency": (f"present?agency={PHOK_NOI}&year=2566&present=1&from=agency", 9),
    "overview": (
        f"present?year=2568&types={quote('เทศบาลตำบล')}&types={quote('องค์การบริหารส่วนตำบล')}&present=1&from=overview",
        4,
    ),
}


def test_every_slide_fits_the_screen_at_each_size(app_url, page):
    """Issue 11: at 1280×720, 1440×900 and 1920×1080 no step of either deck scrolls, no chart text is drawn on
    another, and at 1920 wide every chart text is at least 24 px. The deck learns the window's size from the
    browser (each step is shown at each size by resizing the window, as a laptop joins a projector) and is stepped
    through with the arrow key, as in a meeting."""
    nav_y: dict[tuple[int, int], set[int]] = defaultdict(set)
    for deck, (link, steps) in DECK_LINKS.items():
        page.set_viewport_size({"width": 1280, "height": 720})
        page.goto(f"{app_url}/{link}&step=1")
        wait_for_app(page, ".present-footer[data-slide='1280x720']")
        for step in range(1, steps + 1):
            if step > 1:
                with rerun(page):
                    page.keyboard.press("ArrowRight")
                page.wait_for_function("s => location.search.includes('step=' + s)", arg=str(step))
            for width, height in SLIDE_SIZES if step % 2 else SLIDE_SIZES[::-1]:  # no size change wasted
                page.set_viewport_size({"width": width, "height": height})
                # Laid out for this window: the browser has reported its size and the slide was drawn again for it.
                wait_for_app(page, f".present-footer[data-slide='{width}x{height}']")
                where = f"{deck} {width}×{height} step {step}"
                assert page.evaluate(SCROLL) <= 1, where
                assert overlapping_text(page) == [], where
                # The buttons at the screen's foot on every slide (they stood at another height on each, a review).
                nav_y[(width, height)].add(round(page.locator(".st-key-present_next button").bounding_box()["y"]))
                if width == 1920:
                    assert min(page.evaluate(CHART_FONTS) or [24]) >= 24, where
                if step == steps:
                    screenshot(page, f"present-{deck}-{width}-last")
        assert f"{steps} / {steps}" in page.locator(".present-footer").inner_text()  # the whole deck was seen
    assert all(len(ys) == 1 for ys in nav_y.values()), nav_y
    # The longest group name of the samples ("องค์การบริหารส่วนตำบล" in the rank line) wraps inside its box: the
    # cover of a tambon's deck fits the smallest screen too.
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{app_url}/present?agency={quote('องค์การบริหารส่วนตำบลจันทร์เพ็ญ')}&year=2567&present=1&step=1")
    wait_for_app(page, ".present-footer[data-slide='1280x720']")
    assert page.evaluate(SCROLL) <= 1
    # A route through all ten indicators (วังยาง 2568, ผ่านดี to ผ่านดีเยี่ยม) was ten lines of words beside its chart: the
    # slide scrolled and its result was cut at the foot. Three are named, the chart draws the rest.
    page.goto(f"{app_url}/present?agency={quote('องค์การบริหารส่วนตำบลวังยาง')}&year=2568&present=1&step=8")
    wait_for_app(page, ".present-footer[data-slide='1280x720']")
    assert page.evaluate(SCROLL) <= 1 and "ถ้าทำได้ตามนี้" in page.inner_text("[data-testid='stMain']")
    # The same slide beside its text at 1024×768, in English (longer band names): 'Urgent improvement' was drawn on
    # 'Pass / Good pass', and the bars' names were cut at the chart's left edge.
    page.set_viewport_size({"width": 1024, "height": 768})
    page.goto(f"{app_url}/present?agency={quote('เทศบาลตำบลท่าแร่')}&year=2567&present=1&step=8&lang=en")
    wait_for_app(page, ".present-footer[data-slide='1024x768']")
    assert page.evaluate(SCROLL) <= 1 and overlapping_text(page) == []
    assert page.evaluate(NAMES_INSIDE) == [], "a bar's name is cut at the chart's edge"
