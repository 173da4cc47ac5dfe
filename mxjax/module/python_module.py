"""``mx.mod.PythonModule`` and ``PythonLossModule``: modules computed in Python, without
parameters (for example a loss whose gradient is written by hand, at the end of a
``SequentialModule``)."""
import logging

from ..base import MXNetError
from .. import ndarray as nd
from .base_module import BaseModule

__all__ = ["PythonModule", "PythonLossModule"]


def _names(names):
    return list(names) if isinstance(names, (tuple, list)) else names


class PythonModule(BaseModule):
    """A module without parameters whose forward/backward are Python code; subclasses
    implement ``forward``, ``backward``, ``get_outputs``, ``get_input_grads`` and
    ``_compute_output_shapes``.

    Parameters
    ----------
    data_names, label_names, output_names : list of str
    logger : Logger, default logging
    """

    def __init__(self, data_names, label_names, output_names, logger=logging):
        super().__init__(logger=logger)
        self._data_names = _names(data_names)
        self._label_names = _names(label_names)
        self._output_names = output_names
        self._data_shapes = self._label_shapes = self._output_shapes = None

    @property
    def data_names(self):
        return self._data_names

    @property
    def output_names(self):
        return self._output_names

    @property
    def data_shapes(self):
        return self._data_shapes

    @property
    def label_shapes(self):
        return self._label_shapes

    @property
    def output_shapes(self):
        return self._output_shapes

    def get_params(self):
        """No parameters: ``({}, {})``."""
        return {}, {}

    def init_params(self, initializer=None, arg_params=None, aux_params=None,
                    allow_missing=False, force_init=False, allow_extra=False):
        """Nothing to initialize."""
        self.params_initialized = True

    def init_optimizer(self, kvstore="local", optimizer="sgd",
                       optimizer_params=(("learning_rate", 0.01),), force_init=False):
        """Nothing to optimize."""
        self.optimizer_initialized = True

    def update(self):
        """Nothing to update."""

    def update_metric(self, eval_metric, labels, pre_sliced=False):
        """Update ``eval_metric`` with the outputs (only when bound with labels)."""
        if self._label_shapes is None:
            return
        if pre_sliced:
            raise MXNetError("PythonModule does not support presliced labels")
        eval_metric.update(labels, self.get_outputs())

    def bind(self, data_shapes, label_shapes=None, for_training=True, inputs_need_grad=False,
             force_rebind=False, shared_module=None, grad_req="write"):
        """Record the shapes and compute the output shapes."""
        if self.binded and not force_rebind:
            self.logger.warning("Already bound, ignoring bind()")
            return
        if grad_req != "write":
            raise MXNetError("PythonModule only supports grad_req='write' (got %r)"
                             % (grad_req,))
        names = [x[0] for x in data_shapes]
        if names != list(self._data_names):
            raise MXNetError("PythonModule.bind: data shapes are given for %s but the data "
                             "names are %s" % (names, self._data_names))
        if label_shapes is not None:
            labels = [x[0] for x in label_shapes]
            if self._label_names is None or labels != list(self._label_names):
                raise MXNetError("PythonModule.bind: label shapes are given for %s but the "
                                 "label names are %s" % (labels, self._label_names))
        self.for_training = for_training
        self.inputs_need_grad = inputs_need_grad
        self._data_shapes = data_shapes
        self._label_shapes = label_shapes
        self._output_shapes = self._compute_output_shapes()
        self.binded = True

    def _compute_output_shapes(self):
        raise NotImplementedError("%s does not implement _compute_output_shapes"
                                  % type(self).__name__)


class PythonLossModule(PythonModule):
    """A loss written in Python: the output is the input scores, and ``backward`` gives
    ``grad_func(scores, labels)`` as the input gradient.

    Parameters
    ----------
    name : str, default 'pyloss'
    data_names : list of str, default ('data',)
        One name.
    label_names : list of str, default ('softmax_label',)
        One name.
    logger : Logger, default logging
    grad_func : callable, optional
        ``grad_func(scores, labels) -> NDArray or array``; required for ``backward``.
    """

    def __init__(self, name="pyloss", data_names=("data",), label_names=("softmax_label",),
                 logger=logging, grad_func=None):
        super().__init__(data_names, label_names, [name + "_output"], logger=logger)
        if len(self._data_names) != 1 or len(self._label_names) != 1:
            raise MXNetError("PythonLossModule takes one data and one label name (got %s "
                             "and %s)" % (self._data_names, self._label_names))
        if grad_func is not None and not callable(grad_func):
            raise MXNetError("PythonLossModule: grad_func must be callable")
        self._name = name
        self._grad_func = grad_func
        self._scores = self._labels = self._scores_grad = None

    def _compute_output_shapes(self):
        shape = self._data_shapes[0]
        return [(self._name + "_output", shape.shape if hasattr(shape, "shape") else shape[1])]

    def forward(self, data_batch, is_train=None):
        """The scores pass through; labels are kept for ``backward`` when training."""
        self._scores = data_batch.data[0]
        if is_train is None:
            is_train = self.for_training
        if is_train:
            self._labels = data_batch.label[0]

    def get_outputs(self, merge_multi_context=True):
        return [self._scores]

    def backward(self, out_grads=None):
        """``grad_func(scores, labels)`` becomes the input gradient."""
        if out_grads is not None:
            raise MXNetError("For a loss module, out_grads should be None")
        if not self.for_training:
            raise MXNetError("PythonLossModule.backward: bind with for_training=True")
        if self._grad_func is None:
            raise NotImplementedError("PythonLossModule needs grad_func for backward")
        grad = self._grad_func(self._scores, self._labels)
        self._scores_grad = grad if isinstance(grad, nd.NDArray) else nd.array(grad)

    def get_input_grads(self, merge_multi_context=True):
        return [self._scores_grad]

    def install_monitor(self, mon):
        raise NotImplementedError("PythonLossModule has no monitor")
