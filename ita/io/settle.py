"""A parsed sheet's records settled, the same for every layout: the year of each record, its framework, the
checks of its indicator scores, its scores and grade (``ita.rules.scoring``), and the cross-checks against
what the file reported (``ita.io.crosscheck``). A record with an error is kept, unscored.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ita.common.problems import ERROR, INFO, WARNING, Problems
from ita.common.text import word
from ita.common.thai import arabic_digits, compact, natural_list
from ita.io import revisions
from ita.io.crosscheck import check_reported
from ita.io.headers import HeaderCatalog, file_words
from ita.io.layouts import ParsedSheet
from ita.io.layouts.parsed import META_FIELDS
from ita.io.remarks import corrected_scores
from ita.io.values import display, name_without_year, parse_numbers, parse_year_cell, years_in_name
from ita.rules.agency_types import agency_types
from ita.rules.frameworks import FrameworkSet
from ita.rules.scoring import score_frame


@dataclass
class _SheetCheck:
    """One sheet's records being settled: where to say a problem, and which records have an error so far."""

    parsed: ParsedSheet
    file: str
    sheet: str
    problems: Problems
    errors: np.ndarray

    def say(self, severity: str, code: str, i: int | None, field_name: str | None, **values: Any) -> None:
        """A problem at the cell record ``i``'s field came from (at the sheet when ``i`` is None)."""
        row, letter, head = self.parsed.locate(i, field_name or "") if i is not None else (None, None, None)
        self.problems.add(
            severity, code, file=self.file, sheet=self.sheet, row=row, column=letter, field=head, **values
        )

    def note(self, severity: str, code: str, **values: Any) -> None:
        """A problem of the whole sheet."""
        self.problems.add(severity, code, file=self.file, sheet=self.sheet, **values)


def settle_sheet(
    parsed: ParsedSheet,
    file: str,
    sheet: str,
    default_year: int | None,
    frameworks: FrameworkSet,
    catalog: HeaderCatalog,
    problems: Problems,
) -> tuple[pd.DataFrame, str | None]:
    """Years, frameworks, range checks, scores and cross-checks for one sheet's records: the records (with
    ``has_error``, ``source_file`` and ``source_sheet``) and where their years came from."""
    check = _SheetCheck(parsed, file, sheet, problems, parsed.errors.copy())
    years, year_source = _settle_years(check, default_year)
    frame = _fractions_read_as_percent(check, parsed.frame.assign(agency=_agency_names(check), year=years))
    frame = _points_read_as_scores(check, frame, years, frameworks)
    frame = _partial_corrections(check, frame)
    frame = _rows_in_parts(check, frame)
    frame = corrected_scores(frame, catalog, lambda code, i, key, **said: check.say(WARNING, code, i, key, **said))
    _check_indicators(check, frame, years, frameworks, catalog)
    _all_zero_rows(check, frame)
    _formula_like_names(check, frame)
    frame = _score(check, frame, frameworks, catalog)
    check_reported(frame, ~check.errors, parsed, check.say, frameworks, catalog)
    frame["has_error"] = check.errors
    frame["source_file"] = file
    frame["source_sheet"] = sheet
    return frame.drop(columns=["year_cell"], errors="ignore"), year_source


# A name a spreadsheet would run as a formula ('=HYPERLINK("http://…","x")', '+cmd|…', '@SUM(…)'): kept as text
# everywhere (ita.common.plaintext writes it so), but no agency is named so; said once a column, its first cells named.
_FORMULA_LIKE = re.compile(r"^\s*(?:[=+@]|-\s*[A-Za-z(])")
_FORMULA_IN = re.compile(_FORMULA_LIKE.pattern, re.MULTILINE)
SHOWN_FORMULA_CELLS = 5


def _formula_like_names(check: _SheetCheck, frame: pd.DataFrame) -> None:
    for name in (f for f in META_FIELDS if f in frame):
        values = frame[name].tolist()
        if not _FORMULA_IN.search("\n".join({v for v in values if type(v) is str})):  # one C-level search a column
            continue
        found = [i for i, v in enumerate(values) if isinstance(v, str) and _FORMULA_LIKE.match(v)]
        if not found:
            continue
        cells = [check.parsed.locate(i, name) for i in found[:SHOWN_FORMULA_CELLS]]
        shown = ", ".join(
            f'{letter or ""}{row or ""} "{display(values[i], limit=40)}"'
            for i, (row, letter, _) in zip(found, cells, strict=False)
        )
        check.say(WARNING, "name_like_formula", found[0], name, cells=shown, count=len(found))


