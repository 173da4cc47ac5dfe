"""SGD-like optimizers: SGD (ccSGD), NAG, Signum, LARS, LBSGD, SGLD, DCASGD."""
import logging
import math
import os
import warnings

import numpy as np
import jax
import jax.numpy as jnp

from ..base import MXNetError
from ..ndarray.ops import optimizer_ops as ops
from ..ndarray.ndarray import zeros, array
from .optimizer import Optimizer, register

__all__ = ["SGD", "ccSGD", "NAG", "Signum", "LARS", "LBSGD", "SGLD", "DCASGD"]


def _f16_warning(name):
    warnings.warn("Accumulating with float16 in optimizer can lead to poor accuracy or slow "
                  "convergence. Consider using multi_precision=True option of the %s "
                  "optimizer" % name)


class _MomentumFirstMP(Optimizer):
    """Multi-precision states ordered ``(state, weight32)`` (SGD, NAG, LARS)."""

    _mp_name = "SGD"

    def create_state_multi_precision(self, index, weight):
        if self.multi_precision and weight.dtype == np.float16:
            weight_master_copy = weight.astype(np.float32)
            return (self.create_state(index, weight_master_copy), weight_master_copy)
        if weight.dtype == np.float16 and not self.multi_precision:
            _f16_warning(self._mp_name)
        return self.create_state(index, weight)

    def _mp_split(self, state):
        return state[1], state[0]

    def _mp_join(self, weight32, inner):
        return (inner, weight32)


@register
class SGD(_MomentumFirstMP):
    """Stochastic gradient descent, with optional momentum and weight decay.

    ``mom = momentum * mom - lr * (wd * w + clip(rescale_grad * grad)); w += mom``
    (without momentum: ``w -= lr * (wd * w + clip(rescale_grad * grad))``).

    Parameters
    ----------
    momentum : float, default 0.0
    lazy_update : bool, default True
        Only matters for sparse gradients (mxjax's are dense).
    **kwargs
        As :class:`Optimizer` (learning_rate, wd, clip_gradient, multi_precision ...).
    """

    _fused = True

    def __init__(self, momentum=0.0, lazy_update=True, **kwargs):
        super().__init__(**kwargs)
        self.momentum = momentum
        self.lazy_update = lazy_update
        self.aggregate_num = int(os.getenv("MXNET_OPTIMIZER_AGGREGATION_SIZE", "4"))

    def create_state(self, index, weight):
        if self.momentum != 0.0:
            return zeros(weight.shape, weight.context, dtype=weight.dtype)
        return None

    def _hypers(self, indices, weights, grads):
        self._update_count(indices)
        lrs, wds = self._get_lrs(indices), self._get_wds(indices)
        return [{"lr": lr, "wd": wd, "rescale_grad": self.rescale_grad}
                for lr, wd in zip(lrs, wds)]

    def _static(self):
        return (type(self), self.momentum, self._clip_value())

    def _step(self, weight, grad, state, hp):
        mom = state if self.momentum > 0 else None
        w, new_mom = ops.multi_sgd_step(weight, grad, mom, hp["lr"], self.momentum, hp["wd"],
                                        hp["rescale_grad"], self._clip_value())
        return w, (new_mom if mom is not None else state)


@register
class ccSGD(SGD):  # noqa: N801 - MXNet's name
    """Deprecated alias of :class:`SGD`."""


@register
class NAG(_MomentumFirstMP):
    """Nesterov accelerated gradient.

    Parameters
    ----------
    momentum : float, default 0.0
    **kwargs
        As :class:`Optimizer`.
    """

    _fused = True
    _mp_name = "NAG"

    def __init__(self, momentum=0.0, **kwargs):
        super().__init__(**kwargs)
        self.momentum = momentum

    def create_state(self, index, weight):
        if self.momentum != 0.0:
            return zeros(weight.shape, weight.context, dtype=weight.dtype)
        return None

    def _use_mp(self, weight, state):
        return bool(self.multi_precision and weight.dtype == np.float16
                    and isinstance(state, (tuple, list)))

    def _static(self):
        return (type(self), self.momentum, self._clip_value())

    def _step(self, weight, grad, state, hp):
        momentum = self.momentum if self.momentum > 0 else 0.0
        if state is not None:
            return ops.nag_mom_step(weight, grad, state, hp["lr"], momentum, hp["wd"],
                                    hp["rescale_grad"], self._clip_value(),
                                    decay_new_weight=True)
        return ops.sgd_step(weight, grad, hp["lr"], hp["wd"], hp["rescale_grad"],
                            self._clip_value()), None


