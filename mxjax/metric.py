"""``mx.metric``: evaluation metrics, as MXNet 1.9.1's ``mxnet.metric``.

A metric accumulates ``sum_metric`` and ``num_inst`` over ``update(labels, preds)``
calls (lists of NDArrays, or single NDArrays); ``get()`` returns ``(name, value)``.
Metrics with global statistics also keep ``global_sum_metric``/``global_num_inst``,
which ``reset_local()`` leaves alone. Values are computed on the host with NumPy,
as MXNet does.
"""
import json
import math
from collections import OrderedDict

import numpy

from .base import MXNetError, numeric_types, string_types
from . import _registry

__all__ = ["EvalMetric", "CompositeEvalMetric", "Accuracy", "TopKAccuracy", "F1", "MCC",
           "Perplexity", "MAE", "MSE", "RMSE", "CrossEntropy", "NegativeLogLikelihood",
           "PearsonCorrelation", "PCC", "Loss", "Torch", "Caffe", "CustomMetric", "np",
           "create", "register", "alias", "check_label_shapes"]


class MetricValueError(MXNetError, ValueError):
    """Mismatched labels and predictions, or a bad argument (MXNet raises ValueError)."""


class MetricAssertionError(MXNetError, AssertionError):
    """A failed metric check (MXNet asserts)."""


def _check(cond, msg):
    if not cond:
        raise MetricAssertionError(msg)


def _nd():
    from . import ndarray
    return ndarray


def _is_nd(x):
    return isinstance(x, _nd().NDArray)


def _numpy(x):
    return x.asnumpy() if _is_nd(x) else numpy.asarray(x)


def _f64(value):
    """A float32/float16 NumPy scalar as float64, other values unchanged.

    MXNet 1.9.1 ran on NumPy < 2, where a Python float plus a float32 scalar is a float64
    (the metrics' ``sum_metric`` starts as ``0.0``), so its results are float64.  NumPy 2
    keeps float32; metrics pass each float32 term through here to give MXNet's dtype.
    """
    if isinstance(value, numpy.floating) and value.dtype.itemsize < 8:
        return numpy.float64(value)
    return value


def check_label_shapes(labels, preds, wrap=False, shape=False):
    """Check that labels and predictions match in number (or shape, with ``shape=True``).

    Parameters
    ----------
    labels, preds : list of NDArray or NDArray
    wrap : bool, default False
        Wrap single NDArrays into lists.
    shape : bool, default False
        Compare ``.shape`` instead of ``len``.

    Returns
    -------
    (labels, preds)
    """
    if not shape:
        label_shape, pred_shape = len(labels), len(preds)
    else:
        label_shape, pred_shape = labels.shape, preds.shape
    if label_shape != pred_shape:
        raise MetricValueError("Shape of labels {} does not match shape of predictions {}"
                               .format(label_shape, pred_shape))
    if wrap:
        if _is_nd(labels):
            labels = [labels]
        if _is_nd(preds):
            preds = [preds]
    return labels, preds


