"""Notebooks: written for an exercise, read back as a submission (tagged cells or the defining cells)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from grader.authoring import notebooks
from grader.core import discover

ROOT = Path(__file__).resolve().parent.parent
EX01 = discover.find("ex01")


def solved_notebook(exercise: discover.Exercise = EX01) -> nbformat.NotebookNode:
    """The generated notebook with the reference pasted into its solution cell."""
    nb = notebooks.build(exercise, "en")
    _, code = notebooks._split_docstring(exercise.solution.read_text(encoding="utf-8"))
    for cell in nb.cells:
        if "solution" in cell.metadata.get("tags", []):
            cell.source = code
    return nb


def untagged_notebook(exercise: discover.Exercise = EX01) -> nbformat.NotebookNode:
    """A student's own notebook: no tags, imports and functions in separate cells, magics, a plot."""
    _, code = notebooks._split_docstring(exercise.solution.read_text(encoding="utf-8"))
    body = code.replace("from __future__ import annotations\n", "").replace("import numpy as np\n", "")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# My work"),
                nbformat.v4.new_code_cell("%matplotlib inline\nimport numpy as np\n!pip list"),
                nbformat.v4.new_code_cell("%%bash\necho not python"),
                nbformat.v4.new_code_cell(body),
                nbformat.v4.new_code_cell("cm = confusion_matrix(np.array([0, 1]), np.array([1, 1]), 2)\nprint(cm)"),
                nbformat.v4.new_code_cell("def broken(:\n    pass")]
    return nb


def test_generated_notebook_is_valid_and_tagged(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "grader.cli", "notebook", "ex01", "--out", str(tmp_path / "n.ipynb")],
                          capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 0, proc.stderr
    nb = nbformat.read(tmp_path / "n.ipynb", as_version=4)
    nbformat.validate(nb)
    kinds = [(c.cell_type, c.metadata.get("tags", [])) for c in nb.cells]
    assert kinds[0][0] == "markdown" and "Confusion" in nb.cells[0].source and "TP = cm[k, k]" in nb.cells[0].source
    assert ("code", ["solution"]) in kinds and ("code", ["check"]) in kinds
    solution = next(c for c in nb.cells if "solution" in c.metadata.get("tags", []))
    assert 'raise NotImplementedError("ex01: implement accuracy")' in solution.source
    assert "BEGIN SOLUTION" not in json.dumps(nb)
    assert nb.metadata[notebooks.META]["exercise"] == "ex01_metrics"


def test_extract_tagged_cells_only(tmp_path):
    nb = solved_notebook()
    nb.cells.append(nbformat.v4.new_code_cell("while True: pass  # an untagged experiment"))
    src = notebooks.extract(nb, EX01)
    assert "def confusion_matrix" in src and "while True" not in src and "check(" not in src
    assert src.splitlines()[1] == "from __future__ import annotations"
    compile(src, "ex01_metrics.py", "exec")


def test_extract_falls_back_to_defining_cells():
    src = notebooks.extract(untagged_notebook(), EX01)
    assert src is not None
    assert "import numpy as np" in src and "def f1_score" in src
    assert "%matplotlib" not in src.replace("# %matplotlib", "") and "echo not python" not in src
    assert "print(cm)" not in src, "cells that only use the functions are not graded"
    compile(src, "ex01_metrics.py", "exec")


def test_notebook_for_another_exercise_has_nothing_for_this_one():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("def unrelated():\n    return 1")]
    assert notebooks.extract(nb, EX01) is None


@pytest.mark.parametrize("content", [b"not json at all", b"\xff\xfe\x00garbage", b'{"cells": 3}', b"[1, 2]",
                                     b'{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"cell_type": "code", "source": 5}]}'])
def test_malformed_notebook_gives_a_clear_error(tmp_path, content):
    path = tmp_path / "bad.ipynb"
    path.write_bytes(content)
    with pytest.raises(notebooks.NotebookError) as info:
        notebooks.read(path)
    assert info.value.key == "batch.notebook.malformed"
    assert "bad.ipynb is not a valid Jupyter notebook" in info.value.message("en")


def test_source_from_ipython_history():
    _, code = notebooks._split_docstring(EX01.solution.read_text(encoding="utf-8"))
    history = ["", "import numpy as np", code.replace("def accuracy", "def accuracy_old"), code, "accuracy(cm)"]
    src = notebooks.source_from_namespace(EX01, {"In": history})
    assert src is not None and "def accuracy(" in src and "accuracy_old" not in src


