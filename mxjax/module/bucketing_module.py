"""``mx.mod.BucketingModule``: one Module per bucket key, all sharing one set of parameters.

``sym_gen(bucket_key)`` gives ``(symbol, data_names, label_names)`` for a bucket (for
example an unrolled RNN of that sequence length). The default bucket's Module owns the
parameter arrays; every other bucket's Module is bound with ``shared_module=`` that one,
so its executor holds the very same parameter and aux-state NDArrays, and borrows its
optimizer (one optimizer state per parameter name). Each batch's ``bucket_key`` selects
the Module that runs it.
"""
import logging
import warnings

import numpy as np

from ..base import MXNetError
from ..context import cpu
from .. import initializer as _init
from .. import ndarray as nd
from .. import symbol as _sym
from .. import model as _model
from ..name import NameManager
from .base_module import BaseModule
from .module import Module

__all__ = ["BucketingModule"]


def _check_names(symbol, names, typename, throw):
    """MXNet's check that data/label/state names are arguments of the symbol."""
    args = symbol.list_arguments()
    for name in names:
        if name in args:
            continue
        msg = ("You created Module with Module(..., %s_names=%s) but input with name '%s' "
               "is not found in symbol.list_arguments(). Did you mean one of:\n\t%s"
               % (typename, list(names), name, "\n\t".join(args)))
        if throw:
            raise MXNetError(msg)
        warnings.warn(msg)


