"""A long table (a row per indicator, under a header with indicator and score columns) or a single agency's
sheet without a header ('label | score' rows), read row by row."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ita.common.problems import ERROR, INFO, WARNING, Problems, column_letter
from ita.common.text import UNSAFE_CHARACTERS
from ita.io.headers import UNKNOWN, HeaderCatalog, HeaderMatch, is_year_label
from ita.io.layouts.across import agencies_across, years_across
from ita.io.layouts.parsed import (
    META_FIELDS,
    ParsedSheet,
    cell_at,
    cell_text,
    label_value,
    title_agency,
    title_year,
    unsafe_problem,
)
from ita.io.layouts.sub_columns import names_no_score
from ita.io.reading import RawSheet
from ita.io.values import NOTED, READ_DESPITE, display, is_blank, parse_number, shown_cell, years_in_text
from ita.rules.agency_types import agency_types


@dataclass
class _Record:
    """One agency-year of a long sheet as read so far: its names, scores, reported values and their cells."""

    meta: dict[str, str]
    year_cell: Any
    first_row: int
    scores: dict[str, float] = field(default_factory=dict)
    reported: dict[str, Any] = field(default_factory=dict)
    cells: dict[str, tuple[int, str | None, str | None]] = field(default_factory=dict)
    flagged: set[str] = field(default_factory=set)
    error: bool = False


def parse_long(
    sheet: RawSheet,
    file: str,
    catalog: HeaderCatalog,
    problems: Problems,
    header_r: int | None,
    matches: list[HeaderMatch] | None,
) -> ParsedSheet | None:
    """A long table (header with indicator and score columns) or, without a header, 'label | score' rows.

    Rows are read in order; a metadata row ('หน่วยงาน | X', 'ปีงบประมาณ | 2563') sets the agency or year
    for the rows after it, so a sheet may hold several agencies one after another.
    """
    header = sheet.rows[header_r] if header_r is not None else []
    colmap = _long_columns(matches, header, catalog) if matches is not None and header_r is not None else {}
    across = years_across(sheet.rows, catalog) if header_r is None else None
    if across is not None:
        years_r, years, named = across
        heads = {c: [("year", years_r, cell)] for c, cell in years.items()}
        if named is not None:  # each agency's name over its years ('ทต.พอกน้อย' merged over 'ปี 2566 | ปี 2567')
            _say_agencies_across(sheet, file, problems, *named)
            heads = {c: [("agency", named[0], named[1][c]), *given] for c, given in heads.items()}
        return _parse_across(sheet, file, catalog, problems, heads)
    agencies = agencies_across(sheet.rows, catalog) if header_r is None else None
    if agencies is not None:
        _say_agencies_across(sheet, file, problems, *agencies)
        heads = {c: [("agency", agencies[0], cell)] for c, cell in agencies[1].items()}
        return _parse_across(sheet, file, catalog, problems, heads)
    reader = _read(sheet.name, sheet.rows, file, catalog, problems, colmap, header_r)
    records = list(reader.records.values())
    if not records:
        return None
    if header_r is None and sum(len(r.scores) + r.error for r in records) < 3:
        return None  # a few label/number pairs are not an ITA result
    return _long_parsed(reader, records, header_r)


def _read(
    name: str,
    rows: list[list[Any]],
    file: str,
    catalog: HeaderCatalog,
    problems: Problems,
    colmap: dict[str, int],
    header_r: int | None,
    given: Sequence[tuple[str, Any, tuple[int, str | None, str]]] = (),
) -> _LongReader:
    """The sheet's rows read in order below its header (all of them without one); ``given``: fields every record
    has (the year or the agency, of a column of a table with years or agencies across), their cells and places."""
    start = 0 if header_r is None else header_r + 1
    header = rows[header_r] if header_r is not None else []
    reader = _LongReader(
        name,
        file,
        catalog,
        problems,
        colmap,
        heads={field: display(cell_at(header, c)) for field, c in colmap.items()},
        title_rows=list(rows[:start]),
    )
    reader.read_context(rows[:start])
    for field_name, cell, place in given:
        reader.context[field_name], reader.context_at[field_name] = cell, place
    for r in range(start, len(rows)):
        reader.read_row(r, rows[r])
    if reader.filled:
        heads = [reader.heads[field] for field in (*META_FIELDS, "year") if field in reader.filled]
        problems.add(INFO, "long_filled_from_above", file=file, sheet=name, row=None, columns=", ".join(heads))
    return reader


def _say_agencies_across(sheet: RawSheet, file: str, problems: Problems, r: int, names: dict[int, Any]) -> None:
    shown = ", ".join(dict.fromkeys(display(cell) for cell in names.values()))
    problems.add(INFO, "agencies_across", file=file, sheet=sheet.name, row=r + 1, agencies=shown)


def _parse_across(
    sheet: RawSheet, file: str, catalog: HeaderCatalog, problems: Problems, heads: dict[int, list[tuple[str, int, Any]]]
) -> ParsedSheet | None:
    """Each year's (or agency's) column read on its own, the other columns' cells left out, the records put
    together. ``heads``: column → the fields its heading cells give every record of it (field, row, cell)."""
    readers = []
    said = Problems()  # a row every column reads alike (an unknown label) is said once, not once per column
    width = max(map(len, sheet.rows), default=0)
    for c, given in heads.items():
        others = set(range(min(heads), width)) - {c}  # every column from the first heading on but this one
        rows = [[None if k in others else x for k, x in enumerate(row)] for row in sheet.rows]
        places = [(name, cell, (r + 1, column_letter(c), display(cell))) for name, r, cell in given]
        readers.append(_read(sheet.name, rows, file, catalog, said, {}, None, given=places))
    problems.extend(list(dict.fromkeys(said)))
    records = [record for reader in readers for record in reader.records.values()]
    if sum(len(r.scores) + r.error for r in records) < 3:
        return None
    return _long_parsed(readers[0], records, None)


def _long_parsed(reader: _LongReader, records: list[_Record], header_r: int | None) -> ParsedSheet:
    """The records read, as the same ``ParsedSheet`` a wide table gives (every indicator has a place)."""
    frame = _long_frame(records, reader.catalog)
    colmap = reader.colmap
    return ParsedSheet(
        layout="long" if colmap else "single",
        header_row=None if header_r is None else header_r + 1,
        frame=frame,
        errors=np.array([r.error for r in records], dtype=bool),
        title_year=title_year(reader.title_rows),
        indicator_columns=set(range(1, reader.catalog.indicator_count + 1)),
        locate=_long_locate(records, frame, column_letter(colmap["indicator"]) if colmap else None),
        flagged={(k, key) for k, r in enumerate(records) for key in r.flagged},
        title_agency=title_agency(reader.title_rows) if any(not r.meta.get("agency") for r in records) else "",
    )


def _long_columns(matches: list[HeaderMatch], header: list[Any], catalog: HeaderCatalog) -> dict[str, int]:
    """Field → column of a long table's header: the first indicator column, the first score column (or
    else the first total column), and the name, year and grade columns. A score column whose heading says it
    holds no score of this year ('คะแนนปีที่แล้ว | คะแนนปีนี้', 'ค่าเป้าหมาย | คะแนนที่ได้') is passed over when
    another is not."""
    scores = [c for c, m in enumerate(matches) if m.field in ("score", "total")]
    passed = {c for c in scores if names_no_score(cell_at(header, c), catalog)}
    if len(passed) < len(scores):
        matches = [UNKNOWN if c in passed else m for c, m in enumerate(matches)]
    colmap: dict[str, int] = {}
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
        elif m.field == "tool_name" and "tool_name" not in colmap:
            colmap["tool_name"] = c
    return colmap


def _within_tool(tool: Any, label: Any, catalog: HeaderCatalog) -> Any:
    """An indicator's number within a tool ('EIT' and 1) as its code ('EIT-1'); any other label as it is."""
    number = parse_number(label)
    code = str(tool).strip().upper() if isinstance(tool, str) else ""
    if code in catalog.tool_codes and isinstance(number, float) and number.is_integer():
        return f"{code}-{int(number)}"
    return label


