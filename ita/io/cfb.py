"""The parts of an OLE2 compound file (MS-CFB) that calamine reads from an ``.xls``: header, DIFAT, FAT,
directory and mini stream, read as calamine 0.37 reads them, with every chain walked under a loop check
and every table bounded by the file's size. Where calamine would loop, panic or over-allocate on damaged
input, this raises ``Damaged`` instead."""

from __future__ import annotations

import struct
from dataclasses import dataclass

from ita.io.extents import Damaged

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENDOFCHAIN, _RESERVED, _DIFSECT = 0xFFFFFFFE, 0xFFFFFFFA, 0xFFFFFFFC
_MINI_SECTOR = 64
_MINI_CUTOFF = 4096
# calamine reserves a table of this many 4-byte entries from a header field (bytes 62-65) before reading
# anything; a real file asks for well under 2^25 (it grows with the mini FAT, a few sectors in practice).
_MAX_DIFAT_RESERVE = 1 << 25


def _entry_name(raw: bytes) -> str:
    """A directory entry's name as calamine decodes it: encoding_rs sniffs a byte-order mark first, so
    '\ufeffWorkbook' is 'Workbook' to calamine and must be to this reader too; cut at the first NUL."""
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if raw.startswith(bom):
            return raw[len(bom) :].decode(codec, "replace").split("\0", 1)[0]
    return raw.decode("utf-16-le", "replace").split("\0", 1)[0]


