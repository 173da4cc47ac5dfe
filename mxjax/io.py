"""``mx.io``: the data iterators of MXNet 1.9.1's Module API: ``DataDesc``,
``DataBatch``, ``DataIter``, ``NDArrayIter``, ``ResizeIter``, ``PrefetchingIter`` and
``CSVIter``.

MXNet's other C++ iterators (``ImageRecordIter``, ``MNISTIter``, ``LibSVMIter`` ...) are
not provided.
"""
import threading
from collections import OrderedDict, namedtuple

import numpy as np

from .base import MXNetError
from . import ndarray as nd
from .ndarray import NDArray

__all__ = ["DataDesc", "DataBatch", "DataIter", "NDArrayIter", "ResizeIter",
           "PrefetchingIter", "CSVIter", "LibSVMIter", "MNISTIter"]


class IOAssertionError(MXNetError, AssertionError):
    """A failed iterator check (MXNet asserts)."""


def _check(cond, msg):
    if not cond:
        raise IOAssertionError(msg)


class DataDesc(namedtuple("DataDesc", ["name", "shape"])):
    """Name, shape, dtype and layout of one input or label of a batch.

    Parameters
    ----------
    name : str
    shape : tuple of int
    dtype : numpy dtype, default numpy.float32
    layout : str, default 'NCHW'
        Where ``'N'`` is the batch axis.
    """

    def __new__(cls, name, shape, dtype=np.float32, layout="NCHW"):
        ret = super(cls, DataDesc).__new__(cls, name, shape)
        ret.dtype = dtype
        ret.layout = layout
        return ret

    def __repr__(self):
        return "DataDesc[%s,%s,%s,%s]" % (self.name, self.shape, self.dtype, self.layout)

    @staticmethod
    def get_batch_axis(layout):
        """The batch axis of ``layout`` (0 when None)."""
        if layout is None:
            return 0
        return layout.find("N")

    @staticmethod
    def get_list(shapes, types):
        """DataDescs from ``[(name, shape)]`` and optional ``[(name, dtype)]``."""
        if types is not None:
            type_dict = dict(types)
            return [DataDesc(x[0], x[1], type_dict[x[0]]) for x in shapes]
        return [DataDesc(x[0], x[1]) for x in shapes]


class DataBatch:
    """One batch: lists of data and label NDArrays.

    Parameters
    ----------
    data : list of NDArray
    label : list of NDArray, optional
    pad : int, optional
        Number of padding samples at the end of the batch.
    index : numpy.ndarray, optional
    bucket_key : optional
    provide_data, provide_label : list of DataDesc, optional
    """

    def __init__(self, data, label=None, pad=None, index=None, bucket_key=None,
                 provide_data=None, provide_label=None):
        if data is not None:
            _check(isinstance(data, (list, tuple)), "Data must be list of NDArrays")
        if label is not None:
            _check(isinstance(label, (list, tuple)), "Label must be list of NDArrays")
        self.data = data
        self.label = label
        self.pad = pad
        self.index = index
        self.bucket_key = bucket_key
        self.provide_data = provide_data
        self.provide_label = provide_label

    def __str__(self):
        data_shapes = [d.shape for d in self.data]
        label_shapes = [lab.shape for lab in self.label] if self.label else None
        return "{}: data shapes: {} label shapes: {}".format(self.__class__.__name__,
                                                            data_shapes, label_shapes)


class DataIter:
    """Base class of data iterators.

    Parameters
    ----------
    batch_size : int, default 0
    """

    def __init__(self, batch_size=0):
        self.batch_size = batch_size

    def __iter__(self):
        return self

    def reset(self):
        """Go back to the first batch."""

    def next(self):
        """The next DataBatch (StopIteration at the end)."""
        if self.iter_next():
            return DataBatch(data=self.getdata(), label=self.getlabel(), pad=self.getpad(),
                             index=self.getindex())
        raise StopIteration

    def __next__(self):
        return self.next()

    def iter_next(self):
        """Move to the next batch; whether there is one."""

    def getdata(self):
        """The data of the current batch."""

    def getlabel(self):
        """The label of the current batch."""

    def getindex(self):
        """The indices of the current batch's samples."""
        return None

    def getpad(self):
        """The number of padding samples in the current batch."""


