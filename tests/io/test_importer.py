"""The importer reads what a person would read, and says cell by cell what it could not."""

from __future__ import annotations

import csv
import io

import pytest
from helpers import DATA, INDICATOR_HEADERS, SEED_SCORES, only_row, problems_of, xlsx_bytes

from ita.io.importer import load_files, load_paths
from ita.rules.frameworks import default_frameworks

NAMES = [i.name_th for i in default_frameworks().by_year[2563].indicators]


def wide(*rows, header=None, title=None):
    head = header or ["ชื่อหน่วยงาน", *INDICATOR_HEADERS]
    return ([[title], []] if title else []) + [head, *rows]


# ----------------------------------------------------------------------------- layouts


def test_wide_sheet_below_title_rows_in_any_column_order():
    header = ["ลำดับ", "คะแนนรวม", *reversed(INDICATOR_HEADERS), "จังหวัด", "ชื่อหน่วยงาน", "ประเภทหน่วยงาน"]
    row = [1, 80.00, *reversed(SEED_SCORES), "สกลนคร", "เทศบาลตำบลพอกน้อย", "เทศบาลตำบล"]
    data = xlsx_bytes({"ITA 2563": [["ผลการประเมิน ITA"], ["หน่วย: คะแนน"], [], header, row]})
    result = load_files([("r.xlsx", data)])
    got = only_row(result)
    assert [got[f"i{k}"] for k in range(1, 11)] == SEED_SCORES
    assert (got["agency"], got["province"], got["agency_type"]) == ("เทศบาลตำบลพอกน้อย", "สกลนคร", "เทศบาลตำบล")
    assert (got["total"], got["grade"], got["source_row"], got["source_sheet"]) == (80.0, "B", 5, "ITA 2563")
    assert got["extra"] == {"ลำดับ": 1.0}  # nothing uploaded is lost
    assert result.files[0].sheets[0].header_row == 4


@pytest.mark.parametrize(
    "header",
    [
        [f"{k}. {name}" for k, name in enumerate(NAMES, 1)],
        NAMES,
        [f"i{k}" for k in range(1, 11)],
        [f"ตัวชี้วัดที่ {k} {name}" for k, name in enumerate(NAMES, 1)],
        [f"ตัวชี้วัดที่ {'๐๑๒๓๔๕๖๗๘๙'[k] if k < 10 else '๑๐'}" for k in range(1, 11)],
        # Variant spellings, and the two-character "ํา" that Word leaves in Thai text
        [*NAMES[:3], "การใช้ทรัพย์สินของทางราชการ", *NAMES[4:7], "การปรับปรุงระบบการทํางาน", *NAMES[8:]],
        # As a summary sheet shortens them: the การ inside left out, a name cut short with ฯ
        ["ปฏิบัติหน้าที่", "ใช้งบประมาณ", "ใช้อำนาจ", "ใช้ทรัพย์สินฯ", "แก้ไขปัญหาทุจริต", "คุณภาพฯ", "สื่อสาร"]
        + ["ปรับปรุงการทำงาน", "เปิดเผยข้อมูล", "ป้องกันทุจริต"],
        # Each with its weight after the number: never a sub-indicator ("9.1"), which a dot says
        [f"ตัวชี้วัดที่ {k} ({w} คะแนน)" for k, w in zip(range(1, 11), [6] * 5 + [10] * 3 + [20] * 2, strict=True)],
        [f"ตัวชี้วัดที่ {k}\n{w}" for k, w in zip(range(1, 11), [6] * 5 + [10] * 3 + [20] * 2, strict=True)],
        # Misspelt as people type them (ฎ for ฏ, น for ณ): the file was refused
        ["การปฎิบัติหน้าที่", "การใช้งบประมาน", *NAMES[2:]],
    ],
    ids=[
        "numbered names",
        "bare names",
        "i1..i10",
        "number and name",
        "thai digits",
        "variants",
        "shortened",
        "weights",
        "weights below",
        "misspelt",
    ],
)
def test_indicator_headers_by_number_or_name(header):
    data = xlsx_bytes({"2563": wide(["หน่วยงาน ก", *SEED_SCORES], header=["หน่วยงาน", *header])})
    assert only_row(load_files([("r.xlsx", data)]))["total"] == 80.0


@pytest.mark.parametrize(
    ("name", "total", "grade"), [("ชื่อ อปท.", "รวม", "ผลการประเมิน (ระดับ)"), ("ชื่อหน่วยงาน", "คะแนนรวม", "ระดับ")]
)
def test_everyday_words_for_the_name_total_and_grade_columns(name, total, grade):
    """Before, 'ชื่อ อปท.' refused the sheet (no name column) and a total headed 'รวม' went unchecked."""
    data = xlsx_bytes({"2563": [[name, *INDICATOR_HEADERS, total, grade], ["ทต.ก", *SEED_SCORES, 85.55, "A"]]})
    result = load_files([("r.xlsx", data)])
    assert result.valid["agency"].tolist() == ["เทศบาลตำบลก"]
    assert problems_of(result, "total_mismatch")["column"].tolist() == ["L"]
    assert problems_of(result, "grade_mismatch")["column"].tolist() == ["M"]


def test_long_table_one_row_per_indicator_for_several_agencies_and_years():
    rows = [["หน่วยงาน", "ปีงบประมาณ", "ตัวชี้วัด", "คะแนน"]]
    for agency, year, shift in (("หน่วยงาน ก", 2563, 0), ("หน่วยงาน ก", 2564, 5), ("หน่วยงาน ข", 2563, 10)):
        rows += [
            [agency, year, f"{k}. {name}", min(100, s + shift)]
            for k, (name, s) in enumerate(zip(NAMES, SEED_SCORES, strict=False), 1)
        ]
    result = load_files([("long.xlsx", xlsx_bytes({"data": rows}))])
    got = result.valid.set_index(["agency", "year"])["total"].to_dict()
    assert got[("หน่วยงาน ก", 2563)] == 80.0
    assert got[("หน่วยงาน ก", 2564)] == 85.0
    assert len(got) == 3
    assert result.files[0].sheets[0].layout == "long"
    # A footnote mark after a score in a long table: read, and said at its cell (D4: the third indicator).
    rows[3][3] = f"{rows[3][3]}*"
    result = load_files([("long.xlsx", xlsx_bytes({"data": rows}))])
    assert result.valid.set_index(["agency", "year"])["total"].to_dict() == got
    assert problems_of(result, "number_with_mark")[["severity", "row", "column"]].values.tolist() == [
        ["warning", 4, "D"]
    ]


@pytest.mark.parametrize("heading", ["Code", "รหัส", "", "ข้อ"])
def test_a_long_tables_indicator_column_is_known_by_its_cells_whatever_its_heading(heading):
    """An ITAS-style export 'Year | AgencyName | Code | Score' over 'I1' … 'I10': 'Code' was taken for the agency's
    code and the sheet refused as a table of indicator 1 only."""
    rows = [["Year", "AgencyName", heading, "Score"]]
    rows += [[2023, "เทศบาลตำบลพอกน้อย", f"I{k}", s] for k, s in enumerate(SEED_SCORES, 1)]
    result = load_files([("itas.xlsx", xlsx_bytes({"data": rows}))])
    got = only_row(result)
    assert (got["agency"], got["year"], got["total"]) == ("เทศบาลตำบลพอกน้อย", 2566, 80.0)
    assert result.files[0].sheets[0].layout == "long"


def test_a_long_table_with_the_agency_and_year_written_once_per_block_reads_each_block():
    """The agency and year on the first row of each block, the rest of the block blank (not merged)."""
    rows = [["หน่วยงาน", "ปีงบประมาณ", "ตัวชี้วัด", "คะแนน"]]
    for agency, shift in (("เทศบาลตำบลพอกน้อย", 0), ("เทศบาลตำบลพรรณา", 5)):
        for k, (name, s) in enumerate(zip(NAMES, SEED_SCORES, strict=False), 1):
            rows.append([agency if k == 1 else None, 2565 if k == 1 else "", f"{k}. {name}", min(100, s + shift)])
    result = load_files([("blocks.xlsx", xlsx_bytes({"รายตัวชี้วัด": rows}))])
    assert result.valid.set_index("agency")["total"].to_dict() == {"เทศบาลตำบลพอกน้อย": 80.0, "เทศบาลตำบลพรรณา": 85.0}
    assert set(result.valid["year"]) == {2565}
    assert not result.problems["severity"].isin(["error", "warning"]).any()
    said = problems_of(result, "long_filled_from_above")["message_th"].iloc[0]
    assert said.startswith("ช่องที่เว้นว่างในคอลัมน์ หน่วยงาน, ปีงบประมาณ อ่านตามค่า")


@pytest.mark.parametrize("head", ["หน่วยงาน: {}", "หน่วยงาน {} จังหวัดสกลนคร"])
def test_single_agency_blocks_stacked_down_a_sheet_each_give_their_agency(head):
    """A reviewer's report file: each agency's block under its own 'หน่วยงาน: …' line (and its own title and header
    again), 'ตัวชี้วัดที่ 1 | การปฏิบัติหน้าที่ | 91.32' rows and a 'คะแนนรวม' line. The first block's total line was
    taken for the header and that block lost without a word; the others were one agency's indicators twice."""
    rows: list[list] = []
    for k, agency in enumerate(("เทศบาลตำบลพอกน้อย", "เทศบาลตำบลพรรณา", "องค์การบริหารส่วนตำบลไร่")):
        rows += [[head.format(agency)], ["ผลการประเมิน ITA ปีงบประมาณ 2565"], ["ตัวชี้วัด", None, "คะแนน"]]
        rows += [[f"ตัวชี้วัดที่ {n}", name, s - k] for n, (name, s) in enumerate(zip(NAMES, SEED_SCORES, strict=True), 1)]
        rows += [[None, "คะแนนรวม", 80.00 - k], []]
    result = load_files([("blocks.xlsx", xlsx_bytes({"ITA": rows}))])
    totals = result.valid.set_index("agency")["total"].to_dict()
    assert totals == {"เทศบาลตำบลพอกน้อย": 80.0, "เทศบาลตำบลพรรณา": 79.0, "องค์การบริหารส่วนตำบลไร่": 78.0}
    assert set(result.valid["year"]) == {2565}
    assert not result.problems["severity"].isin(["error", "warning"]).any(), result.problems


