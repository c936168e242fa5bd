"""A workbook of a sheet per indicator ('ตัวชี้วัด1' … 'ตัวชี้วัด10'), as one who follows each indicator over the years
keeps it: each sheet's title (or its name) names its one indicator ('ตัวชี้วัดที่ 1 การปฏิบัติหน้าที่'), and its
table holds an agency a row with that indicator's score under each year ('หน่วยงาน | ปี 2564 | ปี 2565') or under
one score heading ('หน่วยงาน | ปีงบประมาณ | คะแนน'). A person reads an agency's ten scores of a year across the
sheets; on its own each sheet was skipped for the nine indicators it lacks.

The sheets that name every indicator once are read as one wide table in the first sheet's place: a row per agency
and year, the indicators' columns in order, each cell said where it came from (``tool_sheets.JoinedSheet``). Rows
are matched by the agency's name (and province or district when every sheet has one), as ``tool_sheets`` matches
a tool's sheets; an agency some sheet lacks is missing that indicator, said at its row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from ita.common.problems import INFO, Problems, column_letter
from ita.common.text import word
from ita.common.thai import natural_list
from ita.io.headers import UNKNOWN, HeaderCatalog, is_year_label
from ita.io.layouts import HEADER_SCAN_ROWS, fill_merged
from ita.io.layouts.parsed import cell_at, cell_text
from ita.io.reading import RawSheet, read_sheet
from ita.io.tool_sheets import JoinedSheet, Outcome, holds_part, key_part, sheet_year
from ita.io.values import is_blank, years_in_text

# Sheets read again to find the ones that join, at most: a sheet per indicator for each of four years.
MAX_INDICATOR_SHEETS = 40
_KEY_FIELDS = ("agency", "province", "district")  # what a row is matched by (an indicator's sheet seldom has a code)
_YEAR_HEADING = "ปีงบประมาณ"


@dataclass
class _Part:
    """One indicator's sheet: its index among the book's sheets, its cells, the indicator, the header's row and
    columns, and where each of its scores is, 0-based."""

    k: int
    file: str
    sheet: RawSheet
    indicator: int
    header_row: int
    fields: dict[str, int]
    scores: list[tuple[int, int, int | None]] = field(default_factory=list)  # (row, column, year) of each score


def with_indicator_sheets(
    jobs: list[Any],
    outcomes: list[Outcome],
    catalog: HeaderCatalog,
    process: Callable[[int, JoinedSheet], Outcome],
) -> list[Outcome]:
    """The sheets that each hold one indicator and together all of them read again as one table
    (``process(k, joined)``); the outcomes as they are when no two such sheets are found."""
    wanting = [k for k, outcome in enumerate(outcomes) if _may_be_one(jobs[k].sheet, *outcome, catalog)]
    if not 2 <= len(wanting) <= MAX_INDICATOR_SHEETS:
        return outcomes
    parts = []
    for k in wanting:
        sheet = read_sheet(jobs[k].book, jobs[k].sheet, Problems(), jobs[k].limits)
        if sheet is not None and not sheet.hidden:
            part = _one_indicator(k, jobs[k].book.name, fill_merged(sheet, jobs[k].book.name, Problems()), catalog)
            if part is not None:
                parts.append(part)
    out = list(outcomes)
    for group in _groups(parts, catalog.indicator_count):
        key_fields = [f for f in _KEY_FIELDS if all(f in p.fields for p in group)]
        out[group[0].k] = process(group[0].k, _joined(group, key_fields, catalog.indicator_count))
        for part in group[1:]:
            note = Problems()
            note.add(
                INFO,
                "tool_sheet_joined",
                file=part.file,
                sheet=part.sheet.name,
                into=group[0].sheet.name,
                found_th=natural_list([str(part.indicator)], "th"),
                found_en=natural_list([str(part.indicator)], "en"),
            )
            out[part.k] = (note, None)
    return out


def _may_be_one(name: str, problems: Problems, outcome: Any, catalog: HeaderCatalog) -> bool:
    """Whether a sheet not read may be one indicator's: it was said to hold only some indicators (its title named
    one), or to hold no scores while its name names an indicator ('ตัวชี้วัดที่ 3')."""
    if outcome is not None:
        return False
    return holds_part(problems) or (
        any(p.code == "sheet_no_scores" for p in problems) and catalog.indicator_number(name) is not None
    )


def _one_indicator(k: int, file: str, sheet: RawSheet, catalog: HeaderCatalog) -> _Part | None:
    """The sheet as one indicator's table: a header naming the agency and years (or one score) and no indicator,
    under a title naming one indicator (or a sheet's name naming it); None when it is not one."""
    rows = sheet.rows
    for r in range(min(HEADER_SCAN_ROWS, len(rows))):
        matches = [catalog.classify(cell) if isinstance(cell, str) else UNKNOWN for cell in rows[r]]
        fields: dict[str, int] = {}
        for c, match in enumerate(matches):
            fields.setdefault(match.field, c)
        if "agency" not in fields:
            continue
        if "indicator_column" in fields:
            return None  # the indicators head the columns: a table of its own kind
        indicator = _indicator_named(rows[:r], sheet.name, catalog)
        scores = _score_columns(rows[r], matches, fields)
        if indicator is None or not scores:
            return None
        part = _Part(k, file, sheet, indicator, r, {f: c for f, c in fields.items() if f in _KEY_FIELDS})
        _read_scores(part, scores, fields.get("year"), sheet_year(sheet, r))
        return part if part.scores else None
    return None


def _indicator_named(above: list[list[Any]], sheet_name: str, catalog: HeaderCatalog) -> int | None:
    """The one indicator the title above the header names ('ตัวชี้วัดที่ 1 การปฏิบัติหน้าที่'), else the sheet's name."""
    named = {catalog.indicator_number(cell) for row in above for cell in row if isinstance(cell, str)} - {None}
    if len(named) == 1:
        return named.pop()
    return catalog.indicator_number(sheet_name) if not named else None


def _score_columns(header: list[Any], matches: list[Any], fields: dict[str, int]) -> dict[int, int | None]:
    """{column: its year} for a header of years right of the agency ('ปี 2564 | ปี 2565'), else {column: None} for
    its one score heading ('คะแนน'); empty when it has neither."""
    years: dict[int, int | None] = {
        c: years_in_text(str(cell))[0][0]
        for c, cell in enumerate(header)
        if c > fields["agency"] and isinstance(cell, str) and is_year_label(cell)
    }
    if years:
        return years
    scored = [c for c, m in enumerate(matches) if "score" in (m.field, *m.also)]
    return {scored[0]: None} if len(scored) == 1 else {}


def _read_scores(part: _Part, scores: dict[int, int | None], year_column: int | None, sheet_year: int | None) -> None:
    """Each score under the header of a row naming an agency, with its year (a hidden or struck-through row is
    none)."""
    set_aside = part.sheet.hidden_rows | part.sheet.struck_rows  # 1-based
    for r in range(part.header_row + 1, len(part.sheet.rows)):
        row = part.sheet.rows[r]
        if r + 1 in set_aside or not cell_text(cell_at(row, part.fields["agency"])).strip():
            continue
        for c, year in scores.items():
            if year is None:  # one score column: the row's year, else the sheet's
                said = years_in_text(cell_text(cell_at(row, year_column))) if year_column is not None else []
                year = said[0][0] if said else sheet_year
            if not is_blank(cell_at(row, c)):  # what is no number is said at its own cell, once joined
                part.scores.append((r, c, year))


def _groups(parts: list[_Part], count: int) -> list[list[_Part]]:
    """In the book's order, sheets gathered until they name every indicator, none twice; a sheet naming one again
    starts the next group."""
    groups: list[list[_Part]] = []
    group: list[_Part] = []
    for part in parts:
        if part.indicator in {p.indicator for p in group}:
            group = []
        group.append(part)
        if len(group) == count and {p.indicator for p in group} == set(range(1, count + 1)):
            groups.append(sorted(group, key=lambda p: p.k))
            group = []
    return groups


def _joined(group: list[_Part], key_fields: list[str], count: int) -> JoinedSheet:
    """One wide table: the agency's columns as the first sheet heads them, the year, then indicators 1 … ``count``;
    a row per agency and year in the order the sheets first name them."""
    base = group[0]
    heads = [cell_at(base.sheet.rows[base.header_row], base.fields[f]) for f in key_fields]
    years = any(year is not None for p in group for _, _, year in p.scores)
    header = [*heads, *([_YEAR_HEADING] if years else []), *(f"ตัวชี้วัดที่ {n}" for n in range(1, count + 1))]
    joined = JoinedSheet(base.file, base.sheet)
    rows: list[list[Any]] = [header]
    at: dict[tuple[tuple[str, ...], int | None], int] = {}
    first_score = len(heads) + years
    for part in group:
        taken: set[tuple[tuple[str, ...], int | None]] = set()  # a sheet naming an agency's year twice: two rows
        for r, c, year in part.scores:
            cells = part.sheet.rows[r]
            key = (tuple(key_part(f, cell_text(cell_at(cells, part.fields[f]))) for f in key_fields), year)
            if key not in at or key in taken:
                at[key] = len(rows)
                rows.append([*(cell_at(cells, part.fields[f]) for f in key_fields), *([year] if years else [])])
                rows[-1].extend([None] * count)
                joined.rows_from[len(rows)] = (part.file, part.sheet.name, r + 1)
                for n, f in enumerate(key_fields):
                    joined.cells_from[(len(rows), column_letter(n))] = _origin(part, r, part.fields[f])
            taken.add(key)
            rows[at[key]][first_score + part.indicator - 1] = cell_at(cells, c)
            joined.cells_from[(at[key] + 1, column_letter(first_score + part.indicator - 1))] = _origin(part, r, c)
    joined.added_columns.update(column_letter(first_score + n) for n in range(count))
    names = ", ".join(p.sheet.name for p in group)
    by = word("tool_sheets_key_" + "_".join(key_fields))
    joined.notes.add(INFO, "indicator_sheets_joined", file=base.file, sheet=base.sheet.name, sheets=names, by=by)
    joined.sheet = replace(
        base.sheet, rows=rows, merged=[], hidden_columns=frozenset(), hidden_rows=frozenset(), struck_rows=frozenset()
    )
    return joined


def _origin(part: _Part, r: int, c: int) -> tuple[str, str, int, str]:
    return (part.file, part.sheet.name, r + 1, column_letter(c))
