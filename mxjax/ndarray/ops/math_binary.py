"""Binary elementwise math: broadcast_*, elemwise_*, their ``_name`` forms, add_n.

Both operands must share one dtype (MXNet does not promote). Integer division
truncates toward zero, ``mod`` takes the divisor's sign (and is 0 where the divisor
is 0), floating functions of integers (power, hypot) are computed in float64 and
truncated back. Gradients are MXNet's: maximum/minimum give a tie to the left
operand, ``d(a % b)/db = -floor(a / b)``, ``d(a ** b)/db = a ** b * log(a)``.
"""
import jax
import jax.numpy as jnp
from jax import lax

from ..registry import register
from ._shape_rules import same_shapes
from ._util import same_dtype, same_shape, broadcast_shapes
from .math_util import is_int, c_cast, F64

# ---------------------------------------------------------------------------
# the functions (operands already share a dtype)


def _float_pair(f):
    """Run ``f`` on float operands: float16 in float32, integers in float64 (truncated)."""
    def g(a, b):
        if is_int(a):
            return c_cast(f(a.astype(F64), b.astype(F64)), a.dtype)
        if a.dtype == jnp.float16:
            return f(a.astype(jnp.float32), b.astype(jnp.float32)).astype(jnp.float16)
        return f(a, b)
    return g


@jax.custom_vjp
def _fpow(a, b):
    return jnp.power(a, b)


def _fpow_fwd(a, b):
    y = jnp.power(a, b)
    return y, (a, b, y)


def _fpow_bwd(res, g):
    a, b, y = res
    return g * b * jnp.power(a, b - 1), g * y * jnp.log(a)


_fpow.defvjp(_fpow_fwd, _fpow_bwd)


@jax.custom_vjp
def _fmod(a, b):
    return _mod_value(a, b)


def _mod_value(a, b):
    zero = b == 0
    r = jnp.mod(a, jnp.where(zero, jnp.ones_like(b), b))
    return jnp.where(zero, jnp.zeros_like(r), r)


def _fmod_fwd(a, b):
    return _mod_value(a, b), (a, b)


def _fmod_bwd(res, g):
    a, b = res
    return g, -jnp.floor(a / b) * g


_fmod.defvjp(_fmod_fwd, _fmod_bwd)


@jax.custom_vjp
def _fhypot(a, b):
    return jnp.hypot(a, b)


def _fhypot_fwd(a, b):
    h = jnp.hypot(a, b)
    return h, (a, b, h)


def _fhypot_bwd(res, g):
    a, b, h = res
    return g * a / h, g * b / h


_fhypot.defvjp(_fhypot_fwd, _fhypot_bwd)


def _same_shape_call(f):
    """Broadcast both operands first, so custom gradients see equal shapes."""
    def g(a, b):
        shape = jnp.broadcast_shapes(a.shape, b.shape)
        return f(jnp.broadcast_to(a, shape), jnp.broadcast_to(b, shape))
    return g


def divide(a, b):
    """Division in the operands' dtype (integers truncate toward zero)."""
    if is_int(a):
        return lax.div(a, b)
    return a / b


def mod(a, b):
    """MXNet's mod: the sign of the divisor, 0 where the divisor is 0."""
    if is_int(a):
        return _mod_value(a, b)
    return _float_pair(_same_shape_call(_fmod))(a, b)


def power(a, b):
    """``a ** b``; integers computed in float64 and truncated."""
    if is_int(a):
        return c_cast(jnp.power(a.astype(F64), b.astype(F64)), a.dtype)
    return _float_pair(_same_shape_call(_fpow))(a, b)


def hypot(a, b):
    """``sqrt(a**2 + b**2)``."""
    return _float_pair(_same_shape_call(_fhypot))(a, b)


def _nan_through(a, b, picked):
    """``picked``, NaN wherever ``a`` or ``b`` is NaN (MXNet's maximum/minimum propagate
    NaN, and neither operand gets a gradient there)."""
    if not (jnp.issubdtype(picked.dtype, jnp.inexact)):
        return picked
    return jnp.where(jnp.isnan(a) | jnp.isnan(b), jnp.array(jnp.nan, picked.dtype), picked)


def maximum(a, b):
    """Elementwise maximum; the left operand wins (and gets the gradient) on ties; NaN
    wins over everything."""
    return _nan_through(a, b, jnp.where(a >= b, a, b))


def minimum(a, b):
    """Elementwise minimum; the left operand wins (and gets the gradient) on ties; NaN
    wins over everything."""
    return _nan_through(a, b, jnp.where(a <= b, a, b))


def _cmp(f):
    return lambda a, b: f(a, b).astype(a.dtype)


