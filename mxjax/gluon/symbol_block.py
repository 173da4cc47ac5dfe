"""SymbolBlock: a block that runs a symbol graph (MXNet JSON), e.g. an exported model.

The graph is interpreted node by node with the ``mx.nd`` operator of each node's
name and its attributes (parsed from the JSON strings); like any HybridBlock the
whole interpretation is compiled into one program and recorded as one node.
"""

from .. import ndarray as _nd
from .. import symbol as _symbol
from ..base import MXNetError
from ..symbol.symbol import topo_order, parse_attr
from ._common import check
from ._structure import flatten, gather_ctx_info
from .block import HybridBlock, _in_functional_trace
from .parameter import ParameterDict, DeferredInitializationError

__all__ = ["SymbolBlock"]


def _graph_of(symbols):
    """The output entries of one Symbol or of a list of Symbols."""
    if isinstance(symbols, (list, tuple)):
        return [e for s in symbols for e in s._outputs]
    return list(symbols._outputs)


def _var_name(sym):
    check(isinstance(sym, _symbol.Symbol), "SymbolBlock inputs must be Symbols, got %s"
          % type(sym).__name__)
    check(len(sym._outputs) == 1, "Input symbols must be variable, but %s is a group" % sym)
    node = sym._outputs[0][0]
    check(node.is_var,
          "Input symbols must be variable, but %s is an output of operators" % node.name)
    return node.name


def _common_prefix(names):
    if not names:
        return ""
    prefix = names[0]
    for name in names:
        i = 0
        while i < len(prefix) and i < len(name) and prefix[i] == name[i]:
            i += 1
        prefix = prefix[:i]
    return prefix


class SymbolBlockSparseError(MXNetError, AssertionError):
    """A SymbolBlock over a row_sparse variable (MXNet asserts)."""


