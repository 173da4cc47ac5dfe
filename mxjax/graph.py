"""The recorded graph: nodes, replay as one pure function, and the compile cache.

While autograd records, each operator call leaves a :class:`Node` holding the
operator's function (attributes bound), its inputs and its output shapes. Its
outputs may stay *pending*: their values are computed when first read, or by the
same compiled XLA call that differentiates the graph.

An input of a node is one of::

    (0, jax_array)          a constant captured when the operator ran
    (1, node, index)        output ``index`` of another recorded node
    (2, var_node, value)    a marked variable and its value when it was used

``replay`` rebuilds the subgraph between some heads and the variables as one pure
Python function of (variable values, constant values), which ``jax.vjp``
differentiates. Programs are cached by the graph's *structure* (operators,
attributes, wiring, input shapes and dtypes): a structure seen once runs
op by op with no compilation; from its second sighting on it is ``jax.jit``
compiled, and every later step is one XLA call.
"""
import itertools
import os
import threading
from operator import attrgetter
import weakref
from collections import OrderedDict

import numpy as np
import jax
import jax.numpy as jnp

from .base import MXNetError

__all__ = ["Node", "VarNode", "stats", "reset_stats", "set_cache_size", "NAIVE"]

NAIVE = os.environ.get("MXNET_ENGINE_TYPE", "") == "NaiveEngine"
# backward() leaves its gradients pending until read (or fused into Trainer.step)
DEFER_BACKWARD = os.environ.get("MXJAX_DEFER_BACKWARD", "1") != "0"

NOT_IN_GRAPH = ("Cannot differentiate node because it is not in a computational graph. "
                "You need to set is_recording to true or use autograd.record() to save "
                "computational graphs for backward. If you want to differentiate the same "
                "graph twice, you need to pass retain_graph=True to backward.")


_sequence = itertools.count()


class VarNode:
    """A marked variable (``attach_grad`` / ``mark_variables``): a leaf of the graph."""

    __slots__ = ("grad", "grad_req", "defer", "fresh", "__weakref__")
    is_var = True
    freed = False

    def __init__(self, grad, grad_req):
        self.grad = grad
        self.grad_req = grad_req
        self.fresh = False  # backward wrote the gradient (NDArray._fresh_grad)
        # set by Trainer for its parameters: backward may leave this gradient pending
        # so that the next step runs backward and update as one program
        self.defer = False


class Node:
    """One recorded operator call."""

    __slots__ = ("op", "akey", "call", "inputs", "avals", "values", "freed", "handles",
                 "seq", "__weakref__")
    is_var = False

    def __init__(self, op, akey, call, inputs, avals):
        self.seq = next(_sequence)  # creation order: a topological order of the graph
        self.op = op            # OpDef (for names / get_symbol)
        self.akey = akey        # hashable attributes
        self.call = call        # the pure function with attributes bound
        self.inputs = inputs
        self.avals = avals      # output ShapeDtypeStructs
        self.values = None      # output jax arrays once computed
        self.freed = False
        self.handles = []       # weak references to the NDArrays showing its outputs

    def track(self, handle):
        """Remember an NDArray that shows one of this node's outputs."""
        self.handles.append(weakref.ref(handle))

    def live(self):
        """Whether some NDArray can still read this node's outputs."""
        for r in self.handles:
            if r() is not None:
                return True
        return False

    def value(self, index):
        """Output ``index``, computing the pending part of the graph if needed."""
        if self.values is None:
            if self.freed and not self.inputs:
                raise MXNetError("The value of this array was discarded with its graph")
            force(self)
        return self.values[index]


# ---------------------------------------------------------------------------
# statistics and the cache

_lock = threading.RLock()
_stats = {"compiles": 0, "cache_hits": 0, "uncompiled_runs": 0, "evictions": 0,
          "nodes_recorded": 0, "deferred_backwards": 0, "fused_steps": 0,
          "segmented_runs": 0, "xla_compiles": 0, "persistent_cache_loads": 0}

