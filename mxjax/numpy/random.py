"""``mx.np.random``: NumPy-style samplers as registered random operators.

Each sampler takes its PRNG key as an input (``random=True`` operators), so a
recorded graph replays the same numbers; ``mx.random.seed`` seeds them. Results
are float32 unless ``dtype`` says otherwise (MXNet's default), on ``ctx``.
"""
import numpy as onp
import jax
import jax.numpy as jnp

from ..base import MXNetError, np_dtype
from ..context import current_context
from ..ndarray.ndarray import NDArray
from ..ndarray.registry import register, invoke, get_op
from ..ndarray.random_keys import key_from
from ..random import seed  # noqa: F401  (np.random.seed is mx.random.seed)

__all__ = ["uniform", "normal", "randint", "rand", "randn", "choice", "shuffle",
           "exponential", "gamma", "bernoulli", "seed"]


def _size(size):
    if size is None:
        return None
    if isinstance(size, (int, onp.integer)):
        return (int(size),)
    return tuple(int(s) for s in size)


def _out_shape(size, *params):
    if size is not None:
        return size
    shapes = [p.shape for p in params if p is not None]
    return jnp.broadcast_shapes(*shapes) if shapes else ()


def _param(p, scalar, dt):
    return (jnp.asarray(scalar, dt) if p is None else p.astype(dt))


@register("_npi_uniform", random=True)
def _uniform(key, low=None, high=None, *, low_s=0.0, high_s=1.0, size=None,
             dtype="float32"):
    dt = jnp.dtype(dtype)
    lo, hi = _param(low, low_s, dt), _param(high, high_s, dt)
    shape = _out_shape(size, lo, hi)
    u = jax.random.uniform(key_from(key), shape, dt)
    return lo + (hi - lo) * u


@register("_npi_normal", random=True)
def _normal(key, loc=None, scale=None, *, loc_s=0.0, scale_s=1.0, size=None,
            dtype="float32"):
    dt = jnp.dtype(dtype)
    mu, sd = _param(loc, loc_s, dt), _param(scale, scale_s, dt)
    shape = _out_shape(size, mu, sd)
    return mu + sd * jax.random.normal(key_from(key), shape, dt)


@register("_npi_random_randint", random=True)
def _randint(key, *, low, high, size=None, dtype="int32"):
    return jax.random.randint(key_from(key), size or (), low, high,
                              dtype=jnp.dtype(dtype))


@register("_npi_exponential", random=True)
def _exponential(key, scale=None, *, scale_s=1.0, size=None, dtype="float32"):
    dt = jnp.dtype(dtype)
    sc = _param(scale, scale_s, dt)
    return sc * jax.random.exponential(key_from(key), _out_shape(size, sc), dt)


@register("_npi_gamma", random=True)
def _gamma(key, shape=None, scale=None, *, shape_s=1.0, scale_s=1.0, size=None,
           dtype="float32"):
    dt = jnp.dtype(dtype)
    k, sc = _param(shape, shape_s, dt), _param(scale, scale_s, dt)
    out = _out_shape(size, k, sc)
    return sc * jax.random.gamma(key_from(key), jnp.broadcast_to(k, out), out, dt)


@register("_npi_bernoulli", random=True)
def _bernoulli(key, prob=None, *, prob_s=0.5, size=None, dtype="float32"):
    p = _param(prob, prob_s, jnp.float32)
    out = _out_shape(size, p)
    return jax.random.bernoulli(key_from(key), p, out).astype(jnp.dtype(dtype))


@register("_npi_choice", random=True)
def _choice(key, a=None, p=None, *, a_s=None, size=None, replace=True):
    k = key_from(key)
    if a is None:
        return jax.random.choice(k, a_s, size or (), replace=replace, p=p).astype(jnp.int64)
    return jax.random.choice(k, a, size or (), replace=replace, p=p)


@register("_npi_shuffle", random=True, differentiable=False)
def _shuffle(key, x):
    return jax.random.permutation(key_from(key), x, axis=0)


