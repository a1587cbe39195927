"""Public checks for ex18_data_splits: small examples you can work out by hand."""
import numpy as np
import pytest

from grader.author import Feedback, Rng, assert_equal, keys

K = keys(__file__)


def sorted_list(a) -> list[int]:
    return sorted(int(i) for i in np.asarray(a))


@pytest.mark.points(1)
@pytest.mark.concept(K("concept.split"))
def test_split_of_ten_samples(student):
    # n = 10, val_frac = test_frac = 0.2: sizes ⌊0.2·10⌋ = 2 and 2, the training part the other 6.
    # np.random.default_rng(0).permutation(10) is [4, 6, 2, 7, 3, 5, 9, 0, 8, 1]: cut 6 | 2 | 2.
    train, val, test = student.train_val_test_split(10, 0.2, 0.2, Rng(0))
    what = "train_val_test_split(10, 0.2, 0.2, rng=default_rng(0))"
    assert_equal([len(train), len(val), len(test)], [6, 2, 2], f"{what}: sizes")
    assert_equal(sorted_list(train), [2, 3, 4, 5, 6, 7], f"{what}: train (sorted)",
                 mistakes={K("no_shuffle"): [0, 1, 2, 3, 4, 5]})
    assert_equal(sorted_list(val), [0, 9], f"{what}: val (sorted)")
    assert_equal(sorted_list(test), [1, 8], f"{what}: test (sorted)")


@pytest.mark.points(1)
@pytest.mark.concept(K("concept.stratify"))
def test_stratified_split_keeps_the_classes_balanced(student):
    # Five samples of class 0 (indices 0-4) and five of class 1 (5-9): 0.2 of each class, one sample,
    # goes to validation and one to test.
    labels = np.array([0, 0, 0, 0, 0, 1, 1, 1, 1, 1])
    train, val, test = student.train_val_test_split(10, 0.2, 0.2, Rng(0), labels)
    for name, part, count in (("train", train, 3), ("val", val, 1), ("test", test, 1)):
        got = [int(np.sum(labels[np.asarray(part, dtype=int)] == c)) for c in (0, 1)]
        assert_equal(got, [count, count], f"train_val_test_split(…, labels): samples of class 0 and 1 in {name}",
                     mistakes={K("not_stratified"): lambda g, count=count: sum(g) == 2 * count and g != [count] * 2})


@pytest.mark.points(1)
@pytest.mark.concept(K("concept.kfold"))
def test_kfold_of_five_samples(student):
    # n = 5, k = 2, no shuffle: folds of 3 and 2 samples, the larger first.
    folds = student.kfold_indices(5, 2)
    assert_equal(len(folds), 2, "len(kfold_indices(5, 2))")
    for i in range(2):
        got_train, got_val = folds[i]
        assert_equal(sorted_list(got_val), [[0, 1, 2], [3, 4]][i], f"kfold_indices(5, 2)[{i}]: val",
                     mistakes={K("remainder_last"): [[0, 1], [2, 3, 4]][i]})
        assert_equal(sorted_list(got_train), [[3, 4], [0, 1, 2]][i], f"kfold_indices(5, 2)[{i}]: train",
                     mistakes={K("val_in_train_hint"): [0, 1, 2, 3, 4]})


@pytest.mark.points(1)
@pytest.mark.concept(K("concept.leakage"))
def test_select_by_validation_by_hand(student):
    # Two candidates; the validation loss prefers 1.0 (0.2 < 0.5), the test loss would prefer 0.1.
    losses = {0.1: {"val": 0.5, "test": 0.1}, 1.0: {"val": 0.2, "test": 0.4}}
    train, val, test = np.arange(0, 4), np.arange(4, 6), np.arange(6, 8)
    seen = []

    def evaluate(candidate, fit_idx, eval_idx):
        part = "val" if sorted_list(eval_idx) == [4, 5] else "test" if sorted_list(eval_idx) == [6, 7] else "other"
        seen.append((candidate, part))
        return losses[candidate].get(part, 1.0)

    best, val_loss, test_loss = student.select_by_validation([0.1, 1.0], train, val, test, evaluate)
    what = "select_by_validation([0.1, 1.0], …)"
    if [part for _, part in seen].count("test") != 1:
        raise Feedback(K("test_leak"), hint=K("test_peeked"), what=what, times=[p for _, p in seen].count("test"))
    assert_equal(best, 1.0, f"{what}: best", mistakes={K("chose_by_test"): 0.1})
    assert_equal([val_loss, test_loss], [0.2, 0.4], f"{what}: (val_loss, test_loss)")
