"""Gradebooks that learning-management systems import: Canvas and Moodle, each in its own CSV layout.

**Canvas** (``canvas.csv``), the layout of Canvas's gradebook import (Grades → Import; the importer is
``app/models/gradebook_importer.rb`` of instructure/canvas-lms): a header ``Student, ID, SIS User ID,
SIS Login ID, Section`` followed by one column per assignment, then a ``Points Possible`` row, then
one row per student. Canvas finds a student by ``ID`` (its numeric user id), else by ``SIS User ID``,
else by ``SIS Login ID``, else by name; an assignment column by the trailing ``(id)`` of
``Name (id)``, else by its exact name, else it creates the assignment. Here an exercise's column is
``<id> <title>``; the ids come from the roster's columns ``canvas_id`` (or ``canvas_user_id``),
``sis_user_id`` (or ``sis_id``) and ``sis_login_id`` (or ``login_id``, ``login``, ``username``), the
section from ``section``. With none of them, the roster's id is the SIS Login ID.

**Moodle** (``moodle.csv``), for Moodle's "Import grades from CSV file" (Grades → Import → CSV
file), which maps one column to a user field (id, username, idnumber or email: "Map from" / "Map
to") and each other column to a grade item (or a new one). The roster's id comes first, under the
header of the Moodle field its roster column names (``Email address`` for ``email``, ``Username``
for ``username``, ``login`` or ``user``, ``ID number`` for ``id``, ``student_id`` or ``sid``, else
``Username``), then the other identifiers the roster has (``idnumber``, ``username``, ``email``),
the full name, and one column per exercise, ``<id> <title>``. A student Moodle does not know stops
its import, so students who are not on the roster are left out of both files when a roster was
given.

Scores are points with at most two decimals (Canvas rounds to two as well), 0 for an exercise not
submitted, as in ``gradebook.csv``. Every text cell that a spreadsheet would read as a formula
(first character ``= + - @``, a tab or a carriage return: OWASP's CSV injection) gets a leading
``'`` (``grader.formats.safe_text.csv_cell``, as in ``gradebook.csv``); names and ids are the
roster's, which are untrusted input.
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from grader.classroom import roster as roster_file
from grader.classroom.roster import RosterEntry
from grader.formats.safe_text import csv_cell as cell

FORMATS = ("canvas", "moodle")
CANVAS_HEADER = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
CANVAS_POINTS_ROW = "Points Possible"
# Roster columns (normalised headers) that hold each identifier, in order of preference.
CANVAS_ID = ("canvas_id", "canvas_user_id")
SIS_USER_ID = ("sis_user_id", "sis_id")
SIS_LOGIN_ID = ("sis_login_id", "login_id", "login", "username")
SECTION = ("section",)
# The Moodle user field a roster's id column names (by its header); an id of unknown kind is taken for a login.
MOODLE_FIELDS = {"email": "Email address", "username": "Username", "login": "Username", "user": "Username",
                 "id": "ID number", "student_id": "ID number", "sid": "ID number", "student": "ID number"}
MOODLE_EXTRA = (("idnumber", "ID number"), ("id_number", "ID number"), ("username", "Username"),
                ("email", "Email address"))
FULL_NAME = "Full name"


def points(x: float) -> str:
    return f"{round(float(x), 2):.2f}".rstrip("0").rstrip(".")


def _students(cls: Any) -> list[dict[str, Any]]:
    """Everyone the LMS knows: the whole class, less those not on a given roster."""
    with_roster = any(s.get("on_roster") for s in cls.students)
    return [s for s in cls.students if not (with_roster and s.get("on_roster") == 0)]


def _column(e: dict[str, Any]) -> str:
    name = f"{e['id']} {e['title']}".strip()
    return name + " " if re.search(r"\s\(\d+\)$", name) else name  # "Title (123)" names Canvas assignment 123


def _score(s: dict[str, Any], ex_id: str) -> str:
    g = s["gradings"].get(ex_id)
    return points(g["score"] if g else 0.0)


def _csv(rows: list[list[str]]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)  # RFC 4180, as both importers read it
    return buf.getvalue()


def canvas_rows(cls: Any, entries: Mapping[str, RosterEntry]) -> list[list[str]]:
    exercises = cls.exercises
    rows = [list(CANVAS_HEADER) + [cell(_column(e)) for e in exercises],
            [CANVAS_POINTS_ROW, "", "", "", ""] + [points(e["max_score"]) for e in exercises]]
    for s in _students(cls):
        entry = entries.get(s["id"]) or RosterEntry(s["id"], s.get("name") or "")
        canvas_id, sis_user = entry.get(*CANVAS_ID), entry.get(*SIS_USER_ID)
        login = entry.get(*SIS_LOGIN_ID) or ("" if canvas_id or sis_user else s["id"])
        rows.append([cell(entry.name or s.get("name") or s["id"]), cell(canvas_id), cell(sis_user), cell(login),
                     cell(entry.get(*SECTION))] + [_score(s, e["id"]) for e in exercises])
    return rows


def moodle_rows(cls: Any, entries: Mapping[str, RosterEntry]) -> list[list[str]]:
    id_columns = {e.id_column for e in entries.values()}
    key = MOODLE_FIELDS.get(next(iter(id_columns)) if len(id_columns) == 1 else "", "Username")
    extra = []  # the roster's other identifiers, each once, none under the key's own header
    for column, header in MOODLE_EXTRA:
        if header != key and header not in (h for _, h in extra) and any(column in e.fields for e in entries.values()):
            extra.append((column, header))
    rows = [[key] + [h for _, h in extra] + [FULL_NAME] + [cell(_column(e)) for e in cls.exercises]]
    for s in _students(cls):
        entry = entries.get(s["id"]) or RosterEntry(s["id"], s.get("name") or "")
        rows.append([cell(s["id"])] + [cell(entry.fields.get(c, "")) for c, _ in extra]
                    + [cell(entry.name or s.get("name") or "")] + [_score(s, e["id"]) for e in cls.exercises])
    return rows


def roster_of(store_meta: Mapping[str, str], roster_path: Path | None = None) -> dict[str, RosterEntry]:
    """The roster given now, else the one the batch kept in its store."""
    if roster_path is not None:
        return roster_file.read(roster_path)
    return roster_file.from_json(store_meta.get(roster_file.META_KEY))


def write(cls: Any, fmt: str, path: Path, entries: Mapping[str, RosterEntry]) -> Path:
    """Write ``canvas`` or ``moodle`` CSV to ``path`` (UTF-8, no byte-order mark)."""
    rows = {"canvas": canvas_rows, "moodle": moodle_rows}[fmt](cls, entries)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(_csv(rows), encoding="utf-8", newline="")
    tmp.replace(path)
    return path