def test_check_grades_what_the_calling_module_defines():
    # Outside IPython, check() reads the caller's globals; in the kit (hidden tests present) it grades in full.
    script = ("from solutions.ex01_metrics import *\nfrom grader import check\n"
              "check('ex01', lang='en')\n")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120,
                          env={**__import__("os").environ, "COLUMNS": "120"})
    assert proc.returncode == 0, proc.stderr
    assert f"{EX01.points:g} / {EX01.points:g}" in proc.stdout and "✘" not in proc.stdout, proc.stdout
    assert "public checks only" not in proc.stdout


def test_check_from_a_notebook_handed_out_before_the_move():
    script = ("import solutions.ex01_metrics as m\nfrom grader.notebooks import check\n"
              "check('ex01_metrics', vars(m), lang='en')\n")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120,
                          env={**__import__("os").environ, "COLUMNS": "120"})
    assert proc.returncode == 0, proc.stderr
    assert "✘" not in proc.stdout and "Total" in proc.stdout, proc.stdout


# ---- extraction by the syntax tree -----------------------------------------------------------------
def _nb(*sources: str, tags: dict[int, list[str]] | None = None) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Notes")] + [
        nbformat.v4.new_code_cell(s, metadata={"tags": (tags or {}).get(i, [])} if tags and i in tags else {})
        for i, s in enumerate(sources)]
    return nb


def test_extraction_keeps_what_the_functions_need_and_drops_scratch_work():
    got = notebooks.extract_cells(_nb(
        "import numpy as np\nimport matplotlib.pyplot as plt",
        "EPS = 1e-12\ny_true = load_my_data()\ndef _safe_div(a, b):\n    return a / (b + EPS)",
        "def accuracy(cm):\n    return -1",
        "def accuracy(cm, y_true=None):\n    return _safe_div(np.trace(cm), np.sum(cm))\nprint(accuracy(1))\nplt.show()",
        "!pip install numpy\n%timeit accuracy(np.eye(2))",
        "def precision(cm, k: int):\n    [y_true for y_true in range(k)]\n    return 0.0"), EX01)
    src = got.source
    assert "import numpy as np" in src and "EPS = 1e-12" in src and "def _safe_div" in src
    assert "matplotlib" not in src and "print(" not in src and "plt.show" not in src and "pip" not in src
    assert "load_my_data" not in src, "a parameter or a local of the same name is not the global"
    assert "return -1" not in src, "the last definition wins"
    assert got.cells == [2, 3, 5, 7] and got.notes[0] == ("core.notebook.cells_used", {"cells": "2, 3, 5, 7"})
    compile(src, "ex01_metrics.py", "exec")


def test_extraction_follows_import_time_uses_and_rebinding():
    got = notebooks.extract_cells(_nb(
        "import numpy as np",
        "SCALE = 2\nSCALE += 1\ncfg = {}\ncfg['eps'] = 1e-9\nunused = 5",
        "@np.vectorize\ndef _half(x):\n    return x / SCALE\ndef accuracy(cm, eps=cfg['eps']):\n    return _half(1.0)",
        "def broken(:", "%%bash\necho hi"), EX01)
    src = got.source
    assert "SCALE += 1" in src and "cfg['eps'] = 1e-9" in src and "unused" not in src
    assert ("core.notebook.cell_unparsed", {"cell": 5, "line": 1}) in got.notes
    assert ("core.notebook.cell_magic", {"cell": 6, "magic": "%%bash"}) in got.notes
    compile(src, "ex01_metrics.py", "exec")


def test_tagged_cells_win_and_get_their_helpers_from_other_cells():
    got = notebooks.extract_cells(_nb(
        "import numpy as np\nprint('scratch')", "def _helper(cm):\n    return np.trace(cm)",
        "def accuracy(cm):\n    return _helper(cm)\nprint(accuracy(np.eye(2)))",
        "def accuracy(cm):\n    return 'untagged, later'", tags={2: ["solution"]}), EX01)
    src = got.source
    assert "print(accuracy(np.eye(2)))" in src, "a tagged cell is kept whole"
    assert "def _helper" in src and "import numpy as np" in src and "scratch" not in src
    assert "untagged, later" not in src and got.cells == [2, 3, 4]
