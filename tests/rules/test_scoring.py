"""Scoring rules as a table of the domain: the formula, rounding, letter bands and the 2566 floors."""

from __future__ import annotations

import pandas as pd
import pytest
from helpers import SEED_SCORES

from ita.rules.frameworks import load_frameworks
from ita.rules.scoring import round2, score_frame, score_one

FW = load_frameworks()


def flat(total: float) -> list[float]:
    """Ten equal indicator scores give that total exactly (weights add up to 100)."""
    return [total] * 10


def test_the_seed_report_worked_check():
    result = score_one(SEED_SCORES, FW.by_year[2563])
    assert result.total_raw == pytest.approx(80.0026, abs=1e-9)
    assert result.tools == {"IIT": 79.17, "EIT": 75.8, "OIT": 83.78}
    assert (result.total, result.grade.code, result.passed) == (80.00, "B", False)


@pytest.mark.parametrize(
    "total,grade",
    [
        (100, "AA"),
        (95.00, "AA"),
        (94.99, "A"),
        (85.00, "A"),
        (84.99, "B"),
        (75.00, "B"),
        (74.99, "C"),
        (65.00, "C"),
        (64.99, "D"),
        (55.00, "D"),
        (54.99, "E"),
        (50.00, "E"),
        (49.99, "F"),
        (0, "F"),
    ],
)
@pytest.mark.parametrize("year", [2562, 2563, 2564, 2565])
def test_letter_bands(year, total, grade):
    assert score_one(flat(total), FW.by_year[year]).grade.code == grade


@pytest.mark.parametrize(
    "raw,shown,grade",
    [
        (84.995, 85.00, "A"),  # the grade is decided on the total as ITAS shows it
        (84.9949, 84.99, "B"),
        (94.995, 95.00, "AA"),
        (80.0026, 80.00, "B"),
    ],
)
def test_grades_use_the_total_rounded_to_two_decimals(raw, shown, grade):
    result = score_one(flat(raw), FW.by_year[2563])
    assert (result.total, result.grade.code) == (shown, grade)


def test_round2_is_half_up():
    assert list(round2([0.125, 0.135, 2.675, 80.0026, 84.995])) == [0.13, 0.14, 2.68, 80.0, 85.0]


def with_tools(iit: float, eit: float, oit: float) -> list[float]:
    return [iit] * 5 + [eit] * 3 + [oit] * 2


@pytest.mark.parametrize(
    "tools,label",
    [
        ((96, 96, 96), "ผ่านดีเยี่ยม"),
        ((95, 95, 95), "ผ่านดีเยี่ยม"),
        ((96.0, 93.0, 97.775), "ผ่านดี"),  # press case: 95.81 total, a tool under 95
        ((99.0, 84.0, 99.35), "ผ่าน"),  # press case: 94.64 total, EIT under 85
        ((85, 85, 85), "ผ่านดี"),
        ((90, 84.99, 90), "ผ่าน"),  # one tool a hair under the floor
        ((84.99, 84.99, 84.99), "ต้องปรับปรุง"),
        ((70, 70, 70), "ต้องปรับปรุง"),
        ((69.99, 69.99, 69.99), "ต้องปรับปรุงโดยด่วน"),
    ],
)
@pytest.mark.parametrize("year", [2566, 2567, 2568])
def test_2566_labels_with_per_tool_floors(year, tools, label):
    assert score_one(with_tools(*tools), FW.by_year[year]).grade.label_th == label


def test_press_case_totals():
    assert score_one(with_tools(96.0, 93.0, 97.775), FW.by_year[2566]).total == 95.81
    assert score_one(with_tools(99.0, 84.0, 99.35), FW.by_year[2566]).total == 94.64


def test_the_same_scores_grade_differently_across_the_2565_2566_boundary():
    scores = with_tools(99.0, 84.0, 99.35)
    assert score_one(scores, FW.by_year[2565]).grade.label_th == "A"
    assert score_one(scores, FW.by_year[2566]).grade.label_th == "ผ่าน"


def test_score_frame_scores_each_year_by_its_own_framework_and_leaves_incomplete_rows_unscored():
    table = pd.DataFrame(
        [
            {"year": 2565, **{f"i{k}": v for k, v in enumerate(with_tools(99.0, 84.0, 99.35), 1)}},
            {"year": 2566, **{f"i{k}": v for k, v in enumerate(with_tools(99.0, 84.0, 99.35), 1)}},
            {"year": 2566, **{f"i{k}": v for k, v in enumerate(SEED_SCORES, 1)}, "i7": float("nan")},
        ]
    )
    out = score_frame(table, FW)
    assert out["grade"].tolist()[:2] == ["A", "ผ่าน"]
    assert out["framework"].tolist()[:2] == ["ITA-2565", "ITA-2566"]
    assert out["total"].isna().tolist() == [False, False, True]
    assert pd.isna(out["grade"].iloc[2])
