"""Scoring: tool means, the total and the grade, from the ten indicator scores.

``total = Σ weight_i · score_i / 100`` (weights in percent; 0.06·Σi1–5 + 0.10·Σi6–8 + 0.20·Σi9–10 in every
shipped year). Tool scores are the weighted means of their indicators on the 0–100 scale. The grade is
decided on the total rounded half-up to two decimals, as ITAS displays it, and tool floors on tool means
rounded the same way. One vectorised implementation serves a national table and a single what-if.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import overload

import numpy as np
import pandas as pd

from ita.rules.frameworks import Framework, FrameworkSet, Grade

# Added before rounding so that 80.005 stored as 80.00499999 still rounds up, as in ITAS's decimal
# arithmetic. Far below any meaningful score difference.
_EPSILON = 1e-9


@overload
def round2(values: np.ndarray) -> np.ndarray: ...
@overload
def round2(values: float) -> float: ...
def round2(values: np.ndarray | float) -> np.ndarray | float:
    """Round half-up to two decimals (80.0026 → 80.00, 84.995 → 85.00)."""
    return np.floor(np.asarray(values, dtype=float) * 100 + 0.5 + _EPSILON) / 100


def tool_means(matrix: np.ndarray, framework: Framework) -> np.ndarray:
    """Tool means (n × tools, 0–100) from indicator scores (n × indicators, in framework order)."""
    out = np.empty((matrix.shape[0], len(framework.tools)))
    for t, tool in enumerate(framework.tools):
        cols = [k for k, ind in enumerate(framework.indicators) if ind.tool == tool.code]
        weights = np.array([framework.indicators[k].weight for k in cols])
        out[:, t] = matrix[:, cols] @ weights / weights.sum()
    return out


def totals(matrix: np.ndarray, framework: Framework) -> np.ndarray:
    """Unrounded totals from indicator scores."""
    weights = np.array([ind.weight for ind in framework.indicators])
    return matrix @ weights / 100


def grade_index(total: np.ndarray, tools: np.ndarray, framework: Framework) -> np.ndarray:
    """Index into ``framework.grades`` of the first grade whose conditions hold (−1 where total is NaN)."""
    total_r = round2(total)
    tools_r = round2(tools)
    result = np.full(total_r.shape, -1, dtype=int)
    undecided = ~np.isnan(total_r)
    with np.errstate(invalid="ignore"), warnings.catch_warnings():  # a row without a score has no lowest tool
        warnings.simplefilter("ignore", RuntimeWarning)
        lowest_tool = np.nanmin(tools_r, axis=1) if tools_r.size else np.zeros_like(total_r)
    for k, grade in enumerate(framework.grades):
        ok = undecided & (total_r >= grade.min_total)
        if grade.min_each_tool is not None:
            ok &= lowest_tool >= grade.min_each_tool
        result[ok] = k
        undecided &= ~ok
    return result


def score_frame(table: pd.DataFrame, frameworks: FrameworkSet) -> pd.DataFrame:
    """Add tool means, total, grade, pass and framework to a table of ``year`` and ``i1``..``iN``.

    Rows whose year has no framework, or with a missing indicator, get NaN scores and no grade.
    """
    out = table.copy()
    n = len(out)
    cols: dict[str, np.ndarray] = {
        "iit": np.full(n, np.nan),
        "eit": np.full(n, np.nan),
        "oit": np.full(n, np.nan),
        "total": np.full(n, np.nan),
        "grade": np.full(n, None, dtype=object),
        "grade_code": np.full(n, None, dtype=object),
        "passed": np.full(n, None, dtype=object),
        "framework": np.full(n, None, dtype=object),
    }
    years = out["year"].to_numpy() if n else np.array([])
    for year in pd.unique(years[~pd.isna(years)]) if n else []:
        framework, _ = frameworks.for_year(int(year))
        if framework is None:
            continue
        rows = np.flatnonzero(years == year)
        matrix = out.iloc[rows][framework.indicator_keys].to_numpy(dtype=float)
        tools = tool_means(matrix, framework)
        total = totals(matrix, framework)
        gidx = grade_index(total, tools, framework)
        for t, tool in enumerate(framework.tools):
            cols.setdefault(tool.code.lower(), np.full(n, np.nan))[rows] = round2(tools[:, t])
        cols["total"][rows] = round2(total)
        for name, values in _grade_columns(framework, gidx).items():
            cols[name][rows] = values
        cols["framework"][rows] = framework.id
    for name, values in cols.items():
        out[name] = values
    return out


def _grade_columns(framework: Framework, gidx: np.ndarray) -> dict[str, np.ndarray]:
    """The grade label, code and pass flag of each grade index (−1: none)."""
    return {
        "grade": np.array([g.label_th for g in framework.grades] + [None], dtype=object)[gidx],
        "grade_code": np.array([g.code for g in framework.grades] + [None], dtype=object)[gidx],
        "passed": np.array([g.passed for g in framework.grades] + [None], dtype=object)[gidx],
    }


def use_grade(frame: pd.DataFrame, i: int, framework: Framework, code: str) -> None:
    """Row ``i`` of ``frame`` graded ``code`` (a grade of ``framework``) whatever its total says: a published grade
    across a cut-off no source confirms (``Grade.min_total_confirmed``)."""
    gidx = np.array([[g.code for g in framework.grades].index(code)])
    for name, values in _grade_columns(framework, gidx).items():
        frame.iloc[i, frame.columns.get_loc(name)] = values[0]


def adopt_official(frame: pd.DataFrame, official: Mapping[str, np.ndarray], frameworks: FrameworkSet) -> None:
    """Put published figures in place of ours (``official``: column → values, NaN where there is none), and grade
    those rows again on them. A published total is computed from unrounded indicators, so it may differ from ours by
    a rounding step; the caller passes only values within that step (``ita.io.crosscheck``)."""
    changed = np.zeros(len(frame), dtype=bool)
    for column, values in official.items():
        have = ~np.isnan(values)
        if have.any():
            frame.loc[have, column] = values[have]
            changed |= have
    years = frame["year"].to_numpy()
    for year in pd.unique(years[changed]):
        framework, _ = frameworks.for_year(int(year))
        if framework is None:
            continue
        rows = np.flatnonzero(changed & (years == year))
        tools = frame.iloc[rows][[t.code.lower() for t in framework.tools]].to_numpy(dtype=float)
        gidx = grade_index(frame["total"].to_numpy(dtype=float)[rows], tools, framework)
        for name, values in _grade_columns(framework, gidx).items():
            frame.iloc[rows, frame.columns.get_loc(name)] = values


def official_score(
    score: Score, total: float | None, tools: Mapping[str, float | None] | None = None, grade_code: str = ""
) -> Score:
    """``score`` with the published total and tool means in place of the recomputed ones (where given), graded
    on them: what the table holds for a row whose published figures were adopted (``adopt_official``). A
    ``grade_code`` the rules would not give is kept only across an unconfirmed cut-off (``use_grade``)."""
    new_tools = {**score.tools, **{k: float(v) for k, v in (tools or {}).items() if v is not None and v == v}}
    new_total = score.total if total is None or total != total else float(total)
    grade = score.grade
    if new_total != score.total or new_tools != score.tools:
        matrix_tools = np.array([[new_tools[t.code] for t in score.framework.tools]])
        grade = score.framework.grades[int(grade_index(np.array([new_total]), matrix_tools, score.framework)[0])]
    if grade_code and score.framework.unconfirmed_between(grade_code, grade.code):
        grade = next(g for g in score.framework.grades if g.code == grade_code)
    if (new_total, new_tools, grade) == (score.total, score.tools, score.grade):
        return score
    return Score(
        framework=score.framework,
        indicators=score.indicators,
        tools=new_tools,
        total_raw=new_total,
        total=new_total,
        grade=grade,
    )


@dataclass(frozen=True)
class Score:
    """The score of one agency-year, for what-if planning and reports."""

    framework: Framework
    indicators: tuple[float, ...]
    tools: dict[str, float]
    total_raw: float
    total: float
    grade: Grade

    @property
    def passed(self) -> bool:
        return self.grade.passed


def score_one(indicators: Mapping[int, float] | Sequence[float], framework: Framework) -> Score:
    """Score one set of indicator scores (a list in indicator order, or a mapping number → score)."""
    if isinstance(indicators, Mapping):
        values = [float(indicators[ind.number]) for ind in framework.indicators]
    else:
        values = [float(v) for v in indicators]
    if len(values) != len(framework.indicators):
        raise ValueError(f"expected {len(framework.indicators)} indicator scores, got {len(values)}")
    matrix = np.array([values])
    tools = tool_means(matrix, framework)
    total = totals(matrix, framework)
    gidx = int(grade_index(total, tools, framework)[0])
    return Score(
        framework=framework,
        indicators=tuple(values),
        tools={t.code: float(round2(tools[0, k])) for k, t in enumerate(framework.tools)},
        total_raw=float(total[0]),
        total=float(round2(total[0])),
        grade=framework.grades[gidx],
    )
