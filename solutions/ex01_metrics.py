"""ex01 · Confusion-matrix metrics (혼동 행렬과 성능 지표).

A classifier's mistakes, counted per class. With K classes the confusion matrix ``cm`` is a
(K, K) integer array where

    cm[i, j] = number of samples whose TRUE class is i and PREDICTED class is j

so rows are the true class and columns the prediction, as in scikit-learn and torchmetrics.
Careful: the course notes build ``conf[res[i]][y_test[i]] += 1`` (prediction first), which is the
TRANSPOSE of this convention.

For one class k taken as "positive" against all others (one-vs-rest):

    TP = cm[k, k]                FN = row k sum − TP     (true k, predicted something else)
    FP = column k sum − TP       TN = total − TP − FN − FP

    accuracy    = trace(cm) / total                 (정확률)
    precision   = TP / (TP + FP)                    (정밀도)
    recall      = TP / (TP + FN)  = sensitivity     (재현율 = 민감도)
    specificity = TN / (TN + FP)                    (특이도)
    f1          = 2 · precision · recall / (precision + recall)

Where a denominator is 0 (a class never predicted, never present …) the metric is 0.0.
"""
from __future__ import annotations

import numpy as np

# BEGIN SOLUTION


def _check_cm(cm: np.ndarray) -> np.ndarray:
    cm = np.asarray(cm)
    if cm.ndim != 2 or cm.shape[0] != cm.shape[1]:
        raise ValueError(f"cm must be a square (K, K) matrix, got shape {cm.shape}")
    if np.any(cm < 0):
        raise ValueError("cm must not contain negative counts")
    return cm


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    num = np.asarray(num, dtype=np.float64)
    den = np.asarray(den, dtype=np.float64)
    return np.divide(num, den, out=np.zeros_like(num), where=den > 0)
# END SOLUTION


def confusion_matrix(y_true: np.ndarray, y_pred: np.ndarray, num_classes: int) -> np.ndarray:
    """Count (true, predicted) pairs.

    Args:
        y_true: int array of shape (N,), true labels in [0, num_classes).
        y_pred: int array of shape (N,), predicted labels in [0, num_classes).
        num_classes: K ≥ 1.

    Returns:
        int array of shape (K, K): ``cm[i, j]`` = #samples with true class i predicted as j
        (rows = true class, columns = predicted class). N = 0 gives all zeros.

    Raises:
        ValueError: if the inputs are not 1-D, their lengths differ, K < 1, or a label is
        outside [0, K).
    """
    # BEGIN SOLUTION
    y_true = np.asarray(y_true)
    y_pred = np.asarray(y_pred)
    if y_true.ndim != 1 or y_pred.ndim != 1:
        raise ValueError("y_true and y_pred must be 1-D arrays")
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true and y_pred differ in length: {len(y_true)} vs {len(y_pred)}")
    if num_classes < 1:
        raise ValueError("num_classes must be at least 1")
    for name, y in (("y_true", y_true), ("y_pred", y_pred)):
        if y.size and (y.min() < 0 or y.max() >= num_classes):
            raise ValueError(f"{name} has labels outside [0, {num_classes})")
    cm = np.zeros((num_classes, num_classes), dtype=np.int64)
    np.add.at(cm, (y_true.astype(np.int64), y_pred.astype(np.int64)), 1)
    return cm
    # END SOLUTION


def accuracy(cm: np.ndarray) -> float:
    """Fraction of correct predictions: trace(cm) / cm.sum(); 0.0 for an empty matrix (sum 0).

    Raises:
        ValueError: if cm is not a square 2-D matrix of non-negative counts.
    """
    # BEGIN SOLUTION
    cm = _check_cm(cm)
    total = cm.sum()
    return float(np.trace(cm) / total) if total > 0 else 0.0
    # END SOLUTION


def precision(cm: np.ndarray) -> np.ndarray:
    """Per-class precision TP / (TP + FP) = cm[k, k] / (column k sum); float array (K,), 0.0 where 0/0.

    Raises:
        ValueError: if cm is not a square 2-D matrix of non-negative counts.
    """
    # BEGIN SOLUTION
    cm = _check_cm(cm)
    return _ratio(np.diag(cm), cm.sum(axis=0))
    # END SOLUTION


def recall(cm: np.ndarray) -> np.ndarray:
    """Per-class recall (sensitivity) TP / (TP + FN) = cm[k, k] / (row k sum); float array (K,), 0.0 where 0/0.

    Raises:
        ValueError: if cm is not a square 2-D matrix of non-negative counts.
    """
    # BEGIN SOLUTION
    cm = _check_cm(cm)
    return _ratio(np.diag(cm), cm.sum(axis=1))
    # END SOLUTION


def specificity(cm: np.ndarray) -> np.ndarray:
    """Per-class specificity TN / (TN + FP); float array (K,), 0.0 where TN + FP = 0.

    TN counts the samples that are neither of class k nor predicted as k.

    Raises:
        ValueError: if cm is not a square 2-D matrix of non-negative counts.
    """
    # BEGIN SOLUTION
    cm = _check_cm(cm)
    tp = np.diag(cm)
    fp = cm.sum(axis=0) - tp
    fn = cm.sum(axis=1) - tp
    tn = cm.sum() - tp - fp - fn
    return _ratio(tn, tn + fp)
    # END SOLUTION


def f1_score(cm: np.ndarray) -> np.ndarray:
    """Per-class F1, the harmonic mean of precision and recall: 2PR / (P + R); 0.0 where P + R = 0.

    Equivalently 2·TP / (2·TP + FP + FN).

    Raises:
        ValueError: if cm is not a square 2-D matrix of non-negative counts.
    """
    # BEGIN SOLUTION
    cm = _check_cm(cm)
    tp = np.diag(cm)
    return _ratio(2 * tp, cm.sum(axis=0) + cm.sum(axis=1))
    # END SOLUTION
