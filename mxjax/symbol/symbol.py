"""``mx.sym.Symbol``: a static graph of registered operators, in MXNet's JSON format.

A Symbol is a list of output entries ``(node, index)`` of a DAG of ``_Node``s. A
variable node has ``op`` None; an operator node names a registered operator
(``mxjax.ndarray.registry``), keeps its attributes as MXNet keeps them (strings)
and its inputs as entries. The same graph is written to and read from MXNet's
symbol JSON (``tojson`` / ``load_json``), evaluated as one pure JAX function
(``mxjax.symbol._eval``), its shapes and dtypes inferred (``mxjax.symbol._infer``)
and bound to arrays (``mxjax.executor``).
"""
import ast
import copy
import json

import numpy as np

from ..base import MXNetError, NotImplementedForSymbol, _STORAGE_TYPE_STR_TO_ID
from ..ndarray import registry as _registry
from ..core.plan import collect_dfs
from ..core.node import CONST, OUT, VAR
from .. import name as _name
from .. import attribute as _attribute
from .. import util

__all__ = ["Symbol", "Variable", "var", "Group", "load", "load_json", "from_recorded",
           "DTYPE_TO_MX", "DTYPE_FROM_MX"]

DTYPE_TO_MX = {"float32": 0, "float64": 1, "float16": 2, "uint8": 3, "int32": 4, "int8": 5,
               "int64": 6, "bool": 7, "int16": 8, "uint16": 9, "uint32": 10, "uint64": 11,
               "bfloat16": 12}
DTYPE_FROM_MX = {v: k for k, v in DTYPE_TO_MX.items()}


def attr_str(value):
    """An attribute value as MXNet writes it into a symbol ("(3, 3)", "True", "float32")."""
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)):
        return "(" + ", ".join(attr_str(v) for v in value) + ("," if len(value) == 1 else "") \
            + ")"
    if isinstance(value, np.dtype):
        return value.name
    if isinstance(value, type) and issubclass(value, np.generic):
        return np.dtype(value).name
    if isinstance(value, np.generic):
        return str(value.item())
    return str(value)


def parse_attr(value):
    """An attribute string as a Python value ('(3, 3)' -> (3, 3), 'relu' stays)."""
    if not isinstance(value, str):
        return value
    try:
        out = ast.literal_eval(value)
    except (ValueError, SyntaxError, MemoryError, TypeError):
        return value
    if isinstance(out, list):
        out = tuple(out)
    return out


# Operators whose outputs MXNet names (FListOutputNames); others are output0, output1, ...
_OUTPUT_NAMES = {"RNN": ("output", "state", "statecell")}


# MXNet's hidden attribute keys: stored as "__key__", found and listed under both names
HIDDEN_KEYS = ("ctx_group", "lr_mult", "wd_mult", "force_mirroring", "mirror_stage")


def hide_keys(attrs):
    """``attrs`` with each hidden key ``k`` stored as ``__k__`` (MXNet's SetAttr)."""
    if not attrs:
        return {}
    return {("__%s__" % k if k in HIDDEN_KEYS else k): v for k, v in attrs.items()}


def _shown(attrs):
    """A node's attributes as MXNet lists them: each ``__k__`` of a hidden key also as ``k``."""
    out = {}
    for k, v in attrs.items():
        out[k] = v
        if k.startswith("__") and k.endswith("__") and k[2:-2] in HIDDEN_KEYS:
            out[k[2:-2]] = v
    return out


