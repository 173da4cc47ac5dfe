"""A Symbol's graph as one pure JAX function (what an Executor compiles).

``graph_function(outputs)`` returns ``(var_nodes, fn)`` where
``fn(values, keys, train) -> (outputs, aux_updates)``: ``values`` holds one array
per variable node (in ``var_nodes`` order), ``keys`` one ``uint32[2]`` PRNG key per
random operator, and ``aux_updates`` maps a variable position to its new value
(BatchNorm's moving statistics while training).
"""
from ..base import MXNetError
import jax

from ..ndarray.registry import op_error, attrs_key
from .symbol import topo_order

__all__ = ["graph_function", "call_node", "node_records"]


def call_node(node, ins, key=None, train=False, shape=None):
    """Run ``node``'s operator on ``ins`` (one array or None per input); returns a tuple
    of all the function's outputs. ``shape`` replaces the ``shape`` attribute of a
    creation node whose attribute has unknown (0) dimensions."""
    op = node.op
    params = dict(node.params())
    if shape is not None:
        params["shape"] = tuple(shape)
    if op.train_aware:
        params["_train"] = bool(train)
    if op.varargs or node.arg_names is None:
        args = list(ins)
    else:
        args = [None] * len(op.array_args)
        for arg, value in zip(node.arg_names, ins):
            args[op.array_args.index(arg)] = value
        while args and args[-1] is None:
            args.pop()
    if op.random:
        args = [key] + args
    try:
        if any(isinstance(a, jax.core.Tracer) for a in args):
            out = op.fn(*args, **params)
        else:  # run op by op: the operator's own jitted callable (one compile per shape)
            out = op.eager(attrs_key(params), params)(*args)
    except MXNetError as err:
        raise op_error(op, [a for a in args if a is not None], params, err) from None
    return tuple(out) if isinstance(out, (tuple, list)) else (out,)


def _partial_creations(ops):
    """Nodes without inputs whose ``shape`` attribute has unknown (0) dimensions, such as
    ``sym.zeros(shape=(0, H))`` begin states: MXNet takes their shape from inference."""
    found = []
    for n in ops:
        if n.inputs:
            continue
        shape = n.params().get("shape")
        if isinstance(shape, (tuple, list)) and any(int(d) <= 0 for d in shape):
            found.append(n)
    return found


def _resolver(order, outputs, var_nodes, partial, infer):
    """``resolve(values) -> {id(node): shape}`` for the ``partial`` creation nodes, by
    shape inference (``infer``: ``_infer.infer_all``) from the variables' shapes
    (memoized per shape signature)."""
    if not partial:
        return lambda values: {}
    if infer is None:
        raise MXNetError("%s has unknown (0) dimensions in its shape attribute: give it a "
                         "full shape" % partial[0].name)
    memo = {}

    def resolve(values):
        sig = tuple((tuple(v.shape), str(v.dtype)) for v in values)
        got = memo.get(sig)
        if got is None:
            shapes = {n.name: tuple(v.shape) for n, v in zip(var_nodes, values)}
            types = {n.name: v.dtype for n, v in zip(var_nodes, values)}
            inferred, _ = infer(order, outputs, shapes, types)
            got = {}
            for n in partial:
                s = inferred.get((id(n), 0))
                if s is None or any(d <= 0 for d in s):
                    raise MXNetError("cannot infer the shape of %s (shape attribute %s): give "
                                     "it a full shape" % (n.name, n.params()["shape"]))
                got[id(n)] = s
            memo[sig] = got
        return got
    return resolve


def graph_function(outputs, infer=None):
    """``(var_nodes, random_nodes, fn)`` for the graph computing ``outputs``; ``infer``
    (``_infer.infer_all``, given by the Executor) resolves creation nodes such as
    ``sym.zeros(shape=(0, H))`` whose shapes MXNet infers."""
    order = topo_order(outputs)
    var_nodes = [n for n in order if n.is_var]
    var_pos = {id(n): i for i, n in enumerate(var_nodes)}
    random_nodes = [n for n in order if not n.is_var and n.op.random]
    key_pos = {id(n): i for i, n in enumerate(random_nodes)}
    ops = [n for n in order if not n.is_var]
    resolve = _resolver(order, outputs, var_nodes, _partial_creations(ops), infer)

    def fn(values, keys, train):
        env = {}
        fixed = resolve(values)
        for n in var_nodes:
            env[id(n)] = (values[var_pos[id(n)]],)
        updates = {}
        for node in ops:
            ins = [env[id(c)][k] for c, k in node.inputs]
            key = keys[key_pos[id(node)]] if node.op.random else None
            res = call_node(node, ins, key, train, fixed.get(id(node)))
            env[id(node)] = res
            aux = node.op.aux_inputs
            if aux and train:
                for pos, new in zip(node.aux_positions(), res[len(res) - len(aux):]):
                    child = node.inputs[pos][0]
                    if child.is_var:
                        updates[var_pos[id(child)]] = new
        outs = tuple(env[id(n)][k] for n, k in outputs)
        return outs, updates

    return var_nodes, random_nodes, fn


