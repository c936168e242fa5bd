"""Shared test helpers. Paths are built from ROOT so tests run from any working directory."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any, Iterable

import pytest
from openpyxl import Workbook

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_data"
DATA = Path(__file__).resolve().parent / "data"
SEED_SCORES = [83.65, 78.00, 79.71, 77.18, 77.32, 77.51, 78.03, 71.85, 80.06, 87.50]
INDICATOR_HEADERS = [f"ตัวชี้วัดที่ {k}" for k in range(1, 11)]


def xlsx_bytes(sheets: dict[str, Iterable[Iterable[Any]]]) -> bytes:
    """An .xlsx with the given sheets (name → rows), built in memory."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(list(row))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def problems_of(result, code: str):
    return result.problems.loc[result.problems["code"] == code]


def shown(markdown: str) -> str:
    """The text a Markdown value of a page shows: backslash escapes resolved, hard breaks as newlines. Values
    in page text are escaped (``ita.common.plaintext.markdown``), so '(71.85)' is '\\(71.85\\)' in the source."""
    return re.sub(r"\\(.)", r"\1", str(markdown).replace("  \n", "\n"))


@pytest.fixture(autouse=True)
def _no_user_frameworks(monkeypatch):
    """Tests see the bundled frameworks only, whatever the developer's environment says."""
    monkeypatch.delenv("ITA_FRAMEWORKS_DIR", raising=False)
    monkeypatch.setenv("ITA_DEBUG", "1")  # a fault of ours raises in tests instead of becoming a problem row


# ----------------------------------------------------------------------------- browser tests

import os  # noqa: E402
import shutil  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import urllib.request  # noqa: E402
from contextlib import contextmanager  # noqa: E402
from typing import Iterator  # noqa: E402

CHROMIUM = os.environ.get("ITA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"


def _browser_available() -> bool:
    return os.path.exists(CHROMIUM) or shutil.which("chromium") is not None


def require_browser() -> None:
    """Browser tests skip on a developer machine without Chromium, but must run in CI."""
    if not _browser_available():
        if os.environ.get("CI"):
            pytest.fail(f"CI needs Chromium at {CHROMIUM} for the browser tests (apt-get install chromium)")
        pytest.skip("Chromium not installed (apt-get install chromium); CI runs these")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def healthy(url: str, timeout: float) -> bool:
    """Streamlit's health endpoint answers 200 within ``timeout`` seconds."""
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=timeout) as response:
            return response.status == 200
    except OSError:
        return False


@contextmanager
def serve_app(database: Path, log: Path) -> Iterator[tuple[str, subprocess.Popen]]:
    """The real app, served by ``streamlit run`` on a free port with its database at ``database``: its URL and
    process, once it answers; stopped afterwards."""
    port = _free_port()
    env = {**os.environ, "ITA_DATABASE_URL": f"sqlite:///{database}", "PYTHONUNBUFFERED": "1"}
    env.pop("ITA_DEBUG", None)
    with log.open("a") as out:
        proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless",
                                 "true", "--server.port", str(port), "--server.address", "127.0.0.1",
                                 "--browser.gatherUsageStats", "false"], cwd=ROOT, env=env, stdout=out,
                                stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while not healthy(url, timeout=2):
                if time.monotonic() > deadline or proc.poll() is not None:
                    pytest.fail(f"streamlit did not start on {url}; see {log}")
                time.sleep(0.3)
            yield url, proc
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@pytest.fixture
def app_server():
    """``serve_app`` for a test that starts (and restarts) its own server."""
    require_browser()
    return serve_app


@pytest.fixture(scope="session")
def app_url(tmp_path_factory):
    """The real app, served by ``streamlit run`` on a free port, with its own empty database."""
    require_browser()
    with serve_app(tmp_path_factory.mktemp("db") / "ita.db", tmp_path_factory.mktemp("log") / "streamlit.log") \
            as (url, _):
        yield url


# Files that aborted or exhausted the server before issue 8, and the .xls/.xlsb/.ods crash files added since.
CRASH_NAMES = ["bomb.xlsx", "far_cell.xlsx", "ods_repeat_bomb.ods"]
CRASH_PATTERNS = ["*far*", "*bomb*", "*many_sheets*", "*70_sheets*", "*over_budget*", "*xlsb*", "*.xls", "*.ods"]
UPLOADABLE = {".xlsx", ".xlsb", ".xls", ".ods", ".csv"}


@pytest.fixture(scope="session")
def crash_files() -> list[Path]:
    """The corpus files that crashed or exhausted the process that parsed them, before parsing was isolated."""
    corpus = ROOT / "tests" / "corpus" / "files"
    found = {corpus / name for name in CRASH_NAMES}
    for pattern in CRASH_PATTERNS:
        found.update(corpus.glob(pattern))
    return sorted(p for p in found if p.exists() and p.suffix in UPLOADABLE and not p.name.startswith("markup"))


@pytest.fixture(scope="session")
def browser():
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="th-TH")
    tab = context.new_page()
    yield tab
    context.close()


def wait_for_app(tab, selector: str | None = None, timeout: float = 30_000) -> None:
    """Wait until Streamlit has run the script to the end and (if given) ``selector`` is on the page. The
    first visit of a fresh server reruns once (``ita.app.ui.ensure_router``), so 'not running' is checked
    twice, apart."""
    tab.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=timeout)
    tab.wait_for_timeout(400)
    tab.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=timeout)
    if selector:
        tab.wait_for_selector(selector, timeout=timeout)
    tab.wait_for_timeout(300)


def screenshot(tab, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