class _Node:
    """One node: a variable (``op`` None) or an operator call."""

    __slots__ = ("op", "name", "attrs", "inputs", "arg_names", "_params", "subgraphs",
                 "__weakref__")

    def __init__(self, op, name, attrs=None, inputs=(), arg_names=None):
        self.op = op                  # OpDef or None
        self.subgraphs = ()           # Symbols a control-flow operator runs
        self.name = name
        self.attrs = dict(attrs or {})  # str -> str, as in MXNet's JSON
        self.inputs = list(inputs)    # [(node, index)]
        self.arg_names = arg_names    # the operator's array arguments the inputs fill
        self._params = None

    @property
    def is_var(self):
        return self.op is None

    @property
    def op_name(self):
        return "null" if self.op is None else self.op.name

    def params(self):
        """The operator's attributes as Python values (only those it declares)."""
        if self._params is None:
            op = self.op
            params = {}
            for k, v in self.attrs.items():
                if k in op.attr_defaults:
                    v = parse_attr(v)
                    if isinstance(op.attr_defaults[k], tuple) and isinstance(v, (int, float)):
                        v = (v,)  # MXNet writes a one-element shape as "-1"
                    params[k] = v
            self._params = params
        return self._params

    def num_outputs(self):
        """How many outputs the node shows."""
        if self.op is None:
            return 1
        n = self.op.num_outputs
        if n is None:
            return 1
        return int(n(self.params()) if callable(n) else n)

    def output_names(self):
        n = self.num_outputs()
        if self.op is None:
            return [self.name]
        if n == 1:
            return [self.name + "_output"]
        named = _OUTPUT_NAMES.get(self.op.name)
        if named and n <= len(named):
            return [self.name + ("_output" if k == "output" else "_%s_output" % k)
                    for k in named[:n]]
        return ["%s_output%d" % (self.name, i) for i in range(n)]

    def aux_positions(self):
        """Input positions (into ``inputs``) that are auxiliary states."""
        if self.op is None or not self.op.aux_inputs:
            return ()
        names = self.arg_names or self.op.array_args
        aux_names = {self.op.array_args[i] for i in self.op.aux_inputs}
        return tuple(i for i, n in enumerate(names[:len(self.inputs)]) if n in aux_names)


def topo_order(entries):
    """Nodes reachable from ``entries`` in MXNet's order (depth first, inputs in order)."""
    order, seen = [], set()
    for head, _ in entries:
        if id(head) in seen:
            continue
        stack = [(head, 0)]
        seen.add(id(head))
        while stack:
            node, i = stack.pop()
            if i < len(node.inputs):
                stack.append((node, i + 1))
                child = node.inputs[i][0]
                if id(child) not in seen:
                    seen.add(id(child))
                    stack.append((child, 0))
            else:
                order.append(node)
    return order


def _aux_nodes(order):
    aux = set()
    for node in order:
        for pos in node.aux_positions():
            aux.add(id(node.inputs[pos][0]))
    return aux


