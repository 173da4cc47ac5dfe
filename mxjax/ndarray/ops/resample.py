"""Resampling operators: ``UpSampling`` (nearest / bilinear), contrib
``BilinearResize2D``, ``GridGenerator``, ``BilinearSampler`` and ``SpatialTransformer``.

Interpolation weights and source indices that depend only on shapes are computed with
NumPy when the operator is traced; sampling at data-dependent positions
(BilinearSampler) gathers the four neighbours, so the gradients with respect to both
the data and the sampling grid are JAX's.
"""
import numpy as np
import jax.numpy as jnp

from ...base import MXNetError, shape_str
from ..registry import register
from ._spatial import check_float
from .conv import deconvolution


def _check_4d(op, name, a):
    if a.ndim != 4:
        raise MXNetError("Operator %s: %s should be 4D in (batch, channel, y, x), got shape %s"
                         % (op, name, shape_str(a.shape)))


# ---------------------------------------------------------------------------
# UpSampling


def _nearest(x, oh, ow):
    fh, fw = oh // x.shape[2], ow // x.shape[3]
    return jnp.repeat(jnp.repeat(x, fh, axis=2), fw, axis=3)


@register("UpSampling")
def upsampling(*data, scale, num_filter=0, sample_type, multi_input_mode="concat",
               workspace=512):
    """Upsample NCHW input by an integer ``scale``.

    Parameters
    ----------
    *data : NDArray
        ``nearest``: one or more inputs; the output is ``scale`` times the first one's
        height and width, every input is repeated up to that size, and the results are
        concatenated along the channels (``multi_input_mode='concat'``) or added
        (``'sum'``). ``bilinear``: the data and a weight of shape
        ``(channel, 1, 2*scale - scale%2, 2*scale - scale%2)``, used as a depthwise
        Deconvolution with stride ``scale`` and pad ``ceil((scale-1)/2)``.
    scale : int
    num_filter : int, default 0
        ``bilinear`` only: must equal the number of channels.
    sample_type : {'nearest', 'bilinear'}
    multi_input_mode : {'concat', 'sum'}, default 'concat'
    workspace : int
        Accepted and ignored.
    """
    op = "UpSampling"
    scale = int(scale)
    if scale <= 0:
        raise MXNetError("Operator %s: scale must be positive, got %d" % (op, scale))
    if not data:
        raise MXNetError("Operator %s: needs at least one input" % op)
    check_float(op, *data)
    if sample_type == "nearest":
        for i, d in enumerate(data):
            _check_4d(op, "input %d" % i, d)
        oh, ow = data[0].shape[2] * scale, data[0].shape[3] * scale
        outs = []
        for i, d in enumerate(data):
            if oh % d.shape[2] or ow % d.shape[3]:
                raise MXNetError("Operator %s: input %d of shape %s does not divide the output "
                                 "size (%d, %d)" % (op, i, shape_str(d.shape), oh, ow))
            outs.append(_nearest(d, oh, ow))
        if len(outs) == 1:
            return outs[0]
        if multi_input_mode == "sum":
            for i, d in enumerate(data):
                if d.shape[1] != data[0].shape[1]:
                    raise MXNetError("Operator %s: number of channels must be the same when "
                                     "multi_input_mode==sum, got shapes %s"
                                     % (op, ", ".join(shape_str(x.shape) for x in data)))
            total = outs[0]
            for o in outs[1:]:
                total = total + o
            return total
        if multi_input_mode != "concat":
            raise MXNetError("Operator %s: unknown multi_input_mode %r" % (op, multi_input_mode))
        return jnp.concatenate(outs, axis=1)
    if sample_type == "bilinear":
        if len(data) != 2:
            raise MXNetError("Operator %s expects 2 inputs (data and weight) for bilinear "
                             "sampling, but got %d instead" % (op, len(data)))
        x, weight = data
        _check_4d(op, "data", x)
        ch = x.shape[1]
        if int(num_filter) != ch:
            raise MXNetError("Operator %s: num_filter (%d) must equal the number of channels "
                             "of data %s for bilinear sampling"
                             % (op, int(num_filter), shape_str(x.shape)))
        k = 2 * scale - scale % 2
        p = int(np.ceil((scale - 1) / 2.0))
        return deconvolution(x, weight, kernel=(k, k), stride=(scale, scale), pad=(p, p),
                             num_filter=ch, num_group=ch, no_bias=True)
    raise MXNetError("Operator %s: unknown sample_type %r (expected nearest or bilinear)"
                     % (op, sample_type))


