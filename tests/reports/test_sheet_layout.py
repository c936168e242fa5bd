"""The workbooks as printed (issue 10, point 6): every row tall enough for its wrapped text, wide sheets printed on
as many landscape pages as stay readable, with their header row and first column on every page."""

from __future__ import annotations

import io
from dataclasses import replace

from helpers.reports import seed_items, seed_result
from openpyxl import load_workbook

from ita.common.sheet_layout import PRINT_WIDTH_PER_PAGE, lines_needed, text_width
from ita.measures.xlsx_export import export_xlsx
from ita.reports.xlsx import LINE_HEIGHT, agency_workbook


def items():
    """The seed's measures, the first with a long guideline (the seed report's own is about 500 characters)."""
    made = seed_items()
    long = "- กำหนดบทบาทหน้าที่ของผู้บริหารทุกระดับ ให้ครอบคลุมถึงการตรวจสอบ กำกับดูแล ติดตามการปฏิบัติงาน " * 6
    made[0] = replace(made[0], measure=replace(made[0].measure, guideline=long.strip()))
    return made


def test_thai_marks_take_no_width_and_lines_break_by_width():
    assert text_width("ตัวชี้วัด") == 5 and text_width("abc") == 3  # ั ี ้ sit above their letters
    assert lines_needed("ก" * 70, 10) == 10 and lines_needed("ก\nข", 40) == 2


def rows_fit(ws) -> list[str]:
    """Rows whose height is less than their longest wrapped cell needs."""
    widths = {c: ws.column_dimensions[c].width or 10 for c in ws.column_dimensions}
    short = []
    for row in ws.iter_rows(min_row=1):
        for cell in row:
            if isinstance(cell.value, str) and cell.alignment.wrap_text:
                need = lines_needed(cell.value, widths.get(cell.column_letter, 10), bool(cell.font.bold))
                height = ws.row_dimensions[cell.row].height
                if height is None or height < need * 15:
                    short.append(f"{cell.coordinate} needs {need} lines, has {height}")
    return short


def test_the_agency_workbook_rows_fit_and_the_measures_sheet_prints_on_two_readable_pages():
    wb = load_workbook(io.BytesIO(agency_workbook(seed_result(), items())))
    measures = wb.worksheets[2]
    assert rows_fit(measures) == []
    tallest = max(measures.row_dimensions[r].height or 0 for r in range(1, measures.max_row + 1))
    assert tallest >= 10 * LINE_HEIGHT  # the seed's long guideline wraps to many lines
    total = sum(measures.column_dimensions[c].width for c in measures.column_dimensions)
    assert total > PRINT_WIDTH_PER_PAGE and measures.page_setup.fitToWidth == 2  # not 14 columns on one width
    assert measures.page_setup.orientation == "landscape" and measures.print_title_cols == "$A:$A"
    assert measures.print_title_rows == "$3:$3"  # the table's header row on every page
    assert wb.worksheets[0].page_setup.fitToWidth == 1  # a narrow sheet stays one page wide


def test_the_measures_export_rows_fit_and_print_readably():
    wb = load_workbook(io.BytesIO(export_xlsx(items())))
    for ws in wb.worksheets:
        assert rows_fit(ws) == [], ws.title
        assert ws.print_title_rows == "$1:$1" and ws.page_setup.fitToWidth >= 2
