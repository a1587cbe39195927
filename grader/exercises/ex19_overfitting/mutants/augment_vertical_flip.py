"""Flips the images upside down (along the rows) instead of left to right."""

EXPECT = "flip_wrong_axis"


def hflip(images):
    images = np.asarray(images)
    if images.ndim < 2:
        raise ValueError("images must have at least 2 axes")
    return images[..., ::-1, :].copy()