class Symbol:
    """A symbolic graph: one or more outputs of operators over variables.

    Build it with ``mx.sym.Variable`` and the operator functions of ``mx.sym``
    (generated from the same registry as ``mx.nd``); run it with ``bind`` /
    ``simple_bind`` / ``eval``.
    """

    __slots__ = ("_outputs", "__weakref__")

    def __init__(self, outputs):
        self._outputs = list(outputs)

    # ------------------------------------------------------------------ basics
    def __repr__(self):
        if len(self._outputs) == 1:
            return "<Symbol %s>" % self.name
        return "<Symbol group [%s]>" % ", ".join(self.list_outputs())

    def __iter__(self):
        return (Symbol([e]) for e in self._outputs)

    def __len__(self):
        return len(self._outputs)

    def __bool__(self):
        raise NotImplementedForSymbol(self.__bool__, "bool")

    __nonzero__ = __bool__

    def __copy__(self):
        return Symbol(self._outputs)

    def __deepcopy__(self, memo):
        return load_json(self.tojson())

    def __getstate__(self):
        return {"handle": self.tojson()}

    def __setstate__(self, state):
        self._outputs = load_json(state["handle"])._outputs

    def __reduce__(self):
        return (load_json, (self.tojson(),))

    @property
    def name(self):
        """The name of a single-output symbol (None for a group)."""
        if len(self._outputs) != 1:
            return None
        return self._outputs[0][0].name

    @property
    def handle(self):
        return self

    def _single(self, what):
        if len(self._outputs) != 1:
            raise MXNetError("%s: expected a single-output symbol, got a group of %d outputs"
                             % (what, len(self._outputs)))
        return self._outputs[0]

    def __getitem__(self, index):
        outputs = self.list_outputs()
        if isinstance(index, str):
            matches = [i for i, n in enumerate(outputs) if n == index]
            if not matches:
                raise ValueError("There is no output named %s (outputs: %s)"
                                 % (index, ", ".join(outputs)))
            if len(matches) > 1:
                raise ValueError("There are multiple outputs with name \"%s\"" % index)
            index = matches[0]
        if isinstance(index, slice):
            return Symbol(self._outputs[index])
        if not isinstance(index, (int, np.integer)):
            raise TypeError("Symbol only supports integer, string or slice indices, got %s"
                            % type(index).__name__)
        if index >= len(outputs) or index < -len(outputs):
            raise IndexError("Symbol index %d out of range (%d outputs)"
                             % (index, len(outputs)))
        return Symbol([self._outputs[index]])

    # ---------------------------------------------------------------- listing
    def _order(self):
        return topo_order(self._outputs)

    def list_arguments(self):
        """Names of the variables that are arguments (not auxiliary states), in order."""
        order = self._order()
        aux = _aux_nodes(order)
        return [n.name for n in order if n.is_var and id(n) not in aux]

    def list_auxiliary_states(self):
        """Names of the auxiliary states (e.g. BatchNorm's moving mean and variance)."""
        order = self._order()
        aux = _aux_nodes(order)
        return [n.name for n in order if n.is_var and id(n) in aux]

    def list_inputs(self):
        """Names of all variables: arguments and auxiliary states, in graph order."""
        return [n.name for n in self._order() if n.is_var]

    def list_outputs(self):
        """Names of the outputs (``<name>_output`` for an operator's single output)."""
        return [node.output_names()[i] for node, i in self._outputs]

    def get_internals(self):
        """A group of every output of every node, in graph order."""
        entries = []
        for node in self._order():
            entries.extend((node, i) for i in range(node.num_outputs()))
        return Symbol(entries)

    def get_children(self):
        """A group of the inputs of this symbol's node(s), or None for a variable."""
        entries, seen = [], set()
        for node, _ in self._outputs:
            if id(node) not in seen:
                seen.add(id(node))
                entries.extend(node.inputs)
        return Symbol(entries) if entries else None

    # ------------------------------------------------------------- attributes
    def attr(self, key):
        """The string attribute ``key`` of this symbol's node (None if absent); a hidden
        key (``lr_mult``, ``wd_mult``, ``ctx_group`` …) is found under ``__key__`` too."""
        node, _ = self._single("attr")
        if key in node.attrs:
            return node.attrs[key]
        if key in HIDDEN_KEYS:
            return node.attrs.get("__%s__" % key)
        return None

    def list_attr(self, recursive=False):
        """The attributes of this symbol's node (``recursive`` is not supported); a hidden
        key stored as ``__key__`` is listed under both names, as in MXNet."""
        if recursive:
            raise DeprecationWarning("Symbol.list_attr with recursive=True has been "
                                     "deprecated. Please use attr_dict instead.")
        node, _ = self._single("list_attr")
        return _shown(node.attrs)

    def attr_dict(self):
        """``{node name: {attribute: value}}`` for every node with attributes."""
        return {n.name: _shown(n.attrs) for n in self._order() if n.attrs}

    def _set_attr(self, **kwargs):
        """Set string attributes of this symbol's node (hidden keys as ``__key__``)."""
        for node, _ in self._outputs:
            for k, v in kwargs.items():
                if not isinstance(v, str):
                    raise ValueError("Set Attr only accepts string values")
                if (node.op is not None and not k.startswith("__") and k not in HIDDEN_KEYS
                        and k not in node.op.attr_defaults):
                    raise MXNetError("Cannot find argument '%s' of operator %s (node %s); "
                                     "user attributes are named __%s__"
                                     % (k, node.op.name, node.name, k))
            node.attrs.update(hide_keys(kwargs))
            node._params = None

    # ------------------------------------------------------------ composition
    def __call__(self, *args, **kwargs):
        """A copy with variables replaced by symbols (``net(data=other)``)."""
        s = self.__copy__()
        s._compose(*args, **kwargs)
        return s

    def _compose(self, *args, **kwargs):
        name = kwargs.pop("name", None)
        if args and kwargs:
            raise TypeError("compose only accept input Symbols either as positional or "
                            "keyword arguments, not both")
        for a in list(args) + list(kwargs.values()):
            if not isinstance(a, Symbol):
                raise TypeError("Compose expect `Symbol` as arguments")
        order = self._order()
        variables = [n for n in order if n.is_var]
        if args:
            arg_names = self.list_arguments()
            repl = dict(zip(arg_names, args))
        else:
            repl = dict(kwargs)
        repl = {k: v._single("compose")[0:2] for k, v in repl.items()}
        known = {n.name for n in variables}
        for k in repl:
            if k not in known:
                raise MXNetError("compose: %s is not an argument of the symbol (arguments: %s)"
                                 % (k, ", ".join(n.name for n in variables)))
        mapping = {}

        def new_entry(entry):
            node, i = entry
            if node.is_var and node.name in repl:
                return repl[node.name]
            return (mapping[id(node)], i)

        for node in order:
            if node.is_var:
                mapping[id(node)] = node
                continue
            copy_node = _Node(node.op, node.name, node.attrs, [new_entry(e) for e in node.inputs],
                              node.arg_names)
            mapping[id(node)] = copy_node
        self._outputs = [new_entry(e) for e in self._outputs]
        if name is not None and len(self._outputs) == 1 and not self._outputs[0][0].is_var:
            self._outputs[0][0].name = name

    # ---------------------------------------------------------- serialisation
    def tojson(self, remove_amp_cast=True):
        """The graph as MXNet's symbol JSON text (loads in MXNet 1.x)."""
        return json.dumps(to_json_dict(self._outputs), indent=2)

    def save(self, fname, remove_amp_cast=True):
        """Write :meth:`tojson` to ``fname``."""
        if not isinstance(fname, str):
            raise TypeError("fname needs to be string")
        with open(fname, "w") as f:
            f.write(self.tojson())

    def debug_str(self):
        """A text listing of the graph's nodes."""
        lines = []
        for node in self._order():
            if node.is_var:
                lines.append("Variable:%s" % node.name)
                continue
            lines.append("-" * 20)
            lines.append("Op:%s, Name=%s" % (node.op.name, node.name))
            lines.append("Inputs:")
            for k, (child, i) in enumerate(node.inputs):
                lines.append("\targ[%d]=%s(%d)" % (k, child.name, i))
            if node.attrs:
                lines.append("Attrs:")
                for k, v in node.attrs.items():
                    lines.append("\t%s=%s" % (k, v))
        return "\n".join(lines) + "\n"

    # ------------------------------------------------------------- inference




    # -------------------------------------------------------------- execution


    def _bind(self, *args, **kwargs):
        return self.bind(*args, **kwargs)

    def _simple_bind(self, *args, **kwargs):
        return self.simple_bind(*args, **kwargs)

    def eval(self, ctx=None, **kwargs):
        """Run the graph on the NDArrays given by name; returns the list of outputs."""
        return self.bind(ctx, kwargs, grad_req="null").forward()

    def gradient(self, wrt):
        raise NotImplementedForSymbol(self.gradient, None)

    def get_backend_symbol(self, backend):
        return self

    def optimize_for(self, backend, *args, **kwargs):
        return self

    def _gen_atomic_symbol(self):
        """A symbol of this symbol's operator alone, over fresh variables."""
        node = self._outputs[0][0]
        if any(n is not node for n, _ in self._outputs):
            raise MXNetError("_gen_atomic_symbol: the symbol's outputs come from several nodes")
        if node.is_var:
            return Symbol([(node, 0)])
        ins = [(_Node(None, "%s_arg%d" % (node.name, i)), 0) for i in range(len(node.inputs))]
        atom = _Node(node.op, node.name, node.attrs, ins, node.arg_names)
        return Symbol([(atom, i) for i in range(atom.num_outputs())])

    # --------------------------------------------------------------- arithmetic

    def __add__(self, o):
        return self._binary(o, "_Plus", "_PlusScalar")

    __radd__ = __add__

    def __sub__(self, o):
        return self._binary(o, "_Minus", "_MinusScalar")

    def __rsub__(self, o):
        return self._binary(o, "_Minus", "_RMinusScalar", reverse=True)

    def __mul__(self, o):
        return self._binary(o, "_Mul", "_MulScalar")

    __rmul__ = __mul__

    def __truediv__(self, o):
        return self._binary(o, "_Div", "_DivScalar")

    def __rtruediv__(self, o):
        return self._binary(o, "_Div", "_RDivScalar", reverse=True)

    __div__, __rdiv__ = __truediv__, __rtruediv__

    def __mod__(self, o):
        return self._binary(o, "_Mod", "_ModScalar")

    def __rmod__(self, o):
        return self._binary(o, "_Mod", "_RModScalar", reverse=True)

    def __pow__(self, o):
        return self._binary(o, "_Power", "_PowerScalar")

    def __rpow__(self, o):
        return self._binary(o, "_Power", "_RPowerScalar", reverse=True)

    def __neg__(self):
        return self.__mul__(-1.0)


    def __eq__(self, o):
        return self._binary(o, "_equal", "_equal_scalar")

    def __ne__(self, o):
        return self._binary(o, "_not_equal", "_not_equal_scalar")

    def __gt__(self, o):
        return self._binary(o, "_greater", "_greater_scalar")

    def __ge__(self, o):
        return self._binary(o, "_greater_equal", "_greater_equal_scalar")

    def __lt__(self, o):
        return self._binary(o, "_lesser", "_lesser_scalar")

    def __le__(self, o):
        return self._binary(o, "_lesser_equal", "_lesser_equal_scalar")

    __hash__ = object.__hash__

    def __iadd__(self, o):
        raise NotImplementedForSymbol(self.__iadd__, "+=")

    def __isub__(self, o):
        raise NotImplementedForSymbol(self.__isub__, "-=")

    def __imul__(self, o):
        raise NotImplementedForSymbol(self.__imul__, "*=")

    def __itruediv__(self, o):
        raise NotImplementedForSymbol(self.__itruediv__, "/=")

    # NDArray-only members: MXNet raises NotImplementedForSymbol
    def asnumpy(self):
        raise NotImplementedForSymbol(self.asnumpy, None)

    def asscalar(self):
        raise NotImplementedForSymbol(self.asscalar, None)

    def wait_to_read(self):
        raise NotImplementedForSymbol(self.wait_to_read, None)

    def attach_grad(self, *args, **kwargs):
        raise NotImplementedForSymbol(self.attach_grad, None)

    def backward(self, *args, **kwargs):
        raise NotImplementedForSymbol(self.backward, None)

    @property
    def shape(self):
        raise NotImplementedForSymbol("shape", None)

    @property
    def size(self):
        raise NotImplementedForSymbol("size", None)

    @property
    def context(self):
        raise NotImplementedForSymbol("context", None)

    @property
    def grad(self):
        raise NotImplementedForSymbol("grad", None)


