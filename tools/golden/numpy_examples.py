"""Golden values for examples/d2l_numpy.py from MXNet 1.9.1 (the same file, run by MXNet).

Run: ~/.mxref/bin/python tools/golden/numpy_examples.py  ->  tests/golden/numpy_examples.npz
"""
import importlib.util
import os
import sys

import numpy as onp

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from common import save  # noqa: E402

spec = importlib.util.spec_from_file_location(
    "d2l_numpy", os.path.join(HERE, "..", "..", "examples", "d2l_numpy.py"))
d2l = importlib.util.module_from_spec(spec)
spec.loader.exec_module(d2l)


def main():
    cases = {}
    for name in ("linear_regression_scratch", "linear_regression_concise"):
        losses, w, b = getattr(d2l, name)()
        cases[name] = {"losses": onp.array(losses), "w": w, "b": b}
    for name in ("softmax_regression", "mlp", "lenet"):
        cases[name] = {"history": onp.array(getattr(d2l, name)())}
    cases["rnn_language_model"] = {"perplexity": onp.array(d2l.rnn_language_model())}
    save("numpy_examples", cases)


if __name__ == "__main__":
    main()
