"""One agency, one identity across files and years (issue 10, point 1): codes, names with province and type, places
read out of name lines, a warning for a same name elsewhere, merges and splits stored and re-applied."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest
from helpers import DATA, INDICATOR_HEADERS, SAMPLES, SEED_SCORES, problems_of, xlsx_bytes

from ita.analysis.agency import agency_year
from ita.io.identity import AgencyLinks, aliases, find_key, keys_for
from ita.io.importer import load_files
from ita.io.places import split_place
from ita.measures.model import Measure
from ita.measures.store import open_store
from ita.storage import agency_links, datasets
from ita.storage.db import engine_for

PHOK_NOI = "เทศบาลตำบลพอกน้อย"
PHOK_NOI_KEY = "เทศบาลตำบลพอกน้อย@สกลนคร"
REFERENCE_CSV = DATA / "up-ita-2563.csv"  # the 39 units of ../shared/reference, with their codes


def samples() -> list[tuple[str, bytes]]:
    return [(p.name, p.read_bytes()) for p in sorted(SAMPLES.glob("*.xlsx"))]


def wide(name: str, rows: list[list], heads: tuple[str, ...] = ("ชื่อหน่วยงาน", "จังหวัด")) -> tuple[str, bytes]:
    return name, xlsx_bytes({"ITA 2563": [[*heads, *INDICATOR_HEADERS], *[[*r, *SEED_SCORES] for r in rows]]})


def agencies(table: pd.DataFrame) -> int:
    return int(table["agency_key"].nunique())


@pytest.mark.parametrize(
    ("line", "name", "district", "province"),
    [
        ("เทศบาลตำบลพอกน้อย อำเภอพรรณานิคม จังหวัดสกลนคร", PHOK_NOI, "พรรณานิคม", "สกลนคร"),
        ("อบต.นาคำ  อ.เมืองสกลนคร จ.สกลนคร", "อบต.นาคำ", "เมืองสกลนคร", "สกลนคร"),
        ("สำนักงานเขตบางรัก เขตบางรัก กรุงเทพมหานคร", "สำนักงานเขตบางรัก", "บางรัก", "กรุงเทพมหานคร"),
        ("จังหวัดสกลนคร", "จังหวัดสกลนคร", "", ""),  # a place word that starts the name is the name
        ("องค์การบริหารส่วนจังหวัดสกลนคร", "องค์การบริหารส่วนจังหวัดสกลนคร", "", ""),
        ("ที่ทำการปกครองอำเภอเมือง", "ที่ทำการปกครองอำเภอเมือง", "", ""),  # no space before the place word
        ("อบต.นาแก (อ.นาแก จ.นครพนม)", "อบต.นาแก", "นาแก", "นครพนม"),  # the place in brackets
        ("โรงเรียนบ้านนา (มัธยม)", "โรงเรียนบ้านนา (มัธยม)", "", ""),  # brackets that hold no place
        # A numbered office: the number is part of its name (found in review), bracketed or not
        ("สพป.สกลนคร (เขต 1)", "สพป.สกลนคร (เขต 1)", "", ""),
        ("สำนักงานเขตพื้นที่การศึกษาประถมศึกษาสกลนคร เขต 2", "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาสกลนคร เขต 2", "", ""),
        # The separator typed before the place is not the name's ('องค์การบริหารส่วนตำบลหนองไผ่,' in the reports)
        ("อบต.หนองไผ่, อ.เมืองอุดรธานี", "อบต.หนองไผ่", "เมืองอุดรธานี", ""),
        ("อบต.ไร่ - อ.พรรณานิคม จ.สกลนคร", "อบต.ไร่", "พรรณานิคม", "สกลนคร"),
    ],
)
def test_a_name_line_gives_name_district_and_province(line, name, district, province):
    place = split_place(line)
    assert (place.name, place.district, place.province) == (name, district, province)


def test_a_name_that_is_a_province_gives_its_province():
    rows = [["ชื่อหน่วยงาน", "ประเภท", *INDICATOR_HEADERS], ["อบจ.นครพนม", "", *SEED_SCORES]]
    rows += [["จังหวัดสกลนคร", "", *SEED_SCORES], ["สำนักงานจังหวัดอุดรธานี", "จังหวัด", *SEED_SCORES]]
    rows += [["องค์การบริหารส่วนจังหวัดเลย (อบจ.)", "", *SEED_SCORES]]
    result = load_files([("x.xlsx", xlsx_bytes({"ITA 2563": rows}))])
    got = result.valid.set_index("agency")["province"].fillna("").to_dict()
    assert got == {
        "องค์การบริหารส่วนจังหวัดนครพนม": "นครพนม",
        "จังหวัดสกลนคร": "สกลนคร",
        "สำนักงานจังหวัดอุดรธานี": "",  # its suffix is no province: none is made up (found in review)
        "องค์การบริหารส่วนจังหวัดเลย (อบจ.)": "",
    }
    assert problems_of(result, "unknown_province").empty


def test_a_key_of_the_version_before_names_gave_their_province_still_finds_the_agency():
    """อบจ.นครพนม was keyed by its name alone before its name filled its province: that key is an older key of it."""
    result = load_files([wide("x.xlsx", [["อบจ.นครพนม", ""]])])
    (key,) = set(result.table["agency_key"])
    assert key == "องค์การบริหารส่วนจังหวัดนครพนม@นครพนม"
    assert keys_for(result.table, key) == [key, "องค์การบริหารส่วนจังหวัดนครพนม"]


def test_a_province_is_one_name_however_it_was_typed():
    header = ["ชื่อหน่วยงาน", "จังหวัด", *INDICATOR_HEADERS]
    rows = [["ก", "จ.สกลนคร", *SEED_SCORES], ["ข", "จังหวัด สกลนคร", *SEED_SCORES], ["ค", "สกลนคร", *SEED_SCORES]]
    rows += [["ฉ", "Sakon Nakhon", *SEED_SCORES], ["ช", "sakon nakhon province", *SEED_SCORES]]
    rows += [["ง", "กรุงเทพฯ", *SEED_SCORES], ["จ", "กรุงเทพมหานคร", *SEED_SCORES], ["ซ", "Chonburi", *SEED_SCORES]]
    result = load_files([("x.xlsx", xlsx_bytes({"ITA 2563": [header, *rows]}))])
    assert result.valid["province"].tolist() == ["สกลนคร"] * 5 + ["กรุงเทพมหานคร"] * 2 + ["ชลบุรี"]
    assert problems_of(result, "unknown_province").empty


def test_a_province_that_is_none_of_the_77_is_said_once_per_spelling():
    header = ["ชื่อหน่วยงาน", "จังหวัด", *INDICATOR_HEADERS]
    rows = [["ก", "สกลฯ", *SEED_SCORES], ["ข", "สกลฯ", *SEED_SCORES], ["ค", "สกลนคร", *SEED_SCORES]]
    result = load_files([("x.xlsx", xlsx_bytes({"ITA 2563": [header, *rows]}))])
    said = problems_of(result, "unknown_province")
    assert (
        said["row"].tolist() == [2]
        and '"สกลฯ"' in said["message_en"].iloc[0]
        and "2 rows" in said["message_en"].iloc[0]
    )
    assert len(result.valid) == 3  # read all the same, as written


def test_a_type_column_saying_only_local_government_takes_the_type_the_name_says():
    """'อปท.' beside 'ทต.พอกน้อย': เทศบาลตำบล, the same agency as in a file with a precise type. Before, the two
    were kept apart as different types."""
    heads = ("ชื่อหน่วยงาน", "จังหวัด", "ประเภท")
    a = wide("a.xlsx", [["ทต.พอกน้อย", "สกลนคร", "อปท."], ["หน่วยงานทดสอบ", "สกลนคร", "อปท."]], heads)
    b = wide("b.xlsx", [[PHOK_NOI, "สกลนคร", "เทศบาลตำบล"]], heads)
    result = load_files([a, b])
    assert set(result.table["agency_type"]) == {"เทศบาลตำบล", "อปท."}  # a name that says no type keeps it as written
    assert agencies(result.table) == 2 and problems_of(result, "agency_same_name_differs").empty


def test_a_name_written_with_its_types_abbreviation_is_the_same_agency():
    """'ทต.พอกน้อย อ.พรรณานิคม จ.สกลนคร' in one file and 'เทศบาลตำบลพอกน้อย …' in another are one agency."""
    header = ["ชื่อหน่วยงาน", *INDICATOR_HEADERS]
    short = [header, ["ทต.พอกน้อย อ.พรรณานิคม จ.สกลนคร", *SEED_SCORES], ["อบต. บ้านดง", *SEED_SCORES]]
    full = [header, ["เทศบาลตำบลพอกน้อย อำเภอพรรณานิคม จังหวัดสกลนคร", *SEED_SCORES]]
    result = load_files([("a.xlsx", xlsx_bytes({"ITA 2563": short})), ("b.xlsx", xlsx_bytes({"ITA 2564": full}))])
    rows = result.valid.set_index(["agency", "year"])
    assert set(rows.index) == {
        ("เทศบาลตำบลพอกน้อย", 2563),
        ("เทศบาลตำบลพอกน้อย", 2564),
        ("องค์การบริหารส่วนตำบลบ้านดง", 2563),
    }
    assert (
        result.valid.groupby("agency")["agency_key"].nunique().eq(1).all() and result.valid["agency_key"].nunique() == 2
    )
    assert rows.loc[("องค์การบริหารส่วนตำบลบ้านดง", 2563), "agency_type"] == "องค์การบริหารส่วนตำบล"


def test_a_sheet_per_province_takes_its_province_from_its_title():
    """Two sheets, no province column, the same names: the titles say which province each sheet is."""
    header = ["ชื่อหน่วยงาน", *INDICATOR_HEADERS]
    sheets = {
        name: [[f"ผลการประเมิน ITA ปีงบประมาณ พ.ศ. 2566 จังหวัด{name}"], header, ["เทศบาลตำบลนาหว้า", *scores]]
        for name, scores in (("สกลนคร", SEED_SCORES), ("นครพนม", [min(100, s + 5) for s in SEED_SCORES]))
    }
    result = load_files([("provinces.xlsx", xlsx_bytes(sheets))])
    assert sorted(result.valid["province"]) == ["นครพนม", "สกลนคร"] and len(set(result.valid["agency_key"])) == 2
    assert not result.problems["severity"].isin(["error"]).any()
    assert len(problems_of(result, "province_from_title")) == 2


def test_thai_glyph_variants_from_a_pdf_are_their_letters():
    """Text converted from a PDF carries the fonts' glyph variants in the Private Use Area (U+F70B for a low ้,
    U+F70E for ์): 'องค\uf70eการบริหารส่วนตำบลไร\uf70a' was a new agency without a type, shown without its marks."""
    pua = {"ITA 2566": [["ชื่อหน่วยงาน", "การปฏิบัติหน\uf70bาที่", *INDICATOR_HEADERS[1:]]]}
    pua["ITA 2566"] += [["องค\uf70eการบริหารส่วนตำบลไร\uf70a", *SEED_SCORES], ["เทศบาลตำบลพอกน\uf70bอย", *SEED_SCORES]]
    clean = {"ITA 2567": [["ชื่อหน่วยงาน", *INDICATOR_HEADERS], ["องค์การบริหารส่วนตำบลไร่", *SEED_SCORES]]}
    result = load_files([("pdf.xlsx", xlsx_bytes(pua)), ("clean.xlsx", xlsx_bytes(clean))])
    rows = result.valid.set_index(["agency", "year"])
    assert set(rows.index) == {
        ("องค์การบริหารส่วนตำบลไร่", 2566),
        ("องค์การบริหารส่วนตำบลไร่", 2567),
        ("เทศบาลตำบลพอกน้อย", 2566),
    }
    assert result.valid.groupby("agency")["agency_key"].nunique().eq(1).all()
    assert rows.loc[("องค์การบริหารส่วนตำบลไร่", 2566), "agency_type"] == "องค์การบริหารส่วนตำบล"


def test_a_province_written_only_on_the_cover_is_the_tables():
    """A cover sheet ('รายงานผล ITA … จังหวัดสกลนคร') before a table with no province column and no title: a person
    reads every agency as in สกลนคร. They had no province (left out of the province's rankings). A table with a
    province column keeps its own, and covers naming two provinces give none."""
    cover = [["รายงานผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2567"], ["จังหวัดสกลนคร"]]
    table = [["ชื่อหน่วยงาน", *INDICATOR_HEADERS], ["เทศบาลตำบลนาหว้า", *SEED_SCORES]]
    result = load_files([("ita.xlsx", xlsx_bytes({"ปก": cover, "ผลคะแนน": table}))])
    assert result.valid["province"].tolist() == ["สกลนคร"] and not result.has_errors
    (said,) = problems_of(result, "province_from_cover")["message_en"]
    assert "สกลนคร" in said and '"ปก"' in said
    assert "year you gave" not in " ".join(result.problems["message_en"])  # the cover's year is said as the cover's
    own = [["ชื่อหน่วยงาน", "จังหวัด", *INDICATOR_HEADERS], ["เทศบาลตำบลนาหว้า", "นครพนม", *SEED_SCORES]]
    kept = load_files([("ita.xlsx", xlsx_bytes({"ปก": cover, "ผลคะแนน": own}))])
    assert kept.valid["province"].tolist() == ["นครพนม"] and problems_of(kept, "province_from_cover").empty
    two = [["จังหวัดนครพนม"]]
    none = load_files([("ita.xlsx", xlsx_bytes({"ปก": cover, "ปก 2": two, "ผลคะแนน": table}))])
    assert none.valid["province"].tolist() == [""] and problems_of(none, "province_from_cover").empty
    # A review: any place-like words on a cover were taken ('จังหวัดต่าง ๆ', an address, who compiled it).
    for words in (["ผลการประเมิน ITA ของหน่วยงานในจังหวัดต่าง ๆ"], ["จัดทำโดย สำนักงาน ป.ป.ช. ประจำจังหวัดสกลนคร"]):
        other = load_files([("ita.xlsx", xlsx_bytes({"ปก": [[w] for w in words], "ผลคะแนน": table}))], year=2567)
        assert other.valid["province"].tolist() == [""], words
    block = [["รายงานผลการประเมิน ITA"], ["ประจำปีงบประมาณ พ.ศ. 2567"], ["องค์กรปกครองส่วนท้องถิ่น จังหวัดสกลนคร"]]
    block += [[""], ["สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดนครพนม"]]  # the title block ends at the blank line
    titled = load_files([("ita.xlsx", xlsx_bytes({"ปก": block, "ผลคะแนน": table}))])
    assert titled.valid["province"].tolist() == ["สกลนคร"]
    address = [["รายงานผล ITA 2567 จังหวัดนครพนม"], ["ที่อยู่ 99 ถนนมิตรภาพ อำเภอเมืองขอนแก่น"]]
    placed = load_files([("ita.xlsx", xlsx_bytes({"ปก": address, "ผลคะแนน": table}))])
    assert placed.valid[["province", "district"]].values.tolist() == [["นครพนม", ""]]


def test_a_file_without_codes_next_to_the_samples_adds_no_agency():
    """The issue's case: the 39 units uploaded again without their code column were 39 silent copies."""
    with REFERENCE_CSV.open(encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    code = next(i for i, h in enumerate(rows[0]) if "รหัส" in h or h.strip().lower() in ("id", "agency_id"))
    stripped = io.StringIO()
    csv.writer(stripped).writerows([[c for i, c in enumerate(r) if i != code] for r in rows])
    before = load_files(samples()).table
    after = load_files([*samples(), ("units-no-code.csv", stripped.getvalue().encode("utf-8"))])
    assert agencies(after.table) == agencies(before) == 87
    unit = after.table.loc[after.table["agency"] == "กองกฎหมายและทรัพย์สิน"]
    assert len(unit) == 1 and unit["agency_key"].iloc[0].startswith("id:")  # one row: the same agency-year
    assert len(problems_of(after, "duplicate_identical")) >= 39
    assert {j.key for j in after.joins} <= set(before["agency_key"]) and len(after.joins) >= 39
    view = agency_year(after.table, unit["agency_key"].iloc[0], 2563, peer_basis="all")
    assert view is not None and view.peers is not None
    assert view.peers.count == agencies(before.loc[before["year"] == 2563])  # peers counted once


def test_a_single_agency_sheet_naming_its_place_is_the_same_agency():
    sheet = [["หน่วยงาน: เทศบาลตำบลพอกน้อย อำเภอพรรณานิคม จังหวัดสกลนคร"], ["ปีงบประมาณ", 2566], ["ตัวชี้วัด", "คะแนน"]]
    sheet += [[h, s] for h, s in zip(INDICATOR_HEADERS, SEED_SCORES, strict=True)]
    result = load_files([*samples(), ("phok-noi-own-page.xlsx", xlsx_bytes({"ผล": sheet}))])
    own = result.table.loc[result.table["source_file"] == "phok-noi-own-page.xlsx"]
    assert own[["agency", "district", "province", "agency_key"]].iloc[0].tolist() == [
        PHOK_NOI,
        "พรรณานิคม",
        "สกลนคร",
        PHOK_NOI_KEY,
    ]
    assert agencies(result.table) == 87
    assert own["agency_type"].iloc[0] == "เทศบาลตำบล"  # read from the name's start


def test_the_same_name_in_another_province_is_a_warning_naming_both_and_can_be_merged():
    other = wide("udon.xlsx", [[PHOK_NOI, "อุดรธานี"]])
    result = load_files([*samples(), other])
    assert agencies(result.table) == 88
    (said,) = problems_of(result, "agency_same_name_differs")["message_th"]
    assert "อุดรธานี" in said and "สกลนคร" in said and said.count(PHOK_NOI) == 2
    (kept,) = result.kept_apart
    assert {kept["new_key"], kept["other_key"]} == {PHOK_NOI_KEY, "เทศบาลตำบลพอกน้อย@อุดรธานี"}

    merged = load_files([*samples(), other], links=AgencyLinks({kept["new_key"]: kept["other_key"]}))
    assert agencies(merged.table) == 87 and problems_of(merged, "agency_same_name_differs").empty
    assert set(merged.table.loc[merged.table["agency"] == PHOK_NOI, "agency_key"]) == {kept["other_key"]}


def test_names_in_several_provinces_within_one_file_are_no_warning():
    result = load_files([wide("national.xlsx", [["เทศบาลตำบลหนองบัว", "อุดรธานี"], ["เทศบาลตำบลหนองบัว", "สกลนคร"]])])
    assert agencies(result.table) == 2 and problems_of(result, "agency_same_name_differs").empty


def test_a_name_without_a_province_joins_the_one_agency_it_fits_and_a_split_keeps_it_apart():
    bare = wide("no-province.xlsx", [[PHOK_NOI]], heads=("หน่วยงาน",))
    joined = load_files([*samples(), bare])
    assert agencies(joined.table) == 87
    (join,) = joined.joins
    assert (join.own_key, join.key, join.files) == (PHOK_NOI, PHOK_NOI_KEY, ("no-province.xlsx",))
    apart = load_files([*samples(), bare], links=AgencyLinks(splits=frozenset({frozenset({PHOK_NOI, PHOK_NOI_KEY})})))
    assert agencies(apart.table) == 88 and not apart.joins


def test_a_name_without_a_province_that_fits_two_agencies_is_kept_apart_with_a_warning():
    two = wide("two.xlsx", [[PHOK_NOI, "สกลนคร"], [PHOK_NOI, "อุดรธานี"]])
    result = load_files([two, wide("bare.xlsx", [[PHOK_NOI]], heads=("หน่วยงาน",))])
    assert agencies(result.table) == 3
    (said,) = problems_of(result, "agency_name_ambiguous")["message_th"]
    assert "สกลนคร" in said and "อุดรธานี" in said


def test_one_name_in_several_districts_of_a_province_is_one_agency_per_district():
    """Tambons of one name in one province are common: each district's is its own agency, with its own scores.
    Before, the three rows below were one agency's conflicting duplicates and none was read."""
    heads = ("ชื่อหน่วยงาน", "อำเภอ", "จังหวัด")
    rows = [["อบต.นาแก", district, "สกลนคร"] for district in ("อำเภอเมืองสกลนคร", "พรรณานิคม", "อ.วานรนิวาส")]
    name, data = wide("districts.xlsx", rows, heads)
    result = load_files([(name, data)])
    assert agencies(result.valid) == 3 and (result.problems["severity"] == "error").sum() == 0, result.problems
    assert "องค์การบริหารส่วนตำบลนาแก@สกลนคร/พรรณานิคม" in set(result.valid["agency_key"])
    # The same agency in another file, its district written short: the one it fits; no district: none of them.
    again = wide("later.xlsx", [["อบต.นาแก", "เมือง", "สกลนคร"]], heads)
    bare = wide("bare.xlsx", [["อบต.นาแก", "สกลนคร"]])
    both = load_files([(name, data), again, bare])
    assert agencies(both.table) == 4 and len(problems_of(both, "agency_name_ambiguous")) == 1
    (join,) = both.joins
    assert join.files == ("later.xlsx",) and join.key.endswith("/เมืองสกลนคร")


def test_a_key_made_before_a_namesake_in_another_district_arrived_still_finds_its_agency():
    """Found in review: stored under 'อบต.นาแก@นครพนม' while the only one, an agency's measures were orphaned once a
    file brought a namesake in another district (both then keyed by district). The old key is an older key of the
    district its own file had."""
    heads = ("ชื่อหน่วยงาน", "อำเภอ", "จังหวัด")
    alone = wide("a.xlsx", [["อบต.นาแก", "นาแก", "นครพนม"]], heads)
    rows = [[*heads, *INDICATOR_HEADERS]] + [["อบต.นาแก", d, "นครพนม", *SEED_SCORES] for d in ("นาแก", "ธาตุพนม")]
    both = ("b.xlsx", xlsx_bytes({"ITA 2564": rows}))  # the next year's file
    (old,) = set(load_files([alone]).table["agency_key"])
    table = load_files([alone, both]).table
    assert old == "องค์การบริหารส่วนตำบลนาแก@นครพนม" and old not in set(table["agency_key"])
    assert old in keys_for(table, f"{old}/นาแก") and old not in keys_for(table, f"{old}/ธาตุพนม")
    assert aliases(load_files([both]).table) == {}  # b alone: that key never named one of them
    # A merge made on the old key (another province's row said to be this one) follows it to the district's agency.
    udon = (
        "c.xlsx",
        xlsx_bytes({"ITA 2565": [[*heads, *INDICATOR_HEADERS], ["อบต.นาแก", "", "อุดรธานี", *SEED_SCORES]]}),
    )
    merge = AgencyLinks(merges={"องค์การบริหารส่วนตำบลนาแก@อุดรธานี": old})
    merged = load_files([alone, both, udon], links=merge).table
    assert set(merged.loc[merged["source_file"] == "c.xlsx", "agency_key"]) == {f"{old}/นาแก"}


def test_a_sheet_per_district_gives_its_district_and_province_to_its_rows():
    """A provincial workbook with a sheet per district, the district and province in each title ('อ.' and 'จ.' as
    offices shorten them): the tambon of one name in two districts is two agencies. Before, both rows were dropped as
    one agency's conflicting duplicates."""
    sheets = {}
    for district, shift in (("อ.เมืองสกลนคร", 0), ("อำเภอพรรณานิคม", 1)):
        title = [f"ผลการประเมิน ITA ปีงบประมาณ พ.ศ. 2564 {district} จ.สกลนคร"]
        sheets[district] = [title, ["ชื่อหน่วยงาน", *INDICATOR_HEADERS], ["อบต.ดงชน", *[s + shift for s in SEED_SCORES]]]
    result = load_files([("districts.xlsx", xlsx_bytes(sheets))])
    got = result.valid.set_index("district")
    assert set(got.index) == {"เมืองสกลนคร", "พรรณานิคม"} and set(got["province"]) == {"สกลนคร"}
    assert agencies(result.valid) == 2 and (result.problems["severity"] == "error").sum() == 0
    assert len(problems_of(result, "district_from_title")) == 2


def test_a_title_that_only_mentions_districts_gives_none():
    """'จำแนกรายอำเภอ ประจำปีงบประมาณ 2563' names no district (found in review: 'ประจำปีงบประมาณ' became every row's)."""
    title = ["ผลการประเมิน ITA ของ อปท. ในจังหวัดสกลนคร จำแนกรายอำเภอ ประจำปีงบประมาณ 2563"]
    rows = [title, ["ชื่อหน่วยงาน", *INDICATOR_HEADERS], ["อบต.ดงชน", *SEED_SCORES]]
    result = load_files([("x.xlsx", xlsx_bytes({"ผล": rows}))])
    assert result.valid["province"].tolist() == ["สกลนคร"] and not result.valid["district"].fillna("").any()
    assert problems_of(result, "district_from_title").empty


def test_one_district_written_two_ways_is_one_agency():
    heads = ("ชื่อหน่วยงาน", "อำเภอ", "จังหวัด")
    result = load_files(
        [
            wide("a.xlsx", [[PHOK_NOI, "พรรณานิคม", "สกลนคร"]], heads),
            wide("b.xlsx", [[PHOK_NOI, "อำเภอพรรณานิคม", "สกลนคร"]], heads),
        ]
    )
    assert set(result.table["agency_key"]) == {PHOK_NOI_KEY}  # the key of a name in one district stays as it was


def test_a_type_that_differs_keeps_two_agencies():
    heads = ("ชื่อหน่วยงาน", "จังหวัด", "ประเภท")
    result = load_files(
        [
            wide("a.xlsx", [["สกลนคร", "สกลนคร", "จังหวัด"]], heads),
            wide("b.xlsx", [["สกลนคร", "สกลนคร", "หน่วยงานอื่นของรัฐ"]], heads),
        ]
    )
    assert agencies(result.table) == 2
    assert len(problems_of(result, "agency_same_name_differs")) == 1


def test_older_keys_and_names_find_the_agency():
    table = load_files(samples()).table
    assert find_key(table, PHOK_NOI) == PHOK_NOI_KEY  # the key of an earlier version: the bare name
    assert find_key(table, "เทศบาลตำบลพอกน้อย จังหวัดสกลนคร") == PHOK_NOI_KEY
    assert find_key(table, PHOK_NOI_KEY) == PHOK_NOI_KEY
    assert find_key(table, "เทศบาลตำบลไม่มีจริง") is None
    assert keys_for(table, PHOK_NOI_KEY) == [PHOK_NOI_KEY, PHOK_NOI]
    assert agency_year(table, PHOK_NOI, 2563).agency_key == PHOK_NOI_KEY


def test_merges_and_splits_are_stored_undone_and_moved_measures_keep_history(tmp_path: Path):
    engine = engine_for(f"sqlite:///{tmp_path / 'ita.db'}")
    datasets.prepare(engine)
    merge = agency_links.merge(engine, "a@x", "a@y", who="แอดมิน")
    agency_links.split(engine, "b", "id:7", who="แอดมิน")
    links = agency_links.current(engine)
    assert links.target("a@x") == "a@y" and links.apart("id:7", "b")
    with pytest.raises(agency_links.LinkRefused):
        agency_links.merge(engine, "a@y", "a@x", who="แอดมิน")  # a loop
    with pytest.raises(agency_links.LinkRefused):
        agency_links.split(engine, "b", "b", who="แอดมิน")
    agency_links.remove(engine, merge.id, who="admin")
    assert agency_links.current(engine).merges == {}

    store = open_store(engine=engine)
    made = store.create_measure(Measure("a@x", "ก", 2564, "มาตรการ ก"), who="ผู้ใช้")
    assert store.move_agency("a@x", "a@y", "ก ใหม่", who="แอดมิน") == 1
    (moved,) = store.list_measures("a@y")
    assert (moved.id, moved.agency, moved.version) == (made.id, "ก ใหม่", 2) and store.list_measures("a@x") == []
    assert {(c.action, c.field, c.old, c.new) for c in store.history(made.id) if c.action == "move"} == {
        ("move", "agency_key", "a@x", "a@y"),
        ("move", "agency", "ก", "ก ใหม่"),
    }


def test_a_code_that_lost_its_leading_zero_is_the_same_agency_and_its_old_key_still_finds_it():
    """'03004' in a CSV and 3004 once Excel opened it: one department with two years, not two departments with
    one each. Measures stored under the key of the code as written ('id:03004') still find it."""
    header = ["รหัสหน่วยงาน", "ชื่อหน่วยงาน", *INDICATOR_HEADERS]
    text = "\n".join(",".join(r) for r in (header, ["03004", "กรมบัญชีกลาง", *(f"{s:.2f}" for s in SEED_SCORES)]))
    typed = xlsx_bytes({"ITA 2567": [header, [3004, "กรมบัญชีกลาง", *SEED_SCORES]]})
    result = load_files([("ita-2566.csv", text.encode("utf-8")), ("ita-2567.xlsx", typed)])
    assert sorted(result.valid["year"]) == [2566, 2567] and result.valid["agency_key"].nunique() == 1
    key = result.valid["agency_key"].iloc[0]
    assert aliases(result.table)["id:03004"] == key and "id:03004" in keys_for(result.table, key)


def names_csv(year: int, names: list[str]) -> tuple[str, bytes]:
    rows = [["ชื่อหน่วยงาน", "จังหวัด", *INDICATOR_HEADERS]]
    rows += [[name, "สกลนคร", *[f"{s:.2f}" for s in SEED_SCORES]] for name in names]
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return f"ita_{year}.csv", out.getvalue().encode()


def test_an_english_or_former_name_after_the_thai_one_is_a_note_and_the_rows_join():
    """Found by a reviewer: "(Phok Noi Subdistrict Municipality)", "/ Sawang SAO" or "(ยกฐานะจาก อบต.นาหัวบ่อ)" after a
    name stayed in it, so the rows never joined the agency's other years, without a word; "(เดิม อบต.พอกน้อย)" was read
    as marking a replaced row."""
    written = [
        "เทศบาลตำบลพอกน้อย (Phok Noi Subdistrict Municipality)",
        "องค์การบริหารส่วนตำบลสว่าง / Sawang SAO",
        "เทศบาลตำบลพังโคน Phang Khon Subdistrict Municipality",
        "เทศบาลตำบลนาหัวบ่อ (ยกฐานะจาก อบต.นาหัวบ่อ)",
        "เทศบาลตำบลไร่ (เดิม อบต.ไร่)",
        "Nakhon Phanom Town Municipality / ทม.นครพนม",  # the English name first (a review: kept whole, no type)
        "ศูนย์เทคโนโลยี ICT Center",  # two English words of its own name: kept
    ]
    plain = ["เทศบาลตำบลพอกน้อย", "องค์การบริหารส่วนตำบลสว่าง", "เทศบาลตำบลพังโคน", "เทศบาลตำบลนาหัวบ่อ", "เทศบาลตำบลไร่"]
    plain += ["เทศบาลเมืองนครพนม"]
    result = load_files([names_csv(2566, written), names_csv(2567, [*plain, "ศูนย์เทคโนโลยี ICT Center"])])
    years = result.valid.groupby("agency_key")["year"].apply(sorted)
    assert len(years) == 7 and all(y == [2566, 2567] for y in years)
    assert set(result.valid["agency"]) == {*plain, "ศูนย์เทคโนโลยี ICT Center"}
    notes = problems_of(result, "name_note")
    assert len(notes) == 6 and notes["row"].tolist() == [2, 3, 4, 5, 6, 7]
    assert "(Phok Noi Subdistrict Municipality)" in notes["message_en"].iat[0]
    assert problems_of(result, "revision_mark_superseded").empty  # a former name is no replaced row
    # "(เดิม)" alone, or with a mark's words after it, still marks the replaced copy of a row corrected under it
    for written in ("เทศบาลตำบลพอกน้อย (เดิม)", "เทศบาลตำบลพอกน้อย (เดิม ก่อนอุทธรณ์)"):
        marked = load_files([names_csv(2566, [written])])
        assert len(problems_of(marked, "revision_mark_superseded")) == 1 and problems_of(marked, "name_note").empty


def test_a_province_cell_that_names_its_district_too_or_uses_jor_wor_is_the_province():
    """Found by a reviewer: 'อ.พรรณานิคม จ.สกลนคร', 'สกลนคร (พรรณานิคม)' and 'จว.สกลนคร' (จว., the official short form)
    were none of the 77 provinces, each with a warning, and the agencies fell out of their province's group."""
    rows = [["ชื่อหน่วยงาน", "จังหวัด", *INDICATOR_HEADERS]]
    cells = ["อ.พรรณานิคม จ.สกลนคร", "สกลนคร (พรรณานิคม)", "จว.สกลนคร", "อำเภอเมือง จังหวัดสกลนคร"]
    names = ["เทศบาลตำบลพอกน้อย", "เทศบาลตำบลนาหัวบ่อ", "เทศบาลตำบลพังโคน", "เทศบาลเมืองสกลนคร"]
    rows += [[n, c, *[f"{s:.2f}" for s in SEED_SCORES]] for n, c in zip(names, cells, strict=True)]
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    result = load_files([("ita_2567.csv", out.getvalue().encode())])
    got = result.valid.set_index("agency")
    assert set(got["province"]) == {"สกลนคร"} and problems_of(result, "unknown_province").empty
    assert got["district"].fillna("").tolist() == ["พรรณานิคม", "พรรณานิคม", "", "เมือง"]
    # Other words in brackets after a province are no district (a region, a number, a mark, the English name)
    from ita.io.places import province_cell

    for cell in ("สกลนคร (ภาคตะวันออกเฉียงเหนือ)", "สกลนคร (เขต 1)", "สกลนคร (แก้ไข)", "สกลนคร (Sakon Nakhon)"):
        assert province_cell(cell)[1] == "", cell


def test_an_office_named_short_of_its_ministry_is_that_ministrys():
    """A reviewer's list of departments with the ministry merged down its first column: 'สำนักงานปลัดกระทรวง' under
    กระทรวงการคลัง and again under กระทรวงมหาดไทย was one agency twice, both rows refused with advice to give a
    district. Each is its ministry's office, as officially named (the file's merged column is filled as read)."""
    header = ["กระทรวง", "หน่วยงาน", *INDICATOR_HEADERS]
    rows = [header]
    rows += [["กระทรวงการคลัง", "สำนักงานปลัดกระทรวง", *SEED_SCORES], ["กระทรวงการคลัง", "กรมบัญชีกลาง", *SEED_SCORES]]
    rows += [["กระทรวงมหาดไทย", "สำนักงานปลัดกระทรวง", *SEED_SCORES], ["กระทรวงมหาดไทย", "กรมการปกครอง", *SEED_SCORES]]
    result = load_files([("ita-2566.xlsx", xlsx_bytes({"2566": rows}))])
    assert set(result.valid["agency"]) == {
        "สำนักงานปลัดกระทรวงการคลัง",
        "กรมบัญชีกลาง",
        "สำนักงานปลัดกระทรวงมหาดไทย",
        "กรมการปกครอง",
    }
    assert not result.has_errors
