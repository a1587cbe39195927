"""The static "needs review" pass (grader/core/inspection.py): what it flags, that the kit's own correct and
wrong answers are never flagged, that the hostile corpus is, and that a mark reaches the instructor (JSON,
terminal, the batch store, gradebook notes, report.md and report.html) without ever changing a score."""
from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from grader.core import discover, inspection
from tests.test_batch import ISOLATED, grade_batch, gradebook

ROOT = Path(__file__).resolve().parent.parent
EX01 = discover.find("ex01")


def rules(source: str) -> set[str]:
    return {f["rule"] for f in inspection.inspect_source(source)}


@pytest.mark.parametrize("snippet,rule", [
    ("import sys\nsys.modules['numpy'] = None", "interpreter"),
    ("import sys\nf = sys._getframe(1).f_back", "interpreter"),
    ("import inspect\nx = inspect.currentframe()", "interpreter"),
    ("import gc\nobjs = gc.get_objects()", "interpreter"),
    ("import ctypes", "interpreter"),
    ("import builtins\nbuiltins.print = None", "interpreter"),
    ("def f():\n    return f.__globals__", "interpreter"),
    ("import torch\ntorch.any = lambda *a: False", "interpreter"),
    ("import torch\ntorch.Tensor.__ne__ = None", "interpreter"),
    ("import copy\ncopy._deepcopy_dispatch[list] = None", "interpreter"),
    ("from torch import nn\nnn.Module.parameters = None", "interpreter"),
    ("import grader.isolation.child", "grader"),
    ("from solutions.ex01_metrics import accuracy", "grader"),
    ("import importlib\nm = importlib.import_module('solutions.ex01_metrics')", "grader"),
    ("import _pytest.outcomes", "grader"),
    ("exec('x = 1')", "dynamic_code"),
    ("g = globals()", "dynamic_code"),
    ("import subprocess", "processes"),
    ("import os\nos.fork()", "processes"),
    ("import threading", "processes"),
    ("import os\nfor _ in os.walk('/'):\n    pass", "files"),
    ("import os\nos.write(3, b'{}')", "files"),
    ("import numpy as np\nclass A(np.ndarray):\n    pass", "objects"),
    ("class B:\n    def __eq__(self, other):\n        return True", "objects"),
    ("import torch\nclass P(torch.nn.Parameter):\n    @classmethod\n    def __torch_function__(cls, *a):\n"
     "        return False", "objects"),
    ("TABLE = " + repr(list(range(3000))), "embedded_data"),
    ("BLOB = " + repr("x" * 30000), "embedded_data"),
])
def test_each_rule(snippet, rule):
    assert rule in rules(snippet)


def test_a_finding_names_its_line_and_code():
    (finding,) = inspection.inspect_source("import numpy as np\n\n\nimport ctypes\n")
    assert finding == {"rule": "interpreter", "line": 4, "code": "import ctypes"}


def _kit_files() -> list[Path]:
    patterns = ("solutions/ex*.py", "exercises/ex*.py", "tests/alternatives/*.py", "tests/alternatives/*/*.py",
                "grader/exercises/*/mutants/*.py")
    return sorted(p for pat in patterns for p in ROOT.glob(pat))


