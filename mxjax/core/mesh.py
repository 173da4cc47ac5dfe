"""Per-device arrays as one global array over a one-axis device mesh.

Data-parallel programs (the backward of every device's replica, the gradient sum and
the update) run as one SPMD program: a list of arrays, one per device, is viewed
without copying as one global array sharded along axis 0 over the mesh ``'d'`` of
those devices (each device's block is its own array); ``shard_map`` runs a function
on every block, and ``lax.psum`` over ``'d'`` sums across them.
"""
import functools

import numpy as np
import jax
from jax.sharding import Mesh, NamedSharding, PartitionSpec as P

__all__ = ["AXIS", "P", "mesh_of", "stack", "unstack", "shard_map", "local_blocks"]

AXIS = "d"

try:
    from jax import shard_map as _shard_map
except ImportError:  # older JAX
    from jax.experimental.shard_map import shard_map as _shard_map


def shard_map(fn, mesh, in_specs, out_specs):
    """``jax.shard_map`` (replication of outputs is not checked)."""
    try:
        return _shard_map(fn, mesh=mesh, in_specs=in_specs, out_specs=out_specs,
                          check_vma=False)
    except TypeError:
        return _shard_map(fn, mesh=mesh, in_specs=in_specs, out_specs=out_specs,
                          check_rep=False)


@functools.lru_cache(maxsize=64)
def mesh_of(devices):
    """The one-axis mesh ``'d'`` over a tuple of devices (cached)."""
    return Mesh(np.array(devices, dtype=object), (AXIS,))


def stack(arrays, mesh):
    """Arrays of one shape, one per local device of ``mesh`` (in mesh order), as one
    global array sharded along axis 0 (0-d arrays become shape (1,) blocks)."""
    a0 = arrays[0]
    block = a0.shape if a0.ndim else (1,)
    if not a0.ndim:
        arrays = [a.reshape(1) for a in arrays]
    shape = (block[0] * mesh.devices.size,) + tuple(block[1:])
    return jax.make_array_from_single_device_arrays(
        shape, NamedSharding(mesh, P(AXIS)), list(arrays))


def unstack(array, devices, scalar=False):
    """The blocks of a global array on ``devices`` (this process's), in that order."""
    by_dev = {s.device: s.data for s in array.addressable_shards}
    out = [by_dev[d] for d in devices]
    return [o.reshape(()) for o in out] if scalar else out


def local_blocks(fn, scalar_in, scalar_out):
    """``fn`` on one device's blocks: 0-d arguments arrive as shape (1,) blocks (see
    :func:`stack`) and are given to ``fn`` as 0-d, and 0-d results leave as (1,).

    Parameters
    ----------
    fn : callable
        Takes and returns flat arrays.
    scalar_in, scalar_out : tuple of bool
        Which arguments / results are 0-d.
    """
    def body(*blocks):
        args = [b.reshape(()) if s else b for b, s in zip(blocks, scalar_in)]
        outs = fn(*args)
        return tuple([o.reshape(1) if s else o for o, s in zip(outs, scalar_out)])
    return body