# ---------------------------------------------------------------------------
# construction


def Variable(name, attr=None, shape=None, lr_mult=None, wd_mult=None, dtype=None, init=None,
             stype=None, profiler_scope=None, **kwargs):
    """A placeholder variable (an argument of the graph).

    Parameters
    ----------
    name : str
    attr : dict of str to str, optional
        Extra attributes.
    shape : tuple of int, optional
        Known shape (0 for an unknown dimension), used by shape inference.
    lr_mult, wd_mult : float, optional
        Learning-rate / weight-decay multipliers (attributes ``__lr_mult__`` ...).
    dtype : str or numpy dtype, optional
    init : Initializer or str, optional
    stype : {'default', 'row_sparse', 'csr'}, optional
        Stored as the ``__storage_type__`` attribute; binding gives a sparse variable a
        sparse array (the graph computes on its dense value).
    **kwargs
        More attributes, named ``__<name>__``.

    Returns
    -------
    Symbol
    """
    if not isinstance(name, str):
        raise TypeError("Expect a string for variable `name`")
    attrs = _attribute.current().get(attr)
    attrs = hide_keys(attrs)
    if shape is not None:
        attrs["__shape__"] = attr_str(tuple(shape) if not isinstance(shape, int) else (shape,))
    if lr_mult is not None:
        attrs["__lr_mult__"] = str(lr_mult)
    if wd_mult is not None:
        attrs["__wd_mult__"] = str(wd_mult)
    if dtype is not None:
        attrs["__dtype__"] = str(DTYPE_TO_MX[np.dtype(dtype).name])
    if init is not None:
        if not isinstance(init, str):
            init = init.dumps()
        attrs["__init__"] = init
    if stype is not None:  # bound to an array of this storage type (executor.simple_bind)
        ids = _STORAGE_TYPE_STR_TO_ID
        if stype not in ids or stype == "undefined":
            raise MXNetError("Variable %s: unknown storage type stype=%r (expected 'default', "
                             "'row_sparse' or 'csr')" % (name, stype))
        attrs["__storage_type__"] = str(ids[stype])
    if profiler_scope is not None:
        attrs["__profiler_scope__"] = profiler_scope
    for k, v in kwargs.items():
        if k.startswith("__") and k.endswith("__"):
            attrs[k] = str(v)
        else:
            raise ValueError("Attribute name=%s is not supported. Additional attributes must "
                             "start and end with double underscores, e.g, __yourattr__" % k)
    return Symbol([(_Node(None, name, attrs), 0)])


