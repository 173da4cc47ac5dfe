"""Golden values for reductions (issue 3), produced by real MXNet 1.9.1.

Run: ~/.mxref/bin/python tools/golden/reduce.py   (writes tests/golden/reduce.npz)

Cases have the layout of tools/golden/elemwise.py (``record_case``): sum ... min with
axis/keepdims/exclude, norm, moments, cumsum, argmax/argmin/argmax_channel,
khatri_rao, all_finite, multi_all_finite, multi_sum_sq and contrib.allclose.
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import save  # noqa: E402
from elemwise import record_case, backward_error_case  # noqa: E402

REDUCERS = ["sum", "sum_axis", "nansum", "mean", "prod", "nanprod", "max", "max_axis", "min",
            "min_axis"]

AXES = [
    ("all", {}),
    ("ax0", {"axis": 0}),
    ("axneg", {"axis": -1}),
    ("ax02", {"axis": (0, 2)}),
    ("ax02kd", {"axis": (0, 2), "keepdims": True}),
    ("ax1ex", {"axis": 1, "exclude": True}),
    ("empty", {"axis": ()}),
    ("allkd", {"keepdims": True}),
    ("ax1exkd", {"axis": 1, "exclude": True, "keepdims": True}),
    ("listall", {"axis": [0, 1, 2]}),
]


def reduce_input(op, dtype, rng, shape=(2, 3, 4)):
    if op.startswith(("max", "min")):  # integers: ties
        x = rng.randint(-3, 4, shape).astype(dtype)
    elif op in ("prod", "nanprod"):
        x = rng.uniform(0.5, 1.5, shape) * np.sign(rng.uniform(-1, 1, shape))
        x = x.astype(dtype)
    else:
        x = rng.uniform(-2, 2, shape).astype(dtype)
    if op.startswith("nan") and dtype.startswith("float"):
        x.reshape(-1)[[1, 6, 13]] = np.nan
    return x


def main():
    cases = {}
    rng = np.random.RandomState(1)
    f32, f64, f16, i32 = "float32", "float64", "float16", "int32"

    # -- sum ... min
    for op in REDUCERS:
        for tag, kw in AXES:
            if op not in ("sum", "mean", "max", "prod") and tag not in ("all", "ax02kd",
                                                                        "ax1ex"):
                continue
            if tag in ("listall", "ax1exkd") and op not in ("sum", "mean"):
                continue
            record_case(cases, "red_%s_%s_f32" % (op, tag), op, [reduce_input(op, f32, rng)], kw)
        if op.endswith("_axis"):
            continue
        for dt in (f64, f16):
            record_case(cases, "red_%s_ax1_%s" % (op, dt), op, [reduce_input(op, dt, rng)],
                        {"axis": 1})
        for dt in (i32, "int8", "uint8", "int64"):
            if dt in ("int8", "int64") and op not in ("sum", "mean"):
                continue
            x = np.array([[[-7, 3, 5], [100, 2, -1]], [[4, 4, -4], [9, 1, 2]]], dtype=dt) \
                if dt != "uint8" else np.array([[[7, 3, 5], [200, 2, 1]],
                                               [[4, 4, 250], [9, 1, 2]]], dtype=dt)
            record_case(cases, "red_%s_ax2_%s" % (op, dt), op, [x], {"axis": 2})
            record_case(cases, "red_%s_all_%s" % (op, dt), op, [x])
    # edge points
    record_case(cases, "edge_prod_zero", "prod", [np.array([[0, 2, 3], [0, 0, 3]], f32)],
                {"axis": 1})
    record_case(cases, "edge_nanprod", "nanprod",
                [np.array([[np.nan, 2, 3], [np.nan, 0, 3]], f32)], {"axis": 1})
    record_case(cases, "edge_nansum", "nansum", [np.array([[np.nan, 2, 3], [1, 1, np.nan]],
                                                          f32)], {"axis": 1})
    record_case(cases, "edge_sum_nan", "sum", [np.array([np.nan, 2, 3], f32)])
    record_case(cases, "edge_max_ties", "max", [np.array([[1, 2, 2], [3, 3, 3]], f32)],
                {"axis": 1})
    record_case(cases, "edge_min_ties", "min", [np.array([[1, 1, 2], [3, 3, 3]], f32)],
                {"axis": 1})
    record_case(cases, "edge_max_nan", "max", [np.array([1, np.nan, 2], f32)])
    record_case(cases, "edge_mean_int_neg", "mean", [np.array([-1, -2, -2], "int32")])
    record_case(cases, "edge_mean_uint8_wrap", "mean", [np.array([255, 255], "uint8")])
    record_case(cases, "edge_sum_positional", "sum", [reduce_input("sum", f32, rng), 1, True])
    for op in ("sum", "mean", "max"):
        record_case(cases, "err_%s_axis" % op, op, [np.ones((2, 3), f32)], {"axis": 2})
        record_case(cases, "err_%s_dup" % op, op, [np.ones((2, 3), f32)], {"axis": (0, 0)})

    # -- norm
    x = rng.uniform(-2, 2, (2, 3, 4)).astype(f32)
    for ord_ in (1, 2):
        for tag, kw in [("all", {}), ("ax1", {"axis": 1}), ("axneg", {"axis": -1}),
                        ("ax02", {"axis": (0, 2)}), ("ax1kd", {"axis": 1, "keepdims": True}),
                        ("allkd", {"keepdims": True}), ("ax012", {"axis": (0, 1, 2)})]:
            if ord_ == 1 and tag not in ("all", "ax1kd", "ax02"):
                continue
            record_case(cases, "norm_ord%d_%s" % (ord_, tag), "norm", [x], dict(kw, ord=ord_))
        for dt in (f64, f16):
            record_case(cases, "norm_ord%d_%s" % (ord_, dt), "norm", [x.astype(dt)],
                        {"ord": ord_, "axis": 2})
        for dt in (i32, "int64"):
            if dt == "int64" and ord_ == 1:
                continue
            xi = np.array([[3, 3, 0], [3, -4, 1], [4, 4, -4], [0, 0, 0]], dtype=dt)
            record_case(cases, "norm_ord%d_%s_ax1" % (ord_, dt), "norm", [xi],
                        {"ord": ord_, "axis": 1})
            record_case(cases, "norm_ord%d_%s_all" % (ord_, dt), "norm", [xi], {"ord": ord_})
    record_case(cases, "norm_default", "norm", [x])
    record_case(cases, "norm_zero_rows", "norm", [np.array([[0, 0], [3, 4]], f32)], {"axis": 1})
    record_case(cases, "norm_ord1_zero", "norm", [np.array([[0, -1], [3, 0]], f32)],
                {"ord": 1, "axis": 1})
    record_case(cases, "norm_f16_large", "norm", [np.array([300, 400], f16)])
    record_case(cases, "norm_out_dtype_same", "norm", [x], {"out_dtype": "float32"})
    record_case(cases, "norm_out_dtype_f16", "norm", [x.astype(f16)], {"out_dtype": "float16"})
    record_case(cases, "norm_out_dtype_int32", "norm",
                [np.array([3, 4], i32)], {"out_dtype": "int32"})
    record_case(cases, "err_norm_out_dtype_f64", "norm", [x], {"out_dtype": "float64"})
    record_case(cases, "err_norm_out_dtype_int", "norm", [np.array([3, 4], i32)],
                {"out_dtype": "float32"})
    record_case(cases, "err_norm_ord3", "norm", [x], {"ord": 3})
    record_case(cases, "err_norm_axis", "norm", [x], {"axis": 3})

    # -- moments
    xm = rng.uniform(-2, 2, (2, 3, 4)).astype(f32)
    for tag, kw in [("ax1", {"axes": (1,)}), ("ax02", {"axes": (0, 2)}),
                    ("ax02kd", {"axes": (0, 2), "keepdims": True}),
                    ("all", {"axes": (0, 1, 2)}), ("neg", {"axes": (-1,)})]:
        record_case(cases, "moments_%s" % tag, "moments", [xm], kw)
    for dt in (f64, f16):
        record_case(cases, "moments_%s" % dt, "moments", [xm.astype(dt)], {"axes": (2,)})
    record_case(cases, "moments_int32", "moments",
                [np.array([[1, 2, 3], [4, 5, 7], [-1, -2, -2]], i32)], {"axes": (1,)})
    record_case(cases, "err_moments_noaxes", "moments", [xm])
    record_case(cases, "err_moments_dup", "moments", [xm], {"axes": (1, 1)})

    # -- cumsum
    xc = rng.uniform(-2, 2, (2, 3, 4)).astype(f32)
    for tag, kw in [("none", {}), ("ax0", {"axis": 0}), ("ax2", {"axis": 2}),
                    ("f64", {"axis": 1, "dtype": "float64"})]:
        record_case(cases, "cumsum_%s" % tag, "cumsum", [xc], kw)
    for dt in (f64, f16, i32, "int8", "uint8"):
        record_case(cases, "cumsum_%s" % dt, "cumsum", [(xc * 3).astype(dt)], {"axis": 1})
    record_case(cases, "cumsum_int_to_float", "cumsum", [(xc * 3).astype(i32)],
                {"axis": 1, "dtype": "float32"})
    record_case(cases, "err_cumsum_neg_axis", "cumsum", [xc], {"axis": -1})
    record_case(cases, "err_cumsum_axis", "cumsum", [xc], {"axis": 3})

    # -- argmax / argmin / argmax_channel
    xa = rng.randint(-3, 4, (2, 3, 4)).astype(f32)  # ties: the first index wins
    for op in ("argmax", "argmin"):
        for tag, kw in [("none", {}), ("ax1", {"axis": 1}), ("axneg", {"axis": -1}),
                        ("ax1kd", {"axis": 1, "keepdims": True}),
                        ("nonekd", {"keepdims": True})]:
            record_case(cases, "%s_%s" % (op, tag), op, [xa], kw)
        for dt in (f64, f16, i32, "uint8"):
            record_case(cases, "%s_%s" % (op, dt), op, [np.abs(xa).astype(dt)], {"axis": 0})
        record_case(cases, "err_%s_axis" % op, op, [xa], {"axis": 3})
    record_case(cases, "argmax_nan", "argmax", [np.array([1, np.nan, 3], f32)], {"axis": 0})
    record_case(cases, "argmax_channel_2d", "argmax_channel", [xa[0]], backward=False)
    record_case(cases, "argmax_channel_3d", "argmax_channel", [xa], backward=False)
    record_case(cases, "argmax_channel_int32", "argmax_channel", [xa[0].astype(i32)])
    record_case(cases, "err_argmax_channel_1d", "argmax_channel", [xa[0, 0]], backward=False)
    backward_error_case(cases, "bwd_argmax_channel", "argmax_channel", [xa[0]])

    # -- khatri_rao
    a = rng.uniform(-1, 1, (2, 3)).astype(f32)
    b = rng.uniform(-1, 1, (4, 3)).astype(f32)
    c = rng.uniform(-1, 1, (1, 3)).astype(f32)
    record_case(cases, "khatri_rao_two", "khatri_rao", [a, b], backward=False)
    record_case(cases, "khatri_rao_three", "khatri_rao", [a, b, c], backward=False)
    record_case(cases, "khatri_rao_one", "khatri_rao", [a], backward=False)
    record_case(cases, "khatri_rao_f64", "khatri_rao", [a.astype(f64), b.astype(f64)],
                backward=False)
    record_case(cases, "err_khatri_rao_int", "khatri_rao", [a.astype(i32), b.astype(i32)],
                backward=False)
    record_case(cases, "err_khatri_rao_f16", "khatri_rao", [a.astype(f16), b.astype(f16)],
                backward=False)
    record_case(cases, "err_khatri_rao_cols", "khatri_rao", [a, b[:, :2]], backward=False)
    record_case(cases, "err_khatri_rao_3d", "khatri_rao", [a[None]], backward=False)
    record_case(cases, "err_khatri_rao_dtype", "khatri_rao", [a, b.astype(f64)],
                backward=False)
    backward_error_case(cases, "bwd_khatri_rao", "khatri_rao", [a, b])

    # -- finiteness and sums of squares
    fin = np.array([[1, 2], [3, 4]], f32)
    bad = np.array([[1, np.nan], [3, 4]], f32)
    inf = np.array([1, -np.inf], f32)
    for dt in (f32, f64, f16):
        record_case(cases, "all_finite_ok_%s" % dt, "all_finite", [fin.astype(dt)],
                    backward=False)
        record_case(cases, "all_finite_nan_%s" % dt, "all_finite", [bad.astype(dt)],
                    backward=False)
        record_case(cases, "all_finite_inf_%s" % dt, "all_finite", [inf.astype(dt)],
                    backward=False)
        record_case(cases, "multi_all_finite_ok_%s" % dt, "multi_all_finite",
                    [fin.astype(dt), inf[:1].astype(dt)], {"num_arrays": 2}, backward=False)
        record_case(cases, "multi_all_finite_bad_%s" % dt, "multi_all_finite",
                    [fin.astype(dt), inf.astype(dt)], {"num_arrays": 2}, backward=False)
        record_case(cases, "multi_sum_sq_%s" % dt, "multi_sum_sq",
                    [fin.astype(dt), np.array([0.5, -1.5, 2], dt), np.array([[3]], dt)],
                    {"num_arrays": 3}, backward=False)
    record_case(cases, "err_all_finite_int", "all_finite", [fin.astype(i32)], backward=False)
    record_case(cases, "err_multi_all_finite_count", "multi_all_finite", [fin, fin],
                backward=False)
    record_case(cases, "err_multi_all_finite_int", "multi_all_finite", [fin.astype(i32)],
                {"num_arrays": 1}, backward=False)
    record_case(cases, "err_multi_sum_sq_count", "multi_sum_sq", [fin, fin], {"num_arrays": 3},
                backward=False)
    record_case(cases, "err_multi_sum_sq_int", "multi_sum_sq", [fin.astype(i32)],
                {"num_arrays": 1}, backward=False)
    record_case(cases, "err_multi_sum_sq_mixed", "multi_sum_sq", [fin, fin.astype(f16)],
                {"num_arrays": 2}, backward=False)
    backward_error_case(cases, "bwd_all_finite", "all_finite", [fin])
    backward_error_case(cases, "bwd_multi_sum_sq", "multi_sum_sq", [fin])

    # -- contrib.allclose
    p = np.array([[1, 2], [3, 4]], f32)
    for tag, q, kw in [("equal", p, {}), ("tiny", p + 1e-6, {}), ("far", p + 1, {}),
                       ("rtol", p * 1.1, {"rtol": 0.2, "atol": 0}),
                       ("rtol_no", p * 1.1, {"rtol": 0.05, "atol": 0}),
                       ("atol", p + 0.5, {"rtol": 0, "atol": 0.6})]:
        record_case(cases, "allclose_%s" % tag, "contrib.allclose", [p, q], kw, backward=False)
    record_case(cases, "allclose_asym_a", "contrib.allclose",
                [np.array([1.1], f32), np.array([1.0], f32)], {"rtol": 0.095, "atol": 0},
                backward=False)
    record_case(cases, "allclose_asym_b", "contrib.allclose",
                [np.array([1.0], f32), np.array([1.1], f32)], {"rtol": 0.095, "atol": 0},
                backward=False)
    nan = np.array([np.nan, np.inf, 1], f32)
    record_case(cases, "allclose_nan", "contrib.allclose", [nan, nan], backward=False)
    record_case(cases, "allclose_nan_false", "contrib.allclose", [nan, nan],
                {"equal_nan": False}, backward=False)
    record_case(cases, "allclose_int32", "contrib.allclose", [p.astype(i32), p.astype(i32)],
                backward=False)
    record_case(cases, "allclose_f16", "contrib.allclose",
                [p.astype(f16), (p + 0.001).astype(f16)], backward=False)
    record_case(cases, "allclose_f64", "contrib.allclose",
                [p.astype(f64), (p + 1e-9).astype(f64)], backward=False)
    record_case(cases, "err_allclose_shape", "contrib.allclose", [p, p.T.reshape(1, 4)],
                backward=False)
    record_case(cases, "err_allclose_dtype", "contrib.allclose", [p, p.astype(f64)],
                backward=False)

    save("reduce", cases)


if __name__ == "__main__":
    main()
