"""Optimizer update operators: ``nd.sgd_update``, ``nd.adam_update``, ... as MXNet 1.9.1's.

MXNet's update operators write the new weight to ``out`` and update their state
arrays (momentum, moments ...) in place. Here each is split in two:

* the math, a pure JAX function per update rule (``sgd_mom_step`` ...) that returns
  the new weight and the new states. It follows the order of operations of
  MXNet's kernels, with every scalar cast to the weight's dtype first, so results
  agree in float32 to the last bits where XLA allows. ``mxjax.optimizer`` runs the
  same functions inside one compiled step for all parameters;
* the registered operator (``nd._internal.<name>``), pure, returning the new weight
  followed by the new states, and the public function ``nd.<name>`` that calls it,
  writes the new states into the state NDArrays and returns the weight (or writes it
  to ``out``).

No update operator is differentiable.
"""
import sys

import numpy as np
import jax
import jax.numpy as jnp

from ...base import MXNetError, _Null
from ..registry import register, get_op, invoke
from ..registry import _write_out
from ..handle import NDArray

__all__ = ["sgd_step", "sgd_mom_step", "multi_sgd_step", "nag_mom_step", "adam_step",
           "rmsprop_step", "rmspropalex_step", "ftrl_step", "ftml_step", "signsgd_step",
           "signum_step", "lamb_phase1_step", "lamb_phase2_step", "lars_lr"]


def _s(x, dtype):
    """A scalar (Python number or traced value) in ``dtype``, as MXNet's ``DType(x)``.

    A Python number goes through an optimization barrier: XLA would otherwise fold it
    into the arithmetic (``x / 0.1`` becomes ``x * 10.0``), which rounds differently.
    """
    if isinstance(x, (int, float, np.number)):
        return jax.lax.optimization_barrier(jnp.asarray(x, dtype=dtype))
    return jnp.asarray(x).astype(dtype)


def _clip(x, bound):
    """MXNet's ``clip::Map``: into ``[-bound, bound]``."""
    return jnp.clip(x, -bound, bound)


def _on(clip):
    """Whether a static clip value turns clipping on (MXNet: ``clip >= 0``)."""
    return clip is not None and clip >= 0


# ---------------------------------------------------------------------------
# the update rules (pure)


def sgd_step(weight, grad, lr, wd=0.0, rescale_grad=1.0, clip_gradient=-1.0):
    """``(1 - lr*wd) * w - lr * clip(rescale_grad * g)``: the new weight."""
    dt = weight.dtype
    lr, wd, rg = _s(lr, dt), _s(wd, dt), _s(rescale_grad, dt)
    g = grad.astype(dt)
    if _on(clip_gradient):
        return (1 - lr * wd) * weight - lr * _clip(rg * g, _s(clip_gradient, dt))
    return (1 - lr * wd) * weight - (lr * rg) * g


def sgd_mom_step(weight, grad, mom, lr, momentum=0.0, wd=0.0, rescale_grad=1.0,
                 clip_gradient=-1.0):
    """``mom = momentum*mom - lr*wd*w - lr*clip(rescale_grad*g); w += mom``.

    Returns
    -------
    (weight, mom)
    """
    dt = mom.dtype
    w = weight.astype(dt)
    lr, wd, rg, m = _s(lr, dt), _s(wd, dt), _s(rescale_grad, dt), _s(momentum, dt)
    g = grad.astype(dt)
    if _on(clip_gradient):
        new_mom = m * mom - lr * wd * w - lr * _clip(rg * g, _s(clip_gradient, dt))
    else:
        new_mom = m * mom - lr * wd * w - lr * rg * g
    return w + new_mom, new_mom


def multi_sgd_step(weight, grad, mom, lr, momentum=0.0, wd=0.0, rescale_grad=1.0,
                   clip_gradient=-1.0):
    """The rule of ``multi_sgd_(mom_)update``: as :func:`sgd_mom_step`, with a zero
    momentum buffer when ``mom`` is None.

    Returns
    -------
    (weight, mom or None)
    """
    if mom is None:
        w, _ = sgd_mom_step(weight, grad, jnp.zeros_like(weight), lr, 0.0, wd, rescale_grad,
                            clip_gradient)
        return w, None
    return sgd_mom_step(weight, grad, mom, lr, momentum, wd, rescale_grad, clip_gradient)


