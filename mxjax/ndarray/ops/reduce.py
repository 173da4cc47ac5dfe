"""Reductions: sum, mean, prod, max, min and nan-forms, norm, moments, argmax/argmin.

MXNet 1.9.1 rules: reductions accumulate in the input dtype (integers wrap, integer
mean truncates toward zero); a reduction over every axis returns shape ``(1,)``;
``axis=()`` means every axis; ``exclude=True`` reduces the axes *not* listed; max/min
give the gradient to every tied element; the gradient of prod is ``out / x`` (NaN
where x is 0, as MXNet).
"""
import numpy as np
import jax
import jax.numpy as jnp
from jax import lax

from ...base import MXNetError, shape_str
from ..registry import register
from ._util import finish_reduce, count_elements
from .math_util import is_int, c_cast, F64


def _check_axes(name, axis, shape):
    """MXNet's reduction axes as a sorted tuple; errors for out-of-range or repeated axes."""
    ndim = len(shape)
    if axis is None:
        return None
    if isinstance(axis, (int, np.integer)):
        axis = (int(axis),)
    axes = []
    for a in axis:
        a = int(a)
        if a < -ndim or a >= ndim:
            raise MXNetError("Operator %s: reduction axis %d exceeds input dimensions %s"
                             % (name, a, shape_str(shape)))
        axes.append(a % ndim)
    axes = sorted(axes)
    for i in range(1, len(axes)):
        if axes[i] == axes[i - 1]:
            raise MXNetError("Operator %s: reduction axes have duplicates %s"
                             % (name, shape_str(axes)))
    return tuple(axes)


def _axes(name, axis, shape, exclude=False):
    axes = _check_axes(name, axis, shape)
    if not axes:  # None or (): every axis
        return tuple(range(len(shape)))
    if exclude:
        return tuple(i for i in range(len(shape)) if i not in axes)
    return axes


def _reduce(name, f, data, axis, keepdims, exclude):
    axes = _axes(name, axis, data.shape, exclude)
    out = f(data, axes)
    if keepdims:
        out = jnp.expand_dims(out, axes) if axes else out
    return finish_reduce(out, keepdims, axes, data.ndim)


_RDOC = """%s

Parameters
----------
data : NDArray
axis : int or tuple of int, optional
    Axes to reduce (all by default; ``()`` also means all).
keepdims : bool, default False
    Keep reduced axes with size 1.
exclude : bool, default False
    Reduce the axes *not* in ``axis``.
"""


def _doc(text):
    def deco(fn):
        fn.__doc__ = _RDOC % text
        return fn
    return deco


@register("sum", aliases=("sum_axis",))
@_doc("Sum over ``axis``, accumulated in the input dtype.")
def sum_(data, *, axis=None, keepdims=False, exclude=False):
    return _reduce("sum", lambda x, a: jnp.sum(x, axis=a, dtype=x.dtype), data, axis,
                   keepdims, exclude)


@register("_square_sum")
@_doc("Sum of squares over ``axis`` (MXNet's ``_square_sum``, the kernel of "
      "``nd.sparse.square_sum``), accumulated in the input dtype.")
def square_sum(data, *, axis=None, keepdims=False, exclude=False):
    return _reduce("_square_sum", lambda x, a: jnp.sum(x * x, axis=a, dtype=x.dtype), data,
                   axis, keepdims, exclude)


@register("nansum")
@_doc("Sum treating NaN as zero (NaN elements get a zero gradient).")
def nansum(data, *, axis=None, keepdims=False, exclude=False):
    def f(x, a):
        if not is_int(x):
            x = jnp.where(jnp.isnan(x), jnp.zeros_like(x), x)
        return jnp.sum(x, axis=a, dtype=x.dtype)
    return _reduce("nansum", f, data, axis, keepdims, exclude)


@register("mean")
@_doc("Mean over ``axis``; an integer input gives the truncated integer mean.")
def mean(data, *, axis=None, keepdims=False, exclude=False):
    def f(x, a):
        n = max(count_elements(x.shape, a), 1)
        s = jnp.sum(x, axis=a, dtype=x.dtype)
        if is_int(x):
            return lax.div(s, jnp.asarray(n, x.dtype))
        return s / jnp.asarray(n, x.dtype)
    return _reduce("mean", f, data, axis, keepdims, exclude)


def _prod_with_grad(axes, nan):
    @jax.custom_vjp
    def red(x):
        return _prod_value(x, axes, nan)

    def fwd(x):
        y = _prod_value(x, axes, nan)
        return y, (x, y)

    def bwd(res, g):
        x, y = res
        gx = jnp.expand_dims(g * y, axes) / x
        if nan:
            gx = jnp.where(jnp.isnan(x), jnp.zeros_like(gx), gx)
        return (gx,)

    red.defvjp(fwd, bwd)
    return red


def _prod_value(x, axes, nan):
    if nan and not is_int(x):
        x = jnp.where(jnp.isnan(x), jnp.ones_like(x), x)
    return jnp.prod(x, axis=axes, dtype=x.dtype)


