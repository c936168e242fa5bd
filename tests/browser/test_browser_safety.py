"""Browser: the crash files of the corpus and a file whose names are Markdown/HTML, uploaded into the running app.
The server survives, its health endpoint answers within 1 s all along, no link or image from a file reaches the
page, refused files say so, and after a restart on the same database every page opens without an error box
(issue 8, "Done when")."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from urllib.parse import quote, urlparse

import pytest
from helpers import CORPUS_FILES
from helpers.browser import healthy, rerun, screenshot, wait_for_app

pytestmark = pytest.mark.browser
CORPUS = CORPUS_FILES
MARKUP_PATTERNS = ["markup_names*.xlsx", "markdown_names*.xlsx"]
PAGES = ["", "overview", "measures", "followup", "report", "data", "present"]
HEALTH_LIMIT = 1.0
CHART = ".js-plotly-plot .main-svg"


def markup_file(tmp_path: Path) -> Path:
    """The corpus file of names that are Markdown and HTML; built here if the corpus has none."""
    for pattern in MARKUP_PATTERNS:
        found = sorted(CORPUS.glob(pattern))
        if found:
            return found[0]
    from helpers import INDICATOR_HEADERS, SEED_SCORES, xlsx_bytes

    path = tmp_path / "markdown_names.xlsx"
    path.write_bytes(
        xlsx_bytes(
            {
                "ITA 2563": [
                    ["ชื่อหน่วยงาน", "จังหวัด", *INDICATOR_HEADERS],
                    ["[ตำบลลิงก์](http://evil.example/phish)", "![x](http://evil.example/x.png)", *SEED_SCORES],
                    [
                        '<a href="http://evil.example">เทศบาลตำบลเอ</a>',
                        "<img src=http://evil.example/y.png>",
                        *SEED_SCORES,
                    ],
                ]
            }
        )
    )
    return path


class HealthWatch:
    """Polls ``/_stcore/health`` from a thread and records how long each answer took (None: no answer)."""

    def __init__(self, url: str) -> None:
        self.url, self.times, self._stop = url, [], threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def _poll(self) -> None:
        while not self._stop.is_set():
            started = time.monotonic()
            ok = healthy(self.url, timeout=HEALTH_LIMIT * 3)
            self.times.append(time.monotonic() - started if ok else None)
            self._stop.wait(0.1)

    def __enter__(self) -> HealthWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def outside_links_and_images(page, app_url: str) -> list[str]:
    """Every link (HTML or SVG) and image on the page that points to a host other than the app's."""
    found = page.evaluate("""() => {
        const out = [];
        for (const a of document.querySelectorAll('a')) {
            const href = a.getAttribute('href') || a.getAttribute('xlink:href');
            if (href) out.push('a ' + href);
        }
        for (const img of document.querySelectorAll('img, image')) {
            const src = img.getAttribute('src') || img.getAttribute('href') || img.getAttribute('xlink:href');
            if (src) out.push('img ' + src);
        }
        return out;
    }""")
    own = urlparse(app_url).netloc
    return [item for item in found if urlparse(item.split(" ", 1)[1]).netloc not in ("", own) or "evil.example" in item]


def assert_no_error_box(page, where: str) -> None:
    assert page.locator("[data-testid='stException']").count() == 0, where
    errors = page.locator("[data-testid='stAlertContentError']")
    assert errors.count() == 0, f"{where}: {errors.first.inner_text() if errors.count() else ''}"


def expected_outcomes(files: list[Path]) -> dict[str, str]:
    """What the importer makes of each file on its own (read, read but nothing usable, refused, failed), in an
    isolated worker."""
    from ita.io.importer import load_paths

    out = {}
    for path in files:
        result = load_paths([path])
        status = result.files[0].status
        no_year = set(result.problems.loc[result.problems["severity"] == "error", "code"]) == {"no_year"}
        out[path.name] = (
            ("read_no_year" if no_year else "read_empty") if status == "read" and result.valid.empty else status
        )
    return out


