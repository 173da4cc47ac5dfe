"""Object-detection operators of ``nd.contrib``: box_nms, box_iou, box_encode,
box_decode, bipartite_matching, MultiBoxPrior.

Boxes are ``corner`` ``[xmin, ymin, xmax, ymax]`` or ``center`` ``[x, y, w, h]``.
As in MXNet, only box_nms passes gradients (to the rows it kept); the others
back-propagate zeros.
"""
import numpy as np
import jax
import jax.numpy as jnp

from ...base import MXNetError, shape_str
from ..registry import register

_FORMATS = ("center", "corner")


def _check_format(op, arg, fmt):
    if fmt not in _FORMATS:
        raise MXNetError("Operator %s: Invalid Input: %r for %s, valid values are: "
                         "{'center', 'corner'}" % (op, fmt, arg))


def _to_corner(b):
    x, y, w, h = b[..., 0], b[..., 1], b[..., 2], b[..., 3]
    return jnp.stack([x - w / 2, y - h / 2, x + w / 2, y + h / 2], axis=-1)


def _to_center(b):
    x0, y0, x1, y1 = b[..., 0], b[..., 1], b[..., 2], b[..., 3]
    return jnp.stack([(x0 + x1) / 2, (y0 + y1) / 2, x1 - x0, y1 - y0], axis=-1)


def _iou_corner(a, b):
    """IoU of corner boxes a (..., 4) against b (..., 4), broadcasting."""
    iw = jnp.maximum(jnp.minimum(a[..., 2], b[..., 2]) - jnp.maximum(a[..., 0], b[..., 0]), 0)
    ih = jnp.maximum(jnp.minimum(a[..., 3], b[..., 3]) - jnp.maximum(a[..., 1], b[..., 1]), 0)
    inter = iw * ih
    area_a = (a[..., 2] - a[..., 0]) * (a[..., 3] - a[..., 1])
    area_b = (b[..., 2] - b[..., 0]) * (b[..., 3] - b[..., 1])
    union = area_a + area_b - inter
    safe = jnp.where(union > 0, union, jnp.ones_like(union))
    return jnp.where((inter > 0) & (union > 0), inter / safe, jnp.zeros_like(inter))


# ---------------------------------------------------------------------------
# box_iou


@register("_contrib_box_iou")
def box_iou(lhs, rhs, *, format="corner"):  # noqa: A002 - MXNet's argument name
    """Intersection-over-union of every box in ``lhs`` with every box in ``rhs``.

    Parameters
    ----------
    lhs : NDArray, shape (a_1, ..., a_n, 4)
    rhs : NDArray, shape (b_1, ..., b_m, 4)
    format : {'corner', 'center'}, default 'corner'

    Returns
    -------
    NDArray of shape (a_1, ..., a_n, b_1, ..., b_m). The gradient is zero.
    """
    _check_format("box_iou", "format", format)
    if lhs.shape[-1:] != (4,) or rhs.shape[-1:] != (4,):
        raise MXNetError("Operator box_iou: boxes need a last axis of 4, got lhs %s and rhs %s"
                         % (shape_str(lhs.shape), shape_str(rhs.shape)))
    a = jax.lax.stop_gradient(lhs)
    b = jax.lax.stop_gradient(rhs)
    if format == "center":
        a, b = _to_corner(a), _to_corner(b)
    a = a.reshape(a.shape[:-1] + (1,) * (b.ndim - 1) + (4,))
    return _iou_corner(a, b).astype(lhs.dtype)


# ---------------------------------------------------------------------------
# box_nms


# Up to this many candidate boxes the pairwise IoU matrix is computed at once;
# beyond it each kept box's overlaps are computed in the loop (memory O(n)).
_NMS_MATRIX_MAX = 1024


