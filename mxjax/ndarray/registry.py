"""The one dispatch path of mxjax: ``invoke`` runs or records an operator on NDArrays.

Operators are plain data (``mxjax.core.op``: ``register``, ``get_op``, ``OpDef``,
re-exported here for the front ends). ``invoke`` unwraps NDArrays, runs the
operator's program (a ``jax.jit`` per operator and attributes), wraps the result,
honours ``out=``, and — while autograd records — leaves a node in the graph
instead (``mxjax.core.node``), whose value is computed when first read.
"""
from weakref import ref as _weakref

import numpy as np
import jax

from ..base import MXNetError, shape_str
from ..core import state, executor, failure
from ..core.cache import counters
from ..core.node import Node, CONST, OUT, VAR, ABSENT, FAILED, failed
from ..core.op import (OpDef, register, get_op, list_ops, attrs_key, op_error,  # noqa: F401
                       _OPS)
from ..context import jax_device, current_context
from .handle import NDArray, _wrap, _wrap_pending

__all__ = ["register", "get_op", "list_ops", "invoke", "OpDef"]

_new_ndarray = NDArray.__new__


# ---------------------------------------------------------------------------
# invoke


def invoke(op, inputs, attrs, out=None, ctx=None, _timed=False):
    """Run operator ``op`` on NDArray ``inputs`` with attribute dict ``attrs``.

    Parameters
    ----------
    op : OpDef
    inputs : list of NDArray (or None for an absent optional input)
    attrs : dict
        The static attributes (already normalised by the caller).
    out : NDArray or list of NDArray, optional
        Where to write the result (MXNet's ``out=``).
    ctx : Context, optional
        The context of the result when no input gives one (creation, sampling).

    Returns
    -------
    NDArray or list of NDArray
    """
    if state.profile is not None and not _timed:  # mx.profiler is on: it runs and times the call
        return state.profile(invoke, op, (op, inputs, attrs, out, ctx, True))
    local = state.local
    if op.runtime_scalar is not None:
        number = attrs.get(op.runtime_scalar[0])
        if (number.__class__ is float or number.__class__ is int) and \
                number not in op.static_numbers:
            op, inputs, attrs = _runtime_scalar(op, inputs, attrs)
    if op.train_aware:
        attrs["_train"] = local.training
    if op.random:
        key = state.trace_key()
        if key is None:
            key = state.next_key()
        inputs = [key] + list(inputs)
    akey = attrs_key(attrs)
    # One pass over the inputs: the result's context, and whether to record.
    record = False
    check = local.recording and op.differentiable
    in_ctx = in_cls = None
    mixed = False
    failed_input = None
    datas = []        # the inputs' values while all are computed (else None)
    for a in inputs:
        if a.__class__ is NDArray or isinstance(a, NDArray):
            c = a._ctx
            if in_ctx is None:
                in_ctx = c
                in_cls = a._result_class
            elif c is not in_ctx and c != in_ctx:
                mixed = True
            node = a._node
            if node is not None:
                if check and not record and node.recorded:
                    record = True
                if node.state is FAILED and a._data is None:
                    failed_input = node.failure
            if datas is not None:
                d = a._data
                if d is None:
                    datas = None
                else:
                    datas.append(d)
        elif datas is not None:
            datas.append(a)
    if mixed:
        inputs = _one_device(op, inputs, in_ctx)
    if ctx is not None:
        jax_device(ctx)  # a context that does not exist is an error here
    elif in_ctx is not None:
        ctx = in_ctx
    else:
        ctx = current_context()
    if out is not None:
        _check_out(out, local.recording)
    if failed_input is not None:  # computed from a failed array: fails the same way
        result = _failed_outputs(op, inputs, attrs, akey, ctx, failed_input)
    elif record:
        result = _record(op, inputs, attrs, akey, ctx)
    else:
        if datas is None or mixed:
            datas = [a._value if isinstance(a, NDArray) else a for a in inputs]
        try:
            res = op.eager(akey, attrs)(*datas)
        except Exception as err:  # noqa: BLE001 - reported as MXNetError
            error = op_error(op, datas, attrs, err)
            if not isinstance(err, failure.KernelError):
                raise error from None
            result = _failed_outputs(op, inputs, attrs, akey, ctx, failure.new(error))
        else:
            if isinstance(res, (tuple, list)):
                result = [_wrap(r, ctx) for r in res]
            else:
                result = _wrap(res, ctx)
    if in_cls is not None:  # mx.np arrays give mx.np arrays
        for r in (result if isinstance(result, list) else (result,)):
            r.__class__ = in_cls
    if out is not None:
        return _write_out(out, result)
    return result


def _runtime_scalar(op, inputs, attrs):
    """``(operator, inputs, attributes)`` to run. An operator's number attribute stays
    an attribute (part of the program, as a literal such as the 2 of ``2 * x``) for
    the first ``_STATIC_NUMBERS`` values the operator sees; after that a new number
    given as a Python number becomes the last input of the operator's variant
    (``OpDef.with_runtime_scalar``), so that a value that changes every step (read
    back with ``asscalar()``) does not compile a program per value."""
    name, prepare, variant = op.runtime_scalar
    value = attrs[name]   # a Python float or int (invoke checked)
    if not inputs:
        return op, inputs, attrs
    seen = op.static_numbers
    if len(seen) < _STATIC_NUMBERS:
        seen.add(value)
        return op, inputs, attrs
    first = inputs[0]
    dtype = first.dtype if isinstance(first, NDArray) else getattr(first, "dtype", None)
    if dtype is None:
        return op, inputs, attrs
    del attrs[name]
    number = jax.numpy.asarray(prepare(value, np.dtype(dtype), attrs))
    return variant, list(inputs) + [number], attrs


