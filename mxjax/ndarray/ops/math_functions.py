"""MXNet's Python-level arithmetic functions: ``nd.add``, ``nd.maximum``, ``nd.equal`` ...

Each takes an NDArray or a number on either side, as ``mxnet.ndarray.ndarray``'s
functions do: two arrays go to the ``broadcast_*`` operator, an array and a number to
the ``_*_scalar`` operator (``_r*_scalar`` when the number is on the left), and two
numbers are computed by Python.
"""
import operator
import sys

from ...base import numeric_types
from ..registry import invoke, get_op
from ..handle import NDArray

__all__ = ["add", "subtract", "multiply", "divide", "true_divide", "modulo", "power",
           "maximum", "minimum", "equal", "not_equal", "greater", "greater_equal", "lesser",
           "lesser_equal", "logical_and", "logical_or", "logical_xor"]


def _apply(lhs, rhs, array_op, py_fn, scalar_op, rscalar_op=None):
    """Dispatch on the operand types (MXNet's ``_ufunc_helper``)."""
    if isinstance(lhs, numeric_types):
        if isinstance(rhs, numeric_types):
            return py_fn(lhs, rhs)
        if not isinstance(rhs, NDArray):
            raise TypeError("type %s not supported" % str(type(rhs)))
        return invoke(get_op(rscalar_op or scalar_op), [rhs], {"scalar": float(lhs)})
    if isinstance(rhs, numeric_types):
        if not isinstance(lhs, NDArray):
            raise TypeError("type %s not supported" % str(type(lhs)))
        return invoke(get_op(scalar_op), [lhs], {"scalar": float(rhs)})
    if isinstance(rhs, NDArray) and isinstance(lhs, NDArray):
        return invoke(get_op(array_op), [lhs, rhs], {})
    raise TypeError("type %s not supported" % str(type(rhs if isinstance(lhs, NDArray)
                                                          else lhs)))


_DOC = """%s

Parameters
----------
%s : NDArray or scalar
%s : NDArray or scalar
    Arrays must have one dtype and shapes that broadcast together.

Returns
-------
NDArray
    (A Python number when both operands are numbers.)
"""


def _make(name, array_op, py_fn, scalar_op, rscalar_op=None, text=""):
    def fn(lhs, rhs):
        return _apply(lhs, rhs, array_op, py_fn, scalar_op, rscalar_op)
    fn.__name__ = fn.__qualname__ = name
    fn.__module__ = "mxjax.ndarray"
    fn.__doc__ = _DOC % (text, "lhs", "rhs")
    return fn


add = _make("add", "broadcast_add", operator.add, "_plus_scalar",
            text="Elementwise sum with broadcasting (``lhs + rhs``).")
subtract = _make("subtract", "broadcast_sub", operator.sub, "_minus_scalar", "_rminus_scalar",
                 text="Elementwise difference with broadcasting (``lhs - rhs``).")
multiply = _make("multiply", "broadcast_mul", operator.mul, "_mul_scalar",
                 text="Elementwise product with broadcasting (``lhs * rhs``).")
divide = _make("divide", "broadcast_div", operator.truediv, "_div_scalar", "_rdiv_scalar",
               text="Elementwise division with broadcasting (integers truncate).")
modulo = _make("modulo", "broadcast_mod", operator.mod, "_mod_scalar", "_rmod_scalar",
               text="Elementwise remainder with broadcasting (sign of the divisor).")
maximum = _make("maximum", "broadcast_maximum", lambda x, y: x if x > y else y,
                "_maximum_scalar", text="Elementwise maximum with broadcasting.")
minimum = _make("minimum", "broadcast_minimum", lambda x, y: x if x < y else y,
                "_minimum_scalar", text="Elementwise minimum with broadcasting.")
equal = _make("equal", "broadcast_equal", lambda x, y: 1 if x == y else 0, "_equal_scalar",
              text="1 where ``lhs == rhs``, else 0, with broadcasting.")
not_equal = _make("not_equal", "broadcast_not_equal", lambda x, y: 1 if x != y else 0,
                  "_not_equal_scalar", text="1 where ``lhs != rhs``, else 0, with broadcasting.")
greater = _make("greater", "broadcast_greater", lambda x, y: 1 if x > y else 0,
                "_greater_scalar", "_lesser_scalar",
                text="1 where ``lhs > rhs``, else 0, with broadcasting.")
greater_equal = _make("greater_equal", "broadcast_greater_equal",
                      lambda x, y: 1 if x >= y else 0, "_greater_equal_scalar",
                      "_lesser_equal_scalar",
                      text="1 where ``lhs >= rhs``, else 0, with broadcasting.")
lesser = _make("lesser", "broadcast_lesser", lambda x, y: 1 if x < y else 0, "_lesser_scalar",
               "_greater_scalar", text="1 where ``lhs < rhs``, else 0, with broadcasting.")
lesser_equal = _make("lesser_equal", "broadcast_lesser_equal", lambda x, y: 1 if x <= y else 0,
                     "_lesser_equal_scalar", "_greater_equal_scalar",
                     text="1 where ``lhs <= rhs``, else 0, with broadcasting.")
logical_and = _make("logical_and", "broadcast_logical_and", lambda x, y: 1 if x and y else 0,
                    "_logical_and_scalar", text="Elementwise logical and (1 or 0).")
logical_or = _make("logical_or", "broadcast_logical_or", lambda x, y: 1 if x or y else 0,
                   "_logical_or_scalar", text="Elementwise logical or (1 or 0).")
logical_xor = _make("logical_xor", "broadcast_logical_xor",
                    lambda x, y: 1 if bool(x) ^ bool(y) else 0, "_logical_xor_scalar",
                    text="Elementwise logical xor (1 or 0).")


def power(base, exp):  # pylint: disable=redefined-builtin
    """Elementwise ``base ** exp`` with broadcasting.

    Parameters
    ----------
    base : NDArray or scalar
    exp : NDArray or scalar

    Returns
    -------
    NDArray
        (A Python number when both are numbers.)
    """
    return _apply(base, exp, "broadcast_power", operator.pow, "_power_scalar",
                  "_rpower_scalar")


power.__module__ = "mxjax.ndarray"


def true_divide(lhs, rhs):
    """Same as :func:`divide` (MXNet 1.x keeps integer division for integer arrays).

    Parameters
    ----------
    lhs, rhs : NDArray or scalar
    """
    return divide(lhs, rhs)


true_divide.__module__ = "mxjax.ndarray"


def _install():
    """Put these functions into ``mx.nd`` (the package is being initialised right now:
    ``mxjax.ndarray`` imports the ops before it generates one function per operator, and
    it keeps a name that is already set)."""
    nd = sys.modules.get(__name__.rsplit(".", 2)[0])
    if nd is None:
        return
    for name in __all__:
        setattr(nd, name, globals()[name])


_install()