# JAX reports every backend compilation (a persistent-cache load included) and every
# persistent-cache hit through jax.monitoring: what XLA really compiled.
_BACKEND_COMPILE = "/jax/core/compile/backend_compile_duration"
_PERSISTENT_HIT = "/jax/compilation_cache/cache_hits"


def _on_compile_duration(event, duration, **kwargs):
    if event == _BACKEND_COMPILE:
        _stats["xla_compiles"] += 1


def _on_event(event, **kwargs):
    if event == _PERSISTENT_HIT:
        _stats["persistent_cache_loads"] += 1
        _stats["xla_compiles"] -= 1  # loaded, not compiled (its compile event follows)


jax.monitoring.register_event_duration_secs_listener(_on_compile_duration)
jax.monitoring.register_event_listener(_on_event)
_cache = OrderedDict()       # structure key -> compiled callable
_seen = OrderedDict()        # structure keys seen once (not compiled yet)
_cache_size = int(os.environ.get("MXJAX_CACHE_SIZE", "256"))
_compile_after = int(os.environ.get("MXJAX_COMPILE_AFTER", "2"))
# XLA's compile time grows faster than linearly with program size: bigger graphs
# always run op by op (each operator a cached compiled call).
_max_compile_nodes = int(os.environ.get("MXJAX_MAX_COMPILE_NODES", "1000"))


def stats():
    """Counters of the engine: compiles, cache hits, uncompiled runs, evictions.

    Returns
    -------
    dict
        ``compiles``: the engine's programs compiled (recorded graphs compiled with
        ``jax.jit``, and each trace of an optimizer's fused update, whose compile
        follows); ``xla_compiles``: every XLA compilation JAX really performed in
        this process since the last reset (the engine's programs, each operator's
        eager program per attribute set and shape, the optimizer's; a program
        loaded from the persistent cache is not counted, it is in
        ``persistent_cache_loads``); ``cache_hits``: calls served by a compiled
        program; ``uncompiled_runs``: graphs run op by op
        because their structure had not been seen often enough to compile;
        ``segmented_runs``: repeating graphs too big to compile whole, run as
        compiled segments (``mxjax.segments``);
        ``evictions``: compiled programs dropped from the bounded cache;
        ``nodes_recorded``: operator calls recorded by autograd;
        ``deferred_backwards``: backward passes left pending (Trainer parameters);
        ``fused_steps``: ``Trainer.step`` calls that ran a pending backward and the
        update as one compiled program;
        ``cache_size`` / ``cache_limit``: entries now held and the bound.
    """
    out = dict(_stats)
    out["cache_size"] = len(_cache)
    out["cache_limit"] = _cache_size
    return out


def reset_stats():
    """Set every counter of :func:`stats` back to zero (the cache is kept)."""
    for k in _stats:
        _stats[k] = 0


def clear_cache():
    """Drop every compiled program."""
    with _lock:
        _cache.clear()
        _seen.clear()


def set_cache_size(n):
    """Bound the number of compiled programs kept (least recently used go first)."""
    global _cache_size
    _cache_size = int(n)
    _evict()


def set_compile_after(n):
    """Compile a graph structure on its ``n``-th sighting (1 = always compile)."""
    global _compile_after
    _compile_after = max(1, int(n))


def set_max_compile_nodes(n):
    """Never compile graphs with more than ``n`` nodes (they run op by op)."""
    global _max_compile_nodes
    _max_compile_nodes = int(n)


def _evict():
    while len(_cache) > _cache_size:
        _cache.popitem(last=False)
        _stats["evictions"] += 1
    while len(_seen) > 4 * max(_cache_size, 1):
        _seen.popitem(last=False)


