"""Shape rules shared by many operators, for ``mx.sym``'s shape inference
(``register(..., shape_rule=same_shapes)``)."""
from ...base import MXNetError, shape_str

__all__ = ["same_shapes"]


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
