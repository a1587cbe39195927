"""Find exercises: one name (``exNN_name``) ties together the stub (``exercises/exNN_name.py``), the
reference (``solutions/exNN_name.py``) and one folder, ``grader/exercises/exNN_name/``, holding
everything else the grader knows about it:

* ``exercise.toml`` — the title in English and Korean, the child's limits (``[limits]``, fields of
  ``sandbox.Limits``), what the child needs besides the core helpers (``[child]``) and which
  optional parts the folder has (``[parts]``);
* ``test_hidden.py`` and ``test_public.py`` — the tests, with their points;
* ``messages.toml`` — the exercise's messages (keys ``exNN_name.…``), in both languages;
* ``mutants/*.py`` — the catalogue of typical wrong answers;
* optional parts: ``dataset.py`` with ``data/`` (the files and their credits), ``figure.py`` (a
  report figure), ``strategies.py`` (hypothesis strategies of its own), ``child_helpers.py`` (code
  that runs in the child next to the student's module), ``selftest.py`` (the kit's own tests of
  those parts).

Nothing here is specific to an exercise; adding one means adding its stub, its reference and its
folder. Test files are read as text (``ast``), never imported, so ``grade list`` stays fast and
does not import torch.
"""
from __future__ import annotations

import ast
import functools
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from grader.isolation.sandbox import Limits

GRADER_DIR = Path(__file__).resolve().parent.parent
EXERCISES_DIR = GRADER_DIR / "exercises"
METADATA = "exercise.toml"
HIDDEN_TESTS = "test_hidden.py"
PUBLIC_TESTS = "test_public.py"
MUTANTS = "mutants"
# Optional parts an exercise folder may have, each declared in [parts] of its exercise.toml.
PARTS = ("dataset", "figure", "strategies", "child_helpers")
_NAME = re.compile(r"(ex\d{2})_[a-z0-9_]+")


def kit_root() -> Path:
    """The folder holding ``exercises/`` and ``solutions/`` (the checkout, or a release)."""
    return GRADER_DIR.parent


class UnknownExercise(LookupError):
    pass


class MetadataError(ValueError):
    """An exercise's ``exercise.toml`` is malformed: a fault of the kit, not of a submission."""


@dataclass(frozen=True)
class Exercise:
    id: str
    name: str
    folder: Path
    meta: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def test_files(self) -> tuple[Path, ...]:
        """Public checks first, then hidden tests (those the folder has)."""
        return tuple(p for p in (self.folder / PUBLIC_TESTS, self.folder / HIDDEN_TESTS) if p.is_file())

    @functools.cached_property
    def points(self) -> float:
        """Points of every test, read from the test files on first use."""
        return sum(_points(p) for p in self.test_files)

    @property
    def limits(self) -> Limits:
        limits = self.meta.get("limits", {})
        unknown = set(limits) - set(Limits.__dataclass_fields__)
        if unknown:
            raise MetadataError(f"{self.name}/{METADATA}: unknown limits {sorted(unknown)}")
        return Limits().updated(**limits)

    @property
    def child_helpers(self) -> tuple[str, ...]:
        """Engine helper modules (``helpers_<name>.py`` of the child side) this exercise's child gets."""
        return tuple(self.meta.get("child", {}).get("helpers", ()))

    @property
    def hidden_site_data(self) -> tuple[str, ...]:
        """Folders inside installed packages that the child must not see (labelled copies of data)."""
        return tuple(self.meta.get("child", {}).get("hide_site_data", ()))

    def has_part(self, part: str) -> bool:
        return bool(self.meta.get("parts", {}).get(part, False))

    @property
    def child_helper_file(self) -> Path | None:
        """The exercise's own child-side helper (``child_helpers.py``), if it declares one."""
        return self.folder / "child_helpers.py" if self.has_part("child_helpers") else None

    def title(self, lang: str = "en") -> str:
        titles = self.meta.get("title", {})
        return titles.get(lang) or titles.get("en") or self.name

    @property
    def stub(self) -> Path:
        return kit_root() / "exercises" / f"{self.name}.py"

    @property
    def solution(self) -> Path:
        return kit_root() / "solutions" / f"{self.name}.py"

    @property
    def has_hidden(self) -> bool:
        return (self.folder / HIDDEN_TESTS).is_file()

    @property
    def has_public(self) -> bool:
        return (self.folder / PUBLIC_TESTS).is_file()

    def mutants(self) -> list[Path]:
        folder = self.folder / MUTANTS
        return sorted(p for p in folder.glob("*.py") if not p.name.startswith("_")) if folder.is_dir() else []


def _points(path: Path) -> float:
    """Points of every test in a file (``@pytest.mark.points(n)``, default 1)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    points = 0.0
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test_"):
            value, copies = 1.0, 1
            for dec in node.decorator_list:
                if isinstance(dec, ast.Call) and getattr(dec.func, "attr", "") == "points" and dec.args:
                    value = float(ast.literal_eval(dec.args[0]))
                if isinstance(dec, ast.Call) and getattr(dec.func, "attr", "") == "parametrize" and len(dec.args) > 1:
                    # each parameter set is a test of its own, worth the test's points
                    if not isinstance(dec.args[1], (ast.List, ast.Tuple)):
                        raise MetadataError(f"{path}: {node.name}: parametrize a graded test with a literal "
                                            "list, so its points can be counted without importing it")
                    copies *= len(dec.args[1].elts)
            points += value * copies
    return points


def read_metadata(folder: Path) -> dict[str, Any]:
    path = folder / METADATA
    try:
        with open(path, "rb") as f:
            meta = tomllib.load(f)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise MetadataError(f"{path}: {exc}") from None
    unknown = set(meta.get("parts", {})) - set(PARTS)
    if unknown:
        raise MetadataError(f"{path}: unknown parts {sorted(unknown)} (known: {', '.join(PARTS)})")
    return meta


def load(folder: Path) -> Exercise:
    m = _NAME.fullmatch(folder.name)
    if not m:
        raise MetadataError(f"{folder}: an exercise folder is named exNN_name (lower case)")
    return Exercise(id=m.group(1), name=folder.name, folder=folder, meta=read_metadata(folder))


@functools.cache
def all_exercises() -> tuple[Exercise, ...]:
    folders = sorted(p.parent for p in EXERCISES_DIR.glob(f"*/{METADATA}"))
    exercises = tuple(load(f) for f in folders)
    return tuple(e for e in exercises if e.test_files)


def find(ident: str) -> Exercise:
    """By id (``exNN``), name (``exNN_name``) or file name (``exNN_name.py``)."""
    key = Path(ident).stem.lower()
    for ex in all_exercises():
        if key in (ex.id, ex.name):
            return ex
    known = ", ".join(ex.id for ex in all_exercises())
    raise UnknownExercise(f"unknown exercise {ident!r}; known: {known}")
