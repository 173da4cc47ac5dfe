"""Shape rules shared by many operators, for ``mx.sym``'s shape inference
(``register(..., shape_rule=same_shapes)``)."""
from ...base import MXNetError, shape_str

__all__ = ["same_shapes", "concat_shapes", "split_shapes"]


def same_shapes(attrs, ins, outs):
    """Inputs and outputs share one shape (unknown dimensions, 0, filled from the others):
    the rule of elementwise operators, MXNet's ``ElemwiseShape``."""
    known = [s for s in list(ins) + list(outs) if s]
    if not known:
        return ins, outs
    merged = list(known[0])
    for s in known[1:]:
        if len(s) != len(merged):
            raise MXNetError("Operator elementwise: shape inconsistent, %s vs. %s"
                             % (shape_str(tuple(merged)), shape_str(s)))
        for i, d in enumerate(s):
            if d > 0 and merged[i] > 0 and d != merged[i]:
                raise MXNetError("Operator elementwise: shape inconsistent, %s vs. %s"
                                 % (shape_str(tuple(merged)), shape_str(s)))
            merged[i] = merged[i] if merged[i] > 0 else d
    merged = tuple(merged)
    return [merged] * len(ins), [merged] * len(outs)


def _merge_dim(a, b, what):
    if a > 0 and b > 0 and a != b:
        raise MXNetError("Operator %s: shape inconsistent, dimension %d vs. %d" % (what, a, b))
    return a if a > 0 else b


def concat_shapes(attrs, ins, outs):
    """``Concat``: the inputs and the output agree outside axis ``dim``; along it the
    output is the inputs' sum once they are all known (an input's size along ``dim`` is
    never inferred from the output, as in MXNet)."""
    shapes = [s for s in list(ins) + list(outs[:1]) if s]
    if not shapes:
        return ins, outs
    ndim = len(shapes[0])
    axis = int(attrs.get("dim", 1))
    axis = axis + ndim if axis < 0 else axis
    if any(len(s) != ndim for s in shapes) or not 0 <= axis < ndim:
        return ins, outs
    common = [0] * ndim
    for s in shapes:
        for i, d in enumerate(s):
            if i != axis:
                common[i] = _merge_dim(common[i], int(d), "Concat")
    sizes = [int(s[axis]) if s else 0 for s in ins]
    total = int(outs[0][axis]) if outs and outs[0] else 0
    if all(d > 0 for d in sizes):
        total = _merge_dim(total, sum(sizes), "Concat")
    new_ins = [tuple(d if i != axis else sizes[k] for i, d in enumerate(common))
               for k in range(len(ins))]
    out = tuple(d if i != axis else total for i, d in enumerate(common))
    return new_ins, [out] + list(outs[1:])


def split_shapes(attrs, ins, outs):
    """``SliceChannel``: ``num_outputs`` equal pieces of the input along ``axis`` (that
    axis removed with ``squeeze_axis``); the input follows from a known piece too."""
    n = int(attrs["num_outputs"])
    squeeze = str(attrs.get("squeeze_axis", False)).lower() in ("1", "true")
    axis = int(attrs.get("axis", 1))
    data = ins[0] if ins else None
    piece = None
    for s in outs:  # the pieces share one shape
        if s:
            piece = tuple(s) if piece is None or len(piece) != len(s) else tuple(
                _merge_dim(int(a), int(b), "SliceChannel") for a, b in zip(piece, s))
    ndim = len(data) if data else (len(piece) + (1 if squeeze else 0) if piece else None)
    if ndim is None:
        return ins, outs
    ax = axis + ndim if axis < 0 else axis
    if not 0 <= ax < ndim:
        return ins, outs
    full = list(data) if data else [0] * ndim
    if piece:
        pos = [i for i in range(ndim) if not (squeeze and i == ax)]
        for i, d in zip(pos, piece):
            if i == ax:
                full[i] = _merge_dim(full[i], int(d) * n if d else 0, "SliceChannel")
            else:
                full[i] = _merge_dim(full[i], int(d), "SliceChannel")
        if squeeze:
            full[ax] = _merge_dim(full[ax], n, "SliceChannel")
    one = [d if i != ax else (d // n if d else 0) for i, d in enumerate(full)]
    if squeeze:
        one = [d for i, d in enumerate(one) if i != ax]
    return [tuple(full)] + list(ins[1:]), [tuple(one)] * len(outs)
