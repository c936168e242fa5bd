"""Where an agency is: names that carry their place ("เทศบาลตำบลพอกน้อย อำเภอพรรณานิคม จังหวัดสกลนคร"), provinces and
districts however they are written, and the table's places settled before identities are (``ita.io.identity``):
a blank province or type read from the name, a province that is none of the 77 said."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from ita.common.problems import WARNING, Problems
from ita.common.thai import THAI_DIGITS, arabic_digits, compact
from ita.rules.agency_types import AgencyTypes, agency_types
from ita.rules.provinces import provinces

# The place words that may end a name line, and what each sets: ตำบล is read and dropped (no column for it).
_PLACE_WORDS = {"ตำบล": "", "ต.": "", "อำเภอ": "district", "อ.": "district", "เขต": "district", "จังหวัด": "province",
                "จ.": "province"}  # fmt: skip
_WORD = "|".join(re.escape(w) for w in sorted(_PLACE_WORDS, key=len, reverse=True))
_PLACE_TAIL = re.compile(rf"(?:\s+(?:(?:{_WORD})\s*[^\s]+|กรุงเทพมหานคร|กรุงเทพฯ))+\s*$")
_PLACE_PART = re.compile(rf"({_WORD})\s*([^\s]+)|(กรุงเทพมหานคร|กรุงเทพฯ)")
_PROVINCE_PREFIX = re.compile(r"^(?:จังหวัด|จว\.|จ\.)\s*")  # จว.: the official short form of จังหวัด
BANGKOK = "กรุงเทพมหานคร"


@dataclass(frozen=True)
class Place:
    name: str
    district: str = ""
    province: str = ""


_BRACKETED = re.compile(r"^(.+?)\s*[(\[]([^()\[\]]+)[)\]]\s*$")


def split_place(line: str) -> Place:
    """A name line without the place at its end: 'เทศบาลตำบลพอกน้อย อำเภอพรรณานิคม จังหวัดสกลนคร' →
    ('เทศบาลตำบลพอกน้อย', 'พรรณานิคม', 'สกลนคร'). A place word that starts the name is part of it
    ('จังหวัดสกลนคร', 'อำเภอเมืองสกลนคร' as an agency)."""
    bracketed = _BRACKETED.match(line)  # 'อบต.นาแก (อ.นาแก จ.นครพนม)': the place in brackets
    if bracketed:
        inner = split_place("- " + bracketed.group(2).strip())
        if inner.name == "-" and (inner.district or inner.province):
            return Place(bracketed.group(1).strip(), inner.district, inner.province)
    found = _PLACE_TAIL.search(line)
    if not found or found.start() == 0:
        return Place(line)
    parts = {"district": "", "province": ""}
    for word, value, bangkok in _PLACE_PART.findall(found.group(0)):
        if value.strip("()").translate(THAI_DIGITS).isdigit():
            return Place(line)  # 'สำนักงานเขตพื้นที่การศึกษา… เขต 1': a numbered office, part of its name
        column = "province" if bangkok else _PLACE_WORDS[word]
        if column:
            parts[column] = BANGKOK if bangkok else value
    # The separator a person typed before the place ('อบต.หนองไผ่, อ.เมือง', 'อบต.ไร่ - อ.นาแก') is not the name's.
    name = line[: found.start()].strip()
    return Place(name.rstrip(_PLACE_SEPARATORS).strip() or name, parts["district"], parts["province"])


_PLACE_SEPARATORS = ",;/-–:"


_DISTRICT_PREFIX = re.compile(r"^(?:อำเภอ|อ\.|เขต)\s*")


def district_key(value: object) -> str:
    """A district compared without 'อำเภอ' / 'อ.' / 'เขต' and spaces ('อำเภอพรรณานิคม' = 'พรรณานิคม')."""
    text = "" if value is None else str(value).strip()
    return compact(_DISTRICT_PREFIX.sub("", text)) if text and text != "nan" else ""


def same_district(a: str, b: str) -> bool:
    """Two districts that may be one: either blank, or one written in full and the other short ('เมือง' and
    'เมืองสกลนคร')."""
    return not a or not b or a.startswith(b) or b.startswith(a)


def province_key(value: object) -> str:
    """A province compared without 'จังหวัด' / 'จ.' and spaces ('จังหวัดสกลนคร' = 'สกลนคร')."""
    text = "" if value is None else str(value).strip()
    return compact(_PROVINCE_PREFIX.sub("", text)) if text and text != "nan" else ""


PROVINCE_CELL_CHARS = 120  # a province cell longer than this is read as written (no district looked for in it)
# A district in brackets after a province: one Thai word, 'อ.' / 'อำเภอ' / 'เขต' before it or not; not a region
# ('ภาค…'), a number ('เขต 1') or a mark ('แก้ไข'), which say something else.
_DISTRICT_NAME = re.compile(r"^(?:(?:อำเภอ|อ\.|เขต)\s*)?(?!ภาค|แก้ไข|เดิม|ใหม่)[\u0e01-\u0e4e]{2,}$")
_DISTRICT_IN_BRACKETS = re.compile(r"^(.+?)\s*[(\[]\s*([^()\[\]]+?)\s*[)\]]$")


def province_cell(value: str) -> tuple[str, str]:
    """A province cell as (the province as the dashboard writes it, the district it also names or ''): 'อ.พรรณานิคม
    จ.สกลนคร' and 'สกลนคร (พรรณานิคม)' name both; the district was lost with the province, which was none of the 77."""
    text = " ".join(str(value).split())
    if provinces().find(text) or len(text) > PROVINCE_CELL_CHARS:
        return plain_province(text), ""
    inner = split_place("- " + text)
    if inner.name == "-" and inner.province and provinces().find(inner.province):
        return plain_province(inner.province), inner.district
    bracketed = _DISTRICT_IN_BRACKETS.match(text)
    if bracketed and provinces().find(bracketed.group(1)) and _DISTRICT_NAME.match(bracketed.group(2)):
        return plain_province(bracketed.group(1)), _DISTRICT_PREFIX.sub("", bracketed.group(2))
    return plain_province(text), ""


