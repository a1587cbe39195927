"""A corpus of notebooks as students write them, built from the references in solutions/ so it stays in
sync with them: ``python -m tests.notebooks.corpus DIR`` writes it out to look at.

Each case is a notebook and what grading it must give: ``score="twin"`` (exactly what the reference as a
``.py`` gets), ``score="below"`` (fewer points, the test ``failing`` among the failed), or a number; and
substrings that the notes (``notes``) or the failure messages (``message``) must hold.
"""
from __future__ import annotations

import ast
import base64
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

from grader.core import discover

# A 1×1 PNG, as Colab and Jupyter store a plot's image in the cell's outputs.
PNG = base64.b64encode(bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360f8cf"
    "c0f01f0005000201a1e6a7b50000000049454e44ae426082")).decode("ascii")


@dataclass
class Case:
    name: str
    exercise: str
    notebook: dict[str, Any]
    score: str | float = "twin"
    failing: str = ""
    notes: list[str] = field(default_factory=list)
    message: str = ""  # for --file; other entry points say "no file" in their own words for an empty one
    raw: bytes | None = None  # the file's bytes, when not the notebook's JSON (too large)

    def write(self, folder: Path) -> Path:
        path = folder / f"{self.name}.ipynb"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(self.raw if self.raw is not None else json.dumps(self.notebook, indent=1).encode())
        return path


def reference_parts(exercise: discover.Exercise) -> tuple[list[str], list[str], dict[str, str]]:
    """The reference's imports, private helpers (with their constants) and public functions, as sources."""
    source = exercise.solution.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source)
    imports: list[str] = []
    helpers: list[str] = []
    functions: dict[str, str] = {}
    for node in tree.body:
        start = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
        text = "\n".join(lines[start - 1: node.end_lineno])
        if isinstance(node, ast.ImportFrom) and node.module == "__future__":
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            imports.append(text)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)) and not node.name.startswith("_"):
            functions[node.name] = text
        elif not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)):
            helpers.append(text)
    return imports, helpers, functions


def _code(source: str, **extra: Any) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(source)
    for key, value in extra.items():
        cell[key] = value
    return cell


def _student(exercise: discover.Exercise, *, scratch: bool = True) -> nbformat.NotebookNode:
    """Imports in their own cell, each helper in its own cell, each function in its own, tried out below."""
    imports, helpers, functions = reference_parts(exercise)
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_markdown_cell(f"# {exercise.id}: my work"), _code("\n".join(imports))]
    nb.cells += [_code(h) for h in helpers]
    for name, text in functions.items():
        nb.cells.append(_code(text))
        if scratch:
            nb.cells.append(_code(f"print({name})\n{name}"))  # a look at what was defined
    return nb


def _with_wrong(nb: nbformat.NotebookNode, exercise: discover.Exercise, name: str, where: str) -> None:
    _, _, functions = reference_parts(exercise)
    header = functions[name].split("\n", 1)[0]
    wrong = _code(f"{header}\n    return 0.0  # a first try")
    if where == "before":
        nb.cells.insert(2, wrong)
    else:
        nb.cells.append(wrong)


def _colab(nb: nbformat.NotebookNode) -> None:
    """What a notebook exported from Colab carries: its metadata, widget state, cell ids and outputs."""
    nb.metadata.update({
        "colab": {"provenance": [], "name": "my_ex01.ipynb", "collapsed_sections": [], "gpuType": "T4"},
        "accelerator": "GPU", "language_info": {"name": "python"},
        "widgets": {"application/vnd.jupyter.widget-state+json": {
            "a1b2c3": {"model_module": "@jupyter-widgets/controls", "model_name": "FloatProgressModel",
                       "model_module_version": "1.5.0", "state": {"value": 1.0, "max": 1.0}}}}})
    nb.cells.insert(1, _code("from google.colab import drive\ndrive.mount('/content/drive')",
                             outputs=[nbformat.v4.new_output("stream", name="stdout",
                                                             text="Mounted at /content/drive\n")]))
    for i, cell in enumerate(nb.cells):
        cell.metadata["id"] = f"colab{i:04d}"
        if cell.cell_type == "code":
            cell.metadata["colab"] = {"base_uri": "https://localhost:8080/", "height": 35}
            cell.metadata["outputId"] = f"out{i:04d}"
            cell.execution_count = i
    nb.cells.append(_code(
        "import matplotlib.pyplot as plt\nplt.plot([1, 2, 3])\nplt.show()", execution_count=99,
        outputs=[nbformat.v4.new_output("display_data", data={"image/png": PNG, "text/plain": "<Figure>"}),
                 nbformat.v4.new_output("execute_result", data={"text/plain": "[<Line2D>]"}, execution_count=99)]))