# ---------------------------------------------------------------------------
# BilinearResize2D


def _resize_size(op, h, w, like, height, width, scale_height, scale_width, mode):
    if mode == "size":
        if scale_height is not None:
            if scale_width is None:
                raise MXNetError("Operator %s: scale_height needs scale_width as well" % op)
            return int(h * float(np.float32(scale_height))), int(w * float(np.float32(scale_width)))
        return int(height), int(width)
    if mode == "odd_scale":
        if scale_height is None or scale_width is None:
            raise MXNetError("Operator %s: mode 'odd_scale' needs scale_height and scale_width"
                             % op)
        sh, sw = float(np.float32(scale_height)), float(np.float32(scale_width))
        oh = int((h - 1) * sh) + 1 if h % 2 else int(h * sh)
        ow = int((w - 1) * sw) + 1 if w % 2 else int(w * sw)
        return oh, ow
    if mode == "like":
        if like is None:
            raise MXNetError("Operator %s expects 2 inputs (data and like) in mode 'like', but "
                             "got 1 instead" % op)
        if like.ndim != 4:
            raise MXNetError("Operator %s: like must be 4-D, got shape %s"
                             % (op, shape_str(like.shape)))
        return like.shape[2], like.shape[3]
    adjust = {"to_even_down": lambda s: s - (s % 2), "to_even_up": lambda s: s + (s % 2),
              "to_odd_down": lambda s: s - 1 + (s % 2), "to_odd_up": lambda s: s + 1 - (s % 2)}
    f = adjust.get(mode)
    if f is None:
        raise MXNetError("Operator %s: unknown mode %r" % (op, mode))
    return f(h), f(w)


def _linear_taps(size_in, size_out, align_corners):
    """Per output index: (low index, high index, weight of high) of 1-D linear resizing,
    computed in single precision as MXNet's kernel does."""
    f32 = np.float32
    if size_out == 1:  # MXNet samples the first pixel (scale 0) in both modes
        src = np.zeros(1, f32)
    elif align_corners:
        scale = f32(size_in - 1) / f32(size_out - 1)
        src = scale * np.arange(size_out, dtype=f32)
    else:
        scale = f32(size_in) / f32(size_out)
        src = np.maximum(scale * (np.arange(size_out, dtype=f32) + f32(0.5)) - f32(0.5), f32(0))
    lo = src.astype(np.int64)
    lam = (src - lo.astype(f32)).astype(np.float64)
    hi = lo + (lo < size_in - 1)
    return lo, np.minimum(hi, size_in - 1), lam


def _resize_axis(x, axis, size_out, align_corners):
    lo, hi, lam = _linear_taps(x.shape[axis], size_out, align_corners)
    shape = [1] * x.ndim
    shape[axis] = size_out
    lam = jnp.asarray(lam.reshape(shape), x.dtype)
    a = jnp.take(x, jnp.asarray(lo, jnp.int32), axis=axis)
    b = jnp.take(x, jnp.asarray(hi, jnp.int32), axis=axis)
    return a * (1 - lam) + b * lam


