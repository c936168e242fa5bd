"""The O43 draft: what a report on a follow-up round of the measures says, as editable Thai text (see
``ita.reports.draft`` for how drafting and rendering divide the work)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from ita.analysis.agency import AgencyYear
from ita.common.thai import fiscal_year_bounds, natural_list
from ita.measures.model import FINISHED_STATUSES, ROUNDS, MeasureWithFollowUps, round_end
from ita.measures.rounds import (
    NOT_REPORTED,
    RoundSummary,
    late_at,
    latest_follow_up,
    live_measures,
    summarise_round,
)
from ita.reports.draft import Draft, Signers, common_fields
from ita.reports.templates import Templates, load_templates, thai_date


@dataclass(frozen=True)
class O43Draft(Draft):
    title: str
    intro: str
    summary: str
    obstacles: str
    conclusion: str
    reported_by: str = ""
    reported_position: str = ""
    approved_by: str = ""
    approved_position: str = ""

    TEXT_FIELDS: ClassVar[tuple[str, ...]] = (
        "title",
        "intro",
        "summary",
        "obstacles",
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
    """'ดำเนินการแล้วเสร็จ 1 มาตรการ และอยู่ระหว่างดำเนินการ 2 มาตรการ' (statuses with none left out)."""
    order = ("done", "in_progress", "not_started", "cannot", NOT_REPORTED)
    parts = []
    for code in order:
        n = summary.by_status.get(code, 0)
        if n:
            word = templates.text("o43.labels.not_reported") if code == NOT_REPORTED else templates.status(code)
            parts.append(f"{word} {n} มาตรการ")
    return natural_list(parts)


def _progress_words(summary: RoundSummary, round_months: int, tpl: Templates) -> str:
    """The mean progress of the measures with a report, and how many of those reports are an earlier round's."""
    if summary.mean_progress is None:
        return ""
    earlier = [r for r in ROUNDS if r < round_months]
    carried = (
        tpl.text("o43.labels.mean_progress_carried", carried=summary.carried, months=earlier[-1])
        if summary.carried and earlier
        else ""
    )
    mean = f"{summary.mean_progress:.0f}"
    return tpl.text("o43.labels.mean_progress", mean_progress=mean, reported=summary.reported, carried=carried)


def _obstacles(items: Sequence[MeasureWithFollowUps], round_months: int, tpl: Templates, round_name: str) -> str:
    """What held the measures back in the round, a numbered paragraph for each kind with its remedy: the measures
    late at the round's end (due date and progress), those that could not be done (the reason given), those nobody
    reported on. None of these: said so."""
    if not items:
        return tpl.text("o43.obstacles.no_measures", round_name=round_name)
    late, cannot, unreported = [], [], []
    for item in items:
        fu = latest_follow_up(item, round_months)
        name = f"“{item.measure.title}”"
        if fu is None:
            unreported.append(name)
            continue
        if fu.status == "cannot":
            cannot.append(tpl.text("o43.obstacles.cannot_item", name=name, reason=fu.reason.strip() or "-"))
        elif late_at(item, round_months) and item.measure.due_date is not None:
            due = thai_date(item.measure.due_date, tpl)
            late.append(tpl.text("o43.obstacles.late_item", name=name, due=due, progress=int(fu.progress)))
    parts = [
        tpl.text(f"o43.obstacles.{kind}", names=natural_list(names), round_name=round_name)
        for kind, names in (("late", late), ("cannot", cannot), ("unreported", unreported))
        if names
    ]
    if not parts:
        return tpl.text("o43.obstacles.none", round_name=round_name)
    return parts[0] if len(parts) == 1 else "\n\n".join(f"{k}) {part}" for k, part in enumerate(parts, start=1))


def _conclusion(
    items: Sequence[MeasureWithFollowUps], round_months: int, tpl: Templates, common: Mapping[str, Any]
) -> str:
    """What comes next. After 6 months: the unfinished measures are followed on (every one finished: kept up, and
    those that could not be done named for review). After 12 the year has ended: the
    measures not finished are named and go on into the next year's, those that could not be done are named for
    review, and the year's results feed the next analysis."""
    if not items:
        return tpl.text("o43.conclusion_none" + ("_12" if round_months == 12 else ""), **common)
    open_items, unreported, cannot = [], [], []
    for item in items:
        fu = latest_follow_up(item, round_months)
        title = f"“{item.measure.title}”"
        if fu is None or fu.status == NOT_REPORTED:
            unreported.append(title)
        elif fu.status not in FINISHED_STATUSES:
            open_items.append(title)
        elif fu.status == "cannot":
            cannot.append(title)
    if round_months != ROUNDS[-1]:  # nothing left open at 6 months: no promise to follow what is finished
        key = (
            "o43.conclusion"
            if open_items or unreported
            else "o43.conclusion_6_none_done"
            if len(cannot) == len(items)
            else "o43.conclusion_6_cannot"
            if cannot
            else "o43.conclusion_6_done"
        )
        return tpl.text(key, names=natural_list(cannot), **common)
    # After 12 months a paragraph for each kind, named as section 4 names them (an unreported measure is not known to
    # be unfinished), and the short closing one last: it alone keeps with the signatures.
    year = int(common["measure_year"]) + 1
    parts = [
        tpl.text(f"o43.conclusion_12_{kind}", names=natural_list(names), next_year=year, **common)
        for kind, names in (("open", open_items), ("unreported", unreported), ("cannot", cannot))
        if names
    ]
    said = parts or [tpl.text("o43.conclusion_12_done", **common)]
    # The agency named once: as the subject of the first paragraph, else of the closing one.
    closing = "o43.conclusion_12" if said[0].startswith(str(common["agency"])) else "o43.conclusion_12_named"
    return "\n\n".join([*said, tpl.text(closing, **common, next_year=year)])


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
    common["source"] = result.kind.source or tpl.text("o42.source")
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
            late=tpl.text("o43.late", late=summary.late) if summary.late else "",
            progress=_progress_words(summary, round_months, tpl),
            **common,
        )
        if items
        else tpl.text("o43.labels.none", **common),
        obstacles=_obstacles(items, round_months, tpl, round_name),
        conclusion=_conclusion(items, round_months, tpl, common),
        reported_by=signers.prepared_by,
        reported_position=signers.prepared_position,
        approved_by=signers.approved_by,
        approved_position=signers.approved_position or result.kind.head_of(result.agency),
    )
