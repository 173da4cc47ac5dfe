"""gluon.Trainer vs MXNet 1.9.1: steps with several optimizers, learning-rate changes and
schedulers, several contexts (kvstore), stale gradients; states save/load; one compile."""
import os
import sys

import numpy as np
import pytest

import mxjax as mx
from mxjax import gluon, autograd
from mxjax.base import MXNetError
import golden_utils

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                "tools", "golden"))
from gluon_train_opt_cases import weights, grads  # noqa: E402

G = golden_utils.load("gluon_train_optimizer")
TOL = {"rtol": 2e-5, "atol": 1e-6}


class Two(gluon.Block):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        with self.name_scope():
            self.a = self.params.get("a", shape=(3, 4))
            self.b = self.params.get("b", shape=(5,), lr_mult=2.0, wd_mult=0.0)

    def forward(self, ga, gb=None):
        out = (self.a.data(ga.context) * ga).sum()
        if gb is None:
            return out
        return out + (self.b.data(gb.context) * gb).sum()


def make_net(ctx=None):
    net = Two(prefix="two_")
    net.initialize(ctx=ctx)
    w = weights()
    net.a.set_data(mx.nd.array(w[0]))
    net.b.set_data(mx.nd.array(w[1]))
    return net


def trainer_run(opt, opt_params, steps, batch_size=2, change_lr=None):
    mx.engine.clear_cache()   # compile counts below start from an empty cache
    net = make_net()
    tr = gluon.Trainer(net.collect_params(), opt, opt_params)
    out = {}
    lrs = []
    for step, gs in enumerate(grads()[:steps]):
        if change_lr is not None and step == change_lr[0]:
            tr.set_learning_rate(change_lr[1])
        with autograd.record():
            loss = net(mx.nd.array(gs[0]), mx.nd.array(gs[1]))
        loss.backward()
        tr.step(batch_size)
        lrs.append(tr.learning_rate)
        out["a_step%d" % step] = net.a.data().asnumpy()
        out["b_step%d" % step] = net.b.data().asnumpy()
    out["lrs"] = np.array(lrs, dtype="float64")
    return out, tr


def compare(got, exp):
    assert sorted(got) == sorted(exp)
    for k, v in exp.items():
        golden_utils.assert_matches(got[k], v, check_dtype=False, **TOL)


@pytest.mark.parametrize("case,opt,params,kw", [
    ("trainer_sgd", "sgd", {"learning_rate": 0.1, "momentum": 0.9, "wd": 0.01}, {}),
    ("trainer_adam_setlr", "adam", {"learning_rate": 0.01, "wd": 0.01},
     {"change_lr": (2, 0.05)}),
    ("trainer_rmsprop", "rmsprop", {"learning_rate": 0.01, "centered": True}, {}),
    ("trainer_lamb", "lamb", {"learning_rate": 0.01}, {}),
])
def test_trainer_vs_mxnet(case, opt, params, kw):
    got, tr = trainer_run(opt, params, 5, **kw)
    compare(got, G[case])
    # the update alone (first step: the structure's first sighting runs op by op), then
    # the update fused with the pending backward
    assert tr.optimizer.num_compiles == 2


def test_trainer_lr_scheduler_vs_mxnet():
    sched = mx.lr_scheduler.MultiFactorScheduler([2, 4], 0.5, base_lr=0.2)
    got, tr = trainer_run("sgd", {"lr_scheduler": sched}, 5, batch_size=4)
    compare(got, G["trainer_sgd_sched"])
    with pytest.raises(UserWarning):
        tr.set_learning_rate(0.1)


@pytest.mark.parametrize("case,update_on_kvstore", [("trainer_multi_ctx_kv", None),
                                                    ("trainer_multi_ctx_local", False)])
