"""Adding an exercise touches exactly three places: its stub in ``exercises/``, its reference in
``solutions/`` and its folder in ``grader/exercises/``. Shown on a copy of the kit: a new numpy
exercise is dropped in, and the kit lists it, grades its reference with full marks, its stub with
zero, and names the mistake of its one catalogued wrong answer — with no other file changed."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from grader.authoring import mutants

ROOT = Path(__file__).resolve().parent.parent

REFERENCE = '''"""ex99 · Dot product: the sum of the element-wise products of two vectors."""
from __future__ import annotations

import numpy as np


def dot(a: np.ndarray, b: np.ndarray) -> float:
    """sum_i a[i] * b[i] for two vectors of shape (N,); raise ValueError when the shapes differ."""
    # BEGIN SOLUTION
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape or a.ndim != 1:
        raise ValueError("dot needs two vectors of the same length")
    return float(np.sum(a * b))
    # END SOLUTION
'''

METADATA = '''[title]
en = "Dot product"
ko = "내적"

[limits]
call_timeout_s = 5
memory_mb = 1024
'''

MESSAGES = '''[concept.dot]
en = "the dot product: multiply entry by entry, then add up"
ko = "내적: 원소끼리 곱한 뒤 모두 더하기"

[forgot_sum]
en = "you returned the element-wise products; the dot product adds them up"
ko = "원소별 곱을 그대로 반환했습니다. 내적은 그 곱을 모두 더한 값입니다"
'''

HIDDEN = '''import numpy as np
import pytest
from hypothesis import given

from grader.author import assert_close, assert_raises, float_arrays, keys

K = keys(__file__)


@pytest.mark.points(2)
@pytest.mark.concept(K("concept.dot"))
@given(a=float_arrays((4,)), b=float_arrays((4,)))
def test_dot(student, reference, a, b):
    assert_close(student.dot(a, b), reference.dot(a, b), "dot(a, b)", mistakes={K("forgot_sum"): a * b})


@pytest.mark.points(1)
@pytest.mark.concept(K("concept.dot"))
def test_dot_rejects_different_lengths(student):
    assert_raises(lambda: student.dot(np.ones(3), np.ones(4)), ValueError, "dot(ones(3), ones(4))")
'''

PUBLIC = '''import numpy as np
import pytest

from grader.author import assert_close, keys

K = keys(__file__)


@pytest.mark.points(1)
@pytest.mark.concept(K("concept.dot"))
def test_dot_by_hand(student):
    assert_close(student.dot(np.array([1.0, 2.0]), np.array([3.0, 4.0])), 11.0, "dot([1, 2], [3, 4])")
'''

MUTANT = '''"""Returns the element-wise products instead of their sum."""
import numpy as np


def dot(a, b):
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape or a.ndim != 1:
        raise ValueError("dot needs two vectors of the same length")
    return a * b


EXPECT = "forgot_sum"
'''


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts}


def _grade(kit: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "grader.cli", *args], capture_output=True, text=True, cwd=kit,
                          timeout=300)


@pytest.fixture(scope="module")
def kit(tmp_path_factory) -> Path:
    """A copy of the kit (without the large data files, which the new exercise does not need)."""
    kit = tmp_path_factory.mktemp("kit")
    for name in ("grader", "exercises", "solutions"):
        shutil.copytree(ROOT / name, kit / name, ignore=shutil.ignore_patterns("__pycache__", "*.gz"))
    shutil.copyfile(ROOT / "pyproject.toml", kit / "pyproject.toml")
    return kit


def test_a_new_exercise_is_its_stub_its_reference_and_one_folder(kit):
    before = _files(kit)
    (kit / "solutions" / "ex99_dot.py").write_text(REFERENCE, encoding="utf-8")
    folder = kit / "grader" / "exercises" / "ex99_dot"
    (folder / "mutants").mkdir(parents=True)
    (folder / "exercise.toml").write_text(METADATA, encoding="utf-8")
    (folder / "messages.toml").write_text(MESSAGES, encoding="utf-8")
    (folder / "test_hidden.py").write_text(HIDDEN, encoding="utf-8")
    (folder / "test_public.py").write_text(PUBLIC, encoding="utf-8")
    (folder / "mutants" / "forgot_sum.py").write_text(MUTANT, encoding="utf-8")
    proc = _grade(kit, "stubs", "ex99")
    assert proc.returncode == 0, proc.stderr
    assert 'raise NotImplementedError("ex99: implement dot")' in (kit / "exercises" / "ex99_dot.py").read_text()

    changed = {p for p, data in _files(kit).items() if before.get(p) != data}
    assert {p.split("/")[0] if not p.startswith("grader/") else "/".join(p.split("/")[:3]) for p in changed} == \
        {"exercises", "solutions", "grader/exercises/ex99_dot"}, sorted(changed)

    listed = json.loads(_grade(kit, "list", "--format", "json").stdout)
    assert {"id": "ex99", "name": "ex99_dot", "title": "Dot product", "points": 4.0} in listed

    proc = _grade(kit, "ex99", "--file", "solutions/ex99_dot.py", "--format", "json", "--lang", "en")
    result = json.loads(proc.stdout)
    assert proc.returncode == 0 and result["score"] == result["max_score"] == 4.0, result

    proc = _grade(kit, "ex99", "--file", "exercises/ex99_dot.py", "--format", "json", "--run-untouched")
    assert json.loads(proc.stdout)["score"] == 0

    sub = mutants.write_mutant(kit / "solutions" / "ex99_dot.py", folder / "mutants" / "forgot_sum.py", kit / "mutant")
    result = json.loads(_grade(kit, "ex99", "--file", str(sub), "--format", "json", "--lang", "ko").stdout)
    named = [t for t in result["tests"] if "ex99_dot.forgot_sum" in t["hints"]]
    assert result["score"] < 4 and named and "원소별 곱" in named[0]["message"]
