"""The rows right under a wide table's header that are part of it, not records: the columns' units or weights
('(6%)', 'ร้อยละ'), their numbers ('1 2 3 …'), their names again (in another language too: a Thai header with its
English line), what each column holds ('คะแนน | ระดับ'), the tools
over their indicators, or a note merged across the table ('หมายเหตุ: ข้อมูลจาก ITAS …'). Each is said with an info."""

from __future__ import annotations

import re
from typing import Any

from ita.common.problems import INFO, Problems
from ita.common.thai import THAI_DIGITS, compact
from ita.io.headers import HeaderCatalog, is_year_label
from ita.io.layouts.blocks import is_place_label
from ita.io.layouts.parsed import cell_at
from ita.io.values import display, is_blank, parse_number

UNITS_ROWS = 2  # rows right under a header looked at for the columns' units or weights
# A unit or weight as written under a header: '(6%)', '(100)', '[20]', '6%' (a weight: at most 40), 'ร้อยละ', 'น้ำหนัก
# 6', 'คะแนนเต็ม 100'; never a bare number (a score typed as text).
_UNIT = re.compile(
    r"^\s*(?:[(\[]\s*[\d๐-๙.,]+\s*%?\s*[)\]]|(?P<weight>[\d๐-๙]{1,2})\s*%|[(\[]?\s*(?:ร้อยละ|น้ำหนัก|เต็ม|คะแนนเต็ม)[^)\]]*[)\]]?)\s*$"
)
MAX_WEIGHT = 40  # percent: the largest weight of an indicator or tool (OIT)


def _is_unit(cell: Any) -> bool:
    found = _UNIT.match(cell) if isinstance(cell, str) else None
    weight = found.group("weight") if found else None
    return found is not None and (weight is None or int(weight.translate(THAI_DIGITS)) <= MAX_WEIGHT)


_COLUMN_NUMBER = re.compile(r"^\(?\s*([\d๐-๙]{1,3})\s*\)?$")


def _numbering_row(row: list[Any]) -> bool:
    """A row of the columns' numbers: at least three cells, each a whole number (or one in brackets) one more than
    the cell a column to its left, every cell of the row so; no row of an agency's scores is."""
    numbers = []
    for c, cell in enumerate(row):
        if is_blank(cell):
            continue
        text = f"{cell:g}" if isinstance(cell, (int, float)) and not isinstance(cell, bool) else str(cell).strip()
        found = _COLUMN_NUMBER.match(text)
        if found is None:
            return False
        numbers.append(int(found.group(1).translate(THAI_DIGITS)) - c)
    return len(numbers) >= 3 and len(set(numbers)) == 1


