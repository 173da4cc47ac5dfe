"""``mx.nd.random``: sampling functions with MXNet's arguments."""
from ..base import _Null
from .registry import invoke, get_op

__all__ = ["uniform", "normal"]


def _shape_arg(shape):
    if shape is _Null or shape is None:
        return (1,)
    if isinstance(shape, int):
        return (shape,)
    return tuple(int(s) for s in shape)


def _dtype_arg(dtype):
    if dtype is _Null or dtype is None:
        return "float32"
    import numpy as np
    return np.dtype(dtype).name


def uniform(low=0, high=1, shape=_Null, dtype=_Null, ctx=None, out=None, **kwargs):
    """Samples from the uniform distribution U[low, high).

    Parameters
    ----------
    low, high : float
    shape : int or tuple of int
        Default (1,) as MXNet.
    dtype : str, default 'float32'
    ctx : Context, optional
    out : NDArray, optional
    """
    return invoke(get_op("_random_uniform"), [],
                  {"low": float(low), "high": float(high), "shape": _shape_arg(shape),
                   "dtype": _dtype_arg(dtype)}, out=out, ctx=ctx)


def normal(loc=0, scale=1, shape=_Null, dtype=_Null, ctx=None, out=None, **kwargs):
    """Samples from the normal distribution N(loc, scale**2).

    Parameters
    ----------
    loc, scale : float
    shape : int or tuple of int
    dtype : str, default 'float32'
    ctx : Context, optional
    out : NDArray, optional
    """
    return invoke(get_op("_random_normal"), [],
                  {"loc": float(loc), "scale": float(scale), "shape": _shape_arg(shape),
                   "dtype": _dtype_arg(dtype)}, out=out, ctx=ctx)
