"""From bytes to sheets of cells, safely.

Every check that can be made before parsing is made before parsing: the file's size, what its first
bytes say it is (whatever its name says), whether a zip container would unpack to something huge, and
whether the workbook is encrypted. Parsing itself is done by calamine (Rust), which is fast and raises
instead of crashing on damaged input; every failure becomes a problem, never a traceback.

This module holds the steps and the limits; what the bytes are is judged in ``ita.io.sniffing``, what
each sheet would cost in ``ita.io.size_checks`` (with ``ita.io.extents``, ``ita.io.formats`` and
``ita.io.cfb``), and CSV text is read by ``ita.io.csvtext``.
"""

from __future__ import annotations

import functools
import io
import os
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import python_calamine

from ita.common.problems import ERROR, INFO, WARNING, Problems
from ita.common.settings import env_number
from ita.common.text import word
from ita.io.csvtext import looks_tabular, read_csv
from ita.io.extents import Extent, OdsLayout, ods_layout, xlsx_part_area
from ita.io.formats import BiffSheet
from ita.io.markup import MARKUP_KINDS, MarkupSheet, TooLarge, flat_as_ods, markup_kind, mhtml_page, read_markup
from ita.io.size_checks import MB, Checked, check_sizes, detail_of, over_file_budget, say_sheets_left
from ita.io.sniffing import FORMAT_NAMES, sniff, zip_kind

# Named like a workbook: text in a file with one of these extensions is read as CSV only if it plainly is one.
_WORKBOOK_EXTENSIONS = (".xlsx", ".xlsb", ".xls", ".xlsm", ".ods")


@dataclass(frozen=True)
class Limits:
    """Safety limits, checked before parsing. Defaults fit a national file (8,300 agencies × 7 years)
    several times over; each can be raised with the environment variable named beside it."""

    max_file_mb: float = 50  # ITA_MAX_FILE_MB: size of the uploaded file
    max_unpacked_mb: float = 250  # ITA_MAX_UNPACKED_MB: all parts of an .xlsx/.xlsb/.ods, unpacked
    max_ratio: float = 200  # ITA_MAX_RATIO: unpacked/packed size of any one part
    max_cells: int = 3_000_000  # ITA_MAX_CELLS: cells in one sheet (rows × used columns)
    max_file_cells: int = 6_000_000  # ITA_MAX_FILE_CELLS: cells in all the sheets of one file together
    max_sheets: int = 60  # ITA_MAX_SHEETS: sheets read from one workbook
    # ITA_MAX_ROWS: rows of one sheet. Each row is an agency-year to settle; a national file (8,300 agencies × 7 years)
    # is 58,100. 260,000 rows of 11 cells passed the cell limit and took 35 s and 930 MB.
    max_rows: int = 150_000

    @classmethod
    def from_env(cls) -> Limits:
        return cls(
            max_file_mb=env_number("ITA_MAX_FILE_MB", cls.max_file_mb),
            max_unpacked_mb=env_number("ITA_MAX_UNPACKED_MB", cls.max_unpacked_mb),
            max_ratio=env_number("ITA_MAX_RATIO", cls.max_ratio),
            max_cells=int(env_number("ITA_MAX_CELLS", cls.max_cells)),
            max_file_cells=int(env_number("ITA_MAX_FILE_CELLS", cls.max_file_cells)),
            max_sheets=int(env_number("ITA_MAX_SHEETS", cls.max_sheets)),
            max_rows=int(env_number("ITA_MAX_ROWS", cls.max_rows)),
        )


@dataclass
class RawSheet:
    """Cells as a person sees them: row 0 is spreadsheet row 1, column 0 is column A."""

    name: str
    rows: list[list[Any]]
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    # A CSV: each line has as many cells as it has fields, so a row longer than its header is a line whose fields
    # moved (a decimal comma typed unquoted: '82,59'); a spreadsheet's cells keep their column whatever is typed.
    ragged: bool = False
    hidden_columns: frozenset[int] = frozenset()  # columns hidden in the file (0-based), set by ita.io.hidden
    hidden_rows: frozenset[int] = frozenset()  # rows hidden in the file (1-based, as Excel numbers them), too
    struck_rows: frozenset[int] = frozenset()  # rows whose text is struck through (1-based; .xlsx), too
    hidden: bool = False  # the sheet itself is hidden (or very hidden), set by ita.io.hidden


