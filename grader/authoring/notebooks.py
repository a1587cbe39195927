"""Exercises as Jupyter notebooks, and notebooks as submissions (read with nbformat, never executed).

``build``/``write`` make a notebook for an exercise: its docstring as Markdown, the stub in a code
cell tagged ``solution`` (with the exercise's name in the cell's metadata) and a ``check`` cell that
runs the public checks on the functions the student defined.

``extract`` turns a submitted notebook into the source of one exercise file: the code cells tagged
for grading (``solution``, ``grade`` or the exercise's name), or, in a notebook without such tags,
the cells that define one of the exercise's functions, after the imports found anywhere in it.
IPython magics and shell escapes are commented out; nothing in the notebook runs here.
"""
from __future__ import annotations

import ast
import json
import re
import tempfile
from pathlib import Path
from typing import Any

import nbformat

from grader.core import i18n
from grader.core.discover import Exercise

GRADE_TAGS = ("solution", "grade")
CHECK_TAG = "check"
META = "dl_exercise_kit"  # notebook and cell metadata: {"exercise": "<exercise name>"}
MAX_NOTEBOOK_MB = 32
# Cell magics whose body is Python; any other cell magic (%%bash, %%html …) drops the cell.
_PY_CELL_MAGICS = {"time", "timeit", "capture", "prun", "debug"}


class NotebookError(Exception):
    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def message(self, lang: str = "en") -> str:
        return i18n.t(self.key, lang, **self.params)


# ---- writing -------------------------------------------------------------------------------------
def functions_of(exercise: Exercise) -> list[str]:
    """The public functions (and classes) the student writes: the stub's top-level definitions."""
    tree = ast.parse(exercise.stub.read_text(encoding="utf-8"))
    return [n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef)) and not n.name.startswith("_")]


def _split_docstring(source: str) -> tuple[str, str]:
    """(module docstring, the rest of the source)."""
    tree = ast.parse(source)
    doc = ast.get_docstring(tree, clean=True) or ""
    if doc and tree.body and isinstance(tree.body[0], ast.Expr):
        lines = source.splitlines(keepends=True)
        rest = "".join(lines[tree.body[0].end_lineno:])
        return doc, rest.lstrip("\n")
    return doc, source


def build(exercise: Exercise, lang: str = "en") -> nbformat.NotebookNode:
    """The notebook for ``exercise`` (nbformat 4)."""
    doc, code = _split_docstring(exercise.stub.read_text(encoding="utf-8"))
    first, _, body = doc.partition("\n")
    title = exercise.title(lang)
    heading = f"# {exercise.id} · {title}" if title != exercise.name else f"# {first.strip()}"
    nb = nbformat.v4.new_notebook()
    nb.metadata[META] = {"exercise": exercise.name}
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    nb.cells = [
        nbformat.v4.new_markdown_cell(heading + "\n\n" + body.strip() + "\n"),
        nbformat.v4.new_markdown_cell(i18n.t("batch.notebook.instructions", lang)),
        nbformat.v4.new_code_cell(code.rstrip() + "\n",
                                  metadata={"tags": ["solution"], META: {"exercise": exercise.name}}),
        nbformat.v4.new_code_cell(
            f"# {i18n.t('batch.notebook.check_comment', lang, exercise=exercise.id)}\n"
            f"from grader.authoring.notebooks import check\n\ncheck({exercise.name!r}, globals(), lang={lang!r})",
            metadata={"tags": [CHECK_TAG], "editable": False, "deletable": False}),
    ]
    for i, cell in enumerate(nb.cells):  # stable ids, so regenerating gives the same file
        cell["id"] = f"{exercise.id}-{i}"
    nbformat.validate(nb)
    return nb


def write(exercise: Exercise, path: Path, lang: str = "en") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        nbformat.write(build(exercise, lang), f)
    return path


# ---- reading -------------------------------------------------------------------------------------
def read(path: Path) -> nbformat.NotebookNode:
    """Read a submitted notebook; raise NotebookError (never anything else) when it is not one."""
    name = path.name
    try:
        if path.stat().st_size > MAX_NOTEBOOK_MB * 2**20:
            raise NotebookError("batch.notebook.too_large", name=name, mb=MAX_NOTEBOOK_MB)
        text = path.read_text(encoding="utf-8")
        nb = nbformat.reads(text, as_version=4)
        cells = nb.get("cells")
        if not isinstance(cells, list):
            raise ValueError("no list of cells")
        for cell in cells:
            if not isinstance(cell, dict) or not isinstance(cell.get("source", ""), str):
                raise ValueError("a cell without text source")
        return nb
    except NotebookError:
        raise
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise NotebookError("batch.notebook.malformed", name=name, detail=f"not JSON text: {_short(exc)}") from None
    except Exception as exc:  # nbformat raises many kinds of errors on malformed input
        raise NotebookError("batch.notebook.malformed", name=name, detail=_short(exc)) from None


def _tags(cell: dict) -> set[str]:
    tags = (cell.get("metadata") or {}).get("tags") or []
    return {t for t in tags if isinstance(t, str)} if isinstance(tags, list) else set()


def _cell_exercise(cell: dict) -> str | None:
    meta = (cell.get("metadata") or {}).get(META)
    return meta.get("exercise") if isinstance(meta, dict) else None


