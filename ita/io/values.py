"""Reading cell values as a person would: Thai digits, numbers stored as text, '-' for missing, years."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ita.common.text import UNSAFE_CHARACTERS
from ita.common.thai import HTML_SPACES, INVISIBLE, THAI_DIGITS, THAI_MONTHS, fiscal_year, normalize, to_be, to_ce
from ita.io.beside import score_beside_another, score_corrected_in_cell

# What a results file writes for an agency that was not assessed that year, in place of its scores.
NOT_ASSESSED = {
    "ไม่ประเมิน",
    "ไม่ได้ประเมิน",
    "ไม่ได้รับการประเมิน",
    "ไม่รับการประเมิน",
    "ไม่เข้าร่วมการประเมิน",
    "ไม่ได้เข้าร่วมการประเมิน",
    "ไม่เข้ารับการประเมิน",
    "ไม่ได้เข้ารับการประเมิน",
    "ไม่มีการประเมิน",
    "ไม่มีผลการประเมิน",
    "ยังไม่ได้ประเมิน",
    "not assessed",
    "not evaluated",
}
_NOT_ASSESSED_COMPACT = {"".join(words.split()) for words in NOT_ASSESSED}
MISSING_MARKS = NOT_ASSESSED | {
    "",
    "-",
    "–",
    "—",
    "−",
    "n/a",
    "n.a.",
    "n.a",
    "na",
    "nan",
    "none",
    "null",
    "ไม่มี",
    "ไม่มีข้อมูล",
    "x",
    "(blank)",  # a pivot table's empty label
    "(ว่าง)",
}
# Excel's error values (a formula that could not be computed), as Excel and LibreOffice write them into a cell, a
# CSV or an .ods, and as ``ita.io.hidden`` puts them back into an .xlsx sheet (calamine reads them as empty). Blank
# where a name or a grade is read; where a score is read, an error that says so ("excel_error").
EXCEL_ERRORS = re.compile(
    r"^(#null!|#div/0!|#value!|#ref!|#name\?|#num!|#n/a|#getting_data|#spill!|#calc!|#field!|#blocked!"
    r"|#connect!|#busy!|#unknown!|err:\d{3})$",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
# Around a number, what is not part of it but leaves it plain to a person: Excel's text forcing ="83.65" and a leading
# apostrophe, the unit "คะแนน" (points) or "ร้อยละ" (per cent) before it, and "คะแนน" (or its short form "ค.")
# or "out of 100" after it ('81.64 จาก 100', '95.91/100', '91.72 ค.'; spaces are gone by then).
_TEXT_FORCED = re.compile(r'^=\s*"(.*)"$|^\'(.*)$', re.DOTALL)
_UNIT = re.compile(
    r"^(?:คะแนน|ร้อยละ)?(.*?)(?:คะแนน|(?<=\d)ค\.|points?|pts?\.?|/100(?:\.0+)?"
    r"|(?:จาก|เต็ม|จากคะแนนเต็ม|จากเต็ม|outof)100(?:\.0+)?(?:คะแนน)?)?$",
    re.IGNORECASE,
)
# A footnote mark after a number ("71.85*", "80.00(1)", "77.5†"), a rank in brackets ('72.88 (10)') or a word in
# brackets ('84.30 (ผ่าน)', '77.51 (ต่ำ)'): the number is read, and the mark is said.
# A footnote mark after a score: '77.51*', '†', '(1)', '[2]', '#', '(ปรับปรุง)' or a superscript ('88.6¹'); or, as
# Thai government forms write one, '1/' or 'ก/' after a space ('93.47 1/': spaces matter there).
_FOOTNOTE_MARK = re.compile(
    r"^(.*?\d)\s*(\*+|†+|‡+|\(\d{1,4}\)|\[\d{1,4}\]|#|\([^()\d]{1,30}\)|[\u00b9\u00b2\u00b3\u2070-\u2079]+)$"
)
_FORM_FOOTNOTE = re.compile(r"^(.*\d)\s+(?:\d{1,2}|[ก-ฮ])/$")
BE_RANGE = (2540, 2650)  # fiscal years this tool can meet, B.E.
CE_RANGE = (to_ce(BE_RANGE[0]), to_ce(BE_RANGE[1]))
SHORT_YEAR_CENTURY = 2500  # "67" in a year's place is B.E. 2567
# Two-digit years read as B.E.: 57–99 (2557–2599, the ITA's years and more); a smaller number is more likely a count.
SHORT_YEARS = (57, 99)
# 'FY24': a C.E. fiscal year written short after FY (C.E. 2024, B.E. 2567); 'FY67' is B.E. (``SHORT_YEARS``).
SHORT_CE_YEARS = (15, 49)
_SHORT_CE_FY = re.compile(r"(?<![a-z])fy\s*(\d{2})(?!\s*\d)")


@dataclass(frozen=True)
class CellIssue:
    index: int  # position in the column
    code: str  # not_a_number, excel_error, date_not_score, number_with_mark
    value: str  # the cell as the user typed it
    warning: bool = False  # the number was read; the issue is said, the row kept

    @property
    def severity(self) -> str:
        """How the issue is said: an error (no number), a warning (a number read despite it), or a note."""
        return "error" if not self.warning else "info" if self.code in NOTED else "warning"


def is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, str):
        text = value.strip().casefold()
        return text in MISSING_MARKS or EXCEL_ERRORS.match(text) is not None
    return False


def parse_number(value: Any) -> float | None | str:
    """A cell as a number; None if blank/missing; an issue code if it is something else."""
    if isinstance(value, bool):
        return "not_a_number"
    if isinstance(value, (int, float)):
        return None if isinstance(value, float) and math.isnan(value) else float(value)
    if isinstance(value, (dt.date, dt.datetime, dt.time, dt.timedelta)):
        return "score_as_date" if score_under_date(value) is not None else "date_not_score"
    if value is None:
        return None
    text = _plain_text(value)
    if EXCEL_ERRORS.match(text):
        return "excel_error"
    if text.casefold() in MISSING_MARKS or says_not_assessed(text):
        return None
    number = _number_in(text)
    if number is not None:
        return number
    if number_with_mark(value) is not None:
        return "number_with_mark"
    if number_with_trend(value) is not None:
        return "number_with_trend"
    if number_with_spread(value) is not None:
        return "number_with_spread"
    if number_corrected_in_cell(value) is not None:
        return "number_corrected_in_cell"
    return "letters_as_digits" if number_from_look_alikes(value) is not None else "not_a_number"


def says_not_assessed(text: str) -> bool:
    """Words that say the agency was not assessed, with a reason in brackets or not ('ไม่ได้เข้ารับการประเมิน
    (ยุบรวมกับเทศบาลตำบลพอกน้อย)'): the words before the first bracket of a text that ends with one. Cut by hand:
    a pattern for it took quadratic time over a cell of many brackets."""
    opened = [k for k in (text.find("("), text.find("[")) if k >= 0]
    if opened and text.rstrip().endswith((")", "]")):
        text = text[: min(opened)]
    return "".join(text.split()).casefold() in _NOT_ASSESSED_COMPACT


def number_with_mark(value: Any) -> float | None:
    """The number of a cell that ``parse_number`` calls "number_with_mark" ("71.85*"), without its mark."""
    marked = _FOOTNOTE_MARK.match(_plain_text(value)) or _FORM_FOOTNOTE.match(
        str(value).translate(INVISIBLE).translate(THAI_DIGITS).strip()
    )
    return _number_in(marked.group(1).replace(" ", "")) if marked else None


# Letters a scan's text recognition (or a typist) puts for the digits they look like: '9l.25', 'O.5', '8O.00', '9S.14',
# 'B8.36'. Read as those digits, and said; a cell needs a real digit too ('OIO', 'SB' are no number).
_LOOK_ALIKE_DIGITS = str.maketrans("OoIl|SB", "0011158")
# Written as one word, with a letter never last: '84.99 B' and '84.99B' are a score and its grade, not 84.998.
_LOOK_ALIKES = re.compile(r"^(?=.*\d)[\dOoIl|SB.,]*[\d.,]$")


def number_from_look_alikes(value: Any) -> float | None:
    """The score a person reads in a cell of digits and look-alike letters ('9l.25': 91.25), else None: a code
    ('ISO9001') reads as no score of 0-100, and a grade after a score ('84.99 B') as no digit."""
    raw = str(value).strip()
    if any(ch.isspace() for ch in raw):
        return None
    text = _plain_text(value)
    number = _number_in(text.translate(_LOOK_ALIKE_DIGITS)) if _LOOK_ALIKES.match(text) else None
    return number if number is not None and 0 <= number <= 100 else None


# A trend beside a score, as a dashboard shows it: an arrow ('94.53 ▲', '↓93.52', '88.99 🔺') or the change since last
# year in brackets ('88.51 (-4.19)', '91.77 (▼2.11)'). The score is the number; the trend is read past, and noted.
_ARROWS = "▲▼△▽↑↓⬆⬇🔺🔻↗↘"
_TREND = re.compile(rf"^[{_ARROWS}]*([+]?\d+(?:\.\d+)?)[{_ARROWS}]*(\([{_ARROWS}+\-−]\d+(?:\.\d+)?%?\))?$")


def number_with_trend(value: Any) -> float | None:
    """The score of a cell with an arrow or a change in brackets beside it ('88.51 (-4.19)': 88.51), else None."""
    text = _plain_text(value)
    trend = _TREND.match(text)
    if trend is None or (trend.group(0) == trend.group(1)):
        return None
    return _number_in(trend.group(1))


def number_with_spread(value: Any) -> float | None:
    """The score of a cell with a spread or an earlier year's score after it ('85.20 (S.D. 4.31)'), else None."""
    found = score_beside_another(_plain_text(value))
    return None if found is None else _number_in(found)


def number_corrected_in_cell(value: Any) -> float | None:
    """The new score of a cell that writes its correction ('76.84 → 81.04'), else None."""
    found = score_corrected_in_cell(_plain_text(value))
    return None if found is None else _number_in(found)


def _plain_text(value: Any) -> str:
    """A cell's text without what copy-paste and Excel put around a number: invisible characters, spaces, Thai
    digits, ="…" or a leading apostrophe."""
    text = HTML_SPACES.sub("", str(value).translate(INVISIBLE).translate(THAI_DIGITS)).strip()
    text = text.replace("\u00a0", "").replace(" ", "")
    forced = _TEXT_FORCED.match(text)
    return next(g for g in forced.groups() if g is not None).strip() if forced else text


def _number_in(text: str) -> float | None:
    """A number written as text, with a percent sign or the unit "คะแนน" if any; None if it is not one."""
    unit = _UNIT.match(text)
    text = (unit.group(1) if unit else text).rstrip("%")
    # "83,65" from a comma-decimal locale; otherwise a comma groups thousands
    text = text.replace(",", ".") if text.count(",") == 1 and "." not in text else text.replace(",", "")
    return float(text) if _NUMBER.match(text) else None


def score_under_date(value: Any) -> float | None:
    """The number Excel holds under a date in the first days of its calendar (1900-01-01 to 1900-04-09: 0-100), which
    is a score in a column of scores formatted as dates by accident ('22/3/1900 14:09' is 81.59); else None. Excel
    counts a 29 February 1900 that never was, which the reader gives as the 28th: a day before March counts from 31
    December 1899, and the 28th itself (59.x or 60.x) cannot be told apart, so it is no score."""
    if not isinstance(value, (dt.date, dt.datetime)):
        return None
    moment = value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time())
    if moment.date() == dt.date(1900, 2, 28):
        return None
    epoch = EXCEL_EPOCH if moment.date() >= dt.date(1900, 3, 1) else EXCEL_EPOCH + dt.timedelta(days=1)
    serial = (moment - dt.datetime.combine(epoch, dt.time())).total_seconds() / 86400
    return round(serial, 6) if 0 < serial <= 100 else None


