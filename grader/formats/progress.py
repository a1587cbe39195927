"""Live progress on stderr while grading: tests done, and any long task a test reports
(``grading.progress({"event": "task", "id": "train", "completed": 3, "total": 10, "description": "…"})``)."""
from __future__ import annotations

from typing import Any

from rich.console import Console


class LiveProgress:
    def __init__(self, enabled: bool = True) -> None:
        console = Console(stderr=True)
        self.enabled = enabled and console.is_terminal
        self.progress: Any = None
        if self.enabled:  # rich's live display is imported only when shown (JSON output, CI logs)
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            self.progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                     TimeElapsedColumn(), TimeRemainingColumn(), console=console, transient=True)
        self.tasks: dict[str, Any] = {}

    def __enter__(self) -> LiveProgress:
        if self.enabled:
            self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.enabled:
            self.progress.stop()

    def handler(self, label: str):  # type: ignore[no-untyped-def]
        """A callback for one exercise's events."""

        def on_event(event: dict) -> None:
            if not self.enabled:
                return
            kind = event.get("event")
            if kind == "collected":
                self.tasks["tests"] = self.progress.add_task(label, total=event.get("total") or None)
            elif kind == "test" and "tests" in self.tasks:
                self.progress.advance(self.tasks["tests"])
            elif kind == "task":
                key = str(event.get("id", "task"))
                if key not in self.tasks:
                    self.tasks[key] = self.progress.add_task(str(event.get("description", key)),
                                                             total=event.get("total"))
                self.progress.update(self.tasks[key], completed=event.get("completed", 0),
                                     total=event.get("total"), description=str(event.get("description", key)))

        return on_event
