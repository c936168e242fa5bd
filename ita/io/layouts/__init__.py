"""Finding the table in a sheet: wide (a row per agency), long (a row per indicator) or single-agency.

A parser turns one ``RawSheet`` into a ``ParsedSheet``: a frame of records with the fields the file
gave (indicator scores parsed, reported totals/grades/tool scores kept as given), where each value came
from, and the problems of reading it. Years, frameworks, scoring and cross-checks come later
(``ita.io.importer``), the same for every layout.

Here: merged cells filled and the header found. ``wide`` and ``long`` read the two kinds of table (``long``
also a single agency's 'label | score' rows; ``year_blocks`` a wide table with a block of columns per year);
``parsed`` holds what they give back and the cell helpers both use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from ita.common.problems import ERROR, INFO, WARNING, Problems, column_letter
from ita.common.thai import compact, natural_list
from ita.io.headers import UNKNOWN, HeaderCatalog, HeaderMatch, is_year_label
from ita.io.layouts.long import parse_long
from ita.io.layouts.parsed import META_FIELDS, ParsedSheet, cell_at, title_year
from ita.io.layouts.relative_years import with_relative_years
from ita.io.layouts.side_by_side import bands, read_bands
from ita.io.layouts.split_header import join_split_header
from ita.io.layouts.stacked import parse_stacked, repeated_headers
from ita.io.layouts.wide import parse_wide
from ita.io.layouts.year_blocks import parse_year_blocks, year_blocks
from ita.io.layouts.year_fields import headed_year, year_fields
from ita.io.reading import RawSheet
from ita.io.values import display, is_blank, years_in_name

__all__ = [
    "HEADER_SCAN_ROWS",
    "META_FIELDS",
    "ParsedSheet",
    "TableHeader",
    "fill_merged",
    "parse_sheet",
    "table_header",
]

HEADER_SCAN_ROWS = 40
MIN_WIDE_INDICATORS = 3  # a row naming fewer indicator columns is not taken for a results table


def parse_sheet(sheet: RawSheet, file: str, catalog: HeaderCatalog, problems: Problems) -> ParsedSheet | None:
    """Find and read the table in ``sheet``; None (with a problem saying why) if it has no scores."""
    sheet = with_relative_years(fill_merged(sheet, file, problems), file, problems)
    if (measures := _measures_header(sheet.rows, catalog)) is not None:  # measures, not results: said, not misread
        problems.add(ERROR, "measures_table", file=file, sheet=sheet.name, row=measures + 1, header_row=measures + 1)
        return None
    wide_header, long_header = _find_headers(sheet.rows, catalog)
    wide_header = _fields_above(sheet.rows, _under_tools(sheet.rows, wide_header, catalog), catalog)
    wide_header = _this_years_fields(sheet, wide_header, catalog)
    wide_header = _beside_the_questions(sheet, wide_header, catalog, file, problems)
    found = _indicators(wide_header)
    partial = len(found) < catalog.indicator_count and long_header is None  # a header a PDF split may name more
    if partial and (joined := _split_header(sheet, catalog, file, problems, len(found) + 1)) is not None:
        return parse_sheet(joined, file, catalog, problems)
    if wide_header is not None and len(found) >= MIN_WIDE_INDICATORS:
        if (
            _group_table(sheet, wide_header, file, problems)
            or _question_table(sheet, wide_header, catalog, file, problems)
            or _summary_sheet(sheet, wide_header, catalog, file, problems)
        ):
            return None
        _say_misnumbered(sheet, wide_header, catalog, file, problems)
        blocks = year_blocks(sheet.rows, *wide_header, catalog)
        if blocks:
            return parse_year_blocks(sheet, file, catalog, problems, wide_header[0], blocks)
        again = repeated_headers(sheet.rows, wide_header, catalog, MIN_WIDE_INDICATORS)
        if again:
            headers = [wide_header, *(_under_tools(sheet.rows, h, catalog) for h in again)]
            return parse_stacked(sheet, file, catalog, problems, [h for h in headers if h is not None])
        return parse_wide(sheet, file, catalog, problems, *wide_header)
    if long_header is not None:
        if (split := bands(sheet, long_header[0], catalog)) is not None:  # one agency's table beside another's
            return read_bands(
                split, lambda part: parse_sheet(part, file, catalog, problems), file, problems, long_header[0]
            )
        return parse_long(sheet, file, catalog, problems, *long_header)
    single = parse_long(sheet, file, catalog, problems, None, None)
    if single is not None:
        return single
    if wide_header is not None and found:  # a table with too few indicators: say which it has (a tool's: which)
        tool = next((t for t, numbers in catalog.tool_indicators.items() if numbers == found), "")
        problems.add(
            WARNING,
            "sheet_one_tool" if tool else "sheet_partial_indicators",
            tool=tool,
            file=file,
            sheet=sheet.name,
            row=wide_header[0] + 1,
            header_row=wide_header[0] + 1,
            found_th=natural_list([str(n) for n in found], "th"),
            found_en=natural_list([str(n) for n in found], "en"),
            count=catalog.indicator_count,
        )
        return None
    tools_row = _tools_without_indicators(sheet.rows, catalog)
    if tools_row is not None:  # totals and tool scores only: say what is missing, not "no scores"
        problems.add(WARNING, "sheet_tools_only", file=file, sheet=sheet.name, row=tools_row + 1)
        return None
    if (seen := _table_without_indicators(sheet.rows)) is not None:  # a table, but none of its headings we know
        r, headings = seen
        shown = ", ".join(f'"{h}"' for h in headings[:SHOWN_HEADINGS])
        more = f" (+{len(headings) - SHOWN_HEADINGS})" if len(headings) > SHOWN_HEADINGS else ""
        problems.add(
            WARNING,
            "sheet_headings_unknown",
            file=file,
            sheet=sheet.name,
            row=r + 1,
            header_row=r + 1,
            headings=shown + more,
        )
        return None
    problems.add(INFO, "sheet_no_scores", file=file, sheet=sheet.name)
    return None


@dataclass(frozen=True)
class TableHeader:
    """A wide table's header as ``parse_sheet`` finds it: its row (0-based), the column of each indicator it names
    and of each of its other fields (agency, province, agency_id, …; the first of each)."""

    row: int
    indicators: dict[int, int]
    fields: dict[str, int]


def table_header(sheet: RawSheet, catalog: HeaderCatalog) -> TableHeader | None:
    """The header of the wide table ``sheet`` holds, or None when it holds none, or a long one, or one naming an
    indicator twice (a block per year)."""
    sheet = fill_merged(sheet, sheet.name, Problems())
    wide, long = _find_headers(sheet.rows, catalog)
    wide = _this_years_fields(sheet, _under_tools(sheet.rows, wide, catalog), catalog)
    if wide is None or long is not None:
        return None
    r, matches = wide
    named = [m.indicator for m in matches if m.field == "indicator_column" and m.indicator]
    if not named or len(named) != len(set(named)):
        return None
    fields: dict[str, int] = {}
    for c, m in enumerate(matches):
        if m.field and m.field != "indicator_column":
            fields.setdefault(m.field, c)
    indicators = {m.indicator: c for c, m in enumerate(matches) if m.field == "indicator_column" and m.indicator}
    return TableHeader(r, indicators, fields)


def _measures_header(rows: list[list[Any]], catalog: HeaderCatalog) -> int | None:
    """The header row of a table of measures ('ตัวชี้วัด | มาตรการ | แนวทางการปฏิบัติ | ผู้รับผิดชอบ'), or None."""
    for r, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        heads = {compact(c) for c in row if isinstance(c, str)}
        if heads & catalog.measure_heads and heads & catalog.measure_beside:
            return r
    return None


SHOWN_HEADINGS = 6  # the headings a message quotes of a table it could not read
MIN_TABLE_HEADINGS, MIN_TABLE_NUMBERS = 4, 3  # a row of this many headings over a row of this many numbers: a table


def _table_without_indicators(rows: list[list[Any]]) -> tuple[int, list[str]] | None:
    """The first row that heads a table of numbers (``MIN_TABLE_HEADINGS`` texts over a row with
    ``MIN_TABLE_NUMBERS`` numbers), and its headings, in a sheet where no indicator was found: said with the
    headings, so the user sees what was read ('Duty', 'Budget', …), not only that nothing was."""
    for r, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        headings = [display(c) for c in row if isinstance(c, str) and c.strip()]
        below = rows[r + 1] if r + 1 < len(rows) else []
        numbers = sum(1 for c in below if isinstance(c, (int, float)) and not isinstance(c, bool))
        if len(headings) >= MIN_TABLE_HEADINGS and numbers >= MIN_TABLE_NUMBERS:
            return r, headings
    return None


# A survey question's column, as ITAS exports the answers per question: 'i1' … 'i30' (IIT), 'e1' … 'e15' (EIT),
# 'o1' … 'o43' (OIT). 'i1' … 'i10' alone are the ten indicators; a question beyond them, or an e or o one, is not.
_QUESTION = re.compile(r"^\s*([ieo])[\s_.-]*(\d{1,2})\s*$", re.IGNORECASE)
MIN_QUESTION_COLUMNS = 3  # this many question columns beside the indicators make a table of questions


def _question_table(sheet: RawSheet, header: _Header, catalog: HeaderCatalog, file: str, problems: Problems) -> bool:
    """Whether a header is a table of survey questions ('i1' … 'i30', 'e1' …, 'o1' …): its 'i1' … 'i10' are
    questions, not indicators, and a total made of them would be invented. Refused with the reason."""
    r, matches = header
    if _named_indicators(sheet, header, catalog):  # the ten named beside them: an ITAS detail export, read
        return False
    questions = [
        display(cell)
        for cell in sheet.rows[r]
        if isinstance(cell, str)
        and (m := _QUESTION.match(cell))
        and (m.group(1).lower() != "i" or int(m.group(2)) > catalog.indicator_count)
    ]
    if len(questions) < MIN_QUESTION_COLUMNS:
        return False
    shown = ", ".join(questions[:4]) + (f" (+{len(questions) - 4})" if len(questions) > 4 else "")
    problems.add(ERROR, "question_columns", file=file, sheet=sheet.name, row=r + 1, examples=shown)
    return True


def _beside_the_questions(
    sheet: RawSheet, header: _Header | None, catalog: HeaderCatalog, file: str, problems: Problems
) -> _Header | None:
    """An ITAS detail export: columns of the survey's questions ('i1' … 'i30', 'o1' … 'o43') and, beside them, the
    ten indicators headed by their names ('ตัวชี้วัดที่ 1' …). The indicators are read from the named columns, the
    question columns kept unused, with a note; the whole table had been refused as a table of questions."""
    if header is None:
        return header
    r, matches = header
    coded = _question_coded(sheet, r)
    if len(coded) < MIN_QUESTION_COLUMNS or not _named_indicators(sheet, header, catalog):
        return header
    shown = [display(sheet.rows[r][c]) for c in coded]
    examples = ", ".join(shown[:4]) + (f" (+{len(shown) - 4})" if len(shown) > 4 else "")
    problems.add(INFO, "question_columns_unused", file=file, sheet=sheet.name, row=r + 1, examples=examples)
    return r, [UNKNOWN if c in coded else m for c, m in enumerate(matches)]


def _question_coded(sheet: RawSheet, r: int) -> list[int]:
    """The columns of row ``r`` headed by a survey question's code ('i1', 'e12', 'o43')."""
    return [c for c, cell in enumerate(sheet.rows[r]) if isinstance(cell, str) and _QUESTION.match(cell)]


