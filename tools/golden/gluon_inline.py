"""``hybridize(inline_limit=...)`` under real MXNet 1.9.1: which recorded calls of a
hybridized block are recorded op by op (inlined) and which as one ``_CachedOp`` node
(tests/gluon/test_inline.py).

    ~/.mxref/bin/python tools/golden/gluon_inline.py

Stored per case: the ``op`` of every node of ``autograd.get_symbol(y)``'s JSON, in order.
"""
import json
import os


def cases():
    """(name, layers, hybridize kwargs, activation of the first layer)."""
    return [("default_1", 1, {}, None), ("default_2", 2, {}, None),
            ("default_3", 3, {}, None), ("static_alloc", 1, {"static_alloc": True}, None),
            ("limit0", 1, {"inline_limit": 0}, None), ("limit3_3", 3, {"inline_limit": 3}, None),
            ("limit1_relu", 1, {"inline_limit": 1}, "relu"),
            ("default_relu_2", 2, {}, "relu")]


def node_ops(mx, layers, kwargs, act):
    """Build, hybridize, run once under ``record()``; the node ops of the recorded symbol."""
    net = mx.gluon.nn.HybridSequential()
    with net.name_scope():
        for i in range(layers):
            net.add(mx.gluon.nn.Dense(4, activation=act if i == 0 else None))
    net.initialize()
    net.hybridize(**kwargs)
    with mx.autograd.record():
        y = net(mx.nd.ones((1, 3)))
    ops = [n["op"] for n in json.loads(mx.autograd.get_symbol(y).tojson())["nodes"]]
    y.backward()
    return ops


if __name__ == "__main__":
    import mxnet as mx
    out = {name: node_ops(mx, layers, kw, act) for name, layers, kw, act in cases()}
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests",
                        "golden", "gluon_inline.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)
