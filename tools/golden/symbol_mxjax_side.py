"""Writes ``tests/golden/symbol/mxjax_written-symbol.json`` with mxjax (run with python3).

``tools/golden/symbol.py`` (real MXNet) then loads that file, binds and runs it, so the
fixture shows that JSON written by mxjax loads and runs in MXNet 1.9.1.
"""
import os

import mxjax as mx

FILES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests",
                     "golden", "symbol")


def mxjax_net():
    """An MLP with BatchNorm, a scalar op and a SoftmaxOutput head, built with mx.sym."""
    data = mx.sym.Variable("data")
    fc1 = mx.sym.FullyConnected(data, num_hidden=12, name="fc1")
    bn = mx.sym.BatchNorm(fc1, fix_gamma=False, name="bn")
    act = mx.sym.Activation(bn * 0.5 + 1, act_type="tanh")
    fc2 = mx.sym.FullyConnected(act, num_hidden=10, name="fc2")
    return mx.sym.SoftmaxOutput(fc2, name="softmax")


if __name__ == "__main__":
    os.makedirs(FILES, exist_ok=True)
    mxjax_net().save(os.path.join(FILES, "mxjax_written-symbol.json"))
    print("wrote", os.path.join(FILES, "mxjax_written-symbol.json"))
