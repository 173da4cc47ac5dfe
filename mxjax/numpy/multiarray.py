"""``mx.np.ndarray`` and the ``mx.np`` functions generated from the operator tables.

``ndarray`` is a subclass of ``NDArray`` over the same handle (value or pending
graph node, gradient buffer): the registry's ``invoke`` gives results the class of
their first array input, so every operator, autograd, replay and compilation is
shared with ``mx.nd``. What differs is NumPy's semantics: zero-dim results, NumPy
indexing, NumPy repr, float32 creation defaults (MXNet's), NumPy function names.
"""
import builtins
import inspect

import numpy as onp
import jax
import jax.numpy as jnp

from ..base import MXNetError, np_dtype, shape_str, numeric_types
from ..context import Context, current_context, jax_device
from ..ndarray.ndarray import NDArray
from ..ndarray import transfer
from ..ndarray import views
from ..ndarray.registry import invoke, get_op
from .. import util
from . import _ops
from ._signatures import SIGNATURES

__all__ = ["ndarray", "array", "empty", "zeros", "ones", "full", "arange", "linspace",
           "logspace", "eye", "identity", "zeros_like", "ones_like", "full_like",
           "empty_like", "indices", "hanning", "hamming", "blackman", "meshgrid",
           "tri", "FUNCTIONS"]


def _default_float():
    return onp.float64 if util.is_np_default_dtype() else onp.float32


