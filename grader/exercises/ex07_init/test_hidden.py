"""Hidden tests for ex07_init.

Random initialisers cannot be compared value by value with the reference (``rng.uniform(-a, a)``
and ``a * (2 * rng.random() - 1)`` are both right), so the tests check what every correct answer
shares, with bounds derived from the sample size n:

* exact support of the uniform ones: every |w| ≤ a; and the largest |w| reaches a(1 − ε) with
  ε = ln(1/δ)/n, since P(max |w| < a(1 − ε)) = (1 − ε)^n ≤ e^{−nε} = δ;
* the spread: the mean square m = mean(w²) (the mean is known to be 0) against σ².
  Normal: n·m/σ² ~ χ²(n) and Laurent–Massart (2000) give, with x = ln(2/δ),
  P(m/σ² ∉ [1 − 2√(x/n), 1 + 2√(x/n) + 2x/n]) ≤ δ.
  Uniform: w² ∈ [0, a²] and Hoeffding give P(|m − a²/3| ≥ a²·√(x/(2n))) ≤ δ;
* the mean: normal, |mean| ≤ σ·√(2x/n) (Gaussian tail); uniform, |mean| ≤ 2a·√(x/(2n)) (Hoeffding);
* the whole distribution against ``torch.nn.init`` and against the reference: the two-sample
  Kolmogorov–Smirnov distance D between the student's n weights and the oracle's m weights.
  DKW–Massart, P(sup|F_n − F| > ε) ≤ 2e^{−2nε²}, for each sample with failure probability δ/2
  gives D ≤ √(ln(4/δ)/(2n)) + √(ln(4/δ)/(2m)) except with probability δ.

* one exact check: weights that are precisely the reference's draws from the same rng times a
  constant c ≠ 1 have the std (or bound) off by c — a slip in a constant's 4th digit, far below what a
  sample shows. Weights drawn any other way skip it, so it never fails a correct answer.
δ = DELTA = 1e-8 for every check. No test makes more than 20 statistical checks, so by the union
bound a correct answer fails a test with probability below 2e-7 < 1e-6 (over the randomness of
its draws; the grading seeds are fixed, so the grade itself is deterministic). The sample shapes
are chosen so that each known wrong answer lands many tolerances away, and its statistic matches
that mistake's prediction, which names it.

Torch stores a dense weight as (out, in) = (fan_out, fan_in): a (fan_in, fan_out) weight here is
compared with a torch tensor of the transposed shape. Conv weights have the same shape in both.
"""
import math

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from grader.author import Cases, Feedback, Rng, as_array, assert_equal, assert_raises, keys

K = keys(__file__)


FANS = K("concept.fans")
XAVIER = K("concept.xavier")
HE = K("concept.he")
UNIFORM = K("concept.uniform_bound")
RNG = K("concept.rng")
VALIDATION = K("concept.validation")

DELTA = 1e-8
LOG = math.log(2 / DELTA)
DENSE = (400, 100)  # fan_in 400, fan_out 100: 40 000 weights
CONV = (48, 32, 3, 3)  # fan_in 288, fan_out 432: 13 824 weights
TANH_GAIN = 5 / 3
FUNCS = ("xavier_uniform", "xavier_normal", "he_uniform", "he_normal")


# ---- the formulas, with the known wrong variants ----------------------------------------------------

def fans_of(shape):
    if len(shape) == 2:
        return shape[0], shape[1]
    rf = math.prod(shape[2:])
    return shape[1] * rf, shape[0] * rf


def std_variants(fn, shape, gain):
    """{catalogue key or None (the right answer): the std that formula gives}."""
    fi, fo = fans_of(shape)
    uniform = fn.endswith("uniform")
    no_rf = (shape[1], shape[0]) if len(shape) > 2 else None
    out = {}
    if fn.startswith("xavier"):
        def std(fi, fo, g=gain):
            return g * math.sqrt(2 / (fi + fo))
        out[None] = std(fi, fo)
        out[K("xavier_fan_in_only")] = gain / math.sqrt(fi)
        if gain != 1:
            out[K("no_gain")] = std(fi, fo, 1.0)
        if not uniform:
            out[K("normal_uses_bound")] = math.sqrt(3) * std(fi, fo)
    else:
        def std(fi, fo):
            return math.sqrt(2 / fi)
        out[None] = std(fi, fo)
        out[K("he_fan_out")] = std(fo, fi)
        out[K("he_no_relu_gain")] = math.sqrt(1 / fi)
        if not uniform:
            out[K("normal_uses_bound")] = math.sqrt(3) * std(fi, fo)
    if no_rf:
        out[K("conv_no_receptive_field")] = std(*no_rf)
    if uniform:
        out[K("uniform_no_sqrt3")] = out[None] / math.sqrt(3)
    return out


