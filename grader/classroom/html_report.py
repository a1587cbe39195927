"""``report.html``: the class at a glance, in one self-contained file a browser opens from disk.

Built from the store alone (like every export, ``grade report`` rebuilds it): the distribution of
the class's scores (total and per exercise, as inline SVG histograms), the pass rate of every test
and concept, the most frequent mistakes (the catalogue's hint keys, with counts and an example
message), the students on the roster who sent nothing, the submissions that could not be graded
normally, and one collapsible section per student with their feedback and report figures.

Self-contained: the CSS is inline, the figures are embedded as ``data:`` URIs (up to
``EMBED_BUDGET`` bytes in all; beyond it a figure is linked by its relative path), there is no
script, and a Content-Security-Policy forbids loading anything from anywhere. Every label comes
from the message catalogue (``batch.html.*`` and the other ``batch.*`` keys), in the report's
language. The template is rendered by jinja2 with autoescaping on: ids, names, test names and
messages are untrusted and can never become markup.
"""
from __future__ import annotations

import base64
import json
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from grader.classroom.submissions import safe_name
from grader.core import i18n

TEMPLATES = Path(__file__).resolve().parent / "templates"
TEMPLATE = "report.html.j2"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
EMBED_BUDGET = 48 * 2**20  # bytes of figures embedded in one report; later ones are linked instead
MAX_FIGURE_BYTES = 8 * 2**20
BINS = 10  # histogram bins over 0-100 % of an exercise's points
EXAMPLE_CHARS = 900
MISTAKES_SHOWN = 20
VERDICTS = ("graded", "missing", "invalid", "timeout", "crashed", "error")


def _environment() -> Any:
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["num"] = lambda x: f"{x:g}" if isinstance(x, int | float) else x
    env.filters["pct"] = lambda x: f"{100 * x:.0f} %"
    return env


# ---- what the report shows ---------------------------------------------------------------------------
def histogram(fractions: list[float], bins: int = BINS) -> dict[str, Any]:
    """Counts of scores (fractions of the maximum) in ``bins`` equal bins; a full score falls in the last."""
    counts = [0] * bins
    for f in fractions:
        counts[min(int(max(f, 0.0) * bins), bins - 1)] += 1
    return {"counts": counts, "most": max(counts) if counts else 0, "n": len(fractions),
            "labels": [f"{100 * i // bins}–{100 * (i + 1) // bins} %" for i in range(bins)]}


def distributions(cls: Any) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The histogram of the class's totals, and one per exercise (with its statistics)."""
    present = [s for s in cls.students if s["submitted"]]
    max_total = sum(e["max_score"] for e in cls.exercises)
    totals = [sum(s["gradings"][e["id"]]["score"] for e in cls.exercises if e["id"] in s["gradings"]) for s in present]
    total = dict(histogram([x / max_total for x in totals] if max_total else []), max_score=max_total,
                 mean=sum(totals) / len(totals) if totals else 0.0)
    by_id = {e["id"]: e for e in cls.stats["exercises"]}
    out = []
    for e in cls.exercises:
        scores = [s["gradings"][e["id"]]["score"] if e["id"] in s["gradings"] else 0.0 for s in present]
        h = histogram([x / e["max_score"] for x in scores] if e["max_score"] else [])
        out.append({**h, **by_id.get(e["id"], {}), "id": e["id"], "title": e["title"], "max_score": e["max_score"]})
    return total, out


def mistakes(cls: Any, lang: str) -> list[dict[str, Any]]:
    """The catalogue's hint keys named by failed tests, most frequent first, each with an example."""
    found: dict[str, dict[str, Any]] = {}
    students: dict[str, set[str]] = defaultdict(set)
    for s in cls.students:
        if not s["submitted"]:
            continue
        for ex_id, g in sorted(s["gradings"].items()):
            if g["verdict"] != "graded":
                continue
            for t in g["tests"]:
                if t["passed"]:
                    continue
                for key in dict.fromkeys(t["hints"] or []):
                    row = found.setdefault(key, {"key": key, "times": 0, "exercise": ex_id, "test": t["test"],
                                                 "student": s["id"], "example": t["message"][:EXAMPLE_CHARS],
                                                 "truncated": len(t["message"]) > EXAMPLE_CHARS})
                    row["times"] += 1
                    students[key].add(s["id"])
    rows = [dict(r, students=len(students[k]), text=i18n.t(k, lang) if i18n.has(k) else "")
            for k, r in found.items()]
    rows.sort(key=lambda r: (-r["times"], -r["students"], r["key"]))
    return rows[:MISTAKES_SHOWN]


def concept_label(key: str | None, lang: str) -> str:
    if not key:
        return ""
    return i18n.t(key, lang) if i18n.has(key) else key


