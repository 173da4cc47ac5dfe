"""Plans: the collected subgraph between some heads and their leaves, with its key.

A :class:`Plan` lists nodes in a topological order and their *wiring*: each input
as an edge of ``mxjax.core.node``'s encoding with positions instead of objects::

    (CONST, k, shape, dtype)  constant ``k`` of the plan
    (OUT, p, i)               output ``i`` of the plan's node ``p``
    (VAR, k)                  the plan's variable ``k``
    (ABSENT,)                 an optional input left out

``key`` (operators, attributes, wiring, variable shapes and dtypes) names the
plan's *structure*: two plans with the same key compute the same function, so a
compiled program is cached by it. ``replay`` turns a plan into one pure function
of (variable values, constant values), which ``jax.vjp`` differentiates.
"""
from functools import partial
from operator import attrgetter

import jax
import jax.numpy as jnp

from ..base import MXNetError
from .node import CONST, OUT, VAR, ABSENT, READY, PENDING, NOT_IN_GRAPH

__all__ = ["Plan", "collect", "collect_dfs", "replay", "forward_program", "vjp_program",
           "flat_vjp", "args_of", "flatten", "has_integer"]


class Plan:
    """Nodes in topological order with their wiring, variables, constants and key parts.

    ``pending`` lists the positions of nodes without values that an NDArray can still
    read (and, when forcing, the node asked for): a program computing the plan returns
    them too.
    """

    __slots__ = ("nodes", "pos", "program", "var_nodes", "var_values", "var_sig", "consts",
                 "key_parts", "pending")

    def __init__(self):
        self.nodes = []
        self.pos = {}
        self.program = []     # per node: tuple of wiring edges
        self.var_nodes = []
        self.var_values = []
        self.var_sig = []     # (shape, dtype) per variable
        self.consts = []
        self.key_parts = []
        self.pending = []

    def release(self):
        """Release every node of the plan (``retain_graph=False``)."""
        for n in self.nodes:
            n.release()


_by_seq = attrgetter("seq")


def collect(heads, forward_only=False, settle=None):
    """The plan of the subgraph reaching ``heads`` (a list of Nodes), in creation order.

    With ``forward_only``, nodes whose values are already known are not entered:
    their outputs become constants (used when computing pending values); a pending
    node outside every graph (a thunk, e.g. left by a released backward pass) is
    computed first by ``settle(node)`` and then is one of those.
    """
    seen = set()
    stack = []
    for h in heads:
        if not h.recorded:
            raise MXNetError(NOT_IN_GRAPH)
        if h not in seen:
            seen.add(h)
            stack.append(h)
    while stack:
        node = stack.pop()
        for ref in node.inputs:
            if ref[0] == OUT:
                src = ref[1]
                if src in seen or (forward_only and src.state == READY):
                    continue
                if not src.recorded:
                    if settle is None or not forward_only or src.state != PENDING:
                        raise MXNetError(NOT_IN_GRAPH)
                    settle(src)
                    continue
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
        if not node.recorded:
            raise MXNetError(NOT_IN_GRAPH)
        if expanded:
            done.add(node)
            order.append(node)
            continue
        stack.append((node, True))
        for ref in reversed(node.inputs):
            if ref[0] == OUT and ref[1] not in done:
                stack.append((ref[1], False))
    return _wire(order, None)


def _wire(order, requested):
    """The Plan of ``order`` (nodes in a topological order)."""
    g = Plan()
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
            if kind == OUT:
                src = ref[1]
                q = pos.get(src)
                if q is None:  # a known value used as a constant (forward_only)
                    if src.state != READY:
                        raise MXNetError(NOT_IN_GRAPH)
                    v = src.values[ref[2]]
                    wiring.append((CONST, len(consts), v.shape, v.dtype))
                    consts.append(v)
                else:
                    wiring.append((OUT, q, ref[2]))
            elif kind == VAR:
                vn = ref[1]
                k = var_pos.get(vn)
                if k is None:
                    k = len(var_nodes)
                    var_pos[vn] = k
                    var_nodes.append(vn)
                    v = ref[2]
                    var_values.append(v)
                    a = getattr(v, "aval", v)   # one property of a jax array, not two
                    var_sig.append((a.shape, a.dtype))
                wiring.append((VAR, k))
            elif kind == ABSENT:
                wiring.append((ABSENT,))
            else:
                v = ref[1]
                wiring.append((CONST, len(consts), v.shape, v.dtype))
                consts.append(v)
        wiring = tuple(wiring)
        if node.state != READY and (node is requested or node.live()):
            pending.append(p)
        pos[node] = p
        program.append(wiring)
        key_parts.append((node.op.name, node.akey, wiring))
    return g


def args_of(wiring, vals, var_values, consts):
    """The argument list of one node: ``vals`` are the earlier nodes' outputs."""
    args = []
    for w in wiring:
        t = w[0]
        if t == OUT:
            args.append(vals[w[1]][w[2]])
        elif t == VAR:
            args.append(var_values[w[1]])
        elif t == ABSENT:
            args.append(None)
        else:
            args.append(consts[w[1]])
    return args


