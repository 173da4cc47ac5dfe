"""``nd.contrib`` math: quadratic, div_sqrt_dim, gradientmultiplier, round_ste, sign_ste,
allclose, isfinite, isinf, isnan.
"""
import math

import numpy as np
import jax
import jax.numpy as jnp
from jax import lax

from ...base import MXNetError, shape_str
from ..registry import register
from .math_util import is_int, c_cast, cast_scalar, f32_param


@register("_contrib_quadratic")
def quadratic(data, *, a=0.0, b=0.0, c=0.0):
    """``a * x**2 + b * x + c`` elementwise (a, b, c are float32 attributes).

    Parameters
    ----------
    data : NDArray
    a, b, c : float, default 0
    """
    a, b, c = f32_param(a), f32_param(b), f32_param(c)
    if data.dtype == jnp.float64:
        x = data
    else:
        x = data.astype(jnp.float32)
    y = a * x * x + b * x + c
    if is_int(data):
        return c_cast(y.astype(jnp.float64), data.dtype)
    return y.astype(data.dtype)


@register("_contrib_div_sqrt_dim")
def div_sqrt_dim(data):
    """Divide by the square root of the size of the last axis.

    Parameters
    ----------
    data : NDArray
        For an integer array the divisor is truncated to an integer first.
    """
    d = math.sqrt(data.shape[-1])
    if is_int(data):
        return lax.div(data, jnp.asarray(cast_scalar(d, data.dtype)))
    return data / jnp.asarray(d, data.dtype)


def _straight_through(fwd_fn):
    @jax.custom_vjp
    def f(x):
        return fwd_fn(x)
    f.defvjp(lambda x: (fwd_fn(x), None), lambda _, g: (g,))
    return f


def _round_away(x):
    # halves away from zero; x - trunc(x) is exact, where x + 0.5 may round up
    t = jnp.trunc(x)
    return jnp.where(jnp.abs(x - t) >= 0.5, t + jnp.sign(x), t).astype(x.dtype)


_round_ste = _straight_through(_round_away)
_sign_ste = _straight_through(jnp.sign)


@register("_contrib_round_ste")
def round_ste(data):
    """Round (halves away from zero) with a straight-through gradient (identity).

    Parameters
    ----------
    data : NDArray
    """
    return data if is_int(data) else _round_ste(data)


@register("_contrib_sign_ste")
def sign_ste(data):
    """Sign with a straight-through gradient (identity).

    Parameters
    ----------
    data : NDArray
    """
    return jnp.sign(data) if is_int(data) else _sign_ste(data)


def _grad_scaled(scalar):
    @jax.custom_vjp
    def f(x):
        return x
    f.defvjp(lambda x: (x, None), lambda _, g: (g * jnp.asarray(scalar, g.dtype),))
    return f


@register("_contrib_gradientmultiplier")
def gradientmultiplier(data, *, scalar=1.0, is_int=True):  # pylint: disable=redefined-outer-name
    """Identity forward; the gradient is multiplied by ``scalar``.

    Parameters
    ----------
    data : NDArray
    scalar : float, default 1.0
    is_int : bool, default True
        Accepted for MXNet compatibility; it does not change the result.
    """
    if np.dtype(data.dtype).kind in "iub":
        return data
    return _grad_scaled(float(scalar))(data)


@register("_contrib_allclose", differentiable=False)
def allclose(a, b, *, rtol=1e-05, atol=1e-08, equal_nan=True):
    """1 (uint8, shape ()) when ``|a - b| <= atol + rtol * |b|`` everywhere, else 0.

    Parameters
    ----------
    a, b : NDArray
        Same shape and dtype (no broadcasting).
    rtol, atol : float
    equal_nan : bool, default True
        NaN equals NaN.
    """
    if a.shape != b.shape:
        raise MXNetError("Operator _contrib_allclose: inputs must have the same shape, got "
                         "%s and %s" % (shape_str(a.shape), shape_str(b.shape)))
    if a.dtype != b.dtype:
        raise MXNetError("Operator _contrib_allclose: inputs must have one dtype, got %s and "
                         "%s" % (np.dtype(a.dtype).name, np.dtype(b.dtype).name))
    x, y = a.astype(jnp.float64), b.astype(jnp.float64)
    close = (x == y) | (jnp.abs(x - y) <= atol + rtol * jnp.abs(y))
    if equal_nan:
        close = close | (jnp.isnan(x) & jnp.isnan(y))
    return jnp.all(close).astype(jnp.uint8)


def _abs_is_inf(x):
    return jnp.abs(x) == jnp.asarray(cast_scalar(np.inf, x.dtype))


@register("_contrib_isinf")
def isinf(data):
    """1 where the element is +-inf, else 0 (in the input dtype).

    Parameters
    ----------
    data : NDArray
    """
    return _abs_is_inf(data).astype(data.dtype)


@register("_contrib_isnan")
def isnan(data):
    """1 where the element is NaN, else 0 (in the input dtype).

    Parameters
    ----------
    data : NDArray
    """
    return (data != data).astype(data.dtype)


