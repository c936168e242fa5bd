"""The cell styles of an .xls (BIFF8) that change what a person reads, as ``ita.io.styles`` finds them in an .xlsx: a
number format that shows a percentage (83.65% is held as 0.8365, and calamine gives 0.8365), a font struck through
(an old row kept beside its correction), and a format or font that shows nothing (';;;', or white text on no fill).

Read from the workbook globals' FONT, FORMAT and XF records, in the one pass the size checks make over every record
(``ita.io.formats``), which then notes each cell of such a style (its XF index is at bytes 4-5 of every cell record,
and in each of a MULRK's runs). Every read is bounded by its record; a damaged record is skipped, never trusted.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

from ita.io.styles import BUILT_IN_PERCENT, hides_everything, shows_percent

FONT, FORMAT, XF = 0x0031, 0x041E, 0x00E0
_STRUCK_OUT = 0x0008  # FONT's option flags: the text is struck through
# A font's colour that is white: index 9 of the default palette, or 1 of the eight fixed colours.
_WHITE = frozenset({0x0001, 0x0009})
_U16 = struct.Struct("<H")


@dataclass
class XlsStyles:
    """What the globals say of fonts, number formats and cell styles (XF records, in order)."""

    fonts: list[tuple[bool, bool]] = field(default_factory=list)  # (struck through, white)
    formats: dict[int, str] = field(default_factory=dict)  # format index → its code
    xfs: list[tuple[int, int, bool]] = field(default_factory=list)  # (font index, format index, filled)

    def take(self, stream: bytes, typ: int, body: int, size: int) -> None:
        """One globals record, if it is a FONT, FORMAT or XF of BIFF8."""
        if typ == FONT and size >= 6:
            options, colour = _U16.unpack_from(stream, body + 2)[0], _U16.unpack_from(stream, body + 4)[0]
            self.fonts.append((bool(options & _STRUCK_OUT), colour in _WHITE))
        elif typ == FORMAT and size >= 5:
            index, count = struct.unpack_from("<HH", stream, body)
            wide = stream[body + 4] & 1
            raw = stream[body + 5 : body + 5 + count * (2 if wide else 1)]
            self.formats[index] = raw.decode("utf-16-le" if wide else "latin-1", "replace")
        elif typ == XF and size >= 18:
            font, number_format = struct.unpack_from("<HH", stream, body)
            fill_pattern = struct.unpack_from("<I", stream, body + 14)[0] >> 26
            self.xfs.append((font, number_format, fill_pattern != 0))

    def kinds(self) -> tuple[frozenset[int], frozenset[int], frozenset[int]]:
        """The XF indexes of cells shown as a percentage, struck through, and shown as nothing."""
        percent, struck, invisible = set(), set(), set()
        for k, (font_index, number_format, filled) in enumerate(self.xfs):
            code = self.formats.get(number_format, "")
            at = font_index - (font_index > 4)  # font index 4 is never written: the fifth FONT record is index 5
            font = self.fonts[at] if at < len(self.fonts) else None
            if number_format in BUILT_IN_PERCENT or (code and shows_percent(code)):
                percent.add(k)
            if font is not None and font[0]:
                struck.add(k)
            if hides_everything(code) or (font is not None and font[1] and not filled):
                invisible.add(k)
        return frozenset(percent), frozenset(struck), frozenset(invisible)


@dataclass
class StyledCells:
    """The cells of one sheet in each style that matters, as (row, column), 1-based."""

    percent: list[tuple[int, int]] = field(default_factory=list)
    struck: list[tuple[int, int]] = field(default_factory=list)
    invisible: list[tuple[int, int]] = field(default_factory=list)

    def any(self) -> bool:
        return bool(self.percent or self.struck or self.invisible)


class CellStyles:
    """The XF indexes that matter, and the cells of them met in a sheet's records."""

    def __init__(self, styles: XlsStyles) -> None:
        self.percent, self.struck, self.invisible = styles.kinds()
        self.any = self.percent | self.struck | self.invisible

    def cell(self, found: StyledCells, row: int, col: int, xf: int) -> None:
        """A cell (0-based row and column) of style ``xf``, noted under each kind of style that it is."""
        for kind, cells in (
            (self.percent, found.percent),
            (self.struck, found.struck),
            (self.invisible, found.invisible),
        ):
            if xf in kind:
                cells.append((row + 1, col + 1))

    def run(self, found: StyledCells, stream: bytes, body: int, size: int) -> None:
        """Each cell of a MULRK: row, first column, then (XF, RK value) six bytes each, then the last column."""
        row, first = struct.unpack_from("<HH", stream, body)
        for k in range(max(0, (size - 6) // 6)):
            if (xf := _U16.unpack_from(stream, body + 4 + 6 * k)[0]) in self.any:
                self.cell(found, row, first + k, xf)