@register
class Signum(Optimizer):
    """Signum (SIGN momentUM); signSGD when ``momentum`` is 0.

    Parameters
    ----------
    learning_rate : float, default 0.01
    momentum : float, default 0.9
    wd_lh : float, default 0.0
        Decoupled weight decay (Loshchilov & Hutter).
    **kwargs
        As :class:`Optimizer`.
    """

    _fused = True

    def __init__(self, learning_rate=0.01, momentum=0.9, wd_lh=0.0, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.momentum = momentum
        self.wd_lh = wd_lh

    def create_state(self, index, weight):
        if self.momentum != 0.0:
            return zeros(weight.shape, weight.context, dtype=weight.dtype)
        return None

    def _static(self):
        return (type(self), self.momentum, self._clip_value(), self.wd_lh)

    def _step(self, weight, grad, state, hp):
        if state is not None:
            momentum = self.momentum if self.momentum > 0 else 0.0
            return ops.signum_step(weight, grad, state, hp["lr"], momentum, hp["wd"],
                                   hp["rescale_grad"], self._clip_value(),
                                   self.wd_lh if self.wd_lh else 0.0)
        return ops.signsgd_step(weight, grad, hp["lr"], hp["wd"], hp["rescale_grad"],
                                self._clip_value()), None


@register
class LARS(_MomentumFirstMP):
    """SGD with layer-wise adaptive rate scaling (LARS).

    Each weight's learning rate is scaled by
    ``eta * ||w|| / (||rescale_grad * g|| + wd * ||w|| + eps)`` (parameters whose names
    end in gamma, beta or bias are not scaled).

    Parameters
    ----------
    momentum : float, default 0.0
    lazy_update : bool, default True
    eta : float, default 0.001
    eps : float, default 0
    momentum_correction : bool, default True
        Scale the momentum by the ratio of the current to the last learning rate.
    **kwargs
        As :class:`Optimizer`.
    """

    _fused = True

    def __init__(self, momentum=0.0, lazy_update=True, eta=0.001, eps=0,
                 momentum_correction=True, **kwargs):
        super().__init__(**kwargs)
        self.momentum = momentum
        self.momentum_correction = momentum_correction
        self.lazy_update = lazy_update
        self.aggregate_num = int(os.getenv("MXNET_OPTIMIZER_AGGREGATION_SIZE", "4"))
        self.eta = eta
        self.eps = eps
        self.skip = 0
        self.last_lr = None
        self.cur_lr = None

    def _get_lrs(self, indices):
        if self.cur_lr is not None:
            self.last_lr = self.cur_lr
        lr = self.lr_scheduler(self.num_update) if self.lr_scheduler is not None else self.lr
        if self.cur_lr is None:
            self.last_lr = lr
        self.cur_lr = lr
        lrs = [lr for _ in indices]
        for i, index in enumerate(indices):
            if index in self.param_dict:
                lrs[i] *= self.param_dict[index].lr_mult
            elif index in self.lr_mult:
                lrs[i] *= self.lr_mult[index]
            elif index in self.idx2name:
                lrs[i] *= self.lr_mult.get(self.idx2name[index], 1.0)
        return lrs

    def set_wd_mult(self, args_wd_mult):
        """As :meth:`Optimizer.set_wd_mult`, but only names ending in ``_weight`` keep wd."""
        self.wd_mult = {}
        for n in self.idx2name.values():
            if not n.endswith("_weight"):
                self.wd_mult[n] = 0.0
        if self.sym_info:
            attr, arg_names = self.sym_info
            for name in arg_names:
                if name in attr and "__wd_mult__" in attr[name]:
                    self.wd_mult[name] = float(attr[name]["__wd_mult__"])
        self.wd_mult.update(args_wd_mult)

    def create_state(self, index, weight):
        if self.momentum != 0.0:
            return zeros(weight.shape, weight.context, dtype=weight.dtype)
        return None

    def _hypers(self, indices, weights, grads):
        self._update_count(indices)
        lrs, wds = self._get_lrs(indices), self._get_wds(indices)
        momentum = 0.0
        if self.momentum > 0:
            momentum = self.momentum * (self.cur_lr / self.last_lr) \
                if self.momentum_correction and self.last_lr != 0 else self.momentum
        out = []
        for i, lr, wd in zip(indices, lrs, wds):
            name = self.idx2name[i] if i in self.idx2name else str(i)
            scaled = not (name.endswith("gamma") or name.endswith("beta")
                          or name.endswith("bias"))
            # the learning rates travel as float32, as MXNet's lrs array
            out.append({"lr": np.float32(lr), "wd": np.float32(wd),
                        "rescale_grad": self.rescale_grad, "momentum": momentum,
                        "lars": 1.0 if scaled else 0.0})
        return out

    def _static(self):
        return (type(self), self.momentum > 0, self._clip_value(), self.eta, self.eps)

    def _step(self, weight, grad, state, hp):
        f32 = jnp.float32
        w_sq = jnp.sum(jnp.square(weight.astype(f32)))
        g_sq = jnp.sum(jnp.square(grad.astype(f32)))
        scaled = ops.lars_lr(hp["lr"], w_sq, g_sq, hp["wd"], self.eta, self.eps,
                             hp["rescale_grad"])
        lr = jnp.where(hp["lars"] > 0, scaled, jnp.asarray(hp["lr"]).astype(f32))
        mom = state if self.momentum > 0 else None
        w, new_mom = ops.multi_sgd_step(weight, grad, mom, lr,
                                        hp["momentum"] if mom is not None else 0.0,
                                        jnp.asarray(hp["wd"]).astype(f32), hp["rescale_grad"],
                                        self._clip_value())
        return w, (new_mom if mom is not None else state)


@register
class LBSGD(Optimizer):
    """Large-batch SGD: gradients accumulated over ``batch_scale`` steps, with a warmup
    of the learning-rate multiplier ('linear', 'power2', 'sqrt' or 'lars').

    Runs MXNet's per-parameter algorithm (not fused).

    Parameters
    ----------
    momentum : float, default 0.0
    multi_precision : bool, default False
    warmup_strategy : str, default 'linear'
    warmup_epochs : int, default 5
    batch_scale : int, default 1
    updates_per_epoch : int, default 32
    begin_epoch : int, default 0
    num_epochs : int, default 60
    **kwargs
        As :class:`Optimizer`.
    """

    def __init__(self, momentum=0.0, multi_precision=False, warmup_strategy="linear",
                 warmup_epochs=5, batch_scale=1, updates_per_epoch=32, begin_epoch=0,
                 num_epochs=60, **kwargs):
        super().__init__(**kwargs)
        logging.info("Running Large-Batch SGD Algorithm")
        logging.info("(Batch_scale=%f, warmup_epochs=%d, warmup_strategy=%s, "
                     "updates_per_epoch=%d)", batch_scale, warmup_epochs, warmup_strategy,
                     updates_per_epoch)
        self.momentum = momentum
        self.multi_precision = multi_precision
        self.warmup_strategy = warmup_strategy
        self.warmup_epochs = warmup_epochs
        self.batch_scale = batch_scale
        self.updates_per_epoch = updates_per_epoch
        self.init_updates = begin_epoch * updates_per_epoch
        self.num_epochs = num_epochs
        self.lbmult = 1
        self.cumgrads = {}
        self.adaptive = False
        self.admult = 1

    def create_state(self, index, weight):
        momentum = None
        if self.multi_precision and weight.dtype == np.float16:
            weight_master_copy = array(weight, ctx=weight.context, dtype=np.float32)
            if self.momentum != 0.0:
                momentum = zeros(weight.shape, weight.context, dtype=np.float32)
            return (momentum, weight_master_copy)
        if weight.dtype == np.float16 and not self.multi_precision:
            _f16_warning("SGD")
        if self.momentum != 0.0:
            momentum = zeros(weight.shape, weight.context, dtype=weight.dtype)
        return momentum

    def _get_lbmult(self, nup):
        nwup = self.warmup_epochs * self.updates_per_epoch
        strategy = self.warmup_strategy
        maxmult = float(self.batch_scale)
        if nup >= nwup:
            mult = maxmult
        elif nwup <= 1:
            mult = 1.0
        elif strategy == "linear":
            mult = 1.0 + (maxmult - 1) * nup / nwup
        elif strategy == "power2":
            mult = 1.0 + (maxmult - 1) * (nup * nup) / (nwup * nwup)
        elif strategy == "sqrt":
            mult = 1.0 + (maxmult - 1) * math.sqrt(float(nup) / nwup)
        else:
            mult = 1.0
        return mult

    def _get_lars(self, weight, g, wd):
        weight2 = self._l2norm(weight)
        grad2 = self._l2norm(g)
        lars = math.sqrt(weight2 / (grad2 + wd * weight2 + 1e-18))
        return min(max(lars, 0.01), 100)

    def _l2norm(self, v):
        return (v * v).asnumpy().sum()

    def _reset_cum_gradient(self, index):
        self.cumgrads[index]["cum_grad"] = 0

    def _get_cum_gradient(self, index):
        return self.cumgrads.get(index, {})

    def _put_cum_gradient(self, index, cgrad):
        self.cumgrads[index] = cgrad

    def _cumulate_gradient(self, grad, index):
        cgrad = self._get_cum_gradient(index)
        if cgrad and cgrad["num_cums"] > 0:
            cum_grad = cgrad["cum_grad"] + grad
            num_cums = cgrad["num_cums"] + 1
        else:
            cum_grad = grad
            num_cums = self.init_updates + 1
        cgrad = {"cum_grad": cum_grad, "num_cums": num_cums}
        self._put_cum_gradient(index, cgrad)
        return cgrad

    def update(self, index, weight, grad, state):
        from .. import ndarray as nd
        lr = self._get_lr(index)
        wd = self._get_wd(index)
        self._update_count(index)
        cgrad = self._cumulate_gradient(grad, index)
        if cgrad["num_cums"] % self.batch_scale == 0:
            grad = cgrad["cum_grad"] / self.batch_scale
            if self.warmup_strategy == "lars":
                lbmult = self._get_lars(weight, grad, wd)
            else:
                lbmult = self._get_lbmult(cgrad["num_cums"])
            lr = lr * lbmult
            kwargs = {"rescale_grad": self.rescale_grad}
            if self.momentum > 0:
                kwargs["momentum"] = self.momentum
            if self.clip_gradient:
                kwargs["clip_gradient"] = self.clip_gradient
            if not isinstance(state, (list, tuple)):
                if state is not None:
                    nd.sgd_mom_update(weight, grad, state, out=weight, lr=lr, wd=wd, **kwargs)
                else:
                    nd.sgd_update(weight, grad, out=weight, lr=lr, wd=wd, **kwargs)
            elif state[0] is not None:
                nd.mp_sgd_mom_update(weight, grad, state[0], state[1], out=weight, lr=lr, wd=wd,
                                     **kwargs)
            else:
                nd.mp_sgd_update(weight, grad, state[1], out=weight, lr=lr, wd=wd, **kwargs)
            self._reset_cum_gradient(index)
        else:
            nd.sgd_update(weight, grad, out=weight, lr=0.0, wd=wd)

    def update_multi_precision(self, index, weight, grad, state):
        """LBSGD handles float16 through its own state (no separate path)."""
        self.update(index, weight, grad, state)


@register
class SGLD(Optimizer):
    """Stochastic gradient Langevin dynamics:
    ``w += -lr/2 * (grad + wd * w) + N(0, sqrt(lr))``.

    Parameters
    ----------
    **kwargs
        As :class:`Optimizer`.
    """

    _fused = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)

    def create_state(self, index, weight):
        return None

    def _hyper(self, index, weight, grad):
        from .. import random as _random
        hp = super()._hyper(index, weight, grad)
        hp["key"] = _random.next_key()
        return hp

    def _static(self):
        return (type(self), self.clip_gradient)

    def _step(self, weight, grad, state, hp):
        from ..ndarray.random_keys import key_from
        dt = weight.dtype
        lr = hp["lr"]
        g = self._prepared_grad(weight, grad, hp)
        w = weight + (-lr / 2).astype(dt) * (g + hp["wd"].astype(dt) * weight)
        # the draw of mx.nd.random.normal(0, sqrt(lr), dtype=weight.dtype) after the same
        # seed, as MXNet's Python SGLD makes it: float64 weights draw in float64
        cdt = jnp.float64 if dt == jnp.float64 else jnp.float32
        noise = jax.random.normal(key_from(hp["key"]), weight.shape, cdt) * \
            jnp.sqrt(lr).astype(cdt)
        return w + noise.astype(dt), None


