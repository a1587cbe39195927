"""``grade batch`` on Dask distributed: the same grades as the local pool, a killed worker's task
retried, a mismatched worker refused, a killed coordinator resumed."""
from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from grader.authoring import mutants
from grader.classroom import batch, distributed
from grader.classroom.store import Store
from grader.core import discover
from grader.isolation import sandbox

pytest.importorskip("distributed")

ROOT = Path(__file__).resolve().parent.parent
EX01 = discover.find("ex01")
ISO = sandbox.detect_isolation()
pytestmark = pytest.mark.skipif(not ISO.isolated, reason="batch grading needs bubblewrap")


def _class(root: Path, slow_import_s: float = 0.0) -> Path:
    """Six students of ex01: the reference, the stub, three catalogued mistakes, and a slow importer."""
    subs = root / "subs"
    for sid in ("ref", "stub", "m0", "m1", "m2", "slow"):
        (subs / sid).mkdir(parents=True)
    (subs / "ref" / "ex01_metrics.py").write_bytes(EX01.solution.read_bytes())
    (subs / "stub" / "ex01_metrics.py").write_bytes(EX01.stub.read_bytes())
    for i, m in enumerate(EX01.mutants()[:3]):
        mutants.write_mutant(EX01.solution, m, subs / f"m{i}")
    delay = f"\nimport time\ntime.sleep({slow_import_s})\n" if slow_import_s else ""
    (subs / "slow" / "ex01_metrics.py").write_text(EX01.solution.read_text(encoding="utf-8") + delay,
                                                  encoding="utf-8")
    return subs


def _rows(out: Path) -> list[tuple]:
    with Store(out / "grades.sqlite") as store:
        grades = {(g["student"], g["exercise"]): (g["score"], g["verdict"]) for g in store.gradings()}
        tests = [(r["student"], r["exercise"], r["position"], r["test"], r["score"], r["status"], r["message"],
                  tuple(r["hints"])) for r in store.results()]
    return sorted(grades.items()) + tests


@pytest.fixture(scope="module")
def cluster():
    client, local = distributed.connect(None, "local:2")
    yield client
    client.close()
    local.close()


def _run(subs: Path, out: Path, executor=None, jobs: int = 2) -> batch.Summary:
    return batch.run(subs, out, [EX01], jobs=jobs, timeout=120, lang="en", isolation=ISO, executor=executor)


def test_a_local_cluster_grades_exactly_like_the_local_pool(tmp_path, cluster):
    subs = _class(tmp_path)
    pool = _run(subs, tmp_path / "pool")
    dask = _run(subs, tmp_path / "dask", distributed.DaskExecutor(cluster, [EX01], "en", {}, 120, warn=print))
    assert pool.graded == dask.graded == 6 and dask.crashed == dask.errors == 0
    assert _rows(tmp_path / "pool") == _rows(tmp_path / "dask")


def test_a_worker_killed_mid_task_has_its_task_retried(tmp_path, cluster):
    subs = _class(tmp_path, slow_import_s=6.0)
    executor = distributed.DaskExecutor(cluster, [EX01], "en", {}, 120, warn=print)
    summary: dict = {}
    thread = threading.Thread(target=lambda: summary.setdefault("s", _run(subs, tmp_path / "out", executor)))
    thread.start()
    pids = cluster.run(os.getpid)
    killed = None
    deadline = time.monotonic() + 60
    while killed is None and time.monotonic() < deadline:
        for address, keys in cluster.processing().items():
            if any("grade-slow-" in str(k) for k in keys):
                time.sleep(1.0)  # inside the slow import
                os.kill(pids[address], signal.SIGKILL)
                killed = address
                break
        time.sleep(0.1)
    thread.join(240)
    assert killed is not None, "the slow task was never seen running"
    s = summary["s"]
    assert s.graded == 6 and s.crashed == 0, s
    with Store(tmp_path / "out" / "grades.sqlite") as store:
        assert store.count("gradings") == 6
        assert store.exercise_result("slow", "ex01").score == EX01.points  # graded on its second try


def test_a_worker_with_other_tests_is_refused(tmp_path, cluster):
    """A worker whose checkout has a changed hidden test is named and gets no task."""
    other = tmp_path / "kit"
    for name in ("grader", "exercises", "solutions"):
        shutil.copytree(ROOT / name, other / name, ignore=shutil.ignore_patterns("__pycache__", "*.gz"))
    shutil.copyfile(ROOT / "pyproject.toml", other / "pyproject.toml")
    hidden = other / "grader" / "exercises" / EX01.name / "test_hidden.py"
    hidden.write_text(hidden.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    address = cluster.scheduler.address
    env = dict(os.environ, DASK_DISTRIBUTED__WORKER__DAEMON="False", PYTHONPATH=str(other))
    proc = subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_worker", address, "--nthreads", "1",
                             "--no-nanny", "--name", "stranger", "--no-dashboard"], cwd=other, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while len(cluster.scheduler_info()["workers"]) < 3 and time.monotonic() < deadline:
            time.sleep(0.2)
        warnings: list[str] = []
        executor = distributed.DaskExecutor(cluster, [EX01], "en", {}, 120, warn=warnings.append)
        assert len(executor.workers) == 2
        assert len(warnings) == 1 and "different tests for ex01_metrics" in warnings[0]
        subs = _class(tmp_path)
        summary = _run(subs, tmp_path / "out", executor)
        assert summary.graded == 6
    finally:
        proc.kill()
        proc.wait(10)


def test_a_killed_coordinator_resumes(tmp_path):
    subs = _class(tmp_path, slow_import_s=3.0)
    for i in range(4):
        shutil.copytree(subs / "slow", subs / f"slow{i}")
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "grader.cli", "batch", str(subs), "--exercises", "ex01", "--out", str(out),
           "--cluster", "local:2", "--lang", "en"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.monotonic() + 120
    committed = 0
    while time.monotonic() < deadline and committed < 2:
        time.sleep(0.3)
        try:
            with sqlite3.connect(out / "grades.sqlite") as db:
                committed = db.execute("SELECT COUNT(*) FROM gradings").fetchone()[0]
        except sqlite3.Error:
            committed = 0
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(30)
    assert 2 <= committed < 10, committed
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert f"{committed} already graded" in done.stderr or "already graded" in done.stderr
    with Store(out / "grades.sqlite") as store:
        assert store.count("gradings") == 10 and {g["verdict"] for g in store.gradings()} == {"graded"}
