"""Shared by the golden-fixture generators, which run under real MXNet 1.9.1.

Run a generator with the reference interpreter, e.g.::

    ~/.mxref/bin/python tools/golden/foundation.py

Each writes ``tests/golden/<name>.npz``: one entry per ``case::field``.
"""
import os

import numpy as np

GOLDEN_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests",
                          "golden")


class Cases(dict):
    """A dict of cases that snapshots NDArrays as NumPy arrays when a case is stored
    (MXNet's gradient buffers are updated in place by later cases)."""

    def __setitem__(self, case, fields):
        snap = {}
        for field, value in fields.items():
            if value is None:
                raise ValueError("case %s field %s is None: store a flag instead"
                                 % (case, field))
            snap[field] = np.array(value.asnumpy() if hasattr(value, "asnumpy") else value)
        super().__setitem__(case, snap)


def save(name, cases):
    """Write ``cases`` ({case: {field: array-like}}) to tests/golden/<name>.npz."""
    flat = {}
    for case, fields in cases.items():
        for field, value in fields.items():
            if value is None:
                raise ValueError("case %s field %s is None: store a flag instead" % (case, field))
            if hasattr(value, "asnumpy"):
                value = value.asnumpy()
            flat["%s::%s" % (case, field)] = np.asarray(value)
    os.makedirs(GOLDEN_DIR, exist_ok=True)
    path = os.path.join(GOLDEN_DIR, name + ".npz")
    np.savez_compressed(path, **flat)
    print("wrote %s (%d cases, %d arrays)" % (os.path.normpath(path), len(cases), len(flat)))
