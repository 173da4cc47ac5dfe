"""The one executor: how a plan runs, chosen in one place.

Two entry points: :func:`value` (a pending output is read: compute what it needs)
and :func:`gradients` (differentiate a plan). Both choose among the same strategies
with :func:`strategy`:

* **op by op** — each operator its own cached program (``OpDef.eager``); what a
  structure costs the first time it is seen (MXNet's own cost: no graph compile);
* **whole program** — the plan as one ``jax.jit`` program, from the
  ``compile_after``-th sighting of its structure on;
* **segmented** — a repeating plan with more than ``max_compile_nodes`` nodes, as
  a chain of compiled segments (``mxjax.core.segments``);
* **small program** — a short pending chain (at most two nodes: ``_short_chain``)
  forced by a read runs op by op, or as one compiled call once seen before.

A backward pass on Trainer parameters may be left pending as a *thunk*
(:func:`defer`): one node outside every graph holding the compiled VJP and its
captured inputs. :func:`pending_thunk` lets the optimizer find such a thunk and run
it fused with the update; :func:`fulfil` stores what that fused program computed, or
:func:`fulfil_values` its pending values alone (the gradients stay pending).

Every program is kept in the one program cache (``mxjax.core.cache``).
"""
import os
import threading
import weakref
from collections import OrderedDict

import numpy as np
import jax
import jax.numpy as jnp

from ..base import MXNetError
from . import cache
from .cache import counters
from .node import (CONST, OUT, VAR, ABSENT, PENDING, READY, RELEASED, FAILED, NOT_IN_GRAPH, Node,
                   thunk)
from .op import OpDef
from .plan import collect, forward_program, args_of, flat_vjp, has_integer
from . import segments
from . import mesh
from . import background
from . import failure
from . import program_store

__all__ = ["value", "force", "gradients", "strategy", "defer", "pending_thunk", "fulfil",
           "fulfil_values",
           "gradients_on_devices", "pending_on_devices", "compute_pending", "settings", "set_compile_after", "set_max_compile_nodes", "set_naive",
           "set_defer_backward", "OP_BY_OP", "WHOLE", "SEGMENTED"]

OP_BY_OP, WHOLE, SEGMENTED = "op by op", "whole program", "segmented"


class _Settings:
    """The executor's knobs (``mx.engine`` sets them)."""
    naive = os.environ.get("MXNET_ENGINE_TYPE", "") == "NaiveEngine"
    # backward() on Trainer parameters leaves its gradients pending (see ``defer``)
    defer_backward = os.environ.get("MXJAX_DEFER_BACKWARD", "1") != "0"
    compile_after = int(os.environ.get("MXJAX_COMPILE_AFTER", "2"))
    # XLA's compile time grows faster than linearly with program size: bigger plans
    # never compile whole (they run as segments once they repeat)
    max_compile_nodes = int(os.environ.get("MXJAX_MAX_COMPILE_NODES", "1000"))


settings = _Settings()


def set_naive(flag):
    """Run every operator when it is called (``MXNET_ENGINE_TYPE=NaiveEngine``)."""
    settings.naive = bool(flag)


def set_defer_backward(flag):
    """Let backward on Trainer parameters leave its gradients pending; returns the
    previous setting."""
    prev = settings.defer_backward
    settings.defer_backward = bool(flag)
    return prev


def set_compile_after(n):
    """Compile a structure on its ``n``-th sighting (1 = always compile)."""
    settings.compile_after = max(1, int(n))


def set_max_compile_nodes(n):
    """Never compile plans with more than ``n`` nodes whole."""
    settings.max_compile_nodes = int(n)


# ---------------------------------------------------------------------------
# the strategy

_lock = threading.RLock()
_programs = {}           # structure key -> program-cache entry
_seen = OrderedDict()    # structure keys seen fewer than compile_after times


