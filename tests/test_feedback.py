"""grader.core.feedback: feedback stays keys until it is rendered, in either language."""
from __future__ import annotations

import numpy as np

from grader.core.feedback import Comparison, Feedback, PartialCredit, render_feedback


def test_rendered_in_both_languages_with_hint_values_and_error_size():
    fb = Feedback("core.values", hint="core.untouched", what="softmax(z)", file="f.py",
                  values=(np.array([0.25, 0.75]), np.array([0.5, 0.5])),
                  comparison=Comparison(0.25, 1.0, 1e-9, 1e-6, 2, 2, (0,)), inputs={"z": np.array([0.0, 1.0])})
    en, ko = render_feedback(fb, "en"), render_feedback(fb, "ko")
    assert en.startswith("softmax(z): values differ") and "expected:" in en and "got:" in en
    assert "Likely mistake" in en and "z = " in en
    assert "softmax(z)" in ko and ko != en
    assert str(fb) == en  # pytest's own report shows the English text


def test_multi_line_values_are_indented_under_their_label():
    fb = Feedback("core.values", what="m", values=(np.eye(2), np.zeros((2, 2))))
    lines = render_feedback(fb, "en").splitlines()
    assert lines[1] == "expected:" and lines[2].startswith("    np.array([[") and lines[3].startswith("              [")
    assert render_feedback(Feedback("core.values", what="x", values=(0.5, 0.25)), "en").splitlines()[1:3] == \
        ["expected: 0.5", "got: 0.25"]


def test_partial_credit_is_clamped():
    assert PartialCredit(1.5, []).fraction == 1.0 and PartialCredit(-1, []).fraction == 0.0


def test_the_worked_detail_of_a_hint_is_shown_only_on_request(monkeypatch):
    from grader.core import i18n

    entries = {"exZZ.mistake": {"en": "the likely mistake", "ko": "예상되는 실수"},
               "exZZ.mistake.more": {"en": "the formula: dx = dout * mask", "ko": "공식: dx = dout * mask"}}
    monkeypatch.setattr(i18n, "_entry", lambda key: entries.get(key) or i18n._file(key.split(".", 1)[0]).get(key))
    fb = Feedback("core.values", hint="exZZ.mistake", what="f(x)")
    short, full = render_feedback(fb, "en"), render_feedback(fb, "en", more=True)
    assert "the likely mistake" in short and "dx = dout" not in short and "--hint" in short
    assert "the formula: dx = dout * mask" in full and "--hint" not in full
