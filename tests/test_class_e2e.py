"""End to end: a generated class of 20+ submissions — references, stubs, typical wrong answers, a hostile
one, notebooks (tagged, untagged, untouched, broken), zips (good, hostile, holding a notebook), empty and
unparsable folders, a student missing from the roster and one not on it — graded with `grade batch`,
then the gradebook is checked row by row against grades computed independently with `grade EXERCISE`."""
from __future__ import annotations

import csv
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest

from grader.authoring import mutants, notebooks
from grader.core import discover
from grader.formats.safe_text import markdown_inline
from grader.isolation import sandbox
from tests.test_notebooks import solved_notebook, untagged_notebook

ROOT = Path(__file__).resolve().parent.parent
EX01 = discover.find("ex01")
pytestmark = pytest.mark.skipif(not sandbox.detect_isolation().isolated, reason="needs bubblewrap")


def _grade_json(exercise: str, path: Path) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "grader.cli", exercise, "--file", str(path), "--format", "json", "--lang", "en"]
    return subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)


def _score(proc: subprocess.Popen) -> float:
    out, _ = proc.communicate(timeout=300)
    return float(json.loads(out)["score"])


def _extra_exercise() -> discover.Exercise | None:
    """One more exercise graded alongside ex01: the numpy-only one with the smallest tests (a quick one)."""
    candidates = [ex for ex in discover.all_exercises()
                  if ex.id != "ex01" and ex.solution.is_file() and ex.stub.is_file() and not ex.limits.torch]
    return min(candidates, key=lambda ex: sum(p.stat().st_size for p in ex.test_files), default=None)


