"""Random sampling operators: ``_random_*`` (scalar parameters as attributes),
``_random_*_like``, ``_sample_*`` (NDArray parameters), ``_sample_multinomial`` and
``_shuffle``. The PRNG key is their first input (see ``random_keys``).

As in MXNet, samples carry no gradient: the ``_sample_*`` operators give zero
gradients to their parameters, ``_shuffle`` cannot be differentiated, and only the
log-probabilities of ``_sample_multinomial(get_prob=True)`` have a gradient.
"""
import numpy as np
import jax
import jax.numpy as jnp
from jax import lax

from ...base import MXNetError, np_dtype, shape_str
from ..registry import register
from ..random_keys import key_from
from ...core import failure

_FLOATS = ("float16", "float32", "float64")


def _shape(shape):
    if shape is None:
        return ()
    if isinstance(shape, (int, np.integer)):
        return (int(shape),)
    return tuple(int(s) for s in shape)


def _out_shape(op, shape):
    """The output shape of a ``_random_*`` operator (MXNet cannot infer an empty one)."""
    s = _shape(shape)
    if not s or any(d <= 0 for d in s):
        raise MXNetError("Operator %s: cannot infer the output shape from shape=%s; give a "
                         "shape with positive dimensions" % (op, s))
    return s


def _out_dtype(op, dtype, allowed=_FLOATS, default="float32"):
    if dtype is None or dtype == "None":
        dtype = default
    dt = np_dtype(dtype)
    if dt.name not in allowed:
        raise MXNetError("Operator %s: invalid dtype %r, valid values are: %s"
                         % (op, dt.name, ", ".join(allowed)))
    return dt


def _compute_dtype(dt):
    """Samples are drawn in float32 (float64 for float64 outputs)."""
    return jnp.float64 if dt == np.float64 else jnp.float32


def _check(op, ok, msg):
    if not ok:
        raise MXNetError("Operator %s: %s" % (op, msg))


def _kernel_check(op, ok, msg):
           """A check MXNet makes in the kernel (a sampler's parameters): the call's outputs
           fail, and the error is raised when one is read (``mxjax.core.failure``)."""
           if not ok:
               failure.kernel_check(False, "Operator %s: %s" % (op, msg))


def _check_float_input(op, data, what="data"):
    if not jnp.issubdtype(data.dtype, jnp.floating):
        raise MXNetError("Operator %s: this operation only supports floating point types, "
                         "not %s (input %s)" % (op, np.dtype(data.dtype).name, what))


# ---------------------------------------------------------------------------
# samplers: (key, parameters broadcastable to shape, shape, compute dtype) -> samples


def _uniform(key, low, high, shape, cdt):
    return low + (high - low) * jax.random.uniform(key, shape, dtype=cdt)


def _normal(key, loc, scale, shape, cdt):
    return loc + scale * jax.random.normal(key, shape, dtype=cdt)


# Gamma and Poisson variates come from rejection loops over the whole array, each
# round drawing its uniforms from one ``fold_in`` of the key: far cheaper to compile
# than per-element loops, and exact (an element is kept from its first accepted round).
_MAX_ROUNDS = 1000


def _round_uniforms(key, i, n, shape, cdt):
    return jax.random.uniform(jax.random.fold_in(key, i), (n,) + tuple(shape), dtype=cdt)