class ndarray(NDArray):  # pylint: disable=invalid-name
    """An array with NumPy semantics on a context, as ``mxnet.numpy.ndarray``.

    It shares everything with ``mx.nd.NDArray`` (the handle, autograd, the engine);
    indexing, reductions (zero-dim results), ``repr`` and methods follow NumPy.
    """

    __slots__ = ()

    # -- display and conversion ----------------------------------------------------
    def __repr__(self):
        a = self.asnumpy()
        body = onp.array2string(a, separator=", ", prefix="array(")
        dt = onp.dtype(a.dtype)
        extra = ""
        if a.size == 0 and a.ndim > 1:
            body = "[]"
            extra += ", shape=%s" % (a.shape,)
        if dt not in (onp.dtype(onp.float32), onp.dtype(onp.bool_)):
            extra += ", dtype=%s" % dt.name
        if self._ctx.device_type != "cpu":
            extra += ", ctx=%s" % self._ctx
        return "array(%s%s)" % (body, extra)

    def __str__(self):
        return str(self.asnumpy())

    def __reduce__(self):
        return (_rebuild, (self.asnumpy(), str(self._ctx.device_type), self._ctx.device_id))

    def item(self, *args):
        """The element at ``args`` (or the only element) as a Python scalar."""
        return self.asnumpy().item(*args)

    def tolist(self):
        """The array as nested Python lists."""
        return self.asnumpy().tolist()

    def asscalar(self):
        """The only element as a NumPy scalar (MXNet: raises for other sizes)."""
        if self.size != 1:
            raise ValueError("The current array is not a scalar")
        return self.asnumpy().reshape(())[()]

    def as_nd_ndarray(self):
        """The same handle as an ``mx.nd.NDArray`` (no copy)."""
        return _share(self, NDArray)

    def as_np_ndarray(self):
        """This array."""
        return self

    def astype(self, dtype, copy=True):
        """A copy cast to ``dtype`` (the array itself when ``copy=False`` and equal)."""
        dt = np_dtype(dtype, default=_default_float())
        if not copy and onp.dtype(self.dtype) == dt:
            return self
        return invoke(get_op("Cast"), [self], {"dtype": dt.name})

    def detach(self):
        """An array sharing this array's memory, cut from the recorded graph."""
        return views.link(ndarray._from_jax(self._value, self._ctx), self, 0, self.size)

    def copyto(self, other):
        """Copy into ``other`` (an array of the same shape) or onto a Context."""
        res = NDArray.copyto(self, other)
        if isinstance(other, Context):
            res.__class__ = ndarray
        return res

    def attach_grad(self, grad_req="write", stype=None):
        """Attach a gradient buffer (zeros, an ``mx.np.ndarray``) and mark as a variable."""
        NDArray.attach_grad(self, grad_req, stype)
        if self._grad is not None:
            self._grad.__class__ = ndarray

    @property
    def dtype(self):
        """The data type as a ``numpy.dtype`` (``dtype('float32')``), as MXNet's mx.np arrays
        give it (``mx.nd`` arrays give the scalar type, ``numpy.float32``)."""
        return onp.dtype(NDArray.dtype.fget(self))

    @property
    def device(self):
        """The Context of the array (MXNet 2.0's name)."""
        return self._ctx

    # -- indexing -------------------------------------------------------------------------
    def __getitem__(self, key):
        from . import _indexing
        return _indexing.getitem(self, key)

    def __setitem__(self, key, value):
        from . import _indexing
        _indexing.setitem(self, key, value)

    def __iter__(self):
        if not self.shape:
            raise TypeError("iteration over a 0-d array")
        for i in range(self.shape[0]):
            yield self[i]

    def __len__(self):
        if not self.shape:
            raise TypeError("len() of unsized object")
        return self.shape[0]

    # -- arithmetic: the np operators ------------------------------------------------------
    def _bin(self, other, name, reverse=False):
        # the hot path of every ``x * 2``: the operators are looked up once per name,
        # a Python float/int scalar skips the generic checks, and ``reverse`` is only
        # an attribute when true (its default), so the attribute key stays short
        ops = _BIN_OPS.get(name) or _bin_ops(name)
        cls = other.__class__
        if cls is float or cls is int:
            return invoke(ops[1], [self], {"scalar": other, "reverse": True}
                          if reverse and name not in _COMMUTATIVE else {"scalar": other})
        if cls is ndarray or isinstance(other, NDArray):
            a, b = (other, self) if reverse else (self, other)
            return invoke(ops[0], [a, b], {})
        if isinstance(other, numeric_types) and not isinstance(other, onp.ndarray):
            s = _py_scalar(other)
            return invoke(ops[1], [self], {"scalar": s, "reverse": True} if reverse
                          else {"scalar": s})
        if isinstance(other, (onp.ndarray, list, tuple)):
            o = array(other, ctx=self._ctx)
            a, b = (o, self) if reverse else (self, o)
            return invoke(ops[0], [a, b], {})
        return NotImplemented

    def _ibin(self, other, name):
        self._check_writable()
        res = self._bin(other, name)
        if res is NotImplemented:
            return res
        if tuple(res.shape) != tuple(self.shape):
            raise MXNetError("In-place %s: result of shape %s does not fit the array of "
                             "shape %s" % (name, shape_str(res.shape), shape_str(self.shape)))
        self._assign_from(res)
        return self

    def __add__(self, o):
        return self._bin(o, "add")

    def __radd__(self, o):
        return self._bin(o, "add", True)

    def __iadd__(self, o):
        return self._ibin(o, "add")

    def __sub__(self, o):
        return self._bin(o, "subtract")

    def __rsub__(self, o):
        return self._bin(o, "subtract", True)

    def __isub__(self, o):
        return self._ibin(o, "subtract")

    def __mul__(self, o):
        return self._bin(o, "multiply")

    def __rmul__(self, o):
        return self._bin(o, "multiply", True)

    def __imul__(self, o):
        return self._ibin(o, "multiply")

    def __truediv__(self, o):
        return self._bin(o, "true_divide")

    def __rtruediv__(self, o):
        return self._bin(o, "true_divide", True)

    def __itruediv__(self, o):
        return self._ibin(o, "true_divide")

    __div__, __rdiv__, __idiv__ = __truediv__, __rtruediv__, __itruediv__

    def __floordiv__(self, o):
        return self._bin(o, "floor_divide")

    def __rfloordiv__(self, o):
        return self._bin(o, "floor_divide", True)

    def __mod__(self, o):
        return self._bin(o, "mod")

    def __rmod__(self, o):
        return self._bin(o, "mod", True)

    def __imod__(self, o):
        return self._ibin(o, "mod")

    def __pow__(self, o):
        return self._bin(o, "power")

    def __rpow__(self, o):
        return self._bin(o, "power", True)

    def __matmul__(self, o):
        return matmul(self, o)

    def __rmatmul__(self, o):
        return matmul(o, self)

    def __and__(self, o):
        return self._bin(o, "bitwise_and")

    def __or__(self, o):
        return self._bin(o, "bitwise_or")

    def __xor__(self, o):
        return self._bin(o, "bitwise_xor")

    def __invert__(self):
        return invoke(get_op(_ops.op_name("invert")), [self], {})

    def __neg__(self):
        return invoke(get_op(_ops.op_name("negative")), [self], {})

    def __abs__(self):
        return invoke(get_op(_ops.op_name("abs")), [self], {})

    def __eq__(self, o):
        if o is None:
            return False
        return self._bin(o, "equal")

    def __ne__(self, o):
        if o is None:
            return True
        return self._bin(o, "not_equal")

    def __gt__(self, o):
        return self._bin(o, "greater")

    def __ge__(self, o):
        return self._bin(o, "greater_equal")

    def __lt__(self, o):
        return self._bin(o, "less")

    def __le__(self, o):
        return self._bin(o, "less_equal")

    __hash__ = NDArray.__hash__

    # -- shape methods with NumPy's signatures ----------------------------------------------
    def reshape(self, *shape, **kwargs):
        """Reshape (``-1`` infers one dimension); ``order='C'`` only."""
        order = kwargs.pop("order", "C")
        if "newshape" in kwargs:
            shape = (kwargs.pop("newshape"),)
        if kwargs:
            raise TypeError("reshape() got unexpected keyword arguments %s" % list(kwargs))
        if len(shape) == 1 and isinstance(shape[0], (list, tuple)):
            shape = shape[0]
        return reshape(self, tuple(int(s) for s in shape), order=order)

    def transpose(self, *axes):
        """Permute the axes (reversed when none are given)."""
        if len(axes) == 1 and isinstance(axes[0], (list, tuple)):
            axes = axes[0]
        if len(axes) == 1 and axes[0] is None:
            axes = ()
        return transpose(self, tuple(axes) if axes else None)

    @property
    def T(self):
        """The transpose (reversed axes)."""
        return transpose(self)

    def flatten(self, order="C"):
        """A copy collapsed into one dimension."""
        return ravel(self, order)

    def squeeze(self, axis=None):
        """Remove length-one axes."""
        return squeeze(self, axis)

    def expand_dims(self, axis):
        """Insert a length-one axis."""
        return expand_dims(self, axis)

    def broadcast_to(self, shape):
        """Broadcast to ``shape``."""
        return broadcast_to(self, shape)

    def dot(self, b, out=None):
        """Dot product with ``b``."""
        return dot(self, b, out=out)

    def copy(self, order="C"):
        """A copy on the same context."""
        return copy(self)

    def nonzero(self):
        """Indices of the non-zero elements (a tuple of int64 arrays, one per axis)."""
        return nonzero(self)


