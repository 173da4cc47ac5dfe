"""Pooling: ``Pooling`` (max/avg/sum/lp, 1-D/2-D/3-D, channel-first or -last),
the deprecated ``Pooling_v1`` and ``_contrib_AdaptiveAvgPooling2D``.

Windows are ``jax.lax.reduce_window``. The max-pool gradient is JAX's: it goes to the
first maximum of each window in row-major order, as MXNet's. Output sizes follow
``pooling_convention``: ``valid`` floors, ``full`` ceils (windows may then run past the
padded input and are clipped there), ``same`` (1-D only) gives ``ceil(x/stride)``.
"""
import numpy as np
import jax.numpy as jnp
from jax import lax

from ...base import MXNetError, shape_str
from ..registry import register
from ._spatial import as_tuple, spatial_param, layout_of, check_float

_POOL_LAYOUTS = ("NCW", "NCHW", "NCDHW", "NWC", "NHWC", "NDHWC")


def _spatial_axes(ndim, channel_last):
    nsp = ndim - 2
    return tuple(range(1, 1 + nsp)) if channel_last else tuple(range(2, 2 + nsp))


def _window(x, init, reducer, axes, kernel, stride, padding):
    """``reduce_window`` over the spatial ``axes`` (padding given per spatial axis).

    Channel-first data is reduced channel-last (transposed in and out): XLA:CPU keeps
    convolution outputs channel-last in memory, so the transposes cancel against the
    neighbouring convolutions', and a channel-last window reduction is vectorised over
    channels (ResNet's stem max-pool at batch 32: about 3x faster in the whole program).

    A sum over whole unpadded spatial axes (global pooling) is a plain reduction: its
    gradient is a broadcast, where ``reduce_window``'s is another window sum over the
    padded cotangent, which XLA constant-folds (slowly, in its HLO evaluator) when the
    cotangent is the constant head gradient of ``backward()``."""
    if reducer is lax.add and all(k == x.shape[a] and s == 1 and p == (0, 0)
                                  for a, k, s, p in zip(axes, kernel, stride, padding)):
        return jnp.sum(x, axis=tuple(axes), keepdims=True)
    if x.ndim > 2 and axes[0] == 2:
        moved = _window(jnp.moveaxis(x, 1, -1), init, reducer, tuple(a - 1 for a in axes),
                        kernel, stride, padding)
        return jnp.moveaxis(moved, -1, 1)
    dims = [1] * x.ndim
    strides = [1] * x.ndim
    pads = [(0, 0)] * x.ndim
    for a, k, s, p in zip(axes, kernel, stride, padding):
        dims[a], strides[a], pads[a] = k, s, p
    # a NumPy init value stays concrete under any trace, so JAX recognises the max/sum
    # window reductions (and differentiates them)
    return lax.reduce_window(x, np.asarray(init, np.dtype(x.dtype)), reducer, tuple(dims),
                             tuple(strides), tuple(pads))


def _max_window(x, axes, kernel, stride, padding):
    """Max over windows; a window wholly in the padding gives the lowest finite value, as
    MXNet's (its gradient is JAX's: to the first maximum of the window)."""
    out = _window(x, -jnp.inf, lax.max, axes, kernel, stride, padding)
    return jnp.where(out == -jnp.inf, jnp.asarray(jnp.finfo(x.dtype).min, x.dtype), out)


