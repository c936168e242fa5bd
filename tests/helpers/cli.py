"""``python -m ita`` in the test's own process: the command's exit code and what it wrote, without paying a new
interpreter's start (about a second of CPU each) for every case. What only a real process shows (the
``python -m ita`` entry point, the exit status the shell sees) keeps one test of its own with ``subprocess``."""

from __future__ import annotations

import contextlib
import io
import logging
import os
from dataclasses import dataclass
from unittest import mock

from ita.cli import main


@dataclass(frozen=True)
class Ran:
    """The shape of ``subprocess.CompletedProcess`` the tests read."""

    returncode: int
    stdout: str
    stderr: str


def run_cli(*args: str, env: dict[str, str] | None = None, stdin: str = "") -> Ran:
    """``python -m ita *args`` with ``env`` added to the environment and ``stdin`` as its standard input (a
    password for ``--password-stdin``): its exit code, stdout and stderr. argparse's
    own exit (a usage error, ``--help``) is an exit code here too; anything else the command raises is a bug and
    fails the test. What the command logs reaches ``stderr`` as in a real process."""
    out, err = io.StringIO(), io.StringIO()
    handler = logging.StreamHandler(err)
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        with (
            mock.patch.dict(os.environ, env or {}),
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(err),
            mock.patch("sys.stdin", io.StringIO(stdin)),
        ):
            try:
                code = main(list(args), out, err)
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 1
    finally:
        root.removeHandler(handler)
    return Ran(code, out.getvalue(), err.getvalue())
