"""``python -m ita``: see ``ita.cli``."""

import os
import sys

from ita.cli import main

EXIT_PIPE_CLOSED = 141  # what a shell reports for a program its reader stopped early (128 + SIGPIPE)


def run() -> int:
    """``main``, and a reader that stops early (``python -m ita score ... | head``) ends the command quietly, as
    it ends ``cat``: no traceback, and nothing more written to the closed pipe (Python's own advice)."""
    try:
        code = main()
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_PIPE_CLOSED


if __name__ == "__main__":
    sys.exit(run())
