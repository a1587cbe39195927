"""The pytest plugin that turns an exercise's test files into a graded result.

Fixtures for tests:

* ``student`` — the submission, as a proxy: ``student.softmax(z)`` runs in the isolated child and
  returns plain data. ``student.with_timeout(60).train(...)`` raises the per-call time limit;
  ``student.helper("helpers_torch").count_parameters(model)`` calls a kit helper inside the child.
* ``reference`` — the reference solution module (grader process only; absent in a student release).
* ``grading`` — the ``Grading`` object itself: ``options`` from the command line (``device``),
  ``report(**figures)`` for the report, ``progress(event)`` for the live display,
  ``submission_sha256`` to seed what a test draws per submission.

Random generators cannot cross the boundary: pass ``grader.isolation.child.wire.Rng(seed)`` and the
student's function receives ``numpy.random.default_rng(seed)``.

Markers: ``@pytest.mark.points(n)`` (default 1), ``@pytest.mark.concept("<catalogue key>")``.
"""
from __future__ import annotations

import copy
import functools
import hashlib
import importlib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from grader.core import i18n
from grader.core.discover import PUBLIC_TESTS
from grader.core.feedback import Feedback, NotChecked, PartialCredit, input_block, quoted, render_feedback
from grader.core.results import TestResult
from grader.isolation.runner import Child, ChildFailure, ChildSpec, StudentError

MAX_RESTARTS = 3


class StudentProxy:
    """Attribute access returns a function that runs in the child."""

    def __init__(self, grading: Grading, target: str = "student", timeout: float | None = None) -> None:
        self._grading = grading
        self._target = target
        self._timeout = timeout

    def __getattr__(self, name: str) -> Callable[..., Any]:
        if name.startswith("_"):
            raise AttributeError(name)

        def call(*args: Any, **kwargs: Any) -> Any:
            return self._grading.call(self._target, name, args, kwargs, self._timeout)

        call.__name__ = name
        return call

    def with_timeout(self, seconds: float) -> StudentProxy:
        return StudentProxy(self._grading, self._target, seconds)

    def helper(self, name: str) -> StudentProxy:
        """A kit helper module of the child side (``helpers_<name>``), e.g. ``helper("training")``."""
        module = name if name.startswith("helpers_") else f"helpers_{name}"
        return StudentProxy(self._grading, f"helper:{module}", self._timeout)

    def call_and_return_args(self, fn: str, *args: Any, **kwargs: Any) -> tuple[Any, list[Any]]:
        """``fn(*args, **kwargs)`` in the child, and the positional arguments as they are after the call
        (to catch a function that modifies its input in place)."""
        return self._grading.call("helper:helpers_core", "call_and_return_args", (fn, *args), kwargs, self._timeout)

    def measured(self, fn: str, *args: Any, **kwargs: Any) -> tuple[Any, dict[str, float]]:
        """``fn(*args, **kwargs)`` in the child, and what the GRADER measured of the call (the child's
        own figures can be forged from inside it): ``{"wall_s", "cpu_s", "charged_s", "callbacks_s"}``,
        see ``Child.call``. Filled in even when the call fails."""
        measure: dict[str, float] = {}
        return self._grading.call(self._target, fn, args, kwargs, self._timeout, measure=measure), measure

    def defines(self, name: str) -> bool:
        """Whether the submission defines a public callable ``name`` (False if it failed to import)."""
        try:
            return name in self._grading.child().wait_ready()
        except (ChildFailure, StudentError):
            return False


class NotStarted(Exception):
    """The submission is the untouched stub."""


class Abort(BaseException):
    """Ends a test at once, even inside hypothesis (which would otherwise shrink a failure that does
    not depend on the input: a dead child, a function not implemented yet)."""

    def __init__(self, cause: BaseException) -> None:
        super().__init__(str(cause))
        self.cause = cause


