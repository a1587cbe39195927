"""The same verdict on a busy machine: with every core saturated (tests/loadgen.py: spinning processes
at twice the core count), the references and a fixed sample of catalogued wrong answers — of the two
training exercises and of two quick ones — get exactly the verdict of a quiet run, test by test.

A reference's quiet verdict is full marks (tests/test_exercises.py proves it); a wrong answer's is
graded here, before the load starts. Run alone with ``python -m pytest -m load``."""
from __future__ import annotations

import pytest

from grader.authoring import mutants
from grader.core import discover
from tests.conftest import failed_messages, grade_json
from tests.loadgen import Saturated

pytestmark = pytest.mark.load

REFERENCES = ("ex01", "ex05", "ex15", "ex09")
WRONG = {"ex01": "transposed", "ex05": "no_max_shift", "ex15": "scaled_by_255",
         "ex09": "eval_not_undone"}


def _mutant(exercise_id: str, name: str, tmp_path):
    ex = discover.find(exercise_id)
    path = next((m for m in ex.mutants() if m.stem == name), None)
    assert path is not None, f"{ex.name} has no catalogued mistake {name!r}: choose one of {[m.stem for m in ex.mutants()]}"
    return mutants.write_mutant(ex.solution, path, tmp_path)


def verdict(result: dict) -> dict[str, tuple[str, float]]:
    return {t["name"]: (t["status"], t["score"]) for t in result["tests"]}


@pytest.fixture(scope="module")
def quiet(tmp_path_factory) -> dict[str, dict]:
    """The wrong answers' verdicts on the machine as it is, before the load."""
    out = {}
    for ex, name in WRONG.items():
        _, out[ex] = grade_json(ex, _mutant(ex, name, tmp_path_factory.mktemp(ex)))
    return out


@pytest.fixture(scope="module")
def loaded(quiet, tmp_path_factory) -> dict[str, dict]:
    """Every grading of the sample, one after the other, with the cores saturated."""
    out = {}
    with Saturated(factor=2.0) as load:
        for ex, name in WRONG.items():
            _, out[f"{ex}:{name}"] = grade_json(ex, _mutant(ex, name, tmp_path_factory.mktemp(ex)))
        for ex in REFERENCES:
            _, out[ex] = grade_json(ex, discover.find(ex).solution)
        assert load.busy() == load.count, "the load ended before the gradings did"
    return out


@pytest.mark.parametrize("exercise", REFERENCES)
def test_a_reference_keeps_full_marks_under_load(exercise, loaded):
    result = loaded[exercise]
    assert result["score"] == result["max_score"], failed_messages(result)


@pytest.mark.parametrize("exercise", WRONG)
def test_a_wrong_answer_keeps_its_verdict_under_load(exercise, quiet, loaded):
    before, after = quiet[exercise], loaded[f"{exercise}:{WRONG[exercise]}"]
    assert before["score"] < before["max_score"], f"{WRONG[exercise]} is not caught even on a quiet machine"
    assert verdict(after) == verdict(before), (
        f"quiet: {verdict(before)}\nloaded: {verdict(after)}\n{failed_messages(after)}")
