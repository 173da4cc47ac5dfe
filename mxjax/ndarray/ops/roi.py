"""Region-of-interest pooling: ``ROIPooling`` and ``_contrib_ROIAlign``.

Regions are data (an array of boxes), so their sizes are not known when tracing.
ROIPooling takes, per region and bin, the first maximum (row-major) of the bin with
masked arg-maxes and gathers it, so its gradient goes to that one element, as
MXNet's. ROIAlign is separable: every sample's bilinear weight is a product of a row
weight and a column weight, so each region becomes ``Ay @ data @ Ax.T`` with
per-bin row/column weight matrices summed over that bin's samples (the adaptive
sample count ``ceil(roi_size / pooled_size)`` needs no static bound: only samples
that can fall inside the feature map are enumerated). The boxes get no gradient, as
in MXNet.
"""
import numpy as np
import jax
import jax.numpy as jnp
from jax import lax

from ...base import MXNetError, shape_str
from ..registry import register
from ._spatial import as_tuple, check_float


def _pooled(op, pooled_size):
    p = as_tuple(pooled_size, "pooled_size")
    if len(p) == 1:
        p = p * 2
    if len(p) != 2 or p[0] <= 0 or p[1] <= 0:
        raise MXNetError("Operator %s: pooled_size must be (h, w) of positive ints, got %s"
                         % (op, shape_str(p)))
    return p


def _check_inputs(op, data, rois):
    if data.ndim != 4:
        raise MXNetError("Operator %s: data must be 4-D (N, C, H, W), got shape %s"
                         % (op, shape_str(data.shape)))
    if rois.ndim != 2 or rois.shape[1] != 5:
        raise MXNetError("Operator %s: rois must have shape (num_rois, 5), got %s"
                         % (op, shape_str(rois.shape)))
    check_float(op, data, rois)


def _round_half_away(x):
    return jnp.sign(x) * jnp.floor(jnp.abs(x) + 0.5)


@register("ROIPooling")
def roi_pooling(data, rois, *, pooled_size, spatial_scale):
    """Max-pool each region of interest to a fixed ``pooled_size``.

    Parameters
    ----------
    data : NDArray
        ``(N, C, H, W)`` feature maps.
    rois : NDArray
        ``(R, 5)``: ``[batch_index, x1, y1, x2, y2]`` in image coordinates.
    pooled_size : tuple of int
        ``(h, w)`` of the output.
    spatial_scale : float
        Feature-map size over image size (box coordinates are multiplied by it and
        rounded).

    Returns
    -------
    NDArray
        ``(R, C, h, w)``; an empty bin gives 0.
    """
    op = "ROIPooling"
    _check_inputs(op, data, rois)
    ph, pw = _pooled(op, pooled_size)
    n, c, h, w = data.shape
    dt = data.dtype
    boxes = lax.stop_gradient(rois).astype(dt)
    scale = jnp.asarray(float(np.float32(spatial_scale)), dt)
    flat = data.reshape((n, c, h * w))
    hh = jnp.arange(h, dtype=jnp.int32)
    ww = jnp.arange(w, dtype=jnp.int32)
    low = jnp.asarray(jnp.finfo(dt).min, dt)

    def one(box):
        b = box[0].astype(jnp.int32)
        sw, sh, ew, eh = (_round_half_away(box[i] * scale).astype(jnp.int32)
                          for i in (1, 2, 3, 4))
        rh = jnp.maximum(eh - sh + 1, 1).astype(dt)
        rw = jnp.maximum(ew - sw + 1, 1).astype(dt)
        bh, bw = rh / ph, rw / pw
        ip = jnp.arange(ph, dtype=dt)
        jp = jnp.arange(pw, dtype=dt)
        hs = jnp.clip(jnp.floor(ip * bh).astype(jnp.int32) + sh, 0, h)
        he = jnp.clip(jnp.ceil((ip + 1) * bh).astype(jnp.int32) + sh, 0, h)
        ws = jnp.clip(jnp.floor(jp * bw).astype(jnp.int32) + sw, 0, w)
        we = jnp.clip(jnp.ceil((jp + 1) * bw).astype(jnp.int32) + sw, 0, w)
        mh = (hh[None, :] >= hs[:, None]) & (hh[None, :] < he[:, None])   # (ph, h)
        mw = (ww[None, :] >= ws[:, None]) & (ww[None, :] < we[:, None])   # (pw, w)
        img = jnp.take(flat, jnp.clip(b, 0, n - 1), axis=0).reshape((c, h, w))
        # first maximum over columns for each row, then over rows: row-major first max
        vals = jnp.where(mw[None, None], img[:, :, None, :], low)          # (c, h, pw, w)
        col = jnp.argmax(vals, axis=3)                                     # (c, h, pw)
        rowmax = jnp.max(vals, axis=3)
        vals2 = jnp.where(mh[None, :, :, None], rowmax[:, None], low)      # (c, ph, h, pw)
        row = jnp.argmax(vals2, axis=2)                                    # (c, ph, pw)
        colsel = jnp.take_along_axis(col[:, None], row[:, :, None, :], axis=2)[:, :, 0]
        idx = (row * w + colsel).reshape((c, ph * pw))
        out = jnp.take_along_axis(img.reshape((c, h * w)), idx, axis=1).reshape((c, ph, pw))
        empty = (he <= hs)[:, None] | (we <= ws)[None, :]
        keep = (~empty)[None] & (b >= 0) & (b < n)
        return jnp.where(keep, out, jnp.zeros_like(out))

    if rois.shape[0] == 0:
        return jnp.zeros((0, c, ph, pw), dt)
    return lax.map(one, boxes)


