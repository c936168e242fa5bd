"""Thai calendar and text: the Buddhist era, the fiscal year, Thai digits, and labels as people type them.

One home for each: a year is B.E. everywhere in ``ita`` (2563), C.E. only at the edge (``datetime.date``); the
Thai fiscal year runs from 1 October to 30 September and is named by the B.E. year it ends in.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ita.common.text import UNSAFE_CHARACTERS, without_unsafe_characters

# --------------------------------------------------------------------------- the calendar

BE_OFFSET = 543  # B.E. = C.E. + 543 (2563 is 2020)
ENV_TIMEZONE = "ITA_TIMEZONE"  # where times are shown (an IANA zone name)
DEFAULT_TIMEZONE = "Asia/Bangkok"
FISCAL_YEAR_START_MONTH = 10  # October opens the next fiscal year


def to_be(year_ce: int) -> int:
    """The Buddhist-era year of a Christian-era year: 2020 → 2563."""
    return year_ce + BE_OFFSET


def to_ce(year_be: int) -> int:
    """The Christian-era year of a Buddhist-era year: 2563 → 2020."""
    return year_be - BE_OFFSET


def fiscal_year(day: dt.date) -> int:
    """The Thai fiscal year (B.E.) that ``day`` falls in: 1 October 2020 opens fiscal year 2564."""
    return to_be(day.year + (1 if day.month >= FISCAL_YEAR_START_MONTH else 0))


def fiscal_year_bounds(year_be: int) -> tuple[dt.date, dt.date]:
    """First and last day of a Thai fiscal year: 2567 → 1 Oct 2023 – 30 Sep 2024."""
    ce = to_ce(year_be)
    return dt.date(ce - 1, FISCAL_YEAR_START_MONTH, 1), dt.date(ce, FISCAL_YEAR_START_MONTH, 1) - dt.timedelta(days=1)


def time_zone() -> dt.tzinfo:
    """The zone times are shown in: ``ITA_TIMEZONE`` (an IANA name), default Asia/Bangkok."""
    name = os.environ.get(ENV_TIMEZONE) or DEFAULT_TIMEZONE
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return dt.timezone(dt.timedelta(hours=7), "ICT")  # no tz database here: Thailand has no summer time


def local_today() -> dt.date:
    """Today's date where the office is (``time_zone()``): a server on UTC is a day behind Thailand until 07:00."""
    return dt.datetime.now(time_zone()).date()


def be_date(day: dt.date | None) -> str:
    """A date with its Buddhist-era year, ISO-shaped: 2021-03-31 → '2564-03-31' (blank for None)."""
    return "" if day is None else f"{to_be(day.year)}-{day.month:02d}-{day.day:02d}"


def be_datetime(moment: dt.datetime | None, seconds: bool = False) -> str:
    """A stored moment (naive means UTC) as wall-clock time in ``time_zone()`` with its B.E. year:
    '2569-11-29 14:05'."""
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    local = moment.astimezone(time_zone())
    return f"{be_date(local.date())} {local.strftime('%H:%M:%S' if seconds else '%H:%M')}"


def be_year(year: int | None, lang: str = "th") -> str:
    """A fiscal year for display: 'พ.ศ. 2563' in Thai, 'B.E. 2563' in English (years stay B.E.)."""
    if year is None:
        return ""
    return f"พ.ศ. {year}" if lang == "th" else f"B.E. {year}"


# --------------------------------------------------------------------------- dates as people type them

THAI_MONTHS = (  # (full name, abbreviation), January first
    ("มกราคม", "ม.ค."),
    ("กุมภาพันธ์", "ก.พ."),
    ("มีนาคม", "มี.ค."),
    ("เมษายน", "เม.ย."),
    ("พฤษภาคม", "พ.ค."),
    ("มิถุนายน", "มิ.ย."),
    ("กรกฎาคม", "ก.ค."),
    ("สิงหาคม", "ส.ค."),
    ("กันยายน", "ก.ย."),
    ("ตุลาคม", "ต.ค."),
    ("พฤศจิกายน", "พ.ย."),
    ("ธันวาคม", "ธ.ค."),
)
_MONTH_NUMBER = {name.replace(".", ""): number for number, names in enumerate(THAI_MONTHS, start=1) for name in names}
_YMD = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?$")
_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})$")
_D_MONTH_Y = re.compile(r"^(\d{1,2})\s*([\u0e00-\u0e7f.]+?)\.?\s*(?:พ\.?\s*ศ\.?)?\s*(\d{2}|\d{4})$")
BE_YEAR_FROM = 2400  # a four-digit year from here on is B.E. (2569); below it, C.E. (2026)


