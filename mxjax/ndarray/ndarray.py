"""NDArray: a thin handle around a ``jax.Array``.

The handle holds the array (or, for a recorded operator whose value has not been
needed yet, the graph node that will compute it), the autograd entry and the
gradient buffer. Every computation goes through ``registry.invoke``.
"""
import numpy as np
import jax
import jax.numpy as jnp

from ..base import MXNetError, np_dtype, shape_str, numeric_types, integer_types, _Null
from ..context import Context, current_context, jax_device, context_of_device
from .. import graph
from .. import autograd
from . import registry
from . import transfer
from .host import to_host

__all__ = ["NDArray", "array", "zeros", "ones", "full", "empty", "arange", "waitall"]

# MXNet's storage-type ids (mxjax stores every array dense: 'default').
_STORAGE_TYPE_STR_TO_ID = {"undefined": -1, "default": 0, "row_sparse": 1, "csr": 2}
_STORAGE_TYPE_ID_TO_STR = {v: k for k, v in _STORAGE_TYPE_STR_TO_ID.items()}

# MXNet's dtype ids (as in its .params files) and grad_req ids, under MXNet's names.
_DTYPE_NP_TO_MX = {None: -1, np.float32: 0, np.float64: 1, np.float16: 2, np.uint8: 3,
                   np.int32: 4, np.int8: 5, np.int64: 6, np.bool_: 7}
try:
    import ml_dtypes as _ml_dtypes
    _DTYPE_NP_TO_MX[np.dtype(_ml_dtypes.bfloat16)] = 12
except ImportError:  # pragma: no cover
    pass
_DTYPE_MX_TO_NP = {v: k for k, v in _DTYPE_NP_TO_MX.items()}
_GRAD_REQ_MAP = {"null": 0, "write": 1, "add": 3}

py_slice = slice  # MXNet's module keeps Python's slice under this name

_invoke = registry.invoke
_get_op = registry.get_op
_OPS = registry._OPS  # the dunder methods' operators (all registered at import)


class GradReqError(MXNetError, KeyError):
    """An unknown ``grad_req`` (MXNet raises ``KeyError`` for it)."""

    def __str__(self):
        return str(self.args[0]) if self.args else ""


