"""The generated mx.nd functions' keyword handling (mxjax/ndarray/frontend.py)."""
import numpy as np
import pytest

import mxjax as mx
from mxjax.base import MXNetError


def test_operator_without_attributes_ignores_unknown_keywords():
    # MXNet 1.9.1: broadcast_maximum/relu have no parameter struct, so an unknown keyword
    # is kept unchecked: broadcast_maximum([0], [[1, -1]], axis=1) -> [[1, 0]].
    out = mx.nd.broadcast_maximum(mx.nd.array([0]), mx.nd.array([[1, -1]]), axis=1)
    np.testing.assert_array_equal(out.asnumpy(), np.array([[1, 0]], np.float32))
    out = mx.nd.relu(mx.nd.array([-2, 3]), axis=1)
    np.testing.assert_array_equal(out.asnumpy(), np.array([0, 3], np.float32))


def test_operator_with_attributes_rejects_unknown_keywords():
    # MXNet 1.9.1: mx.nd.sum(x, foo=1) -> MXNetError "Cannot find argument 'foo'".
    with pytest.raises(MXNetError, match="sum.*'foo'"):
        mx.nd.sum(mx.nd.array([0]), foo=1)
