"""Indicator headings as offices type them: indicator 9 headed with the OIT tool's words ('การเปิดเผยข้อมูลสาธารณะ',
'9. การเปิดเผยข้อมูลสาธารณะ'), everyday names ('การใช้จ่ายงบประมาณ', 'การใช้ทรัพย์สินของรัฐ', 'คุณภาพในการดำเนินงาน') and
the abbreviation 'ตช.1'. Each file was refused ('No column for indicator 9 … Add this column', though it was there)."""

from __future__ import annotations

import pytest
from helpers import INDICATOR_HEADERS, SEED_SCORES, xlsx_bytes

from ita.io.importer import load_files
from ita.rules.frameworks import default_frameworks

NAMES = [i.name_th for i in default_frameworks().by_year[2565].indicators]


def read(header: list[str]) -> object:
    rows = [["ชื่อหน่วยงาน", *header], ["เทศบาลตำบลพอกน้อย", *SEED_SCORES, *[410, 12, 33][: max(0, len(header) - 10)]]]
    return load_files([("ita-2565.xlsx", xlsx_bytes({"ITA 2565": rows}))])


@pytest.mark.parametrize("nine", ["การเปิดเผยข้อมูลสาธารณะ", "9. การเปิดเผยข้อมูลสาธารณะ", "ตัวชี้วัดที่ 9 การเปิดเผยข้อมูลสาธารณะ"])
def test_indicator_9_headed_with_the_oit_tools_words_is_indicator_9(nine):
    result = read([*NAMES[:8], nine, NAMES[9]])
    assert result.valid[[f"i{k}" for k in range(1, 11)]].iloc[0].tolist() == SEED_SCORES


def test_the_oit_tool_beside_the_ten_indicators_stays_the_tool():
    result = read([*INDICATOR_HEADERS, "การเปิดเผยข้อมูลสาธารณะ"])
    assert result.valid["i9"].tolist() == [SEED_SCORES[8]] and not result.has_errors


def test_everyday_names_and_the_abbreviation_name_their_indicators():
    header = [*NAMES]
    header[1], header[3], header[5] = "การใช้จ่ายงบประมาณ", "การใช้ทรัพย์สินของรัฐ", "คุณภาพในการดำเนินงาน"
    assert read(header).valid[[f"i{k}" for k in range(1, 11)]].iloc[0].tolist() == SEED_SCORES
    short = read([f"ตช.{k}" for k in range(1, 11)])
    assert short.valid[[f"i{k}" for k in range(1, 11)]].iloc[0].tolist() == SEED_SCORES
    # Headings shortened to their subject, as a summary table writes them: the table was refused for 2 and 4.
    header = ["ปฏิบัติหน้าที่", "งบประมาณ", "ใช้อำนาจ", "ทรัพย์สินราชการ", "แก้ไขปัญหาทุจริต", *NAMES[5:9], "ป้องกันทุจริต"]
    assert read(header).valid[[f"i{k}" for k in range(1, 11)]].iloc[0].tolist() == SEED_SCORES


def test_one_agencys_indicators_numbered_then_named_then_scored_without_a_header_are_read():
    """'ตัวชี้วัดที่ 1 | การปฏิบัติหน้าที่ | 91.32' under the agency's title, as an agency's own page or an O42 table
    writes them: the name was read as the score ("การปฏิบัติหน้าที่" is not a number, ten times) and the record lost."""
    rows = [["ผลการประเมิน ITA ของเทศบาลตำบลพอกน้อย ปีงบประมาณ พ.ศ. 2565"]]
    rows += [[f"ตัวชี้วัดที่ {k}", name, s] for k, (name, s) in enumerate(zip(NAMES, SEED_SCORES, strict=True), 1)]
    rows += [[None, "คะแนนรวม", 80.00]]
    result = load_files([("phok-noi.xlsx", xlsx_bytes({"Sheet1": rows}))])
    assert result.valid[[f"i{k}" for k in range(1, 11)]].iloc[0].tolist() == SEED_SCORES
    assert result.valid["agency"].tolist() == ["เทศบาลตำบลพอกน้อย"] and result.valid["year"].tolist() == [2565]
    assert not result.problems["severity"].isin(["error", "warning"]).any(), result.problems


