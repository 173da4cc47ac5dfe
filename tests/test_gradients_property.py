"""Property test: mxjax's backward/grad equals jax.vjp of the same computation.

Random programs (shapes with broadcasting, reuse of intermediates, several heads
with head gradients, grad_req write/add, Python control flow on values, second
order) are interpreted twice: with mxjax NDArrays under autograd, and with
jax.numpy under jax.vjp. ``MXJAX_DEEP=1`` runs thousands of examples.
"""
import os

import numpy as np
import jax
import jax.numpy as jnp
from hypothesis import given, settings, strategies as st, HealthCheck

from mxjax import nd, autograd

DEEP = os.environ.get("MXJAX_DEEP") == "1"
EXAMPLES = 2000 if DEEP else 120

UNARY = {
    "tanh": (nd.tanh, jnp.tanh), "sin": (nd.sin, jnp.sin), "cos": (nd.cos, jnp.cos),
    "sigmoid": (nd.sigmoid, jax.nn.sigmoid), "square": (nd.square, jnp.square),
    "exp_small": (lambda a: nd.exp(a * 0.1), lambda a: jnp.exp(a * 0.1)),
    "softsign": (nd.softsign, lambda a: a / (1 + jnp.abs(a))),
    "neg": (lambda a: -a, lambda a: -a),
}
BINARY = {
    "add": (lambda a, b: a + b, jnp.add), "sub": (lambda a, b: a - b, jnp.subtract),
    "mul": (lambda a, b: a * b, jnp.multiply),
    "max": (nd.broadcast_maximum, lambda a, b: jnp.where(a >= b, a, b)),
}
SCALAR = {
    "add_s": (lambda a, s: a + s, lambda a, s: a + s),
    "rsub_s": (lambda a, s: s - a, lambda a, s: s - a),
    "mul_s": (lambda a, s: a * s, lambda a, s: a * s),
    "div_s": (lambda a, s: a / s, lambda a, s: a / s),
}


def _reduce_nd(a, axis):
    return nd.sum(a, axis=axis, keepdims=True)


def _reduce_jnp(a, axis):
    return jnp.sum(a, axis=axis, keepdims=True)


@st.composite
def programs(draw):
    n_vars = draw(st.integers(1, 3))
    base = draw(st.sampled_from([(3,), (2, 3), (2, 1, 3)]))
    var_shapes = []
    for _ in range(n_vars):
        # broadcastable variants of the base shape
        shape = tuple(d if draw(st.booleans()) else 1 for d in base)
        var_shapes.append(shape)
    n_ops = draw(st.integers(1, 8))
    ops = []
    n_vals = n_vars
    for _ in range(n_ops):
        kind = draw(st.sampled_from(["u", "u", "b", "b", "s", "r", "cf"]))
        if kind == "u":
            ops.append(("u", draw(st.sampled_from(sorted(UNARY))), draw(st.integers(0, n_vals - 1))))
        elif kind == "b":
            ops.append(("b", draw(st.sampled_from(sorted(BINARY))),
                        draw(st.integers(0, n_vals - 1)), draw(st.integers(0, n_vals - 1))))
        elif kind == "s":
            ops.append(("s", draw(st.sampled_from(sorted(SCALAR))), draw(st.integers(0, n_vals - 1)),
                        draw(st.sampled_from([0.5, 2.0, -1.5]))))
        elif kind == "r":
            ops.append(("r", draw(st.integers(0, n_vals - 1)), draw(st.integers(0, 2))))
        else:
            ops.append(("cf", draw(st.integers(0, n_vals - 1))))
        n_vals += 1
    n_heads = draw(st.integers(1, 2))
    heads = [draw(st.integers(n_vars, n_vals - 1)) for _ in range(n_heads)]
    seed = draw(st.integers(0, 2 ** 16))
    grad_req = draw(st.sampled_from(["write", "add"]))
    return var_shapes, ops, heads, seed, grad_req


def run(ops, values, mode, decisions=None):
    """Interpret ``ops``; mode 'nd' uses mxjax, 'jnp' uses jax.numpy.

    Branches are decided on concrete values and appended to ``decisions``; under a
    JAX trace pass the decisions of a concrete run instead (``replay``).
    """
    replay = decisions is not None and getattr(decisions, "replay", False)
    taken = iter(list(decisions)) if replay else None
    vals = list(values)
    k = 0 if mode == "nd" else 1
    for op in ops:
        if op[0] == "u":
            vals.append(UNARY[op[1]][k](vals[op[2]]))
        elif op[0] == "b":
            vals.append(BINARY[op[1]][k](vals[op[2]], vals[op[3]]))
        elif op[0] == "s":
            vals.append(SCALAR[op[1]][k](vals[op[2]], op[3]))
        elif op[0] == "r":
            a = vals[op[1]]
            axis = op[2] % a.ndim
            vals.append(_reduce_nd(a, axis) if mode == "nd" else _reduce_jnp(a, axis))
        else:  # control flow on a value: the path taken depends on the data
            a = vals[op[1]]
            if replay:
                positive = next(taken)
            else:
                total = float(a.sum().asscalar()) if mode == "nd" else float(jnp.sum(a))
                positive = total > 0
                if decisions is not None:
                    decisions.append(positive)
            vals.append(a * 2 if positive else a * a)
    return vals


class Replay(list):
    """Branch decisions to replay under a JAX trace."""
    replay = True


def _head_grads(rng, vals, heads, mode):
    out = []
    for h in heads:
        hg = rng.standard_normal(np.shape(vals[h]) if mode == "jnp" else vals[h].shape)
        out.append(hg.astype(np.float32))
    return out


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(programs())
def test_backward_matches_jax_vjp(prog):
    _check_backward(prog)