def rms_interval(n, uniform):
    """Relative interval for sqrt(mean(w²)) / σ that a correct answer stays in (probability ≥ 1 − δ)."""
    if uniform:
        half = 3 * math.sqrt(LOG / (2 * n))  # on m / σ², σ² = a²/3
        lo, hi = 1 - half, 1 + half
    else:
        lo, hi = 1 - 2 * math.sqrt(LOG / n), 1 + 2 * math.sqrt(LOG / n) + 2 * LOG / n
    return math.sqrt(max(lo, 0.0)), math.sqrt(hi)


def which_mistake(observed_std, variants, n, uniform):
    lo, hi = rms_interval(n, uniform)
    for key, s in variants.items():
        if key is not None and lo <= observed_std / s <= hi:
            return key
    return None


def call_init(student, fn, shape, seed, gain=None):
    args = (shape, Rng(seed)) if gain is None else (shape, Rng(seed), gain)
    what = f"{fn}({shape}, rng" + ("" if gain is None else f", gain={gain:.4g}") + ")"
    w = as_array(getattr(student, fn)(*args), what, allow_scalar=False)
    if w.shape != tuple(shape):
        raise Feedback("core.shape", what=what, expected=tuple(shape), got=w.shape)
    if w.dtype.kind != "f":
        raise Feedback("core.dtype", what=what, expected="floating-point", got=str(w.dtype))
    if not np.isfinite(w).all():
        raise Feedback("core.not_finite", what=what)
    return w, what


def check_distribution(w, what, fn, shape, gain):
    """Support (uniform), spread and mean of one sample against the formula."""
    n = w.size
    uniform = fn.endswith("uniform")
    variants = std_variants(fn, shape, gain if gain is not None else 1.0)
    sigma = variants[None]
    observed = float(np.sqrt(np.mean(w.astype(np.float64) ** 2)))
    hint = which_mistake(observed, variants, n, uniform)
    if uniform:
        a = math.sqrt(3) * sigma
        top = float(np.max(np.abs(w)))
        eps = math.log(1 / DELTA) / n
        if top > a * (1 + 1e-12) or top < a * (1 - eps):
            raise Feedback(K("uniform_bound"), hint=hint, what=what, bound=f"{a:.6g}", top=f"{top:.6g}",
                           eps=f"{eps:.2%}")
    lo, hi = rms_interval(n, uniform)
    if not lo <= observed / sigma <= hi:
        raise Feedback(K("wrong_std"), hint=hint, what=what, std=f"{sigma:.6g}", got_std=f"{observed:.6g}",
                       low=f"{sigma * lo:.6g}", high=f"{sigma * hi:.6g}")
    mean = float(np.mean(w))
    tol = (2 * math.sqrt(3) * sigma * math.sqrt(LOG / (2 * n))) if uniform else sigma * math.sqrt(2 * LOG / n)
    if abs(mean) > tol:
        raise Feedback(K("nonzero_mean"), hint=K("not_centred") if uniform else None, what=what,
                       mean=f"{mean:.4g}", tol=f"{tol:.4g}")


def check_not_rescaled(w, what, fn, shape, gain, seed, reference):
    """Weights that are exactly the reference's draws from the same rng times a constant c ≠ 1: the std (or
    bound) is off by c. Any other way of drawing is left to the statistical checks, so no correct answer
    fails here; this sees a scale error far below what a sample can show (a 4th-digit slip in a constant)."""
    ref = getattr(reference, fn)(shape, np.random.default_rng(seed), *(() if gain is None else (gain,)))
    c = float(np.sum(w * ref) / np.sum(ref * ref))
    if np.allclose(w, c * ref, rtol=1e-9, atol=0) and not math.isclose(c, 1.0, rel_tol=1e-9):
        sigma = std_variants(fn, shape, gain if gain is not None else 1.0)[None]
        raise Feedback(K("rescaled_draws"), what=what, ratio=f"{c:.6g}", std=f"{sigma:.6g}", got_std=f"{c * sigma:.6g}")


def distribution_cases(student, fn, cases_list, reference=None):
    with Cases() as cases:
        for i, (shape, gain) in enumerate(cases_list):
            with cases.case():
                w, what = call_init(student, fn, shape, seed=1000 + i, gain=gain)
                check_distribution(w, what, fn, shape, gain)
                if reference is not None:
                    check_not_rescaled(w, what, fn, shape, gain, 1000 + i, reference)


