"""Cross-checks of a sheet's scored records against what the file itself reported: totals, tool scores, grades.

A published total is computed from unrounded indicator scores, so ours, from two-decimal indicators, can differ by
one rounding step (0.01). Within that step the published figure is the official one: it replaces ours and the row
is graded on it, with no warning (a published 85.00 stays 85.00, never 84.99 and a band lower). A larger difference
is a warning on the reported cell naming both values, and ours is kept. The same for tool scores, on either scale.
Vectorised: only the rows that differ are visited one by one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from ita.common.problems import INFO, WARNING
from ita.io.headers import HeaderCatalog
from ita.io.layouts import ParsedSheet
from ita.io.values import display, is_blank, parse_numbers
from ita.rules.frameworks import FrameworkSet
from ita.rules.scoring import adopt_official, round2, use_grade

# One rounding step of a two-decimal figure (and a hair for binary fractions): within it the published value is
# official, beyond it a mismatch.
TOTAL_TOLERANCE = 0.01 + 1e-6
TOOL_TOLERANCE = 0.01 + 1e-6  # a tool's points or mean, rounded by whoever published them

# say(severity, code, record or None, field or None, **values): a problem at the cell the record's field came from.
Say = Callable[..., None]


def check_reported(
    frame: pd.DataFrame, ok: np.ndarray, parsed: ParsedSheet, say: Say, frameworks: FrameworkSet, catalog: HeaderCatalog
) -> None:
    """Compare the file's own totals, tool scores and grades with ours, in the rows that are ``ok``: adopt the
    published totals and tool scores within a rounding step (and grade on them), warn about the others."""
    official: dict[str, np.ndarray] = {}
    years = frame["year"].to_numpy(dtype=float)
    if "reported_total" in frame:
        _grades_beside_totals(frame, ok, say, frameworks, years)
        official["total"] = _check_total(frame, ok, say)
    for code in catalog.tool_codes:
        key = f"reported_{code.lower()}"
        if key in frame and code.lower() in frame:
            official[code.lower()] = _check_tool(frame, ok, parsed, say, frameworks, years, code)
    adopt_official(frame, official, frameworks)
    if "reported_grade" in frame:
        _check_grades(frame, ok, say, frameworks, years)


# A total with its grade after it, in brackets or not ('94.12 (ผ่านดี)', '89.55 [A]', '84.99 B').
_TOTAL_AND_GRADE = re.compile(r"^\s*(.*?\d)\s*(?:[(\[]\s*([^()\[\]\d]{1,30}?)\s*[)\]]|\s([^()\[\]\d]{1,30}?))\s*$")


def _grades_beside_totals(
    frame: pd.DataFrame, ok: np.ndarray, say: Say, frameworks: FrameworkSet, years: np.ndarray
) -> None:
    """A total cell that also holds the row's grade in brackets, a grade of the year's framework: the number is the
    total and the words its reported grade (where the row has no grade column's value), checked as one, with a note;
    never read as a footnote mark on the total."""
    totals = frame["reported_total"].to_numpy(copy=True)
    for i in np.flatnonzero(ok):
        if not isinstance(totals[i], str) or not (both := _TOTAL_AND_GRADE.match(totals[i])):
            continue
        framework, _ = frameworks.for_year(int(years[i])) if not np.isnan(years[i]) else (None, None)
        grade = both.group(2) or both.group(3)
        if framework is None or framework.find_grade(grade) is None:
            continue
        if "reported_grade" not in frame:
            frame["reported_grade"] = ""
        if is_blank(frame["reported_grade"].iat[i]) or not str(frame["reported_grade"].iat[i]).strip():
            frame.iat[i, frame.columns.get_loc("reported_grade")] = grade
        frame.iat[i, frame.columns.get_loc("reported_total")] = both.group(1)
        say(INFO, "total_with_grade", i, "total", value=display(totals[i]), total=both.group(1), grade=grade)


def _check_total(frame: pd.DataFrame, ok: np.ndarray, say: Say) -> np.ndarray:
    """A reported total that cannot be read, or that differs from ours by more than rounding, is a warning; the
    published totals within a rounding step of ours (NaN elsewhere) are returned, to be adopted."""
    reported, unreadable = parse_numbers(frame["reported_total"].tolist())
    for issue in unreadable:
        if ok[issue.index]:  # a number with a footnote mark is read, and said like a score's
            code = issue.code if issue.warning else "reported_unreadable"
            say(issue.severity if issue.warning else WARNING, code, issue.index, "total", value=issue.value)
    computed = frame["total"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        gap = np.abs(reported - computed)
        differ = ok & ~np.isnan(reported) & (gap > TOTAL_TOLERANCE)
        within = ok & ~np.isnan(reported) & (gap <= TOTAL_TOLERANCE)
    for i in np.flatnonzero(differ):
        say(
            WARNING,
            "total_mismatch",
            i,
            "total",
            reported=display(frame["reported_total"].iat[i]),
            computed=f"{computed[i]:.2f}",
        )
    published = round2(np.nan_to_num(reported))
    for i in np.flatnonzero(within & (published != round2(np.nan_to_num(computed)))):  # said, as it may move the grade
        say(INFO, "total_published_used", i, "total", reported=f"{published[i]:.2f}", computed=f"{computed[i]:.2f}")
    return np.where(within, published, np.nan)


def _check_tool(
    frame: pd.DataFrame,
    ok: np.ndarray,
    parsed: ParsedSheet,
    say: Say,
    frameworks: FrameworkSet,
    years: np.ndarray,
    code: str,
) -> np.ndarray:
    """A reported tool score that differs from ours is a warning. Tools are published as a mean (0-100) or as
    weighted points; the header may say which (else ``_infer_scale`` decides, and an info says so for points).
    Returned: the published means within a rounding step of ours (NaN elsewhere), to be adopted. Points are checked
    but never adopted: 25.50 of 30 read back as a mean is 85.00 ± 0.017, a coarser figure than the indicators give
    (84.99), and the 85 and 95 floors of a tool decide the label from 2566."""
    key = f"reported_{code.lower()}"
    reported, _ = parse_numbers(frame[key].tolist())
    if np.isnan(reported[ok]).all():
        return np.full(len(frame), np.nan)
    computed = frame[code.lower()].to_numpy(dtype=float)
    weight_of = {y: _tool_weight(frameworks, y, code) for y in np.unique(years[~np.isnan(years)])}
    weights = np.array([weight_of.get(y, np.nan) for y in years], dtype=float)
    rows = np.flatnonzero(ok)
    scale = parsed.tool_scales.get(code)
    with np.errstate(invalid="ignore"):
        if scale == "points" and (reported[rows] > weights[rows] + TOOL_TOLERANCE).any():
            scale = None  # 'IIT (30)' over 87.74: the header names the tool's weight, and its values are no points
    scale = scale or _infer_scale(reported[rows], computed[rows], weights[rows])
    if scale == "points":
        comparable, tolerance = reported * 100 / weights, TOOL_TOLERANCE * 100 / weights
        say(INFO, "tool_scale_points", None, None, tool=code, weight=f"{np.nanmax(weights):g}")
    else:
        comparable, tolerance = reported, np.full(len(reported), TOOL_TOLERANCE)
    with np.errstate(invalid="ignore"):
        gap = np.abs(comparable - computed)
        differ = ok & ~np.isnan(comparable) & (gap > tolerance + 1e-9)
        within = ok & ~np.isnan(comparable) & (gap <= tolerance + 1e-9)
    for i in np.flatnonzero(differ):
        shown = computed[i] * weights[i] / 100 if scale == "points" else computed[i]
        say(
            WARNING,
            "tool_mismatch",
            i,
            key,
            tool=code,
            reported=display(frame[key].iat[i]),
            computed=f"{round2(shown):.2f}",
        )
    if scale == "points":
        return np.full(len(frame), np.nan)
    return np.where(within, round2(np.nan_to_num(comparable)), np.nan)


def _check_grades(frame: pd.DataFrame, ok: np.ndarray, say: Say, frameworks: FrameworkSet, years: np.ndarray) -> None:
    """A reported grade that means another grade than ours under the year's framework (a grade may be written
    by its code or its name) is a warning, and ours is kept; but across a cut-off no source confirms (2566's 70),
    the published grade is the better evidence: it is used, and said. Each (year, grade as written) is looked up
    once."""
    reported_grades = frame["reported_grade"].fillna("").astype(str).to_numpy()
    computed_codes = frame["grade_code"].to_numpy()
    meaning: dict[tuple[float, str], str | None] = {}
    for i in np.flatnonzero(ok & (reported_grades != "")):
        pair = (years[i], reported_grades[i])
        framework, _ = frameworks.for_year(int(years[i]))
        if pair not in meaning:
            grade = framework.find_grade(reported_grades[i]) if framework else None
            meaning[pair] = grade.code if grade else None
        published = meaning[pair]
        if published is not None and framework and framework.unconfirmed_between(published, computed_codes[i]):
            computed = frame["grade"].iat[i]
            use_grade(frame, int(i), framework, published)
            say(
                WARNING,
                "grade_published_used",
                i,
                "grade",
                reported=display(reported_grades[i]),
                computed=computed,
                total=f"{frame['total'].iat[i]:.2f}",
                framework=frame["framework"].iat[i],
            )
        elif published != computed_codes[i]:
            say(
                WARNING,
                "grade_mismatch",
                i,
                "grade",
                reported=display(reported_grades[i]),
                computed=frame["grade"].iat[i],
                framework=frame["framework"].iat[i],
            )


def _tool_weight(frameworks: FrameworkSet, year: Any, code: str) -> float:
    """A tool's weight in the framework of ``year``; NaN without a year, a framework or that tool."""
    if year is None or (isinstance(year, float) and np.isnan(year)):
        return np.nan
    framework, _ = frameworks.for_year(int(year))
    if framework is None or code not in framework.tool_codes:
        return np.nan
    return framework.tool(code).weight


def _infer_scale(reported: np.ndarray, computed: np.ndarray, weights: np.ndarray) -> str:
    """Points never exceed the tool's weight; when both scales fit, the one nearer our means wins."""
    have = ~np.isnan(reported) & ~np.isnan(computed) & ~np.isnan(weights)
    if not have.any():
        return "mean"
    if (reported[have] > weights[have] + 1e-9).any():
        return "mean"
    as_points = np.abs(reported[have] * 100 / weights[have] - computed[have]).mean()
    as_mean = np.abs(reported[have] - computed[have]).mean()
    return "points" if as_points < as_mean else "mean"
