"""Agency types (municipality, SAO, PAO, province, department, university, hospital, ...) as data.

The bundled list is ``ita/data/agency_types.toml``; ``ITA_AGENCY_TYPES`` may name a TOML file of the same shape
that replaces it. A type is recognised from a type column's value (its aliases) or from the start of an agency's
name (its prefixes), and says how documents place the agency (``place``) and which unit prepares them (``unit``).
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from ita.common.thai import compact

# A list's number before a name: '1. ทต.พอกน้อย', '12) อบต.ไร่', '(3) ...'; a number glued to a word is kept.
_LIST_NUMBER = re.compile(r"^(?:\(\s*[\d๐-๙]{1,3}\s*\)|[\d๐-๙]{1,3}\s*[.)])\s*(?=\D)")
MIN_OVERLAP = 3  # characters: the shortest end of a type's name taken as written again at a name's start
BUNDLED = Path(__file__).resolve().parents[1] / "data" / "agency_types.toml"
ENV_FILE = "ITA_AGENCY_TYPES"
PLACES = ("district", "province", "none")


@dataclass(frozen=True)
class AgencyType:
    key: str
    th: str
    en: str
    aliases: tuple[str, ...] = ()
    prefixes: tuple[str, ...] = ()
    place: str = "district"  # one of PLACES
    unit: str = ""  # the unit that prepares the documents: {agency}, {suffix} as in ``head``
    head: str = ""  # the head's position: {agency}, {suffix} (the name after the type's prefix)
    units: tuple[str, ...] = ()  # responsible units offered for measures ({agency}, {suffix}); none: the library's
    roles: tuple[tuple[str, str], ...] = ()  # a library (municipal) unit → this type's
    named_after: str = ""  # "province": the name after the prefix is the agency's province
    bare_names: bool = False  # beside a type column, a name may be written without the type ('ทต. | พอกน้อย')
    source: str = ""  # where its results come from, as the documents say it; none: the templates' (ITAS)
    # Offices of the type with a head and units of their own, each found by the start of the name (its one prefix):
    # สำนักงานปลัดกระทรวง… among departments is led by ปลัดกระทรวง…, not อธิบดี.
    offices: tuple[AgencyType, ...] = ()

    def province_in(self, agency: str) -> str:
        """The province the agency's name is ('สกลนคร' of องค์การบริหารส่วนจังหวัดสกลนคร) when the type is named after
        it; else ''."""
        return self._filled("{suffix}", agency) if self.named_after == "province" else ""

    def label(self, lang: str = "th") -> str:
        return self.th if lang == "th" else self.en

    def office(self, agency: str) -> AgencyType:
        """The office of the type ``agency`` is (its name starts with the office's prefix), else the type itself."""
        return next((o for o in self.offices if o.prefixes and agency.startswith(o.prefixes[0])), self)

    def head_of(self, agency: str) -> str:
        """The position of the agency's head ('นายกเทศมนตรีตำบลพอกน้อย'); empty when the type gives none."""
        kind = self.office(agency)
        return kind._filled(kind.head, agency)

    def unit_of(self, agency: str) -> str:
        """The unit that prepares the agency's documents ('สำนักงานจังหวัดสกลนคร'); empty when the type gives none."""
        kind = self.office(agency)
        return kind._filled(kind.unit, agency)

    def units_for(self, agency: str) -> list[str]:
        """The responsible units an agency of this type has (empty: the type names none)."""
        kind = self.office(agency)
        return [kind._filled(u, agency) for u in kind.units]

    def unit_for(self, library_unit: str, agency: str) -> str:
        """A measure library's unit (a municipality's) as this type names it: by ``roles``, else the type's first
        unit; unchanged for a type with no units of its own, or one the type has already."""
        kind = self.office(agency)
        if not kind.units or not library_unit:
            return library_unit
        own = kind.units_for(agency)
        if library_unit in own:
            return library_unit
        mapped = dict(kind.roles).get(library_unit)
        return kind._filled(mapped, agency) if mapped else own[0]

    def _filled(self, text: str, agency: str) -> str:
        prefix = next((p for p in sorted(self.prefixes, key=len, reverse=True) if agency.startswith(p)), "")
        suffix = agency[len(prefix) :].strip() if prefix and len(agency) > len(prefix) else agency
        return text.replace("{agency}", agency).replace("{suffix}", suffix)


UNKNOWN = AgencyType(key="", th="", en="")


WRITTEN_MEMO = 65_536  # names remembered written out (a national file names about 8,300 agencies)
WRITTEN_MEMO_CHARS = 200  # ... those of a name's length
SHORT_NAME_CHARS = 12  # a name this long at most may be a usual short name ('ธ.ก.ส.', 'สป. มท.')


@dataclass(frozen=True)
class AgencyTypes:
    types: tuple[AgencyType, ...]
    generic: frozenset[str] = frozenset()  # compacted words that name no one type ('อปท.'): the name's type is used
    unknown: AgencyType = UNKNOWN  # an agency no type is recognised for ([unknown]: its units, not a municipality's)
    family_words: tuple[str, ...] = ()  # a name starting so names its family already ('เทศบาล…': no prefix before it)
    # A name's start as people mistype it, and as it is ('องค์การบริการส่วน' → 'องค์การบริหารส่วน'): longest first.
    misspelt: tuple[tuple[str, str], ...] = ()
    office_words: tuple[str, ...] = ()  # the office before a local body's name ('สำนักงาน', 'ที่ทำการ'): dropped
    # A name that is a usual short name and nothing else, without its dots and spaces ('กฟภ', 'สปมท'): its full name.
    short_names: dict[str, str] = field(default_factory=dict)

    def is_generic(self, value: object) -> bool:
        """A type column's value that names a family of types, not one ('อปท.', 'local government')."""
        return _filled(value) and compact(value) in self.generic

    @cached_property
    def _aliases(self) -> dict[str, AgencyType]:
        return {compact(a): t for t in self.types for a in (t.th, t.en, t.key, *t.aliases)}

    @cached_property
    def _prefixes(self) -> list[tuple[str, AgencyType]]:
        pairs = [(compact(p), t) for t in self.types for p in t.prefixes]
        return sorted(pairs, key=lambda pair: -len(pair[0]))  # เทศบาลตำบล before เทศบาล, อบต. before อ

    def word(self, value: object, lang: str = "th") -> str:
        """A type as the data wrote it ('เทศบาลตำบล', 'ทต.'), said in ``lang`` ('Subdistrict municipality'); a type
        not listed as written."""
        found = self.from_column(value)
        return found.label(lang) if found else ("" if value is None else str(value))

    def from_column(self, value: object) -> AgencyType | None:
        """The type a type column's value names, or None when it names none of the listed types."""
        text = compact(value) if value is not None else ""
        return self._aliases.get(text) if text else None

    def is_type_alone(self, value: object) -> bool:
        """Whether ``value`` is a local body type's name or abbreviation and nothing else ('ทต.', 'เทศบาลตำบล'): the
        row of a pivot table of the type's average, or a type column's cell; never an agency's name."""
        kind = self.from_column(value)
        return kind is not None and kind.bare_names

    def _as_spelt(self, text: str) -> str:
        """A name without its office's word before a local body's name ('สำนักงานเทศบาลตำบลพอกน้อย', 'ที่ทำการ
        องค์การบริหารส่วนตำบลไร่') and with its start spelt right ('องค์การบริการส่วนตำบลไร่')."""
        for wrong, right in self.misspelt:
            if text.startswith(wrong):
                text = right + text[len(wrong) :]
                break
        for word in self.office_words:
            rest = text[len(word) :].lstrip() if text.startswith(word) else ""
            family = next((f for f in self.family_words if rest.startswith(f)), "")
            after = rest[len(family) : len(family) + 1]
            whole = len(family) > 3 or after in (".", " ")  # 'อบต.', 'ทต ', never 'ทนายความ'
            if family and whole and len(rest) > len(family) + 1:  # 'สำนักงานเทศบาล' alone names no one body
                return self._as_spelt(rest)
        return text

    @cached_property
    def _spaced_prefixes(self) -> list[tuple[re.Pattern[str], str]]:
        """(a type's name as a name starts with it, with spaces anywhere inside it, the name): 'เทศบาล ตำบล',
        'องค์การบริหารส่วน ตำบล'. Longest first."""
        full = dict.fromkeys(p for p, _ in self._written_prefixes)
        return [(re.compile(r"\s*".join(re.escape(ch) for ch in p)), p) for p in full]

    @cached_property
    def _abbreviations(self) -> list[tuple[re.Pattern[str], str]]:
        """(an abbreviation as people type it, the type's name as a name starts with it): 'ทต.' also as 'ท.ต.',
        'ทต ' and 'ท.ต ' → 'เทศบาลตำบล'; 'เทศบาลต.' also as 'เทศบาล ต.'. Longest first."""
        shorts = [(a, t.prefixes[0]) for t in self.types if t.prefixes for a in t.aliases if a.endswith(".")]
        pairs = []
        for short, full in sorted(shorts, key=lambda pair: -len(pair[0])):
            letters = [re.escape(ch) for ch in short.replace(".", "")]
            pairs.append((re.compile(r"\.?\s*".join(letters) + r"(?:\.\s*|\s+)"), full))
        return pairs

    @cached_property
    def _written(self) -> dict[str, str]:
        return {}  # name → written out: a workbook names each agency once a year, and each name is asked of thrice

    def written_out(self, name: str) -> str:
        """A name as a person reads it: its type's abbreviation written out ('ทต.พอกน้อย', 'ท.ต.พอกน้อย' and
        'ทต พอกน้อย' → 'เทศบาลตำบลพอกน้อย', 'อบต. บ้านดง' → 'องค์การบริหารส่วนตำบลบ้านดง'), without a list's number
        before it ('1. ทต.พอกน้อย'). Any other name as it is. Remembered (up to ``WRITTEN_MEMO`` names)."""
        memo = self._written
        found = memo.get(name)
        if found is None:
            found = self._written_out(name)
            if len(memo) < WRITTEN_MEMO and len(name) <= WRITTEN_MEMO_CHARS:
                memo[name] = found
        return found

    def forget_names(self) -> None:
        """Let go of the names ``written_out`` remembers (a file's read: a long-lived parse worker keeps none)."""
        self._written.clear()

    def _written_out(self, name: str) -> str:
        text = _LIST_NUMBER.sub("", name.strip())
        if (whole := self.short_names.get(_short_key(text))) is not None:  # 'สป.มท.', 'กฟภ.'
            return whole
        text = self._as_spelt(text)
        for short, full in self._abbreviations:
            found = short.match(text)
            if found and text[found.end() :]:
                return full + text[found.end() :]
        for spaced, full in self._spaced_prefixes if " " in text[:40] else ():  # 'เทศบาล ตำบลพอกน้อย': typed apart
            found = spaced.match(text)
            if found and text[found.end() :].strip() and any(ch.isspace() for ch in found.group(0)):
                return full + text[found.end() :].lstrip()
        return text if text != name.strip() and text else name

    def full_name(self, type_value: object, name: str) -> str:
        """The name as a person reads it in its row: written out (``written_out``), and a name written without its
        type beside a type column that names one whose lists do so ('ทต. | พอกน้อย', ``bare_names``) with the type's
        name before it: 'เทศบาลตำบลพอกน้อย'."""
        text = self.written_out(name)
        kind = self.from_column(type_value)
        bare = text.strip()
        if kind is None or not kind.bare_names or not kind.prefixes or not bare:
            return text
        if self.from_name(bare) is not None or bare.startswith(self.family_words) or re.search("[A-Za-z]", bare):
            return text  # it names its type, or a family of types ('เทศบาลพอกน้อย'), or is written in English
        prefix = kind.prefixes[0]
        # The end of the type's name the name already starts with, a word at least ('นคร', 'ตำบล'; never one letter:
        # 'ลำปาง' beside เทศบาลตำบล is เทศบาลตำบลลำปาง).
        overlap = next((k for k in range(len(prefix), MIN_OVERLAP - 1, -1) if bare.startswith(prefix[-k:])), 0)
        return prefix[: len(prefix) - overlap] + bare  # 'นครสกลนคร' beside เทศบาลนคร: เทศบาลนครสกลนคร

    def abbreviated(self, name: str) -> str:
        """A name with its type's name written short, as people write it where room is short ('องค์การบริหารส่วนตำบล
        จันทร์เพ็ญ' → 'อบต.จันทร์เพ็ญ': the type's first abbreviation, ending in '.'); any other name as it is."""
        for prefix, kind in self._written_prefixes:
            rest = name[len(prefix) :] if name.startswith(prefix) else ""
            short = next((a for a in kind.aliases if a.endswith(".") and len(a) < len(prefix)), None)
            if rest.strip() and short:
                return short + rest.lstrip()
        return name

    @cached_property
    def _written_prefixes(self) -> list[tuple[str, AgencyType]]:
        """(a type's name as a name starts with it, written in full, the type): longest first."""
        pairs = [(p, t) for t in self.types for p in t.prefixes if "." not in p]
        return sorted(pairs, key=lambda pair: -len(pair[0]))

    def from_name(self, name: object) -> AgencyType | None:
        """The type an agency's name starts with ('เทศบาลตำบลพอกน้อย' → เทศบาลตำบล), also as an abbreviation
        ('ทต.พอกน้อย'), or None."""
        text = compact(self.written_out(str(name))) if name is not None else ""
        for prefix, kind in self._prefixes:
            if text.startswith(prefix) and len(text) > len(prefix):
                return kind
        return None

    def of(self, type_value: object, name: object = "") -> AgencyType:
        """The agency's type: from its type column, else from its name; ``unknown`` (place "district", no unit,
        neutral responsible units) when neither names a listed type."""
        if self.is_generic(type_value):
            return self.from_name(name) or self.unknown
        return self.from_column(type_value) or self.from_name(name) or self.unknown

    def key_of(self, type_value: object, name: object = "") -> str:
        """A comparable key of the type: the listed type's key, else the type column's text compacted."""
        if self.is_generic(type_value) and self.from_name(name) is not None:
            type_value = ""  # 'อปท.' beside 'ทต.พอกน้อย': the name says which
        kind = self.from_column(type_value) or (None if _filled(type_value) else self.from_name(name))
        return kind.key if kind else compact(type_value) if _filled(type_value) else ""


def _short_key(text: str) -> str:
    """A short name as ``short_names`` keeps it: without its dots and spaces ('สป. มท.' → 'สปมท')."""
    return re.sub(r"[.\s]", "", text) if len(text) <= SHORT_NAME_CHARS else ""


def _short_names(data: dict) -> dict[str, str]:
    """agency_types.toml's ``short_names``, and a ministry's permanent secretary's office ('สป.' and the ministry's
    short name) for each of its ``ministries``."""
    names = {_short_key(k): str(v) for k, v in data.get("short_names", {}).items()}
    for short, ministry in data.get("ministries", {}).items():
        names[_short_key(f"สป.{short}")] = f"สำนักงานปลัด{ministry}"
    return names


def _filled(value: object) -> bool:
    return value is not None and str(value).strip() != "" and str(value) != "nan"


def _parse(path: Path) -> AgencyTypes:
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    out = []
    for n, entry in enumerate(data.get("types", []), start=1):
        missing = [k for k in ("key", "th", "en") if not entry.get(k)]
        if missing:
            raise ValueError(f"{path}: agency type {n} has no {', '.join(missing)}; give each type a key, th and en")
        out.append(_type(path, entry))
    unknown = _type(path, {"key": "", "th": "", "en": "", **data.get("unknown", {})})
    family = tuple(str(w) for w in data.get("family_words", []))
    misspelt = tuple(
        sorted(((str(k), str(v)) for k, v in data.get("misspelt", {}).items()), key=lambda kv: -len(kv[0]))
    )
    offices = tuple(str(w) for w in data.get("office_words", []))
    generic = frozenset(compact(w) for w in data.get("generic", []))
    return AgencyTypes(tuple(out), generic, unknown, family, misspelt, offices, _short_names(data))


def _type(path: Path, entry: dict) -> AgencyType:
    place = entry.get("place", "district")
    if place not in PLACES:
        raise ValueError(f"{path}: agency type {entry['key']!r}: place must be one of {', '.join(PLACES)}")
    return AgencyType(
        key=str(entry["key"]),
        th=str(entry["th"]),
        en=str(entry["en"]),
        aliases=tuple(str(a) for a in entry.get("aliases", [])),
        prefixes=tuple(str(p) for p in entry.get("prefixes", [])),
        place=place,
        unit=str(entry.get("unit", "")),
        head=str(entry.get("head", "")),
        units=tuple(str(u) for u in entry.get("units", [])),
        roles=tuple((str(k), str(v)) for k, v in entry.get("roles", {}).items()),
        named_after=str(entry.get("named_after", "")),
        bare_names=bool(entry.get("bare_names", False)),
        source=str(entry.get("source", "")),
        offices=tuple(_office(path, entry, office) for office in entry.get("offices", [])),
    )


def _office(path: Path, kind: dict, office: dict) -> AgencyType:
    """An office of a type: its prefix, and the head, unit, units and roles it has instead of the type's."""
    if not office.get("prefix"):
        raise ValueError(f"{path}: agency type {kind['key']!r}: each office needs the prefix its names start with")
    own = {k: office[k] for k in ("head", "unit", "units", "roles") if k in office}
    return _type(path, {**kind, "offices": [], **own, "prefixes": [office["prefix"]]})


@lru_cache(maxsize=4)
def _load(path: str) -> AgencyTypes:
    return _parse(Path(path))


def agency_types() -> AgencyTypes:
    """The agency types in use: ``ITA_AGENCY_TYPES`` when set, else the bundled list."""
    return _load(os.environ.get(ENV_FILE) or str(BUNDLED))
