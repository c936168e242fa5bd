"""Rows marked as a correction, or as the row a correction replaced: 'เทศบาลตำบลพอกน้อย (แก้ไข)' after the first
row, a remark 'ข้อมูลเดิม'. A person reads the corrected row as the agency's result; the importer did too little
(the name with its mark became a second agency, silently) or too much (both rows were refused as a conflict)."""

from __future__ import annotations

import io

import pytest
from helpers import INDICATOR_HEADERS, SEED_SCORES, only_row, problems_of, xlsx_bytes
from openpyxl import Workbook
from openpyxl.styles import Font

from ita.io.importer import load_files

PHOK_NOI = "เทศบาลตำบลพอกน้อย"
CORRECTED = [90.0, *SEED_SCORES[1:]]  # I1 83.65 → 90
HEADER = ["ชื่อหน่วยงาน", *INDICATOR_HEADERS]


def read(*rows: list) -> object:
    with_remarks = any(len(r) > len(HEADER) for r in rows)
    header = [*HEADER, "หมายเหตุ"] if with_remarks else HEADER
    return load_files([("ita.xlsx", xlsx_bytes({"ITA 2566": [header, *rows]}))])


def assert_corrected_used(result, set_aside_row: int, used_row: int) -> None:
    row = only_row(result)
    assert (row["agency"], row["i1"]) == (PHOK_NOI, 90.0)
    assert result.problems[result.problems["severity"] == "error"].empty
    (warning,) = problems_of(result, "duplicate_corrected").to_dict("records")
    assert warning["row"] == set_aside_row and f"row {used_row}" in warning["message_en"]
    assert "i1: 83.65→90" in warning["message_en"] and "แก้ไขแล้ว" in warning["message_th"]


@pytest.mark.parametrize("mark", ["(แก้ไข)", "[ฉบับแก้ไข]", "- แก้ไขแล้ว", "แก้ไข", "(revised)"])
def test_a_name_marked_as_corrected_replaces_the_row_before_it(mark):
    result = read([PHOK_NOI, *SEED_SCORES], [f"{PHOK_NOI} {mark}", *CORRECTED])
    assert_corrected_used(result, set_aside_row=2, used_row=3)
    (note,) = problems_of(result, "revision_mark_corrected").to_dict("records")
    assert note["row"] == 3 and mark in note["message_th"]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("", "แก้ไขตามผลอุทธรณ์"),
        ("ยกเลิก (ข้อมูลผิด)", ""),
        ("ข้อมูลเดิม", "ข้อมูลใหม่"),
        ("คะแนนก่อนแก้ไข", ""),  # holds แก้ไข, but says the row is the one before the correction
    ],
)
def test_a_remark_saying_which_row_is_the_correction_settles_two_rows(first, second):
    result = read([PHOK_NOI, *SEED_SCORES, first], [PHOK_NOI, *CORRECTED, second])
    assert_corrected_used(result, set_aside_row=2, used_row=3)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("", ""),
        ("ไม่มีการแก้ไข", ""),  # says nothing was corrected
        ("แก้ไข", "แก้ไขแล้ว"),  # both say so: no one row is the correction
        ("คงเดิม", ""),
    ],
)
def test_rows_no_mark_settles_stay_a_conflict(first, second):
    result = read([PHOK_NOI, *SEED_SCORES, first], [PHOK_NOI, *CORRECTED, second])
    assert result.valid.empty
    assert list(problems_of(result, "duplicate_conflict")["row"]) == [2, 3]


def test_a_correction_in_another_file_replaces_the_first_files_row():
    first = xlsx_bytes({"ITA 2566": [HEADER, [PHOK_NOI, *SEED_SCORES]]})
    second = xlsx_bytes({"ITA 2566 แก้ไข": [HEADER, [f"{PHOK_NOI} (แก้ไข)", *CORRECTED]]})
    result = load_files([("first.xlsx", first), ("second.xlsx", second)])
    assert only_row(result)["i1"] == 90.0
    (warning,) = problems_of(result, "duplicate_corrected").to_dict("records")
    assert warning["file"] == "first.xlsx" and "second.xlsx" in warning["message_en"]


