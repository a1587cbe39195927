"""Hidden tests for ex18_data_splits.

The split and the folds are fixed by the docstring (sizes by the floor rule, one
``rng.permutation`` per shuffle, cut in a stated order), so once the structure is right (a
partition of 0 … n − 1 with the stated sizes) they are compared exactly — as sets of indices per
part — with the reference on the same generator, and the k-fold ones also with an independent
oracle (``np.array_split`` of the same order).

Choosing a hyper-parameter is checked through the ``evaluate`` callback: it runs in the grader,
records every (candidate, fit indices, eval indices) the submission asks for, and returns the mean
of a per-sample loss table. The tables are built so that the validation set, the test set and the
training set each prefer a different candidate, so a choice that looked at the test set is seen
both in the calls and in the answer.
"""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grader.author import (
    Cases,
    Feedback,
    Rng,
    StudentError,
    as_array,
    assert_accepts,
    assert_close,
    assert_equal,
    assert_raises,
    assert_unchanged,
    keys,
)

K = keys(__file__)

SPLIT = K("concept.split")
SHUFFLE = K("concept.shuffle")
STRATIFY = K("concept.stratify")
KFOLD = K("concept.kfold")
LEAKAGE = K("concept.leakage")
CV = K("concept.cv")
VALID = K("concept.validation")

fractions = st.sampled_from([0.0, 0.1, 0.15, 0.2, 0.25, 0.3, 1 / 3, 0.5])
seeds = st.integers(0, 2**31 - 1)


# ---- reading the student's index arrays ------------------------------------------------------------
def index_array(got, what: str) -> np.ndarray:
    arr = as_array(got, what)
    if arr.ndim != 1:
        raise Feedback("core.shape", what=what, expected="(m,) — a 1-D array of indices", got=arr.shape)
    if arr.dtype.kind not in "iu":
        raise Feedback("core.dtype", hint=K("float_indices"), what=what, expected="integer", got=str(arr.dtype))
    return arr


def index_arrays(got, what: str, names: tuple[str, ...]) -> list[np.ndarray]:
    if not isinstance(got, (tuple, list)) or len(got) != len(names):
        raise Feedback("core.wrong_type", what=what, got=type(got).__name__,
                       expected=f"a tuple of {len(names)} index arrays ({', '.join(names)})")
    return [index_array(part, f"{what}: {name}") for part, name in zip(got, names)]


def check_partition(arrays: list[np.ndarray], names: tuple[str, ...], n: int, what: str,
                    inputs: dict | None = None) -> None:
    """The arrays are disjoint, free of repeats and together hold 0 … n − 1."""
    for arr, name in zip(arrays, names):
        bad = arr[(arr < 0) | (arr >= n)]
        if bad.size:
            raise Feedback(K("out_of_range"), what=what, part=name, n=n, example=int(bad[0]), inputs=inputs)
        if len(np.unique(arr)) != len(arr):
            values, counts = np.unique(arr, return_counts=True)
            raise Feedback(K("repeated"), what=what, part=name, example=int(values[counts > 1][0]), inputs=inputs)
    for i in range(len(arrays)):
        for j in range(i + 1, len(arrays)):
            common = np.intersect1d(arrays[i], arrays[j])
            if common.size:
                raise Feedback(K("overlap"), what=what, a=names[i], b=names[j], count=common.size,
                               example=int(common[0]), inputs=inputs)
    missing = np.setdiff1d(np.arange(n), np.concatenate(arrays) if arrays else np.zeros(0, int))
    if missing.size:
        raise Feedback(K("missing"), what=what, count=missing.size, n=n, example=int(missing[0]), inputs=inputs)


def as_sets(arrays) -> list[frozenset[int]]:
    return [frozenset(int(i) for i in np.asarray(a)) for a in arrays]


# ---- train / validation / test -----------------------------------------------------------------------
NAMES = ("train", "val", "test")


def split_call(n, vf, tf, labels=None) -> str:
    return f"train_val_test_split(n={n}, val_frac={vf:g}, test_frac={tf:g}, rng{'' if labels is None else ', labels'})"


def student_split(student, n, vf, tf, seed, labels=None):
    what = split_call(n, vf, tf, labels)
    args = (n, vf, tf, Rng(seed)) if labels is None else (n, vf, tf, Rng(seed), labels)
    arrays = index_arrays(student.train_val_test_split(*args), what, NAMES)
    return arrays, what


