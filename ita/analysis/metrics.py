"""Analysis of scored results: peers, strengths and weaknesses, change, points lost, the next band.

Pure functions over the importer's tidy table (one row per agency and year) or one agency-year's scores.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ita.rules.frameworks import Framework, Grade, Indicator
from ita.rules.scoring import Score, score_one

# --------------------------------------------------------------------------- one agency-year


def indicator_scores(row: Mapping[str, float] | pd.Series, framework: Framework) -> list[float]:
    return [float(row[ind.key]) for ind in framework.indicators]


@dataclass(frozen=True)
class RankedIndicator:
    indicator: Indicator
    score: float
    rank: int  # 1 = highest; tied scores share a rank


@dataclass(frozen=True)
class StrengthsWeaknesses:
    ranked: list[RankedIndicator]  # highest first
    strengths: list[RankedIndicator]  # every indicator at or above the framework's pass mark, highest first
    weaknesses: list[RankedIndicator]  # the bottom rank(s): what to fix first
    below_pass: list[RankedIndicator]  # every indicator under the framework's pass mark, lowest first


def strengths_weaknesses(scores: Sequence[float], framework: Framework, n_weaknesses: int = 1) -> StrengthsWeaknesses:
    """Rank the indicators; strengths are the indicators at or above the year's pass mark (none, some or all),
    weaknesses the ``n_weaknesses`` worst ranks that are not strengths. Ties are never split: every indicator
    sharing a cut-off score is included. Scores are compared at two decimals, as published."""
    pairs = [(ind, round(float(s), 2)) for ind, s in zip(framework.indicators, scores, strict=False)]
    pairs.sort(key=lambda p: (-p[1], p[0].number))
    ranked: list[RankedIndicator] = []
    for pos, (ind, score) in enumerate(pairs):
        rank = ranked[-1].rank if ranked and ranked[-1].score == score else pos + 1
        ranked.append(RankedIndicator(ind, score, rank))
    strengths = [r for r in ranked if r.score >= framework.pass_mark]
    low_cut = ranked[max(len(ranked) - n_weaknesses, 0)].score
    weaknesses = sorted((r for r in ranked if r.score <= low_cut and r not in strengths), key=lambda r: r.score)
    below = sorted((r for r in ranked if r.score < framework.pass_mark), key=lambda r: (r.score, r.indicator.number))
    return StrengthsWeaknesses(ranked, strengths, weaknesses, below)


def points_lost(scores: Sequence[float], framework: Framework) -> pd.DataFrame:
    """Points of the total lost per indicator: weight × (100 − score) / 100, largest first."""
    rows = [
        {
            "number": ind.number,
            "indicator": ind.name_th,
            "indicator_en": ind.name_en,
            "tool": ind.tool,
            "weight": ind.weight,
            "score": float(s),
            "shortfall": 100 - float(s),
            "points_lost": ind.weight * (100 - float(s)) / 100,
        }
        for ind, s in zip(framework.indicators, scores, strict=False)
    ]
    return pd.DataFrame(rows).sort_values(["points_lost", "number"], ascending=[False, True]).reset_index(drop=True)


def what_if(scores: Sequence[float], changes: Mapping[int, float], framework: Framework) -> Score:
    """The score after replacing some indicator scores (by indicator number)."""
    new = [
        min(100.0, max(0.0, float(changes.get(ind.number, s))))
        for ind, s in zip(framework.indicators, scores, strict=False)
    ]
    return score_one(new, framework)


@dataclass(frozen=True)
class Step:
    indicator: Indicator
    current: float
    target: float

    @property
    def delta(self) -> float:
        return round(self.target - self.current, 2)

    @property
    def points(self) -> float:
        return self.indicator.weight * self.delta / 100


@dataclass(frozen=True)
class NextBand:
    current: Grade
    target: Grade | None  # None when already in the top band
    total: float
    points_needed: float  # total points still missing (0 when only tool floors are short)
    floors_short: dict[str, float]  # tool → points its mean is below the target's floor
    route: list[Step]  # the smallest indicator increases that reach the target
    result: Score | None  # the score after the route

    @property
    def increase_sum(self) -> float:
        return round(sum(s.delta for s in self.route), 2)


def _lift_tool_floors(
    values: np.ndarray, weights: np.ndarray, framework: Framework, target: Grade, shown: Mapping[str, float]
) -> dict[str, float]:
    """Raise, in place, each tool whose weighted mean is under ``target``'s tool floor up to it (its lowest
    indicators first); returns tool → points it was short: the floor less the tool's score as published and graded
    (``shown``, else two decimals of the mean), so the figure is the one a reader works out from the document."""
    floors_short: dict[str, float] = {}
    if target.min_each_tool is None:
        return floors_short
    for tool in framework.tools:
        members = [k for k, ind in enumerate(framework.indicators) if ind.tool == tool.code]
        mean = float(values[members] @ weights[members] / weights[members].sum())
        short = target.min_each_tool - round(shown.get(tool.code, mean), 2)
        if short > 1e-9:
            floors_short[tool.code] = round(short, 2)
            needed = (target.min_each_tool - mean) * weights[members].sum()  # weighted points inside the tool
            _fill(values, weights, members, needed)
    return floors_short


def _settle_route(
    values: np.ndarray, weights: np.ndarray, framework: Framework, target_index: int
) -> tuple[np.ndarray, Score]:
    """The route's scores rounded up to 0.01 (at most 100), nudged 0.01 at a time on the heaviest indicator
    with room left until they score the target band (at most 200 nudges); the scores and their score."""
    values = np.minimum(np.ceil(values * 100 - 1e-6) / 100, 100.0)
    result = score_one(list(values), framework)
    for _ in range(200):  # rounding can leave the route a hair short: nudge the heaviest room left
        if framework.grades.index(result.grade) <= target_index:
            break
        room = [k for k in np.argsort(-weights, kind="stable") if values[k] < 100]
        if not room:
            break
        values[room[0]] = min(100.0, round(values[room[0]] + 0.01, 2))
        result = score_one(list(values), framework)
    return values, result


def gap_to_next(scores: Sequence[float], framework: Framework, tools: Mapping[str, float] | None = None) -> NextBand:
    """How far the next band is, and the cheapest route to it.

    "Cheapest" means the smallest sum of indicator increases. First every tool below the target's floor
    is lifted (its lowest indicators first); then the remaining total comes from the heaviest indicators
    (OIT at 20 % each in the shipped frameworks), lowest first within a weight. Increases are rounded
    up to 0.01 and the route is checked by scoring it. ``tools``: the tool scores as published (the shortfalls
    are counted from them), else the means of ``scores``.
    """
    now = score_one(scores, framework)
    index = framework.grades.index(now.grade)
    if index == 0:
        return NextBand(now.grade, None, now.total, 0.0, {}, [], None)
    target = framework.grades[index - 1]
    values = np.array(now.indicators, dtype=float)
    weights = np.array([ind.weight for ind in framework.indicators])
    floors_short = _lift_tool_floors(values, weights, framework, target, tools or {})
    total_needed = target.min_total - float(values @ weights / 100)
    if total_needed > 0:
        _fill(values, weights, list(range(len(values))), total_needed * 100)
    values, result = _settle_route(values, weights, framework, index - 1)
    route = [
        Step(ind, float(a), float(b))
        for ind, a, b in zip(framework.indicators, now.indicators, values, strict=False)
        if b > a + 1e-9
    ]
    route.sort(key=lambda s: (-s.indicator.weight, s.current))
    return NextBand(
        now.grade, target, now.total, max(0.0, round(target.min_total - now.total, 2)), floors_short, route, result
    )


def _fill(values: np.ndarray, weights: np.ndarray, members: Iterable[int], needed: float) -> None:
    """Raise ``values[members]`` in place so Σ weight·increase ≥ ``needed``, heaviest weight class
    first and, within a class, water-filling from the lowest score (never above 100)."""
    members = list(members)
    for weight in sorted({weights[k] for k in members}, reverse=True):
        if needed <= 1e-12:
            return
        group = sorted((k for k in members if weights[k] == weight), key=lambda k: values[k])
        # Water-fill: find the level L such that Σ weight·max(0, L − v) = needed (capped at 100).
        level_cap = weight * sum(100 - values[k] for k in group)
        if level_cap <= needed:
            for k in group:
                values[k] = 100.0
            needed -= level_cap
            continue
        low, high = min(values[k] for k in group), 100.0
        for _ in range(60):
            mid = (low + high) / 2
            if weight * sum(max(0.0, mid - values[k]) for k in group) >= needed:
                high = mid
            else:
                low = mid
        for k in group:
            values[k] = max(values[k], high)
        needed = 0.0


# --------------------------------------------------------------------------- many agencies


@dataclass(frozen=True)
class PeerPosition:
    rank: int  # 1 = highest total; ties share the best rank
    count: int
    percentile: float  # share of the group scoring lower, ties counted half (0–100)
    mean: float
    median: float
    totals: list[float]
    below: int = 0  # peers with a lower total (the agency beats these)


def peer_position(
    table: pd.DataFrame, agency_key: str, year: int, peers: pd.Series | None = None
) -> PeerPosition | None:
    """Where one agency stands in a year among ``peers`` (a boolean mask over ``table``; all if None).

    ``table`` needs ``agency_key``, ``year`` and ``total``. The agency itself is always in its group.
    """
    in_year = table["year"] == year
    mask = in_year & table["total"].notna()
    if peers is not None:
        mask &= peers | (table["agency_key"] == agency_key)
    group = table.loc[mask]
    own = group.loc[group["agency_key"] == agency_key, "total"]
    if own.empty:
        return None
    value = float(own.iloc[0])
    totals = group["total"].to_numpy(dtype=float)
    below = float((totals < value).sum())
    equal = float((totals == value).sum())
    return PeerPosition(
        rank=int((totals > value).sum()) + 1,
        count=len(totals),
        percentile=100.0 * (below + 0.5 * equal) / len(totals),
        mean=float(totals.mean()),
        median=float(np.median(totals)),
        totals=sorted(totals.tolist()),
        below=int(below),
    )


def ranking(table: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """Rank and percentile of every agency within its year (and within ``by``, e.g. ``agency_type``)."""
    keys = ["year"] + ([by] if by else [])
    scored = table.loc[table["total"].notna()].copy()
    grouped = scored.groupby(keys, sort=False)["total"]
    scored["rank"] = grouped.rank(method="min", ascending=False).astype(int)
    below = grouped.rank(method="min", ascending=True) - 1
    ties = grouped.transform(lambda s: s.map(s.value_counts()))
    scored["percentile"] = 100 * (below + 0.5 * ties) / grouped.transform("size")
    scored["group_size"] = grouped.transform("size")
    return scored


def changes(table: pd.DataFrame, agency_key: str, columns: Sequence[str]) -> pd.DataFrame:
    """Each year of one agency with the change of ``columns`` against its previous assessed year."""
    own = table.loc[table["agency_key"] == agency_key].sort_values("year")
    out = own[["year", *columns]].reset_index(drop=True)
    for c in columns:
        out[f"{c}_change"] = out[c].diff()
    out["previous_year"] = out["year"].shift(1)
    return out


def share_passing(table: pd.DataFrame) -> pd.DataFrame:
    """Per year: agencies scored, how many at the pass mark or above, and their share (%)."""
    scored = table.loc[table["total"].notna()]
    out = (
        scored.groupby("year")
        .agg(agencies=("total", "size"), passed=("passed", "sum"), mean=("total", "mean"), median=("total", "median"))
        .reset_index()
    )
    out["share"] = 100 * out["passed"] / out["agencies"]
    return out