class Grading:
    """Per-exercise state shared by the fixtures and the hooks."""

    def __init__(self, exercise: Any, submission: Path, lang: str, spec_factory: Callable[[], ChildSpec],
                 untouched: bool = False, progress: Callable[[dict], None] | None = None,
                 options: dict[str, Any] | None = None) -> None:
        self.exercise = exercise
        self.submission = submission
        self.lang = lang
        self.spec_factory = spec_factory
        self.untouched = untouched
        self.progress = progress or (lambda info: None)
        self.options = dict(options or {})  # from the command line, e.g. {"device": "auto"}
        self.results: list[TestResult] = []
        self.example: dict[str, Any] | None = None  # the latest hypothesis example of the running test
        self.extra: dict[str, Any] = {}
        self._child: Child | None = None
        self._restarts = 0

    # ---- the child ------------------------------------------------------------------------
    def child(self) -> Child:
        if self._child is None:
            self._child = Child(self.spec_factory()).start()
        return self._child

    def start_early(self) -> None:
        """Start the child while pytest collects, so the import overlaps with collection."""
        if not self.untouched:
            self.child()

    def call(self, target: str, fn: str, args: tuple, kwargs: dict, timeout: float | None,
             measure: dict[str, float] | None = None) -> Any:
        try:
            return self.child().call(target, fn, args, kwargs, timeout=timeout, measure=measure)
        except ChildFailure as exc:
            raise Abort(exc) from None
        except StudentError as exc:
            if exc is self.child().import_error:
                where = f" ({exc.location()})" if exc.location() else ""
                error = f"{exc.type_name}: {exc.message}{where}"
                raise Abort(ChildFailure("child.import_error", error=error)) from None
            if exc.is_a(NotImplementedError):
                raise Abort(exc) from None
            raise

    def before_test(self) -> None:
        """Give each test a live child: restart one that died in an earlier test's call."""
        c = self._child
        if c is None or c.failure is None or c.import_error is not None:
            return
        if c.failure.key in ("child.import_timeout", "child.exit_import") or self._restarts >= MAX_RESTARTS:
            return
        c.close()
        self._restarts += 1
        self._child = None

    def close(self) -> None:
        if self._child is not None:
            self._child.close()
            self._child = None

    @functools.cached_property
    def submission_sha256(self) -> str:
        """The SHA-256 (hex) of the module graded (a notebook's extracted code): a seed for what a test
        draws per grading. The same file always gets the same draw, and no file can know its own
        draw ahead, since writing the draw into it changes its hash."""
        return hashlib.sha256(self.submission.read_bytes()).hexdigest()

    def report(self, **data: Any) -> None:
        """Record exercise-specific figures for the report (tier, accuracy, time …)."""
        self.extra.update(data)

    # ---- turning an exception into feedback --------------------------------------------------
    def describe_failure(self, exc: BaseException, example: dict[str, Any] | None = None,
                         lang: str | None = None) -> tuple[str, list[str]]:
        """The feedback text and hint keys for a failure; ``example`` is the input hypothesis found."""
        lang = lang or self.lang
        hints: list[str] = []
        if isinstance(exc, Abort):
            exc = exc.cause
        if isinstance(exc, NotStarted):
            return i18n.t("core.untouched", lang, file=self.submission.name), []
        if isinstance(exc, NotChecked):
            return i18n.t("core.not_checked", lang, reason=i18n.t(exc.key, lang, **exc.params)), []
        if isinstance(exc, PartialCredit):
            parts = [self.describe_failure(f, lang=lang) for f in exc.failures]
            return "\n".join(f"• {text}" for text, _ in parts), list(dict.fromkeys(h for _, hs in parts for h in hs))
        if isinstance(exc, Feedback):
            text = render_feedback(exc, lang, more=bool(self.options.get("hint")))
            hints = [exc.hint] if exc.hint else []
        elif isinstance(exc, StudentError) and exc.is_a(NotImplementedError):
            text = i18n.t("core.not_implemented", lang, message=exc.message or exc.type_name)
        elif isinstance(exc, StudentError):
            # The exception's own words (and where it was raised) verbatim, as a block: they are the
            # student's or a library's, in whatever language they were written.
            text = i18n.t("core.raised", lang, type=exc.type_name, message=quoted(exc.message or exc.type_name))
            if exc.location():
                text += "\n" + i18n.t("core.raised_at", lang, where=quoted(exc.location()))
        elif isinstance(exc, ChildFailure) and exc.key in NOT_CHECKED_FAILURES:
            return i18n.t("core.not_checked", lang, reason=i18n.t(f"core.{exc.key}", lang, **exc.params)), []
        elif isinstance(exc, ChildFailure):
            text = i18n.t(f"core.{exc.key}", lang, **exc.params)
            tail = self._child.output_tail(600).strip() if self._child else ""
            if tail and exc.key in ("child.exit_import", "child.exit_call", "child.signal"):
                text += "\n" + tail
        else:
            text = f"{type(exc).__name__}: {exc}"
        input_free = (isinstance(exc, StudentError) and exc.is_a(NotImplementedError)) or (
            isinstance(exc, ChildFailure) and exc.key in _INPUT_FREE)
        if example and not input_free and not (isinstance(exc, Feedback) and exc.inputs):  # tests may name their own
            text += "\n" + input_block(example, lang)
        return text, hints


# Failures of the grader's own guard, not of the student's code: the test is "not checked".
NOT_CHECKED_FAILURES = ("child.wall_guard",)
# Failures that do not depend on the test's input: showing an input would mislead.
_INPUT_FREE = ("child.import_error", "child.import_timeout", "child.exit_import")


def record_examples(item: pytest.Item, grading: Grading) -> None:
    """Have a hypothesis test hand each example it runs to ``grading.example``.

    Hypothesis replays the minimal failing example last, so after a failure the recorded one is
    the shrunk input — taken from the test's own arguments (through the documented, reassignable
    ``.hypothesis.inner_test``), not from the wording of hypothesis's report, which changes between
    releases."""
    handle = getattr(getattr(item, "obj", None), "hypothesis", None)
    inner = getattr(handle, "inner_test", None)
    if inner is None or getattr(inner, "_records_examples", False):
        return
    fixtures = set(getattr(item, "fixturenames", ()))

    def recorder(*args: Any, **kwargs: Any) -> Any:
        example = {k: v for k, v in kwargs.items() if k not in fixtures}
        try:
            grading.example = copy.deepcopy(example)  # before the test can change what it was given
        except Exception:
            grading.example = example
        return inner(*args, **kwargs)

    recorder._records_examples = True  # type: ignore[attr-defined]
    handle.inner_test = recorder


