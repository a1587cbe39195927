"""F1 as the arithmetic mean of precision and recall instead of the harmonic mean."""
EXPECT = "f1_arithmetic"


def f1_score(cm):
    return (precision(cm) + recall(cm)) / 2
