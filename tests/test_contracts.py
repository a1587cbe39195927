"""Every exercise has a contract table (its folder's ``contract.toml``): one row per clause of its stub's
docstrings — each default, documented error, dtype, shape, convention, determinism rule, loop count —
naming the tests that fail when the clause is broken. This test keeps the table from drifting from the
stub: every default of every public function and every documented error has a row, and every row
names tests that exist.

    [[clause]]
    function = "softmax"
    kind = "default"            # default | error | dtype | shape | aliasing | convention | determinism | loop
    param = "axis"              # for a default: the parameter (its value is read from the stub)
    error = "ValueError"        # for an error: the exception
    text = "axis=-1: the last axis"
    tests = ["softmax_default_axis"]   # test names, without test_
    evidence = ["kit/changed_default/softmax#bfd768d18a"]   # submissions that break the clause

Every row's evidence must exist, and the row's tests must lose points on each of its submissions
(``grade contracts``, grader/authoring/contracts.py): otherwise nothing shows that they would notice
the clause broken.
"""
from __future__ import annotations

import ast
import os
import re
import tomllib
from types import SimpleNamespace

import pytest

from grader.authoring import contracts
from grader.core import discover

EXERCISES = [e for e in discover.all_exercises() if e.stub.is_file()]


KINDS = {"default", "error", "dtype", "shape", "aliasing", "convention", "determinism", "loop"}
_RAISES = re.compile(r"^\s*(\w+(?:Error|Exception|Warning))\s*:", re.M)


def stub_contract(path) -> dict[str, dict]:
    """For each public function of a stub: its defaults {param: source} and its documented errors."""
    out = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if not isinstance(node, ast.FunctionDef) or node.name.startswith("_"):
            continue
        args = node.args
        positional = args.posonlyargs + args.args
        defaults = {a.arg: ast.unparse(d) for a, d in zip(positional[len(positional) - len(args.defaults):],
                                                          args.defaults)}
        defaults |= {a.arg: ast.unparse(d) for a, d in zip(args.kwonlyargs, args.kw_defaults) if d is not None}
        doc = ast.get_docstring(node) or ""
        raises = doc.split("Raises:", 1)[1] if "Raises:" in doc else ""
        raises = re.split(r"\n\s*\n|\n\s*(?:Returns|Args|Examples?|Notes?):", raises)[0]
        out[node.name] = {"defaults": defaults, "errors": set(_RAISES.findall(raises))}
    return out


def names_of_tests(exercise) -> set[str]:
    return {n.name.removeprefix("test_") for p in exercise.test_files
            for n in ast.parse(p.read_text(encoding="utf-8")).body
            if isinstance(n, ast.FunctionDef) and n.name.startswith("test_")}


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.name)
def test_contract_table_covers_every_default_and_documented_error(exercise):
    path = exercise.folder / "contract.toml"
    assert path.is_file(), f"{exercise.name} has no contract table (contract.toml): see this test's docstring"
    with open(path, "rb") as f:
        rows = tomllib.load(f).get("clause", [])
    contract = stub_contract(exercise.stub)
    names = names_of_tests(exercise)
    problems = []
    for i, row in enumerate(rows):
        where = f"row {i + 1} ({row.get('function')}, {row.get('kind')})"
        if row.get("kind") not in KINDS:
            problems.append(f"{where}: kind must be one of {sorted(KINDS)}")
        if row.get("function") not in contract:
            problems.append(f"{where}: the stub has no public function {row.get('function')!r}")
        if not row.get("text"):
            problems.append(f"{where}: say what the clause is (text)")
        missing = [t for t in row.get("tests", []) if t not in names]
        if not row.get("tests") or missing:
            problems.append(f"{where}: tests {missing or '[]'} do not exist")
    for fn, c in contract.items():
        for param in c["defaults"]:
            if not any(r.get("function") == fn and r.get("kind") == "default" and r.get("param") == param for r in rows):
                problems.append(f"{fn}: the default {param}={c['defaults'][param]} has no row")
        for error in c["errors"]:
            if not any(r.get("function") == fn and r.get("kind") == "error" and r.get("error") == error for r in rows):
                problems.append(f"{fn}: the documented {error} has no row")
    assert not problems, "\n".join(problems)


def test_the_parser_reads_defaults_and_raises(tmp_path):
    stub = tmp_path / "exNN_x.py"
    stub.write_text('def f(x, axis: int = -1, *, eps=1e-12):\n    """Doc.\n\n    Raises:\n'
                    '        ValueError: if x is empty.\n        TypeError: if x is not an array.\n\n'
                    '    Returns:\n        ValueError: not a raise.\n    """\n\n\ndef _g(y=1):\n    pass\n')
    assert stub_contract(stub) == {"f": {"defaults": {"axis": "-1", "eps": "1e-12"},
                                         "errors": {"ValueError", "TypeError"}}}


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.name)
def test_every_row_is_shown_by_its_evidence(exercise):
    """Each row's tests lose points on every submission its evidence names (graded in the sandbox, only the
    tests of the rows that name it run)."""
    table, problems = contracts.check(exercise, jobs=len(os.sched_getaffinity(0)))
    assert table
    assert not problems, "\n".join(f"{p.row.label}: {p.message}" for p in problems) + (
        f"\n(grade contracts {exercise.id} --find proposes evidence for rows without any)")


def test_evidence_the_rows_tests_do_not_catch_is_reported(monkeypatch):
    """A row whose evidence breaks another function than the one its tests check is not shown."""
    ex01 = discover.find("ex01")
    row = contracts.Row(1, "precision", "convention", "TP / column sum per class", ["precision"],
                        ["catalogue/specificity_over_fn", "catalogue/nan_on_zero_division", "catalogue/none_such"])
    monkeypatch.setattr(contracts, "rows", lambda exercise: [row])
    _, problems = contracts.check(ex01, jobs=1)
    messages = sorted(p.message for p in problems)
    assert len(messages) == 2, messages
    assert messages[0].startswith("catalogue/none_such: no such catalogue entry")
    assert messages[1].startswith("catalogue/specificity_over_fn breaks the clause, yet none of ['precision']")


def test_found_evidence_is_written_into_its_row(tmp_path):
    table = tmp_path / "contract.toml"
    table.write_text('# a table\n\n[[clause]]\nfunction = "f"\nkind = "default"\nparam = "a"\ntext = "a=1"\n'
                     'tests = ["f_default",\n         "f_by_hand"]\n\n[[clause]]\nfunction = "g"\nkind = "error"\n'
                     'error = "ValueError"\ntext = "ValueError"\ntests = ["g_rejects"]\nevidence = ["old"]\n',
                     encoding="utf-8")
    fake = SimpleNamespace(folder=tmp_path)
    contracts.write(fake, {1: "kit/changed_default/f#0123456789", 2: "catalogue/no_check"})
    got = contracts.rows(fake)
    assert [r.evidence for r in got] == [["kit/changed_default/f#0123456789"], ["catalogue/no_check"]]
    assert [r.tests for r in got] == [["f_default", "f_by_hand"], ["g_rejects"]]
    assert table.read_text(encoding="utf-8").startswith("# a table\n")
