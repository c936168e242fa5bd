"""What calamine would build from an ``.xlsb`` workbook, read from the bytes before calamine sees them (see
``ita.io.formats`` for why): a zip of binary record parts (MS-XLSB). calamine builds one sheet when it is asked for it,
from the sheet's cell records (its BrtWsDim claim only sizes a small reservation). Every loop and size is bounded;
damaged input is a ``Damaged`` error, never a hang.
"""

from __future__ import annotations

import html
import re
import struct
import zipfile
from collections.abc import Iterator

from ita.io.extents import Damaged, Extent

_MAX_XLSB_RECORD = 1 << 24  # far above any real record; calamine would allocate what the length claims
_CHUNK = 1 << 20
_XLSB_CELLS = frozenset(range(0x0002, 0x000C))  # BrtCellRk … BrtFmlaError: the cells calamine keeps
_ROW_LIMIT = 0x0010_0000  # calamine stops reading a sheet at a row past this
_RELATIONSHIP = re.compile(rb"<Relationship[\s/>][^>]*")
_ATTR = {name: re.compile(rb"\s" + name.encode() + rb"""\s*=\s*(?:"([^"]*)"|'([^']*)')""") for name in ("Id", "Target")}
_NAMES_END = frozenset({0x009D, 0x0225, 0x018D, 0x0180, 0x009A, 0x0252, 0x0229, 0x009B, 0x0084})


def _xlsb_records(zf: zipfile.ZipFile, member: str) -> Iterator[tuple[int, bytes]]:
    """(type, body) of each record of a part, read in chunks; a record cut short is damage."""
    buffer, pos = b"", 0
    with zf.open(member) as fh:
        done = False
        while True:
            if len(buffer) - pos < 8 and not done:
                chunk = fh.read(_CHUNK)
                done = not chunk
                buffer, pos = buffer[pos:] + chunk, 0
            if pos >= len(buffer):
                return
            head = _xlsb_head(buffer, pos)
            if head is None:
                if done:
                    raise Damaged(f"XLSB: {member}: a record is cut short")
                continue
            typ, size, pos = head
            if size > _MAX_XLSB_RECORD:
                raise Damaged(f"XLSB: {member}: a record claims {size:,} bytes")
            while len(buffer) - pos < size:
                chunk = fh.read(max(_CHUNK, size))
                if not chunk:
                    raise Damaged(f"XLSB: {member}: a record is cut short")
                buffer, pos = buffer[pos:] + chunk, 0
            yield typ, buffer[pos : pos + size]
            pos += size


def _xlsb_head(buffer: bytes, pos: int) -> tuple[int, int, int] | None:
    """Type and length of the record at ``pos`` (7 bits a byte), and where its body starts; None if the
    buffer ends inside the head."""
    end = len(buffer)
    if pos >= end:
        return None
    typ = buffer[pos]
    pos += 1
    if typ & 0x80:
        if pos >= end:
            return None
        typ = (typ & 0x7F) | (buffer[pos] & 0x7F) << 7
        pos += 1
    size = 0
    for k in range(4):
        if pos >= end:
            return None
        byte = buffer[pos]
        pos += 1
        size |= (byte & 0x7F) << (7 * k)
        if not byte & 0x80:
            break
    return typ, size, pos


def _wide(body: bytes, at: int) -> tuple[str, int]:
    """An XLWideString at ``at``: its text and where it ends."""
    if len(body) < at + 4:
        raise Damaged("XLSB: a name is cut short")
    count = struct.unpack_from("<I", body, at)[0]
    end = at + 4 + 2 * count
    if len(body) < end:
        raise Damaged("XLSB: a name is cut short")
    return body[at + 4 : end].decode("utf-16-le", "replace"), end


def _zip_paths(zf: zipfile.ZipFile) -> dict[str, str]:
    """calamine's case-insensitive view of the part names; two parts it cannot tell apart are damage."""
    paths: dict[str, str] = {}
    for name in zf.namelist():
        key = name.replace("\\", "/").lower()
        if key in paths:
            raise Damaged(f"XLSB: two parts named {name!r}")
        paths[key] = name
    return paths


