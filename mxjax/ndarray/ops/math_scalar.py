"""Array-with-scalar operators: ``_plus_scalar`` ... ``_rpower_scalar``, comparisons.

The scalar is converted to the array's dtype first (``int32 * 2.5`` multiplies by 2;
C++ truncation). With ``is_int=False`` an integer array is computed in float64 with
the scalar as it is, and the result is float64 (MXNet 1.9.1's numpy-style path).
"""
import numpy as np
import jax
import jax.numpy as jnp

from ..registry import register
from .math_binary import BINARY, divide, mod, power, hypot, maximum, minimum
from .math_util import is_int as _int_dtype, cast_scalar, F64


def _bcast(s, x):
    return jnp.broadcast_to(s, x.shape)


SCALAR = {
    "_plus_scalar": (lambda x, s: x + s, ("_PlusScalar",)),
    "_minus_scalar": (lambda x, s: x - s, ("_MinusScalar",)),
    "_rminus_scalar": (lambda x, s: s - x, ("_RMinusScalar",)),
    "_mul_scalar": (lambda x, s: x * s, ("_MulScalar",)),
    "_div_scalar": (divide, ("_DivScalar",)),
    "_rdiv_scalar": (lambda x, s: divide(_bcast(s, x), x), ("_RDivScalar",)),
    "_mod_scalar": (mod, ("_ModScalar",)),
    "_rmod_scalar": (lambda x, s: mod(_bcast(s, x), x), ("_RModScalar",)),
    "_power_scalar": (power, ("_PowerScalar",)),
    "_rpower_scalar": (lambda x, s: power(_bcast(s, x), x), ("_RPowerScalar",)),
    "_maximum_scalar": (maximum, ("_MaximumScalar",)),
    "_minimum_scalar": (minimum, ("_MinimumScalar",)),
    "_hypot_scalar": (hypot, ("_HypotScalar",)),
    "_equal_scalar": (BINARY["equal"], ("_EqualScalar",)),
    "_not_equal_scalar": (BINARY["not_equal"], ("_NotEqualScalar",)),
    "_greater_scalar": (BINARY["greater"], ("_GreaterScalar",)),
    "_greater_equal_scalar": (BINARY["greater_equal"], ("_GreaterEqualScalar",)),
    "_lesser_scalar": (BINARY["lesser"], ("_LesserScalar",)),
    "_lesser_equal_scalar": (BINARY["lesser_equal"], ("_LesserEqualScalar",)),
    "_logical_and_scalar": (BINARY["logical_and"], ("_LogicalAndScalar",)),
    "_logical_or_scalar": (BINARY["logical_or"], ("_LogicalOrScalar",)),
    "_logical_xor_scalar": (BINARY["logical_xor"], ("_LogicalXorScalar",)),
}


def _prepare_scalar(value, dtype, attrs):
    """The scalar as ``op`` converts it, given at run time (``with_runtime_scalar``)."""
    if not attrs.get("is_int", True) and dtype.kind in "iub":
        dtype = np.dtype(F64)
    return cast_scalar(value, dtype)


def _scalar_op(name, f):
    def op(data, *, scalar=1.0, is_int=True):
        if not is_int and _int_dtype(data):
            data = data.astype(F64)
        if not isinstance(scalar, (jax.Array, jax.core.Tracer)):
            # a number (a run-time one arrives converted by _prepare_scalar)
            scalar = jnp.asarray(cast_scalar(scalar, data.dtype))
        return f(data, scalar)
    op.__name__ = op.__qualname__ = name
    op.__doc__ = ("Elementwise ``%s`` of an array and a scalar.\n\nParameters\n----------\n"
                  "data : NDArray\nscalar : float\n    Converted to ``data``'s dtype first.\n"
                  "is_int : bool, default True\n    False: an integer ``data`` is computed "
                  "(and returned) as float64.\n" % name.strip("_"))
    return op


for _name, (_f, _aliases) in SCALAR.items():
    register(_name, aliases=_aliases)(_scalar_op(_name, _f)).op.with_runtime_scalar(
        "scalar", _prepare_scalar)
