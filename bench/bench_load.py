"""Verdict stability on a busy machine: the references and the catalogue of wrong answers, graded quiet and
then with the cores oversubscribed 1×, 2× and 4× by spinning processes (tests/loadgen.py).

    python bench/bench_load.py                          # every exercise but ex09, factors 1 2 4
    python bench/bench_load.py --exercises ex01,ex15 --factors 4
    python bench/bench_load.py --exercises all          # ex09 too
    python bench/bench_load.py --exercises all --jobs 2 --out load.json   # two gradings at a time, as a batch

For each factor it prints the share of gradings whose verdict (every test's status and points) equals the
quiet run's (goal: 100 %), the gradings that differ, and the grading time against the quiet run's, all
measured in this one run. ``--out`` keeps every verdict and time in a JSON file, written after each phase.
"""
from __future__ import annotations

import argparse
import concurrent.futures
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


def grade_all(subs: list[tuple[str, str, Path]], jobs: int) -> tuple[dict, dict, float]:
    """Every submission graded, ``jobs`` at a time: verdicts and seconds by (exercise, name), and the wall time."""
    start = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        done = dict(zip([(ex, name) for ex, name, _ in subs], pool.map(lambda s: grade(s[0], s[2]), subs)))
    return ({k: v for k, (v, _) in done.items()}, {k: s for k, (_, s) in done.items()},
            time.perf_counter() - start)


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
    ap.add_argument("--jobs", type=int, default=1, help="gradings at a time (default 1)")
    ap.add_argument("--out", default="", help="a JSON file for every verdict and time, written after each phase")
    args = ap.parse_args()
    every = discover.all_exercises()
    if args.exercises == "all":
        chosen = every
    elif args.exercises:
        chosen = [discover.find(e) for e in args.exercises.split(",")]
    else:
        chosen = [e for e in every if e.id != "ex09"]
    record: dict = {"cores": cores(), "jobs": args.jobs, "phases": {}}

    def save(phase: str, verdicts: dict, seconds: dict, wall: float, **extra: object) -> None:
        record["phases"][phase] = {"wall_s": round(wall, 1), **extra,
                                   "gradings": {f"{ex}:{name}": {"verdict": verdicts[ex, name],
                                                                 "seconds": round(seconds[ex, name], 2)}
                                                for ex, name in verdicts}}
        if args.out:
            Path(args.out).write_text(json.dumps(record, indent=1), encoding="utf-8")

    with tempfile.TemporaryDirectory() as tmp:
        subs = submissions(chosen, Path(tmp))
        print(f"{len(subs)} gradings ({len(chosen)} exercises: references and catalogued mistakes), {cores()} cores, "
              f"{args.jobs} at a time", flush=True)
        quiet, quiet_s, wall_quiet = grade_all(subs, args.jobs)
        save("quiet", quiet, quiet_s, wall_quiet)
        slowest = sorted(quiet_s.items(), key=lambda kv: -kv[1])[:3]
        print(f"quiet: {wall_quiet:.0f} s (slowest: "
              + ", ".join(f"{ex}:{name} {s:.0f} s" for (ex, name), s in slowest) + ")", flush=True)
        for factor in (float(f) for f in args.factors.split(",")):
            with Saturated(factor=factor, max_s=4 * 3600) as load:
                verdicts, seconds, wall = grade_all(subs, args.jobs)
                still = load.busy() == load.count
            differ = [f"{ex}:{name}" for ex, name, _ in subs if verdicts[ex, name] != quiet[ex, name]]
            same = len(subs) - len(differ)
            save(f"{factor:g}x", verdicts, seconds, wall, busy=load.count, differ=differ)
            print(f"{factor:g}× ({load.count} busy processes{'' if still else ', ended early'}): "
                  f"{100 * same / len(subs):.1f} % of verdicts as quiet ({same}/{len(subs)}), "
                  f"time {wall:.0f} s = {wall / wall_quiet:.2f}× quiet"
                  + (f"; differ: {', '.join(differ)}" if differ else ""), flush=True)

if __name__ == "__main__":
    main()
