"""A wide table with a block of columns per year, one row per agency: a row above the header names each block's
year ('ปีงบประมาณ พ.ศ. 2565' merged over ten indicator columns, '... 2566' over the next ten), or a row under the
header names the year of each column under an indicator ('ตัวชี้วัดที่ 1' over '2565 | 2566', then indicator 2).

Read as a person reads it: one record per agency and year. Each block is read as a wide table of its own, with the
other years' columns blanked (every cell keeps its row and column, so each problem points at its true cell), and
the records are put together, each with its block's year as if the table had a year column.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from ita.common.problems import Problem, Problems
from ita.common.thai import compact
from ita.io.headers import HeaderCatalog, HeaderMatch
from ita.io.layouts.parsed import ParsedSheet, cell_at, title_year
from ita.io.layouts.wide import parse_wide
from ita.io.reading import RawSheet
from ita.io.values import display, is_blank, years_in_text

ROWS_ABOVE = 3  # how far above the header a block's year is looked for
NOTHING = HeaderMatch("")


@dataclass(frozen=True)
class Blocks:
    """The years of a wide table's columns."""

    columns: dict[int, set[int]]  # year (B.E.) → the columns of its block
    matches: list[HeaderMatch]  # the header's meaning, a column under an indicator's header as that indicator
    years_row: int | None = None  # the row of years under the header (0-based): part of the header, not a record
    unused: frozenset[int] = frozenset()  # columns of no year: the change between the years ('+/-')
    same_year: bool = False  # tables side by side of one year (a list printed in halves, a table per province):
    # ``columns`` is keyed by the tables' order, and each table's year is the sheet's


def year_blocks(
    rows: list[list[Any]], header_r: int, matches: list[HeaderMatch], catalog: HeaderCatalog
) -> Blocks | None:
    """The blocks of a table whose indicator columns are given two or more years, above the header or in the row
    under it; else None (an ordinary wide table)."""
    above = _years_above(rows, header_r, matches) or _tables_side_by_side(rows, header_r, matches)
    if above is not None:
        return Blocks(above, matches)
    below = _years_below(rows, header_r, matches, catalog)
    if below is not None:
        return below
    alike = _alike_tables_side_by_side(rows[header_r], matches)
    return Blocks(alike, matches, same_year=True) if alike is not None else None


MIN_SIDE_INDICATORS = 3  # indicator columns each table side by side has, at least


def _table_starts(header: list[Any], matches: list[HeaderMatch]) -> list[tuple[int, int]]:
    """Each table's columns when tables stand side by side: from one table's first column to the next one's. A
    table starts at its agency column, or at the headed columns of no field just left of it ('ที่ | ชื่อ อปท.'); the
    first table at the sheet's first column."""
    starts = [c for c, m in enumerate(matches) if m.field == "agency"]
    if len(starts) < 2:
        return []
    for k in range(1, len(starts)):
        while starts[k] - 1 > starts[k - 1] + 1 and not is_blank(cell_at(header, starts[k] - 1)):
            if matches[starts[k] - 1].field:  # the left table's total, grade or indicator: its own, not the next's
                break
            starts[k] -= 1
    starts[0] = 0
    return list(zip(starts, [*starts[1:], len(matches)], strict=True))


def _alike_tables_side_by_side(header: list[Any], matches: list[HeaderMatch]) -> dict[int, set[int]] | None:
    """The tables' order → its columns, for two or more whole tables side by side with the same indicators and no
    year of their own: a long list printed in two halves, or a table per province under one year. Each table is
    read; before, the right-hand one was kept as extra data of the left one's rows."""
    spans = _table_starts(header, matches)
    indicators = [
        frozenset(m.indicator for m in matches[a:b] if m.field == "indicator_column" and m.indicator) for a, b in spans
    ]
    if len(spans) < 2 or len(set(indicators)) != 1 or len(indicators[0]) < MIN_SIDE_INDICATORS:
        return None
    return {k: set(range(a, b)) for k, (a, b) in enumerate(spans)}


def _tables_side_by_side(
    rows: list[list[Any]], header_r: int, matches: list[HeaderMatch]
) -> dict[int, set[int]] | None:
    """Year → its columns, for whole tables side by side, each with its own agency column and its year written
    above it in any of its columns ('ปีงบประมาณ พ.ศ. 2565' over A, the next table's 2566 over N): a table runs from
    its agency column to the next one's. None unless there are two or more, each with a year of its own."""
    spans = _table_starts(rows[header_r], matches)
    if len(spans) < 2:
        return None
    blocks: dict[int, set[int]] = {}
    for start, end in spans:
        above = [row[start:end] for row in rows[max(header_r - ROWS_ABOVE, 0) : header_r]]
        years = {y for row in above for cell in row if not is_blank(cell) for y, _ in years_in_text(display(cell))}
        if len(years) != 1 or (year := years.pop()) in blocks:
            return None
        blocks[year] = set(range(start, end))
    return blocks


def _years_above(rows: list[list[Any]], header_r: int, matches: list[HeaderMatch]) -> dict[int, set[int]] | None:
    """Year → its columns, when the cells just above the header give the indicator columns two or more years. A
    column's year is the one year written in the nearest cell above its header (a merged cell counts over its
    whole range); a cell naming two years belongs to none."""
    blocks: dict[int, set[int]] = {}
    indicator_years: set[int] = set()
    for c, match in enumerate(matches):
        year = _year_above(rows, header_r, c)
        if year is None:
            continue
        blocks.setdefault(year, set()).add(c)
        if match.field == "indicator_column":
            indicator_years.add(year)
    if len(indicator_years) < 2:
        return None
    return {year: columns for year, columns in blocks.items() if year in indicator_years}