# ---- compute_fans -------------------------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.concept(FANS)
def test_compute_fans_examples(student, reference):
    examples = [(784, 128), (20, 10, 5, 5), (8, 4, 3), (64, 3, 7, 7)]
    with Cases() as cases:
        for shape in examples:
            with cases.case():
                expected = reference.compute_fans(shape)
                mistakes = {K("conv_no_receptive_field"): (shape[1], shape[0])} if len(shape) > 2 else \
                    {K("dense_transposed"): (shape[1], shape[0])}
                assert_equal(student.compute_fans(shape), expected, f"compute_fans({shape})", mistakes=mistakes)


@st.composite
def weight_shapes(draw):
    ndim = draw(st.integers(2, 5))
    return tuple(draw(st.lists(st.integers(1, 9), min_size=ndim, max_size=ndim)))


@pytest.mark.points(2)
@pytest.mark.concept(FANS)
@given(shape=weight_shapes())
def test_compute_fans_matches_torch(student, reference, shape):
    got = student.compute_fans(shape)
    # torch reads (out, in, *kernel); a dense weight here is (in, out), so torch sees it transposed.
    torch_shape = (shape[1], shape[0]) if len(shape) == 2 else shape
    fan_in, fan_out = torch.nn.init._calculate_fan_in_and_fan_out(torch.empty(torch_shape))
    mistakes = {K("conv_no_receptive_field"): (shape[1], shape[0])} if len(shape) > 2 else \
        {K("dense_transposed"): (shape[1], shape[0])}
    what = f"compute_fans({shape})"
    assert_equal(got, (int(fan_in), int(fan_out)), f"{what} vs torch.nn.init", mistakes=mistakes)
    assert_equal(got, reference.compute_fans(shape), what, mistakes=mistakes)


# ---- each initialiser: support, spread, mean -----------------------------------------------------------

@pytest.mark.points(3)
@pytest.mark.concept(XAVIER)
def test_xavier_uniform(student, reference):
    distribution_cases(student, "xavier_uniform", [(DENSE, None), (CONV, None), (DENSE, TANH_GAIN)], reference)


@pytest.mark.points(3)
@pytest.mark.concept(XAVIER)
def test_xavier_normal(student, reference):
    distribution_cases(student, "xavier_normal", [(DENSE, None), (CONV, None), (DENSE, TANH_GAIN)], reference)


@pytest.mark.points(3)
@pytest.mark.concept(HE)
def test_he_uniform(student, reference):
    distribution_cases(student, "he_uniform", [(DENSE, None), (CONV, None)], reference)


@pytest.mark.points(3)
@pytest.mark.concept(HE)
def test_he_normal(student, reference):
    distribution_cases(student, "he_normal", [(DENSE, None), (CONV, None)], reference)


@pytest.mark.points(2)
@pytest.mark.concept(UNIFORM)
@settings(max_examples=25)
@given(shape=weight_shapes(), fn=st.sampled_from(["xavier_uniform", "he_uniform"]), seed=st.integers(0, 2**31 - 1))
def test_uniform_stays_in_bounds_for_any_shape(student, reference, shape, fn, seed):
    fi, fo = reference.compute_fans(shape)
    bound = math.sqrt(6 / (fi + fo)) if fn == "xavier_uniform" else math.sqrt(6 / fi)
    w, what = call_init(student, fn, shape, seed)
    if np.max(np.abs(w)) > bound * (1 + 1e-12):
        raise Feedback(K("out_of_bounds"), what=what, bound=f"{bound:.6g}", top=f"{np.max(np.abs(w)):.6g}")


# ---- independent oracles: torch.nn.init and the reference --------------------------------------------

def ks_distance(a, b):
    """Two-sample Kolmogorov–Smirnov statistic sup_x |F_a(x) − F_b(x)|."""
    a, b = np.sort(a.ravel()), np.sort(b.ravel())
    grid = np.concatenate([a, b])
    fa = np.searchsorted(a, grid, side="right") / a.size
    fb = np.searchsorted(b, grid, side="right") / b.size
    return float(np.max(np.abs(fa - fb)))


def ks_threshold(n, m):
    return math.sqrt(math.log(4 / DELTA) / (2 * n)) + math.sqrt(math.log(4 / DELTA) / (2 * m))