class NDArray:
    """An n-dimensional array on a context, as ``mxnet.nd.NDArray``."""

    __slots__ = ("_data", "_node", "_index", "_ctx", "_grad", "__weakref__")
    __array_priority__ = 1000.0

    def __init__(self, data, ctx=None):
        self._data = data
        self._node = None
        self._index = 0
        self._ctx = ctx if ctx is not None else current_context()
        self._grad = None

    # -- construction helpers -------------------------------------------------
    @classmethod
    def _from_jax(cls, data, ctx):
        a = cls.__new__(cls)
        a._data = data
        a._node = None
        a._index = 0
        a._ctx = ctx
        a._grad = None
        return a

    @property
    def data(self):
        """The ``jax.Array`` (computing a pending value first)."""
        d = self._data
        if d is None:
            d = self._node.value(self._index)
            self._data = d
        return d

    def _assign_from(self, other):
        """Make this handle hold ``other``'s value (and graph entry), casting dtype."""
        if other._node is not None and not other._node.is_var and other._data is None:
            if other.dtype != self.dtype:
                other = other.astype(self.dtype)
            self._data = other._data
            self._node = other._node
            self._index = other._index
            if other._data is None:
                other._node.track(self)
            return
        d = other.data
        if d.dtype != self.dtype:
            d = d.astype(self.dtype)
        self._data = d
        if other._node is not None and not other._node.is_var:
            self._node, self._index = other._node, other._index
        elif self._node is not None and not self._node.is_var:
            self._node = None

    def _set_data(self, value):
        """Replace the value (in-place write from the user's point of view)."""
        if self._node is not None and not self._node.is_var:
            self._node = None
            self._index = 0
        self._data = value

    def _accumulate(self, value, req):
        """Write or add ``value`` into this gradient buffer."""
        if req == "null":
            return
        if value.__class__ is NDArray:
            value = value.data
        mine = self._data
        dtype = mine.dtype if mine is not None else self._node.avals[self._index].dtype
        if value.dtype != dtype:
            value = value.astype(dtype)
        if req == "add":
            value = self.data + value
        self._data = value
        node = self._node
        if node is not None and not node.is_var:  # no longer a pending output
            self._node = None
            self._index = 0

    # -- attributes ----------------------------------------------------------------
    @property
    def shape(self):
        """Tuple of array dimensions."""
        d = self._data
        if d is not None:
            return d.shape
        return self._node.avals[self._index].shape

    @property
    def dtype(self):
        """The NumPy scalar type of the elements, e.g. ``numpy.float32``."""
        d = self._data
        if d is None:
            d = self._node.avals[self._index]
        return d.dtype.type

    @property
    def size(self):
        """Number of elements."""
        return int(np.prod(self.shape, dtype=np.int64))

    @property
    def ndim(self):
        """Number of dimensions."""
        return len(self.shape)

    @property
    def context(self):
        """The Context of the array."""
        return self._ctx

    ctx = context

    @property
    def stype(self):
        """Storage type: always ``'default'`` (dense)."""
        return "default"

    @property
    def grad(self):
        """The gradient buffer attached by ``attach_grad`` (or None)."""
        return self._grad

    @property
    def _fresh_grad(self):
        """Whether ``backward`` wrote this marked variable's gradient since the flag
        was last set to False (MXNet's ``NDArray._fresh_grad``)."""
        node = self._node
        return bool(node is not None and node.is_var and node.fresh)

    @_fresh_grad.setter
    def _fresh_grad(self, state):
        node = self._node
        if node is not None and node.is_var:
            node.fresh = bool(state)

    @property
    def T(self):
        """The transpose (reversed axes)."""
        return self.transpose()

    @property
    def handle(self):
        """The underlying ``jax.Array`` (mxjax's equivalent of MXNet's C handle)."""
        return self.data

    # -- conversion -------------------------------------------------------------------
    def asnumpy(self):
        """A writable NumPy copy of the array that the caller owns (waits for pending
        computation). A one-element result converts with ``float()``/``'%f' %`` as under
        NumPy 1.x (see :mod:`mxjax.ndarray.host`)."""
        return to_host(self.data)

    def asscalar(self):
        """The only element as a NumPy scalar; raises ValueError for other sizes."""
        if self.shape != (1,) and self.shape != ():
            raise ValueError("The current array is not a scalar")
        return self.asnumpy().reshape(())[()]

    def __array__(self, dtype=None, copy=None):
        return np.array(self.data, dtype=dtype)

    def __float__(self):
        return float(self._one_value())

    def __int__(self):
        return int(self._one_value())

    def __index__(self):
        if not np.issubdtype(self.dtype, np.integer):
            raise TypeError("only integer arrays of one element can be used as an index")
        return int(self._one_value())

    def _one_value(self):
        if self.size != 1:
            raise ValueError("The truth value of an NDArray with multiple elements is "
                             "ambiguous." if False else
                             "only one-element NDArrays can be converted to Python scalars")
        return self.asnumpy().reshape(-1)[0]

    def __bool__(self):
        size = self.size
        if size == 0:
            return False
        if size == 1:
            return bool(self.asnumpy().reshape(-1)[0])
        raise ValueError("The truth value of an NDArray with multiple elements is ambiguous.")

    __nonzero__ = __bool__

    def __len__(self):
        if not self.shape:
            raise TypeError("len() of unsized object")
        return self.shape[0]

    def __iter__(self):
        for i in range(len(self)):
            yield self[i]

    def __hash__(self):
        return id(self) >> 4

    def __repr__(self):
        shape_info = "x".join("%d" % s for s in self.shape)
        return "\n%s\n<%s %s @%s>" % (str(self.asnumpy()), self.__class__.__name__,
                                      shape_info, self._ctx)

    __str__ = __repr__

    def __reduce__(self):
        return (_rebuild, (self.asnumpy(), str(self._ctx.device_type), self._ctx.device_id))

    def __getstate__(self):
        """``{'handle': bytearray}``: the array as MXNet's raw NDArray record."""
        from .serialization import to_raw_bytes
        return {"handle": bytearray(to_raw_bytes(self))}

    def __setstate__(self, state):
        """Take the value and context of ``state['handle']`` (MXNet's raw NDArray record;
        a GPU array's record loads on the CPU when no GPU is present, as MXNet)."""
        from .serialization import from_raw_bytes
        value, ctx = from_raw_bytes(bytes(state["handle"]))
        new = array(value, ctx=ctx, dtype=value.dtype)
        self._data, self._node, self._index, self._ctx = new.data, None, 0, ctx

    # -- copies and contexts ------------------------------------------------------------
    def astype(self, dtype, copy=True):
        """A copy cast to ``dtype`` (the array itself when ``copy=False`` and equal)."""
        dt = np_dtype(dtype)
        if not copy and np.dtype(self.dtype) == dt:
            return self
        return _invoke(_get_op("Cast"), [self], {"dtype": dt.name})

    def copy(self):
        """A copy on the same context."""
        return _invoke(_get_op("_copy"), [self], {})

    def copyto(self, other):
        """Copy into ``other`` (an NDArray of the same shape) or onto a Context."""
        if isinstance(other, NDArray):
            if other is self:
                return other
            if tuple(other.shape) != tuple(self.shape):
                raise MXNetError("copyto: shape mismatch, source %s vs. target %s"
                                 % (shape_str(self.shape), shape_str(other.shape)))
            value = jax.device_put(self.data, jax_device(other._ctx))
            if value.dtype != other.dtype:
                value = value.astype(other.dtype)
            other._check_writable()
            other._set_data(value)
            return other
        if isinstance(other, Context):
            dev = jax_device(other)
            return NDArray._from_jax(jax.device_put(self.data, dev), other)
        raise TypeError("copyto does not support type " + str(type(other)))

    def as_in_context(self, context):
        """This array on ``context`` (itself if already there)."""
        if self._ctx == context:
            return self
        return self.copyto(context)

    as_in_ctx = as_in_context

    def to_device(self, device):
        """Same as ``as_in_context``."""
        return self.as_in_context(device)

    def as_nd_ndarray(self):
        """This array (already an ``mx.nd`` array)."""
        return self

    def as_np_ndarray(self):
        """This array viewed as an ``mx.np`` array (the same handle in mxjax)."""
        return self

    def detach(self):
        """A handle to the same value, cut from the recorded graph."""
        return NDArray._from_jax(self.data, self._ctx)

    def wait_to_read(self):
        """Block until the value is computed."""
        self.data.block_until_ready()

    def wait_to_write(self):
        """Block until pending writes finish (values are immutable: same as wait_to_read)."""
        self.wait_to_read()

    # -- autograd -------------------------------------------------------------------------
    def attach_grad(self, grad_req="write", stype=None):
        """Attach a gradient buffer (zeros) and mark this array as a variable.

        Parameters
        ----------
        grad_req : {'write', 'add', 'null'}, default 'write'
        stype : str, optional
            Only ``'default'`` (dense) is supported.
        """
        if grad_req not in ("write", "add", "null"):
            raise GradReqError("attach_grad: invalid grad_req %r: expected one of 'write', "
                               "'add', 'null'" % (grad_req,))
        autograd._check_grad_req(grad_req)
        if stype not in (None, "default"):
            raise MXNetError("attach_grad: only dense gradients (stype='default') are "
                             "supported, got stype=%r" % (stype,))
        grad = None
        if grad_req != "null":  # MXNet attaches no buffer for 'null'
            grad = NDArray._from_jax(transfer.filled(self.shape, 0, self.dtype, _device_of(self)),
                                     self._ctx)
        self._mark(grad, grad_req)

    def _mark(self, grad, grad_req):
        self._data = self.data
        self._grad = grad
        self._node = graph.VarNode(grad, grad_req)
        self._index = 0

    def backward(self, out_grad=None, retain_graph=False, train_mode=True):
        """Compute the gradients of this array with respect to the marked variables.

        Parameters
        ----------
        out_grad : NDArray, optional
            Head gradient; ones when omitted.
        retain_graph : bool, default False
        train_mode : bool, default True
        """
        autograd.backward([self], None if out_grad is None else [out_grad], retain_graph, train_mode)

    def _check_writable(self):
        node = self._node
        if autograd._state.recording and node is not None and not node.freed:
            registry._check_out(self, True)

    # -- shape helpers ----------------------------------------------------------------------
    def reshape(self, *shape, **kwargs):
        """Reshape, with MXNet's special codes 0, -1, -2, -3, -4 and ``reverse``."""
        if len(shape) == 1 and isinstance(shape[0], (list, tuple)):
            shape = shape[0]
        if "shape" in kwargs:
            shape = kwargs.pop("shape")
        reverse = kwargs.pop("reverse", False)
        if kwargs:
            raise TypeError("reshape() got unexpected keyword arguments %s" % list(kwargs))
        return _invoke(_get_op("Reshape"), [self],
                       {"shape": tuple(int(s) for s in shape), "reverse": bool(reverse)})

    def slice(self, begin, end, step=None):
        """Slice with per-axis ``begin``/``end``/``step`` (None for the whole axis)."""
        return _invoke(_get_op("slice"), [self], {"begin": _tup(begin), "end": _tup(end),
                                                  "step": _tup(step) if step is not None
                                                  else ()})

    # -- indexing ------------------------------------------------------------------------------
    def __getitem__(self, key):
        from . import indexing
        return indexing.getitem(self, key)

    def __setitem__(self, key, value):
        from . import indexing
        indexing.setitem(self, key, value)

    # -- arithmetic ------------------------------------------------------------------------------
    def _binary(self, other, op_name, scalar_name):
        if other.__class__ is NDArray or isinstance(other, NDArray):
            return _invoke(_OPS[op_name], [self, other], {})
        if isinstance(other, numeric_types):
            return _invoke(_OPS[scalar_name], [self], {"scalar": float(other)})
        if isinstance(other, np.ndarray):
            return _invoke(_get_op(op_name), [self, array(other, ctx=self._ctx,
                                                          dtype=self.dtype)], {})
        return NotImplemented

    def _rbinary(self, other, scalar_name):
        if isinstance(other, numeric_types):
            return _invoke(_OPS[scalar_name], [self], {"scalar": float(other)})
        return NotImplemented

    def _inplace(self, other, op_name, scalar_name):
        self._check_writable()
        res = self._binary(other, op_name, scalar_name)
        if res is NotImplemented:
            return res
        if tuple(res.shape) != tuple(self.shape):
            raise MXNetError("In-place %s: result of shape %s does not fit the array of shape %s"
                             % (op_name, shape_str(res.shape), shape_str(self.shape)))
        self._assign_from(res)
        return self

    def __add__(self, o):
        return self._binary(o, "broadcast_add", "_plus_scalar")

    def __radd__(self, o):
        return self._rbinary(o, "_plus_scalar")

    def __iadd__(self, o):
        return self._inplace(o, "broadcast_add", "_plus_scalar")

    def __sub__(self, o):
        return self._binary(o, "broadcast_sub", "_minus_scalar")

    def __rsub__(self, o):
        return self._rbinary(o, "_rminus_scalar")

    def __isub__(self, o):
        return self._inplace(o, "broadcast_sub", "_minus_scalar")

    def __mul__(self, o):
        return self._binary(o, "broadcast_mul", "_mul_scalar")

    def __rmul__(self, o):
        return self._rbinary(o, "_mul_scalar")

    def __imul__(self, o):
        return self._inplace(o, "broadcast_mul", "_mul_scalar")

    def __truediv__(self, o):
        return self._binary(o, "broadcast_div", "_div_scalar")

    def __rtruediv__(self, o):
        return self._rbinary(o, "_rdiv_scalar")

    def __itruediv__(self, o):
        return self._inplace(o, "broadcast_div", "_div_scalar")

    __div__, __rdiv__, __idiv__ = __truediv__, __rtruediv__, __itruediv__

    def __mod__(self, o):
        return self._binary(o, "broadcast_mod", "_mod_scalar")

    def __rmod__(self, o):
        return self._rbinary(o, "_rmod_scalar")

    def __imod__(self, o):
        return self._inplace(o, "broadcast_mod", "_mod_scalar")

    def __pow__(self, o):
        return self._binary(o, "broadcast_power", "_power_scalar")

    def __rpow__(self, o):
        return self._rbinary(o, "_rpower_scalar")

    def __neg__(self):
        return _invoke(_get_op("negative"), [self], {})

    def __pos__(self):
        return self

    def __abs__(self):
        return _invoke(_get_op("abs"), [self], {})

    def __eq__(self, o):
        if o is None:
            return False
        return self._binary(o, "broadcast_equal", "_equal_scalar")

    def __ne__(self, o):
        if o is None:
            return True
        return self._binary(o, "broadcast_not_equal", "_not_equal_scalar")

    def __gt__(self, o):
        return self._binary(o, "broadcast_greater", "_greater_scalar")

    def __ge__(self, o):
        return self._binary(o, "broadcast_greater_equal", "_greater_equal_scalar")

    def __lt__(self, o):
        return self._binary(o, "broadcast_lesser", "_lesser_scalar")

    def __le__(self, o):
        return self._binary(o, "broadcast_lesser_equal", "_lesser_equal_scalar")

    # -- shape and indexing family (ops/shape.py, ops/indexing_ops.py) ----------------------
    def squeeze(self, axis=None, inplace=False):
        """Remove length-one axes (all, or ``axis``); a copy even when ``inplace``."""
        attrs = {} if axis is None else {"axis": axis if isinstance(axis, integer_types)
                                         else tuple(int(a) for a in axis)}
        return _invoke(_get_op("squeeze"), [self], attrs)

    def broadcast_to(self, shape):
        """Broadcast to ``shape``, adding leading axes as needed (a ValueError otherwise)."""
        from .indexing import _broadcast_value
        return _broadcast_value(self, tuple(int(s) for s in shape))

    def broadcast_like(self, other):
        """Broadcast to ``other``'s shape (see ``broadcast_to``)."""
        return self.broadcast_to(other.shape)

    def tostype(self, stype):
        """A copy with storage type ``stype`` (only ``'default'`` exists in mxjax)."""
        return _invoke(_get_op("cast_storage"), [self], {"stype": stype})

    def slice_assign(self, rhs, begin, end, step):
        """Write ``rhs`` into ``self[begin:end:step]`` in place; returns ``self``."""
        return _invoke(_get_op("_slice_assign"), [self, rhs],
                       {"begin": _tup(begin), "end": _tup(end), "step": _tup(step) or ()},
                       out=self)

    def slice_assign_scalar(self, value, begin, end, step):
        """Write the scalar ``value`` into ``self[begin:end:step]`` in place; returns ``self``."""
        return _invoke(_get_op("_slice_assign_scalar"), [self],
                       {"scalar": float(value), "begin": _tup(begin), "end": _tup(end),
                        "step": _tup(step) or ()}, out=self)