def _named_indicators(sheet: RawSheet, header: _Header, catalog: HeaderCatalog) -> bool:
    """Whether the header names every indicator by a heading that is no question's code ('ตัวชี้วัดที่ 1')."""
    r, matches = header
    coded = set(_question_coded(sheet, r))
    named = {m.indicator for c, m in enumerate(matches) if m.field == "indicator_column" and c not in coded}
    return named == set(range(1, catalog.indicator_count + 1))


def _tools_without_indicators(rows: list[list[Any]], catalog: HeaderCatalog) -> int | None:
    """The header row of a table of tool scores or totals without the indicators ('หน่วยงาน | IIT | EIT | OIT |
    คะแนนรวม'), or None."""
    for r, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        fields = [catalog.classify(cell).field for cell in row if isinstance(cell, str)]
        if "agency" in fields and fields.count("tool") + ("total" in fields) >= 2:
            return r
    return None


def _say_misnumbered(sheet: RawSheet, header: _Header, catalog: HeaderCatalog, file: str, problems: Problems) -> None:
    """A warning at each indicator heading whose number and name disagree: it is read by its name."""
    r, matches = header
    for c, m in enumerate(matches):
        cell = cell_at(sheet.rows[r], c)
        typed = catalog.misnumbered(cell) if m.field == "indicator_column" else None
        if typed is not None:
            problems.add(
                WARNING,
                "misnumbered_indicator",
                file=file,
                sheet=sheet.name,
                row=r + 1,
                column=column_letter(c),
                label=display(cell),
                typed=typed,
                named=m.indicator,
            )


