"""Gluon parameters: :class:`Parameter`, :class:`Constant` and :class:`ParameterDict`.

A parameter holds one NDArray per context. Its data arrays are marked for
autograd (``mark_variables``) with a gradient buffer each, so a recorded forward
that uses ``param.data()`` writes the parameter's gradient on ``backward()``.
Shapes may contain 0 for dimensions that the first forward pass will infer
(deferred initialization).
"""
import threading
import warnings
from collections import OrderedDict

import numpy as np
import jax
import jax.numpy as jnp

from ..base import MXNetError
from .. import autograd
from ..context import Context, cpu, current_context, jax_device
from ..ndarray.ndarray import NDArray
from ..ndarray import transfer
from ..ndarray import ndarray as _ndmod
from . import _initializer
from ._common import GluonValueError, check, shape_is_known, indent, brief_print_list

__all__ = ["DeferredInitializationError", "Parameter", "Constant", "ParameterDict",
           "tensor_types"]

tensor_types = (NDArray,)

_local = threading.local()


class DeferredInitializationError(MXNetError):
    """A parameter whose initialization was deferred was read before its first forward."""


def _overrides():
    return getattr(_local, "overrides", None)


# Bumped whenever a Parameter's arrays or the attributes that choose among them change
# (see ``Parameter.__setattr__``): a hybridized block keeps its parameters' arrays
# between calls while this number is unchanged.
_generation = [0]
_DATA_ATTRS = frozenset(("_data", "_stype", "_ctx_map", "_ctx_list", "_deferred_init"))


def data_generation():
    """A number that changes whenever any Parameter's arrays may have changed."""
    return _generation[0]


class substitute_data:
    """Scope in which ``param.data()`` returns given NDArrays instead of the stored ones.

    Used by ``HybridBlock.hybridize()``: inside the compiled function the parameters
    are the function's (traced) arguments.

    Parameters
    ----------
    mapping : dict of Parameter to NDArray
    """

    def __init__(self, mapping):
        self._mapping = mapping
        self._prev = None

    def __enter__(self):
        self._prev = _overrides()
        merged = dict(self._prev) if self._prev else {}
        merged.update(self._mapping)
        _local.overrides = merged
        return self

    def __exit__(self, *exc):
        _local.overrides = self._prev


def _zeros(shape, dtype, ctx):
    """Zeros on ``ctx`` without compiling anything (made by NumPy, then placed)."""
    value = jax.device_put(np.zeros(shape, dtype=np.dtype(dtype)), jax_device(ctx))
    return NDArray._from_jax(value, ctx)


def _to_value(data, shape, dtype, ctx):
    """``data`` (NDArray, array-like or scalar) as a jax array of ``shape``/``dtype`` on ctx."""
    if isinstance(data, NDArray):
        value = data._value
        if value.dtype != np.dtype(dtype):
            value = value.astype(np.dtype(dtype))
        if tuple(value.shape) != tuple(shape):
            value = jnp.broadcast_to(value, tuple(shape))
    else:
        value = np.broadcast_to(np.asarray(data, dtype=np.dtype(dtype)), tuple(shape))
    return transfer.to_device(value, jax_device(ctx))


def _np_class(arrays):
    """Under ``npx.set_np()`` (NumPy array semantics) parameters hold ``mx.np.ndarray``s,
    as MXNet's: the same handles, given the np class."""
    from .. import util
    if util.is_np_array():
        from ..numpy import ndarray
        for a in arrays:
            a.__class__ = ndarray


