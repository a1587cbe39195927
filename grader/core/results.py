"""Plain result records passed from the scoring stage to the reports."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# What became of one test. "not_checked": the test could not observe what it checks (no points, never a pass).
STATUSES = ("passed", "failed", "not_checked", "skipped")


@dataclass
class TestResult:
    name: str
    max_score: float
    score: float = 0.0
    passed: bool = False
    message: str = ""
    hints: list[str] = field(default_factory=list)  # catalogue keys of recognised mistakes
    concept: str | None = None
    public: bool = False
    status: str = ""  # one of STATUSES; empty: derived from ``passed``
    translations: dict[str, str] = field(default_factory=dict)  # the message in every language (on request)

    def __post_init__(self) -> None:
        if not self.status:
            self.status = "passed" if self.passed else "failed"
        if self.status not in STATUSES:
            raise ValueError(f"unknown test status {self.status!r}")

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "score": self.score, "max_score": self.max_score, "passed": self.passed,
                "status": self.status, "message": self.message, "hints": list(self.hints),
                "visibility": "public" if self.public else "hidden",
                **({"messages": dict(self.translations)} if self.translations else {})}


@dataclass
class ExerciseResult:
    exercise: str  # the id, "exNN"
    name: str  # "exNN_name"
    title: str
    tests: list[TestResult]
    isolation: str = ""
    duration_s: float = 0.0
    submission: str = ""
    public_only: bool = False
    error: str | None = None  # a fault of the kit itself, if any
    extra: dict[str, Any] = field(default_factory=dict)  # exercise-specific report data (e.g. tier, accuracy)
    notes: list[str] = field(default_factory=list)  # how the submission was read (a notebook's cells), in its language
    review: list[dict[str, Any]] = field(default_factory=list)  # "needs review" marks (grader.core.inspection)

    @property
    def score(self) -> float:
        return round(sum(t.score for t in self.tests), 6)

    @property
    def max_score(self) -> float:
        return round(sum(t.max_score for t in self.tests), 6)

    @property
    def not_checked(self) -> list[TestResult]:
        return [t for t in self.tests if t.status == "not_checked"]

    @property
    def full_marks(self) -> bool:
        return self.error is None and self.score >= self.max_score - 1e-9

    def to_dict(self) -> dict[str, Any]:
        out = {"exercise": self.exercise, "name": self.name, "title": self.title, "score": self.score,
               "max_score": self.max_score, "tests": [t.to_dict() for t in self.tests],
               "isolation": self.isolation, "duration_s": round(self.duration_s, 3)}
        if self.public_only:
            out["public_only"] = True
        if self.error:
            out["error"] = self.error
        if self.extra:
            out["extra"] = self.extra
        if self.notes:
            out["notes"] = list(self.notes)
        if self.review:
            out["needs_review"] = [dict(f) for f in self.review]
        return out
