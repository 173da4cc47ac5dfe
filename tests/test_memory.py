"""No growth across steps: graphs are freed after backward, the cache is bounded.

10,000 record+backward steps of a small MLP and of the seed's control-flow example
must end with the live graph nodes and the process memory where they were after
the first 100 steps. ``MXJAX_DEEP=1`` runs 100,000 steps.
"""
import gc
import os
import resource

import numpy as np
import pytest

import mxjax as mx
from mxjax import nd, autograd, engine
from mxjax.core import Node

DEEP = os.environ.get("MXJAX_DEEP") == "1"
STEPS = 100_000 if DEEP else 10_000


def live_nodes():
    gc.collect()
    return sum(1 for o in gc.get_objects() if type(o) is Node)


def rss_mb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2 ** 20


def _mlp_params(rng):
    shapes = [(16, 8), (16,), (4, 16), (4,)]
    params = [nd.array(rng.standard_normal(s) * 0.3) for s in shapes]
    for p in params:
        p.attach_grad()
    return params


def _mlp_step(params, x, y):
    w1, b1, w2, b2 = params
    with autograd.record():
        h = nd.relu(nd.FullyConnected(x, w1, b1, num_hidden=16))
        out = nd.FullyConnected(h, w2, b2, num_hidden=4)
        loss = nd.sum(nd.square(out - y))
    loss.backward()
    for p in params:
        p[:] = p - 0.001 * p.grad
    return loss


def _control_step(a):
    with autograd.record():
        b = a * 2
        while b.norm().asscalar() < 1000:
            b = b * 2
        c = b if b.sum().asscalar() > 0 else 100 * b
    c.backward()


def _run(step, n):
    for _ in range(n):
        step()


def _gluon_step_factory(rng):
    """A hybridized Gluon MLP with a Trainer: backward is deferred and fused into step."""
    net = mx.gluon.nn.HybridSequential()
    net.add(mx.gluon.nn.Dense(16, activation="relu", in_units=8),
            mx.gluon.nn.Dense(4, in_units=16))
    net.initialize(mx.init.Xavier())
    net.hybridize()
    trainer = mx.gluon.Trainer(net.collect_params(), "sgd",
                               {"learning_rate": 0.001, "momentum": 0.9})
    loss_fn = mx.gluon.loss.L2Loss()
    x = nd.array(rng.standard_normal((5, 8)))
    y = nd.array(rng.standard_normal((5, 4)))

    def step():
        with autograd.record():
            loss = loss_fn(net(x), y)
        loss.backward()
        trainer.step(5)
    return step


@pytest.mark.parametrize("workload", ["mlp", "control_flow", "gluon_fused"])
def test_no_growth(workload):
    rng = np.random.default_rng(0)
    if workload == "mlp":
        params = _mlp_params(rng)
        x = nd.array(rng.standard_normal((5, 8)))
        y = nd.array(rng.standard_normal((5, 4)))

        def step():
            _mlp_step(params, x, y)
    elif workload == "gluon_fused":
        step = _gluon_step_factory(rng)
    else:
        values = [nd.array(rng.standard_normal(2)) for _ in range(7)]
        for v in values:
            v.attach_grad()
        counter = [0]

        def step():
            counter[0] += 1
            _control_step(values[counter[0] % len(values)])
    _run(step, 100)
    nodes0, rss0 = live_nodes(), rss_mb()
    _run(step, STEPS - 100)
    nodes1, rss1 = live_nodes(), rss_mb()
    assert nodes1 <= nodes0, "graph nodes grew from %d to %d" % (nodes0, nodes1)
    assert rss1 - rss0 < 30, "memory grew by %.1f MB over %d steps" % (rss1 - rss0, STEPS)
    assert engine.stats()["cache_size"] <= engine.stats()["cache_limit"]
    if workload == "gluon_fused":
        assert engine.stats()["fused_steps"] >= STEPS - 200


def test_arrays_out_of_scope_are_released():
    import weakref
    x = nd.ones((1000, 1000))
    x.attach_grad()
    with autograd.record():
        y = (x * 2).sum()
    y.backward()
    ref = weakref.ref(x.data)
    del x, y
    gc.collect()
    assert ref() is None


def test_retain_graph_keeps_nodes_until_released():
    x = nd.ones((3,))
    x.attach_grad()
    before = live_nodes()
    with autograd.record():
        y = (x * x).sum()
    y.backward(retain_graph=True)
    assert live_nodes() > before
    y.backward()
    del y
    assert live_nodes() == before


def test_per_attribute_caches_are_bounded():
    """20,000 distinct scalar attributes (x + i for every i) leave a bounded number of
    bound calls, compiled variants and shape entries on the operator, eagerly and
    recorded."""
    from mxjax.core import op as core_op
    op = core_op.get_op("_plus_scalar")
    x = nd.ones((3,))
    start = rss_mb()
    for i in range(20_000):
        y = x + float(i)
        if i % 4_999 == 0:
            assert y.asnumpy().tolist() == [1.0 + i] * 3
    w = nd.ones((3,))
    w.attach_grad()
    for i in range(2_000):
        with autograd.record():
            y = (w + float(i)) * 2
        y.backward()
    assert w.grad.asnumpy().tolist() == [2.0, 2.0, 2.0]
    assert len(op._calls) <= core_op._MAX_CALLS
    assert len(op._jitted) <= core_op._MAX_JIT_VARIANTS + 1
    assert len(op._vjps) <= core_op._MAX_JIT_VARIANTS + 1
    assert engine.stats()["cache_size"] <= engine.stats()["cache_limit"]
    assert len(op._shapes) <= 4096
    assert rss_mb() - start < 200
