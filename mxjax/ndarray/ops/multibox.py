"""SSD's multibox operators of ``nd.contrib`` (``npx.multibox_*``): MultiBoxDetection
(decode + per-class NMS) and MultiBoxTarget (anchor/ground-truth matching, hard negative
mining, regression targets), with MXNet 1.9.1's CPU semantics: first-index argmax ties,
stable sorts, greedy matching in anchor-major order. Both back-propagate zeros, as in MXNet.
"""
import jax
import jax.numpy as jnp

from ...base import MXNetError, shape_str
from ..registry import register


def _overlap(a, b):
    """IoU of corner boxes ``a`` (..., 4) and ``b`` (..., 4); 0 where the union is <= 0."""
    w = jnp.maximum(0.0, jnp.minimum(a[..., 2], b[..., 2]) - jnp.maximum(a[..., 0], b[..., 0]))
    h = jnp.maximum(0.0, jnp.minimum(a[..., 3], b[..., 3]) - jnp.maximum(a[..., 1], b[..., 1]))
    i = w * h
    u = (a[..., 2] - a[..., 0]) * (a[..., 3] - a[..., 1]) + \
        (b[..., 2] - b[..., 0]) * (b[..., 3] - b[..., 1]) - i
    return jnp.where(u <= 0, 0.0, i / jnp.where(u == 0, 1.0, u))


def _tuple4(name, variances):
    v = tuple(float(x) for x in variances)
    if len(v) != 4:
        raise MXNetError("Operator %s: Variance size must be 4, got %d" % (name, len(v)))
    return v


# ---------------------------------------------------------------------------
# MultiBoxDetection


def _decode(anchors, loc, clip, v):
    al, at, ar, ab = (anchors[:, k] for k in range(4))
    aw, ah = ar - al, ab - at
    ax, ay = (al + ar) / 2, (at + ab) / 2
    px, py, pw, ph = (loc[:, k] for k in range(4))
    ox, oy = px * v[0] * aw + ax, py * v[1] * ah + ay
    ow, oh = jnp.exp(pw * v[2]) * aw / 2, jnp.exp(ph * v[3]) * ah / 2
    box = jnp.stack([ox - ow, oy - oh, ox + ow, oy + oh], axis=-1)
    return jnp.clip(box, 0.0, 1.0) if clip else box


def _detect_one(prob, loc, anchors, threshold, clip, v, nms_threshold, force, topk):
    """One image: prob (C, A), loc (A * 4,), anchors (A, 4) -> (A, 6)."""
    num_classes, n = prob.shape
    dt = prob.dtype
    if num_classes > 1:
        fg = prob[1:]
        best = jnp.max(fg, axis=0)
        found = best > -1  # MXNet starts from score -1 with a strict comparison
        cls = jnp.where(found, jnp.argmax(fg, axis=0) + 1, 0)
        score = jnp.where(found, best, jnp.asarray(-1, dt))
    else:
        cls = jnp.zeros((n,), jnp.int32)
        score = -jnp.ones((n,), dt)
    cls = jnp.where((cls > 0) & (score < threshold), 0, cls)
    rows = jnp.concatenate([(cls - 1).astype(dt)[:, None], score[:, None],
                            _decode(anchors, loc.reshape(n, 4), clip, v).astype(dt)], axis=1)
    valid = cls > 0
    count = jnp.sum(valid)
    idx = jnp.arange(n)
    # the valid rows in anchor order, then rows of -1
    compact = rows[jnp.argsort(~valid, stable=True)]
    compact = jnp.where((idx < count)[:, None], compact, jnp.asarray(-1, dt))
    if nms_threshold <= 0 or nms_threshold > 1:
        return compact
    # the valid rows by descending score (stable); past top-k they keep their place, id -1
    order = jnp.argsort(jnp.where(idx < count, -compact[:, 1], jnp.inf), stable=True)
    nkeep = jnp.minimum(count, topk) if topk > 0 else count
    out = jnp.where((idx < nkeep)[:, None], compact[order], compact)
    ids = jnp.where((idx >= nkeep) & (idx < count), jnp.asarray(-1, dt), out[:, 0])
    boxes = out[:, 2:]

    def suppress(i, ids):
        iou = _overlap(boxes[i], boxes)
        same = True if force else (ids == ids[i])
        kill = (idx > i) & (idx < nkeep) & (ids >= 0) & same & (iou >= nms_threshold) & \
            (ids[i] >= 0) & (i < nkeep)
        return jnp.where(kill, jnp.asarray(-1, dt), ids)

    ids = jax.lax.fori_loop(0, n, suppress, ids)
    return out.at[:, 0].set(ids)


