"""``gluon.loss``: loss functions as HybridBlocks, as MXNet 1.9.1's.

Every loss returns one value per sample (the mean over all axes but
``batch_axis``, except where noted), optionally scaled by a global ``weight`` and
by a ``sample_weight`` array that broadcasts against the element-wise loss. They are
written with ``mx.nd`` operators, so gradients come from autograd and
``hybridize()`` compiles them.
"""
import numpy as np

from ..base import MXNetError, numeric_types
from .block import HybridBlock

__all__ = ["Loss", "L2Loss", "L1Loss", "SigmoidBinaryCrossEntropyLoss", "SigmoidBCELoss",
           "SoftmaxCrossEntropyLoss", "SoftmaxCELoss", "KLDivLoss", "CTCLoss", "HuberLoss",
           "HingeLoss", "SquaredHingeLoss", "LogisticLoss", "TripletLoss", "PoissonNLLLoss",
           "CosineEmbeddingLoss", "SDMLLoss"]


class LossAssertionError(MXNetError, AssertionError):
    """A bad loss argument that MXNet checks with ``assert``."""


class LossValueError(MXNetError, ValueError):
    """A bad loss argument (MXNet raises ValueError)."""


def _apply_weighting(F, loss, weight=None, sample_weight=None):
    """``loss * sample_weight * weight`` (each when given)."""
    if sample_weight is not None:
        loss = F.broadcast_mul(loss, sample_weight)
    if weight is not None:
        if not isinstance(weight, numeric_types):
            raise LossAssertionError("weight must be a number")
        loss = loss * weight
    return loss


# Loss._weighted's default: the loss's own weight
_OWN_WEIGHT = object()


def _reshape_like(F, x, y):
    """``x`` with ``y``'s shape."""
    if F is not _nd_module():  # symbols have no shape: MXNet's reshape_like
        return F.reshape_like(x, y)
    return x.reshape(y.shape)


def _nd_module():
    from .. import ndarray
    return ndarray


class Loss(HybridBlock):
    """Base class of losses.

    Parameters
    ----------
    weight : float or None
        Global scalar weight of the loss.
    batch_axis : int
        The axis that indexes samples; the loss is averaged over the others.
    """

    def __init__(self, weight, batch_axis, **kwargs):
        super().__init__(**kwargs)
        self._weight = weight
        self._batch_axis = batch_axis

    def __repr__(self):
        s = "{name}(batch_axis={_batch_axis}, w={_weight})"
        return s.format(name=self.__class__.__name__, **self.__dict__)

    def hybrid_forward(self, F, x, *args, **kwargs):
        """The loss of prediction ``x`` (override it)."""
        raise NotImplementedError

    def _weighted(self, F, loss, sample_weight=None, reduce=None, weight=_OWN_WEIGHT):
        """The common end of ``hybrid_forward``: ``loss * sample_weight * weight`` (each
        when given; ``weight`` defaults to the loss's own), then ``F.<reduce>`` ('mean' or
        'sum') over all axes but ``batch_axis`` unless ``reduce`` is None."""
        loss = _apply_weighting(F, loss, self._weight if weight is _OWN_WEIGHT else weight,
                                sample_weight)
        if reduce is None:
            return loss
        return getattr(F, reduce)(loss, axis=self._batch_axis, exclude=True)


class L2Loss(Loss):
    r"""Squared error: ``L = weight / 2 * (label - pred)**2``, averaged per sample.

    Parameters
    ----------
    weight : float, default 1.0
    batch_axis : int, default 0

    Inputs: ``pred``, ``label`` (same number of elements), ``sample_weight`` (optional).
    Output: shape ``(batch_size,)``.
    """

    def __init__(self, weight=1., batch_axis=0, **kwargs):
        super().__init__(weight, batch_axis, **kwargs)

    def hybrid_forward(self, F, pred, label, sample_weight=None):
        label = _reshape_like(F, label, pred)
        loss = F.square(label - pred)
        return self._weighted(F, loss, sample_weight, "mean", weight=self._weight / 2)


class L1Loss(Loss):
    r"""Absolute error: ``L = |label - pred|``, averaged per sample.

    Parameters
    ----------
    weight : float, optional
    batch_axis : int, default 0
    """

    def __init__(self, weight=None, batch_axis=0, **kwargs):
        super().__init__(weight, batch_axis, **kwargs)

    def hybrid_forward(self, F, pred, label, sample_weight=None):
        label = _reshape_like(F, label, pred)
        loss = F.abs(label - pred)
        return self._weighted(F, loss, sample_weight, "mean")


