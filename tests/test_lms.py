"""The gradebooks Canvas and Moodle import (grader/classroom/lms.py), checked against their documented
layouts: Canvas's gradebook importer (header Student, ID, SIS User ID, SIS Login ID, Section, the
assignments, a Points Possible row) and Moodle's CSV grade import (one identifier column mapped to a
user field, one column per grade item)."""
from __future__ import annotations

import csv
import io
import subprocess
import sys

from grader.classroom import exports, lms, roster
from grader.classroom.store import Store
from tests.conftest import ROOT
from tests.test_html_report import synthetic_class

ROSTER = """student_id,name,sis_user_id,SIS Login ID,Section,Email,canvas_id
alice,Alice Kim,2024001,akim,Sec 1,alice@uni.example,101
bob,Bob Lee,2024002,blee,Sec 2,bob@uni.example,
carol,Carol Park,2024003,,Sec 1,carol@uni.example,
dave,Dave Choi,,,Sec 2,,
mallory,=HYPERLINK("http://x"),+2024005,@mal,-Sec,mal@uni.example,
"""


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def _class(tmp_path):
    out = synthetic_class(tmp_path, figure=False)
    (tmp_path / "roster.csv").write_text(ROSTER, encoding="utf-8")
    return out, roster.read(tmp_path / "roster.csv")


def test_roster_keeps_its_other_columns(tmp_path):
    _, entries = _class(tmp_path)
    a = entries["alice"]
    assert (a.name, a.id_column) == ("Alice Kim", "student_id")
    assert a.fields == {"sis_user_id": "2024001", "sis_login_id": "akim", "section": "Sec 1",
                        "email": "alice@uni.example", "canvas_id": "101"}
    assert roster.from_json(roster.to_json(entries)) == entries


def test_canvas_layout(tmp_path):
    out, entries = _class(tmp_path)
    paths = exports.write_all(out, "en", formats=("canvas",), roster=tmp_path / "roster.csv")
    raw = paths["canvas"].read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = _rows(raw.decode("utf-8"))
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "exA Title of exA", "exB Title of exB"]
    assert rows[1] == ["Points Possible", "", "", "", "", "6", "10"]
    by_login = {r[3] or r[0]: r for r in rows[2:]}
    assert by_login["akim"] == ["Alice Kim", "101", "2024001", "akim", "Sec 1", "6", "10"]
    assert by_login["blee"] == ["Bob Lee", "", "2024002", "blee", "Sec 2", "2", "0"]
    assert by_login["Carol Park"] == ["Carol Park", "", "2024003", "", "Sec 1", "0", "0"]  # missing: 0, as gradebook.csv
    assert by_login["dave"][1:5] == ["", "", "dave", "Sec 2"]  # no Canvas/SIS ids: the roster's id as login
    assert by_login["'@mal"][:5] == ["'=HYPERLINK(\"http://x\")", "", "'+2024005", "'@mal", "'-Sec"]  # no formulas
    assert "zed" not in {r[0] for r in rows} and len(rows) == 2 + 5, "only students on the roster"


def test_moodle_layout(tmp_path):
    out, _ = _class(tmp_path)
    paths = exports.write_all(out, "en", formats=("moodle",), roster=tmp_path / "roster.csv")
    rows = _rows(paths["moodle"].read_text(encoding="utf-8"))
    assert rows[0] == ["ID number", "Email address", "Full name", "exA Title of exA", "exB Title of exB"]
    by_id = {r[0]: r for r in rows[1:]}
    assert by_id["alice"] == ["alice", "alice@uni.example", "Alice Kim", "6", "10"]
    assert by_id["dave"] == ["dave", "", "Dave Choi", "3", "0"]
    assert by_id["mallory"][2] == "'=HYPERLINK(\"http://x\")"
    assert set(by_id) == {"alice", "bob", "carol", "dave", "mallory"}  # zed is unknown to Moodle: left out


def test_moodle_key_follows_the_rosters_id_column(tmp_path):
    out = synthetic_class(tmp_path, figure=False)
    (tmp_path / "r.csv").write_text("email,name,idnumber\nalice,Alice,A1\nbob,Bob,\n", encoding="utf-8")
    with Store(out / "grades.sqlite") as store:
        cls = exports.load(store)
    rows = _rows(lms.write(cls, "moodle", tmp_path / "m.csv", roster.read(tmp_path / "r.csv")).read_text())
    assert rows[0][:3] == ["Email address", "ID number", "Full name"]


def test_grade_report_prints_and_writes_the_canvas_file_from_the_batchs_roster(tmp_path):
    out, entries = _class(tmp_path)
    roster.keep(out, entries)  # what grade batch --roster does
    proc = subprocess.run([sys.executable, "-m", "grader.cli", "report", "--out", str(out), "--format", "canvas"],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == (out / "canvas.csv").read_text(encoding="utf-8")
    assert _rows(proc.stdout)[2][:4] == ["Alice Kim", "101", "2024001", "akim"]
    assert (out / "report.html").is_file()
