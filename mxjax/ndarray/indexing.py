"""``NDArray.__getitem__`` / ``__setitem__`` with MXNet 1.9.1's legacy ``mx.nd`` rules.

The Python side follows MXNet's key handling step by step (implicit axes, the
basic/advanced dispatch, how advanced indices broadcast and where ``None`` axes
land) and computes every shape; two operators do the work:

* ``_getitem(data, *indices, key, mode)`` and
* ``_setitem(data, value, *indices, key, mode)``.

In basic mode the integer positions travel as one int64 input array, so ``x[i]``
in a loop compiles once, not once per ``i``.
"""
import numpy as np
import jax
import jax.numpy as jnp

from ..base import MXNetError, numeric_types, shape_str
from .registry import register, invoke, get_op
from .ops.shape import MXNetValueError
from .ops.cast import convert
from ..core import state
from .handle import NDArray
from . import views
from ..context import jax_device
from .creation import array

# MXNet's integer_types: bool is an int, numpy's small integer types are not.
_INT = (int, np.int32, np.int64)


class MXNetIndexError(MXNetError, IndexError):
    """An index out of range (both an MXNetError and an IndexError)."""


class MXNetTypeError(MXNetError, TypeError):
    """A value that cannot be assigned (both an MXNetError and a TypeError)."""


_INPLACE_WHILE_RECORDING = (
    "Inplace operations (+=, -=, x[:]=, etc) are not supported when recording with autograd.")


# ---------------------------------------------------------------------------
# operators


def _basic_key(key, pos):
    out = []
    for item in key:
        t = item[0]
        if t == "i":
            out.append(pos[item[1]])
        elif t == "s":
            out.append(slice(item[1], item[2], item[3]))
        else:
            out.append(None)
    return tuple(out)


def _adv_arrays(data_shape, layout, arrays, for_set):
    """The broadcast int64 index arrays of an advanced key (one per indexed axis)."""
    out = []
    for ax, (src, block, shp, bshape) in enumerate(layout):
        n = data_shape[ax]
        if src[0] == "a":
            a = arrays[src[1]].astype(jnp.int64)
        elif src[0] == "c":
            a = jnp.asarray([src[1]], dtype=jnp.int64)
        else:
            a = jnp.arange(src[1], src[2], src[3], dtype=jnp.int64)
        if block is not None:
            a = jnp.broadcast_to(a, block)
        a = jnp.broadcast_to(a.reshape(shp), bshape)
        if for_set:  # MXNet's scatter ignores negative and out-of-range positions
            a = jnp.where((a < 0) | (a >= n), n, a)
        else:  # gather_nd counts negative positions from the end
            a = jnp.where(a < 0, a + n, a)
        out.append(a)
    return tuple(out)


@register("_getitem")
def _getitem(data, *indices, key, mode="basic", shape=None):
    """``data[key]`` for a key parsed by ``NDArray.__getitem__``."""
    if mode == "basic":
        pos = indices[0] if indices else None
        if key[0][0] == "d":  # x[a:b]: the start is an input, the length is static
            return jax.lax.dynamic_slice_in_dim(data, pos[key[0][1]], key[0][2], axis=0)
        out = data[_basic_key(key, pos)]
        if out.ndim == 0:
            out = out.reshape((1,))
        return out
    out = data[_adv_arrays(data.shape, key, indices, False)]
    return out.reshape(shape)


@register("_setitem")
def _setitem(data, value, *indices, key, mode="basic"):
    """``data`` with ``data[key] = value`` (``value`` already has the indexed shape)."""
    v = convert(value, data.dtype)
    if mode == "basic":
        pos = indices[0] if indices else None
        return data.at[_basic_key(key, pos)].set(v)
    return data.at[_adv_arrays(data.shape, key, indices, True)].set(v, mode="drop")


# ---------------------------------------------------------------------------
# key handling (MXNet's indexing_key_expand_implicit_axes, dispatch, _get_index_nd)


def _is_int(k):
    return isinstance(k, _INT)