def _rebuild(value, dev_type, dev_id):
    return array(value, ctx=Context(dev_type, dev_id), dtype=value.dtype)


def _tup(x):
    if x is None:
        return None
    if isinstance(x, integer_types):
        return (int(x),)
    return tuple(None if v is None else int(v) for v in x)


def _device_of(a):
    return jax_device(a._ctx)


def _wrap(data, ctx):
    return NDArray._from_jax(data, ctx)


def _wrap_pending(node, index, ctx):
    a = NDArray.__new__(NDArray)
    a._data = node.values[index] if node.values is not None else None
    a._node = node
    a._index = index
    a._ctx = ctx
    a._grad = None
    if a._data is None:
        node.track(a)
    return a


# ---------------------------------------------------------------------------
# creation


def array(source_array, ctx=None, dtype=None):
    """Create an NDArray from a list, NumPy array, scalar or NDArray.

    Parameters
    ----------
    source_array : array_like
    ctx : Context, optional
        Default ``current_context()``.
    dtype : str or numpy dtype, optional
        Default ``source_array.dtype`` for an NDArray, float32 otherwise (as MXNet).
    """
    ctx = ctx if ctx is not None else current_context()
    if isinstance(source_array, NDArray):
        dt = np_dtype(dtype, default=source_array.dtype)
        value = source_array.data.astype(dt)
    else:
        dt = np_dtype(dtype)
        if isinstance(source_array, jax.Array):
            value = source_array.astype(dt)
        else:
            try:
                value = np.asarray(source_array, dtype=dt)
            except (TypeError, ValueError) as err:
                raise MXNetError("array: cannot convert %r to an array of %s: %s"
                                 % (type(source_array).__name__, dt.name, err)) from None
    return NDArray._from_jax(transfer.to_device(value, jax_device(ctx)), ctx)


