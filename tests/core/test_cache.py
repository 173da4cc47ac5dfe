"""The program cache's bounds: its count limit and the memory-mapping guard."""
import gc

import jax
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
