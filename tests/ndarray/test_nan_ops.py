"""NaN and infinities through maximum/minimum/relu, values and gradients, against MXNet
1.9.1 (tests/golden/nan_ops.json, tools/golden/nan_ops.py)."""
import json
import os
import sys

import numpy as np
import pytest

import mxjax as mx

HERE = os.path.dirname(__file__)
sys.path.insert(0, os.path.join(HERE, "..", "..", "tools", "golden"))
import nan_ops  # noqa: E402

with open(os.path.join(HERE, "..", "golden", "nan_ops.json")) as _f:
    GOLDEN = json.load(_f)["results"]


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_nan_and_infinities_as_mxnet(name):
    f = nan_ops.cases(mx)[name]
    for _ in range(3):   # op by op, then compiled
        x = mx.nd.array(nan_ops.INPUT)
        x.attach_grad()
        with mx.autograd.record():
            y = f(x)
        y.backward()
        value, grad = GOLDEN[name]
        np.testing.assert_array_equal(y.asnumpy(), np.array([float(v) for v in value],
                                                             np.float32))
        np.testing.assert_array_equal(x.grad.asnumpy(),
                                      np.array([float(v) for v in grad], np.float32))
