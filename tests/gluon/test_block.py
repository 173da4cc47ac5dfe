"""Block / HybridBlock: naming, children, parameters, hooks, save/load against MXNet 1.9.1."""
import os
import warnings

import numpy as np
import pytest

import mxjax as mx
import mxjax.gluon as gluon
from mxjax.gluon import nn
from mxjax.gluon._naming import reset_global_names
from mxjax.base import MXNetError

import golden_utils
from golden_utils import assert_matches
from layer_harness import replay

GOLDEN = golden_utils.load("gluon_core")
FILES = os.path.join(golden_utils.GOLDEN_DIR, "gluon_core")


class Model(gluon.HybridBlock):
    def __init__(self, **kwargs):
        super(Model, self).__init__(**kwargs)
        with self.name_scope():
            self.fc = nn.Dense(3)
            self.out = nn.Dense(2, use_bias=False)

    def hybrid_forward(self, F, x):
        return self.out(F.tanh(self.fc(x)))


class Plain(gluon.Block):
    def __init__(self, **kwargs):
        super(Plain, self).__init__(**kwargs)
        with self.name_scope():
            self.body = nn.Dense(3)

    def forward(self, x):
        return self.body(x)


def test_automatic_names_match_mxnet():
    reset_global_names()
    lines = []
    a = nn.Dense(3)
    b = nn.Dense(3, activation="relu")
    lines += [a.name, b.name, b.act.name, a.weight.name, b.bias.name]
    net = nn.HybridSequential()
    with net.name_scope():
        net.add(nn.Dense(4), nn.Dense(4), nn.Conv2D(2, 3), nn.MaxPool2D(),
                nn.BatchNorm(), nn.Activation("tanh"), nn.Dropout(0.5))
    lines += [net.prefix] + [c.prefix for c in net._children.values()]
    lines += list(net.collect_params().keys())
    m = Model()
    lines += [m.name] + list(m.collect_params().keys())
    m2 = Model(prefix="mine_")
    lines += list(m2.collect_params().keys())
    p = Plain()
    lines += list(p.collect_params().keys())
    shared = nn.Dense(3, params=a.collect_params())
    lines += [shared.name] + list(shared.collect_params().keys())
    e = nn.HybridSequential(prefix="")
    with e.name_scope():
        e.add(nn.Dense(2))
    lines += [e.name, e[0].name]
    lines += sorted(net._collect_params_with_prefix().keys())
    lines += sorted(m._collect_params_with_prefix().keys())
    lines += list(net.collect_params(".*weight").keys())
    lines += list(net.collect_params("hybridsequential0_dense0_weight|.*bias").keys())
    assert "\n".join(lines) == str(GOLDEN["naming"]["names"])
    assert shared.weight is a.weight


def test_reprs_match_mxnet():
    reset_global_names()
    out = [repr(gluon.Parameter("w", shape=(2, 3))),
           repr(gluon.Parameter("w", shape=3, dtype="float16")),
           repr(gluon.Constant("c", [[1, 2], [3, 4]])),
           repr(nn.Dense(3).collect_params())]
    net = nn.HybridSequential()
    with net.name_scope():
        net.add(nn.Dense(4, activation="relu", in_units=2), nn.Dense(2), nn.Dropout(0.3),
                nn.BatchNorm(), nn.Conv2D(3, 3, padding=1, use_bias=False),
                nn.Conv1DTranspose(2, 3, strides=2, in_channels=4), nn.MaxPool2D(),
                nn.GlobalAvgPool1D(), nn.Flatten(), nn.Embedding(5, 3), nn.LayerNorm(),
                nn.InstanceNorm(), nn.GroupNorm(2), nn.LeakyReLU(0.1),
                nn.HybridLambda("tanh"))
    out.append(repr(net))
    seq = nn.Sequential()
    seq.add(nn.Dense(3), nn.Lambda("relu"))
    out.append(repr(seq))
    out.append(repr(Model()))
    want = str(GOLDEN["reprs"]["reprs"]).split("\n=====\n")
    for got, exp in zip(out, want):
        assert got == exp
    assert len(out) == len(want)


@pytest.mark.parametrize("case", ["model", "model_hybrid_inside"])
@pytest.mark.parametrize("hybridize", [False, True])
def test_user_hybrid_block_matches_mxnet(case, hybridize):
    replay(GOLDEN[case], hybridize=hybridize, env={"Model": Model})


