"""A wide table: one row per agency below a header row, one column per indicator. Read column by column
(vectorised): only the unusual rows and cells are visited one by one."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ita.common.problems import ERROR, INFO, WARNING, Problems, column_letter
from ita.common.text import UNSAFE_CHARACTERS
from ita.io.headers import HeaderCatalog, HeaderMatch, is_year_label
from ita.io.layouts.blocks import (
    agency_names,
    dropped_row,
    fill_down,
    footer_rows,
    join_name_parts,
    labels_across,
    moved_fields,
    name_in_parts,
    number_as_name,
    places_of_rows,
    province_headings,
    province_table,
    provinces_under,
    summary_elsewhere,
    summary_rows,
    year_headings,
)
from ita.io.layouts.parsed import (
    META_FIELDS,
    ParsedSheet,
    agency_on_a_line,
    cell_texts,
    heading_type,
    title_place,
    title_year,
    types_under_headings,
    unsafe_problem,
)
from ita.io.layouts.sub_columns import drifted_values, merged_repeats, not_scores
from ita.io.layouts.under_header import without_units_rows
from ita.io.reading import RawSheet
from ita.io.values import CellIssue, display, is_blank, parse_numbers, says_not_assessed
from ita.rules.agency_types import agency_types


def _assign_columns(
    matches: list[HeaderMatch],
    header: list[Any],
    where: tuple[str, str, int],
    problems: Problems,
    hidden: frozenset[int] = frozenset(),
    levels: frozenset[int] = frozenset(),
    passed: dict[int, str] | None = None,
) -> tuple[dict[str, int], dict[str, str | None], list[int]]:
    """Field → column index, tool scale hints, and the columns kept as extra data (``where``: file, sheet, header
    row). The first column of a field wins, a visible one before a ``hidden`` one: a person reads what is shown
    (last year's scores hidden beside this year's under the same headings). A second column of an indicator that
    the row under the header calls its level (``levels``: 'ตัวชี้วัดที่ 1' over 'คะแนน | ระดับ') is said as that, and
    so is a column of an indicator that holds no score of it (``passed``: ``sub_columns.not_scores``)."""
    file, sheet, row = where
    colmap: dict[str, int] = {}
    scales: dict[str, str | None] = {}
    extra: list[int] = []
    order = [c for c in range(len(matches)) if c not in hidden] + [c for c in range(len(matches)) if c in hidden]
    for c in order:
        m = matches[c]
        key = _column_key(m)
        if not key:
            if not is_blank(header[c]):
                extra.append(c)
            continue
        if key in colmap and c in levels and m.field == "indicator_column":
            problems.add(INFO, "indicator_level_column", file=file, sheet=sheet, row=row, column=column_letter(c),
                         field=display(header[c]), used=column_letter(colmap[key]))  # fmt: skip
            extra.append(c)
            continue
        if c in (passed or {}):
            problems.add(INFO, "sub_column_not_score", file=file, sheet=sheet, row=row, column=column_letter(c),
                         field=display(header[c]), held=passed[c])  # type: ignore[index]  # passed is not None here  # fmt: skip
            extra.append(c)
            continue
        if key in colmap:
            other_scale = m.tool is not None and None not in (m.scale, scales.get(m.tool)) and m.scale != scales[m.tool]
            problems.add(  # a tool's score on its other scale (percent and weighted points side by side) is no fault
                INFO if other_scale else WARNING,
                "tool_other_scale" if other_scale else "duplicate_column",
                file=file,
                sheet=sheet,
                row=row,
                column=column_letter(c),
                field=display(header[c]),
                used=column_letter(colmap[key]),
                **({"tool": m.tool} if other_scale else {}),
            )
            extra.append(c)
            continue
        colmap[key] = c
        if m.tool is not None:
            scales[m.tool] = m.scale
    return dict(sorted(colmap.items(), key=lambda item: item[1])), scales, sorted(extra)


def _column_key(m: HeaderMatch) -> str:
    """The record field a wide header's column holds ('' for none): an indicator, a reported tool score, the
    reported total ('คะแนน' above a column of an agency's scores is its total), or a plain field."""
    if m.field == "indicator_column":
        return f"i{m.indicator}"
    if m.field == "tool":
        return f"reported_{(m.tool or '').lower()}"
    if m.field in ("score", "indicator"):
        return "total" if "total" in m.also or m.field == "score" else ""
    return "" if m.field == "sub_indicator" else m.field


@dataclass
class _WideTable:
    """A wide table as a person reads it: the header row, the field each column holds (``colmap``, from
    ``assign_columns``) and the cells below the header, column by column."""

    file: str
    sheet: str
    problems: Problems
    header_r: int  # 0-based row of the header
    header: list[Any]
    colmap: dict[str, int]
    columns: list[tuple[Any, ...]]
    n: int  # rows below the header

    def col(self, c: int) -> tuple[Any, ...]:
        """The cells of column ``c`` below the header; blanks where the sheet ends before it."""
        return self.columns[c] if c < len(self.columns) else ("",) * self.n

    def row(self, k: int) -> list[Any]:
        """The cells of row ``k`` below the header, left to right."""
        return [column[k] for column in self.columns]

    def cells(self, key: str) -> tuple[Any, ...]:
        return self.col(self.colmap[key])

    def letter(self, key: str) -> str:
        return column_letter(self.colmap[key])

    def heading(self, key: str) -> str:
        return display(self.header[self.colmap[key]])

    def say_at_column(self, severity: str, code: str, key: str, **values: Any) -> None:
        """A problem of the whole column that holds ``key`` (its letter and heading)."""
        self.problems.add(
            severity, code, file=self.file, sheet=self.sheet, column=self.letter(key), field=self.heading(key), **values
        )


def parse_wide(
    sheet: RawSheet, file: str, catalog: HeaderCatalog, problems: Problems, header_r: int, matches: list[HeaderMatch]
) -> ParsedSheet:
    """A wide table: one row per agency below the header, one column per indicator."""
    header = sheet.rows[header_r]
    where = (file, sheet.name, header_r + 1)
    below = sheet.rows[header_r + 1] if header_r + 1 < len(sheet.rows) else []
    levels = frozenset(c for c, x in enumerate(below) if isinstance(x, str) and catalog.classify(x).field == "grade")
    matches, passed = not_scores(matches, header, below, sheet.rows[header_r + 2 :], catalog)
    if parts := name_in_parts(sheet, header_r, matches, catalog):  # 'ชื่อหน่วยงาน' over 'เทศบาลตำบล | พอกน้อย': one name
        header = ["" if c in parts[1:] else h for c, h in enumerate(header)]
        matches = [HeaderMatch("") if c in parts[1:] else m for c, m in enumerate(matches)]
    header, matches = merged_repeats(header, matches, [] if passed else sheet.merged, header_r)
    colmap, scales, extra_cols = _assign_columns(matches, header, where, problems, sheet.hidden_columns, levels, passed)
    body = sheet.rows[header_r + 1 :]
    body = [[], *body[1:]] if passed else body  # the row naming the sub-columns is the header's
    body = labels_across(
        sheet, header_r, without_units_rows(body, colmap, (file, sheet.name, header, header_r, problems), catalog)
    )
    columns = list(itertools.zip_longest(*body, fillvalue="")) if body else [() for _ in range(len(header))]
    if parts:
        join_name_parts(columns, parts, (file, sheet.name, problems))
    drifted_values(columns, colmap, [] if passed else sheet.merged, header_r, lambda n, cells: problems.add(
        INFO, "values_drifted", file=file, sheet=sheet.name, row=header_r + 1, cells=cells, count=n))  # fmt: skip
    if "agency" not in colmap and (named := agency_on_a_line(sheet.rows[:header_r], catalog.is_agency_label)):
        # One agency's table, its name on a line above ('หน่วยงาน: เทศบาลตำบลพอกน้อย …' over its years): every row's.
        width = max(len(header), len(columns))
        columns = [*columns, *[("",) * len(body)] * (width - len(columns)), (named,) * len(body)]
        header, colmap = [*header, *[""] * (width - len(header)), named], {**colmap, "agency": width}
        problems.add(INFO, "agency_from_line", file=file, sheet=sheet.name, row=None, agency=display(named))
    table = _WideTable(file, sheet.name, problems, header_r, header, colmap, columns, len(body))
    scores, issues, any_score = _read_scores(table)
    any_score &= ~footer_rows(table, scores, any_score)
    _join_wrapped_names(table, any_score)
    earlier = _earlier_years_under_agencies(table, any_score, catalog)
    agency, keep, errors = _sort_rows(table, catalog, any_score)
    moved = moved_fields(table, body, keep, catalog) if sheet.ragged else np.zeros(table.n, dtype=bool)
    errors |= moved  # such a row says its fields moved, not "not a number" at each of its shifted cells
    _report_unreadable(table, [(key, issue) for key, issue in issues if not moved[issue.index]], keep, errors)
    _note_unsafe_names(table, keep)
    frame = pd.DataFrame(_wide_data(table, agency, scores, extra_cols, catalog.province_agency_type, any_score))
    fill_down(table, frame, any_score & keep)
    if earlier:  # each such row is its agency's year that the row names
        frame["year_cell"] = [earlier.get(k, "") for k in range(len(frame))]
        rows = ", ".join(str(header_r + 2 + k) for k in sorted(earlier)[:8]) + (", …" if len(earlier) > 8 else "")
        problems.add(
            WARNING, "year_rows_under_agencies", file=file, sheet=sheet.name, row=None, rows=rows, count=len(earlier)
        )
    if "year" not in colmap and not earlier and (headed := year_headings(table, any_score)):
        frame["year_cell"] = headed  # groups headed by a year's row ('ปีงบประมาณ พ.ศ. 2566'): as a year column
    unknown = _note_kept_columns(table, matches, extra_cols)
    for kind in ("province", "district"):  # a sheet per province or district: its title or name says which
        if kind not in colmap and (place := title_place(sheet.rows[:header_r], sheet.name, kind)):
            frame[kind] = place
            problems.add(INFO, f"{kind}_from_title", file=file, sheet=sheet.name, row=None, **{kind: place})
    frame, errors = frame.loc[keep].reset_index(drop=True), errors[keep]
    new_index = np.cumsum(keep) - 1
    flagged = {(int(new_index[i.index]), key) for key, i in issues if keep[i.index]}
    return ParsedSheet(
        layout="wide",
        header_row=header_r + 1,
        frame=frame,
        errors=errors,
        title_year=title_year(sheet.rows[:header_r]),
        indicator_columns={int(k[1:]) for k in scores},
        tool_scales=scales,
        locate=_wide_locate(table, frame),
        flagged=flagged,
        unknown_headers=unknown,
    )


def _note_kept_columns(table: _WideTable, matches: list[HeaderMatch], extra_cols: list[int]) -> list[str]:
    """Say which columns are kept with each row but not used: sub-indicators ('9.1 ข้อมูลพื้นฐาน', the indicator's
    own column is used) and headers no field claimed (their list is returned). A second column of a known field
    is said on its own (duplicate_column)."""
    said: dict[str, list[str]] = {"sub_indicator": [], "": []}
    for c in extra_cols:
        if not is_blank(table.header[c]) and matches[c].field in said:
            said[matches[c].field].append(f'{column_letter(c)}{table.header_r + 1} "{display(table.header[c])}"')
    for field_name, code in (("sub_indicator", "sub_indicators_kept"), ("", "columns_kept_unused")):
        if listed := said[field_name]:  # read and kept with each row, as written, but not used: said
            shown = ", ".join(listed[:8]) + (f", … (+{len(listed) - 8})" if len(listed) > 8 else "")
            table.problems.add(INFO, code, file=table.file, sheet=table.sheet, row=table.header_r + 1, columns=shown)
    return said[""]


def _read_scores(table: _WideTable) -> tuple[dict[str, np.ndarray], list[tuple[str, CellIssue]], np.ndarray]:
    """Each indicator column as numbers (NaN where blank or unreadable), the cells that could not be read, and
    which rows hold any score (an unreadable cell counts: someone meant to write a score there)."""
    scores: dict[str, np.ndarray] = {}
    issues: list[tuple[str, CellIssue]] = []
    any_score = np.zeros(table.n, dtype=bool)
    for key in [k for k in table.colmap if k.startswith("i") and k[1:].isdigit()]:
        values, col_issues = parse_numbers(table.cells(key))
        scores[key] = values
        issues.extend((key, i) for i in col_issues)
        any_score |= ~np.isnan(values)
        for i in col_issues:
            any_score[i.index] = True
    return scores, issues, any_score


def _sort_rows(
    table: _WideTable, catalog: HeaderCatalog, any_score: np.ndarray
) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Which rows are agencies: the agency names, the rows kept, and the rows with an error already.

    A row without scores or a summary line ('รวม', 'เฉลี่ย') is dropped (said when it has a name); a row with
    scores but no name is an error, said once for the sheet when no row has a name. Only the unusual rows
    are visited one by one."""
    has_names = "agency" in table.colmap or province_table(table)
    agency = agency_names(table, catalog, any_score) if has_names else [""] * table.n
    errors = np.zeros(table.n, dtype=bool)
    keep = np.ones(table.n, dtype=bool)
    # A number alone is no agency's name: an Excel table's totals row counts the names there (=SUBTOTAL(103, …)).
    named = np.array([bool(a) and not number_as_name(a) for a in agency], dtype=bool)
    summary = summary_rows(table, agency, any_score, catalog)  # a total's, an average's, a pivot's group's
    for k in np.flatnonzero(~named & any_score):  # 'ค่าเฉลี่ย' written in the number column, the name cell blank
        if label := summary_elsewhere(table, int(k), catalog):
            agency[k], named[k], summary[k] = label, True, True
    nameless = _say_no_names(table, any_score, named & ~summary)  # a summary's label names no agency's row
    errors |= any_score & nameless
    scored = np.flatnonzero(any_score)
    last_scored = int(scored[-1]) if scored.size else table.n  # no row with scores: nothing is below a table
    for k in np.flatnonzero(~any_score | summary | (~named & has_names & (not nameless))):
        row = table.header_r + 2 + int(k)
        if not any_score[k] or summary[k]:
            keep[k] = False
            if named[k]:
                severity, code = dropped_row(bool(summary[k]), agency[k], int(k) > last_scored, catalog, table.colmap)
                if _not_assessed(table, int(k)):
                    severity, code = INFO, "row_not_assessed"
                table.problems.add(
                    severity,
                    code,
                    file=table.file,
                    sheet=table.sheet,
                    row=row,
                    label=display(agency[k]),
                )
        else:
            errors[k] = True
            table.problems.add(
                ERROR,
                "agency_missing",
                file=table.file,
                sheet=table.sheet,
                row=row,
                column=table.letter("agency"),
                field=table.heading("agency"),
            )
    return agency, keep, errors


def _not_assessed(table: _WideTable, k: int) -> bool:
    """Whether row ``k``'s cells say the agency was not assessed ('ไม่ประเมิน' in its scores, or in its grade)."""
    cells = [table.cells(key)[k] for key in table.colmap]
    return any(isinstance(c, str) and says_not_assessed(c) for c in cells)


def _join_wrapped_names(table: _WideTable, any_score: np.ndarray) -> None:
    """A name a PDF's conversion wrapped over two rows: a type's name (or the start of one: 'องค์การบริหารส่วน') alone
    on the row with the scores ('องค์การบริหารส่วนตำบล' | 94.96 …) and the rest on the row under it with none
    ('หนองปลิง', 'จังหวัดอุดรธานี'); or the start of a type's name alone on a row without scores, over the rest with
    the scores ('องค์การบริหารส่วน' over 'ตำบลหนองไผ่' | 72.55 …). The two are one name, on the scores' row, said with
    a note; the other row is left blank. 'องค์การบริหารส่วน' alone had been stored as an agency."""
    if "agency" not in table.colmap:
        return
    types = agency_types()
    names = list(table.cells("agency"))
    joined = []
    for k in np.flatnonzero(any_score[:-1] != any_score[1:]):  # a scored row beside one without scores: few
        here, below = (str(v).strip() if not is_blank(v) else "" for v in (names[k], names[k + 1]))
        if not below:
            continue
        if any_score[k] and (heading_type(here, types) is not None or _starts_a_type(here, below, types, alone=False)):
            names[k], names[k + 1] = here + below, ""
            joined.append(str(table.header_r + 2 + k))
        elif not any_score[k] and _starts_a_type(here, below, types):
            names[k], names[k + 1] = "", here + below
            joined.append(str(table.header_r + 3 + k))
    if joined:
        table.columns[table.colmap["agency"]] = tuple(names)
        table.problems.add(INFO, "names_wrapped", file=table.file, sheet=table.sheet, rows=", ".join(joined[:8]))


def _starts_a_type(here: str, below: str, types: Any, alone: bool = True) -> bool:
    """Whether ``here`` is the start of a type's name and nothing else ('องค์การบริหารส่วน', 'เทศบาล'), which ``below``
    goes on with ('ตำบลหนองไผ่', 'จังหวัดอุดรธานี'); ``alone``: and ``below``, the row with the scores, names no
    agency's type of its own (then it is a name under a heading)."""
    words = [w for w in types.family_words if len(w) > 3]  # whole words, never an abbreviation's letters
    joined = types.from_name(here + below) is not None
    return here in words and joined and not (alone and types.from_name(below) is not None)


MIN_YEAR_ROWS = 2  # rows named by a year under agencies' rows for them to be those agencies' years (half of them, too)


def _earlier_years_under_agencies(table: _WideTable, any_score: np.ndarray, catalog: HeaderCatalog) -> dict[int, str]:
    """Rows named by a year alone right under an agency's row, with scores ('ปี 2566' under each agency in a table of
    2567 'เทียบกับปี 2566'): each is that agency's year. Their name cells are given the agency's name (in
    ``table``); the rows and the years they name are returned. None in a table with a year column."""
    if "agency" not in table.colmap or "year" in table.colmap:
        return {}
    names = list(table.cells("agency"))
    years = sum(1 for cell in names if cell is not None and is_year_label(cell))  # cheap: most tables have none
    if years < MIN_YEAR_ROWS or 3 * years < int(any_score.sum()):  # too few to be a pattern, whatever is above them
        return {}
    found: dict[int, str] = {}
    agency = ""
    for k, cell in enumerate(names):
        text = str(cell).strip() if not is_blank(cell) else ""
        if text and is_year_label(text):
            if agency and any_score[k]:
                found[k], names[k] = text, agency
            continue
        agency = text if any_score[k] and not catalog.is_summary_label(text) else ""
    agencies = int(any_score.sum()) - len(found)  # the scored rows that are not a year's
    if len(found) < MIN_YEAR_ROWS or 2 * len(found) < agencies:  # a pattern of the table, not one odd row (an average)
        return {}
    table.columns[table.colmap["agency"]] = tuple(names)
    return found


GROUP_FIELDS = ("agency_type", "district", "ministry")  # columns naming a group of agencies, not one


def _say_no_names(table: _WideTable, any_score: np.ndarray, named: np.ndarray) -> bool:
    """True (with one sheet-level error) when no row with scores has an agency name: the name column is
    missing from the header or empty in every row. Said once for the sheet, not once per row."""
    if not any_score.any() or named[any_score].any():
        return False
    group = next((f for f in GROUP_FIELDS if f in table.colmap and any(cell_texts(table.cells(f)))), None)
    if "agency" in table.colmap:
        table.say_at_column(ERROR, "agency_column_empty", "agency", letter=table.letter("agency"))
    elif group is not None:  # 'ประเภทหน่วยงาน | ตัวชี้วัดที่ 1 …' and no names: each row is a group's average
        example = next(t for t in cell_texts(table.cells(group)) if t)
        table.say_at_column(ERROR, "group_rows", group, example=example)
    else:
        table.problems.add(
            ERROR, "agency_column_missing", file=table.file, sheet=table.sheet, row=None, header_row=table.header_r + 1
        )
    return True


def _report_unreadable(
    table: _WideTable, issues: list[tuple[str, CellIssue]], keep: np.ndarray, errors: np.ndarray
) -> None:
    """An error for each unreadable score in a kept row (a dropped row's cells are nobody's scores); a warning for
    a score read despite a mark after it."""
    for key, issue in issues:
        if keep[issue.index]:
            errors[issue.index] |= not issue.warning  # a number read despite a mark keeps its row
            table.problems.add(
                issue.severity,
                issue.code,
                file=table.file,
                sheet=table.sheet,
                row=table.header_r + 2 + issue.index,
                column=table.letter(key),
                field=table.heading(key),
                value=issue.value,
            )


def _note_unsafe_names(table: _WideTable, keep: np.ndarray) -> None:
    """A warning for each kept cell of a name column (or the grade) whose text lost control or direction-override
    characters (``clean_label`` removes them). One C-level search clears a clean column."""
    for name in (*META_FIELDS, "grade"):
        values = table.cells(name) if name in table.colmap else ()
        if not UNSAFE_CHARACTERS.search("".join({v for v in values if type(v) is str})):
            continue
        for k, value in enumerate(values):
            if keep[k] and type(value) is str and UNSAFE_CHARACTERS.search(value):
                at = (table.header_r + 2 + k, table.letter(name), table.heading(name))
                unsafe_problem(value, *at, table.file, table.sheet, table.problems)


def _wide_data(
    table: _WideTable,
    agency: list[str],
    scores: dict[str, np.ndarray],
    extra_cols: list[int],
    province_type: str,
    any_score: np.ndarray,
) -> dict[str, Any]:
    """The columns of the records: names, scores, reported values as the file had them, year cells, the
    source row, and the columns no field claimed (kept as ``extra``: nothing uploaded is lost)."""
    colmap = table.colmap
    data: dict[str, Any] = {"agency": agency}
    for name in META_FIELDS[1:]:
        if name in colmap:
            data[name] = cell_texts(table.cells(name))
    for kind in ("district", "province"):
        if kind not in colmap and (places := places_of_rows(table, any_score, kind)) is not None:
            data[kind] = places  # said once: where the places were read
            example = next(d for d in places if d)
            table.problems.add(INFO, f"{kind}_from_rows", file=table.file, sheet=table.sheet, example=example)
    if "province" not in colmap and "agency" in colmap and (above := province_headings(agency)):
        data["province"] = provinces_under(above, table.n)
    if province_table(table) and "agency_type" not in colmap:
        data["agency_type"] = [province_type if name else "" for name in agency]
    else:
        data["agency_type"] = types_under_headings(
            data.get("agency_type") or [""] * table.n, agency, any_score.tolist()
        )
    data.update(scores)
    for key in [k for k in colmap if k.startswith("reported_")] + ["total"]:
        if key in colmap:
            data["reported_" + key if key == "total" else key] = list(table.cells(key))
    if "grade" in colmap:
        data["reported_grade"] = cell_texts(table.cells("grade"))
    if "year" in colmap:
        data["year_cell"] = list(table.cells("year"))
    data["source_row"] = np.arange(table.header_r + 2, table.header_r + 2 + table.n)
    if extra_cols:
        data["extra"] = _extra(table, extra_cols)
    return data


def _extra(table: _WideTable, extra_cols: list[int]) -> list[dict[str, Any]]:
    """Per row, heading (or column letter) → cell of each column no field claimed; blanks dropped on display."""
    names = [display(table.header[c]) or column_letter(c) for c in extra_cols]
    extra_values = [table.col(c) for c in extra_cols]
    return [dict(zip(names, cells, strict=True)) for cells in zip(*extra_values, strict=True)]


def _wide_locate(table: _WideTable, frame: pd.DataFrame) -> Callable[[int, str], tuple[int, str | None, str | None]]:
    """Record and field → the sheet row, column letter and heading it came from."""
    letters = {key: column_letter(c) for key, c in table.colmap.items()}
    heads = {key: display(table.header[c]) for key, c in table.colmap.items()}
    rows_of = frame["source_row"].to_numpy()

    def locate(i: int, field_name: str) -> tuple[int, str | None, str | None]:
        return int(rows_of[i]), letters.get(field_name), heads.get(field_name)

    return locate
