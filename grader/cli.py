"""The ``grade`` command. Thin: each command parses its options and hands over to one library function.

Exit status: 0 full marks, 1 graded below full marks, 2 usage error or a fault of the kit.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from grader.core import discover, i18n
from grader.isolation import sandbox

LANG = click.option("--lang", type=click.Choice(i18n.LANGS), default=None,
                    help="Feedback language (default: from GRADE_LANG or the locale).")
FORMAT = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
                      help="text: tables for people; json: one JSON document on stdout, nothing else.")
DEVICE = click.option("--device", type=click.Choice(["auto", "cpu", "cuda"]), default="auto", show_default=True,
                      help="Where exercises that train models run them (auto: CUDA when available).")
CI_FORMAT = click.option("--format", "fmt", type=click.Choice(["text", "json", "junit", "gradescope"]), default="text",
                         show_default=True, help="text: tables for people; json: one JSON document on stdout; "
                         "junit: JUnit XML; gradescope: Gradescope's results.json.")
REPORT_FORMAT = click.option("--format", "fmt", type=click.Choice(["text", "json", "junit", "gradescope", "canvas",
                                                                   "moodle"]), default="text", show_default=True,
                             help="text: tables for people; json, junit, gradescope: as for grade batch; "
                             "canvas, moodle: also write canvas.csv / moodle.csv, the gradebook that LMS imports, "
                             "and print it.")
FIGURES = click.option("--figures", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
                       show_default=True, help="Folder for the report figures of the exercises that draw one.")
HINT = click.option("--hint", is_flag=True, help="Show the worked detail (the formula) of each mistake recognised.")
VERBOSE = click.option("--verbose", "-v", is_flag=True,
                       help="Show every failed test in full (default: the first of each concept, and a count).")
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
      grade EXERCISE                  grade exercises/<name>.py (EXERCISE: an id or a name)
      grade EXERCISE --file my.py     grade another file (a .py or a notebook, .ipynb)
      grade all --submission DIR      every exercise in a folder laid out like exercises/
      grade watch EXERCISE            grade again on every save of the file (Ctrl-C stops)
    """


def _lang(lang: str | None) -> str:
    return lang or i18n.default_lang()


def _find(ident: str) -> discover.Exercise:
    try:
        return discover.find(ident)
    except discover.UnknownExercise as exc:
        raise click.UsageError(str(exc)) from None


def _exercise_list(spec: str) -> list[discover.Exercise]:
    if spec.strip().lower() in ("", "all"):
        return list(discover.all_exercises())
    return [_find(s.strip()) for s in spec.split(",") if s.strip()]


@main.command("list")
@LANG
@FORMAT
def list_cmd(lang: str | None, fmt: str) -> None:
    """List the exercises with their titles and points."""
    from grader.formats import text

    text.print_exercise_list(discover.all_exercises(), _lang(lang), fmt)


@main.command("exercise", hidden=True)
@click.argument("exercise")
@click.option("--file", "file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The submission: a .py file or a Jupyter notebook (.ipynb; default: exercises/<name>.py).")
@click.option("--submission", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="A folder laid out like exercises/.")
@CI_FORMAT
@LANG
@ISOLATION
@DEVICE
@FIGURES
@HINT
@VERBOSE
@click.option("--run-untouched", is_flag=True, hidden=True,
              help="Run every test even when the file is the unchanged stub (for the kit's own tests).")
@click.option("--all-langs", is_flag=True, hidden=True,
              help="Also render every failure in every language, as 'messages' in JSON (for the kit's own tests).")
@click.option("--grading-limit", "grading_limit", type=click.FloatRange(min=1), default=None,
              help="Seconds of time charged to the submission over the whole grading (every call summed; "
                   "default: the exercise's grading_s, 300 unless it says otherwise).")
@click.option("--source-limit", "source_limit", type=click.IntRange(min=0), default=None, metavar="KB",
              help="The largest submission graded, in KB (default: the exercise's source_kb; 0: no limit).")
