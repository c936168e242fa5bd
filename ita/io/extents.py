"""What calamine would lay out for each sheet, judged from the bytes before it sees them.

calamine lays a sheet out densely, from A1 to its last cell holding a value, so a few bytes can ask for
gigabytes. ``Extent`` is that area; the streaming scans below read it from the XML of an .xlsx or an .ods
(``ita.io.formats`` reads it from the records of an .xls or an .xlsb, and raises ``Damaged``).
"""

from __future__ import annotations

import html
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ita.common.problems import column_letter


class Damaged(ValueError):
    """The container or its records are damaged; the message is the detail of a ``corrupt`` problem."""


class Extent:
    """First and last row and column holding a value (1-based); ``cells`` is the area from A1 to the last
    ones, what ``to_python(skip_empty_area=False)`` builds and more than calamine's own layout."""

    def __init__(self) -> None:
        self.rows = [0, 0]
        self.cols = [0, 0]

    def add(self, first_row: int, last_row: int, first_col: int, last_col: int) -> None:
        if not self.rows[1]:
            self.rows, self.cols = [first_row, last_row], [first_col, last_col]
            return
        self.rows = [min(self.rows[0], first_row), max(self.rows[1], last_row)]
        self.cols = [min(self.cols[0], first_col), max(self.cols[1], last_col)]

    @property
    def cells(self) -> int:
        if not self.rows[1]:
            return 0
        return self.rows[1] * self.cols[1]

    def values(self, limits: Any) -> dict[str, Any]:
        """Placeholders for a message: the corners, the area and the per-sheet limit."""
        return {
            "first": f"{column_letter(self.cols[0] - 1)}{self.rows[0]}",
            "last": f"{column_letter(self.cols[1] - 1)}{self.rows[1]}",
            "cells": f"{self.cells:,}",
            "limit": f"{limits.max_cells:,}",
        }


# --------------------------------------------------------------------------- extent of each sheet
#
# What calamine would allocate for a sheet, read from the XML with a streaming scan before calamine sees
# it: (last row − first row + 1) × (last column − first column + 1) over the cells that hold a value.
# The zip directory already bounds how much is unpacked; this bounds what the unpacked XML describes
# (a far cell in .xlsx, number-rows/columns-repeated in .ods, where a 1 KB file can describe 10^10 cells).

