"""Reductions: sum, mean, prod, max, min, norm and their nan-forms; argmax/argmin."""
import jax
import jax.numpy as jnp

from ...base import MXNetError
from ..registry import register
from ._util import reduce_axes, finish_reduce, is_int


def _reduce(f, data, axis, keepdims, exclude):
    axes = reduce_axes(axis, data.ndim, exclude)
    out = f(data, axes)
    if keepdims:
        out = jnp.expand_dims(out, axes) if axes else out
    return finish_reduce(out, keepdims, axes, data.ndim)


@register("sum", aliases=("sum_axis", "_sum_axis"))
def sum_(data, *, axis=None, keepdims=False, exclude=False):
    """Sum over ``axis`` (all axes by default; ``exclude`` inverts the set)."""
    return _reduce(lambda x, a: jnp.sum(x, axis=a, dtype=x.dtype), data, axis, keepdims, exclude)


@register("nansum")
def nansum(data, *, axis=None, keepdims=False, exclude=False):
    """Sum treating NaN as zero."""
    return _reduce(lambda x, a: jnp.nansum(x, axis=a, dtype=x.dtype), data, axis, keepdims,
                   exclude)


@register("mean")
def mean(data, *, axis=None, keepdims=False, exclude=False):
    """Mean over ``axis``; integer inputs give an integer (truncated) mean, as MXNet."""
    def f(x, a):
        if is_int(x):
            n = 1
            for i in a:
                n *= x.shape[i]
            return (jnp.sum(x, axis=a, dtype=x.dtype) // max(n, 1)).astype(x.dtype)
        return jnp.mean(x, axis=a, dtype=x.dtype)
    return _reduce(f, data, axis, keepdims, exclude)


@register("prod")
def prod(data, *, axis=None, keepdims=False, exclude=False):
    """Product over ``axis``."""
    return _reduce(lambda x, a: jnp.prod(x, axis=a, dtype=x.dtype), data, axis, keepdims,
                   exclude)


@register("nanprod")
def nanprod(data, *, axis=None, keepdims=False, exclude=False):
    """Product treating NaN as one."""
    return _reduce(lambda x, a: jnp.nanprod(x, axis=a, dtype=x.dtype), data, axis, keepdims,
                   exclude)


def _with_static_axes(fn):
    def make(axes):
        @jax.custom_vjp
        def red(x):
            return fn(x, axis=axes)

        def fwd(x):
            y = fn(x, axis=axes)
            return y, (x, y)

        def bwd(res, g):
            x, y = res
            if jnp.issubdtype(x.dtype, jnp.integer):
                return (None,)
            yk = jnp.expand_dims(y, axes) if axes else y
            gk = jnp.expand_dims(g, axes) if axes else g
            return ((x == yk).astype(g.dtype) * gk,)

        red.defvjp(fwd, bwd)
        return red
    return lambda x, axes: make(axes)(x)


_max = _with_static_axes(jnp.max)
_min = _with_static_axes(jnp.min)


@register("max", aliases=("max_axis",))
def max_(data, *, axis=None, keepdims=False, exclude=False):
    """Maximum over ``axis``; ties all receive the gradient, as in MXNet."""
    return _reduce(_max, data, axis, keepdims, exclude)


@register("min", aliases=("min_axis",))
def min_(data, *, axis=None, keepdims=False, exclude=False):
    """Minimum over ``axis``; ties all receive the gradient, as in MXNet."""
    return _reduce(_min, data, axis, keepdims, exclude)


@register("norm")
def norm(data, *, ord=2, axis=None, out_dtype=None, keepdims=False):  # pylint: disable=redefined-builtin
    """The L1 or L2 norm over ``axis`` (all elements by default, giving shape (1,))."""
    if ord not in (1, 2):
        raise MXNetError("Operator norm: ord must be 1 or 2, got %r" % (ord,))
    axes = reduce_axes(axis, data.ndim)
    if ord == 1:
        out = jnp.sum(jnp.abs(data), axis=axes, dtype=data.dtype)
    else:
        out = jnp.sqrt(jnp.sum(jnp.square(data), axis=axes, dtype=data.dtype))
    if keepdims:
        out = jnp.expand_dims(out, axes)
    out = finish_reduce(out, keepdims, axes, data.ndim)
    if out_dtype is not None:
        out = out.astype(out_dtype)
    return out


def _arg(fn, data, axis, keepdims):
    if axis is None:
        out = fn(data.reshape(-1)).astype(data.dtype)
        return out.reshape((1,) * data.ndim) if keepdims else out.reshape((1,))
    ax = int(axis) % data.ndim if data.ndim else 0
    out = fn(data, axis=ax).astype(data.dtype)
    if keepdims:
        out = jnp.expand_dims(out, ax)
    return out


@register("argmax", differentiable=True)
def argmax(data, *, axis=None, keepdims=False):
    """Index of the maximum along ``axis``, returned in the input's dtype (as MXNet)."""
    return jax.lax.stop_gradient(_arg(jnp.argmax, data, axis, keepdims))


@register("argmin")
def argmin(data, *, axis=None, keepdims=False):
    """Index of the minimum along ``axis``, in the input's dtype."""
    return jax.lax.stop_gradient(_arg(jnp.argmin, data, axis, keepdims))


@register("argmax_channel")
def argmax_channel(data):
    """argmax over the last axis."""
    return jax.lax.stop_gradient(_arg(jnp.argmax, data, -1, False))
