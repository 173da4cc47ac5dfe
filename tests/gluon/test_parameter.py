"""Parameter, Constant and ParameterDict."""

import numpy as np
import pytest

import mxjax as mx
from mxjax import autograd
import mxjax.gluon as gluon
from mxjax.base import MXNetError
from mxjax.gluon import _initializer


def test_initialize_data_grad():
    p = gluon.Parameter("w", shape=(2, 3), init=_initializer.get().Constant(0.5))
    assert p.shape == (2, 3) and p.dtype == np.float32 and p.grad_req == "write"
    p.initialize(ctx=mx.cpu())
    np.testing.assert_array_equal(p.data().asnumpy(), np.full((2, 3), 0.5, np.float32))
    np.testing.assert_array_equal(p.grad().asnumpy(), np.zeros((2, 3), np.float32))
    assert p.list_ctx() == [mx.cpu()]
    assert len(p.list_data()) == 1 and len(p.list_grad()) == 1
    assert p.data(mx.cpu()) is p.data()
    with pytest.warns(UserWarning, match="already initialized"):
        p.initialize()
    p.initialize(init=_initializer.get().Constant(2.0), force_reinit=True)
    assert float(p.data().asnumpy()[0, 0]) == 2.0


def test_default_initializers():
    w = gluon.Parameter("fc_weight", shape=(50, 40))
    w.initialize()
    v = w.data().asnumpy()
    assert np.abs(v).max() <= 0.07 and v.std() > 0.02  # Uniform(0.07)
    b = gluon.Parameter("fc_bias", shape=(4,), init="zeros")
    b.initialize()
    np.testing.assert_array_equal(b.data().asnumpy(), np.zeros(4, np.float32))
    g = gluon.Parameter("g", shape=(4,), init="ones", dtype="float64")
    g.initialize()
    assert g.data().dtype == np.float64
    np.testing.assert_array_equal(g.data().asnumpy(), np.ones(4))


def test_gradient_is_written_by_backward():
    p = gluon.Parameter("w", shape=(3,), init="ones")
    p.initialize()
    with autograd.record():
        y = (p.data() * mx.nd.array([1, 2, 3])).sum()
    y.backward()
    np.testing.assert_array_equal(p.grad().asnumpy(), [1, 2, 3])
    p.zero_grad()
    np.testing.assert_array_equal(p.grad().asnumpy(), [0, 0, 0])
    p.grad_req = "add"
    for _ in range(2):
        with autograd.record():
            y = (p.data() * 2).sum()
        y.backward()
    np.testing.assert_array_equal(p.grad().asnumpy(), [4, 4, 4])


def test_grad_req_null_and_differentiable():
    p = gluon.Parameter("w", shape=(2,), grad_req="null")
    p.initialize()
    with pytest.raises(MXNetError, match="grad_req='null'"):
        p.grad()
    with pytest.raises(RuntimeError):
        p.list_grad()
    p.grad_req = "write"
    assert p.grad().shape == (2,)
    p.grad_req = "null"
    assert p._grad is None
    q = gluon.Parameter("q", shape=(2,), differentiable=False)
    assert q.grad_req == "null"
    with pytest.raises(AssertionError, match="grad_req must be one of"):
        gluon.Parameter("r", grad_req="sometimes")


def test_deferred_initialization_and_shape():
    p = gluon.Parameter("w", shape=(4, 0), allow_deferred_init=True)
    p.initialize()
    with pytest.raises(gluon.DeferredInitializationError, match="initialization was deferred"):
        p.data()
    assert p.list_ctx() == [mx.current_context()]
    with pytest.raises(AssertionError, match="incompatible"):
        p.shape = (5, 3)
    p.shape = (4, 3)
    p._finish_deferred_init()
    assert p.data().shape == (4, 3)
    q = gluon.Parameter("q", shape=(2, 0))
    with pytest.raises(ValueError, match="invalid shape"):
        q.initialize()
    r = gluon.Parameter("r", shape=(2, 3))
    with pytest.raises(RuntimeError, match="has not been initialized"):
        r.data()
    s = gluon.Parameter("s", shape=(0,), allow_deferred_init=True)
    s.initialize()
    s.set_data(mx.nd.array([1, 2, 3]))
    s._finish_deferred_init()
    np.testing.assert_array_equal(s.data().asnumpy(), [1, 2, 3])


def test_set_data_cast_reset_ctx():
    p = gluon.Parameter("w", shape=(2, 2))
    p.initialize()
    p.set_data(mx.nd.array([[1, 2], [3, 4]]))
    np.testing.assert_array_equal(p.data().asnumpy(), [[1, 2], [3, 4]])
    p.set_data(np.ones((2, 2)))
    np.testing.assert_array_equal(p.data().asnumpy(), np.ones((2, 2)))
    with pytest.raises(AssertionError):
        p.set_data(mx.nd.ones((3, 3)))
    p.cast("float64")
    assert p.dtype == "float64"
    assert p.data().dtype == np.float64 and p.grad().dtype == np.float64
    with autograd.record():
        y = (p.data() * 3).sum()
    y.backward()
    np.testing.assert_array_equal(p.grad().asnumpy(), np.full((2, 2), 3.0))
    p.reset_ctx(mx.cpu())
    assert p.list_ctx() == [mx.cpu()]
    np.testing.assert_array_equal(p.data().asnumpy(), np.ones((2, 2)))
    with pytest.raises(ValueError, match="has not been initialized"):
        gluon.Parameter("x", shape=(1,)).reset_ctx(mx.cpu())


