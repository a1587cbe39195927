"""one_hot returns the (K, N) matrix: one column per sample instead of one row."""
import numpy as np

EXPECT = "one_hot_transposed"


def one_hot(y, num_classes):
    if num_classes < 1:
        raise ValueError("num_classes must be positive")
    y = _labels(y, num_classes)
    out = np.zeros((num_classes, y.shape[0]))
    out[y, np.arange(y.shape[0])] = 1.0
    return out


def cross_entropy_grad(logits, y):
    logits, y = _batch(logits, y)
    return (softmax(logits) - one_hot(y, logits.shape[1]).T) / logits.shape[0]
