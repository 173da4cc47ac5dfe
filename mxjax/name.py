"""``mx.name``: automatic names for symbols (``fullyconnected0``, ``activation1`` ...)."""
import threading

__all__ = ["NameManager", "Prefix", "current"]

_local = threading.local()


class _CurrentMeta(type):
    """``NameManager.current``: this thread's current one; assigning it sets this thread's
    (MXNet's thread-local class property)."""

    @property
    def current(cls):
        return current()

    @current.setter
    def current(cls, value):
        _local.current = value


class NameManager(metaclass=_CurrentMeta):
    """Gives a symbol without an explicit name ``<hint><count>`` (per hint, from 0).

    Used as a context manager, it becomes the current manager inside the ``with``
    block (counts start again from 0 there).
    """

    def __init__(self):
        self._counter = {}
        self._old = None

    def get(self, name, hint):
        """``name`` when given, otherwise the next automatic name for ``hint``.

        Parameters
        ----------
        name : str or None
        hint : str
            Usually the lower-cased operator name.

        Returns
        -------
        str
        """
        if name:
            return name
        count = self._counter.get(hint, 0)
        self._counter[hint] = count + 1
        return "%s%d" % (hint, count)

    def __enter__(self):
        self._old = current()
        _local.current = self
        return self

    def __exit__(self, *exc):
        _local.current = self._old


class Prefix(NameManager):
    """A NameManager that puts ``prefix`` before every name (given or automatic).

    Parameters
    ----------
    prefix : str
    """

    def __init__(self, prefix):
        super().__init__()
        self._prefix = prefix

    def get(self, name, hint):
        return self._prefix + super().get(name, hint)


def current():
    """The NameManager in effect in this thread."""
    cur = getattr(_local, "current", None)
    if cur is None:
        cur = _local.current = NameManager()
    return cur


