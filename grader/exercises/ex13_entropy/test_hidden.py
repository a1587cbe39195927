"""Hidden tests for ex13_entropy.

Three independent sources of truth:

* PyTorch (grader process only; the child stays numpy-only): ``-xlogy(p, p).sum()`` for entropy
  (xlogy(0, y) = 0 is the 0·log 0 convention), ``F.cross_entropy`` with probability targets and
  logits log q for cross entropy, ``F.kl_div(log q, p, reduction="sum")`` for KL — divided by
  ln 2 for bits. The two losses need q > 0 everywhere (their log q would be −inf), so those
  oracle tests draw q strictly positive; p may have zeros.
* the reference, on inputs with zeros in p and q (where the conventions matter);
* the textbook properties (H ≥ 0, H(p, p) = H(p), Gibbs, KL(p‖p) = 0, KL = H(p, q) − H(p),
  H(uniform) = log2 K) applied to the student's own functions.

A known wrong answer is named by matching it against the reference's value for the same mistake
(the natural log: the bit value × ln 2; arguments swapped: the value with p and q exchanged; …).
Tolerance: rtol 1e-9 (values are sums of at most 8 terms in float64).
"""
from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from grader.author import Cases, Feedback, as_array, assert_close, assert_raises, diagnose, keys

K = keys(__file__)


ENTROPY = K("concept.entropy")
CROSS = K("concept.cross_entropy")
KL = K("concept.kl")
ZERO = K("concept.zero_log_zero")
PROPS = K("concept.properties")
VALID = K("concept.validation")

RTOL, ATOL = 1e-9, 1e-12
LN2 = math.log(2.0)


# ---- inputs ----------------------------------------------------------------------------------

def _normalise(w: np.ndarray) -> np.ndarray:
    if w.sum() == 0:
        w = w.copy()
        w[0] = 1.0
    return w / w.sum()


def weights(k: int, zeros: bool) -> st.SearchStrategy[np.ndarray]:
    pos = st.floats(0.05, 10.0, allow_nan=False, allow_infinity=False)
    elements = st.one_of(st.just(0.0), pos) if zeros else pos
    return hnp.arrays(np.float64, k, elements=elements)


@st.composite
def dists(draw: st.DrawFn, max_k: int = 8, zeros: bool = True) -> np.ndarray:
    """A probability vector of length 1..max_k, with some exact zeros when ``zeros``."""
    k = draw(st.integers(1, max_k))
    return _normalise(draw(weights(k, zeros)))