@settings(max_examples=EXAMPLES // 2, deadline=None, suppress_health_check=list(HealthCheck))
@given(programs())
def test_segmented_backward_matches_jax_vjp(prog):
    # every graph over 2 nodes runs as compiled segments of 2 nodes (mxjax.core.segments)
    from mxjax import engine
    saved = (engine.set_compile_after(1), engine.set_max_compile_nodes(2),
             engine.set_segment_nodes(2))
    before = engine.stats()
    try:
        _check_backward(prog)
        after = engine.stats()
        assert after["uncompiled_runs"] == before["uncompiled_runs"]  # never op by op
    finally:
        engine.set_compile_after(saved[0])
        engine.set_max_compile_nodes(saved[1])
        engine.set_segment_nodes(saved[2])


def _check_backward(prog):
    var_shapes, ops, heads, seed, grad_req = prog
    rng = np.random.default_rng(seed)
    inputs = [rng.uniform(-1.5, 1.5, s).astype(np.float32) for s in var_shapes]
    # control flow decisions are made on concrete values: record them with numpy first
    decisions = []
    ref_vals = run(ops, [jnp.asarray(v) for v in inputs], "jnp", decisions)
    head_grads = [rng.standard_normal(np.shape(ref_vals[h])).astype(np.float32) for h in heads]

    # the same output given twice as a head: MXNet keeps the last head gradient
    last = sorted({h: k for k, h in enumerate(heads)}.values())

    def f(*xs):
        vals = run(ops, xs, "jnp", Replay(decisions))
        return [vals[heads[k]] for k in last]

    _, vjp = jax.vjp(f, *[jnp.asarray(v) for v in inputs])
    expected = vjp([jnp.asarray(head_grads[k]) for k in last])

    xs = [nd.array(v) for v in inputs]
    for x in xs:
        x.attach_grad(grad_req=grad_req)
    repeats = 2 if grad_req == "add" else 1
    for _ in range(repeats):
        with autograd.record():
            vals = run(ops, xs, "nd")
        autograd.backward([vals[h] for h in heads], [nd.array(g) for g in head_grads])
    for x, e in zip(xs, expected):
        np.testing.assert_allclose(x.grad.asnumpy(), repeats * np.asarray(e), rtol=2e-4,
                                   atol=2e-5)
    for h in heads:  # forward values computed by the deferred engine
        np.testing.assert_allclose(vals[h].asnumpy(), np.asarray(ref_vals[h]), rtol=1e-5,
                                   atol=1e-6)


@settings(max_examples=EXAMPLES // 3, deadline=None, suppress_health_check=list(HealthCheck))
@given(programs())
def test_second_order_matches_jax(prog):
    var_shapes, ops, heads, seed, _ = prog
    rng = np.random.default_rng(seed)
    inputs = [rng.uniform(-1.5, 1.5, s).astype(np.float32) for s in var_shapes]
    h = heads[0]
    used = sorted(_reachable_vars(ops, len(var_shapes), h))
    decisions = []
    run(ops, [jnp.asarray(v) for v in inputs], "jnp", decisions)

    def loss(*xs):
        return jnp.sum(run(ops, xs, "jnp", Replay(decisions))[h])

    def grad_norm(*xs):
        gs = jax.grad(loss, argnums=tuple(used))(*xs)
        return sum(jnp.sum(g * g) for g in gs)

    expected = jax.grad(grad_norm, argnums=tuple(used))(*[jnp.asarray(v) for v in inputs])
    xs = [nd.array(v) for v in inputs]
    wrt = [xs[i] for i in used]
    for x in wrt:
        x.attach_grad()
    with autograd.record():
        y = run(ops, xs, "nd")[h].sum()
        gs = autograd.grad(y, wrt, create_graph=True)
        total = None
        for g in gs:
            term = (g * g).sum()
            total = term if total is None else total + term
    total.backward()
    for x, e in zip(wrt, expected):
        np.testing.assert_allclose(x.grad.asnumpy(), np.asarray(e), rtol=5e-4, atol=5e-5)


def _operands(op):
    if op[0] == "u":
        return [op[2]]
    if op[0] == "b":
        return [op[2], op[3]]
    if op[0] == "s":
        return [op[2]]
    return [op[1]]


def _reachable_vars(ops, n_vars, head):
    """The variables that value ``head`` depends on."""
    deps = [{i} for i in range(n_vars)]
    for op in ops:
        d = set()
        for j in _operands(op):
            d |= deps[j]
        deps.append(d)
    return deps[head]


def test_numeric_gradient_sample():
    """A fixed program also checked against central differences in float64."""
    ops = [("u", "tanh", 0), ("b", "mul", 1, 0), ("s", "mul_s", 2, 2.0), ("r", 3, 0)]
    x0 = np.array([[0.3, -0.2, 0.8]], dtype=np.float64)
    x = nd.array(x0, dtype="float64")
    x.attach_grad()
    with autograd.record():
        y = run(ops, [x], "nd")[-1]
    y.backward()
    eps = 1e-6
    num = np.zeros_like(x0)
    for i in range(x0.size):
        d = np.zeros_like(x0)
        d.flat[i] = eps
        hi = run(ops, [nd.array(x0 + d, dtype="float64")], "nd")[-1].asnumpy().sum()
        lo = run(ops, [nd.array(x0 - d, dtype="float64")], "nd")[-1].asnumpy().sum()
        num.flat[i] = (hi - lo) / (2 * eps)
    np.testing.assert_allclose(x.grad.asnumpy(), num, rtol=1e-6, atol=1e-8)
