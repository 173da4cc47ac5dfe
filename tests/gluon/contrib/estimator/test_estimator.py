"""mxjax.gluon.contrib.estimator.estimator: MXNet 1.9.1's Estimator training loop."""
import io
import logging

import numpy as np
import pytest

import mxjax as mx
from mxjax import gluon
from mxjax.gluon.contrib.estimator import Estimator, event_handler
from ._nets import net_and_data


def _estimator(net, **kw):
    net.initialize(mx.init.Xavier())
    trainer = gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.1})
    return Estimator(net, loss=gluon.loss.SoftmaxCrossEntropyLoss(), trainer=trainer, **kw)


def test_default_metrics_names():
    net, _ = net_and_data()
    est = _estimator(net)
    # as MXNet 1.9.1: accuracy suggested for softmax cross-entropy, plus the loss's mean
    assert [m.name for m in est.train_metrics] == ["training accuracy",
                                                   "training softmaxcrossentropyloss"]
    assert [m.name for m in est.val_metrics] == ["validation accuracy",
                                                 "validation softmaxcrossentropyloss"]
    assert est.context == [mx.cpu()]


def test_fit_trains_and_counts():
    net, loader = net_and_data()
    est = _estimator(net)
    before = net[0].weight.data().asnumpy().copy()
    stop = event_handler.StoppingHandler()
    est.fit(loader, epochs=2, event_handlers=[stop])
    assert stop.current_epoch == 2 and stop.current_batch == 6
    assert not np.allclose(before, net[0].weight.data().asnumpy())
    name, value = est.train_metrics[1].get()
    assert name == "training softmaxcrossentropyloss" and np.isfinite(value)


def test_fit_by_batches_stops_mid_epoch():
    net, loader = net_and_data()
    est = _estimator(net)
    stop = event_handler.StoppingHandler()
    est.fit(loader, batches=4, event_handlers=[stop])
    assert stop.current_batch == 4 and stop.current_epoch == 2


def test_fit_argument_errors():
    net, loader = net_and_data()
    est = _estimator(net)
    with pytest.raises(ValueError):
        est.fit(loader, epochs=1, batches=1)
    with pytest.raises(ValueError):
        est.fit(loader)
    with pytest.raises(ValueError):
        est.fit([1, 2], epochs=1)
    with pytest.raises(ValueError):
        Estimator(net, loss="not a loss")
    with pytest.raises(ValueError):
        Estimator(net, loss=gluon.loss.L2Loss(), trainer="sgd")
    with pytest.raises(ValueError):
        Estimator(net, loss=gluon.loss.L2Loss(), context="cpu")


def test_evaluate_and_logging():
    net, loader = net_and_data()
    est = _estimator(net)
    out = io.StringIO()
    est.logger.addHandler(logging.StreamHandler(out))
    est.evaluate(loader)
    text = out.getvalue()
    assert "Validation Begin" in text
    assert "validation accuracy: " in text
    acc = est.val_metrics[0].get()[1]
    assert 0.0 <= acc <= 1.0


def test_handlers_sorted_by_priority_and_categorized():
    net, loader = net_and_data()
    est = _estimator(net)
    est.max_epoch, est.max_batch = 1, None
    handlers = est._prepare_default_handlers(loader, None)
    kinds = [type(h).__name__ for h in handlers]
    assert kinds == ["GradientUpdateHandler", "MetricHandler", "ValidationHandler",
                     "StoppingHandler", "LoggingHandler"]
    train_begin, epoch_begin, batch_begin, batch_end, epoch_end, train_end = \
        est._categorize_handlers(handlers)
    assert [type(h).__name__ for h in train_end] == ["LoggingHandler"]
    assert len(batch_end) == 5


def test_foreign_metric_refused_when_mixing_handlers():
    net, loader = net_and_data()
    est = _estimator(net)
    foreign = event_handler.LoggingHandler(metrics=[mx.metric.RMSE()])
    with pytest.raises(ValueError, match="outside of the known"):
        est.fit(loader, epochs=1, event_handlers=[foreign])