class EvalMetric:
    """Base class of evaluation metrics.

    Parameters
    ----------
    name : str
    output_names : list of str, optional
        Outputs used by :meth:`update_dict`.
    label_names : list of str, optional
        Labels used by :meth:`update_dict`.
    **kwargs
        Kept for :meth:`get_config`; ``has_global_stats`` turns global statistics on.
    """

    def __init__(self, name, output_names=None, label_names=None, **kwargs):
        self.name = str(name)
        self.output_names = output_names
        self.label_names = label_names
        self._has_global_stats = kwargs.pop("has_global_stats", False)
        self._kwargs = kwargs
        self.reset()

    def __str__(self):
        return "EvalMetric: {}".format(dict(self.get_name_value()))

    def get_config(self):
        """The configuration (a dict that :func:`create` accepts).

        Returns
        -------
        dict
        """
        config = self._kwargs.copy()
        config.update({"metric": self.__class__.__name__, "name": self.name,
                       "output_names": self.output_names, "label_names": self.label_names})
        return config

    def update_dict(self, label, pred):
        """Update from dicts of named labels and outputs (filtered by the names).

        Parameters
        ----------
        label, pred : OrderedDict of str to NDArray
        """
        if self.output_names is not None:
            pred = [pred[name] for name in self.output_names]
        else:
            pred = list(pred.values())
        if self.label_names is not None:
            label = [label[name] for name in self.label_names]
        else:
            label = list(label.values())
        self.update(label, pred)

    def update(self, labels, preds):
        """Accumulate the metric of a batch.

        Parameters
        ----------
        labels : list of NDArray
        preds : list of NDArray
        """
        raise NotImplementedError()

    def reset(self):
        """Clear local and global statistics."""
        self.num_inst = 0
        self.sum_metric = 0.0
        self.global_num_inst = 0
        self.global_sum_metric = 0.0

    def reset_local(self):
        """Clear the local statistics only."""
        self.num_inst = 0
        self.sum_metric = 0.0

    def get(self):
        """``(name, value)`` of the local statistics (nan before any update)."""
        if self.num_inst == 0:
            return (self.name, float("nan"))
        return (self.name, self.sum_metric / self.num_inst)

    def get_global(self):
        """``(name, value)`` of the global statistics."""
        if self._has_global_stats:
            if self.global_num_inst == 0:
                return (self.name, float("nan"))
            return (self.name, self.global_sum_metric / self.global_num_inst)
        return self.get()

    def get_name_value(self):
        """The local values as a list of ``(name, value)`` pairs."""
        name, value = self.get()
        if not isinstance(name, list):
            name = [name]
        if not isinstance(value, list):
            value = [value]
        return list(zip(name, value))

    def get_global_name_value(self):
        """The global values as a list of ``(name, value)`` pairs."""
        if self._has_global_stats:
            name, value = self.get_global()
            if not isinstance(name, list):
                name = [name]
            if not isinstance(value, list):
                value = [value]
            return list(zip(name, value))
        return self.get_name_value()


# ---------------------------------------------------------------------------
# registry

_REGISTRY = {}


def register(klass, name=None):
    """Register a metric class under its lower-cased name (a class decorator).

    Parameters
    ----------
    klass : type
        A subclass of :class:`EvalMetric`.
    name : str, optional

    Returns
    -------
    type
    """
    _check(isinstance(klass, type) and issubclass(klass, EvalMetric),
           "Can only register subclass of EvalMetric")
    return _registry.add(_REGISTRY, klass, name, 'metric')


def alias(*aliases):
    """A class decorator registering a metric under extra names."""
    return _registry.alias(register, aliases)


def _create(*args, **kwargs):
    if args:
        name, args = args[0], args[1:]
    else:
        _check("metric" in kwargs, "create() needs a metric")
        name = kwargs.pop("metric")
    if isinstance(name, EvalMetric):
        _check(not args and not kwargs,
               "metric is already an instance. Additional arguments are invalid")
        return name
    if isinstance(name, dict):
        return _create(**name)
    _check(isinstance(name, string_types), "metric must be of string type")
    if name.startswith("["):
        _check(not args and not kwargs, "a JSON metric takes no other arguments")
        name, kwargs = json.loads(name)
        return _create(name, **kwargs)
    if name.startswith("{"):
        _check(not args and not kwargs, "a JSON metric takes no other arguments")
        return _create(**json.loads(name))
    name = name.lower()
    _check(name in _REGISTRY, "%s is not registered. Please register with metric.register "
                              "first" % str(name))
    return _REGISTRY[name](*args, **kwargs)


def create(metric, *args, **kwargs):
    """A metric from a name, a config dict, a list (composite), a function, or an instance.

    Parameters
    ----------
    metric : str, dict, list, callable or EvalMetric
        ``'acc'``, ``'ce'``, ``'f1'`` ...; a callable ``feval(label, pred)`` becomes a
        :class:`CustomMetric`; a list becomes a :class:`CompositeEvalMetric`.
    *args, **kwargs
        Constructor arguments.

    Returns
    -------
    EvalMetric
    """
    if callable(metric):
        return CustomMetric(metric, *args, **kwargs)
    if isinstance(metric, list):
        composite_metric = CompositeEvalMetric()
        for child_metric in metric:
            composite_metric.add(create(child_metric, *args, **kwargs))
        return composite_metric
    return _create(metric, *args, **kwargs)


