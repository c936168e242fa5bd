"""What calamine would build from a binary workbook, read from the bytes before calamine sees them.

calamine lays every sheet out densely, from its first to its last cell, and some formats make it do so
for every sheet as soon as the file is opened. A few bytes can therefore ask for gigabytes (one value in
column 16,384 of a 6 KB ``.xls`` asks for 34 GB) and the allocation failure aborts the process. These
readers walk the records themselves, with every loop and size bounded, and report what calamine would
lay out, so that the caller can refuse a sheet or a file first:

- ``.xls``: an OLE2 compound file (MS-CFB, read by ``ita.io.cfb``) holding a BIFF5/BIFF8
  ``Workbook``/``Book`` stream, or a bare BIFF2-5 stream. calamine builds every sheet when it opens the
  file, reserving room for the area its DIMENSIONS record claims and then laying out the area its cell
  records span. ``XlsPlan.without`` hides sheets from calamine (their BOUNDSHEET records are retyped), so
  they are never built.
- ``.xlsb``: a zip of binary record parts (MS-XLSB), read by ``ita.io.xlsb``.

They mirror calamine 0.37 (python-calamine 0.9): what it reads, in which order, and where it would loop,
panic or over-allocate on damaged input; each of those is a ``Damaged`` error here, never a hang.
"""

from __future__ import annotations

import itertools
import struct
from collections.abc import Iterator
from dataclasses import dataclass, field

from ita.io.cfb import OLE_MAGIC, CompoundFile, Stream
from ita.io.extents import Damaged, Extent
from ita.io.xls_styles import FONT, FORMAT, XF, CellStyles, StyledCells, XlsStyles

_WORKBOOK_STREAMS = ("Workbook", "Book", "WORKBOOK", "BOOK")  # calamine's order
_NOT_WORKBOOKS = {
    "WordDocument": "doc",
    "PowerPoint Document": "ppt",
    "EncryptedPackage": "encrypted",
    "EncryptionInfo": "encrypted",
}


# --------------------------------------------------------------------------- BIFF records (.xls)

_BOF, _EOF, _BOUNDSHEET, _DIMENSIONS, _FILEPASS, _CODEPAGE = 0x0809, 0x000A, 0x0085, 0x0200, 0x002F, 0x0042
# Records calamine places at a row and column (NUMBER, LABEL, RSTRING, BOOLERR, RK, LABELSST, FORMULA),
# with BLANK and MULRK/MULBLANK: calamine skips blanks today, and counting them costs a real file nothing
# (its DIMENSIONS record covers them already).
_CELLS = frozenset({0x0203, 0x0204, 0x00D6, 0x0205, 0x027E, 0x00FD, 0x0006, 0x0201})
_MULRK = 0x00BD
_CELL_RUNS = frozenset({_MULRK, 0x00BE})  # MULRK, MULBLANK: row, first column, ..., last column
# ROW (its option flags at byte 12: 0x20, the row is hidden) and COLINFO (a column range; flags at byte 8: 0x01,
# hidden), as BIFF5 and BIFF8 write them.
_ROW, _COLINFO, _ROW_HIDDEN, _COLUMNS_HIDDEN = 0x0208, 0x007D, 0x20, 0x01
_OLD_CELLS = frozenset({0x0001, 0x0002, 0x0003, 0x0004, 0x0005, 0x0206, 0x0406})  # BIFF2-4 cell records
# FORMULA and BOOLERR (BIFF5/8): calamine reads an error result or value as an empty cell; the error is kept here.
_FORMULA, _BOOLERR = 0x0006, 0x0205
_ERROR_RECORDS = frozenset({_FORMULA, _BOOLERR})
_ERROR_NAMES = {
    0x00: "#NULL!",
    0x07: "#DIV/0!",
    0x0F: "#VALUE!",
    0x17: "#REF!",
    0x1D: "#NAME?",
    0x24: "#NUM!",
    0x2A: "#N/A",
}
_HIDDEN_TYPE = b"\x00\x00"  # a record type calamine ignores: what a hidden sheet's BOUNDSHEET becomes
_HEAD = struct.Struct("<HH")


