"""Symbolic control flow of ``mx.sym.contrib``: ``foreach``, ``while_loop``, ``cond``.

As in MXNet, the Python functions given are called once, on placeholder variables,
to build their graphs (*subgraphs*). The call becomes one graph node whose inputs are
the loop's data and states and every other variable the subgraphs read (MXNet's
"remaining" inputs), and whose operator runs the subgraphs as one JAX control-flow
primitive: ``foreach`` a ``lax.scan`` over axis 0, ``while_loop`` a scan of
``max_iterations`` masked steps (steps after the condition turns false leave the
variables unchanged and output zeros; MXNet leaves those rows undefined), ``cond`` a
``lax.cond`` (both branches must give the same shapes and dtypes). Gradients flow
through them as through any operator. The subgraphs travel in the symbol JSON as
the node's ``subgraphs`` (``load_json`` rebuilds the operator from them).
"""
import json

import jax
import jax.numpy as jnp

from ..base import MXNetError
from .. import name as _name
from ..core.op import OpDef
from .symbol import Symbol, Variable, Group, _Node, topo_order, SUBGRAPH_OPERATORS
from ._eval import graph_function
from ._infer import infer_all
from ..ndarray.control_flow import _flatten as _flatten_nested, _regroup

__all__ = ["foreach", "while_loop", "cond", "make_op"]


def _flatten(args, what):
    """A nested list of single-output Symbols as (flat list, format to regroup)."""
    flat, fmt = _flatten_nested(args, what, Symbol)
    for sym in flat:
        if len(sym._outputs) != 1:
            raise MXNetError("%s: a Symbol of %d outputs; give single-output Symbols"
                             % (what, len(sym._outputs)))
    return flat, fmt


def _placeholders(prefix, count):
    return [Variable("%s%d" % (prefix, i)) for i in range(count)]


def _node_of(sym):
    return sym._outputs[0][0]


def _free_nodes(subgraphs, bound):
    """Variables the subgraphs read other than the placeholders ``bound`` (ids), in
    order of first appearance: the node's remaining inputs."""
    seen, free = set(), []
    for sub in subgraphs:
        for n in topo_order(sub._outputs):
            if n.is_var and id(n) not in bound and id(n) not in seen:
                seen.add(id(n))
                free.append(n)
    return free


def _locs(sub, nodes):
    """Position of each node among ``sub``'s variables (-1: the subgraph does not read
    it)."""
    where = {id(n): i for i, n in enumerate(n for n in topo_order(sub._outputs) if n.is_var)}
    return [where.get(id(n), -1) for n in nodes]


def _make_node(kind, attrs, subgraphs, inputs):
    """The control-flow node, named as MXNet names it (``_foreach0`` ...: the ``name``
    argument only names the subgraphs' variables)."""
    op = make_op(kind, attrs, subgraphs)
    node = _Node(op, _name.current().get(None, kind), {k: str(v) for k, v in attrs.items()},
                 [s._outputs[0] for s in inputs], None)
    node.subgraphs = list(subgraphs)
    return [Symbol([(node, i)]) for i in range(op.num_outputs)]


def _parse(attrs, key):
    value = attrs[key]
    return json.loads(value) if isinstance(value, str) else value


def make_op(kind, attrs, subgraphs):
    """The operator running control-flow node ``kind`` (``_foreach``, ``_while_loop``,
    ``_cond``) with attributes ``attrs`` over its subgraph Symbols."""
    builders = {"_foreach": _foreach_fn, "_while_loop": _while_loop_fn, "_cond": _cond_fn}
    if kind not in builders:
        raise MXNetError("unknown control-flow operator %s" % kind)
    fn, n_out, rule = builders[kind](attrs, subgraphs)
    return OpDef(kind, fn, differentiable=True, train_aware=True, num_outputs=n_out,
                 compile_whole=True, shape_rule=rule)


for _kind in ("_foreach", "_while_loop", "_cond"):
    SUBGRAPH_OPERATORS[_kind] = make_op


