"""Draws the shift with rng.integers(-max_shift, max_shift), which never gives +max_shift."""

EXPECT = "shift_range_exclusive"


def augment(images, labels, rng, flip_prob=0.5, max_shift=2):
    images, labels = np.asarray(images), np.asarray(labels)
    if images.ndim < 3 or labels.shape != images.shape[:1]:
        raise ValueError("bad shapes")
    flip_prob = float(flip_prob)
    if not 0.0 <= flip_prob <= 1.0:
        raise ValueError("flip_prob must lie in [0, 1]")
    max_shift = _int("max_shift", max_shift, 0)
    out = np.empty_like(images)
    for n in range(images.shape[0]):
        image = hflip(images[n]) if rng.random() < flip_prob else images[n]
        dy, dx = rng.integers(-max_shift, max_shift, size=2) if max_shift else (0, 0)
        out[n] = shift(image, int(dy), int(dx))
    return out, labels.copy()
