"""Measures (มาตรการ) and their follow-up: the domain model and its rules, without storage.

A measure belongs to an agency and the fiscal year it is carried out in (an O42 analysing 2563 sets
measures for 2564), answers one or more indicators, and is followed up in two rounds: รอบ 6 เดือน
(October–March) and รอบ 12 เดือน (the whole fiscal year). Storage, history and concurrency live in
``ita.measures.store``; reports read these objects.

The rules a saved value must meet are here too (``clean_measure``, ``clean_follow_up``): values arrive
from the grid editor, a spreadsheet or code in many shapes (``"2021-01-15"``, a ``Timestamp``, ``"1, 9"``,
``55.0``), so each is first coerced to its one type, then checked; every problem comes back with its field
and a Thai and English message, never only the first one.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ita.common.text import both
from ita.common.thai import (
    THAI_DIGITS,
    NoSuchDay,
    be_date,
    compact,
    fiscal_year,
    fiscal_year_bounds,
    local_today,
    parse_date,
)

ROUNDS = (6, 12)
STATUSES = ("not_started", "in_progress", "done", "cannot")  # labels: text catalogue, status_<code>
STATUS_NEEDS_REASON = "cannot"
FINISHED_STATUSES = ("done", "cannot")  # nothing more will be done this year
INDICATOR_NUMBERS = tuple(range(1, 11))

# Editable fields, in the order a table shows them. agency_key, agency and year are fixed at creation.
MEASURE_FIELDS = ("title", "indicators", "guideline", "steps", "responsible", "monitoring", "start_date", "due_date")
FOLLOW_UP_FIELDS = ("status", "progress", "done", "evidence", "report_date", "reporter", "reason")
TEXT_FIELDS = frozenset(
    {"title", "guideline", "steps", "responsible", "monitoring", "done", "evidence", "reporter", "reason"}
)
DATE_FIELDS = frozenset({"start_date", "due_date", "report_date"})

# The 12-month report (O43) is written after the fiscal year closes on 30 September, often not before the next
# assessment asks for it early in the new year (a review: an office writing it on 8 December could not give that
# day), so a report date may fall up to this day (month, day) of the next year, 31 March, whatever the year's length;
# every other date lies inside the fiscal year.
REPORT_UNTIL = (3, 31)


def last_report_date(year_be: int) -> dt.date:
    """The last day a follow-up report of fiscal year ``year_be`` may be dated (``REPORT_UNTIL`` after it)."""
    _, last = fiscal_year_bounds(year_be)
    return dt.date(last.year + 1, *REPORT_UNTIL)


# A spreadsheet cell holds at most 32,767 characters; longer text could not round-trip through .xlsx.
MAX_TEXT = 32_000
# A name, not a text: a measure's title, its responsible units and who reported it are said in a line of the O42/O43,
# a chart's label and every message about the row (a 4,800-character title was accepted and filled the page).
FIELD_MAX_CHARS = {"title": 500, "responsible": 500, "reporter": 200}

DATA_DIR = Path(__file__).resolve().parents[1] / "data"


def round_end(year_be: int, round_months: int) -> dt.date:
    """When a follow-up round closes: 6 months → 31 March, 12 months → 30 September."""
    start, end = fiscal_year_bounds(year_be)
    return dt.date(start.year + 1, 3, 31) if round_months == 6 else end


@dataclass
class Measure:
    agency_key: str  # the importer's agency_key
    agency: str  # the agency's name as shown
    year: int  # B.E. fiscal year the measure is carried out in
    title: str  # มาตรการ
    indicators: tuple[int, ...] = ()  # the indicators it answers (numbers 1..10)
    guideline: str = ""  # แนวทางการปฏิบัติ
    steps: str = ""  # ขั้นตอน/วิธีการปฏิบัติ
    responsible: str = ""  # ผู้รับผิดชอบ
    monitoring: str = ""  # การกำกับติดตาม
    start_date: dt.date | None = None
    due_date: dt.date | None = None
    id: int | None = None
    version: int = 0  # bumped on every saved change; an edit must name the version it read
    deleted: bool = False
    uid: str = ""  # stable across databases (set by the store); matches .xlsx rows on import


@dataclass
class FollowUp:
    measure_id: int
    round: int  # 6 or 12
    status: str = "not_started"  # one of STATUSES
    progress: int = 0  # 0-100 %
    done: str = ""  # what was done
    evidence: str = ""  # a link to the evidence
    report_date: dt.date | None = None
    reporter: str = ""
    reason: str = ""  # required when status is "cannot"
    id: int | None = None
    version: int = 0


@dataclass
class MeasureWithFollowUps:
    """What a report needs about one measure."""

    measure: Measure
    follow_ups: dict[int, FollowUp] = field(default_factory=dict)  # round → follow-up


# --------------------------------------------------------------------------- problems


@dataclass(frozen=True)
class FieldProblem:
    """One value that cannot be saved: which field, why (a catalogue code), in Thai and English."""

    field: str
    code: str
    message_th: str
    message_en: str

    def message(self, lang: str = "th") -> str:
        return self.message_th if lang == "th" else self.message_en


def _problem(field_name: str, code: str, **values: Any) -> FieldProblem:
    label_th, label_en = both(f"mf_{field_name}")
    th, _ = both(code, field=label_th, **values)
    # English: the field's heading in the sentence's case ("The due date …", "Due date is required.").
    _, en = both(code, field=label_en[:1].lower() + label_en[1:], **values)
    return FieldProblem(field_name, code, th, en[:1].upper() + en[1:])


# --------------------------------------------------------------------------- coercion


class _Unreadable(ValueError):
    pass


class _NoSuchDay(_Unreadable):
    """A date in a known form that names no day of the calendar."""


def is_blank(value: Any) -> bool:
    """None, NaN/NaT, or text of spaces only."""
    if value is None:
        return True
    if isinstance(value, float) and value != value:
        return True
    if isinstance(value, str):
        return not value.strip()
    try:
        import pandas as pd

        return bool(pd.isna(value)) if not isinstance(value, (list, tuple, set)) else False
    except (TypeError, ValueError):
        return False


def to_date(value: Any) -> dt.date | None:
    """A date from a date, datetime, ``Timestamp`` or text as people type it (``ita.common.thai.parse_date``:
    '2569-11-29' as the app shows dates, '29/11/2569', '29 พ.ย. 69', C.E. '2021-01-15'). Blank → None; anything
    else raises."""
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if hasattr(value, "to_pydatetime"):  # pandas Timestamp
        return value.to_pydatetime().date()
    try:
        return parse_date(value)
    except NoSuchDay as exc:
        raise _NoSuchDay(str(value).strip()) from exc
    except ValueError as exc:
        raise _Unreadable(str(value).strip()) from exc


def to_indicators(value: Any) -> tuple[int, ...]:
    """Indicator numbers from a list (``[1, "9"]``), text (``"1, 9"``, ``"๑,๙"``) or one number; sorted,
    without repeats. Labels such as ``"9 การเปิดเผยข้อมูล"`` keep their leading number."""
    if is_blank(value):
        return ()
    items: Iterable[Any] = value if isinstance(value, (list, tuple, set)) else re.split(r"[,;\n]+", str(value))
    numbers: set[int] = set()
    for item in items:
        if is_blank(item):
            continue
        if isinstance(item, float) and item.is_integer():
            item = int(item)
        text = str(item).translate(THAI_DIGITS).strip()
        match = re.match(r"^(?:ตัวชี้วัดที่|i)?\s*(\d{1,2})\b", text)
        if not match:
            raise _Unreadable(text)
        numbers.add(int(match.group(1)))
    return tuple(sorted(numbers))


def to_int(value: Any) -> int | None:
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise _Unreadable(str(value))
    text = str(value).translate(THAI_DIGITS).strip().rstrip("%").strip()
    try:
        number = float(text)
    except ValueError as exc:
        raise _Unreadable(text) from exc
    if number != number or number in (float("inf"), float("-inf")):
        raise _Unreadable(text)
    return int(round(number))


# The progress a status says when none was typed: the other way round from ``status_for_progress``.
PROGRESS_OF_STATUS = {"done": 100, "not_started": 0}


def _blank(value: Any) -> bool:
    return (
        value is None or (isinstance(value, str) and not value.strip()) or (isinstance(value, float) and value != value)
    )


def status_for_progress(progress: Any) -> str:
    """The status a follow-up's progress says when no status was chosen (a round reported by typing its progress
    only): 100 % done, more than 0 in progress, else not started; a progress that cannot be read, not started (the
    progress is reported on its own)."""
    try:
        number = to_int(progress) or 0
    except _Unreadable:
        return "not_started"
    return "done" if number >= 100 else "in_progress" if number > 0 else "not_started"


def to_text(value: Any) -> str:
    """Text as saved: blank → "", surrounding spaces dropped, line ends as ``\\n``."""
    if is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def to_status(value: Any) -> str:
    """A status code from its code or its Thai or English label, or a part of a label that only one has, as
    people shorten them ("แล้วเสร็จ", "ไม่สามารถ", "in progress")."""
    if is_blank(value):
        return "not_started"
    text = " ".join(str(value).split())
    if text in STATUSES:
        return text
    wanted = compact(text)
    labels = {code: [compact(label) for label in both(f"status_{code}")] for code in STATUSES}
    for code, said in labels.items():
        if wanted in said:
            return code
    holding = [code for code, said in labels.items() if len(wanted) >= 3 and any(wanted in label for label in said)]
    if len(holding) == 1:
        return holding[0]
    raise _Unreadable(text)


_COERCE = {
    "indicators": to_indicators,
    "progress": to_int,
    "status": to_status,
    **{name: to_date for name in DATE_FIELDS},
    **{name: to_text for name in TEXT_FIELDS},
}


def _coerce(raw: Mapping[str, Any], allowed: tuple[str, ...]) -> tuple[dict[str, Any], list[FieldProblem]]:
    unknown = set(raw) - set(allowed)
    if unknown:
        raise KeyError(f"not editable here: {sorted(unknown)}")  # a programming error, not a user's
    values: dict[str, Any] = {}
    problems: list[FieldProblem] = []
    for name, value in raw.items():
        try:
            values[name] = _COERCE[name](value)
        except _Unreadable as exc:
            code = {
                "indicators": "mv_indicator_unreadable",
                "progress": "mv_number_unreadable",
                "status": "mv_status_unknown",
            }.get(name, "mv_date_no_such_day" if isinstance(exc, _NoSuchDay) else "mv_date_unreadable")
            problems.append(_problem(name, code, value=str(exc)))
    if "progress" in values and values["progress"] is None:
        values["progress"] = 0
    return values, problems


# --------------------------------------------------------------------------- the rules


def clean_measure(
    raw: Mapping[str, Any],
    year: int,
    *,
    indicator_numbers: Iterable[int] = INDICATOR_NUMBERS,
    kept: Mapping[str, Any] | None = None,
) -> tuple[dict[str, Any], list[FieldProblem]]:
    """A measure's values, coerced and checked as a whole (pass every editable field). Rules: a title is
    required; indicators exist in the year's framework; dates lie inside fiscal year ``year`` and the start
    is not after the due date; text fits a spreadsheet cell."""
    values, problems = _coerce(raw, MEASURE_FIELDS)
    bad = {p.field for p in problems}
    if "title" not in bad and not values.get("title"):
        problems.append(_problem("title", "mv_required"))
    known = set(indicator_numbers)
    for number in values.get("indicators", ()):
        if number not in known:
            problems.append(
                _problem("indicators", "mv_indicator_unknown", value=number, low=min(known), high=max(known))
            )
    first, last = fiscal_year_bounds(year)
    for name in ("start_date", "due_date"):
        day = values.get(name)
        if day is not None and not first <= day <= last:
            problems.append(
                _problem(
                    name,
                    "mv_date_outside_year",
                    value=be_date(day),
                    year=year,
                    first=be_date(first),
                    last=be_date(last),
                )
            )
    start, due = values.get("start_date"), values.get("due_date")
    if start and due and start > due:
        problems.append(_problem("due_date", "mv_start_after_due", start=be_date(start), due=be_date(due)))
    problems += _too_long(values, kept or {})
    return values, problems


def clean_follow_up(raw: Mapping[str, Any], year: int) -> tuple[dict[str, Any], list[FieldProblem]]:
    """A follow-up's values, coerced and checked as a whole (pass every editable field). Rules: status is
    one of ``STATUSES``; progress is 0–100 and agrees with the status (0 when not started, 100 when done);
    "cannot" needs a reason; the report date lies in fiscal year
    ``year`` or after it up to ``last_report_date``."""
    values, problems = _coerce(raw, FOLLOW_UP_FIELDS)
    if is_blank(raw.get("progress")) and values.get("status") in PROGRESS_OF_STATUS:
        values["progress"] = PROGRESS_OF_STATUS[values["status"]]  # 'done' chosen, progress left blank: 100 %
    progress = values.get("progress")
    if progress is not None and not 0 <= progress <= 100:
        problems.append(_problem("progress", "mv_progress_range", value=progress))
    if values.get("status") == STATUS_NEEDS_REASON and not values.get("reason"):
        column_th, column_en = both("mf_reason")  # the grid's heading, as the user sees it
        problems.append(_problem("reason", "mv_reason_required", column_th=column_th, column_en=column_en))
    if progress is not None and 0 <= progress <= 100:
        problems += _status_against_progress(values.get("status"), progress)
    day = values.get("report_date")
    first, last = fiscal_year_bounds(year)
    last_report = last_report_date(year)
    if day is not None and not first <= day <= last_report:
        problems.append(
            _problem(
                "report_date",
                "mv_report_date_outside",
                value=be_date(day),
                year=year,
                first=be_date(first),
                last=be_date(last_report),
            )
        )
    problems += _too_long(values)
    return values, problems


def _status_against_progress(status: Any, progress: Any) -> list[FieldProblem]:
    """A status and a progress that say opposite things (not started at 60 %, finished at 0 %) cannot both be
    true; the O43 would print both."""
    if progress is None:
        return []
    if status == "not_started" and progress > 0:
        return [_problem("progress", "mv_progress_not_started", value=progress)]
    if status == "done" and progress < 100:
        return [_problem("progress", "mv_progress_done", value=progress)]
    if status == "cannot" and progress >= 100:  # the O43 would draw a full bar of a measure it says failed
        return [_problem("progress", "mv_progress_cannot", value=progress)]
    return []


def _too_long(values: Mapping[str, Any], kept: Mapping[str, Any] = {}) -> list[FieldProblem]:  # noqa: B006
    """A text over ``MAX_TEXT``, or a name over its ``FIELD_MAX_CHARS`` as it is typed (``kept``: the row as stored;
    a name stored before the limit, left as it is, does not lock the row's other fields)."""
    return [
        _problem(name, "mv_text_too_long", length=len(value), limit=limit)
        for name, value in values.items()
        if isinstance(value, str)
        and len(value) > (limit := MAX_TEXT if kept.get(name) == value else FIELD_MAX_CHARS.get(name, MAX_TEXT))
    ]


def measure_values(measure: Measure) -> dict[str, Any]:
    return {name: getattr(measure, name) for name in MEASURE_FIELDS}


def follow_up_values(follow_up: FollowUp) -> dict[str, Any]:
    return {name: getattr(follow_up, name) for name in FOLLOW_UP_FIELDS}


# --------------------------------------------------------------------------- choices


@lru_cache(maxsize=1)
def responsible_units() -> tuple[str, ...]:
    """Typical responsible units of a municipality (ITA-DOMAIN.md section 5), from the measure library."""
    with (DATA_DIR / "measure_library.toml").open("rb") as fh:
        return tuple(tomllib.load(fh)["units"]["municipality"])


def measure_year_choices(
    result_years: Iterable[int], stored_years: Iterable[int] = (), wanted: int | None = None
) -> tuple[list[int], int]:
    """Fiscal years a user may set measures for, newest first, and the default. Measures answer a result:
    year N's result is analysed for measures in N+1, so the default is the latest result year + 1 (or the
    year asked for, or the current fiscal year when the agency has no results)."""
    results = sorted({int(y) for y in result_years})
    stored = {int(y) for y in stored_years}
    today = local_today()
    current = fiscal_year(today)
    default = results[-1] + 1 if results else current
    years = stored | {y + 1 for y in results} | {default}
    if wanted is not None and 2400 < wanted < 2700:
        years.add(wanted)
        default = wanted
    return sorted(years, reverse=True), default