def test_var_is_named():
    p = gluon.Parameter("fc_weight", shape=(2, 2))
    assert p.var().list_arguments() == ["fc_weight"]


def test_constant():
    c = gluon.Constant("c", [[1, 2], [3, 4]])
    assert c.grad_req == "null"
    with pytest.warns(UserWarning, match="does not support grad_req"):
        c.grad_req = "write"
    assert c.grad_req == "null"
    c.initialize()
    np.testing.assert_array_equal(c.data().asnumpy(), [[1, 2], [3, 4]])
    pd = gluon.ParameterDict("blk_")
    k = pd.get_constant("k", [1.0, 2.0])
    assert k.name == "blk_k" and pd.get_constant("k") is k
    with pytest.raises(KeyError):
        pd.get_constant("missing")
    with pytest.raises(AssertionError, match="doesn't match"):
        pd.get_constant("k", [5.0, 6.0])


def test_constant_is_left_alone_by_the_trainer():
    # MXNet's test_gluon::test_constant: a block with a Constant, trained by SGD
    class Test(gluon.HybridBlock):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.const = self.params.get_constant("const", np.asarray([[1, 2], [3, 4]]))

        def hybrid_forward(self, F, x, const):
            return x + const

    net = Test()
    net.initialize()
    trainer = gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 1.0,
                                                          "momentum": 0.5})
    x = mx.nd.ones((2, 2))
    x.attach_grad()
    with autograd.record():
        y = net(x)
    y.backward()
    trainer.step(1)
    assert net.const.grad_req == "null" and net.const._grad_req == "null"
    np.testing.assert_array_equal(net.const.data().asnumpy(), [[1, 2], [3, 4]])
    np.testing.assert_array_equal(x.grad.asnumpy(), np.ones((2, 2)))


def test_parameter_dict_get_update_select():
    pd = gluon.ParameterDict("net_")
    w = pd.get("weight", shape=(3, 0), allow_deferred_init=True)
    assert w.name == "net_weight" and pd.prefix == "net_"
    assert pd.get("weight", shape=(3, 5)) is w and w.shape == (3, 5)
    with pytest.raises(AssertionError, match="does not match"):
        pd.get("weight", shape=(4, 5))
    with pytest.raises(AssertionError, match="does not match"):
        pd.get("weight", lr_mult=2.0)
    shared = gluon.ParameterDict("net_", shared=pd)
    assert shared.get("weight") is w
    other = gluon.ParameterDict("o_")
    other.get("weight", shape=(1,))
    with pytest.raises(AssertionError, match="different Parameters"):
        pd.update({"net_weight": other["o_weight"]})
    pd.update(other)
    assert list(pd.keys()) == ["net_weight", "o_weight"]
    pd.setattr("lr_mult", 0.5)
    assert all(p.lr_mult == 0.5 for p in pd.values())
    pd.initialize(ctx=mx.cpu())
    assert pd.list_ctx() == [mx.cpu()]
    with autograd.record():
        y = pd["net_weight"].data().sum() + pd["o_weight"].data().sum()
    y.backward()
    pd.zero_grad()
    assert all(float(p.grad().asnumpy().sum()) == 0 for p in pd.values())


def test_parameter_dict_save_load(tmp_path):
    pd = gluon.ParameterDict("net_")
    pd.get("w", shape=(2, 3), init="ones")
    pd.get("b", shape=(2,), init="zeros")
    pd.initialize()
    fname = str(tmp_path / "pd.params")
    pd.save(fname, strip_prefix="net_")
    assert sorted(mx.nd.load(fname).keys()) == ["b", "w"]
    with pytest.raises(ValueError, match="is to be striped"):
        pd.save(fname + "2", strip_prefix="other_")
    fresh = gluon.ParameterDict("net_")
    fresh.get("w", shape=(2, 3))
    fresh.get("b", shape=(2,))
    fresh.load(fname, restore_prefix="net_")
    np.testing.assert_array_equal(fresh["net_w"].data().asnumpy(), np.ones((2, 3)))
    missing = gluon.ParameterDict("net_")
    missing.get("w", shape=(2, 3))
    missing.get("c", shape=(2,))
    with pytest.raises(AssertionError, match="is missing"):
        missing.load(fname, restore_prefix="net_")
    with pytest.raises(AssertionError, match="not present"):
        missing.load(fname, restore_prefix="net_", allow_missing=True)
    missing.load(fname, restore_prefix="net_", allow_missing=True, ignore_extra=True)
    np.testing.assert_array_equal(missing["net_w"].data().asnumpy(), np.ones((2, 3)))
