"""mxjax.gluon.contrib.estimator.batch_processor: one training / evaluation step."""
import numpy as np

import mxjax as mx
from mxjax import gluon
from mxjax.gluon.contrib.estimator import Estimator
from mxjax.gluon.contrib.estimator.batch_processor import BatchProcessor
from ._nets import net_and_data


def test_fit_batch_gradients_match_autograd():
    net, loader = net_and_data()
    net.initialize(mx.init.Xavier())
    loss = gluon.loss.SoftmaxCrossEntropyLoss()
    trainer = gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.1})
    est = Estimator(net, loss=loss, trainer=trainer)
    batch = next(iter(loader))
    data, label, pred, losses = BatchProcessor().fit_batch(est, batch)
    assert len(data) == len(label) == len(pred) == len(losses) == 1
    grad = net[0].weight.grad().asnumpy().copy()
    with mx.autograd.record():
        ref = loss(net(batch[0]), batch[1])
    ref.backward()
    np.testing.assert_allclose(grad, net[0].weight.grad().asnumpy(), rtol=1e-6)
    np.testing.assert_allclose(losses[0].asnumpy(), ref.asnumpy(), rtol=1e-6)


def test_custom_processor_checked():
    net, _ = net_and_data()
    net.initialize()

    class NoEvaluate(object):
        def fit_batch(self, *a):
            return None

    import pytest
    with pytest.raises(ValueError, match="fit_batch\\(\\) and evaluate_batch\\(\\)"):
        Estimator(net, loss=gluon.loss.L2Loss(), batch_processor=NoEvaluate())
