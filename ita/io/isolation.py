"""Untrusted bytes are parsed in a worker process, never in the process that serves users.

calamine (Rust) aborts the whole process when an allocation fails, and a crafted file can ask it for tens of
gigabytes; a pathological input can also keep a pure-Python parser busy. So every parse of a file a user brought
(results files, measures workbooks, the cell preview) runs here: in a warm worker process with a hard memory
ceiling (``RLIMIT_AS``) and a time limit. Whatever happens there (an abort, a ``MemoryError``, a hang, a bug)
comes back as a ``WorkerFailure`` on that one call; the caller turns it into a problem on the file and carries on.

    outcome = run(parse_function, name, data)      # the function's result, or a WorkerFailure

Workers are started once and reused (no half-second import per file): forked from the caller when it is
single-threaded (the CLI, a script), else started as a fresh interpreter that imports the parsing code once
(Streamlit's server is threaded and must not fork itself; the app starts one at server start). A worker that
failed is discarded and replaced on the next call.
Each worker leads its own process group, so a time-out also ends any process the worker started (the importer
reads the sheets of a large workbook on several cores).

Settings (environment variables, read when the pool starts):

| variable | default | meaning |
|---|---|---|
| ``ITA_WORKER_MEMORY_MB`` | 1024 | address space a worker may take beyond the warm process it starts as |
| ``ITA_WORKER_SECONDS`` | 30 | time one file may take in a worker |
| ``ITA_PARSE_WORKERS`` | 2 | files parsed at the same time (further calls wait their turn) |
| ``ITA_WORKER_START_SECONDS`` | 60 | time a new worker may take to start (not counted in a file's time) |
| ``ITA_WORKER_NICE`` | 10 | how much lower a worker's CPU priority is than the server's (0 to 19), so pages and the
  health check stay quick while a large file is read |
| ``ITA_ISOLATE`` | 1 | ``0`` parses in the calling process (debugging only: no protection) |
"""

from __future__ import annotations

import atexit
import contextlib
import faulthandler
import importlib
import multiprocessing
import os
import resource
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from ita.common.problems import ERROR, Problem, Problems
from ita.common.settings import env_number
from ita.common.text import word

MB = 1024 * 1024
_PRELOAD = ["ita.io.importer", "ita.measures.xlsx", "ita.io.preview"]


@dataclass(frozen=True)
class WorkerLimits:
    """Limits of the parse workers; each set by the environment variable beside it."""

    memory_mb: float = 1024  # ITA_WORKER_MEMORY_MB: address space beyond the warm worker's own
    seconds: float = 30  # ITA_WORKER_SECONDS: one call's time limit
    workers: int = 2  # ITA_PARSE_WORKERS: calls run at once
    start_seconds: float = 60  # ITA_WORKER_START_SECONDS: a new worker's time to start
    nice: int = 10  # ITA_WORKER_NICE: CPU priority below the caller's

    @classmethod
    def from_env(cls) -> WorkerLimits:
        return cls(
            memory_mb=env_number("ITA_WORKER_MEMORY_MB", cls.memory_mb, low=64),
            seconds=env_number("ITA_WORKER_SECONDS", cls.seconds, low=1),
            workers=int(env_number("ITA_PARSE_WORKERS", cls.workers, low=1)),
            start_seconds=env_number("ITA_WORKER_START_SECONDS", cls.start_seconds, low=1),
            nice=int(env_number("ITA_WORKER_NICE", cls.nice, low=0, high=19)),
        )


@dataclass(frozen=True)
class WorkerFailure:
    """Why a call did not return: ``kind`` is ``memory``, ``time``, ``crash`` or ``error``; ``detail`` says more
    (the signal or exit code, the exception, the limit)."""

    kind: str
    detail: str


# --------------------------------------------------------------------------- inside the worker


