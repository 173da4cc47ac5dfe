"""``mx.operator``: operators written in Python (MXNet's ``CustomOp`` interface).

Subclass :class:`CustomOpProp` (what the operator takes and gives: argument,
output and auxiliary-state names, shapes, dtypes) and :class:`CustomOp` (the
computation, on NDArrays), register the property class with :func:`register`,
and call it with ``mx.nd.Custom(*inputs, op_type=name, **kwargs)`` or
``mx.sym.Custom``. ``forward`` and ``backward`` run on the host as callbacks of
the compiled program, so the operator works imperatively, under
``autograd.record()`` and inside hybridized blocks.

Differences from MXNet 1.9.1: ``backward`` is always given ``req='write'`` and
zero-filled ``in_grad`` (a variable's ``grad_req='add'`` is applied by autograd
afterwards, with the same result); writes a ``forward`` makes to its auxiliary
states are not kept; arrays given to the operator live on ``cpu(0)``.
"""
import collections
import inspect
import itertools
import threading

import numpy as np
import jax

from .base import MXNetError
from . import autograd
from . import ndarray as _nd
from .context import cpu
from .ndarray import registry as _registry
from .ndarray.ndarray import _DTYPE_NP_TO_MX
from .ndarray.ops import custom as _custom

__all__ = ["CustomOp", "CustomOpProp", "register", "get_all_registered_operators"]

# operator objects kept between a forward and its backward (bounded: a forward whose
# gradient is never taken leaves its object behind)
_MAX_LIVE = 256


class CustomOp:
    """Base class of an operator implemented in Python.

    Override ``forward`` and ``backward``; write results with :meth:`assign`.
    """

    def __init__(self):
        pass

    def forward(self, is_train, req, in_data, out_data, aux):
        """Compute the outputs.

        Parameters
        ----------
        is_train : bool
            Whether this is a training pass (``autograd.is_training()``).
        req : list of str
            How to write each output: ``'null'``, ``'write'`` or ``'add'``.
        in_data, out_data, aux : list of NDArray
            Inputs, outputs to fill in, auxiliary states.
        """

    def backward(self, req, out_grad, in_data, out_data, in_grad, aux):
        """Compute the inputs' gradients.

        Parameters
        ----------
        req : list of str
            How to write each input gradient: ``'null'``, ``'write'`` or ``'add'``.
        out_grad, in_data, out_data, in_grad, aux : list of NDArray
            Gradients of the outputs, the forward's inputs and outputs, the input
            gradients to fill in, auxiliary states.
        """

    def assign(self, dst, req, src):
        """Write ``src`` into ``dst`` as ``req`` says ('null', 'write'/'inplace', 'add')."""
        if req == "null":
            return
        if req in ("write", "inplace"):
            dst[:] = src
        elif req == "add":
            dst[:] += src
        else:
            raise MXNetError("CustomOp.assign: unknown req %r (expected 'null', 'write', "
                             "'inplace' or 'add')" % (req,))


