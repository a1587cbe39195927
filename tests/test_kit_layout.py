"""The kit's promises about its own files: CI runs the README's commands, stubs match references,
every message exists in both languages, hidden tests stay in the grader."""
from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from grader import discover, i18n, stubs

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


def _string_constants(path: Path) -> set[str]:
    return {n.value for n in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(n, ast.Constant) and isinstance(n.value, str)}


@pytest.mark.parametrize("exercise", discover.all_exercises(), ids=lambda e: e.name)
def test_message_keys_used_by_tests_and_mutants_exist(exercise):
    files = list(exercise.test_files) + exercise.mutants()
    prefix = exercise.name + "."
    for path in files:
        for key in _string_constants(path):
            if key.startswith(prefix) and re.fullmatch(r"[\w.]+", key):
                assert i18n.has(key), f"{path.name} uses {key!r}, missing from grader/messages/{exercise.name}.toml"
    assert i18n.has(f"{exercise.name}.title"), f"{exercise.name}.toml needs a [title]"


def test_hidden_tests_never_ship_with_the_stubs():
    for path in (ROOT / "exercises").rglob("*"):
        assert not path.name.startswith("test_"), path


def test_core_messages_render_in_both_languages():
    for lang in i18n.LANGS:
        text = i18n.t("core.child.timeout", lang, seconds=5, fn="softmax")
        assert "5" in text and "softmax" in text
    assert i18n.t("no.such.key") == "no.such.key"