@pytest.mark.parametrize("name", ["องค์การบริหารส่วนตำบลนาคู่ (อ.นาคู่)", "เทศบาลตำบลบ้านเดิม", "เทศบาลตำบลปรับปรุงใหม่ ๒"])
def test_a_name_that_only_holds_such_a_word_is_kept_whole(name):
    """A district in brackets, or a place whose name holds a mark's word, is no mark."""
    result = read([name, *SEED_SCORES])
    assert not result.problems["code"].str.startswith("revision_mark").any()
    assert only_row(result)["agency"] == name.replace(" (อ.นาคู่)", "")


def test_a_correction_giving_only_the_score_it_corrects_takes_the_rest_from_the_row_above():
    """'เทศบาลตำบลพอกน้อย | | … | 62.50 | … | แก้ไข' under the agency's row: a person reads I9 corrected to 62.50 and
    the rest unchanged. Before, the uncorrected row was used (89.36, A: passed where the correction fails) and the
    correction had nine 'Enter the score' errors."""
    partial = [PHOK_NOI, *([None] * 8), 62.50, None, "แก้ไข"]
    result = read([PHOK_NOI, *SEED_SCORES, ""], partial, ["เทศบาลตำบลนาหัวบ่อ", *SEED_SCORES, ""])
    assert result.problems[result.problems["severity"] == "error"].empty
    phok_noi = result.valid.set_index("agency").loc[PHOK_NOI]
    assert [phok_noi[f"i{k}"] for k in range(1, 11)] == [*SEED_SCORES[:8], 62.50, SEED_SCORES[9]]
    (filled,) = problems_of(result, "correction_completed").to_dict("records")
    assert filled["row"] == 3 and "1, 2, 3, 4, 5, 6, 7, 8 and 10" in filled["message_en"]
    assert "row 2" in filled["message_en"]
    assert list(problems_of(result, "duplicate_corrected")["row"]) == [2]
    # A correction of another agency, or of nothing above it, is not completed: its blanks are errors.
    result = read(["เทศบาลตำบลนาหัวบ่อ", *SEED_SCORES, ""], partial)
    assert problems_of(result, "correction_completed").empty and len(problems_of(result, "missing_score")) == 9


def test_a_hidden_row_gives_way_to_the_visible_copy_of_its_agencys_year():
    """An old version of a row kept hidden above the current one: a person reads the row Excel shows. Before, both
    were refused with advice to add districts. Two visible copies stay a conflict."""
    wb = Workbook()
    ws = wb.active
    ws.title = "ITA 2566"
    for row in (HEADER, [PHOK_NOI, *SEED_SCORES], [PHOK_NOI, *CORRECTED]):
        ws.append(row)
    ws.row_dimensions[2].hidden = True
    buffer = io.BytesIO()
    wb.save(buffer)
    result = load_files([("hidden.xlsx", buffer.getvalue())])
    assert (only_row(result)["i1"], only_row(result)["source_row"]) == (90.0, 3)
    (warning,) = problems_of(result, "duplicate_hidden").to_dict("records")
    assert warning["row"] == 2 and "row 3" in warning["message_en"] and "ซ่อน" in warning["message_th"]
    assert "source_row" in result.table and "revision" not in result.table  # the mark is not a column of the table


def test_a_struck_through_row_gives_way_to_the_plain_copy_and_is_said():
    """A red row struck through above the same agency's current row: a person reads the row not struck out. Before,
    the strike was not seen and both rows were refused. A struck row with no other copy is read, and said."""
    wb = Workbook()
    ws = wb.active
    ws.title = "ITA 2566"
    for row in (HEADER, [PHOK_NOI, *SEED_SCORES], [PHOK_NOI, *CORRECTED], ["เทศบาลตำบลนาหัวบ่อ", *SEED_SCORES]):
        ws.append(row)
    for r in (2, 4):
        for cell in ws[r]:
            cell.font = Font(strike=True, color="FF0000")
    buffer = io.BytesIO()
    wb.save(buffer)
    result = load_files([("struck.xlsx", buffer.getvalue())])
    assert sorted(result.valid["source_row"]) == [3, 4] and result.valid.set_index("source_row").at[3, "i1"] == 90.0
    (warning,) = problems_of(result, "duplicate_struck").to_dict("records")
    assert warning["row"] == 2 and "row 3" in warning["message_en"] and "ขีดฆ่า" in warning["message_th"]
    assert problems_of(result, "struck_rows")["message_en"].tolist() == [
        "Rows 2, 4 are struck through in the file but were read (where the same agency and year has another row not "
        "struck through, that row is used instead). If the struck rows should not count, delete them from the file "
        "and upload it again."
    ]


