"""The `grade` command's interface: formats, exit codes, languages, usage errors."""
from __future__ import annotations

import json
import subprocess
import sys

from grader.core import discover
from tests.conftest import ROOT, grade_json


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "grader.cli", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=300)


def test_list_shows_every_exercise_with_points():
    proc = run("list", "--format", "json")
    assert proc.returncode == 0
    listed = json.loads(proc.stdout)
    assert [e["id"] for e in listed] == [e.id for e in discover.all_exercises()]
    assert all(e["points"] > 0 for e in listed)
    assert "ex01" in run("list").stdout


def test_json_output_is_the_only_thing_on_stdout_and_matches_the_schema():
    code, data = grade_json("ex01", ROOT / "solutions" / "ex01_metrics.py")
    assert code == 0
    assert {"exercise", "score", "max_score", "tests"} <= data.keys()
    assert data["exercise"] == "ex01"
    for t in data["tests"]:
        assert {"name", "score", "max_score", "passed", "message"} <= t.keys()


def test_exercise_found_by_id_and_by_name(tmp_path):
    a = grade_json("ex01", ROOT / "solutions" / "ex01_metrics.py")[1]
    b = grade_json("ex01_metrics", ROOT / "solutions" / "ex01_metrics.py")[1]
    assert a["score"] == b["score"] == a["max_score"]


def test_usage_errors_exit_2():
    assert run("ex99").returncode == 2
    assert run("ex01", "--file", "a.py", "--submission", "d").returncode == 2
    assert run("ex01", "--format", "yaml").returncode == 2


def test_missing_file_scores_zero_with_a_message(tmp_path):
    code, data = grade_json("ex01", tmp_path / "nope.py")
    assert code == 1 and data["score"] == 0
    assert "No submission file" in data["tests"][0]["message"]


def test_submission_folder(tmp_path):
    (tmp_path / "ex01_metrics.py").write_text((ROOT / "solutions" / "ex01_metrics.py").read_text())
    code, data = grade_json("ex01", None, "--submission", str(tmp_path))
    assert code == 0 and data["score"] == data["max_score"]


def test_korean_feedback(tmp_path):
    sub = tmp_path / "ex01_metrics.py"
    sub.write_text((ROOT / "exercises" / "ex01_metrics.py").read_text() + "\n# started\n")
    proc = run("ex01", "--file", str(sub), "--format", "json", "--lang", "ko")
    data = json.loads(proc.stdout)
    assert proc.returncode == 1
    assert "아직 구현되지 않았습니다" in data["tests"][0]["message"]


def test_text_report_has_table_and_total(tmp_path):
    proc = run("ex01", "--file", str(ROOT / "solutions" / "ex01_metrics.py"), "--lang", "en")
    assert proc.returncode == 0
    assert "Total" in proc.stdout and "Isolation" in proc.stdout


def test_student_exception_is_reported_with_its_line(tmp_path):
    src = (ROOT / "solutions" / "ex01_metrics.py").read_text()
    src = src.replace("def accuracy(cm: np.ndarray) -> float:\n",
                      "def accuracy(cm: np.ndarray) -> float:\n    return {}['boom']\n")
    sub = tmp_path / "ex01_metrics.py"
    sub.write_text(src)
    code, data = grade_json("ex01", sub)
    msg = next(t["message"] for t in data["tests"] if t["name"] == "accuracy")
    assert code == 1 and "KeyError" in msg and "ex01_metrics.py:" in msg


def test_weaker_isolation_is_announced_on_stderr_only(monkeypatch):
    from click.testing import CliRunner

    from grader import cli
    from grader.isolation import sandbox

    weak = sandbox.Isolation("rlimits", ("time limit",), ("bubblewrap (bwrap: setting up uid map: Permission denied)",
                                                          "no network"))
    monkeypatch.setattr(sandbox, "detect_isolation", lambda prefer="auto": weak)
    result = CliRunner().invoke(
        cli.main, ["ex01", "--file", str(ROOT / "solutions" / "ex01_metrics.py"), "--format", "json", "--lang", "en"])
    assert json.loads(result.stdout)["isolation"].startswith("rlimits")
    assert "weaker 'rlimits' isolation" in result.stderr and "Permission denied" in result.stderr
    assert "Install bubblewrap" in result.stderr
