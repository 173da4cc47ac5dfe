"""Golden values of mx.kv (tests/kvstore/kv_scenarios.py run under MXNet 1.9.1).

    ~/.mxref/bin/python tools/golden/kvstore.py
"""
import os
import sys

import mxnet as mx

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                "tests", "kvstore"))
import kv_scenarios  # noqa: E402
from common import save  # noqa: E402

if __name__ == "__main__":
    save("kvstore", kv_scenarios.run(mx))
