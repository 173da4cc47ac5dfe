"""``hybridize(inline_limit=...)``: when a recorded call runs a hybridized block op by op.

MXNet's CachedOp "inlines" a small graph: when autograd records, the block's graph
has at most ``inline_limit`` operator nodes (default 2) and ``static_alloc`` is off,
the call is recorded as the graph's individual operators instead of one
``_CachedOp`` node (so ``autograd.get_symbol`` shows them). Outside ``record()``
the compiled program runs either way.

The operator count is MXNet's: the block's ``hybrid_forward`` is traced once with
Symbol inputs and the operator nodes of the resulting graph are counted (variables
excluded). A block that cannot be traced symbolically is never inlined.
"""
import warnings

from .. import name as _name
from ..symbol import symbol as _sym
from ._structure import flatten, regroup

__all__ = ["flag", "symbolic_op_count", "inlined"]

_DEFAULT_INLINE_LIMIT = 2  # MXNet's CachedOpConfig default


def flag(block, key, default):
    """The value of hybridize flag ``key`` last given to ``block`` (or ``default``)."""
    for k, v in getattr(block, "_flags", ()) or ():
        if k == key:
            return v
    return default


def _op_nodes(symbols):
    seen, stack, count = set(), [], 0
    for s in symbols:
        stack.extend(node for node, _ in s._outputs)
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if node.op is not None:
            count += 1
        stack.extend(n for n, _ in node.inputs)
    return count


def _instance_state(block):
    """(block, copy of its attributes) for ``block`` and every block below it."""
    out, stack, seen = [], [block], set()
    while stack:
        b = stack.pop()
        if id(b) in seen:
            continue
        seen.add(id(b))
        out.append((b, dict(b.__dict__)))
        stack.extend(getattr(b, "_children", {}).values())
    return out


def symbolic_op_count(block, args):
    """The number of operator nodes of ``block``'s graph on inputs shaped as ``args``.

    Parameters
    ----------
    block : HybridBlock
    args : tuple
        The call's arguments (NDArrays, possibly nested in lists, or None).

    Returns
    -------
    int or None
        None when ``hybrid_forward`` cannot be traced with Symbol inputs.
    """
    flat, fmt = flatten(list(args), "input")
    names = iter(range(len(flat)))
    svars = [None if a is None else _sym.var("data%d" % next(names)) for a in flat]
    sargs = regroup(svars, fmt)
    saved = _instance_state(block)
    try:
        with warnings.catch_warnings(), _name.NameManager():
            warnings.simplefilter("ignore")
            out = block.forward(*sargs)
        outs, _ = flatten(out, "output")
    except Exception:  # noqa: BLE001 - a block MXNet could not trace either: not inlined
        return None
    finally:
        # a forward that keeps state on the block (ZoneoutCell's previous output) must not
        # keep the Symbols of this count: the blocks' attributes are put back as they were
        for b, attrs in saved:
            b.__dict__.clear()
            b.__dict__.update(attrs)
    if not all(isinstance(o, _sym.Symbol) for o in outs):
        return None
    return _op_nodes(outs)


def inlined(block, args, cache):
    """Whether this recorded call of hybridized ``block`` runs op by op (MXNet's inlining).

    Parameters
    ----------
    block : HybridBlock
    args : tuple
        The call's arguments.
    cache : dict
        The block's cached-op record for this input format (the decision is kept
        there, so it is made once per hybridization and input structure).
    """
    if flag(block, "static_alloc", False):
        return False
    limit = flag(block, "inline_limit", _DEFAULT_INLINE_LIMIT)
    if limit is None or limit < 0:
        return False
    decision = cache.get("inline")
    if decision is None:
        count = symbolic_op_count(block, args)
        decision = count is not None and count <= limit
        cache["inline"] = decision
    return decision
