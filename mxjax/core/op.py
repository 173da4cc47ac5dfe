"""Operators as plain data, and the table of registered operators.

An operator is a pure JAX function. Its positional parameters are its array
inputs (optional ones default to ``None``; ``*data`` for a variable number) and
its keyword-only parameters are its static attributes::

    @register("FullyConnected")
    def fully_connected(data, weight, bias=None, *, num_hidden, no_bias=False, flatten=True):
        ...

An :class:`OpDef` holds the function, its attribute defaults, its shape rule and
how many outputs a symbol of it shows. Nothing here knows NDArray, Symbol or
autograd: the dispatch path (``mxjax.ndarray.dispatch``) and the front ends are
built on this.
"""
import inspect
from functools import partial

import numpy as np
import jax

from ..base import MXNetError, shape_str
from . import cache

__all__ = ["register", "get_op", "list_ops", "OpDef", "attrs_key", "op_error"]

_OPS = {}

# An operator whose attributes take many different values (a scalar that
# changes every call) stops being compiled per value after this many.
_MAX_JIT_VARIANTS = 64
# Bound functions (and op-by-op vjps) kept per operator; the oldest goes first.
_MAX_CALLS = 1024


class OpDef:
    """One registered operator: its JAX function and how to call it."""

    def __init__(self, name, fn, aliases=(), random=False, train_aware=False, doc=None,
                 differentiable=True, shape_rule=None, num_outputs=None, aux_inputs=(),
                 host=False, compile_whole=False, stable=False):
        self.name = name
        # the function's program is fixed by the operator's name and attributes (mxjax's
        # own code, registered with ``register``): ``mxjax.core.program_store`` keys a
        # stored program by them; other functions (a hybridized block's forward, user
        # code) are described by their jaxpr
        self.stable = stable
        # costly to compile op by op (a hybridized block, a fused RNN, a convolution):
        # a plan holding it is compiled whole from its first sighting (op by op would
        # compile its forward and its VJP, then the whole plan at its second sighting)
        self.compile_whole = compile_whole
        # a function of concrete arrays run in Python, never compiled (for example one
        # that reads the per-device blocks of a sharded array)
        self.host = host
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
        # an operator whose number attribute is passed as a runtime input instead
        # (``with_runtime_scalar``): (attribute name, prepare, the variant OpDef)
        self.runtime_scalar = None
        self.scalar_of = None   # on such a variant: the operator it stands for
        self.static_numbers = set()   # numbers kept as attributes (the dispatch path's)
        self._calls = {}
        self._jitted = {}   # attributes -> program-cache entry of the eager program
        self._vjps = {}     # attributes -> program-cache entry of the op-by-op VJP
        self._shapes = {}

    def __repr__(self):
        return "<operator %s>" % self.name

    def with_runtime_scalar(self, attr, prepare):
        """Let calls give attribute ``attr`` (a Python number) at run time: the dispatch
        path calls a variant of this operator taking it as one more array input,
        ``prepare(value, first_input_dtype, attrs)`` (a 0-d NumPy array: the number as
        the operator converts it), so that a number that changes every call (a value
        read back with ``asscalar()``) does not make a new program per value.

        Returns
        -------
        OpDef
            The variant (its function takes the array as its last positional input).
        """
        fn = self.fn

        def with_scalar(*arrays, **attrs):
            attrs[attr] = arrays[-1]
            return fn(*arrays[:-1], **attrs)
        params = [p for p in inspect.signature(fn).parameters.values() if p.name != attr]
        pos = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        rest = [p for p in params if p not in pos]
        with_scalar.__signature__ = inspect.Signature(
            pos + [inspect.Parameter(attr, inspect.Parameter.POSITIONAL_OR_KEYWORD)] + rest)
        with_scalar.__name__ = fn.__name__
        variant = OpDef(self.name, with_scalar, self.aliases, differentiable=self.differentiable,
                        train_aware=self.train_aware, doc=self.doc, stable=self.stable)
        variant.scalar_of = self
        self.runtime_scalar = (attr, prepare, variant)
        return variant

    def call(self, akey, attrs):
        """The function with its attributes bound (one object per attribute set)."""
        f = self._calls.get(akey)
        if f is None:
            f = partial(self.fn, **attrs)
            if self.compile_whole:
                # traced once per input signature: the shape inference at recording
                # (``infer``) and every program replaying the node reuse that trace
                # (a hybridized block's forward: 0.2 s of a ResNet-20's first step).
                # Staged into other programs, it takes no compiler options (JAX refuses
                # them there; the outer program's apply), so a plain jax.jit
                bound = f
                f = jax.jit(bound)
                f.keywords = bound.keywords   # the attributes, as a partial shows them
            self._keep(akey, f)
        return f

    def _keep(self, key, f):
        calls = self._calls
        if len(calls) >= _MAX_CALLS:  # a scalar attribute that changes every call
            del calls[next(iter(calls))]
        calls[key] = f

    def eager(self, akey, attrs):
        """A jitted callable for these attributes, for running outside a graph
        (kept in the program cache)."""
        e = self._jitted.get(akey)
        if e is not None:
            e.used = True
            return e.fn
        if self.host or len(self._jitted) > _MAX_JIT_VARIANTS:
            return self.call(akey, attrs)
        return cache.insert(self._jitted, akey, cache.jit(partial(self.fn, **attrs)),
                            "operator")

    def set_program(self, akey, fn):
        """Use the compiled ``fn`` as this operator's program for attributes ``akey``."""
        cache.insert(self._jitted, akey, fn, "operator")

    def vjp_eager(self, akey, attrs):
        """A jitted ``(inputs, output_cotangents) -> input_cotangents`` for these
        attributes (missing cotangents are zeros), for running a graph op by op."""
        f = cache.lookup(self._vjps, akey)
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
            if len(self._vjps) > _MAX_JIT_VARIANTS:
                return pull
            f = cache.insert(self._vjps, akey, cache.jit(pull), "operator")
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
             shape_rule=None, num_outputs=None, aux_inputs=(), compile_whole=False,
             stable=True):
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
    compile_whole : bool
        The function is costly to compile on its own (a fused RNN's loop over time, a
        convolution): a recorded graph holding it compiles whole from its first
        sighting, instead of compiling its forward and its VJP op by op first.
    stable : bool
        The function's program is fixed by the operator's name and attributes; False
        for one that runs user code (a Python custom operator), whose programs are then
        never kept by ``mxjax.core.program_store``.
    """
    def deco(fn):
        op = OpDef(name, fn, aliases, random=random, train_aware=train_aware,
                   differentiable=differentiable, shape_rule=shape_rule,
                   num_outputs=num_outputs, aux_inputs=aux_inputs,
                   compile_whole=compile_whole, stable=stable)
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


