"""Running a big recorded graph as a chain of compiled segments.

XLA's compile time grows faster than linearly with program size, so a plan of
more than ``executor.settings.max_compile_nodes`` nodes is never compiled whole. Run op by op
it costs two dispatches per node. Once such a graph's structure repeats, it is cut
into segments of at most ``SEGMENT_NODES`` consecutive nodes (creation order is a
topological order); each segment is a pure function of the values flowing into
it, compiled once per segment *structure*: a long chain of identical layers
compiles a handful of programs, however long it is.

The forward pass runs the segments in order and keeps the values crossing segment
boundaries; the backward pass runs each segment's VJP in reverse order (the
segment's forward is recomputed inside it), passing cotangents across the
boundaries.
"""
import os

import numpy as np
import jax
import jax.numpy as jnp

from . import cache
from .node import OUT, VAR, CONST
from .plan import replay

__all__ = ["forward", "vjp", "set_segment_nodes"]

# nodes per segment
SEGMENT_NODES = int(os.environ.get("MXJAX_SEGMENT_NODES", "256"))
# an input of a segment computed by an earlier segment (while cutting; becomes a VAR)
_EXTERNAL = -1

_segment_programs = {}   # segment key -> program-cache entry of (forward, vjp)


def set_segment_nodes(n):
    """Cut big plans into segments of at most ``n`` nodes; returns the previous value."""
    global SEGMENT_NODES
    prev, SEGMENT_NODES = SEGMENT_NODES, max(1, int(n))
    return prev


def _inexact(dtype):
    return jnp.issubdtype(dtype, jnp.inexact)


class _Segment:
    """Nodes ``[start, stop)`` of a Subgraph, their inputs from outside and the
    outputs read outside (by later nodes, as heads, or as pending values)."""

    __slots__ = ("start", "stop", "ext", "ext_avals", "vars", "consts", "outputs", "key",
                 "program")

    def __init__(self, g, start, stop, needed):
        self.start, self.stop = start, stop
        ext, ext_pos, vars_, var_pos, consts, const_pos = [], {}, [], {}, [], {}
        program = []
        parts = []
        for p in range(start, stop):
            local = []
            for w in g.program[p]:
                t = w[0]
                if t == OUT and w[1] >= start:
                    local.append((OUT, w[1] - start, w[2]))
                elif t == OUT:
                    local.append((_EXTERNAL, _slot((w[1], w[2]), ext, ext_pos)))
                elif t == VAR:
                    local.append((VAR, _slot(w[1], vars_, var_pos)))
                elif t == CONST:
                    local.append((CONST, _slot(w[1], consts, const_pos), w[2], w[3]))
                else:
                    local.append(w)
            program.append(local)
        # the segment's inputs are the replay's variables: outside values first
        n_ext = len(ext)
        for p, local in zip(range(start, stop), program):
            wiring = tuple((VAR, w[1]) if w[0] == _EXTERNAL else
                           (VAR, n_ext + w[1]) if w[0] == VAR else w for w in local)
            program[p - start] = wiring
            node = g.nodes[p]
            parts.append((node.op.name, node.akey, wiring))
        self.ext, self.vars, self.consts = ext, vars_, consts
        self.ext_avals = tuple((g.nodes[p].avals[i].shape, g.nodes[p].avals[i].dtype)
                               for p, i in ext)
        self.outputs = tuple(ref for ref in needed if start <= ref[0] < stop)
        self.program = tuple(program)
        local_outputs = tuple((p - start, i) for p, i in self.outputs)
        self.key = ("segment", tuple(parts), self.ext_avals,
                    tuple(g.var_sig[k] for k in vars_), local_outputs)


def _slot(item, items, positions):
    """The position of ``item`` in ``items``, appending it when new."""
    k = positions.get(item)
    if k is None:
        k = positions[item] = len(items)
        items.append(item)
    return k


