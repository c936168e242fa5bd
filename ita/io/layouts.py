"""Finding the table in a sheet: wide (a row per agency), long (a row per indicator) or single-agency.

A parser turns one ``RawSheet`` into a ``ParsedSheet``: a frame of records with the fields the file
gave (indicator scores parsed, reported totals/grades/tool scores kept as given), where each value came
from, and the problems of reading it. Years, frameworks, scoring and cross-checks come later
(``ita.io.importer``), the same for every layout.
"""

from __future__ import annotations

import itertools
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

import numpy as np
import pandas as pd

from ita.io.headers import HeaderCatalog, HeaderMatch, clean_label
from ita.common.problems import ERROR, INFO, WARNING, Problems, column_letter
from ita.io.reading import RawSheet
from ita.common.text import UNSAFE_CHARACTERS, unsafe_characters
from ita.io.values import MISSING_MARKS, CellIssue, display, is_blank, parse_number, parse_numbers, year_in_title

HEADER_SCAN_ROWS = 40
META_FIELDS = ("agency", "agency_id", "province", "district", "agency_type", "ministry")
REPORTED_FIELDS = ("total", "grade")


@dataclass
class ParsedSheet:
    """Records read from one sheet, before years are settled and scores computed."""

    layout: str                                   # wide | long | single
    header_row: int | None                        # 1-based, None for a single-agency sheet without one
    frame: pd.DataFrame                           # META_FIELDS, year, year_ce, i1.., reported_*, source_row, extra
    errors: np.ndarray                            # per record: an error already makes it unusable
    title_year: tuple[int, int | None] | None     # a year written in a title row above the table
    indicator_columns: set[int]                   # indicators the sheet has a place for
    tool_scales: dict[str, str | None] = field(default_factory=dict)  # tool → header's scale hint
    locate: Callable[[int, str], tuple[int | None, str | None, str | None]] = lambda i, f: (None, None, None)
    flagged: set[tuple[int, str]] = field(default_factory=set)  # (record, field) cells already reported


def parse_sheet(sheet: RawSheet, file: str, catalog: HeaderCatalog, problems: Problems) -> ParsedSheet | None:
    """Find and read the table in ``sheet``; None (with an info problem) if it has no scores."""
    sheet = fill_merged(sheet, file, problems)
    rows = sheet.rows
    best_row, best_matches, best_count = None, None, 0
    long_row = None
    for r, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        matches = [catalog.classify(cell) if isinstance(cell, str) else _classify_number(cell, catalog)
                   for cell in row]
        count = len({m.indicator for m in matches if m.field == "indicator_column"})
        if count > best_count:
            best_row, best_matches, best_count = r, matches, count
        fields = {m.field for m in matches} | {f for m in matches for f in m.also}
        if long_row is None and "indicator" in fields and fields & {"score", "total"}:
            long_row = (r, matches)
    if best_count >= 3 and best_row is not None and best_matches is not None:
        return _parse_wide(sheet, file, catalog, problems, best_row, best_matches)
    if long_row is not None:
        return _parse_long(sheet, file, catalog, problems, *long_row)
    single = _parse_long(sheet, file, catalog, problems, None, None)
    if single is not None:
        return single
    problems.add(INFO, "sheet_no_scores", file=file, sheet=sheet.name)
    return None


def fill_merged(sheet: RawSheet, file: str, problems: Problems) -> RawSheet:
    """The sheet as a person reads it: every cell of a merged range holds its top-left cell's value.

    calamine gives the value in the top-left cell only, so a header merged over two rows ('ชื่อหน่วยงาน'
    over A1:A2 beside a second header row of indicators) or a province merged down a group of agencies
    would read as blanks. Only cells within the sheet's rows and columns are filled (a merged range
    cannot make the sheet larger), and at most as many as the sheet has (Excel never overlaps merged
    ranges; a crafted file that does cannot make this quadratic). One info per sheet names the ranges.
    """
    width = max((len(row) for row in sheet.rows), default=0)
    budget = len(sheet.rows) * width
    rows: list[list[Any]] | None = None
    copied: set[int] = set()
    filled: list[str] = []
    for (r0, c0), (r1, c1) in sheet.merged:
        r1, c1 = min(r1, len(sheet.rows) - 1), min(c1, width - 1)
        if r0 > r1 or c0 > c1 or (r0, c0) == (r1, c1) or c0 >= len(sheet.rows[r0]) or is_blank(sheet.rows[r0][c0]):
            continue
        budget -= (r1 - r0 + 1) * (c1 - c0 + 1)
        if budget < 0:
            break
        rows = rows if rows is not None else list(sheet.rows)
        value = rows[r0][c0]
        for r in range(r0, r1 + 1):
            if r not in copied:   # the sheet's own rows stay as read
                rows[r] = list(rows[r])
                copied.add(r)
            rows[r].extend([""] * (c1 + 1 - len(rows[r])))
            rows[r][c0:c1 + 1] = [value] * (c1 - c0 + 1)
        filled.append(f"{column_letter(c0)}{r0 + 1}:{column_letter(c1)}{r1 + 1}")
    if rows is None:
        return sheet
    shown = ", ".join(filled[:10]) + (f", … (+{len(filled) - 10})" if len(filled) > 10 else "")
    problems.add(INFO, "merged_cells_filled", file=file, sheet=sheet.name, ranges=shown)
    return RawSheet(sheet.name, rows, sheet.merged)


