"""Parse workers: whatever happens in a worker comes back as a WorkerFailure, and the caller carries on.

The targets are standard-library functions (importable by any worker, forked or from the fork server) and
calamine itself, asked to lay out a sheet with a far cell with the guard bypassed: the abort the issue saw.
"""

from __future__ import annotations

import io
import os
import threading
import time
import zipfile

import pytest
from helpers import CORPUS_FILES, INDICATOR_HEADERS, SAMPLES, SEED_SCORES, xlsx_bytes

from ita.io import importer, isolation
from ita.io.importer import load_files, load_paths
from ita.io.isolation import WorkerFailure, WorkerLimits, WorkerPool

CORPUS = CORPUS_FILES


def _calamine_far_cell(data: bytes) -> int:
    """What the guard prevents: calamine laying out a sheet whose one far cell asks for gigabytes."""
    import python_calamine

    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    return len(book.get_sheet_by_name(book.sheet_names[-1]).to_python(skip_empty_area=False))


def _grab(megabytes: int) -> int:
    return len(bytearray(megabytes * 1024 * 1024))


def _arrow_strings_growth() -> float:
    """MB of address space a worker takes for pandas' first string operations (Arrow allocates them)."""
    import pandas as pd

    before = isolation._address_space()
    strings = pd.Series(["A", None, "B"] * 100, dtype="str")
    strings.fillna("").astype(str).to_numpy()
    strings.isna().to_numpy()
    return (isolation._address_space() - before) / isolation.MB


# One pool per start method for the module (a spawned worker takes a second or two of CPU to import the parsing
# code): each test leaves it usable, and the tests that end a worker check that the next call gets a new one. The
# module runs on one xdist worker (``--dist loadgroup``), so the pools are made once.
pytestmark = pytest.mark.xdist_group("isolation")


@pytest.fixture(scope="module", params=["fork", "spawn"])
def pool(request):
    made = WorkerPool(WorkerLimits(memory_mb=512, seconds=5, workers=2), start_method=request.param)
    yield made
    made.close()


def test_a_result_comes_back(pool):
    assert pool.run(sum, [1, 2, 3]) == 6


def test_an_abort_is_a_failure_and_the_next_call_works(pool):
    outcome = pool.run(os.abort)
    assert isinstance(outcome, WorkerFailure)
    assert outcome.kind == "memory" and "SIGABRT" in outcome.detail
    assert pool.run(sum, [4, 5]) == 9


def test_an_exception_is_an_error_and_the_worker_is_kept(pool):
    outcome = pool.run(int, "not a number")
    assert isinstance(outcome, WorkerFailure) and outcome.kind == "error"
    assert "ValueError" in outcome.detail
    assert pool.run(int, "12") == 12


def test_memory_over_the_ceiling_is_refused(pool):
    outcome = pool.run(_grab, 2048)
    assert isinstance(outcome, WorkerFailure) and outcome.kind == "memory"
    assert pool.run(_grab, 64) == 64 * 1024 * 1024  # within the ceiling: fine, in a fresh worker


def test_arrow_takes_only_the_memory_it_uses(pool):
    """Arrow's own allocator reserved 1 GiB of address space on its first string operation in a worker: under the
    ceiling, the next small allocation failed and the sheet was lost ("ArrowMemoryError: malloc of size 64")."""
    growth = pool.run(_arrow_strings_growth)
    assert not isinstance(growth, WorkerFailure), growth
    # Well under Arrow's 1 GiB; above glibc's own reservations: a malloc arena is 64 MB of address space, and a
    # forked worker on a busy machine once took two of them (129 MB) for these few strings.
    assert growth < 256, growth


def test_a_hang_is_ended_at_the_time_limit(pool):
    pool.warm()  # the time measured is the call's, not a new worker's start
    started = time.monotonic()
    outcome = pool.run(time.sleep, 60, seconds=1.0)
    assert isinstance(outcome, WorkerFailure) and outcome.kind == "time"
    assert time.monotonic() - started < 4
    assert pool.run(sum, [1]) == 1


