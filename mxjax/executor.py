"""``mx.executor.Executor``: a Symbol bound to arrays, run as compiled JAX programs.

``forward`` runs the graph (one ``jax.jit`` program per train/predict mode);
``backward`` runs forward and ``jax.vjp`` of it as one ``jax.jit`` program and
writes (``grad_req='write'``) or adds (``'add'``) the gradients into
``grad_arrays``. Auxiliary states (BatchNorm's moving statistics) are updated by a
training forward, as in MXNet.
"""
import numpy as np
import jax
import jax.numpy as jnp

from .base import MXNetError, shape_str
from .context import current_context
from . import random as _random
from .symbol.symbol import topo_order, _aux_nodes
from .symbol._eval import graph_function, node_records
from .symbol._infer import infer_all
from .core import cache as _program_cache
from .ndarray import ndarray as _ndarray
from .ndarray import sparse as _sparse

__all__ = ["Executor", "simple_bind"]

# compiled programs by graph structure (entries of the one program cache), and how
# often each (structure, shapes) ran
_PROGRAMS = {}
_SEEN = {}
_CACHE_SIZE = 512
_ALWAYS_JIT = False


def _nd():
    return _ndarray


def _as_list(values, names, what, allow_missing=False):
    """Arrays in ``names`` order from a list or a dict."""
    if values is None:
        return [None] * len(names)
    if isinstance(values, dict):  # names the symbol does not have are ignored (MXNet)
        out = [values.get(n) for n in names]
        if not allow_missing:
            missing = [n for n, v in zip(names, out) if v is None]
            if missing:
                raise MXNetError("bind: key %s is missing in %s" % (missing[0], what))
        return out
    values = list(values)
    if len(values) != len(names) and not allow_missing:
        raise MXNetError("bind: the length of %s (%d) does not match the number of %s "
                         "(%d: %s)" % (what, len(values), what, len(names), ", ".join(names)))
    return values + [None] * (len(names) - len(values))


