"""Symbolic control-flow graphs (``mx.sym.contrib.foreach/while_loop/cond``) built with
any ``mx`` module: real MXNet 1.9.1 in tools/golden/sym_control_flow.py, mxjax in
tests/symbol/test_control_flow.py. Each case gives its Symbol, the values of its
arguments and the head gradients (drawn from a seeded NumPy generator)."""
import numpy as np


def _draw(seed, shapes):
    rng = np.random.RandomState(seed)
    return {k: rng.uniform(-1, 1, s).astype(np.float32) for k, s in shapes.items()}


def foreach_acc(mx):
    x, s, w = mx.sym.var("x"), mx.sym.var("s"), mx.sym.var("w")
    outs, states = mx.sym.contrib.foreach(
        lambda d, st: (d * w + st[0], [st[0] + d]), x, [s])
    return mx.sym.Group([outs * 2, states[0]]), {"x": (4, 3), "s": (3,), "w": (3,)}


def foreach_rnn(mx):
    """An RNN step whose weights only ``infer_shape`` can size (from ``x`` and ``h``)."""
    x, h = mx.sym.var("x"), mx.sym.var("h")

    def step(d, st):
        nxt = mx.sym.tanh(mx.sym.FullyConnected(d, num_hidden=6, name="i2h")
                          + mx.sym.FullyConnected(st[0], num_hidden=6, name="h2h"))
        return nxt, [nxt]
    outs, states = mx.sym.contrib.foreach(step, x, [h])
    return mx.sym.Group([outs, states[0]]), {"x": (5, 2, 4), "h": (2, 6)}


def foreach_nested_lists(mx):
    a, b, s1, s2 = (mx.sym.var(n) for n in ("a", "b", "s1", "s2"))

    def step(data, st):
        (p, q), ([t1], t2) = data, st
        return [p * t1, q + t2], [[t1 + p], t2 * q]
    outs, states = mx.sym.contrib.foreach(step, [a, b], [[s1], s2])
    return (mx.sym.Group([outs[0], outs[1], states[0][0], states[1]]),
            {"a": (3, 2), "b": (3, 2), "s1": (2,), "s2": (2,)})


def while_acc(mx):
    """Three of five steps run; the stacked outputs' first three rows are compared (MXNet
    leaves the other rows uninitialised)."""
    i, acc, w = mx.sym.var("i"), mx.sym.var("acc"), mx.sym.var("w")
    outs, (i2, acc2) = mx.sym.contrib.while_loop(
        lambda i, acc: i < 3, lambda i, acc: (acc * w, (i + 1, acc + w)), [i, acc],
        max_iterations=5)
    return mx.sym.Group([outs, i2, acc2]), {"i": (1,), "acc": (2,), "w": (2,)}


def cond_branch(mx, limit):
    x, w = mx.sym.var("x"), mx.sym.var("w")
    out = mx.sym.contrib.cond(mx.sym.sum(x) < limit, lambda: x * w, lambda: x + w * 3)
    return out, {"x": (3,), "w": (3,)}


CASES = {
    "foreach_acc": foreach_acc,
    "foreach_rnn": foreach_rnn,
    "foreach_nested_lists": foreach_nested_lists,
    "while_acc": while_acc,
    "cond_then": lambda mx: cond_branch(mx, 10.0),
    "cond_else": lambda mx: cond_branch(mx, -10.0),
}
ROWS = {"while_acc": {0: 3}}   # output -> rows that MXNet defines


def run(mx, name, seed=0, sym=None):
    """Bind case ``name`` (weights sized by ``infer_shape`` where MXNet infers them: not
    through while_loop and cond), run forward and backward with seeded values and head
    gradients; returns ``{field: numpy array}`` (``json``: the graph's symbol JSON).
    ``sym`` replaces the case's graph (the same graph loaded from JSON)."""
    import warnings
    built, shapes = CASES[name](mx)
    sym = built if sym is None else sym
    names = sym.list_arguments()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        arg_shapes = sym.infer_shape(**shapes)[0]
    fields = {"inferred": np.array(arg_shapes is not None), "json": np.array(sym.tojson())}
    if arg_shapes is None:
        arg_shapes = [shapes[k] for k in names]
    else:
        for k, sh in zip(names, arg_shapes):
            fields["shape:" + k] = np.array(sh, np.int64)
    values = _draw(seed, dict(zip(names, arg_shapes)))
    if name == "while_acc":
        values["i"] = np.zeros((1,), np.float32)
    args = {k: mx.nd.array(v) for k, v in values.items()}
    grads = {k: mx.nd.zeros(v.shape) for k, v in values.items()}
    ex = sym.bind(mx.cpu(), args=args, args_grad=grads)
    outs = [o.asnumpy() for o in ex.forward(is_train=True)]
    heads = _draw(seed + 1, {k: o.shape for k, o in enumerate(outs)})
    for out, rows in ROWS.get(name, {}).items():
        heads[out][rows:] = 0
    ex.backward([mx.nd.array(heads[k]) for k in range(len(outs))])
    for k, o in enumerate(outs):
        rows = ROWS.get(name, {}).get(k)
        fields["out%d" % k] = o if rows is None else o[:rows]
    for k, v in values.items():
        fields["arg:" + k] = v
        fields["grad:" + k] = grads[k].asnumpy()
    return fields
