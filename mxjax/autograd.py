"""Imperative autograd, as ``mxnet.autograd``: MXNet's API over the execution core.

Recording leaves nodes in a graph (``mxjax.core``); ``backward`` and ``grad``
validate the heads, collect the plan between them and the marked variables, ask
the executor for the gradients (one pure function differentiated with
``jax.vjp``) and write the gradient buffers. Nothing here knows any particular
operator or how a plan runs.
"""
import itertools
import traceback  # noqa: F401  (MXNet's module exports it to star-imports)
from threading import Lock  # noqa: F401  (idem)

import numpy as np
import jax
import jax.numpy as jnp

from .base import MXNetError, string_types  # noqa: F401
from .context import jax_device
from .core import state as _core_state, executor, plan as _plan, cache as _cache
from .core.node import Node, NOT_IN_GRAPH, VAR
from .core.op import OpDef, get_op, attrs_key
from .ndarray.handle import NDArray, GradReqError
from .ndarray.registry import invoke
from .ndarray.creation import array  # noqa: F401  (MXNet's module exports it)

__all__ = ["record", "pause", "train_mode", "predict_mode", "set_recording", "set_training",
           "is_recording", "is_training", "mark_variables", "backward", "grad", "Function",
           "get_symbol", "TrainingStateScope",
           # what ``from mxnet.autograd import *`` also gives in MXNet (names it imports)
           "NDArray", "Symbol", "array", "string_types", "traceback", "Lock"]


def __getattr__(name):
    # Symbol is a front end above autograd: its name resolves on first use
    if name == "Symbol":
        from .symbol.symbol import Symbol
        return Symbol
    raise AttributeError("module %r has no attribute %r" % (__name__, name))


set_recording = _core_state.set_recording
set_training = _core_state.set_training
is_recording = _core_state.is_recording
is_training = _core_state.is_training
_RecordingStateScope = _core_state.Scope


def TrainingStateScope(enter_state):  # pylint: disable=invalid-name
    """Scope that sets the training state (the older ``TrainingStateScope``)."""
    return _RecordingStateScope(None, enter_state)


def record(train_mode=True):  # pylint: disable=redefined-outer-name
    """Scope in which operators are recorded for differentiation.

    Parameters
    ----------
    train_mode : bool, default True
        Whether to also be in training mode (``is_training()``) inside the scope.
    """
    return _RecordingStateScope(True, train_mode)


def pause(train_mode=False):  # pylint: disable=redefined-outer-name
    """Scope in which nothing is recorded (e.g. metric updates inside ``record``)."""
    return _RecordingStateScope(False, train_mode)


def train_mode():
    """Scope in training mode (does not change recording)."""
    return _RecordingStateScope(None, True)


def predict_mode():
    """Scope in prediction mode (does not change recording)."""
    return _RecordingStateScope(None, False)


_GRAD_REQS = ("write", "add", "null")


def _check_grad_req(req):
    if req not in _GRAD_REQS:
        raise MXNetError("Invalid grad_req %r: expected one of 'write', 'add', 'null'" % (req,))
    return req


def mark_variables(variables, gradients, grad_reqs="write"):
    """Mark NDArrays as variables whose gradients are written into ``gradients``.

    Parameters
    ----------
    variables : NDArray or list of NDArray
    gradients : NDArray or list of NDArray
        Buffers, one per variable, that ``backward`` writes into.
    grad_reqs : str or list of str, default 'write'
        'write', 'add' (accumulate) or 'null'.
    """
    if isinstance(variables, NDArray):
        variables, gradients = [variables], [gradients]
    if isinstance(grad_reqs, str):
        grad_reqs = [grad_reqs] * len(variables)
    if not len(variables) == len(gradients) == len(grad_reqs):
        raise MXNetError("mark_variables: got %d variables, %d gradients and %d grad_reqs"
                         % (len(variables), len(gradients), len(grad_reqs)))
    for var, g, req in zip(variables, gradients, grad_reqs):
        if req not in _GRAD_REQS:  # MXNet raises KeyError here
            raise GradReqError("mark_variables: invalid grad_req %r: expected one of "
                               "'write', 'add', 'null'" % (req,))
        if tuple(g.shape) != tuple(var.shape):
            raise MXNetError("mark_variables: gradient buffer of shape %s for a variable of "
                             "shape %s" % (g.shape, var.shape))
    for var, g, req in zip(variables, gradients, grad_reqs):
        var._mark(g, req)


