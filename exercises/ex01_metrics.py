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
    raise NotImplementedError("ex01: implement confusion_matrix")


def accuracy(cm: np.ndarray) -> float:
    """Fraction of correct predictions: trace(cm) / cm.sum(); 0.0 for an empty matrix (sum 0).

    Raises:
        ValueError: if cm is not a square 2-D matrix of non-negative counts.
    """
    raise NotImplementedError("ex01: implement accuracy")


def precision(cm: np.ndarray) -> np.ndarray:
    """Per-class precision TP / (TP + FP) = cm[k, k] / (column k sum); float array (K,), 0.0 where 0/0.

    Raises:
        ValueError: if cm is not a square 2-D matrix of non-negative counts.
    """
    raise NotImplementedError("ex01: implement precision")


def recall(cm: np.ndarray) -> np.ndarray:
    """Per-class recall (sensitivity) TP / (TP + FN) = cm[k, k] / (row k sum); float array (K,), 0.0 where 0/0.

    Raises:
        ValueError: if cm is not a square 2-D matrix of non-negative counts.
    """
    raise NotImplementedError("ex01: implement recall")


def specificity(cm: np.ndarray) -> np.ndarray:
    """Per-class specificity TN / (TN + FP); float array (K,), 0.0 where TN + FP = 0.

    TN counts the samples that are neither of class k nor predicted as k.

    Raises:
        ValueError: if cm is not a square 2-D matrix of non-negative counts.
    """
    raise NotImplementedError("ex01: implement specificity")


def f1_score(cm: np.ndarray) -> np.ndarray:
    """Per-class F1, the harmonic mean of precision and recall: 2PR / (P + R); 0.0 where P + R = 0.

    Equivalently 2·TP / (2·TP + FP + FN).

    Raises:
        ValueError: if cm is not a square 2-D matrix of non-negative counts.
    """
    raise NotImplementedError("ex01: implement f1_score")
