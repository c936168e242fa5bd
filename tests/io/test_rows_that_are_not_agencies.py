"""Rows a person does not read as agencies, and names a person reads whole (a reviewer's files of messy lists): a
benchmark in everyday wording beside the agencies ('คะแนนสูงสุดของจังหวัด', 'เกณฑ์การผ่าน', 'Benchmark'), an Excel
table's totals row that counts the names, and a type's name typed with a space inside it ('เทศบาล ตำบลพอกน้อย').
Each was read as an agency, silently, and entered the province's ranking and means."""

from __future__ import annotations

import io

import pytest
from helpers import INDICATOR_HEADERS, SEED_SCORES, problems_of, xlsx_bytes

from ita.io.importer import load_files

HEADER = ["ชื่อหน่วยงาน", "จังหวัด", *INDICATOR_HEADERS]
AGENCIES = [["เทศบาลตำบลพอกน้อย", "สกลนคร", *SEED_SCORES], ["องค์การบริหารส่วนตำบลไร่", "สกลนคร", *[90.0] * 10]]
BENCHMARKS = [
    "คะแนนสูงสุดของจังหวัด",
    "คะแนนต่ำสุดในจังหวัด",
    "เกณฑ์การผ่าน",
    "เป้าหมายปี 2567",
    "ผลการประเมินระดับประเทศ",
    "ค่ากลางของกลุ่ม",
    "ค่าเฉลี่ยเทศบาลตำบลทั่วประเทศ",
    "สูงสุดในจังหวัด",
    "Benchmark",
    "National average",
    "Provincial mean",
]


@pytest.mark.parametrize("label", BENCHMARKS)
def test_a_benchmark_row_in_everyday_wording_is_no_agency(label):
    rows = [HEADER, *AGENCIES, [label, "สกลนคร", *[95.0] * 10]]
    result = load_files([("ita-2567.xlsx", xlsx_bytes({"ITA 2567": rows}))])
    assert sorted(result.valid["agency"]) == ["องค์การบริหารส่วนตำบลไร่", "เทศบาลตำบลพอกน้อย"]
    assert problems_of(result, "summary_row")["row"].tolist() == [4]


@pytest.mark.parametrize(
    "label",
    ["เทศบาลตำบลตัวอย่าง", "เทศบาลตำบล..........(ตัวอย่างการกรอก)", "องค์การบริหารส่วนตำบล____", "Example", "Town (sample)"],
)
def test_a_templates_example_row_is_no_agency(label):
    """A form's example filled in above the real rows ('ตัวอย่าง | เทศบาลตำบลตัวอย่าง | 90 …'): it was an agency of
    90.00 ผ่านดี, without a word."""
    rows = [HEADER, [label, "สกลนคร", *[90.0] * 10], *AGENCIES]
    result = load_files([("ita-2567.xlsx", xlsx_bytes({"ITA 2567": rows}))])
    assert sorted(result.valid["agency"]) == ["องค์การบริหารส่วนตำบลไร่", "เทศบาลตำบลพอกน้อย"]
    assert problems_of(result, "example_row")["row"].tolist() == [2]


@pytest.mark.parametrize("word", ["ทั้งหมด", "(Select All)", "▼"])
def test_a_row_of_filters_under_the_header_is_part_of_it(word):
    """A shared sheet's filter row ('🔍 | (ค้นหาชื่อ) | ทั้งหมด | ทั้งหมด …'): ten "not a number" errors, and a province
    'ทั้งหมด' that is none of the 77."""
    rows = [HEADER, ["(ค้นหาชื่อ)", word, *[word] * 10], *AGENCIES]
    result = load_files([("ita-2567.xlsx", xlsx_bytes({"ITA 2567": rows}))])
    assert not result.has_errors and len(result.valid) == 2
    assert (result.problems["severity"] == "info").all(), result.problems["message_en"].tolist()
    assert problems_of(result, "filter_row")["row"].tolist() == [2]


