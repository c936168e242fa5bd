"""Measures and follow-ups to and from ``.xlsx``, without loss.

Two sheets: มาตรการ (one row per measure) and การติดตามผล (one row per measure and round). Each measure
carries its ``uid`` and ``version``, so importing a file back matches rows in any database, writes only what
changed, and refuses (with both values) a row someone else changed since the file was exported. Import never
deletes. A file with any unreadable or invalid cell imports nothing and lists every problem with its sheet,
row and column.

Text that starts with ``=``, ``+``, ``-`` or ``@`` is written as a text cell with Excel's quote-prefix style
(what typing ``'`` before it does): Excel and LibreOffice show it and never run it as a formula, and it reads
back unchanged (no apostrophe is added to the value itself).

The sheet names, columns and the export are in ``xlsx_export`` (re-exported here); this module reads a workbook
and applies it to the store.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from ita.access.roles import Actor, as_actor
from ita.common.problems import ERROR, Problem, Problems, column_letter
from ita.common.text import both, t
from ita.common.thai import arabic_digits, compact
from ita.io import isolation
from ita.io.reading import open_book, read_sheet
from ita.io.values import parse_year_cell
from ita.measures.edits import as_text
from ita.measures.model import (
    FOLLOW_UP_FIELDS,
    MEASURE_FIELDS,
    ROUNDS,
    Measure,
    clean_follow_up,
    clean_measure,
    follow_up_values,
    is_blank,
    measure_values,
    status_for_progress,
    to_int,
)
from ita.measures.store import InvalidEdit, StaleEdit, Store
from ita.measures.xlsx_checks import refusals, rule_problems
from ita.measures.xlsx_export import FOLLOW_UP_COLUMNS as FOLLOW_UP_COLUMNS
from ita.measures.xlsx_export import FOLLOW_UPS_SHEET as FOLLOW_UPS_SHEET
from ita.measures.xlsx_export import MEASURE_COLUMNS as MEASURE_COLUMNS
from ita.measures.xlsx_export import MEASURES_SHEET as MEASURES_SHEET
from ita.measures.xlsx_export import export_name as export_name
from ita.measures.xlsx_export import export_xlsx as export_xlsx

# --------------------------------------------------------------------------- reading


@dataclass
class MeasureRow:
    row: int  # spreadsheet row (1-based)
    uid: str
    version: int | None
    agency_key: str
    agency: str
    year: int
    values: dict[str, Any]  # MEASURE_FIELDS, cleaned


@dataclass
class FollowUpRow:
    row: int
    uid: str
    round: int
    version: int | None
    values: dict[str, Any]  # FOLLOW_UP_FIELDS, cleaned


@dataclass
class ParsedWorkbook:
    measures: list[MeasureRow] = field(default_factory=list)
    follow_ups: list[FollowUpRow] = field(default_factory=list)
    problems: Problems = field(default_factory=Problems)


def _header_map(header: Sequence[Any], columns: Sequence[str]) -> dict[str, int]:
    """Column name → index, from headers in Thai, English, or as field names."""
    wanted = {}
    for name in columns:
        th, en = both(f"mf_{name}")
        for label in (th, en, name):
            wanted[compact(label)] = name
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        known = wanted.get(compact(cell)) if not is_blank(cell) else None
        if known and known not in found:
            found[known] = index
    return found


def _find_sheet(names: Sequence[str], wanted: str, fallback_index: int) -> str | None:
    for name in names:
        if compact(name) == compact(wanted):
            return name
    return names[fallback_index] if len(names) > fallback_index else None


def _text(value: Any) -> str:
    """A cell as trimmed text, blank as ''."""
    return "" if is_blank(value) else str(value).strip()


def _getter(cells: Sequence[Any], columns: dict[str, int]) -> Callable[[str], Any]:
    """The value of a named column in one row; None when the column is absent or the row is short."""

    def get(col: str) -> Any:
        return cells[columns[col]] if col in columns and columns[col] < len(cells) else None

    return get


@dataclass(frozen=True)
class _Defaults:
    """What a measure row with a blank agency or year takes: the page's current choice."""

    agency_key: str | None
    agency: str | None
    year: int | None