class _CurrentBatchIter(DataIter):
    """An iterator whose accessors read ``self.current_batch`` (a DataBatch)."""

    def getdata(self):
        return self.current_batch.data

    def getlabel(self):
        return self.current_batch.label

    def getindex(self):
        return self.current_batch.index

    def getpad(self):
        return self.current_batch.pad


class ResizeIter(_CurrentBatchIter):
    """Make ``data_iter`` yield exactly ``size`` batches per epoch (restarting it or
    stopping early).

    Parameters
    ----------
    data_iter : DataIter
    size : int
    reset_internal : bool, default True
        Reset ``data_iter`` on ``reset``.
    """

    def __init__(self, data_iter, size, reset_internal=True):
        super().__init__()
        self.data_iter = data_iter
        self.size = size
        self.reset_internal = reset_internal
        self.cur = 0
        self.current_batch = None
        self.provide_data = data_iter.provide_data
        self.provide_label = data_iter.provide_label
        self.batch_size = data_iter.batch_size
        if hasattr(data_iter, "default_bucket_key"):
            self.default_bucket_key = data_iter.default_bucket_key

    def reset(self):
        self.cur = 0
        if self.reset_internal:
            self.data_iter.reset()

    def iter_next(self):
        if self.cur == self.size:
            return False
        try:
            self.current_batch = self.data_iter.next()
        except StopIteration:
            self.data_iter.reset()
            self.current_batch = self.data_iter.next()
        self.cur += 1
        return True


class PrefetchingIter(_CurrentBatchIter):
    """Combine iterators and fetch their next batches in background threads.

    Parameters
    ----------
    iters : DataIter or list of DataIter
    rename_data, rename_label : list of dict, optional
        Renames of each iterator's provide_data/provide_label.
    """

    def __init__(self, iters, rename_data=None, rename_label=None):
        super().__init__()
        if not isinstance(iters, list):
            iters = [iters]
        self.n_iter = len(iters)
        _check(self.n_iter > 0, "PrefetchingIter needs at least one iterator")
        self.iters = iters
        self.rename_data = rename_data
        self.rename_label = rename_label
        self.batch_size = self.provide_data[0][1][0]
        self.data_ready = [threading.Event() for _ in range(self.n_iter)]
        self.data_taken = [threading.Event() for _ in range(self.n_iter)]
        for i in self.data_taken:
            i.set()
        self.started = True
        self.current_batch = [None for _ in range(self.n_iter)]
        self.next_batch = [None for _ in range(self.n_iter)]

        def prefetch_func(self, i):
            while True:
                self.data_taken[i].wait()
                if not self.started:
                    break
                try:
                    self.next_batch[i] = self.iters[i].next()
                except StopIteration:
                    self.next_batch[i] = None
                self.data_taken[i].clear()
                self.data_ready[i].set()

        self.prefetch_threads = [threading.Thread(target=prefetch_func, args=[self, i],
                                                  daemon=True) for i in range(self.n_iter)]
        for thread in self.prefetch_threads:
            thread.start()

    def __del__(self):
        self.started = False
        for i in getattr(self, "data_taken", []):
            i.set()
        for thread in getattr(self, "prefetch_threads", []):
            thread.join()

    def _renamed(self, descs_of, renames):
        if renames is None:
            return sum([descs_of(i) for i in self.iters], [])
        return sum([[DataDesc(r[x.name], x.shape, x.dtype) if isinstance(x, DataDesc)
                     else DataDesc(*x) for x in descs_of(i)]
                    for r, i in zip(renames, self.iters)], [])

    @property
    def provide_data(self):
        """DataDescs of the data of all iterators."""
        return self._renamed(lambda i: i.provide_data, self.rename_data)

    @property
    def provide_label(self):
        """DataDescs of the labels of all iterators."""
        return self._renamed(lambda i: i.provide_label, self.rename_label)

    def reset(self):
        for i in self.data_ready:
            i.wait()
        for i in self.iters:
            i.reset()
        for i in self.data_ready:
            i.clear()
        for i in self.data_taken:
            i.set()

    def iter_next(self):
        for i in self.data_ready:
            i.wait()
        if self.next_batch[0] is None:
            for i in self.next_batch:
                _check(i is None, "Number of entry mismatches between iterators")
            return False
        for batch in self.next_batch:
            _check(batch.pad == self.next_batch[0].pad,
                   "Number of entry mismatches between iterators")
        self.current_batch = DataBatch(sum([batch.data for batch in self.next_batch], []),
                                       sum([batch.label for batch in self.next_batch], []),
                                       self.next_batch[0].pad, self.next_batch[0].index,
                                       provide_data=self.provide_data,
                                       provide_label=self.provide_label)
        for i in self.data_ready:
            i.clear()
        for i in self.data_taken:
            i.set()
        return True

    def next(self):
        if self.iter_next():
            return self.current_batch
        raise StopIteration


