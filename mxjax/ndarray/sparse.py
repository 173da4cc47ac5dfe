"""``mx.nd.sparse``: MXNet 1.9.1's sparse storage, ``CSRNDArray`` and ``RowSparseNDArray``.

A sparse array is an NDArray handle whose storage is described by components
(``data``, ``indices`` and, for csr, ``indptr``; see :mod:`mxjax.ndarray.sparse_format`)
next to its dense value.  Operators without a sparse implementation see the dense
value and return dense arrays — MXNet's "storage fallback" — so every operator
accepts sparse inputs.  The sparse-specific functions of this module (``dot``,
``retain``, ``add_n``, ``elemwise_add`` ...) return sparse arrays where MXNet does.

The handle's ``data`` attribute is mxjax's accessor of the dense ``jax.Array``, and
MXNet's accessor of the ``data`` component on sparse arrays: mxjax's own code (the
dispatch path, optimizers ...) gets the dense value, user code the component
(see :meth:`BaseSparseNDArray.data`).
"""
import sys

import numpy as np
import jax
import jax.numpy as jnp

from ..base import MXNetError, np_dtype, shape_str, numeric_types, integer_types
from ..context import Context, current_context, jax_device
from ..core import state as _state
from .handle import NDArray
from . import handle as _handle
from . import ndarray as _dense
from . import registry as _registry
from . import sparse_format as _fmt

__all__ = ["BaseSparseNDArray", "CSRNDArray", "RowSparseNDArray",
           "csr_matrix", "row_sparse_array", "zeros", "empty", "array", "cast_storage",
           "dot", "retain", "add_n", "elemwise_add", "elemwise_sub", "elemwise_mul", "add",
           "subtract", "multiply", "divide", "square_sum", "slice", "zeros_like",
           "adagrad_update"]

_AUX = _fmt.AUX_DTYPE
_py_slice = slice  # the module defines MXNet's sparse.slice
_STYPES = ("default", "row_sparse", "csr")

def _scipy_sparse(load=False):
    """``scipy.sparse`` (optional: asscipy() and scipy sources need it), or None. Not imported
    with mxjax (0.2 s): a scipy matrix given to us means the caller imported it already."""
    mod = sys.modules.get("scipy.sparse")
    if mod is None and load:
        try:
            import scipy.sparse as mod
        except ImportError:  # pragma: no cover
            return None
    return mod


def _device(ctx):
    return jax_device(ctx)