_STATIC_NUMBERS = 8


def _failed_outputs(op, inputs, attrs, akey, ctx, fail):
    """The outputs of a call that failed (or whose input did) with ``fail``: arrays of
    the shapes the call would give (inferred with kernel-time checks off), which raise
    the error when read (``mxjax.core.failure``)."""
    avals = tuple(None if a is None else (tuple(a.shape), np.dtype(a.dtype)) for a in inputs)
    try:
        with failure.checks_off():
            out_avals, multi = op.infer(akey, attrs, avals)
    except Exception as err:  # noqa: BLE001 - reported as MXNetError
        raise op_error(op, [None if a is None else jax.ShapeDtypeStruct(*a) for a in avals],
                       attrs, err) from None
    node = failed(op, fail, out_avals)
    outs = [_wrap_pending(node, i, ctx) for i in range(len(out_avals))]
    return outs if multi else outs[0]


def _one_device(op, inputs, ctx):
    """``inputs`` all on ``ctx``'s device. Contexts of different device types (cpu and
    gpu) raise MXNet's error; two CPU contexts are the one host memory in MXNet, so an
    input on another CPU device is copied to the first input's (not differentiated
    through); two accelerators raise."""
    dev = jax_device(ctx)
    out = list(inputs)
    for i, a in enumerate(inputs):
        if not isinstance(a, NDArray) or a._ctx == ctx:
            continue
        other = jax_device(a._ctx)
        if other == dev:
            continue
        if other.platform != "cpu" or dev.platform != "cpu":
            raise MXNetError(
                "Operator %s require all inputs live on the same context. But the first "
                "argument is on %s while the %d-th argument is on %s"
                % (op.name, ctx, i + 1, a._ctx))
        out[i] = NDArray._from_jax(jax.device_put(a._value, dev), ctx)
    return out


def _record(op, inputs, attrs, akey, ctx):
    """Leave a node for ``op`` in the graph; return NDArrays showing its (pending) outputs."""
    refs = []
    avals = []
    for a in inputs:
        if a is None:
            refs.append((ABSENT,))
            avals.append(None)
            continue
        if a.__class__ is NDArray or isinstance(a, NDArray):
            node = a._node
            if node is not None and node.recorded:
                if node.is_var:
                    d = a._data
                    refs.append((VAR, node, d))
                    d = getattr(d, "aval", d)   # one property of a jax array, not two
                    avals.append((d.shape, d.dtype))
                else:
                    i = a._index
                    refs.append((OUT, node, i))
                    sds = node.avals[i]
                    avals.append((sds.shape, sds.dtype))
                continue
            a = a._value
        refs.append((CONST, a))
        aval = getattr(a, "aval", None)   # a jax array: one property, its dtype a NumPy dtype
        if aval is None:
            avals.append((a.shape, np.dtype(a.dtype)))
        else:
            avals.append((aval.shape, aval.dtype))
    avals = tuple(avals)
    shapes = op._shapes.get((akey, avals))
    if shapes is None:
        try:
            shapes = op.infer(akey, attrs, avals)
        except Exception as err:  # noqa: BLE001
            error = op_error(op, [None if a is None else jax.ShapeDtypeStruct(*a)
                                  for a in avals], attrs, err)
            if not isinstance(err, failure.KernelError):
                raise error from None
            return _failed_outputs(op, inputs, attrs, akey, ctx, failure.new(error))
    out_avals, multi = shapes
    call = op._calls.get(akey)
    if call is None:
        call = op.call(akey, attrs)
    node = Node(op, akey, call, tuple(refs), out_avals)
    counters["nodes_recorded"] += 1
    if multi or executor.settings.naive:
        if executor.settings.naive:
            executor.force(node)
        outs = [_wrap_pending(node, i, ctx) for i in range(len(out_avals))]
        return outs if multi else outs[0]
    # _wrap_pending(node, 0, ctx), written out: the common case
    a = _new_ndarray(NDArray)
    a._data = None
    a._node = node
    a._index = 0
    a._ctx = ctx
    a._grad = None
    a._view = None
    node.handles.append(_weakref(a))
    return a


def _ctx_of(inputs):
    for a in inputs:
        if a.__class__ is NDArray or isinstance(a, NDArray):
            return a._ctx
    return current_context()


def _check_out(out, recording):
    outs = out if isinstance(out, (list, tuple)) else [out]
    for o in outs:
        if recording and o._node is not None and o._node.recorded:
            raise MXNetError(
                "Assigning to NDArrays that are already in a computational graph will "
                "cause undefined behavior when evaluating gradients. Please call backward "
                "first to clear the graph or do this out side of a record section. Also "
                "note that you cannot use inplace operations like +=, *=, relu(x, out=x), "
                "y[idx]=x, etc inside a record section.")


def _write_out(out, result):
    outs = out if isinstance(out, (list, tuple)) else [out]
    results = result if isinstance(result, list) else [result]
    if len(outs) != len(results):
        raise MXNetError("out= has %d arrays but the operator returns %d"
                         % (len(outs), len(results)))
    for o, r in zip(outs, results):
        if tuple(o.shape) != tuple(r.shape):
            raise MXNetError("Cannot write a result of shape %s into out= of shape %s"
                             % (shape_str(r.shape), shape_str(o.shape)))
    for o, r in zip(outs, results):
        o._assign_from(r)
    return out
