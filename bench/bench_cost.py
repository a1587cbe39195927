"""The cost of one student: `grade all` on a student whose every file is the reference, in core-seconds
(the CPU time of the grader and of every sandboxed child, user + system), and per exercise.

    python bench/bench_cost.py              # the whole kit
    python bench/bench_cost.py --exercises ex09,ex15

Goal: ≤ 60 core-seconds for the whole kit, every exercise at full marks. Core-seconds do not depend on
how busy the machine is; the wall time printed beside them does.
"""
from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from grader.core import discover  # noqa: E402


def core_seconds() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def grade(exercise: str, folder: Path) -> tuple[dict, float, float]:
    c0, t0 = core_seconds(), time.perf_counter()
    # --isolation rlimits: the child is then the grader's own child, reaped by it, so getrusage counts its CPU
    # time. Under bubblewrap the sandbox's processes end inside its PID namespace, unreaped by the grader,
    # and getrusage would miss most of the work (the work itself is the same).
    proc = subprocess.run([sys.executable, "-m", "grader.cli", exercise, "--submission", str(folder),
                           "--format", "json", "--lang", "en", "--isolation", "rlimits"],
                          cwd=ROOT, capture_output=True, text=True)
    wall, cpu = time.perf_counter() - t0, core_seconds() - c0
    try:
        return json.loads(proc.stdout), cpu, wall
    except json.JSONDecodeError:
        return {"score": 0, "max_score": -1, "error": proc.stderr[-300:]}, cpu, wall


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--exercises", default="", help="comma-separated ids (default: all)")
    args = ap.parse_args()
    chosen = ([discover.find(e) for e in args.exercises.split(",")] if args.exercises
              else discover.all_exercises())
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for ex in chosen:
            shutil.copy(ex.solution, folder / ex.solution.name)
        total_cpu = total_wall = 0.0
        full = True
        for ex in chosen:
            result, cpu, wall = grade(ex.id, folder)
            total_cpu, total_wall = total_cpu + cpu, total_wall + wall
            ok = result.get("max_score", 0) > 0 and result.get("score") == result.get("max_score")
            full &= ok
            extra = result.get("extra", {})
            note = f"  epochs done {extra['epochs_done']}" if "epochs_done" in extra else ""
            print(f"{ex.id}  {cpu:7.1f} core-s  {wall:6.1f} s wall  {result.get('score')}/{result.get('max_score')}"
                  f"{'' if ok else '  NOT FULL'}{note}")
        print(f"total: {total_cpu:.1f} core-seconds ({total_wall:.0f} s wall), "
              f"{'every exercise at full marks' if full else 'NOT every exercise at full marks'}")
        if not args.exercises:  # what a student runs: `grade all`, one grader process for the whole kit
            c0, t0 = core_seconds(), time.perf_counter()
            proc = subprocess.run([sys.executable, "-m", "grader.cli", "all", "--submission", str(folder),
                                   "--format", "json", "--lang", "en", "--isolation", "rlimits"],
                                  cwd=ROOT, capture_output=True, text=True)
            cpu, wall = core_seconds() - c0, time.perf_counter() - t0
            try:
                data = json.loads(proc.stdout)
                marks = f"{data['score']:g}/{data['max_score']:g}"
            except (json.JSONDecodeError, KeyError):
                marks = "no result"
            print(f"grade all (one grader process): {cpu:.1f} core-seconds ({wall:.0f} s wall), {marks}")


if __name__ == "__main__":
    main()