def strategy(key, build, size, example_args=None, urgent=None):
    """How to run the structure ``key``: ``(WHOLE, program)``, ``(SEGMENTED, None)`` or
    ``(OP_BY_OP, None)``; ``build()`` returns the pure function to compile.

    A structure runs op by op until its ``compile_after``-th sighting. Then its program
    is compiled — in the background when ``example_args`` (a callable returning
    arguments shaped like the program's) is given and background compilation is on
    (``mxjax.core.background``): until it is ready the structure keeps running op by op.
    ``urgent()`` true (the plan holds an operator costly to compile op by op, a
    hybridized block for one, whose forward and VJP would each compile) compiles it
    one sighting earlier (with the default ``compile_after=2``, at its first), in the
    foreground: running it op by op would compile as much.
    """
    e = _programs.get(key)
    if e is not None:
        fn = e.fn
        if fn.__class__ is background.Job:
            if not fn.done():
                counters["uncompiled_runs"] += 1
                return OP_BY_OP, None
            try:
                fn = e.fn = fn.result()
            except Exception:  # noqa: BLE001 - compile again in the foreground: the
                fn = e.fn = cache.jit(build())  # error surfaces where the program runs
        e.used = True
        counters["cache_hits"] += 1
        return WHOLE, fn
    with _lock:
        count = _seen.get(key, 0) + 1
        now = (count + 1 == settings.compile_after and urgent is not None and urgent())
        if (count >= settings.compile_after or now) and size <= settings.max_compile_nodes:
            _seen.pop(key, None)
            jitted = cache.jit(cache.counted(build()))
            if example_args is not None and background.enabled() and not now:
                counters["background_compiles"] += 1
                cache.insert(_programs, key, background.submit(jitted, example_args()), "graph")
                counters["uncompiled_runs"] += 1
                return OP_BY_OP, None
            fn = cache.insert(_programs, key, jitted, "graph")
            return WHOLE, fn
        _seen[key] = count
        _seen.move_to_end(key)
        while len(_seen) > 4 * max(cache.limit(), 1):
            _seen.popitem(last=False)
        if count >= settings.compile_after:  # too big to compile whole, and it repeats
            counters["segmented_runs"] += 1
            return SEGMENTED, None
    counters["uncompiled_runs"] += 1
    return OP_BY_OP, None


def _compiles_whole(g):
    """Whether plan ``g`` holds an operator costly to compile op by op."""
    for n in g.nodes:
        if n.op.compile_whole:
            return True
    return False


def forget_sightings():
    """Forget how often each structure was seen (with ``cache.clear``)."""
    with _lock:
        _seen.clear()


# ---------------------------------------------------------------------------
# values


def value(node, index):
    """Output ``index`` of ``node``, computing the pending part of the graph if needed."""
    if node.state == READY:
        return node.values[index]
    if node.state == RELEASED:
        raise MXNetError("The value of this array was discarded with its graph")
    if node.state == FAILED:
        failure.throw(node.failure)   # raises unless an error was raised since
        node.set_values([jax.device_put(np.zeros(a.shape, a.dtype)) for a in node.avals])
        return node.values[index]
    force(node)
    return node.values[index]


def _store(nodes, flat, start):
    """Give each of ``nodes`` its outputs, read in order from ``flat[start:]``."""
    k = start
    for node in nodes:
        n = len(node.avals)
        node.set_values(flat[k:k + n])
        k += n


def _pending_chain(node):
    """The pending nodes ``node`` (a thunk) needs, in topological order; None when one
    of them is released."""
    order = []
    stack = [node]
    while stack:
        n = stack[-1]
        waiting = None
        for ref in n.inputs:
            if ref[0] == OUT:
                src = ref[1]
                if src.state != READY and src not in order:
                    if src.state == RELEASED:
                        return None
                    waiting = src
                    break
        if waiting is None:
            stack.pop()
            if n not in order:
                order.append(n)
            continue
        stack.append(waiting)
    return order


def _input_values(n):
    args = []
    for ref in n.inputs:
        kind = ref[0]
        if kind == OUT:
            args.append(ref[1].values[ref[2]])
        elif kind == ABSENT:
            args.append(None)
        else:
            args.append(ref[-1])
    return args


def _run_eagerly(order):
    """Compute the nodes of ``order`` one operator program each."""
    for n in order:
        out = n.op.eager(n.akey, n.call.keywords)(*_input_values(n))
        n.set_values(tuple(out) if isinstance(out, (tuple, list)) else (out,))


_small_programs = {}   # structure of a short pending chain -> program-cache entry
_small_seen = OrderedDict()


