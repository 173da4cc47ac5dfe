"""Golden values of MXNet 1.9.1's ``mx.test_utils`` helpers for tests/test_test_utils.py.

Run with the reference interpreter::

    ~/.mxref/bin/python tools/golden/test_utils.py

Writes ``tests/golden/test_utils.npz`` (see ``common.save``).
"""
import os
import sys

import numpy as np
import mxnet as mx
from mxnet import test_utils as tu

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

DTYPES = ["float16", "float32", "float64", "bool", "int8", "uint8", "int32", "int64"]


def tolerances():
    rt, at, eps = tu.default_rtols(), tu.default_atols(), tu.default_numeric_eps()
    out = {}
    for name in DTYPES:
        dt = np.dtype(name)
        out["tol_" + name] = {"rtol": rt[dt], "atol": at[dt],
                              "eps": eps.get(dt, -1.0)}
    return out


def _operand(spec):
    kind, value, dtype = spec
    if kind == "num":
        return value
    arr = np.array(value, dtype=dtype)
    return mx.nd.array(arr, dtype=dtype) if kind == "nd" else arr


# (a, b, rtol, atol, equal_nan) for assert_almost_equal / almost_equal
COMPARE_CASES = {
    "f32_close": (("np", [1.0, 2.0, 3.0], "float32"), ("np", [1.0005, 2.0, 3.0], "float32"),
                  None, None, False),
    "f32_far": (("np", [1.0, 2.0, 3.0], "float32"), ("np", [1.0, 2.01, 3.0], "float32"),
                None, None, False),
    "f16_close": (("np", [1.0, 2.0], "float16"), ("np", [1.05, 2.0], "float16"),
                  None, None, False),
    "f16_vs_f64": (("np", [1.0, 2.0], "float16"), ("np", [1.05, 2.0], "float64"),
                   None, None, False),
    "f64_tight": (("np", [1.0, 2.0], "float64"), ("np", [1.00002, 2.0], "float64"),
                  None, None, False),
    "int_exact": (("np", [1, 2], "int32"), ("np", [1, 3], "int32"), None, None, False),
    "explicit_tol": (("np", [1.0, 2.0], "float32"), ("np", [1.5, 2.0], "float32"),
                     0.0, 0.6, False),
    "dict_tol": (("np", [1.0, 2.0], "float32"), ("np", [1.01, 2.0], "float32"),
                 {np.dtype(np.float32): 0.02}, None, False),
    "nan_equal": (("np", [np.nan, 1.0], "float32"), ("np", [np.nan, 1.0], "float32"),
                  None, None, True),
    "nan_unequal": (("np", [np.nan, 1.0], "float32"), ("np", [np.nan, 1.0], "float32"),
                    None, None, False),
    "nd_vs_np": (("nd", [[1.0, 2.0], [3.0, 4.0]], "float32"),
                 ("np", [[1.0, 2.0], [3.0, 4.1]], "float32"), None, None, False),
    "nd_vs_nd": (("nd", [[1.0, 2.0], [3.0, 4.0]], "float32"),
                 ("nd", [[1.0, 2.5], [3.0, 4.0]], "float32"), None, None, False),
    "number": (("num", 1.0, None), ("np", [1.0, 1.00001], "float32"), None, None, False),
    "broadcast": (("np", [[1.0], [2.0]], "float32"), ("np", [[1.0, 1.0], [2.0, 2.0001]],
                                                        "float32"), None, None, False),
    "many": (("np", np.arange(30.0).reshape(5, 6).tolist(), "float32"),
             ("np", (np.arange(30.0).reshape(5, 6) * 1.1).tolist(), "float32"),
             None, None, False),
    "scalar0d": (("np", 1.0, "float32"), ("np", 2.0, "float32"), None, None, False),
    "inf_equal": (("np", [np.inf, 1.0], "float32"), ("np", [np.inf, 1.0], "float32"),
                  None, None, False),
}


def compare_cases():
    out = {}
    for name, (a, b, rtol, atol, equal_nan) in COMPARE_CASES.items():
        av, bv = _operand(a), _operand(b)
        rt, at = tu.get_tols(av, bv, rtol, atol)
        try:
            tu.assert_almost_equal(av, bv, rtol=rtol, atol=atol, names=("A", "B"),
                                   equal_nan=equal_nan)
            message = ""
        except AssertionError as err:
            # The message's first lines (before NumPy prints the arrays).
            message = "\n".join(str(err).split("\n")[2:4])
        a_np = av.asnumpy() if hasattr(av, "asnumpy") else np.asarray(av)
        b_np = bv.asnumpy() if hasattr(bv, "asnumpy") else np.asarray(bv)
        out["cmp_" + name] = {"rtol": rt, "atol": at, "message": np.array(message),
                              "almost_equal": tu.almost_equal(a_np, b_np, equal_nan=equal_nan),
                              "passes": message == ""}
    return out


def reductions():
    rs = np.random.RandomState(3)
    dat = rs.randn(2, 3, 4)
    out = {"np_reduce_input": {"dat": dat}}
    for name, (axis, keepdims, fn) in {
            "sum_all": (None, False, np.sum), "sum_1": (1, True, np.sum),
            "max_02": ((0, 2), False, np.max), "prod_neg": ([2], True, np.prod)}.items():
        out["np_reduce_" + name] = {"out": tu.np_reduce(dat, axis, keepdims, fn)}
    for name, shape in {"lead": (3, 4), "middle": (2, 1, 4), "ones": (1, 1, 1),
                        "scalarish": (4,), "zero": (0, 4)}.items():
        out["collapse_" + name] = {"out": tu.collapse_sum_like(dat, shape)}
    out["create"] = {"vector": tu.create_vector(5).asnumpy(),
                     "vector_f": tu.create_vector(3, dtype=np.float32).asnumpy(),
                     "tensor": tu.create_2d_tensor(3, 2).asnumpy(),
                     "identity": tu.get_identity_mat(3).asnumpy(),
                     "identity_batch": tu.get_identity_mat_batch(2).asnumpy()}
    np.random.seed(7)
    arr = tu.rand_ndarray((3, 2))
    out["rand_ndarray"] = {"dtype_is_f32": arr.dtype == np.float32,
                           "f64": tu.rand_ndarray((2,), dtype="float64").asnumpy()}
    return out


def main():
    cases = {}
    cases.update(tolerances())
    cases.update(compare_cases())
    cases.update(reductions())
    cases["etol"] = {"none": tu.get_etol(), "given": tu.get_etol(0.3),
                     "rtol_default": tu.get_rtol(), "atol_default": tu.get_atol(),
                     "rtol_f16": tu.get_rtol(None, np.dtype(np.float16)),
                     "atol_given": tu.get_atol(0.5)}
    common.save("test_utils", cases)


if __name__ == "__main__":
    main()
