"""One agency, one identity across files and years.

An agency's key (``agency_key`` in the tidy table, and what measures are stored under) is, in order:
- ``id:<code>`` when its file gives an agency code;
- otherwise the key of the one agency already read (with a code, or from another file) whose normalised name is the
  same and whose province and type do not contradict it: a file without codes joins the agencies it names;
- otherwise ``<name>@<province>`` (``<name>`` when the file gives no province), names and provinces normalised
  (``ita.common.thai.compact``); ``#<type>`` is added when the same name and province are two types, and
  ``/<district>`` when the rows give the same name and province in two districts (tambons of one name in one
  province are common): each district's is its own agency, and a row without a district joins none of them.
A key does not depend on which other files are loaded, so what is stored under it (measures) stays with it; one
exception: an agency keyed ``<name>@<province>`` while the only one of its name there is keyed with its district once
a namesake in another district arrives. Its old key is then an older key of the district's agency that the file it
came from had alone (``aliases``), so what was stored under it still shows with it.

Names that carry their place ("เทศบาลตำบลพอกน้อย อำเภอพรรณานิคม จังหวัดสกลนคร") are split into name, district and
province first, and a blank type is read from the start of the name (``ita.io.places``).

An agency that matches one from another file by name but not by province or type is kept apart, with a warning
naming both; the user may then merge them, or split an agency that was joined wrongly (``AgencyLinks``, stored by
``ita.storage.agency_links`` and applied on every import).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ita.common.problems import WARNING, Problems
from ita.common.thai import compact
from ita.io.places import district_key, province_key, same_district, split_place
from ita.rules.agency_types import AgencyTypes, agency_types

# --------------------------------------------------------------------------- links the user chose


@dataclass(frozen=True)
class AgencyLinks:
    """The user's choices: ``merges`` (key → the key it is the same agency as) and ``splits`` (pairs of keys
    never joined automatically)."""

    merges: Mapping[str, str] = field(default_factory=dict)
    splits: frozenset[frozenset[str]] = frozenset()

    def target(self, key: str) -> str:
        """The key ``key`` is merged into, following chains; ``key`` itself when it is not merged."""
        seen = {key}
        while key in self.merges and self.merges[key] not in seen:
            key = self.merges[key]
            seen.add(key)
        return key

    def apart(self, a: str, b: str) -> bool:
        return frozenset((a, b)) in self.splits

    def renamed(self, older: Mapping[str, str]) -> AgencyLinks:
        """The links with each key that is an older key (``older``: older key → key) said as the key it is now."""

        def now(key: str) -> str:
            return older.get(key, key)

        return AgencyLinks(
            {now(k): now(v) for k, v in self.merges.items()}, frozenset(frozenset(map(now, p)) for p in self.splits)
        )

    def version(self) -> tuple:
        """Hashable, for caches keyed on the links in force; ``from_version`` makes the links again."""
        return (tuple(sorted(self.merges.items())), tuple(sorted(tuple(sorted(p)) for p in self.splits)))

    @classmethod
    def from_version(cls, version: tuple) -> AgencyLinks:
        merges, splits = version
        return cls(dict(merges), frozenset(frozenset(p) for p in splits))


NO_LINKS = AgencyLinks()


# --------------------------------------------------------------------------- resolution


@dataclass
class _Agency:
    key: str
    name: str  # as written, for messages
    province: str  # province_key
    kind: str  # type key
    files: set[str] = field(default_factory=set)
    place: str = ""  # province and type as written, for messages
    district: str = ""  # district_key


def _fits(a: _Agency, row: _Row) -> bool:
    return (
        (not a.province or not row.province or a.province == row.province)
        and (not a.kind or not row.kind or a.kind == row.kind)
        and same_district(a.district, row.district)
    )


@dataclass
class _Row:
    """One distinct (code, name, province, type) of the table, with the files it came from."""

    code: str
    name: str
    province: str
    kind: str
    written: str
    place: str
    files: set[str]
    district: str = ""  # district_key
    in_key: bool = False  # the district is part of the key: its name and province are in two districts

    @property
    def own_key(self) -> str:
        if self.code:
            return "id:" + self.code
        key = f"{self.name}@{self.province}" if self.province else self.name
        return f"{key}/{self.district}" if self.in_key else key


class _Resolver:
    def __init__(self, links: AgencyLinks) -> None:
        self.links = links
        self.agencies: dict[str, _Agency] = {}
        self.by_name: dict[str, list[_Agency]] = defaultdict(list)
        self.notes: list[tuple[str, dict[str, str]]] = []

    def _add(self, key: str, row: _Row) -> _Agency:
        agency = self.agencies.get(key)
        if agency is None:
            agency = _Agency(key, row.written, row.province, row.kind, place=row.place, district=row.district)
            self.agencies[key] = agency
            self.by_name[row.name].append(agency)
        agency.province = agency.province or row.province
        agency.kind = agency.kind or row.kind
        agency.district = max(agency.district, row.district, key=len)  # the one written in full
        agency.files |= row.files
        return agency

    def coded(self, row: _Row) -> str:
        return self._add(row.own_key, row).key

    def named(self, row: _Row) -> str:
        """A row without a code: the one agency of that name it fits, else an agency of its own."""
        same_name = [a for a in self.by_name.get(row.name, []) if not self.links.apart(row.own_key, a.key)]
        fitting = [a for a in same_name if _fits(a, row)]
        if len(fitting) == 1:
            return self._add(fitting[0].key, row).key
        key = row.own_key
        if key in self.agencies and not _fits(self.agencies[key], row):
            key = f"{key}#{row.kind}"
        new = key not in self.agencies
        agency = self._add(key, row)
        others = [a for a in same_name if a is not agency and not (a.files & row.files)]
        if new and others and not fitting:
            other = others[0]
            self.notes.append(("agency_same_name_differs", self._names(row, other, agency)))
        elif new and len(fitting) > 1:
            self.notes.append(("agency_name_ambiguous", self._names(row, fitting[0], agency, fitting[1])))
        return agency.key

    @staticmethod
    def _names(row: _Row, other: _Agency, agency: _Agency, second: _Agency | None = None) -> dict[str, str]:
        file = sorted(row.files)[0]
        values = {
            "agency": row.written,
            "place": row.place or "-",
            "other": other.name,
            "other_place": other.place or "-",
        }
        values |= {"file": file, "new_key": agency.key, "other_key": other.key}
        if second is not None:
            values |= {"second_place": second.place or "-"}
        return values


_RAW = ("agency_id", "agency", "province", "agency_type", "district")


def code_key(value: object) -> str:
    """An agency's code as compared: a number without the zeros before it ('03004' and 3004, as Excel keeps a code it
    read as a number, are one code)."""
    code = compact(value)
    return (code.lstrip("0") or "0") if code.isdigit() else code


def _distinct_rows(table: pd.DataFrame, types: AgencyTypes) -> tuple[list[_Row], pd.Series]:
    """The table's distinct (code, name, province, type) once normalised, and each table row's index into them.
    Work is done once per distinct spelling (a national workbook repeats each agency once a year)."""
    raw = pd.DataFrame(
        {c: table[c].fillna("").astype(str) if c in table else "" for c in (*_RAW, "source_file")}, index=table.index
    )
    spelling = raw.groupby(list(_RAW), sort=False).ngroup()  # each row → its distinct spelling
    firsts = raw.loc[spelling.drop_duplicates().index]  # one row per spelling, in ngroup order
    pairs = pd.DataFrame({"spelling": spelling, "file": raw["source_file"]}).drop_duplicates()
    parts = pd.DataFrame(
        {
            "code": firsts["agency_id"].map(code_key).to_numpy(),
            "name": firsts["agency"].map(compact).to_numpy(),
            "province": firsts["province"].map(province_key).to_numpy(),
            "kind": [
                types.key_of(t, n)
                for t, n in zip(firsts["agency_type"].tolist(), firsts["agency"].tolist(), strict=True)
            ],
            "district": firsts["district"].map(district_key).to_numpy(),
        }
    )
    normal = parts.groupby(list(parts.columns), sort=False).ngroup().to_numpy()  # spelling → distinct agency row
    merged: dict[int, set[str]] = defaultdict(set)  # distinct agency → the files it is in
    for j, file in zip(pairs["spelling"].tolist(), pairs["file"].tolist(), strict=True):
        merged[int(normal[j])].add(file)
    rows: list[_Row] = []
    columns = (parts[c].tolist() for c in ("code", "name", "province", "kind", "district"))
    written = zip(firsts["agency"], firsts["province"], firsts["agency_type"], firsts["district"], strict=True)
    for k, (code, name, province, kind, district, (agency, prov, typed, dist)) in enumerate(
        zip(*columns, written, strict=True)
    ):
        if normal[k] < len(rows):
            continue  # a second spelling of an agency already listed
        place = " · ".join(v for v in (dist.strip(), prov.strip(), typed.strip()) if v)
        rows.append(_Row(code, name, province, kind, agency, place, merged[int(normal[k])], district))
    _districts_in_keys(rows)
    return rows, pd.Series(normal[spelling.to_numpy()], index=table.index)


def _districts_in_keys(rows: list[_Row]) -> None:
    """Mark the rows whose name and province are written in two districts that cannot be one: their district is
    part of their key."""
    districts: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in rows:
        if row.district and not row.code:
            districts[(row.name, row.province)].add(row.district)
    split = {pair for pair, found in districts.items() if any(not same_district(a, b) for a in found for b in found)}
    for row in rows:
        row.in_key = bool(row.district) and (row.name, row.province) in split


@dataclass(frozen=True)
class Join:
    """Rows without a code joined by name to an agency known otherwise: what a split would undo."""

    own_key: str  # the key the rows would have on their own
    key: str  # the agency they were joined to
    name: str
    place: str
    files: tuple[str, ...]


@dataclass
class Resolution:
    keys: pd.Series  # each row's agency key
    notes: list[tuple[str, dict[str, str]]]  # names kept apart that might be one agency (a code and values)
    joins: list[Join]
    unlinked: pd.Series | None = None  # each row's key before the user's links were applied


def resolve(table: pd.DataFrame, links: AgencyLinks = NO_LINKS, types: AgencyTypes | None = None) -> Resolution:
    """Each row's agency key; notes on names kept apart that might be one agency; rows joined by name. A link made on
    a key that has since become an older key (``aliases``: a namesake in another district arrived) applies to the
    agency it names now."""
    result = _resolve(table, links, types)
    if links.merges or links.splits:
        moved = links.renamed(aliases(table.assign(agency_key=result.unlinked)))
        if moved != links:
            result = _resolve(table, moved, types)
    return result


def _resolve(table: pd.DataFrame, links: AgencyLinks, types: AgencyTypes | None) -> Resolution:
    if table.empty:
        return Resolution(pd.Series([], index=table.index, dtype=object, name="agency_key"), [], [])
    rows, group = _distinct_rows(table, types or agency_types())
    resolver = _Resolver(links)
    keys: dict[int, str] = {}
    order = sorted(range(len(rows)), key=lambda i: (not rows[i].code, not rows[i].province, not rows[i].kind))
    for i in order:
        row = rows[i]
        if not row.name and not row.code:
            keys[i] = ""
            continue
        keys[i] = resolver.coded(row) if row.code else resolver.named(row)
    final = {i: links.target(k) if k else k for i, k in keys.items()}
    joins = [
        Join(rows[i].own_key, final[i], rows[i].written, rows[i].place, tuple(sorted(rows[i].files)))
        for i in order
        if keys[i] and not rows[i].code and keys[i].partition("#")[0] != rows[i].own_key
    ]
    notes = [(c, v) for c, v in resolver.notes if links.target(v["new_key"]) != links.target(v["other_key"])]
    return Resolution(group.map(final).rename("agency_key"), notes, joins, group.map(keys))


def add_notes(notes: Iterable[tuple[str, dict[str, str]]], problems: Problems) -> None:
    """The resolution's notes as warnings, each on the file of the agency kept apart."""
    for code, values in notes:
        words: dict[str, Any] = {k: v for k, v in values.items() if k != "file"}
        problems.add(WARNING, code, file=values["file"], **words)


