"""Engine controls and counters: how recorded graphs are run and compiled.

``stats()`` tells why a loop is slow (how many graphs were compiled, served from
the cache, or run op by op); ``set_cache_size`` bounds the compile cache.
Set ``MXNET_ENGINE_TYPE=NaiveEngine`` to run every operator when it is called.
"""
from .graph import stats, reset_stats, clear_cache, set_cache_size, set_compile_after

__all__ = ["stats", "reset_stats", "clear_cache", "set_cache_size", "set_compile_after",
           "is_naive", "set_defer_backward", "set_bulk_size", "bulk"]

_bulk_size = [0]


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


def set_bulk_size(size):
    """Set the bulk size (MXNet: most operators its engine bundles into one
    execution); returns the previous one.

    mxjax keeps the number and reports it back, but its engine decides itself
    which pending operators run together (see :func:`stats`), so the value does
    not change how anything runs.

    Parameters
    ----------
    size : int

    Returns
    -------
    int
        The previous bulk size (0 at start, as MXNet).
    """
    prev, _bulk_size[0] = _bulk_size[0], int(size)
    return prev


class _BulkScope:
    """``with bulk(size):`` sets the bulk size and restores it on exit."""

    def __init__(self, size):
        self._size = size
        self._old_size = None

    def __enter__(self):
        self._old_size = set_bulk_size(self._size)
        return self

    def __exit__(self, *exc):
        set_bulk_size(self._old_size)
        return False


def bulk(size):
    """A scope with bulk size ``size`` (see :func:`set_bulk_size`), as ``mx.engine.bulk``.

    Parameters
    ----------
    size : int
    """
    return _BulkScope(size)
