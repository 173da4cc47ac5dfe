"""``mx.mod.SequentialModule``: modules chained so one's outputs are the next one's data.

Forward runs the modules in order, feeding each one's outputs as the next one's data;
backward runs them in reverse, feeding each one's input gradients as the previous
one's ``out_grads`` (so every module but the first is bound with
``inputs_need_grad=True`` when training). Modules added with ``take_labels=True`` get
the batch's labels and update the metric.
"""
import copy
import logging

from ..base import MXNetError
from .. import initializer as _init
from .base_module import BaseModule

__all__ = ["SequentialModule"]


class SequentialModule(BaseModule):
    """A chain of modules trained together (MXNet's API).

    Parameters
    ----------
    logger : Logger, default logging
    """

    META_TAKE_LABELS = "take_labels"
    META_AUTO_WIRING = "auto_wiring"

    def __init__(self, logger=logging):
        super().__init__(logger=logger)
        self._modules = []
        self._metas = []
        self._label_shapes = None
        self._meta_keys = {self.META_TAKE_LABELS, self.META_AUTO_WIRING}

    def add(self, module, **kwargs):
        """Append ``module``; keywords: ``take_labels`` (bool), ``auto_wiring`` (bool:
        rename the incoming data to this module's ``data_names``). Returns ``self``."""
        for key in kwargs:
            if key not in self._meta_keys:
                raise MXNetError('SequentialModule.add: unknown meta "%s", a typo? (known: %s)'
                                 % (key, ", ".join(sorted(self._meta_keys))))
        self._modules.append(module)
        self._metas.append(kwargs)
        self.binded = self.params_initialized = self.optimizer_initialized = False
        return self

    def _check(self, params=True, optimizer=False, what="this call"):
        if not self.binded:
            raise MXNetError("SequentialModule: call bind before %s" % what)
        if params and not self.params_initialized:
            raise MXNetError("SequentialModule: call init_params before %s" % what)
        if optimizer and not self.optimizer_initialized:
            raise MXNetError("SequentialModule: call init_optimizer before %s" % what)

    # ----------------------------------------------------------- properties
    @property
    def data_names(self):
        """The first module's data names."""
        return self._modules[0].data_names if self._modules else []

    @property
    def output_names(self):
        """The last module's output names."""
        return self._modules[-1].output_names if self._modules else []

    @property
    def data_shapes(self):
        self._check(params=False, what="data_shapes")
        return self._modules[0].data_shapes

    @property
    def label_shapes(self):
        self._check(params=False, what="label_shapes")
        return self._label_shapes

    @property
    def output_shapes(self):
        self._check(params=False, what="output_shapes")
        return self._modules[-1].output_shapes

    # --------------------------------------------------------------- params
    def get_params(self):
        """``(arg_params, aux_params)`` of all modules merged."""
        self._check(what="get_params")
        arg_params, aux_params = {}, {}
        for module in self._modules:
            arg, aux = module.get_params()
            arg_params.update(arg)
            aux_params.update(aux)
        return arg_params, aux_params

    def set_params(self, arg_params, aux_params, allow_missing=False, force_init=True,
                   allow_extra=False):
        """Set every module's parameters from the merged dicts."""
        self.init_params(None, arg_params, aux_params, allow_missing, force_init,
                         allow_extra=True)

    def init_params(self, initializer=None, arg_params=None, aux_params=None,
                    allow_missing=False, force_init=False, allow_extra=False):
        """Initialize every module's parameters; parameter names must be unique."""
        if self.params_initialized and not force_init:
            return
        self._check(params=False, what="initializing the parameters")
        if initializer is None and arg_params is None:
            initializer = _init.Uniform(0.01)
        for module in self._modules:
            # each module takes its own names from the merged dicts
            module.init_params(initializer=initializer, arg_params=arg_params,
                               aux_params=aux_params, allow_missing=allow_missing,
                               force_init=force_init, allow_extra=True)
        known = ({}, {})
        for i, module in enumerate(self._modules):
            for names, params in zip(known, module.get_params()):
                for name in params:
                    if name in names:
                        j = names[name]
                        raise MXNetError(
                            'Duplicated parameter names: name "%s" in layer %d (%s) is '
                            'already used in layer %d (%s).'
                            % (name, i, type(module).__name__, j,
                               type(self._modules[j]).__name__))
                    names[name] = i
        self.params_initialized = True

    # ---------------------------------------------------------------- bind
    def bind(self, data_shapes, label_shapes=None, for_training=True, inputs_need_grad=False,
             force_rebind=False, shared_module=None, grad_req="write"):
        """Bind each module on the previous one's output shapes."""
        if self.binded and not force_rebind:
            self.logger.warning("Already bound, ignoring bind()")
            return
        if inputs_need_grad and not for_training:
            raise MXNetError("SequentialModule.bind: inputs_need_grad requires for_training")
        if shared_module is not None:
            raise MXNetError("SequentialModule.bind: shared_module is not supported")
        if not self._modules:
            raise MXNetError("Attempting to bind an empty SequentialModule")
        self.binded = True
        self.for_training = for_training
        self.inputs_need_grad = inputs_need_grad
        self._label_shapes = label_shapes
        my_data_shapes = data_shapes
        anybody_needs_label = False
        for i, module in enumerate(self._modules):
            meta = self._metas[i]
            if meta.get(self.META_TAKE_LABELS, False):
                my_label_shapes = label_shapes
                anybody_needs_label = True
            else:
                my_label_shapes = None
            needs_grad = bool(inputs_need_grad or (for_training and i > 0))
            if meta.get(self.META_AUTO_WIRING, False):
                names = module.data_names
                if len(names) != len(my_data_shapes):
                    raise MXNetError("SequentialModule: module %d takes %d data (%s) but the "
                                     "previous one gives %d" % (i, len(names), names,
                                                                len(my_data_shapes)))
                my_data_shapes = [(n, tuple(_shape_of(s))) for n, s in
                                  zip(names, my_data_shapes)]
            module.bind(data_shapes=my_data_shapes, label_shapes=my_label_shapes,
                        for_training=for_training, inputs_need_grad=needs_grad,
                        force_rebind=force_rebind, shared_module=None, grad_req=grad_req)
            my_data_shapes = module.output_shapes
        if not anybody_needs_label:
            self._label_shapes = None

    # ------------------------------------------------------------ optimizer
    def init_optimizer(self, kvstore="local", optimizer="sgd",
                       optimizer_params=(("learning_rate", 0.01),), force_init=False):
        """Create each module's optimizer (same settings)."""
        self._check(what="init_optimizer")
        if self.optimizer_initialized and not force_init:
            self.logger.warning("optimizer already initialized, ignoring.")
            return
        for module in self._modules:
            module.init_optimizer(kvstore=kvstore, optimizer=optimizer,
                                  optimizer_params=optimizer_params, force_init=force_init)
        self.optimizer_initialized = True

    # ------------------------------------------------------------- running
    def forward(self, data_batch, is_train=None):
        """Forward through the chain."""
        self._check(what="forward")
        data_batch = copy.copy(data_batch)
        for i, module in enumerate(self._modules):
            module.forward(data_batch, is_train=is_train)
            if i + 1 == len(self._modules):
                break
            data_batch.data = module.get_outputs()
            if hasattr(data_batch, "provide_data"):
                names = [x[0] for x in module.output_shapes]
                data_batch.provide_data = [(n, x.shape) for n, x in
                                           zip(names, data_batch.data)]

    def backward(self, out_grads=None):
        """Backward through the chain, last module first."""
        self._check(what="backward")
        for i in range(len(self._modules) - 1, -1, -1):
            module = self._modules[i]
            module.backward(out_grads=out_grads)
            if i == 0:
                break
            out_grads = module.get_input_grads()

    def update(self):
        """One optimizer step in every module."""
        self._check(optimizer=True, what="update")
        for module in self._modules:
            module.update()

    def get_outputs(self, merge_multi_context=True):
        """The last module's outputs."""
        self._check(what="get_outputs")
        return self._modules[-1].get_outputs(merge_multi_context=merge_multi_context)

    def get_input_grads(self, merge_multi_context=True):
        """The first module's input gradients (bind with ``inputs_need_grad=True``)."""
        self._check(what="get_input_grads")
        if not self.inputs_need_grad:
            raise MXNetError("SequentialModule.get_input_grads: bind with "
                             "inputs_need_grad=True")
        return self._modules[0].get_input_grads(merge_multi_context=merge_multi_context)

    def update_metric(self, eval_metric, labels, pre_sliced=False):
        """Update ``eval_metric`` with the outputs of each module that takes labels."""
        self._check(what="update_metric")
        for meta, module in zip(self._metas, self._modules):
            if meta.get(self.META_TAKE_LABELS, False):
                module.update_metric(eval_metric, labels, pre_sliced)

    def install_monitor(self, mon):
        """Install ``mon`` (an ``mx.monitor.Monitor``) on every module's executor."""
        self._check(params=False, what="install_monitor")
        for module in self._modules:
            module.install_monitor(mon)


def _shape_of(desc):
    """The shape of a ``(name, shape)`` pair or a DataDesc."""
    return desc.shape if hasattr(desc, "shape") else desc[1]
