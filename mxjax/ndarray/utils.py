"""``mxnet.ndarray.utils``: creation and (de)serialisation functions by storage type.

MXNet dispatches these on ``stype``; mxjax stores every array dense, so each is the
dense function and a sparse ``stype`` raises MXNetError.
"""
from ..base import MXNetError
from .ndarray import array as _dense_array
# zeros and empty take ``stype`` and refuse a sparse one themselves
from .creation import zeros, empty  # noqa: F401
from .serialization import load, load_frombuffer, save

__all__ = ["zeros", "empty", "array", "load", "load_frombuffer", "save"]


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