def _std_gamma(key, alpha, shape, cdt, stream=0):
    """Gamma(alpha, 1) by Marsaglia and Tsang's method (alpha < 1 boosted with
    ``U**(1/alpha)``); NaN for invalid alpha."""
    alpha = jnp.broadcast_to(jnp.asarray(alpha, dtype=cdt), shape)
    invalid = ~((alpha >= 0) & jnp.isfinite(alpha))
    boost = alpha < 1
    d = jnp.where(boost, alpha + 1, jnp.where(invalid, 1, alpha)) - 1 / 3
    c = 1 / jnp.sqrt(9 * d)
    sqrt2 = jnp.sqrt(jnp.asarray(2, dtype=cdt))

    def cond(state):
        return (state[0] < _MAX_ROUNDS) & ~jnp.all(state[3])

    def body(state):
        i, x, ub, done = state
        u = _round_uniforms(key, 2 * i + stream, 3, shape, cdt)
        z = sqrt2 * lax.erf_inv(2 * u[0] - 1)
        v = 1 + c * z
        v = v * v * v
        pos = v > 0
        ok = pos & (jnp.log(u[1]) < 0.5 * z * z + d - d * v
                    + d * jnp.log(jnp.where(pos, v, 1)))
        take = ~done & ok
        return i + 1, jnp.where(take, d * v, x), jnp.where(take, u[2], ub), done | ok

    init = (jnp.int32(0), jnp.full(shape, jnp.nan, dtype=cdt), jnp.zeros(shape, dtype=cdt),
            invalid)
    _, x, ub, _ = lax.while_loop(cond, body, init)
    safe = jnp.where(boost & ~invalid, alpha, 1)
    return jnp.where(boost, x * ub ** (1 / safe), x)


def _poisson_counts(key, lam, shape, cdt, stream=0):
    """Poisson(lam) counts as floats: Knuth's product of uniforms for lam < 10,
    Hormann's transformed rejection (PTRS) above; 0 for lam <= 0, NaN for NaN/inf."""
    lam = jnp.broadcast_to(jnp.asarray(lam, dtype=cdt), shape)
    invalid = ~jnp.isfinite(lam)
    small = lam < 10
    limit = jnp.exp(-jnp.where(small, jnp.maximum(lam, 0), 0))
    big = jnp.where(small | invalid, 10, lam)
    slam = jnp.sqrt(big)
    loglam = jnp.log(big)
    b = 0.931 + 2.53 * slam
    a = -0.059 + 0.02483 * b
    log_invalpha = jnp.log(1.1239 + 1.1328 / (b - 3.4))
    vr = 0.9277 - 3.6224 / (b - 2)

    def cond(state):
        return (state[0] < _MAX_ROUNDS) & ~jnp.all(state[3])

    def body(state):
        i, k, prod, done = state
        u = _round_uniforms(key, 2 * i + stream, 2, shape, cdt)
        prod = prod * u[0]
        us = 0.5 - jnp.abs(u[0] - 0.5)
        kk = jnp.floor((2 * a / us + b) * (u[0] - 0.5) + big + 0.43)
        quick = (us >= 0.07) & (u[1] <= vr)
        bad = (kk < 0) | ((us < 0.013) & (u[1] > us))
        full = (jnp.log(u[1]) + log_invalpha - jnp.log(a / (us * us) + b)
                <= -big + kk * loglam - lax.lgamma(kk + 1))
        ok = jnp.where(small, prod < limit, quick | (~bad & full))
        take = ~done & ok
        k = jnp.where(take, jnp.where(small, i.astype(cdt), kk), k)
        return i + 1, k, prod, done | ok

    init = (jnp.int32(0), jnp.full(shape, jnp.nan, dtype=cdt), jnp.ones(shape, dtype=cdt),
            invalid)
    _, k, _, _ = lax.while_loop(cond, body, init)
    return k


def _gamma(key, alpha, beta, shape, cdt):
    return _std_gamma(key, alpha, shape, cdt) * beta


def _exponential(key, lam, shape, cdt):
    return jax.random.exponential(key, shape, dtype=cdt) / lam


def _poisson(key, lam, shape, cdt):
    return _poisson_counts(key, lam, shape, cdt)


def _negative_binomial(key, k, p, shape, cdt):
    k = jnp.asarray(k, dtype=cdt)
    p = jnp.asarray(p, dtype=cdt)
    rate = _std_gamma(key, k, shape, cdt, stream=0) * ((1 - p) / p)
    return _poisson_counts(key, jnp.maximum(rate, 0), shape, cdt, stream=1)


