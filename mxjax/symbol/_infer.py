"""Shape and dtype inference for Symbols (``infer_shape``, ``infer_type``).

Shapes flow both ways until nothing changes: an operator's declared
``shape_rule`` (``register(..., shape_rule=)``, next to its definition) fills in
unknown input shapes — weights from the data — and output shapes; every output
shape is otherwise ``jax.eval_shape`` of the operator once all its input shapes are
known. An unknown dimension is 0, as in MXNet. Dtypes: an operator with a
``dtype`` attribute outputs that dtype; otherwise inputs and outputs share the
first known one.
"""
import warnings

import numpy as np
import jax

from ..base import MXNetError, shape_str
from ..util import is_np_shape
from .symbol import topo_order, _aux_nodes, parse_attr, DTYPE_FROM_MX
from ._eval import call_node

__all__ = ["infer_shape", "infer_type", "infer_all"]


def _known(shape):
    return shape is not None and all(d > 0 for d in shape) if shape is not None else False


def _fully_known(shape):
    return shape is not None and all(int(d) > 0 for d in shape)


def _merge_shape(old, new, where):
    """Combine two partial shapes (0 = unknown dimension); raise on a conflict."""
    if new is None:
        return old
    new = tuple(max(int(d), 0) for d in new)  # -1 (NumPy-shape unknown) is 0 here
    if old is None:
        return new
    if len(old) != len(new):
        if not old:
            return new
        if not new:
            return old
        raise MXNetError("infer_shape error: shape inconsistent for %s: %s vs. %s"
                         % (where(), shape_str(old), shape_str(new)))
    out = []
    for a, b in zip(old, new):
        if a and b and a != b:
            raise MXNetError("infer_shape error: shape inconsistent for %s: %s vs. %s"
                             % (where(), shape_str(old), shape_str(new)))
        out.append(a or b)
    return tuple(out)


def _var_shape(node):
    s = node.attrs.get("__shape__")
    if s is None:
        return None
    s = parse_attr(s)
    if isinstance(s, int):
        s = (s,)
    return tuple(max(int(d), 0) for d in s)


def _var_dtype(node):
    d = node.attrs.get("__dtype__")
    if d is None:
        return None
    d = parse_attr(d)
    return np.dtype(DTYPE_FROM_MX[d] if isinstance(d, int) else d)


def _entry_name(node, i):
    return node.output_names()[i] if i < node.num_outputs() else "%s[%d]" % (node.name, i)


def _by_name(sym, args, kwargs, what):
    order = topo_order(sym._outputs)
    aux = _aux_nodes(order)
    arg_names = [n.name for n in order if n.is_var and id(n) not in aux]
    given = {}
    if args:
        if kwargs:
            raise MXNetError("%s: give the known values either by position or by name, "
                             "not both" % what)
        for name, v in zip(arg_names, args):
            if v is not None:
                given[name] = v
    else:
        names = {n.name for n in order if n.is_var}
        for k, v in kwargs.items():
            if k not in names:
                raise MXNetError("%s: %s is not an input of the symbol (inputs: %s)"
                                 % (what, k, ", ".join(n.name for n in order if n.is_var)))
            if v is not None:
                given[k] = v
    return order, aux, given


def infer_types(order, given):
    """dtypes per entry (``(id(node), i)`` -> np.dtype) from the variables' dtypes."""
    dt = {}
    for node in order:
        if node.is_var:
            d = given.get(node.name)
            d = np.dtype(d) if d is not None else _var_dtype(node)
            if d is not None:
                dt[(id(node), 0)] = d
    for _ in range(3):
        changed = False
        for node in order:
            if node.is_var:
                continue
            params = node.params()
            nout = node.num_outputs()
            ins = [dt.get((id(c), k)) for c, k in node.inputs]
            out_dt = None
            if "dtype" in node.op.attr_defaults and params.get("dtype") not in (None, "None"):
                out_dt = np.dtype(params["dtype"]) if params.get("dtype") != "bfloat16" \
                    else None
                if node.arg_names and "weight" in node.arg_names:
                    pos = node.arg_names.index("weight")
                    c, k = node.inputs[pos]
                    if dt.get((id(c), k)) is None and out_dt is not None:
                        dt[(id(c), k)] = out_dt
                        changed = True
            else:
                first = next((d for d in ins if d is not None), None)
                if first is None:
                    first = next((dt.get((id(node), i)) for i in range(nout)
                                  if dt.get((id(node), i)) is not None), None)
                if first is None:
                    continue
                out_dt = first
                for (c, k), d in zip(node.inputs, ins):
                    if d is None:
                        dt[(id(c), k)] = first
                        changed = True
            for i in range(nout):
                if dt.get((id(node), i)) is None and out_dt is not None:
                    dt[(id(node), i)] = out_dt
                    changed = True
        if not changed:
            break
    return dt