class Executor:
    """A Symbol bound to argument, gradient and auxiliary arrays.

    Made by ``Symbol.bind`` / ``Symbol.simple_bind``.
    """

    def __init__(self, symbol, ctx, args, args_grad=None, grad_req="write", aux_states=None):
        self._symbol = symbol
        self._ctx = ctx if ctx is not None else current_context()
        order = topo_order(symbol._outputs)
        aux = _aux_nodes(order)
        self._arg_names = [n.name for n in order if n.is_var and id(n) not in aux]
        self._aux_names = [n.name for n in order if n.is_var and id(n) in aux]
        for names, what in ((self._arg_names, "arguments"), (self._aux_names, "aux states")):
            if len(set(names)) != len(names):
                dup = [n for n in names if names.count(n) > 1][0]
                raise MXNetError("bind: the symbol has two %s named %s" % (what, dup))
        self.arg_arrays = _as_list(args, self._arg_names, "args")
        for n, a in zip(self._arg_names, self.arg_arrays):
            if a is None:
                raise MXNetError("bind: no array given for argument %s" % n)
        self.grad_arrays = _as_list(args_grad, self._arg_names, "args_grad", allow_missing=True)
        self.aux_arrays = _as_list(aux_states, self._aux_names, "aux_states")
        if isinstance(grad_req, str):
            reqs = {n: grad_req for n in self._arg_names}
        elif isinstance(grad_req, dict):
            reqs = {n: grad_req.get(n, "null") for n in self._arg_names}
        else:
            reqs = dict(zip(self._arg_names, grad_req))
        for n, r in reqs.items():
            if r not in ("write", "add", "null", "inplace"):
                raise MXNetError("bind: grad_req must be 'write', 'add' or 'null', got %r for "
                                 "%s" % (r, n))
        self._grad_req = {n: ("null" if g is None else ("write" if reqs[n] == "inplace"
                                                          else reqs[n]))
                          for n, g in zip(self._arg_names, self.grad_arrays)}
        var_nodes, random_nodes, fn = graph_function(symbol._outputs, infer_all)
        self._random_ids = [id(n) for n in random_nodes]
        by_name = dict(zip(self._arg_names, self.arg_arrays))
        by_name.update(zip(self._aux_names, self.aux_arrays))
        self._var_names = [n.name for n in var_nodes]
        self._n_random = len(random_nodes)
        self._fn = fn
        self._inputs = [by_name[n] for n in self._var_names]
        for n, a in zip(self._var_names, self._inputs):
            if a is None:
                raise MXNetError("bind: no array given for auxiliary state %s" % n)
        self._last_train = False
        self._monitor = None
        self._monitor_all = False
        self._internals = None
        self._shares = None  # outputs of the executor this one was reshaped from
        import os
        self._cse = os.environ.get("MXNET_ELIMINATE_COMMON_EXPR", "1") != "0"
        self._check_integer_grads()
        self.outputs = self._allocate_outputs()

    def _allocate_outputs(self):
        """Output arrays of the inferred shapes (MXNet allocates them at bind)."""
        nd = _nd()
        order = topo_order(self._symbol._outputs)
        shapes = {n: tuple(a.shape) for n, a in zip(self._var_names, self._inputs)}
        types = {n: np.dtype(a.dtype) for n, a in zip(self._var_names, self._inputs)}
        try:
            shape, dt = infer_all(order, self._symbol._outputs, shapes, types)
        except MXNetError as err:
            raise MXNetError("bind: %s" % err) from None
        outs = []
        for node, k in self._symbol._outputs:
            s = shape.get((id(node), k))
            if s is None or any(d <= 0 for d in s):
                return []
            outs.append(nd.zeros(s, ctx=self._ctx,
                                 dtype=dt.get((id(node), k), np.dtype(np.float32))))
        return outs

    def _check_integer_grads(self):
        """MXNet's bind errors: a gradient requested through an operator that has none,
        or for an integer argument."""
        wants = {n for n, r in self._grad_req.items() if r != "null"}
        if not wants:
            return
        reach = grad_reachable(self._symbol._outputs)
        order = topo_order(self._symbol._outputs)
        upstream = {}
        for node in order:
            if node.is_var:
                upstream[id(node)] = {node.name} & wants
            else:
                upstream[id(node)] = set().union(*[upstream[id(c)] for c, _ in node.inputs]) \
                    if node.inputs else set()
        for node in order:
            if id(node) not in reach:
                continue
            if node.is_var:
                if node.name in wants:
                    arr = self.arg_dict[node.name]
                    if not np.issubdtype(np.dtype(arr.dtype), np.inexact):
                        raise MXNetError("bind: argument %s has integer dtype %s and no "
                                         "gradient; give it grad_req='null'"
                                         % (node.name, np.dtype(arr.dtype).name))
            elif not node.op.differentiable and node.op.name != "BlockGrad" and \
                    upstream[id(node)]:
                raise MXNetError("bind: operator %s (node %s) has no gradient, but the "
                                 "gradient of %s is requested through it; use grad_req='null' "
                                 "or BlockGrad" % (node.op.name, node.name,
                                                   ", ".join(sorted(upstream[id(node)]))))

    # ----------------------------------------------------------- dictionaries
    @property
    def arg_dict(self):
        """Argument name -> array."""
        return dict(zip(self._arg_names, self.arg_arrays))

    @property
    def grad_dict(self):
        """Argument name -> gradient array (None where ``grad_req`` is 'null')."""
        return dict(zip(self._arg_names, self.grad_arrays))

    @property
    def aux_dict(self):
        """Auxiliary-state name -> array."""
        return dict(zip(self._aux_names, self.aux_arrays))

    @property
    def output_dict(self):
        """Output name -> array (after ``forward``)."""
        return dict(zip(self._symbol.list_outputs(), self.outputs))

    # -------------------------------------------------------------- programs
    def _keys(self):
        if not self._n_random:
            return ()
        return tuple(jnp.asarray(_random.next_key()) for _ in range(self._n_random))

    def _structure(self):
        key = getattr(self, "_skey", None)
        if key is None:
            key = self._skey = (self._symbol.tojson(), tuple(self._var_names),
                                tuple(sorted(self._grad_req.items())))
        return key

    def _program(self, kind, build, values):
        """The function for ``kind`` ('fwd0', 'fwd1', 'bwd'): plain (op by op) the first
        time a graph structure runs with these shapes, one compiled program once it
        repeats; compiled programs are shared by executors of equal graphs."""
        skey = self._structure() + (kind,)
        shapes = tuple((tuple(v.shape), str(v.dtype)) for v in values)
        seen = _SEEN.get((skey, shapes), 0)
        if len(_SEEN) > _CACHE_SIZE:
            _SEEN.clear()
        _SEEN[(skey, shapes)] = seen + 1
        if seen == 0 and not _ALWAYS_JIT and kind not in ("bwd", "fwdbwd"):
            return build()  # a backward is one program even the first time: one compile
        prog = _program_cache.lookup(_PROGRAMS, skey)
        if prog is None:
            prog = _program_cache.insert(
                _PROGRAMS, skey, _program_cache.jit(_program_cache.counted(build())), "graph")
        return prog

    def _forward_program(self, train, values):
        fn = self._fn

        def build():
            def run(values, keys):
                return fn(values, keys, train)
            return run
        return self._program("fwd%d" % int(train), build, values)

    def _backward_program(self, values, with_forward=False):
        """The backward program: ``run(values, keys, cotangents) -> grads``; with
        ``with_forward``, ``-> (outputs, aux updates, grads)`` (forward and backward
        in one program, the forward computed once)."""
        fn = self._fn
        names = self._var_names
        grad_pos = [i for i, n in enumerate(names) if self._grad_req.get(n, "null") != "null"]
        self._grad_pos = grad_pos
        # an output listed twice in a Group gets the head gradient of its last position
        # only (MXNet's executor: the later head gradient replaces the earlier one)
        last = {}
        for i, (node, k) in enumerate(self._symbol._outputs):
            last[(id(node), k)] = i
        shadowed = {i for i, (node, k) in enumerate(self._symbol._outputs)
                    if last[(id(node), k)] != i}

        def build():
            def run(values, keys, cotangents):
                def f(diff):
                    vals = list(values)
                    for p, v in zip(grad_pos, diff):
                        vals[p] = v
                    return fn(vals, keys, True)  # (outputs, aux updates)
                diff = [values[p] for p in grad_pos]
                outs, pull, updates = jax.vjp(f, diff, has_aux=True)
                cts = []
                for i, (o, c) in enumerate(zip(outs, cotangents)):
                    if not jnp.issubdtype(o.dtype, jnp.inexact):
                        cts.append(np.zeros(o.shape, jax.dtypes.float0))
                    elif i in shadowed:
                        cts.append(jnp.zeros(o.shape, o.dtype))
                    elif c is None:
                        cts.append(jnp.ones(o.shape, o.dtype))
                    else:
                        cts.append(c.astype(o.dtype))
                grads = pull(tuple(cts))[0]
                return (outs, updates, grads) if with_forward else grads
            return run
        return self._program("fwdbwd" if with_forward else "bwd", build, values)

    # --------------------------------------------------------------- running
    def forward(self, is_train=False, **kwargs):
        """Run the graph; ``kwargs`` first copy new values into the named arguments.

        Returns
        -------
        list of NDArray
            :attr:`outputs`.
        """
        arg_dict = self.arg_dict
        for k, v in kwargs.items():
            if k not in arg_dict:
                raise MXNetError("forward: unknown argument %s (arguments: %s)"
                                 % (k, ", ".join(self._arg_names)))
            dst = arg_dict[k]
            src = v if hasattr(v, "shape") else np.asarray(v)
            if tuple(dst.shape) != tuple(src.shape):
                raise MXNetError("forward: shape of %s is %s, the executor was bound with %s"
                                 % (k, shape_str(src.shape), shape_str(dst.shape)))
            dst[:] = src
        values = [a._value for a in self._inputs]
        keys = self._keys()
        self._last_keys = keys
        self._last_train = bool(is_train)
        try:
            outs, updates = self._forward_program(bool(is_train), values)(values, keys)
        except MXNetError:
            raise
        return self._publish(outs, updates)

    def _publish(self, outs, updates):
        """Show a forward's results: the outputs, new aux states, the monitor."""
        nd = _nd()
        ctx = self._ctx
        self.outputs = [nd.NDArray._from_jax(o, ctx) for o in outs]
        if self._shares:
            for new, old in zip(outs, self._shares):
                if new.size <= old.size:  # MXNet's reshaped executor shares the memory
                    flat = old._value.reshape(-1).at[:new.size].set(
                        new.reshape(-1).astype(old.dtype))
                    old._assign_from(nd.NDArray._from_jax(flat.reshape(old.shape), ctx))
        if updates:
            for pos, new in updates.items():
                dst = self._inputs[pos]
                dst._assign_from(nd.NDArray._from_jax(new.astype(dst.dtype), ctx))
        if self._monitor is not None:
            self._report_to_monitor()
        return self.outputs

    def _report_to_monitor(self, cotangents=None):
        """Give the monitor callback (when active) what MXNet's monitor sees of the last
        forward: every operator's outputs (``monitor_all``: its inputs too), computed
        again with the same values and random keys; with ``cotangents`` (a backward) also
        each operator's gradients with respect to its inputs (``mxjax.symbol._eval.
        node_records``)."""
        callback = self._monitor
        active = getattr(callback, "mxjax_active", None)
        if callback is None or (active is not None and not active()):
            return
        if self._internals is None:
            var_nodes, random_nodes, _ = graph_function(self._symbol._outputs, infer_all)
            self._internals = (var_nodes, random_nodes)
        var_nodes, _ = self._internals
        by_name = dict(zip(self._var_names, self._inputs))
        values = [by_name[n.name]._value for n in var_nodes]
        keys = getattr(self, "_last_keys", None) or self._keys()
        records = node_records(self._symbol._outputs, var_nodes, values, keys,
                               self._last_train, infer_all, self._monitor_all, cotangents)
        if cotangents is not None:  # the forward's records were reported by forward()
            records = [r for r in records if "_backward_output" in r[0]]
        nd = _nd()
        for name, value in records:
            callback(name, nd.NDArray._from_jax(value, self._ctx))

    def backward(self, out_grads=None, is_train=True):
        """Gradients of the outputs (weighted by ``out_grads``; ones when omitted) with
        respect to the arguments, written or added into :attr:`grad_arrays`."""
        cts = self._cotangents(out_grads)
        values = [a._value for a in self._inputs]
        prog = self._backward_program(values)
        if not self._grad_pos:
            return
        keys = getattr(self, "_last_keys", None)
        if keys is None or len(keys) != self._n_random:
            keys = self._keys()
        self._write_grads(prog(values, keys, tuple(cts)))
        if self._monitor is not None:
            self._report_to_monitor(cts)

    def _forward_backward(self, out_grads=None):
        """``forward(is_train=True)`` then ``backward(out_grads)`` as one compiled program
        (the forward is computed once, not again inside the backward): what
        ``Module.forward_backward`` runs for every batch of ``fit``."""
        cts = self._cotangents(out_grads)
        values = [a._value for a in self._inputs]
        prog = self._backward_program(values, with_forward=True)
        if not self._grad_pos:
            self.forward(is_train=True)
            return
        keys = self._keys()
        self._last_keys = keys
        self._last_train = True
        outs, updates, grads = prog(values, keys, tuple(cts))
        self._publish(outs, updates)
        self._write_grads(grads)
        if self._monitor is not None:
            self._report_to_monitor(cts)

    def _cotangents(self, out_grads):
        nd = _nd()
        if out_grads is None:
            cts = [None] * len(self._symbol._outputs)
        else:
            if isinstance(out_grads, nd.NDArray):
                out_grads = [out_grads]
            elif isinstance(out_grads, dict):
                names = self._symbol.list_outputs()
                out_grads = [out_grads.get(n) for n in names]
            n = len(self._symbol._outputs)  # more head gradients than outputs: MXNet
            cts = [None if g is None else g._value for g in list(out_grads)[:n]]  # reads n
            cts += [None] * (n - len(cts))
        return cts

    def _write_grads(self, grads):
        nd = _nd()
        garr = dict(zip(self._arg_names, self.grad_arrays))
        for p, g in zip(self._grad_pos, grads):
            name = self._var_names[p]
            dst = garr[name]
            if g is None or getattr(g, "dtype", None) == jax.dtypes.float0:
                g = jnp.zeros(dst.shape, dst.dtype)
            if g.dtype != dst.dtype:
                g = g.astype(dst.dtype)
            if self._grad_req[name] == "add":
                g = dst._value + g
            dst._assign_from(nd.NDArray._from_jax(g, dst.context))

    # ----------------------------------------------------------------- misc
    def copy_params_from(self, arg_params, aux_params=None, allow_extra_params=False):
        """Copy values from dicts of arrays into the bound arguments / aux states."""
        arg_dict, aux_dict = self.arg_dict, self.aux_dict
        for name, array in (arg_params or {}).items():
            if name in arg_dict:
                arg_dict[name][:] = array.astype(arg_dict[name].dtype)
            elif not allow_extra_params:
                raise ValueError("Find name \"%s\" that is not in the arguments" % name)
        for name, array in (aux_params or {}).items():
            if name in aux_dict:
                aux_dict[name][:] = array.astype(aux_dict[name].dtype)
            elif not allow_extra_params:
                raise ValueError("Find name %s that is not in the auxiliary states" % name)

    def reshape(self, partial_shaping=False, allow_up_sizing=False, **kwargs):
        """A new executor for new input shapes, sharing the arrays whose shape stays."""
        arg_shapes, _, aux_shapes = self._symbol.infer_shape(**kwargs)
        if arg_shapes is None:
            raise MXNetError("reshape: insufficient shapes given: %s" % kwargs)
        nd = _nd()
        new_args, new_grads = [], []
        for name, shape, arr, grad in zip(self._arg_names, arg_shapes, self.arg_arrays,
                                          self.grad_arrays):
            if tuple(shape) == tuple(arr.shape):
                new_args.append(arr)
                new_grads.append(grad)
                continue
            if name not in kwargs and not partial_shaping:
                raise MXNetError("reshape: the shape of %s changes from %s to %s; give "
                                 "partial_shaping=True to allow it"
                                 % (name, shape_str(arr.shape), shape_str(shape)))
            if int(np.prod(shape)) > arr.size and not allow_up_sizing:
                raise MXNetError("reshape: the new shape of %s, %s, is larger than the "
                                 "original %s; give allow_up_sizing=True"
                                 % (name, shape_str(shape), shape_str(arr.shape)))
            size = int(np.prod(shape))
            if size <= arr.size:  # MXNet's smaller array is a view of the old memory
                new_args.append(nd.NDArray._from_jax(
                    arr._value.reshape(-1)[:size].reshape(shape), arr.context))
            else:
                new_args.append(nd.zeros(shape, ctx=arr.context, dtype=arr.dtype))
            new_grads.append(None if grad is None else
                             nd.zeros(shape, ctx=grad.context, dtype=grad.dtype))
        new_aux = []
        for shape, arr in zip(aux_shapes, self.aux_arrays):
            new_aux.append(arr if tuple(shape) == tuple(arr.shape)
                           else nd.zeros(shape, ctx=arr.context, dtype=arr.dtype))
        reqs = {n: r for n, r in self._grad_req.items()}
        exe = Executor(self._symbol, self._ctx, new_args, new_grads, reqs, new_aux)
        exe._shares = self.outputs
        return exe

    def set_monitor_callback(self, callback, monitor_all=False):
        """Call ``callback(name, array)`` after every forward for the output of every
        operator of the graph (``monitor_all``: its inputs too); see ``mx.monitor``."""
        self._monitor = callback
        self._monitor_all = bool(monitor_all)
        self._internals = None

    def debug_str(self):
        """A summary of the bound graph and the memory its arrays take."""
        total = 0
        reach = grad_reachable(self._symbol._outputs)
        needed = {n.name for n in topo_order(self._symbol._outputs) if id(n) in reach}
        grads = [g for n, g in zip(self._arg_names, self.grad_arrays)
                 if g is not None and n in needed]
        for a in self.arg_arrays + self.aux_arrays + grads:
            total += a.size * np.dtype(a.dtype).itemsize
        return self._symbol.debug_str() + "Total %d MB allocated\n" % (total >> 20)

    def get_optimized_symbol(self):
        """The bound symbol with common subexpressions merged (as MXNet does unless
        ``MXNET_ELIMINATE_COMMON_EXPR=0``); XLA merges them in the compiled program."""
        if not self._cse:  # as MXNET_ELIMINATE_COMMON_EXPR was at bind
            return self._symbol
        return eliminate_common_expr(self._symbol)


