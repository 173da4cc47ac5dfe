"""Golden values for dot and batch_dot (transpose flags, N-D), from real MXNet 1.9.1.

Run: ~/.mxref/bin/python tools/golden/dot.py
"""
import os
import sys

import numpy as np
import mxnet as mx
from mxnet import nd, autograd

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import save, Cases  # noqa: E402

rng = np.random.RandomState(0)
cases = Cases()
specs = [
    ("dot_2d", "dot", (3, 4), (4, 5), False, False),
    ("dot_ta", "dot", (4, 3), (4, 5), True, False),
    ("dot_tb", "dot", (3, 4), (5, 4), False, True),
    ("dot_tab", "dot", (4, 3), (5, 4), True, True),
    ("dot_nd", "dot", (2, 3, 4), (4, 5), False, False),
    ("dot_mv", "dot", (3, 4), (4,), False, False),
    ("dot_vv", "dot", (4,), (4,), False, False),
    ("bdot", "batch_dot", (2, 3, 4), (2, 4, 5), False, False),
    ("bdot_ta", "batch_dot", (2, 4, 3), (2, 4, 5), True, False),
    ("bdot_tb", "batch_dot", (2, 3, 4), (2, 5, 4), False, True),
    ("bdot_tab", "batch_dot", (2, 4, 3), (2, 5, 4), True, True),
]
for name, op, sa, sb, ta, tb in specs:
    for dtype in ("float32", "float64"):
        a = nd.array(rng.standard_normal(sa), dtype=dtype)
        b = nd.array(rng.standard_normal(sb), dtype=dtype)
        a.attach_grad()
        b.attach_grad()
        with autograd.record():
            out = getattr(nd, op)(a, b, transpose_a=ta, transpose_b=tb)
        head = nd.array(rng.standard_normal(out.shape), dtype=dtype)
        out.backward(head)
        cases["%s_%s" % (name, dtype)] = {"a": a, "b": b, "out": out, "head": head,
                                          "grad_a": a.grad, "grad_b": b.grad}
save("dot", cases)
