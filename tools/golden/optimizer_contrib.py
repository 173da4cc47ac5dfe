"""Golden values of mx.optimizer.contrib.GroupAdaGrad (three dense updates), MXNet 1.9.1.

Run: ~/.mxref/bin/python tools/golden/optimizer_contrib.py
Writes tests/golden/optimizer_contrib.npz; tests/test_optimizer_contrib.py replays it.
"""
import os
import sys

import numpy as np
import mxnet as mx

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Cases, save  # noqa: E402

C = Cases()
rng = np.random.RandomState(0)
w0 = rng.uniform(-1, 1, (3, 4)).astype("float32")
grads = np.stack([rng.uniform(-2, 2, (3, 4)).astype("float32") for _ in range(3)])
KWARGS = {"default": {},
          "clip_rescale": {"clip_gradient": 0.5, "rescale_grad": 0.7, "learning_rate": 0.3,
                           "eps": 1e-3}}
for name, kwargs in KWARGS.items():
    opt = mx.optimizer.create("groupadagrad", **kwargs)
    w = mx.nd.array(w0)
    state = opt.create_state_multi_precision(0, w)
    for g in grads:
        opt.update_multi_precision(0, w, mx.nd.array(g), state)
    C[name] = {"w0": w0, "grads": grads, "weight": w.asnumpy(), "history": state.asnumpy()}
save("optimizer_contrib", C)
