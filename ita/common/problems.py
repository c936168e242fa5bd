"""Problems found while reading files: every one of them, each with its place and a bilingual message."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any

import pandas as pd

from ita.common.text import both, t

ERROR, WARNING, INFO = "error", "warning", "info"
PROBLEM_COLUMNS = ["file", "sheet", "row", "column", "field", "severity", "code", "message_th", "message_en"]


@dataclass(frozen=True)
class Problem:
    file: str
    sheet: str | None
    row: int | None  # 1-based spreadsheet row (as Excel shows it); None for the whole sheet/file
    column: str | None  # spreadsheet column letter(s), e.g. "D"; None for a whole row
    field: str | None  # the header or field the cell belongs to
    severity: str
    code: str
    message_th: str
    message_en: str

    def where(self) -> str:
        parts = [self.file]
        if self.sheet:
            parts.append(f"sheet {self.sheet}")
        if self.row:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column}")
        return ", ".join(parts)


class Problems:
    """A collector: code that reads a file appends here and never raises for a user's mistake."""

    def __init__(self) -> None:
        self._items: list[Problem] = []

    def add(
        self,
        severity: str,
        code: str,
        *,
        file: str,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
        field: str | None = None,
        **values: Any,
    ) -> Problem:
        th, en = both(code, **{"field": field or "", **values})  # messages name the field as {field} too
        problem = Problem(file, sheet, row, column, field, severity, code, th, en)
        self._items.append(problem)
        return problem

    def extend(self, other: Problems | list[Problem]) -> None:
        self._items.extend(other._items if isinstance(other, Problems) else other)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    @property
    def has_errors(self) -> bool:
        return any(p.severity == ERROR for p in self._items)

    def to_frame(self) -> pd.DataFrame:
        return problems_frame(self._items)


def problems_frame(items: list[Problem]) -> pd.DataFrame:
    frame = pd.DataFrame([asdict(p) for p in items], columns=PROBLEM_COLUMNS)
    frame["row"] = frame["row"].astype("Int64")
    # Files and sheets in the order they were read, rows in sheet order, whole-sheet problems first.
    first_seen = {
        key: k for k, key in enumerate(dict.fromkeys(zip(frame["file"], frame["sheet"].fillna(""), strict=False)))
    }
    frame["_place"] = [first_seen[key] for key in zip(frame["file"], frame["sheet"].fillna(""), strict=False)]
    frame = frame.sort_values(["_place", "row"], na_position="first", kind="stable")
    return frame.drop(columns="_place").reset_index(drop=True)


def problems_table(items: list[Problem], lang: str = "th") -> pd.DataFrame:
    """The problems as a person reads them: severity, sheet, row, column, field and the message, headed and
    worded in ``lang`` (no codes, no second language)."""
    frame = problems_frame(items)
    message = "message_th" if lang == "th" else "message_en"
    return pd.DataFrame(
        {
            t("col_severity", lang): [t(f"severity_{s}", lang) for s in frame["severity"]],
            t("col_sheet", lang): frame["sheet"].fillna("").tolist(),
            t("col_row", lang): ["" if pd.isna(r) else str(r) for r in frame["row"]],
            t("col_column", lang): frame["column"].fillna("").tolist(),
            t("col_message", lang): frame[message].tolist(),
        }
    )


def column_letter(index: int) -> str:
    """0-based column index → spreadsheet letters (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