@dataclass
class Book:
    """A file that passed every check made before parsing, ready to be read one sheet at a time
    (``read_sheet``), possibly in another process."""

    name: str
    kind: str  # xlsx, xls, ods or csv
    data: bytes
    sheet_names: list[str]
    sheet_parts: dict[str, str] = field(default_factory=dict)  # xlsx: sheet name → worksheet part
    csv_sheet: RawSheet | None = None
    part_extents: dict[str, Extent] = field(default_factory=dict)  # xlsx: extents judged by the size checks
    ods_layouts: dict[str, OdsLayout] = field(default_factory=dict)  # ods: merges and hidden rows, per sheet read
    xls_hidden: dict[str, BiffSheet] = field(default_factory=dict)  # xls: hidden rows and columns, error values
    markup: dict[str, MarkupSheet] = field(default_factory=dict)  # html, xml2003: every sheet, read whole
    _workbook: Any = field(default=None, repr=False)
    _opened_in: int = field(default=0, repr=False)

    def workbook(self) -> Any:
        """calamine's workbook, opened once per process (a forked worker opens its own)."""
        if self._workbook is None or self._opened_in != os.getpid():
            self._workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(self.data))
            self._opened_in = os.getpid()
        return self._workbook


def open_book(name: str, data: bytes, problems: Problems, limits: Limits | None = None) -> Book | None:
    """Check a file before parsing it; None (with problems said) if it must not or cannot be read."""
    limits = limits or Limits.from_env()
    kind = _kind_to_read(name, data, problems, limits)
    if kind is None:
        return None
    if kind == "csv":
        return _open_csv(name, data, problems, limits)
    if kind in MARKUP_KINDS:
        return _open_markup(name, kind, data, problems, limits)
    if kind in ("fods", "mhtml"):  # one format standing for another: an .ods, a web page
        try:
            data, kind = (flat_as_ods(data), "ods") if kind == "fods" else (mhtml_page(data), "html")
        except ValueError as exc:
            problems.add(ERROR, "corrupt", file=name, detail=f"{kind}: {exc}")
            return None
        if kind == "html":
            return _open_markup(name, kind, data, problems, limits)
    checked = check_sizes(kind, name, data, problems, limits)
    if checked is None:
        return None
    book = Book(
        name, kind, checked.data, [], checked.sheet_parts, part_extents=checked.part_extents, xls_hidden=checked.hidden
    )
    names = _sheets_to_read(book, checked, problems, limits)
    if names is None:
        return None
    book.sheet_names = names
    return book


_Say = Callable[..., object]  # problems.add with the file's name filled in


# Other names of one format: no "named .htm but it is .html" for them.
SAME_FORMAT = {".xlsm": ".xlsx", ".htm": ".html", ".mhtml": ".mht"}


def _kind_to_read(name: str, data: bytes, problems: Problems, limits: Limits) -> str | None:
    """The format the file will be read as (xlsx, xlsb, xls, ods or csv), whatever its name says; None (with
    a problem said) if it is empty, too large, or not a spreadsheet that can be read."""
    ext = os.path.splitext(name)[1].lower()
    say: _Say = functools.partial(problems.add, file=name)

    if not data:
        say(ERROR, "file_empty")
        return None
    if len(data) > limits.max_file_mb * MB:
        say(ERROR, "file_too_large", size=f"{len(data) / MB:.1f}", limit=f"{limits.max_file_mb:g}")
        return None
    kind = _sniffed(data, say)
    kind = markup_kind(data) if kind == "html" else kind
    if kind is None or _refused(kind, data, ext, say):
        return None
    if ext and FORMAT_NAMES.get(kind) != SAME_FORMAT.get(ext, ext):
        # A web system's "Excel" export is markup named .xls: Excel opens it, and so do we (a note, not a warning).
        markup = (kind in MARKUP_KINDS or kind == "mhtml") and ext in _WORKBOOK_EXTENSIONS
        say(INFO if markup else WARNING, "extension_mismatch", ext=ext, actual=FORMAT_NAMES[kind])
    return kind