ndarray._result_class = ndarray   # operators on mx.np arrays give mx.np arrays


_BIN_OPS = {}
# ``scalar op x`` is ``x op scalar`` for these: ``2 * x`` needs no ``reverse`` attribute
_COMMUTATIVE = frozenset(("add", "multiply", "equal", "not_equal", "bitwise_and",
                          "bitwise_or", "bitwise_xor"))


def _bin_ops(name):
    """(array-array operator, array-scalar operator) of the np function ``name``."""
    base = _ops.op_name(name)
    pair = (get_op(base), get_op(base + "_scalar"))
    _BIN_OPS[name] = pair
    return pair


def _py_scalar(v):
    if isinstance(v, onp.generic):
        return v.item()
    return v


def _share(a, cls):
    """A new handle of class ``cls`` over ``a``'s value, graph entry and gradient."""
    b = cls.__new__(cls)
    b._data = a._data
    b._node = a._node
    b._index = a._index
    b._ctx = a._ctx
    b._grad = a._grad
    b._view = None
    if b._data is None and b._node is not None:
        b._node.track(b)
    return views.link(b, a, 0, a.size)  # the same memory, as MXNet's


def _as_np_ndarray(self):
    """This array as an ``mx.np.ndarray`` (the same handle; no copy)."""
    if isinstance(self, ndarray):
        return self
    return _share(self, ndarray)


