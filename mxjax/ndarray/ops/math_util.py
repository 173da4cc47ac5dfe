"""Numeric rules shared by the math families, taken from MXNet 1.9.1's CPU kernels.

* Integer inputs of a floating-point function (``exp``, ``sqrt``, ``hypot`` ...) are
  computed in double precision and converted back as C++ does on x86: truncation
  toward zero, and NaN, infinities and out-of-range values become the most negative
  integer; narrow types (int8, uint8) keep the low bits of that 32-bit result.
* float16 inputs are computed in float32 and rounded back.
* A scalar attribute meets an array in the array's dtype (``int32 * 2.5`` multiplies
  by 2).
* Attributes MXNet declares as ``float`` (clip bounds, hard_sigmoid's alpha/beta,
  quadratic's coefficients) are rounded to float32 even for float64 data.
"""
import math

import numpy as np
import jax.numpy as jnp

from ...base import MXNetError

__all__ = ["is_int", "is_float", "c_cast", "float_fn", "cast_scalar", "f32_param",
           "require_float", "F64"]

F64 = jnp.float64


def is_int(x):
    """Whether ``x`` (array or dtype) has an integer (or bool) dtype."""
    dt = np.dtype(getattr(x, "dtype", x))
    return dt.kind in "iub"


def is_float(x):
    """Whether ``x`` (array or dtype) has a floating-point dtype."""
    return np.dtype(getattr(x, "dtype", x)).kind == "f"


def _wide(dtype):
    dtype = np.dtype(dtype)
    if dtype.itemsize == 8 or dtype == np.uint32:
        return np.int64
    return np.int32


def c_cast(y, dtype):
    """Convert the floating array ``y`` to integer ``dtype`` as MXNet's C++ kernels do.

    Parameters
    ----------
    y : jax.Array
        Floating-point values (float64 for exactness).
    dtype : numpy dtype
        The integer (or bool) target.
    """
    dtype = np.dtype(dtype)
    if dtype.kind == "b":
        return y != 0
    wide = _wide(dtype)
    bound = 2.0 ** (np.iinfo(wide).bits - 1)
    t = jnp.trunc(y)
    ok = (t >= -bound) & (t < bound)  # False for NaN
    w = jnp.where(ok, t, 0).astype(wide)
    w = jnp.where(ok, w, jnp.asarray(np.iinfo(wide).min, wide))
    return w.astype(dtype)


def float_fn(f, name=None, int_ok=True):
    """Wrap a float function of arrays for MXNet's dtype rules.

    Integer inputs are computed in float64 and cast back with :func:`c_cast`; float16
    inputs are computed in float32 and rounded back; other floats run as they are.
    ``int_ok=False`` makes integer inputs an error (MXNet's "only floating point").
    """
    def g(*xs):
        x = xs[0]
        if is_int(x):
            if not int_ok:
                require_float(name or f.__name__, x)
            return c_cast(f(*[a.astype(F64) for a in xs]), x.dtype)
        if x.dtype == jnp.float16:
            return f(*[a.astype(jnp.float32) for a in xs]).astype(jnp.float16)
        return f(*xs)
    g.__name__ = getattr(f, "__name__", "float_fn")
    return g


def require_float(name, x):
    """Raise MXNet's error for an integer input to a float-only operator."""
    if not is_float(x):
        raise MXNetError("Operator %s: this operation only supports floating point types, "
                         "not %s" % (name, np.dtype(x.dtype).name))


def cast_scalar(value, dtype):
    """A Python scalar converted to ``dtype`` as MXNet converts scalar attributes."""
    dtype = np.dtype(dtype)
    value = float(value)
    if dtype.kind == "f":
        return np.asarray(value, dtype=dtype)
    if dtype.kind == "b":
        return np.asarray(value != 0)
    wide = _wide(dtype)
    bound = 2.0 ** (np.iinfo(wide).bits - 1)
    if not math.isfinite(value) or not -bound <= math.trunc(value) < bound:
        w = np.iinfo(wide).min
    else:
        w = int(math.trunc(value))
    return np.asarray(w, dtype=wide).astype(dtype)


def f32_param(value):
    """A float attribute as MXNet stores it (C++ ``float``)."""
    return float(np.float32(value))
