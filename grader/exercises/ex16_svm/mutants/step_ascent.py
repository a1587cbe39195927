"""The step adds the subgradient instead of subtracting it."""

EXPECT = "step_ascent"


def svm_step(w, b, X, y, lr, C=1.0):
    w, b, X, y = _problem(w, b, X, y)
    lr, C = _positive("lr", lr), _positive("C", C)
    dw, db = _subgradient(w, b, X, y, C)
    return w + lr * dw, b + lr * db