NDArray.as_np_ndarray = _as_np_ndarray


def _rebuild(value, dev_type, dev_id):
    return array(value, ctx=Context(dev_type, dev_id), dtype=value.dtype)


def _wrap_host(value, ctx):
    """An ``ndarray`` on ``ctx`` holding a copy of the host (NumPy) or JAX value."""
    if isinstance(value, jax.Array):
        return ndarray._from_jax(jax.device_put(value, jax_device(ctx)), ctx)
    return ndarray._from_jax(transfer.to_device(onp.asarray(value), jax_device(ctx)), ctx)


def _to_np(res):
    """Give results the ``ndarray`` class (creation from plain NDArrays, lists)."""
    if isinstance(res, NDArray):
        if res.__class__ is not ndarray:
            res.__class__ = ndarray
        return res
    if isinstance(res, (list, tuple)):
        return type(res)(_to_np(r) for r in res)
    return res


# ---------------------------------------------------------------------------
# creation


def array(object, dtype=None, ctx=None):  # pylint: disable=redefined-builtin
    """Create an ``ndarray`` (float32 for Python data unless ``dtype`` says otherwise).

    Parameters
    ----------
    object : array_like
        An ndarray, NumPy array, (nested) list or scalar. NumPy arrays and ndarrays
        keep their dtype; Python data defaults to float32 (as MXNet).
    dtype : str or numpy dtype, optional
    ctx : Context, optional
    """
    ctx = ctx if ctx is not None else current_context()
    if isinstance(object, NDArray):
        dt = np_dtype(dtype, default=object.dtype)
        value = object._value.astype(dt)
        return ndarray._from_jax(jax.device_put(value, jax_device(ctx)), ctx)
    if isinstance(object, (onp.ndarray, onp.generic)) and dtype is None:
        dt = object.dtype
    else:
        dt = np_dtype(dtype, default=_default_float())
    try:
        value = onp.array(object, dtype=dt)
    except (TypeError, ValueError) as err:
        raise MXNetError("array: cannot convert %r to an array of %s: %s"
                         % (type(object).__name__, onp.dtype(dt).name, err)) from None
    return _wrap_host(value, ctx)


def _as_array(x, dtype=None, ctx=None):
    """``x`` as an ndarray (array inputs of np functions may be lists or scalars)."""
    if isinstance(x, ndarray):
        return x
    if isinstance(x, NDArray):
        return _as_np_ndarray(x)
    if dtype is None and isinstance(x, builtins.bool):
        dtype = onp.bool_
    elif dtype is None and isinstance(x, (int, onp.integer)) and not isinstance(x, onp.ndarray):
        dtype = onp.int64 if isinstance(x, onp.int64) else onp.int32
        if isinstance(x, onp.integer):
            dtype = x.dtype
    return array(x, dtype=dtype, ctx=ctx)


def _shape(shape):
    if isinstance(shape, (int, onp.integer)):
        shape = (int(shape),)
    try:
        shape = tuple(int(s) for s in shape)
    except (TypeError, ValueError) as err:
        raise MXNetError("Invalid shape %r: %s" % (shape, err)) from None
    for s in shape:
        if s < 0:
            raise MXNetError("Invalid shape %s: negative dimensions are not allowed"
                             % shape_str(shape))
    return shape


def _filled(shape, value, dtype, ctx):
    ctx = ctx if ctx is not None else current_context()
    dt = np_dtype(dtype, default=_default_float())
    return ndarray._from_jax(transfer.filled(_shape(shape), value, dt, jax_device(ctx)), ctx)


def _check_order(name, order):
    if order != "C":
        raise MXNetError("%s: only order='C' is supported, got %r" % (name, order))


