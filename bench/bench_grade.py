"""Wall time of grading, against the floor of the Python stack it runs on.

    python bench/bench_grade.py            # grade ex01 (reference) vs `python -c "import numpy, pytest, hypothesis"`
    python bench/bench_grade.py --all      # also `grade all` on the references (without ex09) for the exercise set

Prints medians over several runs measured in the same process, and their ratio (goal for ex01: ≤ 3×).
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def wall(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - t0
    if proc.returncode != 0:
        sys.exit(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr[-2000:]}")
    return elapsed


def median_wall(cmd: list[str], runs: int) -> float:
    return statistics.median(wall(cmd) for _ in range(runs))


def paired_medians(a: list[str], b: list[str], runs: int) -> tuple[float, float]:
    """Medians of ``a`` and ``b`` run alternately, so a drift of the machine's speed hits both alike."""
    ta, tb = [], []
    for _ in range(runs):
        ta.append(wall(a))
        tb.append(wall(b))
    return statistics.median(ta), statistics.median(tb)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--all", action="store_true", help="also time `grade all` on the references")
    ap.add_argument("--exclude", default="ex09", help="exercises left out of --all (default: ex09, it trains a CNN)")
    args = ap.parse_args()
    py = sys.executable
    floor, ex01 = paired_medians(
        [py, "-c", "import numpy, pytest, hypothesis"],
        [py, "-m", "grader.cli", "ex01", "--file", "solutions/ex01_metrics.py", "--format", "json"], args.runs)
    print(f"cpu cores: {os.cpu_count()}   python: {sys.version.split()[0]}")
    print(f"floor  python -c 'import numpy, pytest, hypothesis'   median {floor:6.3f} s")
    print(f"grade ex01 --file solutions/ex01_metrics.py            median {ex01:6.3f} s")
    print(f"ratio  {ex01 / floor:.2f}x   (goal <= 3x)")
    if args.all:
        runs = max(3, args.runs // 2)
        t = median_wall([py, "-m", "grader.cli", "all", "--submission", "solutions", "--exclude", args.exclude,
                         "--format", "json"], runs)
        print(f"grade all --submission solutions --exclude {args.exclude}   median {t:6.2f} s over {runs} runs")


if __name__ == "__main__":
    main()
