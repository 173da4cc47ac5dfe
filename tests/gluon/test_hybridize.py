"""hybridize(): one compiled program, recorded as one autograd node, same numbers as MXNet."""
import numpy as np
import pytest

import mxjax as mx
from mxjax import autograd, engine
from mxjax.core import collect
import mxjax.gluon as gluon
from mxjax.gluon import nn

import golden_utils
from golden_utils import assert_matches

GOLDEN = golden_utils.load("gluon_core")


def _mlp():
    net = nn.HybridSequential()
    with net.name_scope():
        net.add(nn.Dense(8, activation="tanh"), nn.Dense(3))
    net.initialize()
    return net


def _nodes(out):
    return len(collect([out._node]).nodes)


def test_hybridized_equals_imperative_outputs_and_grads():
    net = _mlp()
    x = mx.nd.array(np.random.RandomState(0).standard_normal((4, 5)).astype("float32"))
    with autograd.record():
        y = net(x)
    assert _nodes(y) > 1
    y.backward()
    ref_out = y.asnumpy()
    ref_grads = {k: p.grad().asnumpy().copy() for k, p in net.collect_params().items()}
    net.hybridize()
    x.attach_grad()
    with autograd.record():
        y = net(x)
    assert _nodes(y) == 1
    y.backward()
    np.testing.assert_allclose(y.asnumpy(), ref_out, rtol=1e-6, atol=1e-7)
    for k, p in net.collect_params().items():
        np.testing.assert_allclose(p.grad().asnumpy(), ref_grads[k], rtol=1e-5, atol=1e-7)
    assert x.grad.shape == (4, 5) and np.abs(x.grad.asnumpy()).sum() > 0
    np.testing.assert_allclose(net(x).asnumpy(), ref_out, rtol=1e-6, atol=1e-7)


def test_training_loop_records_one_node_and_compiles_once():
    net = _mlp()
    x = mx.nd.ones((2, 5))
    net(x)
    net.hybridize()
    engine.set_compile_after(2)  # the default (the test suite compiles at once)
    engine.reset_stats()
    for step in range(5):
        xs = mx.nd.array(np.full((2, 5), step, dtype="float32"))
        with autograd.record():
            out = net(xs)
            assert _nodes(out) == 1
            loss = (out * out).mean()
        loss.backward()
        for p in net.collect_params().values():
            p.set_data(p.data() - 0.01 * p.grad())
    stats = engine.stats()
    # the backward program: compiled at its first sighting (it holds a hybridized
    # block, which op by op would compile twice: its forward and its VJP), then
    # served from the cache
    assert stats["compiles"] == 1, stats
    assert stats["cache_hits"] == 4 and stats["uncompiled_runs"] == 0, stats
    ops = [c for c in net._cached_op.values() if hasattr(c, "structures")]
    assert len(ops) == 1 and len(ops[0].structures) == 1


def test_cached_op_per_train_mode_and_shape():
    net = nn.HybridSequential()
    with net.name_scope():
        net.add(nn.Dense(6), nn.Dropout(0.5))
    net.initialize()
    net.hybridize(inline_limit=0)  # 2 operators: a recorded call would be inlined
    x = mx.nd.ones((3, 4))
    a = net(x).asnumpy()
    with autograd.record():
        b = net(x).asnumpy()
    with autograd.train_mode():
        c = net(x).asnumpy()
    np.testing.assert_allclose(a, net(x).asnumpy())
    dense = net[0](x).asnumpy()
    assert np.all((b == 0) | np.isclose(b, 2 * dense, rtol=1e-5))
    assert (b == 0).any() and not np.array_equal(b, c)  # fresh mask per call
    net(mx.nd.ones((5, 4)))
    ops = net._cached_op
    # (training, recording)
    assert set(k for k in ops if k not in ("format", "params", "inline")) == {(False, False), (True, True),
                                                     (True, False)}
    assert len(ops[(False, False)].structures) == 2


