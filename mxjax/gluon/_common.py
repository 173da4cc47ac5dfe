"""Small helpers shared by the Gluon modules: errors, hook handles, text formatting."""
import collections
import weakref

from ..base import MXNetError, AssertionMXNetError

__all__ = ["GluonAssertionError", "GluonValueError", "HookHandle", "shape_is_known",
           "indent", "brief_print_list"]


class GluonAssertionError(AssertionMXNetError):
    """A check that MXNet's Gluon makes with ``assert``."""


class GluonValueError(MXNetError, ValueError):
    """A bad value: both an MXNetError and the ValueError MXNet raises."""


def check(cond, msg):
    """Raise :class:`GluonAssertionError` with ``msg`` unless ``cond``."""
    if not cond:
        raise GluonAssertionError(msg)


class HookHandle:
    """A handle that attaches a hook to a block and can detach it again."""

    def __init__(self):
        self._hooks_dict_ref = None
        self._id = None

    def attach(self, hooks_dict, hook):
        """Put ``hook`` into ``hooks_dict`` (once per handle)."""
        check(not self._hooks_dict_ref, "The same handle cannot be attached twice.")
        self._id = id(hook)
        hooks_dict[self._id] = hook
        self._hooks_dict_ref = weakref.ref(hooks_dict)

    def detach(self):
        """Remove the hook."""
        hooks_dict = self._hooks_dict_ref()
        if hooks_dict is not None and self._id in hooks_dict:
            del hooks_dict[self._id]

    def __getstate__(self):
        return (self._hooks_dict_ref(), self._id)

    def __setstate__(self, state):
        if state[0] is None:
            self._hooks_dict_ref = weakref.ref(collections.OrderedDict())
        else:
            self._hooks_dict_ref = weakref.ref(state[0])
        self._id = state[1]

    def __enter__(self):
        return self

    def __exit__(self, ptype, value, trace):
        self.detach()


def shape_is_known(shape):
    """Whether every dimension of ``shape`` is known (not 0 / -1, not None)."""
    if shape is None:
        return False
    for dim in shape:
        if dim is None or dim <= 0:
            return False
    return True


def indent(s_, num_spaces):
    """Indent every line of ``s_`` but the first by ``num_spaces``."""
    lines = s_.split("\n")
    if len(lines) == 1:
        return s_
    first = lines.pop(0)
    return first + "\n" + "\n".join((num_spaces * " ") + line for line in lines)


def brief_print_list(lst, limit=7):
    """A short quoted listing of ``lst`` (elided in the middle when long)."""
    lst = list(lst)
    if len(lst) > limit:
        return brief_print_list(lst[:limit // 2], limit) + ", ..., " + \
            brief_print_list(lst[-limit // 2:], limit)
    return ", ".join(["'%s'" % str(i) for i in lst])
