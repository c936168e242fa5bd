"""From bytes to sheets of cells, safely.

Every check that can be made before parsing is made before parsing: the file's size, what its first
bytes say it is (whatever its name says), whether a zip container would unpack to something huge, and
whether the workbook is encrypted. Parsing itself is done by calamine (Rust), which is fast and raises
instead of crashing on damaged input; every failure becomes a problem, never a traceback.
"""

from __future__ import annotations

import csv
import html
import io
import os
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import python_calamine

from ita.problems import ERROR, INFO, WARNING, Problems, column_letter
from ita.text import word

MB = 1024 * 1024


def _env_number(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, default))
    except ValueError:
        return default


@dataclass(frozen=True)
class Limits:
    """Safety limits, checked before parsing. Defaults fit a national file (8,300 agencies × 7 years)
    several times over; each can be raised with the environment variable named beside it."""

    max_file_mb: float = 50            # ITA_MAX_FILE_MB: size of the uploaded file
    max_unpacked_mb: float = 250       # ITA_MAX_UNPACKED_MB: all parts of an .xlsx/.ods, unpacked
    max_ratio: float = 200             # ITA_MAX_RATIO: unpacked/packed size of any one part
    max_cells: int = 3_000_000         # ITA_MAX_CELLS: cells in one sheet (rows × used columns)
    max_sheets: int = 60               # ITA_MAX_SHEETS: sheets read from one workbook

    @classmethod
    def from_env(cls) -> "Limits":
        return cls(
            max_file_mb=_env_number("ITA_MAX_FILE_MB", cls.max_file_mb),
            max_unpacked_mb=_env_number("ITA_MAX_UNPACKED_MB", cls.max_unpacked_mb),
            max_ratio=_env_number("ITA_MAX_RATIO", cls.max_ratio),
            max_cells=int(_env_number("ITA_MAX_CELLS", cls.max_cells)),
            max_sheets=int(_env_number("ITA_MAX_SHEETS", cls.max_sheets)),
        )


@dataclass
class RawSheet:
    """Cells as a person sees them: row 0 is spreadsheet row 1, column 0 is column A."""

    name: str
    rows: list[list[Any]]
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)


# --------------------------------------------------------------------------- sniffing

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")
_FORMAT_NAMES = {"xlsx": ".xlsx", "xls": ".xls", "ods": ".ods", "csv": ".csv"}


def sniff(data: bytes) -> str:
    """What the bytes are: xlsx, ods, xls, encrypted, csv, html, or a description of something else."""
    head = data[:4096]
    if head.startswith(_OLE):
        # An encrypted .xlsx is an OLE container holding EncryptionInfo; a real .xls holds a Workbook.
        return "encrypted" if _ENCRYPTION_STREAM in data[:1 << 20] or _ENCRYPTION_STREAM in data[-(1 << 20):] \
            else "xls"
    if head.startswith(_ZIP):
        return "zip"
    if head.startswith(b"\x09\x08") or head.startswith(b"\x09\x04") or head.startswith(b"\x09\x02"):
        return "xls"  # BIFF2-5 worksheet stream without an OLE wrapper
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if stripped.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml")) or b"<html" in stripped[:512]:
        return "html"
    for magic, kind in ((b"%PDF", "pdf"), (b"\x89PNG", "png"), (b"\xff\xd8\xff", "jpeg"), (b"GIF8", "gif"),
                        (b"\x1f\x8b", "gzip"), (b"Rar!", "rar"), (b"7z\xbc\xaf", "7z"), (b"{\\rtf", "rtf"),
                        (b"MZ", "program")):
        if head.startswith(magic):
            return kind
    if b"\x00" in head and not (head.startswith(b"\xff\xfe") or head.startswith(b"\xfe\xff")):
        return "binary"
    return "csv"


def _zip_kind(zf: zipfile.ZipFile) -> str:
    names = set(zf.namelist())
    if "xl/workbook.xml" in names or "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names):
        return "xlsx"
    if "content.xml" in names:
        try:
            mime = zf.read("mimetype")[:100] if "mimetype" in names else b""
        except (zipfile.BadZipFile, OSError, RuntimeError, ValueError, NotImplementedError):
            mime = b""
        return "ods" if b"spreadsheet" in mime or not mime else "odf"
    if "word/document.xml" in names:
        return "docx"
    if "ppt/presentation.xml" in names:
        return "pptx"
    return "zip"


# --------------------------------------------------------------------------- reading


