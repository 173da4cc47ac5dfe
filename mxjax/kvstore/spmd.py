"""All-reduce and optimizer update of every replica as one SPMD program.

With the parameters replicated on several devices (``initialize(ctx=[...])``) and
the update running on every replica (a store with ``update_on_kvstore=False``), one
step is: sum each gradient over the devices (and workers), then apply the optimizer
to each replica with its own state. :func:`allreduce_update` compiles that as one
``shard_map`` over the mesh of the replicas' devices: ``lax.psum`` of the gradient
blocks, then the optimizer's pure ``_step`` on each device's block. The host-side
numbers (learning rates, counts ...) are computed per replica as MXNet's per-context
updaters do, and enter the program as data, so a changing learning rate never
recompiles. The summed gradients are written back into the gradient buffers (MXNet's
``pushpull`` leaves them there).
"""
import weakref

import numpy as np
import jax
from jax.sharding import NamedSharding, PartitionSpec as P

from ..context import jax_device
from ..core import cache, executor
from ..ndarray.handle import NDArray
from ..optimizer.optimizer import _leaves, _to_jax, _spec, _pack_hypers, _unpack_hypers
from .dist import global_devices, mesh_of, stack, unstack, shard_map

__all__ = ["can_fuse", "allreduce_update", "stats"]

_programs = weakref.WeakKeyDictionary()   # optimizer -> {key: jitted program}

#: ``steps``: calls of :func:`allreduce_update`; ``programs``: programs built for them
stats = {"steps": 0, "programs": 0}


def can_fuse(optimizer, datas):
    """Whether :func:`allreduce_update` applies: a built-in optimizer, replicas on
    distinct devices of one platform, no 0-d weights.

    Parameters
    ----------
    optimizer : Optimizer
    datas : list of list of NDArray
        ``datas[p][k]``: parameter p's replica on context k.
    """
    if not datas or not optimizer._can_fuse() or getattr(optimizer, "_writes_grad", False):
        return False
    devices = [jax_device(d.context) for d in datas[0]]
    if len(set(devices)) != len(devices) or len({d.platform for d in devices}) != 1:
        return False  # one device twice, or a mesh over CPU and GPU: not one program
    return all(len(reps) == len(devices) and reps[0].ndim > 0 and
               all(jax_device(r.context) == dev for r, dev in zip(reps, devices))
               for reps in datas)


def _ensure_states(updater, indices, weights):
    for idx, w in zip(indices, weights):
        if idx not in updater.states:
            updater.states[idx] = updater.optimizer.create_state_multi_precision(idx, w)
            updater.states_synced[idx] = True
        elif not updater.states_synced[idx]:
            updater.states[idx] = updater.sync_state_context(updater.states[idx], w.context)
            updater.states_synced[idx] = True
    return [updater.states[i] for i in indices]


