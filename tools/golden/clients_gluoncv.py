"""GluonCV 0.10.5.post0 model-zoo models under real MXNet 1.9.1 (tests/clients/
test_gluoncv.py): the predict-mode outputs and the input's gradient. Parameters, the
input and the heads are not stored: tests/clients_cv_cases.py draws each from a NumPy
generator (a parameter's seeded by its name), here and in the test; the fixture keeps the
sums of the input and the heads to check that both sides drew the same.

Predict mode throughout (``record(train_mode=False)`` and ``backward(train_mode=False)``):
BatchNorm uses its running statistics, Dropout is the identity, and the detectors return
(class ids, scores, boxes) after their NMS without needing labels. The gradient is that
of sum(head_k * out_k) over every output (class ids carry none).

Two MXNet processes: the outputs with MXNet's default build settings (oneDNN on), the
gradients with oneDNN off (MXNET_MKLDNN_ENABLED=0, a child process). With oneDNN on,
MXNet 1.9.1's predict-mode backward through these models differs from run to run
(uninitialised memory); with it off, SSD's forward output differs from the same network
evaluated op by op (and from oneDNN's), so neither setting serves both. No gradient for
SSD and Faster R-CNN: MXNet 1.9.1 segfaults in the backward pass of their predict-mode
graphs. The models of FLOAT64_GRAD (resnet50_v1b, fcn_resnet50_voc) have their gradient in
float64 (the network cast, float64 input and heads): their float32 gradient at this input
depends on float32 rounding (tests/clients_cv_cases.py).

    ~/.mxref/bin/pip install --no-deps gluoncv==0.10.5.post0 && ~/.mxref/bin/pip install \
        tqdm portalocker Pillow requests
    ~/.mxref/bin/python tools/golden/clients_gluoncv.py [name ...]
"""
import os
import subprocess
import sys
import time

GRADS = "--grads" in sys.argv  # the child process: gradients, oneDNN off
if GRADS:
    os.environ["MXNET_MKLDNN_ENABLED"] = "0"
import mxnet as mx
import numpy as np
import gluoncv

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests"))
from common import save  # noqa: E402
from clients_cv_cases import FLOAT64_GRAD, MODELS, NO_GRAD, build, fill, flat, heads  # noqa: E402

ARGS = [a for a in sys.argv[1:] if not a.startswith("--")]
GRADS_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "_clients_gluoncv_grads.npz")
C = {}
for name in ARGS or MODELS:
    if GRADS and name in NO_GRAD:
        continue
    t = time.time()
    net, x = build(mx, gluoncv, name)
    names = fill(mx, net, name)
    if GRADS and name in FLOAT64_GRAD:
        net.cast("float64")
        x = x.astype("float64")
    x.attach_grad()
    with mx.autograd.record(train_mode=False):
        outs = flat(net(x))
    hs = heads(outs)
    if GRADS:
        mx.autograd.backward(outs, [mx.nd.array(h, dtype=o.dtype) for h, o in zip(hs, outs)],
                             train_mode=False)
        g = x.grad.asnumpy()
        C[name + "::grad_x"] = g
        print("%s grad_x std %.3g max %.3g nonzero %.3f  (%.1f s)" % (
            name, g.std(), abs(g).max(), (g != 0).mean(), time.time() - t))
        continue
    case = {"x_sum": x.asnumpy().sum(dtype=np.float64), "names": np.array(",".join(names)),
            "heads_sum": np.array([h.sum(dtype=np.float64) for h in hs])}
    for k, o in enumerate(outs):
        case["out%d" % k] = o
        a = o.asnumpy()
        print("%s out%d %s mean %.3g std %.3g min %.3g max %.3g" % (
            name, k, a.shape, a.mean(), a.std(), a.min(), a.max()))
    C[name] = case
if GRADS:
    np.savez(GRADS_FILE, **C)
else:
    subprocess.run([sys.executable, os.path.abspath(__file__), "--grads"] + ARGS, check=True)
    grads = np.load(GRADS_FILE)
    for key in grads.files:
        name, field = key.split("::")
        C[name][field] = grads[key]
    os.remove(GRADS_FILE)
    if not ARGS:
        save("clients_gluoncv", C)