def find_key(
    table: pd.DataFrame,
    wanted: object,
    *,
    keys: Collection[str] | None = None,
    known: Mapping[str, str] | None = None,
) -> str | None:
    """The agency key a link or a user names: a key, an older key, or a name (with its place, 'เทศบาลตำบลพอกน้อย
    จังหวัดสกลนคร') that only one agency has; None when it names no agency, or several. ``keys`` and ``known``
    (``aliases``): the table's, when the caller keeps them already (on a national file they cost a second each)."""
    text = "" if wanted is None else str(wanted).strip()
    if not text or table.empty:
        return None
    keys = set(table["agency_key"]) if keys is None else keys
    if text in keys:
        return text
    known = aliases(table) if known is None else known
    place = split_place(text)
    tries = [compact(text), compact(place.name) + ("@" + province_key(place.province) if place.province else "")]
    return next((known.get(k, k if k in keys else None) for k in tries if k in known or k in keys), None)


def keys_for(table: pd.DataFrame, key: str) -> list[str]:
    """``key`` and the older keys that now name the same agency: what was stored under any of them is its own."""
    return [key, *older_keys(table).get(key, [])]


def older_keys(table: pd.DataFrame) -> dict[str, list[str]]:
    """Each agency key → the older keys that name it (``aliases`` turned round), for many lookups at once."""
    out: dict[str, list[str]] = defaultdict(list)
    for alias, key in sorted(aliases(table).items()):
        out[key].append(alias)
    return dict(out)