def compiled(key, build, size):
    """The compiled program for structure ``key``, or None to run op by op.

    A structure is compiled (``jax.jit`` of ``build()``) on its
    ``_compile_after``-th sighting, unless it has more than ``_max_compile_nodes``
    nodes; until then (and for big graphs always) the caller runs it op by op.
    """
    fn = _cache.get(key)
    if fn is not None:
        _stats["cache_hits"] += 1
        try:
            _cache.move_to_end(key)
        except KeyError:  # evicted by another thread meanwhile
            pass
        return fn
    with _lock:
        count = _seen.get(key, 0) + 1
        if count >= _compile_after and size <= _max_compile_nodes:
            _seen.pop(key, None)
            fn = jax.jit(build())
            _cache[key] = fn
            _stats["compiles"] += 1
            _evict()
            return fn
        _seen[key] = count
        _seen.move_to_end(key)
        if count >= _compile_after:  # too big to compile whole, and it repeats
            _stats["segmented_runs"] += 1
            return SEGMENTED
    _stats["uncompiled_runs"] += 1
    return None


# ``compiled``'s answer for a repeating graph too big to compile whole: run it as a
# chain of compiled segments (``mxjax.segments``)
SEGMENTED = object()


# ---------------------------------------------------------------------------
# collecting a subgraph


class Subgraph:
    """The nodes between some heads and their leaves, in topological order."""

    __slots__ = ("nodes", "pos", "program", "var_nodes", "var_values", "var_sig", "consts",
                 "key_parts", "pending")

    def __init__(self):
        self.nodes = []
        self.pos = {}
        self.program = []     # per node: tuple of input refs ('n', p, i) / ('v', k) / ('c', k)
        self.var_nodes = []
        self.var_values = []
        self.var_sig = []     # (shape, dtype) per variable
        self.consts = []
        self.key_parts = []
        self.pending = []     # positions of nodes whose values are not known yet


_by_seq = attrgetter("seq")


def collect(heads, forward_only=False):
    """Collect the subgraph reaching ``heads`` (a list of Nodes), in creation order.

    With ``forward_only``, nodes whose values are already known are not entered:
    their outputs become constants (used when forcing pending values).
    ``pending`` lists the nodes without values that an NDArray can still read
    (and, when forcing, the node asked for).
    """
    seen = set()
    stack = []
    for h in heads:
        if h.freed:
            raise MXNetError(NOT_IN_GRAPH)
        if h not in seen:
            seen.add(h)
            stack.append(h)
    while stack:
        node = stack.pop()
        for ref in node.inputs:
            if ref[0] == 1:
                src = ref[1]
                if src in seen or (forward_only and src.values is not None):
                    continue
                if src.freed:
                    raise MXNetError(NOT_IN_GRAPH)
                seen.add(src)
                stack.append(src)
    order = sorted(seen, key=_by_seq) if len(seen) > 1 else list(seen)
    return _wire(order, heads[0] if forward_only else None)


def collect_dfs(heads):
    """As :func:`collect`, in MXNet's depth-first order (inputs visited in order):
    the order ``get_symbol`` and export show nodes and arguments in."""
    order = []
    done = set()
    stack = [(h, False) for h in reversed(heads)]
    while stack:
        node, expanded = stack.pop()
        if node in done:
            continue
        if node.freed:
            raise MXNetError(NOT_IN_GRAPH)
        if expanded:
            done.add(node)
            order.append(node)
            continue
        stack.append((node, True))
        for ref in reversed(node.inputs):
            if ref[0] == 1 and ref[1] not in done:
                stack.append((ref[1], False))
    return _wire(order, None)