def _expand_key(x, key):
    """Make implicit axes explicit: the Ellipsis (or the missing tail) becomes slices."""
    if not isinstance(key, tuple):
        key = (key,)
    ell_idx = None
    num_none = 0
    nonell = []
    axis = 0
    for i, idx in enumerate(key):
        if idx is Ellipsis:
            if ell_idx is not None:
                raise MXNetIndexError("Cannot use more than one ellipsis (`...`) for indexing")
            ell_idx = i
            continue
        if isinstance(idx, (bool, np.bool_)):
            continue  # a 0-d boolean adds no axis in legacy mode
        if idx is None:
            num_none += 1
        if isinstance(idx, NDArray) and idx.dtype == np.bool_:
            for j, n in enumerate(idx.shape):
                if axis + j >= len(x.shape) or x.shape[axis + j] != n:
                    raise MXNetIndexError(
                        "boolean index did not match indexed array along axis %d; size is %s "
                        "but corresponding boolean size is %d"
                        % (axis + j, x.shape[axis + j] if axis + j < len(x.shape) else "?", n))
            raise MXNetValueError("Cannot perform boolean indexing in legacy mode. Please "
                                  "activate numpy semantics by calling `npx.set_np()` in the "
                                  "global scope before calling this function.")
        nonell.append(idx)
        axis += 1
    if ell_idx is None:
        ell_idx = len(nonell)
    ell_ndim = len(x.shape) + num_none - len(nonell)
    return tuple(nonell[:ell_idx]) + (slice(None),) * max(ell_ndim, 0) + tuple(nonell[ell_idx:])


def _dispatch(key):
    for idx in key:
        if isinstance(idx, (NDArray, np.ndarray, list, tuple, range)):
            if isinstance(idx, tuple) and len(idx) == 0:
                return "empty"
            return "adv"
        if not (isinstance(idx, (slice,) + _INT) or idx is None):
            raise MXNetValueError("NDArray does not support slicing with key %s of type %s."
                                  % (idx, type(idx)))
    return "basic"


def _check_ndim(x, key_nd):
    if len(key_nd) > x.ndim:
        raise MXNetIndexError("too many indices (%d) for array with %d dimensions"
                              % (len(key_nd), x.ndim))


def _check_int(k, ax, n):
    if not -n <= k < n:
        raise MXNetIndexError("index %d is out of bounds for axis %d with size %d" % (k, ax, n))


def _parse_basic(x, key):
    """(op key, int positions) of a basic key; ints checked and made non-negative."""
    key_nd = [k for k in key if k is not None]
    _check_ndim(x, key_nd)
    items, ints = [], []
    ax = 0
    for k in key:
        if k is None:
            items.append(("n",))
            continue
        n = x.shape[ax]
        if _is_int(k):
            _check_int(int(k), ax, n)
            items.append(("i", len(ints)))
            ints.append(int(k) % n)
        else:
            if k.step == 0:
                raise MXNetValueError("slice step cannot be zero")
            items.append(("s", _opt_int(k.start), _opt_int(k.stop), _opt_int(k.step)))
        ax += 1
    return tuple(items), ints


def _opt_int(v):
    return None if v is None else int(v)


def _bshape(shapes):
    out = ()
    for s in shapes:
        n = max(len(out), len(s))
        a = (1,) * (n - len(out)) + tuple(out)
        b = (1,) * (n - len(s)) + tuple(s)
        res = []
        for p, q in zip(a, b):
            if p != q and p != 1 and q != 1:
                raise MXNetValueError("shape1=%s is not broadcastable to shape2=%s"
                                      % (tuple(out), tuple(s)))
            res.append(q if p == 1 else p)
        out = tuple(res)
    return out


