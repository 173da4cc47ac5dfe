"""The compile cache: keyed by graph structure, counters, bounded size."""
import numpy as np
import pytest

import mxjax as mx
from mxjax import nd, autograd, engine


@pytest.fixture(autouse=True)
def fresh_cache():
    engine.clear_cache()
    engine.reset_stats()
    yield
    engine.set_cache_size(256)
    engine.set_compile_after(2)


def _step(x):
    with autograd.record():
        y = 2 * x * x
    y.backward()


def test_repeated_loop_compiles_once():
    x = nd.array([[1, 2], [3, 4]])
    x.attach_grad()
    for _ in range(10):
        _step(x)
    s = engine.stats()
    assert s["uncompiled_runs"] == 1   # first sighting runs op by op
    assert s["compiles"] == 1          # second sighting compiles
    assert s["cache_hits"] == 8        # every later step is one cached call
    np.testing.assert_allclose(x.grad.asnumpy(), [[4, 8], [12, 16]])


def test_changed_shape_recompiles():
    for shape in [(2, 2), (3,)]:
        x = nd.ones(shape)
        x.attach_grad()
        for _ in range(3):
            _step(x)
    s = engine.stats()
    assert s["compiles"] == 2 and s["cache_hits"] == 2 and s["uncompiled_runs"] == 2


def test_changed_structure_recompiles():
    x = nd.ones((2,))
    x.attach_grad()
    for f in (lambda v: v * v, lambda v: nd.exp(v) * v):
        for _ in range(3):
            with autograd.record():
                y = f(x)
            y.backward()
    assert engine.stats()["compiles"] == 2


def test_cache_is_bounded():
    engine.set_cache_size(2)
    engine.set_compile_after(1)
    for n in range(1, 6):
        x = nd.ones((n,))
        x.attach_grad()
        _step(x)
    s = engine.stats()
    # one cache holds every program (the operators' eager ones too): five graph
    # programs were compiled and at most two programs are left
    assert s["cache_size"] <= 2 and s["compiles"] == 5
    assert s["evictions"] >= 3 and s["programs_by_kind"].get("graph", 0) <= 2


def test_graph_freed_after_backward():
    import gc
    import weakref
    x = nd.ones((3,))
    x.attach_grad()
    with autograd.record():
        y = x * 2
        z = y * y
    ref = weakref.ref(y._node)
    z.backward()
    del y, z
    gc.collect()
    assert ref() is None


def test_pending_values_are_computed_by_backward():
    x = nd.array([1.0, 2.0])
    x.attach_grad()
    with autograd.record():
        y = nd.exp(x)
        z = y * 3
    assert y._data is None  # deferred: not computed yet
    z.backward()
    np.testing.assert_allclose(y.asnumpy(), np.exp([1.0, 2.0]), rtol=1e-6)
    np.testing.assert_allclose(z.asnumpy(), 3 * np.exp([1.0, 2.0]), rtol=1e-6)


def test_shape_errors_raised_at_call_time_under_record():
    x = nd.ones((2,))
    x.attach_grad()
    with autograd.record():
        with pytest.raises(mx.MXNetError, match="broadcast_add"):
            x + nd.ones((3,))


def test_naive_engine_mode_runs_eagerly():
    engine.set_naive(True)
    try:
        x = nd.array([1.0, 2.0])
        x.attach_grad()
        with autograd.record():
            y = x * 4
        assert y._data is not None or y._node.state == "ready"
        y.backward()
        np.testing.assert_allclose(x.grad.asnumpy(), [4.0, 4.0])
    finally:
        engine.set_naive(False)


def test_nodes_recorded_counter():
    x = nd.ones((2,))
    x.attach_grad()
    before = engine.stats()["nodes_recorded"]
    with autograd.record():
        y = nd.exp(x) * 2
    assert engine.stats()["nodes_recorded"] == before + 2
    y.backward()


# ---------------------------------------------------------------------------
# deferred backward (gradients left pending for Trainer parameters)


def _deferrable(x):
    x._node.defer = True  # what Trainer does for its parameters after a step
    return x


def _run_deferred_and_plain(body):
    """``body(x)`` with x's gradient deferred and not, after the structure compiled."""
    out = []
    for defer in (True, False):
        x = nd.array([[1.0, -2.0], [3.0, 0.5]])
        x.attach_grad()
        if defer:
            _deferrable(x)
        out.append(body(x))
    return out


