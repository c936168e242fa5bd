"""A workbook that splits each agency's indicators over sheets, one per tool ('IIT' with indicators 1-5, 'EIT' with
6-8, 'OIT' with 9-10), as the ITAS shows its results a tool at a time. A person reads the sheets side by side, an
agency's row in each; on its own each sheet was refused for the indicators it lacks, with an error per indicator.

The sheets are joined into one table, the first sheet's, with the other sheets' indicator columns after its own,
their rows matched to its rows by the agency's code, else its name (and province, when every sheet has one). An
agency some sheet lacks is said at its row. Every problem of the joined table is said at the cell it came from
(``JoinedSheet.settled``), and each record keeps the first sheet's row, or, for an agency only a later sheet has,
that sheet's row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from ita.common.problems import INFO, WARNING, Problems, column_letter
from ita.common.text import word
from ita.common.thai import compact, natural_list
from ita.io.headers import HeaderCatalog
from ita.io.identity import code_key
from ita.io.layouts import TableHeader, fill_merged, table_header
from ita.io.layouts.parsed import cell_at, cell_text, title_year
from ita.io.places import district_key, province_cell, province_key, split_place
from ita.io.reading import RawSheet, read_sheet
from ita.io.values import parse_number, years_in_name
from ita.rules.agency_types import agency_types

Outcome = tuple[Problems, "tuple[Any, pd.DataFrame] | None"]
# What a sheet holding only some indicators was said to be on its own.
PARTIAL_CODES = {
    "sheet_partial_indicators",
    "sheet_one_tool",
    "missing_indicator_column",
    "missing_indicator_column_unknown",
}
_KEY_FIELDS = ("agency_id", "agency", "province", "district")  # what a row is matched by (code, or name and place)
# Partial sheets read again to find the ones that join, at most: a workbook of a sheet per tool for each of four years
# has twelve. More (60 sheets of one tool) make no table and cost a read of each, all held at once.
MAX_TOOL_SHEETS = 12


@dataclass
class _Part:
    """One sheet of a group: its index among the book's sheets, cells and header, and its rows' keys."""

    k: int
    file: str
    sheet: RawSheet
    header: TableHeader
    keys: dict[tuple[str, ...], int] = field(default_factory=dict)  # key → row (0-based)


@dataclass
class JoinedSheet:
    """The joined table, read as one sheet of the first part's name, and where its added cells came from."""

    file: str
    sheet: RawSheet
    cells_from: dict[tuple[int, str], tuple[str, str, int, str]] = field(default_factory=dict)  # (row, letter) →
    # (file, sheet, row, letter) of each cell added, rows 1-based
    rows_from: dict[int, tuple[str, str, int]] = field(default_factory=dict)  # an added row → its (file, sheet, row)
    added_columns: set[str] = field(default_factory=set)  # letters of the columns added from other sheets
    notes: Problems = field(default_factory=Problems)  # the join said, and agencies some sheet lacks at their rows

    def settled(self, frame: pd.DataFrame, problems: Problems) -> Problems:
        """The problems said where they came from, with the join's own notes; ``frame``'s records added from a
        later sheet get its name and row (in place)."""
        for i, row in enumerate(frame["source_row"].tolist()):
            if (origin := self.rows_from.get(int(row))) is not None:
                at = frame.index[i]
                frame.at[at, "source_file"], frame.at[at, "source_sheet"], frame.at[at, "source_row"] = origin
        out = Problems()
        out.extend([self._moved(p) for p in problems])
        out.extend(list(self.notes))
        return out

    def _moved(self, problem: Any) -> Any:
        if problem.file != self.file or problem.sheet != self.sheet.name or not problem.row:
            return problem
        if problem.column and (cell := self.cells_from.get((problem.row, problem.column))) is not None:
            return replace(problem, file=cell[0], sheet=cell[1], row=cell[2], column=cell[3])
        if (origin := self.rows_from.get(problem.row)) is not None:
            return replace(problem, file=origin[0], sheet=origin[1], row=origin[2], column=None)
        if problem.column in self.added_columns:  # a cell no sheet has (an agency that sheet lacks): said at its row
            return replace(problem, column=None)
        return problem


def holds_part(problems: Problems) -> bool:
    """Whether a file or sheet was said to hold only some of the indicators."""
    return any(p.code in PARTIAL_CODES for p in problems)


def holds_tools_part(codes: list[str]) -> bool:
    """Whether a file's problem codes say it holds a part of the indicators, as a tool's sheet does: one tool's
    indicators exactly, or two or more missing (not one forgotten column, nor a lone indicator's column)."""
    return "sheet_one_tool" in codes or codes.count("missing_indicator_column") >= 2


def _no_year(problems: Problems) -> bool:
    return any(p.code == "no_year" for p in problems)


def joined_any(problems: Problems) -> bool:
    """Whether a read joined sheets into a table."""
    return any(p.code in ("tool_sheets_joined", "indicator_sheets_joined") for p in problems)


