"""grade audit: the kit's mistake-shaped operators, cosmic-ray's, the cache, and what the audit proves —
a fixed sample of every exercise's mutants is killed (a weakened test fails CI), and removing one hidden
test makes the audit report a survivor."""
from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from grader.authoring import audit, contracts, mistakes
from grader.core import discover
from grader.isolation import sandbox

ROOT = Path(__file__).resolve().parent.parent
EX01 = discover.find("ex01")
SAMPLE = 2  # mutants per exercise in CI

SOURCE = '''import copy

import numpy as np


def f(x: np.ndarray, axis: int = -1, eps: float = 1e-12, scale=2, train: bool = True) -> np.ndarray:
    """Doc."""
    # BEGIN SOLUTION
    if x.ndim == 0:
        raise ValueError("x must not be a scalar")
    y = np.asarray(x, dtype=np.float64).copy()
    state = dict(copy.deepcopy({"n": 1}))
    for i in range(len(y)):
        y[i] = y[i] * 0.5
    for j in range(1, len(y)):
        y[j] += 1
    return np.mean(y, axis=0, keepdims=True) + y.sum(axis=1) + eps
    # END SOLUTION
'''


def _mutated(operator: str, source: str = SOURCE) -> list[str]:
    """Every mutant ``operator`` makes of ``source``, each as the whole mutated source."""
    lines = audit.solution_lines(source)
    tree = ast.parse(source)
    return [mistakes._apply(source.splitlines(), span) for span in mistakes.OPERATORS[operator](
        tree, source.splitlines(), lines)]


def _assert_made(operator: str, source: str, expected: list[str]) -> None:
    made = _mutated(operator, source)
    assert len(made) == len(expected), made
    for text in expected:
        assert any(text in code for code in made), (text, made)


@pytest.mark.parametrize("operator,expected", [
    ("changed_default", ["axis: int = 0", "eps: float = 1e-11", "eps: float = 1e-13", "scale=3", "scale=1",
                         "train: bool = False"]),
    ("removed_raise", ["        pass\n"]),
    ("changed_dtype", ["dtype=np.float32", "dtype=np.int64"]),
    ("removed_copy", ["y = np.asarray(x, dtype=np.float64)\n", "state = dict({\"n\": 1})",
                      "state = copy.deepcopy({\"n\": 1})"]),
    ("loop_bound_off_by_one", ["range(len(y) - 1)", "range(1, len(y) - 1)", "range(1 + 1, len(y))"]),
    ("swapped_axis", ["np.mean(y, axis=1, keepdims=True)", "keepdims=False", "y.sum(axis=0)"]),
    ("mean_sum", ["np.sum(y, axis=0", "y.mean(axis=1)"]),
    ("perturbed_constant", ["y[i] * 0.5001"]),
])
def test_each_operator_makes_its_mistake(operator, expected):
    made = _mutated(operator)
    assert len(made) == len(expected), made
    for text in expected:
        assert any(text in code for code in made), (text, made)
    for code in made:
        ast.parse(code)


MORE = '''import numpy as np

Pair = int | tuple[int, int]


def g(x, stride: Pair | None = None, rng: np.random.Generator | None = None, mode: str = "avg",
      betas: tuple[float, float] = (0.9, 0.999), labels: np.ndarray | None = None) -> np.ndarray:
    """Doc.

    Args:
        mode: "avg" (the default) or "max".

    Returns:
        float64 array.
    """
    # BEGIN SOLUTION
    return np.asarray(x) * 2
    # END SOLUTION
'''


def test_defaults_without_a_number_and_documented_return_dtypes_get_mutants():
    """None (by the parameter's type, aliases resolved), a string option the docstring names, a tuple of
    numbers; and the documented float64 given up at the return."""
    lines, tree = audit.solution_lines(MORE), ast.parse(MORE)
    made = {op: [mistakes._apply(MORE.splitlines(), span) for span in mistakes.OPERATORS[op](tree, MORE.splitlines(),
                                                                                             lines)]
            for op in ("changed_default", "returned_dtype")}
    for text in ("stride: Pair | None = 1", "rng: np.random.Generator | None = np.random.default_rng(0)",
                 "mode: str = 'max'", "betas: tuple[float, float] = (0.999, 0.9)",
                 "betas: tuple[float, float] = (0.9, 0.0999)"):
        assert any(text in code for code in made["changed_default"]), (text, made["changed_default"])
    assert any("labels: np.ndarray | None = ()" in c for c in made["changed_default"])  # an empty sequence
    assert made["returned_dtype"] and "return np.asarray(np.asarray(x) * 2, dtype=np.float32)" in made["returned_dtype"][0]


