"""gluon.rnn cells and layers against MXNet 1.9.1 (tools/golden/gluon_rnn.py): outputs,
states, input and parameter gradients; plain and hybridized."""
import os

import numpy as np
import pytest

import mxjax as mx
from mxjax import autograd
from mxjax.gluon import rnn

import golden_utils
from layer_harness import replay

GOLDEN = golden_utils.load("gluon_rnn")


@pytest.mark.parametrize("hybridize", [False, True], ids=["imperative", "hybridized"])
@pytest.mark.parametrize("case", sorted(GOLDEN))
def test_rnn_matches_mxnet(case, hybridize):
    replay(GOLDEN[case], hybridize=hybridize)


def test_rnn_names_cover_mxnet_api():
    path = os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared",
                        "mxnet-1.9.1-api", "gluon.rnn.txt")
    names = [n.split("(")[0] for n in open(path).read().split("\n") if n.strip()]
    missing = [n for n in names if not hasattr(rnn, n)]
    assert not missing, missing