@dataclass
class Book:
    """A file that passed every check made before parsing, ready to be read one sheet at a time
    (``read_sheet``), possibly in another process."""

    name: str
    kind: str                                   # xlsx, xls, ods or csv
    data: bytes
    sheet_names: list[str]
    sheet_parts: dict[str, str] = field(default_factory=dict)   # xlsx: sheet name → worksheet part
    csv_sheet: RawSheet | None = None
    _workbook: Any = field(default=None, repr=False)
    _opened_in: int = field(default=0, repr=False)

    def workbook(self) -> Any:
        """calamine's workbook, opened once per process (a forked worker opens its own)."""
        if self._workbook is None or self._opened_in != os.getpid():
            self._workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(self.data))
            self._opened_in = os.getpid()
        return self._workbook


def read_sheets(name: str, data: bytes, problems: Problems, limits: Limits | None = None) -> list[RawSheet] | None:
    """Every sheet of the file as rows of cells, or None (with problems said) if it cannot be read."""
    limits = limits or Limits.from_env()
    book = open_book(name, data, problems, limits)
    if book is None:
        return None
    return [sheet for sheet_name in book.sheet_names
            if (sheet := read_sheet(book, sheet_name, problems, limits)) is not None]


def open_book(name: str, data: bytes, problems: Problems, limits: Limits | None = None) -> Book | None:
    """Check a file before parsing it; None (with problems said) if it must not or cannot be read."""
    limits = limits or Limits.from_env()
    ext = os.path.splitext(name)[1].lower()
    say = lambda sev, code, **kw: problems.add(sev, code, file=name, **kw)  # noqa: E731

    if not data:
        say(ERROR, "file_empty")
        return None
    if len(data) > limits.max_file_mb * MB:
        say(ERROR, "file_too_large", size=f"{len(data) / MB:.1f}", limit=f"{limits.max_file_mb:g}")
        return None

    kind = sniff(data)
    sheet_parts: dict[str, str] = {}
    if kind == "zip":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                kind = _zip_kind(zf)
                if kind in ("xlsx", "ods") and not _zip_is_safe(zf, name, problems, limits):
                    return None
                if kind == "xlsx":
                    sheet_parts, unnamed = _xlsx_parts(zf, limits.max_cells)
                    if unnamed is not None and unnamed.cells > limits.max_cells:
                        say(ERROR, "too_many_cells_area", **unnamed.values(limits))
                        return None
                elif kind == "ods":
                    # calamine lays out every table of an .ods when it opens the file, so one oversized
                    # table means none can be read.
                    over = {sheet: e for sheet, e in _ods_extents(zf).items() if e.cells > limits.max_cells}
                    for sheet, extent in over.items():
                        say(ERROR, "too_many_cells_ods", sheet=sheet, **extent.values(limits))
                    if over:
                        return None
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError) as exc:
            say(ERROR, "corrupt", detail=f"zip: {_short(exc)}")
            return None
    if kind == "encrypted":
        say(ERROR, "encrypted")
        return None
    if kind == "html":
        say(ERROR, "html_as_spreadsheet", ext=ext or "(no extension)")
        return None
    if kind not in ("xlsx", "xls", "ods", "csv"):
        say(ERROR, "unknown_format", kind=word(f"kind_{kind}"))
        return None
    if kind == "csv" and ext in (".xlsx", ".xls", ".xlsm", ".ods"):
        # Text named like a workbook: read it as CSV only if it plainly is one.
        if not _looks_tabular(data):
            say(ERROR, "unknown_format", kind=word("kind_text"))
            return None
    if ext and _FORMAT_NAMES.get(kind) != ext and not (kind == "xlsx" and ext == ".xlsm"):
        say(WARNING, "extension_mismatch", ext=ext, actual=_FORMAT_NAMES[kind])

    if kind == "csv":
        sheet = _read_csv(name, data, problems, limits)
        return None if sheet is None else Book(name, kind, data, [sheet.name], csv_sheet=sheet)
    book = Book(name, kind, data, [], sheet_parts)
    try:
        names = book.workbook().sheet_names
    except python_calamine.PasswordError:
        say(ERROR, "encrypted")
        return None
    except Exception as exc:  # calamine raises several types for damaged files; all mean the same to a user
        say(ERROR, "corrupt", detail=_short(exc))
        return None
    if len(names) > limits.max_sheets:
        say(WARNING, "too_many_sheets", count=len(names), limit=limits.max_sheets)
        names = names[: limits.max_sheets]
    book.sheet_names = list(names)
    return book


