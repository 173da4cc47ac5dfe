"""``mx.sym.<operator>``: one function per registered operator, building graph nodes.

Generated from the same registry as ``mx.nd`` (``mxjax.ndarray.registry``): the
arguments are those of the operator's JAX function — array inputs (Symbols, by
position or name) and then attributes — plus ``name`` and ``attr``. Array inputs
left out become variables named ``<name>_<argument>`` (``fc1_weight``), as MXNet
creates them.
"""
import numpy as np

from ..base import MXNetError, _Null
from ..ndarray import registry as _registry
from .. import name as _name
from .. import attribute as _attribute
from .symbol import Symbol, _Node, attr_str, _input_present, hide_keys

__all__ = ["make_function", "call"]

_AUX_INIT = {"moving_mean": '["zero", {}]', "moving_var": '["one", {}]'}
# initializers MXNet gives the variables it creates for some operator inputs
_INPUT_INIT = {("LeakyReLU", "gamma"): '["Constant", {"value": 0.25}]'}


def _normalise(value):
    if isinstance(value, list):
        return tuple(_normalise(v) for v in value)
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.dtype):
        return value.name
    if isinstance(value, type) and issubclass(value, np.generic):
        return np.dtype(value).name
    return value


def _entry(sym, opname, arg):
    if not isinstance(sym, Symbol):
        raise TypeError("Operator %s: argument %s must be a Symbol, got %s"
                        % (opname, arg, type(sym).__name__))
    if len(sym._outputs) != 1:
        raise MXNetError("Operator %s: argument %s is a group of %d outputs; a single output "
                         "is needed" % (opname, arg, len(sym._outputs)))
    return sym._outputs[0]


def create(op, inputs, attrs, name=None, attr=None, hint=None):
    """A Symbol for ``op`` applied to ``inputs`` (dict argument -> Symbol, or a list for
    an operator with a variable number of inputs) with attribute dict ``attrs``."""
    params = {k: _normalise(v) for k, v in attrs.items() if v is not _Null}
    for k in op.required_attrs:
        if k not in params:
            raise MXNetError("Operator %s: required parameter %s is missing" % (op.name, k))
    str_attrs = {k: attr_str(v) for k, v in params.items() if not k.startswith("_")}
    user = _attribute.current().get(attr)
    # MXNet's generated operator functions pass attr= values on as str(value) (GluonCV
    # gives an Initializer object as '__init__'); only Symbol._set_attr insists on strings
    user = {k: v if isinstance(v, str) else str(v) for k, v in hide_keys(user).items()}
    name = _name.current().get(name, hint or op.name.lower())
    node_attrs = dict(user or {})
    node_attrs.update(str_attrs)
    if op.varargs:
        entries = [_entry(s, op.name, "%s[%d]" % (op.varargs_name, i))
                   for i, s in enumerate(inputs)]
        if "num_args" in op.attr_defaults or True:
            node_attrs.setdefault("num_args", str(len(entries)))
        node = _Node(op, name, node_attrs, entries, None)
    else:
        entries, names = [], []
        parsed = {k: v for k, v in params.items()}
        for arg in op.array_args:
            sym = inputs.get(arg)
            if sym is None:
                if not _input_present(op, arg, parsed):
                    continue
                # MXNet gives a created variable the operator's attributes (and an
                # initializer to an auxiliary state)
                var_attrs = dict(node_attrs)
                if arg in _AUX_INIT and op.aux_inputs:
                    var_attrs["__init__"] = _AUX_INIT[arg]
                if (op.name, arg) in _INPUT_INIT:
                    var_attrs["__init__"] = _INPUT_INIT[(op.name, arg)]
                sym = Symbol([(_Node(None, "%s_%s" % (name, arg), var_attrs), 0)])
            entries.append(_entry(sym, op.name, arg))
            names.append(arg)
        node = _Node(op, name, node_attrs, entries, names)
    node._params = None
    return Symbol([(node, i) for i in range(node.num_outputs())])


def call(opname, symbols, attrs, name=None):
    """Apply the operator registered as ``opname`` to positional Symbols."""
    op = _registry.get_op(opname)
    if op.varargs:
        return create(op, symbols, attrs, name, hint=opname.lower())
    return create(op, dict(zip(op.array_args, symbols)), attrs, name, hint=opname.lower())


# keyword arguments any operator accepts, kept as "__key__" attributes (MXNet's kHiddenKeys)
_HIDDEN_KEYS = ("ctx_group", "lr_mult", "wd_mult", "force_mirroring", "mirror_stage",
                "profiler_scope")


def make_function(op, pyname=None):
    """The ``mx.sym`` function for ``op`` (``pyname``: the name it is called by)."""
    array_args = op.array_args
    attr_names = [a for a in op.attr_defaults if not a.startswith("_")]
    fname = pyname or op.name
    hint = fname.lower()

    def fn(*args, **kwargs):
        name = kwargs.pop("name", None)
        attr = kwargs.pop("attr", None)
        for k in list(kwargs):  # MXNet stores these as __k__ attributes (node and its vars)
            if k in _HIDDEN_KEYS and k not in op.attr_defaults:
                attr = dict(attr or {})
                attr["__%s__" % k] = str(kwargs.pop(k))
            elif k.startswith("__") and k.endswith("__") and len(k) > 4:
                attr = dict(attr or {})
                attr[k] = str(kwargs.pop(k))
        kwargs.pop("out", None)
        kwargs.pop("ctx", None) if "ctx" not in op.attr_defaults else None
        if op.varargs:
            if len(args) == 1 and isinstance(args[0], (list, tuple)):
                args = tuple(args[0])
            syms = [a for a in args if isinstance(a, Symbol)]
            rest = args[len(syms):]
            extra = [k for k, v in kwargs.items() if isinstance(v, Symbol)]
            for k in extra:
                syms.append(kwargs.pop(k))
            kwargs.pop("num_args", None)
            inputs = syms
        else:
            syms = [a for a in args[:len(array_args)] if isinstance(a, Symbol)]
            rest = args[len(syms):]
            inputs = dict(zip(array_args, syms))
            for a in array_args:
                if a in kwargs:
                    v = kwargs.pop(a)
                    if v is not None:
                        if a in inputs:
                            raise MXNetError("Operator %s: argument %s given twice"
                                             % (fname, a))
                        inputs[a] = v
        attrs = dict(zip(attr_names, rest))
        for k, v in kwargs.items():
            if k not in op.attr_defaults:
                raise MXNetError("Operator %s got an unexpected argument %r (its arguments: %s)"
                                 % (fname, k, ", ".join(list(array_args) + attr_names)))
            if isinstance(v, Symbol):
                raise TypeError("Operator %s: attribute %s cannot be a Symbol" % (fname, k))
            attrs[k] = v
        return create(op, inputs, attrs, name, attr, hint)

    fn.__name__ = fname
    fn.__qualname__ = fname
    fn.__doc__ = op.doc
    return fn
