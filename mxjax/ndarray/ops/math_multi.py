"""Operators over several arrays: khatri_rao, multi_sum_sq, all_finite, multi_all_finite.

None of them has a gradient in MXNet 1.9.1 (``backward`` through them is an error).
"""
import numpy as np
import jax.numpy as jnp

from ...base import MXNetError, shape_str
from ..registry import register
from .math_util import require_float


def _uniform_dtype(name, arrays):
    first = np.dtype(arrays[0].dtype)
    for i, a in enumerate(arrays[1:], 1):
        if np.dtype(a.dtype) != first:
            raise MXNetError("Operator %s requires one dtype for all inputs: input 0 is %s "
                             "but input %d is %s" % (name, first.name, i,
                                                     np.dtype(a.dtype).name))


def _count(name, arrays, num_arrays):
    if len(arrays) != int(num_arrays):
        raise MXNetError("Operator %s expects %d inputs (num_arrays), but got %d instead"
                         % (name, int(num_arrays), len(arrays)))


@register("khatri_rao", differentiable=False)
def khatri_rao(*args):
    """Column-wise Khatri-Rao product of matrices with the same number of columns.

    Parameters
    ----------
    *args : NDArray
        2-D arrays ``(m_i, k)`` of float32 or float64.

    Returns
    -------
    NDArray
        Shape ``(prod(m_i), k)``: row ``i * m_2 + j`` is ``A[i] * B[j]``.
    """
    if not args:
        raise MXNetError("Operator khatri_rao needs at least one input")
    _uniform_dtype("khatri_rao", args)
    if np.dtype(args[0].dtype) not in (np.float32, np.float64):
        raise MXNetError("Operator khatri_rao: not implemented for %s"
                         % np.dtype(args[0].dtype).name)
    for i, a in enumerate(args):
        if a.ndim != 2:
            raise MXNetError("Operator khatri_rao: input %d has shape %s, expected a matrix"
                             % (i, shape_str(a.shape)))
        if a.shape[1] != args[0].shape[1]:
            raise MXNetError("Operator khatri_rao: input %d has %d columns but input 0 has %d "
                             "(shapes %s, %s)" % (i, a.shape[1], args[0].shape[1],
                                                  shape_str(a.shape), shape_str(args[0].shape)))
    out = args[0]
    for b in args[1:]:
        out = (out[:, None, :] * b[None, :, :]).reshape(-1, out.shape[1])
    return out


@register("multi_sum_sq", differentiable=False)
def multi_sum_sq(*data, num_arrays=1):
    """Sum of squares of each input, as a float32 vector of length ``num_arrays``.

    Parameters
    ----------
    *data : NDArray
        Floating-point arrays of one dtype.
    num_arrays : int
        Number of inputs.
    """
    _count("multi_sum_sq", data, num_arrays)
    _uniform_dtype("multi_sum_sq", data)
    require_float("multi_sum_sq", data[0])
    return jnp.stack([jnp.sum(jnp.square(a.astype(jnp.float32))) for a in data])


@register("all_finite", differentiable=False)
def all_finite(data, *, init_output=True):
    """1.0 (float32, shape (1,)) when every element is finite, else 0.0.

    Parameters
    ----------
    data : NDArray
        A floating-point array.
    init_output : bool, default True
        MXNet leaves the output unset when False and all is finite; mxjax gives 1.0.
    """
    require_float("all_finite", data)
    return jnp.all(jnp.isfinite(data)).astype(jnp.float32).reshape((1,))


@register("multi_all_finite", differentiable=False)
def multi_all_finite(*data, num_arrays=1, init_output=True):
    """1.0 (float32, shape (1,)) when every element of every input is finite, else 0.0.

    Parameters
    ----------
    *data : NDArray
        Floating-point arrays of one dtype.
    num_arrays : int, default 1
    init_output : bool, default True
    """
    _count("multi_all_finite", data, num_arrays)
    _uniform_dtype("multi_all_finite", data)
    require_float("multi_all_finite", data[0])
    ok = jnp.asarray(True)
    for a in data:
        ok = ok & jnp.all(jnp.isfinite(a))
    return ok.astype(jnp.float32).reshape((1,))
