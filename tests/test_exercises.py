"""Every exercise proves itself: the reference scores full marks, the stub scores zero, and every
typical wrong answer in its catalogue loses points with feedback that names the mistake."""
from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import numpy as np
import pytest

from grader.authoring import mutants
from grader.core import discover
from tests.conftest import failed_messages, grade_json
from tests.korean import english_prose

EXERCISES = [e for e in discover.all_exercises() if e.solution.is_file()]
MUTANTS = [(e, m) for e in EXERCISES for m in e.mutants()]


def test_there_are_exercises():
    assert len(EXERCISES) >= 1


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.name)
def test_reference_scores_full_marks(exercise, tmp_path):
    code, result = grade_json(exercise.id, exercise.solution, "--figures", str(tmp_path))
    assert result["score"] == result["max_score"] == exercise.points, failed_messages(result)
    assert code == 0
    figure = result.get("extra", {}).get("figure")  # an exercise that draws a report figure
    assert (figure is not None) == exercise.has_part("figure"), "an exercise with a figure.py writes its figure"
    if figure is not None:
        assert Path(figure).parent == tmp_path and Path(figure).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.name)
def test_stub_scores_zero(exercise):
    code, result = grade_json(exercise.id, exercise.stub, "--run-untouched")
    assert code == 1
    assert result["score"] == 0 and result["max_score"] == exercise.points
    assert all(not t["passed"] for t in result["tests"])


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.name)
def test_untouched_stub_gets_zero_at_once(exercise):
    code, result = grade_json(exercise.id, exercise.stub)
    assert code == 1 and result["score"] == 0
    assert "unchanged stub" in result["tests"][0]["message"]


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.name)
def test_catalogue_has_at_least_four_mistakes(exercise):
    assert len(exercise.mutants()) >= 4, f"{exercise.name} needs at least 4 typical wrong answers"


@pytest.mark.parametrize("exercise,mutant", MUTANTS, ids=lambda v: getattr(v, "stem", getattr(v, "name", "")))
def test_mutant_loses_points_and_is_named(exercise, mutant: Path, tmp_path):
    m = mutants.load(mutant)
    sub = mutants.write_mutant(exercise.solution, mutant, tmp_path)
    code, result = grade_json(exercise.id, sub, "--figures", str(tmp_path), "--all-langs")
    assert result["score"] < result["max_score"], f"{m.name} ({m.doc}) was not caught"
    named = [t for t in result["tests"] if not t["passed"] and m.expect in t["hints"]]
    assert named, f"{m.name}: no failed test names {m.expect!r}:\n{failed_messages(result)}"
    # one input per failure (a test that names its inputs does not repeat hypothesis's example)
    assert all(part.count("on input:") <= 1 for t in result["tests"] for part in t["message"].split("\n• ")), \
        failed_messages(result)
    properties = property_tests(exercise)
    for t in result["tests"]:
        if t["passed"] or t["status"] == "not_checked":
            continue
        if t["name"] in properties and "Not implemented" not in t["message"]:
            assert "on input:" in t["message"], f"{t['name']} is a property test: its feedback must show the input"
        for part in t["message"].split("\n• "):
            check_values_and_inputs(part, t["name"])
        english = english_prose(t.get("messages", {}).get("ko", ""))
        assert not english, f"{t['name']}: English prose in the Korean feedback: {english}\n{t['messages']['ko']}"
    assert code == 1


def property_tests(exercise) -> set[str]:
    """Names (as reported) of the exercise's hypothesis tests."""
    names = set()
    for path in exercise.test_files:
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef) and any(
                    isinstance(d, ast.Call) and getattr(d.func, "id", getattr(d.func, "attr", "")) == "given"
                    for d in node.decorator_list):
                names.add(node.name.removeprefix("test_"))
    return names


_LABELS = ("expected:", "got:", "entries that differ", "max abs error", "on input:", "Revisit:", "Likely mistake:")


def _block(lines: list[str], label: str) -> str | None:
    """The text after ``label`` (on its line and the indented lines below), or None."""
    for i, line in enumerate(lines):
        if line.startswith(label):
            out = [line[len(label):].strip()]
            for more in lines[i + 1:]:
                if not more.startswith("    ") or more.strip().startswith(_LABELS):
                    break
                out.append(more[4:])
            return "\n".join(x for x in out if x)
    return None


def check_values_and_inputs(message: str, test: str) -> None:
    """Expected and got read differently; every input shown is Python that runs when pasted."""
    lines = message.splitlines()
    expected, got = _block(lines, "expected:"), _block(lines, "got:")
    if expected is not None and got is not None:  # a summary of a large array: the entries that differ are listed
        assert expected != got or "entries that differ" in message, f"{test}: expected and got print the same:\n{message}"
    shown = _block(lines, "on input:")
    if shown is not None:
        try:
            exec(compile(textwrap.dedent(shown), "<feedback>", "exec"), {"np": np})
        except Exception as exc:  # noqa: BLE001 - any failure means it cannot be pasted
            pytest.fail(f"{test}: the input shown is not pasteable Python ({exc!r}):\n{shown}")