def _gen_negative_binomial(key, mu, alpha, shape, cdt):
    mu = jnp.asarray(mu, dtype=cdt)
    alpha = jnp.asarray(alpha, dtype=cdt)
    zero = alpha == 0
    safe = jnp.where(zero, 1, alpha)
    rate = _std_gamma(key, 1 / safe, shape, cdt, stream=0) * (safe * mu)
    return _poisson_counts(key, jnp.where(zero, mu, rate), shape, cdt, stream=1)


# ---------------------------------------------------------------------------
# _random_*: scalar parameters


def _scalar_sampler(name, sampler, key, params, shape, dtype):
    dt = _out_dtype(name, dtype)
    shape = _out_shape(name, shape)
    cdt = _compute_dtype(dt)
    return sampler(key_from(key), *params, shape, cdt).astype(dt)


@register("_random_uniform", aliases=("uniform", "random_uniform"), random=True)
def random_uniform(key, *, low=0.0, high=1.0, shape=None, dtype=None):
    """Samples from the uniform distribution U[low, high)."""
    _kernel_check("_random_uniform", high >= low,
                  "low must be less or equal to high in uniform distribution (low=%s, high=%s)"
                  % (low, high))
    return _scalar_sampler("_random_uniform", _uniform, key, (low, high), shape, dtype)


@register("_random_normal", aliases=("normal", "random_normal"), random=True)
def random_normal(key, *, loc=0.0, scale=1.0, shape=None, dtype=None):
    """Samples from the normal distribution N(loc, scale**2)."""
    _kernel_check("_random_normal", scale > 0,
                  "scale parameter in gaussian has to be positive (scale=%s)" % scale)
    return _scalar_sampler("_random_normal", _normal, key, (loc, scale), shape, dtype)


@register("_random_gamma", aliases=("random_gamma",), random=True)
def random_gamma(key, *, alpha=1.0, beta=1.0, shape=None, dtype=None):
    """Samples from the gamma distribution with shape ``alpha`` and scale ``beta``."""
    _kernel_check("_random_gamma", alpha > 0,
                  "alpha parameter in gamma distribution has to be positive (alpha=%s)" % alpha)
    _kernel_check("_random_gamma", beta > 0,
                  "beta parameter in gamma distribution has to be positive (beta=%s)" % beta)
    return _scalar_sampler("_random_gamma", _gamma, key, (alpha, beta), shape, dtype)


@register("_random_exponential", aliases=("random_exponential",), random=True)
def random_exponential(key, *, lam=1.0, shape=None, dtype=None):
    """Samples from the exponential distribution with rate ``lam``."""
    _kernel_check("_random_exponential", lam > 0,
                  "lambda parameter in exponential distribution has to be positive (lam=%s)" % lam)
    return _scalar_sampler("_random_exponential", _exponential, key, (lam,), shape, dtype)


@register("_random_poisson", aliases=("random_poisson",), random=True)
def random_poisson(key, *, lam=1.0, shape=None, dtype=None):
    """Samples from the Poisson distribution with rate ``lam`` (as floats)."""
    _kernel_check("_random_poisson", lam >= 0,
                  "lambda parameter in poisson distribution has to be non-negative (lam=%s)" % lam)
    return _scalar_sampler("_random_poisson", _poisson, key, (lam,), shape, dtype)


def _check_nb(op, k, p):
    if isinstance(k, float) and not float(k).is_integer():
        raise MXNetError("Operator %s: invalid parameter k=%s, expect an int" % (op, k))
    _kernel_check(op, k >= 0, "k parameter in negative binomial distribution has to be "
                              "non-negative (k=%s)" % k)
    _kernel_check(op, p >= 0, "p parameter in negative binomial distribution has to be "
                              "non-negative (p=%s)" % p)


@register("_random_negative_binomial", aliases=("random_negative_binomial",), random=True)
def random_negative_binomial(key, *, k=1, p=1.0, shape=None, dtype=None):
    """Samples from the negative binomial distribution: failures before ``k`` successes
    with success probability ``p`` (mean ``k (1 - p) / p``)."""
    _check_nb("_random_negative_binomial", k, p)
    return _scalar_sampler("_random_negative_binomial", _negative_binomial, key,
                           (int(k), p), shape, dtype)


