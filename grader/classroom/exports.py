"""Exports from a batch's store: the gradebook, the grades as JSON, feedback for each student, and
the class report (per-test and per-concept pass rates: which concept the class missed).

Everything here reads only the store, so ``grade report --out DIR`` rebuilds it all at any time:

* ``gradebook.csv`` — one row per student: id, name, status, notes, one column per exercise, total
  (text cells that a spreadsheet would run as a formula get a leading ``'``: ``safe_text.csv_cell``);
* ``grades.json`` — the same plus every test's score and feedback, and the class statistics;
* ``feedback/<student>.md`` — what a student reads: points per test, and the feedback of failed tests;
* ``report.md`` — the class statistics for the instructor; ``report.html`` — the same and more at a
  glance in a browser (``grader.classroom.html_report``); in both, and in the feedback, ids, names
  and messages are escaped (``safe_text.markdown_inline``, HTML autoescaping): never markup;
* on request, ``junit.xml`` (one suite per student × exercise), ``gradescope/<student>/results.json``,
  and the gradebooks Canvas and Moodle import, ``canvas.csv`` and ``moodle.csv`` (``grader.classroom.lms``).
"""
from __future__ import annotations

import csv
import json
import statistics
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console

from grader.classroom.store import Store, rows_by, to_result
from grader.classroom.submissions import safe_name
from grader.core import i18n
from grader.formats.safe_text import csv_cell, markdown_inline, one_line

PROBLEM_VERDICTS = ("timeout", "crashed", "error", "invalid")
EXTRA_FORMATS = ("junit", "gradescope", "canvas", "moodle")  # written only when asked for


@dataclass
class Class:
    """Everything in a store, arranged per student."""

    meta: dict[str, str]
    exercises: list[dict[str, Any]]  # id, name, title, max_score (sorted by id)
    students: list[dict[str, Any]]  # rows of the students table, plus "gradings": {exercise id: row + tests}
    stats: dict[str, Any] = field(default_factory=dict)


def load(store: Store) -> Class:
    gradings = store.gradings()
    results = store.results()
    tests_of: dict[tuple[str, str], list[dict[str, Any]]] = dict(rows_by(results, "student", "exercise"))
    exercises: dict[str, dict[str, Any]] = {}
    per_student: dict[str, dict[str, Any]] = defaultdict(dict)
    for g in gradings:
        e = exercises.setdefault(g["exercise"], {"id": g["exercise"], "name": g["name"], "title": g["title"],
                                                 "max_score": g["max_score"]})
        e["max_score"] = max(e["max_score"], g["max_score"])
        g = dict(g, tests=tests_of.get((g["student"], g["exercise"]), []))
        per_student[g["student"]][g["exercise"]] = g
    students = []
    for s in store.students():
        s["gradings"] = per_student.get(s["id"], {})
        students.append(s)
    known = {s["id"] for s in students}
    for sid in sorted(set(per_student) - known):  # gradings without a student row (should not happen)
        students.append({"id": sid, "name": "", "entry": "", "kind": "", "on_roster": None, "submitted": 1,
                         "error": "", "notes": [], "gradings": per_student[sid]})
    cls = Class(store.meta(), sorted(exercises.values(), key=lambda e: e["id"]), students)
    cls.stats = class_statistics(cls)
    return cls


def status(student: dict[str, Any]) -> str:
    if not student["submitted"]:
        return "missing"
    if student["error"]:
        return "invalid"
    return "ok"


def notes(student: dict[str, Any]) -> list[str]:
    out = []
    if student.get("on_roster") == 0:
        out.append("not on roster")
    for ex_id, g in sorted(student["gradings"].items()):
        if g["verdict"] not in ("graded",) and student["submitted"] and not student["error"]:
            out.append(f"{ex_id}: {g['verdict']}")
        if g.get("review"):
            out.append(f"{ex_id}: {i18n.t('core.review.gradebook', 'en')}")
    return out + list(student.get("notes") or [])


def totals(cls: Class, student: dict[str, Any]) -> tuple[float, float]:
    score = sum(student["gradings"][e["id"]]["score"] for e in cls.exercises if e["id"] in student["gradings"])
    return round(score, 6), round(sum(e["max_score"] for e in cls.exercises), 6)


def _fmt(x: float) -> str:
    return f"{x:g}"


