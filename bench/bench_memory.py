"""Benchmark: peak memory of the command line on the largest files the limits let through.

    python bench/bench_memory.py [--rows 240000] [--repeat 1]

Builds a CSV of ``rows`` agency-years (agency, year, ten indicators: 12 cells a row, just under the 3,000,000-cell
limit at 240,000 rows), then runs ``python -m ita score --format json`` and ``python -m ita check`` on it as whole
processes and prints the wall time and the peak resident memory of the largest process among the command and its
parse worker (``wait4``'s ``ru_maxrss``). Target: every file within the limits stays under 500 MB.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_MB = 500


def build_csv(path: Path, rows: int) -> None:
    rng = random.Random(240000)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["ชื่อหน่วยงาน", "ปีงบประมาณ", *[f"ตัวชี้วัดที่ {k}" for k in range(1, 11)]])
        for i in range(rows):
            writer.writerow([f"อบต.ทดสอบ {i}", 2562 + i % 7, *[f"{rng.uniform(60, 100):.2f}" for _ in range(10)]])


def run(command: list[str]) -> tuple[float, float, int]:
    """Seconds, peak MB (largest single process of the tree), exit code."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=240_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "large.csv"
        build_csv(path, args.rows)
        print(f"file: {args.rows:,} rows × 12 cells, {path.stat().st_size / 1e6:.1f} MB CSV")
        worst = 0.0
        for name, extra in (("score --format json", ["score", "--format", "json"]), ("check", ["check"])):
            seconds, peak, code = run([sys.executable, "-m", "ita", *extra, str(path)])
            worst = max(worst, peak)
            print(f"python -m ita {name}: {seconds:.1f} s, peak {peak:.0f} MB, exit {code}")
    print(f"largest peak {worst:.0f} MB (target < {TARGET_MB} MB: {'met' if worst < TARGET_MB else 'MISSED'})")


if __name__ == "__main__":
    main()