def read_sheet(book: Book, sheet_name: str, problems: Problems, limits: Limits | None = None) -> RawSheet | None:
    """One sheet's cells, or None (with a problem said) if it is too large or damaged."""
    limits = limits or Limits.from_env()
    if book.csv_sheet is not None:
        return book.csv_sheet
    part = book.sheet_parts.get(sheet_name)
    if part is not None:
        # calamine lays a sheet out densely from its first to its last cell: one far cell (XFD1048576) in a
        # 1 KB file asks for hundreds of GB and aborts the process, so the extent is judged before parsing.
        try:
            with zipfile.ZipFile(io.BytesIO(book.data)) as zf:
                planned = _xlsx_part_area(zf, part, limits.max_cells)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError) as exc:
            problems.add(ERROR, "corrupt", file=book.name, sheet=sheet_name, detail=f"zip: {_short(exc)}")
            return None
        if planned.cells > limits.max_cells:
            problems.add(ERROR, "too_many_cells_area", file=book.name, sheet=sheet_name, **planned.values(limits))
            return None
    try:
        sheet = book.workbook().get_sheet_by_name(sheet_name)
        cells = sheet.height * sheet.width  # total_height/total_width are the last indexes, not counts
        if cells > limits.max_cells:
            problems.add(ERROR, "too_many_cells", file=book.name, sheet=sheet_name, cells=f"{cells:,}",
                         limit=f"{limits.max_cells:,}")
            return None
        rows = sheet.to_python(skip_empty_area=False)
        merged = sheet.merged_cell_ranges or []
    except Exception as exc:  # a damaged sheet: report it and keep the others
        problems.add(ERROR, "sheet_unreadable", file=book.name, sheet=sheet_name, detail=_short(exc))
        return None
    return RawSheet(sheet_name, rows, list(merged))


def _zip_is_safe(zf: zipfile.ZipFile, name: str, problems: Problems, limits: Limits) -> bool:
    """Refuse a zip that would unpack to more than the limits, judged from its directory alone."""
    total = 0
    for info in zf.infolist():
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > 1 * MB and ratio > limits.max_ratio:
            problems.add(ERROR, "decompression_bomb", file=name, member=info.filename,
                         size=f"{info.file_size / MB:,.0f}", ratio=f"{ratio:,.0f}", limit=f"{limits.max_ratio:g}:1")
            return False
    if total > limits.max_unpacked_mb * MB:
        problems.add(ERROR, "decompression_bomb", file=name, member="(all)", size=f"{total / MB:,.0f}",
                     ratio=f"{total / max(sum(i.compress_size for i in zf.infolist()), 1):,.0f}",
                     limit=f"{limits.max_unpacked_mb:g} MB")
        return False
    return True


# --------------------------------------------------------------------------- extent of each sheet
#
# What calamine would allocate for a sheet, read from the XML with a streaming scan before calamine sees
# it: (last row − first row + 1) × (last column − first column + 1) over the cells that hold a value.
# The zip directory already bounds how much is unpacked; this bounds what the unpacked XML describes
# (a far cell in .xlsx, number-rows/columns-repeated in .ods, where a 1 KB file can describe 10^10 cells).

