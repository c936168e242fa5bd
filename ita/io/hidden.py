"""What a workbook hides from a person who reads it in Excel, said as problems.

Rule: what is hidden is read like the rest (nothing uploaded is lost) and said, so that no data the
user cannot see in Excel loads silently:

- a hidden or very hidden sheet (calamine's sheet metadata, every format): one warning per sheet;
- hidden rows holding data (a filter hides rows the same way): one warning per run of rows, located at
  its first row; hidden columns holding data: one warning per sheet;
- formulas saved without their result (a file written by a program that never calculated it, such as
  openpyxl): calamine reads them as empty; one warning per sheet naming the cells;
- formulas whose result is an error (#DIV/0!, #REF!): calamine reads them as empty too, so the error value is
  put back into its cell, where reading a score says it (``ita.io.values.EXCEL_ERRORS``), not "no score";
- a number formatted as a percentage (83.65% is held as 0.8365, and calamine gives 0.8365) is read as the number
  shown, 83.65, when it is a fraction of one (.xlsx and .ods); one note per sheet names the cells.

calamine exposes neither hidden rows nor formulas nor error values, so for .xlsx one streaming pass over the worksheet
XML finds them: C-speed searches per 1 MB piece, and the regular expressions below run only on the
pieces that hold a hidden row or a formula. An .ods says its hidden rows and columns in content.xml
(table:visibility="collapse" or "filter"): ``ita.io.reading`` finds them in the one pass that finds its merged
cells (``ita.io.extents.ods_layout``). An .xls says them in its ROW and COLINFO records, read in the pass the
size checks make over every record (``ita.io.formats``).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ita.common.problems import INFO, WARNING, Problems, column_letter
from ita.io.styles import invisible_styles, percent_styles, struck_styles
from ita.io.values import is_blank

if TYPE_CHECKING:
    from ita.io.reading import Book, RawSheet

_CHUNK = 1 << 20
_MAX_CARRY = 8 << 20  # a piece without one whole row this long is scanned as it is
_LISTED = 10  # ranges of cells or rows named in one message, at most

_PREFIX = rb"(?:[\w.-]+:)?"
# Attribute runs are [^<>]* and whitespace runs possessive, so that no pattern backtracks over a long
# run: a crafted part of '<f <f <f …' or of spaces costs one linear pass, as a normal one does.
_ROW_TAG = re.compile(rb"<" + _PREFIX + rb"row\b([^<>]*)>")
_COL_TAG = re.compile(rb"<" + _PREFIX + rb"col\b([^<>]*)>")
_HIDDEN = re.compile(rb"""\shidden\s*+=\s*+["'](?:1|true)["']""")
_ROW_NUMBER = re.compile(rb"""\sr\s*+=\s*+["'](\d+)["']""")
_COL_SPAN = re.compile(rb"""\s(min|max)\s*+=\s*+["'](\d+)["']""")
_FORMULA_START = re.compile(rb"<" + _PREFIX + rb"f[\s/>]")
_FORMULA_HINT = re.compile(rb"f[\s/>]")  # a fast first look: regexes that start with a letter skip ahead
# A formula element followed by the end of its cell, with no value or an empty one: <f>A1*2</f></c>,
# <f t="shared" si="0"/></c>, <f>SUM(C2:L2)</f><v></v></c> (openpyxl writes the last).
_FORMULA_WITHOUT_VALUE = re.compile(
    rb"<" + _PREFIX + rb"f\b[^<>]*(?:/>|>[^<]*+</" + _PREFIX + rb"f>)\s*+"
    rb"(?:<"
    + _PREFIX
    + rb"v\s*+/>\s*+|<"
    + _PREFIX
    + rb"v\b[^<>]*+>\s*+</"
    + _PREFIX
    + rb"v>\s*+)?</"
    + _PREFIX
    + rb"c>"
)
_CELL_START = re.compile(rb"<" + _PREFIX + rb"c\b([^<>]*)>")
_CELL_REF = re.compile(rb"""\sr\s*+=\s*+["']([A-Za-z]{1,3})(\d+)["']""")
_CELL_TYPE = re.compile(rb"""\st\s*+=\s*+["'](\w+)["']""")
_EMPTY_VALUE = re.compile(rb"<" + _PREFIX + rb"v\b")
_ERROR_TYPE = re.compile(rb"""\st\s*+=\s*+["']e["']""")  # <c r="C2" t="e"><f>1/0</f><v>#DIV/0!</v></c>
_CELL_END = re.compile(rb"</" + _PREFIX + rb"c>")
_VALUE = re.compile(rb"<" + _PREFIX + rb"v\b[^<>]*+>([^<]{1,32})</" + _PREFIX + rb"v>")
_STYLE = re.compile(rb"""\ss\s*+=\s*+["'](\d+)["']""")  # a cell's style: an index into cellXfs (ita.io.styles)
_CELL_SPAN = 1 << 16  # an error cell's value is looked for this far after its tag (its formula comes first)


@dataclass
class Hidden:
    """What one worksheet part hides; rows and columns are 1-based, as Excel numbers them."""

    rows: list[int] = field(default_factory=list)
    columns: list[tuple[int, int]] = field(default_factory=list)  # first and last column of each range
    formulas: list[tuple[int, int]] = field(default_factory=list)  # (row, column) without a saved result
    errors: list[tuple[int, int, str]] = field(default_factory=list)  # (row, column, error value) of a formula
    percent: list[tuple[int, int]] = field(default_factory=list)  # (row, column) formatted as a percentage
    struck: list[tuple[int, int]] = field(default_factory=list)  # (row, column) whose text is struck through
    invisible: list[tuple[int, int]] = field(default_factory=list)  # (row, column) of a style that shows nothing


def say_what_is_hidden(book: Book, sheet_name: str, sheet: RawSheet, problems: Problems) -> None:
    """Warn about the sheet if it is hidden, and about hidden rows, hidden columns and formulas without
    a saved result on it (.xlsx). Reading goes on: each is data as the file holds it. The error values of
    formulas, read as empty, are put back into ``sheet``'s cells."""
    sheet.hidden = _say_visibility(book, sheet_name, problems)
    part = book.sheet_parts.get(sheet_name)
    layout = book.ods_layouts.get(sheet_name)  # an .ods: found while the sheet was read (ita.io.reading)
    if layout is not None:
        found = Hidden(
            layout.hidden_rows,
            layout.hidden_columns,
            errors=layout.errors,
            percent=layout.percent,
            struck=layout.struck,
        )
    elif sheet_name in book.markup:  # a web page's table or Excel 2003 XML: found as it was read (ita.io.markup)
        markup = book.markup[sheet_name]
        found = Hidden(markup.hidden_rows, markup.hidden_columns, percent=markup.percent)
    elif sheet_name in book.xls_hidden:  # an .xls: found by the size checks' pass over its records
        biff = book.xls_hidden[sheet_name]
        styled = biff.styled
        found = Hidden(
            biff.hidden_rows, biff.hidden_columns, [], biff.errors, styled.percent, styled.struck, styled.invisible
        )
    elif book.kind == "xlsx" and part is not None:
        try:
            with zipfile.ZipFile(io.BytesIO(book.data)) as zf:
                found = scan_xlsx_part(zf, part, percent_styles(zf), struck_styles(zf), invisible_styles(zf))
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError):
            return  # the sheet itself was read; a part we cannot scan again hides nothing we could say
    else:
        return
    _put_back_errors(found.errors, sheet.rows)
    where: dict[str, Any] = {"file": book.name, "sheet": sheet_name}  # keyword arguments of Problems.add
    if shown := _as_shown(found.percent, sheet.rows):
        (row, column, example) = shown[0]
        cells = _cell_ranges([(r, c) for r, c, _ in shown])
        scaled = f"{example * 100:.2f}"
        problems.add(
            INFO, "percent_as_shown", count=len(shown), cells=cells, example=f"{example:g}", scaled=scaled, **where
        )
    _say_rows(found.rows, sheet.rows, problems, where)
    invisible = _struck_rows(found.invisible, sheet.rows) - set(found.rows)  # shown as nothing: hidden to a reader
    if invisible:
        rows = ", ".join(_span(a, b) for a, b in _runs(sorted(invisible)))
        problems.add(WARNING, "invisible_rows", row=min(invisible), rows=rows, count=len(invisible), **where)
    sheet.hidden_rows = frozenset(found.rows) | invisible
    sheet.struck_rows = _struck_rows(found.struck, sheet.rows)
    if sheet.struck_rows:
        rows = ", ".join(_span(a, b) for a, b in _runs(sorted(sheet.struck_rows)))
        problems.add(
            WARNING, "struck_rows", row=min(sheet.struck_rows), rows=rows, count=len(sheet.struck_rows), **where
        )
    width = max((len(row) for row in sheet.rows), default=0)
    sheet.hidden_columns = frozenset(c - 1 for first, last in found.columns for c in range(first, min(last, width) + 1))
    columns = [
        c
        for first, last in found.columns
        for c in range(first, min(last, width) + 1)
        if _column_has_data(sheet.rows, c)
    ]
    if columns:
        problems.add(
            WARNING,
            "hidden_columns",
            columns=", ".join(_span(column_letter(a - 1), column_letter(b - 1)) for a, b in _runs(columns)),
            **where,
        )
    if found.formulas:
        problems.add(
            WARNING, "formula_without_value", count=len(found.formulas), cells=_cell_ranges(found.formulas), **where
        )


