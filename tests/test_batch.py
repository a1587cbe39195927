"""Batch grading: entries of every kind, safe unzipping, the store, timeouts, re-runs and a kill midway."""
from __future__ import annotations

import csv
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from grader.classroom import submissions
from grader.classroom.batch import kill_tree, read_roster
from grader.classroom.store import Key, Store
from grader.core import discover, results
from grader.isolation import sandbox

ROOT = Path(__file__).resolve().parent.parent
EX01 = discover.find("ex01")
FULL = f"{EX01.points:g}"  # the reference's mark in the gradebook
ISOLATED = sandbox.detect_isolation().isolated
needs_bwrap = pytest.mark.skipif(not ISOLATED, reason="batch grading needs bubblewrap (or --unsafe)")


def grade_batch(subs: Path, out: Path, *extra: str, timeout: float = 300) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "grader.cli", "batch", str(subs), "--exercises", "ex01", "--out", str(out),
           "--lang", "en", *extra]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=ROOT)


def gradebook(out: Path) -> dict[str, dict[str, str]]:
    with open(out / "gradebook.csv", newline="", encoding="utf-8") as f:
        return {row["student"]: row for row in csv.DictReader(f)}


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


# ---- entries --------------------------------------------------------------------------------------------
def test_entries_of_every_kind_and_their_ids(tmp_path):
    (tmp_path / "alice").mkdir()
    (tmp_path / "bob.zip").write_bytes(b"")
    (tmp_path / "carol.ipynb").write_text("{}")
    (tmp_path / "notes.txt").write_text("not an entry")
    (tmp_path / ".DS_Store").write_text("")
    (tmp_path / "alice.zip").write_bytes(b"")  # the folder wins over a zip of the same student
    entries, warnings = submissions.find_entries(tmp_path)
    assert [(sid, p.name) for sid, p in entries] == [("alice", "alice"), ("bob", "bob.zip"), ("carol", "carol.ipynb")]
    keys = [k for k, _ in warnings]
    assert "batch.ignored_entry" in keys and "batch.duplicate_entry" in keys


def test_folder_layouts(tmp_path):
    work = tmp_path / "work"
    flat = tmp_path / "flat"
    flat.mkdir()
    (flat / "ex01_metrics.py").write_text("x = 1\n")
    kit_copy = tmp_path / "kitcopy" / "dl-kit-main" / "exercises"
    kit_copy.mkdir(parents=True)
    (kit_copy / "ex01_metrics.py").write_text("x = 2\n")
    linked = tmp_path / "linked"
    linked.mkdir()
    (linked / "ex01_metrics.py").symlink_to(ROOT / "solutions" / "ex01_metrics.py")  # never followed
    assert submissions.prepare("flat", flat, [EX01], work).file_for(EX01).read_text() == "x = 1\n"
    assert submissions.prepare("kit", tmp_path / "kitcopy", [EX01], work).file_for(EX01).read_text() == "x = 2\n"
    assert submissions.prepare("linked", linked, [EX01], work).file_for(EX01) is None


def test_zip_is_unpacked_and_mapped(tmp_path):
    z = _zip(tmp_path / "dan.zip", {"dan/exercises/ex01_metrics.py": b"y = 3\n", "dan/data.bin": b"\0" * 100,
                                    "dan/__MACOSX/ex01_metrics.py": b"junk"})
    entry = submissions.prepare("dan", z, [EX01], tmp_path / "work")
    assert entry.error is None and entry.file_for(EX01).read_text() == "y = 3\n"
    assert not list((tmp_path / "work").rglob("data.bin")), "only .py and .ipynb members are unpacked"


@pytest.mark.parametrize("member", ["../evil.py", "/etc/evil.py", "a/../../evil.py", "C:/evil.py", "..\\evil.py"])
def test_zip_path_traversal_is_refused(tmp_path, member):
    z = _zip(tmp_path / "eve.zip", {member: b"print('escaped')\n"})
    with pytest.raises(submissions.SubmissionError) as info:
        submissions.unzip_safely(z, tmp_path / "out")
    assert info.value.key == "batch.zip.unsafe_path"
    assert not (tmp_path / "evil.py").exists()


