"""Golden values for elementwise math (issue 3), produced by real MXNet 1.9.1.

Run: ~/.mxref/bin/python tools/golden/elemwise.py   (writes tests/golden/elemwise.npz)

Every case is one call ``mx.nd.<fn>(*args, **kwargs)`` under ``autograd.record`` with a
fixed random head gradient; ``tests/ndarray/test_ops_elemwise.py`` replays it in mxjax.
A case stores ``meta`` (JSON: fn, args, kwargs, which inputs are differentiated,
tolerances, whether MXNet raised), the inputs ``in<i>``, outputs ``out<k>``, head
gradients ``head<k>`` and gradients ``grad<i>``. ``record_case`` is shared with
``tools/golden/reduce.py``.
"""
import json
import os
import sys

import numpy as np
import mxnet as mx
from mxnet import nd, autograd

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import save  # noqa: E402

TOL = {"float16": (4e-3, 4e-3), "float32": (2e-5, 1e-6), "float64": (1e-9, 1e-12)}


def lookup(fn):
    """``mx.nd.<fn>`` (dotted names reach sub-namespaces)."""
    f = nd
    for part in fn.split("."):
        f = getattr(f, part)
    return f


def record_case(cases, name, fn, args, kwargs=None, diff=None, seed=0, rtol=None, atol=None,
                backward=True):
    """Run ``mx.nd.<fn>(*args, **kwargs)`` and store the case under ``name``.

    Parameters
    ----------
    args : list
        NumPy arrays (their dtype is kept) or Python numbers.
    diff : list of int, optional
        Indices of the array arguments to differentiate (default: every float array).
    backward : bool
        Whether to back-propagate (False for operators without a gradient).
    """
    assert name not in cases, name
    kwargs = dict(kwargs or {})
    arrays = [nd.array(a, dtype=a.dtype) if isinstance(a, np.ndarray) else a for a in args]
    float_idx = [i for i, a in enumerate(args)
                 if isinstance(a, np.ndarray) and a.dtype.kind == "f"]
    if diff is None:
        diff = float_idx if backward else []
    first = next((a for a in args if isinstance(a, np.ndarray)), None)
    dt = first.dtype.name if first is not None else "float32"
    d_rtol, d_atol = TOL.get(dt, (0.0, 0.0))
    meta = {"fn": fn, "args": [{"a": i} if isinstance(a, np.ndarray) else {"s": a}
                               for i, a in enumerate(args)],
            "kwargs": kwargs, "diff": diff,
            "rtol": d_rtol if rtol is None else rtol, "atol": d_atol if atol is None else atol}
    case = {}
    for i, a in enumerate(args):
        if isinstance(a, np.ndarray):
            case["in%d" % i] = a
    for i in diff:
        arrays[i].attach_grad()
    try:
        with autograd.record():
            out = lookup(fn)(*arrays, **kwargs)
        outs = out if isinstance(out, (list, tuple)) else [out]
        if not isinstance(outs[0], nd.NDArray):  # a Python number
            meta.update(error=False, python=True, nout=1)
            case["out0"] = np.asarray(out)
            case["meta"] = np.array(json.dumps(meta))
            cases[name] = case
            return case
        for o in outs:
            o.wait_to_read()
        if np.dtype(outs[0].dtype).kind == "f" and dt not in TOL:  # int in, float out
            meta["rtol"], meta["atol"] = TOL[np.dtype(outs[0].dtype).name]
        rng = np.random.RandomState(seed + 7)
        heads = [nd.array(rng.uniform(-1, 1, o.shape).astype(o.dtype), dtype=o.dtype)
                 for o in outs]
        if diff:
            autograd.backward(list(outs), heads)
            for i in diff:
                case["grad%d" % i] = arrays[i].grad.asnumpy()
            for k, h in enumerate(heads):
                case["head%d" % k] = h.asnumpy()
        for k, o in enumerate(outs):
            case["out%d" % k] = o.asnumpy()
        meta.update(error=False, nout=len(outs), multi=isinstance(out, (list, tuple)))
    except (mx.base.MXNetError, TypeError) as err:
        meta.update(error=True, error_type=type(err).__name__,
                    message=str(err).split("\n")[0][:200])
        case = {k: v for k, v in case.items() if k.startswith("in")}
    case["meta"] = np.array(json.dumps(meta))
    cases[name] = case
    return case


