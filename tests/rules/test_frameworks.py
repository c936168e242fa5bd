"""Frameworks are data: the shipped years, their worked examples, and user files added or refused."""

from __future__ import annotations

import shutil

import pytest
from helpers import SEED_SCORES, xlsx_bytes

from ita.io.importer import load_files
from ita.rules.frameworks import BUNDLED_DIR, FrameworkError, load_frameworks
from ita.rules.scoring import score_one

SHIPPED = load_frameworks()


def test_ships_2562_to_2568_with_both_grading_systems():
    assert SHIPPED.years == list(range(2562, 2569))
    assert SHIPPED.errors == ()
    letters = [g.code for g in SHIPPED.by_year[2565].grades]
    labels = [g.label_th for g in SHIPPED.by_year[2566].grades]
    assert letters == ["AA", "A", "B", "C", "D", "E", "F"]
    assert labels == ["ผ่านดีเยี่ยม", "ผ่านดี", "ผ่าน", "ต้องปรับปรุง", "ต้องปรับปรุงโดยด่วน"]
    assert not SHIPPED.by_year[2565].has_tool_floors and SHIPPED.by_year[2566].has_tool_floors


@pytest.mark.parametrize("year", range(2562, 2569))
def test_every_shipped_framework_is_complete(year):
    fw = SHIPPED.by_year[year]
    assert [i.number for i in fw.indicators] == list(range(1, 11))
    assert {t.code: t.weight for t in fw.tools} == {"IIT": 30, "EIT": 30, "OIT": 40}
    assert fw.pass_mark == 85
    assert fw.confidence in ("confirmed", "likely", "unknown") and fw.source
    assert fw.examples, "every shipped year carries a worked example"
    assert fw.id == f"ITA-{year}"


@pytest.mark.parametrize(
    "year,example",
    [(y, e) for y in SHIPPED.years for e in SHIPPED.by_year[y].examples],
    ids=lambda v: str(v) if isinstance(v, int) else v.note[:40],
)
def test_every_shipped_framework_reproduces_its_worked_examples(year, example):
    result = score_one(example.indicators, SHIPPED.by_year[year])
    assert result.grade.label_th == example.grade
    if example.total is not None:
        assert result.total == pytest.approx(example.total, abs=0.005)


def test_indicator_variant_spellings_are_data():
    fw = SHIPPED.by_year[2563]
    assert "การใช้ทรัพย์สินของทางราชการ" in fw.indicator(4).variants
    assert "การปรับปรุงระบบการทำงาน" in fw.indicator(8).variants


# ----------------------------------------------------------------------------- user frameworks

FW_2569 = """
year = 2569
based_on = 2568
name_th = "ITA 2569 (ทดลอง)"
name_en = "ITA 2569 (trial)"
source = "test"
confidence = "unknown"

[[grades]]
code = "pass"
label_th = "ผ่าน"
label_en = "Pass"
min_total = 90.0
passed = true

[[grades]]
code = "fail"
label_th = "ไม่ผ่าน"
label_en = "Fail"
min_total = 0.0
passed = false
"""


def test_a_user_adds_2569_without_code(tmp_path, monkeypatch):
    (tmp_path / "2569.toml").write_text(FW_2569, encoding="utf-8")
    monkeypatch.setenv("ITA_FRAMEWORKS_DIR", str(tmp_path))
    frameworks = load_frameworks()
    fw = frameworks.by_year[2569]
    assert fw.origin == "user" and fw.id == "ITA-2569 (user)"
    assert [g.label_th for g in fw.grades] == ["ผ่าน", "ไม่ผ่าน"]
    assert len(fw.indicators) == 10  # inherited from 2568
    data = xlsx_bytes(
        {"ITA 2569": [["ชื่อหน่วยงาน", *[f"ตัวชี้วัดที่ {k}" for k in range(1, 11)]], ["หน่วยงาน ก", *([89.0] * 10)]]}
    )
    result = load_files([("r.xlsx", data)], frameworks=frameworks)
    row = result.valid.iloc[0]
    assert (row["grade"], row["framework"]) == ("ไม่ผ่าน", "ITA-2569 (user)")


def test_a_user_file_corrects_a_shipped_year(tmp_path):
    text = (
        (BUNDLED_DIR / "2568.toml")
        .read_text(encoding="utf-8")
        .replace('confidence = "unknown"', 'confidence = "confirmed"')
    )
    (tmp_path / "2568.toml").write_text(text, encoding="utf-8")
    frameworks = load_frameworks([tmp_path])
    assert frameworks.by_year[2568].confidence == "confirmed"
    assert frameworks.by_year[2568].origin == "user"
    assert frameworks.by_year[2567].origin == "bundled"


def test_a_year_after_the_newest_borrows_it_with_a_warning():
    data = xlsx_bytes(
        {"ITA 2570": [["ชื่อหน่วยงาน", *[f"ตัวชี้วัดที่ {k}" for k in range(1, 11)]], ["หน่วยงาน ก", *SEED_SCORES]]}
    )
    result = load_files([("r.xlsx", data)])
    assert result.valid.iloc[0]["framework"] == "ITA-2568"
    assert "framework_borrowed" in set(result.problems["code"])


def test_a_year_before_2562_has_no_framework():
    data = xlsx_bytes(
        {"ITA 2561": [["ชื่อหน่วยงาน", *[f"ตัวชี้วัดที่ {k}" for k in range(1, 11)]], ["หน่วยงาน ก", *SEED_SCORES]]}
    )
    result = load_files([("r.xlsx", data)])
    assert result.valid.empty
    assert "no_framework" in set(result.problems["code"])


