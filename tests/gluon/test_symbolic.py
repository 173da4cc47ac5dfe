"""Gluon on symbols (mxjax/gluon/_symbolic.py): blocks called on Symbols, parameter
shapes inferred through the graph."""
import numpy as np
import pytest

import mxjax as mx
from mxjax import gluon
from mxjax.gluon import nn


def test_hybrid_block_on_symbols_gives_mxnet_graph():
    net = nn.HybridSequential(prefix="net_")
    with net.name_scope():
        net.add(nn.Dense(4, activation="relu"), nn.BatchNorm(), nn.Dense(2))
    out = net(mx.sym.var("data"))
    assert isinstance(out, mx.sym.Symbol)
    assert out.list_arguments() == ["data", "net_dense0_weight", "net_dense0_bias",
                                    "net_batchnorm0_gamma", "net_batchnorm0_beta",
                                    "net_dense1_weight", "net_dense1_bias"]
    assert out.list_auxiliary_states() == ["net_batchnorm0_running_mean",
                                           "net_batchnorm0_running_var"]
    assert out.name == "net_dense1_fwd"
    arg, outs, aux = out.infer_shape(data=(3, 5))
    assert arg[1] == (4, 5) and outs == [(3, 2)] and aux == [(4,), (4,)]
    # the symbol computes what the block computes
    net.initialize(mx.init.Xavier())
    x = mx.nd.random.uniform(shape=(3, 5))
    expected = net(x)
    params = {p.name: p.data() for p in net.collect_params().values()}
    args = {k: v for k, v in params.items() if k in out.list_arguments()}
    args["data"] = x
    auxs = {k: v for k, v in params.items() if k in out.list_auxiliary_states()}
    exe = out.bind(mx.cpu(), args, aux_states=auxs, grad_req="null")
    np.testing.assert_allclose(exe.forward()[0].asnumpy(), expected.asnumpy(), rtol=1e-5,
                               atol=1e-6)


def test_deferred_init_through_shape_rules():
    class MyDense(gluon.HybridBlock):
        def __init__(self, units, **kwargs):
            super().__init__(**kwargs)
            self.units = units
            with self.name_scope():
                self.weight = self.params.get("weight", shape=(units, 0),
                                              allow_deferred_init=True)
                self.bias = self.params.get("bias", shape=(units,))

        def hybrid_forward(self, F, x, weight, bias):
            return F.relu(F.FullyConnected(x, weight, bias, num_hidden=self.units))

    net = MyDense(3)
    net.initialize(mx.init.One())
    out = net(mx.nd.ones((2, 5)))
    assert net.weight.shape == (3, 5)
    np.testing.assert_allclose(out.asnumpy(), np.full((2, 3), 6.0))  # 5 + bias 1

    class Conv(gluon.HybridBlock):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.w = self.params.get("w", shape=(8, 0, 3, 3), allow_deferred_init=True)

        def hybrid_forward(self, F, x, w):
            return F.Convolution(x, w, kernel=(3, 3), num_filter=8, no_bias=True)

    conv = Conv()
    conv.initialize()
    assert conv(mx.nd.ones((1, 4, 6, 6))).shape == (1, 8, 4, 4)
    assert conv.w.shape == (8, 4, 3, 3)


def test_symbol_block_on_block_symbol():
    data = mx.sym.var("data")
    dense = nn.Dense(3, in_units=4, prefix="d_")
    out = dense(data)
    blk = gluon.SymbolBlock(out, data)
    blk.collect_params().initialize(mx.init.One())
    assert blk(mx.nd.ones((2, 4))).asnumpy().tolist() == [[5.0] * 3] * 2


def test_symbol_block_deferred_init_infers_shapes():
    data = mx.sym.var("data")
    net = mx.sym.FullyConnected(mx.sym.Activation(
        mx.sym.FullyConnected(data, num_hidden=6, name="fc1"), act_type="relu"),
        num_hidden=2, name="fc2")
    blk = gluon.SymbolBlock(net, data)
    blk.initialize(mx.init.One())
    out = blk(mx.nd.ones((3, 4)))
    assert blk.params["fc1_weight"].shape == (6, 4) and blk.params["fc2_weight"].shape == (2, 6)
    np.testing.assert_allclose(out.asnumpy(), np.full((3, 2), 6 * 5 + 1))