def backward_error_case(cases, name, fn, args, kwargs=None):
    """Store whether ``backward`` through ``fn`` raises in MXNet (no gradient defined)."""
    arrays = [nd.array(a, dtype=a.dtype) for a in args]
    for a in arrays:
        a.attach_grad()
    raised = False
    try:
        with autograd.record():
            out = lookup(fn)(*arrays, **(kwargs or {}))
        out.backward()
        nd.waitall()
    except mx.base.MXNetError:
        raised = True
    meta = {"fn": fn, "args": [{"a": i} for i in range(len(args))], "kwargs": kwargs or {},
            "backward_error": raised}
    case = {"in%d" % i: a for i, a in enumerate(args)}
    case["meta"] = np.array(json.dumps(meta))
    cases[name] = case


# ---------------------------------------------------------------------------
# the cases

UNARY = ("abs sign negative exp expm1 log log10 log2 log1p sqrt rsqrt cbrt rcbrt square "
         "reciprocal sin cos tan arcsin arccos arctan sinh cosh tanh arcsinh arccosh arctanh "
         "degrees radians relu sigmoid softsign hard_sigmoid erf erfinv gamma gammaln floor "
         "ceil trunc fix rint round logical_not identity").split()

DOMAIN = {
    "log": (0.1, 3), "log10": (0.1, 3), "log2": (0.1, 3), "sqrt": (0.1, 3), "rsqrt": (0.1, 3),
    "gammaln": (0.2, 4), "gamma": (0.2, 4), "log1p": (-0.9, 2),
    "arcsin": (-0.95, 0.95), "arccos": (-0.95, 0.95), "arctanh": (-0.95, 0.95),
    "erfinv": (-0.95, 0.95), "arccosh": (1.1, 3), "tan": (-1.2, 1.2),
}
AWAY_FROM_ZERO = {"cbrt", "rcbrt", "reciprocal"}
HALVES = {"floor", "ceil", "trunc", "fix", "rint", "round"}

# dtypes whose handling is shared by every operator are checked on a subset
INT_TYPES_OPS = ("exp sqrt negative square erfinv").split()
F16_UNARY = ("abs exp log sqrt rsqrt sigmoid tanh relu erf erfinv gamma round rint square "
             "reciprocal softsign hard_sigmoid degrees").split()
ARITH_BINARY = ("add sub mul div mod power maximum minimum hypot").split()
F16_BINARY = ("add mul div mod power maximum hypot equal").split()
F16_SCALAR = ("_plus_scalar _rminus_scalar _mul_scalar _div_scalar _rdiv_scalar _mod_scalar "
              "_rmod_scalar _power_scalar _rpower_scalar _maximum_scalar _hypot_scalar "
              "_greater_scalar").split()

BINARY = ("add sub mul div mod power maximum minimum hypot equal not_equal greater "
          "greater_equal lesser lesser_equal logical_and logical_or logical_xor").split()

SCALAR = ("_plus_scalar _minus_scalar _rminus_scalar _mul_scalar _div_scalar _rdiv_scalar "
          "_mod_scalar _rmod_scalar _power_scalar _rpower_scalar _maximum_scalar "
          "_minimum_scalar _hypot_scalar _equal_scalar _not_equal_scalar _greater_scalar "
          "_greater_equal_scalar _lesser_scalar _lesser_equal_scalar _logical_and_scalar "
          "_logical_or_scalar _logical_xor_scalar").split()

FUNCTIONS = ("add subtract multiply divide true_divide modulo power maximum minimum equal "
             "not_equal greater greater_equal lesser lesser_equal logical_and logical_or "
             "logical_xor").split()


def unary_input(op, dtype, rng, shape=(2, 3)):
    lo, hi = DOMAIN.get(op, (-2, 2))
    x = rng.uniform(lo, hi, shape)
    if op in AWAY_FROM_ZERO:
        x = np.sign(x + 1e-3) * (0.2 + np.abs(x))
    if op in HALVES:
        x = np.array([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, -1.7, 0.3, 1.2, -0.2, 2.7, 3.5])
        x = x[:int(np.prod(shape))].reshape(shape)
    return x.astype(dtype)


