"""A total or grade column headed with a year ('คะแนน ITA ปี 2565'): the table's own when its year is the table's."""

from __future__ import annotations

import re
from typing import Any

from ita.io.headers import HeaderCatalog, HeaderMatch
from ita.io.layouts.parsed import cell_at
from ita.io.values import years_in_text

# The year a header names ('คะแนน ITA ปี 2565', 'ระดับ พ.ศ. ๒๕๖๕'), with the words that lead to it.
_HEADER_YEAR = re.compile(r"(?:ปีงบประมาณ|ปีงบ|ปี|พ\.?\s*ศ\.?|fy)?\s*[(\[]?\s*[\d๐-๙]{4}\s*[)\]]?", re.IGNORECASE)


def headed_year(header: list[Any], matches: list[HeaderMatch], catalog: HeaderCatalog) -> int | None:
    """The one year the unclaimed total or grade columns' headers name ('คะแนน ITA ปี 2567' | 'ผลการประเมินปี 2567'),
    for a table whose sheet and titles name none; None when they name none or several."""
    if any(m.field in ("total", "grade") for m in matches):
        return None  # a total without a year beside one with a year: that one is another year's
    found = set()
    for c, m in enumerate(matches):
        cell = cell_at(header, c)
        if m.field or not isinstance(cell, str) or len(years := years_in_text(cell)) != 1:
            continue
        if catalog.classify(_HEADER_YEAR.sub(" ", cell)).field in ("total", "grade", "score"):
            found.add(years[0][0])
    return found.pop() if len(found) == 1 else None


def year_fields(header: list[Any], matches: list[HeaderMatch], year: int, catalog: HeaderCatalog) -> list[HeaderMatch]:
    """``matches`` with a total or grade column whose header names ``year`` (the table's) read as the table's own; a
    column of another year (last year's total beside this year's scores) stays unused. Only columns no field claimed
    are looked at, and none when the indicators' headers carry years too ('ตัวชี้วัดที่ 1 ปี 2565': which total goes
    with which is unsure)."""
    indicators = [cell_at(header, c) for c, m in enumerate(matches) if m.field == "indicator_column"]
    if any(isinstance(cell, str) and years_in_text(cell) for cell in indicators):
        return matches
    out = list(matches)
    for c, m in enumerate(matches):
        cell = cell_at(header, c)
        if m.field or not isinstance(cell, str) or [y for y, _ in years_in_text(cell)] != [year]:
            continue
        bare = catalog.classify(_HEADER_YEAR.sub(" ", cell))
        if bare.field in ("total", "grade", "score"):
            out[c] = bare
    return out
