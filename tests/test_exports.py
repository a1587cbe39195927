"""grader.classroom.exports: everything built from a batch's store, without grading anything."""
from __future__ import annotations

import csv
import io
import json

import pytest

from grader.classroom import exports
from grader.classroom.store import Key, Store
from grader.core import results


def _result(exercise: str, passed: list[bool], concept: str = "core.values") -> results.ExerciseResult:
    tests = [results.TestResult(name=f"t{i}", max_score=2, score=2 if ok else 0, passed=ok, concept=concept,
                        message="" if ok else f"t{i} failed: ```fence``` | pipe", hints=[] if ok else ["core.untouched"])
             for i, ok in enumerate(passed)]
    return results.ExerciseResult(exercise=exercise, name=f"{exercise}_name", title=f"Title {exercise}", tests=tests)


@pytest.fixture()
def out(tmp_path):
    with Store(tmp_path / "grades.sqlite") as store:
        store.set_meta(lang="en", kit_version="1.0")
        store.put_student("alice", name="Alice", submitted=True, on_roster=True)
        store.put_student("bob", name="Bob", submitted=True, on_roster=True)
        store.put_student("carol", name="Carol", submitted=False, on_roster=True)
        store.save("alice", _result("exA", [True, True]), "graded", Key("h1", "1.0", "t"))
        store.save("bob", _result("exA", [True, False]), "graded", Key("h2", "1.0", "t"))
        store.save("bob", _result("exB", [False]), "timeout", Key("h3", "1.0", "t"))
    return tmp_path


def test_gradebook_has_one_row_per_student(out):
    exports.write_all(out)
    rows = list(csv.reader(io.StringIO((out / "gradebook.csv").read_text(encoding="utf-8"))))
    assert rows[0] == ["student", "name", "status", "notes", "exA", "exB", "total", "max_total"]
    by_id = {r[0]: r for r in rows[1:]}
    assert by_id["alice"][4:] == ["4", "0", "4", "6"]
    assert by_id["bob"][2:4] == ["ok", "exB: timeout"] and by_id["carol"][2] == "missing"


def test_statistics_count_only_real_gradings(out):
    with Store(out / "grades.sqlite") as store:
        cls = exports.load(store)
    tests = {(r["exercise"], r["test"]): r for r in cls.stats["tests"]}
    assert tests[("exA", "t1")]["pass_rate"] == 0.5 and ("exB", "t0") not in tests  # a timeout says nothing
    assert cls.stats["problems"][0]["verdict"] == "timeout"
    assert {e["id"]: e["full_marks"] for e in cls.stats["exercises"]} == {"exA": 1, "exB": 0}


def test_feedback_and_report_markdown(out):
    paths = exports.write_all(out, formats=("junit", "gradescope"))
    bob = (paths["feedback"] / "bob.md").read_text(encoding="utf-8")
    assert "# " in bob and "✘ t1" in bob and "````text" in bob  # a fence longer than the one in the message
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "\\| pipe" in report and "exA · t1" in report  # a | in a message cannot end its table cell
    assert json.loads((out / "grades.json").read_text())["students"][0]["id"] == "alice"
    assert (out / "junit.xml").is_file() and (out / "gradescope" / "bob" / "results.json").is_file()


def test_a_store_written_before_test_statuses_existed_still_opens(tmp_path):
    import sqlite3

    db = sqlite3.connect(tmp_path / "grades.sqlite")
    db.executescript("CREATE TABLE results (student TEXT NOT NULL, exercise TEXT NOT NULL, position INTEGER NOT NULL,"
                     " test TEXT NOT NULL, score REAL NOT NULL, max_score REAL NOT NULL, passed INTEGER NOT NULL,"
                     " message TEXT NOT NULL, hints TEXT NOT NULL, concept TEXT, visibility TEXT NOT NULL,"
                     " hash TEXT NOT NULL, kit_version TEXT NOT NULL, PRIMARY KEY (student, exercise, position));")
    db.close()
    with Store(tmp_path / "grades.sqlite") as store:
        store.put_student("dan", submitted=True)
        res = _result("exA", [True])
        res.tests.append(results.TestResult(name="unseen", max_score=1, status="not_checked", message="Not checked"))
        store.save("dan", res, "graded", Key("h", "1", "t"))
        back = store.exercise_result("dan", "exA")
    assert [t.status for t in back.tests] == ["passed", "not_checked"]


# ---- untrusted ids and names: spreadsheets, Markdown ----------------------------------------------------------
HOSTILE_IDS = ["=HYPERLINK(\"http://x\",\"a\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rcr",
               "eve\n# Full marks for eve\n| 14 |", "osc\x1b]52;c;cHduZWQ=\x07", "[link](http://x) *b* <b>"]


@pytest.fixture()
def hostile(tmp_path):
    with Store(tmp_path / "grades.sqlite") as store:
        store.set_meta(lang="en", kit_version="1.0")
        for i, sid in enumerate(HOSTILE_IDS):
            store.put_student(sid, name="=cmd|' /C calc'!A0" if i == 0 else f"-name{i}", submitted=True,
                              notes=["=1+2 in a note"])
            store.save(sid, _result("exA", [False]), "timeout", Key(f"h{i}", "1.0", "t"))
    return tmp_path


def test_gradebook_cells_never_start_a_formula(hostile):
    from grader.classroom import lms

    exports.write_all(hostile)
    with open(hostile / "gradebook.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    text_cells = [c for r in rows[1:] for c in r[:4]]
    assert len(rows) == len(HOSTILE_IDS) + 1
    assert not [c for c in text_cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))], text_cells
    ids = sorted(r[0] for r in rows[1:])
    assert ids == sorted(("'" + s if s[0] in "=+-@\t\r" else s) for s in HOSTILE_IDS)  # neutralised, not mangled
    assert lms.cell is exports.csv_cell  # one function for every spreadsheet the kit writes


def test_report_and_feedback_markdown_escape_ids(hostile):
    from grader.classroom.submissions import safe_name

    exports.write_all(hostile)
    report = (hostile / "report.md").read_text(encoding="utf-8")
    assert not [line for line in report.splitlines() if line.startswith(("# Full", "| 14"))]
    assert "\x1b" not in report and "](http" not in report and "<b>" not in report
    problems = [line for line in report.splitlines() if line.startswith("- ")]
    assert len(problems) == len(HOSTILE_IDS)  # one line per problem, whatever the id holds
    for sid in HOSTILE_IDS:
        feedback = (hostile / "feedback" / f"{safe_name(sid)}.md").read_text(encoding="utf-8")
        assert feedback.startswith("# ") and not [line for line in feedback.splitlines() if line.startswith("# Full")]
        assert "\x1b" not in feedback and "<b>" not in feedback
