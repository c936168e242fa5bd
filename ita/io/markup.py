"""Spreadsheets written as markup, as web systems' "Export to Excel" writes them: an HTML table named .xls (Excel
opens it as a sheet), and Excel 2003's XML spreadsheet (SpreadsheetML) named .xls or .xml. Each is read into sheets
of cells as Excel shows them: a cell spanning columns or rows is a merged range (its value in its top-left cell),
a line break is a space, SpreadsheetML's hidden rows and columns are said as any workbook's, and its numbers
formatted as a percentage are the numbers shown. A flat OpenDocument spreadsheet (.fods, LibreOffice's one-file
XML) is turned into the .ods it stands for and read as one.

Parsed with the standard library, in the parse worker like every file (``ita.io.isolation``): a page by a one-pass
tokenizer of our own (``html.parser`` of Python 3.11 is quadratic on some crafted runs), Excel 2003 XML by expat (2.4
and later refuses an entity that expands without bound; no external entity or DTD is ever fetched). Every span and
index is bounded; every cell placed and every row counts against the file's budget, and each sheet, padded to its
widest row, against a sheet's (``Limits``), counted before it is laid out.

    kind = markup_kind(data)              # "html", "xml2003", "mhtml", "fods" or "web_page" (no table in it)
    sheets = read_markup(kind, data, max_cells, sheet_cells)   # [MarkupSheet], or TooLarge
    ods = flat_as_ods(data)               # a flat OpenDocument spreadsheet (.fods) as the .ods it stands for
    page = mhtml_page(data)               # the web page of a web archive (MHTML), read as "html"
"""

from __future__ import annotations

import bisect
import email
import email.policy
import html
import io
import re
import xml.etree.ElementTree as ET
import zipfile
from array import array
from dataclasses import dataclass, field
from typing import Any

from ita.io.csvtext import decode_text
from ita.io.styles import shows_percent

MARKUP_KINDS = frozenset({"html", "xml2003"})  # the kinds read here (a .fods is read as an .ods; a page without a
# table is not read)
_HEAD = 1 << 16  # bytes looked at to tell the kinds apart
MAX_SPAN = 256  # columns or rows one cell may span; more is a damaged or hostile file, read as one
XML2003_ROWS, XML2003_COLUMNS = 65536, 256  # Excel 2003's sheet: a row or column index past it is damaged
_SPREADSHEET_NS = "urn:schemas-microsoft-com:office:spreadsheet"
_SS = "{" + _SPREADSHEET_NS + "}"
_BREAKS = frozenset({"br", "p", "div", "li"})  # tags that break a line inside a cell: a space to a person


class TooLarge(Exception):
    """The file's cells pass the limit of cells one file may hold."""

    def __init__(self, cells: int) -> None:
        super().__init__(cells)
        self.cells = cells


@dataclass
class MarkupSheet:
    name: str
    rows: list[list[Any]]
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)  # 0-based, inclusive
    hidden_rows: list[int] = field(default_factory=list)  # 1-based
    hidden_columns: list[tuple[int, int]] = field(default_factory=list)  # first and last, 1-based
    percent: list[tuple[int, int]] = field(default_factory=list)  # (row, column) 1-based, shown as a percentage


def markup_kind(data: bytes) -> str:
    """Which markup a file that starts as markup is: Excel 2003 XML, a flat OpenDocument spreadsheet, a web archive
    (MHTML: Excel's "Single File Web Page"), an HTML page with a table, or a web page without one."""
    head = data[:_HEAD].lower()
    block = head.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]  # the archive's own header lines
    if b"mime-version:" in block and b"multipart/related" in block:  # Excel's, or a browser's ("Saved by Blink")
        return "mhtml"
    if _SPREADSHEET_NS.encode() in head and b"<workbook" in head or b"<ss:workbook" in head:
        return "xml2003"
    if b"office:document" in head and b"opendocument.spreadsheet" in head:
        return "fods"
    return "html" if b"<table" in data[: 1 << 24].lower() else "web_page"


# A flat OpenDocument spreadsheet is an .ods's parts in one XML file: its root renamed to content.xml's and its
# indentation taken out (calamine reads no pretty-printed content: "Cannot detect file format"), it is an .ods, read
# and checked as one. Only the line breaks a writer puts between tags go; a space between two runs of text stays.
_FLAT_ROOT = re.compile(rb"<([\w.-]+):document(?=[\s>])")
_INDENT = re.compile(rb">[ \t]*[\r\n]\s*<")
_OPENDOCUMENT_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
_EMPTY_MANIFEST = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>'
)