def _as_list(x):
    if x is None:
        return None
    if isinstance(x, NDArray):
        return [x]
    return list(x)


# structure key -> (OpDef, attributes) of a gradient computation recorded with create_graph
_grad_ops = {}


_DIFFERENTIATED = {}


class HeadCountError(MXNetError, AssertionError):
    """Heads and head gradients differ in number (MXNet asserts)."""


def _differentiated(dtype):
    """Whether a variable of ``dtype`` is differentiated: floating and integer types (MXNet
    computes integer gradients in the integer type), not booleans."""
    r = _DIFFERENTIATED.get(dtype)
    if r is None:
        r = _DIFFERENTIATED[dtype] = bool(jnp.issubdtype(dtype, jnp.inexact)
                                   or jnp.issubdtype(dtype, jnp.integer))
    return r


class _Prepared:
    """A differentiation asked for: the validated heads, their plan and its VJP program
    (``plan.vjp_program``)."""
    __slots__ = ("heads", "head_grads", "given", "g", "head_refs", "wrt", "targets",
                 "key", "build", "others", "aux_refs")

    def __init__(self, heads, head_grads, given, g, head_refs, wrt, targets, key, build,
                 others, aux_refs):
        self.heads, self.head_grads, self.given, self.g = heads, head_grads, given, g
        self.head_refs, self.wrt, self.targets, self.key = head_refs, wrt, targets, key
        self.build, self.others, self.aux_refs = build, others, aux_refs


def _compute(heads, head_grads, variables, retain_graph, create_graph):
    """Differentiate ``heads``; returns the gradients of ``variables`` (or of every
    marked variable in the graph when ``variables`` is None, writing them into the
    variables' grad buffers)."""
    return _finish(_prepare(heads, head_grads, variables), retain_graph, create_graph)


def _prepare(heads, head_grads, variables):
    """Validate the heads and collect their plan and VJP program."""
    heads = _as_list(heads)
    n_heads = len(heads)
    if head_grads is None:
        head_grads = [None] * n_heads
        given = (False,) * n_heads
    else:
        head_grads = _as_list(head_grads)
        if len(head_grads) != n_heads:
            raise HeadCountError("backward: %d heads but %d head gradients"
                                 % (n_heads, len(head_grads)))
        given = tuple([hg is not None for hg in head_grads])
    head_nodes = []
    for k in range(n_heads):
        h = heads[k]
        node = h._node
        if node is not None and node.is_var:
            h = heads[k] = _identity_if_variable(h)
            node = h._node
        if node is None or not node.recorded:
            raise MXNetError(NOT_IN_GRAPH)
        hg = head_grads[k]
        if hg is not None and hg.shape != h.shape:
            raise MXNetError("backward: head gradient of shape %s for a head of shape %s"
                             % (hg.shape, h.shape))
        head_nodes.append(node)
    if n_heads > 1:
        # the same output given twice as a head: MXNet keeps the last head gradient
        last = {}
        for k, h in enumerate(heads):
            last[(head_nodes[k], h._index)] = k
        if len(last) < n_heads:
            keep = sorted(last.values())
            heads = [heads[k] for k in keep]
            head_grads = [head_grads[k] for k in keep]
            head_nodes = [head_nodes[k] for k in keep]
            given = tuple([given[k] for k in keep])
    g = _plan.collect(head_nodes)
    pos = g.pos
    head_refs = tuple([(pos[h._node], h._index) for h in heads])
    var_nodes = g.var_nodes
    if variables is None:
        wrt = []
        for i, vn in enumerate(var_nodes):
            if vn.grad_req != "null":
                dtype = g.var_sig[i][1]
                inexact = _DIFFERENTIATED.get(dtype)
                if inexact is None:
                    inexact = _differentiated(dtype)
                if inexact:
                    wrt.append(i)
        targets = None
    else:
        var_index = {vn: i for i, vn in enumerate(var_nodes)}
        wrt, targets = [], []
        for k, v in enumerate(variables):
            vn = v._node
            if vn is None or not vn.is_var:
                raise MXNetError("grad: every variable must be marked with attach_grad() "
                                 "or mark_variables() first")
            i = var_index.get(vn)
            if i is None:
                raise MXNetError("Cannot differentiate with respect to the %d-th variable "
                                 "because it is unreachable from the outputs." % k)
            targets.append(i)
            if i not in wrt:
                wrt.append(i)
    key, build, others, aux_refs = _plan.vjp_program(g, head_refs, wrt, given)
    return _Prepared(heads, head_grads, given, g, head_refs, wrt, targets, key, build,
                     others, aux_refs)


