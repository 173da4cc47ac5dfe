"""Big repeating graphs run as compiled segments (mxjax/core/segments.py)."""
import numpy as np
import pytest

import mxjax as mx
from mxjax import nd, autograd, engine


@pytest.fixture
def small_segments():
    settings = engine.get_settings()
    engine.clear_cache()
    engine.reset_stats()
    engine.set_max_compile_nodes(10)
    engine.set_segment_nodes(4)
    yield
    engine.set_compile_after(settings["compile_after"])
    engine.set_max_compile_nodes(settings["max_compile_nodes"])
    engine.set_segment_nodes(settings["segment_nodes"])


def _segment_programs():
    return engine.stats()["programs_by_kind"].get("segment", 0)


def _program(x, w, layers):
    """A DAG: each layer reads the previous one, the input x and the weight w."""
    y = x
    for k in range(layers):
        y = nd.tanh(y * w) + x * (0.1 * k) + nd.sqrt(nd.abs(y) + 1)
    return y


def _grads(steps, layers, head_grad=False):
    x = nd.array([0.3, -0.7, 1.1])
    w = nd.array([0.5, 1.5, -0.25])
    x.attach_grad()
    w.attach_grad()
    out = []
    for _ in range(steps):
        with autograd.record():
            y = _program(x, w, layers)
            z = (y * y).sum()
        if head_grad:
            z.backward(nd.array([2.0]))
        else:
            z.backward()
        out.append((x.grad.asnumpy(), w.grad.asnumpy(), z.asnumpy(), y.asnumpy()))
    return out


@pytest.mark.parametrize("head_grad", [False, True])
def test_segmented_runs_match_the_op_by_op_run(small_segments, head_grad):
    runs = _grads(4, 6, head_grad)   # ~50 nodes: first sighting op by op, then segments
    s = engine.stats()
    assert s["uncompiled_runs"] == 1 and s["segmented_runs"] == 3
    for later in runs[1:]:
        for a, b in zip(runs[0], later):
            np.testing.assert_allclose(b, a, rtol=1e-5, atol=1e-6)


def test_segmented_gradient_matches_jax_grad(small_segments):
    import jax
    import jax.numpy as jnp

    def f(x, w):
        y = x
        for k in range(6):
            y = jnp.tanh(y * w) + x * np.float32(0.1 * k) + jnp.sqrt(jnp.abs(y) + 1)
        return jnp.sum(y * y)
    gx, gw = jax.grad(f, argnums=(0, 1))(jnp.array([0.3, -0.7, 1.1], jnp.float32),
                                         jnp.array([0.5, 1.5, -0.25], jnp.float32))
    last = _grads(3, 6)[-1]
    np.testing.assert_allclose(last[0], np.asarray(gx), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(last[1], np.asarray(gw), rtol=1e-5, atol=1e-6)


def test_a_chain_compiles_a_bounded_number_of_segment_programs(small_segments):
    x = nd.array([1.0, 2.0])
    x.attach_grad()
    for layers in (40, 80):         # twice as long: no more programs
        for _ in range(2):
            with autograd.record():
                y = x
                for _ in range(layers):
                    y = y * 1.0001 + 0.0001
            y.backward()
        if layers == 40:
            n40 = _segment_programs()
    assert _segment_programs() == n40 <= 4
    np.testing.assert_allclose(x.grad.asnumpy(), [1.0001 ** 80] * 2, rtol=1e-5)


def test_forcing_a_big_repeating_graph_uses_segments(small_segments):
    x = nd.array([0.5, 1.0])
    x.attach_grad()
    vals = []
    for _ in range(3):
        with autograd.record():
            y = _program(x, x, 5)
            vals.append(y.asnumpy())   # read inside record: forces the pending graph
    assert engine.stats()["segmented_runs"] >= 1
    np.testing.assert_allclose(vals[2], vals[0], rtol=1e-6)