def _programs(seg, g):
    """The jitted forward and VJP of ``seg`` (cached by the segment's structure)."""
    progs = cache.lookup(_segment_programs, seg.key)
    if progs is not None:
        return progs
    calls = [g.nodes[p].call for p in range(seg.start, seg.stop)]
    program = seg.program
    outputs = tuple((p - seg.start, i) for p, i in seg.outputs)
    out_avals = [g.nodes[p].avals[i] for p, i in seg.outputs]
    diff_ext = tuple(k for k, (_, dt) in enumerate(seg.ext_avals) if _inexact(dt))
    n_ext = len(seg.ext)

    run_plan = replay(calls, program, outputs, ())

    def forward(ext, var_values, consts):
        return tuple(run_plan(list(ext) + list(var_values), consts)[0])

    def vjp(ext, var_values, consts, cts, diff_vars):
        def f(dext, dvars):
            e = list(ext)
            for k, v in zip(diff_ext, dext):
                e[k] = v
            vv = list(var_values)
            for k, v in zip(diff_vars, dvars):
                vv[k] = v
            return forward(e, vv, consts)
        dext = [ext[k] for k in diff_ext]
        dvars = [var_values[k] for k in diff_vars]
        outs, pull = jax.vjp(f, dext, dvars)
        full = []
        for o, c, aval in zip(outs, cts, out_avals):
            if not _inexact(aval.dtype):
                full.append(np.zeros(aval.shape, jax.dtypes.float0))
            elif c is None:
                full.append(jnp.zeros(aval.shape, aval.dtype))
            else:
                full.append(c.astype(aval.dtype))
        g_ext, g_vars = pull(tuple(full))
        ext_cts = [None] * n_ext
        for k, c in zip(diff_ext, g_ext):
            ext_cts[k] = c
        return ext_cts, list(g_vars)

    progs = (cache.jit(cache.counted(forward)), cache.jit(cache.counted(vjp), static_argnums=(4,)))
    return cache.insert(_segment_programs, seg.key, progs, "segment")


def _cut(g, head_refs, aux_refs):
    """The segments of ``g`` and, for each, the outputs read outside it."""
    n = len(g.nodes)
    needed = set(head_refs)
    for p in aux_refs:
        for i in range(len(g.nodes[p].avals)):
            needed.add((p, i))
    bounds = list(range(0, n, SEGMENT_NODES)) + [n]
    seg_of = np.repeat(np.arange(len(bounds) - 1), np.diff(bounds))
    for p in range(n):
        for w in g.program[p]:
            if w[0] == OUT and seg_of[w[1]] != seg_of[p]:
                needed.add((w[1], w[2]))
    needed = sorted(needed)
    return [_Segment(g, bounds[k], bounds[k + 1], needed) for k in range(len(bounds) - 1)]


def _forward(g, segments):
    """Run every segment's forward; returns the boundary values {(p, i): value}."""
    values = {}
    for seg in segments:
        fwd, _ = _programs(seg, g)
        outs = fwd([values[r] for r in seg.ext], [g.var_values[k] for k in seg.vars],
                   [g.consts[k] for k in seg.consts])
        for ref, v in zip(seg.outputs, outs):
            values[ref] = v
    return values


def forward(g, aux_refs):
    """Compute the pending values ``aux_refs`` of ``g`` as compiled segments."""
    values = _forward(g, _cut(g, (), aux_refs))
    for p in aux_refs:
        node = g.nodes[p]
        node.set_values(values[(p, i)] for i in range(len(node.avals)))


def _add(a, b):
    return b if a is None else a + b


def vjp(g, head_refs, wrt, head_grads, aux_refs):
    """Gradients of the heads w.r.t. variables ``wrt`` (positions in ``g.var_nodes``),
    running ``g`` as compiled segments; also stores the pending values ``aux_refs``
    into their nodes. ``head_grads`` are jax arrays or None (ones)."""
    segments = _cut(g, head_refs, aux_refs)
    values = _forward(g, segments)
    for p in aux_refs:
        node = g.nodes[p]
        node.set_values(values[(p, i)] for i in range(len(node.avals)))
    cts = {}
    for ref, hg in zip(head_refs, head_grads):
        aval = g.nodes[ref[0]].avals[ref[1]]
        ct = np.ones(aval.shape, aval.dtype) if hg is None else hg.astype(aval.dtype)
        cts[ref] = _add(cts.get(ref), ct)
    wrt_pos = {k: j for j, k in enumerate(wrt)}
    grads = [None] * len(wrt)
    for seg in reversed(segments):
        out_cts = [cts.pop(ref, None) for ref in seg.outputs]
        if all(c is None for c in out_cts):
            continue
        _, vjp = _programs(seg, g)
        diff_vars = tuple(k for k, v in enumerate(seg.vars) if v in wrt_pos)
        ext_cts, var_cts = vjp([values[r] for r in seg.ext],
                               [g.var_values[k] for k in seg.vars],
                               [g.consts[k] for k in seg.consts], out_cts, diff_vars)
        for ref, c in zip(seg.ext, ext_cts):
            if c is not None:
                cts[ref] = _add(cts.get(ref), c)
        for k, c in zip(diff_vars, var_cts):
            j = wrt_pos[seg.vars[k]]
            grads[j] = _add(grads[j], c)
    for j, k in enumerate(wrt):
        if grads[j] is None:
            shape, dtype = g.var_sig[k]
            grads[j] = jnp.zeros(shape, dtype)
    return grads
