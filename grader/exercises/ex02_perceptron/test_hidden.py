"""Hidden tests for ex02_perceptron.

Random inputs come from a seed drawn by hypothesis (weights and samples are normal floats, so no
sample lies exactly on the hyperplane and the boundary convention never decides a result); the
boundary case y·s = 0 has its own small test. Training is checked by what every correct
perceptron shares — all training samples classified correctly on separable data — and, where the
docstring fixes the order of the updates (batch mode; pattern mode with a given rng), by the exact
weights as well.

Epoch budget. The separable sets are built with a geometric margin γ ≥ 0.1 around a hyperplane
through a point of [−0.5, 0.5]^d, with d ≤ 4 and x ∈ [−1, 1]^d, so that in the augmented space
R² = max‖x̃‖² ≤ 5 and the normalised margin is ≥ 0.1/√2. Novikoff's bound (R/γ)² ≤ 1000 updates
caps pattern mode at 1000 epochs; in practice (300 such sets) batch mode needed ≤ 8 epochs and
pattern mode ≤ 16, so a budget of 1000 epochs is generous for any correct implementation.
"""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grader.author import Cases, Feedback, Rng, StudentError, as_array, assert_close, assert_raises, keys

K = keys(__file__)


STEP = K("concept.step")
BIAS = K("concept.bias")
LOSS = K("concept.loss")
UPDATE = K("concept.update")
TRAIN = K("concept.training")
VALIDATION = K("concept.validation")

GATE_X = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
GATES = {"AND": np.array([-1, -1, -1, 1]), "OR": np.array([-1, 1, 1, 1]), "NAND": np.array([1, 1, 1, -1])}
EPOCHS = 1000  # see the module docstring


# ---- helpers ------------------------------------------------------------------------------------


def augment(X):
    return np.hstack([np.ones((X.shape[0], 1)), X])


def step_variants(s):
    s = np.asarray(s, dtype=np.float64)
    return {K("step_zero"): np.where(s >= 0, 1, -1), K("step_sign"): np.sign(s),
            K("step_01"): np.where(s > 0, 1, 0)}


def wrong_predictions(w, X):
    """What predict gives with the bias ignored, or taken from the last entry."""
    return {K("no_bias"): np.where(X @ w[1:] > 0, 1, -1),
            K("bias_last"): np.where(X @ w[:-1] + w[-1] > 0, 1, -1)}


def problem(seed, n, d):
    """Random (w, X, y) with no sample on the hyperplane."""
    r = np.random.default_rng(seed)
    return r.normal(size=d + 1), r.normal(size=(n, d)), r.choice([-1, 1], size=n)


def separable(seed, n, d, margin=0.1):
    """Points of [−1, 1]^d at distance ≥ margin from a random hyperplane, labelled by its side."""
    r = np.random.default_rng(seed)
    normal = r.normal(size=d)
    normal /= np.linalg.norm(normal)
    b = -normal @ r.uniform(-0.5, 0.5, size=d)
    X = r.uniform(-1, 1, size=(n, d))
    dist = X @ normal + b
    keep = np.abs(dist) >= margin
    if not keep.any():
        X, dist, keep = np.vstack([X, margin * normal - b * normal]), np.append(dist, margin), np.append(keep, True)
    return X[keep], np.where(dist[keep] > 0, 1, -1)


def weights(got, d, what, inputs):
    """The student's weights as a float array of shape (d + 1,)."""
    arr = as_array(got, what)
    if arr.shape != (d + 1,):
        hint = K("no_bias") if arr.shape == (d,) else None
        raise Feedback("core.shape", hint=hint, what=what, expected=(d + 1,), got=arr.shape, inputs=inputs)
    if not np.all(np.isfinite(arr)):
        raise Feedback("core.not_finite", what=what, values=("finite weights", arr), inputs=inputs)
    return arr


def check_separates(w, X, y, what, inputs):
    pred = np.where(augment(X) @ w > 0, 1, -1)
    wrong = pred != y
    if wrong.any():
        hint = K("no_bias") if w[0] == 0 else None
        raise Feedback(K("not_separated"), hint=hint, what=what, count=int(wrong.sum()), total=len(y),
                       values=(y, pred), inputs=dict(inputs, w=w))


