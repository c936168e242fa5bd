"""Wording by agency type (issue 10, point 5): the place line, the unit under the preface and the head's position
follow the agency's type, kept as data (``ita/data/agency_types.toml``)."""

from __future__ import annotations

import pandas as pd
import pytest
from helpers import SAMPLES, SEED_SCORES, xlsx_bytes

from ita.analysis.agency import AgencyYear, agency_year
from ita.io.importer import load_files, load_paths
from ita.reports import name_written_short
from ita.reports.draft import Signers, draft_o42
from ita.rules import agency_types as types_module
from ita.rules.agency_types import agency_types
from ita.rules.frameworks import default_frameworks


@pytest.fixture(scope="module")
def samples():
    return load_paths(sorted(SAMPLES.glob("*.xlsx"))).valid


@pytest.mark.parametrize(
    ("name", "year", "location", "unit", "head"),
    [
        ("เทศบาลตำบลพอกน้อย", 2563, "อำเภอพรรณานิคม จังหวัดสกลนคร", "สำนักปลัดเทศบาล", "นายกเทศมนตรีตำบลพอกน้อย"),
        ("จังหวัดสกลนคร", 2567, "", "สำนักงานจังหวัดสกลนคร", "ผู้ว่าราชการจังหวัดสกลนคร"),
        ("มหาวิทยาลัยราชภัฏสกลนคร", 2567, "", "กองนโยบายและแผน", "อธิการบดีมหาวิทยาลัยราชภัฏสกลนคร"),
        ("องค์การบริหารส่วนจังหวัดสกลนคร", 2566, "", "กองยุทธศาสตร์และงบประมาณ", "นายกองค์การบริหารส่วนจังหวัดสกลนคร"),
        ("องค์การบริหารส่วนตำบลวังยาง", 2566, "อำเภอพรรณานิคม จังหวัดสกลนคร", "สำนักปลัด", "นายกองค์การบริหารส่วนตำบลวังยาง"),
        ("คณะนิติศาสตร์", 2563, "", "สำนักงานคณบดีคณะนิติศาสตร์", "คณบดีคณะนิติศาสตร์"),  # a faculty: its dean
        ("กองกลาง", 2563, "", "งานวิเคราะห์นโยบายและแผน", ""),  # no type (a university's division): no head
    ],
)
def test_the_o42_speaks_of_each_type_as_it_is(samples, name, year, location, unit, head):
    rows = samples.loc[samples["agency"] == name]
    view = agency_year(
        samples, rows["agency_key"].iloc[0], year if year in set(rows["year"]) else int(rows["year"].max())
    )
    draft = draft_o42(view)
    assert view.location == location
    title_lines = draft.title.splitlines()
    assert title_lines[-1] == (view.location or name)  # no place line where the type wants none
    assert draft.preface_signature.splitlines() == [name, unit]
    assert draft.approved_position == head
    typed = draft_o42(view, signers=Signers(approved_position="ปลัดเทศบาล"))
    assert typed.approved_position == "ปลัดเทศบาล"  # what the user typed wins


def one(name: str, kind: str, province: str = "สกลนคร", district: str = "เมืองสกลนคร") -> AgencyYear:
    framework, _ = default_frameworks().for_year(2567)
    row = {"agency": name, "agency_type": kind, "province": province, "district": district, "year": 2567}
    row |= {ind.key: s for ind, s in zip(framework.indicators, SEED_SCORES, strict=True)}
    return AgencyYear.from_row(pd.Series(row), default_frameworks())


