"""nd.contrib AdamW updates (adamw_update, mp_adamw_update, multi_adamw_update,
multi_mp_adamw_update) under real MXNet 1.9.1: new weights and in-place states.

    ~/.mxref/bin/python tools/golden/adamw.py
"""
import os
import sys

import mxnet as mx
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import save  # noqa: E402

rng = np.random.RandomState(0)
w, g, m, v, w2, g2 = [rng.uniform(-1, 1, (5,)).astype(np.float32) for _ in range(6)]
v = np.abs(v)
IN = {"w": w, "g": g, "m": m, "v": v, "w2": w2, "g2": g2}
C = {}
for tag, rg in (("rescale", 1.5), ("skip_inf", float("inf")), ("skip_zero", 0.0)):
    W, G, M, V = [mx.nd.array(a) for a in (w, g, m, v)]
    mx.nd.contrib.adamw_update(W, G, M, V, rescale_grad=rg, lr=0.1, eta=0.5, wd=0.01,
                               clip_gradient=0.8, out=W)
    C["adamw_" + tag] = dict(IN, rescale=np.float32(rg), w_out=W, m_out=M, v_out=V)
W = mx.nd.array(w, dtype="float16")
G = mx.nd.array(g, dtype="float16")
M, V, W32 = mx.nd.array(m), mx.nd.array(v), mx.nd.array(w)
res = mx.nd.contrib.mp_adamw_update(W, G, M, V, W32, rescale_grad=mx.nd.array([0.5]), lr=0.1,
                                    eta=0.5, wd=0.01, beta1=0.8, epsilon=1e-6)
C["mp_adamw"] = dict(IN, w_out=res, m_out=M, v_out=V, w32_out=W32)
Ws = [mx.nd.array(w), mx.nd.array(w2)]
Ms = [mx.nd.array(m), mx.nd.array(v)]
Vs = [mx.nd.array(v), mx.nd.array(v)]
mx.nd.contrib.multi_adamw_update(Ws, [mx.nd.array(g), mx.nd.array(g2)], Ms, Vs, 2.0,
                                 lrs=[0.1, 0.2], wds=[0.0, 0.1], etas=[1.0, 0.5], out=Ws,
                                 beta2=0.99)
C["multi_adamw"] = dict(IN, w0=Ws[0], w1=Ws[1], m0=Ms[0], m1=Ms[1], v0=Vs[0], v1=Vs[1])
Ws = [mx.nd.array(w, dtype="float16"), mx.nd.array(w2, dtype="float16")]
W32s = [mx.nd.array(w), mx.nd.array(w2)]
Ms = [mx.nd.array(m), mx.nd.array(v)]
Vs = [mx.nd.array(v), mx.nd.array(v)]
mx.nd.contrib.multi_mp_adamw_update(Ws, [mx.nd.array(g, dtype="float16"),
                                         mx.nd.array(g2, dtype="float16")], Ms, Vs, W32s,
                                    mx.nd.array([1.0]), lrs=[0.1, 0.2], wds=[0.0, 0.1],
                                    etas=[1.0, 0.5], out=Ws, clip_gradient=0.5)
C["multi_mp_adamw"] = dict(IN, w0=Ws[0], w1=Ws[1], m0=Ms[0], m1=Ms[1], v0=Vs[0], v1=Vs[1],
                           w32_0=W32s[0], w32_1=W32s[1])
save("adamw", C)