def _short_chain(node):
    """The pending nodes that recorded ``node`` needs, if there are at most two of them
    (forcing those skips collecting and keying a plan): ``[node]``, or ``[source,
    node]`` where ``source`` is the one pending node among ``node``'s inputs and needs
    nothing pending itself; else None (W5 forces such a chain on every loop
    iteration)."""
    src = None
    for ref in node.inputs:
        if ref[0] == OUT:
            s = ref[1]
            if s.state != READY and s is not src:
                if src is not None or s.state == RELEASED:
                    return None
                src = s
    if src is None:
        return [node]
    for ref in src.inputs:
        if ref[0] == OUT and ref[1].state != READY:
            return None
    return [src, node]


def _run_small_program(first, last):
    """Compute the pending chain ``[first, last]`` (``last`` reads ``first``) as one
    compiled call, once its structure has been seen before (a first sighting returns
    False: run it op by op)."""
    args = []
    wiring = []
    for ref in first.inputs:
        kind = ref[0]
        if kind == ABSENT:
            wiring.append((ABSENT,))
        else:
            wiring.append((VAR, len(args)))
            args.append(ref[1].values[ref[2]] if kind == OUT else ref[-1])
    wiring_first = tuple(wiring)
    wiring = []
    for ref in last.inputs:
        kind = ref[0]
        if kind == OUT and ref[1] is first:
            wiring.append((OUT, 0, ref[2]))
        elif kind == ABSENT:
            wiring.append((ABSENT,))
        else:
            wiring.append((VAR, len(args)))
            args.append(ref[1].values[ref[2]] if kind == OUT else ref[-1])
    key = (first.op.name, first.akey, wiring_first, last.op.name, last.akey, tuple(wiring))
    entry = _small_programs.get(key)
    if entry is None:
        if key not in _small_seen:  # first sighting
            _small_seen[key] = True
            if len(_small_seen) > cache.limit():
                _small_seen.popitem(last=False)
            return False
        del _small_seen[key]
        cache.insert(_small_programs, key, cache.jit(forward_program(
            [first.call, last.call], [key[2], key[5]], (0, 1), len(args))), "graph")
        entry = _small_programs[key]
    entry.used = True
    flat = entry.fn(*args)
    n = len(first.avals)
    first.set_values(flat[:n])
    last.set_values(flat[n:])
    return True


def force(node):
    """Compute the pending outputs that ``node`` depends on (and ``node``'s own)."""
    if not node.recorded:  # a thunk (a deferred computation): always a short chain
        order = _pending_chain(node)
        if order is None:
            raise MXNetError(NOT_IN_GRAPH)
    else:
        order = _short_chain(node)
    if order is not None:
        for n in order:
            if n.readers is _VALUES_STORED:   # gradients a fused step left pending
                _gradients_read(n)
        try:
            if len(order) == 1 or not node.recorded or not _run_small_program(*order):
                _run_eagerly(order)
        except MXNetError:
            raise
        except Exception as err:  # noqa: BLE001 - an operator failed on real values
            raise MXNetError("Failed to compute a recorded graph: %s" % err) from err
        return
    g = collect([node], forward_only=True, settle=force)
    aux_refs = tuple(g.pending)
    key = ("forward", tuple(g.key_parts), tuple(g.var_sig), aux_refs)
    nvar = len(g.var_values)

    def build():
        return forward_program([n.call for n in g.nodes], g.program, aux_refs, nvar)

    how, fn = strategy(key, build, len(g.nodes), lambda: [*g.var_values, *g.consts])
    try:
        if how == OP_BY_OP:
            vals = forward_op_by_op(g)
            for p in aux_refs:
                g.nodes[p].set_values(vals[p])
            return
        if how == SEGMENTED:
            segments.forward(g, aux_refs)
            return
        flat = fn(*g.var_values, *g.consts)
    except MXNetError:
        raise
    except Exception as err:  # noqa: BLE001
        raise MXNetError("Failed to compute a recorded graph: %s" % err) from err
    _store([g.nodes[p] for p in aux_refs], flat, 0)