@dataclass
class BiffSheet:
    """One sheet as calamine would build it."""

    name: str
    record_at: int  # where its BOUNDSHEET record starts in the stream (-1: a bare stream)
    extent: Extent = field(default_factory=Extent)  # cells holding values, from A1
    declared: tuple[int, int] = (0, 0)  # rows × columns that DIMENSIONS makes calamine reserve
    hidden_rows: list[int] = field(default_factory=list)  # 1-based, as Excel numbers them
    hidden_columns: list[tuple[int, int]] = field(default_factory=list)  # first and last (1-based) of each range
    errors: list[tuple[int, int, str]] = field(default_factory=list)  # (row, column) 1-based, and the error value
    styled: StyledCells = field(default_factory=StyledCells)  # cells shown as a percentage, struck, shown as nothing


@dataclass
class XlsPlan:
    """What calamine would build from an ``.xls``: every sheet, in BOUNDSHEET order."""

    version: int  # BIFF version: 2, 3, 4, 5 or 8
    sheets: list[BiffSheet]
    encrypted: bool = False
    bare: bool = False  # a BIFF stream without an OLE container (calamine cannot open it)
    not_workbook: str | None = None  # an OLE file without a workbook stream: what it is instead
    styles: XlsStyles = field(default_factory=XlsStyles)  # BIFF8's fonts, number formats and cell styles
    _stream: Stream | None = field(default=None, repr=False)

    def without(self, data: bytes, hidden: set[int]) -> bytes:
        """The file with these sheets (indexes into ``sheets``) hidden from calamine, which then never
        builds them: their BOUNDSHEET records are retyped in place, nothing else moves."""
        if not hidden or self._stream is None:
            return data
        out = bytearray(data)
        for k in hidden:
            at = self.sheets[k].record_at
            for j, byte in enumerate(_HIDDEN_TYPE):
                out[self._stream.file_offset(at + j)] = byte
        return bytes(out)


def _records(stream: bytes, pos: int) -> Iterator[tuple[int, int, int]]:
    """(type, body start, body length) of each record from ``pos``, as calamine's RecordIter splits them."""
    end = len(stream)
    while pos < end:
        if end - pos < 4:
            raise Damaged("BIFF: a record is cut short")
        typ, size = _HEAD.unpack_from(stream, pos)
        body = pos + 4
        pos = body + size
        if pos > end:
            raise Damaged("BIFF: a record runs past the end of the stream")
        yield typ, body, size


def _bof(stream: bytes, body: int, size: int) -> tuple[int, int]:
    """BIFF version and substream type of a BOF record."""
    if size < 2:
        raise Damaged("BIFF: BOF record too short")
    raw = _HEAD.unpack_from(stream, body)[0] if size >= 4 else struct.unpack_from("<H", stream, body)[0]
    kind = _HEAD.unpack_from(stream, body)[1] if size >= 4 else 0
    version = {0x0600: 8, 0x0500: 5, 0x0400: 4, 0x0300: 3, 0x0200: 2, 0x0002: 2, 0x0007: 2}.get(raw, 8)
    return version, kind


def _sheet_name(stream: bytes, body: int, size: int, version: int, codepage: int) -> str:
    """The name in a BOUNDSHEET record (after position, visibility and type)."""
    count = stream[body + 6] if size > 6 else 0
    if version == 8:
        flags = stream[body + 7] if size > 7 else 0
        raw = stream[body + 8 : body + size]
        text = raw[: count * 2].decode("utf-16-le", "replace") if flags & 1 else raw[:count].decode("latin-1")
    else:
        try:
            text = stream[body + 7 : body + 7 + count].decode(f"cp{codepage}", "replace")
        except LookupError:
            text = stream[body + 7 : body + 7 + count].decode("latin-1")
    return text.replace("\0", "")


