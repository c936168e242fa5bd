"""Benchmark: load a national-size results workbook, against plain pandas + openpyxl.

    python bench/bench_import.py [--agencies 8300] [--years 7] [--repeat 3] [--keep PATH]

Builds a workbook of ``agencies`` rows × ``years`` sheets (one sheet per fiscal year, 2562 onwards, a
title row above a Thai header, mixed agency types and provinces), then times in fresh child processes:

- baseline: ``pandas.read_excel(path, engine="openpyxl", sheet_name=None)`` (reading only), and
- ours: ``ita.load_paths([path])`` (read, find the header, match, validate, score, cross-check), and
- side by side, whole processes: ``python -m ita check PATH`` (parsing in an isolated worker) against a bare
  ``pandas.read_excel(PATH, engine="calamine", sheet_name=None)``: the check must stay within 1.5× of it.

Each is run ``repeat`` times; the best time and the peak resident memory of the child are printed,
with the ratio. Targets: at least 8× faster than the baseline, under 500 MB peak.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TYPES = [
    "องค์การบริหารส่วนตำบล",
    "เทศบาลตำบล",
    "เทศบาลเมือง",
    "ส่วนราชการระดับกรม",
    "สถาบันอุดมศึกษา",
    "รัฐวิสาหกิจ",
    "องค์การบริหารส่วนจังหวัด",
    "จังหวัด",
]
PROVINCES = [
    "สกลนคร",
    "เชียงใหม่",
    "นครราชสีมา",
    "ขอนแก่น",
    "สงขลา",
    "ชลบุรี",
    "อุบลราชธานี",
    "พิษณุโลก",
    "นครศรีธรรมราช",
    "อุดรธานี",
]


def build(path: Path, agencies: int, years: int) -> None:
    import numpy as np
    import pandas as pd
    from openpyxl import Workbook

    from ita.rules.frameworks import default_frameworks
    from ita.rules.scoring import score_frame

    rng = np.random.default_rng(8300)
    frameworks = default_frameworks()
    names = [f"{k}. {i.name_th}" for k, i in enumerate(frameworks.by_year[2563].indicators, 1)]
    wb = Workbook(write_only=True)
    level = rng.normal(0, 5, agencies)
    for y in range(years):
        year = 2562 + y
        scores = np.clip(72 + 3.5 * y + level[:, None] + rng.normal(0, 5, (agencies, 10)), 0, 100).round(2)
        table = pd.DataFrame(scores, columns=[f"i{k}" for k in range(1, 11)]).assign(year=year)
        scored = score_frame(table, frameworks)
        ws = wb.create_sheet(f"ITA {year}")
        ws.append([f"ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ ประจำปีงบประมาณ พ.ศ. {year}"])
        ws.append(
            [
                "ลำดับ",
                "รหัสหน่วยงาน",
                "ชื่อหน่วยงาน",
                "ประเภทหน่วยงาน",
                "จังหวัด",
                *names,
                "IIT",
                "EIT",
                "OIT",
                "คะแนนรวม",
                "ระดับผลการประเมิน",
            ]
        )
        for a in range(agencies):
            ws.append(
                [
                    a + 1,
                    f"A{a:05d}",
                    f"หน่วยงานทดสอบที่ {a + 1}",
                    TYPES[a % len(TYPES)],
                    PROVINCES[a % len(PROVINCES)],
                    *scores[a].tolist(),
                    float(scored["iit"].iat[a]),
                    float(scored["eit"].iat[a]),
                    float(scored["oit"].iat[a]),
                    float(scored["total"].iat[a]),
                    scored["grade"].iat[a],
                ]
            )
    wb.save(path)


def child(mode: str, path: str) -> None:
    """Run one measurement in this (fresh) process and print JSON."""
    # Imports are done before the clock starts, for both.
    import pandas as pd

    from ita.io.importer import load_paths

    start = time.perf_counter()
    if mode == "baseline":
        sheets = pd.read_excel(path, engine="openpyxl", sheet_name=None)
        rows = sum(len(s) for s in sheets.values())
        extra: dict = {}
    else:
        result = load_paths([path])
        rows = len(result.valid)
        extra = {
            "errors": int((result.problems["severity"] == "error").sum()),
            "warnings": int((result.problems["severity"] == "warning").sum()),
        }
    elapsed = time.perf_counter() - start
    from ita.io import isolation

    isolation.pool().close()  # the parse worker is waited for, so its peak (and its readers') is counted below
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    workers_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # the largest worker or reader
    print(
        json.dumps(
            {"seconds": elapsed, "peak_mb": peak_kb / 1024, "worker_peak_mb": workers_kb / 1024, "rows": rows, **extra}
        )
    )


def measure(mode: str, path: Path, repeat: int, env: dict | None = None) -> dict:
    runs = []
    for _ in range(repeat):
        done = subprocess.run(
            [sys.executable, __file__, "--child", mode, str(path)],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
            env={**os.environ, **(env or {})},
        )
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    best = min(runs, key=lambda r: r["seconds"])
    return {
        **best,
        "peak_mb": max(r["peak_mb"] for r in runs),
        "worker_peak_mb": max(r["worker_peak_mb"] for r in runs),
        "all": [round(r["seconds"], 3) for r in runs],
    }


def whole_process(command: list[str], repeat: int) -> dict:
    """Wall time of a whole command (interpreter start, imports, work, exit) and its peak resident memory
    (the largest of the process and the children it waited for), best of ``repeat``."""
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        runs.append((time.perf_counter() - start, usage.ru_maxrss / 1024, proc.returncode))
    return {
        "seconds": min(r[0] for r in runs),
        "all": [round(r[0], 2) for r in runs],
        "peak_mb": max(r[1] for r in runs),
        "exit": runs[-1][2],
    }


def compare_check(path: Path, repeat: int) -> None:
    """Point 1 of the safety issue: the whole ``python -m ita check`` (parsing in an isolated worker) against a
    bare ``pandas.read_excel(engine="calamine")`` of the same file, each a whole process, side by side."""
    bare = whole_process(
        [
            sys.executable,
            "-c",
            "import sys, pandas; pandas.read_excel(sys.argv[1], engine='calamine', sheet_name=None)",
            str(path),
        ],
        repeat,
    )
    check = whole_process([sys.executable, "-m", "ita", "check", str(path)], repeat)
    ratio = check["seconds"] / bare["seconds"]
    print(
        f"whole process, bare pandas.read_excel(engine='calamine', sheet_name=None): {bare['seconds']:.2f} s "
        f"(runs {bare['all']}), peak {bare['peak_mb']:.0f} MB"
    )
    print(
        f"whole process, python -m ita check (isolated worker): {check['seconds']:.2f} s (runs {check['all']}), "
        f"peak {check['peak_mb']:.0f} MB, exit {check['exit']}"
    )
    print(f"check ÷ bare calamine: {ratio:.2f}× (target ≤ 1.5×: {'met' if ratio <= 1.5 else 'MISSED'})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--agencies", type=int, default=8300)
    parser.add_argument("--years", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="write the workbook here and keep it")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "national.xlsx"
        t0 = time.perf_counter()
        build(path, args.agencies, args.years)
        print(
            f"workbook: {args.agencies:,} agencies × {args.years} sheets = {args.agencies * args.years:,} rows, "
            f"{path.stat().st_size / 1e6:.1f} MB, built in {time.perf_counter() - t0:.1f} s"
        )
        compare_check(path, args.repeat)
        base = measure("baseline", path, args.repeat)
        ours = measure("ours", path, args.repeat)
        single = measure("ours", path, args.repeat, env={"ITA_WORKERS": "1"})
    print(
        f"baseline pandas.read_excel(openpyxl): {base['seconds']:.2f} s (runs {base['all']}), "
        f"peak {base['peak_mb']:.0f} MB, {base['rows']:,} rows"
    )
    print(
        f"ita.load_paths (read+match+validate+score, sheets on {os.cpu_count()} cores): {ours['seconds']:.2f} s "
        f"(runs {ours['all']}), peak {ours['peak_mb']:.0f} MB main + {ours['worker_peak_mb']:.0f} MB largest "
        f"parse worker or sheet reader, {ours['rows']:,} scored rows, {ours['errors']} errors, "
        f"{ours['warnings']} warnings"
    )
    print(
        f"ita.load_paths, sheets read one after the other in the parse worker (ITA_WORKERS=1): "
        f"{single['seconds']:.2f} s (runs {single['all']}), peak {single['peak_mb']:.0f} MB main + "
        f"{single['worker_peak_mb']:.0f} MB worker"
    )
    ratio = base["seconds"] / ours["seconds"]
    print(
        f"speed-up: {ratio:.1f}× (target ≥ 8×: {'met' if ratio >= 8 else 'MISSED'}); sheets one after the other: "
        f"{base['seconds'] / single['seconds']:.1f}×"
    )
    peaks = [ours["peak_mb"], ours["worker_peak_mb"], single["peak_mb"], single["worker_peak_mb"]]
    print(
        f"peak memory: {ours['peak_mb']:.0f} MB main process, {ours['worker_peak_mb']:.0f} MB largest worker "
        f"(target < 500 MB each: {'met' if max(peaks) < 500 else 'MISSED'})"
    )


if __name__ == "__main__":
    main()
