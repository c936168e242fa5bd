"""What a layout parser gives back, and the cell helpers every layout uses."""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ita.common.problems import WARNING, Problems
from ita.common.text import unsafe_characters
from ita.common.thai import clean_label, compact
from ita.io.headers import title_year_words
from ita.io.values import MISSING_MARKS, display, is_blank, name_without_year, year_in_title, years_in_title
from ita.rules.agency_types import AgencyTypes, agency_types
from ita.rules.provinces import provinces

META_FIELDS = ("agency", "agency_id", "province", "district", "agency_type", "ministry")


@dataclass
class ParsedSheet:
    """Records read from one sheet, before years are settled and scores computed."""

    layout: str  # wide | long | single
    header_row: int | None  # 1-based, None for a single-agency sheet without one
    frame: pd.DataFrame  # META_FIELDS, year, year_ce, i1.., reported_*, source_row, extra
    errors: np.ndarray  # per record: an error already makes it unusable
    title_year: tuple[int, int | None] | None  # a year written in a title row above the table
    indicator_columns: set[int]  # indicators the sheet has a place for
    tool_scales: dict[str, str | None] = field(default_factory=dict)  # tool → header's scale hint
    locate: Callable[[int, str], tuple[int | None, str | None, str | None]] = lambda i, f: (None, None, None)
    flagged: set[tuple[int, str]] = field(default_factory=set)  # (record, field) cells already reported
    unknown_headers: list[str] = field(default_factory=list)  # header cells no field claimed: 'C1 "ตชว.2"'
    title_agency: str = ""  # an agency a title line names ('ผลการประเมิน ITA ของเทศบาลตำบลนาหัวบ่อ ประจำปี…')
    header_year: tuple[int, int | None] | None = None  # a year the columns' headings write (``ita.io.table_years``)
    note_year: tuple[int, int | None] | None = None  # a year a note under the table names


_PLACE_NAME = r"([^\s\d()\[\],.:;]+)"
# A place as a title writes it: the word right after อำเภอ / จังหวัด ('อำเภอพรรณานิคม'), or after their abbreviations
# with or without a space ('อ. พรรณานิคม', 'จ.สกลนคร'). A space after the full word ('จำแนกรายอำเภอ ประจำปี…') leads
# to no place, except a province the list knows ('จังหวัด สกลนคร').
_TITLE_PLACE = {
    "province": re.compile(r"(?:จังหวัด(?P<gap>\s*)|(?<![ก-๙])จ\.\s*)" + _PLACE_NAME),
    "district": re.compile(r"(?:อำเภอ(?P<gap>\s*)|(?<![ก-๙])อ\.\s*)" + _PLACE_NAME),
}


def _title_places(text: str, kind: str) -> set[str]:
    found = set()
    for m in _TITLE_PLACE[kind].finditer(text):
        place = m.group(2)
        if not m.group("gap") or (kind == "province" and provinces().find(place)):
            found.add(place)
    return found


def title_place(rows: list[list[Any]], sheet_name: str, kind: str) -> str | None:
    """The one province (``kind``: province) or district (district) the titles above a table, or the sheet's name,
    name ('ผลการประเมิน … อ.เมืองสกลนคร จ.สกลนคร'; a sheet 'อำเภอพรรณานิคม'), or None when they name none or
    several."""
    texts = [display(cell, limit=1000) for row in rows for cell in row if isinstance(cell, str)] + [sheet_name]
    found = set().union(*(_title_places(text, kind) for text in texts))
    if kind == "province" and (named := provinces().find(name_without_year(sheet_name))):
        found.add(named)  # a sheet named for its province alone ('สกลนคร', 'นครพนม 2567')
    return found.pop() if len(found) == 1 else None


def title_year(rows: list[list[Any]]) -> tuple[int, int | None] | None:
    """The year written in the rows above a table ('ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2563'). Where the titles name
    two years, the results' year: an O42 is titled with the year of its measures ('มาตรการ… ประจำปีงบประมาณ พ.ศ. 2564',
    'แผน… 2568') over a line of the results it analyses ('ผลการประเมิน ITA ปีงบประมาณ พ.ศ. 2563', '(ผลปีงบประมาณ
    2566)'): a year after a word of results wins, then a year on a line without a word of plans, then the first."""
    found = []
    for row in rows:
        text = " ".join(display(cell, limit=1000) for cell in row if not is_blank(cell))[:TITLE_TEXT]
        year = year_in_title(text) if text else None
        if year or (text and len(years_in_title(text)) > 1):
            found.append((results_year(text) or year, text))
            if len(found) > 1 and found[0][0] == year and results_year(found[0][1]):
                break  # the first line's year is the results': nothing below can change it
    years = {year[0] for year, _ in found if year}
    if len(years) > 1:
        words = title_year_words()
        for year, text in found:
            if year and results_year(text):
                return year
        for year, text in found:
            if year and not any(w in compact(text) for w in words["plans"]):
                return year
    return next((year for year, _ in found if year), None)