def _sub_shapes(sub, locs, shapes):
    """Shape inference inside subgraph ``sub`` given the shapes of the node's inputs
    (``locs[k]``: where input ``k`` sits among the subgraph's variables): the shape of
    each subgraph variable (None: unknown) and of each subgraph output."""
    order = topo_order(sub._outputs)
    var_nodes = [n for n in order if n.is_var]
    given = {}
    for loc, shape in zip(locs, shapes):
        if loc >= 0 and shape:
            given[var_nodes[loc].name] = shape
    found, _ = infer_all(order, sub._outputs, given, {})
    return ([found.get((id(n), 0)) for n in var_nodes],
            [found.get((id(n), k)) for n, k in sub._outputs])


def _known(shape):
    return bool(shape) and all(int(d) > 0 for d in shape)


def _fill_inputs(ins, start, locs, var_shapes):
    """Inputs ``start + k`` whose shapes the subgraph inferred (``locs[k]``)."""
    for k, loc in enumerate(locs):
        if loc >= 0 and var_shapes[loc] is not None and not _known(ins[start + k]):
            ins[start + k] = var_shapes[loc]


def _stacked(outs, sub_outs, n_out, steps):
    """A loop node's output shapes from its body's: the first ``n_out`` stacked over
    ``steps``, the loop variables as they are (unknown ones left)."""
    for i, o in enumerate(sub_outs):
        if o is not None:
            outs[i] = ((steps,) + tuple(o)) if i < n_out else o
    return outs


def _runner(sub):
    """``run(values_by_position, train) -> outputs`` of a subgraph, and its number of
    variables. Random operators inside a subgraph are refused."""
    var_nodes, random_nodes, fn = graph_function(sub._outputs)
    if random_nodes:
        raise MXNetError("random operators (%s) inside a symbolic control-flow subgraph are "
                         "not supported in mxjax" % random_nodes[0].name)

    def run(values, train):
        missing = [var_nodes[i].name for i, v in enumerate(values) if v is None]
        if missing:
            raise MXNetError("control-flow subgraph: no value for %s" % missing[0])
        return fn(values, [], train)[0]
    return run, len(var_nodes)


def _same_types(new, old, what):
    out = []
    for n, o in zip(new, old):
        if tuple(n.shape) != tuple(o.shape):
            raise MXNetError("%s: a loop variable changed shape from %s to %s"
                             % (what, tuple(o.shape), tuple(n.shape)))
        out.append(n.astype(o.dtype))
    return tuple(out)


def _ordered(locs, n, inputs):
    """A subgraph's ``n`` variable values: node input ``k`` goes to variable ``locs[k]``
    (-1: the subgraph does not read it; MXNet's ``in_data_locs`` ...)."""
    values = [None] * n
    for loc, a in zip(locs, inputs):
        if loc >= 0:
            values[loc] = a
    return values


def _foreach_fn(attrs, subgraphs):
    (sub,) = subgraphs
    data_locs = _parse(attrs, "in_data_locs")
    state_locs = _parse(attrs, "in_state_locs")
    remain_locs = _parse(attrs, "remain_locs")
    n_out = int(attrs["num_out_data"])
    nd, ns = len(data_locs), len(state_locs)
    locs = data_locs + state_locs + remain_locs
    run, n_vars = _runner(sub)

    def fn(*arrays, _train=False):
        data, states, frees = arrays[:nd], arrays[nd:nd + ns], arrays[nd + ns:]

        def step(carry, xs):
            outs = run(_ordered(locs, n_vars, list(xs) + list(carry) + list(frees)), _train)
            return _same_types(outs[n_out:], carry, "foreach"), tuple(outs[:n_out])
        final, stacked = jax.lax.scan(step, tuple(states), tuple(data))
        return tuple(stacked) + tuple(final)

    def rule(params, ins, outs):
        steps = ins[0][0] if nd and ins[0] else 0
        slices = [tuple(x[1:]) if x else None for x in ins[:nd]]
        var_shapes, sub_outs = _sub_shapes(sub, locs, slices + list(ins[nd:]))
        _fill_inputs(ins, nd, state_locs + remain_locs, var_shapes)
        for k in range(ns):  # a state's shape is also the body's new state's
            if not _known(ins[nd + k]) and sub_outs[n_out + k] is not None:
                ins[nd + k] = sub_outs[n_out + k]
        return ins, _stacked(outs, sub_outs, n_out, steps)
    return fn, n_out + ns, rule


