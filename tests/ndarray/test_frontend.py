"""mx.nd functions: the generated functions' keyword handling (frontend.py), reset_arrays."""
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


def test_reset_arrays_zeroes_in_place():
    # MXNet 1.9.1: mx.nd.reset_arrays(*arrays, num_arrays=n) zeroes each array in place
    arrays = [mx.nd.ones((2, 3), dtype=d) for d in ("float16", "float32", "float64")]
    assert mx.nd.reset_arrays(*arrays, num_arrays=3) == []
    for a, d in zip(arrays, ("float16", "float32", "float64")):
        assert a.dtype == np.dtype(d) and a.shape == (2, 3)
        np.testing.assert_array_equal(a.asnumpy(), np.zeros((2, 3), d))
    with pytest.raises(MXNetError, match="num_arrays"):
        mx.nd.reset_arrays(mx.nd.ones((2,)), num_arrays=2)
