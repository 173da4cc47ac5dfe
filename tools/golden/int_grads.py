"""Gradients of integer variables under real MXNet 1.9.1 (tests/test_autograd_int.py):
MXNet differentiates int32/int64/uint8 arrays and gives gradients in their dtype.

    ~/.mxref/bin/python tools/golden/int_grads.py

Not stored: arithmetic that wraps around in the integer type before a nonlinearity
(``relu(x - 5)`` on uint8 sees 251 where mxjax's float copy sees -5).
"""
import json
import os
import sys

import numpy as np


def cases(mx):
    """{name: function of the variable}, written with the module ``mx``."""
    return {
        "getitem": lambda x: x[1:3],
        "getitem_int": lambda x: x[1],
        "mul_scalar": lambda x: x * 3,
        "square": lambda x: x * x,
        "sum_axis": lambda x: mx.nd.sum(x, axis=1),
        "div_scalar": lambda x: x / 2,
        "reshape_slice": lambda x: x.reshape((-1,))[2:5] * 2,
        "relu_shifted": lambda x: mx.nd.relu(x - 5),
        "transpose_mul": lambda x: mx.nd.transpose(x) * mx.nd.arange(3).astype(x.dtype),
        "mixed_with_float": lambda x: x.astype("float32") * 0.5,
        # an operator that takes integers only: no gradient through it, the product's
        # other factor still has one
        "bitwise_then_mul": lambda x: (mx.np.bitwise_and(x.as_np_ndarray(), 6)
                                       * x.as_np_ndarray()).as_nd_ndarray(),
    }


DTYPES = ["int32", "int64", "uint8"]


def run(mx):
    """{dtype/name: [gradient dtype, flat gradient]}"""
    out = {}
    for dt in DTYPES:
        for name, f in cases(mx).items():
            if dt == "uint8" and name == "relu_shifted":
                continue   # wraps around in uint8 (see the docstring)
            x = mx.nd.array(np.arange(12).reshape(3, 4), dtype=dt)
            x.attach_grad()
            with mx.autograd.record():
                y = f(x)
            y.backward()
            g = x.grad.asnumpy()
            out["%s/%s" % (dt, name)] = [str(g.dtype), g.ravel().tolist()]
    return out


if __name__ == "__main__":
    import mxnet
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "..", "..", "tests", "golden", "int_grads.json")
    with open(path, "w") as handle:
        json.dump({"mxnet": mxnet.__version__, "results": run(mxnet)}, handle, indent=0)
    sys.stdout.write("wrote %s\n" % path)