def _years_below(
    rows: list[list[Any]], header_r: int, matches: list[HeaderMatch], catalog: HeaderCatalog
) -> Blocks | None:
    """The row under the header when it is a row of years (every cell a year, blank, the header's own cell carried
    down by a merge, or a change between the years: '+/-') giving the indicator columns two or more years. A column
    with a year under a blank header belongs to the heading on its left ('ตัวชี้วัดที่ 1' written once over '2565 |
    2566')."""
    if header_r + 1 >= len(rows):
        return None
    header, below = rows[header_r], rows[header_r + 1]
    out, indicator_years = list(matches), set()
    blocks: dict[int, set[int]] = {}
    changes: set[int] = set()
    for c in range(len(below)):
        cell = below[c]
        if is_blank(cell) or (c < len(header) and cell == header[c]):
            continue
        if compact(cell) in catalog.change_labels:
            changes.add(c)
            continue
        years = years_in_text(display(cell, limit=200))
        if len(years) != 1:
            return None  # a cell that is not a year: the row is a record, or a header of another kind
        if c < len(out) and not out[c].field and c > 0 and is_blank(cell_at(header, c)):
            out[c] = out[c - 1]
        blocks.setdefault(years[0][0], set()).add(c)
        if c < len(out) and out[c].field == "indicator_column":
            indicator_years.add(years[0][0])
    if len(indicator_years) < 2:
        return None
    columns = {year: cols for year, cols in blocks.items() if year in indicator_years}
    return Blocks(columns, out, years_row=header_r + 1, unused=frozenset(changes))


def _year_above(rows: list[list[Any]], header_r: int, c: int) -> int | None:
    for r in range(header_r - 1, max(header_r - 1 - ROWS_ABOVE, -1), -1):
        cell = rows[r][c] if c < len(rows[r]) else ""
        if is_blank(cell):
            continue
        years = years_in_text(display(cell, limit=200))
        return years[0][0] if len(years) == 1 else None
    return None


def parse_year_blocks(
    sheet: RawSheet,
    file: str,
    catalog: HeaderCatalog,
    problems: Problems,
    header_r: int,
    blocks: Blocks,
) -> ParsedSheet:
    """Each block read as a wide table, the records of all put together with their block's year."""
    parts: list[tuple[int | str, ParsedSheet]] = []
    said: set[Problem] = set()
    every = set(range(max(map(len, sheet.rows), default=0)))
    for year in sorted(blocks.columns):
        others = set(blocks.unused).union(*(cols for y, cols in blocks.columns.items() if y != year))
        rows = [
            row
            if r < header_r and blocks.same_year and _one_title(row)  # a title over all the tables: each's
            else _blank(row, every if r == blocks.years_row else others)
            for r, row in enumerate(sheet.rows)
        ]
        block_sheet = replace(sheet, rows=rows)
        block_matches = [NOTHING if c in others else m for c, m in enumerate(blocks.matches)]
        heard = Problems()
        parsed = parse_wide(block_sheet, file, catalog, heard, header_r, block_matches)
        parts.append(("" if blocks.same_year else year, parsed))
        for problem in heard:  # what the columns the blocks share say, said once
            if problem not in said:
                said.add(problem)
                problems.extend([problem])
    # Tables of one year: the title over them all names it ('ผลการประเมิน ITA ปีงบประมาณ พ.ศ. 2566' over both).
    return put_together(parts, title_year(sheet.rows[:header_r]) if blocks.same_year else None)


def _one_title(row: list[Any]) -> bool:
    """A row above the header with one cell written: a title over the whole sheet ('ผลการประเมิน ITA … จังหวัดสกลนคร')."""
    return sum(not is_blank(cell) for cell in row) == 1


def _blank(row: list[Any], columns: set[int]) -> list[Any]:
    return [("" if c in columns else value) for c, value in enumerate(row)]


def put_together(
    parts: list[tuple[int | str, ParsedSheet]], title: tuple[int, int | None] | None = None
) -> ParsedSheet:
    """One ParsedSheet of the parts' records, in order, each with its part's year ('' for none: the sheet's year
    applies, or ``title``'s); a record's cells are located by the part it came from. Also used for tables stacked
    down a sheet (``ita.io.layouts.stacked``)."""
    frames = [  # a year column of the part's own wins
        parsed.frame if "year_cell" in parsed.frame else parsed.frame.assign(year_cell=year) for year, parsed in parts
    ]
    starts = np.cumsum([0] + [len(f) for f in frames])

    def locate(i: int, field: str) -> tuple[int | None, str | None, str | None]:
        k = int(np.searchsorted(starts, i, side="right")) - 1
        return parts[k][1].locate(i - int(starts[k]), field)

    return ParsedSheet(
        layout="wide",
        header_row=parts[0][1].header_row,
        frame=pd.concat(frames, ignore_index=True),
        errors=np.concatenate([parsed.errors for _, parsed in parts]),
        title_year=title,
        indicator_columns=set().union(*(parsed.indicator_columns for _, parsed in parts)),
        tool_scales={tool: scale for _, parsed in parts for tool, scale in parsed.tool_scales.items()},
        locate=locate,
        flagged={(i + int(starts[k]), f) for k, (_, parsed) in enumerate(parts) for i, f in parsed.flagged},
    )