# ---- step -----------------------------------------------------------------------------------------
@pytest.mark.points(1)
@pytest.mark.concept(STEP)
def test_step_examples(student):
    s = np.array([-2.0, -1e-12, 0.0, 1e-12, 3.5])
    assert_close(student.step(s), [-1, -1, -1, 1, 1], "step(s)", rtol=0, atol=0, mistakes=step_variants(s),
                 inputs={"s": s})
    assert_close(student.step(0.0), -1, "step(0.0)", rtol=0, atol=0, mistakes=step_variants(0.0))
    s2 = np.array([[0.0, 2.0], [-3.0, 0.0]])
    assert_close(student.step(s2), [[-1, 1], [-1, -1]], "step(s) on a (2, 2) array", rtol=0, atol=0,
                 mistakes=step_variants(s2), inputs={"s": s2})


@pytest.mark.points(1)
@pytest.mark.concept(STEP)
@given(seed=st.integers(0, 2**32 - 1), shape=st.sampled_from([(7,), (3, 4), (2, 3, 2)]))
def test_step_random(student, reference, seed, shape):
    r = np.random.default_rng(seed)
    s = np.round(r.normal(size=shape), 1)  # rounding puts some exact zeros in
    assert_close(student.step(s), reference.step(s), "step(s)", rtol=0, atol=0, mistakes=step_variants(s),
                 inputs={"s": s})


# ---- predict -------------------------------------------------------------------------------------
@pytest.mark.points(1)
@pytest.mark.concept(BIAS)
def test_predict_and_gate(student):
    w = np.array([-1.5, 1.0, 1.0])  # s = −1.5, −0.5, −0.5, 0.5
    assert_close(student.predict(w, GATE_X), GATES["AND"], "predict(w, X) for the AND gate", rtol=0, atol=0,
                 mistakes=wrong_predictions(w, GATE_X), inputs={"w": w, "X": GATE_X})
    w = np.array([-1.0, 1.0, 0.0])  # s = −1, 0, −1, 0: on the hyperplane means −1
    assert_close(student.predict(w, GATE_X), [-1, -1, -1, -1], "predict(w, X) with samples on the hyperplane",
                 rtol=0, atol=0, mistakes={K("step_zero"): np.array([-1, 1, -1, 1])}, inputs={"w": w, "X": GATE_X})
    w, X = np.array([0.1, -1.0]), np.array([[0.1], [0.3], [-0.2]])  # s = 0.1 − 0.1 = 0 exactly in float64
    assert_close(student.predict(w, X), [-1, -1, 1], "predict(w, X) with a sample on the hyperplane (s = 0.1 − 0.1)",
                 rtol=0, atol=0, mistakes={K("float32"): np.array([1, -1, 1])}, inputs={"w": w, "X": X})


@pytest.mark.points(2)
@pytest.mark.concept(BIAS)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 12), d=st.integers(1, 5))
def test_predict_random(student, reference, seed, n, d):
    w, X, _ = problem(seed, n, d)
    w[0] *= 3  # a bias large enough to matter
    assert_close(student.predict(w, X), reference.predict(w, X), "predict(w, X)", rtol=0, atol=0,
                 mistakes=wrong_predictions(w, X), inputs={"w": w, "X": X})


# ---- loss ----------------------------------------------------------------------------------------------
def loss_variants(w, X, y):
    s = augment(X) @ w
    m = y * s
    wrong = m <= 0
    m_nb = y * (X @ w[1:])
    return {K("loss_sign"): float(m[wrong].sum()),
            K("loss_all"): float(-m.sum()),
            K("loss_count"): float(wrong.sum()),
            K("no_bias"): float(-m_nb[m_nb <= 0].sum())}


@pytest.mark.points(2)
@pytest.mark.concept(LOSS)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 12), d=st.integers(1, 4))
def test_loss_random(student, reference, seed, n, d):
    w, X, y = problem(seed, n, d)
    expected = reference.perceptron_loss(w, X, y)
    assert_close(student.perceptron_loss(w, X, y), expected, "perceptron_loss(w, X, y)",
                 mistakes=loss_variants(w, X, y), inputs={"w": w, "X": X, "y": y})


@pytest.mark.points(1)
@pytest.mark.concept(LOSS)
def test_loss_is_zero_when_all_correct(student):
    w = np.array([-1.5, 1.0, 1.0])
    y = GATES["AND"]
    assert_close(student.perceptron_loss(w, GATE_X, y), 0.0, "perceptron_loss(w, X, y) with every sample correct",
                 mistakes=loss_variants(w, GATE_X, y), inputs={"w": w, "X": GATE_X, "y": y})


