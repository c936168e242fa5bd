"""Tables stacked down one sheet: the header row written again further down, often under a title of its own
('ผลการประเมิน ITA ปี 2565', its table, then 'ผลการประเมิน ITA ปี 2566' and the same header again), or
repeated on every printed page.

Read as a person reads it: each table under its own title. Each is read as a wide table of its own, with the
other tables' rows blanked (every cell keeps its row and column, so each problem points at its true cell). A
table's year is the one its title names; a table without a title of its own continues the one above it (a header
repeated for printing), and the first one without a year takes the sheet's (its name, the file name or the
user's choice), as a sheet of one table does.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from ita.common.problems import INFO, WARNING, Problem, Problems
from ita.common.thai import THAI_MONTHS, compact
from ita.io.headers import HeaderCatalog, HeaderMatch, title_year_words
from ita.io.layouts.parsed import ParsedSheet, title_place, title_year
from ita.io.layouts.wide import parse_wide
from ita.io.layouts.year_blocks import put_together
from ita.io.layouts.year_fields import year_fields
from ita.io.reading import RawSheet
from ita.io.values import is_blank, parse_number, years_in_name

_Header = tuple[int, list[HeaderMatch]]


def _indicator_columns(matches: list[HeaderMatch]) -> list[int]:
    return [c for c, m in enumerate(matches) if m.field == "indicator_column"]


def repeated_headers(rows: list[list[Any]], header: _Header, catalog: HeaderCatalog, least: int) -> list[_Header]:
    """The rows below ``header`` that are header rows again: at least ``least`` of the header's indicator columns
    hold words there (not scores), and the row names at least ``least`` indicators. Only such rows are classified,
    so a long table of numbers costs one type check per cell. A header row before any row of scores continues the
    header above it (the indicators' numbers, then their names), never a table of its own."""
    header_r, matches = header
    columns = _indicator_columns(matches)
    if not columns:
        return []
    found: list[_Header] = []
    scores_since = False  # a row of scores since the last header
    # A row needs text in one of these to have ``least`` wordy cells: a row of scores is passed at a glance.
    some = columns[: max(1, len(columns) - least + 1)]
    for r in range(header_r + 1, len(rows)):
        row = rows[r]
        texts = len(row) > some[-1] and any(type(row[c]) is str for c in some)
        wordy = sum(1 for c in columns if c < len(row) and _is_words(row[c])) if texts or len(row) <= some[-1] else 0
        if wordy < least:
            scores_since = scores_since or _has_score(row, columns)
            continue
        again = [catalog.classify(cell) if isinstance(cell, str) else HeaderMatch("") for cell in row]
        if scores_since and len({m.indicator for m in again if m.field == "indicator_column"}) >= least:
            found.append((r, again))
            scores_since = False
    return found


def _is_words(cell: Any) -> bool:
    return isinstance(cell, str) and any(ch.isalpha() for ch in cell)


def _has_score(row: list[Any], columns: list[int]) -> bool:
    return any(c < len(row) and isinstance(parse_number(row[c]), float) for c in columns)


def _title_start(rows: list[list[Any]], previous: _Header, header_r: int) -> int:
    """The first row of a stacked table's own title: the rows just above its header that hold no score in the
    table above (blank rows and titles)."""
    columns = _indicator_columns(previous[1])
    r = header_r
    while r - 1 > previous[0] and not _has_score(rows[r - 1], columns):
        r -= 1
    return r


_MONTH_WORDS = tuple(word for names in THAI_MONTHS for word in names)


def _dated(row: list[Any]) -> bool:
    """A line that holds a date ('พิมพ์เมื่อ 15 ตุลาคม 2565 หน้า 1/2'): its year is the day's, not a table's."""
    text = " ".join(str(cell) for cell in row if isinstance(cell, str))
    return any(word in text for word in _MONTH_WORDS) or bool(_NUMERIC_DATE.search(text))


_NUMERIC_DATE = re.compile(r"\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{2,4}")


def _year_before(title: list[list[Any]], above: int | str, sheet_name: str) -> int | None:
    """The year before the table above's (or the sheet name's) when a stacked table's title says it holds the year
    before ('ผลการประเมินปีที่ผ่านมา', headers.toml [title_years] `previous`), else None."""
    text = compact(" ".join(str(cell) for row in title for cell in row if isinstance(cell, str)))
    if not text or not any(word in text for word in title_year_words()["previous"]):
        return None
    named = years_in_name(sheet_name)
    base = int(above) if above != "" else named[0][0] if len(named) == 1 else None
    return None if base is None else base - 1


def _continue_places(parsed: ParsedSheet, title: list[list[Any]], sheet_name: str) -> None:
    """A stacked table without a province (district) of its own takes the one the sheet's title names."""
    for kind in ("province", "district"):
        missing = parsed.frame[kind].map(is_blank).all() if kind in parsed.frame else True
        if missing and (place := title_place(title, sheet_name, kind)):
            parsed.frame[kind] = place


def parse_stacked(
    sheet: RawSheet, file: str, catalog: HeaderCatalog, problems: Problems, headers: list[_Header]
) -> ParsedSheet:
    """Each stacked table read as a wide table, the records of all put together, each with its table's year."""
    starts = [0] + [_title_start(sheet.rows, headers[k - 1], headers[k][0]) for k in range(1, len(headers))]
    ends = [*starts[1:], len(sheet.rows)]
    parts: list[tuple[int | str, ParsedSheet]] = []
    said: set[Problem] = set()
    year: int | str = ""
    for (header_r, matches), start, end in zip(headers, starts, ends, strict=True):
        rows = [row if start <= r < end else [] for r, row in enumerate(sheet.rows)]
        own = title_year([row for row in rows[start:header_r] if not _dated(row)])
        if not own and start and (before := _year_before(rows[start:header_r], year, sheet.name)) is not None:
            own = (before, None)  # 'ผลการประเมินปีที่ผ่านมา' under this year's table: last year's
            problems.add(INFO, "stacked_previous_year", file=file, sheet=sheet.name, row=header_r + 1, year=before)
        year = own[0] if own else year  # no title of its own: the table above continues
        if year != "" and start:  # the first table's were read with the sheet's year already
            matches = year_fields(rows[header_r], matches, int(year), catalog)
        heard = Problems()
        parsed = parse_wide(replace(sheet, rows=rows), file, catalog, heard, header_r, matches)
        if start and not own:  # continuing the table above: in the place the sheet's title names too
            _continue_places(parsed, sheet.rows[: headers[0][0]], sheet.name)
        if own and len(named := years_in_name(sheet.name)) == 1 and named[0][0] != own[0]:
            problems.add(
                WARNING,
                "stacked_year_differs",
                file=file,
                sheet=sheet.name,
                row=header_r + 1,
                header_row=header_r + 1,
                year=own[0],
                sheet_year=named[0][0],
            )
        parts.append((year, parsed))
        for problem in heard:  # what every table's header says alike, said once
            if problem not in said:
                said.add(problem)
                problems.extend([problem])
    shown = sorted({str(y) for y, _ in parts if y != ""})
    problems.add(
        INFO,
        "stacked_tables",
        file=file,
        sheet=sheet.name,
        row=headers[0][0] + 1,
        count=len(headers),
        rows=", ".join(str(r + 1) for r, _ in headers),
        years=", ".join(shown) or "-",
    )
    return put_together(parts, title=parts[0][1].title_year)