def floor_sizes(n, vf, tf) -> tuple[int, int, int]:
    n_val, n_test = int(vf * n), int(tf * n)
    return n - n_val - n_test, n_val, n_test


def wrong_sizes(n, vf, tf) -> list[tuple[str, tuple[int, int, int]]]:
    """Sizes of known mistakes: rounding or ceiling instead of the floor, validation and test swapped."""
    out = []
    for rule in (round, lambda x: int(np.ceil(x))):
        n_val, n_test = rule(vf * n), rule(tf * n)
        out.append((K("sizes_not_floor"), (n - n_val - n_test, n_val, n_test)))
    tr, va, te = floor_sizes(n, vf, tf)
    out.append((K("val_test_swapped"), (tr, te, va)))
    return out


def split_variants(n, vf, tf, seed) -> list[tuple[str, list[frozenset[int]]]]:
    """Known wrong splits on the same generator: no shuffle, and the stated shuffle cut in another order."""
    tr, va, te = floor_sizes(n, vf, tf)
    order = np.random.default_rng(seed).permutation(n)
    return [
        (K("no_shuffle"), as_sets([range(tr), range(tr, tr + va), range(tr + va, n)])),
        (K("cut_order"), as_sets([order[va + te:], order[:va], order[va:va + te]])),
        (K("cut_order"), as_sets([order[te + va:], order[te:te + va], order[:te]])),
    ]


def require_the_generator(student, seed, labels: bool = False, kfold: bool = False) -> None:
    """Two calls on 50 samples with the same seed must agree (two random splits of 50 samples agree with
    probability < 1e-20). A submission that draws from np.random.* then fails every example the same way,
    so hypothesis does not see a comparison with the reference that passes by chance on a small n."""
    if kfold:
        what = "kfold_indices(n=50, k=5, rng)"
        first, again = (as_sets(v for _, v in student_folds(student, 50, 5, seed)[0]) for _ in range(2))
    else:
        lab = np.arange(50) % 3 if labels else None
        what = split_call(50, 0.2, 0.2, lab)
        first, again = (as_sets(student_split(student, 50, 0.2, 0.2, seed, lab)[0]) for _ in range(2))
    if first != again:
        raise Feedback("core.not_deterministic", hint=K("ignores_rng"), what=f"{what}, rng = default_rng({seed})")


def check_sizes(arrays, expected, what, mistakes, inputs):
    got = tuple(len(a) for a in arrays)
    if got != expected:
        hint = next((key for key, sizes in mistakes if sizes == got), None)
        raise Feedback(K("sizes"), hint=hint, what=what, expected=expected, got=got, inputs=inputs)


@pytest.mark.points(2)
@pytest.mark.concept(SPLIT)
@settings(max_examples=25)
@given(n=st.integers(0, 60), vf=fractions, tf=fractions, seed=seeds)
def test_split_is_a_partition_with_the_stated_sizes(student, n, vf, tf, seed):
    arrays, what = student_split(student, n, vf, tf, seed)
    inputs = {"n": n, "val_frac": vf, "test_frac": tf}
    check_partition(arrays, NAMES, n, what, inputs)
    check_sizes(arrays, floor_sizes(n, vf, tf), what, wrong_sizes(n, vf, tf), inputs)




@pytest.mark.points(2)
@pytest.mark.concept(SPLIT)
def test_split_sizes_use_the_floor(student):
    # 0.25 · 10 = 2.5 → 2; 0.15 · 10 = 1.5 → 1; 0.3 · 7 = 2.1 → 2; 0.7 · 10 = 7.000000000000001 → 7.
    # The ends of [0, 1] are valid fractions: 1.0 puts every sample in one part, the training part empty.
    with Cases() as cases:
        for n, vf, tf in ((10, 0.25, 0.15), (7, 0.3, 0.3), (10, 0.7, 0.3), (9, 0.5, 0.4), (100, 0.2, 0.1),
                          (3, 0.1, 0.0), (5, 1.0, 0.0), (4, 0.0, 1.0)):
            with cases.case():
                arrays, what = assert_accepts(lambda n=n, vf=vf, tf=tf: student_split(student, n, vf, tf, seed=n),
                                             {"n": n, "val_frac": vf, "test_frac": tf}, hint=K("fraction_ends_allowed"))
                check_sizes(arrays, floor_sizes(n, vf, tf), what, wrong_sizes(n, vf, tf),
                            {"n": n, "val_frac": vf, "test_frac": tf})


