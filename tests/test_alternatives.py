"""Every exercise's contract is its docstring: a second, independent implementation written from the
stub alone (``tests/alternatives/<exercise name>.py``, formulated differently from the reference)
must score full marks, so the hidden tests demand nothing the docstring does not state."""
from __future__ import annotations

from pathlib import Path

import pytest

from grader.core import discover
from tests.conftest import failed_messages, grade_json

ALTERNATIVES = sorted((Path(__file__).resolve().parent / "alternatives").glob("ex[0-9][0-9]_*.py"))


@pytest.mark.parametrize("path", ALTERNATIVES, ids=lambda p: p.stem)
def test_alternative_is_named_after_an_exercise(path):
    exercise = discover.find(path.stem)
    assert exercise.name == path.stem, f"{path.name}: name it after the exercise, {exercise.name}.py"


@pytest.mark.parametrize("path", ALTERNATIVES, ids=lambda p: p.stem)
def test_alternative_scores_full_marks(path):
    exercise = discover.find(path.stem)
    code, result = grade_json(exercise.id, path)
    assert result["score"] == result["max_score"] == exercise.points, failed_messages(result)
    assert code == 0
