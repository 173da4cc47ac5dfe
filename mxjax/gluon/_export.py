"""``HybridBlock.export``: the block's graph as MXNet symbol JSON plus a .params file.

The graph is obtained by recording one forward pass (prediction mode) with the
parameters and inputs as marked variables, so every node carries the MXNet
operator name and attributes it was called with. Parameters feeding an
operator's auxiliary-state inputs (BatchNorm's moving statistics) are saved as
``aux:<name>``, the others as ``arg:<name>``, as MXNet does.
"""
import json
import warnings

import numpy as np

from .. import autograd, graph
from .. import ndarray as _nd
from ..base import MXNetError
from ..ndarray.ndarray import NDArray
from ._structure import flatten
from .parameter import substitute_data

__all__ = ["export_block", "graph_json"]

# operator name -> positions of its auxiliary-state inputs
AUX_INPUTS = {"BatchNorm": (3, 4), "BatchNorm_v1": (3, 4), "_contrib_BatchNormWithReLU": (3, 4),
              "BatchNormWithReLU": (3, 4), "_contrib_SyncBatchNorm": (3, 4),
              "SyncBatchNorm": (3, 4)}


def _attr_str(v):
    if isinstance(v, (list, tuple)):
        return "(" + ", ".join(_attr_str(e) for e in v) + ("," if len(v) == 1 else "") + ")"
    return str(v)


def graph_json(heads, var_names):
    """MXNet symbol JSON (as a dict) for the recorded graph computing ``heads``.

    Parameters
    ----------
    heads : list of NDArray
        Recorded outputs.
    var_names : dict
        Marked-variable node -> name.

    Returns
    -------
    (dict, set)
        The JSON object and the names of variables used as auxiliary states.
    """
    g = graph.collect_dfs([h._node for h in heads])
    nodes, arg_nodes, row_ptr = [], [], [0]
    var_index, pos_index, aux = {}, {}, set()
    counters = {}

    def add(entry, nout):
        nodes.append(entry)
        row_ptr.append(row_ptr[-1] + nout)
        return len(nodes) - 1

    for p, (node, wiring) in enumerate(zip(g.nodes, g.program)):
        inputs = []
        skip_first = node.op.random
        for pos, w in enumerate(wiring):
            if skip_first and pos == 0:
                continue
            slot = pos - (1 if skip_first else 0)
            if w[0] == "v":
                vn = g.var_nodes[w[1]]
                if vn not in var_index:
                    name = var_names.get(vn, "var%d" % w[1])
                    var_index[vn] = add({"op": "null", "name": name, "inputs": []}, 1)
                    arg_nodes.append(var_index[vn])
                if slot in AUX_INPUTS.get(node.op.name, ()):
                    aux.add(var_names.get(vn))
                inputs.append([var_index[vn], 0, 0])
            elif w[0] == "n":
                inputs.append([pos_index[w[1]], w[2], 0])
            elif w[0] == "c":
                idx = add({"op": "null", "name": "const%d" % w[1], "inputs": []}, 1)
                arg_nodes.append(idx)
                inputs.append([idx, 0, 0])
        hint = node.op.name.lower().lstrip("_")
        count = counters.get(hint, 0)
        counters[hint] = count + 1
        entry = {"op": node.op.name, "name": "%s%d" % (hint, count)}
        attrs = {k: _attr_str(v) for k, v in node.akey if not str(k).startswith("_")}
        if attrs:
            entry["attrs"] = attrs
        entry["inputs"] = inputs
        pos_index[p] = add(entry, len(node.avals))
    head_list = [[pos_index[g.pos[h._node]], h._index, 0] for h in heads]
    return ({"nodes": nodes, "arg_nodes": arg_nodes, "node_row_ptr": row_ptr,
             "heads": head_list, "attrs": {"mxnet_version": ["int", 10901]}}, aux)


def export_block(block, path, epoch=0):
    """Write ``path-symbol.json`` and ``path-%04d.params`` for hybridized ``block``."""
    from .block import imperative_scope
    from ._cached_op import CachedBlockOp
    cache = block._cached_op
    ops = [v for v in (cache or {}).values() if isinstance(v, CachedBlockOp)]
    ops = [op for op in ops if op.last_signature is not None]
    if not block._active or not ops:
        raise RuntimeError("Please first call block.hybridize() and then run forward with "
                           "this block at least once before calling export.")
    op = ops[0]
    sig = op.last_signature
    params = op.params
    ctx = params[0].list_ctx()[0] if params else None
    handles, names = {}, {}
    for p in params:
        h = NDArray._from_jax(p.data().data, p.data().context)
        h.attach_grad()
        handles[p] = h
        names[h._node] = p.name
        ctx = h.context
    in_sigs = sig[len(params):]
    inputs = []
    for i, (shape, dt) in enumerate(in_sigs):
        x = _nd.zeros(shape, ctx=ctx, dtype=np.dtype(dt))
        x.attach_grad()
        names[x._node] = "data" if len(in_sigs) == 1 else "data%d" % i
        inputs.append(x)
    from ._cached_op import _leaves
    from ._structure import regroup
    it = iter(inputs)
    flat = [None if leaf == -1 else next(it) for leaf in _leaves(op.in_format)]
    args = regroup(flat, op.in_format)
    with autograd.record(train_mode=False), imperative_scope(), substitute_data(handles):
        out = block._forward_imperative(ctx, *args)
    heads, _ = flatten(out, "output")
    for h in heads:
        if h._node is None or h._node.is_var:
            raise MXNetError("export: an output of the block is an input or a parameter "
                             "itself; mxjax can only export computed outputs")
    sym, aux = graph_json(heads, names)
    with open("%s-symbol.json" % path, "w") as f:
        json.dump(sym, f, indent=2)
    used = {n["name"] for n in sym["nodes"] if n["op"] == "null"}
    arg_dict = {}
    for p in params:
        if p.name not in used:
            warnings.warn('Parameter "{name}" is not found in the graph. '.format(name=p.name),
                          stacklevel=3)
            continue
        arg_dict[("aux:%s" if p.name in aux else "arg:%s") % p.name] = p._reduce()
    _nd.save("%s-%04d.params" % (path, epoch), arg_dict)
    # discard the recorded graph
    for h in heads:
        if h._node is not None:
            graph.free(graph.collect([h._node]))