def _sniffed(data: bytes, say: _Say) -> str | None:
    """What the bytes are (``sniff``), a zip told apart by its parts; None (with a problem said) if the zip
    cannot be opened."""
    kind = sniff(data)
    if kind != "zip":
        return kind
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return zip_kind(zf)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError) as exc:
        say(ERROR, "corrupt", detail=f"zip: {detail_of(exc)}")
        return None


def _refused(kind: str, data: bytes, ext: str, say: _Say) -> bool:
    """True (with the problem said) when a file of this kind is not read: encrypted, a web page, not a
    spreadsheet, or text named like a workbook that is not plainly CSV."""
    if kind == "encrypted":
        say(ERROR, "encrypted")
    elif kind == "web_page":
        say(ERROR, "html_as_spreadsheet", ext=ext or "(no extension)")
    elif kind not in FORMAT_NAMES:
        say(ERROR, "unknown_format", kind=word(f"kind_{kind}"))
    elif kind == "csv" and ext in _WORKBOOK_EXTENSIONS and not looks_tabular(data):
        say(ERROR, "unknown_format", kind=word("kind_text"))
    else:
        return False
    return True


def _open_csv(name: str, data: bytes, problems: Problems, limits: Limits) -> Book | None:
    """A CSV file, read whole (it has one sheet); None (with a problem said) if it cannot be read or passes
    the file budget."""
    rows = read_csv(name, data, problems, limits.max_cells)
    if rows is None or _too_many_rows(name, None, len(rows), problems, limits):
        return None
    if over_file_budget(problems, name, sum(map(len, rows)), 1, limits):
        return None
    sheet = RawSheet(os.path.splitext(os.path.basename(name))[0], rows, ragged=True)
    return Book(name, "csv", data, [sheet.name], csv_sheet=sheet)


def _open_markup(name: str, kind: str, data: bytes, problems: Problems, limits: Limits) -> Book | None:
    """An HTML table or an Excel 2003 XML spreadsheet (``ita.io.markup``), read whole; None (with a problem said) if
    it cannot be read or passes the file budget. One table of a page is named as a CSV's sheet is, after the file."""
    try:
        sheets = read_markup(kind, data, limits.max_file_cells, limits.max_cells)
    except TooLarge as exc:
        over_file_budget(problems, name, exc.cells, 1, limits)
        return None
    except (ET.ParseError, ValueError) as exc:
        problems.add(ERROR, "corrupt", file=name, detail=detail_of(exc))
        return None
    if not sheets:
        problems.add(ERROR, "html_as_spreadsheet", file=name, ext=os.path.splitext(name)[1] or "(no extension)")
        return None
    stem = os.path.splitext(os.path.basename(name))[0]
    if kind == "html":
        for k, sheet in enumerate(sheets, 1):
            sheet.name = stem if len(sheets) == 1 else f"{stem} ({k})"
    if len(sheets) > limits.max_sheets:
        say_sheets_left(problems, name, [sheet.name for sheet in sheets], len(sheets), limits)
    found = {sheet.name: sheet for sheet in sheets[: limits.max_sheets]}
    return Book(name, kind, data, list(found), markup=found)


def _sheets_to_read(book: Book, checked: Checked, problems: Problems, limits: Limits) -> list[str] | None:
    """Open the workbook in calamine and choose the sheets to read; None (with a problem said) if it fails."""
    try:
        names = list(book.workbook().sheet_names)
    except python_calamine.PasswordError:
        problems.add(ERROR, "encrypted", file=book.name)
        return None
    except BaseException as exc:  # calamine raises several types for damaged files (a Rust panic is a
        if isinstance(exc, (KeyboardInterrupt, SystemExit, GeneratorExit)):  # BaseException): all mean
            raise  # the same to a user
        problems.add(ERROR, "corrupt", file=book.name, detail=detail_of(exc))
        return None
    if checked.listed is not None and len(names) != checked.listed:
        problems.add(
            ERROR, "corrupt", file=book.name, detail=f"{len(names)} sheets listed, {checked.listed} found in the file"
        )
        return None
    if checked.keep is not None:
        return [names[k] for k in checked.keep]
    if len(names) > limits.max_sheets:
        say_sheets_left(problems, book.name, names, len(names), limits)
    return names[: limits.max_sheets]