def _group_table(sheet: RawSheet, header: tuple[int, list[HeaderMatch]], file: str, problems: Problems) -> bool:
    """A table whose rows count agencies ('จำนวน อปท. (แห่ง)' beside the indicators) gives each group's average
    (a province's local governments), not an agency's result: refused, saying so, never loaded as the province's."""
    header_r, matches = header
    counted = next((c for c, m in enumerate(matches) if m.field == "agency_count"), None)
    if counted is None:
        return False
    heading = display(cell_at(sheet.rows[header_r], counted))
    column = column_letter(counted)
    problems.add(ERROR, "group_table", file=file, sheet=sheet.name, row=header_r + 1, column=column, field=heading)
    return True


def _summary_sheet(sheet: RawSheet, header: _Header, catalog: HeaderCatalog, file: str, problems: Problems) -> bool:
    """A sheet without agency names that its name or its title calls a summary ('สรุป', 'สรุปคะแนนเฉลี่ยรายปี' over
    a row per year): the other sheets' averages, not results. Skipped with a note, not refused as a table that lost
    its name column."""
    header_r, matches = header
    if any(m.field in ("agency", "province") for m in matches):
        return False
    titles = [sheet.name, *(display(c) for row in sheet.rows[:header_r] for c in row if isinstance(c, str))]
    if not any(catalog.is_summary_label(t) for t in titles if t.strip()):
        return False
    firsts = [display(row[0]) for row in sheet.rows[header_r + 1 :] if row and not is_blank(row[0])]
    if not all(is_year_label(f) or catalog.is_summary_label(f) for f in firsts):
        return False  # rows named otherwise may be agencies whose column lost its heading: that is said
    problems.add(INFO, "summary_sheet", file=file, sheet=sheet.name, row=header_r + 1)
    return True