def _nms_one(boxes, overlap_thresh, valid_thresh, topk, coord_start, score_index, id_index,
             background_id, force_suppress, in_format):
    """NMS of one batch item: for each output row the source row index, or -1.

    Only the ``topk`` best valid boxes are candidates (as in MXNet), so the work is
    bounded by ``min(topk, n)``: the overlap of two boxes is computed only among
    those, and only boxes above ``valid_thresh`` are visited by the suppression loop.
    """
    n = boxes.shape[0]
    score = boxes[:, score_index]
    valid = score > valid_thresh
    if id_index >= 0 and background_id >= 0:
        valid = valid & (boxes[:, id_index] != background_id)
    key = jnp.where(valid, -score, jnp.inf)
    order = jnp.argsort(key, stable=True)
    m = n if topk <= 0 else min(int(topk), n)
    top = order[:m]
    keep = valid[top]
    rank = jnp.arange(m)
    coords = boxes[top, coord_start:coord_start + 4]
    if in_format == "center":
        coords = _to_corner(coords)
    by_class = id_index >= 0 and not force_suppress
    ids = boxes[top, id_index] if by_class else None
    if m <= _NMS_MATRIX_MAX:
        iou = _iou_corner(coords[:, None, :], coords[None, :, :])
        suppress = (iou > overlap_thresh) & (rank[None, :] > rank[:, None])
        if by_class:
            suppress = suppress & (ids[:, None] == ids[None, :])

        def body(i, kp):
            return jnp.where(kp[i], kp & ~suppress[i], kp)
        keep = jax.lax.fori_loop(0, m, body, keep)
    else:
        def body(i, kp):
            row = (_iou_corner(coords[i], coords) > overlap_thresh) & (rank > i)
            if by_class:
                row = row & (ids == ids[i])
            return jnp.where(kp[i], kp & ~row, kp)
        n_valid = jnp.minimum(jnp.sum(valid), m)  # invalid boxes sort last
        keep = jax.lax.fori_loop(0, n_valid, body, keep)
    compact = jnp.argsort(~keep, stable=True)
    count = jnp.sum(keep)
    src = jnp.where(rank < count, top[compact], -1)
    if m < n:
        src = jnp.concatenate([src, jnp.full((n - m,), -1, src.dtype)])
    return src


@register("_contrib_box_nms", aliases=("_contrib_box_non_maximum_suppression",))
def box_nms(data, *, overlap_thresh=0.5, valid_thresh=0.0, topk=-1, coord_start=2,
            score_index=1, id_index=-1, background_id=-1, force_suppress=False,
            in_format="corner", out_format="corner"):
    """Non-maximum suppression: keep the best-scoring boxes, drop overlapping ones.

    Parameters
    ----------
    data : NDArray, shape (..., n, k)
        Leading axes are batch axes; each box row holds an id (optional), a score and
        4 coordinates at ``coord_start``.
    overlap_thresh : float, default 0.5
        A box whose IoU with a better kept box exceeds this is removed.
    valid_thresh : float, default 0
        Only boxes whose score is greater take part.
    topk : int, default -1
        Only the ``topk`` best valid boxes take part (-1: all).
    coord_start, score_index, id_index : int
    background_id : int, default -1
        With ``id_index >= 0``, boxes of this class are removed first.
    force_suppress : bool, default False
        Suppress across classes too (otherwise only within a class when
        ``id_index >= 0``).
    in_format, out_format : {'corner', 'center'}

    Returns
    -------
    NDArray of data's shape: kept boxes sorted by descending score, then rows of -1.
    The gradient of each kept row goes back to the row it came from; removed boxes get 0.
    """
    _check_format("box_nms", "in_format", in_format)
    _check_format("box_nms", "out_format", out_format)
    if data.ndim < 2:
        raise MXNetError("Operator box_nms: data must have at least 2 dimensions, got %s"
                         % shape_str(data.shape))
    n, k = data.shape[-2:]
    for name, idx in (("coord_start", coord_start + 3), ("score_index", score_index),
                      ("id_index", id_index)):
        if idx >= k:
            raise MXNetError("Operator box_nms: %s is out of range for boxes of width %d "
                             "(data shape %s)" % (name, k, shape_str(data.shape)))
    flat = data.reshape((-1, n, k))
    src = jax.vmap(lambda b: _nms_one(jax.lax.stop_gradient(b), overlap_thresh, valid_thresh,
                                      int(topk), int(coord_start), int(score_index),
                                      int(id_index), background_id, force_suppress,
                                      in_format))(flat)
    rows = jnp.take_along_axis(flat, jnp.maximum(src, 0)[..., None], axis=1)
    if in_format != out_format:
        c = rows[..., coord_start:coord_start + 4]
        conv = _to_center(c) if out_format == "center" else _to_corner(c)
        # MXNet copies the gradient back unchanged: change the values only
        rows = rows.at[..., coord_start:coord_start + 4].add(jax.lax.stop_gradient(conv - c))
    out = jnp.where((src >= 0)[..., None], rows, jnp.asarray(-1, data.dtype))
    return out.reshape(data.shape)


# ---------------------------------------------------------------------------
# bipartite_matching