def _check_gnb(op, mu, alpha):
    _kernel_check(op, mu >= 0, "mu parameter in generalized negative binomial distribution "
                               "has to be non-negative (mu=%s)" % mu)
    _kernel_check(op, alpha >= 0, "alpha parameter in generalized negative binomial "
                                  "distribution has to be non-negative (alpha=%s)" % alpha)


@register("_random_generalized_negative_binomial",
          aliases=("random_generalized_negative_binomial",), random=True)
def random_generalized_negative_binomial(key, *, mu=1.0, alpha=1.0, shape=None, dtype=None):
    """Samples from the generalized negative binomial distribution (mean ``mu``, variance
    ``mu + alpha mu**2``; Poisson for ``alpha = 0``)."""
    _check_gnb("_random_generalized_negative_binomial", mu, alpha)
    return _scalar_sampler("_random_generalized_negative_binomial", _gen_negative_binomial,
                           key, (mu, alpha), shape, dtype)


@register("_random_randint", aliases=("random_randint",), random=True)
def random_randint(key, *, low, high, shape=None, dtype=None):
    """Samples integers uniformly from [low, high) (int32 by default)."""
    op = "_random_randint"
    dt = _out_dtype(op, dtype, allowed=("int32", "int64"), default="int32")
    shape = _out_shape(op, shape)
    low, high = int(low), int(high)
    _kernel_check(op, high >= low, "low must be less or equal to high in uniform distribution "
                                   "(low=%d, high=%d)" % (low, high))
    _kernel_check(op, high > low,
                  "the range [low, high) is empty (low=%d, high=%d)" % (low, high))
    info = np.iinfo(dt)
    _check(op, info.min <= low and high - 1 <= info.max,
           "[low, high) = [%d, %d) does not fit dtype %s" % (low, high, dt.name))
    return jax.random.randint(key_from(key), shape, low, high, dtype=dt)


# ---------------------------------------------------------------------------
# _random_*_like: the shape and dtype of an input


def _like_sampler(name, sampler, key, data, params):
    _check_float_input(name, data)
    cdt = _compute_dtype(data.dtype)
    return sampler(key_from(key), *params, data.shape, cdt).astype(data.dtype)


@register("_random_uniform_like", random=True)
def random_uniform_like(key, data, *, low=0.0, high=1.0):
    """Uniform samples U[low, high) with the shape and dtype of ``data``."""
    _kernel_check("_random_uniform_like", high >= low,
                  "low must be less or equal to high in uniform distribution")
    return _like_sampler("_random_uniform_like", _uniform, key, data, (low, high))


@register("_random_normal_like", random=True)
def random_normal_like(key, data, *, loc=0.0, scale=1.0):
    """Normal samples N(loc, scale**2) with the shape and dtype of ``data``."""
    _kernel_check("_random_normal_like", scale > 0,
                  "scale parameter in gaussian has to be positive")
    return _like_sampler("_random_normal_like", _normal, key, data, (loc, scale))


@register("_random_gamma_like", random=True)
def random_gamma_like(key, data, *, alpha=1.0, beta=1.0):
    """Gamma samples (shape ``alpha``, scale ``beta``) with the shape and dtype of ``data``."""
    _kernel_check("_random_gamma_like", alpha > 0 and beta > 0,
                  "alpha and beta parameters in gamma distribution have to be positive")
    return _like_sampler("_random_gamma_like", _gamma, key, data, (alpha, beta))


@register("_random_exponential_like", random=True)
def random_exponential_like(key, data, *, lam=1.0):
    """Exponential samples (rate ``lam``) with the shape and dtype of ``data``."""
    _kernel_check("_random_exponential_like", lam > 0,
                  "lambda parameter in exponential distribution has to be positive")
    return _like_sampler("_random_exponential_like", _exponential, key, data, (lam,))


