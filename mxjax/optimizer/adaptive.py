"""Adaptive optimizers: Adam, AdaGrad, AdaDelta, Adamax, Nadam, RMSProp, Ftrl, FTML, LAMB,
and MXNet's ``Test`` optimizer.

The rules that MXNet writes in Python with NDArray operators (AdaGrad, AdaDelta,
Adamax, Nadam) are written here with the same operations in the same order, every
Python scalar cast to the weight's dtype as MXNet's scalar operators do.
"""
import math
import os

import numpy as np
import jax.numpy as jnp

from ..ndarray.ops import optimizer_ops as ops
from ..ndarray.ndarray import zeros
from .optimizer import Optimizer, register

__all__ = ["Adam", "AdaGrad", "AdaDelta", "Adamax", "Nadam", "RMSProp", "Ftrl", "FTML", "LAMB",
           "Test"]


def _c(x, dtype):
    """A scalar as MXNet's scalar operators see it: ``DType(x)`` (constants are kept
    out of XLA's constant folding, see ``optimizer_ops._s``)."""
    return ops._s(x, dtype)


@register
class Adam(Optimizer):
    """Adam (Kingma & Ba), bias correction folded into the learning rate.

    Parameters
    ----------
    learning_rate : float, default 0.001
    beta1 : float, default 0.9
    beta2 : float, default 0.999
    epsilon : float, default 1e-8
    lazy_update : bool, default True
        Only matters for sparse gradients.
    **kwargs
        As :class:`Optimizer` (wd is added to the gradient, as MXNet 1.x's Adam).
    """

    _fused = True

    def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-8,
                 lazy_update=True, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.lazy_update = lazy_update

    def create_state(self, index, weight):
        return (zeros(weight.shape, weight.context, dtype=weight.dtype),
                zeros(weight.shape, weight.context, dtype=weight.dtype))

    def _hyper(self, index, weight, grad):
        hp = super()._hyper(index, weight, grad)
        t = self._index_update_count[index]
        coef1 = 1. - self.beta1 ** t
        coef2 = 1. - self.beta2 ** t
        hp["lr"] *= math.sqrt(coef2) / coef1
        return hp

    def _static(self):
        return (type(self), self.beta1, self.beta2, self.epsilon, self._clip_value())

    def _step(self, weight, grad, state, hp):
        mean, var = state
        w, mean, var = ops.adam_step(weight, grad, mean, var, hp["lr"], self.beta1, self.beta2,
                                     self.epsilon, hp["wd"], hp["rescale_grad"],
                                     self._clip_value())
        return w, (mean, var)


@register
class AdaGrad(Optimizer):
    """AdaGrad: ``history += g**2; w -= lr * (g / sqrt(history + eps) + wd * w)``.

    Parameters
    ----------
    eps : float, default 1e-7
    **kwargs
        As :class:`Optimizer`.
    """

    _fused = True

    def __init__(self, eps=1e-7, **kwargs):
        super().__init__(**kwargs)
        self.float_stable_eps = eps

    def create_state(self, index, weight):
        return zeros(weight.shape, weight.context)

    def _static(self):
        return (type(self), self.float_stable_eps, self.clip_gradient)

    def _step(self, weight, grad, state, hp):
        dt = weight.dtype
        g = self._prepared_grad(weight, grad, hp)
        history = state + jnp.square(g)
        div = g / jnp.sqrt(history + _c(self.float_stable_eps, history.dtype))
        return weight + (div + weight * _c(hp["wd"], dt)) * _c(-hp["lr"], dt), history


