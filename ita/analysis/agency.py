"""One agency in one assessment year: its scored result, and everything the pages, the presentation and the
reports say about it.

The one lookup is ``agency_year``. It returns None when the table has no scored result for that agency and year
(no row, no total, or no framework for the year); every caller says so to the user. ``AgencyYear.from_row`` makes
the view of a row the caller already holds (the report command) and raises ``LookupError`` for a year no
framework covers.

Years: ``AgencyYear.year`` is the assessment year whose results are analysed (2563 for the seed). The O42 written
from it sets measures for the next fiscal year (``measure_year``, 2564), and the O43 reports on those measures.
Pure: built from the tidy table and the frameworks; the pages and the reports only lay it out.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

import pandas as pd

from ita.analysis.metrics import (
    NextBand,
    PeerPosition,
    StrengthsWeaknesses,
    changes,
    gap_to_next,
    peer_position,
    points_lost,
    strengths_weaknesses,
)
from ita.io.identity import find_key
from ita.rules.agency_types import AgencyType, agency_types
from ita.rules.frameworks import Framework, FrameworkSet, default_frameworks
from ita.rules.scoring import Score, official_score, score_one

PEER_BASES = ("agency_type", "province", "district", "all")


@dataclass(frozen=True, eq=False)
class AgencyYear:
    """One agency's scored result for one assessment year. The fields past ``agency_type`` are filled by
    ``agency_year`` from the whole table (history and peers); a view made from a row alone has none."""

    agency: str
    agency_key: str
    year: int  # the assessment year analysed (B.E.)
    score: Score
    province: str = ""
    district: str = ""
    agency_type: str = ""
    row: pd.Series | None = None  # the tidy table's row (None for a view made by hand)
    history: pd.DataFrame | None = None  # each scored year of this agency up to this one, with its changes
    previous: pd.Series | None = None  # last year's row, if assessed
    peers: PeerPosition | None = None
    peer_basis: str = "all"
    peer_label: str = ""  # e.g. "เทศบาลตำบล" or "สกลนคร"

    @classmethod
    def from_row(cls, row: Mapping[str, Any] | pd.Series, frameworks: FrameworkSet | None = None) -> AgencyYear:
        """From one row of the importer's tidy table (``agency``, ``agency_key``, ``year``, ``i1``..);
        ``LookupError`` when no framework covers its year."""
        year = int(row["year"])
        framework, _ = (frameworks or default_frameworks()).for_year(year)
        if framework is None:
            raise LookupError(f"no ITA framework for fiscal year {year}")
        scores = [float(row[ind.key]) for ind in framework.indicators]
        # The table holds the published total, tool means and grade where they were adopted (``ita.io.crosscheck``).
        published = {t.code: _number(row, t.code.lower()) for t in framework.tools}
        return cls(
            agency=_text(row, "agency"),
            agency_key=_text(row, "agency_key") or _text(row, "agency"),
            year=year,
            score=official_score(
                score_one(scores, framework), _number(row, "total"), published, _text(row, "grade_code")
            ),
            province=_text(row, "province"),
            district=_text(row, "district"),
            agency_type=_text(row, "agency_type"),
            row=row if isinstance(row, pd.Series) else pd.Series(dict(row)),
        )

    @property
    def name(self) -> str:
        return self.agency

    @property
    def framework(self) -> Framework:
        return self.score.framework

    @property
    def scores(self) -> list[float]:
        """The indicators' scores, in framework order."""
        return list(self.score.indicators)

    @property
    def measure_year(self) -> int:
        """The fiscal year whose measures an analysis of this year sets: the next one."""
        return self.year + 1

    def peer_group(self, lang: str = "th") -> str:
        """The peers' group as the page says it: an agency type in ``lang`` ("Subdistrict administrative
        organisation"), a province or district by its name; empty when compared with all agencies."""
        if self.peer_basis == "agency_type" and self.peer_label:
            found = agency_types().from_column(self.peer_label)
            return found.label(lang) if found else self.peer_label
        return self.peer_label

    @property
    def kind(self) -> AgencyType:
        """The agency's type (``ita.rules.agency_types``): from its type column, else its name."""
        return agency_types().of(self.agency_type, self.agency)

    @property
    def location(self) -> str:
        """The place line under the agency's name, as its type wants it (``place``): 'อำเภอพรรณานิคม จังหวัดสกลนคร'
        for a municipality (Bangkok: 'เขต… กรุงเทพมหานคร'), 'จังหวัดสกลนคร' for a hospital, nothing for a
        province, a PAO, a department or a university (the name says it, or the agency is national); empty when
        unknown."""
        place = self.kind.place
        if place == "none":
            return ""
        province, district = self.province.strip(), "" if place == "province" else self.district.strip()
        bangkok = province.startswith("กรุงเทพ")
        parts = []
        if district:
            prefix = "เขต" if bangkok else "อำเภอ"
            parts.append(district if district.startswith(("อำเภอ", "เขต", "อ.")) else prefix + district)
        if province:
            parts.append(province if bangkok or province.startswith(("จังหวัด", "จ.")) else "จังหวัด" + province)
        return " ".join(parts)

    @property
    def change(self) -> float | None:
        """The total against the previous assessed year, as published (None in the first year)."""
        if self.previous is None:
            return None
        own = float(self.row["total"]) if self.row is not None else self.score.total
        return own - float(self.previous["total"])

    @cached_property
    def analysis(self) -> StrengthsWeaknesses:
        return strengths_weaknesses(self.scores, self.framework)

    @cached_property
    def lost(self) -> pd.DataFrame:
        """Points lost per indicator, largest first."""
        return points_lost(self.scores, self.framework)

    @cached_property
    def next_band(self) -> NextBand:
        return gap_to_next(self.scores, self.framework, self.score.tools)