def without_units_rows(
    body: list[list[Any]],
    colmap: dict[str, int],
    table: tuple[str, str, list[Any], int, Problems],
    catalog: HeaderCatalog,
) -> list[list[Any]]:
    """The rows under the header (``table``: file, sheet, header row, problems) without a row of the columns' units
    or weights ('(6%)', '(100)', 'ร้อยละ') or of their names again (a second header line: the indicators' numbers,
    then their names): a row with no agency name whose every indicator cell is such a word, written as text, is part
    of the header (an info says so), not a row of scores without a name."""
    file, sheet, header, header_r, problems = table
    indicators = {int(key[1:]): c for key, c in colmap.items() if key[:1] == "i" and key[1:].isdigit()}
    name = colmap.get("agency")
    out = body
    for k, row in enumerate(body[:UNITS_ROWS]):
        if _numbering_row(row):  # '1 2 3 …' or '(1) (2) (3) …': the columns numbered under their headings
            out = [*out[:k], [], *out[k + 1 :]]
            problems.add(INFO, "numbering_row", file=file, sheet=sheet, row=header_r + 2 + k, example=display(row[0]))
            continue
        cells = {n: row[c] for n, c in indicators.items() if c < len(row) and not is_blank(row[c])}
        if len(cells) >= max(1, len(indicators) // 2) and all(
            compact(x) in catalog.filter_words for x in cells.values()
        ):
            out = [*out[:k], [], *out[k + 1 :]]  # 'ทั้งหมด' under every column: a sheet's filters, not scores
            problems.add(
                INFO, "filter_row", file=file, sheet=sheet, row=header_r + 2 + k, example=display(cells[min(cells)])
            )
            continue
        if _note_line(row, len(indicators)):  # 'หมายเหตุ: ข้อมูลจาก ITAS …' merged across the table
            out = [*out[:k], [], *out[k + 1 :]]
            problems.add(INFO, "note_row", file=file, sheet=sheet, row=header_r + 2 + k, example=display(row[0]))
            continue
        # A name cell merged down from the header ('ชื่อหน่วยงาน' over two rows), or the heading again in another
        # language (a header in Thai, then in English: 'Agency'), names no agency.
        named = (
            name is not None
            and name < len(row)
            and not is_blank(row[name])
            and row[name] != cell_at(header, name)
            and catalog.classify(row[name]).field != "agency"
        )
        heading = all(
            _is_unit(x) or (isinstance(x, str) and catalog.indicator_number(x) == n) or _score_word(x, catalog)
            for n, x in cells.items()
        )
        # The tools over their indicators, in the row under them ('IIT (30%)' over 1–5): as sparse as it is a header.
        tools = bool(cells) and all(isinstance(x, str) and catalog.classify(x).field == "tool" for x in cells.values())
        if not tools and (named or not heading or len(cells) < len(indicators) // 2):
            continue  # (a row of tool names is a header whatever its first cell says: 'เครื่องมือ')
        out = [*out[:k], [], *out[k + 1 :]]
        example = display(next(iter(cells.values())))
        problems.add(INFO, "units_row", file=file, sheet=sheet, row=header_r + 2 + k, example=example)
    return _without_level_rows(out, name, list(indicators.values()), table, catalog)


def _without_level_rows(
    body: list[list[Any]], name: int | None, columns: list[int], table: tuple, catalog: HeaderCatalog
) -> list[list[Any]]:
    """``body`` without the rows that give the agency above each indicator's level ('ไม่ผ่าน | ผ่าน …', 'B | AA …':
    headers.toml ``[level_rows]``): their name blank or the row above's (merged down), every indicator cell a level
    word. Each was a row of "not a number" errors, "scores but no agency name"; one note names them."""
    file, sheet, _, header_r, problems = table
    rows = []
    first = columns[0] if columns else 0
    for k in range(1, len(body)):
        row, above = body[k], body[k - 1]
        if not columns or not isinstance(cell_at(row, first), (str, type(None))):
            continue  # a score in the first indicator's cell: no row of levels (one test per row of a large sheet)
        cells = [row[c] for c in columns if c < len(row) and not is_blank(row[c])]
        if len(cells) < max(1, len(columns) // 2) or not all(
            isinstance(x, str) and compact(x) in catalog.level_words for x in cells
        ):
            continue
        own = cell_at(row, name) if name is not None else ""
        if is_blank(own) or own == cell_at(above, name if name is not None else 0):
            rows.append(k)
    if not rows:
        return body
    shown = ", ".join(str(header_r + 2 + k) for k in rows[:8]) + (", …" if len(rows) > 8 else "")
    problems.add(INFO, "level_rows", file=file, sheet=sheet, row=header_r + 2 + rows[0], rows=shown, count=len(rows))
    dropped = set(rows)
    return [[] if k in dropped else row for k, row in enumerate(body)]


def _score_word(cell: Any, catalog: HeaderCatalog) -> bool:
    """A word under an indicator's heading that says its column holds the score or the level ('คะแนน | ระดับ')."""
    if not isinstance(cell, str):
        return False
    found = catalog.classify(cell)
    return found.field in ("score", "total", "grade") or "score" in found.also


def _note_line(row: list[Any], indicators: int) -> bool:
    """A line of text merged across the table (read into each of its cells): the same words in every cell written,
    across at least half of the indicators' columns, and no number."""
    written = [cell for cell in row if not is_blank(cell)]
    return (
        len(written) >= max(2, indicators // 2)
        and all(isinstance(cell, str) and cell == written[0] for cell in written)
        and not isinstance(parse_number(written[0]), float)
        and not is_place_label(written[0])  # 'จังหวัดสกลนคร' over the first group: a heading (``places_of_rows``)
        and not is_year_label(written[0])  # 'ปี 65' over the first group: a heading too (``year_headings``)
    )
