"""Shared fixtures. Paths and plain helpers (constants, builders) live in ``tests/helpers/`` and are imported
from there: nothing imports from this file."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import CORPUS_FILES
from helpers.browser import CHROMIUM, CHROMIUM_ARGS, WATCH_RUNS, keep_renderer, require_browser, serve_app
from helpers.stores import BACKENDS, database_url


@pytest.hookimpl(tryfirst=True)  # before xdist reads the group marks
def pytest_collection_modifyitems(items):
    """Browser tests first, each kind on one worker. With ``--dist loadgroup`` (``scripts/test.sh``) pytest-xdist
    keeps a group on one worker: the tests on the shared app server (``app_url``) run on one worker, with one
    server, one Chromium and one warm browser context, while the test that starts (and restarts) its own servers
    runs on another; both start at once and the many short tests fill the workers around them. Without xdist the
    marks do nothing and the order is the same."""

    def own(item) -> bool:
        return "app_server" in item.fixturenames or item.get_closest_marker("own_servers") is not None

    def weight(item) -> int:
        if item.get_closest_marker("browser") is None:
            return 2
        return 0 if own(item) else 1

    for item in items:
        if item.get_closest_marker("browser") is not None:
            group = "browser-own-servers" if own(item) else "browser-shared-server"
            item.add_marker(pytest.mark.xdist_group(group))
    items.sort(key=weight)


@pytest.fixture(scope="session", autouse=True)
def _component_scan_once():
    """Every ``AppTest`` run starts a component manager that scans the metadata of every installed
    distribution for Streamlit v2 components (``scan_component_manifests``: about 0.35 s of CPU each time, a
    third of a page test). The installed packages do not change during a test run, so the scan is done once per
    process and its answer reused; the app server does it once at start anyway."""
    from functools import cache

    from streamlit.components.v2 import manifest_scanner

    original = manifest_scanner.scan_component_manifests
    manifest_scanner.scan_component_manifests = cache(original)
    yield
    manifest_scanner.scan_component_manifests = original


@pytest.fixture(autouse=True)
def _no_user_frameworks(monkeypatch):
    """Tests see the bundled frameworks only, whatever the developer's environment says."""
    monkeypatch.delenv("ITA_FRAMEWORKS_DIR", raising=False)
    monkeypatch.setenv("ITA_DEBUG", "1")  # a fault of ours raises in tests instead of becoming a problem row


# ----------------------------------------------------------------------------- databases


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path):
    """An empty database of each backend (PostgreSQL only when ``ITA_TEST_POSTGRES_URL`` is set)."""
    with database_url(request.param, tmp_path) as value:
        yield value


@pytest.fixture(scope="session")
def _seeded_database(tmp_path_factory) -> Path:
    """A database as the app leaves it on its very first start (tables made, the bundled samples stored), made
    once per test process; each AppTest gets a copy."""
    from ita.app.loaders import SAMPLE_DIR
    from ita.storage import datasets
    from ita.storage.db import engine_for

    path = tmp_path_factory.mktemp("seeded") / "ita.db"
    engine = engine_for(f"sqlite:///{path}")
    datasets.prepare(engine)
    datasets.seed_once(engine, sorted(SAMPLE_DIR.glob("*.xlsx")))
    engine.dispose()
    return path


@pytest.fixture
def engine(tmp_path):
    """The app's database on a new SQLite file, every area's tables made (``datasets.prepare``)."""
    from ita.storage import datasets
    from ita.storage.db import engine_for

    made = engine_for(f"sqlite:///{tmp_path / 'ita.db'}")
    datasets.prepare(made)
    yield made
    made.dispose()


@pytest.fixture
def app_database(tmp_path, monkeypatch, _seeded_database):
    """The app's database for an AppTest: a SQLite file of the test's own, a copy of one just seeded with the
    bundled samples. Its path. The database's engine and store are opened afresh; what is cached by the stored
    files' keys (the imported samples, their table, views and figures) is kept, as one server keeps it for every
    session: the copies hold the same files under the same keys."""
    import shutil

    from ita.app import loaders

    path = tmp_path / "ita.db"
    shutil.copyfile(_seeded_database, path)
    monkeypatch.setenv("ITA_DATABASE_URL", f"sqlite:///{path}")
    loaders.engine.clear()
    loaders.measure_store.clear()
    yield path
    loaders.engine.clear()
    loaders.measure_store.clear()


@pytest.fixture
def app_database_url(app_database) -> str:
    """``app_database`` as the URL the app and the store open."""
    return f"sqlite:///{app_database}"


# ----------------------------------------------------------------------------- browser tests


@pytest.fixture
def app_server():
    """``serve_app`` for a test that starts (and restarts) its own server."""
    require_browser()
    return serve_app


@pytest.fixture(scope="session")
def app_url(tmp_path_factory):
    """The real app, served by ``streamlit run`` on a free port, with its own empty database."""
    require_browser()
    with serve_app(tmp_path_factory.mktemp("db") / "ita.db", tmp_path_factory.mktemp("log") / "streamlit.log") as (
        url,
        _,
    ):
        yield url


# Files that aborted or exhausted the server before issue 8, and the .xls/.xlsb/.ods crash files added since.
CRASH_NAMES = ["bomb.xlsx", "far_cell.xlsx", "ods_repeat_bomb.ods"]
CRASH_PATTERNS = ["*far*", "*bomb*", "*many_sheets*", "*70_sheets*", "*over_budget*", "*xlsb*", "*.xls", "*.ods"]
UPLOADABLE = {".xlsx", ".xlsb", ".xls", ".ods", ".csv"}


@pytest.fixture(scope="session")
def crash_files() -> list[Path]:
    """The corpus files that crashed or exhausted the process that parsed them, before parsing was isolated."""
    corpus = CORPUS_FILES
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


@pytest.fixture(scope="session")
def browser_context(browser):
    """One browser context per worker: its pages share one renderer (``--process-per-site``), kept alive from
    test to test (``keep_renderer``), so the app's scripts are compiled and Plotly is set up once, not once per test
    (a page in a new renderer costs Chromium about 4 s of CPU, in the kept one about 2 s). Each test gets a page of
    its own and starts with no cookies."""
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="th-TH")
    context.add_init_script(WATCH_RUNS)
    keep_renderer(context)
    yield context
    context.close()


@pytest.fixture
def page(browser_context):
    browser_context.clear_cookies()
    tab = browser_context.new_page()
    yield tab
    tab.close()
