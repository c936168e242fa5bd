"""The real app served by ``streamlit run`` and driven by headless Chromium: the server, the waits and the
screenshots the browser tests share. The fixtures built on these are in ``tests/conftest.py``."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from helpers import ROOT

# Debian's chromium-headless-shell when installed: the same Blink and V8 without the full browser around them, as
# Playwright itself uses for headless runs. Measured on this 2-core machine it costs about 40% less CPU for a page
# in a new browser context (2.9 against 4.6 CPU-s) and 20% less for a page in a warm one (1.2 against 1.5); the
# browser tests are CPU-bound, so that is their wall time. ``ITA_CHROMIUM`` picks another browser.
HEADLESS_SHELL, FULL_CHROMIUM = "/usr/bin/chromium-headless-shell", "/usr/bin/chromium"
CHROMIUM = os.environ.get("ITA_CHROMIUM") or (HEADLESS_SHELL if os.path.exists(HEADLESS_SHELL) else FULL_CHROMIUM)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-dev-shm-usage",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    # The pages of a test run are all on the one app's origin: one renderer for them, reused from page to page.
    "--process-per-site",
]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"


def browser_available() -> bool:
    return os.path.exists(CHROMIUM)


def require_browser() -> None:
    """Browser tests skip on a developer machine without Chromium, but must run in CI."""
    if not browser_available():
        if os.environ.get("CI"):
            pytest.fail(f"CI needs {CHROMIUM} for the browser tests (apt-get install chromium-headless-shell)")
        pytest.skip("Chromium not installed (apt-get install chromium-headless-shell); CI runs these")


def free_port() -> int:
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
def serve_app(
    database: Path,
    log: Path,
    script: str = "app.py",
    env: dict[str, str] | None = None,
    port: int | None = None,
    args: tuple[str, ...] = (),
) -> Iterator[tuple[str, subprocess.Popen]]:
    """The real app, served by ``streamlit run`` on ``port`` (default: a free one) with its database at
    ``database``: its URL and process, once it answers; stopped afterwards. ``script``: ``serve.py`` for the app
    with its sign-in routes; ``env``: more environment (``ITA_SIGNIN``); ``args``: more ``streamlit run`` options."""
    port = port or free_port()
    env = {**os.environ, "ITA_DATABASE_URL": f"sqlite:///{database}", "PYTHONUNBUFFERED": "1", **(env or {})}
    env.pop("ITA_DEBUG", None)
    with log.open("a") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(ROOT / script),
                "--server.headless",
                "true",
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
                "--browser.gatherUsageStats",
                "false",
                *args,
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while not healthy(url, timeout=2):
                if time.monotonic() > deadline or proc.poll() is not None:
                    pytest.fail(f"streamlit did not start on {url}; see {log}")
                time.sleep(0.3)  # polling a server that is starting; there is no page to wait on yet
            yield url, proc
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


# Installed in every page before Streamlit loads: counts the messages the server sends over the app's websocket and
# notes when one last came or the run state last changed, so a test waits for "the script has run" (a condition)
# instead of sleeping a guessed time. A run always brings messages; counting them is what proves a rerun
# happened: on a loaded machine React may batch "running" and "finished" into one render, so the run-state
# attribute is not always seen to change.
WATCH_RUNS = """
window.__itaMessages = 0;
window.__itaChanged = performance.now();
const ItaSocket = window.WebSocket;
window.WebSocket = class extends ItaSocket {
    constructor(...args) {
        super(...args);
        this.addEventListener('message', () => {
            window.__itaMessages += 1;
            window.__itaChanged = performance.now();
        });
    }
};
new MutationObserver(() => {
    window.__itaChanged = performance.now();
}).observe(document, {attributes: true, subtree: true, attributeFilter: ['data-test-script-state']});
"""
SETTLED = """quiet => {
    const app = document.querySelector("[data-testid='stApp']");
    return app !== null && (window.__itaMessages || 0) >= 1
        && app.getAttribute('data-test-script-state') === 'notRunning'
        && performance.now() - (window.__itaChanged || 0) >= quiet;
}"""
# The first visit of a fresh server reruns at once (``ita.app.state.ensure_router``): a run that stays finished
# this long has no rerun queued behind it.
QUIET_MS = 300


def wait_for_app(tab, selector: str | None = None, timeout: float = 30_000) -> None:
    """Wait until Streamlit has run the script on this page, finished and stayed idle (see ``QUIET_MS``), then
    (if given) until ``selector`` is on the page."""
    tab.wait_for_function(SETTLED, arg=QUIET_MS, timeout=timeout, polling=50)
    if selector:
        tab.wait_for_selector(selector, timeout=timeout)


@contextmanager
def rerun(tab, timeout: float = 30_000) -> Iterator[None]:
    """Around an action that reruns the script (a click, an upload): wait until the server has answered it and
    the page has settled, whether the action's round trip to the server is quick or slow."""
    messages = tab.evaluate("() => window.__itaMessages || 0")
    yield
    tab.wait_for_function("before => (window.__itaMessages || 0) > before", arg=messages, timeout=timeout, polling=50)
    wait_for_app(tab, timeout=timeout)


# The site every app server of the tests is on: a site is a scheme and a host, whatever the port, so one renderer
# serves them all (``--process-per-site``).
APP_SITE = "http://127.0.0.1"


def keep_renderer(context) -> None:
    """Keep the app's renderer alive between a context's tests. Chromium ends a renderer with its last tab; the next
    test's tab then starts a new one, whose V8 compiles the app's scripts and sets up Plotly afresh: a page cost 3.9
    CPU-s on this 2-core machine, against 2.1 in a renderer kept alive by a blank tab of the same site. The tab's
    one page is answered by Playwright itself, so it needs no server."""
    keeper = context.new_page()
    keeper.route(
        f"{APP_SITE}/keep-renderer", lambda route: route.fulfill(body="<title>-</title>", content_type="text/html")
    )
    keeper.goto(f"{APP_SITE}/keep-renderer")


def painted(tab) -> None:
    """Wait for the browser to paint twice (after a resize, before a screenshot)."""
    tab.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


def screenshot(tab, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


OVERLAPS = r"""(root) => {
    // Every text box drawn in each Plotly chart (titles, ticks, legends, annotations, bar values), and the pairs that
    // overlap by more than a pixel each way: text drawn on text.
    const out = [];
    for (const plot of root.querySelectorAll('.js-plotly-plot')) {
        const boxes = [];
        for (const el of plot.querySelectorAll('text')) {
            const text = (el.textContent || '').trim();
            const r = el.getBoundingClientRect();
            if (!text || r.width === 0 || r.height === 0) continue;
            boxes.push({text, r});
        }
        for (let i = 0; i < boxes.length; i++) {
            for (let j = i + 1; j < boxes.length; j++) {
                const a = boxes[i].r, b = boxes[j].r;
                const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
                const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
                const chart = (plot.closest('[class*=st-key-]')?.className.match(/st-key-\S+/) || [''])[0];
                if (w > 1 && h > 1) out.push(boxes[i].text + ' ⟂ ' + boxes[j].text + ' @' + chart);
            }
        }
    }
    return out;
}"""


def overlapping_text(tab) -> list[str]:
    """Pairs of chart texts drawn on each other on the page (empty when every label reads)."""
    return tab.evaluate(f"() => ({OVERLAPS})(document)")