def _finish(p, retain_graph, create_graph):
    """Run a prepared differentiation: record it (``create_graph``), or compute the
    gradients and write them into the buffers (``backward``) or return them."""
    heads, head_grads, given, g = p.heads, p.head_grads, p.given, p.g
    wrt, targets, key, build, others = p.wrt, p.targets, p.key, p.build, p.others
    aux_refs, head_refs, var_nodes = p.aux_refs, p.head_refs, g.var_nodes
    if create_graph:
        grads = _record_grad_node(g, key, build, wrt, others, head_grads, heads)
        if not retain_graph:
            g.release()
        by_var = dict(zip(wrt, grads))
        return [by_var[i] for i in targets]
    may_defer = targets is None and not retain_graph and _can_defer(g, wrt)
    grads = executor.gradients(g, key, build, wrt, others, aux_refs, head_refs,
                               [None if hg is None else hg._value for hg in head_grads],
                               given, may_defer)
    if targets is None:  # backward(): write into the grad buffers
        if isinstance(grads, Node):  # left pending: the buffers show the thunk's outputs
            for j, i in enumerate(wrt):
                var_nodes[i].fresh = True
                var_nodes[i].grad._show_pending(grads, j)
            return None
        _write_grads(g, wrt, grads, retain_graph)
        return None
    if not retain_graph:
        g.release()
    ctx = heads[0]._ctx
    cls = heads[0]._result_class or NDArray  # mx.np heads give mx.np gradients
    by_var = dict(zip(wrt, grads))
    return [cls._from_jax(by_var[i], ctx) for i in targets]


def _can_defer(g, wrt):
    """Whether ``backward`` may leave its gradients pending: every variable is a
    parameter of a Trainer (``VarNode.defer``) whose gradient is written (not added)
    into a buffer of the variable's own shape and dtype."""
    var_nodes, var_sig = g.var_nodes, g.var_sig
    for i in wrt:
        vn = var_nodes[i]
        grad = vn.grad
        if not vn.defer or vn.grad_req != "write" or grad is None \
                or not isinstance(grad, NDArray):
            return False
        shape, dtype = var_sig[i]
        d = grad._data
        aval = grad._node.avals[grad._index] if d is None else getattr(d, "aval", None)
        if aval is None:
            if grad.shape != shape or grad.dtype != dtype:
                return False
        elif aval.shape != shape or aval.dtype != dtype:
            return False
    return True


def _identity_if_variable(h):
    """A variable used directly as a head: differentiate an identity node on it."""
    node = h._node
    if node is None or not node.is_var:
        return h
    op = get_op("_copy")
    n = Node(op, attrs_key({}), op.call((), {}), ((VAR, node, h._value),),
             (jax.ShapeDtypeStruct(h.shape, h.dtype),))
    n.set_values((h._value,))
    out = NDArray._from_jax(h._value, h._ctx)
    out._node = n
    return out


_grad_ops = {}  # structure key -> program-cache entry of (operator, attributes)
_grad_op_ids = itertools.count()


def _record_grad_node(g, key, build, wrt, others, head_grads, heads):
    """Record the gradient computation itself as a node (``create_graph=True``)."""
    entry = _cache.lookup(_grad_ops, key)
    nd_, no, nc = len(wrt), len(others), len(g.consts)
    if entry is None:
        run = build()
        given = [hg is not None for hg in head_grads]

        def fn(*args, _structure=None):
            dv = list(args[:nd_])
            ov = list(args[nd_:nd_ + no])
            cv = list(args[nd_ + no:nd_ + no + nc])
            rest = list(args[nd_ + no + nc:])
            hgs = [rest.pop(0) if gv else None for gv in given]
            return tuple(run(dv, ov, cv, hgs)[0])
        # the structure is named by a small integer: hashing the key itself (a
        # nested tuple) at every lookup of the node's attributes costs microseconds
        entry = _cache.insert(_grad_ops, key, (OpDef("_backward_graph", fn),
                                               {"_structure": next(_grad_op_ids)}), "graph")
    op, attrs = entry
    ctx = heads[0]._ctx
    var_nodes, var_values = g.var_nodes, g.var_values
    inputs = [_var_handle(var_nodes[i], var_values[i], ctx) for i in wrt]
    if no:
        inputs.extend([_var_handle(var_nodes[i], var_values[i], ctx) for i in others])
    if nc:
        inputs.extend([NDArray._from_jax(c, ctx) for c in g.consts])
    inputs.extend([hg for hg in head_grads if hg is not None])
    prev = set_recording(True)
    try:
        res = invoke(op, inputs, dict(attrs))
    finally:
        set_recording(prev)
    return res if isinstance(res, list) else [res]


