"""Exercises as Jupyter notebooks, and notebooks as submissions (read with nbformat, never executed).

``build``/``write`` make a notebook for an exercise: its docstring as Markdown, the stub in a code
cell tagged ``solution`` (with the exercise's name in the cell's metadata) and a ``check`` cell that
runs the public checks on the functions the student defined.

``extract_cells`` turns a submitted notebook into the source of one exercise file, by the syntax
tree: the code cells tagged for grading (``solution``, ``grade`` or the exercise's name) whole, or,
in a notebook without such tags, the exercise's functions; and from every cell what these need
(imports, helpers, constants). IPython magics and shell escapes are commented out; nothing in the
notebook runs here. ``grader.core.sources`` is the reader every entry point uses.
"""
from __future__ import annotations

import ast
import json
import re
import symtable
import sys
import tempfile
import textwrap
from dataclasses import dataclass, field
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
            f"from grader import check\n\ncheck({exercise.name!r}, lang={lang!r})",
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


@dataclass
class Extraction:
    """What ``extract_cells`` made of a notebook for one exercise.

    ``cells`` and the cell numbers in ``notes`` count every cell from the top, from 1 (Markdown too),
    as a student scrolling the notebook counts them. ``notes`` are ``(catalogue key, params)``."""

    source: str | None
    cells: list[int] = field(default_factory=list)
    notes: list[tuple[str, dict[str, Any]]] = field(default_factory=list)


@dataclass
class _Stmt:
    cell: int
    order: int
    text: str
    binds: set[str]
    now: set[str]  # names read when the statement runs (import time)
    later: set[str]  # names read when a function defined here is called (the notebook's final state)
    forced: bool = False  # from a tagged cell: kept whatever it does
    definition: bool = False  # binds a name by def/class/import/assignment (not scratch work)


_ALWAYS = re.compile(r"\s*from\s+(__future__\s+import|[\w.]+\s+import\s+\*)")
_COMPREHENSIONS = {"listcomp", "setcomp", "dictcomp", "genexpr"}


def _loads(text: str) -> tuple[set[str], set[str]]:
    """Global names read by a top-level statement: (when it runs, when a function it defines is called).

    By the symbol table, so a function's parameters and locals are not mistaken for globals."""
    try:
        top = symtable.symtable(text, "<cell>", "exec")
    except (SyntaxError, ValueError):
        return set(), set()
    now = {s.get_name() for s in top.get_symbols() if s.is_referenced()}
    later: set[str] = set()

    def walk(table: symtable.SymbolTable, deferred: bool) -> None:
        for child in table.get_children():
            is_function = str(child.get_type()).rsplit(".", 1)[-1].lower() == "function"
            inner = deferred or (is_function and child.get_name() not in _COMPREHENSIONS)
            for sym in child.get_symbols():
                if sym.is_global() and (sym.is_referenced() or sym.is_declared_global()):
                    (later if inner else now).add(sym.get_name())
            walk(child, inner)

    walk(top, False)
    return now, later


def _binds(node: ast.stmt) -> set[str]:
    """Module-level names a top-level statement binds (for ``if``/``try``: in any branch)."""
    out: set[str] = set()
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return {node.name}
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return {(a.asname or a.name).split(".")[0] for a in node.names if a.name != "*"}
    targets: list[ast.expr] = []
    if isinstance(node, ast.Assign):
        targets = node.targets
    elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
        targets = [node.target]
    elif isinstance(node, (ast.If, ast.Try, getattr(ast, "TryStar", ast.Try), ast.With)):
        bodies = [getattr(node, k, []) for k in ("body", "orelse", "finalbody")]
        bodies += [h.body for h in getattr(node, "handlers", [])]
        for stmt in (s for b in bodies for s in b):
            out |= _binds(stmt)
        return out
    for target in targets:
        for sub in ast.walk(target):
            if isinstance(sub, ast.Name):
                out.add(sub.id)
            elif isinstance(sub, (ast.Subscript, ast.Attribute)):  # cfg["lr"] = …: changes cfg
                base = sub.value
                while isinstance(base, (ast.Subscript, ast.Attribute)):
                    base = base.value
                if isinstance(base, ast.Name):
                    out.add(base.id)
    return out


def _is_main_guard(node: ast.stmt) -> bool:
    return (isinstance(node, ast.If) and isinstance(node.test, ast.Compare)
            and isinstance(node.test.left, ast.Name) and node.test.left.id == "__name__")


