"""Grade a whole class: every student × exercise, in parallel, into a durable store.

The pipeline per student is the one of ``grade EXERCISE``: the same ``engine.grade_exercise``, the
same isolated child, the same limits. Around it:

* ``submissions`` turns each entry (folder, zip, notebook) into one file per exercise;
* a pool of grader workers (separate processes, one per ``--jobs``) grades one student × exercise
  at a time; worker ``k`` uses slot ``k`` so its children run under their own uid. A grading that
  outlives the time budget is killed with its whole process tree and recorded as a timeout; a
  worker that dies is replaced; either way the batch goes on;
* the parent alone writes to the store, one transaction per student × exercise, so a kill at any
  moment loses nothing already committed, and a re-run skips what was graded from the same file
  (same hash, same kit version, same tests) unless ``force``.
"""
from __future__ import annotations

import ctypes
import dataclasses
import hashlib
import multiprocessing
import multiprocessing.connection
import os
import signal
import sys
import time
import traceback
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from grader.classroom import submissions
from grader.classroom.store import STORE_NAME, Key, Store
from grader.core import i18n
from grader.core.discover import Exercise
from grader.core.results import ExerciseResult, TestResult
from grader.formats.safe_text import one_line, printable
from grader.isolation import cputime, sandbox

WORK_DIR = ".work"  # under --out: zips unpacked and notebooks extracted for this run
FIGURES_DIR = "figures"  # under --out: one folder per student for the exercises' report figures
JOBS_PER_WORKER = 200  # a worker is replaced after this many gradings, to bound its memory
MAX_ATTEMPTS = 2  # a grading with a "not checked" test is graded again once (see ``again``)
DEFAULT_TIMEOUT_S = 600.0
STARTUP_GRACE_S = 120.0  # a fresh worker's imports, before the time budget of its first job starts


def kit_version() -> str:
    try:
        from importlib.metadata import version

        return version("dl-exercise-kit")
    except Exception:
        from grader import __version__

        return __version__


def tests_hash(exercise: Exercise, lang: str) -> str:
    """The exercise's tests (and the feedback language): a change regrades."""
    h = hashlib.sha256(lang.encode())
    for path in sorted(exercise.test_files):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


@dataclass
class Job:
    student: str
    exercise: Exercise
    file: Path
    key: Key
    figures: Path | None = None  # where the exercise writes its report figures (out/figures/<student>)
    attempt: int = 1  # a grading with a "not checked" test is graded once more before it is recorded
    options: dict[str, Any] | None = None  # this job's grading options beyond the pool's (plain data)


@dataclass
class Summary:
    students: int = 0
    graded: int = 0
    skipped: int = 0
    missing: int = 0
    invalid: int = 0
    timeouts: int = 0
    crashed: int = 0
    errors: int = 0
    elapsed_s: float = 0.0
    grading_s: float = 0.0  # time inside engine.grade_exercise, summed over gradings
    warnings: list[str] = field(default_factory=list)

    @property
    def problems(self) -> int:
        return self.timeouts + self.crashed + self.errors

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


