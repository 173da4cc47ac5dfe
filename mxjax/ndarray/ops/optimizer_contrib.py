"""AdamW updates of ``nd.contrib`` (``adamw_update``, ``mp_adamw_update`` and their
``multi_`` forms), as MXNet 1.9.1's ``src/operator/contrib/adamw.cc``.

``m = beta1*m + (1-beta1)*g``, ``v = beta2*v + (1-beta2)*g*g``,
``w -= eta * (lr * m / (sqrt(v) + epsilon) + wd * w)`` with ``g = clip(rescale_grad *
grad)``; ``rescale_grad`` is an array, and when it is NaN, Inf or 0 nothing changes.
The operators return the new weight then the new states; the ``nd.contrib``
functions write the states in place (as MXNet does) and return or write the weight.
"""
import numpy as np
import jax.numpy as jnp

from ...base import MXNetError
from ..registry import register, get_op, invoke, _write_out
from ._pyfunc import nd_function
from .optimizer_ops import _s, _clip, _on

__all__ = ["adamw_update", "mp_adamw_update", "multi_adamw_update", "multi_mp_adamw_update"]


def _adamw_step(weight, grad, mean, var, rescale, lr, eta, beta1, beta2, epsilon, wd, clip):
    dt = weight.dtype
    scale = jnp.reshape(rescale, (-1,))[0].astype(dt)
    ok = jnp.isfinite(scale) & (scale != 0)
    g = grad.astype(dt) * scale
    if _on(clip):
        g = _clip(g, _s(clip, dt))
    b1, b2 = _s(beta1, dt), _s(beta2, dt)
    m = b1 * mean + (1 - b1) * g
    v = b2 * var + (1 - b2) * g * g
    w = weight - _s(eta, dt) * (_s(lr, dt) * m / (jnp.sqrt(v) + _s(epsilon, dt))
                                + _s(wd, dt) * weight)
    return (jnp.where(ok, w, weight), jnp.where(ok, m, mean).astype(mean.dtype),
            jnp.where(ok, v, var).astype(var.dtype))


@register("_adamw_update", differentiable=False)
def _adamw(weight, grad, mean, var, rescale_grad, *, lr, eta, beta1=0.9, beta2=0.999,
           epsilon=1e-8, wd=0.0, clip_gradient=-1.0):
    """AdamW update: returns (weight, mean, var)."""
    return _adamw_step(weight, grad, mean, var, rescale_grad, lr, eta, beta1, beta2,
                       epsilon, wd, clip_gradient)


@register("_mp_adamw_update", differentiable=False)
def _mp_adamw(weight, grad, mean, var, weight32, rescale_grad, *, lr, eta, beta1=0.9,
              beta2=0.999, epsilon=1e-8, wd=0.0, clip_gradient=-1.0):
    """Multi-precision AdamW (float32 master weight): returns (weight, mean, var, weight32)."""
    w32, m, v = _adamw_step(weight32, grad.astype(jnp.float32), mean, var, rescale_grad, lr,
                            eta, beta1, beta2, epsilon, wd, clip_gradient)
    return w32.astype(weight.dtype), m, v, w32


def _per_weight(values, n, what, name):
    values = tuple(values) if isinstance(values, (list, tuple)) else (values,)
    if len(values) != n:
        raise MXNetError("Operator %s: %s has %d values for %d weights"
                         % (name, what, len(values), n))
    return values


def _multi(data, lrs, wds, etas, beta1, beta2, epsilon, clip_gradient, num_weights, mp, name):
    stride = 5 if mp else 4
    if len(data) != stride * num_weights + 1:
        raise MXNetError("Operator %s: expected %d arrays for num_weights=%d, got %d"
                         % (name, stride * num_weights + 1, num_weights, len(data)))
    lrs = _per_weight(lrs, num_weights, "lrs", name)
    wds = _per_weight(wds, num_weights, "wds", name)
    etas = _per_weight(etas, num_weights, "etas", name)
    rescale = data[-1]
    weights, states = [], []
    for i in range(num_weights):
        group = data[i * stride:(i + 1) * stride]
        if mp:
            w, g, m, v, w32 = group
            w32, m, v = _adamw_step(w32, g.astype(jnp.float32), m, v, rescale, lrs[i],
                                    etas[i], beta1, beta2, epsilon, wds[i], clip_gradient)
            weights.append(w32.astype(w.dtype))
            states.append((m, v, w32))
        else:
            w, g, m, v = group
            w, m, v = _adamw_step(w, g, m, v, rescale, lrs[i], etas[i], beta1, beta2,
                                  epsilon, wds[i], clip_gradient)
            weights.append(w)
            states.append((m, v))
    return tuple(weights) + tuple(s for group in states for s in group)


@register("_multi_adamw_update", differentiable=False)
def _multi_adamw(*data, lrs, wds, etas, beta1=0.9, beta2=0.999, epsilon=1e-8,
                 clip_gradient=-1.0, num_weights=1):
    """AdamW on several weights: data is (weight, grad, mean, var) per weight, then
    rescale_grad; returns the weights, then (mean, var) per weight."""
    return _multi(data, lrs, wds, etas, beta1, beta2, epsilon, clip_gradient, num_weights,
                  False, "multi_adamw_update")


@register("_multi_mp_adamw_update", differentiable=False)
def _multi_mp_adamw(*data, lrs, wds, etas, beta1=0.9, beta2=0.999, epsilon=1e-8,
                    clip_gradient=-1.0, num_weights=1):
    """Multi-precision AdamW on several weights: data is (weight, grad, mean, var,
    weight32) per weight, then rescale_grad; returns the weights, then (mean, var,
    weight32) per weight."""
    return _multi(data, lrs, wds, etas, beta1, beta2, epsilon, clip_gradient, num_weights,
                  True, "multi_mp_adamw_update")


