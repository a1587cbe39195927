"""``grade EXERCISE`` and ``grade all``: grade one student's files and print the result in a format.

Exit status: 0 full marks, 1 graded below full marks, 2 a fault of the kit.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from rich.console import Console

from grader.core import i18n, sources
from grader.core.discover import Exercise
from grader.core.results import ExerciseResult
from grader.formats import text
from grader.formats.safe_text import one_line, printable
from grader.isolation import sandbox


def exit_code(results: Sequence[ExerciseResult]) -> int:
    if any(r.error for r in results):
        return 2
    return 0 if all(r.full_marks for r in results) else 1


def default_submission(exercise: Exercise, submission_dir: Path | None) -> Path:
    """The exercise's file in DIR (``<name>.py``, or a notebook: ``sources.in_folder``); without DIR,
    the same in ``./exercises`` if it has one, else the kit's copy."""
    if submission_dir is not None:
        return sources.in_folder(submission_dir, exercise)
    local = sources.in_folder(Path.cwd() / "exercises", exercise)
    return local if local.is_file() else exercise.stub


def grade_and_print(exercises: Sequence[Exercise], submission_for: Callable[[Exercise], Path], lang: str,
                    fmt: str, isolation: str, options: dict[str, Any] | None = None, summary: bool = False,
                    check_untouched: bool = True, verbose: bool = False,
                    limits: dict[str, Any] | None = None) -> int:
    """Grade each exercise, print the report(s), and return the exit status (``limits`` override the
    exercises' child limits, e.g. ``{"grading_s": 600}``)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:  # the isolation probe (a subprocess) runs while pytest loads
        probe = pool.submit(sandbox.detect_isolation, isolation)
        from grader.core.engine import grade_exercise  # pytest and hypothesis load only when grading
        from grader.formats.progress import LiveProgress

        iso = probe.result()
    err = Console(stderr=True)
    # Where hidden tests and references are at stake (not in the student edition), say what is missing.
    if isolation == "auto" and iso.layer != "bubblewrap" and any(ex.has_hidden for ex in exercises):
        missing = "; ".join(i18n.phrase("core.protection", p, lang) for p in iso.missing)
        err.print(i18n.t("core.weak_isolation", lang, layer=iso.layer, missing=missing),
                  markup=False, highlight=False, soft_wrap=True)
    results = []
    for ex in exercises:
        with LiveProgress(enabled=fmt == "text") as live:
            res = grade_exercise(ex, submission_for(ex), lang=lang, isolation=iso, public_only=not ex.has_hidden,
                                 options=options, check_untouched=check_untouched, limits=limits,
                                 progress=live.handler(f"{ex.id} {ex.title(lang)}"))
        results.append(res)
        if fmt == "text" and not summary:
            text.print_exercise(res, lang, verbose=verbose)
        elif fmt == "text":
            err.print(f"{one_line(res.exercise)}: {res.score:g} / {res.max_score:g}", highlight=False, markup=False)
    if fmt in ("junit", "gradescope"):
        from grader.formats import ci

        print(ci.render(fmt, results, lang))
    elif fmt == "json":
        data: Any = results[0].to_dict() if not summary else {
            "score": round(sum(r.score for r in results), 6),
            "max_score": round(sum(r.max_score for r in results), 6),
            "exercises": [r.to_dict() for r in results]}
        print(text.to_json(data))
    elif summary:
        Console().print(text.summary_table(results, lang))
        for r in results:
            if r.error:
                err.print(printable(r.error), markup=False, highlight=False)
    return exit_code(results)