def test_deferred_backward_leaves_gradient_pending_and_correct():
    x = nd.array([[1.0, -2.0], [3.0, 0.5]])
    x.attach_grad()
    _deferrable(x)
    for _ in range(3):  # compiled from the second sighting: deferral needs a program
        with autograd.record():
            y = nd.sin(x) * x
        y.backward()
    assert engine.stats()["deferred_backwards"] >= 1
    assert x.grad._data is None           # pending: nothing computed yet
    xv = x.asnumpy()
    np.testing.assert_allclose(x.grad.asnumpy(), np.cos(xv) * xv + np.sin(xv), rtol=1e-6)
    np.testing.assert_allclose(y.asnumpy(), np.sin(xv) * xv, rtol=1e-6)  # head still readable


def test_deferred_head_value_is_readable_before_the_gradient():
    def body(x):
        for _ in range(3):
            with autograd.record():
                y = nd.exp(x) + x
            y.backward()
        return y.asnumpy(), x.grad.asnumpy()
    (yd, gd), (yp, gp) = _run_deferred_and_plain(body)
    np.testing.assert_array_equal(yd, yp)
    np.testing.assert_array_equal(gd, gp)


def test_deferred_head_used_later_is_a_constant_as_after_any_backward():
    def body(x):
        for _ in range(3):
            with autograd.record():
                y = x * x
            y.backward()
        with autograd.record():   # y's graph was freed: y is a constant here
            z = y * x
        z.backward()
        return x.grad.asnumpy()
    gd, gp = _run_deferred_and_plain(body)
    np.testing.assert_array_equal(gd, gp)
    np.testing.assert_allclose(gd, np.array([[1.0, 4.0], [9.0, 0.25]]))


def test_a_second_backward_replaces_a_pending_gradient():
    def body(x):
        for scale in (1.0, 2.0, 3.0, 4.0):
            with autograd.record():
                y = x * x * scale
            y.backward()
        return x.grad.asnumpy()
    gd, gp = _run_deferred_and_plain(body)
    np.testing.assert_array_equal(gd, gp)
    np.testing.assert_allclose(gd, 8 * np.array([[1.0, -2.0], [3.0, 0.5]]))


def test_grad_req_add_is_never_deferred():
    x = nd.array([1.0, 2.0])
    x.attach_grad(grad_req="add")
    _deferrable(x)
    for _ in range(3):
        with autograd.record():
            y = x * x
        y.backward()
    assert engine.stats()["deferred_backwards"] == 0
    np.testing.assert_allclose(x.grad.asnumpy(), [6.0, 12.0])


def test_plain_attach_grad_is_not_deferred():
    x = nd.array([1.0, 2.0])
    x.attach_grad()
    for _ in range(3):
        _step(x)
    assert engine.stats()["deferred_backwards"] == 0
    assert x.grad._data is not None


def test_xla_compiles_count_what_jax_compiled():
    # a shape no other test uses: the first run compiles (or loads from the persistent
    # cache), the same program again compiles nothing
    x = nd.ones((7, 11, 3))
    nd.waitall()
    engine.reset_stats()
    (x * 3.25).wait_to_read()
    first = engine.stats()
    assert first["xla_compiles"] + first["persistent_cache_loads"] >= 1, first
    engine.reset_stats()
    (x * 3.25).wait_to_read()
    again = engine.stats()
    assert again["xla_compiles"] == 0 and again["persistent_cache_loads"] == 0, again


def test_compiles_include_the_optimizer_fused_step():
    from mxjax import gluon
    net = gluon.nn.Dense(2, in_units=3)
    net.initialize()
    trainer = gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.1})
    before = trainer._optimizer.num_compiles
    for _ in range(4):
        with autograd.record():
            loss = net(nd.ones((4, 3))).sum()
        loss.backward()
        trainer.step(4)
    nd.waitall()
    s = engine.stats()
    traced = trainer._optimizer.num_compiles - before
    assert traced >= 1
    # compiles count programs actually traced: from the second sighting on, the
    # recorded backward runs inside the optimizer's fused program (it is never
    # traced on its own), so every compile is an optimizer trace
    assert s["compiles"] == traced, (s, traced)
    assert s["fused_steps"] >= 2, s
