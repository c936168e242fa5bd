"""Thai text garbled by reading UTF-8 as Windows-874 (Thai Excel opening a UTF-8 export, then saving it):
'เทศบาล' becomes 'เน€เธ—เธจเธ\x9aเธฒเธฅ', each letter's three bytes shown as three characters. Read back when every
character still stands for its byte; else said, with what to do. Without this the file was 'No ITA scores were
found', with no hint of why."""

from __future__ import annotations

from typing import Any

from ita.common.problems import ERROR, WARNING, Problems

# A Thai letter in UTF-8 is E0 B8 xx or E0 B9 xx, which Windows-874 shows as 'เธ' or 'เน' and one more character.
_MARKS = ("เธ", "เน")
GARBLED_SHARE = 0.2  # of a text's Thai characters that start such a pair: garbled (real Thai has few: 'เธอ', 'เน้น')
MIN_PAIRS = 3  # ... in a text of at least this many pairs
_THAI_START, _THAI_END, _CP874_THAI = 0x0E01, 0x0E5B, 0xA1  # Windows-874 puts U+0E01 … U+0E5B at bytes A1 … FB


def looks_garbled(text: str) -> bool:
    """Whether ``text`` reads like UTF-8 Thai shown as Windows-874."""
    pairs = sum(text.count(mark) for mark in _MARKS)
    if pairs < MIN_PAIRS:
        return False
    thai = sum(_THAI_START <= ord(ch) <= _THAI_END for ch in text)
    return pairs >= GARBLED_SHARE * thai


def read_back(text: str) -> str | None:
    """The text as it was before it was garbled, or None when a character was lost (a byte Windows-874 has no
    character for, saved as '?')."""
    out = bytearray()
    for ch in text:
        code = ord(ch)
        if _THAI_START <= code <= _THAI_END:
            out.append(code - _THAI_START + _CP874_THAI)
        elif code < 0x100:  # ASCII, and the bytes Windows-874 leaves undefined, kept as themselves (U+0080 …)
            out.append(code)
        else:
            try:
                out += ch.encode("cp874")
            except UnicodeEncodeError:
                return None
    try:
        return out.decode("utf-8")
    except UnicodeDecodeError:
        return None


SAMPLE_CHARS = 65536  # a CSV's first characters looked at for garbled text


def repaired_text(name: str, text: str, problems: Problems) -> str:
    """A CSV's whole text read back when garbled (a warning says so), or as it is (an error says why it cannot be
    read when it is garbled beyond repair)."""
    if not looks_garbled(text[:SAMPLE_CHARS]):
        return text
    back = read_back(text)
    if back is None:
        problems.add(ERROR, "thai_garbled", file=name)
        return text
    problems.add(WARNING, "thai_garbled_read_back", file=name)
    return back


SAMPLE_ROWS = 30  # rows at a sheet's top looked at for garbled text


def repair_rows(name: str, sheet: str, rows: list[list[Any]], problems: Problems) -> list[list[Any]]:
    """A sheet's rows with every text cell read back when its first rows' text is garbled (a warning says so); as
    they are otherwise (an error says why the sheet cannot be read when it is garbled beyond repair)."""
    head = " ".join(cell for row in rows[:SAMPLE_ROWS] for cell in row if isinstance(cell, str))
    if not looks_garbled(head):
        return rows
    fixed = [[read_back(cell) if isinstance(cell, str) else cell for cell in row] for row in rows]
    if any(f is None for row, out in zip(rows, fixed, strict=True) for c, f in zip(row, out, strict=True) if c != f):
        problems.add(ERROR, "thai_garbled", file=name, sheet=sheet)
        return rows
    problems.add(WARNING, "thai_garbled_read_back", file=name, sheet=sheet)
    return fixed