def test_a_function_given_a_generator_gets_one_of_its_own():
    """own_generator: the first statement students write makes a generator (seeded with 0, or not seeded)."""
    tree, lines = ast.parse(MORE), audit.solution_lines(MORE)
    made = [mistakes._apply(MORE.splitlines(), span) for span in mistakes.own_generator(tree, MORE.splitlines(), lines)]
    assert len(made) == 2
    assert "    rng = np.random.default_rng(0)\n    return np.asarray(x) * 2" in made[0]
    assert "    rng = np.random.default_rng()\n    return np.asarray(x) * 2" in made[1]
    assert not _mutated("own_generator")  # f takes no generator


RESULTS = '''import numpy as np


def h(x: np.ndarray, k: int = 1) -> np.ndarray:
    """Doc."""
    # BEGIN SOLUTION
    def inner() -> int:
        return 3
    return x * 2
    # END SOLUTION


def n(x: np.ndarray) -> int:
    """Doc."""
    # BEGIN SOLUTION
    if x.ndim == 0:
        return 1
    return int(x.size)
    # END SOLUTION
'''


@pytest.mark.parametrize("operator,expected", [
    ("result_into_input", ['return np.copyto(x, x * 2, casting="unsafe") or x']),
    ("extra_axis", ["return np.expand_dims(x * 2, -1)"]),
    ("numpy_scalar", ["return np.int64(1)", "return np.int64(x.size)"]),
    ("overflowing_branch", []),  # no docstring here promises no RuntimeWarning
])
def test_the_result_operators_change_what_is_returned(operator, expected):
    """The returns of the function itself (not of a nested one), by its annotation."""
    _assert_made(operator, RESULTS, expected)


TYPED = '''import numpy as np


def grad(dout: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Doc.

    Returns:
        dx: float array of the same shape.
    """
    # BEGIN SOLUTION
    return np.where(x > 0, dout, 0.0)
    # END SOLUTION


def split(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Doc.

    Returns:
        (a, b): two integer index arrays.
    """
    # BEGIN SOLUTION
    return np.arange(n // 2), np.arange(n // 2, n)
    # END SOLUTION


def fit(x: np.ndarray) -> tuple[np.ndarray, float]:
    """Doc."""
    # BEGIN SOLUTION
    return x * 2, float(x.sum())
    # END SOLUTION


def resolve(shape: tuple[int, ...]) -> tuple[int, ...]:
    """Doc."""
    # BEGIN SOLUTION
    return tuple(shape)
    # END SOLUTION


def step(p: np.ndarray, g: np.ndarray, state: dict, lr: float) -> tuple[np.ndarray, dict]:
    """Doc.

    Returns:
        (new_p, state): new_p a new array.
    """
    # BEGIN SOLUTION
    t = state.get("step", 0) + 1
    return p - lr * g / t, {"step": t}
    # END SOLUTION
'''


@pytest.mark.parametrize("operator,expected", [
    ("result_dtype", ["return np.asarray(np.where(x > 0, dout, 0.0)).astype(np.int64)",
                      "return np.asarray(np.arange(n // 2), dtype=np.float64), np.arange(n // 2, n)"]),
    ("numpy_scalar", ["return x * 2, np.asarray(x.sum())", "return tuple(np.int64(_v) for _v in tuple(shape))"]),
    ("updated_in_place", ['return np.subtract(p, lr * g / t, out=p), {"step": t}']),
    ("counter_from_zero", ['t = state.get("step", 0)\n']),
])
def test_the_dtype_aliasing_and_counter_operators(operator, expected):
    """The result's dtype against its Returns section, Python scalars in typed tuples, an update written into
    the parameter where a new array is promised, a step counter from 0."""
    _assert_made(operator, TYPED, expected)


def test_an_update_written_into_the_parameter_changes_the_callers_array():
    (made,) = _mutated("updated_in_place", TYPED)
    namespace: dict = {}
    exec(made, namespace)
    p = np.array([1.0, 2.0])
    new, _ = namespace["step"](p, np.ones(2), {}, 0.5)
    assert np.shares_memory(new, p) and p.tolist() == [0.5, 1.5]


def test_an_overflow_thrown_away_where_no_runtime_warning_is_promised():
    source = RESULTS.replace('"""Doc."""\n    # BEGIN SOLUTION\n    def', '"""Doc: no RuntimeWarning."""\n    # BEGIN SOLUTION\n    def')
    tree, lines = ast.parse(source), audit.solution_lines(source)
    made = [mistakes._apply(source.splitlines(), span)
            for span in mistakes.overflowing_branch(tree, source.splitlines(), lines)]
    assert len(made) == 1 and "return (np.exp(np.abs(np.asarray(x, dtype=float))), x * 2)[1]" in made[0]


