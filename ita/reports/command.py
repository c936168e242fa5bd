"""``python -m ita report``: draft O42/O43 documents (or the .xlsx workbook) from results files.

    python -m ita report results.xlsx --agency "เทศบาลตำบลพอกน้อย" --year 2563 --doc o42 --out o42.docx
    python -m ita report results.xlsx --all-agencies --year 2563 --doc o43 --round 6 --out reports/

``--year`` is the assessment year whose results are analysed (it also dates sheets that carry no year).
The O42 of 2563 sets the measures for fiscal year 2564; the O43 reports those 2564 measures. Without
``--year`` each agency's latest year is used. Measures come from the measures store
(``ITA_DATABASE_URL``, default ``data/ita.db``; ``--database`` overrides); without a database the
documents carry a note instead of the measures table.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ita.common.plaintext import terminal
from ita.common.text import t
from ita.common.thai import compact
from ita.io.identity import find_key, older_keys
from ita.io.importer import ImportResult
from ita.io.sniffing import READ_EXTENSIONS

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


class ReportUsageError(ValueError):
    """A mistake in the command line: the message says what to type instead."""


def add_shared_options(p: argparse.ArgumentParser) -> None:
    """``--frameworks`` and ``--lang``, the same on every command that reads results files."""
    p.add_argument(
        "--frameworks",
        action="append",
        default=[],
        metavar="DIR",
        help="directory of extra framework files (*.toml); repeatable",
    )
    p.add_argument("--lang", choices=("th", "en"), default="th", help="language of messages (default th)")


def add_arguments(p: argparse.ArgumentParser, year_type: Callable[[str], int]) -> None:
    p.add_argument("files", nargs="+", metavar="FILE", help=" ".join(f".{ext}" for ext in READ_EXTENSIONS))
    who = p.add_mutually_exclusive_group()
    who.add_argument("--agency", metavar="NAME", help="the agency (its name as in the file, or its key)")
    who.add_argument("--all-agencies", action="store_true", help="one file per agency, into the --out folder")
    p.add_argument(
        "--year",
        type=year_type,
        help="assessment year analysed (B.E.; default: each agency's latest). The O42 of N sets "
        "measures for N+1; the O43 reports on them",
    )
    p.add_argument(
        "--doc",
        choices=("o42", "o43", "xlsx"),
        default="o42",
        help="o42: analysis and measures; o43: results of the measures; xlsx: workbook",
    )
    p.add_argument("--round", type=int, choices=(6, 12), help="O43 follow-up round: 6 or 12 (months)")
    p.add_argument("--out", metavar="PATH", help="output file (a folder with --all-agencies)")
    p.add_argument("--database", metavar="URL", help="measures database (default: ITA_DATABASE_URL or data/ita.db)")
    p.add_argument("--no-charts", action="store_true", help="tables instead of chart images (no browser needed)")
    p.add_argument(
        "--thai-numerals",
        action="store_true",
        help="Thai digits throughout the document (๑. ๒. ๓., scores, dates); links and page numbers stay Arabic",
    )
    p.add_argument("--font", help="document font (default: TH Sarabun New)")
    for name in ("prepared-by", "prepared-position", "approved-by", "approved-position"):
        p.add_argument(f"--{name}", default="", metavar="TEXT", help=f"signature block: {name.replace('-', ' ')}")
    add_shared_options(p)


def check_args(args: argparse.Namespace) -> None:
    """Usage mistakes found before any file is read."""
    if not args.agency and not args.all_agencies:
        raise ReportUsageError("name the agency with --agency NAME, or use --all-agencies")
    if args.doc == "o43" and args.round is None:
        raise ReportUsageError("--doc o43 needs --round 6 or --round 12")
    if args.doc != "o43" and args.round is not None:
        raise ReportUsageError("--round applies to --doc o43 only")
    if args.all_agencies:
        if not args.out:
            raise ReportUsageError("--all-agencies needs --out FOLDER")
        if os.path.isfile(args.out):
            raise ReportUsageError(f"--out {args.out} is a file; --all-agencies writes into a folder")


# --------------------------------------------------------------------------- choosing rows


def _find_agency(table: pd.DataFrame, wanted: str) -> str:
    """The agency_key for a name or key typed by the user (spaces and case ignored)."""
    found = find_key(table, wanted)
    if found is not None:
        return found
    key = compact(wanted)
    names = table.drop_duplicates("agency_key")[["agency_key", "agency"]]
    exact = names.loc[(names["agency_key"].map(compact) == key) | (names["agency"].map(compact) == key)]
    if len(exact["agency_key"].unique()) == 1:
        return str(exact["agency_key"].iloc[0])
    if len(exact) > 1:
        choices = ", ".join(exact["agency_key"].astype(str))
        raise ReportUsageError(f"'{wanted}' names several agencies; give one of their keys: {choices}")
    partial = names.loc[names["agency"].map(compact).str.contains(key, regex=False)]
    if len(partial) == 1:
        return str(partial["agency_key"].iloc[0])
    close = difflib.get_close_matches(wanted, names["agency"].astype(str).tolist(), n=3, cutoff=0.5)
    hint = f"; did you mean: {', '.join(close)}" if close else ""
    if len(partial) > 1:
        hint = "; several match: " + ", ".join(partial["agency"].astype(str).head(5))
    raise ReportUsageError(f"no agency named '{wanted}' in the files{hint}")


def _rows(result: ImportResult, args: argparse.Namespace) -> list[pd.Series]:
    """The agency-year rows to report on (valid rows only)."""
    table = result.valid
    if args.all_agencies:
        if table.empty:
            return []
        chosen = table if args.year is None else table.loc[table["year"] == args.year]
        if args.year is None:  # each agency's latest year
            chosen = chosen.sort_values("year").groupby("agency_key", sort=False).tail(1)
        return [row for _, row in chosen.sort_values(["agency", "year"]).iterrows()]
    everything = result.table
    if everything.empty:
        return []
    key = _find_agency(everything, args.agency)
    own = table.loc[table["agency_key"] == key]
    if own.empty:
        return []  # the agency is in the files but its rows have errors
    years = sorted(int(y) for y in own["year"].unique())
    year = args.year if args.year is not None else years[-1]
    if year not in years:
        raise ReportUsageError(
            f"{own['agency'].iloc[0]} has no scores for {year}; years in the files: " + ", ".join(map(str, years))
        )
    return [own.loc[own["year"] == year].iloc[0]]


# --------------------------------------------------------------------------- writing


def _target(args: argparse.Namespace, result: Any, used: set[str]) -> Path:
    from ita.reports.documents import file_name

    ext = "xlsx" if args.doc == "xlsx" else "docx"
    name = file_name(result, args.doc, args.round, ext)
    if args.all_agencies:  # two agencies of one name: the province tells them apart, else a number
        tails = iter([result.province or "", *(f"{result.province or ''}-{k}".lstrip("-") for k in range(2, 10_000))])
        while name.casefold() in used:
            name = file_name(result, args.doc, args.round, ext, tail=next(tails))
        used.add(name.casefold())  # a name differing only in case is the same file on Windows and macOS
        return Path(args.out) / name
    if not args.out:
        return Path(name)
    out = Path(args.out)
    return out / name if out.is_dir() or args.out.endswith(("/", os.sep)) else out


@dataclass
class _Batch:
    """One run of the command: what every report shares, and what came of each one so far."""

    args: argparse.Namespace
    result: ImportResult
    templates: Any
    style: Any
    signers: Any
    database: str | None
    has_store: bool
    store: Any  # the measures store, or None without a database
    # Why charts cannot be drawn, once known: a ``ChartUnavailable`` code (said as text "chart_reason_<code>").
    failed_reason: list[str] = field(default_factory=list)
    used: set[str] = field(default_factory=set)  # file names written, case-folded
    written: int = 0
    older: dict[str, list[str]] = field(default_factory=dict)  # agency key → older keys its measures may have

    def measures(self, agency_key: str, year: int) -> list:
        """The agency's measures of fiscal ``year`` (also those stored under an older key); none without a store."""
        if not self.store:
            return []
        return self.store.measures_with_follow_ups([agency_key, *self.older.get(agency_key, [])], year)

    failures: list[tuple[str, int, str]] = field(default_factory=list)  # (agency, year, reason) not written

    def exporter_for_rest(self, fig: Any, width: Any, height: Any) -> bytes:
        """After one chart failure, the rest of the batch skips the browser."""
        from ita.views.images import ChartUnavailable

        raise ChartUnavailable(self.failed_reason[0], self.failed_reason[0])


