"""Hidden tests for ex19_overfitting.

Oracles: early stopping against the bad-epoch counter of ``torch.optim.lr_scheduler.ReduceLROnPlateau``
(mode "min", absolute threshold = min_delta: its first reduction falls on the epoch where
``patience`` bad epochs in a row have been seen when its own patience is ``patience − 1``); SGD with
weight decay step by step against ``torch.optim.SGD``; the flip and the shift against
``torch.flip`` and a zero ``torch.nn.functional.pad`` followed by a crop; the chain's gradients
against autograd; clipping against ``torch.nn.utils.clip_grad_norm_`` / ``clip_grad_value_``.

The augmentation is random and the docstring leaves the draws free, so it is checked by what
every correct answer shares: each output sample is one of the allowed flips-and-shifts of its
input (found by trying them all), the labels stay, and the frequencies of the flip and of each
shift value are within Hoeffding bounds of the stated probabilities. Each such bound has a
false-failure probability of 1e-8; a test makes at most 11 of them, so a correct answer fails
one with probability below 1.1e-7 (the grading seeds are fixed, so a grade is deterministic).
"""
from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from grader.author import (
    Cases,
    Feedback,
    Rng,
    as_array,
    assert_close,
    assert_equal,
    assert_raises,
    assert_unchanged,
    float_arrays,
    floats,
    keys,
    shapes,
)

K = keys(__file__)

EARLY = K("concept.early_stopping")
DECAY = K("concept.weight_decay")
AUGMENT = K("concept.augmentation")
VANISH = K("concept.vanishing")
CLIP = K("concept.clipping")
VALID = K("concept.validation")
INPLACE = K("concept.no_in_place")

DELTA = 1e-8  # false-failure probability of one statistical check


# ---- early stopping -----------------------------------------------------------------------------------
def torch_early_stopping(losses: list[float], patience: int, min_delta: float) -> tuple[int, int]:
    """(best_epoch, stop_epoch) read off torch's ReduceLROnPlateau: an epoch with no bad epochs after
    it improved; the first learning-rate cut is the stop."""
    p = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=1.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        plateau = torch.optim.lr_scheduler.ReduceLROnPlateau(
            opt, mode="min", factor=0.5, patience=patience - 1, threshold=min_delta, threshold_mode="abs",
            cooldown=0, min_lr=0.0, eps=0.0)
    best = 0
    for epoch, loss in enumerate(losses):
        plateau.step(loss)
        if opt.param_groups[0]["lr"] != 1.0:
            return best, epoch
        if plateau.num_bad_epochs == 0:
            best = epoch
    return best, len(losses) - 1


def es_variant(losses, patience, min_delta, *, better=None, reset=True, stop_after=None, move_reference=False):
    """Early stopping with one rule changed (the typical mistakes, to name them)."""
    better = better or (lambda loss, ref, md: loss < ref - md)
    stop_after = patience if stop_after is None else stop_after
    best_epoch, ref, waited = 0, losses[0], 0
    for epoch in range(1, len(losses)):
        if better(losses[epoch], ref, min_delta):
            best_epoch, ref = epoch, losses[epoch]
            waited = 0 if reset else waited
        else:
            if move_reference and losses[epoch] < ref:
                ref = losses[epoch]
            waited += 1
            if waited >= stop_after:
                return best_epoch, epoch
    return best_epoch, len(losses) - 1


def es_mistakes(losses, patience, min_delta) -> dict[str, tuple[int, int]]:
    best, stop = torch_early_stopping(losses, patience, min_delta)
    return {
        K("plateau_counts"): es_variant(losses, patience, min_delta, better=lambda v, r, md: v <= r - md),
        K("patience_off_by_one"): es_variant(losses, patience, min_delta, stop_after=patience + 1),
        K("counter_not_reset"): es_variant(losses, patience, min_delta, reset=False),
        K("reference_moved"): es_variant(losses, patience, min_delta, move_reference=True),
        K("min_delta_ignored"): es_variant(losses, patience, 0.0),
        K("min_delta_sign"): es_variant(losses, patience, min_delta, better=lambda v, r, md: v < r + md),
        K("looked_past_stop"): (int(np.argmin(losses)), stop),
        K("one_based"): (best + 1, stop + 1),
    }


def check_early_stopping(student, losses, patience, min_delta=None):
    what = f"early_stopping(val_losses, patience={patience}{'' if min_delta is None else f', min_delta={min_delta}'})"
    got = student.early_stopping(losses, patience) if min_delta is None else \
        student.early_stopping(losses, patience, min_delta)
    md = 0.0 if min_delta is None else min_delta
    expected = torch_early_stopping(losses, patience, md)
    if not (isinstance(got, (tuple, list)) and len(got) == 2):
        raise Feedback("core.wrong_type", what=what, expected="a tuple (best_epoch, stop_epoch)",
                       got=type(got).__name__)
    got = tuple(int(v) if isinstance(v, (int, np.integer)) and not isinstance(v, bool) else v for v in got)
    mistakes = {k: v for k, v in es_mistakes(losses, patience, md).items() if v != expected}
    assert_equal(got, expected, f"{what}: (best_epoch, stop_epoch)", mistakes=mistakes,
                 inputs={"val_losses": list(losses), "patience": patience, "min_delta": md})


loss_sequences = st.lists(st.sampled_from([1.0, 0.95, 0.9, 0.88, 0.85, 0.8, 0.7, 0.72, 0.6]), min_size=1, max_size=25)


@pytest.mark.points(3)
@pytest.mark.concept(EARLY)
@settings(max_examples=25)
@given(losses=loss_sequences, patience=st.integers(1, 5), min_delta=st.sampled_from([0.0, 0.02, 0.04, 0.1, 0.25]))
def test_early_stopping_against_torch(student, losses, patience, min_delta):
    check_early_stopping(student, losses, patience, min_delta)


