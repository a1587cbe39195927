"""Output formats of one grading: tables and JSON (``text``), JUnit and Gradescope (``ci``), and the
live progress display (``progress``)."""
from __future__ import annotations

from grader.formats.ci import FORMATS, render

__all__ = ["FORMATS", "render"]