def _chosen_rows(result: ImportResult, args: argparse.Namespace, err: Any) -> list[pd.Series] | int:
    """The rows to report on, or the exit code after saying why there are none (a usage mistake or no
    valid row)."""
    try:
        rows = _rows(result, args)
    except ReportUsageError as exc:
        print(f"python -m ita: {terminal(exc)}", file=err)
        return EXIT_USAGE
    if not rows:
        what = "the agency's rows have errors" if args.agency else "no agency has valid scores for that year"
        print(f"python -m ita report: nothing to write: {what}. Run 'python -m ita check' to see why.", file=err)
        return EXIT_ERRORS
    return rows


def _open_batch(args: argparse.Namespace, result: ImportResult) -> _Batch:
    """The templates, style, signers and measures store (when a database exists) every report uses."""
    from ita.reports.draft import Signers
    from ita.reports.sources import store_exists
    from ita.reports.templates import load_templates

    templates = load_templates()
    style = templates.style(font=args.font, thai_numerals=args.thai_numerals or None)
    signers = Signers(args.prepared_by, args.prepared_position, args.approved_by, args.approved_position)
    database = args.database or None
    has_store = store_exists(database)
    store = None
    if has_store:
        from ita.measures.store import open_store

        store = open_store(database)
    return _Batch(
        args,
        result,
        templates,
        style,
        signers,
        database,
        has_store,
        store,
        failed_reason=["switched_off"] if args.no_charts else [],  # the user asked for tables: nothing failed
        older=older_keys(result.table) if has_store else {},
    )