@register
class AdaDelta(Optimizer):
    """AdaDelta (Zeiler); the learning rate is not used.

    As MXNet's, the update multiplies the gradient buffer by ``rescale_grad`` in place.

    Parameters
    ----------
    rho : float, default 0.9
    epsilon : float, default 1e-5
    **kwargs
        As :class:`Optimizer`.
    """

    _fused = True
    _writes_grad = True

    def __init__(self, rho=0.90, epsilon=1e-5, **kwargs):
        super().__init__(**kwargs)
        self.rho = rho
        self.epsilon = epsilon

    def create_state(self, index, weight):
        return (zeros(weight.shape, weight.context), zeros(weight.shape, weight.context))

    def _hyper(self, index, weight, grad):
        wd = self._get_wd(index)
        self._update_count(index)
        return {"wd": wd, "rescale_grad": self.rescale_grad}

    def _static(self):
        return (type(self), self.rho, self.epsilon, self.clip_gradient)

    def _step(self, weight, grad, state, hp):
        dt = weight.dtype
        scaled = grad * _c(hp["rescale_grad"], grad.dtype)
        g = self._clip_grad(scaled, dt)
        acc_g, acc_delta = state
        rho, eps = _c(self.rho, dt), _c(self.epsilon, dt)
        acc_g = acc_g * rho
        acc_g = acc_g + _c(1. - self.rho, dt) * g * g
        current_delta = jnp.sqrt(acc_delta + eps) / jnp.sqrt(acc_g + eps) * g
        acc_delta = acc_delta * rho
        acc_delta = acc_delta + _c(1. - self.rho, dt) * current_delta * current_delta
        w = weight - (current_delta + _c(hp["wd"], dt) * weight)
        return w, (acc_g, acc_delta), scaled