def zeros(shape, dtype=None, order="C", ctx=None):
    """An array of zeros (float32 unless ``dtype`` is given)."""
    _check_order("zeros", order)
    return _filled(shape, 0, dtype, ctx)


def ones(shape, dtype=None, order="C", ctx=None):
    """An array of ones (float32 unless ``dtype`` is given)."""
    _check_order("ones", order)
    return _filled(shape, 1, dtype, ctx)


def empty(shape, dtype=None, order="C", ctx=None):
    """An uninitialised array (zeros in mxjax; float32 unless ``dtype`` is given)."""
    _check_order("empty", order)
    return _filled(shape, 0, dtype, ctx)


def full(shape, fill_value, dtype=None, order="C", ctx=None, out=None):
    """An array filled with ``fill_value`` (float32 unless ``dtype`` is given)."""
    _check_order("full", order)
    if isinstance(fill_value, NDArray):
        res = broadcast_to(fill_value.astype(np_dtype(dtype, default=fill_value.dtype)),
                           _shape(shape))
    else:
        res = _filled(shape, fill_value, dtype, ctx)
    if out is not None:
        out._check_writable()
        out._set_data(res._value.astype(out.dtype))
        return out
    return res


def _like(name, a, value, dtype, order, ctx, out=None):
    _check_order(name, order)
    ctx = ctx if ctx is not None else getattr(a, "_ctx", None)
    dt = dtype if dtype is not None else (a.dtype if hasattr(a, "dtype") else None)
    res = _filled(onp.shape(a) if not hasattr(a, "shape") else a.shape, value, dt, ctx)
    if out is not None:
        out._check_writable()
        out._set_data(res._value.astype(out.dtype))
        return out
    return res


def zeros_like(a, dtype=None, order="C", ctx=None, out=None):
    """Zeros with the shape (and dtype, unless given) of ``a``."""
    return _like("zeros_like", a, 0, dtype, order, ctx, out)


def ones_like(a, dtype=None, order="C", ctx=None, out=None):
    """Ones with the shape (and dtype, unless given) of ``a``."""
    return _like("ones_like", a, 1, dtype, order, ctx, out)


def empty_like(prototype, dtype=None, order="C", subok=False, shape=None):
    """An uninitialised array like ``prototype`` (zeros in mxjax)."""
    res = _like("empty_like", prototype, 0, dtype, order, None)
    return res if shape is None else zeros(shape, dtype=res.dtype, ctx=res._ctx)


def full_like(a, fill_value, dtype=None, order="C", ctx=None, out=None):
    """An array filled with ``fill_value`` with the shape (and dtype) of ``a``."""
    return _like("full_like", a, fill_value, dtype, order, ctx, out)


def arange(start, stop=None, step=1, dtype=None, ctx=None):
    """Evenly spaced values in ``[start, stop)`` (float32 unless ``dtype`` is given)."""
    if stop is None:
        start, stop = 0, start
    if step == 0:
        raise MXNetError("arange: step must not be 0")
    dt = np_dtype(dtype, default=_default_float())
    vals = onp.arange(start, stop, step, dtype=onp.float64).astype(dt)
    return _wrap_host(vals, ctx if ctx is not None else current_context())


def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0, ctx=None):
    """``num`` evenly spaced values from ``start`` to ``stop`` (float32 by default)."""
    dt = np_dtype(dtype, default=_default_float())
    if int(num) < 0:
        raise MXNetError("linspace: Number of samples, %d, must be non-negative." % num)
    vals, step = onp.linspace(start, stop, int(num), endpoint=endpoint, retstep=True,
                              axis=axis)
    res = _wrap_host(vals.astype(dt), ctx if ctx is not None else current_context())
    return (res, step) if retstep else res


def logspace(start, stop, num=50, endpoint=True, base=10.0, dtype=None, axis=0, ctx=None):
    """``base ** linspace(start, stop, num)`` (float32 by default)."""
    dt = np_dtype(dtype, default=_default_float())
    vals = onp.logspace(start, stop, int(num), endpoint=endpoint, base=base, axis=axis)
    return _wrap_host(vals.astype(dt), ctx if ctx is not None else current_context())