BINARY = {
    "add": jnp.add, "sub": jnp.subtract, "mul": jnp.multiply, "div": divide, "mod": mod,
    "power": power, "maximum": maximum, "minimum": minimum, "hypot": hypot,
    "equal": _cmp(jnp.equal), "not_equal": _cmp(jnp.not_equal),
    "greater": _cmp(jnp.greater), "greater_equal": _cmp(jnp.greater_equal),
    "lesser": _cmp(jnp.less), "lesser_equal": _cmp(jnp.less_equal),
    "logical_and": _cmp(lambda a, b: jnp.logical_and(a != 0, b != 0)),
    "logical_or": _cmp(lambda a, b: jnp.logical_or(a != 0, b != 0)),
    "logical_xor": _cmp(lambda a, b: jnp.logical_xor(a != 0, b != 0)),
}

_WORDS = {"add": "sum", "sub": "difference", "mul": "product", "div": "quotient",
          "mod": "remainder (sign of the divisor)", "power": "power lhs ** rhs",
          "maximum": "maximum", "minimum": "minimum", "hypot": "hypotenuse",
          "equal": "lhs == rhs (1 or 0)", "not_equal": "lhs != rhs (1 or 0)",
          "greater": "lhs > rhs (1 or 0)", "greater_equal": "lhs >= rhs (1 or 0)",
          "lesser": "lhs < rhs (1 or 0)", "lesser_equal": "lhs <= rhs (1 or 0)",
          "logical_and": "logical and (1 or 0)", "logical_or": "logical or (1 or 0)",
          "logical_xor": "logical xor (1 or 0)"}

_DOC = ("Elementwise %s%s (MXNet ``%s``).\n\nParameters\n----------\nlhs, rhs : NDArray\n"
        "    Operands of one dtype%s.\n\nReturns\n-------\nNDArray\n")


def _broadcast_op(name, f):
    def op(lhs, rhs):
        same_dtype(name, lhs, rhs)
        broadcast_shapes(name, lhs, rhs)
        return f(lhs, rhs)
    op.__name__ = op.__qualname__ = name
    op.__doc__ = _DOC % (_WORDS[name.split("_", 1)[1]], " with broadcasting", name,
                         " whose shapes broadcast")
    return op


def _elemwise_op(name, word, f):
    def op(lhs, rhs):
        same_dtype(name, lhs, rhs)
        same_shape(name, lhs, rhs)
        return f(lhs, rhs)
    op.__name__ = op.__qualname__ = name
    op.__doc__ = _DOC % (_WORDS[word], "", name, " and one shape")
    return op


_BROADCAST_ALIASES = {"add": ("broadcast_plus",), "sub": ("broadcast_minus",)}
for _name, _f in BINARY.items():
    register("broadcast_" + _name, aliases=_BROADCAST_ALIASES.get(_name, ()))(
        _broadcast_op("broadcast_" + _name, _f))

_ELEMWISE = {
    "elemwise_add": ("add", ("_add", "_plus", "_Plus")),
    "elemwise_sub": ("sub", ("_sub", "_minus", "_Minus")),
    "elemwise_mul": ("mul", ("_mul", "_Mul")),
    "elemwise_div": ("div", ("_div", "_Div")),
    "_mod": ("mod", ("_Mod",)),
    "_power": ("power", ("_Power",)),
    "_maximum": ("maximum", ("_Maximum",)),
    "_minimum": ("minimum", ("_Minimum",)),
    "_hypot": ("hypot", ("_Hypot",)),
    "_equal": ("equal", ("_Equal",)),
    "_not_equal": ("not_equal", ("_Not_Equal",)),
    "_greater": ("greater", ("_Greater",)),
    "_greater_equal": ("greater_equal", ("_Greater_Equal",)),
    "_lesser": ("lesser", ("_Lesser",)),
    "_lesser_equal": ("lesser_equal", ("_Lesser_Equal",)),
    "_logical_and": ("logical_and", ("_Logical_And",)),
    "_logical_or": ("logical_or", ("_Logical_Or",)),
    "_logical_xor": ("logical_xor", ("_Logical_Xor",)),
}
for _name, (_word, _aliases) in _ELEMWISE.items():
    register(_name, aliases=_aliases, shape_rule=same_shapes)(
        _elemwise_op(_name, _word, BINARY[_word]))


# the gradient accumulator: elemwise_add without a gradient of its own
register("_grad_add", differentiable=False)(_elemwise_op("_grad_add", "add", BINARY["add"]))


@register("add_n", aliases=("ElementWiseSum",))
def add_n(*args):
    """Sum of all inputs, which share one shape and dtype.

    Parameters
    ----------
    *args : NDArray
    """
    same_shape("add_n", *args)
    same_dtype("add_n", *args)
    out = args[0]
    for a in args[1:]:
        out = out + a
    return out