@pytest.mark.points(3)
@pytest.mark.concept(SHUFFLE)
@settings(max_examples=20)
@given(n=st.integers(1, 60), vf=fractions, tf=fractions, seed=seeds)
def test_split_is_the_stated_shuffle_of_the_generator(student, reference, n, vf, tf, seed):
    require_the_generator(student, seed)
    arrays, what = student_split(student, n, vf, tf, seed)
    inputs = {"n": n, "val_frac": vf, "test_frac": tf, "rng": f"default_rng({seed})"}
    check_partition(arrays, NAMES, n, what, inputs)
    expected = as_sets(reference.train_val_test_split(n, vf, tf, np.random.default_rng(seed)))
    got = as_sets(arrays)
    if got != expected:
        hint = next((key for key, sets in split_variants(n, vf, tf, seed) if sets == got), None)
        part = next(name for name, g, e in zip(NAMES, got, expected) if g != e)
        raise Feedback(K("not_the_stated_shuffle"), hint=hint, what=what, part=part,
                       values=(sorted(expected[NAMES.index(part)]), sorted(got[NAMES.index(part)])), inputs=inputs)


@pytest.mark.points(2)
@pytest.mark.concept(SHUFFLE)
def test_split_is_reproducible_from_the_generator(student):
    n, vf, tf = 50, 0.2, 0.2
    what = split_call(n, vf, tf)
    first = as_sets(student_split(student, n, vf, tf, seed=7)[0])
    again = as_sets(student_split(student, n, vf, tf, seed=7)[0])
    if first != again:
        raise Feedback("core.not_deterministic", hint=K("ignores_rng"), what=f"{what}, rng = default_rng(7)")
    # Another seed must give another split: two random splits of 50 samples agree with probability < 1e-20.
    if as_sets(student_split(student, n, vf, tf, seed=8)[0]) == first:
        raise Feedback(K("same_split_any_seed"), hint=K("ignores_rng"), what=what)


@st.composite
def labelled(draw):
    counts = draw(st.lists(st.integers(0, 15), min_size=1, max_size=4))
    labels = np.repeat(np.array(draw(st.permutations([3, 0, 7, 1]))[: len(counts)]), counts)
    order = draw(st.permutations(range(len(labels)))) if len(labels) else []
    return labels[np.asarray(order, dtype=int)].astype(np.int64)


@pytest.mark.points(3)
@pytest.mark.concept(STRATIFY)
@settings(max_examples=25)
@given(labels=labelled(), vf=fractions, tf=fractions, seed=seeds)
def test_stratified_split(student, reference, labels, vf, tf, seed):
    n = len(labels)
    require_the_generator(student, seed, labels=True)
    arrays, what = student_split(student, n, vf, tf, seed, labels)
    inputs = {"labels": labels, "val_frac": vf, "test_frac": tf, "rng": f"default_rng({seed})"}
    check_partition(arrays, NAMES, n, what, inputs)
    for c in np.unique(labels):
        n_c = int(np.sum(labels == c))
        expected = floor_sizes(n_c, vf, tf)
        got = tuple(int(np.sum(labels[a] == c)) for a in arrays)
        if got != expected:
            raise Feedback(K("class_sizes"), hint=K("not_stratified"), what=what, label=int(c), n_c=n_c,
                           expected=expected, got=got, inputs=inputs)
    expected_sets = as_sets(reference.train_val_test_split(n, vf, tf, np.random.default_rng(seed), labels))
    got_sets = as_sets(arrays)
    if got_sets != expected_sets:
        part = next(name for name, g, e in zip(NAMES, got_sets, expected_sets) if g != e)
        i = NAMES.index(part)
        raise Feedback(K("not_the_stated_shuffle"), hint=K("stratified_draws"), what=what, part=part,
                       values=(sorted(expected_sets[i]), sorted(got_sets[i])), inputs=inputs)