def test_child_registration_and_errors():
    net = Model()
    assert list(net._children) == ["fc", "out"]
    with pytest.raises(TypeError):
        net.fc = 3
    hb = nn.HybridSequential()
    with pytest.raises(ValueError, match="Children of HybridBlock must also be HybridBlock"):
        hb.add(Plain())
    with pytest.raises(MXNetError):
        hb.add(Plain())
    seq = nn.Sequential()
    seq.add(nn.Dense(2), Plain())
    assert len(seq) == 2 and isinstance(seq[1], Plain)
    sub = seq[0:1]
    assert isinstance(sub, nn.Sequential) and len(sub) == 1

    class Holder(gluon.Block):
        def __init__(self):
            super().__init__()
            self.layers = [nn.Dense(2)]

        def forward(self, x):
            return x
    with pytest.warns(UserWarning, match="unregistered container"):
        Holder().collect_params()


def test_parameter_attribute_override_is_an_error():
    blk = gluon.Block()
    blk.w = gluon.Parameter("w", shape=(2,))
    with pytest.raises(AssertionError, match="Overriding Parameter attribute"):
        blk.w = gluon.Parameter("w2", shape=(2,))


def test_hooks_and_apply():
    net = nn.Dense(2, in_units=3)
    net.initialize()
    seen = []
    h1 = net.register_forward_pre_hook(lambda b, args: seen.append(("pre", args[0].shape)))
    h2 = net.register_forward_hook(lambda b, args, out: seen.append(("post", out.shape)))
    net(mx.nd.ones((4, 3)))
    assert seen == [("pre", (4, 3)), ("post", (4, 2))]
    h1.detach()
    h2.detach()
    net(mx.nd.ones((4, 3)))
    assert len(seen) == 2
    names = []
    seq = nn.HybridSequential()
    seq.add(nn.Dense(1), nn.Dense(2))
    assert seq.apply(lambda b: names.append(b.__class__.__name__)) is seq
    assert names == ["Dense", "Dense", "HybridSequential"]


def test_deferred_init_errors():
    net = nn.Dense(3)
    net.initialize()
    with pytest.raises(gluon.DeferredInitializationError):
        net.weight.data()
    assert isinstance(gluon.DeferredInitializationError("x"), MXNetError)
    net(mx.nd.ones((2, 7)))
    assert net.weight.shape == (3, 7)
    uninit = nn.Dense(3, in_units=2)
    with pytest.raises(RuntimeError, match="has not been initialized"):
        uninit(mx.nd.ones((1, 2)))

    class NoInfer(gluon.HybridBlock):
        def __init__(self):
            super().__init__()
            self.w = self.params.get("w", shape=(0,), allow_deferred_init=True)

        def hybrid_forward(self, F, x, w):
            return F.broadcast_mul(x, w)  # MXNet infers no shape backwards through it
    blk = NoInfer()
    blk.initialize()
    with pytest.raises(ValueError, match="Deferred initialization failed"):
        blk(mx.nd.ones((2,)))

    class Infer(NoInfer):
        def hybrid_forward(self, F, x, w):
            return x * w  # elementwise: w takes x's shape, as in MXNet
    blk = Infer()
    blk.initialize()
    assert blk(mx.nd.full((2,), 3)).shape == (2,) and blk.w.shape == (2,)


def test_cast_and_collect_select():
    net = Model()
    net.initialize()
    net(mx.nd.ones((1, 4)))
    net.cast("float64")
    assert net.fc.weight.data().dtype == np.float64
    assert net.fc.weight.grad().dtype == np.float64
    out = net(mx.nd.ones((1, 4), dtype="float64"))
    assert out.dtype == np.float64
    sel = net.collect_params(".*bias")
    assert list(sel.keys()) == [net.fc.bias.name]