var = Variable


def Group(symbols, create_fn=None):
    """One symbol with the outputs of several.

    Parameters
    ----------
    symbols : list of Symbol

    Returns
    -------
    Symbol
    """
    if not symbols or any(not isinstance(s, Symbol) for s in symbols):
        raise TypeError("Expected a list of symbols as input")
    return Symbol([e for s in symbols for e in s._outputs])


# ---------------------------------------------------------------------------
# JSON


def to_json_dict(outputs):
    """MXNet's symbol JSON (a dict) for the output entries ``outputs``."""
    order = topo_order(outputs)
    index = {id(n): i for i, n in enumerate(order)}
    nodes, arg_nodes, row_ptr = [], [], [0]
    for i, node in enumerate(order):
        entry = {"op": node.op_name, "name": node.name}
        if node.attrs:
            entry["attrs"] = dict(node.attrs)
        aux = node.aux_positions()  # MXNet writes version 1 for a mutated (aux) input
        entry["inputs"] = [[index[id(c)], k, int(p in aux)] for p, (c, k) in
                           enumerate(node.inputs)]
        if node.subgraphs:
            entry["subgraphs"] = [to_json_dict(sub._outputs) for sub in node.subgraphs]
        if node.is_var:
            arg_nodes.append(i)
        nodes.append(entry)
        row_ptr.append(row_ptr[-1] + node.num_outputs())
    attrs = {"mxnet_version": ["int", 10901]}
    if util.is_np_shape():
        attrs["is_np_shape"] = ["int", 1]
    return {"nodes": nodes, "arg_nodes": arg_nodes, "node_row_ptr": row_ptr,
            "heads": [[index[id(n)], k, 0] for n, k in outputs], "attrs": attrs}


