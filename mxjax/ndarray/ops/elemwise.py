"""Unary elementwise math: abs ... gammaln, rounding, clip, smooth_l1, hard_sigmoid.

Values and gradients follow MXNet 1.9.1 (see ``math_util`` for the dtype rules):
integer inputs of float functions are computed in float64 and truncated back, the
gradient of ``abs`` and ``relu`` at 0 is 0, ``clip`` passes the gradient at its
bounds, and the rounding functions have a zero gradient.
"""
import numpy as np
import jax
import jax.numpy as jnp
from jax import lax
import jax.scipy.special as jsp

from ..registry import register
from ._shape_rules import same_shapes
from .math_util import is_int, c_cast, float_fn, cast_scalar, f32_param, require_float, F64


def _unary(name, f, doc):
    def op(data):
        return f(data)
    op.__name__ = name
    op.__qualname__ = name
    op.__doc__ = ("%s\n\nParameters\n----------\ndata : NDArray\n    The input.\n\n"
                  "Returns\n-------\nNDArray\n    Same shape and dtype as ``data``.\n" % doc)
    register(name, shape_rule=same_shapes)(op)
    return op


def _int_identity(f):
    """Rounding functions leave integers as they are."""
    return lambda x: x if is_int(x) else f(x)


@jax.custom_jvp
def _abs(x):
    return jnp.abs(x)


_abs.defjvp(lambda p, t: (jnp.abs(p[0]), jnp.sign(p[0]) * t[0]))


def _abs_any(x):
    return jnp.abs(x) if is_int(x) else _abs(x)


def expm1(x):
    """``exp(x) - 1`` correctly rounded in the input's float type, as MXNet's (XLA's
    float32 expm1 on CPU is off by up to 2 ulp: -0.09516256 for -0.1, where MXNet and
    NumPy give -0.095162585): narrower floats are computed in float64 and rounded."""
    if x.dtype == jnp.float64:
        return jnp.expm1(x)
    return jnp.expm1(x.astype(jnp.float64)).astype(x.dtype)


@jax.custom_vjp
def _relu(x):
    # MXNet's relu operator keeps NaN (and its gradient there is NaN); Activation's
    # relu (ops/nn.py) gives 0 for both
    return jnp.where((x > 0) | jnp.isnan(x), x, jnp.zeros_like(x))


def _relu_fwd(x):
    y = _relu(x)
    return y, y


def _relu_bwd(y, g):
    # from the output (y > 0 exactly where x > 0, NaN where x is): the backward keeps
    # the array the next operator reads anyway, where the input's (a BatchNorm output)
    # was recomputed in the gradient's kernels: a ResNet-20 step compiles 5 % faster
    # (bench/PROFILES.md, section 10)
    return (g * jnp.where(y > 0, 1, jnp.where(jnp.isnan(y), jnp.nan, 0)).astype(g.dtype),)


_relu.defvjp(_relu_fwd, _relu_bwd)


def _round_half_away(x):
    # halves away from zero; x - trunc(x) is exact, where x + 0.5 may round up
    t = jnp.trunc(x)
    return jnp.where(jnp.abs(x - t) >= 0.5, t + jnp.sign(x), t).astype(x.dtype)


def _rint(x):
    # MXNet rounds a half down: rint(-2.5) = -3, rint(2.5) = 2
    lo = jnp.floor(x)
    return jnp.where(x - lo <= 0.5, lo, jnp.ceil(x))


# (n-1)! for n = 1 ... 170, the exact values of gamma at the positive integers
_FACTORIALS = np.cumprod(np.concatenate([[1.0], np.arange(1.0, 170.0)]))
with np.errstate(over="ignore"):
    _FACTORIALS = {np.dtype(t): _FACTORIALS.astype(t) for t in (np.float16, np.float32,
                                                                  np.float64)}


def _gamma(x):
    # exact factorials at the positive integers, as the C library's tgamma
    g = jnp.exp(jsp.gammaln(x)) * jnp.sign(jsp.gamma(x))
    n = jnp.round(x)
    exact = jnp.asarray(_FACTORIALS[np.dtype(x.dtype)])[jnp.clip(n.astype(jnp.int32) - 1, 0, 169)]
    use = (x == n) & (x >= 1) & (x <= 170)
    return jnp.where(use, exact + (g - lax.stop_gradient(g)), g)