def nag_mom_step(weight, grad, mom, lr, momentum=0.0, wd=0.0, rescale_grad=1.0,
                 clip_gradient=-1.0, decay_new_weight=False):
    """Nesterov momentum as MXNet's ``nag_mom_update``.

    MXNet's kernel writes the weight before it updates the momentum, and the momentum
    update reads the weight for its decay term: when the output is the weight itself
    (``out=weight``, as the NAG optimizer calls it) and in the multi-precision kernel,
    that is the *new* weight (``decay_new_weight=True``).

    Returns
    -------
    (weight, mom)
    """
    dt = mom.dtype
    w = weight.astype(dt)
    lr, wd, rg, m = _s(lr, dt), _s(wd, dt), _s(rescale_grad, dt), _s(momentum, dt)
    g = grad.astype(dt)
    gr = _clip(rg * g, _s(clip_gradient, dt)) if _on(clip_gradient) else rg * g
    mom1 = m * mom
    new_w = w - mom1 + (m + 1) * (mom1 - lr * (gr + wd * w))
    decayed = new_w if decay_new_weight else w
    return new_w, mom1 - lr * (gr + wd * decayed)


def adam_step(weight, grad, mean, var, lr, beta1=0.9, beta2=0.999, epsilon=1e-8, wd=0.0,
              rescale_grad=1.0, clip_gradient=-1.0):
    """Adam as MXNet's ``adam_update`` (no bias correction: the optimizer folds it into lr).

    Returns
    -------
    (weight, mean, var)
    """
    dt = weight.dtype
    lr, wd, rg = _s(lr, dt), _s(wd, dt), _s(rescale_grad, dt)
    b1, b2, eps = _s(beta1, dt), _s(beta2, dt), _s(epsilon, dt)
    gr = grad.astype(dt) * rg + weight * wd
    if _on(clip_gradient):
        gr = _clip(gr, _s(clip_gradient, dt))
    mean = b1 * mean + (1 - b1) * gr
    var = b2 * var + (1 - b2) * gr * gr
    return weight - lr * mean / (jnp.sqrt(var) + eps), mean, var


def rmsprop_step(weight, grad, n, lr, gamma1=0.95, epsilon=1e-8, wd=0.0, rescale_grad=1.0,
                 clip_gradient=-1.0, clip_weights=-1.0):
    """RMSProp (Tieleman & Hinton) as MXNet's ``rmsprop_update``.

    Returns
    -------
    (weight, n)
    """
    dt = weight.dtype
    lr, wd, rg = _s(lr, dt), _s(wd, dt), _s(rescale_grad, dt)
    g1, eps = _s(gamma1, dt), _s(epsilon, dt)
    gr = rg * grad.astype(dt) + wd * weight
    if _on(clip_gradient):
        gr = _clip(gr, _s(clip_gradient, dt))
    n = (1 - g1) * (gr * gr) + g1 * n
    w = weight - lr * (gr / jnp.sqrt(n + eps))
    if _on(clip_weights):
        w = _clip(w, _s(clip_weights, dt))
    return w, n


def rmspropalex_step(weight, grad, n, g, delta, lr, gamma1=0.95, gamma2=0.9, epsilon=1e-8,
                     wd=0.0, rescale_grad=1.0, clip_gradient=-1.0, clip_weights=-1.0):
    """Centered RMSProp (Graves) as MXNet's ``rmspropalex_update``.

    Returns
    -------
    (weight, n, g, delta)
    """
    dt = weight.dtype
    lr, wd, rg = _s(lr, dt), _s(wd, dt), _s(rescale_grad, dt)
    g1, g2, eps = _s(gamma1, dt), _s(gamma2, dt), _s(epsilon, dt)
    gr = rg * grad.astype(dt) + wd * weight
    if _on(clip_gradient):
        gr = _clip(gr, _s(clip_gradient, dt))
    n = (1 - g1) * gr * gr + g1 * n
    g = (1 - g1) * gr + g1 * g
    delta = g2 * delta - (lr * gr / jnp.sqrt(n - g * g + eps))
    w = weight + delta
    if _on(clip_weights):
        w = _clip(w, _s(clip_weights, dt))
    return w, n, g, delta


