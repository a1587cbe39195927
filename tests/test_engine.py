"""Engine behaviour: a child that hangs or exits fails only the affected tests, and the run goes on;
hypothesis does not shrink against a dead child; grades are deterministic."""
from __future__ import annotations

import time

import pytest

from tests.conftest import ROOT, grade_json

REFERENCE = (ROOT / "solutions" / "ex01_metrics.py").read_text()


def _with_body(tmp_path, function: str, body: str):
    src = REFERENCE.replace(f"def {function}(cm: np.ndarray) -> np.ndarray:\n",
                            f"def {function}(cm: np.ndarray) -> np.ndarray:\n{body}\n", 1)
    assert src != REFERENCE
    sub = tmp_path / "ex01_metrics.py"
    sub.write_text(src)
    return sub


def _by_name(result):
    return {t["name"]: t for t in result["tests"]}


def test_a_hanging_function_fails_its_tests_only(tmp_path):
    sub = _with_body(tmp_path, "f1_score", "    while True:\n        pass")
    started = time.monotonic()
    grade_json("ex01", ROOT / "solutions" / "ex01_metrics.py")
    honest = time.monotonic() - started  # the same grading without the hang, on this machine now
    started = time.monotonic()
    code, result = grade_json("ex01", sub)
    elapsed = time.monotonic() - started
    tests = _by_name(result)
    assert code == 1
    assert not tests["f1_score"]["passed"] and "Timed out after 5 s in f1_score()" in tests["f1_score"]["message"]
    assert tests["precision"]["passed"] and tests["recall"]["passed"]  # later tests got a fresh child
    # One call timeout (5 s of the child's time) for the test, not one per hypothesis example (that would be
    # minutes): no shrinking against a dead child. A busy machine stretches the 5 s, hence the margin.
    assert elapsed - honest < 60
    # Exactly the tests that call f1_score lose their points, each for the timeout.
    calls_f1 = {"f1_score", "metrics_reject_non_square", "metrics_reject_negative_counts"}
    failed = {name for name, t in tests.items() if not t["passed"]}
    assert failed == calls_f1, failed
    assert all("Timed out after 5 s in f1_score()" in tests[name]["message"] for name in failed)
    assert result["score"] == result["max_score"] - sum(tests[name]["max_score"] for name in calls_f1)


def test_exit_inside_a_function_is_a_verdict_not_a_crash(tmp_path):
    sub = _with_body(tmp_path, "recall", "    import os\n    os._exit(0)")
    code, result = grade_json("ex01", sub)
    tests = _by_name(result)
    assert code == 1
    assert "exited with code 0 while running recall()" in tests["recall"]["message"]
    assert tests["specificity"]["passed"]


def test_exit_at_import_fails_everything_with_one_clear_verdict(tmp_path):
    sub = tmp_path / "ex01_metrics.py"
    sub.write_text(REFERENCE + "\nimport sys\nsys.exit(0)\n")
    code, result = grade_json("ex01", sub)
    assert code == 1 and result["score"] == 0
    assert all("could not be imported: SystemExit" in t["message"] for t in result["tests"])


def test_same_submission_same_grade(tmp_path):
    sub = _with_body(tmp_path, "specificity", "    return recall(cm)")
    first = grade_json("ex01", sub)[1]
    second = grade_json("ex01", sub)[1]
    assert [(t["name"], t["score"], t["message"]) for t in first["tests"]] == \
           [(t["name"], t["score"], t["message"]) for t in second["tests"]]


def test_partial_credit_for_independent_cases(tmp_path):
    # Validates lengths, ndim and the class count but not the label range: 3 of the 5 invalid-input cases pass.
    src = REFERENCE.replace("        if y.size and (y.min() < 0 or y.max() >= num_classes):\n"
                            "            raise ValueError(f\"{name} has labels outside [0, {num_classes})\")\n",
                            "        pass\n")
    src = src.replace("    cm = np.zeros((num_classes, num_classes), dtype=np.int64)\n    np.add.at",
                      "    cm = np.zeros((num_classes, num_classes), dtype=np.int64)\n"
                      "    if y_true.size and (min(y_true.min(), y_pred.min()) < 0 or max(y_true.max(), y_pred.max()) >= num_classes):\n"
                      "        return cm\n    np.add.at")
    sub = tmp_path / "ex01_metrics.py"
    sub.write_text(src)
    result = grade_json("ex01", sub)[1]
    test = _by_name(result)["confusion_matrix_rejects_invalid_input"]
    assert test["score"] == pytest.approx(0.6 * test["max_score"]) and not test["passed"]
    assert test["message"].count("•") == 2
