"""``mx.nd.sparse``: MXNet 1.9.1's sparse-storage names.  mxjax stores arrays dense only.

The module exists so that code importing ``mxnet.ndarray.sparse`` (or naming its
classes in ``isinstance`` checks) loads; every request for sparse storage
(``csr_matrix``, ``row_sparse_array``, ``zeros``/``empty``/``array`` with a sparse
``stype``, ``cast_storage`` to a sparse type) raises :class:`SparseNotSupportedError`
(an MXNetError) naming the function and storage type, never returning a dense array
in its place.  With ``stype='default'`` ``zeros``/``empty``/``array`` give ordinary
dense NDArrays, as in MXNet.
"""
from ..base import MXNetError
from .ndarray import NDArray
from . import ndarray as _dense

__all__ = ["BaseSparseNDArray", "CSRNDArray", "RowSparseNDArray", "SparseNotSupportedError",
           "csr_matrix", "row_sparse_array", "zeros", "empty", "array", "cast_storage"]


class SparseNotSupportedError(MXNetError, NotImplementedError):
    """Sparse storage was requested; mxjax has dense arrays only."""


def _refuse(fname, stype):
    raise SparseNotSupportedError(
        "%s: storage type %r is not supported by mxjax (dense arrays only, "
        "stype='default'); use a dense NDArray instead" % (fname, stype))


class BaseSparseNDArray(NDArray):
    """MXNet's base class of sparse arrays.  No mxjax array is an instance of it."""

    __slots__ = ()

    def __init__(self, *args, **kwargs):  # noqa: D107 - refuses construction
        _refuse(type(self).__name__, getattr(type(self), "_stype", "sparse"))


class CSRNDArray(BaseSparseNDArray):
    """MXNet's compressed-sparse-row array (not supported: construction raises)."""

    __slots__ = ()
    _stype = "csr"


class RowSparseNDArray(BaseSparseNDArray):
    """MXNet's row-sparse array (not supported: construction raises)."""

    __slots__ = ()
    _stype = "row_sparse"


def csr_matrix(arg1, shape=None, ctx=None, dtype=None):
    """A CSRNDArray in MXNet; raises SparseNotSupportedError in mxjax.

    Parameters
    ----------
    arg1 : array-like or tuple
    shape, ctx, dtype : optional
    """
    _refuse("csr_matrix", "csr")


def row_sparse_array(arg1, shape=None, ctx=None, dtype=None):
    """A RowSparseNDArray in MXNet; raises SparseNotSupportedError in mxjax.

    Parameters
    ----------
    arg1 : array-like or tuple
    shape, ctx, dtype : optional
    """
    _refuse("row_sparse_array", "row_sparse")


def zeros(stype, shape, ctx=None, dtype=None, **kwargs):
    """Zeros of storage type ``stype``: dense for ``'default'``, else SparseNotSupportedError.

    Parameters
    ----------
    stype : str
    shape : int or tuple of int
    ctx : Context, optional
    dtype : optional
    """
    if stype != "default":
        _refuse("zeros", stype)
    return _dense.zeros(shape, ctx=ctx, dtype=dtype, **kwargs)


def empty(stype, shape, ctx=None, dtype=None):
    """An uninitialised array of storage type ``stype`` (dense only).

    Parameters
    ----------
    stype : str
    shape : int or tuple of int
    ctx : Context, optional
    dtype : optional
    """
    if stype != "default":
        _refuse("empty", stype)
    return _dense.empty(shape, ctx=ctx, dtype=dtype)


def array(source_array, ctx=None, dtype=None):
    """A sparse array from ``source_array`` in MXNet; mxjax raises SparseNotSupportedError.

    Parameters
    ----------
    source_array : array-like
    ctx : Context, optional
    dtype : optional
    """
    stype = getattr(source_array, "stype", None) or type(source_array).__name__
    _refuse("array", stype)


def cast_storage(data, stype, out=None, name=None, **kwargs):
    """``data`` in storage type ``stype``: a dense copy for ``'default'``, else raises.

    Parameters
    ----------
    data : NDArray
    stype : str
    """
    if stype != "default":
        _refuse("cast_storage", stype)
    result = data.copy()
    if out is not None:
        out[:] = result
        return out
    return result
