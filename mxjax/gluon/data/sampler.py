"""Samplers: iterables of dataset indices (or of batches of indices), as MXNet 1.9.1's."""
import numpy as np

from ...base import MXNetError

__all__ = ["Sampler", "SequentialSampler", "RandomSampler", "FilterSampler", "BatchSampler",
           "IntervalSampler"]


class SamplerValueError(MXNetError, ValueError):
    """A bad sampler argument (MXNet raises ValueError)."""


class SamplerAssertionError(MXNetError, AssertionError):
    """A failed sampler check (MXNet asserts)."""


class Sampler:
    """Base class of samplers: ``__iter__`` yields indices, ``__len__`` counts them."""

    def __iter__(self):
        raise NotImplementedError

    def __len__(self):
        raise NotImplementedError


class SequentialSampler(Sampler):
    """``start, start+1, ..., start+length-1``.

    Parameters
    ----------
    length : int
    start : int, default 0
    """

    def __init__(self, length, start=0):
        self._length = length
        self._start = start

    def __iter__(self):
        return iter(range(self._start, self._start + self._length))

    def __len__(self):
        return self._length


class RandomSampler(Sampler):
    """A random permutation of ``range(length)`` (NumPy's global generator), new each pass.

    Parameters
    ----------
    length : int
    """

    def __init__(self, length):
        self._length = length

    def __iter__(self):
        indices = np.arange(self._length)
        np.random.shuffle(indices)
        return iter(indices)

    def __len__(self):
        return self._length


class FilterSampler(Sampler):
    """The indices of the samples for which ``fn(sample)`` is true.

    Parameters
    ----------
    fn : callable
    dataset : Dataset
    """

    def __init__(self, fn, dataset):
        self._fn = fn
        self._dataset = dataset
        self._indices = [i for i, sample in enumerate(dataset) if fn(sample)]

    def __iter__(self):
        return iter(self._indices)

    def __len__(self):
        return len(self._indices)


class BatchSampler(Sampler):
    """Groups the indices of ``sampler`` into lists of ``batch_size``.

    Parameters
    ----------
    sampler : Sampler
    batch_size : int
    last_batch : {'keep', 'discard', 'rollover'}, default 'keep'
        What to do with a final incomplete batch: keep it, drop it, or carry it over to
        the start of the next pass.
    """

    def __init__(self, sampler, batch_size, last_batch="keep"):
        self._sampler = sampler
        self._batch_size = batch_size
        self._last_batch = last_batch
        self._prev = []

    def __iter__(self):
        batch, self._prev = self._prev, []
        for i in self._sampler:
            batch.append(i)
            if len(batch) == self._batch_size:
                yield batch
                batch = []
        if batch:
            if self._last_batch == "keep":
                yield batch
            elif self._last_batch == "discard":
                return
            elif self._last_batch == "rollover":
                self._prev = batch
            else:
                raise SamplerValueError(
                    "last_batch must be one of 'keep', 'discard', or 'rollover', but got %s"
                    % self._last_batch)

    def __len__(self):
        if self._last_batch == "keep":
            return (len(self._sampler) + self._batch_size - 1) // self._batch_size
        if self._last_batch == "discard":
            return len(self._sampler) // self._batch_size
        if self._last_batch == "rollover":
            return (len(self._prev) + len(self._sampler)) // self._batch_size
        raise SamplerValueError("last_batch must be one of 'keep', 'discard', or 'rollover', "
                                "but got %s" % self._last_batch)


class IntervalSampler(Sampler):
    """Indices with a stride: ``0, k, 2k, ..., 1, k+1, ...`` (MXNet's
    ``gluon.contrib.data.IntervalSampler``).

    Parameters
    ----------
    length : int
    interval : int
        The stride (at most ``length``).
    rollover : bool, default True
        After the pass from 0, continue with passes from 1, 2, ... ``interval-1``.
    """

    def __init__(self, length, interval, rollover=True):
        if interval > length:
            raise SamplerAssertionError("Interval {} must be smaller than or equal to length "
                                        "{}".format(interval, length))
        self._length = length
        self._interval = interval
        self._rollover = rollover

    def __iter__(self):
        for i in range(self._interval if self._rollover else 1):
            for j in range(i, self._length, self._interval):
                yield j

    def __len__(self):
        return self._length
