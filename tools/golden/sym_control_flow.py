"""Golden values for mx.sym.contrib.foreach / while_loop / cond, from MXNet 1.9.1.

    ~/.mxref/bin/python tools/golden/sym_control_flow.py

Writes ``tests/golden/sym_control_flow.npz``: for each graph of
tests/sym_control_flow_cases.py, the argument shapes ``infer_shape`` gives, the
outputs of a training forward and the gradients of every argument.
"""
import os
import sys

import mxnet as mx

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests"))
from common import save  # noqa: E402
from sym_control_flow_cases import CASES, run  # noqa: E402


def main():
    save("sym_control_flow", {name: run(mx, name) for name in CASES})


if __name__ == "__main__":
    main()