# ---- update --------------------------------------------------------------------------------------
def update_variants(w, X, y, lr):
    Xa = augment(X)
    wrong = y * (Xa @ w) <= 0
    step_ = y[wrong] @ Xa[wrong]
    nb = y * (X @ w[1:]) <= 0
    no_bias = w.copy()
    no_bias[1:] += lr * (y[nb] @ X[nb])
    return {K("update_sign"): w - lr * step_, K("update_all"): w + lr * (y @ Xa),
            K("no_bias"): no_bias, K("update_no_lr"): w + step_}


@pytest.mark.points(2)
@pytest.mark.concept(UPDATE)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 12), d=st.integers(1, 4),
       lr=st.sampled_from([0.1, 0.5, 2.0]))
def test_update_random(student, reference, seed, n, d, lr):
    w, X, y = problem(seed, n, d)
    assert_close(student.perceptron_update(w, X, y, lr), reference.perceptron_update(w, X, y, lr),
                 f"perceptron_update(w, X, y, lr={lr})", mistakes=update_variants(w, X, y, lr),
                 inputs={"w": w, "X": X, "y": y})


@pytest.mark.points(1)
@pytest.mark.concept(UPDATE)
def test_update_from_zero_counts_boundary_as_wrong(student):
    w = np.zeros(3)  # every sample has s = 0: on the hyperplane, so misclassified whatever its label
    y = GATES["AND"]
    expected = 0.5 * (y @ augment(GATE_X))  # [−1, 0.5·(1 − 1), …] = [−1, 0, 0]
    only_positive = 0.5 * augment(GATE_X)[y == 1].sum(axis=0)
    assert_close(student.perceptron_update(w, GATE_X, y, 0.5), expected, "perceptron_update(zeros(3), X, y, 0.5)",
                 mistakes={K("boundary"): only_positive, **update_variants(w, GATE_X, y, 0.5)},
                 inputs={"w": w, "X": GATE_X, "y": y})


@pytest.mark.points(1)
@pytest.mark.concept(UPDATE)
def test_update_leaves_w_unchanged(student):
    w, X, y = problem(7, 8, 3)
    got, args = student.call_and_return_args("perceptron_update", w, X, y, 0.5)
    if not (isinstance(args[0], np.ndarray) and np.array_equal(args[0], w)):
        raise Feedback("core.mutated_input", hint=K("in_place"), what="perceptron_update(w, X, y, 0.5): w")
    for name, before, after in (("X", X, args[1]), ("y", y, args[2])):
        if not (isinstance(after, np.ndarray) and np.array_equal(after, before)):
            raise Feedback("core.mutated_input", what=f"perceptron_update(w, X, y, 0.5): {name}")


# ---- training ----------------------------------------------------------------------------------------
def train_gates(student, mode):
    """Six independent cases (three gates, two learning rates): partial credit."""
    with Cases() as cases:
        for gate, y in GATES.items():
            for lr in (1.0, 0.1):
                with cases.case():
                    what = f"train_perceptron(X, y_{gate}, lr={lr}, epochs=100, mode={mode!r}, rng)"
                    inputs = {"X": GATE_X, "y": y}
                    got = student.train_perceptron(GATE_X, y, lr, 100, mode, Rng(1))
                    check_separates(weights(got, 2, what, inputs), GATE_X, y, what, inputs)


# Two tests rather than one parametrised test: points are read from the source, once per function.
@pytest.mark.points(2)
@pytest.mark.concept(TRAIN)
def test_train_logic_gates_batch(student):
    train_gates(student, "batch")


@pytest.mark.points(2)
@pytest.mark.concept(TRAIN)
def test_train_logic_gates_pattern(student):
    train_gates(student, "pattern")


@pytest.mark.points(3)
@pytest.mark.concept(TRAIN)
@settings(max_examples=25)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(2, 40), d=st.integers(1, 4),
       mode=st.sampled_from(["batch", "pattern"]), lr=st.sampled_from([1.0, 0.05]))
def test_train_separates_any_separable_set(student, seed, n, d, mode, lr):
    X, y = separable(seed, n, d)
    what = f"train_perceptron(X, y, lr={lr}, epochs={EPOCHS}, mode={mode!r}, rng)"
    inputs = {"X": X, "y": y}
    got = student.train_perceptron(X, y, lr, EPOCHS, mode, Rng(seed))
    check_separates(weights(got, d, what, inputs), X, y, what, inputs)


