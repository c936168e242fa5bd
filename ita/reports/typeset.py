"""Thai typesetting of document text: where a line must not break.

Word and LibreOffice break Thai lines with a dictionary; they split some compounds ("ตัวชี้|วัด"), leave a figure on
one line and its unit on the next, an opening parenthesis alone at the end of a line, and break a URL anywhere.
``keep_together`` marks the text before it is written to a document: a ZERO WIDTH JOINER (U+200D, Word's
"no-width non break"; invisible) inside the compounds listed in the report style (``keep_words``, "|" where they
join: "ตัว|ชี้|วัด", "พ|.|ศ|.") and on both sides of an opening parenthesis, a NO-BREAK SPACE between a figure and
its unit ("80.00 คะแนน") and around the dash of a range ("2561 – 2580"), and a ZERO WIDTH SPACE (a break
opportunity) after each separator of a URL, so it breaks only there. ``plain`` undoes it, for reading a document's
text back.

Measured with LibreOffice 7 and the Thai fonts of fonts-thai-tlwg (``tests/reports/test_typeset.py`` renders it): the
WORD JOINER (U+2060) is not honoured there (Laksaman has no glyph for it, and the fallback font's run may break), the
ZERO WIDTH JOINER is inside compounds and round a parenthesis; the no-break space holds a range together but not a
figure and a Thai unit, nor the space right after "พ.ศ." (that one stays an ordinary space; Word honours the others).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

WORD_JOINER = "\u200d"  # ZERO WIDTH JOINER: Word's "no-width non break", honoured by LibreOffice (see above)
NO_BREAK_SPACE = "\u00a0"
ZERO_WIDTH_SPACE = "\u200b"

_URL = re.compile(r"https?://[^\s]+")
_URL_SEPARATOR = re.compile(r"(?<=[/.?&=_\-#])(?=[^/\s])")
_RANGE = re.compile(r"(?<=[\d๐-๙])\s*([–-])\s*(?=[\d๐-๙])")
_OPEN = re.compile(r"\((?=\S)")


@lru_cache(maxsize=8)
def _rules(words: tuple[str, ...], units: tuple[str, ...]) -> tuple[list[tuple[str, str]], re.Pattern[str] | None]:
    joined = [(w.replace("|", ""), w.replace("|", WORD_JOINER)) for w in words if "|" in w]
    unit = "|".join(re.escape(u) for u in sorted(units, key=len, reverse=True))
    figure = re.compile(rf"(?<=[\d๐-๙%])[ ]+(?=(?:{unit}))") if unit else None
    return joined, figure


def keep_together(text: str, words: Iterable[str] = (), units: Iterable[str] = ()) -> str:
    """``text`` with no line break inside the phrases a reader reads as one (see the module's docstring)."""
    if not text:
        return text
    joined, figure = _rules(tuple(words), tuple(units))
    urls = [(m.start(), m.end()) for m in _URL.finditer(text)]
    if urls:  # URLs first: nothing below may touch them
        parts, last = [], 0
        for start, end in urls:
            parts.append(_prose(text[last:start], joined, figure))
            parts.append(_URL_SEPARATOR.sub(ZERO_WIDTH_SPACE, text[start:end]))
            last = end
        parts.append(_prose(text[last:], joined, figure))
        return "".join(parts)
    return _prose(text, joined, figure)


def _prose(text: str, joined: list[tuple[str, str]], figure: re.Pattern[str] | None) -> str:
    if figure is not None:  # the spaces first, the compounds after: a unit may be one of them
        text = figure.sub(NO_BREAK_SPACE, text)
    text = _RANGE.sub(_range, text)
    for word, kept in joined:
        if word in text:
            text = text.replace(word, kept)
    return _OPEN.sub(WORD_JOINER + "(" + WORD_JOINER, text)


def _range(m: re.Match[str]) -> str:
    """'2561 – 2580' keeps its spaces, as no-break ones; '0–100' gets word joiners round its dash."""
    found = m.group(0)
    return found.replace(" ", NO_BREAK_SPACE) if " " in found else WORD_JOINER + found + WORD_JOINER


def plain(text: str) -> str:
    """Text read back from a document as it was written: the marks of ``keep_together`` taken out (a no-break
    space read as a space)."""
    return text.replace(WORD_JOINER, "").replace(ZERO_WIDTH_SPACE, "").replace(NO_BREAK_SPACE, " ")
