"""The grading engine: discover → run (isolated child) → score → report.

``from grader import check; check("exNN")`` grades, inside a Jupyter or Colab notebook, what the notebook
defines (see ``grader.authoring.notebooks.check``)."""
from __future__ import annotations

from typing import Any

__version__ = "0.1.0"


def check(exercise: str, namespace: dict[str, Any] | None = None, lang: str | None = None) -> None:
    """Grade what the running notebook (or the calling module) defines for ``exercise``."""
    from grader.authoring.notebooks import check as run

    run(exercise, namespace, lang)