def allreduce_update(optimizer, updaters, indices, datas, grads, store=None):
    """Sum every gradient over its replicas' devices (and workers) and update every
    replica, as one compiled SPMD program.

    Parameters
    ----------
    optimizer : Optimizer
    updaters : list of Updater
        One per context (their states are the replicas' states).
    indices : list of int
        The parameters' optimizer indices.
    datas, grads : list of list of NDArray
        ``datas[p][k]`` / ``grads[p][k]``: parameter p on context k.
    store : KVStore, optional
        With the update in the store (``update_on_kvstore``): the store's updater
        holds the one state per key and counts one update per step, the store's
        values (on the first context's device, keys ``indices``) are updated and
        pulled into every replica, and the gradients are left as they are. Every
        device computes the same update from a copy of the state, in the program.
    """
    n = len(datas[0])
    devices = [jax_device(d.context) for d in datas[0]]
    if store is None:
        states = [_ensure_states(updaters[k], indices, [reps[k] for reps in datas])
                  for k in range(n)]
        packed = []
        for k in range(n):
            optimizer._set_current_context(datas[0][k].context.device_id)
            hps = optimizer._hypers(indices, [reps[k] for reps in datas],
                                    [reps[k] for reps in grads])
            layout, vec = _pack_hypers(hps)
            packed.append(vec)
    else:
        stored = [store._store[i] for i in indices]
        shared = _ensure_states(store._updater, indices, stored)
        states = [shared] * n
        optimizer._set_current_context(stored[0].context.device_id)
        layout, vec = _pack_hypers(optimizer._hypers(indices, stored,
                                                     [reps[0] for reps in grads]))
        packed = [vec] * n
    mps = [optimizer._use_mp(datas[p][0], states[0][p]) for p in range(len(indices))]
    mesh = mesh_of(global_devices(devices))
    # the gradients still pending from one SPMD backward of this process's devices:
    # that backward runs in the same program (the gradients never leave it unsummed)
    source = None
    if len(mesh.devices.flat) == n:
        source = executor.pending_on_devices(
            [[reps[k]._pending_ref() or (None, 0) for reps in grads] for k in range(n)])
    backward = None if source is None else (source[0].op, source[1])
    key = (optimizer._static(), tuple(mps), layout, mesh, store is None, backward,
           tuple((tuple(w.shape), np.dtype(w.dtype).str, np.dtype(g.dtype).str, _spec(s))
                 for w, g, s in zip([r[0] for r in datas], [r[0] for r in grads], states[0])))
    table = _programs.setdefault(optimizer, {})
    fn = table.get(key)
    if fn is None:
        if len(table) > 32:
            table.clear()
        fn = table[key] = _compile(optimizer, mps, layout, mesh, store is None,
                                   None if source is None else source[1:])
        stats["programs"] += 1
    stats["steps"] += 1
    ws = [stack([r._value for r in reps], mesh) for reps in datas]
    if source is None:
        gs = [stack([r._value for r in reps], mesh) for reps in grads]
    else:
        gs = executor.thunk_args(source[0])
    ss = []
    for p in range(len(indices)):
        if store is None:
            per_rep = [_to_jax(states[k][p]) for k in range(n)]
        else:  # a copy of the store's state on every device
            ss.append(_map_leaves(states[0][p], lambda h: _replicated(h, devices, mesh)))
            continue
        ss.append(jax.tree_util.tree_map(lambda *xs: stack(list(xs), mesh), *per_rep))
    if len(mesh.devices.flat) == n:  # one process: one transfer puts every block
        vec = jax.device_put(np.concatenate(packed), NamedSharding(mesh, P("d")))
    else:
        vec = stack([jax.device_put(v, d) for v, d in zip(packed, devices)], mesh)
    if source is None:
        new_w, new_s, new_g = fn(ws, gs, ss, vec)
    else:
        new_w, new_s, new_g, outs = fn(ws, gs, ss, vec)
        executor.fulfil(source[0], outs)
    for p in range(len(indices)):
        targets = [datas[p]]
        if store is None:
            targets.append(grads[p])  # pushpull leaves the sum in the gradients
        for reps, value in zip(targets, (new_w[p], new_g[p])):
            for r, v in zip(reps, unstack(value, devices)):
                r._set_data(v)
        if store is not None:
            store._store[indices[p]]._set_data(datas[p][0]._value)
        scalars = [h.ndim == 0 for h in _leaves(states[0][p])]
        columns = [unstack(v, devices, sc)
                   for v, sc in zip(jax.tree_util.tree_leaves(new_s[p]), scalars)]
        for k in range(1 if store is not None else n):
            for h, col in zip(_leaves(states[k][p]), columns):
                h._set_data(col[k])
        if store is not None:  # every device holds the new state: keep it there
            for h, col, leaf in zip(_leaves(states[0][p]), columns,
                                    jax.tree_util.tree_leaves(new_s[p])):
                if len(_replicas) > 4096:
                    _replicas.clear()
                _replicas[id(h)] = (weakref.ref(h), col[0], leaf)


# a state array of the store (by id) -> (its value, that value on every device of the mesh as
# one global array): the update in the store leaves the new state on every device, so
# the next step need not copy it there again
_replicas = {}   # id of the array -> (weak reference, value, global array)


def _replicated(handle, devices, mesh):
    """The store's state array ``handle`` copied to every device, as one global array."""
    value = handle._value
    hit = _replicas.get(id(handle))
    if hit is not None and hit[0]() is handle and hit[1] is value:
        return hit[2]
    return stack([jax.device_put(value, d) for d in devices], mesh)


def _map_leaves(tree, fn):
    """``fn`` of each NDArray of a state (None, NDArray or nested tuples), same nesting
    as ``_to_jax``."""
    if tree is None:
        return None
    if isinstance(tree, NDArray):
        return fn(tree)
    return tuple(_map_leaves(t, fn) for t in tree)


def _compile(optimizer, mps, layout, mesh, with_grads=True, backward=None):
    """The program of :func:`allreduce_update`; with ``backward = (picks, local_fn)``
    its gradients are outputs ``picks`` of ``local_fn`` (one device's part of a pending
    SPMD backward) on the blocks it takes in place of the gradients, and its outputs
    are returned too."""
    counter = optimizer.__dict__.setdefault("_num_compiles", [0])

    def body(ws, gs, ss, vec):
        counter[0] += 1
        outs = None
        if backward is not None:
            outs = backward[1](*gs)
            gs = [outs[i] for i in backward[0]]
        hps = _unpack_hypers(layout, vec)
        out_w, out_s, out_g = [], [], []
        for w, g, s, h, m in zip(ws, gs, ss, hps, mps):
            g = jax.lax.psum(g, "d")
            res = optimizer._one(w, g, s, h, m)
            out_w.append(res[0].astype(w.dtype))
            out_s.append(res[1])
            out_g.append(g if with_grads else None)
        if outs is None:
            return out_w, out_s, out_g
        return out_w, out_s, out_g, outs
    spec = P("d")
    out_specs = (spec,) * (3 if backward is None else 4)
    return cache.jit(shard_map(body, mesh, (spec, spec, spec, spec), out_specs))