def test_nested_and_multi_io_blocks():
    class Two(gluon.HybridBlock):
        def __init__(self, **kw):
            super().__init__(**kw)
            with self.name_scope():
                self.a = nn.Dense(3, in_units=4)
                self.b = nn.Dense(3, in_units=2)

        def hybrid_forward(self, F, x, y, z=None):
            h = self.a(x) + self.b(y)
            return [h, F.relu(h)] if z is None else (h, [h * z, z])

    net = Two()
    net.initialize()
    x, y, z = mx.nd.ones((2, 4)), mx.nd.ones((2, 2)), mx.nd.full((2, 3), 2.0)
    ref = net(x, y)
    ref_z = net(x, y, z)
    net.hybridize()
    out = net(x, y)
    assert isinstance(out, list) and len(out) == 2
    np.testing.assert_allclose(out[1].asnumpy(), ref[1].asnumpy(), rtol=1e-6)
    with pytest.raises(ValueError, match="argument structure"):
        net(x, y, z)
    net.hybridize()
    out = net(x, y, z)
    assert isinstance(out, list) and isinstance(out[1], list)
    np.testing.assert_allclose(out[1][0].asnumpy(), ref_z[1][0].asnumpy(), rtol=1e-6)


def test_deferred_init_through_hybridized_block():
    net = nn.HybridSequential()
    with net.name_scope():
        net.add(nn.Dense(4), nn.Dense(2))
    net.initialize()
    net.hybridize()
    x = mx.nd.ones((3, 7))
    with autograd.record():
        y = net(x)
    y.backward()
    assert net[0].weight.shape == (4, 7) and net[1].weight.shape == (2, 4)
    assert net[0].weight.grad().shape == (4, 7)


def test_in_place_parameter_writes_come_back_as_updates():
    class Counter(gluon.HybridBlock):
        """Keeps the running sum of its inputs in a grad_req='null' parameter."""

        def __init__(self, **kw):
            super().__init__(**kw)
            self.total = self.params.get("total", shape=(3,), init="zeros",
                                         grad_req="null")
            self.scale = self.params.get("scale", shape=(3,), init="ones")

        def hybrid_forward(self, F, x, total, scale):
            total[:] = total + x.sum(axis=0)
            return x * scale

    for hybrid in (False, True):
        blk = Counter()
        blk.initialize()
        if hybrid:
            blk.hybridize()
        for _ in range(3):
            with autograd.record():
                y = blk(mx.nd.ones((2, 3)))
            y.backward()
        np.testing.assert_array_equal(blk.total.data().asnumpy(), [6, 6, 6])
        np.testing.assert_array_equal(blk.scale.grad().asnumpy(), [2, 2, 2])


def test_export_writes_symbol_and_params(tmp_path):
    net = _mlp()
    x = mx.nd.ones((2, 5))
    with pytest.raises(RuntimeError, match="hybridize"):
        net.export(str(tmp_path / "m"))
    net.hybridize()
    net(x)
    net.export(str(tmp_path / "m"), epoch=2)
    import json
    sym = json.load(open(str(tmp_path / "m-symbol.json")))
    ops = [n["op"] for n in sym["nodes"]]
    assert ops.count("FullyConnected") == 2 and "Activation" in ops
    names = [n["name"] for n in sym["nodes"] if n["op"] == "null"]
    assert names[0] == "data"
    assert set(names[1:]) == set(net.collect_params().keys())
    saved = mx.nd.load(str(tmp_path / "m-0002.params"))
    assert sorted(saved) == sorted("arg:" + k for k in net.collect_params().keys())


def test_hybridized_training_matches_mxnet():
    """Three manual SGD steps of a hybridized Dense-BatchNorm-Dense net (MXNet golden)."""
    fields = GOLDEN["training"]
    net = nn.HybridSequential()
    with net.name_scope():
        net.add(nn.Dense(4, in_units=3), nn.BatchNorm(in_channels=4), nn.Dense(1, in_units=4))
    net.initialize()
    params = net._collect_params_with_prefix()
    for name, p in params.items():
        p.set_data(mx.nd.array(fields["p:" + name]))
    net.hybridize()
    for step in range(3):
        x = mx.nd.array(fields["x%d" % step])
        with autograd.record():
            loss = (net(x) ** 2).mean()
        loss.backward()
        assert_matches(loss, fields["loss%d" % step], rtol=1e-5, atol=1e-6)
        for name, p in params.items():
            if p.grad_req != "null":
                p.set_data(p.data() - 0.1 * p.grad())
    for name, p in params.items():
        assert_matches(p.data(), fields["final:" + name], rtol=1e-4, atol=1e-5)
    assert_matches(net(mx.nd.ones((2, 3))), fields["predict"], rtol=1e-4, atol=1e-5)


def _bn_net(hybridize):
    mx.random.seed(0)
    net = nn.HybridSequential()
    net.add(nn.Conv2D(4, 3, padding=1), nn.BatchNorm(), nn.Dense(3))
    net.initialize(mx.init.Xavier())
    if hybridize:
        net.hybridize()
    return net