def _match_one(scores, is_ascend, threshold, topk):
    n, m = scores.shape
    flat = scores.reshape(-1)
    order = jnp.argsort(flat if is_ascend else -flat, stable=True)
    # MXNet 1.9.1 stops only once the count exceeds topk: topk + 1 matches at most
    limit = n * m if topk is None or topk <= 0 else min(int(topk) + 1, n * m)

    def body(t, carry):
        row_match, col_match, count = carry
        idx = order[t].astype(jnp.int32)
        i, j = idx // m, idx % m
        s = flat[idx]
        ok = (s < threshold) if is_ascend else (s > threshold)
        ok = ok & (row_match[i] < 0) & (col_match[j] < 0) & (count < limit)
        row_match = jnp.where(ok, row_match.at[i].set(j), row_match)
        col_match = jnp.where(ok, col_match.at[j].set(i), col_match)
        return row_match, col_match, count + ok.astype(jnp.int32)

    init = (jnp.full((n,), -1, jnp.int32), jnp.full((m,), -1, jnp.int32), jnp.int32(0))
    rows, cols, _ = jax.lax.fori_loop(0, n * m, body, init)
    return rows, cols


@register("_contrib_bipartite_matching")
def bipartite_matching(data, *, threshold, is_ascend=False, topk=-1):
    """Greedy bipartite matching on a score matrix (best scores first).

    Parameters
    ----------
    data : NDArray, shape (..., N, M)
    threshold : float
        Scores below it (above it with ``is_ascend``) are not matched.
    is_ascend : bool, default False
        Match the smallest scores first.
    topk : int, default -1
        Stop once more than ``topk`` matches are made (so, as in MXNet 1.9.1, at most
        ``topk + 1``); -1: no limit.

    Returns
    -------
    [row_match, col_match]: shapes (..., N) and (..., M); the matched column of each
    row and row of each column, -1 where unmatched (in data's dtype; zero gradient).
    """
    if data.ndim < 2:
        raise MXNetError("Operator bipartite_matching: data must have at least 2 dimensions, "
                         "got %s" % shape_str(data.shape))
    n, m = data.shape[-2:]
    flat = jax.lax.stop_gradient(data).reshape((-1, n, m))
    rows, cols = jax.vmap(lambda s: _match_one(s, is_ascend, threshold, topk))(flat)
    return (rows.astype(data.dtype).reshape(data.shape[:-1]),
            cols.astype(data.dtype).reshape(data.shape[:-2] + (m,)))


# ---------------------------------------------------------------------------
# box_encode, box_decode


@register("_contrib_box_encode")
def box_encode(samples, matches, anchors, refs, means, stds):
    """Regression targets of matched reference boxes relative to anchors.

    Parameters
    ----------
    samples : NDArray, shape (B, N)
        +1 positive, -1 negative, 0 ignore.
    matches : NDArray, shape (B, N)
        Index into ``refs`` for each anchor.
    anchors : NDArray, shape (B, N, 4), corner format
    refs : NDArray, shape (B, M, 4), corner format
    means, stds : NDArray, shape (4,)

    Returns
    -------
    [targets, masks]: both (B, N, 4). For positive samples, targets are
    ``((gx - ax) / aw, (gy - ay) / ah, log(gw / aw), log(gh / ah))`` normalised by
    ``means``/``stds`` and masks are 1; elsewhere both are 0. Zero gradient.
    """
    if anchors.shape[-1:] != (4,) or refs.shape[-1:] != (4,) or \
            samples.shape != anchors.shape[:-1] or matches.shape != samples.shape:
        raise MXNetError("Operator box_encode: expects samples/matches (B, N), anchors "
                         "(B, N, 4), refs (B, M, 4); got %s, %s, %s, %s"
                         % tuple(shape_str(a.shape) for a in (samples, matches, anchors, refs)))
    sg = jax.lax.stop_gradient
    a = _to_center(sg(anchors))
    idx = jnp.clip(sg(matches).astype(jnp.int32), 0, refs.shape[1] - 1)
    g = _to_center(jnp.take_along_axis(sg(refs), idx[..., None], axis=1))
    t = jnp.stack([(g[..., 0] - a[..., 0]) / a[..., 2], (g[..., 1] - a[..., 1]) / a[..., 3],
                   jnp.log(g[..., 2] / a[..., 2]), jnp.log(g[..., 3] / a[..., 3])], axis=-1)
    t = (t - sg(means).astype(t.dtype)) / sg(stds).astype(t.dtype)
    pos = (sg(samples) > 0.5)[..., None]
    targets = jnp.where(pos, t, jnp.zeros_like(t)).astype(anchors.dtype)
    masks = jnp.broadcast_to(pos, t.shape).astype(anchors.dtype)
    return targets, masks