def _measures_table(book: Any, name: str, problems: Problems) -> tuple[Any, dict[str, int], str | None] | None:
    """The measures sheet, its column map and the name of the follow-ups sheet, or None (with the problem
    recorded) when there is no measures sheet or it has no title column."""
    measures_sheet = _find_sheet(book.sheet_names, MEASURES_SHEET, 0)
    follow_sheet = _find_sheet([s for s in book.sheet_names if s != measures_sheet], FOLLOW_UPS_SHEET, 0)
    sheet = read_sheet(book, measures_sheet, problems) if measures_sheet else None
    if sheet is None or not sheet.rows:
        problems.add(ERROR, "mx_no_measures_sheet", file=name, sheet=measures_sheet)
        return None
    columns = _header_map(sheet.rows[0], MEASURE_COLUMNS)
    if "title" not in columns:
        problems.add(ERROR, "mx_missing_column", file=name, sheet=sheet.name, row=1, column_name=t("mf_title"))
        return None
    return sheet, columns, follow_sheet


def _row_agency(get: Callable[[str], Any], defaults: _Defaults) -> tuple[str, str]:
    """(agency key, agency name) of a row: a blank key is made from the name, else the default; a blank name
    takes the default name, else the key."""
    row_key = _text(get("agency_key"))
    row_agency = _text(get("agency"))
    row_key = row_key or (compact(row_agency) if row_agency else (defaults.agency_key or ""))
    row_agency = row_agency or defaults.agency or row_key
    return row_key, row_agency


def _read_measure_row(
    parsed: ParsedWorkbook,
    get: Callable[[str], Any],
    r: int,
    say: Callable[..., None],
    uids: dict[str, int],
    defaults: _Defaults,
) -> None:
    """One measure row into ``parsed``: a repeated uid is refused; every problem of the row is said."""
    uid = _text(get("uid"))
    if uid and uid in uids:
        say("uid", "mx_duplicate_uid", first=uids[uid])
        return
    uids[uid] = r
    row_year = _year(get("year"), defaults.year, say)
    row_key, row_agency = _row_agency(get, defaults)
    if not row_key:
        say("agency", "mx_agency_missing")
    elif defaults.agency_key and row_key != defaults.agency_key:  # imported on one agency's page: its rows only
        if defaults.agency and compact(row_agency) == compact(defaults.agency):
            row_key = defaults.agency_key  # the page's agency, typed by its name
        else:
            say("agency", "mx_other_agency", agency=row_agency, page_agency=defaults.agency or defaults.agency_key)
    version = _version(get("version"), say)
    if row_year is None:
        return
    values, field_problems = clean_measure({col: get(col) for col in MEASURE_FIELDS}, row_year)
    for p in field_problems:
        say(p.field, p.code, message=(p.message_th, p.message_en))
    parsed.measures.append(MeasureRow(r, uid, version, row_key, row_agency, row_year, values))


def read_xlsx(
    name: str, data: bytes, *, agency_key: str | None = None, agency: str | None = None, year: int | None = None
) -> ParsedWorkbook:
    """Read and check a measures workbook. Rows whose agency or year is blank take ``agency_key``, ``agency``
    and ``year`` (the page's current choice). Every problem is collected; nothing is written."""
    parsed = ParsedWorkbook()
    problems = parsed.problems
    book = open_book(name, data, problems)
    if book is None:
        return parsed
    table = _measures_table(book, name, problems)
    if table is None:
        return parsed
    sheet, columns, follow_sheet = table
    defaults = _Defaults(agency_key, agency, year)
    uids: dict[str, int] = {}
    for r, cells in enumerate(sheet.rows[1:], start=2):
        get = _getter(cells, columns)
        if all(is_blank(get(col)) for col in MEASURE_FIELDS):
            continue
        _read_measure_row(parsed, get, r, _locator(problems, name, sheet.name, r, columns), uids, defaults)
    if follow_sheet is not None:
        _read_follow_ups(book, follow_sheet, name, parsed, {m.uid: m for m in parsed.measures})
    return parsed