def _parse_advanced(x, key, for_set=False):
    """MXNet's ``_get_index_nd``: the op layout, its index arrays, the gathered shape and
    the positions of the ``None`` axes.

    Host indices (lists, NumPy arrays, ints) out of range are an IndexError when reading
    (MXNet's gather_nd checks them); an assignment ignores them (as MXNet's scatter).
    """
    shape = tuple(x.shape)
    key_nd = [k for k in key if k is not None]
    _check_ndim(x, key_nd)
    ndim = len(key_nd)

    def is_adv(idx):
        if isinstance(idx, (NDArray, np.ndarray, list, tuple, range)) or _is_int(idx):
            return True
        if isinstance(idx, slice) or idx is None:
            return False
        raise MXNetValueError("NDArray does not support slicing with key %s of type %s."
                              % (idx, type(idx)))

    adv_axs = [ax for ax, idx in enumerate(key) if is_adv(idx)]
    adv_axs_nd = [ax for ax, idx in enumerate(key_nd) if is_adv(idx)]
    adjacent = bool(np.all(np.diff(adv_axs) == 1))
    short = list(key_nd)
    while short and isinstance(short[-1], slice) and short[-1] == slice(None):
        short.pop()
    dropped = set(range(len(short), ndim))

    # each indexed axis: its source and the shape of its index array
    out_of_bounds = None
    arrays = []
    sources = {}
    src_shape = {}
    for ax, idx in enumerate(key_nd):
        n = shape[ax]
        if isinstance(idx, slice):
            if idx.step == 0:
                raise MXNetValueError("slice step cannot be zero")
            b, e, s = idx.indices(n)
            sources[ax] = ("r", b, e, s)
            src_shape[ax] = (len(range(b, e, s)),)
        elif _is_int(idx):
            if not -n <= int(idx) < n and out_of_bounds is None:
                out_of_bounds = MXNetIndexError("index %d is out of bounds for axis %d with "
                                                "size %d" % (int(idx), ax, n))
            sources[ax] = ("c", int(idx))
            src_shape[ax] = (1,)
        elif isinstance(idx, NDArray):
            sources[ax] = ("a", len(arrays))
            src_shape[ax] = tuple(idx.shape)
            arrays.append(idx)
        else:
            if isinstance(idx, range):
                host = np.arange(idx.start, idx.stop, idx.step, dtype=np.int64)
            else:
                try:
                    host = np.asarray(idx)
                    if host.ndim == 0:
                        raise ValueError("a 0-d array cannot index")
                    host = host.astype(np.int64)
                except (TypeError, ValueError) as err:
                    raise MXNetError("NDArray indexing: cannot use %r as an index: %s"
                                     % (idx, err)) from None
            if host.size == 0:
                raise MXNetError("NDArray indexing: an empty index array is not supported")
            bad = (host < -n) | (host > n - 1)
            if bad.any() and out_of_bounds is None:
                out_of_bounds = MXNetIndexError(
                    "index %d is out of bounds for axis %d with size %d"
                    % (host[bad].reshape(-1)[0], ax, n))
            sources[ax] = ("a", len(arrays))
            src_shape[ax] = host.shape
            arrays.append(array(host, ctx=x.context, dtype=np.int64))

    if adjacent:
        perm = list(range(ndim))
        permuted_short = list(range(len(short)))
        block = adv_axs_nd
    else:
        perm = adv_axs_nd + [ax for ax in range(ndim) if ax not in adv_axs_nd]
        permuted_short = adv_axs_nd + [ax for ax in range(ndim)
                                       if ax not in adv_axs_nd and ax not in dropped]
        block = list(range(len(adv_axs_nd)))
    # MXNet's _broadcast_advanced_indices, on the permuted axes
    pshapes = [src_shape[ax] for ax in permuted_short]
    block_shape = _bshape([pshapes[p] for p in block])
    lead, last = block[0], block[-1]
    delta = len(block_shape) - len(block)
    trail = len(pshapes) - (last + 1)
    bcast = (tuple(pshapes[p][0] for p in range(lead)) + block_shape
             + tuple(pshapes[p][0] for p in range(last + 1, len(pshapes))))
    layout_by_perm = {}
    for p, ax in enumerate(permuted_short):
        if p in block:
            shp = (1,) * lead + block_shape + (1,) * trail
            layout_by_perm[ax] = (sources[ax], block_shape, shp, bcast)
        else:
            shp = [1] * len(bcast)
            shp[p if p < lead else p + delta] = pshapes[p][0]
            layout_by_perm[ax] = (sources[ax], None, tuple(shp), bcast)
    layout = tuple(layout_by_perm[ax] for ax in range(ndim) if ax not in dropped)
    adv_shape = _bshape([src_shape[ax] for ax in adv_axs_nd])
    gathered = bcast + shape[len(layout):]
    # MXNet's _new_axes_after_advanced_indexing (kept as is, quirks included)
    new_axes = [ax for ax in range(len(key)) if key[ax] is None]
    adv_set = set(adv_axs)
    steps = [len(adv_shape) if not adjacent else 0] + [0 if ax in adv_set else 1
                                                        for ax in range(len(key))]
    cum = np.cumsum(steps)
    new_pos = [int(cum[a]) for a in new_axes]
    if out_of_bounds is not None and not for_set:
        raise out_of_bounds
    return layout, arrays, gathered, new_pos


def _insert_axes(shape, positions):
    out = list(shape)
    for ax in positions:
        out.insert(ax, 1)
    return tuple(out)


