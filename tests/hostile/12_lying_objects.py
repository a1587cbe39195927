# exercise: ex01
# item: 10
# verdict: score 0; what crosses the boundary is plain data, so the lies are gone before any comparison
# expect_score: 0
# max_score_granted: 0
# budget_s: 0
# layers: bubblewrap unshare rlimits
"""Return objects that lie about their value.

* ``confusion_matrix``: the right counts as a float ``ndarray`` subclass whose ``==`` is always
  True, ``__array_ufunc__`` answers every comparison with True and ``dtype`` claims int64;
* ``accuracy``: an object with ``__array__`` / ``__float__`` / ``__eq__`` that agrees with anything;
* ``precision``: NaN everywhere (NaN compares unequal, so a careless ``not (a != b)`` passes it);
* ``recall``: an ``int`` subclass list whose ``__eq__`` is always True;
* ``specificity``: an array of dtype object holding lying numbers;
* ``f1_score``: a ``float`` subclass whose ``__float__``, ``__eq__`` and ``__abs__`` lie.

The child sends only plain data (``.npy`` without pickle, JSON): subclasses arrive as plain
arrays or numbers with their real values, unknown objects as opaque handles, object arrays not
at all. No student-defined class reaches the grader.
"""
import numpy as np


class AlwaysEqual(np.ndarray):
    def __eq__(self, other):
        return np.ones(np.shape(self), dtype=bool)

    __ne__ = lambda self, other: np.zeros(np.shape(self), dtype=bool)  # noqa: E731

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        return np.ones(np.broadcast_shapes(*(np.shape(i) for i in inputs)), dtype=bool)

    @property
    def dtype(self):
        return np.dtype(np.int64)


class Agreeable:
    def __array__(self, dtype=None, copy=None):
        return np.array(float("nan"))

    def __float__(self):
        return 0.5

    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False


class TrueInt(int):
    def __eq__(self, other):
        return True

    __hash__ = int.__hash__


class LyingFloat(float):
    def __float__(self):
        return 0.5

    def __eq__(self, other):
        return True

    def __abs__(self):
        return 0.0

    __hash__ = float.__hash__


def confusion_matrix(y_true, y_pred, num_classes):
    cm = np.zeros((num_classes, num_classes))
    np.add.at(cm, (np.asarray(y_true, dtype=int), np.asarray(y_pred, dtype=int)), 1.0)
    return cm.view(AlwaysEqual)


def accuracy(cm):
    return Agreeable()


def precision(cm):
    return np.full(len(cm), np.nan)


def recall(cm):
    return [TrueInt(7) for _ in range(len(cm))]


def specificity(cm):
    return np.array([LyingFloat(9.0) for _ in range(len(cm))], dtype=object)


def f1_score(cm):
    return LyingFloat(-3.0)