class SigmoidBinaryCrossEntropyLoss(Loss):
    r"""Binary cross-entropy with a sigmoid: ``-(y log p + (1-y) log(1-p))``.

    Computed stably from logits unless ``from_sigmoid``; an optional ``pos_weight``
    (4th input) weighs the positive term.

    Parameters
    ----------
    from_sigmoid : bool, default False
        ``pred`` is already a probability.
    weight : float, optional
    batch_axis : int, default 0
    """

    def __init__(self, from_sigmoid=False, weight=None, batch_axis=0, **kwargs):
        super().__init__(weight, batch_axis, **kwargs)
        self._from_sigmoid = from_sigmoid

    def hybrid_forward(self, F, pred, label, sample_weight=None, pos_weight=None):
        label = _reshape_like(F, label, pred)
        if not self._from_sigmoid:
            if pos_weight is None:
                loss = F.relu(pred) - pred * label + \
                    F.Activation(-F.abs(pred), act_type="softrelu")
            else:
                log_weight = 1 + F.broadcast_mul(pos_weight - 1, label)
                loss = pred - pred * label + log_weight * \
                    (F.Activation(-F.abs(pred), act_type="softrelu") + F.relu(-pred))
        else:
            eps = 1e-12
            if pos_weight is None:
                loss = -(F.log(pred + eps) * label + F.log(1. - pred + eps) * (1. - label))
            else:
                loss = -(F.broadcast_mul(F.log(pred + eps) * label, pos_weight)
                         + F.log(1. - pred + eps) * (1. - label))
        return self._weighted(F, loss, sample_weight, "mean")


SigmoidBCELoss = SigmoidBinaryCrossEntropyLoss


class SoftmaxCrossEntropyLoss(Loss):
    r"""Softmax cross-entropy: ``-sum(label * log_softmax(pred))``.

    Parameters
    ----------
    axis : int, default -1
        The class axis.
    sparse_label : bool, default True
        ``label`` holds class indices (else a distribution like ``pred``).
    from_logits : bool, default False
        ``pred`` is already log-probabilities.
    weight : float, optional
    batch_axis : int, default 0
    """

    def __init__(self, axis=-1, sparse_label=True, from_logits=False, weight=None,
                 batch_axis=0, **kwargs):
        super().__init__(weight, batch_axis, **kwargs)
        self._axis = axis
        self._sparse_label = sparse_label
        self._from_logits = from_logits

    def hybrid_forward(self, F, pred, label, sample_weight=None):
        if not self._from_logits:
            pred = F.log_softmax(pred, self._axis)
        if self._sparse_label:
            loss = -F.pick(pred, label, axis=self._axis, keepdims=True)
        else:
            label = _reshape_like(F, label, pred)
            loss = -F.sum(pred * label, axis=self._axis, keepdims=True)
        return self._weighted(F, loss, sample_weight, "mean")


SoftmaxCELoss = SoftmaxCrossEntropyLoss


class KLDivLoss(Loss):
    r"""Kullback-Leibler divergence: ``sum(label * (log(label) - pred))`` per sample
    (summed, not averaged).

    Parameters
    ----------
    from_logits : bool, default True
        ``pred`` is log-probabilities (else a log_softmax is applied).
    axis : int, default -1
        The axis of the log_softmax.
    weight : float, optional
    batch_axis : int, default 0
    """

    def __init__(self, from_logits=True, axis=-1, weight=None, batch_axis=0, **kwargs):
        super().__init__(weight, batch_axis, **kwargs)
        self._from_logits = from_logits
        self._axis = axis

    def hybrid_forward(self, F, pred, label, sample_weight=None):
        if not self._from_logits:
            pred = F.log_softmax(pred, self._axis)
        loss = label * (F.log(label + 1e-12) - pred)
        return self._weighted(F, loss, sample_weight, "sum")


class CTCLoss(Loss):
    r"""Connectionist temporal classification loss (the blank is the last class).

    Parameters
    ----------
    layout : {'NTC', 'TNC'}, default 'NTC'
        Layout of ``pred``.
    label_layout : {'NT', 'TN'}, default 'NT'
        Layout of ``label``.
    weight : float, optional

    Inputs: ``pred``, ``label`` (padded with -1), ``pred_lengths`` and ``label_lengths``
    (optional, shape ``(N,)``), ``sample_weight`` (optional). Output: shape ``(N,)``.
    """

    def __init__(self, layout="NTC", label_layout="NT", weight=None, **kwargs):
        if layout not in ["NTC", "TNC"]:
            raise LossAssertionError("Only 'NTC' and 'TNC' layouts for pred are supported. "
                                     "Got: %s" % layout)
        if label_layout not in ["NT", "TN"]:
            raise LossAssertionError("Only 'NT' and 'TN' layouts for label are supported. "
                                     "Got: %s" % label_layout)
        self._layout = layout
        self._label_layout = label_layout
        batch_axis = label_layout.find("N")
        super().__init__(weight, batch_axis, **kwargs)

    def hybrid_forward(self, F, pred, label, pred_lengths=None, label_lengths=None,
                       sample_weight=None):
        if self._layout == "NTC":
            pred = F.swapaxes(pred, 0, 1)
        if self._batch_axis == 1:
            label = F.swapaxes(label, 0, 1)
        loss = F.CTCLoss(pred, label, pred_lengths, label_lengths,
                         use_data_lengths=pred_lengths is not None,
                         use_label_lengths=label_lengths is not None,
                         blank_label="last")
        return self._weighted(F, loss, sample_weight)