class BaseSparseNDArray(NDArray):
    """MXNet's base class of sparse arrays (``CSRNDArray``, ``RowSparseNDArray``).

    Operators read a sparse input as its dense value and give dense results (MXNet's
    storage fallback): ``_result_class`` is :class:`NDArray`.
    """

    __slots__ = ("_sp",)
    _stype = None

    def __init__(self, *args, **kwargs):  # noqa: D107
        raise MXNetError("%s: create sparse arrays with mx.nd.sparse.csr_matrix / "
                         "row_sparse_array / zeros" % type(self).__name__)

    # -- storage -----------------------------------------------------------------------
    @property
    def stype(self):
        """Storage type: ``'csr'`` or ``'row_sparse'``."""
        return type(self)._stype

    def _dense(self):
        return self._value

    def _components(self):
        """The storage components (jax arrays) of the current value."""
        d = self._value
        sp = self._sp
        if sp is not None:
            key, comps, rows = sp
            if key is d:
                return comps
            if rows is not None and key == (id(self._node), self._index):
                comps = self._derive(d, rows)
                self._sp = (d, comps, None)
                return comps
        comps = self._derive(d, None)
        self._sp = (d, comps, None)
        return comps

    def _aux_np(self, i):
        return np.asarray(self._components()[i])

    @property
    def data(self):
        """The ``data`` component as an NDArray (MXNet's ``.data``).

        mxjax's own code reads the dense value (``_value``): the storage fallback of
        every operator."""
        return NDArray._from_jax(self._components()[0], self._ctx)

    @property
    def indices(self):
        """The ``indices`` component (int64 NDArray)."""
        return NDArray._from_jax(self._components()[1], self._ctx)

    @property
    def _num_aux(self):
        return 2 if self._stype == "row_sparse" else 1

    @property
    def _aux_types(self):
        return [np.dtype(_AUX)] * (1 if self._stype == "row_sparse" else 2)

    def __repr__(self):
        return "\n<%s %s @%s>" % (type(self).__name__, "x".join("%d" % s for s in self.shape),
                                  self._ctx)

    __str__ = __repr__

    def __reduce__(self):
        comps = tuple(np.asarray(c) for c in self._components())
        return (_rebuild, (self._stype, comps, tuple(self.shape), str(self._ctx.device_type),
                           self._ctx.device_id))

    def check_format(self, full_check=True):
        """Raise MXNetError unless the components are consistent (sorted, in bounds).

        Parameters
        ----------
        full_check : bool, default True
            Also check every index (O(nnz)).
        """
        c = self._components()
        if self._stype == "csr":
            _fmt.check_csr(c[0], c[1], c[2], tuple(self.shape), full_check)
        else:
            _fmt.check_rsp(c[0], c[1], tuple(self.shape), full_check)

    # -- conversion and copies -------------------------------------------------------------
    def asscipy(self):
        """The array as a ``scipy.sparse.csr_matrix`` (needs scipy)."""
        _spsp = _scipy_sparse(load=True)
        if _spsp is None:
            raise MXNetError("asscipy: scipy is not installed")
        if self._stype != "csr":
            return _spsp.csr_matrix(self.asnumpy())
        d, i, p = (np.asarray(c) for c in self._components())
        return _spsp.csr_matrix((d, i, p), shape=tuple(self.shape))

    def tostype(self, stype):
        """A copy in storage type ``stype`` (csr <-> row_sparse raise, as in MXNet)."""
        return cast_storage(self, stype)

    def todense(self):
        """A dense copy."""
        return cast_storage(self, "default")

    def copy(self):
        """A copy with the same storage type and context."""
        return _same(self, self._ctx)

    def detach(self):
        """A handle to the same value and storage, cut from the recorded graph."""
        return _same(self, self._ctx)

    def copyto(self, other):
        """Copy into ``other`` (an NDArray, cast to its storage type) or onto a Context."""
        if isinstance(other, Context):
            return _same(self, other)
        if isinstance(other, NDArray):
            if other is self:
                return other
            if tuple(other.shape) != tuple(self.shape):
                raise MXNetError("copyto: shape mismatch, source %s vs. target %s"
                                 % (shape_str(self.shape), shape_str(other.shape)))
            value = jax.device_put(self._dense(), _device(other._ctx)).astype(other.dtype)
            other._check_writable()
            other._set_data(value)
            if type(other) is type(self):
                comps = tuple(jax.device_put(c, _device(other._ctx)) for c in self._components())
                comps = (comps[0].astype(other.dtype),) + comps[1:]
                other._sp = (value, comps, None)
            return other
        raise TypeError("copyto does not support type " + str(type(other)))

    def as_in_context(self, context):
        """This array on ``context`` (itself if already there)."""
        return self if self._ctx == context else _same(self, context)

    as_in_ctx = as_in_context

    def astype(self, dtype, copy=True):
        """A copy cast to ``dtype``, same storage type."""
        dt = np_dtype(dtype)
        if not copy and np.dtype(self.dtype) == dt:
            return self
        comps = self._components()
        return _make(type(self), self._dense().astype(dt), self._ctx,
                     (comps[0].astype(dt),) + tuple(comps[1:]))

    def reshape(self, *shape, **kwargs):
        """Not supported for sparse arrays (as in MXNet)."""
        raise MXNetError("reshape is not supported for %s (storage type %s)"
                         % (type(self).__name__, self._stype))

    # -- arithmetic: MXNet's sparse add/subtract/multiply/divide ----------------------------
    def __add__(self, other):
        return add(self, other)

    def __sub__(self, other):
        return subtract(self, other)

    def __mul__(self, other):
        return multiply(self, other)

    def __truediv__(self, other):
        return divide(self, other)

    __div__ = __truediv__

    def _inplace_sparse(self, other, fn):
        self._check_writable()
        res = fn(self, other)
        if tuple(res.shape) != tuple(self.shape):
            raise MXNetError("In-place operation: result of shape %s does not fit %s"
                             % (shape_str(res.shape), shape_str(self.shape)))
        _write(self, res)
        return self

    def __iadd__(self, other):
        return self._inplace_sparse(other, add)

    def __isub__(self, other):
        return self._inplace_sparse(other, subtract)

    def __imul__(self, other):
        return self._inplace_sparse(other, multiply)

    def __itruediv__(self, other):
        return self._inplace_sparse(other, divide)

    __idiv__ = __itruediv__

    def __setitem__(self, key, value):
        if not (isinstance(key, _py_slice) and key == _py_slice(None)):
            raise MXNetError("%s only supports [:] for assignment, got key %r"
                             % (type(self).__name__, key))
        self._check_writable()
        if isinstance(value, NDArray):
            if tuple(value.shape) != tuple(self.shape):
                raise MXNetError("%s[:] = value: shape %s does not fit %s"
                                 % (type(self).__name__, shape_str(value.shape),
                                    shape_str(self.shape)))
            _write(self, value)
            return
        if isinstance(value, numeric_types):
            self._set_data(jnp.full(tuple(self.shape), value, self.dtype))
            return
        host = np.asarray(value, dtype=self.dtype)
        self._set_data(jax.device_put(jnp.broadcast_to(host, tuple(self.shape)),
                                      _device(self._ctx)))