@register("_contrib_isfinite")
def isfinite(data):
    """1 where the element is neither inf nor NaN, else 0 (in the input dtype).

    Parameters
    ----------
    data : NDArray
    """
    return ((~_abs_is_inf(data)) & (data == data)).astype(data.dtype)


# ---------------------------------------------------------------------------
# multi-head attention on interleaved projections (src/operator/contrib/transformer.cc)


def _heads_split(x, heads, parts, opname, argname):
    """(seq, batch, heads * parts * d) -> parts arrays of (batch * heads, seq, d)."""
    if x.ndim != 3 or x.shape[2] % (heads * parts):
        raise MXNetError("Operator %s: %s must be (seq_length, batch_size, %d * heads * "
                         "head_dim) with heads=%d, got %s"
                         % (opname, argname, parts, heads, shape_str(x.shape)))
    s, b, _ = x.shape
    t = x.reshape(s, b, heads, parts, -1)
    return [jnp.transpose(t[:, :, :, i, :], (1, 2, 0, 3)).reshape(b * heads, s, -1)
            for i in range(parts)]


def _scaled(q):
    return q / jnp.sqrt(jnp.asarray(q.shape[-1], q.dtype))


def _attend(v, attention, heads, opname):
    bh, s, d = v.shape
    if attention.ndim != 3 or attention.shape[0] != bh or attention.shape[2] != s:
        raise MXNetError("Operator %s: attention must be (batch_size * heads, query_length, "
                         "%d), got %s" % (opname, s, shape_str(attention.shape)))
    out = jnp.matmul(attention, v)  # (batch * heads, q_len, d)
    q_len = out.shape[1]
    out = out.reshape(bh // heads, heads, q_len, d)
    return jnp.transpose(out, (2, 0, 1, 3)).reshape(q_len, bh // heads, heads * d)


@register("_contrib_interleaved_matmul_selfatt_qk")
def interleaved_matmul_selfatt_qk(queries_keys_values, *, heads):
    """Self-attention scores ``q k^T / sqrt(head_dim)`` from interleaved projections.

    Parameters
    ----------
    queries_keys_values : NDArray, shape (seq_length, batch_size, heads * 3 * head_dim)
        Per head, the query, key and value projections one after the other.
    heads : int

    Returns
    -------
    NDArray of shape (batch_size * heads, seq_length, seq_length)
    """
    q, k, _ = _heads_split(queries_keys_values, heads, 3, "interleaved_matmul_selfatt_qk",
                           "queries_keys_values")
    return jnp.matmul(_scaled(q), jnp.swapaxes(k, 1, 2))


@register("_contrib_interleaved_matmul_selfatt_valatt")
def interleaved_matmul_selfatt_valatt(queries_keys_values, attention, *, heads):
    """The attention-weighted values of self-attention from interleaved projections.

    Parameters
    ----------
    queries_keys_values : NDArray, shape (seq_length, batch_size, heads * 3 * head_dim)
    attention : NDArray, shape (batch_size * heads, seq_length, seq_length)
    heads : int

    Returns
    -------
    NDArray of shape (seq_length, batch_size, heads * head_dim)
    """
    _, _, v = _heads_split(queries_keys_values, heads, 3,
                           "interleaved_matmul_selfatt_valatt", "queries_keys_values")
    return _attend(v, attention, heads, "interleaved_matmul_selfatt_valatt")


@register("_contrib_interleaved_matmul_encdec_qk")
def interleaved_matmul_encdec_qk(queries, keys_values, *, heads):
    """Encoder-decoder attention scores ``q k^T / sqrt(head_dim)``.

    Parameters
    ----------
    queries : NDArray, shape (query_length, batch_size, heads * head_dim)
    keys_values : NDArray, shape (kv_length, batch_size, heads * 2 * head_dim)
        Per head, the key and value projections one after the other.
    heads : int

    Returns
    -------
    NDArray of shape (batch_size * heads, query_length, kv_length)
    """
    q, = _heads_split(queries, heads, 1, "interleaved_matmul_encdec_qk", "queries")
    k, _ = _heads_split(keys_values, heads, 2, "interleaved_matmul_encdec_qk", "keys_values")
    if q.shape[0] != k.shape[0] or q.shape[2] != k.shape[2]:
        raise MXNetError("Operator interleaved_matmul_encdec_qk: queries %s and keys_values "
                         "%s disagree on batch size or head_dim"
                         % (shape_str(queries.shape), shape_str(keys_values.shape)))
    return jnp.matmul(_scaled(q), jnp.swapaxes(k, 1, 2))


@register("_contrib_interleaved_matmul_encdec_valatt")
def interleaved_matmul_encdec_valatt(keys_values, attention, *, heads):
    """The attention-weighted values of encoder-decoder attention.

    Parameters
    ----------
    keys_values : NDArray, shape (kv_length, batch_size, heads * 2 * head_dim)
    attention : NDArray, shape (batch_size * heads, query_length, kv_length)
    heads : int

    Returns
    -------
    NDArray of shape (query_length, batch_size, heads * head_dim)
    """
    _, v = _heads_split(keys_values, heads, 2, "interleaved_matmul_encdec_valatt",
                        "keys_values")
    return _attend(v, attention, heads, "interleaved_matmul_encdec_valatt")