class HuberLoss(Loss):
    r"""Smoothed L1: ``|d| - rho/2`` where ``|d| > rho``, else ``d**2 / (2 rho)``.

    Parameters
    ----------
    rho : float, default 1
    weight : float, optional
    batch_axis : int, default 0
    """

    def __init__(self, rho=1, weight=None, batch_axis=0, **kwargs):
        super().__init__(weight, batch_axis, **kwargs)
        self._rho = rho

    def hybrid_forward(self, F, pred, label, sample_weight=None):
        label = _reshape_like(F, label, pred)
        loss = F.abs(label - pred)
        loss = F.where(loss > self._rho, loss - 0.5 * self._rho,
                       (0.5 / self._rho) * F.square(loss))
        return self._weighted(F, loss, sample_weight, "mean")


class HingeLoss(Loss):
    r"""Hinge loss for labels in {-1, 1}: ``max(0, margin - pred * label)``.

    Parameters
    ----------
    margin : float, default 1
    weight : float, optional
    batch_axis : int, default 0
    """

    def __init__(self, margin=1, weight=None, batch_axis=0, **kwargs):
        super().__init__(weight, batch_axis, **kwargs)
        self._margin = margin

    def hybrid_forward(self, F, pred, label, sample_weight=None):
        label = _reshape_like(F, label, pred)
        loss = F.relu(self._margin - pred * label)
        return self._weighted(F, loss, sample_weight, "mean")


class SquaredHingeLoss(Loss):
    r"""Squared hinge loss: ``max(0, margin - pred * label)**2``.

    Parameters
    ----------
    margin : float, default 1
    weight : float, optional
    batch_axis : int, default 0
    """

    def __init__(self, margin=1, weight=None, batch_axis=0, **kwargs):
        super().__init__(weight, batch_axis, **kwargs)
        self._margin = margin

    def hybrid_forward(self, F, pred, label, sample_weight=None):
        label = _reshape_like(F, label, pred)
        loss = F.square(F.relu(self._margin - pred * label))
        return self._weighted(F, loss, sample_weight, "mean")


class LogisticLoss(Loss):
    r"""Logistic loss ``log(1 + exp(-pred * label))``.

    Parameters
    ----------
    weight : float, optional
    batch_axis : int, default 0
    label_format : {'signed', 'binary'}, default 'signed'
        Labels in {-1, 1} or in {0, 1}.
    """

    def __init__(self, weight=None, batch_axis=0, label_format="signed", **kwargs):
        super().__init__(weight, batch_axis, **kwargs)
        self._label_format = label_format
        if self._label_format not in ["signed", "binary"]:
            raise LossValueError("label_format can only be signed or binary, recieved %s."
                                 % label_format)

    def hybrid_forward(self, F, pred, label, sample_weight=None):
        label = _reshape_like(F, label, pred)
        if self._label_format == "signed":
            label = (label + 1.0) / 2.0
        loss = F.relu(pred) - pred * label + F.Activation(-F.abs(pred), act_type="softrelu")
        return self._weighted(F, loss, sample_weight, "mean")


class TripletLoss(Loss):
    r"""Triplet loss: ``max(0, sum((pos - pred)**2 - (neg - pred)**2) + margin)``.

    Parameters
    ----------
    margin : float, default 1
    weight : float, optional
    batch_axis : int, default 0

    Inputs: ``pred`` (anchor), ``positive``, ``negative``.
    """

    def __init__(self, margin=1, weight=None, batch_axis=0, **kwargs):
        super().__init__(weight, batch_axis, **kwargs)
        self._margin = margin

    def hybrid_forward(self, F, pred, positive, negative):
        positive = _reshape_like(F, positive, pred)
        negative = _reshape_like(F, negative, pred)
        loss = F.sum(F.square(positive - pred) - F.square(negative - pred),
                     axis=self._batch_axis, exclude=True)
        loss = F.relu(loss + self._margin)
        return self._weighted(F, loss)