@register("_random_poisson_like", random=True)
def random_poisson_like(key, data, *, lam=1.0):
    """Poisson samples (rate ``lam``) with the shape and dtype of ``data``."""
    _kernel_check("_random_poisson_like", lam >= 0,
                  "lambda parameter in poisson distribution has to be non-negative")
    return _like_sampler("_random_poisson_like", _poisson, key, data, (lam,))


@register("_random_negative_binomial_like", random=True)
def random_negative_binomial_like(key, data, *, k=1, p=1.0):
    """Negative binomial samples with the shape and dtype of ``data``."""
    _check_nb("_random_negative_binomial_like", k, p)
    return _like_sampler("_random_negative_binomial_like", _negative_binomial, key, data,
                         (int(k), p))


@register("_random_generalized_negative_binomial_like", random=True)
def random_generalized_negative_binomial_like(key, data, *, mu=1.0, alpha=1.0):
    """Generalized negative binomial samples with the shape and dtype of ``data``."""
    _check_gnb("_random_generalized_negative_binomial_like", mu, alpha)
    return _like_sampler("_random_generalized_negative_binomial_like", _gen_negative_binomial,
                         key, data, (mu, alpha))


# ---------------------------------------------------------------------------
# _sample_*: one distribution per element of the parameter arrays


def _param_sampler(name, sampler, key, params, shape, dtype):
    first = params[0]
    for i, p in enumerate(params[1:], 1):
        if p.shape != first.shape:
            raise MXNetError("Operator %s: shape inconsistent, parameter 0 has shape %s but "
                             "parameter %d has shape %s"
                             % (name, shape_str(first.shape), i, shape_str(p.shape)))
        if p.dtype != first.dtype:
            raise MXNetError("Operator %s: parameters must have the same dtype, got %s and %s"
                             % (name, np.dtype(first.dtype).name, np.dtype(p.dtype).name))
    dt = _out_dtype(name, dtype)
    cdt = _compute_dtype(dt)
    extra = _shape(shape)
    out_shape = tuple(first.shape) + extra
    expand = tuple(first.shape) + (1,) * len(extra)
    ps = [lax.stop_gradient(p).astype(cdt).reshape(expand) for p in params]
    return sampler(key_from(key), *ps, out_shape, cdt).astype(dt)


@register("_sample_uniform", aliases=("sample_uniform",), random=True)
def sample_uniform(key, low, high, *, shape=(), dtype=None):
    """Uniform samples U[low, high) for each pair of parameters; output shape is
    ``low.shape + shape``."""
    return _param_sampler("_sample_uniform", _uniform, key, (low, high), shape, dtype)


@register("_sample_normal", aliases=("sample_normal",), random=True)
def sample_normal(key, mu, sigma, *, shape=(), dtype=None):
    """Normal samples N(mu, sigma**2) for each pair of parameters."""
    return _param_sampler("_sample_normal", _normal, key, (mu, sigma), shape, dtype)


@register("_sample_gamma", aliases=("sample_gamma",), random=True)
def sample_gamma(key, alpha, beta, *, shape=(), dtype=None):
    """Gamma samples (shape ``alpha``, scale ``beta``) for each pair of parameters."""
    return _param_sampler("_sample_gamma", _gamma, key, (alpha, beta), shape, dtype)


@register("_sample_exponential", aliases=("sample_exponential",), random=True)
def sample_exponential(key, lam, *, shape=(), dtype=None):
    """Exponential samples (rate ``lam``) for each parameter."""
    return _param_sampler("_sample_exponential", _exponential, key, (lam,), shape, dtype)


@register("_sample_poisson", aliases=("sample_poisson",), random=True)
def sample_poisson(key, lam, *, shape=(), dtype=None):
    """Poisson samples (rate ``lam``) for each parameter, as floats."""
    return _param_sampler("_sample_poisson", _poisson, key, (lam,), shape, dtype)


@register("_sample_negative_binomial", aliases=("sample_negative_binomial",), random=True)
def sample_negative_binomial(key, k, p, *, shape=(), dtype=None):
    """Negative binomial samples for each pair of parameters ``k``, ``p``."""
    return _param_sampler("_sample_negative_binomial", _negative_binomial, key, (k, p),
                          shape, dtype)


