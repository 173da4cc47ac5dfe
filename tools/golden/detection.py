"""Golden values for the detection operators of mx.nd.contrib, from MXNet 1.9.1.

Run: ~/.mxref/bin/python tools/golden/detection.py
Writes tests/golden/detection.npz; tests/ndarray/test_ops_detection.py replays it.
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import save  # noqa: E402
from opcase import op_case, rand  # noqa: E402

C = {}


def boxes(n, seed, ids=3, batch=()):
    """Rows [id, score, xmin, ymin, xmax, ymax] with distinct scores, clustered."""
    rng = np.random.RandomState(seed)
    shape = batch + (n,)
    x0 = rng.rand(*shape) * 0.5
    y0 = rng.rand(*shape) * 0.5
    w = 0.1 + rng.rand(*shape) * 0.4
    h = 0.1 + rng.rand(*shape) * 0.4
    score = rng.permutation(np.prod(shape)).reshape(shape) / np.prod(shape) + 0.01
    cls = rng.randint(0, ids, size=shape)
    return np.stack([cls, score, x0, y0, x0 + w, y0 + h], axis=-1).astype("float32")


X = np.array([[0, 0.5, 0.1, 0.1, 0.2, 0.2], [1, 0.4, 0.1, 0.1, 0.2, 0.2],
              [0, 0.3, 0.1, 0.1, 0.14, 0.14], [2, 0.6, 0.5, 0.5, 0.7, 0.8]], "float32")
C["box_nms_doc"] = op_case("contrib.box_nms", {"data": X},
                           {"overlap_thresh": 0.1, "id_index": 0, "force_suppress": True})
C["box_nms_classes"] = op_case("contrib.box_nms", {"data": X},
                               {"overlap_thresh": 0.1, "id_index": 0})
C["box_nms_background"] = op_case("contrib.box_nms", {"data": X},
                                  {"overlap_thresh": 0.1, "id_index": 0, "background_id": 2})
C["box_nms_valid_center_out"] = op_case("contrib.box_nms", {"data": X},
                                        {"overlap_thresh": 0.1, "valid_thresh": 0.35,
                                         "out_format": "center"})
B = boxes(12, seed=1)
C["box_nms_random"] = op_case("contrib.box_nms", {"data": B}, {"overlap_thresh": 0.3})
C["box_nms_random_topk"] = op_case("contrib.box_nms", {"data": B},
                                   {"overlap_thresh": 0.3, "topk": 5, "valid_thresh": 0.2})
C["box_nms_random_ids"] = op_case("contrib.box_nms", {"data": B},
                                  {"overlap_thresh": 0.2, "id_index": 0, "background_id": 1})
C["box_non_maximum_suppression"] = op_case("contrib.box_non_maximum_suppression",
                                           {"data": boxes(8, seed=2, batch=(2, 2))},
                                           {"overlap_thresh": 0.25})
# centre-format input with extra columns and a different layout: [score, x, y, w, h, extra]
Bc = boxes(10, seed=3)
cen = np.stack([Bc[:, 1], (Bc[:, 2] + Bc[:, 4]) / 2, (Bc[:, 3] + Bc[:, 5]) / 2,
                Bc[:, 4] - Bc[:, 2], Bc[:, 5] - Bc[:, 3], Bc[:, 0]], axis=-1)
C["box_nms_center_in"] = op_case("contrib.box_nms", {"data": cen.astype("float32")},
                                 {"overlap_thresh": 0.3, "coord_start": 1, "score_index": 0,
                                  "in_format": "center"})
C["box_nms_center_in_corner_out"] = op_case("contrib.box_nms", {"data": cen.astype("float32")},
                                            {"overlap_thresh": 0.3, "coord_start": 1,
                                             "score_index": 0, "id_index": 5,
                                             "in_format": "center", "out_format": "corner"})

L = np.array([[0.5, 0.5, 1.0, 1.0], [0.0, 0.0, 0.5, 0.5], [0.1, 0.2, 0.6, 0.4]], "float32")
R = np.array([[[0.25, 0.25, 0.75, 0.75], [0.6, 0.6, 0.5, 0.5]],
              [[0.2, 0.1, 0.4, 0.7], [0.0, 0.0, 1.0, 1.0]]], "float32")
C["box_iou_corner"] = op_case("contrib.box_iou", {"lhs": L, "rhs": R})
C["box_iou_center"] = op_case("contrib.box_iou", {"lhs": L, "rhs": R}, {"format": "center"})

S = rand(2, 4, 3, seed=4)
C["bipartite_matching"] = op_case("contrib.bipartite_matching", {"data": S},
                                  {"threshold": 0.2})
C["bipartite_matching_ascend_topk"] = op_case("contrib.bipartite_matching", {"data": S},
                                              {"threshold": 0.8, "is_ascend": True,
                                               "topk": 2})
C["bipartite_matching_doc"] = op_case("contrib.bipartite_matching",
                                      {"data": np.array([[0.5, 0.6], [0.1, 0.2], [0.3, 0.4]],
                                                        "float32")}, {"threshold": 1e-12})

anchors = np.array([[[0.1, 0.1, 0.3, 0.4], [0.2, 0.2, 0.5, 0.5], [0.0, 0.0, 0.2, 0.2],
                     [0.3, 0.1, 0.6, 0.3]]], "float32")
refs = np.array([[[0.1, 0.2, 0.35, 0.4], [0.1, 0.1, 0.3, 0.3], [0.25, 0.2, 0.6, 0.45]]],
                "float32")
C["box_encode"] = op_case("contrib.box_encode",
                          {"samples": np.array([[1, -1, 1, 0]], "float32"),
                           "matches": np.array([[0, 1, 1, 2]], "float32"),
                           "anchors": anchors, "refs": refs,
                           "means": np.array([0.01, -0.02, 0.0, 0.1], "float32"),
                           "stds": np.array([0.1, 0.1, 0.2, 0.2], "float32")},
                          diff=["anchors", "refs"], rtol=1e-5, atol=1e-5)
off = (rand(2, 4, 4, seed=5) - 0.5)
C["box_decode_center"] = op_case("contrib.box_decode",
                                  {"data": off, "anchors": np.array(
                                      [[[0.5, 0.5, 0.2, 0.3], [0.2, 0.3, 0.4, 0.4],
                                        [0.1, 0.1, 0.3, 0.2], [0.7, 0.6, 0.1, 0.2]]],
                                      "float32")},
                                  {"std0": 0.1, "std1": 0.1, "std2": 0.2, "std3": 0.3})
C["box_decode_corner_clip"] = op_case("contrib.box_decode",
                                      {"data": off * 8, "anchors": anchors},
                                      {"format": "corner", "clip": 0.5})

fm = np.zeros((1, 2, 2, 3), "float32")
C["MultiBoxPrior_default"] = op_case("contrib.MultiBoxPrior", {"data": fm}, atol=1e-6)
C["MultiBoxPrior_sizes_ratios"] = op_case("contrib.MultiBoxPrior", {"data": fm},
                                          {"sizes": [0.5, 0.25], "ratios": [1, 2, 0.5]},
                                          atol=1e-6)
C["MultiBoxPrior_clip_steps"] = op_case("contrib.MultiBoxPrior",
                                        {"data": np.zeros((2, 1, 3, 2), "float32")},
                                        {"sizes": [0.6], "ratios": [2, 1], "clip": True,
                                         "steps": [0.3, 0.4], "offsets": [0.2, 0.7]},
                                        atol=1e-6)
save("detection", C)