def _put_back_errors(errors: list[tuple[int, int, str]], rows: list[list[Any]]) -> None:
    for row, column, value in errors:
        if row <= len(rows) and column <= len(rows[row - 1]) and is_blank(rows[row - 1][column - 1]):
            rows[row - 1][column - 1] = value


def _as_shown(cells: list[tuple[int, int]], rows: list[list[Any]]) -> list[tuple[int, int, float]]:
    """Each number of a percentage cell that is a fraction of one read as the number shown (0.8365 as 83.65); the
    cells changed and what they held. A number above 1 (8365% on screen) is a score typed into a percentage
    cell: it is kept as typed."""
    changed = []
    for row, column in cells:
        if row <= len(rows) and column <= len(rows[row - 1]):
            value = rows[row - 1][column - 1]
            if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 1:
                rows[row - 1][column - 1] = round(float(value) * 100, 9)
                changed.append((row, column, float(value)))
    return changed


def _say_rows(hidden_rows: list[int], rows: list[list[Any]], problems: Problems, where: dict[str, str]) -> None:
    """One warning per run of hidden rows holding data, at its first row; past ``_LISTED`` runs (a filter
    can hide every other row of a national file) one warning for all of them."""
    data_rows = [r for r in sorted(set(hidden_rows)) if _row_has_data(rows, r)]
    runs = _runs(data_rows)
    if len(runs) > _LISTED:
        listed = ", ".join(_span(a, b) for a, b in runs[:_LISTED]) + f", … (+{len(runs) - _LISTED})"
        problems.add(WARNING, "hidden_rows", row=runs[0][0], rows=listed, count=len(data_rows), **where)
        return
    for first, last in runs:
        problems.add(WARNING, "hidden_rows", row=first, rows=_span(first, last), count=last - first + 1, **where)


