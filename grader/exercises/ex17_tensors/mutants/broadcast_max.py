"""Each dimension of the result is the largest size: 1 with 0 gives 1, and mismatches are not refused."""
EXPECT = "broadcast_one_zero"


def broadcast_shape(*shapes):
    shapes = [_shape(s) for s in shapes]
    ndim = max((len(s) for s in shapes), default=0)
    shapes = [(1,) * (ndim - len(s)) + s for s in shapes]
    return tuple(max(col) for col in zip(*shapes))
