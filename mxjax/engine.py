"""Engine controls and counters: how recorded graphs are run and compiled.

``stats()`` tells why a loop is slow (how many graphs were compiled, served from
the cache, or run op by op); ``set_cache_size`` bounds the compile cache.
Set ``MXNET_ENGINE_TYPE=NaiveEngine`` to run every operator when it is called.
"""
from .graph import stats, reset_stats, clear_cache, set_cache_size, set_compile_after

__all__ = ["stats", "reset_stats", "clear_cache", "set_cache_size", "set_compile_after",
           "is_naive", "set_defer_backward"]


def is_naive():
    """Whether ``MXNET_ENGINE_TYPE=NaiveEngine`` (synchronous, eager) is in force."""
    from . import graph
    return graph.NAIVE


def set_naive(flag):
    """Switch NaiveEngine mode on or off at run time (for debugging and tests)."""
    from . import graph
    graph.NAIVE = bool(flag)


def set_defer_backward(flag):
    """Let ``backward()`` on Trainer parameters leave the gradients pending (default
    on; ``MXJAX_DEFER_BACKWARD=0`` at import turns it off), so that ``Trainer.step``
    runs backward and update as one compiled program. Returns the previous setting."""
    from . import graph
    prev = graph.DEFER_BACKWARD
    graph.DEFER_BACKWARD = bool(flag)
    return prev