def _break(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


BASE = (BUNDLED_DIR / "2562.toml").read_text(encoding="utf-8").replace("year = 2562", "year = 2569")


INVALID = [
    ("weights", _break(BASE, "weight = 20.0", "weight = 25.0"), "add up to 105"),
    ("tool weight", _break(BASE, "weight = 40.0", "weight = 45.0"), "tool OIT has weight 45"),
    ("unknown tool", _break(BASE, 'tool = "OIT"', 'tool = "XIT"'), "tool 'XIT' is not one of"),
    ("missing field", _break(BASE, 'name_en = "Use of budget"\n', ""), "missing field 'name_en'"),
    ("text weight", _break(BASE, "weight = 6.0", 'weight = "six"'), "must be a number"),
    ("toml syntax", BASE + "\n[[grades]\n", "not valid TOML"),
    ("grade order", _break(BASE, "min_total = 95.0", "min_total = 50.0"), "best first"),
    ("no floor grade", _break(BASE, "min_total = 0.0", "min_total = 10.0"), "min_total = 0"),
    ("gap in numbers", _break(BASE, "number = 10", "number = 11"), "numbered 1..N"),
    ("base missing", "year = 2569\nbased_on = 2400\n", "no framework for 2400"),
    ("bad example", _break(BASE, "indicators = [83.65", "indicators = [1.0, 83.65"), "needs 10 indicator scores"),
    ("confidence", _break(BASE, 'confidence = "confirmed"', 'confidence = "sure"'), "confidence must be one of"),
]


@pytest.mark.parametrize("name,content,says", INVALID, ids=[case[0] for case in INVALID])
def test_an_invalid_user_file_is_refused_with_a_clear_message(tmp_path, name, content, says):
    path = tmp_path / "2569.toml"
    path.write_text(content, encoding="utf-8")
    frameworks = load_frameworks([tmp_path])
    assert 2569 not in frameworks.by_year
    assert len(frameworks.errors) == 1
    assert str(path) in frameworks.errors[0] and says in frameworks.errors[0]
    with pytest.raises(FrameworkError, match=says.replace("(", r"\(").replace(".", r"\.")):
        load_frameworks([tmp_path], strict=True)


def test_a_refused_correction_keeps_the_shipped_year(tmp_path):
    shutil.copy(BUNDLED_DIR / "2566.toml", tmp_path / "2566.toml")
    (tmp_path / "2566.toml").write_text(
        (tmp_path / "2566.toml").read_text(encoding="utf-8").replace("min_each_tool = 95.0", "min_each_tool = true"),
        encoding="utf-8",
    )
    frameworks = load_frameworks([tmp_path])
    assert frameworks.by_year[2566].origin == "bundled"
    assert "min_each_tool" in frameworks.errors[0]


def test_a_missing_framework_directory_is_reported(tmp_path):
    frameworks = load_frameworks([tmp_path / "nowhere"])
    assert "not found" in frameworks.errors[0]


@pytest.mark.parametrize(
    ("year", "written", "code"),
    [
        (2563, "ระดับ C", "C"),
        (2563, "เกรด C", "C"),
        (2563, "D (ต่ำ)", "D"),
        (2563, "Grade: AA", "AA"),
        (2563, "a", "A"),
        (2564, "A ผ่าน", "A"),  # the letter and a word saying it passed: was a grade mismatch
        (2564, "D ไม่ผ่าน", "D"),
        (2564, "B\n(85-94.99)", "B"),
        (2566, "ผ่าน ดี", "good"),
        (2566, "ต้อง ปรับปรุง", "improve"),
        (2566, "ระดับผ่านดีเยี่ยม", "excellent"),
        (2566, "ผลการประเมิน: ผ่าน", "pass"),
        (2566, "Excellent  pass", "excellent"),
        (2567, "ต้องปรับปรุงอย่างเร่งด่วน", "urgent"),  # a variant the framework lists
        (2566, "Pass (Good)", "good"),  # as an English export writes it: was read as "Pass", a false mismatch
        (2568, "ผ่าน (ดีเยี่ยม)", "excellent"),
        (2566, "Pass (50)", "pass"),  # a note in brackets is still read past
        (2566, "ผ่านดีมาก", None),  # no such grade: never the nearest one
        (2563, "ผ่านดี", None),  # a label of another year's scale
    ],
)
def test_a_grade_is_found_as_people_type_it(year, written, code):
    framework, _ = load_frameworks().for_year(year)
    found = framework.find_grade(written)
    assert (found.code if found else None) == code


def test_a_name_is_written_short_with_its_types_abbreviation():
    """Where room is short (the heatmap's rows at 1024 wide): 'อบต.จันทร์เพ็ญ', never a name of no listed type."""
    from ita.rules.agency_types import agency_types

    short = agency_types().abbreviated
    assert short("องค์การบริหารส่วนตำบลจันทร์เพ็ญ") == "อบต.จันทร์เพ็ญ" and short("เทศบาลนครสกลนคร") == "ทน.สกลนคร"
    assert short("เทศบาลตำบลพอกน้อย") == "ทต.พอกน้อย" and short("องค์การบริหารส่วนจังหวัดสกลนคร") == "อบจ.สกลนคร"
    assert short("มหาวิทยาลัยราชภัฏสกลนคร") == "มหาวิทยาลัยราชภัฏสกลนคร" and short("เทศบาลตำบล") == "เทศบาลตำบล"