class Parameter:
    """A container of the arrays (one per context) and gradients of one parameter.

    Parameters
    ----------
    name : str
        Name of this parameter.
    grad_req : {'write', 'add', 'null'}, default 'write'
        How gradients are written: overwritten, accumulated, or not computed.
    shape : int or tuple of int, default None
        The shape; 0 marks a dimension inferred at the first forward pass.
    dtype : numpy.dtype or str, default numpy.float32
    lr_mult : float, default 1.0
        Learning-rate multiplier used by the optimizer.
    wd_mult : float, default 1.0
        Weight-decay multiplier used by the optimizer.
    init : Initializer or str, default None
        Initializer of this parameter; the global one of ``initialize`` when None.
    allow_deferred_init : bool, default False
        Whether initialization may wait until the shape is known.
    differentiable : bool, default True
        When False, ``grad_req`` is always 'null'.
    stype : {'default', 'row_sparse', 'csr'}, default 'default'
    grad_stype : {'default', 'row_sparse', 'csr'}, default 'default'
        Storage types (mxjax stores every array dense).

    Examples
    --------
    >>> w = mx.gluon.Parameter('fc_weight', shape=(64, 100), init=mx.init.Xavier())
    >>> w.initialize(ctx=mx.cpu())
    >>> w.data().shape
    (64, 100)
    """

    def __init__(self, name, grad_req="write", shape=None, dtype=np.float32,
                 lr_mult=1.0, wd_mult=1.0, init=None, allow_deferred_init=False,
                 differentiable=True, stype="default", grad_stype="default"):
        self._var = None
        self._data = None
        self._grad = None
        self._ctx_list = None
        self._ctx_map = None
        self._trainer = None
        self._deferred_init = ()
        self._differentiable = differentiable
        self._allow_deferred_init = allow_deferred_init
        self._grad_req = None
        if isinstance(shape, (int, np.integer)):
            shape = (int(shape),)
        self._shape = tuple(shape) if shape is not None else None
        self.name = name
        self._dtype = dtype
        self.lr_mult = lr_mult
        self.wd_mult = wd_mult
        self.grad_req = grad_req
        self.init = init
        valid = ("default", "row_sparse", "csr")
        check(grad_stype in valid, "grad_stype for Parameter '%s' must be one of 'default', "
              "'row_sparse', or 'csr', but got '%s'" % (name, grad_stype))
        check(stype in valid, "stype for Parameter '%s' must be one of 'default', "
              "'row_sparse', or 'csr', but got '%s'" % (name, stype))
        self._grad_stype = grad_stype
        self._stype = stype

    def __repr__(self):
        return "Parameter {name} (shape={shape}, dtype={dtype})".format(
            name=self.name, shape=self.shape, dtype=self.dtype)

    # -- attributes -------------------------------------------------------------
    @property
    def grad_req(self):
        """How the gradient is written: 'write', 'add' or 'null'."""
        return self._grad_req

    @grad_req.setter
    def grad_req(self, req):
        check(req in ("write", "add", "null"),
              "grad_req must be one of 'write', 'add', or 'null', but got '%s'" % req)
        if not self._differentiable:
            req = "null"
        if self._grad_req == req:
            return
        self._grad_req = req
        if req == "null" and self._grad is not None:
            self._grad = None
            self._data = [i.detach() for i in self._data]
        elif self._data is not None:
            self._init_grad()

    @property
    def dtype(self):
        """The data type; setting it casts the parameter."""
        return self._dtype

    @dtype.setter
    def dtype(self, dtype):
        self.cast(dtype)

    @property
    def shape(self):
        """The shape; unknown dimensions are 0."""
        return self._shape

    @shape.setter
    def shape(self, new_shape):
        if new_shape is not None:
            new_shape = tuple(new_shape)
        if self._shape is None:
            self._shape = new_shape
            return
        check(len(self._shape) == len(new_shape) and
              all(j in (-1, 0, i) for i, j in zip(new_shape, self._shape)),
              "Expected shape %s is incompatible with given shape %s." % (
                  str(new_shape), str(self._shape)))
        self._shape = new_shape

    @property
    def stype(self):
        """Storage type of the data."""
        return self._stype

    @property
    def grad_stype(self):
        """Storage type of the gradient."""
        return self._grad_stype

    def _set_trainer(self, trainer):
        """Remember the Trainer that updates this parameter."""
        if self._stype != "default" and self._trainer and trainer \
                and self._trainer is not trainer:
            raise RuntimeError(
                "Failed to set the trainer for Parameter '%s' because it was already set. "
                "More than one trainers for a %s Parameter is not supported."
                % (self.name, self._stype))
        self._trainer = trainer
        self._defer_grads()

    def _defer_grads(self):
        """With a Trainer: let backward leave this parameter's gradients pending, so
        that the Trainer's step runs backward and update as one program (from the
        first step on)."""
        if self._trainer is None or self._data is None or self._grad is None:
            return
        for d in self._data:
            var = d._node
            if var is not None and var.is_var:
                var.defer = True

    def __setattr__(self, name, value):
        if name in _DATA_ATTRS:
            _generation[0] += 1
        object.__setattr__(self, name, value)

    # -- access -----------------------------------------------------------------
    def _check_and_get(self, arr_list, ctx):
        if arr_list is not None:
            if ctx is list:
                return arr_list
            if ctx is None:
                if len(arr_list) == 1:
                    return arr_list[0]
                ctx = current_context()
            elif len(arr_list) == 1 and arr_list[0]._ctx is ctx:
                return arr_list[0]   # the usual case: one context, asked for by its object
            ctx_list = self._ctx_map[ctx.device_typeid & 1]
            if ctx.device_id < len(ctx_list):
                idx = ctx_list[ctx.device_id]
                if idx is not None:
                    return arr_list[idx]
            raise MXNetError(
                "Parameter '%s' was not initialized on context %s. "
                "It was only initialized on %s." % (self.name, str(ctx), str(self._ctx_list)))
        if self._deferred_init:
            raise DeferredInitializationError(
                "Parameter '%s' has not been initialized yet because initialization was "
                "deferred. Actual initialization happens during the first forward pass. "
                "Please pass one batch of data through the network before accessing "
                "Parameters. You can also avoid deferred initialization by specifying "
                "in_units, num_features, etc., for network layers." % (self.name))
        raise MXNetError(
            "Parameter '%s' has not been initialized. Note that "
            "you should initialize parameters and create Trainer "
            "with Block.collect_params() instead of Block.params "
            "because the later does not include Parameters of "
            "nested child Blocks" % (self.name))

    def data(self, ctx=None):
        """This parameter's array on one context.

        Parameters
        ----------
        ctx : Context, optional
            Required when the parameter lives on several contexts.

        Returns
        -------
        NDArray
        """
        ov = _overrides()
        if ov:
            h = ov.get(self)
            if h is not None:
                return h
        if self._stype != "default":
            raise RuntimeError(
                "Cannot return a copy of Parameter '%s' on ctx %s via data() because its "
                "storage type is %s. Please use row_sparse_data() instead."
                % (self.name, str(ctx), self._stype))
        return self._check_and_get(self._data, ctx)

    def list_data(self):
        """The arrays on all contexts, in the order of initialization."""
        ov = _overrides()
        if ov:
            h = ov.get(self)
            if h is not None:
                return [h]
        if self._stype != "default":
            raise RuntimeError(
                "Cannot return copies of Parameter '%s' on all contexts via list_data() "
                "because its storage type is %s. Please use row_sparse_data() instead."
                % (self.name, self._stype))
        return self._check_and_get(self._data, list)

    def row_sparse_data(self, row_id):
        """The rows ``row_id`` of the data on ``row_id``'s context, a RowSparseNDArray
        (pulled through the Trainer; gradients flow to the parameter)."""
        if self._stype != "row_sparse":
            raise RuntimeError(
                "Cannot return a copy of Parameter %s via row_sparse_data() because its "
                "storage type is %s. Please use data() instead." % (self.name, self._stype))
        return self._get_row_sparse(row_id.context, row_id)

    def list_row_sparse_data(self, row_id):
        """The data on all contexts (stored dense in mxjax: all rows)."""
        if self._stype != "row_sparse":
            raise RuntimeError(
                "Cannot return copies of Parameter '%s' on all contexts via "
                "list_row_sparse_data() because its storage type is %s. Please use data() "
                "instead." % (self.name, self._stype))
        return self._get_row_sparse(list, row_id)

    def _get_row_sparse(self, ctx, row_id):
        """The data on ``ctx`` (or every context) after the Trainer pulled rows
        ``row_id`` into it (MXNet's ``row_sparse_pull``; the data are the variables
        whose gradients backward writes)."""
        if not self._trainer:
            raise RuntimeError("Cannot get row_sparse data for Parameter '%s' when no "
                               "Trainer is created with it." % self.name)
        arrays = self._check_and_get(self._data, ctx)
        with autograd.pause():  # a pull, not an operation of the recorded graph
            self._trainer._row_sparse_pull(
                self, arrays if isinstance(arrays, list) else [arrays], row_id)
        return arrays

    def grad(self, ctx=None):
        """The gradient buffer on one context."""
        if self._data is not None and self._grad is None:
            raise MXNetError(
                "Cannot get gradient array for Parameter '%s' because grad_req='null'"
                % (self.name))
        return self._check_and_get(self._grad, ctx)

    def list_grad(self):
        """The gradient buffers on all contexts."""
        if self._data is not None and self._grad is None:
            raise MXNetError(
                "Cannot get gradient array for Parameter '%s' because grad_req='null'"
                % (self.name))
        return self._check_and_get(self._grad, list)

    def list_ctx(self):
        """The contexts this parameter is (or will be, once deferred init ends) on."""
        if self._data is None:
            if self._deferred_init:
                return self._deferred_init[1]
            raise MXNetError("Parameter '%s' has not been initialized" % self.name)
        return self._ctx_list

    def zero_grad(self):
        """Set the gradient buffers to 0 (nothing when uninitialized or grad_req='null')."""
        if self._grad is None:
            return
        for g in self._grad:
            g._set_data(_zeros(g.shape, g.dtype, g.context)._value)

    # -- initialization -----------------------------------------------------------
    def initialize(self, init=None, ctx=None, default_init=None, force_reinit=False):
        """Create the data and gradient arrays.

        Parameters
        ----------
        init : Initializer, optional
            Overrides :attr:`init` and ``default_init``.
        ctx : Context or list of Context, default ``current_context()``
            One copy of the parameter is kept per context.
        default_init : Initializer, default ``Uniform()``
            Used when both ``init`` and :attr:`init` are None.
        force_reinit : bool, default False
            Re-initialize an already initialized parameter.
        """
        if default_init is None:
            default_init = _initializer.get().Uniform()
        if self._data is not None and not force_reinit:
            warnings.warn("Parameter '%s' is already initialized, ignoring. "
                          "Set force_reinit=True to re-initialize." % self.name, stacklevel=2)
            return
        self._data = self._grad = None
        if ctx is None:
            ctx = [current_context()]
        if isinstance(ctx, Context):
            ctx = [ctx]
        if init is None:
            init = default_init if self.init is None else self.init
        if not shape_is_known(self.shape):
            if self._allow_deferred_init:
                self._deferred_init = (init, ctx, default_init, None)
                return
            raise GluonValueError("Cannot initialize Parameter '%s' because it has "
                                  "invalid shape: %s." % (self.name, str(self.shape)))
        self._deferred_init = (init, ctx, default_init, None)
        self._finish_deferred_init()

    def _finish_deferred_init(self):
        """Initialize now that the shape is known."""
        if not self._deferred_init:
            return
        init, ctx, default_init, data = self._deferred_init
        self._deferred_init = ()
        check(shape_is_known(self.shape),
              "Cannot initialize Parameter '%s' because it has invalid shape: %s. Please "
              "specify in_units, in_channels, etc for `Block`s." % (self.name, str(self.shape)))
        with autograd.pause():
            if data is None:
                data = _zeros(self.shape, self.dtype, cpu())
                initmod = _initializer.get()
                initmod.create(default_init)(
                    initmod.InitDesc(self.name, {"__init__": init}), data)
            self._init_impl(data, ctx)

    def _init_impl(self, data, ctx_list):
        """Set the data (a copy per context) and the gradient buffers."""
        self._ctx_list = list(ctx_list)
        self._ctx_map = [[], []]
        for i, ctx in enumerate(self._ctx_list):
            dev_list = self._ctx_map[ctx.device_typeid & 1]
            while len(dev_list) <= ctx.device_id:
                dev_list.append(None)
            dev_list[ctx.device_id] = i
        self._data = [NDArray._from_jax(_to_value(data, data.shape, data.dtype, c), c)
                      for c in self._ctx_list]
        if self._stype != "default":
            self._data = [d.tostype(self._stype) for d in self._data]
        _np_class(self._data)
        self._init_grad()

    def _init_grad(self):
        """Create zero gradient buffers and mark the data arrays as variables."""
        if self.grad_req == "null":
            self._grad = None
            return
        self._grad = [_zeros(d.shape, d.dtype, d.context) for d in self._data]
        if self._grad_stype != "default":
            self._grad = [g.tostype(self._grad_stype) for g in self._grad]
        _np_class(self._grad)
        autograd.mark_variables(self._check_and_get(self._data, list), self._grad,
                                self.grad_req)
        self._defer_grads()

    def _reduce(self):
        """The value on cpu (the mean over contexts when on several; a sparse
        parameter's every row, pulled through its Trainer as MXNet's)."""
        if self._stype != "default":
            from ..ndarray import sparse
            data = sparse.zeros(self._stype, self.shape, ctx=cpu(), dtype=self.dtype)
            if self._trainer:
                self._trainer._row_sparse_pull(self, data, None, full_idx=True)
            else:
                self._check_and_get(self._data, list)[0].copyto(data)
            return data
        block = self.list_data()
        if len(block) > 1:
            vals = [jax.device_put(b._value, jax_device(cpu())) for b in block]
            total = vals[0]
            for v in vals[1:]:
                total = total + v
            value = (total / len(vals)).astype(vals[0].dtype)
        else:
            value = jax.device_put(block[0]._value, jax_device(cpu()))
        return NDArray._from_jax(value, cpu())

    def _check_load(self, data, cast_dtype=False, dtype_source="current"):
        """Raise as :meth:`_load_init` would for ``data``, changing nothing (a load
        checks every parameter before it changes any)."""
        if cast_dtype:
            check(dtype_source in ("current", "saved"),
                  "dtype_source must be 'current' or 'saved', got %r" % (dtype_source,))
        if self.shape:
            for self_dim, data_dim in zip(self.shape, data.shape):
                check(self_dim in (0, -1, data_dim),
                      "Failed loading Parameter '%s' from saved params: shape incompatible "
                      "expected %s vs saved %s" % (self.name, str(self.shape),
                                                   str(data.shape)))
        if self.dtype and not (cast_dtype and np.dtype(self.dtype).type != data.dtype):
            check(np.dtype(self.dtype).type == data.dtype,
                  "Failed loading Parameter '%s' from saved params: dtype incompatible "
                  "expected %s vs saved %s. Set cast_dtype=True to cast the dtype of "
                  "saved params." % (self.name, str(self.dtype), str(data.dtype)))

    def _load_init(self, data, ctx, cast_dtype=False, dtype_source="current"):
        """(Re)initialize from loaded ``data``."""
        self._check_load(data, cast_dtype, dtype_source)
        if self.shape:
            self.shape = tuple(i if i not in (0, -1) else j
                               for i, j in zip(self.shape, data.shape))
        elif self._shape is None:
            self._shape = tuple(data.shape)
        if self.dtype and cast_dtype and np.dtype(self.dtype).type != data.dtype:
            if dtype_source == "current":
                data = data.astype(self.dtype, copy=False)
            elif dtype_source == "saved":
                self.dtype = data.dtype
        if isinstance(ctx, Context):
            ctx = [ctx]
        if self._data is None:
            if self._deferred_init:
                check(ctx is None or set(ctx) == set(self._deferred_init[1]),
                      "Failed to load Parameter '%s' on %s because it was previous "
                      "initialized on %s." % (self.name, str(ctx), str(self.list_ctx())))
                ctx = self._deferred_init[1]
            elif ctx is None:
                ctx = [cpu()]
            with autograd.pause():
                self._init_impl(data, ctx)
        else:
            check(ctx is None or set(ctx) == set(self.list_ctx()),
                  "Failed to load Parameter '%s' on %s because it was previous "
                  "initialized on %s." % (self.name, str(ctx), str(self.list_ctx())))
            self.set_data(data)
        self._deferred_init = ()

    def reset_ctx(self, ctx):
        """Move the parameter to other context(s).

        Parameters
        ----------
        ctx : Context or list of Context, default ``current_context()``
        """
        if ctx is None:
            ctx = [current_context()]
        if isinstance(ctx, Context):
            ctx = [ctx]
        if self._data:
            data = self._reduce()
            with autograd.pause():
                self._init_impl(data, ctx)
        elif self._deferred_init:
            init, _, default_init, data = self._deferred_init
            self._deferred_init = (init, ctx, default_init, data)
        else:
            raise GluonValueError("Cannot reset context for Parameter '%s' because it "
                                  "has not been initialized." % self.name)

    def set_data(self, data):
        """Set the value on every context.

        Parameters
        ----------
        data : NDArray or array-like
            Of the parameter's shape (unknown dimensions are taken from it).
        """
        shape = data.shape if hasattr(data, "shape") else np.shape(data)
        self.shape = shape
        if self._data is None:
            check(self._deferred_init, "Parameter '%s' has not been initialized" % self.name)
            if not isinstance(data, NDArray):
                data = _ndmod.array(data, dtype=self.dtype)
            self._deferred_init = self._deferred_init[:3] + (data,)
            return
        trainer = self._trainer
        if trainer is not None and getattr(trainer, "_kv_initialized", False) \
                and getattr(trainer, "_update_on_kvstore", False):
            if self not in getattr(trainer, "_params_to_init", ()):
                trainer._reset_kvstore()
        for arr in self._check_and_get(self._data, list):
            arr._set_data(_to_value(data, arr.shape, arr.dtype, arr.context))

    def cast(self, dtype):
        """Cast the data and gradient to ``dtype``.

        Parameters
        ----------
        dtype : str or numpy.dtype
        """
        self._dtype = dtype
        if self._data is None:
            return
        with autograd.pause():
            self._data = [NDArray._from_jax(i._value.astype(np.dtype(dtype)), i.context)
                          for i in self._data]
            if self._grad is None:
                return
            self._grad = [NDArray._from_jax(i._value.astype(np.dtype(dtype)), i.context)
                          for i in self._grad]
            autograd.mark_variables(self._data, self._grad, self.grad_req)
            self._defer_grads()

    def var(self):
        """A Symbol standing for this parameter (a variable named :attr:`name`)."""
        if self._var is None:
            from .. import symbol as _sym
            if hasattr(_sym, "var"):
                self._var = _sym.var(self.name, shape=self.shape, dtype=self.dtype,
                                     lr_mult=self.lr_mult, wd_mult=self.wd_mult,
                                     init=self.init, stype=self._stype)
            else:
                self._var = _sym.Symbol([{"op": "null", "name": self.name, "inputs": []}],
                                        [[0, 0, 0]], [0])
        return self._var