def _text(row: Mapping[str, Any] | pd.Series, name: str) -> str:
    value = row.get(name, "") if hasattr(row, "get") else ""
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)


def _number(row: Mapping[str, Any] | pd.Series, name: str) -> float | None:
    """A number of the row, or None (absent, empty or NaN)."""
    value = row.get(name) if hasattr(row, "get") else None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def peer_mask(table: pd.DataFrame, row: pd.Series, basis: str) -> tuple[pd.Series | None, str]:
    """Which rows are this agency's peers, and the group's name. Falls back to all agencies when the
    file gave no value for the basis (no type or province column)."""
    if basis == "all" or basis not in table.columns or not str(row.get(basis, "") or "").strip():
        return None, ""
    value = row[basis]
    return table[basis] == value, str(value)


def agency_year(
    table: pd.DataFrame,
    agency_key: str,
    year: int,
    *,
    frameworks: FrameworkSet | None = None,
    peer_basis: str = "agency_type",
) -> AgencyYear | None:
    """The view of one agency-year with its history and its place among ``peer_basis`` peers; None when the
    agency has no scored result that year (no row, no total, or no framework for the year). ``agency_key`` may
    also be an older key or a name only one agency has (``ita.io.identity.find_key``)."""
    frameworks = frameworks or default_frameworks()
    scored = table.loc[table["total"].notna()]
    own = scored.loc[(scored["agency_key"] == agency_key) & (scored["year"] == year)]
    if own.empty and (found := find_key(table, agency_key)) not in (None, agency_key):
        return agency_year(table, str(found), year, frameworks=frameworks, peer_basis=peer_basis)
    framework, _ = frameworks.for_year(year)
    if own.empty or framework is None:
        return None
    row = own.iloc[0]
    # The years up to this one: a view of 2568 (its trend, its slide) is not about 2569, loaded since.
    history = changes(scored.loc[scored["year"] <= year], agency_key, ["total", *framework.indicator_keys])
    own_rows = scored.loc[scored["agency_key"] == agency_key].drop_duplicates("year").set_index("year")
    history["grade"] = history["year"].map(own_rows["grade"])
    earlier = scored.loc[(scored["agency_key"] == agency_key) & (scored["year"] < year)].sort_values("year")
    mask, label = peer_mask(scored, row, peer_basis)
    return replace(
        AgencyYear.from_row(row, frameworks),
        history=history,
        previous=earlier.iloc[-1] if len(earlier) else None,
        peers=peer_position(scored, agency_key, year, mask),
        peer_basis=peer_basis if mask is not None else "all",
        peer_label=label,
    )