@register("_contrib_BilinearResize2D")
def bilinear_resize2d(data, like=None, *, height=1, width=1, scale_height=None,
                      scale_width=None, mode="size", align_corners=True):
    """Resize NCHW input with bilinear interpolation.

    Parameters
    ----------
    data : NDArray
        ``(N, C, H, W)``.
    like : NDArray, optional
        Mode ``like``: resize to its height and width.
    height, width : int, default 1
        Mode ``size``: the output size (unless ``scale_height`` is given).
    scale_height, scale_width : float, optional
        Mode ``size``: output ``int(H*scale_height), int(W*scale_width)``; mode
        ``odd_scale``: ``(H-1)*scale+1`` for an odd size, ``H*scale`` for an even one.
    mode : {'size', 'odd_scale', 'like', 'to_even_down', 'to_even_up', 'to_odd_down',
            'to_odd_up'}, default 'size'
    align_corners : bool, default True
        True: corner pixels map onto corner pixels (``src = dst*(in-1)/(out-1)``);
        False: pixel centres are aligned (``src = (dst+0.5)*in/out - 0.5``, at least 0).
        An output size of 1 samples the first row/column in both cases, as MXNet's.
    """
    op = "BilinearResize2D"
    if data.ndim != 4:
        raise MXNetError("Operator %s: data must be 4-D (N, C, H, W), got shape %s"
                         % (op, shape_str(data.shape)))
    check_float(op, data)
    if like is not None and mode != "like":
        raise MXNetError("Operator %s expects 1 input, but got 2 instead (like is only used "
                         "with mode='like')" % op)
    oh, ow = _resize_size(op, data.shape[2], data.shape[3], like, height, width,
                          scale_height, scale_width, mode)
    if oh < 0 or ow < 0:
        raise MXNetError("Operator %s: invalid output size (%d, %d)" % (op, oh, ow))
    if oh == 0 or ow == 0 or data.size == 0:
        return jnp.zeros(data.shape[:2] + (oh, ow), data.dtype)
    out = _resize_axis(data, 2, oh, bool(align_corners))
    return _resize_axis(out, 3, ow, bool(align_corners))


# ---------------------------------------------------------------------------
# GridGenerator, BilinearSampler, SpatialTransformer


def _affine_grid(op, theta, target_shape):
    ts = tuple(int(t) for t in (target_shape or ()))
    if len(ts) != 2 or ts[0] <= 0 or ts[1] <= 0:
        raise MXNetError("Operator %s: target_shape (H, W) is required for an affine transform, "
                         "got %s" % (op, shape_str(ts) if ts else "()"))
    if theta.ndim != 2 or theta.shape[1] != 6:
        raise MXNetError("Operator %s: the affine matrices must have shape (batch, 6), got %s"
                         % (op, shape_str(theta.shape)))
    h, w = ts
    xs = np.linspace(-1.0, 1.0, w) if w > 1 else np.array([-1.0])
    ys = np.linspace(-1.0, 1.0, h) if h > 1 else np.array([-1.0])
    src = np.stack([np.tile(xs, h), np.repeat(ys, w), np.ones(h * w)])  # (3, h*w)
    mat = theta.reshape((theta.shape[0], 2, 3))
    grid = jnp.einsum("nij,jk->nik", mat, jnp.asarray(src, theta.dtype))
    return grid.reshape((theta.shape[0], 2, h, w))


@register("GridGenerator")
def grid_generator(data, *, transform_type, target_shape=(0, 0)):
    """Generate a sampling grid (normalised to [-1, 1]) for ``BilinearSampler``.

    Parameters
    ----------
    data : NDArray
        ``affine``: matrices of shape ``(batch, 6)``; ``warp``: an optical flow of
        shape ``(batch, 2, H, W)`` in pixels.
    transform_type : {'affine', 'warp'}
    target_shape : tuple of int
        ``(H, W)`` of the grid (``affine`` only).

    Returns
    -------
    NDArray
        ``(batch, 2, H, W)``: x then y source coordinates.
    """
    op = "GridGenerator"
    check_float(op, data)
    if transform_type == "affine":
        return _affine_grid(op, data, target_shape)
    if transform_type == "warp":
        if data.ndim != 4 or data.shape[1] != 2:
            raise MXNetError("Operator %s: the flow must have shape (batch, 2, H, W), got %s"
                             % (op, shape_str(data.shape)))
        h, w = data.shape[2], data.shape[3]
        xs = jnp.asarray(np.arange(w), data.dtype).reshape((1, w))
        ys = jnp.asarray(np.arange(h), data.dtype).reshape((h, 1))
        gx = (data[:, 0] + xs) / jnp.asarray((w - 1) / 2.0, data.dtype) - 1
        gy = (data[:, 1] + ys) / jnp.asarray((h - 1) / 2.0, data.dtype) - 1
        return jnp.stack([gx, gy], axis=1)
    raise MXNetError("Operator %s: unknown transform_type %r (expected affine or warp)"
                     % (op, transform_type))