class CustomOpProp:
    """Base class of a custom operator's properties.

    Parameters
    ----------
    need_top_grad : bool, default True
        Whether ``backward`` needs the outputs' gradients (used by the default
        :meth:`declare_backward_dependency`).
    """

    def __init__(self, need_top_grad=True):
        self.need_top_grad_ = need_top_grad

    def infer_shape(self, in_shape):
        """``(in_shape, out_shape[, aux_shape])`` from the arguments' shapes; by default
        every output has the first argument's shape."""
        return in_shape, (in_shape[0],) * len(self.list_outputs()), ()

    def infer_type(self, in_type):
        """``(in_type, out_type[, aux_type])`` from the arguments' dtypes; by default
        everything has the first argument's dtype."""
        return (in_type, [in_type[0]] * len(self.list_outputs()),
                [in_type[0]] * len(self.list_auxiliary_states()))

    def infer_storage_type(self, in_stype):
        """Storage types: only ``'default'`` (dense) is supported."""
        for i, stype in enumerate(in_stype):
            if stype != "default":
                raise MXNetError("CustomOpProp.infer_storage_type: in_stype[%d] is %r; "
                                 "only 'default' storage is supported" % (i, stype))
        return (in_stype, ["default"] * len(self.list_outputs()),
                ["default"] * len(self.list_auxiliary_states()))

    def infer_storage_type_backward(self, ograd_stype, in_stype, out_stype, igrad_stype,
                                    aux_stype):
        """Storage types of the backward pass: all ``'default'``."""
        lists = [ograd_stype, in_stype, out_stype, igrad_stype, aux_stype]
        return tuple(["default"] * len(s) for s in lists)

    def list_outputs(self):
        """Names of the outputs (default ``['output']``)."""
        return ["output"]

    def list_arguments(self):
        """Names of the arguments (default ``['data']``)."""
        return ["data"]

    def list_auxiliary_states(self):
        """Names of the auxiliary states (default none)."""
        return []

    def declare_backward_dependency(self, out_grad, in_data, out_data):
        """Ids of the arrays ``backward`` needs (the output gradients only when
        ``need_top_grad``, the inputs and the outputs)."""
        deps = []
        if self.need_top_grad_:
            deps.extend(out_grad)
        deps.extend(in_data)
        deps.extend(out_data)
        return deps

    def create_operator(self, ctx, in_shapes, in_dtypes):
        """The :class:`CustomOp` doing the computation for these shapes and dtypes."""
        return CustomOp()


def _mx_dtype_id(dtype):
    dtype = np.dtype(dtype)
    for k, v in _DTYPE_NP_TO_MX.items():
        if k is not None and np.dtype(k) == dtype:
            return v
    return -1


def _as_shape(shape, what, op_type):
    try:
        return tuple(int(d) for d in shape)
    except TypeError:
        raise MXNetError("Operator Custom (op_type %s): %s returned %r, not a shape"
                         % (op_type, what, shape)) from None


