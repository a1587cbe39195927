"""grader.core.plugin (through grader.core.engine): how tests become points and feedback."""
from __future__ import annotations

import pytest

from grader.core import discover
from grader.core.engine import grade_exercise
from grader.isolation import sandbox

TESTS = '''import numpy as np
import pytest

from grader.author import Cases, Feedback, NotChecked, assert_close


@pytest.mark.points(2)
def test_passes(student):
    assert_close(student.double(np.arange(3.0)), [0.0, 2.0, 4.0], "double(arange(3))")


@pytest.mark.points(1.5)
@pytest.mark.concept("core.values")
def test_named_mistake(student):
    assert_close(student.double(np.ones(2)), [2.0, 2.0], "double(ones(2))", mistakes={"core.untouched": [3.0, 3.0]})


def test_raises(student):
    student.broken(1)


def test_not_implemented(student):
    student.later()


@pytest.mark.points(4)
def test_partial(student):
    with Cases() as cases:
        for x in (1.0, 2.0, 3.0, 4.0):
            with cases.case():
                assert_close(student.double(np.array([x])), [2 * x if x < 4 else 0.0], f"double([{x}])")


def test_skipped(student):
    pytest.skip("not in this edition")


def test_fails_with_feedback(student):
    raise Feedback("core.not_deterministic", what="here")


@pytest.mark.points(3)
def test_could_not_observe(student):
    raise NotChecked("core.values", what="the second epoch")
'''

SUBMISSION = '''import numpy as np


def double(x):
    x = np.asarray(x, dtype=np.float64)
    return np.where(x == 1.0, 3.0, 2 * x) if x.shape == (2,) else 2 * x


def broken(x):
    return [][x]


def later():
    raise NotImplementedError("exNN: implement later")
'''


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("plugin")
    folder = tmp / "ex77_plugin"
    folder.mkdir()
    (folder / "exercise.toml").write_text('[title]\nen = "Plugin"\nko = "플러그인"\n[limits]\ncall_timeout_s = 5\n')
    (folder / "test_hidden.py").write_text(TESTS)
    sub = tmp / "ex77_plugin.py"
    sub.write_text(SUBMISSION)
    return grade_exercise(discover.load(folder), sub, lang="en", isolation=sandbox.detect_isolation())


def test_points_and_outcomes(result):
    tests = {t.name: t for t in result.tests}
    assert result.error is None, result.error
    assert tests["passes"].passed and tests["passes"].score == 2
    assert tests["partial"].score == 3 and not tests["partial"].passed and tests["partial"].message.count("•") == 1
    assert tests["skipped"].max_score == 0 and tests["skipped"].message == "skipped: not in this edition"
    assert result.max_score == 2 + 1.5 + 1 + 1 + 4 + 1 + 3
    unseen = tests["could_not_observe"]
    assert unseen.status == "not_checked" and unseen.score == 0 and not unseen.passed and unseen.max_score == 3
    assert unseen.message.startswith("Not checked: the second epoch: values differ") and result.not_checked == [unseen]
    assert tests["passes"].status == "passed" and tests["raises"].status == "failed"
    assert tests["skipped"].status == "skipped"


def test_feedback_texts(result):
    tests = {t.name: t for t in result.tests}
    named = tests["named_mistake"]
    assert named.hints == ["core.untouched"] and "Likely mistake" in named.message
    assert named.message.splitlines()[-1].startswith("Revisit:")
    assert "IndexError" in tests["raises"].message and "ex77_plugin.py:" in tests["raises"].message
    assert tests["not_implemented"].message.startswith("Not implemented yet: exNN: implement later")
    assert "two calls with the same seed" in tests["fails_with_feedback"].message


def test_missing_submission_scores_zero_with_a_message(tmp_path, result):
    folder = tmp_path / "ex78_missing"
    folder.mkdir()
    (folder / "exercise.toml").write_text('[title]\nen = "M"\nko = "M"\n')
    (folder / "test_hidden.py").write_text("def test_a(student):\n    pass\n")
    res = grade_exercise(discover.load(folder), tmp_path / "nope.py")
    assert res.score == 0 and res.max_score == 1 and "No submission file" in res.tests[0].message