def with_joined_sheets(
    jobs: list[Any],
    outcomes: list[Outcome],
    catalog: HeaderCatalog,
    process: Callable[[int, JoinedSheet], Outcome],
) -> list[Outcome]:
    """The sheets that each hold some indicators and together all of them read again as one table
    (``process(k, joined)``: the first sheet ``k`` as the joined table); the outcomes as they are when no two sheets
    hold parts. Only a workbook with two such sheets pays for reading them again."""
    # A sheet without a year of its own says so before it says what it lacks (a cover may name the year later).
    wanting = [k for k, (problems, _) in enumerate(outcomes) if holds_part(problems) or _no_year(problems)]
    if not 2 <= len(wanting) <= MAX_TOOL_SHEETS:
        return outcomes
    parts = []
    for k in wanting:
        sheet = read_sheet(jobs[k].book, jobs[k].sheet, Problems(), jobs[k].limits)
        header = table_header(sheet, catalog) if sheet is not None and not sheet.hidden else None
        named = header is not None and bool({"agency", "agency_id"} & header.fields.keys())
        if sheet is not None and header is not None and named and len(header.indicators) < catalog.indicator_count:
            parts.append(_Part(k, jobs[k].book.name, fill_merged(sheet, jobs[k].book.name, Problems()), header))
    out = list(outcomes)
    for group in _groups(parts, catalog.indicator_count):
        key_fields = [f for f in _KEY_FIELDS if all(f in p.header.fields for p in group)]
        if not {"agency", "agency_id"} & set(key_fields):
            continue  # no column every sheet names its agencies by (a code in one, names in another): not joined
        joined = _joined(group, catalog, ["agency_id"] if "agency_id" in key_fields else key_fields)
        problems, outcome = process(group[0].k, joined)
        out[group[0].k] = (problems, outcome)
        for part in group[1:]:
            note = Problems()
            numbers = [str(n) for n in sorted(part.header.indicators)]
            note.add(
                INFO,
                "tool_sheet_joined",
                file=part.file,
                sheet=part.sheet.name,
                into=_named(part, group[0]),
                found_th=natural_list(numbers, "th"),
                found_en=natural_list(numbers, "en"),
            )
            out[part.k] = (note, None)
    return out


def _groups(parts: list[_Part], count: int) -> list[list[_Part]]:
    """The parts that make whole tables: in the book's order, for each year their names or titles write (or none),
    sheets gathered until their indicators are all ``count``, none twice; a sheet that would name one twice starts
    the next table."""
    by_year: dict[int | None, list[_Part]] = {}
    for part in parts:
        by_year.setdefault(sheet_year(part.sheet, part.header.row), []).append(part)
    groups = []
    for same_year in by_year.values():
        group: list[_Part] = []
        for part in same_year:
            held = {n for p in group for n in p.header.indicators}
            if held & part.header.indicators.keys():
                group = []
            group.append(part)
            if len(group) > 1 and {n for p in group for n in p.header.indicators} == set(range(1, count + 1)):
                groups.append(group)
                group = []
    return groups


def sheet_year(sheet: RawSheet, header_row: int) -> int | None:
    """The one year a sheet's name says, else the year its title over ``header_row`` says (a sheet of a joined set)."""
    named = years_in_name(sheet.name)
    if len(named) == 1:
        return named[0][0]
    titled = title_year(sheet.rows[:header_row])
    return titled[0] if titled else None


def _joined(group: list[_Part], catalog: HeaderCatalog, key_fields: list[str]) -> JoinedSheet:
    """The first part's sheet with the other parts' indicator columns (and tool scores) after its widest row, their
    cells on the rows of the same agencies (by ``key_fields``); an agency the first part lacks on a row added at the
    end."""
    base = group[0]
    retitled = [_tool_headings(part, catalog) for part in group]
    joined = JoinedSheet(base.file, base.sheet)
    by = word("tool_sheets_key_" + "_".join(key_fields))
    rows_of = [_row_keys(part, key_fields) for part in group]
    # A key two rows of a sheet share (two agencies of one name, nothing to tell them apart) is matched nowhere, by
    # the rows' order or otherwise: a warning at each of its rows.
    twice = {key for found in rows_of for key, rows in found.items() if len(rows) > 1}
    for part, found in zip(group, rows_of, strict=True):
        for r in sorted(r for key in twice & found.keys() for r in found[key]):
            _say_at_row(joined, part, r, "tool_sheet_row_twice", by=by)
        part.keys = {key: rows[0] for key, rows in found.items() if key not in twice}
    _say_join(group, joined, by)
    rows = [list(row) for row in base.sheet.rows]
    width = max((len(row) for row in rows), default=0)
    rows[base.header.row] = _padded(rows[base.header.row], width)
    for c, heading in retitled[0].items():
        rows[base.header.row][c] = heading
    for part, headings in zip(group[1:], retitled[1:], strict=True):
        columns = sorted([*part.header.indicators.values(), *(c for c, h in headings.items() if h)])
        heads = [headings.get(c, cell_at(part.sheet.rows[part.header.row], c)) for c in columns]
        rows[base.header.row] = _padded(rows[base.header.row], width) + heads
        for key, r in part.keys.items():
            at = base.keys.get(key)
            if at is None:  # an agency the sheets before lack: a row of its own, named as this sheet names it
                at = base.keys[key] = len(rows)
                rows.append(_padded([], width))
                for name in key_fields:
                    rows[at][base.header.fields[name]] = cell_at(part.sheet.rows[r], part.header.fields[name])
                joined.rows_from[at + 1] = (part.file, part.sheet.name, r + 1)
            rows[at] = _padded(rows[at], width) + [cell_at(part.sheet.rows[r], c) for c in columns]
            for n, c in enumerate(columns):
                joined.added_columns.add(column_letter(width + n))
                joined.cells_from[(at + 1, column_letter(width + n))] = (
                    part.file,
                    part.sheet.name,
                    r + 1,
                    column_letter(c),
                )
        width += len(columns)
    joined.sheet = replace(base.sheet, rows=rows)
    return joined