# Issue codes of a cell whose number is read all the same (the row kept, the issue said), and how it is read.
READ_DESPITE: dict[str, Callable[[Any], float | None]] = {
    "score_as_date": score_under_date,
    "number_with_mark": number_with_mark,
    "letters_as_digits": number_from_look_alikes,
    "number_with_trend": number_with_trend,
    "number_with_spread": number_with_spread,
    "number_corrected_in_cell": number_corrected_in_cell,
}
# Of those, the ones said as a note, not a warning (nothing is in doubt).
NOTED = frozenset({"number_with_trend", "number_with_spread"})


def parse_numbers(cells: Sequence[Any]) -> tuple[np.ndarray, list[CellIssue]]:
    """A column of cells → floats (NaN where missing or unreadable) and the unreadable cells.

    Fast path: numeric cells and plain numeric text are converted by pandas in C; only the rest (Thai
    digits, '-', stray text) goes through ``parse_number`` one by one.
    """
    try:  # all numbers (a clean sheet): numpy converts them in one C call
        if bool in set(map(type, cells)):
            raise TypeError
        return np.array(cells, dtype=float), []
    except (TypeError, ValueError):
        pass
    series = pd.Series(cells, dtype=object)
    values = pd.to_numeric(series, errors="coerce").to_numpy(dtype=float, na_value=np.nan, copy=True)
    issues: list[CellIssue] = []
    for k in np.flatnonzero(np.isnan(values)).tolist():
        cell = cells[k]
        if cell is None or cell == "":
            continue
        parsed = parse_number(cell)
        if isinstance(parsed, float):
            values[k] = parsed
        elif parsed in READ_DESPITE:  # read, and said
            values[k] = READ_DESPITE[parsed](cell) or np.nan
            issues.append(CellIssue(int(k), parsed, shown_cell(cell), warning=True))
        elif isinstance(parsed, str):
            issues.append(CellIssue(int(k), parsed, shown_cell(cell)))
    # Booleans are numbers to pandas; to a person they are not scores.
    for k, cell in enumerate(cells) if series.map(type).eq(bool).any() else ():
        if isinstance(cell, bool):
            values[k] = np.nan
            issues.append(CellIssue(k, "not_a_number", display(cell)))
    return values, issues


