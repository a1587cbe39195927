"""Find exercises: one name (``ex05_softmax_ce``) ties together the stub, the reference, the public
and hidden tests, the message file and the catalogue of wrong answers. Nothing here is specific
to an exercise; adding one means adding its files.

Test files are read as text (``ast``), never imported, so ``grade list`` stays fast and does not
import torch. An exercise's test module may set ``CHILD = {...}`` (see ``sandbox.Limits``).
"""
from __future__ import annotations

import ast
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from grader import i18n
from grader.sandbox import Limits

GRADER_DIR = Path(__file__).resolve().parent
HIDDEN_DIR = GRADER_DIR / "hidden"
PUBLIC_DIR = GRADER_DIR / "public"
MUTANTS_DIR = GRADER_DIR / "mutants"
_NAME = re.compile(r"test_((ex\d{2})_\w+)\.py")


def kit_root() -> Path:
    """The folder holding ``exercises/`` and ``solutions/`` (the checkout, or a release)."""
    return GRADER_DIR.parent


class UnknownExercise(LookupError):
    pass


@dataclass(frozen=True)
class Exercise:
    id: str
    name: str
    test_files: tuple[Path, ...]

    @functools.cached_property
    def _scanned(self) -> tuple[float, Limits]:
        """Points and child limits, read from the test files on first use (grading one exercise
        does not parse the others)."""
        total, limits = 0.0, Limits()
        for p in self.test_files:
            pts, child = _scan(p)
            total += pts
            limits = limits.updated(**child) if child else limits
        return total, limits

    @property
    def points(self) -> float:
        return self._scanned[0]

    @property
    def limits(self) -> Limits:
        return self._scanned[1]

    def title(self, lang: str = "en") -> str:
        key = f"{self.name}.title"
        return i18n.t(key, lang) if i18n.has(key) else self.name

    @property
    def stub(self) -> Path:
        return kit_root() / "exercises" / f"{self.name}.py"

    @property
    def solution(self) -> Path:
        return kit_root() / "solutions" / f"{self.name}.py"

    @property
    def has_hidden(self) -> bool:
        return any(p.parent == HIDDEN_DIR for p in self.test_files)

    def mutants(self) -> list[Path]:
        folder = MUTANTS_DIR / self.name
        return sorted(p for p in folder.glob("*.py") if not p.name.startswith("_")) if folder.is_dir() else []


def _scan(path: Path) -> tuple[float, dict]:
    """Points of every test (``@pytest.mark.points(n)``, default 1) and the ``CHILD`` limits."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    points = 0.0
    child: dict = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "CHILD" for t in node.targets):
            child = ast.literal_eval(node.value)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test_"):
            value, copies = 1.0, 1
            for dec in node.decorator_list:
                if isinstance(dec, ast.Call) and getattr(dec.func, "attr", "") == "points" and dec.args:
                    value = float(ast.literal_eval(dec.args[0]))
                if isinstance(dec, ast.Call) and getattr(dec.func, "attr", "") == "parametrize" and len(dec.args) > 1:
                    # each parameter set is a test of its own, worth the test's points
                    if not isinstance(dec.args[1], (ast.List, ast.Tuple)):
                        raise ValueError(f"{path.name}: {node.name}: parametrize a graded test with a literal "
                                         "list, so its points can be counted without importing it")
                    copies *= len(dec.args[1].elts)
            points += value * copies
    return points, child


@functools.lru_cache(maxsize=None)
def all_exercises() -> tuple[Exercise, ...]:
    files: dict[str, list[Path]] = {}
    for folder in (PUBLIC_DIR, HIDDEN_DIR):
        for path in sorted(folder.glob("test_ex*.py")):
            m = _NAME.fullmatch(path.name)
            if m:
                files.setdefault(m.group(1), []).append(path)
    return tuple(Exercise(id=name[:4], name=name, test_files=tuple(paths)) for name, paths in sorted(files.items()))


def find(ident: str) -> Exercise:
    """By id (``ex01``), name (``ex01_metrics``) or file name (``ex01_metrics.py``)."""
    key = Path(ident).stem.lower()
    for ex in all_exercises():
        if key in (ex.id, ex.name):
            return ex
    known = ", ".join(ex.id for ex in all_exercises())
    raise UnknownExercise(f"unknown exercise {ident!r}; known: {known}")