def forward_op_by_op(g):
    """Every node's outputs, reusing known values and computing the others."""
    vals = []
    for node, wiring in zip(g.nodes, g.program):
        if node.state == READY:
            vals.append(node.values)
            continue
        args = args_of(wiring, vals, g.var_values, g.consts)
        out = node.op.eager(node.akey, node.call.keywords)(*args)
        vals.append(tuple(out) if isinstance(out, (tuple, list)) else (out,))
    return vals


_add = cache.jit_later(jnp.add)


def vjp_op_by_op(g, head_refs, wrt, head_grads):
    """Gradients of the heads w.r.t. variables ``wrt``, one compiled VJP per operator.

    Returns ``(grads, vals)`` with ``vals`` every node's outputs.
    """
    vals = forward_op_by_op(g)
    nodes, program = g.nodes, g.program
    wrt_set = set(wrt)
    needs = []
    for wiring in program:
        n = False
        for w in wiring:
            if (w[0] == OUT and needs[w[1]]) or (w[0] == VAR and w[1] in wrt_set):
                n = True
                break
        needs.append(n)
    cts = {}
    for (p, i), hg in zip(head_refs, head_grads):
        aval = nodes[p].avals[i]
        ct = np.ones(aval.shape, aval.dtype) if hg is None else hg.astype(aval.dtype)
        cts[(p, i)] = _add(cts[(p, i)], ct) if (p, i) in cts else ct
    var_grads = {}
    for p in range(len(nodes) - 1, -1, -1):
        if not needs[p]:
            continue
        node = nodes[p]
        outs = [cts.pop((p, i), None) for i in range(len(node.avals))]
        if all(c is None for c in outs):
            continue
        args = args_of(program[p], vals, g.var_values, g.consts)
        in_cts = node.op.vjp_eager(node.akey, node.call.keywords)(args, outs)
        for w, ct in zip(program[p], in_cts):
            if ct is None or w[0] in (CONST, ABSENT):
                continue
            if w[0] == OUT:
                if not needs[w[1]]:
                    continue
                k = (w[1], w[2])
                cts[k] = _add(cts[k], ct) if k in cts else ct
            elif w[1] in wrt_set:
                k = w[1]
                var_grads[k] = _add(var_grads[k], ct) if k in var_grads else ct
    grads = []
    for k in wrt:
        gk = var_grads.get(k)
        if gk is None:
            shape, dtype = g.var_sig[k]
            gk = jnp.zeros(shape, dtype)
        grads.append(gk)
    return grads, vals


# ---------------------------------------------------------------------------
# gradients


def gradients(g, key, build, wrt, others, aux_refs, head_refs, head_grads, given,
              may_defer=False):
    """Differentiate plan ``g``: the gradients of variables ``wrt`` (jax arrays), and
    the pending values ``aux_refs`` stored into their nodes.

    ``key, build, others, aux_refs`` come from ``plan.vjp_program``; ``head_grads`` are
    jax arrays or None (ones), ``given`` says which were given. With ``may_defer``
    and a compiled program, nothing runs: the result is a thunk (:func:`defer`) whose
    first outputs are the gradients and whose next ones the pending values, which
    are redirected to it; the caller points the gradient buffers at it.

    Returns
    -------
    list of jax.Array, or Node
    """
    values = g.var_values
    args = [values[i] for i in wrt]
    n_other = len(others)
    if n_other:
        args.extend([values[i] for i in others])
    args.extend(g.consts)
    if True in given:
        args.extend([hg for hg in head_grads if hg is not None])
    build_flat = flat_vjp(build, len(wrt), n_other, len(g.consts), given)
    how, fn = strategy(key, build_flat, len(g.nodes), lambda: args, lambda: _compiles_whole(g))
    if how != WHOLE and has_integer([g.var_sig[i][1] for i in wrt]):
        # integer variables are differentiated as float copies by the plan's VJP only:
        # run it uncompiled (JAX runs it primitive by primitive) until it is compiled
        how, fn = WHOLE, build_flat()
    try:
        if how == OP_BY_OP:  # not compiled (yet): one compiled VJP per operator
            grads, vals = vjp_op_by_op(g, head_refs, wrt, head_grads)
            for p in aux_refs:
                g.nodes[p].set_values(vals[p])
            return grads
        if how == SEGMENTED:  # big and repeating: compiled segments
            return segments.vjp(g, head_refs, wrt, head_grads, aux_refs)
        if may_defer and settings.defer_backward and not settings.naive:
            return _defer_backward(g, key, fn, build, wrt, n_other, given, args, aux_refs)
        flat = fn(*args)
    except MXNetError:
        raise
    except Exception as err:  # noqa: BLE001 - an operator failed on real values
        raise MXNetError("backward failed: %s" % err) from err
    if aux_refs:
        _store([g.nodes[p] for p in aux_refs], flat, len(wrt))
    return list(flat[:len(wrt)])


