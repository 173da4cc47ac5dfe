"""``mx.util``: MXNet's NumPy-mode switches (one source of truth for ``mx.npx`` too).

``set_np()`` turns on NumPy shape semantics (zero-dim and zero-size arrays) and
NumPy array semantics (Gluon blocks and parameters use ``mx.np.ndarray``).
"""
import functools
import inspect
import os
import threading

__all__ = ["is_np_shape", "set_np_shape", "np_shape", "use_np_shape",
           "is_np_array", "set_np_array", "np_array", "use_np_array",
           "use_np", "set_np", "reset_np", "is_np_default_dtype", "set_np_default_dtype",
           "getenv", "setenv",
           # what ``from mxnet.util import *`` also gives in MXNet (modules it imports)
           "functools", "inspect", "threading"]


class _NpState(threading.local):
    def __init__(self):
        super().__init__()
        self.shape = False
        self.array = False
        self.default_dtype = False


_np = _NpState()
_global_np_shape = [False]  # set_np_shape(2): on in every thread


def is_np_shape():
    """Whether NumPy shape semantics are on (``set_np_shape(True)`` / ``set_np()``)."""
    return _global_np_shape[0] or _np.shape


def np_shape_is_global():
    """Whether NumPy shape semantics are on in every thread (``set_np_shape(2)``, MXNet's
    global mode, as ``npx.set_np()`` sets)."""
    return _global_np_shape[0]


def set_np_shape(active):
    """Turn NumPy shape semantics on or off; returns the previous state.

    Parameters
    ----------
    active : bool or int
        False/0: off (in this thread and globally); True/1: on in this thread;
        2: on in every thread (MXNet's global mode).
    """
    prev = is_np_shape()
    _global_np_shape[0] = active == 2 and not isinstance(active, bool)
    _np.shape = bool(active)
    return prev


def is_np_array():
    """Whether NumPy array semantics are on (``set_np()``)."""
    return _np.array


def set_np_array(active):
    """Turn NumPy array semantics on or off; returns the previous state."""
    prev, _np.array = _np.array, bool(active)
    return prev


def is_np_default_dtype():
    """Whether creation functions default to float64 as NumPy does (MXNet: False)."""
    return _np.default_dtype


def set_np_default_dtype(is_np_default_dtype=True):  # pylint: disable=redefined-outer-name
    """Make creation functions default to float64 (True) or float32 (False).

    Returns the previous state.
    """
    prev, _np.default_dtype = _np.default_dtype, bool(is_np_default_dtype)
    return prev


class _Scope:
    """A context manager (and decorator) that sets a switch and restores it."""

    def __init__(self, setter, active):
        self._setter = setter
        self._active = active
        self._prev = None

    def __enter__(self):
        self._prev = self._setter(self._active)
        return self

    def __exit__(self, *exc):
        self._setter(self._prev)
        return False

    def __call__(self, func):
        @functools.wraps(func)
        def wrapped(*args, **kwargs):
            with _Scope(self._setter, self._active):
                return func(*args, **kwargs)
        return wrapped


class _NumpyArrayScope:
    """A scope with NumPy array semantics ``is_np_array`` (use :func:`np_array`)."""

    def __init__(self, is_np_array):  # pylint: disable=redefined-outer-name
        self._is_np_array = is_np_array
        self._prev = None

    def __enter__(self):
        self._prev = set_np_array(self._is_np_array)
        return self

    def __exit__(self, *exc):
        set_np_array(self._prev)
        return False


class _NumpyShapeScope:
    """A scope with NumPy shape semantics ``is_np_shape`` (use :func:`np_shape`)."""

    def __init__(self, is_np_shape):  # pylint: disable=redefined-outer-name
        self._enter_is_np_shape = is_np_shape
        self._prev = None

    def __enter__(self):
        if self._enter_is_np_shape is not None:
            self._prev = set_np_shape(self._enter_is_np_shape)
        return self

    def __exit__(self, *exc):
        if self._enter_is_np_shape is not None:
            set_np_shape(self._prev)
        return False