MIN_ZERO_INDICATORS = 5  # indicators of a row, every one 0, for the row to be an agency not assessed


def _all_zero_rows(check: _SheetCheck, frame: pd.DataFrame) -> None:
    """A row whose every indicator is 0 is how a list shows an agency that was not assessed (one that took part
    scores above 0 somewhere): kept with the file's rows but not charted, said with a warning at its row. Graded,
    it was 0.00 ต้องปรับปรุงโดยด่วน in every ranking, without a word."""
    keys = [k for k in frame.columns if k[:1] == "i" and k[1:].isdigit()]
    if len(keys) < MIN_ZERO_INDICATORS:
        return
    zero = (frame[keys].to_numpy(dtype=float) == 0).all(axis=1) & ~check.errors
    for i in np.flatnonzero(zero).tolist():
        check.say(WARNING, "row_all_zero", i, "agency", agency=display(frame["agency"].iat[i]))
        check.errors[i] = True


def _fractions_read_as_percent(check: _SheetCheck, frame: pd.DataFrame) -> pd.DataFrame:
    """Scores written as fractions of one: a cell formatted as a percentage shows 73.90% and holds 0.739 (an .ods
    percentage cell too), and the reader sees only 0.739. When every indicator score of the sheet is within 0-1
    and one is strictly between, the scores are read out of 100, as a person reads them, with the sheet's
    reported total and tool scores that are fractions too; a warning says so, with an example."""
    keys = [k for k in frame.columns if k[:1] == "i" and k[1:].isdigit()]
    values = frame[keys].to_numpy(dtype=float) if keys else np.empty(0)
    seen = values[~np.isnan(values)]
    if not seen.size or seen.min() < 0 or not ((seen > 0) & (seen < 1)).any():
        return frame
    if seen.max() > 1:
        return _rows_read_as_percent(check, _columns_read_as_percent(check, frame, keys), keys)
    frame = frame.copy()
    frame[keys] = np.round(values * 100, 9)
    for key in [k for k in frame.columns if k.startswith("reported_") and k != "reported_grade"]:
        numbers, _ = parse_numbers(frame[key].tolist())
        if np.nanmax(numbers, initial=0) <= 1:
            raw = frame[key].tolist()
            frame[key] = [raw[i] if np.isnan(n) else round(n * 100, 9) for i, n in enumerate(numbers)]
    example = float(seen[(seen > 0) & (seen < 1)][0])
    check.note(WARNING, "scores_as_fractions", example=f"{example:g}", scaled=f"{example * 100:.2f}")
    return frame


def _settle_years(check: _SheetCheck, default_year: int | None) -> tuple[np.ndarray, str | None]:
    """Each record's fiscal year (B.E.; NaN where none) and where the sheet's years came from.

    A year column wins; else one year found in the sheet name, a title row, the file name, the columns' headings
    or a note under the table (in that order), else the user's choice. A year written in C.E. or in two digits
    ("67") is converted and said once; a record left without a year is an error."""
    fallback, source = _fallback_year(check, default_year)
    n = len(check.parsed.frame)
    year_cells = check.parsed.frame["year_cell"].tolist() if "year_cell" in check.parsed.frame else [""] * n
    years, written_seen, column_years = _read_year_cells(check, year_cells, fallback)
    if fallback is not None and fallback[1]:
        written_seen[fallback[1]] = fallback[0]
    for written, be in written_seen.items():
        check.note(INFO, "short_year" if written < 100 else "ce_year", ce=written, be=be)
    year_source = "column" if column_years == n and n else source
    read = {int(y) for y in years[~np.isnan(years)]}
    if column_years and fallback is not None and source in ("sheet", "title") and fallback[0] not in read:
        # A year column left from another year's sheet: the rows keep their column's year, and the clash is said.
        shown = ", ".join(str(y) for y in sorted(read))
        check.note(WARNING, "year_column_differs", years=shown, year=fallback[0], source=word(f"year_source_{source}"))
    if n and column_years < n and fallback is not None and source:
        check.note(INFO, "year_from", year=fallback[0], source=word(f"year_source_{source}"))
    missing_year = np.isnan(years) & ~check.errors
    if missing_year.any():
        check.note(ERROR, "no_year")
        check.errors |= missing_year
    return years, year_source


