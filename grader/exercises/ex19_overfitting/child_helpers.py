"""ex19's child-side helper: augment driven by a Generator in a chosen state (a Generator cannot cross)."""
from __future__ import annotations

from typing import Any

import numpy as np

_student: Any = None
_PCG64, _Generator, _getattr = np.random.PCG64, np.random.Generator, getattr  # bound before the student's module loads


def bind_student(module: Any) -> None:
    global _student
    _student = module


def augment_first_draw_zero(images: np.ndarray, labels: np.ndarray, **kwargs: Any) -> Any:
    """The student's augment with a PCG64 generator whose first ``random()`` is exactly 0.0 (a state whose
    output word is 0, stepped back once): ``rng.random() < 0`` is false there, ``<= 0`` is true."""
    bg = _PCG64(0)
    state = bg.state
    state["state"]["state"] = (12345 << 64) | 12345  # XSL-RR output of this state: hi ^ lo = 0
    bg.state = state
    bg.advance(-1)
    return _getattr(_student, "augment")(images, labels, _Generator(bg), **kwargs)