# MXNet's constants: 180/pi and pi/180 evaluated in float32
_DEG = float(np.float32(180.0) / np.float32(np.pi))
_RAD = float(np.float32(np.pi) / np.float32(180.0))


def _degrees(x):
    return x * jnp.asarray(_DEG, x.dtype)


def _radians(x):
    return x * jnp.asarray(_RAD, x.dtype)


# MXNet's erf/erfinv gradients use sqrt(pi) evaluated in float32
_SQRT_PI = float(np.sqrt(np.float32(np.pi)))


@jax.custom_jvp
def _erf(x):
    return jsp.erf(x)


_erf.defjvp(lambda p, t: (jsp.erf(p[0]), t[0] * (2.0 / _SQRT_PI) * jnp.exp(-p[0] * p[0])))


@jax.custom_jvp
def _erfinv(x):
    return jsp.erfinv(x)


@_erfinv.defjvp
def _erfinv_jvp(p, t):
    y = jsp.erfinv(p[0])
    return y, t[0] * (0.5 * _SQRT_PI) * jnp.exp(y * y)


def _erfinv_any(x):
    if is_int(x):  # MXNet: 0 outside [-1, 1] for integers (+-1 give +-inf)
        xf = x.astype(F64)
        return jnp.where(jnp.abs(xf) > 1, jnp.zeros_like(x), c_cast(jsp.erfinv(xf), x.dtype))
    return float_fn(_erfinv)(x)


def _logical_not(x):
    return (x == 0).astype(x.dtype)


def _square(x):
    return x * x


def _reciprocal(x):
    return 1 / x


_UNARY = [
    ("abs", _abs_any, "Absolute value (gradient ``sign(x)``, 0 at 0)."),
    ("sign", jnp.sign, "Sign of each element (-1, 0 or 1); zero gradient."),
    ("negative", jnp.negative, "Numerical negative, ``-x``."),
    ("exp", float_fn(jnp.exp), "Exponential."),
    ("expm1", float_fn(expm1), "``exp(x) - 1``."),
    ("log", float_fn(jnp.log), "Natural logarithm."),
    ("log10", float_fn(jnp.log10), "Base-10 logarithm."),
    ("log2", float_fn(jnp.log2), "Base-2 logarithm."),
    ("log1p", float_fn(jnp.log1p), "``log(1 + x)``."),
    ("sqrt", float_fn(jnp.sqrt), "Square root."),
    ("rsqrt", float_fn(lax.rsqrt), "Reciprocal square root, ``1/sqrt(x)``."),
    ("cbrt", float_fn(jnp.cbrt), "Cube root."),
    ("rcbrt", float_fn(lambda x: 1 / jnp.cbrt(x)), "Reciprocal cube root."),
    ("square", _square, "Square, ``x * x`` (integers wrap around)."),
    ("reciprocal", float_fn(_reciprocal), "Reciprocal, ``1/x``."),
    ("sin", float_fn(jnp.sin), "Sine."),
    ("cos", float_fn(jnp.cos), "Cosine."),
    ("tan", float_fn(jnp.tan), "Tangent."),
    ("arcsin", float_fn(jnp.arcsin), "Inverse sine."),
    ("arccos", float_fn(jnp.arccos), "Inverse cosine."),
    ("arctan", float_fn(jnp.arctan), "Inverse tangent."),
    ("sinh", float_fn(jnp.sinh), "Hyperbolic sine."),
    ("cosh", float_fn(jnp.cosh), "Hyperbolic cosine."),
    ("tanh", float_fn(jnp.tanh), "Hyperbolic tangent."),
    ("arcsinh", float_fn(jnp.arcsinh), "Inverse hyperbolic sine."),
    ("arccosh", float_fn(jnp.arccosh), "Inverse hyperbolic cosine."),
    ("arctanh", float_fn(jnp.arctanh), "Inverse hyperbolic tangent."),
    ("degrees", float_fn(_degrees), "Radians to degrees."),
    ("radians", float_fn(_radians), "Degrees to radians."),
    ("relu", _relu, "Rectified linear unit, ``max(x, 0)`` (gradient 0 at 0)."),
    ("sigmoid", float_fn(jax.nn.sigmoid), "Logistic sigmoid, ``1 / (1 + exp(-x))``."),
    ("softsign", float_fn(lambda x: x / (1 + jnp.abs(x))), "Softsign, ``x / (1 + |x|)``."),
    ("erf", float_fn(_erf), "Gauss error function."),
    ("erfinv", _erfinv_any, "Inverse error function."),
    ("gamma", float_fn(_gamma), "Gamma function."),
    ("gammaln", float_fn(jsp.gammaln), "Logarithm of the absolute value of the gamma "
                                       "function."),
    ("floor", _int_identity(jnp.floor), "Floor; zero gradient."),
    ("ceil", _int_identity(jnp.ceil), "Ceiling; zero gradient."),
    ("trunc", _int_identity(jnp.trunc), "Truncation toward zero; zero gradient."),
    ("fix", _int_identity(jnp.trunc), "Round toward zero (same as trunc); zero gradient."),
    ("rint", _int_identity(_rint), "Round to the nearest integer, halves downward "
                                   "(``rint(2.5) = 2``, ``rint(-2.5) = -3``)."),
    ("round", _int_identity(_round_half_away), "Round to the nearest integer, halves away "
                                               "from zero."),
    ("logical_not", _logical_not, "1 where the input is 0, else 0 (in the input dtype)."),
]