def _input_names(op, params, n_inputs):
    """The operator's array arguments that ``n_inputs`` inputs fill (absent optional ones
    skipped as MXNet lists them: no bias with ``no_bias``, no cell state unless LSTM ...)."""
    if op.varargs:
        return None
    names = [n for n in op.array_args if _input_present(op, n, params)]
    if len(names) != n_inputs:
        names = list(op.array_args[:n_inputs])
    return names


_OPTIONAL = {
    "bias": lambda p, op: not p.get("no_bias", op.attr_defaults.get("no_bias", False)),
    "state_cell": lambda p, op: p.get("mode") == "lstm",
    "sequence_length": lambda p, op: bool(p.get("use_sequence_length", False)),
    "gamma": lambda p, op: op.name != "LeakyReLU" or p.get("act_type") == "prelu",
}


def _required_inputs(op):
    req = getattr(op, "_required_inputs", None)
    if req is None:
        import inspect
        params = list(inspect.signature(op.fn).parameters.values())
        if op.random:
            params = params[1:]
        req = {p.name for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
               and p.default is p.empty}
        op._required_inputs = req
    return req


def _input_present(op, arg, params):
    if arg in _required_inputs(op):
        return True
    rule = _OPTIONAL.get(arg)
    if rule is not None:
        return bool(rule(params, op))
    return arg in ("moving_mean", "moving_var", "gamma", "beta", "label")


