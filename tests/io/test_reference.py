"""Acceptance: the 39 real University of Phayao units and the seed municipality reproduce exactly."""

from __future__ import annotations

import csv
import json

import pytest
from helpers import DATA, SAMPLES

from ita.cli import main
from ita.io.importer import load_paths

REFERENCE = list(csv.DictReader((DATA / "up-ita-2563.csv").open(encoding="utf-8")))


def by_name(result):
    return {row["agency"]: row for row in result.valid.to_dict("records")}


@pytest.mark.parametrize("path", [DATA / "up-ita-2563.csv", SAMPLES / "up-ita-2563.xlsx"], ids=["csv", "xlsx"])
def test_all_39_published_totals_and_grades_reproduce(path):
    result = load_paths([path])
    rows = by_name(result)
    assert len(rows) == len(REFERENCE) == 39
    for ref in REFERENCE:
        row = rows[ref["agency_name"]]
        assert abs(row["total"] - float(ref["total"])) <= 0.005, ref["agency_name"]
        assert row["grade"] == ref["grade"], ref["agency_name"]
    # The published tool points agree with ours too, and the scale was recognised as points.
    assert not (set(result.problems["code"]) & {"total_mismatch", "tool_mismatch", "grade_mismatch"})
    assert (result.problems["code"] == "tool_scale_points").sum() == 3


def test_unit_46_without_a_published_eit_is_still_scored():
    row = by_name(load_paths([DATA / "up-ita-2563.csv"]))["คณะนิติศาสตร์"]
    assert row["reported_eit"] is None and row["eit"] == pytest.approx(79.39, abs=0.005)
    assert (row["total"], row["grade"]) == (71.21, "C")


def test_cli_scores_the_seed_sample_80_00_b(capsys):
    assert main(["score", str(SAMPLES / "phok-noi-2563.xlsx")]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if "เทศบาลตำบลพอกน้อย" in x)
    assert "80.00" in line.split() and "B" in line.split()


def test_cli_json_reproduces_the_39_units(capsys):
    assert main(["score", str(SAMPLES / "up-ita-2563.xlsx"), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    published = {r["agency_name"]: (float(r["total"]), r["grade"]) for r in REFERENCE}
    got = {r["agency"]: (r["total"], r["grade"]) for r in data["records"]}
    assert got.keys() == published.keys()
    for name, (total, grade) in published.items():
        assert abs(got[name][0] - total) <= 0.005 and got[name][1] == grade