for _name, _f, _doc in _UNARY:
    _unary(_name, _f, _doc)


@register("_copy", aliases=("identity",))
def copy(data):
    """Return a copy of the input (``identity``).

    Parameters
    ----------
    data : NDArray
    """
    return data


@register("_identity_with_attr_like_rhs", shape_rule=same_shapes)
def identity_with_attr_like_rhs(lhs, rhs):
    """``lhs`` unchanged, declared to have the shape of ``rhs`` (which only lends its
    shape: its gradient is zero); MXNet uses it to infer shapes backwards.

    Parameters
    ----------
    lhs : NDArray
    rhs : NDArray
    """
    return lhs


@register("clip")
def clip(data, *, a_min, a_max):
    """Clip values to ``[a_min, a_max]``.

    The gradient is passed where ``a_min <= x <= a_max`` (bounds included), as MXNet.
    The bounds are float32 attributes; for integer data they are compared in floating
    point and truncated where they replace a value.

    Parameters
    ----------
    data : NDArray
    a_min, a_max : float
    """
    lo, hi = f32_param(a_min), f32_param(a_max)
    if is_int(data):
        xf = data.astype(F64)
        return jnp.where(xf > hi, cast_scalar(hi, data.dtype),
                         jnp.where(xf < lo, cast_scalar(lo, data.dtype), data))
    lo_t, hi_t = cast_scalar(lo, data.dtype), cast_scalar(hi, data.dtype)
    cmp = data.astype(jnp.float32) if data.dtype == jnp.float16 else data
    return jnp.where(cmp > hi, hi_t, jnp.where(cmp < lo, lo_t, data))


@register("hard_sigmoid")
def hard_sigmoid(data, *, alpha=0.2, beta=0.5):
    """Hard sigmoid, ``clip(alpha * x + beta, 0, 1)``; floating-point inputs only.

    Parameters
    ----------
    data : NDArray
    alpha : float, default 0.2
    beta : float, default 0.5
    """
    require_float("hard_sigmoid", data)
    a, b = f32_param(alpha), f32_param(beta)

    def f(x):
        lin = x * jnp.asarray(a, x.dtype) + jnp.asarray(b, x.dtype)
        return jnp.where(lin <= 0, jnp.zeros_like(lin),
                         jnp.where(lin >= 1, jnp.ones_like(lin), lin))
    return float_fn(f)(data)


@register("smooth_l1")
def smooth_l1(data, *, scalar=1.0):
    """Smooth L1: ``0.5 (s x)^2`` where ``|x| < 1/s^2``, else ``|x| - 0.5/s^2``.

    Parameters
    ----------
    data : NDArray
    scalar : float, default 1.0
        ``s`` above (sigma).
    """
    s2 = float(scalar) * float(scalar)

    def f(x):
        ax = _abs(x)
        return jnp.where(ax < 1.0 / s2, 0.5 * s2 * x * x, ax - 0.5 / s2).astype(x.dtype)
    if is_int(data):
        return c_cast(f(data.astype(F64)), data.dtype)
    return float_fn(f)(data)
