"""The older autograd names (``mx.contrib.autograd``)."""
import functools

from .. import autograd as _ag
from ..autograd import mark_variables  # noqa: F401
from ..base import string_types  # noqa: F401


class TrainingStateScope:
    """Scope that sets training and recording together (the older API).

    Parameters
    ----------
    enter_state : bool
        Training (and recording) state inside the scope.
    """

    def __init__(self, enter_state):
        self._enter_state = enter_state
        self._prev = None

    def __enter__(self):
        self._prev = set_is_training(self._enter_state)
        return self

    def __exit__(self, ptype, value, trace):
        set_is_training(self._prev)

__all__ = ["TrainingStateScope", "set_is_training", "set_is_recording", "mark_variables", "backward",
           "compute_gradient", "grad_and_loss", "grad", "train_section", "test_section",
           # what ``from mxnet.contrib.autograd import *`` also gives in MXNet (names it imports)
           "NDArray", "array", "zeros_like", "functools", "string_types"]


def __getattr__(name):
    # The NDArray layer sits above autograd; its names resolve on first use.
    if name in ("NDArray", "array", "zeros_like"):
        from .. import ndarray
        return getattr(ndarray, name)
    raise AttributeError("module %r has no attribute %r" % (__name__, name))


def set_is_training(is_train):
    """Set training and recording state together; returns the previous training state."""
    prev = _ag.set_training(is_train)
    _ag.set_recording(is_train)
    return prev


def set_is_recording(is_recording):
    """Set recording state; returns the previous one."""
    return _ag.set_recording(is_recording)


def train_section():
    """Scope that records in training mode (``with train_section(): ...``)."""
    return TrainingStateScope(True)


def test_section():
    """Scope that neither records nor trains."""
    return TrainingStateScope(False)


def backward(outputs, out_grads=None, retain_graph=False):
    """Compute gradients of ``outputs`` into the marked variables' buffers."""
    _ag.backward(outputs, out_grads, retain_graph)


def compute_gradient(outputs):
    """Deprecated name of ``backward(outputs)``."""
    backward(outputs)


def grad_and_loss(func, argnum=None):
    """Wrap ``func`` to return ``(gradients, loss)`` for its array arguments.

    Parameters
    ----------
    func : callable
        Returns the loss NDArray.
    argnum : int or list of int, optional
        Which positional arguments to differentiate (all by default).
    """
    from ..ndarray import NDArray, zeros

    @functools.wraps(func)
    def wrapped(*args):
        variables = args
        if argnum is not None:
            nums = [argnum] if isinstance(argnum, int) else argnum
            variables = [args[i] for i in nums]
        for x in variables:
            if not isinstance(x, NDArray):
                raise TypeError("type of autograd input should be NDArray")
        grads = [zeros(x.shape, ctx=x.context, dtype=x.dtype) for x in variables]
        mark_variables(variables, grads)
        with train_section():
            outputs = func(*args)
        backward([outputs] if isinstance(outputs, NDArray) else outputs)
        return grads, outputs
    return wrapped


def grad(func, argnum=None):
    """Wrap ``func`` to return only the gradients of its array arguments."""
    g_and_l = grad_and_loss(func, argnum)

    @functools.wraps(func)
    def wrapped(*args):
        return g_and_l(*args)[0]
    return wrapped