class _SheetScan:
    """The state of a walk through one sheet's records, for the records other than plain cells."""

    def __init__(self, styles: CellStyles | None = None, styled: StyledCells | None = None) -> None:
        self.styles, self.styled = styles, styled  # the cell styles that matter, and where their MULRK cells go
        self.depth, self.seen_bof = 0, False
        self.declared = (0, 0)
        self.runs: list[tuple[int, int, int]] = []  # row, first and last column of MULRK/MULBLANK
        self.string_first = False  # a STRING before any FORMULA
        self.hidden_rows: list[int] = []
        self.hidden_columns: list[tuple[int, int]] = []
        self.errors: list[tuple[int, int, str]] = []

    def other(self, stream: bytes, typ: int, body: int, size: int, cells_seen: bool) -> bool:
        """Take one record that is not a plain cell; True when it closes the sheet."""
        if typ == _ROW:
            if size >= 14 and stream[body + 12] & _ROW_HIDDEN and not self.depth:
                self.hidden_rows.append(_HEAD.unpack_from(stream, body)[0] + 1)
        elif typ == _COLINFO:
            if size >= 10 and stream[body + 8] & _COLUMNS_HIDDEN and not self.depth:
                first, last = _HEAD.unpack_from(stream, body)
                self.hidden_columns.append((first + 1, max(first, last) + 1))
        elif typ in _CELL_RUNS and size >= 6:
            if self.styles is not None and self.styled is not None and typ == _MULRK and not self.depth:
                self.styles.run(self.styled, stream, body, size)
            row, col = _HEAD.unpack_from(stream, body)
            self.runs.append((row, col, max(col, _HEAD.unpack_from(stream, body + size - 2)[0])))
        elif typ == _BOF:
            self.depth += self.seen_bof
            self.seen_bof = True
        elif typ == _EOF:
            if not self.depth:
                return True
            self.depth -= 1
        elif typ == 0x0207 and not cells_seen:  # calamine puts a STRING before any FORMULA at A1
            self.string_first = True
        elif typ == _DIMENSIONS:
            self.declared = max(self.declared, _dimensions(stream, body, size), key=lambda rc: rc[0] * rc[1])
        return False

    def error(self, stream: bytes, typ: int, body: int, size: int) -> None:
        """The error value of a FORMULA's result or of a BOOLERR, if it holds one."""
        if self.depth:
            return
        if typ == _FORMULA and size >= 14 and stream[body + 12 : body + 14] == b"\xff\xff" and stream[body + 6] == 2:
            code = stream[body + 8]
        elif typ == _BOOLERR and size >= 8 and stream[body + 7] == 1:
            code = stream[body + 6]
        else:
            return
        row, col = _HEAD.unpack_from(stream, body)
        self.errors.append((row + 1, col + 1, _ERROR_NAMES.get(code, "#VALUE!")))


def _scan_sheet(stream: bytes, pos: int, sheet: BiffSheet, old: bool, styles: CellStyles | None = None) -> int:
    """Fill in a sheet's extent and DIMENSIONS claim from its records; return where its substream ends.

    Read as the union of what calamine versions do: every record up to the EOF that closes the sheet,
    nested substreams (embedded charts) included. Plain cells are handled inline, without a call per
    record: a national file as .xls is a million records."""
    cells = _CELLS | _OLD_CELLS if old else _CELLS
    unpack = _HEAD.unpack_from
    scan = _SheetScan(styles, sheet.styled)
    top = left = 1 << 32
    bottom = right = -1
    end = len(stream)
    while pos < end:
        if end - pos < 4:
            raise Damaged("BIFF: a record is cut short")
        typ, size = unpack(stream, pos)
        body = pos + 4
        pos = body + size
        if pos > end:
            raise Damaged("BIFF: a record runs past the end of the stream")
        if typ not in cells:
            if scan.other(stream, typ, body, size, bottom >= 0):
                break
        elif size >= 4:  # shorter, calamine refuses the record (and the file): nothing is laid out
            row, col = unpack(stream, body)
            if styles is not None and size >= 6 and unpack(stream, body + 2)[1] in styles.any and not scan.depth:
                styles.cell(sheet.styled, row, col, unpack(stream, body + 2)[1])
            if typ in _ERROR_RECORDS:
                scan.error(stream, typ, body, size)
            if row < top:
                top = row
            if row > bottom:
                bottom = row
            if col < left:
                left = col
            if col > right:
                right = col
    for row, first, last in scan.runs + ([(0, 0, 0)] if scan.string_first else []):
        top, bottom, left, right = min(top, row), max(bottom, row), min(left, first), max(right, last)
    if bottom >= 0:
        sheet.extent.add(top + 1, bottom + 1, left + 1, right + 1)
    sheet.declared = scan.declared
    sheet.hidden_rows, sheet.hidden_columns, sheet.errors = scan.hidden_rows, scan.hidden_columns, scan.errors
    return min(pos, end)


