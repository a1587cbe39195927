"""The whole kit's mutation audit, timed: `grade audit all` without its cache.

    python bench/bench_audit.py              # every exercise, --jobs = the CPU cores
    python bench/bench_audit.py --jobs 2 ex01 ex05

Prints, per exercise, the mutants generated, killed, surviving and listed as equivalent, the mutation
score and the time, then the total time (goal on 2 cores: <= 30 minutes for the whole kit). Training
exercises grade a fixed sample of their mutants (grader.authoring.audit.TRAINING_SAMPLE).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("exercises", nargs="*", help="ids (default: all)")
    ap.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    from grader.core import discover

    which = args.exercises or [e.id for e in discover.all_exercises()]
    print(f"cpu cores: {os.cpu_count()}   jobs: {args.jobs}   python: {sys.version.split()[0]}", flush=True)
    print(f"{'exercise':28} {'generated':>9} {'killed':>7} {'survived':>8} {'equiv.':>6} {'score':>7} {'time':>7}",
          flush=True)
    t0 = time.perf_counter()
    n = survived = 0
    for ex in which:  # one audit per exercise: each line is printed as soon as it is known
        proc = subprocess.run([sys.executable, "-m", "grader.cli", "audit", ex, "--format", "json", "--no-cache",
                               "--jobs", str(args.jobs)], cwd=ROOT, capture_output=True, text=True)
        if proc.returncode not in (0, 1):
            sys.exit(f"grade audit {ex} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
        for r in json.loads(proc.stdout):
            n, survived = n + r["generated"], survived + r["survived"]
            print(f"{r['exercise']:28} {r['generated']:9d} {r['killed']:7d} {r['survived']:8d} {r['equivalent']:6d} "
                  f"{100 * r['mutation_score']:6.1f}% {r['seconds']:6.0f}s", flush=True)
    total = time.perf_counter() - t0
    print(f"whole kit: {n} mutants, {survived} surviving, {total / 60:.1f} minutes")


if __name__ == "__main__":
    main()