@pytest.mark.parametrize(
    "name", ["องค์การบริหารส่วนตำบลเกณฑ์", "เทศบาลตำบลเป้าหมาย", "Phok Noi Municipality", "Sample Town Office"]
)
def test_an_agency_whose_name_holds_such_a_word_is_an_agency(name):
    rows = [HEADER, [name, "สกลนคร", *SEED_SCORES]]
    result = load_files([("ita-2567.xlsx", xlsx_bytes({"ITA 2567": rows}))])
    assert result.valid["agency"].tolist() == [name]


def test_an_excel_tables_totals_row_counting_the_names_is_no_agency():
    """'Total' in the number column, =SUBTOTAL(103, …) = 2 in the name column, averages under the indicators: was
    an agency named '2' with a grade."""
    header = ["ลำดับ", *HEADER]
    rows = [header, *([k, *row] for k, row in enumerate(AGENCIES, 1)), ["Total", 2, "", *[88.0] * 10]]
    result = load_files([("ita-2567.xlsx", xlsx_bytes({"ITA 2567": rows}))])
    assert len(result.valid) == 2 and "2" not in set(result.table["agency"])
    assert problems_of(result, "summary_row")["row"].tolist() == [4]


def test_a_number_alone_in_the_name_column_is_no_name():
    rows = [HEADER, *AGENCIES, [3, "สกลนคร", *[88.0] * 10]]
    result = load_files([("ita-2567.xlsx", xlsx_bytes({"ITA 2567": rows}))])
    assert len(result.valid) == 2 and problems_of(result, "agency_missing")["row"].tolist() == [4]


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("เทศบาล ตำบลพอกน้อย", "เทศบาลตำบลพอกน้อย"),
        ("องค์การบริหารส่วน ตำบลไร่", "องค์การบริหารส่วนตำบลไร่"),
        ("เทศบาล เมืองสกลนคร", "เทศบาลเมืองสกลนคร"),
        ("องค์การ บริหารส่วนจังหวัดสกลนคร", "องค์การบริหารส่วนจังหวัดสกลนคร"),
        # the common typo, and the body's office before its name: one agency with its other years, not two
        ("องค์การบริการส่วนตำบลไร่", "องค์การบริหารส่วนตำบลไร่"),
        ("สำนักงานเทศบาลตำบลพอกน้อย", "เทศบาลตำบลพอกน้อย"),
        ("ที่ทำการ อบต.ไร่", "องค์การบริหารส่วนตำบลไร่"),
        ("สำนักงานจังหวัดสกลนคร", "สำนักงานจังหวัดสกลนคร"),  # no local body: as written
    ],
)
def test_a_types_name_typed_with_a_space_inside_is_read_whole(written, name):
    """'เทศบาล ตำบลพอกน้อย' was the agency 'เทศบาล' in ตำบลพอกน้อย; two such rows clashed as one agency."""
    rows = [HEADER, [written, "สกลนคร", *SEED_SCORES]]
    result = load_files([("ita-2567.xlsx", xlsx_bytes({"ITA 2567": rows}))])
    assert result.valid["agency"].tolist() == [name]


def test_data_subtotal_rows_are_summaries_not_rows_without_a_name():
    """Excel's and LibreOffice's Data > Subtotal write 'พรรณานิคม ค่าเฉลี่ย' / 'Grand Result' in the grouped column,
    the name blank: was 'This row has scores but no agency name. Enter the agency name' (entering one would make a
    fake agency)."""
    header = ["ชื่อหน่วยงาน", "อำเภอ", *INDICATOR_HEADERS]
    rows = [header, ["เทศบาลตำบลพอกน้อย", "พรรณานิคม", *SEED_SCORES], ["", "พรรณานิคม ค่าเฉลี่ย", *SEED_SCORES]]
    rows += [["องค์การบริหารส่วนตำบลไร่", "เมือง", *[90.0] * 10], ["", "เมือง Result", *[90.0] * 10]]
    rows += [["", "Grand Result", *[88.0] * 10]]
    result = load_files([("ita-2567.xlsx", xlsx_bytes({"ITA 2567": rows}))])
    assert len(result.valid) == 2 and not result.has_errors
    assert problems_of(result, "summary_row")["row"].tolist() == [3, 5, 6]


