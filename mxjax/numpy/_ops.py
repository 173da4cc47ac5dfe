"""The operators behind ``mx.np``: pure JAX functions registered in the one registry.

Each family is generated from a table (name, JAX function, dtype rule), registered
under MXNet's operator name (``_npi_<name>`` or ``_np_<name>``), so recording,
replay, ``jax.vjp`` and compilation are the ones ``mx.nd`` uses.

Dtype rules follow MXNet 1.9.1 with ``npx.set_np()`` (checked against golden
fixtures): element-wise math keeps the input dtype (``sqrt`` of int32 is int32),
``true_divide`` of integers gives float32, ``mean`` of integers gives float32,
``sum``/``prod`` of booleans give int64, index results (argmax, argsort ...) are int64.
"""
import numpy as onp
import jax.numpy as jnp

from ..base import MXNetError, shape_str
from ..ndarray.registry import register, _OPS

__all__ = ["op_name", "UNARY", "BINARY", "REDUCE", "GENERIC"]

# MXNet 1.9.1 registers these as ``_np_<name>``; the others are ``_npi_<name>``.
_NP_PREFIXED = set("all amax amin any atleast_1d atleast_2d atleast_3d copy cumsum diag "
                   "diagflat diagonal dot max min moveaxis prod product repeat reshape roll "
                   "sometrue squeeze sum trace transpose".split())


def op_name(name):
    """MXNet's registered operator name for the ``mx.np`` function ``name``."""
    return ("_np_" if name in _NP_PREFIXED else "_npi_") + name


def _is_int(dt):
    return jnp.issubdtype(dt, jnp.integer) or dt == jnp.bool_


def _compute_float(dt):
    """The float type integer/bool data is computed in."""
    return jnp.float64 if dt in (jnp.int64, jnp.uint64) else jnp.float32


def _reg(name, fn):
    opname = op_name(name)
    if opname not in _OPS:
        register(opname)(fn)
    return opname


# ---------------------------------------------------------------------------
# element-wise unary: the result keeps the input dtype (MXNet 1.9.1)

_ROUNDING = {"ceil", "floor", "trunc", "rint", "fix", "around", "round"}
_DIRECT_INT = {"abs", "absolute", "negative", "sign", "square", "positive", "fabs"} | _ROUNDING

UNARY = {
    "abs": jnp.abs, "absolute": jnp.abs, "fabs": jnp.abs, "negative": jnp.negative,
    "positive": jnp.positive, "sign": jnp.sign, "square": jnp.square,
    "ceil": jnp.ceil, "floor": jnp.floor, "trunc": jnp.trunc, "rint": jnp.rint, "fix": jnp.trunc,
    "sqrt": jnp.sqrt, "cbrt": jnp.cbrt, "reciprocal": jnp.reciprocal,
    "exp": jnp.exp, "expm1": jnp.expm1, "log": jnp.log, "log10": jnp.log10,
    "log1p": jnp.log1p, "log2": jnp.log2,
    "sin": jnp.sin, "cos": jnp.cos, "tan": jnp.tan, "arcsin": jnp.arcsin,
    "arccos": jnp.arccos, "arctan": jnp.arctan, "sinh": jnp.sinh, "cosh": jnp.cosh,
    "tanh": jnp.tanh, "arcsinh": jnp.arcsinh, "arccosh": jnp.arccosh, "arctanh": jnp.arctanh,
    "degrees": jnp.degrees, "rad2deg": jnp.rad2deg, "radians": jnp.radians,
    "deg2rad": jnp.deg2rad, "i0": jnp.i0, "spacing": None,
}
# boolean results
UNARY_BOOL = {"isnan": jnp.isnan, "isinf": jnp.isinf, "isfinite": jnp.isfinite,
              "isposinf": jnp.isposinf, "isneginf": jnp.isneginf,
              "logical_not": jnp.logical_not, "signbit": jnp.signbit}
# integer (and boolean) inputs only
UNARY_INT = {"bitwise_not": jnp.bitwise_not, "invert": jnp.invert}


