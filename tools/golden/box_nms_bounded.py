"""box_nms on many boxes (the suppression loop past the pairwise-matrix size, topk
bounding the candidates, valid_thresh) under real MXNet 1.9.1.

    ~/.mxref/bin/python tools/golden/box_nms_bounded.py
"""
import mxnet as mx
import numpy as np

from common import save

rng = np.random.RandomState(14)


def boxes(batch, n, classes=3):
    xy = rng.uniform(0, 100, (batch, n, 2))
    wh = rng.uniform(2, 30, (batch, n, 2))
    ids = rng.randint(0, classes, (batch, n, 1)).astype(np.float64)
    # distinct scores: the order of equal scores is not part of the contract
    score = np.stack([rng.permutation(n) for _ in range(batch)])[..., None] / float(n)
    return np.concatenate([ids, score, xy, xy + wh], axis=-1).astype(np.float32)


C = {}
CASES = {
    "all_3000": (boxes(1, 3000), {"overlap_thresh": 0.5}),
    "topk_1500_classes": (boxes(2, 2500), {"overlap_thresh": 0.4, "topk": 1500,
                                           "id_index": 0}),
    "topk_100": (boxes(2, 3000), {"overlap_thresh": 0.5, "topk": 100}),
    "valid_thresh": (boxes(1, 3000), {"overlap_thresh": 0.5, "valid_thresh": 0.6,
                                      "id_index": 0, "force_suppress": True}),
}
for name, (data, kw) in CASES.items():
    x = mx.nd.array(data)
    x.attach_grad()
    with mx.autograd.record():
        y = mx.nd.contrib.box_nms(x, **kw)
    head = mx.nd.array(rng.uniform(-1, 1, y.shape).astype(np.float32))
    y.backward(head)
    C[name] = {"data": data, "head": head, "out": y, "grad": x.grad,
               "kwargs": np.array(repr(kw))}
save("box_nms_bounded", C)