def _var_handle(var_node, value, ctx):
    """An NDArray handle standing for a marked variable with the given value."""
    h = NDArray._from_jax(value, ctx)
    h._node = var_node
    return h


def backward(heads, head_grads=None, retain_graph=False, train_mode=True):  # pylint: disable=redefined-outer-name
    """Compute the gradients of ``heads`` with respect to the marked variables.

    Parameters
    ----------
    heads : NDArray or list of NDArray
    head_grads : NDArray or list of NDArray or None
        Gradients of the heads; ``None`` means ones.
    retain_graph : bool, default False
        Keep the graph to differentiate it again.
    train_mode : bool, default True
        Accepted for compatibility; the training state of each operator is the
        one it was recorded with.
    """
    groups = _by_device(heads, head_grads)
    if groups is None:
        _compute(heads, head_grads, None, retain_graph, False)
        return
    preps = [_prepare(hs, hgs, None) for hs, hgs in groups]
    if not retain_graph and _backward_on_devices(preps):
        return
    for p in preps:
        _finish(p, retain_graph, False)


def _write_grads(g, wrt, grads, retain_graph):
    """Write (or add) the gradients of variables ``wrt`` into their buffers."""
    var_nodes = g.var_nodes
    for i, gr in zip(wrt, grads):
        vn = var_nodes[i]
        vn.grad._accumulate(gr, vn.grad_req)
        vn.fresh = True
    if not retain_graph:
        g.release()


def _backward_on_devices(preps):
    """One recorded structure per device (data-parallel training: the same network on
    each device's slice of the batch): differentiate them all as one SPMD program over
    the devices' mesh. False when the structures differ or the program is not
    compiled yet (each device is then differentiated on its own)."""
    p0 = preps[0]
    for p in preps[1:]:
        if p.key != p0.key or p.wrt != p0.wrt:
            return False
    devices = tuple([jax_device(p.heads[0]._ctx) for p in preps])
    may_defer = all(_can_defer(p.g, p.wrt) for p in preps)
    var_nodes = [p.g.var_nodes for p in preps]
    per_device = executor.gradients_on_devices(
        [p.g for p in preps], devices, p0.key, p0.build, p0.wrt, p0.others, p0.aux_refs,
        [[None if hg is None else hg._value for hg in p.head_grads] for p in preps], p0.given,
        may_defer)
    if per_device is None:
        return False
    for p, nodes, grads in zip(preps, var_nodes, per_device):
        if isinstance(grads, Node):  # left pending: the buffers show this device's thunk
            for j, i in enumerate(p.wrt):
                nodes[i].fresh = True
                nodes[i].grad._show_pending(grads, j)
        else:
            _write_grads(p.g, p.wrt, grads, False)
    return True


def _by_device(heads, head_grads):
    """Heads on several devices (one forward per device in data-parallel training) as
    ``[(heads, head_grads)]`` per device, each differentiated as its own program; None
    when all heads are on one device."""
    if not isinstance(heads, (list, tuple)) or len(heads) < 2:
        return None
    first = heads[0]._ctx
    if all(h._ctx == first for h in heads):
        return None

    groups = {}
    hgs = _as_list(head_grads) if head_grads is not None else [None] * len(heads)
    if len(hgs) != len(heads):
        raise HeadCountError("backward: %d heads but %d head gradients"
                             % (len(heads), len(hgs)))
    for h, hg in zip(heads, hgs):
        groups.setdefault(jax_device(h._ctx), ([], []))
        groups[jax_device(h._ctx)][0].append(h)
        groups[jax_device(h._ctx)][1].append(hg)
    if len(groups) == 1:
        return None
    return [(hs, None if head_grads is None else gs) for hs, gs in groups.values()]