@pytest.mark.parametrize("how", ["format", "white", "white-on-fill"])
def test_a_row_formatted_to_show_nothing_gives_way_to_the_visible_copy(how):
    """A review: a row made invisible (the number format ';;;', or white text) rather than hidden, beside the same
    agency's visible row: both were refused as a conflict. It is read as a hidden row and gives way. White text on a
    coloured fill can be seen: that row is an ordinary copy (a conflict, as before)."""
    from openpyxl.styles import PatternFill

    wb = Workbook()
    ws = wb.active
    ws.title = "ITA 2566"
    for row in (HEADER, [PHOK_NOI, *CORRECTED], [PHOK_NOI, *SEED_SCORES]):
        ws.append(row)
    for cell in ws[2]:
        if how == "format":
            cell.number_format = ";;;"
        else:
            cell.font = Font(color="FFFFFF")
            if how == "white-on-fill":
                cell.fill = PatternFill("solid", fgColor="1F4E79")
    buffer = io.BytesIO()
    wb.save(buffer)
    result = load_files([("invisible.xlsx", buffer.getvalue())])
    if how == "white-on-fill":
        assert result.valid.empty and problems_of(result, "invisible_rows").empty
        return
    assert result.valid["source_row"].tolist() == [3] and result.valid["i1"].tolist() == [SEED_SCORES[0]]
    assert problems_of(result, "invisible_rows")["message_en"].tolist()[0].startswith("Row 2 is formatted")


def test_a_file_that_gives_way_yields_to_another_files_copy_and_only_to_one():
    """``give_way`` (the bundled samples): their row gives way to a user's file's other figures, with a warning at
    the sample's row; between two user files the clash stays an error on both."""
    sample = ("sample.xlsx", xlsx_bytes({"ITA 2566": [HEADER, [PHOK_NOI, *SEED_SCORES]]}))
    ours = ("ours.xlsx", xlsx_bytes({"ITA 2566": [HEADER, [PHOK_NOI, *CORRECTED]]}))
    result = load_files([sample, ours], give_way=frozenset({"sample.xlsx"}))
    assert (only_row(result)["source_file"], only_row(result)["i1"]) == ("ours.xlsx", 90.0)
    (warning,) = problems_of(result, "duplicate_sample").to_dict("records")
    assert warning["file"] == "sample.xlsx" and "ours.xlsx" in warning["message_en"]
    result = load_files([sample, ours])
    assert result.valid.empty and len(problems_of(result, "duplicate_conflict")) == 2


def test_a_preferred_files_copy_is_used_where_another_files_differs():
    """``preferred`` (the user's choice on the Data page): where two uploads give an agency's year other scores,
    the preferred file's are used, with a warning at each row set aside; two preferred files still clash, and a
    preferred file's own row marked as replaced still gives way to its correction."""
    first = ("ita-2566.xlsx", xlsx_bytes({"ITA 2566": [HEADER, [PHOK_NOI, *SEED_SCORES]]}))
    appeal = ("ita-2566-appeal.xlsx", xlsx_bytes({"ITA 2566": [HEADER, [PHOK_NOI, *CORRECTED]]}))
    for order in ([first, appeal], [appeal, first]):
        result = load_files(order, preferred=frozenset({"ita-2566-appeal.xlsx"}))
        assert (only_row(result)["source_file"], only_row(result)["i1"]) == ("ita-2566-appeal.xlsx", 90.0)
        assert result.problems[result.problems["severity"] == "error"].empty
        (warning,) = problems_of(result, "duplicate_preferred").to_dict("records")
        assert (warning["file"], warning["severity"]) == ("ita-2566.xlsx", "warning")
        assert "i1: 83.65→90" in warning["message_en"] and "ita-2566-appeal.xlsx" in warning["message_th"]
    both = load_files([first, appeal], preferred=frozenset({"ita-2566.xlsx", "ita-2566-appeal.xlsx"}))
    assert both.valid.empty and len(problems_of(both, "duplicate_conflict")) == 2
    old_and_new = [HEADER, [f"{PHOK_NOI} (ข้อมูลเดิม)", *SEED_SCORES], [PHOK_NOI, *[80.0] * 10]]
    revised = ("revised.xlsx", xlsx_bytes({"ITA 2566": old_and_new}))
    result = load_files([revised, appeal], preferred=frozenset({"revised.xlsx"}))
    assert (only_row(result)["source_file"], only_row(result)["i1"]) == ("revised.xlsx", 80.0)
    assert sorted(problems_of(result, "duplicate_preferred")["file"]) == ["ita-2566-appeal.xlsx"]


