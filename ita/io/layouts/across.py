"""Sheets with their indicators down the side and years or agencies across ('ตัวชี้วัด | ปี 2563 | ปี 2564',
'ตัวชี้วัด | ทต.พอกน้อย | อบต.นาหัวบ่อ', or each agency's name over its years): finding the row that heads the
columns. ``ita.io.layouts.long`` reads each column as its own 'label | score' rows."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from ita.io.headers import HeaderCatalog
from ita.io.layouts.parsed import cell_at, label_value
from ita.io.values import display, is_blank, parse_number, years_in_text
from ita.rules.agency_types import agency_types

# A sheet of one agency's indicators down the side and its years across ("ตัวชี้วัด | ปี 2563 | ปี 2564 | ปี 2565"):
# each year's column is read as that year's 'label | score' rows.
YEARS_ACROSS_SCAN = 30  # rows searched for the row of years, above the first indicator


def years_across(
    rows: list[list[Any]], catalog: HeaderCatalog
) -> tuple[int, dict[int, Any], tuple[int, dict[int, Any]] | None] | None:
    """The row naming a year in each of two or more columns right of its first text cell, above the first indicator
    row: its index, {column: the year cell} and, when the row above or below names an agency at each of those columns
    (two agencies' years side by side), that row's index and {column: the agency's cell}; else each year once, in its
    first column. None when the sheet has no such row."""
    for r, row in enumerate(rows[:YEARS_ACROSS_SCAN]):
        if _indicator_label_column(row, catalog) is not None:
            return None  # the indicators have begun
        found: dict[int, tuple[int, Any]] = {}
        for c, cell in enumerate(row):
            years = years_in_text(display(cell, limit=200)) if c > 0 and not is_blank(cell) else []
            if len(years) == 1:
                found[c] = (years[0][0], cell)
        for k in (r - 1, r + 1):  # the agencies' row over the years, or under them
            names = {c: cell_at(rows[k], c) for c in found} if 0 <= k < len(rows) else {}
            if names and all(_names_an_agency(cell, catalog) for cell in names.values()):
                keys = {(display(names[c]), year) for c, (year, _) in found.items()}
                if len(keys) == len(found) >= 2 and len({display(x) for x in names.values()}) >= 2:
                    return r, {c: cell for c, (_, cell) in found.items()}, (k, names)
        first = {year: c for c, (year, _) in reversed(found.items())}
        if len(first) >= 2:
            return r, {c: found[c][1] for c in sorted(first.values())}, None
    return None


def agencies_across(rows: list[list[Any]], catalog: HeaderCatalog) -> tuple[int, dict[int, Any]] | None:
    """A sheet of indicators down the side and agencies across ('ตัวชี้วัด | ทต.พอกน้อย | อบต.นาหัวบ่อ'): the row
    above the first indicator row that names, right of the indicators' label column, two or more words no header
    means (the agencies) whose columns hold scores in the first indicator row; its index and {column: the agency's
    cell}. The cell over the labels may be blank (' | กรมการปกครอง | กรมส่งเสริม…'): the first agency is not a label."""
    first = _first_indicator_row(rows[:YEARS_ACROSS_SCAN], catalog)
    if first is None:
        return None
    last, labels = first
    for r, row in enumerate(rows[:last]):
        if label_value(row) is None:
            continue
        names = {c: cell for c, cell in enumerate(row) if c > labels and _names_an_agency(cell, catalog)}
        over = cell_at(row, labels)
        one_agency = isinstance(over, str) and catalog.classify(over).field == "agency"  # 'หน่วยงาน | ทต.ก | อำเภอ…'
        if one_agency and len(names) < 2:
            return None  # the sheet names its one agency
        scored = _scored_columns(rows[r + 1 :], names, catalog)
        if len(scored) >= 2 and len({display(names[c]) for c in scored}) == len(scored):
            return r, {c: names[c] for c in scored}
        # One heading that starts with an agency type names the agency: 'ตัวชี้วัด | ทต.ก | ค่าเฉลี่ยจังหวัด'.
        if len(scored) == 1 and not one_agency and agency_types().from_name(names[scored[0]]) is not None:
            return r, {scored[0]: names[scored[0]]}
    return None


def _first_indicator_row(rows: list[list[Any]], catalog: HeaderCatalog) -> tuple[int, int] | None:
    """The first row labelled by an indicator ('ตัวชี้วัดที่ 1 | 98.84 | …') and its label's column."""
    labels = ((r, _indicator_label_column(row, catalog)) for r, row in enumerate(rows))
    return next(((r, c) for r, c in labels if c is not None), None)


def _indicator_label_column(row: list[Any], catalog: HeaderCatalog) -> int | None:
    """The column of the row's label when it names an indicator (a 'label | value' row of one), else None."""
    pair = label_value(row)
    return pair[0] if pair is not None and catalog.indicator_number(pair[1]) is not None else None


def _names_an_agency(cell: Any, catalog: HeaderCatalog) -> bool:
    """A column heading that may be an agency's name: words no header means, not a year, not a summary ('ค่าเฉลี่ย
    ทั้งประเทศ') and not a score's ('ผลคะแนนของหน่วยงาน')."""
    if not isinstance(cell, str) or not cell.strip() or years_in_text(display(cell, limit=200)):
        return False
    if catalog.classify(cell).field or catalog.is_summary_label(cell):
        return False
    return not catalog.starts_with_score_word(cell)


def _scored_columns(rows: list[list[Any]], columns: Collection[int], catalog: HeaderCatalog) -> list[int]:
    """Which of ``columns`` hold a score in the first indicator row of ``rows`` (none when there is none)."""
    first = _first_indicator_row(rows, catalog)
    return [c for c in columns if isinstance(parse_number(cell_at(rows[first[0]], c)), float)] if first else []
