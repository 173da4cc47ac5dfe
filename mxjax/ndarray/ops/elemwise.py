"""Elementwise operators: unary math, binary (elemwise_*, broadcast_*), scalar forms."""
import jax
import jax.numpy as jnp
from jax import lax
import jax.scipy.special as jsp

from ..registry import register
from ._util import same_dtype, same_shape, broadcast_shapes, scalar_like, divide, mod, is_int


# ---------------------------------------------------------------------------
# unary math (value and gradient from JAX unless MXNet's differs)

def _unary(name, f, aliases=()):
    def op(data):
        return f(data)
    op.__name__ = name
    op.__doc__ = "Elementwise %s of the input (MXNet operator ``%s``)." % (name, name)
    register(name, aliases=aliases)(op)
    return op


def _relu(x):
    return jnp.where(x > 0, x, jnp.zeros_like(x))


def _sigmoid(x):
    return jax.nn.sigmoid(x)


@jax.custom_jvp
def _abs(x):
    return jnp.abs(x)


_abs.defjvp(lambda p, t: (jnp.abs(p[0]), jnp.sign(p[0]) * t[0]))


def _round(x):
    # MXNet rounds half away from zero
    return jnp.where(x >= 0, jnp.floor(x + 0.5), jnp.ceil(x - 0.5)).astype(x.dtype) \
        if not is_int(x) else x


def _fix(x):
    return jnp.trunc(x)


def _rsqrt(x):
    return lax.rsqrt(x)


def _cbrt(x):
    return jnp.cbrt(x)


def _softsign(x):
    return x / (1 + jnp.abs(x))


def _int_safe(f):
    """Apply a float function to integer input and cast back (MXNet keeps the dtype)."""
    def g(x):
        if is_int(x):
            return f(x.astype(jnp.float64)).astype(x.dtype)
        return f(x)
    return g


_UNARY = {
    "abs": _abs, "sign": jnp.sign, "negative": jnp.negative,
    "exp": _int_safe(jnp.exp), "expm1": _int_safe(jnp.expm1), "log": _int_safe(jnp.log),
    "log10": _int_safe(jnp.log10), "log2": _int_safe(jnp.log2), "log1p": _int_safe(jnp.log1p),
    "sqrt": _int_safe(jnp.sqrt), "rsqrt": _int_safe(_rsqrt), "cbrt": _int_safe(_cbrt),
    "rcbrt": _int_safe(lambda x: 1 / jnp.cbrt(x)),
    "square": jnp.square, "reciprocal": _int_safe(lambda x: 1 / x),
    "sin": _int_safe(jnp.sin), "cos": _int_safe(jnp.cos), "tan": _int_safe(jnp.tan),
    "arcsin": _int_safe(jnp.arcsin), "arccos": _int_safe(jnp.arccos),
    "arctan": _int_safe(jnp.arctan),
    "sinh": _int_safe(jnp.sinh), "cosh": _int_safe(jnp.cosh), "tanh": _int_safe(jnp.tanh),
    "arcsinh": _int_safe(jnp.arcsinh), "arccosh": _int_safe(jnp.arccosh),
    "arctanh": _int_safe(jnp.arctanh),
    "degrees": _int_safe(jnp.degrees), "radians": _int_safe(jnp.radians),
    "relu": _relu, "sigmoid": _int_safe(_sigmoid), "softsign": _int_safe(_softsign),
    "erf": _int_safe(jsp.erf), "erfinv": _int_safe(jsp.erfinv),
    "gamma": _int_safe(lambda x: jnp.exp(jsp.gammaln(x)) * jnp.sign(jsp.gamma(x))),
    "gammaln": _int_safe(jsp.gammaln),
    "floor": lambda x: x if is_int(x) else jnp.floor(x),
    "ceil": lambda x: x if is_int(x) else jnp.ceil(x),
    "trunc": lambda x: x if is_int(x) else jnp.trunc(x),
    "fix": lambda x: x if is_int(x) else _fix(x),
    "rint": lambda x: x if is_int(x) else jnp.rint(x),
    "round": _round,
    "logical_not": lambda x: (x == 0).astype(x.dtype),
}

for _name, _f in _UNARY.items():
    _unary(_name, _f)


@register("_copy", aliases=("identity",))
def copy(data):
    """A copy of the input."""
    return data


@register("clip")
def clip(data, *, a_min, a_max):
    """Clip values to ``[a_min, a_max]``; the gradient passes where a_min <= x <= a_max."""
    lo = scalar_like(a_min, data)
    hi = scalar_like(a_max, data)
    return jnp.where(data < lo, lo, jnp.where(data > hi, hi, data))


# ---------------------------------------------------------------------------
# binary


def _maximum(a, b):
    return jnp.where(a >= b, a, b)


def _minimum(a, b):
    return jnp.where(a <= b, a, b)


def _cmp(f):
    return lambda a, b: f(a, b).astype(a.dtype)


def _hypot(a, b):
    return jnp.hypot(a, b)


def _power(a, b):
    if is_int(a):
        return jnp.power(a, b).astype(a.dtype)
    return jnp.power(a, b)


