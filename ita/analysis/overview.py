"""Many agencies at once: filters, grade counts, indicator spreads, the ranking and the heatmap matrix.

Pure pandas over the tidy table; fast enough for a national file (8,300 agencies × 7 years).
"""

from __future__ import annotations

from urllib.parse import quote

import pandas as pd

from ita.analysis.metrics import ranking
from ita.rules.agency_types import agency_types
from ita.rules.frameworks import FrameworkSet, default_frameworks
from ita.rules.provinces import provinces


def filtered(
    table: pd.DataFrame,
    *,
    years: list[int] | None = None,
    types: list[str] | None = None,
    provinces: list[str] | None = None,
) -> pd.DataFrame:
    """Scored rows matching the filters (an empty or None filter keeps everything)."""
    mask = table["total"].notna()
    if years:
        mask &= table["year"].isin(years)
    if types:
        mask &= table["agency_type"].isin(types)
    if provinces:
        mask &= table["province"].isin(provinces)
    return table.loc[mask]


def choices(table: pd.DataFrame, column: str) -> list[str]:
    values = table[column].dropna().astype(str)
    return sorted(v for v in values.unique() if v.strip())


def grade_counts(table: pd.DataFrame, frameworks: FrameworkSet) -> pd.DataFrame:
    """Per year and grade (best first within each year's framework): count and share of agencies."""
    rows = []
    for year, group in table.groupby("year"):
        framework, _ = frameworks.for_year(int(year))
        counts = group["grade_code"].value_counts()
        for grade in framework.grades if framework else []:
            n = int(counts.get(grade.code, 0))
            rows.append(
                {
                    "year": int(year),
                    "code": grade.code,
                    "label_th": grade.label_th,
                    "label_en": grade.label_en,
                    "color": grade.color,
                    "count": n,
                    "share": 100 * n / len(group),
                }
            )
    return pd.DataFrame(rows)


def indicator_stats(table: pd.DataFrame, frameworks: FrameworkSet, year: int) -> pd.DataFrame:
    """Per indicator in one year: mean, quartiles, 5th/95th percentiles and the share at 85 or more."""
    framework, _ = frameworks.for_year(year)
    if framework is None:  # a year before any framework: no indicators
        return pd.DataFrame([])
    rows = table.loc[table["year"] == year]
    out = []
    for ind in framework.indicators:
        values = rows[ind.key].dropna()
        if values.empty:
            continue
        q = values.quantile([0.05, 0.25, 0.5, 0.75, 0.95])
        out.append(
            {
                "number": ind.number,
                "indicator": ind.name_th,
                "indicator_en": ind.name_en,
                "tool": ind.tool,
                "mean": values.mean(),
                "p05": q[0.05],
                "q1": q[0.25],
                "median": q[0.5],
                "q3": q[0.75],
                "p95": q[0.95],
                "min": values.min(),
                "max": values.max(),
                "share_pass": 100 * (values >= framework.pass_mark).mean(),
            }
        )
    return pd.DataFrame(out)


def ranking_table(table: pd.DataFrame, year: int, by: str | None = None, lang: str = "th") -> pd.DataFrame:
    """One year's agencies ranked by total (within ``by`` if given), with a link to each agency's page (in
    ``lang``), and each one's type, province and grade as words of ``lang`` (``type_word``, ``province_word``,
    ``grade_word``)."""
    rows = table.loc[table["year"] == year]
    if rows.empty:
        return pd.DataFrame()
    ranked = ranking(rows, by=by).sort_values(["rank", "agency"])
    ranked["link"] = [agency_link(k, year, lang) for k in ranked["agency_key"]]
    framework, _ = default_frameworks().for_year(year)
    grades = ranked["grade"].fillna("").astype(str)
    ranked["grade_word"] = [framework.grade_word(g, lang) if framework else g for g in grades]
    types = agency_types()
    ranked["type_word"] = [types.word(v, lang) for v in ranked["agency_type"].fillna("").astype(str)]
    ranked["province_word"] = [provinces().word(v, lang) for v in ranked["province"].fillna("").astype(str)]
    return ranked


def agency_link(agency_key: str, year: int, lang: str = "th") -> str:
    """A relative link to the agency page (the app's default page, at the root) for one agency-year, opening in
    ``lang`` (Thai, the default, needs no word in the link)."""
    return f"./?agency={quote(str(agency_key))}&year={year}" + ("" if lang == "th" else f"&lang={lang}")


def heatmap_matrix(table: pd.DataFrame, year: int, limit: int = 60, lowest_first: bool = True) -> pd.DataFrame:
    """Agencies × indicators of one year, the ``limit`` lowest (or highest) totals, for a heatmap."""
    rows = table.loc[table["year"] == year].sort_values("total", ascending=lowest_first).head(limit)
    keys = [c for c in rows.columns if c.startswith("i") and c[1:].isdigit() and rows[c].notna().any()]
    matrix = rows.set_index("agency")[keys]
    matrix.columns = [int(c[1:]) for c in keys]
    return matrix


def group_heatmap(table: pd.DataFrame, year: int, by: str = "agency_type", lang: str = "th") -> pd.DataFrame:
    """Mean of each indicator per group (type or province) in one year; a type or province named in ``lang``."""
    rows = table.loc[(table["year"] == year) & table[by].fillna("").astype(str).str.strip().ne("")]
    keys = [c for c in rows.columns if c.startswith("i") and c[1:].isdigit() and rows[c].notna().any()]
    matrix = rows.groupby(by)[keys].mean()
    matrix.columns = [int(c[1:]) for c in keys]
    if by == "agency_type":
        matrix.index = [agency_types().word(v, lang) for v in matrix.index]
    elif by == "province":
        matrix.index = [provinces().word(v, lang) for v in matrix.index]
    return matrix