def _spacing(x):
    return jnp.nextafter(x, jnp.where(x >= 0, jnp.inf, -jnp.inf).astype(x.dtype)) - x


UNARY["spacing"] = _spacing


def _unary_op(name, f):
    def op(x):
        dt = x.dtype
        if _is_int(dt):
            if name in _ROUNDING or name in ("positive",):
                return x
            if name in _DIRECT_INT and dt != jnp.bool_:
                return f(x)
            return f(x.astype(_compute_float(dt))).astype(dt)
        return f(x)
    op.__name__ = name
    op.__doc__ = "Element-wise %s (the result keeps the input dtype)." % name
    return op


def _unary_bool_op(name, f):
    def op(x):
        if _is_int(x.dtype) and name not in ("logical_not", "signbit"):
            return f(x.astype(jnp.float32))
        return f(x)
    op.__name__ = name
    return op


def _unary_int_op(name, f):
    def op(x):
        if not _is_int(x.dtype):
            raise MXNetError("Operator %s: only integer and boolean inputs are supported, "
                             "got %s" % (op_name(name), onp.dtype(x.dtype).name))
        return f(x)
    op.__name__ = name
    return op


for _n, _f in UNARY.items():
    _reg(_n, _unary_op(_n, _f))
for _n, _f in UNARY_BOOL.items():
    _reg(_n, _unary_bool_op(_n, _f))
for _n, _f in UNARY_INT.items():
    _reg(_n, _unary_int_op(_n, _f))


# ---------------------------------------------------------------------------
# element-wise binary (with broadcasting) and their scalar forms

# name -> (JAX function, kind); kind: 'arith' (promote), 'truediv' (integers give
# float32), 'float' (integers computed in float32), 'cmp' (bool), 'int' (integers only)
BINARY = {
    "add": (jnp.add, "arith"), "subtract": (jnp.subtract, "arith"),
    "multiply": (jnp.multiply, "arith"), "mod": (jnp.mod, "arith"),
    "remainder": (jnp.remainder, "arith"), "power": (jnp.power, "arith"),
    "maximum": (jnp.maximum, "arith"), "minimum": (jnp.minimum, "arith"),
    "floor_divide": (jnp.floor_divide, "arith"),
    "true_divide": (jnp.true_divide, "truediv"), "divide": (jnp.true_divide, "truediv"),
    "arctan2": (jnp.arctan2, "float"), "hypot": (jnp.hypot, "float"),
    "copysign": (jnp.copysign, "float"), "float_power": (jnp.float_power, "float"),
    "heaviside": (jnp.heaviside, "float"), "ldexp": (None, "float"),
    "equal": (jnp.equal, "cmp"), "not_equal": (jnp.not_equal, "cmp"),
    "greater": (jnp.greater, "cmp"), "greater_equal": (jnp.greater_equal, "cmp"),
    "less": (jnp.less, "cmp"), "less_equal": (jnp.less_equal, "cmp"),
    "logical_and": (jnp.logical_and, "cmp"), "logical_or": (jnp.logical_or, "cmp"),
    "logical_xor": (jnp.logical_xor, "cmp"),
    "bitwise_and": (jnp.bitwise_and, "int"), "bitwise_or": (jnp.bitwise_or, "int"),
    "bitwise_xor": (jnp.bitwise_xor, "int"), "lcm": (jnp.lcm, "int"), "gcd": (jnp.gcd, "int"),
}


def _ldexp(x1, x2):
    return x1 * jnp.power(jnp.asarray(2, x1.dtype), x2.astype(x1.dtype))


BINARY["ldexp"] = (_ldexp, "float")


def _check_broadcast(name, a, b):
    sa, sb = a.shape, b.shape
    n = max(len(sa), len(sb))
    pa = (1,) * (n - len(sa)) + tuple(sa)
    pb = (1,) * (n - len(sb)) + tuple(sb)
    for x, y in zip(pa, pb):
        if x != y and x != 1 and y != 1:
            raise MXNetError("Operator %s: operands could not be broadcast together with "
                             "shapes %s %s" % (op_name(name), shape_str(sa), shape_str(sb)))