def test_a_new_workers_start_is_not_counted_in_the_files_time():
    """A spawned worker imports the parsing code (pandas, calamine) before it is ready: longer than this call's
    half-second limit, which counts from when the worker is ready."""
    made = WorkerPool(WorkerLimits(seconds=0.5, workers=1), start_method="spawn")
    try:
        started = time.monotonic()
        assert made.run(sum, [1, 2]) == 3
        assert time.monotonic() - started > 0.5  # the start alone took longer than the limit
    finally:
        made.close()


def test_workers_run_at_a_lower_cpu_priority(pool):
    """Parsing a large file must not slow the pages and the health check of the server that asked for it."""
    assert pool.run(os.nice, 0) == os.nice(0) + WorkerLimits().nice


def test_calamine_asking_for_gigabytes_ends_only_the_worker():
    data = (CORPUS / "far_cell.xlsx").read_bytes()
    made = WorkerPool(WorkerLimits(memory_mb=512, seconds=20, workers=1), start_method="fork")
    try:
        outcome = made.run(_calamine_far_cell, data)
        assert isinstance(outcome, WorkerFailure) and outcome.kind in ("memory", "crash")
        assert made.run(sum, [2, 2]) == 4
    finally:
        made.close()


def test_workers_are_reused():
    made = WorkerPool(WorkerLimits(workers=1), start_method="fork")
    try:
        pids = {made.run(os.getpid) for _ in range(3)}
        assert len(pids) == 1 and os.getpid() not in pids
    finally:
        made.close()


def test_a_call_waits_without_blocking_other_threads(pool):
    """The caller's thread waits on a pipe; others (the health endpoint, other users) keep running. A caller that
    held the interpreter would stop them for the whole call (1.5 s): no gap may come near it, with room for a
    loaded machine's scheduling (a bound of 0.5 s failed once with both cores busy)."""
    ticks = []
    stop = threading.Event()

    def tick():
        while not stop.is_set():
            ticks.append(time.monotonic())
            time.sleep(0.05)

    thread = threading.Thread(target=tick)
    thread.start()
    try:
        pool.run(time.sleep, 1.5)
    finally:
        stop.set()
        thread.join()
    gaps = [b - a for a, b in zip(ticks, ticks[1:], strict=False)]
    assert len(ticks) >= 10 and max(gaps) < 0.75


def test_a_failed_worker_is_a_problem_on_that_file_only(monkeypatch, request):
    """The importer turns a worker failure into an error on the file; the other files load."""
    workers = WorkerPool(WorkerLimits(memory_mb=512, seconds=5), start_method="fork")
    request.addfinalizer(workers.close)  # closed even when an assertion fails (its workers would hold the run open)
    monkeypatch.setattr(isolation, "_pool", workers)
    real = isolation.WorkerPool.run

    def run(self, function, *args, seconds=None):
        if args and args[0] == "poison.xlsx":
            return real(self, os.abort)
        return real(self, function, *args, seconds=seconds)

    monkeypatch.setattr(isolation.WorkerPool, "run", run)
    sample = (SAMPLES / "phok-noi-2563.xlsx").read_bytes()
    result = load_files([("poison.xlsx", sample), ("phok-noi-2563.xlsx", sample)])
    failed = result.problems.loc[result.problems["code"] == "worker_failed"]
    assert list(failed["file"]) == ["poison.xlsx"]
    assert "safety limits" in failed["message_en"].iat[0] and "ขีดจำกัดความปลอดภัย" in failed["message_th"].iat[0]
    said = failed["message_en"].iat[0]  # what to do follows what stopped it: one limit named, not both
    assert "ITA_WORKER_MEMORY_MB" in said and "ITA_WORKER_SECONDS" not in said  # an abort: memory (see isolation)
    assert [f.status for f in result.files] == ["failed", "read"]
    assert result.files[0].reason_en == failed["message_en"].iat[0]
    assert list(result.valid["agency"]) == ["เทศบาลตำบลพอกน้อย"]
    isolation._pool.close()


def test_a_refused_file_says_so_in_its_summary():
    result = load_paths([CORPUS / "bomb.xlsx", SAMPLES / "phok-noi-2563.xlsx"])
    assert [f.status for f in result.files] == ["refused", "read"]
    assert "xl/worksheets/sheet1.xml" in result.files[0].reason_en