# ---- statistics ------------------------------------------------------------------------------------
def class_statistics(cls: Class) -> dict[str, Any]:
    present = [s for s in cls.students if s["submitted"]]
    per_exercise = []
    for e in cls.exercises:
        scores = [s["gradings"][e["id"]]["score"] if e["id"] in s["gradings"] else 0.0 for s in present]
        submitted = sum(1 for s in present
                        if s["gradings"].get(e["id"], {}).get("verdict") not in (None, "missing", "invalid"))
        per_exercise.append({
            "id": e["id"], "title": e["title"], "max_score": e["max_score"], "students": len(scores),
            "submitted": submitted,
            "mean": round(statistics.fmean(scores), 4) if scores else 0.0,
            "median": round(statistics.median(scores), 4) if scores else 0.0,
            "full_marks": sum(1 for x in scores if x >= e["max_score"] - 1e-9 and e["max_score"] > 0),
        })
    per_test: dict[tuple[str, str], dict[str, Any]] = {}
    for s in present:
        for ex_id, g in s["gradings"].items():
            if g["verdict"] != "graded":
                continue  # a timeout or an unreadable entry says nothing about a particular test
            for t in g["tests"]:
                if t["max_score"] <= 0:
                    continue
                row = per_test.setdefault((ex_id, t["test"]), {
                    "exercise": ex_id, "test": t["test"], "concept": t["concept"], "visibility": t["visibility"],
                    "max_score": t["max_score"], "students": 0, "passed": 0, "points": 0.0})
                row["students"] += 1
                row["passed"] += int(t["passed"])
                row["points"] += t["score"]
    tests = []
    for row in per_test.values():
        row["pass_rate"] = round(row["passed"] / row["students"], 4)
        row["mean_fraction"] = round(row.pop("points") / (row["students"] * row["max_score"]), 4)
        tests.append(row)
    tests.sort(key=lambda r: (r["pass_rate"], r["exercise"], r["test"]))
    concepts: dict[str, dict[str, Any]] = {}
    for row in tests:
        if row["concept"]:
            c = concepts.setdefault(row["concept"], {"concept": row["concept"], "tests": 0, "students": 0, "passed": 0})
            c["tests"] += 1
            c["students"] += row["students"]
            c["passed"] += row["passed"]
    concept_rows = [dict(c, pass_rate=round(c["passed"] / c["students"], 4))
                    for c in concepts.values() if c["students"]]
    concept_rows.sort(key=lambda r: (r["pass_rate"], r["concept"]))
    problems = [{"student": s["id"], "exercise": ex_id, "verdict": g["verdict"],
                 "message": (g["tests"][0]["message"] if g["tests"] else "")[:300]}
                for s in present for ex_id, g in sorted(s["gradings"].items()) if g["verdict"] in PROBLEM_VERDICTS]
    review = [{"student": s["id"], "exercise": ex_id, "findings": list(g.get("review") or [])}
              for s in present for ex_id, g in sorted(s["gradings"].items()) if g.get("review")]
    return {"students": len(cls.students), "submitted": len(present), "exercises": per_exercise,
            "tests": tests, "concepts": concept_rows, "problems": problems, "review": review}


# ---- files ---------------------------------------------------------------------------------------------
def write_all(out: Path, lang: str | None = None, formats: Iterable[str] = (),
              roster: Path | None = None) -> dict[str, Path]:
    """Write every export of the store in ``out``; return their paths by kind. ``roster`` (a CSV)
    keys the LMS gradebooks instead of the roster the batch kept."""
    from grader.classroom import html_report, lms
    from grader.classroom.batch import FIGURES_DIR

    store = Store.open_existing(out)
    if store is None:
        raise FileNotFoundError(i18n.t("batch.summary.no_store", lang or "en", path=str(out)))
    with store:
        cls = load(store)
    lang = lang or cls.meta.get("lang", "en")
    paths = {"gradebook": write_gradebook(cls, out / "gradebook.csv"),
             "grades": write_json(cls, out / "grades.json"),
             "report": write_report(cls, out / "report.md", lang),
             "html": html_report.write(cls, out / "report.html", lang, out / FIGURES_DIR),
             "feedback": write_feedback(cls, out / "feedback", lang)}
    formats = set(formats)
    if "junit" in formats:
        paths["junit"] = write_junit(cls, out / "junit.xml")
    if "gradescope" in formats:
        paths["gradescope"] = write_gradescope(cls, out / "gradescope", lang)
    for lms_format in sorted(formats & set(lms.FORMATS)):
        paths[lms_format] = lms.write(cls, lms_format, out / f"{lms_format}.csv", lms.roster_of(cls.meta, roster))
    return paths


