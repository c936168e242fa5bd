"""A year a person reads at the table itself when the sheet's name and the titles above it name none: in the
headings of the columns its records came from ('คะแนน ITA ปี 2567', 'ชื่อหน่วยงาน (ปีงบประมาณ 2567)'), or in a note
under it that names the results ('ที่มา: ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2567 …': a line holding one of the
words of headers.toml ``[covers] title``). A note's date is no year ('ข้อมูล ณ 30 กันยายน 2567'), and a heading or
note naming two years names none. Read only for a sheet whose records want a year (``ita.io.settle``)."""

from __future__ import annotations

from typing import Any

from ita.common.thai import compact
from ita.io.headers import HeaderCatalog
from ita.io.layouts.parsed import ParsedSheet
from ita.io.values import display, is_blank, years_in_title

Year = tuple[int, int | None]
NOTE_ROWS = 10  # lines under a table read for a note naming the results' year
_HEADED_FIELDS = ("agency", "total", "grade", "reported_total", "reported_grade", *(f"i{k}" for k in range(1, 11)))


def header_year(parsed: ParsedSheet) -> Year | None:
    """The one year the headings of the records' name, total, grade and indicator columns write, or None."""
    if parsed.frame.empty:
        return None
    heads = {parsed.locate(0, name)[2] for name in _HEADED_FIELDS}
    found: dict[int, Year] = {}
    for head in heads:
        for year in years_in_title(head) if head else []:  # a date is no year ('ข้อมูล ณ วันที่ 5 มกราคม 2568')
            found.setdefault(year[0], year)
    return next(iter(found.values())) if len(found) == 1 else None


def note_year(rows: list[list[Any]], parsed: ParsedSheet, catalog: HeaderCatalog) -> Year | None:
    """The one year the notes under the records' last row name (lines naming the results), or None."""
    if parsed.frame.empty or "source_row" not in parsed.frame:
        return None
    below = [row for row in rows[int(parsed.frame["source_row"].max()) :] if any(not is_blank(c) for c in row)]
    found: dict[int, Year] = {}
    for row in below[:NOTE_ROWS]:
        text = " ".join(display(cell, limit=1000) for cell in row if not is_blank(cell))
        key = compact(text)
        if any(word in key for word in catalog.cover_title_words):
            for year in years_in_title(text):
                found.setdefault(year[0], year)
    return next(iter(found.values())) if len(found) == 1 else None
