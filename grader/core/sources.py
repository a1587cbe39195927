"""The one reader of a submission, for every entry point (``grade EXERCISE --file``, ``--submission``,
``grade all``, ``grade batch``, zips, the check inside a notebook).

A submission is a ``.py`` file, taken as it is, or a Jupyter notebook (``.ipynb``), read with
nbformat and turned into the exercise's module by its syntax tree
(``grader.authoring.notebooks.extract_cells``); nothing in a notebook is executed here. What the
student should know about the reading (which cells were used, which were left out and why) comes
back as ``notes``: catalogue keys with their parameters.
"""
from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from grader.core.discover import Exercise

NOTEBOOK = ".ipynb"
SUFFIXES = (".py", NOTEBOOK)
Note = tuple[str, dict[str, Any]]


@dataclass
class Source:
    path: Path
    text: str | None  # the module's source; None when there is nothing to grade (see ``problem``)
    notes: list[Note] = field(default_factory=list)
    problem: Note | None = None  # why there is nothing to grade

    @property
    def notebook(self) -> bool:
        return is_notebook(self.path)


def is_notebook(path: Path) -> bool:
    return path.suffix.lower() == NOTEBOOK


def read(path: Path, exercise: Exercise) -> Source:
    """The source of ``exercise`` in the file at ``path`` (raises OSError only for a ``.py`` file)."""
    if not is_notebook(path):
        return Source(path, path.read_text(encoding="utf-8", errors="replace"))
    from grader.authoring import notebooks

    try:
        nb = notebooks.read(path)
    except notebooks.NotebookError as exc:
        return Source(path, None, problem=(exc.key, exc.params))
    got = notebooks.extract_cells(nb, exercise)
    if got.source is None:
        functions = ", ".join(notebooks.functions_of(exercise))
        return Source(path, None, got.notes, ("core.notebook.nothing", {"name": path.name, "functions": functions}))
    return Source(path, got.source, got.notes)


@contextlib.contextmanager
def as_module(path: Path, exercise: Exercise) -> Iterator[tuple[Path, Source | None]]:
    """The ``.py`` file to grade for ``path``: the file itself, or the module extracted from a notebook
    (in a private temporary folder, removed afterwards). A ``.py`` file is not read here (``None``)."""
    if not is_notebook(path):
        yield path, None
        return
    source = read(path, exercise)
    with tempfile.TemporaryDirectory(prefix="grade-nb-") as tmp:
        module = Path(tmp) / f"{exercise.name}.py"
        if source.text is not None:
            module.write_text(source.text, encoding="utf-8")
        yield module, source


def has_code_for(path: Path, exercise: Exercise) -> bool:
    """Whether the file holds something to grade for ``exercise`` (a ``.py`` file always does)."""
    return not is_notebook(path) or read(path, exercise).text is not None


def in_folder(folder: Path, exercise: Exercise) -> Path:
    """The file for ``exercise`` in a folder laid out like ``exercises/``: ``<name>.py``, else
    ``<name>.ipynb``, else the first notebook in the folder (those named after the exercise first)
    with code for it; else ``<name>.py`` (missing, so the grade says so)."""
    py = folder / f"{exercise.name}.py"
    if py.is_file():
        return py
    named = folder / f"{exercise.name}{NOTEBOOK}"
    if named.is_file():
        return named
    try:
        notebooks = sorted(p for p in folder.iterdir() if is_notebook(p) and p.is_file())
    except OSError:
        return py
    notebooks.sort(key=lambda p: not p.name.startswith(exercise.id))
    return next((p for p in notebooks if has_code_for(p, exercise)), py)