def test_zip_links_are_not_materialised(tmp_path):
    z = tmp_path / "link.zip"
    with zipfile.ZipFile(z, "w") as zf:
        info = zipfile.ZipInfo("ex01_metrics.py")
        info.external_attr = (0o120777 << 16)  # a symbolic link to the reference
        zf.writestr(info, str(ROOT / "solutions" / "ex01_metrics.py"))
    assert submissions.unzip_safely(z, tmp_path / "out") == []


def test_zip_bomb_stops_at_the_limit(tmp_path):
    z = _zip(tmp_path / "bomb.zip", {"ex01_metrics.py": b"0" * (3 * 2**20)})
    assert z.stat().st_size < 20_000
    with pytest.raises(submissions.SubmissionError) as info:
        submissions.unzip_safely(z, tmp_path / "out", max_total_mb=1)
    assert info.value.key == "batch.zip.too_large"


def test_zip_with_too_many_members_or_garbage(tmp_path):
    z = _zip(tmp_path / "many.zip", {f"f{i}.py": b"" for i in range(12)})
    with pytest.raises(submissions.SubmissionError) as info:
        submissions.unzip_safely(z, tmp_path / "o1", max_members=10)
    assert info.value.key == "batch.zip.too_many"
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"PK\x03\x04 this is not a zip")
    entry = submissions.prepare("bad", bad, [EX01], tmp_path / "work")
    assert entry.error is not None and entry.error.key == "batch.zip.bad"
    assert "not a readable zip" in entry.error.message("en")
    long = _zip(tmp_path / "long.zip", {"a" * 300 + "/ex01_metrics.py": b"x = 1\n"})
    entry = submissions.prepare("long", long, [EX01], tmp_path / "work")
    assert entry.error is not None and entry.file_for(EX01) is None, "an odd archive fails only its own entry"


def test_roster_formats(tmp_path):
    a = tmp_path / "a.csv"
    a.write_text("Student_ID,Name,Section\nalice,Alice Kim,1\nbob,Bob Lee,2\n", encoding="utf-8")
    b = tmp_path / "b.csv"
    b.write_text("alice,Alice Kim\nbob\n", encoding="utf-8")
    assert read_roster(a) == {"alice": "Alice Kim", "bob": "Bob Lee"}
    assert read_roster(b) == {"alice": "Alice Kim", "bob": ""}


# ---- the store ----------------------------------------------------------------------------------------------
def _result(score: float) -> results.ExerciseResult:
    tests = [results.TestResult("a", 1, score, score == 1), results.TestResult("b", 2)]
    return results.ExerciseResult("ex01", "ex01_metrics", "t", tests)


def test_store_replaces_a_grading_and_knows_what_is_current(tmp_path):
    key = Key("h1", "0.1.0", "t1")
    with Store(tmp_path / "g.sqlite") as store:
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        store.save("alice", _result(0), "graded", key)
        store.save("alice", _result(1), "graded", key)
        assert store.count("gradings") == 1 and store.count("results") == 2
        assert store.is_current("alice", "ex01", key)
        assert not store.is_current("alice", "ex01", Key("h2", "0.1.0", "t1"))
        assert not store.is_current("alice", "ex01", Key("h1", "0.2.0", "t1"))
        store.save("bob", _result(0), "error", key)
        assert not store.is_current("bob", "ex01", key), "a fault of the kit is retried"
        assert store.exercise_result("alice", "ex01").score == 1


def test_kill_tree_reaches_children_in_their_own_sessions(tmp_path):
    script = ("import subprocess, sys, time\n"
              "p = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'], start_new_session=True)\n"
              "print(p.pid, flush=True)\ntime.sleep(60)\n")
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    grandchild = int(proc.stdout.readline())
    kill_tree(proc.pid)
    proc.wait(5)
    for _ in range(50):
        if _dead(grandchild):
            break
        time.sleep(0.1)
    else:
        pytest.fail("the grandchild survived")


