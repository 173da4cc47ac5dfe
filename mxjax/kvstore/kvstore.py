"""``mx.kv.KVStore``: MXNet's key-value store on one process or on ``jax.distributed``.

A store keeps one value per key (an int or a str key; one kind per store). ``push``
sums the values given for a key (over contexts, and for distributed types over every
worker with an XLA all-reduce) and either stores the sum or, after
:meth:`KVStore.set_optimizer` / ``_set_updater``, calls ``updater(key, sum, stored)``.
``pull`` copies the stored value into arrays on any context. As in MXNet, an updater
given for str keys receives the key as ``bytes``.

Distributed types keep a copy of the store on every worker: the all-reduced sum is the
same everywhere, so every worker applies the same update to the same value — what
MXNet's servers compute, without servers. ``dist_async`` runs synchronously.
"""
import functools

import numpy as np
import jax

from ..base import MXNetError
from ..context import jax_device
from ..core import cache
from ..ndarray.ndarray import NDArray
from .. import optimizer as opt
from .base import KVStoreBase, KVStoreValueError

__all__ = ["KVStore"]


class KVStoreAssertionError(MXNetError, AssertionError):
    """A failed argument check (MXNet asserts)."""


def _check(cond, msg):
    if not cond:
        raise KVStoreAssertionError(msg)


def _as_list(value):
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _key_values(keys, values, what):
    """``(keys, [list of NDArray per key])`` from MXNet's key/value argument forms."""
    if isinstance(keys, (list, tuple)):
        _check(isinstance(values, (list, tuple)) and len(keys) == len(values),
               "%s: %d keys but %s values" % (what, len(keys), len(values)
                                              if isinstance(values, (list, tuple)) else 1))
        kinds = {isinstance(k, str) for k in keys}
        _check(len(kinds) <= 1, "inconsistent types of keys detected.")
        out_keys, out_vals = [], []
        for k, v in zip(keys, values):
            _check(isinstance(k, (int, np.integer, str)),
                   "unexpected type for keys: " + str(type(k)))
            out_keys.append(k if isinstance(k, str) else int(k))
            out_vals.append(_as_list(v))
    else:
        _check(isinstance(keys, (int, np.integer, str)),
               "unexpected type for keys: " + str(type(keys)))
        out_keys = [keys if isinstance(keys, str) else int(keys)]
        out_vals = [_as_list(values)]
    for vals in out_vals:
        for v in vals:
            _check(isinstance(v, NDArray), "%s: values must be NDArrays, got %s"
                   % (what, type(v).__name__))
    return out_keys, out_vals


@functools.lru_cache(maxsize=None)
def _sum_program():
    return cache.jit(lambda *xs: functools.reduce(lambda a, b: a + b, xs))


def _reduce(values, device):
    """The sum of NDArrays (on any devices) as a jax array on ``device``."""
    datas = [v._value for v in values]
    if len(datas) == 1:
        return jax.device_put(datas[0], device)
    datas = [d if d.devices() == {device} else jax.device_put(d, device) for d in datas]
    return _sum_program()(*datas)


def _sparse_sum(values, merged):
    """The sum ``merged`` of row_sparse ``values`` as a row_sparse array (the union of
    their rows), so that an updater updates those rows only, as MXNet's."""
    if not all(v.stype == "row_sparse" for v in values):
        return merged
    from ..ndarray.sparse import _make, RowSparseNDArray
    rows = np.unique(np.concatenate([np.asarray(v._components()[1]) for v in values]))
    return _make(RowSparseNDArray, merged._value, merged.context, rows=rows)