def _atomic_write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8", newline="")
    tmp.replace(path)
    return path


def gradebook_rows(cls: Class) -> tuple[list[str], list[list[str]]]:
    header = ["student", "name", "status", "notes"] + [e["id"] for e in cls.exercises] + ["total", "max_total"]
    rows = []
    for s in cls.students:
        score, maximum = totals(cls, s)
        cells = [_fmt(s["gradings"][e["id"]]["score"]) if e["id"] in s["gradings"] else "0" for e in cls.exercises]
        rows.append([csv_cell(s["id"]), csv_cell(s["name"] or ""), status(s), csv_cell("; ".join(notes(s)))]
                    + cells + [_fmt(score), _fmt(maximum)])
    return [csv_cell(h) for h in header], rows


def write_gradebook(cls: Class, path: Path) -> Path:
    import io

    header, rows = gradebook_rows(cls)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")  # RFC 4180; with "\n" alone, a cell's "\r" would go unquoted
    w.writerow(header)
    w.writerows(rows)
    return _atomic_write(path, buf.getvalue())


def grades_document(cls: Class) -> dict[str, Any]:
    students = []
    for s in cls.students:
        score, maximum = totals(cls, s)
        students.append({
            "id": s["id"], "name": s["name"] or "", "status": status(s), "notes": notes(s),
            "on_roster": None if s.get("on_roster") is None else bool(s["on_roster"]), "entry": s.get("entry", ""),
            "total": score, "max_total": maximum,
            "exercises": {ex_id: {
                "score": g["score"], "max_score": g["max_score"], "verdict": g["verdict"], "hash": g["hash"],
                "kit_version": g["kit_version"], "graded_at": g["graded_at"], "duration_s": round(g["duration_s"], 3),
                "public_only": bool(g["public_only"]), "error": g["error"], "notes": list(g.get("notes") or []),
                "needs_review": list(g.get("review") or []),
                "tests": [{"name": t["test"], "score": t["score"], "max_score": t["max_score"], "passed": t["passed"],
                           "status": t.get("status") or ("passed" if t["passed"] else "failed"),
                           "message": t["message"], "hints": t["hints"], "concept": t["concept"],
                           "visibility": t["visibility"]} for t in g["tests"]],
            } for ex_id, g in sorted(s["gradings"].items())},
        })
    return {"kit_version": cls.meta.get("kit_version", ""), "lang": cls.meta.get("lang", ""),
            "generated": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "exercises": cls.exercises,
            "students": students, "statistics": cls.stats}


def write_json(cls: Class, path: Path) -> Path:
    return _atomic_write(path, json.dumps(grades_document(cls), ensure_ascii=False, indent=2) + "\n")


def _fence(text: str) -> str:
    """A fenced block that no backticks in ``text`` can close early."""
    ticks = 3
    while "`" * ticks in text:
        ticks += 1
    fence = "`" * ticks
    return f"{fence}text\n{text}\n{fence}"


def _cell(text: str) -> str:
    """The kit's own text (a test's name, a title) in a Markdown table cell; untrusted text is
    ``markdown_inline``'s."""
    return one_line(text.replace("\r\n", " ").replace("\n", " ")).replace("|", "\\|")