def _u32s(data: bytes) -> list[int]:
    return list(struct.unpack(f"<{len(data) // 4}I", data[: len(data) // 4 * 4]))


@dataclass
class Stream:
    """A stream's bytes and where each of them lies in the file (for patching in place)."""

    data: bytes
    sectors: list[int]  # the stream's sectors: regular, or mini sectors when ``mini``
    mini: bool
    sector_size: int
    mini_sectors: list[int]  # the regular sectors of the mini stream

    def file_offset(self, offset: int) -> int:
        if not self.mini:
            return (self.sectors[offset // self.sector_size] + 1) * self.sector_size + offset % self.sector_size
        inside = self.sectors[offset // _MINI_SECTOR] * _MINI_SECTOR + offset % _MINI_SECTOR
        return (self.mini_sectors[inside // self.sector_size] + 1) * self.sector_size + inside % self.sector_size


class CompoundFile:
    """The parts of a compound file that calamine reads: header, DIFAT, FAT, directory, mini stream."""

    def __init__(self, data: bytes) -> None:
        if len(data) < 512 or not data.startswith(OLE_MAGIC):
            raise Damaged("OLE: header too short")
        self.data = data
        version, shift, mini_shift = struct.unpack_from("<H2xHH", data, 26)
        if shift not in (9, 12) or mini_shift != 6:
            raise Damaged(f"OLE: sector shift {shift}/{mini_shift}")
        self.size = 1 << shift
        if len(data) < self.size:
            raise Damaged("OLE: header too short")
        self.maxid = len(data) // self.size
        fat_len, dir_start = struct.unpack_from("<II", data, 44)
        mini_fat_start, mini_fat_len, difat_start = struct.unpack_from("<III", data, 60)
        if fat_len > self.maxid or struct.unpack_from("<I", data, 62)[0] > _MAX_DIFAT_RESERVE:
            raise Damaged("OLE: table sizes in the header exceed the file")
        self.fat = self._fat(difat_start)
        entries = self._chain_bytes(dir_start, self.fat, None, whole=True)
        if not entries or len(entries) % 128:
            raise Damaged("OLE: empty directory")
        self.entries: list[tuple[str, int, int]] = []
        for k in range(0, len(entries), 128):
            name = _entry_name(entries[k : k + 64])
            start = struct.unpack_from("<I", entries, k + 116)[0]
            length = struct.unpack_from("<I" if self.size == 512 else "<Q", entries, k + 120)[0]
            self.entries.append((name, start, length))
        if version != 3 and self.entries[0][1] == _ENDOFCHAIN:
            raise Damaged("OLE: empty root directory")
        self.ministream = b""
        self.mini_sectors: list[int] = []
        self.minifat: list[int] = []
        if mini_fat_len > 0:
            root_start, root_len = self.entries[0][1], self.entries[0][2]
            self.mini_sectors = self._chain(root_start, self.fat, root_len, self.size)
            self.ministream = self._read(self.mini_sectors, root_len)
            self.minifat = _u32s(self._chain_bytes(mini_fat_start, self.fat, mini_fat_len * self.size, whole=True))

    def _sector(self, sid: int, whole: bool = False) -> bytes:
        start = (sid + 1) * self.size
        if sid > self.maxid or start >= len(self.data):
            raise Damaged(f"OLE: sector {sid} lies past the end of the file")
        chunk = self.data[start : start + self.size]
        if whole and len(chunk) < self.size:
            raise Damaged(f"OLE: sector {sid} is cut short")
        return chunk

    def _fat(self, difat_start: int) -> list[int]:
        """The allocation table, from the sectors the DIFAT lists. A file needs one FAT sector per
        ``size / 4`` sectors; listing more (the same sector many times) would make calamine's table, and
        this one, grow far past the file."""
        per_sector = self.size // 4
        most = -(-self.maxid // per_sector) + 1
        difat = _u32s(self.data[76:512])
        seen: set[int] = set()
        sid = difat_start
        while sid < _RESERVED:  # calamine follows the DIFAT chain without a loop check
            if sid in seen or len(seen) > most // (per_sector - 1) + 1:
                raise Damaged("OLE: the DIFAT chain loops or is longer than the file needs")
            seen.add(sid)
            difat.extend(_u32s(self._sector(sid, whole=True)))
            sid = difat.pop()
        listed = [sid for sid in difat if sid < _DIFSECT]
        if len(listed) > most:
            raise Damaged("OLE: more allocation table sectors than the file needs")
        fat: list[int] = []
        for sid in listed:
            fat.extend(_u32s(self._sector(sid, whole=True)))
        return fat

    def _chain(self, sid: int, table: list[int], length: int | None, unit: int) -> list[int]:
        """The sectors of a chain as calamine walks it: until the end mark, or once ``length`` bytes are
        read. A loop or a pointer outside the table is damage (calamine would loop or panic)."""
        chain: list[int] = []
        seen: set[int] = set()
        while sid != _ENDOFCHAIN:
            if sid in seen:
                raise Damaged("OLE: a sector chain loops")
            seen.add(sid)
            chain.append(sid)
            if length is not None and len(chain) * unit >= length:
                break
            if sid >= len(table):
                raise Damaged(f"OLE: sector {sid} is outside the allocation table")
            sid = table[sid]
        return chain

    def _chain_bytes(self, sid: int, table: list[int], length: int | None, whole: bool) -> bytes:
        sectors = self._chain(sid, table, length, self.size)
        data = b"".join(self._sector(s, whole) for s in sectors)
        return data if length is None else data[:length]

    def _read(self, sectors: list[int], length: int) -> bytes:
        return b"".join(self._sector(s) for s in sectors)[:length]

    def stream(self, name: str) -> Stream | None:
        """The first stream of that name, read as calamine reads it; None if there is none."""
        entry = next((e for e in self.entries if e[0] == name), None)
        if entry is None:
            return None
        _, start, length = entry
        if length >= _MINI_CUTOFF:
            sectors = self._chain(start, self.fat, length, self.size)
            return Stream(self._read(sectors, length), sectors, False, self.size, [])
        if start == _ENDOFCHAIN:
            return Stream(b"", [], True, self.size, self.mini_sectors)
        if not self.minifat:
            raise Damaged(f"OLE: {name} is in a mini stream that is missing")
        sectors = self._chain(start, self.minifat, length, _MINI_SECTOR)
        if (max(sectors) + 1) * _MINI_SECTOR > len(self.ministream):
            raise Damaged(f"OLE: {name} lies past the end of the mini stream")
        data = b"".join(self.ministream[s * _MINI_SECTOR : (s + 1) * _MINI_SECTOR] for s in sectors)[:length]
        return Stream(data, sectors, True, self.size, self.mini_sectors)