def _geometry(op, sizes, kernel, stride, pad, convention):
    """Per spatial dimension: output size and (low, high) padding of the window input."""
    outs, padding = [], []
    for x, k, s, p in zip(sizes, kernel, stride, pad):
        if convention == "full":
            o = 1 + int(np.ceil((x + 2 * p - k) / s))
        elif convention == "same":
            o = (x + s - 1) // s
            total = max((o - 1) * s + k - x, 0)
            outs.append(o)
            padding.append((total // 2, total - total // 2))
            continue
        else:
            o = 1 + (x + 2 * p - k) // s
        if o <= 0:
            raise MXNetError("Operator %s: kernel %s does not fit input of spatial shape %s "
                             "padded by %s" % (op, shape_str(kernel), shape_str(sizes),
                                               shape_str(pad)))
        outs.append(o)
        padding.append((p, max((o - 1) * s + k - x - p, 0)))
    return tuple(outs), tuple(padding)


def _avg_divisor(sizes, kernel, stride, pad, outs, include_pad, dtype, axes, ndim):
    """Per output position, MXNet's averaging count (an array broadcastable to the output)."""
    div = np.ones((1,) * ndim)
    for a, x, k, s, p, o in zip(axes, sizes, kernel, stride, pad, outs):
        start = np.arange(o) * s - p
        end = np.minimum(start + k, x + p)
        if include_pad:
            count = end - start
        else:
            count = np.minimum(end, x) - np.maximum(start, 0)
        shape = [1] * ndim
        shape[a] = o
        div = div * np.maximum(count, 1).reshape(shape)
    return jnp.asarray(div, dtype)


def _safe_root(s, p):
    """``s ** (1/p)`` (cube root keeps the sign) with a zero gradient where ``s`` is 0."""
    nz = s != 0
    safe = jnp.where(nz, s, jnp.ones_like(s))
    if p == 2:
        r = jnp.sqrt(safe)
    elif p == 3:
        r = jnp.cbrt(safe)
    else:
        r = safe ** (1.0 / p)
    return jnp.where(nz, r, jnp.zeros_like(s))


@register("Pooling")
def pooling(data, *, kernel=(), pool_type="max", global_pool=False, cudnn_off=False,
            pooling_convention="valid", stride=(), pad=(), p_value=None,
            count_include_pad=None, layout=None):
    """Perform pooling on the input.

    Parameters
    ----------
    data : NDArray
        ``(batch, channel, *spatial)`` with 1 to 3 spatial dimensions (or channel-last).
    kernel : tuple of int
        Window size; ignored with ``global_pool``.
    pool_type : {'max', 'avg', 'sum', 'lp'}, default 'max'
    global_pool : bool, default False
        Pool over the whole spatial extent.
    cudnn_off : bool
        Accepted and ignored.
    pooling_convention : {'valid', 'full', 'same'}, default 'valid'
        ``valid``: ``floor((x+2p-k)/s)+1``; ``full``: ``ceil((x+2p-k)/s)+1``;
        ``same`` (1-D only, no pad): ``ceil(x/s)``.
    stride, pad : tuple of int, optional
        Default 1 and 0 per spatial dimension.
    p_value : int, optional
        ``p`` of Lp pooling (required for ``pool_type='lp'``).
    count_include_pad : bool, optional
        Whether average pooling counts padded elements (default True).
    layout : {None, 'NCW', 'NCHW', 'NCDHW', 'NWC', 'NHWC', 'NDHWC'}

    Returns
    -------
    NDArray
    """
    op = "Pooling"
    if data.ndim not in (3, 4, 5):
        raise MXNetError("Operator %s: input data should be 3D (batch, channel, x), 4D or 5D, "
                         "got shape %s" % (op, shape_str(data.shape)))
    nsp = data.ndim - 2
    _, channel_last = layout_of(op, layout, nsp, _POOL_LAYOUTS)
    check_float(op, data)
    axes = _spatial_axes(data.ndim, channel_last)
    sizes = tuple(data.shape[a] for a in axes)
    if pool_type not in ("max", "avg", "sum", "lp"):
        raise MXNetError("Operator %s: unknown pool_type %r (expected max, avg, sum or lp)"
                         % (op, pool_type))
    if pooling_convention not in ("valid", "full", "same"):
        raise MXNetError("Operator %s: unknown pooling_convention %r" % (op, pooling_convention))
    if global_pool:
        kernel, stride, pad = sizes, (1,) * nsp, (0,) * nsp
        convention = "valid"
    else:
        kernel = as_tuple(kernel, "kernel")
        if len(kernel) != nsp:
            raise MXNetError("Operator %s: %dD pooling not supported for data of shape %s "
                             "(kernel %s)" % (op, len(kernel), shape_str(data.shape),
                                              shape_str(kernel)))
        stride = spatial_param(op, "stride", stride, nsp, 1)
        pad = spatial_param(op, "pad", pad, nsp, 0)
        convention = pooling_convention
        for k, s, p, x in zip(kernel, stride, pad, sizes):
            if k <= 0 or s <= 0:
                raise MXNetError("Operator %s: kernel %s and stride %s must be positive"
                                 % (op, shape_str(kernel), shape_str(stride)))
            if p >= k:
                raise MXNetError("Operator %s: pad %s must be smaller than kernel %s"
                                 % (op, shape_str(pad), shape_str(kernel)))
            if k > x + 2 * p:
                raise MXNetError("Operator %s: kernel size %s exceeds input %s padded by %s"
                                 % (op, shape_str(kernel), shape_str(sizes), shape_str(pad)))
        if convention == "same":
            if nsp != 1:
                raise MXNetError("Operator %s: pooling_convention 'same' supports 1-D pooling "
                                 "only, got data of shape %s" % (op, shape_str(data.shape)))
            if any(pad):
                raise MXNetError("Operator %s: pooling_convention 'same' disables the use of "
                                 "pad, got pad %s" % (op, shape_str(pad)))
    outs, padding = _geometry(op, sizes, kernel, stride, pad, convention)
    if pool_type == "max":
        return _max_window(data, axes, kernel, stride, padding)
    if pool_type == "lp":
        if p_value is None:
            raise MXNetError("Operator %s: pool_type='lp' requires p_value" % op)
        p = int(p_value)
        powered = data if p == 1 else data ** p
        s = _window(powered, 0, lax.add, axes, kernel, stride, padding)
        return s if p == 1 else _safe_root(s, p)
    s = _window(data, 0, lax.add, axes, kernel, stride, padding)
    if pool_type == "sum":
        return s
    include = True if count_include_pad is None else bool(count_include_pad)
    if convention == "same":
        pad = tuple(lo for lo, _ in padding)
    return s / _avg_divisor(sizes, kernel, stride, pad, outs, include, data.dtype, axes,
                            data.ndim)


@register("Pooling_v1")
def pooling_v1(data, *, kernel=(), pool_type="max", global_pool=False,
               pooling_convention="valid", stride=(), pad=()):
    """Deprecated pooling (MXNet's first version), 2-D, channel-first.

    Unlike ``Pooling``, the input is zero-padded before the windows are taken (so a max
    over a padded border can be 0), and average pooling always divides by the full
    kernel size.

    Parameters
    ----------
    data : NDArray
        ``(batch, channel, y, x)`` (3-D pooling is not implemented, as in MXNet).
    kernel : tuple of int
    pool_type : {'max', 'avg', 'sum'}, default 'max'
    global_pool : bool, default False
    pooling_convention : {'valid', 'full'}, default 'valid'
    stride, pad : tuple of int, optional

    Returns
    -------
    NDArray
    """
    op = "Pooling_v1"
    if data.ndim not in (4, 5):
        raise MXNetError("Operator %s: input data should be 4D (batch, channel, y, x) or 5D, "
                         "got shape %s" % (op, shape_str(data.shape)))
    if pool_type not in ("max", "avg", "sum"):
        raise MXNetError("Operator %s: unknown pool_type %r (expected max, avg or sum)"
                         % (op, pool_type))
    if pooling_convention not in ("valid", "full"):
        raise MXNetError("Operator %s: unknown pooling_convention %r" % (op, pooling_convention))
    check_float(op, data)
    nsp = data.ndim - 2
    axes = tuple(range(2, data.ndim))
    sizes = tuple(data.shape[2:])
    if global_pool:
        kernel, stride, pad, convention = sizes, (1,) * nsp, (0,) * nsp, "valid"
    else:
        kernel = as_tuple(kernel, "kernel")
        if len(kernel) != nsp:
            raise MXNetError("Operator %s: kernel %s does not fit data of shape %s"
                             % (op, shape_str(kernel), shape_str(data.shape)))
        stride = spatial_param(op, "stride", stride, nsp, 1)
        pad = spatial_param(op, "pad", pad, nsp, 0)
        convention = pooling_convention
        if nsp == 3:
            raise MXNetError("Operator %s: 3D kernel not implemented (data shape %s)"
                             % (op, shape_str(data.shape)))
        for k, s, p, x in zip(kernel, stride, pad, sizes):
            if k <= 0 or s <= 0 or k > x + 2 * p:
                raise MXNetError("Operator %s: kernel %s (stride %s) does not fit input %s "
                                 "padded by %s" % (op, shape_str(kernel), shape_str(stride),
                                                   shape_str(sizes), shape_str(pad)))
    outs, padding = _geometry(op, sizes, kernel, stride, pad, convention)
    x = jnp.pad(data, [(0, 0), (0, 0)] + [(p, p) for p in pad])
    beyond = tuple((0, max(hi - p, 0)) for (_, hi), p in zip(padding, pad))
    if pool_type == "max":
        return _max_window(x, axes, kernel, stride, beyond)
    s = _window(x, 0, lax.add, axes, kernel, stride, beyond)
    if pool_type == "sum":
        return s
    return s / jnp.asarray(np.prod(kernel), data.dtype)


def _adaptive_matrix(size, out):
    """(out, size) averaging weights of adaptive pooling along one axis."""
    m = np.zeros((out, size))
    for i in range(out):
        lo = (i * size) // out
        hi = -((-(i + 1) * size) // out)
        m[i, lo:hi] = 1.0 / (hi - lo)
    return m


@register("_contrib_AdaptiveAvgPooling2D")
def adaptive_avg_pooling2d(data, *, output_size=()):
    """2-D adaptive average pooling of NCHW input to ``output_size``.

    Output cell ``i`` averages input rows ``floor(i*H/oh)`` to ``ceil((i+1)*H/oh)``
    (and likewise for columns).

    Parameters
    ----------
    data : NDArray
        ``(N, C, H, W)``.
    output_size : int or tuple of int, optional
        ``oh`` (square) or ``(oh, ow)``; default 1.

    Returns
    -------
    NDArray
        ``(N, C, oh, ow)``.
    """
    op = "AdaptiveAvgPooling2D"
    if data.ndim != 4:
        raise MXNetError("Operator %s: data must be 4-D (N, C, H, W), got shape %s"
                         % (op, shape_str(data.shape)))
    check_float(op, data)
    size = as_tuple(output_size, "output_size")
    if not size:
        size = (1, 1)
    elif len(size) == 1:
        size = size * 2
    elif len(size) != 2:
        raise MXNetError("Operator %s: output_size must be an int or (height, width), got %s"
                         % (op, shape_str(size)))
    if size[0] <= 0 or size[1] <= 0:
        raise MXNetError("Operator %s: output_size must be positive, got %s"
                         % (op, shape_str(size)))
    mh = jnp.asarray(_adaptive_matrix(data.shape[2], size[0]), data.dtype)
    mw = jnp.asarray(_adaptive_matrix(data.shape[3], size[1]), data.dtype)
    out = jnp.einsum("nchw,ih,jw->ncij", data, mh, mw,
                     precision=lax.Precision.HIGHEST)
    return out
