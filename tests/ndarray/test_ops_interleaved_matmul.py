"""nd.contrib.interleaved_matmul_* (multi-head attention on interleaved projections,
used by GluonNLP's BERT/transformer) against MXNet 1.9.1: values and gradients."""
import pytest

from mxjax import nd, autograd
from mxjax.base import MXNetError
from golden_utils import load, assert_matches

G = load("interleaved_matmul")


@pytest.mark.parametrize("case", sorted(G))
def test_golden(case):
    c = G[case]
    arrays = {k[3:]: nd.array(v) for k, v in c.items() if k.startswith("in:")}
    for a in arrays.values():
        a.attach_grad()
    with autograd.record():
        out = getattr(nd.contrib, str(c["op"]))(**arrays, heads=int(c["heads"]))
    out.backward(nd.array(c["head"]))
    assert_matches(out, c["out"], rtol=1e-5, atol=1e-5)
    for k, a in arrays.items():
        assert_matches(a.grad, c["grad:" + k], rtol=1e-5, atol=1e-5)


def test_shape_errors():
    with pytest.raises(MXNetError, match="interleaved_matmul_selfatt_qk.*heads=4"):
        nd.contrib.interleaved_matmul_selfatt_qk(nd.ones((5, 2, 10)), heads=4)
    with pytest.raises(MXNetError, match="interleaved_matmul_selfatt_valatt.*attention"):
        nd.contrib.interleaved_matmul_selfatt_valatt(nd.ones((5, 2, 24)), nd.ones((8, 5, 4)),
                                                     heads=4)
