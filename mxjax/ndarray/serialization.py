"""``nd.save`` / ``nd.load`` / ``nd.load_frombuffer``: MXNet 1.x's binary NDArray list format.

The layout, as MXNet 1.9.1's C++ writes it (all integers little-endian)::

    uint64  0x112                 list magic
    uint64  0                     reserved
    uint64  N                     number of arrays, then N array records
    uint64  K                     number of names (0 for a list, N for a dict)
    K x (uint64 length, bytes)    the names, UTF-8

An array record (V2 magic ``0xF993FAC9``; V3 ``0xF993FACA`` marks NumPy shape
semantics, where a 0-d shape is a scalar instead of "no array")::

    uint32  magic
    int32   storage type          0 dense, 1 row_sparse, 2 csr
    [sparse only: storage shape]
    shape:  int32 ndim, ndim x int64
    [V2 with ndim 0, V3 with ndim -1: an empty handle, nothing follows]
    int32   device type, int32 device id
    int32   dtype flag            0 float32 1 float64 2 float16 3 uint8 4 int32
                                  5 int8 6 int64 7 bool 12 bfloat16
    [sparse only: per aux array int32 dtype flag + shape]
    raw element data, C order     (then the aux arrays' data, for sparse)

Older records (V1 magic ``0xF993FAC8``, and the pre-V1 layout whose first word is
the number of dimensions, stored as uint32) are read too.

mxjax writes V2 records, or V3 records for every array of a file that holds a 0-d
array (MXNet then needs ``mx.util.np_shape(True)`` to load it, as for a file it
wrote itself under NumPy semantics). Sparse records are read into dense arrays.
"""
import os
import struct
import uuid

import numpy as np

from ..base import MXNetError, string_types
from ..context import Context, num_gpus
from ..util import is_np_shape, np_shape_is_global
# nd's NumPy/DLPack interchange lives in .dlpack; re-exported so one import exposes both.
from .dlpack import from_numpy, from_dlpack, to_dlpack_for_read, to_dlpack_for_write  # noqa: F401
from .handle import NDArray
from .creation import array

__all__ = ["save", "load", "load_frombuffer", "from_numpy", "from_dlpack",
           "to_dlpack_for_read", "to_dlpack_for_write"]

LIST_MAGIC = 0x112
V1_MAGIC = 0xF993FAC8
V2_MAGIC = 0xF993FAC9
V3_MAGIC = 0xF993FACA

# MXNet's dtype flags (mshadow's TypeFlag) <-> NumPy dtypes.
_FLAG_TO_DTYPE = {0: np.dtype(np.float32), 1: np.dtype(np.float64), 2: np.dtype(np.float16),
                  3: np.dtype(np.uint8), 4: np.dtype(np.int32), 5: np.dtype(np.int8),
                  6: np.dtype(np.int64), 7: np.dtype(np.bool_)}
try:  # bfloat16 comes with JAX's ml_dtypes
    import ml_dtypes
    _FLAG_TO_DTYPE[12] = np.dtype(ml_dtypes.bfloat16)
except ImportError:  # pragma: no cover
    pass
_DTYPE_TO_FLAG = {dt: flag for flag, dt in _FLAG_TO_DTYPE.items()}

_STYPE_NAMES = {0: "default", 1: "row_sparse", 2: "csr"}
_NUM_AUX = {0: 0, 1: 1, 2: 2}


# ---------------------------------------------------------------------------
# save


def _collect(data):
    """(list of NDArray, list of names or None) from what ``save`` accepts."""
    if isinstance(data, NDArray):
        return [data], None
    if isinstance(data, dict):
        if any(not isinstance(k, string_types) for k in data.keys()) or \
                any(not isinstance(v, NDArray) for v in data.values()):
            raise TypeError('save only accept dict str->NDArray or list of NDArray')
        return list(data.values()), list(data.keys())
    if isinstance(data, list):
        if any(not isinstance(v, NDArray) for v in data):
            raise TypeError('save only accept dict str->NDArray or list of NDArray')
        return list(data), None
    raise ValueError("data needs to either be a NDArray, dict of str, NDArray pairs "
                     "or a list of NDarrays.")


def _u64(v):
    return struct.pack("<Q", v)


def _shape_bytes(shape):
    return struct.pack("<i%dq" % len(shape), len(shape), *shape)