def _ods_layout(book: Book, sheet_name: str, rows: int, cells: int) -> OdsLayout:
    """An .ods sheet's merged ranges and hidden rows and columns (calamine gives none of them for .ods), read in
    one pass and kept on the book for ``ita.io.hidden``; at most one merged range per cell."""
    with zipfile.ZipFile(io.BytesIO(book.data)) as zf:
        book.ods_layouts[sheet_name] = ods_layout(zf, sheet_name, last_row=rows, max_merges=max(cells, 1))
    return book.ods_layouts[sheet_name]


def _too_many_rows(file: str, sheet: str | None, rows: int, problems: Problems, limits: Limits) -> bool:
    """True (with the problem said) when a sheet has more rows than one may (``Limits.max_rows``)."""
    if rows <= limits.max_rows:
        return False
    problems.add(ERROR, "too_many_rows", file=file, sheet=sheet, rows=f"{rows:,}", limit=f"{limits.max_rows:,}")
    return True


def read_sheet(book: Book, sheet_name: str, problems: Problems, limits: Limits | None = None) -> RawSheet | None:
    """One sheet's cells, or None (with a problem said) if it is too large or damaged."""
    limits = limits or Limits.from_env()
    if book.kind == "csv":  # read whole when opened; once parsed, its cells are let go and read again if asked for
        again = book.csv_sheet or (_open_csv(book.name, book.data, Problems(), limits) or book).csv_sheet
        return again
    if sheet_name in book.markup:
        found = book.markup[sheet_name]
        if _too_many_rows(book.name, sheet_name, len(found.rows), problems, limits):
            return None
        raw = RawSheet(sheet_name, [list(row) for row in found.rows], list(found.merged))
        from ita.io.hidden import say_what_is_hidden

        say_what_is_hidden(book, sheet_name, raw, problems)
        return raw
    part = book.sheet_parts.get(sheet_name)
    if part is not None:
        # calamine lays a sheet out densely from its first to its last cell: one far cell (XFD1048576) in a
        # 1 KB file asks for hundreds of GB and aborts the process, so the extent is judged before parsing.
        try:
            planned = book.part_extents.get(part)  # judged already by the size checks, when they ran
            if planned is None:
                with zipfile.ZipFile(io.BytesIO(book.data)) as zf:
                    planned = xlsx_part_area(zf, part, limits.max_cells)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError) as exc:
            problems.add(ERROR, "corrupt", file=book.name, sheet=sheet_name, detail=f"zip: {detail_of(exc)}")
            return None
        if planned.cells > limits.max_cells:
            problems.add(ERROR, "too_many_cells_area", file=book.name, sheet=sheet_name, **planned.values(limits))
            return None
    try:
        sheet = book.workbook().get_sheet_by_name(sheet_name)
        cells = sheet.height * sheet.width  # total_height/total_width are the last indexes, not counts
        if _too_many_rows(book.name, sheet_name, sheet.height, problems, limits):
            return None
        if cells > limits.max_cells:
            problems.add(
                ERROR,
                "too_many_cells",
                file=book.name,
                sheet=sheet_name,
                cells=f"{cells:,}",
                limit=f"{limits.max_cells:,}",
            )
            return None
        rows = sheet.to_python(skip_empty_area=False)
        merged = sheet.merged_cell_ranges or []
        if book.kind == "ods":
            merged = _ods_layout(book, sheet_name, len(rows), cells).merges
    except Exception as exc:  # a damaged sheet: report it and keep the others
        # calamine's "Parse float error": a number cell holding what no number is ('85,2' written by an exporter)
        code = "sheet_bad_number_cells" if "parse float" in str(exc).lower() else "sheet_unreadable"
        problems.add(ERROR, code, file=book.name, sheet=sheet_name, detail=detail_of(exc))
        return None
    from ita.io.garbled import repair_rows

    rows = repair_rows(book.name, sheet_name, rows, problems)  # UTF-8 Thai once read as Windows-874, saved so
    raw = RawSheet(sheet_name, rows, list(merged))
    from ita.io.hidden import say_what_is_hidden  # ita.io.hidden builds on Book and RawSheet of this module

    say_what_is_hidden(book, sheet_name, raw, problems)
    return raw
