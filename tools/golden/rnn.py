"""Golden values for the fused RNN operator (mx.nd.RNN), from MXNet 1.9.1.

Run: ~/.mxref/bin/python tools/golden/rnn.py
Writes tests/golden/rnn.npz; tests/ndarray/test_ops_rnn.py replays every case.

Parameters are drawn with a fixed seed in MXNet's flat layout. MXNet's CPU kernel
ignores ``sequence_length`` and the LSTM state clipping (cuDNN features); the
``seqlen_*`` cases are therefore built from MXNet runs on each sequence cut to its
own length, which is what those options mean.
"""
import json
import os
import sys

import numpy as np
from mxnet import nd, autograd

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import save  # noqa: E402
from opcase import op_case, randn  # noqa: E402

GATES = {"rnn_relu": 1, "rnn_tanh": 1, "lstm": 4, "gru": 3}


def n_params(mode, layers, dirs, inp, hid, proj=None):
    g = GATES[mode]
    n, ni = 0, inp
    for _ in range(layers):
        for _ in range(dirs):
            n += g * hid * ni + g * hid * (proj or hid) + 2 * g * hid + (proj * hid if proj else 0)
        ni = (proj or hid) * dirs
    return n


def rnn_inputs(mode, T, N, I, H, layers=1, bi=False, proj=None, seed=0):
    dirs = 2 if bi else 1
    inputs = {"data": randn(T, N, I, seed=seed),
              "parameters": randn(n_params(mode, layers, dirs, I, H, proj), seed=seed + 1) * 0.4,
              "state": randn(layers * dirs, N, proj or H, seed=seed + 2) * 0.5}
    if mode == "lstm":
        inputs["state_cell"] = randn(layers * dirs, N, H, seed=seed + 3) * 0.5
    return inputs


C = {}
T, N, I, H = 4, 2, 3, 4
for mode in ("rnn_relu", "rnn_tanh", "lstm", "gru"):
    C[mode] = op_case("RNN", rnn_inputs(mode, T, N, I, H, seed=1),
                      {"state_size": H, "num_layers": 1, "mode": mode}, rtol=1e-4, atol=1e-5)
    C[mode + "_states"] = op_case("RNN", rnn_inputs(mode, T, N, I, H, seed=2),
                                  {"state_size": H, "num_layers": 1, "mode": mode,
                                   "state_outputs": True}, rtol=1e-4, atol=1e-5)
    C[mode + "_bi_2layer"] = op_case("RNN", rnn_inputs(mode, T, N, I, H, layers=2, bi=True,
                                                       seed=3),
                                     {"state_size": H, "num_layers": 2, "mode": mode,
                                      "bidirectional": True, "state_outputs": True},
                                     rtol=1e-4, atol=1e-5)
C["lstm_3layer"] = op_case("RNN", rnn_inputs("lstm", 3, 2, 2, 3, layers=3, seed=4),
                           {"state_size": 3, "num_layers": 3, "mode": "lstm",
                            "state_outputs": True}, rtol=1e-4, atol=1e-5)
C["lstm_projection"] = op_case("RNN", rnn_inputs("lstm", T, N, I, 5, proj=3, seed=5),
                               {"state_size": 5, "num_layers": 1, "mode": "lstm",
                                "projection_size": 3, "state_outputs": True},
                               rtol=1e-4, atol=1e-5, record=False)
C["lstm_projection_bi_2layer"] = op_case(
    "RNN", rnn_inputs("lstm", T, N, I, 5, layers=2, bi=True, proj=2, seed=6),
    {"state_size": 5, "num_layers": 2, "mode": "lstm", "projection_size": 2,
     "bidirectional": True, "state_outputs": True}, rtol=1e-4, atol=1e-5, record=False)
