"""``DataLoader``: batches of a Dataset, as MXNet 1.9.1's.

Workers (``num_workers > 0``) are threads by default: MXNet forks worker processes, but
forking a process that has started JAX's runtime is unsafe, and a *spawned* worker imports
JAX afresh (seconds each; MXNet's own tests create loaders with 8 workers dozens of times).
JAX releases the GIL while it computes, so threads keep up for the usual decode/augment
pipelines. ``MXJAX_DATALOADER_PROCESSES=1`` chooses spawned worker processes (on the CPU
backend) instead: the dataset and ``batchify_fn`` are pickled to them once, and batches come
back as NumPy arrays that become NDArrays here; when the dataset or ``batchify_fn`` cannot be
pickled (a lambda, a local function), the loader then warns and uses threads.
``thread_pool=True`` always means threads. Batches are prefetched in order.
"""
from multiprocessing.pool import ThreadPool
from multiprocessing.reduction import ForkingPickler  # noqa: F401 - as in MXNet's module
import multiprocessing
import os
import pickle
import sys
import warnings

import numpy as np

from ...base import MXNetError
from ... import ndarray as nd
from ...context import cpu_pinned
from . import sampler as _sampler

__all__ = ["DataLoader", "default_batchify_fn", "default_mp_batchify_fn"]


class DataLoaderValueError(MXNetError, ValueError):
    """Conflicting DataLoader arguments (MXNet raises ValueError)."""


def default_batchify_fn(data):
    """Stack a list of samples into a batch.

    NDArrays are stacked, tuples are batchified element-wise (a list of batches),
    anything else goes through ``numpy.asarray`` and keeps its dtype.

    Parameters
    ----------
    data : list

    Returns
    -------
    NDArray or list of NDArray
    """
    if isinstance(data[0], nd.NDArray):
        return nd.stack(*data)
    if isinstance(data[0], tuple):
        data = zip(*data)
        return [default_batchify_fn(i) for i in data]
    data = np.asarray(data)
    from ... import util
    if util.is_np_array():  # MXNet: an mx.np array under npx.set_np()
        from ... import numpy as _mx_np
        return _mx_np.array(data, dtype=data.dtype)
    return nd.array(data, dtype=data.dtype)


def default_mp_batchify_fn(data):
    """The batchify function of worker processes in MXNet (the same as
    :func:`default_batchify_fn` in mxjax, whose workers are threads)."""
    return default_batchify_fn(data)


def _as_in_context(data, ctx):
    if isinstance(data, nd.NDArray):
        return data.as_in_context(ctx)
    if isinstance(data, (list, tuple)):
        return [_as_in_context(d, ctx) for d in data]
    return data


def _np_state():
    """The NumPy-semantics switches of this thread: ``(is_np_shape, is_np_array)``."""
    from ... import util
    return util.is_np_shape(), util.is_np_array()


def _batchify_in(np_state, batchify_fn, samples):
    """``batchify_fn(samples)`` under the NumPy-semantics switches ``np_state`` of the
    thread that created the DataLoader (MXNet's forked workers inherit them: batches are
    ``mx.np`` arrays under ``npx.set_np()`` whatever the worker)."""
    from ... import util
    shape, array = np_state
    with util.np_array(array):
        if util.is_np_shape() == shape:
            return batchify_fn(samples)
        with util.np_shape(shape):
            return batchify_fn(samples)


def _thread_worker_fn(samples, batchify_fn, dataset, np_state=(False, False)):
    return _batchify_in(np_state, batchify_fn, [dataset[i] for i in samples])


# -- worker processes -------------------------------------------------------------------

_worker_dataset = None


def _worker_initializer(with_alias, dataset_bytes):
    """Runs in each worker process: install the ``mxnet`` alias when the parent has it
    (the dataset's and batchify_fn's modules may ``import mxnet``), then unpickle the
    dataset."""
    global _worker_dataset
    if with_alias:
        from ... import alias
        alias.install_mxnet_alias()
    _worker_dataset = pickle.loads(dataset_bytes)


class _Shipped:
    """An NDArray (``is_np``: an ``mx.np.ndarray``) sent from a worker process as a
    NumPy array."""

    def __init__(self, array, is_np=False):
        self.array = array
        self.is_np = is_np


def _to_host(batch):
    if isinstance(batch, nd.NDArray):
        mx_np = sys.modules.get(__package__.split(".")[0] + ".numpy.multiarray")
        return _Shipped(batch.asnumpy(), mx_np is not None and isinstance(batch, mx_np.ndarray))
    if isinstance(batch, (list, tuple)):
        return type(batch)(_to_host(b) for b in batch)
    return batch