def _classify_number(cell: Any, catalog: HeaderCatalog) -> HeaderMatch:
    # A header typed as the bare number 1..10 arrives as a float.
    if isinstance(cell, float) and cell.is_integer() and 1 <= cell <= catalog.indicator_count:
        return HeaderMatch("indicator_column", indicator=int(cell))
    return HeaderMatch("")


def _title_year(rows: list[list[Any]]) -> tuple[int, int | None] | None:
    """The year written in the rows above a table ('ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2563')."""
    for row in rows:
        text = " ".join(display(cell, limit=1000) for cell in row if not is_blank(cell))
        year = year_in_title(text) if text else None
        if year:
            return year
    return None


# =========================================================================== wide


def _assign_columns(matches: list[HeaderMatch], header: list[Any], file: str, sheet: str, row: int,
                    problems: Problems) -> tuple[dict[str, int], dict[str, str | None], list[int]]:
    """Field → column index (first one wins), tool scale hints, and the columns kept as extra data."""
    colmap: dict[str, int] = {}
    scales: dict[str, str | None] = {}
    extra: list[int] = []
    for c, m in enumerate(matches):
        if m.field == "indicator_column":
            key = f"i{m.indicator}"
        elif m.field == "tool":
            key = f"reported_{m.tool.lower()}"
        elif m.field in ("score", "indicator"):
            key = "total" if "total" in m.also or m.field == "score" else ""
        else:
            key = m.field
        if not key:
            if not is_blank(header[c]):
                extra.append(c)
            continue
        if key in colmap:
            problems.add(WARNING, "duplicate_column", file=file, sheet=sheet, row=row, column=column_letter(c),
                         field=display(header[c]), used=column_letter(colmap[key]))
            extra.append(c)
            continue
        colmap[key] = c
        if m.field == "tool":
            scales[m.tool] = m.scale
    return colmap, scales, extra