# ---------------------------------------------------------------------------
# NDArrayIter


def _init_data(data, allow_empty, default_name):
    """``[(name, NDArray)]`` sorted by name, from an array, a list or a dict."""
    _check(data is not None or allow_empty, "data must be given")
    if data is None:
        data = []
    if isinstance(data, (np.ndarray, NDArray)):
        data = [data]
    if isinstance(data, list):
        if not allow_empty:
            _check(len(data) > 0, "data must not be empty")
        if len(data) == 1:
            data = OrderedDict([(default_name, data[0])])
        else:
            data = OrderedDict([("_%d_%s" % (i, default_name), d) for i, d in enumerate(data)])
    if not isinstance(data, dict):
        raise TypeError("Input must be NDArray, numpy.ndarray, h5py.Dataset " +
                        "a list of them or dict with them as values")
    for k, v in data.items():
        if getattr(v, "format", None) == "csr" and hasattr(v, "tocsr"):  # scipy.sparse
            data[k] = nd.sparse.csr_matrix(v)
        elif not isinstance(v, NDArray):
            try:
                data[k] = nd.array(v)
            except Exception:  # noqa: BLE001 - reported as MXNet does
                raise TypeError("Invalid type '%s' for %s, " % (type(v), k) +
                                "should be NDArray, numpy.ndarray or h5py.Dataset") from None
    return list(sorted(data.items()))


def _is_csr(x):
    return getattr(x, "stype", "default") == "csr"


def _getdata_by_idx(data, idx):
    return [(k, nd.sparse.csr_matrix(v.asscipy()[idx], ctx=v.context) if _is_csr(v)
             else nd.array(v.asnumpy()[idx], v.context)) for k, v in data]


_CHUNK = 32  # NDArrayIter: full batches cut per block (see NDArrayIter._full_batch)