def _from_host(batch):
    if isinstance(batch, _Shipped):
        if batch.is_np:
            from ... import numpy as _mx_np
            return _mx_np.array(batch.array, dtype=batch.array.dtype)
        return nd.array(batch.array, dtype=batch.array.dtype)
    if isinstance(batch, (list, tuple)):
        return type(batch)(_from_host(b) for b in batch)
    return batch


def _process_worker_fn(samples, batchify_fn, np_state=(False, False)):
    """Runs in a worker process: one batch, with its NDArrays as NumPy arrays."""
    return _to_host(_batchify_in(np_state, batchify_fn,
                                 [_worker_dataset[i] for i in samples]))


def _picklable(*objects):
    try:
        for obj in objects:
            pickle.dumps(obj)
    except Exception:  # pickling errors are of many types
        return False
    return True


def _process_pool(num_workers, dataset):
    """A pool of spawned worker processes on JAX's CPU backend holding ``dataset``."""
    saved = os.environ.get("JAX_PLATFORMS")
    os.environ["JAX_PLATFORMS"] = "cpu"  # inherited by the spawned workers only
    try:
        ctx = multiprocessing.get_context("spawn")
        from ... import alias
        with_alias = alias._FINDER in sys.meta_path
        return ctx.Pool(num_workers, initializer=_worker_initializer,
                        initargs=(with_alias, pickle.dumps(dataset)))
    finally:
        if saved is None:
            del os.environ["JAX_PLATFORMS"]
        else:
            os.environ["JAX_PLATFORMS"] = saved


class _MultiWorkerIter:
    """Iterates batches computed by a thread pool, ``prefetch`` batches ahead, in order."""

    def __init__(self, worker_pool, batchify_fn, batch_sampler, pin_memory=False,
                 pin_device_id=0, prefetch=0, dataset=None, timeout=120, processes=False,
                 data_loader=None, np_state=(False, False)):
        self._worker_pool = worker_pool
        # the DataLoader owns the pool (terminated when it is collected): keep it alive
        self._data_loader = data_loader
        self._processes = processes
        self._batchify_fn = batchify_fn
        self._batch_sampler = batch_sampler
        self._data_buffer = {}
        self._rcvd_idx = 0
        self._sent_idx = 0
        self._iter = iter(self._batch_sampler)
        self._pin_memory = pin_memory
        self._pin_device_id = pin_device_id
        self._dataset = dataset
        self._timeout = timeout
        self._np_state = np_state
        for _ in range(prefetch):
            self._push_next()

    def __len__(self):
        return len(self._batch_sampler)

    def _push_next(self):
        r = next(self._iter, None)
        if r is None:
            return
        if self._processes:
            job = self._worker_pool.apply_async(_process_worker_fn,
                                                (r, self._batchify_fn, self._np_state))
        else:
            job = self._worker_pool.apply_async(_thread_worker_fn,
                                                (r, self._batchify_fn, self._dataset,
                                                 self._np_state))
        self._data_buffer[self._sent_idx] = job
        self._sent_idx += 1

    def __next__(self):
        self._push_next()
        if self._rcvd_idx == self._sent_idx:
            if self._data_buffer:
                raise MXNetError("Data buffer should be empty at this moment")
            raise StopIteration
        ret = self._data_buffer.pop(self._rcvd_idx)
        try:
            batch = ret.get(self._timeout)
        except multiprocessing.TimeoutError:
            print("Worker timed out after {} seconds. This might be caused by \n\n"
                  "            - Slow transform. Please increase timeout to allow slower data "
                  "loading in each worker.\n            ".format(self._timeout))
            raise
        if self._processes:
            batch = _from_host(batch)
        if self._pin_memory:
            batch = _as_in_context(batch, cpu_pinned(self._pin_device_id))
        self._rcvd_idx += 1
        return batch

    next = __next__

    def __iter__(self):
        return self


