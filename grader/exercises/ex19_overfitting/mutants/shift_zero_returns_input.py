"""A shift by (0, 0) returns the images it was given instead of a new array: the caller's batch and the
"augmented" one are the same memory, so changing one changes the other."""

EXPECT = "aliased_result"


def shift(images, dy, dx):
    images = np.asarray(images)
    if images.ndim < 2:
        raise ValueError(f"images must have shape (..., H, W), got {images.shape}")
    dy, dx = _int("dy", dy, None), _int("dx", dx, None)
    if dy == 0 and dx == 0:
        return images
    H, W = images.shape[-2:]
    out = np.zeros_like(images)
    if abs(dy) >= H or abs(dx) >= W:
        return out
    rows_out, rows_in = slice(max(dy, 0), H + min(dy, 0)), slice(max(-dy, 0), H - max(dy, 0))
    cols_out, cols_in = slice(max(dx, 0), W + min(dx, 0)), slice(max(-dx, 0), W - max(dx, 0))
    out[..., rows_out, cols_out] = images[..., rows_in, cols_in]
    return out
