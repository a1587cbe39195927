"""Verdict stability on a busy machine: the references and the catalogue of wrong answers, graded quiet and
then with the cores oversubscribed 1×, 2× and 4× by spinning processes (tests/loadgen.py).

    python bench/bench_load.py                          # every exercise but ex09, factors 1 2 4
    python bench/bench_load.py --exercises ex01,ex15 --factors 4
    python bench/bench_load.py --exercises all          # ex09 too (about ten minutes per factor on 2 cores)

For each factor it prints the share of gradings whose verdict (every test's status and points) equals the
quiet run's (goal: 100 %), the gradings that differ, and the grading time against the quiet run's, all
measured in this one run.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from grader.authoring import mutants  # noqa: E402
from grader.core import discover  # noqa: E402
from tests.loadgen import Saturated, cores  # noqa: E402


def grade(exercise: str, file: Path) -> tuple[dict, float]:
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "grader.cli", exercise, "--file", str(file), "--format", "json",
                           "--lang", "en"], cwd=ROOT, capture_output=True, text=True, timeout=3600)
    seconds = time.perf_counter() - start
    try:
        result = json.loads(proc.stdout)
    except json.JSONDecodeError:
        result = {"tests": [], "error": proc.stderr[-500:]}
    return {t["name"]: [t["status"], t["score"]] for t in result["tests"]}, seconds


def submissions(exercises: list, folder: Path) -> list[tuple[str, str, Path]]:
    out = []
    for ex in exercises:
        out.append((ex.id, "reference", ex.solution))
        for m in ex.mutants():
            out.append((ex.id, m.stem, mutants.write_mutant(ex.solution, m, folder / ex.id / m.stem)))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--exercises", default="", help="comma-separated ids, or 'all' (default: all but ex09)")
    ap.add_argument("--factors", default="1,2,4", help="oversubscription factors (busy processes per core)")
    args = ap.parse_args()
    every = discover.all_exercises()
    if args.exercises == "all":
        chosen = every
    elif args.exercises:
        chosen = [discover.find(e) for e in args.exercises.split(",")]
    else:
        chosen = [e for e in every if e.id != "ex09"]
    with tempfile.TemporaryDirectory() as tmp:
        subs = submissions(chosen, Path(tmp))
        print(f"{len(subs)} gradings ({len(chosen)} exercises: references and catalogued mistakes), {cores()} cores")
        quiet = {}
        t_quiet = 0.0
        for ex, name, path in subs:
            quiet[ex, name], s = grade(ex, path)
            t_quiet += s
        print(f"quiet: {t_quiet:.0f} s")
        for factor in (float(f) for f in args.factors.split(",")):
            same, differ, t_load = 0, [], 0.0
            with Saturated(factor=factor, max_s=7200) as load:
                for ex, name, path in subs:
                    v, s = grade(ex, path)
                    t_load += s
                    if v == quiet[ex, name]:
                        same += 1
                    else:
                        differ.append(f"{ex}:{name}")
                still = load.busy() == load.count
            print(f"{factor:g}× ({load.count} busy processes{'' if still else ', ended early'}): "
                  f"{100 * same / len(subs):.1f} % of verdicts as quiet ({same}/{len(subs)}), "
                  f"time {t_load:.0f} s = {t_load / t_quiet:.2f}× quiet"
                  + (f"; differ: {', '.join(differ)}" if differ else ""))


if __name__ == "__main__":
    main()