def fill_merged(sheet: RawSheet, file: str, problems: Problems) -> RawSheet:
    """The sheet as a person reads it: every cell of a merged range holds its top-left cell's value.

    calamine gives the value in the top-left cell only, so a header merged over two rows ('ชื่อหน่วยงาน'
    over A1:A2 beside a second header row of indicators) or a province merged down a group of agencies
    would read as blanks. Only cells within the sheet's rows and columns are filled (a merged range
    cannot make the sheet larger), and at most as many as the sheet has (Excel never overlaps merged
    ranges; a crafted file that does cannot make this quadratic). A row with nothing of its own stays blank: every
    row of a printed table merged over two rows is one row, not an agency and its copy. One info per sheet names the
    ranges.
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
            if r not in copied:  # the sheet's own rows stay as read
                rows[r] = list(rows[r])
                copied.add(r)
            rows[r].extend([""] * (c1 + 1 - len(rows[r])))
            rows[r][c0 : c1 + 1] = [value] * (c1 - c0 + 1)
        filled.append(f"{column_letter(c0)}{r0 + 1}:{column_letter(c1)}{r1 + 1}")
    if rows is None:
        return sheet
    for r in copied:  # a row with nothing of its own is the lower half of tall rows merged down: no row of its own
        if all(is_blank(cell) for cell in sheet.rows[r]):
            rows[r] = list(sheet.rows[r])
    shown = ", ".join(filled[:10]) + (f", … (+{len(filled) - 10})" if len(filled) > 10 else "")
    problems.add(INFO, "merged_cells_filled", file=file, sheet=sheet.name, ranges=shown)
    return replace(sheet, rows=rows)


_Header = tuple[int, list[HeaderMatch]]  # 0-based row of a header, and what each of its cells names


def _indicators(header: _Header | None) -> list[int]:
    """The indicator numbers a header row names, in order."""
    if header is None:
        return []
    return sorted({m.indicator for m in header[1] if m.field == "indicator_column" and m.indicator})


def _find_headers(rows: list[list[Any]], catalog: HeaderCatalog) -> tuple[_Header | None, _Header | None]:
    """The header rows among the first ``HEADER_SCAN_ROWS``. Wide: the row naming the most indicator columns
    (the first of equals; a table when it names at least ``MIN_WIDE_INDICATORS``). Long: the first row with an
    indicator column beside a score or total column."""
    wide: _Header | None = None
    wide_count = 0
    long: _Header | None = None
    for r in range(min(HEADER_SCAN_ROWS, len(rows))):
        matches = _row_matches(rows, r, catalog)
        count = len({m.indicator for m in matches if m.field == "indicator_column"})
        if count > wide_count:
            wide, wide_count = (r, matches), count
        if long is None and _is_long_header(matches := _indicators_by_values(rows, r, matches, catalog)):
            long = (r, matches)
    return wide, long


def _row_matches(rows: list[list[Any]], r: int, catalog: HeaderCatalog) -> list[HeaderMatch]:
    """What each cell of row ``r`` names as a heading."""
    row, numbered = rows[r], _numbers_name_indicators(rows, r, catalog)
    matches = [
        catalog.classify(cell) if isinstance(cell, str) else _classify_number(cell, catalog) if numbered else UNKNOWN
        for cell in row
    ]
    return catalog.lacking_by_word(row, catalog.tools_as_indicators(row, matches))


def _split_header(
    sheet: RawSheet, catalog: HeaderCatalog, file: str, problems: Problems, more_than: int
) -> RawSheet | None:
    """The sheet with a header split over rows joined (``split_header``), said with a note, when the joined rows
    name at least ``more_than`` indicators (and a table's least); None if it has no such header."""

    def count(rows: list[list[Any]], r: int) -> int:
        return len({m.indicator for m in _row_matches(rows, r, catalog) if m.field == "indicator_column"})

    found = join_split_header(sheet, HEADER_SCAN_ROWS, count, max(more_than, MIN_WIDE_INDICATORS))
    if found is None:
        return None
    joined, first, last, example = found
    problems.add(
        INFO, "header_split_joined", file=file, sheet=sheet.name, row=first, first=first, last=last, example=example
    )
    return joined


LONG_LABELS_BELOW = 12  # cells under a long table's header looked at for indicators' labels
LONG_LABELS_MIN = 3  # ... of which this many name an indicator for the column to be the indicators'


def _indicators_by_values(
    rows: list[list[Any]], r: int, matches: list[HeaderMatch], catalog: HeaderCatalog
) -> list[HeaderMatch]:
    """A long table's header whose indicator column is headed by a word that means something else or nothing
    ('Year | AgencyName | Code | Score' over 'I1', 'I2' …): beside a score column, the first column whose cells
    below name indicators is the indicators' column, whatever its heading."""
    fields = _fields(matches)
    if "indicator" in fields or not fields & {"score", "total"}:
        return matches
    if any(_a_score(cell) for cell in rows[r]):  # 'คะแนนรวม | 71.96': a block's total line holds its score, no header
        return matches
    below = rows[r + 1 : r + 1 + LONG_LABELS_BELOW]
    for c, m in enumerate(matches):
        if m.field in ("score", "total", "year") or "score" in m.also:
            continue
        labels = [cell_at(row, c) for row in below]
        named = sum(isinstance(cell, str) and catalog.indicator_number(cell) is not None for cell in labels)
        if named >= LONG_LABELS_MIN:
            return [HeaderMatch("indicator") if k == c else other for k, other in enumerate(matches)]
    return matches


def _a_score(cell: Any) -> bool:
    """A number in a row: a score (a year, 2566 or 2023, may head a column)."""
    return isinstance(cell, (int, float)) and not isinstance(cell, bool) and not 1900 <= cell <= 2700


def _under_tools(rows: list[list[Any]], header: _Header | None, catalog: HeaderCatalog) -> _Header | None:
    """A wide header read with the row above it where that row names a tool over some columns ('IIT' merged over
    'คะแนน | ระดับ'): the score under a tool is that tool's, not the table's total (``HeaderCatalog.under_tool``)."""
    if header is None or header[0] == 0:
        return header
    r, matches = header
    above, row = rows[r - 1], rows[r]
    if len({display(cell) for cell in above if not is_blank(cell)}) < 2:
        return header  # one title over the whole row (merged, or one cell): no tool over some columns
    return r, [catalog.under_tool(cell_at(above, c), cell_at(row, c), m) for c, m in enumerate(matches)]


def _fields_above(rows: list[list[Any]], header: _Header | None, catalog: HeaderCatalog) -> _Header | None:
    """A wide header of numbers ('1' … '10') under a row that names the other columns and writes 'ตัวชี้วัดที่' once
    over them, not merged ('หน่วยงาน | ตัวชี้วัดที่ | … | รวม'): a blank cell of the header takes the field its cell
    above names. The agency column was lost, and the word over the numbers read as every row's agency."""
    if header is None or header[0] == 0:
        return header
    r, matches = header
    if any(m.field == "agency" for m in matches):
        return header
    above = [catalog.classify(cell) if isinstance(cell, str) else UNKNOWN for cell in rows[r - 1]]
    if not any(m.field == "agency" for m in above):
        return header
    filled = [*matches, *[UNKNOWN] * (len(above) - len(matches))]
    for c, named in enumerate(above):
        if named.field not in ("", "indicator_column") and not filled[c].field and is_blank(cell_at(rows[r], c)):
            filled[c] = named
    return r, filled


def _this_years_fields(sheet: RawSheet, header: _Header | None, catalog: HeaderCatalog) -> _Header | None:
    """``year_fields`` with the year the sheet's name, or else a title above the header, or else the total's or
    grade's own heading names."""
    if header is None:
        return None
    own = years_in_name(sheet.name)
    year = own[0][0] if len(own) == 1 else (found[0] if (found := title_year(sheet.rows[: header[0]])) else None)
    if year is None:  # the table's own total or grade heading may name it ('คะแนน ITA ปี 2567')
        year = headed_year(sheet.rows[header[0]], header[1], catalog)
    return header if year is None else (header[0], year_fields(sheet.rows[header[0]], header[1], year, catalog))


def _fields(matches: list[HeaderMatch]) -> set[str]:
    """Every field a header's cells may mean (``HeaderMatch.also`` too: 'คะแนน' is a total or a score)."""
    return {m.field for m in matches} | {f for m in matches for f in m.also}


def _is_long_header(matches: list[HeaderMatch]) -> bool:
    fields = _fields(matches)
    return "indicator" in fields and bool(fields & {"score", "total"})


MIN_BARE_NUMBERS = 3  # distinct bare numbers a row needs to be read as indicators' numbers
NUMBERED_SCORES_BELOW = 5  # rows under a header of bare numbers looked at for a score


def _numbers_name_indicators(rows: list[list[Any]], r: int, catalog: HeaderCatalog) -> bool:
    """Whether row ``r``'s numbers may be indicators' numbers ('1' … '10' over the scores): every number of the row
    a whole one from 1 to the indicators' count (a row with 60 or 92.10 in it is a row of data: 'มุกดาหาร | 60 | 5'),
    with a score under one of them in the rows below (a rank line '1 2 4 3' under a table heads nothing)."""
    numbers = [c for c, cell in enumerate(rows[r]) if isinstance(cell, (int, float)) and not isinstance(cell, bool)]
    if len({rows[r][c] for c in numbers}) < MIN_BARE_NUMBERS:  # '1 | ผลคะแนน | 2': a table of contents' line
        return False
    if any(not _classify_number(rows[r][c], catalog).field for c in numbers):
        return False
    below = rows[r + 1 : r + 1 + NUMBERED_SCORES_BELOW]
    return any(isinstance(cell_at(row, c), (int, float)) for row in below for c in numbers)


def _classify_number(cell: Any, catalog: HeaderCatalog) -> HeaderMatch:
    # A header typed as the bare number 1..10 arrives as a float.
    if isinstance(cell, (int, float)) and float(cell).is_integer() and 1 <= cell <= catalog.indicator_count:
        return HeaderMatch("indicator_column", indicator=int(cell))
    return UNKNOWN