def clean_source(source: str) -> str | None:
    """Cell text as Python: magics and shell escapes commented out; None for a non-Python cell magic."""
    lines = source.splitlines()
    if lines and lines[0].lstrip().startswith("%%"):
        magic = lines[0].lstrip()[2:].split(maxsplit=1)[0] if lines[0].strip() != "%%" else ""
        if magic not in _PY_CELL_MAGICS:
            return None
        lines[0] = "# " + lines[0]
    out = []
    for line in lines:
        stripped = line.lstrip()
        if stripped.startswith(("%", "!")) or re.match(r"^\w+\s*=\s*[%!]", stripped):
            indent = line[: len(line) - len(stripped)]
            line = f"{indent}pass  # {stripped}" if indent else f"# {stripped}"
        out.append(line)
    return "\n".join(out)


def _defines(tree: ast.Module, names: set[str]) -> bool:
    return any(isinstance(n, (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)) and n.name in names
               for n in tree.body)


def _parse(source: str) -> ast.Module | None:
    try:
        return ast.parse(source)
    except (SyntaxError, ValueError):
        return None


def extract(nb: dict, exercise: Exercise) -> str | None:
    """The source of ``exercise``'s file from a notebook, or None if the notebook has nothing for it."""
    nb_exercise = (nb.get("metadata") or {}).get(META, {})
    nb_exercise = nb_exercise.get("exercise") if isinstance(nb_exercise, dict) else None
    names = set(functions_of(exercise))
    code = [c for c in nb.get("cells", []) if c.get("cell_type") == "code"]
    chosen: list[str] = []
    for cell in code:
        tags = _tags(cell)
        if not (tags & set(GRADE_TAGS) or exercise.name in tags or exercise.id in tags):
            continue
        src = clean_source(cell.get("source", ""))
        if src is None:
            continue
        owner = _cell_exercise(cell) or (exercise.name if exercise.name in tags or exercise.id in tags else None) \
            or nb_exercise
        if owner is None:  # tagged, but for which exercise? the one whose functions it defines
            tree = _parse(src)
            owner = exercise.name if tree is not None and _defines(tree, names) else None
        if owner in (exercise.name, exercise.id):
            chosen.append(src)
    if chosen:
        return _module(chosen, exercise)
    # No tagged cells: the cells that define the exercise's functions, after every import.
    imports: list[str] = []
    defining: list[str] = []
    for cell in code:
        src = clean_source(cell.get("source", ""))
        tree = _parse(src) if src is not None else None
        if tree is None:
            continue
        lines = src.splitlines()
        for node in tree.body:
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                stmt = "\n".join(lines[node.lineno - 1: node.end_lineno])
                if stmt not in imports:
                    imports.append(stmt)
        if _defines(tree, names):
            defining.append(src)
    if not defining:
        return None
    return _module(["\n".join(imports)] + defining, exercise)


def _module(parts: list[str], exercise: Exercise) -> str:
    """Join cells into one module; ``from __future__`` imports move to the top, where Python needs them."""
    future: list[str] = []
    body: list[str] = []
    for part in parts:
        keep = []
        for line in part.splitlines():
            if re.match(r"^from\s+__future__\s+import\s+", line):
                if line.strip() not in future:
                    future.append(line.strip())
            else:
                keep.append(line)
        body.append("\n".join(keep).strip("\n"))
    header = f'"""{exercise.name}, extracted from a notebook."""\n'
    return header + "".join(f"{f}\n" for f in future) + "\n\n" + "\n\n\n".join(b for b in body if b.strip()) + "\n"


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text if len(text) <= 200 else text[:199] + "…"


# ---- the check cell ----------------------------------------------------------------------------
def source_from_namespace(exercise: Exercise, namespace: dict[str, Any]) -> str | None:
    """The student's code for ``exercise`` as a module, from a running notebook's namespace.

    In IPython, the latest executed cell that defines each function (``In`` is the input history);
    elsewhere, the source file of each function (``inspect``).
    """
    import inspect

    names = functions_of(exercise)
    history = namespace.get("In")
    cells: list[str] = []
    if isinstance(history, list) and history:
        for name in names:
            pattern = re.compile(rf"^\s*(def|class)\s+{re.escape(name)}\b", re.M)
            for text in reversed(history):
                if isinstance(text, str) and pattern.search(text):
                    if text not in cells:
                        cells.append(text)
                    break
        cells.sort(key=lambda t: max(i for i, h in enumerate(history) if h == t))
        cleaned = [s for s in (clean_source(c) for c in cells) if s is not None]
        if cleaned:
            return _module(cleaned, exercise)
    files: list[str] = []
    for name in names:
        obj = namespace.get(name)
        if obj is None:
            continue
        try:
            path = inspect.getsourcefile(obj)
            text = Path(path).read_text(encoding="utf-8") if path and Path(path).is_file() else inspect.getsource(obj)
        except (OSError, TypeError):
            continue
        if text not in files:
            files.append(text)
    return _module(files, exercise) if files else None


def check(exercise_name: str, namespace: dict[str, Any], lang: str | None = None) -> None:
    """Run the public checks on the functions defined in a notebook (the ``check`` cell)."""
    from grader.core import discover, engine
    from grader.formats import text as report

    lang = lang or i18n.default_lang()
    exercise = discover.find(exercise_name)
    source = source_from_namespace(exercise, namespace)
    if source is None:
        print(i18n.t("batch.notebook.no_functions", lang, exercise=exercise.id,
                     functions=", ".join(functions_of(exercise))))
        return
    with tempfile.TemporaryDirectory(prefix="grade-nb-") as tmp:
        path = Path(tmp) / f"{exercise.name}.py"
        path.write_text(source, encoding="utf-8")
        result = engine.grade_exercise(exercise, path, lang=lang, public_only=True, check_untouched=False)
    report.print_exercise(result, lang)
