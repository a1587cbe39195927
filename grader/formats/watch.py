"""``grade watch EXERCISE``: grade again each time the submission (a ``.py`` or a notebook) is saved.

The folder of the file is watched (editors save by writing a new file and renaming it over the old
one), changes are debounced, the screen is redrawn for each grading, and one line says what changed
since the last run: the points gained or lost per test. Ctrl-C stops it, during a grading too.
"""
from __future__ import annotations

import queue
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.text import Text

from grader.core import i18n
from grader.core.discover import Exercise
from grader.core.results import ExerciseResult
from grader.formats import text
from grader.isolation import sandbox


def _points(value: float) -> str:
    return f"{value:g}"


def diff_line(before: ExerciseResult | None, after: ExerciseResult, lang: str) -> str:
    """One line: the points gained or lost per test since ``before`` (the first run: the score)."""
    score = f"{_points(after.score)} / {_points(after.max_score)}"
    if before is None:
        return i18n.t("core.watch.first", lang, score=score)
    old = {t.name: t.score for t in before.tests}
    new = {t.name: t.score for t in after.tests}
    changes = []
    for name in [*new, *(n for n in old if n not in new)]:
        delta = round(new.get(name, 0.0) - old.get(name, 0.0), 6)
        if delta:
            changes.append(f"{'+' if delta > 0 else '−'}{_points(abs(delta))} {name}")
    if not changes:
        return i18n.t("core.watch.unchanged", lang, score=score)
    return i18n.t("core.watch.changed", lang, changes=", ".join(changes),
                  before=_points(before.score), score=score)


def command(exercise: Exercise, path: Path, lang: str, isolation: str, options: dict[str, Any],
            debounce_ms: int = 300, check_untouched: bool = True) -> int:
    """Grade now and on every save of ``path`` until Ctrl-C; the exit status is 0."""
    import watchfiles

    from grader.core.engine import grade_exercise

    iso = sandbox.detect_isolation(isolation)
    console = Console()
    target = path.resolve()
    stopping = False

    def on_sigint(signum: int, frame: Any) -> None:
        nonlocal stopping
        stopping = True
        raise KeyboardInterrupt

    previous_handler = signal.signal(signal.SIGINT, on_sigint)
    last: ExerciseResult | None = None

    def grade_once() -> None:
        nonlocal last
        result = grade_exercise(exercise, target, lang=lang, isolation=iso, public_only=not exercise.has_hidden,
                                options=options, check_untouched=check_untouched)
        if stopping:
            raise KeyboardInterrupt
        if console.is_terminal:
            console.clear()
        text.print_exercise(result, lang, console=console)
        console.print(Text(diff_line(last, result, lang), style="bold"), soft_wrap=True)
        console.print(Text(i18n.t("core.watch.watching", lang, path=str(path), time=time.strftime("%H:%M:%S")),
                           style="dim"), soft_wrap=True)
        sys.stdout.flush()
        last = result

    def ours(change: Any, name: str) -> bool:
        return Path(name).name == target.name

    # The watcher runs in a thread from before the first grading, so no save is missed, not even one
    # made while grading (it is graded next); the main thread grades and takes Ctrl-C.
    saves: queue.Queue = queue.Queue()
    ready, stop = threading.Event(), threading.Event()

    def watcher() -> None:
        for changes in watchfiles.watch(target.parent, watch_filter=ours, debounce=debounce_ms, step=50,
                                        rust_timeout=200, yield_on_timeout=True, stop_event=stop,
                                        recursive=False, raise_interrupt=False):
            ready.set()
            if changes:
                saves.put(changes)

    thread = threading.Thread(target=watcher, name="grade-watch", daemon=True)
    thread.start()
    try:
        ready.wait(10)
        grade_once()
        while True:
            try:
                saves.get(timeout=0.5)
            except queue.Empty:
                continue
            while not saves.empty():  # several saves while grading: one grading
                saves.get_nowait()
            if target.is_file():
                grade_once()
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGINT, previous_handler)
        stop.set()
        thread.join(5)
    console.print(i18n.t("core.watch.stopped", lang), highlight=False)
    sys.stdout.flush()
    return 0