def _input_modified(source: str) -> list[str]:
    return _mutated("input_modified", source)


def test_the_given_array_changed_where_inputs_are_promised_unmodified():
    promised = '"""Doc.\n\n    Args:\n        x: an array. Not modified.\n    """'
    made = _input_modified(RESULTS.replace('"""Doc."""\n    # BEGIN SOLUTION\n    def', promised + "\n    # BEGIN SOLUTION\n    def"))
    assert len(made) == 1, made
    namespace: dict = {}
    exec(made[0], namespace)
    x = np.array([1.0, 2.0])
    assert np.array_equal(namespace["h"](x), [2.0, 4.0]) and np.array_equal(x, [2.0, 3.0])
    assert "        return 3\n" in made[0]  # a nested function's return is its own
    assert not _input_modified(RESULTS)  # nothing promised


def test_input_modified_changes_the_promised_argument_and_the_first_array_of_a_list():
    source = '''"""Module. The input ``x`` is never modified."""
import numpy as np
from collections.abc import Callable


def f(g: Callable[[np.ndarray], float], grads: list[np.ndarray], x: np.ndarray) -> float:
    """Doc.

    Args:
        g: a function.
        grads: arrays. Not modified.
        x: an array.
    """
    # BEGIN SOLUTION
    return float(sum(a.sum() for a in grads))
    # END SOLUTION


def d(dout: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Doc."""
    # BEGIN SOLUTION
    return dout * 2
    # END SOLUTION
'''
    made = _input_modified(source)
    assert len(made) == 2 and "_given = grads" in made[0] and "_given = x" in made[1], made
    namespace: dict = {}
    exec(made[0], namespace)
    grads = [np.zeros(2), np.zeros(1)]
    assert namespace["f"](len, grads, np.zeros(1)) == 0.0 and grads[0].tolist() == [1.0, 1.0]
    general = source.replace("The input ``x`` is never modified.", "Nothing you are given is modified.")
    assert ["_given = grads" in m or "_given = dout" in m for m in _input_modified(general)] == [True, True]
    assert not _input_modified(source.replace("The input ``x`` is never modified.", "").replace("Not modified.", ""))


def test_mutants_stay_in_what_students_write_and_have_stable_ids():
    mutants, _ = audit.generate(EX01)
    reference = EX01.solution.read_text(encoding="utf-8")
    lines = audit.solution_lines(reference)
    assert len({m.id for m in mutants}) == len(mutants) > 20
    for m in mutants:
        assert m.line in lines or m.operator == "changed_default", m.id
    again, _ = audit.generate(EX01)
    assert [m.id for m in again] == [m.id for m in mutants]
    assert audit.select_sample(mutants, 5) == audit.select_sample(list(reversed(mutants)), 5)
    assert audit.cosmic_ray_available(), "cosmic-ray comes with the test extra (pip install -e '.[test]')"
    assert {m.source for m in mutants} == {"kit", "cosmic-ray"}


needs_bwrap = pytest.mark.skipif(not sandbox.detect_isolation().isolated, reason="grading needs bubblewrap")


@needs_bwrap
@pytest.mark.parametrize("exercise", [e for e in discover.all_exercises() if e.solution.is_file() and e.has_hidden],
                         ids=lambda e: e.name)
def test_a_sample_of_each_exercises_mutants_is_killed(exercise):
    report = audit.audit(exercise, sample=SAMPLE, use_cache=False)
    survivors = [f"{v.mutant.id}:\n{v.mutant.diff}" for v in report.verdicts if v.status == "survived"]
    assert not survivors, "the hidden tests give full marks to:\n" + "\n".join(survivors)
    assert not [v for v in report.verdicts if v.status == "error"], report.to_dict()


@needs_bwrap
def test_stopping_at_the_first_lost_point_gives_the_verdicts_of_a_full_grading():
    """The audit stops grading a mutant at its first test that loses points: the same killed and survived
    as running every test, on fewer tests."""
    quick = audit.audit(EX01, sample=6, use_cache=False, jobs=2)
    full = audit.audit(EX01, sample=6, use_cache=False, jobs=2, full_grading=True)
    assert [(v.mutant.id, v.status) for v in quick.verdicts] == [(v.mutant.id, v.status) for v in full.verdicts]
    killed = [(q, f) for q, f in zip(quick.verdicts, full.verdicts) if q.status == "killed"]
    assert killed and all(q.max_score <= f.max_score for q, f in killed)
    assert any(q.max_score < f.max_score for q, f in killed), "no grading stopped early"