@register("_contrib_MultiBoxDetection", aliases=("_npx_multibox_detection",))
def multibox_detection(cls_prob, loc_pred, anchor, *, clip=True, threshold=0.01,
                       background_id=0, nms_threshold=0.5, force_suppress=False,
                       variances=(0.1, 0.1, 0.2, 0.2), nms_topk=-1):
    """Detections ``[class, score, xmin, ymin, xmax, ymax]`` from SSD outputs.

    Parameters
    ----------
    cls_prob : NDArray, shape (B, num_classes, A)
        Class probabilities; class 0 is the background.
    loc_pred : NDArray, shape (B, A * 4)
        Box offsets, decoded against the anchors with ``variances``.
    anchor : NDArray, shape (1, A, 4)
        Corner anchors (MultiBoxPrior's output).
    clip : bool, default True
        Clip the boxes to [0, 1].
    threshold : float, default 0.01
        A detection's best foreground probability must reach it.
    background_id : int, default 0
        Accepted and unused, as in MXNet's CPU operator.
    nms_threshold : float, default 0.5
        IoU at which a lower-scored box of the same class is suppressed (id -1); outside
        (0, 1] no sorting and no suppression.
    force_suppress : bool, default False
        Suppress across classes.
    variances : tuple of 4 float
    nms_topk : int, default -1
        Keep only the best ``nms_topk`` detections (the others get id -1) before NMS.

    Returns
    -------
    NDArray, shape (B, A, 6)
        Valid detections first (sorted by score when NMS runs), then rows of -1. Zero
        gradient.
    """
    name = "MultiBoxDetection"
    v = _tuple4(name, variances)
    if cls_prob.ndim != 3 or loc_pred.ndim != 2 or anchor.ndim != 3:
        raise MXNetError("Operator %s: expected cls_prob (B, C, A), loc_pred (B, A*4) and "
                         "anchor (1, A, 4), got %s, %s, %s" % (
                             name, shape_str(cls_prob.shape), shape_str(loc_pred.shape),
                             shape_str(anchor.shape)))
    n = cls_prob.shape[2]
    if anchor.shape[1] != n or anchor.shape[2] != 4:
        raise MXNetError("Operator %s: Number of anchors mismatch: cls_prob %s, anchor %s"
                         % (name, shape_str(cls_prob.shape), shape_str(anchor.shape)))
    if loc_pred.shape[1] != n * 4:
        raise MXNetError("Operator %s: # anchors mismatch with # loc: cls_prob %s, loc_pred "
                         "%s" % (name, shape_str(cls_prob.shape), shape_str(loc_pred.shape)))
    sg = jax.lax.stop_gradient
    prob, loc, anc = sg(cls_prob), sg(loc_pred).astype(cls_prob.dtype), \
        sg(anchor).astype(cls_prob.dtype).reshape(n, 4)
    return jax.vmap(lambda p, l: _detect_one(p, l, anc, float(threshold), bool(clip), v,
                                             float(nms_threshold), bool(force_suppress),
                                             int(nms_topk)))(prob, loc)


# ---------------------------------------------------------------------------
# MultiBoxTarget


