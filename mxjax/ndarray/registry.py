"""The operator registry and ``invoke``: the one dispatch path of mxjax.

An operator is a pure JAX function. Its positional parameters are its array
inputs (optional ones default to ``None``; ``*data`` for a variable number) and
its keyword-only parameters are its static attributes::

    @register("FullyConnected")
    def fully_connected(data, weight, bias=None, *, num_hidden, no_bias=False, flatten=True):
        ...

``invoke`` unwraps NDArrays, runs the function (a ``jax.jit`` per operator and
attributes), wraps the result, honours ``out=``, and — while autograd records —
leaves a node in the graph instead (see ``mxjax.graph``).
"""
import inspect
from functools import partial

import numpy as np
import jax

from ..base import MXNetError, shape_str, _Null
from .. import graph
from .. import autograd
from ..context import jax_device, current_context
from ..functional import trace_key

# Bound by ndarray.py when it is imported (NDArray sits above the registry).
NDArray = _wrap = _wrap_pending = None


def bind_ndarray(cls, wrap, wrap_pending):
    """Tell the dispatch path which class wraps its results."""
    global NDArray, _wrap, _wrap_pending
    NDArray, _wrap, _wrap_pending = cls, wrap, wrap_pending

__all__ = ["register", "get_op", "list_ops", "invoke", "OpDef"]

_OPS = {}

# An operator whose attributes take many different values (a scalar that
# changes every call) stops being compiled per value after this many.
_MAX_JIT_VARIANTS = 64
# Bound functions (and op-by-op vjps) kept per operator; the oldest goes first.
_MAX_CALLS = 1024


class OpDef:
    """One registered operator: its JAX function and how to call it."""

    def __init__(self, name, fn, aliases=(), random=False, train_aware=False, doc=None,
                 differentiable=True, shape_rule=None, num_outputs=None, aux_inputs=()):
        self.name = name
        # For the symbol front end (mxjax.symbol): a rule completing unknown input
        # shapes (weights from data), the number of outputs MXNet shows (an int or a
        # function of the attribute dict; None: 1) and the positions of the inputs that
        # are auxiliary states (their new values are the function's last outputs).
        self.shape_rule = shape_rule
        self.num_outputs = num_outputs
        self.aux_inputs = tuple(aux_inputs)
        self.fn = fn
        self.aliases = tuple(aliases)
        self.random = random
        self.train_aware = train_aware
        self.differentiable = differentiable
        sig = inspect.signature(fn)
        self.array_args = []
        self.varargs = False
        self.attr_defaults = {}
        params = list(sig.parameters.values())
        if random:  # the PRNG key is the first positional input, supplied by invoke
            params = params[1:]
        for p in params:
            if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD):
                self.array_args.append(p.name)
            elif p.kind == p.VAR_POSITIONAL:
                self.varargs = True
                self.varargs_name = p.name
            elif p.kind == p.KEYWORD_ONLY:
                self.attr_defaults[p.name] = (None if p.default is p.empty else p.default)
        self.required_attrs = {p.name for p in params
                               if p.kind == p.KEYWORD_ONLY and p.default is p.empty}
        self.doc = doc or fn.__doc__
        self._calls = {}
        self._jitted = {}
        self._shapes = {}

    def __repr__(self):
        return "<operator %s>" % self.name

    def call(self, akey, attrs):
        """The function with its attributes bound (one object per attribute set)."""
        f = self._calls.get(akey)
        if f is None:
            f = partial(self.fn, **attrs)
            self._keep(akey, f)
        return f

    def _keep(self, key, f):
        calls = self._calls
        if len(calls) >= _MAX_CALLS:  # a scalar attribute that changes every call
            del calls[next(iter(calls))]
        calls[key] = f

    def eager(self, akey, attrs):
        """A jitted callable for these attributes, for running outside a graph."""
        f = self._jitted.get(akey)
        if f is None:
            if len(self._jitted) > _MAX_JIT_VARIANTS:
                return self.call(akey, attrs)
            f = jax.jit(partial(self.fn, **attrs))
            self._jitted[akey] = f
        return f

    def vjp_eager(self, akey, attrs):
        """A jitted ``(inputs, output_cotangents) -> input_cotangents`` for these
        attributes (missing cotangents are zeros), for running a graph op by op."""
        k = ("vjp",) + akey
        f = self._calls.get(k)
        if f is None:
            call = self.call(akey, attrs)

            def as_tuple(*a):
                out = call(*a)
                return tuple(out) if isinstance(out, (tuple, list)) else (out,)

            def pull(args, cts):
                outs, fvjp = jax.vjp(as_tuple, *args)
                full = []
                for o, c in zip(outs, cts):
                    if not jax.numpy.issubdtype(o.dtype, jax.numpy.inexact):
                        full.append(np.zeros(o.shape, jax.dtypes.float0))
                    elif c is None:
                        full.append(jax.numpy.zeros(o.shape, o.dtype))
                    else:
                        full.append(c.astype(o.dtype))
                res = fvjp(tuple(full))
                return [None if r is None or getattr(r, "dtype", None) == jax.dtypes.float0
                        else r for r in res]
            f = jax.jit(pull) if len(self._calls) <= 2 * _MAX_JIT_VARIANTS else pull
            self._keep(k, f)
        return f

    def infer(self, akey, attrs, avals):
        """Output shapes/dtypes (``jax.ShapeDtypeStruct``) for input avals (cached)."""
        k = (akey, avals)
        out = self._shapes.get(k)
        if out is None:
            args = [None if a is None else jax.ShapeDtypeStruct(*a) for a in avals]
            out = jax.eval_shape(self.call(akey, attrs), *args)
            multi = isinstance(out, (tuple, list))
            out = (tuple(out) if multi else (out,), multi)
            if len(self._shapes) < 4096:
                self._shapes[k] = out
        return out


