"""Draft the O42 and the 6- and 12-month O43 of every agency-year in some results files and check each document's
claims against the data (``ita.reports.claims``): totals, grades, routes to the next grade with every tool floor,
strengths, urgent weaknesses, follow-up carried forward. Prints every contradiction and a summary line; exit 1
when there is any.

    python scripts/check_claims.py                          # the bundled samples, years 2563 2566 2567
    python scripts/check_claims.py FILE... --years 2566     # other files or years
    python scripts/check_claims.py --render --limit 5       # also render each .docx and read it back (slower)
    python scripts/check_claims.py --database sqlite:///data/ita.db   # the measures stored there

Without ``--database`` each agency gets three measures from the library with follow-ups that exercise the O43:
one finished at 100 % in the 6-month round and not reported again (carried forward), one in progress in both
rounds, one never reported.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ita.analysis.agency import AgencyYear, agency_year  # noqa: E402
from ita.io.identity import keys_for  # noqa: E402
from ita.io.importer import load_paths  # noqa: E402
from ita.measures.library import suggestions_for  # noqa: E402
from ita.measures.model import FollowUp, MeasureWithFollowUps  # noqa: E402
from ita.reports.claims import Checked, check_agency  # noqa: E402

DEFAULT_YEARS = (2563, 2566, 2567)


def demo_measures(table, result: AgencyYear) -> list[MeasureWithFollowUps]:
    """Three library measures for the year after ``result``, with follow-ups: done at 6 months (carried to 12),
    in progress at both, never reported."""
    entries = suggestions_for(table, result.agency_key, result.year, limit=3)
    year = result.measure_year
    reports = [
        {6: dict(status="done", progress=100, done="ดำเนินการแล้ว", report_date=dt.date(year - 543, 3, 31))},
        {
            6: dict(status="in_progress", progress=40, done="อยู่ระหว่างดำเนินการ"),
            12: dict(status="in_progress", progress=80, done="ดำเนินการเกือบแล้วเสร็จ"),
        },
        {},
    ]
    out = []
    for k, (entry, given) in enumerate(zip(entries, reports, strict=False), start=1):
        measure = replace(
            entry.entry.to_measure(result.agency_key, result.agency, year, result.agency_type), id=k, version=1
        )
        rounds = {r: FollowUp(k, r, **given.get(r, {})) for r in (6, 12)}
        out.append(MeasureWithFollowUps(measure, rounds))
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("files", nargs="*", type=Path, help="results files (default: sample_data/*.xlsx)")
    p.add_argument(
        "--years", nargs="*", type=int, default=list(DEFAULT_YEARS), help="B.E. years (default: %(default)s)"
    )
    p.add_argument("--render", action="store_true", help="render each document to .docx and check what it says")
    p.add_argument("--limit", type=int, default=0, help="at most this many agency-years (0: all)")
    p.add_argument("--database", help="read the measures from this database instead of making three per agency")
    args = p.parse_args(argv)

    started = time.perf_counter()
    files = args.files or sorted((ROOT / "sample_data").glob("*.xlsx"))
    result = load_paths(files)
    table = result.valid
    store = None
    if args.database:
        from ita.measures.store import open_store

        store = open_store(args.database)
    rows = table.loc[table["year"].isin(args.years)].drop_duplicates(["agency_key", "year"])
    rows = rows.sort_values(["year", "agency"])
    if args.limit:
        rows = rows.head(args.limit)
    checked: list[Checked] = []
    for key, year in zip(rows["agency_key"], rows["year"], strict=True):
        view = agency_year(table, key, int(year))
        if view is None:
            continue
        measures = (
            store.measures_with_follow_ups(keys_for(table, key), view.measure_year)
            if store
            else demo_measures(table, view)
        )
        checked.extend(check_agency(view, measures, render=args.render))
    wrong = [c for c in checked if c.findings]
    for c in wrong:
        for finding in c.findings:
            print(f"{c.agency} {c.year} {c.document}: {finding}")
    agency_years = len({(c.agency, c.year) for c in checked})
    claims = sum(len(c.findings) for c in checked)
    print(
        f"{agency_years} agency-years, {len(checked)} documents checked"
        f"{' (rendered)' if args.render else ''}: {claims} contradicted claims in {len(wrong)} documents"
        f" ({time.perf_counter() - started:.1f} s)"
    )
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