def ftrl_step(weight, grad, z, n, lr, lamda1=0.01, beta=1.0, wd=0.0, rescale_grad=1.0,
              clip_gradient=-1.0):
    """FTRL-proximal as MXNet's ``ftrl_update``.

    Returns
    -------
    (weight, z, n)
    """
    dt = weight.dtype
    lr, wd, rg = _s(lr, dt), _s(wd, dt), _s(rescale_grad, dt)
    l1, b = _s(lamda1, dt), _s(beta, dt)
    gr = grad.astype(dt) * rg
    if _on(clip_gradient):
        gr = _clip(gr, _s(clip_gradient, dt))
    z = z + (gr - (jnp.sqrt(n + gr * gr) - jnp.sqrt(n)) * weight / lr)
    n = n + gr * gr
    w = (jnp.sign(z) * l1 - z) / ((b + jnp.sqrt(n)) / lr + wd) * \
        (jnp.abs(z) > l1).astype(dt)
    return w, z, n


def ftml_step(weight, grad, d, v, z, lr, beta1=0.6, beta2=0.999, epsilon=1e-8, t=1, wd=0.0,
              rescale_grad=1.0, clip_grad=-1.0):
    """FTML as MXNet's ``ftml_update``.

    Returns
    -------
    (weight, d, v, z)
    """
    dt = weight.dtype
    lr, wd, rg = _s(lr, dt), _s(wd, dt), _s(rescale_grad, dt)
    b1, b2, eps, tt = _s(beta1, dt), _s(beta2, dt), _s(epsilon, dt), _s(t, dt)
    gr = rg * grad.astype(dt) + wd * weight
    if _on(clip_grad):
        gr = _clip(gr, _s(clip_grad, dt))
    v = b2 * v + (1 - b2) * (gr * gr)
    d_t = (1 - jnp.power(b1, tt)) / lr * (jnp.sqrt(v / (1 - jnp.power(b2, tt))) + eps)
    z = b1 * z + (1 - b1) * gr - (d_t - b1 * d) * weight
    return -z / d_t, d_t, v, z


def signsgd_step(weight, grad, lr, wd=0.0, rescale_grad=1.0, clip_gradient=-1.0):
    """``(1 - lr*wd) * w - lr * sign(g)`` (rescale and clip have no effect, as MXNet)."""
    dt = weight.dtype
    lr, wd = _s(lr, dt), _s(wd, dt)
    return (1 - lr * wd) * weight - lr * jnp.sign(grad).astype(dt)


def signum_step(weight, grad, mom, lr, momentum=0.0, wd=0.0, rescale_grad=1.0,
                clip_gradient=-1.0, wd_lh=0.0):
    """Signum as MXNet's ``signum_update``.

    Returns
    -------
    (weight, mom)
    """
    dt = weight.dtype
    lr, wd, rg = _s(lr, dt), _s(wd, dt), _s(rescale_grad, dt)
    m, lh = _s(momentum, dt), _s(wd_lh, dt)
    g = grad.astype(dt)
    if _on(clip_gradient):
        mom = m * mom - (1 - m) * wd * weight - (1 - m) * _clip(rg * g, _s(clip_gradient, dt))
    else:
        mom = m * mom - (1 - m) * wd * weight - (1 - m) * rg * g
    return (1 - lr * lh) * weight + lr * jnp.sign(mom), mom


def lamb_phase1_step(weight, grad, mean, var, t, beta1=0.9, beta2=0.999, epsilon=1e-6,
                     bias_correction=True, wd=0.0, rescale_grad=1.0, clip_gradient=-1.0):
    """LAMB phase 1: the update direction ``g``; ``weight`` is the (float32) weight.

    Returns
    -------
    (g, mean, var)
    """
    dt = mean.dtype
    w = weight.astype(dt)
    wd, rg = _s(wd, dt), _s(rescale_grad, dt)
    b1, b2, eps = _s(beta1, dt), _s(beta2, dt), _s(epsilon, dt)
    gr = grad.astype(dt) * rg
    if _on(clip_gradient):
        gr = _clip(gr, _s(clip_gradient, dt))
    mean = b1 * mean + (1 - b1) * gr
    var = b2 * var + (1 - b2) * gr * gr
    if bias_correction:
        # std::pow(float, int) runs in double; ``1. - beta1_t`` is a double division
        tt = jnp.asarray(t).astype(jnp.float64)
        b1t = jnp.power(jnp.asarray(beta1, jnp.float32).astype(jnp.float64), tt).astype(dt)
        b2t = jnp.power(jnp.asarray(beta2, jnp.float32).astype(jnp.float64), tt).astype(dt)
        mean_hat = (mean.astype(jnp.float64) / (1.0 - b1t.astype(jnp.float64))).astype(dt)
        var_hat = var / (1 - b2t)
        g = mean_hat / (jnp.sqrt(var_hat) + eps) + wd * w
    else:
        g = mean / (jnp.sqrt(var) + eps) + wd * w
    return g, mean, var


