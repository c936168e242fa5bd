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
    jobs: list[Any], outcomes: list[Outcome], process: Callable[[int, list[Any]], Outcome]
) -> list[Outcome]:
    """The sheets with no table of their own (or one of unknown headings) right after a wide table, read again
    (``process(k, header)``: sheet ``k`` under that header row) when that reads records of them; the outcomes as they
    are when not."""
    out = list(outcomes)
    for k in range(1, len(outcomes)):
        problems, outcome = outcomes[k]
        before = out[k - 1][1]
        if outcome is not None or before is None or before[0].layout != "wide" or not before[0].header_row:
            continue
        if not any(p.code in _NO_TABLE for p in problems):
            continue
        earlier = read_sheet(jobs[k - 1].book, jobs[k - 1].sheet, Problems(), jobs[k - 1].limits)
        sheet = read_sheet(jobs[k].book, jobs[k].sheet, Problems(), jobs[k].limits)
        if earlier is None or sheet is None:
            continue
        header = earlier.rows[before[0].header_row - 1]
        if not _starts_with_scores(sheet, header):
            continue  # a table of its own (its first row is words): not the sheet before's
        found_problems, found = process(k, header)
        if found is None or found[0].records == 0:
            continue
        found_problems.add(
            WARNING, "continues_sheet", file=jobs[k].book.name, sheet=jobs[k].sheet, before=jobs[k - 1].sheet
        )
        out[k] = (found_problems, found)
    return out


MIN_SCORES_FIRST_ROW = 5  # numbers in a continuing sheet's first row (an agency's scores), none in a header


def _starts_with_scores(sheet: RawSheet, header: list[Any]) -> bool:
    """The sheet's first row with anything in it holds scores, and no more columns than ``header``."""
    first = next((row for row in sheet.rows if any(not is_blank(cell) for cell in row)), [])
    width = max((c + 1 for c, cell in enumerate(first) if not is_blank(cell)), default=0)
    numbers = sum(isinstance(parse_number(cell), float) for cell in first)
    return numbers >= MIN_SCORES_FIRST_ROW and width <= len(header)


def under_header(sheet: RawSheet, header: list[Any]) -> RawSheet:
    """``sheet`` with ``header`` as a row above its first (the rows, merged cells and hidden rows one further down)."""
    merged = [((r0 + 1, c0), (r1 + 1, c1)) for (r0, c0), (r1, c1) in sheet.merged]
    return replace(sheet, rows=[list(header), *sheet.rows], merged=merged)


def back_to_its_rows(frame: pd.DataFrame, problems: Problems) -> Problems:
    """The records' and problems' rows as the sheet numbers them (the borrowed header taken away), in place for
    ``frame``; a problem of the borrowed header names no row."""
    frame["source_row"] = frame["source_row"] - 1
    shifted = Problems()
    shifted.extend([replace(p, row=p.row - 1 if p.row and p.row > 1 else None) for p in problems])
    return shifted
