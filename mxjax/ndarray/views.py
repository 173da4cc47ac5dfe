"""Views: NDArrays that share memory with another NDArray, as MXNet's do.

In MXNet, ``x.reshape(...)``, ``x[i]``, ``x[a:b]`` (and every basic index whose
elements are contiguous in memory), ``x.detach()`` and ``flatten`` / ``expand_dims``
/ ``squeeze`` with ``inplace=True`` return arrays that share ``x``'s memory: writing
into the view (``v[:] = 5``, ``v += 1``, ``out=v``) changes ``x``, and writing into
``x`` changes what ``v`` reads.

mxjax's arrays hold immutable ``jax.Array`` values, so sharing is kept explicitly.
Every such view is a contiguous range of its *root*'s elements in row-major order
(MXNet's views are exactly that: a flat range reshaped), described by plain data:
``(root, begin, size)``. A view of a view describes itself against the root.

* The view's slot ``_view`` holds a :class:`ViewOf`; the root's holds a
  :class:`Views`, the weak references to its live views.
* A write into a view (``NDArray._set_data`` / ``_assign_from`` / ``_accumulate`` /
  ``_show_pending`` call :func:`wrote`) is written into the root's range
  (``dynamic_update_slice``), and the root's other views read their range again.
* A write into the root makes each of its live views read its range again.

Reading an array, view or not, costs nothing more: a view holds its own value,
refreshed when its memory is written. A view made while autograd records is the
recorded operator it always was (``_getitem``, ``Reshape`` ...); only its later
writes are shared. A view keeps its root alive, as MXNet's views keep their memory.
"""
import weakref

import jax
import numpy as np

from ..core import cache

__all__ = ["ViewOf", "Views", "link", "wrote", "share_host", "is_contiguous", "basic_range",
           "flat_range"]

_INT = (int, np.integer)


_programs = {}   # ("read" | "write", shapes ...) -> entry of the program cache


def _read(root, begin, size, shape):
    """Elements ``begin .. begin + size`` of ``root`` (row-major) in ``shape``; the start
    is data: one program per shapes, not one per position."""
    key = ("read", root.shape, root.dtype, size, shape)
    fn = cache.lookup(_programs, key)
    if fn is None:
        def read(r, b):
            return jax.lax.dynamic_slice_in_dim(r.reshape(-1), b, size).reshape(shape)
        fn = cache.insert(_programs, key, cache.jit(cache.counted(read)), "view")
    return fn(root, begin)


def _write(root, begin, value):
    """``root`` with elements ``begin .. begin + value.size`` replaced by ``value``."""
    key = ("write", root.shape, root.dtype, value.shape, value.dtype)
    fn = cache.lookup(_programs, key)
    if fn is None:
        def write(r, b, v):
            flat = jax.lax.dynamic_update_slice_in_dim(
                r.reshape(-1), v.reshape(-1).astype(r.dtype), b, 0)
            return flat.reshape(r.shape)
        fn = cache.insert(_programs, key, cache.jit(cache.counted(write)), "view")
    return fn(root, begin, value)


class ViewOf:
    """What a view shares: elements ``begin .. begin + size`` of ``root`` (row-major)."""

    __slots__ = ("root", "begin", "size")

    def __init__(self, root, begin, size):
        self.root = root
        self.begin = begin
        self.size = size


class Views:
    """The live views of a root array (weak references), and the NumPy array whose
    memory the root shares (``nd.from_numpy(a, zero_copy=True)``), if any."""

    __slots__ = ("refs", "limit", "host")

    def __init__(self, host=None):
        self.refs = []
        self.limit = 8
        self.host = host

    def add(self, view):
        refs = self.refs
        if len(refs) >= self.limit:  # forget dead views now and then
            refs[:] = [r for r in refs if r() is not None]
            self.limit = max(8, 2 * len(refs))
        refs.append(weakref.ref(view))

    def live(self):
        return [v for v in (r() for r in self.refs) if v is not None]


def _put(handle, value):
    """Give ``handle`` the value ``value`` without telling its views (a raw write, as
    ``NDArray._set_data``: a pending output of a node is cut from that node)."""
    node = handle._node
    if node is not None and not node.is_var:
        handle._node = None
        handle._index = 0
    handle._data = value