def plain_province(value: str) -> str:
    """A province's name as the dashboard writes it ('จ.สกลนคร', 'Sakon Nakhon', 'กทม.' → its Thai name); one that is
    none of the 77 (``ita.rules.provinces``) without 'จังหวัด' / 'จ.'."""
    text = " ".join(str(value).split())
    return provinces().find(text) or _PROVINCE_PREFIX.sub("", text) or text


def with_places(table: pd.DataFrame, types: AgencyTypes | None = None) -> pd.DataFrame:
    """Names split from the place they carry (district and province filled where blank), and a blank type read
    from the name's start (its Thai label)."""
    types = types or agency_types()
    table = _with_ministry(_codes_from_names(table))
    names = table["agency"].fillna("").astype(str)
    typed = table["agency_type"].fillna("").astype(str) if "agency_type" in table else pd.Series("", index=table.index)
    # 'ทต.พอกน้อย', 'ท.ต. พอกน้อย', '1. ทต.พอกน้อย' and 'ทต. | พอกน้อย' (a type column) are เทศบาลตำบลพอกน้อย
    pairs = pd.MultiIndex.from_arrays([typed, names]).unique()
    full = {(t, n): types.full_name(t, n) for t, n in pairs if n}
    if any(n != v for (_, n), v in full.items()):
        names = pd.Series(
            [full.get(pair, pair[1]) for pair in zip(typed.tolist(), names.tolist(), strict=True)], index=table.index
        )
        table = table.assign(agency=names.where(names != "", table["agency"]))
    places = {n: split_place(n) for n in names.unique() if n}
    split = {n: p for n, p in places.items() if p.name != n}
    out = table.copy()
    if split:
        moved = names.isin(list(split))
        for column in ("district", "province"):
            blank = out[column].fillna("").astype(str).str.strip() == ""
            fill = names.map(lambda n, c=column: getattr(split[n], c) if n in split else "")
            out[column] = out[column].where(~(moved & blank & (fill != "")), fill)
        out["agency"] = names.map(lambda n: split[n].name if n in split else n).where(names != "", table["agency"])
    out = _province_from_name(out, types)
    # A province as one name however it was typed ('จ.สกลนคร', 'จังหวัดสกลนคร', 'สกลนคร'; 'กรุงเทพฯ'): one group on
    # every page, one filter entry.
    provinces = out["province"].fillna("").astype(str)
    cells = {p: province_cell(p) for p in provinces.unique()}
    if any(k != v for k, (v, _) in cells.items()):
        out["province"] = provinces.map(lambda p: cells[p][0]).where(provinces != "", out["province"])
    named = provinces.map(lambda p: cells[p][1])  # a district the province cell named too, where none is given
    if (named != "").any():
        blank = out["district"].fillna("").astype(str).str.strip() == ""
        out["district"] = out["district"].where(~(blank & (named != "")), named)
    typed = out["agency_type"].fillna("").astype(str)
    generic = [value for value in typed.unique() if types.is_generic(value)]  # 'อปท.': the name says which
    blank_type = (typed.str.strip() == "") | typed.isin(generic)
    if blank_type.any():
        inferred = {n: types.from_name(n) for n in out.loc[blank_type, "agency"].fillna("").astype(str).unique()}
        labels = out.loc[blank_type, "agency"].fillna("").astype(str).map(lambda n: t.th if (t := inferred[n]) else "")
        out.loc[blank_type, "agency_type"] = labels.where(labels != "", out.loc[blank_type, "agency_type"])
    return _as_listed(out, types)


