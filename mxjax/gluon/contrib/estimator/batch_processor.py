"""How an :class:`~.Estimator` trains and evaluates on one batch."""
from ....autograd import record
from ...utils import split_and_load

__all__ = ["BatchProcessor"]


class BatchProcessor(object):
    """The default per-batch step of an :class:`~.Estimator`.

    Subclass it and override :meth:`fit_batch` / :meth:`evaluate_batch` for custom
    training steps; pass the instance as ``Estimator(batch_processor=...)``.
    """

    def __init__(self):
        pass

    def _get_data_and_label(self, batch, ctx, batch_axis=0):
        data = split_and_load(batch[0], ctx_list=ctx, batch_axis=batch_axis)
        label = split_and_load(batch[1], ctx_list=ctx, batch_axis=batch_axis)
        return data, label

    def evaluate_batch(self, estimator, val_batch, batch_axis=0):
        """Run ``estimator.val_net`` and ``estimator.val_loss`` on one validation batch.

        Parameters
        ----------
        estimator : Estimator
            The estimator (its ``val_net``, ``val_loss`` and ``context`` are used).
        val_batch : tuple
            ``(data, label)`` from the validation DataLoader.
        batch_axis : int, default 0
            Axis along which the batch is split over the contexts.

        Returns
        -------
        tuple of lists
            ``(data, label, pred, loss)``, one entry per context.
        """
        data, label = self._get_data_and_label(val_batch, estimator.context, batch_axis)
        pred = [estimator.val_net(x) for x in data]
        loss = [estimator.val_loss(p, y) for p, y in zip(pred, label)]
        return data, label, pred, loss

    def fit_batch(self, estimator, train_batch, batch_axis=0):
        """Forward and backward pass of ``estimator.net`` and ``estimator.loss`` on one batch.

        The parameter update is left to :class:`~.GradientUpdateHandler`.

        Parameters
        ----------
        estimator : Estimator
            The estimator (its ``net``, ``loss`` and ``context`` are used).
        train_batch : tuple
            ``(data, label)`` from the training DataLoader.
        batch_axis : int, default 0
            Axis along which the batch is split over the contexts.

        Returns
        -------
        tuple of lists
            ``(data, label, pred, loss)``, one entry per context.
        """
        data, label = self._get_data_and_label(train_batch, estimator.context, batch_axis)
        with record():
            pred = [estimator.net(x) for x in data]
            loss = [estimator.loss(p, y) for p, y in zip(pred, label)]
        for value in loss:
            value.backward()
        return data, label, pred, loss