class _Runner:
    """One custom operator type with one set of keyword arguments: what
    ``mxjax.ndarray.ops.custom`` calls back."""

    def __init__(self, op_type, prop):
        self.op_type = op_type
        self.prop = prop
        self.num_args = len(prop.list_arguments())
        self.num_aux = len(prop.list_auxiliary_states())
        self._live = collections.OrderedDict()
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def list_outputs(self):
        return self.prop.list_outputs()

    def _error(self, what, err):
        if isinstance(err, MXNetError):
            return err
        return MXNetError("Error in %s.%s (custom operator %s): %s: %s"
                          % (type(self.prop).__name__, what, self.op_type,
                             type(err).__name__, err))

    def infer(self, in_avals):
        """Output avals from the inputs' (checks the property's answers as MXNet does)."""
        op_type = self.op_type
        n_out = len(self.prop.list_outputs())
        args, aux = in_avals[:self.num_args], in_avals[self.num_args:]
        try:
            shapes = self.prop.infer_shape([list(a.shape) for a in args])
            types = self.prop.infer_type([np.dtype(a.dtype).type for a in args])
        except Exception as err:  # noqa: BLE001 - the user's code
            raise self._error("infer_shape/infer_type", err) from None
        in_shapes, out_shapes = shapes[0], shapes[1]
        in_types, out_types = types[0], types[1]
        if len(in_shapes) != self.num_args:
            raise MXNetError("Operator Custom (op_type %s): infer_shape returned %d input "
                             "shapes for %d arguments" % (op_type, len(in_shapes),
                                                           self.num_args))
        if len(out_shapes) != n_out:
            raise MXNetError("Operator Custom (op_type %s): InferShape Error: expecting %d "
                             "entries in returned output shapes, got %d."
                             % (op_type, n_out, len(out_shapes)))
        if len(out_types) != n_out:
            raise MXNetError("Operator Custom (op_type %s): InferType Error: expecting %d "
                             "entries in returned output types, got %d."
                             % (op_type, n_out, len(out_types)))
        for name, a, s in zip(self.prop.list_arguments(), args, in_shapes):
            s = _as_shape(s, "infer_shape", op_type)
            if s != tuple(a.shape):
                raise MXNetError("Operator Custom (op_type %s): Shape inconsistent for "
                                 "argument %s, Provided = %s, inferred shape = %s"
                                 % (op_type, name, list(a.shape), list(s)))
        for name, a, t in zip(self.prop.list_arguments(), args, in_types):
            if np.dtype(t) != np.dtype(a.dtype):
                raise MXNetError("Operator Custom (op_type %s): Type inconsistent for "
                                 "argument %s, Provided = %s, inferred type = %s"
                                 % (op_type, name, np.dtype(a.dtype).name, np.dtype(t).name))
        del aux
        return [jax.ShapeDtypeStruct(_as_shape(s, "infer_shape", op_type), np.dtype(t))
                for s, t in zip(out_shapes, out_types)]

    def _operator(self, arrays):
        shapes = [list(a.shape) for a in arrays]
        dtypes = [_mx_dtype_id(a.dtype) for a in arrays]
        return self.prop.create_operator(cpu(0), shapes, dtypes)

    def _keep(self, op):
        with self._lock:
            handle = next(self._ids)
            self._live[handle] = op
            while len(self._live) > _MAX_LIVE:
                self._live.popitem(last=False)
        return handle

    def _take(self, handle):
        with self._lock:
            return self._live.pop(handle, None)

    def forward(self, is_train, arrays, keep, out_avals):
        """Run the operator's ``forward`` on NumPy inputs; returns (outputs, handle)."""
        try:
            op = self._operator(arrays)
            ins = [_nd.array(a, ctx=cpu(0), dtype=a.dtype) for a in arrays]
            with autograd.pause(train_mode=is_train):
                n_out = len(self.prop.list_outputs())
                outs = [_nd.zeros(s.shape, ctx=cpu(0), dtype=s.dtype) for s in out_avals]
                op.forward(is_train=is_train, req=["write"] * n_out,
                           in_data=ins[:self.num_args], out_data=outs,
                           aux=ins[self.num_args:])
                res = [o.asnumpy() for o in outs]
        except Exception as err:  # noqa: BLE001 - the user's code
            raise self._error("forward", err) from None
        return res, (self._keep(op) if keep else 0)

    def backward(self, handle, out_grads, in_arrays, out_arrays):
        """Run the operator's ``backward``; returns the arguments' gradients (NumPy)."""
        try:
            op = self._take(handle)
            if op is None:
                op = self._operator(in_arrays)
            mk = lambda a: _nd.array(a, ctx=cpu(0), dtype=a.dtype)  # noqa: E731
            ins = [mk(a) for a in in_arrays]
            with autograd.pause():
                grads = [_nd.zeros(a.shape, ctx=cpu(0), dtype=a.dtype)
                         for a in in_arrays[:self.num_args]]
                op.backward(req=["write"] * self.num_args,
                            out_grad=[mk(g) for g in out_grads],
                            in_data=ins[:self.num_args],
                            out_data=[mk(o) for o in out_arrays],
                            in_grad=grads, aux=ins[self.num_args:])
                return [g.asnumpy() for g in grads]
        except Exception as err:  # noqa: BLE001 - the user's code
            raise self._error("backward", err) from None


def _init_parameters(prop_cls):
    """The keyword parameters of ``prop_cls.__init__`` (the operator's attributes)."""
    try:
        sig = inspect.signature(prop_cls.__init__)
    except (TypeError, ValueError):
        return []
    return [p.name for p in list(sig.parameters.values())[1:]
            if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]


def _declare_attributes(names):
    """Let the symbol front end keep these ``Custom`` attributes."""
    op = _registry.get_op("Custom")
    for n in names:
        if n not in op.attr_defaults and not n.startswith("_"):
            op.attr_defaults[n] = None


