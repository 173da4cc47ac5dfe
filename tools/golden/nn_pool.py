"""Golden values for Pooling / Pooling_v1 / contrib AdaptiveAvgPooling2D from MXNet 1.9.1.

Run: ~/.mxref/bin/python tools/golden/nn_pool.py
Writes tests/golden/nn_pool.npz; tests/ndarray/test_ops_pool.py replays every case.
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import save  # noqa: E402
from spatial_case import case, error, randn  # noqa: E402

C = {}
F64 = "float64"


def pool(name, shape, kwargs, dtype="float32", op="Pooling", seed=0, data=None):
    x = randn(*shape, seed=seed, dtype=dtype) if data is None else data
    tol = dict(rtol=1e-5, atol=1e-6) if x.dtype == np.float32 else dict(rtol=1e-10, atol=1e-12)
    C[name] = case(op, {"data": x}, kwargs, **tol)


S2 = (2, 3, 5, 5)
pool("max_k2", S2, {"kernel": (2, 2)})
pool("max_k3_s2_p1", S2, {"kernel": (3, 3), "stride": (2, 2), "pad": (1, 1)})
pool("max_full", S2, {"kernel": (2, 2), "stride": (2, 2), "pooling_convention": "full"})
pool("max_full_pad", (2, 3, 6, 5), {"kernel": (3, 2), "stride": (2, 2), "pad": (1, 1),
                                    "pooling_convention": "full"})
ties = np.round(randn(2, 3, 5, 5, seed=3) * 1.5).astype("float32")
pool("max_ties", None, {"kernel": (3, 3), "stride": (1, 1), "pad": (1, 1)}, data=ties)
pool("max_ties_f64", None, {"kernel": (2, 2), "stride": (1, 1)}, data=ties.astype(F64))
pool("avg_k2", S2, {"kernel": (2, 2), "pool_type": "avg"})
pool("avg_pad", S2, {"kernel": (3, 3), "stride": (2, 2), "pad": (1, 1), "pool_type": "avg"})
pool("avg_pad_nocount", S2, {"kernel": (3, 3), "stride": (2, 2), "pad": (1, 1),
                             "pool_type": "avg", "count_include_pad": False})
pool("avg_full", S2, {"kernel": (2, 2), "stride": (2, 2), "pool_type": "avg",
                      "pooling_convention": "full"})
pool("avg_full_pad", (2, 3, 6, 5), {"kernel": (3, 3), "stride": (2, 2), "pad": (1, 1),
                                    "pool_type": "avg", "pooling_convention": "full"})
pool("avg_full_pad_nocount_f64", (2, 3, 6, 5),
     {"kernel": (3, 3), "stride": (2, 2), "pad": (1, 1), "pool_type": "avg",
      "pooling_convention": "full", "count_include_pad": False}, dtype=F64)
pool("sum", S2, {"kernel": (2, 3), "stride": (1, 2), "pad": (1, 1), "pool_type": "sum"})
pool("sum_full", S2, {"kernel": (2, 2), "stride": (2, 2), "pool_type": "sum",
                      "pooling_convention": "full"})
pool("lp1", S2, {"kernel": (2, 2), "pool_type": "lp", "p_value": 1})
pool("lp2", S2, {"kernel": (2, 2), "stride": (2, 2), "pad": (1, 1), "pool_type": "lp",
                 "p_value": 2})
pool("lp3", S2, {"kernel": (2, 2), "pool_type": "lp", "p_value": 3})
pool("lp2_f64", S2, {"kernel": (3, 3), "pool_type": "lp", "p_value": 2}, dtype=F64)
pool("global_max", S2, {"global_pool": True})
pool("global_avg", S2, {"global_pool": True, "pool_type": "avg", "kernel": (2, 2),
                        "stride": (2, 2), "pad": (1, 1)})
pool("global_sum_1d", (2, 3, 6), {"global_pool": True, "pool_type": "sum"})
pool("global_lp2_3d", (1, 2, 3, 3, 3), {"global_pool": True, "pool_type": "lp", "p_value": 2})
pool("max_1d", (2, 3, 7), {"kernel": (3,), "stride": (2,), "pad": (1,)})
# float64: MXNet's float32 (MKL-DNN) backward divides a window clipped by the 'full'
# convention by the whole kernel size, unlike its own forward; the native kernel agrees.
pool("avg_1d_full_f64", (2, 3, 7), {"kernel": (2,), "stride": (2,), "pool_type": "avg",
                                    "pooling_convention": "full"}, dtype=F64)
pool("max_3d", (1, 2, 4, 5, 4), {"kernel": (2, 2, 2), "stride": (2, 1, 2), "pad": (1, 0, 1)})
pool("avg_3d_nocount", (1, 2, 4, 5, 4), {"kernel": (2, 3, 2), "stride": (2, 2, 2),
                                         "pad": (1, 1, 1), "pool_type": "avg",
                                         "count_include_pad": False})
pool("max_nwc", (2, 7, 3), {"kernel": (3,), "stride": (2,), "layout": "NWC"})
pool("max_nhwc", (2, 5, 5, 3), {"kernel": (2, 2), "stride": (2, 1), "pad": (1, 1),
                                "layout": "NHWC"})
pool("avg_nhwc", (2, 5, 5, 3), {"kernel": (3, 3), "stride": (2, 2), "pad": (1, 1),
                                "layout": "NHWC", "pool_type": "avg"})
pool("avg_ndhwc", (1, 4, 4, 4, 2), {"kernel": (2, 2, 2), "layout": "NDHWC", "pool_type": "avg"})
pool("max_ignored_args", S2, {"kernel": (2, 2), "cudnn_off": True, "layout": "NCHW"})

# -- Pooling_v1 -------------------------------------------------------------
pool("v1_max", S2, {"kernel": (2, 2), "stride": (2, 2)}, op="Pooling_v1")
pool("v1_max_pad", S2, {"kernel": (3, 3), "stride": (2, 2), "pad": (1, 1)}, op="Pooling_v1")
pool("v1_avg_pad", S2, {"kernel": (2, 2), "pad": (1, 1), "pool_type": "avg"}, op="Pooling_v1")
pool("v1_avg_full", S2, {"kernel": (2, 2), "stride": (2, 2), "pool_type": "avg",
                         "pooling_convention": "full"}, op="Pooling_v1")
pool("v1_sum_full", S2, {"kernel": (2, 2), "stride": (2, 2), "pool_type": "sum",
                         "pooling_convention": "full"}, op="Pooling_v1")
pool("v1_max_full", S2, {"kernel": (2, 2), "stride": (2, 2), "pooling_convention": "full"},
     op="Pooling_v1")
pool("v1_global_avg", S2, {"global_pool": True, "pool_type": "avg"}, op="Pooling_v1")
pool("v1_max_f64", S2, {"kernel": (2, 3), "pad": (1, 1)}, op="Pooling_v1", dtype=F64)

# -- AdaptiveAvgPooling2D ---------------------------------------------------
for nm, os_ in [("int", 2), ("tuple", (3, 2)), ("same", (5, 5)), ("up", (7, 6)),
                ("default", None)]:
    kw = {} if os_ is None else {"output_size": os_}
    C["adaptive_" + nm] = case("contrib.AdaptiveAvgPooling2D", {"data": randn(*S2)}, kw,
                               rtol=1e-5, atol=1e-6)
C["adaptive_f64"] = case("contrib.AdaptiveAvgPooling2D", {"data": randn(*S2, dtype=F64)},
                         {"output_size": (2, 4)}, rtol=1e-10, atol=1e-12)

# -- errors -----------------------------------------------------------------
x = randn(*S2)
C["err_no_kernel"] = error("Pooling", {"data": x})
C["err_pad_ge_kernel"] = error("Pooling", {"data": x}, {"kernel": (2, 2), "pad": (2, 2)})
C["err_kernel_too_big"] = error("Pooling", {"data": x}, {"kernel": (7, 7)})
C["err_lp_no_p"] = error("Pooling", {"data": x}, {"kernel": (2, 2), "pool_type": "lp"})
C["err_same_2d"] = error("Pooling", {"data": x}, {"kernel": (2, 2),
                                                  "pooling_convention": "same"})
C["err_2d_data"] = error("Pooling", {"data": randn(2, 5)}, {"kernel": (2,)})
C["err_int"] = error("Pooling", {"data": x.astype("int32")}, {"kernel": (2, 2)})
C["err_stride_ndim"] = error("Pooling", {"data": x}, {"kernel": (2, 2), "stride": (1,)})
C["err_v1_3d_kernel"] = error("Pooling_v1", {"data": randn(1, 2, 4, 4, 4)},
                              {"kernel": (2, 2, 2)})
C["err_v1_3d_data"] = error("Pooling_v1", {"data": randn(2, 3, 5)}, {"kernel": (2,)})

save("nn_pool", C)
