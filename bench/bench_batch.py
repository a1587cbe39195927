"""Throughput of `grade batch` on a generated class (ex01: references and typical wrong answers).

    python bench/bench_batch.py                  # 40 submissions, --jobs 1 and --jobs 2, 2 rounds each
    python bench/bench_batch.py -n 80 --rounds 3

Prints, measured in the same run:

* submissions per minute for ``--jobs 1`` and ``--jobs 2`` (median over rounds, ``--force`` so every
  round grades everything), and the speed-up (goal on 2 cores: >= 1.7x);
* the batch's overhead per submission beyond grading itself: the marginal wall time of one more
  submission at ``--jobs 1`` (from a 1-submission run and an N-submission run) against the mean time
  ``engine.grade_exercise`` took per submission (goal: <= 10%); and the fixed cost of a run
  (start-up, worker start, exports);
* for comparison, one ``grade ex01 --file`` process per submission.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from grader.authoring import mutants
from grader.core import discover


def make_class(folder: Path, n: int) -> None:
    ex = discover.find("ex01")
    variants = [ex.solution] + [mutants.write_mutant(ex.solution, m, folder / "_m" / m.stem) for m in ex.mutants()]
    for i in range(n):
        d = folder / "subs" / f"s{i:04d}"
        d.mkdir(parents=True)
        shutil.copyfile(variants[i % len(variants)], d / "ex01_metrics.py")


def batch(subs: Path, out: Path, jobs: int) -> tuple[float, float, int, float]:
    """(wall seconds, seconds inside grade_exercise summed, gradings, CPU seconds of the whole batch)."""
    cmd = [sys.executable, "-m", "grader.cli", "batch", str(subs), "--exercises", "ex01", "--jobs", str(jobs),
           "--out", str(out), "--force", "--format", "json", "--lang", "en"]
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode != 0:
        sys.exit(f"batch failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    data = json.loads(proc.stdout)
    durations = [e["duration_s"] for s in data["students"] for e in s["exercises"].values() if e["verdict"] == "graded"]
    return wall, sum(durations), len(durations), cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=40, help="submissions in the class (default 40)")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--single", type=int, default=5, help="`grade ex01 --file` runs for the comparison (0: skip)")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-batch-"))
    try:
        make_class(tmp, args.n)
        one = tmp / "one"
        (one / "s0").mkdir(parents=True)
        shutil.copyfile(discover.find("ex01").solution, one / "s0" / "ex01_metrics.py")
        walls: dict[int, list[float]] = {1: [], 2: []}
        cpus: dict[int, list[float]] = {1: [], 2: []}
        grading: list[float] = []
        fixed: list[float] = []
        for r in range(args.rounds):
            for jobs in ((1, 2) if r % 2 == 0 else (2, 1)):  # alternate, so drift in machine load evens out
                wall, inside, count, cpu = batch(tmp / "subs", tmp / f"out{jobs}", jobs)
                assert count == args.n, (count, args.n)
                walls[jobs].append(wall)
                cpus[jobs].append(cpu)
                if jobs == 1:
                    grading.append(inside / count)
            fixed.append(batch(one, tmp / "out_one", 1)[0])
        w1, w2 = statistics.median(walls[1]), statistics.median(walls[2])
        mean_grading = statistics.median(grading)
        run_one = statistics.median(fixed)
        marginal = (w1 - run_one) / (args.n - 1)
        print(f"cpu cores: {os.cpu_count()}   python: {sys.version.split()[0]}   load average: "
              f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        wrong = len(discover.find("ex01").mutants())
        print(f"class: {args.n} submissions of ex01 (reference + {wrong} wrong answers), "
              f"{args.rounds} rounds")
        print(f"--jobs 1   median {w1:7.2f} s   {args.n / w1 * 60:7.1f} submissions/min")
        print(f"--jobs 2   median {w2:7.2f} s   {args.n / w2 * 60:7.1f} submissions/min")
        print(f"speed-up   {w1 / w2:.2f}x   (goal >= 1.7x on 2 cores)")
        c1, c2 = statistics.median(cpus[1]), statistics.median(cpus[2])
        print(f"CPU time of the whole batch (all processes): --jobs 1 {c1:6.1f} s, --jobs 2 {c2:6.1f} s "
              f"({1000 * c1 / args.n:.0f} / {1000 * c2 / args.n:.0f} ms per submission)")
        print(f"grading itself (engine.grade_exercise, mean)   {mean_grading * 1000:7.1f} ms per submission")
        print(f"batch, marginal wall time per submission      {marginal * 1000:7.1f} ms  "
              f"-> overhead {100 * (marginal / mean_grading - 1):+.1f}%   (goal <= 10%)")
        print(f"fixed cost of a run (1 submission, --jobs 1)  {run_one:7.2f} s")
        if args.single:
            ref = discover.find("ex01").solution
            times = []
            for _ in range(args.single):
                t0 = time.perf_counter()
                subprocess.run([sys.executable, "-m", "grader.cli", "ex01", "--file", str(ref), "--format", "json"],
                               cwd=ROOT, capture_output=True)
                times.append(time.perf_counter() - t0)
            single = statistics.median(times)
            print(f"for comparison: `grade ex01 --file` per submission   median {single:6.2f} s "
                  f"({60 / single:.1f} submissions/min)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