_MINISTRY = "กระทรวง"


def _with_ministry(table: pd.DataFrame) -> pd.DataFrame:
    """A name that ends where its ministry's name would ('สำนักงานปลัดกระทรวง' in a row of กระทรวงการคลัง, a ministry
    column merged down its departments) is the office of that ministry: 'สำนักงานปลัดกระทรวงการคลัง'. Two such offices
    of two ministries had been one agency twice, both refused."""
    if "ministry" not in table or not table["ministry"].notna().any():
        return table
    names = table["agency"].fillna("").astype(str).str.strip()
    ministries = table["ministry"].fillna("").astype(str).str.strip()
    cut = names.str.endswith(_MINISTRY) & ministries.str.startswith(_MINISTRY) & (ministries.str.len() > len(_MINISTRY))
    if not cut.any():
        return table
    whole = names + ministries.str.slice(len(_MINISTRY))
    return table.assign(agency=whole.where(cut, table["agency"]))


# A code in brackets after a name ('อบต.บ้านแป้น (6470112)') is the agency's code, not its name; a type's abbreviation
# in brackets after its name ('เทศบาลตำบล(ทต.)บะหว้า') is said twice.
_BRACKETED_CODE = re.compile(
    r"\s*[(\[]\s*(?:(?:รหัส(?:หน่วยงาน)?|code|id)\s*[:.]?\s*)?([\d๐-๙]{4,})\s*[)\]]\s*$", re.IGNORECASE
)
_BRACKETED_ABBREVIATION = re.compile(r"(?<=[ก-๙])\s*\((?:[ก-ฮ]\.?){2,4}\)\s*(?=[ก-๙])")


