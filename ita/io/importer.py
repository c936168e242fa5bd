"""The importer: files in, one tidy table of scored agency-years and one table of problems out.

    result = load_paths(["results.xlsx"])            # or load_files([(name, bytes), ...])
    result.table      # one row per agency and year, English columns, provenance (file, sheet, row)
    result.problems   # file, sheet, row, column, field, severity, code, message_th, message_en

Reading never raises for a user's mistake. An error marks only the rows it touches (``has_error``);
``result.valid`` leaves them out, ``result.table`` keeps them so nothing uploaded is lost.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd

from ita.common.problems import ERROR, Problems
from ita.common.thai import forget_compacted
from ita.io import (
    continued,
    covers,
    duplicates,
    identity,
    indicator_sheets,
    isolation,
    name_notes,
    places,
    revisions,
    tool_sheets,
)
from ita.io.headers import HeaderCatalog, catalog_for
from ita.io.identity import NO_LINKS, AgencyLinks, Join
from ita.io.layouts import META_FIELDS
from ita.io.layouts.parsed import forget_columns
from ita.io.reading import Limits, open_book
from ita.io.sheet_jobs import Outcome, SheetJob, SheetSummary, process, run_jobs
from ita.io.values import is_blank
from ita.rules.agency_types import agency_types
from ita.rules.frameworks import FrameworkSet, default_frameworks

PROVENANCE = ["source_file", "source_sheet", "source_row"]


def table_columns(frameworks: FrameworkSet) -> list[str]:
    """Columns of the tidy table, for the indicators and tools of every known framework."""
    count = max(len(fw.indicators) for fw in frameworks.by_year.values())
    tools = list(dict.fromkeys(t.code.lower() for fw in frameworks.by_year.values() for t in fw.tools))
    return [
        *META_FIELDS,
        "year",
        *[f"i{k}" for k in range(1, count + 1)],
        *tools,
        "total",
        "grade",
        "grade_code",
        "passed",
        "framework",
        "reported_total",
        "reported_grade",
        *[f"reported_{x}" for x in tools],
        *PROVENANCE,
        "has_error",
        "extra",
        "agency_key",
    ]


@dataclass
class FileSummary:
    """One file of an import. ``status``: ``read`` (parsed; rows may still have errors), ``refused`` (refused as a
    whole, before or at parsing: not a spreadsheet, too large, a bomb, encrypted, ...) or ``failed`` (its worker
    crashed, ran out of memory or out of time). ``reason_th``/``reason_en``: why, when not read."""

    name: str
    sha256: str
    size: int
    sheets: list[SheetSummary] = field(default_factory=list)
    status: str = "read"
    reason_th: str = ""
    reason_en: str = ""


@dataclass
class ImportResult:
    table: pd.DataFrame
    problems: pd.DataFrame
    files: list[FileSummary]
    frameworks: FrameworkSet
    joins: list[Join] = field(default_factory=list)  # rows without a code joined by name (``ita.io.identity``)
    kept_apart: list[dict[str, str]] = field(default_factory=list)  # same name, other province or type: the
    # values of each warning, with both keys (``new_key``, ``other_key``), so the user can merge them

    @property
    def valid(self) -> pd.DataFrame:
        """Rows with no error: the ones scored and safe to chart."""
        return self.table.loc[~self.table["has_error"]].reset_index(drop=True)

    @property
    def has_errors(self) -> bool:
        return bool((self.problems["severity"] == ERROR).any())

    def frameworks_used(self) -> dict[int, str]:
        """Fiscal year → id of the framework applied to it."""
        used = self.table.dropna(subset=["framework"]).drop_duplicates("year")
        return dict(sorted(zip(used["year"].astype(int), used["framework"], strict=True)))


Source = tuple[str, bytes] | tuple[str, bytes, int | None]  # (name, content[, year for sheets without one])


def load_paths(paths: Iterable[str | os.PathLike[str]], **kwargs: Any) -> ImportResult:
    """``load_files`` for files on disk. A path that cannot be read is a problem, not an exception."""
    sources: list[Source] = []
    unreadable = Problems()
    for path in paths:
        try:
            sources.append((str(path), Path(path).read_bytes()))
        except OSError as exc:
            unreadable.add(
                ERROR,
                "file_not_found" if isinstance(exc, FileNotFoundError) else "corrupt",
                file=str(path),
                path=str(path),
                detail=exc.strerror or str(exc),
            )
    result = load_files(sources, **kwargs)
    if len(unreadable):
        unreadable_frame = unreadable.to_frame()
        result.problems = (
            pd.concat([unreadable_frame, result.problems], ignore_index=True)
            if len(result.problems)
            else unreadable_frame
        )
    return result


def load_files(
    sources: Sequence[Source],
    *,
    year: int | None = None,
    frameworks: FrameworkSet | None = None,
    limits: Limits | None = None,
    links: AgencyLinks = NO_LINKS,
    give_way: frozenset[str] = frozenset(),
    preferred: frozenset[str] = frozenset(),
) -> ImportResult:
    """Read, match, validate and score every file; cross-check duplicates across all of them.

    ``year`` is used only for sheets where no year can be found (column, sheet name, title, file name).
    Sheets are independent until the duplicate check, so a large workbook is read on several cores.
    ``links``: the user's merges and splits of agencies (``ita.io.identity``), applied to every row.
    ``give_way``: names of files whose rows give way to another file's different copy of an agency's year (the
    bundled samples: demo figures, never a user's), with a warning; between other files such copies conflict.
    ``preferred``: names of files whose figures the user chose where another file's copy differs, with a warning.
    """
    frameworks = frameworks or default_frameworks()
    catalog = catalog_for(frameworks)
    limits = limits or Limits.from_env()
    problems = Problems()
    summaries: list[FileSummary] = []
    parts: list[pd.DataFrame] = []
    reads = []
    for source in sources:
        file_year = source[2] if len(source) > 2 and source[2] is not None else year
        summary = FileSummary(os.path.basename(source[0]), hashlib.sha256(source[1]).hexdigest(), len(source[1]))
        outcome = _read_once(summary.sha256, summary.name, source[1], file_year, frameworks, catalog, limits)
        reads.append((summary, source[1], file_year, outcome))
    for summary, _, _, outcome in _with_tool_files(reads, frameworks, catalog, limits):
        summaries.append(_settle_source(summary, outcome, problems, parts))
    joins: list[Join] = []
    kept_apart: list[dict[str, str]] = []
    table = _combine(parts, frameworks, problems, links, joins, kept_apart, (give_way, preferred))
    return ImportResult(_typed(table), problems.to_frame(), summaries, frameworks, joins, kept_apart)


_Read = tuple[FileSummary, bytes, "int | None", "FileRead | isolation.WorkerFailure"]


def _with_tool_files(
    reads: list[_Read], frameworks: FrameworkSet, catalog: HeaderCatalog, limits: Limits
) -> list[_Read]:
    """Files of one tool each ('IIT.csv', 'EIT.csv', 'OIT.csv'), each refused alone for the indicators it lacks,
    read again together in one parse worker, as one workbook's sheets (``ita.io.tool_sheets``); the reads as they
    are when fewer than two files hold parts, or they make no table, or together they pass the size of one file."""
    wanting = [
        k for k, read in enumerate(reads) if isinstance(read[3], FileRead) and tool_sheets.holds_part(read[3].problems)
    ]
    names = [reads[k][0].name for k in wanting]
    size = sum(reads[k][0].size for k in wanting)
    if len(wanting) < 2 or len(set(names)) < len(names) or size > limits.max_file_mb * 1024 * 1024:
        return reads
    files = [(reads[k][0].name, reads[k][1], reads[k][2]) for k in wanting]
    together = isolation.run(read_files, files, frameworks, catalog, limits)
    if not isinstance(together, FileRead) or not tool_sheets.joined_any(together.problems):
        return reads
    out = list(reads)
    for k in wanting:
        summary, data, year, _ = reads[k]
        own = Problems()
        own.extend([p for p in together.problems if p.file == summary.name])
        sheets = [(sheet, frame) for sheet, frame in together.sheets if sheet.file == summary.name]
        out[k] = (summary, data, year, FileRead(own, sheets, False))
    return out


def _settle_source(
    summary: FileSummary, outcome: FileRead | isolation.WorkerFailure, problems: Problems, parts: list[pd.DataFrame]
) -> FileSummary:
    """One file read in a parse worker: its summary (read, refused or failed), its problems into ``problems``
    and the records of each sheet into ``parts``."""
    name = summary.name
    if isinstance(outcome, isolation.WorkerFailure):
        if outcome.kind == "error" and os.environ.get("ITA_DEBUG"):
            raise RuntimeError(f"{name}: {outcome.detail}")  # tests: a fault of ours must fail loudly
        failure = isolation.report(problems, name, outcome)
        summary.status, summary.reason_th, summary.reason_en = "failed", failure.message_th, failure.message_en
        return summary
    problems.extend(outcome.problems)
    summary.sheets = [sheet for sheet, _ in outcome.sheets]
    parts.extend(frame for _, frame in outcome.sheets)
    if outcome.refused:
        first = next((p for p in outcome.problems if p.severity == ERROR), None)
        summary.status = "refused"
        summary.reason_th, summary.reason_en = (first.message_th, first.message_en) if first else ("", "")
    return summary


def _combine(
    parts: list[pd.DataFrame],
    frameworks: FrameworkSet,
    problems: Problems,
    links: AgencyLinks,
    joins: list[Join],
    kept_apart: list[dict[str, str]],
    precedence: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset()),
) -> pd.DataFrame:
    """The sheets' records as one table with the columns of ``table_columns``: each agency's identity across
    sheets and files settled (``ita.io.identity``), then duplicates resolved. ``precedence``: the files that give
    way and the files preferred (``load_files``)."""
    give_way, preferred = precedence
    columns = table_columns(frameworks)
    table = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)
    for name in columns:
        if name not in table:
            table[name] = None
    table = table[[*columns, *([revisions.REVISION] if revisions.REVISION in table else [])]]
    if len(table):
        table = revisions.with_revisions(name_notes.without_notes(table, problems), problems, give_way)
        table = places.with_places(table)
        places.say_unknown_provinces(table, problems)
        resolution = identity.resolve(table, links)
        identity.add_notes(resolution.notes, problems)
        joins.extend(resolution.joins)
        kept_apart.extend(values for _, values in resolution.notes)
        table = duplicates.resolve(table.assign(agency_key=resolution.keys), problems, preferred)
        table = table.drop(columns=revisions.REVISION)
    return table


# --------------------------------------------------------------------------- one file, in a parse worker


@dataclass
class FileRead:
    """What a worker sends back for one file: its problems, each sheet that held scores (summary and records),
    and whether the file was refused as a whole."""

    problems: Problems
    sheets: list[tuple[SheetSummary, pd.DataFrame]]
    refused: bool


def read_file(
    name: str, data: bytes, year: int | None, frameworks: FrameworkSet, catalog: HeaderCatalog, limits: Limits
) -> FileRead:
    """Check, read, parse and settle every sheet of one file. Runs in a parse worker (``ita.io.isolation``): the
    bytes are untrusted and the parsers native."""
    return read_files([(name, data, year)], frameworks, catalog, limits)


def read_files(
    files: list[tuple[str, bytes, int | None]], frameworks: FrameworkSet, catalog: HeaderCatalog, limits: Limits
) -> FileRead:
    """``read_file`` for files read as one workbook's sheets (files of one tool each, joined): a cover or a header
    of one file is never taken for another's."""
    try:
        return _read_files(files, frameworks, catalog, limits)
    finally:  # what was remembered of the file's cells: a long-lived parse worker keeps none of it
        forget_columns()
        forget_compacted()
        agency_types().forget_names()


def _read_files(
    files: list[tuple[str, bytes, int | None]], frameworks: FrameworkSet, catalog: HeaderCatalog, limits: Limits
) -> FileRead:
    problems = Problems()
    jobs: list[SheetJob] = []
    for name, data, year in files:
        book = open_book(name, data, problems, limits)
        if book is None:
            return FileRead(problems, [], True)
        jobs.extend(SheetJob(book, sheet, year, frameworks, catalog, limits) for sheet in book.sheet_names)
    outcomes = run_jobs(jobs, sum(len(data) for _, data, _ in files))
    outcomes = tool_sheets.with_joined_sheets(
        jobs, outcomes, catalog, lambda k, joined: process(_joining(jobs, k, joined))
    )
    outcomes = indicator_sheets.with_indicator_sheets(
        jobs, outcomes, catalog, lambda k, joined: process(_joining(jobs, k, joined))
    )
    if len(files) == 1:
        outcomes = _within_one_book(jobs, outcomes, files[0][2])
    sheets = []
    for sheet_problems, outcome in outcomes:
        problems.extend(sheet_problems)
        if outcome is not None:
            sheets.append(outcome)
    for name, _, _ in files:
        said = [p for p in problems if p.file == name and (p.severity == ERROR or p.code == "tool_sheet_joined")]
        if not said and not any(sheet.file == name for sheet, _ in sheets):
            problems.add(ERROR, "no_scores_in_file", file=name)
    return FileRead(problems, sheets, False)


def _within_one_book(jobs: list[SheetJob], outcomes: list[Outcome], year: int | None) -> list[Outcome]:
    """What one workbook's sheets give each other: a cover's year, a header to a sheet that continues the one
    before, the sheets hidden copies come from, a cover's province."""
    if year is None:
        outcomes = covers.with_cover_year(jobs, outcomes, lambda k, found: process(replace(jobs[k], year=found)))
    outcomes = continued.with_continued_sheets(
        jobs,
        outcomes,
        lambda k, header, year: process(replace(jobs[k], header=header, year=jobs[k].year or year)),
    )
    outcomes = covers.without_hidden_sources(jobs, outcomes)
    covers.add_cover_places(jobs, outcomes)
    return outcomes


def _joining(jobs: list[SheetJob], k: int, joined: tool_sheets.JoinedSheet) -> SheetJob:
    """Sheet ``k``'s job, from now on reading the joined table in its place (a year found later reads it too)."""
    jobs[k] = replace(jobs[k], joined=joined)
    return jobs[k]


_last_read: dict[tuple, tuple[FrameworkSet, FileRead]] = {}
_last_read_lock = threading.Lock()


def _read_once(
    sha256: str,
    name: str,
    data: bytes,
    year: int | None,
    frameworks: FrameworkSet,
    catalog: HeaderCatalog,
    limits: Limits,
) -> FileRead | isolation.WorkerFailure:
    """``read_file`` in a parse worker. The last file read is kept: an upload is read on its own (to decide how
    to store it) and then again with every stored file, and the second time need not parse it again. Kept for
    the same bytes, name, year, limits and frameworks (the very object); its users never change it."""
    key = (sha256, name, year, limits)
    with _last_read_lock:
        kept = _last_read.get(key)
    if kept is not None and kept[0] is frameworks:
        return kept[1]
    outcome = isolation.run(read_file, name, data, year, frameworks, catalog, limits)
    if isinstance(outcome, FileRead):
        with _last_read_lock:
            _last_read.clear()
            _last_read[key] = (frameworks, outcome)
    return outcome


def _typed(table: pd.DataFrame) -> pd.DataFrame:
    """Stable dtypes: str for text, Int64 for year and row, float for scores, bool for flags."""
    out = table.copy()
    _type_texts(out)
    out["year"] = pd.array(out["year"], dtype="Int64")
    out["source_row"] = pd.array(out["source_row"], dtype="Int64")
    out["has_error"] = out["has_error"].astype(bool)
    out["passed"] = out["passed"].astype("boolean")
    for c in out.columns:
        if (c.startswith("i") and c[1:].isdigit()) or c in ("iit", "eit", "oit", "total"):
            out[c] = pd.to_numeric(out[c], errors="coerce").astype(float)
    for c in [c for c in out.columns if c.startswith("reported_") and c != "reported_grade"]:
        out[c] = _as_reported(out[c])
    return out


def _type_texts(out: pd.DataFrame) -> None:
    """Text columns as ``str`` in place: missing becomes '' (a missing grade or framework stays missing: the
    row is unscored). A column built as text already is left alone (no copy)."""
    text_cols = [
        *META_FIELDS,
        "grade",
        "grade_code",
        "framework",
        "reported_grade",
        "source_file",
        "source_sheet",
        "agency_key",
    ]
    for c in text_cols:
        column = out[c]
        if column.dtype == "str" and not column.hasnans:
            continue
        missing = None if c in ("grade", "grade_code", "framework") else ""
        out[c] = pd.array(column.astype(object).where(column.notna(), missing), dtype="str")


def _as_reported(column: pd.Series) -> pd.Series:
    """A reported value kept as the file had it (a number or the text typed); blanks become None."""
    return pd.Series(
        [None if v is None or v != v or (type(v) is str and is_blank(v)) else v for v in column.astype(object)],
        index=column.index,
        dtype=object,
    )
