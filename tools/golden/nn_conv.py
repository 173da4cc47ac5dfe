"""Golden values for Convolution / Convolution_v1 / Deconvolution from MXNet 1.9.1.

Run: ~/.mxref/bin/python tools/golden/nn_conv.py
Writes tests/golden/nn_conv.npz; tests/ndarray/test_ops_conv.py replays every case.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import save  # noqa: E402
from spatial_case import case, error, randn  # noqa: E402

C = {}
F64 = "float64"


def conv(name, dshape, wshape, kwargs, bias=True, dtype="float32", op="Convolution", seed=0,
         **kw):
    ins = {"data": randn(*dshape, seed=seed, dtype=dtype),
           "weight": randn(*wshape, seed=seed + 1, dtype=dtype)}
    if bias:
        ins["bias"] = randn(kwargs["num_filter"], seed=seed + 2, dtype=dtype)
    tol = dict(rtol=1e-4, atol=1e-5) if dtype == "float32" else dict(rtol=1e-10, atol=1e-12)
    tol.update(kw)
    C[name] = case(op, ins, kwargs, **tol)


# -- Convolution ------------------------------------------------------------
conv("conv2d", (2, 3, 5, 5), (4, 3, 3, 3), {"kernel": (3, 3), "num_filter": 4})
conv("conv2d_stride_pad", (2, 3, 5, 5), (4, 3, 3, 2),
     {"kernel": (3, 2), "num_filter": 4, "stride": (2, 1), "pad": (1, 2)})
conv("conv2d_dilate", (2, 3, 6, 5), (4, 3, 2, 2),
     {"kernel": (2, 2), "num_filter": 4, "dilate": (2, 3), "pad": (1, 1)})
conv("conv2d_no_bias", (2, 3, 5, 5), (4, 3, 3, 3),
     {"kernel": (3, 3), "num_filter": 4, "no_bias": True}, bias=False)
conv("conv2d_group", (2, 4, 5, 5), (6, 2, 3, 3),
     {"kernel": (3, 3), "num_filter": 6, "num_group": 2, "pad": (1, 1)})
conv("conv2d_depthwise", (2, 3, 5, 5), (3, 1, 3, 3),
     {"kernel": (3, 3), "num_filter": 3, "num_group": 3, "stride": (2, 2)})
conv("conv2d_ignored_args", (2, 3, 5, 5), (4, 3, 3, 3),
     {"kernel": (3, 3), "num_filter": 4, "workspace": 256, "cudnn_tune": "off",
      "cudnn_off": True, "layout": "NCHW"})
conv("conv2d_f64", (2, 3, 5, 5), (4, 3, 3, 3),
     {"kernel": (3, 3), "num_filter": 4, "stride": (2, 2), "pad": (1, 1)}, dtype=F64)
conv("conv1d", (2, 3, 7), (4, 3, 3), {"kernel": (3,), "num_filter": 4, "stride": (2,),
                                      "pad": (1,), "dilate": (2,)})
conv("conv1d_int_kernel", (2, 3, 7), (4, 3, 3), {"kernel": 3, "num_filter": 4})
conv("conv1d_group_f64", (2, 4, 7), (6, 2, 3), {"kernel": (3,), "num_filter": 6,
                                               "num_group": 2}, dtype=F64)
conv("conv3d", (2, 2, 4, 4, 4), (3, 2, 2, 2, 2),
     {"kernel": (2, 2, 2), "num_filter": 3, "stride": (1, 2, 1), "pad": (1, 0, 1)})
conv("conv3d_dilate_f64", (1, 2, 5, 4, 4), (3, 2, 2, 2, 2),
     {"kernel": (2, 2, 2), "num_filter": 3, "dilate": (2, 1, 2)}, dtype=F64)
conv("conv_v1", (2, 3, 5, 5), (4, 3, 3, 3), {"kernel": (3, 3), "num_filter": 4,
                                             "pad": (1, 1)}, op="Convolution_v1")

x = randn(2, 3, 5, 5)
w = randn(4, 3, 3, 3, seed=1)
b = randn(4, seed=2)
C["err_conv_weight_shape"] = error("Convolution", {"data": x, "weight": randn(4, 2, 3, 3),
                                                   "bias": b}, {"kernel": (3, 3), "num_filter": 4})
C["err_conv_num_filter"] = error("Convolution", {"data": x, "weight": w, "bias": b},
                                 {"kernel": (3, 3), "num_filter": 5})
C["err_conv_bias_with_no_bias"] = error("Convolution", {"data": x, "weight": w, "bias": b},
                                        {"kernel": (3, 3), "num_filter": 4, "no_bias": True})
C["err_conv_missing_bias"] = error("Convolution", {"data": x, "weight": w},
                                   {"kernel": (3, 3), "num_filter": 4})
C["err_conv_kernel_too_big"] = error("Convolution", {"data": x, "weight": randn(4, 3, 7, 7),
                                                     "bias": b}, {"kernel": (7, 7), "num_filter": 4})
C["err_conv_group"] = error("Convolution", {"data": x, "weight": randn(6, 1, 3, 3),
                                            "bias": randn(6)},
                            {"kernel": (3, 3), "num_filter": 6, "num_group": 2})
C["err_conv_int"] = error("Convolution", {"data": x.astype("int32"), "weight": w.astype("int32"),
                                          "bias": b.astype("int32")},
                          {"kernel": (3, 3), "num_filter": 4})
C["err_conv_mixed_dtype"] = error("Convolution", {"data": x, "weight": w.astype(F64), "bias": b},
                                  {"kernel": (3, 3), "num_filter": 4})
C["err_conv_pad_ndim"] = error("Convolution", {"data": x, "weight": w, "bias": b},
                               {"kernel": (3, 3), "num_filter": 4, "pad": (1,)})
C["err_conv_stride0"] = error("Convolution", {"data": x, "weight": w, "bias": b},
                              {"kernel": (3, 3), "num_filter": 4, "stride": (0, 1)})
C["err_conv_4d"] = error("Convolution", {"data": randn(1, 1, 2, 2, 2, 2),
                                         "weight": randn(1, 1, 1, 1, 1, 1), "bias": randn(1)},
                         {"kernel": (1, 1, 1, 1), "num_filter": 1})

# -- Deconvolution ----------------------------------------------------------
conv("deconv2d", (2, 3, 4, 4), (3, 4, 3, 3), {"kernel": (3, 3), "num_filter": 4},
     bias=False, op="Deconvolution")
conv("deconv2d_bias", (2, 3, 4, 4), (3, 4, 3, 3),
     {"kernel": (3, 3), "num_filter": 4, "no_bias": False}, op="Deconvolution")
conv("deconv2d_stride_pad_adj", (2, 3, 4, 4), (3, 2, 3, 3),
     {"kernel": (3, 3), "num_filter": 2, "stride": (2, 2), "pad": (1, 1), "adj": (1, 1)},
     bias=False, op="Deconvolution")
conv("deconv2d_stride_pad", (2, 3, 4, 3), (3, 2, 4, 3),
     {"kernel": (4, 3), "num_filter": 2, "stride": (2, 3), "pad": (1, 0)},
     bias=False, op="Deconvolution")
conv("deconv2d_big_pad", (2, 3, 5, 5), (3, 4, 3, 3),
     {"kernel": (3, 3), "num_filter": 4, "stride": (2, 2), "pad": (3, 3)},
     bias=False, op="Deconvolution")
conv("deconv2d_dilate", (2, 3, 4, 4), (3, 2, 2, 3),
     {"kernel": (2, 3), "num_filter": 2, "dilate": (2, 2), "pad": (1, 1)},
     bias=False, op="Deconvolution")
conv("deconv2d_group", (2, 4, 3, 3), (4, 3, 3, 3),
     {"kernel": (3, 3), "num_filter": 6, "num_group": 2, "stride": (2, 2), "no_bias": False},
     op="Deconvolution")
conv("deconv2d_target_shape_f64", (2, 3, 5, 5), (3, 4, 3, 3),
     {"kernel": (3, 3), "num_filter": 4, "stride": (2, 2), "target_shape": (10, 9)},
     bias=False, op="Deconvolution", dtype=F64)
conv("deconv2d_target_shape_odd_f64", (2, 3, 5, 5), (3, 4, 3, 3),
     {"kernel": (3, 3), "num_filter": 4, "stride": (2, 2), "target_shape": (9, 9),
      "pad": (5, 5), "adj": (1, 1)}, bias=False, op="Deconvolution", dtype=F64)
conv("deconv2d_f64", (2, 3, 4, 4), (3, 4, 3, 3),
     {"kernel": (3, 3), "num_filter": 4, "stride": (2, 2), "pad": (1, 1), "no_bias": False},
     op="Deconvolution", dtype=F64)
conv("deconv1d", (2, 3, 5), (3, 2, 3),
     {"kernel": (3,), "num_filter": 2, "stride": (2,), "pad": (1,), "adj": (1,)},
     bias=False, op="Deconvolution")
conv("deconv1d_group_f64", (1, 4, 3), (4, 3, 2),
     {"kernel": (2,), "num_filter": 6, "num_group": 2}, bias=False, op="Deconvolution",
     dtype=F64)
conv("deconv3d", (1, 2, 3, 3, 3), (2, 3, 2, 2, 2),
     {"kernel": (2, 2, 2), "num_filter": 3, "stride": (2, 1, 2), "no_bias": False},
     op="Deconvolution")

xd = randn(2, 3, 5, 5)
wd = randn(3, 4, 3, 3, seed=1)
C["err_deconv_weight_shape"] = error("Deconvolution", {"data": xd, "weight": randn(3, 3, 3, 3)},
                                     {"kernel": (3, 3), "num_filter": 4})
C["err_deconv_bias_with_no_bias"] = error("Deconvolution",
                                          {"data": xd, "weight": wd, "bias": randn(4)},
                                          {"kernel": (3, 3), "num_filter": 4})
C["err_deconv_adj"] = error("Deconvolution", {"data": xd, "weight": wd},
                            {"kernel": (3, 3), "num_filter": 4, "stride": (2, 2), "adj": (2, 2)})
C["err_deconv_target_shape"] = error("Deconvolution", {"data": xd, "weight": wd},
                                     {"kernel": (3, 3), "num_filter": 4, "stride": (2, 2),
                                      "target_shape": (12, 11)})

save("nn_conv", C)
