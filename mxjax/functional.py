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
import numpy as np
import jax
import jax.numpy as jnp

from .core import state as _state
from .context import current_context, context_of_device, jax_device
from .ndarray.handle import NDArray
from .ndarray import transfer

__all__ = ["functionalize", "to_jax", "from_jax", "trace_key"]

trace_key = _state.trace_key


def _unwrap(out):
    if isinstance(out, NDArray):
        return out._value
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
    def pure(*arrays, rng=None):
        c = ctx if ctx is not None else current_context()
        handles = [NDArray._from_jax(jnp.asarray(a) if not isinstance(a, jax.Array) else a, c)
                   for a in arrays]
        originals = [h._data for h in handles]
        _state.push_trace_rng(rng if rng is not None else _state.next_key())
        try:
            with _state.Scope(False, train_mode):
                out = fn(*handles)
        finally:
            _state.pop_trace_rng()
        result = _unwrap(out)
        if return_updates:
            updates = {i: h._value for i, (h, o) in enumerate(zip(handles, originals))
                       if h._data is not o}
            return result, updates
        return result

    pure.__name__ = getattr(fn, "__name__", "functionalized")
    pure.__doc__ = fn.__doc__
    return pure


def to_jax(array):
    """The ``jax.Array`` behind an NDArray (no copy)."""
    return array._value


def from_jax(array, ctx=None):
    """An NDArray handle for a ``jax.Array`` (no copy).

    Parameters
    ----------
    array : jax.Array or array_like
    ctx : Context, optional
        Default: the context of the array's device.
    """
    if not isinstance(array, jax.Array):  # host data: a private copy (see transfer)
        device = jax_device(ctx) if ctx is not None else jax.devices()[0]
        array = transfer.to_device(np.asarray(array), device)
    if ctx is None:
        ctx = context_of_device(next(iter(array.devices())))
    return NDArray._from_jax(array, ctx)