def test_save_parameters_keys_match_mxnet(tmp_path):
    reset_global_names()
    net = nn.HybridSequential()
    with net.name_scope():
        net.add(nn.Dense(4, activation="relu"), nn.BatchNorm(), nn.Dense(2))
    net.initialize()
    net(mx.nd.ones((3, 5)))
    fname = str(tmp_path / "n.params")
    net.save_parameters(fname)
    assert "\n".join(sorted(mx.nd.load(fname).keys())) == str(GOLDEN["files"]["keys"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        net.save_params(fname)
    assert "\n".join(sorted(mx.nd.load(fname).keys())) == \
        str(GOLDEN["files"]["legacy_keys"])


def _fresh_net():
    net = nn.HybridSequential()
    with net.name_scope():
        net.add(nn.Dense(4, activation="relu"), nn.BatchNorm(), nn.Dense(2))
    return net


@pytest.mark.parametrize("fname,legacy", [("net.params", False), ("net_legacy.params", True)])
def test_load_parameters_written_by_mxnet(fname, legacy):
    fields = GOLDEN["files"]
    net = _fresh_net()
    if legacy:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            net.load_params(os.path.join(FILES, fname))
    else:
        net.load_parameters(os.path.join(FILES, fname))
    for name, p in net._collect_params_with_prefix().items():
        assert_matches(p.data(), fields["p:" + name])
    assert_matches(net(mx.nd.array(fields["x"])), fields["out"], rtol=1e-5, atol=1e-6)


def test_save_load_roundtrip_and_errors(tmp_path):
    fields = GOLDEN["files"]
    net = _fresh_net()
    net.load_parameters(os.path.join(FILES, "net.params"))
    fname = str(tmp_path / "rt.params")
    net.save_parameters(fname)
    other = _fresh_net()
    other.load_parameters(fname, ctx=mx.cpu())
    assert_matches(other(mx.nd.array(fields["x"])), fields["out"], rtol=1e-5, atol=1e-6)
    small = nn.HybridSequential()
    with small.name_scope():
        small.add(nn.Dense(4, activation="relu"))
    with pytest.raises(ValueError, match="is not present in ParameterDict"):
        small.load_parameters(fname)
    small.load_parameters(fname, ignore_extra=True)
    assert_matches(small[0].weight.data(), fields["p:0.weight"])
    big = _fresh_net()
    big.add(nn.Dense(1))
    with pytest.raises(AssertionError, match="is missing in file"):
        big.load_parameters(fname)
    big.load_parameters(fname, allow_missing=True)
    wrong = nn.HybridSequential()
    with wrong.name_scope():
        wrong.add(nn.Dense(5, activation="relu"), nn.BatchNorm(), nn.Dense(2))
    with pytest.raises(AssertionError, match="shape incompatible"):
        wrong.load_parameters(fname)
    f64 = nn.HybridSequential()
    with f64.name_scope():
        f64.add(nn.Dense(4, activation="relu", dtype="float64"), nn.BatchNorm(), nn.Dense(2))
    with pytest.raises(AssertionError, match="dtype incompatible"):
        f64.load_parameters(fname)
    f64b = nn.HybridSequential()
    with f64b.name_scope():
        f64b.add(nn.Dense(4, activation="relu", dtype="float64"), nn.BatchNorm(), nn.Dense(2))
    f64b.load_parameters(fname, cast_dtype=True)
    assert f64b[0].weight.data().dtype == np.float64


def test_model_save_and_load(tmp_path):
    net = _fresh_net()
    net.load_parameters(os.path.join(FILES, "net.params"))
    prefix = str(tmp_path / "m")
    net.save(prefix)
    other = _fresh_net()
    other.load(prefix)
    x = mx.nd.array(GOLDEN["files"]["x"])
    assert_matches(other(x), GOLDEN["files"]["out"], rtol=1e-5, atol=1e-6)


def test_summary_prints_layers(capsys):
    net = _fresh_net()
    net.load_parameters(os.path.join(FILES, "net.params"))
    net.summary(mx.nd.ones((3, 5)))
    assert capsys.readouterr().out == str(GOLDEN["files"]["summary"])
    net.hybridize()
    with pytest.raises(AssertionError, match="must not be hybridized"):
        net.summary(mx.nd.ones((3, 5)))


class _Add(gluon.HybridBlock):
    def hybrid_forward(self, F, a, b):
        return a + b


@pytest.mark.parametrize("hybridize", [False, True])
@pytest.mark.parametrize("symbol_first", [False, True])
def test_mixed_ndarray_and_symbol_inputs_raise_value_error(hybridize, symbol_first):
    # MXNet 1.9.1's HybridBlock.forward: "we do not support mixed NDArrays and Symbols"
    block = _Add()
    if hybridize:
        block.hybridize()
    args = [mx.nd.ones((3,)), mx.sym.var("a")]
    if symbol_first:
        args.reverse()
    with pytest.raises(ValueError, match="mixed NDArrays and Symbols"):
        block(*args)
    np.testing.assert_array_equal(block(mx.nd.ones((3,)), mx.nd.ones((3,))).asnumpy(), [2, 2, 2])