@register("_sample_generalized_negative_binomial",
          aliases=("sample_generalized_negative_binomial",), random=True)
def sample_generalized_negative_binomial(key, mu, alpha, *, shape=(), dtype=None):
    """Generalized negative binomial samples for each pair of parameters ``mu``, ``alpha``."""
    return _param_sampler("_sample_generalized_negative_binomial", _gen_negative_binomial,
                          key, (mu, alpha), shape, dtype)


def _multinomial_outputs(attrs):
    return 2 if attrs.get("get_prob", False) else 1


@register("_sample_multinomial", aliases=("sample_multinomial",), random=True,
          num_outputs=_multinomial_outputs)
def sample_multinomial(key, data, *, shape=(), get_prob=False, dtype="int32"):
    """Category indices drawn from the distributions on ``data``'s last axis.

    The output shape is ``data.shape[:-1] + shape`` ((1,) when that is empty). With
    ``get_prob=True`` also the log-probabilities of the drawn categories, which carry
    the gradient ``1 / p`` to the drawn entries of ``data``.
    """
    op = "_sample_multinomial"
    _check_float_input(op, data)
    if data.ndim < 1:
        raise MXNetError("Operator %s: data must have at least one dimension" % op)
    dt = _out_dtype(op, dtype, allowed=("float16", "float32", "float64", "int32", "uint8"),
                    default="int32")
    extra = _shape(shape)
    batch = tuple(data.shape[:-1])
    k = data.shape[-1]
    cdt = jnp.float64 if data.dtype == jnp.float64 else jnp.float32
    probs = lax.stop_gradient(data).astype(cdt).reshape(batch + (1,) * len(extra) + (k,))
    cdf = jnp.cumsum(probs, axis=-1)
    u = jax.random.uniform(key_from(key), batch + extra, dtype=cdt)
    idx = jnp.minimum(jnp.sum(cdf <= u[..., None], axis=-1), k - 1).astype(jnp.int32)
    sample = idx.astype(dt)
    if not batch + extra:
        sample = sample.reshape((1,))
    if not get_prob:
        return sample
    src = data.reshape(batch + (1,) * len(extra) + (k,))
    src = jnp.broadcast_to(src, batch + extra + (k,))
    logp = jnp.log(jnp.take_along_axis(src, idx[..., None], axis=-1)[..., 0])
    if not batch + extra:
        logp = logp.reshape((1,))
    return sample, logp


# ---------------------------------------------------------------------------
# _shuffle


@jax.custom_vjp
def _permute(data, perm):
    return data[perm]


def _permute_fwd(data, perm):
    return data[perm], None


def _permute_bwd(_, g):
    raise MXNetError("Operator _shuffle is non-differentiable because it didn't register "
                     "FGradient attribute.")


_permute.defvjp(_permute_fwd, _permute_bwd)


@register("_shuffle", aliases=("shuffle",), random=True)
def shuffle(key, data):
    """A random permutation of ``data`` along its first axis (not differentiable)."""
    if data.ndim == 0:
        return data
    perm = jax.random.permutation(key_from(key), data.shape[0])
    return _permute(data, perm)


# ---------------------------------------------------------------------------
# _random_pdf_*: densities of samples under per-element distributions