def test_crash_and_markup_files_cannot_take_the_service_down(page, app_server, crash_files, tmp_path):
    crashes = crash_files
    markup = markup_file(tmp_path)
    assert {"bomb.xlsx", "far_cell.xlsx", "ods_repeat_bomb.ods"} <= {p.name for p in crashes}
    expected = expected_outcomes(crashes)
    database, log = tmp_path / "ita.db", tmp_path / "streamlit.log"
    with app_server(database, log) as (url, proc):
        page.goto(f"{url}/data")
        wait_for_app(page, "[data-testid='stFileUploader']")
        with HealthWatch(url) as watch:
            page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(
                [str(p) for p in [*crashes, markup]]
            )
            page.wait_for_function(
                "n => document.querySelectorAll('[data-testid=\"stFileChip\"]').length >= n", arg=len(crashes) + 1
            )
            page.get_by_role("button", name="นำเข้า").click()
            wait_for_app(page, "[data-testid='stAlertContentError']", timeout=240_000)
            wait_for_app(page, timeout=240_000)
        assert proc.poll() is None, f"the server died; see {log}"
        answered = [t for t in watch.times if t is not None]
        assert len(watch.times) >= 3 and len(answered) == len(watch.times), watch.times
        assert max(answered) < HEALTH_LIMIT, watch.times
        screenshot(page, "safety-upload")

        alerts = page.locator("[data-testid='stAlert']").all_inner_texts()
        for name, status in expected.items():
            said = [a for a in alerts if name in a]
            assert said, (name, alerts)
            if status == "refused":
                assert said[0].startswith(f"ไม่รับไฟล์ {name}") and "นำเข้าแล้ว" not in said[0], said
            elif status == "failed":
                assert f"นำเข้าไฟล์ {name} ไม่สำเร็จ" in said[0], said
            elif status == "read_empty":  # read, but not one usable row: never "นำเข้าแล้ว"
                assert said[0].startswith(f"อ่านไฟล์ {name} แล้ว แต่ไม่มีแถวที่ใช้ได้"), said
            elif status == "read_no_year":  # a web page's table naming no year: where to give it
                assert said[0].startswith(f"อ่านไฟล์ {name} แล้ว แต่ไม่พบปีงบประมาณ"), said
            else:
                assert said[0].startswith("นำเข้าแล้ว") and "ใช้ได้" in said[0], said
        assert any(markup.name in a and a.startswith("นำเข้าแล้ว") for a in alerts), alerts
        assert outside_links_and_images(page, url) == []

        # The names from the file, on the pages that show them.
        agency = "[ตำบลลิงก์](http://evil.example/phish)"
        for path, drawn in (
            (f"?agency={quote(agency)}&year=2563", CHART),
            ("overview?year=2563", CHART),
            (f"present?agency={quote(agency)}&year=2563&present=1&step=1", ".present-footer"),
            ("data", "[data-testid='stMetric']"),
        ):
            page.goto(f"{url}/{path}")
            wait_for_app(page, drawn)  # the names are on the page once its charts/metrics are drawn
            assert outside_links_and_images(page, url) == [], path
            assert page.locator("img[src*='evil.example'], a[href*='evil.example']").count() == 0, path
        assert proc.poll() is None, f"the server died; see {log}"

    # A restart on the same database: every page opens, nothing stored is read into a crash.
    # The pages in the sidebar are opened from it, as a user does (the app is not loaded afresh each time).
    with app_server(database, log) as (url, proc):
        for path in PAGES:
            if path in ("", "present"):
                page.goto(f"{url}/{path}")
            else:
                with rerun(page, timeout=120_000):
                    # The app's own page links: relative, carrying the agency, year and language ('overview?…').
                    page.locator(
                        f"[data-testid='stSidebar'] a[href^='{path}?'], [data-testid='stSidebar'] a[href='{path}']"
                    ).first.click()
                page.wait_for_function("p => location.pathname.endsWith(p)", arg=f"/{path}")
            wait_for_app(page, timeout=120_000)
            assert_no_error_box(page, path or "agency")
            assert outside_links_and_images(page, url) == [], path
        assert proc.poll() is None and healthy(url, timeout=HEALTH_LIMIT)
        screenshot(page, "safety-after-restart")