class Constant(Parameter):
    """A parameter that autograd and the Trainer leave alone (``grad_req='null'``).

    Its value can still be changed with ``set_data``.

    Parameters
    ----------
    name : str
        Name of the parameter.
    value : array-like
        The constant's value.
    """

    def __init__(self, name, value):
        if not isinstance(value, NDArray):
            value = _ndmod.array(value)
        self.value = value
        const = value
        base = _initializer.get().Initializer

        class _ConstantInit(base):
            def _init_weight(self, _, arr):
                arr[:] = const

            def dumps(self):
                return '["constant", {"value": %s}]' % const.asnumpy().tolist()

        super().__init__(name, grad_req="null", shape=value.shape, dtype=value.dtype,
                         init=_ConstantInit())

    def __repr__(self):
        return "Constant {name} (shape={shape}, dtype={dtype})".format(
            name=self.name, shape=self.shape, dtype=self.dtype)

    @property
    def grad_req(self):
        """Always 'null'."""
        return "null"

    @grad_req.setter
    def grad_req(self, req):
        self._grad_req = "null"  # what internal readers of _grad_req (the Trainer) see
        if req != "null":
            warnings.warn('Constant parameter "{}" does not support grad_req other than '
                          '"null", and new value "{}" is ignored.'.format(self.name, req))


