"""Headings that say a year by its place beside the title's, under a title of 2566 (a review): blocks 'ปีที่ผ่านมา'
and 'ปีปัจจุบัน' are 2565 and 2566, each said with a note; one agency's 'ผลคะแนนปีที่ผ่านมา | ผลคะแนนปีปัจจุบัน' is
read from this year's column. The first had been stored as the title's year, last year's scores as this year's,
without a word."""

from __future__ import annotations

import io

from helpers import SEED_SCORES, problems_of, xlsx_bytes
from openpyxl import load_workbook

from ita.io.importer import load_files

LAST = [round(s - 5, 2) for s in SEED_SCORES]
NAMES = [f"{k}. ตัวชี้วัดที่ {k}" for k in range(1, 11)]


def with_blocks_merged(rows: list[list]) -> bytes:
    """``rows`` as an .xlsx, each block's heading in row 2 merged over its ten columns, the agency's over rows 2-3."""
    book = load_workbook(io.BytesIO(xlsx_bytes({"Sheet1": rows})))
    for cells in ("B2:K2", "L2:U2", "A2:A3"):
        book.active.merge_cells(cells)
    content = io.BytesIO()
    book.save(content)
    return content.getvalue()


def records(result) -> dict[tuple[str, int], list[float]]:
    return {(r["agency"], int(r["year"])): [r[f"i{k}"] for k in range(1, 11)] for _, r in result.valid.iterrows()}


def test_one_agencys_columns_of_last_year_and_this_year_in_words():
    rows = [
        ["การวิเคราะห์ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2566"],
        ["หน่วยงาน: เทศบาลตำบลนาข่า"],
        ["ตัวชี้วัด", "ผลคะแนนปีที่ผ่านมา", "ผลคะแนนปีปัจจุบัน", "ผลต่าง"],
        *([name, last, now, round(now - last, 2)] for name, last, now in zip(NAMES, LAST, SEED_SCORES, strict=True)),
    ]
    result = load_files([("วิเคราะห์.xlsx", xlsx_bytes({"วิเคราะห์": rows}))])
    assert records(result) == {("เทศบาลตำบลนาข่า", 2566): list(SEED_SCORES)}  # as 'คะแนนปีที่แล้ว | คะแนนปีนี้' is


def test_blocks_of_last_year_and_this_year_each_merged_over_their_indicators():
    header = ["หน่วยงาน", "ปีที่ผ่านมา", *[None] * 9, "ปีปัจจุบัน", *[None] * 9]
    rows = [
        ["ผลการประเมิน ITA ปีงบประมาณ 2566 เปรียบเทียบกับปีที่ผ่านมา"],
        header,
        [None, *(f"ตัวชี้วัดที่ {k}" for k in range(1, 11)), *(f"ตัวชี้วัดที่ {k}" for k in range(1, 11))],
        ["ทต.นาข่า", *LAST, *SEED_SCORES],
    ]
    result = load_files([("เทียบ.xlsx", with_blocks_merged(rows))])
    assert records(result) == {("เทศบาลตำบลนาข่า", 2565): LAST, ("เทศบาลตำบลนาข่า", 2566): list(SEED_SCORES)}
    notes = problems_of(result, "relative_year_heading")
    assert list(notes["column"]) == ["B", "L"]  # once per block
    assert "fiscal year 2565, from the title's 2566" in notes["message_en"].iloc[0]


def test_a_note_in_the_rows_that_names_last_year_is_left_as_it_is():
    rows = [
        ["ผลการประเมิน ITA ปีงบประมาณ 2566"],
        ["ชื่อหน่วยงาน", *(f"ตัวชี้วัดที่ {k}" for k in range(1, 11)), "หมายเหตุ"],
        ["ทต.นาข่า", *SEED_SCORES, "ดีขึ้นกว่าปีที่ผ่านมา"],
    ]
    result = load_files([("ผล.xlsx", xlsx_bytes({"Sheet1": rows}))])
    assert records(result) == {("เทศบาลตำบลนาข่า", 2566): list(SEED_SCORES)}
    assert problems_of(result, "relative_year_heading").empty


def test_a_block_of_changes_since_last_year_is_no_year():
    """A review: 'เปลี่ยนแปลงจากปีที่ผ่านมา' merged over a block of differences (2.5, 1.0 …) made a record of 2565 of
    them. Only a heading that is the year alone ('ปีที่ผ่านมา', 'คะแนนปีที่แล้ว') says one."""
    diff = [2.5, 1.0, 3.0, 0.5, 1.5, 2.0, 0.5, 1.0, 4.0, 2.0]
    header = ["หน่วยงาน", "ปี 2566", *[None] * 9, "เปลี่ยนแปลงจากปีที่ผ่านมา", *[None] * 9]
    rows = [
        ["ผลการประเมิน ITA ปีงบประมาณ 2566 เปรียบเทียบกับปีที่ผ่านมา"],
        header,
        [None, *(f"ตัวชี้วัดที่ {k}" for k in range(1, 11)), *(f"ตัวชี้วัดที่ {k}" for k in range(1, 11))],
        ["ทต.นาข่า", *SEED_SCORES, *diff],
    ]
    result = load_files([("เทียบ.xlsx", with_blocks_merged(rows))])
    assert records(result) == {("เทศบาลตำบลนาข่า", 2566): list(SEED_SCORES)}
    assert problems_of(result, "relative_year_heading").empty