# ---------------------------------------------------------------------------
# nd.contrib functions: states written in place


def _rescale_array(rescale_grad, like):
    from ..ndarray import NDArray, full
    if isinstance(rescale_grad, NDArray):
        return rescale_grad.as_in_context(like.context)
    return full((1,), rescale_grad, ctx=like.context, dtype="float32")


def _assign(targets, values):
    for t, v in zip(targets, values):
        t[:] = v.astype(t.dtype) if v.dtype != t.dtype else v


def _result(out, weights):
    res = weights if len(weights) > 1 else weights[0]
    return _write_out(out, res) if out is not None else res


def _attrs(**kw):
    return {k: (tuple(float(x) for x in v) if isinstance(v, (list, tuple)) else
                (v.item() if isinstance(v, np.generic) else v)) for k, v in kw.items()}


@nd_function(sub="contrib", name="adamw_update")
def adamw_update(weight, grad, mean, var, rescale_grad, lr, eta, beta1=0.9, beta2=0.999,
                 epsilon=1e-8, wd=0, clip_gradient=-1, out=None, name=None):
    """AdamW update of ``weight`` (``mean`` and ``var`` are updated in place).

    Parameters
    ----------
    weight, grad, mean, var : NDArray
    rescale_grad : NDArray or float
        ``grad`` is multiplied by it; NaN, Inf or 0 skips the update.
    lr, eta : float
        Learning rate and its schedule multiplier.
    beta1, beta2, epsilon, wd, clip_gradient : float
    out : NDArray, optional

    Returns
    -------
    NDArray
        The new weight.
    """
    attrs = _attrs(lr=lr, eta=eta, beta1=beta1, beta2=beta2, epsilon=epsilon, wd=wd,
                   clip_gradient=clip_gradient)
    res = invoke(get_op("_adamw_update"),
                 [weight, grad, mean, var, _rescale_array(rescale_grad, weight)], attrs)
    _assign([mean, var], res[1:])
    return _result(out, res[:1])


@nd_function(sub="contrib", name="mp_adamw_update")
def mp_adamw_update(weight, grad, mean, var, weight32, rescale_grad, lr, eta, beta1=0.9,
                    beta2=0.999, epsilon=1e-8, wd=0, clip_gradient=-1, out=None, name=None):
    """Multi-precision AdamW (``mean``, ``var``, ``weight32`` updated in place).

    Parameters
    ----------
    weight, grad, mean, var, weight32 : NDArray
    rescale_grad : NDArray or float
    lr, eta, beta1, beta2, epsilon, wd, clip_gradient : float
    out : NDArray, optional

    Returns
    -------
    NDArray
        The new weight (in ``weight``'s dtype).
    """
    attrs = _attrs(lr=lr, eta=eta, beta1=beta1, beta2=beta2, epsilon=epsilon, wd=wd,
                   clip_gradient=clip_gradient)
    res = invoke(get_op("_mp_adamw_update"),
                 [weight, grad, mean, var, weight32, _rescale_array(rescale_grad, weight)],
                 attrs)
    _assign([mean, var, weight32], res[1:])
    return _result(out, res[:1])


def _multi_call(opname, groups, stride, rescale_grad, lrs, wds, etas, out, size, kwargs):
    n = size or len(groups[0])
    data = [a for group in zip(*groups) for a in group]
    data.append(_rescale_array(rescale_grad, groups[0][0]))
    attrs = _attrs(lrs=lrs, wds=wds, etas=etas, num_weights=n, **kwargs)
    res = invoke(get_op(opname), data, attrs)
    weights, states = res[:n], res[n:]
    k = 0
    for i in range(n):
        for j in range(2, stride):
            _assign([data[i * stride + j]], [states[k]])
            k += 1
    return _result(out, weights)


@nd_function(sub="contrib", name="multi_adamw_update")
def multi_adamw_update(weights, grads, mean, var, rescale_grad, lrs, wds, etas, out=None,
                       name=None, size=0, **kwargs):
    """AdamW on lists of weights (means and variances updated in place).

    Parameters
    ----------
    weights, grads, mean, var : list of NDArray
    rescale_grad : NDArray or float
    lrs, wds, etas : list of float
        One per weight.
    out : list of NDArray, optional
    size : int, default len(weights)
    **kwargs
        ``beta1``, ``beta2``, ``epsilon``, ``clip_gradient``.

    Returns
    -------
    list of NDArray
    """
    return _multi_call("_multi_adamw_update", [weights, grads, mean, var], 4, rescale_grad,
                       lrs, wds, etas, out, size, kwargs)


@nd_function(sub="contrib", name="multi_mp_adamw_update")
def multi_mp_adamw_update(weights, grads, mean, var, weights32, rescale_grad, lrs, wds, etas,
                          out=None, name=None, size=0, **kwargs):
    """Multi-precision AdamW on lists of weights (states and float32 copies updated in place).

    Parameters
    ----------
    weights, grads, mean, var, weights32 : list of NDArray
    rescale_grad : NDArray or float
    lrs, wds, etas : list of float
    out : list of NDArray, optional
    size : int, default len(weights)
    **kwargs
        ``beta1``, ``beta2``, ``epsilon``, ``clip_gradient``.

    Returns
    -------
    list of NDArray
    """
    return _multi_call("_multi_mp_adamw_update", [weights, grads, mean, var, weights32], 5,
                       rescale_grad, lrs, wds, etas, out, size, kwargs)