def test_a_count_beside_a_tool_is_not_the_tools_score():
    """'จำนวนผู้ตอบ IIT' (respondents) and 'จำนวนข้อ OIT ที่เผยแพร่' (items published) were read as the tools' scores:
    nine false warnings that 'the file's EIT score 410 differs from the one computed'."""
    result = read([*INDICATOR_HEADERS, "จำนวนผู้ตอบ IIT", "IIT respondents", "จำนวนข้อ OIT ที่เผยแพร่"])
    assert result.problems[result.problems["severity"] != "info"].empty
    assert result.valid["i1"].tolist() == [SEED_SCORES[0]]


def test_indicators_numbered_within_their_tool_under_a_two_row_header():
    """'IIT' over 'ตัวชี้วัดที่ 1 … 5', 'EIT' over '1 … 3', 'OIT' over '1 | 2': every row was refused ('A second
    column for ตัวชี้วัดที่ 1', 'No column for indicator 6 … Add this column')."""
    tools = ["ชื่อหน่วยงาน", *["IIT"] * 5, *["EIT"] * 3, *["OIT"] * 2]  # merged over their columns, as read
    numbers = ["", *(f"ตัวชี้วัดที่ {k}" for k in (1, 2, 3, 4, 5, 1, 2, 3, 1, 2))]
    rows = [tools, numbers, ["เทศบาลตำบลพอกน้อย", *SEED_SCORES]]
    result = load_files([("ita-2566.xlsx", xlsx_bytes({"ITA 2566": rows}))])
    assert result.valid[[f"i{k}" for k in range(1, 11)]].iloc[0].tolist() == SEED_SCORES and not result.has_errors


def test_headings_with_a_one_key_slip_name_their_indicators():
    """'ตัวชีวัดที่ 1' (no tone mark), 'ตัวชี้วัดที 2', 'ตัวขี้วัดที่ 3', 'ตัวชิ้วัดที่ 7': the file was refused."""
    header = [f"ตัวชี้วัดที่ {k}" for k in range(1, 11)]
    header[0], header[1], header[2], header[6] = "ตัวชีวัดที่ 1", "ตัวชี้วัดที 2", "ตัวขี้วัดที่ 3", "ตัวชิ้วัดที่ 7"
    result = read(header)
    assert result.valid[[f"i{k}" for k in range(1, 11)]].iloc[0].tolist() == SEED_SCORES and not result.has_errors


def test_a_count_in_brackets_after_a_heading_changes_nothing_and_the_oit_total_stays_a_tool():
    header = [*INDICATOR_HEADERS[:8], "ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล (จำนวน 33 ข้อ)", INDICATOR_HEADERS[9]]
    assert read(header).valid["i9"].tolist() == [SEED_SCORES[8]]
    from ita.io.headers import catalog_for

    catalog = catalog_for(default_frameworks())
    assert catalog.classify("คะแนน EIT (จำนวนผู้ตอบ 400 คน)").tool == "EIT"
    row = ["ชื่อหน่วยงาน", *NAMES[:8], "การเปิดเผยข้อมูลสาธารณะ (OIT)"]
    matches = catalog.tools_as_indicators(row, [catalog.classify(c) for c in row])
    assert matches[-1].field == "tool"  # the tool's code written: the OIT's total, not indicator 9


def test_headings_and_grades_decorated_with_emoji_are_read_past_the_pictographs():
    """A dashboard's sheet ('🏛️ ชื่อหน่วยงาน', '📊 ตัวชี้วัดที่ 1', '✅ ผ่าน'): the whole file was refused, its header
    "none of the indicators this tool knows", and the grades were said to differ from themselves."""
    header = ["🏛️ ชื่อหน่วยงาน", *[f"📊 {h}" for h in INDICATOR_HEADERS], "⭐ คะแนนรวม", "✅ ผลการประเมิน"]
    scores = [96.0] * 10
    rows = [header, ["เทศบาลตำบลพอกน้อย", *scores, 96.0, "✅ ผ่านดีเยี่ยม"], ["เทศบาลตำบลไร่", *scores, 96.0, "⚠️ ผ่าน"]]
    result = load_files([("ita.xlsx", xlsx_bytes({"ITA 2567": rows}))])
    assert len(result.valid) == 2 and not result.has_errors
    assert result.problems.loc[result.problems["code"] == "grade_mismatch", "row"].tolist() == [3]  # only the wrong one


@pytest.mark.parametrize(("heading", "number"), [("Use of Official Assets", 4), ("Quality of Service", 6)])
def test_english_wordings_of_an_export_name_their_indicators(heading, number):
    header = [*INDICATOR_HEADERS]
    header[number - 1] = heading
    result = load_files([("ita.xlsx", xlsx_bytes({"ITA 2567": [["Agency", *header], ["ก", *SEED_SCORES]]}))])
    assert result.valid[f"i{number}"].tolist() == [SEED_SCORES[number - 1]]