_CHUNK = 1 << 20
# [^<>] and not [^>]: on a crafted run of unclosed tags ('<c <c <c ...') the latter backtracks quadratically.
_XLSX_TOKEN = re.compile(rb"<(?:[\w.-]+:)?(row|c)(?=[\s/>])([^<>]*?)(/?)>")
_XLSX_REF = re.compile(rb"""\sr\s*=\s*["']([A-Za-z]{0,3})(\d*)["']""")
_XLSX_OTHER_C = re.compile(rb"<c[\w.:-]")  # <col>, <cfRule>, ...: tags that start like a cell and are not
_XLSX_PREFIXED = re.compile(rb"<[\w.-]+:(?:c|row)[\s/>]")
_ODS_TOKEN = re.compile(rb"<(/?)table:(table-row|table-cell|covered-table-cell|table)(?=[\s/>])([^<>]*?)(/?)>")
_ODS_NAME = re.compile(rb"""\stable:name\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_ODS_ROWS = re.compile(rb"""\stable:number-rows-repeated\s*=\s*["'](\d+)["']""")
_ODS_COLS = re.compile(rb"""\stable:number-columns-repeated\s*=\s*["'](\d+)["']""")
_ODS_VALUE = re.compile(rb"\soffice:value-type\s*=")


def _xml_chunks(zf: zipfile.ZipFile, member: str) -> Iterator[bytes]:
    """A part's XML in pieces that end between tags, so a regex over each piece sees whole tags."""
    rest = b""
    with zf.open(member) as fh:
        while chunk := fh.read(_CHUNK):
            text = rest + chunk
            cut = text.rfind(b"<")
            if cut < 0 or b">" in text[cut:]:
                yield text
                rest = b""
            else:
                yield text[:cut]
                rest = text[cut:] if len(text) - cut < _CHUNK else b""  # a tag that long is no cell
    if rest:
        yield rest


def _column_number(letters: bytes) -> int:
    number = 0
    for ch in letters.upper():
        number = number * 26 + ch - 64
    return number


def xlsx_parts(zf: zipfile.ZipFile, max_cells: int) -> tuple[dict[str, str], Extent | None]:
    """Sheet name → worksheet part, and the largest area among worksheet parts no sheet name points to
    (calamine may still open them), or None if there are none."""
    names = set(zf.namelist())
    sheets = _xlsx_sheet_parts(zf, names)
    wanted = {n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml") and "/_rels/" not in n}
    unnamed = [xlsx_part_area(zf, part, max_cells) for part in sorted(wanted - set(sheets.values()))]
    return sheets, max(unnamed, key=lambda extent: extent.cells) if unnamed else None


def xlsx_part_area(zf: zipfile.ZipFile, part: str, max_cells: int) -> Extent:
    """The area calamine would allocate for one worksheet part: a cheap upper bound when that is within
    the limit, else the exact scan."""
    bound = xlsx_part_bound(zf, part)
    return bound if bound is not None and bound.cells <= max_cells else xlsx_part_extent(zf, part)


def _xlsx_sheet_parts(zf: zipfile.ZipFile, names: set[str]) -> dict[str, str]:
    """Sheet name → worksheet part, from xl/workbook.xml and its relationships."""
    if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
        return {}
    targets: dict[bytes, str] = {}
    for tag in re.findall(rb"<(?:[\w.-]+:)?Relationship\s[^<>]*>", zf.read("xl/_rels/workbook.xml.rels")):
        rel_id = re.search(rb"""\sId\s*=\s*["']([^"']*)["']""", tag)
        target = re.search(rb"""\sTarget\s*=\s*["']([^"']*)["']""", tag)
        if rel_id and target:
            path = html.unescape(target.group(1).decode("utf-8", "replace"))
            path = path.lstrip("/") if path.startswith(("/", "xl/")) else "xl/" + path
            targets[rel_id.group(1)] = posixpath.normpath(path)
    found: dict[str, str] = {}
    for tag in re.findall(rb"<(?:[\w.-]+:)?sheet\s[^<>]*>", zf.read("xl/workbook.xml")):
        sheet_name = re.search(rb"""\sname\s*=\s*(?:"([^"]*)"|'([^']*)')""", tag)
        rel_id = re.search(rb"""\s[\w.-]+:id\s*=\s*["']([^"']*)["']""", tag)
        if sheet_name and rel_id and rel_id.group(1) in targets:
            raw = sheet_name.group(1) if sheet_name.group(1) is not None else sheet_name.group(2)
            found[html.unescape(raw.decode("utf-8", "replace"))] = targets[rel_id.group(1)]
    return found


# The cheap bound below holds only when every cell tag starts '<c r="A1"' (Excel and most libraries),
# no reference passes column Z or row 99,999, and the sheet's main namespace has no prefix; it is 9,999
# rows when no reference has five digits (one sheet per year of a national file has about 8,300 rows).
_CELL_WITHOUT_REF = re.compile(rb'<c(?! r="[A-Za-z])[\s/>]')
_FAR_REF = re.compile(rb'<c r="(?:[A-Za-z]{2}|[A-Za-z]\d{6})')
_FIVE_DIGIT_REF = re.compile(rb'<c r="[A-Za-z]\d{5}')
_PREFIXED_MAIN = re.compile(rb"""xmlns:[\w.-]+\s*=\s*["'][^"']*(?:spreadsheetml/2006/main|ooxml/spreadsheetml/main)""")
_BOUND = (99_999, 26)
_SMALL_BOUND = 9_999


def xlsx_part_bound(zf: zipfile.ZipFile, member: str) -> Extent | None:
    """An upper bound on the area (9,999 or 99,999 rows × 26 columns) when every cell has a plain
    reference within it: a few C-speed searches per chunk instead of reading each reference. None means:
    scan exactly."""
    five_digits = False
    for chunk in _xml_chunks(zf, member):
        if _CELL_WITHOUT_REF.search(chunk) or _FAR_REF.search(chunk) or _PREFIXED_MAIN.search(chunk):
            return None
        five_digits = five_digits or _FIVE_DIGIT_REF.search(chunk) is not None
    extent = Extent()
    extent.add(1, _BOUND[0] if five_digits else _SMALL_BOUND, 1, _BOUND[1])
    return extent


def xlsx_part_extent(zf: zipfile.ZipFile, member: str) -> Extent:
    """Cells in the dense area of one worksheet part. A cell or row without r= follows the one before it,
    as calamine places it; an empty cell (<c r="XFD1" s="1"/>) holds no value and is not counted."""
    extent = Extent()
    row = col = 0
    for chunk in _xml_chunks(zf, member):
        # Fast path, for files from Excel and most libraries: every cell tag starts '<c r="A1"'.
        cell_tags = chunk.count(b"<c") - len(_XLSX_OTHER_C.findall(chunk))
        if chunk.count(b'<c r="') == cell_tags and not _XLSX_PREFIXED.search(chunk):
            found = _xlsx_refs_area(chunk)
            if found is not None:
                if found:
                    extent.add(*found[:4])
                    row, col = found[4:]
                continue
        for tag, attrs, closed in _XLSX_TOKEN.findall(chunk):
            ref = _XLSX_REF.search(attrs)
            if tag == b"row":
                row = int(ref.group(2)) if ref and ref.group(2) else row + 1
                col = 0
                continue
            if ref and ref.group(1):
                col = _column_number(ref.group(1))
                row = int(ref.group(2)) if ref.group(2) else row
            else:
                col += 1
            if not closed:
                extent.add(max(row, 1), max(row, 1), col, col)
    return extent


_REF_WIDTH = 12  # '<c r="' is followed by up to 3 letters, up to 7 digits and the closing quote


def _xlsx_refs_area(chunk: bytes) -> tuple[int, ...] | None:
    """First and last row and column of the valued cells in a chunk where every cell tag starts
    '<c r="', and the last cell's row and column; () if none; None if a reference is unusual (the
    caller then reads the chunk tag by tag). Vectorised: a national file has a million cells."""
    a = np.frombuffer(chunk, dtype=np.uint8)
    size = len(a)
    starts = np.flatnonzero(a == ord("<"))
    for k, byte in enumerate(b'c r="', start=1):
        starts = starts[a[np.minimum(starts + k, size - 1)] == byte]
    if not len(starts):
        return ()
    closes = np.flatnonzero(a == ord(">"))
    at = np.searchsorted(closes, starts)
    if at[-1] >= len(closes):
        return None
    refs = starts[a[closes[at] - 1] != ord("/")] + 6  # valued cells: not '<c r="A1" s="1"/>'
    if not len(refs):
        return ()
    window = a[np.minimum(refs[:, None] + np.arange(_REF_WIDTH), size - 1)]
    upper = window & 0xDF
    letter = (upper >= ord("A")) & (upper <= ord("Z"))
    digit = (window >= ord("0")) & (window <= ord("9"))
    n_letters = np.argmin(letter, axis=1)
    run = np.cumprod(letter | digit, axis=1).astype(bool)
    n_total = run.sum(axis=1)
    n_digits = n_total - n_letters
    if ((n_letters < 1) | (n_letters > 3) | (n_digits < 1) | (n_digits > 7)).any():
        return None
    if (window[np.arange(len(refs)), np.minimum(n_total, _REF_WIDTH - 1)] != ord('"')).any():
        return None
    rows = np.zeros(len(refs), dtype=np.int64)
    cols = np.zeros(len(refs), dtype=np.int64)
    for j in range(_REF_WIDTH - 1):
        in_letters = j < n_letters
        in_digits = ~in_letters & (j < n_total)
        cols = np.where(in_letters, cols * 26 + upper[:, j].astype(np.int64) - 64, cols)
        rows = np.where(in_digits, rows * 10 + window[:, j].astype(np.int64) - 48, rows)
    return (int(rows.min()), int(rows.max()), int(cols.min()), int(cols.max()), int(rows[-1]), int(cols[-1]))


def ods_extents(zf: zipfile.ZipFile) -> dict[str, Extent]:
    """Table name → cells of its dense area, counting number-rows-repeated and number-columns-repeated."""
    if "content.xml" not in zf.namelist():
        return {}
    found: dict[str, Extent] = {}
    table, extent = "", Extent()
    row = col = 0  # rows and columns passed so far
    row_repeat = 1
    for chunk in _xml_chunks(zf, "content.xml"):
        for end, tag, attrs, closed in _ODS_TOKEN.findall(chunk):
            if tag == b"table":
                if end:
                    found[table] = extent
                else:
                    table, extent, row, col = _ods_table_name(attrs), Extent(), 0, 0
            elif tag == b"table-row":
                if not end:
                    row_repeat, col = _ods_repeat(_ODS_ROWS, attrs), 0
                if end or closed:
                    row += row_repeat
            elif not end:  # a cell (or a covered one) opens; its closing tag changes nothing
                repeat = _ODS_COLS.search(attrs)
                span = int(repeat.group(1)) if repeat else 1
                if _ODS_VALUE.search(attrs) or not closed:
                    extent.add(row + 1, row + row_repeat, col + 1, col + span)
                col += span
    return found


_ODS_ROWS_SPANNED = re.compile(rb"""\stable:number-rows-spanned\s*=\s*["'](\d+)["']""")
_ODS_COLS_SPANNED = re.compile(rb"""\stable:number-columns-spanned\s*=\s*["'](\d+)["']""")
_ODS_COLLAPSED = re.compile(rb"""\stable:visibility\s*=\s*["'](?:collapse|filter)["']""")
_ODS_LAYOUT_TOKEN = re.compile(
    rb"<(/?)table:(table-row|table-cell|covered-table-cell|table-column|table)(?=[\s/>])([^<>]*?)(/?)>"
)
_ODS_ERROR = re.compile(rb"""\s[\w.-]+:value-type\s*=\s*["']error["']""")  # calcext:value-type, LibreOffice's
_ODS_PERCENT = re.compile(rb"""\soffice:value-type\s*=\s*["']percentage["']""")
_ODS_TEXT = re.compile(rb"<text:p>([^<]{1,32})</text:p>")
Merge = tuple[tuple[int, int], tuple[int, int]]  # (first row, first column), (last row, last column): 0-based


@dataclass
class OdsLayout:
    """What calamine does not give for one table of an .ods: its merged ranges (0-based, as it gives an .xlsx's),
    its hidden rows and columns (1-based, as a person numbers them; table:visibility collapse or filter), and its
    formulas' error values (calamine reads them as empty) and its percentage cells (calamine gives the fraction)."""

    merges: list[Merge] = field(default_factory=list)
    hidden_rows: list[int] = field(default_factory=list)
    hidden_columns: list[tuple[int, int]] = field(default_factory=list)  # first and last column of each range
    errors: list[tuple[int, int, str]] = field(default_factory=list)  # a formula's error value: row, column (1-based)
    percent: list[tuple[int, int]] = field(default_factory=list)  # cells of a percentage: row, column (1-based)
    struck: list[tuple[int, int]] = field(default_factory=list)  # cells whose text is struck through (1-based)


# A cell style whose text is struck through (an old row kept beside its correction), from content.xml's automatic
# styles, and the style a cell names.
# A style element with a body (a self-closed '<style:style …/>' has none: its match must not run into the next style's
# body); its body, up to the first tag that closes or opens another style, so a run of styles costs one pass.
_ODS_STYLE = re.compile(rb"<style:style\b([^<>]*)(?<!/)>((?:(?!</?style:style\b).)*)</style:style>", re.DOTALL)
_ODS_STYLE_NAME = re.compile(rb"""\sstyle:name\s*=\s*["']([^"']+)["']""")
_ODS_LINE_THROUGH = re.compile(rb"""style:text-line-through-style\s*=\s*["'](?!none["'])""")
_ODS_CELL_STYLE = re.compile(rb"""\stable:style-name\s*=\s*["']([^"']+)["']""")


def _struck_styles(chunk: bytes) -> set[bytes]:
    """The names of the cell styles in ``chunk`` (before the body) that strike their text through."""
    head = chunk.split(b"<office:body", 1)[0]
    return {
        name.group(1)
        for attrs, inner in _ODS_STYLE.findall(head)
        if _ODS_LINE_THROUGH.search(inner) and (name := _ODS_STYLE_NAME.search(attrs))
    }


def ods_layout(zf: zipfile.ZipFile, table_name: str, last_row: int, max_merges: int) -> OdsLayout:
    """One pass over content.xml for one table: at most ``max_merges`` merged ranges, and the hidden rows up to
    ``last_row`` (a collapsed run of a billion repeated rows lists no more than the sheet has)."""
    found = OdsLayout()
    if "content.xml" not in zf.namelist():
        return found
    inside = False
    row = col = column = 0  # rows, cells and column definitions passed so far in the table
    row_repeat = 1
    struck: set[bytes] = set()
    body = False
    for chunk in _xml_chunks(zf, "content.xml"):
        if not body:  # the automatic styles come first
            struck |= _struck_styles(chunk)
            body = b"<office:body" in chunk
        for token in _ODS_LAYOUT_TOKEN.finditer(chunk):
            end, tag, attrs, closed = token.groups()
            if tag == b"table":
                if end and inside:
                    return found
                inside, row, col, column = (not end and _ods_table_name(attrs) == table_name), 0, 0, 0
            elif not inside or end and tag != b"table-row":
                continue
            elif tag == b"table-column":
                repeat = _ods_repeat(_ODS_COLS, attrs)
                if _ODS_COLLAPSED.search(attrs):
                    found.hidden_columns.append((column + 1, column + repeat))
                column += repeat
            elif tag == b"table-row":
                if not end:
                    row_repeat, col = _ods_repeat(_ODS_ROWS, attrs), 0
                    if _ODS_COLLAPSED.search(attrs):
                        found.hidden_rows.extend(range(row + 1, min(row + row_repeat, last_row) + 1))
                if end or closed:
                    row += row_repeat
            else:  # a cell (or a covered one) opens
                col += _ods_cell(found, chunk, token.end(), attrs, (row, col), (last_row, max_merges), struck)
    return found


def _ods_cell(
    found: OdsLayout,
    chunk: bytes,
    after: int,
    attrs: bytes,
    at: tuple[int, int],
    bounds: tuple[int, int],
    struck: set[bytes] | frozenset[bytes] = frozenset(),
) -> int:
    """Note a cell's merge, error value, percentage and struck text (0-based ``at``; ``bounds``: the sheet's last row
    and the most entries a list takes; ``struck``: the styles that strike text through); the columns it spans."""
    (row, col), (last_row, most) = at, bounds
    rows, cols = _ods_repeat(_ODS_ROWS_SPANNED, attrs), _ods_repeat(_ODS_COLS_SPANNED, attrs)
    if (rows > 1 or cols > 1) and len(found.merges) < most:
        found.merges.append(((row, col), (row + rows - 1, col + cols - 1)))
    repeat = _ods_repeat(_ODS_COLS, attrs)
    if row >= last_row:
        return repeat
    if _ODS_ERROR.search(attrs) and len(found.errors) < most:
        shown = _ODS_TEXT.match(chunk, after)  # LibreOffice writes the error as the cell's text
        found.errors.append((row + 1, col + 1, shown.group(1).decode(errors="replace") if shown else "#VALUE!"))
    if _ODS_PERCENT.search(attrs) and len(found.percent) < most:
        found.percent += [(row + 1, col + 1 + k) for k in range(min(repeat, most))]
    if struck and (style := _ODS_CELL_STYLE.search(attrs)) and style.group(1) in struck and len(found.struck) < most:
        found.struck += [(row + 1, col + 1 + k) for k in range(min(repeat, most))]
    return repeat


def _ods_table_name(attrs: bytes) -> str:
    """The table:name of a table's opening tag; "" if it has none."""
    named = _ODS_NAME.search(attrs)
    raw = (named.group(1) if named.group(1) is not None else named.group(2)) if named else b""
    return html.unescape(raw.decode("utf-8", "replace"))


def _ods_repeat(pattern: re.Pattern[bytes], attrs: bytes) -> int:
    """number-rows-repeated or number-columns-repeated (``pattern``) of a tag: 1 if it has none."""
    repeat = pattern.search(attrs)
    return int(repeat.group(1)) if repeat else 1