def eye(N, M=None, k=0, dtype=None, **kwargs):
    """A 2-D array with ones on the ``k``-th diagonal (float32 by default)."""
    ctx = kwargs.pop("ctx", None)
    dt = np_dtype(dtype, default=_default_float())
    return _wrap_host(onp.eye(N, M, k, dtype=dt), ctx if ctx is not None
                      else current_context())


def identity(n, dtype=None, ctx=None):
    """The ``n`` x ``n`` identity (float32 by default)."""
    return eye(n, dtype=dtype, ctx=ctx)


def tri(N, M=None, k=0, dtype=None, ctx=None):
    """Ones at and below the ``k``-th diagonal (float32 by default)."""
    dt = np_dtype(dtype, default=_default_float())
    return _wrap_host(onp.tri(N, M, k, dtype=dt), ctx if ctx is not None else current_context())


def indices(dimensions, dtype=onp.int32, ctx=None):
    """A grid of indices (int32 by default, as MXNet)."""
    return _wrap_host(onp.indices(tuple(dimensions), dtype=np_dtype(dtype)),
                      ctx if ctx is not None else current_context())


def _window(fn):
    def window(M, dtype=onp.float32, ctx=None):
        return _wrap_host(fn(int(M)).astype(np_dtype(dtype)),
                          ctx if ctx is not None else current_context())
    window.__name__ = fn.__name__
    window.__doc__ = "The %s window of ``M`` points (float32 by default)." % fn.__name__
    return window


hanning = _window(onp.hanning)
hamming = _window(onp.hamming)
blackman = _window(onp.blackman)


def meshgrid(*xi, **kwargs):
    """Coordinate matrices from coordinate vectors (``indexing='xy'`` or ``'ij'``)."""
    indexing = kwargs.pop("indexing", "xy")
    sparse = kwargs.pop("sparse", False)
    kwargs.pop("copy", None)
    if kwargs:
        raise TypeError("meshgrid() got unexpected keyword arguments %s" % list(kwargs))
    arrs = [_as_array(x) for x in xi]
    n = len(arrs)

    def axis_of(i):
        return 1 - i if indexing == "xy" and n > 1 and i < 2 else i
    full_shape = [1] * n
    outs = []
    for i, a in enumerate(arrs):
        shape = [1] * n
        shape[axis_of(i)] = a.size
        full_shape[axis_of(i)] = a.size
        outs.append(reshape(a, tuple(shape)))
    if not sparse:
        outs = [broadcast_to(o, tuple(full_shape)) for o in outs]
    return outs


# ---------------------------------------------------------------------------
# functions generated from the operator tables

FUNCTIONS = {}


def _bind(name, params, args, kwargs):
    """Map positional and keyword arguments onto ``params`` (MXNet's parameter names)."""
    bound = {}
    if len(args) > len(params):
        raise TypeError("%s() takes %d positional arguments but %d were given"
                        % (name, len(params), len(args)))
    for p, v in zip(params, args):
        bound[p] = v
    for k, v in kwargs.items():
        if k in bound:
            raise TypeError("%s() got multiple values for argument %r" % (name, k))
        bound[k] = v
    return bound


def _static(v):
    if isinstance(v, list):
        return tuple(_static(x) for x in v)
    if isinstance(v, tuple):
        return tuple(_static(x) for x in v)
    if isinstance(v, onp.generic):
        return v.item()
    if isinstance(v, onp.dtype):
        return v.name
    if isinstance(v, type) and issubclass(v, onp.generic):
        return onp.dtype(v).name
    if isinstance(v, NDArray):
        raise MXNetError("an array was given where a static value (axis, shape ...) is "
                         "expected")
    return v


def _ctx_of(arrays):
    for a in arrays:
        if isinstance(a, NDArray):
            return a._ctx
    return None


def _call(name, arrays, attrs, out=None, opname=None):
    res = invoke(get_op(opname or _ops.op_name(name)), arrays, attrs, out=out)
    return _to_np(res) if out is None else out


