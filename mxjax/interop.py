"""Gluon blocks and JAX: parameters as a pytree, a block as a pure function.

``mxjax.to_jax`` / ``mxjax.from_jax`` (in :mod:`mxjax.functional`) move single
arrays without copying. This module does the same for a whole Gluon block:

* :func:`params_to_pytree` — the block's parameters as a ``{name: jax.Array}``
  dict, keyed like ``save_parameters`` (``'0.weight'``, ``'fc.bias'``), so a
  fresh instance of the same architecture has the same keys;
* :func:`pytree_to_params` — write such a dict (e.g. updated by an optax
  optimizer) back into the block;
* :func:`block_to_jax` — the block's forward as ``apply(params, *inputs)``, a
  pure function of JAX arrays for ``jax.jit``, ``jax.grad`` and ``jax.vmap``.

Examples
--------
>>> net = mx.gluon.nn.Dense(3, in_units=4); net.initialize()
>>> params = mxjax.interop.params_to_pytree(net)
>>> apply = mxjax.interop.block_to_jax(net)
>>> loss = lambda p, x: apply(p, x).sum()
>>> grads = jax.grad(loss)(params, jnp.ones((2, 4)))
>>> mxjax.interop.pytree_to_params(net, jax.tree.map(lambda p, g: p - 0.1 * g, params, grads))
"""
import numpy as np
import jax

from .base import MXNetError
from .functional import functionalize
from .context import jax_device
from .ndarray import transfer

__all__ = ["params_to_pytree", "pytree_to_params", "block_to_jax"]


def _named_params(block):
    """``(structural name, Parameter)`` pairs, each parameter once (its first name)."""
    seen = set()
    out = []
    for name, param in block._collect_params_with_prefix().items():
        if id(param) in seen:
            continue
        seen.add(id(param))
        out.append((name, param))
    return out


def params_to_pytree(block, ctx=None):
    """The parameters of ``block`` as a dict of ``jax.Array`` (no copies).

    Parameters
    ----------
    block : Block
        Initialized (deferred initialization must have finished: run one forward).
    ctx : Context, optional
        Which copy to take when the parameters live on several contexts.

    Returns
    -------
    dict of str to jax.Array
        Keyed by structural name, as ``save_parameters`` writes them
        (``'0.weight'``, ``'0.bias'`` ...). A parameter shared by several children
        appears once, under its first name.

    Raises
    ------
    MXNetError
        When a parameter is not initialized yet.
    """
    tree = {}
    for name, param in _named_params(block):
        try:
            value = param.data(ctx)
        except Exception as err:  # DeferredInitializationError, RuntimeError
            raise MXNetError("params_to_pytree: parameter '%s' (%s) has no value yet: %s"
                             % (name, param.name, err)) from None
        tree[name] = value._value
    return tree


def pytree_to_params(block, tree, allow_missing=False):
    """Set the parameters of ``block`` from a dict like :func:`params_to_pytree`'s.

    Parameters
    ----------
    block : Block
    tree : dict of str to array_like
        ``jax.Array``, NumPy arrays or NDArrays, of the parameters' shapes.
    allow_missing : bool, default False
        Leave parameters that ``tree`` does not name unchanged.

    Raises
    ------
    MXNetError
        For a name the block does not have, a missing name (unless allowed), or a
        shape that differs from the parameter's.
    """
    from .ndarray.ndarray import NDArray
    named = dict(_named_params(block))
    extra = sorted(set(tree) - set(named))
    if extra:
        raise MXNetError("pytree_to_params: the block has no parameters %s (it has %s)"
                         % (extra, sorted(named)))
    missing = sorted(set(named) - set(tree))
    if missing and not allow_missing:
        raise MXNetError("pytree_to_params: no values for parameters %s "
                         "(pass allow_missing=True to keep them)" % missing)
    for name, value in tree.items():
        param = named[name]
        if isinstance(value, NDArray):
            value = value._value
        shape = tuple(np.shape(value))
        known = tuple(param.shape) if param.shape is not None else None
        if known is not None and (len(known) != len(shape) or
                                  any(k not in (0, -1, s) for k, s in zip(known, shape))):
            raise MXNetError("pytree_to_params: parameter '%s' (%s) has shape %s, got %s"
                             % (name, param.name, known, shape))
        if not isinstance(value, jax.Array):  # host data: a private copy (see transfer)
            value = transfer.to_device(np.asarray(value), jax_device(param.list_ctx()[0]))
        if param.dtype is not None and np.dtype(value.dtype) != np.dtype(param.dtype):
            value = value.astype(param.dtype)
        param.set_data(NDArray._from_jax(value, param.list_ctx()[0]))


def block_to_jax(block, train_mode=False, return_updates=False, ctx=None):
    """The forward of ``block`` as a pure function of a parameter pytree and inputs.

    Parameters
    ----------
    block : Block
        Initialized; its parameter names are those of :func:`params_to_pytree`.
    train_mode : bool, default False
        ``autograd.is_training()`` during the forward (Dropout, BatchNorm).
    return_updates : bool, default False
        Also return ``{name: new value}`` for parameters the forward writes in
        place (``param.data()[:] = ...``). BatchNorm's running statistics are not
        among them: mxjax updates those only in calls recorded by ``autograd``
        (MXNet updates them in backward).
    ctx : Context, optional
        Context of the NDArray handles inside (default: the current context).

    Returns
    -------
    callable
        ``apply(params, *inputs, rng=None)``: ``params`` a dict as returned by
        :func:`params_to_pytree` (every key required), ``inputs`` JAX arrays;
        returns the block's outputs as JAX arrays (same nesting), plus the updates
        dict when ``return_updates``. ``rng`` (``uint32[2]``) seeds random
        operators; by default the global generator's next key is used.
    """
    from .gluon.parameter import substitute_data
    names = [name for name, _ in _named_params(block)]
    params = dict(_named_params(block))

    def apply(tree, *inputs, rng=None):
        missing = [n for n in names if n not in tree]
        if missing:
            raise MXNetError("block_to_jax: no values for parameters %s" % missing)
        n = len(names)

        def body(*handles):
            mapping = {params[name]: h for name, h in zip(names, handles[:n])}
            with substitute_data(mapping):
                return block(*handles[n:])

        pure = functionalize(body, return_updates=return_updates, ctx=ctx,
                             train_mode=train_mode)
        res = pure(*[tree[name] for name in names], *inputs, rng=rng)
        if not return_updates:
            return res
        out, updates = res
        return out, {names[i]: v for i, v in updates.items() if i < n}

    apply.__name__ = "apply_" + type(block).__name__
    return apply
