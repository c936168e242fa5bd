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

import python_calamine

from ita.problems import ERROR, INFO, WARNING, Problems

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
    for magic, kind in ((b"%PDF", "PDF"), (b"\x89PNG", "PNG image"), (b"\xff\xd8\xff", "JPEG image"),
                        (b"GIF8", "GIF image"), (b"\x1f\x8b", "gzip archive"), (b"Rar!", "RAR archive"),
                        (b"7z\xbc\xaf", "7-Zip archive"), (b"{\\rtf", "RTF document"), (b"MZ", "program")):
        if head.startswith(magic):
            return kind
    if b"\x00" in head and not (head.startswith(b"\xff\xfe") or head.startswith(b"\xfe\xff")):
        return "binary data"
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
        return "Word document (.docx)"
    if "ppt/presentation.xml" in names:
        return "PowerPoint presentation"
    return "zip archive"


# --------------------------------------------------------------------------- reading


def read_sheets(name: str, data: bytes, problems: Problems, limits: Limits | None = None) -> list[RawSheet] | None:
    """Every sheet of the file as rows of cells, or None (with problems said) if it cannot be read."""
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
    extents: dict[str, int] = {}
    if kind == "zip":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                kind = _zip_kind(zf)
                if kind in ("xlsx", "ods") and not _zip_is_safe(zf, name, problems, limits):
                    return None
                if kind in ("xlsx", "ods"):
                    extents = _xlsx_extents(zf) if kind == "xlsx" else _ods_extents(zf)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError) as exc:
            say(ERROR, "corrupt", detail=f"zip: {_short(exc)}")
            return None
        if extents.get(_UNNAMED, 0) > limits.max_cells:
            say(ERROR, "too_many_cells", cells=f"{extents[_UNNAMED]:,}", limit=f"{limits.max_cells:,}")
            return None
    if kind == "encrypted":
        say(ERROR, "encrypted")
        return None
    if kind == "html":
        say(ERROR, "html_as_spreadsheet", ext=ext or "(no extension)")
        return None
    if kind not in ("xlsx", "xls", "ods", "csv"):
        say(ERROR, "unknown_format", kind=kind)
        return None
    if kind == "csv" and ext in (".xlsx", ".xls", ".xlsm", ".ods"):
        # Text named like a workbook: read it as CSV only if it plainly is one.
        if not _looks_tabular(data):
            say(ERROR, "unknown_format", kind="text")
            return None
    if ext and _FORMAT_NAMES.get(kind) != ext and not (kind == "xlsx" and ext == ".xlsm"):
        say(WARNING, "extension_mismatch", ext=ext, actual=_FORMAT_NAMES[kind])

    if kind == "csv":
        return _read_csv(name, data, problems, limits)
    return _read_workbook(name, data, problems, limits, extents)


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

_UNNAMED = "\0unnamed"  # key for a worksheet part no sheet name points to
_CHUNK = 1 << 20
_XLSX_TOKEN = re.compile(rb"<(?:[\w.-]+:)?(row|c)(?=[\s/>])([^>]*?)(/?)>")
_XLSX_REF = re.compile(rb"""\sr\s*=\s*["']([A-Za-z]{0,3})(\d*)["']""")
_XLSX_VALUED = re.compile(rb'<c r="([A-Z]{1,3})(\d{1,7})"(?:\s[^>]*)?(?<!/)>')  # the way Excel writes a cell
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
        if not self.rows[1]:
            return 0
        return (self.rows[1] - self.rows[0] + 1) * (self.cols[1] - self.cols[0] + 1)


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


def _xlsx_extents(zf: zipfile.ZipFile) -> dict[str, int]:
    """Sheet name → cells calamine would allocate for it; worksheet parts no name points to under _UNNAMED."""
    names = set(zf.namelist())
    parts = {n: _xlsx_part_extent(zf, n) for n in names
             if n.startswith("xl/worksheets/") and n.endswith(".xml") and "/_rels/" not in n}
    by_name: dict[str, int] = {}
    for sheet_name, part in _xlsx_sheet_parts(zf, names).items():
        if part in parts:
            by_name[sheet_name] = parts.pop(part)
    if parts:
        by_name[_UNNAMED] = max(parts.values())
    return by_name


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
            targets[rel_id.group(1)] = posixpath.normpath(path.lstrip("/") if path.startswith("/") else "xl/" + path)
    found: dict[str, str] = {}
    for tag in re.findall(rb"<(?:[\w.-]+:)?sheet\s[^>]*>", zf.read("xl/workbook.xml")):
        sheet_name = re.search(rb"""\sname\s*=\s*(?:"([^"]*)"|'([^']*)')""", tag)
        rel_id = re.search(rb"""\s[\w.-]+:id\s*=\s*["']([^"']*)["']""", tag)
        if sheet_name and rel_id and rel_id.group(1) in targets:
            raw = sheet_name.group(1) if sheet_name.group(1) is not None else sheet_name.group(2)
            found[html.unescape(raw.decode("utf-8", "replace"))] = targets[rel_id.group(1)]
    return found


