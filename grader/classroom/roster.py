"""The class roster: a CSV of the students expected to submit, keyed by the id their submission is
named by, with a name and whatever other columns the course keeps (section, SIS ids, e-mail, …).

The id column is the first column whose header is one of ``ID_COLUMNS``, the name column the first
of ``NAME_COLUMNS`` (headers compared lower-case, spaces and punctuation as ``_``: "Student ID" is
``student_id``); without such a header the first column is the id and the second the name. Every
other column is kept under its normalised header, so the LMS exports can key their rows by the
identifiers the learning-management system knows (``sis_user_id``, ``sis_login_id``, ``email``, …).
"""
from __future__ import annotations

import csv
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

ID_COLUMNS = ("id", "student_id", "student", "login", "username", "user", "email", "sid")
NAME_COLUMNS = ("name", "full_name", "student_name", "fullname", "display_name")
META_KEY = "roster"  # where a batch keeps the roster's columns in its store (meta table, JSON)


@dataclass(frozen=True)
class RosterEntry:
    id: str
    name: str = ""
    fields: Mapping[str, str] = field(default_factory=dict)  # the other columns, by normalised header
    id_column: str = ""  # the normalised header the id came from ("" when the roster has no header)

    def get(self, *names: str) -> str:
        """The first non-empty value among the columns ``names`` (the id counts under its own header)."""
        for n in names:
            value = self.id if n == self.id_column and self.id_column else self.fields.get(n, "")
            if value:
                return value
        return ""


def normalise(header: str) -> str:
    return re.sub(r"[^0-9a-z]+", "_", header.strip().lower()).strip("_")


def read(path: Path) -> dict[str, RosterEntry]:
    """Every student of the roster at ``path``, by id, in the roster's order."""
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = [r for r in csv.reader(f) if r and any(c.strip() for c in r)]
    if not rows:
        return {}
    header = [normalise(c) for c in rows[0]]
    if any(h in ID_COLUMNS for h in header):
        id_col = next(i for i, h in enumerate(header) if h in ID_COLUMNS)
        name_col = next((i for i, h in enumerate(header) if h in NAME_COLUMNS), None)
        rows = rows[1:]
    else:
        id_col, name_col = 0, 1 if len(rows[0]) > 1 else None
        header = []
    out: dict[str, RosterEntry] = {}
    for r in rows:
        if len(r) <= id_col or not r[id_col].strip():
            continue
        name = r[name_col].strip() if name_col is not None and len(r) > name_col else ""
        extra = {h: r[i].strip() for i, h in enumerate(header)
                 if h and i not in (id_col, name_col) and i < len(r) and r[i].strip()}
        out[r[id_col].strip()] = RosterEntry(r[id_col].strip(), name, extra, header[id_col] if header else "")
    return out


def to_json(entries: Mapping[str, RosterEntry]) -> str:
    return json.dumps({sid: {"name": e.name, "fields": dict(e.fields), "id_column": e.id_column}
                       for sid, e in entries.items()}, ensure_ascii=False)


def from_json(text: str | None) -> dict[str, RosterEntry]:
    """The roster kept in a store; {} when there is none or it cannot be read."""
    try:
        data = json.loads(text or "{}")
        return {str(sid): RosterEntry(str(sid), str(d.get("name", "")),
                                      {str(k): str(v) for k, v in dict(d.get("fields", {})).items()},
                                      str(d.get("id_column", ""))) for sid, d in data.items()}
    except (ValueError, TypeError, AttributeError):
        return {}


def keep(out: Path, entries: Mapping[str, RosterEntry]) -> None:
    """Keep the roster's columns in the store of the batch in ``out``, for ``grade report`` to use."""
    from grader.classroom.store import Store

    store = Store.open_existing(out)
    if store is not None:
        with store:
            store.set_meta(**{META_KEY: to_json(entries)})