def _prod(nan):
    def f(x, a):
        if is_int(x):
            return _prod_value(x, a, nan)
        return _prod_with_grad(a, nan)(x)
    return f


@register("prod")
@_doc("Product over ``axis``; the gradient is ``out / x`` (as MXNet: NaN at zeros).")
def prod(data, *, axis=None, keepdims=False, exclude=False):
    return _reduce("prod", _prod(False), data, axis, keepdims, exclude)


@register("nanprod")
@_doc("Product treating NaN as one (NaN elements get a zero gradient).")
def nanprod(data, *, axis=None, keepdims=False, exclude=False):
    return _reduce("nanprod", _prod(True), data, axis, keepdims, exclude)


def _nan_propagating(fn):
    """``fn`` (jnp.max/min) with NaN propagated as NumPy and MXNet do.

    XLA:CPU (jax 0.10) drops NaN in max/min reductions over a non-minor axis
    (``jnp.max(x, axis=0)`` ignores a NaN in x), so the NaN is put back explicitly.
    """
    def value(x, axis):
        y = fn(x, axis=axis)
        if not jnp.issubdtype(x.dtype, jnp.inexact):
            return y
        return jnp.where(jnp.any(jnp.isnan(x), axis=axis), jnp.asarray(jnp.nan, y.dtype), y)
    return value


def _extreme(fn):
    fn = _nan_propagating(fn)

    def make(axes):
        @jax.custom_vjp
        def red(x):
            return fn(x, axis=axes)

        def fwd(x):
            y = fn(x, axis=axes)
            return y, (x, y)

        def bwd(res, g):
            x, y = res
            hit = (x == jnp.expand_dims(y, axes)).astype(g.dtype)
            return (hit * jnp.expand_dims(g, axes),)

        red.defvjp(fwd, bwd)
        return red

    def f(x, axes):
        if is_int(x):
            return fn(x, axis=axes)
        return make(axes)(x)
    return f


_max = _extreme(jnp.max)
_min = _extreme(jnp.min)


@register("max", aliases=("max_axis",))
@_doc("Maximum over ``axis``; every tied element receives the gradient, as MXNet.")
def max_(data, *, axis=None, keepdims=False, exclude=False):
    return _reduce("max", _max, data, axis, keepdims, exclude)


@register("min", aliases=("min_axis",))
@_doc("Minimum over ``axis``; every tied element receives the gradient, as MXNet.")
def min_(data, *, axis=None, keepdims=False, exclude=False):
    return _reduce("min", _min, data, axis, keepdims, exclude)


# ---------------------------------------------------------------------------
# norm


def _l2_with_grad(axes):
    @jax.custom_vjp
    def l2(x):
        return _l2_value(x, axes)

    def fwd(x):
        y = _l2_value(x, axes)
        return y, (x, y)

    def bwd(res, g):
        x, y = res
        return (x * jnp.expand_dims(g / y, axes),)

    l2.defvjp(fwd, bwd)
    return l2


def _l2_value(x, axes):
    # scaled like BLAS nrm2, so float16 [300, 400] gives 500 instead of inf
    ax = jnp.abs(x)
    scale = jnp.max(ax, axis=axes, keepdims=True)
    safe = jnp.where(scale == 0, jnp.ones_like(scale), scale)
    ssq = jnp.sum(jnp.square(ax / safe), axis=axes)
    return jnp.squeeze(scale, axes) * jnp.sqrt(ssq)


def _int_l2(x, axes):
    # MXNet's scaled accumulation in integer arithmetic: max|x| * sqrt(#elements at max)
    ax = jnp.abs(x)
    scale = jnp.max(ax, axis=axes, keepdims=True)
    count = jnp.sum((ax == scale) & (scale != 0), axis=axes)
    return c_cast(jnp.squeeze(scale, axes).astype(F64) * jnp.sqrt(count.astype(F64)),
                  x.dtype)


@register("norm")
def norm(data, *, ord=2, axis=None, out_dtype=None,  # pylint: disable=redefined-builtin
         keepdims=False):
    """The L1 or L2 norm over ``axis`` (all elements by default, giving shape (1,)).

    Parameters
    ----------
    data : NDArray
    ord : {1, 2}, default 2
    axis : int or tuple of int, optional
    out_dtype : str, optional
        MXNet 1.9.1 (CPU) accepts only the input's own dtype here.
    keepdims : bool, default False

    Returns
    -------
    NDArray
    """
    if ord not in (1, 2):
        raise MXNetError("Operator norm: norm only supports ord=1 and ord=2, got ord=%r"
                         % (ord,))
    if out_dtype is not None and np.dtype(out_dtype) != np.dtype(data.dtype):
        raise MXNetError("Operator norm: out_dtype %s differs from the input dtype %s, which "
                         "MXNet 1.9.1 does not support (data type do not match)"
                         % (np.dtype(out_dtype).name, np.dtype(data.dtype).name))
    axes = _axes("norm", axis, data.shape)
    if ord == 1:
        if is_int(data):
            out = jnp.sum(jnp.abs(data), axis=axes, dtype=data.dtype)
        else:
            out = jnp.sum(_sign_abs(data), axis=axes, dtype=data.dtype)
    elif is_int(data):
        out = _int_l2(data, axes)
    elif data.dtype == jnp.float16:
        out = _l2_with_grad(axes)(data.astype(jnp.float32)).astype(jnp.float16)
    else:
        out = _l2_with_grad(axes)(data)
    if keepdims:
        out = jnp.expand_dims(out, axes)
    return finish_reduce(out, keepdims, axes, data.ndim)