def _encode(anchors, gt, v):
    al, at, ar, ab = (anchors[:, k] for k in range(4))
    aw, ah = ar - al, ab - at
    ax, ay = (al + ar) * 0.5, (at + ab) * 0.5
    gl, gt_, gr, gb = (gt[:, k] for k in range(4))
    gw, gh = gr - gl, gb - gt_
    gx, gy = (gl + gr) * 0.5, (gt_ + gb) * 0.5
    return jnp.stack([(gx - ax) / aw / v[0], (gy - ay) / ah / v[1],
                      jnp.log(gw / aw) / v[2], jnp.log(gh / ah) / v[3]], axis=-1)


def _target_one(anchors, label, pred, overlap_threshold, ignore_label, ratio, mining_thresh,
                v):
    """One image: anchors (A, 4), label (L, W), pred (C, A) -> (A*4, A*4, A)."""
    n, num_labels = anchors.shape[0], label.shape[0]
    dt = anchors.dtype
    lab_idx = jnp.arange(num_labels)
    is_pad = label[:, 0] == -1.0
    num_valid = jnp.where(jnp.any(is_pad), jnp.argmax(is_pad), num_labels)
    gt_valid = lab_idx < num_valid
    iou = _overlap(anchors[:, None, :], label[None, :, 1:5])  # (A, L)

    # 1. greedy bipartite matching: the best remaining (anchor, gt) pair, row-major ties
    def match(_, state):
        anchor_pos, gt_done, match_iou, match_gt = state
        cand = jnp.where(anchor_pos[:, None] | gt_done[None, :] | ~gt_valid[None, :],
                         -jnp.inf, iou)
        flat = jnp.argmax(cand.reshape(-1))
        best = cand.reshape(-1)[flat]
        j, k = flat // num_labels, (flat % num_labels).astype(jnp.int32)
        ok = best > 1e-6
        return (anchor_pos.at[j].set(anchor_pos[j] | ok), gt_done.at[k].set(gt_done[k] | ok),
                match_iou.at[j].set(jnp.where(ok, best, match_iou[j])),
                match_gt.at[j].set(jnp.where(ok, k, match_gt[j])))

    state = (jnp.zeros((n,), bool), jnp.zeros((num_labels,), bool),
             -jnp.ones((n,), dt), -jnp.ones((n,), jnp.int32))
    positive, _, match_iou, match_gt = jax.lax.fori_loop(0, num_labels, match, state)

    # each other anchor's best ground truth (first index on ties)
    masked = jnp.where(gt_valid[None, :], iou, -jnp.inf)
    best_gt = jnp.argmax(masked, axis=1).astype(jnp.int32)
    best_iou = jnp.max(masked, axis=1)
    # 2. anchors over the overlap threshold are positive too
    if overlap_threshold > 0:
        match_iou = jnp.where(positive, match_iou, best_iou)
        match_gt = jnp.where(positive, match_gt, best_gt)
        positive = positive | (best_iou > overlap_threshold)
    # 3. negatives: all the others, or the hardest by background probability (mining)
    if ratio > 0:
        num_pos = jnp.sum(positive)
        num_neg = jnp.minimum(jnp.floor(num_pos.astype(jnp.float32) * ratio).astype(jnp.int32),
                              n - num_pos)
        match_iou = jnp.where(positive | (match_iou >= 0), match_iou, best_iou)
        cand = ~positive & (match_iou < mining_thresh)
        p = pred - jnp.max(pred, axis=0, keepdims=True)
        bg = jnp.exp(p[0]) / jnp.sum(jnp.exp(p), axis=0)
        order = jnp.argsort(jnp.where(cand, bg, jnp.inf), stable=True)
        rank = jnp.zeros((n,), jnp.int32).at[order].set(jnp.arange(n, dtype=jnp.int32))
        negative = cand & (rank < num_neg)
    else:
        negative = ~positive
    gt_rows = label[jnp.maximum(match_gt, 0)]
    cls = jnp.where(positive, gt_rows[:, 0] + 1,
                    jnp.where(negative, jnp.asarray(0, dt), jnp.asarray(ignore_label, dt)))
    loc = jnp.where(positive[:, None], _encode(anchors, gt_rows[:, 1:5], v), 0.0).astype(dt)
    mask = jnp.broadcast_to(positive[:, None], (n, 4)).astype(dt)
    has_gt = num_valid > 0
    cls = jnp.where(has_gt, cls, jnp.asarray(ignore_label, dt))
    loc = jnp.where(has_gt, loc, 0.0)
    mask = jnp.where(has_gt, mask, 0.0)
    return loc.reshape(-1), mask.reshape(-1), cls.astype(dt)


