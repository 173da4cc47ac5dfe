"""Golden values for the deterministic nd.image operators from MXNet 1.9.1: to_tensor,
normalize, flip_left_right, flip_top_bottom, crop, adjust_lighting (forward, gradients
where MXNet has them, error cases).

Run: ~/.mxref/bin/python tools/golden/image_ops.py
Writes tests/golden/image_ops.npz; tests/ndarray/test_ops_image.py replays every case.
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import save  # noqa: E402
from spatial_case import case, error, uniform  # noqa: E402

C = {}
T32 = dict(rtol=1e-5, atol=1e-5)
img8 = uniform(5, 4, 3, low=0, high=255, seed=1).astype("uint8")
imgf = uniform(5, 4, 3, low=0, high=255, seed=2)
# MXNet 1.9.1's flips leave the middle row/column of an odd size unwritten and pass the
# head gradient through unflipped: values on even sizes only, no gradients (mxjax's
# gradient of a flip is the flipped head gradient)
even8, evenf = img8[:4], imgf[:4, :, :]
batch8 = uniform(2, 5, 4, 3, low=0, high=255, seed=3).astype("uint8")
gray = uniform(4, 6, 1, low=0, high=255, seed=4)
chw = uniform(3, 4, 5, low=0, high=1, seed=5)
nchw = uniform(2, 3, 4, 5, low=0, high=1, seed=6)

C["to_tensor_uint8"] = case("image.to_tensor", {"data": img8}, record=False)
C["to_tensor_float"] = case("image.to_tensor", {"data": imgf}, record=False, **T32)
C["to_tensor_batch"] = case("image.to_tensor", {"data": batch8}, record=False)
C["to_tensor_f64"] = case("image.to_tensor", {"data": imgf.astype("float64")},
                          record=False)
C["normalize_chw"] = case("image.normalize", {"data": chw},
                          {"mean": (0.485, 0.456, 0.406), "std": (0.229, 0.224, 0.225)},
                          **T32)
C["normalize_nchw_scalar"] = case("image.normalize", {"data": nchw},
                                  {"mean": (0.5,), "std": (0.25,)}, **T32)
C["normalize_one_channel"] = case("image.normalize", {"data": chw[:1]},
                                  {"mean": (0.3,), "std": (2.0,)}, **T32)
C["flip_left_right_uint8"] = case("image.flip_left_right", {"data": even8}, record=False)
C["flip_left_right_float"] = case("image.flip_left_right", {"data": evenf}, record=False)
C["flip_top_bottom_uint8"] = case("image.flip_top_bottom", {"data": even8}, record=False)
C["flip_top_bottom_float"] = case("image.flip_top_bottom", {"data": evenf}, record=False)
C["crop_float"] = case("image.crop", {"data": imgf},
                       {"x": 1, "y": 2, "width": 2, "height": 3}, **T32)
C["crop_uint8_batch"] = case("image.crop", {"data": batch8},
                             {"x": 0, "y": 1, "width": 4, "height": 2}, record=False)
C["crop_gray"] = case("image.crop", {"data": gray}, {"x": 2, "y": 0, "width": 3, "height": 4},
                      **T32)
C["adjust_lighting_float"] = case("image.adjust_lighting", {"data": imgf},
                                  {"alpha": (0.1, -0.2, 0.3)}, record=False, **T32)
C["adjust_lighting_uint8"] = case("image.adjust_lighting", {"data": img8},
                                  {"alpha": (1.0, -2.0, 0.5)}, record=False)
big8 = uniform(30, 20, 3, low=0, high=255, seed=7).astype("uint8")
bigf = uniform(2, 30, 20, 3, low=0, high=255, seed=8)
for interp in (0, 1, 2):
    C["resize_uint8_interp%d" % interp] = case("image.resize", {"data": big8},
                                               {"size": (13, 17), "interp": interp},
                                               record=False)
    C["resize_float_batch_interp%d" % interp] = case(
        "image.resize", {"data": bigf}, {"size": (25, 41), "interp": interp}, record=False,
        rtol=1e-5, atol=1e-3)
C["resize_keep_ratio"] = case("image.resize", {"data": big8},
                              {"size": 10, "keep_ratio": True}, record=False)
C["resize_one_size"] = case("image.resize", {"data": big8}, {"size": (12,)}, record=False)

C["err_resize_negative"] = error("image.resize", {"data": big8}, {"size": (-1, 5)})
C["err_to_tensor_2d"] = error("image.to_tensor", {"data": imgf[:, :, 0]})
C["err_normalize_mean"] = error("image.normalize", {"data": chw},
                                {"mean": (0.1, 0.2), "std": (1.0,)})
C["err_normalize_default_mean"] = error("image.normalize", {"data": chw})
C["err_normalize_channels"] = error("image.normalize", {"data": uniform(2, 3, 3)},
                                    {"mean": (0.1,), "std": (1.0,)})
C["err_flip_batch"] = error("image.flip_left_right", {"data": batch8})
C["err_crop_outside"] = error("image.crop", {"data": imgf},
                              {"x": 2, "y": 0, "width": 3, "height": 2})
C["err_crop_empty"] = error("image.crop", {"data": imgf},
                            {"x": 0, "y": 0, "width": 0, "height": 2})
C["err_crop_channels"] = error("image.crop", {"data": uniform(4, 4, 4)},
                               {"x": 0, "y": 0, "width": 1, "height": 1})
C["err_adjust_lighting_batch"] = error("image.adjust_lighting", {"data": batch8},
                                       {"alpha": (0.1, 0.1, 0.1)})
C["err_random_brightness_channels"] = error("image.random_brightness",
                                            {"data": uniform(2, 2, 4)},
                                            {"min_factor": 0.5, "max_factor": 1.5})

save("image_ops", C)
