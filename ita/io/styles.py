"""Which cell styles of an .xlsx show a number as a percentage, and which strike their text through.

Excel keeps 83.65% as 0.8365 and a style that multiplies it by 100 on screen; calamine gives 0.8365. A cell's
``s="N"`` attribute is an index into ``cellXfs`` in xl/styles.xml, whose ``numFmtId`` is a built-in format (9 is
0%, 10 is 0.00%) or a ``numFmt`` of the file's own. A format shows a percentage when it has a ``%`` outside quoted
text, a backslash escape and brackets (``0.00"%"`` only writes the sign, and does not multiply).

    percent_styles(zf)      # frozenset of the cellXfs indexes whose format shows a percentage
    struck_styles(zf)       # ... whose font strikes the text through (<strike/> in its <font>)
    invisible_styles(zf)    # ... that show nothing (';;;', white text on no fill)
"""

from __future__ import annotations

import html
import re
import zipfile

STYLES_PART = "xl/styles.xml"
MAX_STYLES_BYTES = 16 << 20  # a styles part larger than this (no real one is) is not read: no cell is a percentage
BUILT_IN_PERCENT = frozenset({9, 10})

_PREFIX = rb"(?:[\w.-]+:)?"
_NUM_FMT = re.compile(rb"<" + _PREFIX + rb"numFmt\b([^<>]*)>")
_CELL_XFS = re.compile(rb"<" + _PREFIX + rb"cellXfs\b[^<>]*>(.*?)</" + _PREFIX + rb"cellXfs>", re.DOTALL)
_XF = re.compile(rb"<" + _PREFIX + rb"xf\b([^<>]*)>")
_NUM_FMT_ID = re.compile(rb"""\snumFmtId\s*+=\s*+["'](\d+)["']""")
_FORMAT_CODE = re.compile(rb"""\sformatCode\s*+=\s*+(?:"([^"]*)"|'([^']*)')""")
_FONTS = re.compile(rb"<" + _PREFIX + rb"fonts\b[^<>]*>(.*?)</" + _PREFIX + rb"fonts>", re.DOTALL)
_FONT = re.compile(rb"<" + _PREFIX + rb"font\b[^<>]*?(?:/>|>(.*?)</" + _PREFIX + rb"font>)", re.DOTALL)
_STRIKE = re.compile(rb"<" + _PREFIX + rb"strike\b(?![^<>]*\sval\s*=\s*[\"'](?:0|false)[\"'])")
_FONT_ID = re.compile(rb"""\sfontId\s*+=\s*+["'](\d+)["']""")
_FILL_ID = re.compile(rb"""\sfillId\s*+=\s*+["'](\d+)["']""")
_WHITE = re.compile(  # a font's colour white, whatever its alpha ('FFFFFFFF' from Excel, '00FFFFFF' from openpyxl)
    rb"<" + _PREFIX + rb"""color\b[^<>]*\srgb\s*=\s*["'](?:[0-9A-F]{2})?FFFFFF["']""", re.IGNORECASE
)
_HIDDEN_FORMAT = re.compile(r"^\s*;\s*;\s*;?\s*$")  # ';;;': nothing shown, whatever the cell holds
_CLOSING = {'"': '"', "[": "]"}  # quoted text and [colour] or [condition]: literal, no '%' of the format's own


def hides_everything(code: str) -> bool:
    """Whether a number format code shows nothing, whatever the cell holds (';;;')."""
    return _HIDDEN_FORMAT.match(code) is not None


def shows_percent(code: str) -> bool:
    """Whether a number format code multiplies by 100 and shows '%': a '%' outside its quoted text, its escaped
    characters (\\%) and its brackets. One pass: a pattern for the brackets took quadratic time on a run of '[' (a
    300 KB style held a parse worker for its whole time limit)."""
    at, size = 0, len(code)
    while at < size:
        ch = code[at]
        if ch == "%":
            return True
        if ch == "\\":
            at += 2
        elif ch in _CLOSING:
            end = code.find(_CLOSING[ch], at + 1)
            if end < 0:
                return False  # unclosed: the rest is literal
            at = end + 1
        else:
            at += 1
    return False


def _styles_xml(zf: zipfile.ZipFile) -> bytes:
    """The styles part; empty when it is missing, too large or damaged."""
    try:
        info = zf.getinfo(STYLES_PART)
        return b"" if info.file_size > MAX_STYLES_BYTES else zf.read(info)
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError):
        return b""


def struck_styles(zf: zipfile.ZipFile) -> frozenset[int]:
    """The indexes of ``cellXfs`` whose font strikes its text through (a row struck out: replaced, as a person
    reads it); empty when the part is missing, too large or damaged."""
    xml = _styles_xml(zf)
    fonts, xfs = _FONTS.search(xml), _CELL_XFS.search(xml)
    if fonts is None or xfs is None:
        return frozenset()
    struck = {k for k, font in enumerate(_FONT.findall(fonts.group(1))) if _STRIKE.search(font)}
    if not struck:
        return frozenset()
    found = (_FONT_ID.search(attrs) for attrs in _XF.findall(xfs.group(1)))
    return frozenset(k for k, font in enumerate(found) if font and int(font.group(1)) in struck)


def _number_formats(xml: bytes) -> dict[int, str]:
    """The styles part's custom number formats: numFmtId → its format code, as written."""
    formats = {}
    for attrs in _NUM_FMT.findall(xml):
        number, code = _NUM_FMT_ID.search(attrs), _FORMAT_CODE.search(attrs)
        if number and code:
            raw = code.group(1) if code.group(1) is not None else code.group(2)
            formats[int(number.group(1))] = html.unescape(raw.decode(errors="replace"))
    return formats


def invisible_styles(zf: zipfile.ZipFile) -> frozenset[int]:
    """The indexes of ``cellXfs`` that show nothing: the number format ';;;', or white text on no fill (a row made
    invisible rather than hidden); empty when the part is missing, too large or damaged."""
    xml = _styles_xml(zf)
    fonts, xfs = _FONTS.search(xml), _CELL_XFS.search(xml)
    if xfs is None:
        return frozenset()
    blank_formats = {number for number, code in _number_formats(xml).items() if hides_everything(code)}
    white = {k for k, font in enumerate(_FONT.findall(fonts.group(1))) if _WHITE.search(font)} if fonts else set()
    if not blank_formats and not white:
        return frozenset()
    found = set()
    for index, attrs in enumerate(_XF.findall(xfs.group(1))):
        number, font, fill = _NUM_FMT_ID.search(attrs), _FONT_ID.search(attrs), _FILL_ID.search(attrs)
        unfilled = fill is None or int(fill.group(1)) in (0, 1)  # the two fills every file has: none, gray125
        if (number and int(number.group(1)) in blank_formats) or (font and int(font.group(1)) in white and unfilled):
            found.add(index)
    return frozenset(found)


def percent_styles(zf: zipfile.ZipFile) -> frozenset[int]:
    """The indexes of ``cellXfs`` whose number format shows a percentage; empty when the part is missing, too
    large or damaged."""
    xml = _styles_xml(zf)
    percent = set(BUILT_IN_PERCENT) | {number for number, code in _number_formats(xml).items() if shows_percent(code)}
    found = _CELL_XFS.search(xml)
    if found is None:
        return frozenset()
    styles = []
    for index, attrs in enumerate(_XF.findall(found.group(1))):
        number = _NUM_FMT_ID.search(attrs)
        if number and int(number.group(1)) in percent:
            styles.append(index)
    return frozenset(styles)
