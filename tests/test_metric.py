"""mx.metric: every metric on fixed predictions vs MXNet 1.9.1 (local, reset_local and
global statistics), the registry, CustomMetric/np, composite metrics and errors."""
import json
import os
import sys

import numpy as np
import pytest

import mxjax as mx
from mxjax.base import MXNetError
import golden_utils

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools",
                                "golden"))
from gluon_train_metric_cases import CASES  # noqa: E402

G = golden_utils.load("gluon_train_metric")


def feed(metric, batches):
    for labels, preds in batches:
        metric.update([mx.nd.array(x) for x in labels], [mx.nd.array(x) for x in preds])


def flat(value):
    return np.array(value if isinstance(value, list) else [value], dtype="float64")


def value_types(value):
    return [type(v).__name__ for v in (value if isinstance(value, list) else [value])]


@pytest.mark.parametrize("name", sorted(CASES))
def test_metric_vs_mxnet(name):
    metric_name, kwargs, batches = CASES[name]
    metric = mx.metric.create(metric_name, **kwargs)
    exp = G[name]
    feed(metric, batches[:2])
    n1, v1 = metric.get()
    np.testing.assert_allclose(flat(v1), exp["first"], rtol=1e-6)
    # MXNet's result types (float64 from NumPy < 2's float + float32 promotion)
    assert value_types(v1) == [str(t) for t in exp["types"]]
    metric.reset_local()
    feed(metric, batches[2:])
    np.testing.assert_allclose(flat(metric.get()[1]), exp["local"], rtol=1e-6)
    np.testing.assert_allclose(flat(metric.get_global()[1]), exp["global"], rtol=1e-6)
    names = n1 if isinstance(n1, list) else [n1]
    assert names == [str(x) for x in exp["names"]]
    assert [n for n, _ in metric.get_name_value()] == names
    metric.reset()
    assert np.isnan(flat(metric.get()[1])).all()


def test_custom_and_np_vs_mxnet():
    def feval(label, pred):
        return float(np.abs(label - pred.argmax(axis=1)).sum()), len(label)

    m = mx.metric.CustomMetric(feval, name="absdiff")
    feed(m, CASES["acc"][2])
    m2 = mx.metric.np(lambda l, p: float((p.argmax(axis=1) == l).mean()))
    feed(m2, CASES["acc"][2])
    np.testing.assert_allclose(flat(m.get()[1]), G["custom"]["value"], rtol=1e-7)
    np.testing.assert_allclose(flat(m2.get()[1]), G["custom"]["np_value"], rtol=1e-7)
    assert m2.get()[0] == str(G["custom"]["np_name"])
    assert value_types(m.get()[1]) + value_types(m2.get()[1]) == \
        [str(t) for t in G["custom"]["types"]]
    assert m.get()[0] == "absdiff"
    with pytest.raises(NotImplementedError):
        m.get_config()
    assert isinstance(mx.metric.create(feval), mx.metric.CustomMetric)


def test_config_and_str_vs_mxnet():
    got = json.dumps(mx.metric.Accuracy(axis=2).get_config(), sort_keys=True)
    assert got == str(G["config"]["acc"])
    assert str(mx.metric.Accuracy()) == str(G["config"]["str"])
    again = mx.metric.create(mx.metric.Accuracy(axis=2).get_config())
    assert isinstance(again, mx.metric.Accuracy) and again.axis == 2


def test_update_dict_and_names():
    m = mx.metric.Accuracy(output_names=["out"], label_names=["lab"])
    m.update_dict({"lab": mx.nd.array([1, 0]), "other": mx.nd.array([5, 5])},
                  {"out": mx.nd.array([[0.1, 0.9], [0.2, 0.8]])})
    assert m.get() == ("accuracy", 0.5)
    comp = mx.metric.CompositeEvalMetric(["acc", "mse"])
    comp.add(mx.metric.MAE())
    assert [type(x) for x in comp.metrics] == [mx.metric.Accuracy, mx.metric.MSE,
                                               mx.metric.MAE]
    assert comp.get_metric(1) is comp.metrics[1]
    assert isinstance(comp.get_metric(7), ValueError)


def test_single_ndarray_inputs():
    m = mx.metric.Accuracy()
    m.update(mx.nd.array([0, 1, 1]), mx.nd.array([[0.9, 0.1], [0.3, 0.7], [0.8, 0.2]]))
    assert m.get()[1] == pytest.approx(2 / 3)
    loss = mx.metric.Loss()
    loss.update(None, mx.nd.array([1.0, 3.0]))
    assert loss.get() == ("loss", 2.0)


def test_errors():
    with pytest.raises(ValueError, match="Shape of labels 2 does not match shape of "
                                         "predictions 1"):
        mx.metric.Accuracy().update([mx.nd.ones(2), mx.nd.ones(2)], [mx.nd.ones((2, 2))])
    with pytest.raises(MXNetError):
        mx.metric.check_label_shapes([1], [1, 2])
    with pytest.raises(AssertionError, match="nosuch is not registered"):
        mx.metric.create("nosuch")
    with pytest.raises(MXNetError):
        mx.metric.create("nosuch")
    with pytest.raises(AssertionError, match="Please use Accuracy"):
        mx.metric.TopKAccuracy(top_k=1)
    with pytest.raises(ValueError, match="only supports binary classification"):
        mx.metric.F1().update([mx.nd.array([0, 1, 2])], [mx.nd.ones((3, 2))])


def test_register_custom_metric():
    @mx.metric.register
    @mx.metric.alias("always_one_for_test")
    class AlwaysOneForTest(mx.metric.EvalMetric):
        def __init__(self):
            super().__init__("one")

        def update(self, labels, preds):
            self.sum_metric += 1
            self.num_inst += 1

    m = mx.metric.create("always_one_for_test")
    m.update([], [])
    assert m.get() == ("one", 1.0)
    assert isinstance(mx.metric.create("alwaysonefortest"), AlwaysOneForTest)


@pytest.mark.parametrize("cls,name", [
    ("Accuracy", "acc"), ("TopKAccuracy", "top_k_accuracy"), ("F1", "f1"), ("MCC", "mcc"),
    ("Perplexity", "perplexity"), ("MAE", "mae"), ("MSE", "mse"), ("RMSE", "rmse"),
    ("CrossEntropy", "ce"), ("NegativeLogLikelihood", "nll_loss"),
    ("PearsonCorrelation", "pearsonr"), ("PCC", "pcc"), ("Loss", "loss"), ("Torch", "torch"),
    ("Caffe", "caffe"), ("CompositeEvalMetric", "composite")])
def test_registered_names(cls, name):
    kwargs = {"ignore_label": None} if cls == "Perplexity" else \
        ({"top_k": 2} if cls == "TopKAccuracy" else {})
    assert type(mx.metric.create(name, **kwargs)) is getattr(mx.metric, cls)
    assert mx.metric.OrderedDict is not None  # MXNet's module exports it


def test_torch_and_caffe_are_loss_metrics():
    for cls in (mx.metric.Torch, mx.metric.Caffe):
        m = cls()
        m.update(None, [mx.nd.array([2.0, 4.0])])
        assert m.get()[1] == 3.0