def _pdf_inputs(op, sample, params, event=False):
    """Check shapes/dtypes; parameters broadcast against ``sample`` (whose leading axes
    are the parameters' shape)."""
    for i, p in enumerate((sample,) + tuple(params)):
        _check_float_input(op, p, "sample" if i == 0 else "parameter %d" % (i - 1))
        if p.dtype != sample.dtype:
            raise MXNetError("Operator %s: all inputs must have the same dtype, got %s and %s"
                             % (op, np.dtype(sample.dtype).name, np.dtype(p.dtype).name))
    pshape = params[0].shape
    for i, p in enumerate(params[1:], 1):
        if p.shape != pshape:
            raise MXNetError("Operator %s: shape inconsistent, parameter 0 has shape %s but "
                             "parameter %d has shape %s" % (op, shape_str(pshape), i,
                                                            shape_str(p.shape)))
    if event:  # dirichlet: sample is batch + extra + (k,), alpha is batch + (k,)
        ok = (sample.ndim >= len(pshape) and sample.shape[:len(pshape) - 1] == pshape[:-1]
              and sample.shape[-1] == pshape[-1])
        expand = pshape[:-1] + (1,) * (sample.ndim - len(pshape)) + pshape[-1:]
    else:
        ok = sample.ndim >= len(pshape) and sample.shape[:len(pshape)] == pshape
        expand = pshape + (1,) * (sample.ndim - len(pshape))
    if not ok:
        raise MXNetError("Operator %s: shape inconsistent, sample has shape %s but the "
                         "parameters have shape %s" % (op, shape_str(sample.shape),
                                                       shape_str(pshape)))
    return [p.reshape(expand) for p in params]


def _density(logpdf, is_log, shape):
    out = jnp.broadcast_to(logpdf, shape)
    return out if is_log else jnp.exp(out)


_LOG_SQRT_2PI = float(0.5 * np.log(2 * np.pi))


@register("_random_pdf_normal", aliases=("random_pdf_normal",))
def random_pdf_normal(sample, mu, sigma, *, is_log=False):
    """Density of ``sample`` under N(mu, sigma**2) (log-density with ``is_log``)."""
    mu, sigma = _pdf_inputs("_random_pdf_normal", sample, (mu, sigma))
    z = (sample - mu) / sigma
    return _density(-0.5 * z * z - jnp.log(sigma) - _LOG_SQRT_2PI, is_log, sample.shape)


@register("_random_pdf_uniform", aliases=("random_pdf_uniform",))
def random_pdf_uniform(sample, low, high, *, is_log=False):
    """Density ``1 / (high - low)`` of U[low, high) at ``sample`` (MXNet does not check the
    support)."""
    low, high = _pdf_inputs("_random_pdf_uniform", sample, (low, high))
    return _density(-jnp.log(high - low) + 0 * sample, is_log, sample.shape)


@register("_random_pdf_gamma", aliases=("random_pdf_gamma",))
def random_pdf_gamma(sample, alpha, beta, *, is_log=False):
    """Density of the gamma distribution with shape ``alpha`` and rate ``beta`` (MXNet's
    density takes ``beta`` as a rate, its sampler as a scale)."""
    alpha, beta = _pdf_inputs("_random_pdf_gamma", sample, (alpha, beta))
    lp = (alpha * jnp.log(beta) + (alpha - 1) * jnp.log(sample) - beta * sample
          - jax.scipy.special.gammaln(alpha))
    return _density(lp, is_log, sample.shape)


@register("_random_pdf_exponential", aliases=("random_pdf_exponential",))
def random_pdf_exponential(sample, lam, *, is_log=False):
    """Density ``lam exp(-lam x)`` of the exponential distribution."""
    (lam,) = _pdf_inputs("_random_pdf_exponential", sample, (lam,))
    return _density(jnp.log(lam) - lam * sample, is_log, sample.shape)


@register("_random_pdf_poisson", aliases=("random_pdf_poisson",))
def random_pdf_poisson(sample, lam, *, is_log=False):
    """Probability of ``sample`` under Poisson(lam) (lgamma for non-integers)."""
    (lam,) = _pdf_inputs("_random_pdf_poisson", sample, (lam,))
    sample = lax.stop_gradient(sample)  # discrete: MXNet gives the sample no gradient
    lp = sample * jnp.log(lam) - lam - jax.scipy.special.gammaln(sample + 1)
    return _density(lp, is_log, sample.shape)


def _nb_logpmf(x, k, p):
    g = jax.scipy.special.gammaln
    return g(x + k) - g(k) - g(x + 1) + k * jnp.log(p) + x * jnp.log1p(-p)