def _read_xlsx_positional(
    name: str, data: bytes, agency_key: str | None, agency: str | None, year: int | None
) -> ParsedWorkbook:
    return read_xlsx(name, data, agency_key=agency_key, agency=agency, year=year)


def read_xlsx_isolated(
    name: str, data: bytes, agency_key: str | None = None, agency: str | None = None, year: int | None = None
) -> ParsedWorkbook:
    """``read_xlsx`` in a parse worker (``ita.io.isolation``): the workbook is untrusted bytes."""
    outcome = isolation.run(_read_xlsx_positional, name, data, agency_key, agency, year)
    if isinstance(outcome, isolation.WorkerFailure):
        parsed = ParsedWorkbook()
        isolation.report(parsed.problems, name, outcome)
        return parsed
    return outcome


def _follow_up_columns(sheet: Any, name: str, problems: Problems) -> dict[str, int] | None:
    """The follow-ups sheet's column map, or None (with the problem recorded) when uid or round is missing."""
    columns = _header_map(sheet.rows[0], FOLLOW_UP_COLUMNS)
    for needed in ("uid", "round"):
        if needed not in columns:
            problems.add(ERROR, "mx_missing_column", file=name, sheet=sheet.name, row=1, column_name=t(f"mf_{needed}"))
            return None
    return columns


def _round_of(value: Any) -> int | None:
    """The round a cell names (6, "๑๒", "12 เดือน", "รอบ 12 เดือน", "12-month round"), if it is one of ``ROUNDS``."""
    try:
        number = to_int(value)
    except ValueError:  # text around the number: its digits
        digits = "".join(ch for ch in arabic_digits(str(value)) if ch.isdigit())
        number = int(digits) if digits else None
    return number if number in ROUNDS else None


def _read_follow_up_row(
    parsed: ParsedWorkbook,
    get: Callable[[str], Any],
    r: int,
    say: Callable[..., None],
    measures: dict[str, MeasureRow],
    seen: dict[tuple[str, int], int],
) -> None:
    """One follow-up row into ``parsed``: it must belong to a measure of the file and name a round not
    given before for that measure; every problem of the row is said."""
    uid = _text(get("uid"))
    measure = measures.get(uid)
    if measure is None:
        say("uid", "mx_follow_up_without_measure", uid=uid)
        return
    round_months = _round_of(get("round"))
    if round_months is None:
        say("round", "mx_bad_round", value=get("round"))
        return
    if (uid, round_months) in seen:
        say("round", "mx_duplicate_round", first=seen[(uid, round_months)])
        return
    seen[(uid, round_months)] = r
    version = _version(get("version"), say)
    raw = {col: get(col) for col in FOLLOW_UP_FIELDS}
    if is_blank(raw["status"]) and not is_blank(raw["progress"]):  # a progress typed alone says its status, as
        raw["status"] = status_for_progress(raw["progress"])  # in the grid (not "not started" at 50 %)
    values, field_problems = clean_follow_up(raw, measure.year)
    for p in field_problems:
        say(p.field, p.code, message=(p.message_th, p.message_en))
    parsed.follow_ups.append(FollowUpRow(r, uid, round_months, version, values))


