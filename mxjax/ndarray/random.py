"""``mx.nd.random``: sampling functions with MXNet's Python-level arguments.

Scalar parameters call the ``_random_*`` operators (shape defaults to ``(1,)``, or
the shape of ``out``); NDArray parameters call ``_sample_*``, drawing ``shape``
samples per parameter element. The ``*_like`` functions (``uniform_like`` ...) are
generated from the ``_random_*_like`` operators.
"""
import numpy as np

from .. import _codegen
from ..base import MXNetError, _Null, numeric_types
from ..context import current_context  # noqa: F401  (in MXNet's nd.random namespace too)
from .registry import invoke, get_op
from .ndarray import NDArray

__all__ = ["uniform", "normal", "randn", "poisson", "exponential", "gamma", "multinomial",
           "negative_binomial", "generalized_negative_binomial", "shuffle", "randint"]


def _shape_arg(shape):
    if shape is _Null or shape is None:
        return None
    if isinstance(shape, (int, np.integer)):
        return (int(shape),)
    return tuple(int(s) for s in shape)


def _dtype_arg(dtype):
    if dtype is _Null or dtype is None:
        return None
    return np.dtype(dtype).name if not isinstance(dtype, str) else dtype


def _scalar(v):
    return v.item() if isinstance(v, np.generic) else v


def _extra(kwargs):
    kwargs = dict(kwargs)
    kwargs.pop("name", None)
    return kwargs


def _random_helper(random_op, sample_op, params, names, shape, dtype, ctx, out, kwargs):
    """Dispatch to ``random_op`` (numbers) or ``sample_op`` (NDArrays), as MXNet does."""
    shape = _shape_arg(shape)
    attrs = _extra(kwargs)
    dt = _dtype_arg(dtype)
    if dt is not None:
        attrs["dtype"] = dt
    if isinstance(params[0], NDArray):
        for p in params[1:]:
            if not isinstance(p, NDArray):
                raise MXNetError("Distribution parameters must all have the same type, but got "
                                 "both %s and %s." % (type(params[0]), type(p)))
        if sample_op is None:
            raise MXNetError("%s does not take NDArray parameters" % random_op)
        if shape is not None:
            attrs["shape"] = shape
        return invoke(get_op(sample_op), list(params), attrs, out=out)
    if isinstance(params[0], numeric_types):
        for p in params[1:]:
            if not isinstance(p, numeric_types):
                raise MXNetError("Distribution parameters must all have the same type, but got "
                                 "both %s and %s." % (type(params[0]), type(p)))
        if shape is None:
            shape = (1,) if out is None else tuple(out.shape)
        for n, p in zip(names, params):
            attrs[n] = _scalar(p)
        attrs["shape"] = shape
        if out is not None and dt is None and random_op != "_random_randint":
            attrs["dtype"] = np.dtype(out.dtype).name
        return invoke(get_op(random_op), [], attrs, out=out, ctx=ctx)
    raise MXNetError("Distribution parameters must be either NDArray or numbers, but got %s."
                     % type(params[0]))


def _sampler(name, params, random_op, sample_op, doc, op_params=None, to_op=None):
    """Build the public sampling function
    ``name(<params>, shape=_Null, dtype=_Null, ctx=None, out=None, **kwargs)``.

    The function is a generated two-line ``def`` (see ``mxjax._codegen``) with the exact
    signature, that calls ``_random_helper``.

    Parameters
    ----------
    name : str
        The public name.
    params : list of str or (str, default)
        The distribution parameters in order, each a name or a (name, default) pair.
    random_op, sample_op : str or None
        The operators for number and NDArray parameters (see ``_random_helper``).
    doc : str
        The docstring, as ``_codegen.docstring`` takes it.
    op_params : list of str, optional
        The operators' attribute names of the parameters (default: the same names).
    to_op : callable, optional
        Maps the parameter values (positionally) to the list of the operators' values.

    Returns
    -------
    function
    """
    names, defaults = _codegen.parameters(params)
    args = ", ".join(names)
    values = ("_to_op(%s)" if to_op is not None else "[%s]") % args
    src = ("def %s(%s, shape, dtype, ctx, out, **kwargs):\n"
           "    return _random_helper(_random_op, _sample_op, %s, _op_params, shape, dtype,"
           " ctx, out, kwargs)\n" % (name, args, values))
    fn = _codegen.define(src, name, __name__, {
        "_random_helper": _random_helper, "_to_op": to_op, "_random_op": random_op,
        "_sample_op": sample_op, "_op_params": list(op_params or names)})
    fn.__defaults__ = defaults + (_Null, _Null, None, None)
    fn.__doc__ = _codegen.docstring(doc)
    return fn


# the end of the docstrings of the samplers with float parameters
_DOC_TAIL = """
    shape : int or tuple of int
    dtype : {'float16', 'float32', 'float64'}, default 'float32'
    ctx : Context, optional
    out : NDArray, optional

    Returns
    -------
    NDArray
    """


def _exponential_rate(scale):
    """``_random_exponential``'s ``lam`` from ``exponential``'s ``scale``."""
    if isinstance(scale, numeric_types) and scale == 0:
        raise MXNetError("exponential: scale must be non-zero (the rate is 1/scale)")
    return [1.0 / scale]


