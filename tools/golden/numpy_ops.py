"""Golden values for mx.np / mx.npx from MXNet 1.9.1 with npx.set_np().

Run: ~/.mxref/bin/python tools/golden/numpy_ops.py  ->  tests/golden/numpy_ops.npz

The cases (expressions over np/npx) live in tests/numpy/numpy_cases.py so the test
evaluates exactly the same expressions under mxjax. A case MXNet cannot evaluate
is stored with an ``error`` field (its message) instead of ``out``.
"""
import os
import sys

import numpy as onp
import mxnet as mx
from mxnet import np, npx, autograd

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                "tests", "numpy"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy_cases  # noqa: E402
from common import save  # noqa: E402

npx.set_np()


def host(v):
    if hasattr(v, "asnumpy"):
        return v.asnumpy()
    return onp.asarray(v)


def main():
    env = {"np": np, "npx": npx, "mx": mx}
    exec(numpy_cases.SETUP, env)  # noqa: S102
    cases = {}
    for name, expr in numpy_cases.CASES:
        exec(numpy_cases.SETUP, env)  # noqa: S102  (fresh inputs: some operators write them)
        try:
            out = eval(expr, env)  # noqa: S307
            cases[name] = {"out": host(out)}
        except Exception as err:  # noqa: BLE001
            cases[name] = {"error": onp.array(str(err).splitlines()[-1][:200])}
    for name, fexpr, xexpr in numpy_cases.GRAD:
        exec(numpy_cases.SETUP, env)  # noqa: S102
        f = eval(fexpr, env)  # noqa: S307
        x = eval(xexpr, env).copy()  # noqa: S307
        x.attach_grad()
        try:
            with autograd.record():
                y = f(x)
            y.backward()
            cases[name] = {"x": host(x), "out": host(y), "grad": host(x.grad)}
        except Exception as err:  # noqa: BLE001
            cases[name] = {"error": onp.array(str(err).splitlines()[-1][:200])}
    for name, expr in numpy_cases.ERRORS:
        try:
            eval(expr, env)  # noqa: S307
            cases[name] = {"raised": onp.array(False)}
        except Exception as err:  # noqa: BLE001
            cases[name] = {"raised": onp.array(True), "kind": onp.array(type(err).__name__)}
    save("numpy_ops", cases)
    bad = [k for k, v in cases.items() if "error" in v]
    print("MXNet could not evaluate:", bad)


if __name__ == "__main__":
    main()