def test_one_agencys_indicators_down_the_side_and_years_across_give_a_record_per_year():
    rows = [["หน่วยงาน: เทศบาลตำบลพอกน้อย อำเภอพรรณานิคม จังหวัดสกลนคร"], ["ตัวชี้วัด", "ปี 2563", "ปี 2564", "ปี ๒๕๖๕"]]
    rows += [
        [f"{k}. {name}", s, s + 5, "ไม่ทราบ" if k == 4 else s + 9]
        for k, (name, s) in enumerate(zip(NAMES, SEED_SCORES, strict=True), 1)
    ]
    result = load_files([("phok-noi.xlsx", xlsx_bytes({"ผลรายปี": rows}))])
    totals = result.table.set_index("year")["total"].to_dict()
    assert totals[2563] == 80.0 and totals[2564] == 85.0 and set(totals) == {2563, 2564, 2565}
    assert set(result.valid["agency"]) == {"เทศบาลตำบลพอกน้อย"} and set(result.valid["year"]) == {2563, 2564}
    # 2565's unreadable score is said at its own cell, in its year's column.
    bad = problems_of(result, "not_a_number")
    assert bad[["row", "column"]].values.tolist() == [[6, "D"]]


@pytest.mark.parametrize("head", ["ตัวชี้วัด", "ชื่อหน่วยงาน", None])
def test_indicators_down_the_side_and_agencies_across_give_a_record_per_agency(head):
    """A comparison table as offices make it (the agencies as columns). Before, only the first agency was read, or
    one record named after the file, and the others were lost without a word. With the cell over the labels blank
    (None), the first agency was taken for the labels' heading, and its column's scores given to every other."""
    rows = [["ผลการประเมิน ITA ปีงบประมาณ 2563"], [head, "ทต.พอกน้อย", "อบต.นาหัวบ่อ", "ทต.พรรณา"]]
    rows += [
        [f"{k}. {n}", s, s + 5, "ไม่ทราบ" if k == 4 else s - 5]
        for k, (n, s) in enumerate(zip(NAMES, SEED_SCORES, strict=True), 1)
    ]
    rows += [["คะแนนรวม", 80.00, 85.00, 70.00]]
    result = load_files([("compare.xlsx", xlsx_bytes({"เปรียบเทียบ": rows}))])
    totals = result.valid.set_index("agency")["total"].to_dict()
    assert totals == {"เทศบาลตำบลพอกน้อย": 80.0, "องค์การบริหารส่วนตำบลนาหัวบ่อ": 85.0}
    assert set(result.table["agency"]) == {*totals, "เทศบาลตำบลพรรณา"}  # kept, flagged
    assert problems_of(result, "not_a_number")[["row", "column"]].values.tolist() == [[6, "D"]]
    assert problems_of(result, "total_mismatch").empty  # each column's total is its own agency's
    assert len(problems_of(result, "agencies_across")) == 1


def test_agencies_tables_side_by_side_are_each_read_with_the_name_above_them():
    """'หน่วยงาน: ทต.นาข่า' over 'ตัวชี้วัด | คะแนน', a blank column, the next agency's the same: only the first agency
    was read, the others lost without a word."""
    rows = [["ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2566"], [], [], ["ตัวชี้วัด", "คะแนน", None] * 3]
    for agency in ("ทต.พอกน้อย", "อบต.นาหัวบ่อ", "ทต.พรรณา"):
        rows[2] += [f"หน่วยงาน: {agency}", None, None]
    rows += [[n, s, None, n, min(100, s + 5), None, n, s - 5] for n, s in zip(NAMES, SEED_SCORES, strict=True)]
    rows += [["คะแนนรวม", 80.00, None, "คะแนนรวม", 85.00, None, "คะแนนรวม", 75.00]]
    result = load_files([("compare.xlsx", xlsx_bytes({"Sheet1": rows}))])
    totals = result.valid.set_index("agency")["total"].to_dict()
    assert totals == {"เทศบาลตำบลพอกน้อย": 80.0, "องค์การบริหารส่วนตำบลนาหัวบ่อ": 85.0, "เทศบาลตำบลพรรณา": 75.0}
    assert set(result.valid["year"]) == {2566}
    assert not result.problems["severity"].isin(["error", "warning"]).any(), result.problems
    assert problems_of(result, "side_by_side_tables")["row"].tolist() == [4]


def test_tables_side_by_side_each_take_their_own_year_and_an_average_beside_is_no_agency():
    """A review: 'ปี 2565' over one table and 'ปี 2566' over the next were both filed as 2565 (two conflicting records);
    an agency's table beside 'ค่าเฉลี่ยจังหวัดสกลนคร' became a second record of the agency."""
    title = ["ผลการประเมิน ITA เทศบาลตำบลพอกน้อย ปีงบประมาณ พ.ศ. 2566"]
    body = [[n, s, None, n, min(100, s + 5)] for n, s in zip(NAMES, SEED_SCORES, strict=True)]
    years = [["ผลการประเมิน ITA เทศบาลตำบลพอกน้อย"], [], ["ปี 2565", None, None, "ปี 2566"]]
    years.append(["ตัวชี้วัด", "คะแนน", None, "ตัวชี้วัด", "คะแนน"])
    result = load_files([("phok-noi.xlsx", xlsx_bytes({"Sheet1": years + body}))])
    assert result.valid.set_index("year")["total"].to_dict() == {2565: 80.0, 2566: 85.0}, result.problems
    average = [title, [], ["ผลคะแนนของหน่วยงาน", None, None, "ค่าเฉลี่ยจังหวัดสกลนคร"], years[3]]
    result = load_files([("phok-noi.xlsx", xlsx_bytes({"Sheet1": average + body}))])
    assert result.valid[["agency", "year", "total"]].values.tolist() == [["เทศบาลตำบลพอกน้อย", 2566, 80.0]]
    assert not result.has_errors


def test_a_rank_row_under_agencies_across_is_a_rank_said_once_not_a_header():
    """'ลำดับที่ | 1 | 2 | 4 | 3' under the table: bare numbers 1–10 there were read as a header of indicators (the
    table was lost), then as an unknown indicator said once per agency's column."""
    rows = [["ผลการประเมิน ITA ปีงบประมาณ 2563"], ["ตัวชี้วัด", "ทต.พอกน้อย", "อบต.นาหัวบ่อ", "ทต.พรรณา", "อบต.ไร่"]]
    rows += [[n, s, s + 5, s - 1, s + 1] for n, s in zip(NAMES, SEED_SCORES, strict=True)]
    rows += [["คะแนนรวม", 80.00, 85.00, 79.00, 81.00], ["ลำดับที่", 3, 1, 4, 2]]
    result = load_files([("rank.xlsx", xlsx_bytes({"Sheet1": rows}))])
    assert len(result.valid) == 4 and result.valid["total"].tolist() == [80.0, 85.0, 79.0, 81.0]
    assert problems_of(result, "rank_row")[["row", "column"]].values.tolist() == [[14, "A"]]
    assert not result.problems["severity"].isin(["error", "warning"]).any(), result.problems


@pytest.mark.parametrize("agencies_first", [True, False])
def test_agencies_across_with_their_years_under_them_give_a_record_per_agency_and_year(agencies_first):
    """'ตัวชี้วัด | ทต.พอกน้อย (over 2566 | 2567) | อบต.นาหัวบ่อ (over 2566 | 2567)': before, read as years across,
    the second agency lost and the first named after the sheet."""
    agencies = ["", "ทต.พอกน้อย", "ทต.พอกน้อย", "อบต.นาหัวบ่อ", "อบต.นาหัวบ่อ"]  # as a merge is read
    years = ["", "ปี 2566", "ปี 2567", "ปี 2566", "ปี 2567"]
    heads = [agencies, years] if agencies_first else [years, agencies]
    heads[0][0] = "ตัวชี้วัด"
    rows = [*heads, *([n, s, s + 5, s - 1, s + 1] for n, s in zip(NAMES, SEED_SCORES, strict=True))]
    result = load_files([("compare.xlsx", xlsx_bytes({"เปรียบเทียบ": rows}))])
    got = result.valid.set_index(["agency", "year"])["total"].to_dict()
    assert got == {
        ("เทศบาลตำบลพอกน้อย", 2566): 80.0,
        ("เทศบาลตำบลพอกน้อย", 2567): 85.0,
        ("องค์การบริหารส่วนตำบลนาหัวบ่อ", 2566): 79.0,
        ("องค์การบริหารส่วนตำบลนาหัวบ่อ", 2567): 81.0,
    }
    assert problems_of(result, "agency_from_name").empty and len(problems_of(result, "agencies_across")) == 1


def test_two_years_tables_side_by_side_each_under_its_year_are_both_read():
    """'ปีงบประมาณ พ.ศ. 2565' over the first table's name column, '… 2566' over the second's, a blank column
    between: before, the second table's columns were said to be duplicates and its year lost."""
    head = ["หน่วยงาน", *INDICATOR_HEADERS, "คะแนนรวม"]
    rows = [
        ["ปีงบประมาณ พ.ศ. 2565", *[None] * 12, "ปีงบประมาณ พ.ศ. 2566"],
        [*head, None, *head],
        ["ทต.พอกน้อย", *SEED_SCORES, 80.0, None, "ทต.พอกน้อย", *(s + 5 for s in SEED_SCORES), 85.0],
        ["อบต.นาหัวบ่อ", *SEED_SCORES, 80.0, None, "อบต.นาหัวบ่อ", *(s - 1 for s in SEED_SCORES), 79.0],
    ]
    result = load_files([("two.xlsx", xlsx_bytes({"เปรียบเทียบ": rows}))])
    got = result.valid.set_index(["agency", "year"])["total"].to_dict()
    assert got == {
        ("เทศบาลตำบลพอกน้อย", 2565): 80.0,
        ("องค์การบริหารส่วนตำบลนาหัวบ่อ", 2565): 80.0,
        ("เทศบาลตำบลพอกน้อย", 2566): 85.0,
        ("องค์การบริหารส่วนตำบลนาหัวบ่อ", 2566): 79.0,
    }
    assert not result.problems["severity"].isin(["error", "warning"]).any(), result.problems


