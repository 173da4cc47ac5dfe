"""mxjax.gluon.contrib.estimator.event_handler: checkpoints, early stopping, logging."""
import io
import logging
import os

import pytest

import mxjax as mx
from mxjax import gluon
from mxjax.gluon.contrib.estimator import Estimator, event_handler
from ._nets import net_and_data


def _estimator(net):
    net.initialize(mx.init.Xavier())
    trainer = gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.1})
    return Estimator(net, loss=gluon.loss.SoftmaxCrossEntropyLoss(), trainer=trainer)


def test_checkpoint_files_and_symbol(tmp_path):
    net, loader = net_and_data(hybridize=True)
    est = _estimator(net)
    ckpt = event_handler.CheckpointHandler(model_dir=str(tmp_path), model_prefix="m",
                                           epoch_period=None, batch_period=2,
                                           max_checkpoints=2)
    est.fit(loader, batches=7, event_handlers=[ckpt])
    names = sorted(os.listdir(str(tmp_path)))
    # batches 1, 3, 5 saved (every 2nd); only the last two kept; the graph as symbol JSON
    assert names == ["m-epoch1batch3.params", "m-epoch1batch3.states",
                     "m-epoch1batch5.params", "m-epoch1batch5.states", "m-symbol.json"]
    sym = mx.sym.load(str(tmp_path / "m-symbol.json"))
    assert "dense1_weight" in " ".join(sym.list_arguments()) or sym.list_arguments()


def test_checkpoint_resume(tmp_path):
    net, loader = net_and_data()
    est = _estimator(net)
    ckpt = event_handler.CheckpointHandler(model_dir=str(tmp_path), model_prefix="r")
    est.fit(loader, epochs=2, event_handlers=[ckpt])
    assert os.path.isfile(str(tmp_path / "r-epoch1batch6.params"))
    resume = event_handler.CheckpointHandler(model_dir=str(tmp_path), model_prefix="r",
                                             resume_from_checkpoint=True)
    est.fit(loader, epochs=3, event_handlers=[resume])
    # one more epoch, numbered after the checkpoint found (names as MXNet 1.9.1 writes them)
    assert est.max_epoch == 1
    assert os.path.isfile(str(tmp_path / "r-epoch2batch9.params"))


def test_not_hybridized_net_logs_no_symbol(tmp_path):
    net, loader = net_and_data()
    est = _estimator(net)
    out = io.StringIO()
    est.logger.addHandler(logging.StreamHandler(out))
    ckpt = event_handler.CheckpointHandler(model_dir=str(tmp_path))
    est.fit(loader, epochs=1, event_handlers=[ckpt])
    assert "Model architecture(symbol file) is not saved" in out.getvalue()
    assert not os.path.exists(str(tmp_path / "model-symbol.json"))


def test_early_stopping_patience():
    net, loader = net_and_data()
    est = _estimator(net)
    metric = est.train_metrics[0]
    # mode='min' on accuracy: baseline 0 can never be improved, stop after patience epochs
    stop = event_handler.EarlyStoppingHandler(monitor=metric, patience=2, mode="min",
                                              baseline=0.0)
    est.fit(loader, epochs=10, event_handlers=[stop])
    assert stop.current_epoch == 2 and stop.stopped_epoch == 1
    with pytest.raises(ValueError):
        event_handler.EarlyStoppingHandler(monitor=mx.metric.create(["acc", "mse"]))


def test_logging_interval_messages():
    net, loader = net_and_data()
    est = _estimator(net)
    out = io.StringIO()
    est.logger.addHandler(logging.StreamHandler(out))
    log = event_handler.LoggingHandler(log_interval=2, metrics=est.train_metrics)
    est.fit(loader, epochs=1, event_handlers=[log])
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("Training begin: using optimizer SGD with current learning "
                               "rate 0.1000")
    assert lines[1] == "Train for 1 epochs."
    assert lines[2] == "[Epoch 0] Begin, current learning rate: 0.1000"
    batch_lines = [l for l in lines if l.startswith("[Epoch 0][Batch")]
    assert [l.split("]")[1] for l in batch_lines] == ["[Batch 0", "[Batch 2"]
    assert "[Samples 4] time/interval: " in batch_lines[0]
    assert lines[-1].startswith("Train finished using total ")
    with pytest.raises(ValueError):
        event_handler.LoggingHandler(log_interval="batch")