@pytest.mark.parametrize(
    "under",
    [
        ["", *["คะแนน"] * 10],  # what each column holds
        ["", *["(6%)"] * 5, *["(10%)"] * 3, "(20%)", "(20%)"],  # the weights
        ["หมายเหตุ: ข้อมูลจากระบบ ITAS ณ วันที่ 15 ตุลาคม 2567"] * 11,  # a note merged across (read into each cell)
    ],
)
def test_a_line_under_the_header_that_is_no_record_is_part_of_the_header(under):
    rows = [["ชื่อหน่วยงาน", *INDICATOR_HEADERS], under, ["เทศบาลตำบลพอกน้อย", *SEED_SCORES]]
    result = load_files([("ita-2567.xlsx", xlsx_bytes({"ITA 2567": rows}))])
    assert len(result.valid) == 1 and not result.has_errors, result.problems["message_en"].tolist()


def test_an_indicators_level_beside_its_score_is_kept_as_its_level():
    """'ตัวชี้วัดที่ 1' merged over 'คะแนน | ระดับ': the second column is the level, said as that (it was 'A second
    column for ตัวชี้วัดที่ 1', ten warnings, and ten errors for the words under the header)."""
    header, under, row = ["ชื่อหน่วยงาน"], [""], ["เทศบาลตำบลพอกน้อย"]
    for k, score in enumerate(SEED_SCORES, 1):
        header += [f"ตัวชี้วัดที่ {k}", f"ตัวชี้วัดที่ {k}"]
        under += ["คะแนน", "ระดับ"]
        row += [score, "B"]
    result = load_files([("ita-2564.xlsx", xlsx_bytes({"ITA 2564": [header, under, row]}))])
    assert result.valid[[f"i{k}" for k in range(1, 11)]].iloc[0].tolist() == SEED_SCORES
    assert result.problems[result.problems["severity"] != "info"].empty
    assert len(problems_of(result, "indicator_level_column")) == 10


def test_an_office_word_before_other_words_is_kept():
    """'สำนักงานทนายความจังหวัดสกลนคร' is no local body's office ('ทน' is no abbreviation here): as written."""
    rows = [HEADER, ["สำนักงานทนายความจังหวัดสกลนคร", "สกลนคร", *SEED_SCORES]]
    result = load_files([("ita-2567.xlsx", xlsx_bytes({"ITA 2567": rows}))])
    assert result.valid["agency"].tolist() == ["สำนักงานทนายความจังหวัดสกลนคร"]


def test_a_table_of_contents_is_no_table_of_two_indicators():
    """'ลำดับ | เรื่อง | หน้า' over '1 | ผลคะแนนรายหน่วยงาน | 2': was 'This sheet has only indicators 1 and 2'."""
    toc = [["ลำดับ", "เรื่อง", "หน้า"], [1, "ผลคะแนนรายหน่วยงาน", 2], [2, "ข้อเสนอแนะ", 5]]
    rows = [HEADER, *AGENCIES]
    result = load_files([("ita-2567.xlsx", xlsx_bytes({"สารบัญ": toc, "ITA 2567": rows}))])
    assert len(result.valid) == 2 and result.problems[result.problems["severity"] != "info"].empty


def test_a_name_a_pdf_wrapped_over_two_rows_is_one_name():
    """'องค์การบริหารส่วนตำบล' on the scores' row, 'หนองปลิง' under it: two such agencies were one 'องค์การบริหารส่วน
    ตำบล' with two sets of scores, both refused."""
    rows = [HEADER, ["องค์การบริหารส่วนตำบล", "สกลนคร", *SEED_SCORES], ["หนองปลิง", "", *[""] * 10]]
    rows += [["องค์การบริหารส่วนตำบล", "สกลนคร", *[90.0] * 10], ["บ้านแป้น", "", *[""] * 10]]
    result = load_files([("ita-2566.xlsx", xlsx_bytes({"ITA 2566": rows}))])
    assert sorted(result.valid["agency"]) == ["องค์การบริหารส่วนตำบลบ้านแป้น", "องค์การบริหารส่วนตำบลหนองปลิง"]
    assert not result.has_errors and "names_wrapped" in set(result.problems["code"])