def _wire(order, requested):
    """The Subgraph of ``order`` (nodes in a topological order): wiring, variables,
    constants, structure key parts and pending nodes."""
    g = Subgraph()
    g.nodes = order
    pos = g.pos
    var_pos = {}
    program = g.program
    key_parts = g.key_parts
    consts = g.consts
    var_nodes, var_values, var_sig = g.var_nodes, g.var_values, g.var_sig
    pending = g.pending
    for p, node in enumerate(order):
        wiring = []
        for ref in node.inputs:
            kind = ref[0]
            if kind == 1:
                src = ref[1]
                q = pos.get(src)
                if q is None:  # a known value used as a constant (forward_only)
                    if src.values is None:
                        raise MXNetError(NOT_IN_GRAPH)
                    v = src.values[ref[2]]
                    wiring.append(("c", len(consts), v.shape, v.dtype))
                    consts.append(v)
                else:
                    wiring.append(("n", q, ref[2]))
            elif kind == 2:
                vn = ref[1]
                k = var_pos.get(vn)
                if k is None:
                    k = len(var_nodes)
                    var_pos[vn] = k
                    var_nodes.append(vn)
                    v = ref[2]
                    var_values.append(v)
                    var_sig.append((v.shape, v.dtype))
                wiring.append(("v", k))
            elif kind == 3:
                wiring.append(("z",))
            else:
                v = ref[1]
                wiring.append(("c", len(consts), v.shape, v.dtype))
                consts.append(v)
        wiring = tuple(wiring)
        if node.values is None and (node is requested or node.live()):
            pending.append(p)
        pos[node] = p
        program.append(wiring)
        key_parts.append((node.op.name, node.akey, wiring))
    return g


def make_replay(calls, program, head_refs, aux_refs):
    """The pure function ``(var_values, const_values) -> (heads, aux)`` of a subgraph."""
    def replay(var_values, const_values):
        vals = []
        for call, wiring in zip(calls, program):
            out = call(*_args_of(wiring, vals, var_values, const_values))
            vals.append(tuple(out) if isinstance(out, (tuple, list)) else (out,))
        heads = [vals[p][i] for p, i in head_refs]
        aux = [vals[p] for p in aux_refs]
        return heads, aux
    return replay


def _flatten(groups):
    """The values of a list of per-node output tuples, as one flat tuple."""
    return tuple([v for vals in groups for v in vals])


def forward_program(calls, program, aux_refs, n_vars):
    """The pure function ``(*var_values, *const_values) -> flat outputs of aux_refs``."""
    replay = make_replay(calls, program, (), aux_refs)

    def run(*args):
        return _flatten(replay(args[:n_vars], args[n_vars:])[1])
    return run


def _store(nodes, flat, start):
    """Give each of ``nodes`` its outputs, read in order from ``flat[start:]``."""
    k = start
    for node in nodes:
        n = len(node.avals)
        node.values = tuple(flat[k:k + n])
        k += n


def _pending_chain(node, limit):
    """The pending nodes ``node`` needs, in topological order, if there are at most
    ``limit`` of them and each has only known or variable inputs once its
    predecessors in the list are computed; else None."""
    order = []
    stack = [node]
    while stack:
        n = stack[-1]
        waiting = None
        for ref in n.inputs:
            if ref[0] == 1:
                src = ref[1]
                if src.values is None and src not in order:
                    if src.freed and not src.inputs:
                        return None
                    waiting = src
                    break
        if waiting is None:
            stack.pop()
            if n not in order:
                order.append(n)
            continue
        if len(order) + len(stack) >= limit:
            return None
        stack.append(waiting)
    return order


def _run_eagerly(order):
    """Compute the nodes of ``order`` one operator call each (no graph program)."""
    for n in order:
        args = []
        for ref in n.inputs:
            kind = ref[0]
            if kind == 1:
                args.append(ref[1].values[ref[2]])
            elif kind == 3:
                args.append(None)
            else:
                args.append(ref[-1])
        out = n.op.eager(n.akey, n.call.keywords)(*args)
        n.values = tuple(out) if isinstance(out, (tuple, list)) else (out,)
        if n.freed:  # a deferred computation (see ``defer``): its inputs are no longer needed
            n.inputs = ()


_small_programs = {}   # structure of a short pending chain -> jitted program (or a count)
_MAX_SMALL_PROGRAMS = 1024


