"""Thai typesetting of document text: where a line must not break.

Word and LibreOffice break Thai lines with a dictionary; they split some compounds ("ตัวชี้|วัด") and break a URL
anywhere. ``keep_together`` marks the text before it is written to a document: a ZERO WIDTH JOINER (U+200D, Word's
"no-width non break"; invisible) inside the compounds listed in the report style (``keep_words``, "|" where they
join: "ตัว|ชี้|วัด", "พ|.|ศ|."), a NO-BREAK SPACE around the dash of a range ("2561 – 2580"), and a ZERO WIDTH
SPACE (a break opportunity) after each separator of a URL, so it breaks only there. ``plain`` undoes it, for
reading a document's text back.

Only marks that both Word and LibreOffice honour, measured with LibreOffice 7 and the Thai fonts of fonts-thai-tlwg
(``tests/reports/test_rendered_layout.py`` renders them). Left out, because LibreOffice does worse with them than
without: a no-break space between a figure and its Thai unit ("5 มาตรการ") makes it break inside the unit ("5 มาต|
รการ", "6 เดื|อน": 9 such lines in five O42s and O43s, none without it), and a joiner on both sides of an opening
parenthesis put "(" at a line's end 24 times against 4 without, and broke the word after it ("(ถึ|งวันที่"). Word
would keep the figure with its unit; a figure at a line's end and its unit on the next is ordinary Thai
typesetting, a word cut in two is not. The WORD JOINER (U+2060) is not honoured by LibreOffice (Laksaman has no
glyph for it, and the fallback font's run may break).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

WORD_JOINER = "\u200d"  # ZERO WIDTH JOINER: Word's "no-width non break", honoured by LibreOffice (see above)
NO_BREAK_SPACE = "\u00a0"
ZERO_WIDTH_SPACE = "\u200b"

# An address runs to the next space: a Thai site's path may be Thai ('…/ข่าว'), and Thai prose leaves a space after one.
_URL = re.compile(r"https?://[^\s]+", re.IGNORECASE)
_URL_SEPARATOR = re.compile(r"(?<=[/.?&=_\-#])(?=[^/\s])")
_RANGE = re.compile(r"(?<=[\d๐-๙])\s*([–-])\s*(?=[\d๐-๙])")


@lru_cache(maxsize=8)
def _rules(words: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(w.replace("|", ""), w.replace("|", WORD_JOINER)) for w in words if "|" in w]


def keep_together(text: str, words: Iterable[str] = ()) -> str:
    """``text`` with no line break inside the phrases a reader reads as one (see the module's docstring)."""
    if not text:
        return text
    joined = _rules(tuple(words))
    urls = [(m.start(), m.end()) for m in _URL.finditer(text)]
    if urls:  # URLs first: nothing below may touch them
        parts, last = [], 0
        for start, end in urls:
            parts.append(_prose(text[last:start], joined))
            parts.append(_URL_SEPARATOR.sub(ZERO_WIDTH_SPACE, text[start:end]))
            last = end
        parts.append(_prose(text[last:], joined))
        return "".join(parts)
    return _prose(text, joined)


def _prose(text: str, joined: list[tuple[str, str]]) -> str:
    text = _RANGE.sub(_range, text)
    for word, kept in joined:
        if word in text:
            text = text.replace(word, kept)
    return text


def _range(m: re.Match[str]) -> str:
    """'2561 – 2580' keeps its spaces, as no-break ones; '0–100' gets word joiners round its dash."""
    found = m.group(0)
    return found.replace(" ", NO_BREAK_SPACE) if " " in found else WORD_JOINER + found + WORD_JOINER


_LINK_END = ".,;:!?)]}\"'”’"  # closing a sentence or a bracket round a link, not part of it


def link_spans(text: str) -> list[tuple[str, bool]]:
    """``text`` in pieces, each with whether it is a web address (http or https only: a document never links to a
    ``javascript:`` or file address), the punctuation after an address left out of it."""
    spans: list[tuple[str, bool]] = []
    last = 0
    for m in _URL.finditer(text):
        url = m.group(0).rstrip(_LINK_END)
        while m.group(0)[len(url) : len(url) + 1] == ")" and url.count("(") > url.count(")"):
            url += ")"  # a bracket the address opened is its own ('…/wiki/ITA_(Thailand)')
        if m.start() > last:
            spans.append((text[last : m.start()], False))
        spans.append((url, True))
        last = m.start() + len(url)
    if last < len(text):
        spans.append((text[last:], False))
    return spans


def plain(text: str) -> str:
    """Text read back from a document as it was written: the marks of ``keep_together`` taken out (a no-break
    space read as a space)."""
    return text.replace(WORD_JOINER, "").replace(ZERO_WIDTH_SPACE, "").replace(NO_BREAK_SPACE, " ")
