"""Functions written with mx.nd operators as pure JAX functions.

``functionalize(fn)`` returns a function of ``jax.Array``s that runs ``fn`` on
NDArray handles wrapping them, with recording off, so JAX can trace it
(``jax.jit``, ``jax.grad``, ``jax.vmap``). Two things an NDArray program does that a
pure function may not are made explicit:

* random operators take their keys from an ``rng`` argument (a ``uint32[2]``
  ``[seed, counter]`` pair) instead of the global generator, so a compiled
  function draws fresh numbers each call and a replay reproduces them;
* in-place writes to an input (BatchNorm's running statistics, ``x[:] = ...``)
  are returned as updates ``{input_index: new_value}`` instead of happening.

``HybridBlock.hybridize()`` is built on this: the block becomes one pure function
of its parameters and inputs, compiled with ``jax.jit`` and recorded as one node.
"""
import threading

import numpy as np
import jax
import jax.numpy as jnp

__all__ = ["functionalize", "to_jax", "from_jax", "trace_key"]

_local = threading.local()


class _TraceRng:
    """Hands out distinct keys derived from a traced ``[seed, counter]`` pair."""

    def __init__(self, rng):
        self.rng = jnp.asarray(rng, dtype=jnp.uint32)
        self.count = 0

    def next(self):
        self.count += 1
        mix = jnp.uint32((self.count * 0x9E3779B9) & 0xFFFFFFFF)
        return jnp.stack([self.rng[0] ^ mix, self.rng[1]]).astype(jnp.uint32)


def trace_key():
    """The next key inside a functionalized call, or None outside one."""
    stack = getattr(_local, "stack", None)
    if stack:
        return stack[-1].next()
    return None


def _unwrap(out):
    from .ndarray.ndarray import NDArray
    if isinstance(out, NDArray):
        return out.data
    if isinstance(out, (list, tuple)):
        return type(out)(_unwrap(o) for o in out)
    if isinstance(out, dict):
        return {k: _unwrap(v) for k, v in out.items()}
    return out


def functionalize(fn, return_updates=False, ctx=None, train_mode=False):
    """Turn ``fn`` (NDArrays in, NDArrays out) into a pure function of JAX arrays.

    Parameters
    ----------
    fn : callable
        Written with ``mx.nd`` operators; takes NDArrays positionally.
    return_updates : bool, default False
        Also return ``{input_index: new_value}`` for inputs that ``fn`` wrote in place.
    ctx : Context, optional
        Context given to the NDArray handles (default: the current context).
    train_mode : bool, default False
        ``autograd.is_training()`` while ``fn`` runs (Dropout, BatchNorm).

    Returns
    -------
    callable
        ``pure(*arrays, rng=None)`` returning the outputs as JAX arrays (same
        nesting as ``fn``'s), plus the updates dict when ``return_updates``.
        ``rng`` (uint32[2]) seeds the random operators inside; by default the
        global generator's next key is used.

    Examples
    --------
    >>> f = mxjax.functionalize(lambda x: mx.nd.tanh(x).sum())
    >>> jax.grad(f)(jnp.ones(3))
    """
    from .ndarray.ndarray import NDArray
    from .context import current_context
    from . import autograd, random as _random

    def pure(*arrays, rng=None):
        c = ctx if ctx is not None else current_context()
        handles = [NDArray._from_jax(jnp.asarray(a) if not isinstance(a, jax.Array) else a, c)
                   for a in arrays]
        originals = [h._data for h in handles]
        stack = getattr(_local, "stack", None)
        if stack is None:
            stack = _local.stack = []
        stack.append(_TraceRng(rng if rng is not None else _random.next_key()))
        try:
            with autograd._RecordingStateScope(False, train_mode):
                out = fn(*handles)
        finally:
            stack.pop()
        result = _unwrap(out)
        if return_updates:
            updates = {i: h.data for i, (h, o) in enumerate(zip(handles, originals))
                       if h._data is not o}
            return result, updates
        return result

    pure.__name__ = getattr(fn, "__name__", "functionalized")
    pure.__doc__ = fn.__doc__
    return pure


def to_jax(array):
    """The ``jax.Array`` behind an NDArray (no copy)."""
    return array.data


def from_jax(array, ctx=None):
    """An NDArray handle for a ``jax.Array`` (no copy).

    Parameters
    ----------
    array : jax.Array or array_like
    ctx : Context, optional
        Default: the context of the array's device.
    """
    from .ndarray.ndarray import NDArray
    from .context import context_of_device
    if not isinstance(array, jax.Array):  # host data: a private copy (see transfer)
        from .context import jax_device
        from .ndarray import transfer
        device = jax_device(ctx) if ctx is not None else jax.devices()[0]
        array = transfer.to_device(np.asarray(array), device)
    if ctx is None:
        ctx = context_of_device(next(iter(array.devices())))
    return NDArray._from_jax(array, ctx)