def gradients_on_devices(plans, devices, key, build, wrt, others, aux_refs, head_grads,
                         given, may_defer=False):
    """Differentiate plans of one structure (``key``), one per device, as one SPMD
    program: every argument is the per-device arrays viewed as one array sharded over
    the devices' mesh (``mxjax.core.mesh``), and the plan's VJP runs on each block.

    Returns the gradients of each plan (a list per device; the pending values are
    stored into the plans' nodes), or None when the structure is not compiled yet or
    an argument is not on its plan's device: the caller differentiates each plan with
    :func:`gradients`. With ``may_defer``, nothing runs: the result is one thunk per
    device (its first outputs that device's gradients, the next ones its plan's
    pending values, which are redirected to it), all reading one thunk of the SPMD
    program (:func:`pending_on_devices` lets the optimizer fuse it with the update).

    Parameters
    ----------
    plans : list of Plan
    devices : tuple of jax.Device
        Distinct, one per plan.
    head_grads : list of list
        Per plan, as for :func:`gradients`.
    """
    if settings.naive:
        return None
    n_other, n_const = len(others), len(plans[0].consts)
    per_device = []
    for g, hgs in zip(plans, head_grads):
        values = g.var_values
        args = [values[i] for i in wrt]
        args.extend([values[i] for i in others])
        args.extend(g.consts)
        args.extend([hg for hg in hgs if hg is not None])
        per_device.append(args)
    for args, dev in zip(per_device, devices):
        for j, a in enumerate(args):
            if not isinstance(a, jax.Array):  # a constant kept as a NumPy value
                args[j] = jax.device_put(a, dev)
    g0 = plans[0]
    scalar_in = tuple([a.ndim == 0 for a in per_device[0]])
    scalar_out = [g0.var_sig[i][0] == () for i in wrt]
    for p in aux_refs:
        scalar_out.extend([a.shape == () for a in g0.nodes[p].avals])
    scalar_out = tuple(scalar_out)
    flat = flat_vjp(build, len(wrt), n_other, n_const, given)

    local = []

    def build_spmd():
        spec = mesh.P(mesh.AXIS)
        if not local:
            local.append(mesh.local_blocks(flat(), scalar_in, scalar_out))
        return mesh.shard_map(local[0], mesh.mesh_of(devices), (spec,) * len(scalar_in), spec)

    try:
        grid = mesh.mesh_of(devices)
        stacked = [mesh.stack([args[j] for args in per_device], grid)
                   for j in range(len(scalar_in))]
    except (ValueError, TypeError):  # an argument lives on another device than its plan's
        return None
    how, fn = strategy(("spmd", key, devices), build_spmd, len(g0.nodes), lambda: stacked,
                       lambda: _compiles_whole(g0))
    if how != WHOLE:
        return None
    counters["spmd_backwards"] += 1
    if may_defer and settings.defer_backward:
        return _defer_on_devices(plans, devices, ("spmd", key, devices), fn, build_spmd,
                                 local, stacked, wrt, aux_refs, scalar_out)
    try:
        outs = fn(*stacked)
    except MXNetError:
        raise
    except Exception as err:  # noqa: BLE001 - an operator failed on real values
        raise MXNetError("backward failed: %s" % err) from err
    columns = [mesh.unstack(o, devices, sc) for o, sc in zip(outs, scalar_out)]
    n_wrt = len(wrt)
    result = []
    for k, g in enumerate(plans):
        flat_k = [col[k] for col in columns]
        if aux_refs:
            _store([g.nodes[p] for p in aux_refs], flat_k, n_wrt)
        result.append(flat_k[:n_wrt])
    return result


_spmd_ops = {}   # SPMD structure key -> program-cache entry of (operator, output avals)