def results_year(text: str) -> tuple[int, int | None] | None:
    """The year written right after a word of results in a title ('ผลการประเมิน ITA ปี 2566', '(ผลปีงบประมาณ 2566)'),
    or None."""
    norm = compact(text)
    for word in title_year_words()["results"]:
        at = norm.find(word)
        if at >= 0 and (after := years_in_title(norm[at + len(word) : at + len(word) + RESULTS_YEAR_WITHIN])):
            return after[0]
    return None


TITLE_TEXT = 2000  # characters of a title row read for its year (a row of 3,000 filled cells is no title)
RESULTS_YEAR_WITHIN = 24  # characters after a word of results (spaces left out) that its year is written within


def cell_texts(values: Sequence[Any]) -> list[str]:
    """``cell_text`` of each value. A column of few distinct values (types, provinces, grades) is cleaned
    once per value; clean text in a column of many (agency names) is checked with C-level string
    methods and kept as is. A sheet's column (a tuple) is read so once however often it is asked for."""
    if isinstance(values, tuple):
        return list(_column_texts(values))
    return _cell_texts(values)


# A sheet's name columns, each asked for a few times while other columns are read between: by the column itself (its
# identity: 1, 1.0 and True are equal values but not one cell), the newest ``COLUMNS_KEPT``, let go of after a file.
COLUMNS_KEPT = 16
_COLUMNS: dict[int, tuple[tuple[Any, ...], tuple[str, ...]]] = {}


_COLUMNS_LOCK = threading.Lock()  # a server reads files in several threads when parsing is not isolated


def _column_texts(values: tuple[Any, ...]) -> tuple[str, ...]:
    kept = _COLUMNS.get(id(values))
    if kept is not None and kept[0] is values:
        return kept[1]
    texts = tuple(_cell_texts(values))
    with _COLUMNS_LOCK:
        if len(_COLUMNS) >= COLUMNS_KEPT:
            _COLUMNS.pop(next(iter(_COLUMNS)))
        _COLUMNS[id(values)] = (values, texts)
    return texts


def forget_columns() -> None:
    """Let go of the columns ``cell_texts`` remembers (a file's read: a long-lived parse worker keeps none)."""
    with _COLUMNS_LOCK:
        _COLUMNS.clear()


def _cell_texts(values: Sequence[Any]) -> list[str]:
    distinct = set(values)
    if len(distinct) * 4 < len(values):
        clean = {v: cell_text(v) for v in distinct}
        return [clean[v] for v in values]
    return [v if type(v) is str and v and is_clean_text(v) else cell_text(v) for v in values]


# A footnote mark after a name ('เทศบาลตำบลสว่าง¹', 'องค์การบริหารส่วนตำบลไร่ 1/', '… ก/', '…*'): not part of the name.
_SUPERSCRIPTS = "\u00b9\u00b2\u00b3" + "".join(map(chr, range(0x2070, 0x207A)))
_NAME_MARK = re.compile(rf"\s*(?:[{_SUPERSCRIPTS}]+|\*+|†+|‡+|(?<=\s)(?:\d{{1,2}}|[ก-ฮ])/)$")
_MARK_ENDS = frozenset("*†‡/" + _SUPERSCRIPTS)


def is_clean_text(v: str) -> bool:
    """True when ``cell_text`` would return ``v`` (not empty) unchanged: nearly every name in a real file."""
    return (
        (len(v) > 14 or v.strip().casefold() not in MISSING_MARKS)
        and v.isprintable()
        and v[0] not in " '"
        and v[-1] != " "
        and v[-1] not in _MARK_ENDS
        and "  " not in v
        and "&" not in v
        and "<" not in v
        and "\u0e4d\u0e32" not in v
        and " \u0e32" not in v
        and unicodedata.is_normalized("NFC", v)
    )


def cell_text(value: Any) -> str:
    """A cell as text for a name column: blank → '', 12.0 → '12', else ``clean_label``; without the apostrophe that
    marks typed text in a spreadsheet ("'เทศบาลตำบลพอกน้อย" is shown, and read, without it)."""
    if is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = clean_label(value)
    if text and text[-1] in _MARK_ENDS:
        text = _NAME_MARK.sub("", text) or text
    return text[1:].lstrip() if text.startswith("'") else text


def unsafe_problem(
    value: str, row: int, column: str | None, heading: str, file: str, sheet: str, problems: Problems
) -> None:
    """A warning that a name lost control or direction-override characters (which ones, and the name kept)."""
    problems.add(
        WARNING,
        "unsafe_characters_removed",
        file=file,
        sheet=sheet,
        row=row,
        column=column,
        field=heading,
        chars=", ".join(unsafe_characters(value)),
        value=display(clean_label(value)),
    )


def cell_at(row: list[Any], c: int) -> Any:
    """Cell ``c`` of a row; blank beyond the row's end."""
    return row[c] if c < len(row) else ""


