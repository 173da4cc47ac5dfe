"""The execution core of mxjax: below the NDArray handle, ignorant of NDArray, Gluon
and every particular operator.

========================  ===================================================
``mxjax.core.host``       the host's CPUs; JAX's CPU client runs programs inline
``mxjax.core.state``      per-thread recording/training state, random keys
``mxjax.core.cache``      the one program cache and the engine's counters
``mxjax.core.op``         an operator as plain data (``OpDef``), the registry
``mxjax.core.node``       ``Node`` / ``VarNode``, their states, the edge encoding
``mxjax.core.plan``       ``Plan``: a collected subgraph, its key, its replay
``mxjax.core.segments``   big plans as chains of compiled segments
``mxjax.core.executor``   the one executor: how a plan runs; thunks
========================  ===================================================

Each module imports only those above it in this table. ``docs/architecture.md``
tells the life of a recorded operator through them.
"""
from . import state, cache, op, node, plan, segments, executor  # noqa: F401
from .node import Node, VarNode, PENDING, READY, RELEASED  # noqa: F401
from .plan import Plan, collect, collect_dfs  # noqa: F401
from .executor import value, force, gradients, defer, pending_thunk, thunk_args, fulfil  # noqa: F401