def register(name, aliases=(), random=False, train_aware=False, differentiable=True,
             shape_rule=None, num_outputs=None, aux_inputs=()):
    """Register a JAX function as the MXNet operator ``name``.

    Parameters
    ----------
    name : str
        MXNet's operator name (``'broadcast_add'``, ``'_random_uniform'`` ...).
    aliases : tuple of str
        Other MXNet names of the same operator.
    random : bool
        The function's first parameter is a PRNG key that ``invoke`` supplies.
    train_aware : bool
        The function takes a keyword ``_train`` set from ``autograd.is_training()``.
    shape_rule : callable, optional
        ``rule(attrs, in_shapes, out_shapes) -> (in_shapes, out_shapes)`` filling in
        unknown shapes (None, or 0 for an unknown dimension) for ``mx.sym``'s
        ``infer_shape``, e.g. a weight's shape from the data's. Output shapes are
        otherwise computed with ``jax.eval_shape`` once every input shape is known.
    num_outputs : int or callable, optional
        The number of outputs a symbol of this operator shows (``f(attrs)`` when it
        depends on the attributes); default 1.
    aux_inputs : tuple of int
        Positions of array inputs that are auxiliary states (BatchNorm's moving
        statistics); the function returns their updated values as its last outputs.
    """
    def deco(fn):
        op = OpDef(name, fn, aliases, random=random, train_aware=train_aware,
                   differentiable=differentiable, shape_rule=shape_rule,
                   num_outputs=num_outputs, aux_inputs=aux_inputs)
        for n in (name,) + tuple(aliases):
            _OPS[n] = op
        fn.op = op
        return fn
    return deco


def get_op(name):
    """The OpDef registered as ``name``."""
    try:
        return _OPS[name]
    except KeyError:
        raise MXNetError("Operator %s is not registered in mxjax" % name) from None


def list_ops():
    """All registered operator names (aliases included)."""
    return sorted(_OPS)


def _hashable(v):
    if isinstance(v, list):
        return tuple(_hashable(x) for x in v)
    if isinstance(v, tuple):
        return tuple(_hashable(x) for x in v)
    if isinstance(v, np.ndarray):
        return ("nd", v.shape, v.dtype.str, v.tobytes())
    if isinstance(v, np.generic):
        return v.item()
    if isinstance(v, dict):
        return tuple(sorted((k, _hashable(x)) for k, x in v.items()))
    return v


def attrs_key(attrs):
    """A hashable key for an attribute dict."""
    if len(attrs) < 2:
        items = tuple(attrs.items())
        try:
            hash(items)
            return items
        except TypeError:
            return tuple((k, _hashable(v)) for k, v in items)
    try:
        return tuple(sorted(attrs.items()))
    except TypeError:
        return tuple(sorted((k, _hashable(v)) for k, v in attrs.items()))


