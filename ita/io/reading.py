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
import itertools
import os
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Sequence

import numpy as np
import python_calamine

from ita.io import formats
from ita.io.formats import Damaged, Extent as _Extent
from ita.common.problems import ERROR, INFO, WARNING, Problems
from ita.common.settings import env_number
from ita.common.text import word

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Safety limits, checked before parsing. Defaults fit a national file (8,300 agencies × 7 years)
    several times over; each can be raised with the environment variable named beside it."""

    max_file_mb: float = 50            # ITA_MAX_FILE_MB: size of the uploaded file
    max_unpacked_mb: float = 250       # ITA_MAX_UNPACKED_MB: all parts of an .xlsx/.xlsb/.ods, unpacked
    max_ratio: float = 200             # ITA_MAX_RATIO: unpacked/packed size of any one part
    max_cells: int = 3_000_000         # ITA_MAX_CELLS: cells in one sheet (rows × used columns)
    max_file_cells: int = 6_000_000    # ITA_MAX_FILE_CELLS: cells in all the sheets of one file together
    max_sheets: int = 60               # ITA_MAX_SHEETS: sheets read from one workbook

    @classmethod
    def from_env(cls) -> "Limits":
        return cls(
            max_file_mb=env_number("ITA_MAX_FILE_MB", cls.max_file_mb),
            max_unpacked_mb=env_number("ITA_MAX_UNPACKED_MB", cls.max_unpacked_mb),
            max_ratio=env_number("ITA_MAX_RATIO", cls.max_ratio),
            max_cells=int(env_number("ITA_MAX_CELLS", cls.max_cells)),
            max_file_cells=int(env_number("ITA_MAX_FILE_CELLS", cls.max_file_cells)),
            max_sheets=int(env_number("ITA_MAX_SHEETS", cls.max_sheets)),
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
_FORMAT_NAMES = {"xlsx": ".xlsx", "xlsb": ".xlsb", "xls": ".xls", "ods": ".ods", "csv": ".csv"}
# The BOF record that opens a BIFF stream without an OLE container: BIFF5/8, BIFF4, BIFF3, BIFF2.
_BARE_BIFF = (b"\x09\x08\x08\x00", b"\x09\x08\x10\x00", b"\x09\x04\x06\x00", b"\x09\x02\x06\x00",
              b"\x09\x00\x04\x00")


def sniff(data: bytes) -> str:
    """What the bytes are: zip (xlsx, xlsb or ods: see ``_zip_kind``), xls, encrypted, csv, html, or a
    description of something else."""
    head = data[:4096]
    if head.startswith(_OLE):
        # An encrypted .xlsx is an OLE container holding EncryptionInfo; a real .xls holds a Workbook.
        return "encrypted" if _ENCRYPTION_STREAM in data[:1 << 20] or _ENCRYPTION_STREAM in data[-(1 << 20):] \
            else "xls"
    if head.startswith(_ZIP):
        return "zip"
    if head.startswith(_BARE_BIFF):
        return "xls"  # a BIFF2-5 stream without an OLE container
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if stripped.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml")) or b"<html" in stripped[:512]:
        return "html"
    for magic, kind in ((b"%PDF", "pdf"), (b"\x89PNG", "png"), (b"\xff\xd8\xff", "jpeg"), (b"GIF8", "gif"),
                        (b"\x1f\x8b", "gzip"), (b"Rar!", "rar"), (b"7z\xbc\xaf", "7z"), (b"{\\rtf", "rtf"),
                        (b"MZ", "program")):
        if head.startswith(magic):
            return kind
    if b"\x00" in head and not (head.startswith(b"\xff\xfe") or head.startswith(b"\xfe\xff")) \
            and utf16_without_bom(head) is None:  # UTF-16 text without a byte-order mark is a CSV
        return "binary"
    return "csv"


def _zip_kind(zf: zipfile.ZipFile) -> str:
    """What a zip is, from its parts. calamine tries .xlsx, then .xlsb, then .ods, and reads the first
    that opens (looking parts up regardless of case), so a zip holding the opening parts of two of them
    could be checked as one and parsed as the other: it is none of them ("mixed")."""
    names = set(zf.namelist())
    folded = {n.replace("\\", "/").lower() for n in names}
    found = [kind for kind, part in (("xlsx", "xl/workbook.xml"), ("xlsb", "xl/workbook.bin"), ("ods", "content.xml"))
             if part in folded]
    if len(found) > 1:
        return "mixed"
    if "xl/workbook.bin" in names:
        return "xlsb"  # checked first: an .xlsb also has [Content_Types].xml and xl/ parts
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
    part_extents: dict[str, _Extent] = field(default_factory=dict)  # xlsx: extents judged by the size checks
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
    if kind == "zip":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                kind = _zip_kind(zf)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError) as exc:
            say(ERROR, "corrupt", detail=f"zip: {_short(exc)}")
            return None
    if kind == "encrypted":
        say(ERROR, "encrypted")
        return None
    if kind == "html":
        say(ERROR, "html_as_spreadsheet", ext=ext or "(no extension)")
        return None
    if kind not in _FORMAT_NAMES:
        say(ERROR, "unknown_format", kind=word(f"kind_{kind}"))
        return None
    if kind == "csv" and ext in (".xlsx", ".xlsb", ".xls", ".xlsm", ".ods"):
        # Text named like a workbook: read it as CSV only if it plainly is one.
        if not _looks_tabular(data):
            say(ERROR, "unknown_format", kind=word("kind_text"))
            return None
    if ext and _FORMAT_NAMES.get(kind) != ext and not (kind == "xlsx" and ext == ".xlsm"):
        say(WARNING, "extension_mismatch", ext=ext, actual=_FORMAT_NAMES[kind])

    if kind == "csv":
        sheet = _read_csv(name, data, problems, limits)
        if sheet is not None and (cells := sum(map(len, sheet.rows))) > limits.max_file_cells:
            say(ERROR, "too_many_cells_file", cells=f"{cells:,}", sheets=1, limit=f"{limits.max_file_cells:,}")
            return None
        return None if sheet is None else Book(name, kind, data, [sheet.name], csv_sheet=sheet)
    checked = _check_sizes(kind, name, data, problems, limits)
    if checked is None:
        return None
    book = Book(name, kind, checked.data, [], checked.sheet_parts, part_extents=checked.part_extents)
    names = _sheets_to_read(book, checked, problems, limits)
    if names is None:
        return None
    book.sheet_names = names
    return book


def _sheets_to_read(book: Book, checked: "_Checked", problems: Problems, limits: Limits) -> list[str] | None:
    """Open the workbook in calamine and choose the sheets to read; None (with a problem said) if it fails."""
    try:
        names = list(book.workbook().sheet_names)
    except python_calamine.PasswordError:
        problems.add(ERROR, "encrypted", file=book.name)
        return None
    except BaseException as exc:  # calamine raises several types for damaged files (a Rust panic is a
        if isinstance(exc, (KeyboardInterrupt, SystemExit, GeneratorExit)):  # BaseException): all mean
            raise                                                             # the same to a user
        problems.add(ERROR, "corrupt", file=book.name, detail=_short(exc))
        return None
    if checked.listed is not None and len(names) != checked.listed:
        problems.add(ERROR, "corrupt", file=book.name,
                     detail=f"{len(names)} sheets listed, {checked.listed} found in the file")
        return None
    if checked.keep is not None:
        return [names[k] for k in checked.keep]
    if len(names) > limits.max_sheets:
        problems.add(WARNING, "too_many_sheets", file=book.name, count=len(names), limit=limits.max_sheets)
    return names[: limits.max_sheets]


# --------------------------------------------------------------------------- size checks, by format
#
# calamine opens an .xls or an .ods by laying out every sheet, and an .xlsx or an .xlsb one sheet at a
# time; either way, what each sheet would cost is judged from the bytes first, and so is the file's total.


@dataclass
class _Checked:
    """What the size checks decided: the bytes calamine may see, and which of the sheets it will list may
    be read (``keep``, indexes; None: the first ``max_sheets``), when it must list ``listed`` of them."""

    data: bytes
    sheet_parts: dict[str, str] = field(default_factory=dict)
    keep: list[int] | None = None
    listed: int | None = None
    part_extents: dict[str, _Extent] = field(default_factory=dict)


def _check_sizes(kind: str, name: str, data: bytes, problems: Problems, limits: Limits) -> _Checked | None:
    """The checks of one format; None (with problems said) if the file must not be opened."""
    try:
        if kind == "xls":
            return _check_xls(name, data, problems, limits)
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            if not _zip_is_safe(zf, name, problems, limits):
                return None
            if kind == "xlsx":
                return _check_xlsx(zf, name, data, problems, limits)
            if kind == "xlsb":
                return _check_xlsb(zf, name, data, problems, limits)
            return _check_ods(zf, name, data, problems, limits)
    except Damaged as exc:
        problems.add(ERROR, "corrupt", file=name, detail=_short(exc))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError) as exc:
        problems.add(ERROR, "corrupt", file=name, detail=f"zip: {_short(exc)}")
    return None


def _choose_sheets(name: str, sheets: list[tuple[str, _Extent, tuple[int, int]]], count: int, problems: Problems,
                   limits: Limits) -> list[int] | None:
    """Which of the first ``max_sheets`` sheets (name, values extent, rows × columns reserved) may be read:
    each within the sheet limit; None (with a problem said) if those together pass the file budget."""
    if count > limits.max_sheets:
        problems.add(WARNING, "too_many_sheets", file=name, count=count, limit=limits.max_sheets)
    keep, total = [], 0
    for k, (sheet, extent, (rows, cols)) in enumerate(sheets[: limits.max_sheets]):
        if extent.cells > limits.max_cells:
            problems.add(ERROR, "too_many_cells_area", file=name, sheet=sheet, **extent.values(limits))
        elif rows * cols > limits.max_cells:
            problems.add(ERROR, "xls_dimensions_too_large", file=name, sheet=sheet, rows=f"{rows:,}",
                         cols=f"{cols:,}", cells=f"{rows * cols:,}", limit=f"{limits.max_cells:,}")
        else:
            keep.append(k)
            total += max(extent.cells, rows * cols)
    if total > limits.max_file_cells:
        problems.add(ERROR, "too_many_cells_file", file=name, cells=f"{total:,}", sheets=len(keep),
                     limit=f"{limits.max_file_cells:,}")
        return None
    return keep


def _check_xls(name: str, data: bytes, problems: Problems, limits: Limits) -> _Checked | None:
    """calamine builds every sheet of an .xls as it opens it: sheets that must not be read are hidden
    from it in the bytes it is given (``XlsPlan.without``), so it never builds them."""
    plan = formats.xls_plan(data)
    if plan.encrypted:
        problems.add(ERROR, "encrypted", file=name)
        return None
    if plan.not_workbook:
        problems.add(ERROR, "unknown_format", file=name, kind=word(f"kind_{plan.not_workbook}"))
        return None
    sheets = [(s.name, s.extent, s.declared) for s in plan.sheets]
    keep = _choose_sheets(name, sheets, len(sheets), problems, limits)
    if keep is None:
        return None
    if plan.bare:  # calamine reads BIFF only inside an OLE container
        problems.add(ERROR, "xls_old_format", file=name, version=plan.version)
        return None
    hidden = set(range(len(sheets))) - set(keep)
    return _Checked(plan.without(data, hidden), keep=list(range(len(keep))), listed=len(keep))


def _check_xlsb(zf: zipfile.ZipFile, name: str, data: bytes, problems: Problems, limits: Limits) -> _Checked | None:
    listed = formats.xlsb_sheets(zf)
    sheets = [(sheet, formats.xlsb_extent(zf, part) if part else _Extent(), (0, 0))
              for sheet, part in listed[: limits.max_sheets]]
    keep = _choose_sheets(name, sheets, len(listed), problems, limits)
    return None if keep is None else _Checked(data, keep=keep, listed=len(listed))


def _check_xlsx(zf: zipfile.ZipFile, name: str, data: bytes, problems: Problems, limits: Limits) -> _Checked | None:
    """Unnamed worksheet parts must fit (calamine may still open them); the sheets that will be read must
    fit the file budget together. Each sheet is checked again as it is read (``read_sheet``)."""
    sheet_parts, unnamed = _xlsx_parts(zf, limits.max_cells)
    if unnamed is not None and unnamed.cells > limits.max_cells:
        problems.add(ERROR, "too_many_cells_area", file=name, **unnamed.values(limits))
        return None
    parts = list(sheet_parts.values())[: limits.max_sheets]
    areas = [_unpacked(_xlsx_part_bound, zf, part) for part in parts]
    exact = [a if a is not None and a.cells <= limits.max_cells else _unpacked(_xlsx_part_extent, zf, p)
             for a, p in zip(areas, parts)]
    if _fitting_cells(exact, limits) > limits.max_file_cells:   # the cheap bounds may be loose: look closer
        exact = [_unpacked(_xlsx_part_extent, zf, p) if a is e else e for a, e, p in zip(areas, exact, parts)]
    total = _fitting_cells(exact, limits)
    if total > limits.max_file_cells:
        problems.add(ERROR, "too_many_cells_file", file=name, cells=f"{total:,}",
                     sheets=sum(e is not None and e.cells <= limits.max_cells for e in exact),
                     limit=f"{limits.max_file_cells:,}")
        return None
    # Reused by read_sheet; an empty extent may stand for a part that could not be unpacked: judged again there.
    return _Checked(data, sheet_parts, part_extents={p: e for p, e in zip(parts, exact) if e is not None and e.cells})


def _unpacked(scan: Any, zf: zipfile.ZipFile, part: str) -> _Extent | None:
    """A scan of one part; an empty extent if the part cannot be unpacked (``read_sheet`` then reports
    that sheet as damaged and the other sheets are read)."""
    try:
        return scan(zf, part)
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, RuntimeError, NotImplementedError, zlib.error):
        return _Extent()


def _fitting_cells(extents: list[_Extent | None], limits: Limits) -> int:
    """Cells of the sheets that will be read: those within the sheet limit (the others are refused)."""
    return sum(e.cells for e in extents if e is not None and e.cells <= limits.max_cells)


def _check_ods(zf: zipfile.ZipFile, name: str, data: bytes, problems: Problems, limits: Limits) -> _Checked | None:
    """calamine lays out every table of an .ods when it opens the file, so one oversized table, or all of
    them together over the file budget, means none can be read."""
    extents = _ods_extents(zf)
    over = {sheet: e for sheet, e in extents.items() if e.cells > limits.max_cells}
    for sheet, extent in over.items():
        problems.add(ERROR, "too_many_cells_ods", file=name, sheet=sheet, **extent.values(limits))
    total = sum(e.cells for e in extents.values())
    if not over and total > limits.max_file_cells:
        problems.add(ERROR, "too_many_cells_file", file=name, cells=f"{total:,}", sheets=len(extents),
                     limit=f"{limits.max_file_cells:,}")
    return None if over or total > limits.max_file_cells else _Checked(data)


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
            planned = book.part_extents.get(part)  # judged already by the size checks, when they ran
            if planned is None:
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
    raw = RawSheet(sheet_name, rows, list(merged))
    from ita.io.hidden import say_what_is_hidden  # ita.io.hidden builds on Book and RawSheet of this module

    say_what_is_hidden(book, sheet_name, raw, problems)
    return raw


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


# ``_Extent`` (first and last row and column holding a value) is ``ita.io.formats.Extent``.


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


def _xlsx_part_bound(zf: zipfile.ZipFile, member: str) -> _Extent | None:
    """An upper bound on the area (9,999 or 99,999 rows × 26 columns) when every cell has a plain
    reference within it: a few C-speed searches per chunk instead of reading each reference. None means:
    scan exactly."""
    five_digits = False
    for chunk in _xml_chunks(zf, member):
        if _CELL_WITHOUT_REF.search(chunk) or _FAR_REF.search(chunk) or _PREFIXED_MAIN.search(chunk):
            return None
        five_digits = five_digits or _FIVE_DIGIT_REF.search(chunk) is not None
    extent = _Extent()
    extent.add(1, _BOUND[0] if five_digits else _SMALL_BOUND, 1, _BOUND[1])
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

_CSV_SAMPLE_CHARS = 65536     # text the dialect is judged from
_CSV_SAMPLE_RECORDS = 200     # records of that text, at most
_CSV_DELIMITERS = ",;\t|"     # in this order of preference when two fit equally well
_UTF8_THAI = re.compile(rb"\xe0[\xb8\xb9][\x80-\xbf]")   # one Thai letter encoded as UTF-8
_LISTED_LINES = 20            # line numbers named in a message, at most


class Decoded(NamedTuple):
    """CSV bytes as text, and how they were read."""

    text: str
    encoding: str                  # display name of the encoding
    bad: int                       # characters that could not be decoded (now U+FFFD)
    other_lines: tuple[int, ...] = ()  # 1-based lines in Windows-874 in a file otherwise UTF-8
    utf16: str = ""                # "LE" or "BE" when UTF-16 was recognised without a byte-order mark


def utf16_without_bom(data: bytes) -> str | None:
    """The codec ("utf-16-le" or "utf-16-be") of bytes without a byte-order mark that are plainly UTF-16
    text, else None.

    In UTF-16 every ASCII character of a CSV (digits, commas, line ends) has a zero byte on the same
    side of its pair, and Thai letters (U+0E01-U+0E5B) have 0x0E there; the other side almost never
    holds a zero. Judged from the first 4 KB, so it costs nothing on a large file.
    """
    head = data[:4096]
    head = head[: len(head) // 2 * 2]
    pairs = len(head) // 2
    if pairs < 4:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    for zeros, others, codec in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros >= pairs / 10 and others <= pairs / 100:
            text = head.decode(codec, errors="replace")
            shown = sum(ch.isprintable() or ch in "\t\r\n" for ch in text)
            return codec if shown >= 0.95 * len(text) else None
    return None


def decode_text(data: bytes) -> Decoded:
    """Decode CSV bytes: UTF-16 by its byte-order mark or by its zero bytes, else UTF-8 if valid, else
    UTF-8 and Windows-874 line by line when a file mixes the two, else Windows-874 (a superset of TIS-620).
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
        return Decoded(text, "UTF-16", text.count("\ufffd"))
    codec = utf16_without_bom(data)
    if codec is not None:
        text = data[: len(data) // 2 * 2].decode(codec, errors="replace")
        return Decoded(text, "UTF-16", text.count("\ufffd"), utf16=codec[-2:].upper())
    try:
        return Decoded(data.decode("utf-8-sig"), "UTF-8", 0)
    except UnicodeDecodeError:
        pass
    if _UTF8_THAI.search(data):
        mixed = _decode_mixed(data)
        if mixed is not None:
            return mixed
    try:
        return Decoded(data.decode("cp874"), "Windows-874 (TIS-620)", 0)
    except UnicodeDecodeError:
        pass
    # UTF-8 with a few damaged bytes: keep it UTF-8. Read as Windows-874 instead, every Thai letter
    # (three bytes in UTF-8) would turn into three wrong ones and no header would be recognised.
    # Windows-874 text read as UTF-8 fails on nearly every Thai byte, so the two cannot be confused.
    text = data.decode("utf-8-sig", errors="replace")
    bad = text.count("\ufffd")
    if bad <= max(8, len(text) // 1000) and any("\u0e00" <= ch <= "\u0e7f" for ch in text):
        return Decoded(text, "UTF-8", bad)
    text = data.decode("cp874", errors="replace")
    return Decoded(text, "Windows-874 (TIS-620)", text.count("\ufffd"))


def _decode_mixed(data: bytes) -> Decoded | None:
    """A file where some lines are UTF-8 and others Windows-874 (rows pasted from two exports), each
    line read in its own encoding; None if no line is Windows-874 or none is UTF-8 Thai.

    A Windows-874 line decoded as UTF-8 fails on nearly every Thai byte; a UTF-8 line with a stray byte
    fails on that byte only, so a line counts as Windows-874 when it decodes as such and at least a
    quarter of its non-ASCII bytes fail as UTF-8. Linear: only lines with non-ASCII bytes are visited.
    """
    lines = data.removeprefix(b"\xef\xbb\xbf").split(b"\n")
    texts = [line.decode("utf-8", errors="replace") for line in lines]
    other: list[int] = []
    utf8 = 0
    for k, text in enumerate(texts):
        if text.isascii():
            continue
        failed = text.count("\ufffd")
        if not failed:
            utf8 += 1
            continue
        high = sum(1 for byte in lines[k] if byte >= 0x80)
        alternative = lines[k].decode("cp874", errors="replace")
        if failed * 4 >= high and "\ufffd" not in alternative:
            texts[k] = alternative
            other.append(k + 1)
    if not other or not utf8:
        return None
    text = "\n".join(texts)
    return Decoded(text, "UTF-8", text.count("\ufffd"), tuple(other))


def _text_head(data: bytes, size: int = _CSV_SAMPLE_CHARS) -> tuple[list[str], int]:
    """The first whole lines of a file's text and how many of their characters could not be decoded;
    a line cut by the sample's end is left out (its last character may be cut in two)."""
    decoded = decode_text(data[:size])
    lines = decoded.text.splitlines()
    if len(data) > size and len(lines) > 1:
        lines = lines[:-1]
    return lines, sum(line.count("\ufffd") for line in lines)


def _looks_tabular(data: bytes) -> bool:
    text_lines, bad = _text_head(data)
    lines = [line for line in text_lines[:20] if line.strip()]
    return bad == 0 and len(lines) >= 2 and all(any(d in line for d in _CSV_DELIMITERS) for line in lines[:2])


@dataclass(frozen=True)
class CsvDialect:
    """How a CSV is written: the delimiter, and whether a space follows it. Quotes are always '"'."""

    delimiter: str = ","
    skipinitialspace: bool = False

    def options(self) -> dict[str, Any]:
        """Keyword arguments for ``csv.reader``."""
        return {"delimiter": self.delimiter, "quotechar": '"', "doublequote": True,
                "skipinitialspace": self.skipinitialspace, "strict": False}


def csv_dialect(sample: str, complete: bool = True) -> CsvDialect:
    """The delimiter that splits the most records of ``sample`` into the same number (two or more) of
    fields, quotes respected; a comma if none does. ``complete`` is False when the sample was cut from a
    longer text (its last record is then left out).

    Replaces ``csv.Sniffer``, whose regular expressions backtrack: 64 KB of ',"a' kept it busy for about
    14 s. This reads at most ``_CSV_SAMPLE_CHARS`` characters once per candidate with the C reader:
    linear, a few milliseconds on any input.
    """
    sample = sample[:_CSV_SAMPLE_CHARS]
    complete = complete and len(sample) < _CSV_SAMPLE_CHARS
    best, chosen = (0, 0), ","
    for delimiter in _CSV_DELIMITERS:
        counts = _field_counts(sample, delimiter, complete)
        split = [n for n in counts if n > 1]
        if not split:
            continue
        width = max(set(split), key=lambda n: (split.count(n), n))
        score = (counts.count(width), width)
        if score > best:
            best, chosen = score, delimiter
    spaced = sample.count(chosen + " ")
    return CsvDialect(chosen, skipinitialspace=spaced > 0 and spaced * 2 >= sample.count(chosen))


def _field_counts(sample: str, delimiter: str, complete: bool) -> list[int]:
    """Fields per non-blank record of the sample, read with ``delimiter``."""
    reader = csv.reader(io.StringIO(sample, newline=""), **CsvDialect(delimiter).options())
    counts: list[int] = []
    try:
        for row in itertools.islice(reader, _CSV_SAMPLE_RECORDS + 1):
            if any(cell.strip() for cell in row):
                counts.append(len(row))
    except csv.Error:
        pass
    if not complete and counts:
        counts.pop()
    return counts[:_CSV_SAMPLE_RECORDS]


def _listed(numbers: Sequence[int]) -> str:
    """'4, 7, 9' or '4, 7, 9, … (25 lines)' for a message."""
    shown = ", ".join(str(n) for n in numbers[:_LISTED_LINES])
    return shown if len(numbers) <= _LISTED_LINES else f"{shown}, … ({len(numbers):,})"


def _read_csv(name: str, data: bytes, problems: Problems, limits: Limits) -> RawSheet | None:
    decoded = decode_text(data)
    text = decoded.text
    if decoded.utf16:
        problems.add(INFO, "csv_utf16_no_bom", file=name, order=decoded.utf16)
    elif decoded.encoding != "UTF-8":
        problems.add(INFO, "csv_encoding", file=name, encoding=decoded.encoding)
    if decoded.other_lines:
        problems.add(WARNING, "csv_mixed_encodings", file=name, lines=_listed(decoded.other_lines),
                     count=len(decoded.other_lines))
    if decoded.bad:
        problems.add(WARNING, "csv_undecodable", file=name, count=decoded.bad)
    if text.count("\n") > limits.max_cells:  # each line is at least one cell: refuse before splitting
        problems.add(ERROR, "too_many_cells", file=name, cells=f"> {limits.max_cells:,}",
                     limit=f"{limits.max_cells:,}")
        return None
    dialect = csv_dialect(text[:_CSV_SAMPLE_CHARS], complete=len(text) <= _CSV_SAMPLE_CHARS)
    rows: list[list[Any]] = []
    shared: dict[str, str] = {}
    cells = 0
    try:
        for row in csv.reader(_lines(text), **dialect.options()):
            cells += len(row)
            if cells > limits.max_cells:
                problems.add(ERROR, "too_many_cells", file=name, cells=f"> {limits.max_cells:,}",
                             limit=f"{limits.max_cells:,}")
                return None
            # Scores and years repeat (two decimals from 0 to 100 are 10,001 strings): one object for each short
            # text instead of one per cell keeps a 240,000-row file's cells in a third of the memory.
            rows.append([cell if len(cell) > _SHARED_CELL_CHARS else shared.setdefault(cell, cell) for cell in row])
    except csv.Error as exc:
        problems.add(ERROR, "corrupt", file=name, detail=f"CSV: {exc}")
        return None
    return RawSheet(os.path.splitext(os.path.basename(name))[0], rows)


_SHARED_CELL_CHARS = 8


def _lines(text: str) -> Any:
    """The lines of ``text`` with their endings, one at a time: ``io.StringIO`` would hold a second, four-bytes-a-
    character copy of a large CSV while it is read."""
    start, size = 0, len(text)
    while start < size:
        end = text.find("\n", start)
        end = size if end < 0 else end + 1
        yield text[start:end]
        start = end
