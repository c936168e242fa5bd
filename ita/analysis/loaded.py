"""Summaries of what an import loaded, shaped for display (no Streamlit here)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ita.common.text import t
from ita.common.thai import be_datetime, be_year
from ita.io.duplicates import GAVE_WAY
from ita.io.importer import ImportResult


@dataclass(frozen=True)
class LoadedSummary:
    agencies: int
    year_span: str
    errors: int  # rows with errors (kept in the table, not scored)
    per_year: pd.DataFrame  # year, agencies, framework, mean total, share passing


def loaded_summary(result: ImportResult, lang: str = "th") -> LoadedSummary:
    valid = result.valid
    years = sorted(int(y) for y in valid["year"].dropna().unique())
    used = result.frameworks_used()
    per_year = (
        valid.groupby("year")
        .agg(agencies=("agency_key", "nunique"), mean=("total", "mean"), passed=("passed", "mean"))
        .reset_index()
        .astype({"year": int})
    )
    frameworks = result.frameworks
    per_year = pd.DataFrame(
        {
            t("col_year", lang): [be_year(y, lang) for y in per_year["year"]],
            t("col_agencies", lang): per_year["agencies"],
            # The year's figures first, the rules after them: a long list of labels is cut at the table's edge.
            t("col_mean_total", lang): per_year["mean"].round(2),
            t("col_share_passed", lang): (100 * per_year["passed"].astype(float)).round(1),
            t("col_framework", lang): [used.get(y, "") for y in per_year["year"]],
            # How sure the rules are, before their labels.
            t("col_confidence", lang): [_confidence(frameworks.for_year(y)[0], lang) for y in per_year["year"]],
            t("col_grading", lang): [_grading(frameworks.for_year(y)[0], lang) for y in per_year["year"]],
        }
    )
    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else (str(years[0]) if years else "-")
    return LoadedSummary(int(valid["agency_key"].nunique()), span, int(result.table["has_error"].sum()), per_year)


def _grading(framework, lang: str) -> str:
    return "" if framework is None else " · ".join(g.label(lang) for g in framework.grades)


def _confidence(framework, lang: str) -> str:
    return "" if framework is None else t(f"confidence_{framework.confidence}", lang)


_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def _blank(value: object) -> object:
    """A missing place (None, NaN, NA) as ''; any other value as it is."""
    return "" if value is None or (isinstance(value, float) and value != value) or value is pd.NA else value


SEVERITIES = ("error", "warning", "info")


def _shown_problems(
    result: ImportResult, files: Sequence[str] | None, severities: Sequence[str] | None
) -> pd.DataFrame:
    """The problems of ``files`` and ``severities`` (all when None; notes, 'info', only when asked), errors first
    then warnings (stable: each file's order kept)."""
    problems = result.problems
    if files:
        problems = problems.loc[problems["file"].isin(files)]
    problems = problems.loc[problems["severity"].isin(severities or ("error", "warning"))]
    return problems.assign(_order=problems["severity"].map(_SEVERITY_ORDER)).sort_values("_order", kind="stable")


def problems_view(
    result: ImportResult,
    lang: str = "th",
    files: Sequence[str] | None = None,
    severities: Sequence[str] | None = None,
) -> pd.DataFrame:
    """The problems table with localised headers, errors first, filtered by file and severity (errors and
    warnings when ``severities`` is None); raw place columns kept (``_..._raw``) so a page can show the cell a
    problem points at."""
    problems = _shown_problems(result, files, severities)
    message = "message_th" if lang == "th" else "message_en"
    sheets = [_blank(v) for v in problems["sheet"]]
    rows = [_blank(v) for v in problems["row"]]
    columns = [_blank(v) for v in problems["column"]]
    return pd.DataFrame(
        {
            t("col_severity", lang): [t(f"severity_{s}", lang) for s in problems["severity"]],
            t("col_file", lang): problems["file"].tolist(),
            t("col_sheet", lang): sheets,
            t("col_row", lang): [str(v) for v in rows],
            t("col_column", lang): columns,
            t("col_message", lang): problems[message].tolist(),
            "_sheet_raw": list(sheets),
            "_column_raw": [v or None for v in columns],
            "_row_raw": pd.Series([int(str(v)) if v else None for v in rows], dtype=object),  # None, never NaN
        }
    )


def dataset_rows(stored: Iterable[Any], result: ImportResult, lang: str = "th") -> list[tuple[Any, str]]:
    """Each stored dataset with a one-line description of what it gave: rows read, agencies and years, rows that
    repeated another file's, rows with errors; a refused or quarantined one with its reason. Only what is known is
    said (no "by -", no "years -")."""
    return [(ds, " · ".join(_dataset_parts(ds, result, lang))) for ds in stored]


def _dataset_parts(ds: Any, result: ImportResult, lang: str) -> list[str]:
    status = "ok" if getattr(ds, "ok", True) else ds.status
    parts = [t(f"ds_part_{status}", lang, uploaded=be_datetime(ds.uploaded_at))]
    if getattr(ds, "is_sample", False):  # the bundled samples: said in the page's language, not by an uploader's name
        parts.append(t("ds_part_sample", lang))
    elif ds.uploaded_by:
        parts.append(t("ds_part_by", lang, by=ds.uploaded_by))
    if ds.size < 1024:  # a 26-byte file is not '0.0 KB'
        size = t("ds_part_bytes", lang, size=f"{ds.size:,}", count=ds.size)
    else:  # a small CSV is not '0 KB' either
        kb = f"{ds.size / 1024:,.1f}" if ds.size < 10 * 1024 else f"{ds.size / 1024:,.0f}"
        size = t("ds_part_size", lang, size=kb)
    parts += [size, t("ds_part_sha", lang, sha=ds.sha256[:12])]
    if status != "ok":  # refused or quarantined: never imported, so its reason instead
        return [*parts, t("ds_part_reason", lang, reason=ds.reason(lang) or t("ds_part_no_reason", lang))]
    table, problems = result.table, result.problems
    rows = table.loc[table["source_file"] == ds.name]
    read = sum(s.records for f in result.files if f.name == ds.name for s in f.sheets)
    usable = rows.loc[~rows["has_error"]]  # as the import's own summary counts them: the rows charted
    years = sorted(int(y) for y in usable["year"].dropna().unique())
    own = problems["file"] == ds.name
    repeated = int((own & (problems["code"] == "duplicate_identical")).sum())
    replaced = int((own & problems["code"].isin(list(GAVE_WAY))).sum())  # another copy of the agency's year used
    errors = int(rows["has_error"].sum())
    parts.append(t("ds_part_rows", lang, rows=f"{read:,}", count=read))
    if errors:
        parts.append(t("ds_part_usable", lang, rows=f"{len(usable):,}"))
    if years:
        agencies = usable["agency_key"].nunique()
        key = "ds_part_agencies_year" if len(years) == 1 else "ds_part_agencies"
        parts.append(t(key, lang, agencies=f"{agencies:,}", years=", ".join(map(str, years)), count=agencies))
    if repeated:
        parts.append(t("ds_part_repeated", lang, rows=f"{repeated:,}", count=repeated))
    if replaced:
        parts.append(t("ds_part_replaced", lang, rows=f"{replaced:,}", count=replaced))
    if not years and not repeated and not replaced:
        parts.append(t("ds_part_nothing", lang))
    if errors:
        parts.append(t("ds_part_errors", lang, errors=f"{errors:,}"))
    return parts


def conflicting_rows(result: ImportResult, files: Sequence[str]) -> dict[str, int]:
    """For each of ``files``, how many of its rows are not used because another dataset gives the same agency's
    year other scores (a just-uploaded file whose import alone was clean may still clash with what is stored)."""
    clashes = result.problems[result.problems["code"] == "duplicate_conflict"]
    clashes = clashes[clashes["file"].isin(list(files))]
    names = {f.name for f in result.files}
    # With another file (its place, 'other.xlsx / ITA 2567 / …', in the message): a clash inside one file is the
    # file's own to fix; no choice of files settles it.
    other = [
        any(f"{n} / " in message for n in names if n != file)
        for file, message in zip(clashes["file"], clashes["message_en"], strict=True)
    ]
    counts = clashes[pd.Series(other, index=clashes.index, dtype=bool)].groupby("file")["row"].nunique()
    return {str(f): int(n) for f, n in counts.items()}


def cell_caption(file: str, sheet: str, row: int, column: str | None, lang: str = "th") -> str:
    """Where the cells shown around a problem come from: its cell, or its row when the problem is a whole row's
    (no 'คอลัมน์ -')."""
    where = {"file": file, "sheet": sheet, "row": row}
    return t("data_cell_caption", lang, **where, column=column) if column else t("data_row_caption", lang, **where)
