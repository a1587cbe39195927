"""`grade batch` on Dask distributed against the local pool, and the scheduler's cost per grading.

    python bench/bench_dask.py                 # a class of 60 ex01 submissions, 2 rounds
    python bench/bench_dask.py -n 40 --rounds 3 --tasks 10000

Prints, measured in the same run (rounds alternate, so a drift of the machine's speed hits all alike):

* the median wall time of the same class with ``--jobs 2`` and with ``--cluster local:2`` (everything
  a user waits for: cluster start, grading, exports), and Dask's overhead against the pool (goal
  <= 10 %);
* ``--cluster local:1`` against ``--cluster local:2``: the speed-up of a second worker (goal >= 1.8x
  on a machine with at least 2 free cores; a loaded or 2-core machine shows less, since the grader's
  own process and the scheduler share those cores), all included and for the gradings alone (the
  wall time of a class of 2, which is start-up, exports and two gradings, taken off both);
* the machine's own ceiling for that speed-up: the work two busy processes do in 3 s against one
  (virtual cores that share a physical one, or a busy host, give less than 2x);
* the scheduler's and coordinator's cost per grading: ``--tasks`` gradings of a trivial task (no
  grading work at all) sent through the same submit / ``as_completed`` / one-transaction-per-result
  store path, per grading (goal <= 5 ms).
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_batch import make_class  # noqa: I001  (after the checkout is on sys.path)
from grader.classroom import distributed
from grader.classroom.batch import Job
from grader.classroom.store import Key, Store
from grader.core import discover
from grader.core.results import ExerciseResult, TestResult


def timed_batch(subs: Path, out: Path, *how: str) -> float:
    cmd = [sys.executable, "-m", "grader.cli", "batch", str(subs), "--exercises", "ex01", "--out", str(out),
           "--force", "--format", "json", "--lang", "en", *how]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        sys.exit(f"batch {' '.join(how)} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return wall


def trivial_task(payload: dict) -> dict:
    """What a worker returns for one grading, without grading anything."""
    result = ExerciseResult(exercise="ex01", name="ex01_metrics", title="t", tests=[
        TestResult(name=f"t{i}", max_score=1, score=1, passed=True) for i in range(8)])
    import dataclasses

    return {"verdict": "graded", "result": dataclasses.asdict(result), "figures": {}}


def scheduler_cost(n: int, folder: Path) -> float:
    """Seconds per grading of submitting ``n`` trivial gradings and committing each result."""
    client, local = distributed.connect(None, "local:2")
    try:
        ex = discover.find("ex01")
        executor = distributed.DaskExecutor(client, [ex], "en", {}, 60, warn=print)
        source = folder / "ex01_metrics.py"
        source.write_bytes(ex.solution.read_bytes())
        jobs = [Job(f"s{i:05d}", ex, source, Key(f"h{i}", "v", "t")) for i in range(n)]
        distributed.grade_task, real = trivial_task, distributed.grade_task
        try:
            with Store(folder / "grades.sqlite") as store:
                t0 = time.perf_counter()
                executor.run(jobs, lambda job, res, verdict: store.save(job.student, res, verdict, job.key))
                elapsed = time.perf_counter() - t0
        finally:
            distributed.grade_task = real
        return elapsed / n
    finally:
        distributed.close(client, local)


_SPIN = "import time\nt = time.perf_counter(); n = 0\nwhile time.perf_counter() - t < 3: n += 1\nprint(n)"


def core_ceiling() -> tuple[int, int]:
    """Loop iterations in 3 s: one process alone, and two at once (summed)."""
    def spin(k: int) -> int:
        procs = [subprocess.Popen([sys.executable, "-c", _SPIN], stdout=subprocess.PIPE, text=True) for _ in range(k)]
        return sum(int(p.communicate()[0]) for p in procs)
    return spin(1), spin(2)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=60, help="submissions in the class (the cluster's start-up is paid once)")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--tasks", type=int, default=10_000, help="trivial gradings for the scheduler's cost")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-dask-") as tmp:
        folder = Path(tmp)
        make_class(folder / "class", args.n)
        make_class(folder / "two", 2)
        subs, two = folder / "class" / "subs", folder / "two" / "subs"
        times: dict[str, list[float]] = {k: [] for k in ("jobs2", "dask1", "dask2", "fixed1", "fixed2")}
        for _ in range(args.rounds):
            times["jobs2"].append(timed_batch(subs, folder / "out", "--jobs", "2"))
            times["dask2"].append(timed_batch(subs, folder / "out", "--cluster", "local:2"))
            times["dask1"].append(timed_batch(subs, folder / "out", "--cluster", "local:1"))
            times["fixed2"].append(timed_batch(two, folder / "out", "--cluster", "local:2"))
            times["fixed1"].append(timed_batch(two, folder / "out", "--cluster", "local:1"))
        med = {k: statistics.median(v) for k, v in times.items()}
        print(f"cpu cores: {os.cpu_count()}   python: {sys.version.split()[0]}   load average: "
              f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        print(f"class: {args.n} submissions of ex01, {args.rounds} rounds (median wall time, all included)")
        print(f"--jobs 2            {med['jobs2']:7.2f} s")
        print(f"--cluster local:2   {med['dask2']:7.2f} s   overhead against --jobs 2: "
              f"{100 * (med['dask2'] / med['jobs2'] - 1):+.1f} %")
        speedup = med["dask1"] / med["dask2"]
        net = (med["dask1"] - med["fixed1"]) / (med["dask2"] - med["fixed2"])
        print(f"--cluster local:1   {med['dask1']:7.2f} s   speed-up 1 -> 2 workers: {speedup:.2f}x all included, "
              f"{net:.2f}x for the gradings alone (a class of 2 takes {med['fixed1']:.2f} s and "
              f"{med['fixed2']:.2f} s)")
        one, two = core_ceiling()
        print(f"machine ceiling: 2 busy processes do {two / one:.2f}x the work of one")
        per = scheduler_cost(args.tasks, folder)
        print(f"scheduler + coordinator per grading ({args.tasks} trivial gradings, store included): "
              f"{1000 * per:.2f} ms")


if __name__ == "__main__":
    main()