def test_a_preferred_upload_and_the_samples_the_sample_still_gives_way():
    sample = ("sample.xlsx", xlsx_bytes({"ITA 2566": [HEADER, [PHOK_NOI, *SEED_SCORES]]}))
    ours = ("ours.xlsx", xlsx_bytes({"ITA 2566": [HEADER, [PHOK_NOI, *CORRECTED]]}))
    theirs = ("theirs.xlsx", xlsx_bytes({"ITA 2566": [HEADER, [PHOK_NOI, *[70.0] * 10]]}))
    result = load_files([sample, ours, theirs], give_way=frozenset({"sample.xlsx"}), preferred=frozenset({"ours.xlsx"}))
    assert (only_row(result)["source_file"], only_row(result)["i1"]) == ("ours.xlsx", 90.0)
    assert problems_of(result, "duplicate_preferred")["file"].tolist() == ["theirs.xlsx"]
    assert problems_of(result, "duplicate_sample")["file"].tolist() == ["sample.xlsx"]


def test_only_a_clash_with_another_file_is_one_a_files_choice_settles():
    """The Data page offers 'use this file's scores' for a clash between files; a clash inside one file is that
    file's to fix (the choice did nothing there)."""
    from ita.analysis.loaded import conflicting_rows

    inside = ("inside.xlsx", xlsx_bytes({"ITA 2566": [HEADER, [PHOK_NOI, *SEED_SCORES], [PHOK_NOI, *CORRECTED]]}))
    assert conflicting_rows(load_files([inside]), ["inside.xlsx"]) == {}
    first = ("first.xlsx", xlsx_bytes({"ITA 2566": [HEADER, [PHOK_NOI, *SEED_SCORES]]}))
    second = ("second.xlsx", xlsx_bytes({"ITA 2566": [HEADER, [PHOK_NOI, *CORRECTED]]}))
    both = load_files([first, second])
    assert conflicting_rows(both, ["first.xlsx", "second.xlsx"]) == {"first.xlsx": 1, "second.xlsx": 1}


@pytest.mark.parametrize(
    ("old", "new"), [("ผลเบื้องต้น 2567", "ผลหลังอุทธรณ์ 2567"), ("2567 (ร่าง)", "2567"), ("ITA 2567 draft", "ITA 2567")]
)
def test_the_preliminary_or_draft_sheet_gives_way_to_the_final_one(old, new):
    """Found by a reviewer: a workbook of the preliminary and the final results lost every agency the appeal changed,
    as two copies in conflict (with advice about districts). The sheet's name says which is the final one."""
    header = ["ชื่อหน่วยงาน", *INDICATOR_HEADERS]
    before = [PHOK_NOI, 60.0, *SEED_SCORES[1:]]
    after = [PHOK_NOI, *SEED_SCORES]
    result = load_files([("ita.xlsx", xlsx_bytes({old: [header, before], new: [header, after]}))])
    assert not result.has_errors and result.valid["i1"].tolist() == [SEED_SCORES[0]]
    (said,) = problems_of(result, "duplicate_corrected")["message_en"]
    assert "names of the sheets" in said


def test_an_agency_written_in_two_rows_each_with_a_part_of_its_scores_is_one_record():
    """Found by a reviewer: two editors, one row with IIT only and one with EIT and OIT: both rows were refused, each
    for the scores the other held. Rows that give a score twice, or leave one blank in both, are not joined."""
    header = ["ชื่อหน่วยงาน", *INDICATOR_HEADERS]
    iit = [PHOK_NOI, *SEED_SCORES[:5], *[None] * 5]
    rest = [PHOK_NOI, *[None] * 5, *SEED_SCORES[5:]]
    result = load_files([("ita.xlsx", xlsx_bytes({"ITA 2567": [header, iit, rest]}))])
    assert not result.has_errors and only_row(result)["total"] == 80.0
    (said,) = problems_of(result, "rows_in_parts")["message_en"]
    assert "row 2" in said
    overlapping = [PHOK_NOI, *SEED_SCORES[:6], *[None] * 4]
    refused = load_files([("ita.xlsx", xlsx_bytes({"ITA 2567": [header, overlapping, rest]}))])
    assert problems_of(refused, "rows_in_parts").empty and refused.has_errors