def test_trainer_multi_context_vs_mxnet(case, update_on_kvstore):
    ctxs = [mx.cpu(0), mx.cpu(1)]
    net = make_net(ctxs)
    tr = gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.1, "momentum": 0.9},
                       update_on_kvstore=update_on_kvstore)
    got = {}
    for step, gs in enumerate(grads()[:3]):
        with autograd.record():
            losses = [net(mx.nd.array(gs[0] * (k + 1), ctx=c), mx.nd.array(gs[1], ctx=c))
                      for k, c in enumerate(ctxs)]
        autograd.backward(losses)
        tr.step(4)
        for k, c in enumerate(ctxs):
            got["a%d_step%d" % (k, step)] = net.a.data(c).asnumpy()
            got["b%d_step%d" % (k, step)] = net.b.data(c).asnumpy()
    compare(got, G[case])
    assert tr._kvstore is not None and tr._update_on_kvstore == (update_on_kvstore is None)
    if update_on_kvstore is None:
        with pytest.raises(AssertionError, match="updated on kvstore"):
            tr.allreduce_grads()
        with pytest.raises(AssertionError, match="updated on kvstore"):
            tr.update(1)


def test_ignore_stale_grad_vs_mxnet():
    net = make_net()
    tr = gluon.Trainer(net.collect_params(), "adam", {"learning_rate": 0.1})
    got = {}
    for step, gs in enumerate(grads()):
        with autograd.record():
            loss = net(mx.nd.array(gs[0])) if step in (1, 3) else \
                net(mx.nd.array(gs[0]), mx.nd.array(gs[1]))
        loss.backward()
        tr.step(1, ignore_stale_grad=True)
        got["a_step%d" % step] = net.a.data().asnumpy()
        got["b_step%d" % step] = net.b.data().asnumpy()
    exp = dict(G["trainer_ignore_stale"])
    assert int(exp.pop("stale_error")) == 1
    compare(got, exp)
    with autograd.record():
        loss = net(mx.nd.array(grads()[0][0]))
    loss.backward()
    with pytest.raises(UserWarning, match="Gradient of Parameter `two_b` on context cpu\\(0\\) "
                                          "has not been updated by backward since last `step`"):
        tr.step(1)
    with pytest.raises(MXNetError):
        tr.step(1)


def test_step_twice_without_backward_is_stale():
    net = make_net()
    tr = gluon.Trainer(net.collect_params(), "sgd")
    with autograd.record():
        loss = net(mx.nd.ones((3, 4)), mx.nd.ones((5,)))
    loss.backward()
    tr.step(1)
    with pytest.raises(UserWarning, match="has not been updated"):
        tr.step(1)


def test_allreduce_and_update_single_context():
    net = make_net()
    tr = gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 1.0})
    with autograd.record():
        loss = net(mx.nd.ones((3, 4)), mx.nd.ones((5,)))
    loss.backward()
    before = net.a.data().asnumpy()
    tr.allreduce_grads()
    tr.update(2)
    np.testing.assert_allclose(net.a.data().asnumpy(), before - 0.5, rtol=1e-6)
    assert tr.optimizer.rescale_grad == 0.5


def test_save_and_load_states(tmp_path):
    gs = grads()

    def run(tr, net, steps):
        for g in steps:
            with autograd.record():
                loss = net(mx.nd.array(g[0]), mx.nd.array(g[1]))
            loss.backward()
            tr.step(1)

    net1 = make_net()
    tr1 = gluon.Trainer(net1.collect_params(), "adam", {"learning_rate": 0.01})
    run(tr1, net1, gs[:2])
    fname = str(tmp_path / "t.states")
    tr1.save_states(fname)
    net2 = make_net()
    net2.a.set_data(net1.a.data())
    net2.b.set_data(net1.b.data())
    tr2 = gluon.Trainer(net2.collect_params(), "sgd", {"learning_rate": 5.0})
    tr2.load_states(fname)
    assert isinstance(tr2.optimizer, mx.optimizer.Adam) and tr2.learning_rate == 0.01
    assert tr2.optimizer.param_dict[0] is net2.a
    run(tr1, net1, gs[2:])
    run(tr2, net2, gs[2:])
    np.testing.assert_array_equal(net1.a.data().asnumpy(), net2.a.data().asnumpy())
    np.testing.assert_array_equal(net1.b.data().asnumpy(), net2.b.data().asnumpy())