def _array_chunks(arr, magic):
    """The byte strings of one dense array record."""
    value = np.asarray(arr._value)
    dt = value.dtype
    flag = _DTYPE_TO_FLAG.get(dt)
    if flag is None:
        raise MXNetError("save: arrays of dtype %s cannot be stored in MXNet's NDArray format "
                         "(supported: %s)"
                         % (dt.name, ", ".join(d.name for d in _FLAG_TO_DTYPE.values())))
    ctx = arr.context
    head = struct.pack("<Ii", magic, 0) + _shape_bytes(value.shape) + \
        struct.pack("<iii", ctx.device_typeid, ctx.device_id, flag)
    if dt.byteorder == ">":  # pragma: no cover - NumPy arrays from JAX are native
        value = value.astype(dt.newbyteorder("<"))
    return [head, np.ascontiguousarray(value).tobytes()]


def _encode(arrays, names):
    magic = V3_MAGIC if is_np_shape() or any(a.ndim == 0 for a in arrays) else V2_MAGIC
    chunks = [_u64(LIST_MAGIC), _u64(0), _u64(len(arrays))]
    for a in arrays:
        chunks.extend(_array_chunks(a, magic))
    names = names or []
    chunks.append(_u64(len(names)))
    for n in names:
        b = n.encode("utf-8")
        chunks.append(_u64(len(b)))
        chunks.append(b)
    return chunks


def to_raw_bytes(arr):
    """One array as MXNet's raw NDArray record (what ``NDArray.__getstate__`` holds).

    Parameters
    ----------
    arr : NDArray

    Returns
    -------
    bytes
    """
    return b"".join(_array_chunks(arr, V3_MAGIC if arr.ndim == 0 else V2_MAGIC))


def from_raw_bytes(buf):
    """The value and Context of one raw NDArray record (MXNet's ``__setstate__`` input).

    Parameters
    ----------
    buf : bytes or bytearray

    Returns
    -------
    (numpy.ndarray, Context)

    Raises
    ------
    MXNetError
        When ``buf`` is not one valid record.
    """
    reader = _Reader(buf, "raw NDArray bytes")
    value, saved = _read_array(reader, 0)
    if value is None:
        value, saved = np.zeros((0,), np.float32), (1, 0)
    return value, _context_for(saved)


def save(fname, data):
    """Saves a list of arrays or a dict of str->array to file, in MXNet's binary format.

    The file is first written next to ``fname`` under a temporary name and then
    renamed, so an error never leaves a partial file behind.

    Parameters
    ----------
    fname : str
        The filename.
    data : NDArray, list of NDArray, or dict of str to NDArray
        The data to save.

    Raises
    ------
    TypeError
        When a list holds something other than NDArrays, or a dict has non-str keys
        or non-NDArray values.
    ValueError
        When ``data`` is none of NDArray, list or dict.
    MXNetError
        When the file cannot be written, or an array's dtype has no MXNet dtype flag.

    Examples
    --------
    >>> x = mx.nd.zeros((2,3))
    >>> y = mx.nd.ones((1,4))
    >>> mx.nd.save('my_list', [x,y])
    >>> mx.nd.save('my_dict', {'x':x, 'y':y})
    >>> mx.nd.load('my_list')
    [<NDArray 2x3 @cpu(0)>, <NDArray 1x4 @cpu(0)>]
    """
    if not isinstance(fname, string_types):
        raise TypeError('fname required to be a string')
    arrays, names = _collect(data)
    chunks = _encode(arrays, names)  # computes every value before touching the disk
    directory = os.path.dirname(os.path.abspath(fname))
    tmp = os.path.join(directory, ".%s.%s.tmp" % (os.path.basename(fname), uuid.uuid4().hex))
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                     0o666)
    except OSError as err:
        raise MXNetError("save: cannot open %r for writing: %s" % (fname, err.strerror)) \
            from None
    try:
        with os.fdopen(fd, "wb") as f:
            for c in chunks:
                f.write(c)
        os.replace(tmp, fname)
    except BaseException as err:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(err, OSError):
            raise MXNetError("save: cannot write %r: %s" % (fname, err.strerror or err)) \
                from None
        raise


# ---------------------------------------------------------------------------
# load


