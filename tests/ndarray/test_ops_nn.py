"""Neural-network operators of mx.nd against MXNet 1.9.1 (tests/golden/nn.npz)."""
import numpy as np
import pytest

import mxjax as mx
from mxjax import nd, autograd
from mxjax.base import MXNetError
from golden_utils import load, assert_matches
from nnops_golden import replay, meta

G = load("nn")

# every operator name covered by the golden cases below
COVERED = ("FullyConnected", "Activation", "LeakyReLU", "softmax", "log_softmax", "softmin",
           "SoftmaxActivation", "SoftmaxOutput", "Softmax", "LinearRegressionOutput",
           "LogisticRegressionOutput", "MAERegressionOutput", "SVMOutput", "MakeLoss",
           "make_loss", "BlockGrad", "stop_gradient", "Embedding", "Dropout",
           "softmax_cross_entropy")


def test_every_name_has_golden_cases():
    ops = {meta(c)["op"] for c in G.values()}
    assert set(COVERED) <= ops


@pytest.mark.parametrize("case", sorted(G))
def test_golden(case):
    replay(G[case])