class ParameterDict:
    """An ordered dictionary of parameters, with a name prefix and optional sharing.

    Parameters
    ----------
    prefix : str, default ''
        Prepended to the names of the parameters that :meth:`get` creates.
    shared : ParameterDict or None
        Looked up first by :meth:`get` (to share parameters with another block).
    """

    def __init__(self, prefix="", shared=None):
        self._prefix = prefix
        self._params = OrderedDict()
        self._shared = shared

    def __repr__(self):
        name = self._prefix + " " if self._prefix else ""
        return "{name}(\n{content}\n)".format(
            name=name, content="\n".join([indent("  {0}".format(v), 2)
                                          for v in self.values()]))

    def __getitem__(self, key):
        return self._params[key]

    def __iter__(self):
        return iter(self._params)

    def __len__(self):
        return len(self._params)

    def __contains__(self, key):
        return key in self._params

    def items(self):
        """(name, Parameter) pairs."""
        return self._params.items()

    def keys(self):
        """Parameter names."""
        return self._params.keys()

    def values(self):
        """The Parameters."""
        return self._params.values()

    @property
    def prefix(self):
        """The prefix prepended to the names of parameters created by :meth:`get`."""
        return self._prefix

    def _get_impl(self, name):
        if name in self._params:
            return self._params[name]
        if self._shared is not None and name in self._shared._params:
            self._params[name] = self._shared._params[name]
            return self._shared._params[name]
        return None

    def get(self, name, **kwargs):
        """The parameter ``prefix + name``: found here, in the shared dict, or created.

        Parameters
        ----------
        name : str
            Name without this dict's prefix.
        **kwargs
            Arguments of :class:`Parameter` for a new one; for an existing one they
            must agree with its attributes (unknown shape dimensions are filled in).

        Returns
        -------
        Parameter
        """
        name = self.prefix + name
        param = self._get_impl(name)
        if param is None:
            param = Parameter(name, **kwargs)
            self._params[name] = param
            return param
        for k, v in kwargs.items():
            if hasattr(param, k) and getattr(param, k) is not None:
                existing = getattr(param, k)
                if k == "shape" and len(v) == len(existing):
                    inferred = []
                    matched = True
                    for dim1, dim2 in zip(v, existing):
                        if dim1 != dim2 and dim1 > 0 and dim2 > 0:
                            matched = False
                            break
                        if dim1 == dim2:
                            inferred.append(dim1)
                        elif dim1 in (0, -1):
                            inferred.append(dim2)
                        else:
                            inferred.append(dim1)
                    if matched:
                        param._shape = tuple(inferred)
                        continue
                elif k == "dtype" and np.dtype(v) == np.dtype(existing):
                    continue
                check(v is None or v == existing,
                      "Cannot retrieve Parameter '%s' because desired attribute does not "
                      "match with stored for attribute '%s': desired '%s' vs stored '%s'."
                      % (name, k, str(v), str(getattr(param, k))))
            else:
                setattr(param, k, v)
        return param

    def get_constant(self, name, value=None):
        """The :class:`Constant` ``prefix + name``: found, shared, or created from ``value``."""
        name = self.prefix + name
        param = self._get_impl(name)
        if param is None:
            if value is None:
                raise KeyError("No constant named '{}'. Please specify value if you want to "
                               "create a new constant.".format(name))
            param = Constant(name, value)
            self._params[name] = param
        elif value is not None:
            check(isinstance(param, Constant),
                  "Parameter '{}' already exists but it is not a constant.".format(name))
            if isinstance(value, NDArray):
                value = value.asnumpy()
            value = np.asarray(value)
            check(param.shape == value.shape and (param.value.asnumpy() == value).all(),
                  "Constant '{}' already exists but it's value doesn't match new "
                  "value".format(name))
        return param

    def update(self, other):
        """Copy all parameters of ``other`` into this dict."""
        for k, v in other.items():
            if k in self._params:
                check(self._params[k] is v,
                      "Cannot update self with other because they have different "
                      "Parameters with the same name '%s'" % k)
        for k, v in other.items():
            self._params[k] = v

    def initialize(self, init=None, ctx=None, verbose=False, force_reinit=False):
        """Initialize every parameter.

        Parameters
        ----------
        init : Initializer, default ``Uniform()``
            Used for parameters whose own ``init`` is None.
        ctx : Context or list of Context
        verbose : bool, default False
        force_reinit : bool, default False
        """
        if init is None:
            init = _initializer.get().Uniform()
        if verbose and hasattr(init, "set_verbosity"):
            init.set_verbosity(verbose=verbose)
        for _, v in self.items():
            v.initialize(None, ctx, init, force_reinit=force_reinit)

    def zero_grad(self):
        """Set every gradient buffer to 0."""
        for p in self.values():
            p.zero_grad()

    def reset_ctx(self, ctx):
        """Move every parameter to other context(s)."""
        for i in self.values():
            i.reset_ctx(ctx)

    def list_ctx(self):
        """All contexts the parameters are on."""
        s = set()
        for i in self.values():
            s.update(i.list_ctx())
        return list(s)

    def setattr(self, name, value):
        """Set attribute ``name`` to ``value`` on every parameter (e.g. grad_req, lr_mult)."""
        for i in self.values():
            setattr(i, name, value)

    def save(self, filename, strip_prefix=""):
        """Save the parameters to ``filename`` (``nd.save`` format), keyed by name.

        Parameters
        ----------
        filename : str
        strip_prefix : str, default ''
            Removed from the front of every name.
        """
        from .. import ndarray as nd
        arg_dict = {}
        for param in self.values():
            weight = param._reduce()
            if not param.name.startswith(strip_prefix):
                raise GluonValueError(
                    "Prefix '%s' is to be striped before saving, but Parameter's name '%s' "
                    "does not start with '%s'. this may be due to your Block shares "
                    "parameters from other Blocks or you forgot to use 'with name_scope()' "
                    "when creating child blocks." % (strip_prefix, param.name, strip_prefix))
            arg_dict[param.name[len(strip_prefix):]] = weight
        nd.save(filename, arg_dict)

    def load(self, filename, ctx=None, allow_missing=False, ignore_extra=False,
             restore_prefix="", cast_dtype=False, dtype_source="current"):
        """Load parameters from a file written by :meth:`save` (or ``nd.save``).

        Parameters
        ----------
        filename : str
        ctx : Context or list of Context
        allow_missing : bool, default False
            Skip parameters missing from the file.
        ignore_extra : bool, default False
            Ignore entries of the file that are not parameters here.
        restore_prefix : str, default ''
            Prepended to the stored names.
        cast_dtype : bool, default False
        dtype_source : {'current', 'saved'}, default 'current'
        """
        from .. import ndarray as nd
        if restore_prefix:
            for name in self.keys():
                check(name.startswith(restore_prefix),
                      "restore_prefix is '%s' but Parameters name '%s' does not start "
                      "with '%s'." % (restore_prefix, name, restore_prefix))
        loaded = nd.load(filename)
        self.load_dict(loaded, ctx, allow_missing, ignore_extra, restore_prefix, filename,
                       cast_dtype, dtype_source)

    def load_dict(self, param_dict, ctx=None, allow_missing=False, ignore_extra=False,
                  restore_prefix="", filename=None, cast_dtype=False,
                  dtype_source="current"):
        """Load parameters from a dict of NDArrays (names may carry 'arg:'/'aux:')."""
        lprefix = len(restore_prefix)
        if isinstance(param_dict, dict):
            loaded = [(k[4:] if k.startswith("arg:") or k.startswith("aux:") else k, v)
                      for k, v in param_dict.items()]
        else:
            loaded = param_dict
        arg_dict = {restore_prefix + k: v for k, v in loaded}
        error_str = "file: %s" % (filename) if filename else "param_dict"
        if not allow_missing:
            for name in self.keys():
                check(name in arg_dict,
                      "Parameter '%s' is missing in %s, which contains parameters: %s. "
                      "Please make sure source and target networks have the same prefix."
                      % (name[lprefix:], error_str, brief_print_list(arg_dict.keys())))
        for name in arg_dict:
            if name not in self._params:
                check(ignore_extra,
                      "Parameter '%s' loaded from %s is not present in ParameterDict, "
                      "choices are: %s. Set ignore_extra to True to ignore. Please make sure "
                      "source and target networks have the same prefix."
                      % (name[lprefix:], error_str, brief_print_list(self._params.keys())))
            else:
                self[name]._check_load(arg_dict[name], cast_dtype, dtype_source)
        for name in arg_dict:
            if name not in self._params:
                continue
            self[name]._load_init(arg_dict[name], ctx, cast_dtype=cast_dtype,
                                  dtype_source=dtype_source)