class _Reader:
    """Reads little-endian fields from a buffer; every failure names the source."""

    def __init__(self, buf, source):
        self.buf = memoryview(buf).cast("B")
        self.pos = 0
        self.source = source
        self.magics = set()   # the record magics read (shape semantics)

    def error(self, what):
        return MXNetError("Invalid NDArray file format: %s: %s" % (self.source, what))

    def take(self, n, what):
        if n < 0 or self.pos + n > len(self.buf):
            raise self.error("truncated while reading %s (needs %d bytes at offset %d, "
                             "%d left)" % (what, n, self.pos, len(self.buf) - self.pos))
        start = self.pos
        self.pos += n
        return self.buf[start:self.pos]

    def unpack(self, fmt, what):
        size = struct.calcsize(fmt)
        return struct.unpack(fmt, self.take(size, what))

    def u64(self, what):
        return self.unpack("<Q", what)[0]

    def shape(self, what):
        ndim = self.unpack("<i", what + " ndim")[0]
        if ndim < -1 or ndim > 32:
            raise self.error("%s has an invalid number of dimensions %d" % (what, ndim))
        if ndim <= 0:
            return ndim, ()
        dims = self.unpack("<%dq" % ndim, what)
        return ndim, tuple(dims)

    def elements(self, dtype, shape, what):
        count = 1
        for d in shape:
            count *= int(d)
        raw = self.take(count * dtype.itemsize, what)
        if dtype == np.bool_:
            return np.frombuffer(raw, dtype=np.uint8).astype(np.bool_).reshape(shape)
        return np.frombuffer(raw, dtype=dtype.newbyteorder("<")).astype(dtype).reshape(shape)


def _check_dims(reader, shape, what):
    for d in shape:
        if d < 0:
            raise reader.error("%s %s has a negative dimension" % (what, shape))


def _dtype_of(reader, flag, what):
    dt = _FLAG_TO_DTYPE.get(flag)
    if dt is None:
        raise reader.error("%s has unknown dtype flag %d" % (what, flag))
    return dt


def _check_shape_semantics(magics):
    """MXNet's rule: a file saved under NumPy shape semantics (V3 records) loads only
    under them, and one saved without (V2) not under thread-local NumPy shape semantics
    (``with np_shape(True)``; the global mode of ``npx.set_np()`` loads both)."""
    if V3_MAGIC in magics and not is_np_shape():
        raise MXNetError("ndarray was saved in np shape semantics, must be loaded in the same "
                         "semantics. Please turn on np shape semantics in Python using `with "
                         "np_shape(True)` or decorator `use_np_shape` to scope the code of "
                         "loading the ndarray.")
    if V2_MAGIC in magics and is_np_shape() and not np_shape_is_global():
        raise MXNetError("ndarray was not saved in np shape semantics, but being loaded in np "
                         "shape semantics. Please turn off np shape semantics in Python using "
                         "`with np_shape(False)` to scope the code of loading the ndarray.")


def _read_array(reader, i):
    """One array record: (numpy value or None for an empty handle, saved context)."""
    what = "array %d" % i
    magic = reader.unpack("<I", what + " magic")[0]
    reader.magics.add(magic)
    if magic in (V2_MAGIC, V3_MAGIC):
        stype = reader.unpack("<i", what + " storage type")[0]
        if stype not in _NUM_AUX:
            raise reader.error("%s has unknown storage type %d" % (what, stype))
        nad = _NUM_AUX[stype]
        sshape = reader.shape(what + " storage shape")[1] if nad else None
        ndim, shape = reader.shape(what + " shape")
        if (magic == V2_MAGIC and ndim == 0) or ndim == -1:
            return None, None
    elif magic == V1_MAGIC or magic <= 32:
        stype, nad, sshape = 0, 0, None
        if magic == V1_MAGIC:
            ndim, shape = reader.shape(what + " shape")
        else:  # pre-V1: the word just read is ndim, dims follow as uint32
            ndim = magic
            shape = reader.unpack("<%dI" % ndim, what + " shape") if ndim else ()
        if ndim <= 0:
            return None, None
    else:
        raise reader.error("%s has unknown magic number 0x%08X" % (what, magic))
    _check_dims(reader, shape, what + " shape")
    dev_type, dev_id = reader.unpack("<ii", what + " context")
    if dev_type not in Context.devtype2str or dev_id < 0:
        raise reader.error("%s has an invalid context (device type %d, id %d)"
                           % (what, dev_type, dev_id))
    dtype = _dtype_of(reader, reader.unpack("<i", what + " dtype flag")[0], what)
    if nad == 0:
        value = reader.elements(dtype, shape, what + " data")
        return value, (dev_type, dev_id)
    _check_dims(reader, sshape, what + " storage shape")
    aux = []
    for k in range(nad):
        aux_dtype = _dtype_of(reader, reader.unpack("<i", what + " aux dtype")[0],
                              what + " aux %d" % k)
        aux.append((aux_dtype, reader.shape(what + " aux shape")[1]))
    # MXNet sizes the values by the index array (the stored storage shape can be stale):
    # row_sparse has one index (rows), csr has indptr then the column indices.
    rows = aux[nad - 1][1]
    if len(rows) != 1 or len(sshape) < 1:
        raise reader.error("%s has an invalid %s index shape %s"
                           % (what, _STYPE_NAMES[stype], rows))
    values = reader.elements(dtype, (rows[0],) + tuple(sshape[1:]), what + " data")
    aux_values = [reader.elements(dt, shp, what + " aux data") for dt, shp in aux]
    return _densify(reader, stype, shape, values, aux_values, what), (dev_type, dev_id)


