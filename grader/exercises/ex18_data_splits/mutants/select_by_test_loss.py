"""Scores every candidate on the test set and picks the one with the lowest TEST loss."""

EXPECT = "chose_by_test"


def select_by_validation(candidates, train, val, test, evaluate):
    candidates = list(candidates)
    if not candidates:
        raise ValueError("no candidates")
    parts = {name: _index_set(name, idx) for name, idx in (("train", train), ("val", val), ("test", test))}
    if parts["train"] & parts["val"] or parts["train"] & parts["test"] or parts["val"] & parts["test"]:
        raise ValueError("parts overlap")
    val_losses = [float(evaluate(c, train, val)) for c in candidates]
    test_losses = [float(evaluate(c, train, test)) for c in candidates]
    best = _argmin_first(test_losses)
    return candidates[best], val_losses[best], test_losses[best]
