"""Suggested measures: a library kept as data (``ita/data/measure_library.toml``) and the choice of entries
that answer an agency's weakest indicators.

The seed O42 report's three measures and its per-tool recommendations come first, then what an analyst would
commonly propose for each indicator. Weakest means the bottom of the ranking (``strengths_weaknesses``)
and every indicator under the pass mark (``below_pass``), lowest first.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

import pandas as pd

from ita.analysis.metrics import RankedIndicator, indicator_scores, strengths_weaknesses
from ita.common.thai import compact
from ita.measures.model import DATA_DIR, Measure, fiscal_year_bounds, to_indicators
from ita.rules.agency_types import agency_types
from ita.rules.frameworks import Framework, default_frameworks

LIBRARY_PATH = DATA_DIR / "measure_library.toml"


@dataclass(frozen=True)
class LibraryEntry:
    id: str
    source: str  # "seed-2563 §5", "seed-2563 §4 IIT", "analyst"
    title: str
    indicators: tuple[int, ...]
    guideline: str
    steps: str
    responsible: str
    monitoring: str

    def for_year(self, year: int) -> LibraryEntry:
        """The entry's text for fiscal year ``year`` (B.E.): its ``{year}`` filled ('ประจำปีงบประมาณ พ.ศ. {year}')."""
        fill = str(year)
        return replace(
            self,
            title=self.title.replace("{year}", fill),
            guideline=self.guideline.replace("{year}", fill),
            steps=self.steps.replace("{year}", fill),
            monitoring=self.monitoring.replace("{year}", fill),
        )

    def to_measure(self, agency_key: str, agency: str, year: int, agency_type: str = "") -> Measure:
        """A new measure for fiscal year ``year`` from this entry, running the whole fiscal year, its responsible
        unit named as the agency's type names it (``ita.rules.agency_types``)."""
        start, end = fiscal_year_bounds(year)
        text = self.for_year(year)
        return Measure(
            agency_key=agency_key,
            agency=agency,
            year=year,
            title=text.title,
            indicators=self.indicators,
            guideline=text.guideline,
            steps=text.steps,
            responsible=self.unit_for(agency, agency_type),
            monitoring=text.monitoring,
            start_date=start,
            due_date=end,
        )

    def unit_for(self, agency: str, agency_type: str = "") -> str:
        """The entry's responsible unit (a municipality's) as the agency's type names it."""
        return agency_types().of(agency_type, agency).unit_for(self.responsible, agency)

    def source_label(self, lang: str = "th") -> str:
        """Where the entry comes from, in words ([sources] of the library: a prefix of ``source`` → th/en)."""
        for prefix, label in _sources().items():
            if self.source.startswith(prefix):
                return label.get(lang) or label.get("th", "")
        return ""


def units_for(agency: str, agency_type: str = "") -> list[str]:
    """The responsible units offered for an agency's measures: its type's, or those of an agency of no known type
    (``ita/data/agency_types.toml``), else the library's (a municipality's)."""
    from ita.measures.model import responsible_units

    return agency_types().of(agency_type, agency).units_for(agency) or list(responsible_units())


@lru_cache(maxsize=1)
def _sources() -> dict[str, dict[str, str]]:
    with LIBRARY_PATH.open("rb") as fh:
        return tomllib.load(fh).get("sources", {})


@lru_cache(maxsize=1)
def library() -> tuple[LibraryEntry, ...]:
    """Every entry of the bundled library, in file order."""
    with LIBRARY_PATH.open("rb") as fh:
        raw = tomllib.load(fh)
    return tuple(
        LibraryEntry(
            id=e["id"],
            source=e["source"],
            title=e["title"],
            indicators=to_indicators(e["indicators"]),
            guideline=e.get("guideline", ""),
            steps=e.get("steps", ""),
            responsible=e.get("responsible", ""),
            monitoring=e.get("monitoring", ""),
        )
        for e in raw["measure"]
    )


def entry(entry_id: str) -> LibraryEntry:
    return next(e for e in library() if e.id == entry_id)