def xlsb_sheets(zf: zipfile.ZipFile) -> list[tuple[str, str | None]]:
    """(sheet name, part in the zip or None if it is missing) for every sheet of an ``.xlsb``, in the order
    calamine lists them; the parts calamine reads when it opens the file are checked on the way."""
    paths = _zip_paths(zf)
    for part in ("xl/sharedStrings.bin", "xl/styles.bin"):
        if part.lower() in paths:
            for _ in _xlsb_records(zf, paths[part.lower()]):
                pass
    rels = _xlsb_relationships(zf, paths)
    if "xl/workbook.bin" not in paths:
        raise Damaged("XLSB: xl/workbook.bin is missing")
    sheets: list[tuple[str, str | None]] = []
    records = _xlsb_records(zf, paths["xl/workbook.bin"])
    for typ, body in records:
        if typ == 0x0090:  # BrtEndBundleShs
            break
        if typ == 0x0099 and not body:
            raise Damaged("XLSB: workbook properties are empty")
        if typ == 0x009C:  # BrtBundleSh: state, tab id, relationship id, name
            sheet = _bundle_sheet(body, rels, paths)
            if sheet is not None:
                sheets.append(sheet)
    else:
        raise Damaged("XLSB: the list of sheets is not closed")
    if not any(typ in _NAMES_END for typ, _ in records):
        raise Damaged("XLSB: xl/workbook.bin ends early")
    return sheets


def _bundle_sheet(body: bytes, rels: dict[str, str], paths: dict[str, str]) -> tuple[str, str | None] | None:
    if len(body) < 12:
        raise Damaged("XLSB: a sheet entry is cut short")
    state, _, rel_len = struct.unpack_from("<III", body)
    if rel_len == 0xFFFFFFFF:
        return None  # calamine skips a sheet without a relationship
    rel_id, end = _wide(body, 8)
    name, _ = _wide(body, end)
    if rel_id not in rels:
        raise Damaged(f"XLSB: sheet {name!r} points to a missing relationship")
    path = "xl/" + rels[rel_id]
    if state > 2 or path.split("/")[1:2] not in (["worksheets"], ["chartsheets"], ["dialogsheets"]):
        raise Damaged(f"XLSB: sheet {name!r} has an unknown state or place")
    return name, paths.get(path.lower())


def _xlsb_relationships(zf: zipfile.ZipFile, paths: dict[str, str]) -> dict[str, str]:
    key = "xl/_rels/workbook.bin.rels"
    if key not in paths:
        return {}
    found: dict[str, str] = {}
    for tag in _RELATIONSHIP.findall(zf.read(paths[key])):
        values = {}
        for name, pattern in _ATTR.items():
            match = pattern.search(tag)
            if match:
                values[name] = html.unescape(
                    (match.group(1) if match.group(1) is not None else match.group(2)).decode("utf-8", "replace")
                )
        if "Id" in values and "Target" in values:
            found[values["Id"]] = values["Target"]
    return found


def xlsb_extent(zf: zipfile.ZipFile, member: str) -> Extent:
    """The cells calamine would lay out for one worksheet part, following its reader: skip to BrtWsDim
    (0x0094), then to BrtBeginSheetData (0x0091) past whole blocks, then cells under each BrtRowHdr until
    BrtEndSheetData (0x0092) or a row past 2^20. BrtWsDim itself only sizes a small reservation."""
    extent = Extent()
    records = _xlsb_records(zf, member)
    if not _skip_to(records, 0x0094, {}) or not _skip_to(
        records, 0x0091, {0x0085: 0x0086, 0x0025: 0x0026, 0x0186: 0x0187}
    ):
        return extent  # calamine cannot read this sheet; it lays nothing out
    row = 0
    top = left = 1 << 32
    bottom = right = -1
    for typ, body in records:
        if typ == 0x0092:
            break
        if typ == 0x0000 or typ in _XLSB_CELLS:
            if len(body) < 4:
                raise Damaged(f"XLSB: {member}: a cell record is cut short")
            value = struct.unpack_from("<I", body)[0]
            if typ == 0x0000:
                if value > _ROW_LIMIT:
                    break
                row = value
                continue
            top, bottom, left, right = min(top, row), max(bottom, row), min(left, value), max(right, value)
    if bottom >= 0:
        extent.add(top + 1, bottom + 1, left + 1, right + 1)
    return extent


def _skip_to(records: Iterator[tuple[int, bytes]], target: int, blocks: dict[int, int]) -> bool:
    """Advance to the record ``target`` as calamine's next_skip_blocks does; False at the end of the part."""
    for typ, _ in records:
        if typ == target:
            return True
        if typ in blocks and not any(inner == blocks[typ] for inner, _ in records):
            return False
    return False
