"""A second value written in a score's cell ([beside_scores] in ``ita/data/headers.toml``): a spread or an earlier
year's score after the score ('85.20 (S.D. 4.31)', '88.51 (ปี 66: 85.34)'), read past with a note, and a correction
typed into the cell ('76.84 → 81.04', 'แก้เป็น 75.22 (เดิม 67.22)'), its new value read with a warning. Each cell was
refused as "not a number", and its agency lost. The text given is a cell's plain text (``ita.io.values``: no spaces,
Arabic digits); what is returned is the score's text."""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path

HEADERS_TOML = Path(__file__).resolve().parents[1] / "data" / "headers.toml"
_NUM = r"(\d{1,3}(?:\.\d+)?)"


def _words(words: list[str]) -> str:
    return "|".join(re.escape("".join(w.split())) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    with HEADERS_TOML.open("rb") as fh:
        data = tomllib.load(fh)
    beside, corrected_to = data["beside_scores"], data["remarks"]["corrected_to"]
    spread, earlier, replaced = (_words(beside[k]) for k in ("spread", "earlier", "replaced"))
    second = (
        rf"^{_NUM}(?:±{_NUM[1:-1]}|\((?:{spread})[:=]?{_NUM[1:-1]}\)|\((?:{earlier})[^()\d]{{0,12}}\d{{0,4}}[:=]?"
        rf"{_NUM[1:-1]}\))$"
    )
    arrow = rf"^{_NUM[1:-1]}(?:{_words(beside['arrows'])}){_NUM}$"
    # 'แก้เป็น 75.22', '75.22 (เดิม 67.22)' or both
    to = _words(corrected_to)
    prefixed = rf"^(?:{to})?{_NUM}(?:\((?:{replaced})[:=]?{_NUM[1:-1]}\))$|^(?:{to}){_NUM}$"
    flags = re.IGNORECASE
    return re.compile(second, flags), re.compile(arrow, flags), re.compile(prefixed, flags)


def score_beside_another(text: str) -> str | None:
    """The score of a cell that writes a spread or an earlier score after it, else None."""
    found = _patterns()[0].match(text)
    return found.group(1) if found else None


def score_corrected_in_cell(text: str) -> str | None:
    """The new score of a cell that writes its correction ('76.84→81.04', 'แก้เป็น75.22(เดิม67.22)'), else None."""
    for pattern in _patterns()[1:]:
        found = pattern.match(text)
        if found:
            return next(g for g in found.groups() if g)
    return None