def _xlsx_part_extent(zf: zipfile.ZipFile, member: str) -> int:
    """Cells in the dense area of one worksheet part. A cell or row without r= follows the one before it,
    as calamine places it; an empty cell (<c r="XFD1" s="1"/>) holds no value and is not counted."""
    extent = _Extent()
    row = col = 0
    for chunk in _xml_chunks(zf, member):
        if chunk.count(b'<c r="') == chunk.count(b"<c ") + chunk.count(b"<c>") + chunk.count(b"<c/>") \
                and not _XLSX_PREFIXED.search(chunk):
            # Fast path, for files from Excel and most libraries: every cell says where it is.
            refs = _XLSX_VALUED.findall(chunk)
            if refs:
                letters, digits = zip(*refs)
                rows = [int(x) for x in set(digits)]  # a few distinct rows and columns per chunk
                cols = [_column_number(x) for x in set(letters)]
                extent.add(min(rows), max(rows), min(cols), max(cols))
                col, row = _column_number(letters[-1]), int(digits[-1])
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
    return extent.cells


def _ods_extents(zf: zipfile.ZipFile) -> dict[str, int]:
    """Table name → cells of its dense area, counting number-rows-repeated and number-columns-repeated."""
    if "content.xml" not in zf.namelist():
        return {}
    found: dict[str, int] = {}
    table, extent = "", _Extent()
    row = col = 0                  # rows and columns passed so far
    row_repeat = 1
    for chunk in _xml_chunks(zf, "content.xml"):
        for end, tag, attrs, closed in _ODS_TOKEN.findall(chunk):
            if tag == b"table":
                if end:
                    found[table] = max(found.get(table, 0), extent.cells)
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


def _read_workbook(name: str, data: bytes, problems: Problems, limits: Limits,
                   extents: dict[str, int] | None = None) -> list[RawSheet] | None:
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except python_calamine.PasswordError:
        problems.add(ERROR, "encrypted", file=name)
        return None
    except Exception as exc:  # calamine raises several types for damaged files; all mean the same to a user
        problems.add(ERROR, "corrupt", file=name, detail=_short(exc))
        return None
    sheets: list[RawSheet] = []
    names = workbook.sheet_names
    if len(names) > limits.max_sheets:
        problems.add(WARNING, "too_many_sheets", file=name, count=len(names), limit=limits.max_sheets)
        names = names[: limits.max_sheets]
    for sheet_name in names:
        # calamine lays a sheet out densely from its first to its last cell: one far cell (XFD1048576) in a
        # 1 KB file asks for hundreds of GB and aborts the process, so the extent is judged before parsing.
        planned = (extents or {}).get(sheet_name, 0)
        if planned > limits.max_cells:
            problems.add(ERROR, "too_many_cells", file=name, sheet=sheet_name, cells=f"{planned:,}",
                         limit=f"{limits.max_cells:,}")
            continue
        try:
            sheet = workbook.get_sheet_by_name(sheet_name)
            cells = sheet.height * sheet.width  # total_height/total_width are the last indexes, not counts
            if cells > limits.max_cells:
                problems.add(ERROR, "too_many_cells", file=name, sheet=sheet_name, cells=f"{cells:,}",
                             limit=f"{limits.max_cells:,}")
                continue
            rows = sheet.to_python(skip_empty_area=False)
            merged = sheet.merged_cell_ranges or []
        except Exception as exc:  # a damaged sheet: report it and keep the others
            problems.add(ERROR, "sheet_unreadable", file=name, sheet=sheet_name, detail=_short(exc))
            continue
        sheets.append(RawSheet(sheet_name, rows, list(merged)))
    workbook.close()
    return sheets


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
    text = data.decode("cp874", errors="replace")
    return text, "Windows-874 (TIS-620)", text.count("\ufffd")


def _looks_tabular(data: bytes) -> bool:
    text, _, bad = decode_text(data[:65536])
    lines = [line for line in text.splitlines()[:20] if line.strip()]
    return bad == 0 and len(lines) >= 2 and all(any(d in line for d in ",;\t|") for line in lines[:2])


def _read_csv(name: str, data: bytes, problems: Problems, limits: Limits) -> list[RawSheet] | None:
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
    return [RawSheet(os.path.splitext(os.path.basename(name))[0], rows)]