def grad_reachable(outputs):
    """ids of the nodes a gradient from ``outputs`` reaches (not through BlockGrad or a
    non-differentiable operator)."""
    seen, stack = set(), [n for n, _ in outputs]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if node.is_var or node.op.name == "BlockGrad" or not node.op.differentiable:
            continue
        stack.extend(c for c, _ in node.inputs)
    return seen


def eliminate_common_expr(symbol):
    """A Symbol where equal operator calls (same operator, attributes and inputs; not
    random) are one node; outputs that become the same entry get a ``_copy``."""
    from .symbol.symbol import Symbol, _Node
    from .ndarray.registry import get_op
    canon, mapping = {}, {}
    for node in topo_order(symbol._outputs):
        if node.is_var:
            mapping[id(node)] = node
            continue
        inputs = [(mapping[id(c)], k) for c, k in node.inputs]
        key = None if node.op.random else (node.op.name, tuple(sorted(node.attrs.items())),
                                            tuple((id(c), k) for c, k in inputs))
        if key is not None and key in canon:
            mapping[id(node)] = canon[key]
            continue
        new = _Node(node.op, node.name, node.attrs, inputs, node.arg_names)
        mapping[id(node)] = new
        if key is not None:
            canon[key] = new
    outs, used = [], set()
    for node, k in symbol._outputs:
        entry = (mapping[id(node)], k)
        if (id(entry[0]), k) in used:
            entry = (_Node(get_op("_copy"), node.name + "_copy", {}, [entry], ["data"]), 0)
        used.add((id(entry[0]), entry[1]))
        outs.append(entry)
    return Symbol(outs)