class NDArrayIter(DataIter):
    """Iterate over NDArrays (or NumPy arrays) in batches, as MXNet's ``NDArrayIter``.

    Parameters
    ----------
    data : array, list of arrays or dict of name to array
        ``CSRNDArray`` and ``scipy.sparse.csr_matrix`` sources give CSR batches; they
        need ``last_batch_handle='discard'``.
    label : array, list of arrays or dict, optional
    batch_size : int, default 1
    shuffle : bool, default False
        Shuffle (NumPy's global generator) at every reset.
    last_batch_handle : {'pad', 'discard', 'roll_over'}, default 'pad'
        'pad': fill the last batch from the start of the data (``pad`` counts the
        filler); 'discard': drop it; 'roll_over': carry it into the next epoch.
    data_name : str, default 'data'
    label_name : str, default 'softmax_label'
    layout : str, default 'NCHW'
        Where ``'N'`` is the batch axis.
    """

    def __init__(self, data, label=None, batch_size=1, shuffle=False, last_batch_handle="pad",
                 data_name="data", label_name="softmax_label", layout="NCHW"):
        super().__init__(batch_size)
        if last_batch_handle not in ("pad", "discard", "roll_over"):
            raise MXNetError("last_batch_handle must be 'pad', 'discard' or 'roll_over', "
                             "got %r" % (last_batch_handle,))
        self.data = _init_data(data, allow_empty=False, default_name=data_name)
        self.label = _init_data(label, allow_empty=True, default_name=label_name)
        if any(_is_csr(v) for _, v in self.data + self.label) and \
                last_batch_handle != "discard":
            raise NotImplementedError("`NDArrayIter` only supports ``CSRNDArray`` with "
                                      "`last_batch_handle` set to `discard`.")
        self.idx = np.arange(self.data[0][1].shape[0])
        self.shuffle = shuffle
        self.last_batch_handle = last_batch_handle
        self.batch_size = batch_size
        self.cursor = -self.batch_size
        self.num_data = self.idx.shape[0]
        self.reset()
        self.data_list = [x[1] for x in self.data] + [x[1] for x in self.label]
        self.num_source = len(self.data_list)
        self._cache_data = None
        self._cache_label = None
        self.layout = layout

    def _descs(self, source):
        batch_axis = self.layout.find("N")
        return [DataDesc(k, tuple(list(v.shape[:batch_axis]) + [self.batch_size] +
                                  list(v.shape[batch_axis + 1:])), v.dtype, layout=self.layout)
                for k, v in source]

    @property
    def provide_data(self):
        """DataDescs of the data (with the batch size as batch dimension)."""
        return self._descs(self.data)

    @property
    def provide_label(self):
        """DataDescs of the labels."""
        return self._descs(self.label)

    def hard_reset(self):
        """Reset ignoring roll_over data."""
        self._blocks = {}
        if self.shuffle:
            self._shuffle_data()
        self.cursor = -self.batch_size
        self._cache_data = None
        self._cache_label = None

    def reset(self):
        """Go back to the start (keeping rolled-over samples with 'roll_over')."""
        self._blocks = {}
        if self.shuffle:
            self._shuffle_data()
        if self.last_batch_handle == "roll_over" and \
                self.num_data - self.batch_size < self.cursor < self.num_data:
            self.cursor = self.cursor - self.num_data - self.batch_size
        else:
            self.cursor = -self.batch_size

    def iter_next(self):
        self.cursor += self.batch_size
        return self.cursor < self.num_data

    def next(self):
        if not self.iter_next():
            raise StopIteration
        data = self.getdata()
        label = self.getlabel()
        if data[0].shape[self.layout.find("N")] != self.batch_size:
            self._cache_data = data
            self._cache_label = label
            raise StopIteration
        return DataBatch(data=data, label=label, pad=self.getpad(), index=None)

    def _getdata(self, data_source, start=None, end=None):
        _check(start is not None or end is not None, "should at least specify start or end")
        start = start if start is not None else 0
        if end is None:
            end = data_source[0][1].shape[0] if data_source else 0
        axis = self.layout.find("N")
        return [x[1][start:end] if _is_csr(x[1])  # CSR rows stay CSR, as MXNet's
                else nd.slice_axis(x[1], axis=axis, begin=start, end=end) for x in data_source]

    def _concat(self, first_data, second_data):
        if not first_data or not second_data:
            return first_data if first_data else second_data
        _check(len(first_data) == len(second_data), "data source should contain the same size")
        return [nd.concat(first_data[i], second_data[i], dim=self.layout.find("N"))
                for i in range(len(first_data))]

    def _tile(self, data, repeats):
        if not data:
            return []
        res = []
        for datum in data:
            reps = [1] * len(datum.shape)
            reps[0] = repeats
            res.append(nd.tile(datum, reps))
        return res

    def _batchify(self, data_source):
        _check(self.cursor < self.num_data, "DataIter needs reset.")
        if self.last_batch_handle == "roll_over" and -self.batch_size < self.cursor < 0:
            _check(self._cache_data is not None or self._cache_label is not None,
                   "next epoch should have cached data")
            cache_data = self._cache_data if self._cache_data is not None else self._cache_label
            second_data = self._getdata(data_source, end=self.cursor + self.batch_size)
            if self._cache_data is not None:
                self._cache_data = None
            else:
                self._cache_label = None
            return self._concat(cache_data, second_data)
        if self.last_batch_handle == "pad" and self.cursor + self.batch_size > self.num_data:
            pad = self.batch_size - self.num_data + self.cursor
            first_data = self._getdata(data_source, start=self.cursor)
            if pad > self.num_data:
                repeats = pad // self.num_data
                second_data = self._tile(self._getdata(data_source, end=self.num_data), repeats)
                if pad % self.num_data != 0:
                    second_data = self._concat(second_data,
                                               self._getdata(data_source,
                                                             end=pad % self.num_data))
            else:
                second_data = self._getdata(data_source, end=pad)
            return self._concat(first_data, second_data)
        end_idx = self.cursor + self.batch_size if self.cursor + self.batch_size < self.num_data \
            else self.num_data
        if self.cursor >= 0 and end_idx - self.cursor == self.batch_size:
            return self._full_batch(data_source, self.cursor)
        return self._getdata(data_source, self.cursor, end_idx)

    def _full_batch(self, data_source, start):
        """The full batch at ``start``, cut from a block of up to ``_CHUNK`` batches made
        by two operator calls (a slice and a split) instead of one slice per batch and
        source: a slice's bounds are attributes, so every new position would cost an
        operator of its own (compiled per position). Blocks are dropped at ``reset``:
        every epoch's batches are fresh arrays, as MXNet's slices are."""
        b = self.batch_size
        if any(_is_csr(x) for _, x in data_source):
            return self._getdata(data_source, start, start + b)
        entry = self._blocks.get(id(data_source))
        if entry is None or entry[0] is not data_source or \
                not entry[1] <= start < entry[1] + entry[2] * b or (start - entry[1]) % b:
            n = max(1, min(_CHUNK, (self.num_data - start) // b))
            axis = self.layout.find("N")
            pieces = []
            for _, x in data_source:
                block = nd.slice_axis(x, axis=axis, begin=start, end=start + n * b)
                pieces.append(nd.split(block, num_outputs=n, axis=axis) if n > 1 else [block])
            entry = (data_source, start, n, pieces)
            self._blocks[id(data_source)] = entry
        k = (start - entry[1]) // b
        return [p[k] for p in entry[3]]

    def getdata(self):
        return self._batchify(self.data)

    def getlabel(self):
        return self._batchify(self.label)

    def getpad(self):
        if self.last_batch_handle == "pad" and self.cursor + self.batch_size > self.num_data:
            return self.cursor + self.batch_size - self.num_data
        if self.last_batch_handle == "roll_over" and -self.batch_size < self.cursor < 0:
            return -self.cursor
        return 0

    def _shuffle_data(self):
        np.random.shuffle(self.idx)
        self.data = _getdata_by_idx(self.data, self.idx)
        self.label = _getdata_by_idx(self.label, self.idx)


def _read_csv(path, dtype, what):
    """The rows of a CSV file, or of every file in a directory (in name order)."""
    import os
    paths = ([os.path.join(path, f) for f in sorted(os.listdir(path))] if os.path.isdir(path)
             else [path])
    rows = []
    for p in paths:
        if not os.path.isfile(p):
            raise MXNetError("CSVIter: %s %s not found" % (what, p))
        with open(p) as f:
            for line in f:
                line = line.strip()
                if line:
                    rows.append([int(v) if dtype.kind == "i" else float(v)
                                 for v in line.split(",")])
    return np.asarray(rows, dtype=dtype)


class CSVIter(DataIter):
    """Batches of the rows of a CSV file, each row reshaped to ``data_shape`` (MXNet's
    ``CSVIter``, including what it does with the last batch).

    With ``round_batch`` (default) a last incomplete batch is completed from the start
    of the file (``pad`` counts those rows), and the pass after ``reset`` begins after
    them; without it, the missing rows of the last batch keep the previous batch's rows
    (``pad`` counts them) and every pass starts at the first row.

    Parameters
    ----------
    data_csv : str
        A CSV file, or a directory whose files are all read.
    data_shape : tuple of int
    label_csv : str, optional
        Without it every label is 0.
    label_shape : tuple of int, default (1,)
    batch_size : int
    round_batch : bool, default True
    dtype : {'float32', 'int32', 'int64', 'float16'}, default 'float32'
    data_name, label_name : str
    """

    def __init__(self, data_csv, data_shape, label_csv=None, label_shape=(1,), batch_size=1,
                 round_batch=True, prefetch_buffer=4, ctx="cpu", dtype="float32",
                 data_name="data", label_name="softmax_label", **kwargs):
        super().__init__(batch_size)
        dtype = np.dtype(dtype if dtype is not None else "float32")
        _check(dtype.name in ("float32", "int32", "int64", "float16"),
               "CSVIter: dtype must be float32, int32, int64 or float16, got %s" % dtype.name)
        _check(int(batch_size) > 0, "CSVIter: batch_size must be positive")
        self._data_shape = tuple(int(d) for d in data_shape)
        self._label_shape = tuple(int(d) for d in label_shape)
        data = _read_csv(data_csv, dtype, "data_csv")
        _check(data.size > 0, "CSVIter: %s holds no rows" % data_csv)
        width = int(np.prod(self._data_shape))
        _check(data.shape[1] == width, "CSVIter: rows of %s have %d values, data_shape %s "
               "needs %d" % (data_csv, data.shape[1], self._data_shape, width))
        self._data = data.reshape((-1,) + self._data_shape)
        n = len(self._data)
        if label_csv is not None:
            label = _read_csv(label_csv, dtype, "label_csv")
            _check(len(label) == n, "CSVIter: %s has %d rows, %s has %d"
                   % (label_csv, len(label), data_csv, n))
            self._label = label.reshape((-1,) + self._label_shape)
        else:
            self._label = np.zeros((n,) + self._label_shape, dtype)
        if self._label_shape == (1,):
            self._label = self._label.reshape(n)
        self._start_batching(bool(int(round_batch)), dtype, data_name, label_name)

    def _start_batching(self, round_batch, dtype, data_name, label_name):
        """The batching state over ``self._data`` rows (shared with LibSVMIter)."""
        self._round = round_batch
        self._dtype = dtype
        self._names = (data_name, label_name)
        self._start = self._pos = 0
        self._rows = np.zeros(self.batch_size, np.int64)
        self._pad = 0
        self._done = False

    @property
    def provide_data(self):
        return [DataDesc(self._names[0], (self.batch_size,) + self._data_shape, self._dtype.type)]

    @property
    def provide_label(self):
        return [DataDesc(self._names[1], (self.batch_size,) + self._label.shape[1:],
                         self._dtype.type)]

    def reset(self):
        self._pos = self._start
        self._done = False

    def iter_next(self):
        n = len(self._data)
        if self._done or self._pos >= n:
            return False
        take = min(self.batch_size, n - self._pos)
        self._rows[:take] = np.arange(self._pos, self._pos + take)
        self._pos += take
        self._pad = self.batch_size - take
        if self._pad:
            self._done = True
            if self._round:  # complete the batch from the first rows (they may repeat)
                self._rows[take:] = np.arange(self._pad) % n
                self._start = self._pad % n
        elif self._pos >= n:
            self._done = True
            self._start = 0
        if not self._round:
            self._start = 0
        return True

    def getdata(self):
        return nd.array(self._data[self._rows], dtype=self._dtype)

    def getlabel(self):
        return nd.array(self._label[self._rows], dtype=self._dtype)

    def getindex(self):
        return self._rows.copy()

    def getpad(self):
        return self._pad

    def next(self):
        if self.iter_next():
            return DataBatch(data=[self.getdata()], label=[self.getlabel()], pad=self.getpad(),
                             index=self.getindex())
        raise StopIteration


def _read_libsvm(path, width, what):
    """(first values, indptr, indices, values) of a LibSVM file: ``label idx:value ...``
    per line, indices zero-based and below ``width``."""
    import os
    if not os.path.isfile(path):
        raise MXNetError("LibSVMIter: %s %s not found" % (what, path))
    heads, indptr, indices, values = [], [0], [], []
    with open(path) as f:
        for lineno, line in enumerate(f, 1):
            parts = line.split()
            if not parts:
                continue
            try:
                heads.append(float(parts[0]))
                for item in parts[1:]:
                    k, v = item.split(":")
                    k = int(k)
                    if not 0 <= k < width:
                        raise ValueError("index %d outside [0, %d)" % (k, width))
                    indices.append(k)
                    values.append(float(v))
            except ValueError as err:
                raise MXNetError("LibSVMIter: %s %s line %d: %s (%r)"
                                 % (what, path, lineno, err, line.strip())) from None
            indptr.append(len(indices))
    return (np.asarray(heads, np.float32), np.asarray(indptr, np.int64),
            np.asarray(indices, np.int64), np.asarray(values, np.float32))


class LibSVMIter(CSVIter):
    """Batches of a LibSVM file as ``CSRNDArray`` data (MXNet's ``LibSVMIter``).

    Each line is ``label index:value ...`` with zero-based indices. Without
    ``label_libsvm`` the labels are the lines' first values, a dense ``(batch,)`` array;
    with it, the label file's rows are CSR labels of ``label_shape``. A last incomplete
    batch is completed from the start of the file and the next pass begins after those
    rows, as ``CSVIter`` with ``round_batch``.

    Parameters
    ----------
    data_libsvm : str
    data_shape : tuple of int
        ``(num_features,)``.
    label_libsvm : str, optional
    label_shape : tuple of int, default (1,)
    batch_size : int
    round_batch : bool, default True
        False is refused, as by MXNet 1.9.1.
    data_name, label_name : str
    num_parts, part_index : int, default 1, 0
        Read only part ``part_index`` of ``num_parts`` equal row ranges.
    """

    def __init__(self, data_libsvm, data_shape, label_libsvm=None, label_shape=(1,),
                 batch_size=1, round_batch=True, prefetch_buffer=4, ctx="cpu",
                 dtype="float32", data_name="data", label_name="softmax_label",
                 num_parts=1, part_index=0, **kwargs):
        DataIter.__init__(self, batch_size)
        _check(int(batch_size) > 0, "LibSVMIter: batch_size must be positive")
        _check(bool(int(round_batch)), "LibSVMIter: sparse batch loader doesn't support "
               "round_batch == false yet")
        self._data_shape = tuple(int(d) for d in data_shape)
        self._label_shape = tuple(int(d) for d in label_shape)
        _check(len(self._data_shape) == 1, "LibSVMIter: data_shape must be (num_features,), "
               "got %s" % (self._data_shape,))
        heads, *self._csr = _read_libsvm(data_libsvm, self._data_shape[0], "data_libsvm")
        n = len(heads)
        _check(n > 0, "LibSVMIter: %s holds no rows" % data_libsvm)
        rows = np.array_split(np.arange(n), int(num_parts))[int(part_index)]
        self._label_csr = None
        if label_libsvm is not None:
            _, *self._label_csr = _read_libsvm(label_libsvm, int(np.prod(self._label_shape)),
                                               "label_libsvm")
            _check(len(self._label_csr[0]) - 1 == n, "LibSVMIter: %s has %d rows, %s has %d"
                   % (label_libsvm, len(self._label_csr[0]) - 1, data_libsvm, n))
        self._label = heads
        self._data = rows  # the iterated rows (CSVIter's batching runs over them)
        self._start_batching(True, np.dtype("float32"), data_name, label_name)

    @property
    def provide_data(self):
        return [DataDesc(self._names[0], (self.batch_size,) + self._data_shape, np.float32)]

    @property
    def provide_label(self):
        shape = (self.batch_size,) + (self._label_shape if self._label_csr is not None
                                      else ())
        return [DataDesc(self._names[1], shape, np.float32)]

    @staticmethod
    def _batch_csr(csr, rows, width):
        indptr, indices, values = csr
        starts, ends = indptr[rows], indptr[rows + 1]
        take = np.concatenate([np.arange(a, b) for a, b in zip(starts, ends)] or
                              [np.zeros(0, np.int64)]).astype(np.int64)
        ptr = np.concatenate([[0], np.cumsum(ends - starts)])
        return nd.sparse.csr_matrix((values[take], indices[take], ptr),
                                    shape=(len(rows), width))

    def getdata(self):
        return self._batch_csr(self._csr, self._data[self._rows], self._data_shape[0])

    def getlabel(self):
        rows = self._data[self._rows]
        if self._label_csr is not None:
            return self._batch_csr(self._label_csr, rows, int(np.prod(self._label_shape)))
        return nd.array(self._label[rows], dtype=np.float32)

    def getindex(self):
        return self._data[self._rows]



def _read_idx(path, what):
    """The array of an MNIST idx file (``*-idx1-ubyte`` labels, ``*-idx3-ubyte``
    images; gzip-compressed files too)."""
    import gzip
    import struct
    opener = gzip.open if path.endswith(".gz") else open
    try:
        with opener(path, "rb") as f:
            magic = struct.unpack(">I", f.read(4))[0]
            ndim = magic & 0xFF
            shape = struct.unpack(">" + "I" * ndim, f.read(4 * ndim))
            return np.frombuffer(f.read(), dtype=np.uint8).reshape(shape)
    except (OSError, ValueError, struct.error) as err:
        raise MXNetError("MNISTIter: cannot read the %s file %s: %s" % (what, path, err)) \
            from None


class MNISTIter(NDArrayIter):
    """MXNet's ``MNISTIter``: batches of the MNIST idx files, images scaled by 1/256 to
    float32 (``(batch, 1, 28, 28)``, or ``(batch, 784)`` with ``flat``), labels
    float32; the last incomplete batch is dropped, as MXNet's iterator does.

    Parameters
    ----------
    image : str, default './train-images-idx3-ubyte'
    label : str, default './train-labels-idx1-ubyte'
    batch_size : int, default 128
    shuffle : bool, default True
        Shuffle once, with ``seed``.
    flat : bool, default False
    seed : int, default 0
    silent : bool, default False
    num_parts, part_index : int, default 1, 0
        Read part ``part_index`` of ``num_parts`` equal parts (distributed training).
    input_shape : tuple, optional
        Accepted for MXNet's callers (``get_mnist_iterator``); ``flat`` decides the shape.
    """

    def __init__(self, image="./train-images-idx3-ubyte", label="./train-labels-idx1-ubyte",
                 batch_size=128, shuffle=True, flat=False, seed=0, silent=False, num_parts=1,
                 part_index=0, input_shape=None, **kwargs):
        images = _read_idx(image, "image")
        labels = _read_idx(label, "label")
        _check(len(images) == len(labels), "MNISTIter: %d images but %d labels"
               % (len(images), len(labels)))
        n = len(images)
        lo, hi = n * part_index // num_parts, n * (part_index + 1) // num_parts
        images, labels = images[lo:hi], labels[lo:hi]
        if shuffle:
            order = np.random.RandomState(seed).permutation(len(images))
            images, labels = images[order], labels[order]
        data = images.astype(np.float32) * np.float32(1.0 / 256)
        data = data.reshape(len(data), -1) if flat else data.reshape(len(data), 1, 28, 28)
        super().__init__(data, labels.astype(np.float32), batch_size, shuffle=False,
                         last_batch_handle="discard")