# (MXNet 1.9.1 has no backward for projected LSTMs on CPU: forward values only)
# dropout between layers is off outside training
C["gru_dropout_predict"] = op_case("RNN", rnn_inputs("gru", T, N, I, H, layers=2, seed=7),
                                   {"state_size": H, "num_layers": 2, "mode": "gru", "p": 0.5,
                                    "state_outputs": True}, train=False, rtol=1e-4, atol=1e-5)
C["rnn_tanh_f64"] = op_case("RNN", {k: v.astype("float64") for k, v in
                                    rnn_inputs("rnn_tanh", T, N, I, H, bi=True,
                                               seed=8).items()},
                            {"state_size": H, "num_layers": 1, "mode": "rnn_tanh",
                             "bidirectional": True, "state_outputs": True})


def seqlen_case(mode, lengths, layers, bi, seed):
    """Sequences of different lengths: MXNet run on each sequence cut to its length,
    assembled as the padded batch (outputs past a length are 0)."""
    Tm, Nb = max(lengths), len(lengths)
    dirs = 2 if bi else 1
    inputs = rnn_inputs(mode, Tm, Nb, I, H, layers=layers, bi=bi, seed=seed)
    kwargs = {"state_size": H, "num_layers": layers, "mode": mode, "bidirectional": bi,
              "state_outputs": True, "use_sequence_length": True}
    rng = np.random.RandomState(seed + 1000)
    nout = 3 if mode == "lstm" else 2
    out_shapes = [(Tm, Nb, H * dirs), (layers * dirs, Nb, H), (layers * dirs, Nb, H)][:nout]
    heads = [rng.randn(*s).astype("float32") for s in out_shapes]
    outs = [np.zeros(s, "float32") for s in out_shapes]
    grads = {k: np.zeros_like(v) for k, v in inputs.items()}
    for n, L in enumerate(lengths):
        arr = {"data": nd.array(inputs["data"][:L, n:n + 1]),
               "parameters": nd.array(inputs["parameters"]),
               "state": nd.array(inputs["state"][:, n:n + 1])}
        if mode == "lstm":
            arr["state_cell"] = nd.array(inputs["state_cell"][:, n:n + 1])
        for a in arr.values():
            a.attach_grad()
        kw = dict(kwargs)
        del kw["use_sequence_length"]
        with autograd.record():
            res = nd.RNN(**arr, **kw)
        hs = [nd.array(heads[0][:L, n:n + 1])] + [nd.array(h[:, n:n + 1]) for h in heads[1:]]
        autograd.backward(res, hs)
        outs[0][:L, n] = res[0].asnumpy()[:, 0]
        for i in range(1, nout):
            outs[i][:, n] = res[i].asnumpy()[:, 0]
        grads["data"][:L, n] = arr["data"].grad.asnumpy()[:, 0]
        grads["parameters"] += arr["parameters"].grad.asnumpy()
        grads["state"][:, n] = arr["state"].grad.asnumpy()[:, 0]
        if mode == "lstm":
            grads["state_cell"][:, n] = arr["state_cell"].grad.asnumpy()[:, 0]
    inputs["sequence_length"] = np.array(lengths, "float32")
    case = {"meta": np.array(json.dumps({
        "op": "RNN", "inputs": list(inputs), "kwargs": kwargs,
        "diff": [k for k in inputs if k != "sequence_length"], "train": True,
        "heads": list(range(nout)), "nout": nout, "multi": True, "rtol": 1e-4,
        "atol": 1e-5, "record": True, "skip_out": []}))}
    for k, v in inputs.items():
        case["in_" + k] = v
    for i in range(nout):
        case["out%d" % i] = outs[i]
        case["head%d" % i] = heads[i]
    for k, v in grads.items():
        case["grad_" + k] = v
    return case


C["seqlen_gru_bi"] = seqlen_case("gru", [4, 2], 1, True, seed=9)
C["seqlen_lstm_2layer_bi"] = seqlen_case("lstm", [3, 4, 1], 2, True, seed=10)
C["seqlen_rnn_tanh"] = seqlen_case("rnn_tanh", [2, 4], 1, False, seed=11)

save("rnn", C)
