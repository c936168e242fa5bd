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


def test_a_forms_later_answer_for_an_agency_is_its_answer():
    """A Google Form's responses: ทต.นาหัวบ่อ answered at 08:00 with two scores swapped, then again at 09:15. Both
    were refused as a conflict; the form's time stamps say which counts."""
    import datetime as dt

    header = ["ประทับเวลา", "ชื่อ อปท.", *INDICATOR_HEADERS]
    first = [dt.datetime(2024, 12, 4, 8, 0), "ทต.นาหัวบ่อ", *SHOWN[:5], SHOWN[6], SHOWN[5], *SHOWN[7:]]
    later = [dt.datetime(2024, 12, 4, 9, 15), "ทต.นาหัวบ่อ", *SHOWN]
    for rows in ([header, first, later], [header, later, first]):
        result = load_files([("form-2567.xlsx", xlsx_bytes({"การตอบแบบฟอร์ม 1": rows}))])
        assert result.valid[[f"i{k}" for k in range(1, 11)]].iloc[0].tolist() == SHOWN
        (warning,) = problems_of(result, "duplicate_later_answer").to_dict("records")
        assert warning["row"] == 1 + [r[0] for r in rows].index(first[0]) and not result.has_errors


def test_answers_without_times_still_conflict():
    header = ["ชื่อ อปท.", *INDICATOR_HEADERS]
    rows = [header, ["ทต.นาหัวบ่อ", *SHOWN], ["ทต.นาหัวบ่อ", *SHOWN[:9], 50.0]]
    result = load_files([("form-2567.xlsx", xlsx_bytes({"ITA 2567": rows}))])
    assert result.valid.empty and len(problems_of(result, "duplicate_conflict")) == 2


def test_a_forms_iso_time_stamps_are_read_year_first():
    """'2024-01-05 10:00' was read day first (1 May) and beat '2024-02-03 09:00'."""
    header = ["Timestamp", "ชื่อ อปท.", *INDICATOR_HEADERS]
    rows = [header, ["2024-01-05 10:00", "ทต.นาหัวบ่อ", *RAW], ["2024-02-03 09:00", "ทต.นาหัวบ่อ", *SHOWN[:9], 50.0]]
    result = load_files([("form-2567.xlsx", xlsx_bytes({"Form Responses 1": rows}))])
    assert result.valid["i10"].tolist() == [50.0]


def test_a_hidden_sheets_precise_copy_is_kept_over_the_visible_rounded_one():
    """A hidden raw sheet (97.6533) and a visible '=ROUND' sheet (97.65): the same scores as shown, so the precise
    copy is kept (published totals come from unrounded scores); the hidden mark chose the rounded one."""
    from io import BytesIO

    from openpyxl import Workbook

    wb = Workbook()
    shown = wb.active
    shown.title = "นำเสนอ 2566"
    raw = wb.create_sheet("ข้อมูลดิบ 2566")
    raw.sheet_state = "hidden"
    for ws, scores in ((shown, SHOWN), (raw, RAW)):
        ws.append(HEADER)
        ws.append([PHOK_NOI, *scores])
    buffer = BytesIO()
    wb.save(buffer)
    result = load_files([("ita.xlsx", buffer.getvalue())])
    assert result.valid["i1"].tolist() == [97.6533] and not result.has_errors
    assert problems_of(result, "duplicate_rounded")["sheet"].tolist() == ["นำเสนอ 2566"]


def test_a_summary_rounded_to_one_decimal_gives_way_to_the_district_sheets_two_decimals():
    """A meeting's summary sheet rounds to one decimal beside the district sheets' two: a person reads one agency.
    Both copies were refused as a conflict, and the precise data lost with the rounded."""
    one = [round(v + 1e-9, 1) for v in SHOWN]
    sheets = {"สรุปรวม 2566": [HEADER, [PHOK_NOI, *one]], "พรรณานิคม 2566": [HEADER, [PHOK_NOI, *SHOWN]]}
    result = load_files([("ita.xlsx", xlsx_bytes(sheets))])
    assert result.valid["i1"].tolist() == [97.65] and problems_of(result, "duplicate_conflict").empty
    (warning,) = problems_of(result, "duplicate_rounded").to_dict("records")
    assert warning["sheet"] == "สรุปรวม 2566" and "rounded to 1 decimal," in warning["message_en"]
