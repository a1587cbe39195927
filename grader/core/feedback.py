"""Structured feedback: what a failed check says, kept as catalogue keys until it is rendered.

A hidden test fails by raising ``Feedback`` (an ``AssertionError``), usually through the helpers in
``grader.checks``. The message is rendered only when the report is written, in the language asked
for, so one run serves ``--lang en`` and ``--lang ko`` alike.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from grader.core import i18n, values


@dataclass
class Comparison:
    """Numbers about a numeric mismatch, shown under the message."""

    abs_err: float
    rel_err: float
    atol: float
    rtol: float
    count: int
    total: int
    index: tuple[int, ...]


class Feedback(AssertionError):
    """A failed check, described by catalogue keys.

    key      — the main message (``core.values``, ``<exercise name>.<key>``, …)
    hint     — a catalogue key naming the likely mistake, when the answer matches a known one
    values   — (expected, got) to show; ``comparison`` — error sizes against the tolerance
    inputs   — the input that failed, when it is not a hypothesis example (those add their own)
    params   — the message's placeholders
    """

    def __init__(self, key: str, *, hint: str | None = None, values: tuple[Any, Any] | None = None,
                 comparison: Comparison | None = None, inputs: dict[str, Any] | None = None,
                 **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.hint = hint
        self.values = values
        self.comparison = comparison
        self.inputs = inputs
        self.params = params

    def __str__(self) -> str:  # pytest shows this in its own report; the grader renders with render()
        return render_feedback(self, "en")


def render_feedback(fb: Feedback, lang: str, more: bool = False) -> str:
    """The feedback in ``lang``. A hint names the concept and the likely mistake; the worked detail (the
    formula) that a hint may carry as ``<hint>.more`` is shown only when ``more`` is asked for."""
    lines = [i18n.t(fb.key, lang, **fb.params)]
    if fb.hint:
        lines.append(i18n.t("core.likely_mistake", lang, text=i18n.t(fb.hint, lang, **fb.params)))
        if i18n.has(fb.hint + ".more"):
            lines.append(i18n.t(fb.hint + ".more", lang, **fb.params) if more else i18n.t("core.more_available", lang))
    if fb.values is not None:
        c = fb.comparison
        shown = values.compare(fb.values[0], fb.values[1], rtol=c.rtol if c else 0.0, atol=c.atol if c else 0.0)
        lines.append(labelled(i18n.t("core.expected", lang, value="").rstrip(), shown.expected))
        lines.append(labelled(i18n.t("core.got", lang, value="").rstrip(), shown.got))
        if shown.differing:
            lines.append(i18n.t("core.differs_at", lang, entries="; ".join(shown.differing)))
    if fb.comparison is not None:
        c = fb.comparison
        lines.append(i18n.t("core.error_size", lang, abs_err=c.abs_err, rel_err=c.rel_err, atol=c.atol,
                            rtol=c.rtol, count=c.count, total=c.total, index=c.index))
    if fb.inputs:
        lines.append(input_block(fb.inputs, lang))
    return "\n".join(lines)


def labelled(label: str, code: str, width: int = 72) -> str:
    """``label value`` on one line when the value is short and one line, else the value indented below."""
    if "\n" not in code and len(label) + 1 + len(code) <= width:
        return f"{label} {code}"
    return label + "\n" + "\n".join("    " + line for line in code.splitlines())


def quoted(text: str) -> str:
    """``text`` (an exception's message, a traceback line) indented as a block of its own, quoted verbatim
    under a sentence: words in it are the library's, not the feedback's, in any language."""
    return "\n".join("    " + line for line in str(text).splitlines() or [""])


def input_block(kwargs: dict[str, Any], lang: str) -> str:
    """``on input:`` and one pasteable ``name = value`` per argument."""
    body = "\n".join("    " + line for text in values.example_code(kwargs) for line in text.splitlines())
    return i18n.t("core.input", lang) + "\n" + body


class NotChecked(Exception):
    """A check that could not observe what it checks (the epoch it needs never ran, the budget ended
    before the property could be tested): the test is "not checked", earns no points, and says why.

    key    — a catalogue key naming the reason (``core.not_checked.…`` or the exercise's own)
    params — the message's placeholders

    Never a pass: an observation that did not happen is not evidence of correct behaviour."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


class PartialCredit(AssertionError):
    """Some of a test's independent cases failed: the test earns ``fraction`` of its points."""

    def __init__(self, fraction: float, failures: list[BaseException]) -> None:
        super().__init__(f"{len(failures)} case(s) failed")
        self.fraction = max(0.0, min(1.0, fraction))
        self.failures = failures
