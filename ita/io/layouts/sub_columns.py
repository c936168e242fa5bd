"""An indicator's heading merged over several columns, the row under it naming what each holds ('คะแนนเต็ม |
คะแนนที่ได้', 'ปีที่แล้ว | ปีนี้', 'น้ำหนัก | คะแนน | คะแนนถ่วงน้ำหนัก', 'ระดับ | คะแนน'): a person reads the one column that
holds this year's score. The left one was read, whatever it held (full marks of 100 made every agency 100.00)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ita.common.problems import column_letter
from ita.common.thai import compact
from ita.io.headers import HeaderCatalog, HeaderMatch
from ita.io.layouts.parsed import META_FIELDS, cell_at
from ita.io.values import display, is_blank, parse_number

MIN_ROWS_CONSTANT = 2  # rows with a number for a column of one number throughout to be no score (full marks)


def names_no_score(word: Any, catalog: HeaderCatalog) -> bool:
    """A heading that says its column holds no score of this year (full marks, a weight, last year's, a target)."""
    key = compact(word)
    return key in catalog.not_score_exact or any(w in key for w in catalog.not_score_words)


def _one_number(rows: list[list[Any]], c: int) -> bool:
    """Every row with a number in column ``c`` has the same one (full marks, a weight), in enough rows to tell."""
    numbers = [n for row in rows if isinstance(n := parse_number(cell_at(row, c)), float)]
    return len(numbers) >= MIN_ROWS_CONSTANT and len(set(numbers)) == 1


def not_scores(
    matches: list[HeaderMatch], header: list[Any], below: list[Any], rows: list[list[Any]], catalog: HeaderCatalog
) -> tuple[list[HeaderMatch], dict[int, str]]:
    """The header's matches, and column → what the row under the header calls it for each column under an
    indicator's heading (one of several columns of that indicator) that holds no score of it, when exactly one of
    them does. A heading over blank headings to its right with the row under naming each (a CSV cannot merge:
    'ตัวชี้วัดที่ 1,' over 'คะแนนเต็ม,คะแนนที่ได้') is over them too, when that finds its score. ``below``: the row
    under the header; ``rows``: the rows under that."""
    groups: dict[int, list[int]] = {}
    for c, m in enumerate(matches):
        if m.field == "indicator_column" and m.indicator:
            columns = groups.setdefault(m.indicator, [])
            columns.append(c)
            k = c + 1
            while k < len(matches) and not matches[k].field and is_blank(cell_at(header, k)) and _named(below, k):
                columns.append(k)
                k += 1
    out: dict[int, str] = {}
    spread = list(matches)
    for number, columns in groups.items():
        if len(columns) < 2 or not all(_named(below, c) for c in columns):
            continue  # one column, or sub-columns the row under does not name: read as before
        # The words first; full marks or a weight (one number in every row) only among what they leave, and never
        # every column (this year's scores may all be 100 as well).
        others = {c for c in columns if names_no_score(cell_at(below, c), catalog)}
        left = [c for c in columns if c not in others]
        if len(left) > 1 and 0 < len(constant := {c for c in left if _one_number(rows, c)}) < len(left):
            others |= constant
        if len(columns) - len(others) == 1:
            out.update({c: display(cell_at(below, c)) for c in sorted(others)})
            first = next(c for c in columns if matches[c].indicator == number)
            spread = [matches[first] if c in columns and not m.field else m for c, m in enumerate(spread)]
    return spread, out


def _named(row: list[Any], c: int) -> bool:
    """Words in cell ``c`` of the row under the header: a sub-heading (a CSV's '80.06' is a score, not one)."""
    cell = cell_at(row, c)
    return isinstance(cell, str) and not is_blank(cell) and not isinstance(parse_number(cell), float)


def merged_repeats(
    header: list[Any], matches: list[HeaderMatch], merged: list[Any], header_r: int
) -> tuple[list, list]:
    """``header`` and ``matches`` without the heading's repeats in the other cells of a heading merged across columns
    (a merged range reads as its value in every cell): one heading, not a second column of its field."""
    header, matches = list(header), list(matches)
    for (r0, c0), (r1, c1) in merged:
        if r0 <= header_r <= r1 and c0 < len(matches) and matches[c0].field:
            for k in range(c0 + 1, min(c1 + 1, len(matches))):
                if matches[k] == matches[c0]:
                    header[k], matches[k] = "", HeaderMatch("")
    return header, matches


def drifted_values(
    columns: list[Any], colmap: dict[str, int], merged: list[Any], header_r: int, say: Callable[[int, str], object]
) -> None:
    """A field's heading merged over columns the row under does not name, each row's value in one of them: a PDF
    converted to Excel leaves a value in the left or the right cell under the same heading, and a person reads the
    one value under it. Where the field's own (left) cell is blank and exactly one other cell under its heading holds
    something, that is moved into it (in ``columns``, in place); ``say(cells, ranges)`` is told how many cells, and
    under which headings, once. Only cells under no other field's heading, and for a score only a number."""
    claimed = set(colmap.values())
    total, ranges = 0, []
    for key, c in colmap.items():
        span = next((c1 for (r0, c0), (r1, c1) in merged if r0 <= header_r <= r1 and c0 == c and c1 > c), None)
        others = [k for k in range(c + 1, (span or c) + 1) if k not in claimed and k < len(columns)]
        if not others or c >= len(columns):
            continue
        own, moved = list(columns[c]), 0
        for row, cell in enumerate(own):
            held = [k for k in others if not is_blank(columns[k][row])]
            if not is_blank(cell) or len(held) != 1:
                continue
            value = columns[held[0]][row]
            if key in META_FIELDS or isinstance(parse_number(value), float):
                own[row], moved = value, moved + 1
        if moved:
            columns[c] = tuple(own)
            total += moved
            ranges.append(f"{column_letter(c)}{header_r + 1}:{column_letter(span or c)}{header_r + 1}")
    if total:
        say(total, ", ".join(ranges[:6]) + (f", … (+{len(ranges) - 6})" if len(ranges) > 6 else ""))
