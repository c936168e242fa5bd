"""Benchmark: a fresh visit to the dashboard against a bare Streamlit page with one Plotly chart, side by side.

    python bench/bench_first_visit.py [--visits 7] [--page agency]

Two servers run on this machine with the same flags: the app on a fresh SQLite database (the bundled samples, its
embedded default) and a bare page (``st.plotly_chart`` of one bar chart, nothing else). Each is warmed by one visit;
then each fresh visit is a new browser context (no cookies, no cache, a new Streamlit session), the two servers
taking turns so a busy moment of the host falls on both. Per visit:

- wall time from navigation to the first chart drawn (``.js-plotly-plot`` with its bars);
- server CPU (user + system, from /proc) from navigation until the server is idle again;
- where the time goes: the page's static files (count, bytes, time to the last one) and the time from the
  websocket's opening to the chart (the script's run and the figure's transfer and drawing).

Prints the medians and the two ratios (app / bare); issue 11's target is 1.2 or less for both. The bare page runs
with Streamlit's defaults; ``--bare-like-app`` gives it the app's server settings (no file watcher, no full garbage
collection after each run) for a like-for-like comparison of the pages themselves.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("ITA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"]
CHART = ".js-plotly-plot g.point path"
BARE_PAGE = """
import plotly.graph_objects as go
import streamlit as st

st.set_page_config(page_title="bare", layout="wide")
st.title("One chart")
fig = go.Figure(go.Bar(x=[f"ตัวชี้วัด {i}" for i in range(1, 11)], y=[80 + i for i in range(10)]))
st.plotly_chart(fig)
"""
TICKS = os.sysconf("SC_CLK_TCK")
IDLE_CPU_S = 0.02  # the server is idle again when it used less than this in IDLE_WINDOW_S
IDLE_WINDOW_S = 0.25


@dataclass
class Visit:
    wall: float
    cpu: float
    static_files: int
    static_bytes: int
    static_done: float  # seconds from navigation to the last static file
    socket_to_chart: float  # seconds from the websocket's opening to the chart


@dataclass
class Server:
    name: str
    url: str
    proc: subprocess.Popen
    visits: list[Visit] = field(default_factory=list)

    def cpu(self) -> float:
        with open(f"/proc/{self.proc.pid}/stat") as f:
            parts = f.read().rsplit(")", 1)[1].split()
        return (int(parts[11]) + int(parts[12])) / TICKS  # utime + stime


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(name: str, script: Path, env: dict[str, str]) -> Server:
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(script),
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=script.parent,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).status == 200:
                return Server(name, url, proc)
        except OSError:
            time.sleep(0.2)  # the server is starting: nothing to wait on yet
    proc.kill()
    raise SystemExit(f"{name}: the server did not start")


def wait_idle(server: Server, limit: float = 30.0) -> None:
    """Until the server has used (almost) no CPU for a short window: the visit's work is done."""
    deadline = time.monotonic() + limit
    before = server.cpu()
    while time.monotonic() < deadline:
        time.sleep(IDLE_WINDOW_S)
        now = server.cpu()
        if now - before < IDLE_CPU_S:
            return
        before = now


def visit(browser, server: Server, path: str) -> Visit:
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    static: list[tuple[int, float]] = []
    opened: list[float] = []
    t0 = time.perf_counter()

    def on_response(response) -> None:
        if "/static/" in response.url or response.url.rstrip("/").endswith(("favicon.png", server.url)):
            try:
                size = len(response.body())
            except Exception:  # a response without a body (a redirect)
                size = 0
            static.append((size, time.perf_counter() - t0))

    page.on("response", on_response)
    page.on("websocket", lambda ws: opened.append(time.perf_counter() - t0))
    wait_idle(server)
    cpu0 = server.cpu()
    t0 = time.perf_counter()
    page.goto(f"{server.url}/{path}")
    page.wait_for_selector(CHART, timeout=60_000)
    wall = time.perf_counter() - t0
    wait_idle(server)
    cpu = server.cpu() - cpu0
    context.close()
    return Visit(
        wall,
        cpu,
        len(static),
        sum(s for s, _ in static),
        max((t for _, t in static), default=0.0),
        wall - (opened[0] if opened else 0.0),
    )


def median(values) -> float:
    return statistics.median(list(values))


def report(servers: list[Server]) -> None:
    print(f"\n{'':10} {'wall s':>8} {'CPU s':>8} {'static':>7} {'KB':>7} {'static s':>9} {'socket→chart s':>15}")
    for s in servers:
        v = s.visits
        print(
            f"{s.name:10} {median(x.wall for x in v):8.2f} {median(x.cpu for x in v):8.2f} "
            f"{median(x.static_files for x in v):7.0f} {median(x.static_bytes for x in v) / 1024:7.0f} "
            f"{median(x.static_done for x in v):9.2f} {median(x.socket_to_chart for x in v):15.2f}"
        )
    app, bare = servers
    wall = median(x.wall for x in app.visits) / median(x.wall for x in bare.visits)
    cpu = median(x.cpu for x in app.visits) / median(x.cpu for x in bare.visits)
    print(f"\nratio app / bare: first chart {wall:.2f}×, server CPU {cpu:.2f}× (target ≤ 1.2× each)")
    print("each visit (wall s / CPU s):")
    for s in servers:
        print(f"  {s.name:8} " + "  ".join(f"{x.wall:.2f}/{x.cpu:.2f}" for x in s.visits))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--visits", type=int, default=7)
    parser.add_argument("--page", default="agency", help="the app's page to open (agency, overview, …)")
    parser.add_argument(
        "--bare-like-app",
        action="store_true",
        help="serve the bare page with the app's server settings (no file watcher, no GC after each run)",
    )
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        bare_script = Path(tmp) / "bare.py"
        bare_script.write_text(BARE_PAGE, encoding="utf-8")
        if args.bare_like_app:
            (Path(tmp) / ".streamlit").mkdir()
            (Path(tmp) / ".streamlit" / "config.toml").write_text(
                '[server]\nfileWatcherType = "none"\n[runner]\npostScriptGC = false\n', encoding="utf-8"
            )
        servers = [
            start("app", ROOT / "app.py", {"ITA_DATABASE_URL": f"sqlite:///{tmp}/bench.db"}),
            start("bare", bare_script, {}),
        ]
        paths = {"app": "" if args.page == "agency" else args.page, "bare": ""}
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                for s in servers:  # warm: the first visit of a server imports the samples and fills caches
                    visit(browser, s, paths[s.name])
                for i in range(args.visits):
                    for s in servers if i % 2 == 0 else servers[::-1]:
                        s.visits.append(visit(browser, s, paths[s.name]))
                browser.close()
        finally:
            for s in servers:
                s.proc.terminate()
                s.proc.wait(timeout=15)
        print(f"{args.visits} fresh visits each, 1280×720, headless Chromium, {os.cpu_count()} cores")
        report(servers)


if __name__ == "__main__":
    main()