# ---- the batch -------------------------------------------------------------------------------------
def run(submissions_dir: Path, out: Path, exercises: list[Exercise], *, jobs: int | None = None,
        timeout: float = DEFAULT_TIMEOUT_S, lang: str = "en", isolation: sandbox.Isolation | None = None,
        options: dict[str, Any] | None = None, force: bool = False, roster: dict[str, str] | None = None,
        progress: Callable[[int, int, str], None] | None = None, executor: Any = None) -> Summary:
    """Grade every entry of ``submissions_dir`` for ``exercises``; results go to ``out/grades.sqlite``.

    ``executor`` runs the queue (``.run(queue, on_result, progress)``): by default a local ``Pool`` of
    ``jobs`` grading processes; ``distributed.DaskExecutor`` sends it to a Dask cluster instead."""
    started = time.perf_counter()
    iso = isolation or sandbox.detect_isolation()
    summary = Summary()
    version = kit_version()
    work = out / WORK_DIR
    submissions.clear(work)
    entries, warnings = submissions.find_entries(submissions_dir)
    summary.warnings = [i18n.t(k, lang, **{name: one_line(v) for name, v in p.items()}) for k, p in warnings]
    summary.students = len(entries)
    t_hash = {ex.name: tests_hash(ex, lang) for ex in exercises}
    queue: list[Job] = []
    with Store(out / STORE_NAME) as store:
        store.set_meta(lang=lang, kit_version=version, isolation=iso.describe(),
                       submissions=str(submissions_dir.resolve()), updated=time.strftime("%Y-%m-%dT%H:%M:%S%z"))
        for sid, name in (roster or {}).items():
            store.put_student(sid, name=name, on_roster=True)
        refused = submissions.collisions(entries)  # ids one file system would merge: neither is graded
        for sid, path in entries:
            if sid in refused:
                entry = submissions.Entry(sid, path, submissions.kind_of(path), error=refused[sid])
            else:
                entry = submissions.prepare(sid, path, exercises, work)
            error = entry.error.message(lang) if entry.error else ""
            store.put_student(sid, entry=path.name, kind=entry.kind, submitted=True, error=error, notes=entry.notes,
                              on_roster=(sid in roster) if roster is not None else None)
            for ex in exercises:
                file = entry.file_for(ex)
                if entry.error is not None:
                    digest = "invalid:" + hashlib.sha256(error.encode()).hexdigest()[:16]
                    store.save(sid, _placeholder(ex, lang, error), "invalid", Key(digest, version, t_hash[ex.name]))
                    summary.invalid += 1
                elif file is None:
                    msg = i18n.t("batch.missing_exercise", lang, exercise=ex.id, file=f"{ex.name}.py")
                    store.save(sid, _placeholder(ex, lang, msg), "missing", Key("missing", version, t_hash[ex.name]))
                    summary.missing += 1
                else:
                    key = Key(entry.hashes[ex.name], version, t_hash[ex.name])
                    if not force and store.is_current(sid, ex.id, key):
                        summary.skipped += 1
                    else:
                        queue.append(Job(sid, ex, file, key, out / FIGURES_DIR / submissions.safe_name(sid)))

        def on_result(job: Job, result: ExerciseResult, verdict: str) -> None:
            store.save(job.student, result, verdict, job.key)
            summary.grading_s += result.duration_s if verdict == "graded" else 0.0
            attr = {"graded": "graded", "timeout": "timeouts", "crashed": "crashed", "error": "errors"}[verdict]
            setattr(summary, attr, getattr(summary, attr) + 1)

        try:
            if queue and executor is not None:
                executor.run(queue, on_result, progress)
            elif queue:
                n = min(jobs or len(os.sched_getaffinity(0)) or 1, len(queue))
                Pool(n, iso, lang, options or {}, timeout).run(queue, on_result, progress)
        finally:
            submissions.clear(work)
    summary.elapsed_s = time.perf_counter() - started
    return summary


def _placeholder(ex: Exercise, lang: str, message: str) -> ExerciseResult:
    """A zero-score result for an exercise that could not be graded, with the reason as its feedback."""
    return ExerciseResult(exercise=ex.id, name=ex.name, title=ex.title(lang), public_only=not ex.has_hidden,
                          tests=[TestResult(name="submission", max_score=ex.points, message=message)])


# ---- the pool of grader workers ---------------------------------------------------------------------
class _Worker:
    def __init__(self, ctx: Any, slot: int, config: dict[str, Any]) -> None:
        self.slot = slot
        self.conn, child_conn = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(child_conn, slot, config), daemon=True,
                                name=f"grade-worker-{slot}")
        self.proc.start()
        child_conn.close()
        self.job: Job | None = None
        self.deadline = cputime.Deadline(None, 0.0)
        self.done = 0

    def assign(self, job: Job, timeout: float) -> None:
        """Send a job; its time budget starts when the worker says it started (see ``started``)."""
        self.job = job
        self.deadline = cputime.Deadline(self.proc.pid, timeout + STARTUP_GRACE_S)
        self.conn.send({"exercise": job.exercise.name, "file": str(job.file),
                        "figures": str(job.figures) if job.figures else None, "options": job.options or {}})

    def kill(self) -> None:
        kill_tree(self.proc.pid)
        self.proc.join(5)
        self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.proc.join(2)
        if self.proc.is_alive():
            self.kill()
        else:
            self.conn.close()


