"""The hostile-submission corpus as a table: attack, verdict, score granted, time to verdict.

    python bench/bench_hostile.py                 # grade, then grade batch (when the command exists)
    python bench/bench_hostile.py --mode grade    # only `grade EXERCISE --file`
    python bench/bench_hostile.py --only 04 15    # entries whose name contains 04 or 15

Goal: 0 false passes (a score above 0, or above the honest part of the file), 0 crashed or stalled
gradings, every verdict within its time limits + 5 s. The same runs are the checks of
tests/test_hostile.py (which allows some slack for a loaded machine; this table does not).
Exit status 0 when the goal is met, 1 otherwise.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import test_hostile as corpus  # noqa: E402


def _table(title: str, outcomes: list[corpus.Outcome]) -> tuple[int, int, int]:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, title_justify="left", show_lines=False)
    for col, kw in (("#", {}), ("item", {}), ("attack", {}), ("verdict", {"max_width": 70, "overflow": "fold"}),
                    ("score granted", {"justify": "right"}), ("must be", {"justify": "right"}),
                    ("time to verdict", {"justify": "right"}), ("limit", {"justify": "right"}), ("ok", {})):
        table.add_column(col, **kw)
    false_passes = failures = late = 0
    for out in outcomes:
        e = out.entry
        found = corpus.problems(out, check_time=False)
        limit = e.budget_s + corpus.GRACE_S
        is_late = out.seconds > limit
        false_passes += any("FALSE PASS" in f for f in found)
        failures += bool(out.error)
        late += is_late
        must = "0" if e.max_granted == "0" else (f"≤ {e.expect_score:g} (honest)" if e.expect_score is not None
                                                 else "honest; " + ", ".join(e.must_fail) + " fails")
        ok = "ok" if not found and not is_late else "NO: " + "; ".join(found + (["late"] if is_late else []))[:120]
        table.add_row(e.name[:2], e.item, e.attack, out.summary(), f"{out.score:g} / {out.max_score:g}", must,
                      f"{out.seconds:.1f} s", f"{limit:g} s", ok)
    Console(width=220).print(table)
    return false_passes, failures, late


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=("grade", "batch", "both"), default="both")
    parser.add_argument("--jobs", type=int, default=corpus.JOBS, help="gradings at once (grade) / --jobs (batch)")
    parser.add_argument("--only", nargs="*", default=None, help="entries whose file name contains one of these")
    args = parser.parse_args()

    iso = corpus._isolation()
    print(f"isolation: {iso.describe()}")
    entries, skipped = [], []
    for e in corpus.load_corpus():
        if args.only and not any(s in e.name for s in args.only):
            continue
        reason = corpus.skip_reason(e)
        (skipped.append((e, reason)) if reason else entries.append(e))
    totals = [0, 0, 0]
    with tempfile.TemporaryDirectory(prefix="bench-hostile-") as tmp:
        base = Path(tmp)
        if args.mode in ("grade", "both"):
            start = time.perf_counter()
            got = corpus.run_parallel(entries, base / "grade", jobs=args.jobs)
            res = _table(f"grade EXERCISE --file  ({len(entries)} entries, {args.jobs} at once, "
                         f"{time.perf_counter() - start:.0f} s)", [got[e.name] for e in entries])
            totals = [a + b for a, b in zip(totals, res)]
        if args.mode in ("batch", "both"):
            reason = corpus.batch_available()
            if reason:
                print(f"grade batch: skipped ({reason})")
            else:
                got = corpus.run_batch(entries, base / "batch", jobs=args.jobs)
                elapsed = next(iter(got.values())).batch_elapsed if got else 0.0  # type: ignore[attr-defined]
                res = _table(f"grade batch --jobs {args.jobs}  (one batch, {elapsed:.0f} s; time = the grading's "
                             "duration in the store)", [got[e.name] for e in entries])
                totals = [a + b for a, b in zip(totals, res)]
    for e, reason in skipped:
        print(f"skipped {e.name}: {reason}")
    false_passes, failures, late = totals
    print(f"false passes: {false_passes}   crashed or stalled gradings: {failures}   "
          f"verdicts later than limits + {corpus.GRACE_S:g} s: {late}")
    return 0 if not (false_passes or failures or late) else 1


if __name__ == "__main__":
    sys.exit(main())
