"""A hybridized block as one operator: compiled once, recorded as one autograd node.

The block's forward (its ``hybrid_forward`` and its children's) becomes a pure
JAX function of ``(rng key, parameters..., inputs...)`` with
``mxjax.functional.functionalize``. That function is registered on the fly as an
operator (an ``OpDef``) and called through ``registry.invoke``, the one dispatch
path: outside ``autograd.record()`` it runs as one ``jax.jit`` program per input
signature; inside, it leaves one graph node whose inputs are the parameters'
marked arrays, so ``backward()`` differentiates through the whole block and the
replay is compiled by the graph cache. In-place writes the block makes to its
parameters (BatchNorm's running statistics) come back as extra outputs and are
written to the parameters after the call.
"""
import itertools
import threading

import numpy as np

from .. import autograd
from ..base import MXNetError
from ..functional import functionalize
from ..ndarray.registry import OpDef, invoke
from ._common import GluonValueError
from ._structure import flatten, regroup
from .parameter import substitute_data, data_generation, _overrides
from ._trace import imperative_scope
from ._inline import inlined

__all__ = ["call_cached", "CachedBlockOp", "in_recorded_trace"]

_uids = itertools.count()
_local = threading.local()


def in_recorded_trace():
    """Whether the innermost hybridized call being traced is recorded by autograd.

    Layers that update state only when differentiated (BatchNorm's moving
    statistics, as MXNet updates them in backward) consult this inside their
    compiled forward, where nothing is recorded op by op.
    """
    return getattr(_local, "recorded", False)


class _ForwardError(MXNetError):
    """Carries an exception raised by the block's Python forward through ``invoke``
    (which would otherwise wrap it), so the caller sees the original exception."""

    passthrough = True  # registry.op_error returns it unchanged

    def __init__(self, original):
        super().__init__(str(original))
        self.original = original


def _signature(arrays):
    return tuple([(tuple(a.shape), np.dtype(a.dtype)) for a in arrays])


def _handle_signature(handles):
    """``_signature`` of NDArray handles, read from their values or pending avals
    without the handles' properties (the same tuples: a JAX shape is a tuple and its
    dtype a NumPy dtype)."""
    sig = []
    for a in handles:
        d = a._data
        if d is None:
            node = a._node
            if node is None:  # a sparse array's components
                sig.append((tuple(a.shape), np.dtype(a.dtype)))
                continue
            d = node.avals[a._index]
        sig.append((d.shape, d.dtype))
    return tuple(sig)


class CachedBlockOp:
    """The operator of one hybridized block in one train mode, for a fixed parameter list.

    Parameters
    ----------
    block : HybridBlock
    params : list of Parameter
        The (initialized) parameters, in the order they are passed to the operator.
    in_format : int or list
        Structure of the block's inputs (see ``_structure.flatten``).
    training : bool
        ``autograd.is_training()`` inside the compiled function.
    recording : bool
        Whether the calls are recorded by autograd (see :func:`in_recorded_trace`).
    """

    def __init__(self, block, params, in_format, training, recording=False):
        self.block = block
        self.params = list(params)
        self.in_format = in_format
        self.training = training
        self.recording = recording
        self.uid = next(_uids)
        # input signature -> (output format, number of outputs, updated input positions)
        self.structures = {}
        self._uniform = None      # the one structure of every signature seen, if one
        self.last_structure = None
        self._last_inputs = None  # the signature of the last call's inputs
        self._last_params = ()    # and the parameters' arrays it used
        self._kept = None         # (parameter generation, context, arrays)
        self._traced_format = None
        nparam = len(self.params)
        owner = self

        def fn(key, *arrays, _uid=None):
            sig = _signature(arrays)
            pure = functionalize(owner._body, return_updates=True, train_mode=owner.training)
            prev = getattr(_local, "recorded", False)
            _local.recorded = owner.recording
            try:
                flat_out, updates = pure(*arrays, rng=key)
            except _ForwardError:
                raise
            except Exception as err:  # noqa: BLE001 - re-raised unchanged by __call__
                raise _ForwardError(err) from err
            finally:
                _local.recorded = prev
            out_fmt = owner._traced_format
            updated = tuple(sorted(updates))
            owner._traced(sig, (out_fmt, len(flat_out), updated))
            return tuple(flat_out) + tuple(updates[i] for i in updated)

        self._nparam = nparam
        self.op = OpDef("_CachedOp", fn, random=True, compile_whole=True)

    def _body(self, *handles):
        n = self._nparam
        mapping = dict(zip(self.params, handles[:n]))
        inputs = list(handles[n:])
        flat = [None if leaf == -1 else inputs.pop(0) for leaf in _leaves(self.in_format)]
        args = regroup(flat, self.in_format)
        with substitute_data(mapping):
            out = self.block._forward_imperative(handles[-1].context, *args)
        flat_out, self._traced_format = flatten(out, "output")
        if any(o is None for o in flat_out):
            raise GluonValueError("The output of a hybridized HybridBlock may not contain None")
        return list(flat_out)

    def _param_arrays(self, ctx):
        """The parameters' arrays on ``ctx``, kept between calls while no Parameter's
        arrays change (``parameter.data_generation``) and no ``substitute_data`` scope
        is active."""
        if _overrides():
            return [p.data(ctx) for p in self.params]
        gen = data_generation()
        kept = self._kept
        if kept is not None and kept[0] == gen and (kept[1] is ctx or kept[1] == ctx):
            return kept[2]
        arrays = [p.data(ctx) for p in self.params]
        self._kept = (gen, ctx, arrays)
        return arrays

    def _traced(self, sig, structure):
        """Note the structure of the outputs traced for input signature ``sig``."""
        self.structures[sig] = structure
        values = list(self.structures.values())
        self._uniform = structure if all(v == structure for v in values) else None

    @property
    def last_signature(self):
        """The input signature (parameters, then inputs) of the last call; None before
        the first."""
        if self._last_inputs is None:
            return None
        return _handle_signature(self._last_params) + self._last_inputs

    def __call__(self, ctx, inputs):
        """Run on the flat non-None input NDArrays; returns the regrouped outputs."""
        params = self._param_arrays(ctx)
        arrays = list(params)
        for a in arrays:
            node = a._node
            if node is not None and not node.is_var:
                a._settle()  # state the last call left pending (moving statistics)
        arrays.extend(inputs)
        try:
            res = invoke(self.op, arrays, {"_uid": self.uid})
        except _ForwardError as err:
            raise err.original from None
        res = res if isinstance(res, list) else [res]
        self._last_params = params
        self._last_inputs = _handle_signature(inputs)
        structure = self._uniform
        if structure is None:  # the outputs' structure depends on the input shapes
            structure = self.structures[_handle_signature(arrays)]
        self.last_structure = structure
        out_fmt, nout, updated = structure
        outs, upds = res[:nout], res[nout:]
        if updated:  # left pending: computed with the step's program
            for i, value in zip(updated, upds):
                arrays[i]._assign_from(value)
        if out_fmt.__class__ is int and out_fmt == 0:  # one NDArray
            return outs[0]
        return regroup(outs, out_fmt)