# ---------------------------------------------------------------------------
# __getitem__


_positions = {}   # (context, positions) -> the int64 array given to the indexing ops


def _int_positions(x, ints):
    """The integer positions of a key as the indexing operators' array input (kept
    per context: a loop over batch positions makes the same few arrays again)."""
    if not ints:
        return []
    key = (x.context, tuple(ints))
    a = _positions.get(key)
    if a is None:
        a = array(np.asarray(ints, dtype=np.int64), ctx=x.context, dtype=np.int64)._value
        if isinstance(a, jax.core.Tracer):
            # made inside a trace (a hybridized block's): a value of that trace only,
            # never kept for later calls
            return [NDArray._from_jax(a, x.context)]
        if len(_positions) >= 4096:
            _positions.clear()
        _positions[key] = a
    return [NDArray._from_jax(a, x.context)]


def getitem(x, key):
    """``x[key]`` with MXNet's legacy rules (an integer on a 1-D array gives shape (1,)).

    A basic index whose elements are contiguous in memory (``x[i]``, ``x[a:b]``,
    ``x[i, j:k]`` ...) gives a view sharing ``x``'s memory, as MXNet's
    (:mod:`mxjax.ndarray.views`); any other index gives a copy.
    """
    shape = x.shape
    if isinstance(key, tuple) and len(key) == 0:
        return x
    if isinstance(key, tuple) and len(key) == len(shape) and all(_is_int(k) for k in key):
        ints = []  # MXNet indexes one axis after the other: x[i][j]...
        for k, n in zip(key, shape):
            if k > n - 1 or k < -n:
                raise MXNetIndexError("index %d is out of bounds for axis 0 with size %d"
                                      % (k, n))
            ints.append(int(k) % n)
        out = invoke(get_op("_getitem"), [x] + _int_positions(x, ints),
                     {"key": tuple(("i", j) for j in range(len(ints)))})
        return views.link(out, x, int(np.ravel_multi_index(ints, shape)), 1)
    if isinstance(key, _INT):
        n = shape[0]
        if key > n - 1 or key < -n:
            raise MXNetIndexError("index %d is out of bounds for axis 0 with size %d"
                                  % (key, n))
        row = x.size // n
        return views.link(_basic_get(x, ("i", 0), [int(key) % n]), x, (int(key) % n) * row,
                          row)
    if isinstance(key, slice) and (key.step is None or key.step == 1):
        if key.start is None and key.stop is None:
            return x
        start, stop = _index_range(key.start, key.stop, shape[0])
        if start > stop:
            raise MXNetError("Invalid slicing range [%d, %d) for axis 0 of shape %s"
                             % (start, stop, shape_str(shape)))
        # the start enters as data: one program per length, not one per position
        out = invoke(get_op("_getitem"), [x] + _int_positions(x, [start]),
                     {"key": (("d", 0, stop - start),)})
        row = x.size // shape[0] if shape[0] else 0
        return views.link(out, x, start * row, (stop - start) * row)
    if isinstance(key, slice) and key.step == 0:
        raise MXNetValueError("slice step cannot be zero")
    key = _expand_key(x, key)
    if not key:
        raise MXNetValueError("indexing key cannot be an empty tuple")
    kind = _dispatch(key)
    if kind == "basic":
        items, ints = _parse_basic(x, key)
        out = invoke(get_op("_getitem"), [x] + _int_positions(x, ints), {"key": items})
        return _basic_view(out, x, key)
    if kind == "adv":
        layout, arrays, gathered, new_pos = _parse_advanced(x, key)
        return invoke(get_op("_getitem"), [x] + arrays,
                      {"key": layout, "mode": "adv", "shape": _insert_axes(gathered, new_pos)})
    raise MXNetError("NDArray indexing: an empty tuple inside the key %r is not supported"
                     % (key,))


def _basic_view(out, x, key):
    """``out`` (``x[key]`` for a basic ``key``) as a view of ``x`` when its elements are
    contiguous in ``x`` (MXNet's rule)."""
    rng = views.basic_range(key, x.shape)
    return out if rng is None else views.link(out, x, *rng)


def _basic_get(x, item, ints):
    return invoke(get_op("_getitem"), [x] + _int_positions(x, ints), {"key": (item,)})