def binary_inputs(op, dtype, rng, sa, sb):
    if op in ("equal not_equal greater greater_equal lesser lesser_equal maximum minimum "
              "logical_and logical_or logical_xor").split():
        a = rng.randint(-2, 3, sa).astype(dtype)
        b = rng.randint(-2, 3, sb).astype(dtype)
    elif op == "power":
        a = rng.uniform(0.5, 2, sa).astype(dtype)
        b = rng.uniform(-2, 2, sb).astype(dtype)
    elif op in ("div", "mod"):
        a = rng.uniform(-4, 4, sa).astype(dtype)
        b = (np.sign(rng.uniform(-1, 1, sb)) * rng.uniform(0.5, 2, sb)).astype(dtype)
    else:
        a = rng.uniform(-2, 2, sa).astype(dtype)
        b = rng.uniform(-2, 2, sb).astype(dtype)
    return a, b


def int_binary_inputs(op, dtype):
    a = np.array([[-7, -3, 0], [3, 7, 2]], dtype=dtype)
    if op == "power":
        a = np.array([[2, -3, 0], [3, 1, 2]], dtype=dtype)
        b = np.array([[3], [2]], dtype=dtype)
    elif op in ("div", "mod"):
        b = np.array([[2, -2, 3]], dtype=dtype)
    else:
        b = np.array([[2, -3, 0]], dtype=dtype)
    if np.dtype(dtype).kind == "u":
        a, b = np.abs(a).astype(dtype), np.abs(b).astype(dtype)
    return a, b


def scalar_input(op, dtype, rng):
    if op in ("_rdiv_scalar", "_rmod_scalar", "_power_scalar"):
        x = np.sign(rng.uniform(-1, 1, (2, 3))) * rng.uniform(0.5, 2, (2, 3))
        if op == "_power_scalar":
            x = np.abs(x)
        return x.astype(dtype)
    if op in ("_maximum_scalar", "_minimum_scalar", "_equal_scalar", "_not_equal_scalar",
              "_greater_scalar", "_greater_equal_scalar", "_lesser_scalar",
              "_lesser_equal_scalar", "_logical_and_scalar", "_logical_or_scalar",
              "_logical_xor_scalar"):
        return np.array([[-1, 0, 1.5], [2.5, 3, 2.5]], dtype=dtype)
    return rng.uniform(-3, 3, (2, 3)).astype(dtype)