def _dead(pid: int) -> bool:
    """Gone, or a zombie (killed, waiting for its parent to reap it)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat[stat.rfind(")") + 2] == "Z"


# ---- grade batch -----------------------------------------------------------------------------------------------
def test_batch_refuses_without_bubblewrap(tmp_path):
    (tmp_path / "subs" / "alice").mkdir(parents=True)
    proc = grade_batch(tmp_path / "subs", tmp_path / "out", "--isolation", "rlimits")
    assert proc.returncode == 2
    assert "bubblewrap" in proc.stderr and "--unsafe" in proc.stderr
    assert not (tmp_path / "out" / "grades.sqlite").exists()


@needs_bwrap
def test_batch_timeout_rerun_and_force(tmp_path):
    subs = tmp_path / "subs"
    for name in ("ref", "slow", "stub"):
        (subs / name).mkdir(parents=True)
    (subs / "ref" / "ex01_metrics.py").write_bytes(EX01.solution.read_bytes())
    (subs / "stub" / "ex01_metrics.py").write_bytes(EX01.stub.read_bytes())
    slow = EX01.solution.read_text(encoding="utf-8").replace(
        "    # BEGIN SOLUTION\n", "    # BEGIN SOLUTION\n    import time; time.sleep(0.9)\n")
    (subs / "slow" / "ex01_metrics.py").write_text(slow, encoding="utf-8")
    out = tmp_path / "out"
    t0 = time.monotonic()
    # The slow file sleeps 0.9 s in every call, minutes in all; a correct file needs a few seconds.
    proc = grade_batch(subs, out, "--timeout", "15", "--jobs", "2")
    assert proc.returncode == 0, proc.stderr
    assert time.monotonic() - t0 < 180
    book = gradebook(out)
    assert book["ref"]["ex01"] == FULL and book["stub"]["ex01"] == "0"
    assert book["slow"]["ex01"] == "0" and "ex01: timeout" in book["slow"]["notes"]
    assert "stopped after 15 s" in (out / "feedback" / "slow.md").read_text(encoding="utf-8")
    first = json.loads((out / "grades.json").read_text(encoding="utf-8"))
    stamp = {s["id"]: s["exercises"]["ex01"]["graded_at"] for s in first["students"]}

    proc = grade_batch(subs, out, "--format", "json")  # same files: nothing is regraded
    assert proc.returncode == 0, proc.stderr
    again = json.loads(proc.stdout)
    assert {s["id"]: s["exercises"]["ex01"]["graded_at"] for s in again["students"]} == stamp
    (subs / "stub" / "ex01_metrics.py").write_bytes(EX01.solution.read_bytes())  # a new file is regraded
    proc = grade_batch(subs, out, "--timeout", "15")
    assert proc.returncode == 0, proc.stderr
    assert "1 graded, 2 already graded" in proc.stderr and gradebook(out)["stub"]["ex01"] == FULL
    (subs / "slow" / "ex01_metrics.py").unlink()
    proc = grade_batch(subs, out, "--force")
    assert "2 graded, 0 already graded (same file), 1 missing" in proc.stderr
    assert gradebook(out)["slow"]["notes"] == "ex01: missing"


@needs_bwrap
def test_killed_batch_loses_nothing_committed(tmp_path):
    subs = tmp_path / "subs"
    for i in range(8):
        (subs / f"s{i}").mkdir(parents=True)
        (subs / f"s{i}" / "ex01_metrics.py").write_bytes(EX01.solution.read_bytes())
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "grader.cli", "batch", str(subs), "--exercises", "ex01", "--out", str(out),
           "--jobs", "1", "--lang", "en"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    db = out / "grades.sqlite"
    committed = 0
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if db.is_file():
            try:
                with sqlite3.connect(db, timeout=5) as conn:
                    committed = conn.execute("SELECT COUNT(*) FROM gradings WHERE verdict = 'graded'").fetchone()[0]
            except sqlite3.OperationalError:
                committed = 0
        if committed >= 2:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the batch finished before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(10)
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        graded = conn.execute("SELECT student FROM gradings WHERE verdict = 'graded'").fetchall()
        assert len(graded) >= 2
        for (student,) in graded:  # never half a grading
            n = conn.execute("SELECT COUNT(*) FROM results WHERE student = ?", (student,)).fetchone()[0]
            assert n == _test_count()
    rerun = grade_batch(subs, out, "--jobs", "2")
    assert rerun.returncode == 0, rerun.stderr
    assert f"{len(graded)} already graded" in rerun.stderr.replace("\n", " ")
    assert all(row["ex01"] == FULL for row in gradebook(out).values()) and len(gradebook(out)) == 8


def _test_count() -> int:
    import ast

    return sum(1 for p in EX01.test_files for n in ast.parse(p.read_text(encoding="utf-8")).body
               if isinstance(n, ast.FunctionDef) and n.name.startswith("test_"))


@needs_bwrap
def test_report_rebuilds_exports_and_ci_formats(tmp_path):
    subs = tmp_path / "subs"
    (subs / "ann").mkdir(parents=True)
    (subs / "ann" / "ex01_metrics.py").write_bytes(EX01.solution.read_bytes())
    roster = tmp_path / "roster.csv"
    roster.write_text("id,name\nann,Ann Park\nzoe,Zoe Choi\n", encoding="utf-8")
    out = tmp_path / "out"
    proc = grade_batch(subs, out, "--roster", str(roster), "--format", "junit")
    assert proc.returncode == 0, proc.stderr
    import xml.etree.ElementTree as ET

    suites = ET.fromstring(proc.stdout).findall("testsuite")
    assert [s.get("name") for s in suites] == ["ann.ex01"]
    for name in ("gradebook.csv", "grades.json", "report.md"):
        (out / name).unlink()
    proc = subprocess.run([sys.executable, "-m", "grader.cli", "report", "--out", str(out), "--format", "gradescope"],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
    docs = json.loads(proc.stdout)
    assert docs["ann"]["score"] == EX01.points and "zoe" not in docs
    assert (out / "gradescope" / "ann" / "results.json").is_file()
    book = gradebook(out)
    assert book["ann"]["name"] == "Ann Park" and book["zoe"]["status"] == "missing" and book["zoe"]["total"] == "0"
    assert "Pass rate per test" in (out / "report.md").read_text(encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "grader.cli", "report", "--out", str(out), "--lang", "ko"],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0 and "학급 채점 보고서" in proc.stdout
    assert "합계" in (out / "feedback" / "ann.md").read_text(encoding="utf-8")


def test_each_student_gets_a_folder_of_their_own_for_report_figures(tmp_path, monkeypatch):
    from grader.classroom import batch

    queued: list = []

    class RecordingPool:
        def __init__(self, *args, **kwargs) -> None:
            pass

        def run(self, queue, on_result, progress=None) -> None:
            queued.extend(queue)

    monkeypatch.setattr(batch, "Pool", RecordingPool)
    subs, out = tmp_path / "subs", tmp_path / "out"
    for sid in ("alice", "bob"):
        (subs / sid).mkdir(parents=True)
        (subs / sid / "ex01_metrics.py").write_text((ROOT / "solutions" / "ex01_metrics.py").read_text())
    batch.run(subs, out, [discover.find("ex01")], isolation=sandbox.detect_isolation())
    assert sorted(j.figures for j in queued) == [out / "figures" / "alice", out / "figures" / "bob"]


def test_a_grading_with_a_not_checked_test_is_graded_once_more():
    from grader.classroom.batch import MAX_ATTEMPTS, Job, Outcome, again
    from grader.core import discover
    from grader.core.results import ExerciseResult, TestResult

    ex = discover.find("ex01")

    def outcome(*statuses: str) -> Outcome:
        tests = [TestResult(name=f"t{i}", max_score=1.0, status=s, passed=s == "passed") for i, s in enumerate(statuses)]
        return Outcome(ExerciseResult(exercise=ex.id, name=ex.name, title="", tests=tests), "graded")

    job = Job("alice", ex, Path("x.py"), key=None)  # type: ignore[arg-type]
    assert again(job, outcome("passed", "not_checked"))
    assert not again(job, outcome("passed", "failed"))  # a verdict is a verdict
    last = Job("alice", ex, Path("x.py"), key=None, attempt=MAX_ATTEMPTS)  # type: ignore[arg-type]
    assert not again(last, outcome("not_checked"))  # the second grading is recorded as it is


# ---- identities: one folder and one set of files per student ------------------------------------------------
def test_ids_that_differ_only_in_a_replaced_character_get_folders_of_their_own(tmp_path):
    ids = ["a b", "a_b", "a:b", "a\nb", ".a_b", "a_b~0", "김 민수", "x" * 300]
    names = [submissions.safe_name(i) for i in ids]
    assert len(set(names)) == len(ids), names
    assert submissions.safe_name("a_b") == "a_b" and submissions.safe_name("alice") == "alice"
    for name in names:
        assert "/" not in name and "\n" not in name and not name.startswith(".")
        assert len(name.encode("utf-8")) <= submissions.MAX_NAME_BYTES
    work = tmp_path / "work"
    one = submissions.prepare("a b", _zip(tmp_path / "a b.zip", {"ex01_metrics.py": b"x = 1\n"}), [EX01], work)
    two = submissions.prepare("a_b", _zip(tmp_path / "a_b.zip", {"ex01_metrics.py": b"x = 2\n"}), [EX01], work)
    assert one.file_for(EX01).read_text() == "x = 1\n" and two.file_for(EX01).read_text() == "x = 2\n"


def test_every_entry_left_out_is_reported_with_its_reason(tmp_path):
    for name in ("Alice", "alice", "_drafts", ".hidden", "bob"):
        (tmp_path / name).mkdir()
    (tmp_path / "carol").symlink_to(tmp_path / "bob")
    (tmp_path / "__MACOSX").mkdir()  # a zip tool's litter: not worth a line
    entries, warnings = submissions.find_entries(tmp_path)
    said = {(k, p.get("name")) for k, p in warnings}
    assert ("batch.ignored_hidden", "_drafts") in said and ("batch.ignored_hidden", ".hidden") in said
    assert ("batch.ignored_link", "carol") in said and not any(n == "__MACOSX" for _, n in said)
    clash = [p for k, p in warnings if k == "batch.id_collision"]
    assert len(clash) == 1 and clash[0]["names"] == "Alice, alice"
    refused = submissions.collisions(entries)
    assert set(refused) == {"Alice", "alice"}
    text = refused["alice"].message("en")
    assert "Alice" in text and "alice" in text and "none of them was graded" in text


@needs_bwrap
def test_batch_grades_ids_that_map_alike_apart(tmp_path):
    subs = tmp_path / "subs"
    subs.mkdir()
    _zip(subs / "a b.zip", {"ex01_metrics.py": EX01.solution.read_bytes()})
    _zip(subs / "a_b.zip", {"ex01_metrics.py": EX01.stub.read_bytes()})
    for name in ("Case", "case"):
        (subs / name).mkdir()
        (subs / name / "ex01_metrics.py").write_bytes(EX01.solution.read_bytes())
    out = tmp_path / "out"
    proc = grade_batch(subs, out, "--format", "gradescope")
    assert proc.returncode == 0, proc.stderr
    book = gradebook(out)
    assert book["a b"]["ex01"] == FULL and book["a_b"]["ex01"] == "0"
    assert book["Case"]["status"] == book["case"]["status"] == "invalid" and book["case"]["ex01"] == "0"
    assert "Case, case" in proc.stderr and "none of them was graded" in proc.stderr
    feedback = sorted(p.name for p in (out / "feedback").iterdir())
    assert len(feedback) == 4 and "a_b.md" in feedback
    assert f"{FULL} / {FULL}" in (out / "feedback" / f"{submissions.safe_name('a b')}.md").read_text(encoding="utf-8")
    scores = {p.parent.name: json.loads(p.read_text(encoding="utf-8"))["score"]
              for p in (out / "gradescope").glob("*/results.json")}
    assert scores[submissions.safe_name("a b")] == EX01.points and scores["a_b"] == 0


def test_names_from_the_submissions_folder_reach_the_terminal_without_control_characters(tmp_path):
    from grader.classroom import batch

    subs, out = tmp_path / "subs", tmp_path / "out"
    subs.mkdir()
    (subs / "title\x1b]0;owned\x07.txt").write_text("")  # ignored, and said so
    (subs / "clip\x1b]52;c;cHduZWQ=\x07").mkdir()  # a student with nothing to grade
    summary = batch.run(subs, out, [EX01], isolation=sandbox.detect_isolation())
    assert summary.warnings and not [w for w in summary.warnings if "\x1b" in w or "\x07" in w]
    bar = batch.BatchProgress(enabled=True, label="Grading")
    bar.enabled = True  # as on a terminal
    bar.update(1, 2, "clip\x1b]52;c;cHduZWQ=\x07\n ex01")
    description = bar.progress.tasks[0].description
    assert "\x1b" not in description and "\n" not in description and "ex01" in description