@register
@alias("composite")
class CompositeEvalMetric(EvalMetric):
    """Several metrics updated together.

    Parameters
    ----------
    metrics : list of EvalMetric (or what :func:`create` accepts), optional
    name : str, default 'composite'
    output_names, label_names : list of str, optional
    """

    def __init__(self, metrics=None, name="composite", output_names=None, label_names=None):
        super().__init__(name, output_names=output_names, label_names=label_names,
                         has_global_stats=True)
        if metrics is None:
            metrics = []
        self.metrics = [create(i) for i in metrics]

    def add(self, metric):
        """Add a child metric."""
        self.metrics.append(create(metric))

    def get_metric(self, index):
        """The child metric at ``index`` (a ValueError object when out of range, as MXNet)."""
        try:
            return self.metrics[index]
        except IndexError:
            return ValueError("Metric index {} is out of range 0 and {}".format(
                index, len(self.metrics)))

    def update_dict(self, labels, preds):
        if self.label_names is not None:
            labels = OrderedDict([i for i in labels.items() if i[0] in self.label_names])
        if self.output_names is not None:
            preds = OrderedDict([i for i in preds.items() if i[0] in self.output_names])
        for metric in self.metrics:
            metric.update_dict(labels, preds)

    def update(self, labels, preds):
        for metric in self.metrics:
            metric.update(labels, preds)

    def reset(self):
        try:
            for metric in self.metrics:
                metric.reset()
        except AttributeError:
            pass

    def reset_local(self):
        try:
            for metric in self.metrics:
                metric.reset_local()
        except AttributeError:
            pass

    def _collect(self, getter):
        names, values = [], []
        for metric in self.metrics:
            name, value = getter(metric)
            if isinstance(name, string_types):
                name = [name]
            if isinstance(value, numeric_types):
                value = [value]
            names.extend(name)
            values.extend(value)
        return (names, values)

    def get(self):
        return self._collect(lambda m: m.get())

    def get_global(self):
        return self._collect(lambda m: m.get_global())

    def get_config(self):
        config = super().get_config()
        config.update({"metrics": [i.get_config() for i in self.metrics]})
        return config


def _argmax_host(pred, axis):
    """``argmax(pred, axis)`` computed on the host: one read of the predictions instead
    of an operator call plus a read (the per-batch cost of ``Module.fit``'s metric).
    Ties and NaNs resolve as ``nd.argmax`` does (first maximum; a NaN counts as the
    maximum); a bad axis gets ``nd.argmax``'s error."""
    host = _numpy(pred)
    if host.ndim == 0 or not -host.ndim <= axis < host.ndim:
        return _nd().argmax(pred, axis=axis)
    return host.argmax(axis=axis)


@register
@alias("acc")
class Accuracy(EvalMetric):
    """Classification accuracy; predictions of another shape than the labels are
    reduced with argmax over ``axis``.

    Parameters
    ----------
    axis : int, default 1
    name : str, default 'accuracy'
    output_names, label_names : list of str, optional
    """

    def __init__(self, axis=1, name="accuracy", output_names=None, label_names=None):
        super().__init__(name, axis=axis, output_names=output_names, label_names=label_names,
                         has_global_stats=True)
        self.axis = axis

    def update(self, labels, preds):
        labels, preds = check_label_shapes(labels, preds, True)
        for label, pred_label in zip(labels, preds):
            if pred_label.shape != label.shape:
                pred_label = _argmax_host(pred_label, self.axis)
            pred_label = _numpy(pred_label).astype("int32").ravel()
            label = _numpy(label).astype("int32").ravel()
            check_label_shapes(label, pred_label)
            num_correct = (pred_label == label).sum()
            self.sum_metric += num_correct
            self.global_sum_metric += num_correct
            self.num_inst += len(pred_label)
            self.global_num_inst += len(pred_label)


@register
@alias("top_k_accuracy", "top_k_acc")
class TopKAccuracy(EvalMetric):
    """Top-k accuracy: the label is among the k highest predictions.

    Parameters
    ----------
    top_k : int, default 1
        Must be > 1 (use :class:`Accuracy` otherwise).
    name : str, default 'top_k_accuracy'
    output_names, label_names : list of str, optional
    """

    def __init__(self, top_k=1, name="top_k_accuracy", output_names=None, label_names=None):
        super().__init__(name, top_k=top_k, output_names=output_names, label_names=label_names,
                         has_global_stats=True)
        self.top_k = top_k
        _check(self.top_k > 1, "Please use Accuracy if top_k is no more than 1")
        self.name += "_%d" % self.top_k

    def update(self, labels, preds):
        labels, preds = check_label_shapes(labels, preds, True)
        for label, pred_label in zip(labels, preds):
            _check(len(pred_label.shape) <= 2, "Predictions should be no more than 2 dims")
            pred_label = numpy.argpartition(_numpy(pred_label).astype("float32"), -self.top_k)
            label = _numpy(label).astype("int32")
            check_label_shapes(label, pred_label)
            num_samples = pred_label.shape[0]
            num_dims = len(pred_label.shape)
            if num_dims == 1:
                self.sum_metric += (pred_label.ravel() == label.ravel()).sum()
            elif num_dims == 2:
                num_classes = pred_label.shape[1]
                top_k = min(num_classes, self.top_k)
                for j in range(top_k):
                    num_correct = (pred_label[:, num_classes - 1 - j].ravel()
                                   == label.ravel()).sum()
                    self.sum_metric += num_correct
                    self.global_sum_metric += num_correct
            self.num_inst += num_samples
            self.global_num_inst += num_samples