def test_constructor_forms_and_errors():
    net = make_net()
    params = net.collect_params()
    tr = gluon.Trainer(params, mx.optimizer.SGD(learning_rate=0.3))
    assert tr.learning_rate == 0.3
    assert [p.name for p in tr._params] == sorted(params.keys())
    tr = gluon.Trainer(list(params.values()), "nag", {"momentum": 0.5})
    assert isinstance(tr.optimizer, mx.optimizer.NAG)
    with pytest.raises(ValueError, match="First argument must be a list or dict"):
        gluon.Trainer(net.a, "sgd")
    with pytest.raises(ValueError, match="got list of"):
        gluon.Trainer([1, 2], "sgd")
    with pytest.raises(AssertionError, match="optimizer_params must be None"):
        gluon.Trainer(params, mx.optimizer.SGD(), {"learning_rate": 0.1})
    with pytest.raises(ValueError, match="Cannot find optimizer"):
        gluon.Trainer(params, "nosuch")
    other = Two(prefix="x_")
    other.initialize(ctx=[mx.cpu(0), mx.cpu(1)])
    with pytest.raises(AssertionError, match="same set of contexts"):
        gluon.Trainer(list(params.values()) + list(other.collect_params().values()), "sgd")


def test_hybridized_training_one_compile():
    mx.engine.clear_cache()
    net = gluon.nn.HybridSequential()
    net.add(gluon.nn.Dense(8, activation="relu"), gluon.nn.Dense(3))
    net.initialize(mx.init.Xavier())
    net.hybridize()
    tr = gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.1, "momentum": 0.9})
    x = mx.nd.array(np.random.RandomState(0).normal(size=(6, 4)))
    y = mx.nd.array([0, 1, 2, 0, 1, 2])
    loss_fn = gluon.loss.SoftmaxCrossEntropyLoss()
    losses = []
    for i in range(8):
        # a NumPy learning rate every other step: the same program as a Python number's
        lr = 0.1 / (1 + i)
        tr.set_learning_rate(np.float32(lr) if i % 2 else lr)
        with autograd.record():
            loss = loss_fn(net(x), y)
        loss.backward()
        tr.step(6)
        losses.append(loss.mean().asscalar())
        if i == 0:
            stats = mx.engine.stats()
            after_first = stats["xla_compiles"] + stats["persistent_cache_loads"]
    assert losses[-1] < losses[0]
    # nor does JAX compile (or load) another program after the first step: the second
    # step's arguments are committed to the device as the first step's were
    stats = mx.engine.stats()
    assert stats["xla_compiles"] + stats["persistent_cache_loads"] == after_first
    # fused with the pending backward from the first step (a plan holding a hybridized
    # block compiles at its first sighting, and a Trainer's parameters may leave their
    # gradients pending from the start): the changing learning rate is a runtime
    # input, never a recompile
    assert tr.optimizer.num_compiles == 1


def test_deferred_init_parameters():
    net = gluon.nn.Dense(2)
    net.initialize()
    tr = gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.5})
    with autograd.record():
        out = net(mx.nd.ones((1, 3))).sum()
    out.backward()
    w = net.weight.data().asnumpy().copy()
    tr.step(1)
    np.testing.assert_allclose(net.weight.data().asnumpy(), w - 0.5, rtol=1e-6)