def _say_visibility(book: Book, sheet_name: str, problems: Problems) -> bool:
    """Warn about a hidden sheet; whether it is hidden."""
    try:
        visible = {m.name: str(m.visible) for m in book.workbook().sheets_metadata}.get(sheet_name, "")
    except Exception:  # metadata is a courtesy; calamine may not give it for a damaged file
        return False
    if visible.endswith("VeryHidden"):
        problems.add(WARNING, "very_hidden_sheet", file=book.name, sheet=sheet_name)
    elif visible.endswith("Hidden"):
        problems.add(WARNING, "hidden_sheet", file=book.name, sheet=sheet_name)
    return visible.endswith("Hidden")


def scan_xlsx_part(
    zf: zipfile.ZipFile,
    part: str,
    percent: frozenset[int] = frozenset(),
    struck: frozenset[int] = frozenset(),
    invisible: frozenset[int] = frozenset(),
) -> Hidden:
    """Hidden rows and columns, formula cells without a saved result, the error values of formulas and the cells
    of a ``percent`` style and of a ``struck`` one, of one worksheet part."""
    found = Hidden()
    for piece in _pieces(zf, part):
        if b"hidden" in piece:
            _hidden_rows_and_columns(piece, found)
        if _FORMULA_HINT.search(piece) and _FORMULA_START.search(piece):
            _formulas_without_value(piece, found)
        if (b'"e"' in piece or b"'e'" in piece) and _ERROR_TYPE.search(piece):
            _error_values(piece, found)
        if percent or struck or invisible:
            _styled(piece, percent, struck, found, invisible)
    return found


def _pieces(zf: zipfile.ZipFile, member: str) -> Iterator[bytes]:
    """The part's XML in pieces that end just after '</row>' (or a bare '<row>'), so no tag or cell is cut."""
    rest = b""
    with zf.open(member) as fh:
        while chunk := fh.read(_CHUNK):
            text = rest + chunk
            cut = text.rfind(b"row>")
            if cut < 0 and len(text) < _MAX_CARRY:
                rest = text
                continue
            cut = len(text) if cut < 0 else cut + 4
            yield text[:cut]
            rest = text[cut:]
    if rest:
        yield rest


def _hidden_rows_and_columns(piece: bytes, found: Hidden) -> None:
    for attrs in _COL_TAG.findall(piece):
        if _HIDDEN.search(attrs):
            span = dict(_COL_SPAN.findall(attrs))
            if b"min" in span:
                first = int(span[b"min"])
                found.columns.append((first, max(first, int(span.get(b"max", first)))))
    row = 0
    for attrs in _ROW_TAG.findall(piece):
        number = _ROW_NUMBER.search(attrs)
        # A row without r= follows the one before it; one with no numbered row before it in this piece is
        # left out (Excel and the libraries we know always write r=)
        row = int(number.group(1)) if number else row + 1 if row else 0
        if row and _HIDDEN.search(attrs):
            found.rows.append(row)