class CSRNDArray(BaseSparseNDArray):
    """MXNet's compressed-sparse-row array (2-d): ``data``, ``indices``, ``indptr``."""

    __slots__ = ()
    _stype = "csr"

    @staticmethod
    def _derive(dense, rows):
        return _fmt.csr_from_dense(dense)

    @property
    def indptr(self):
        """The ``indptr`` component (int64 NDArray)."""
        return NDArray._from_jax(self._components()[2], self._ctx)

    def __getitem__(self, key):
        if isinstance(key, integer_types):
            n = self.shape[0]
            if not -n <= key < n:
                raise IndexError("index %d is out of bounds for axis 0 with size %d" % (key, n))
            key = int(key) % n
            key = _py_slice(key, key + 1)
        if isinstance(key, _py_slice) and key.step in (None, 1):
            start, stop, _ = key.indices(self.shape[0])
            stop = max(start, stop)
            return _from_dense_stype(self._dense()[start:stop], "csr", self._ctx)
        raise MXNetError("CSRNDArray only supports [int] and [start:stop] on the first axis, "
                         "got %r" % (key,))


class RowSparseNDArray(BaseSparseNDArray):
    """MXNet's row-sparse array: rows ``indices`` of the array are ``data``."""

    __slots__ = ()
    _stype = "row_sparse"

    @staticmethod
    def _derive(dense, rows):
        return _fmt.rsp_from_dense(dense, rows)

    def __getitem__(self, key):
        if isinstance(key, _py_slice) and key == _py_slice(None):
            return self
        raise MXNetError("RowSparseNDArray only supports [:] for indexing, got %r" % (key,))

    def retain(self, indices):
        """Rows ``indices`` of this array (``mx.nd.sparse.retain``)."""
        return retain(self, indices)


_CLASSES = {"csr": CSRNDArray, "row_sparse": RowSparseNDArray}
_handle.sparse_storage = sys.modules[__name__]  # creation/tostype/attach_grad reach us here


# ---------------------------------------------------------------------------
# construction helpers


def _make(cls, dense, ctx, comps=None, rows=None):
    """A ``cls`` handle on the dense ``jax.Array`` with the given components."""
    a = NDArray._from_jax.__func__(cls, dense, ctx)  # every handle slot initialised
    a._sp = (dense, comps, None) if comps is not None else None
    if comps is None and rows is not None:
        a._sp = (dense, cls._derive(dense, rows), None)
    return a


def _show(res, stype, rows=None):
    """A sparse handle on the dense NDArray ``res`` (a computed or pending operator
    output, so that autograd sees through it); ``rows``: the row_sparse rows."""
    a = NDArray._from_jax.__func__(_CLASSES[stype], res._data, res._ctx)
    a._node = res._node
    a._index = res._index
    a._sp = None
    if rows is not None:
        a._sp = ((id(a._node), a._index), None, np.asarray(rows, dtype=_AUX))
        if a._data is not None:
            a._components()
    if a._data is None and a._node is not None:
        a._node.track(a)
    return a


def _same(src, ctx):
    """A copy of sparse ``src`` on ``ctx`` with the same components."""
    dev = _device(ctx)
    comps = tuple(jax.device_put(c, dev) for c in src._components())
    return _make(type(src), jax.device_put(src._dense(), dev), ctx, comps)


def _from_dense_stype(dense, stype, ctx, rows=None):
    return _make(_CLASSES[stype], dense, ctx, rows=rows) if rows is not None \
        else _make(_CLASSES[stype], dense, ctx)


def _write(dst, src):
    """Make ``dst`` (a sparse handle) hold ``src``'s value (and components when ``src``
    has ``dst``'s storage type)."""
    value = NDArray.data.fget(src)
    if value.dtype != dst.dtype:
        value = value.astype(dst.dtype)
    dst._set_data(value)
    if type(src) is type(dst):
        comps = src._components()
        dst._sp = (value, (comps[0].astype(value.dtype),) + tuple(comps[1:]), None)


def _rebuild(stype, comps, shape, dev_type, dev_id):
    ctx = Context(dev_type, dev_id)
    if stype == "csr":
        return csr_matrix(comps, shape=shape, ctx=ctx, dtype=comps[0].dtype)
    return row_sparse_array(comps, shape=shape, ctx=ctx, dtype=comps[0].dtype)


def _default_dtype(src, dtype):
    if dtype is not None:
        return np_dtype(dtype)
    if isinstance(src, (NDArray, np.ndarray)):
        return np.dtype(src.dtype)
    return np.dtype(np.float32)


def _host(x, dtype=None):
    if isinstance(x, NDArray):
        x = x.asnumpy()
    return np.asarray(x, dtype=dtype)


def _shape_arg(shape):
    return tuple(int(s) for s in shape)


def _is_shape(arg):
    return isinstance(arg, tuple) and len(arg) >= 1 and \
        all(isinstance(s, integer_types) for s in arg)


