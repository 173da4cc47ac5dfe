"""The components of MXNet's sparse storage types, as pure functions on arrays.

``row_sparse``: ``data`` of shape ``(k,) + shape[1:]`` holding rows ``indices``
(``(k,)``, int64, strictly ascending) of an array of ``shape``; the other rows are zero.
``csr`` (2-d only): ``data`` (nnz,), column ``indices`` (nnz,, int64) and ``indptr``
(rows + 1,, int64): row ``i``'s entries are ``data[indptr[i]:indptr[i+1]]``.

Dense values are ``jax.Array``; the components derived from a dense value need its
nonzero pattern, so those functions read the value on the host (as MXNet's
``cast_storage`` synchronises).
"""
import numpy as np
import jax
import jax.numpy as jnp

from ..base import MXNetError, shape_str

__all__ = ["AUX_DTYPE", "rsp_from_dense", "csr_from_dense", "rsp_to_dense", "csr_to_dense",
           "check_rsp", "check_csr"]

AUX_DTYPE = np.int64  # MXNet's index type of both storage types


def rsp_from_dense(dense, rows=None):
    """``(data, indices)`` of ``dense`` in row_sparse storage.

    Parameters
    ----------
    dense : jax.Array
    rows : array-like of int, optional
        The rows to store (sorted, unique); default every row with a nonzero element.
    """
    if rows is None:
        host = np.asarray(dense)
        nz = host.reshape(host.shape[0], -1) != 0 if host.ndim else host != 0
        rows = np.nonzero(nz.any(axis=1))[0] if host.ndim else np.zeros((0,))
    rows = np.asarray(rows, dtype=AUX_DTYPE)
    data = jnp.take(dense, jnp.asarray(rows), axis=0) if len(rows) else \
        jnp.zeros((0,) + tuple(dense.shape[1:]), dense.dtype)
    return data, jnp.asarray(rows, dtype=AUX_DTYPE)


def csr_from_dense(dense):
    """``(data, indices, indptr)`` of the 2-d ``dense`` in csr storage (its nonzeros)."""
    host = np.asarray(dense)
    if host.ndim != 2:
        raise MXNetError("csr storage needs a 2-d array, got shape %s" % shape_str(host.shape))
    r, c = np.nonzero(host)
    indptr = np.zeros(host.shape[0] + 1, dtype=AUX_DTYPE)
    np.cumsum(np.bincount(r, minlength=host.shape[0]), out=indptr[1:])
    data = host[r, c]
    return (jnp.asarray(data, dtype=dense.dtype), jnp.asarray(c, dtype=AUX_DTYPE),
            jnp.asarray(indptr))


def rsp_to_dense(data, indices, shape):
    """The dense array of shape ``shape`` whose rows ``indices`` are ``data``."""
    out = jnp.zeros(tuple(shape), data.dtype)
    if indices.shape[0] == 0:
        return out
    return out.at[indices].set(data)


def csr_to_dense(data, indices, indptr, shape):
    """The dense 2-d array of the csr components."""
    out = jnp.zeros(tuple(shape), data.dtype)
    if data.shape[0] == 0:
        return out
    counts = np.diff(np.asarray(indptr))
    rows = np.repeat(np.arange(len(counts)), counts)
    return out.at[jnp.asarray(rows), indices].set(data)


def check_rsp(data, indices, shape, full_check=True):
    """Raise MXNetError unless the row_sparse components are consistent."""
    if data.shape[0] != indices.shape[0] or tuple(data.shape[1:]) != tuple(shape[1:]):
        raise MXNetError("row_sparse: data of shape %s does not fit indices of shape %s in "
                         "an array of shape %s" % (shape_str(data.shape),
                                                   shape_str(indices.shape), shape_str(shape)))
    if full_check and indices.shape[0]:
        idx = np.asarray(indices)
        if (np.diff(idx) <= 0).any():
            raise MXNetError("row_sparse: indices %s are not sorted in ascending order "
                             "(or repeat)" % idx.tolist())
        if idx[0] < 0 or idx[-1] >= shape[0]:
            raise MXNetError("row_sparse: indices out of bound: %s for %d rows"
                             % (idx.tolist(), shape[0]))


def check_csr(data, indices, indptr, shape, full_check=True):
    """Raise MXNetError unless the csr components are consistent."""
    if len(shape) != 2:
        raise MXNetError("csr: shape %s is not 2-d" % shape_str(shape))
    if indptr.shape[0] != shape[0] + 1:
        raise MXNetError("csr: indptr has %d entries; an array of shape %s needs %d"
                         % (indptr.shape[0], shape_str(shape), shape[0] + 1))
    if data.shape[0] != indices.shape[0]:
        raise MXNetError("csr: data (%d) and indices (%d) differ in length"
                         % (data.shape[0], indices.shape[0]))
    if not full_check:
        return
    ptr = np.asarray(indptr)
    idx = np.asarray(indices)
    if ptr[0] != 0 or (np.diff(ptr) < 0).any() or ptr[-1] != idx.shape[0]:
        raise MXNetError("csr: indptr %s must start at 0, never decrease and end at nnz=%d"
                         % (ptr.tolist(), idx.shape[0]))
    if idx.shape[0] and (idx.min() < 0 or idx.max() >= shape[1]):
        raise MXNetError("csr: column indices out of bound for %d columns" % shape[1])
    for i in range(shape[0]):
        if (np.diff(idx[ptr[i]:ptr[i + 1]]) <= 0).any():
            raise MXNetError("csr: the column indices of row %d are not sorted in ascending "
                             "order (or repeat)" % i)


def on_device(value, device):
    """``value`` committed to ``device``."""
    return jax.device_put(value, device)
