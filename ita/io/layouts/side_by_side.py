"""One agency's table beside another's: 'ตัวชี้วัด | คะแนน' under 'หน่วยงาน: ทต.นาข่า', a blank column, then the next
agency's 'ตัวชี้วัด | คะแนน' (a comparison laid out as a person lays it on a page). Only the first had been read, the
others lost without a word.

Read as a person reads it: each band of columns as a sheet of its own, from the heading of its labels to the next
band's, the other bands' cells blanked (every cell keeps its row and column, so each problem points at its true cell).
The lines above that only the first band's columns hold, before any line the bands each have their own of, are the
sheet's title ('ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2566'): every band reads them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pandas as pd

from ita.common.problems import INFO, Problems
from ita.io.headers import HeaderCatalog, is_year_label
from ita.io.layouts.parsed import ParsedSheet
from ita.io.layouts.year_blocks import put_together
from ita.io.reading import RawSheet
from ita.io.values import is_blank

MIN_BANDS = 2  # label headings in one header row for its tables to be side by side


def bands(sheet: RawSheet, header_r: int, catalog: HeaderCatalog) -> list[RawSheet] | None:
    """The sheet as one sheet per table side by side in it, or None when its header row heads one table: the row
    holds ``MIN_BANDS`` or more labels' headings ('ตัวชี้วัด') each with a score's ('คะแนน') to its right."""
    row = sheet.rows[header_r]
    starts = [c for c, cell in enumerate(row) if _heads_labels(cell, catalog) and _score_right(row, c, catalog)]
    if len(starts) < MIN_BANDS:
        return None
    width = max(map(len, sheet.rows), default=0)
    spans = list(zip(starts, [*starts[1:], width], strict=True))
    spans[0] = (0, spans[0][1])  # a number or mark left of the first table is the first table's
    shared = _title_rows(sheet.rows[:header_r], spans)
    # A band headed by a summary's name ('ค่าเฉลี่ยจังหวัดสกลนคร' beside the agency's own table) is no agency's table.
    spans = [(a, b) for a, b in spans if not _heads_summary(sheet.rows[shared:header_r], a, b, catalog)]
    if len(spans) < MIN_BANDS:
        return None
    return [
        replace(
            sheet,
            rows=[
                list(cells) if r < shared else [x if start <= c < end else None for c, x in enumerate(cells)]
                for r, cells in enumerate(sheet.rows)
            ],
        )
        for start, end in spans
    ]


def read_bands(
    parts: list[RawSheet],
    read: Callable[[RawSheet], ParsedSheet | None],
    file: str,
    problems: Problems,
    header_r: int,
) -> ParsedSheet | None:
    """Each band read by ``read`` (``parse_sheet``), the records put together, each with its band's agency and year
    where its own lines name them; a note says how many tables were read side by side."""
    read_parts = [parsed for part in parts if (parsed := read(part)) is not None]
    if not read_parts:
        return None
    problems.add(INFO, "side_by_side_tables", file=file, sheet=parts[0].name, row=header_r + 1, count=len(parts))
    together = put_together([("", _own_agency_and_year(p)) for p in read_parts])
    return replace(together, layout=read_parts[0].layout, title_year=read_parts[0].title_year)


def _own_agency_and_year(parsed: ParsedSheet) -> ParsedSheet:
    """A band's records without an agency or a year named by the agency and the year its own lines name ('ปี 2565'
    over one table, 'ปี 2566' over the next: each its own year, not the first's)."""
    frame = parsed.frame
    if parsed.title_agency and "agency" in frame:
        blank = frame["agency"].fillna("").astype(str).str.strip() == ""
        frame = frame.assign(agency=frame["agency"].where(~blank, parsed.title_agency))
    if parsed.title_year:
        year = parsed.title_year[0]
        cells = frame["year_cell"] if "year_cell" in frame.columns else pd.Series("", index=frame.index)
        frame = frame.assign(year_cell=cells.where(~cells.map(is_blank), year))
    return replace(parsed, frame=frame)


def _heads_summary(rows: list[list[Any]], start: int, end: int, catalog: HeaderCatalog) -> bool:
    """The lines of a band above its header name a summary (an average, a total), not an agency."""
    cells = (cell.split(":")[-1].strip() for row in rows for cell in row[start:end] if isinstance(cell, str))
    return any(cell and not is_year_label(cell) and catalog.is_summary_label(cell) for cell in cells)


def _heads_labels(cell: Any, catalog: HeaderCatalog) -> bool:
    return isinstance(cell, str) and catalog.classify(cell).field == "indicator"


def _score_right(row: list[Any], c: int, catalog: HeaderCatalog) -> bool:
    """The next heading right of ``c`` is a score's or total's ('ตัวชี้วัด | คะแนน')."""
    right = next((x for x in row[c + 1 :] if not is_blank(x)), None)
    return isinstance(right, str) and catalog.classify(right).field in ("score", "total")


def _title_rows(above: list[list[Any]], spans: list[tuple[int, int]]) -> int:
    """How many rows above the header are the sheet's title: those before the first row with cells in two bands."""
    for r, cells in enumerate(above):
        held = {
            k
            for k, (start, end) in enumerate(spans)
            for c in range(start, min(end, len(cells)))
            if not is_blank(cells[c])
        }
        if len(held) >= MIN_BANDS:
            return r
    return len(above)
