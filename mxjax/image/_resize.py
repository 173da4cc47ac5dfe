"""Image resizing as OpenCV's ``cv::resize`` (what MXNet's ``_cvimresize`` and
``image.resize`` call): bilinear and bicubic (A = -0.75, replicated border) with
half-pixel centres and, for uint8 images, OpenCV's 11-bit fixed-point weights, so
results are MXNet's bit for bit; nearest neighbour.
Written against an ``F`` (``mx.nd`` or ``mx.sym``) so hybridized transforms can use it.
"""
import numpy as np

from ..base import MXNetError

__all__ = ["resize"]


def _linear_taps(dsize, ssize):
    """Source indices and weights of OpenCV's bilinear resize along one axis."""
    scale = ssize / dsize
    i0 = np.zeros(dsize, np.int64)
    i1 = np.zeros(dsize, np.int64)
    frac = np.zeros(dsize, np.float32)
    for d in range(dsize):
        f = np.float32((d + 0.5) * scale - 0.5)
        s = int(np.floor(f))
        f = np.float32(f - s)
        if s < 0:
            f, s = np.float32(0), 0
        if s >= ssize - 1:
            f, s = np.float32(0), ssize - 1
        i0[d], i1[d], frac[d] = s, min(s + 1, ssize - 1), f
    return i0, i1, frac


def _cubic_taps(dsize, ssize):
    """Source indices (4, dsize) and weights of OpenCV's bicubic resize along one axis."""
    scale = ssize / dsize
    idx = np.zeros((4, dsize), np.int64)
    wts = np.zeros((4, dsize), np.float32)
    a = np.float32(-0.75)
    for d in range(dsize):
        f = np.float32((d + 0.5) * scale - 0.5)
        s = int(np.floor(f))
        x = np.float32(f - s)
        w0 = ((a * (x + 1) - 5 * a) * (x + 1) + 8 * a) * (x + 1) - 4 * a
        w1 = ((a + 2) * x - (a + 3)) * x * x + 1
        w2 = ((a + 2) * (1 - x) - (a + 3)) * (1 - x) * (1 - x) + 1
        wts[:, d] = (w0, w1, w2, np.float32(1) - w0 - w1 - w2)
        idx[:, d] = np.clip(np.arange(s - 1, s + 3), 0, ssize - 1)
    return idx, wts


def _cubic(F, x, width, height, h_axis, w_axis, ndim):
    """OpenCV's INTER_CUBIC: a horizontal then a vertical 4-tap pass."""
    xi, xw = _cubic_taps(width, x.shape[w_axis])
    yi, yw = _cubic_taps(height, x.shape[h_axis])
    ctx = getattr(x, "context", None)  # None: jax arrays (the _image_resize operator)
    if np.dtype(x.dtype) == np.uint8:
        # 11-bit integer weights; the horizontal sums are exact integers, the vertical
        # pass is float32 scaled by 2^-22 and rounded to nearest even, then saturated
        f32 = "float32"
        src = F.cast(x, "float64")
        ax = np.rint(xw * np.float32(2048))
        by = np.rint(yw * np.float32(2048)).astype(np.float32) * np.float32(1.0 / (1 << 22))
        rows = None
        for k in range(4):
            term = F.broadcast_mul(_take(F, src, xi[k], w_axis),
                                   _weights(F, ax[k], w_axis, ndim, "float64", ctx))
            rows = term if rows is None else rows + term
        rows = F.cast(rows, f32)
        v = None
        for k in range(4):
            term = F.broadcast_mul(_take(F, rows, yi[k], h_axis),
                                   _weights(F, by[k], h_axis, ndim, f32, ctx))
            v = term if v is None else v + term
        return F.cast(F.clip(F.round(v) - _half_even_fix(F, v), 0, 255), "uint8")
    dt = x.dtype
    rows = None
    for k in range(4):
        term = F.broadcast_mul(_take(F, x, xi[k], w_axis), _weights(F, xw[k], w_axis, ndim, dt,
                                                                    ctx))
        rows = term if rows is None else rows + term
    out = None
    for k in range(4):
        term = F.broadcast_mul(_take(F, rows, yi[k], h_axis), _weights(F, yw[k], h_axis, ndim,
                                                                       dt, ctx))
        out = term if out is None else out + term
    return out