class _BinaryClassificationMetrics:
    """Confusion counts of a binary classifier (local and global)."""

    def __init__(self):
        self.reset_stats()

    def update_binary_stats(self, label, pred):
        """Add the counts of one batch (``pred``: (N, 2) scores, ``label``: 0/1)."""
        pred = _numpy(pred)
        label = _numpy(label).astype("int32")
        pred_label = numpy.argmax(pred, axis=1)
        check_label_shapes(label, pred)
        if len(numpy.unique(label)) > 2:
            raise MetricValueError("%s currently only supports binary classification."
                                   % self.__class__.__name__)
        pred_true = (pred_label == 1)
        pred_false = 1 - pred_true
        label_true = (label == 1)
        label_false = 1 - label_true
        true_pos = (pred_true * label_true).sum()
        false_pos = (pred_true * label_false).sum()
        false_neg = (pred_false * label_true).sum()
        true_neg = (pred_false * label_false).sum()
        self.true_positives += true_pos
        self.global_true_positives += true_pos
        self.false_positives += false_pos
        self.global_false_positives += false_pos
        self.false_negatives += false_neg
        self.global_false_negatives += false_neg
        self.true_negatives += true_neg
        self.global_true_negatives += true_neg

    @staticmethod
    def _ratio(a, b):
        return float(a) / (a + b) if a + b > 0 else 0.0

    @property
    def precision(self):
        return self._ratio(self.true_positives, self.false_positives)

    @property
    def global_precision(self):
        return self._ratio(self.global_true_positives, self.global_false_positives)

    @property
    def recall(self):
        return self._ratio(self.true_positives, self.false_negatives)

    @property
    def global_recall(self):
        return self._ratio(self.global_true_positives, self.global_false_negatives)

    @property
    def fscore(self):
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r > 0 else 0.0

    @property
    def global_fscore(self):
        p, r = self.global_precision, self.global_recall
        return 2 * p * r / (p + r) if p + r > 0 else 0.0

    def matthewscc(self, use_global=False):
        """Matthews correlation coefficient of the (local or global) counts."""
        if use_global:
            if not self.global_total_examples:
                return 0.0
            tp, fp = float(self.global_true_positives), float(self.global_false_positives)
            fn, tn = float(self.global_false_negatives), float(self.global_true_negatives)
        else:
            if not self.total_examples:
                return 0.0
            tp, fp = float(self.true_positives), float(self.false_positives)
            fn, tn = float(self.false_negatives), float(self.true_negatives)
        terms = [(tp + fp), (tp + fn), (tn + fp), (tn + fn)]
        denom = 1.
        for t in filter(lambda t: t != 0., terms):
            denom *= t
        return ((tp * tn) - (fp * fn)) / math.sqrt(denom)

    @property
    def total_examples(self):
        return self.false_negatives + self.false_positives + self.true_negatives + \
            self.true_positives

    @property
    def global_total_examples(self):
        return self.global_false_negatives + self.global_false_positives + \
            self.global_true_negatives + self.global_true_positives

    def local_reset_stats(self):
        self.false_positives = 0
        self.false_negatives = 0
        self.true_positives = 0
        self.true_negatives = 0

    def reset_stats(self):
        self.local_reset_stats()
        self.global_false_positives = 0
        self.global_false_negatives = 0
        self.global_true_positives = 0
        self.global_true_negatives = 0