def feedback_markdown(cls: Class, student: dict[str, Any], lang: str) -> str:
    t = lambda key, **kw: i18n.t(f"batch.feedback.{key}", lang, **kw)  # noqa: E731
    who = markdown_inline(student["id"]) + (f" ({markdown_inline(student['name'])})" if student["name"] else "")
    score, maximum = totals(cls, student)
    lines = [f"# {t('title', student=who)}", "", f"**{t('total', score=_fmt(score), max_score=_fmt(maximum))}**", ""]
    if not student["submitted"]:
        return "\n".join(lines + [t("no_submission"), ""])
    if student["error"]:
        lines += [markdown_inline(student["error"]), ""]
    hidden_seen = False
    for e in cls.exercises:
        g = student["gradings"].get(e["id"])
        if g is None:
            continue
        lines += [f"## {e['id']} · {g['title']} — {_fmt(g['score'])} / {_fmt(g['max_score'])}", ""]
        lines += [f"| | {i18n.t('core.report.test', lang)} | {i18n.t('core.report.points', lang)} |", "|---|---|---:|"]
        for test in g["tests"]:
            mark = "✔" if test["passed"] else "✘"
            hidden = test["visibility"] == "hidden" and g["verdict"] == "graded"
            hidden_seen |= hidden
            label = _cell(test["test"]) + (f" ({t('hidden')})" if hidden else "")
            lines.append(f"| {mark} | {label} | {_fmt(test['score'])} / {_fmt(test['max_score'])} |")
        lines.append("")
        lines += [f"_{_cell(note)}_" for note in g.get("notes") or []] + ([""] if g.get("notes") else [])
        failed = [x for x in g["tests"] if not x["passed"] and x["message"]]
        if g["public_only"]:
            lines += [i18n.t("core.public_only", lang), ""]
        if not failed:
            lines += [t("all_passed"), ""]
            continue
        lines += [f"### {t('details')}", ""]
        messages = {x["message"] for x in failed}
        if len(messages) == 1 and len(failed) > 1:  # one cause for everything: say it once
            lines += [_fence(failed[0]["message"]), ""]
            continue
        for x in failed:
            lines += [f"**✘ {x['test']}** ({_fmt(x['score'])} / {_fmt(x['max_score'])})", "", _fence(x["message"]), ""]
    if hidden_seen:
        lines += [f"_{t('hidden_note')}_", ""]
    return "\n".join(lines)