@pytest.mark.points(2)
@pytest.mark.concept(EARLY)
def test_early_stopping_worked_cases(student):
    cases = [
        ([0.9, 0.7, 0.6, 0.65, 0.64, 0.66, 0.5], 3, 0.0),   # patience runs out at epoch 5: best 2
        ([0.9, 0.7, 0.6, 0.65, 0.64, 0.5, 0.55], 3, 0.0),   # recovers in time: runs to the end, best 5
        ([1.0, 1.0, 1.0, 1.0], 2, 0.0),                     # an equal loss is no improvement
        ([1.0, 0.99, 0.98, 0.97, 0.5], 3, 0.05),             # small drops do not count, nor move the reference
        ([1.0, 0.97, 0.94, 0.91, 0.88], 2, 0.05),            # 1.0 → 0.94 is a drop of 0.06 > 0.05: epoch 2 improves
        ([0.5], 1, 0.0),                                     # one epoch
    ]
    with Cases() as checks:
        for losses, patience, min_delta in cases:
            with checks.case():
                check_early_stopping(student, losses, patience, min_delta)


@pytest.mark.points(1)
@pytest.mark.concept(EARLY)
def test_early_stopping_min_delta_defaults_to_zero(student):
    # Drops of 1e-4 are improvements when min_delta = 0: training runs to the end and the last epoch is best.
    check_early_stopping(student, [1.0 - 1e-4 * e for e in range(8)] + [0.9999, 0.99995], 2)
    # Drops of 1e-12 too: the default is 0.0 exactly, not a small positive number.
    check_early_stopping(student, [1.0 - 1e-12 * e for e in range(6)], 1)