@needs_bwrap
def test_removing_a_hidden_test_leaves_a_survivor(tmp_path):
    """The audit measures the tests: without test_f1_score, a wrong f1_score gets full marks."""
    kit = tmp_path / "kit"
    for name in ("grader", "exercises", "solutions"):
        shutil.copytree(ROOT / name, kit / name, ignore=shutil.ignore_patterns("__pycache__", "*.gz"))
    shutil.copyfile(ROOT / "pyproject.toml", kit / "pyproject.toml")

    def survivors(root: Path) -> list[str]:
        proc = subprocess.run([sys.executable, "-m", "grader.cli", "audit", "ex01", "--function", "f1_score",
                               "--format", "json", "--no-cache"], cwd=root, capture_output=True, text=True,
                              timeout=600)
        return [s["id"] for s in json.loads(proc.stdout)[0]["survivors"]]

    assert survivors(kit) == []
    hidden = kit / "grader" / "exercises" / EX01.name / "test_hidden.py"
    source = hidden.read_text(encoding="utf-8")
    tree = ast.parse(source)
    node = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "test_f1_score")
    lines = source.splitlines(True)
    start = (node.decorator_list[0].lineno if node.decorator_list else node.lineno) - 1
    hidden.write_text("".join(lines[:start] + lines[node.end_lineno:]), encoding="utf-8")
    assert survivors(kit), "with test_f1_score gone, a mutant of f1_score should survive"


def test_equivalent_mutants_are_listed_with_a_reason_and_still_generated():
    for ex in discover.all_exercises():
        listed = audit.equivalent(ex)
        if not listed:
            continue
        assert all(reason.strip() for reason in listed.values()), f"{ex.name}: every equivalent mutant needs a reason"
        generated = {m.id for m in audit.generate(ex)[0]}
        assert set(listed) <= generated, f"{ex.name}: stale entries in equivalent.toml: {set(listed) - generated}"


def test_a_change_to_the_wording_of_an_error_only_is_not_a_mutant():
    """The contract fixes an error's type and when it is raised, not its message."""
    ref = 'def f(x):\n    if x < 0:\n        raise ValueError(f"x = {x + 1} must be >= 0")\n    return x\n'
    bare = audit._without_messages(ref)
    assert audit._without_messages(ref.replace("x + 1", "x - 1")) == bare
    assert audit._without_messages(ref.replace("ValueError", "TypeError")) != bare
    assert audit._without_messages(ref.replace("x < 0", "x <= 0")) != bare
    assert audit._without_messages(ref.replace('        raise ValueError(f"x = {x + 1} must be >= 0")\n',
                                               "        pass\n")) != bare


# Defaults no literal "plausible other value" exists for, with the rows of the contract that test them.

@pytest.mark.parametrize("exercise", [e for e in discover.all_exercises() if e.stub.is_file()], ids=lambda e: e.id)
def test_the_mistake_operators_cover_every_default_and_documented_error(exercise):
    """Every default of every public function of the stub gets a changed-default mutant, and every function
    that documents an error has a raise of it (in itself or a helper it calls) that a mutant removes, and
    every function whose result has a documented dtype gets a mutant with another one."""
    from tests.test_contracts import stub_contract

    reference = exercise.solution.read_text(encoding="utf-8")
    found, _ = audit.generate(exercise, sources=("kit",))
    changed = set().union(*[contracts.changed_defaults(reference, m.code) for m in found if m.operator == "changed_default"])
    funcs = {n.name: n for n in ast.parse(reference).body if isinstance(n, ast.FunctionDef)}
    removed = {m.function for m in found if m.operator == "removed_raise"}
    dtyped = {m.function for m in found if m.operator in ("changed_dtype", "returned_dtype")}
    stub_funcs = {n.name: n for n in ast.parse(exercise.stub.read_text(encoding="utf-8")).body
                  if isinstance(n, ast.FunctionDef)}
    missing = []
    for fn, clause in stub_contract(exercise.stub).items():
        for param in clause["defaults"]:
            if (fn, param) not in changed:
                missing.append(f"default {fn}({param}=…)")
        if clause["errors"]:
            reach = contracts.reach(funcs, fn)
            if not reach & removed:
                missing.append(f"the documented errors of {fn}")
        doc = ast.get_docstring(stub_funcs[fn]) or ""
        returns = (doc.split("Returns:", 1)[1].split("\n\n", 1)[0] if "Returns:" in doc else "") + " ".join(
            re.findall(r"\bReturns [^.]*\.", doc))
        if re.search(r"\b(float64|int64)\b", returns):
            reach = contracts.reach(funcs, fn)
            if not reach & dtyped:
                missing.append(f"the documented dtype of {fn}")
    assert not missing, "no mistake-shaped mutant for: " + ", ".join(missing)
