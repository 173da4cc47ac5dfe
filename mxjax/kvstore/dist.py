"""Collectives for the stores: sums over devices (and over workers) as one SPMD program.

A list of arrays, one per device, is viewed without copying as one global array
sharded over a one-axis mesh ``'d'`` of those devices (each device's block is its own
array); a ``shard_map`` with ``lax.psum`` over ``'d'`` sums them, and every device gets
the total. In a multi-process run (``jax.distributed``), the mesh holds the devices at
the same local positions on every worker, so the same program is XLA's all-reduce
across processes.
"""
import functools
import threading

import numpy as np
import jax
from jax.sharding import PartitionSpec as P

from .. import distributed
from ..base import MXNetError
from ..core import cache
from ..core.mesh import mesh_of, stack, unstack, shard_map

__all__ = ["Communicator", "allreduce", "global_devices", "mesh_of", "stack", "unstack",
           "shard_map"]

def global_devices(local):
    """The devices of every worker at the positions ``local`` has on this one.

    Parameters
    ----------
    local : sequence of jax.Device
        Devices of this process, distinct.

    Returns
    -------
    tuple of jax.Device
    """
    local = tuple(local)
    if jax.process_count() == 1:
        return local
    mine = jax.local_devices()
    positions = [mine.index(d) for d in local]
    out = []
    for p in range(jax.process_count()):
        devs = [d for d in jax.devices() if d.process_index == p]
        if len(devs) <= max(positions):
            raise MXNetError("worker %d has %d devices; this worker uses local devices %s"
                             % (p, len(devs), positions))
        out.extend(devs[i] for i in positions)
    return tuple(out)


@functools.lru_cache(maxsize=16)
def _psum_program(mesh):
    body = shard_map(lambda xs: [jax.lax.psum(x, "d") for x in xs], mesh, (P("d"),), P("d"))
    return cache.jit(body)


def allreduce(per_device, devices):
    """Sum, over ``devices`` (and every worker's matching devices), lists of arrays.

    Parameters
    ----------
    per_device : list of list of jax.Array
        ``per_device[k][j]``: the j-th array on ``devices[k]``.
    devices : sequence of jax.Device
        This process's devices, distinct.

    Returns
    -------
    list of list of jax.Array
        Same layout; every entry j holds the total of the j-th arrays.
    """
    mesh = mesh_of(global_devices(devices))
    count = len(per_device[0])
    stacked = [stack([per_device[k][j] for k in range(len(devices))], mesh)
               for j in range(count)]
    summed = _psum_program(mesh)(stacked)
    scal = [per_device[0][j].ndim == 0 for j in range(count)]
    cols = [unstack(s, devices, sc) for s, sc in zip(summed, scal)]
    return [[cols[j][k] for j in range(count)] for k in range(len(devices))]


class Communicator:
    """The workers of a distributed store: rank, count, all-reduce, broadcast, barrier.

    One per process (:meth:`get`). Without ``jax.distributed`` (a single worker) every
    operation is the identity.
    """

    _instance = None
    _lock = threading.Lock()

    @classmethod
    def get(cls):
        """The process's communicator (starts ``jax.distributed`` from the environment
        if ``import mxjax`` did not)."""
        with cls._lock:
            if cls._instance is None:
                distributed.initialize_from_env()
                cls._instance = cls()
            return cls._instance

    @property
    def rank(self):
        """This worker's index."""
        return distributed.rank()

    @property
    def num_workers(self):
        """The number of workers."""
        return distributed.num_workers()

    def allreduce_each(self, arrays):
        """Each array (on any local device) summed over the workers, on its device."""
        if self.num_workers == 1:
            return list(arrays)
        groups = {}
        for j, a in enumerate(arrays):
            groups.setdefault(next(iter(a.devices())), []).append(j)
        out = list(arrays)
        for dev, idx in groups.items():
            summed = allreduce([[arrays[j] for j in idx]], [dev])[0]
            for j, s in zip(idx, summed):
                out[j] = s
        return out

    def broadcast(self, value):
        """Rank 0's ``value`` (a jax array) on every worker."""
        if self.num_workers == 1:
            return value
        from jax.experimental import multihost_utils
        return multihost_utils.broadcast_one_to_all(np.asarray(value))

    def barrier(self):
        """Wait until every worker reaches this point."""
        if self.num_workers > 1:
            from jax.experimental import multihost_utils
            multihost_utils.sync_global_devices("mxjax.kvstore.barrier")