def node_records(outputs, var_nodes, values, keys, train, infer=None, monitor_all=False,
                 cotangents=None):
    """What a monitor sees of one run of the graph computing ``outputs``: a list of
    ``(name, array)`` in MXNet's order — each operator's outputs (``<node>_output``…;
    with ``monitor_all`` its inputs first, ``<node>_<input>``), then, when
    ``cotangents`` (one per output, None for ones) is given, each operator's gradients
    with respect to its inputs, last operator first (``<node>_backward_output`` or
    ``<node>_backward_output<i>``). ``values``/``keys`` as for :func:`graph_function`
    (``var_nodes`` order; one key per random operator in graph order)."""
    import jax.numpy as jnp
    order = topo_order(outputs)
    ops = [n for n in order if not n.is_var]
    fixed = _resolver(order, outputs, var_nodes, _partial_creations(ops), infer)(values)
    env = {id(n): (v,) for n, v in zip(var_nodes, values)}
    random_nodes = [n for n in ops if n.op.random]
    key_of = {id(n): k for n, k in zip(random_nodes, keys)}
    records = []
    for node in ops:
        ins = [env[id(c)][k] for c, k in node.inputs]
        if monitor_all:
            labels = list(node.arg_names or ())
            for j, value in enumerate(ins):
                records.append(("%s_%s" % (node.name, labels[j] if j < len(labels)
                                           else "data%d" % j), value))
        env[id(node)] = call_node(node, ins, key_of.get(id(node)), train, fixed.get(id(node)))
        records.extend(zip(node.output_names(), env[id(node)]))
    if cotangents is None:
        return records
    ct = {}
    for (n, k), c in zip(outputs, cotangents):
        out = env[id(n)][k]
        if jnp.issubdtype(out.dtype, jnp.inexact):
            ct[(id(n), k)] = ct.get((id(n), k), 0) + (jnp.ones_like(out) if c is None else c)
    for node in reversed(ops):
        outs = env[id(node)]
        if not any((id(node), i) in ct for i in range(len(outs))):
            continue
        ins = [env[id(c)][k] for c, k in node.inputs]
        aux = set(node.aux_positions())  # auxiliary states get no gradient
        grad_in = [i for i in range(len(ins)) if i not in aux]
        diff = [i for i in grad_in if jnp.issubdtype(ins[i].dtype, jnp.inexact)]
        if not diff:
            continue

        def f(*args, node=node, ins=ins, diff=diff):
            full = list(ins)
            for i, a in zip(diff, args):
                full[i] = a
            return call_node(node, full, key_of.get(id(node)), train, fixed.get(id(node)))
        _, pull = jax.vjp(f, *[ins[i] for i in diff])
        grads = pull(tuple(ct.get((id(node), i), jnp.zeros_like(o)) for i, o in enumerate(outs)))
        names = (["%s_backward_output" % node.name] if len(grad_in) == 1 else
                 ["%s_backward_output%d" % (node.name, i) for i in range(len(grad_in))])
        for i, g in zip(diff, grads):
            records.append((names[grad_in.index(i)], g))
            c, k = node.inputs[i]
            ct[(id(c), k)] = ct.get((id(c), k), 0) + g
    return records


def symbol_function(sym):
    """``f(**ndarrays) -> NDArray or list`` running ``sym`` operator by operator through
    the dispatch path (so ``autograd`` records it); location given by argument name, or
    positionally in ``list_arguments`` order."""
    from ..ndarray.registry import invoke
    order = topo_order(sym._outputs)
    arg_names = sym.list_arguments() + sym.list_auxiliary_states()

    def f(*args, **kwargs):
        env = dict(zip(arg_names, args))
        env.update(kwargs)
        values = {}
        for node in order:
            if node.is_var:
                if node.name not in env:
                    raise MXNetError("symbol function: no value for %s" % node.name)
                values[id(node)] = [env[node.name]]
                continue
            op = node.op
            ins = [values[id(c)][k] for c, k in node.inputs]
            if not op.varargs and node.arg_names is not None:
                full = [None] * len(op.array_args)
                for name, v in zip(node.arg_names, ins):
                    full[op.array_args.index(name)] = v
                while full and full[-1] is None:
                    full.pop()
                ins = full
            out = invoke(op, ins, dict(node.params()))
            values[id(node)] = out if isinstance(out, list) else [out]
        outs = [values[id(n)][k] for n, k in sym._outputs]
        return outs[0] if len(outs) == 1 else outs
    f.__name__ = "symbol_%s" % (sym.name or "group")
    return f