def infer_type(sym, args, kwargs, partial):
    """``Symbol.infer_type`` / ``infer_type_partial``."""
    order, aux, given = _by_name(sym, args, kwargs, "infer_type")
    given = {k: np.dtype(v) for k, v in given.items()}
    dt = infer_types(order, given)
    arg = [dt.get((id(n), 0)) for n in order if n.is_var and id(n) not in aux]
    auxs = [dt.get((id(n), 0)) for n in order if n.is_var and id(n) in aux]
    outs = [dt.get((id(n), k)) for n, k in sym._outputs]
    conv = lambda lst: [None if d is None else d.type for d in lst]  # noqa: E731
    if not partial and any(d is None for d in arg + auxs + outs):
        return None, None, None
    return conv(arg), conv(outs), conv(auxs)


# Unknown dimensions are given these two sizes in turn when an operator without a shape
# rule sees partly known input shapes: an output dimension that comes out equal both
# times does not depend on the unknown ones (dot's (0, 3, 4) x (4, 5) -> (0, 3, 5))
_PROBE_SIZES = (61, 127)


def _partial_outputs(node, ins, dt):
    """Output shapes (0 = unknown dimension) of ``node`` for input shapes with unknown
    dimensions, or ``[]`` when the operator cannot tell."""
    results = []
    for size in _PROBE_SIZES:
        avals = [jax.ShapeDtypeStruct(tuple(d if d > 0 else size for d in s),
                                      dt.get((id(c), k), np.dtype(np.float32)))
                 for s, (c, k) in zip(ins, node.inputs)]
        key = jax.ShapeDtypeStruct((2,), np.uint32) if node.op.random else None
        try:
            res = jax.eval_shape(lambda k, *a: call_node(node, a, k, False), key, *avals)
        except Exception:  # noqa: BLE001 - shapes only consistent once known
            return []
        results.append([tuple(r.shape) for r in res])
    return [tuple(x if x == y else 0 for x, y in zip(a, b)) if len(a) == len(b) else None
            for a, b in zip(*results)]