@pytest.mark.parametrize(
    ("name", "kind", "type_key", "location"),
    [
        ("เทศบาลเมืองสว่างแดนดิน", "", "municipality_town", "อำเภอเมืองสกลนคร จังหวัดสกลนคร"),
        ("อบต.นาคำ", "", "sao", "อำเภอเมืองสกลนคร จังหวัดสกลนคร"),
        ("กรมบัญชีกลาง", "ส่วนราชการระดับกรม", "department", ""),
        ("โรงพยาบาลสกลนคร", "", "hospital", "จังหวัดสกลนคร"),
        ("การไฟฟ้าส่วนภูมิภาค", "รัฐวิสาหกิจ", "state_enterprise", ""),
        ("สถาบันส่งเสริมการสอนวิทยาศาสตร์และเทคโนโลยี", "องค์การมหาชน", "public_organization", ""),
    ],
)
def test_every_listed_type_is_recognised_from_its_column_or_name(name, kind, type_key, location):
    view = one(name, kind)
    assert view.kind.key == type_key and view.location == location
    assert draft_o42(view).preface_signature.splitlines()[1] == view.kind.unit_of(name) != ""


def test_a_types_file_of_ones_own_replaces_the_bundled_list(tmp_path, monkeypatch):
    own = tmp_path / "types.toml"
    own.write_text(
        '[[types]]\nkey = "municipality_subdistrict"\nth = "เทศบาลตำบล"\nen = "Subdistrict municipality"\n'
        'prefixes = ["เทศบาลตำบล"]\nplace = "province"\nunit = "กองยุทธศาสตร์"\nhead = "นายกเทศมนตรีตำบล{suffix}"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv(types_module.ENV_FILE, str(own))
    view = one("เทศบาลตำบลพอกน้อย", "")
    assert view.location == "จังหวัดสกลนคร" and draft_o42(view).preface_signature.splitlines()[1] == "กองยุทธศาสตร์"
    assert len(agency_types().types) == 1


def test_a_bad_types_file_names_the_file_and_the_field(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[[types]]\nkey = "x"\nth = "x"\nen = "x"\nplace = "village"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="bad.toml.*place must be one of district, province, none"):
        types_module._parse(bad)


@pytest.mark.parametrize(
    ("name", "kind", "library_unit", "unit"),
    [
        ("เทศบาลตำบลพอกน้อย", "", "สำนักปลัดเทศบาล", "สำนักปลัดเทศบาล"),  # the library's own units
        ("องค์การบริหารส่วนตำบลวังยาง", "", "สำนักปลัดเทศบาล", "สำนักปลัด"),
        ("มหาวิทยาลัยราชภัฏสกลนคร", "", "กองการเจ้าหน้าที่", "กองบริหารงานบุคคล"),
        ("มหาวิทยาลัยราชภัฏสกลนคร", "", "สำนักปลัดเทศบาล", "สำนักงานอธิการบดี"),  # not in roles: the type's first
        ("จังหวัดสกลนคร", "", "สำนักปลัดเทศบาล", "กลุ่มงานอำนวยการ สำนักงานจังหวัดสกลนคร"),
        ("คณะนิติศาสตร์", "", "กองคลัง", "งานการเงินและพัสดุ"),  # a faculty's own
        ("คณะทันตแพทยศาสตร์", "", "สำนักปลัดเทศบาล", "สำนักงานคณบดี"),
        ("สำนักงานปลัดกระทรวงเกษตรและสหกรณ์", "", "สำนักปลัดเทศบาล", "กองกลาง"),  # an office of its type's own
        # No type recognised (a university's division): neutral units, never a municipality's (สำนักปลัดเทศบาล).
        ("กองกลาง", "", "กองคลัง", "ฝ่ายการเงินและบัญชี"),
        ("ศูนย์บรรณสารและการเรียนรู้", "", "สำนักปลัดเทศบาล", "ฝ่ายบริหารทั่วไป"),
        ("ศูนย์ทดสอบ", "สถานศึกษา", "กองการเจ้าหน้าที่", "ฝ่ายบริหารงานบุคคล"),  # a type column no type lists
    ],
)
def test_suggested_measures_name_the_units_of_the_agencys_type(name, kind, library_unit, unit):
    from ita.measures.library import LibraryEntry, units_for

    entry = LibraryEntry("x", "analyst", "มาตรการ", (1,), "", "", library_unit, "")
    assert entry.unit_for(name, kind) == unit
    assert entry.to_measure("k", name, 2567, kind).responsible == unit
    assert unit in units_for(name, kind)
    assert entry.source_label("th") == "แนวทางที่นักวิเคราะห์ ITA นิยมเสนอสำหรับตัวชี้วัดนี้"  # not "analyst"


@pytest.mark.parametrize(
    ("name", "head", "unit"),
    [
        ("สำนักงานปลัดกระทรวงเกษตรและสหกรณ์", "ปลัดกระทรวงเกษตรและสหกรณ์", "กองยุทธศาสตร์และแผนงาน"),
        ("กรมส่งเสริมสหกรณ์", "อธิบดีกรมส่งเสริมสหกรณ์", "กองยุทธศาสตร์และแผนงาน"),
        ("คณะทันตแพทยศาสตร์", "คณบดีคณะทันตแพทยศาสตร์", "สำนักงานคณบดีคณะทันตแพทยศาสตร์"),
    ],
)
def test_an_agency_is_led_by_its_own_head(name, head, unit):
    """A ministry's permanent secretary's office is among the departments, but no อธิบดี leads it."""
    kind = agency_types().from_name(name)
    assert kind is not None and (kind.head_of(name), kind.unit_of(name)) == (head, unit)


@pytest.mark.parametrize(
    ("written", "full"),
    [
        ("สป.มท.", "สำนักงานปลัดกระทรวงมหาดไทย"),
        ("สป. กค.", "สำนักงานปลัดกระทรวงการคลัง"),
        ("สป.นร.", "สำนักงานปลัดสำนักนายกรัฐมนตรี"),
        ("กฟภ", "การไฟฟ้าส่วนภูมิภาค"),
        ("1. สถ.", "กรมส่งเสริมการปกครองท้องถิ่น"),
        ("ป.ป.ช.", "สำนักงานคณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ"),
        ("สถานีตำรวจ", "สถานีตำรวจ"),  # a name that only starts like a short name: as it is
        ("กก.", "กก."),  # a ministry's short name alone names no office
        ("ทช.", "ทช."),  # two departments' short name (ทางหลวงชนบท, ทรัพยากรทางทะเลและชายฝั่ง): never guessed
    ],
)
def test_a_usual_short_name_alone_is_read_as_the_agencys_full_name(written, full):
    """A list naming agencies 'สป.มท.', 'กฟภ.': the O42 printed 'สป.มท.' on its cover and foreword, and left the
    approver's position blank (a review). The short names are data (agency_types.toml ``short_names``,
    ``ministries``)."""
    assert agency_types().written_out(written) == full


def test_an_office_named_short_is_read_in_full_and_its_head_signs_and_an_unknown_short_name_is_said():
    rows = [["หน่วยงาน", *(f"ตัวชี้วัดที่ {k}" for k in range(1, 11))]]
    rows += [[name, *SEED_SCORES] for name in ("สป.มท.", "สป.อว.ศธ.")]
    table = load_files([("ITA 2567.xlsx", xlsx_bytes({"ITA": rows}))]).valid
    assert set(table["agency"]) == {"สำนักงานปลัดกระทรวงมหาดไทย", "สป.อว.ศธ."}
    office = agency_year(table, table.loc[table["agency"] == "สำนักงานปลัดกระทรวงมหาดไทย", "agency_key"].iloc[0], 2567)
    assert name_written_short(office) is None
    assert draft_o42(office).approved_position == "ปลัดกระทรวงมหาดไทย"  # it was left blank: 'ตำแหน่ง ….'
    assert draft_o42(office).preface_signature.startswith("สำนักงานปลัดกระทรวงมหาดไทย")
    unknown = agency_year(table, table.loc[table["agency"] == "สป.อว.ศธ.", "agency_key"].iloc[0], 2567)
    said = name_written_short(unknown, "en")
    assert said is not None and '"สป.อว.ศธ."' in said and "full name" in said
