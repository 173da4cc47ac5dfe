"""Matrix products: dot, batch_dot."""
import jax.numpy as jnp

from ...base import MXNetError, shape_str
from ..registry import register
from ._util import same_dtype


@register("dot")
def dot(lhs, rhs, *, transpose_a=False, transpose_b=False, forward_stype=None):
    """Dot product: the last axis of ``lhs`` with the first axis of ``rhs``.

    ``transpose_a``/``transpose_b`` reverse the axes of an operand first.
    """
    same_dtype("dot", lhs, rhs)
    if lhs.ndim == 1 and rhs.ndim == 1 and (transpose_a or transpose_b):
        raise MXNetError("Operator dot: cannot transpose vectors (shapes %s and %s)"
                         % (shape_str(lhs.shape), shape_str(rhs.shape)))
    a = jnp.transpose(lhs) if transpose_a else lhs
    b = jnp.transpose(rhs) if transpose_b else rhs
    if a.ndim == 0 or b.ndim == 0:
        return a * b
    if a.shape[-1] != b.shape[0]:
        raise MXNetError("Operator dot: shapes %s and %s are not aligned (transpose_a=%s, "
                         "transpose_b=%s)" % (shape_str(lhs.shape), shape_str(rhs.shape),
                                               transpose_a, transpose_b))
    out = jnp.tensordot(a, b, axes=1)
    return out.reshape((1,)) if out.ndim == 0 else out  # legacy nd: (1,), not ()


@register("batch_dot")
def batch_dot(lhs, rhs, *, transpose_a=False, transpose_b=False, forward_stype=None):
    """Batched matrix product of (B, M, K) and (B, K, N) arrays."""
    same_dtype("batch_dot", lhs, rhs)
    a = jnp.swapaxes(lhs, -1, -2) if transpose_a else lhs
    b = jnp.swapaxes(rhs, -1, -2) if transpose_b else rhs
    if a.ndim < 3 or b.ndim < 3 or a.shape[:-2] != b.shape[:-2] or a.shape[-1] != b.shape[-2]:
        raise MXNetError("Operator batch_dot: shapes %s and %s do not fit (transpose_a=%s, "
                         "transpose_b=%s)" % (shape_str(lhs.shape), shape_str(rhs.shape),
                                               transpose_a, transpose_b))
    return jnp.matmul(a, b)