def _axis_weights(start, bin_size, grid, size, pooled, dt, fixed):
    """(pooled, size): per bin, the summed linear-interpolation weights of its samples
    along one axis, with MXNet's ROIAlign boundary rules.

    ``fixed > 0``: exactly ``fixed`` samples per bin. Otherwise ``grid`` (traced) is
    ``ceil(bin_size)``, so samples are more than half a pixel apart and at most
    ``2*size + 3`` of them fall in ``[-1, size]``: those are enumerated from the first
    one that can.
    """
    base = start + jnp.arange(pooled, dtype=dt) * bin_size                     # (pooled,)
    if fixed > 0:
        kmax = fixed
        k_lo = jnp.zeros((pooled,), jnp.int32)
    else:
        kmax = 2 * size + 5
        spacing = bin_size / jnp.maximum(grid, 1).astype(dt)
        k_lo = jnp.maximum(jnp.floor((-1 - base) / spacing - 0.5).astype(jnp.int32) - 1, 0)
    k = k_lo[:, None] + jnp.arange(kmax, dtype=jnp.int32)[None, :]            # (pooled, K)
    pos = base[:, None] + (k.astype(dt) + jnp.asarray(0.5, dt)) * bin_size / grid.astype(dt)
    valid = (k < grid) & (pos >= -1) & (pos <= size)
    pos = jnp.maximum(pos, 0)
    lo = pos.astype(jnp.int32)
    at_end = lo >= size - 1
    lo = jnp.where(at_end, size - 1, lo)
    hi = jnp.where(at_end, size - 1, lo + 1)
    pos = jnp.where(at_end, lo.astype(dt), pos)
    frac = pos - lo.astype(dt)
    cells = jnp.arange(size, dtype=jnp.int32)
    wgt = ((1 - frac)[..., None] * (cells == lo[..., None])
           + frac[..., None] * (cells == hi[..., None]))                        # (pooled, K, size)
    wgt = jnp.where(valid[..., None], wgt, jnp.zeros_like(wgt))
    return jnp.sum(wgt, axis=1)


@register("_contrib_ROIAlign")
def roi_align(data, rois, *, pooled_size, spatial_scale, sample_ratio=-1,
              position_sensitive=False, aligned=False):
    """Average bilinearly sampled points of each bin of each region (Mask R-CNN).

    Parameters
    ----------
    data : NDArray
        ``(N, C, H, W)``.
    rois : NDArray
        ``(R, 5)``: ``[batch_index, x1, y1, x2, y2]``; a negative batch index gives 0.
    pooled_size : tuple of int
        ``(h, w)``.
    spatial_scale : float
    sample_ratio : int, default -1
        Samples per bin along each axis; ``<= 0``: ``ceil(roi_size / pooled_size)``.
    position_sensitive : bool, default False
        R-FCN's PSRoIPooling: bin ``(i, j)`` of output channel ``c`` reads input channel
        ``c*h*w + i*w + j`` (the channels must be a multiple of ``h*w``).
    aligned : bool, default False
        Shift the boxes by half a pixel (Detectron2's aligned ROIAlign).

    Returns
    -------
    NDArray
        ``(R, C, h, w)`` (``C / (h*w)`` channels when position-sensitive).
    """
    op = "ROIAlign"
    _check_inputs(op, data, rois)
    ph, pw = _pooled(op, pooled_size)
    n, c, h, w = data.shape
    dt = data.dtype
    if position_sensitive and c % (ph * pw):
        raise MXNetError("Operator %s: input channels %d (data shape %s) must be a multiple "
                         "of pooled_size h*w = %d when position_sensitive"
                         % (op, c, shape_str(data.shape), ph * pw))
    c_out = c // (ph * pw) if position_sensitive else c
    boxes = lax.stop_gradient(rois).astype(dt)
    scale = jnp.asarray(float(np.float32(spatial_scale)), dt)
    offset = jnp.asarray(0.5 if aligned else 0.0, dt)
    ratio = int(sample_ratio)

    def one(box):
        b = box[0].astype(jnp.int32)
        sx, sy = box[1] * scale - offset, box[2] * scale - offset
        ex, ey = box[3] * scale - offset, box[4] * scale - offset
        rw, rh = ex - sx, ey - sy
        if not aligned:
            rw, rh = jnp.maximum(rw, 1), jnp.maximum(rh, 1)
        bh, bw = rh / ph, rw / pw
        if ratio > 0:
            gh = gw = jnp.asarray(ratio, jnp.int32)
        else:
            gh = jnp.ceil(rh / ph).astype(jnp.int32)
            gw = jnp.ceil(rw / pw).astype(jnp.int32)
        count = jnp.maximum(gh * gw, 1).astype(dt)
        ay = _axis_weights(sy, bh, jnp.maximum(gh, 0), h, ph, dt, ratio)          # (ph, h)
        ax = _axis_weights(sx, bw, jnp.maximum(gw, 0), w, pw, dt, ratio)          # (pw, w)
        img = jnp.take(data, jnp.clip(b, 0, n - 1), axis=0)                      # (c, h, w)
        if position_sensitive:
            img = img.reshape((c_out, ph, pw, h, w))
            out = jnp.einsum("ih,cijhw,jw->cij", ay, img, ax)
        else:
            out = jnp.einsum("ih,chw,jw->cij", ay, img, ax)
        out = out / count
        return jnp.where(b >= 0, out, jnp.zeros_like(out))

    if rois.shape[0] == 0:
        return jnp.zeros((0, c_out, ph, pw), dt)
    return lax.map(one, boxes)