def lamb_phase2_step(weight, g, r1, r2, lr, lower_bound=-1.0, upper_bound=-1.0):
    """LAMB phase 2: ``w - lr * r1/r2 * g`` with the trust ratio's ``r1`` bounded."""
    dt = g.dtype
    r1 = jnp.reshape(r1, (-1,))[0].astype(dt)
    r2 = jnp.reshape(r2, (-1,))[0].astype(dt)
    lr = _s(lr, dt)
    if lower_bound is not None and lower_bound >= 0:
        r1 = jnp.maximum(r1, _s(lower_bound, dt))
    if upper_bound is not None and upper_bound >= 0:
        r1 = jnp.minimum(r1, _s(upper_bound, dt))
    lr = jnp.where((r1 == 0) | (r2 == 0), lr, lr * r1 / r2)
    return weight.astype(dt) - lr * g


def lars_lr(lr, w_sum_sq, g_sum_sq, wd, eta, eps, rescale_grad=1.0):
    """The layer-wise learning rate of ``multi_lars`` (float32)."""
    f = jnp.float32
    lr, wd = _s(lr, f), _s(wd, f)
    w_norm = jnp.sqrt(w_sum_sq.astype(f))
    g_norm = jnp.sqrt(g_sum_sq.astype(f)) * _s(rescale_grad, f)
    valid = (w_norm > 0) & (g_sum_sq > 0)
    scaled = lr * _s(eta, f) * w_norm / (g_norm + wd * w_norm + _s(eps, f))
    return jnp.where(valid, scaled, lr)


# ---------------------------------------------------------------------------
# registered (pure) operators


def _reg(name):
    return register(name, differentiable=False)


@_reg("sgd_update")
def _sgd_update(weight, grad, *, lr, wd=0.0, rescale_grad=1.0, clip_gradient=-1.0,
                lazy_update=True):
    """Update function for Stochastic Gradient Descent (SGD) optimizer.

    ``weight = (1 - lr*wd) * weight - lr * clip(rescale_grad * grad)``.
    """
    return sgd_step(weight, grad, lr, wd, rescale_grad, clip_gradient)


@_reg("sgd_mom_update")
def _sgd_mom_update(weight, grad, mom, *, lr, momentum=0.0, wd=0.0, rescale_grad=1.0,
                    clip_gradient=-1.0, lazy_update=True):
    """Momentum update for SGD: ``mom = momentum*mom - lr*(wd*w + clip(rescale*g)); w += mom``."""
    return sgd_mom_step(weight, grad, mom, lr, momentum, wd, rescale_grad, clip_gradient)


@_reg("mp_sgd_update")
def _mp_sgd_update(weight, grad, weight32, *, lr, wd=0.0, rescale_grad=1.0, clip_gradient=-1.0,
                   lazy_update=True):
    """Multi-precision SGD: the rule of ``sgd_update`` on the float32 master weight."""
    w32 = sgd_step(weight32, grad.astype(jnp.float32), lr, wd, rescale_grad, clip_gradient)
    return w32.astype(weight.dtype), w32


@_reg("mp_sgd_mom_update")
def _mp_sgd_mom_update(weight, grad, mom, weight32, *, lr, momentum=0.0, wd=0.0,
                       rescale_grad=1.0, clip_gradient=-1.0, lazy_update=True):
    """Multi-precision SGD with momentum (float32 momentum and master weight)."""
    w32, mom = sgd_mom_step(weight32, grad.astype(jnp.float32), mom, lr, momentum, wd,
                            rescale_grad, clip_gradient)
    return w32.astype(weight.dtype), mom, w32


@_reg("nag_mom_update")
def _nag_mom_update(weight, grad, mom, *, lr, momentum=0.0, wd=0.0, rescale_grad=1.0,
                    clip_gradient=-1.0, _inplace=False):
    """Update function for Nesterov Accelerated Gradient (NAG) optimizer."""
    return nag_mom_step(weight, grad, mom, lr, momentum, wd, rescale_grad, clip_gradient,
                        _inplace)