# operators over subgraphs (the control flow of mxjax.symbol.control_flow, which
# registers them): name -> make_op(name, attrs, subgraph Symbols) -> OpDef
SUBGRAPH_OPERATORS = {}


def load_json(json_str):
    """A Symbol from MXNet symbol JSON text (any MXNet 1.x version).

    Parameters
    ----------
    json_str : str

    Returns
    -------
    Symbol
    """
    if not isinstance(json_str, str):
        raise TypeError("json_str needs to be string")
    try:
        data = json.loads(json_str)
    except ValueError as err:
        raise MXNetError("Invalid symbol JSON: %s" % err) from None
    return _from_json_dict(data)


def _from_json_dict(data):
    """The Symbol of MXNet's symbol JSON read into a dict (``load_json``)."""
    try:
        raw_nodes, heads = data["nodes"], data["heads"]
    except (KeyError, TypeError) as err:
        raise MXNetError("Invalid symbol JSON: %s" % err) from None
    nodes = []
    for k, entry in enumerate(raw_nodes):
        attrs = {}
        for key in ("param", "attr", "attrs"):  # older files: param (op) + attr (user)
            attrs.update({a: str(v) for a, v in (entry.get(key) or {}).items()})
        name = entry.get("name", "node%d" % k)
        opname = entry.get("op", "null")
        inputs = [(nodes[e[0]], int(e[1])) for e in entry.get("inputs", [])]
        if opname == "null":
            nodes.append(_Node(None, name, attrs))
            continue
        if entry.get("subgraphs"):  # a control-flow operator over its subgraphs
            make_op = SUBGRAPH_OPERATORS.get(opname)
            if make_op is None:
                raise MXNetError("load_json: operator %s (node %s) with subgraphs is not "
                                 "implemented in mxjax" % (opname, name))
            subs = [_from_json_dict(sub) for sub in entry["subgraphs"]]
            node = _Node(make_op(opname, attrs, subs), name, attrs, inputs)
            node.subgraphs = subs
            nodes.append(node)
            continue
        try:
            op = _registry.get_op(opname)
        except MXNetError:
            raise MXNetError("load_json: operator %s (node %s) is not implemented in mxjax"
                             % (opname, name)) from None
        node = _Node(op, name, attrs, inputs)
        node.arg_names = _input_names(op, node.params(), len(inputs))
        nodes.append(node)
    return Symbol([(nodes[h[0]], int(h[1])) for h in heads])


def load(fname):
    """A Symbol from an MXNet symbol JSON file (``*-symbol.json``)."""
    if not isinstance(fname, str):
        raise TypeError("fname need to be string")
    with open(fname) as f:
        return load_json(f.read())