def _leaves(fmt):
    """The leaf codes of a format, in order (0: an NDArray, -1: None)."""
    if isinstance(fmt, int):
        return [-1] if fmt == -1 else [0]
    out = []
    for f in fmt:
        out.extend(_leaves(f))
    return out


def _defaults_only(stored, given):
    """MXNet's rule: two input formats differ only by trailing ``None`` arguments
    (left to their default values), e.g. ``f(x)`` after ``f(x, None)``."""
    short, long_ = (given, stored) if len(stored) > len(given) else (stored, given)
    if len(short) == len(long_):
        return False
    return list(long_[:len(short)]) == list(short) and all(
        f == -1 for f in long_[len(short):])


def _initialize_deferred(block, ctx, args):
    """Finish deferred initialization by running the block's Python forward once
    (prediction mode, nothing recorded) so every layer infers its own shapes."""
    with autograd.pause(train_mode=False), imperative_scope():
        block._forward_imperative(ctx, *args)


def call_cached(block, *args):
    """Run hybridized ``block`` on ``args`` through its cached operator."""
    flat, in_fmt = flatten(list(args), "input")
    if block._in_format is not None and block._cached_op is not None \
            and in_fmt != block._in_format:
        if not _defaults_only(block._in_format, in_fmt):
                raise GluonValueError("The argument structure of HybridBlock does not match the "
                                  "cached version. Stored format = {}, input format = {}"
                                  .format(in_fmt, block._in_format))
        # trailing None arguments left to their defaults: the cached program applies
        in_fmt = block._in_format
    inputs = [a for a in flat if a is not None]
    if not inputs:
        raise GluonValueError("All args are None and we do not support such a case. "
                              "Received args={}".format(args))
    ctx = inputs[0].context
    cache = block._cached_op
    if cache is None or cache.get("format") != in_fmt:
        cache = {"format": in_fmt}
        block._cached_op = cache
        block._in_format = in_fmt
    used = cache.get("params")
    if used is None:
        params = list(block.collect_params().values())
        if any(p._data is None and p._deferred_init for p in params):
            _initialize_deferred(block, ctx, args)
        # parameters still deferred are not used by the forward (MXNet leaves them too)
        used = [p for p in params if p._data is not None or not p._deferred_init]
        cache["params"] = used
    if autograd.is_recording() and inlined(block, args, cache):
        # MXNet's inline_limit: a small graph is recorded op by op, not as one node
        return block._forward_imperative(ctx, *args)
    mode = (autograd.is_training(), autograd.is_recording())
    op = cache.get(mode)
    if op is None:
        op = CachedBlockOp(block, used, in_fmt, *mode)
        cache[mode] = op
    out = op(ctx, inputs)
    fmt = op.last_structure[0]
    if getattr(block, "_out_format", None) is not fmt:
        block._out_format = fmt
    return out