def _fallback_year(check: _SheetCheck, default_year: int | None) -> tuple[tuple[int, int | None] | None, str | None]:
    """The year for records without a year cell, as (B.E., C.E. if written so), and its source: the one year
    in the sheet name, a title row, the file name, the columns' headings or a note under the table, else the
    user's choice."""
    title = [check.parsed.title_year] if check.parsed.title_year else []
    # A CSV's one sheet is named after the file: its year is the file name's.
    named_after_file = check.sheet == os.path.splitext(os.path.basename(check.file))[0]
    sheet = [] if named_after_file else years_in_name(check.sheet)
    if len(sheet) == 1 and title and title[0][0] != sheet[0][0]:  # a copied sheet keeps its old name
        check.note(WARNING, "year_sheet_and_title_differ", name=check.sheet, year=sheet[0][0], title_year=title[0][0])
    at_table = [(([year] if year else []), where) for year, where in ((check.parsed.header_year, "header"),
                                                                       (check.parsed.note_year, "note"))]  # fmt: skip
    for candidate, where in (
        (sheet, "sheet"),
        (title, "title"),
        (years_in_name(os.path.splitext(check.file)[0]), "file"),
        *at_table,  # after the file's name: a note may speak of another year ('เทียบกับผลการประเมิน ITA ปี 2566')
    ):
        if len(candidate) == 1:
            return candidate[0], where
    if default_year is not None:
        return (int(default_year), None), "user"
    return None, None


def _read_year_cells(
    check: _SheetCheck, year_cells: list[Any], fallback: tuple[int, int | None] | None
) -> tuple[np.ndarray, dict[int, int], int]:
    """Each record's year from its year cell (an unreadable one is an error), else the fallback; the years seen
    written otherwise than in B.E. (C.E. or two digits → B.E.) and how many records had a year cell. Each
    distinct cell is parsed once."""
    years = np.full(len(year_cells), np.nan)
    written_seen: dict[int, int] = {}
    column_years = 0
    cache: dict[Any, Any] = {}
    for i, cell in enumerate(year_cells):
        key = (type(cell), cell)
        found = cache[key] if key in cache else cache.setdefault(key, parse_year_cell(cell))
        if found == "bad_year":
            check.say(ERROR, "bad_year", i, "year", value=display(cell))
            check.errors[i] = True
        elif found is not None:
            years[i] = found[0]
            column_years += 1
            if found[1]:
                written_seen[found[1]] = found[0]
        elif fallback is not None:
            years[i] = fallback[0]
    return years, written_seen, column_years


def _agency_names(check: _SheetCheck) -> np.ndarray:
    """The agency of each record; on a single-agency or long sheet without one, the agency a title line names (with a
    note), else the sheet's name (or the file's, when the sheet is named by a year), with a warning."""
    agency = check.parsed.frame["agency"].astype(object).to_numpy(copy=True)  # written below: never a view
    blank_agency = np.array([not a for a in agency], dtype=bool)
    if not blank_agency.any() or check.parsed.layout == "wide":
        return agency
    if check.parsed.title_agency:
        agency[blank_agency] = check.parsed.title_agency  # a title line names it: 'ผลการประเมิน ITA ของเทศบาล…'
        check.note(INFO, "agency_from_title", agency=check.parsed.title_agency)
    else:
        sheet = check.sheet
        # A short sheet name with a year is a year's label ('ITA 2566'), unless the rest names an agency ('67_อบต.ไร่').
        named = not years_in_name(sheet) or len(sheet) > 12 or agency_types().from_name(name_without_year(sheet))
        name = sheet if named else os.path.splitext(check.file)[0]
        origin = "year_source_sheet" if name == sheet else "year_source_file"
        name = name_without_year(name)
        agency[blank_agency] = name
        if _names_a_file(name):  # 'ผลคะแนน_ITA', 'itas_export': no agency's name, and never stored as one
            check.note(ERROR, "agency_not_named", name=name, source=word(origin))
            check.errors[blank_agency] = True
            return agency
        cut = origin == "year_source_sheet" and len(sheet) >= SHEET_NAME_LIMIT  # Excel keeps 31 characters of a name
        check.note(WARNING, "agency_from_cut_name" if cut else "agency_from_name", agency=name, source=word(origin))
    return agency


