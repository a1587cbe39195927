"""grader.formats.text: the tables a person reads."""
from __future__ import annotations

import io

from rich.console import Console

from grader.core import results
from grader.formats import text


def _render(renderable) -> str:
    console = Console(file=io.StringIO(), width=120, color_system=None)
    console.print(renderable)
    return console.file.getvalue()


def _res(messages: list[str]) -> results.ExerciseResult:
    tests = [results.TestResult(name=f"t{i}", max_score=1, message=m, passed=not m, score=0 if m else 1)
             for i, m in enumerate(messages)]
    return results.ExerciseResult(exercise="exT", name="exT_name", title="A title", tests=tests, isolation="rlimits")


def test_exercise_table_has_every_test_and_the_total():
    out = _render(text.exercise_table(_res(["", "x" * 80 + "\nsecond line"]), "en"))
    assert "exT · A title" in out and "t0" in out and "t1" in out and "1 / 2" in out
    assert "second line" not in out and "…" in out  # the table shows the first line, shortened


def test_one_cause_for_every_failure_is_said_once(monkeypatch):
    console = Console(file=io.StringIO(), width=120, color_system=None)
    text.print_exercise(_res(["same cause", "same cause", "same cause"]), "en", console)
    out = console.file.getvalue()
    assert out.count("same cause") == 1 + 3  # once below the table, and in each row


def test_summary_table_totals():
    out = _render(text.summary_table([_res(["", ""]), _res(["bad", ""])], "ko"))
    assert "3 / 4" in out
