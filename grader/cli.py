"""The ``grade`` command. Thin: each command hands over to a library function.

Exit status: 0 full marks, 1 graded below full marks, 2 usage error or a fault of the kit.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from grader import discover, i18n, report, sandbox
from grader.results import ExerciseResult

LANG = click.option("--lang", type=click.Choice(i18n.LANGS), default=None,
                    help="Feedback language (default: from GRADE_LANG or the locale).")
FORMAT = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
                      help="text: tables for people; json: one JSON document on stdout, nothing else.")
DEVICE = click.option("--device", type=click.Choice(["auto", "cpu", "cuda"]), default="auto", show_default=True,
                      help="Where exercises that train models run them (auto: CUDA when available).")
CI_FORMAT = click.option("--format", "fmt", type=click.Choice(["text", "json", "junit", "gradescope"]), default="text",
                         show_default=True, help="text: tables for people; json: one JSON document on stdout; "
                         "junit: JUnit XML; gradescope: Gradescope's results.json.")
FIGURES = click.option("--figures", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
                       show_default=True, help="Folder for the report figures some exercises draw (ex09: loss "
                       "curve and confusion matrix).")
ISOLATION = click.option("--isolation", type=click.Choice(("auto",) + sandbox.LAYERS), default="auto",
                         show_default=True, help="Isolation layer for student code (auto: the strongest that works).")


class GradeGroup(click.Group):
    """``grade EXERCISE`` is the default: a first argument that is no command names an exercise."""

    def resolve_command(self, ctx: click.Context, args: list[str]) -> Any:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args.insert(0, "exercise")
        return super().resolve_command(ctx, args)

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage("grade", "[list | EXERCISE | all | COMMAND] [OPTIONS]")


@click.group(cls=GradeGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="dl-exercise-kit")
def main() -> None:
    """Grade deep-learning exercises. Student code runs in an isolated, resource-limited process.

    \b
      grade list                      exercises, titles and points
      grade ex01                      grade exercises/ex01_metrics.py
      grade ex01 --file my.py         grade another file
      grade all --submission DIR      every exercise in a folder laid out like exercises/
    """


def _lang(lang: str | None) -> str:
    return lang or i18n.default_lang()


def _exit_code(results: list[ExerciseResult]) -> int:
    if any(r.error for r in results):
        return 2
    return 0 if all(r.full_marks for r in results) else 1


def default_submission(exercise: discover.Exercise, submission_dir: Path | None) -> Path:
    """``DIR/<name>.py``; without DIR, ``./exercises/<name>.py`` if present, else the kit's copy."""
    if submission_dir is not None:
        return submission_dir / f"{exercise.name}.py"
    local = Path.cwd() / "exercises" / f"{exercise.name}.py"
    return local if local.is_file() else exercise.stub


@main.command("list")
@LANG
@FORMAT
def list_cmd(lang: str | None, fmt: str) -> None:
    """List the exercises with their titles and points."""
    lang = _lang(lang)
    exercises = discover.all_exercises()
    if fmt == "json":
        click.echo(report.to_json([{"id": e.id, "name": e.name, "title": e.title(lang), "points": e.points}
                                   for e in exercises]))
        return
    from rich.table import Table

    table = Table(box=None)
    for col in ("id", "name", i18n.t("core.report.title", lang), i18n.t("core.report.points", lang)):
        table.add_column(col)
    for e in exercises:
        table.add_row(e.id, e.name, e.title(lang), f"{e.points:g}")
    Console().print(table)