@register("_random_pdf_negative_binomial", aliases=("random_pdf_negative_binomial",))
def random_pdf_negative_binomial(sample, k, p, *, is_log=False):
    """Probability of ``sample`` failures before ``k`` successes of probability ``p``."""
    k, p = _pdf_inputs("_random_pdf_negative_binomial", sample, (k, p))
    sample = lax.stop_gradient(sample)  # discrete: no gradient for the sample
    return _density(_nb_logpmf(sample, k, p), is_log, sample.shape)


@register("_random_pdf_generalized_negative_binomial",
          aliases=("random_pdf_generalized_negative_binomial",))
def random_pdf_generalized_negative_binomial(sample, mu, alpha, *, is_log=False):
    """Probability under the generalized negative binomial with mean ``mu`` and
    dispersion ``alpha`` (k = 1/alpha, p = 1/(1 + alpha mu))."""
    mu, alpha = _pdf_inputs("_random_pdf_generalized_negative_binomial", sample, (mu, alpha))
    sample = lax.stop_gradient(sample)  # discrete: no gradient for the sample
    k = 1 / alpha
    p = 1 / (1 + alpha * mu)
    return _density(_nb_logpmf(sample, k, p), is_log, sample.shape)


@register("_random_pdf_dirichlet", aliases=("random_pdf_dirichlet",))
def random_pdf_dirichlet(sample, alpha, *, is_log=False):
    """Density of points ``sample`` (last axis) of the simplex under Dirichlet(alpha)."""
    (alpha,) = _pdf_inputs("_random_pdf_dirichlet", sample, (alpha,), event=True)
    g = jax.scipy.special.gammaln
    lp = (g(jnp.sum(alpha, axis=-1)) - jnp.sum(g(alpha), axis=-1)
          + jnp.sum((alpha - 1) * jnp.log(sample), axis=-1))
    return _density(lp, is_log, sample.shape[:-1])


# ---------------------------------------------------------------------------
# _sample_unique_zipfian


@register("_sample_unique_zipfian", random=True)
def sample_unique_zipfian(key, *, range_max, shape=None):
    """Per row of a ``(batch_size, num_sampled)`` shape, ``num_sampled`` distinct classes
    drawn from an approximately log-uniform distribution on [0, range_max), and the
    number of draws it took. Returns ``(samples, trials)``, both int64.

    Each draw is ``round(exp(u * log(range_max))) - 1`` for u ~ U[0, 1), as MXNet's
    sampler does (close to ``P(c) = log((c + 2) / (c + 1)) / log(range_max + 1)``).
    """
    op = "_sample_unique_zipfian"
    shape = _shape(shape)
    if len(shape) != 2:
        raise MXNetError("Operator %s: shape must be 2-D (batch_size, num_sampled), got %s"
                         % (op, shape))
    rows, k = shape
    range_max = int(range_max)
    _check(op, k <= range_max, "Number of samples cannot exceed the number of possible "
                               "classes (%d vs. %d)" % (k, range_max))
    log_range = float(np.log(range_max))
    row_idx = jnp.arange(rows)
    kk = key_from(key)

    def cond(state):
        return jnp.any(state[0] < k)

    def body(state):
        found, trials, seen, out, i = state
        u = jax.random.uniform(jax.random.fold_in(kk, i), (rows,), dtype=jnp.float64)
        c = jnp.clip(jnp.floor(jnp.exp(u * log_range) + 0.5) - 1, 0, range_max - 1)
        c = c.astype(jnp.int64)
        active = found < k
        new = active & ~seen[row_idx, c]
        seen = seen.at[row_idx, c].set(seen[row_idx, c] | new)
        slot = jnp.minimum(found, k - 1)
        out = out.at[row_idx, slot].set(jnp.where(new, c, out[row_idx, slot]))
        return found + new, trials + active, seen, out, i + 1

    init = (jnp.zeros((rows,), jnp.int64), jnp.zeros((rows,), jnp.int64),
            jnp.zeros((rows, range_max), bool), jnp.zeros((rows, k), jnp.int64),
            jnp.int32(0))
    _, trials, _, out, _ = lax.while_loop(cond, body, init)
    return out, trials
