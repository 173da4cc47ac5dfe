"""nd.contrib AdamW updates against MXNet 1.9.1 (tests/golden/adamw.npz)."""
import pytest

from mxjax import nd
from mxjax.base import MXNetError
from golden_utils import load, assert_matches

G = load("adamw")


@pytest.mark.parametrize("tag", ["rescale", "skip_inf", "skip_zero"])
def test_adamw_update(tag):
    c = G["adamw_" + tag]
    W, Gr, M, V = [nd.array(c[k]) for k in ("w", "g", "m", "v")]
    nd.contrib.adamw_update(W, Gr, M, V, rescale_grad=float(c["rescale"]), lr=0.1, eta=0.5,
                            wd=0.01, clip_gradient=0.8, out=W)
    assert_matches(W, c["w_out"])
    assert_matches(M, c["m_out"])
    assert_matches(V, c["v_out"])


def test_mp_adamw_update():
    c = G["mp_adamw"]
    W = nd.array(c["w"], dtype="float16")
    Gr = nd.array(c["g"], dtype="float16")
    M, V, W32 = nd.array(c["m"]), nd.array(c["v"]), nd.array(c["w"])
    res = nd.contrib.mp_adamw_update(W, Gr, M, V, W32, rescale_grad=nd.array([0.5]), lr=0.1,
                                     eta=0.5, wd=0.01, beta1=0.8, epsilon=1e-6)
    assert_matches(res, c["w_out"])
    assert_matches(M, c["m_out"])
    assert_matches(V, c["v_out"])
    assert_matches(W32, c["w32_out"])


def test_multi_adamw_update():
    c = G["multi_adamw"]
    Ws = [nd.array(c["w"]), nd.array(c["w2"])]
    Ms = [nd.array(c["m"]), nd.array(c["v"])]
    Vs = [nd.array(c["v"]), nd.array(c["v"])]
    nd.contrib.multi_adamw_update(Ws, [nd.array(c["g"]), nd.array(c["g2"])], Ms, Vs, 2.0,
                                  lrs=[0.1, 0.2], wds=[0.0, 0.1], etas=[1.0, 0.5], out=Ws,
                                  beta2=0.99)
    for i in range(2):
        assert_matches(Ws[i], c["w%d" % i])
        assert_matches(Ms[i], c["m%d" % i])
        assert_matches(Vs[i], c["v%d" % i])


def test_multi_mp_adamw_update():
    c = G["multi_mp_adamw"]
    Ws = [nd.array(c["w"], dtype="float16"), nd.array(c["w2"], dtype="float16")]
    W32s = [nd.array(c["w"]), nd.array(c["w2"])]
    Ms = [nd.array(c["m"]), nd.array(c["v"])]
    Vs = [nd.array(c["v"]), nd.array(c["v"])]
    nd.contrib.multi_mp_adamw_update(Ws, [nd.array(c["g"], dtype="float16"),
                                          nd.array(c["g2"], dtype="float16")], Ms, Vs, W32s,
                                     nd.array([1.0]), lrs=[0.1, 0.2], wds=[0.0, 0.1],
                                     etas=[1.0, 0.5], out=Ws, clip_gradient=0.5)
    for i in range(2):
        assert_matches(Ws[i], c["w%d" % i])
        assert_matches(Ms[i], c["m%d" % i])
        assert_matches(Vs[i], c["v%d" % i])
        assert_matches(W32s[i], c["w32_%d" % i])


def test_errors():
    w = nd.ones((3,))
    with pytest.raises(MXNetError, match="lrs has 1 values for 2 weights"):
        nd.contrib.multi_adamw_update([w, w], [w, w], [w, w], [w, w], 1.0, lrs=[0.1],
                                      wds=[0, 0], etas=[1, 1])