@pytest.mark.points(1)
@pytest.mark.concept(TRAIN)
def test_pattern_mode_shuffles_with_rng(student, reference):
    X, y = separable(3, 40, 2, margin=0.02)  # a small margin: many updates, so the order matters
    what = "train_perceptron(X, y, lr=1.0, epochs=1000, mode='pattern', rng=default_rng(seed))"
    results = [weights(student.train_perceptron(X, y, 1.0, EPOCHS, "pattern", Rng(seed)), 2, what, {"X": X, "y": y})
               for seed in (0, 0, 1, 2, 3, 4)]
    if not np.array_equal(results[0], results[1]):
        raise Feedback("core.not_deterministic", what=what)
    if all(np.array_equal(results[0], r) for r in results[2:]):
        raise Feedback(K("same_for_all_seeds"), hint=K("not_shuffled"), what=what,
                       values=("different weights for different seeds", results[0]), inputs={"X": X, "y": y})
    # The order rng.permutation(N) per epoch and the rule yᵢ(w · x̃ᵢ) ≤ 0 fix the weights exactly.
    expected = reference.train_perceptron(X, y, 1.0, EPOCHS, "pattern", np.random.default_rng(0))
    assert_close(results[0], expected, what.replace("seed", "0"), rtol=1e-9, atol=1e-12, inputs={"X": X, "y": y},
                 mistakes={K("pattern_trajectory"): lambda g: True})


# ---- validation -----------------------------------------------------------------------------------
@pytest.mark.points(1)
@pytest.mark.concept(VALIDATION)
def test_invalid_input_raises(student):
    y = GATES["AND"]
    y01 = (y + 1) // 2
    w2 = np.array([1.0, 1.0])
    x1 = GATE_X[:, 0]
    w31 = np.array([[-1.5], [1.0], [1.0]])
    y1 = np.array([1])
    cases = {
        "predict(w, X) with w of shape (d,) instead of (d + 1,)": (lambda: student.predict(w2, GATE_X),
                                                                  {"w": w2, "X": GATE_X}),
        "predict(w, X) with a 1-D X": (lambda: student.predict(np.zeros(2), x1), {"w": np.zeros(2), "X": x1}),
        "predict(w, X) with w of shape (d + 1, 1)": (lambda: student.predict(w31, GATE_X), {"w": w31, "X": GATE_X}),
        "perceptron_loss(w, X, y) with y of shape (1,)": (
            lambda: student.perceptron_loss(np.zeros(3), GATE_X, y1), {"w": np.zeros(3), "X": GATE_X, "y": y1}),
        "perceptron_loss(w, X, y) with labels 0/1 instead of -1/+1": (
            lambda: student.perceptron_loss(np.zeros(3), GATE_X, y01), {"w": np.zeros(3), "X": GATE_X, "y": y01}),
        "perceptron_loss(w, X, y) with y shorter than X": (
            lambda: student.perceptron_loss(np.zeros(3), GATE_X, y[:3]), {"w": np.zeros(3), "X": GATE_X, "y": y[:3]}),
        "perceptron_update(w, X, y, 0.5) with labels 0/1 instead of -1/+1": (
            lambda: student.perceptron_update(np.zeros(3), GATE_X, y01, 0.5),
            {"w": np.zeros(3), "X": GATE_X, "y": y01}),
        "perceptron_update(w, X, y, 0.5) with w of shape (d,) instead of (d + 1,)": (
            lambda: student.perceptron_update(w2, GATE_X, y, 0.5), {"w": w2, "X": GATE_X, "y": y}),
    }
    with Cases() as checks:
        for what, (call, inputs) in cases.items():
            with checks.case():
                assert_raises(call, ValueError, what, inputs=inputs, hint=K("no_validation"))