def _read_follow_ups(book, sheet_name: str, name: str, parsed: ParsedWorkbook, measures: dict[str, MeasureRow]) -> None:
    problems = parsed.problems
    sheet = read_sheet(book, sheet_name, problems)
    if sheet is None or not sheet.rows:
        return
    columns = _follow_up_columns(sheet, name, problems)
    if columns is None:
        return
    seen: dict[tuple[str, int], int] = {}
    for r, cells in enumerate(sheet.rows[1:], start=2):
        get = _getter(cells, columns)
        if all(is_blank(get(col)) for col in ("uid", *FOLLOW_UP_FIELDS)):
            continue
        _read_follow_up_row(parsed, get, r, _locator(problems, name, sheet.name, r, columns), measures, seen)


def _locator(problems: Problems, file: str, sheet: str, row: int, columns: dict[str, int]):
    def say(field_name: str, code: str, message: tuple[str, str] | None = None, **values: Any) -> None:
        column = column_letter(columns[field_name]) if field_name in columns else None
        label = t(f"mf_{field_name}")
        if message is None:
            problems.add(ERROR, code, file=file, sheet=sheet, row=row, column=column, field=label, **values)
        else:  # a rule's message, already in both languages
            problems.extend([Problem(file, sheet, row, column, label, ERROR, code, *message)])

    return say


def _year(value: Any, default: int | None, say) -> int | None:
    if is_blank(value):
        if default is None:
            say("year", "mx_year_missing")
        return default
    found = parse_year_cell(value)  # as the results importer reads a year: 2564, ๒๕๖๔, 2021 (C.E.) or 64
    if not isinstance(found, tuple):
        say("year", "mx_bad_year", value=value)
        return None
    return found[0]


def _version(value: Any, say) -> int | None:
    try:
        return to_int(value)
    except ValueError:
        say("version", "mx_bad_version", value=value)
        return None


# --------------------------------------------------------------------------- applying


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0  # rows (measures and follow-ups) with at least one changed field
    unchanged: int = 0
    stale: list[StaleEdit] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def summary(self, lang: str = "th") -> str:
        if self.problems:
            return t("mx_refused", lang, count=len(self.problems))
        return t(
            "mx_done", lang, created=self.created, updated=self.updated, unchanged=self.unchanged, stale=len(self.stale)
        )


def _edit_problems(name: str, sheet: str, row: int, exc: InvalidEdit) -> list[Problem]:
    """The problems of an edit the store refused, placed on the file's row."""
    return rule_problems(name, sheet, row, exc.problems)


def _import_measure(
    store: Store,
    row: MeasureRow,
    current: Measure | None,
    who: Actor | str,
    report: ImportReport,
    measure_ids: dict[str, int],
    fresh: set[str],
) -> None:
    """Create a measure the database lacks, or write the fields that differ; a measure deleted in the database
    goes to the store even unchanged, which refuses it as stale. Records the measure's id by uid."""
    if current is None:
        made = store.create_measure(Measure(row.agency_key, row.agency, row.year, uid=row.uid, **row.values), who=who)
        measure_ids[row.uid or made.uid] = cast(int, made.id)  # saved: it has an id
        fresh.add(row.uid)
        report.created += 1
        return
    measure_ids[row.uid] = cast(int, current.id)  # read from the store: it has an id
    old = measure_values(current)
    diff = {k: v for k, v in row.values.items() if v != old[k]}
    diff = _edited_in_file(store, diff, old, ("measure", current.id, current.version), row.version)
    if not diff and not current.deleted:
        report.unchanged += 1
        return
    store.update_measure(cast(int, current.id), diff, row.version or 0, who=who)
    report.updated += 1


def _edited_in_file(
    store: Store,
    diff: dict[str, Any],
    saved: dict[str, Any],
    row: tuple[str, int | None, int],
    exported: int | None,
) -> dict[str, Any]:
    """Of the fields where a file's row differs from the database, those the file changed: a file exported at an
    older version still holds what the row held then, and a field someone has changed since is not an edit of the
    file's (it was said as a conflict on every row of an older export, the importer's name put in as reporter)."""
    entity, entity_id, version = row  # the row in the database, and its version now
    if not diff or exported is None or exported >= version or entity_id is None:
        return diff
    then = {name: as_text(saved[name]) or "" for name in diff}  # the saved values, taken back to the export
    for change in reversed(store.history(entity=entity, entity_id=entity_id)):  # newest first, undone to the export
        if change.version > exported and change.field in then:
            then[change.field] = change.old or ""
    return {name: value for name, value in diff.items() if (as_text(value) or "") != then[name]}


