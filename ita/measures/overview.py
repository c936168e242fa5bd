"""The follow-up overview: status counts per round, overdue measures, progress by responsible unit.

Pure functions over ``MeasureWithFollowUps`` (what ``Store.measures_with_follow_ups`` returns); the pages draw
what comes back, ``ita.measures.charts`` turns it into figures. Where a measure stands in a round is
``ita.measures.rounds``' rule, the O43's: its latest report carried forward, and a measure without one is not
reported (counted as such, left out of the mean progress).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from ita.common.text import t
from ita.common.thai import be_date
from ita.measures.model import FINISHED_STATUSES, ROUNDS, STATUSES, MeasureWithFollowUps, fiscal_year_bounds
from ita.measures.rounds import NOT_REPORTED, latest_follow_up, summarise_round

COUNT_COLUMNS = ["round", "round_label", "status", "status_label", "count", "carried"]


def status_counts(items: Sequence[MeasureWithFollowUps], lang: str = "th") -> pd.DataFrame:
    """One row per round and status, "not reported" last (zeros included): round, round_label, status,
    status_label, count, and how many of them are an earlier round's report carried forward (``carried``: the
    12-month round before anyone reported on it shows the 6-month statuses, and says so)."""
    rows = []
    for round_months in ROUNDS:
        latest = [latest_follow_up(item, round_months) for item in items]
        found = [getattr(fu, "status", NOT_REPORTED) for fu in latest]
        carried = [fu is not None and fu.round != round_months for fu in latest]
        for status in (*STATUSES, NOT_REPORTED):
            rows.append(
                {
                    "round": round_months,
                    "round_label": t(f"round_{round_months}", lang),
                    "status": status,
                    "status_label": t(f"status_{status}", lang),
                    "count": found.count(status),
                    "carried": sum(1 for f, c in zip(found, carried, strict=True) if f == status and c),
                }
            )
    return pd.DataFrame(rows, columns=COUNT_COLUMNS)


def due_date(item: MeasureWithFollowUps) -> dt.date:
    """The measure's due date, or the end of its fiscal year when it has none."""
    return item.measure.due_date or fiscal_year_bounds(item.measure.year)[1]


def overdue(items: Sequence[MeasureWithFollowUps], today: dt.date, lang: str = "th") -> pd.DataFrame:
    """Measures past their due date and not finished (latest report neither done nor cannot), most late first."""
    rows = []
    for item in items:
        due = due_date(item)
        latest = latest_follow_up(item, ROUNDS[-1])  # None: nobody reported on it, said so (never "not started, 0")
        if due < today and (latest is None or latest.status not in FINISHED_STATUSES):
            rows.append(
                {
                    "measure_id": item.measure.id,
                    "title": item.measure.title,
                    "responsible": item.measure.responsible,
                    "due_date": be_date(due),  # shown as it reads: B.E.
                    "status": t(f"status_{latest.status if latest else NOT_REPORTED}", lang),
                    "progress": latest.progress if latest else None,
                    "round": t(f"round_{latest.round}", lang) if latest else "",
                    "days_late": (today - due).days,
                }
            )
    frame = pd.DataFrame(
        rows, columns=["measure_id", "title", "responsible", "due_date", "status", "progress", "round", "days_late"]
    )
    return frame.sort_values(["days_late", "title"], ascending=[False, True], kind="stable").reset_index(drop=True)


def progress_by_unit(items: Sequence[MeasureWithFollowUps], round_months: int, lang: str = "th") -> pd.DataFrame:
    """Per responsible unit: number of measures, mean progress (%) of those reported by the round (NaN when none
    is) and number done by the round; lowest first. Measures without a unit are grouped under "(not set)"."""
    unset = t("fu_unit_unset", lang)
    latest = [(item, latest_follow_up(item, round_months)) for item in items]
    rows = [
        {
            "responsible": item.measure.responsible or unset,
            "progress": float(fu.progress) if fu is not None else float("nan"),
            "done": fu is not None and fu.status == "done",
        }
        for item, fu in latest
    ]
    frame = pd.DataFrame(rows, columns=["responsible", "progress", "done"])
    grouped = (
        frame.groupby("responsible", sort=False)
        .agg(measures=("done", "size"), mean_progress=("progress", "mean"), done=("done", "sum"))
        .reset_index()
    )
    grouped["mean_progress"] = grouped["mean_progress"].round(1)
    grouped["done"] = grouped["done"].astype(int)
    return grouped.sort_values(["mean_progress", "responsible"], kind="stable", na_position="first").reset_index(
        drop=True
    )


@dataclass(frozen=True)
class Numbers:
    measures: int
    done: int  # done by the round (a report carried forward counts)
    mean_progress: float | None  # of the measures reported by the round; None when none is
    reported: int  # measures with a report by the round
    overdue: int  # past due and not finished, as of the latest report (today's view, whichever round is shown)


def numbers(items: Sequence[MeasureWithFollowUps], today: dt.date, round_months: int) -> Numbers:
    """The round's figures, as the O43 of that round states them."""
    summary = summarise_round(items, round_months)
    mean = None if summary.mean_progress is None else round(summary.mean_progress, 1)
    return Numbers(summary.count, summary.by_status["done"], mean, summary.reported, len(overdue(items, today)))