def flat_as_ods(data: bytes) -> bytes:
    """A flat OpenDocument spreadsheet (.fods, ``markup_kind`` "fods") as the .ods it stands for: a zip of its
    mimetype, a manifest and its content, stored uncompressed (the size checks then see the content's own size)."""
    root = _FLAT_ROOT.search(data[:_HEAD])
    if root is None:
        raise ValueError("no office:document element")
    prefix = root.group(1)
    end = data.rfind(b"</" + prefix + b":document>")
    if end < 0:
        raise ValueError("the office:document element is not closed")
    content = b"".join(
        (
            data[: root.start()],
            b"<" + prefix + b":document-content",
            _INDENT.sub(b"><", data[root.end() : end]),
            b"</" + prefix + b":document-content>",
        )
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("mimetype", _OPENDOCUMENT_MIME)
        zf.writestr("META-INF/manifest.xml", _EMPTY_MANIFEST)
        zf.writestr("content.xml", content)
    return out.getvalue()


def mhtml_page(data: bytes) -> bytes:
    """The web page a web archive (MHTML, ``markup_kind`` "mhtml") holds, its transfer encoding undone
    (quoted-printable: a cell read "=E0=B9=80…" as its text) and its character set declared: its pages with a table
    one after the other (Excel saves a workbook of several sheets as a frameset page and a page per sheet), else its
    first page; ValueError without one."""
    if (longest := _longest_content_type(data)) > MAX_CONTENT_TYPE:  # the email package's reading of a header's
        raise ValueError(f"a Content-Type header of {longest:,} characters")  # parameters is quadratic in its length
    pages: list[bytes] = []
    try:
        message = email.message_from_bytes(data, policy=email.policy.compat32)
        for part in message.walk():
            page = part.get_payload(decode=True) if part.get_content_type() == "text/html" else None
            if isinstance(page, bytes):
                found = _PART_CHARSET.search(str(part.get("content-type", ""))[:MAX_CONTENT_TYPE])
                pages.append((f'<meta charset="{found.group(1)}">'.encode() if found else b"") + page)
    except RecursionError as exc:  # parts nested past the interpreter's depth: a damaged or hostile archive
        raise ValueError("parts nested too deep") from exc
    tables = [page for page in pages if b"<table" in page.lower()]
    if not pages:
        raise ValueError("a web archive without a web page")
    return b"\n".join(tables) if tables else pages[0]


MAX_CONTENT_TYPE = 4096  # characters of a web archive's Content-Type header (with its folded lines), at most
_PART_CHARSET = re.compile(r"""charset\s*=\s*["']?([\w.:-]{1,40})""", re.IGNORECASE)


def _longest_content_type(data: bytes) -> int:
    """The length of the longest Content-Type header of a web archive, its folded lines counted in: one pass."""
    longest = current = 0
    for line in data.split(b"\n"):
        if current and line[:1] in (b" ", b"\t"):
            current += len(line)
        else:
            current = len(line) if line[:13].lower() == b"content-type:" else 0
        longest = max(longest, current)
    return longest


def read_markup(kind: str, data: bytes, max_cells: int, sheet_cells: int | None = None) -> list[MarkupSheet]:
    """The sheets of a markup file (``markup_kind`` html or xml2003), with at most ``max_cells`` cells placed in all
    and each sheet, padded to its widest row, at most ``sheet_cells`` (``TooLarge`` past either)."""
    sheets = _read_html(data, max_cells) if kind == "html" else _read_xml2003(data, max_cells)
    for sheet in sheets:
        if len(sheet.rows) * max((len(row) for row in sheet.rows), default=0) > min(
            max_cells, sheet_cells or max_cells
        ):
            raise TooLarge(len(sheet.rows) * len(sheet.rows[0]))
    return sheets


# --------------------------------------------------------------------------- placing cells on a grid


class _Grid:
    """Cells placed as Excel places them: left to right, skipping cells a span above still covers."""

    def __init__(self, counter: list[int], max_cells: int) -> None:
        self.rows: list[list[Any]] = []
        self.merged: list[tuple[tuple[int, int], tuple[int, int]]] = []
        # row → the column ranges a span from above covers, as sorted starts and their ends (8 bytes a range: a
        # hostile file's spans cost little more than the cells they are counted as)
        self._covered: dict[int, tuple[array[int], array[int]]] = {}
        self._cursor: dict[int, int] = {}  # row → the column after its last cell
        self._counter, self._max = counter, max_cells

    def new_row(self) -> int:
        self._counter[0] += 1  # an empty row is a cell of the sheet calamine would lay out too
        if self._counter[0] > self._max:
            raise TooLarge(self._counter[0])
        self.rows.append([])
        return len(self.rows) - 1

    def next_free(self, r: int, c: int | None = None) -> int:
        """The first column of row ``r`` from ``c`` (else after its last cell) that no span above covers."""
        c = self._cursor.get(r, 0) if c is None else c
        if r not in self._covered:
            return c
        starts, ends = self._covered[r]
        k = bisect.bisect_right(starts, c) - 1
        k = max(k, 0)
        while k < len(starts) and starts[k] <= c:
            c = max(c, ends[k] + 1)
            k += 1
        return c

    def put(self, r: int, c: int, value: Any, across: int = 1, down: int = 1) -> int:
        """Put ``value`` at (r, c), spanning ``across`` × ``down`` cells; the column after it."""
        across, down = max(1, min(across, MAX_SPAN)), max(1, min(down, MAX_SPAN))
        self._counter[0] += across * down
        if self._counter[0] > self._max:
            raise TooLarge(self._counter[0])
        row = self.rows[r]
        row.extend([None] * (c + 1 - len(row)))
        row[c] = value
        if across > 1 or down > 1:
            self.merged.append(((r, c), (r + down - 1, c + across - 1)))
            for i in range(1, down):
                starts, ends = self._covered.setdefault(r + i, (array("i"), array("i")))
                k = bisect.bisect_right(starts, c)
                starts.insert(k, c)
                ends.insert(k, c + across - 1)
        self._cursor[r] = c + across
        return c + across

    def square(self, max_cells: int) -> list[list[Any]]:
        """The rows padded to the widest, as a sheet: at most ``max_cells`` cells (else ``TooLarge``), counted before
        they are made (a far cell and a far row in a few hundred bytes would ask for millions)."""
        width = max((len(row) for row in self.rows), default=0)
        height = max(len(self.rows), max((end[0] + 1 for _, end in self.merged), default=0))
        if width * height > max_cells:
            raise TooLarge(width * height)
        self.rows.extend([] for _ in range(height - len(self.rows)))
        return [row + [None] * (width - len(row)) for row in self.rows]


def _span(value: str | None) -> int:
    try:
        return int(str(value or "1").strip())
    except ValueError:
        return 1


# --------------------------------------------------------------------------- HTML


# A tag, its name and its attributes (no '<' or '>' inside: a crafted run of '<a<a<a…' is one pass, where
# html.parser of Python 3.11 is quadratic on it), and an attribute's value, quoted or not.
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)([^<>]*)>")
# A name starts only where no name letter stands before it: tried at every letter of a long run without '=', the
# pattern took quadratic time (a 120 KB page held a parse worker for its whole time limit).
_ATTRIBUTE = re.compile(r"""(?<![a-zA-Z:-])([a-zA-Z:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_RAW_TEXT = ("script", "style")  # elements whose content is no cell's text


def _without_comments(text: str) -> str:
    """``text`` without its comments ('<!-- … -->'; an unclosed one runs to the end), in one pass."""
    out, at = [], 0
    while (start := text.find("<!--", at)) >= 0:
        out.append(text[at:start])
        end = text.find("-->", start + 4)
        if end < 0:
            return "".join(out)
        at = end + 3
    out.append(text[at:])
    return "".join(out)


def _feed(tables: _Tables, text: str) -> None:
    """Each tag and run of text of a page to ``tables``, in one pass (the content of a script or style skipped)."""
    text, at, lowered = _without_comments(text), 0, ""
    for tag in _TAG.finditer(text):
        if tag.start() < at:
            continue
        if tag.start() > at:
            tables.handle_data(html.unescape(text[at : tag.start()]))
        at = tag.end()
        end, name = tag.group(1), tag.group(2).lower()
        if end:
            tables.handle_endtag(name)
            continue
        attrs = [
            (m.group(1).lower(), m.group(2) or m.group(3) or m.group(4) or "") for m in _ATTRIBUTE.finditer(tag[3])
        ]
        tables.handle_starttag(name, attrs)
        if name in _RAW_TEXT:
            lowered = lowered or text.lower()
            close = lowered.find(f"</{name}", at)
            at = len(text) if close < 0 else close
    if at < len(text):
        tables.handle_data(html.unescape(text[at:]))


class _Tables:
    """Every table of a page, each a grid of the text of its cells. A table inside a cell is a table of its own."""

    def __init__(self, max_cells: int) -> None:
        self.tables: list[_Grid] = []
        self._open: list[tuple[_Grid, int, list[str] | None, dict[str, str]]] = []  # grid, row, cell text, attrs
        self._counter, self._max = [0], max_cells

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._open.append((_Grid(self._counter, self._max), -1, None, {}))
            self.tables.append(self._open[-1][0])
        elif not self._open:
            return
        elif tag == "tr":
            self._end_cell()
            grid = self._open[-1][0]
            self._open[-1] = (grid, grid.new_row(), None, {})
        elif tag in ("td", "th"):
            self._end_cell()
            grid, r, _, _ = self._open[-1]
            if r < 0:
                r = grid.new_row()
            self._open[-1] = (grid, r, [], {k: v or "" for k, v in attrs})
        elif tag in _BREAKS and self._open[-1][2] is not None:
            self._open[-1][2].append(" ")

    def handle_endtag(self, tag: str) -> None:
        if not self._open:
            return
        if tag in ("td", "th", "tr"):
            self._end_cell()
        elif tag == "table":
            self._end_cell()
            self._open.pop()

    def handle_data(self, data: str) -> None:
        if self._open and self._open[-1][2] is not None:
            self._open[-1][2].append(data)

    def _end_cell(self) -> None:
        grid, r, text, attrs = self._open[-1]
        if text is None:
            return
        value = " ".join("".join(text).split())
        grid.put(r, grid.next_free(r), value or None, _span(attrs.get("colspan")), _span(attrs.get("rowspan")))
        self._open[-1] = (grid, r, None, {})


_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.IGNORECASE)


def _read_html(data: bytes, max_cells: int) -> list[MarkupSheet]:
    declared = _CHARSET.search(data[:_HEAD])
    text = None
    if declared:
        try:
            text = data.decode(declared.group(1).decode("ascii", "replace"))
        except (LookupError, UnicodeDecodeError):
            text = None
    if text is None:
        text = decode_text(data).text
    parser = _Tables(max_cells)
    _feed(parser, text)
    tables = [grid for grid in parser.tables if any(any(v is not None for v in row) for row in grid.rows)]
    return [MarkupSheet(f"Table {k}", grid.square(max_cells), grid.merged) for k, grid in enumerate(tables, 1)]


# --------------------------------------------------------------------------- Excel 2003 XML (SpreadsheetML)


def _read_xml2003(data: bytes, max_cells: int) -> list[MarkupSheet]:
    root = ET.fromstring(data)  # expat: no external entities, and entity expansion bounded
    percent_styles = {
        style.get(_SS + "ID")
        for style in root.iter(_SS + "Style")
        if any(shows_percent(fmt.get(_SS + "Format") or "") or fmt.get(_SS + "Format") == "Percent"
               for fmt in style.iter(_SS + "NumberFormat"))
    }  # fmt: skip
    counter = [0]
    sheets = []
    for k, worksheet in enumerate(root.iter(_SS + "Worksheet"), 1):
        grid = _Grid(counter, max_cells)
        sheet = MarkupSheet(worksheet.get(_SS + "Name") or f"Sheet{k}", [])
        table = worksheet.find(_SS + "Table")
        if table is not None:
            _xml_columns(table, sheet)
            _xml_rows(table, grid, sheet, percent_styles)
        sheet.rows, sheet.merged = grid.square(max_cells), grid.merged
        sheets.append(sheet)
    return sheets


def _xml_columns(table: ET.Element, sheet: MarkupSheet) -> None:
    c = 0
    for column in table.iter(_SS + "Column"):
        at = column.get(_SS + "Index")
        c = min(max(_span(at) - 1, 0), XML2003_COLUMNS - 1) if at else c  # never before column A
        count = 1 + min(max(_span(column.get(_SS + "Span") or "0"), 0), MAX_SPAN)
        if column.get(_SS + "Hidden") == "1":
            sheet.hidden_columns.append((c + 1, c + count))
        c += count


def _xml_rows(table: ET.Element, grid: _Grid, sheet: MarkupSheet, percent_styles: set[str | None]) -> None:
    for row in table.iter(_SS + "Row"):
        wanted = _span(row.get(_SS + "Index")) - 1 if row.get(_SS + "Index") else len(grid.rows)
        r = min(max(wanted, len(grid.rows)), XML2003_ROWS - 1)  # a row index never goes back, nor past the sheet
        while len(grid.rows) <= r:
            grid.new_row()
        if row.get(_SS + "Hidden") == "1":
            sheet.hidden_rows.append(r + 1)
        c = 0
        for cell in row.iter(_SS + "Cell"):
            at = cell.get(_SS + "Index")
            c = min(max(_span(at) - 1, 0), XML2003_COLUMNS - 1) if at else grid.next_free(r, c)
            value = _xml_value(cell.find(_SS + "Data"))
            if cell.get(_SS + "StyleID") in percent_styles and isinstance(value, float):
                sheet.percent.append((r + 1, c + 1))
            across = 1 + _span(cell.get(_SS + "MergeAcross") or "0")
            c = grid.put(r, c, value, across, 1 + _span(cell.get(_SS + "MergeDown") or "0"))


def _xml_value(data: ET.Element | None) -> Any:
    """A cell's value as Excel holds it: a Number is a number, anything else its text."""
    if data is None:
        return None
    text = " ".join("".join(data.itertext()).split())
    if data.get(_SS + "Type") == "Number":
        try:
            return float(text)
        except ValueError:
            return text
    return text or None
