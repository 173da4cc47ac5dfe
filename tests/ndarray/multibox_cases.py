"""Inputs shared by tools/golden/multibox.py (MXNet 1.9.1) and
tests/ndarray/test_ops_multibox.py (mxjax): MultiBoxDetection and MultiBoxTarget cases as
(name, inputs builder, attributes)."""
import numpy as np


def _anchors(n, rs, overlapping=True):
    """``n`` corner anchors in [0, 1], in pairs of near-duplicates (so that NMS and
    matching have something to decide)."""
    c = rs.uniform(0.15, 0.85, size=(n // 2, 2))
    wh = rs.uniform(0.1, 0.4, size=(n // 2, 2))
    boxes = np.concatenate([c - wh / 2, c + wh / 2], axis=1)
    if overlapping:
        boxes = np.concatenate([boxes, boxes + rs.uniform(-0.03, 0.03, size=boxes.shape)])
    return boxes.reshape(1, -1, 4).astype("float32")


def _softmax(x, axis):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def detection_inputs(seed, batch=2, classes=4, anchors=20, ties=False):
    rs = np.random.RandomState(seed)
    logits = rs.normal(scale=2.0, size=(batch, classes, anchors))
    prob = _softmax(logits, 1)
    if ties:  # scores on a coarse grid: equal scores, the sort must be stable
        prob = np.round(prob * 8) / 8
    loc = rs.normal(scale=0.5, size=(batch, anchors * 4))
    return (prob.astype("float32"), loc.astype("float32"), _anchors(anchors, rs))


DETECTION = [
    ("default", dict(seed=0), {}),
    ("threshold", dict(seed=1), {"threshold": 0.3}),
    ("force_suppress", dict(seed=2), {"force_suppress": True, "nms_threshold": 0.3}),
    ("topk", dict(seed=3), {"nms_topk": 5}),
    ("no_clip_variances", dict(seed=4), {"clip": False, "variances": (0.2, 0.2, 0.1, 0.1)}),
    ("no_nms", dict(seed=5), {"nms_threshold": 0.0}),
    ("ties", dict(seed=6, ties=True), {"threshold": 0.1}),
    ("two_classes", dict(seed=7, classes=2, anchors=12), {"nms_threshold": 0.4}),
    ("none_valid", dict(seed=8), {"threshold": 0.99}),
]


def target_inputs(seed, batch=2, classes=3, anchors=24, labels=4, width=5, valid=(3, 0)):
    rs = np.random.RandomState(seed)
    anc = _anchors(anchors, rs)
    lab = -np.ones((batch, labels, width), dtype="float32")
    for b in range(batch):
        n = valid[b % len(valid)]
        for k in range(n):
            # a ground truth near one of the anchors, so that overlaps are substantial
            a = anc[0, rs.randint(anchors)]
            box = np.clip(a + rs.uniform(-0.05, 0.05, size=4), 0, 1)
            lab[b, k, 0] = rs.randint(classes - 1)
            lab[b, k, 1:5] = [min(box[0], box[2]), min(box[1], box[3]),
                              max(box[0], box[2]), max(box[1], box[3])]
            if width > 5:
                lab[b, k, 5:] = rs.uniform(size=width - 5)
    cls_pred = rs.normal(size=(batch, classes, anchors)).astype("float32")
    return anc, lab, cls_pred


TARGET = [
    ("default", dict(seed=0), {}),
    ("overlap_0_3", dict(seed=1), {"overlap_threshold": 0.3}),
    ("mining", dict(seed=2, valid=(3, 2)),
     {"negative_mining_ratio": 3.0, "negative_mining_thresh": 0.5}),
    ("mining_no_overlap_stage", dict(seed=3, valid=(2, 1)),
     {"overlap_threshold": 0.0, "negative_mining_ratio": 2.0,
      "negative_mining_thresh": 0.4}),
    ("ignore_label_variances", dict(seed=4), {"ignore_label": -2.0,
                                              "variances": (0.2, 0.2, 0.3, 0.3)}),
    ("wide_labels", dict(seed=5, width=6, valid=(4, 1)), {}),
    ("no_labels", dict(seed=6, valid=(0, 0)), {}),
]
