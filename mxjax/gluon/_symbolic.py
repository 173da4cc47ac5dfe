"""Gluon on symbols: a HybridBlock called on Symbols, and parameter shapes inferred
through the graph (MXNet's deferred initialization).

Calling a HybridBlock on ``mx.sym`` Symbols runs ``hybrid_forward(F=mx.sym, ...)``
with each parameter as its variable (``Parameter.var()``). Unknown parameter
dimensions (0) are then inferred by the symbol's ``infer_shape``: the operators'
shape rules give weights from data, as MXNet does.
"""
from .. import symbol as _sym
from ..ndarray.ndarray import NDArray

__all__ = ["symbolic_forward", "infer_param_shapes"]


def symbolic_forward(block, x, *args):
    """``block.hybrid_forward(mx.sym, x, *args, **parameter variables)``."""
    from .. import name as _name
    params = {k: v.var() for k, v in block._reg_params.items()}
    if getattr(block, "_empty_prefix", False):
        # as MXNet's name scope: a block made with prefix='' names its operators in its
        # parent's scope, continuing its counters (stage3_activation0, activation1 ...)
        return block.hybrid_forward(_sym, x, *args, **params)
    with _name.Prefix(block.prefix):  # operator names as MXNet gives them: dense0_fwd
        return block.hybrid_forward(_sym, x, *args, **params)


def _flat(value, out):
    if isinstance(value, (list, tuple)):
        for v in value:
            _flat(v, out)
    else:
        out.append(value)
    return out


def infer_param_shapes(block, *args):
    """Set the unknown dimensions of ``block``'s parameters (its children's too) from the
    NDArray inputs ``args``, by shape inference on the block's symbol.

    Raises
    ------
    MXNetError
        When the graph does not determine a parameter's shape (naming it).
    """
    from ..base import MXNetError
    inputs, shapes, counter = [], {}, [0]

    def as_var(value):
        if isinstance(value, (list, tuple)):
            return type(value)(as_var(v) for v in value)
        if isinstance(value, NDArray):
            name = "data%d" % counter[0]
            counter[0] += 1
            shapes[name] = tuple(value.shape)
            return _sym.var(name, dtype=value.dtype)
        return value

    sym_args = [as_var(a) for a in args]
    out = symbolic_forward(block, *sym_args)
    outs = [o for o in _flat(out, []) if isinstance(o, _sym.Symbol)]
    sym = _sym.Group(outs) if len(outs) > 1 else outs[0]
    arg_shapes, _, aux_shapes = sym.infer_shape_partial(**shapes)
    found = dict(zip(sym.list_arguments(), arg_shapes))
    found.update(zip(sym.list_auxiliary_states(), aux_shapes))
    for p in block.collect_params().values():
        if not p._deferred_init:
            continue
        s = found.get(p.name)
        if s is None or not s or any(int(d) <= 0 for d in s):
            raise MXNetError("cannot infer the shape of Parameter %s (inferred %s) from input "
                             "shapes %s" % (p.name, s, list(shapes.values())))
        p.shape = tuple(s)