def _index_range(start, stop, length):
    """MXNet's ``_get_index_range`` for a unit step: clamped, non-negative bounds."""
    if start is None:
        start = 0
    elif start < 0:
        start = max(start + length, 0)
    elif start >= length:
        start = length
    if stop is None:
        stop = length
    elif stop < 0:
        stop = max(stop + length, 0)
    elif stop > length:
        stop = length
    return int(start), int(stop)


# ---------------------------------------------------------------------------
# __setitem__


def _slice_len(sl, n):
    return len(range(*sl.indices(n)))


def _prepare_value(x, value, bcast_shape, squeeze_axes=None):
    """MXNet's ``_prepare_value_nd``: ``value`` as an NDArray of ``bcast_shape``."""
    if isinstance(value, numeric_types):
        v = invoke(get_op("Cast"), [array(np.full(bcast_shape, value, dtype=np.float64),
                                          ctx=x.context, dtype=np.float64)],
                   {"dtype": np.dtype(x.dtype).name})
    elif isinstance(value, NDArray):
        v = value if value.dtype == x.dtype else value.astype(x.dtype)
    else:
        try:
            v = array(value, ctx=x.context, dtype=x.dtype)
        except Exception:  # noqa: BLE001 - MXNet reports a TypeError
            raise MXNetTypeError("%s does not support assignment with non-array-like object "
                                 "%s of type %s" % (NDArray, value, type(value))) from None
    if squeeze_axes and v.ndim > len(bcast_shape):
        axes = tuple(ax for ax in squeeze_axes if ax < v.ndim)
        v = v.squeeze(axis=axes)
    if v.ndim > len(bcast_shape):
        lead = []
        for i in range(v.ndim - len(bcast_shape)):
            if v.shape[i] != 1:
                break
            lead.append(i)
        if lead:
            v = v.squeeze(axis=tuple(lead))
    if tuple(v.shape) != tuple(bcast_shape):
        if v.size == 0:
            v = v.reshape(bcast_shape)
        else:
            v = _broadcast_value(v, bcast_shape)
    return v


def _broadcast_value(v, shape):
    """MXNet's ``NDArray.broadcast_to``: leading ones are added; a ValueError otherwise."""
    cur = tuple(v.shape)
    err = ("operands could not be broadcast together with remapped shapes"
           "[original->remapped]: %s and requested shape %s" % (cur, tuple(shape)))
    if len(shape) < len(cur):
        raise MXNetValueError(err)
    padded = (1,) * (len(shape) - len(cur)) + cur
    if any(c != s and c != 1 for c, s in zip(padded, shape)):
        raise MXNetValueError(err)
    if padded != cur:
        v = v.reshape(padded)
    return invoke(get_op("broadcast_to"), [v], {"shape": tuple(shape)})


def _scalar_input(x, value):
    value = int(value) if isinstance(value, (bool, np.bool_)) else value
    return array(np.asarray(value, dtype=np.float64), ctx=x.context, dtype=np.float64)


def _recording():
    return state.local.recording


def _check_inplace(x, value):
    """MXNet refuses a partial assignment while recording when it would enter the graph:
    into an array in the graph, or of a value in the graph."""
    x._check_writable()
    if _recording() and isinstance(value, NDArray) and value._node is not None \
            and value._node.recorded:
        raise MXNetError(_INPLACE_WHILE_RECORDING)


def setitem(x, key, value):
    """``x[key] = value`` with MXNet's legacy rules (broadcasting the value).

    While autograd records, a whole-array assignment of an NDArray is recorded as a copy;
    a partial assignment is an in-place operation, which MXNet refuses there when the
    value (or the target) is part of the graph, and does unrecorded otherwise.
    """
    if x.size == 0:
        return
    key = _expand_key(x, key)
    slc_key = tuple(k for k in key if k is not None)
    _check_ndim(x, slc_key)
    kind = _dispatch(slc_key)
    if kind == "basic":
        _set_basic(x, key, value)
    elif kind == "adv":
        _set_advanced(x, key, value)
    else:
        raise MXNetValueError("Indexing NDArray with index %s of type %s is not supported"
                              % (key, type(key)))


_HOST_FILL_MAX = 1 << 22   # elements