def _binary_op(name, f, kind):
    def op(x1, x2):
        _check_broadcast(name, x1, x2)
        if kind == "int":
            for x in (x1, x2):
                if not _is_int(x.dtype):
                    raise MXNetError("Operator %s: only integer and boolean inputs are "
                                     "supported, got %s" % (op_name(name),
                                                             onp.dtype(x.dtype).name))
        if kind in ("truediv", "float") and _is_int(x1.dtype) and _is_int(x2.dtype):
            x1, x2 = x1.astype(jnp.float32), x2.astype(jnp.float32)
        return f(x1, x2)
    op.__name__ = name
    return op


def _scalar_op(name, f, kind):
    """``x op scalar`` (``reverse``: ``scalar op x``); the scalar takes x's dtype (MXNet)."""
    def op(x, *, scalar, reverse=False):
        dt = x.dtype
        if kind == "cmp":
            s = scalar
        elif kind in ("truediv", "float") and _is_int(dt):
            x = x.astype(jnp.float32)
            s = jnp.asarray(scalar, jnp.float32)
        elif dt == jnp.bool_:
            s = scalar
        else:
            s = jnp.asarray(onp.asarray(scalar).astype(dt))
        res = f(s, x) if reverse else f(x, s)
        if kind not in ("cmp", "truediv", "float") and dt != jnp.bool_ and res.dtype != dt:
            res = res.astype(dt)
        return res
    op.__name__ = name + "_scalar"
    return op


for _n, (_f, _k) in BINARY.items():
    _reg(_n, _binary_op(_n, _f, _k))
    if op_name(_n) + "_scalar" not in _OPS:
        register(op_name(_n) + "_scalar")(_scalar_op(_n, _f, _k))


# ---------------------------------------------------------------------------
# reductions: (JAX function, dtype rule)


def _axis(axis):
    return tuple(axis) if isinstance(axis, list) else axis


def _reduce_op(name, f, rule):
    def op(a, *, axis=None, keepdims=False, dtype=None, **kw):
        dt = a.dtype
        if rule == "index":
            res = f(a, axis=axis, keepdims=keepdims) if keepdims else f(a, axis=axis)
            return res.astype(jnp.int64)
        if rule == "bool":
            return f(a, axis=axis, keepdims=keepdims)
        if dtype is not None:
            target = jnp.dtype(dtype)
        elif rule == "sum":  # booleans count as int64, integers keep their type
            target = jnp.dtype(jnp.int64) if dt == jnp.bool_ else dt
        elif rule == "mean":  # integers give float32
            target = jnp.dtype(jnp.float32) if _is_int(dt) else dt
        else:  # keep
            target = dt
        src = a
        if rule in ("mean", "keep_float") and _is_int(dt):
            src = a.astype(_compute_float(dt))
        elif rule == "sum" and dt == jnp.bool_:
            src = a.astype(jnp.int64)
        res = f(src, axis=axis, keepdims=keepdims, **kw)
        return res.astype(target)
    op.__name__ = name
    return op


REDUCE = {
    "sum": (jnp.sum, "sum"), "prod": (jnp.prod, "sum"), "product": (jnp.prod, "sum"),
    "nanprod": (jnp.nanprod, "sum"),
    "mean": (jnp.mean, "mean"), "std": (jnp.std, "keep_float"), "var": (jnp.var, "keep_float"),
    "max": (jnp.max, "keep"), "min": (jnp.min, "keep"), "amax": (jnp.max, "keep"),
    "amin": (jnp.min, "keep"), "nanmax": (jnp.nanmax, "keep"), "nanmin": (jnp.nanmin, "keep"),
    "ptp": (jnp.ptp, "keep"),
    "all": (jnp.all, "bool"), "any": (jnp.any, "bool"), "alltrue": (jnp.all, "bool"),
    "sometrue": (jnp.any, "bool"),
    "argmax": (jnp.argmax, "index"), "argmin": (jnp.argmin, "index"),
    "nanargmax": (jnp.nanargmax, "index"), "nanargmin": (jnp.nanargmin, "index"),
    "count_nonzero": (jnp.count_nonzero, "index"),
}

