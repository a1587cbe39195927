"""The -1 stays in the product of the known sizes, so the resolved size comes out negative."""
EXPECT = "reshape_minus_one_counted"


def resolve_reshape(shape, new_shape):
    shape = _shape(shape)
    new = _shape(new_shape, "new_shape", allow_minus_one=True)
    total = _numel(shape)
    if new.count(-1) > 1:
        raise ValueError("only one dimension can be -1")
    if -1 not in new:
        if _numel(new) != total:
            raise ValueError(f"cannot reshape {total} elements into shape {new}")
        return new
    known = _numel(new)
    if known == 0 or total % known:
        raise ValueError(f"cannot reshape {total} elements into shape {new}")
    return tuple(total // known if v == -1 else v for v in new)