class KVStore(KVStoreBase):
    """A key-value store (``mx.kv.create(name)`` makes one).

    Parameters
    ----------
    name : str
        The store type: 'local', 'device', 'nccl' or a distributed type.
    comm : mxjax.kvstore.dist.Communicator, optional
        The all-reduce across workers (distributed types).
    """

    def __init__(self, name="local", comm=None):
        self._type = name
        self._comm = comm
        self._store = {}
        self._key_kind = None
        self._updater = None
        self._compression_params = None

    # -- properties ---------------------------------------------------------------
    @property
    def type(self):
        """The store type given to :func:`create`."""
        return self._type

    @property
    def rank(self):
        """This worker's rank (0 on one process)."""
        return self._comm.rank if self._comm is not None else 0

    @property
    def num_workers(self):
        """The number of workers (1 on one process)."""
        return self._comm.num_workers if self._comm is not None else 1

    def is_capable(self, capability):
        """Whether the store can run an optimizer (it can).

        Parameters
        ----------
        capability : str
            ``KVStoreBase.OPTIMIZER``.
        """
        if capability.lower() == KVStoreBase.OPTIMIZER:
            return True
        raise KVStoreValueError("Unknown capability: {}".format(capability))

    # -- keys ---------------------------------------------------------------------
    def _kind(self, keys):
        kind = str if isinstance(keys[0], str) else int
        if self._key_kind is None:
            self._key_kind = kind
        elif self._key_kind is not kind:
            raise MXNetError("Mixed key types are not allowed: this store has %s keys, "
                             "got key %r" % (self._key_kind.__name__, keys[0]))

    def _stored(self, key):
        value = self._store.get(key)
        if value is None:
            raise MXNetError("key %r has not been inited" % (key,))
        return value

    # -- the API ------------------------------------------------------------------
    def init(self, key, value):
        """Initialize keys with values (rank 0's values in a distributed store).

        Parameters
        ----------
        key : str, int, or list of them
        value : NDArray, or list of NDArray (one per key)
        """
        keys, values = _key_values(key, value, "init")
        self._kind(keys)
        for k, vals in zip(keys, values):
            for v in vals:
                if k in self._store:
                    raise MXNetError("duplicate init of key %r. Please double check if you "
                                     "called kv.init or kv.broadcast with this key multiple "
                                     "times" % (k,))
                data = v._value
                if self._comm is not None:
                    data = self._comm.broadcast(data)
                data = jax.device_put(data, jax_device(v.context))
                self._store[k] = NDArray._from_jax(data, v.context)

    def push(self, key, value, priority=0):
        """Sum the values of each key (over contexts and workers) into the store; with an
        updater, ``updater(key, sum, stored)`` instead of replacing the stored value.

        Parameters
        ----------
        key : str, int, or list of them
        value : NDArray, list of NDArray, or list of lists (one list per key)
        priority : int, optional
            Ignored (kept for MXNet's signature).
        """
        keys, values = _key_values(key, value, "push")
        self._kind(keys)
        stored = [self._stored(k) for k in keys]
        merged = []
        for k, vals, s in zip(keys, values, stored):
            for v in vals:
                if tuple(v.shape) != tuple(s.shape):
                    raise MXNetError("push: the value of key %r has shape %s, the stored "
                                     "value %s" % (k, tuple(v.shape), tuple(s.shape)))
            merged.append(_reduce(vals, jax_device(s.context)))
        if self._comm is not None:
            merged = self._comm.allreduce_each(merged)
        merged = [NDArray._from_jax(m, s.context) for m, s in zip(merged, stored)]
        merged = [_sparse_sum(vals, m) for vals, m in zip(values, merged)]
        if self._updater is None:
            for m, s in zip(merged, stored):
                s._set_data(m._value.astype(s.dtype) if m.dtype != s.dtype else m._value)
            return
        ukeys = [k.encode() if isinstance(k, str) else k for k in keys]
        if isinstance(self._updater, opt.Updater) and len(keys) > 1:
            self._updater(ukeys, merged, stored)  # one compiled update for every key
        else:
            for k, m, s in zip(ukeys, merged, stored):
                self._updater(k, m, s)

    def pull(self, key, out=None, priority=0, ignore_sparse=True):
        """Copy the stored values into ``out``.

        Parameters
        ----------
        key : str, int, or list of them
        out : NDArray, list of NDArray, or list of lists (one list per key)
        priority : int, optional
            Ignored.
        ignore_sparse : bool, default True
            Ignored (storage is dense).
        """
        _check(out is not None, "pull: out is required")
        keys, outs = _key_values(key, out, "pull")
        self._kind(keys)
        for k, targets in zip(keys, outs):
            value = self._stored(k)
            for o in targets:
                value.copyto(o)

    def pushpull(self, key, value, out=None, priority=0):
        """:meth:`push` then :meth:`pull` (into ``value`` when ``out`` is None).

        Parameters
        ----------
        key : str, int, or list of them
        value : NDArray, list of NDArray, or list of lists
        out : same forms as ``value``, optional
        priority : int, optional
        """
        self.push(key, value, priority)
        self.pull(key, value if out is None else out, priority)

    def broadcast(self, key, value, out, priority=0):
        """Initialize ``key`` with ``value`` (rank 0's) and pull it into ``out``.

        Parameters
        ----------
        key : str, int, or list of them
        value : NDArray or list of NDArray
        out : NDArray, list of NDArray, or list of lists
        priority : int, optional
        """
        self.init(key, value)
        self.pull(key, out=out, priority=priority)

    def row_sparse_pull(self, key, out=None, priority=0, row_ids=None):
        """Pull the rows ``row_ids`` of each key into ``out`` (the other rows zero).

        Parameters
        ----------
        key : str, int, or list of them
        out : NDArray or list of NDArray
        priority : int, optional
        row_ids : NDArray or list of NDArray
        """
        _check(out is not None, "row_sparse_pull: out is required")
        _check(row_ids is not None, "row_sparse_pull: row_ids is required")
        from ..ndarray.sparse import retain_into
        keys, outs = _key_values(key, out, "row_sparse_pull")
        self._kind(keys)
        ids = row_ids if isinstance(row_ids, (list, tuple)) else [row_ids]
        for k, targets in zip(keys, outs):
            value = self._stored(k)
            for n, o in enumerate(targets):
                retain_into(o, value, ids[n] if len(ids) == len(targets) else ids[0])

    def set_gradient_compression(self, compression_params):
        """Gradient compression is not implemented: gradients are summed in full
        precision. Raises MXNetError.

        Parameters
        ----------
        compression_params : dict
        """
        raise MXNetError("Gradient compression (%r) is not supported by mxjax's %r kvstore: "
                         "gradients are summed in full precision; remove compression_params"
                         % (compression_params, self._type))

    def set_optimizer(self, optimizer):
        """Run ``optimizer`` on every push (each worker runs it on its copy of the store,
        with the same all-reduced gradients).

        Parameters
        ----------
        optimizer : Optimizer
        """
        self._set_updater(opt.get_updater(optimizer))

    def _set_updater(self, updater):
        """Set ``updater(key, merged, stored)``, called on every push."""
        self._updater = updater

    def _barrier(self):
        """Wait for every worker."""
        if self._comm is not None:
            self._comm.barrier()

    def save_optimizer_states(self, fname, dump_optimizer=False):
        """Save the updater's states (and the optimizer with ``dump_optimizer``).

        Parameters
        ----------
        fname : str
        dump_optimizer : bool, default False
        """
        _check(self._updater is not None, "Cannot save states: the kvstore has no optimizer")
        if not isinstance(self._updater, opt.Updater):
            raise MXNetError("Cannot save states: the kvstore's updater is %r, not an "
                             "optimizer's" % (self._updater,))
        with open(fname, "wb") as fout:
            fout.write(self._updater.get_states(dump_optimizer))

    def load_optimizer_states(self, fname):
        """Load the updater's states saved by :meth:`save_optimizer_states`.

        Parameters
        ----------
        fname : str
        """
        _check(self._updater is not None, "Cannot load states: the kvstore has no optimizer")
        with open(fname, "rb") as f:
            self._updater.set_states(f.read())