@pytest.mark.points(1)
@pytest.mark.concept(SPLIT)
def test_inputs_are_not_modified(student):
    labels = np.random.default_rng(3).integers(0, 3, size=30)
    with Cases() as cases:
        with cases.case():
            _, args = student.call_and_return_args("train_val_test_split", 30, 0.2, 0.2, Rng(1), labels.copy())
            assert_unchanged(labels, args[4] if len(args) > 4 else None, split_call(30, 0.2, 0.2, labels) + ": labels",
                             hint=K("labels_in_place"))
        with cases.case():
            parts = {"train": np.array([5, 1, 4, 0]), "val": np.array([3, 2]), "test": np.array([7, 6])}
            ev = Evaluate([0.1, 1.0], tables(2, 8, 0))
            what = "select_by_validation(candidates, train, val, test, evaluate)"
            _, args = call_with(lambda: student.call_and_return_args(
                "select_by_validation", [0.1, 1.0], *(a.copy() for a in parts.values()), ev), ev, what)
            for i, (name, before) in enumerate(parts.items(), start=1):
                assert_unchanged(before, args[i] if len(args) > i else None, f"{what}: {name}", hint=K("parts_in_place"))


@pytest.mark.points(1)
@pytest.mark.concept(VALID)
def test_split_rejects_invalid_input(student):
    cases = [((10, 0.6, 0.5), "val_frac + test_frac > 1"), ((10, -0.1, 0.2), "val_frac < 0"),
             ((10, 0.2, 1.5), "test_frac > 1"), ((10, float("nan"), 0.2), "val_frac is NaN"),
             ((10, None, 0.2), "val_frac is None"), ((10, 0.5, 0.5005), "val_frac + test_frac = 1.0005 > 1"),
             ((-1, 0.2, 0.2), "n < 0"), ((10.0, 0.2, 0.2), "n is a float"), ((True, 0.2, 0.2), "n is a bool")]
    with Cases() as checks:
        for args, why in cases:
            with checks.case():
                assert_raises(lambda args=args: student.train_val_test_split(*args, Rng(0)), ValueError,
                              f"train_val_test_split({why})", hint=K("no_validation"))
        with checks.case():
            assert_raises(lambda: student.train_val_test_split(10, 0.2, 0.2, Rng(0), np.zeros(9, dtype=int)),
                          ValueError, "train_val_test_split(n=10, labels of shape (9,))", hint=K("no_validation"))


# ---- k-fold ----------------------------------------------------------------------------------------
def student_folds(student, n, k, seed=None) -> tuple[list[tuple[np.ndarray, np.ndarray]], str]:
    what = f"kfold_indices(n={n}, k={k}{'' if seed is None else ', rng'})"
    got = student.kfold_indices(n, k) if seed is None else student.kfold_indices(n, k, Rng(seed))
    if not isinstance(got, (list, tuple)) or len(got) != k:
        raise Feedback("core.wrong_type", what=what, expected=f"a list of k = {k} (train, val) pairs",
                       got=f"{type(got).__name__} of length {len(got)}" if isinstance(got, (list, tuple))
                       else type(got).__name__)
    return [tuple(index_arrays(pair, f"{what}[{i}]", ("train", "val"))) for i, pair in enumerate(got)], what