for _n, (_f, _r) in REDUCE.items():
    _reg(_n, _reduce_op(_n, _f, _r))


# ---------------------------------------------------------------------------
# everything else: thin wrappers over jax.numpy with static attributes.
# name -> (array parameters, JAX function, dtype rule). An array parameter starting
# with '*' is a sequence of arrays; '?' marks an optional one (None when absent).


def _keep_first(res, data):
    return res.astype(data[0].dtype)


def _as_int64(res, data):
    if isinstance(res, (tuple, list)):
        return tuple(r.astype(jnp.int64) for r in res)
    return res.astype(jnp.int64)


def _float_in(data):
    return [d.astype(jnp.float32) if d is not None and _is_int(d.dtype) else d for d in data]


def _clip(a, a_min=None, a_max=None):
    """Clip; the gradient passes where ``a_min <= a <= a_max`` (bounds included, as MXNet)."""
    out = a
    if a_min is not None:
        lo = jnp.asarray(a_min).astype(a.dtype)
        out = jnp.where(a < lo, lo, out)
    if a_max is not None:
        hi = jnp.asarray(a_max).astype(a.dtype)
        out = jnp.where(a > hi, hi, out)
    return out


def _around(x, decimals=0):
    if _is_int(x.dtype):
        return x
    return jnp.round(x, decimals)


def _take(a, indices, axis=None, mode="raise"):
    mode = {"raise": "clip"}.get(mode, mode)
    if mode == "wrap":
        n = a.size if axis is None else a.shape[axis]
        indices = jnp.mod(indices.astype(jnp.int64), n)
        mode = "clip"
    return jnp.take(a, indices.astype(jnp.int64), axis=axis, mode=mode)


def _split(ary, indices_or_sections, axis=0, _fn=jnp.split):
    return tuple(_fn(ary, indices_or_sections, axis=axis))


def _reshape(a, newshape, order="C"):
    return jnp.reshape(a, newshape, order=order)


def _einsum(*operands, subscripts, optimize=False):
    return jnp.einsum(subscripts, *operands)


def _tensordot(a, b, axes=2):
    return jnp.tensordot(a, b, axes=axes)


def _where(condition, x, y):
    return jnp.where(condition.astype(bool), x, y)


def _diff(a, prepend=None, append=None, *, n=1, axis=-1):
    return jnp.diff(a, n=n, axis=axis, prepend=prepend, append=append)


def _ediff1d(ary, to_end=None, to_begin=None):
    return jnp.ediff1d(ary, to_end=to_end, to_begin=to_begin)


def _average(a, weights=None, *, axis=None, returned=False):
    if _is_int(a.dtype):
        a = a.astype(jnp.float32)
    return jnp.average(a, axis=axis, weights=weights, returned=returned)


def _trapz(y, x=None, *, dx=1.0, axis=-1):
    return jnp.trapezoid(y, x=x, dx=dx, axis=axis)


def _quantile_like(f):
    def op(a, q, *, axis=None, interpolation="linear", keepdims=False, method=None,
           overwrite_input=None):
        a = a.astype(jnp.float32) if _is_int(a.dtype) else a
        return f(a, q.astype(a.dtype), axis=axis, method=method or interpolation,
                 keepdims=keepdims)
    return op


def _cov(m, y=None, fweights=None, aweights=None, *, rowvar=True, bias=False, ddof=None,
         dtype=None):
    m = m.astype(jnp.float32) if _is_int(m.dtype) else m
    return jnp.cov(m, y, rowvar=rowvar, bias=bias, ddof=ddof, fweights=fweights,
                   aweights=aweights)


