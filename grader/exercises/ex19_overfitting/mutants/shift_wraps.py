"""Shifts with np.roll, so the pixels pushed over one border come back on the other side."""

EXPECT = "shift_wraps"


def shift(images, dy, dx):
    images = np.asarray(images)
    if images.ndim < 2:
        raise ValueError("images must have at least 2 axes")
    dy, dx = _int("dy", dy, -(2**62)), _int("dx", dx, -(2**62))
    return np.roll(images, (dy, dx), axis=(-2, -1))
