"""Golden values for the loss operators of mx.nd (CTCLoss, IdentityAttachKLSparseReg),
from MXNet 1.9.1.

Run: ~/.mxref/bin/python tools/golden/loss.py
Writes tests/golden/loss.npz; tests/ndarray/test_ops_loss.py replays every case.
"""
import json
import os
import sys

import numpy as np
import mxnet as mx
from mxnet import nd

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import save  # noqa: E402
from opcase import op_case, randn, rand  # noqa: E402

C = {}

T, N, K = 5, 2, 4
x = randn(T, N, K, seed=1)
lab = np.array([[1, 2], [3, 0]], dtype="float32")
C["CTCLoss_default"] = op_case("CTCLoss", {"data": x, "label": lab}, diff=["data"])
C["ctc_loss_alias"] = op_case("ctc_loss", {"data": x, "label": lab}, diff=["data"])
C["contrib_ctc_loss"] = op_case("contrib.ctc_loss", {"data": x, "label": lab}, diff=["data"])
C["contrib_CTCLoss"] = op_case("contrib.CTCLoss", {"data": x, "label": lab}, diff=["data"])
C["CTCLoss_last"] = op_case("CTCLoss", {"data": x,
                                        "label": np.array([[0, 2], [1, -1]], dtype="float32")},
                            {"blank_label": "last"}, diff=["data"])
C["CTCLoss_data_lengths"] = op_case("CTCLoss", {"data": x, "label": lab,
                                                "data_lengths": np.array([5, 3], "float32")},
                                    {"use_data_lengths": True}, diff=["data"])
C["CTCLoss_label_lengths"] = op_case("CTCLoss",
                                     {"data": x,
                                      "label": np.array([[1, 2], [3, 3]], "float32"),
                                      "label_lengths": np.array([2, 1], "float32")},
                                     {"use_label_lengths": True}, diff=["data"])
C["CTCLoss_both_lengths_last"] = op_case(
    "CTCLoss", {"data": randn(6, 3, 5, seed=2),
                "label": np.array([[0, 1, 2], [3, 3, 0], [2, 0, 0]], "float32"),
                "data_lengths": np.array([6, 4, 2], "float32"),
                "label_lengths": np.array([3, 2, 1], "float32")},
    {"use_data_lengths": True, "use_label_lengths": True, "blank_label": "last"},
    diff=["data"])
C["CTCLoss_repeats"] = op_case("CTCLoss", {"data": x,
                                           "label": np.array([[1, 1], [3, 3]], "float32")},
                               diff=["data"])
C["CTCLoss_tight"] = op_case("CTCLoss", {"data": x,
                                         "label": np.array([[1, 1, 1], [2, 3, 1]], "float32")},
                             diff=["data"])
C["CTCLoss_infeasible"] = op_case("CTCLoss", {"data": x,
                                              "label": np.array([[1, 1, 1, 1], [3, 0, 0, 0]],
                                                                "float32")},
                                  diff=["data"])
# (MXNet 1.9.1's CPU CTCLoss fails on float64 data; mxjax supports it, tested against
# the float32 values)
C["CTCLoss_int_label"] = op_case("CTCLoss", {"data": x, "label": lab.astype("int32")},
                                 diff=["data"])
C["CTCLoss_longer"] = op_case("CTCLoss", {"data": randn(12, 2, 6, seed=3) * 2,
                                          "label": np.array([[1, 5, 5, 2, 4], [3, 1, 0, 0, 0]],
                                                            "float32")},
                              diff=["data"], rtol=1e-4, atol=1e-5)


def kl_case(data, moving_avg, kwargs, seed=0):
    """IdentityAttachKLSparseReg needs its auxiliary state, which mx.nd cannot pass:
    run it through a bound symbol instead (same case format as op_case)."""
    rng = np.random.RandomState(seed + 1000)
    s = mx.sym.IdentityAttachKLSparseReg(mx.sym.var("data"), name="kl", **kwargs)
    ex = s.simple_bind(mx.cpu(), data=data.shape)
    ex.aux_dict["kl_moving_avg"][:] = moving_avg
    ex.arg_dict["data"][:] = data
    ex.forward(is_train=True)
    out = ex.outputs[0].asnumpy()
    head = rng.randn(*out.shape).astype(out.dtype)
    ex.backward(nd.array(head))
    return {"meta": np.array(json.dumps({
        "op": "IdentityAttachKLSparseReg", "inputs": ["data", "moving_avg"],
        "kwargs": kwargs, "diff": ["data"], "train": True, "heads": [0], "nout": 1,
        "multi": False, "rtol": 1e-5, "atol": 1e-6, "record": True, "skip_out": []})),
        "in_data": data, "in_moving_avg": moving_avg, "out0": out, "head0": head,
        "grad_data": ex.grad_dict["data"].asnumpy(),
        "moving_avg_after": ex.aux_dict["kl_moving_avg"].asnumpy()}


C["IdentityAttachKLSparseReg_default"] = kl_case(rand(3, 4, seed=4),
                                                 rand(4, seed=5) * 0.5 + 0.1, {})
C["IdentityAttachKLSparseReg_args"] = kl_case(rand(5, 3, seed=6), rand(3, seed=7) * 0.5 + 0.2,
                                              {"sparseness_target": 0.2, "penalty": 0.01,
                                               "momentum": 0.8})
C["IdentityAttachKLSparseReg_zero_avg"] = kl_case(rand(3, 4, seed=8),
                                                  np.zeros(4, "float32"),
                                                  {"penalty": 0.1})

save("loss", C)