def test_a_name_wrapped_at_the_start_of_its_types_name_either_way_is_one_name():
    """A review: 'องค์การบริหารส่วน' with the scores over 'จังหวัดอุดรธานี' was stored as agency 'องค์การบริหารส่วน'
    (the province read as a group heading); 'องค์การบริหารส่วน' alone over 'ตำบลหนองไผ่' with the scores made agency
    'ตำบลหนองไผ่'. A type's name over bare names under it is still a heading."""
    rows = [HEADER, ["องค์การบริหารส่วน", "อุดรธานี", *SEED_SCORES], ["จังหวัดอุดรธานี", "", *[""] * 10]]
    rows += [["องค์การบริหารส่วน", "", *[""] * 10], ["ตำบลหนองไผ่", "อุดรธานี", *[90.0] * 10]]
    rows += [["เทศบาลตำบล", "", *[""] * 10], ["นาข่า", "อุดรธานี", *[88.0] * 10]]
    result = load_files([("ita-2566.xlsx", xlsx_bytes({"ITA 2566": rows}))])
    assert sorted(result.valid["agency"]) == [
        "องค์การบริหารส่วนจังหวัดอุดรธานี",
        "องค์การบริหารส่วนตำบลหนองไผ่",
        "เทศบาลตำบลนาข่า",
    ]
    assert "names_wrapped" in set(result.problems["code"])


def test_a_province_offices_row_without_scores_in_a_table_with_provinces_is_still_a_missing_row():
    """A review: 'จังหวัดสกลนคร' (the province's own office) without scores, in a table with a province column, was
    called a group heading (a note) instead of a row whose scores are missing (a warning)."""
    rows = [HEADER, *AGENCIES, ["จังหวัดสกลนคร", "สกลนคร"]]
    result = load_files([("ita-2567.xlsx", xlsx_bytes({"ITA 2567": rows}))])
    assert problems_of(result, "row_without_scores")["row"].tolist() == [4]
    assert problems_of(result, "place_heading").empty


def test_a_row_of_zeros_in_every_indicator_is_an_agency_not_assessed():
    """A list shows an agency that did not take part as 0 in every indicator: it was graded 0.00 ต้องปรับปรุงโดยด่วน
    and ranked last, without a word. It is kept with the file's rows but not charted, said with a warning at its row;
    one indicator at 0 among others is a score."""
    rows = [["ชื่อหน่วยงาน", *INDICATOR_HEADERS, "คะแนนรวม"], ["ก", *SEED_SCORES, None], ["ข", *[0] * 10, 0]]
    rows.append(["ค", 0, *SEED_SCORES[1:], None])
    result = load_files([("ita.xlsx", xlsx_bytes({"ITA 2567": rows}))])
    assert result.valid["agency"].tolist() == ["ก", "ค"] and not result.has_errors
    assert result.table["agency"].tolist() == ["ก", "ข", "ค"]  # nothing uploaded is lost
    said = problems_of(result, "row_all_zero")
    assert said[["severity", "row", "column"]].values.tolist() == [["warning", 3, "A"]]