HOSTILE = '''"""Tries to read the reference and to damage the store, then hangs."""
import os

try:
    STOLEN = open({solution!r}).read()
except OSError:
    STOLEN = ""
try:
    with open({store!r}, "w") as f:
        f.write("overwritten")
except OSError:
    pass


def confusion_matrix(y_true, y_pred, num_classes):
    import time
    time.sleep(3600)


def accuracy(cm):
    os._exit(3)


def precision(cm):
    return STOLEN
'''


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    base = tmp_path_factory.mktemp("class")
    subs, out, scratch = base / "submissions", base / "out", base / "scratch"
    subs.mkdir()
    scratch.mkdir()
    extra = _extra_exercise()
    exercises = [EX01] + ([extra] if extra else [])
    expected: dict[str, dict] = {}  # student -> {"status", "scores": {ex id: score}, "note"}

    def folder(sid: str, files: dict[str, bytes | str]) -> Path:
        d = subs / sid
        d.mkdir(parents=True)
        for name, data in files.items():
            p = d / name
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_bytes(data if isinstance(data, bytes) else data.encode())
        return d

    def expect(sid: str, ex01: float, extra_score: float = 0.0, status: str = "ok", note: str = "") -> None:
        scores = {"ex01": ex01}
        if extra:
            scores[extra.id] = extra_score
        expected[sid] = {"status": status, "scores": scores, "note": note}

    refs = {f"{e.name}.py": e.solution.read_bytes() for e in exercises}
    stubs = {f"{e.name}.py": e.stub.read_bytes() for e in exercises}
    folder("ref", refs)
    direct: dict[str, subprocess.Popen] = {}
    if extra:  # its reference's grade, computed on its own (another person's exercise may be in progress)
        direct["extra"] = _grade_json(extra.id, extra.solution)
    folder("stub", stubs)
    expect("stub", 0)
    for m in EX01.mutants():
        sid = f"wrong_{m.stem}"
        path = mutants.write_mutant(EX01.solution, m, scratch / sid)
        folder(sid, {"ex01_metrics.py": path.read_bytes()})
        direct[sid] = _grade_json("ex01", path)
    partial = EX01.solution.read_text(encoding="utf-8").replace(
        "    cm = _check_cm(cm)\n    total = cm.sum()", '    raise NotImplementedError("later")\n    total = 0')
    folder("partial", {"ex01_metrics.py": partial})
    (scratch / "partial").mkdir()
    (scratch / "partial" / "ex01_metrics.py").write_text(partial, encoding="utf-8")
    direct["partial"] = _grade_json("ex01", scratch / "partial" / "ex01_metrics.py")
    folder("hostile", {"ex01_metrics.py": HOSTILE.format(solution=str(EX01.solution),
                                                         store=str(out / "grades.sqlite"))})
    expect("hostile", 0, note="ex01: timeout")
    nbformat.write(solved_notebook(), subs / "nb_tagged.ipynb")
    expect("nb_tagged", EX01.points)
    nbformat.write(untagged_notebook(), subs / "nb_untagged.ipynb")
    expect("nb_untagged", EX01.points)
    notebooks.write(EX01, subs / "nb_stub.ipynb")
    expect("nb_stub", 0)
    (subs / "nb_broken.ipynb").write_text('{"cells": [', encoding="utf-8")
    expect("nb_broken", 0, status="invalid")
    with zipfile.ZipFile(subs / "zipped.zip", "w") as zf:
        for name, data in refs.items():
            zf.writestr(f"zipped-main/exercises/{name}", data)
    expect("zipped", EX01.points)  # the extra exercise's score is filled in below
    with zipfile.ZipFile(subs / "zip_evil.zip", "w") as zf:
        zf.writestr("../../ex01_metrics.py", refs["ex01_metrics.py"])
    expect("zip_evil", 0, status="invalid")
    with zipfile.ZipFile(subs / "zip_nb.zip", "w") as zf:
        zf.writestr("work/homework.ipynb", nbformat.writes(solved_notebook()))
    expect("zip_nb", EX01.points)
    (subs / "empty").mkdir()
    expect("empty", 0, note="ex01: missing")
    folder("syntax", {"ex01_metrics.py": "def confusion_matrix(:\n"})
    expect("syntax", 0)
    folder("kitcopy", {"dl-kit/exercises/ex01_metrics.py": refs["ex01_metrics.py"],
                       "dl-kit/grader/ex01_metrics.py": "raise SystemExit  # not the student's file\n"})
    expect("kitcopy", EX01.points)
    folder("dave", {"ex01_metrics.py": refs["ex01_metrics.py"]})
    expect("dave", EX01.points, note="not on roster")
    (subs / "README.txt").write_text("not a submission", encoding="utf-8")
    extra_ref = _score(direct.pop("extra")) if extra else 0.0
    for sid in ("ref", "zipped"):
        expect(sid, EX01.points, extra_ref)
    for sid, proc in direct.items():
        expect(sid, _score(proc))
    roster = base / "roster.csv"
    names = {sid: f"Student {sid.title()}" for sid in expected if sid != "dave"}
    names["zoe"] = "Zoe Missing"
    expect("zoe", 0, status="missing")
    with open(roster, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["student_id", "name"])
        w.writerows(sorted(names.items()))
    assert len(list(subs.iterdir())) - 1 >= 20, "the class has at least 20 entries"
    proc = subprocess.run(
        [sys.executable, "-m", "grader.cli", "batch", str(subs), "--exercises", ",".join(e.id for e in exercises),
         "--out", str(out), "--jobs", "2", "--timeout", "8", "--roster", str(roster), "--lang", "en"],
        capture_output=True, text=True, cwd=ROOT, timeout=600)
    return {"proc": proc, "out": out, "expected": expected, "names": names, "exercises": exercises}


def test_batch_completes(graded_class):
    proc = graded_class["proc"]
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Ignored README.txt" in proc.stderr


