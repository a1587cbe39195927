"""The notebook corpus (tests/notebooks/corpus.py) graded through every entry point: ``grade EXERCISE --file``,
``grade all --submission`` and ``grade batch``; a correct notebook gets exactly what its ``.py`` twin gets."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from grader.core import discover
from tests.conftest import grade_json
from tests.notebooks.corpus import Case, cases
from tests.test_batch import needs_bwrap

ROOT = Path(__file__).resolve().parent.parent
CASES = {c.name: c for c in cases()}
EXERCISES = sorted({discover.find(c.exercise).id for c in CASES.values()})


def _exclude(*keep: str) -> str:
    return ",".join(e.id for e in discover.all_exercises() if e.id not in keep)


def _grade_all(folder: Path, *keep: str) -> dict:
    proc = subprocess.run([sys.executable, "-m", "grader.cli", "all", "--submission", str(folder), "--exclude",
                           _exclude(*keep), "--format", "json", "--lang", "en"],
                          capture_output=True, text=True, timeout=900, cwd=ROOT)
    assert proc.stdout, proc.stderr[-3000:]
    return {r["exercise"]: r for r in json.loads(proc.stdout)["exercises"]}


@pytest.fixture(scope="module")
def twins(tmp_path_factory) -> dict[str, float]:
    """The score of each exercise's reference as a .py, graded the same way."""
    folder = tmp_path_factory.mktemp("twins")
    for ex_id in EXERCISES:
        ex = discover.find(ex_id)
        (folder / f"{ex.name}.py").write_bytes(ex.solution.read_bytes())
    return {ex: r["score"] for ex, r in _grade_all(folder, *EXERCISES).items()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("corpus")
    return {name: case.write(folder) for name, case in CASES.items()}


def check(case: Case, result: dict, twins: dict[str, float], entry_point: str) -> None:
    ex = discover.find(case.exercise)
    where = f"{case.name} through {entry_point}"
    failed = "\n".join(f"{t['name']}: {t['message']}" for t in result["tests"] if not t["passed"])
    if case.score == "twin":
        assert result["score"] == twins[ex.id], f"{where}: {result['score']} ≠ the .py's {twins[ex.id]}\n{failed}"
    elif case.score == "below":
        assert result["score"] < twins[ex.id], where
        assert case.failing in [t["name"] for t in result["tests"] if not t["passed"]], f"{where}\n{failed}"
    else:
        assert result["score"] == case.score, f"{where}\n{failed}"
    notes = "\n".join(result.get("notes", []))
    for text in case.notes:
        assert text in notes, f"{where}: {text!r} not in the notes:\n{notes}"
    if case.score == "twin":
        assert "Graded from the notebook's cells" in notes, f"{where}: the student is told which cells were used"


@pytest.mark.parametrize("name", list(CASES))
def test_grade_file(name, corpus, twins):
    case = CASES[name]
    _, result = grade_json(case.exercise, corpus[name])
    check(case, result, twins, "grade EXERCISE --file")
    if case.message:
        assert case.message in result["tests"][0]["message"], result["tests"][0]["message"]


@pytest.mark.parametrize("name", list(CASES))
def test_grade_all_submission(name, corpus, twins, tmp_path):
    case = CASES[name]
    ex = discover.find(case.exercise)
    (tmp_path / corpus[name].name).write_bytes(corpus[name].read_bytes())
    result = _grade_all(tmp_path, ex.id)[ex.id]
    if case.raw is not None or not case.notebook.get("cells"):  # nothing readable in the folder: no file for it
        assert result["score"] == 0 and "No submission file found" in result["tests"][0]["message"]
        return
    check(case, result, twins, "grade all --submission")


@needs_bwrap
def test_grade_batch(corpus, twins, tmp_path):
    subs = tmp_path / "subs"
    subs.mkdir()
    for path in corpus.values():
        (subs / path.name).write_bytes(path.read_bytes())
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "grader.cli", "batch", str(subs), "--exercises", ",".join(EXERCISES),
                           "--out", str(out), "--lang", "en", "--jobs", "2"],
                          capture_output=True, text=True, timeout=1800, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-3000:]
    students = {s["id"]: s for s in json.loads((out / "grades.json").read_text(encoding="utf-8"))["students"]}
    for name, case in CASES.items():
        ex = discover.find(case.exercise)
        graded = students[name]["exercises"][ex.id]
        if case.raw is not None:
            assert graded["verdict"] == "invalid" and "larger than 32 MB" in graded["tests"][0]["message"]
            continue
        if not case.notebook.get("cells"):
            assert graded["verdict"] == "missing" and graded["score"] == 0
            continue
        check(case, graded, twins, "grade batch")
        feedback = (out / "feedback" / f"{name}.md").read_text(encoding="utf-8")
        assert "Graded from the notebook's cells" in feedback, f"{name}: the feedback says which cells were used"
