"""Whether a block's Python forward runs inside a trace: a hybridized call being
functionalized, or an export recording its graph (``imperative_scope``)."""
import threading

from ..core import state as _core_state

__all__ = ["in_functional_trace", "imperative_scope"]

_local = threading.local()


def in_functional_trace():
    """Whether we run inside a functionalized (traced) call of a hybridized block."""
    return bool(_core_state.local.trace_rngs) or getattr(_local, "imperative", 0) > 0


class imperative_scope:
    """Scope in which hybridized blocks run their Python forward (used by export)."""

    def __enter__(self):
        _local.imperative = getattr(_local, "imperative", 0) + 1
        return self

    def __exit__(self, *exc):
        _local.imperative -= 1
