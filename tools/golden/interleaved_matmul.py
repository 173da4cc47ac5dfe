"""nd.contrib.interleaved_matmul_{selfatt,encdec}_{qk,valatt} under real MXNet 1.9.1:
outputs and input gradients.

    ~/.mxref/bin/python tools/golden/interleaved_matmul.py
"""
import os
import sys

import mxnet as mx
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import save  # noqa: E402

rng = np.random.RandomState(3)
S, Q, B, H, D = 5, 3, 2, 4, 6
u = lambda *s: rng.uniform(-1, 1, s).astype(np.float32)  # noqa: E731
CASES = {
    "selfatt_qk": ("interleaved_matmul_selfatt_qk", {"queries_keys_values": u(S, B, H * 3 * D)}),
    "selfatt_valatt": ("interleaved_matmul_selfatt_valatt",
                       {"queries_keys_values": u(S, B, H * 3 * D), "attention": u(B * H, S, S)}),
    "encdec_qk": ("interleaved_matmul_encdec_qk",
                  {"queries": u(Q, B, H * D), "keys_values": u(S, B, H * 2 * D)}),
    "encdec_valatt": ("interleaved_matmul_encdec_valatt",
                      {"keys_values": u(S, B, H * 2 * D), "attention": u(B * H, Q, S)}),
}
C = {}
for case, (op, inputs) in CASES.items():
    arrays = {k: mx.nd.array(v) for k, v in inputs.items()}
    for a in arrays.values():
        a.attach_grad()
    with mx.autograd.record():
        out = getattr(mx.nd.contrib, op)(**arrays, heads=H)
    head = u(*out.shape)
    out.backward(mx.nd.array(head))
    fields = {"in:" + k: v for k, v in inputs.items()}
    fields.update({"grad:" + k: a.grad for k, a in arrays.items()})
    fields.update({"out": out, "head": head, "op": np.array(op), "heads": np.int64(H)})
    C[case] = fields
save("interleaved_matmul", C)
