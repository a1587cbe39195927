"""``check()`` in a real Jupyter kernel: the notebook ``grade notebook`` writes, run cell by cell with
nbclient and ipykernel as Jupyter or Colab runs it, shows the grade as an HTML table."""
from __future__ import annotations

import html
import re
from pathlib import Path

import nbformat
import pytest

from grader.authoring import notebooks
from grader.core import discover

nbclient = pytest.importorskip("nbclient", reason="nbclient is not installed (pip install -e '.[test]')")
pytest.importorskip("ipykernel", reason="ipykernel is not installed (pip install -e '.[test]')")

ROOT = Path(__file__).resolve().parent.parent
EX01 = discover.find("ex01")


def notebook_with(code: str, lang: str = "en") -> nbformat.NotebookNode:
    """The generated notebook of ex01 with ``code`` in its solution cell."""
    nb = notebooks.build(EX01, lang)
    for cell in nb.cells:
        if "solution" in cell.metadata.get("tags", []):
            cell.source = code
    return nb


def run_in_kernel(nb: nbformat.NotebookNode) -> list[dict]:
    """Execute every cell in a fresh python3 kernel; the outputs of the check cell."""
    client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(ROOT)}})
    client.execute()
    (check,) = [c for c in nb.cells if notebooks.CHECK_TAG in c.metadata.get("tags", [])]
    return check.outputs


def html_of(outputs: list[dict]) -> str:
    found = [o["data"]["text/html"] for o in outputs if o.get("output_type") == "display_data"
             and "text/html" in o.get("data", {})]
    assert found, f"the check cell showed no HTML: {outputs}"
    return "".join(found)


def test_check_cell_shows_full_marks_as_an_html_table_in_a_kernel():
    _, code = notebooks._split_docstring(EX01.solution.read_text(encoding="utf-8"))
    page = html_of(run_in_kernel(notebook_with(code)))
    assert "<table" in page and "</table>" in page
    total = re.search(r'class="total"><td>[^<]*</td><td class="points">([^<]*)</td>', page)
    assert total and total.group(1).strip() == f"{EX01.points:g} / {EX01.points:g}", page
    assert "✘" not in page


def test_check_cell_shows_a_wrong_answer_and_escapes_what_the_student_printed():
    _, code = notebooks._split_docstring(EX01.solution.read_text(encoding="utf-8"))
    wrong = code.replace("def accuracy(", "def _accuracy_unused(") + (
        "\n\ndef accuracy(cm):\n    raise ValueError('<script>alert(1)</script>')\n")
    page = html_of(run_in_kernel(notebook_with(wrong, lang="ko")))
    assert "✘" in page and "<script>" not in page
    assert html.escape("<script>alert(1)</script>", quote=False) in page or "&lt;script&gt;" in page
    assert "합계" in page  # the table in the chosen language