def _address_space() -> int:
    """This process's virtual memory size in bytes (what RLIMIT_AS counts)."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _plain_allocator() -> None:
    """Arrow's default allocator (jemalloc or mimalloc) reserves large address ranges up front and then fails
    under an address-space ceiling; the system allocator asks only for what it uses. This sets pyarrow's own
    default; what Arrow's C++ code (pandas' string operations) uses is ``ARROW_DEFAULT_MEMORY_POOL``, which
    ``ita/__init__.py`` sets before Arrow first allocates."""
    try:
        import pyarrow
    except ImportError:
        return
    pyarrow.set_memory_pool(pyarrow.system_memory_pool())


def _serve(conn: Connection, memory_mb: float, nice: int = 0) -> None:
    """The worker's loop: say it is ready, then take (function, args) and send back ("ok", result) or
    ("error", text) until the pipe closes. The memory ceiling is set once, above what the warm process already
    holds; the CPU priority is lowered by ``nice``."""
    os.setpgid(0, 0)
    with contextlib.suppress(OSError):
        os.nice(nice)
    faulthandler.disable()  # an abort here is expected and reported by the caller, not dumped to the terminal
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C in a terminal is for the caller, which ends us
    _plain_allocator()
    ceiling = _address_space() + int(memory_mb * MB)
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))
    conn.send(("ready", os.getpid()))
    while True:
        try:
            function, args = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply: tuple[str, Any] = ("ok", function(*args))
        except MemoryError:
            reply = ("memory", "MemoryError")
        except Exception as exc:  # noqa: BLE001 - a bug of ours or a parser's: the caller reports it on the file
            reply = ("error", f"{type(exc).__name__}: {exc}"[:300])
        try:
            conn.send(reply)
        except MemoryError:
            conn.send(("memory", "MemoryError while sending the result"))
        except (BrokenPipeError, OSError):
            return


# --------------------------------------------------------------------------- the caller's side


class _Spawned:
    """A worker started as a fresh interpreter (``python -c``) that imports the parsing code once: what a
    threaded caller (Streamlit's server) uses, since it must not fork itself. The same face as a
    ``multiprocessing.Process`` for what ``_Worker`` needs."""

    def __init__(self, child_fd: int, memory_mb: float, nice: int) -> None:
        code = f"from ita.io.isolation import _spawned_main; _spawned_main({child_fd}, {float(memory_mb)!r}, {nice})"
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
        self.popen = subprocess.Popen(
            [sys.executable, "-c", code], pass_fds=(child_fd,), env=env, stdin=subprocess.DEVNULL, process_group=0
        )
        self.pid = self.popen.pid

    def is_alive(self) -> bool:
        return self.popen.poll() is None

    @property
    def exitcode(self) -> int | None:
        return self.popen.poll()

    def kill(self) -> None:
        self.popen.kill()

    def join(self, timeout: float | None = None) -> None:
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.popen.wait(timeout)


def _spawned_main(fd: int, memory_mb: float, nice: int = 0) -> None:
    """Entry point of a spawned worker: preload the parsing code, then serve on the inherited socket."""
    for module in _PRELOAD:
        importlib.import_module(module)
    _serve(Connection(fd), memory_mb, nice)


class _Worker:
    def __init__(self, fork: bool, limits: WorkerLimits) -> None:
        self.conn, child = multiprocessing.Pipe()
        self.start_seconds, self.ready = limits.start_seconds, False
        if fork:
            self.process: Any = multiprocessing.get_context("fork").Process(
                target=_serve, args=(child, limits.memory_mb, limits.nice), name="ita-parse-worker"
            )
            self.process.start()
        else:
            self.process = _Spawned(child.fileno(), limits.memory_mb, limits.nice)
        child.close()

    def _started(self) -> WorkerFailure | None:
        """Wait for the worker's "ready" (its imports done, its limits set): a new worker's start is not counted
        in the time of the file it is given."""
        if self.ready:
            return None
        outcome = self._reply(self.start_seconds)
        if isinstance(outcome, WorkerFailure):
            return outcome
        self.ready = True
        return None

    def call(self, function: Callable[..., Any], args: tuple, seconds: float) -> Any:
        """The function's result, or a WorkerFailure (and the worker is then unusable)."""
        failure = self._started()
        if failure is not None:
            return failure
        try:
            self.conn.send((function, args))
        except (BrokenPipeError, OSError) as exc:
            return WorkerFailure("crash", f"worker gone: {exc}")
        return self._reply(seconds)

    def _reply(self, seconds: float) -> Any:
        """The worker's next message within ``seconds``: its value, or a WorkerFailure."""
        deadline = time.monotonic() + seconds
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                self.stop()
                return WorkerFailure("time", f"{seconds:g} s")
            try:
                if self.conn.poll(min(left, 0.5)):
                    kind, value = self.conn.recv()
                    break
            except (EOFError, OSError):
                return self._died()
            if not self.process.is_alive():
                return self._died()
        if kind in ("ok", "ready"):
            return value
        if kind == "memory":
            self.stop()
        return WorkerFailure(kind, value)

    def _died(self) -> WorkerFailure:
        self.process.join(timeout=5)
        code = self.process.exitcode
        self.stop()
        if code is not None and code < 0:
            name = signal.Signals(-code).name if -code in signal.Signals._value2member_map_ else str(-code)
            # SIGABRT is how calamine (Rust) ends when an allocation is refused: the memory ceiling.
            return WorkerFailure("memory" if code == -signal.SIGABRT else "crash", f"signal {name}")
        return WorkerFailure("crash", f"exit code {code}")

    @property
    def usable(self) -> bool:
        return self.process.is_alive() and not self.conn.closed

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self.conn.close()
        if self.process.is_alive() and self.process.pid:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)  # the worker and whatever it started
            except (ProcessLookupError, PermissionError):
                self.process.kill()
        self.process.join(timeout=5)