def _filled(x, v):
    """An array of ``x``'s shape, dtype and device holding scalar ``v``, cast as MXNet casts
    (through float64). Up to 4M elements it is filled on the host and placed: no XLA
    program per shape (``arr[:] = 0`` is how initializers fill every bias, gamma and
    moving statistic: a network's distinct shapes cost one compile each otherwise)."""
    dt = np.dtype(x.dtype)
    if x.size <= _HOST_FILL_MAX:
        f64 = np.float64(v)          # the float64 step of the device path below
        one = None
        if dt.kind == "f" or dt == jnp.bfloat16:
            with np.errstate(over="ignore"):
                one = f64.astype(dt)     # IEEE rounding (to inf beyond), as XLA's convert
        elif dt.kind in "iu" and np.iinfo(dt).min <= f64 <= np.iinfo(dt).max:
            one = np.trunc(f64).astype(dt)   # in range: C's truncation, as XLA's
        if one is not None:
            return jax.device_put(np.full(x.shape, one, dtype=dt), jax_device(x.context))
    one = convert(jnp.asarray(v, dtype=jnp.float64), x.dtype)
    return jnp.broadcast_to(one, x.shape)


def _set_basic(x, key, value):
    items, ints = _parse_basic(x, key)
    key_nd = [k for k in key if k is not None]
    int_axes = [ax for ax, k in enumerate(key_nd) if _is_int(k)]
    slices = [slice(k, k + 1) if _is_int(k) and k != -1 else
              (slice(-1, None) if _is_int(k) else k) for k in key_nd]
    indexed = tuple(_slice_len(s, n) for s, n in zip(slices, x.shape))
    direct = indexed == tuple(x.shape) and all(s.indices(n)[2] > 0
                                               for s, n in zip(slices, x.shape))
    none_axes = [ax for ax in range(len(key)) if key[ax] is None]
    steps = np.cumsum([0] + [0 if _is_int(k) else 1 for k in key])
    new_axes = [int(steps[a]) for a in none_axes]
    bcast = tuple(d for i, d in enumerate(indexed) if i not in int_axes) or (1,)
    if direct:
        x._check_writable()
        if isinstance(value, NDArray):
            if value is x:
                return
            v = _prepare_value(x, value, bcast, new_axes).reshape(indexed)
            if _recording():
                v = invoke(get_op("_copy"), [v], {})
            x._assign_from(v)
        elif isinstance(value, numeric_types):
            v = int(value) if isinstance(value, (bool, np.bool_)) else value
            x._set_data(_filled(x, v))
        elif isinstance(value, (np.ndarray, np.generic)):
            tmp = _shape_for_bcast(value.shape, x.ndim, int_axes)
            try:
                host = np.broadcast_to(np.asarray(value).reshape(tmp), x.shape)
            except ValueError as err:
                raise MXNetValueError(str(err)) from None
            x._set_data(jnp.asarray(host.astype(x.dtype)))
        else:
            v = _prepare_value(x, value, bcast, new_axes).reshape(indexed)
            x._set_data(v._value)
        return
    _check_inplace(x, value)
    pos = _int_positions(x, ints)
    op_key = tuple(it for it in items if it[0] != "n")
    if isinstance(value, numeric_types):
        res = invoke(get_op("_setitem"), [x, _scalar_input(x, value)] + pos, {"key": op_key})
    else:
        v = _prepare_value(x, value, bcast, new_axes).reshape(indexed)
        target = tuple(d for i, d in enumerate(indexed) if i not in int_axes)
        v = v.reshape(target) if target else v.reshape(())
        res = invoke(get_op("_setitem"), [x, v] + pos, {"key": op_key})
    x._set_data(res._value)


def _shape_for_bcast(shape, target_ndim, new_axes):
    """MXNet's ``_shape_for_bcast``: ``shape`` padded to ``target_ndim`` with ones."""
    new_shape = [None] * target_ndim
    if len(shape) < target_ndim:
        for ax in new_axes:
            new_shape[ax] = 1
    k = 1
    for ax in range(1, target_ndim + 1):
        if new_shape[-ax] is None:
            if k <= len(shape):
                new_shape[-ax] = shape[-k]
                k += 1
            else:
                new_shape[-ax] = 1
    return tuple(new_shape)


def _set_advanced(x, key, value):
    layout, arrays, gathered, new_pos = _parse_advanced(x, key, for_set=True)
    v = _prepare_value(x, value, gathered, new_pos)
    _check_inplace(x, value)
    res = invoke(get_op("_setitem"), [x, v] + arrays, {"key": layout, "mode": "adv"})
    x._set_data(res._value)
