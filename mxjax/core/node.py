"""Recorded operator calls: :class:`Node`, :class:`VarNode` and the one edge encoding.

While autograd records, each operator call leaves a :class:`Node`: the operator,
its attributes, the function with the attributes bound, its inputs (edges) and its
output shapes. Its outputs may be *pending*: computed when first read, or by the
same compiled program that differentiates the graph.

Edges — one encoding, used in a node's inputs and (with positions instead of
objects) in a plan's wiring (``mxjax.core.plan``)::

    (CONST, value)            a constant captured when the operator ran
    (OUT, node, index)        output ``index`` of another node
    (VAR, var_node, value)    a marked variable and its value when it was used
    (ABSENT,)                 an optional input left out

A node's state is explicit:

* ``PENDING`` — its values are not computed; ``call(*inputs)`` computes them;
* ``READY`` — its values are known;
* ``RELEASED`` — its values are neither known nor computable (no longer made by
  :meth:`Node.release`, which leaves a pending node computable; kept for thunks whose
  source is gone);
* ``FAILED`` — its operator failed when it ran, or an input was failed
  (``mxjax.core.failure``): reading an output raises the error, if no error was raised
  since; after that the outputs read as zeros.

and ``recorded`` says whether it is part of a differentiable graph. A node that is
not recorded but pending is a *thunk*: a pure function with captured inputs, run
when first read (a deferred backward pass is one). Only the methods below change a
node's state.
"""
import itertools
import weakref

__all__ = ["CONST", "OUT", "VAR", "ABSENT", "PENDING", "READY", "RELEASED", "FAILED", "Node",
           "VarNode", "NOT_IN_GRAPH", "failed"]

CONST, OUT, VAR, ABSENT = 0, 1, 2, 3
PENDING, READY, RELEASED, FAILED = "pending", "ready", "released", "failed"

NOT_IN_GRAPH = ("Cannot differentiate node because it is not in a computational graph. "
                "You need to set is_recording to true or use autograd.record() to save "
                "computational graphs for backward. If you want to differentiate the same "
                "graph twice, you need to pass retain_graph=True to backward.")

_sequence = itertools.count()


class VarNode:
    """A marked variable (``attach_grad`` / ``mark_variables``): a leaf of the graph.

    ``grad`` is the buffer backward writes into (per ``grad_req``); ``fresh`` says that
    backward wrote it; ``defer`` (set by a Trainer for its parameters) lets backward
    leave the gradient pending so that the update can run in the same program.
    """

    __slots__ = ("grad", "grad_req", "defer", "fresh", "__weakref__")
    is_var = True
    recorded = True
    state = READY

    def __init__(self, grad, grad_req):
        self.grad = grad
        self.grad_req = grad_req
        self.fresh = False
        self.defer = False


class Node:
    """One operator call: recorded in a graph, or a thunk outside any graph."""

    __slots__ = ("op", "akey", "call", "inputs", "avals", "values", "state", "recorded",
                 "handles", "seq", "failure", "readers", "__weakref__")
    is_var = False

    def __init__(self, op, akey, call, inputs, avals, recorded=True):
        self.seq = next(_sequence)  # creation order: a topological order of the graph
        self.op = op            # OpDef
        self.akey = akey        # hashable attributes
        self.call = call        # the pure function with attributes bound
        self.inputs = inputs    # edges
        self.avals = avals      # output ShapeDtypeStructs
        self.values = None      # output jax arrays once READY
        self.state = PENDING
        self.recorded = recorded
        self.handles = []       # weak references to the NDArrays showing its outputs
        self.readers = None     # a deferred backward's: weak references to the nodes
        #                         redirected to read its pending values (executor)

    def track(self, handle):
        """Remember an NDArray that shows one of this node's outputs."""
        self.handles.append(weakref.ref(handle))

    def live(self):
        """Whether some NDArray can still read this node's outputs."""
        for r in self.handles:
            if r() is not None:
                return True
        return False

    def set_values(self, values):
        """The outputs are known: READY. A thunk drops its inputs (no longer needed)."""
        self.values = tuple(values)
        self.state = READY
        if not self.recorded:
            self.inputs = ()

    def release(self):
        """Leave the graph (``retain_graph=False``): not differentiable any more. A value
        nobody computed stays computable — the node becomes a thunk over its inputs: an
        operator recorded after it but outside the backward pass (MXNet computes every
        recorded output) may still read it; nodes nobody reaches are freed as usual."""
        self.recorded = False
        if self.state != PENDING:
            self.inputs = ()
            self.call = None

    def redirect(self, source, start, pick_op, pick_call):
        """Become a thunk reading outputs ``start, start + 1, ...`` of ``source`` (a
        pending thunk that computes this node's values among its own)."""
        self.op, self.akey, self.call = pick_op, (), pick_call
        self.inputs = tuple([(OUT, source, start + j) for j in range(len(self.avals))])
        self.recorded = False
        self.state = PENDING


def failed(op, failure, avals):
    """A node whose outputs (of shapes ``avals``) are failed with ``failure``."""
    node = Node(op, (), None, (), avals, recorded=False)
    node.state = FAILED
    node.failure = failure
    return node


def thunk(op, call, args, avals):
    """A pending node outside every graph computing ``call(*args)`` when first read."""
    return Node(op, (), call, tuple([(CONST, a) for a in args]), avals, recorded=False)
