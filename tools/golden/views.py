"""Golden fixtures for NDArray views (arrays sharing memory: ``reshape``, ``x[i]``,
``x[a:b]``, contiguous basic indices, ``detach``, ``inplace=True`` ...). Run with the
reference interpreter::

    ~/.mxref/bin/python tools/golden/views.py

The cases are in tools/golden/views_cases.py (tests/ndarray/test_views.py runs them
with mxjax).
"""
import os
import sys

import mxnet

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Cases, save  # noqa: E402
import views_cases  # noqa: E402

if __name__ == "__main__":
    mxnet.random.seed(0)
    cases = Cases()
    for name, fields in views_cases.run(mxnet).items():
        cases[name] = fields
    save("views", cases)