@pytest.mark.points(1)
@pytest.mark.concept(VALIDATION)
def test_train_rejects_invalid_arguments(student):
    y = GATES["AND"]
    empty = np.zeros((0, 2))
    cases = {
        "train_perceptron(X, y, mode='online')": ((GATE_X, y, 1.0, 10, "online", Rng(0)), {}),
        "train_perceptron(X, y, lr=0.0)": ((GATE_X, y, 0.0, 10, "batch", Rng(0)), {}),
        "train_perceptron(X, y, lr=-1.0)": ((GATE_X, y, -1.0, 10, "batch", Rng(0)), {}),
        "train_perceptron(X, y, epochs=-1)": ((GATE_X, y, 1.0, -1, "batch", Rng(0)), {}),
        "train_perceptron(X, y) with labels 0/1 instead of -1/+1": ((GATE_X, (y + 1) // 2, 1.0, 10, "batch", Rng(0)),
                                                                    {"y": (y + 1) // 2}),
        "train_perceptron(X, y) with y shorter than X": ((GATE_X, y[:3], 1.0, 10, "batch", Rng(0)), {"y": y[:3]}),
        "train_perceptron(X, y) with no samples (N = 0)": ((empty, np.zeros(0, dtype=np.int64), 1.0, 10, "batch",
                                                            Rng(0)), {"X": empty}),
    }
    with Cases() as checks:
        for what, (args, inputs) in cases.items():
            with checks.case():
                assert_raises(lambda args=args: student.train_perceptron(*args), ValueError, what,
                              inputs=inputs or None, hint=K("train_validation"))
        with checks.case():  # epochs ≥ 0 is allowed: 0 epochs is no pass at all, w = 0
            what = "train_perceptron(X, y, epochs=0)"
            try:
                got = student.train_perceptron(GATE_X, y, 1.0, 0, "batch", Rng(0))
            except StudentError as exc:
                raise Feedback("core.raised", hint=K("epochs_zero"), type=exc.type_name,
                               message=exc.message[:200]) from None
            assert_close(weights(got, 2, what, {"X": GATE_X, "y": y}), np.zeros(3), what, rtol=0, atol=0,
                         inputs={"X": GATE_X, "y": y}, mistakes={K("epochs_zero"): lambda g: True})


# ---- defaults ----------------------------------------------------------------------------------------
def slow_to_separate():
    """Twelve points that batch mode needs more than 200 epochs to separate: 100 epochs end mid-way."""
    r = np.random.default_rng(5)
    X = r.normal(size=(12, 2))
    return X, np.where(X[:, 0] + 0.3 * r.normal(size=12) > 0, 1, -1)


@pytest.mark.points(1)
@pytest.mark.concept(TRAIN)
def test_train_defaults(student, reference):
    X, y = slow_to_separate()
    expected = reference.train_perceptron(X, y, 1.0, 100, "batch", None)
    mistakes = {K("default_lr"): lambda g: any(np.allclose(g, f * expected) for f in (0.1, 0.5, 2.0, 10.0)),
                K("default_epochs"): lambda g: any(np.allclose(g, reference.train_perceptron(X, y, 1.0, e, "batch"))
                                                   for e in (10, 50, 99, 101, 200, 1000))}
    assert_close(weights(student.train_perceptron(X, y), 2, "train_perceptron(X, y)", {"X": X, "y": y}), expected,
                 "train_perceptron(X, y) (defaults: lr=1.0, epochs=100, mode='batch')", mistakes=mistakes,
                 inputs={"X": X, "y": y})
    # Decimal inputs with a sample landing exactly on the hyperplane (margin 0.1 − 0.1 = 0) after a few epochs:
    # whichever way the sums are ordered in float64 it is misclassified; in float32 it is not.
    X, y = np.array([[0.1], [-0.4], [-0.1]]), np.array([1, 1, -1])
    assert_close(weights(student.train_perceptron(X, y), 1, "train_perceptron(X, y)", {"X": X, "y": y}),
                 reference.train_perceptron(X, y), "train_perceptron(X, y) with decimal inputs", rtol=1e-9,
                 atol=1e-12, mistakes={K("float32"): np.array([1.0, -0.3])}, inputs={"X": X, "y": y})


@pytest.mark.points(1)
@pytest.mark.concept(TRAIN)
def test_pattern_mode_without_rng(student):
    X, y = separable(3, 40, 2, margin=0.02)
    what = "train_perceptron(X, y, epochs=1000, mode='pattern') without rng"
    inputs = {"X": X, "y": y}
    results = []
    for _ in range(3):
        try:
            got = student.train_perceptron(X, y, epochs=EPOCHS, mode="pattern")
        except StudentError as exc:
            raise Feedback("core.raised", hint=K("rng_none"), type=exc.type_name, message=exc.message[:200]) from None
        results.append(weights(got, 2, what, inputs))
        check_separates(results[-1], X, y, what, inputs)
    if all(np.array_equal(results[0], r) for r in results[1:]):
        raise Feedback(K("same_without_rng"), hint=K("rng_none"), what=what)
