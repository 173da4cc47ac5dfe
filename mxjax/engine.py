"""Engine controls and counters: how recorded graphs are run and compiled.

``stats()`` tells why a loop is slow (how many graphs were compiled, served from
the cache, or run op by op); ``set_cache_size`` bounds the compile cache.
Set ``MXNET_ENGINE_TYPE=NaiveEngine`` to run every operator when it is called.
"""
from .graph import stats, reset_stats, clear_cache, set_cache_size, set_compile_after

__all__ = ["stats", "reset_stats", "clear_cache", "set_cache_size", "set_compile_after",
           "is_naive"]


def is_naive():
    """Whether ``MXNET_ENGINE_TYPE=NaiveEngine`` (synchronous, eager) is in force."""
    from . import graph
    return graph.NAIVE


def set_naive(flag):
    """Switch NaiveEngine mode on or off at run time (for debugging and tests)."""
    from . import graph
    graph.NAIVE = bool(flag)
