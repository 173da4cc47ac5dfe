"""Golden values for the ``_linalg_*`` operators (mx.nd.linalg), from MXNet 1.9.1.

Run: ~/.mxref/bin/python tools/golden/linalg.py
Writes tests/golden/linalg.npz; tests/ndarray/test_linalg.py replays every case:
``meta`` (JSON: operator, input names, attributes), ``in_<name>``, ``out<i>``,
``head<i>`` (the head gradients given to backward) and ``grad_<name>``.
"""
import json
import os
import sys

import numpy as np
from mxnet import nd, autograd

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import save  # noqa: E402


def run_case(op, inputs, kwargs=None, seed=0, grad=True):
    """Run ``nd.linalg.<op>`` recorded, backward a random head gradient, keep it all."""
    kwargs = dict(kwargs or {})
    rng = np.random.RandomState(seed + 100)
    arrs = {k: nd.array(v, dtype=v.dtype) for k, v in inputs.items()}
    for a in arrs.values():
        a.attach_grad()
    with autograd.record():
        out = getattr(nd.linalg, op)(**arrs, **kwargs)
    outs = out if isinstance(out, (list, tuple)) else [out]
    case = {"meta": np.array(json.dumps({"op": op, "inputs": list(inputs), "kwargs": kwargs,
                                         "multi": isinstance(out, (list, tuple)),
                                         "grad": grad}))}
    for k, v in inputs.items():
        case["in_" + k] = v
    for i, o in enumerate(outs):
        case["out%d" % i] = o.asnumpy()
    if grad:
        heads = [nd.array(rng.randn(*o.shape), dtype=o.dtype) for o in outs]
        autograd.backward(outs, heads)
        for i, h in enumerate(heads):
            case["head%d" % i] = h.asnumpy()
        for k, a in arrs.items():
            case["grad_" + k] = a.grad.asnumpy()
    return case


def randn(*shape, seed=0, dtype="float64"):
    return np.random.RandomState(seed).randn(*shape).astype(dtype)


def spd(*shape, seed=0, dtype="float64"):
    """Well-conditioned symmetric positive-definite matrices of shape (..., n, n)."""
    n = shape[-1]
    m = randn(*shape, seed=seed)
    a = np.matmul(m, np.swapaxes(m, -1, -2)) / n + np.eye(n)
    return a.astype(dtype)


def lower_pos(*shape, seed=0, dtype="float64"):
    """Full matrices whose lower triangle has a large positive diagonal."""
    n = shape[-1]
    m = randn(*shape, seed=seed) * 0.5
    idx = np.arange(n)
    m[..., idx, idx] = 2.0 + np.abs(m[..., idx, idx])
    return m.astype(dtype)


C = {}

# -- gemm / gemm2 -----------------------------------------------------------
for ta in (False, True):
    for tb in (False, True):
        a = randn(*((4, 3) if ta else (3, 4)), seed=1)
        b = randn(*((5, 4) if tb else (4, 5)), seed=2)
        c = randn(3, 5, seed=3)
        C["gemm_ta%d_tb%d" % (ta, tb)] = run_case(
            "gemm", {"A": a, "B": b, "C": c},
            {"transpose_a": ta, "transpose_b": tb, "alpha": 1.5, "beta": -0.5}, seed=1)
        C["gemm2_ta%d_tb%d" % (ta, tb)] = run_case(
            "gemm2", {"A": a, "B": b}, {"transpose_a": ta, "transpose_b": tb, "alpha": 0.7},
            seed=2)
C["gemm_default"] = run_case("gemm", {"A": randn(3, 4, seed=4), "B": randn(4, 2, seed=5),
                                      "C": randn(3, 2, seed=6)})
C["gemm_f32_batch"] = run_case(
    "gemm", {"A": randn(2, 3, 4, seed=7, dtype="float32"),
             "B": randn(2, 4, 2, seed=8, dtype="float32"),
             "C": randn(2, 3, 2, seed=9, dtype="float32")}, {"alpha": 2.0, "beta": 0.5})
# row axis 0 of (3, 2, 4): matrices are (axis 0, axis 2), batch is axis 1
C["gemm_axis0"] = run_case(
    "gemm", {"A": randn(3, 2, 4, seed=10), "B": randn(4, 2, 5, seed=11),
             "C": randn(3, 2, 5, seed=12)}, {"axis": 0, "alpha": 1.2, "beta": 0.3})
C["gemm_axis_neg3_ta"] = run_case(
    "gemm", {"A": randn(4, 2, 3, seed=13), "B": randn(4, 2, 5, seed=14),
             "C": randn(3, 2, 5, seed=15)}, {"axis": -3, "transpose_a": True})
C["gemm2_axis1_4d"] = run_case(
    "gemm2", {"A": randn(2, 3, 2, 4, seed=16), "B": randn(2, 4, 2, 3, seed=17)},
    {"axis": 1, "transpose_b": False})
C["gemm2_batch_tb_f32"] = run_case(
    "gemm2", {"A": randn(2, 2, 3, 4, seed=18, dtype="float32"),
              "B": randn(2, 2, 5, 4, seed=19, dtype="float32")}, {"transpose_b": True})