def _sample(opname, params, size, dtype, ctx, out, default_dtype="float32"):
    """Invoke a sampler: NDArray parameters are inputs, numbers are attributes."""
    inputs, attrs = [], {}
    for name, v in params:
        if isinstance(v, NDArray):
            inputs.append(v)
        else:
            if v is not None and not isinstance(v, (int, float, onp.number)):
                v = onp.asarray(v)
                inputs.append(None)
                attrs[name + "_s"] = 0.0
                inputs[-1] = _np_array(v)
                continue
            inputs.append(None)
            if v is not None:
                attrs[name + "_s"] = float(v)
    while inputs and inputs[-1] is None:
        inputs.pop()
    attrs["size"] = _size(size)
    attrs["dtype"] = np_dtype(dtype, default=onp.dtype(default_dtype)).name
    ctx = ctx if ctx is not None else (inputs[0]._ctx if inputs and inputs[0] is not None
                                       else current_context())
    return _as_np(invoke(get_op(opname), inputs, attrs, out=out, ctx=ctx))


def _np_array(v):
    from .multiarray import array
    return array(v)


def _as_np(res):
    from .multiarray import _to_np
    return _to_np(res)


def uniform(low=0.0, high=1.0, size=None, dtype=None, ctx=None, out=None):
    """Samples from ``U[low, high)`` (float32 by default).

    Parameters
    ----------
    low, high : float or ndarray
    size : int or tuple of int, optional
        Output shape (default: the broadcast shape of ``low`` and ``high``).
    dtype : str, optional
    ctx : Context, optional
    out : ndarray, optional
    """
    return _sample("_npi_uniform", [("low", low), ("high", high)], size, dtype, ctx, out)


def normal(loc=0.0, scale=1.0, size=None, dtype=None, ctx=None, out=None):
    """Samples from a normal distribution ``N(loc, scale**2)`` (float32 by default)."""
    return _sample("_npi_normal", [("loc", loc), ("scale", scale)], size, dtype, ctx, out)


def randint(low, high=None, size=None, dtype=None, ctx=None, out=None):
    """Integers from ``[low, high)`` (int32 by default, as MXNet)."""
    if high is None:
        low, high = 0, low
    attrs = {"low": int(low), "high": int(high), "size": _size(size),
             "dtype": np_dtype(dtype, default=onp.int32).name}
    return _as_np(invoke(get_op("_npi_random_randint"), [], attrs, out=out,
                         ctx=ctx or current_context()))


def rand(*size, **kwargs):
    """Uniform samples in ``[0, 1)`` of shape ``size``."""
    return uniform(size=size, **kwargs)


def randn(*size, **kwargs):
    """Standard normal samples of shape ``size``."""
    return normal(size=size, **kwargs)


def exponential(scale=1.0, size=None, ctx=None, out=None):
    """Samples from an exponential distribution with ``scale`` (1 / rate)."""
    return _sample("_npi_exponential", [("scale", scale)], size, None, ctx, out)


def gamma(shape=1.0, scale=1.0, size=None, dtype=None, ctx=None, out=None):
    """Samples from a gamma distribution with ``shape`` and ``scale``."""
    return _sample("_npi_gamma", [("shape", shape), ("scale", scale)], size, dtype, ctx, out)


def bernoulli(prob=None, logit=None, size=None, dtype=None, ctx=None, out=None):
    """0/1 samples with probability ``prob`` (or ``sigmoid(logit)``)."""
    if (prob is None) == (logit is None):
        raise MXNetError("bernoulli: give exactly one of prob and logit")
    if logit is not None:
        prob = 1.0 / (1.0 + onp.exp(-logit)) if not isinstance(logit, NDArray) else \
            1 / (1 + (-logit).exp())
    return _sample("_npi_bernoulli", [("prob", prob)], size, dtype, ctx, out)


def choice(a, size=None, replace=True, p=None, ctx=None, out=None):
    """Samples from ``arange(a)`` (an int) or from the 1-D array ``a``."""
    inputs = [a if isinstance(a, NDArray) else None, p]
    attrs = {"a_s": None if isinstance(a, NDArray) else int(a), "size": _size(size),
             "replace": bool(replace)}
    while inputs and inputs[-1] is None:
        inputs.pop()
    return _as_np(invoke(get_op("_npi_choice"), inputs, attrs, out=out,
                         ctx=ctx or current_context()))


def shuffle(x):
    """Shuffle ``x`` along its first axis, in place."""
    res = invoke(get_op("_npi_shuffle"), [x], {})
    x._set_data(res._value)