_CHUNK = 1 << 20
_XLSX_TOKEN = re.compile(rb"<(?:[\w.-]+:)?(row|c)(?=[\s/>])([^>]*?)(/?)>")
_XLSX_REF = re.compile(rb"""\sr\s*=\s*["']([A-Za-z]{0,3})(\d*)["']""")
_XLSX_OTHER_C = re.compile(rb"<c[\w.:-]")  # <col>, <cfRule>, ...: tags that start like a cell and are not
_XLSX_PREFIXED = re.compile(rb"<[\w.-]+:(?:c|row)[\s/>]")
_ODS_TOKEN = re.compile(rb"<(/?)table:(table-row|table-cell|covered-table-cell|table)(?=[\s/>])([^>]*?)(/?)>")
_ODS_NAME = re.compile(rb"""\stable:name\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_ODS_ROWS = re.compile(rb"""\stable:number-rows-repeated\s*=\s*["'](\d+)["']""")
_ODS_COLS = re.compile(rb"""\stable:number-columns-repeated\s*=\s*["'](\d+)["']""")
_ODS_VALUE = re.compile(rb"\soffice:value-type\s*=")


class _Extent:
    """First and last row and column holding a value; ``cells`` is the dense area between them."""

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
        """Cells from A1 to the last row and column: what ``to_python(skip_empty_area=False)`` builds."""
        if not self.rows[1]:
            return 0
        return self.rows[1] * self.cols[1]

    def values(self, limits: Limits) -> dict[str, str]:
        """Placeholders for a message: the corners, the area and the limit."""
        return {"first": f"{column_letter(self.cols[0] - 1)}{self.rows[0]}",
                "last": f"{column_letter(self.cols[1] - 1)}{self.rows[1]}",
                "cells": f"{self.cells:,}", "limit": f"{limits.max_cells:,}"}


def _xml_chunks(zf: zipfile.ZipFile, member: str) -> Any:
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


def _xlsx_parts(zf: zipfile.ZipFile, max_cells: int) -> tuple[dict[str, str], _Extent | None]:
    """Sheet name → worksheet part, and the largest area among worksheet parts no sheet name points to
    (calamine may still open them), or None if there are none."""
    names = set(zf.namelist())
    sheets = _xlsx_sheet_parts(zf, names)
    wanted = {n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml") and "/_rels/" not in n}
    unnamed = [_xlsx_part_area(zf, part, max_cells) for part in sorted(wanted - set(sheets.values()))]
    return sheets, max(unnamed, key=lambda extent: extent.cells) if unnamed else None


def _xlsx_part_area(zf: zipfile.ZipFile, part: str, max_cells: int) -> _Extent:
    """The area calamine would allocate for one worksheet part: a cheap upper bound when that is within
    the limit, else the exact scan."""
    bound = _xlsx_part_bound(zf, part)
    return bound if bound is not None and bound.cells <= max_cells else _xlsx_part_extent(zf, part)


def _xlsx_sheet_parts(zf: zipfile.ZipFile, names: set[str]) -> dict[str, str]:
    """Sheet name → worksheet part, from xl/workbook.xml and its relationships."""
    if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
        return {}
    targets: dict[bytes, str] = {}
    for tag in re.findall(rb"<(?:[\w.-]+:)?Relationship\s[^>]*>", zf.read("xl/_rels/workbook.xml.rels")):
        rel_id = re.search(rb"""\sId\s*=\s*["']([^"']*)["']""", tag)
        target = re.search(rb"""\sTarget\s*=\s*["']([^"']*)["']""", tag)
        if rel_id and target:
            path = html.unescape(target.group(1).decode("utf-8", "replace"))
            path = path.lstrip("/") if path.startswith(("/", "xl/")) else "xl/" + path
            targets[rel_id.group(1)] = posixpath.normpath(path)
    found: dict[str, str] = {}
    for tag in re.findall(rb"<(?:[\w.-]+:)?sheet\s[^>]*>", zf.read("xl/workbook.xml")):
        sheet_name = re.search(rb"""\sname\s*=\s*(?:"([^"]*)"|'([^']*)')""", tag)
        rel_id = re.search(rb"""\s[\w.-]+:id\s*=\s*["']([^"']*)["']""", tag)
        if sheet_name and rel_id and rel_id.group(1) in targets:
            raw = sheet_name.group(1) if sheet_name.group(1) is not None else sheet_name.group(2)
            found[html.unescape(raw.decode("utf-8", "replace"))] = targets[rel_id.group(1)]
    return found


# The cheap bound below holds only when every cell tag starts '<c r="A1"' (Excel and most libraries),
# no reference passes column Z or row 99,999, and the sheet's main namespace has no prefix.
_CELL_WITHOUT_REF = re.compile(rb'<c(?! r="[A-Za-z])[\s/>]')
_FAR_REF = re.compile(rb'<c r="(?:[A-Za-z]{2}|[A-Za-z]\d{6})')
_PREFIXED_MAIN = re.compile(rb"""xmlns:[\w.-]+\s*=\s*["'][^"']*(?:spreadsheetml/2006/main|ooxml/spreadsheetml/main)""")
_BOUND = (99_999, 26)


def _xlsx_part_bound(zf: zipfile.ZipFile, member: str) -> _Extent | None:
    """An upper bound on the area (99,999 rows × 26 columns) when every cell has a plain reference within
    it: three C-speed searches per chunk instead of reading each reference. None means: scan exactly."""
    for chunk in _xml_chunks(zf, member):
        if _CELL_WITHOUT_REF.search(chunk) or _FAR_REF.search(chunk) or _PREFIXED_MAIN.search(chunk):
            return None
    extent = _Extent()
    extent.add(1, _BOUND[0], 1, _BOUND[1])
    return extent


def _xlsx_part_extent(zf: zipfile.ZipFile, member: str) -> _Extent:
    """Cells in the dense area of one worksheet part. A cell or row without r= follows the one before it,
    as calamine places it; an empty cell (<c r="XFD1" s="1"/>) holds no value and is not counted."""
    extent = _Extent()
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


def _ods_extents(zf: zipfile.ZipFile) -> dict[str, _Extent]:
    """Table name → cells of its dense area, counting number-rows-repeated and number-columns-repeated."""
    if "content.xml" not in zf.namelist():
        return {}
    found: dict[str, _Extent] = {}
    table, extent = "", _Extent()
    row = col = 0                  # rows and columns passed so far
    row_repeat = 1
    for chunk in _xml_chunks(zf, "content.xml"):
        for end, tag, attrs, closed in _ODS_TOKEN.findall(chunk):
            if tag == b"table":
                if end:
                    found[table] = extent
                else:
                    named = _ODS_NAME.search(attrs)
                    raw = (named.group(1) if named.group(1) is not None else named.group(2)) if named else b""
                    table, extent, row, col = html.unescape(raw.decode("utf-8", "replace")), _Extent(), 0, 0
            elif tag == b"table-row":
                if not end:
                    repeat = _ODS_ROWS.search(attrs)
                    row_repeat, col = int(repeat.group(1)) if repeat else 1, 0
                if end or closed:
                    row += row_repeat
            else:
                repeat = _ODS_COLS.search(attrs)
                span = int(repeat.group(1)) if repeat else 1
                if not end and (_ODS_VALUE.search(attrs) or not closed):
                    extent.add(row + 1, row + row_repeat, col + 1, col + span)
                col += 0 if end else span
    return found


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:160]


# --------------------------------------------------------------------------- CSV

_CSV_ENCODINGS = (("utf-8-sig", "UTF-8"), ("cp874", "Windows-874 (TIS-620)"))


def decode_text(data: bytes) -> tuple[str, str, int]:
    """Decode CSV bytes: UTF-16 by BOM, else UTF-8 if valid, else Windows-874 (a superset of TIS-620).

    Returns the text, the encoding's display name and how many bytes had to be replaced.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
        return text, "UTF-16", text.count("\ufffd")
    for codec, label in _CSV_ENCODINGS:
        try:
            return data.decode(codec), label, 0
        except UnicodeDecodeError:
            continue
    # UTF-8 with a few damaged bytes: keep it UTF-8. Read as Windows-874 instead, every Thai letter
    # (three bytes in UTF-8) would turn into three wrong ones and no header would be recognised.
    # Windows-874 text read as UTF-8 fails on nearly every Thai byte, so the two cannot be confused.
    text = data.decode("utf-8-sig", errors="replace")
    bad = text.count("\ufffd")
    if bad <= max(8, len(text) // 1000) and any("\u0e00" <= ch <= "\u0e7f" for ch in text):
        return text, "UTF-8", bad
    text = data.decode("cp874", errors="replace")
    return text, "Windows-874 (TIS-620)", text.count("\ufffd")


def _looks_tabular(data: bytes) -> bool:
    text, _, bad = decode_text(data[:65536])
    lines = [line for line in text.splitlines()[:20] if line.strip()]
    return bad == 0 and len(lines) >= 2 and all(any(d in line for d in ",;\t|") for line in lines[:2])


def _read_csv(name: str, data: bytes, problems: Problems, limits: Limits) -> RawSheet | None:
    text, encoding, bad = decode_text(data)
    if encoding != "UTF-8":
        problems.add(INFO, "csv_encoding", file=name, encoding=encoding)
    if bad:
        problems.add(WARNING, "csv_undecodable", file=name, count=bad)
    sample = text[:65536]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    rows: list[list[Any]] = []
    cells = 0
    try:
        for row in csv.reader(io.StringIO(text, newline=""), dialect):
            cells += len(row)
            if cells > limits.max_cells:
                problems.add(ERROR, "too_many_cells", file=name, cells=f"> {limits.max_cells:,}",
                             limit=f"{limits.max_cells:,}")
                return None
            rows.append(row)
    except csv.Error as exc:
        problems.add(ERROR, "corrupt", file=name, detail=f"CSV: {exc}")
        return None
    return RawSheet(os.path.splitext(os.path.basename(name))[0], rows)