def _formulas_without_value(piece: bytes, found: Hidden) -> None:
    for match in _FORMULA_WITHOUT_VALUE.finditer(piece):
        cell = _CELL_START.match(piece, piece.rfind(b"<", 0, match.start()))  # the <c> the formula is in
        if cell is None:
            continue
        kind = _CELL_TYPE.search(cell.group(1))
        if kind and kind.group(1) == b"str" and _EMPTY_VALUE.search(match.group(0)):
            continue  # a formula whose result is the empty string, saved as <v></v> by Excel
        ref = _CELL_REF.search(cell.group(1))
        if ref:
            found.formulas.append((int(ref.group(2)), _column_number(ref.group(1))))


def _error_values(piece: bytes, found: Hidden) -> None:
    """Each error cell's value; the stretches searched never overlap, so a crafted part costs one pass."""
    searched = 0
    for typed in _ERROR_TYPE.finditer(piece):
        cell = _CELL_START.match(piece, piece.rfind(b"<", 0, typed.start()))  # the <c> the type is of
        ref = _CELL_REF.search(cell.group(1)) if cell else None
        if cell is None or ref is None or cell.end() < searched:
            continue
        end = _CELL_END.search(piece, cell.end(), cell.end() + _CELL_SPAN)
        searched = end.start() if end else cell.end() + _CELL_SPAN
        if value := _VALUE.search(piece, cell.end(), searched):
            found.errors.append(
                (int(ref.group(2)), _column_number(ref.group(1)), value.group(1).decode(errors="replace"))
            )


def _styled(
    piece: bytes,
    percent: frozenset[int],
    struck: frozenset[int],
    found: Hidden,
    invisible: frozenset[int] = frozenset(),
) -> None:
    for style in _STYLE.finditer(piece):
        index = int(style.group(1))
        if index in percent or index in struck or index in invisible:
            cell = _CELL_START.match(piece, piece.rfind(b"<", 0, style.start()))  # a <c>, not a styled <row>
            ref = _CELL_REF.search(cell.group(1)) if cell else None
            if ref:
                kind = found.percent if index in percent else found.struck if index in struck else found.invisible
                kind.append((int(ref.group(2)), _column_number(ref.group(1))))


def _struck_rows(cells: list[tuple[int, int]], rows: list[list[Any]]) -> frozenset[int]:
    """The rows (1-based) of ``cells`` (struck through, or shown as nothing): at least half of the cells holding
    data."""
    struck: dict[int, int] = {}
    for r, c in cells:
        if 0 < r <= len(rows) and 0 < c <= len(rows[r - 1]) and not is_blank(rows[r - 1][c - 1]):
            struck[r] = struck.get(r, 0) + 1
    return frozenset(r for r, n in struck.items() if 2 * n >= sum(not is_blank(v) for v in rows[r - 1]))


def _column_number(letters: bytes) -> int:
    number = 0
    for ch in letters.upper():
        number = number * 26 + ch - 64
    return number


def _row_has_data(rows: list[list[Any]], row: int) -> bool:
    return row <= len(rows) and any(not is_blank(cell) for cell in rows[row - 1])


def _column_has_data(rows: list[list[Any]], column: int) -> bool:
    return any(column <= len(row) and not is_blank(row[column - 1]) for row in rows)


def _runs(numbers: Any) -> list[tuple[int, int]]:
    """Sorted runs of consecutive numbers: [2, 3, 4, 7] → [(2, 4), (7, 7)]."""
    runs: list[tuple[int, int]] = []
    for n in sorted(set(numbers)):
        if runs and n == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    return runs


def _span(first: Any, last: Any) -> str:
    return str(first) if first == last else f"{first}–{last}"


def _cell_ranges(cells: list[tuple[int, int]]) -> str:
    """'M2:M13, N5' for cells grouped by column into runs of rows; the first few ranges, then a count."""
    by_column: dict[int, list[int]] = {}
    for row, column in cells:
        by_column.setdefault(column, []).append(row)
    ranges = []
    for column in sorted(by_column):
        letter = column_letter(column - 1)
        ranges += [f"{letter}{a}" if a == b else f"{letter}{a}:{letter}{b}" for a, b in _runs(by_column[column])]
    shown = ", ".join(ranges[:_LISTED])
    return shown if len(ranges) <= _LISTED else f"{shown}, … (+{len(ranges) - _LISTED})"