@register
class Adamax(Optimizer):
    """AdaMax, the infinity-norm variant of Adam.

    Parameters
    ----------
    learning_rate : float, default 0.002
    beta1 : float, default 0.9
    beta2 : float, default 0.999
    **kwargs
        As :class:`Optimizer`.
    """

    _fused = True

    def __init__(self, learning_rate=0.002, beta1=0.9, beta2=0.999, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.beta1 = beta1
        self.beta2 = beta2

    def create_state(self, index, weight):
        return (zeros(weight.shape, weight.context, dtype=weight.dtype),
                zeros(weight.shape, weight.context, dtype=weight.dtype))

    def _hyper(self, index, weight, grad):
        hp = super()._hyper(index, weight, grad)
        hp["lr"] /= (1. - self.beta1 ** self._index_update_count[index])
        return hp

    def _static(self):
        return (type(self), self.beta1, self.beta2, self.clip_gradient)

    def _step(self, weight, grad, state, hp):
        dt = weight.dtype
        g = self._prepared_grad(weight, grad, hp, add_wd=True)
        m_t, u_t = state
        m_t = m_t * _c(self.beta1, dt)
        m_t = m_t + _c(1. - self.beta1, dt) * g
        u_t = jnp.maximum(_c(self.beta2, dt) * u_t, jnp.abs(g))
        return weight - _c(hp["lr"], dt) * m_t / u_t, (m_t, u_t)


@register
class Nadam(Optimizer):
    """Nesterov-accelerated Adam (Dozat).

    Parameters
    ----------
    learning_rate : float, default 0.001
    beta1 : float, default 0.9
    beta2 : float, default 0.999
    epsilon : float, default 1e-8
    schedule_decay : float, default 0.004
    **kwargs
        As :class:`Optimizer`.
    """

    _fused = True

    def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-8,
                 schedule_decay=0.004, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.schedule_decay = schedule_decay
        self.m_schedule = 1.

    def create_state(self, index, weight):
        return (zeros(weight.shape, weight.context, dtype=weight.dtype),
                zeros(weight.shape, weight.context, dtype=weight.dtype))

    def _hyper(self, index, weight, grad):
        hp = super()._hyper(index, weight, grad)
        t = self._index_update_count[index]
        momentum_t = self.beta1 * (1. - 0.5 * (pow(0.96, t * self.schedule_decay)))
        momentum_t_1 = self.beta1 * (1. - 0.5 * (pow(0.96, (t + 1) * self.schedule_decay)))
        self.m_schedule = self.m_schedule * momentum_t
        m_schedule_next = self.m_schedule * momentum_t_1
        hp.update(g_div=1. - self.m_schedule, m_div=1. - m_schedule_next,
                  v_div=1. - pow(self.beta2, t), g_mul=1. - momentum_t, m_mul=momentum_t_1)
        return hp

    def _static(self):
        return (type(self), self.beta1, self.beta2, self.epsilon, self.clip_gradient)

    def _step(self, weight, grad, state, hp):
        dt = weight.dtype
        g = self._prepared_grad(weight, grad, hp, add_wd=True)
        m_t, v_t = state
        m_t = m_t * _c(self.beta1, dt)
        m_t = m_t + _c(1. - self.beta1, dt) * g
        v_t = v_t * _c(self.beta2, dt)
        v_t = v_t + _c(1. - self.beta2, dt) * g * g
        grad_prime = g / _c(hp["g_div"], dt)
        m_t_prime = m_t / _c(hp["m_div"], dt)
        v_t_prime = v_t / _c(hp["v_div"], dt)
        m_t_bar = _c(hp["g_mul"], dt) * grad_prime + _c(hp["m_mul"], dt) * m_t_prime
        w = weight - _c(hp["lr"], dt) * m_t_bar / (jnp.sqrt(v_t_prime) + _c(self.epsilon, dt))
        return w, (m_t, v_t)


@register
class RMSProp(Optimizer):
    """RMSProp; ``centered=True`` is Graves' variant (``rmspropalex_update``).

    Parameters
    ----------
    learning_rate : float, default 0.001
    gamma1 : float, default 0.9
    gamma2 : float, default 0.9
        Momentum of the centered variant.
    epsilon : float, default 1e-8
    centered : bool, default False
    clip_weights : float, optional
        Clip weights into ``[-clip_weights, clip_weights]``.
    **kwargs
        As :class:`Optimizer`.
    """

    _fused = True

    def __init__(self, learning_rate=0.001, gamma1=0.9, gamma2=0.9, epsilon=1e-8,
                 centered=False, clip_weights=None, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.gamma1 = gamma1
        self.gamma2 = gamma2
        self.centered = centered
        self.epsilon = epsilon
        self.clip_weights = clip_weights

    def create_state(self, index, weight):
        if self.centered:
            return (zeros(weight.shape, weight.context), zeros(weight.shape, weight.context),
                    zeros(weight.shape, weight.context))
        return (zeros(weight.shape, weight.context),)

    def _static(self):
        return (type(self), self.gamma1, self.gamma2, self.epsilon, self.centered,
                self._clip_value(), self.clip_weights)

    def _step(self, weight, grad, state, hp):
        cw = float(self.clip_weights) if self.clip_weights else -1.0
        if not self.centered:
            w, n = ops.rmsprop_step(weight, grad, state[0], hp["lr"], self.gamma1, self.epsilon,
                                    hp["wd"], hp["rescale_grad"], self._clip_value(), cw)
            return w, (n,)
        w, n, g, delta = ops.rmspropalex_step(weight, grad, state[0], state[1], state[2],
                                              hp["lr"], self.gamma1, self.gamma2, self.epsilon,
                                              hp["wd"], hp["rescale_grad"], self._clip_value(),
                                              cw)
        return w, (n, g, delta)


@register
class Ftrl(Optimizer):
    """FTRL-proximal (McMahan et al.).

    Parameters
    ----------
    lamda1 : float, default 0.01
        L1 regularization.
    learning_rate : float, default 0.1
    beta : float, default 1
    **kwargs
        As :class:`Optimizer`.
    """

    _fused = True

    def __init__(self, lamda1=0.01, learning_rate=0.1, beta=1, **kwargs):
        super().__init__(**kwargs)
        self.lamda1 = lamda1
        self.beta = beta
        self.lr = learning_rate

    def create_state(self, index, weight):
        return (zeros(weight.shape, weight.context), zeros(weight.shape, weight.context))

    def _static(self):
        return (type(self), self.lamda1, self.beta, self._clip_value())

    def _step(self, weight, grad, state, hp):
        z, n = state
        w, z, n = ops.ftrl_step(weight, grad, z, n, hp["lr"], self.lamda1, self.beta, hp["wd"],
                                hp["rescale_grad"], self._clip_value())
        return w, (z, n)


@register
class FTML(Optimizer):
    """FTML, Follow the Moving Leader (Zheng & Kwok).

    Parameters
    ----------
    beta1 : float, default 0.6
    beta2 : float, default 0.999
    epsilon : float, default 1e-8
    **kwargs
        As :class:`Optimizer`.
    """

    _fused = True

    def __init__(self, beta1=0.6, beta2=0.999, epsilon=1e-8, **kwargs):
        super().__init__(**kwargs)
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon

    def create_state(self, index, weight):
        return (zeros(weight.shape, weight.context, dtype=weight.dtype),
                zeros(weight.shape, weight.context, dtype=weight.dtype),
                zeros(weight.shape, weight.context, dtype=weight.dtype))

    def _hyper(self, index, weight, grad):
        hp = super()._hyper(index, weight, grad)
        hp["t"] = self._index_update_count[index]
        return hp

    def _static(self):
        return (type(self), self.beta1, self.beta2, self.epsilon, self._clip_value())

    def _step(self, weight, grad, state, hp):
        d, v, z = state
        w, d, v, z = ops.ftml_step(weight, grad, d, v, z, hp["lr"], self.beta1, self.beta2,
                                   self.epsilon, hp["t"], hp["wd"], hp["rescale_grad"],
                                   self._clip_value())
        return w, (d, v, z)


@register
class LAMB(Optimizer):
    """LAMB: layer-wise adaptive moments for large batches (You et al.).

    Parameters
    ----------
    learning_rate : float, default 0.001
    beta1 : float, default 0.9
    beta2 : float, default 0.999
    epsilon : float, default 1e-6
    lower_bound : float, optional
        Lower bound of the weight norm in the trust ratio.
    upper_bound : float, optional
        Upper bound of the weight norm in the trust ratio.
    bias_correction : bool, default True
    **kwargs
        As :class:`Optimizer`.
    """

    _fused = True

    def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-6,
                 lower_bound=None, upper_bound=None, bias_correction=True, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.lower_bound = lower_bound
        self.upper_bound = upper_bound
        self.bias_correction = bias_correction
        self.aggregate_num = max(1, min(45, int(os.getenv("MXNET_OPTIMIZER_AGGREGATION_SIZE",
                                                          "45"))))

    def create_state(self, index, weight):
        return (zeros(weight.shape, weight.context, dtype=weight.dtype),
                zeros(weight.shape, weight.context, dtype=weight.dtype))

    def _hyper(self, index, weight, grad):
        hp = super()._hyper(index, weight, grad)
        hp["t"] = self._index_update_count[index]
        return hp

    def _static(self):
        return (type(self), self.beta1, self.beta2, self.epsilon, self.lower_bound,
                self.upper_bound, self.bias_correction, self._clip_value())

    def _step(self, weight, grad, state, hp):
        mean, var = state
        g, mean, var = ops.lamb_phase1_step(weight, grad, mean, var, hp["t"], self.beta1,
                                            self.beta2, self.epsilon, self.bias_correction,
                                            hp["wd"], hp["rescale_grad"], self._clip_value())
        dt = g.dtype
        r1 = jnp.sqrt(jnp.sum(jnp.square(weight.astype(dt))))
        r2 = jnp.sqrt(jnp.sum(jnp.square(g)))
        lb = self.lower_bound if self.lower_bound else -1.0
        ub = self.upper_bound if self.upper_bound else -1.0
        w = ops.lamb_phase2_step(weight, g, r1, r2, hp["lr"], lb, ub)
        return w, (mean, var)


@register
class Test(Optimizer):
    """MXNet's test optimizer: ``w += rescale_grad * grad``; the state is the new weight."""

    _fused = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)

    def create_state(self, index, weight):
        return zeros(weight.shape, weight.context)

    def _hyper(self, index, weight, grad):
        return {"rescale_grad": self.rescale_grad}

    def _step(self, weight, grad, state, hp):
        w = weight + grad * _c(hp["rescale_grad"], weight.dtype)
        return w, w.astype(state.dtype)
