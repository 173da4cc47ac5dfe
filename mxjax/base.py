"""Errors, dtype rules and small shared helpers.

This module knows nothing about arrays; every other layer may import it.
"""
import os
import platform

import numpy as np
import jax

# MXNet 1.x has real float64/int64 arrays; JAX needs x64 mode for them.
jax.config.update("jax_enable_x64", True)

__all__ = ["MXNetError", "NotImplementedForSymbol", "np_dtype", "dtype_name", "numeric_types",
           "integer_types", "string_types", "_Null", "py_str", "c_str", "c_str_array",
           "data_dir", "data_dir_default"]


class MXNetError(RuntimeError):
    """Error raised by mxjax for anything a user did wrong (as MXNet's ``MXNetError``)."""


class NotImplementedForSymbol(MXNetError):
    """A function that exists for NDArray only was called with Symbols.

    Parameters
    ----------
    function : callable
        The function called.
    alias : str or None
        The operator name it stands for.
    *args
        The arguments given (their types are reported).
    """

    def __init__(self, function, alias=None, *args):
        super().__init__()
        self.function = getattr(function, "__name__", str(function))
        self.alias = alias
        self.args = [str(type(a)) for a in args]

    def __str__(self):
        msg = "Function {}".format(self.function)
        if self.alias:
            msg += ' (namely operator "{}")'.format(self.alias)
        if self.args:
            msg += " with arguments ({})".format(", ".join(self.args))
        return msg + " is not implemented for Symbol and only available in NDArray."


def py_str(value):
    """A Python ``str`` from bytes (UTF-8) or str, as MXNet's ``base.py_str``."""
    return value.decode("utf-8") if isinstance(value, (bytes, bytearray)) else str(value)


def c_str(string):
    """A ``ctypes.c_char_p`` holding ``string`` (UTF-8), as MXNet's ``base.c_str``."""
    import ctypes
    return ctypes.c_char_p(string.encode("utf-8"))


def c_str_array(strings):
    """A ``ctypes`` array of ``char *`` holding ``strings`` (UTF-8)."""
    import ctypes
    arr = (ctypes.c_char_p * len(strings))()
    arr[:] = [s.encode("utf-8") for s in strings]
    return arr


class AssertionMXNetError(MXNetError, AssertionError):
    """A check that MXNet makes with ``assert``: both an MXNetError and an AssertionError."""


class DTypeError(MXNetError, TypeError):
    """An unknown dtype (MXNet raises NumPy's ``TypeError`` for it)."""


class _NullType:
    """Placeholder for an argument that was not given (MXNet's ``_Null``)."""

    def __repr__(self):
        return "_Null"

    def __bool__(self):
        return False


_Null = _NullType()

numeric_types = (float, int, np.generic)
integer_types = (int, np.integer)
string_types = (str,)
mx_real_t = np.float32  # MXNet's default real type

# MXNet's storage-type ids (``mxnet.ndarray.ndarray._STORAGE_TYPE_STR_TO_ID``; the
# ``__storage_type__`` attribute of a symbol variable).
_STORAGE_TYPE_STR_TO_ID = {"undefined": -1, "default": 0, "row_sparse": 1, "csr": 2}
_STORAGE_TYPE_ID_TO_STR = {v: k for k, v in _STORAGE_TYPE_STR_TO_ID.items()}

_DTYPE_ALIASES = {
    "float16": np.float16, "float32": np.float32, "float64": np.float64,
    "uint8": np.uint8, "int8": np.int8, "int32": np.int32, "int64": np.int64,
    "bool": np.bool_, "bool_": np.bool_, "int16": np.int16, "uint16": np.uint16,
    "uint32": np.uint32, "uint64": np.uint64,
}
try:  # bfloat16 comes with JAX's ml_dtypes
    import ml_dtypes
    _DTYPE_ALIASES["bfloat16"] = ml_dtypes.bfloat16
except ImportError:  # pragma: no cover
    pass


def np_dtype(dtype, default=np.float32):
    """Normalise anything MXNet accepts as a dtype to a ``numpy.dtype``.

    Parameters
    ----------
    dtype : str, numpy dtype, type or None
        ``None`` (or ``_Null``) gives ``default``.

    Raises
    ------
    MXNetError
        When ``dtype`` names no dtype that MXNet supports.
    """
    if dtype is None or dtype is _Null:
        return np.dtype(default)
    if isinstance(dtype, np.dtype):
        return dtype
    if isinstance(dtype, str):
        found = _DTYPE_ALIASES.get(dtype)
        if found is None:
            raise DTypeError("Unknown dtype %r: expected one of %s"
                             % (dtype, ", ".join(sorted(_DTYPE_ALIASES))))
        return np.dtype(found)
    try:
        return np.dtype(dtype)
    except TypeError as err:
        raise DTypeError("Unknown dtype %r (%s)" % (dtype, err)) from None


def dtype_name(dtype):
    """The MXNet name of a dtype, e.g. ``'float32'``."""
    return np.dtype(dtype).name


def shape_str(shape):
    """A shape printed as MXNet prints it in messages: ``(2,3)``."""
    return "(" + ",".join(str(int(s)) for s in shape) + ")"


def _as_list(obj):
    """``obj`` itself when it is a list or tuple, else ``[obj]`` (MXNet's ``base._as_list``)."""
    if isinstance(obj, (list, tuple)):
        return obj
    return [obj]


def data_dir_default():
    """The default data directory: ``%APPDATA%/mxnet`` on Windows, else ``~/.mxnet``."""
    if platform.system() == "Windows":
        return os.path.join(os.environ.get("APPDATA", "~"), "mxnet")
    return os.path.join(os.path.expanduser("~"), ".mxnet")


def data_dir():
    """The data directory (``$MXNET_HOME`` when set, else :func:`data_dir_default`), where
    model files and datasets are looked for."""
    return os.getenv("MXNET_HOME", data_dir_default())