def fold_sizes(n, k) -> list[int]:
    return [n // k + (1 if i < n % k else 0) for i in range(k)]


@pytest.mark.points(3)
@pytest.mark.concept(KFOLD)
@settings(max_examples=25)
@given(data=st.data())
def test_kfold_structure(student, data):
    n = data.draw(st.integers(2, 40), label="n")
    k = data.draw(st.integers(2, min(n, 8)), label="k")
    seed = data.draw(st.one_of(st.none(), seeds), label="seed")
    folds, what = student_folds(student, n, k, seed)
    inputs = {"n": n, "k": k, "rng": "None" if seed is None else f"default_rng({seed})"}
    for i, (train, val) in enumerate(folds):
        common = np.intersect1d(train, val)
        if common.size:
            raise Feedback(K("val_in_train"), hint=K("val_in_train_hint"), what=f"{what}[{i}]", count=common.size,
                           example=int(common[0]), inputs=inputs)
        check_partition([train, val], ("train", "val"), n, f"{what}[{i}]", inputs)
    vals = [val for _, val in folds]
    sizes = [len(v) for v in vals]
    if sizes != fold_sizes(n, k):
        remainder_last = [n // k] * (k - 1) + [n - (k - 1) * (n // k)]
        hint = K("remainder_last") if sizes == remainder_last else None
        if sizes == [n // k] * k:
            hint = K("samples_never_validated")
        raise Feedback(K("fold_sizes"), hint=hint, what=what, expected=fold_sizes(n, k), got=sizes, inputs=inputs)
    counts = np.bincount(np.concatenate(vals), minlength=n)
    if not np.all(counts == 1):
        bad = int(np.flatnonzero(counts != 1)[0])
        raise Feedback(K("validated_once"), what=what, index=bad, times=int(counts[bad]), inputs=inputs)


@pytest.mark.points(2)
@pytest.mark.concept(KFOLD)
def test_kfold_without_rng_is_consecutive(student):
    # The default rng=None: no shuffle. Oracle: np.array_split puts the larger pieces first.
    with Cases() as cases:
        for n, k in ((10, 4), (10, 2), (7, 7), (23, 5), (2, 2)):
            with cases.case():
                folds, what = student_folds(student, n, k)
                expected = np.array_split(np.arange(n), k)
                for i, ((train, val), exp) in enumerate(zip(folds, expected)):
                    assert_equal(sorted(val.tolist()), exp.tolist(), f"{what}[{i}]: val (sorted)",
                                 mistakes={K("remainder_last"): list(range(i * (n // k), n if i == k - 1
                                                                           else (i + 1) * (n // k)))})
                    assert_equal(sorted(train.tolist()), sorted(set(range(n)) - set(exp.tolist())),
                                 f"{what}[{i}]: train (sorted)")


@pytest.mark.points(2)
@pytest.mark.concept(SHUFFLE)
@settings(max_examples=15)
@given(n=st.integers(2, 40), k=st.integers(2, 8), seed=seeds)
def test_kfold_with_rng_cuts_one_permutation(student, n, k, seed):
    k = min(k, n)
    require_the_generator(student, seed, kfold=True)
    folds, what = student_folds(student, n, k, seed)
    order = np.random.default_rng(seed).permutation(n)
    expected = np.array_split(order, k)
    for i, ((_, val), exp) in enumerate(zip(folds, expected)):
        if set(val.tolist()) != set(exp.tolist()):
            raise Feedback(K("fold_not_stated"), what=f"{what}[{i}]", fold=i, values=(sorted(exp.tolist()),
                           sorted(val.tolist())), inputs={"n": n, "k": k, "rng": f"default_rng({seed})"})


@pytest.mark.points(1)
@pytest.mark.concept(VALID)
def test_kfold_rejects_invalid_input(student):
    with Cases() as checks:
        for args, why in (((10, 1), "k = 1"), ((5, 6), "k > n"), ((10, 2.0), "k is a float"), ((10, 0), "k = 0"),
                          ((10.0, 2), "n is a float")):
            with checks.case():
                assert_raises(lambda args=args: student.kfold_indices(*args), ValueError, f"kfold_indices({why})",
                              hint=K("no_validation"))


# ---- choosing a hyper-parameter: the evaluate callback -----------------------------------------------
class Evaluate:
    """The ``evaluate`` callback: records each call; the loss is the mean of a per-sample table."""

    def __init__(self, candidates: list, table: np.ndarray) -> None:
        self.candidates = candidates
        self.table = table  # (len(candidates), n)
        self.calls: list[tuple[int, frozenset[int], frozenset[int]]] = []
        self.bad: str | None = None

    def __call__(self, candidate, fit_idx, eval_idx) -> float:
        known = isinstance(candidate, (str, int, float, np.generic)) and not isinstance(candidate, bool)
        ci = next((i for i, c in enumerate(self.candidates) if known and c == candidate), None)
        if ci is None:
            self.bad = f"evaluate got candidate {str(candidate)[:80]}, which is not one of {self.candidates}"
            raise ValueError(self.bad)
        fit, ev = self._indices(fit_idx, "fit_idx"), self._indices(eval_idx, "eval_idx")
        if not ev.size:
            self.bad = "evaluate was asked to score an empty set of samples"
            raise ValueError(self.bad)
        self.calls.append((ci, frozenset(fit.tolist()), frozenset(ev.tolist())))
        return float(np.mean(self.table[ci, ev]))

    def _indices(self, idx, name: str) -> np.ndarray:
        arr = np.asarray(idx)
        n = self.table.shape[1]
        if arr.ndim != 1 or (arr.size and (arr.dtype.kind not in "iu" or arr.min() < 0 or arr.max() >= n)):
            self.bad = f"evaluate got {name} = {str(idx)[:80]}, not a 1-D array of indices in 0 … {n - 1}"
            raise ValueError(self.bad)
        return arr.astype(np.int64)

    def loss(self, ci: int, idx) -> float:
        return float(np.mean(self.table[ci, np.asarray(sorted(idx), dtype=int)]))


def call_with(fn, evaluate: Evaluate, what: str, *args):
    try:
        return fn(*args)
    except StudentError as exc:
        if evaluate.bad is not None:
            raise Feedback(K("bad_evaluate_call"), what=what, detail=evaluate.bad) from None
        if exc.is_a(NotImplementedError):
            raise
        raise


def argmin_first(values) -> int:
    return int(np.argmin(values))  # np.argmin returns the first minimum


def check_select_calls(ev: Evaluate, parts: dict[str, frozenset], best: int, got_best, what: str, inputs: dict):
    """The procedure the docstring states: fit on train; val once per candidate; test once, last, for the best."""
    train, val, test = parts["train"], parts["val"], parts["test"]
    C = len(ev.candidates)
    for ci, fit, _ in ev.calls:
        if fit != train:
            hint = K("fit_on_test") if fit & test else K("fit_on_val") if fit & val else None
            raise Feedback(K("fit_not_train"), hint=hint, what=what, candidate=ev.candidates[ci], inputs=inputs)
    test_calls = [i for i, (_, _, evs) in enumerate(ev.calls) if evs & test]
    val_calls = [i for i, (_, _, evs) in enumerate(ev.calls) if evs == val]
    by_test = argmin_first([ev.loss(c, test) for c in range(C)])
    if len(test_calls) > 1 or (test_calls and val_calls and test_calls[0] < val_calls[-1]):
        chose_by_test = by_test != best and got_best == ev.candidates[by_test]
        raise Feedback(K("test_leak"), hint=K("chose_by_test") if chose_by_test else K("test_peeked"), what=what,
                       times=len(test_calls), inputs=inputs)
    for ci, _, evs in ev.calls:
        if evs != val and evs != test:
            hint = K("chose_by_train") if evs == train else None
            raise Feedback(K("eval_not_val"), hint=hint, what=what, candidate=ev.candidates[ci], inputs=inputs)
    scored = sorted(ev.calls[i][0] for i in val_calls)
    if scored != list(range(C)):
        raise Feedback(K("val_once_each"), what=what, count=len(val_calls), candidates=C, inputs=inputs)
    if len(test_calls) != 1:
        raise Feedback(K("no_test_call"), what=what, inputs=inputs)
    if ev.calls[test_calls[0]][0] != best and got_best == ev.candidates[best]:
        raise Feedback(K("test_wrong_candidate"), what=what, inputs=inputs)


def run_select(student, candidates: list, table: np.ndarray, parts: dict[str, np.ndarray]):
    ev = Evaluate(candidates, table)
    what = "select_by_validation(candidates, train, val, test, evaluate)"
    got = call_with(student.select_by_validation, ev, what, candidates, parts["train"], parts["val"], parts["test"], ev)
    if not isinstance(got, (tuple, list)) or len(got) != 3:
        raise Feedback("core.wrong_type", what=what, expected="a tuple (best, val_loss, test_loss)",
                       got=type(got).__name__)
    sets = {k: frozenset(int(i) for i in v) for k, v in parts.items()}
    C = len(candidates)
    val_losses = [ev.loss(c, sets["val"]) for c in range(C)]
    best = argmin_first(val_losses)
    inputs = {"candidates": candidates, **{f"{k}_loss_per_candidate": np.round([ev.loss(c, s) for c in range(C)], 4)
                                          for k, s in sets.items()}}
    check_select_calls(ev, sets, best, got[0], what, inputs)
    mistakes = {K("chose_by_test"): candidates[argmin_first([ev.loss(c, sets["test"]) for c in range(C)])],
                K("chose_by_train"): candidates[argmin_first([ev.loss(c, sets["train"]) for c in range(C)])],
                K("chose_highest"): candidates[int(np.argmax(val_losses))]}
    assert_equal(got[0], candidates[best], f"{what}: best", inputs=inputs,
                 mistakes={k: v for k, v in mistakes.items() if v != candidates[best]})
    assert_close(got[1], val_losses[best], f"{what}: val_loss", inputs=inputs)
    assert_close(got[2], ev.loss(best, sets["test"]), f"{what}: test_loss", inputs=inputs)


def tables(n_candidates: int, n: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).uniform(0.0, 1.0, size=(n_candidates, n))


def make_parts(n: int, seed: int) -> dict[str, np.ndarray]:
    order = np.random.default_rng(seed + 1).permutation(n)
    n_val = n_test = n // 4
    n_train = n - n_val - n_test
    return {"train": order[:n_train], "val": order[n_train:n_train + n_val], "test": order[n_train + n_val:]}


@pytest.mark.points(2)
@pytest.mark.concept(LEAKAGE)
@settings(max_examples=20)
@given(n_candidates=st.integers(1, 5), n=st.integers(8, 30), seed=seeds)
def test_select_by_validation_loss(student, n_candidates, n, seed):
    candidates = [0.001, 0.01, 0.1, 1.0, 10.0][:n_candidates]
    run_select(student, candidates, tables(n_candidates, n, seed), make_parts(n, seed))


def leaky_table() -> tuple[list, np.ndarray, dict[str, np.ndarray]]:
    """Four candidates; training prefers 'a', validation 'b', test 'c', and 'd' is the worst on validation."""
    n = 12
    parts = {"train": np.arange(0, 6), "val": np.arange(6, 9), "test": np.arange(9, 12)}
    per_part = {"a": (0.1, 0.6, 0.7), "b": (0.3, 0.2, 0.5), "c": (0.5, 0.4, 0.1), "d": (0.4, 0.9, 0.3)}
    table = np.zeros((4, n))
    for ci, (tr, va, te) in enumerate(per_part.values()):
        table[ci, parts["train"]], table[ci, parts["val"]], table[ci, parts["test"]] = tr, va, te
    return list(per_part), table, parts


@pytest.mark.points(3)
@pytest.mark.concept(LEAKAGE)
def test_select_never_looks_at_the_test_set_to_choose(student):
    candidates, table, parts = leaky_table()
    run_select(student, candidates, table, parts)


@pytest.mark.points(1)
@pytest.mark.concept(LEAKAGE)
def test_select_ties_go_to_the_first_candidate(student):
    parts = {"train": np.arange(3), "val": np.arange(3, 6), "test": np.arange(6, 9)}
    table = np.array([[0.5] * 3 + [0.4] * 3 + [0.1] * 3, [0.2] * 3 + [0.3] * 3 + [0.9] * 3,
                      [0.1] * 3 + [0.3] * 3 + [0.2] * 3])
    run_select(student, [3, 5, 7], table, parts)


@pytest.mark.points(1)
@pytest.mark.concept(VALID)
def test_select_rejects_invalid_input(student):
    ev = Evaluate(["x"], np.ones((1, 10)))
    with Cases() as checks:
        with checks.case():
            assert_raises(lambda: student.select_by_validation([], np.arange(6), np.arange(6, 8), np.arange(8, 10), ev),
                          ValueError, "select_by_validation(candidates=[], …)", hint=K("no_validation"))
        for a, b, parts in (("train", "test", (np.arange(6), np.arange(6, 8), np.arange(5, 10))),
                            ("val", "test", (np.arange(6), np.arange(6, 9), np.arange(8, 10))),
                            ("train", "val", (np.arange(7), np.arange(6, 8), np.arange(8, 10)))):
            with checks.case():
                assert_raises(lambda parts=parts: student.select_by_validation(["x"], *parts, ev), ValueError,
                              f"select_by_validation({a} ∩ {b} ≠ ∅)",
                              inputs=dict(zip(NAMES, parts)), hint=K("overlap_not_rejected"))


# ---- cross-validation ------------------------------------------------------------------------------------
def run_cv(student, reference, candidates: list, n: int, k: int, seed: int | None, table: np.ndarray):
    ev = Evaluate(candidates, table)
    what = f"cross_validate(candidates, n={n}, k={k}, evaluate{'' if seed is None else ', rng'})"
    args = (candidates, n, k, ev) if seed is None else (candidates, n, k, ev, Rng(seed))
    got = call_with(student.cross_validate, ev, what, *args)
    inputs = {"candidates": candidates, "n": n, "k": k, "rng": "None" if seed is None else f"default_rng({seed})"}
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        raise Feedback("core.wrong_type", what=what, expected="a tuple (best, cv_losses)", got=type(got).__name__)
    everything = frozenset(range(n))
    per_candidate: dict[int, list[frozenset[int]]] = {c: [] for c in range(len(candidates))}
    for ci, fit, evs in ev.calls:
        if fit & evs:
            raise Feedback(K("cv_fit_on_val"), hint=K("val_in_train_hint"), what=what, candidate=candidates[ci],
                           inputs=inputs)
        if fit | evs != everything:
            raise Feedback(K("cv_not_all_samples"), what=what, candidate=candidates[ci], inputs=inputs)
        per_candidate[ci].append(evs)
    for ci, folds in per_candidate.items():
        if len(folds) != k or frozenset().union(*folds) != everything or sum(map(len, folds)) != n:
            raise Feedback(K("cv_each_fold_once"), what=what, candidate=candidates[ci], calls=len(folds), k=k,
                           inputs=inputs)
    first = sorted(map(sorted, per_candidate[0]))
    if any(sorted(map(sorted, f)) != first for f in per_candidate.values()):
        raise Feedback(K("cv_folds_differ"), hint=K("folds_redrawn"), what=what, inputs=inputs)
    folds = reference.kfold_indices(n, k, None if seed is None else np.random.default_rng(seed))
    expected = np.array([np.mean([ev.loss(c, va) for _, va in folds]) for c in range(len(candidates))])
    pooled = np.array([ev.loss(c, range(n)) for c in range(len(candidates))])
    assert_close(got[1], expected, f"{what}: cv_losses", inputs=inputs, dtype_kind="f",
                          mistakes={K("cv_pooled_mean"): pooled} if not np.allclose(pooled, expected) else None)
    assert_equal(got[0], candidates[argmin_first(expected)], f"{what}: best", inputs=inputs,
                 mistakes={K("chose_highest"): candidates[int(np.argmax(expected))]}
                 if np.argmax(expected) != argmin_first(expected) else None)


@pytest.mark.points(3)
@pytest.mark.concept(CV)
@settings(max_examples=15)
@given(data=st.data())
def test_cross_validate(student, reference, data):
    n = data.draw(st.integers(4, 25), label="n")
    k = data.draw(st.integers(2, min(n, 6)), label="k")
    n_candidates = data.draw(st.integers(1, 4), label="candidates")
    seed = data.draw(st.one_of(st.none(), seeds), label="seed")
    candidates = ["linear", "quadratic", "cubic", "quartic"][:n_candidates]
    run_cv(student, reference, candidates, n, k, seed, tables(n_candidates, n, data.draw(seeds, label="table")))


@pytest.mark.points(2)
@pytest.mark.concept(CV)
def test_cross_validate_folds_shared_and_mean_of_folds(student, reference):
    # 10 samples in 4 folds of 3, 3, 2, 2: the mean of the fold losses differs from the mean over samples.
    table = np.array([[0.0] * 6 + [1.0] * 4, [0.3] * 10, [1.0] * 6 + [0.0] * 4])
    with Cases() as cases:
        for seed in (None, 11):
            with cases.case():
                run_cv(student, reference, [0.1, 1.0, 10.0], 10, 4, seed, table)


@pytest.mark.points(1)
@pytest.mark.concept(VALID)
def test_cross_validate_rejects_invalid_input(student):
    ev = Evaluate([1.0], np.ones((1, 10)))
    with Cases() as checks:
        for args, why in ((([], 10, 2, ev), "no candidates"), (([1.0], 10, 1, ev), "k = 1"),
                          (([1.0], 3, 4, ev), "k > n")):
            with checks.case():
                assert_raises(lambda args=args: student.cross_validate(*args), ValueError, f"cross_validate({why})",
                              hint=K("no_validation"))