@register
class F1(EvalMetric):
    """F1 score of a binary classifier (predictions: (N, 2) scores).

    Parameters
    ----------
    name : str, default 'f1'
    output_names, label_names : list of str, optional
    average : {'macro', 'micro'}, default 'macro'
        'macro': the mean of per-update scores; 'micro': the score of all counts.
    """

    def __init__(self, name="f1", output_names=None, label_names=None, average="macro"):
        self.average = average
        self.metrics = _BinaryClassificationMetrics()
        EvalMetric.__init__(self, name=name, output_names=output_names,
                            label_names=label_names, has_global_stats=True)

    def update(self, labels, preds):
        labels, preds = check_label_shapes(labels, preds, True)
        for label, pred in zip(labels, preds):
            self.metrics.update_binary_stats(label, pred)
        if self.average == "macro":
            self.sum_metric += self.metrics.fscore
            self.global_sum_metric += self.metrics.global_fscore
            self.num_inst += 1
            self.global_num_inst += 1
            self.metrics.reset_stats()
        else:
            self.sum_metric = self.metrics.fscore * self.metrics.total_examples
            self.global_sum_metric = self.metrics.global_fscore * \
                self.metrics.global_total_examples
            self.num_inst = self.metrics.total_examples
            self.global_num_inst = self.metrics.global_total_examples

    def reset(self):
        self.sum_metric = 0.
        self.num_inst = 0
        self.global_num_inst = 0
        self.global_sum_metric = 0.0
        self.metrics.reset_stats()

    def reset_local(self):
        self.sum_metric = 0.
        self.num_inst = 0
        self.metrics.local_reset_stats()


@register
class MCC(EvalMetric):
    """Matthews correlation coefficient of a binary classifier.

    Parameters
    ----------
    name : str, default 'mcc'
    output_names, label_names : list of str, optional
    average : {'macro', 'micro'}, default 'macro'
    """

    def __init__(self, name="mcc", output_names=None, label_names=None, average="macro"):
        self._average = average
        self._metrics = _BinaryClassificationMetrics()
        EvalMetric.__init__(self, name=name, output_names=output_names,
                            label_names=label_names, has_global_stats=True)

    def update(self, labels, preds):
        labels, preds = check_label_shapes(labels, preds, True)
        for label, pred in zip(labels, preds):
            self._metrics.update_binary_stats(label, pred)
        if self._average == "macro":
            self.sum_metric += self._metrics.matthewscc()
            self.global_sum_metric += self._metrics.matthewscc(use_global=True)
            self.num_inst += 1
            self.global_num_inst += 1
            self._metrics.reset_stats()
        else:
            self.sum_metric = self._metrics.matthewscc() * self._metrics.total_examples
            self.global_sum_metric = self._metrics.matthewscc(use_global=True) * \
                self._metrics.global_total_examples
            self.num_inst = self._metrics.total_examples
            self.global_num_inst = self._metrics.global_total_examples

    def reset(self):
        self.sum_metric = 0.
        self.num_inst = 0.
        self.global_sum_metric = 0.
        self.global_num_inst = 0.
        self._metrics.reset_stats()

    def reset_local(self):
        self.sum_metric = 0.
        self.num_inst = 0.
        self._metrics.local_reset_stats()


@register
class Perplexity(EvalMetric):
    """Perplexity: ``exp`` of the mean negative log probability of the labels.

    Parameters
    ----------
    ignore_label : int or None
        Label positions with this value are not counted.
    axis : int, default -1
        The class axis of the predictions (probabilities).
    name : str, default 'perplexity'
    output_names, label_names : list of str, optional
    """

    def __init__(self, ignore_label, axis=-1, name="perplexity", output_names=None,
                 label_names=None):
        super().__init__(name, ignore_label=ignore_label, output_names=output_names,
                         label_names=label_names, has_global_stats=True)
        self.ignore_label = ignore_label
        self.axis = axis

    def update(self, labels, preds):
        nd = _nd()
        _check(len(labels) == len(preds), "labels and preds differ in number")
        loss = 0.
        num = 0
        for label, pred in zip(labels, preds):
            _check(label.size == pred.size / pred.shape[-1],
                   "shape mismatch: %s vs. %s" % (label.shape, pred.shape))
            label = label.as_in_context(pred.context).reshape((label.size,))
            pred = nd.pick(pred, label.astype(dtype="int32"), axis=self.axis)
            if self.ignore_label is not None:
                ignore = (label == self.ignore_label).astype(pred.dtype)
                num -= _f64(nd.sum(ignore).asscalar())
                pred = pred * (1 - ignore) + ignore
            loss -= _f64(nd.sum(nd.log(nd.maximum(1e-10, pred))).asscalar())
            num += pred.size
        self.sum_metric += loss
        self.global_sum_metric += loss
        self.num_inst += num
        self.global_num_inst += num

    def get(self):
        if self.num_inst == 0:
            return (self.name, float("nan"))
        return (self.name, math.exp(self.sum_metric / self.num_inst))

    def get_global(self):
        if self.global_num_inst == 0:
            return (self.name, float("nan"))
        return (self.name, math.exp(self.global_sum_metric / self.global_num_inst))