def exercise_cmd(exercise: str, file: Path | None, submission: Path | None, fmt: str, lang: str | None,
                 isolation: str, device: str, figures: Path, hint: bool, verbose: bool, run_untouched: bool,
                 all_langs: bool, grading_limit: float | None, source_limit: int | None) -> None:
    """Grade one exercise (by id or name)."""
    from grader.formats import command

    if file is not None and submission is not None:
        raise click.UsageError("give either --file or --submission, not both")
    ex = _find(exercise)
    path = file if file is not None else command.default_submission(ex, submission)
    options = {"device": device, "figures": str(figures), "hint": hint, **({"all_langs": True} if all_langs else {})}
    limits = {**({"grading_s": grading_limit} if grading_limit else {}),
              **({"source_kb": source_limit} if source_limit is not None else {})}
    sys.exit(command.grade_and_print([ex], lambda _: path, _lang(lang), fmt, isolation, options,
                                     check_untouched=not run_untouched, verbose=verbose, limits=limits or None))


@main.command("watch")
@click.argument("exercise")
@click.option("--file", "file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The submission: a .py file or a notebook (default: exercises/<name>.py).")
@click.option("--debounce", type=click.IntRange(0, 10_000), default=300, show_default=True,
              help="Milliseconds of quiet after a save before grading again.")
@LANG
@ISOLATION
@DEVICE
@click.option("--run-untouched", is_flag=True, hidden=True,
              help="Run every test even when the file is the unchanged stub (for the kit's own tests).")
def watch_cmd(exercise: str, file: Path | None, debounce: int, lang: str | None, isolation: str, device: str,
              run_untouched: bool) -> None:
    """Grade an exercise again each time its file (or notebook) is saved; Ctrl-C stops."""
    from grader.formats import command, watch

    ex = _find(exercise)
    path = file if file is not None else command.default_submission(ex, None)
    sys.exit(watch.command(ex, path, _lang(lang), isolation, {"device": device}, debounce_ms=debounce,
                           check_untouched=not run_untouched))


@main.command("all")
@click.option("--submission", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="A folder laid out like exercises/ (default: ./exercises or the kit's).")
@CI_FORMAT
@LANG
@ISOLATION
@DEVICE
@FIGURES
@HINT
@click.option("--exclude", default="", help="Comma-separated exercise ids or names to leave out.")
def all_cmd(submission: Path | None, fmt: str, lang: str | None, isolation: str, device: str, figures: Path,
            hint: bool, exclude: str) -> None:
    """Grade every exercise and show a summary table."""
    from grader.formats import command

    skip = {s.strip() for s in exclude.split(",") if s.strip()}
    exercises = [e for e in discover.all_exercises() if e.id not in skip and e.name not in skip]
    sys.exit(command.grade_and_print(exercises, lambda ex: command.default_submission(ex, submission), _lang(lang),
                                     fmt, isolation, {"device": device, "figures": str(figures), "hint": hint},
                                     summary=True))


@main.command("stubs")
@click.argument("exercises", nargs=-1)
@click.option("--check", is_flag=True, help="Only check; exit 1 if a stub differs from its reference.")
def stubs_cmd(exercises: tuple[str, ...], check: bool) -> None:
    """Regenerate exercises/ from solutions/ (all, or the EXERCISES named; see grader/authoring/stubs.py)."""
    from grader.authoring import stubs

    names = {_find(e).name for e in exercises} if exercises else None
    sys.exit(stubs.command(discover.kit_root(), names, check))


