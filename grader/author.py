"""The author API: the one module an exercise's tests (``test_hidden.py``, ``test_public.py``) import.

Fixtures (provided by the grading plugin; ask for them by name):

* ``student`` — the submission, as a proxy: ``student.softmax(z)`` runs in the isolated child and
  returns plain data. ``student.with_timeout(60).f(...)`` raises the per-call time limit;
  ``student.defines("f")`` tells whether the file defines ``f``; ``student.call_and_return_args("f",
  x)`` also returns the arguments as they are after the call (in-place edits);
  ``student.helper("training")`` reaches a kit helper of the child side; ``student.measured("f", x)``
  returns ``(result, measure)``, ``measure`` being what the grader measured of the call (``wall_s``,
  ``cpu_s`` of the child's process tree): use it, not the child's own report, where a verdict
  depends on time (``Trainer.train`` does; ``Trainer.size`` counts a model's size here too).
* ``reference`` — the reference solution module (grader process only; the test is skipped in the
  student edition, which has no references).
* ``grading`` — the grading itself: ``options`` from the command line (``device``, ``figures``),
  ``report(**data)`` for the result's extra data, ``progress(event)`` for the live display,
  ``results`` (the tests recorded so far), ``submission_sha256`` (the SHA-256 of the graded file: a
  seed for inputs drawn per submission, the same at every regrading, unknowable to the file itself).

Markers: ``@pytest.mark.points(n)`` (default 1) and ``@pytest.mark.concept(K("concept.x"))`` — the
concept a failure sends the student back to.

Message keys are relative to the exercise: ``K = keys(__file__)`` at the top of a test file, then
``K("transposed")`` is ``"<exercise name>.transposed"`` in the exercise's ``messages.toml``.

A test that could not observe what it checks (the epoch it needs never ran) raises
``NotChecked(key, **params)``: it is shown as "not checked" with the reason and earns no points —
never a pass.

``output_during(grading, call)`` returns a call's result and what the child printed meanwhile;
``first_warning(log)`` finds a Python warning in it (overflow in exp, log of 0).

Checks fail only through ``Feedback`` (``assert_close``, ``assert_equal``, ``assert_raises``,
``assert_unchanged``, or ``raise Feedback(key, ...)``), so every message is bilingual. Pass
``mistakes={K("key"): wrong_value}`` to name a known mistake when the answer matches it.

Random generators cannot cross the boundary: pass ``Rng(seed)`` and the student's function receives
``numpy.random.default_rng(seed)``.

Tolerances: ``RTOL`` and ``ATOL`` (numpy's rule ``|got - expected| <= atol + rtol * |expected|``) are
the defaults of ``assert_close``.
"""
from __future__ import annotations

from pathlib import Path

from grader.core.checks import (
    ATOL,
    RTOL,
    Cases,
    as_array,
    assert_accepts,
    assert_close,
    assert_equal,
    assert_raises,
    assert_unchanged,
    diagnose,
    first_warning,
    output_during,
)
from grader.core.feedback import Feedback, NotChecked, PartialCredit, quoted
from grader.core.plugin import Abort
from grader.core.strategies import float_arrays, floats, labels, shapes
from grader.core.training import Trainer, cross_entropy, failed_earlier, from_quick, is_probabilities, quick_run
from grader.isolation.child.wire import Rng
from grader.isolation.runner import RemoteObject, StudentError


class Keys:
    """Message keys relative to one exercise: ``K("x")`` is ``"<name>.x"``."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, relative: str) -> str:
        return f"{self.name}.{relative}"

    def __repr__(self) -> str:
        return f"Keys({self.name!r})"


def keys(test_file: str) -> Keys:
    """The keys of the exercise whose folder holds ``test_file`` (pass ``__file__``)."""
    return Keys(Path(test_file).resolve().parent.name)


def exercise_folder(test_file: str) -> Path:
    """The folder of the exercise whose tests are in ``test_file`` (for its data files)."""
    return Path(test_file).resolve().parent


__all__ = [
    "ATOL", "Abort", "Cases", "Feedback", "Keys", "NotChecked", "PartialCredit", "RTOL", "RemoteObject", "Rng",
    "StudentError", "Trainer", "as_array", "assert_accepts", "assert_close", "assert_equal", "assert_raises",
    "assert_unchanged",
    "cross_entropy", "diagnose", "exercise_folder", "failed_earlier", "first_warning", "float_arrays", "floats",
    "from_quick", "is_probabilities", "keys", "labels", "output_during", "quick_run", "quoted", "shapes",
]
