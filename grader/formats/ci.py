"""Results for CI systems: JUnit XML and Gradescope's ``results.json``; a Markdown summary of the latter.

* JUnit: one ``<testsuite>`` per exercise (per student × exercise in a batch), one ``<testcase>``
  per test, points as ``<property>`` elements (``points``, ``max_points``, ``visibility``, ``concept``).
* Gradescope (https://gradescope-autograders.readthedocs.io/en/latest/specs/): ``score``,
  ``max_score``, ``execution_time``, ``output``, ``visibility``, ``stdout_visibility`` and
  ``tests`` with ``name``, ``score``, ``max_score``, ``status``, ``output``, ``tags`` and
  ``visibility`` — public checks ``visible``, hidden tests ``after_published``.

``python -m grader.formats summary results.json`` prints Markdown for ``$GITHUB_STEP_SUMMARY``.
"""
from __future__ import annotations

import json
import re
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from typing import Any

from grader.core import i18n
from grader.core.results import ExerciseResult

FORMATS = ("junit", "gradescope")
HIDDEN_VISIBILITY = "after_published"
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_text(text: str) -> str:
    """Drop what XML 1.0 cannot hold (student output may contain control characters)."""
    return _XML_BAD.sub("\ufffd", text)


def _num(x: float) -> str:
    return f"{x:g}"


def junit_xml(suites: Sequence[tuple[str, ExerciseResult]], name: str = "grade") -> str:
    """JUnit XML for ``[(suite name, result)]``."""
    root = ET.Element("testsuites", name=name)
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    total_time = 0.0
    for suite_name, res in suites:
        counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        suite = ET.SubElement(root, "testsuite", name=_xml_text(suite_name), time=f"{res.duration_s:.3f}")
        props = ET.SubElement(suite, "properties")
        for key, value in (("exercise", res.exercise), ("title", res.title), ("score", _num(res.score)),
                           ("max_score", _num(res.max_score)), ("public_only", str(res.public_only).lower()),
                           ("isolation", res.isolation)):
            ET.SubElement(props, "property", name=key, value=_xml_text(str(value)))
        for test in res.tests:
            counts["tests"] += 1
            case = ET.SubElement(suite, "testcase", classname=_xml_text(suite_name), name=_xml_text(test.name),
                                 time="0")
            cprops = ET.SubElement(case, "properties")
            for key, value in (("points", _num(test.score)), ("max_points", _num(test.max_score)),
                               ("visibility", "public" if test.public else "hidden"), ("concept", test.concept or "")):
                if value:
                    ET.SubElement(cprops, "property", name=key, value=_xml_text(value))
            if test.passed:
                continue
            message = test.message or "failed"
            if test.status == "skipped":
                counts["skipped"] += 1
                ET.SubElement(case, "skipped", message=_xml_text(message[:500]))
                continue
            counts["failures"] += 1
            fail = ET.SubElement(case, "failure", message=_xml_text(message.splitlines()[0][:500]),
                                 type="hint:" + ",".join(test.hints) if test.hints else "failed")
            fail.text = _xml_text(message)
        if res.error:
            counts["tests"] += 1
            counts["errors"] += 1
            case = ET.SubElement(suite, "testcase", classname=_xml_text(suite_name), name="grader", time="0")
            err = ET.SubElement(case, "error", message="the grader could not run the tests", type="grader")
            err.text = _xml_text(res.error)
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
        total_time += res.duration_s
    for key, value in totals.items():
        root.set(key, str(value))
    root.set("time", f"{total_time:.3f}")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def gradescope(results: Iterable[ExerciseResult], lang: str = "en",
               hidden_visibility: str = HIDDEN_VISIBILITY) -> dict[str, Any]:
    """Gradescope's results.json for one student's results."""
    results = list(results)
    tests: list[dict[str, Any]] = []
    notes: list[str] = []
    for i, res in enumerate(results, 1):
        for j, test in enumerate(res.tests, 1):
            entry: dict[str, Any] = {
                "name": f"{res.exercise} · {test.name}", "number": f"{i}.{j}",
                "score": test.score, "max_score": test.max_score,
                "status": "passed" if test.passed else "failed",
                "output": test.message if not test.passed else "",
                "tags": [t for t in (res.exercise, test.concept) if t],
                "visibility": "visible" if test.public else hidden_visibility,
            }
            tests.append(entry)
        if res.error:
            tests.append({"name": f"{res.exercise} · grader", "number": f"{i}.0", "score": 0.0, "max_score": 0.0,
                          "status": "failed", "output": res.error, "visibility": "visible"})
        if res.public_only:
            notes.append(f"{res.exercise}: {i18n.t('core.public_only', lang)}")
    score = round(sum(r.score for r in results), 6)
    max_score = round(sum(r.max_score for r in results), 6)
    out: dict[str, Any] = {
        "score": score, "max_score": max_score,
        "execution_time": round(sum(r.duration_s for r in results), 3),
        "output": "\n".join([f"{r.exercise} · {r.title}: {_num(r.score)} / {_num(r.max_score)}" for r in results]
                            + notes),
        "visibility": "visible", "stdout_visibility": "hidden",
        "tests": tests,
    }
    return out


def render(fmt: str, results: Sequence[ExerciseResult], lang: str = "en") -> str:
    """``grade EXERCISE`` / ``grade all`` output in a CI format."""
    if fmt == "junit":
        return junit_xml([(r.name, r) for r in results])
    if fmt == "gradescope":
        return json.dumps(gradescope(results, lang), ensure_ascii=False, indent=2)
    raise ValueError(f"unknown format {fmt!r}")


def markdown_summary(data: dict[str, Any]) -> str:
    """A points table for a CI job summary, from Gradescope's results.json."""
    lines = [f"### Autograder: {_num(data.get('score', 0))} / {_num(data.get('max_score', 0))} points", "",
             "| | Test | Points |", "|---|---|---:|"]
    for t in data.get("tests", []):
        mark = "✅" if t.get("status") == "passed" else "❌"
        name = str(t.get("name", "")).replace("|", "\\|")
        lines.append(f"| {mark} | {name} | {_num(t.get('score', 0))} / {_num(t.get('max_score', 0))} |")
    failed = [t for t in data.get("tests", []) if t.get("status") != "passed" and t.get("output")]
    if failed:
        lines += ["", "<details><summary>Feedback</summary>", ""]
        for t in failed:
            body = str(t["output"])
            fence = "`" * max(3, _longest_run(body, "`") + 1)
            lines += [f"**{t.get('name', '')}**", "", fence + "text", body, fence, ""]
        lines.append("</details>")
    if data.get("output"):
        lines += ["", str(data["output"]).replace("\n", "  \n")]
    return "\n".join(lines) + "\n"


def _longest_run(text: str, ch: str) -> int:
    runs = re.findall(f"{re.escape(ch)}+", text)
    return max((len(r) for r in runs), default=0)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2 or args[0] != "summary":
        print("usage: python -m grader.formats summary results.json", file=sys.stderr)
        return 2
    with open(args[1], encoding="utf-8") as f:
        sys.stdout.write(markdown_summary(json.load(f)))
    return 0

