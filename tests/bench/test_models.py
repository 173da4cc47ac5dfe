"""The benchmark's models compute the same thing in Gluon (mxjax) and in hand-written JAX.

bench/models.py writes ResNet-20 and the LSTM language model once per framework; the
W7/W8/W10 ratios compare them, so the Gluon network run by mxjax must give the
hand-written JAX network's outputs for the same parameters.
"""
import os
import sys

import jax
import numpy as np
import pytest

import mxjax as mx

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "bench"))
import models  # noqa: E402


def _trainable(net):
    return [p for p in net.collect_params().values()
            if not p.name.endswith(("running_mean", "running_var"))]


def _load(net, flat):
    params = _trainable(net)
    assert [tuple(p.shape) for p in params] == [a.shape for a in flat]
    for p, a in zip(params, flat):
        p.set_data(mx.nd.array(a))


@pytest.mark.parametrize("train", [True, False])
def test_resnet20_gluon_matches_jax(train):
    params, stats = models.jax_resnet20_init()
    net = models.gluon_resnet20(mx)
    net.initialize()
    _load(net, models.jax_resnet20_flat(params))
    x = models.resnet_inputs(2)[0]
    if train:
        with mx.autograd.record():
            got = net(mx.nd.array(x)).asnumpy()
    else:
        got = net(mx.nd.array(x)).asnumpy()
    want, new_stats = models.jax_resnet20_apply(jax, params, stats, x, train)
    np.testing.assert_allclose(got, np.asarray(want), rtol=1e-4, atol=1e-4)
    if train:  # the running statistics were updated the same way
        rm = [p for p in net.collect_params().values() if p.name.endswith("running_mean")]
        np.testing.assert_allclose(rm[0].data().asnumpy(), np.asarray(new_stats["stem_bn"]["mean"]),
                                   rtol=1e-4, atol=1e-5)


def test_resnet20_structure():
    net = models.gluon_resnet20(mx)
    convs = [p for p in _trainable(net) if len(p.shape) == 4]
    # 19 3x3 convolutions + 2 1x1 shortcut convolutions, one Dense: ResNet-20
    assert sum(1 for p in convs if p.shape[2] == 3) == 19
    assert sum(1 for p in convs if p.shape[2] == 1) == 2


def test_lstm_lm_gluon_matches_jax():
    params = models.jax_lstm_lm_init()
    net = models.gluon_lstm_lm(mx)
    net.initialize()
    _load(net, models.jax_lstm_lm_flat(params))
    tokens = models.lm_inputs()[0][:5, :3]
    got = net(mx.nd.array(tokens)).asnumpy()
    want = models.jax_lstm_lm_apply(jax, params, tokens)
    np.testing.assert_allclose(got, np.asarray(want), rtol=1e-4, atol=1e-5)


def test_jax_steps_lower_the_loss():
    rs_step = models.jax_resnet20_train_step(jax)
    params, stats = models.jax_resnet20_init()
    mom = jax.tree_util.tree_map(np.zeros_like, params)
    x, y = models.resnet_inputs(4)
    losses = []
    for _ in range(3):
        params, mom, stats, loss = rs_step(params, mom, stats, x, y)
        losses.append(float(loss))
    assert losses[-1] < losses[0]