@register("_contrib_MultiBoxTarget", aliases=("_npx_multibox_target",), num_outputs=3)
def multibox_target(anchor, label, cls_pred, *, overlap_threshold=0.5, ignore_label=-1.0,
                    negative_mining_ratio=-1.0, negative_mining_thresh=0.5,
                    minimum_negative_samples=0, variances=(0.1, 0.1, 0.2, 0.2)):
    """SSD training targets: which anchors match which ground truth, and the offsets.

    Parameters
    ----------
    anchor : NDArray, shape (1, A, 4)
        Corner anchors.
    label : NDArray, shape (B, L, W >= 5)
        ``[class, xmin, ymin, xmax, ymax, ...]`` rows; a row whose class is -1 ends them.
    cls_pred : NDArray, shape (B, num_classes, A)
        Class scores (used by negative mining only).
    overlap_threshold : float, default 0.5
        Anchors whose best IoU exceeds it are positive (besides each ground truth's
        greedy best anchor).
    ignore_label : float, default -1
        The class target of anchors neither positive nor negative.
    negative_mining_ratio : float, default -1
        Negatives per positive, chosen by lowest background probability among anchors
        with IoU under ``negative_mining_thresh``; <= 0: every other anchor is negative.
    negative_mining_thresh : float, default 0.5
    minimum_negative_samples : int, default 0
        Accepted and unused, as in MXNet's CPU operator.
    variances : tuple of 4 float

    Returns
    -------
    list of NDArray
        ``loc_target`` (B, A*4), ``loc_mask`` (B, A*4), ``cls_target`` (B, A). Zero
        gradient.
    """
    name = "MultiBoxTarget"
    v = _tuple4(name, variances)
    if anchor.ndim != 3 or anchor.shape[0] != 1 or anchor.shape[2] != 4:
        raise MXNetError("Operator %s: Anchors are shared across batches: anchor must be "
                         "(1, A, 4), got %s" % (name, shape_str(anchor.shape)))
    if label.ndim != 3 or label.shape[2] < 5 or label.shape[1] < 1:
        raise MXNetError("Operator %s: Label should be [batch, num_labels, label_width >= 5],"
                         " got %s" % (name, shape_str(label.shape)))
    if cls_pred.ndim != 3 or cls_pred.shape[2] != anchor.shape[1]:
        raise MXNetError("Operator %s: Number of anchors mismatch: cls_pred %s, anchor %s"
                         % (name, shape_str(cls_pred.shape), shape_str(anchor.shape)))
    if negative_mining_ratio > 0 and not negative_mining_thresh > 0:
        raise MXNetError("Operator %s: negative_mining_thresh must be > 0 with negative "
                         "mining, got %s" % (name, negative_mining_thresh))
    sg = jax.lax.stop_gradient
    dt = anchor.dtype
    anc = sg(anchor).reshape(-1, 4)
    lab, pred = sg(label).astype(dt), sg(cls_pred).astype(dt)
    loc, mask, cls = jax.vmap(lambda l, p: _target_one(
        anc, l, p, float(overlap_threshold), float(ignore_label),
        float(negative_mining_ratio), float(negative_mining_thresh), v))(lab, pred)
    return [loc, mask, cls]
