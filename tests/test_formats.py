"""CI formats: JUnit XML and Gradescope's results.json, from `grade EXERCISE` and `grade all`."""
from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from grader.core import discover
from grader.core import results as res
from grader.formats import ci as formats

ROOT = Path(__file__).resolve().parent.parent
EX01 = discover.find("ex01")


def _sample() -> res.ExerciseResult:
    return res.ExerciseResult("ex01", "ex01_metrics", "Metrics", duration_s=0.5, tests=[
        res.TestResult("public_one", 1, 1, True, public=True, concept="ex01_metrics.concept.confusion_matrix"),
        res.TestResult("hidden_two", 2, 0, False, message="values differ\x00\x1b[31m <b>&", hints=["ex01_metrics.transposed"]),
        res.TestResult("skipped_three", 0, 0, False, message="skipped: no reference", status="skipped"),
    ])


def test_junit_has_one_testcase_per_test_with_points():
    root = ET.fromstring(formats.junit_xml([("alice.ex01", _sample())]))
    suite = root.find("testsuite")
    assert suite.get("name") == "alice.ex01" and suite.get("tests") == "3"
    assert suite.get("failures") == "1" and suite.get("skipped") == "1"
    cases = {c.get("name"): c for c in suite.findall("testcase")}
    assert set(cases) == {"public_one", "hidden_two", "skipped_three"}
    props = {p.get("name"): p.get("value") for p in cases["hidden_two"].find("properties")}
    assert props["points"] == "0" and props["max_points"] == "2" and props["visibility"] == "hidden"
    failure = cases["hidden_two"].find("failure")
    assert "values differ" in failure.text and "<b>&" in failure.text  # escaped, and control characters dropped
    assert cases["public_one"].find("failure") is None
    suite_props = {p.get("name"): p.get("value") for p in suite.find("properties")}
    assert suite_props["score"] == "1" and suite_props["max_score"] == "3"


def test_gradescope_fields():
    doc = formats.gradescope([_sample()])
    assert doc["score"] == 1 and doc["max_score"] == 3
    assert doc["visibility"] == "visible" and doc["stdout_visibility"] == "hidden"
    by_name = {t["name"]: t for t in doc["tests"]}
    t = by_name["ex01 · hidden_two"]
    assert (t["score"], t["max_score"], t["status"], t["visibility"]) == (0, 2, "failed", "after_published")
    assert "values differ" in t["output"]
    assert by_name["ex01 · public_one"]["visibility"] == "visible" and by_name["ex01 · public_one"]["output"] == ""
    for t in doc["tests"]:
        assert {"name", "score", "max_score", "output", "visibility"} <= t.keys()


def test_markdown_summary_for_the_job_summary(tmp_path):
    path = tmp_path / "results.json"
    path.write_text(json.dumps(formats.gradescope([_sample()])), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "grader.formats", "summary", str(path)], capture_output=True,
                          text=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 0
    assert "1 / 3 points" in proc.stdout and "| ❌ | ex01 · hidden_two | 0 / 2 |" in proc.stdout


def _grade(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "grader.cli", *args, "--lang", "en"], capture_output=True, text=True,
                          cwd=ROOT, timeout=300)


def test_grade_exercise_in_junit_and_gradescope():
    proc = _grade("ex01", "--file", str(EX01.solution), "--format", "junit")
    assert proc.returncode == 0, proc.stderr
    root = ET.fromstring(proc.stdout)
    cases = root.findall("testsuite/testcase")
    assert len(cases) >= 5 and root.get("failures") == "0"
    total = sum(float(p.get("value")) for p in root.iter("property") if p.get("name") == "max_points")
    assert total == EX01.points
    proc = _grade("ex01", "--file", str(EX01.stub), "--format", "gradescope")
    assert proc.returncode == 1
    doc = json.loads(proc.stdout)
    assert doc["score"] == 0 and doc["max_score"] == EX01.points
    assert all(t["status"] == "failed" for t in doc["tests"])


def test_grade_all_in_gradescope_format(tmp_path):
    (tmp_path / "ex01_metrics.py").write_bytes(EX01.solution.read_bytes())
    others = ",".join(e.id for e in discover.all_exercises() if e.id != "ex01")
    proc = _grade("all", "--submission", str(tmp_path), "--format", "gradescope", *(["--exclude", others] if others else []))
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["score"] == doc["max_score"] == EX01.points
    assert {t["name"].split(" · ")[0] for t in doc["tests"]} == {"ex01"}


# ---- the terminal: what a submission puts in a result never reaches it as an escape sequence ---------------
ESCAPES = ["\x1b]52;c;cHduZWQ=\x07", "\x1b]0;owned\x07", "\x1b[2J", "\x9b31m", "\u202egnp.exe"]


def _hostile_result() -> res.ExerciseResult:
    bad = "".join(ESCAPES)
    return res.ExerciseResult("ex01", "ex01_metrics", "Metrics" + bad, duration_s=0.5, isolation="bwrap" + bad,
                              error="Traceback" + bad, extra={"note": "x" + bad}, tests=[
        res.TestResult("one" + bad, 1, 0, False, message=f"got {bad}\nsecond line {bad}", concept="c1"),
        res.TestResult("two" + bad, 1, 0, False, message=f"other {bad}", concept="c1"),
    ])


def test_text_format_prints_no_control_characters_of_the_submission():
    import io

    from rich.console import Console

    from grader.formats import text

    for verbose in (False, True):
        buf = io.StringIO()
        console = Console(file=buf, force_terminal=True, color_system=None, width=200)  # styles print nothing
        text.print_exercise(_hostile_result(), "en", console, verbose=verbose)
        console.print(text.summary_table([_hostile_result()], "en"))
        out = buf.getvalue()
        assert "\x1b" not in out and "\x9b" not in out and "\u202e" not in out and "\x07" not in out, repr(out)
        assert "second line" in out and "one" in out  # the text itself is kept, its lines too


def test_safe_text_functions():
    from grader.formats import safe_text

    assert safe_text.printable("a\x1b[2Jb\nc\td\r\n") == "a\ufffd[2Jb\nc\td\n"
    assert safe_text.one_line("a\nb\x1bc\u2066") == "a\ufffdb\ufffdc\ufffd"
    assert [safe_text.csv_cell(x) for x in ("=1", "+1", "-1", "@x", "\t1", "\r1", "ok", None, 3)] == \
        ["'=1", "'+1", "'-1", "'@x", "'\t1", "'\r1", "ok", "", "3"]
    assert safe_text.markdown_inline("# a_b [x](y)\n- z") == "\\# a\\_b \\[x\\]\\(y\\)\ufffd\\- z"