def _import_measures(
    store: Store,
    parsed: ParsedWorkbook,
    name: str,
    who: Actor | str,
    report: ImportReport,
    by_uid: dict[str, Measure],
) -> tuple[dict[str, int], set[str]]:
    """Apply the measure rows (``by_uid``: the database's measures); returns measure id by uid and the uids this
    import created."""
    measure_ids: dict[str, int] = {}
    fresh: set[str] = set()
    for row in parsed.measures:
        current = by_uid.get(row.uid) if row.uid else None
        try:
            _import_measure(store, row, current, who, report, measure_ids, fresh)
        except StaleEdit as exc:
            report.stale.append(exc)
        except InvalidEdit as exc:  # checked when read; a rule of the database's own year can still differ
            report.problems.extend(_edit_problems(name, MEASURES_SHEET, row.row, exc))
    return measure_ids, fresh


def _import_follow_ups(
    store: Store,
    parsed: ParsedWorkbook,
    name: str,
    who: Actor | str,
    report: ImportReport,
    measure_ids: dict[str, int],
    fresh: set[str],
) -> None:
    """Apply the follow-up rows of the measures imported, writing only the fields that differ."""
    rounds = store.follow_ups(measure_ids.values())
    for row in parsed.follow_ups:
        measure_id = measure_ids.get(row.uid)
        if measure_id is None:
            continue
        current = rounds[measure_id][row.round]
        old = follow_up_values(current)
        diff = {k: v for k, v in row.values.items() if v != old[k]}
        if row.uid not in fresh:
            diff = _edited_in_file(store, diff, old, ("follow_up", current.id, current.version), row.version)
        if not diff:
            report.unchanged += 1
            continue
        if row.uid not in fresh and not row.values.get("reporter") and not old.get("reporter"):
            diff["reporter"] = as_actor(who).name  # a report made through the file, as in the grid: who made it
        # A measure this import just created has fresh rounds: the file's versions belong to another database.
        expected = current.version if row.uid in fresh else (row.version or 0)
        try:
            store.update_follow_up(measure_id, row.round, diff, expected, who=who)
            report.updated += 1
        except StaleEdit as exc:
            report.stale.append(exc)
        except InvalidEdit as exc:
            report.problems.extend(_edit_problems(name, FOLLOW_UPS_SHEET, row.row, exc))


def import_xlsx(
    store: Store,
    name: str,
    data: bytes,
    who: Actor | str,
    *,
    agency_key: str | None = None,
    agency: str | None = None,
    year: int | None = None,
) -> ImportReport:
    """Read a workbook and, if it has no problem (nor one the store would raise: ``ita.measures.xlsx_checks``),
    apply it: new rows created (keeping their uid), changed fields written on the version the file was exported
    from, unchanged rows left alone. A row changed in the database since the export is refused as stale (both
    values in ``report.stale``), the others still apply."""
    parsed = read_xlsx_isolated(name, data, agency_key, agency, year)
    report = ImportReport(problems=list(parsed.problems))
    if report.problems:
        return report
    by_uid = {m.uid: m for m in store.list_measures(include_deleted=True)}
    report.problems = refusals(store, parsed, name, who, by_uid)  # all or nothing: found before anything is written
    if report.problems:
        return report
    measure_ids, fresh = _import_measures(store, parsed, name, who, report, by_uid)
    _import_follow_ups(store, parsed, name, who, report, measure_ids, fresh)
    return report
