"""A window of a sheet around one cell, so a problem can be shown where it is."""

from __future__ import annotations

import pandas as pd

from ita.common.problems import Problems, column_letter
from ita.io import isolation
from ita.io.reading import Limits, open_book, read_sheet
from ita.io.values import display, parse_number


def column_index(letters: str) -> int:
    """'A' → 0, 'AA' → 26."""
    number = 0
    for ch in letters.upper():
        number = number * 26 + ord(ch) - 64
    return number - 1


def cell_window_isolated(name: str, content: bytes, sheet: str, row: int, column: str | None) -> pd.DataFrame | None:
    """``cell_window`` in a parse worker (``ita.io.isolation``): a stored file is still untrusted bytes. None if it
    cannot be shown."""
    outcome = isolation.run(cell_window, name, content, sheet, row, column)
    return None if isinstance(outcome, isolation.WorkerFailure) else outcome


def cell_window(
    name: str, content: bytes, sheet: str, row: int, column: str | None, radius: int = 3, limits: Limits | None = None
) -> pd.DataFrame | None:
    """Rows ``row ± radius`` (and columns around ``column``, with the row's name column when it lies left of them)
    of ``sheet`` as the user sees them, indexed by spreadsheet row number, with spreadsheet column letters. None if
    the sheet cannot be read."""
    book = open_book(name, content, Problems(), limits)
    raw = read_sheet(book, sheet, Problems(), limits) if book is not None and sheet in book.sheet_names else None
    if raw is None:
        return None
    top = max(1, row - radius)
    rows = raw.rows[top - 1 : row + radius]
    width = max((len(r) for r in rows), default=0)
    centre = column_index(column) if column else 0
    left, right = (max(0, centre - radius), min(width, centre + radius + 1)) if column else (0, min(width, 8))
    # The row's name (its first text cell that is no number: '๓' in Thai digits is its sequence) shown too when the
    # window starts right of it: whose score this is.
    own = raw.rows[row - 1] if 0 < row <= len(raw.rows) else []
    named = next((c for c in range(min(left, len(own))) if _names(own[c])), None)
    columns = [*([named] if named is not None else []), *range(left, right)]
    data = {column_letter(c): [display(r[c]) if c < len(r) else "" for r in rows] for c in columns}
    return pd.DataFrame(data, index=pd.Index(range(top, top + len(rows)), name="row"))


def _names(cell: object) -> bool:
    return isinstance(cell, str) and bool(cell.strip()) and not isinstance(parse_number(cell), float)