def _say_join(group: list[_Part], joined: JoinedSheet, by: Any) -> None:
    """A note at the first sheet naming the sheets joined and what matched their rows (``by``); a warning at each
    row whose agency some other sheet lacks, naming those sheets."""
    names = ", ".join(_named(group[0], p) for p in group)
    joined.notes.add(INFO, "tool_sheets_joined", file=joined.file, sheet=joined.sheet.name, sheets=names, by=by)
    said = set()
    for part in group:
        for key, r in part.keys.items():
            lacking = [_named(part, p) for p in group if p is not part and key not in p.keys]
            if lacking and key not in said:  # at the first sheet that has it
                said.add(key)
                _say_at_row(joined, part, r, "tool_sheet_row_unmatched", sheets=", ".join(lacking), by=by)


def _say_at_row(joined: JoinedSheet, part: _Part, r: int, code: str, **values: Any) -> None:
    """A warning at row ``r`` (0-based) of ``part``, naming the agency the row names."""
    name = cell_text(cell_at(part.sheet.rows[r], _name_column(part)))
    joined.notes.add(WARNING, code, file=part.file, sheet=part.sheet.name, row=r + 1, agency=name, **values)


def _tool_headings(part: _Part, catalog: HeaderCatalog) -> dict[int, str | None]:
    """A sheet of one tool's indicators ('IIT': 1-5) gives that tool's score under a total's heading ('คะแนนรวม'), and
    its level under a grade's: headed so in the joined table (the level unheaded, as it is no grade of the total).
    A tool's own column ('คะแนน EIT') is kept as it is headed."""
    tool = next(
        (t for t, numbers in catalog.tool_indicators.items() if set(numbers) == part.header.indicators.keys()), None
    )
    headings: dict[int, str | None] = {}
    if (c := part.header.fields.get("tool")) is not None:
        headings[c] = cell_text(cell_at(part.sheet.rows[part.header.row], c))
    if tool is not None and (c := part.header.fields.get("total")) is not None:
        headings[c] = f"คะแนน {tool}"
    if tool is not None and (c := part.header.fields.get("grade")) is not None:
        headings[c] = None
    return headings


def _padded(row: list[Any], width: int) -> list[Any]:
    return row[:width] + [None] * (width - len(row))


def _row_keys(part: _Part, key_fields: list[str]) -> dict[tuple[str, ...], list[int]]:
    """The rows of scores under the header by their key (two rows share one when two agencies share a name and
    nothing tells them apart). A key is the key fields' cells as the importer reads them: a code as a number
    ('0470301' and 470301 are one), a name written out and without the place it carries ('ทต.พอกน้อย',
    '1. เทศบาลตำบลพอกน้อย' and 'เทศบาลตำบลพอกน้อย อ.พรรณานิคม' are one), a province or district however typed. A hidden
    or struck-through row (an old copy) is no agency's row here."""
    keys: dict[tuple[str, ...], list[int]] = {}
    columns = list(part.header.indicators.values())
    set_aside = part.sheet.hidden_rows | part.sheet.struck_rows  # 1-based
    for r in range(part.header.row + 1, len(part.sheet.rows)):
        row = part.sheet.rows[r]
        if r + 1 in set_aside or not any(isinstance(parse_number(cell_at(row, c)), float) for c in columns):
            continue
        key = tuple(key_part(f, cell_text(cell_at(row, part.header.fields[f]))) for f in key_fields)
        if key[0]:
            keys.setdefault(key, []).append(r)
    return keys


def key_part(field_name: str, text: str) -> str:
    if field_name == "agency":
        return compact(split_place(agency_types().written_out(text)).name)
    if field_name == "province":
        return province_key(province_cell(text)[0])
    if field_name == "district":
        return district_key(text)
    return code_key(text)


def _named(seen_from: _Part, part: _Part) -> str:
    """A part as a message said at ``seen_from`` names it: its sheet, and its file when that is another."""
    return part.sheet.name if part.file == seen_from.file else f"{part.sheet.name} ({part.file})"


def _name_column(part: _Part) -> int:
    return part.header.fields.get("agency", part.header.fields.get("agency_id", 0))
