"""Golden values and gradients of every gluon.loss, from MXNet 1.9.1.

Run: ~/.mxref/bin/python tools/golden/gluon_train_loss.py
Writes tests/golden/gluon_train_loss.npz; tests/gluon/test_loss.py replays every case.
"""
import os
import sys

import numpy as np
import mxnet as mx

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Cases, save  # noqa: E402
from gluon_train_loss_cases import CASES  # noqa: E402

C = Cases()
for name, (cls, kwargs, inputs, diff) in CASES.items():
    loss_fn = getattr(mx.gluon.loss, cls)(**kwargs)
    nds = [None if a is None else mx.nd.array(a) for a in inputs]
    for i in diff:
        nds[i].attach_grad()
    if diff:
        with mx.autograd.record():
            out = loss_fn(*nds)
        out.backward()
    else:  # (PoissonNLLLoss(compute_full=True) writes in place: MXNet cannot record it)
        out = loss_fn(*nds)
    fields = {"out": out}
    for i in diff:
        fields["grad%d" % i] = nds[i].grad
    # hybridized as well (one symbolic graph)
    loss_h = getattr(mx.gluon.loss, cls)(**kwargs)
    loss_h.hybridize()
    try:
        fields["out_hybrid"] = loss_h(*[None if a is None else mx.nd.array(a) for a in inputs])
    except Exception:  # noqa: BLE001 - PoissonNLLLoss(compute_full) is NDArray-only
        fields["no_hybrid"] = np.array(1)
    C[name] = fields
C["repr"] = {"l2": np.array(repr(mx.gluon.loss.L2Loss())),
             "sce": np.array(repr(mx.gluon.loss.SoftmaxCELoss(weight=0.5, batch_axis=1)))}
save("gluon_train_loss", C)
