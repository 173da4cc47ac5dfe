"""A dist_sync KVStore session for tests/kvstore/test_dist.py (one per worker; the
workers are started with MXNet's DMLC_* variables only). Writes OUT_<rank>.json."""
import json
import sys

import mxjax as mx
from mxjax import nd

out = sys.argv[1]
kv = mx.kv.create("dist_sync")
r = kv.rank
res = {"rank": r, "num_workers": kv.num_workers, "type": kv.type}
shape = (2, 3)
kv.init(0, nd.ones(shape) * (r + 1))  # rank 0's value wins
o = nd.zeros(shape)
kv.pull(0, out=o)
res["init"] = float(o.asnumpy().mean())
# two contexts per worker: 2 workers x (r + 1 + 1)
kv.push(0, [nd.ones(shape, ctx=mx.cpu(0)) * (r + 1), nd.ones(shape, ctx=mx.cpu(1))])
outs = [nd.zeros(shape, ctx=mx.cpu(0)), nd.zeros(shape, ctx=mx.cpu(1))]
kv.pull(0, out=outs)
res["push"] = [float(x.asnumpy().mean()) for x in outs]
kv._barrier()
kv2 = mx.kv.create("dist_device_sync")
kv2.set_optimizer(mx.optimizer.SGD(learning_rate=0.5))
kv2.init([1, 2], [nd.ones((4,)), nd.zeros((3,))])
kv2.push([1, 2], [nd.ones((4,)) * (r + 1), nd.ones((3,))])
a, b = nd.zeros((4,)), nd.zeros((3,))
kv2.pull([1, 2], out=[a, b])
res["sgd"] = [a.asnumpy().tolist(), b.asnumpy().tolist()]
with open("%s_%d.json" % (out, r), "w") as f:
    json.dump(res, f)
