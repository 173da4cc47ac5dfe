"""The second compile tier (mxjax.core.tiers): when a program switches, and that a
training step compiled for speed trains as the first tier does."""
import numpy as np
import pytest
import jax.numpy as jnp

import mxjax as mx
from mxjax import autograd, gluon
from mxjax.core import cache, tiers


def _plus(k):
    return cache.jit(lambda x: x + k)


def test_switches_after_calls_and_seconds(monkeypatch):
    """Tier one runs until AFTER_CALLS calls and AFTER_SECONDS have passed; then the
    program ``build()`` makes runs (compiled ahead, at that call)."""
    monkeypatch.setattr(tiers, "AFTER_CALLS", 3)
    monkeypatch.setattr(tiers, "AFTER_SECONDS", 0.0)
    monkeypatch.setattr(tiers.background, "enabled", lambda: False)
    built = []
    prog = tiers.Tiered(_plus(1.0), lambda: built.append(1) or _plus(2.0))
    before = cache.counters["tier_ups"]
    x = jnp.zeros(3)
    outs = [float(prog(x)[0]) for _ in range(6)]
    assert outs == [1.0, 1.0, 1.0, 2.0, 2.0, 2.0]
    assert built == [1]
    assert cache.counters["tier_ups"] == before + 1


def test_waits_for_its_seconds(monkeypatch):
    """Many quick calls are not enough: the program must also have run AFTER_SECONDS."""
    monkeypatch.setattr(tiers, "AFTER_CALLS", 1)
    monkeypatch.setattr(tiers, "AFTER_SECONDS", 3600.0)
    prog = tiers.Tiered(_plus(1.0), lambda: _plus(2.0))
    assert all(float(prog(jnp.zeros(1))[0]) == 1.0 for _ in range(50))


def test_a_second_tier_that_fails_leaves_the_first(monkeypatch):
    """A build that raises, or a program that does not compile for these arguments, is
    dropped: tier one runs on and nothing is counted."""
    monkeypatch.setattr(tiers, "AFTER_CALLS", 1)
    monkeypatch.setattr(tiers, "AFTER_SECONDS", 0.0)
    monkeypatch.setattr(tiers.background, "enabled", lambda: False)
    before = cache.counters["tier_ups"]

    def broken():
        raise RuntimeError("no second tier")
    prog = tiers.Tiered(_plus(1.0), broken)
    wrong = tiers.Tiered(_plus(1.0), lambda: cache.jit(lambda x: x @ jnp.ones((7, 7))))
    for _ in range(4):
        assert float(prog(jnp.zeros(2))[0]) == 1.0
        assert float(wrong(jnp.zeros(2))[0]) == 1.0
    assert cache.counters["tier_ups"] == before


def _train(steps):
    mx.random.seed(7)
    net = gluon.nn.HybridSequential()
    net.add(gluon.nn.Conv2D(4, 3, padding=1, in_channels=2), gluon.nn.BatchNorm(in_channels=4),
            gluon.nn.Activation("relu"), gluon.nn.Dense(3, in_units=4 * 6 * 6))
    net.initialize(mx.init.Xavier())
    net.hybridize()
    trainer = gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.1, "momentum": 0.9})
    loss_fn = gluon.loss.SoftmaxCrossEntropyLoss()
    rs = np.random.RandomState(0)
    x = mx.nd.array(rs.normal(size=(5, 2, 6, 6)).astype(np.float32))
    y = mx.nd.array(rs.randint(0, 3, 5).astype(np.float32))
    for _ in range(steps):
        with autograd.record():
            loss = loss_fn(net(x), y)
        loss.backward()
        trainer.step(5)
    return [p.data().asnumpy() for p in net.collect_params().values()]


def test_training_step_second_tier_trains_the_same(monkeypatch):
    """A hybridized convolutional network's fused step switches to its second tier
    midway and ends where a run on the first tier alone ends (same updates, up to the
    rounding of another compile)."""
    if cache.throughput_options() is None:
        pytest.skip("this jaxlib refuses the second tier's options")
    monkeypatch.setattr(tiers, "AFTER_CALLS", 2)
    monkeypatch.setattr(tiers, "AFTER_SECONDS", 0.0)
    monkeypatch.setattr(tiers.background, "enabled", lambda: False)
    monkeypatch.setattr(tiers, "_enabled", False)
    cache.clear()
    first = _train(6)
    monkeypatch.setattr(tiers, "_enabled", True)
    cache.clear()
    before = cache.counters["tier_ups"]
    tiered = _train(6)
    assert cache.counters["tier_ups"] == before + 1
    for a, b in zip(first, tiered):
        np.testing.assert_allclose(b, a, rtol=1e-4, atol=1e-5)
    cache.clear()
