"""The -1 is resolved by floor division, so an impossible reshape (6 elements into (4, -1)) returns (4, 1)."""
EXPECT = "reshape_not_divisible"


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
    known = _numel(tuple(v for v in new if v != -1))
    if known == 0:
        raise ValueError("ambiguous -1")
    return tuple(total // known if v == -1 else v for v in new)