@_reg("mp_nag_mom_update")
def _mp_nag_mom_update(weight, grad, mom, weight32, *, lr, momentum=0.0, wd=0.0,
                       rescale_grad=1.0, clip_gradient=-1.0):
    """Multi-precision NAG (float32 momentum and master weight)."""
    w32, mom = nag_mom_step(weight32, grad.astype(jnp.float32), mom, lr, momentum, wd,
                            rescale_grad, clip_gradient, True)
    return w32.astype(weight.dtype), mom, w32


@_reg("adam_update")
def _adam_update(weight, grad, mean, var, *, lr, beta1=0.9, beta2=0.999, epsilon=1e-8, wd=0.0,
                 rescale_grad=1.0, clip_gradient=-1.0, lazy_update=True):
    """Update function for Adam optimizer (bias correction is left to the caller's lr)."""
    return adam_step(weight, grad, mean, var, lr, beta1, beta2, epsilon, wd, rescale_grad,
                     clip_gradient)


@_reg("rmsprop_update")
def _rmsprop_update(weight, grad, n, *, lr, gamma1=0.95, epsilon=1e-8, wd=0.0, rescale_grad=1.0,
                    clip_gradient=-1.0, clip_weights=-1.0):
    """Update function for RMSProp optimizer."""
    return rmsprop_step(weight, grad, n, lr, gamma1, epsilon, wd, rescale_grad, clip_gradient,
                        clip_weights)


@_reg("rmspropalex_update")
def _rmspropalex_update(weight, grad, n, g, delta, *, lr, gamma1=0.95, gamma2=0.9,
                        epsilon=1e-8, wd=0.0, rescale_grad=1.0, clip_gradient=-1.0,
                        clip_weights=-1.0):
    """Update function for RMSPropAlex (centered RMSProp) optimizer."""
    return rmspropalex_step(weight, grad, n, g, delta, lr, gamma1, gamma2, epsilon, wd,
                            rescale_grad, clip_gradient, clip_weights)


@_reg("ftrl_update")
def _ftrl_update(weight, grad, z, n, *, lr, lamda1=0.01, beta=1.0, wd=0.0, rescale_grad=1.0,
                 clip_gradient=-1.0):
    """Update function for Ftrl optimizer (the weight is the output; z, n are states)."""
    w, z, n = ftrl_step(weight, grad, z, n, lr, lamda1, beta, wd, rescale_grad, clip_gradient)
    return w, z, n


@_reg("ftml_update")
def _ftml_update(weight, grad, d, v, z, *, lr, t, beta1=0.6, beta2=0.999, epsilon=1e-8, wd=0.0,
                 rescale_grad=1.0, clip_grad=-1.0):
    """The FTML optimizer update."""
    return ftml_step(weight, grad, d, v, z, lr, beta1, beta2, epsilon, t, wd, rescale_grad,
                     clip_grad)


@_reg("signsgd_update")
def _signsgd_update(weight, grad, *, lr, wd=0.0, rescale_grad=1.0, clip_gradient=-1.0):
    """Update function for SignSGD optimizer: ``w = (1 - lr*wd) * w - lr * sign(grad)``."""
    return signsgd_step(weight, grad, lr, wd, rescale_grad, clip_gradient)


@_reg("signum_update")
def _signum_update(weight, grad, mom, *, lr, momentum=0.0, wd=0.0, rescale_grad=1.0,
                   clip_gradient=-1.0, wd_lh=0.0):
    """SIGN momentUM (Signum) optimizer update."""
    return signum_step(weight, grad, mom, lr, momentum, wd, rescale_grad, clip_gradient, wd_lh)


@_reg("lamb_update_phase1")
def _lamb_update_phase1(weight, grad, mean, var, *, t, wd, beta1=0.9, beta2=0.999,
                        epsilon=1e-6, bias_correction=True, rescale_grad=1.0,
                        clip_gradient=-1.0):
    """Phase I of the LAMB update: the update direction ``g`` (mean/var are states)."""
    return lamb_phase1_step(weight, grad, mean, var, t, beta1, beta2, epsilon, bias_correction,
                            wd, rescale_grad, clip_gradient)


