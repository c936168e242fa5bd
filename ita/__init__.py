"""ITA dashboard core: read ITAS results files, score them by each fiscal year's framework, analyse.

Pure Python; the only package that knows Streamlit is ``ita.app``.
"""

from ita.io.importer import ImportResult, load_files, load_paths
from ita.io.reading import Limits
from ita.rules.frameworks import Framework, FrameworkError, FrameworkSet, default_frameworks, load_frameworks
from ita.rules.scoring import Score, score_frame, score_one

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
