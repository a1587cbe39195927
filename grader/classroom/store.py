"""The durable store of a batch: SQLite in WAL mode, one transaction per graded student × exercise.

Tables:

* ``students`` — one row per student: name (from the roster), the entry graded, flags.
* ``gradings`` — one row per student × exercise: score, verdict, the submission's hash, the kit
  version and a hash of the exercise's tests, so a re-run skips what is already graded.
* ``results`` — one row per student × exercise × test, with the kit version and the submission's hash.
* ``meta`` — the language the feedback was written in, and when.

A grading's rows are replaced in a single transaction, so a batch killed midway keeps everything
committed before the kill, and never half a grading.
"""
from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from grader.core.results import ExerciseResult, TestResult

STORE_NAME = "grades.sqlite"
# Verdicts of one student × exercise. Only "error" (a fault of the kit) is retried by a re-run.
VERDICTS = ("graded", "missing", "invalid", "timeout", "crashed", "error")
RETRY = ("error",)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS students (
    id TEXT PRIMARY KEY, name TEXT NOT NULL DEFAULT '', entry TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL DEFAULT '', on_roster INTEGER, submitted INTEGER NOT NULL DEFAULT 0,
    error TEXT NOT NULL DEFAULT '', notes TEXT NOT NULL DEFAULT '[]');
CREATE TABLE IF NOT EXISTS gradings (
    student TEXT NOT NULL, exercise TEXT NOT NULL, name TEXT NOT NULL, title TEXT NOT NULL,
    score REAL NOT NULL, max_score REAL NOT NULL, verdict TEXT NOT NULL,
    hash TEXT NOT NULL, kit_version TEXT NOT NULL, tests_hash TEXT NOT NULL,
    public_only INTEGER NOT NULL, isolation TEXT NOT NULL, error TEXT, extra TEXT NOT NULL DEFAULT '{}',
    duration_s REAL NOT NULL, graded_at TEXT NOT NULL, notes TEXT NOT NULL DEFAULT '[]',
    review TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (student, exercise));
CREATE TABLE IF NOT EXISTS results (
    student TEXT NOT NULL, exercise TEXT NOT NULL, position INTEGER NOT NULL, test TEXT NOT NULL,
    score REAL NOT NULL, max_score REAL NOT NULL, passed INTEGER NOT NULL, message TEXT NOT NULL,
    hints TEXT NOT NULL, concept TEXT, visibility TEXT NOT NULL,
    hash TEXT NOT NULL, kit_version TEXT NOT NULL, status TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (student, exercise, position));
