"""One grading's total time (``Limits.grading_s``, ``grade EXERCISE --grading-limit``): a submission that sleeps
just under each call's limit, or that makes the child restart after every call, cannot hold a grading longer
than the total; the checks it leaves unrun fail with a message that says why."""
from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from grader.core import discover
from grader.isolation import sandbox

ROOT = Path(__file__).resolve().parent.parent
EX01 = discover.find("ex01")
FUNCTIONS = ("confusion_matrix(y_true, y_pred, num_classes)", "accuracy(cm)", "precision(cm, k)", "recall(cm, k)",
             "specificity(cm, k)", "f1_score(cm, k)")


def slow_submission(tmp_path: Path, then: str) -> Path:
    body = "\n\n".join(f"def {sig}:\n    time.sleep(1.5)\n    {then}" for sig in FUNCTIONS)
    path = tmp_path / "ex01_metrics.py"
    path.write_text(f"import os\nimport time\n\nimport numpy as np\n\n\n{body}\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("then", ["return 0.0", "os._exit(3)"], ids=["sleeps", "sleeps_then_exits"])
def test_the_total_ends_a_slow_grading(tmp_path, then):
    sub = slow_submission(tmp_path, then)
    t0 = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "grader.cli", "ex01", "--file", str(sub), "--format", "json",
                           "--grading-limit", "5"], capture_output=True, text=True, cwd=ROOT, timeout=300)
    wall = time.monotonic() - t0
    result = json.loads(proc.stdout)
    assert result["score"] == 0
    capped = [t for t in result["tests"] if "total time limit of 5 s" in t["message"]]
    assert capped and all(t["status"] == "failed" for t in capped)
    assert capped[-1] == result["tests"][-1], "every check after the total is spent fails at once"
    # 11 tests of about 1.5 s each would be about 17 s (more with restarts); the total stops it near 5 s
    # (plus start-up and the machine's load, which the charged time leaves out).
    assert wall < 5 + 60, wall


def test_the_default_total_leaves_room_for_every_reference():
    for ex in discover.all_exercises():
        assert ex.limits.grading_s >= 300, ex.name
    assert sandbox.Limits().grading_s == 300