def test_batchnorm_statistics_pending_until_the_step_hybridized_or_not():
    """Training-mode BatchNorm leaves its new moving statistics pending (computed with
    the step's program): hybridized and imperative nets agree, step after step."""
    x = mx.nd.array(np.random.RandomState(0).normal(size=(8, 3, 5, 5)))
    stats = []
    for hybridize in (False, True):
        net = _bn_net(hybridize)
        trainer = gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.1})
        for _ in range(3):
            with autograd.record():
                loss = net(x).sum()
            loss.backward()
            trainer.step(8)
        stats.append([net[1].running_mean.data().asnumpy(),
                      net[1].running_var.data().asnumpy(), net[0].weight.data().asnumpy()])
    for a, b in zip(*stats):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-6)
    assert np.abs(stats[1][0]).max() > 0


def test_hybridized_batchnorm_recorded_without_backward_chains_no_graphs():
    net = _bn_net(True)
    x = mx.nd.array(np.random.RandomState(1).normal(size=(8, 3, 5, 5)))
    net(x)
    mean0 = net[1].running_mean.data().asnumpy().astype(np.float64)
    for _ in range(20):
        with autograd.record():
            out = net(x)
    assert len(autograd.get_symbol(out).get_internals().list_outputs()) < 20
    with autograd.pause(train_mode=True):
        h = net[0](x).asnumpy().astype(np.float64)
    mean = h.mean((0, 2, 3))
    np.testing.assert_allclose(net[1].running_mean.data().asnumpy(),
                               mean0 * 0.9 ** 20 + mean * (1 - 0.9 ** 20), rtol=1e-4, atol=1e-6)


class _DefaultNone(gluon.HybridBlock):
    def hybrid_forward(self, F, a, b=None):
        return a if b is None else a + b


def test_trailing_none_arguments_reuse_the_cached_program():
    # MXNet 1.9.1: f(x) after f(x, None) (and the reverse) runs the cached version;
    # a structure differing otherwise raises ValueError
    for first, second in (((1,), (1, None)), ((1, None), (1,))):
        f = _DefaultNone()
        f.hybridize()
        args1 = [mx.nd.ones((3,)) if a else None for a in first]
        args2 = [mx.nd.ones((3,)) if a else None for a in second]
        np.testing.assert_array_equal(f(*args1).asnumpy(), np.ones(3))
        np.testing.assert_array_equal(f(*args2).asnumpy(), np.ones(3))
        with pytest.raises(ValueError, match="argument structure"):
            f(mx.nd.ones((3,)), mx.nd.ones((3,)))


def test_kept_parameter_arrays_follow_replaced_parameter_data():
    """A hybridized block keeps its parameters' arrays between calls: replacing a
    parameter's arrays (cast, a new initialization) is seen by the next call."""
    net = nn.Dense(3, in_units=4)
    net.initialize()
    net.hybridize()
    x = mx.nd.ones((2, 4))
    first = net(x).asnumpy()
    net.weight.set_data(mx.nd.zeros((3, 4)))          # written in place
    np.testing.assert_allclose(net(x).asnumpy(), np.broadcast_to(net.bias.data().asnumpy(),
                                                                 (2, 3)))
    net.weight.initialize(mx.init.One(), force_reinit=True)   # new arrays
    np.testing.assert_allclose(net(x).asnumpy(), np.broadcast_to(
        4.0 + net.bias.data().asnumpy(), (2, 3)))
    assert not np.allclose(first, net(x).asnumpy())
    net.cast("float64")
    out = net(x.astype("float64"))
    assert out.dtype == np.float64
    np.testing.assert_allclose(out.asnumpy(), np.broadcast_to(
        4.0 + net.bias.data().asnumpy(), (2, 3)))


def test_output_structure_that_depends_on_the_input_shape():
    """The outputs' structure is looked up per input signature when it differs
    between signatures."""
    class Split(nn.HybridBlock):
        def hybrid_forward(self, F, x):
            if x.shape[0] > 1:
                return x * 2, x + 1
            return x * 3

    net = Split()
    net.hybridize()
    a, b = net(mx.nd.ones((2, 2)))
    np.testing.assert_allclose(a.asnumpy(), 2.0)
    np.testing.assert_allclose(b.asnumpy(), 2.0)
    single = net(mx.nd.ones((1, 2)))
    np.testing.assert_allclose(single.asnumpy(), 3.0)
    a, b = net(mx.nd.ones((3, 2)))
    np.testing.assert_allclose(b.asnumpy(), 2.0)
    single = net(mx.nd.ones((1, 2)))
    assert isinstance(single, mx.nd.NDArray)