def _is_definition(node: ast.stmt) -> bool:
    """Statements that define names: kept when the kept code needs them. Anything else is scratch work."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Import, ast.ImportFrom,
                         ast.Assign, ast.AnnAssign, ast.AugAssign)):
        return True
    return isinstance(node, (ast.If, ast.Try, getattr(ast, "TryStar", ast.Try))) and not _is_main_guard(node)


def _statement_text(lines: list[str], node: ast.stmt, prev_end: int, next_start: int, source: str) -> str:
    start = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
    end = node.end_lineno or node.lineno
    if start == prev_end or end == next_start:  # `a = 1; b = 2` on one line: the statement alone
        return ast.get_source_segment(source, node) or ""
    return "\n".join(lines[start - 1: end])


def _statements(cell_no: int, order: int, src: str, tree: ast.Module, forced: bool) -> list[_Stmt]:
    lines = src.splitlines()
    out = []
    body = tree.body
    for i, node in enumerate(body):
        if i == 0 and isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) \
                and isinstance(node.value.value, str) and not forced:
            continue  # a cell's docstring
        prev_end = body[i - 1].end_lineno if i else -1
        next_start = min([body[i + 1].lineno] + [d.lineno for d in getattr(body[i + 1], "decorator_list", [])]) \
            if i + 1 < len(body) else -1
        text = _statement_text(lines, node, prev_end or -1, next_start or -1, src)
        now, later = _loads(textwrap.dedent(text))
        binds = _binds(node)
        if isinstance(node, ast.AugAssign) or any(isinstance(n, (ast.Subscript, ast.Attribute))
                                                  for t in getattr(node, "targets", []) for n in ast.walk(t)):
            now |= binds  # x += 1, cfg["lr"] = …: the earlier binding is needed too
        out.append(_Stmt(cell_no, order + i, text,
                         binds, now, later, forced, _is_definition(node)))
    return out


def _tagged_for(cell: dict, exercise: Exercise, names: set[str], nb_exercise: str | None) -> bool:
    tags = _tags(cell)
    if not (tags & set(GRADE_TAGS) or exercise.name in tags or exercise.id in tags):
        return False
    owner = _cell_exercise(cell) or (exercise.name if exercise.name in tags or exercise.id in tags else None) \
        or nb_exercise
    if owner is None:  # tagged, but for which exercise? the one whose functions it defines
        src = clean_source(cell.get("source", ""))
        tree = _parse(src) if src is not None else None
        owner = exercise.name if tree is not None and _defines(tree, names) else None
    return owner in (exercise.name, exercise.id)


def stub_names(exercise: Exercise) -> set[str]:
    """Every top-level name of the stub: what the tests may look up in the submission."""
    tree = ast.parse(exercise.stub.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in tree.body:
        if not isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= _binds(node)
    return names


def extract_cells(nb: dict, exercise: Exercise) -> Extraction:
    """The module of ``exercise`` from a notebook, by the syntax tree; nothing in it runs.

    Cells tagged for grading (``solution``, ``grade`` or the exercise's name) are kept whole, and
    when there are none, every code cell is a candidate. From the candidates, what the exercise's
    functions need (transitively) is kept: imports, ``def``, ``class``, assignments (and ``if``/
    ``try`` blocks binding names); top-level calls, prints, plots, loops are scratch work and left
    out; so are shell escapes, magics and cells that do not parse (with a note). For each name the
    last definition counts, as in a kernel that ran the cells from top to bottom."""
    meta = (nb.get("metadata") or {}).get(META, {})
    nb_exercise = meta.get("exercise") if isinstance(meta, dict) else None
    functions = set(functions_of(exercise))
    roots = stub_names(exercise) | functions
    cells = nb.get("cells", [])
    tagged = {i for i, c in enumerate(cells) if c.get("cell_type") == "code"
              and _tagged_for(c, exercise, functions, nb_exercise)}
    notes: list[tuple[str, dict[str, Any]]] = []
    stmts: list[_Stmt] = []
    whole: dict[int, str] = {}  # tagged cells that do not parse: kept as they are (their error is the feedback)
    for i, cell in enumerate(cells):
        if cell.get("cell_type") != "code":
            continue
        raw = cell.get("source", "")
        src = clean_source(raw)
        if src is None:
            if raw.strip():
                notes.append(("core.notebook.cell_magic", {"cell": i + 1, "magic": raw.lstrip().split()[0]}))
            continue
        try:
            tree = ast.parse(src)
        except (SyntaxError, ValueError) as exc:
            if i in tagged:
                whole[i] = src
            elif src.strip():
                notes.append(("core.notebook.cell_unparsed", {"cell": i + 1, "line": getattr(exc, "lineno", 0) or 0}))
            continue
        if tagged and i not in tagged:
            cell_stmts = _statements(i + 1, len(stmts), src, tree, False)
        elif tagged:
            cell_stmts = _statements(i + 1, len(stmts), src, tree, True)
            whole[i] = src
        else:
            cell_stmts = _statements(i + 1, len(stmts), src, tree, False)
        stmts += cell_stmts
    if not tagged and not any(s.binds & functions and s.definition for s in stmts):
        return Extraction(None, [], notes)
    # Resolve each read name to the binding it sees: the latest one before it when it runs at import
    # time, the last one in the notebook when it is read inside a function.
    final: dict[str, int] = {}
    before: list[dict[str, int]] = []
    for k, s in enumerate(stmts):
        before.append(dict(final))
        for name in s.binds:
            if s.definition or s.forced:
                final[name] = k
    keep: set[int] = set()
    todo = [k for k, s in enumerate(stmts) if s.forced] or [final[n] for n in roots if n in final]
    todo += [k for k, s in enumerate(stmts) if _ALWAYS.match(s.text)]  # star and __future__ imports
    while todo:
        k = todo.pop()
        if k in keep:
            continue
        keep.add(k)
        s = stmts[k]
        for name in s.now:
            dep = before[k].get(name, final.get(name))
            if dep is not None and dep != k:
                todo.append(dep)
        for name in s.later:
            if name in final and final[name] != k:
                todo.append(final[name])
    parts: list[str] = []
    used: list[int] = []
    current: int | None = None
    for k, s in enumerate(stmts):
        if k not in keep or s.cell - 1 in whole:
            continue
        if s.cell != current:
            parts.append("")
            used.append(s.cell)
            current = s.cell
        elif "\n" in s.text or "\n" in parts[-1].rstrip("\n"):
            parts[-1] += "\n\n"
        parts[-1] += s.text + "\n"
    for i, src in whole.items():  # tagged cells, whole, in their place
        pos = sum(1 for c in used if c < i + 1)
        used.insert(pos, i + 1)
        parts.insert(pos, src)
    if not parts:
        return Extraction(None, [], notes)
    notes.insert(0, ("core.notebook.cells_used", {"cells": ", ".join(map(str, used))}))
    return Extraction(_module(parts, exercise), used, notes)


def extract(nb: dict, exercise: Exercise) -> str | None:
    """The source of ``exercise``'s file from a notebook, or None if the notebook has nothing for it."""
    return extract_cells(nb, exercise).source


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


def check(exercise_name: str, namespace: dict[str, Any] | None = None, lang: str | None = None) -> None:
    """Grade what a running notebook defines for ``exercise_name``, through the same isolated child as
    ``grade``: ``from grader import check; check("exNN")``.

    ``namespace`` defaults to the notebook's (IPython's user namespace; outside IPython, the caller's
    globals). In a Jupyter or Colab kernel the result is an HTML table; elsewhere the terminal report. In the
    student edition only the public checks exist, and the report says the final grade uses hidden tests too.
    """
    from grader.core import discover, engine

    lang = lang or i18n.default_lang()
    shell = _ipython()
    if namespace is None:
        namespace = shell.user_ns if shell is not None else _caller_globals()
    exercise = discover.find(exercise_name)
    source = source_from_namespace(exercise, namespace)
    if source is None:
        print(i18n.t("batch.notebook.no_functions", lang, exercise=exercise.id,
                     functions=", ".join(functions_of(exercise))))
        return
    with tempfile.TemporaryDirectory(prefix="grade-nb-") as tmp:
        path = Path(tmp) / f"{exercise.name}.py"
        path.write_text(source, encoding="utf-8")
        result = engine.grade_exercise(exercise, path, lang=lang, public_only=not exercise.has_hidden,
                                       check_untouched=False)
    if shell is not None and getattr(shell, "kernel", None) is not None:  # Jupyter, Colab: a rendered table
        from IPython.display import HTML, display

        from grader.formats.html_table import exercise_html
        display(HTML(exercise_html(result, lang)))
    else:
        from grader.formats import text as report
        report.print_exercise(result, lang)


def _caller_globals() -> dict[str, Any]:
    """The globals of the first frame outside the grader: the module that called ``check``."""
    frame = sys._getframe(1)
    while frame.f_back is not None and str(frame.f_globals.get("__name__", "")).partition(".")[0] == "grader":
        frame = frame.f_back
    return frame.f_globals


def _ipython() -> Any:
    """The running IPython shell, or None (plain Python, or IPython not installed)."""
    if "IPython" not in sys.modules:
        return None
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    return get_ipython()