def replay(calls, program, head_refs, aux_refs):
    """The pure function ``(var_values, const_values) -> (heads, aux)`` of a plan."""
    def run(var_values, const_values):
        vals = []
        for call, wiring in zip(calls, program):
            out = call(*args_of(wiring, vals, var_values, const_values))
            vals.append(tuple(out) if isinstance(out, (tuple, list)) else (out,))
        heads = [vals[p][i] for p, i in head_refs]
        aux = [vals[p] for p in aux_refs]
        return heads, aux
    return run


def flatten(groups):
    """The values of a list of per-node output tuples, as one flat tuple."""
    return tuple([v for vals in groups for v in vals])


def forward_program(calls, program, aux_refs, n_vars):
    """The pure function ``(*var_values, *const_values) -> flat outputs of aux_refs``."""
    run_plan = replay(calls, program, (), aux_refs)

    def run(*args):
        return flatten(run_plan(args[:n_vars], args[n_vars:])[1])
    return run


def _is_integer(dtype):
    return jnp.issubdtype(dtype, jnp.integer)


def _lenient(call, in_dtypes):
    """``call`` for the float64 replay of integer gradients (below). An operator that
    refuses its inputs (a dtype rule: MXNetError, or JAX's TypeError) is tried again with every integer input
    as float64; one that takes integers only (bitwise operators) then runs on its inputs
    cast back to the dtypes it was recorded with (``in_dtypes``), without a gradient
    through it, as MXNet gives none."""
    def run(*args):
        try:
            return call(*args)
        except (MXNetError, TypeError):
            pass
        try:
            return call(*_as_float(args))
        except (MXNetError, TypeError):
            pass
        return call(*[jax.lax.stop_gradient(a.astype(d)) if d is not None and hasattr(
            a, "dtype") and a.dtype != d else a for a, d in zip(args, in_dtypes)])
    return run


def _recorded_in_dtypes(program, node_dtypes, var_dtypes, const_dtypes):
    """Per node of a plan's ``program``, the dtypes of its inputs as recorded (None: absent);
    ``node_dtypes[p]`` are node ``p``'s output dtypes (the wiring decoded by ``args_of``)."""
    return [args_of(wiring, node_dtypes, var_dtypes, const_dtypes) for wiring in program]


def _as_float(values):
    """``values`` with every integer array as a float64 copy."""
    return [v.astype(jnp.float64) if hasattr(v, "dtype") and _is_integer(v.dtype) else v
            for v in values]


def has_integer(dtypes):
    """Whether any of ``dtypes`` is an integer type (differentiated as float64 copies by
    :func:`vjp_program`, which the op-by-op and segmented strategies cannot do)."""
    return any(_is_integer(d) for d in dtypes)


def vjp_program(g, head_refs, wrt, head_grad_given):
    """The key and a builder of the function computing gradients and pending values.

    ``wrt`` are positions in ``g.var_nodes`` to differentiate. The built function takes
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
        # the built program outlives this call in the program cache: it must not hold
        # ``g`` (its var_values and var_nodes keep the inputs' arrays and gradient buffers)
        calls = [n.call for n in g.nodes]
        program = g.program
        node_dtypes = [[a.dtype for a in n.avals] for n in g.nodes]
        run_plan = replay(calls, program, head_refs, aux_refs)

        def run(diff_values, other_values, const_values, head_grads):
            def f(dv, plan=run_plan):
                allv = [None] * nvar
                for i, v in zip(wrt, dv):
                    allv[i] = v
                for i, v in zip(others, other_values):
                    allv[i] = v
                return plan(allv, const_values)
            ints = [_is_integer(v.dtype) for v in diff_values]
            originals = list(diff_values)
            if True in ints:
                # MXNet differentiates integer variables too (its kernels compute their
                # gradients in the integer type): differentiate float64 copies and give
                # the gradients the variables' dtypes; the pending values come from the
                # integer forward. An operator that refuses the float copy (a dtype
                # rule against an integer input) leaves those gradients zero.
                aux = f(originals)[1]
                var_dtypes = [None] * nvar
                for i, v in zip(wrt, originals):
                    var_dtypes[i] = v.dtype
                for i, v in zip(others, other_values):
                    var_dtypes[i] = v.dtype
                in_dtypes = _recorded_in_dtypes(program, node_dtypes, var_dtypes,
                                                [v.dtype for v in const_values])
                lenient_plan = replay([_lenient(c, d) for c, d in zip(calls, in_dtypes)],
                                      program, head_refs, aux_refs)
                heads, vjp_fn, _ = jax.vjp(partial(f, plan=lenient_plan),
                                           _as_float(originals), has_aux=True)
            else:
                heads, vjp_fn, aux = jax.vjp(f, originals, has_aux=True)
            cts = [jnp.ones_like(h) if hg is None else hg.astype(h.dtype)
                   for h, hg in zip(heads, head_grads)]
            grads = vjp_fn(cts)[0]
            if True in ints:
                grads = [(jnp.zeros(v.shape, v.dtype) if gr.dtype == jax.dtypes.float0
                          else gr.astype(v.dtype)) if i else gr
                         for gr, v, i in zip(grads, originals, ints)]
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
            return tuple(grads) + flatten(aux)
        return flat
    return build_flat