def _unary_fn(name):
    def fn(x, out=None, **kwargs):
        kwargs.pop("where", None)
        if isinstance(x, NDArray):
            return _call(name, [_as_np_ndarray(x)], {}, out)
        if isinstance(x, numeric_types) and not isinstance(x, onp.ndarray):
            return getattr(onp, name)(x)  # a Python scalar gives a scalar, as MXNet
        return _call(name, [_as_array(x)], {}, out)
    fn.__name__ = name
    fn.__doc__ = "Element-wise ``%s`` (NumPy's function; the result keeps the input " \
                 "dtype as MXNet's does).\n\nParameters\n----------\nx : ndarray or " \
                 "scalar\nout : ndarray, optional\n" % name
    return fn


def _binary_fn(name):
    def fn(x1, x2, out=None, **kwargs):
        kwargs.pop("where", None)
        a_nd, b_nd = isinstance(x1, NDArray), isinstance(x2, NDArray)
        if a_nd and b_nd:
            return _call(name, [_as_np_ndarray(x1), _as_np_ndarray(x2)], {}, out)
        if a_nd and isinstance(x2, numeric_types) and not isinstance(x2, onp.ndarray):
            res = invoke(get_op(_ops.op_name(name) + "_scalar"), [_as_np_ndarray(x1)],
                         {"scalar": _py_scalar(x2)}, out=out)
            return _to_np(res)
        if b_nd and isinstance(x1, numeric_types) and not isinstance(x1, onp.ndarray):
            res = invoke(get_op(_ops.op_name(name) + "_scalar"), [_as_np_ndarray(x2)],
                         {"scalar": _py_scalar(x1), "reverse": True}, out=out)
            return _to_np(res)
        if not a_nd and not b_nd and isinstance(x1, numeric_types) \
                and isinstance(x2, numeric_types) and not isinstance(x1, onp.ndarray) \
                and not isinstance(x2, onp.ndarray):
            f = getattr(onp, name, None) or getattr(onp, "divide")
            return f(x1, x2)
        ctx = _ctx_of([x1, x2])
        return _call(name, [_as_array(x1, ctx=ctx), _as_array(x2, ctx=ctx)], {}, out)
    fn.__name__ = name
    fn.__doc__ = "Element-wise ``%s`` with broadcasting (NumPy's function).\n\n" \
                 "Parameters\n----------\nx1, x2 : ndarray or scalar\nout : ndarray, " \
                 "optional\n" % name
    return fn


def _reduce_fn(name):
    params = SIGNATURES.get(name, ())
    if not params or params[0].startswith("*"):  # alltrue(*args, **kwargs)
        params = ("a", "axis", "keepdims", "out")

    def fn(*args, **kwargs):
        bound = _bind(name, params, args, kwargs)
        out = bound.pop("out", None)
        a = bound.pop("a")
        attrs = {}
        for k, v in bound.items():
            if k in ("initial", "where") and v is None:
                continue
            if k == "initial":
                raise MXNetError("%s: initial is not supported" % name)
            if k == "dtype" and v is not None:
                v = np_dtype(v).name
            attrs[k] = _static(v)
        if "axis" in attrs and isinstance(attrs["axis"], list):
            attrs["axis"] = tuple(attrs["axis"])
        return _call(name, [_as_array(a)], attrs, out)
    fn.__name__ = name
    fn.__doc__ = "``%s`` over ``axis`` (all axes by default; a zero-dim array then), as " \
                 "NumPy's function with MXNet's result dtypes.\n\nParameters\n----------\n" \
                 "a : ndarray\naxis : int or tuple of int, optional\nkeepdims : bool, " \
                 "default False\n" % name
    return fn


