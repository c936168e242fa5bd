"""Measures and follow-ups to ``.xlsx``: the two sheets' names and columns, and the export.

Two sheets: มาตรการ (one row per measure) and การติดตามผล (one row per measure and round), each measure with its
``uid`` and ``version`` so ``ita.measures.xlsx`` can import the file back. Text that starts with ``=``, ``+``, ``-``
or ``@`` is written as a text cell (``ita.common.plaintext.write_cell``), never a formula.

``ita.measures.xlsx`` re-exports these names.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from ita.common.plaintext import file_name as safe_file_name
from ita.common.plaintext import file_property, write_cell
from ita.common.problems import column_letter
from ita.common.sheet_layout import fit_heading_words, fit_rows, print_setup
from ita.common.text import t
from ita.common.thai import be_date
from ita.measures.model import FOLLOW_UP_FIELDS, MEASURE_FIELDS, ROUNDS, FollowUp, MeasureWithFollowUps
from ita.measures.rounds import follow_up_of

MEASURES_SHEET = "มาตรการ"
FOLLOW_UPS_SHEET = "การติดตามผล"
MEASURE_COLUMNS = ("agency", "agency_key", "year", *MEASURE_FIELDS, "uid", "version")
FOLLOW_UP_COLUMNS = ("uid", "measure", "round", *FOLLOW_UP_FIELDS, "version")
LINE_HEIGHT = 17  # points per line at the default 11 pt: Thai marks above and below need more than Excel's 15
_WIDTHS = {
    "title": 40,
    "guideline": 50,
    "steps": 50,
    "monitoring": 28,
    "done": 40,
    "measure": 40,
    "responsible": 24,
    "agency": 24,
    "uid": 38,
    "reason": 30,
    "evidence": 30,
}


def _cell_value(name: str, value: Any, lang: str) -> Any:
    if name == "indicators":
        return ", ".join(str(n) for n in value)
    if name == "status":
        return t(f"status_{value}", lang)
    if isinstance(value, dt.date):  # B.E. text, as the app shows dates; the import reads it back (parse_date)
        return be_date(value)
    return value


def _write_sheet(ws, columns: Sequence[str], rows: Sequence[Sequence[Any]], lang: str) -> None:
    ws.append([t(f"mf_{name}", lang) for name in columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE7F3")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values[: len(columns)], start=1):
            cell = write_cell(ws, r, c, value)  # never a formula, whatever the text starts with
            if isinstance(value, str):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for c, name in enumerate(columns):
        ws.column_dimensions[column_letter(c)].width = _WIDTHS.get(name, 14)
    ws.freeze_panes = "A2"
    fit_heading_words(ws, [1])  # no heading's word broken between its letters
    fit_rows(ws, LINE_HEIGHT, 11)  # rows tall enough for their text, printed readable (ita.common.sheet_layout)
    named = column_letter(columns.index("title" if "title" in columns else "measure"))  # repeated on each page
    print_setup(ws, "1:1", f"{named}:{named}")


def export_name(agency: str, year: int) -> str:
    """The workbook's file name: 'measures-2564-เทศบาลตำบลพอกน้อย.xlsx', whose measures and which year, safe on every
    system (``ita.common.plaintext.file_name``)."""
    return safe_file_name(agency, "xlsx", prefix=f"measures-{year}", fallback="agency")


def export_xlsx(items: Sequence[MeasureWithFollowUps], lang: str = "th") -> bytes:
    """A workbook of the measures and their follow-ups (headers in ``lang``; import reads either language)."""
    wb = Workbook()
    author = file_property(items[0].measure.agency) if items else ""  # not "openpyxl", on a shared file
    wb.properties.creator = wb.properties.lastModifiedBy = author
    sheet = wb.active
    sheet.title = MEASURES_SHEET
    measure_rows = [
        [_cell_value(name, getattr(item.measure, name), lang) for name in MEASURE_COLUMNS] for item in items
    ]
    _write_sheet(sheet, MEASURE_COLUMNS, measure_rows, lang)
    follow_rows = []
    for item in items:
        for round_months in ROUNDS:
            fu = item.follow_ups.get(round_months) or FollowUp(item.measure.id or 0, round_months)
            values = {
                "uid": item.measure.uid,
                "measure": item.measure.title,
                "round": round_months,
                **{name: _cell_value(name, getattr(fu, name), lang) for name in FOLLOW_UP_FIELDS},
                "version": fu.version,
            }
            if follow_up_of(item, round_months) is None:  # nobody reported: blank, never "not started, 0"
                values.update(status="", progress=None)
            follow_rows.append([values[name] for name in FOLLOW_UP_COLUMNS])
    _write_sheet(wb.create_sheet(FOLLOW_UPS_SHEET), FOLLOW_UP_COLUMNS, follow_rows, lang)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