def _shape_tuple(shape):
    if isinstance(shape, integer_types):
        shape = (int(shape),)
    try:
        shape = tuple(int(s) for s in shape)
    except (TypeError, ValueError, OverflowError) as err:
        raise MXNetError("Invalid shape %r: %s" % (shape, err)) from None
    for s in shape:
        if s < 0:
            raise MXNetError("Invalid shape %s: dimensions must be non-negative"
                             % shape_str(shape))
    return shape


def _filled(shape, value, ctx, dtype):
    ctx = ctx if ctx is not None else current_context()
    dt = np_dtype(dtype)
    shape = _shape_tuple(shape)
    return NDArray._from_jax(transfer.filled(shape, value, dt, jax_device(ctx)), ctx)


def _dense_only(fname, stype):
    """Refuse a request for sparse storage (mxjax has dense arrays only)."""
    if stype not in (None, "default"):
        raise MXNetError("%s: storage type %r is not supported by mxjax (only dense arrays, "
                         "stype='default')" % (fname, stype))


def _filled_op(fname, shape, value, ctx, dtype, kwargs):
    """zeros/ones: MXNet's generated operator takes ``out`` and ``name``; any other keyword
    is an error, as MXNet's "Cannot find argument"."""
    out = kwargs.pop("out", None)
    kwargs.pop("name", None)
    if "stype" in kwargs:  # MXNet's ones has no stype; mxjax has no sparse storage either
        raise MXNetError("%s: cannot find argument 'stype' (and sparse storage %r is not "
                         "supported by mxjax)" % (fname, kwargs["stype"]))
    if kwargs:
        raise MXNetError("%s: cannot find argument %r (its arguments: shape, ctx, dtype%s, "
                         "out, name)" % (fname, sorted(kwargs)[0],
                                         ", stype" if fname == "zeros" else ""))
    res = _filled(shape, value, ctx, dtype)
    if out is not None:
        if tuple(out.shape) != tuple(res.shape):
            raise MXNetError("%s: cannot write a result of shape %s into out= of shape %s"
                             % (fname, shape_str(res.shape), shape_str(out.shape)))
        out._check_writable()
        out._set_data(res.data.astype(out.dtype))
        return out
    return res


