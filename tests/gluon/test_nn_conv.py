"""gluon.nn convolution layers, padding and a small CNN against MXNet 1.9.1; plain and
hybridized."""
import pytest


import golden_utils
from layer_harness import replay

GOLDEN = golden_utils.load("gluon_nn")
NORM = ("batchnorm", "instancenorm", "layernorm", "groupnorm", "embedding")
CONV = ("conv", "reflection", "cnn")
POOL = ("maxpool", "avgpool", "global_")
CASES = sorted(filter(lambda c: c.startswith(CONV), GOLDEN))


@pytest.mark.parametrize("hybridize", [False, True], ids=["imperative", "hybridized"])
@pytest.mark.parametrize("case", CASES)
def test_layer_matches_mxnet(case, hybridize):
    replay(GOLDEN[case], hybridize=hybridize)
