"""Automatic block names: ``dense0_``, ``dense1_`` ... as MXNet's NameManager and
``_BlockScope`` give them.

Outside any ``name_scope()`` a block is named from a per-thread counter per hint
(the lower-cased class name); inside a parent's ``name_scope()`` the parent's
own counters are used and the parent's prefix is prepended.
"""
import threading

__all__ = ["BlockScope", "global_name"]

_local = threading.local()


def global_name(hint):
    """The next name for ``hint`` from this thread's counter: ``hint0``, ``hint1`` ..."""
    counter = getattr(_local, "counter", None)
    if counter is None:
        counter = _local.counter = {}
    count = counter.get(hint, 0)
    counter[hint] = count + 1
    return "%s%d" % (hint, count)


def reset_global_names():
    """Restart the per-thread counters (MXNet's fresh ``NameManager``)."""
    _local.counter = {}


class BlockScope:
    """The naming scope of one block: counters for children created inside it."""

    _current = threading.local()

    def __init__(self, block):
        self._block = block
        self._counter = {}
        self._old_scope = None
        self._name_scope = None

    @staticmethod
    def current():
        """The innermost active scope of this thread (or None)."""
        return getattr(BlockScope._current, "value", None)

    @staticmethod
    def create(prefix, params, hint):
        """The prefix and ParameterDict of a new block."""
        from .parameter import ParameterDict
        current = BlockScope.current()
        if current is None:
            if prefix is None:
                prefix = global_name(hint) + "_"
            if params is None:
                params = ParameterDict(prefix)
            else:
                params = ParameterDict(params.prefix, params)
            return prefix, params
        if prefix is None:
            count = current._counter.get(hint, 0)
            prefix = "%s%d_" % (hint, count)
            current._counter[hint] = count + 1
        if params is None:
            parent = current._block.params
            params = ParameterDict(parent.prefix + prefix, parent._shared)
        else:
            params = ParameterDict(params.prefix, params)
        return current._block.prefix + prefix, params

    def __enter__(self):
        if self._block._empty_prefix:
            return self
        self._old_scope = BlockScope.current()
        BlockScope._current.value = self
        # As MXNet's _BlockScope: symbol operators created inside get the block's prefix.
        from ..name import Prefix
        self._name_scope = Prefix(self._block.prefix)
        self._name_scope.__enter__()
        return self

    def __exit__(self, ptype, value, trace):
        if self._block._empty_prefix:
            return
        self._name_scope.__exit__(ptype, value, trace)
        self._name_scope = None
        BlockScope._current.value = self._old_scope
