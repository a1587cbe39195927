"""Reports: a rich table for people, JSON for machines. The last stage of the pipeline.

What a submission can put in a result (a message, a value, an error) reaches the terminal through
``safe_text``: no control character, so no escape sequence, gets there."""
from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from grader.core import i18n
from grader.core.discover import Exercise
from grader.core.results import ExerciseResult, TestResult
from grader.formats.safe_text import one_line, printable


def _points(score: float, max_score: float) -> str:
    return f"{score:g} / {max_score:g}"


def exercise_table(result: ExerciseResult, lang: str) -> Table:
    t = lambda key: i18n.t(f"core.report.{key}", lang)  # noqa: E731
    table = Table(title=one_line(f"{result.exercise} · {result.title}"), box=box.SIMPLE_HEAVY,
                  title_justify="left", expand=False)
    table.add_column(t("test"), no_wrap=True)
    table.add_column(t("points"), justify="right", no_wrap=True)
    table.add_column(t("feedback"))
    for test in result.tests:
        mark = Text("✔ ", style="green") if test.passed else Text("✘ ", style="red")
        first = one_line(test.message.splitlines()[0]) if test.message else ""
        first = first if len(first) <= 44 else first[:43] + "…"  # the full message follows the table
        feedback = Text(t("ok"), style="green") if test.passed else Text(first)
        table.add_row(mark + Text(one_line(test.name)), _points(test.score, test.max_score), feedback)
    style = "bold green" if result.full_marks else "bold yellow"
    table.add_row(Text(t("total"), style=style), Text(_points(result.score, result.max_score), style=style), "")
    return table


def review_findings(review: list[dict[str, Any]], lang: str) -> list[str]:
    """The "needs review" marks, one line each ("line 3: sys.modules — reaches into the interpreter …")."""
    return [i18n.t("core.review.finding", lang, line=f.get("line", 0), code=one_line(str(f.get("code", ""))),
                   reason=i18n.t(f"core.review.{f.get('rule')}", lang)) for f in review]


def review_lines(review: list[dict[str, Any]], lang: str) -> list[str]:
    """The marks under their heading, indented, for a report on one grading; none for none."""
    if not review:
        return []
    return [i18n.t("core.review.heading", lang)] + ["  " + line for line in review_findings(review, lang)]


def first_per_concept(failed: list[TestResult]) -> tuple[list[TestResult], list[TestResult]]:
    """(the first failed test of each concept, the others): what matters most first, the rest counted."""
    seen: set[str] = set()
    first, rest = [], []
    for test in failed:
        concept = test.concept or f"test:{test.name}"
        (rest if concept in seen else first).append(test)
        seen.add(concept)
    return first, rest


def print_exercise(result: ExerciseResult, lang: str, console: Console | None = None, verbose: bool = False) -> None:
    """The table, then the feedback of failed tests: by default the first of each concept in full and a
    count of the others (``verbose``: every one)."""
    console = console or Console()
    console.print(exercise_table(result, lang))
    for note in result.notes:
        console.print(Text(note, style="cyan"), highlight=False)
    if result.notes:
        console.print()
    for line in review_lines(result.review, lang):
        console.print(Text(printable(line), style="magenta"), highlight=False)
    failed = [t for t in result.tests if not t.passed and t.message]
    messages = {t.message for t in failed}
    if len(messages) == 1 and len(failed) > 1:  # one cause for everything (an untouched stub, say): say it once
        console.print(Text(printable(failed[0].message)), "")
    else:
        shown, rest = (failed, []) if verbose else first_per_concept(failed)
        for test in shown:
            console.print(Text(f"✘ {one_line(test.name)}", style="bold red"))
            console.print(Text(printable(test.message)), style=None, highlight=False)
            console.print()
        if rest:
            console.print(Text(i18n.t("core.more_failures", lang, count=len(rest),
                                      names=one_line(", ".join(t.name for t in rest))), style="yellow"), "")
    for key, value in result.extra.items():
        console.print(f"  {i18n.phrase('core.extra', key, lang)}: {one_line(value)}", markup=False, highlight=False)
    if result.public_only:
        console.print(i18n.t("core.public_only", lang), style="yellow")
    if result.error:
        console.print(printable(result.error), style="red", markup=False, highlight=False)
    console.print(Text(f"{i18n.t('core.report.isolation', lang)}: {one_line(result.isolation)} · "
                       f"{i18n.t('core.report.time', lang)}: {result.duration_s:.2f} s", style="dim"))


def summary_table(results: Iterable[ExerciseResult], lang: str, title: str = "") -> Table:
    t = lambda key: i18n.t(f"core.report.{key}", lang)  # noqa: E731
    table = Table(title=title or None, box=box.SIMPLE_HEAVY, title_justify="left")
    table.add_column(t("exercise"), no_wrap=True)
    table.add_column(t("title"))
    table.add_column(t("points"), justify="right", no_wrap=True)
    table.add_column(t("time"), justify="right", no_wrap=True)
    total = maximum = 0.0
    for r in results:
        style = "green" if r.full_marks else ("red" if r.score == 0 else "yellow")
        table.add_row(Text(one_line(r.exercise)), Text(one_line(r.title)),
                      Text(_points(r.score, r.max_score), style=style), f"{r.duration_s:.1f} s")
        total += r.score
        maximum += r.max_score
    total_text = Text(_points(round(total, 6), round(maximum, 6)), style="bold")
    table.add_row(Text(t("total"), style="bold"), "", total_text, "")
    return table


def print_exercise_list(exercises: Iterable[Exercise], lang: str, fmt: str = "text") -> None:
    """``grade list``: ids, names, titles and points, as a table or as JSON."""
    if fmt == "json":
        print(to_json([{"id": e.id, "name": e.name, "title": e.title(lang), "points": e.points} for e in exercises]))
        return
    table = Table(box=None)
    for col in ("id", "name", i18n.t("core.report.title", lang), i18n.t("core.report.points", lang)):
        table.add_column(col)
    for e in exercises:
        table.add_row(e.id, e.name, e.title(lang), f"{e.points:g}")
    Console().print(table)


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