def zeros(shape, ctx=None, dtype=None, stype=None, **kwargs):
    """An array of zeros (float32 unless ``dtype`` is given).

    Parameters
    ----------
    shape : int or tuple of int
    ctx : Context, optional
    dtype : str or numpy dtype, default float32
    stype : str, optional
        Only ``'default'`` (dense): a sparse storage type raises MXNetError.
    out : NDArray, optional
        Written in place (same shape).
    """
    _dense_only("zeros", stype)
    return _filled_op("zeros", shape, 0, ctx, dtype, kwargs)


def ones(shape, ctx=None, dtype=None, **kwargs):
    """An array of ones (float32 unless ``dtype`` is given).

    Parameters
    ----------
    shape : int or tuple of int
    ctx : Context, optional
    dtype : str or numpy dtype, default float32
    out : NDArray, optional
        Written in place (same shape).
    """
    return _filled_op("ones", shape, 1, ctx, dtype, kwargs)


def full(shape, val, ctx=None, dtype=np.float32, out=None):
    """An array filled with ``val``; given ``out``, ``out`` is filled (its shape and dtype
    kept, ``shape`` ignored, as MXNet) and returned."""
    if out is not None:
        out[:] = val
        return out
    return _filled(shape, val, ctx, dtype)


def empty(shape, ctx=None, dtype=None, stype=None):
    """An uninitialised array (zeros in mxjax); ``stype`` must be dense (``'default'``)."""
    _dense_only("empty", stype)
    return _filled(shape, 0, ctx, dtype)


