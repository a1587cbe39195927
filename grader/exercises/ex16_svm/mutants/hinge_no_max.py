"""The hinge loss without its max(0, ·): samples far on their own side get a negative loss."""

EXPECT = "hinge_no_max"


def hinge_loss(scores, y):
    scores, y = _scores_labels(scores, y)
    return 1.0 - y * scores