def _as_columns(label, pred):
    label, pred = _numpy(label), _numpy(pred)
    if len(label.shape) == 1:
        label = label.reshape(label.shape[0], 1)
    if len(pred.shape) == 1:
        pred = pred.reshape(pred.shape[0], 1)
    return label, pred


class _PerBatchRegression(EvalMetric):
    """A regression metric averaged over update batches."""

    def _value(self, label, pred):
        raise NotImplementedError

    def update(self, labels, preds):
        labels, preds = check_label_shapes(labels, preds, True)
        for label, pred in zip(labels, preds):
            value = _f64(self._value(*_as_columns(label, pred)))
            self.sum_metric += value
            self.global_sum_metric += value
            self.num_inst += 1
            self.global_num_inst += 1


@register
class MAE(_PerBatchRegression):
    """Mean absolute error (averaged per batch, then over batches).

    Parameters
    ----------
    name : str, default 'mae'
    output_names, label_names : list of str, optional
    """

    def __init__(self, name="mae", output_names=None, label_names=None):
        super().__init__(name, output_names=output_names, label_names=label_names,
                         has_global_stats=True)

    def _value(self, label, pred):
        return numpy.abs(label - pred).mean()


@register
class MSE(_PerBatchRegression):
    """Mean squared error (averaged per batch, then over batches).

    Parameters
    ----------
    name : str, default 'mse'
    output_names, label_names : list of str, optional
    """

    def __init__(self, name="mse", output_names=None, label_names=None):
        super().__init__(name, output_names=output_names, label_names=label_names,
                         has_global_stats=True)

    def _value(self, label, pred):
        return ((label - pred) ** 2.0).mean()


@register
class RMSE(_PerBatchRegression):
    """Root mean squared error (per batch, then averaged over batches).

    Parameters
    ----------
    name : str, default 'rmse'
    output_names, label_names : list of str, optional
    """

    def __init__(self, name="rmse", output_names=None, label_names=None):
        super().__init__(name, output_names=output_names, label_names=label_names,
                         has_global_stats=True)

    def _value(self, label, pred):
        return numpy.sqrt(((label - pred) ** 2.0).mean())


class _LogProb(EvalMetric):
    """Sum of ``-log(p[label] + eps)`` over samples, divided by their number."""

    def update(self, labels, preds):
        labels, preds = check_label_shapes(labels, preds, True)
        for label, pred in zip(labels, preds):
            label = _numpy(label).ravel()
            pred = _numpy(pred)
            num_examples = pred.shape[0]
            _check(label.shape[0] == num_examples, (label.shape[0], num_examples))
            prob = pred[numpy.arange(num_examples, dtype=numpy.int64), numpy.int64(label)]
            value = _f64((-numpy.log(prob + self.eps)).sum())
            self.sum_metric += value
            self.global_sum_metric += value
            self.num_inst += num_examples
            self.global_num_inst += num_examples


@register
@alias("ce")
class CrossEntropy(_LogProb):
    """Cross-entropy of predicted probabilities and class labels.

    Parameters
    ----------
    eps : float, default 1e-12
    name : str, default 'cross-entropy'
    output_names, label_names : list of str, optional
    """

    def __init__(self, eps=1e-12, name="cross-entropy", output_names=None, label_names=None):
        super().__init__(name, eps=eps, output_names=output_names, label_names=label_names,
                         has_global_stats=True)
        self.eps = eps


@register
@alias("nll_loss")
class NegativeLogLikelihood(_LogProb):
    """Negative log-likelihood of the labels under the predicted probabilities.

    Parameters
    ----------
    eps : float, default 1e-12
    name : str, default 'nll-loss'
    output_names, label_names : list of str, optional
    """

    def __init__(self, eps=1e-12, name="nll-loss", output_names=None, label_names=None):
        super().__init__(name, eps=eps, output_names=output_names, label_names=label_names,
                         has_global_stats=True)
        self.eps = eps