_BINARY = {
    "add": jnp.add, "sub": jnp.subtract, "mul": jnp.multiply, "div": divide, "mod": mod,
    "power": _power, "maximum": _maximum, "minimum": _minimum, "hypot": _hypot,
    "equal": _cmp(jnp.equal), "not_equal": _cmp(jnp.not_equal),
    "greater": _cmp(jnp.greater), "greater_equal": _cmp(jnp.greater_equal),
    "lesser": _cmp(jnp.less), "lesser_equal": _cmp(jnp.less_equal),
    "logical_and": _cmp(lambda a, b: jnp.logical_and(a != 0, b != 0)),
    "logical_or": _cmp(lambda a, b: jnp.logical_or(a != 0, b != 0)),
    "logical_xor": _cmp(lambda a, b: jnp.logical_xor(a != 0, b != 0)),
}


def _broadcast_op(name, f):
    def op(lhs, rhs):
        same_dtype(name, lhs, rhs)
        broadcast_shapes(name, lhs, rhs)
        return f(lhs, rhs)
    op.__name__ = name
    op.__doc__ = "Elementwise %s with broadcasting (MXNet ``%s``)." % (name.split("_", 1)[1], name)
    return op


def _elemwise_op(name, f):
    def op(lhs, rhs):
        same_dtype(name, lhs, rhs)
        same_shape(name, lhs, rhs)
        return f(lhs, rhs)
    op.__name__ = name
    op.__doc__ = "Elementwise %s of two arrays of the same shape (MXNet ``%s``)." % (name, name)
    return op


for _name, _f in _BINARY.items():
    register("broadcast_" + _name)(_broadcast_op("broadcast_" + _name, _f))

_ELEMWISE_ALIASES = {"add": ("_add", "_plus", "_Plus"), "sub": ("_sub", "_minus", "_Minus"),
                     "mul": ("_mul", "_Mul"), "div": ("_div", "_Div")}
for _name in ("add", "sub", "mul", "div"):
    register("elemwise_" + _name, aliases=_ELEMWISE_ALIASES[_name])(
        _elemwise_op("elemwise_" + _name, _BINARY[_name]))
for _name, _alias in (("mod", "_mod"), ("power", "_power"), ("maximum", "_maximum"),
                      ("minimum", "_minimum"), ("hypot", "_hypot"), ("equal", "_equal"),
                      ("not_equal", "_not_equal"), ("greater", "_greater"),
                      ("greater_equal", "_greater_equal"), ("lesser", "_lesser"),
                      ("lesser_equal", "_lesser_equal"), ("logical_and", "_logical_and"),
                      ("logical_or", "_logical_or"), ("logical_xor", "_logical_xor")):
    register(_alias)(_elemwise_op(_alias, _BINARY[_name]))


# ---------------------------------------------------------------------------
# scalar forms: the scalar is cast to the array's dtype, as MXNet does

_SCALAR = {
    "_plus_scalar": lambda x, s: x + s, "_minus_scalar": lambda x, s: x - s,
    "_rminus_scalar": lambda x, s: s - x, "_mul_scalar": lambda x, s: x * s,
    "_div_scalar": divide, "_rdiv_scalar": lambda x, s: divide(jnp.broadcast_to(s, x.shape), x),
    "_mod_scalar": mod, "_rmod_scalar": lambda x, s: mod(jnp.broadcast_to(s, x.shape), x),
    "_power_scalar": lambda x, s: jnp.power(x, s),
    "_rpower_scalar": lambda x, s: jnp.power(s, x),
    "_maximum_scalar": _maximum, "_minimum_scalar": _minimum,
    "_hypot_scalar": _hypot,
    "_equal_scalar": _cmp(jnp.equal), "_not_equal_scalar": _cmp(jnp.not_equal),
    "_greater_scalar": _cmp(jnp.greater), "_greater_equal_scalar": _cmp(jnp.greater_equal),
    "_lesser_scalar": _cmp(jnp.less), "_lesser_equal_scalar": _cmp(jnp.less_equal),
    "_logical_and_scalar": _BINARY["logical_and"], "_logical_or_scalar": _BINARY["logical_or"],
    "_logical_xor_scalar": _BINARY["logical_xor"],
}


def _scalar_op(name, f):
    def op(data, *, scalar=1.0):
        return f(data, scalar_like(scalar, data))
    op.__name__ = name
    op.__doc__ = "Elementwise operation with a scalar (MXNet ``%s``)." % name
    return op


for _name, _f in _SCALAR.items():
    _aliases = {"_plus_scalar": ("_PlusScalar",), "_minus_scalar": ("_MinusScalar",),
                "_mul_scalar": ("_MulScalar",), "_div_scalar": ("_DivScalar",),
                "_rminus_scalar": ("_RMinusScalar",), "_rdiv_scalar": ("_RDivScalar",),
                "_power_scalar": ("_PowerScalar",), "_rpower_scalar": ("_RPowerScalar",),
                "_maximum_scalar": ("_MaximumScalar",),
                "_minimum_scalar": ("_MinimumScalar",)}.get(_name, ())
    register(_name, aliases=_aliases)(_scalar_op(_name, _f))


@register("add_n", aliases=("ElementWiseSum", "_sum"))
def add_n(*args):
    """Sum of all inputs (same shape)."""
    same_shape("add_n", *args)
    same_dtype("add_n", *args)
    out = args[0]
    for a in args[1:]:
        out = out + a
    return out
