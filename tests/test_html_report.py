"""report.html: the class report in one self-contained file, checked as text and in a real browser.

The class is a small synthetic store (no grading): full marks with a report figure, typical mistakes
named by hint keys, a timeout, a student missing from the roster, one not on it, and a student whose
name and feedback hold markup that must stay text."""
from __future__ import annotations

import re
import time
from pathlib import Path

import numpy as np
import pytest

from grader.classroom import exports, html_report
from grader.classroom.store import Key, Store
from grader.core import results
from grader.formats import figures
from tests import browser

EVIL_NAME = '<img src=x onerror="alert(1)">Mallory'
EVIL_MESSAGE = "values differ </pre><script>alert(2)</script> & \"quotes\""
SECTIONS = ("distribution", "tests", "concepts", "mistakes", "missing", "problems", "review", "students")


def _tests(spec: list[tuple[str, float, float, list[str], str]]) -> list[results.TestResult]:
    return [results.TestResult(name=name, max_score=mx, score=sc, passed=sc >= mx, message="" if sc >= mx else msg,
                               hints=hints, concept="exA_name.concept.values" if i % 2 else None, public=i == 0)
            for i, (name, sc, mx, hints, msg) in enumerate(spec)]


def _result(ex: str, spec: list, extra: dict | None = None) -> results.ExerciseResult:
    return results.ExerciseResult(exercise=ex, name=f"{ex}_name", title=f"Title of {ex}", tests=_tests(spec),
                                  extra=extra or {})


def synthetic_class(out: Path, *, figure: bool = True) -> Path:
    """A batch's folder with its store and one report figure; ``exports.write_all`` not yet run."""
    full_a = [("t_shape", 2, 2, [], ""), ("t_values", 3, 3, [], ""), ("t_edge", 1, 1, [], "")]
    full_b = [("train", 4, 4, [], ""), ("accuracy", 6, 6, [], "")]
    transposed = "confusion_matrix(y, p, 2): values differ.\nLikely mistake: your matrix is the transpose."
    with Store(out / "grades.sqlite") as store:
        store.set_meta(lang="en", kit_version="9.9")
        for sid, name, on_roster, submitted in (("alice", "Alice Kim", True, True), ("bob", "Bob Lee", True, True),
                                                ("carol", "Carol Park", True, False), ("dave", "Dave Choi", True, True),
                                                ("mallory", EVIL_NAME, True, True), ("zed", "", False, True)):
            store.put_student(sid, name=name, on_roster=on_roster, submitted=submitted)
        store.save("alice", _result("exA", full_a), "graded", Key("a1", "9.9", "t"))
        store.save("alice", _result("exB", full_b, {"accuracy": 0.987, "tier": "cpu", "figure": "/elsewhere/fig.png"}),
                   "graded", Key("a2", "9.9", "t"))
        store.save("bob", _result("exA", [("t_shape", 2, 2, [], ""), ("t_values", 0, 3, ["exA_name.transposed"], transposed),
                                          ("t_edge", 0, 1, ["exA_name.nan_on_zero"], "nan where 0 was expected")]),
                   "graded", Key("b1", "9.9", "t"))
        store.save("bob", _result("exB", [("train", 0, 4, ["exB_name.no_zero_grad"], "loss did not go down"),
                                          ("accuracy", 0, 6, [], "accuracy 11 %")]), "graded", Key("b2", "9.9", "t"))
        store.save("dave", _result("exA", [("t_shape", 2, 2, [], ""), ("t_values", 0, 3, ["exA_name.transposed"],
                                                                          transposed), ("t_edge", 1, 1, [], "")]),
                   "graded", Key("d1", "9.9", "t"))
        timeout = _result("exB", [("train", 0, 4, [], "Grading was stopped after 8 s")])
        store.save("dave", timeout, "timeout", Key("d2", "9.9", "t"))
        store.save("mallory", _result("exA", [("t_shape", 0, 2, ["exA_name.transposed"], EVIL_MESSAGE),
                                              ("t_values", 3, 3, [], ""), ("t_edge", 1, 1, [], "")]),
                   "graded", Key("m1", "9.9", "t"))
        store.save("zed", _result("exA", full_a), "graded", Key("z1", "9.9", "t"))
    if figure:
        rng = np.random.default_rng(1)
        cm = np.diag(rng.integers(80, 100, 10)) + rng.integers(0, 2, (10, 10))
        steps = np.arange(1, 301) * 20
        report = figures.TrainingReport(title="Title of exB", losses=2.3 * np.exp(-steps / 2000) + 0.05,
                                        samples_at=steps, n_train=2000, confusion=cm, accuracy=0.987,
                                        threshold=0.98, tier="cpu", device="cpu (2 threads)")
        assert figures.write_training_report(out / "figures" / "alice" / "fig.png", report)
    return out


@pytest.fixture(scope="module")
def class_out(tmp_path_factory) -> Path:
    out = synthetic_class(tmp_path_factory.mktemp("class"))
    exports.write_all(out, "en")
    return out