def _device_block(*values, index, devices, scalars):
    """Device ``index``'s blocks of global arrays over ``devices``."""
    return tuple([mesh.unstack(v, devices, sc)[index] for v, sc in zip(values, scalars)])


_DEVICE_BLOCK = OpDef("_device_block", _device_block, differentiable=False, host=True)


def _defer_on_devices(plans, devices, skey, fn, build_spmd, local, stacked, wrt, aux_refs,
                      scalar_out):
    """One thunk of the SPMD program and, per device, a thunk of its blocks: the
    plans are released and their pending readers redirected to their device's."""
    g0 = plans[0]
    local_avals = [jax.ShapeDtypeStruct(*g0.var_sig[i]) for i in wrt]
    for p in aux_refs:
        local_avals.extend(g0.nodes[p].avals)
    entry = cache.lookup(_spmd_ops, skey)
    if entry is None:
        if not local:
            build_spmd()
        n = len(devices)
        global_avals = tuple([jax.ShapeDtypeStruct(((a.shape[0] if a.shape else 1) * n,)
                                                   + tuple(a.shape[1:]), a.dtype)
                              for a in local_avals])
        op = OpDef("_spmd_backward", build_spmd(), differentiable=False)
        op.set_program((), fn)
        op.local_program = local[0]   # one device's part, for fusing with the update
        entry = cache.insert(_spmd_ops, skey, (op, global_avals), "graph")
    op, global_avals = entry
    source = defer(op, stacked, global_avals)
    n_out = len(global_avals)
    blocks = []
    for k, g in enumerate(plans):
        akey = (k, devices, scalar_out)
        block = Node(_DEVICE_BLOCK, akey,
                     _DEVICE_BLOCK.call(akey, {"index": k, "devices": devices,
                                               "scalars": scalar_out}),
                     tuple([(OUT, source, j) for j in range(n_out)]), tuple(local_avals),
                     recorded=False)
        nodes = g.nodes
        g.release()
        start = len(wrt)
        for p in aux_refs:
            nodes[p].redirect(block, start, *_pick())
            start += len(nodes[p].avals)
        blocks.append(block)
    return blocks


def pending_on_devices(refs):
    """Whether pending gradients on several devices come from one deferred SPMD
    backward (:func:`gradients_on_devices`): ``(source, picks, local_fn)`` with the
    thunk of the SPMD program, the positions of the gradients among its outputs, and
    its function of one device's blocks; else None.

    Parameters
    ----------
    refs : list of list of (Node, int)
        ``refs[k]``: device k's ``(node, output index)`` of each gradient, in the same
        order on every device.
    """
    source = None
    picks = None
    for k, dev_refs in enumerate(refs):
        node, mine = _one_node(dev_refs, lambda n: n.op is _DEVICE_BLOCK)
        if node is None or node.akey[0] != k:
            return None
        src = node.inputs[0][1]
        if source is None:
            source, picks = src, mine
        elif src is not source or mine != picks:
            return None
    if source is None or source.state != PENDING:
        return None
    return source, tuple(picks), source.op.local_program


_deferred_ops = {}   # structure key -> program-cache entry of (operator, output avals)


def _defer_backward(g, key, fn, build, wrt, n_other, given, args, aux_refs):
    """The thunk computing gradients and pending values with the compiled ``fn``;
    the plan is released and its pending readers redirected to the thunk."""
    nodes = g.nodes
    entry = cache.lookup(_deferred_ops, key)
    if entry is None:  # the operator and its output avals are fixed by the structure
        raw = flat_vjp(build, len(wrt), n_other, len(g.consts), given)()
        avals = [jax.ShapeDtypeStruct(*g.var_sig[i]) for i in wrt]
        for p in aux_refs:
            avals.extend(nodes[p].avals)
        op = OpDef("_backward", raw, differentiable=False)
        op.set_program((), fn)
        op.n_gradients = len(wrt)   # its first outputs; the pending values follow
        # what fixes this program, for a caller keeping a program that runs it
        # (the optimizer's fused step) in ``program_store``
        op.description = program_store.describe_plan(g, key) if program_store.enabled() \
            else None
        entry = cache.insert(_deferred_ops, key, (op, tuple(avals)), "graph")
    node = defer(entry[0], args, entry[1])
    g.release()
    k = len(wrt)
    readers = []
    for p in aux_refs:
        n = nodes[p]
        n.redirect(node, k, *_pick())
        readers.append(weakref.ref(n))
        k += len(n.avals)
    node.readers = readers
    return node


