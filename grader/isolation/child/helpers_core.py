"""Kit helpers that run inside the child, next to the student's module (no grading here)."""
from __future__ import annotations

import copy
import sys
from typing import Any


def call_and_return_args(module: str, fn: str, *args: Any, **kwargs: Any) -> tuple[Any, list[Any]]:
    """Call ``module.fn(*args)`` and also return the arguments as they are afterwards.

    The grader compares them with what it sent, to catch functions that modify their input in place.
    The returned copy is taken right after the call, so later tampering cannot hide an edit.
    """
    result = getattr(sys.modules[module], fn)(*args, **kwargs)
    return result, copy.deepcopy(list(args))
