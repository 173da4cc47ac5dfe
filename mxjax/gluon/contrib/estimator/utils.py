"""Argument checks shared by the estimator and its event handlers."""
from ...loss import SoftmaxCrossEntropyLoss
from ....metric import Accuracy, EvalMetric, CompositeEvalMetric


def _check_metrics(metrics):
    """A flat list of metrics from a metric, a composite metric, a list of them or None.

    Raises
    ------
    ValueError
        When an element is not an :class:`mxnet.metric.EvalMetric`.
    """
    if isinstance(metrics, CompositeEvalMetric):
        flat = []
        for child in metrics.metrics:
            flat.extend(_check_metrics(child))
        return flat
    if isinstance(metrics, EvalMetric):
        return [metrics]
    metrics = metrics or []
    if any(not isinstance(m, EvalMetric) for m in metrics):
        raise ValueError("metrics must be a Metric or a list of Metric, "
                         "refer to mxnet.metric.EvalMetric: {}".format(metrics))
    return metrics


def _check_metric_known(handler, metric, known_metrics):
    """Raise ValueError when ``metric`` is neither a training nor a validation metric."""
    if metric not in known_metrics:
        raise ValueError(
            "Event handler {} refers to a metric instance {} outside of the known training "
            "and validation metrics. Please use the metrics from estimator.train_metrics and "
            "estimator.val_metrics instead.".format(type(handler).__name__, metric))


def _check_handler_metric_ref(handler, known_metrics):
    """Check every metric a handler refers to (attributes whose name contains ``metric``)."""
    for attribute in dir(handler):
        # MXNet 1.9.1 tests ``['metric' or 'monitor']``, i.e. only names containing 'metric'
        if "metric" not in attribute:
            continue
        reference = getattr(handler, attribute)
        if not reference:
            continue
        for metric in (reference if isinstance(reference, list) else [reference]):
            _check_metric_known(handler, metric, known_metrics)


def _suggest_metric_for_loss(loss):
    """The metric that goes with a loss by default: accuracy for softmax cross-entropy."""
    if isinstance(loss, SoftmaxCrossEntropyLoss):
        return Accuracy()
    return None