def _parse_wide(sheet: RawSheet, file: str, catalog: HeaderCatalog, problems: Problems,
                header_r: int, matches: list[HeaderMatch]) -> ParsedSheet:
    header = sheet.rows[header_r]
    colmap, scales, extra_cols = _assign_columns(matches, header, file, sheet.name, header_r + 1, problems)
    body = sheet.rows[header_r + 1:]
    width = len(header)
    columns = list(itertools.zip_longest(*body, fillvalue="")) if body else [() for _ in range(width)]
    n = len(body)

    def col(c: int) -> tuple[Any, ...]:
        return columns[c] if c < len(columns) else ("",) * n

    indicator_keys = [k for k in colmap if k.startswith("i") and k[1:].isdigit()]
    scores: dict[str, np.ndarray] = {}
    issues: list[tuple[str, CellIssue]] = []
    any_score = np.zeros(n, dtype=bool)
    for key in indicator_keys:
        values, col_issues = parse_numbers(col(colmap[key]))
        scores[key] = values
        issues.extend((key, i) for i in col_issues)
        any_score |= ~np.isnan(values)
        for i in col_issues:
            any_score[i.index] = True

    agency = _texts(col(colmap["agency"])) if "agency" in colmap else [""] * n
    errors = np.zeros(n, dtype=bool)
    keep = np.ones(n, dtype=bool)
    named = np.array([bool(a) for a in agency], dtype=bool)
    summary = np.array([bool(a) and catalog.is_summary_label(a) for a in agency], dtype=bool)
    nameless = _say_no_names(any_score, named, colmap, header, header_r, file, sheet.name, problems)
    errors |= any_score & nameless
    # Only the unusual rows are visited: no scores, a summary line, or scores without a name.
    for k in np.flatnonzero(~any_score | summary | (~named & ("agency" in colmap) & (not nameless))):
        row = header_r + 2 + int(k)
        if not any_score[k] or summary[k]:
            keep[k] = False
            if named[k]:
                code = "summary_row" if summary[k] else "row_without_scores"
                problems.add(INFO if summary[k] else WARNING, code, file=file, sheet=sheet.name, row=row,
                             label=display(agency[k]))
        else:
            errors[k] = True
            problems.add(ERROR, "agency_missing", file=file, sheet=sheet.name, row=row,
                         column=column_letter(colmap["agency"]), field=display(header[colmap["agency"]]))

    for key, issue in issues:
        if keep[issue.index]:
            errors[issue.index] = True
            problems.add(ERROR, issue.code, file=file, sheet=sheet.name, row=header_r + 2 + issue.index,
                         column=column_letter(colmap[key]), field=display(header[colmap[key]]), value=issue.value)

    data: dict[str, Any] = {"agency": agency}
    for name in META_FIELDS[1:]:
        if name in colmap:
            data[name] = _texts(col(colmap[name]))
    for name in (*META_FIELDS, "grade"):
        if name in colmap:
            _note_unsafe(col(colmap[name]), keep, header_r + 2, column_letter(colmap[name]),
                         display(header[colmap[name]]), file, sheet.name, problems)
    data.update(scores)
    for key in [k for k in colmap if k.startswith("reported_")] + ["total"]:
        if key in colmap:
            data["reported_" + key if key == "total" else key] = list(col(colmap[key]))
    if "grade" in colmap:
        data["reported_grade"] = _texts(col(colmap["grade"]))
    if "year" in colmap:
        data["year_cell"] = list(col(colmap["year"]))
    data["source_row"] = np.arange(header_r + 2, header_r + 2 + n)
    if extra_cols:
        names = [display(header[c]) or column_letter(c) for c in extra_cols]
        extra_values = [col(c) for c in extra_cols]
        data["extra"] = [dict(zip(names, cells)) for cells in zip(*extra_values)]  # blanks dropped on display
    frame = pd.DataFrame(data)
    frame, errors = frame.loc[keep].reset_index(drop=True), errors[keep]

    new_index = np.cumsum(keep) - 1
    flagged = {(int(new_index[i.index]), key) for key, i in issues if keep[i.index]}
    letters = {key: column_letter(c) for key, c in colmap.items()}
    heads = {key: display(header[c]) for key, c in colmap.items()}
    rows_of = frame["source_row"].to_numpy()

    def locate(i: int, field_name: str) -> tuple[int | None, str | None, str | None]:
        return int(rows_of[i]), letters.get(field_name), heads.get(field_name)

    return ParsedSheet(
        layout="wide", header_row=header_r + 1, frame=frame, errors=errors,
        title_year=_title_year(sheet.rows[:header_r]),
        indicator_columns={int(k[1:]) for k in indicator_keys}, tool_scales=scales, locate=locate, flagged=flagged)


def _note_unsafe(values: Sequence[Any], keep: np.ndarray, first_row: int, column: str, heading: str, file: str,
                 sheet: str, problems: Problems) -> None:
    """A warning for each kept cell of a name column whose text lost control or direction-override characters
    (``clean_label`` removes them). One C-level search clears a clean column."""
    if not UNSAFE_CHARACTERS.search("".join({v for v in values if type(v) is str})):
        return
    for k, value in enumerate(values):
        if keep[k] and type(value) is str and UNSAFE_CHARACTERS.search(value):
            _unsafe_problem(value, first_row + k, column, heading, file, sheet, problems)


def _unsafe_problem(value: str, row: int, column: str | None, heading: str, file: str, sheet: str,
                    problems: Problems) -> None:
    problems.add(WARNING, "unsafe_characters_removed", file=file, sheet=sheet, row=row, column=column,
                 field=heading, chars=", ".join(unsafe_characters(value)), value=display(clean_label(value)))


def _say_no_names(any_score: np.ndarray, named: np.ndarray, colmap: dict[str, int], header: list[Any],
                  header_r: int, file: str, sheet: str, problems: Problems) -> bool:
    """True (with one sheet-level error) when no row with scores has an agency name: the name column is
    missing from the header or empty in every row. Said once for the sheet, not once per row."""
    if not any_score.any() or named[any_score].any():
        return False
    if "agency" in colmap:
        c = colmap["agency"]
        problems.add(ERROR, "agency_column_empty", file=file, sheet=sheet, column=column_letter(c),
                     field=display(header[c]), letter=column_letter(c))
    else:
        problems.add(ERROR, "agency_column_missing", file=file, sheet=sheet, row=None, header_row=header_r + 1)
    return True


