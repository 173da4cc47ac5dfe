"""GluonNLP 0.10.0 models under real MXNet 1.9.1 (tests/clients/test_gluonnlp.py):
BERT (bert_12_768_12, small vocabulary), standard_lstm_lm_200 and a transformer encoder,
with parameters drawn by ``fill`` below (the test draws the same ones), outputs and
gradients of a weighted sum of the outputs.

    ~/.mxref/bin/pip install --no-deps gluonnlp==0.10.0
    ~/.mxref/bin/python tools/golden/clients_gluonnlp.py
"""
import os
import sys

import mxnet as mx
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests"))
from common import save  # noqa: E402
from clients_nlp_cases import build, fill, params_by_key, GRAD_PARAMS  # noqa: E402

import gluonnlp  # noqa: E402

C = {}
for case in ("bert", "lstm_lm", "transformer_encoder"):
    net, inputs, diff = build(mx, gluonnlp, case)
    net.initialize()
    net(*inputs)
    names = fill(mx, net)
    for i in diff:
        inputs[i].attach_grad()
    with mx.autograd.record(train_mode=False):  # no dropout
        out = net(*inputs)
    flat = []

    def walk(o):
        if isinstance(o, (list, tuple)):
            for x in o:
                walk(x)
        else:
            flat.append(o)
    walk(out)
    heads = [np.random.RandomState(5 + k).uniform(-1, 1, o.shape).astype(np.float32)
             for k, o in enumerate(flat)]
    mx.autograd.backward(flat, [mx.nd.array(h) for h in heads])
    fields = {"names": np.array(",".join(names))}
    for k, (o, h) in enumerate(zip(flat, heads)):
        fields["out%d" % k] = o
        fields["head%d" % k] = h
    for i in diff:
        fields["grad_in%d" % i] = inputs[i].grad
    params = params_by_key(net)
    for name in GRAD_PARAMS[case]:
        fields["grad:" + name] = params[name].grad()
    C[case] = fields
save("clients_gluonnlp", C)