def _corrcoef(x, y=None, *, rowvar=True, dtype=None):
    x = x.astype(jnp.float32) if _is_int(x.dtype) else x
    return jnp.corrcoef(x, y, rowvar=rowvar)


def _nan_to_num(x, *, copy=True, nan=0.0, posinf=None, neginf=None):
    return jnp.nan_to_num(x, nan=nan, posinf=posinf, neginf=neginf)


def _pad(x, *, pad_width=None, mode="constant", **kw):
    return jnp.pad(x, pad_width, mode=mode, **kw)


def _argsort(a, *, axis=-1, kind=None, order=None, descending=False):
    return jnp.argsort(a, axis=axis, stable=True, descending=descending).astype(jnp.int64)


def _sort(a, *, axis=-1, kind=None, order=None):
    return jnp.sort(a, axis=axis)


def _searchsorted(a, v, *, side="left", sorter=None):
    return jnp.searchsorted(a, v, side=side).astype(jnp.int64)


def _interp(x, xp, fp, *, left=None, right=None, period=None):
    return jnp.interp(x, xp, fp, left=left, right=right, period=period)


def _isclose(a, b, *, rtol=1e-05, atol=1e-08, equal_nan=False):
    return jnp.isclose(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan)


def _broadcast_to(array, *, shape):
    return jnp.broadcast_to(array, shape)


def _frexp(x):
    m, e = jnp.frexp(x)
    return m, e.astype(jnp.int32)


def _divmod(x1, x2):
    return jnp.floor_divide(x1, x2), jnp.mod(x1, x2)


def _modf(x):
    return jnp.modf(x)


def _in1d(ar1, ar2, *, assume_unique=False, invert=False):
    return jnp.isin(ar1.ravel(), ar2, assume_unique=assume_unique, invert=invert)


def _isin(element, test_elements, *, assume_unique=False, invert=False):
    return jnp.isin(element, test_elements, assume_unique=assume_unique, invert=invert)


def _msort(a):
    return jnp.sort(a, axis=0)


def _lexsort(*keys, axis=-1):
    return jnp.lexsort(keys, axis=axis).astype(jnp.int64)


def _vander(x, *, N=None, increasing=False):
    return jnp.vander(x, N=N, increasing=increasing)


def _rollaxis(a, *, axis, start=0):
    return jnp.rollaxis(a, axis, start)


def _take_along_axis(arr, indices, *, axis):
    return jnp.take_along_axis(arr, indices.astype(jnp.int64), axis=axis)


def _stack_fn(f):
    def op(*arrays, **kw):
        return f(list(arrays), **kw)
    return op


def _as_float64(f):
    """MXNet 1.9.1 computes these with official NumPy (its fallback): float64 results."""
    def op(*args, **kw):
        return f(*args, **kw).astype(jnp.float64)
    return op


def _atleast(f):
    def op(*arys):
        res = f(*arys)
        return tuple(res) if isinstance(res, (list, tuple)) else res
    return op


def _unwrap(p, *, discont=None, axis=-1, period=2 * onp.pi):
    return jnp.unwrap(p, discont=discont, axis=axis, period=period)


def _real(val):
    return jnp.real(val)


def _tril(m, *, k=0):
    return jnp.tril(m, k)


def _triu(m, *, k=0):
    return jnp.triu(m, k)


def _polyval(p, x):
    return jnp.polyval(p, x)