"""
# Columns added after the first release of the store: (table, column, definition).
_ADDED_COLUMNS = (("results", "status", "TEXT NOT NULL DEFAULT ''"),
                  ("gradings", "notes", "TEXT NOT NULL DEFAULT '[]'"),
                  ("gradings", "review", "TEXT NOT NULL DEFAULT '[]'"))


@dataclass(frozen=True)
class Key:
    """What a grading depends on: same key, same grade (grading is deterministic)."""

    hash: str
    kit_version: str
    tests_hash: str


class Store:
    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(str(path), timeout=30, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        # In WAL mode NORMAL keeps every committed grading through a killed process (the coordinator's
        # resume); only a power cut may lose the last few, which a re-run grades again. FULL would fsync
        # every grading (about 4 ms each, most of the coordinator's cost per grading).
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        self.db.executescript(_SCHEMA)
        for table, column, definition in _ADDED_COLUMNS:  # a store written by an earlier version
            if column not in {row[1] for row in self.db.execute(f"PRAGMA table_info({table})")}:
                self.db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {definition}")

    @classmethod
    def open_existing(cls, folder: Path) -> Store | None:
        path = folder / STORE_NAME
        return cls(path) if path.is_file() else None

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _tx(self) -> _Transaction:
        return _Transaction(self.db)

    # ---- meta and students ------------------------------------------------------------------
    def set_meta(self, **values: str) -> None:
        with self._tx():
            for k, v in values.items():
                self.db.execute("INSERT INTO meta(key, value) VALUES (?, ?)"
                                " ON CONFLICT(key) DO UPDATE SET value=excluded.value", (k, str(v)))

    def meta(self) -> dict[str, str]:
        return dict(self.db.execute("SELECT key, value FROM meta"))

    def put_student(self, sid: str, *, name: str | None = None, entry: str | None = None, kind: str | None = None,
                    on_roster: bool | None = None, submitted: bool | None = None, error: str | None = None,
                    notes: list[str] | None = None) -> None:
        """Insert or update a student; fields left as None keep their stored value."""
        fields = {"name": name, "entry": entry, "kind": kind,
                  "on_roster": None if on_roster is None else int(on_roster),
                  "submitted": None if submitted is None else int(submitted), "error": error,
                  "notes": None if notes is None else json.dumps(notes, ensure_ascii=False)}
        given = {k: v for k, v in fields.items() if v is not None}
        with self._tx():
            self.db.execute("INSERT OR IGNORE INTO students(id) VALUES (?)", (sid,))
            if given:
                sets = ", ".join(f"{k} = ?" for k in given)
                self.db.execute(f"UPDATE students SET {sets} WHERE id = ?", (*given.values(), sid))

    def students(self) -> list[dict[str, Any]]:
        rows = self._dicts("SELECT * FROM students ORDER BY id")
        for r in rows:
            r["notes"] = json.loads(r["notes"] or "[]")
        return rows

    # ---- gradings -----------------------------------------------------------------------------
    def is_current(self, student: str, exercise: str, key: Key) -> bool:
        row = self.db.execute(
            "SELECT hash, kit_version, tests_hash, verdict FROM gradings WHERE student = ? AND exercise = ?",
            (student, exercise)).fetchone()
        return row is not None and tuple(row[:3]) == (key.hash, key.kit_version, key.tests_hash) and row[3] not in RETRY

    def save(self, student: str, result: ExerciseResult, verdict: str, key: Key) -> None:
        """Replace the student's grading of ``result.exercise``: one transaction."""
        assert verdict in VERDICTS, verdict
        now = time.strftime("%Y-%m-%dT%H:%M:%S%z")
        with self._tx():
            self.db.execute("DELETE FROM results WHERE student = ? AND exercise = ?", (student, result.exercise))
            self.db.execute(
                "INSERT OR REPLACE INTO gradings(student, exercise, name, title, score, max_score, verdict, hash,"
                " kit_version, tests_hash, public_only, isolation, error, extra, duration_s, graded_at, notes, review)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (student, result.exercise, result.name, result.title, result.score, result.max_score, verdict,
                 key.hash, key.kit_version, key.tests_hash, int(result.public_only), result.isolation, result.error,
                 json.dumps(result.extra, ensure_ascii=False, default=str), result.duration_s, now,
                 json.dumps(result.notes, ensure_ascii=False), json.dumps(result.review, ensure_ascii=False)))
            self.db.executemany(
                "INSERT INTO results(student, exercise, position, test, score, max_score, passed, message, hints,"
                " concept, visibility, hash, kit_version, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(student, result.exercise, i, t.name, t.score, t.max_score, int(t.passed), t.message,
                  json.dumps(t.hints), t.concept, "public" if t.public else "hidden", key.hash, key.kit_version,
                  t.status) for i, t in enumerate(result.tests)])

    def gradings(self) -> list[dict[str, Any]]:
        rows = self._dicts("SELECT * FROM gradings ORDER BY student, exercise")
        for r in rows:
            r["notes"] = json.loads(r.get("notes") or "[]")
            r["review"] = json.loads(r.get("review") or "[]")
        return rows

    def results(self) -> list[dict[str, Any]]:
        rows = self._dicts("SELECT * FROM results ORDER BY student, exercise, position")
        for r in rows:
            r["hints"] = json.loads(r["hints"] or "[]")
            r["passed"] = bool(r["passed"])
        return rows

    def exercise_result(self, student: str, exercise: str) -> ExerciseResult | None:
        """One stored grading, rebuilt as the engine's record."""
        g = self._dicts("SELECT * FROM gradings WHERE student = ? AND exercise = ?", (student, exercise))
        if not g:
            return None
        tests = self._dicts("SELECT * FROM results WHERE student = ? AND exercise = ? ORDER BY position",
                            (student, exercise))
        return to_result(g[0], tests)

    def count(self, table: str) -> int:
        assert table in ("students", "gradings", "results")
        return int(self.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])

    def _dicts(self, sql: str, params: tuple = ()) -> list[dict[str, Any]]:
        with closing(self.db.execute(sql, params)) as cur:
            cols = [c[0] for c in cur.description]
            return [dict(zip(cols, row)) for row in cur.fetchall()]


def to_result(g: dict[str, Any], tests: list[dict[str, Any]]) -> ExerciseResult:
    def hints(v: Any) -> list[str]:
        return list(v) if isinstance(v, list) else json.loads(v or "[]")

    return ExerciseResult(
        exercise=g["exercise"], name=g["name"], title=g["title"], isolation=g["isolation"],
        duration_s=g["duration_s"], public_only=bool(g["public_only"]), error=g["error"],
        extra=json.loads(g["extra"] or "{}"), notes=_json_list(g.get("notes")), review=_json_list(g.get("review")),
        tests=[TestResult(name=t["test"], max_score=t["max_score"], score=t["score"], passed=bool(t["passed"]),
                          message=t["message"], hints=hints(t["hints"]), concept=t["concept"],
                          public=t["visibility"] == "public", status=t.get("status") or "") for t in tests])


def _json_list(v: Any) -> list[Any]:
    return list(v) if isinstance(v, list) else json.loads(v or "[]")


class _Transaction:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, *exc: object) -> None:
        self.db.execute("COMMIT" if exc_type is None else "ROLLBACK")


def rows_by(rows: list[dict[str, Any]], *keys: str) -> Iterator[tuple[tuple, list[dict[str, Any]]]]:
    """Group rows (already sorted by ``keys``) by those keys."""
    group: list[dict[str, Any]] = []
    current: tuple | None = None
    for r in rows:
        k = tuple(r[key] for key in keys)
        if k != current and group:
            yield current, group  # type: ignore[misc]
            group = []
        current = k
        group.append(r)
    if group:
        yield current, group  # type: ignore[misc]
