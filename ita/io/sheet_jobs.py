"""One sheet of a file read, parsed and settled (``process``), and the sheets of a file run one after the other or,
for a large workbook outside a server, on several cores (``run_jobs``). What a job reads may be given: a header
borrowed from the sheet before (``ita.io.continued``) or a table joined from several sheets (``ita.io.tool_sheets``).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ita.common.problems import ERROR, Problems
from ita.io import continued, revisions, table_years, tool_sheets
from ita.io.headers import HeaderCatalog
from ita.io.layouts import parse_sheet
from ita.io.reading import Book, Limits, read_sheet
from ita.io.settle import settle_sheet
from ita.rules.frameworks import FrameworkSet


@dataclass
class SheetSummary:
    file: str
    sheet: str
    layout: str
    header_row: int | None
    records: int
    years: list[int]
    year_source: str | None


@dataclass
class SheetJob:
    book: Book
    sheet: str
    year: int | None
    frameworks: FrameworkSet
    catalog: HeaderCatalog
    limits: Limits
    header: list[Any] | None = None  # a header borrowed from the sheet before (``ita.io.continued``)
    joined: tool_sheets.JoinedSheet | None = None  # the sheet with the next sheets' indicators (``ita.io.tool_sheets``)


Outcome = tuple[Problems, "tuple[SheetSummary, pd.DataFrame] | None"]


def process(job: SheetJob) -> Outcome:
    """Read, parse and settle one sheet: its problems, and its summary and records if it held scores."""
    problems = Problems()
    file = job.book.name
    try:
        sheet = job.joined.sheet if job.joined is not None else read_sheet(job.book, job.sheet, problems, job.limits)
        if sheet is not None and job.header is not None:
            sheet = continued.under_header(sheet, job.header)
        parsed = parse_sheet(sheet, file, job.catalog, problems) if sheet is not None else None
        if parsed is not None and sheet is not None and not parsed.title_year:
            parsed.header_year = table_years.header_year(parsed)
            parsed.note_year = table_years.note_year(sheet.rows, parsed, job.catalog)
        if job.book.csv_sheet is not None:
            job.book.csv_sheet = None  # parsed: the raw cells (a third of a large CSV's memory) are done with
        hidden, struck = (sheet.hidden_rows, sheet.struck_rows) if sheet is not None else (frozenset(), frozenset())
        hidden_sheet = sheet is not None and sheet.hidden
        del sheet
        if parsed is None:
            return problems, None
        frame, year_source = settle_sheet(parsed, file, job.sheet, job.year, job.frameworks, job.catalog, problems)
        if job.header is not None:
            problems = continued.back_to_its_rows(frame, problems)
        if job.joined is not None:
            problems = job.joined.settled(frame, problems)
        if hidden or struck or hidden_sheet:  # such a row beside a plain copy of it gives way (ita.io.duplicates)
            rows = frame["source_row"]
            shown = rows.isin(hidden) | hidden_sheet  # a hidden sheet's rows are hidden, as a person sees the file
            marks = np.where(rows.isin(struck), revisions.STRUCK, np.where(shown, revisions.HIDDEN, ""))
            frame[revisions.REVISION] = marks
    except Exception as exc:  # a bug of ours must not cost the user the other sheets
        if os.environ.get("ITA_DEBUG"):
            raise
        problems.add(ERROR, "internal_error", file=file, sheet=job.sheet, detail=f"{type(exc).__name__}: {exc}"[:200])
        return problems, None
    summary = SheetSummary(
        file,
        job.sheet,
        parsed.layout,
        parsed.header_row,
        len(frame),
        sorted({int(y) for y in frame["year"].dropna()}),
        year_source,
    )
    return problems, (summary, frame)


_FORKED_JOBS: list[SheetJob] = []
PARALLEL_MIN_BYTES = 2 * 1024 * 1024  # below this, starting workers costs more than it saves


def _process_forked(index: int) -> Outcome:
    return process(_FORKED_JOBS[index])  # the jobs (and the file bytes) came with the fork, not by pickle


def workers_for(jobs: int, size: int) -> int:
    """How many processes to read with. ``ITA_WORKERS`` sets it (1 turns parallel reading off); by default
    one per core (up to 4) for a workbook of several sheets and a few MB. Workers are forked, which is
    safe only in a single-threaded process (the CLI, a script); a server such as Streamlit reads in one."""
    setting = os.environ.get("ITA_WORKERS", "").strip()
    wanted = int(setting) if setting.isdigit() else min(os.cpu_count() or 1, 4)
    if setting.isdigit():
        return max(1, min(wanted, jobs))
    if (
        jobs < 2
        or size < PARALLEL_MIN_BYTES
        or threading.active_count() > 1
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        return 1
    return max(1, min(wanted, jobs))


def run_jobs(jobs: list[SheetJob], size: int) -> list[Outcome]:
    workers = workers_for(len(jobs), size)
    if workers <= 1:
        return [process(job) for job in jobs]
    global _FORKED_JOBS
    _FORKED_JOBS = jobs
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return pool.map(_process_forked, range(len(jobs)), chunksize=1)
    finally:
        _FORKED_JOBS = []
