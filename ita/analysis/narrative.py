"""Sentences an analyst could paste into the report, derived from the data (Thai or English).

Templates are in the text catalogue (``narrative_*`` keys); this module only chooses and fills them.
"""

from __future__ import annotations

from collections.abc import Sequence

from ita.analysis.agency import AgencyYear
from ita.analysis.metrics import RankedIndicator
from ita.common.text import t
from ita.common.thai import natural_list


def indicator_phrase(item: RankedIndicator, lang: str) -> str:
    ind = item.indicator
    return t(
        "narrative_indicator",
        lang,
        number=ind.number,
        name=ind.name_th if lang == "th" else ind.name_en,
        score=f"{item.score:.2f}",
    )


def join(items: Sequence[str], lang: str) -> str:
    """'ก ข และ ค' / 'a, b and c' (``ita.common.thai.natural_list``)."""
    return natural_list(items, lang)


def summary(view: AgencyYear, lang: str = "th") -> str:
    fw = view.framework
    key = "narrative_summary_pass" if view.score.passed else "narrative_summary_fail"
    return t(
        key,
        lang,
        agency=view.name,
        year=view.year,
        total=f"{view.score.total:.2f}",
        grade=view.score.grade.label(lang),
        framework=fw.id,
        mark=f"{fw.pass_mark:g}",
    )


def strengths(view: AgencyYear, lang: str = "th") -> str:
    """The indicators at or above the pass mark; the right sentence when none or all are."""
    found, mark = view.analysis, f"{view.framework.pass_mark:g}"
    if not found.strengths:
        return t("narrative_strengths_none", lang, mark=mark)
    if len(found.strengths) == len(found.ranked):
        top = [indicator_phrase(r, lang) for r in found.ranked if r.rank == 1]
        return t("narrative_strengths_all", lang, mark=mark, items=join(top, lang))
    items = [indicator_phrase(r, lang) for r in found.strengths]
    return t("narrative_strengths", lang, mark=mark, items=join(items, lang))


def weaknesses(view: AgencyYear, lang: str = "th") -> str:
    """The weakest indicators to fix first; with every indicator at or above the pass mark there is none to fix
    urgently, and the sentence names the lowest as the one to keep developing."""
    found = view.analysis
    if not found.weaknesses:
        low = min(r.score for r in found.ranked)
        lowest = [r for r in found.ranked if r.score == low]
        named = join([indicator_phrase(r, lang) for r in lowest], lang)
        return t("narrative_weakness_none", lang, mark=f"{view.framework.pass_mark:g}", items=named)
    text = t("narrative_weakness", lang, items=join([indicator_phrase(r, lang) for r in found.weaknesses], lang))
    below = view.analysis.below_pass
    if below:
        text += " " + t("narrative_below_pass", lang, count=len(below), mark=f"{view.framework.pass_mark:g}")
    return text


def points_lost(view: AgencyYear, lang: str = "th") -> str:
    top = view.lost.iloc[0]
    name = top["indicator"] if lang == "th" else top["indicator_en"]
    return t(
        "narrative_points_lost",
        lang,
        number=int(top["number"]),
        name=name,
        points=f"{top['points_lost']:.2f}",
        weight=f"{top['weight']:g}",
        total=f"{view.lost['points_lost'].sum():.2f}",
    )


def next_band(view: AgencyYear, lang: str = "th", most_steps: int | None = None) -> str:
    """What it takes to reach the next band, and the cheapest route there. ``most_steps``: name at most this many
    of the route's indicators, then how many more (a slide, whose chart beside it draws them all)."""
    gap = view.next_band
    if gap.target is None:
        return t("narrative_top_band", lang, grade=gap.current.label(lang))
    steps = [
        t(
            "narrative_step",
            lang,
            number=s.indicator.number,
            name=s.indicator.name_th if lang == "th" else s.indicator.name_en,
            current=f"{s.current:.2f}",
            target=f"{s.target:.2f}",
        )
        for s in gap.route
    ]
    if most_steps is not None and len(steps) > most_steps:
        steps = [*steps[:most_steps], t("narrative_more_steps", lang, count=len(steps) - most_steps)]
    parts = []
    if gap.points_needed > 0:
        parts.append(
            t(
                "narrative_gap_points",
                lang,
                grade=gap.target.label(lang),
                points=f"{gap.points_needed:.2f}",
                minimum=f"{gap.target.min_total:g}",
            )
        )
    if gap.floors_short:
        tools = join(
            [
                t("narrative_floor_short", lang, tool=code, points=f"{short:.2f}")
                for code, short in gap.floors_short.items()
            ],
            lang,
        )
        parts.append(
            t(
                "narrative_gap_floors",
                lang,
                grade=gap.target.label(lang),
                tools=tools,
                floor=f"{gap.target.min_each_tool:g}",
            )
        )
    parts.append(t("narrative_route", lang, steps=join(steps, lang), sum=f"{gap.increase_sum:.2f}"))
    if not gap.target.min_total_confirmed:  # 2566's 70: the route is to a cut-off no source confirms
        parts.append(t("narrative_cut_unconfirmed", lang, minimum=f"{gap.target.min_total:g}", year=view.year))
    return " ".join(parts)


def change(view: AgencyYear, lang: str = "th") -> str | None:
    if view.previous is None or view.change is None:
        return None
    delta = view.change
    key = "narrative_change_up" if delta > 0 else ("narrative_change_down" if delta < 0 else "narrative_change_same")
    return t(
        key,
        lang,
        previous=int(view.previous["year"]),
        points=f"{abs(delta):.2f}",
        before=f"{float(view.previous['total']):.2f}",
        after=f"{view.score.total:.2f}",
    )


def peers(view: AgencyYear, lang: str = "th") -> str | None:
    p = view.peers
    if p is None:
        return None
    group = view.peer_group(lang) or t("peer_all", lang)
    if p.count == 1:
        return t("narrative_peers_alone", lang, group=group)
    return t(
        "narrative_peers",
        lang,
        rank=p.rank,
        count=p.count,
        group=group,
        below=p.below,
        others=p.count - 1,
        median=f"{p.median:.2f}",
    )


def paragraphs(view: AgencyYear, lang: str = "th") -> list[str]:
    """All of the above, in reading order, leaving out what does not apply."""
    out = [
        summary(view, lang),
        change(view, lang),
        peers(view, lang),
        strengths(view, lang),
        weaknesses(view, lang),
        points_lost(view, lang),
        next_band(view, lang),
    ]
    return [p for p in out if p]