def torch_sample(fn, shape, gain):
    torch.manual_seed(0)
    t = torch.empty((shape[1], shape[0]) if len(shape) == 2 else shape, dtype=torch.float64)
    if fn == "xavier_uniform":
        torch.nn.init.xavier_uniform_(t, gain=gain)
    elif fn == "xavier_normal":
        torch.nn.init.xavier_normal_(t, gain=gain)
    elif fn == "he_uniform":
        torch.nn.init.kaiming_uniform_(t, mode="fan_in", nonlinearity="relu")
    else:
        torch.nn.init.kaiming_normal_(t, mode="fan_in", nonlinearity="relu")
    return t.numpy().ravel()


@pytest.mark.points(3)
@pytest.mark.concept(K("concept.variance"))
def test_same_distribution_as_torch_and_reference(student, reference):
    with Cases() as cases:
        for i, fn in enumerate(FUNCS):
            for shape in (DENSE, CONV):
                with cases.case():
                    gain = TANH_GAIN if fn.startswith("xavier") else None
                    w, what = call_init(student, fn, shape, seed=2000 + i, gain=gain)
                    args = (shape, np.random.default_rng(3000 + i)) + ((gain,) if gain else ())
                    oracles = {"torch.nn.init": torch_sample(fn, shape, gain or 1.0),
                               "the reference": getattr(reference, fn)(*args).ravel()}
                    for name, sample in oracles.items():
                        d, limit = ks_distance(w, sample), ks_threshold(w.size, sample.size)
                        if d > limit:
                            variants = std_variants(fn, shape, gain or 1.0)
                            observed = float(np.sqrt(np.mean(w ** 2)))
                            hint = which_mistake(observed, variants, w.size, fn.endswith("uniform"))
                            raise Feedback(K("ks"), hint=hint, what=what, oracle=name, d=f"{d:.4f}",
                                           limit=f"{limit:.4f}")


# ---- reproducibility and validation -------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.concept(RNG)
def test_reproducible_with_seed(student):
    shape = (30, 20)
    with Cases() as cases:
        for fn in FUNCS:
            with cases.case():
                a, what = call_init(student, fn, shape, seed=7)
                b, _ = call_init(student, fn, shape, seed=7)
                if not np.array_equal(a, b):
                    raise Feedback("core.not_deterministic", hint=K("ignores_rng"), what=what)
                c, _ = call_init(student, fn, shape, seed=8)
                if np.array_equal(a, c):
                    raise Feedback(K("same_for_any_seed"), hint=K("ignores_rng"), what=what)


@pytest.mark.points(1)
@pytest.mark.concept(K("concept.dtype"))
def test_return_types(student):
    with Cases() as cases:
        for shape in [(784, 128), (20, 10, 5, 5)]:
            with cases.case():
                what = f"compute_fans({shape})"
                got = student.compute_fans(shape)
                types = tuple(type(f).__name__ for f in got) if isinstance(got, tuple) else type(got).__name__
                if types != ("int", "int"):
                    raise Feedback("core.wrong_type", hint=K("fans_not_python_int"), what=what,
                                   expected="(int, int)", got=str(types))
        for fn in FUNCS:
            with cases.case():
                w, what = call_init(student, fn, (30, 20), seed=5)
                if w.dtype != np.float64:
                    raise Feedback("core.dtype", hint=K("not_float64"), what=what, expected="float64",
                                   got=str(w.dtype))


@pytest.mark.points(1)
@pytest.mark.concept(VALIDATION)
def test_rejects_invalid_input(student):
    hint = K("no_validation")
    with Cases() as cases:
        for shape in [(5,), (), (3, 0), (4, -2, 3, 3), (4, 2.5)]:
            with cases.case():
                assert_raises(lambda: student.compute_fans(shape), ValueError, f"compute_fans({shape})", hint=hint)
        for fn, shape in [("xavier_uniform", (3, 0)), ("xavier_normal", (3, 0)), ("he_uniform", (3, 0)),
                          ("he_normal", (7,)), ("he_normal", (3, 0))]:
            with cases.case():
                assert_raises(lambda: getattr(student, fn)(shape, Rng(0)), ValueError, f"{fn}({shape}, rng)",
                              hint=hint)
        for fn in ("xavier_uniform", "xavier_normal"):
            for gain in (-1.0, 0.0):
                with cases.case():
                    assert_raises(lambda: getattr(student, fn)((4, 3), Rng(0), gain), ValueError,
                                  f"{fn}((4, 3), rng, gain={gain})", hint=hint)