class WorkerPool:
    """Warm workers shared by every caller of this process; ``run`` blocks its caller's thread only."""

    def __init__(self, limits: WorkerLimits | None = None, start_method: str | None = None) -> None:
        self.limits = limits or WorkerLimits.from_env()
        self.start_method = start_method  # "fork", "spawn", or None: fork when single-threaded, else spawn
        self._idle: list[_Worker] = []
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(self.limits.workers)

    def _fork(self) -> bool:
        """Fork from this process only when it runs no other thread (the CLI, a script): forking a threaded
        process can copy a lock some other thread holds. Nor when Arrow was loaded before ``ita`` chose its memory
        pool (pandas imported first, as in a notebook): its C++ pool, inherited, reserves address space the worker's
        ceiling counts, and a small allocation then fails. Otherwise start a fresh interpreter."""
        if self.start_method:
            return self.start_method == "fork"
        import ita

        single = threading.active_count() == 1 and not ita.ARROW_POOL_INHERITED
        return "fork" in multiprocessing.get_all_start_methods() and single

    def _take(self) -> _Worker:
        with self._lock:
            while self._idle:
                worker = self._idle.pop()
                if worker.usable:
                    return worker
                worker.stop()
        return _Worker(self._fork(), self.limits)

    def warm(self) -> None:
        """Start one worker now and wait until it is ready, so the first upload does not wait for it."""
        with self._slots:
            worker = self._take()
            if worker._started() is not None:
                worker.stop()
                return
            with self._lock:
                self._idle.append(worker)

    def run(self, function: Callable[..., Any], *args: Any, seconds: float | None = None) -> Any:
        """``function(*args)`` in a worker: its result, or a WorkerFailure. ``function`` must be importable
        (a module-level function) and its arguments and result picklable."""
        with self._slots:
            worker = self._take()
            outcome = worker.call(function, args, seconds or self.limits.seconds)
            with self._lock:
                if isinstance(outcome, WorkerFailure) or not worker.usable:
                    worker.stop()
                else:
                    self._idle.append(worker)
        return outcome

    def close(self) -> None:
        with self._lock:
            workers, self._idle = self._idle, []
        for worker in workers:
            worker.stop()


_pool: WorkerPool | None = None
_pool_lock = threading.Lock()


def pool() -> WorkerPool:
    """The process's worker pool, made on first use with the limits of the environment."""
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = WorkerPool()
            atexit.register(_pool.close)  # before multiprocessing's own exit hook joins the (non-daemon) workers
        return _pool


def isolated() -> bool:
    """False only when ``ITA_ISOLATE=0`` (debugging: parse in the calling process, unprotected)."""
    return os.environ.get("ITA_ISOLATE", "1").strip() != "0"


def report(problems: Problems, file: str, failure: WorkerFailure) -> Problem:
    """A failure as an error on ``file``: "the file could not be read within the safety limits: …"."""
    limits = pool().limits if isolated() else WorkerLimits.from_env()
    return problems.add(
        ERROR,
        "worker_failed",
        file=file,
        reason=word(f"worker_{failure.kind}"),
        detail=failure.detail,
        advice=word(f"worker_advice_{failure.kind}", memory=f"{limits.memory_mb:g}", seconds=f"{limits.seconds:g}"),
    )


def run(function: Callable[..., Any], *args: Any, seconds: float | None = None) -> Any:
    """``function(*args)`` in a parse worker (see the module docstring): its result or a WorkerFailure."""
    if not isolated():
        return function(*args)
    return pool().run(function, *args, seconds=seconds)
