"""A header a PDF's conversion split over two or three rows: each heading's words wrapped onto the rows under it
('การปฏิบัติ' over 'หน้าที่', 'ชื่อ' over 'หน่วยงาน'), so no one row names the indicators. A person reads each column's
words together; so does this, when only the joined rows name a table's indicators."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from ita.io.reading import RawSheet
from ita.io.values import display, is_blank, parse_number

SPLIT_ROWS = (2, 3)  # how many rows one heading may have been wrapped over
_THAI = re.compile(r"[\u0e00-\u0e7f]")


def _is_score(cell: Any) -> bool:
    """A number with a fraction, as scores are: a row holding one is data, not a heading's second line."""
    return isinstance(cell, float) and not cell.is_integer()


def joined_words(a: Any, b: Any) -> Any:
    """Two lines of one heading (or two parts of a name) as one: Thai wrapped inside a word joins without a space,
    other text with one."""
    if is_blank(b):
        return a
    if is_blank(a):
        return b
    left, right = display(a).strip(), display(b).strip()
    glue = "" if _THAI.search(left[-1:]) and _THAI.search(right[:1]) else " "
    return left + glue + right


def join_split_header(
    sheet: RawSheet, scan_rows: int, indicators: Callable[[list[list[Any]], int], int], at_least: int
) -> tuple[RawSheet, int, int, str] | None:
    """The sheet (its merged cells filled already) with the rows whose joined headings name the most
    indicators, at least ``at_least`` (``indicators(rows, r)`` counts those row ``r`` names), written as one header
    on their first row and the others left blank; with the header's first and last row (1-based) and one joined
    heading to show. Of equals, the fewest rows (a title above is no heading's first line), then the first. None
    when no rows do."""
    rows, best = sheet.rows, None
    near_top = rows[: scan_rows + max(SPLIT_ROWS)]
    if not any(sum(isinstance(parse_number(cell), float) for cell in row) >= at_least for row in near_top):
        return None  # no row of scores near the top: no table whose header could be split (a cover, a note)
    for span in SPLIT_ROWS:
        for r in range(min(scan_rows, len(rows))):
            lines = rows[r : r + span]
            if (
                len(lines) < span
                or len({display(cell) for cell in lines[0] if not is_blank(cell)}) < 2  # a title, not a header
                or any(_is_score(cell) for line in lines for cell in line)
            ):
                continue
            width = max(len(line) for line in lines)
            header = [lines[0][c] if c < len(lines[0]) else "" for c in range(width)]
            for line in lines[1:]:
                header = [joined_words(header[c], line[c] if c < len(line) else "") for c in range(width)]
            # Counted on the rows near it (the count looks a few rows down); the whole sheet is made for the best only.
            near = [*rows[:r], header, *([[""] * width] * (span - 1)), *rows[r + span : r + span + scan_rows]]
            count = indicators(near, r)
            if count >= at_least and (best is None or count > best[0]):
                example = next((display(h) for c, h in enumerate(header) if c < len(lines[0]) and h != lines[0][c]), "")
                best = (count, r, span, header, example)
    if best is None:
        return None
    _, r, span, header, example = best
    joined = [*rows[:r], header, *([[""] * len(header)] * (span - 1)), *rows[r + span :]]
    return replace(sheet, rows=joined, merged=[]), r + 1, r + span, example