def _content(batch: _Batch, report: Any, measures: list[Any], err: Any) -> bytes:
    """The bytes of one report: the workbook, or the document (the first chart failure is said once and the
    rest of the batch draws tables)."""
    from ita.reports.documents import draft_document, render_document
    from ita.reports.xlsx import agency_workbook

    args, lang = batch.args, batch.args.lang
    if args.doc == "xlsx":
        history = batch.result.valid.loc[batch.result.valid["agency_key"] == report.agency_key]
        return agency_workbook(report, measures, history=history, lang=lang)
    draft = draft_document(report, measures, args.doc, args.round, signers=batch.signers, templates=batch.templates)
    rendered = render_document(
        report,
        measures,
        args.doc,
        args.round,
        draft=draft,
        style=batch.style,
        templates=batch.templates,
        exporter=batch.exporter_for_rest if batch.failed_reason else None,
    )
    if rendered.notes and not batch.failed_reason:  # said once; the rest of a batch skips the browser
        batch.failed_reason.append(rendered.notes[0])
        reason = t(f"chart_reason_{rendered.notes[0]}", lang)
        print(terminal(t("report_cli_chart_note", lang, agency=report.agency, reason=reason)), file=err)
    return rendered.content


def _write_report(batch: _Batch, row: pd.Series, out: Any, err: Any) -> None:
    """Write the report of one agency-year row; a failure is recorded and said, and the batch goes on
    (except a failure of the measures database, which stops the command)."""
    from ita.analysis.agency import AgencyYear
    from ita.reports.documents import (
        framework_doubt,
        measures_incomplete,
        name_written_short,
        unreported,
        weakness_unanswered,
        went_back,
    )
    from ita.storage.db import DatabaseError

    args, lang = batch.args, batch.args.lang
    try:
        report = AgencyYear.from_row(row, batch.result.frameworks)
        measures = batch.measures(report.agency_key, report.measure_year)
        if not args.all_agencies:
            source = batch.database or os.environ.get("ITA_DATABASE_URL") or "data/ita.db"
            print(
                t(
                    "report_cli_measures",
                    lang,
                    year=report.measure_year,
                    count=len(measures),
                    source=source if batch.has_store else t("report_cli_no_store", lang),
                ),
                file=err,
            )
        if not measures and args.doc in ("o42", "o43"):  # a draft all the same, but not one to publish yet
            print(terminal(t(f"report_cli_no_measures_{args.doc}", lang, year=report.measure_year)), file=err)
        if (unsure := framework_doubt(report, lang)) is not None:
            print(terminal(unsure), file=err)
        if (short := name_written_short(report, lang)) is not None:
            print(terminal(short), file=err)
        if args.doc == "o42" and (unanswered := weakness_unanswered(report, measures, lang)) is not None:
            print(terminal(unanswered), file=err)
        if args.doc == "o42" and (incomplete := measures_incomplete(measures, lang)) is not None:
            print(terminal(incomplete), file=err)
        if args.doc == "o43" and (lacking := unreported(measures, args.round, lang)) is not None:
            print(terminal(lacking), file=err)
        if args.doc == "o43" and args.round == 12 and (back := went_back(measures, lang)) is not None:
            print(terminal(back), file=err)
        target = _target(args, report, batch.used)
        _write(target, _content(batch, report, measures, err))
    except DatabaseError:
        raise  # the measures store itself: one message for the whole command (ita.cli)
    except Exception as exc:  # noqa: BLE001 - one agency's failure must not stop the others
        reason = f"{type(exc).__name__}: {' '.join(str(exc).split())[:300]}"
        batch.failures.append((str(row.get("agency", "")), int(row.get("year", 0) or 0), reason))
        print(
            terminal(
                t("report_cli_failed", lang, agency=row.get("agency", ""), year=row.get("year", ""), reason=reason)
            ),
            file=err,
        )
        return
    batch.written += 1
    print(terminal(t("report_cli_written", lang, path=str(target), agency=report.agency, year=report.year)), file=out)


