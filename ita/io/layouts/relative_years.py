"""Blocks of columns headed by a year said by its place beside the title's: 'ปีที่ผ่านมา' merged over ten indicators
and 'ปีปัจจุบัน' over ten more, under a title of 2566. A person reads 2565 and 2566, as with blocks headed 'ปี 2565'
and 'ปี 2566'; without a number, the first block was stored as the title's year, last year's scores as this year's,
and the second block dropped. Such a heading gets its year written after it ('ปีที่ผ่านมา (2565)'), read then as
any block naming its year, with a note.

A single column so headed is not one: one agency's 'คะแนนปีที่แล้ว | คะแนนปีนี้', or the sub-columns under an
indicator, are read from this year's column alone (``fields.score`` and ``sub_columns`` in headers.toml)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ita.common.problems import INFO, Problems, column_letter
from ita.common.thai import compact
from ita.io.headers import title_year_words
from ita.io.layouts.parsed import title_year
from ita.io.reading import RawSheet
from ita.io.values import years_in_name, years_in_text

RELATIVE_SCAN_ROWS = 40  # rows searched for such headings (a header is found among as many)
RELATIVE_HEADING_CHARS = 60  # a heading this long at most (a sentence naming last year is no heading)
_LEADS = ("ผลคะแนน", "คะแนน", "ผล")  # words a year's heading may start with ('คะแนนปีที่ผ่านมา'), longest first


def with_relative_years(sheet: RawSheet, file: str, problems: Problems) -> RawSheet:
    """``sheet`` with each heading that says last year or this year in words given the year it means, from the
    title above it (else the sheet's name), each said with a note; as it is when none does or no year is known."""
    words = title_year_words()
    rows: list[list[Any]] | None = None
    said: set[tuple[int, str]] = set()  # a heading merged over a block of columns: said once, at its first
    for r, row in enumerate(sheet.rows[:RELATIVE_SCAN_ROWS]):
        if sum(isinstance(cell, (int, float)) and not isinstance(cell, bool) for cell in row) >= 2:
            break  # the table's rows have begun: headings are above them ('ดีกว่าปีที่ผ่านมา' in a note is none)
        for c, cell in enumerate(row):
            back = _years_back(cell, words)
            if back is None or not _over_a_block(sheet, r, c):
                continue
            base = _base_year(sheet, r)
            if base is None:
                return sheet if rows is None else replace(sheet, rows=rows)
            rows = rows if rows is not None else [list(each) for each in sheet.rows]
            year = base - back
            rows[r][c] = f"{str(cell).strip()} ({year})"
            if (r, str(cell).strip()) in said:
                continue
            said.add((r, str(cell).strip()))
            problems.add(
                INFO,
                "relative_year_heading",
                file=file,
                sheet=sheet.name,
                row=r + 1,
                column=column_letter(c),
                heading=str(cell).strip(),
                year=year,
                base=base,
            )
    return sheet if rows is None else replace(sheet, rows=rows)


def _years_back(cell: Any, words: dict[str, tuple[str, ...]]) -> int | None:
    """1 for a heading that is last year's and nothing else ('ปีที่ผ่านมา', 'คะแนนปีที่แล้ว'), 0 for this year's, None for
    any other cell: one that writes its year, or says more ('เปลี่ยนแปลงจากปีที่ผ่านมา' is a change, not a year; a
    title 'เปรียบเทียบกับปีที่ผ่านมา' is no block's heading)."""
    if not isinstance(cell, str) or len(cell) > RELATIVE_HEADING_CHARS or years_in_text(cell):
        return None
    text = compact(cell)
    for lead in _LEADS:
        if text.startswith(lead) and (rest := text[len(lead) :]):
            text = rest
            break
    if text in words["previous"]:
        return 1
    if text in words["current"]:
        return 0
    return None


def _over_a_block(sheet: RawSheet, r: int, c: int) -> bool:
    """Whether cell (``r``, ``c``) is in a range merged over two columns or more (a block's heading)."""
    return any(r0 <= r <= r1 and c0 <= c <= c1 and c1 > c0 for (r0, c0), (r1, c1) in sheet.merged)


def _base_year(sheet: RawSheet, r: int) -> int | None:
    """This year for headings on row ``r``: the title's above them, else the one year the sheet's name says."""
    titled = title_year(sheet.rows[:r])
    if titled:
        return titled[0]
    named = years_in_name(sheet.name)
    return named[0][0] if len(named) == 1 else None