def shown_cell(value: Any) -> str:
    """A cell for an error at it: as ``display``; a date of Excel's first hundred days with the number under it
    ('1900-03-21 14:09:36 = 81.59'), which is the score when a column of scores was formatted as dates."""
    if isinstance(value, (dt.date, dt.datetime)) and (serial := score_under_date(value)) is not None:
        return f"{display(value)} = {serial:.2f}"
    return display(value)


def display(value: Any, limit: int = 60) -> str:
    """A cell value for a message: as typed, short; an invisible control or direction character is shown as its
    code point (``"‹U+001B›85"``), so the message says what is in the cell and is itself safe to show."""
    text = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    if UNSAFE_CHARACTERS.search(text):
        text = UNSAFE_CHARACTERS.sub(lambda found: f"‹U+{ord(found.group()):04X}›", text)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --------------------------------------------------------------------------- years

_YEAR_IN_TEXT = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_YEAR_CONTEXT = re.compile(r"(พ\s*\.?\s*ศ|ปีงบประมาณ|ปีงบ|ปี|fy|fiscal|year|ita|ค\s*\.?\s*ศ)")
# A B.E. year written short, as Thai offices do ("ปี 67", "พ.ศ. 67", "ITA67"): two digits right after a word that
# says a year is coming ('ปีงบฯ 67': the word shortened with ฯ), and not the start of a range or a list ("ปี 66-68" is
# no one year). In normalized text.
_SHORT_YEAR_IN_TEXT = re.compile(r"(?:พ ศ|ปีงบประมาณ|ปีงบ|ปี|fy|ita)\s*ฯ?\s*(\d{2})(?!\s*\d)")