# ---------------------------------------------------------------------------
# from a recorded (autograd) graph


def _fill_node(value, names):
    """A ``_zeros`` / ``_ones`` / ``_full`` node for a constant whose elements are all
    equal (as MXNet's graph has for ``F.zeros(...)`` in a hybrid_forward), else None."""
    data = np.asarray(value)
    if data.size == 0 or data.dtype.kind not in "biuf" or not (data == data.flat[0]).all():
        return None
    first = data.flat[0].item()
    attrs = {"shape": str(tuple(int(d) for d in data.shape)), "dtype": data.dtype.name}
    if first == 0:
        op = "_zeros"
    elif first == 1:
        op = "_ones"
    else:
        op, attrs["value"] = "_full", repr(first)
    node = _Node(_registry.get_op(op), names.get(None, op), attrs, [])
    node.arg_names = []
    return node


def _number_text(value):
    """A 0-d array as the shortest decimal text that reads back as the same value in
    its dtype (``2.5``, ``1``, ``0.1`` for a float32 0.1)."""
    value = np.asarray(value)
    if value.dtype.kind == "f":
        return np.format_float_positional(value[()], trim="-")
    return str(int(value))


def from_recorded(heads, var_names=None, fill_constants=False):
    """The Symbol of a graph recorded by autograd that computes ``heads``.

    Parameters
    ----------
    heads : list of NDArray
        Recorded outputs.
    var_names : dict, optional
        Marked-variable graph node -> name (others are ``var<k>``).
    fill_constants : bool, default False
        Write a captured constant whose elements are all equal (an RNN cell's zero
        begin state) as a ``_zeros`` / ``_ones`` / ``_full`` node, as MXNet's symbolic
        graph has it, instead of a variable (``HybridBlock.export``).

    Returns
    -------
    Symbol
        Nodes named as MXNet names them (``fullyconnected0`` ...); other constants
        captured by the graph become variables ``const<k>``.
    """
    var_names = var_names or {}
    g = collect_dfs([h._node for h in heads])
    made, var_nodes = {}, {}
    names = _name.NameManager()
    for p, (gnode, wiring) in enumerate(zip(g.nodes, g.program)):
        op = gnode.op
        attrs = {k: attr_str(v) for k, v in gnode.akey if not str(k).startswith("_")}
        if op.scalar_of is not None:  # a number given at run time: back to its attribute
            op = op.scalar_of
            attrs[op.runtime_scalar[0]] = _number_text(g.consts[wiring[-1][1]])
            wiring = wiring[:-1]
        elif op.runtime_scalar is not None:   # the same text either way ("1", as MXNet)
            name = op.runtime_scalar[0]
            value = dict(gnode.akey).get(name)
            if value.__class__ is float or value.__class__ is int:
                attrs[name] = _number_text(np.float64(value))
        inputs = []
        for pos, w in enumerate(wiring):
            if op.random and pos == 0:
                continue
            if w[0] == VAR:
                vn = g.var_nodes[w[1]]
                if vn not in var_nodes:
                    var_nodes[vn] = _Node(None, var_names.get(vn, "var%d" % w[1]))
                inputs.append((var_nodes[vn], 0))
            elif w[0] == OUT:
                inputs.append((made[w[1]], w[2]))
            elif w[0] == CONST:
                fill = _fill_node(g.consts[w[1]], names) if fill_constants else None
                inputs.append((fill or _Node(None, "const%d" % w[1]), 0))
            else:
                inputs.append(None)
        while inputs and inputs[-1] is None:
            inputs.pop()
        inputs = [e for e in inputs if e is not None]
        node = _Node(op, names.get(None, op.name.lower().lstrip("_")), attrs, inputs)
        node.arg_names = None if op.varargs else list(op.array_args[:len(inputs)])
        made[p] = node
    return Symbol([(made[g.pos[h._node]], h._index) for h in heads])


def _copy_graph(sym):
    return copy.deepcopy(sym)