def test_grad_req_add_accumulates_until_zero_grad():
    net = make_net()
    net.collect_params().setattr("grad_req", "add")
    tr = gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 1.0})
    before = net.a.data().asnumpy()
    for _ in range(2):
        with autograd.record():
            loss = net(mx.nd.ones((3, 4)), mx.nd.ones((5,)))
        loss.backward()
    np.testing.assert_allclose(net.a.grad().asnumpy(), 2 * np.ones((3, 4)))
    tr.step(1)
    np.testing.assert_allclose(net.a.data().asnumpy(), before - 2, rtol=1e-6)
    net.collect_params().zero_grad()
    np.testing.assert_array_equal(net.a.grad().asnumpy(), np.zeros((3, 4)))
    with autograd.record():
        loss = net(mx.nd.ones((3, 4)), mx.nd.ones((5,)))
    loss.backward()
    tr.step(1)
    np.testing.assert_allclose(net.a.data().asnumpy(), before - 3, rtol=1e-6)


def _train_dense(steps, defer):
    """Three SGD-with-momentum steps of a small MLP; returns params, losses, grads."""
    from mxjax import engine
    old = engine.set_defer_backward(defer)
    try:
        mx.random.seed(3)
        net = mx.gluon.nn.HybridSequential()
        net.add(mx.gluon.nn.Dense(5, activation="tanh", in_units=4), mx.gluon.nn.Dense(3, in_units=5))
        net.initialize(mx.init.Xavier())
        net.hybridize()
        loss_fn = mx.gluon.loss.SoftmaxCrossEntropyLoss()
        trainer = mx.gluon.Trainer(net.collect_params(), "sgd",
                                   {"learning_rate": 0.1, "momentum": 0.9, "wd": 0.01})
        x = mx.nd.array(np.random.RandomState(0).normal(size=(6, 4)))
        y = mx.nd.array([0, 1, 2, 0, 1, 2])
        losses = []
        engine.reset_stats()
        for _ in range(steps):
            with mx.autograd.record():
                loss = loss_fn(net(x), y)
            loss.backward()
            trainer.step(6)
            losses.append(loss.asnumpy())
        stats = engine.stats()
        params = [p.data().asnumpy() for p in net.collect_params().values()]
        grads = [p.grad().asnumpy() for p in net.collect_params().values()]
        return params, losses, grads, stats
    finally:
        engine.set_defer_backward(old)


def test_step_fuses_a_pending_backward_with_the_update_and_matches_the_unfused_run():
    fused = _train_dense(6, True)
    plain = _train_dense(6, False)
    assert fused[3]["fused_steps"] >= 3          # from the step after the first compile on
    assert plain[3]["fused_steps"] == 0
    assert len(fused[0]) == len(plain[0]) == 4
    for a, b in zip(fused[0] + fused[2], plain[0] + plain[2]):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)
    for a, b in zip(fused[1], plain[1]):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("read_grad", [False, True])
def test_stale_gradient_is_still_detected_with_deferred_backwards(read_grad):
    # the fused step leaves the gradients pending; reading them computes them, and
    # they are still the gradients of the last backward (stale at the next step)
    net = mx.gluon.nn.Dense(2, in_units=3)
    net.initialize()
    trainer = mx.gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.1})
    x = mx.nd.ones((4, 3))
    for _ in range(3):
        with mx.autograd.record():
            out = net(x).sum()
        out.backward()
        trainer.step(4)
    assert mx.engine.stats()["fused_steps"] >= 1
    if read_grad:
        np.testing.assert_allclose(net.weight.grad().asnumpy(), np.full((2, 3), 4.0))
    with pytest.raises(mx.base.MXNetError, match="has not been updated by backward"):
        trainer.step(4)