def _check_shape(given, shape, fname):
    if shape is not None and tuple(given) != _shape_arg(shape):
        raise ValueError("%s: shape mismatch: %s vs. %s" % (fname, shape_str(given),
                                                              shape_str(_shape_arg(shape))))


# ---------------------------------------------------------------------------
# creation


def csr_matrix(arg1, shape=None, ctx=None, dtype=None):
    """A CSRNDArray, as ``mx.nd.sparse.csr_matrix``.

    Parameters
    ----------
    arg1 : tuple, NDArray, numpy.ndarray, CSRNDArray or scipy.sparse.csr_matrix
        ``(data, indices, indptr)``; ``(data, (row, col))`` (coordinates);
        ``(M, N)`` (an empty matrix); or a dense / csr source.
    shape : tuple of int, optional
        Inferred from the components when omitted.
    ctx : Context, optional
    dtype : optional
        Default: the source's dtype for NDArray / NumPy sources, else float32.

    Returns
    -------
    CSRNDArray
    """
    ctx = ctx if ctx is not None else current_context()
    if isinstance(arg1, tuple):
        if _is_shape(arg1):
            if len(arg1) != 2:
                raise ValueError("csr_matrix: shape %s is not 2-d" % shape_str(arg1))
            _check_shape(arg1, shape, "csr_matrix")
            return zeros("csr", arg1, ctx=ctx, dtype=dtype)
        if len(arg1) == 3:
            return _csr_from_definition(arg1[0], arg1[1], arg1[2], shape, ctx, dtype)
        if len(arg1) == 2 and isinstance(arg1[1], tuple) and len(arg1[1]) == 2:
            return _csr_from_coo(arg1[0], arg1[1][0], arg1[1][1], shape, ctx, dtype)
        raise ValueError("csr_matrix: unexpected tuple of length %d (expected (data, indices, "
                         "indptr), (data, (row, col)) or a shape)" % len(arg1))
    if isinstance(arg1, CSRNDArray):
        _check_shape(arg1.shape, shape, "csr_matrix")
        out = _same(arg1, ctx)
        return out.astype(dtype) if dtype is not None else out
    if isinstance(arg1, RowSparseNDArray):
        raise ValueError("csr_matrix: unexpected input type RowSparseNDArray")
    _spsp = _scipy_sparse()
    if _spsp is not None and _spsp.issparse(arg1):
        m = arg1.tocsr()
        m.sort_indices()
        dt = np_dtype(dtype) if dtype is not None else np.dtype(m.dtype)
        return _csr_from_definition(m.data, m.indices, m.indptr, m.shape if shape is None
                                    else shape, ctx, dt)
    dt = _default_dtype(arg1, dtype)
    dense = _dense.array(arg1 if isinstance(arg1, NDArray) else _host(arg1), ctx=ctx, dtype=dt)
    if dense.ndim != 2:
        raise ValueError("csr_matrix: a csr array must be 2-d, got shape %s"
                         % shape_str(dense.shape))
    _check_shape(dense.shape, shape, "csr_matrix")
    return _make(CSRNDArray, dense._value, ctx)


def _csr_from_definition(data, indices, indptr, shape, ctx, dtype):
    dt = _default_dtype(data, dtype)
    d = _host(data, dt).reshape(-1)
    i = _host(indices, _AUX).reshape(-1)
    p = _host(indptr, _AUX).reshape(-1)
    if shape is None:
        if p.shape[0] == 0:
            raise ValueError("csr_matrix: invalid indptr (empty)")
        shape = (p.shape[0] - 1, int(i.max()) + 1 if i.shape[0] else 0)
    shape = _shape_arg(shape)
    dev = _device(ctx)
    comps = tuple(jax.device_put(jnp.asarray(c), dev) for c in (d, i, p))
    _fmt.check_csr(comps[0], comps[1], comps[2], shape, full_check=False)
    dense = jax.device_put(_fmt.csr_to_dense(*comps, shape), dev)
    return _make(CSRNDArray, dense, ctx, comps)


def _csr_from_coo(data, row, col, shape, ctx, dtype):
    dt = _default_dtype(data, dtype)
    d = _host(data, dt).reshape(-1)
    r = _host(row, _AUX).reshape(-1)
    c = _host(col, _AUX).reshape(-1)
    if shape is None:
        shape = (int(r.max()) + 1 if r.size else 0, int(c.max()) + 1 if c.size else 0)
    dense = np.zeros(_shape_arg(shape), dt)
    np.add.at(dense, (r, c), d)  # duplicates sum, as scipy's coo -> csr
    return _make(CSRNDArray, jax.device_put(jnp.asarray(dense), _device(ctx)), ctx)