@dataclass(frozen=True)
class Suggestion:
    entry: LibraryEntry
    target: RankedIndicator  # the weakest indicator this entry answers
    below_pass: bool  # that indicator is under the framework's pass mark


def urgent_unanswered(scores: Sequence[float], framework: Framework, measures: Sequence[Any]) -> list[RankedIndicator]:
    """The urgent weaknesses of a result (its lowest indicators that are not strengths) that no measure (not
    deleted) names among the indicators it answers: the page and the O42 say so."""
    answered = {n for m in measures if not getattr(m, "deleted", False) for n in m.indicators}
    return [r for r in strengths_weaknesses(scores, framework).weaknesses if r.indicator.number not in answered]


def weakest(scores: Sequence[float], framework: Framework, n_weaknesses: int = 3) -> list[tuple[RankedIndicator, bool]]:
    """The indicators to act on, lowest first: the ``n_weaknesses`` worst ranks and every one under the pass
    mark; each with whether it is under the pass mark. With every indicator at the pass mark or above (no
    weakness), the ``n_weaknesses`` lowest: what to develop to reach, or keep, the next band."""
    sw = strengths_weaknesses(scores, framework, n_weaknesses=n_weaknesses)
    below = {r.indicator.number for r in sw.below_pass}
    cut = sw.ranked[max(len(sw.ranked) - n_weaknesses, 0)].score if sw.ranked else 0
    lowest = [r for r in sw.ranked if r.score <= cut] if not sw.weaknesses and not sw.below_pass else []  # ties kept
    chosen = {r.indicator.number: r for r in [*sw.weaknesses, *sw.below_pass, *lowest]}
    ordered = sorted(chosen.values(), key=lambda r: (r.score, r.indicator.number))
    return [(r, r.indicator.number in below) for r in ordered]


def suggest(
    scores: Sequence[float],
    framework: Framework,
    *,
    existing_titles: Iterable[str] = (),
    n_weaknesses: int = 3,
    limit: int = 8,
) -> list[Suggestion]:
    """Library entries for the weakest indicators, weakest first, library order within an indicator;
    entries whose title the agency already has (ignoring spacing) are left out."""
    have = {compact(title) for title in existing_titles}
    out: list[Suggestion] = []
    seen: set[str] = set()
    for target, under in weakest(scores, framework, n_weaknesses):
        for candidate in library():
            if (
                target.indicator.number in candidate.indicators
                and candidate.id not in seen
                and compact(candidate.title) not in have
            ):
                out.append(Suggestion(candidate, target, under))
                seen.add(candidate.id)
    return out[:limit]


def result_scores(table: pd.DataFrame, agency_key: str, result_year: int) -> tuple[list[float], Any] | None:
    """An agency's indicator scores of ``result_year`` in the tidy results table and their framework; None
    without a complete result."""
    if table.empty or "agency_key" not in table:
        return None
    rows = table.loc[(table["agency_key"] == agency_key) & (table["year"] == result_year)]
    if rows.empty:
        return None
    framework, _ = default_frameworks().for_year(int(result_year))
    if framework is None:
        return None
    row = rows.iloc[0]
    if any(pd.isna(row.get(ind.key)) for ind in framework.indicators):
        return None
    return indicator_scores(row, framework), framework


def suggestions_for(
    table: pd.DataFrame, agency_key: str, result_year: int, *, existing_titles: Iterable[str] = (), limit: int = 8
) -> list[Suggestion]:
    """``suggest`` for an agency's result of ``result_year`` in the tidy results table; [] without a result."""
    found = result_scores(table, agency_key, result_year)
    if found is None:
        return []
    return suggest(found[0], found[1], existing_titles=existing_titles, limit=limit)


def unanswered_for(
    table: pd.DataFrame, agency_key: str, result_year: int, measures: Sequence[Any]
) -> list[RankedIndicator]:
    """``urgent_unanswered`` for an agency's result of ``result_year``; [] without a result."""
    found = result_scores(table, agency_key, result_year)
    return [] if found is None else urgent_unanswered(found[0], found[1], measures)