def arange(start, stop=None, step=1.0, repeat=1, infer_range=None, ctx=None, dtype=np.float32):
    """Evenly spaced values in ``[start, stop)`` (float32 by default, as MXNet).

    Parameters
    ----------
    start, stop, step : number
    repeat : int
        Repeat each value this many times.
    ctx : Context, optional
    dtype : default float32
    """
    ctx = ctx if ctx is not None else current_context()
    if stop is None:
        start, stop = 0, start
    dt = np_dtype(dtype)
    if step == 0:
        raise MXNetError("arange: step must not be 0")
    for arg, v in (("start", start), ("stop", stop), ("step", step)):
        if not np.isfinite(v):
            raise MXNetError("arange: %s must be a finite number, got %r" % (arg, v))
    vals = np.arange(start, stop, step, dtype=np.float64).astype(dt)
    if repeat != 1:
        vals = np.repeat(vals, int(repeat))
    return NDArray._from_jax(transfer.to_device(vals, jax_device(ctx)), ctx)


def zeros_like_nd(a):
    """Zeros with ``a``'s shape, dtype and context."""
    return NDArray._from_jax(transfer.filled(a.shape, 0, a.dtype, _device_of(a)), a._ctx)


def waitall():
    """Wait for all pending computation (JAX's asynchronous dispatch included)."""
    jax.effects_barrier()


registry.bind_ndarray(NDArray, _wrap, _wrap_pending)
autograd.bind_ndarray(NDArray)
