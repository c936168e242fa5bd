"""A workbook's cover: the sheets without a table before a sheet of results, whose titles may name what that
sheet leaves out. The year ('ประจำปีงบประมาณ พ.ศ. ๒๕๖๗') is read only for a sheet refused for want of one (its
rules depend on it, so said as a warning); the province ('จังหวัดสกลนคร', one of the 77, on a line titling the results
or alone) for a table without that column (said as a note, as a title's place is). No district: a cover's address
names one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from ita.common.problems import INFO, WARNING, Problems
from ita.common.thai import compact
from ita.io.headers import HeaderCatalog
from ita.io.layouts.blocks import is_place_label
from ita.io.layouts.parsed import title_place, title_year
from ita.io.reading import read_sheet
from ita.io.values import is_blank
from ita.rules.provinces import provinces

COVER_ROWS = 15  # rows of a sheet without a table looked at for what its title names (a cover)


Outcome = tuple[Problems, "tuple[Any, pd.DataFrame] | None"]


class Covers:
    """The first rows of each sheet without a table, read when first asked for (most files never ask)."""

    def __init__(self, jobs: list[Any], outcomes: list[Outcome]) -> None:
        self._jobs, self._outcomes = jobs, outcomes
        self._rows: dict[int, list[list[Any]]] = {}

    def before(self, k: int) -> list[tuple[str, list[list[Any]]]]:
        """(name, first rows) of each sheet before sheet ``k`` that held no table."""
        out = []
        for j in range(k):
            if self._outcomes[j][1] is not None:
                continue
            if j not in self._rows:
                job = self._jobs[j]
                sheet = read_sheet(job.book, job.sheet, Problems(), job.limits)
                self._rows[j] = sheet.rows[:COVER_ROWS] if sheet is not None else []
            out.append((self._jobs[j].sheet, self._rows[j]))
        return out


def with_cover_year(jobs: list[Any], outcomes: list[Outcome], process: Callable[[int, int], Outcome]) -> list[Outcome]:
    """The sheets refused for want of a year read again (``process(k, year)``) with the one year the covers before
    them name, said with a warning; the outcomes as they are when no sheet wants a year or the covers name none,
    or several. Only a refused file pays for the second look."""
    wanting = [k for k, (problems, _) in enumerate(outcomes) if any(p.code == "no_year" for p in problems)]
    if not wanting:
        return outcomes
    years = set()
    for name, rows in Covers(jobs, outcomes).before(wanting[0]):  # covers come first
        if found := title_year(rows):
            years.add((found[0], name))
    if len({y for y, _ in years}) != 1:
        return outcomes
    (cover_year, cover), *_ = sorted(years)
    out = list(outcomes)
    for k in wanting:
        found_problems, outcome = process(k, cover_year)
        problems = Problems()  # the cover's warning says where the year came from, not "the year you gave"
        problems.extend([p for p in found_problems if p.code != "year_from"])
        if outcome is not None:
            outcome[0].year_source = "cover"
        problems.add(
            WARNING, "year_from_cover", file=jobs[k].book.name, sheet=jobs[k].sheet, year=cover_year, cover=cover
        )
        out[k] = (problems, outcome)
    return out


def _title_lines(rows: list[list[Any]], catalog: HeaderCatalog) -> list[list[Any]]:
    """A cover's title block (from a line titling the results down to a blank line: headers.toml ``[covers]``) and
    the lines that name a province alone; not its other lines (who compiled it, an office's address)."""
    out, in_title = [], False
    for row in rows:
        words = " ".join(str(cell).strip() for cell in row if isinstance(cell, str) and cell.strip())
        key = compact(words)
        if not key or key.startswith(catalog.cover_other_lines):
            in_title = False
            continue
        in_title = in_title or any(word in key for word in catalog.cover_title_words)
        if in_title or is_place_label(words):
            out.append(row)
    return out


def add_cover_places(jobs: list[Any], outcomes: list[Outcome]) -> None:
    """A table with no province of its own takes the one province (of the 77) its covers' title lines name, in
    place, with a note. A district is not taken from a cover (an address names one)."""
    covers = Covers(jobs, outcomes)
    kind = "province"
    for k, (problems, outcome) in enumerate(outcomes):
        if outcome is None or k == 0:
            continue
        frame = outcome[1]
        if kind in frame and not frame[kind].map(is_blank).all():
            continue
        found = {
            (place, name)
            for name, rows in covers.before(k)
            if (place := title_place(_title_lines(rows, jobs[k].catalog), "", kind))
            and provinces().find(place) == place
        }
        if len({place for place, _ in found}) == 1:
            (place, cover), *_ = sorted(found)
            frame[kind] = place
            problems.add(
                INFO, "province_from_cover", file=jobs[k].book.name, sheet=jobs[k].sheet, cover=cover, province=place
            )


_HIDDEN_CODES = frozenset({"hidden_sheet", "very_hidden_sheet"})


def without_hidden_sources(jobs: list[Any], outcomes: list[Outcome]) -> list[Outcome]:
    """A hidden sheet refused only for want of a year, in a workbook whose visible sheets were read: the data those
    draw on (a lookup sheet behind their VLOOKUPs), not results of a year of its own. It is left out with a warning
    (its "choose the year" error, for a sheet the user never sees, made the whole file fail; choosing one read it
    again as copies of the visible rows)."""
    read = any(outcome is not None and not outcome[1]["has_error"].all() for _, outcome in outcomes)
    out = list(outcomes)
    for k, (problems, outcome) in enumerate(outcomes):
        codes = {p.code for p in problems}
        errors = {p.code for p in problems if p.severity == "error"}
        if not read or outcome is None or not codes & _HIDDEN_CODES or errors != {"no_year"}:
            continue
        kept = Problems()
        kept.extend([p for p in problems if p.code not in _HIDDEN_CODES and p.severity == INFO])
        kept.add(WARNING, "hidden_source_sheet", file=jobs[k].book.name, sheet=jobs[k].sheet)
        out[k] = (kept, None)
    return out
