"""The O43 draft: what a report on a follow-up round of the measures says, as editable Thai text (see
``ita.reports.draft`` for how drafting and rendering divide the work)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from ita.analysis.agency import AgencyYear
from ita.common.thai import fiscal_year_bounds
from ita.measures.model import ROUNDS, MeasureWithFollowUps, round_end
from ita.measures.rounds import NOT_REPORTED, RoundSummary, live_measures, summarise_round
from ita.reports.draft import Draft, Signers, common_fields
from ita.reports.templates import Templates, load_templates, thai_date


@dataclass(frozen=True)
class O43Draft(Draft):
    title: str
    intro: str
    summary: str
    conclusion: str
    reported_by: str = ""
    reported_position: str = ""
    approved_by: str = ""
    approved_position: str = ""

    TEXT_FIELDS: ClassVar[tuple[str, ...]] = (
        "title",
        "intro",
        "summary",
        "conclusion",
        "reported_by",
        "reported_position",
        "approved_by",
        "approved_position",
    )
    SIGNERS: ClassVar[dict[str, str]] = {
        "reported_by": "prepared_by",
        "reported_position": "prepared_position",
        "approved_by": "approved_by",
        "approved_position": "approved_position",
    }


def round_period(measure_year: int, round_months: int, templates: Templates | None = None) -> str:
    """'1 ตุลาคม 2563 – 31 มีนาคม 2564' for the 6-month round of fiscal year 2564."""
    tpl = templates or load_templates()
    start, _ = fiscal_year_bounds(measure_year)
    return tpl.text(
        "o43.period", start=thai_date(start, tpl), end=thai_date(round_end(measure_year, round_months), tpl)
    )


def status_words(summary: RoundSummary, templates: Templates) -> str:
    """'ดำเนินการแล้วเสร็จ 1 มาตรการ อยู่ระหว่างดำเนินการ 2 มาตรการ' (statuses with none left out)."""
    order = ("done", "in_progress", "not_started", "cannot", NOT_REPORTED)
    parts = []
    for code in order:
        n = summary.by_status.get(code, 0)
        if n:
            word = templates.text("o43.labels.not_reported") if code == NOT_REPORTED else templates.status(code)
            parts.append(f"{word} {n} มาตรการ")
    return " ".join(parts)


def draft_o43(
    result: AgencyYear,
    measures: Sequence[MeasureWithFollowUps],
    round_months: int,
    *,
    signers: Signers | None = None,
    office: str | None = None,
    templates: Templates | None = None,
) -> O43Draft:
    """The O43 texts for the follow-up ``round_months`` (6 or 12) of the measures set from ``result``."""
    if round_months not in ROUNDS:
        raise ValueError(f"round must be one of {ROUNDS}, got {round_months}")
    tpl = templates or load_templates()
    items = live_measures(measures)
    common = common_fields(result, office)
    round_name = tpl.text(f"o43.round_{round_months}")
    period = round_period(result.measure_year, round_months, tpl)
    summary = summarise_round(items, round_months)
    signers = signers or Signers()
    return O43Draft(
        title=tpl.text("o43.title", round_name=round_name, period=period, **common).strip(),
        intro=tpl.text(
            "o43.intro" if items else "o43.intro_none", round_name=round_name, period=period, count=len(items), **common
        ),
        summary=tpl.text(
            "o43.summary",
            round_name=round_name,
            count=summary.count,
            status_counts=status_words(summary, tpl),
            progress=tpl.text(
                "o43.labels.mean_progress",
                mean_progress=f"{summary.mean_progress:.0f}",
                reported=summary.reported,
            )
            if summary.mean_progress is not None
            else "",
            **common,
        )
        if items
        else tpl.text("o43.labels.none", **common),
        conclusion=tpl.text(
            "o43.conclusion" if items else "o43.conclusion_none" + ("_12" if round_months == 12 else ""), **common
        ),
        reported_by=signers.prepared_by,
        reported_position=signers.prepared_position,
        approved_by=signers.approved_by,
        approved_position=signers.approved_position or result.kind.head_of(result.agency),
    )