class GradingPlugin:
    """Registered with ``pytest.main(plugins=[...])`` for one exercise."""

    def __init__(self, grading: Grading) -> None:
        self._g = grading  # not "grading": pytest would take the attribute for the fixture of that name

    @pytest.fixture(scope="session")
    def student(self) -> StudentProxy:
        return StudentProxy(self._g)

    @pytest.fixture(scope="session")
    def reference(self) -> Any:
        try:
            return importlib.import_module(f"solutions.{self._g.exercise.name}")
        except ImportError:
            pytest.skip("the reference is not part of this edition")

    @pytest.fixture(scope="session")
    def grading(self) -> Grading:
        return self._g

    def pytest_configure(self, config: pytest.Config) -> None:
        config.addinivalue_line("markers", "points(n): points this test is worth")
        config.addinivalue_line("markers", "concept(key): catalogue key of the concept to revisit")

    def pytest_collection_modifyitems(self, config: pytest.Config, items: list[pytest.Item]) -> None:
        only = self._g.options.get("only_tests")
        if only is None:  # an author's check of some tests only (grade contracts): the others are not run
            return
        keep = [i for i in items if getattr(i, "originalname", i.name).removeprefix("test_") in set(only)]
        config.hook.pytest_deselected(items=[i for i in items if i not in keep])
        items[:] = keep

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        torch = sys.modules.get("torch")
        if torch is not None:  # oracles here are tiny calls: threads only add overhead on a busy machine
            torch.set_num_threads(1)
        self._g.progress({"event": "collected", "total": len(session.items)})
        if self._g.untouched:  # run with --collect-only: every test scores 0 with one message
            for item in session.items:
                self._record(item, None, None)

    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        self._g.before_test()
        self._g.example = None
        record_examples(item, self._g)

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo[Any]):  # type: ignore[no-untyped-def]
        outcome = yield
        report = outcome.get_result()
        if report.when == "call" or (report.when == "setup" and not report.passed):
            self._record(item, report, call)

    def _message(self, report: pytest.TestReport | None, exc: BaseException | None, concept: str | None,
                 lang: str) -> tuple[str, list[str]]:
        """The feedback of a test that did not pass, in ``lang``, and the hint keys it names."""
        g = self._g
        if report is not None and report.skipped and not isinstance(exc, NotChecked):
            reason = getattr(exc, "msg", "") if exc is not None else ""
            return i18n.t("core.skipped", lang, reason=reason), []
        if exc is None:
            return str(getattr(report, "longrepr", "")), []
        text, hints = g.describe_failure(exc, None if isinstance(exc, NotChecked) else g.example, lang)
        if concept and i18n.has(concept) and not isinstance(exc, (NotStarted, NotChecked)):
            text += "\n" + i18n.t("core.revisit", lang, concept=i18n.t(concept, lang))
        return text, hints

    def _record(self, item: pytest.Item, report: pytest.TestReport | None, call: pytest.CallInfo[Any] | None) -> None:
        g = self._g
        points_mark = item.get_closest_marker("points")
        points = float(points_mark.args[0]) if points_mark else 1.0
        concept_mark = item.get_closest_marker("concept")
        concept = concept_mark.args[0] if concept_mark else None
        name = getattr(item, "originalname", item.name).removeprefix("test_")
        if item.name != getattr(item, "originalname", item.name):
            name += item.name[len(getattr(item, "originalname", "")):]
        public = Path(str(item.fspath)).name == PUBLIC_TESTS
        result = TestResult(name=name, max_score=points, concept=concept, public=public)
        exc: BaseException | None = call.excinfo.value if call and call.excinfo else None
        if report is None:
            exc = NotStarted()
        elif isinstance(exc, NotChecked) or (isinstance(exc, ChildFailure) and exc.key in NOT_CHECKED_FAILURES):
            result.status = "not_checked"
        elif report.skipped:
            result.max_score = 0.0
            result.status = "skipped"
        elif report.passed:
            result.passed, result.score, result.status = True, points, "passed"
        elif isinstance(exc, PartialCredit):
            result.score = round(points * exc.fraction, 4)
        if not result.passed:
            langs = i18n.LANGS if g.options.get("all_langs") else (g.lang,)
            texts = {lang: self._message(report, exc, concept, lang)[0] for lang in langs}
            result.message = texts[g.lang]
            result.hints = self._message(report, exc, concept, g.lang)[1] if result.status == "failed" else []
            if len(langs) > 1:
                result.translations = texts
        g.results.append(result)
        g.progress({"event": "test", "name": name, "passed": result.passed})
        if g.options.get("stop_at_first_loss") and result.status == "failed" and result.score < points - 1e-9:
            item.session.shouldstop = "a test lost points"  # an audit needs to know only that one did