def _gather(locs, inputs):
    """A subgraph's variable values: its variable ``k`` is node input ``locs[k]``
    (MXNet's ``*_input_locs``)."""
    return [inputs[j] for j in locs]


def _gathered_shapes(sub, locs, ins):
    """``_sub_shapes`` of a subgraph whose variables are node inputs ``locs``; the node
    inputs' shapes are completed from the subgraph's variables in place."""
    var_shapes, outs = _sub_shapes(sub, range(len(locs)), _gather(locs, ins))
    for j, shape in zip(locs, var_shapes):
        if shape is not None and not _known(ins[j]):
            ins[j] = shape
    return outs


def _while_loop_fn(attrs, subgraphs):
    cond_sub, func_sub = subgraphs
    cond_locs = _parse(attrs, "cond_input_locs")
    func_locs = _parse(attrs, "func_input_locs")
    var_locs = _parse(attrs, "func_var_locs")
    n_out = int(attrs["num_out_data"])
    steps = int(attrs["max_iterations"])
    run_cond, _ = _runner(cond_sub)
    run_func, _ = _runner(func_sub)
    var_inputs = [func_locs[k] for k in var_locs]   # the node input of each loop variable
    n_vars = len(var_inputs)

    def fn(*arrays, _train=False):
        def with_vars(current):
            ins = list(arrays)
            for j, value in zip(var_inputs, current):
                ins[j] = value
            return ins

        def step(carry, _):
            active, current = carry
            ins = with_vars(current)
            (pred,) = run_cond(_gather(cond_locs, ins), _train)
            go = jnp.logical_and(active, jnp.reshape(pred, (-1,))[0] != 0)
            outs = run_func(_gather(func_locs, ins), _train)
            new = _same_types(outs[n_out:], current, "while_loop")
            new = tuple(jnp.where(go, a, b) for a, b in zip(new, current))
            rows = tuple(jnp.where(go, o, jnp.zeros_like(o)) for o in outs[:n_out])
            return (go, new), rows
        init = tuple(arrays[j] for j in var_inputs)
        (_, final), stacked = jax.lax.scan(step, (jnp.asarray(True), init), None,
                                           length=steps)
        return tuple(stacked) + tuple(final)

    def rule(params, ins, outs):
        _gathered_shapes(cond_sub, cond_locs, ins)
        sub_outs = _gathered_shapes(func_sub, func_locs, ins)
        for k, j in enumerate(var_inputs):
            if not _known(ins[j]) and sub_outs[n_out + k] is not None:
                ins[j] = sub_outs[n_out + k]
        return ins, _stacked(outs, sub_outs, n_out, steps)
    return fn, n_out + n_vars, rule


def _cond_fn(attrs, subgraphs):
    pred_sub, then_sub, else_sub = subgraphs
    pred_locs = _parse(attrs, "cond_input_locs")
    then_locs = _parse(attrs, "then_input_locs")
    else_locs = _parse(attrs, "else_input_locs")
    n_out = int(attrs["num_outputs"])
    run_pred, _ = _runner(pred_sub)
    run_then, _ = _runner(then_sub)
    run_else, _ = _runner(else_sub)

    def fn(*arrays, _train=False):
        (pred,) = run_pred(_gather(pred_locs, arrays), _train)

        def branch(run, locs):
            return lambda ins: tuple(run(_gather(locs, ins), _train))
        try:
            return jax.lax.cond(jnp.reshape(pred, (-1,))[0] != 0, branch(run_then, then_locs),
                                branch(run_else, else_locs), tuple(arrays))
        except TypeError as err:
            raise MXNetError("cond: then_func and else_func must return the same shapes and "
                             "dtypes: %s" % str(err).split("\n")[0]) from None

    def rule(params, ins, outs):
        _gathered_shapes(pred_sub, pred_locs, ins)
        then_outs = _gathered_shapes(then_sub, then_locs, ins)
        else_outs = _gathered_shapes(else_sub, else_locs, ins)
        for i, (a, b) in enumerate(zip(then_outs, else_outs)):
            if a is not None or b is not None:
                outs[i] = a if _known(a) or b is None else b
        return ins, outs
    return fn, n_out, rule