def test_parsing_happens_in_a_worker(monkeypatch, tmp_path):
    """The reader runs in another process: a zip that makes this process's reader raise is never opened here."""
    opened_here = []
    real = zipfile.ZipFile

    def spy(*args, **kwargs):
        opened_here.append(os.getpid())
        return real(*args, **kwargs)

    monkeypatch.setattr(zipfile, "ZipFile", spy)
    monkeypatch.setattr(importer, "_last_read", {})  # no result kept from an earlier test
    result = load_paths([SAMPLES / "phok-noi-2563.xlsx"])
    assert len(result.valid) == 1
    assert opened_here == []


def test_the_file_just_read_is_not_parsed_again(monkeypatch):
    """An upload is read alone, then with every stored file: the second read reuses the first."""
    monkeypatch.setattr(importer, "_last_read", {})
    calls = []
    real = isolation.run

    def counting(function, *args, **kwargs):
        calls.append(args[0])
        return real(function, *args, **kwargs)

    monkeypatch.setattr(isolation, "run", counting)
    sample = (SAMPLES / "phok-noi-2563.xlsx").read_bytes()
    first = load_files([("phok-noi-2563.xlsx", sample)])
    other = xlsx_bytes({"ITA 2563": [["ชื่อหน่วยงาน", *INDICATOR_HEADERS], ["เทศบาลตำบลอื่น", *SEED_SCORES]]})
    again = load_files([("phok-noi-2563.xlsx", sample), ("other.xlsx", other)])
    assert calls == ["phok-noi-2563.xlsx", "other.xlsx"]
    assert (
        first.valid["total"].tolist()
        == again.valid.loc[again.valid["source_file"] == "phok-noi-2563.xlsx", "total"].tolist()
    )
    load_files([("phok-noi-2563.xlsx", sample, 2564)])  # another year for sheets without one: read again
    assert calls[-1] == "phok-noi-2563.xlsx" and len(calls) == 3


def test_arrow_uses_the_system_allocator_even_when_pandas_was_imported_first():
    """Streamlit's server and a test run import pandas (and with it Arrow) before ``ita``: Arrow's default pool,
    mimalloc, was then kept, and in a long test run it failed a 64-byte allocation and lost a sheet."""
    import subprocess
    import sys

    code = "import pandas, ita, pyarrow; print(pyarrow.default_memory_pool().backend_name)"
    env = {k: v for k, v in os.environ.items() if k != "ARROW_DEFAULT_MEMORY_POOL"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert done.stdout.strip() == "system", done.stderr


@pytest.mark.parametrize(("first", "forked"), [("", True), ("import pandas; ", False)])
def test_a_process_that_loaded_arrow_first_starts_fresh_workers(first, forked):
    """Arrow's C++ code keeps the pool it started with (mimalloc) when pandas came before ``ita``; a worker forked
    from there inherited it, and under the worker's address-space ceiling a small allocation failed now and then
    (1 and 5 runs in 20 of one 6 KB file lost a sheet). Such a process starts its workers as fresh interpreters."""
    import subprocess
    import sys

    code = first + "import ita; from ita.io.isolation import WorkerPool; print(WorkerPool()._fork())"
    env = {k: v for k, v in os.environ.items() if k != "ARROW_DEFAULT_MEMORY_POOL"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert done.stdout.strip() == str(forked), done.stderr


@pytest.mark.parametrize(
    ("kind", "said", "not_said"),
    [("time", "ITA_WORKER_SECONDS (now 30 s)", "MEMORY"), ("memory", "ITA_WORKER_MEMORY_MB (now 512 MB)", "SECONDS")],
)
def test_what_to_do_follows_what_stopped_the_reader(monkeypatch, kind, said, not_said):
    """Found by a reviewer: every failure told of a far cell and both limits, whatever stopped the reader."""
    from ita.common.problems import Problems

    limits = WorkerLimits(memory_mb=512, seconds=30)
    monkeypatch.setattr(isolation, "pool", lambda: type("Pool", (), {"limits": limits})())  # no worker started
    problems = Problems()
    isolation.report(problems, "f.xlsx", isolation.WorkerFailure(kind, "detail"))
    (message,) = [p.message_en for p in problems]
    assert said in message and not_said not in message
