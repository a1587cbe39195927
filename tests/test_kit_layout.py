"""The kit's promises about its own files: CI runs the README's commands, stubs match references,
every message exists in both languages, hidden tests stay in the grader."""
from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from grader.authoring import mutants, stubs
from grader.core import discover, i18n

ROOT = Path(__file__).resolve().parent.parent


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```bash\n(.*?)```", quick, re.S)][:2]


def test_ci_runs_the_readme_commands_verbatim():
    commands = _readme_commands()
    assert len(commands) == 2, "the README's quick start has an install command and a test command"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    for command in commands:
        assert command in ci, f".ci/run does not run the README command: {command}"


def test_top_level_layout():
    for name in ("exercises", "solutions", "grader", "tests", "README.md", "pyproject.toml"):
        assert (ROOT / name).exists(), name


@pytest.mark.parametrize("solution", sorted((ROOT / "solutions").glob("ex[0-9][0-9]_*.py")), ids=lambda p: p.stem)
def test_stub_is_generated_from_the_reference(solution):
    stub = ROOT / "exercises" / solution.name
    assert stub.is_file(), f"missing stub {stub.name}: run `grade stubs`"
    assert stub.read_text(encoding="utf-8") == stubs.stub_for(solution), f"{stub.name} drifted: run `grade stubs`"
    assert "BEGIN SOLUTION" not in stub.read_text(encoding="utf-8")


def test_stub_generation_rules():
    src = 'def f(x):\n    """Doc."""\n    # BEGIN SOLUTION\n    return x\n    # END SOLUTION\n'
    assert stubs.make_stub(src, "ex99") == 'def f(x):\n    """Doc."""\n    raise NotImplementedError("ex99: implement f")\n'
    with pytest.raises(stubs.StubError):
        stubs.make_stub("# BEGIN SOLUTION\nx = 1\n", "ex99")


def _fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


def test_every_message_has_both_languages_with_the_same_placeholders():
    for key, entry in i18n.catalogue().items():
        assert set(i18n.LANGS) <= entry.keys(), f"{key} lacks {set(i18n.LANGS) - entry.keys()}"
        assert entry["en"].strip() and entry["ko"].strip(), key
        assert _fields(entry["en"]) == _fields(entry["ko"]), f"{key}: placeholders differ between en and ko"


def _relative_keys(path: Path) -> set[str]:
    """The literal keys a test file names through ``K("...")`` (relative to its exercise)."""
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "K" and node.args
                and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            out.add(node.args[0].value)
    return out


@pytest.mark.parametrize("exercise", discover.all_exercises(), ids=lambda e: e.name)
def test_message_keys_used_by_tests_and_mutants_exist(exercise):
    for path in exercise.test_files:
        for key in _relative_keys(path):
            assert i18n.has(f"{exercise.name}.{key}"), f"{path.name} uses K({key!r}), missing from its messages.toml"
    for path in exercise.mutants():
        key = mutants.load(path).expect
        assert i18n.has(key), f"{path.name}: EXPECT names {key!r}, missing from its messages.toml"
    assert exercise.title("en") != exercise.name and exercise.title("ko") != exercise.name, \
        f"{exercise.name}/exercise.toml needs [title] en and ko"


@pytest.mark.parametrize("exercise", discover.all_exercises(), ids=lambda e: e.name)
def test_declared_parts_exist_and_existing_parts_are_declared(exercise):
    for part in discover.PARTS:
        present = (exercise.folder / f"{part}.py").is_file()
        assert present == exercise.has_part(part), \
            f"{exercise.name}: {part}.py {'exists' if present else 'is missing'} but [parts] {part} says otherwise"
    if exercise.has_part("dataset"):
        assert (exercise.folder / "data" / "README.md").is_file(), f"{exercise.name}: data/README.md (source, licence)"
    for helper in exercise.child_helpers:
        assert (ROOT / "grader" / "isolation" / "child" / f"helpers_{helper}.py").is_file(), helper
    exercise.limits  # noqa: B018  (raises on an unknown limit)


def test_no_engine_module_names_an_exercise():
    """Exercise ids and names appear only in exercise folders: the engine is the same for every exercise."""
    grader = ROOT / "grader"
    offenders = []
    for path in sorted(grader.rglob("*")):
        rel = path.relative_to(grader)
        if not path.is_file() or rel.parts[0] == "exercises" or path.suffix not in (".py", ".toml", ".ini", ".md"):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"\bex\d\d", line):
                offenders.append(f"grader/{rel}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)


def test_hidden_tests_never_ship_with_the_stubs():
    for path in (ROOT / "exercises").rglob("*"):
        assert not path.name.startswith("test_"), path


def test_core_messages_render_in_both_languages():
    for lang in i18n.LANGS:
        text = i18n.t("core.child.timeout", lang, seconds=5, fn="softmax")
        assert "5" in text and "softmax" in text
    assert i18n.t("no.such.key") == "no.such.key"


@pytest.mark.parametrize("exercise", discover.all_exercises(), ids=lambda e: e.name)
def test_every_module_of_an_exercise_imports(exercise):
    """A test file that cannot be imported grades every submission 0 of 0: catch it here, not in a class."""
    import importlib

    for path in sorted(exercise.folder.glob("*.py")):
        importlib.import_module(f"grader.exercises.{exercise.name}.{path.stem}")