def op_error(op, datas, attrs, err):
    """An MXNetError naming the operator, its input shapes/dtypes and attributes."""
    if getattr(err, "passthrough", False):  # to be re-raised unchanged by the caller
        return err
    if isinstance(err, MXNetError):
        text = str(err)
        if any(n in text for n in (op.name,) + op.aliases):
            return err
        try:  # name the operator, keeping the error's class
            return type(err)("Operator %s: %s" % (op.name, text))
        except Exception:  # noqa: BLE001 - a class with another signature
            return err
    raised = [ln for ln in str(err).splitlines() if ln.startswith("MXNetError: ")]
    if raised:  # an MXNetError raised in a host callback (take mode='raise' ...)
        return MXNetError(raised[-1][len("MXNetError: "):])
    ins = ", ".join("%s %s" % (shape_str(d.shape), np.dtype(d.dtype).name)
                    if hasattr(d, "shape") else repr(d) for d in datas)
    shown = {k: v for k, v in attrs.items() if not k.startswith("_")}
    msg = str(err).split("\n")[0]
    return MXNetError("Operator %s failed: %s\n  inputs: [%s]\n  attributes: %s"
                      % (op.name, msg, ins, shown))


# ---------------------------------------------------------------------------
# invoke


def invoke(op, inputs, attrs, out=None, ctx=None):
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
    state = autograd._state
    if op.train_aware:
        attrs["_train"] = state.training
    if op.random:
        key = trace_key()
        if key is None:
            from .. import random as _random
            key = _random.next_key()
        inputs = [key] + list(inputs)
    akey = attrs_key(attrs)
    # One pass over the inputs: the result's context, and whether to record.
    record = False
    check = state.recording and op.differentiable
    in_ctx = in_cls = None
    mixed = False
    for a in inputs:
        if a.__class__ is NDArray or isinstance(a, NDArray):
            c = a._ctx
            if in_ctx is None:
                in_ctx = c
                in_cls = a.__class__
            elif c is not in_ctx and c != in_ctx:
                mixed = True
            if check and not record:
                node = a._node
                if node is not None and not node.freed:
                    record = True
    if mixed:
        inputs = _one_device(op, inputs, in_ctx)
    if ctx is not None:
        jax_device(ctx)  # a context that does not exist is an error here
    elif in_ctx is not None:
        ctx = in_ctx
    else:
        ctx = current_context()
    if out is not None:
        _check_out(out, state.recording)
    if record:
        result = _record(op, inputs, attrs, akey, ctx)
    else:
        datas = [a.data if isinstance(a, NDArray) else a for a in inputs]
        try:
            res = op.eager(akey, attrs)(*datas)
        except Exception as err:  # noqa: BLE001 - reported as MXNetError
            raise op_error(op, datas, attrs, err) from None
        if isinstance(res, (tuple, list)):
            result = [_wrap(r, ctx) for r in res]
        else:
            result = _wrap(res, ctx)
    if in_cls is not None and in_cls is not NDArray:  # mx.np arrays give mx.np arrays
        for r in (result if isinstance(result, list) else (result,)):
            r.__class__ = in_cls
    if out is not None:
        return _write_out(out, result)
    return result


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
        out[i] = NDArray._from_jax(jax.device_put(a.data, dev), ctx)
    return out


def _record(op, inputs, attrs, akey, ctx):
    """Leave a node for ``op`` in the graph; return NDArrays showing its (pending) outputs."""
    refs = []
    avals = []
    for a in inputs:
        if a is None:
            refs.append((3,))
            avals.append(None)
            continue
        if a.__class__ is NDArray or isinstance(a, NDArray):
            node = a._node
            if node is not None and not node.freed:
                if node.is_var:
                    d = a._data
                    refs.append((2, node, d))
                    avals.append((d.shape, d.dtype))
                else:
                    i = a._index
                    refs.append((1, node, i))
                    sds = node.avals[i]
                    avals.append((sds.shape, sds.dtype))
                continue
            a = a.data
        refs.append((0, a))
        avals.append((a.shape, np.dtype(a.dtype)))
    avals = tuple(avals)
    shapes = op._shapes.get((akey, avals))
    if shapes is None:
        try:
            shapes = op.infer(akey, attrs, avals)
        except Exception as err:  # noqa: BLE001
            raise op_error(op, [None if a is None else jax.ShapeDtypeStruct(*a)
                                for a in avals], attrs, err) from None
    out_avals, multi = shapes
    call = op._calls.get(akey)
    if call is None:
        call = op.call(akey, attrs)
    node = graph.Node(op, akey, call, tuple(refs), out_avals)
    graph._stats["nodes_recorded"] += 1
    if graph.NAIVE:
        graph.force(node)
    if multi:
        return [_wrap_pending(node, i, ctx) for i in range(len(out_avals))]
    return _wrap_pending(node, 0, ctx)


def _ctx_of(inputs):
    for a in inputs:
        if a.__class__ is NDArray or isinstance(a, NDArray):
            return a._ctx
    return current_context()


def _check_out(out, recording):
    outs = out if isinstance(out, (list, tuple)) else [out]
    for o in outs:
        if recording and o._node is not None and not o._node.freed:
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