def _generic_fn(name, arrays, params=None, opname=None):
    params = params or SIGNATURES.get(name)
    if params is None:
        params = tuple(inspect.signature(getattr(onp, name)).parameters)
    names = [a.lstrip("*?") for a in arrays]
    star = arrays[0].startswith("*")

    def fn(*args, **kwargs):
        if star and params and params[0].startswith("*"):  # einsum(*operands), atleast_1d(*arys)
            bound = {params[0].lstrip("*"): args}
            bound.update(kwargs)
        else:
            bound = _bind(name, [p.lstrip("*") for p in params], args, kwargs)
        out = bound.pop("out", None)
        if star:
            seq = bound.pop(names[0])
            if name == "einsum":
                subscripts, seq = seq[0], seq[1:]
                bound["subscripts"] = subscripts
            elif isinstance(seq, NDArray):
                seq = list(seq)
            ctx = _ctx_of(seq)
            ins = [_as_array(s, ctx=ctx) for s in seq]
            if not ins:
                raise MXNetError("%s: need at least one array" % name)
        else:
            vals = [bound.pop(n, None) for n in names]
            ctx = _ctx_of(vals)
            ins = [None if v is None else _as_array(v, ctx=ctx) for v in vals]
            if ins[0] is None:
                raise TypeError("%s() missing required argument %r" % (name, names[0]))
        attrs = {k: _static(v) for k, v in bound.items()}
        return _call(name, ins, attrs, out, opname)
    fn.__name__ = name
    fn.__doc__ = "NumPy's ``%s`` on ``mx.np`` arrays (a registered operator: recorded " \
                 "by autograd).\n\nParameters\n----------\n%s\n" % (
                     name, "\n".join("%s : ndarray" % n for n in names))
    return fn


def _build():
    g = globals()
    for n in _ops.UNARY:
        FUNCTIONS[n] = _unary_fn(n)
    for n in _ops.UNARY_BOOL:
        FUNCTIONS[n] = _unary_fn(n)
    for n in _ops.UNARY_INT:
        FUNCTIONS[n] = _unary_fn(n)
    for n in _ops.BINARY:
        FUNCTIONS[n] = _binary_fn(n)
    for n in _ops.REDUCE:
        FUNCTIONS[n] = _reduce_fn(n)
    for n, (arrs, _f, _r) in _ops.GENERIC.items():
        FUNCTIONS[n] = _generic_fn(n, arrs)
    for n, f in FUNCTIONS.items():
        if not hasattr(f, "op"):  # the operator a generated function runs (compat tracing)
            f.op = get_op(_ops.op_name(n))
        g.setdefault(n, f)


_build()
reshape = FUNCTIONS["reshape"]
transpose = FUNCTIONS["transpose"]
ravel = FUNCTIONS["ravel"]
squeeze = FUNCTIONS["squeeze"]
expand_dims = FUNCTIONS["expand_dims"]
broadcast_to = FUNCTIONS["broadcast_to"]
dot = FUNCTIONS["dot"]
matmul = FUNCTIONS["matmul"]


def copy(a, out=None):
    """A copy of ``a``."""
    return _to_np(invoke(get_op("_copy"), [_as_array(a)], {}, out=out))


def nonzero(a):
    """Indices of the non-zero elements: a tuple of int64 arrays, one per axis.

    The result's shape depends on the values, so it is computed on the host and
    is not recorded by autograd (as in MXNet).
    """
    a = _as_array(a)
    return tuple(_wrap_host(i.astype(onp.int64), a._ctx) for i in onp.nonzero(a.asnumpy()))


# Methods named as NumPy's, bound to the generated functions.
_METHODS = ("sum prod mean std var max min argmax argmin all any cumsum clip round "
            "repeat tile swapaxes flip sort argsort take diagonal trace ptp").split()


def _method(fname):
    f = globals()[fname]

    def method(self, *args, **kwargs):
        return f(self, *args, **kwargs)
    method.__name__ = fname
    method.__doc__ = "Same as ``np.%s(self, ...)``." % fname
    return method


for _m in _METHODS:
    setattr(ndarray, _m, _method(_m))
# the math methods an mx.nd.NDArray has, with NumPy semantics on mx.np arrays
for _m in ("abs sqrt square exp log log2 log10 log1p expm1 sin cos tan sinh cosh tanh "
           "arcsin arccos arctan arcsinh arccosh arctanh sign ceil floor trunc rint fix "
           "reciprocal cbrt degrees radians").split():
    setattr(ndarray, _m, _method(_m))