def _texts(values: Sequence[Any]) -> list[str]:
    """``_text`` of each value. A column of few distinct values (types, provinces, grades) is cleaned
    once per value; clean text in a column of many (agency names) is checked with C-level string
    methods and kept as is."""
    distinct = set(values)
    if len(distinct) * 4 < len(values):
        clean = {v: _text(v) for v in distinct}
        return [clean[v] for v in values]
    return [v if type(v) is str and v and _is_clean(v) else _text(v) for v in values]


def _is_clean(v: str) -> bool:
    """True when ``_text`` would return ``v`` (not empty) unchanged: nearly every name in a real file."""
    return (len(v) > 14 or v.strip().casefold() not in MISSING_MARKS) and v.isprintable() \
        and v[0] != " " and v[-1] != " " and "  " not in v and "\u0e4d\u0e32" not in v \
        and unicodedata.is_normalized("NFC", v)


def _text(value: Any) -> str:
    if is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean_label(value)


# =========================================================================== long and single-agency


@dataclass
class _Record:
    meta: dict[str, str]
    year_cell: Any
    first_row: int
    scores: dict[str, float] = field(default_factory=dict)
    reported: dict[str, Any] = field(default_factory=dict)
    cells: dict[str, tuple[int, str | None, str | None]] = field(default_factory=dict)
    flagged: set[str] = field(default_factory=set)
    error: bool = False


def _label_value(row: list[Any]) -> tuple[int, Any, int, Any] | None:
    """The first text cell of a row and the first non-blank cell after it (a 'label | value' pair)."""
    for c, cell in enumerate(row):
        if isinstance(cell, str) and cell.strip():
            label = cell.strip()
            if ":" in label and not any(not is_blank(x) for x in row[c + 1:]):
                name, _, value = label.partition(":")  # "หน่วยงาน: เทศบาลตำบลพอกน้อย" in one cell
                return c, name, c, value.strip()
            for d in range(c + 1, len(row)):
                if not is_blank(row[d]) or (isinstance(row[d], str) and row[d].strip() in ("-", "–")):
                    return c, label, d, row[d]
            return None
        if not is_blank(cell):
            return None
    return None


