"""The bundled samples: built by a seeded script, and every one loads with zero errors."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest
from helpers import ROOT, SAMPLES

from ita.io.importer import load_paths

SAMPLE_FILES = sorted(SAMPLES.glob("*.xlsx"))


def test_three_samples_are_bundled():
    assert [p.name for p in SAMPLE_FILES] == ["phok-noi-2563.xlsx", "sakon-nakhon-2562-2568.xlsx", "up-ita-2563.xlsx"]


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_every_sample_loads_with_zero_errors_and_zero_warnings(path):
    result = load_paths([path])
    assert not result.has_errors
    assert (result.problems["severity"] == "info").all(), result.problems
    assert len(result.valid) == len(result.table) > 0


def test_province_workbook_spans_both_grading_systems_and_mixed_types():
    table = load_paths([SAMPLES / "sakon-nakhon-2562-2568.xlsx"]).valid
    assert sorted(table["year"].unique()) == list(range(2562, 2569))
    assert table.groupby("year")["agency"].nunique().min() >= 40
    assert table["agency_type"].nunique() >= 6
    phok = table.loc[(table["agency"] == "เทศบาลตำบลพอกน้อย") & (table["year"] == 2563)].iloc[0]
    assert (phok["total"], phok["grade"]) == (80.0, "B")
    assert set(table.loc[table["year"] == 2565, "grade"]) <= set("ABCDEF") | {"AA"}
    assert set(table.loc[table["year"] == 2566, "grade"]) & {"ผ่านดี", "ผ่าน", "ต้องปรับปรุง"}


def test_the_build_script_is_deterministic(tmp_path):
    """Rebuilding gives the same data (the bytes differ only by the timestamp openpyxl writes)."""
    subprocess.run(
        [sys.executable, str(ROOT / "sample_data" / "build_samples.py"), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    for path in SAMPLE_FILES:
        fresh = load_paths([tmp_path / path.name]).table.drop(columns=["source_file"])
        committed = load_paths([path]).table.drop(columns=["source_file"])
        pd.testing.assert_frame_equal(fresh, committed)
