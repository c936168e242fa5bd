"""Everything the agency page (and a presentation) shows about one agency in one year, computed at once.

Pure: built from the tidy table and the frameworks; the page only lays it out.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ita.analysis.metrics import (NextBand, PeerPosition, StrengthsWeaknesses, changes, gap_to_next, indicator_scores,
                          peer_position, points_lost, strengths_weaknesses)
from ita.rules.frameworks import Framework, FrameworkSet
from ita.rules.scoring import Score, score_one

PEER_BASES = ("agency_type", "province", "district", "all")


@dataclass(frozen=True)
class AgencyYear:
    row: pd.Series                      # the tidy table's row
    framework: Framework
    scores: list[float]                 # the ten indicators, in framework order
    score: Score
    analysis: StrengthsWeaknesses
    lost: pd.DataFrame                  # points lost per indicator
    next_band: NextBand
    history: pd.DataFrame               # every year of this agency with changes against the previous one
    previous: pd.Series | None          # last year's row, if assessed
    peers: PeerPosition | None
    peer_basis: str
    peer_label: str                     # e.g. "เทศบาลตำบล" or "สกลนคร"

    @property
    def name(self) -> str:
        return str(self.row["agency"])

    @property
    def year(self) -> int:
        return int(self.row["year"])

    @property
    def change(self) -> float | None:
        if self.previous is None:
            return None
        return float(self.row["total"]) - float(self.previous["total"])


def peer_mask(table: pd.DataFrame, row: pd.Series, basis: str) -> tuple[pd.Series | None, str]:
    """Which rows are this agency's peers, and the group's name. Falls back to all agencies when the
    file gave no value for the basis (no type or province column)."""
    if basis == "all" or basis not in table.columns or not str(row.get(basis, "") or "").strip():
        return None, ""
    value = row[basis]
    return table[basis] == value, str(value)


def agency_year(table: pd.DataFrame, frameworks: FrameworkSet, agency_key: str, year: int,
                peer_basis: str = "agency_type") -> AgencyYear | None:
    """The view of one agency-year, or None if that agency has no scored result that year."""
    own = table.loc[(table["agency_key"] == agency_key) & (table["year"] == year) & table["total"].notna()]
    if own.empty:
        return None
    row = own.iloc[0]
    framework, _ = frameworks.for_year(year)
    assert framework is not None  # scored rows always have one
    scores = indicator_scores(row, framework)
    history_cols = ["total", *framework.indicator_keys]
    scored = table.loc[table["total"].notna()]
    history = changes(scored, agency_key, history_cols)
    own_rows = scored.loc[scored["agency_key"] == agency_key].drop_duplicates("year").set_index("year")
    history["grade"] = history["year"].map(own_rows["grade"])
    earlier = scored.loc[(scored["agency_key"] == agency_key) & (scored["year"] < year)].sort_values("year")
    mask, label = peer_mask(scored, row, peer_basis)
    return AgencyYear(
        row=row, framework=framework, scores=scores, score=score_one(scores, framework),
        analysis=strengths_weaknesses(scores, framework), lost=points_lost(scores, framework),
        next_band=gap_to_next(scores, framework), history=history,
        previous=earlier.iloc[-1] if len(earlier) else None,
        peers=peer_position(scored, agency_key, year, mask), peer_basis=peer_basis if mask is not None else "all",
        peer_label=label,
    )