class SymbolBlock(HybridBlock):
    """Construct a block from a symbol graph (e.g. loaded from an exported JSON file).

    Parameters
    ----------
    outputs : Symbol or list of Symbol
        The graph's outputs.
    inputs : Symbol or list of Symbol
        Variables of the graph fed by the block's inputs, in call order.
    params : ParameterDict, optional
        Parameters for the graph's other variables (shared); missing ones are created.

    Examples
    --------
    >>> net = gluon.SymbolBlock.imports('net-symbol.json', ['data'], 'net-0000.params')
    >>> out = net(mx.nd.ones((1, 5)))
    """

    @staticmethod
    def imports(symbol_file, input_names, param_file=None, ctx=None, allow_missing=False,
                ignore_extra=False):
        """Load a model saved by ``HybridBlock.export`` (or MXNet's checkpoint files).

        Parameters
        ----------
        symbol_file : str
            The ``-symbol.json`` file.
        input_names : str or list of str
            Names of the input variables.
        param_file : str, optional
            The ``.params`` file (``arg:``/``aux:`` keys).
        ctx : Context or list of Context, optional
        allow_missing, ignore_extra : bool, default False

        Returns
        -------
        SymbolBlock
        """
        with open(symbol_file) as f:
            sym = _symbol.load_json(f.read())
        if isinstance(input_names, str):
            input_names = [input_names]
        inputs = [_symbol.var(n) for n in input_names]
        ret = SymbolBlock(sym, inputs)
        if param_file is not None:
            ret.collect_params().load(param_file, ctx, allow_missing, ignore_extra,
                                      cast_dtype=True, dtype_source="saved")
        return ret

    def __init__(self, outputs, inputs, params=None):
        super().__init__(prefix=None, params=None)
        self._prefix = ""
        self._params = ParameterDict("", params)
        if isinstance(inputs, _symbol.Symbol):
            inputs = [inputs]
        if isinstance(outputs, (list, tuple)) and len(outputs) == 1:
            outputs = outputs[0]
        self._outputs = _graph_of(outputs)
        self._order = topo_order(self._outputs)
        self._input_names = [_var_name(s) for s in inputs]
        aux_names = set(_symbol.Group([_symbol.Symbol([e]) for e in self._outputs])
                        .list_auxiliary_states())
        for node in self._order:
            name = node.name
            if not node.is_var or name in self._input_names:
                continue
            if node.attrs.get("__storage_type__") == "1":
                raise SymbolBlockSparseError(
                    "SymbolBlock doesn't support Parameter '%s' because its storage type "
                    "is 'row_sparse'." % name)
            shape = node.attrs.get("__shape__")
            kwargs = {"allow_deferred_init": True}
            if shape is not None:
                kwargs["shape"] = tuple(parse_attr(shape))
            if name in aux_names:
                kwargs["grad_req"] = "null"
            self.params.get(name, **kwargs)
        self._cached_graph = (list(inputs), outputs)
        names = list(self._params.keys())
        len_prefix = len(_common_prefix(names))
        self._reg_params = {key[len_prefix:]: val for key, val in self._params.items()}

    def __repr__(self):
        outs = ", ".join(n.name for n, _ in self._outputs)
        return "{name}(\n{ins} -> {outs}\n)".format(name=self.__class__.__name__,
                                                     ins=", ".join(self._input_names),
                                                     outs=outs)

    def forward(self, x, *args):
        """Run the graph (always compiled, as MXNet runs a SymbolBlock as a cached op).

        Called with Symbols instead, it returns the graph composed onto them: one
        Symbol for a one-output graph, else a list of one Symbol per output.
        """
        if isinstance(x, _symbol.Symbol):
            return self._forward_symbol([x] + list(args))
        has_ndarray, ctx_set, first_ctx = gather_ctx_info([x] + list(args))
        check(has_ndarray, "SymbolBlock requires NDArray inputs")
        self._check_inputs([x] + list(args))
        if _in_functional_trace():
            with first_ctx:
                return self._forward_imperative(first_ctx, x, *args)
        from ._cached_op import call_cached
        with first_ctx:
            return call_cached(self, x, *args)

    def _forward_symbol(self, args):
        inputs = self._check_inputs(args)
        for a in inputs:
            if not isinstance(a, _symbol.Symbol):
                raise MXNetError("SymbolBlock: inputs must be all Symbols or all NDArrays, "
                                 "got a Symbol and a %s" % type(a).__name__)
        graph = _symbol.Symbol(self._outputs)
        out = graph(**dict(zip(self._input_names, inputs)))
        if len(out) == 1:
            return out
        return list(out)

    def _check_inputs(self, args):
        flat, _ = flatten(list(args), "input")
        inputs = [a for a in flat if a is not None]
        if len(inputs) != len(self._input_names):
            raise MXNetError("SymbolBlock expects %d inputs (%s), got %d"
                             % (len(self._input_names), ", ".join(self._input_names),
                                len(inputs)))
        return inputs

    def _forward_imperative(self, ctx, *args):
        inputs = self._check_inputs(args)
        env = dict(zip(self._input_names, inputs))
        try:
            for name, p in self._params.items():
                env[name] = p.data(ctx)
        except DeferredInitializationError:
            self.infer_shape(*inputs)
            for p in self._params.values():
                p._finish_deferred_init()
            for name, p in self._params.items():
                env[name] = p.data(ctx)
        values = {}
        for node in self._order:
            if node.is_var:
                values[id(node)] = [env[node.name]]
                continue
            op = node.op.name
            fn = getattr(_nd, op, None) if not op.startswith("_") else None
            if fn is None:
                fn = getattr(_nd._internal, op, None)
            if fn is None:
                raise MXNetError("SymbolBlock: operator %s (node %s) is not available in "
                                 "mxjax" % (op, node.name))
            ins = [values[id(c)][k] for c, k in node.inputs]
            if node.arg_names is not None and not node.op.varargs:
                out = fn(*ins[:1], **dict(zip(node.arg_names[1:], ins[1:])), **node.params())
            else:
                out = fn(*ins, **node.params())
            values[id(node)] = list(out) if isinstance(out, (list, tuple)) else [out]
        outs = [values[id(n)][k] for n, k in self._outputs]
        return outs[0] if len(outs) == 1 else outs

    def hybrid_forward(self, F, x, *args, **kwargs):
        raise NotImplementedError

    def infer_shape(self, *args):
        """Set the parameters' shapes from the input shapes (symbol shape inference)."""
        inputs = self._check_inputs(args)
        sym = _symbol.Symbol(self._outputs)
        shapes = {n: tuple(a.shape) for n, a in zip(self._input_names, inputs)}
        arg, _, aux = sym.infer_shape_partial(**shapes)
        found = dict(zip(sym.list_arguments(), arg))
        found.update(zip(sym.list_auxiliary_states(), aux))
        for name, p in self._params.items():
            s = found.get(name)
            if p._deferred_init and (not s or any(d <= 0 for d in s)):
                raise MXNetError("SymbolBlock: cannot infer the shape of parameter %s from "
                                 "input shapes %s" % (name, list(shapes.values())))
            if s and all(d > 0 for d in s):
                p.shape = tuple(s)
