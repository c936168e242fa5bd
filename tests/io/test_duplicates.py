"""One agency's year written twice at two precisions: a sheet of the system's raw scores (4 decimals) and a sheet
for presenting them (rounded to 2). A person reads one agency; both copies were refused as a conflict."""

from __future__ import annotations

import pytest
from helpers import INDICATOR_HEADERS, problems_of, xlsx_bytes

from ita.io.importer import load_files

HEADER = ["ชื่อหน่วยงาน", *INDICATOR_HEADERS]
PHOK_NOI = "เทศบาลตำบลพอกน้อย"
RAW = [97.6533, 98.5521, 94.2508, 91.0915, 87.695, 88.0304, 93.6125, 86.7331, 93.905, 81.4236]
SHOWN = [97.65, 98.55, 94.25, 91.09, 87.70, 88.03, 93.61, 86.73, 93.91, 81.42]  # half up: 93.905 → 93.91


@pytest.mark.parametrize("raw_first", [True, False])
def test_a_rounded_copy_gives_way_to_the_precise_one(raw_first):
    sheets = {"ข้อมูลดิบ 2566": [HEADER, [PHOK_NOI, *RAW]], "นำเสนอ 2566": [HEADER, [PHOK_NOI, *SHOWN]]}
    if not raw_first:
        sheets = dict(reversed(sheets.items()))
    result = load_files([("ita.xlsx", xlsx_bytes(sheets))])
    assert result.valid["i1"].tolist() == [97.6533]  # published totals come from unrounded scores
    (warning,) = problems_of(result, "duplicate_rounded").to_dict("records")
    assert warning["sheet"] == "นำเสนอ 2566" and "rounded to 2 decimals" in warning["message_en"]
    assert problems_of(result, "duplicate_conflict").empty


def test_a_copy_that_differs_by_more_than_rounding_still_conflicts():
    other = [*SHOWN[:-1], 81.44]  # 81.4236 does not show as 81.44
    sheets = {"ข้อมูลดิบ 2566": [HEADER, [PHOK_NOI, *RAW]], "นำเสนอ 2566": [HEADER, [PHOK_NOI, *other]]}
    result = load_files([("ita.xlsx", xlsx_bytes(sheets))])
    assert result.valid.empty and len(problems_of(result, "duplicate_conflict")) == 2


def test_whole_numbers_are_no_rounding_of_two_decimals():
    """Scores written without decimals (90) are not taken for 90.40 rounded: too coarse to tell."""
    sheets = {"ก 2566": [HEADER, [PHOK_NOI, *[90.4] * 10]], "ข 2566": [HEADER, [PHOK_NOI, *[90] * 10]]}
    result = load_files([("ita.xlsx", xlsx_bytes(sheets))])
    assert result.valid.empty and problems_of(result, "duplicate_rounded").empty