def write_feedback(cls: Class, folder: Path, lang: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for s in cls.students:
        _atomic_write(folder / f"{safe_name(s['id'])}.md", feedback_markdown(cls, s, lang))
    return folder


def _concept_label(key: str | None, lang: str) -> str:
    if not key:
        return ""
    return i18n.t(key, lang) if i18n.has(key) else key


def report_markdown(cls: Class, lang: str) -> str:
    t = lambda key, **kw: i18n.t(f"batch.stats.{key}", lang, **kw)  # noqa: E731
    st = cls.stats
    lines = [f"# {t('title')}", "", t("students", present=st["submitted"], students=st["students"]), ""]
    lines += [f"| {t('exercise')} | {t('submitted')} | {t('mean')} | {t('median')} | {t('full')} |",
              "|---|---:|---:|---:|---:|"]
    for e in st["exercises"]:
        lines.append(f"| {e['id']} · {_cell(e['title'])} | {e['submitted']} / {e['students']} | "
                     f"{e['mean']:.2f} / {_fmt(e['max_score'])} | {_fmt(e['median'])} | {e['full_marks']} |")
    lines += ["", f"## {t('by_test')}", "",
              f"| {t('test')} | {t('pass_rate')} | {t('concept')} |", "|---|---:|---|"]
    for r in st["tests"]:
        vis = "" if r["visibility"] == "public" else f" ({i18n.t('batch.feedback.hidden', lang)})"
        lines.append(f"| {r['exercise']} · {_cell(r['test'])}{vis} "
                     f"| {r['pass_rate']:.0%} ({r['passed']}/{r['students']}) "
                     f"| {_cell(_concept_label(r['concept'], lang))} |")
    if st["concepts"]:
        lines += ["", f"## {t('by_concept')}", "", f"| {t('concept')} | {t('pass_rate')} |", "|---|---:|"]
        for c in st["concepts"]:
            lines.append(f"| {_cell(_concept_label(c['concept'], lang))} | {c['pass_rate']:.0%} |")
    if st["problems"]:
        lines += ["", f"## {t('problems')}", ""]
        for p in st["problems"]:
            lines.append(f"- {markdown_inline(p['student'])} · {p['exercise']}: {p['verdict']} — "
                         f"{markdown_inline(p['message'])}")
    if st.get("review"):
        from grader.formats.text import review_findings

        lines += ["", f"## {i18n.t('core.review.heading', lang).rstrip(':')}", ""]
        for r in st["review"]:
            lines.append(f"- {markdown_inline(r['student'])} · {r['exercise']}: "
                         + "; ".join(markdown_inline(x) for x in review_findings(r["findings"], lang)))
    return "\n".join(lines) + "\n"


def write_report(cls: Class, path: Path, lang: str) -> Path:
    return _atomic_write(path, report_markdown(cls, lang))


def _student_results(cls: Class, student: dict[str, Any]) -> list[Any]:
    return [to_result(g, g["tests"]) for _, g in sorted(student["gradings"].items())]


def write_junit(cls: Class, path: Path) -> Path:
    from grader.formats.ci import junit_xml

    suites = [(f"{s['id']}.{r.exercise}", r) for s in cls.students for r in _student_results(cls, s)]
    return _atomic_write(path, junit_xml(suites, name="grade batch"))


def gradescope_documents(cls: Class, lang: str) -> dict[str, Any]:
    from grader.formats.ci import gradescope

    return {s["id"]: gradescope(_student_results(cls, s), lang) for s in cls.students if s["submitted"]}


def write_gradescope(cls: Class, folder: Path, lang: str) -> Path:
    for sid, doc in gradescope_documents(cls, lang).items():
        _atomic_write(folder / safe_name(sid) / "results.json", json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    return folder


def stdout_document(out: Path, fmt: str, lang: str, paths: dict[str, Path]) -> str:
    """What ``grade batch``/``grade report`` print with ``--format json|junit|gradescope``."""
    if fmt == "json":
        return paths["grades"].read_text(encoding="utf-8")
    if fmt == "junit":
        return paths["junit"].read_text(encoding="utf-8")
    if fmt in ("canvas", "moodle"):
        return paths[fmt].read_text(encoding="utf-8")
    if fmt == "gradescope":
        store = Store.open_existing(out)
        assert store is not None
        with store:
            cls = load(store)
        return json.dumps(gradescope_documents(cls, lang), ensure_ascii=False, indent=2) + "\n"
    raise ValueError(fmt)


def print_report(out: Path, lang: str, console: Console | None = None, hardest: int = 8) -> None:
    """The class statistics as tables on the terminal."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    console = console or Console()
    store = Store.open_existing(out)
    if store is None:
        console.print(i18n.t("batch.summary.no_store", lang, path=str(out)), markup=False)
        return
    with store:
        cls = load(store)
    t = lambda key, **kw: i18n.t(f"batch.stats.{key}", lang, **kw)  # noqa: E731
    st = cls.stats
    table = Table(title=f"{t('title')} · {t('students', present=st['submitted'], students=st['students'])}",
                  box=box.SIMPLE_HEAVY, title_justify="left")
    for col, justify in ((t("exercise"), "left"), (t("submitted"), "right"), (t("mean"), "right"),
                         (t("median"), "right"), (t("full"), "right")):
        table.add_column(col, justify=justify)  # type: ignore[arg-type]
    for e in st["exercises"]:
        table.add_row(Text(f"{e['id']} · {e['title']}"), f"{e['submitted']}/{e['students']}",
                      f"{e['mean']:.2f} / {_fmt(e['max_score'])}", _fmt(e["median"]), str(e["full_marks"]))
    console.print(table)
    if st["tests"]:
        hard = Table(title=i18n.t("batch.summary.hardest", lang), box=box.SIMPLE_HEAVY, title_justify="left")
        hard.add_column(t("test"))
        hard.add_column(t("pass_rate"), justify="right")
        hard.add_column(t("concept"))
        for r in st["tests"][:hardest]:
            hard.add_row(Text(f"{r['exercise']} · {r['test']}"), f"{r['pass_rate']:.0%}",
                         Text(_concept_label(r["concept"], lang)))
        console.print(hard)


def command(out: Path, fmt: str, lang: str | None, roster: Path | None = None) -> int:
    """``grade report``: rebuild every export from the store in ``out``."""
    import sys

    err = Console(stderr=True, highlight=False, markup=False, soft_wrap=True)
    store = Store.open_existing(out)
    if store is None:
        err.print(i18n.t("batch.summary.no_store", lang or i18n.default_lang(), path=str(out)), style="red")
        return 2
    with store:
        lang = lang or store.meta().get("lang") or i18n.default_lang()
    paths = write_all(out, lang, formats=(fmt,) if fmt in EXTRA_FORMATS else (), roster=roster)
    if fmt == "text":
        print_report(out, lang, Console())
        err.print(i18n.t("batch.summary.files", lang, path=str(out)))
    else:
        sys.stdout.write(stdout_document(out, fmt, lang, paths))
    return 0
