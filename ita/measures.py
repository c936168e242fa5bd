"""Measures (มาตรการ) and their follow-up: the domain model, without storage.

A measure belongs to an agency and the fiscal year it is carried out in (an O42 analysing 2563 sets
measures for 2564), answers one or more indicators, and is followed up in two rounds: รอบ 6 เดือน
(October–March) and รอบ 12 เดือน (the whole fiscal year). Storage, history and concurrency live in
``ita.store``; reports read these objects.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

ROUNDS = (6, 12)
STATUSES = ("not_started", "in_progress", "done", "cannot")   # labels: text catalogue, status_<code>
STATUS_NEEDS_REASON = "cannot"


def fiscal_year_bounds(year_be: int) -> tuple[dt.date, dt.date]:
    """First and last day of a Thai fiscal year: 2567 → 1 Oct 2023 – 30 Sep 2024."""
    ce = year_be - 543
    return dt.date(ce - 1, 10, 1), dt.date(ce, 9, 30)


def round_end(year_be: int, round_months: int) -> dt.date:
    """When a follow-up round closes: 6 months → 31 March, 12 months → 30 September."""
    start, end = fiscal_year_bounds(year_be)
    return dt.date(start.year + 1, 3, 31) if round_months == 6 else end


@dataclass
class Measure:
    agency_key: str                   # the importer's agency_key
    agency: str                       # the agency's name as shown
    year: int                         # B.E. fiscal year the measure is carried out in
    title: str                        # มาตรการ
    indicators: tuple[int, ...] = ()  # the indicators it answers (numbers 1..10)
    guideline: str = ""               # แนวทางการปฏิบัติ
    steps: str = ""                   # ขั้นตอน/วิธีการปฏิบัติ
    responsible: str = ""             # ผู้รับผิดชอบ
    monitoring: str = ""              # การกำกับติดตาม
    start_date: dt.date | None = None
    due_date: dt.date | None = None
    id: int | None = None
    version: int = 0                  # bumped on every saved change; an edit must name the version it read
    deleted: bool = False


@dataclass
class FollowUp:
    measure_id: int
    round: int                        # 6 or 12
    status: str = "not_started"       # one of STATUSES
    progress: int = 0                 # 0-100 %
    done: str = ""                    # what was done
    evidence: str = ""                # a link to the evidence
    report_date: dt.date | None = None
    reporter: str = ""
    reason: str = ""                  # required when status is "cannot"
    id: int | None = None
    version: int = 0


@dataclass
class MeasureWithFollowUps:
    """What a report needs about one measure."""

    measure: Measure
    follow_ups: dict[int, FollowUp] = field(default_factory=dict)   # round → follow-up
