"""mx.optimizer.contrib.GroupAdaGrad vs MXNet 1.9.1 (three dense updates), and its errors."""
import pytest

import mxjax as mx
from mxjax.base import MXNetError
import golden_utils

G = golden_utils.load("optimizer_contrib")
KWARGS = {"default": {},
          "clip_rescale": {"clip_gradient": 0.5, "rescale_grad": 0.7, "learning_rate": 0.3,
                           "eps": 1e-3}}


@pytest.mark.parametrize("name", sorted(KWARGS))
def test_group_adagrad_vs_mxnet(name):
    exp = G[name]
    opt = mx.optimizer.create("groupadagrad", **KWARGS[name])
    assert isinstance(opt, mx.optimizer.contrib.GroupAdaGrad)
    w = mx.nd.array(exp["w0"])
    state = opt.create_state_multi_precision(0, w)
    for g in exp["grads"]:
        opt.update_multi_precision(0, w, mx.nd.array(g), state)
    golden_utils.assert_matches(w, exp["weight"], rtol=1e-5, atol=1e-6)
    golden_utils.assert_matches(state, exp["history"], rtol=1e-5, atol=1e-6)


def test_group_adagrad_errors():
    opt = mx.optimizer.contrib.GroupAdaGrad(wd=0.1)
    w = mx.nd.ones((2, 3))
    state = opt.create_state(0, w)
    with pytest.raises(MXNetError, match="Weight decay is not supported"):
        opt.update(0, w, mx.nd.ones((2, 3)), state)
    with pytest.raises(MXNetError, match="2-d"):
        opt.create_state(0, mx.nd.ones((3,)))
