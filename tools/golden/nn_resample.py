"""Golden values for the resampling operators from MXNet 1.9.1: UpSampling, contrib
BilinearResize2D, GridGenerator, BilinearSampler, SpatialTransformer.

Run: ~/.mxref/bin/python tools/golden/nn_resample.py
Writes tests/golden/nn_resample.npz; tests/ndarray/test_ops_resample.py replays it.
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import save  # noqa: E402
from spatial_case import case, error, randn, uniform  # noqa: E402

C = {}
F64 = "float64"
T32 = dict(rtol=1e-4, atol=1e-5)
T64 = dict(rtol=1e-9, atol=1e-11)

# -- UpSampling ---------------------------------------------------------------
up = "UpSampling"
C["up_nearest"] = case(up, {"a": randn(2, 3, 2, 3)}, {"scale": 2, "sample_type": "nearest"},
                       positional=True, **T32)
C["up_nearest_scale3_f64"] = case(up, {"a": randn(1, 2, 3, 2, dtype=F64)},
                                  {"scale": 3, "sample_type": "nearest"}, positional=True, **T64)
C["up_nearest_concat"] = case(up, {"a": randn(1, 2, 4, 4), "b": randn(1, 3, 2, 2, seed=1)},
                              {"scale": 2, "sample_type": "nearest", "num_args": 2},
                              positional=True, **T32)
C["up_nearest_sum"] = case(up, {"a": randn(1, 2, 2, 2), "b": randn(1, 2, 4, 4, seed=1),
                                "c": randn(1, 2, 1, 1, seed=2)},
                           {"scale": 2, "sample_type": "nearest", "num_args": 3,
                            "multi_input_mode": "sum"}, positional=True, **T32)
C["up_bilinear_2"] = case(up, {"data": randn(2, 3, 3, 3), "weight": randn(3, 1, 4, 4, seed=1)},
                          {"scale": 2, "sample_type": "bilinear", "num_filter": 3,
                           "num_args": 2}, positional=True, **T32)
C["up_bilinear_3_f64"] = case(up, {"data": randn(1, 2, 3, 2, dtype=F64),
                                   "weight": randn(2, 1, 5, 5, seed=1, dtype=F64)},
                              {"scale": 3, "sample_type": "bilinear", "num_filter": 2,
                               "num_args": 2}, positional=True, **T64)
C["err_up_nearest_3d"] = error(up, {"a": randn(1, 2, 3)}, {"scale": 2, "sample_type": "nearest"},
                               positional=True)
C["err_up_bilinear_one_input"] = error(up, {"a": randn(1, 2, 3, 3)},
                                       {"scale": 2, "sample_type": "bilinear", "num_filter": 2},
                                       positional=True)
C["err_up_bilinear_weight"] = error(up, {"a": randn(1, 2, 3, 3), "w": randn(2, 1, 3, 3)},
                                    {"scale": 2, "sample_type": "bilinear", "num_filter": 2,
                                     "num_args": 2}, positional=True)
C["err_up_sum_channels"] = error(up, {"a": randn(1, 2, 3, 3), "b": randn(1, 3, 6, 6)},
                                 {"scale": 2, "sample_type": "nearest", "num_args": 2,
                                  "multi_input_mode": "sum"}, positional=True)
C["err_up_not_divisible"] = error(up, {"a": randn(1, 2, 3, 3), "b": randn(1, 2, 4, 4)},
                                  {"scale": 2, "sample_type": "nearest", "num_args": 2},
                                  positional=True)

# -- BilinearResize2D -----------------------------------------------------------
br = "contrib.BilinearResize2D"
x = randn(2, 3, 5, 4)
for ac in (True, False):
    tag = "_ac" if ac else "_noac"
    C["resize_up" + tag] = case(br, {"data": x}, {"height": 7, "width": 9,
                                                  "align_corners": ac}, **T32)
    C["resize_down" + tag] = case(br, {"data": x}, {"height": 3, "width": 2,
                                                    "align_corners": ac}, **T32)
    C["resize_scale" + tag] = case(br, {"data": x}, {"scale_height": 1.5, "scale_width": 0.6,
                                                     "align_corners": ac}, **T32)
    C["resize_odd_scale" + tag] = case(br, {"data": x}, {"scale_height": 1.5, "scale_width": 2.0,
                                                         "mode": "odd_scale",
                                                         "align_corners": ac}, **T32)
    C["resize_like" + tag] = case(br, {"data": x, "like": randn(2, 3, 4, 6)},
                                  {"mode": "like", "align_corners": ac}, **T32)
    C["resize_f64" + tag] = case(br, {"data": x.astype(F64)}, {"height": 6, "width": 3,
                                                               "align_corners": ac}, **T64)
for mode in ("to_even_down", "to_even_up", "to_odd_down", "to_odd_up"):
    C["resize_" + mode] = case(br, {"data": x}, {"mode": mode}, **T32)
C["resize_default"] = case(br, {"data": x}, {}, **T32)
C["resize_to_1x1_noac"] = case(br, {"data": x}, {"height": 1, "width": 1,
                                                 "align_corners": False}, **T32)
C["err_resize_3d"] = error(br, {"data": randn(3, 5, 4)}, {"height": 2, "width": 2})
C["err_resize_int"] = error(br, {"data": x.astype("int32")}, {"height": 2, "width": 2})
C["err_resize_like_missing"] = error(br, {"data": x}, {"mode": "like"})

# -- GridGenerator / BilinearSampler / SpatialTransformer -----------------------------
theta = np.array([[0.9, 0.2, 0.1, -0.15, 1.1, -0.05],
                  [1.2, -0.3, -0.2, 0.25, 0.8, 0.15]], "float32")
C["grid_affine"] = case("GridGenerator", {"data": theta},
                        {"transform_type": "affine", "target_shape": (3, 4)}, **T32)
C["grid_affine_tall"] = case("GridGenerator", {"data": theta},
                             {"transform_type": "affine", "target_shape": (4, 2)}, **T32)
C["grid_warp"] = case("GridGenerator", {"data": randn(2, 2, 3, 4)}, {"transform_type": "warp"},
                      **T32)
C["err_grid_warp_shape"] = error("GridGenerator", {"data": randn(2, 3, 3, 4)},
                                 {"transform_type": "warp"})

d = randn(2, 3, 4, 5)
grid = uniform(2, 2, 3, 4, low=-1.2, high=1.2, seed=5)
C["sampler"] = case("BilinearSampler", {"data": d, "grid": grid}, {}, **T32)
C["sampler_f64"] = case("BilinearSampler", {"data": d.astype(F64), "grid": grid.astype(F64)},
                        {}, **T64)
C["sampler_cudnn_off"] = case("BilinearSampler",
                              {"data": d, "grid": uniform(2, 2, 5, 2, low=-1, high=1, seed=6)},
                              {"cudnn_off": True}, **T32)
C["err_sampler_grid_shape"] = error("BilinearSampler", {"data": d, "grid": randn(2, 3, 3, 4)})

C["stn"] = case("SpatialTransformer", {"data": d, "loc": theta},
                {"target_shape": (3, 4), "transform_type": "affine",
                 "sampler_type": "bilinear"}, **T32)
C["stn_f64"] = case("SpatialTransformer", {"data": d.astype(F64), "loc": theta.astype(F64)},
                    {"target_shape": (5, 3), "transform_type": "affine",
                     "sampler_type": "bilinear"}, **T64)

save("nn_resample", C)