def simple_bind(symbol, ctx, grad_req, type_dict, stype_dict, shared_exec, shapes):
    """Infer every shape and dtype from ``shapes`` and bind freshly allocated arrays."""
    nd = _nd()
    ctx = ctx if ctx is not None else current_context()
    order = topo_order(symbol._outputs)
    stypes = _bind_stypes(order, stype_dict)
    aux = _aux_nodes(order)
    names = {n.name for n in order if n.is_var}
    for k in list(shapes) + list(type_dict or {}):
        if k not in names:
            raise MXNetError("simple_bind: %s is not an input of the symbol (inputs: %s)"
                             % (k, ", ".join(n.name for n in order if n.is_var)))
    types = {k: np.dtype(v) for k, v in (type_dict or {}).items()}
    shape, dt = infer_all(order, symbol._outputs, shapes, types)
    args, grads, auxs, reqs = {}, {}, {}, {}
    shared = shared_exec.arg_dict if shared_exec is not None else {}
    if isinstance(grad_req, str):
        req_of = lambda n: grad_req  # noqa: E731
    elif isinstance(grad_req, dict):
        req_of = lambda n: grad_req.get(n, "null")  # noqa: E731
    else:
        arg_names = [n.name for n in order if n.is_var and id(n) not in aux]
        req_map = dict(zip(arg_names, grad_req))
        req_of = lambda n: req_map.get(n, "null")  # noqa: E731
    for node in order:
        if not node.is_var:
            continue
        s = shape.get((id(node), 0))
        if s is None or any(int(d) <= 0 for d in s):
            raise MXNetError("simple_bind: cannot infer the shape of %s (got %s); give the "
                             "shapes of the inputs" % (node.name, "unknown" if s is None
                                                       else shape_str(s)))
        d = dt.get((id(node), 0), np.dtype(np.float32))
        stype = stypes.get(node.name, "default")
        if node.name in shared and tuple(shared[node.name].shape) == tuple(s):
            arr = shared[node.name]
        elif stype != "default":
            arr = _sparse.zeros(stype, s, ctx=ctx, dtype=d)
        else:
            arr = nd.zeros(s, ctx=ctx, dtype=d)
        if id(node) in aux:
            auxs[node.name] = arr
            continue
        args[node.name] = arr
        r = req_of(node.name)
        reqs[node.name] = r
        if r != "null":  # a row_sparse weight's gradient is row_sparse, as in MXNet
            grads[node.name] = (_sparse.zeros(stype, s, ctx=ctx, dtype=d)
                                if stype == "row_sparse" else nd.zeros(s, ctx=ctx, dtype=d))
    return Executor(symbol, ctx, args, grads, reqs, auxs)


def _bind_stypes(order, stype_dict):
    """The storage type of each variable: ``stype_dict``'s, else the variable's ``stype``
    attribute. Sparse variables are bound to sparse arrays; the graph computes on their
    dense values (mxjax's storage fallback), so the results are MXNet's."""
    names = {n.name for n in order if n.is_var}
    by_id = {str(i): s for i, s in _ndarray._STORAGE_TYPE_ID_TO_STR.items()}
    by_id["-1"] = "default"  # MXNet's 'undefined': no storage type given
    stypes = {}
    for n in order:
        if n.is_var:
            code = str(n.attrs.get("__storage_type__", "0"))  # MXNet's storage type id
            stypes[n.name] = by_id.get(code, code)
    for name, st in (stype_dict or {}).items():
        if name not in names:
            raise MXNetError("simple_bind: %s is not an input of the symbol (inputs: %s)"
                             % (name, ", ".join(n.name for n in order if n.is_var)))
        stypes[name] = "default" if st is None else st
    for name, st in stypes.items():
        if st not in ("default", "row_sparse", "csr"):
            raise MXNetError("simple_bind: unknown storage type %r of %s (expected "
                             "'default', 'row_sparse' or 'csr')" % (st, name))
    return stypes