@pytest.mark.parametrize("merged", [False, True])
def test_a_row_of_each_indicators_level_under_an_agencys_scores_is_its_levels(merged):
    """'คะแนน' then 'ระดับ' per agency ('ไม่ผ่าน | ผ่าน …', or 'B | AA …'), the name merged down both rows or blank: each
    levels row gave ten "not a number" errors and "scores but no agency name". One note names those rows."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "ITA 2565"
    ws.append(["ชื่อหน่วยงาน", *INDICATOR_HEADERS])
    for k, name in enumerate(["เทศบาลตำบลพอกน้อย", "เทศบาลตำบลไร่"]):
        ws.append([name, *SEED_SCORES])
        ws.append([None, *(["ผ่าน", "ไม่ผ่าน"] * 5 if k else ["B", "AA", "A", "B", "C", "B", "A", "AA", "B", "F"])])
        if merged:
            ws.merge_cells(start_row=2 + 2 * k, start_column=1, end_row=3 + 2 * k, end_column=1)
    buffer = io.BytesIO()
    wb.save(buffer)
    result = load_files([("ita.xlsx", buffer.getvalue())])
    assert result.valid["agency"].tolist() == ["เทศบาลตำบลพอกน้อย", "เทศบาลตำบลไร่"] and not result.has_errors
    said = problems_of(result, "level_rows")
    assert said["message_en"].str.startswith(
        "Rows 3, 5 give each indicator's level (such as pass or fail)"
    ).tolist() == [True]


SUBTOTALS = [
    "รวม อ.พรรณานิคม",
    "เฉลี่ย อ.พังโคน",
    "รวม ทต.",
    "เฉลี่ย อบต.",
    "รวมเทศบาลตำบล 2 แห่ง",
    "พรรณานิคม รวม",
    "อำเภอเมืองสกลนคร รวม",
    "ผลเฉลี่ย",
    "สรุปรวม",
    "ยอดรวม",
    "ทต.",  # a pivot's row of the type's average
]


@pytest.mark.parametrize("label", SUBTOTALS)
def test_a_subtotal_labelled_with_its_place_or_type_is_no_agency(label):
    """'รวม อ.พรรณานิคม' lost its district to the place reader and became an agency named 'รวม' in the rankings."""
    rows = [HEADER, *AGENCIES, [label, "สกลนคร", *[95.0] * 10]]
    result = load_files([("ita-2567.xlsx", xlsx_bytes({"ITA 2567": rows}))])
    assert sorted(result.valid["agency"]) == ["องค์การบริหารส่วนตำบลไร่", "เทศบาลตำบลพอกน้อย"]
    assert problems_of(result, "summary_row")["row"].tolist() == [4]


def test_a_bare_name_that_is_also_a_province_beside_a_type_column_is_that_type_s_agency():
    """'ทน. | อุดรธานี' is เทศบาลนครอุดรธานี: the row was taken for the province's subtotal and dropped with a note."""
    rows = [
        ["ประเภท", "ชื่อหน่วยงาน", *INDICATOR_HEADERS],
        ["ทน.", "อุดรธานี", *SEED_SCORES],
        ["อบจ.", "สกลนคร", *[90.0] * 10],
        ["ทต.", "พอกน้อย", *[88.0] * 10],
    ]
    result = load_files([("ita-2564.xlsx", xlsx_bytes({"ITA 2564": rows}))])
    assert sorted(result.valid["agency"]) == ["องค์การบริหารส่วนจังหวัดสกลนคร", "เทศบาลตำบลพอกน้อย", "เทศบาลนครอุดรธานี"]


@pytest.mark.parametrize("mark", [None, '"', "〃", "''"])
def test_a_name_written_once_over_its_years_is_read_for_each_year_below(mark):
    """A pivot's tabular form, or a person, writes an agency once over its rows of each year, the cells below blank
    or a ditto mark: a person reads each row as that agency. The rows were skipped as 'named by a year', or '"'
    became an agency whose years clashed with the next agency's '"'."""
    header = ["ชื่อหน่วยงาน", "ปีงบประมาณ", *INDICATOR_HEADERS]
    rows = [header]
    for name, base in (("เทศบาลตำบลพอกน้อย", 80.0), ("องค์การบริหารส่วนตำบลไร่", 70.0)):
        for k, year in enumerate((2564, 2565, 2566)):
            rows.append([name if k == 0 else mark, year, *[base + k] * 10])
    result = load_files([("ita.xlsx", xlsx_bytes({"ITA": rows}))])
    read = {(r["agency"], int(r["year"])): r["i1"] for _, r in result.valid.iterrows()}
    assert read == {
        (name, year): base + k
        for name, base in (("เทศบาลตำบลพอกน้อย", 80.0), ("องค์การบริหารส่วนตำบลไร่", 70.0))
        for k, year in enumerate((2564, 2565, 2566))
    }
    (note,) = problems_of(result, "name_from_above").to_dict("records")
    assert (note["severity"], note["row"]) == ("warning", 3) and "4" in note["message_en"]


