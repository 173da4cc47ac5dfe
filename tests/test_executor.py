"""mx.executor.Executor (values against NumPy / jax.grad; MXNet fixtures are in
tests/symbol/test_symbol.py)."""
import numpy as np
import pytest
import jax
import jax.numpy as jnp

import mxjax as mx
from mxjax.base import MXNetError


def _net():
    x = mx.sym.var("x")
    w = mx.sym.var("w")
    return mx.sym.sum(mx.sym.broadcast_mul(mx.sym.tanh(mx.sym.dot(x, w)),
                                           x.sum(axis=1, keepdims=True)), axis=1)


def test_forward_backward_against_jax_grad():
    rng = np.random.RandomState(0)
    xv, wv = rng.randn(3, 4).astype(np.float32), rng.randn(4, 4).astype(np.float32)
    sym = _net()
    ref = lambda x, w: jnp.sum(jnp.tanh(x @ w) * x.sum(1, keepdims=True), axis=1)  # noqa
    head = rng.randn(3).astype(np.float32)
    gx, gw = jax.vjp(ref, xv, wv)[1](head)
    for _ in range(2):  # first run op by op, then the compiled program
        exe = sym.simple_bind(mx.cpu(), x=(3, 4), w=(4, 4))
        exe.arg_dict["x"][:] = xv
        exe.arg_dict["w"][:] = wv
        out = exe.forward(is_train=True)[0]
        np.testing.assert_allclose(out.asnumpy(), ref(xv, wv), rtol=1e-5)
        exe.backward(mx.nd.array(head))
        np.testing.assert_allclose(exe.grad_dict["x"].asnumpy(), gx, rtol=1e-4, atol=1e-5)
        np.testing.assert_allclose(exe.grad_dict["w"].asnumpy(), gw, rtol=1e-4, atol=1e-5)


def test_grad_req_add_null_and_bind_errors():
    a, b = mx.sym.var("a"), mx.sym.var("b")
    c = a * b
    av, bv = mx.nd.array([1.0, 2.0]), mx.nd.array([3.0, 4.0])
    ga = mx.nd.ones((2,))
    exe = c.bind(mx.cpu(), {"a": av, "b": bv}, args_grad={"a": ga}, grad_req={"a": "add"})
    exe.forward(is_train=True)
    exe.backward(mx.nd.ones((2,)))
    assert ga.asnumpy().tolist() == [4.0, 5.0]   # 1 + b
    assert exe.grad_dict["b"] is None
    # names the symbol does not have are ignored, as MXNet 1.9.1 does (checked there)
    extra = c.bind(mx.cpu(), {"a": av, "b": bv, "zz": av}, args_grad={"a": ga, "q": av})
    assert extra.forward()[0].asnumpy().tolist() == c.bind(
        mx.cpu(), {"a": av, "b": bv}).forward()[0].asnumpy().tolist()
    with pytest.raises(MXNetError, match="missing"):
        c.bind(mx.cpu(), {"a": av})
    with pytest.raises(MXNetError, match="inconsistent"):
        c.simple_bind(mx.cpu(), a=(2,), b=(3,))


def test_batchnorm_aux_updated_in_training_only():
    data = mx.sym.var("data")
    bn = mx.sym.BatchNorm(data, fix_gamma=False, momentum=0.5, name="bn")
    exe = bn.simple_bind(mx.cpu(), data=(4, 2))
    x = np.array([[1, 2], [3, 4], [5, 6], [7, 8]], np.float32)
    exe.arg_dict["data"][:] = x
    exe.arg_dict["bn_gamma"][:] = 1
    exe.aux_dict["bn_moving_var"][:] = 1
    exe.forward(is_train=False)
    assert exe.aux_dict["bn_moving_mean"].asnumpy().tolist() == [0.0, 0.0]
    exe.forward(is_train=True)
    np.testing.assert_allclose(exe.aux_dict["bn_moving_mean"].asnumpy(),
                               0.5 * x.mean(0), rtol=1e-6)


def test_reshape_copy_params_and_outputs_allocated():
    x = mx.sym.var("x")
    y = mx.sym.FullyConnected(x, num_hidden=4, name="fc")
    exe = y.simple_bind(mx.cpu(), x=(5, 4), grad_req="null")
    assert exe.outputs[0].shape == (5, 4)
    exe.copy_params_from({"fc_weight": mx.nd.ones((4, 4)), "fc_bias": mx.nd.zeros((4,))})
    exe.arg_dict["x"][:] = 1
    new = exe.reshape(x=(3, 4))
    assert new.forward()[0].asnumpy().tolist() == [[4.0] * 4] * 3
    with pytest.raises(MXNetError, match="allow_up_sizing"):
        exe.reshape(x=(6, 4))
    with pytest.raises(ValueError):
        exe.copy_params_from({"nope": mx.nd.ones((1,))})


def test_eval_and_optimized_symbol():
    a = mx.sym.var("a")
    s = mx.sym.Group([(a + 1) * (a + 1), (a + 1) * (a + 1)])
    out = s.eval(a=mx.nd.array([1.0, 2.0]))
    assert [o.asnumpy().tolist() for o in out] == [[4.0, 9.0], [4.0, 9.0]]
    exe = s.simple_bind(mx.cpu(), a=(2,))
    # (a+1) and the product merged, one _copy added for the second output
    assert len(exe.get_optimized_symbol().get_internals()) == 4
