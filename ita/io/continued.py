"""A sheet that continues the one before it without a header of its own (a long list split over sheets 'ITA 2567
(1)', 'ITA 2567 (2)', the second starting at its rows of agencies): a person reads it with the first one's header.
Its rows were lost, said only as "a table's header" nobody knew. Read with the header borrowed, said with a warning;
only a sheet without a table of its own whose first row holds scores, right after a wide table, pays for it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pandas as pd

from ita.common.problems import WARNING, Problems
from ita.io.reading import RawSheet, read_sheet
from ita.io.values import is_blank, parse_number

Outcome = tuple[Problems, "tuple[Any, pd.DataFrame] | None"]
_NO_TABLE = {"sheet_headings_unknown", "sheet_no_scores"}  # what the sheet was said to be on its own


def with_continued_sheets(
    jobs: list[Any], outcomes: list[Outcome], process: Callable[[int, list[Any], int | None], Outcome]
) -> list[Outcome]:
    """The sheets with no table of their own (or one of unknown headings) right after a wide table, read again
    (``process(k, header, year)``: sheet ``k`` under that header row, with the year of the sheet it continues for
    want of its own) when that reads records of them; the outcomes as they are when not. A third part continues
    the second with the same header."""
    out = list(outcomes)
    borrowed: dict[int, list[Any]] = {}
    for k in range(1, len(outcomes)):
        problems, outcome = outcomes[k]
        before = out[k - 1][1]
        if outcome is not None or before is None or before[0].layout != "wide" or not before[0].header_row:
            continue
        if not any(p.code in _NO_TABLE for p in problems):
            continue
        sheet = read_sheet(jobs[k].book, jobs[k].sheet, Problems(), jobs[k].limits)
        width = _scores_first(sheet) if sheet is not None else None
        if width is None:
            continue  # a table of its own (its first row is words): not the sheet before's
        header = borrowed.get(k - 1) or _header_of(jobs[k - 1], before[0].header_row)  # read only now: rarely
        if header is None or width > len(header):
            continue
        years = before[0].years
        found_problems, found = process(k, header, years[0] if len(years) == 1 else None)
        if found is None or found[0].records == 0:
            continue
        if found[0].year_source == "user" and jobs[k].year is None:  # the year is the sheet before's, not "yours"
            found[0].year_source = "continued"
            kept = Problems()
            kept.extend([p for p in found_problems if p.code != "year_from"])
            found_problems = kept
        found_problems.add(
            WARNING, "continues_sheet", file=jobs[k].book.name, sheet=jobs[k].sheet, before=jobs[k - 1].sheet
        )
        out[k] = (found_problems, found)
        borrowed[k] = header
    return out


def _header_of(job: Any, header_row: int) -> list[Any] | None:
    sheet = read_sheet(job.book, job.sheet, Problems(), job.limits)
    return sheet.rows[header_row - 1] if sheet is not None and header_row <= len(sheet.rows) else None


MIN_SCORES_FIRST_ROW = 5  # numbers in a continuing sheet's first row (an agency's scores), none in a header


def _scores_first(sheet: RawSheet) -> int | None:
    """How many columns the sheet's first row with anything in it spans, when that row holds scores; else None."""
    first = next((row for row in sheet.rows if any(not is_blank(cell) for cell in row)), [])
    if sum(isinstance(parse_number(cell), float) for cell in first) < MIN_SCORES_FIRST_ROW:
        return None
    return max((c + 1 for c, cell in enumerate(first) if not is_blank(cell)), default=0)


def under_header(sheet: RawSheet, header: list[Any]) -> RawSheet:
    """``sheet`` with ``header`` as a row above its first (the rows, merged cells and hidden rows one further down)."""
    merged = [((r0 + 1, c0), (r1 + 1, c1)) for (r0, c0), (r1, c1) in sheet.merged]
    return replace(sheet, rows=[list(header), *sheet.rows], merged=merged)


def back_to_its_rows(frame: pd.DataFrame, problems: Problems) -> Problems:
    """The records' and problems' rows as the sheet numbers them (the borrowed header taken away), in place for
    ``frame``. A problem of the borrowed header itself (its row: a heading kept unused) is the sheet before's, said
    there: its cells ('A1 "ลำดับ"') are not this sheet's."""
    frame["source_row"] = frame["source_row"] - 1
    shifted = Problems()
    shifted.extend([replace(p, row=p.row - 1 if p.row else None) for p in problems if p.row != 1])
    return shifted
