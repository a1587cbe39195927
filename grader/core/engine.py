"""Grade one exercise: run its tests (in this process) against the submission (in a child).

The pipeline is discover → run → score → report; this module is the "run" and "score" stages.
Tests are ordinary pytest files run in-process with ``GradingPlugin``; hypothesis is
derandomised, so the same submission always gets the same grade.
"""
from __future__ import annotations

import contextlib
import io
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, settings

from grader.core import i18n, inspection, sources
from grader.core.discover import PUBLIC_TESTS, Exercise
from grader.core.plugin import Grading, GradingPlugin
from grader.core.results import ExerciseResult, TestResult
from grader.isolation import sandbox
from grader.isolation.runner import ChildSpec, GradingBudget, hidden_site_paths

settings.register_profile(
    "grading", derandomize=True, database=None, deadline=None, print_blob=False,
    report_multiple_bugs=False, max_examples=25,
    phases=(Phase.explicit, Phase.generate, Phase.shrink),  # "explain" re-runs failures at length
    suppress_health_check=list(HealthCheck))
_INI = Path(__file__).parent / "grading.ini"
# pytest plugins that cost time per test and do nothing for grading (unraisableexception runs
# gc.collect around every test).
_NO_PLUGINS = [arg for name in ("cacheprovider", "unraisableexception", "threadexception", "logging",
                                "junitxml", "doctest", "pastebin", "faulthandler", "stepwise")
               for arg in ("-p", f"no:{name}")] + ["-q", "--no-header", "--tb=no"]


def describe_isolation(iso: sandbox.Isolation, lang: str, gpu: bool = False) -> str:
    """The isolation line of a result, in ``lang``: the layer, the protections active and those not."""
    def phrase(text: str) -> str:
        return i18n.phrase("core.protection", text, lang)

    line = f"{iso.layer}: " + ", ".join(phrase(p) for p in iso.protections)
    if iso.missing:
        line += f"; {i18n.t('core.protection.not_active', lang)}: " + ", ".join(phrase(p) for p in iso.missing)
    if gpu:
        line += "; " + i18n.t("core.protection.gpu_child", lang)
    return line


def is_untouched(submission: Path, exercise: Exercise) -> bool:
    """True when the submission is byte-for-byte the stub handed out (ignoring line endings)."""
    try:
        same = submission.read_bytes().replace(b"\r\n", b"\n") == exercise.stub.read_bytes().replace(b"\r\n", b"\n")
        return exercise.stub.is_file() and submission.resolve() != exercise.solution.resolve() and same
    except OSError:
        return False


def grade_exercise(exercise: Exercise, submission: Path, *, lang: str = "en",
                   isolation: sandbox.Isolation | None = None, slot: int = 0,
                   public_only: bool = False, check_untouched: bool = True,
                   limits: dict[str, Any] | None = None, options: dict[str, Any] | None = None,
                   progress: Callable[[dict], None] | None = None) -> ExerciseResult:
    """Run the exercise's tests against ``submission`` and return the scored result."""
    started = time.perf_counter()
    iso = isolation or sandbox.detect_isolation()
    child_limits = exercise.limits.updated(**(limits or {})).for_device((options or {}).get("device") or "auto")
    described = describe_isolation(iso, lang, gpu=bool(child_limits.uses_gpu))
    files = [p for p in exercise.test_files if not public_only or p.name == PUBLIC_TESTS]
    result = ExerciseResult(exercise=exercise.id, name=exercise.name, title=exercise.title(lang), tests=[],
                            isolation=described, submission=str(submission), public_only=public_only)
    if not submission.is_file():
        msg = i18n.t("core.missing_file", lang, path=str(submission))
        result.tests = [TestResult(name="submission", max_score=exercise.points, message=msg)]
        result.duration_s = time.perf_counter() - started
        return result
    with sources.as_module(submission, exercise) as (module, source):
        too_big = _too_big(module, submission, child_limits.source_kb, lang)
        if too_big is not None:
            result.tests = [TestResult(name="submission", max_score=exercise.points, message=too_big)]
            result.duration_s = time.perf_counter() - started
            return result
        result.review = _inspect(module)
        if source is not None:
            result.notes = [i18n.t(key, lang, **params) for key, params in source.notes]
            if source.problem is not None:
                key, params = source.problem
                result.tests = [TestResult(name="submission", max_score=exercise.points,
                                           message=i18n.t(key, lang, **params))]
                result.duration_s = time.perf_counter() - started
                return result
        _run_tests(result, exercise, module, submission, files, lang, iso, slot, child_limits, check_untouched,
                   options, progress)
    result.duration_s = time.perf_counter() - started
    return result


def _too_big(module: Path, submission: Path, limit_kb: int, lang: str) -> str | None:
    """The message for a module larger than the exercise's ``source_kb`` (None when within it, or unbounded)."""
    if not limit_kb:
        return None
    try:
        size = module.stat().st_size
    except OSError:
        return None
    if size <= limit_kb * 1024:
        return None
    return i18n.t("core.source_too_big", lang, file=submission.name, size=size / 1024, limit=limit_kb)


def _inspect(module: Path) -> list[dict[str, Any]]:
    """The "needs review" marks of the code that will run (a notebook's extracted cells, for one)."""
    try:
        text = module.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    return inspection.inspect_source(text)


def _run_tests(result: ExerciseResult, exercise: Exercise, module: Path, submission: Path, files: list[Path],
               lang: str, iso: sandbox.Isolation, slot: int, child_limits: Any, check_untouched: bool,
               options: dict[str, Any] | None, progress: Callable[[dict], None] | None) -> None:
    """Run the test files against ``module`` (the ``.py`` of ``submission``) and fill in ``result``."""
    budget = GradingBudget()  # one total for the grading, whatever restarts the child needs
    grading = Grading(
        exercise, module, lang,
        spec_factory=lambda: ChildSpec(module, exercise.name, child_limits, iso, slot,
                                       masked=hidden_site_paths(exercise.hidden_site_data),
                                       helpers=exercise.child_helpers, exercise_helper=exercise.child_helper_file,
                                       budget=budget),
        untouched=check_untouched and is_untouched(submission, exercise), progress=progress, options=options)
    grading.start_early()
    args = [*map(str, files), "-c", str(_INI), "--rootdir", str(exercise.folder.parent), *_NO_PLUGINS,
            "--hypothesis-profile=grading", "--import-mode=importlib", "-W", "ignore"]
    if grading.untouched:
        args.append("--collect-only")
    sink = io.StringIO()
    try:
        with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink), _quiet_fds(), _only_needed_plugins():
            code = pytest.main(args + ["-p", "_hypothesis_pytestplugin"], plugins=[GradingPlugin(grading)])
    finally:
        grading.close()
    if code not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED) and not grading.results:
        result.error = (f"the tests of {exercise.name} could not run (pytest exit {int(code)}):\n"
                        + sink.getvalue()[-3000:])
    result.tests = grading.results
    result.extra = grading.extra


@contextlib.contextmanager
def _only_needed_plugins():  # type: ignore[no-untyped-def]
    """Load no third-party pytest plugins but hypothesis's: faster, and the same on every machine."""
    old = os.environ.get("PYTEST_DISABLE_PLUGIN_AUTOLOAD")
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("PYTEST_DISABLE_PLUGIN_AUTOLOAD", None)
        else:
            os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = old


@contextlib.contextmanager
def _quiet_fds():  # type: ignore[no-untyped-def]
    """pytest writes some things straight to fd 1; keep the grader's stdout clean for JSON."""
    saved = os.dup(1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    try:
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(devnull)