uniform = _sampler("uniform", [("low", 0), ("high", 1)], "_random_uniform", "_sample_uniform", """
    Draw samples from the uniform distribution U[low, high).

    Parameters
    ----------
    low, high : float or NDArray
        Bounds of the interval. NDArrays give one distribution per element.
    shape : int or tuple of int
        Number of samples (per distribution for NDArray parameters). Default (1,) for
        scalar parameters.
    dtype : {'float16', 'float32', 'float64'}, default 'float32'
    ctx : Context, optional
        Device of the output (scalar parameters only).
    out : NDArray, optional

    Returns
    -------
    NDArray
        Shape ``shape``, or ``low.shape + shape`` for NDArray parameters.
    """)

normal = _sampler("normal", [("loc", 0), ("scale", 1)], "_random_normal", "_sample_normal", """
    Draw samples from the normal distribution N(loc, scale**2).

    Parameters
    ----------
    loc, scale : float or NDArray
        Mean and standard deviation.""" + _DOC_TAIL)

poisson = _sampler("poisson", [("lam", 1)], "_random_poisson", "_sample_poisson", """
    Draw samples from the Poisson distribution with rate ``lam`` (as floats).

    Parameters
    ----------
    lam : float or NDArray""" + _DOC_TAIL)

exponential = _sampler("exponential", [("scale", 1)], "_random_exponential",
                       "_sample_exponential", """
    Draw samples from the exponential distribution with scale ``scale`` (= 1/rate).

    Parameters
    ----------
    scale : float or NDArray""" + _DOC_TAIL, op_params=["lam"], to_op=_exponential_rate)

gamma = _sampler("gamma", [("alpha", 1), ("beta", 1)], "_random_gamma", "_sample_gamma", """
    Draw samples from the gamma distribution with shape ``alpha`` and scale ``beta``.

    Parameters
    ----------
    alpha, beta : float or NDArray""" + _DOC_TAIL)

negative_binomial = _sampler("negative_binomial", [("k", 1), ("p", 1)],
                             "_random_negative_binomial", "_sample_negative_binomial", """
    Draw samples from the negative binomial distribution (failures before ``k``
    successes of probability ``p``), as floats.

    Parameters
    ----------
    k : int or NDArray
    p : float or NDArray""" + _DOC_TAIL)

generalized_negative_binomial = _sampler(
    "generalized_negative_binomial", [("mu", 1), ("alpha", 1)],
    "_random_generalized_negative_binomial", "_sample_generalized_negative_binomial", """
    Draw samples from the generalized negative binomial distribution (mean ``mu``,
    dispersion ``alpha``), as floats.

    Parameters
    ----------
    mu, alpha : float or NDArray""" + _DOC_TAIL)

randint = _sampler("randint", ["low", "high"], "_random_randint", None, """
    Draw integers uniformly from [low, high).

    Parameters
    ----------
    low, high : int
        ``high`` is exclusive.
    shape : int or tuple of int
        Default (1,).
    dtype : {'int32', 'int64'}, default 'int32'
    ctx : Context, optional
    out : NDArray, optional

    Returns
    -------
    NDArray
    """)


def randn(*shape, **kwargs):
    """Draw samples from N(loc, scale**2) with the shape given positionally.

    Parameters
    ----------
    *shape : int
        The output shape (MXNet requires at least one dimension for scalar parameters).
    loc, scale : float or NDArray, default 0 and 1
    dtype : {'float16', 'float32', 'float64'}, default 'float32'
    ctx : Context, optional
    out : NDArray, optional

    Returns
    -------
    NDArray
    """
    loc = kwargs.pop("loc", 0)
    scale = kwargs.pop("scale", 1)
    dtype = kwargs.pop("dtype", _Null)
    ctx = kwargs.pop("ctx", None)
    out = kwargs.pop("out", None)
    return _random_helper("_random_normal", "_sample_normal", [loc, scale], ["loc", "scale"],
                          shape, dtype, ctx, out, kwargs)


def multinomial(data, shape=_Null, get_prob=False, out=None, dtype="int32", **kwargs):
    """Draw category indices from the distributions on ``data``'s last axis.

    Parameters
    ----------
    data : NDArray
        Probabilities, shape ``(..., k)``.
    shape : int or tuple of int
        Samples per distribution.
    get_prob : bool
        Also return the log-probabilities of the drawn categories (differentiable).
    out : NDArray, optional
    dtype : {'int32', 'uint8', 'float16', 'float32', 'float64'}, default 'int32'

    Returns
    -------
    NDArray, or [NDArray, NDArray] with ``get_prob``
        Shape ``data.shape[:-1] + shape``.
    """
    attrs = _extra(kwargs)
    s = _shape_arg(shape)
    if s is not None:
        attrs["shape"] = s
    attrs["get_prob"] = bool(get_prob)
    attrs["dtype"] = _dtype_arg(dtype) or "int32"
    return invoke(get_op("_sample_multinomial"), [data], attrs, out=out)


def shuffle(data, **kwargs):
    """A random permutation of ``data`` along its first axis.

    Parameters
    ----------
    data : NDArray
    out : NDArray, optional

    Returns
    -------
    NDArray
    """
    out = kwargs.pop("out", None)
    return invoke(get_op("_shuffle"), [data], _extra(kwargs), out=out)
