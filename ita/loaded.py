"""Summaries of what an import loaded, shaped for display (no Streamlit here)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ita.importer import ImportResult
from ita.text import be_year, t


@dataclass(frozen=True)
class LoadedSummary:
    agencies: int
    year_span: str
    per_year: pd.DataFrame     # year, agencies, framework, mean total, share passing
    problems: pd.DataFrame     # the problems table with localised headers and message


def loaded_summary(result: ImportResult, lang: str = "th") -> LoadedSummary:
    valid = result.valid
    years = sorted(int(y) for y in valid["year"].dropna().unique())
    used = result.frameworks_used()
    per_year = (valid.groupby("year").agg(agencies=("agency_key", "nunique"), mean=("total", "mean"),
                                           passed=("passed", "mean"))
                .reset_index().astype({"year": int}))
    per_year = pd.DataFrame({
        t("col_year", lang): [be_year(y, lang) for y in per_year["year"]],
        t("col_agencies", lang): per_year["agencies"],
        t("col_framework", lang): [used.get(y, "") for y in per_year["year"]],
        t("col_mean_total", lang): per_year["mean"].round(2),
        t("col_share_passed", lang): (100 * per_year["passed"].astype(float)).round(1),
    })
    message = "message_th" if lang == "th" else "message_en"
    problems = result.problems.assign(
        severity=[t(f"severity_{s}", lang) for s in result.problems["severity"]])
    problems = problems[["file", "sheet", "row", "column", "severity", message]].rename(columns={
        "file": t("col_file", lang), "sheet": t("col_sheet", lang), "row": t("col_row", lang),
        "column": t("col_column", lang), "severity": t("col_severity", lang), message: t("col_message", lang)})
    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else (str(years[0]) if years else "-")
    return LoadedSummary(int(valid["agency_key"].nunique()), span, per_year, problems)