def _run_small_program(order):
    """Compute the short pending chain ``order`` as one compiled call, once its structure
    has been seen before (a first sighting returns False: run it op by op, no compile)."""
    pos = {}
    args = []
    parts = []
    for k, n in enumerate(order):
        wiring = []
        for ref in n.inputs:
            kind = ref[0]
            if kind == 1 and ref[1] in pos:
                wiring.append(("n", pos[ref[1]], ref[2]))
            elif kind == 3:
                wiring.append(("z",))
            else:
                wiring.append(("v", len(args)))
                args.append(ref[1].values[ref[2]] if kind == 1 else ref[-1])
        pos[n] = k
        parts.append((n.op.name, n.akey, tuple(wiring)))
    key = tuple(parts)
    fn = _small_programs.get(key)
    if fn is None or fn.__class__ is int:
        if fn is None:  # first sighting
            if len(_small_programs) >= _MAX_SMALL_PROGRAMS:
                _small_programs.clear()
            _small_programs[key] = 1
            return False
        fn = _small_programs[key] = jax.jit(forward_program(
            [n.call for n in order], [p[2] for p in parts], tuple(range(len(order))),
            len(args)))
    _store(order, fn(*args), 0)
    return True


_PICK = None
_PICK_CALL = None


def _init_pick():
    global _PICK, _PICK_CALL
    _PICK = deferred_op("_deferred_value", _pick_outputs, _pick_outputs)
    _PICK_CALL = _PICK.call((), {})


# Forcing at most this many pending nodes skips collecting and keying the subgraph:
# they run operator by operator, or as one small compiled program once their chain
# has been seen before (``_run_small_program``).
_EAGER_FORCE_NODES = 2


def force(node):
    """Compute the pending outputs that ``node`` depends on (and ``node``'s own)."""
    if node.freed:
        if not node.inputs:
            raise MXNetError(NOT_IN_GRAPH)
        order = _pending_chain(node, 1 << 30)  # a deferred computation: always small
    else:
        order = _pending_chain(node, _EAGER_FORCE_NODES)
    if order is not None:
        try:
            if len(order) == 1 or node.freed or not _run_small_program(order):
                _run_eagerly(order)
        except MXNetError:
            raise
        except Exception as err:  # noqa: BLE001
            raise MXNetError("Failed to compute a recorded graph: %s" % err) from None
        return
    g = collect([node], forward_only=True)
    aux_refs = tuple(g.pending)
    key = ("forward", tuple(g.key_parts), tuple(g.var_sig), aux_refs)
    nvar = len(g.var_values)

    def build():
        return forward_program([n.call for n in g.nodes], g.program, aux_refs, nvar)

    fn = compiled(key, build, len(g.nodes))
    try:
        if fn is None:
            vals = forward_op_by_op(g)
            for p in aux_refs:
                g.nodes[p].values = vals[p]
            return
        if fn is SEGMENTED:
            from .segments import forward_segmented
            forward_segmented(g, aux_refs)
            return
        flat = fn(*g.var_values, *g.consts)
    except MXNetError:
        raise
    except Exception as err:  # noqa: BLE001
        raise MXNetError("Failed to compute a recorded graph: %s" % err) from None
    distribute(g, aux_refs, flat, 0)


def distribute(g, aux_refs, flat, start):
    """Store the flat pending values ``flat[start:]`` into their nodes."""
    _store([g.nodes[p] for p in aux_refs], flat, start)


def defer(op, args, avals):
    """A node that computes ``op(*args)`` when one of its outputs is first read.

    It stands outside every recorded graph (it is born freed: operators recorded
    on its outputs see constants), and drops its inputs once computed. Used for
    a backward pass whose gradients nobody has read yet: ``Trainer.step`` can then
    run it together with the parameter update as one compiled program.
    """
    node = Node(op, (), op.call((), {}), tuple([(0, a) for a in args]), avals)
    node.freed = True
    _stats["deferred_backwards"] += 1
    return node


def _pick_outputs(*values):
    return values


def redirect(node, source, start):
    """Make the (freed, pending) ``node`` read its outputs from outputs
    ``start, start + 1, ...`` of the deferred node ``source``."""
    if _PICK is None:
        _init_pick()
    node.op = _PICK
    node.akey = ()
    node.call = _PICK_CALL
    node.inputs = tuple([(1, source, start + j) for j in range(len(node.avals))])


