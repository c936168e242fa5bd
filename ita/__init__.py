"""ITA dashboard core: read ITAS results files, score them by each fiscal year's framework, analyse.

Pure Python; the only package that knows Streamlit is ``ita.app``.
"""

import os
import sys

# Arrow (pandas' strings) allocates through the system allocator in every process of ours: its default (mimalloc)
# reserves a 1 GiB address range on first use, which in a parse worker (``ita.io.isolation``: an address-space
# ceiling 1 GiB above its warm start) used up the ceiling and failed the next small allocation, losing the
# sheet. Read once, when Arrow first allocates, so it is set before anything below is imported; a process that
# imported pandas first (Streamlit's server, a notebook, a test run) has Arrow loaded already: pyarrow is given the
# pool directly, but Arrow's C++ code keeps the pool it started with, and a worker forked from such a process inherits
# it, so ``ita.io.isolation`` starts its workers as fresh interpreters there (ARROW_POOL_INHERITED).
ARROW_POOL_INHERITED = "pyarrow" in sys.modules and os.environ.get("ARROW_DEFAULT_MEMORY_POOL") != "system"
os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")
if "pyarrow" in sys.modules and os.environ["ARROW_DEFAULT_MEMORY_POOL"] == "system":
    sys.modules["pyarrow"].set_memory_pool(sys.modules["pyarrow"].system_memory_pool())

# After the pool is chosen (E402): these import pandas, whose first strings allocate through Arrow.
from ita.io.importer import ImportResult, load_files, load_paths  # noqa: E402
from ita.io.reading import Limits  # noqa: E402
from ita.rules.frameworks import (  # noqa: E402
    Framework,
    FrameworkError,
    FrameworkSet,
    default_frameworks,
    load_frameworks,
)
from ita.rules.scoring import Score, score_frame, score_one  # noqa: E402

__all__ = [
    "Framework",
    "FrameworkError",
    "FrameworkSet",
    "ImportResult",
    "Limits",
    "Score",
    "default_frameworks",
    "load_files",
    "load_frameworks",
    "load_paths",
    "score_frame",
    "score_one",
]
