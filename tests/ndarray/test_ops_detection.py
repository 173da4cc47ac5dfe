"""Detection operators of nd.contrib against MXNet 1.9.1 (tests/golden/detection.npz)."""
import pytest

from mxjax import nd
from mxjax.base import MXNetError
from golden_utils import load
from nnops_golden import replay, meta

G = load("detection")

COVERED = ("contrib.box_nms", "contrib.box_non_maximum_suppression", "contrib.box_iou",
           "contrib.bipartite_matching", "contrib.box_encode", "contrib.box_decode",
           "contrib.MultiBoxPrior")


def test_every_name_has_golden_cases():
    assert set(COVERED) <= {meta(c)["op"] for c in G.values()}


@pytest.mark.parametrize("case", sorted(G))
def test_golden(case):
    replay(G[case])


def test_errors():
    with pytest.raises(MXNetError, match="box_nms"):
        nd.contrib.box_nms(nd.ones((4, 6)), in_format="xywh")
    with pytest.raises(MXNetError, match="box_nms"):
        nd.contrib.box_nms(nd.ones((4, 5)))
    with pytest.raises(MXNetError, match="box_iou"):
        nd.contrib.box_iou(nd.ones((2, 3)), nd.ones((2, 4)))
    with pytest.raises(MXNetError, match="MultiBoxPrior"):
        nd.contrib.MultiBoxPrior(nd.ones((1, 2, 2, 2), dtype="float64"))
    with pytest.raises(MXNetError, match="threshold"):
        nd.contrib.bipartite_matching(nd.ones((3, 2)))