@_reg("lamb_update_phase2")
def _lamb_update_phase2(weight, g, r1, r2, *, lr, lower_bound=-1.0, upper_bound=-1.0):
    """Phase II of the LAMB update: ``w - lr * r1/r2 * g``."""
    return lamb_phase2_step(weight, g, r1, r2, lr, lower_bound, upper_bound)


@_reg("mp_lamb_update_phase1")
def _mp_lamb_update_phase1(weight, grad, mean, var, weight32, *, t, wd, beta1=0.9, beta2=0.999,
                           epsilon=1e-6, bias_correction=True, rescale_grad=1.0,
                           clip_gradient=-1.0):
    """Mixed-precision phase I of LAMB (float32 ``g`` from the master weight)."""
    return lamb_phase1_step(weight32, grad.astype(jnp.float32), mean, var, t, beta1, beta2,
                            epsilon, bias_correction, wd, rescale_grad, clip_gradient)


@_reg("mp_lamb_update_phase2")
def _mp_lamb_update_phase2(weight, g, r1, r2, weight32, *, lr, lower_bound=-1.0,
                           upper_bound=-1.0):
    """Mixed-precision phase II of LAMB: ``weight32 - lr * r1/r2 * g`` in the weight's dtype."""
    return lamb_phase2_step(weight32, g, r1, r2, lr, lower_bound, upper_bound).astype(
        weight.dtype)


def _groups(data, stride, num_weights, name):
    if len(data) != stride * num_weights:
        raise MXNetError("Operator %s: expected %d inputs (%d per weight, num_weights=%d), "
                         "got %d" % (name, stride * num_weights, stride, num_weights, len(data)))
    return [data[i * stride:(i + 1) * stride] for i in range(num_weights)]


def _check_len(values, n, what, name):
    if len(values) != n:
        raise MXNetError("Operator %s: %s has %d values for num_weights=%d"
                         % (name, what, len(values), n))


def _multi_sgd(data, lrs, wds, momentum, rescale_grad, clip_gradient, num_weights, mom, mp,
               name):
    stride = 2 + int(mom) + int(mp)
    groups = _groups(data, stride, num_weights, name)
    _check_len(lrs, num_weights, "lrs", name)
    _check_len(wds, num_weights, "wds", name)
    weights, moms, w32s = [], [], []
    for i, grp in enumerate(groups):
        w, g = grp[0], grp[1]
        m = grp[2] if mom else None
        base = grp[-1] if mp else w
        g = g.astype(jnp.float32) if mp else g
        new_base, new_m = multi_sgd_step(base, g, m, lrs[i], momentum, wds[i], rescale_grad,
                                         clip_gradient)
        weights.append(new_base.astype(w.dtype))
        if mom:
            moms.append(new_m)
        if mp:
            w32s.append(new_base)
    return tuple(weights + moms + w32s)


@_reg("multi_sgd_update")
def _multi_sgd_update(*data, lrs, wds, rescale_grad=1.0, clip_gradient=-1.0, num_weights=1):
    """SGD for several weights at once: inputs ``w0, g0, w1, g1, ...``."""
    return _multi_sgd(data, lrs, wds, 0.0, rescale_grad, clip_gradient, num_weights, False,
                      False, "multi_sgd_update")


@_reg("multi_sgd_mom_update")
def _multi_sgd_mom_update(*data, lrs, wds, momentum=0.0, rescale_grad=1.0, clip_gradient=-1.0,
                          num_weights=1):
    """SGD with momentum for several weights: inputs ``w0, g0, mom0, w1, ...``."""
    return _multi_sgd(data, lrs, wds, momentum, rescale_grad, clip_gradient, num_weights, True,
                      False, "multi_sgd_mom_update")


@_reg("multi_mp_sgd_update")
def _multi_mp_sgd_update(*data, lrs, wds, rescale_grad=1.0, clip_gradient=-1.0, num_weights=1):
    """Multi-precision SGD for several weights: inputs ``w0, g0, w32_0, ...``."""
    return _multi_sgd(data, lrs, wds, 0.0, rescale_grad, clip_gradient, num_weights, False,
                      True, "multi_mp_sgd_update")


@_reg("multi_mp_sgd_mom_update")
def _multi_mp_sgd_mom_update(*data, lrs, wds, momentum=0.0, rescale_grad=1.0,
                             clip_gradient=-1.0, num_weights=1):
    """Multi-precision SGD with momentum: inputs ``w0, g0, mom0, w32_0, ...``."""
    return _multi_sgd(data, lrs, wds, momentum, rescale_grad, clip_gradient, num_weights, True,
                      True, "multi_mp_sgd_mom_update")


