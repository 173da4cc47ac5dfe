"""``mx.optimizer.contrib``: MXNet 1.9.1's contrib optimizers (GroupAdaGrad)."""
import jax.numpy as jnp

from ..ndarray.ndarray import zeros
from .optimizer import Optimizer, register, _check
from .adaptive import _c

__all__ = ["GroupAdaGrad"]


@register
class GroupAdaGrad(Optimizer):
    """AdaGrad with one learning rate per row of a 2-d weight.

    ``grad = clip(grad * rescale_grad, clip_gradient)``;
    ``history += mean(square(grad), axis=1, keepdims=True)``;
    ``weight -= lr * grad / sqrt(history + eps)``.  Weight decay is not supported
    (a non-zero ``wd`` fails the update, as in MXNet).  Gradients are dense in mxjax,
    so every row is updated.

    Parameters
    ----------
    eps : float, default 1e-5
        Added to the history before the square root.
    **kwargs
        As :class:`Optimizer`.
    """

    _fused = True

    def __init__(self, eps=1e-5, **kwargs):
        super().__init__(**kwargs)
        self.float_stable_eps = eps

    def create_state(self, index, weight):
        _check(len(weight.shape) == 2,
               "GroupAdaGrad: the weight must be 2-d, got shape %s" % (weight.shape,))
        return zeros((weight.shape[0], 1), weight.context, dtype=weight.dtype)

    def _hyper(self, index, weight, grad):
        hp = super()._hyper(index, weight, grad)
        _check(hp["wd"] == 0, "Weight decay is not supported for GroupAdaGrad")
        return hp

    def _static(self):
        return (type(self), self.float_stable_eps, self.clip_gradient)

    def _step(self, weight, grad, state, hp):
        g = self._prepared_grad(weight, grad, hp)
        history = state + jnp.mean(jnp.square(g), axis=1, keepdims=True)
        div = g / jnp.sqrt(history + _c(self.float_stable_eps, history.dtype))
        return weight - div * _c(hp["lr"], weight.dtype), history