class Pool:
    def __init__(self, size: int, isolation: sandbox.Isolation, lang: str, options: dict[str, Any],
                 timeout: float) -> None:
        self.size = size
        self.timeout = timeout
        cores = os.cpu_count() or 1
        self.config = {"isolation": isolation, "lang": lang, "options": options, "timeout": timeout,
                       "child_threads": os.environ.get("GRADE_CHILD_THREADS") or str(max(1, cores // size))}
        self.lang = lang
        self.ctx = multiprocessing.get_context("spawn")

    def run(self, queue: list[Job], on_result: Callable[[Job, ExerciseResult, str], None],
            progress: Callable[[int, int, str], None] | None = None) -> None:
        pending = deque(queue)
        total, finished = len(queue), 0
        workers = [_Worker(self.ctx, slot, self.config) for slot in range(1, self.size + 1)]

        def finish(w: _Worker, result: ExerciseResult, verdict: str) -> None:
            nonlocal finished
            job, w.job = w.job, None
            assert job is not None
            on_result(job, result, verdict)
            finished += 1
            if progress:
                progress(finished, total, f"{job.student} {job.exercise.id}")

        def replace(w: _Worker) -> _Worker:
            w.kill()
            fresh = _Worker(self.ctx, w.slot, self.config)
            workers[workers.index(w)] = fresh
            return fresh

        try:
            if progress:
                progress(0, total, "")
            while pending or any(w.job for w in workers):
                for w in workers:
                    if w.job is None and pending:
                        if w.done >= JOBS_PER_WORKER:
                            w.stop()
                            w = replace(w)
                        job = pending.popleft()
                        try:
                            w.assign(job, self.timeout)
                        except OSError:  # the idle worker had died: put the job back, start a new one
                            pending.appendleft(job)
                            w.job = None
                            replace(w)
                busy = [w for w in workers if w.job is not None]
                if not busy:
                    continue
                wait_s = max(0.0, min(min(w.deadline.remaining() for w in busy), 1.0))
                ready = multiprocessing.connection.wait([w.conn for w in busy] + [w.proc.sentinel for w in busy],
                                                        wait_s)
                for w in busy:
                    job = w.job
                    assert job is not None
                    if w.conn in ready or w.proc.sentinel in ready:
                        outcome = _receive(w, job, self.timeout, self.lang)
                    elif w.deadline.remaining() <= 0:
                        outcome = _timed_out(job, self.timeout, self.lang)
                    else:
                        continue
                    if outcome is not None:
                        if outcome.replace_worker:
                            replace(w)
                        if again(job, outcome):
                            w.job = None
                            pending.appendleft(dataclasses.replace(job, attempt=job.attempt + 1))
                            continue
                        finish(w, outcome.result, outcome.verdict)
        finally:
            for w in workers:
                if w.job is not None:
                    w.kill()
                else:
                    w.stop()


@dataclass
class Outcome:
    """How one job on one grading process ended."""

    result: ExerciseResult
    verdict: str
    replace_worker: bool = False  # the grading process died or was killed: start a fresh one


def _receive(w: _Worker, job: Job, timeout: float, lang: str) -> Outcome | None:
    """Read what the worker sent for ``job``: None while it is still grading (it said it started)."""
    msg = None
    try:
        if w.conn.poll():
            msg = w.conn.recv()
    except (EOFError, OSError):
        msg = None
    if msg is not None and msg.get("started"):
        w.deadline = cputime.Deadline(w.proc.pid, timeout)
        return None
    if msg is None:
        w.proc.join(1)
        detail = _exit_detail(w.proc.exitcode)
        return Outcome(_failed(job, lang, "batch.crashed", "crashed", detail=detail), "crashed", True)
    w.done += 1
    if msg.get("ok"):
        return Outcome(result_from_plain(msg["result"]), "graded")
    return Outcome(_failed(job, lang, "batch.kit_error", "error", detail=msg.get("error", "")), "error")


def again(job: Job, outcome: Outcome) -> bool:
    """Grade once more: the first grading had a test that could not observe what it checks (the
    machine, not the code, may have been the cause); the second is recorded whatever it says."""
    return job.attempt < MAX_ATTEMPTS and any(t.status == "not_checked" for t in outcome.result.tests)


def _timed_out(job: Job, timeout: float, lang: str) -> Outcome:
    return Outcome(_failed(job, lang, "batch.timeout", "timeout", seconds=f"{timeout:g}"), "timeout", True)


def run_one(w: _Worker, job: Job, timeout: float, lang: str) -> Outcome:
    """Grade one job on one grading process, waiting for it (the Dask task's way of using a worker)."""
    try:
        w.assign(job, timeout)
    except OSError:
        return Outcome(_failed(job, lang, "batch.crashed", "crashed", detail="the grading process had died"),
                       "crashed", True)
    while True:
        wait_s = max(0.0, min(w.deadline.remaining(), 1.0))
        ready = multiprocessing.connection.wait([w.conn, w.proc.sentinel], wait_s)
        if ready:
            outcome = _receive(w, job, timeout, lang)
            if outcome is not None:
                w.job = None
                if outcome.replace_worker:
                    w.kill()
                return outcome
        elif w.deadline.remaining() <= 0:
            w.kill()
            return _timed_out(job, timeout, lang)


def _failed(job: Job, lang: str, key: str, verdict: str, **params: Any) -> ExerciseResult:
    """The record of a grading that did not finish: zero points, the reason as feedback."""
    ex = job.exercise
    detail = str(params.get("detail", ""))
    if verdict == "error":  # a traceback of the kit is for the instructor, not the student
        params["detail"] = detail.strip().splitlines()[-1][:300] if detail.strip() else "?"
    return ExerciseResult(
        exercise=ex.id, name=ex.name, title=ex.title(lang), public_only=not ex.has_hidden,
        error=detail[-3000:] if verdict == "error" else None,
        tests=[TestResult(name="submission", max_score=ex.points, message=i18n.t(key, lang, **params))])


def _exit_detail(code: int | None) -> str:
    if code is None:
        return "no exit status"
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"signal {-code}"
    return f"exit status {code}"


def result_from_plain(d: dict[str, Any]) -> ExerciseResult:
    d = dict(d)
    d["tests"] = [TestResult(**t) for t in d.get("tests", [])]
    return ExerciseResult(**d)


# ---- inside a worker ---------------------------------------------------------------------------------
def _die_with_parent() -> None:
    """Linux: the kernel kills this worker (and so its sandboxes) if the batch process dies."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _worker_main(conn: Any, slot: int, config: dict[str, Any]) -> None:
    parent = os.getppid()
    _die_with_parent()
    if os.getppid() != parent:
        return
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the batch's to handle
    os.environ["GRADE_CHILD_THREADS"] = str(config["child_threads"])
    from grader.core import discover, engine

    lang = config["lang"]
    timeout = float(config["timeout"])
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        try:
            conn.send({"started": True})
        except (OSError, ValueError):
            return
        try:
            ex = discover.find(job["exercise"])
            caps = {k: min(getattr(ex.limits, k), timeout) for k in ("call_timeout_s", "import_timeout_s", "grading_s")}
            res = engine.grade_exercise(ex, Path(job["file"]), lang=lang, isolation=config["isolation"], slot=slot,
                                        public_only=not ex.has_hidden, limits=caps,
                                        options={**config["options"], **job.get("options", {}),
                                                 "figures": job.get("figures")})
            msg: dict[str, Any] = {"ok": True, "result": dataclasses.asdict(res)}
        except Exception:
            msg = {"ok": False, "error": traceback.format_exc()[-3000:]}
        try:
            conn.send(msg)
        except (OSError, ValueError):
            return


# ---- processes -------------------------------------------------------------------------------------
def kill_tree(pid: int) -> None:
    """SIGKILL ``pid`` and every process below it (children started in their own sessions too)."""
    for p in cputime.tree(pid) if os.path.isdir("/proc") else [pid]:
        try:
            os.kill(p, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


# ---- the command ---------------------------------------------------------------------------------------
def read_roster(path: Path) -> dict[str, str]:
    """``id -> name`` from a roster CSV (``grader.classroom.roster``: a header naming an id column and
    optionally a name column, or no header: id, name)."""
    from grader.classroom import roster

    return {sid: entry.name for sid, entry in roster.read(path).items()}


def command(submissions_dir: Path, exercises: list[Exercise], *, out: Path, jobs: int | None, timeout: float,
            roster_path: Path | None, force: bool, unsafe: bool, fmt: str, lang: str, isolation: str,
            device: str, scheduler: str | None = None, cluster: str | None = None) -> int:
    """``grade batch``: exit 0 when every submission was graded (whatever the scores), 1 when some
    grading failed for a reason other than the submission (see the report), 2 when refused."""
    from rich.console import Console

    from grader.classroom import exports

    err = Console(stderr=True, highlight=False, markup=False, soft_wrap=True)
    iso = sandbox.detect_isolation(isolation)
    if not iso.isolated:
        if not unsafe:
            err.print(i18n.t("batch.not_isolated", lang, layer=iso.layer), style="red")
            return 2
        err.print(i18n.t("batch.unsafe", lang, layer=iso.layer), style="yellow")
    roster = read_roster(roster_path) if roster_path else None
    entries, _ = submissions.find_entries(submissions_dir)
    if not entries and not roster:
        err.print(i18n.t("batch.no_entries", lang, path=str(submissions_dir)), style="red")
        return 2
    executor, client, local = None, None, None
    if scheduler or cluster:
        from grader.classroom import distributed

        try:
            client, local = distributed.connect(scheduler, cluster)
            executor = distributed.DaskExecutor(client, exercises, lang, {"device": device}, timeout,
                                                warn=lambda text: err.print(text, style="yellow"))
        except distributed.ClusterError as exc:
            err.print(str(exc), style="red")
            _close(client, local)
            return 2
    try:
        with BatchProgress(enabled=fmt == "text", label=i18n.t("batch.progress", lang)) as bar:
            summary = run(submissions_dir, out, exercises, jobs=jobs, timeout=timeout, lang=lang, isolation=iso,
                          options={"device": device}, force=force, roster=roster, progress=bar.update,
                          executor=executor)
    finally:
        _close(client, local)
    for w in summary.warnings:
        err.print(printable(w), style="yellow", markup=False)
    if roster_path:  # its other columns (SIS ids, e-mail, section) key the LMS exports
        from grader.classroom import roster as roster_file

        roster_file.keep(out, roster_file.read(roster_path))
    paths = exports.write_all(out, lang, formats=(fmt,) if fmt in ("junit", "gradescope") else ())
    if fmt == "text":
        err.print(i18n.t("batch.summary.graded", lang, graded=summary.graded, skipped=summary.skipped,
                         missing=summary.missing + summary.invalid, problems=summary.problems,
                         seconds=f"{summary.elapsed_s:.1f}"))
        exports.print_report(out, lang, Console())
        err.print(i18n.t("batch.summary.files", lang, path=str(out)))
    else:
        sys.stdout.write(exports.stdout_document(out, fmt, lang, paths))
    return 1 if summary.crashed or summary.errors else 0


def _close(client: Any, cluster: Any) -> None:
    if client is not None or cluster is not None:
        from grader.classroom import distributed

        distributed.close(client, cluster)


class BatchProgress:
    """A progress bar with ETA on stderr (only on a terminal)."""

    def __init__(self, enabled: bool, label: str) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        console = Console(stderr=True)
        self.enabled = enabled and console.is_terminal
        self.lines = enabled and not console.is_terminal  # in CI logs: a line at every tenth of the way
        self.label = label
        self.started = time.monotonic()
        self.last_tenth = 0
        self.progress = Progress(TextColumn("{task.description}", markup=False), BarColumn(), MofNCompleteColumn(),
                                 TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(), console=console,
                                 transient=True)
        self.task: Any = None

    def __enter__(self) -> BatchProgress:
        if self.enabled:
            self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.enabled:
            self.progress.stop()

    def update(self, done: int, total: int, last: str) -> None:
        if self.lines and total and done:
            tenth = done * 10 // total
            if tenth > self.last_tenth:
                self.last_tenth = tenth
                elapsed = time.monotonic() - self.started
                eta = elapsed / done * (total - done)
                print(f"{self.label} {done}/{total}  {elapsed:.0f} s  ETA {eta:.0f} s", file=sys.stderr, flush=True)
        if not self.enabled:
            return
        if self.task is None:
            self.task = self.progress.add_task(self.label, total=total)
        self.progress.update(self.task, completed=done, total=total,
                             description=one_line(f"{self.label} {last}".strip()))