def _preloaded(data, momentum, rescale_grad, clip_gradient, num_weights, mom, mp, name):
    if len(data) < 2:
        raise MXNetError("Operator %s: the last two inputs must be the lrs and wds arrays"
                         % name)
    lrs, wds = data[-2].astype(jnp.float32), data[-1].astype(jnp.float32)
    return _multi_sgd(data[:-2], [lrs[i] for i in range(num_weights)],
                      [wds[i] for i in range(num_weights)], momentum, rescale_grad,
                      clip_gradient, num_weights, mom, mp, name)


@_reg("preloaded_multi_sgd_update")
def _preloaded_multi_sgd_update(*data, rescale_grad=1.0, clip_gradient=-1.0, num_weights=1):
    """``multi_sgd_update`` with the learning rates and wds as the last two input arrays."""
    return _preloaded(data, 0.0, rescale_grad, clip_gradient, num_weights, False, False,
                      "preloaded_multi_sgd_update")


@_reg("preloaded_multi_sgd_mom_update")
def _preloaded_multi_sgd_mom_update(*data, momentum=0.0, rescale_grad=1.0, clip_gradient=-1.0,
                                    num_weights=1):
    """``multi_sgd_mom_update`` with lrs and wds as the last two input arrays."""
    return _preloaded(data, momentum, rescale_grad, clip_gradient, num_weights, True, False,
                      "preloaded_multi_sgd_mom_update")


@_reg("preloaded_multi_mp_sgd_update")
def _preloaded_multi_mp_sgd_update(*data, rescale_grad=1.0, clip_gradient=-1.0, num_weights=1):
    """``multi_mp_sgd_update`` with lrs and wds as the last two input arrays."""
    return _preloaded(data, 0.0, rescale_grad, clip_gradient, num_weights, False, True,
                      "preloaded_multi_mp_sgd_update")


@_reg("preloaded_multi_mp_sgd_mom_update")
def _preloaded_multi_mp_sgd_mom_update(*data, momentum=0.0, rescale_grad=1.0,
                                       clip_gradient=-1.0, num_weights=1):
    """``multi_mp_sgd_mom_update`` with lrs and wds as the last two input arrays."""
    return _preloaded(data, momentum, rescale_grad, clip_gradient, num_weights, True, True,
                      "preloaded_multi_mp_sgd_mom_update")


@_reg("multi_lars")
def _multi_lars(lrs, weights_sum_sq, grads_sum_sq, wds, *, eta, eps, rescale_grad=1.0):
    """Layer-wise learning rates for LARS from the squared norms of weights and gradients."""
    return lars_lr(lrs, weights_sum_sq, grads_sum_sq, wds, eta, eps, rescale_grad)


# ---------------------------------------------------------------------------
# public functions: write the states in place, return (or write out) the weight

# operator -> (input names, indices of the inputs that the extra outputs update)
_STATEFUL = {
    "sgd_mom_update": (("weight", "grad", "mom"), (2,)),
    "mp_sgd_update": (("weight", "grad", "weight32"), (2,)),
    "mp_sgd_mom_update": (("weight", "grad", "mom", "weight32"), (2, 3)),
    "nag_mom_update": (("weight", "grad", "mom"), (2,)),
    "mp_nag_mom_update": (("weight", "grad", "mom", "weight32"), (2, 3)),
    "adam_update": (("weight", "grad", "mean", "var"), (2, 3)),
    "rmsprop_update": (("weight", "grad", "n"), (2,)),
    "rmspropalex_update": (("weight", "grad", "n", "g", "delta"), (2, 3, 4)),
    "ftrl_update": (("weight", "grad", "z", "n"), (2, 3)),
    "ftml_update": (("weight", "grad", "d", "v", "z"), (2, 3, 4)),
    "signum_update": (("weight", "grad", "mom"), (2,)),
    "lamb_update_phase1": (("weight", "grad", "mean", "var"), (2, 3)),
    "mp_lamb_update_phase1": (("weight", "grad", "mean", "var", "weight32"), (2, 3)),
}

