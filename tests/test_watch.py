"""``grade watch``: a grading on start, another on each save with a one-line diff, and a clean Ctrl-C."""
from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from grader.core import discover
from grader.core.results import ExerciseResult
from grader.core.results import TestResult as Outcome
from grader.formats import watch

ROOT = Path(__file__).resolve().parent.parent
EX01 = discover.find("ex01")


def _result(**scores: float) -> ExerciseResult:
    return ExerciseResult("ex01", "ex01_metrics", "t", [Outcome(n, 2, s, s == 2) for n, s in scores.items()])


def test_diff_line_names_the_points_gained_and_lost_per_test():
    before, after = _result(a=2, b=0, c=1), _result(a=0, b=2, c=1)
    assert watch.diff_line(None, before, "en") == "First run: 3 / 6."
    assert watch.diff_line(before, after, "en") == "Since the last run: −2 a, +2 b (3 → 3 / 6)."
    assert watch.diff_line(after, after, "en") == "Since the last run: no change (3 / 6)."
    assert watch.diff_line(before, after, "ko") == "지난 채점 이후: −2 a, +2 b (3 → 3 / 6)."


def _lines(proc: subprocess.Popen) -> queue.Queue:
    q: queue.Queue = queue.Queue()

    def pump() -> None:
        for line in proc.stdout:
            q.put(line)
        q.put(None)

    threading.Thread(target=pump, daemon=True).start()
    return q


def _wait_for(q: queue.Queue, text: str, seen: list[str], timeout: float) -> str:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            line = q.get(timeout=max(0.1, end - time.monotonic()))
        except queue.Empty:
            break
        if line is None:
            break
        seen.append(line)
        if text in line:
            return line
    raise AssertionError(f"{text!r} did not appear within {timeout} s:\n{''.join(seen)[-4000:]}")


def test_watch_grades_again_on_save_and_stops_cleanly_on_ctrl_c(tmp_path):
    file = tmp_path / "ex01_metrics.py"
    reference = EX01.solution.read_text(encoding="utf-8")
    file.write_text(reference, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "grader.cli", "watch", "ex01", "--file", str(file), "--lang", "en",
                             "--debounce", "200"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, env={**os.environ, "PYTHONUNBUFFERED": "1", "COLUMNS": "200"})
    seen: list[str] = []
    try:
        q = _lines(proc)
        full = f"{discover.find('ex01').points:g}"
        _wait_for(q, f"First run: {full} / {full}.", seen, timeout=300)
        _wait_for(q, "watching", seen, timeout=30)
        broken = reference.replace("    return float(np.trace(cm) / total) if total > 0 else 0.0",
                                   "    return 0.0")
        assert broken != reference, "the reference's accuracy line changed: update this test"
        # Written the way editors save: a new file renamed over the old one.
        tmp = tmp_path / ".ex01_metrics.py.swp-new"
        tmp.write_text(broken, encoding="utf-8")
        tmp.replace(file)
        line = _wait_for(q, "Since the last run:", seen, timeout=300)
        assert "−1 accuracy" in line and f"({full} → {float(full) - 2:g} / {full})" in line and "precision" not in line, line
        _wait_for(q, "watching", seen, timeout=30)
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=60) == 0
        _wait_for(q, "Stopped watching.", seen, timeout=10)
        assert "Traceback" not in "".join(seen)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
