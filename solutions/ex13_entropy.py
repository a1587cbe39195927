"""ex13 · Entropy, cross entropy and KL divergence (엔트로피, 교차 엔트로피, KL 발산).

Shannon's idea: a rare event carries more information. The information of an outcome with
probability p is I = log(1/p) = −log p, measured in BITS when the logarithm is base 2.

For discrete distributions p, q over the same K outcomes (1-D arrays of shape (K,)):

    entropy        H(p)    = −Σ_i p_i · log2 p_i            average information of p      (엔트로피)
    cross entropy  H(p, q) = −Σ_i p_i · log2 q_i            code built for q, data from p (교차 엔트로피)
    KL divergence  KL(p‖q) =  Σ_i p_i · log2 (p_i / q_i)    = H(p, q) − H(p)              (쿨백-라이블러 발산)

All three are in bits here (base 2, as in the course notes); ``entropy`` takes another base if
asked (base e gives nats: H_e = H_2 · ln 2).

Conventions:
    * 0 · log 0 = 0: an outcome with p_i = 0 contributes nothing, whatever q_i is (also q_i = 0).
      Computing ``p * np.log2(p)`` directly gives 0 · (−inf) = NaN: mask those entries out.
    * p_i > 0 but q_i = 0: the data has an outcome the model calls impossible, so H(p, q) and
      KL(p‖q) are +inf (``numpy.inf``), not an error.
    * KL is not symmetric: KL(p‖q) ≠ KL(q‖p) in general. The FIRST argument p is the "true"
      distribution that weights the sum. With PyTorch this is
      ``F.kl_div(torch.log(q), p, reduction="sum") / math.log(2)`` (input = log q, target = p).

Facts worth checking on your own answers: H(p) ≥ 0; H(uniform over K) = log2 K; H(p, p) = H(p);
Gibbs' inequality H(p, q) ≥ H(p), i.e. KL(p‖q) ≥ 0 with equality only when q = p.

Input rules (ValueError otherwise): p and q are non-empty 1-D arrays of finite, non-negative
numbers that sum to 1 within 1e-6, and of the same length when both are given. p and q are
never modified.
"""
from __future__ import annotations

import math

import numpy as np

# BEGIN SOLUTION
SUM_TOL = 1e-6


def _check_dist(p: np.ndarray, name: str) -> np.ndarray:
    p = np.asarray(p, dtype=np.float64)
    if p.ndim != 1 or p.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D array, got shape {p.shape}")
    if not np.all(np.isfinite(p)):
        raise ValueError(f"{name} must contain only finite numbers")
    if np.any(p < 0):
        raise ValueError(f"{name} must not contain negative probabilities")
    if abs(p.sum() - 1.0) > SUM_TOL:
        raise ValueError(f"{name} must sum to 1 (within {SUM_TOL:g}), got {p.sum():.10g}")
    return p


def _check_pair(p: np.ndarray, q: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    p, q = _check_dist(p, "p"), _check_dist(q, "q")
    if p.shape != q.shape:
        raise ValueError(f"p and q must have the same length, got {p.size} and {q.size}")
    return p, q


def _neg_p_log2_q(p: np.ndarray, q: np.ndarray) -> float:
    """−Σ p_i log2 q_i over p_i > 0 only (0·log 0 = 0); +inf where some q_i = 0 < p_i."""
    mask = p > 0
    with np.errstate(divide="ignore"):
        return float(-np.sum(p[mask] * np.log2(q[mask])))
# END SOLUTION


def entropy(p: np.ndarray, base: float = 2) -> float:
    """Shannon entropy H(p) = −Σ p_i · log_base p_i, with 0 · log 0 = 0.

    Args:
        p: array of shape (K,), a probability vector (non-negative, sums to 1).
        base: base of the logarithm: 2 gives bits (default), math.e gives nats.

    Returns:
        float, ≥ 0 for base > 1 (a base in (0, 1) is allowed and flips the sign: base 1/2 gives
        −H(p) in bits); 0.0 for a one-hot p, log_base K for the uniform distribution.

    Raises:
        ValueError: if p is not a valid probability vector, or base is not a finite number > 0
        and ≠ 1.
    """
    # BEGIN SOLUTION
    p = _check_dist(p, "p")
    if not (isinstance(base, (int, float, np.integer, np.floating)) and math.isfinite(base)
            and base > 0 and base != 1):
        raise ValueError(f"base must be a finite number > 0 and != 1, got {base!r}")
    bits = _neg_p_log2_q(p, p)
    return bits / math.log2(base)
    # END SOLUTION


def cross_entropy_bits(p: np.ndarray, q: np.ndarray) -> float:
    """Cross entropy H(p, q) = −Σ p_i · log2 q_i in bits; p is the true distribution, q the model's.

    Terms with p_i = 0 are 0 (even where q_i = 0); a q_i = 0 where p_i > 0 gives +inf.

    Args:
        p: array of shape (K,), the true distribution (e.g. a one-hot label).
        q: array of shape (K,), the predicted distribution.

    Returns:
        float ≥ H(p) (Gibbs' inequality), possibly inf.

    Raises:
        ValueError: if p or q is not a valid probability vector, or their lengths differ.
    """
    # BEGIN SOLUTION
    p, q = _check_pair(p, q)
    return _neg_p_log2_q(p, q)
    # END SOLUTION


def kl_divergence(p: np.ndarray, q: np.ndarray) -> float:
    """Kullback–Leibler divergence KL(p‖q) = Σ p_i · log2 (p_i / q_i) in bits.

    Equals H(p, q) − H(p). Terms with p_i = 0 are 0; a q_i = 0 where p_i > 0 gives +inf.
    Not symmetric: p (the first argument) weights the sum.

    Args:
        p: array of shape (K,), the reference ("true") distribution.
        q: array of shape (K,), the approximating distribution.

    Returns:
        float ≥ 0, 0.0 when q equals p; possibly inf.

    Raises:
        ValueError: if p or q is not a valid probability vector, or their lengths differ.
    """
    # BEGIN SOLUTION
    p, q = _check_pair(p, q)
    mask = p > 0
    with np.errstate(divide="ignore"):
        terms = p[mask] * (np.log2(p[mask]) - np.log2(q[mask]))
    return max(float(np.sum(terms)), 0.0)  # round-off can give −1e-17 for q ≈ p
    # END SOLUTION
