"""gluon.contrib.nn layers against MXNet 1.9.1; plain and hybridized."""
import pytest

import mxjax.gluon.contrib.nn  # noqa: F401  (gluon.contrib.nn in the build expressions)

import golden_utils
from layer_harness import replay

GOLDEN = golden_utils.load("gluon_nn")
CASES = sorted(filter(lambda c: c.startswith("contrib_"), GOLDEN))


@pytest.mark.parametrize("hybridize", [False, True], ids=["imperative", "hybridized"])
@pytest.mark.parametrize("case", CASES)
def test_layer_matches_mxnet(case, hybridize):
    replay(GOLDEN[case], hybridize=hybridize)