def row_sparse_array(arg1, shape=None, ctx=None, dtype=None):
    """A RowSparseNDArray, as ``mx.nd.sparse.row_sparse_array``.

    Parameters
    ----------
    arg1 : tuple, NDArray, numpy.ndarray or RowSparseNDArray
        ``(data, indices)``: rows ``indices`` are ``data``; ``(D0, D1, ...)``: an
        all-zero array of that shape; or a dense / row_sparse source.
    shape : tuple of int, optional
        Default ``(indices[-1] + 1,) + data.shape[1:]``.
    ctx : Context, optional
    dtype : optional
        Default: the source's dtype for NDArray / NumPy sources, else float32.

    Returns
    -------
    RowSparseNDArray
    """
    ctx = ctx if ctx is not None else current_context()
    if isinstance(arg1, tuple):
        if _is_shape(arg1):
            _check_shape(arg1, shape, "row_sparse_array")
            return zeros("row_sparse", arg1, ctx=ctx, dtype=dtype)
        if len(arg1) == 2:
            return _rsp_from_definition(arg1[0], arg1[1], shape, ctx, dtype)
        raise ValueError("row_sparse_array: unexpected tuple of length %d (expected "
                         "(data, indices) or a shape)" % len(arg1))
    if isinstance(arg1, RowSparseNDArray):
        _check_shape(arg1.shape, shape, "row_sparse_array")
        out = _same(arg1, ctx)
        return out.astype(dtype) if dtype is not None else out
    if isinstance(arg1, CSRNDArray):
        raise ValueError("row_sparse_array: unexpected input type CSRNDArray")
    dt = _default_dtype(arg1, dtype)
    dense = _dense.array(arg1 if isinstance(arg1, NDArray) else _host(arg1), ctx=ctx, dtype=dt)
    if dense.ndim == 0:
        raise ValueError("row_sparse_array: a row_sparse array needs at least one axis")
    _check_shape(dense.shape, shape, "row_sparse_array")
    return _make(RowSparseNDArray, dense._value, ctx)


def _rsp_from_definition(data, indices, shape, ctx, dtype):
    dt = _default_dtype(data, dtype)
    d = _host(data, dt)
    i = _host(indices, _AUX).reshape(-1)
    if d.ndim == 0 or d.shape[0] != i.shape[0]:
        raise ValueError("row_sparse_array: data of shape %s does not fit %d indices"
                         % (shape_str(d.shape), i.shape[0]))
    if shape is None:
        if i.shape[0] == 0:
            raise ValueError("row_sparse_array: invalid shape (no indices to infer it from)")
        shape = (int(i[-1]) + 1,) + d.shape[1:]
    shape = _shape_arg(shape)
    dev = _device(ctx)
    comps = (jax.device_put(jnp.asarray(d), dev), jax.device_put(jnp.asarray(i), dev))
    _fmt.check_rsp(comps[0], comps[1], shape, full_check=False)
    dense = jax.device_put(_fmt.rsp_to_dense(comps[0], comps[1], shape), dev)
    return _make(RowSparseNDArray, dense, ctx, comps)


def zeros(stype, shape, ctx=None, dtype=None, **kwargs):
    """An all-zero array of storage type ``stype`` (no stored elements when sparse).

    Parameters
    ----------
    stype : {'default', 'row_sparse', 'csr'}
    shape : int or tuple of int
    ctx : Context, optional
    dtype : optional
        Default float32.
    """
    if stype == "default" or stype is None:
        return _dense.zeros(shape, ctx=ctx, dtype=dtype, **kwargs)
    out = kwargs.pop("out", None)
    kwargs.pop("name", None)
    if kwargs:
        raise MXNetError("zeros: cannot find argument %r" % sorted(kwargs)[0])
    _check_stype(stype, "zeros")
    ctx = ctx if ctx is not None else current_context()
    dt = np_dtype(dtype)
    shape = (int(shape),) if isinstance(shape, integer_types) else _shape_arg(shape)
    if stype == "csr" and len(shape) != 2:
        raise MXNetError("zeros: a csr array must be 2-d, got shape %s" % shape_str(shape))
    dev = _device(ctx)
    dense = jax.device_put(jnp.zeros(shape, dt), dev)
    if stype == "csr":
        comps = (jnp.zeros((0,), dt), jnp.zeros((0,), _AUX), jnp.zeros((shape[0] + 1,), _AUX))
    else:
        comps = (jnp.zeros((0,) + shape[1:], dt), jnp.zeros((0,), _AUX))
    res = _make(_CLASSES[stype], dense, ctx, tuple(jax.device_put(c, dev) for c in comps))
    if out is not None:
        _write(out, res)
        return out
    return res


def empty(stype, shape, ctx=None, dtype=None):
    """An array of storage type ``stype`` (all zeros: no stored elements).

    Parameters
    ----------
    stype : str
    shape : int or tuple of int
    ctx : Context, optional
    dtype : optional
    """
    if stype == "default" or stype is None:
        return _dense.empty(shape, ctx=ctx, dtype=dtype)
    return zeros(stype, shape, ctx=ctx, dtype=dtype)