def getenv(name):
    """The value of environment variable ``name``, or None when it is not set.

    Parameters
    ----------
    name : str
    """
    return os.environ.get(name)


def setenv(name, value):
    """Set environment variable ``name`` to ``value`` (None unsets it).

    Parameters
    ----------
    name : str
    value : str or None
    """
    if value is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = str(value)


def np_shape(active=True):
    """A scope with NumPy shape semantics ``active``."""
    return _Scope(set_np_shape, active)


def np_array(active=True):
    """A scope with NumPy array semantics ``active``."""
    return _Scope(set_np_array, active)


def _wrap_in(scope_factory, func):
    if inspect.isclass(func):
        for name, member in list(vars(func).items()):
            if inspect.isfunction(member):
                setattr(func, name, _wrap_in(scope_factory, member))
            elif isinstance(member, property):
                setattr(func, name, property(
                    None if member.fget is None else _wrap_in(scope_factory, member.fget),
                    None if member.fset is None else _wrap_in(scope_factory, member.fset),
                    member.fdel, member.__doc__))
        return func
    if callable(func):
        @functools.wraps(func)
        def wrapped(*args, **kwargs):
            with scope_factory():
                return func(*args, **kwargs)
        return wrapped
    raise TypeError("use_np* decorators take a function or a class, got %s"
                    % type(func).__name__)


def use_np_shape(func):
    """Run ``func`` (a function, or every method of a class) with NumPy shape semantics."""
    return _wrap_in(lambda: np_shape(True), func)


def use_np_array(func):
    """Run ``func`` (a function, or every method of a class) with NumPy array semantics."""
    return _wrap_in(lambda: np_array(True), func)


class _Both:
    def __enter__(self):
        self._prev = (set_np_shape(True), set_np_array(True))
        return self

    def __exit__(self, *exc):
        set_np_shape(self._prev[0])
        set_np_array(self._prev[1])
        return False


def use_np(func):
    """Run ``func`` (a function, or every method of a class) with NumPy shape and
    array semantics, as ``mx.util.use_np``."""
    return _wrap_in(_Both, func)


def set_np(shape=True, array=True, dtype=False):
    """Turn on NumPy shape and array semantics (MXNet: ``npx.set_np()``).

    Parameters
    ----------
    shape : bool, default True
    array : bool, default True
        Requires ``shape=True`` (as MXNet).
    dtype : bool, default False
        Creation functions default to float64 when True.
    """
    from .base import MXNetError
    if not shape and array:
        raise MXNetError("NumPy Shape semantics is required in using NumPy array "
                         "semantics: set_np(shape=False, array=True) is not allowed.")
    set_np_shape(shape)
    set_np_array(array)
    set_np_default_dtype(dtype)


def reset_np():
    """Turn NumPy shape, array and default-dtype semantics off."""
    set_np(shape=False, array=False, dtype=False)


def get_gpu_count():
    """The number of GPUs (accelerators) visible, as :func:`mxjax.context.num_gpus`.

    Returns
    -------
    int
    """
    from .context import num_gpus
    return num_gpus()


def get_gpu_memory(gpu_dev_id):
    """``(free, total)`` memory of GPU ``gpu_dev_id`` in bytes, from JAX's device
    memory statistics.

    Parameters
    ----------
    gpu_dev_id : int

    Returns
    -------
    (int, int)
    """
    from .base import MXNetError
    from .context import gpu, jax_device
    stats = jax_device(gpu(gpu_dev_id)).memory_stats() or {}
    total = stats.get("bytes_limit")
    if total is None:
        raise MXNetError("get_gpu_memory: device %d reports no memory statistics" % gpu_dev_id)
    return int(total - stats.get("bytes_in_use", 0)), int(total)