@register
@alias("pearsonr")
class PearsonCorrelation(EvalMetric):
    """Pearson correlation of predictions and labels.

    Parameters
    ----------
    name : str, default 'pearsonr'
    output_names, label_names : list of str, optional
    average : {'macro', 'micro'}, default 'macro'
        'macro': the mean of per-batch correlations; 'micro': the correlation of all
        values seen (running statistics).
    """

    def __init__(self, name="pearsonr", output_names=None, label_names=None, average="macro"):
        self.average = average
        super().__init__(name, output_names=output_names, label_names=label_names,
                         has_global_stats=True)
        if self.average == "micro":
            self.reset_micro()

    def reset_micro(self):
        """Clear the running statistics of 'micro' averaging."""
        self._sse_p = 0
        self._mean_p = 0
        self._sse_l = 0
        self._mean_l = 0
        self._pred_nums = 0
        self._label_nums = 0
        self._conv = 0

    def reset(self):
        self.num_inst = 0
        self.sum_metric = 0.0
        self.global_num_inst = 0
        self.global_sum_metric = 0.0
        if self.average == "micro":
            self.reset_micro()

    def update_variance(self, new_values, *aggregate):
        """Welford's update of ``(count, mean, M2)`` with ``new_values``."""
        count, mean, m_2 = aggregate
        count += len(new_values)
        delta = new_values - mean
        mean += numpy.sum(delta / count)
        delta_2 = new_values - mean
        m_2 += numpy.sum(delta * delta_2)
        return count, mean, m_2

    def update_cov(self, label, pred):
        """Add to the running co-moment."""
        self._conv = self._conv + numpy.sum((label - self._mean_l) * (pred - self._mean_p))

    def update(self, labels, preds):
        labels, preds = check_label_shapes(labels, preds, True)
        for label, pred in zip(labels, preds):
            check_label_shapes(label, pred, False, True)
            label = _numpy(label).ravel().astype(numpy.float64)
            pred = _numpy(pred).ravel().astype(numpy.float64)
            if self.average == "macro":
                pearson_corr = numpy.corrcoef(pred, label)[0, 1]
                self.sum_metric += pearson_corr
                self.global_sum_metric += pearson_corr
                self.num_inst += 1
                self.global_num_inst += 1
            else:
                self.global_num_inst += 1
                self.num_inst += 1
                self._label_nums, self._mean_l, self._sse_l = self.update_variance(
                    label, self._label_nums, self._mean_l, self._sse_l)
                self.update_cov(label, pred)
                self._pred_nums, self._mean_p, self._sse_p = self.update_variance(
                    pred, self._pred_nums, self._mean_p, self._sse_p)

    def get(self):
        if self.num_inst == 0:
            return (self.name, float("nan"))
        if self.average == "macro":
            return (self.name, self.sum_metric / self.num_inst)
        n = self._label_nums
        pearsonr = self._conv / ((n - 1) * numpy.sqrt(self._sse_p / (n - 1))
                                 * numpy.sqrt(self._sse_l / (n - 1)))
        return (self.name, pearsonr)


@register
class PCC(EvalMetric):
    """Multiclass Pearson correlation coefficient (MCC generalised, from the confusion
    matrix).

    Parameters
    ----------
    name : str, default 'pcc'
    output_names, label_names : list of str, optional
    has_global_stats : bool, default True
    """

    def __init__(self, name="pcc", output_names=None, label_names=None, has_global_stats=True):
        self.k = 2
        super().__init__(name=name, output_names=output_names, label_names=label_names,
                         has_global_stats=has_global_stats)

    def _grow(self, inc):
        self.lcm = numpy.pad(self.lcm, ((0, inc), (0, inc)), "constant", constant_values=(0))
        self.gcm = numpy.pad(self.gcm, ((0, inc), (0, inc)), "constant", constant_values=(0))
        self.k += inc

    def _calc_mcc(self, cmat):
        n = cmat.sum()
        x = cmat.sum(axis=1)
        y = cmat.sum(axis=0)
        cov_xx = numpy.sum(x * (n - x))
        cov_yy = numpy.sum(y * (n - y))
        if cov_xx == 0 or cov_yy == 0:
            return float("nan")
        i = cmat.diagonal()
        cov_xy = numpy.sum(i * n - x * y)
        return cov_xy / (cov_xx * cov_yy) ** 0.5

    def update(self, labels, preds):
        labels, preds = check_label_shapes(labels, preds, True)
        for label, pred in zip(labels, preds):
            label = _numpy(label).astype("int32")
            pred = _numpy(pred)
            if pred.shape != label.shape:
                pred = pred.argmax(axis=1)
            else:
                pred = pred.astype("int32")
            n = max(pred.max(), label.max())
            if n >= self.k:
                self._grow(n + 1 - self.k)
            bcm = numpy.zeros((self.k, self.k))
            for i, j in zip(pred, label):
                bcm[i, j] += 1
            self.lcm += bcm
            self.gcm += bcm
        self.num_inst += 1
        self.global_num_inst += 1

    @property
    def sum_metric(self):
        return self._calc_mcc(self.lcm) * self.num_inst

    @property
    def global_sum_metric(self):
        return self._calc_mcc(self.gcm) * self.global_num_inst

    def reset(self):
        self.global_num_inst = 0.
        self.gcm = numpy.zeros((self.k, self.k))
        self.reset_local()

    def reset_local(self):
        self.num_inst = 0.
        self.lcm = numpy.zeros((self.k, self.k))