def test_fused_step_gradients_are_those_of_the_weights_before_the_update():
    # computed only when read, from the inputs the backward pass captured
    from mxjax import engine
    net = mx.gluon.nn.Dense(1, in_units=2, use_bias=False)
    net.initialize(mx.init.Constant(1.0))
    trainer = mx.gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.5})
    x = mx.nd.array([[1.0, 2.0]])
    engine.reset_stats()
    w_before = None
    for _ in range(4):
        w_before = net.weight.data().asnumpy()
        with mx.autograd.record():
            loss = (net(x) ** 2).sum()
        loss.backward()
        trainer.step(1)
    assert engine.stats()["fused_steps"] >= 1
    mx.nd.waitall()
    # d/dw (w.x)^2 = 2 (w.x) x at the weights the last backward saw
    expected = 2 * float((w_before @ np.array([1.0, 2.0]))[0]) * np.array([[1.0, 2.0]])
    np.testing.assert_allclose(net.weight.grad().asnumpy(), expected, rtol=1e-6)
    np.testing.assert_allclose(net.weight.data().asnumpy(), w_before - 0.5 * expected,
                               rtol=1e-6)
    np.testing.assert_allclose(loss.asnumpy(), [float((w_before @ np.array([1.0, 2.0]))[0]) ** 2],
                               rtol=1e-6)


@pytest.mark.parametrize("defer", [True, False])
def test_two_trainers_over_one_backward_match_the_unfused_run(defer):
    # each Trainer's fused step reads half of one deferred backward's gradients
    from mxjax import engine

    def run(defer_backward):
        old = engine.set_defer_backward(defer_backward)
        try:
            mx.random.seed(5)
            net = mx.gluon.nn.HybridSequential()
            net.add(mx.gluon.nn.Dense(4, activation="tanh", in_units=3),
                    mx.gluon.nn.Dense(2, in_units=4))
            net.initialize(mx.init.Xavier())
            first = mx.gluon.Trainer(net[0].collect_params(), "sgd", {"learning_rate": 0.1})
            second = mx.gluon.Trainer(net[1].collect_params(), "sgd",
                                      {"learning_rate": 0.05, "momentum": 0.9})
            x = mx.nd.array(np.random.RandomState(1).normal(size=(5, 3)))
            engine.reset_stats()
            for _ in range(5):
                with mx.autograd.record():
                    loss = (net(x) ** 2).sum()
                loss.backward()
                first.step(5)
                second.step(5)
            fused = engine.stats()["fused_steps"]
            params = net.collect_params().values()
            return ([p.data().asnumpy() for p in params], [p.grad().asnumpy() for p in params],
                    loss.asnumpy(), fused)
        finally:
            engine.set_defer_backward(old)

    got, want = run(defer), run(False)
    # fused from the second step on, by the first Trainer only: the backward runs once
    # a step (the second Trainer's fused step would run it again)
    assert (3 <= got[3] <= 5) if defer else (got[3] == 0)
    for a, b in zip(got[0] + got[1] + [got[2]], want[0] + want[1] + [want[2]]):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def test_gradients_read_after_each_step_are_returned_by_the_fused_step():
    # a loop that reads the gradients after every step (logging their norm) computes
    # the left-pending gradients once; then the structure's fused step returns them
    from mxjax import engine

    def run(defer_backward):
        old = engine.set_defer_backward(defer_backward)
        try:
            mx.random.seed(7)
            net = mx.gluon.nn.Dense(2, in_units=3)
            net.initialize(mx.init.Xavier())
            trainer = mx.gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.1})
            x = mx.nd.array(np.random.RandomState(2).normal(size=(4, 3)))
            engine.reset_stats()
            norms = []
            for _ in range(6):
                with mx.autograd.record():
                    out = (net(x) ** 2).sum()
                out.backward()
                trainer.step(4)
                norms.append(net.weight.grad().norm().asscalar())
            return norms, engine.stats()
        finally:
            engine.set_defer_backward(old)

    norms, stats = run(True)
    assert stats["fused_steps"] >= 3
    assert stats["gradients_recomputed"] == 1, stats
    plain, plain_stats = run(False)
    assert plain_stats["fused_steps"] == 0
    np.testing.assert_allclose(norms, plain, rtol=1e-5)