def year_value(number: int) -> tuple[int, int | None] | None:
    """(B.E. year, the year as written when it is not that: C.E. or two digits; else None) for a plausible fiscal
    year number: 2567, 2024 (C.E.: 2567) or 67 (the B.E. year written short: 2567)."""
    if BE_RANGE[0] <= number <= BE_RANGE[1]:
        return number, None
    if CE_RANGE[0] <= number <= CE_RANGE[1]:
        return to_be(number), number
    if SHORT_YEARS[0] <= number <= SHORT_YEARS[1]:
        return SHORT_YEAR_CENTURY + number, number
    return None


def parse_year_cell(value: Any) -> tuple[int, int | None] | None | str:
    """A year cell → (B.E., the year as written if not that) or None if blank; 'bad_year' if not a year."""
    if is_blank(value):
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        serial = _excel_serial(value)
        if serial is not None and year_value(serial):  # 2566 typed into a date-formatted cell: shown as 9/1/1907
            return year_value(serial)
        # A date typed into a year column: its fiscal year (October starts the next one).
        be = fiscal_year(value)
        return be, to_ce(be)
    number = parse_number(value)
    if isinstance(number, float) and number.is_integer():
        found = year_value(int(number))
        return found if found else "bad_year"
    in_text = years_in_text(str(value))
    return in_text[0] if len(in_text) == 1 else "bad_year"


EXCEL_EPOCH = dt.date(1899, 12, 30)  # day 0 of Excel's (and LibreOffice's) date serials
SERIAL_YEARS_BEFORE = 1910  # a "date" before this in a year column is a year typed into a date-formatted cell


