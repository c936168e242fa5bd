"""Where each measure stands in a follow-up round (6 or 12 months): its own report, the latest one carried
forward, and the round's summary. The one rule the follow-up page, the O43, its chart and the workbook all read:
a measure finished at 6 months is finished at 12, and a measure nobody reported on is "not reported", never
averaged in as 0 %. No wording here."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ita.measures.model import FINISHED_STATUSES, ROUNDS, STATUSES, FollowUp, MeasureWithFollowUps, round_end


@dataclass(frozen=True)
class RoundSummary:
    """Where the measures stand in one follow-up round."""

    count: int
    by_status: dict[str, int]  # every status of STATUSES, plus "not_reported"
    mean_progress: float | None  # over the measures with a report (carried forward); None when none has one
    reported: int = 0  # measures with a report for the round (or an earlier one carried forward)
    carried: int = 0  # of those, the measures whose report is an earlier round's, carried forward
    late: int = 0  # measures past their due date by the round's end and not finished (``late_at``)


NOT_REPORTED = "not_reported"


def follow_up_of(item: MeasureWithFollowUps, round_months: int) -> FollowUp | None:
    """The measure's own follow-up for the round, or None when nothing was reported. The store creates each
    round blank with the measure (not started, 0 %, no text, no date, no reporter); a follow-up still in
    that state counts as not reported, whatever its version."""
    fu = item.follow_ups.get(round_months)
    if fu is None:
        return None
    blank = (
        fu.status == "not_started"
        and not fu.progress
        and not fu.report_date
        and not any(str(v).strip() for v in (fu.done, fu.evidence, fu.reason, fu.reporter))
    )
    return None if blank else fu


def latest_follow_up(item: MeasureWithFollowUps, round_months: int) -> FollowUp | None:
    """Where the measure stood at the round: its report for the round, else its latest earlier report carried
    forward (a measure finished at 100 % in the 6-month round is still finished at 12 months); its ``round`` says
    which round it came from. None when nothing was reported by then."""
    for earlier in sorted((r for r in ROUNDS if r <= round_months), reverse=True):
        fu = follow_up_of(item, earlier)
        if fu is not None:
            return fu
    return None


def late_at(item: MeasureWithFollowUps, round_months: int) -> bool:
    """Whether the measure was late at the round's end: it has a due date no later than that day, and its latest
    report by then says neither done nor cannot be done. Measures are mostly due on a round's last day (31 March,
    30 September): one still unfinished when that round's report is written is late (it was counted on time). A
    measure without a due date is late against no date the agency set; one nobody reported on is said as
    unreported, not as late."""
    due = item.measure.due_date
    fu = latest_follow_up(item, round_months)
    if due is None or fu is None:
        return False
    return due <= round_end(item.measure.year, round_months) and fu.status not in FINISHED_STATUSES


def summarise_round(measures: Sequence[MeasureWithFollowUps], round_months: int) -> RoundSummary:
    """Statuses at the round (latest reports carried forward) and the mean progress of the measures that have a
    report: a measure nobody reported on is counted as not reported, never averaged in as 0 %."""
    counts = {s: 0 for s in (*STATUSES, NOT_REPORTED)}
    progress = []
    carried = 0
    for item in measures:
        fu = latest_follow_up(item, round_months)
        counts[fu.status if fu and fu.status in counts else NOT_REPORTED] += 1
        if fu is not None:
            progress.append(float(fu.progress))
            carried += fu.round != round_months
    mean = sum(progress) / len(progress) if progress else None
    late = sum(late_at(item, round_months) for item in measures)
    return RoundSummary(len(measures), counts, mean, len(progress), carried, late)


def measures_fingerprint(measures: Iterable[MeasureWithFollowUps]) -> str:
    """Changes whenever a measure or a follow-up is saved (ids and versions): a page redrafts then."""
    return ",".join(
        f"{m.measure.id}:{m.measure.version}:" + ":".join(f"{r}{f.version}" for r, f in sorted(m.follow_ups.items()))
        for m in measures
    )


def live_measures(measures: Iterable[MeasureWithFollowUps]) -> list[MeasureWithFollowUps]:
    """The measures a document lists: not deleted, in the order given."""
    return [m for m in measures if not getattr(m.measure, "deleted", False)]