# varargs operator -> (stride, offsets in a group of the updated states)
_MULTI = {
    "multi_sgd_mom_update": (3, (2,), 0), "multi_mp_sgd_update": (3, (2,), 0),
    "multi_mp_sgd_mom_update": (4, (2, 3), 0),
    "preloaded_multi_sgd_mom_update": (3, (2,), 2),
    "preloaded_multi_mp_sgd_update": (3, (2,), 2),
    "preloaded_multi_mp_sgd_mom_update": (4, (2, 3), 2),
}


def _write_states(targets, values):
    for handle, value in zip(targets, values):
        if handle is not None:
            handle._set_data(value._value.astype(handle.dtype))


def _finish(out, weights):
    if out is not None:
        return _write_out(out, weights if len(weights) > 1 else weights[0])
    return weights if len(weights) > 1 else weights[0]


def _attrs(op, rest, kwargs, pyname):
    attr_names = list(op.attr_defaults)
    attrs = dict(zip(attr_names, rest))
    for k, v in kwargs.items():
        if k not in op.attr_defaults:
            raise MXNetError("Operator %s got an unexpected argument %r (its arguments: %s)"
                             % (pyname, k, ", ".join(list(op.array_args) + attr_names)))
        if v is not None and v is not _Null:
            attrs[k] = v
    for k in op.required_attrs:
        if k not in attrs:
            raise MXNetError("Operator %s: required parameter %s is missing" % (pyname, k))
    return {k: _plain(v) for k, v in attrs.items()}


def _plain(v):
    if isinstance(v, np.generic):
        return v.item()
    if isinstance(v, list):
        return tuple(_plain(x) for x in v)
    if isinstance(v, tuple):
        return tuple(_plain(x) for x in v)
    return v


def _stateful_frontend(name):
    op = get_op(name)
    names, updated = _STATEFUL[name]

    def fn(*args, out=None, **kwargs):
        kwargs.pop("name", None)
        arrays = list(args[:len(names)])
        rest = args[len(names):]
        for n in names[len(arrays):]:
            if n not in kwargs:
                raise MXNetError("Operator %s: input %s is required" % (name, n))
            arrays.append(kwargs.pop(n))
        for a in arrays:
            if not isinstance(a, NDArray):
                raise TypeError("Operator %s: expected NDArray inputs, got %s"
                                % (name, type(a).__name__))
        attrs = _attrs(op, rest, kwargs, name)
        if "_inplace" in op.attr_defaults:
            attrs.pop("_inplace", None)
            if out is not None and out is arrays[0]:
                attrs["_inplace"] = True
        res = invoke(op, arrays, attrs)
        _write_states([arrays[i] for i in updated], res[1:1 + len(updated)])
        return _finish(out, [res[0]])

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = op.doc
    return fn


def _multi_frontend(name):
    op = get_op(name)
    stride, offsets, tail = _MULTI.get(name, (2, (), 0))

    def fn(*args, out=None, **kwargs):
        kwargs.pop("name", None)
        if len(args) == 1 and isinstance(args[0], (list, tuple)):
            args = tuple(args[0])
        data = [a for a in args if isinstance(a, NDArray)]
        rest = args[len(data):]
        attrs = _attrs(op, rest, kwargs, name)
        n = attrs.get("num_weights", 1)
        res = invoke(op, data, attrs)
        res = res if isinstance(res, list) else [res]
        weights = res[:n]
        extra = res[n:]
        k = 0
        for off in offsets:
            for i in range(n):
                _write_states([data[i * stride + off]], [extra[k]])
                k += 1
        return _finish(out, weights)

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = op.doc
    return fn


def _install_frontends():
    """Make ``nd.<name>`` the in-place functions (the generated namespace keeps an
    attribute that is already there when the package finishes importing)."""
    nd_mod = sys.modules.get(__name__.rsplit(".", 2)[0])
    if nd_mod is None:
        return
    for name in _STATEFUL:
        setattr(nd_mod, name, _stateful_frontend(name))
    for name in ("multi_sgd_update", "multi_sgd_mom_update", "multi_mp_sgd_update",
                 "multi_mp_sgd_mom_update", "preloaded_multi_sgd_update",
                 "preloaded_multi_sgd_mom_update", "preloaded_multi_mp_sgd_update",
                 "preloaded_multi_mp_sgd_mom_update"):
        setattr(nd_mod, name, _multi_frontend(name))


_install_frontends()