def _union_inputs(subgraphs, outer):
    """MXNet's inputs of a node over ``subgraphs``: their variables in order of first
    appearance, each placeholder replaced by its outer Symbol (``outer``: id -> Symbol);
    and for each subgraph the node input of each of its variables."""
    inputs, where, locs = [], {}, []
    for sub in subgraphs:
        mine = []
        for n in topo_order(sub._outputs):
            if not n.is_var:
                continue
            if id(n) not in where:
                where[id(n)] = len(inputs)
                inputs.append(outer.get(id(n), Symbol([(n, 0)])))
            mine.append(where[id(n)])
        locs.append(mine)
    return inputs, locs


# ---------------------------------------------------------------------------
# the mx.sym.contrib functions


def foreach(body, data, init_states, name="foreach"):
    """Symbolic :func:`mxjax.ndarray.contrib.foreach`: ``body`` runs on each slice of
    ``data`` along axis 0, threading the loop states.

    Parameters
    ----------
    body : callable
        ``out, states = body(data_slice, states)`` on Symbols.
    data : Symbol or list of Symbol
    init_states : Symbol or nested list of Symbol
    name : str, default 'foreach'

    Returns
    -------
    outputs : Symbol or nested list of Symbol
        Every step's ``out``, stacked along a new axis 0.
    states : Symbol or nested list of Symbol
        The states after the last step.
    """
    data_flat, data_fmt = _flatten(data, "foreach input")
    state_flat, state_fmt = _flatten(init_states, "foreach states")
    data_ph = _placeholders("%s_data" % name, len(data_flat))
    state_ph = _placeholders("%s_state" % name, len(state_flat))
    outs, new_states = body(_regroup(data_ph, data_fmt)[0],
                            _regroup(state_ph, state_fmt)[0])
    out_flat, out_fmt = _flatten([] if outs is None else outs, "foreach output")
    new_flat, new_fmt = _flatten([] if new_states is None else new_states, "foreach states")
    if new_fmt != state_fmt:
        raise AssertionError("The input and output loop_vars have different format")
    sub = Group(out_flat + new_flat)
    bound = {id(_node_of(s)) for s in data_ph + state_ph}
    free = _free_nodes([sub], bound)
    # as MXNet: every data array and state is an input of the body's graph
    if -1 in _locs(sub, [_node_of(s) for s in data_ph]):
        raise AssertionError("the data arrays have to be used in the loop body")
    if -1 in _locs(sub, [_node_of(s) for s in state_ph]):
        raise AssertionError("the state arrays have to be used in the loop body")
    attrs = {"num_args": len(data_flat) + len(state_flat) + len(free) + 1,
             "num_outputs": len(out_flat) + len(state_flat), "num_out_data": len(out_flat),
             "in_data_locs": json.dumps(_locs(sub, [_node_of(s) for s in data_ph])),
             "in_state_locs": json.dumps(_locs(sub, [_node_of(s) for s in state_ph])),
             "remain_locs": json.dumps(_locs(sub, free))}
    results = _make_node("_foreach", attrs, [sub],
                         data_flat + state_flat + [Symbol([(n, 0)]) for n in free])
    outputs = _regroup(results[:len(out_flat)], out_fmt)[0] if out_flat else []
    states = _regroup(results[len(out_flat):], state_fmt)[0]
    return outputs, states