def _year(text: str) -> int:
    """A typed year as C.E.: four digits B.E. (2569) or C.E. (2026); two digits are B.E. (69 → 2569), as Thai
    offices write them."""
    year = int(text)
    if len(text) == 2:
        year += 2500
    return to_ce(year) if year >= BE_YEAR_FROM else year


class NoSuchDay(ValueError):
    """A date written in a known form that names a day the calendar has not ('31/2/2564')."""


def parse_date(text: object) -> dt.date:
    """A date as people type it in a Thai office: '2569-11-29' (B.E., as the app shows dates) or '2026-11-29',
    '29/11/2569', '29/11/69', '29 พ.ย. 2569', '29 พฤศจิกายน 69', Thai digits. Raises ValueError otherwise."""
    s = unicodedata.normalize("NFC", str(text)).translate(INVISIBLE).translate(THAI_DIGITS).strip()
    s = re.sub(r"\s+", " ", s)
    try:
        if m := _YMD.match(s):
            return dt.date(_year(m[1]), int(m[2]), int(m[3]))
        if m := _DMY.match(s):
            return dt.date(_year(m[3]), int(m[2]), int(m[1]))
        if (m := _D_MONTH_Y.match(s)) and (month := _MONTH_NUMBER.get(m[2].replace(".", ""))):
            return dt.date(_year(m[3]), month, int(m[1]))
    except ValueError as exc:  # the form is a date's; the day is not in the calendar (31 February)
        raise NoSuchDay(f"no such day: {text!r}") from exc
    raise ValueError(f"not a date: {text!r}")


# --------------------------------------------------------------------------- digits

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")  # for str.translate: Thai → Arabic
ARABIC_TO_THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def arabic_digits(text: str) -> str:
    """``text`` with Thai digits as Arabic ones: '๒๕๖๓' → '2563'."""
    return str(text).translate(THAI_DIGITS)


def thai_digits(text: str) -> str:
    """``text`` with Arabic digits as Thai ones: '2563' → '๒๕๖๓' (the official documents' style)."""
    return str(text).translate(ARABIC_TO_THAI)


# --------------------------------------------------------------------------- labels
# Names, headers and titles are typed by people: zero-width characters from Word and web pages, the two-character
# spellings of sara am ("ํา" for "ำ") and sara ae ("เเ" for "แ", as published ITA tables write "คะเเนน"), Thai digits,
# non-breaking and repeated spaces, stray punctuation and trailing dots. ``normalize`` and ``compact`` make such
# labels comparable; ``clean_label`` keeps a name as written, minus what no name should carry.

INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)  # for str.translate: dropped
# Thai glyph variants in the Private Use Area (U+F700–U+F71A) that fonts of Windows and Mac draw for a vowel or tone
# mark moved left or down, or a letter without its lower tail; text copied or converted from a PDF carries them
# ('เทศบาลตำบลพอกน\uf70bอย'). Each is its letter: for str.translate, mapped wherever ``INVISIBLE`` is dropped.
THAI_PUA = {
    0xF700 + k: ch
    for k, ch in enumerate(
        "\u0e10\u0e34\u0e35\u0e36\u0e37\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e0d"
        "\u0e31\u0e4d\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e38\u0e39\u0e3a"
    )
}
INVISIBLE = {**INVISIBLE, **THAI_PUA}
# Superscript digits are footnote marks ('ตัวชี้วัดที่ 9¹', 'เทศบาลตำบลสว่าง¹'): dropped from labels compared.
_FOOTNOTE_DIGITS = dict.fromkeys([0xB9, 0xB2, 0xB3, *range(0x2070, 0x207A)])
_SARA_AM = ("\u0e4d\u0e32", "\u0e33")  # "ํา" → "ำ"
_SARA_AE = ("\u0e40\u0e40", "\u0e41")  # "เเ" (two sara e) → "แ"; two sara e never stand together in Thai
# Text copied from a PDF writes ำ as a space and sara aa ("เทศบาลต าบล", "ด าเนินงาน"): no Thai word starts with sara aa,
# so one after a space that follows a consonant (or its tone mark) is the ำ the PDF showed.
_BROKEN_AM = re.compile("(?<=[\u0e01-\u0e2e\u0e48-\u0e4b]) \u0e32")


def _mended_am(s: str) -> str:
    return _BROKEN_AM.sub("\u0e33", s) if " \u0e32" in s else s


_PUNCT = re.compile(r"[\s\-_.,:;/\\()\[\]{}<>\"'`*#|+=~!?]+")