@register
class Loss(EvalMetric):
    """The mean of loss values (the predictions; labels are ignored).

    Parameters
    ----------
    name : str, default 'loss'
    output_names, label_names : list of str, optional
    """

    def __init__(self, name="loss", output_names=None, label_names=None):
        super().__init__(name, output_names=output_names, label_names=label_names,
                         has_global_stats=True)

    def update(self, _, preds):
        if _is_nd(preds):
            preds = [preds]
        for pred in preds:
            loss = _f64(_nd().sum(pred).asscalar())
            self.sum_metric += loss
            self.global_sum_metric += loss
            self.num_inst += pred.size
            self.global_num_inst += pred.size


@register
class Torch(Loss):
    """Dummy metric for torch criterions (a :class:`Loss` named 'torch')."""

    def __init__(self, name="torch", output_names=None, label_names=None):
        super().__init__(name, output_names=output_names, label_names=label_names)


@register
class Caffe(Loss):
    """Dummy metric for caffe criterions (a :class:`Loss` named 'caffe')."""

    def __init__(self, name="caffe", output_names=None, label_names=None):
        super().__init__(name, output_names=output_names, label_names=label_names)


@register
class CustomMetric(EvalMetric):
    """A metric from a function ``feval(label, pred)`` of NumPy arrays.

    ``feval`` returns a value (one instance) or ``(sum_metric, num_inst)``.

    Parameters
    ----------
    feval : callable
    name : str, optional
        Default: the function's name (``custom(<lambda>)`` for a lambda).
    allow_extra_outputs : bool, default False
        Do not require as many predictions as labels.
    output_names, label_names : list of str, optional
    """

    def __init__(self, feval, name=None, allow_extra_outputs=False, output_names=None,
                 label_names=None):
        if name is None:
            name = feval.__name__
            if name.find("<") != -1:
                name = "custom(%s)" % name
        super().__init__(name, feval=feval, allow_extra_outputs=allow_extra_outputs,
                         output_names=output_names, label_names=label_names,
                         has_global_stats=True)
        self._feval = feval
        self._allow_extra_outputs = allow_extra_outputs

    def update(self, labels, preds):
        if not self._allow_extra_outputs:
            labels, preds = check_label_shapes(labels, preds, True)
        for pred, label in zip(preds, labels):
            reval = self._feval(_numpy(label), _numpy(pred))
            reval = tuple(_f64(v) for v in reval) if isinstance(reval, tuple) else _f64(reval)
            if isinstance(reval, tuple):
                sum_metric, num_inst = reval
                self.sum_metric += sum_metric
                self.global_sum_metric += sum_metric
                self.num_inst += num_inst
                self.global_num_inst += num_inst
            else:
                self.sum_metric += reval
                self.global_sum_metric += reval
                self.num_inst += 1
                self.global_num_inst += 1

    def get_config(self):
        raise NotImplementedError("CustomMetric cannot be serialized")


def np(numpy_feval, name=None, allow_extra_outputs=False):  # pylint: disable=invalid-name
    """A :class:`CustomMetric` from a function of NumPy arrays ``(label, pred)``.

    Parameters
    ----------
    numpy_feval : callable
    name : str, optional
    allow_extra_outputs : bool, default False

    Returns
    -------
    CustomMetric
    """
    def feval(label, pred):
        return numpy_feval(label, pred)
    feval.__name__ = numpy_feval.__name__
    return CustomMetric(feval, name, allow_extra_outputs)