def _magics(nb: nbformat.NotebookNode) -> None:
    nb.cells[1:1] = [
        _code("%load_ext autoreload\n%autoreload 2\n%matplotlib inline"),
        _code("%%capture\n!pip install -q numpy"),
        _code("files = !ls\n!nvidia-smi"),
        _code("%%bash\necho not python\nls -la"),
        _code("%%time\nimport time\nstarted = time.time()"),
    ]


def _as_4_0(nb: nbformat.NotebookNode) -> dict[str, Any]:
    data = json.loads(json.dumps(nb))
    data["nbformat_minor"] = 0
    for cell in data["cells"]:
        cell.pop("id", None)
    return data


def cases(exercise_ids: tuple[str, ...] = ("ex01", "ex05")) -> list[Case]:
    out: list[Case] = []
    for ex_id in exercise_ids:
        ex = discover.find(ex_id)
        out.append(Case(f"{ex_id}_helpers_in_own_cells", ex.name, _student(ex), notes=["Graded from the notebook's cells"]))
        if ex_id != "ex01":
            continue
        nb = _student(ex)
        _colab(nb)
        out.append(Case("ex01_colab_export", ex.name, nb))
        nb = _student(ex)
        _magics(nb)
        out.append(Case("ex01_magics_and_shell", ex.name, nb, notes=["Cell 5 was left out: its %%bash cell magic"]))
        nb = _student(ex)
        nb.cells.insert(3, _code("def plot_it(:\n    plt.plot(cm)"))
        out.append(Case("ex01_syntax_error_cell", ex.name, nb, notes=["Cell 4 was left out: it is not valid Python"]))
        nb = _student(ex)
        _with_wrong(nb, ex, "accuracy", "before")
        out.append(Case("ex01_redefined_later", ex.name, nb))
        nb = _student(ex)
        _with_wrong(nb, ex, "accuracy", "after")
        out.append(Case("ex01_wrong_redefinition_last", ex.name, nb, score="below", failing="accuracy"))
        out.append(Case("ex01_nbformat_4_0", ex.name, _as_4_0(_student(ex))))
        nb = _student(ex)
        nb.nbformat_minor = 5
        out.append(Case("ex01_nbformat_4_5", ex.name, nb))
        nb = _student(ex)
        nb.cells.append(_code("for i in range(10**5):\n    print(i, 'x' * 60)", execution_count=7, outputs=[
            nbformat.v4.new_output("stream", name="stdout", text="".join(f"{i} {'x' * 60}\n" for i in range(10**5)))]))
        out.append(Case("ex01_huge_output", ex.name, nb))
        out.append(Case("ex01_empty", ex.name, nbformat.v4.new_notebook(), score=0,
                        message="has no code cell that defines confusion_matrix"))
        big = json.dumps(_student(ex)).encode()
        out.append(Case("ex01_too_large", ex.name, {}, score=0, message="larger than 32 MB",
                        raw=big[:-1] + b', "padding": "' + b"x" * (33 * 2**20) + b'"}'))
    for case in out:
        if case.raw is None:
            nbformat.validate(nbformat.from_dict(case.notebook))
    return out


if __name__ == "__main__":
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "notebook-corpus")
    for case in cases():
        print(case.write(folder))