def _parse_long(sheet: RawSheet, file: str, catalog: HeaderCatalog, problems: Problems,
                header_r: int | None, matches: list[HeaderMatch] | None) -> ParsedSheet | None:
    """A long table (header with indicator and score columns) or, without a header, 'label | score' rows.

    Rows are read in order; a metadata row ('หน่วยงาน | X', 'ปีงบประมาณ | 2563') sets the agency or year
    for the rows after it, so a sheet may hold several agencies one after another.
    """
    colmap: dict[str, int] = {}
    if matches is not None and header_r is not None:
        for c, m in enumerate(matches):
            names = (m.field, *m.also)
            if "indicator" in names and "indicator" not in colmap:
                colmap["indicator"] = c
            elif "score" in names and "score" not in colmap:
                colmap["score"] = c
            elif m.field in (*META_FIELDS, "year", "grade") and m.field not in colmap:
                colmap[m.field] = c
            elif m.field == "total" and "score" not in colmap:
                colmap["score"] = c
    start = 0 if header_r is None else header_r + 1
    context: dict[str, Any] = {}
    context_at: dict[str, tuple[int, str | None, str]] = {}   # field → (row, column, label) of its context cell
    for r, row in enumerate(sheet.rows[:start]):  # "หน่วยงาน | X" above a long table's header
        pair = _label_value(row)
        match = catalog.classify(pair[1]) if pair else None
        if pair and match and match.field in (*META_FIELDS, "year"):
            context[match.field] = pair[3]
            context_at[match.field] = (r + 1, column_letter(pair[2]), display(pair[1]))
    header = sheet.rows[header_r] if header_r is not None else []
    heads = {name: display(_cell(header, c)) for name, c in colmap.items()}
    noted: set[tuple[int, str | None, str]] = set()
    records: dict[tuple[str, str], _Record] = {}
    seen_indicator = False
    title_rows: list[list[Any]] = list(sheet.rows[:start])

    for r in range(start, len(sheet.rows)):
        row = sheet.rows[r]
        if colmap:
            lc, label = colmap["indicator"], _cell(row, colmap["indicator"])
            vc, value = colmap["score"], _cell(row, colmap["score"])
        else:
            pair = _label_value(row)
            if pair is None:
                if not seen_indicator:
                    title_rows.append(row)
                continue
            lc, label, vc, value = pair
        if is_blank(label):
            continue
        number = catalog.indicator_number(label)
        match = catalog.classify(label) if number is None else None
        if number is None and match is not None and match.field in (*META_FIELDS, "year") and not colmap:
            context[match.field] = value
            context_at[match.field] = (r + 1, column_letter(vc), display(label))
            continue
        meta = {name: _text(_cell(row, colmap[name])) if name in colmap else _text(context.get(name, ""))
                for name in META_FIELDS}
        year_cell = _cell(row, colmap["year"]) if "year" in colmap else context.get("year", "")
        key = (meta["agency"], str(year_cell))
        sheet_row = r + 1
        if number is None:
            target = {"tool": f"reported_{(match.tool or '').lower()}", "total": "reported_total",
                      "score": "reported_total", "grade": "reported_grade"}.get(match.field if match else "", "")
            if target and key in records:
                records[key].reported[target] = value
                records[key].cells[target] = (sheet_row, column_letter(vc), display(label))
            elif seen_indicator and not target:
                problems.add(WARNING, "unknown_indicator", file=file, sheet=sheet.name, row=sheet_row,
                             column=column_letter(lc), label=display(label))
            elif not seen_indicator:
                title_rows.append(row)
            continue
        seen_indicator = True
        record = records.get(key)
        if record is None:
            record = records[key] = _Record(meta=meta, year_cell=year_cell, first_row=sheet_row)
            for name in META_FIELDS:   # a name that lost control characters, said once at the cell it came from
                if name in colmap:
                    raw, place = _cell(row, colmap[name]), (sheet_row, column_letter(colmap[name]), heads[name])
                else:
                    raw, place = context.get(name, ""), context_at.get(name)
                if type(raw) is str and place and place not in noted and UNSAFE_CHARACTERS.search(raw):
                    noted.add(place)
                    _unsafe_problem(raw, place[0], place[1], place[2], file, sheet.name, problems)
        parsed = parse_number(value)
        ikey = f"i{number}"
        record.cells[ikey] = (sheet_row, column_letter(vc), display(label))
        if isinstance(parsed, str):
            problems.add(ERROR, parsed, file=file, sheet=sheet.name, row=sheet_row, column=column_letter(vc),
                         field=display(label), value=display(value))
            record.error = True
            record.flagged.add(ikey)
        elif parsed is not None:
            if ikey in record.scores and record.scores[ikey] != parsed:
                problems.add(ERROR, "indicator_twice", file=file, sheet=sheet.name, row=sheet_row,
                             column=column_letter(vc), number=number, agency=meta["agency"] or sheet.name,
                             year=display(year_cell) or "-", first=record.scores[ikey], second=parsed)
                record.error = True
            record.scores[ikey] = parsed

    if not records:
        return None
    if header_r is None and sum(len(r.scores) + r.error for r in records.values()) < 3:
        return None  # a few label/number pairs are not an ITA result

    width = catalog.indicator_count
    frame = pd.DataFrame({
        **{name: [r.meta[name] for r in records.values()] for name in META_FIELDS},
        **{f"i{k}": [r.scores.get(f"i{k}", np.nan) for r in records.values()] for k in range(1, width + 1)},
        "reported_total": [r.reported.get("reported_total", "") for r in records.values()],
        "reported_grade": [_text(r.reported.get("reported_grade", "")) for r in records.values()],
        **{f"reported_{code.lower()}": [r.reported.get(f"reported_{code.lower()}", "") for r in records.values()]
           for code in catalog.tool_codes},
        "year_cell": [r.year_cell for r in records.values()],
        "source_row": [r.first_row for r in records.values()],
    })
    cells = [r.cells for r in records.values()]
    label_letter = column_letter(colmap["indicator"]) if colmap else None

    def locate(i: int, field_name: str) -> tuple[int | None, str | None, str | None]:
        found = cells[i].get(field_name)
        return found if found else (int(frame["source_row"].iat[i]), label_letter, None)

    return ParsedSheet(
        layout="long" if colmap else "single", header_row=None if header_r is None else header_r + 1,
        frame=frame, errors=np.array([r.error for r in records.values()], dtype=bool),
        title_year=_title_year(title_rows),
        indicator_columns=set(range(1, width + 1)), locate=locate,
        flagged={(k, key) for k, r in enumerate(records.values()) for key in r.flagged})


def _cell(row: list[Any], c: int) -> Any:
    return row[c] if c < len(row) else ""