def link(view, source, begin, size):
    """Make ``view`` (a new array already holding the value of its range) a view of
    ``source``'s elements ``begin .. begin + size`` (row-major, ``source``'s shape).

    Returns ``view``. An empty range shares nothing (MXNet's empty views neither).
    """
    if size == 0 or view is source:
        return view
    info = getattr(source, "_view", None)
    if info.__class__ is ViewOf:  # a view of a view: its range in the root
        root = info.root
        begin += info.begin
    else:
        root = source
        if info is None:
            info = root._view = Views()
    root._view.add(view)
    view._view = ViewOf(root, begin, size)
    return view


def wrote(handle):
    """``handle``'s value was just replaced: share the write with the arrays that share
    its memory (its root and the root's other views, or its own views)."""
    info = handle._view
    if info.__class__ is ViewOf:
        if handle.size != info.size:  # given a value of another size: no longer a view
            handle._view = None
            return
        root = info.root
        _put(root, _write(root._value, info.begin, handle._value))
        _refresh(root, handle)
    else:
        _refresh(handle, None)


def share_host(array, host):
    """Make ``array`` share the memory of the NumPy array ``host`` (same shape and dtype,
    read-only for NumPy, as MXNet's zero-copy ``from_numpy``): every write into ``array``
    (or one of its views) is copied into ``host``."""
    array._view = Views(host)
    return array


def _refresh(root, skip):
    views = root._view
    host = views.host
    if host is not None:  # MXNet wrote into the NumPy array's memory
        if host.shape == tuple(root.shape):
            host.flags["WRITEABLE"] = True
            try:
                host[...] = np.asarray(root._value)
            finally:
                host.flags["WRITEABLE"] = False
    live = views.live()
    if not live:
        return
    data = root._value
    n = data.size
    for v in live:
        if v is not skip:
            info = v._view
            if info.begin + info.size > n:  # the root was given a smaller value
                v._view = None
                continue
            _put(v, _read(data, info.begin, info.size, tuple(v.shape)))


# ---------------------------------------------------------------------------
# which basic indices are views (MXNet's rule)


def _slice_len(slc, n):
    return len(range(*slc.indices(n)))


def is_contiguous(slc_key, shape):
    """Whether ``x[slc_key]`` (one ``slice`` per axis of ``shape``) is a contiguous range
    of ``x``'s elements (MXNet's ``_basic_indexing_slice_is_contiguous``).

    From the last axis to the first: once an axis keeps a proper subset of its
    elements, every axis before it must keep at most one; an axis that keeps more than
    one element with a step other than 1 is never contiguous.
    """
    lens = [_slice_len(s, n) for s, n in zip(slc_key, shape)]
    total = 1
    for m in lens:
        total *= m
    if total in (0, 1):
        return True
    subset = False
    for slc, n, m in zip(reversed(slc_key), reversed(shape), reversed(lens)):
        if m == 0:
            return True
        if m > 1 and slc.indices(n)[2] != 1:
            return False
        if subset:
            if m > 1:
                return False
        elif m < n:
            subset = True
    return True


def basic_range(key, shape):
    """``(begin, size)`` when ``x[key]`` is a basic index (integers, slices, ``None``,
    one ``Ellipsis``) of an array of ``shape`` whose elements are contiguous in ``x``
    (the indexed array is then a view); else None."""
    if not isinstance(key, tuple):
        key = (key,)
    items = []
    ellipsis = False
    for k in key:
        if k is None:
            continue
        if k is Ellipsis:
            if ellipsis:
                return None
            ellipsis = True
            items.append(k)
        elif isinstance(k, slice) or (isinstance(k, _INT) and not isinstance(k, bool)):
            items.append(k)
        else:
            return None
    if len(items) - ellipsis > len(shape):
        return None
    if ellipsis:
        at = items.index(Ellipsis)
        items[at:at + 1] = [slice(None)] * (len(shape) - len(items) + 1)
    items += [slice(None)] * (len(shape) - len(items))
    slc = []
    for k, n in zip(items, shape):
        if not isinstance(k, slice):
            k = int(k)
            if not -n <= k < n:
                return None
            k %= n
            k = slice(k, k + 1)
        slc.append(k)
    if not is_contiguous(slc, shape):
        return None
    return flat_range(slc, shape)


def flat_range(slc_key, shape):
    """``(begin, size)``: the row-major range of ``x[slc_key]`` in ``x`` (for a key
    :func:`is_contiguous` accepts)."""
    begin = 0
    size = 1
    for slc, n in zip(slc_key, shape):
        m = _slice_len(slc, n)
        if m == 0:
            return 0, 0
        begin = begin * n + slc.indices(n)[0]
        size *= m
    return begin, size