def _summary(batch: _Batch, total: int, out: Any, err: Any) -> int:
    """Say how many were written (into a folder) and which failed; the exit code."""
    args, lang = batch.args, batch.args.lang
    if args.all_agencies:
        print(terminal(t("report_cli_summary", lang, count=batch.written, folder=args.out)), file=out)
    if batch.failures:
        print(t("report_cli_failures", lang, count=len(batch.failures), total=total), file=err)
        for agency, year, reason in batch.failures:
            print(terminal(t("report_cli_failure_line", lang, agency=agency, year=year, reason=reason)), file=err)
        return EXIT_ERRORS
    return EXIT_OK


def run(args: argparse.Namespace, result: ImportResult, out: Any, err: Any) -> int:
    # Python-docx, Plotly and the database layer are imported by the steps: only needed when a report is written.
    from ita.views.images import chart_session

    rows = _chosen_rows(result, args, err)
    if isinstance(rows, int):
        return rows
    batch = _open_batch(args, result)
    if args.all_agencies:
        Path(args.out).mkdir(parents=True, exist_ok=True)
    in_session = len(rows) > 1 and args.doc != "xlsx" and not args.no_charts
    with chart_session() if in_session else contextlib.nullcontext():
        for row in rows:
            _write_report(batch, row, out, err)
    return _summary(batch, len(rows), out, err)


def _write(target: Path, content: bytes) -> None:
    """Write through a temporary file beside ``target``, so a failure never leaves half a report under its name."""
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(target.name + ".part")
    try:
        part.write_bytes(content)
        part.replace(target)
    finally:
        part.unlink(missing_ok=True)