@pytest.mark.parametrize(
    "questions",
    [[f"i{k}" for k in range(1, 31)] + [f"e{k}" for k in range(1, 16)], [f"I{k}" for k in range(1, 16)]],
)
def test_a_table_of_survey_questions_is_refused_not_scored_as_indicators(questions):
    """ITAS's answers per question ('i1' … 'i30', 'e1' … 'e15', 'o1' …): its i1 … i10 are questions, not the ten
    indicators. Before, they were scored as indicators and the agencies got invented totals (87.05, ผ่าน) with only a
    hidden note about the other columns."""
    rows = [["ชื่อหน่วยงาน", *questions], ["เทศบาลตำบลพอกน้อย", *[80.0 + k % 7 for k in range(len(questions))]]]
    result = load_files([("itas.xlsx", xlsx_bytes({"ITA 2566": rows}))])
    assert result.valid.empty
    (error,) = problems_of(result, "question_columns").to_dict("records")
    assert error["severity"] == "error" and error["row"] == 1
    assert f"{questions[10]}, {questions[11]}" in error["message_en"] and "ITAS" in error["message_th"]


@pytest.mark.parametrize("codes", [[f"o{k}" for k in range(1, 44)], [f"i{k}" for k in range(1, 31)]])
def test_an_itas_detail_export_is_read_from_its_indicators_named_beside_the_questions(codes):
    """A review: the ITAS detail export, the questions' columns ('i1' … 'i30', 'o1' … 'o43') beside the ten indicators
    headed by their names, was refused whole as a table of questions. The named columns are read; the question
    columns are kept unused, said once."""
    header = ["ชื่อหน่วยงาน", *codes, *INDICATOR_HEADERS, "คะแนนรวม"]
    rows = [header, ["เทศบาลตำบลพอกน้อย", *[50.0 + k % 9 for k in range(len(codes))], *SEED_SCORES, 80.0]]
    result = load_files([("itas.xlsx", xlsx_bytes({"ITA 2563": rows}))])
    assert [result.valid.iloc[0][f"i{k}"] for k in range(1, 11)] == SEED_SCORES
    assert problems_of(result, "question_columns").empty
    (note,) = problems_of(result, "question_columns_unused").to_dict("records")
    assert f"{codes[0]}, {codes[1]}" in note["message_en"] and note["severity"] == "info"


def test_a_pivot_tables_province_rows_are_subtotals_and_give_their_agencies_the_province():
    """A pivot table in compact form: 'สกลนคร' with the province's averages over its indented agencies. A person
    reads two provinces' subtotals; before, they were two more agencies ('สกลนคร' 85.31 ผ่าน) without a word."""
    scores = [*SEED_SCORES]
    rows = [
        ["ป้ายชื่อแถว", *[f"ค่าเฉลี่ย ของ {h}" for h in INDICATOR_HEADERS]],
        ["สกลนคร", *scores],
        ["    เทศบาลตำบลพอกน้อย", *scores],
        ["นครพนม", *scores],
        ["    เทศบาลตำบลนาหว้า", *scores],
        ["    องค์การบริหารส่วนตำบลท่าค้อ", *scores],
        ["ผลรวมทั้งหมด", *scores],
    ]
    result = load_files([("pivot.xlsx", xlsx_bytes({"ITA 2566": rows}))])
    assert list(zip(result.valid["agency"], result.valid["province"], strict=True)) == [
        ("เทศบาลตำบลพอกน้อย", "สกลนคร"),
        ("เทศบาลตำบลนาหว้า", "นครพนม"),
        ("องค์การบริหารส่วนตำบลท่าค้อ", "นครพนม"),
    ]
    assert sorted(problems_of(result, "summary_row")["row"]) == [2, 4, 7]
    # Names that are all provinces are the table's agencies (each province's office), and stay.
    offices = [["หน่วยงาน", *INDICATOR_HEADERS], ["จังหวัดสกลนคร", *scores], ["จังหวัดนครพนม", *scores]]
    assert len(load_files([("p.xlsx", xlsx_bytes({"ITA 2566": offices}))]).valid) == 2


def test_a_summary_sheet_of_yearly_averages_is_skipped_with_a_note_not_refused():
    """A workbook of a sheet per year and 'สรุป': 'ปีงบประมาณ | ตัวชี้วัดที่ 1 …' with a row per year. Before, the
    summary was an error ('Add a column headed ชื่อหน่วยงาน') and `check` failed a good file."""
    year = [["ชื่อหน่วยงาน", *INDICATOR_HEADERS], ["เทศบาลตำบลพอกน้อย", *SEED_SCORES]]
    summary = [["สรุปคะแนนเฉลี่ยรายปี"], ["ปีงบประมาณ", *INDICATOR_HEADERS], [2565, *SEED_SCORES], [2566, *SEED_SCORES]]
    result = load_files([("x.xlsx", xlsx_bytes({"2565": year, "2566": year, "สรุป": summary}))])
    assert len(result.valid) == 2 and not result.has_errors
    assert problems_of(result, "summary_sheet")[["sheet", "severity"]].values.tolist() == [["สรุป", "info"]]
    # Rows named otherwise under such a title may be agencies whose column lost its heading: still said.
    lost = [["สรุปผลการประเมิน ITA"], ["", *INDICATOR_HEADERS], ["เทศบาลตำบลพอกน้อย", *SEED_SCORES]]
    result = load_files([("y.xlsx", xlsx_bytes({"ITA 2566": lost}))])
    assert problems_of(result, "summary_sheet").empty and result.has_errors


def test_a_table_of_each_types_average_is_refused_as_groups_not_told_to_add_an_agency_column():
    rows = [["ผลการประเมิน ITA ปี 2566 จำแนกตามประเภทหน่วยงาน"], ["ประเภทหน่วยงาน", "จำนวน", *INDICATOR_HEADERS]]
    rows += [["เทศบาลนคร", 30, *SEED_SCORES], ["เทศบาลตำบล", 2247, *SEED_SCORES]]
    result = load_files([("types.xlsx", xlsx_bytes({"รายประเภท": rows}))])
    assert result.valid.empty and problems_of(result, "agency_column_missing").empty
    said = problems_of(result, "group_rows")
    assert said[["severity", "column"]].values.tolist() == [["error", "A"]]
    assert '"ประเภทหน่วยงาน" (เช่น "เทศบาลนคร")' in said["message_th"].iloc[0]


@pytest.mark.parametrize(
    ("above", "heads"),
    [
        (["หน่วยงาน: เทศบาลตำบลพอกน้อย"], ["ตัวชี้วัด", "เทศบาลตำบลพอกน้อย", "ค่าเฉลี่ยจังหวัด"]),
        (["หน่วยงาน: เทศบาลตำบลพอกน้อย"], ["ตัวชี้วัด", "ผลคะแนนของหน่วยงาน", "ค่าเฉลี่ยทั้งประเทศ"]),
        ([], ["ตัวชี้วัด", "เทศบาลตำบลพอกน้อย", "ค่าเฉลี่ยจังหวัด"]),
    ],
)
def test_one_agencys_sheet_with_a_comparison_column_is_that_agencys_result(above, heads):
    """A column of averages beside the agency's own is no second agency (found in review: both were read as the
    agency and dropped as a conflict, or the average became an agency)."""
    rows = [["ผลการประเมิน ITA ปี 2563"], above, heads]
    rows += [[n, s, 85.0] for n, s in zip(NAMES, SEED_SCORES, strict=True)]
    result = load_files([("one.xlsx", xlsx_bytes({"Sheet1": rows}))])
    assert result.table["agency"].tolist() == ["เทศบาลตำบลพอกน้อย"] and result.valid["total"].tolist() == [80.0]


def test_a_single_agency_whose_place_is_written_across_is_one_agency():
    rows = [["หน่วยงาน", "เทศบาลตำบลพอกน้อย", "อำเภอพรรณานิคม", "จังหวัดสกลนคร"]]
    rows += [[f"{k}. {n}", s] for k, (n, s) in enumerate(zip(NAMES, SEED_SCORES, strict=True), 1)]
    result = load_files([("one.xlsx", xlsx_bytes({"ITA 2563": rows}))])
    assert result.valid["agency"].tolist() == ["เทศบาลตำบลพอกน้อย"] and problems_of(result, "agencies_across").empty


def test_single_agency_sheet_without_a_header_row():
    rows = [["ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. ๒๕๖๓"], ["หน่วยงาน: เทศบาลตำบลพอกน้อย"], ["จังหวัด", "สกลนคร"], []]
    rows += [[name, "", f"{s:.2f}"] for name, s in zip(NAMES, SEED_SCORES, strict=False)]
    rows += [["คะแนนรวม", "", "80.00"], ["ระดับ", "", "B"]]
    result = load_files([("agency.xlsx", xlsx_bytes({"Sheet1": rows}))])
    got = only_row(result)
    assert (got["agency"], got["province"], got["year"], got["total"], got["grade"]) == (
        "เทศบาลตำบลพอกน้อย",
        "สกลนคร",
        2563,
        80.0,
        "B",
    )
    assert result.files[0].sheets[0].layout == "single"
    assert not (result.problems["severity"] == "error").any()


def test_the_seed_single_agency_sample():
    got = only_row(load_paths([DATA.parent.parent / "sample_data" / "phok-noi-2563.xlsx"]))
    assert (got["agency"], got["year"], got["total"], got["grade"], got["passed"]) == (
        "เทศบาลตำบลพอกน้อย",
        2563,
        80.0,
        "B",
        False,
    )


def test_one_sheet_per_year_and_a_year_column_in_one_workbook():
    data = xlsx_bytes(
        {
            "ITA 2562": wide(["หน่วยงาน ก", *SEED_SCORES]),
            "ITA 2563": wide(["หน่วยงาน ก", *[s + 5 for s in SEED_SCORES]]),
            "รวมหลายปี": [
                ["ชื่อหน่วยงาน", "ปีงบประมาณ", *INDICATOR_HEADERS],
                ["หน่วยงาน ข", 2566, *SEED_SCORES],
                ["หน่วยงาน ข", "๒๕๖๗", *[90.0] * 10],
            ],
        }
    )
    result = load_files([("many.xlsx", data)])
    got = result.valid.set_index(["agency", "year"])["grade"].to_dict()
    assert got == {
        ("หน่วยงาน ก", 2562): "B",
        ("หน่วยงาน ก", 2563): "A",
        ("หน่วยงาน ข", 2566): "ต้องปรับปรุง",
        ("หน่วยงาน ข", 2567): "ผ่านดี",
    }
    assert result.frameworks_used() == {2562: "ITA-2562", 2563: "ITA-2563", 2566: "ITA-2566", 2567: "ITA-2567"}


