"""Broadcasting pads the shorter shapes with 1s on the RIGHT, aligning the first dimensions."""
EXPECT = "broadcast_left"


def broadcast_shape(*shapes):
    shapes = [_shape(s) for s in shapes]
    ndim = max((len(s) for s in shapes), default=0)
    shapes = [s + (1,) * (ndim - len(s)) for s in shapes]
    out = []
    for k in range(ndim):
        sizes = {s[k] for s in shapes} - {1}
        if len(sizes) > 1:
            raise ValueError("cannot broadcast")
        out.append(sizes.pop() if sizes else 1)
    return tuple(out)
