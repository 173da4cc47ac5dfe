"""``mx.attribute``: ``AttrScope``, attributes given to every symbol created inside it."""
import collections
import threading

from .base import MXNetError

__all__ = ["AttrScope", "current"]

_local = threading.local()


class _CurrentMeta(type):
    """``AttrScope.current``: this thread's current one; assigning it sets this thread's
    (MXNet's thread-local class property)."""

    @property
    def current(cls):
        return current()

    @current.setter
    def current(cls, value):
        _local.current = value


class AttrScope(metaclass=_CurrentMeta):
    """Attributes (strings) attached to the symbols created in a ``with`` block.

    Parameters
    ----------
    **kwargs : str
        E.g. ``ctx_group='dev1'`` or ``__lr_mult__='2'``.
    """

    # subgraph name -> how many control-flow subgraphs (F.contrib.foreach / while_loop / cond
    # in a hybridized forward) were given that name, as MXNet counts them to make names unique
    _subgraph_names = collections.defaultdict(int)

    def __init__(self, **kwargs):
        for value in kwargs.values():
            if not isinstance(value, str):
                raise ValueError("Attributes need to be string")
        self._attr = kwargs
        self._old = None

    def get(self, attr):
        """The scope's attributes updated with ``attr`` (a dict or None)."""
        if self._attr:
            ret = self._attr.copy()
            if attr:
                ret.update(attr)
            return ret
        return attr if attr else {}

    def __enter__(self):
        self._old = current()
        merged = self._old._attr.copy()
        merged.update(self._attr)
        self._attr = merged
        _local.current = self
        return self

    def __exit__(self, *exc):
        _local.current = self._old


def current():
    """The AttrScope in effect in this thread."""
    cur = getattr(_local, "current", None)
    if cur is None:
        cur = _local.current = AttrScope()
    return cur




def _check(attr):
    for k, v in (attr or {}).items():
        if not isinstance(v, str):
            raise MXNetError("Attribute %s: value must be a string, got %r" % (k, v))