def infer_all(order, outputs, shapes_given, types_given):
    """(shape per entry, dtype per entry) for the graph ``order``."""
    dt = infer_types(order, types_given)
    shape = {}
    for node in order:
        if node.is_var:
            s = _var_shape(node)
            g = shapes_given.get(node.name)
            if g is not None:
                s = tuple(max(int(d), 0) for d in g)
            if s is not None:
                shape[(id(node), 0)] = s

    def setter(key, new, desc):
        old = shape.get(key)
        merged = _merge_shape(old, new, desc)
        if merged != old:
            shape[key] = merged
            return True
        return False

    evaluated = set()
    tried = {}
    for _ in range(len(order) + 2):
        changed = False
        for node in order:
            if node.is_var:
                continue
            nout = node.num_outputs()
            ins = [shape.get((id(c), k)) for c, k in node.inputs]
            rule = node.op.shape_rule
            if rule is not None:
                outs = [shape.get((id(node), i)) for i in range(nout)]
                try:
                    new_ins, new_outs = rule(node.params(), list(ins), list(outs))
                except MXNetError:
                    raise
                except Exception:  # noqa: BLE001 - the rule cannot tell yet
                    new_ins, new_outs = ins, outs
                for (c, k), s in zip(node.inputs, new_ins):
                    changed |= setter((id(c), k), s, lambda c=c, k=k, n=node: "input %s of %s"
                                      % (_entry_name(c, k), n.name))
                for i, s in enumerate(new_outs or ()):
                    if i < nout:
                        changed |= setter((id(node), i), s, lambda n=node, i=i: "output %d of %s"
                                          % (i, n.name))
                ins = [shape.get((id(c), k)) for c, k in node.inputs]
            if (rule is None and id(node) not in evaluated and ins
                    and all(s is not None for s in ins)
                    and not all(_fully_known(s) or s == () for s in ins)
                    and tried.get(id(node)) != tuple(ins)):
                tried[id(node)] = tuple(ins)
                for i, s in enumerate(_partial_outputs(node, ins, dt)[:nout]):
                    if s is not None:
                        changed |= setter((id(node), i), s, lambda n=node, i=i: "output %d of %s"
                                          % (i, n.name))
            if id(node) not in evaluated and all(_fully_known(s) or (s == ()) for s in ins
                                                 if True) and all(s is not None for s in ins):
                avals = [jax.ShapeDtypeStruct(s, dt.get((id(c), k), np.dtype(np.float32)))
                         for s, (c, k) in zip(ins, node.inputs)]
                key = jax.ShapeDtypeStruct((2,), np.uint32) if node.op.random else None
                try:
                    res = jax.eval_shape(lambda k, *a: call_node(node, a, k, False), key,
                                         *avals)
                except MXNetError as err:
                    raise MXNetError("infer_shape error in operator %s (node %s), input "
                                     "shapes %s: %s" % (node.op.name, node.name,
                                                        [shape_str(s) for s in ins], err)) \
                        from None
                except Exception as err:  # noqa: BLE001
                    msg = str(err).split("\n")[0]
                    raise MXNetError("infer_shape error in operator %s (node %s), input "
                                     "shapes %s: %s" % (node.op.name, node.name,
                                                        [shape_str(s) for s in ins], msg)) \
                        from None
                evaluated.add(id(node))
                for i in range(nout):
                    changed |= setter((id(node), i), tuple(res[i].shape),
                                      lambda n=node, i=i: "output %d of %s" % (i, n.name))
                    d = np.dtype(res[i].dtype)
                    if dt.get((id(node), i)) != d:
                        dt[(id(node), i)] = d
        if not changed:
            break
    return shape, dt


def infer_shape(sym, args, kwargs, partial):
    """``Symbol.infer_shape`` / ``infer_shape_partial``."""
    order, aux, given = _by_name(sym, args, kwargs, "infer_shape")
    for k, v in given.items():
        if not isinstance(v, (tuple, list)):
            raise MXNetError("infer_shape: the shape of %s must be a tuple, got %r" % (k, v))
    shape, _ = infer_all(order, sym._outputs, given, {})
    arg = [shape.get((id(n), 0)) for n in order if n.is_var and id(n) not in aux]
    auxs = [shape.get((id(n), 0)) for n in order if n.is_var and id(n) in aux]
    outs = [shape.get((id(n), k)) for n, k in sym._outputs]
    if not partial:
        if any(not _fully_known(s) and s != () for s in arg + auxs + outs) or \
                any(s is None for s in arg + auxs + outs):
            names = [n.name for n in order if n.is_var and id(n) not in aux]
            unknown = [(nm, s) for nm, s in zip(names, arg) if s is None or not _fully_known(s)]
            warnings.warn("Cannot decide shape for the following arguments (0s in shape "
                          "means unknown dimensions). Consider providing them as input:\n\t"
                          + "\n\t".join("%s: %s" % (nm, tuple(s or ()))
                                        for nm, s in unknown), stacklevel=3)
            return None, None, None
    if is_np_shape():  # NumPy shape semantics: -1 is an unknown dimension, None an unknown shape
        fix = lambda lst: [None if s is None else tuple(d if d > 0 else -1 for d in s)  # noqa: E731
                           for s in lst]
    else:
        fix = lambda lst: [() if s is None else tuple(s) for s in lst]  # noqa: E731
    return fix(arg), fix(outs), fix(auxs)