def _half_even_fix(F, v):
    """1 where ``round`` (half away from zero) differs from rounding half to even."""
    r = F.round(v)
    tie = (F.abs(v - F.trunc(v)) == 0.5)
    odd = F.abs(F.broadcast_mod(r, F.ones_like(r) * 2)) == 1
    return F.sign(v) * tie * odd


def _nearest_taps(dsize, ssize):
    return np.minimum(np.floor(np.arange(dsize) * (ssize / dsize)).astype(np.int64), ssize - 1)


def _weights(F, values, axis, ndim, dtype, ctx):
    shape = [1] * ndim
    shape[axis] = len(values)
    return F.array(np.asarray(values).reshape(shape), ctx=ctx, dtype=dtype)


def _take(F, x, idx, axis):
    ctx = getattr(x, "context", None)
    return F.take(x, F.array(idx, ctx=ctx, dtype="int32"), axis=axis)


def resize(F, x, width, height, interp):
    """``x`` (HWC or NHWC) resized to ``(height, width)`` as OpenCV does."""
    ndim = len(x.shape)
    h_axis, w_axis = (0, 1) if ndim == 3 else (1, 2)
    in_h, in_w = x.shape[h_axis], x.shape[w_axis]
    if (in_h, in_w) == (height, width):
        return x
    if interp == 0:
        out = _take(F, x, _nearest_taps(height, in_h), h_axis)
        return _take(F, out, _nearest_taps(width, in_w), w_axis)
    if interp == 2:
        return _cubic(F, x, width, height, h_axis, w_axis, ndim)
    if interp != 1:
        raise MXNetError("Resize: interpolation %d is not supported by mxjax (0: nearest, "
                         "1: bilinear and 2: bicubic are)" % interp)
    x0, x1, fx = _linear_taps(width, in_w)
    y0, y1, fy = _linear_taps(height, in_h)
    ctx = getattr(x, "context", None)  # None: jax arrays (the _image_resize operator)
    if np.dtype(x.dtype) == np.uint8:
        # OpenCV 8U: weights in 11-bit fixed point, a reduced-precision vertical pass
        f64 = "float64"
        src = F.cast(x, f64)
        ax1 = np.rint(fx * np.float32(2048))
        ax0 = np.rint((np.float32(1) - fx) * np.float32(2048))
        by1 = np.rint(fy * np.float32(2048))
        by0 = np.rint((np.float32(1) - fy) * np.float32(2048))
        rows = F.broadcast_mul(_take(F, src, x0, w_axis), _weights(F, ax0, w_axis, ndim, f64, ctx)) \
            + F.broadcast_mul(_take(F, src, x1, w_axis), _weights(F, ax1, w_axis, ndim, f64, ctx))
        r0 = F.floor(_take(F, rows, y0, h_axis) / 16.0)
        r1 = F.floor(_take(F, rows, y1, h_axis) / 16.0)
        v = F.floor(F.broadcast_mul(r0, _weights(F, by0, h_axis, ndim, f64, ctx)) / 65536.0) \
            + F.floor(F.broadcast_mul(r1, _weights(F, by1, h_axis, ndim, f64, ctx)) / 65536.0)
        v = F.floor((v + 2.0) / 4.0)
        return F.cast(F.clip(v, 0, 255), "uint8")
    dt = x.dtype
    rows = F.broadcast_mul(_take(F, x, x0, w_axis), _weights(F, 1 - fx, w_axis, ndim, dt, ctx)) \
        + F.broadcast_mul(_take(F, x, x1, w_axis), _weights(F, fx, w_axis, ndim, dt, ctx))
    return F.broadcast_mul(_take(F, rows, y0, h_axis), _weights(F, 1 - fy, h_axis, ndim, dt, ctx)) \
        + F.broadcast_mul(_take(F, rows, y1, h_axis), _weights(F, fy, h_axis, ndim, dt, ctx))
