"""Golden values for ROIPooling and contrib ROIAlign from MXNet 1.9.1.

Run: ~/.mxref/bin/python tools/golden/nn_roi.py
Writes tests/golden/nn_roi.npz; tests/ndarray/test_ops_roi.py replays every case.
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import save  # noqa: E402
from spatial_case import case, error, randn  # noqa: E402

C = {}
F64 = "float64"
T32 = dict(rtol=1e-4, atol=1e-5)
T64 = dict(rtol=1e-9, atol=1e-11)

x = randn(2, 3, 6, 7)
rois = np.array([[0, 0.5, 1.0, 4.4, 3.6],     # inside
                 [1, -2.0, -1.0, 9.0, 8.0],   # larger than the map
                 [1, 3.0, 2.0, 3.2, 2.4],     # tiny
                 [0, 5.5, 4.5, 12.0, 11.0],   # partly outside
                 [0, 2.0, 2.5, 2.0, 2.5]], "float32")  # a single point
ties = np.round(randn(2, 3, 6, 7, seed=4)).astype("float32")

C["roipool_2x2"] = case("ROIPooling", {"data": x, "rois": rois},
                        {"pooled_size": (2, 2), "spatial_scale": 1.0}, **T32)
C["roipool_3x2_scale"] = case("ROIPooling", {"data": x, "rois": rois * 2},
                              {"pooled_size": (3, 2), "spatial_scale": 0.5}, **T32)
C["roipool_ties"] = case("ROIPooling", {"data": ties, "rois": rois},
                         {"pooled_size": (3, 3), "spatial_scale": 0.7}, **T32)
C["roipool_neg_batch"] = case("ROIPooling", {"data": x, "rois": np.array(
    [[-1, 0, 0, 3, 3], [1, 1, 1, 5, 4]], "float32")}, {"pooled_size": (2, 2),
                                                       "spatial_scale": 1.0}, **T32)
C["roipool_f64"] = case("ROIPooling", {"data": x.astype(F64), "rois": rois.astype(F64)},
                        {"pooled_size": (2, 3), "spatial_scale": 0.8}, **T64)
C["err_roipool_rois_shape"] = error("ROIPooling", {"data": x, "rois": rois[:, :4]},
                                    {"pooled_size": (2, 2), "spatial_scale": 1.0})

ra = "contrib.ROIAlign"
C["roialign_adaptive"] = case(ra, {"data": x, "rois": rois},
                              {"pooled_size": (2, 2), "spatial_scale": 1.0}, **T32)
C["roialign_ratio2"] = case(ra, {"data": x, "rois": rois},
                            {"pooled_size": (3, 2), "spatial_scale": 0.8, "sample_ratio": 2},
                            **T32)
C["roialign_ratio3_aligned"] = case(ra, {"data": x, "rois": rois[:4]},
                                    {"pooled_size": (2, 3), "spatial_scale": 1.0,
                                     "sample_ratio": 3, "aligned": True}, **T32)
C["roialign_adaptive_aligned"] = case(ra, {"data": x, "rois": rois[:4]},
                                      {"pooled_size": (2, 2), "spatial_scale": 0.6,
                                       "aligned": True}, **T32)
# (a negative batch index: MXNet documents zeros but writes only the first element of
# each channel, the rest is stale memory; tests/ndarray/test_ops_roi.py checks zeros)
C["roialign_position_sensitive"] = case(ra, {"data": randn(2, 8, 5, 6, seed=2), "rois": rois},
                                        {"pooled_size": (2, 2), "spatial_scale": 1.0,
                                         "position_sensitive": True, "sample_ratio": 2}, **T32)
C["roialign_f64"] = case(ra, {"data": x.astype(F64), "rois": rois.astype(F64)},
                         {"pooled_size": (2, 2), "spatial_scale": 0.9}, **T64)
C["err_roialign_ps_channels"] = error(ra, {"data": x, "rois": rois},
                                      {"pooled_size": (2, 2), "spatial_scale": 1.0,
                                       "position_sensitive": True})

save("nn_roi", C)
