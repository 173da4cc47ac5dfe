"""The NDArray handle: a ``jax.Array`` or a pending output of a node, plus a gradient.

The handle holds the array (or, for an operator call whose value has not been
needed yet, the node that will compute it: ``mxjax.core``), the autograd entry and
the gradient buffer. It knows nothing of operators: the methods that compute
(arithmetic, ``reshape``, ``astype``, indexing ...) are installed by
``mxjax.ndarray.ndarray`` on top of the dispatch path.
"""
import numpy as np
import jax

from ..base import MXNetError
from ..context import current_context, jax_device
from ..core import executor
from ..core.node import VarNode, FAILED
from . import transfer, views
from .host import to_host

__all__ = ["NDArray", "GradReqError"]

# The module of the sparse storage types ('row_sparse', 'csr'): mxjax.ndarray.sparse sets
# itself here when imported (it sits above the handle, the dispatch path and creation,
# which reach it through this name: zeros(stype=), tostype, attach_grad(stype=)).
sparse_storage = None


def sparse_module():
    """``mxjax.ndarray.sparse`` (MXNetError if it was never imported)."""
    if sparse_storage is None:
        raise MXNetError("sparse storage types need mxjax.ndarray.sparse (import mxjax.ndarray)")
    return sparse_storage


class GradReqError(MXNetError, KeyError):
    """An unknown ``grad_req`` (MXNet raises ``KeyError`` for it)."""

    def __str__(self):
        return str(self.args[0]) if self.args else ""