def test_n_a_written_with_dots_is_a_missing_score_not_a_number_refused():
    rows = [["ชื่อหน่วยงาน", *INDICATOR_HEADERS], ["ก", *SEED_SCORES[:4], "n.a.", *SEED_SCORES[5:]]]
    result = load_files([("ita.xlsx", xlsx_bytes({"ITA 2567": rows}))])
    assert result.problems.loc[result.problems["severity"] == "error", "code"].tolist() == ["missing_score"]


@pytest.mark.parametrize("english_first", [False, True])
def test_a_header_in_thai_with_its_english_line_under_it_is_one_header(english_first):
    """'ชื่อหน่วยงาน | ตัวชี้วัดที่ 1 …' over 'Agency | 1. Performance of duty …' (or the other way round): the second
    line gave ten "not a number" errors and "Province 'Province' is none of the 77", on a file read right."""
    thai = ["ชื่อหน่วยงาน", "จังหวัด", *INDICATOR_HEADERS]
    english = ["Agency", "Province", "1. Performance of duty", "2. Use of budget", "3. Use of authority",
               "4. Use of government property", "5. Anti-corruption problem solving", "6. Quality of operations",
               "7. Communication efficiency", "8. Work improvement", "9. Information disclosure",
               "10. Corruption prevention"]  # fmt: skip
    header = [english, thai] if english_first else [thai, english]
    result = load_files([("ita.xlsx", xlsx_bytes({"ITA 2567": [*header, ["ก", "สกลนคร", *SEED_SCORES]]}))])
    assert result.valid["agency"].tolist() == ["ก"] and not result.has_errors
    assert result.problems["severity"].eq("info").all(), result.problems


@pytest.mark.parametrize("with_names", [False, True])
def test_a_long_table_numbering_indicators_within_their_tool_is_read_by_tool_and_number(with_names):
    """'เครื่องมือ | ตัวชี้วัดที่ | คะแนน' with 'IIT 1–5, EIT 1–3, OIT 1–2': every agency was refused, "indicator 1 appears
    twice (89.64 and 85.37), keep one" (following that would delete a real score)."""
    numbers = [("IIT", k) for k in range(1, 6)] + [("EIT", k) for k in range(1, 4)] + [("OIT", k) for k in (1, 2)]
    header = ["หน่วยงาน", "ปีงบประมาณ", "เครื่องมือ", "ตัวชี้วัดที่", *(["ชื่อตัวชี้วัด"] if with_names else []), "คะแนน"]
    rows = [header]
    for (tool, k), score in zip(numbers, SEED_SCORES, strict=True):
        rows.append(["เทศบาลตำบลพอกน้อย", 2567, tool, k, *(["ชื่อ"] if with_names else []), score])
    result = load_files([("ita.xlsx", xlsx_bytes({"ผล": rows}))])
    assert not result.has_errors, result.problems
    got = result.valid.iloc[0]
    assert [got[f"i{k}"] for k in range(1, 11)] == SEED_SCORES


def test_numbers_under_a_word_written_once_not_merged_beside_the_names_heading_above():
    """'หน่วยงาน | ตัวชี้วัดที่ | … | รวม' over ' | 1 | 2 | … | 10 | ' (the word typed once, not merged): the agency
    column was lost and 'ตัวชี้วัดที่' read as every row's agency, the rows then in conflict with each other."""
    rows = [
        ["ผลการประเมิน ITA 2565"],
        ["หน่วยงาน", "ตัวชี้วัดที่", *[None] * 9, "รวม"],
        [None, *[str(k) for k in range(1, 11)], None],
        ["เทศบาลตำบลพอกน้อย", *SEED_SCORES, 80.0],
        ["องค์การบริหารส่วนตำบลนาหัวบ่อ", *[90.0] * 10, 90.0],
    ]
    result = load_files([("ita.xlsx", xlsx_bytes({"Sheet1": rows}))])
    assert sorted(result.valid["agency"]) == ["องค์การบริหารส่วนตำบลนาหัวบ่อ", "เทศบาลตำบลพอกน้อย"]
    assert result.valid["i10"].tolist() == [SEED_SCORES[9], 90.0] and result.problems["severity"].ne("error").all()
