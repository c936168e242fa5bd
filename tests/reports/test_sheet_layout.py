"""The workbooks as printed (issue 10, point 6): every row tall enough for its wrapped text, wide sheets printed on
as many landscape pages as stay readable, with their header row and first column on every page."""

from __future__ import annotations

import io
from dataclasses import replace

from helpers import SAMPLES
from helpers.reports import seed_items, seed_result
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from ita.common.sheet_layout import BOLD_CHARS_PER_WIDTH, PRINT_WIDTH_PER_PAGE, lines_needed, text_width
from ita.common.text import t
from ita.io.importer import load_paths
from ita.measures.xlsx_export import export_xlsx
from ita.reports.xlsx import HEADER_FILL, LINE_HEIGHT, agency_workbook


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


def history_workbook(lang: str = "th"):
    """The agency workbook of the sample municipality with its seven years (a history sheet)."""
    from ita.analysis.agency import agency_year

    table = load_paths([SAMPLES / "sakon-nakhon-2562-2568.xlsx"]).valid
    rows = table.loc[table["agency"] == "เทศบาลตำบลพอกน้อย"]
    result = agency_year(table, "เทศบาลตำบลพอกน้อย", 2567)
    return load_workbook(io.BytesIO(agency_workbook(result, items(), history=rows, lang=lang)))


def broken_headings(ws, header_rows) -> list[str]:
    """Headings with a word wider than its column (printed broken between its letters: 'ปีงบประมา|ณ')."""
    out = []
    for r in header_rows:
        for cell in ws[r]:
            width = ws.column_dimensions[cell.column_letter].width or 10
            words = str(cell.value or "").split()
            if any(text_width(w) > width * BOLD_CHARS_PER_WIDTH for w in words):
                out.append(f"{ws.title}!{cell.coordinate} {cell.value!r} in width {width}")
    return out


def test_no_heading_word_is_broken_in_any_sheet_of_either_workbook():
    wb = history_workbook()
    for ws in wb.worksheets:
        headers = {c.row for row in ws.iter_rows() for c in row if c.fill.fgColor.rgb == f"00{HEADER_FILL}"}
        assert headers and broken_headings(ws, headers) == [], ws.title
    for ws in load_workbook(io.BytesIO(export_xlsx(items()))).worksheets:
        assert broken_headings(ws, [1]) == [], ws.title


def test_every_table_prints_its_header_and_a_wide_sheets_title_is_on_every_page():
    """The analysis and history sheets had no header row repeated; the measures sheet's title, printed in its first
    column repeated on every page, was cut at that column's edge ('มาตรการประจำปีงบประมาณ พ') from page 2 on."""
    wb = history_workbook()
    for ws in wb.worksheets:
        assert ws.print_title_rows, ws.title
    measures = wb.worksheets[2]
    assert measures.page_setup.fitToWidth == 2
    assert measures.oddHeader.left.text == measures["A1"].value and "2568" in measures["A1"].value
    last = get_column_letter(measures.max_column)
    assert measures.print_area == f"'{measures.title}'!$A$3:${last}${measures.max_row}"
    assert not wb.worksheets[0].print_area  # one page wide: its title prints as it stands


def test_the_history_names_each_years_criteria_as_a_reader_does_not_by_code():
    for lang, word in (("th", "เกณฑ์ปี 2562"), ("en", "B.E. 2562 criteria")):
        wh = history_workbook(lang).worksheets[3]
        column = [wh.cell(r, 8).value for r in range(4, wh.max_row + 1)]
        assert column[0] == word and not [v for v in column if "ITA-" in str(v)], column


def test_a_whole_number_beside_a_name_is_centred_not_against_it():
    """Found on a printed workbook: rank 1, right-aligned against '10. การป้องกันการทุจริต', read '110. การป้องกัน…'.
    Ranks and indicator numbers are centred in their cells."""
    wb = load_workbook(io.BytesIO(agency_workbook(seed_result(), items())))
    heads = {t(k, "th") for k in ("rx_rank", "rx_no_col")}
    numbers = []
    for ws in wb.worksheets[:2]:
        for row in ws.iter_rows():
            for cell in row:
                above = [ws.cell(r, cell.column).value for r in range(1, cell.row)]
                if isinstance(cell.value, int) and any(h in heads for h in above):
                    numbers.append(cell)
    assert len(numbers) >= 25 and all(cell.alignment.horizontal == "center" for cell in numbers)