def main():
    cases = {}
    rng = np.random.RandomState(0)
    f32, f64, f16, i32 = "float32", "float64", "float16", "int32"

    # -- unary: float dtypes with gradients, integer dtypes forward
    for op in UNARY:
        for dt in (f32, f64, f16):
            if dt == f16 and op not in F16_UNARY:
                continue
            x = unary_input(op, dt, rng)
            tol = {}
            if op in ("gamma", "gammaln", "erfinv", "tan") and dt == f32:
                tol = {"rtol": 1e-4, "atol": 1e-5}
            if op in ("gamma", "gammaln") and dt == f64:  # MXNet's digamma: ~1e-7
                tol = {"rtol": 1e-6, "atol": 1e-7}
            record_case(cases, "unary_%s_%s" % (op, dt), op, [x], **tol)
        for dt in ("int32", "int64", "int8", "uint8"):
            if dt != "int32" and op not in INT_TYPES_OPS:
                continue
            vals = [-2, 0, 1, 4, 7, 10]
            if dt == "uint8":
                vals = [0, 1, 2, 4, 7, 200]
            x = np.array(vals, dtype=dt).reshape(2, 3)
            record_case(cases, "unary_%s_%s" % (op, dt), op, [x])
    # edge points of gradients and values (float32)
    edges = {
        "relu": [-1, 0, 1], "abs": [-1, 0, 1], "sign": [-1, 0, 1], "sqrt": [0, 1, 4],
        "rsqrt": [0, 1, 4], "cbrt": [0, -8, 8], "rcbrt": [0, -8, 8], "log": [0, 1, -1],
        "reciprocal": [0, 2, -2], "erfinv": [-1, 1, 2], "arccosh": [1, 2, 0.5],
        "gamma": [-1.5, -0.5, 3], "gammaln": [-1.5, -0.5, 3], "softsign": [0, 2, -2],
        "hard_sigmoid": [-2.5, 2.5, 0], "arcsin": [1, -1, 0], "arctanh": [1, -1, 0],
        "rint": [0.5, -0.5, 1.5], "round": [0.5, -0.5, -1.5, 0.49999997, -0.49999997, 2.5],
        "fix": [-0.5, 0.5, -1.2],
        "logical_not": [0, -2, 0.5], "log1p": [-1, 0, -2],
    }
    for op, vals in edges.items():  # shape (2, 3) like the other unary cases
        vals = (list(vals) + [0.25, -0.75, 1.5])[:6]
        record_case(cases, "edge_%s" % op, op, [np.array(vals, dtype=f32).reshape(2, 3)])
    x = np.array([[-2, -1, -0.5], [0, 1, 2]], dtype=f32)
    record_case(cases, "edge_hard_sigmoid_params", "hard_sigmoid", [x],
                {"alpha": 0.3, "beta": 0.4})
    record_case(cases, "hard_sigmoid_f64_params", "hard_sigmoid",
                [np.array([[0.3, 3, -0.1], [1, 2, -5]], dtype=f64)], {"alpha": 0.1, "beta": 0.1})
    # clip: gradient 1 at the bounds; inverted bounds; integer data; float32 bounds
    xc = np.array([[-2, -1, 0], [1, 2, 0.5]], dtype=f32)
    record_case(cases, "clip_bounds", "clip", [xc], {"a_min": -1, "a_max": 1})
    record_case(cases, "clip_point", "clip", [xc], {"a_min": 0.5, "a_max": 0.5})
    record_case(cases, "clip_inverted", "clip", [xc], {"a_min": 1.5, "a_max": -0.5})
    record_case(cases, "clip_positional", "clip", [xc, -0.5, 1.5])
    record_case(cases, "clip_f64", "clip",
                [np.array([[0.1, 0.05, 0.3], [0.25, 0.2, -1]], dtype=f64)],
                {"a_min": 0.1, "a_max": 0.2})
    record_case(cases, "clip_f16", "clip", [xc.astype(f16)], {"a_min": -0.3, "a_max": 1.1})
    record_case(cases, "clip_int32", "clip", [np.array([[-2, 0, 3], [2, -1, 1]], dtype=i32)],
                {"a_min": -1.5, "a_max": 2.5})
    record_case(cases, "clip_uint8", "clip",
                [np.array([[1, 200, 50], [100, 101, 0]], dtype="uint8")],
                {"a_min": -1.5, "a_max": 100.7})
    record_case(cases, "clip_missing", "clip", [xc], {"a_min": 0})
    # smooth_l1
    xs = np.array([[-2, -1, -0.25, 0], [0.5, 0.25, 1, 2]], dtype=f32)
    for s in (1.0, 2.0, 0.5):
        record_case(cases, "smooth_l1_%g" % s, "smooth_l1", [xs], {"scalar": s})
    record_case(cases, "smooth_l1_default", "smooth_l1", [xs])
    record_case(cases, "smooth_l1_f64", "smooth_l1", [xs.astype(f64)], {"scalar": 0.1})
    record_case(cases, "smooth_l1_f16", "smooth_l1", [xs.astype(f16)], {"scalar": 1.5})
    record_case(cases, "smooth_l1_int32", "smooth_l1",
                [np.array([[-2, 0, 3], [1, -1, 7]], dtype=i32)],
                {"scalar": 1.0})
    record_case(cases, "hard_sigmoid_int32", "hard_sigmoid", [np.ones((2, 3), dtype=i32)])
    # unary on a 0-size and a 3-d array
    record_case(cases, "unary_exp_3d", "exp", [rng.uniform(-1, 1, (2, 1, 3)).astype(f32)])
    record_case(cases, "unary_identity_alias", "_internal._copy", [xc])

    # -- broadcast_* and their aliases
    shapes = [((2, 3), (2, 1)), ((1, 3), (2, 1))]
    for op in BINARY:
        for dt in (f32, f64, f16):
            for k, (sa, sb) in enumerate(shapes):
                if dt != f32 and k != 0 or dt == f16 and op not in F16_BINARY:
                    continue
                if op not in ARITH_BINARY and (k != 0 or dt == f64):  # gradient is zero
                    continue
                a, b = binary_inputs(op, dt, rng, sa, sb)
                record_case(cases, "bcast_%s_%s_%d" % (op, dt, k), "broadcast_" + op, [a, b])
        for dt in ("int32", "int64", "uint8"):
            if dt != "int32" and op not in ("add sub mul div mod power hypot maximum "
                                            "greater").split():
                continue
            a, b = int_binary_inputs(op, dt)
            record_case(cases, "bcast_%s_%s" % (op, dt), "broadcast_" + op, [a, b])
    for alias, op in (("broadcast_plus", "add"), ("broadcast_minus", "sub")):
        a, b = binary_inputs(op, f32, rng, (2, 3), (2, 1))
        record_case(cases, "bcast_alias_" + alias, alias, [a, b])
    # gradient conventions at edge points
    record_case(cases, "edge_maximum_ties", "broadcast_maximum",
                [np.array([1, 2, 3], dtype=f32), np.array([1, 1, 4], dtype=f32)])
    record_case(cases, "edge_minimum_ties", "broadcast_minimum",
                [np.array([1, 2, 3], dtype=f32), np.array([1, 1, 4], dtype=f32)])
    record_case(cases, "edge_power", "broadcast_power",
                [np.array([0, 2, -2, 0], dtype=f32), np.array([2, 0.5, 2, 0], dtype=f32)])
    record_case(cases, "edge_mod", "broadcast_mod",
                [np.array([-7, 3, 7.5, 1, 0], dtype=f32), np.array([2, -2, 2, 0, 3], dtype=f32)])
    record_case(cases, "edge_hypot", "broadcast_hypot",
                [np.array([3, 0, 1], dtype=f32), np.array([4, 0, 1], dtype=f32)])
    record_case(cases, "edge_div", "broadcast_div",
                [np.array([1, 2, 0], dtype=f32), np.array([0, 4, 0], dtype=f32)])
    record_case(cases, "bcast_int32_div_trunc", "broadcast_div",
                [np.array([-7, -3, 0, 3, 7], dtype=i32), np.array([2, 2, 2, -2, -2], dtype=i32)])
    record_case(cases, "bcast_uint8_add_wrap", "broadcast_add",
                [np.array([200, 100], dtype="uint8"), np.array([100, 200], dtype="uint8")])
    # errors
    a23 = np.ones((2, 3), f32)
    record_case(cases, "err_bcast_shape", "broadcast_add", [a23, np.ones((3, 2), f32)])
    record_case(cases, "err_bcast_dtype", "broadcast_add", [a23, np.ones((2, 3), f64)])
    record_case(cases, "err_elemwise_shape", "elemwise_add", [a23, np.ones((3, 2), f32)])
    record_case(cases, "err_elemwise_bcast", "elemwise_mul", [a23, np.ones((1, 3), f32)])
    record_case(cases, "err_elemwise_dtype", "elemwise_sub", [a23, np.ones((2, 3), f16)])

    # -- elemwise_* and the _name forms (same shapes)
    for op in ("add", "sub", "mul", "div"):
        for dt in (f32, f64, f16, i32):
            a, b = binary_inputs(op, dt, rng, (2, 3), (2, 3)) if dt != i32 else \
                int_binary_inputs("div", dt)
            if dt == i32:
                b = np.broadcast_to(b, a.shape).copy()
            record_case(cases, "elemwise_%s_%s" % (op, dt), "elemwise_" + op, [a, b])
    for name in ("_plus _add _Plus _grad_add _minus _sub _Minus _mul _Mul _div _Div _mod _Mod "
                 "_power _Power _maximum _Maximum _minimum _Minimum _hypot _Hypot _equal _Equal "
                 "_not_equal _Not_Equal _greater _Greater _greater_equal _Greater_Equal _lesser "
                 "_Lesser _lesser_equal _Lesser_Equal _logical_and _Logical_And _logical_or "
                 "_Logical_Or _logical_xor _Logical_Xor").split():
        base = {"_plus": "add", "_add": "add", "_grad_add": "add", "_minus": "sub",
                "_sub": "sub", "_mul": "mul", "_div": "div"}.get(name.lower(),
                                                                 name.lower().strip("_"))
        a, b = binary_inputs(base, f32, rng, (2, 3), (2, 3))
        record_case(cases, "internal_%s" % name, "_internal." + name, [a, b])

    # -- scalar operators
    for op in SCALAR:
        for dt, s in ((f32, 2.5), (f64, 0.7), (f16, 1.5)):
            if dt == f16 and op not in F16_SCALAR:
                continue
            x = scalar_input(op, dt, rng)
            record_case(cases, "scalar_%s_%s_%g" % (op, dt, s), "_internal." + op, [x],
                        {"scalar": s})
        xi = np.array([[-7, -3, 0], [3, 7, 2]], dtype=i32)
        for s in (2.5, -1.5):
            if op in ("_rdiv_scalar", "_rmod_scalar"):
                xi = np.array([[-7, -3, 5], [3, 7, 2]], dtype=i32)
            record_case(cases, "scalar_%s_int32_%g" % (op, s), "_internal." + op, [xi],
                        {"scalar": s})
        record_case(cases, "scalar_%s_int32_notint" % op, "_internal." + op,
                    [np.array([1, 2, 3], dtype=i32)], {"scalar": 2.5, "is_int": False})
        record_case(cases, "scalar_%s_uint8" % op, "_internal." + op,
                    [np.array([1, 200, 3], dtype="uint8")], {"scalar": 100.0})
    for alias in ("_PlusScalar _MinusScalar _MulScalar _DivScalar _RMinusScalar _RDivScalar "
                  "_PowerScalar _RPowerScalar _MaximumScalar _MinimumScalar _ModScalar "
                  "_RModScalar _HypotScalar _EqualScalar _NotEqualScalar _GreaterScalar "
                  "_GreaterEqualScalar _LesserScalar _LesserEqualScalar _LogicalAndScalar "
                  "_LogicalOrScalar _LogicalXorScalar").split():
        x = np.array([[0.5, 1, 1.5], [2, 2.5, 3]], dtype=f32)
        record_case(cases, "scalar_alias_%s" % alias, "_internal." + alias, [x], {"scalar": 2.5})
    record_case(cases, "edge_max_scalar_tie", "_internal._maximum_scalar",
                [np.array([1, 2, 3], dtype=f32)], {"scalar": 2.0})
    record_case(cases, "edge_min_scalar_tie", "_internal._minimum_scalar",
                [np.array([1, 2, 3], dtype=f32)], {"scalar": 2.0})
    record_case(cases, "edge_power_scalar_half", "_internal._power_scalar",
                [np.array([0, 2, -2], dtype=f32)], {"scalar": 0.5})
    record_case(cases, "edge_power_scalar_two", "_internal._power_scalar",
                [np.array([0, 2, -2], dtype=f32)], {"scalar": 2.0})
    record_case(cases, "edge_rpower_scalar_neg", "_internal._rpower_scalar",
                [np.array([0, 2, -2], dtype=f32)], {"scalar": -2.0})
    record_case(cases, "edge_rpower_scalar_zero", "_internal._rpower_scalar",
                [np.array([0, 2, -2], dtype=f32)], {"scalar": 0.0})
    record_case(cases, "edge_rdiv_scalar_zero", "_internal._rdiv_scalar",
                [np.array([1, 0], dtype=f32)], {"scalar": 2.0})
    record_case(cases, "edge_rmod_scalar", "_internal._rmod_scalar",
                [np.array([-2, 3, 2.5, 0], dtype=f32)], {"scalar": 7.0})
    record_case(cases, "edge_hypot_scalar", "_internal._hypot_scalar",
                [np.array([3, 0], dtype=f32)], {"scalar": 4.0})

    # -- Python-level functions: arrays or numbers on either side
    for fn in FUNCTIONS:
        op = {"subtract": "sub", "multiply": "mul", "divide": "div", "true_divide": "div",
              "modulo": "mod"}.get(fn, fn)
        a, b = binary_inputs(op, f32, rng, (2, 3), (2, 1))
        record_case(cases, "fn_%s_arrays" % fn, fn, [a, b])
        record_case(cases, "fn_%s_array_scalar" % fn, fn, [a, 2.0])
        record_case(cases, "fn_%s_scalar_array" % fn, fn, [1.5 if op != "power" else 2.0, a])
        record_case(cases, "fn_%s_scalars" % fn, fn, [3, 2])
        if op in ("add sub mul div mod power maximum minimum").split():
            ai = np.array([[-7, -3, 5], [3, 7, 2]], dtype=i32)
            record_case(cases, "fn_%s_int32_scalar" % fn, fn, [ai, 2.5])
            record_case(cases, "fn_%s_scalar_int32" % fn, fn, [7.5, ai])
        record_case(cases, "fn_%s_numpy" % fn, fn, [a, np.ones((2, 3), f32).tolist()])
    record_case(cases, "fn_add_float_scalars", "add", [2.5, 0.25])

    # -- add_n / ElementWiseSum
    for name in ("add_n", "ElementWiseSum"):
        xs = [rng.uniform(-1, 1, (2, 3)).astype(f32) for _ in range(3)]
        record_case(cases, "%s_f32" % name, name, xs)
        record_case(cases, "%s_one" % name, name, xs[:1])
        record_case(cases, "%s_f64" % name, name, [x.astype(f64) for x in xs[:2]])
        record_case(cases, "%s_f16" % name, name, [x.astype(f16) for x in xs])
        record_case(cases, "%s_int32" % name, name,
                    [np.array([[1, 2], [3, 4]], i32), np.array([[5, -6], [7, 8]], i32)])
        record_case(cases, "err_%s_shape" % name, name, [xs[0], np.ones((1, 3), f32)])
        record_case(cases, "err_%s_dtype" % name, name, [xs[0], xs[1].astype(f64)])
    record_case(cases, "add_n_same_input", "add_n", [xs[0], xs[0]], diff=[0])

    # -- contrib elementwise
    xq = rng.uniform(-2, 2, (2, 3)).astype(f32)
    for dt in (f32, f64, f16):
        record_case(cases, "quadratic_%s" % dt, "contrib.quadratic", [xq.astype(dt)],
                    {"a": 0.1, "b": 0.3, "c": 0.7})
        record_case(cases, "div_sqrt_dim_%s" % dt, "contrib.div_sqrt_dim",
                    [rng.uniform(-2, 2, (2, 3)).astype(dt)])
        record_case(cases, "gradientmultiplier_%s" % dt, "contrib.gradientmultiplier",
                    [xq.astype(dt)], {"scalar": -2.5})
        xr = np.array([[-2.5, -0.4, 0.49], [0.5, 1.5, -1.5]], dtype=dt)
        record_case(cases, "round_ste_%s" % dt, "contrib.round_ste", [xr])
        record_case(cases, "sign_ste_%s" % dt, "contrib.sign_ste",
                    [np.array([[-2.5, 0, 0.5], [1.5, -0.1, 3]], dtype=dt)])
        xn = np.array([[1, np.nan, np.inf], [-np.inf, 0, -2]], dtype=dt)
        for f in ("isfinite", "isinf", "isnan"):
            record_case(cases, "%s_%s" % (f, dt), "contrib." + f, [xn])
    record_case(cases, "quadratic_default", "contrib.quadratic", [xq])
    record_case(cases, "quadratic_int32", "contrib.quadratic",
                [np.array([1, 2, -1, -2, 7], dtype=i32)], {"a": 1.5, "b": 0.5, "c": 0.5})
    record_case(cases, "quadratic_int64", "contrib.quadratic",
                [np.array([1, 2, -3], dtype="int64")], {"a": 0.5, "b": 0.5, "c": 0.5})
    record_case(cases, "div_sqrt_dim_int32", "contrib.div_sqrt_dim",
                [np.array([[1, 2, 3, 9], [-5, 4, 7, 8]], dtype=i32)])
    record_case(cases, "div_sqrt_dim_3d", "contrib.div_sqrt_dim",
                [rng.uniform(-2, 2, (2, 2, 5)).astype(f32)])
    record_case(cases, "gradientmultiplier_default", "contrib.gradientmultiplier", [xq])
    record_case(cases, "gradientmultiplier_int32", "contrib.gradientmultiplier",
                [np.array([1, 2], dtype=i32)], {"scalar": 2.5})
    for f in ("isfinite", "isinf", "isnan"):
        record_case(cases, "%s_int32" % f, "contrib." + f,
                    [np.array([[1, -2, 0], [3, 4, 5]], dtype=i32)])
    for f in ("round_ste", "sign_ste"):
        record_case(cases, "%s_int32" % f, "contrib." + f, [np.array([-1, 2, 0], dtype=i32)])

    save("elemwise", cases)


if __name__ == "__main__":
    main()
