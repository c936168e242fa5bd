"""Rows of a wide table a person reads for what they are, not as written: a CSV line whose fields moved, a year or
place written once per block of rows, a summary label written outside the name column, a pivot table's province
rows over their agencies, a table of provinces."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ita.common.problems import ERROR, INFO, WARNING, Problems, column_letter
from ita.common.thai import compact
from ita.io.headers import HeaderCatalog, HeaderMatch, is_year_label
from ita.io.layouts.parsed import cell_at, cell_texts, heading_type
from ita.io.layouts.split_header import joined_words
from ita.io.reading import RawSheet
from ita.io.values import display, is_blank, parse_number, parse_numbers, years_in_text
from ita.rules.agency_types import agency_types
from ita.rules.provinces import provinces

if TYPE_CHECKING:
    from ita.io.layouts.wide import _WideTable as WideTable


def moved_fields(table: WideTable, body: list[list[Any]], keep: np.ndarray, catalog: HeaderCatalog) -> np.ndarray:
    """The rows of a CSV with a number beyond the header's last field and, among its scores, the two halves of a
    number a comma split ('82' then '59' from an unquoted '82,59'): every field after it moved one column on, so
    its scores are not the ones its columns say (an error each). A number beyond the header in a row without such
    halves is a note in a column without a name, and is kept, and so is a row whose scores, as read, add up to its
    total; when most rows are long, the header lacks a name."""
    width = max((c + 1 for c, cell in enumerate(table.header) if not is_blank(cell)), default=0)
    scores = sorted(c for key, c in table.colmap.items() if key[:1] == "i" and key[1:].isdigit())
    moved = np.zeros(table.n, dtype=bool)
    texts: dict[int, str] = {}  # a row longer than the header for a comma inside a name, which joins it back
    for k, cells in enumerate(body):
        if keep[k] and _fields(cells) > width and (text := _split_text(cells, scores)):
            texts[k] = text
            continue
        beyond = any(not np.isnan(parse_numbers([cell])[0][0]) for cell in cells[width:])
        moved[k] = keep[k] and beyond and _split_number(cells, scores) and not _adds_up(table, cells, catalog)
    if moved.sum() * 2 > keep.sum():
        moved[:] = False
    for k in map(int, np.flatnonzero(moved)):
        fields = _fields(body[k])
        row, letter = table.header_r + 2 + k, column_letter(width)
        table.problems.add(
            ERROR,
            "csv_fields_moved",
            file=table.file,
            sheet=table.sheet,
            row=row,
            column=letter,
            fields=fields,
            header_fields=width,
        )
    for k, text in texts.items():  # a comma inside a name ('องค์การบริหารส่วนตำบลไร่, อำเภอพรรณานิคม'), unquoted
        moved[k] = True
        table.problems.add(ERROR, "csv_text_comma", file=table.file, sheet=table.sheet, row=table.header_r + 2 + k,
                           fields=_fields(body[k]), header_fields=width, text=display(text))  # fmt: skip
    return moved


def _fields(cells: list[Any]) -> int:
    """How many fields a CSV line has, to its last one written."""
    return max((c + 1 for c, cell in enumerate(cells) if not is_blank(cell)), default=0)


# Only the year: a blank province or district may be a national agency's, which has none (a place filled from the
# row above gave กรมบัญชีกลาง a province and a key of its own).
# Columns written once, on the first row of each block of agencies (record column → field).
FILLED_DOWN = {"year_cell": "year", "province": "province", "district": "district", "agency_type": "agency_type"}


_NUMBER_START = frozenset("0123456789+-.๐๑๒๓๔๕๖๗๘๙")


def number_as_name(name: str) -> bool:
    """A number in a name's place: no agency's name (an Excel table's totals row counts its names there)."""
    return name[0] in _NUMBER_START and isinstance(parse_number(name), float)


_WHOLE = re.compile(r"^\s*\d{1,3}\s*$")  # the part before a decimal comma: '82'
_DECIMALS = re.compile(r"^\s*\d{1,2}\s*$")  # ... and after it: '59', '5'


def _split_number(cells: list[Any], scores: list[int]) -> bool:
    """Whether two neighbouring score cells read as one number split at its decimal comma ('82' | '59')."""
    text = [cell if isinstance(cell, str) else "" for cell in cells]
    return any(
        c + 1 < len(text) and _WHOLE.match(text[c]) is not None and _DECIMALS.match(text[c + 1]) is not None
        for c in scores
    )


def _split_text(cells: list[Any], scores: list[int]) -> str | None:
    """The text an unquoted comma split in two ('องค์การบริหารส่วนตำบลไร่' | ' อำเภอพรรณานิคม'), when joining two text
    cells before the scores puts a number under every score's heading and none does as the row stands; else None."""
    if not scores or all(isinstance(parse_number(cell_at(cells, c)), float) for c in scores):
        return None
    for j in range(min(scores) - 1):
        left, right = cell_at(cells, j), cell_at(cells, j + 1)
        if not all(
            isinstance(x, str) and not is_blank(x) and not isinstance(parse_number(x), float) for x in (left, right)
        ):
            continue  # two pieces of text, neither a number ('3' before a name is the row's number)
        joined = [*cells[:j], f"{left},{right}", *cells[j + 2 :]]
        if all(isinstance(parse_number(cell_at(joined, c)), float) for c in scores):
            return f"{left},{right}"
    return None


TOTAL_STEP = 0.05  # a total and the weighted sum of its row's scores, each rounded by whoever wrote them


def _adds_up(table: WideTable, cells: list[Any], catalog: HeaderCatalog) -> bool:
    """Whether the row's indicator scores, as they sit under their headers, add up to the total beside them."""
    if "total" not in table.colmap:
        return False
    keys = {int(key[1:]): c for key, c in table.colmap.items() if key[:1] == "i" and key[1:].isdigit()}
    values, _ = parse_numbers([cells[c] if c < len(cells) else "" for c in [*keys.values(), table.colmap["total"]]])
    weights = np.array([catalog.indicator_weights.get(n, np.nan) for n in keys], dtype=float)
    total = float(np.sum(values[:-1] * weights) / 100)
    return bool(abs(total - values[-1]) <= TOTAL_STEP)


def fill_down(table: WideTable, frame: pd.DataFrame, scored: np.ndarray) -> None:
    """A year, province, district or type written once, on the first row of each block of agencies (a merged cell
    exported without its merge): a blank one in a row with scores is read as the one above it (an info says so), as
    a person reads the block, when the table's first row with scores has one."""
    heads = []
    for column, name in FILLED_DOWN.items():
        if column not in frame or name not in table.colmap:
            continue
        values = frame[column].tolist()
        if column != "year_cell" and not (values.count("") or values.count(None)):
            continue  # a place column is written as text, '' where blank: none blank, nothing to fill (C-speed test)
        blank = np.array([is_blank(v) for v in values], dtype=bool)
        first = int(np.argmax(scored)) if scored.any() else 0
        if not (blank & scored).any() or blank.all() or blank[first]:
            continue
        if column != "year_cell" and not _each_once(values, blank):
            continue  # a place written again further down is not a block's: a blank there is no place
        last: Any = None
        for k, value in enumerate(values):
            if not blank[k]:
                last = value
            elif scored[k] and last is not None:
                values[k] = last
        frame[column] = values
        heads.append(table.heading(name))
    if heads:
        table.problems.add(INFO, "long_filled_from_above", file=table.file, sheet=table.sheet, columns=", ".join(heads))


def _each_once(values: list[Any], blank: np.ndarray) -> bool:
    """Whether each value written in the column is written once: a table in blocks, one per place."""
    written = [v for v, b in zip(values, blank, strict=True) if not b]
    return len(set(written)) == len(written)


def summary_elsewhere(table: WideTable, k: int, catalog: HeaderCatalog) -> str:
    """The summary label ('ค่าเฉลี่ย', 'รวม') of a row without a name, written in another of its cells (the number
    column, a merged label across the first columns), or ''."""
    return next((t for t in cell_texts(table.row(k)) if t and catalog.is_summary_label(t)), "")


def footer_rows(table: WideTable, scores: dict[str, np.ndarray], any_score: np.ndarray) -> np.ndarray:
    """Rows without a name under the table's last named row whose cells under the indicators hold no believable
    scores (fewer than half of them a number from 0 to 100): a signature block or a phone number written across the
    score columns ('ลงชื่อ … ผู้รายงาน', '(นายสมชาย ใจดี)', 'โทร 042 123456'), not records. Each is said as a line
    below the table."""
    footer = np.zeros(table.n, dtype=bool)
    if "agency" not in table.colmap or not scores:
        return footer
    names = table.cells("agency")
    named = [k for k in range(table.n) if not is_blank(names[k])]
    if not named:
        return footer
    believable = np.sum([(v >= 0) & (v <= 100) for v in scores.values()], axis=0)
    for k in range(named[-1] + 1, table.n):
        if any_score[k] and believable[k] * 2 < len(scores):
            footer[k] = True
            label = next((c.strip() for c in table.row(k) if isinstance(c, str) and c.strip()), "")
            table.problems.add(
                INFO, "row_below_table", file=table.file, sheet=table.sheet, row=table.header_r + 2 + k, label=label
            )
    return footer


# A district as a heading or a side column writes it: 'อำเภอเมืองสกลนคร', 'อ.กุสุมาลย์' (one word after the prefix).
# A place as a heading row or an unheaded column writes it: 'อำเภอพรรณานิคม', 'อ.เมือง'; 'จังหวัดสกลนคร', 'จ.นครพนม'
# (a province the list knows).
_PLACE_LABEL = {
    "district": re.compile(r"^(?:อำเภอ|อ\.)\s*[^\s\d]+$"),
    "province": re.compile(r"^(?:จังหวัด|จ\.)\s*([^\s\d]+)$"),
}


def _place_label(text: str, kind: str) -> bool:
    found = _PLACE_LABEL[kind].match(text)
    return found is not None and (kind == "district" or provinces().find(found.group(1)) is not None)


def places_of_rows(table: WideTable, any_score: np.ndarray, kind: str) -> list[str] | None:
    """Each row's district (``kind``: or province) in a table without that column, as a person reads it: a column
    with no heading whose cells are all such places ('อ.เมืองสกลนคร' merged down its agencies), else a heading row
    without scores that names only a place ('อำเภอพรรณานิคม', 'จังหวัดนครพนม' over its agencies, in any column) for the
    rows under it. None when neither."""
    claimed = set(table.colmap.values())
    for c in range(len(table.columns)):
        if c in claimed or not is_blank(table.header[c] if c < len(table.header) else ""):
            continue
        values = [str(v).strip() for v in table.col(c) if not is_blank(v)]
        if len(values) >= 2 and all(_place_label(v, kind) for v in values):
            return [str(v).strip() if not is_blank(v) else "" for v in table.col(c)]
    headings = _heading_rows(
        table,
        any_score,
        lambda cell: cell.strip() if isinstance(cell, str) and _place_label(cell.strip(), kind) else None,
    )
    return _under_headings(headings, table.n) if headings else None


def _heading_rows(table: WideTable, any_score: np.ndarray, read: Callable[[Any], Any]) -> dict[int, Any]:
    """Row → what ``read`` makes of its cell, for each row that holds no score and one value only (in any of its
    cells, or merged across) that ``read`` reads (not None): a group's heading."""
    headings: dict[int, Any] = {}
    for k in np.flatnonzero(~any_score).tolist():  # a heading row holds no score: only those are looked at
        cells = [v for v in table.row(k) if not is_blank(v)]
        if len(set(map(str, cells))) == 1 and (found := read(cells[0])) is not None:
            headings[k] = found
    return headings


def _under_headings(headings: dict[int, Any], rows: int) -> list[Any]:
    """Each row's heading: the nearest heading row's at or above it ('' above the first)."""
    out, current = [], ""
    for k in range(rows):
        current = headings.get(k, current)
        out.append(current)
    return out


def year_headings(table: WideTable, any_score: np.ndarray) -> list[Any] | None:
    """Each row's year in a table without a year column whose groups are headed by a row naming only a year
    ('ปีงบประมาณ พ.ศ. 2566' over its agencies, then '… 2567' over the same ones again), for the rows under it; None
    when no such row heads a row with scores. Every agency had been refused: the sheet named no one year, and with
    one given the two groups were the same agencies twice, in conflict."""
    headings = _heading_rows(table, any_score, _year_heading)
    first = min(headings, default=table.n)
    if not headings or not any_score[first:].any():
        return None
    out = _under_headings(headings, table.n)
    rows = ", ".join(str(table.header_r + 2 + k) for k in sorted(headings)[:8])
    table.problems.add(INFO, "year_from_heading_rows", file=table.file, sheet=table.sheet, rows=rows)
    return out


def _year_heading(cell: Any) -> int | None:
    """The year a heading row names ('ปีงบประมาณ พ.ศ. 2566', 'ปี 65'), else None."""
    text = str(cell).strip()
    return years_in_text(text)[0][0] if is_year_label(text) else None


def labels_across(sheet: RawSheet, header_r: int, body: list[list[Any]]) -> list[list[Any]]:
    """``body`` (the rows under the header) with a text merged across a row of it ('จังหวัดนครพนม' over its agencies,
    a group's heading) written once, in the merge's first cell, as a person reads it: a heading, not a row of scores
    that are not numbers."""
    out = body
    for (r0, c0), (r1, c1) in sheet.merged:
        k = r0 - header_r - 1
        if r0 != r1 or c1 - c0 < 2 or not 0 <= k < len(out) or c0 >= len(out[k]):
            continue
        label = out[k][c0]
        if not isinstance(label, str) or is_blank(label) or isinstance(parse_number(label), float):
            continue
        out = out if out is not body else list(body)
        out[k] = [v if not c0 < c <= c1 else "" for c, v in enumerate(out[k])]
    return out


def name_in_parts(sheet: RawSheet, header_r: int, matches: list[HeaderMatch], catalog: HeaderCatalog) -> list[int]:
    """The columns of a name written in parts under one heading merged over them ('ชื่อหน่วยงาน' over 'เทศบาลตำบล |
    พอกน้อย'): the name's column and those after it, or [] when the name has one column, or the row under the
    header names its columns as fields of their own ('ชื่อ | อำเภอ': a name and a district)."""
    below = sheet.rows[header_r + 1] if header_r + 1 < len(sheet.rows) else []
    for (r0, c0), (r1, c1) in sheet.merged:
        if r0 <= header_r <= r1 and c0 < c1 and c0 < len(matches) and matches[c0].field == "agency":
            parts = [c for c in range(c0, c1 + 1) if c < len(matches) and matches[c].field == "agency"]
            headed = any(isinstance(x := cell_at(below, c), str) and catalog.classify(x).field for c in parts)
            return [] if headed else parts
    return []


def join_name_parts(columns: list[tuple[Any, ...]], parts: list[int], where: tuple[str, str, Problems]) -> None:
    """The parts of each row's name (``name_in_parts``) as one name, in the first part's column, in place, said
    with a note (``where``: file, sheet, problems)."""
    joined = columns[parts[0]]
    for c in parts[1:]:  # a name merged over the parts is written once (each part holds it whole)
        if c < len(columns):
            joined = tuple(a if b == a else joined_words(a, b) for a, b in zip(joined, columns[c], strict=False))
    if joined == columns[parts[0]]:
        return  # every name whole in its first part: nothing joined, nothing to say
    columns[parts[0]] = joined
    file, sheet, problems = where
    example = next((display(name) for name in joined if isinstance(name, str) and not is_blank(name)), "")
    columns_shown = f"{column_letter(parts[0])}–{column_letter(parts[-1])}"
    problems.add(INFO, "name_in_parts", file=file, sheet=sheet, columns=columns_shown, example=example)


def is_place_label(text: str) -> bool:
    """A province or district written alone ('จังหวัดนครพนม', 'อ.เมือง'): a heading over its agencies."""
    return any(_place_label(text.strip(), kind) for kind in _PLACE_LABEL)


def dropped_row(
    summary: bool, label: str, below: bool, catalog: HeaderCatalog, colmap: dict[str, int]
) -> tuple[str, str]:
    """How a named row without scores is said: a summary row (or a template's example), a group heading (of a type,
    or of a place the table has no column for: ``colmap``), a line below the table (a footnote, who prepared it: a
    note), or a row whose scores are missing (a warning)."""
    if summary:
        example = (INFO, "example_row") if catalog.is_example_label(label) else (INFO, "summary_row")
        return (WARNING, "year_row") if is_year_label(label) else example
    if heading_type(label, agency_types()) is not None:
        return INFO, "group_heading"
    if any(kind not in colmap and _place_label(label.strip(), kind) for kind in _PLACE_LABEL):
        return INFO, "place_heading"  # read as the rows' place only where the table has no such column
    agency_like = agency_types().from_name(label) is not None  # 'อบต.นาแก' below the table is an agency
    return (INFO, "row_below_table") if below and not agency_like else (WARNING, "row_without_scores")


_PROVINCE_WORD = re.compile(r"^\s*(?:จังหวัด|จ\.)")  # 'จังหวัดสกลนคร' is an agency (the province's office)


def province_headings(agency: list[str], types: Sequence[Any] | None = None) -> dict[int, str]:
    """The rows of a table of agencies named by a province alone ('สกลนคร' over its indented agencies, as a pivot table
    writes its groups, with the group's averages): row → the province. Such a row is the province's subtotal, not an
    agency, and its province is the rows' below it. None in a table whose names are all provinces, nor a row whose
    type cell (``types``) names a local body written by its bare name ('ทน. | อุดรธานี': เทศบาลนครอุดรธานี)."""
    listed = provinces()
    found = {}
    for k, name in enumerate(agency):  # a province as the list writes it: a set lookup per row, most say no
        if name and listed.is_written(name) and (province := listed.find(name)):
            if types is not None and agency_types().is_type_alone(types[k]):
                continue
            found[k] = province
    others = sum(1 for name in agency if name) - len(found)
    return found if found and others > 0 else {}


def summary_rows(table: WideTable, agency: list[str], scored: np.ndarray, catalog: HeaderCatalog) -> np.ndarray:
    """Which rows are a summary, not an agency: a total or average by its label (a type alone, 'ทต.', only with
    figures: without them it heads its type's agencies), and a pivot's province rows (``province_headings``)."""
    summary = np.array([bool(a) and catalog.is_summary_label(a, bool(scored[k])) for k, a in enumerate(agency)], bool)
    types = table.cells("agency_type") if "agency_type" in table.colmap else None
    summary[list(province_headings(agency, types) if "agency" in table.colmap else ())] = True
    return summary


def provinces_under(headings: dict[int, str], n: int) -> list[str]:
    """Each row's province from the headings above it (``province_headings``); '' above the first."""
    out, current = [], ""
    for k in range(n):
        current = headings.get(k, current)
        out.append(current)
    return out


def province_table(table: WideTable) -> bool:
    """A table of provinces: no agency column, a province column (ITA-DOMAIN.md section 6: 'จังหวัด | ปีงบประมาณ |
    ตัวชี้วัดที่ 1..10 | คะแนน ITA'), each province once a year; the assessed unit of each row is the province's
    office. A province written twice in a year is a table of agencies that lost their name column."""
    if "agency" in table.colmap or "province" not in table.colmap:
        return False
    provinces = cell_texts(table.cells("province"))
    years = [display(y) for y in table.cells("year")] if "year" in table.colmap else [""] * table.n
    pairs = [(p, y) for p, y in zip(provinces, years, strict=True) if p]
    return bool(pairs) and len(set(pairs)) == len(pairs)


def agency_names(table: WideTable, catalog: HeaderCatalog, scored: np.ndarray | None = None) -> list[str]:
    """The agency column's names (``names_from_above`` where a name is written once over its years), or in a table
    of provinces each province as its office ('สกลนคร' is 'จังหวัดสกลนคร'), said once for the sheet."""
    if not province_table(table):
        names = cell_texts(table.cells("agency"))
        return names if scored is None else names_from_above(table, names, scored, catalog)
    prefix = catalog.province_agency_prefix
    names = [p if not p or p.startswith(prefix) else prefix + p for p in cell_texts(table.cells("province"))]
    table.say_at_column(INFO, "agency_from_province", "province", example=next((n for n in names if n), ""))
    return names


def names_from_above(table: WideTable, names: list[str], scored: np.ndarray, catalog: HeaderCatalog) -> list[str]:
    """An agency's name written once over its rows of several years, the cells below it blank or a ditto mark ('"',
    '〃'), as a pivot's tabular form or a person writes it: each such row with scores and a year of its own in the
    year column is read as the agency above, said once for the sheet (a warning: it is read so, not written so).
    Only where each name is written once (a block per agency): in a table sorted by year a blank name is the next
    year's first agency, not the last one's; without a year column a blank name stays an error."""
    if "year" not in table.colmap or not any(not n or not compact(n) or n in catalog.ditto_marks for n in names):
        return names
    written = [n for n in names if n and compact(n) and n not in catalog.ditto_marks]
    if len(set(written)) < len(written):
        return names  # a name written again further down: a table by year, not each agency's block of years
    years = [display(y) for y in table.cells("year")]
    last, seen, filled = "", set(), []
    for k, name in enumerate(names):
        if name and compact(name) and name not in catalog.ditto_marks:
            last, seen = name, {years[k]}
        elif last and scored[k] and years[k] and years[k] not in seen:
            names[k] = last
            seen.add(years[k])
            filled.append(k)
    if filled:
        row = table.header_r + 2 + filled[0]
        table.problems.add(
            WARNING,
            "name_from_above",
            file=table.file,
            sheet=table.sheet,
            row=row,
            count=len(filled),
            name=names[filled[0]],
        )
    return names
