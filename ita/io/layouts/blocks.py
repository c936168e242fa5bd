"""Rows of a wide table a person reads for what they are, not as written: a CSV line whose fields moved, a year or
place written once per block of rows, a summary label written outside the name column."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ita.common.problems import ERROR, INFO, column_letter
from ita.io.headers import HeaderCatalog
from ita.io.layouts.parsed import cell_texts
from ita.io.values import is_blank, parse_numbers

if TYPE_CHECKING:
    from ita.io.layouts.wide import _WideTable as WideTable


def moved_fields(table: WideTable, body: list[list[Any]], keep: np.ndarray) -> np.ndarray:
    """The rows of a CSV with a number beyond the header's last field (an error each): a comma inside an unquoted
    number ('82,59') split it in two and moved every field after it one column on, so its scores are not the ones
    its columns say. When most rows are that long, the header lacks a column's name instead: nothing is said."""
    width = max((c + 1 for c, cell in enumerate(table.header) if not is_blank(cell)), default=0)
    moved = np.zeros(table.n, dtype=bool)
    for k, cells in enumerate(body):
        moved[k] = keep[k] and any(not np.isnan(parse_numbers([cell])[0][0]) for cell in cells[width:])
    if moved.sum() * 2 > keep.sum():
        return np.zeros(table.n, dtype=bool)
    for k in map(int, np.flatnonzero(moved)):
        fields = max(c + 1 for c, cell in enumerate(body[k]) if not is_blank(cell))
        row, letter = table.header_r + 2 + k, column_letter(width)
        table.problems.add(
            ERROR,
            "csv_fields_moved",
            file=table.file,
            sheet=table.sheet,
            row=row,
            column=letter,
            fields=fields,
            header_fields=width,
        )
    return moved


# Only the year: a blank province or district may be a national agency's, which has none (a place filled from the
# row above gave กรมบัญชีกลาง a province and a key of its own).
FILLED_DOWN = {"year_cell": "year"}  # record column → field


def fill_down(table: WideTable, frame: pd.DataFrame, scored: np.ndarray) -> None:
    """A year written once, on the first row of each block of agencies (a merged cell exported without its merge):
    a blank year of a row with scores is read as the one above it (an info says so), as a person reads the block."""
    heads = []
    for column, name in FILLED_DOWN.items():
        if column not in frame or name not in table.colmap:
            continue
        values = frame[column].tolist()
        blank = np.array([is_blank(v) for v in values], dtype=bool)
        if not (blank & scored).any() or blank.all():
            continue
        last: Any = None
        for k, value in enumerate(values):
            if not blank[k]:
                last = value
            elif scored[k] and last is not None:
                values[k] = last
        frame[column] = values
        heads.append(table.heading(name))
    if heads:
        table.problems.add(INFO, "long_filled_from_above", file=table.file, sheet=table.sheet, columns=", ".join(heads))


def summary_elsewhere(table: WideTable, k: int, catalog: HeaderCatalog) -> str:
    """The summary label ('ค่าเฉลี่ย', 'รวม') of a row without a name, written in another of its cells (the number
    column, a merged label across the first columns), or ''."""
    texts = (table.col(c)[k] for c in range(len(table.columns)))
    return next((t for t in cell_texts(list(texts)) if t and catalog.is_summary_label(t)), "")
