"""``mxnet.ndarray.utils``: creation and (de)serialisation functions by storage type.

MXNet dispatches these on ``stype``: ``zeros``/``empty`` with a sparse ``stype`` and
``array`` of a sparse source give sparse arrays (``mx.nd.sparse``).
"""
from .ndarray import array as _dense_array
# zeros and empty take ``stype`` themselves
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
    return _dense_array(source_array, ctx=ctx, dtype=dtype)  # sparse sources stay sparse