@register
class DCASGD(Optimizer):
    """Delay-compensated asynchronous SGD.

    ``w += -lr * (g + wd * w + lamda * g * g * (w - w_previous))``. As in MXNet 1.9.1,
    a nonzero ``momentum`` fails at the first update (its momentum buffer is tested for
    truth).

    Parameters
    ----------
    momentum : float, default 0.0
    lamda : float, default 0.04
    **kwargs
        As :class:`Optimizer`.
    """

    _fused = True

    def __init__(self, momentum=0.0, lamda=0.04, **kwargs):
        super().__init__(**kwargs)
        self.momentum = momentum
        self.weight_previous = {}
        self.lamda = lamda

    def create_state(self, index, weight):
        if self.momentum == 0.0:
            return (None, weight.copy())
        return (zeros(weight.shape, weight.context, dtype=weight.dtype), weight.copy())

    def _hyper(self, index, weight, grad):
        if self.momentum != 0.0:
            # MXNet 1.9.1 evaluates ``if mom:`` on the momentum NDArray
            if weight.size > 1:
                raise MXNetError("The truth value of an NDArray with multiple elements is "
                                 "ambiguous.")
            raise AssertionError("DCASGD: momentum buffer is zero but momentum != 0")
        return super()._hyper(index, weight, grad)

    def _static(self):
        return (type(self), self.clip_gradient, self.lamda)

    def _step(self, weight, grad, state, hp):
        dt = weight.dtype
        _, previous = state
        g = self._prepared_grad(weight, grad, hp)
        wd = hp["wd"].astype(dt)
        lam = ops._s(float(self.lamda), dt)
        mom = (-hp["lr"]).astype(dt) * (g + wd * weight + lam * g * g * (weight - previous))
        return weight + mom, (None, weight)
