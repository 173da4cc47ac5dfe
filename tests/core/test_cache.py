"""The program cache's bounds (its count limit, the memory-mapping guard) and `cache.jit`."""
import gc

import jax
import numpy as np
import jax.numpy as jnp
import pytest

from mxjax.core import cache


@pytest.fixture
def fresh_counters():
    saved = dict(cache.counters)
    yield
    cache.counters.update(saved)


def test_memory_maps_counts_this_process_mappings():
    count = cache.memory_maps()
    if count is None:
        pytest.skip("no /proc/self/maps on this system")
    with open("/proc/self/maps") as handle:
        assert abs(count - len(handle.readlines())) < 50


def test_mapping_pressure_drops_the_oldest_quarter(monkeypatch, fresh_counters):
    if cache.memory_maps() is None:
        pytest.skip("no /proc/self/maps on this system")
    index = {}
    cache.clear()
    monkeypatch.setattr(cache, "_maps_budget", 10 ** 9)
    for i in range(40):
        cache.insert(index, i, object(), "test")
    assert len(index) == 40
    before = cache.counters["map_evictions"]
    monkeypatch.setattr(cache, "_maps_budget", 0)   # every process is over this budget
    monkeypatch.setattr(cache, "_inserts", cache._CHECK_EVERY - 1)
    cache.insert(index, "last", object(), "test")
    # 41 programs: the oldest 10 went
    assert cache.counters["map_evictions"] - before == 10
    assert sorted(k for k in index if k != "last") == list(range(10, 40))
    assert "last" in index
    cache.clear()


def test_dropping_programs_releases_their_mappings():
    if cache.memory_maps() is None:
        pytest.skip("no /proc/self/maps on this system")
    index = {}
    gc.collect()
    start = cache.memory_maps()
    for i in range(20):
        fn = jax.jit(lambda xs, i=i: [jnp.tanh(x * i + 1).sum() * x + jnp.sin(x) for x in xs])
        fn([jnp.ones((50 + k,)) for k in range(6)])
        cache.insert(index, ("maps", i), fn, "test")
    del fn
    grown = cache.memory_maps() - start
    assert grown > 100
    for key in list(index):
        del index[key]
    cache.clear()
    gc.collect()
    assert cache.memory_maps() - start < grown / 2


def _sum_sin(x):
    return jnp.sum(jnp.sin(x) * 2.0)


def test_jit_runs_at_top_level_and_inside_traces():
    """cache.jit's program gives the plain function's values called directly, inside a
    user's jax.jit, under jax.grad and jax.vmap (JAX refuses compiler options on a nested
    program, so the program must pick the right one)."""
    prog = cache.jit(_sum_sin)
    x = jnp.arange(6.0).reshape(2, 3)
    np.testing.assert_allclose(prog(x), _sum_sin(x), rtol=1e-6)
    np.testing.assert_allclose(jax.jit(lambda v: prog(v) + 1.0)(x), _sum_sin(x) + 1.0, rtol=1e-6)
    np.testing.assert_allclose(jax.grad(prog)(x), 2.0 * np.cos(np.asarray(x)), rtol=1e-6)
    np.testing.assert_allclose(jax.vmap(prog)(x), [_sum_sin(r) for r in x], rtol=1e-6)
    assert prog.lower(x).compile()(x) == prog(x)


def test_compiler_options_probed_and_switchable(monkeypatch):
    """The options are the fast-compile ones where this jaxlib accepts them, and XLA's
    defaults with MXJAX_XLA_OPTIONS=default."""
    monkeypatch.setattr(cache, "_options", None)
    monkeypatch.setenv("MXJAX_XLA_OPTIONS", "default")
    assert cache.compiler_options() == {}
    np.testing.assert_allclose(cache.jit(_sum_sin)(jnp.ones(2)), _sum_sin(jnp.ones(2)), rtol=1e-6)
    monkeypatch.setattr(cache, "_options", None)
    monkeypatch.delenv("MXJAX_XLA_OPTIONS")
    opts = cache.compiler_options()
    assert opts in ({}, cache._FAST_COMPILE)
    assert opts == (cache._FAST_COMPILE if _accepted(cache._FAST_COMPILE) else {})


def _accepted(options):
    """Whether this jaxlib compiles a program with ``options``."""
    try:
        jax.jit(_sum_sin, compiler_options=options).lower(jnp.ones(2)).compile()
        return True
    except Exception:  # noqa: BLE001 - an older jaxlib
        return False


def test_throughput_options_same_convolution_gradients(monkeypatch):
    """MXJAX_XLA_OPTIONS=throughput (no YNNPACK convolutions) is probed like the others
    and gives a convolution's weight gradient as the default options do."""
    from jax import lax

    def weight_grad(x, w):
        def conv(w):
            return lax.conv_general_dilated(x, w, (1, 1), [(1, 1), (1, 1)],
                                            dimension_numbers=("NCHW", "OIHW", "NCHW"))
        y, pull = jax.vjp(conv, w)
        return pull(y)[0]

    rs = np.random.RandomState(0)
    x = jnp.asarray(rs.normal(size=(4, 3, 8, 8)).astype(np.float32))
    w = jnp.asarray(rs.normal(size=(5, 3, 3, 3)).astype(np.float32))
    monkeypatch.setattr(cache, "_options", None)
    monkeypatch.delenv("MXJAX_XLA_OPTIONS", raising=False)
    usual = cache.jit(weight_grad)(x, w)
    monkeypatch.setattr(cache, "_options", None)
    monkeypatch.setenv("MXJAX_XLA_OPTIONS", "throughput")
    opts = cache.compiler_options()
    assert opts == (cache._THROUGHPUT if _accepted(cache._THROUGHPUT) else {})
    np.testing.assert_allclose(cache.jit(weight_grad)(x, w), usual, rtol=1e-5, atol=1e-4)
    monkeypatch.setattr(cache, "_options", None)


def test_jit_later_makes_its_program_at_first_call(monkeypatch):
    """A program made at import does not probe (start JAX's backend) until it runs."""
    made = []
    monkeypatch.setattr(cache, "jit", lambda fn, **kw: made.append(fn) or jax.jit(fn, **kw))
    later = cache.jit_later(_sum_sin)
    assert made == []
    np.testing.assert_allclose(later(jnp.ones(3)), _sum_sin(jnp.ones(3)), rtol=1e-6)
    later(jnp.ones(3))
    assert made == [_sum_sin]


def test_jit_lets_the_programs_own_errors_through():
    """A ValueError the function raises is the caller's, not taken for JAX's refusal of
    nested options (the program is not retried)."""
    traces = []

    def bad(x):
        traces.append(1)
        raise ValueError("shapes do not match")
    with pytest.raises(ValueError, match="shapes do not match"):
        cache.jit(bad)(jnp.ones(2))
    assert len(traces) == 1