def array(source_array, ctx=None, dtype=None):
    """A sparse array from a sparse NDArray or a scipy sparse matrix.

    Parameters
    ----------
    source_array : CSRNDArray, RowSparseNDArray or scipy.sparse.csr_matrix
    ctx : Context, optional
    dtype : optional
    """
    if isinstance(source_array, NDArray):
        if not isinstance(source_array, BaseSparseNDArray):
            raise MXNetError("array: use tostype to create a RowSparseNDArray or CSRNDArray "
                             "from a dense NDArray")
        ctx = ctx if ctx is not None else source_array.context
        out = _same(source_array, ctx)
        return out.astype(dtype) if dtype is not None else out
    _spsp = _scipy_sparse()
    if _spsp is not None and isinstance(source_array, _spsp.csr_matrix):
        return csr_matrix(source_array, ctx=ctx, dtype=dtype)
    raise ValueError("Unexpected source_array type: %s" % type(source_array).__name__)


def zeros_like(data, **kwargs):
    """All zeros with ``data``'s shape, dtype, context and storage type."""
    return zeros(getattr(data, "stype", "default"), data.shape, ctx=data.context,
                 dtype=data.dtype, **kwargs)


def _check_stype(stype, fname):
    if stype not in _STYPES:
        raise MXNetError("%s: unknown storage type %r (expected one of %s)"
                         % (fname, stype, ", ".join(_STYPES)))


def cast_storage(data, stype, out=None, name=None, **kwargs):
    """``data`` in storage type ``stype`` (MXNet's ``cast_storage``).

    Parameters
    ----------
    data : NDArray
    stype : {'default', 'row_sparse', 'csr'}
    out : NDArray, optional

    Returns
    -------
    NDArray, RowSparseNDArray or CSRNDArray
    """
    if kwargs:
        raise MXNetError("cast_storage: cannot find argument %r" % sorted(kwargs)[0])
    _check_stype(stype, "cast_storage")
    src = getattr(data, "stype", "default")
    if {src, stype} == {"csr", "row_sparse"}:
        raise MXNetError("cast_storage from %s to %s is not supported" % (src, stype))
    if stype == "csr" and data.ndim != 2:
        raise MXNetError("cast_storage: csr storage needs a 2-d array, got shape %s"
                         % shape_str(data.shape))
    if stype == "row_sparse" and data.ndim == 0:
        raise MXNetError("cast_storage: row_sparse storage needs at least one axis")
    node = data._node
    recorded = _state.local.recording and node is not None and node.recorded
    if recorded:  # differentiable (the identity), as MXNet's cast_storage
        res = _registry.invoke(_registry.get_op("_copy"), [data], {})
        res = res if stype == "default" else _show(res, stype)
    elif stype == "default":
        res = NDArray._from_jax(NDArray.data.fget(data), data._ctx)
    elif src == stype:
        res = _same(data, data._ctx)
    else:
        res = _make(_CLASSES[stype], NDArray.data.fget(data), data._ctx)
    if out is not None:
        if isinstance(out, BaseSparseNDArray):
            _write(out, res)
        else:
            out._assign_from(res if stype == "default" else
                             NDArray._from_jax(NDArray.data.fget(res), res._ctx))
        return out
    return res


# ---------------------------------------------------------------------------
# operators with sparse outputs


def _stype_of(x):
    return getattr(x, "stype", "default") if isinstance(x, NDArray) else None


def _rows(x):
    return np.asarray(x._components()[1])


def _dense_fn(name):
    return getattr(sys.modules["mxjax.ndarray"], name)


def _elemwise(lhs, rhs, name, rows_rule):
    res = _dense_fn(name)(lhs, rhs)
    sl, sr = _stype_of(lhs), _stype_of(rhs)
    if sl == sr == "row_sparse":
        a, b = _rows(lhs), _rows(rhs)
        rows = np.union1d(a, b) if rows_rule == "union" else np.intersect1d(a, b)
        return _show(res, "row_sparse", rows)
    if sl == sr == "csr":
        return _show(res, "csr")
    return res


def elemwise_add(lhs, rhs, out=None, name=None):
    """``lhs + rhs`` (same shapes): row_sparse + row_sparse is row_sparse (the union of
    their rows), csr + csr is csr, other combinations dense."""
    return _out(_elemwise(lhs, rhs, "elemwise_add", "union"), out)


def elemwise_sub(lhs, rhs, out=None, name=None):
    """``lhs - rhs``; storage types as :func:`elemwise_add`."""
    return _out(_elemwise(lhs, rhs, "elemwise_sub", "union"), out)


def elemwise_mul(lhs, rhs, out=None, name=None):
    """``lhs * rhs``: row_sparse * row_sparse is row_sparse (rows in both), csr * csr
    csr, other combinations dense."""
    return _out(_elemwise(lhs, rhs, "elemwise_mul", "intersect"), out)


def _out(res, out):
    if out is None:
        return res
    if isinstance(out, BaseSparseNDArray):
        _write(out, res)
    else:
        out._assign_from(res)
    return out