@pytest.mark.parametrize("path", _kit_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_honest_code_of_the_kit_is_never_flagged(path):
    """References, stubs, second implementations and the catalogue of typical wrong answers: what students
    write, right or wrong, gets no mark."""
    assert inspection.inspect_source(path.read_text(encoding="utf-8")) == []


# The hostile corpus: what each attack must be flagged for (entries that only loop, allocate, exit or fill
# /tmp do nothing the sandbox does not already stop, and need no review).
HOSTILE = {
    "04_fork_bomb.py": {"processes"},
    "07_exit_inside_functions.py": {"processes"},
    "08_monkeypatch_comparisons.py": {"interpreter", "grader"},
    "09_fake_result_output.py": {"interpreter"},
    "10_fake_results_file.py": {"files"},
    "11_steal_reference.py": {"grader", "files"},
    "12_lying_objects.py": {"objects"},
    "13_network_loopback.py": {"processes"},
    "15_background_tamper.py": {"processes", "files"},
    "16_ignore_sigterm.py": {"processes"},
    "17_memorise_mnist.py": {"files"},
    "18_memorise_digits.py": {"files"},
    "19_forged_frames.py": {"files"},
    "20_fake_skip.py": {"grader"},
    "22_proc_snoop_and_kill.py": {"processes", "files"},
    "24_fork_memory.py": {"processes", "files"},
    "30_forge_stale_gradient_watch.py": {"interpreter"},
    "31_forge_in_place_snapshot.py": {"interpreter"},
}


def test_a_patch_of_an_imported_module_is_named_but_settings_are_not():
    found = inspection.inspect_source("import torch\nimport numpy as np\nnp.array = None\n"
                                      "torch.backends.cudnn.deterministic = True\nx = np.zeros(3)\nx[0] = 1\n")
    assert [f["code"] for f in found] == ["np.array = …"]


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_the_hostile_corpus_is_flagged(name):
    assert HOSTILE[name] <= rules((ROOT / "tests" / "hostile" / name).read_text(encoding="utf-8"))


def test_the_cost_is_bounded_by_the_size_of_the_source():
    huge = "x = [" + "1, " * 2_000_000 + "]\n"  # 6 MB: not parsed
    t0 = time.perf_counter()
    found = inspection.inspect_source(huge)
    assert time.perf_counter() - t0 < 1.0
    assert [f["rule"] for f in found] == ["embedded_data"]
    nested = "x = " + "[" * 90 + "]" * 90 + "\n"
    assert inspection.inspect_source(nested) == []


def _flagged_reference(tmp_path: Path) -> Path:
    sub = tmp_path / "ex01_metrics.py"
    sub.write_text(EX01.solution.read_text(encoding="utf-8") + "\n\nimport threading  # harmless, but flagged\n",
                   encoding="utf-8")
    return sub


def test_a_mark_is_shown_and_never_changes_the_score(tmp_path):
    sub = _flagged_reference(tmp_path)
    proc = subprocess.run([sys.executable, "-m", "grader.cli", "ex01", "--file", str(sub), "--format", "json"],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    result = json.loads(proc.stdout)
    assert result["score"] == result["max_score"] == EX01.points
    assert result["needs_review"] == [{"rule": "processes", "line": result["needs_review"][0]["line"],
                                       "code": "import threading"}]
    proc = subprocess.run([sys.executable, "-m", "grader.cli", "ex01", "--file", str(sub), "--lang", "ko"],
                          capture_output=True, text=True, cwd=ROOT, timeout=300, env={**__import__("os").environ,
                                                                                      "COLUMNS": "200"})
    assert "검토 필요" in proc.stdout and "import threading" in proc.stdout
    clean = subprocess.run([sys.executable, "-m", "grader.cli", "ex01", "--file", str(EX01.solution),
                            "--format", "json"], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert "needs_review" not in json.loads(clean.stdout)


@pytest.mark.skipif(not ISOLATED, reason="batch grading needs bubblewrap (or --unsafe)")
def test_the_instructor_sees_the_mark_in_every_class_output(tmp_path):
    subs = tmp_path / "subs"
    (subs / "alice").mkdir(parents=True)
    (subs / "bob").mkdir()
    (subs / "alice" / "ex01_metrics.py").write_bytes(_flagged_reference(tmp_path).read_bytes())
    (subs / "bob" / "ex01_metrics.py").write_bytes(EX01.solution.read_bytes())
    out = tmp_path / "out"
    proc = grade_batch(subs, out)
    assert proc.returncode in (0, 1), proc.stderr
    book = gradebook(out)
    assert book["alice"]["ex01"] == book["bob"]["ex01"] == f"{EX01.points:g}"
    assert "ex01: needs review" in book["alice"]["notes"] and "review" not in book["bob"]["notes"]
    grades = json.loads((out / "grades.json").read_text(encoding="utf-8"))
    by_id = {s["id"]: s for s in grades["students"]}
    assert by_id["alice"]["exercises"]["ex01"]["needs_review"][0]["code"] == "import threading"
    assert by_id["bob"]["exercises"]["ex01"]["needs_review"] == []
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "Needs review" in report and "import threading" in report
    page = (out / "report.html").read_text(encoding="utf-8")
    section = page.split('<section id="review">', 1)[1].split("</section>", 1)[0]
    assert "alice" in section and "import threading" in section and "bob" not in section