def _dimensions(stream: bytes, body: int, size: int) -> tuple[int, int]:
    """Rows and columns calamine reserves room for from a DIMENSIONS record (its u32 arithmetic wraps)."""
    if size == 10:
        first_row, last_row, first_col, last_col = struct.unpack_from("<HHHH", stream, body)
    elif size == 14:
        first_row, last_row, first_col, last_col = struct.unpack_from("<IIHH", stream, body)
    else:
        return 0, 0  # calamine refuses the record
    if first_col > 0xFF or last_col < first_col:
        first_col = 0
    if last_row < 1 or last_col < 1:
        return 1, 1
    return (last_row - first_row) % (1 << 32), (last_col - first_col) % (1 << 32)


def xls_plan(data: bytes) -> XlsPlan:
    """Every sheet calamine would build from an ``.xls`` (OLE2 or bare BIFF), with what each costs."""
    if not data.startswith(OLE_MAGIC):
        return _biff_plan(data, None, bare=True)
    cfb = CompoundFile(data)
    for name in _WORKBOOK_STREAMS:
        stream = cfb.stream(name)
        if stream is not None:
            return _biff_plan(stream.data, stream, bare=False)
    names = {entry[0] for entry in cfb.entries}
    kind = next((kind for name, kind in _NOT_WORKBOOKS.items() if name in names), "ole")
    return XlsPlan(8, [], encrypted=kind == "encrypted", not_workbook=None if kind == "encrypted" else kind)


def _biff_plan(stream: bytes, container: Stream | None, bare: bool) -> XlsPlan:
    records = _records(stream, 0)
    first = next(records, None)
    if first is None or first[0] not in (_BOF, 0x0009, 0x0209, 0x0409):
        raise Damaged("BIFF: the stream does not start with a BOF record")
    if first[0] == _BOF:
        version, kind = _bof(stream, first[1], first[2])
    else:  # the BOF of BIFF2, 3 or 4: a worksheet
        version, kind = {0x0009: 2, 0x0209: 3, 0x0409: 4}[first[0]], 0x0010
    plan = XlsPlan(version, [], bare=bare, _stream=container)
    if bare and kind != 0x0005:  # a single worksheet
        sheet = BiffSheet("Sheet1", -1)
        _scan_sheet(stream, 0, sheet, old=version < 5)
        plan.sheets.append(sheet)
        return plan
    positions = _read_globals(stream, records, plan)
    if not plan.encrypted:
        styles = CellStyles(plan.styles)
        _scan_sheets(stream, plan.sheets, positions, plan.version < 5, styles if styles.any else None)
    return plan


def _read_globals(stream: bytes, records: Iterator[tuple[int, int, int]], plan: XlsPlan) -> list[int]:
    """Walk the workbook globals up to their EOF as calamine does: BIFF version, password, code page, and
    one sheet per BOUNDSHEET (added to ``plan``); return where each sheet's substream starts."""
    codepage = 1252
    positions: list[int] = []
    for typ, body, size in records:
        if typ == _EOF:
            break
        if typ == _BOF:
            plan.version = _bof(stream, body, size)[0]
        elif typ == _FILEPASS:
            if size < 2:
                raise Damaged("BIFF: FILEPASS record too short")
            plan.encrypted = plan.encrypted or _HEAD.unpack_from(stream, body)[0] != 0
        elif typ == _CODEPAGE and size >= 2:
            codepage = _HEAD.unpack_from(stream, body)[0]
        elif typ in (FONT, FORMAT, XF) and plan.version == 8:
            plan.styles.take(stream, typ, body, size)
        elif typ == _BOUNDSHEET:
            if size < 6:
                raise Damaged("BIFF: BOUNDSHEET record too short")
            positions.append(struct.unpack_from("<I", stream, body)[0])
            plan.sheets.append(BiffSheet(_sheet_name(stream, body, size, plan.version, codepage), body - 4))
    return positions


def _scan_sheets(
    stream: bytes, sheets: list[BiffSheet], positions: list[int], old: bool, styles: CellStyles | None
) -> None:
    """Scan each sheet's substream. Two sheets may not share records: calamine would build the shared
    part once per sheet, so that a few bytes listed many times could keep it busy for hours."""
    spans: list[tuple[int, int]] = []
    for sheet, pos in zip(sheets, positions, strict=True):  # one position per BOUNDSHEET
        if pos > len(stream):
            raise Damaged(f"BIFF: sheet {sheet.name!r} starts past the end of the stream")
        spans.append((pos, _scan_sheet(stream, pos, sheet, old, styles)))
    spans.sort()
    for (_, end), (start, _) in itertools.pairwise(spans):
        if start < end:
            raise Damaged("BIFF: two sheets share the same records")
