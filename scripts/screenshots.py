"""Screenshots of every page and every slide of both presentation decks, at 1280×720 and 1920×1080, to look at.

    python scripts/screenshots.py                  # → artifacts/screenshots/pages/<size>/<name>.png (the
                                                   #   screen) and <name>-whole.png (a page from top to bottom)
    python scripts/screenshots.py --docs           # also refresh the README's page images in docs/images/

Starts the app on a fresh database (the bundled samples), opens each page as a new user would (the seed
municipality, its latest year with measures) and each slide with the arrow key, and prints per shot: whether the
main area scrolls (a slide must not), how many chart texts are drawn on each other, and any error box. Needs
the dev packages (Playwright) and Chromium; the exit status is 1 when a slide scrolls or a shot shows an error.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from helpers.browser import (  # noqa: E402  (the browser tests' own helpers: one way to drive the app)
    CHROMIUM,
    CHROMIUM_ARGS,
    WATCH_RUNS,
    overlapping_text,
    rerun,
    serve_app,
    wait_for_app,
)
from playwright.sync_api import sync_playwright  # noqa: E402
from render_report_images import FOLLOW_UPS_6, SEED_MEASURES  # noqa: E402

from ita.measures.model import Measure  # noqa: E402
from ita.measures.store import open_store  # noqa: E402

SIZES = ((1280, 720), (1920, 1080))
AGENCY = quote("เทศบาลตำบลพอกน้อย")
PAGES = {  # name → path and query, as a link or the sidebar opens them
    "agency": f"?agency={AGENCY}&year=2566",
    "overview": "overview?year=2568",
    "measures": f"measures?agency={AGENCY}&fy=2564",
    "followup": f"followup?agency={AGENCY}&fy=2564",
    "report": f"report?agency={AGENCY}&year=2563",
    "data": "data",
}
DECKS = {  # name → first slide's link and the number of steps
    "present-agency": (f"present?agency={AGENCY}&year=2566&present=1&from=agency&step=1", 9),
    "present-overview": ("present?year=2568&present=1&from=overview&step=1", 4),
}
DOCS = {  # README images: (size, shot) → docs/images name
    ((1280, 720), "agency"): "agency-page.png",
    ((1280, 720), "overview"): "overview-page.png",
    ((1280, 720), "data"): "data-page.png",
    ((1280, 720), "report"): "report-page.png",
    ((1920, 1080), "present-agency-2"): "present-indicators.png",
    ((1920, 1080), "present-overview-3"): "present-ranking.png",
}
MAX_HEIGHT = 12_000  # the tallest whole-page shot, in CSS pixels
SCROLL = "() => { const m = document.querySelector('[data-testid=stMain]'); return m.scrollHeight - m.clientHeight; }"
ERRORS = "[data-testid='stException'], [data-testid='stAlertContentError']"


def seed_measures(database: Path) -> None:
    """The seed report's three measures for fiscal year 2564 and their 6-month round, so the measures, follow-up
    and report pages show what a team would have typed (the samples bring results, not measures)."""
    store = open_store(f"sqlite:///{database}")
    key, name = "เทศบาลตำบลพอกน้อย@สกลนคร", "เทศบาลตำบลพอกน้อย"
    for values, follow_up in zip(SEED_MEASURES, FOLLOW_UPS_6, strict=True):
        measure = store.create_measure(
            Measure(key, name, 2564, responsible="สำนักปลัดเทศบาล", **values), who="นางสาวยุวดี อุเทนสุต"
        )
        if follow_up:
            store.update_follow_up(measure.id, 6, follow_up, 1, who="นางสาวยุวดี อุเทนสุต")


def shoot(page, out: Path, name: str, *, slide: bool) -> bool:
    """Save one screenshot (a slide as the screen shows it, a page whole) and print what to look at; False when
    it shows an error or a slide scrolls."""
    scroll = page.evaluate(SCROLL)
    page.screenshot(path=str(out / f"{name}.png"))  # what the screen shows
    overlaps = overlapping_text(page)
    if not slide and scroll > 1:  # and the whole page: a window as tall as the page (the main area scrolls itself)
        size = page.viewport_size
        page.set_viewport_size({"width": size["width"], "height": min(size["height"] + scroll, MAX_HEIGHT)})
        wait_for_app(page)
        page.screenshot(path=str(out / f"{name}-whole.png"))
        page.set_viewport_size(size)
    errors = page.locator(ERRORS).count()
    print(f"  {name:22} scroll {scroll:4d}px  overlapping chart texts {len(overlaps)}  errors {errors}")
    for pair in overlaps[:3]:
        print(f"      {pair}")
    return not errors and not (slide and scroll > 1)


def take_all(url: str, out_root: Path, docs: bool) -> bool:
    """Every page and slide at every size; True when none shows an error and no slide scrolls."""
    ok = True
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        tab = browser.new_page()
        tab.add_init_script(WATCH_RUNS)
        tab.goto(url)  # as a returning user: the first-visit tour was closed in this browser
        tab.evaluate("() => localStorage.setItem('ita_tour_done', '1')")
        for width, height in SIZES:
            out = out_root / f"{width}x{height}"
            out.mkdir(parents=True, exist_ok=True)
            print(f"{width}×{height} → {out}")
            tab.set_viewport_size({"width": width, "height": height})
            for name, link in PAGES.items():
                tab.goto(f"{url}/{link}")
                wait_for_app(tab, "[data-testid='stSidebar']")
                ok &= shoot(tab, out, name, slide=False)
            for name, (link, steps) in DECKS.items():
                tab.goto(f"{url}/{link}")
                wait_for_app(tab, f".present-footer[data-slide='{width}x{height}']")  # laid out for this window
                for step in range(1, steps + 1):
                    if step > 1:
                        with rerun(tab):
                            tab.keyboard.press("ArrowRight")
                    ok &= shoot(tab, out, f"{name}-{step}", slide=True)
            for (size, shot), target in DOCS.items() if docs else ():
                if size == (width, height):
                    shutil.copyfile(out / f"{shot}.png", ROOT / "docs" / "images" / target)
        browser.close()
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "artifacts" / "screenshots" / "pages")
    parser.add_argument("--docs", action="store_true", help="also copy the README's images into docs/images/")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        seed_measures(Path(tmp) / "shots.db")
        with serve_app(Path(tmp) / "shots.db", Path(tmp) / "app.log") as served:
            ok = take_all(served[0], args.out, args.docs)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