_thunks = []   # weak references to the thunks made by defer, for compute_pending


def defer(op, args, avals):
    """A thunk: a node outside every graph computing ``op``'s program on ``args`` when
    one of its outputs is first read (it drops its inputs once computed)."""
    counters["deferred_backwards"] += 1
    node = thunk(op, op.call((), {}), args, avals)
    if len(_thunks) >= 64:
        _thunks[:] = [r for r in _thunks if r() is not None and r().state == PENDING]
    _thunks.append(weakref.ref(node))
    return node


def compute_pending():
    """Compute every deferred computation some NDArray can still read (``waitall``:
    MXNet has computed everything it was asked to by then)."""
    refs = _thunks[:]
    del _thunks[:]
    for r in refs:
        node = r()
        if node is not None and node.state == PENDING:
            force(node)


_PICK = []


def _pick_outputs(*values):
    return values


def _pick():
    if not _PICK:
        op = OpDef("_deferred_value", _pick_outputs, differentiable=False)
        op.set_program((), _pick_outputs)
        _PICK.extend([op, op.call((), {})])
    return _PICK


def pending_thunk(refs):
    """``(thunk, picks)`` when every ``(node, index)`` of ``refs`` is an unread output of
    the same pending thunk; else None. ``thunk.op.fn`` is its pure function and
    ``thunk_args(thunk)`` its captured inputs: a caller may run them inside its own
    compiled program and hand the outputs back with :func:`fulfil`."""
    node, picks = _one_node(refs, _unrecorded)
    if node is None:
        return None
    for ref in node.inputs:
        if ref[0] != CONST:
            return None
    return node, tuple(picks)


def _unrecorded(node):
    return not node.recorded


def _one_node(refs, accept):
    """``(node, indices)`` when every ``(node, index)`` of ``refs`` is a pending output
    of one node that ``accept`` takes; else ``(None, None)``."""
    node = None
    picks = []
    for n, i in refs:
        if n is not node:   # the first: checked once
            if node is not None or n is None or n.state != PENDING or not accept(n):
                return None, None
            node = n
        picks.append(i)
    return node, picks


def thunk_args(node):
    """The captured inputs of a thunk."""
    return [ref[1] for ref in node.inputs]


def fulfil(node, outputs):
    """Store the outputs of a thunk computed by a fused program."""
    node.set_values(outputs)
    counters["fused_steps"] += 1


_VALUES_STORED = ("values stored",)   # ``Node.readers`` of a thunk after fulfil_values


def _gradients_read(node):
    """The gradients a fused step left pending in thunk ``node`` are computed now: the
    fused steps of its structure return them from now on (``fulfil_values``)."""
    node.readers = None
    node.op.gradients_read = True
    counters["gradients_recomputed"] += 1


def fulfil_values(node, values):
    """Store the pending values of a deferred backward pass (``node``, from
    :func:`gradients` with ``may_defer``: the outputs after its ``op.n_gradients``
    gradients) computed by a fused program, into the nodes reading them. The gradients
    stay pending: the thunk keeps its inputs and computes them (all its outputs, with
    its compiled program) only if one is read, which a training loop rarely does after
    the update; ``compute_pending`` (``waitall``) no longer computes it. A read marks
    the thunk's operator (``op.gradients_read``): the fused steps of that structure
    return the gradients from then on."""
    first = node.op.n_gradients
    readers = node.readers
    for r in (() if readers is None or readers is _VALUES_STORED else readers):
        n = r()
        if n is None or n.state != PENDING:
            continue
        ref = n.inputs[0]
        if ref[1] is not node:
            continue
        start = ref[2] - first
        n.set_values(values[start:start + len(n.avals)])
    node.readers = _VALUES_STORED
    if _thunks and _thunks[-1]() is node:
        _thunks.pop()
    else:
        _thunks[:] = [r for r in _thunks if r() is not node]
    counters["fused_steps"] += 1
