"""NDArray's computing methods and the creation functions (``array``, ``zeros`` ...).

The class itself is the handle of ``mxjax.ndarray.handle``; this module installs
on it every method that computes (arithmetic, comparisons, ``reshape``, ``astype``,
indexing, pickling ...), each a call of the one dispatch path
(``mxjax.ndarray.registry.invoke``), and defines the creation functions.
"""
import numpy as np
import jax
import jax.numpy as jnp

from ..base import MXNetError, np_dtype, shape_str, numeric_types, integer_types, _Null
from ..context import Context, current_context, jax_device, context_of_device
from ..core import state
from .. import autograd
from . import registry
from . import transfer
from . import indexing
from . import serialization
from . import dlpack
from . import views
from .handle import NDArray, GradReqError, _wrap, _wrap_pending, _device_of, sparse_module
from .creation import (array, zeros, ones, full, empty, arange, waitall,  # noqa: F401
                       zeros_like_nd, _filled, _dense_only, _shape_tuple)

__all__ = ["NDArray", "array", "zeros", "ones", "full", "empty", "arange", "waitall"]

# MXNet's storage-type ids (kept in base, below the symbol layer, which reads them too)
from ..base import _STORAGE_TYPE_STR_TO_ID, _STORAGE_TYPE_ID_TO_STR  # noqa: E402,F401

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



class _NDArrayMethods:
    # The methods of NDArray that compute: installed on the handle class below.

    def to_dlpack_for_read(self):
        """A DLPack capsule of the array (waits for pending computation)."""
        return dlpack.to_dlpack_for_read(self)

    def to_dlpack_for_write(self):
        """A DLPack capsule of the array, to be written by the consumer."""
        return dlpack.to_dlpack_for_write(self)

    def __reduce__(self):
        return (_rebuild, (self.asnumpy(), str(self._ctx.device_type), self._ctx.device_id))

    def __getstate__(self):
        """``{'handle': bytearray}``: the array as MXNet's raw NDArray record."""
        return {"handle": bytearray(serialization.to_raw_bytes(self))}

    def __setstate__(self, state):
        """Take the value and context of ``state['handle']`` (MXNet's raw NDArray record;
        a GPU array's record loads on the CPU when no GPU is present, as MXNet)."""
        value, ctx = serialization.from_raw_bytes(bytes(state["handle"]))
        new = array(value, ctx=ctx, dtype=value.dtype)
        self._data, self._node, self._index, self._ctx = new._value, None, 0, ctx

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
            if self._failed():   # the copy fails the same way (raised when read)
                other._check_writable()
                other._show_pending(self._node, self._index)
                return other
            value = jax.device_put(self._value, jax_device(other._ctx))
            if value.dtype != other.dtype:
                value = value.astype(other.dtype)
            other._check_writable()
            other._set_data(value)
            return other
        if isinstance(other, Context):
            dev = jax_device(other)
            if self._failed():
                return _wrap_pending(self._node, self._index, other)
            return NDArray._from_jax(jax.device_put(self._value, dev), other)
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
        """An array sharing this array's memory, cut from the recorded graph."""
        return views.link(NDArray._from_jax(self._value, self._ctx), self, 0, self.size)

    def wait_to_read(self):
        """Block until the value is computed."""
        self._value.block_until_ready()

    def wait_to_write(self):
        """Block until pending writes finish (values are immutable: same as wait_to_read)."""
        self.wait_to_read()

    # -- autograd -------------------------------------------------------------------------
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
        if state.local.recording and node is not None and node.recorded:
            registry._check_out(self, True)

    # -- shape helpers ----------------------------------------------------------------------
    def reshape(self, *shape, **kwargs):
        """A view of this array with a new shape (sharing its memory), with MXNet's
        special codes 0, -1, -2, -3, -4 and ``reverse``."""
        if len(shape) == 1 and isinstance(shape[0], (list, tuple)):
            shape = shape[0]
        if "shape" in kwargs:
            shape = kwargs.pop("shape")
        reverse = kwargs.pop("reverse", False)
        if kwargs:
            raise TypeError("reshape() got unexpected keyword arguments %s" % list(kwargs))
        out = _invoke(_get_op("Reshape"), [self],
                      {"shape": tuple(int(s) for s in shape), "reverse": bool(reverse)})
        return views.link(out, self, 0, self.size)

    _basic_indexing_slice_is_contiguous = staticmethod(views.is_contiguous)

    def _at(self, idx):
        """``self[idx]`` for an integer ``idx``: a view of one row (MXNet's ``_at``)."""
        return indexing.getitem(self, int(idx))

    def _slice(self, start, stop):
        """``self[start:stop]``: a view of rows ``start .. stop`` (MXNet's ``_slice``)."""
        return indexing.getitem(self, slice(start, stop))

    def slice(self, begin, end, step=None):
        """Slice with per-axis ``begin``/``end``/``step`` (None for the whole axis)."""
        return _invoke(_get_op("slice"), [self], {"begin": _tup(begin), "end": _tup(end),
                                                  "step": _tup(step) if step is not None
                                                  else ()})

    # -- indexing ------------------------------------------------------------------------------
    def __getitem__(self, key):
        return indexing.getitem(self, key)

    def __setitem__(self, key, value):
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
        """Remove length-one axes (all, or ``axis``); with ``inplace`` a view sharing
        this array's memory, else a copy."""
        attrs = {} if axis is None else {"axis": axis if isinstance(axis, integer_types)
                                         else tuple(int(a) for a in axis)}
        out = _invoke(_get_op("squeeze"), [self], attrs)
        return self.reshape(out.shape) if inplace else out

    def broadcast_to(self, shape):
        """Broadcast to ``shape``, adding leading axes as needed (a ValueError otherwise)."""
        from .indexing import _broadcast_value
        return _broadcast_value(self, tuple(int(s) for s in shape))

    def broadcast_like(self, other):
        """Broadcast to ``other``'s shape (see ``broadcast_to``)."""
        return self.broadcast_to(other.shape)

    def tostype(self, stype):
        """A copy with storage type ``stype`` (``'default'``, ``'row_sparse'``, ``'csr'``)."""
        return sparse_module().cast_storage(self, stype)

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


for _name, _method in list(vars(_NDArrayMethods).items()):
    if _name not in ("__module__", "__qualname__", "__dict__", "__weakref__", "__doc__",
                     "__hash__"):  # (a class body defining __eq__ gets __hash__ = None)
        setattr(NDArray, _name, _method)
del _name, _method
