"""Public checks for ex01_metrics: small worked examples you can reproduce by hand."""
import numpy as np
import pytest

from grader.author import assert_close, keys

K = keys(__file__)



@pytest.mark.points(1)
@pytest.mark.concept(K("concept.confusion_matrix"))
def test_two_class_example(student):
    y_true = np.array([1, 1, 0, 0, 1])
    y_pred = np.array([1, 0, 0, 1, 1])
    cm = student.confusion_matrix(y_true, y_pred, 2)
    assert_close(cm, np.array([[1, 1], [1, 2]]), "confusion_matrix([1,1,0,0,1], [1,0,0,1,1], 2)", rtol=0, atol=0,
                 dtype_kind="i", mistakes={K("transposed"): np.array([[1, 1], [1, 2]]).T})
    cm = np.array([[1, 1], [1, 2]])
    assert_close(student.accuracy(cm), 0.6, "accuracy([[1, 1], [1, 2]])")
    assert_close(student.precision(cm), [0.5, 2 / 3], "precision([[1, 1], [1, 2]])")
    assert_close(student.recall(cm), [0.5, 2 / 3], "recall([[1, 1], [1, 2]])")
