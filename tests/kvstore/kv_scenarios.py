"""KVStore scenarios run by both real MXNet 1.9.1 (tools/golden/kvstore.py writes
tests/golden/kvstore.npz) and mxjax (tests/kvstore/test_kvstore.py compares).

``run(mx)`` returns ``{case: {field: numpy array}}``; only the public API is used, so
the same code runs on either library.
"""
import numpy as np


def run(mx):
    nd = mx.nd
    cases = {}
    shape = (2, 3)
    base = np.arange(6, dtype=np.float32).reshape(shape)

    def snap(**fields):
        return {k: np.array(v.asnumpy() if hasattr(v, "asnumpy") else v)
                for k, v in fields.items()}

    for kind in ("local", "device"):
        kv = mx.kv.create(kind)
        kv.init(3, nd.array(base))
        out = nd.zeros(shape)
        kv.pull(3, out=out)
        cases[kind + "_init"] = snap(out=out)
        kv.push(3, [nd.array(base * 2), nd.array(base + 1), nd.ones(shape)])
        outs = [nd.zeros(shape), nd.zeros(shape)]
        kv.pull(3, out=outs)
        cases[kind + "_push_list"] = snap(out0=outs[0], out1=outs[1])
        kv.init([5, 7], [nd.ones((4,)), nd.array(base)])
        kv.push([5, 7], [[nd.ones((4,)), nd.ones((4,)) * 3], nd.array(-base)])
        a, b = nd.zeros((4,)), nd.zeros(shape)
        kv.pull([5, 7], out=[a, b])
        cases[kind + "_keys_list"] = snap(a=a, b=b)
        kv.pushpull(3, nd.ones(shape) * 7, out=out)
        cases[kind + "_pushpull"] = snap(out=out)
        v = [nd.ones(shape), nd.ones(shape) * 2]
        kv.pushpull(3, v)
        cases[kind + "_pushpull_inplace"] = snap(v0=v[0], v1=v[1])
        kv.broadcast(11, nd.array(base + 4), out=[nd.zeros(shape), out])
        cases[kind + "_broadcast"] = snap(out=out)

        def updater(key, recv, local):
            local += recv * 2

        # a fresh store: in MXNet a store that pushed without an updater keeps its
        # merge buffer as the stored value, which the next push overwrites
        kv = mx.kv.create(kind)
        kv._set_updater(updater)
        kv.init(3, nd.array(base))
        kv.push(3, [nd.ones(shape), nd.array(base)])
        kv.push(3, nd.ones(shape))
        kv.pull(3, out=out)
        cases[kind + "_updater"] = snap(out=out)

    kv = mx.kv.create("local")
    kv.set_optimizer(mx.optimizer.SGD(learning_rate=0.1, momentum=0.9, wd=0.01))
    kv.init(["w", "v"], [nd.array(base), nd.ones((3,))])
    for step in range(3):
        kv.push(["w", "v"], [[nd.array(base * 0.1), nd.ones(shape)], nd.ones((3,)) * step])
    w, v = nd.zeros(shape), nd.zeros((3,))
    kv.pull(["w", "v"], out=[w, v])
    cases["sgd_str_keys"] = snap(w=w, v=v)
    cases["meta"] = snap(rank=np.array(kv.rank), num_workers=np.array(kv.num_workers),
                         capable=np.array(kv.is_capable("optimizer")))
    return cases