# -- potrf / potri ----------------------------------------------------------
C["potrf"] = run_case("potrf", {"A": spd(4, 4, seed=20)}, seed=3)
C["potrf_batch_f32"] = run_case("potrf", {"A": spd(2, 3, 3, seed=21, dtype="float32")}, seed=4)
C["potri"] = run_case("potri", {"A": np.tril(lower_pos(4, 4, seed=22))}, seed=5)
C["potri_full_batch"] = run_case("potri", {"A": lower_pos(2, 3, 3, seed=23)}, seed=6)

# -- trmm / trsm ------------------------------------------------------------
for op, mk in (("trmm", lower_pos), ("trsm", lower_pos)):
    for tr in (False, True):
        for rs in (False, True):
            for lo in (False, True):
                a = mk(3, 3, seed=24)
                b = randn(*((4, 3) if rs else (3, 4)), seed=25)
                C["%s_t%d_r%d_l%d" % (op, tr, rs, lo)] = run_case(
                    op, {"A": a, "B": b},
                    {"transpose": tr, "rightside": rs, "lower": lo, "alpha": 1.3}, seed=7)
    C[op + "_default_batch_f32"] = run_case(
        op, {"A": mk(2, 3, 3, seed=26, dtype="float32"),
             "B": randn(2, 3, 2, seed=27, dtype="float32")}, seed=8)

# -- sumlogdiag / syrk ------------------------------------------------------
C["sumlogdiag"] = run_case("sumlogdiag", {"A": lower_pos(3, 3, seed=28)})
C["sumlogdiag_batch_f32"] = run_case("sumlogdiag",
                                     {"A": lower_pos(2, 4, 4, seed=29, dtype="float32")})
for tr in (False, True):
    C["syrk_t%d" % tr] = run_case("syrk", {"A": randn(3, 4, seed=30)},
                                  {"transpose": tr, "alpha": 0.8}, seed=9)
C["syrk_batch_f32"] = run_case("syrk", {"A": randn(2, 2, 3, seed=31, dtype="float32")})

# -- gelqf / syevd ----------------------------------------------------------
C["gelqf"] = run_case("gelqf", {"A": randn(3, 5, seed=32)}, seed=10)
C["gelqf_square_batch_f32"] = run_case("gelqf", {"A": randn(2, 3, 3, seed=33,
                                                            dtype="float32")}, seed=11)
C["gelqf_doc"] = run_case("gelqf", {"A": np.array([[1., 2., 3.], [4., 5., 6.]])}, seed=12)
C["syevd"] = run_case("syevd", {"A": spd(4, 4, seed=34) + np.diag([0., 1., 2., 3.])},
                      seed=13)
C["syevd_batch_f32"] = run_case("syevd", {"A": (randn(2, 3, 3, seed=35)
                                                + np.swapaxes(randn(2, 3, 3, seed=35), -1, -2)
                                                ).astype("float32")}, seed=14)
C["syevd_nonsym"] = run_case("syevd", {"A": randn(3, 3, seed=36)}, seed=15)
C["potrf_nonsym"] = run_case("potrf", {"A": spd(3, 3, seed=37) + np.triu(
    randn(3, 3, seed=38) * 0.1, 1)}, seed=16)

# -- inverse / det / slogdet ------------------------------------------------
C["inverse"] = run_case("inverse", {"A": spd(3, 3, seed=39) + randn(3, 3, seed=40) * 0.3})
C["inverse_batch_f32"] = run_case("inverse", {"A": (spd(2, 3, 3, seed=41) + randn(
    2, 3, 3, seed=42) * 0.3).astype("float32")})
C["det"] = run_case("det", {"A": randn(3, 3, seed=43) + 2 * np.eye(3)})
C["det_batch_f32"] = run_case("det", {"A": randn(3, 2, 2, seed=44, dtype="float32")})
C["slogdet"] = run_case("slogdet", {"A": randn(3, 3, seed=45) + 2 * np.eye(3)})
C["slogdet_batch"] = run_case("slogdet", {"A": np.stack([randn(3, 3, seed=46),
                                                          -np.eye(3) * 2,
                                                          randn(3, 3, seed=47)])})

# -- diagonals and triangles ------------------------------------------------
sq = randn(4, 4, seed=48)
for off in (0, 1, -2):
    C["extractdiag_o%d" % off] = run_case("extractdiag", {"A": sq}, {"offset": off})
    C["makediag_o%d" % off] = run_case("makediag", {"A": randn(3, seed=49)}, {"offset": off})
    for lo in (True, False):
        C["extracttrian_o%d_l%d" % (off, lo)] = run_case("extracttrian", {"A": sq},
                                                          {"offset": off, "lower": lo})
        n = 6 if off == 0 else 10 if off == 1 else 3
        C["maketrian_o%d_l%d" % (off, lo)] = run_case("maketrian", {"A": randn(n, seed=50)},
                                                       {"offset": off, "lower": lo})
C["extractdiag_batch_f32"] = run_case("extractdiag", {"A": randn(2, 3, 3, 3, seed=51,
                                                                 dtype="float32")})
C["makediag_batch_f32"] = run_case("makediag", {"A": randn(2, 3, seed=52, dtype="float32")},
                                   {"offset": -1})
C["extracttrian_batch_f32"] = run_case("extracttrian", {"A": randn(2, 3, 3, seed=53,
                                                                   dtype="float32")})
C["maketrian_batch_f32"] = run_case("maketrian", {"A": randn(2, 3, seed=54, dtype="float32")},
                                    {"lower": False})

save("linalg", C)