class PoissonNLLLoss(Loss):
    r"""Negative log likelihood of a Poisson target; the mean over all elements.

    Parameters
    ----------
    weight : float, optional
    from_logits : bool, default True
        ``pred`` is the log of the rate (else the rate).
    batch_axis : int, default 0
    compute_full : bool, default False
        Add Stirling's approximation of ``log(target!)`` (for targets > 1).

    Inputs: ``pred``, ``target``, ``sample_weight`` (optional), ``epsilon`` (default 1e-8).
    Output: shape ``(1,)``.
    """

    def __init__(self, weight=None, from_logits=True, batch_axis=0, compute_full=False,
                 **kwargs):
        super().__init__(weight, batch_axis, **kwargs)
        self._from_logits = from_logits
        self._compute_full = compute_full

    def hybrid_forward(self, F, pred, target, sample_weight=None, epsilon=1e-08):
        target = _reshape_like(F, target, pred)
        if self._from_logits:
            loss = F.exp(pred) - target * pred
        else:
            loss = pred - target * F.log(pred + epsilon)
        if self._compute_full:
            stirling_factor = target * F.log(target) - target + \
                0.5 * F.log(2 * target * np.pi)
            target_gt_1 = target > 1
            stirling_factor *= target_gt_1
            loss = loss + stirling_factor
        return F.mean(self._weighted(F, loss, sample_weight))


class CosineEmbeddingLoss(Loss):
    r"""Cosine embedding loss: ``1 - cos(x1, x2)`` for label 1, ``max(0, cos(x1, x2) -
    margin)`` for label -1.

    Parameters
    ----------
    weight : float, optional
    batch_axis : int, default 0
    margin : float, default 0

    Inputs: ``input1``, ``input2`` (shape ``(N, D)``), ``label`` (shape ``(N,)``),
    ``sample_weight``. Output: shape ``(N, 1)``.
    """

    def __init__(self, weight=None, batch_axis=0, margin=0, **kwargs):
        super().__init__(weight, batch_axis, **kwargs)
        self._margin = margin

    def hybrid_forward(self, F, input1, input2, label, sample_weight=None):
        input1 = _reshape_like(F, input1, input2)
        label = label.reshape((-1, 1))
        cos_sim = self._cosine_similarity(F, input1, input2)
        y_1 = label == 1
        y_minus_1 = label == -1
        cos_sim_a = (1 - cos_sim) * y_1
        z_array = F.array([0], ctx=cos_sim.context, dtype=cos_sim.dtype)
        cos_sim_b = F.broadcast_maximum(z_array, y_minus_1 * (cos_sim - self._margin))
        loss = cos_sim_a + cos_sim_b
        return self._weighted(F, loss, sample_weight)

    def _cosine_similarity(self, F, x, y, axis=-1):
        x_norm = F.norm(x, axis=axis).reshape((-1, 1))
        y_norm = F.norm(y, axis=axis).reshape((-1, 1))
        x_dot_y = F.sum(x * y, axis=axis).reshape((-1, 1))
        eps_arr = F.array([1e-12], ctx=x.context, dtype=x.dtype)
        return x_dot_y / F.broadcast_maximum(x_norm * y_norm, eps_arr)


class SDMLLoss(Loss):
    r"""Smoothed deep metric learning loss (Bonadiman et al., 2019).

    Pairs ``(x1[i], x2[i])`` are positives and every other pair in the batch a
    negative; the loss is the KL divergence between the softmax over negative squared
    distances and smoothed one-hot labels.

    Parameters
    ----------
    smoothing_parameter : float, default 0.3
    weight : float, default 1.0
    batch_axis : int, default 0

    Inputs: ``x1``, ``x2`` of shape ``(N, D)``. Output: shape ``(N,)``.
    """

    def __init__(self, smoothing_parameter=0.3, weight=1., batch_axis=0, **kwargs):
        super().__init__(weight, batch_axis, **kwargs)
        self.kl_loss = KLDivLoss(from_logits=True)
        self.smoothing_parameter = smoothing_parameter

    def _compute_distances(self, x1, x2):
        if x1.shape != x2.shape:
            raise LossAssertionError("SDMLLoss: x1 and x2 must have the same shape, got %s "
                                     "and %s" % (x1.shape, x2.shape))
        batch_size, dim = x1.shape
        x1_ = x1.expand_dims(1).broadcast_to([batch_size, batch_size, dim])
        x2_ = x2.expand_dims(0).broadcast_to([batch_size, batch_size, dim])
        squared_diffs = (x1_ - x2_) ** 2
        return squared_diffs.sum(axis=2)

    def _compute_labels(self, F, batch_size):
        gold = F.eye(batch_size)
        labels = gold * (1 - self.smoothing_parameter) + \
            (1 - gold) * self.smoothing_parameter / (batch_size - 1)
        return labels

    def _loss(self, F, x1, x2):
        batch_size = x1.shape[0]
        labels = self._compute_labels(F, batch_size)
        distances = self._compute_distances(x1, x2)
        log_probabilities = F.log_softmax(-distances, axis=1)
        return self.kl_loss(log_probabilities, labels.as_in_context(distances.context))

    def hybrid_forward(self, F, x1, x2):
        return self._loss(F, x1, x2)
