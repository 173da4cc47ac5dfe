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

from .. import autograd
from ..core.plan import collect
from ..symbol.symbol import from_recorded, to_json_dict
from .. import ndarray as _nd
from ..base import MXNetError
from ..ndarray.ndarray import NDArray
from ._structure import flatten, regroup
from ._trace import imperative_scope
from ._cached_op import CachedBlockOp, _leaves
from .parameter import substitute_data

__all__ = ["export_block", "block_graph", "graph_json"]


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
        The JSON object (written by ``mxjax.symbol``'s one writer) and the names of
        variables used as auxiliary states.
    """
    sym = from_recorded(heads, var_names, fill_constants=True)
    return to_json_dict(sym._outputs), set(sym.list_auxiliary_states())


def block_graph(block):
    """The MXNet symbol JSON (a dict) of hybridized ``block``'s last-run graph.

    Parameters
    ----------
    block : HybridBlock
        Hybridized and run at least once.

    Returns
    -------
    (dict, set, list)
        The JSON object, the names of parameters used as auxiliary states, and the
        block's parameters.

    Raises
    ------
    RuntimeError
        When the block is not hybridized or has not run since.
    """
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
    # discard the recorded graph
    for h in heads:
        if h._node is not None:
            collect([h._node]).release()
    return sym, aux, params


def export_block(block, path, epoch=0):
    """Write ``path-symbol.json`` and ``path-%04d.params`` for hybridized ``block``."""
    sym, aux, params = block_graph(block)
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
