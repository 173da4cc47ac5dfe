"""Optimizer updates with row_sparse gradients: MXNet 1.9.1's lazy updates.

With a row_sparse gradient, MXNet's SGD and Adam (``lazy_update=True``), AdaGrad
(always; ``wd`` must be 0) and Ftrl (on a row_sparse weight) update only the rows the
gradient stores: weight decay, momentum and the other states change on those rows
only.  Every other case (``lazy_update=False``, other optimizers, csr gradients)
updates with the gradient's dense value, as MXNet's storage fallback does.

The lazy step is the optimizer's own dense step (``Optimizer._one``) applied to the
gathered rows of the weight, the gradient and every state shaped like the weight,
then scattered back.
"""
import numpy as np
import jax
import jax.numpy as jnp

from ..base import MXNetError
from ..ndarray.handle import NDArray

__all__ = ["has_sparse", "is_lazy", "sparse_update"]


def has_sparse(grads):
    """Whether one of ``grads`` has a sparse storage type."""
    for g in grads:
        if g.__class__ is not NDArray and g.stype != "default":
            return True
    return False


def is_lazy(opt, weight, grad):
    """Whether MXNet updates only ``grad``'s rows for this optimizer and storage."""
    if grad.stype != "row_sparse":
        return False
    name = type(opt).__name__
    if name in ("SGD", "Adam"):
        return bool(getattr(opt, "lazy_update", False))
    if name == "AdaGrad":
        return True
    if name == "Ftrl":
        return weight.stype == "row_sparse"
    return False


def sparse_update(opt, indices, weights, grads, states, mps, calls):
    """Run ``opt``'s update of ``weights`` with (some) sparse ``grads``.

    Parameters
    ----------
    opt : Optimizer
    indices, weights, grads, states : lists
    mps : list of bool
        Multi-precision per weight.
    calls : list of list of int or None
        MXNet's update calls (positions), as ``Optimizer._fused_update``.
    """
    lazy = [is_lazy(opt, w, g) for w, g in zip(weights, grads)]
    dense = [p for p, z in enumerate(lazy) if not z]
    if dense:
        dense_grads = [NDArray._from_jax(grads[p]._value, grads[p]._ctx) for p in dense]
        opt._fused_update([indices[p] for p in dense], [weights[p] for p in dense],
                          dense_grads, [states[p] for p in dense],
                          mp=[mps[p] for p in dense])
        if getattr(opt, "_writes_grad", False):
            for p, g in zip(dense, dense_grads):
                grads[p]._set_data(g._value)
    positions = [p for p, z in enumerate(lazy) if z]
    if not positions:
        return
    if type(opt).__name__ == "AdaGrad":
        for p in positions:
            wd = opt._get_wd(indices[p])
            if wd != 0:
                raise MXNetError("AdaGrad: sparse adagrad_update does not support wd, got "
                                 "wd=%r for a row_sparse gradient" % (wd,))
    hps = opt._hypers([indices[p] for p in positions], [weights[p] for p in positions],
                      [grads[p] for p in positions])
    for p, hp in zip(positions, hps):
        _lazy_one(opt, weights[p], grads[p], states[p], hp, mps[p])


def _lazy_one(opt, weight, grad, state, hp, mp):
    rows_np = np.asarray(grad._components()[1])
    if rows_np.size == 0:
        return
    rows = jnp.asarray(rows_np)
    w = weight._value
    g_rows = grad._components()[0]
    handles = _state_handles(state)
    shape = tuple(w.shape)
    values = [h._value for h in handles]
    sliced = [v[rows] if tuple(v.shape) == shape else v for v in values]
    tree = _rebuild(state, iter(sliced))
    res = opt._one(w[rows], g_rows.astype(w.dtype), tree, hp, mp)
    weight._set_data(w.at[rows].set(res[0].astype(w.dtype)))
    new_leaves = jax.tree_util.tree_leaves(res[1])
    for h, old, new in zip(handles, values, new_leaves):
        if tuple(old.shape) == shape:
            h._set_data(old.at[rows].set(new.astype(old.dtype)))
        else:
            h._set_data(new.astype(old.dtype))


def _state_handles(state):
    if state is None:
        return []
    if isinstance(state, NDArray):
        return [state]
    if isinstance(state, (list, tuple)):
        out = []
        for s in state:
            out.extend(_state_handles(s))
        return out
    raise MXNetError("sparse update: unexpected optimizer state of type %s"
                     % type(state).__name__)


def _rebuild(state, values):
    """``state``'s structure with its NDArrays replaced by ``values`` (jax arrays)."""
    if state is None:
        return None
    if isinstance(state, NDArray):
        return next(values)
    return tuple(_rebuild(s, values) for s in state)  # as Optimizer's _to_jax