class NDArray:
    """An n-dimensional array on a context, as ``mxnet.nd.NDArray``."""

    # _view: None, or the memory this array shares with others (mxjax.ndarray.views)
    __slots__ = ("_data", "_node", "_index", "_ctx", "_grad", "_view", "__weakref__")
    # the class of an operator's results computed from this array: mx.np arrays give
    # mx.np arrays; sparse arrays give dense NDArrays (MXNet's storage fallback)
    _result_class = None
    __array_priority__ = 1000.0

    def __init__(self, data, ctx=None):
        self._data = data
        self._node = None
        self._index = 0
        self._ctx = ctx if ctx is not None else current_context()
        self._grad = None
        self._view = None

    # -- construction helpers -------------------------------------------------
    @classmethod
    def _from_jax(cls, data, ctx):
        a = cls.__new__(cls)
        a._data = data
        a._node = None
        a._index = 0
        a._ctx = ctx
        a._grad = None
        a._view = None
        return a

    @property
    def _value(self):
        """The dense ``jax.Array`` (computing a pending value first): what mxjax's own
        code reads (``data`` is the public name; a sparse array's ``data`` is its
        ``data`` component, as in MXNet)."""
        d = self._data
        if d is None:
            d = executor.value(self._node, self._index)
            self._data = d
        return d

    data = _value

    def _assign_from(self, other):
        """Make this handle hold ``other``'s value (and graph entry), casting dtype."""
        if other._node is not None and not other._node.is_var and other._data is None:
            if other._node.avals[other._index].dtype != _dtype_of(self):
                other = other.astype(self.dtype)
            self._data = other._data
            self._node = other._node
            self._index = other._index
            if other._data is None:
                other._node.track(self)
            if getattr(self, "_view", None) is not None:
                views.wrote(self)
            return
        d = other._value
        if d.dtype != _dtype_of(self):
            d = d.astype(self.dtype)
        self._data = d
        if other._node is not None and not other._node.is_var:
            self._node, self._index = other._node, other._index
        elif self._node is not None and not self._node.is_var:
            self._node = None
        if getattr(self, "_view", None) is not None:
            views.wrote(self)

    def _set_data(self, value):
        """Replace the value (in-place write from the user's point of view)."""
        if self._node is not None and not self._node.is_var:
            self._node = None
            self._index = 0
        self._data = value
        if getattr(self, "_view", None) is not None:
            views.wrote(self)

    def _failed(self):
        """Whether this array is the output of a failed operator call not read yet
        (``mxjax.core.failure``): copies of it fail the same way instead of raising."""
        node = self._node
        return self._data is None and node is not None and node.state == FAILED

    def _show_pending(self, node, index):
        """Show output ``index`` of the pending ``node`` (a deferred gradient)."""
        self._data = None
        self._node = node
        self._index = index
        node.track(self)
        if getattr(self, "_view", None) is not None:
            views.wrote(self)

    def _settle(self):
        """Read a value an earlier call left pending and cut it from that call's graph:
        state (moving statistics) fed back into the next call must not chain graphs."""
        node = self._node
        if node is None or node.is_var:
            return
        d = self._data
        if d is None:
            values = node.values   # computed already, the usual case: by the step's program
            d = values[self._index] if values is not None else self._value
        self._set_data(d)

    def _pending_ref(self):
        """``(node, index)`` when the value is a pending output of a node, else None."""
        if self._data is None:
            return self._node, self._index
        return None

    def _accumulate(self, value, req):
        """Write or add ``value`` into this gradient buffer."""
        if req == "null":
            return
        if isinstance(value, NDArray):
            value = value._value
        mine = self._data
        dtype = mine.dtype if mine is not None else self._node.avals[self._index].dtype
        if value.dtype != dtype:
            value = value.astype(dtype)
        if req == "add":
            value = self._value + value
        self._data = value
        node = self._node
        if node is not None and not node.is_var:  # no longer a pending output
            self._node = None
            self._index = 0
        if getattr(self, "_view", None) is not None:
            views.wrote(self)

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
        """Storage type: ``'default'`` (dense; sparse arrays are in ``mx.nd.sparse``)."""
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
        return self._value

    # -- conversion -------------------------------------------------------------------
    def asnumpy(self):
        """A writable NumPy copy of the array that the caller owns (waits for pending
        computation). A one-element result converts with ``float()``/``'%f' %`` as under
        NumPy 1.x (see :mod:`mxjax.ndarray.host`)."""
        return to_host(self._value)

    def asscalar(self):
        """The only element as a NumPy scalar; raises ValueError for other sizes."""
        shape = self.shape
        # a read-only view is enough: indexing copies the one element out
        if shape == (1,):
            return np.asarray(self._value)[0]
        if shape == ():
            return np.asarray(self._value)[()]
        raise ValueError("The current array is not a scalar")

    def __array__(self, dtype=None, copy=None):
        return np.array(self._value, dtype=dtype)

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
        d = self._data
        if d is not None and isinstance(d, jax.core.Tracer):
            # inside a hybridized forward being traced (MXNet shows a Symbol there):
            # the shape, no values
            return "<%s %s @%s (traced: a hybridized forward)>" % (
                self.__class__.__name__, shape_info, self._ctx)
        return "\n%s\n<%s %s @%s>" % (str(self.asnumpy()), self.__class__.__name__,
                                      shape_info, self._ctx)

    __str__ = __repr__

    def attach_grad(self, grad_req="write", stype=None):
        """Attach a gradient buffer (zeros) and mark this array as a variable.

        Parameters
        ----------
        grad_req : {'write', 'add', 'null'}, default 'write'
        stype : {None, 'default', 'row_sparse', 'csr'}, optional
            The gradient's storage type; default the array's own.
        """
        if grad_req not in ("write", "add", "null"):
            raise GradReqError("attach_grad: invalid grad_req %r: expected one of 'write', "
                               "'add', 'null'" % (grad_req,))
        if stype is None:
            stype = self.stype
        if stype not in ("default", "row_sparse", "csr"):
            raise MXNetError("attach_grad: unknown storage type stype=%r (expected 'default', "
                             "'row_sparse' or 'csr')" % (stype,))
        grad = None
        if grad_req != "null" and stype != "default":
            grad = sparse_module().zeros(stype, self.shape, ctx=self._ctx, dtype=self.dtype)
        elif grad_req != "null":  # MXNet attaches no buffer for 'null'
            grad = NDArray._from_jax(transfer.filled(self.shape, 0, self.dtype, _device_of(self)),
                                     self._ctx)
        self._mark(grad, grad_req)

    def _mark(self, grad, grad_req):
        self._data = self._value
        self._grad = grad
        self._node = VarNode(grad, grad_req)
        self._index = 0

def _device_of(a):
    return jax_device(a._ctx)


def _dtype_of(a):
    """The NumPy dtype of NDArray ``a`` (its value's, or its pending output's)."""
    d = a._data
    if d is None:
        return a._node.avals[a._index].dtype
    return d.dtype


def _wrap(data, ctx):
    return NDArray._from_jax(data, ctx)


def _wrap_pending(node, index, ctx):
    a = NDArray.__new__(NDArray)
    a._data = node.values[index] if node.values is not None else None  # READY
    a._node = node
    a._index = index
    a._ctx = ctx
    a._grad = None
    a._view = None
    if a._data is None:
        node.track(a)
    return a
