"""Row heights and printing for the workbooks the app writes (the agency workbook, the measures export).

openpyxl cannot measure text, and neither Excel nor LibreOffice grows a row to fit wrapped text when the file gives
it a height, so each row gets the height its longest wrapped cell needs, estimated from its characters: a Thai
character at the workbook's size is about ``CHARS_PER_WIDTH`` of a column-width unit wide, and Thai vowel and tone
marks (combining characters) take no width. Printing is landscape A4 with the header rows (and the first column)
repeated on every page, as many pages wide as the sheet needs to stay readable (``PRINT_WIDTH_PER_PAGE`` width units
per page; a sheet narrower than that fits one page wide).
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

CHARS_PER_WIDTH = 0.7  # characters of Thai text per unit of column width (bold: BOLD_CHARS_PER_WIDTH)
BOLD_CHARS_PER_WIDTH = 0.6
PAGE_HEADER_SIZE = 14  # points: a title printed in the page header
PRINT_WIDTH_PER_PAGE = 190.0  # column-width units on one landscape A4 page at a readable scale (about 75 %)


def text_width(text: str) -> int:
    """Characters that take room on a line: Thai vowels and tone marks above or below a letter do not."""
    return sum(1 for ch in text if not unicodedata.combining(ch) and unicodedata.category(ch) != "Mn")


def lines_needed(text: Any, width: float, bold: bool = False) -> int:
    """About how many lines ``text`` takes in a wrapped cell ``width`` units wide (lines break at words, so a
    line holds a little less than its width)."""
    per_line = max(1.0, width * (BOLD_CHARS_PER_WIDTH if bold else CHARS_PER_WIDTH))
    return sum(max(1, math.ceil(text_width(part) / per_line)) for part in str(text).split("\n"))


def fit_heading_words(ws: Worksheet, rows: Iterable[int]) -> None:
    """Each column at least as wide as the longest word of its heading in the table header ``rows``, in bold: a Thai
    word that does not fit is broken between its letters ('ปีงบประมา|ณ')."""
    for r in rows:
        for cell in ws[r]:
            if not isinstance(cell.value, str):
                continue
            longest = max((text_width(word) for word in cell.value.split()), default=0)
            needed = math.ceil(longest / BOLD_CHARS_PER_WIDTH) + 1
            column = ws.column_dimensions[get_column_letter(cell.column)]
            if (column.width or 10) < needed:
                column.width = needed


def title_in_page_header(ws: Worksheet, title: str, first_row: int) -> None:
    """A sheet printed several pages wide, its first column repeated on each: the title above its table would be cut
    at that column's edge on every page after the first, so it is printed in each page's header instead, and the
    rows above the table (``first_row``) are left out of the printed area."""
    ws.oddHeader.left.text = title.replace("&", "&&")  # '&' starts a header code
    ws.oddHeader.left.size = PAGE_HEADER_SIZE
    ws.print_area = f"A{first_row}:{get_column_letter(ws.max_column)}{ws.max_row}"


def fit_rows(ws: Worksheet, line_height: float, font_size: float) -> None:
    """Each row as tall as its longest wrapped cell needs (``line_height`` points per line at ``font_size``)."""
    widths = {k: (ws.column_dimensions[get_column_letter(k)].width or 10) for k in range(1, ws.max_column + 1)}
    for row in ws.iter_rows():
        lines = 1
        for cell in row:
            if cell.value is not None and cell.alignment is not None and cell.alignment.wrap_text:
                bold = bool(cell.font and cell.font.bold)
                lines = max(lines, lines_needed(cell.value, widths.get(cell.column, 10), bold))
        size = max((cell.font.size or font_size) for cell in row) if row else font_size
        ws.row_dimensions[row[0].row].height = line_height * lines * max(1.0, size / font_size)


def print_setup(ws: Worksheet, header_rows: str | None = None, title_columns: str | None = None) -> int:
    """Landscape A4, as many pages wide as the sheet needs to stay readable, ``header_rows`` ("3:3") and
    ``title_columns`` ("A:A") repeated on every page. Returns the number of pages wide."""
    total = sum((ws.column_dimensions[get_column_letter(k)].width or 10) for k in range(1, ws.max_column + 1))
    wide = max(1, math.ceil(total / PRINT_WIDTH_PER_PAGE))
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = wide
    ws.page_setup.fitToHeight = 0
    if header_rows:
        ws.print_title_rows = header_rows
    if title_columns and wide > 1:
        ws.print_title_cols = title_columns
    return wide
