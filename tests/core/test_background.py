"""Background compilation: a repeating graph keeps running op by op while its program
compiles on another thread, then switches to it — same values either way."""
import numpy as np
import pytest

import mxjax as mx
from mxjax import nd, autograd, engine, gluon


@pytest.fixture
def background():
    prev = engine.set_background_compile(True)
    after = engine.set_compile_after(2)
    engine.clear_cache()
    engine.reset_stats()
    yield
    engine.wait_for_compiles(60)
    engine.set_background_compile(prev)
    engine.set_compile_after(after)


def _steps(n, wait_after=None):
    grads = []
    for k in range(n):
        x = nd.array([[0.5, -1.0, 2.0]]) * (k + 1)
        x.attach_grad()
        with autograd.record():
            y = (nd.tanh(x * 2) * x).sum()
        y.backward()
        grads.append(x.grad.asnumpy().copy())
        if wait_after == k:
            assert engine.wait_for_compiles(60)
    return grads


def test_second_sighting_does_not_wait_and_values_agree(background):
    got = _steps(2)
    s = engine.stats()
    assert s["background_compiles"] == 1, s
    assert s["uncompiled_runs"] == 2 and s["cache_hits"] == 0, s   # both ran op by op
    engine.set_background_compile(False)
    engine.clear_cache()
    want = _steps(2)
    for a, b in zip(got, want):
        np.testing.assert_allclose(a, b, rtol=1e-6)


def test_the_compiled_program_is_used_once_ready(background):
    grads = _steps(4, wait_after=1)
    s = engine.stats()
    assert s["background_compiles"] == 1 and s["cache_hits"] == 2, s
    for k, g in enumerate(grads):
        x = np.array([[0.5, -1.0, 2.0]], dtype=np.float32) * (k + 1)
        t = np.tanh(x * 2)
        np.testing.assert_allclose(g, t + x * 2 * (1 - t ** 2), rtol=1e-5)


def test_trainer_fuses_once_its_program_is_compiled(background):
    net = gluon.nn.Dense(2, in_units=3)
    net.initialize(mx.init.Constant(0.1))
    trainer = gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.1})
    x = nd.ones((4, 3))
    for k in range(8):
        with autograd.record():
            loss = net(x).sum()
        loss.backward()
        trainer.step(4)
        engine.wait_for_compiles(60)
    nd.waitall()
    s = engine.stats()
    assert s["fused_steps"] >= 1, s
    # every step: d loss / d w = 4 (rows) * 1 (two outputs each get 1), lr 0.1 / 4
    np.testing.assert_allclose(net.weight.data().asnumpy(), 0.1 - 8 * 0.1 * 1.0,
                               rtol=1e-5)


_ON_TWO_DEVICES = r"""
import numpy as np
import mxjax as mx
from mxjax import nd, autograd, engine
engine.set_background_compile(True)
engine.set_compile_after(2)
grads = []
for k, dev in enumerate([0, 0, 1, 1]):   # compiled in the background for cpu(0) ...
    x = nd.array([[0.5, -1.0, 2.0]], ctx=mx.cpu(dev)) * (k + 1)
    x.attach_grad()
    with autograd.record():
        y = (nd.tanh(x * 2) * x).sum()
    y.backward()
    grads.append(x.grad.asnumpy())
    assert engine.wait_for_compiles(60)
s = engine.stats()
assert s["background_compiles"] == 1 and s["cache_hits"] == 2, s   # ... run for cpu(1)
for k, g in enumerate(grads):
    x = np.array([[0.5, -1.0, 2.0]]) * (k + 1)
    t = np.tanh(2 * x)
    np.testing.assert_allclose(g, t + 2 * x * (1 - t ** 2), rtol=1e-5)
print("ok")
"""


def test_program_compiled_for_one_device_runs_on_another():
    """A structure recorded on several devices shares one compiled program: the one
    compiled in the background for the first device's arguments runs the others'."""
    import os
    import subprocess
    import sys
    env = dict(os.environ, XLA_FLAGS="--xla_force_host_platform_device_count=2")
    proc = subprocess.run([sys.executable, "-c", _ON_TWO_DEVICES], env=env, timeout=300,
                          capture_output=True, text=True)
    assert proc.returncode == 0 and "ok" in proc.stdout, proc.stderr[-3000:]