def _codes_from_names(table: pd.DataFrame) -> pd.DataFrame:
    """Names without a code or an abbreviation in brackets; the code, where the row has none, as its agency code."""
    names = table["agency"].fillna("").astype(str)
    distinct = {n for n in names.unique() if "(" in n or "[" in n}
    cleaned = {n: _BRACKETED_ABBREVIATION.sub("", _BRACKETED_CODE.sub("", n)).strip() for n in distinct}
    cleaned = {n: c for n, c in cleaned.items() if c and c != n}
    if not cleaned:
        return table
    out = table.copy()
    has_code = names.isin(list(cleaned))
    codes = names.map(lambda n: m.group(1) if (m := _BRACKETED_CODE.search(n)) else "")
    current = out["agency_id"].fillna("").astype(str) if "agency_id" in out else pd.Series("", index=out.index)
    out["agency_id"] = current.where((current.str.strip() != "") | (codes == ""), codes.map(arabic_digits))
    out["agency"] = names.map(lambda n: cleaned.get(n, n)).where(has_code, out["agency"])
    return out


_DISTRICT_WORD = re.compile(r"^(?:อำเภอ|อ\.)\s*")


def _as_listed(table: pd.DataFrame, types: AgencyTypes) -> pd.DataFrame:
    """A type as the type list names it ('ทต.', 'เทศบาล ตำบล' → เทศบาลตำบล) and a district without 'อำเภอ' / 'อ.'
    ('อ.พรรณานิคม' → พรรณานิคม), as the bundled files write them: one peer group, one filter entry, one heatmap row
    however a file typed them. A type the list does not know is kept as written."""
    out = table
    typed = table["agency_type"].fillna("").astype(str)
    listed = {v: kind.th if (kind := types.from_column(v)) else v for v in typed.unique() if v}
    if any(k != v for k, v in listed.items()):
        out = out.assign(agency_type=typed.map(lambda v: listed.get(v, v)).where(typed != "", table["agency_type"]))
    districts = table["district"].fillna("").astype(str) if "district" in table else None
    if districts is not None:
        plain = {d: _DISTRICT_WORD.sub("", d.strip()) or d for d in districts.unique() if d}
        if any(k != v for k, v in plain.items()):
            out = out.assign(
                district=districts.map(lambda d: plain.get(d, d)).where(districts != "", table["district"])
            )
    return out


def _province_from_name(table: pd.DataFrame, types: AgencyTypes) -> pd.DataFrame:
    """A blank province filled from a name that is the province (องค์การบริหารส่วนจังหวัดสกลนคร, จังหวัดสกลนคร: the
    types ``named_after`` it)."""
    blank = table["province"].fillna("").astype(str).str.strip() == ""
    if not blank.any():
        return table
    rows = table.loc[blank, ["agency", "agency_type"]].fillna("").astype(str)
    known = provinces()
    found = {  # only a province the list knows ('สำนักงานจังหวัดอุดรธานี' typed จังหวัด names none by its suffix)
        (n, t): known.find(types.of(t, n).province_in(n)) or ""
        for n, t in set(zip(rows["agency"], rows["agency_type"], strict=True))
    }
    named = pd.Series(
        [found[(n, t)] for n, t in zip(rows["agency"], rows["agency_type"], strict=True)], index=rows.index
    )
    if not (named != "").any():
        return table
    out = table.copy()
    out.loc[named.index, "province"] = named.where(named != "", out.loc[named.index, "province"])
    return out


def say_unknown_provinces(table: pd.DataFrame, problems: Problems) -> None:
    """A province that is none of the 77 however it is written ('สกลฯ', a typing slip): one warning per file and
    spelling, at its first row. Its agencies are read with it as written, in a group of their own."""
    written = table["province"].fillna("").astype(str).str.strip()
    known = provinces()
    odd = [value for value in written.unique() if value and known.find(value) is None]
    if not odd:
        return
    rows = table.loc[written.isin(odd)].assign(_written=written)
    for (file, value), group in rows.groupby(["source_file", "_written"], sort=False):
        first = group.iloc[0]
        problems.add(
            WARNING,
            "unknown_province",
            file=file,
            sheet=first["source_sheet"],
            row=int(first["source_row"]) if pd.notna(first["source_row"]) else None,
            value=value,
            count=len(group),
        )
