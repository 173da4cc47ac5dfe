"""Datasets: ``Dataset`` and its transforms/filters/shards, ``SimpleDataset``,
``ArrayDataset`` and ``RecordFileDataset``, as MXNet 1.9.1's."""
import os

from ...base import MXNetError
from ... import ndarray
from ... import recordio

__all__ = ["Dataset", "SimpleDataset", "ArrayDataset", "RecordFileDataset"]


class DatasetAssertionError(MXNetError, AssertionError):
    """A failed dataset check (MXNet asserts)."""


def _check(cond, msg):
    if not cond:
        raise DatasetAssertionError(msg)


class Dataset:
    """Abstract dataset: ``__getitem__(idx)`` and ``__len__``."""

    def __getitem__(self, idx):
        raise NotImplementedError

    def __len__(self):
        raise NotImplementedError

    def filter(self, fn):
        """The samples for which ``fn(sample)`` is true.

        Parameters
        ----------
        fn : callable

        Returns
        -------
        Dataset
        """
        from .sampler import FilterSampler
        return _SampledDataset(self, FilterSampler(fn, self))

    def shard(self, num_shards, index):
        """The ``index``-th of ``num_shards`` contiguous, near-equal parts.

        Parameters
        ----------
        num_shards : int
        index : int

        Returns
        -------
        Dataset
        """
        _check(index < num_shards, "Shard index of out bound: %d out of %d"
               % (index, num_shards))
        _check(num_shards > 0, "Number of shards must be greater than 0")
        _check(index >= 0, "Index must be non-negative")
        length = len(self)
        shard_len = length // num_shards
        rest = length % num_shards
        start = shard_len * index + min(index, rest)
        end = start + shard_len + (index < rest)
        from .sampler import SequentialSampler
        return _SampledDataset(self, SequentialSampler(end - start, start))

    def take(self, count):
        """The first ``count`` samples (all of them when None or too many).

        Parameters
        ----------
        count : int or None

        Returns
        -------
        Dataset
        """
        if count is None or count > len(self):
            count = len(self)
        from .sampler import SequentialSampler
        return _SampledDataset(self, SequentialSampler(count))

    def sample(self, sampler):
        """The samples at the indices that ``sampler`` yields.

        Parameters
        ----------
        sampler : Sampler

        Returns
        -------
        Dataset
        """
        from .sampler import Sampler
        if not isinstance(sampler, Sampler):
            raise TypeError("Invalid sampler type: %s. Expected gluon.data.Sampler instead."
                            % type(sampler))
        return _SampledDataset(self, sampler)

    def transform(self, fn, lazy=True):
        """Apply ``fn`` to every sample (tuples are passed as separate arguments).

        Parameters
        ----------
        fn : callable
        lazy : bool, default True
            Transform on access (else now, into a SimpleDataset).

        Returns
        -------
        Dataset
        """
        trans = _LazyTransformDataset(self, fn)
        if lazy:
            return trans
        return SimpleDataset([i for i in trans])

    def transform_first(self, fn, lazy=True):
        """Apply ``fn`` to the first element of every sample (the data, not the label).

        Parameters
        ----------
        fn : callable
        lazy : bool, default True

        Returns
        -------
        Dataset
        """
        return self.transform(_TransformFirstClosure(fn), lazy)


class SimpleDataset(Dataset):
    """A dataset wrapping anything with ``len`` and indexing (a list ...).

    Parameters
    ----------
    data : sequence
    """

    def __init__(self, data):
        self._data = data

    def __len__(self):
        return len(self._data)

    def __getitem__(self, idx):
        return self._data[idx]


class _LazyTransformDataset(Dataset):
    def __init__(self, data, fn):
        self._data = data
        self._fn = fn

    def __len__(self):
        return len(self._data)

    def __getitem__(self, idx):
        item = self._data[idx]
        if isinstance(item, tuple):
            return self._fn(*item)
        return self._fn(item)


class _TransformFirstClosure:
    """Picklable ``fn`` applied to the first element only."""

    def __init__(self, fn):
        self._fn = fn

    def __call__(self, x, *args):
        if args:
            return (self._fn(x),) + args
        return self._fn(x)


class _SampledDataset(Dataset):
    def __init__(self, dataset, sampler):
        self._dataset = dataset
        self._sampler = sampler
        self._indices = list(iter(sampler))

    def __len__(self):
        return len(self._sampler)

    def __getitem__(self, idx):
        return self._dataset[self._indices[idx]]


class ArrayDataset(Dataset):
    """Several arrays (or lists) of equal length, sample ``i`` is ``(a[i], b[i], ...)``.

    One-dimensional NDArrays are kept as NumPy arrays (so a sample is a scalar).

    Parameters
    ----------
    *args : NDArray, numpy.ndarray or list
    """

    def __init__(self, *args):
        _check(len(args) > 0, "Needs at least 1 arrays")
        self._length = len(args[0])
        self._data = []
        for i, data in enumerate(args):
            _check(len(data) == self._length,
                   "All arrays must have the same length; array[0] has length %d while "
                   "array[%d] has %d." % (self._length, i + 1, len(data)))
            if isinstance(data, ndarray.NDArray) and len(data.shape) == 1:
                data = data.asnumpy()
            self._data.append(data)

    def __getitem__(self, idx):
        if len(self._data) == 1:
            return self._data[0][idx]
        return tuple(data[idx] for data in self._data)

    def __len__(self):
        return self._length


class RecordFileDataset(Dataset):
    """The records of a RecordIO file (``.rec`` with its ``.idx``), as bytes.

    Parameters
    ----------
    filename : str
        Path of the ``.rec`` file; the index is the same path with ``.idx``.
    """

    def __init__(self, filename):
        self.idx_file = os.path.splitext(filename)[0] + ".idx"
        self.filename = filename
        self._record = recordio.MXIndexedRecordIO(self.idx_file, self.filename, "r")

    def __getitem__(self, idx):
        return self._record.read_idx(self._record.keys[idx])

    def __len__(self):
        return len(self._record.keys)


class _DownloadedDataset(Dataset):
    """A dataset of (data, label) arrays read from files under ``root``."""

    def __init__(self, root, transform):
        super().__init__()
        self._transform = transform
        self._data = None
        self._label = None
        root = os.path.expanduser(root)
        self._root = root
        if not os.path.isdir(root):
            os.makedirs(root)
        self._get_data()

    def __getitem__(self, idx):
        if self._transform is not None:
            return self._transform(self._data[idx], self._label[idx])
        return self._data[idx], self._label[idx]

    def __len__(self):
        return len(self._label)

    def _get_data(self):
        raise NotImplementedError