def while_loop(cond, func, loop_vars, max_iterations=None, name="while_loop"):
    """Symbolic :func:`mxjax.ndarray.contrib.while_loop`.

    Parameters
    ----------
    cond : callable
        ``cond(*loop_vars)`` returns a one-element Symbol.
    func : callable
        ``step_output, new_loop_vars = func(*loop_vars)``.
    loop_vars : Symbol or list of Symbol
    max_iterations : int
        Required: the stacked outputs have this length along axis 0.
    name : str, default 'while_loop'

    Returns
    -------
    outputs : list of Symbol
    loop_vars : Symbol or list of Symbol
    """
    if max_iterations is None:
        raise ValueError("max_iterations should be specified")
    single = isinstance(loop_vars, Symbol)
    var_flat, var_fmt = _flatten([loop_vars] if single else list(loop_vars),
                                 "while loop_vars")
    if not var_flat:
        raise ValueError("loop_vars should contain at least one element")
    ph = _placeholders("%s_var" % name, len(var_flat))
    ph_nested = _regroup(ph, var_fmt)[0]
    cond_out = cond(*ph_nested)
    cond_flat, _ = _flatten(cond_out, "while_loop cond output")
    step_output, new_vars = func(*ph_nested)
    out_flat, out_fmt = _flatten([] if step_output is None else
                                 (list(step_output) if isinstance(step_output, tuple)
                                  else step_output), "while_loop output")
    new_vars = [] if new_vars is None else new_vars
    new_flat, _ = _flatten([new_vars] if isinstance(new_vars, Symbol) else list(new_vars),
                           "while loop_vars")
    if len(new_flat) != len(var_flat):
        raise ValueError("The length of loop_vars should be consistent during the loop")
    cond_sub = Group(cond_flat[:1])
    func_sub = Group(out_flat + new_flat)
    outer = {id(_node_of(p)): v for p, v in zip(ph, var_flat)}
    inputs, (cond_locs, func_locs) = _union_inputs([cond_sub, func_sub], outer)
    var_locs = _locs(func_sub, [_node_of(p) for p in ph])
    for k, loc in enumerate(var_locs, 1):
        if loc == -1:
            raise ValueError("The %d-th loop_var doesn't involve into the computation" % k)
    attrs = {"num_args": len(inputs) + 2, "num_outputs": len(out_flat) + len(var_flat),
             "num_out_data": len(out_flat), "max_iterations": int(max_iterations),
             "cond_input_locs": json.dumps(cond_locs), "func_input_locs": json.dumps(func_locs),
             "func_var_locs": json.dumps(var_locs)}
    results = _make_node("_while_loop", attrs, [cond_sub, func_sub], inputs)
    outputs = _regroup(results[:len(out_flat)], out_fmt)[0] if out_flat else []
    final = _regroup(results[len(out_flat):], var_fmt)[0]
    return outputs, (final[0] if single else final)


def cond(pred, then_func, else_func, name="cond"):
    """Symbolic :func:`mxjax.ndarray.contrib.cond`: ``then_func()`` where the
    one-element ``pred`` is nonzero, else ``else_func()``.

    Parameters
    ----------
    pred : Symbol
    then_func, else_func : callable
        Take no arguments; return a Symbol or nested list of Symbols of the same
        shapes and dtypes.
    name : str, default 'cond'

    Returns
    -------
    Symbol or nested list of Symbol
    """
    then_flat, then_fmt = _flatten(then_func(), "cond then output")
    else_flat, _ = _flatten(else_func(), "cond else output")
    if len(then_flat) != len(else_flat):
        raise MXNetError("cond: then_func gives %d outputs, else_func %d"
                         % (len(then_flat), len(else_flat)))
    pred_flat, _ = _flatten(pred, "cond pred")
    subs = [Group(pred_flat[:1]), Group(then_flat), Group(else_flat)]
    inputs, (pred_locs, then_locs, else_locs) = _union_inputs(subs, {})
    attrs = {"num_args": len(inputs) + 3, "num_outputs": len(then_flat),
             "cond_input_locs": json.dumps(pred_locs), "then_input_locs": json.dumps(then_locs),
             "else_input_locs": json.dumps(else_locs)}
    results = _make_node("_cond", attrs, subs, inputs)
    return _regroup(results, then_fmt)[0]
