"""The ``Custom`` operator: a Python operator (``mx.operator.CustomOp``) inside JAX.

The operator's ``forward`` and ``backward`` are Python code on NDArrays, so they
run on the host: ``forward`` through ``jax.pure_callback``, and the gradient
through the same mechanism inside a ``jax.custom_vjp``. That works the same
whether the call runs eagerly, is recorded by autograd, or is traced inside a
hybridized block.

This module holds the JAX plumbing only. What a custom operator type is (its
property object, how NDArrays are made for it) comes from ``mxjax.operator``,
which registers each type here with :func:`add_type`.
"""
import threading

import numpy as np
import jax
import jax.numpy as jnp

from ...base import MXNetError
from ..registry import register

__all__ = ["add_type", "registered_types", "custom"]

# op_type -> factory(kwargs: dict of str) -> runner (see mxjax.operator._Runner)
_TYPES = {}
_RUNNERS = {}
_lock = threading.Lock()


def add_type(op_type, factory):
    """Make ``op_type`` usable as ``Custom(..., op_type=op_type)``.

    ``factory(kwargs)`` builds a runner for one set of string keyword arguments; a
    runner has ``num_args``, ``num_aux``, ``list_outputs()``,
    ``infer(in_avals) -> out_avals``, ``forward(is_train, arrays, keep, out_avals)`` returning
    ``(outputs, handle)`` and ``backward(handle, out_grads, in_arrays, out_arrays)``
    returning the arguments' gradients (NumPy arrays).
    """
    with _lock:
        _TYPES[op_type] = factory
        for key in [k for k in _RUNNERS if k[0] == op_type]:
            del _RUNNERS[key]


def registered_types():
    """Names of the registered custom operator types."""
    return sorted(_TYPES)


def runner(op_type, kwargs):
    """The runner of ``op_type`` for these keyword arguments (one per distinct set)."""
    kwargs = {k: _as_str(v) for k, v in kwargs.items()}
    key = (op_type, tuple(sorted(kwargs.items())))
    r = _RUNNERS.get(key)
    if r is None:
        factory = _TYPES.get(op_type)
        if factory is None:
            raise MXNetError("Operator Custom: cannot find custom operator %r (registered: %s)"
                             % (op_type, ", ".join(sorted(_TYPES)) or "none"))
        r = factory(kwargs)
        with _lock:
            if len(_RUNNERS) > 1024:
                _RUNNERS.clear()
            _RUNNERS[key] = r
    return r


def _as_str(value):
    """A keyword argument as MXNet hands it to the property: a string."""
    if isinstance(value, str):
        return value
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, np.generic):
        return str(value.item())
    if isinstance(value, list):
        return str(tuple(value))
    return str(value)


def _num_outputs(attrs):
    rest = {k: v for k, v in attrs.items() if k not in ("op_type", "num_args")}
    return len(runner(attrs["op_type"], rest).list_outputs())


def _zero_cotangent(ct, aval):
    if ct is None or getattr(ct, "dtype", None) == jax.dtypes.float0:
        return jnp.zeros(aval.shape, aval.dtype)
    return ct.astype(aval.dtype)


def _program(r, is_train, in_avals, out_avals):
    """``f(*inputs) -> tuple of outputs`` with the custom operator's gradient."""
    n_args = r.num_args
    arg_avals = tuple(in_avals[:n_args])
    handle_aval = jax.ShapeDtypeStruct((), np.int64)

    def host_forward(keep):
        def call(*arrays):
            outs, handle = r.forward(is_train, [np.asarray(a) for a in arrays], keep, out_avals)
            res = tuple(np.asarray(o, dtype=a.dtype).reshape(a.shape)
                        for o, a in zip(outs, out_avals))
            return res + (np.asarray(handle, np.int64),) if keep else res
        return call

    def host_backward(handle, *arrays):
        n_out = len(out_avals)
        cts = [np.asarray(a) for a in arrays[:n_out]]
        ins = [np.asarray(a) for a in arrays[n_out:n_out + len(in_avals)]]
        outs = [np.asarray(a) for a in arrays[n_out + len(in_avals):]]
        grads = r.backward(int(handle), cts, ins, outs)
        return tuple(np.asarray(g, dtype=a.dtype).reshape(a.shape)
                     for g, a in zip(grads, arg_avals))

    @jax.custom_vjp
    def fn(*xs):
        return jax.pure_callback(host_forward(False), tuple(out_avals), *xs)

    def fwd(*xs):
        res = jax.pure_callback(host_forward(True), tuple(out_avals) + (handle_aval,), *xs)
        outs, handle = tuple(res[:-1]), res[-1]
        return outs, (handle, xs, outs)

    def bwd(saved, cts):
        handle, xs, outs = saved
        cts = [_zero_cotangent(c, a) for c, a in zip(cts, out_avals)]
        grads = jax.pure_callback(host_backward, arg_avals, handle, *cts, *xs, *outs)
        full = []
        for i, x in enumerate(xs):
            if i >= n_args or not jnp.issubdtype(x.dtype, jnp.inexact):
                full.append(None)  # auxiliary states and integer inputs: no gradient
            else:
                full.append(grads[i])
        return tuple(full)

    fn.defvjp(fwd, bwd)
    return fn


@register("Custom", train_aware=True, num_outputs=_num_outputs, stable=False)
def custom(*data, op_type, _train=False, **kwargs):
    """Apply a custom operator written in Python (``mx.operator.register``).

    Parameters
    ----------
    *data : NDArray
        The operator's arguments (``list_arguments()``) then its auxiliary states
        (``list_auxiliary_states()``).
    op_type : str
        The name the operator's ``CustomOpProp`` was registered under.
    **kwargs
        Passed, as strings, to the ``CustomOpProp`` constructor.

    Returns
    -------
    NDArray or list of NDArray
        The outputs named by ``list_outputs()``.
    """
    kwargs.pop("num_args", None)  # written by the symbol front end
    r = runner(op_type, kwargs)
    n_in = r.num_args + r.num_aux
    if len(data) != n_in:
        raise MXNetError("Operator Custom (op_type %s) expects %d inputs, but got %d instead."
                         % (op_type, n_in, len(data)))
    in_avals = [jax.ShapeDtypeStruct(d.shape, d.dtype) for d in data]
    out_avals = r.infer(in_avals)
    outs = _program(r, bool(_train), in_avals, out_avals)(*data)
    return outs[0] if len(outs) == 1 else list(outs)