@main.command("batch")
@click.argument("submissions", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--exercises", default="all", show_default=True, help="Comma-separated ids or names, or all.")
@click.option("--jobs", type=click.IntRange(1, 512), default=None, help="Parallel gradings (default: CPU cores).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("grades"), show_default=True,
              help="Folder for the store (grades.sqlite), the gradebook and the feedback.")
@click.option("--timeout", type=click.FloatRange(min=1), default=600.0, show_default=True,
              help="Wall-clock budget in seconds for one student x exercise.")
@click.option("--roster", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="CSV mapping student ids to names; flags missing students.")
@click.option("--force", is_flag=True, help="Regrade what is already graded from the same file.")
@click.option("--unsafe", is_flag=True, help="Grade even without bubblewrap isolation (trusted submissions only).")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Grade on a running Dask cluster, e.g. tcp://host:8786 (instead of local --jobs).")
@click.option("--cluster", default=None, metavar="local:N",
              help="Start a Dask LocalCluster of N workers for this batch.")
@CI_FORMAT
@LANG
@ISOLATION
@DEVICE
def batch_cmd(submissions: Path, exercises: str, jobs: int | None, out: Path, timeout: float, roster: Path | None,
              force: bool, unsafe: bool, scheduler: str | None, cluster: str | None, fmt: str, lang: str | None,
              isolation: str, device: str) -> None:
    """Grade a class: SUBMISSIONS holds one folder, .zip or .ipynb per student."""
    from grader.classroom import batch

    if scheduler and cluster:
        raise click.UsageError("give either --scheduler or --cluster, not both")
    sys.exit(batch.command(submissions, _exercise_list(exercises), out=out, jobs=jobs, timeout=timeout,
                           roster_path=roster, force=force, unsafe=unsafe, fmt=fmt, lang=_lang(lang),
                           isolation=isolation, device=device, scheduler=scheduler, cluster=cluster))


@main.command("audit")
@click.argument("exercises")
@FORMAT
@click.option("--jobs", type=click.IntRange(1, 512), default=None, help="Parallel gradings (default: CPU cores).")
@click.option("--sample", type=click.IntRange(1), default=None,
              help="Grade only a fixed sample of N mutants per exercise (what CI runs).")
@click.option("--no-cache", is_flag=True, help="Regrade every mutant, ignoring earlier results.")
@click.option("--function", default=None, help="Only the mutants of this function of the reference.")
@click.option("--operator", default=None, help="Only the mutants of this operator (kit or cosmic-ray, without core/).")
@click.option("--full", "full_grading", is_flag=True,
              help="Run every test on every mutant (default: a mutant is killed by its first test that loses points).")
@LANG
def audit_cmd(exercises: str, fmt: str, jobs: int | None, sample: int | None, no_cache: bool,
              function: str | None, operator: str | None, full_grading: bool, lang: str | None) -> None:
    """Mutation analysis of hidden tests: which changed references still get full marks (EXERCISES: ids or all)."""
    import os

    from grader.authoring import audit

    sys.exit(audit.command(_exercise_list(exercises), fmt=fmt, jobs=jobs or len(os.sched_getaffinity(0)),
                           lang=_lang(lang), sample=sample, use_cache=not no_cache, function=function,
                           full_grading=full_grading, operator=operator))


@main.command("contracts")
@click.argument("exercises")
@FORMAT
@click.option("--jobs", type=click.IntRange(1, 512), default=None, help="Parallel gradings (default: CPU cores).")
@click.option("--find", "do_find", is_flag=True,
              help="First look for evidence for the rows that have none, and write it into contract.toml.")
def contracts_cmd(exercises: str, fmt: str, jobs: int | None, do_find: bool) -> None:
    """Show that each contract row's tests fail on the submissions its evidence names (EXERCISES: ids or all)."""
    import os

    from grader.authoring import contracts

    sys.exit(contracts.command(_exercise_list(exercises), fmt=fmt, jobs=jobs or len(os.sched_getaffinity(0)),
                               do_find=do_find))


@main.command("report")
@click.option("--out", type=click.Path(exists=True, file_okay=False, path_type=Path), default=Path("grades"),
              show_default=True, help="The folder of a `grade batch` run.")
@click.option("--roster", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="A roster CSV whose columns (sis_user_id, sis_login_id, email, …) key the LMS gradebooks "
              "(default: the roster given to grade batch).")
@REPORT_FORMAT
@LANG
def report_cmd(out: Path, roster: Path | None, fmt: str, lang: str | None) -> None:
    """Rebuild the gradebook, grades.json, feedback and class reports (report.md, report.html) from a batch's store."""
    from grader.classroom import exports

    sys.exit(exports.command(out, fmt, lang, roster))


@main.command("notebook")
@click.argument("exercise")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write it (default: ./<name>.ipynb).")
@LANG
def notebook_cmd(exercise: str, out: Path | None, lang: str | None) -> None:
    """Write a Jupyter notebook for an exercise: its text, the stub to fill in, the public checks."""
    from grader.authoring import notebooks

    ex = _find(exercise)
    click.echo(notebooks.write(ex, out or Path(f"{ex.name}.ipynb"), _lang(lang)))


@main.command("release")
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
@LANG
def release_cmd(out: Path, lang: str | None) -> None:
    """Build the student edition in OUT: stubs and public checks; no references, hidden tests or mutants."""
    from grader.authoring import release

    sys.exit(release.command(out, _lang(lang)))


if __name__ == "__main__":
    main()
