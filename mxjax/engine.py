"""Engine controls and counters: how recorded graphs are run and compiled.

``stats()`` tells why a loop is slow (how many programs were compiled, served from
the cache, or run op by op); ``set_cache_size`` bounds the one program cache.
Set ``MXNET_ENGINE_TYPE=NaiveEngine`` to run every operator when it is called.
The engine itself is ``mxjax.core`` (see ``docs/architecture.md``).
"""
from .core import cache as _cache, executor as _executor, segments as _segments
from .core import background as _background

__all__ = ["stats", "reset_stats", "clear_cache", "set_cache_size", "set_compile_after",
           "set_max_compile_nodes", "set_segment_nodes", "get_settings",
           "set_background_compile", "wait_for_compiles",
           "is_naive", "set_naive", "set_defer_backward", "set_bulk_size", "bulk"]

_bulk_size = [0]


def stats():
    """Counters of the engine.

    Returns
    -------
    dict
        ``compiles``: engine programs traced (recorded graphs, segments, optimizer
        fused updates; each trace is followed by an XLA compilation or a load from
        the persistent cache); ``xla_compiles``: every XLA compilation JAX really
        performed since the last reset (each operator's eager program per attribute
        set and shape included; a program loaded from the persistent cache is counted
        in ``persistent_cache_loads`` instead); ``traces``: every trace JAX made
        (shape inference included); ``cache_hits``: calls served by a compiled
        graph program; ``uncompiled_runs``: graphs run op by op because their
        structure had not been seen often enough to compile; ``segmented_runs``:
        repeating graphs too big to compile whole, run as compiled segments;
        ``evictions``: programs dropped from the bounded cache;
        ``nodes_recorded``: operator calls recorded by autograd;
        ``deferred_backwards``: backward passes left pending (Trainer parameters);
        ``fused_steps``: ``Trainer.step`` calls that ran a pending backward and the
        update as one compiled program; ``gradients_recomputed``: gradients such a
        program left pending and a read then computed (the structure's next fused
        steps return them); ``cache_size`` / ``cache_limit``: programs
        now held and the bound; ``programs_by_kind``: the held programs by kind
        (operator, graph, segment, optimizer).
    """
    return _cache.stats()


def reset_stats():
    """Set every counter of :func:`stats` back to zero (the programs are kept)."""
    _cache.reset_stats()


def clear_cache():
    """Drop every compiled program (and forget which graph structures were seen)."""
    _cache.clear()
    _executor.forget_sightings()


def set_cache_size(n):
    """Bound the number of compiled programs kept (``MXJAX_CACHE_SIZE``, default 4096)."""
    _cache.set_limit(n)


def set_compile_after(n):
    """Compile a graph structure on its ``n``-th sighting (1 = always compile; default 2,
    ``MXJAX_COMPILE_AFTER``); returns the previous value."""
    prev = _executor.settings.compile_after
    _executor.set_compile_after(n)
    return prev


def set_max_compile_nodes(n):
    """Never compile graphs with more than ``n`` nodes whole (default 1000,
    ``MXJAX_MAX_COMPILE_NODES``); returns the previous value."""
    prev = _executor.settings.max_compile_nodes
    _executor.set_max_compile_nodes(n)
    return prev


def set_segment_nodes(n):
    """Cut big repeating graphs into compiled segments of at most ``n`` nodes (default
    256, ``MXJAX_SEGMENT_NODES``); returns the previous value."""
    return _segments.set_segment_nodes(n)


def set_background_compile(flag):
    """Compile repeating graphs on a background thread while they keep running op by op
    (default on; ``MXJAX_BACKGROUND_COMPILE=0`` turns it off: a graph then waits for its
    compile on its ``compile_after``-th sighting). Returns the previous setting."""
    return _background.set_enabled(flag)


def wait_for_compiles(timeout=None):
    """Block until the programs compiling in the background are ready; returns whether
    they all are (False when ``timeout`` seconds passed first)."""
    return _background.wait_all(timeout)


def get_settings():
    """The engine's settings as a dict (naive, defer_backward, compile_after,
    max_compile_nodes, segment_nodes, cache_limit, background_compile)."""
    s = _executor.settings
    return {"naive": s.naive, "defer_backward": s.defer_backward,
            "compile_after": s.compile_after, "max_compile_nodes": s.max_compile_nodes,
            "segment_nodes": _segments.SEGMENT_NODES, "cache_limit": _cache.limit(),
            "background_compile": _background.enabled()}


def is_naive():
    """Whether ``MXNET_ENGINE_TYPE=NaiveEngine`` (synchronous, eager) is in force."""
    return _executor.settings.naive


def set_naive(flag):
    """Switch NaiveEngine mode on or off at run time (for debugging and tests)."""
    _executor.set_naive(flag)


def set_defer_backward(flag):
    """Let ``backward()`` on Trainer parameters leave the gradients pending (default
    on; ``MXJAX_DEFER_BACKWARD=0`` at import turns it off), so that ``Trainer.step``
    runs backward and update as one compiled program. Returns the previous setting."""
    return _executor.set_defer_backward(flag)


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