def _densify(reader, stype, shape, values, aux, what):
    dense = np.zeros(shape, dtype=values.dtype)
    try:
        if stype == 1:  # row_sparse: values (nnz_rows, ...) and the row indices
            dense[aux[0].astype(np.int64)] = values
        else:  # csr: values (nnz,), indptr (rows+1,), column indices (nnz,)
            indptr, cols = aux[0].astype(np.int64), aux[1].astype(np.int64)
            rows = np.repeat(np.arange(shape[0]), np.diff(indptr))
            dense[rows, cols] = values
    except (IndexError, ValueError) as err:
        raise reader.error("%s is an inconsistent %s array: %s"
                           % (what, _STYPE_NAMES[stype], err)) from None
    return dense


def _context_for(saved):
    dev_type, dev_id = saved
    if dev_type == 2 and dev_id < num_gpus():
        return Context("gpu", dev_id)
    return Context("cpu", 0)


def _decode(buf, source):
    r = _Reader(buf, source)
    if len(r.buf) < 8:
        raise r.error("too short to be an NDArray file (%d bytes)" % len(r.buf))
    header = r.u64("header")
    if header != LIST_MAGIC:
        raise r.error("bad magic number 0x%X (expected 0x%X): not an NDArray file"
                      % (header, LIST_MAGIC))
    r.u64("reserved field")
    count = r.u64("number of arrays")
    if count > len(r.buf):  # every record takes several bytes
        raise r.error("claims %d arrays in %d bytes" % (count, len(r.buf)))
    values = [_read_array(r, i) for i in range(count)]
    _check_shape_semantics(r.magics)
    n_names = r.u64("number of names")
    if n_names not in (0, count):
        raise r.error("%d names for %d arrays" % (n_names, count))
    names = []
    for i in range(n_names):
        length = r.u64("length of name %d" % i)
        raw = bytes(r.take(length, "name %d" % i))
        try:
            names.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            raise r.error("name %d is not valid UTF-8" % i) from None
    arrays = []
    for value, saved in values:
        if value is None:  # an empty handle: MXNet gives an array without storage
            value, saved = np.zeros((0,), np.float32), (1, 0)
        ctx = _context_for(saved)
        arrays.append(array(value, ctx=ctx, dtype=value.dtype))
    if n_names == 0:
        return arrays
    return dict(zip(names, arrays))


def load(fname):
    """Loads arrays from a file written by ``save`` (mxjax's or MXNet's).

    Parameters
    ----------
    fname : str
        The filename.

    Returns
    -------
    list of NDArray or dict of str to NDArray
        A dict when the file stores names, a list otherwise. Arrays saved on a GPU
        come back on that GPU when it exists, on ``cpu(0)`` otherwise. Sparse arrays
        (``row_sparse``, ``csr``) are loaded as dense NDArrays.

    Raises
    ------
    TypeError
        When ``fname`` is not a string.
    MXNetError
        When the file cannot be read or is not a valid NDArray file (the message
        names the file and what is wrong).
    """
    if not isinstance(fname, string_types):
        raise TypeError('fname required to be a string')
    try:
        with open(fname, "rb") as f:
            buf = f.read()
    except OSError as err:
        raise MXNetError("load: cannot open %r: %s" % (fname, err.strerror or err)) from None
    return _decode(buf, repr(fname))


def load_frombuffer(buf):
    """Loads an array dictionary or list from a buffer (the contents of a saved file).

    Parameters
    ----------
    buf : bytes or str
        The bytes of a file written by ``save``.

    Returns
    -------
    list of NDArray or dict of str to NDArray

    Raises
    ------
    TypeError
        When ``buf`` is neither bytes nor str.
    MXNetError
        When the buffer is not a valid NDArray file.
    """
    if not isinstance(buf, string_types + (bytes,)):
        raise TypeError('buf required to be a string or bytes')
    if isinstance(buf, str):
        buf = buf.encode("latin-1")
    return _decode(buf, "buffer")
