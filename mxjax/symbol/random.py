"""``mx.sym.random``: symbolic sampling functions with MXNet's Python-level arguments.

As in ``mx.nd.random``: number parameters build a ``_random_*`` node (no inputs);
Symbol parameters build a ``_sample_*`` node whose inputs are those Symbols
(``shape`` samples per parameter element). The ``*_like`` functions are the
``_random_*_like`` operators.
"""
from ..base import MXNetError, _Null, numeric_types
from ..ndarray import registry as _registry
from .symbol import Symbol
from ._ops import make_function as _make_function


class _Operators:
    """The ``mx.sym`` function of any registered operator, by name (what
    ``sym._internal`` holds; built here so that this module needs no import of the
    package that imports it)."""

    def __getattr__(self, name):
        fn = _make_function(_registry.get_op(name), name)
        setattr(self, name, fn)
        return fn


_internal = _Operators()

__all__ = ["uniform", "normal", "randn", "poisson", "exponential", "gamma", "multinomial",
           "negative_binomial", "generalized_negative_binomial", "shuffle", "randint",
           "uniform_like", "normal_like", "poisson_like", "exponential_like", "gamma_like",
           "negative_binomial_like", "generalized_negative_binomial_like"]


def _random_helper(random, sampler, params, shape, dtype, kwargs):
    """``sampler(*params)`` for Symbol parameters, ``random(*params)`` for numbers."""
    if isinstance(params[0], Symbol):
        for p in params[1:]:
            if not isinstance(p, Symbol):
                raise MXNetError("Distribution parameters must all have the same type, but "
                                 "got both %s and %s." % (type(params[0]), type(p)))
        if sampler is None:
            raise MXNetError("%s takes number parameters, not Symbols" % random.__name__)
        return sampler(*params, shape=shape, dtype=dtype, **kwargs)
    if isinstance(params[0], numeric_types):
        for p in params[1:]:
            if not isinstance(p, numeric_types):
                raise MXNetError("Distribution parameters must all have the same type, but "
                                 "got both %s and %s." % (type(params[0]), type(p)))
        return random(*params, shape=shape, dtype=dtype, **kwargs)
    raise MXNetError("Distribution parameters must be either Symbol or numbers, but got %s."
                     % type(params[0]))


def uniform(low=0, high=1, shape=_Null, dtype=_Null, **kwargs):
    """Samples from U[low, high): a Symbol.

    Parameters
    ----------
    low, high : float or Symbol
        Bounds; Symbols draw ``shape`` samples per element pair.
    shape : int or tuple of int, optional
    dtype : {'float16', 'float32', 'float64'}, optional
    **kwargs
        ``name``, ``attr``.

    Returns
    -------
    Symbol
    """
    return _random_helper(_internal._random_uniform, _internal._sample_uniform,
                          [low, high], shape, dtype, kwargs)


def normal(loc=0, scale=1, shape=_Null, dtype=_Null, **kwargs):
    """Samples from N(loc, scale**2): a Symbol (parameters as :func:`uniform`)."""
    return _random_helper(_internal._random_normal, _internal._sample_normal,
                          [loc, scale], shape, dtype, kwargs)


def randn(*shape, **kwargs):
    """Samples from N(loc, scale**2) with the shape given positionally.

    Parameters
    ----------
    *shape : int
    loc, scale : float or Symbol, default 0 and 1
    dtype : str, optional

    Returns
    -------
    Symbol
    """
    loc = kwargs.pop("loc", 0)
    scale = kwargs.pop("scale", 1)
    dtype = kwargs.pop("dtype", _Null)
    return _random_helper(_internal._random_normal, _internal._sample_normal,
                          [loc, scale], shape, dtype, kwargs)


def poisson(lam=1, shape=_Null, dtype=_Null, **kwargs):
    """Samples from Poisson(lam): a Symbol."""
    return _random_helper(_internal._random_poisson, _internal._sample_poisson,
                          [lam], shape, dtype, kwargs)


def exponential(scale=1, shape=_Null, dtype=_Null, **kwargs):
    """Samples from the exponential distribution of mean ``scale`` (rate ``1/scale``)."""
    return _random_helper(_internal._random_exponential, _internal._sample_exponential,
                          [1.0 / scale], shape, dtype, kwargs)


def gamma(alpha=1, beta=1, shape=_Null, dtype=_Null, **kwargs):
    """Samples from Gamma(alpha, beta) (``beta`` is the scale): a Symbol."""
    return _random_helper(_internal._random_gamma, _internal._sample_gamma,
                          [alpha, beta], shape, dtype, kwargs)


def negative_binomial(k=1, p=1, shape=_Null, dtype=_Null, **kwargs):
    """Samples from the negative binomial distribution NB(k, p): a Symbol."""
    return _random_helper(_internal._random_negative_binomial,
                          _internal._sample_negative_binomial,
                          [k, p], shape, dtype, kwargs)


def generalized_negative_binomial(mu=1, alpha=1, shape=_Null, dtype=_Null, **kwargs):
    """Samples from the generalized negative binomial distribution GNB(mu, alpha)."""
    return _random_helper(_internal._random_generalized_negative_binomial,
                          _internal._sample_generalized_negative_binomial,
                          [mu, alpha], shape, dtype, kwargs)


def multinomial(data, shape=_Null, get_prob=True, dtype="int32", **kwargs):
    """Category indices drawn from the distributions on ``data``'s last axis.

    Parameters
    ----------
    data : Symbol
        Probabilities, shape ``(..., k)``.
    shape : int or tuple of int, optional
        Samples per distribution.
    get_prob : bool, default True (as MXNet's symbolic version)
        Also output the log-probabilities of the drawn categories.
    dtype : str, default 'int32'

    Returns
    -------
    Symbol
    """
    return _internal._sample_multinomial(data, shape=shape, get_prob=get_prob, dtype=dtype,
                                         **kwargs)


def shuffle(data, **kwargs):
    """``data`` randomly permuted along its first axis: a Symbol."""
    return _internal._shuffle(data, **kwargs)


def randint(low, high, shape=_Null, dtype=_Null, **kwargs):
    """Integers drawn uniformly from [low, high): a Symbol (number bounds only)."""
    return _random_helper(_internal._random_randint, None, [low, high], shape, dtype, kwargs)


def _like(name):
    return _make_function(_registry.get_op("_random_" + name), name)


uniform_like = _like("uniform_like")
normal_like = _like("normal_like")
poisson_like = _like("poisson_like")
exponential_like = _like("exponential_like")
gamma_like = _like("gamma_like")
negative_binomial_like = _like("negative_binomial_like")
generalized_negative_binomial_like = _like("generalized_negative_binomial_like")