def _bilinear_sample(data, grid):
    """Sample NCHW ``data`` at ``grid`` (N, 2, oh, ow) in [-1, 1]; zero outside."""
    n, c, h, w = data.shape
    oh, ow = grid.shape[2], grid.shape[3]
    x = (grid[:, 0] + 1) * jnp.asarray((w - 1) / 2.0, grid.dtype)
    y = (grid[:, 1] + 1) * jnp.asarray((h - 1) / 2.0, grid.dtype)
    x0 = jnp.floor(x)
    y0 = jnp.floor(y)
    wx1 = x - x0
    wy1 = y - y0
    x0i = x0.astype(jnp.int32)
    y0i = y0.astype(jnp.int32)
    flat = data.reshape((n, c, h * w))
    out = jnp.zeros((n, c, oh * ow), data.dtype)
    for dy, wy in ((0, 1 - wy1), (1, wy1)):
        for dx, wx in ((0, 1 - wx1), (1, wx1)):
            xi, yi = x0i + dx, y0i + dy
            valid = (xi >= 0) & (xi <= w - 1) & (yi >= 0) & (yi <= h - 1)
            idx = jnp.where(valid, yi * w + xi, 0).reshape((n, 1, oh * ow))
            vals = jnp.take_along_axis(flat, jnp.broadcast_to(idx, (n, c, oh * ow)), axis=2)
            wgt = jnp.where(valid, wx * wy, jnp.zeros_like(wx)).astype(data.dtype)
            out = out + vals * wgt.reshape((n, 1, oh * ow))
    return out.reshape((n, c, oh, ow))


@register("BilinearSampler")
def bilinear_sampler(data, grid, *, cudnn_off=None):
    """Sample ``data`` bilinearly at the positions of ``grid`` (zero outside the input).

    Parameters
    ----------
    data : NDArray
        ``(N, C, H, W)``.
    grid : NDArray
        ``(N, 2, oh, ow)``: x and y in [-1, 1] (-1 the first pixel, 1 the last).
    cudnn_off : bool, optional
        Accepted and ignored.

    Returns
    -------
    NDArray
        ``(N, C, oh, ow)``.
    """
    op = "BilinearSampler"
    _check_4d(op, "data", data)
    check_float(op, data, grid)
    if grid.ndim != 4 or grid.shape[1] != 2 or grid.shape[0] != data.shape[0]:
        raise MXNetError("Operator %s: grid must have shape (%d, 2, H, W), got %s (data %s)"
                         % (op, data.shape[0], shape_str(grid.shape), shape_str(data.shape)))
    if grid.dtype != data.dtype:
        raise MXNetError("Operator %s: data (%s) and grid (%s) must have the same dtype"
                         % (op, np.dtype(data.dtype).name, np.dtype(grid.dtype).name))
    return _bilinear_sample(data, grid)


@register("SpatialTransformer")
def spatial_transformer(data, loc, *, target_shape=(0, 0), transform_type, sampler_type,
                        cudnn_off=None):
    """Apply an affine spatial transformer: ``BilinearSampler(data, GridGenerator(loc))``.

    Parameters
    ----------
    data : NDArray
        ``(N, C, H, W)``.
    loc : NDArray
        ``(N, 6)`` affine matrices (the localisation network's output).
    target_shape : tuple of int
        Output ``(oh, ow)``.
    transform_type : {'affine'}
    sampler_type : {'bilinear'}
    cudnn_off : bool, optional
        Accepted and ignored.
    """
    op = "SpatialTransformer"
    if transform_type != "affine":
        raise MXNetError("Operator %s: transform_type must be 'affine', got %r"
                         % (op, transform_type))
    if sampler_type != "bilinear":
        raise MXNetError("Operator %s: sampler_type must be 'bilinear', got %r"
                         % (op, sampler_type))
    _check_4d(op, "data", data)
    check_float(op, data, loc)
    if loc.ndim != 2 or loc.shape != (data.shape[0], 6):
        raise MXNetError("Operator %s: loc must have shape (%d, 6), got %s"
                         % (op, data.shape[0], shape_str(loc.shape)))
    grid = _affine_grid(op, loc, target_shape)
    return _bilinear_sample(data, grid.astype(data.dtype))
