"""NaN and infinities through maximum/minimum/relu under real MXNet 1.9.1: values and
gradients (tests/ndarray/test_nan_ops.py).

    ~/.mxref/bin/python tools/golden/nan_ops.py
"""
import json
import os
import sys

import numpy as np

INPUT = [float("nan"), 1.0, -1.0, 0.0, float("inf"), float("-inf"), 0.5]


def cases(mx):
    """{name: function of the variable}, written with the module ``mx``."""
    other = mx.nd.array([0.5, float("nan"), 2.0, 0.0, float("-inf"), 3.0, 0.5])
    return {
        "relu": lambda x: mx.nd.relu(x),
        "activation_relu": lambda x: mx.nd.Activation(x, act_type="relu"),
        "maximum_scalar": lambda x: mx.nd.maximum(x, 0.5),
        "minimum_scalar": lambda x: mx.nd.minimum(x, 0.5),
        "broadcast_maximum": lambda x: mx.nd.broadcast_maximum(x, mx.nd.array([0.5])),
        "maximum": lambda x: mx.nd.maximum(x, other),
        "minimum": lambda x: mx.nd.minimum(x, other),
        "maximum_right": lambda x: mx.nd.maximum(other, x),
    }


def _show(a):
    return [repr(float(v)) for v in a]   # nan and inf survive JSON as text


def run(mx):
    """{name: [value, gradient]} as text."""
    out = {}
    for name, f in cases(mx).items():
        x = mx.nd.array(INPUT)
        x.attach_grad()
        with mx.autograd.record():
            y = f(x)
        y.backward()
        out[name] = [_show(y.asnumpy()), _show(x.grad.asnumpy())]
    return out


if __name__ == "__main__":
    import mxnet
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "..", "..", "tests", "golden", "nan_ops.json")
    with open(path, "w") as handle:
        json.dump({"mxnet": mxnet.__version__, "results": run(mxnet)}, handle, indent=0)
    sys.stdout.write("wrote %s\n" % path)