@st.composite
def dist_pairs(draw: st.DrawFn, max_k: int = 8, p_zeros: bool = True, q_zeros: bool = True,
               q_covers_p: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """(p, q) of the same length. ``q_covers_p``: q > 0 wherever p > 0 (finite H(p, q) and KL)."""
    k = draw(st.integers(1, max_k))
    p = _normalise(draw(weights(k, p_zeros)))
    w = draw(weights(k, q_zeros))
    if q_covers_p:
        w = np.where((p > 0) & (w == 0), 1.0, w)
    return p, _normalise(w)


# ---- the torch oracle --------------------------------------------------------------------------

def t(x: np.ndarray) -> torch.Tensor:
    return torch.as_tensor(np.asarray(x, dtype=np.float64))


@contextlib.contextmanager
def one_thread() -> Iterator[None]:
    """The oracle's tensors are tiny: thread start-up and spinning would cost far more than the work."""
    saved = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(saved)


def torch_entropy(p: np.ndarray, base: float = 2) -> float:
    with one_thread():
        return float(-torch.special.xlogy(t(p), t(p)).sum()) / math.log(base)


def torch_cross_entropy_bits(p: np.ndarray, q: np.ndarray) -> float:
    """F.cross_entropy with probability targets; logits log q (q > 0) give log_softmax = log q."""
    with one_thread():
        return float(F.cross_entropy(torch.log(t(q))[None], t(p)[None])) / LN2


def torch_kl_bits(p: np.ndarray, q: np.ndarray) -> float:
    """F.kl_div(input=log q, target=p) = Σ p (log p − log q); q > 0."""
    with one_thread():
        return float(F.kl_div(torch.log(t(q)), t(p), reduction="sum")) / LN2


# ---- known wrong answers, from the reference ------------------------------------------------

def is_nan(g: np.ndarray) -> bool:
    return bool(np.isnan(g).any())


def entropy_mistakes(ref, p: np.ndarray, base: float = 2) -> dict:
    h = ref.entropy(p, base)
    out = {}
    if base != math.e:
        out[K("natural_log")] = ref.entropy(p, math.e)
    out[K("missing_minus")] = -h
    out[K("nan_log0")] = is_nan
    return out


def ce_mistakes(ref, p: np.ndarray, q: np.ndarray) -> dict:
    h = ref.cross_entropy_bits(p, q)
    return {K("ce_swapped"): ref.cross_entropy_bits(q, p), K("natural_log"): h * LN2,
            K("missing_minus"): -h, K("nan_log0"): is_nan}


def kl_mistakes(ref, p: np.ndarray, q: np.ndarray) -> dict:
    d = ref.kl_divergence(p, q)
    return {K("kl_swapped"): ref.kl_divergence(q, p), K("natural_log"): d * LN2,
            K("missing_minus"): -d, K("nan_log0"): is_nan}


def check(got, expected, what: str, mistakes: dict | None = None, inputs: dict | None = None) -> float:
    return float(assert_close(got, expected, what, rtol=RTOL, atol=ATOL, mistakes=mistakes, inputs=inputs))


# ---- worked examples (fixed inputs with zeros) -------------------------------------------------

P = np.array([0.5, 0.25, 0.25, 0.0])
Q = np.array([0.25, 0.25, 0.25, 0.25])
ONE_HOT = np.array([0.0, 1.0, 0.0, 0.0])


@pytest.mark.points(1)
@pytest.mark.concept(ENTROPY)
def test_entropy_examples(student, reference):
    with Cases() as cases:
        for p, base in ((P, 2), (Q, 2), (ONE_HOT, 2), (P, math.e), (Q, 4), (P, 0.5)):  # base 1/2: −H in bits
            with cases.case():
                check(student.entropy(p, base), torch_entropy(p, base), f"entropy(p, base={base:g})",
                      entropy_mistakes(reference, p, base), inputs={"p": p, "base": base})


@pytest.mark.points(2)
@pytest.mark.concept(ENTROPY)
def test_entropy_default_base_is_bits(student, reference):
    # Called without a base, entropy is in bits (base=2), like the other two functions.
    examples = (P, Q, ONE_HOT, _normalise(np.random.default_rng(1).uniform(0.1, 1.0, 6)))
    with Cases() as cases:
        for p in examples:
            with cases.case():
                check(student.entropy(p), torch_entropy(p, 2), "entropy(p)",
                      {K("default_base"): reference.entropy(p, math.e), **entropy_mistakes(reference, p)},
                      inputs={"p": p})


@pytest.mark.points(1)
@pytest.mark.concept(CROSS)
def test_cross_entropy_examples(student, reference):
    cases_ = [(P, Q), (ONE_HOT, P), (Q, Q), (np.array([0.5, 0.5, 0.0]), np.array([0.25, 0.75, 0.0]))]
    with Cases() as cases:
        for p, q in cases_:
            with cases.case():
                check(student.cross_entropy_bits(p, q), reference.cross_entropy_bits(p, q), "cross_entropy_bits(p, q)",
                      ce_mistakes(reference, p, q), inputs={"p": p, "q": q})


@pytest.mark.points(1)
@pytest.mark.concept(KL)
def test_kl_examples(student, reference):
    cases_ = [(P, Q), (np.array([0.9, 0.1]), np.array([0.5, 0.5])), (Q, Q), (np.array([0.0, 1.0]), np.array([0.5, 0.5]))]
    with Cases() as cases:
        for p, q in cases_:
            with cases.case():
                check(student.kl_divergence(p, q), reference.kl_divergence(p, q), "kl_divergence(p, q)",
                      kl_mistakes(reference, p, q), inputs={"p": p, "q": q})


# ---- against the torch oracle ---------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.concept(ENTROPY)
@given(p=dists(), base=st.sampled_from([2, math.e, 10]))
def test_entropy_matches_torch(student, reference, p, base):
    check(student.entropy(p, base), torch_entropy(p, base), f"entropy(p, base={base:g})",
          entropy_mistakes(reference, p, base))


@pytest.mark.points(2)
@pytest.mark.concept(CROSS)
@given(pq=dist_pairs(q_zeros=False))
def test_cross_entropy_matches_torch(student, reference, pq):
    p, q = pq
    check(student.cross_entropy_bits(p, q), torch_cross_entropy_bits(p, q), "cross_entropy_bits(p, q)",
          ce_mistakes(reference, p, q))


@pytest.mark.points(2)
@pytest.mark.concept(KL)
@given(pq=dist_pairs(q_zeros=False))
def test_kl_matches_torch(student, reference, pq):
    p, q = pq
    check(student.kl_divergence(p, q), torch_kl_bits(p, q), "kl_divergence(p, q)", kl_mistakes(reference, p, q))


# ---- zeros: 0·log 0 = 0, and p > 0 = q gives inf ------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.concept(ZERO)
@given(pq=dist_pairs(q_covers_p=True))
def test_zeros_in_both(student, reference, pq):
    p, q = pq
    check(student.entropy(p, 2), reference.entropy(p, 2), "entropy(p, base=2)", entropy_mistakes(reference, p))
    check(student.cross_entropy_bits(p, q), reference.cross_entropy_bits(p, q), "cross_entropy_bits(p, q)",
          ce_mistakes(reference, p, q))
    check(student.kl_divergence(p, q), reference.kl_divergence(p, q), "kl_divergence(p, q)",
          kl_mistakes(reference, p, q))


@pytest.mark.points(1)
@pytest.mark.concept(ZERO)
def test_infinite_where_q_is_zero(student, reference):
    p, q = np.array([0.5, 0.5, 0.0]), np.array([1.0, 0.0, 0.0])
    inputs = {"p": p, "q": q}
    with Cases() as cases:
        with cases.case():
            check(student.cross_entropy_bits(p, q), math.inf, "cross_entropy_bits(p, q)",
                  {K("nan_log0"): is_nan, K("ce_swapped"): reference.cross_entropy_bits(q, p)}, inputs)
        with cases.case():
            check(student.kl_divergence(p, q), math.inf, "kl_divergence(p, q)",
                  {K("nan_log0"): is_nan, K("kl_swapped"): reference.kl_divergence(q, p)}, inputs)


# ---- properties of the student's own functions --------------------------------------------------

def prop(ok: bool, key: str, hint: str | None = None, **params) -> None:
    if not ok:
        raise Feedback(K(key), hint=hint, **params)


@pytest.mark.points(1)
@pytest.mark.concept(PROPS)
@given(pq=dist_pairs(q_covers_p=True))
def test_property_non_negative(student, reference, pq):
    p, q = pq
    for name, got, mistakes in (
        ("entropy(p)", student.entropy(p, 2), entropy_mistakes(reference, p)),
        ("cross_entropy_bits(p, q)", student.cross_entropy_bits(p, q), ce_mistakes(reference, p, q)),
        ("kl_divergence(p, q)", student.kl_divergence(p, q), kl_mistakes(reference, p, q)),
    ):
        value = float(as_array(got, name))
        prop(value >= -1e-12, "prop_non_negative", diagnose(np.asarray(value), mistakes, RTOL, ATOL),
             what=name, value=value)


@pytest.mark.points(1)
@pytest.mark.concept(PROPS)
@given(p=dists())
def test_property_self(student, reference, p):
    h = float(as_array(student.entropy(p, 2), "entropy(p)"))
    hpp = float(as_array(student.cross_entropy_bits(p, p), "cross_entropy_bits(p, p)"))
    kl = float(as_array(student.kl_divergence(p, p), "kl_divergence(p, p)"))
    prop(math.isclose(hpp, h, rel_tol=1e-9, abs_tol=1e-12), "prop_self_cross", None, hpp=hpp, h=h)
    prop(abs(kl) <= 1e-12, "prop_self_kl", K("nan_log0") if math.isnan(kl) else None, kl=kl)


@pytest.mark.points(1)
@pytest.mark.concept(PROPS)
@given(pq=dist_pairs())
def test_property_gibbs(student, reference, pq):
    p, q = pq
    h = float(as_array(student.entropy(p, 2), "entropy(p)"))
    got = student.cross_entropy_bits(p, q)
    hpq = float(as_array(got, "cross_entropy_bits(p, q)"))
    hint = diagnose(np.asarray(hpq), ce_mistakes(reference, p, q), RTOL, ATOL)
    prop(hpq >= h - 1e-9 * max(1.0, abs(h)), "prop_gibbs", hint, hpq=hpq, h=h)


@pytest.mark.points(1)
@pytest.mark.concept(PROPS)
@given(pq=dist_pairs(q_covers_p=True))
def test_property_kl_is_difference(student, reference, pq):
    p, q = pq
    h = float(as_array(student.entropy(p, 2), "entropy(p)"))
    hpq = float(as_array(student.cross_entropy_bits(p, q), "cross_entropy_bits(p, q)"))
    got = float(as_array(student.kl_divergence(p, q), "kl_divergence(p, q)"))
    hint = diagnose(np.asarray(got), kl_mistakes(reference, p, q), RTOL, ATOL)
    prop(math.isclose(got, hpq - h, rel_tol=1e-9, abs_tol=1e-12), "prop_kl_difference", hint,
         kl=got, difference=hpq - h)


@pytest.mark.points(1)
@pytest.mark.concept(PROPS)
@given(k=st.integers(1, 64))
@settings(max_examples=12)
def test_property_uniform(student, reference, k):
    u = np.full(k, 1.0 / k)
    got = float(as_array(student.entropy(u, 2), f"entropy(uniform over {k})"))
    hint = diagnose(np.asarray(got), entropy_mistakes(reference, u), RTOL, ATOL)
    prop(math.isclose(got, math.log2(k), rel_tol=1e-9, abs_tol=1e-12), "prop_uniform", hint,
         k=k, value=got, log2k=math.log2(k))


# ---- what comes back, and what is left alone ----------------------------------------------------

CALLS = {
    "entropy(p)": ("entropy", (P,)),
    "cross_entropy_bits(p, q)": ("cross_entropy_bits", (P, Q)),
    "kl_divergence(p, q)": ("kl_divergence", (P, Q)),
}


@pytest.mark.points(0.5)
@pytest.mark.concept(PROPS)
def test_results_are_floats(student):
    with Cases() as cases:
        for what, (fn, args) in CALLS.items():
            with cases.case():
                got = getattr(student, fn)(*args)
                if not isinstance(got, float):  # np.float64 is a float; a 0-d or 1-element array is not
                    raise Feedback("core.wrong_type", hint=K("not_float"), what=what, expected="float",
                                   got=type(got).__name__, inputs=dict(zip(("p", "q"), args)))


@pytest.mark.points(1)
@pytest.mark.concept(ZERO)
def test_inputs_are_not_modified(student):
    # Zeros in both: where a fix-up for log 0 (p[p == 0] = 1, q[q == 0] = 1e-12) would write into the caller's array.
    helpers = student.helper("helpers_core")
    p, q = np.array([0.5, 0.25, 0.25, 0.0]), np.array([0.5, 0.5, 0.0, 0.0])
    for what, fn, args in (("entropy(p)", "entropy", (p,)), ("cross_entropy_bits(p, q)", "cross_entropy_bits", (p, q)),
                           ("kl_divergence(p, q)", "kl_divergence", (p, q)),
                           ("cross_entropy_bits(q, p)", "cross_entropy_bits", (q, p)),
                           ("kl_divergence(q, p)", "kl_divergence", (q, p))):
        _, after = helpers.call_and_return_args(fn, *(a.copy() for a in args))
        for name, before, now in zip(("p", "q"), args, after):
            if not (isinstance(now, np.ndarray) and now.shape == before.shape and np.array_equal(now, before)):
                raise Feedback("core.mutated_input", hint=K("modifies_input"), what=f"{what}: {name}")


# ---- invalid input ----------------------------------------------------------------------------------

BAD = {
    "negative entry": np.array([1.2, -0.2]),
    "sums to 0.9": np.array([0.5, 0.4]),
    "sums to 2": np.array([1.0, 1.0]),
    "NaN entry": np.array([np.nan, 1.0]),
    "2-D array": np.array([[0.5, 0.5]]),
    "empty": np.array([]),
}
# Just outside the documented tolerance 1e-6 (np.isclose(s, 1), rtol 1e-5, lets them through); 1.0005e-6 is
# 5e-10 beyond it, far more than the sum's round-off (1e-16).
OFF_BY_2E6 = {
    "sums to 1 + 2e-6": np.array([0.5, 0.5 + 2e-6]),
    "sums to 1 - 2e-6": np.array([0.5, 0.5 - 2e-6]),
    "sums to 1 + 1.0005e-6": np.array([0.5, 0.5 + 1.0005e-6]),
    "sums to 1 - 1.0005e-6": np.array([0.5, 0.5 - 1.0005e-6]),
}
# numpy broadcasts a (1,) against a (3,): p * log2(q) is computed without a word.
LENGTHS = ((np.array([1.0]), np.array([0.2, 0.3, 0.5])), (np.array([0.2, 0.3, 0.5]), np.array([1.0])))


@pytest.mark.points(1.5)
@pytest.mark.concept(VALID)
def test_rejects_invalid_input(student):
    ok = np.array([0.5, 0.5])
    with Cases() as cases:
        for name, bad in (BAD | OFF_BY_2E6).items():
            hint = K("sum_tolerance") if name in OFF_BY_2E6 else K("no_validation")
            for call, inputs, fn in (
                    ("entropy(p)", {"p": bad}, lambda b=bad: student.entropy(b)),
                    ("cross_entropy_bits(p, q)", {"p": bad, "q": ok}, lambda b=bad: student.cross_entropy_bits(b, ok)),
                    ("cross_entropy_bits(p, q)", {"p": ok, "q": bad}, lambda b=bad: student.cross_entropy_bits(ok, b)),
                    ("kl_divergence(p, q)", {"p": bad, "q": ok}, lambda b=bad: student.kl_divergence(b, ok)),
                    ("kl_divergence(p, q)", {"p": ok, "q": bad}, lambda b=bad: student.kl_divergence(ok, b))):
                with cases.case():
                    assert_raises(fn, ValueError, f"{call} ({name})", inputs=inputs, hint=hint)
        for a, b in LENGTHS:
            for call, fn in (("cross_entropy_bits(p, q)", student.cross_entropy_bits),
                             ("kl_divergence(p, q)", student.kl_divergence)):
                with cases.case():
                    assert_raises(lambda fn=fn, a=a, b=b: fn(a, b), ValueError,
                                  f"{call} (lengths {a.size} and {b.size})", inputs={"p": a, "q": b},
                                  hint=K("lengths_broadcast"))
        with cases.case():
            a, b = np.array([0.5, 0.5]), np.array([0.2, 0.3, 0.5])
            assert_raises(lambda: student.kl_divergence(a, b), ValueError, "kl_divergence (lengths 2 and 3)",
                          inputs={"p": a, "q": b}, hint=K("no_validation"))
        for base in (1, 0, -2, math.inf, math.nan):
            with cases.case():
                assert_raises(lambda base=base: student.entropy(ok, base), ValueError, f"entropy(p, base={base})",
                              inputs={"p": ok, "base": base}, hint=K("no_validation"))


@pytest.mark.points(0.5)
@pytest.mark.concept(VALID)
def test_accepts_round_off(student, reference):
    p = np.array([0.1] * 10)  # sums to 0.9999999999999999
    check(student.entropy(p), reference.entropy(p), "entropy([0.1] * 10)", inputs={"p": p})
    # Inside the tolerance 1e-6 on both sides, up to 5e-10 from it. Renormalising a vector that passed the
    # check is fine too: allow for the 1e-6. KL(q‖u) of a q that sums to 1 − 1e-6 is about −1e-6 / ln 2
    # unclamped and 0 clamped: both are right.
    u = np.full(3, 1 / 3)
    for off, label in ((5e-7, "1 + 5e-7"), (-5e-7, "1 - 5e-7"), (9.995e-7, "1 + 9.995e-7"), (-9.995e-7, "1 - 9.995e-7")):
        q = np.array([1 / 3, 1 / 3, 1 / 3 + off])
        assert_close(student.entropy(q), reference.entropy(q), f"entropy(q), q sums to {label}", rtol=1e-5,
                     inputs={"q": q})
        assert_close(student.cross_entropy_bits(u, q), reference.cross_entropy_bits(u, q),
                     f"cross_entropy_bits(p, q), q sums to {label}", rtol=1e-5, inputs={"p": u, "q": q})
        assert_close(student.kl_divergence(q, u), reference.kl_divergence(q, u),
                     f"kl_divergence(q, p), q sums to {label}", rtol=1e-5, atol=1e-5, inputs={"q": q, "p": u})