def test_gradebook_row_by_row(graded_class):
    out, expected, names = graded_class["out"], graded_class["expected"], graded_class["names"]
    with open(out / "gradebook.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [r["student"] for r in rows] == sorted(expected)
    ids = [e.id for e in graded_class["exercises"]]
    assert list(rows[0].keys()) == ["student", "name", "status", "notes", *ids, "total", "max_total"]
    max_total = sum(e.points for e in graded_class["exercises"])
    for row in rows:
        sid = row["student"]
        exp = expected[sid]
        assert row["name"] == names.get(sid, ""), sid
        assert row["status"] == exp["status"], (sid, row)
        for ex_id, score in exp["scores"].items():
            assert float(row[ex_id]) == pytest.approx(score), (sid, ex_id, row)
        assert float(row["total"]) == pytest.approx(sum(exp["scores"].values())), sid
        assert float(row["max_total"]) == max_total
        assert exp["note"] in row["notes"], (sid, row["notes"])
    wrong = [r for r in rows if r["student"].startswith("wrong_")]
    assert wrong and all(0 < float(r["ex01"]) < EX01.points for r in wrong), "each wrong answer loses some points"


def test_hostile_submission_changed_nothing(graded_class):
    out = graded_class["out"]
    data = json.loads((out / "grades.json").read_text(encoding="utf-8"))
    hostile = next(s for s in data["students"] if s["id"] == "hostile")
    assert hostile["exercises"]["ex01"]["verdict"] == "timeout"
    assert len(data["students"]) == len(graded_class["expected"])  # the store was not overwritten


def test_feedback_and_class_statistics(graded_class):
    out, expected = graded_class["out"], graded_class["expected"]
    for sid in expected:
        text = (out / "feedback" / f"{sid}.md").read_text(encoding="utf-8")
        assert text.startswith(f"# Feedback for {markdown_inline(sid)}")  # the id as Markdown shows it
    assert "not a valid Jupyter notebook" in (out / "feedback" / "nb_broken.md").read_text(encoding="utf-8")
    assert "unsafe path" in (out / "feedback" / "zip_evil.md").read_text(encoding="utf-8")
    assert "No submission was received" in (out / "feedback" / "zoe.md").read_text(encoding="utf-8")
    assert "Likely mistake" in (out / "feedback" / "wrong_transposed.md").read_text(encoding="utf-8")
    data = json.loads((out / "grades.json").read_text(encoding="utf-8"))
    stats = data["statistics"]
    graded = [s for s in data["students"] if s["exercises"].get("ex01", {}).get("verdict") == "graded"]
    for row in (r for r in stats["tests"] if r["exercise"] == "ex01"):
        passed = sum(1 for s in graded for t in s["exercises"]["ex01"]["tests"] if t["name"] == row["test"] and t["passed"])
        assert (row["students"], row["passed"]) == (len(graded), passed), row
    rates = [r["pass_rate"] for r in stats["tests"]]
    assert rates == sorted(rates), "lowest pass rate first"
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "Pass rate per test" in report and "Pass rate per concept" in report and "hostile" in report


def test_report_html_renders_in_a_browser(graded_class, tmp_path):
    """The class report of this batch, opened in headless Chromium: every section, no console error,
    no broken image, a student's section, the roster's missing student and the class's mistakes."""
    from tests import browser

    browser.require()
    out, expected = graded_class["out"], graded_class["expected"]
    probe = """({sections: [...document.querySelectorAll('main > section')].map(s => s.id),
                 students: [...document.querySelectorAll('details.student')].map(d => d.id),
                 missing: [...document.querySelectorAll('#missing ul.missing li')].map(li => li.textContent.trim()),
                 mistakes: [...document.querySelectorAll('#mistakes tr.mistake code')].map(c => c.textContent)})"""
    page = browser.open_page(out / "report.html", tmp_path, probe=probe, opened="details#student-wrong_transposed")
    assert page.console_errors == [] and page.broken_images == []
    facts = page.facts
    assert facts["sections"] == ["distribution", "tests", "concepts", "mistakes", "missing", "problems", "review", "students"]
    assert len(facts["students"]) == len(expected)
    assert facts["missing"] == ["zoe · Zoe Missing"]
    assert "dave" in page.text.split("not on the roster", 1)[1]
    caught = {mutants.load(m).expect for m in EX01.mutants()}
    assert caught & set(facts["mistakes"]), facts["mistakes"]
    assert "Likely mistake" in page.text  # the opened student's feedback is shown
    colours, share = browser.not_blank(page.screenshot)
    assert colours > 50 and share > 0.05