def test_a_blank_name_in_a_table_sorted_by_year_is_not_the_agency_above():
    """A table by year (each agency once a year): a blank name on 2567's first row is not 2566's last agency."""
    header = ["ชื่อหน่วยงาน", "ปีงบประมาณ", *INDICATOR_HEADERS]
    rows = [header, ["เทศบาลตำบลพอกน้อย", 2566, *SEED_SCORES], ["องค์การบริหารส่วนตำบลไร่", 2566, *[90.0] * 10]]
    rows += [[None, 2567, *[70.0] * 10], ["องค์การบริหารส่วนตำบลไร่", 2567, *[91.0] * 10]]
    result = load_files([("ita.xlsx", xlsx_bytes({"ITA": rows}))])
    assert len(result.valid) == 3 and problems_of(result, "name_from_above").empty
    assert problems_of(result, "year_row")["row"].tolist() == [4]  # said at its row, as before


def test_a_blank_name_without_a_year_column_is_still_an_error():
    rows = [["ชื่อหน่วยงาน", *INDICATOR_HEADERS], ["เทศบาลตำบลพอกน้อย", *SEED_SCORES], [None, *[90.0] * 10]]
    result = load_files([("ita-2567.xlsx", xlsx_bytes({"ITA 2567": rows}))])
    assert result.valid["agency"].tolist() == ["เทศบาลตำบลพอกน้อย"] and not problems_of(result, "agency_missing").empty


def test_a_sheet_naming_no_agency_is_never_stored_under_its_files_name():
    """A review: one agency's 'ตัวชี้วัด | คะแนน' naming no agency was stored as agency 'V11_ผลคะแนน_', from the file's
    name, with a warning only. A name saying what the file holds is refused, with what to add; a sheet named after an
    agency is still read so, with a warning."""
    rows = [["ผลการประเมิน ITA ปีงบประมาณ 2566"], ["ตัวชี้วัด", "คะแนน"]]
    rows += [[f"ตัวชี้วัดที่ {k}", s] for k, s in enumerate(SEED_SCORES, 1)]
    text = "\n".join(",".join(map(str, row)) for row in rows).encode()
    result = load_files([("V11_ผลคะแนน_ITA_2566.csv", text)])
    assert result.valid.empty
    (said,) = problems_of(result, "agency_not_named").to_dict("records")
    assert said["severity"] == "error" and '"V11_ผลคะแนน_"' in said["message_en"] and "ชื่อหน่วยงาน" in said["message_en"]
    named = load_files([("ITA.xlsx", xlsx_bytes({"ทต.พอกน้อย 2566": rows}))])
    assert list(named.valid["agency"]) == ["เทศบาลตำบลพอกน้อย"] and not problems_of(named, "agency_from_name").empty
    # A word of the list inside a word of the name is none of its words ('Siriraj Hospital', 'ศูนย์ข้อมูลข่าวสาร').
    for sheet in ("Siriraj Hospital 2566", "ศูนย์ข้อมูลข่าวสาร 2566"):
        kept = load_files([("ITA.xlsx", xlsx_bytes({sheet: rows}))])
        assert list(kept.valid["agency"]) == [sheet.removesuffix(" 2566")], sheet


def test_an_english_agency_column_written_as_an_export_names_it_is_the_agencys():
    """'DeptName' and 'Agency / หน่วยงาน' head the agency's column (three departments had become one agency named
    after the file, with an error per indicator)."""
    for heading in ("DeptName", "Agency / หน่วยงาน"):
        rows = [[heading, "FY", *(f"ตัวชี้วัดที่ {k}" for k in range(1, 11))]]
        rows += [[name, 2567, *SEED_SCORES] for name in ("กรมบัญชีกลาง", "กรมสรรพากร")]
        result = load_files([("export.xlsx", xlsx_bytes({"Sheet1": rows}))])
        assert sorted(result.valid["agency"]) == ["กรมบัญชีกลาง", "กรมสรรพากร"], heading
