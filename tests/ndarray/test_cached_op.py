"""nd.CachedOp: a Symbol called on NDArrays, inputs in list_inputs() order.

Expected values were computed with MXNet 1.9.1 (~/.mxref) on the same inputs.
"""
import numpy as np
import pytest

import mxjax as mx
from mxjax.base import MXNetError


def _bn_plus_w():
    # list_inputs puts BatchNorm's auxiliary states before w (list_arguments would not)
    return mx.sym.BatchNorm(mx.sym.var("data"), name="bn") + mx.sym.var("w")


def _args():
    return [mx.nd.array([[1., 2.], [3., 4.]]), mx.nd.array([2., 3.]), mx.nd.array([1., 1.]),
            mx.nd.array([1., 2.]), mx.nd.array([4., 9.]), mx.nd.array([[10., 20.], [30., 40.]])]


def test_inputs_follow_list_inputs_order():
    sym = _bn_plus_w()
    assert sym.list_inputs() == ["data", "bn_gamma", "bn_beta", "bn_moving_mean",
                                 "bn_moving_var", "w"]
    out = mx.nd.CachedOp(sym)(*_args())
    np.testing.assert_allclose(out.asnumpy(), [[11.0, 21.0], [31.999874, 41.66663]], rtol=1e-6)


def test_recorded_and_differentiated():
    args = _args()
    op = mx.nd.CachedOp(_bn_plus_w())
    args[0].attach_grad()
    args[5].attach_grad()
    with mx.autograd.record():
        y = op(*args) * 2
    y.backward()
    np.testing.assert_allclose(args[0].grad.asnumpy(), np.zeros((2, 2)), atol=1e-6)
    np.testing.assert_allclose(args[5].grad.asnumpy(), np.full((2, 2), 2.0))


def test_out_and_multiple_outputs():
    a, b = mx.sym.var("a"), mx.sym.var("b")
    op = mx.nd.CachedOp(mx.sym.Group([a + b, a * b]), flags=[("static_alloc", True)])
    x, y = mx.nd.array([1., 2.]), mx.nd.array([3., 4.])
    s, p = op(x, y)
    np.testing.assert_array_equal(s.asnumpy(), [4, 6])
    np.testing.assert_array_equal(p.asnumpy(), [3, 8])
    o1, o2 = mx.nd.zeros((2,)), mx.nd.zeros((2,))
    res = op(x, y, out=[o1, o2])
    assert res[0] is o1 and res[1] is o2
    np.testing.assert_array_equal(o2.asnumpy(), [3, 8])


def test_errors():
    op = mx.nd.CachedOp(mx.sym.var("a") + 1)
    with pytest.raises(MXNetError, match="expected 1 inputs"):
        op(mx.nd.ones((2,)), mx.nd.ones((2,)))
    with pytest.raises(TypeError, match="unexpected keyword"):
        op(mx.nd.ones((2,)), bogus=1)
    with pytest.raises(MXNetError, match="invalid flag"):
        mx.nd.CachedOp(mx.sym.var("a"), flags=[("no_such_flag", 1)])