def label_value(row: list[Any]) -> tuple[int, Any, int, Any] | None:
    """The first text cell of a row and the first non-blank cell after it (a 'label | value' pair). One whole number
    before the label is its rank or sequence number ('1 | การป้องกันการทุจริต | 87.50'), read past."""
    numbered = False
    for c, cell in enumerate(row):
        if isinstance(cell, str) and cell.strip():
            label = cell.strip()
            if ":" in label and not any(not is_blank(x) for x in row[c + 1 :]):
                name, _, value = label.partition(":")  # "หน่วยงาน: เทศบาลตำบลพอกน้อย" in one cell
                return c, name, c, value.strip()
            for d in range(c + 1, len(row)):
                if not is_blank(row[d]) or (isinstance(row[d], str) and row[d].strip() in ("-", "–")):
                    return c, label, d, row[d]
            return None
        if not is_blank(cell):
            if numbered or not _sequence_number(cell):
                return None
            numbered = True
    return None


def _sequence_number(cell: Any) -> bool:
    return isinstance(cell, (int, float)) and not isinstance(cell, bool) and float(cell).is_integer() and cell >= 0


def agency_on_a_line(rows: list[list[Any]], is_agency: Callable[[str], bool]) -> str:
    """The agency a line above a table names ('หน่วยงาน: เทศบาลตำบลพอกน้อย อำเภอ…', 'หน่วยงาน | เทศบาลตำบลพอกน้อย'),
    the label read by ``is_agency``; '' when no line does."""
    for row in rows:
        pair = label_value(row)
        if pair is not None and is_agency(str(pair[1])) and isinstance(pair[3], str) and pair[3].strip():
            return pair[3].strip()
    return ""


# A heading row between groups of agencies ("องค์การบริหารส่วนตำบล", "กลุ่มเทศบาลตำบล") names the type of the
# agencies under it, until the next heading.
_GROUP_WORDS = re.compile(r"^(?:กลุ่ม|ประเภท)\s*")


def heading_type(label: str, types: AgencyTypes) -> str | None:
    """The agency type a heading row names (as the type list writes it), or None."""
    kind = types.from_column(_GROUP_WORDS.sub("", label.strip()))
    return kind.th if kind is not None else None


def types_under_headings(types: list[str], agency: list[str], scored: Sequence[bool]) -> list[str]:
    """Each row's type: its own column's, else (when its name does not start with a type) the type the last
    heading row above it named. A heading row holds no score (``scored``): only those rows are asked."""
    out, current, listed = [], "", agency_types()
    for own, name, has_scores in zip(types, agency, scored, strict=True):
        heading = heading_type(name, listed) if name and not has_scores else None
        current = heading or current
        if own or heading or not current:  # whose name names its type is not asked (most files have no heading)
            out.append(own)
        else:
            out.append("" if listed.from_name(name) is not None else current)
    return out


# Where an agency's name ends in a title line: its place or the year that follow it ('เทศบาลตำบลพอกน้อย อำเภอ…',
# '… ประจำปีงบประมาณ พ.ศ. 2566'). A name starts the line or a word, or follows ของ/ใน ('ผลการประเมินของเทศบาล…').
_NAME_ENDS = re.compile(r"\s+(?:อำเภอ|อ\.|จังหวัด|จ\.|ประจำปี|ปีงบประมาณ|ปี\s*พ\.ศ\.|พ\.ศ\.|ปี\s*[\d๐-๙]|\(|-|–)")
_NAME_STARTS = re.compile(r"(?:^|\s|(?<=ของ)|(?<=ใน))")


def title_agency(rows: list[list[Any]]) -> str:
    """The agency a title line above a single agency's table names by its type and name ('องค์การบริหารส่วนตำบลนา
    หัวบ่อ' alone on a line, 'เทศบาลตำบลพอกน้อย อำเภอพรรณานิคม จังหวัดสกลนคร', 'ผลการประเมิน ITA ของเทศบาลตำบล
    นาหัวบ่อ ประจำปี…'), '' when none does."""
    types = agency_types()
    for row in rows:
        for cell in row:
            text = " ".join(cell.split()) if isinstance(cell, str) else ""
            for start in _NAME_STARTS.finditer(text):
                rest = text[start.end() :]
                name = _NAME_ENDS.split(rest, maxsplit=1)[0].strip() if rest else ""
                if name and types.from_name(name) is not None and " " not in name.strip():
                    places = _TITLE_PLACES.match(rest[len(name) :])  # 'อำเภอพรรณานิคม จังหวัดสกลนคร' after it
                    return f"{name} {places.group(0).strip()}".strip() if places else name
    return ""


# The places after an agency's name in a title line, as far as they go ('อำเภอพรรณานิคม จังหวัดสกลนคร').
_TITLE_PLACES = re.compile(r"(?:\s+(?:อำเภอ|อ\.|จังหวัด|จ\.)\s*[^\s\d()]+)+")
