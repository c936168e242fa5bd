"""Whole tables side by side on one sheet, of one year: a long list printed in two halves, or a table per province.
Each is read; the right-hand table was kept as 'extra data' of the left one's rows and its agencies lost, with no
error ('0 errors', exit 0)."""

from __future__ import annotations

from helpers import INDICATOR_HEADERS, SEED_SCORES, xlsx_bytes

from ita.io.importer import load_files

HEADER = ["ที่", "ชื่อ อปท.", *INDICATOR_HEADERS]
LEFT = ["เทศบาลตำบลพอกน้อย", "เทศบาลตำบลนาหัวบ่อ", "องค์การบริหารส่วนตำบลไร่"]
RIGHT = ["องค์การบริหารส่วนตำบลไฮหย่อง", "องค์การบริหารส่วนตำบลต้นผึ้ง"]


def halves(right_header: list[str], titles: list[list[str]] = (), sheet: str = "ITA 2565") -> bytes:
    rows = [*titles, [*HEADER, "", *right_header]]
    for k in range(len(LEFT)):
        left = [k + 1, LEFT[k], *SEED_SCORES]
        right = [k + 4, RIGHT[k], *[90.0 - k] * 10] if k < len(RIGHT) else []
        rows.append([*left, "", *right])
    return xlsx_bytes({sheet: rows})


def test_a_list_printed_in_two_halves_is_read_whole():
    title = [["ผลการประเมิน ITA ปีงบประมาณ 2565 อปท. ในจังหวัดสกลนคร"]]  # over both halves: the right one's too
    result = load_files([("list.xlsx", halves(HEADER, title, sheet="ผล ITA"))])
    assert sorted(result.valid["agency"]) == sorted(LEFT + RIGHT)
    right = result.valid.set_index("agency").loc[RIGHT[1]]
    assert (right["i1"], right["year"], right["province"]) == (89.0, 2565, "สกลนคร")
    assert result.problems[result.problems["severity"] != "info"].empty


def test_a_table_per_province_side_by_side_gives_each_its_province_and_the_titles_year():
    titles = [["ผลการประเมิน ITA ปีงบประมาณ พ.ศ. 2566"], ["จังหวัดสกลนคร", *[""] * 12, "จังหวัดนครพนม"]]
    result = load_files([("provinces.xlsx", halves(HEADER, titles, sheet="ผลการประเมิน"))])
    by_name = result.valid.set_index("agency")
    assert by_name.loc[LEFT[0], "province"] == "สกลนคร" and by_name.loc[RIGHT[0], "province"] == "นครพนม"
    assert set(result.valid["year"]) == {2566}


def test_tables_with_other_indicators_side_by_side_stay_one_table():
    """A second name column beside a table of other columns (a summary to its right) is not a second table."""
    rows = [[*HEADER, "", "ชื่อ อปท.", "หมายเหตุ"], [1, LEFT[0], *SEED_SCORES, "", LEFT[0], "ส่งแล้ว"]]
    result = load_files([("one.xlsx", xlsx_bytes({"ITA 2565": rows}))])
    assert result.valid["agency"].tolist() == [LEFT[0]]


def test_halves_side_by_side_keep_each_ones_total_and_grade():
    """'… ตัวชี้วัดที่ 10 | คะแนนรวม | ระดับ | ที่ | ชื่อ อปท. …': the left half's total and grade are its own; they
    were taken as the right half's (a false mismatch on each of its rows)."""
    header = [*HEADER, "คะแนนรวม", "ระดับ"]
    rows = [[*header, *header]]
    rows.append([1, LEFT[0], *SEED_SCORES, 80.0, "B", 2, RIGHT[0], *[70.0] * 10, 70.0, "C"])
    result = load_files([("halves.xlsx", xlsx_bytes({"ITA 2563": rows}))])
    assert sorted(result.valid["agency"]) == sorted([LEFT[0], RIGHT[0]])
    assert result.problems[result.problems["severity"] != "info"].empty, result.problems["message_en"].tolist()