def register(reg_name):
    """Register a :class:`CustomOpProp` subclass as the custom operator ``reg_name``.

    Used as a class decorator; returns the class unchanged.

    Examples
    --------
    >>> @mx.operator.register("sqr")
    ... class SqrProp(mx.operator.CustomOpProp):
    ...     def create_operator(self, ctx, shapes, dtypes):
    ...         return Sqr()
    """
    def do_register(prop_cls):
        def factory(kwargs):
            try:
                prop = prop_cls(**kwargs)
            except Exception as err:  # noqa: BLE001 - the user's code
                raise MXNetError("Operator Custom: creating %s(%s) for op_type %s failed: "
                                 "%s: %s" % (prop_cls.__name__, ", ".join(
                                     "%s=%r" % kv for kv in sorted(kwargs.items())),
                                     reg_name, type(err).__name__, err)) from None
            return _Runner(reg_name, prop)
        _custom.add_type(reg_name, factory)
        _declare_attributes(_init_parameters(prop_cls))
        return prop_cls
    return do_register


register("custom_op")(CustomOpProp)


def get_all_registered_operators():
    """Names of all registered operators (aliases included)."""
    return _registry.list_ops()


def _split_inputs(data):
    if len(data) == 1 and isinstance(data[0], (list, tuple)):
        return list(data[0])
    return list(data)


def Custom(*data, op_type=None, **kwargs):  # pylint: disable=invalid-name
    """Apply the custom operator registered as ``op_type`` (``mx.nd.Custom``).

    Parameters
    ----------
    *data : NDArray
        The arguments, then the auxiliary states.
    op_type : str
        The name given to :func:`register`.
    **kwargs
        Passed as strings to the operator's ``CustomOpProp``; ``out=`` and
        ``name=`` as for any operator.

    Returns
    -------
    NDArray or list of NDArray
    """
    out = kwargs.pop("out", None)
    kwargs.pop("name", None)
    if op_type is None:
        raise MXNetError("Operator Custom: required parameter op_type is missing")
    attrs = {"op_type": str(op_type)}
    attrs.update({k: _custom._as_str(v) for k, v in kwargs.items()})
    inputs = _split_inputs(data)
    for i, a in enumerate(inputs):
        if not isinstance(a, _nd.NDArray):
            raise MXNetError("Operator Custom (op_type %s): input %d is a %s, not an NDArray"
                             % (op_type, i, type(a).__name__))
    return _registry.invoke(_registry.get_op("Custom"), inputs, attrs, out=out)


def _symbol_custom(*data, op_type=None, name=None, attr=None, **kwargs):
    """Apply the custom operator registered as ``op_type`` to Symbols (``mx.sym.Custom``).

    Parameters
    ----------
    *data : Symbol
        The arguments, then the auxiliary states.
    op_type : str
        The name given to :func:`register`.
    name, attr : optional
        The node's name and attributes, as for any operator.
    **kwargs
        Passed as strings to the operator's ``CustomOpProp``.

    Returns
    -------
    Symbol
    """
    from .symbol import _ops
    if op_type is None:
        raise MXNetError("Operator Custom: required parameter op_type is missing")
    attrs = {"op_type": str(op_type)}
    attrs.update({k: _custom._as_str(v) for k, v in kwargs.items()})
    _declare_attributes(kwargs)
    return _ops.create(_registry.get_op("Custom"), _split_inputs(data), attrs, name, attr,
                       hint="custom")


_symbol_custom.__name__ = _symbol_custom.__qualname__ = "Custom"


def _install():
    """``mx.nd.Custom`` and ``mx.sym.Custom`` (replacing the generated functions, which
    check attributes against a fixed list)."""
    import sys
    for modname, fn in (("mxjax.ndarray", Custom), ("mxjax.ndarray._internal", Custom),
                        ("mxjax.symbol", _symbol_custom),
                        ("mxjax.symbol._internal", _symbol_custom)):
        mod = sys.modules.get(modname)
        if mod is not None:
            setattr(mod, "Custom", fn)


_install()