def _excel_serial(value: dt.date) -> int | None:
    """The number Excel stores for a date, when the date is one no results file means (before ``SERIAL_YEARS_BEFORE``):
    the year 2566 typed into a cell formatted as a date is 9 January 1907."""
    day = value.date() if isinstance(value, dt.datetime) else value
    return (day - EXCEL_EPOCH).days if day.year < SERIAL_YEARS_BEFORE else None


def years_in_text(text: str) -> list[tuple[int, int | None]]:
    """Distinct plausible years written in a title, sheet or file name ('ITA 2563', 'FY2020', 'ปี 67'); a fiscal
    period is its fiscal year ('2022/23', 'FY2023-24', 'ต.ค. 2565 - ก.ย. 2566': the year it ends in)."""
    text, periods = fiscal_periods(text)
    norm = normalize(text)
    numbers = [int(m.group(1)) for m in _YEAR_IN_TEXT.finditer(norm)]
    numbers += [int(m.group(1)) for m in _SHORT_YEAR_IN_TEXT.finditer(norm)]
    short_ce = [int(m.group(1)) for m in _SHORT_CE_FY.finditer(norm)]
    numbers += [2000 + n for n in short_ce if SHORT_CE_YEARS[0] <= n <= SHORT_CE_YEARS[1]]
    return _distinct([*periods, *(y for n in numbers if (y := year_value(n)))])


def _distinct(years: Sequence[tuple[int, int | None]]) -> list[tuple[int, int | None]]:
    found: list[tuple[int, int | None]] = []
    for year in years:
        if year[0] not in [f[0] for f in found]:
            found.append(year)
    return found


# A fiscal period, which is the fiscal year it ends in (the Thai fiscal year runs from October to September): two
# C.E. years in a row ('2022/23', 'FY2023-24', '2022/2023': B.E. 2566 for the first), or October of one year to
# September of the next ('ต.ค. 2565 - ก.ย. 2566', '1 ตุลาคม 2565 – 30 กันยายน 2566': 2566).
_SHORT_CE_PERIOD = re.compile(r"(?<![A-Za-z])[Ff][Yy]\s*(\d{2})\s*[/\-–]\s*(\d{2})(?!\d)")
# Two whole years after each other with a dash ('ITA 2022-2023') may compare two years: a period only after FY.
_CE_PERIOD = re.compile(
    r"(?<!\d)(\d{4})\s*(?:/\s*(\d{4}|\d{2})|[\-–]\s*(\d{2}))(?!\d)|(?<![a-z])fy\s*(\d{4})\s*[\-–]\s*(\d{4})(?!\d)",
    re.IGNORECASE,
)
_OCTOBER, _SEPTEMBER = ("|".join(re.escape(n) for n in sorted(THAI_MONTHS[k], key=len, reverse=True)) for k in (9, 8))
_MONTH_PERIOD = re.compile(
    rf"(?:{_OCTOBER})\s*(?:พ\s*\.?\s*ศ\s*\.?\s*)?(\d{{4}}|\d{{2}})\s*[-–]\s*(?:\d{{1,2}}\s*)?"
    rf"(?:{_SEPTEMBER})\s*(?:พ\s*\.?\s*ศ\s*\.?\s*)?(\d{{4}}|\d{{2}})(?!\d)"
)


def fiscal_periods(text: str) -> tuple[str, list[tuple[int, int | None]]]:
    """``text`` without the fiscal periods it writes, and the fiscal year of each (see ``_CE_PERIOD``)."""
    text = text.translate(THAI_DIGITS)
    found: list[tuple[int, int | None]] = []

    def period(match: re.Match, ce_only: bool) -> str:
        groups = [g for g in match.groups() if g is not None]
        first, second = int(groups[0]), groups[1]
        end = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
        year = year_value(end) if end == first + 1 and (not ce_only or CE_RANGE[0] <= first <= CE_RANGE[1]) else None
        if year is None:
            return match.group(0)
        found.append(year)
        return " "

    def short(match: re.Match) -> str:  # 'FY24-25', 'FY 2023/24' written short: C.E. 2025, B.E. 2568
        first, second = int(match.group(1)), int(match.group(2))
        year = year_value(2000 + second) if SHORT_CE_YEARS[0] <= first <= SHORT_CE_YEARS[1] else None
        if second != first + 1 or year is None:
            return match.group(0)
        found.append(year)
        return " "

    text = _MONTH_PERIOD.sub(lambda m: period(m, ce_only=False), text)
    text = _SHORT_CE_PERIOD.sub(short, text)
    return _CE_PERIOD.sub(lambda m: period(m, ce_only=True), text), found


