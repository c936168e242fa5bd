"""``python -m ita``: see ``ita.cli``."""

import sys

from ita.cli import main

if __name__ == "__main__":
    sys.exit(main())