@register("_contrib_box_decode")
def box_decode(data, anchors, *, std0=1.0, std1=1.0, std2=1.0, std3=1.0, clip=-1.0,
               format="center"):  # noqa: A002 - MXNet's argument name
    """Boxes (corner format) from predicted offsets relative to anchors.

    Parameters
    ----------
    data : NDArray, shape (B, N, 4)
        Offsets ``(dx, dy, dw, dh)``.
    anchors : NDArray, shape (1, N, 4) or (B, N, 4)
        In ``format`` (the default 'center' is ``[x, y, w, h]``).
    std0, std1, std2, std3 : float, default 1
        Multiply the offsets.
    clip : float, default -1
        If positive, ``dw`` and ``dh`` are clipped to it before the exponential.

    Returns
    -------
    NDArray (B, N, 4) of corner boxes. Zero gradient.
    """
    _check_format("box_decode", "format", format)
    if data.shape[-1:] != (4,) or anchors.shape[-1:] != (4,) or data.ndim != 3:
        raise MXNetError("Operator box_decode: expects data (B, N, 4) and anchors (1, N, 4), "
                         "got %s and %s" % (shape_str(data.shape), shape_str(anchors.shape)))
    sg = jax.lax.stop_gradient
    x = sg(data)
    a = sg(anchors).astype(x.dtype)
    if format == "corner":
        a = _to_center(a)
    ox = x[..., 0] * std0 * a[..., 2] + a[..., 0]
    oy = x[..., 1] * std1 * a[..., 3] + a[..., 1]
    dw = x[..., 2] * std2
    dh = x[..., 3] * std3
    if clip > 0:
        dw = jnp.minimum(dw, clip)
        dh = jnp.minimum(dh, clip)
    ow = jnp.exp(dw) * a[..., 2] / 2
    oh = jnp.exp(dh) * a[..., 3] / 2
    return jnp.stack([ox - ow, oy - oh, ox + ow, oy + oh], axis=-1).astype(data.dtype)


# ---------------------------------------------------------------------------
# MultiBoxPrior


@register("_contrib_MultiBoxPrior")
def multibox_prior(data, *, sizes=(1.0,), ratios=(1.0,), clip=False, steps=(-1.0, -1.0),
                   offsets=(0.5, 0.5)):
    """Anchor boxes (corner format) centred on every position of a feature map.

    Parameters
    ----------
    data : NDArray, shape (B, C, H, W)
        Only its height and width are used.
    sizes : tuple of float, default (1,)
    ratios : tuple of float, default (1,)
        Anchors per position: every size with ``ratios[0]``, then ``sizes[0]`` with
        every other ratio.
    clip : bool, default False
        Clip coordinates to [0, 1].
    steps : (float, float), default (-1, -1)
        Step between centres along y and x (-1: 1/H and 1/W).
    offsets : (float, float), default (0.5, 0.5)
        Centre offsets along y and x, in steps.

    Returns
    -------
    NDArray of shape (1, H * W * (len(sizes) + len(ratios) - 1), 4). Zero gradient.
    """
    if data.ndim != 4:
        raise MXNetError("Operator MultiBoxPrior: data must be (batch, channel, height, "
                         "width), got %s" % shape_str(data.shape))
    if data.dtype != jnp.float32:
        raise MXNetError("Operator MultiBoxPrior: Unsupported data type %s (only float32)"
                         % np.dtype(data.dtype).name)
    sizes = tuple(float(s) for s in (sizes if isinstance(sizes, (tuple, list)) else (sizes,)))
    ratios = tuple(float(r) for r in (ratios if isinstance(ratios, (tuple, list))
                                      else (ratios,)))
    h, w = data.shape[2], data.shape[3]
    step_y = steps[0] if steps[0] > 0 else 1.0 / h
    step_x = steps[1] if steps[1] > 0 else 1.0 / w
    half = []
    r0 = np.sqrt(ratios[0])
    for s in sizes:
        half.append((s * h / w * r0 / 2, s / r0 / 2))
    for r in ratios[1:]:
        rr = np.sqrt(r)
        half.append((sizes[0] * h / w * rr / 2, sizes[0] / rr / 2))
    half = np.asarray(half, np.float32)
    cy = (np.arange(h, dtype=np.float32) + offsets[0]) * step_y
    cx = (np.arange(w, dtype=np.float32) + offsets[1]) * step_x
    cy = cy[:, None, None]
    cx = cx[None, :, None]
    hw, hh = half[None, None, :, 0], half[None, None, :, 1]
    boxes = np.stack(np.broadcast_arrays(cx - hw, cy - hh, cx + hw, cy + hh), axis=-1)
    boxes = jnp.asarray(boxes.reshape((1, -1, 4)), jnp.float32)
    if clip:
        boxes = jnp.clip(boxes, 0.0, 1.0)
    return boxes
