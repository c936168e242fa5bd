"""Load: many fresh sessions at once on the agency page, spoken in Streamlit's own websocket protocol (its protobuf
BackMsg and ForwardMsg, no browsers), with the national-size dataset loaded.

    python bench/load_sessions.py                      # one server, directly
    python bench/load_sessions.py --team               # two servers behind nginx (scripts/serve-team.sh)
    python bench/load_sessions.py --sessions 10,30,60 --agencies 8300

Each session connects to ``/_stcore/stream``, asks for a run of the agency page (``?agency=…&year=2568``) and waits for
the script's end. For each batch size it prints, twice (every session on the same agency, as in a meeting; each on a
different one): p50 and p95 from connect to the script's end, errors, and the servers' CPU and memory growth per
session (from /proc). Issue 12's target on this 2-core machine: 30 sessions with p95 under 5 s and no error.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
TICK = os.sysconf("SC_CLK_TCK")
PAGE = 4096


def usage(pids: list[int]) -> tuple[float, float]:
    """CPU seconds used so far and resident memory (MB) of the server processes."""
    cpu = rss = 0.0
    for pid in pids:
        with open(f"/proc/{pid}/stat") as f:
            parts = f.read().rsplit(")", 1)[1].split()
        cpu += (int(parts[11]) + int(parts[12])) / TICK
        rss += int(parts[21]) * PAGE / 1e6
    return cpu, rss


async def one_session(ws_url: str, query: str, origin: str) -> tuple[float, str | None]:
    """Seconds from connect to the script's end, and what went wrong (None: nothing)."""
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    start = time.perf_counter()
    try:
        async with websockets.connect(
            f"{ws_url}/_stcore/stream", subprotocols=["streamlit"], max_size=None, origin=origin, open_timeout=60
        ) as ws:
            back = BackMsg()
            back.rerun_script.query_string = query
            await ws.send(back.SerializeToString())
            while True:
                msg = ForwardMsg()
                msg.ParseFromString(await asyncio.wait_for(ws.recv(), timeout=120))
                kind = msg.WhichOneof("type")
                if kind == "delta" and msg.delta.new_element.WhichOneof("type") == "exception":
                    return time.perf_counter() - start, "exception: " + msg.delta.new_element.exception.message
                if kind == "script_finished":
                    return time.perf_counter() - start, None
    except Exception as exc:  # a refused connection, a timeout: counted, the batch goes on
        return time.perf_counter() - start, f"{type(exc).__name__}: {exc}"


async def batch(ws_url: str, origin: str, queries: list[str]) -> list[tuple[float, str | None]]:
    return await asyncio.gather(*(one_session(ws_url, q, origin) for q in queries))


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))]


def run_batches(url: str, pids: list[int], sizes: list[int], agencies: int) -> None:
    ws_url = url.replace("http://", "ws://")
    for n in sizes:
        for label, keys in (("same agency", [4150] * n), ("different", [(k * 97) % agencies for k in range(n)])):
            queries = [f"agency=id:a{k:05d}&year=2568" for k in keys]  # the agency's key, as the app's links give it
            cpu0, rss0 = usage(pids)
            started = time.perf_counter()
            results = asyncio.run(batch(ws_url, url, queries))
            wall = time.perf_counter() - started
            time.sleep(1.0)  # the servers finish what the sessions left (their last messages, cleanup)
            cpu1, rss1 = usage(pids)
            times = [t for t, _ in results]
            errors = [e for _, e in results if e]
            print(
                f"{n:3d} sessions, {label:11s}: p50 {statistics.median(times):5.2f} s"
                f"  p95 {percentile(times, 95):5.2f} s"
                f"  all done {wall:5.2f} s  errors {len(errors)}  CPU/session {(cpu1 - cpu0) / n:5.3f} s"
                f"  memory/session {(rss1 - rss0) / n:+6.1f} MB  (servers now {rss1:,.0f} MB)",
                flush=True,
            )
            for e in errors[:3]:
                print(f"      {e}")


def national_workbook(tmp: Path, agencies: int) -> Path:
    from bench_import import build

    path = tmp / "national.xlsx"
    build(path, agencies, 7)
    return path


def store_dataset(database_url: str, workbook: Path) -> None:
    from ita.storage import datasets
    from ita.storage.db import engine_for

    engine = engine_for(database_url)
    datasets.prepare(engine)
    datasets.seed_once(engine, [])  # the national file is the only dataset
    datasets.add(engine, workbook.name, workbook.read_bytes(), uploaded_by="benchmark")
    engine.dispose()


def warm(url: str, times: int) -> None:
    """Fresh sessions one after another until each server has imported the file and filled its caches."""
    for _ in range(times):
        asyncio.run(batch(url.replace("http://", "ws://"), url, ["agency=id:a04150&year=2568"]))


def wait_healthy(url: str, limit: float = 120) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).status == 200:
                return
        except OSError:
            time.sleep(0.3)  # a server starting: nothing to wait on yet
    raise SystemExit(f"{url} did not answer")


def direct(tmp: Path, workbook: Path, sizes: list[int], agencies: int) -> None:
    database = f"sqlite:///{tmp / 'load.db'}"
    store_dataset(database, workbook)
    port = 8780
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port), "--server.headless", "true"],
        cwd=ROOT,
        env={**os.environ, "ITA_DATABASE_URL": database},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url)
        warm(url, 1)
        print(f"one server, directly ({url}); {agencies} agencies × 7 years")
        run_batches(url, [proc.pid], sizes, agencies)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def team(workbook: Path, sizes: list[int], agencies: int) -> None:
    port = 8781
    env = {**os.environ, "ITA_TEAM_SERVERS": "2", "ITA_TEAM_PORT": str(port), "ITA_SIGNIN": "none"}
    env.pop("ITA_DATABASE_URL", None)
    proc = subprocess.Popen(
        ["bash", "scripts/serve-team.sh"], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True, start_new_session=True
    )
    database, pids = None, []
    assert proc.stdout is not None
    try:
        for line in proc.stdout:
            if m := re.match(r"database: a throwaway PostgreSQL \((\S+)\)", line):
                database = m[1]
            if m := re.match(r"server \d+: pid (\d+)", line):
                pids.append(int(m[1]))
            if line.startswith("ready "):
                url = line.split()[1]
                break
        else:
            raise SystemExit("serve-team.sh stopped")
        assert database is not None
        store_dataset(database, workbook)
        warm(url, 6)  # nginx spreads fresh sessions over both servers
        print(f"two servers behind nginx ({url}); {agencies} agencies × 7 years")
        run_batches(url, pids, sizes, agencies)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", default="10,30,60", help="batch sizes, comma-separated")
    parser.add_argument("--agencies", type=int, default=8300)
    parser.add_argument("--team", action="store_true", help="two servers behind nginx instead of one directly")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sessions.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        workbook = national_workbook(Path(tmp), args.agencies)
        if args.team:
            team(workbook, sizes, args.agencies)
        else:
            direct(Path(tmp), workbook, sizes, args.agencies)


if __name__ == "__main__":
    main()