GENERIC = {
    # shape manipulation
    "reshape": (("a",), _reshape, None),
    "transpose": (("a",), lambda a, axes=None: jnp.transpose(a, axes), None),
    "swapaxes": (("a",), lambda a, axis1, axis2: jnp.swapaxes(a, axis1, axis2), None),
    "moveaxis": (("a",), lambda a, source, destination: jnp.moveaxis(a, source, destination),
                 None),
    "rollaxis": (("a",), _rollaxis, None),
    "expand_dims": (("a",), lambda a, axis: jnp.expand_dims(a, axis), None),
    "squeeze": (("a",), lambda a, axis=None: jnp.squeeze(a, axis), None),
    "ravel": (("x",), lambda x, order="C": jnp.ravel(x, order=order), None),
    "broadcast_to": (("array",), _broadcast_to, None),
    "tile": (("A",), lambda A, reps: jnp.tile(A, reps), None),
    "repeat": (("a",), lambda a, repeats, axis=None: jnp.repeat(a, repeats, axis=axis), None),
    "flip": (("m",), lambda m, axis=None: jnp.flip(m, axis), None),
    "fliplr": (("m",), jnp.fliplr, None),
    "flipud": (("m",), jnp.flipud, None),
    "roll": (("a",), lambda a, shift, axis=None: jnp.roll(a, shift, axis), None),
    "rot90": (("m",), lambda m, k=1, axes=(0, 1): jnp.rot90(m, k, axes), None),
    "tril": (("m",), _tril, None),
    "triu": (("m",), _triu, None),
    "diag": (("array",), lambda v, k=0: jnp.diag(v, k), None),
    "diagflat": (("array",), lambda v, k=0: jnp.diagflat(v, k), None),
    "diagonal": (("a",), lambda a, offset=0, axis1=0, axis2=1:
                 jnp.diagonal(a, offset, axis1, axis2), None),
    "trace": (("a",), lambda a, offset=0, axis1=0, axis2=1:
              jnp.trace(a, offset, axis1, axis2), None),
    "pad": (("x",), _pad, None),
    "atleast_1d": (("*arys",), _atleast(jnp.atleast_1d), None),
    "atleast_2d": (("*arys",), _atleast(jnp.atleast_2d), None),
    "atleast_3d": (("*arys",), _atleast(jnp.atleast_3d), None),
    "concatenate": (("*seq",), _stack_fn(jnp.concatenate), None),
    "stack": (("*arrays",), _stack_fn(jnp.stack), None),
    "vstack": (("*arrays",), _stack_fn(jnp.vstack), None),
    "row_stack": (("*arrays",), _stack_fn(jnp.vstack), None),
    "hstack": (("*arrays",), _stack_fn(jnp.hstack), None),
    "dstack": (("*arrays",), _stack_fn(jnp.dstack), None),
    "column_stack": (("*tup",), _stack_fn(jnp.column_stack), None),
    "split": (("ary",), _split, None),
    "array_split": (("ary",), lambda ary, indices_or_sections, axis=0:
                    _split(ary, indices_or_sections, axis, jnp.array_split), None),
    "hsplit": (("ary",), lambda ary, indices_or_sections: tuple(
        jnp.hsplit(ary, indices_or_sections)), None),
    "vsplit": (("ary",), lambda ary, indices_or_sections: tuple(
        jnp.vsplit(ary, indices_or_sections)), None),
    "dsplit": (("ary",), lambda ary, indices_or_sections: tuple(
        jnp.dsplit(ary, indices_or_sections)), None),
    # element-wise with attributes
    "unravel_index": (("indices",), lambda indices, shape, order="C": tuple(
        i.astype(jnp.int64) for i in jnp.unravel_index(indices, shape)), None),
    "append": (("arr", "values"), lambda arr, values, axis=None:
               jnp.append(arr, values.astype(arr.dtype), axis=axis), None),
    "clip": (("a",), _clip, None),
    "around": (("x",), _around, None),
    "round": (("x",), _around, None),
    "round_": (("x",), _around, None),
    "nan_to_num": (("x",), _nan_to_num, None),
    "where": (("condition", "x", "y"), _where, None),
    "isclose": (("a", "b"), _isclose, None),
    "frexp": (("x",), _frexp, None),
    "modf": (("x",), _modf, None),
    "divmod": (("x1", "x2"), _divmod, None),
    "real": (("val",), _real, None),
    "unwrap": (("p",), _unwrap, None),
    # scans, sorting, searching
    "cumsum": (("a",), lambda a, axis=None, dtype=None: jnp.cumsum(
        a, axis=axis, dtype=dtype or (jnp.int64 if a.dtype == jnp.bool_ else a.dtype)), None),
    "nancumsum": (("a",), lambda a, axis=None, dtype=None: jnp.nancumsum(
        a, axis=axis, dtype=dtype or a.dtype), None),
    "nancumprod": (("a",), lambda a, axis=None, dtype=None: jnp.nancumprod(
        a, axis=axis, dtype=dtype or a.dtype), None),
    "diff": (("a", "?prepend", "?append"), _diff, None),
    "ediff1d": (("ary", "?to_end", "?to_begin"), _ediff1d, None),
    "sort": (("a",), _sort, None),
    "msort": (("a",), _msort, None),
    "argsort": (("a",), _argsort, None),
    "lexsort": (("*keys",), _lexsort, None),
    "searchsorted": (("a", "v"), _searchsorted, None),
    "take": (("a", "indices"), _take, None),
    "take_along_axis": (("arr", "indices"), _take_along_axis, None),
    "isin": (("element", "test_elements"), _isin, None),
    "in1d": (("ar1", "ar2"), _in1d, None),
    # linear algebra products
    "dot": (("a", "b"), lambda a, b: jnp.dot(a, b), None),
    "matmul": (("a", "b"), lambda a, b: jnp.matmul(a, b), None),
    "tensordot": (("a", "b"), _tensordot, None),
    "inner": (("a", "b"), jnp.inner, None),
    "outer": (("a", "b"), jnp.outer, None),
    "vdot": (("a", "b"), jnp.vdot, None),
    "einsum": (("*operands",), _einsum, None),
    # statistics
    "average": (("a", "?weights"), _average, None),
    "percentile": (("a", "q"), _quantile_like(jnp.percentile), None),
    "quantile": (("a", "q"), _quantile_like(jnp.quantile), None),
    "nanpercentile": (("a", "q"), _quantile_like(jnp.nanpercentile), None),
    "nanquantile": (("a", "q"), _quantile_like(jnp.nanquantile), None),
    "nanmedian": (("a",), lambda a, axis=None, keepdims=False, overwrite_input=False:
                  jnp.nanmedian(a, axis=axis, keepdims=keepdims), None),
    "cov": (("m", "?y", "?fweights", "?aweights"), _as_float64(_cov), None),
    "corrcoef": (("x", "?y"), _as_float64(_corrcoef), None),
    "trapz": (("y", "?x"), _trapz, None),
    "interp": (("x", "xp", "fp"), _as_float64(_interp), None),
    "correlate": (("a", "v"), lambda a, v, mode="valid": jnp.correlate(a, v, mode=mode), None),
    "polyval": (("p", "x"), _polyval, None),
    "polyadd": (("a1", "a2"), jnp.polyadd, None),
    "polysub": (("a1", "a2"), jnp.polysub, None),
    "polymul": (("a1", "a2"), jnp.polymul, None),
    "polyint": (("p",), lambda p, m=1, k=None: jnp.polyint(p, m=m, k=k), None),
    "vander": (("x",), _as_float64(_vander), None),
}


def _generic_op(name, arrays, f):
    star = arrays[0].startswith("*")
    names = [a.lstrip("?*") for a in arrays]

    def op(*data, **attrs):
        if star:
            return f(*data, **attrs)
        first = [d for d in data[:1]]
        kw = {n: d for n, d in zip(names[1:], data[1:])}
        # required arrays positionally, optional ones by keyword
        pos = first + [kw.pop(n) for n, spec in zip(names[1:], arrays[1:])
                       if not spec.startswith("?")]
        return f(*pos, **kw, **attrs)
    op.__name__ = name
    return op


for _n, (_arrs, _f, _r) in GENERIC.items():
    _reg(_n, _generic_op(_n, _arrs, _f))


def registered(name):
    """Whether ``mx.np.<name>`` has a registered operator of its own."""
    return op_name(name) in _OPS and _OPS[op_name(name)].fn.__module__ == __name__