_NAME_TOKENS = re.compile(r"[\s_\-.,()\[\]/\d]+|(?<=[ก-๙])(?=[A-Za-z])|(?<=[A-Za-z])(?=[ก-๙])")


def _names_a_file(name: str) -> bool:
    """Whether a sheet's or file's name says what the file holds ('ผลคะแนน_ITA', 'itas_export', 'Sheet1'), not whose
    results (headers.toml ``[file_words]``): one of its words whole, between separators ('Siriraj Hospital' holds
    'ita' in no word of its own), in a name whose start names no agency's type."""
    if agency_types().from_name(name) is not None:
        return False
    tokens = {compact(token) for token in _NAME_TOKENS.split(name)} - {""}
    return not tokens or bool(tokens & set(file_words()))


def _columns_read_as_percent(check: _SheetCheck, frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """An indicator column of fractions beside columns of scores out of 100 (OIT's two columns pasted from a sheet
    formatted as percentages: 0.8006 beside 83.65): no score out of 100 is below 1 but 0, so the column is read out
    of 100, with a warning at its first cell. One such cell alone (0.5 among scores out of 100) is no sign of a
    column's format and stays as written: it takes two, in one column or in two."""
    columns = {key: frame[key].to_numpy(dtype=float) for key in keys}
    fractions = {}
    for key, column in columns.items():
        seen = column[~np.isnan(column)]
        if seen.size and seen.min() >= 0 and seen.max() <= 1 and ((seen > 0) & (seen < 1)).any():
            fractions[key] = np.flatnonzero((column > 0) & (column < 1))
    if sum(len(cells) for cells in fractions.values()) < 2:
        return frame
    for key, cells in fractions.items():
        column, first = columns[key], int(cells[0])
        frame = frame.assign(**{key: np.round(column * 100, 9)})
        example = float(column[first])
        check.say(WARNING, "column_as_fractions", first, key, example=f"{example:g}", scaled=f"{example * 100:.2f}")
    return frame


POINTS_TOLERANCE = 0.05  # a row's indicator points and its total, each rounded by whoever wrote them
SHEET_NAME_LIMIT = 31  # characters: the longest sheet name Excel keeps (a longer one is cut when typed)
UNKNOWN_SHOWN = 10  # unrecognised headers named in a missing indicator's error, then "… (+N)"


def _points_read_as_scores(
    check: _SheetCheck, frame: pd.DataFrame, years: np.ndarray, frameworks: FrameworkSet
) -> pd.DataFrame:
    """Indicators written as the points they add to the total ('ตัวชี้วัดที่ 1 (6)': 5.51 of 6) instead of scores
    out of 100: when no score of a year's rows is above its indicator's weight and each row's points add up to
    its reported total, they are read as scores (points × 100 ÷ weight), with a warning. Without a reported
    total to add up to, low scores and points cannot be told apart, unless every indicator's heading gives its
    weight as its full marks ('ตัวชี้วัดที่ 1 (เต็ม 6)', '(6 คะแนน)'): else nothing is changed."""
    if "reported_total" in frame:
        totals, _ = parse_numbers(frame["reported_total"].tolist())
    else:
        totals = np.full(len(frame), np.nan)
    for year in {int(y) for y in years[~np.isnan(years)]}:
        framework, _ = frameworks.for_year(year)
        rows = np.flatnonzero(years == year)
        if framework is None or not all(ind.key in frame for ind in framework.indicators):
            continue
        keys = [ind.key for ind in framework.indicators]
        weights = np.array([ind.weight for ind in framework.indicators], dtype=float)
        values = frame.iloc[rows][keys].to_numpy(dtype=float)
        headed = _headings_give_weights(check, keys, weights)
        # Rows of zeros (an agency not assessed, and its total of 0) add up to anything: no evidence either way.
        complete = ~np.isnan(values).any(axis=1) & (headed | ~np.isnan(totals[rows])) & (values != 0).any(axis=1)
        with np.errstate(invalid="ignore"):
            above = (values > weights + 1e-9).any()  # any row's: a score out of 100 beside them is no points
        if not complete.any() or above:
            continue
        sums = np.abs(values[complete].sum(axis=1) - totals[rows][complete])
        if not headed and not (sums <= POINTS_TOLERANCE).all():
            continue
        frame = frame.copy()
        frame.loc[frame.index[rows], keys] = np.round(values * 100 / weights, 9)
        example = float(values[complete][0][0])
        scaled = f"{example * 100 / weights[0]:.2f}"
        code = "indicator_points_headed" if headed else "indicator_points"
        check.note(WARNING, code, example=f"{example:g}", weight=f"{weights[0]:g}", scaled=scaled)
    return frame


# A heading that gives an indicator's full marks: 'ตัวชี้วัดที่ 1 (เต็ม 6)', '(6 คะแนน)', 'full 6', '6 points'.
_FULL_MARKS = re.compile(r"(?:เต็ม|full)\s*([\d๐-๙]+(?:\.\d+)?)|\(\s*([\d๐-๙]+(?:\.\d+)?)\s*(?:คะแนน|points?)\s*\)")


def _headings_give_weights(check: _SheetCheck, keys: list[str], weights: np.ndarray) -> bool:
    """Whether every indicator's heading gives its weight as its full marks (the scores are that many points)."""
    for key, weight in zip(keys, weights, strict=True):
        heading = check.parsed.locate(0, key)[2] if len(check.parsed.frame) else None
        found = _FULL_MARKS.search(arabic_digits(heading or ""))
        if found is None or float(found.group(1) or found.group(2)) != weight:
            return False
    return True


def _rows_read_as_percent(check: _SheetCheck, frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """An agency's row of fractions among rows out of 100 (its row formatted as percentages: 0.875 shown as
    87.50%): every score of the row within 0-1 and at least two strictly between, which no row of real scores out
    of 100 is (a total under 1), is read out of 100 with its reported total and tools, and a warning at the row."""
    values = frame[keys].to_numpy(dtype=float)
    present = ~np.isnan(values)
    within = np.where(present, (values >= 0) & (values <= 1), True).all(axis=1)
    between = (present & (values > 0) & (values < 1)).sum(axis=1)
    rows = np.flatnonzero(within & (between >= 2) & present.any(axis=1))
    if not rows.size:
        return frame
    frame = frame.copy()
    reported = [k for k in frame.columns if k.startswith("reported_") and k != "reported_grade"]
    for i in rows:
        example = float(values[i][present[i] & (values[i] > 0) & (values[i] < 1)][0])
        frame.loc[frame.index[i], keys] = np.round(values[i] * 100, 9)
        for key in reported:
            number, _ = parse_numbers([frame[key].iat[i]])
            if not np.isnan(number[0]) and number[0] <= 1:
                frame.loc[frame.index[i], key] = round(float(number[0]) * 100, 9)
        check.say(WARNING, "row_as_fractions", int(i), keys[0], example=f"{example:g}", scaled=f"{example * 100:.2f}")
    return frame


def _partial_corrections(check: _SheetCheck, frame: pd.DataFrame) -> pd.DataFrame:
    """A row marked as a correction that gives only the scores it corrects takes the others from the row it corrects
    (``ita.io.revisions.partial_corrections``), with a warning at it; the two are then settled as any correction."""
    found = revisions.partial_corrections(frame)
    if not found:
        return frame
    frame = frame.copy()
    for i, source, blank in found:
        frame.loc[frame.index[i], blank] = frame.loc[frame.index[source], blank].to_numpy()
        numbers = [k[1:] for k in blank]
        check.say(
            WARNING,
            "correction_completed",
            i,
            None,
            agency=frame["agency"].iloc[i],
            source=check.parsed.locate(source, "")[0],
            blank_th=natural_list(numbers, "th"),
            blank_en=natural_list(numbers, "en"),
        )
    return frame


def _rows_in_parts(check: _SheetCheck, frame: pd.DataFrame) -> pd.DataFrame:
    """An agency's year written in two rows that each give a part of its scores, none twice (two editors, one for
    IIT, one for EIT and OIT): each row takes the other's, with a warning, and the two are then one record (the
    same scores). Both rows had been refused, each for the scores the other held."""
    keys = [k for k in frame.columns if k[:1] == "i" and k[1:].isdigit()]
    if not keys or frame.empty:
        return frame
    written = ~np.isnan(frame[keys].to_numpy(dtype=float))
    partial = written.any(axis=1) & ~written.all(axis=1)
    if partial.sum() < 2:
        return frame
    names = frame["agency"].fillna("").astype(str).map(compact).to_numpy()
    groups: dict[tuple[str, str], list[int]] = {}
    for i in np.flatnonzero(partial).tolist():
        groups.setdefault((names[i], str(frame["year"].iloc[i])), []).append(i)
    out = frame
    for rows in (rows for rows in groups.values() if len(rows) == 2):
        a, b = rows
        if (written[a] & written[b]).any() or not (written[a] | written[b]).all():
            continue  # a score twice, or some none: not one record in two parts
        out = out.copy() if out is frame else out
        for one, other in ((a, b), (b, a)):
            blank = [k for k, w in zip(keys, written[one], strict=True) if not w]
            out.loc[out.index[one], blank] = frame.loc[frame.index[other], blank].to_numpy()
        check.say(
            WARNING, "rows_in_parts", b, None, agency=frame["agency"].iloc[b], other=check.parsed.locate(a, "")[0]
        )
    return out


def _check_indicators(
    check: _SheetCheck, frame: pd.DataFrame, years: np.ndarray, frameworks: FrameworkSet, catalog: HeaderCatalog
) -> None:
    """Per year: its framework (an error without one, a warning when borrowed from another year), and for each
    of its indicators a column in the sheet, a score in every record, and scores within 0-100."""
    for y in sorted({int(v) for v in years[~np.isnan(years)]}):
        framework, exact = frameworks.for_year(y)
        rows = np.flatnonzero(years == y)
        if framework is None:
            if "year_cell" in frame:  # the year of some rows only: said at the first one's year cell
                check.say(ERROR, "no_framework", int(rows[0]), "year", year=y)
            else:
                check.note(ERROR, "no_framework", year=y)
            check.errors[rows] = True
            continue
        if not exact:
            check.note(WARNING, "framework_borrowed", year=y, framework=framework.id)
        for ind in framework.indicators:
            if ind.number not in check.parsed.indicator_columns:
                # A header the catalogue does not know may be this one; a rank's ('ลำดับ') never is.
                unknown = [
                    u for u in check.parsed.unknown_headers if not catalog.is_rank_label(u.split('"', 1)[-1][:-1])
                ]
                code = "missing_indicator_column_unknown" if unknown else "missing_indicator_column"
                shown = ", ".join(unknown[:UNKNOWN_SHOWN]) + (
                    f", … (+{len(unknown) - UNKNOWN_SHOWN})" if len(unknown) > UNKNOWN_SHOWN else ""
                )
                named = {"number": ind.number, "name": ind.name_th, "unknown": shown}
                check.note(ERROR, code, row=check.parsed.header_row, **named)
                check.errors[rows] = True
                continue
            _check_scores(check, frame, rows, ind.key, ind.number)


def _check_scores(check: _SheetCheck, frame: pd.DataFrame, rows: np.ndarray, key: str, number: int) -> None:
    """An error for each of ``rows`` without a score for indicator ``key`` (unless its unreadable cell was
    said already) or with one outside 0-100."""
    values = frame[key].to_numpy(dtype=float)[rows]
    for i in rows[np.isnan(values)]:
        if (int(i), key) not in check.parsed.flagged:  # an unreadable cell was reported already
            check.say(ERROR, "missing_score", i, key, number=number)
        check.errors[i] = True
    with np.errstate(invalid="ignore"):
        outside = rows[(values < 0) | (values > 100)]
    for i in outside:
        agency = display(frame["agency"].iat[i]) or "-"
        check.say(ERROR, "out_of_range", i, key, value=display(float(frame[key].iat[i])), number=number, agency=agency)
        check.errors[i] = True


def _score(check: _SheetCheck, frame: pd.DataFrame, frameworks: FrameworkSet, catalog: HeaderCatalog) -> pd.DataFrame:
    """Scores, totals and grades for the records; a record with an error is kept, unscored."""
    for k in range(1, catalog.indicator_count + 1):
        if f"i{k}" not in frame:
            frame[f"i{k}"] = np.nan
    frame = score_frame(frame, frameworks)
    score_cols = [c for c in frame.columns if c not in check.parsed.frame.columns and c != "year"]
    frame.loc[check.errors, score_cols] = None
    return frame
