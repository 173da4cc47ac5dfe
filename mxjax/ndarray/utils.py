"""``mxnet.ndarray.utils``: creation and (de)serialisation functions by storage type.

MXNet dispatches these on ``stype``; mxjax stores every array dense, so each is the
dense function and a sparse ``stype`` raises MXNetError.
"""
from ..base import MXNetError
from .ndarray import array as _dense_array, zeros as _dense_zeros, empty as _dense_empty
from .ndarray import _dense_only
from .serialization import load, load_frombuffer, save

__all__ = ["zeros", "empty", "array", "load", "load_frombuffer", "save"]


def zeros(shape, ctx=None, dtype=None, stype=None, **kwargs):
    """An array of zeros (dense only).

    Parameters
    ----------
    shape : int or tuple of int
    ctx : Context, optional
    dtype : str or numpy dtype, default float32
    stype : str, optional
        ``'default'``; a sparse storage type raises MXNetError.
    """
    _dense_only("zeros", stype)
    return _dense_zeros(shape, ctx=ctx, dtype=dtype, **kwargs)


def empty(shape, ctx=None, dtype=None, stype=None):
    """An uninitialised array (dense only; zeros in mxjax).

    Parameters
    ----------
    shape : int or tuple of int
    ctx : Context, optional
    dtype : str or numpy dtype, default float32
    stype : str, optional
        ``'default'``; a sparse storage type raises MXNetError.
    """
    _dense_only("empty", stype)
    return _dense_empty(shape, ctx=ctx, dtype=dtype)


def array(source_array, ctx=None, dtype=None):
    """An array copied from ``source_array`` (array_like or NDArray).

    Parameters
    ----------
    source_array : array_like or NDArray
    ctx : Context, optional
    dtype : str or numpy dtype, optional
    """
    if getattr(source_array, "stype", "default") != "default":
        raise MXNetError("array: sparse source arrays are not supported by mxjax")
    return _dense_array(source_array, ctx=ctx, dtype=dtype)