def normalize(text: object) -> str:
    """Casefolded, Arabic digits, no invisible characters, punctuation as single spaces."""
    s = unicodedata.normalize("NFC", str(text)).translate(INVISIBLE).translate(THAI_DIGITS).translate(_FOOTNOTE_DIGITS)
    s = _mended_am(s).replace(*_SARA_AM).replace(*_SARA_AE)
    return _PUNCT.sub(" ", s.casefold()).strip()


# For ``compact``: one C-level translate drops what ``normalize`` turns into spaces, and the spaces.
_COMPACT = {**INVISIBLE, **{ord(c): None for c in " \t\r\n\v\f\u00a0-_.,:;/\\()[]{}<>\"'`*#|+=~!?"}, **_FOOTNOTE_DIGITS}
_COMPACT.update(THAI_DIGITS)


COMPACT_MEMO = 65_536  # texts remembered compacted: a file names each agency and province many times
COMPACT_MEMO_CHARS = 200  # ... those of a name's length (a long text is compacted each time, never kept)


def compact(text: object) -> str:
    """``normalize`` without spaces: Thai headers and names are spaced inconsistently (an agency's key)."""
    s = text if type(text) is str else str(text)
    return _compact(s) if len(s) <= COMPACT_MEMO_CHARS else _compact.__wrapped__(s)


def forget_compacted() -> None:
    """Let go of the texts ``compact`` remembers (a file's read: a long-lived parse worker keeps none)."""
    _compact.cache_clear()


@lru_cache(maxsize=COMPACT_MEMO)
def _compact(s: str) -> str:
    if not unicodedata.is_normalized("NFC", s):
        s = unicodedata.normalize("NFC", s)
    s = _mended_am(s).translate(_COMPACT).replace(*_SARA_AM).replace(*_SARA_AE).casefold()
    return s if s.isprintable() else "".join(ch for ch in s if not ch.isspace())


# What is left of a web page's HTML in text copied from its source: a no-break space written as an entity, a line
# break's tag ('เทศบาลตำบลพอกน้อย&nbsp;', '98.38&nbsp;', 'คะแนน<br/>รวม'): a space to a person who reads the page.
HTML_SPACES = re.compile(r"&nbsp;?|&#0*160;|&#x0*a0;|<br\s*/?>", re.IGNORECASE)
_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{1,7}|#x[0-9a-fA-F]{1,6});")
_DIRTY = re.compile(
    "[\u200b\u200c\u200d\u2060\ufeff\u00ad\uf700-\uf71a]|\u0e4d\u0e32| \u0e32|\u0e40\u0e40|"
    "\\s\\s|^\\s|\\s$|[\t\r\n\u00a0]|" + HTML_SPACES.pattern + "|" + _ENTITY.pattern + "|" + UNSAFE_CHARACTERS.pattern,
    re.IGNORECASE,
)


def clean_label(text: object) -> str:
    """A name as people wrote it, minus invisible characters and repeated spaces (for agency names), and
    minus control and direction-override characters (``ita.common.text.UNSAFE_CHARACTERS``: a name is text)."""
    s = str(text)
    if not _DIRTY.search(s) and unicodedata.is_normalized("NFC", s):
        return s  # the common case, checked in C
    s = unicodedata.normalize("NFC", without_unsafe_characters(s)).translate(INVISIBLE)
    s = HTML_SPACES.sub(" ", s)
    if "&" in s and _ENTITY.search(s):  # '&amp;', '&quot;', '&#3585;': the character a page shows
        s = html.unescape(s)
    s = _mended_am(s).replace(*_SARA_AM).replace(*_SARA_AE)
    return " ".join(s.split())


def _is_thai_letter(ch: str) -> bool:
    return "\u0e01" <= ch <= "\u0e4f"


def natural_list(items: Sequence[str], lang: str = "th") -> str:
    """A list as a sentence says it: Thai "ก ข และค" (spaces, "และ" before the last and joined to it as official
    Thai writes it, "... การเปิดเผยข้อมูล และการป้องกันการทุจริต"; a space after it before a digit or a Latin
    letter: "1 2 และ 3", "IIT และ OIT"), English "a, b and c"."""
    items = [str(item) for item in items if str(item)]
    if len(items) <= 1:
        return "".join(items)
    if lang == "th":
        joint = " และ" if _is_thai_letter(items[-1][0]) else " และ "
        return " ".join(items[:-1]) + joint + items[-1]
    return ", ".join(items[:-1]) + " and " + items[-1]