def _figure(folder: Path, name: str, budget: list[int]) -> dict[str, str] | None:
    """A report figure of ``folder`` as a data URI (or a relative link once the budget is spent)."""
    path = folder / Path(name).name  # only a file name is taken from the store, never a path
    try:
        size = path.stat().st_size
        if not path.is_file() or size > MAX_FIGURE_BYTES:
            return None
        with open(path, "rb") as f:
            data = f.read()
    except OSError:
        return None
    if not data.startswith(PNG_SIGNATURE):
        return None
    if size > budget[0]:
        return {"name": path.name, "href": f"{folder.parent.name}/{folder.name}/{path.name}"}
    budget[0] -= size
    return {"name": path.name, "uri": "data:image/png;base64," + base64.b64encode(data).decode("ascii")}


def _extra(g: dict[str, Any]) -> dict[str, Any]:
    try:
        extra = json.loads(g.get("extra") or "{}")
    except ValueError:
        return {}
    return extra if isinstance(extra, dict) else {}


def student_sections(cls: Any, lang: str, figures_dir: Path | None) -> list[dict[str, Any]]:
    from grader.classroom.exports import notes, status, totals

    budget = [EMBED_BUDGET]
    out = []
    for s in cls.students:
        score, maximum = totals(cls, s)
        folder = figures_dir / safe_name(s["id"]) if figures_dir is not None else None
        exercises = []
        for e in cls.exercises:
            g = s["gradings"].get(e["id"])
            if g is None:
                continue
            extra = _extra(g)
            figure = None
            if folder is not None and isinstance(extra.get("figure"), str):
                figure = _figure(folder, extra["figure"], budget)
            facts = [(k, v) for k, v in extra.items() if k != "figure" and isinstance(v, str | int | float | bool)]
            tests = []
            for t in g["tests"]:
                state = t.get("status") or ("passed" if t["passed"] else "failed")
                tests.append({"name": t["test"], "state": state if state in ("passed", "failed") else "other",
                              "status": state, "score": t["score"], "max_score": t["max_score"],
                              "hidden": t["visibility"] == "hidden" and g["verdict"] == "graded",
                              "message": t["message"] if not t["passed"] else "",
                              "concept": concept_label(t["concept"], lang)})
            exercises.append({"id": e["id"], "title": g["title"], "score": g["score"], "max_score": g["max_score"],
                              "verdict": g["verdict"], "public_only": bool(g["public_only"]), "tests": tests,
                              "figure": figure, "facts": facts,
                              "full": g["max_score"] > 0 and g["score"] >= g["max_score"] - 1e-9})
        out.append({"id": s["id"], "anchor": "student-" + safe_name(s["id"]), "name": s["name"] or "",
                    "status": status(s), "notes": notes(s), "score": score, "max_score": maximum,
                    "error": s["error"] or "", "submitted": bool(s["submitted"]), "exercises": exercises})
    return out


def context(cls: Any, lang: str, figures_dir: Path | None) -> dict[str, Any]:
    from grader.formats.text import review_findings

    total, per_exercise = distributions(cls)
    st = cls.stats
    tests = [dict(r, concept_label=concept_label(r["concept"], lang)) for r in st["tests"]]
    concepts = [dict(c, label=concept_label(c["concept"], lang)) for c in st["concepts"]]
    missing = [{"id": s["id"], "name": s["name"] or "", "anchor": "student-" + safe_name(s["id"])}
               for s in cls.students if s.get("on_roster") and not s["submitted"]]
    strangers = [s for s in cls.students if s.get("on_roster") == 0 and s["submitted"]]
    return {"lang": lang, "meta": cls.meta, "stats": st, "total": total, "per_exercise": per_exercise,
            "tests": tests, "concepts": concepts, "mistakes": mistakes(cls, lang), "missing": missing,
            "strangers": strangers, "problems": st["problems"], "students": student_sections(cls, lang, figures_dir),
            "review": [dict(r, anchor="student-" + safe_name(r["student"]),
                            lines=review_findings(r["findings"], lang)) for r in st.get("review", [])],
            "generated": time.strftime("%Y-%m-%d %H:%M"), "bins": BINS}


def render(cls: Any, lang: str, figures_dir: Path | None = None) -> str:
    """The report as one HTML document."""
    env = _environment()
    t = lambda key, **kw: i18n.t(key if key.startswith(("batch.", "core.")) else f"batch.html.{key}", lang, **kw)  # noqa: E731
    return env.get_template(TEMPLATE).render(t=t, **context(cls, lang, figures_dir))


def write(cls: Any, path: Path, lang: str, figures_dir: Path | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(render(cls, lang, figures_dir), encoding="utf-8")
    tmp.replace(path)
    return path