class DataLoader:
    """Loads batches from a dataset.

    Parameters
    ----------
    dataset : Dataset
    batch_size : int, optional
        Required unless ``batch_sampler`` is given.
    shuffle : bool, default False
        A new random order every pass (not with ``sampler``).
    sampler : Sampler, optional
        The order of samples.
    last_batch : {'keep', 'discard', 'rollover'}, default 'keep'
        What to do with an incomplete last batch.
    batch_sampler : Sampler, optional
        Yields lists of indices; excludes batch_size/shuffle/sampler/last_batch.
    batchify_fn : callable, optional
        Turns a list of samples into a batch (default: stack into NDArrays).
    num_workers : int, default 0
        Worker threads (processes with ``MXJAX_DATALOADER_PROCESSES=1``) preparing batches
        (0: in the iterating thread).
    pin_memory : bool, default False
        Return batches on ``cpu_pinned`` (the CPU in mxjax).
    pin_device_id : int, default 0
    prefetch : int, optional
        Batches prepared ahead (default ``2 * num_workers``).
    thread_pool : bool, default False
        Threads instead of worker processes (also the fallback, with a warning, when the
        dataset or ``batchify_fn`` cannot be pickled).
    timeout : int, default 120
        Seconds to wait for a worker's batch.
    auto_reload : bool, default False
        Start the next pass's workers as soon as one pass ends.
    """

    def __init__(self, dataset, batch_size=None, shuffle=False, sampler=None,
                 last_batch=None, batch_sampler=None, batchify_fn=None,
                 num_workers=0, pin_memory=False, pin_device_id=0,
                 prefetch=None, thread_pool=False, timeout=120, auto_reload=False):
        self._dataset = dataset
        self._pin_memory = pin_memory
        self._pin_device_id = pin_device_id
        self._thread_pool = thread_pool
        self._timeout = timeout
        # workers batchify with the NumPy switches of the creating thread (MXNet forks here)
        self._np_state = _np_state()
        if not timeout > 0:
            raise MXNetError("timeout must be positive, given {}".format(timeout))
        if batch_sampler is None:
            if batch_size is None:
                raise DataLoaderValueError("batch_size must be specified unless "
                                           "batch_sampler is specified")
            if sampler is None:
                if shuffle:
                    sampler = _sampler.RandomSampler(len(dataset))
                else:
                    sampler = _sampler.SequentialSampler(len(dataset))
            elif shuffle:
                raise DataLoaderValueError("shuffle must not be specified if sampler is "
                                           "specified")
            batch_sampler = _sampler.BatchSampler(
                sampler, batch_size, last_batch if last_batch else "keep")
        elif batch_size is not None or shuffle or sampler is not None or \
                last_batch is not None:
            raise DataLoaderValueError("batch_size, shuffle, sampler and last_batch must not "
                                       "be specified if batch_sampler is specified.")
        self._batch_sampler = batch_sampler
        self._num_workers = num_workers if num_workers >= 0 else 0
        self._worker_pool = None
        self._prefetch = max(0, int(prefetch) if prefetch is not None
                             else 2 * self._num_workers)
        if batchify_fn is None:
            self._batchify_fn = default_mp_batchify_fn if num_workers > 0 \
                else default_batchify_fn
        else:
            self._batchify_fn = batchify_fn
        self._processes = False
        if self._num_workers > 0:
            processes = os.environ.get("MXJAX_DATALOADER_PROCESSES", "0") == "1"
            if processes and not thread_pool and _picklable(dataset, self._batchify_fn):
                self._worker_pool = _process_pool(self._num_workers, dataset)
                self._processes = True
            else:
                if processes and not thread_pool:
                    warnings.warn("DataLoader: the dataset or batchify_fn cannot be pickled "
                                  "to worker processes; using %d worker threads instead "
                                  "(pass thread_pool=True to choose threads)"
                                  % self._num_workers)
                self._worker_pool = ThreadPool(self._num_workers)
        self.auto_reload = auto_reload
        if self.auto_reload:
            self.refresh()
        else:
            self.clean()

    def __iter__(self):
        if self._iter is None:
            self.refresh()
        t = self._iter
        self._iter = None
        for item in t:
            yield item
        if self._iter is None and self.auto_reload:
            self.refresh()

    def _prefetch_iter(self):
        if self._num_workers == 0:
            def same_process_iter():
                for batch in self._batch_sampler:
                    ret = self._batchify_fn([self._dataset[idx] for idx in batch])
                    if self._pin_memory:
                        ret = _as_in_context(ret, cpu_pinned(self._pin_device_id))
                    yield ret
            return same_process_iter()
        return _MultiWorkerIter(self._worker_pool, self._batchify_fn, self._batch_sampler,
                                pin_memory=self._pin_memory, pin_device_id=self._pin_device_id,
                                prefetch=self._prefetch, dataset=self._dataset,
                                timeout=self._timeout, processes=self._processes,
                                data_loader=self, np_state=self._np_state)

    def __len__(self):
        return len(self._batch_sampler)

    def __del__(self):
        pool = getattr(self, "_worker_pool", None)
        if pool is not None:
            pool.terminate()

    def refresh(self):
        """Start a new pass (create its iterator, prefetching with workers)."""
        self._iter = self._prefetch_iter()

    def clean(self):
        """Drop the prepared iterator."""
        self._iter = None
