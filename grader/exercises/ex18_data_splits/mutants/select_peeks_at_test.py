"""Chooses by the validation loss, but scores every candidate on the test set along the way."""

EXPECT = "test_peeked"


def select_by_validation(candidates, train, val, test, evaluate):
    candidates = list(candidates)
    if not candidates:
        raise ValueError("no candidates")
    parts = {name: _index_set(name, idx) for name, idx in (("train", train), ("val", val), ("test", test))}
    if parts["train"] & parts["val"] or parts["train"] & parts["test"] or parts["val"] & parts["test"]:
        raise ValueError("parts overlap")
    scores = [(float(evaluate(c, train, val)), float(evaluate(c, train, test))) for c in candidates]
    best = _argmin_first([v for v, _ in scores])
    return candidates[best], scores[best][0], scores[best][1]