def run_and_report(exercises: list[discover.Exercise], submission_for: Any, lang: str, fmt: str,
                   isolation: str, options: dict[str, Any] | None = None, summary: bool = False,
                   check_untouched: bool = True) -> int:
    """Grade each exercise, print the report(s), and return the exit status."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:  # the isolation probe (a subprocess) runs while pytest loads
        probe = pool.submit(sandbox.detect_isolation, isolation)
        from grader.engine import grade_exercise  # pytest and hypothesis load only when grading
        from grader.progress import LiveProgress

        iso = probe.result()
    err = Console(stderr=True)
    # Where hidden tests and references are at stake (not in the student edition), say what is missing.
    if isolation == "auto" and iso.layer != "bubblewrap" and any(ex.has_hidden for ex in exercises):
        err.print(i18n.t("core.weak_isolation", lang, layer=iso.layer, missing="; ".join(iso.missing)),
                  markup=False, highlight=False, soft_wrap=True)
    results = []
    for ex in exercises:
        with LiveProgress(enabled=fmt == "text") as live:
            res = grade_exercise(ex, submission_for(ex), lang=lang, isolation=iso, public_only=not ex.has_hidden,
                                 options=options, check_untouched=check_untouched,
                                 progress=live.handler(f"{ex.id} {ex.title(lang)}"))
        results.append(res)
        if fmt == "text" and not summary:
            report.print_exercise(res, lang)
        elif fmt == "text":
            err.print(f"{res.exercise}: {res.score:g} / {res.max_score:g}", highlight=False)
    if fmt in ("junit", "gradescope"):
        from grader import formats

        click.echo(formats.render(fmt, results, lang))
    elif fmt == "json":
        data: Any = results[0].to_dict() if not summary else {
            "score": round(sum(r.score for r in results), 6),
            "max_score": round(sum(r.max_score for r in results), 6),
            "exercises": [r.to_dict() for r in results]}
        click.echo(report.to_json(data))
    elif summary:
        Console().print(report.summary_table(results, lang))
        for r in results:
            if r.error:
                err.print(r.error, markup=False, highlight=False)
    return _exit_code(results)


@main.command("exercise", hidden=True)
@click.argument("exercise")
@click.option("--file", "file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The submission file (default: exercises/<name>.py).")
@click.option("--submission", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="A folder laid out like exercises/.")
@CI_FORMAT
@LANG
@ISOLATION
@DEVICE
@FIGURES
@click.option("--run-untouched", is_flag=True, hidden=True,
              help="Run every test even when the file is the unchanged stub (for the kit's own tests).")
def exercise_cmd(exercise: str, file: Path | None, submission: Path | None, fmt: str, lang: str | None,
                 isolation: str, device: str, figures: Path, run_untouched: bool) -> None:
    """Grade one exercise (by id or name)."""
    if file is not None and submission is not None:
        raise click.UsageError("give either --file or --submission, not both")
    try:
        ex = discover.find(exercise)
    except discover.UnknownExercise as exc:
        raise click.UsageError(str(exc)) from None
    path = file if file is not None else default_submission(ex, submission)
    sys.exit(run_and_report([ex], lambda _: path, _lang(lang), fmt, isolation,
                            {"device": device, "figures": str(figures)}, check_untouched=not run_untouched))


@main.command("all")
@click.option("--submission", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="A folder laid out like exercises/ (default: ./exercises or the kit's).")
@CI_FORMAT
@LANG
@ISOLATION
@DEVICE
@FIGURES
@click.option("--exclude", default="", help="Comma-separated exercise ids to leave out (e.g. ex09).")
def all_cmd(submission: Path | None, fmt: str, lang: str | None, isolation: str, device: str, figures: Path,
            exclude: str) -> None:
    """Grade every exercise and show a summary table."""
    skip = {s.strip() for s in exclude.split(",") if s.strip()}
    exercises = [e for e in discover.all_exercises() if e.id not in skip and e.name not in skip]
    sys.exit(run_and_report(exercises, lambda ex: default_submission(ex, submission), _lang(lang), fmt,
                            isolation, {"device": device, "figures": str(figures)}, summary=True))


@main.command("stubs")
@click.argument("exercises", nargs=-1)
@click.option("--check", is_flag=True, help="Only check; exit 1 if a stub differs from its reference.")
def stubs_cmd(exercises: tuple[str, ...], check: bool) -> None:
    """Regenerate exercises/ from solutions/ (all, or the EXERCISES named; see grader/stubs.py)."""
    from grader import stubs

    root = discover.kit_root()
    solutions = sorted((root / "solutions").glob("ex[0-9][0-9]_*.py"))
    if exercises:
        try:
            names = {discover.find(e).name for e in exercises}
        except discover.UnknownExercise as exc:
            raise click.UsageError(str(exc)) from None
        solutions = [p for p in solutions if p.stem in names]
    stale = [p for p in solutions if not (root / "exercises" / p.name).is_file()
             or (root / "exercises" / p.name).read_text(encoding="utf-8") != stubs.stub_for(p)]
    for sol in stale:
        if check:
            click.echo(f"stale stub: exercises/{sol.name}")
        else:
            (root / "exercises" / sol.name).write_text(stubs.stub_for(sol), encoding="utf-8")
            click.echo(f"wrote exercises/{sol.name}")
    sys.exit(1 if check and stale else 0)


def _exercise_list(spec: str) -> list[discover.Exercise]:
    if spec.strip().lower() in ("", "all"):
        return list(discover.all_exercises())
    try:
        return [discover.find(s.strip()) for s in spec.split(",") if s.strip()]
    except discover.UnknownExercise as exc:
        raise click.UsageError(str(exc)) from None


@main.command("batch")
@click.argument("submissions", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--exercises", default="all", show_default=True, help="Comma-separated ids (ex01,ex05) or all.")
@click.option("--jobs", type=click.IntRange(1, 512), default=None, help="Parallel gradings (default: CPU cores).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("grades"), show_default=True,
              help="Folder for the store (grades.sqlite), the gradebook and the feedback.")
@click.option("--timeout", type=click.FloatRange(min=1), default=600.0, show_default=True,
              help="Wall-clock budget in seconds for one student x exercise.")
@click.option("--roster", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="CSV mapping student ids to names; flags missing students.")
@click.option("--force", is_flag=True, help="Regrade what is already graded from the same file.")
@click.option("--unsafe", is_flag=True, help="Grade even without bubblewrap isolation (trusted submissions only).")
@CI_FORMAT
@LANG
@ISOLATION
@DEVICE
def batch_cmd(submissions: Path, exercises: str, jobs: int | None, out: Path, timeout: float, roster: Path | None,
              force: bool, unsafe: bool, fmt: str, lang: str | None, isolation: str, device: str) -> None:
    """Grade a class: SUBMISSIONS holds one folder, .zip or .ipynb per student."""
    from grader import batch

    sys.exit(batch.command(submissions, _exercise_list(exercises), out=out, jobs=jobs, timeout=timeout,
                           roster_path=roster, force=force, unsafe=unsafe, fmt=fmt, lang=_lang(lang),
                           isolation=isolation, device=device))


@main.command("report")
@click.option("--out", type=click.Path(exists=True, file_okay=False, path_type=Path), default=Path("grades"),
              show_default=True, help="The folder of a `grade batch` run.")
@CI_FORMAT
@LANG
def report_cmd(out: Path, fmt: str, lang: str | None) -> None:
    """Rebuild the gradebook, grades.json, feedback and class report from a batch's store."""
    from grader import exports

    sys.exit(exports.command(out, fmt, lang))


@main.command("notebook")
@click.argument("exercise")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write it (default: ./<name>.ipynb).")
@LANG
def notebook_cmd(exercise: str, out: Path | None, lang: str | None) -> None:
    """Write a Jupyter notebook for an exercise: its text, the stub to fill in, the public checks."""
    from grader import notebooks

    try:
        ex = discover.find(exercise)
    except discover.UnknownExercise as exc:
        raise click.UsageError(str(exc)) from None
    click.echo(notebooks.write(ex, out or Path(f"{ex.name}.ipynb"), _lang(lang)))


@main.command("release")
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
@LANG
def release_cmd(out: Path, lang: str | None) -> None:
    """Build the student edition in OUT: stubs and public checks; no references, hidden tests or mutants."""
    from grader import release

    sys.exit(release.command(out, _lang(lang)))


if __name__ == "__main__":
    main()
