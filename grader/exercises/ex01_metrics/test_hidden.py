"""Hidden tests for ex01_metrics."""
import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from grader.author import Cases, assert_close, assert_raises, keys
from grader.exercises.ex01_metrics.strategies import confusion_matrices, label_pairs

K = keys(__file__)


CM = K("concept.confusion_matrix")
OVR = K("concept.one_vs_rest")

# Counts of exactly 1: a single sample, a class predicted or present once (a denominator of 1 is not 0).
SINGLE = np.array([[1]], dtype=np.int64)
ONCE = np.array([[1, 0], [0, 0]], dtype=np.int64)
ONCE_OFF = np.array([[0, 1], [0, 0]], dtype=np.int64)
Y_TRUE = np.array([0, 0, 1, 2, 2, 2, 1, 0, 2, 1])
Y_PRED = np.array([0, 1, 1, 2, 0, 2, 1, 0, 1, 1])


@pytest.mark.points(2)
@pytest.mark.concept(CM)
def test_confusion_matrix_example(student, reference):
    got = student.confusion_matrix(Y_TRUE, Y_PRED, 3)
    expected = reference.confusion_matrix(Y_TRUE, Y_PRED, 3)
    assert_close(got, expected, "confusion_matrix(y_true, y_pred, 3)", rtol=0, atol=0, dtype_kind="i",
                 mistakes={K("transposed"): expected.T, K("float_counts"): lambda g: g.dtype.kind == "f"},
                 inputs={"y_true": Y_TRUE, "y_pred": Y_PRED})


@pytest.mark.points(2)
@pytest.mark.concept(CM)
@given(data=label_pairs())
def test_confusion_matrix_random(student, reference, data):
    y_true, y_pred, k = data
    expected = reference.confusion_matrix(y_true, y_pred, k)
    assert_close(student.confusion_matrix(y_true, y_pred, k), expected, f"confusion_matrix(y_true, y_pred, {k})",
                 rtol=0, atol=0, dtype_kind="i", mistakes={K("transposed"): expected.T})


@pytest.mark.points(1)
@pytest.mark.concept(K("concept.validation"))
def test_confusion_matrix_rejects_invalid_input(student):
    cases = {
        "lengths differ": (np.array([0, 1, 1]), np.array([0, 1]), 2),
        "label >= num_classes": (np.array([0, 3]), np.array([0, 1]), 3),
        "negative label": (np.array([0, -1]), np.array([0, 1]), 2),
        "2-D input": (np.array([[0, 1]]), np.array([[0, 1]]), 2),
        "no classes": (np.array([], dtype=np.int64), np.array([], dtype=np.int64), 0),
    }
    with Cases() as checks:
        for name, (yt, yp, k) in cases.items():
            with checks.case():
                assert_raises(lambda: student.confusion_matrix(yt, yp, k), ValueError, f"confusion_matrix ({name})",
                              inputs={"y_true": yt, "y_pred": yp, "num_classes": k}, hint=K("no_validation"))


@pytest.mark.points(1)
@pytest.mark.concept(CM)
@given(cm=confusion_matrices())
@example(cm=SINGLE)
@example(cm=ONCE)
@example(cm=ONCE_OFF)
def test_accuracy(student, reference, cm):
    expected = reference.accuracy(cm)
    got = student.accuracy(cm)
    assert_close(got, expected, "accuracy(cm)", inputs={"cm": cm},
                 mistakes={K("accuracy_no_divide"): float(np.trace(cm))})


@pytest.mark.points(1.5)
@pytest.mark.concept(OVR)
@given(cm=confusion_matrices())
@example(cm=SINGLE)
@example(cm=ONCE)
@example(cm=ONCE_OFF)
def test_precision(student, reference, cm):
    with np.errstate(all="ignore"):
        nan_version = np.diag(cm) / cm.sum(axis=0)
    assert_close(student.precision(cm), reference.precision(cm), "precision(cm)", inputs={"cm": cm}, dtype_kind="f",
                 mistakes={K("precision_recall_swapped"): reference.recall(cm),
                           K("zero_division"): lambda g: bool(np.isnan(g).any()) and np.isnan(nan_version).any()})


@pytest.mark.points(1.5)
@pytest.mark.concept(OVR)
@given(cm=confusion_matrices())
@example(cm=SINGLE)
@example(cm=ONCE)
@example(cm=ONCE_OFF)
def test_recall(student, reference, cm):
    assert_close(student.recall(cm), reference.recall(cm), "recall(cm)", inputs={"cm": cm}, dtype_kind="f",
                 mistakes={K("precision_recall_swapped"): reference.precision(cm),
                           K("zero_division"): lambda g: bool(np.isnan(g).any())})


@pytest.mark.points(1.5)
@pytest.mark.concept(OVR)
@given(cm=confusion_matrices())
@example(cm=SINGLE)
@example(cm=ONCE)
@example(cm=ONCE_OFF)
def test_specificity(student, reference, cm):
    tp = np.diag(cm)
    fp, fn = cm.sum(0) - tp, cm.sum(1) - tp
    tn = cm.sum() - tp - fp - fn
    with np.errstate(all="ignore"):
        over_fn = np.where(tn + fn > 0, tn / np.where(tn + fn > 0, tn + fn, 1), 0.0)
    assert_close(student.specificity(cm), reference.specificity(cm), "specificity(cm)", inputs={"cm": cm}, dtype_kind="f",
                 mistakes={K("specificity_fn"): over_fn, K("specificity_is_recall"): reference.recall(cm),
                           K("zero_division"): lambda g: bool(np.isnan(g).any())})


@pytest.mark.points(1.5)
@pytest.mark.concept(OVR)
@given(cm=confusion_matrices())
@example(cm=SINGLE)
@example(cm=ONCE)
@example(cm=ONCE_OFF)
def test_f1_score(student, reference, cm):
    p, r = reference.precision(cm), reference.recall(cm)
    assert_close(student.f1_score(cm), reference.f1_score(cm), "f1_score(cm)", inputs={"cm": cm}, dtype_kind="f",
                 mistakes={K("f1_arithmetic"): (p + r) / 2, K("zero_division"): lambda g: bool(np.isnan(g).any())})


@pytest.mark.points(1)
@pytest.mark.concept(K("concept.validation"))
@given(rows=st.integers(1, 4), extra=st.integers(1, 3))
def test_metrics_reject_non_square(student, rows, extra):
    cm = np.ones((rows, rows + extra), dtype=np.int64)
    for fn in ("accuracy", "precision", "recall", "specificity", "f1_score"):
        assert_raises(lambda: getattr(student, fn)(cm), ValueError, f"{fn}(cm) (non-square {rows}×{rows + extra})",
                      inputs={"cm": cm}, hint=K("cm_not_square"))


NEGATIVE = {
    "one negative count": np.array([[3, -1], [0, 2]]),
    "a negative diagonal": np.array([[-1, 0, 0], [0, 2, 1], [0, 0, 4]]),
}


@pytest.mark.points(1)
@pytest.mark.concept(K("concept.validation"))
def test_metrics_reject_negative_counts(student):
    with Cases() as checks:
        for fn in ("accuracy", "precision", "recall", "specificity", "f1_score"):
            for name, cm in NEGATIVE.items():
                with checks.case():
                    assert_raises(lambda fn=fn, cm=cm: getattr(student, fn)(cm), ValueError, f"{fn}(cm) ({name})",
                                  inputs={"cm": cm}, hint=K("negative_counts"))