def aliases(table: pd.DataFrame) -> dict[str, str]:
    """Older keys of each agency (its bare name; its name and province) → its key, where only one agency has it:
    what was stored under a key of an earlier version still finds its agency."""
    if table.empty:
        return {}
    files = table["source_file"] if "source_file" in table else pd.Series("", index=table.index)
    table = table.assign(_file=files.fillna("").astype(str)).drop_duplicates(
        ["agency", "province", "agency_key", "_file"]
    )
    names = table["agency"].fillna("").astype(str).map(compact)
    provinces = table["province"].fillna("").astype(str).map(province_key)
    plain = (names + "@" + provinces).where(provinces != "", "")
    written = (
        table["agency_id"].fillna("").astype(str).map(compact)
        if "agency_id" in table
        else pd.Series("", index=table.index)
    )
    candidates = pd.concat(
        [
            pd.DataFrame({"alias": names, "key": table["agency_key"]}),
            pd.DataFrame({"alias": plain.where(_plain_stands_for(table, plain), ""), "key": table["agency_key"]}),
            # a code as written before codes were compared without their leading zeros ('id:03004')
            pd.DataFrame({"alias": ("id:" + written).where(written != "", ""), "key": table["agency_key"]}),
        ]
    ).drop_duplicates()
    candidates = candidates.loc[(candidates["alias"] != "") & (candidates["alias"] != candidates["key"])]
    unique = candidates.groupby("alias")["key"].transform("nunique") == 1
    known = set(table["agency_key"])
    chosen = candidates.loc[unique & ~candidates["alias"].isin(known)]
    return dict(zip(chosen["alias"], chosen["key"], strict=True))


def _plain_stands_for(table: pd.DataFrame, plain: pd.Series) -> pd.Series:
    """Whether ``name@province`` (``plain``) is an older key of each row's agency. A key with its district (the name
    in two districts of the province) had that older key only where a file had the name there in one district
    alone: what was stored under it then is that district's agency's."""
    keys = table["agency_key"].fillna("").astype(str)
    split = keys.str.contains("/", regex=False)
    if not split.any():
        return pd.Series(True, index=table.index)
    alone = table.loc[split].assign(_plain=plain[split]).groupby(["_file", "_plain"])["agency_key"].transform("nunique")
    out = pd.Series(True, index=table.index)
    out.loc[split] = alone == 1
    return out
