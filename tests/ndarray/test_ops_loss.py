"""Loss operators (CTCLoss and aliases, IdentityAttachKLSparseReg) against MXNet 1.9.1
(tests/golden/loss.npz)."""
import numpy as np
import pytest

from mxjax import nd, autograd
from mxjax.base import MXNetError
from golden_utils import load, assert_matches
from nnops_golden import replay, meta

G = load("loss")

COVERED = ("CTCLoss", "ctc_loss", "contrib.ctc_loss", "contrib.CTCLoss",
           "IdentityAttachKLSparseReg")


def test_every_name_has_golden_cases():
    assert set(COVERED) <= {meta(c)["op"] for c in G.values()}


@pytest.mark.parametrize("case", sorted(k for k in G if k != "CTCLoss_infeasible"))
def test_golden(case):
    replay(G[case])


def test_ctc_infeasible_label():
    # a label that needs more frames than the data has: MXNet's loss is 0 and its
    # gradient for that sequence is meaningless; mxjax gives 0 for both
    c = G["CTCLoss_infeasible"]
    x = nd.array(c["in_data"])
    x.attach_grad()
    with autograd.record():
        y = nd.CTCLoss(x, nd.array(c["in_label"]))
    y.backward(nd.array(c["head0"]))
    assert_matches(y, c["out0"])
    assert_matches(x.grad[:, 1], c["grad_data"][:, 1])
    assert np.all(x.grad[:, 0].asnumpy() == 0)


def test_ctc_positional_and_default_moving_avg():
    c = G["CTCLoss_data_lengths"]
    out = nd.CTCLoss(nd.array(c["in_data"]), nd.array(c["in_label"]),
                     nd.array(c["in_data_lengths"]), None, True)
    assert_matches(out, c["out0"])
    # gluon's CTCLoss passes None for absent lengths in the middle
    c = G["CTCLoss_label_lengths"]
    out = nd.contrib.CTCLoss(nd.array(c["in_data"]), nd.array(c["in_label"]), None,
                             nd.array(c["in_label_lengths"]), use_label_lengths=True)
    assert_matches(out, c["out0"])
    c = G["IdentityAttachKLSparseReg_zero_avg"]
    x = nd.array(c["in_data"])
    x.attach_grad()
    with autograd.record():
        y = nd.IdentityAttachKLSparseReg(x, penalty=0.1)
    y.backward(nd.array(c["head0"]))
    assert_matches(x.grad, c["grad_data"])


def test_ctc_errors():
    x = nd.zeros((4, 2, 3))
    with pytest.raises(MXNetError, match="CTCLoss"):
        nd.CTCLoss(x, nd.zeros((3, 2)))
    with pytest.raises(MXNetError, match="data_lengths"):
        nd.CTCLoss(x, nd.zeros((2, 2)), use_data_lengths=True)
    with pytest.raises(MXNetError, match="blank_label"):
        nd.CTCLoss(x, nd.zeros((2, 2)), blank_label="middle")


def test_ctc_float64_matches_float32_golden():
    # MXNet 1.9.1's CPU CTCLoss rejects float64; mxjax computes it in float64
    c = G["CTCLoss_default"]
    x = nd.array(c["in_data"], dtype="float64")
    x.attach_grad()
    with autograd.record():
        y = nd.CTCLoss(x, nd.array(c["in_label"], dtype="float64"))
    y.backward(nd.array(c["head0"], dtype="float64"))
    assert y.dtype == np.float64
    assert_matches(y, c["out0"].astype("float64"), rtol=1e-5)
    assert_matches(x.grad, c["grad_data"].astype("float64"), rtol=1e-4, atol=1e-6)