@pytest.mark.parametrize("path", ["formats-2564.xls", "formats-2564.ods", "formats-2564.fods"])
def test_xls_and_ods(path):
    result = load_paths([DATA / path])
    got = result.valid.set_index("agency")
    assert got.loc["หน่วยงาน ข", "i1"] == 80.5  # Thai digits typed as text
    assert got.loc["หน่วยงาน ค", "i9"] == 95.5  # a number stored as text
    assert list(got["year"].unique()) == [2564]
    assert not (result.problems["severity"] == "error").any()


# ----------------------------------------------------------------------------- CSV encodings


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp874", "tis-620", "utf-16"])
def test_csv_encodings_are_detected(encoding):
    text = "ชื่อหน่วยงาน,จังหวัด," + ",".join(INDICATOR_HEADERS) + "\n"
    text += "เทศบาลตำบลพอกน้อย,สกลนคร," + ",".join(f"{s:.2f}" for s in SEED_SCORES) + "\n"
    result = load_files([("ita_2563.csv", text.encode(encoding))])
    got = only_row(result)
    assert (got["agency"], got["province"], got["total"]) == ("เทศบาลตำบลพอกน้อย", "สกลนคร", 80.0)
    assert not problems_of(result, "csv_undecodable").shape[0]


def test_csv_with_semicolons_and_thai_digits():
    text = (
        "หน่วยงาน;ปี;"
        + ";".join(INDICATOR_HEADERS)
        + "\n"
        + "ก;๒๕๖๓;"
        + ";".join(f"{s:.2f}".translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")) for s in SEED_SCORES)
    )
    assert only_row(load_files([("x.csv", text.encode("cp874"))]))["total"] == 80.0


# ----------------------------------------------------------------------------- years


@pytest.mark.parametrize(
    "sheet,title,file,column,expected,source",
    [
        ("ITA 2563", None, "ita.xlsx", None, 2563, "sheet"),
        ("Sheet1", "ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2564", "ita.xlsx", None, 2564, "title"),
        ("Sheet1", None, "ita_results_2565.xlsx", None, 2565, "file"),
        ("Sheet1", None, "report-2020.xlsx", None, 2563, "file"),  # C.E. → B.E.
        ("ITA 2562", "พ.ศ. 2564", "x_2565.xlsx", 2566, 2566, "column"),  # column first
        ("ITA 2562", "พ.ศ. 2564", "x_2565.xlsx", None, 2562, "sheet"),  # then the sheet name
        ("Sheet1", "พ.ศ. 2564", "x_2565.xlsx", None, 2564, "title"),  # then a title row
        ("FY2021", None, "x.xlsx", None, 2564, "sheet"),
        # A B.E. year written in two digits, as offices write it: after a word that says a year is coming.
        ("ITA67", None, "x.xlsx", None, 2567, "sheet"),
        ("Sheet1", "ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. ๖๖", "x.xlsx", None, 2566, "title"),
        ("Sheet1", None, "ผล ITA ปี 65.xlsx", None, 2565, "file"),
        ("Sheet1", None, "x.xlsx", "ปี 64", 2564, "column"),
    ],
)
def test_the_year_comes_from_column_sheet_title_file_in_that_order(sheet, title, file, column, expected, source):
    header = ["ชื่อหน่วยงาน", *INDICATOR_HEADERS] + (["ปีงบประมาณ"] if column else [])
    row = ["หน่วยงาน ก", *SEED_SCORES] + ([column] if column else [])
    result = load_files([(file, xlsx_bytes({sheet: wide(row, header=header, title=title)}))])
    assert only_row(result)["year"] == expected
    assert result.files[0].sheets[0].year_source == source


def test_ce_years_in_a_column_become_be_and_are_noted():
    result = load_files(
        [("x.xlsx", xlsx_bytes({"data": [["ชื่อหน่วยงาน", "Year", *INDICATOR_HEADERS], ["ก", 2020, *SEED_SCORES]]}))]
    )
    assert only_row(result)["year"] == 2563
    assert "2020" in problems_of(result, "ce_year")["message_en"].iloc[0]


def test_a_sheet_name_and_a_title_naming_different_years_are_said():
    """A sheet copied from last year's keeps its name ("ITA 2566 (2)") while its title says the new year."""
    sheet = wide(["หน่วยงาน ก", *SEED_SCORES], title="ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. ๒๕๖๗")
    result = load_files([("x.xlsx", xlsx_bytes({"ITA 2566 (2)": sheet}))])
    assert only_row(result)["year"] == 2566  # the documented order: the sheet name first
    said = problems_of(result, "year_sheet_and_title_differ").iloc[0]
    assert said["severity"] == "warning" and "ปี 2566" in said["message_th"] and "ปี 2567" in said["message_th"]


def test_two_digit_years_in_a_column_are_be_and_are_noted_but_not_a_range_or_a_count():
    rows = [["ชื่อหน่วยงาน", "ปีงบประมาณ", *INDICATOR_HEADERS], ["ก", 67, *SEED_SCORES], ["ข", "๖๖", *SEED_SCORES]]
    result = load_files([("x.xlsx", xlsx_bytes({"data": rows}))])
    assert result.valid["year"].tolist() == [2567, 2566]
    assert sorted(problems_of(result, "short_year")["message_th"]) == ["ปี 66 อ่านเป็น พ.ศ. 2566", "ปี 67 อ่านเป็น พ.ศ. 2567"]
    # "ปี 66-68" names no one year, and 12 is no year: each is an error at its cell, the file's name says nothing.
    rows = [["ชื่อหน่วยงาน", "ปีงบประมาณ", *INDICATOR_HEADERS], ["ก", "ปี 66-68", *SEED_SCORES], ["ข", 12, *SEED_SCORES]]
    result = load_files([("x.xlsx", xlsx_bytes({"data": rows}))])
    assert result.valid.empty
    assert problems_of(result, "bad_year")[["row", "column"]].values.tolist() == [[2, "B"], [3, "B"]]


def test_no_year_anywhere_asks_for_one_and_year_option_supplies_it():
    data = xlsx_bytes({"Sheet1": wide(["หน่วยงาน ก", *SEED_SCORES])})
    result = load_files([("scores.xlsx", data)])
    assert result.valid.empty and len(result.table) == 1  # kept, not lost
    assert problems_of(result, "no_year")["severity"].tolist() == ["error"]
    assert only_row(load_files([("scores.xlsx", data)], year=2563))["total"] == 80.0


def test_a_bad_year_cell_is_an_error_for_that_row_only():
    data = xlsx_bytes(
        {"d": [["ชื่อหน่วยงาน", "ปีงบประมาณ", *INDICATOR_HEADERS], ["ก", "ปีหน้า", *SEED_SCORES], ["ข", 2563, *SEED_SCORES]]}
    )
    result = load_files([("x.xlsx", data)])
    assert result.valid["agency"].tolist() == ["ข"]
    bad = problems_of(result, "bad_year").iloc[0]
    assert (bad["row"], bad["column"], bad["severity"]) == (2, "B", "error")


# ----------------------------------------------------------------------------- cells


def test_every_bad_cell_is_reported_and_only_its_row_is_dropped():
    rows = wide(
        ["ดี", *SEED_SCORES],
        ["ไม่ใช่ตัวเลข", "ดีมาก", *SEED_SCORES[1:]],
        ["เกินช่วง", 120, *SEED_SCORES[1:8], -5, SEED_SCORES[9]],
        ["ว่าง", *SEED_SCORES[:6], "-", *SEED_SCORES[7:]],
        ["", *SEED_SCORES],
        ["ดีอีก", *[str(s) for s in SEED_SCORES]],
    )
    result = load_files([("bad.xlsx", xlsx_bytes({"ITA 2563": rows}))])
    assert sorted(result.valid["agency"]) == ["ดี", "ดีอีก"]
    cells = (
        result.problems.loc[result.problems["severity"] == "error", ["row", "column", "code"]]
        .astype(str)
        .values.tolist()
    )
    assert ["3", "B", "not_a_number"] in cells
    assert ["4", "B", "out_of_range"] in cells and ["4", "J", "out_of_range"] in cells  # both, not only the first
    assert ["5", "H", "missing_score"] in cells
    assert ["6", "A", "agency_missing"] in cells
    assert len(result.table) == 6  # the bad rows are kept, flagged, for the user to see
    messages = problems_of(result, "not_a_number").iloc[0]
    assert "ดีมาก" in messages["message_th"] and "ดีมาก" in messages["message_en"]


@pytest.mark.parametrize(
    "cell",
    ["77.51\u200b", "\u200b77.51", '="77.51"', "'77.51", "๗๗.๕๑ คะแนน", "77.51คะแนน", "คะแนน 77.51", "77.51 "]
    + ["ร้อยละ 77.51", "77.51/100", "77.51 จาก 100", "77.51 เต็ม 100 คะแนน", "77.51 ค.", "๗๗.๕๑ค."],  # were errors
)
def test_a_score_written_as_a_person_reads_it_is_read_without_a_word(cell):
    """Copy-paste and Excel put invisible characters, ="…" or an apostrophe around numbers (a web system's CSV
    export writes ="77.51" to keep Excel from changing it); people add the unit."""
    row = ["ก", *SEED_SCORES[:6], cell, *SEED_SCORES[7:]]
    text = io.StringIO()
    csv.writer(text).writerows(wide(row))
    result = load_files([("ita-2563.csv", text.getvalue().encode("utf-8"))])
    assert only_row(result)["i7"] == 77.51
    assert result.problems.empty or not result.problems["severity"].isin(["error", "warning"]).any()


@pytest.mark.parametrize(
    "cell", ["77.51*", "77.51 **", "77.51†", "77.51(1)", "77.51 (10)"]
)  # a rank of 10: was an error
def test_a_score_with_a_footnote_mark_is_read_and_the_mark_is_said_at_its_cell(cell):
    result = load_files([("x.xlsx", xlsx_bytes({"ITA 2563": wide(["ก", *SEED_SCORES[:6], cell, *SEED_SCORES[7:]])}))])
    assert only_row(result)["i7"] == 77.51
    said = problems_of(result, "number_with_mark").iloc[0]
    assert (said["severity"], said["row"], said["column"]) == ("warning", 2, "H")
    assert said["message_th"].startswith(f'อ่าน "{cell.strip()}" เป็นคะแนนโดยไม่นับเครื่องหมายหรือข้อความท้ายตัวเลข')


@pytest.mark.parametrize(
    ("cell", "read"),
    [("7l.85", 71.85), ("7I.85", 71.85), ("8O.00", 80.0), ("O.5", 0.5), ("7S.14", 75.14), ("B8.36", 88.36)],
)
def test_letters_a_scan_put_for_digits_are_read_as_those_digits_and_said(cell, read):
    """Text recognition of a scanned table writes l or I for 1 and O for 0 ('9l.25'): a person reads 91.25. Each
    such cell was an error that dropped its agency; it is now read, with a warning at its cell. In a long table too."""
    result = load_files([("x.xlsx", xlsx_bytes({"ITA 2563": wide(["ก", *SEED_SCORES[:7], cell, *SEED_SCORES[8:]])}))])
    assert only_row(result)["i8"] == read
    said = problems_of(result, "letters_as_digits").iloc[0]
    assert (said["severity"], said["row"], said["column"]) == ("warning", 2, "I")
    assert said["message_en"].startswith(f'Read "{cell}" as a score, taking the letters that look like digits')
    long = [["หน่วยงาน", "ปี", "ตัวชี้วัด", "คะแนน"]] + [["ก", 2563, k, v] for k, v in enumerate(SEED_SCORES, 1)]
    long[8][3] = cell
    result = load_files([("long.xlsx", xlsx_bytes({"data": long}))])
    assert only_row(result)["i8"] == read and len(problems_of(result, "letters_as_digits")) == 1


@pytest.mark.parametrize("cell", ["77.51 ▲", "↓77.51", "77.51🔺", "77.51 (-4.19)", "77.51 (▼2.11)", "77.51 (+0.09)"])
def test_a_trend_beside_a_score_is_read_past_with_a_note(cell):
    """A dashboard's arrow or the change since last year beside each score ('88.51 (-4.19)'): every row was refused,
    each such cell "not a number". The number is the score; the trend is said in a note at its cell."""
    result = load_files([("x.xlsx", xlsx_bytes({"ITA 2563": wide(["ก", *SEED_SCORES[:6], cell, *SEED_SCORES[7:]])}))])
    assert only_row(result)["i7"] == 77.51
    said = problems_of(result, "number_with_trend")
    assert said[["severity", "row", "column"]].values.tolist() == [["info", 2, "H"]]


@pytest.mark.parametrize(
    "cell",
    ["OIO", "l", "7l.8.5", "ISO 9001", "SB", "B5 ดี", "▲", "77.51 (4.19", "(-4.19)", "84.99 B", "80.00B", "9 l.25"],
)  # a grade after a score ('84.99 B') was read as 84.998, and graded a band up
def test_letters_alone_or_words_with_digits_are_no_score(cell):
    result = load_files([("x.xlsx", xlsx_bytes({"ITA 2563": wide(["ก", *SEED_SCORES[:7], cell, *SEED_SCORES[8:]])}))])
    assert result.valid.empty and len(problems_of(result, "not_a_number")) == 1


@pytest.mark.parametrize(
    ("total", "grade_column"),
    [("96.00 (ผ่านดีเยี่ยม)", False), ("75.00 [ต้องปรับปรุง]", False), ("96.00 (ผ่านดีเยี่ยม)", True), ("96.00 ผ่านดีเยี่ยม", False)],
)
def test_a_grade_in_brackets_after_the_total_is_the_files_grade_not_a_footnote(total, grade_column):
    """'96.00 (ผ่านดีเยี่ยม)' in the total's column: the total and its grade, checked as the file's; it was said as a
    footnote mark to check, and the grade was not checked. A wrong one is said as any file's grade is."""
    score = float(total[:5])
    header = ["ชื่อหน่วยงาน", *INDICATOR_HEADERS, "คะแนนรวม", *(["ผลการประเมิน"] if grade_column else [])]
    wrong = total.replace("ผ่านดีเยี่ยม", "ผ่าน").replace("ต้องปรับปรุง", "ผ่านดี")
    rows = [header, ["ก", *[score] * 10, total, *([""] if grade_column else [])], ["ข", *[score] * 10, wrong]]
    result = load_files([("x.xlsx", xlsx_bytes({"ITA 2567": rows}))])
    assert len(result.valid) == 2
    assert {"number_with_mark", "total_mismatch"}.isdisjoint(result.problems["code"])
    said = problems_of(result, "total_with_grade")
    assert said["row"].tolist() == [2, 3] and said["column"].tolist() == ["L", "L"]
    assert problems_of(result, "grade_mismatch")["row"].tolist() == [3]


@pytest.mark.parametrize("cell", ["77.51 บาท", "*", "ประมาณ 77", "77.5.1", "77..5", "25.5/30", "77.51 จาก 90"])
def test_text_that_only_looks_like_a_score_is_still_an_error(cell):
    result = load_files([("x.xlsx", xlsx_bytes({"ITA 2563": wide(["ก", *SEED_SCORES[:6], cell, *SEED_SCORES[7:]])}))])
    assert result.valid.empty
    assert problems_of(result, "not_a_number")[["row", "column"]].values.tolist() == [[2, "H"]]


def test_missing_indicator_column_is_one_clear_error():
    header = ["ชื่อหน่วยงาน", *[h for h in INDICATOR_HEADERS if h != "ตัวชี้วัดที่ 7"]]
    data = xlsx_bytes({"ITA 2563": [header, ["ก", *SEED_SCORES[:6], *SEED_SCORES[7:]]]})
    result = load_files([("x.xlsx", data)])
    problem = problems_of(result, "missing_indicator_column")
    assert len(problem) == 1 and "ประสิทธิภาพการสื่อสาร" in problem["message_th"].iloc[0]
    assert problem["row"].iloc[0] == 1 and result.valid.empty


def test_a_missing_indicator_names_the_headers_that_were_not_recognised():
    header = ["ชื่อหน่วยงาน", *INDICATOR_HEADERS]
    header[2], header[3] = "ตชว.2", "คะแนนข้อ 3"  # the abbreviation is known; the other is not
    result = load_files([("x.xlsx", xlsx_bytes({"ITA 2563": [header, ["ก", *SEED_SCORES]]}))])
    (said,) = problems_of(result, "missing_indicator_column_unknown")["message_th"]
    assert said.startswith("ไม่พบคอลัมน์ของตัวชี้วัดที่ 3 (") and 'หัวตารางที่อ่านไม่ออก: D1 "คะแนนข้อ 3"' in said
    assert 'ให้แก้หัวตารางเป็น "ตัวชี้วัดที่ 3"' in said and "ตชว" not in said
    # A rank's column is never offered as the missing indicator (a reviewer was told to rename 'ลำดับ')
    ranked = load_files([("x.xlsx", xlsx_bytes({"ITA 2563": [["ลำดับ", *header], [1, "ก", *SEED_SCORES]]}))])
    (said,) = problems_of(ranked, "missing_indicator_column_unknown")["message_th"]
    assert "ลำดับ" not in said and "คะแนนข้อ 3" in said


def test_columns_whose_headers_are_not_recognised_are_kept_and_named():
    """'คะแนน ITA ปี 2566' beside the indicators: a person sees a total; the importer does not know the header."""
    rows = [["ชื่อหน่วยงาน", *INDICATOR_HEADERS, "คะแนน ITA ปี 2565", "หมายเหตุ"], ["ก", *SEED_SCORES, 70.0, "ตรวจแล้ว"]]
    result = load_files([("x.xlsx", xlsx_bytes({"ITA 2566": rows}))])
    (said,) = problems_of(result, "columns_kept_unused")[["severity", "row", "message_th"]].values.tolist()
    assert said[:2] == ["info", 1] and 'L1 "คะแนน ITA ปี 2565", M1 "หมายเหตุ"' in said[2]
    assert only_row(result)["extra"] == {"คะแนน ITA ปี 2565": 70.0, "หมายเหตุ": "ตรวจแล้ว"}  # nothing lost


def test_summary_and_heading_rows_are_skipped_with_a_note():
    rows = wide(["หมายเหตุ: คะแนนเบื้องต้น"], ["ก", *SEED_SCORES], ["ค่าเฉลี่ย", *SEED_SCORES])
    rows += [["ข"], ["ค", *SEED_SCORES], ["ผู้จัดทำ: นางสาวยุวดี ใจดี"], ["ข้อมูล ณ วันที่ 1 พ.ย. 2563"], ["อบต.นาแก"]]
    result = load_files([("x.xlsx", xlsx_bytes({"ITA 2563": rows}))])
    assert result.valid["agency"].tolist() == ["ก", "ค"]
    assert set(result.problems["code"]) >= {"summary_row", "row_without_scores"}
    assert not (result.problems["severity"] == "error").any()
    # An agency without scores among the others is a warning; the lines below the table (who prepared it) are notes.
    # An agency's name below the last scores (no scores yet) is still a warning (found in review).
    assert problems_of(result, "row_without_scores")["row"].tolist() == [2, 5, 9]
    assert problems_of(result, "row_below_table")[["severity", "row"]].values.tolist() == [["info", 7], ["info", 8]]
    # A sheet where no row has a score has no table to be below: its named rows are warnings.
    result = load_files([("x.xlsx", xlsx_bytes({"ITA 2563": wide(["ก", *["-"] * 10])}))])
    assert (
        problems_of(result, "row_without_scores")["row"].tolist() == [2]
        and problems_of(result, "row_below_table").empty
    )


def test_a_group_heading_gives_its_type_to_the_agencies_under_it():
    rows = wide(
        ["กลุ่มเทศบาลตำบล"],
        ["พอกน้อย", *SEED_SCORES],
        ["องค์การบริหารส่วนตำบล"],
        ["บ้านดง", *SEED_SCORES],
        ["เทศบาลเมืองสกลนคร", *SEED_SCORES],  # its name says its own type
    )
    result = load_files([("x.xlsx", xlsx_bytes({"ITA 2563": rows}))])
    types = result.valid.set_index("agency")["agency_type"].to_dict()
    # ... and the name as a person reads it under that heading: the type's name before it.
    assert types == {
        "เทศบาลตำบลพอกน้อย": "เทศบาลตำบล",
        "องค์การบริหารส่วนตำบลบ้านดง": "องค์การบริหารส่วนตำบล",
        "เทศบาลเมืองสกลนคร": "เทศบาลเมือง",
    }
    headings = problems_of(result, "group_heading")
    assert headings[["severity", "row"]].values.tolist() == [["info", 2], ["info", 4]]
    assert "row_without_scores" not in set(result.problems["code"])


# ----------------------------------------------------------------------------- reported values


@pytest.mark.parametrize(
    "heads,values,scale",
    [
        (["IIT", "EIT", "OIT"], [79.17, 75.80, 83.78], "mean"),
        (["IIT", "EIT", "OIT"], [23.75, 22.74, 33.51], "points"),  # recognised from the values
        (["IIT (30)", "EIT (30)", "OIT (40)"], [23.75, 22.74, 33.51], "points"),
        (["คะแนน IIT", "คะแนน EIT", "คะแนน OIT"], [23.75, 22.74, 33.51], "points"),
        # The weight in the header over means, which no points can be: were 'converted' with three false warnings.
        (["IIT (30)", "EIT (30)", "OIT (40)"], [79.17, 75.80, 83.78], "mean"),
    ],
)
def test_tool_columns_on_either_scale_are_recognised(heads, values, scale):
    data = xlsx_bytes(
        {
            "ITA 2563": [
                ["ชื่อหน่วยงาน", *INDICATOR_HEADERS, *heads, "คะแนนรวม", "ระดับ"],
                ["ก", *SEED_SCORES, *values, 80.00, "B"],
            ]
        }
    )
    result = load_files([("x.xlsx", data)])
    assert only_row(result)["iit"] == 79.17
    assert not (result.problems["severity"] != "info").any(), result.problems
    assert (len(problems_of(result, "tool_scale_points")) == 3) == (scale == "points")


def test_reported_total_tool_and_grade_that_disagree_are_warnings_naming_both_values():
    data = xlsx_bytes(
        {
            "ITA 2563": [
                ["ชื่อหน่วยงาน", *INDICATOR_HEADERS, "IIT", "คะแนน ITA", "ระดับผลการประเมิน"],
                ["ก", *SEED_SCORES, 81.00, 81.50, "A"],
            ]
        }
    )
    result = load_files([("x.xlsx", data)])
    assert only_row(result)["total"] == 80.0  # the computed values are used; the row still loads
    total = problems_of(result, "total_mismatch").iloc[0]
    assert "81.5" in total["message_en"] and "80.00" in total["message_en"] and total["column"] == "M"
    tool = problems_of(result, "tool_mismatch").iloc[0]
    assert "81" in tool["message_th"] and "79.17" in tool["message_th"]
    grade = problems_of(result, "grade_mismatch").iloc[0]
    assert '"A"' in grade["message_en"] and '"B"' in grade["message_en"]
    assert set(result.problems.loc[result.problems["code"].str.endswith("mismatch"), "severity"]) == {"warning"}


def test_a_published_total_a_rounding_step_from_ours_is_the_official_one():
    """Published totals come from unrounded indicators: 85.00 published where the two-decimal indicators give 84.99
    is the official figure, shown and graded as published, with no warning; 85.02 is a mismatch (issue 10)."""
    data = xlsx_bytes(
        {
            "ITA 2563": [
                ["ชื่อหน่วยงาน", *INDICATOR_HEADERS, "คะแนน ITA", "ระดับผลการประเมิน"],
                ["ก", *[84.99] * 10, 85.00, "A"],
                ["ข", *[84.99] * 10, 85.02, "A"],
            ]
        }
    )
    result = load_files([("x.xlsx", data)])
    rows = result.valid.set_index("agency")
    assert rows.at["ก", "total"] == 85.00 and rows.at["ก", "grade_code"] == "A"
    assert rows.at["ข", "total"] == 84.99 and rows.at["ข", "grade_code"] == "B"
    warned = result.problems.loc[result.problems["severity"] == "warning"]
    assert list(warned["row"]) == [3, 3] and set(warned["code"]) == {"total_mismatch", "grade_mismatch"}
    # Used, and said in a note at its cell: it moves ก from B to A.
    said = problems_of(result, "total_published_used")
    assert said[["row", "column"]].values.tolist() == [[2, "L"]] and "85.00" in said["message_en"].iloc[0]


def test_a_published_tool_mean_a_rounding_step_from_ours_decides_the_floor():
    scores = [84.99] * 5 + [99.0] * 5  # IIT 84.99 by our count: under the 85 floor of ผ่านดี
    data = xlsx_bytes(
        {"ITA 2566": [["ชื่อหน่วยงาน", *INDICATOR_HEADERS, "IIT", "ผลการประเมิน"], ["ก", *scores, 85.00, "ผ่านดี"]]}
    )
    result = load_files([("x.xlsx", data)])
    row = only_row(result)
    assert row["iit"] == 85.00 and row["grade"] == "ผ่านดี"
    assert not (result.problems["severity"] == "warning").any(), result.problems


def test_published_tool_points_are_checked_but_never_read_back_as_a_mean_over_a_floor():
    # EIT 84.99 from its indicators; its points 0.3 × 84.99 = 25.497 are published as 25.50, which read back as a
    # mean would be 85.00 ± 0.017: the indicators' 84.99 is the finer figure, and the file's own label agrees.
    scores = [90.0] * 5 + [84.99] * 3 + [95.0] * 2
    header = ["ชื่อหน่วยงาน", *INDICATOR_HEADERS, "IIT", "EIT", "OIT", "ผลการประเมิน"]
    data = xlsx_bytes({"ITA 2566": [header, ["ก", *scores, 27.00, 25.50, 38.00, "ผ่าน"]]})
    result = load_files([("x.xlsx", data)])
    row = only_row(result)
    assert row["eit"] == 84.99 and row["grade"] == "ผ่าน"
    assert len(problems_of(result, "tool_scale_points")) == 3
    assert not (result.problems["severity"] == "warning").any(), result.problems


def test_a_2566_label_in_the_file_is_checked_against_the_floors():
    scores = [99.0] * 5 + [84.0] * 3 + [99.2, 99.5]
    data = xlsx_bytes({"ITA 2566": [["ชื่อหน่วยงาน", *INDICATOR_HEADERS, "ผลการประเมิน"], ["ก", *scores, "ผ่านดี"]]})
    result = load_files([("x.xlsx", data)])
    assert only_row(result)["grade"] == "ผ่าน"
    assert "ผ่านดี" in problems_of(result, "grade_mismatch")["message_th"].iloc[0]


def test_a_published_label_across_the_unconfirmed_70_is_used_and_said_but_not_across_a_confirmed_cut_off():
    from ita.analysis.agency import AgencyYear

    header = ["ชื่อหน่วยงาน", *INDICATOR_HEADERS, "ผลการประเมิน"]
    rows = [header, ["ก", *[75.0] * 10, "ต้องปรับปรุงโดยด่วน"], ["ข", *[75.0] * 10, "ผ่าน"]]
    result = load_files([("x.xlsx", xlsx_bytes({"ITA 2567": rows}))])
    got = result.valid.set_index("agency")
    # ITA-DOMAIN.md section 2: no source confirms the 70 between the two lowest labels; the file's label is evidence.
    assert got.loc["ก", ["grade", "grade_code", "passed"]].tolist() == ["ต้องปรับปรุงโดยด่วน", "urgent", False]
    said = problems_of(result, "grade_published_used")
    assert said[["row", "severity"]].values.tolist() == [[2, "warning"]] and "75.00" in said["message_th"].iloc[0]
    # 85 is confirmed: a 75.00 published as ผ่าน stays ต้องปรับปรุง, with the mismatch said.
    assert got.loc["ข", "grade"] == "ต้องปรับปรุง" and problems_of(result, "grade_mismatch")["row"].tolist() == [3]
    # Every view of the agency built from the table grades it as the table does.
    assert AgencyYear.from_row(result.valid.iloc[0]).score.grade.code == "urgent"


# ----------------------------------------------------------------------------- duplicates


def test_identical_duplicates_merge_and_conflicts_are_errors():
    """An exact repeat within a file (a row copied twice) is a warning; across two files (a province's file and the
    agency's own, as the bundled samples are) it is nothing amiss, so a note: a fresh install showed a warning."""
    a = xlsx_bytes({"ITA 2563": wide(["ก", *SEED_SCORES], ["ข", *SEED_SCORES])})
    b = xlsx_bytes({"ITA 2563": wide(["ก", *SEED_SCORES], ["ข", *[s + 1 for s in SEED_SCORES]])})
    result = load_files([("a.xlsx", a), ("b.xlsx", b)])
    assert result.valid["agency"].tolist() == ["ก"]
    assert problems_of(result, "duplicate_identical")["severity"].tolist() == ["info"]
    within = load_files([("a.xlsx", xlsx_bytes({"ITA 2563": wide(["ก", *SEED_SCORES], ["ก", *SEED_SCORES])}))])
    assert problems_of(within, "duplicate_identical")["severity"].tolist() == ["warning"]
    conflicts = problems_of(result, "duplicate_conflict")
    assert sorted(conflicts["file"]) == ["a.xlsx", "b.xlsx"]
    assert "b.xlsx" in conflicts.loc[conflicts["file"] == "a.xlsx", "message_en"].iloc[0]
    assert result.table["has_error"].sum() == 2


def test_same_name_in_two_provinces_is_two_agencies():
    header = ["ชื่อหน่วยงาน", "จังหวัด", *INDICATOR_HEADERS]
    data = xlsx_bytes(
        {
            "ITA 2563": [
                header,
                ["เทศบาลตำบลบ้านใหม่", "เชียงใหม่", *SEED_SCORES],
                ["เทศบาลตำบลบ้านใหม่", "นครราชสีมา", *[s + 1 for s in SEED_SCORES]],
            ]
        }
    )
    result = load_files([("x.xlsx", data)])
    assert len(result.valid) == 2 and result.valid["agency_key"].nunique() == 2


# ----------------------------------------------------------------------------- output shape


def test_tidy_table_columns_and_problem_columns():
    result = load_paths([DATA / "up-ita-2563.csv"])
    for column in [
        "agency",
        "year",
        *[f"i{k}" for k in range(1, 11)],
        "iit",
        "eit",
        "oit",
        "total",
        "grade",
        "passed",
        "framework",
        "source_file",
        "source_sheet",
        "source_row",
        "has_error",
    ]:
        assert column in result.table.columns
    assert list(result.problems.columns) == [
        "file",
        "sheet",
        "row",
        "column",
        "field",
        "severity",
        "code",
        "message_th",
        "message_en",
    ]
    assert str(result.table["year"].dtype) == "Int64"


def test_many_files_at_once_each_with_its_own_problems():
    good = xlsx_bytes({"ITA 2563": wide(["ก", *SEED_SCORES])})
    result = load_files([("good.xlsx", good), ("empty.xlsx", b""), ("notes.xlsx", xlsx_bytes({"a": [["hello"]]}))])
    assert result.valid["agency"].tolist() == ["ก"]
    errors = result.problems.loc[result.problems["severity"] == "error"]
    assert dict(zip(errors["file"], errors["code"], strict=False)) == {
        "empty.xlsx": "file_empty",
        "notes.xlsx": "no_scores_in_file",
    }


def test_a_long_sheet_without_agency_names_takes_the_sheet_name():
    """A long table (indicator, score) with no agency column: the agency is the sheet's name, with a warning,
    not a fault that costs the sheet; the year the name gives is the sheet's, not part of the agency's name (it was,
    and one agency's tabs 'ทต.พอกน้อย 2566', '… 2567' became two agencies)."""
    rows = [["ตัวชี้วัด", "คะแนน"], *[[f"ตัวชี้วัดที่ {k}", s] for k, s in enumerate(SEED_SCORES, 1)]]
    result = load_files([("ita.xlsx", xlsx_bytes({"เทศบาลตำบลพอกน้อย 2563": rows}))])
    assert problems_of(result, "internal_error").empty
    assert len(problems_of(result, "agency_from_name")) == 1
    row = only_row(result)
    assert (row["agency"], row["year"], row["total"]) == ("เทศบาลตำบลพอกน้อย", 2563, 80.00)


@pytest.mark.parametrize("tabs", [("ทต.พอกน้อย 66", "ทต.พอกน้อย_๖๗"), ("66_ทต.พอกน้อย", "67 ทต.พอกน้อย")])
def test_a_tab_named_for_an_agency_and_a_short_year_gives_both(tabs):
    """Tabs as offices name them, 'ทต.พอกน้อย 66' and 'ทต.พอกน้อย 67', or the year first: the two digits at an end
    are the tab's year (2566, 2567) and the agency is the rest, one agency over two years. Before, neither tab had a
    year and both were refused, with the agency named 'ทต.พอกน้อย 66'; a short tab ('67_อบต.ไร่') took the file's name."""
    rows = [["ตัวชี้วัด", "คะแนน"], *[[f"ตัวชี้วัดที่ {k}", s] for k, s in enumerate(SEED_SCORES, 1)]]
    result = load_files([("ita.xlsx", xlsx_bytes({tabs[0]: rows, tabs[1]: rows}))])
    assert result.problems[result.problems["severity"] == "error"].empty
    assert sorted(zip(result.valid["agency"], result.valid["year"].astype(int).tolist(), strict=True)) == [
        ("เทศบาลตำบลพอกน้อย", 2566),  # ทต. is เทศบาลตำบล
        ("เทศบาลตำบลพอกน้อย", 2567),
    ]
    short = only_row(load_files([("ita.xlsx", xlsx_bytes({"67_อบต.ไร่": rows}))]))
    assert (short["agency"], short["year"]) == ("องค์การบริหารส่วนตำบลไร่", 2567)
    wide = xlsx_bytes({"ผลคะแนน 67": [["ชื่อหน่วยงาน", *INDICATOR_HEADERS], ["เทศบาลตำบลพอกน้อย", *SEED_SCORES]]})
    assert only_row(load_files([("w.xlsx", wide)]))["year"] == 2567


@pytest.mark.parametrize("sheet", ["อำเภอเมือง 12", "ปี 66-68", "Sheet 2"])
def test_a_number_ending_a_tab_that_is_no_year_gives_none(sheet):
    """A district's number or the end of a range of years is no tab's year: the year is asked for."""
    rows = [["ตัวชี้วัด", "คะแนน"], *[[f"ตัวชี้วัดที่ {k}", s] for k, s in enumerate(SEED_SCORES, 1)]]
    result = load_files([("ita.xlsx", xlsx_bytes({sheet: rows}))])
    assert len(problems_of(result, "no_year")) == 1 and result.valid.empty


def test_an_unreadable_reported_total_is_a_warning_and_the_row_loads():
    header = ["ชื่อหน่วยงาน", *INDICATOR_HEADERS, "คะแนนรวม"]
    data = xlsx_bytes({"ITA 2563": [header, ["เทศบาลตำบลพอกน้อย", *SEED_SCORES, "abc"]]})
    result = load_files([("r.xlsx", data)])
    assert problems_of(result, "internal_error").empty
    (warning,) = problems_of(result, "reported_unreadable").to_dict("records")
    assert (warning["row"], warning["column"]) == (2, "L") and '"abc"' in warning["message_en"]
    assert "คะแนนรวม" in warning["message_th"]
    assert only_row(result)["total"] == 80.00


def test_the_agency_view_shows_the_published_total_and_its_grade():
    """What the page and the documents show for an adopted total: the published figure, graded on it."""
    from ita.analysis.agency import AgencyYear

    data = xlsx_bytes({"ITA 2563": [["ชื่อหน่วยงาน", *INDICATOR_HEADERS, "คะแนน ITA"], ["ก", *[84.99] * 10, 85.00]]})
    view = AgencyYear.from_row(only_row(load_files([("x.xlsx", data)])))
    assert view.score.total == 85.00 and view.score.grade.code == "A"


def test_labels_as_people_type_them_are_matched():
    """Published tables write "คะเเนน ITA" (two sara e for sara ae); names carry non-breaking spaces, zero-width
    characters, "ํา" for "ำ" and trailing dots. The total is recognised (and cross-checked), and the spellings of
    one name are one agency (issue 10)."""
    data = xlsx_bytes(
        {
            "ITA 2563": [
                ["ชื่อหน่วยงาน.", *INDICATOR_HEADERS, "คะเเนน\u00a0ITA"],
                ["เทศบาลตําบลเเม่ใจ", *SEED_SCORES, 81.50],
            ],
            "ITA 2564": [
                ["ชื่อหน่วยงาน", *INDICATOR_HEADERS, "คะแนน ITA"],
                ["เทศบาลตำบล\u200bแม่ใจ", *SEED_SCORES, 80.00],
            ],
        }
    )
    result = load_files([("x.xlsx", data)])
    assert list(problems_of(result, "total_mismatch")["row"]) == [2]  # the 2563 total was read and checked
    assert result.valid["agency_key"].nunique() == 1
    assert set(result.valid["agency"]) == {"เทศบาลตำบลแม่ใจ"}


def test_a_table_with_too_few_indicators_says_which_it_found():
    """Only indicators 9 and 10: the sheet is skipped with a warning naming them and the row, not a bare
    "no ITA scores" (issue 10); they are OIT's, which a sheet of one tool holds, and the warning says so."""
    data = xlsx_bytes({"ITA 2563": [["ชื่อหน่วยงาน", *INDICATOR_HEADERS[8:]], ["ก", 80.06, 87.50]]})
    result = load_files([("x.xlsx", data)])
    said = problems_of(result, "sheet_one_tool").iloc[0]
    assert said["severity"] == "warning" and said["row"] == 1 and said["sheet"] == "ITA 2563"
    assert "แบบวัด OIT (ตัวชี้วัดที่ 9 และ 10, แถวที่ 1)" in said["message_th"]
    assert "the OIT indicators (9 and 10, row 1)" in said["message_en"]
    assert "{" not in said["message_th"] + said["message_en"]
    data = xlsx_bytes({"ITA 2563": [["ชื่อหน่วยงาน", *INDICATOR_HEADERS[7:9]], ["ก", 80.06, 87.50]]})  # 8 and 9
    said = problems_of(load_files([("x.xlsx", data)]), "sheet_partial_indicators").iloc[0]
    assert "ตัวชี้วัดที่ 8 และ 9 (แถวที่ 1)" in said["message_th"] and "indicators 8 and 9 (row 1)" in said["message_en"]


def test_a_table_whose_headings_name_no_indicator_is_said_with_its_headings():
    """Headings the tool does not know ('Duty', 'Budget', … as someone shortened them): the file was refused with
    'No ITA scores were found', never saying what was read. The sheet's warning now quotes its headings."""
    header = ["Agency", "Province", "Duty", "Budget", "Authority", "Assets", "Anti-corruption", "Service"]
    rows = [header, ["เทศบาลตำบลพอกน้อย", "สกลนคร", *SEED_SCORES[:6]]]
    result = load_files([("short.xlsx", xlsx_bytes({"ITA 2565": rows}))])
    (said,) = problems_of(result, "sheet_headings_unknown").to_dict("records")
    assert said["row"] == 1
    assert said["message_en"].startswith('Row 1 looks like a table\'s header ("Agency", "Province"')
    assert '"Assets" (+2)' in said["message_en"] and len(problems_of(result, "no_scores_in_file")) == 1


def test_a_table_of_measures_is_refused_as_measures_not_misread_as_scores():
    """An O42's measures (ตัวชี้วัด | มาตรการ | แนวทางการปฏิบัติ | ผู้รับผิดชอบ) uploaded as results: before, '"มาตรการ
    ตรวจสอบการใช้ดุลพินิจ" is not a number' and 'only indicators 3'. Now one error saying what the sheet is, and
    where measures go; the measures page's own export is said the same way."""
    from helpers.reports import seed_items

    from ita.measures.xlsx_export import export_xlsx

    rows = [
        ["มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ปีงบประมาณ พ.ศ. 2567"],
        ["ตัวชี้วัด", "มาตรการ", "แนวทางการปฏิบัติ", "ผู้รับผิดชอบ"],
        ["ตัวชี้วัดที่ 3 การใช้อำนาจ", "มาตรการตรวจสอบการใช้ดุลพินิจ", "จัดทำคู่มือ", "สำนักปลัดเทศบาล"],
    ]
    for name, data in (("o42.xlsx", xlsx_bytes({"มาตรการ 2567": rows})), ("export.xlsx", export_xlsx(seed_items()))):
        result = load_files([(name, data)])
        errors = result.problems[result.problems["severity"] == "error"]
        assert "measures_table" in set(errors["code"]) and not errors["code"].isin(["not_a_number"]).any(), name
        assert "หน้ามาตรการ" in problems_of(result, "measures_table")["message_th"].iloc[0]


def test_a_remark_that_corrects_a_score_is_applied_and_said_at_its_cell():
    """'ตัวชี้วัดที่ 9 แก้ไขเป็น 95.00 ตามผลการพิจารณาอุทธรณ์ (เดิม 99.22)' in the remarks: the old 99.22 was used without
    a word. A remark naming no indicator, or a score out of range, changes nothing."""
    header = ["ชื่อหน่วยงาน", *INDICATOR_HEADERS, "หมายเหตุ"]
    rows = [
        header,
        ["ก", *SEED_SCORES[:8], 99.22, SEED_SCORES[9], "ตัวชี้วัดที่ 9 แก้ไขเป็น 95.00 ตามผลการพิจารณาอุทธรณ์ (เดิม 99.22)"],
        ["ข", *SEED_SCORES, "ส่งข้อมูล OIT ครบ 43 ข้อ"],
        ["ค", *SEED_SCORES, "ตัวชี้วัดที่ 2 แก้ไขเป็น 195 คะแนน"],
        ["ง", *SEED_SCORES, "ตัวชี้วัดที่ 9 ขอแก้ไขเป็น 95.00 อยู่ระหว่างพิจารณา"],  # asked for, not made (a review)
        ["จ", *SEED_SCORES, "ตัวชี้วัดที่ 8 แก้ไขเป็น 90.00 และตัวชี้วัดที่ 10 แก้ไขเป็น 96.00"],  # two in one remark
    ]
    result = load_files([("ita.xlsx", xlsx_bytes({"ITA 2567": rows}))])
    got = result.valid.set_index("agency")
    assert got.loc["ก", "i9"] == 95.0 and got.loc["ข", "i9"] == SEED_SCORES[8] and got.loc["ค", "i2"] == SEED_SCORES[1]
    assert got.loc["ง", "i9"] == SEED_SCORES[8] and (got.loc["จ", "i8"], got.loc["จ", "i10"]) == (90.0, 96.0)
    assert problems_of(result, "remark_correction_unsure")[["row", "column"]].values.tolist() == [[5, "J"]]
    said = problems_of(result, "remark_correction")
    assert said[["severity", "row", "column"]].values.tolist() == [
        ["warning", 2, "J"],
        ["warning", 6, "I"],
        ["warning", 6, "K"],
    ]
    assert (
        "corrected to 95.00" in said["message_en"].iloc[0]
        and "instead of the cell's 99.22" in said["message_en"].iloc[0]
    )


def test_a_score_formatted_as_a_date_is_the_number_under_the_date_with_a_warning():
    """A column of scores formatted as dates shows 1900-03-21 14:09:36 for 81.59: the message said only "a date", and
    the number a person would recognise as the score stayed hidden; then the row was refused for it. A date in the
    first hundred days of Excel's calendar is read as the number under it, and said; a real date is not a score."""
    import datetime as dt

    cell = dt.datetime(1900, 3, 21, 14, 9, 36)
    result = load_files([("x.xlsx", xlsx_bytes({"ITA 2563": wide(["ก", *SEED_SCORES[:6], cell, *SEED_SCORES[7:]])}))])
    assert only_row(result)["i7"] == 81.59
    (said,) = problems_of(result, "score_as_date")[["severity", "column", "message_en"]].itertuples(index=False)
    assert (said.severity, said.column) == ("warning", "H") and "(1900-03-21 14:09:36 = 81.59)" in said.message_en
    # Before March 1900 Excel's calendar is a day off (its 29 February 1900 never was): 45.50 is 14 February, noon.
    for shown, score in ((dt.datetime(1900, 2, 14, 12), 45.5), (dt.datetime(1900, 3, 1, 6), 61.25)):
        row = ["ก", *SEED_SCORES[:6], shown, *SEED_SCORES[7:]]
        assert only_row(load_files([("x.xlsx", xlsx_bytes({"ITA 2563": wide(row)}))]))["i7"] == score
    dated = dt.datetime(2024, 3, 21)
    result = load_files([("x.xlsx", xlsx_bytes({"ITA 2563": wide(["ก", *SEED_SCORES[:6], dated, *SEED_SCORES[7:]])}))])
    assert result.valid.empty and "2024-03-21" in problems_of(result, "date_not_score")["message_en"].iloc[0]


def test_a_csv_quote_never_closed_names_its_line_and_keeps_the_rows_before_it():
    """Found by a reviewer: "The file is damaged or incomplete (CSV: field larger than field limit (131072))", and
    the good rows before the quote were lost too."""
    text = "ชื่อหน่วยงาน,จังหวัด," + ",".join(INDICATOR_HEADERS) + "\n"
    text += "เทศบาลตำบลพอกน้อย,สกลนคร," + ",".join(f"{s:.2f}" for s in SEED_SCORES) + "\n"
    text += '"เทศบาลตำบลนาหัวบ่อ,สกลนคร,' + ",".join(f"{s:.2f}" for s in SEED_SCORES) + "\n"
    text += ("หมายเหตุยาว " * 20_000 + "\n") * 2
    result = load_files([("ita_2567.csv", text.encode())])
    assert result.valid["agency"].tolist() == ["เทศบาลตำบลพอกน้อย"]
    (said,) = problems_of(result, "csv_unclosed_quote")[["row", "message_en"]].itertuples(index=False)
    assert said.row == 3 and said.message_en.startswith("Line 3 of the CSV opens a quote")
    # A shorter rest: the csv module ends the quote at the file's end, the rows after it in one cell (a reviewer's
    # 39 agencies read as 1, with a note about a group heading)
    short = text.split('"เทศบาลตำบลนาหัวบ่อ')[0] + '"เทศบาลตำบลนาหัวบ่อ,สกลนคร,' + ",".join(map(str, SEED_SCORES)) + "\n"
    short += "".join(f"เทศบาลที่ {k},สกลนคร," + ",".join(map(str, SEED_SCORES)) + "\n" for k in range(5))
    result = load_files([("ita_2567.csv", short.encode())])
    assert result.valid["agency"].tolist() == ["เทศบาลตำบลพอกน้อย"]
    assert problems_of(result, "csv_unclosed_quote")["row"].tolist() == [3]


def test_a_budget_column_headed_with_a_word_of_an_indicators_name_is_no_indicator():
    """A reviewer's 'งบประมาณ' (a budget, in baht or millions) before the indicators: read as indicator 2, the real
    column set aside, and the totals wrong."""
    header = ["ชื่อหน่วยงาน", "งบประมาณ", *INDICATOR_HEADERS]
    result = load_files([("r.xlsx", xlsx_bytes({"2563": [header, ["หน่วยงาน ก", 12.5, *SEED_SCORES]]}))])
    assert only_row(result)["total"] == 80.0 and problems_of(result, "duplicate_column").empty
    # Where the other nine are named and indicator 2 is not, the word in its place is its column (a summary table's
    # short names); before the indicators it is still a budget, though the table lacks indicator 2 (a review).
    header = ["ชื่อหน่วยงาน", INDICATOR_HEADERS[0], "งบประมาณ", *INDICATOR_HEADERS[2:]]
    result = load_files([("r.xlsx", xlsx_bytes({"2563": [header, ["หน่วยงาน ก", *SEED_SCORES]]}))])
    assert only_row(result)["i2"] == SEED_SCORES[1] and only_row(result)["total"] == 80.0
    header = ["ชื่อหน่วยงาน", "งบประมาณ", INDICATOR_HEADERS[0], *INDICATOR_HEADERS[2:]]
    row = ["หน่วยงาน ก", 1_500_000, SEED_SCORES[0], *SEED_SCORES[2:]]
    result = load_files([("r.xlsx", xlsx_bytes({"2563": [header, row]}))])
    assert problems_of(result, "out_of_range").empty and not problems_of(result, "columns_kept_unused").empty


def test_a_files_read_leaves_nothing_remembered_of_its_cells():
    """A review: the caches that make a national file quick (compacted texts, names written out, a sheet's name
    columns) held 82 MB of a file's long names after its import, in a parse worker that serves every upload. What
    one file's read remembers is let go of when it is read; a long text is never remembered at all."""
    from ita.common.thai import _compact, compact
    from ita.io.headers import HeaderCatalog
    from ita.io.importer import read_files
    from ita.io.layouts.parsed import _COLUMNS
    from ita.io.reading import Limits
    from ita.rules.agency_types import agency_types
    from ita.rules.frameworks import default_frameworks

    rows = [["ชื่อหน่วยงาน", *INDICATOR_HEADERS]] + [[f"เทศบาลตำบล{k}", *SEED_SCORES] for k in range(50)]
    frameworks = default_frameworks()
    read_files([("x.xlsx", xlsx_bytes({"ITA 2563": rows}), None)], frameworks, HeaderCatalog(frameworks), Limits())
    assert _compact.cache_info().currsize == 0 and _COLUMNS == {}
    assert agency_types()._written == {}
    compact("ก" * 5000)
    assert _compact.cache_info().currsize == 0