@jax.custom_jvp
def _sign_abs(x):
    return jnp.abs(x)


_sign_abs.defjvp(lambda p, t: (jnp.abs(p[0]), jnp.sign(p[0]) * t[0]))


@register("moments")
def moments(data, *, axes=None, keepdims=False):
    """Mean and variance over ``axes`` (which must be given).

    Parameters
    ----------
    data : NDArray
    axes : tuple of int
    keepdims : bool, default False

    Returns
    -------
    list of NDArray
        ``[mean, var]``; integer inputs give truncated integer results.
    """
    ax = _check_axes("moments", axes, data.shape)
    if not ax:
        raise MXNetError("Operator moments: empty axes is not supported, if you would like "
                         "to do global moments, please pass all axes to axes argument")
    n = max(count_elements(data.shape, ax), 1)

    def avg(v):
        s = jnp.sum(v, axis=ax, keepdims=True, dtype=v.dtype)
        if is_int(v):
            return lax.div(s, jnp.asarray(n, v.dtype))
        return s / jnp.asarray(n, v.dtype)
    m = avg(data)
    d = data - m
    var = avg(d * d)
    if not keepdims:
        m = finish_reduce(jnp.squeeze(m, ax), False, ax, data.ndim)
        var = finish_reduce(jnp.squeeze(var, ax), False, ax, data.ndim)
    return m, var


# ---------------------------------------------------------------------------
# cumsum


@register("cumsum")
def cumsum(a, *, axis=None, dtype=None):
    """Cumulative sum along ``axis`` (of the flattened array when ``axis`` is None).

    Parameters
    ----------
    a : NDArray
    axis : int, optional
        Non-negative in MXNet 1.9.1 (a negative axis is an error there).
    dtype : str, optional
        Result dtype (the input's by default).
    """
    dt = np.dtype(dtype) if dtype is not None else np.dtype(a.dtype)
    if axis is None:
        return jnp.cumsum(a.reshape(-1).astype(dt), dtype=dt)
    axis = int(axis)
    if axis < -a.ndim or axis >= a.ndim:
        raise MXNetError("Operator cumsum: axis value %d out of range for input of shape %s"
                         % (axis, shape_str(a.shape)))
    if axis < 0:
        raise MXNetError("Operator cumsum: index = %d must be in range [0, %d) "
                         "(MXNet 1.9.1 does not accept a negative axis here)"
                         % (axis, a.ndim))
    return jnp.cumsum(a.astype(dt), axis=axis, dtype=dt)


# ---------------------------------------------------------------------------
# argmax / argmin


def _arg(name, fn, data, axis, keepdims):
    if axis is None:
        out = fn(data.reshape(-1)).astype(data.dtype)
        return out.reshape((1,) * data.ndim) if keepdims else out.reshape((1,))
    ax = int(axis)
    if ax < -data.ndim or ax >= data.ndim:
        raise MXNetError("Operator %s: axis %d exceeds the input dimension of %d (shape %s)"
                         % (name, ax, data.ndim, shape_str(data.shape)))
    ax %= data.ndim
    out = fn(data, axis=ax).astype(data.dtype)
    if keepdims:
        out = jnp.expand_dims(out, ax)
    return finish_reduce(out, keepdims, (ax,), data.ndim)


@register("argmax")
def argmax(data, *, axis=None, keepdims=False):
    """Index of the maximum along ``axis`` (first on ties), in the input's dtype.

    Parameters
    ----------
    data : NDArray
    axis : int, optional
        Flattened input when None (result shape (1,)).
    keepdims : bool, default False
    """
    return lax.stop_gradient(_arg("argmax", jnp.argmax, data, axis, keepdims))


@register("argmin")
def argmin(data, *, axis=None, keepdims=False):
    """Index of the minimum along ``axis`` (first on ties), in the input's dtype.

    Parameters
    ----------
    data : NDArray
    axis : int, optional
    keepdims : bool, default False
    """
    return lax.stop_gradient(_arg("argmin", jnp.argmin, data, axis, keepdims))


@register("argmax_channel", differentiable=False)
def argmax_channel(data):
    """argmax over axis 1 (the channel axis), in the input's dtype.

    Parameters
    ----------
    data : NDArray
    """
    return _arg("argmax_channel", jnp.argmax, data, 1, False)
