"""Helpers shared by operator definitions (dtype checks, axes, scalars)."""
import numpy as np
import jax.numpy as jnp
from jax import lax

from ...base import MXNetError, shape_str


def same_dtype(name, *arrays):
    """Raise MXNetError unless all arrays share one dtype (MXNet does not promote)."""
    first = arrays[0].dtype
    for i, a in enumerate(arrays[1:], 1):
        if a.dtype != first:
            raise MXNetError("Operator %s: incompatible dtypes, input 0 is %s but input %d "
                             "is %s" % (name, np.dtype(first).name, i, np.dtype(a.dtype).name))


def same_shape(name, *arrays):
    """Raise MXNetError unless all arrays share one shape."""
    first = arrays[0].shape
    for i, a in enumerate(arrays[1:], 1):
        if a.shape != first:
            raise MXNetError("Operator %s: incompatible shapes, input 0 is %s but input %d "
                             "is %s" % (name, shape_str(first), i, shape_str(a.shape)))


def broadcast_shapes(name, a, b):
    """Check two shapes broadcast as MXNet's broadcast_* ops do."""
    sa, sb = a.shape, b.shape
    n = max(len(sa), len(sb))
    pa = (1,) * (n - len(sa)) + tuple(sa)
    pb = (1,) * (n - len(sb)) + tuple(sb)
    for x, y in zip(pa, pb):
        if x != y and x != 1 and y != 1:
            raise MXNetError("Operator %s: operands could not be broadcast together with "
                             "shapes %s %s" % (name, shape_str(sa), shape_str(sb)))


def scalar_like(scalar, x):
    """The scalar cast to ``x``'s dtype (MXNet casts scalars to the array dtype)."""
    return jnp.asarray(scalar, dtype=x.dtype) if not isinstance(scalar, jnp.ndarray) \
        else scalar.astype(x.dtype)


def is_int(x):
    return jnp.issubdtype(x.dtype, jnp.integer) or x.dtype == jnp.bool_


def divide(a, b):
    """Division in the operands' dtype (integers truncate, as MXNet)."""
    if is_int(a):
        return lax.div(a, b)
    return a / b


def count_elements(shape, axes):
    """How many elements of an array of ``shape`` one reduction over ``axes`` takes."""
    n = 1
    for i in axes:
        n *= shape[i]
    return n


def mod(a, b):
    """MXNet's mod: the sign of the divisor, and 0 where the divisor is 0."""
    zero = b == 0
    safe = jnp.where(zero, jnp.ones_like(b), b)
    r = jnp.mod(a, safe)
    return jnp.where(zero, jnp.zeros_like(r), r)


def norm_axis(axis, ndim, name="axis"):
    """Normalise an MXNet axis argument (None, int or tuple) to a tuple of ints."""
    if axis is None or axis == ():
        return None
    if isinstance(axis, (int, np.integer)):
        axis = (int(axis),)
    out = []
    for a in axis:
        a = int(a)
        if a < -ndim or a >= ndim:
            raise MXNetError("%s %d is out of range for an array of %d dimensions"
                             % (name, a, ndim))
        out.append(a % ndim if ndim else 0)
    return tuple(out)


def reduce_axes(axis, ndim, exclude=False):
    """The axes a reduction runs over, with MXNet's ``exclude``."""
    axes = norm_axis(axis, ndim)
    if axes is None:
        return tuple(range(ndim))
    if exclude:
        return tuple(i for i in range(ndim) if i not in axes)
    return axes


def finish_reduce(out, keepdims, axes, ndim):
    """Legacy nd reductions over every axis return shape (1,), not ()."""
    if not keepdims and out.ndim == 0:
        return out.reshape((1,))
    return out