def deferred_op(name, raw, compiled_fn):
    """An operator for ``defer`` running ``compiled_fn`` (the jitted ``raw``)."""
    from .ndarray.registry import OpDef
    op = OpDef(name, raw, differentiable=False)
    op._jitted[()] = compiled_fn
    return op


def free(g):
    """Release a differentiated graph (``retain_graph=False``)."""
    for n in g.nodes:
        n.freed = True
        n.inputs = ()
        n.call = None


def vjp_program(g, head_refs, wrt, head_grad_given):
    """Build the key and the function computing heads, gradients and pending values.

    ``wrt`` are positions in ``g.var_nodes`` to differentiate. The function takes
    ``(diff_values, other_var_values, const_values, head_grads)`` and returns
    ``(grads, aux)``: the heads' values are among ``aux`` when they were pending.
    """
    aux_refs = tuple(g.pending)
    nvar = len(g.var_nodes)
    wrt = tuple(wrt)
    if len(wrt) == nvar:
        others = ()
    else:
        others = tuple(i for i in range(nvar) if i not in wrt)
    key = ("vjp", tuple(g.key_parts), tuple(g.var_sig), head_refs, wrt, aux_refs,
           head_grad_given)

    def build():
        calls = [n.call for n in g.nodes]
        replay = make_replay(calls, g.program, head_refs, aux_refs)

        def run(diff_values, other_values, const_values, head_grads):
            def f(dv):
                allv = [None] * nvar
                for i, v in zip(wrt, dv):
                    allv[i] = v
                for i, v in zip(others, other_values):
                    allv[i] = v
                return replay(allv, const_values)
            heads, vjp_fn, aux = jax.vjp(f, list(diff_values), has_aux=True)
            cts = [jnp.ones_like(h) if hg is None else hg.astype(h.dtype)
                   for h, hg in zip(heads, head_grads)]
            grads = vjp_fn(cts)[0]
            return grads, aux
        return run

    return key, build, others, aux_refs


def flat_vjp(build, n_diff, n_other, n_const, head_grad_given):
    """Wrap a ``vjp_program`` function to take flat positional arrays and return a
    flat tuple ``grads + pending values`` (JAX dispatches flat calls much faster)."""
    def build_flat():
        run = build()
        a, b, c = n_diff, n_diff + n_other, n_diff + n_other + n_const

        def flat(*args):
            rest = iter(args[c:])
            hgs = [next(rest) if given else None for given in head_grad_given]
            grads, aux = run(args[:a], args[a:b], args[b:c], hgs)
            return tuple(grads) + _flatten(aux)
        return flat
    return build_flat


# ---------------------------------------------------------------------------
# running a graph op by op: each operator is its own cached compiled call


def _args_of(wiring, vals, var_values, consts):
    args = []
    for w in wiring:
        t = w[0]
        if t == "n":
            args.append(vals[w[1]][w[2]])
        elif t == "v":
            args.append(var_values[w[1]])
        elif t == "z":
            args.append(None)
        else:
            args.append(consts[w[1]])
    return args


def forward_op_by_op(g):
    """Every node's outputs, reusing known values and computing the others."""
    vals = []
    for node, wiring in zip(g.nodes, g.program):
        if node.values is not None:
            vals.append(node.values)
            continue
        args = _args_of(wiring, vals, g.var_values, g.consts)
        op = node.op
        out = op.eager(node.akey, node.call.keywords)(*args)
        vals.append(tuple(out) if isinstance(out, (tuple, list)) else (out,))
    return vals


_add = jax.jit(jnp.add)


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
            if (w[0] == "n" and needs[w[1]]) or (w[0] == "v" and w[1] in wrt_set):
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
        args = _args_of(program[p], vals, g.var_values, g.consts)
        in_cts = node.op.vjp_eager(node.akey, node.call.keywords)(args, outs)
        for w, ct in zip(program[p], in_cts):
            if ct is None or w[0] in ("c", "z"):
                continue
            if w[0] == "n":
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