class BucketingModule(BaseModule):
    """A module for varying-length inputs: one symbol per bucket key (MXNet's API).

    Parameters
    ----------
    sym_gen : callable
        ``sym_gen(bucket_key) -> (symbol, data_names, label_names)``.
    default_bucket_key : hashable
        The key of the default bucket (the largest one, usually); ``bind`` binds it and
        the other buckets share its parameters.
    logger : Logger, default logging
    context : Context or list of Context, default cpu()
        One context is used.
    work_load_list : list of number, optional
        Accepted for compatibility (one device).
    fixed_param_names : list of str, optional
        Parameters that are not updated.
    state_names : list of str, optional
        States of every bucket's Module (see :class:`Module`).
    group2ctxs, compression_params : optional
        Accepted for compatibility.
    """

    def __init__(self, sym_gen, default_bucket_key=None, logger=logging, context=None,
                 work_load_list=None, fixed_param_names=None, state_names=None,
                 group2ctxs=None, compression_params=None):
        if default_bucket_key is None:
            raise MXNetError("BucketingModule: default_bucket_key must be given")
        self._default_bucket_key = default_bucket_key
        self._sym_gen = sym_gen
        symbol, data_names, label_names = self._call_sym_gen(default_bucket_key)
        data_names = list(data_names) if data_names is not None else []
        label_names = list(label_names) if label_names is not None else []
        state_names = list(state_names) if state_names is not None else []
        fixed_param_names = list(fixed_param_names) if fixed_param_names is not None else []
        _check_names(symbol, data_names, "data", True)
        _check_names(symbol, state_names, "state", True)
        _check_names(symbol, label_names, "label", False)
        _check_names(symbol, fixed_param_names, "fixed_param", True)
        super().__init__(logger=logger)
        self._context = context if context is not None else cpu()
        self._work_load_list = work_load_list
        self._fixed_param_names = fixed_param_names
        self._state_names = state_names
        self._group2ctxs = group2ctxs
        self._compression_params = compression_params
        self._buckets = {}
        self._curr_module = None
        self._curr_bucket_key = None
        self._params_dirty = False
        self._monitor = None
        self._grad_req = None

    def _reset_bind(self):
        self.binded = False
        self._buckets = {}
        self._curr_module = None
        self._curr_bucket_key = None

    def _call_sym_gen(self, *args, **kwargs):
        with NameManager():
            return self._sym_gen(*args, **kwargs)

    def _new_module(self, symbol, data_names, label_names):
        return Module(symbol, data_names, label_names, logger=self.logger,
                      context=self._context, work_load_list=self._work_load_list,
                      fixed_param_names=self._fixed_param_names,
                      state_names=self._state_names, group2ctxs=self._group2ctxs,
                      compression_params=self._compression_params)

    def _check(self, binded=True, params=True, optimizer=False, what="this call"):
        if binded and not self.binded:
            raise MXNetError("BucketingModule: call bind before %s" % what)
        if params and not self.params_initialized:
            raise MXNetError("BucketingModule: call init_params before %s" % what)
        if optimizer and not self.optimizer_initialized:
            raise MXNetError("BucketingModule: call init_optimizer before %s" % what)

    # ----------------------------------------------------------- properties
    @property
    def default_bucket_key(self):
        """The key of the default bucket."""
        return self._default_bucket_key

    @property
    def data_names(self):
        """Data names of the current bucket (of the default bucket before ``bind``)."""
        if self.binded:
            return self._curr_module.data_names
        return self._call_sym_gen(self._default_bucket_key)[1]

    @property
    def output_names(self):
        """Output names of the current bucket's symbol."""
        if self.binded:
            return self._curr_module.output_names
        return self._call_sym_gen(self._default_bucket_key)[0].list_outputs()

    @property
    def data_shapes(self):
        self._check(params=False, what="data_shapes")
        return self._curr_module.data_shapes

    @property
    def label_shapes(self):
        self._check(params=False, what="label_shapes")
        return self._curr_module.label_shapes

    @property
    def output_shapes(self):
        self._check(params=False, what="output_shapes")
        return self._curr_module.output_shapes

    @property
    def symbol(self):
        """The current bucket's symbol."""
        self._check(params=False, what="symbol")
        return self._curr_module.symbol

    # --------------------------------------------------------------- params
    def get_params(self):
        """``(arg_params, aux_params)``: copies of the shared parameters."""
        self._check(binded=False, what="get_params")
        self._params_dirty = False
        return self._curr_module.get_params()

    def set_params(self, arg_params, aux_params, allow_missing=False, force_init=True,
                   allow_extra=False):
        """Set the shared parameters from dicts of NDArrays."""
        if not allow_missing:
            self.init_params(initializer=None, arg_params=arg_params, aux_params=aux_params,
                             allow_missing=allow_missing, force_init=force_init,
                             allow_extra=allow_extra)
            return
        if self.params_initialized and not force_init:
            warnings.warn("Parameters already initialized and force_init=False. "
                          "set_params call ignored.", stacklevel=2)
            return
        self._curr_module.set_params(arg_params, aux_params, allow_missing=allow_missing,
                                     force_init=force_init, allow_extra=allow_extra)
        self._params_dirty = True
        self.params_initialized = True

    def init_params(self, initializer=None, arg_params=None, aux_params=None,
                    allow_missing=False, force_init=False, allow_extra=False):
        """Initialize the shared parameters (``Uniform(0.01)`` by default)."""
        if self.params_initialized and not force_init:
            return
        self._check(params=False, what="initializing the parameters")
        if initializer is None and arg_params is None:
            initializer = _init.Uniform(0.01)
        self._curr_module.init_params(initializer=initializer, arg_params=arg_params,
                                      aux_params=aux_params, allow_missing=allow_missing,
                                      force_init=force_init, allow_extra=allow_extra)
        self._params_dirty = False
        self.params_initialized = True

    # ---------------------------------------------------------------- bind
    def bind(self, data_shapes, label_shapes=None, for_training=True, inputs_need_grad=False,
             force_rebind=False, shared_module=None, grad_req="write"):
        """Bind the default bucket for these shapes; other buckets bind on first use.

        ``data_shapes``/``label_shapes`` are those of the default bucket.
        """
        if self.params_initialized:
            arg_params, aux_params = self.get_params()
        if force_rebind:
            self._reset_bind()
        if self.binded:
            self.logger.warning("Already bound, ignoring bind()")
            return
        if shared_module is not None:
            raise MXNetError("BucketingModule.bind: shared_module for BucketingModule is "
                             "not supported")
        self.for_training = for_training
        self.inputs_need_grad = inputs_need_grad
        self._grad_req = grad_req
        module = self._buckets.get(self._default_bucket_key)
        if module is None:
            symbol, data_names, label_names = self._call_sym_gen(self._default_bucket_key)
            module = self._new_module(symbol, data_names, label_names)
        module.bind(data_shapes, label_shapes, for_training, inputs_need_grad,
                    force_rebind=False, shared_module=None, grad_req=grad_req)
        self.binded = True
        self._curr_module = module
        self._curr_bucket_key = self._default_bucket_key
        self._buckets[self._default_bucket_key] = module
        if self.params_initialized:
            self.set_params(arg_params, aux_params)

    def switch_bucket(self, bucket_key, data_shapes, label_shapes=None):
        """Make ``bucket_key``'s Module current (creating and binding it, sharing the
        default bucket's parameters, the first time)."""
        if not self.binded:
            raise MXNetError("BucketingModule: call bind before switching bucket")
        module = self._buckets.get(bucket_key)
        if module is None or not module.binded:
            if module is None:
                symbol, data_names, label_names = self._call_sym_gen(bucket_key)
                module = self._new_module(symbol, data_names, label_names)
            default = self._buckets[self._default_bucket_key]
            if not default.params_initialized:
                raise MXNetError("BucketingModule: call init_params before running bucket "
                                 "%r" % (bucket_key,))
            module.bind(data_shapes, label_shapes, self._curr_module.for_training,
                        self._curr_module.inputs_need_grad, force_rebind=False,
                        shared_module=default, grad_req=self._grad_req)
            if self.optimizer_initialized:
                module.borrow_optimizer(default)
            if self._monitor is not None:
                module.install_monitor(self._monitor)
            self._buckets[bucket_key] = module
        self._curr_module = module
        self._curr_bucket_key = bucket_key

    # ------------------------------------------------------------ optimizer
    def init_optimizer(self, kvstore="local", optimizer="sgd",
                       optimizer_params=(("learning_rate", 0.01),), force_init=False):
        """Create the optimizer; every bucket uses it."""
        self._check(what="init_optimizer")
        if self.optimizer_initialized and not force_init:
            self.logger.warning("optimizer already initialized, ignoring.")
            return
        default = self._buckets[self._default_bucket_key]
        default.init_optimizer(kvstore, optimizer, optimizer_params, force_init=force_init)
        for mod in self._buckets.values():
            if mod is not default:
                mod.borrow_optimizer(default)
        self.optimizer_initialized = True

    # ------------------------------------------------------------- running
    def prepare(self, data_batch, sparse_row_id_fn=None):
        """Bind the batch's bucket if it is new (the current bucket is kept)."""
        self._check(what="prepare")
        original = self._curr_bucket_key
        self.switch_bucket(data_batch.bucket_key, data_batch.provide_data,
                           data_batch.provide_label)
        self.switch_bucket(original, None, None)

    def forward(self, data_batch, is_train=None):
        """Run the Module of ``data_batch.bucket_key`` (the default bucket when None)."""
        self._check(what="forward")
        self._switch_for(data_batch)
        self._curr_module.forward(data_batch, is_train=is_train)

    def forward_backward(self, data_batch):
        """``forward(is_train=True)`` and ``backward()`` in the batch's bucket (one
        compiled program, see :meth:`Module.forward_backward`)."""
        self._check(what="forward_backward")
        self._switch_for(data_batch)
        self._curr_module.forward_backward(data_batch)

    def _switch_for(self, data_batch):
        """Switch to the bucket of ``data_batch``."""
        key = data_batch.bucket_key
        if key is None:
            key = self._default_bucket_key
        data_shapes = data_batch.provide_data
        if data_shapes is None:
            data_shapes = [(n, tuple(a.shape)) for n, a in
                           zip(self._call_sym_gen(key)[1], data_batch.data)]
        label_shapes = data_batch.provide_label
        if label_shapes is None and data_batch.label:
            label_shapes = [(n, tuple(a.shape)) for n, a in
                            zip(self._call_sym_gen(key)[2], data_batch.label)]
        self.switch_bucket(key, data_shapes, label_shapes)

    def backward(self, out_grads=None):
        """Backward through the current bucket."""
        self._check(what="backward")
        self._curr_module.backward(out_grads=out_grads)

    def update(self):
        """One optimizer step on the shared parameters (gradients of the current bucket)."""
        self._check(optimizer=True, what="update")
        self._params_dirty = True
        self._curr_module.update()

    def get_states(self, merge_multi_context=True):
        """The current bucket's states (see :meth:`Module.get_states`)."""
        self._check(what="get_states")
        return self._curr_module.get_states(merge_multi_context)

    def set_states(self, states=None, value=None):
        """Set the current bucket's states (see :meth:`Module.set_states`)."""
        self._check(what="set_states")
        self._curr_module.set_states(states, value)

    def get_outputs(self, merge_multi_context=True):
        """Outputs of the last forward."""
        self._check(what="get_outputs")
        return self._curr_module.get_outputs(merge_multi_context=merge_multi_context)

    def get_input_grads(self, merge_multi_context=True):
        """Gradients of the data (bind with ``inputs_need_grad=True``)."""
        self._check(what="get_input_grads")
        if not self.inputs_need_grad:
            raise MXNetError("BucketingModule.get_input_grads: bind with "
                             "inputs_need_grad=True")
        return self._curr_module.get_input_grads(merge_multi_context=merge_multi_context)

    def update_metric(self, eval_metric, labels, pre_sliced=False):
        """Update ``eval_metric`` with the current bucket's outputs."""
        self._check(what="update_metric")
        self._curr_module.update_metric(eval_metric, labels, pre_sliced)

    def install_monitor(self, mon):
        """Install ``mon`` (an ``mx.monitor.Monitor``) on every bucket's executor, and on
        buckets bound later."""
        self._check(params=False, what="install_monitor")
        self._monitor = mon
        for mod in self._buckets.values():
            if mod.binded:
                mod.install_monitor(mon)

    # ---------------------------------------------------------- checkpoints
    def save_checkpoint(self, prefix, epoch, remove_amp_cast=False):
        """Write ``prefix-%04d.params``, ``prefix-<key>-symbol.json`` per bucket and
        ``prefix.buckets`` (the integer bucket keys), as MXNet does."""
        if not self._buckets:
            raise MXNetError("Empty BucketingModule cannot be saved")
        self.save_params("%s-%04d.params" % (prefix, epoch))
        for key in self._buckets:
            symbol, _, _ = self._call_sym_gen(key)
            symbol.save("%s-%s-symbol.json" % (prefix, key))
        nd.save("%s.buckets" % prefix, nd.array(list(self._buckets.keys()), dtype=np.int32))

    @staticmethod
    def load(prefix, epoch, sym_gen=None, default_bucket_key=None, **kwargs):
        """A BucketingModule from :meth:`save_checkpoint` files (integer bucket keys);
        parameters are set when it is bound."""
        if sym_gen is None:
            raise MXNetError("sym_gen is required for loading BucketingModule")
        if default_bucket_key is None:
            raise MXNetError("default_bucket_key is required for loading BucketingModule")
        keys = [int(k) for k in nd.load("%s.buckets" % prefix)[0].asnumpy().astype("int32")]
        sym_dict = {k: _sym.load("%s-%s-symbol.json" % (prefix, k)) for k in keys}
        arg_params, aux_params = _model.load_params(prefix, epoch)
        return BucketingModule.load_dict(sym_dict, sym_gen, default_bucket_key, arg_params,
                                         aux_params, **kwargs)

    @staticmethod
    def load_dict(sym_dict=None, sym_gen=None, default_bucket_key=None, arg_params=None,
                  aux_params=None, **kwargs):
        """A BucketingModule from ``{bucket_key: symbol}`` and shared parameters."""
        for what, value in (("sym_dict", sym_dict), ("arg_params", arg_params),
                            ("aux_params", aux_params),
                            ("default_bucket_key", default_bucket_key)):
            if value is None:
                raise MXNetError("%s needs to be provided for BucketingModule.load_dict" % what)
        mod = BucketingModule(sym_gen, default_bucket_key, **kwargs)
        for key, symbol in sym_dict.items():
            _, data_names, label_names = sym_gen(key)
            mod._buckets[key] = mod._new_module(symbol, data_names, label_names)
        if default_bucket_key not in mod._buckets:
            raise MXNetError("BucketingModule.load_dict: default_bucket_key %r is not in "
                             "sym_dict" % (default_bucket_key,))
        default = mod._curr_module = mod._buckets[default_bucket_key]
        # as Module.load: the parameters are copied in when the default bucket is bound
        default._arg_params, default._aux_params = arg_params, aux_params
        default.params_initialized = True
        mod.params_initialized = True
        return mod
