"""Draws one flip and one shift for the whole batch instead of one per sample."""

EXPECT = "one_draw_per_batch"


def augment(images, labels, rng, flip_prob=0.5, max_shift=2):
    images, labels = np.asarray(images), np.asarray(labels)
    if images.ndim < 3 or labels.shape != images.shape[:1]:
        raise ValueError("bad shapes")
    flip_prob = float(flip_prob)
    if not 0.0 <= flip_prob <= 1.0:
        raise ValueError("flip_prob must lie in [0, 1]")
    max_shift = _int("max_shift", max_shift, 0)
    batch = hflip(images) if rng.random() < flip_prob else images
    dy, dx = rng.integers(-max_shift, max_shift + 1, size=2)
    return shift(batch, int(dy), int(dx)), labels.copy()