def _scalar_keeps(x, res):
    """The result of a zero-preserving operation with a scalar: ``x``'s storage type."""
    st = _stype_of(x)
    if st == "row_sparse":
        return _show(res, st, _rows(x))
    if st == "csr":
        return _show(res, st)
    return res


def _arith(lhs, rhs, name, rows_rule, scalar_method, keep_scalar):
    if isinstance(lhs, NDArray) and isinstance(rhs, NDArray):
        if tuple(lhs.shape) == tuple(rhs.shape):
            return _elemwise(lhs, rhs, "elemwise_" + name, rows_rule)
        return _dense_fn("broadcast_" + name)(lhs, rhs)
    if isinstance(lhs, NDArray) and isinstance(rhs, numeric_types):
        res = getattr(NDArray, scalar_method)(lhs, rhs)
        return _scalar_keeps(lhs, res) if keep_scalar and res is not NotImplemented else res
    raise TypeError("type %s not supported" % type(rhs).__name__)


def add(lhs, rhs):
    """``lhs + rhs`` as ``mx.nd.sparse.add`` (see :func:`elemwise_add`)."""
    return _arith(lhs, rhs, "add", "union", "__add__", False)


def subtract(lhs, rhs):
    """``lhs - rhs`` as ``mx.nd.sparse.subtract``."""
    return _arith(lhs, rhs, "sub", "union", "__sub__", False)


def multiply(lhs, rhs):
    """``lhs * rhs`` as ``mx.nd.sparse.multiply`` (sparse times a scalar stays sparse)."""
    return _arith(lhs, rhs, "mul", "intersect", "__mul__", True)


def divide(lhs, rhs):
    """``lhs / rhs`` as ``mx.nd.sparse.divide`` (sparse divided by a scalar stays sparse)."""
    return _arith(lhs, rhs, "div", "intersect", "__truediv__", True)


def add_n(*args, **kwargs):
    """The sum of the arrays: row_sparse when all are row_sparse (the union of their
    rows), else dense."""
    out = kwargs.pop("out", None)
    kwargs.pop("name", None)
    kwargs.pop("num_args", None)
    if len(args) == 1 and isinstance(args[0], (list, tuple)):
        args = tuple(args[0])
    res = _dense_fn("add_n")(*args)
    if args and all(_stype_of(a) == "row_sparse" for a in args):
        rows = np.unique(np.concatenate([_rows(a) for a in args]))
        res = _show(res, "row_sparse", rows)
    return _out(res, out)


def dot(lhs, rhs, transpose_a=False, transpose_b=False, forward_stype=None, out=None,
        name=None):
    """Matrix product with MXNet's storage types: ``dot(csr, dense)`` dense,
    ``dot(csr.T, dense)`` row_sparse (the rows of csr's nonzero columns),
    ``dot(dense, csr)`` csr; ``forward_stype`` forces the result's storage type.

    Parameters
    ----------
    lhs, rhs : NDArray
    transpose_a, transpose_b : bool, default False
    forward_stype : {None, 'default', 'row_sparse', 'csr'}
    """
    res = _dense_fn("dot")(lhs, rhs, transpose_a=transpose_a, transpose_b=transpose_b)
    sl, sr = _stype_of(lhs), _stype_of(rhs)
    stype = forward_stype
    if stype is None:
        if sl == "csr" and transpose_a and sr in ("default", "row_sparse") and not transpose_b:
            stype = "row_sparse"
        elif sl == "default" and sr == "csr" and not transpose_a and not transpose_b:
            stype = "csr"
        else:
            stype = "default"
    _check_stype(stype, "dot")
    if stype == "default":
        return _out(res, out)
    rows = None
    if stype == "row_sparse" and sl == "csr" and transpose_a:
        rows = np.unique(_rows(lhs))
    if stype == "csr" and res.ndim != 2:
        raise MXNetError("dot: forward_stype='csr' needs a 2-d result, got %s"
                         % shape_str(res.shape))
    return _out(_show(res, stype, rows), out)


def retain(data, indices, out=None, name=None):
    """The row_sparse array storing rows ``indices`` of ``data`` (rows of ``data`` not
    stored are zero there; every other row is dropped), as MXNet's ``_sparse_retain``.

    Parameters
    ----------
    data : RowSparseNDArray
    indices : NDArray or array-like of int
    """
    if _stype_of(data) != "row_sparse":
        raise MXNetError("retain: data must be a RowSparseNDArray, got storage type %r"
                         % _stype_of(data))
    rows = np.unique(_host(indices).astype(_AUX).reshape(-1))
    if rows.size and (rows[0] < 0 or rows[-1] >= data.shape[0]):
        raise MXNetError("retain: indices %s out of bound for %d rows"
                         % (rows.tolist(), data.shape[0]))
    dense = data._dense()
    keep = jnp.zeros((dense.shape[0],), bool).at[jnp.asarray(rows)].set(True) \
        if rows.size else jnp.zeros((dense.shape[0],), bool)
    value = jnp.where(keep.reshape((-1,) + (1,) * (dense.ndim - 1)), dense, 0).astype(dense.dtype)
    return _out(_make(RowSparseNDArray, value, data._ctx, rows=rows), out)