# A sheet or file named for an agency and a year written short, as tabs are ('ทต.พอกน้อย 66', 'อบต.ไร่_67',
# '66_ทต.พอกน้อย'): two digits at the very end or the very start, apart from the name (not a range's end: 'ปี 66-68').
# Only in names: in a title, a short number alone is no year.
_SHORT_YEAR_ENDING_NAME = re.compile(r"(?:^|[\s_.])([\d๐-๙]{2})\s*$|^\s*([\d๐-๙]{2})(?:[\s_.]|$)")


def years_in_name(name: str) -> list[tuple[int, int | None]]:
    """``years_in_text`` for a sheet's or file's name, which may also end in a year written short. A date's year is
    not the name's ('ผลITA66_15-01-2567': sent in 2567, the results of 2566)."""
    found = years_in_title(name) if _DATE.search(name) else years_in_text(name)
    name = _DATE.sub(" ", fiscal_periods(name)[0]) if _DATE.search(name) else name
    if not found and (short := _SHORT_YEAR_ENDING_NAME.search(name)):
        year = year_value(int((short.group(1) or short.group(2)).translate(THAI_DIGITS)))
        found = [year] if year else []
    return found


# A year written in a sheet or file name beside an agency's ('ทต.พอกน้อย 2566', 'ปี 2567 อบต.ไร่'): not its name.
_YEAR_IN_NAME = re.compile(
    r"(?:ปีงบประมาณ|ปี|พ\.?\s*ศ\.?|fy|ita)?\s*[-_]?\s*(?<![\d๐-๙])[\d๐-๙]{4}(?![\d๐-๙])", re.IGNORECASE
)
_SHORT_YEAR_AT_END = re.compile(
    r"(?:ปีงบประมาณ|ปี|พ\.?\s*ศ\.?|fy|ita)?\s*[-_.]?\s*(?<![\d๐-๙])[\d๐-๙]{2}\s*$|^\s*[\d๐-๙]{2}[\s_.]+",
    re.IGNORECASE,
)


def name_without_year(name: str) -> str:
    """A sheet's or file's name without the year it names ('ทต.พอกน้อย 2566', 'ทต.พอกน้อย 66', '66_ทต.พอกน้อย':
    ทต.พอกน้อย)."""
    bare = _YEAR_IN_NAME.sub(" ", name)
    if bare == name and years_in_name(name):  # only a year written short, at the end or the start
        bare = _SHORT_YEAR_AT_END.sub(" ", name)
    return " ".join(bare.split()) or name


_MONTHS = "|".join(re.escape(name) for names in THAI_MONTHS for name in sorted(names, key=len, reverse=True))
# A date ('20 ตุลาคม 2566', 'ต.ค. 66', 'ตุลาคม พ.ศ. 2565', '10/01/2566', '1.10.2567'): a day's year, never a table's.
_DATE = re.compile(
    rf"(?:[\d๐-๙]{{1,2}}\s*)?(?:{_MONTHS})\s*(?:พ\s*\.?\s*ศ\s*\.?\s*)?[\d๐-๙]{{2,4}}"
    r"|[\d๐-๙]{1,2}\s*[/.-]\s*[\d๐-๙]{1,2}\s*[/.-]\s*[\d๐-๙]{2,4}"
)


def years_in_title(text: str) -> list[tuple[int, int | None]]:
    """The distinct years a title names, dates left out ('ข้อมูล ณ วันที่ 20 ตุลาคม 2566' names none)."""
    text, periods = fiscal_periods(text)  # 'ต.ค. 2565 - ก.ย. 2566' is a fiscal year, not two dates
    return _distinct([*periods, *years_in_text(_DATE.sub(" ", text))])


def year_in_title(text: str) -> tuple[int, int | None] | None:
    """The one year a title names, preferring one written after พ.ศ./ปีงบประมาณ/FY; None if ambiguous. A date's year
    is not a title's: 'ข้อมูล ณ วันที่ 20 ตุลาคม 2566' names none, and the line with a fiscal year below it is read."""
    found = years_in_title(text)
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        norm = normalize(fiscal_periods(text)[0])
        for context in _YEAR_CONTEXT.finditer(norm):
            after = years_in_text(norm[context.end() : context.end() + 12])
            if after:
                return after[0]
    return None
