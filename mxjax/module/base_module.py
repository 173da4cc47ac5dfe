"""``mx.mod.BaseModule``: the interface every module implements, and the training and
evaluation loops (``fit``, ``score``, ``predict``, ``iter_predict``) written once on top
of it, as in MXNet.

A module is bound to input shapes (``bind``), has parameters (``init_params``,
``get_params``/``set_params``) and an optimizer (``init_optimizer``), and runs a batch
with ``forward``/``backward``/``update``. ``Module``, ``BucketingModule`` and
``SequentialModule`` implement those; the loops below only call them.
"""
import logging
import time

import numpy as np

from ..base import MXNetError
from .. import initializer as _init
from .. import metric as _metric
from .. import ndarray as nd
from .. import model as _model

__all__ = ["BaseModule"]


class BaseModule:
    """The base class of modules (MXNet's ``mx.mod.BaseModule``).

    Parameters
    ----------
    logger : Logger, default logging
    """

    def __init__(self, logger=logging):
        self.logger = logger
        self.binded = False
        self.for_training = False
        self.inputs_need_grad = False
        self.params_initialized = False
        self.optimizer_initialized = False
        self._symbol = None
        self._total_exec_bytes = 0

    # ----------------------------------------------------- to be implemented
    def _abstract(self, what):
        raise NotImplementedError("%s does not implement %s" % (type(self).__name__, what))

    @property
    def data_names(self):
        """Names of the data inputs."""
        return self._abstract("data_names")

    @property
    def output_names(self):
        """Names of the outputs."""
        return self._abstract("output_names")

    @property
    def data_shapes(self):
        """The bound data shapes (list of DataDesc)."""
        return self._abstract("data_shapes")

    @property
    def label_shapes(self):
        """The bound label shapes (list of DataDesc, or None)."""
        return self._abstract("label_shapes")

    @property
    def output_shapes(self):
        """``[(name, shape)]`` of the outputs."""
        return self._abstract("output_shapes")

    @property
    def symbol(self):
        """The symbol of the module (None when it has none)."""
        return self._symbol

    def get_params(self):
        return self._abstract("get_params")

    def init_params(self, initializer=None, arg_params=None, aux_params=None,
                    allow_missing=False, force_init=False, allow_extra=False):
        return self._abstract("init_params")

    def set_params(self, arg_params, aux_params, allow_missing=False, force_init=True,
                   allow_extra=False):
        """Set the parameters from dicts of NDArrays (through ``init_params``)."""
        self.init_params(initializer=None, arg_params=arg_params, aux_params=aux_params,
                         allow_missing=allow_missing, force_init=force_init,
                         allow_extra=allow_extra)

    def save_params(self, fname):
        """Save the parameters to ``fname`` (``arg:``/``aux:`` keys)."""
        arg_params, aux_params = self.get_params()
        save = {"arg:%s" % k: v for k, v in arg_params.items()}
        save.update({"aux:%s" % k: v for k, v in aux_params.items()})
        nd.save(fname, save)

    def load_params(self, fname):
        """Load parameters saved by :meth:`save_params`."""
        arg_params, aux_params = _model.split_params(nd.load(fname))
        self.set_params(arg_params, aux_params)

    def get_states(self, merge_multi_context=True):
        """The states (a module without states has none: ``[]``, as in MXNet, which only
        allows ``merge_multi_context=False`` here)."""
        if not (self.binded and self.params_initialized):
            raise MXNetError("%s.get_states: call bind and init_params first"
                             % type(self).__name__)
        if merge_multi_context:
            raise MXNetError("%s.get_states: this module has no states; MXNet's BaseModule "
                             "allows only merge_multi_context=False" % type(self).__name__)
        return []

    def set_states(self, states=None, value=None):
        """Set states: a module without states accepts neither ``states`` nor ``value``."""
        if not (self.binded and self.params_initialized):
            raise MXNetError("%s.set_states: call bind and init_params first"
                             % type(self).__name__)
        if states or value:
            raise MXNetError("%s.set_states: this module has no states" % type(self).__name__)

    def install_monitor(self, mon):
        return self._abstract("install_monitor")

    def prepare(self, data_batch, sparse_row_id_fn=None):
        """Get ready for ``data_batch`` (nothing to do for a dense module)."""

    def bind(self, data_shapes, label_shapes=None, for_training=True, inputs_need_grad=False,
             force_rebind=False, shared_module=None, grad_req="write"):
        return self._abstract("bind")

    def init_optimizer(self, kvstore="local", optimizer="sgd",
                       optimizer_params=(("learning_rate", 0.01),), force_init=False):
        return self._abstract("init_optimizer")

    def forward(self, data_batch, is_train=None):
        return self._abstract("forward")

    def backward(self, out_grads=None):
        return self._abstract("backward")

    def update(self):
        return self._abstract("update")

    def get_outputs(self, merge_multi_context=True):
        return self._abstract("get_outputs")

    def get_input_grads(self, merge_multi_context=True):
        return self._abstract("get_input_grads")

    def update_metric(self, eval_metric, labels, pre_sliced=False):
        return self._abstract("update_metric")

    # ------------------------------------------------------------- the loops
    def forward_backward(self, data_batch):
        """``forward(is_train=True)`` then ``backward()``."""
        self.forward(data_batch, is_train=True)
        self.backward()

    def fit(self, train_data, eval_data=None, eval_metric="acc", epoch_end_callback=None,
            batch_end_callback=None, kvstore="local", optimizer="sgd",
            optimizer_params=(("learning_rate", 0.01),), eval_end_callback=None,
            eval_batch_end_callback=None, initializer=None, arg_params=None,
            aux_params=None, allow_missing=False, force_rebind=False, force_init=False,
            begin_epoch=0, num_epoch=None, validation_metric=None, monitor=None,
            sparse_row_id_fn=None):
        """Train for ``num_epoch`` epochs over ``train_data``."""
        if num_epoch is None:
            raise MXNetError("Module.fit: please specify number of epochs")
        from ..model import BatchEndParam
        self.bind(train_data.provide_data, train_data.provide_label, for_training=True,
                  force_rebind=force_rebind)
        self.init_params(initializer if initializer is not None else _init.Uniform(0.01),
                         arg_params, aux_params, allow_missing, force_init)
        self.init_optimizer(kvstore, optimizer, optimizer_params)
        if validation_metric is None:
            validation_metric = eval_metric
        if not isinstance(eval_metric, _metric.EvalMetric):
            eval_metric = _metric.create(eval_metric)
        for epoch in range(begin_epoch, num_epoch):
            tic = time.time()
            eval_metric.reset()
            nbatch = 0
            for batch in train_data:
                self.forward_backward(batch)
                self.update()
                self.update_metric(eval_metric, batch.label)
                if batch_end_callback is not None:
                    param = BatchEndParam(epoch=epoch, nbatch=nbatch, eval_metric=eval_metric,
                                          locals=locals())
                    for cb in (batch_end_callback if isinstance(batch_end_callback, list)
                               else [batch_end_callback]):
                        cb(param)
                nbatch += 1
            for name, val in eval_metric.get_name_value():
                self.logger.info("Epoch[%d] Train-%s=%f", epoch, name, val)
            self.logger.info("Epoch[%d] Time cost=%.3f", epoch, time.time() - tic)
            arg_params, aux_params = self.get_params()
            if epoch_end_callback is not None:
                for cb in (epoch_end_callback if isinstance(epoch_end_callback, list)
                           else [epoch_end_callback]):
                    cb(epoch, self.symbol, arg_params, aux_params)
            if eval_data is not None:
                res = self.score(eval_data, validation_metric,
                                 batch_end_callback=eval_batch_end_callback, epoch=epoch)
                for name, val in res:
                    self.logger.info("Epoch[%d] Validation-%s=%f", epoch, name, val)
            # MXNet resets the data at the end of an epoch, not before the first: an
            # iterator shuffled by its constructor keeps that order for epoch 0
            train_data.reset()

    def score(self, eval_data, eval_metric, num_batch=None, batch_end_callback=None,
              score_end_callback=None, reset=True, epoch=0, sparse_row_id_fn=None):
        """Evaluate ``eval_metric`` over ``eval_data``; returns its ``get_name_value()``."""
        if not isinstance(eval_metric, _metric.EvalMetric):
            eval_metric = _metric.create(eval_metric)
        if reset:
            eval_data.reset()
        eval_metric.reset()
        for nbatch, batch in enumerate(eval_data):
            if num_batch is not None and nbatch == num_batch:
                break
            self.forward(batch, is_train=False)
            self.update_metric(eval_metric, batch.label)
        return eval_metric.get_name_value()

    def iter_predict(self, eval_data, num_batch=None, reset=True, sparse_row_id_fn=None):
        """Yield ``(outputs, batch index, batch)`` (padding removed) over ``eval_data``."""
        if reset:
            eval_data.reset()
        for nbatch, batch in enumerate(eval_data):
            if num_batch is not None and nbatch == num_batch:
                break
            self.forward(batch, is_train=False)
            pad = batch.pad or 0
            outs = [o[0:o.shape[0] - pad] for o in self.get_outputs()]
            yield outs, nbatch, batch

    def predict(self, eval_data, num_batch=None, merge_batches=True, reset=True,
                always_output_list=False, sparse_row_id_fn=None):
        """The outputs over ``eval_data`` (concatenated over batches)."""
        if isinstance(eval_data, (nd.NDArray, np.ndarray)):
            from ..io import NDArrayIter
            eval_data = NDArrayIter(eval_data, batch_size=self.data_shapes[0].shape[0])
        outputs = [[o.copy() for o in outs] for outs, _, _ in
                   self.iter_predict(eval_data, num_batch, reset)]
        if not outputs:
            return []
        if not merge_batches:
            return outputs
        merged = [nd.concat(*[b[i] for b in outputs], dim=0) for i in range(len(outputs[0]))]
        if len(merged) == 1 and not always_output_list:
            return merged[0]
        return merged

    # ---------------------------------------------------------- checkpoints