def retain_into(out, value, indices):
    """Write rows ``indices`` of ``value`` into ``out`` (the other rows zero; a
    RowSparseNDArray ``out`` stores exactly rows ``indices``): a kvstore's
    ``row_sparse_pull``.

    Parameters
    ----------
    out : NDArray
    value : NDArray
    indices : NDArray or array-like of int
    """
    rows = np.unique(_host(indices).astype(_AUX).reshape(-1))
    n = value.shape[0]
    if rows.size and (rows[0] < 0 or rows[-1] >= n):
        raise MXNetError("row_sparse_pull: row ids %s out of bound for %d rows"
                         % (rows.tolist(), n))
    dense = jax.device_put(NDArray.data.fget(value), _device(out._ctx)).astype(out.dtype)
    keep = np.zeros((n,) + (1,) * (dense.ndim - 1), bool)
    keep[rows] = True
    dense = jnp.where(jnp.asarray(keep), dense, jnp.zeros((), dense.dtype))
    out._set_data(dense)
    if isinstance(out, RowSparseNDArray):
        out._sp = (dense, RowSparseNDArray._derive(dense, rows), None)
    return out


def square_sum(data, axis=None, keepdims=False, exclude=False, out=None, name=None):
    """``sum(square(data), axis)``: row_sparse for a row_sparse ``data`` summed over
    ``axis=1`` with ``keepdims`` (its rows), else dense."""
    res = _dense_fn("sum")(_dense_fn("square")(data), axis=axis, keepdims=keepdims,
                           exclude=exclude)
    if _stype_of(data) == "row_sparse" and keepdims and axis in (1, -1, (1,)) \
            and data.ndim == 2 and not exclude:
        res = _show(res, "row_sparse", _rows(data))
    return _out(res, out)


def slice(data, begin, end, step=None, out=None, name=None):  # noqa: A001 - MXNet's name
    """``data[begin:end:step]``: csr stays csr (step 1), other storage types give dense."""
    res = _dense_fn("slice")(data, begin=begin, end=end, step=step if step is not None else ())
    if _stype_of(data) == "csr" and (step is None or all(s in (None, 1) for s in step)):
        res = _show(res, "csr")
    return _out(res, out)


def adagrad_update(weight, grad, history, lr, epsilon=1e-7, wd=0.0, rescale_grad=1.0,
                   clip_gradient=-1.0, out=None, name=None):
    """MXNet's sparse AdaGrad step, on the rows of the row_sparse ``grad`` only:
    ``g = clip(rescale_grad * grad); history += g**2; w -= lr * g / sqrt(history + eps)``.

    Parameters
    ----------
    weight, history : NDArray
        Updated in place (``out`` defaults to ``weight``).
    grad : RowSparseNDArray
    lr, epsilon, rescale_grad, clip_gradient : float
    wd : float
        Must be 0 (as MXNet's sparse AdaGrad).
    """
    if wd != 0:
        raise MXNetError("adagrad_update: sparse adagrad_update does not support wd, got wd=%r"
                         % (wd,))
    if _stype_of(grad) == "row_sparse":
        rows = jnp.asarray(_rows(grad))
        g = grad._components()[0]
    else:
        g = NDArray.data.fget(grad)
        rows = None
    w = NDArray.data.fget(weight)
    h = NDArray.data.fget(history)
    w_r = w if rows is None else w[rows]
    h_r = h if rows is None else h[rows]
    g = g.astype(w.dtype) * jnp.asarray(rescale_grad, w.dtype)
    if clip_gradient is not None and clip_gradient >= 0:
        g = jnp.clip(g, -clip_gradient, clip_gradient)
    h_r = h_r + jnp.square(g).astype(h.dtype)
    w_r = w_r - jnp.asarray(lr, w.dtype) * g / jnp.sqrt(h_r + jnp.asarray(epsilon, h.dtype))
    new_w = w_r if rows is None else w.at[rows].set(w_r.astype(w.dtype))
    new_h = h_r if rows is None else h.at[rows].set(h_r)
    history._set_data(new_h.astype(h.dtype))
    target = out if out is not None else weight
    target._set_data(new_w.astype(target.dtype))
    return target


def __getattr__(name):
    """Any other ``mx.nd`` operator, with MXNet's storage fallback (dense results)."""
    if name.startswith("__"):
        raise AttributeError(name)
    nd = sys.modules["mxjax.ndarray"]
    fn = nd.__dict__.get(name)
    if fn is None or not callable(fn) or isinstance(fn, type):
        raise AttributeError("module 'mxnet.ndarray.sparse' has no attribute %r" % name)
    return fn