# ---- SGD with weight decay --------------------------------------------------------------------------------
def torch_sgd(p0: np.ndarray, grads: list[np.ndarray], lr: float, momentum: float, wd: float) -> list[np.ndarray]:
    t = torch.tensor(p0, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([t], lr=lr, momentum=momentum, weight_decay=wd)
    out = []
    for g in grads:
        t.grad = torch.tensor(g, dtype=torch.float64)
        opt.step()
        out.append(t.detach().numpy().copy())
    return out


def sgd_variant(p0, grads, lr, momentum, wd, rule: str) -> list[np.ndarray]:
    """The parameters after each step under a typical mistake."""
    p, b, out = p0, None, []
    for g in grads:
        d = {"decay_sign": g - wd * p, "decay_factor_two": g + 2 * wd * p}.get(rule, g + wd * p)
        if rule in ("decay_not_scaled_by_lr", "decay_after_momentum"):
            d = g
        if momentum:
            b = d if b is None else momentum * b + d
            d = b
        if rule == "decay_not_scaled_by_lr":
            p = p - lr * d - wd * p
        elif rule == "decay_after_momentum":
            p = p - lr * (d + wd * p)
        else:
            p = p - lr * d
        out.append(p)
    return out


SGD_MISTAKES = ("decay_sign", "decay_factor_two", "decay_not_scaled_by_lr", "decay_after_momentum")


def follow_sgd(student, p0, grads, lr, momentum, wd, defaults=False):
    expected = torch_sgd(p0, grads, lr, momentum, wd)
    variants = {K(rule): sgd_variant(p0, grads, lr, momentum, wd, rule) for rule in SGD_MISTAKES} if wd else {}
    what = "sgd_step(param, grad, state, lr)" if defaults else \
        f"sgd_step(param, grad, state, lr={lr:g}, momentum={momentum:g}, weight_decay={wd:g})"
    p, state = p0, {}
    for k, g in enumerate(grads):
        out = student.sgd_step(p, g, state, lr) if defaults else \
            student.sgd_step(p, g, state, lr, momentum=momentum, weight_decay=wd)
        if not (isinstance(out, (tuple, list)) and len(out) == 2 and isinstance(out[1], dict)):
            raise Feedback("core.wrong_type", what=what, expected="a tuple (new_param, new_state dict)",
                           got=type(out).__name__)
        new = as_array(out[0], f"{what}: new_param")
        if new.dtype != np.float64:
            raise Feedback("core.dtype", what=f"{what}: new_param", expected="float64", got=str(new.dtype))
        try:
            assert_close(out[0], expected[k], what, dtype_kind="f",
                         mistakes={key: traj[k] for key, traj in variants.items()})
        except Feedback as fb:
            if fb.key not in ("core.values", "core.not_finite"):
                raise
            raise Feedback(K("sgd_diverged"), hint=fb.hint, values=fb.values, comparison=fb.comparison, what=what,
                           step=k + 1, steps=len(grads), inputs={"param": p, "grad": g, "lr": lr, "momentum": momentum,
                                                                 "weight_decay": wd}) from None
        p, state = out


@pytest.mark.points(3)
@pytest.mark.concept(DECAY)
@settings(max_examples=8)
@given(seed=st.integers(0, 10_000), shape=st.sampled_from([(1,), (4,), (2, 3)]), lr=floats(0.01, 0.5),
       momentum=st.sampled_from([0.0, 0.5, 0.9, 1.0]), wd=st.sampled_from([0.0, 0.01, 0.1, 0.5]))
def test_sgd_with_weight_decay_against_torch(student, seed, shape, lr, momentum, wd):
    rng = np.random.default_rng(seed)
    follow_sgd(student, rng.normal(size=shape), [rng.normal(size=shape) for _ in range(12)], lr, momentum, wd)


@pytest.mark.points(1)
@pytest.mark.concept(DECAY)
def test_weight_decay_is_the_l2_penalty(student):
    """A step with weight_decay = λ is a plain step on loss + (λ/2)·‖w‖² (its gradient by autograd)."""
    rng = np.random.default_rng(5)
    w0, A, y = rng.normal(size=3), rng.normal(size=(6, 3)), rng.normal(size=6)
    lam, lr = 0.3, 0.1
    w = torch.tensor(w0, requires_grad=True)
    loss = ((torch.tensor(A) @ w - torch.tensor(y)) ** 2).mean()
    (g,) = torch.autograd.grad(loss, w, retain_graph=True)
    (g_pen,) = torch.autograd.grad(loss + lam / 2 * (w * w).sum(), w)
    got, _ = student.sgd_step(w0, g.numpy(), {}, lr, weight_decay=lam)
    assert_close(got, w0 - lr * g_pen.numpy(), f"sgd_step(w, grad, {{}}, lr={lr}, weight_decay={lam}), grad = ∂loss/∂w",
                 mistakes={K("decay_sign"): w0 - lr * (g.numpy() - lam * w0),
                           K("decay_factor_two"): w0 - lr * (g.numpy() + 2 * lam * w0),
                           K("decay_not_scaled_by_lr"): w0 - lr * g.numpy() - lam * w0},
                 inputs={"w": w0, "grad": g.numpy()})


@pytest.mark.points(1)
@pytest.mark.concept(DECAY)
def test_sgd_defaults_are_plain_gradient_descent(student):
    rng = np.random.default_rng(6)
    follow_sgd(student, rng.normal(size=4), [rng.normal(size=4) for _ in range(4)], 0.1, 0.0, 0.0, defaults=True)
    # grad = param with lr = 1 lands exactly on 0 (any default weight decay shows), then a small gradient
    # after a huge one (any default momentum carries the huge one over)
    p0 = np.array([1e8, -3e8, 2.0])
    follow_sgd(student, p0, [p0, np.ones(3)], 1.0, 0.0, 0.0, defaults=True)


@pytest.mark.points(1)
@pytest.mark.concept(DECAY)
def test_sgd_momentum_edge_values(student):
    rng = np.random.default_rng(7)
    with Cases() as cases:
        for momentum in (1.0, 0.25, 1.5):  # mu = 1 keeps every gradient in the buffer; torch allows any mu >= 0
            with cases.case():
                follow_sgd(student, rng.normal(size=3), [rng.normal(size=3) for _ in range(5)], 0.1, momentum, 0.0)
        with cases.case():
            # the buffer keeps float64 precision: 1 + 1e-7 then -1 leaves 1e-7 in it (float32 would leave 1.19e-7)
            follow_sgd(student, np.array([1 + 1e-7]), [np.array([1 + 1e-7]), np.array([-1.0])], 1.0, 1.0, 0.0)


# ---- augmentation ---------------------------------------------------------------------------------------
def torch_shift(x: np.ndarray, dy: int, dx: int) -> np.ndarray:
    """out[..., i, j] = x[..., i − dy, j − dx] (0 outside): zero-pad |dy|, |dx| on both sides, then crop."""
    P, Q = abs(dy), abs(dx)
    H, W = x.shape[-2:]
    padded = torch.nn.functional.pad(torch.from_numpy(x.astype(np.float64)), (Q, Q, P, P))
    return padded[..., P - dy:P - dy + H, Q - dx:Q - dx + W].numpy().astype(x.dtype)


def shift_mistakes(x, dy, dx) -> dict[str, np.ndarray]:
    return {K("shift_wraps"): np.roll(x, (dy, dx), axis=(-2, -1)),
            K("shift_direction"): torch_shift(x, -dy, -dx),
            K("shift_axes_swapped"): torch_shift(x, dx, dy) if x.shape[-1] == x.shape[-2] else None}


# Images are drawn from a seed (distinct values in [0.5, 2]), so a failure shrinks over a few integers.
image_shapes = st.lists(st.integers(1, 5), min_size=2, max_size=4).map(tuple)


def seeded_images(shape: tuple[int, ...], seed: int) -> np.ndarray:
    return np.random.default_rng(seed).uniform(0.5, 2.0, size=shape)


@pytest.mark.points(1)
@pytest.mark.concept(AUGMENT)
@settings(max_examples=10)
@given(shape=image_shapes, seed=st.integers(0, 1000))
def test_hflip_against_torch(student, shape, seed):
    images = seeded_images(shape, seed)
    expected = torch.flip(torch.from_numpy(images), dims=[-1]).numpy()
    assert_close(student.hflip(images), expected, "hflip(images)", rtol=0, atol=0, inputs={"images": images},
                 mistakes={K("flip_wrong_axis"): images[..., ::-1, :]})


@pytest.mark.points(2)
@pytest.mark.concept(AUGMENT)
@settings(max_examples=12)
@given(shape=image_shapes, seed=st.integers(0, 1000), dy=st.integers(-6, 6), dx=st.integers(-6, 6))
def test_shift_against_torch(student, shape, seed, dy, dx):
    images = seeded_images((*shape[:-2], shape[-2] + 1, shape[-1] + 1), seed)  # H, W ≥ 2
    expected = torch_shift(images, dy, dx)
    mistakes = {k: v for k, v in shift_mistakes(images, dy, dx).items()
                if v is not None and not np.array_equal(v, expected)}
    assert_close(student.shift(images, dy, dx), expected, f"shift(images, dy={dy}, dx={dx})", rtol=0, atol=0,
                 mistakes=mistakes, inputs={"images": images, "dy": dy, "dx": dx})


@pytest.mark.points(1)
@pytest.mark.concept(AUGMENT)
def test_flip_and_shift_keep_the_dtype(student):
    # Images are often stored as uint8 (0-255) or float32: the transforms only move pixels.
    with Cases() as cases:
        for dtype in (np.uint8, np.float32, np.float64):
            x = np.random.default_rng(3).integers(1, 255, size=(2, 5, 6)).astype(dtype)
            for name, call, expected in (("hflip(images)", lambda: student.hflip(x), x[..., ::-1]),
                                         ("shift(images, 1, -2)", lambda: student.shift(x, 1, -2),
                                          torch_shift(x, 1, -2)),
                                         ("shift(images, -200, 0)", lambda: student.shift(x, -200, 0), 0 * x),
                                         ("shift(images, 0, 2**40)", lambda: student.shift(x, 0, 2**40), 0 * x),
                                         ("augment(images, labels, rng, flip_prob=0, max_shift=0)[0]",
                                          lambda: student.augment(x, np.arange(2), Rng(0), 0.0, 0)[0], x)):
                with cases.case():
                    got = as_array(call(), f"{name} with dtype {np.dtype(dtype).name}")
                    if got.dtype != np.dtype(dtype):
                        raise Feedback("core.dtype", hint=K("dtype_changed"), expected=np.dtype(dtype).name,
                                       what=f"{name} of {np.dtype(dtype).name} images", got=str(got.dtype))
                    assert_close(got, expected, name, rtol=0, atol=0)


def identify(inputs: np.ndarray, outputs: np.ndarray, reach: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each sample, (flipped, dy, dx) with outputs[n] == shift(flip^f(inputs[n]), dy, dx); −1 where none is.

    The inputs are distinct values in [1, 2], so no two transforms within reach give the same image."""
    N = len(inputs)
    flips, dys, dxs = np.full(N, -1), np.zeros(N, dtype=int), np.zeros(N, dtype=int)
    axes = tuple(range(1, inputs.ndim))
    for f in (0, 1):
        src = inputs[..., ::-1] if f else inputs
        for dy in range(-reach, reach + 1):
            for dx in range(-reach, reach + 1):
                hit = np.all(torch_shift(src, dy, dx) == outputs, axis=axes) & (flips < 0)
                flips[hit], dys[hit], dxs[hit] = f, dy, dx
    return flips, dys, dxs


def augmented(student, images, labels, seed, **kw):
    extra = "".join(f", {k}={v}" for k, v in kw.items())
    what = f"augment(images, labels, rng{extra})"
    got = student.augment(images, labels, Rng(seed), **kw)
    if not (isinstance(got, (tuple, list)) and len(got) == 2):
        raise Feedback("core.wrong_type", what=what, expected="a tuple (augmented, labels)", got=type(got).__name__)
    out = as_array(got[0], f"{what}: augmented")
    if out.shape != images.shape:
        raise Feedback("core.shape", what=f"{what}: augmented", expected=images.shape, got=out.shape)
    assert_close(got[1], labels, f"{what}: labels", rtol=0, atol=0, mistakes={
        K("labels_misaligned"): lambda g: sorted(np.asarray(g).tolist()) == sorted(labels.tolist())})
    return out, what


def transforms_of(images, out, reach, what, max_shift) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    flips, dys, dxs = identify(images, out, reach)
    if (flips < 0).any():
        n = int(np.flatnonzero(flips < 0)[0])
        hint = None
        if any(np.array_equal(np.roll(images[n][..., ::-1] if f else images[n], (a, b), axis=(-2, -1)), out[n])
               for f in (0, 1) for a in range(-max_shift, max_shift + 1) for b in range(-max_shift, max_shift + 1)):
            hint = K("shift_wraps")
        elif any(np.array_equal(torch_shift(images[n][..., ::-1, :], a, b), out[n])
                 for a in range(-max_shift, max_shift + 1) for b in range(-max_shift, max_shift + 1)):
            hint = K("flip_wrong_axis")
        raise Feedback(K("not_a_flip_and_shift"), hint=hint, what=what, sample=n, max_shift=max_shift,
                       values=(images[n], out[n]))
    return flips, dys, dxs


def sample_images(n: int, shape: tuple[int, ...], seed: int) -> np.ndarray:
    return np.random.default_rng(seed).uniform(1.0, 2.0, size=(n, *shape))


@pytest.mark.points(2)
@pytest.mark.concept(AUGMENT)
def test_augment_gives_flips_and_shifts_and_keeps_labels(student):
    with Cases() as cases:
        for shape, flip_prob, max_shift in (((6, 6), 0.5, 2), ((2, 5, 7), 0.5, 1), ((6, 6), 0.0, 0), ((6, 6), 1.0, 0)):
            with cases.case():
                images = sample_images(60, shape, seed=len(shape) + max_shift)
                labels = np.arange(60) % 7
                out, what = augmented(student, images, labels, seed=4, flip_prob=flip_prob, max_shift=max_shift)
                flips, dys, dxs = transforms_of(images, out, max_shift, what, max_shift)
                if flip_prob in (0.0, 1.0) and not np.all(flips == flip_prob):
                    raise Feedback(K("flip_prob_ignored"), hint=K("flip_prob_inverted") if np.all(flips != flip_prob)
                                   else None, what=what, flip_prob=flip_prob, count=int(np.sum(flips != flip_prob)))
        with cases.case():
            # a generator whose first rng.random() is exactly 0.0: "flip when random() <= flip_prob" flips there
            images = sample_images(4, (5, 5), seed=23)
            what = "augment(images, labels, rng, flip_prob=0.0, max_shift=0) with rng.random() = 0.0 first"
            out = student.helper("helpers_exercise").augment_first_draw_zero(images, np.arange(4), flip_prob=0.0,
                                                                             max_shift=0)
            flips, _, _ = transforms_of(images, as_array(out[0], what), 0, what, 0)
            if np.any(flips != 0):
                raise Feedback(K("flip_prob_ignored"), hint=K("flip_at_zero_draw"), what=what, flip_prob=0.0,
                               count=int(np.sum(flips != 0)))


def hoeffding(n: int) -> float:
    """Half-width for the mean of n indicators: P(|mean − p| ≥ t) ≤ DELTA."""
    return math.sqrt(math.log(2 / DELTA) / (2 * n))


def check_frequencies(flips, dys, dxs, flip_prob, max_shift, what):
    n = len(flips)
    tol = hoeffding(n)
    one_draw = len({(int(f), int(a), int(b)) for f, a, b in zip(flips, dys, dxs)}) == 1
    frac = float(np.mean(flips))
    if abs(frac - flip_prob) > tol:
        hint = K("one_draw_per_batch") if one_draw else \
            K("flip_prob_inverted") if abs(frac - (1 - flip_prob)) <= tol else None
        raise Feedback(K("flip_frequency"), hint=hint, what=what, flip_prob=flip_prob, frac=f"{frac:.3f}",
                       tol=f"{tol:.3f}", n=n)
    share = 1 / (2 * max_shift + 1)
    for axis, values in (("dy", dys), ("dx", dxs)):
        for v in range(-max_shift, max_shift + 1):
            f = float(np.mean(values == v))
            if abs(f - share) > tol:
                hint = None
                if one_draw or np.all(values == values[0]):
                    hint = K("one_draw_per_batch")
                elif v == max_shift and f == 0.0:
                    hint = K("shift_range_exclusive")
                raise Feedback(K("shift_frequency"), hint=hint, what=what, axis=axis, value=v, share=f"{share:.3f}",
                               frac=f"{f:.3f}", tol=f"{tol:.3f}", n=n)


@pytest.mark.points(2)
@pytest.mark.concept(AUGMENT)
def test_augment_draws_with_the_stated_probabilities(student):
    images = sample_images(3000, (6, 6), seed=8)
    out, what = augmented(student, images, np.zeros(3000, dtype=np.int64), seed=9, flip_prob=0.3, max_shift=2)
    check_frequencies(*transforms_of(images, out, 2, what, 2), 0.3, 2, what)  # 11 checks: false failure ≤ 1.1e-7


@pytest.mark.points(1)
@pytest.mark.concept(AUGMENT)
def test_augment_defaults(student):
    images = sample_images(2000, (7, 7), seed=10)
    out, what = augmented(student, images, np.ones(2000, dtype=np.int64), seed=11)
    flips, dys, dxs = transforms_of(images, out, 3, what, 3)  # reach 3 to see a default that is not 2
    if max(np.abs(dys).max(), np.abs(dxs).max()) != 2:
        raise Feedback(K("default_max_shift"), what=what, got=int(max(np.abs(dys).max(), np.abs(dxs).max())))
    check_frequencies(flips, dys, dxs, 0.5, 2, what)


@pytest.mark.points(1)
@pytest.mark.concept(AUGMENT)
def test_augment_is_reproducible_from_the_generator(student):
    images, labels = sample_images(40, (6, 6), seed=12), np.arange(40)
    first, what = augmented(student, images, labels, seed=13)
    again, _ = augmented(student, images, labels, seed=13)
    if not np.array_equal(first, again):
        raise Feedback("core.not_deterministic", hint=K("ignores_rng"), what=what)
    other, _ = augmented(student, images, labels, seed=14)
    if np.array_equal(first, other):  # 40 samples × 50 transforms: equal by chance with probability 50^-40
        raise Feedback(K("same_any_seed"), hint=K("ignores_rng"), what=what)


# ---- vanishing gradients ----------------------------------------------------------------------------------
ACTS = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu}


def autograd_chain(x: float, weights: np.ndarray, activation: str) -> tuple[float, np.ndarray]:
    tx = torch.tensor(float(x), dtype=torch.float64, requires_grad=True)
    tw = torch.tensor(np.asarray(weights, dtype=np.float64), requires_grad=True)
    h = tx
    for layer in range(len(weights)):
        h = ACTS[activation](tw[layer] * h)
    dx, dw = torch.autograd.grad(h, (tx, tw))
    return float(dx), dw.numpy()


def chain_variants(x, weights, activation) -> dict[str, tuple[float, np.ndarray]]:
    """(dx, dw) under the typical mistakes."""
    f = {"sigmoid": lambda z: 1 / (1 + np.exp(-z)), "tanh": np.tanh, "relu": lambda z: max(z, 0.0)}[activation]
    df = {"sigmoid": lambda z, h: h * (1 - h), "tanh": lambda z, h: 1 - h * h,
          "relu": lambda z, h: float(z > 0)}[activation]
    hs, zs = [x], []
    for w in weights:
        zs.append(w * hs[-1])
        hs.append(f(zs[-1]))
    out = {}
    for key in ("chain_missing_weights", "sigmoid_derivative_on_z", "weight_grad_missing_input",
                "relu_derivative_at_zero"):
        up, dw = 1.0, np.zeros(len(weights))
        for layer in range(len(weights) - 1, -1, -1):
            if key == "sigmoid_derivative_on_z" and activation == "sigmoid":
                d = zs[layer] * (1 - zs[layer])
            elif key == "relu_derivative_at_zero" and activation == "relu":
                d = float(zs[layer] >= 0)
            else:
                d = df(zs[layer], hs[layer + 1])
            dz = up * d
            dw[layer] = dz if key == "weight_grad_missing_input" else dz * hs[layer]
            up = dz if key == "chain_missing_weights" else dz * weights[layer]
        out[K(key)] = (up, dw)
    return out


def check_chain(student, x, weights, activation, rtol=1e-6, atol=1e-12):
    what = f"chain_gradients(x={x:.4g}, weights, activation={activation!r})"
    got = student.chain_gradients(x, weights, activation)
    if not (isinstance(got, (tuple, list)) and len(got) == 2):
        raise Feedback("core.wrong_type", what=what, expected="a tuple (dx, dw)", got=type(got).__name__)
    dx, dw = autograd_chain(x, weights, activation)
    variants = chain_variants(x, weights, activation)
    inputs = {"x": x, "weights": np.asarray(weights), "activation": activation}
    assert_close(got[1], dw, f"{what}: dw = ∂h_L/∂w", rtol=rtol, atol=atol, inputs=inputs, dtype_kind="f",
                 mistakes={k: v[1] for k, v in variants.items() if not np.allclose(v[1], dw, rtol=rtol, atol=atol)})
    assert_close(got[0], dx, f"{what}: dx = ∂h_L/∂x", rtol=rtol, atol=atol, inputs=inputs,
                 mistakes={k: v[0] for k, v in variants.items() if not np.isclose(v[0], dx, rtol=rtol, atol=atol)})


@pytest.mark.points(3)
@pytest.mark.concept(VANISH)
@settings(max_examples=20)
@given(x=floats(-2.0, 2.0), weights=float_arrays(st.integers(1, 10), -2.5, 2.5),
       activation=st.sampled_from(["sigmoid", "tanh", "relu"]))
def test_chain_gradients_against_autograd(student, x, weights, activation):
    check_chain(student, x, weights, activation)


@pytest.mark.points(1)
@pytest.mark.concept(VANISH)
def test_sigmoid_gradient_vanishes_relu_does_not(student):
    # Every sigmoid factor w·σ'(z) is at most |w|/4, so with unit weights |∂h_L/∂x| ≤ 4^-L; ReLU passes 1.
    with Cases() as cases:
        for depth in (2, 5, 10, 20):
            with cases.case():
                check_chain(student, 1.0, np.ones(depth), "sigmoid", atol=0)
                what = f"chain_gradients(1.0, np.ones({depth}))"  # the default activation is the sigmoid
                dx = float(as_array(student.chain_gradients(1.0, np.ones(depth))[0], f"{what}: dx"))
                expected = autograd_chain(1.0, np.ones(depth), "sigmoid")[0]
                assert_close(dx, expected, f"{what}: dx", atol=0)
                if not abs(dx) <= 0.25**depth:
                    raise Feedback(K("vanishing_bound"), what=what, depth=depth, got=f"{dx:.3g}",
                                   bound=f"{0.25**depth:.3g}")
            with cases.case():
                check_chain(student, 1.0, np.ones(depth), "relu")


@pytest.mark.points(1)
@pytest.mark.concept(VANISH)
def test_relu_chain_explodes_with_large_weights(student):
    # Weights of 2 and x = 1: h_l = 2^l, ∂h_30/∂x = 2^30, ∂h_30/∂w_l = 2^(30 − l) · 2^(l − 1) = 2^29.
    check_chain(student, 1.0, np.full(30, 2.0), "relu")
    check_chain(student, 0.5, np.array([3.0, -1.0, 2.0]), "relu")  # the second unit is off: every gradient is 0
    check_chain(student, 0.0, np.array([1.0, 2.0]), "relu")  # z = 0 at every unit, where ReLU' is taken as 0


# ---- gradient clipping ------------------------------------------------------------------------------------
def torch_clip_norm(grads, max_norm, norm_type):
    params = [torch.nn.Parameter(torch.zeros(g.shape, dtype=torch.float64)) for g in grads]
    for p, g in zip(params, grads):
        p.grad = torch.tensor(g, dtype=torch.float64)
    total = float(torch.nn.utils.clip_grad_norm_(params, max_norm, norm_type=norm_type))
    return [p.grad.numpy() for p in params], total


def norm(a: np.ndarray, p: float) -> float:
    a = np.abs(a.ravel())
    return float(a.max()) if p == np.inf else float(np.sum(a**p) ** (1 / p))


def clip_variants(grads, max_norm, p):
    total = norm(np.concatenate([g.ravel() for g in grads]), p)
    return {
        K("per_tensor_clip"): ([g * min(1.0, max_norm / norm(g, p)) if norm(g, p) > 0 else g for g in grads], None),
        K("scaled_up"): ([g * max_norm / total for g in grads] if total > 0 else grads, None),
        K("norms_summed"): ([g * min(1.0, max_norm / sum(norm(h, p) for h in grads)) for g in grads],
                            sum(norm(h, p) for h in grads)),
        K("norm_after_clip"): (None, min(total, max_norm)),
    }


def check_clip_norm(student, grads, max_norm, norm_type=None):
    p = 2.0 if norm_type is None else norm_type
    what = f"clip_grad_norm(grads, max_norm={max_norm:g}{'' if norm_type is None else f', norm_type={norm_type}'})"
    got = student.clip_grad_norm(grads, max_norm) if norm_type is None else \
        student.clip_grad_norm(grads, max_norm, norm_type)
    expected, total = torch_clip_norm(grads, max_norm, p)
    if not (isinstance(got, (tuple, list)) and len(got) == 2 and isinstance(got[0], (list, tuple))
            and len(got[0]) == len(grads)):
        raise Feedback("core.wrong_type", what=what, expected=f"a tuple (list of {len(grads)} arrays, total_norm)",
                       got=type(got).__name__)
    inputs = {"grads": list(grads), "max_norm": max_norm}
    variants = clip_variants(grads, max_norm, p)
    assert_close(got[1], total, f"{what}: total_norm", inputs=inputs,
                 mistakes={k: v[1] for k, v in variants.items() if v[1] is not None and not np.isclose(v[1], total)})
    for i, (g, e) in enumerate(zip(got[0], expected)):
        # rtol 1e-4 accepts the factor with or without torch's + 1e-6 (total norms here are ≥ 0.05)
        if np.asarray(g).dtype != np.float64:
            raise Feedback("core.dtype", what=f"{what}: clipped[{i}]", expected="float64", got=str(np.asarray(g).dtype))
        assert_close(g, e, f"{what}: clipped[{i}]", rtol=1e-4, atol=1e-9, dtype_kind="f", inputs=inputs,
                     mistakes={k: v[0][i] for k, v in variants.items()
                               if v[0] is not None and not np.allclose(v[0][i], e, rtol=1e-4, atol=1e-9)})


@st.composite
def grad_lists(draw):
    count = draw(st.integers(1, 3))
    scale = draw(st.sampled_from([0.05, 1.0, 20.0]))
    return [draw(float_arrays(shapes(1, 2, 1, 4), -1.0, 1.0)) * scale + scale * 0.1 for _ in range(count)]


@pytest.mark.points(2)
@pytest.mark.concept(CLIP)
@settings(max_examples=15)
@given(grads=grad_lists(), max_norm=floats(0.1, 5.0), norm_type=st.sampled_from([2.0, 1.0, 3.0, float("inf")]))
def test_clip_grad_norm_against_torch(student, grads, max_norm, norm_type):
    check_clip_norm(student, grads, max_norm, norm_type)


@pytest.mark.points(1)
@pytest.mark.concept(CLIP)
def test_clip_grad_norm_worked_cases(student):
    with Cases() as cases:
        with cases.case():  # default norm_type 2: ‖(3, 4)‖ = 5 → clipped to norm 1: (0.6, 0.8)
            check_clip_norm(student, [np.array([3.0]), np.array([4.0])], 1.0)
        with cases.case():  # below the limit: unchanged
            check_clip_norm(student, [np.array([0.3, -0.4]), np.array([[0.1]])], 1.0)
        with cases.case():  # an exploding gradient, 2^29 per entry, clipped to norm 5
            check_clip_norm(student, [np.full(30, 2.0**29)], 5.0)
        with cases.case():
            got = student.clip_grad_norm([], 1.0)
            assert_equal([list(got[0]), float(got[1])], [[], 0.0], "clip_grad_norm([], 1.0)")
        with cases.case():  # max_norm = 0 is allowed: every gradient becomes 0
            check_clip_norm(student, [np.array([0.3, -0.4]), np.array([[2.0]])], 0.0)
        with cases.case():  # float32 gradients come back as float64
            check_clip_norm(student, [np.array([3.0, 4.0], dtype=np.float32)], 1.0)
        for p in (2.0, float("inf")):
            with cases.case():  # gradients with no entries: total norm 0.0, nothing to clip
                what = f"clip_grad_norm([np.zeros(0), np.zeros((2, 0))], 1.0, {p})"
                got = student.clip_grad_norm([np.zeros(0), np.zeros((2, 0))], 1.0, p)
                assert_equal(float(got[1]), 0.0, f"{what}: total_norm")
                assert_equal([np.asarray(g).shape for g in got[0]], [(0,), (2, 0)], f"{what}: [g.shape for g in clipped]")
        with cases.case():
            # a total norm of 1e-6: the factor is max_norm / (total + 1e-6) (torch) or max_norm / total, nothing else
            grads, max_norm = [np.array([6e-7]), np.array([8e-7])], 1e-7
            what = "clip_grad_norm(grads, max_norm=1e-07)"
            clipped = [as_array(g, f"{what}: clipped") for g in student.clip_grad_norm(grads, max_norm)[0]]
            total = 1e-6
            with_eps, without = [g * (max_norm / (total + 1e-6)) for g in grads], [g * (max_norm / total) for g in grads]
            if not all(np.allclose(c, w, rtol=1e-7, atol=0) for c, w in zip(clipped, without)):
                for i, (c, w) in enumerate(zip(clipped, with_eps)):
                    try:
                        assert_close(c, w, f"{what}: clipped[{i}]", rtol=1e-7, atol=0,
                                     inputs={"grads": grads, "max_norm": max_norm})
                    except Feedback as fb:
                        fb.hint = fb.hint or K("clip_factor")
                        raise


@pytest.mark.points(1)
@pytest.mark.concept(CLIP)
@settings(max_examples=8)
@given(grads=grad_lists(), clip_value=floats(0.0, 3.0))
def test_clip_grad_value_against_torch(student, grads, clip_value):
    params = [torch.nn.Parameter(torch.zeros(g.shape, dtype=torch.float64)) for g in grads]
    for p, g in zip(params, grads):
        p.grad = torch.tensor(g - g.mean(), dtype=torch.float64)  # both signs
    signed = [p.grad.numpy().copy() for p in params]
    torch.nn.utils.clip_grad_value_(params, clip_value)
    got = student.clip_grad_value(signed, clip_value)
    what = f"clip_grad_value(grads, clip_value={clip_value:g})"
    if not (isinstance(got, (list, tuple)) and len(got) == len(grads)):
        raise Feedback("core.wrong_type", what=what, expected=f"a list of {len(grads)} arrays", got=type(got).__name__)
    for i, (g, p) in enumerate(zip(got, params)):
        if np.asarray(g).dtype != np.float64:
            raise Feedback("core.dtype", what=f"{what}[{i}]", expected="float64", got=str(np.asarray(g).dtype))
        assert_close(g, p.grad.numpy(), f"{what}[{i}]", dtype_kind="f", inputs={"grads": signed, "clip_value": clip_value},
                     mistakes={K("one_sided_clip"): np.minimum(signed[i], clip_value)})


# ---- documented errors and in-place edits --------------------------------------------------------------------
@pytest.mark.points(1)
@pytest.mark.concept(VALID)
def test_training_functions_reject_invalid_input(student):
    p, g = np.zeros(3), np.ones(3)
    cases = [
        (lambda: student.early_stopping([], 2), "early_stopping([], patience=2)"),
        (lambda: student.early_stopping([1.0, float("nan")], 2), "early_stopping([1.0, nan], 2)"),
        (lambda: student.early_stopping([1.0, 0.9], 0), "early_stopping(…, patience=0)"),
        (lambda: student.early_stopping([1.0, 0.9], 1.5), "early_stopping(…, patience=1.5)"),
        (lambda: student.early_stopping([1.0, 0.9], 2, -0.1), "early_stopping(…, min_delta=-0.1)"),
        (lambda: student.early_stopping([1.0, 0.9], 2, float("nan")), "early_stopping(…, min_delta=nan)"),
        (lambda: student.sgd_step(p, np.ones(4), {}, 0.1), "sgd_step(param of shape (3,), grad of shape (4,))"),
        # shapes that broadcast: only a check of the shapes rejects them
        (lambda: student.sgd_step(p, np.ones(1), {}, 0.1), "sgd_step(param of shape (3,), grad of shape (1,))"),
        (lambda: student.sgd_step(p, np.ones((2, 3)), {}, 0.1), "sgd_step(param of shape (3,), grad of shape (2, 3))"),
        (lambda: student.sgd_step(p, g, [], 0.1), "sgd_step with state = [] (not a dict)"),
        (lambda: student.sgd_step(p, g, {}, -0.1), "sgd_step(lr=-0.1)"),
        (lambda: student.sgd_step(p, g, {}, float("nan")), "sgd_step(lr=nan)"),
        (lambda: student.sgd_step(p, g, {}, 0.1, momentum=-0.5), "sgd_step(momentum=-0.5)"),
        (lambda: student.sgd_step(p, g, {}, 0.1, weight_decay=-0.01), "sgd_step(weight_decay=-0.01)"),
        (lambda: student.sgd_step(p, g, {}, 0.1, weight_decay=float("inf")), "sgd_step(weight_decay=inf)"),
    ]
    with Cases() as checks:
        for call, what in cases:
            with checks.case():
                assert_raises(call, ValueError, what, hint=K("no_validation"))


@pytest.mark.points(1)
@pytest.mark.concept(VALID)
def test_other_functions_reject_invalid_input(student):
    x3, labels = np.ones((4, 5, 5)), np.arange(4)
    cases = [
        (lambda: student.hflip(np.ones(5)), "hflip of a 1-D array"),
        (lambda: student.shift(np.ones(5), 1, 0), "shift of a 1-D array"),
        (lambda: student.shift(x3, 1.5, 0), "shift(images, dy=1.5, dx=0)"),
        (lambda: student.shift(x3, 0, 2.0), "shift(images, dy=0, dx=2.0)"),
        (lambda: student.augment(np.ones((5, 5)), np.arange(5), Rng(0)), "augment of images with 2 axes"),
        # no sample to transform: only a check of the axes rejects it
        (lambda: student.augment(np.ones((0, 5)), np.arange(0), Rng(0)), "augment(np.ones((0, 5)), np.arange(0), rng)"),
        (lambda: student.augment(x3, np.arange(3), Rng(0)), "augment with 3 labels for 4 images"),
        (lambda: student.augment(x3, labels, Rng(0), flip_prob=1.5), "augment(flip_prob=1.5)"),
        (lambda: student.augment(x3, labels, Rng(0), flip_prob=float("nan")), "augment(flip_prob=nan)"),
        # just outside [0, 1], on both sides
        (lambda: student.augment(x3, labels, Rng(0), flip_prob=1.0005), "augment(flip_prob=1.0005)"),
        (lambda: student.augment(x3, labels, Rng(0), flip_prob=-0.0005), "augment(flip_prob=-0.0005)"),
        # no sample to draw a shift for: only a check of max_shift rejects it
        (lambda: student.augment(np.ones((0, 5, 5)), np.arange(0), Rng(0), max_shift=-1),
         "augment(np.ones((0, 5, 5)), np.arange(0), rng, max_shift=-1)"),
        (lambda: student.augment(x3, labels, Rng(0), max_shift=-1), "augment(max_shift=-1)"),
        (lambda: student.augment(x3, labels, Rng(0), max_shift=1.0), "augment(max_shift=1.0)"),
        (lambda: student.chain_gradients(0.5, np.ones(3), "softplus"), "chain_gradients(activation='softplus')"),
        (lambda: student.chain_gradients(0.5, np.ones(0)), "chain_gradients with no weights"),
        (lambda: student.chain_gradients(0.5, np.ones((2, 2))), "chain_gradients with weights of shape (2, 2)"),
        (lambda: student.clip_grad_norm([np.ones(3)], -1.0), "clip_grad_norm(max_norm=-1)"),
        (lambda: student.clip_grad_norm([np.ones(3)], float("nan")), "clip_grad_norm(max_norm=nan)"),
        (lambda: student.clip_grad_norm([np.ones(3)], 1.0, 0.0), "clip_grad_norm(norm_type=0)"),
        (lambda: student.clip_grad_value([np.ones(3)], -0.5), "clip_grad_value(clip_value=-0.5)"),
        (lambda: student.clip_grad_value([np.ones(3)], float("nan")), "clip_grad_value(clip_value=nan)"),
    ]
    with Cases() as checks:
        for call, what in cases:
            with checks.case():
                assert_raises(call, ValueError, what, hint=K("no_validation"))


@pytest.mark.points(2)
@pytest.mark.concept(INPLACE)
def test_inputs_are_not_modified(student):
    rng = np.random.default_rng(20)
    p, g, images = rng.normal(size=(2, 3)), rng.normal(size=(2, 3)), sample_images(6, (5, 5), 21)
    grads = [rng.normal(size=4) * 10, rng.normal(size=(2, 2)) * 10]
    calls = [
        ("sgd_step", (p, g, {}, 0.1), {"momentum": 0.9, "weight_decay": 0.1}, "sgd_step(param, grad, {}, …)"),
        ("hflip", (images,), {}, "hflip(images)"),
        ("shift", (images, 1, -1), {}, "shift(images, 1, -1)"),
        ("augment", (images, np.arange(6), Rng(0)), {}, "augment(images, labels, rng)"),
        ("clip_grad_norm", (grads, 1.0), {}, "clip_grad_norm(grads, 1.0)"),
        ("clip_grad_value", (grads, 0.5), {}, "clip_grad_value(grads, 0.5)"),
        ("chain_gradients", (0.5, rng.normal(size=5)), {"activation": "tanh"}, "chain_gradients(0.5, weights)"),
    ]
    with Cases() as cases:
        for fn, args, kwargs, what in calls:
            with cases.case():
                _, after = student.call_and_return_args(fn, *args, **kwargs)
                for i, before in enumerate(args):
                    items = before if isinstance(before, list) else [before]
                    later = after[i] if isinstance(before, list) else [after[i]]
                    for b, a in zip(items, later):
                        if isinstance(b, np.ndarray):
                            assert_unchanged(b, a, f"{what}: argument {i + 1}", hint=K("in_place"))
    # sgd_step's state from a momentum step is passed back: it must come back as it was sent
    _, state = student.sgd_step(p, g, {}, 0.1, momentum=0.9)
    buffers = {k: np.array(v, copy=True) for k, v in state.items() if isinstance(v, np.ndarray)}
    _, after = student.call_and_return_args("sgd_step", p, g, state, 0.1, momentum=0.9)
    for k, v in buffers.items():
        assert_unchanged(v, after[2].get(k), f"sgd_step(…, state, …): state[{k!r}]", hint=K("in_place"))


@pytest.mark.points(1)
@pytest.mark.concept(INPLACE)
def test_results_are_new_arrays(student):
    # "returns new arrays": no result may share memory with an argument (checked inside the child)
    helpers = student.helper("helpers_core")
    images, labels = sample_images(4, (5, 5), 22), np.arange(4)
    calls = [
        ("hflip", (images,), {}, "hflip(images)", ("flipped",), ("images",)),
        ("shift", (images, 0, 0), {}, "shift(images, 0, 0)", ("shifted",), ("images",)),
        ("augment", (images, labels, Rng(0)), {"flip_prob": 0.0, "max_shift": 0},
         "augment(images, labels, rng, flip_prob=0.0, max_shift=0)", ("augmented", "labels_out"),
         ("images", "labels", "rng")),
        ("sgd_step", (images[0], np.zeros((5, 5)), {}, 0.0), {}, "sgd_step(param, grad, {}, 0.0)",
         ("new_param", "new_state"), ("param", "grad", "state", "lr")),
    ]
    with Cases() as cases:
        for fn, args, kwargs, what, results, arg_names in calls:
            with cases.case():
                _, pairs = helpers.call_and_find_aliases(fn, *args, **kwargs)
                if pairs:
                    i, j = pairs[0]
                    raise Feedback(K("returns_input_array"), hint=K("aliased_result"), what=what, result=results[i],
                                   arg=arg_names[j])
