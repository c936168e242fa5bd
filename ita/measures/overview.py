"""The follow-up overview: status counts per round, overdue measures, progress by responsible unit.

Pure functions over ``MeasureWithFollowUps`` (what ``Store.measures_with_follow_ups`` returns); the pages draw
what comes back, ``ita.measures.charts`` turns it into figures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from ita.common.text import t
from ita.common.thai import be_date
from ita.measures.model import FINISHED_STATUSES, ROUNDS, STATUSES, FollowUp, MeasureWithFollowUps, fiscal_year_bounds


def latest_round(item: MeasureWithFollowUps) -> FollowUp:
    """The most recent report of a measure: the 12-month round once anything was reported in it, else the 6."""
    twelve = item.follow_ups.get(12) or FollowUp(item.measure.id or 0, 12)
    if twelve.status != "not_started" or twelve.progress or twelve.report_date:
        return twelve
    return item.follow_ups.get(6) or FollowUp(item.measure.id or 0, 6)


def status_counts(items: Sequence[MeasureWithFollowUps], lang: str = "th") -> pd.DataFrame:
    """One row per round and status (zeros included): round, round_label, status, status_label, count."""
    rows = []
    for round_months in ROUNDS:
        found = [(item.follow_ups.get(round_months) or FollowUp(0, round_months)).status for item in items]
        for status in STATUSES:
            rows.append(
                {
                    "round": round_months,
                    "round_label": t(f"round_{round_months}", lang),
                    "status": status,
                    "status_label": t(f"status_{status}", lang),
                    "count": found.count(status),
                }
            )
    return pd.DataFrame(rows, columns=["round", "round_label", "status", "status_label", "count"])


def due_date(item: MeasureWithFollowUps) -> dt.date:
    """The measure's due date, or the end of its fiscal year when it has none."""
    return item.measure.due_date or fiscal_year_bounds(item.measure.year)[1]


def overdue(items: Sequence[MeasureWithFollowUps], today: dt.date, lang: str = "th") -> pd.DataFrame:
    """Measures past their due date and not finished (latest report neither done nor cannot), most late first."""
    rows = []
    for item in items:
        due = due_date(item)
        latest = latest_round(item)
        if due < today and latest.status not in FINISHED_STATUSES:
            rows.append(
                {
                    "measure_id": item.measure.id,
                    "title": item.measure.title,
                    "responsible": item.measure.responsible,
                    "due_date": be_date(due),  # shown as it reads: B.E.
                    "status": t(f"status_{latest.status}", lang),
                    "progress": latest.progress,
                    "round": t(f"round_{latest.round}", lang),
                    "days_late": (today - due).days,
                }
            )
    frame = pd.DataFrame(
        rows, columns=["measure_id", "title", "responsible", "due_date", "status", "progress", "round", "days_late"]
    )
    return frame.sort_values(["days_late", "title"], ascending=[False, True], kind="stable").reset_index(drop=True)


def progress_by_unit(items: Sequence[MeasureWithFollowUps], round_months: int, lang: str = "th") -> pd.DataFrame:
    """Per responsible unit: number of measures, mean progress (%) and number done in the round; lowest first.
    Measures without a unit are grouped under "(not set)"."""
    unset = t("fu_unit_unset", lang)
    rows = [
        {
            "responsible": item.measure.responsible or unset,
            "progress": (item.follow_ups.get(round_months) or FollowUp(0, round_months)).progress,
            "done": (item.follow_ups.get(round_months) or FollowUp(0, round_months)).status == "done",
        }
        for item in items
    ]
    frame = pd.DataFrame(rows, columns=["responsible", "progress", "done"])
    grouped = (
        frame.groupby("responsible", sort=False)
        .agg(measures=("progress", "size"), mean_progress=("progress", "mean"), done=("done", "sum"))
        .reset_index()
    )
    grouped["mean_progress"] = grouped["mean_progress"].round(1)
    grouped["done"] = grouped["done"].astype(int)
    return grouped.sort_values(["mean_progress", "responsible"], kind="stable").reset_index(drop=True)


@dataclass(frozen=True)
class Numbers:
    measures: int
    done: int  # finished as "done" in their latest report
    mean_progress: float  # of the latest reports, 0 when there are no measures
    overdue: int


def numbers(items: Sequence[MeasureWithFollowUps], today: dt.date) -> Numbers:
    latest = [latest_round(item) for item in items]
    mean = sum(f.progress for f in latest) / len(latest) if latest else 0.0
    return Numbers(len(items), sum(f.status == "done" for f in latest), round(mean, 1), len(overdue(items, today)))
