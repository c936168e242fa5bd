"""``python -m ita`` in the test's own process: the command's exit code and what it wrote, without paying a new
interpreter's start (about a second of CPU each) for every case. What only a real process shows (the
``python -m ita`` entry point, the exit status the shell sees) keeps one test of its own with ``subprocess``."""

from __future__ import annotations

import contextlib
import io
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass

from ita.cli import main


@dataclass(frozen=True)
class Ran:
    """The shape of ``subprocess.CompletedProcess`` the tests read."""

    returncode: int
    stdout: str
    stderr: str


@contextlib.contextmanager
def _environment(env: dict[str, str] | None) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in env or {}}
    os.environ.update(env or {})
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def run_cli(*args: str, env: dict[str, str] | None = None) -> Ran:
    """``python -m ita *args`` with ``env`` added to the environment: its exit code, stdout and stderr. argparse's
    own exit (a usage error, ``--help``) is an exit code here too; anything else the command raises is a bug and
    fails the test. What the command logs reaches ``stderr`` as in a real process."""
    out, err = io.StringIO(), io.StringIO()
    handler = logging.StreamHandler(err)
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        with _environment(env), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args), out, err)
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 1
    finally:
        root.removeHandler(handler)
    return Ran(code, out.getvalue(), err.getvalue())