@dataclass(frozen=True)
class _Line:
    """One row of a long or single-agency sheet: its label cell and its value cell."""

    row: list[Any]
    sheet_row: int  # 1-based
    label_col: int
    label: Any
    value_col: int
    value: Any

    def place(self) -> tuple[int, str, str]:
        """Where the value is: row, column letter, and the label as the field's heading."""
        return self.sheet_row, column_letter(self.value_col), display(self.label)


@dataclass
class _LongReader:
    """A long or single-agency sheet read row by row, as a person does: a metadata row sets the agency or
    year for the rows after it, an indicator row adds a score to that agency-year's record, and a row naming
    a total, grade or tool gives the value the file reported for it."""

    sheet: str
    file: str
    catalog: HeaderCatalog
    problems: Problems
    colmap: dict[str, int]  # a long table's columns; empty for 'label | value' rows
    heads: dict[str, str]  # field → heading of its column
    title_rows: list[list[Any]]  # rows before the first indicator: a year may be written there
    context: dict[str, Any] = field(default_factory=dict)  # field → value
    context_at: dict[str, tuple[int, str | None, str]] = field(default_factory=dict)  # field → its cell
    noted: set[tuple[int, str | None, str]] = field(default_factory=set)  # cells said to lose characters
    records: dict[tuple[str, str], _Record] = field(default_factory=dict)  # (agency, year cell) → record
    seen_indicator: bool = False
    # A long table's agency, year… written once at the top of each block and left blank below (not merged): a blank
    # cell of such a column reads as the last one written above it, as a person reads it.
    above: dict[str, Any] = field(default_factory=dict)  # field → the last cell written in its column
    filled: set[str] = field(default_factory=set)  # the fields read from above at least once
    # What each distinct label says and each distinct name cell reads as: a long table repeats its ten labels and each
    # agency's names on every row (140,000 rows were classified one by one: 9 s).
    labels: dict[tuple[type, Any], tuple[HeaderMatch, bool, int | None, int | None]] = field(default_factory=dict)
    texts: dict[tuple[type, Any], str] = field(default_factory=dict)

    def read_context(self, rows: list[list[Any]]) -> None:
        """'หน่วยงาน | X' rows above a long table's header."""
        for r, row in enumerate(rows):
            pair = label_value(row)
            match = self.catalog.classify(pair[1]) if pair else None
            if pair and match and match.field in (*META_FIELDS, "year"):
                self.context[match.field] = pair[3]
                self.context_at[match.field] = (r + 1, column_letter(pair[2]), display(pair[1]))

    def read_row(self, r: int, row: list[Any]) -> None:
        """One row below the header (or of a sheet without one): a metadata row, an indicator's score, a
        reported value, or a row of no interest (a title before the first indicator, else a warning)."""
        line = self._line(r, row)
        if (line is None or is_blank(line.value)) and self._block_head(r, row):
            return
        if self.colmap and all(display(cell_at(row, c)) == self.heads[f] for f, c in self.colmap.items()):
            return  # the header written again over the next block ('ตัวชี้วัด | คะแนน')
        if line is None:
            if not self.seen_indicator:
                self.title_rows.append(row)
            return
        if is_blank(line.label):
            return
        # A tool's full name holds an indicator's ('แบบตรวจการเปิดเผยข้อมูลสาธารณะ (OIT)' holds การเปิดเผยข้อมูล): the
        # tool is what it names, unless the label numbers an indicator ('ตัวชี้วัดที่ 9 การเปิดเผยข้อมูลสาธารณะ').
        named, tool, number, typed = self._label(line.label)
        match = named if number is None else None  # what a non-indicator names
        if match is not None and match.field in (*META_FIELDS, "year") and not self.colmap:
            self.context[match.field] = line.value
            self.context_at[match.field] = line.place()
            return
        meta, year_cell = self._meta(row)
        key = (meta["agency"], str(year_cell))
        if match is not None:
            self._take_reported(line, key, match)
        elif number is not None:
            if typed is not None:
                self._say_at_label(WARNING, "misnumbered_indicator", line, typed=typed, named=number)
            self._take_score(line, key, meta, year_cell, number)

    def _label(self, label: Any) -> tuple[HeaderMatch, bool, int | None, int | None]:
        """What a row's label names (once per distinct label): its match, whether it names a tool, the indicator it
        numbers, and the number typed when that disagrees with the indicator's name."""
        key = (type(label), label)
        if key not in self.labels:
            named = self.catalog.classify(label)
            tool = named.field == "tool" and not self.catalog.numbered(label)
            number = None if tool else self.catalog.indicator_number(label)
            if number is None and named.field == "indicator_column":  # a code within its tool: 'EIT-1'
                number = named.indicator
            typed = self.catalog.misnumbered(label) if number is not None else None
            self.labels[key] = (named, tool, number, typed)
        return self.labels[key]

    def _text(self, value: Any) -> str:
        """``cell_text`` of a name cell, once per distinct value."""
        key = (type(value), value)
        if key not in self.texts:
            self.texts[key] = cell_text(value)
        return self.texts[key]

    def _block_head(self, r: int, row: list[Any]) -> bool:
        """A row of one cell that heads the rows below it: a year ('ปีงบประมาณ 2566', 'ปี 2567') or an agency's name
        ('เทศบาลตำบลวาริชภูมิ'), each agency's years one block after another. True when the row was one."""
        cells = [(c, cell) for c, cell in enumerate(row) if not is_blank(cell)]
        if len(cells) != 1 or not isinstance(cells[0][1], str):
            return False
        c, cell = cells[0]
        name, value = self._labelled_head(cell)
        if name is None and "year" not in self.colmap and is_year_label(cell):
            name, value = "year", cell
        elif name is None and "agency" not in self.colmap and self._names_an_agency(cell):
            name, value = "agency", cell
        elif name is None and "year" not in self.colmap and self.seen_indicator and len(years_in_text(cell)) == 1:
            name, value = "year", cell  # a block's own title line ('ผลการประเมิน ITA ปีงบประมาณ 2567')
        if name is None:
            return False
        self.context[name], self.context_at[name] = value, (r + 1, column_letter(c), display(cell))
        return True

    def _labelled_head(self, cell: str) -> tuple[str | None, str]:
        """A block's head with its label in its cell ('หน่วยงาน: อบต.หนองไผ่', 'หน่วยงาน เทศบาลนครอุดรธานี'): the field it
        names and its value, when the table has no column of it."""
        label, colon, value = cell.partition(":")
        label, _, value = (label, colon, value) if colon else cell.strip().partition(" ")
        field = self.catalog.classify(label).field if label.strip() and value.strip() else ""
        if field not in (*META_FIELDS, "year") or field in self.colmap:
            return None, ""
        return field, value.strip()

    def _meta(self, row: list[Any]) -> tuple[dict[str, str], Any]:
        """The names and year cell a row belongs to: from its own columns (a blank one from the cell written above
        it), else from the metadata rows above."""
        meta = {
            name: self._text(self._column_cell(row, name) if name in self.colmap else self.context.get(name, ""))
            for name in META_FIELDS
        }
        year_cell = self._column_cell(row, "year") if "year" in self.colmap else self.context.get("year", "")
        return meta, year_cell

    def _column_cell(self, row: list[Any], name: str) -> Any:
        cell = cell_at(row, self.colmap[name])
        if not is_blank(cell):
            self.above[name] = cell
            return cell
        if name in self.above:
            self.filled.add(name)
            return self.above[name]
        return cell

    def _line(self, r: int, row: list[Any]) -> _Line | None:
        """The label and value of a row: the indicator and score columns, or a 'label | value' pair."""
        if self.colmap:
            lc, label = self.colmap["indicator"], cell_at(row, self.colmap["indicator"])
            vc, value = self.colmap["score"], cell_at(row, self.colmap["score"])
            if "tool_name" in self.colmap:  # numbered within its tool ('EIT | 1'): as its code writes it, 'EIT-1'
                label = _within_tool(cell_at(row, self.colmap["tool_name"]), label, self.catalog)
            return _Line(row, r + 1, *self._past_name(row, (lc, label, vc, value)))
        pair = label_value(row)
        return None if pair is None else _Line(row, r + 1, *self._past_name(row, pair))

    def _past_name(self, row: list[Any], pair: tuple[int, Any, int, Any]) -> tuple[int, Any, int, Any]:
        """'ตัวชี้วัดที่ 1 | การปฏิบัติหน้าที่ | 91.32' (an O42's table, an agency's own page): the name of the indicator
        its label numbers is part of the label, and the score is the cell after it."""
        c, label, d, value = pair
        if not isinstance(value, str) or isinstance(parse_number(value), float):
            return pair
        number = self._label(label)[2]
        if number is None or self._label(value)[2] != number:
            return pair
        after = next((k for k in range(d + 1, len(row)) if not is_blank(row[k])), None)
        return pair if after is None else (c, label, after, row[after])

    def _take_reported(self, line: _Line, key: tuple[str, str], match: HeaderMatch) -> None:
        """A row that is not an indicator: a total, grade or tool score of a record already begun, or else an
        unknown label (a warning once indicators have begun or below a table's header; else a title row)."""
        target = {
            "tool": f"reported_{(match.tool or '').lower()}",
            "total": "reported_total",
            "score": "reported_total",
            "grade": "reported_grade",
        }.get(match.field, "")
        if target and key in self.records:
            self.records[key].reported[target] = line.value
            self.records[key].cells[target] = line.place()
        elif not target and (self.seen_indicator or (self.colmap and not is_blank(line.value))):
            # Below a long table's header, an unknown label with a value is a row lost, even before the first
            # indicator; in a sheet of 'label | value' rows, lines before the indicators are its title.
            # '9.1 ข้อมูลพื้นฐาน': the indicator's own row is used; 'ลำดับที่ | 3': a rank, no score lost
            rank = self.catalog.is_rank_label(line.label)
            known = "sub_indicator_row" if match.field == "sub_indicator" else "rank_row" if rank else ""
            self._say_at_label(INFO if known else WARNING, known or "unknown_indicator", line)
        elif not self.seen_indicator:
            self.title_rows.append(line.row)

    def _names_an_agency(self, cell: str) -> bool:
        """A cell that is an agency's name: its type's name first, and no indicator or summary."""
        catalog = self.catalog
        named = agency_types().from_name(cell) is not None
        return named and catalog.indicator_number(cell) is None and not catalog.is_summary_label(cell)

    def _say_at_label(self, severity: str, code: str, line: _Line, **values: Any) -> None:
        """A problem of the label cell of ``line`` (its text as ``label``)."""
        column = column_letter(line.label_col)
        label = display(line.label)
        self.problems.add(
            severity, code, file=self.file, sheet=self.sheet, row=line.sheet_row, column=column, label=label, **values
        )

    def _say_at_value(self, severity: str, code: str, line: _Line) -> None:
        """A problem of the score cell of ``line``."""
        self.problems.add(
            severity,
            code,
            file=self.file,
            sheet=self.sheet,
            row=line.sheet_row,
            column=column_letter(line.value_col),
            field=display(line.label),
            value=shown_cell(line.value),
        )

    def _take_score(self, line: _Line, key: tuple[str, str], meta: dict[str, str], year_cell: Any, number: int) -> None:
        """An indicator's score, into the record of its agency and year (begun at its first score). An
        unreadable score, or a second different score for the same indicator, is an error."""
        self.seen_indicator = True
        record = self.records.get(key)
        if record is None:
            record = self.records[key] = _Record(meta=meta, year_cell=year_cell, first_row=line.sheet_row)
            self._note_unsafe_meta(line)
        parsed = parse_number(line.value)
        ikey = f"i{number}"
        record.cells[ikey] = line.place()
        if isinstance(parsed, str) and parsed in READ_DESPITE:  # read, and said
            self._say_at_value(INFO if parsed in NOTED else WARNING, parsed, line)
            parsed = READ_DESPITE[parsed](line.value)
        if isinstance(parsed, str):
            self._say_at_value(ERROR, parsed, line)
            record.error = True
            record.flagged.add(ikey)
        elif parsed is not None:
            if ikey in record.scores and record.scores[ikey] != parsed:
                self.problems.add(
                    ERROR,
                    "indicator_twice",
                    file=self.file,
                    sheet=self.sheet,
                    row=line.sheet_row,
                    column=column_letter(line.value_col),
                    number=number,
                    agency=meta["agency"] or self.sheet,
                    year=display(year_cell) or "-",
                    first=record.scores[ikey],
                    second=parsed,
                )
                record.error = True
            record.scores[ikey] = parsed

    def _note_unsafe_meta(self, line: _Line) -> None:
        """A name of a new record that lost control characters, said once at the cell it came from."""
        place: tuple[int, str | None, str] | None
        for name in META_FIELDS:
            if name in self.colmap:
                c = self.colmap[name]
                raw, place = cell_at(line.row, c), (line.sheet_row, column_letter(c), self.heads[name])
            else:
                raw, place = self.context.get(name, ""), self.context_at.get(name)
            if type(raw) is str and place and place not in self.noted and UNSAFE_CHARACTERS.search(raw):
                self.noted.add(place)
                unsafe_problem(raw, place[0], place[1], place[2], self.file, self.sheet, self.problems)