def test_one_self_contained_file_with_every_section(class_out):
    html = (class_out / "report.html").read_text(encoding="utf-8")
    for section in SECTIONS:
        assert f'<section id="{section}">' in html, section
    assert "<script" not in html.lower(), "no script: not ours, and none a student smuggled in"
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//|url\(|@import""", html), "nothing from the network"
    assert "default-src 'none'" in html  # and the page's policy forbids loading anything anyway
    assert html.count('src="data:image/png;base64,') == 1, "the figure is embedded"
    assert html.count('<details class="student"') == 6


def test_ids_names_and_messages_stay_text(class_out):
    html = (class_out / "report.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;Mallory" in html
    assert "&lt;/pre&gt;&lt;script&gt;alert(2)&lt;/script&gt; &amp; &#34;quotes&#34;" in html
    assert 'onerror="alert' not in html


def test_distribution_mistakes_missing_and_problems(class_out):
    from grader.classroom.store import Store as S

    with S(class_out / "grades.sqlite") as store:
        cls = exports.load(store)
    total, per_exercise = html_report.distributions(cls)
    assert sum(total["counts"]) == 5 and total["counts"][-1] == 1  # five submitted, one with full marks overall
    a = next(e for e in per_exercise if e["id"] == "exA")
    assert a["counts"][-1] == 2 and sum(a["counts"]) == 5  # alice and zed full; bob, dave, mallory lower
    top = html_report.mistakes(cls, "en")
    assert (top[0]["key"], top[0]["times"], top[0]["students"]) == ("exA_name.transposed", 3, 3)
    assert "transpose" in top[0]["example"]
    assert all(r["key"] != "" for r in top) and {r["key"] for r in top} >= {"exB_name.no_zero_grad"}
    ctx = html_report.context(cls, "en", class_out / "figures")
    assert [m["id"] for m in ctx["missing"]] == ["carol"] and [s["id"] for s in ctx["strangers"]] == ["zed"]
    assert [(p["student"], p["verdict"]) for p in ctx["problems"]] == [("dave", "timeout")]


def test_korean_labels(tmp_path):
    out = synthetic_class(tmp_path, figure=False)
    exports.write_all(out, "ko")
    html = (out / "report.html").read_text(encoding="utf-8")
    assert '<html lang="ko">' in html and "점수 분포" in html and "가장 자주 나온 실수" in html
    assert "Score distribution" not in html and "Most frequent mistakes" not in html


def test_a_figure_is_embedded_only_from_the_students_own_folder(tmp_path):
    folder = tmp_path / "figures" / "bob"
    folder.mkdir(parents=True)
    (tmp_path / "secret.png").write_bytes(html_report.PNG_SIGNATURE + b"x")
    (folder / "fake.png").write_bytes(b"GIF89a not a png")
    budget = [10**6]
    assert html_report._figure(folder, "../../secret.png", budget) is None  # only the file name is used
    assert html_report._figure(folder, "fake.png", budget) is None
    (folder / "ok.png").write_bytes(html_report.PNG_SIGNATURE + b"data")
    assert html_report._figure(folder, "ok.png", budget)["uri"].startswith("data:image/png;base64,")
    assert html_report._figure(folder, "ok.png", [3])["href"] == "figures/bob/ok.png"  # past the budget: linked


def test_report_html_in_a_real_browser(class_out, tmp_path):
    browser.require()
    started = time.perf_counter()
    probe = """({sections: [...document.querySelectorAll('main > section')].map(s => s.id),
                 students: document.querySelectorAll('details.student').length,
                 scripts: document.querySelectorAll('script').length,
                 injected: document.querySelectorAll('img[src="x"]').length,
                 bars: document.querySelectorAll('svg.hist rect.bin').length,
                 figureWidth: (document.querySelector('img.figure') || {}).naturalWidth || 0})"""
    page = browser.open_page(class_out / "report.html", tmp_path, probe=probe, opened="details#student-alice")
    seconds = time.perf_counter() - started
    assert page.console_errors == [], page.console_errors
    assert page.broken_images == [] and page.images == 1
    assert page.facts["sections"] == list(SECTIONS)
    assert page.facts["students"] == 6 and page.facts["scripts"] == 0 and page.facts["injected"] == 0
    assert page.facts["bars"] == 10 * 3 and page.facts["figureWidth"] > 1000  # total + two exercises; the PNG decoded
    for heading in ("Score distribution", "Pass rate per test", "Pass rate per concept", "Most frequent mistakes",
                    "Students on the roster with no submission", "Submissions that could not be graded normally"):
        assert heading in page.text, heading
    assert EVIL_NAME in page.text and "exA_name.transposed" in page.text and "carol" in page.text
    colours, share = browser.not_blank(page.screenshot)
    assert colours > 50 and share > 0.05, (colours, share)
    assert seconds < 60, seconds
