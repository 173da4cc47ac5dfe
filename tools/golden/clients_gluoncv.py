"""GluonCV 0.10.5.post0 model-zoo models under real MXNet 1.9.1: parameters, an input,
the output and the input's gradient (tests/clients/test_gluoncv.py).

    ~/.mxref/bin/pip install --no-deps gluoncv==0.10.5.post0 && ~/.mxref/bin/pip install \
        tqdm portalocker Pillow requests
    ~/.mxref/bin/python tools/golden/clients_gluoncv.py
"""
import os
import sys

import mxnet as mx
import numpy as np
from gluoncv import model_zoo

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import save  # noqa: E402

# Recorded in training mode: under record(train_mode=False) MXNet 1.9.1's BatchNorm
# backward still uses the batch statistics (not the gradient of its predict-mode
# forward), which mxjax does not reproduce.
MODELS = {"cifar_resnet20_v1": (2, 3, 32, 32)}
C = {}
for name, shape in MODELS.items():
    np.random.seed(0)
    mx.random.seed(0)
    net = model_zoo.get_model(name, pretrained=False)
    net.initialize(mx.init.Xavier())
    x = mx.nd.array(np.random.uniform(-1, 1, shape).astype(np.float32))
    net(x)
    for p in net.collect_params().values():  # MXNet's first (deferred-init) call can differ
        p.set_data(p.data().copy())
    x.attach_grad()
    with mx.autograd.record():  # training mode: see the note below
        out = net(x)
    head = np.random.uniform(-1, 1, out.shape).astype(np.float32)
    out.backward(mx.nd.array(head))
    case = {"x": x, "out": out, "head": head, "grad_x": x.grad}
    for k, p in net.collect_params().items():
        case["p:" + k[len(net.prefix):]] = p.data()  # names without the model's prefix
    C[name] = case
save("clients_gluoncv", C)