def _long_frame(records: list[_Record], catalog: HeaderCatalog) -> pd.DataFrame:
    """The records as a frame with the same columns for every long or single-agency sheet."""
    reported = [r.reported for r in records]
    return pd.DataFrame(
        {
            **{name: [r.meta[name] for r in records] for name in META_FIELDS},
            **{
                f"i{k}": [r.scores.get(f"i{k}", np.nan) for r in records] for k in range(1, catalog.indicator_count + 1)
            },
            "reported_total": [x.get("reported_total", "") for x in reported],
            "reported_grade": [cell_text(x.get("reported_grade", "")) for x in reported],
            **{
                f"reported_{code.lower()}": [x.get(f"reported_{code.lower()}", "") for x in reported]
                for code in catalog.tool_codes
            },
            "year_cell": [r.year_cell for r in records],
            "source_row": [r.first_row for r in records],
        }
    )


def _long_locate(
    records: list[_Record], frame: pd.DataFrame, label_letter: str | None
) -> Callable[[int, str], tuple[int | None, str | None, str | None]]:
    """Record and field → the cell it came from; else the record's first row, in the label column."""
    cells = [r.cells for r in records]

    def locate(i: int, field_name: str) -> tuple[int | None, str | None, str | None]:
        found = cells[i].get(field_name)
        return found if found else (int(frame["source_row"].iat[i]), label_letter, None)

    return locate