def grad(heads, variables, head_grads=None, retain_graph=None, create_graph=False,
         train_mode=True):  # pylint: disable=redefined-outer-name
    """Return the gradients of ``heads`` with respect to ``variables``.

    Parameters
    ----------
    heads : NDArray or list of NDArray
    variables : NDArray or list of NDArray
        Marked variables (``attach_grad``).
    head_grads : NDArray or list of NDArray or None
    retain_graph : bool, default ``create_graph``
    create_graph : bool, default False
        Record the gradient computation so it can be differentiated again.
    train_mode : bool, default True

    Returns
    -------
    list of NDArray
        One gradient per variable (a list even for a single NDArray, as MXNet 1.9.1).
    """
    variables = _as_list(variables)
    if not variables:
        raise MXNetError("grad: variables cannot be an empty list.")
    if retain_graph is None:
        retain_graph = create_graph
    return _compute(heads, head_grads, variables, retain_graph, create_graph)


# ---------------------------------------------------------------------------
# custom Function


class Function:
    """Customise differentiation: subclass and define ``forward`` and ``backward``.

    ``forward`` and ``backward`` take and return NDArrays, may use any NDArray
    operation (including ``asnumpy()``), and are not recorded. Inside a
    recorded graph the function is replayed through ``jax.pure_callback``.

    Examples
    --------
    >>> class sigmoid(Function):
    ...     def forward(self, x):
    ...         y = 1 / (1 + mx.nd.exp(-x))
    ...         self.save_for_backward(y)
    ...         return y
    ...     def backward(self, dy):
    ...         y, = self.saved_tensors
    ...         return dy * y * (1 - y)
    """

    def __init__(self):
        self._used = False
        self.saved_tensors = ()

    def save_for_backward(self, *args):
        """Keep arrays for ``backward`` (read back as ``self.saved_tensors``)."""
        self.saved_tensors = args

    def forward(self, *inputs):
        """The forward computation, on NDArrays."""
        raise NotImplementedError

    def backward(self, *output_grads):
        """The gradients of the inputs given those of the outputs."""
        raise NotImplementedError

    def __call__(self, *inputs):
        with pause():
            outputs = self.forward(*inputs)
        multi = isinstance(outputs, (list, tuple))
        outs = list(outputs) if multi else [outputs]
        if not is_recording() or not any(
                x._node is not None and x._node.recorded for x in inputs):
            return outputs
        func = self
        in_avals = [jax.ShapeDtypeStruct(x.shape, x.dtype) for x in inputs]
        out_avals = [jax.ShapeDtypeStruct(y.shape, y.dtype) for y in outs]
        ctx = inputs[0]._ctx

        def host_forward(*arrays):
            with pause():
                res = func.forward(*[NDArray._from_jax(jnp.asarray(a), ctx) for a in arrays])
            res = res if isinstance(res, (list, tuple)) else [res]
            return tuple(np.asarray(r.asnumpy(), dtype=a.dtype) for r, a in zip(res, out_avals))

        def host_backward(*arrays):
            with pause():
                res = func.backward(*[NDArray._from_jax(jnp.asarray(a), ctx) for a in arrays])
            res = res if isinstance(res, (list, tuple)) else [res]
            if len(res) != len(in_avals):
                raise MXNetError("Function.backward returned %d gradients for %d inputs"
                                 % (len(res), len(in_avals)))
            return tuple(np.asarray(r.asnumpy(), dtype=a.dtype) for r, a in zip(res, in_avals))

        @jax.custom_vjp
        def fn(*xs):
            return jax.pure_callback(host_forward, tuple(out_avals), *xs)

        def fwd(*xs):
            return fn(*xs), None

        def bwd(_, cts):
            return jax.pure_callback(host_backward, tuple(in_avals), *cts)

        fn.defvjp(fwd, bwd)
        op = OpDef("_CustomFunction", lambda *xs, _id=None: fn(*xs))
        res = invoke(op, list(inputs), {"_id": id(self)})
        res = res if isinstance(res, list) else [res]
        for r, y in zip(res, outs):  # the values are known: no need to call back again
            r._node.set_values(o._value for o in outs)
        return res if multi else res[0]


# ---------------------------------------------------------------------------
# get_symbol


def get_symbol(x):
    """A Symbol describing the recorded graph that computes ``x``.

    Returns
    -------
    Symbol
        With ``tojson()``, ``list_arguments()`` and ``list_outputs()``.
    """
    from .symbol.symbol import from_recorded
    node = x._node
    if node is None or not node.recorded or node.is_var:
        raise MXNetError(NOT_IN_GRAPH)
    return from_recorded([x])
