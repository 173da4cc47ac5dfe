"""``mx.mod.Module``: train and run a Symbol with an Executor, an optimizer and metrics.

A Module binds its symbol once per input shapes (``Symbol.simple_bind``), so every
step is the executor's compiled forward and forward+backward programs, followed by
the optimizer's update of each parameter.
"""
import logging
import warnings

import numpy as np

from ..base import MXNetError
from ..context import cpu
from .. import initializer as _init
from .. import optimizer as _opt
from .. import ndarray as nd  # noqa: F401  (MXNet's module.module has it)
from .. import model as _model
from .base_module import BaseModule
from .executor_group import DataParallelExecutorGroup

__all__ = ["Module"]


def _as_descs(shapes):
    from ..io import DataDesc
    if shapes is None:
        return []
    out = []
    for s in shapes:
        desc = s if isinstance(s, DataDesc) else None
        shape = s.shape if desc is not None else s[1]
        if not isinstance(shape, (tuple, list)) or \
                not all(isinstance(d, (int, np.integer)) for d in shape):
            raise TypeError("Module.bind: the shape of %s must be a tuple of int, got %r"
                            % (s[0], shape))
        out.append(desc if desc is not None else DataDesc(s[0], tuple(int(d) for d in shape)))
    return out


def _per_device(arrays, merge_multi_context):
    """MXNet's per-device form: ``arrays`` as they are (merged), or each in a one-device
    list."""
    return list(arrays) if merge_multi_context else [[a] for a in arrays]


class Module(BaseModule):
    """A symbol with data and label inputs, trained by ``fit`` (MXNet's Module API).

    Parameters
    ----------
    symbol : Symbol
    data_names : list of str, default ('data',)
    label_names : list of str, default ('softmax_label',)
    context : Context or list of Context, default cpu()
        One context is used (mxjax runs one program per executor).
    fixed_param_names : list of str, optional
        Parameters that are not updated.
    state_names : list of str, optional
        Arguments that are neither data, labels nor parameters: kept between forwards
        (zeros when bound), set with :meth:`set_states`, read with :meth:`get_states`;
        they have no gradient and are not updated by the optimizer.
    """

    def __init__(self, symbol, data_names=("data",), label_names=("softmax_label",),
                 logger=logging, context=None, work_load_list=None, fixed_param_names=None,
                 state_names=None, group2ctxs=None, compression_params=None):
        super().__init__(logger=logger)
        contexts = list(context) if isinstance(context, (list, tuple)) else [context]
        self._contexts = [c if c is not None else cpu() for c in contexts] or [cpu()]
        self._context = self._contexts[0]   # the one executor's
        self._symbol = symbol
        self._data_names = list(data_names or [])
        self._label_names = [n for n in (label_names or []) if n is not None]
        self._fixed = set(fixed_param_names or [])
        self._state_names = list(state_names or [])
        self.logger = logger
        args = symbol.list_arguments()
        for names, what in ((self._data_names, "data"), (self._state_names, "state")):
            for n in names:
                if n not in args:
                    raise MXNetError("Module: %s name %s is not an argument of the symbol "
                                     "(arguments: %s)" % (what, n, ", ".join(args)))
        inputs = set(self._data_names) | set(self._label_names) | set(self._state_names)
        self._param_names = [n for n in args if n not in inputs]
        self._aux_names = symbol.list_auxiliary_states()
        self._output_names = symbol.list_outputs()
        self._exec = None
        self._arg_params = self._aux_params = None
        self.binded = self.params_initialized = self.optimizer_initialized = False
        self.for_training = False
        self._optimizer = self._updater = None
        self._kvstore, self._update_on_kvstore = None, False
        self._data_shapes = self._label_shapes = None

    # ----------------------------------------------------------- properties
    @property
    def _exec_group(self):
        """MXNet's executor group, over the one executor mxjax binds (``execs``,
        ``param_names``, ``param_arrays`` ...); None before ``bind``."""
        if self._exec is None:
            return None
        return DataParallelExecutorGroup._of_module(self)

    @property
    def symbol(self):
        return self._symbol

    @property
    def data_names(self):
        return self._data_names

    @property
    def label_names(self):
        return self._label_names

    @property
    def output_names(self):
        return self._output_names

    @property
    def state_names(self):
        """Names of the states (``state_names`` given to the constructor)."""
        return self._state_names

    @property
    def data_shapes(self):
        return self._data_shapes

    @property
    def label_shapes(self):
        return self._label_shapes

    @property
    def output_shapes(self):
        return [(n, o.shape) for n, o in zip(self._output_names, self._exec.outputs)]

    # ---------------------------------------------------------------- bind
    def bind(self, data_shapes, label_shapes=None, for_training=True, inputs_need_grad=False,
             force_rebind=False, shared_module=None, grad_req="write"):
        """Allocate the executor for these input shapes."""
        if self.binded and not force_rebind:
            self.logger.warning("Already bound, ignoring bind()")
            return
        self._data_shapes = _as_descs(data_shapes)
        self._label_shapes = _as_descs(label_shapes)
        self.inputs_need_grad = inputs_need_grad
        self._grad_req = grad_req
        shapes = {d.name: d.shape for d in self._data_shapes + self._label_shapes}
        reqs = {}
        for n in self._symbol.list_arguments():
            if n in self._param_names:
                reqs[n] = "null" if (not for_training or n in self._fixed) else grad_req
            elif n in self._data_names:
                reqs[n] = grad_req if inputs_need_grad else "null"
            else:
                reqs[n] = "null"
        old = self._exec
        if shared_module is None:
            shared_module = getattr(self, "_shared_module", None)
        if shared_module is not None:
            if not (shared_module.binded and shared_module.params_initialized):
                raise MXNetError("Module.bind: shared_module must be bound and have its "
                                 "parameters initialized")
            self._shared_module = shared_module
            self._exec = self._bind_shared(shared_module._exec, reqs, shapes)
            self._monitor_new_executor(old)
            self.binded = True
            self.for_training = for_training
            self.params_initialized = True
            return
        self.binded = True
        self.for_training = for_training
        if old is not None:
            # rebinding (reshape): keep the parameter arrays themselves, so modules
            # bound with this one as shared_module still share them
            self._exec = self._bind_shared(old, reqs, shapes, strict=False)
            self._monitor_new_executor(old)
            kept = old.arg_dict
            self._exec.copy_params_from(
                {n: kept[n] for n in self._param_names
                 if self._exec.arg_dict[n] is not kept[n]
                 and kept[n].shape == self._exec.arg_dict[n].shape},
                {n: a for n, a in old.aux_dict.items()
                 if self._exec.aux_dict[n] is not a and a.shape == self._exec.aux_dict[n].shape})
            return
        self._exec = self._symbol.simple_bind(self._context, grad_req=reqs,
                                              type_dict=self._input_types(), **shapes)
        self._monitor_new_executor(old)
        if self.params_initialized:
            self._exec.copy_params_from(self._arg_params, self._aux_params)

    def _input_types(self):
        """Dtypes of the bound inputs (from their DataDescs): all of them, so that an
        integer label does not become the dtype of the layers feeding the loss."""
        types = {d.name: np.dtype(d.dtype) for d in self._data_shapes + self._label_shapes}
        return types or None

    def _bind_shared(self, shared_exec, reqs, shapes, strict=True):
        """An executor whose parameters and aux states are ``shared_exec``'s arrays
        (same NDArray objects, so an update through one module is seen by the other);
        ``strict``: every parameter must be shared (same name and shape)."""
        exe = self._symbol.simple_bind(self._context, grad_req=reqs, shared_exec=shared_exec,
                                       type_dict=self._input_types(), **shapes)
        aux = exe.aux_dict
        theirs = shared_exec.aux_dict
        for n in self._aux_names:
            if n in theirs and tuple(theirs[n].shape) == tuple(aux[n].shape):
                aux[n] = theirs[n]
        args = exe.arg_dict
        mine = shared_exec.arg_dict
        for n in self._param_names:
            if strict and (n not in mine or tuple(mine[n].shape) != tuple(args[n].shape)):
                raise MXNetError("Module.bind: parameter %s (shape %s) is not shared with "
                                 "shared_module (%s)" % (n, tuple(args[n].shape),
                                                         "missing" if n not in mine else
                                                         "shape %s" % (tuple(mine[n].shape),)))
        grads = exe.grad_dict
        their_grads = shared_exec.grad_dict
        for n in self._param_names:  # shared too, as MXNet does: grad_req='add' sums
            g = their_grads.get(n)  # over buckets
            if grads.get(n) is not None and g is not None and g.shape == grads[n].shape:
                grads[n] = g
        return self._symbol.bind(self._context, args=args, args_grad=grads,
                                 grad_req=reqs, aux_states=aux)

    def install_monitor(self, mon):
        """Install ``mon`` (an ``mx.monitor.Monitor``) on the module's executor; a
        rebound executor (``reshape``, a new batch shape) keeps it."""
        if not self.binded:
            raise MXNetError("Module.install_monitor: call bind first")
        self._monitor = mon
        mon.install(self._exec)

    def _monitor_new_executor(self, old):
        mon = getattr(self, "_monitor", None)
        if mon is not None:
            mon.exes[:] = [e for e in mon.exes if e is not old]
            mon.install(self._exec)

    def borrow_optimizer(self, shared_module):
        """Use ``shared_module``'s optimizer and updater (states are shared by name)."""
        if not shared_module.optimizer_initialized:
            raise MXNetError("borrow_optimizer: shared_module has no optimizer; call "
                             "init_optimizer on it first")
        self._optimizer = shared_module._optimizer
        self._updater = shared_module._updater
        self._opt_index = shared_module._opt_index
        self.optimizer_initialized = True

    def reshape(self, data_shapes, label_shapes=None):
        """Bind again for new input shapes, keeping the parameters."""
        self._sync_params()
        self.bind(data_shapes, label_shapes, self.for_training, force_rebind=True,
                  inputs_need_grad=self.inputs_need_grad, grad_req=self._grad_req)

    # --------------------------------------------------------------- params
    def init_params(self, initializer=None, arg_params=None, aux_params=None,
                    allow_missing=False, force_init=False, allow_extra=False):
        """Initialize the parameters (from ``arg_params``/``aux_params`` where given)."""
        if self.params_initialized and not force_init:
            return
        if not self.binded:
            raise MXNetError("call bind before initializing the parameters")
        initializer = initializer if initializer is not None else _init.Uniform(0.01)
        attrs = self._symbol.attr_dict()
        for names, src, dst in ((self._param_names, arg_params, self._exec.arg_dict),
                                (self._aux_names, aux_params, self._exec.aux_dict)):
            for n in names:
                arr = dst[n]
                if src is not None and n in src:
                    arr[:] = src[n].astype(arr.dtype) if hasattr(src[n], "astype") else src[n]
                elif src is not None and not allow_missing:
                    raise RuntimeError("%s is not presented" % n)
                else:
                    initializer(_init.InitDesc(n, attrs.get(n, {})), arr)
        if not allow_extra:
            for src, names in ((arg_params, self._param_names), (aux_params, self._aux_names)):
                extra = [k for k in (src or {}) if k not in names]
                if extra:
                    raise ValueError("Parameters %s are not in the symbol; give "
                                     "allow_extra=True to ignore them" % extra)
        self.params_initialized = True
        self._sync_params()

    def _sync_params(self):
        if self._exec is None:
            return
        self._arg_params = {n: self._exec.arg_dict[n].copy() for n in self._param_names}
        self._aux_params = {n: self._exec.aux_dict[n].copy() for n in self._aux_names}

    def get_params(self):
        """``(arg_params, aux_params)``: copies of the current parameters."""
        self._sync_params()
        return self._arg_params, self._aux_params

    def set_params(self, arg_params, aux_params, allow_missing=False, force_init=True,
                   allow_extra=False):
        """Set the parameters from dicts of NDArrays."""
        self.init_params(None, arg_params, aux_params, allow_missing, force_init, allow_extra)

    # ------------------------------------------------------------ optimizer
    def init_optimizer(self, kvstore="local", optimizer="sgd",
                       optimizer_params=(("learning_rate", 0.01),), force_init=False):
        """Create the optimizer (``rescale_grad`` is 1/batch size, as in MXNet)."""
        if self.optimizer_initialized and not force_init:
            return
        args = self._exec.arg_dict
        kv, on_kv = _model._create_kvstore(kvstore, len(self._contexts),
                                           {n: args[n] for n in self._param_names})
        batch = self._data_shapes[0].shape[0] if self._data_shapes else 1
        if kv is not None and "dist" in kv.type and "_sync" in kv.type:
            batch *= kv.num_workers
        idx2name = dict(enumerate(self._param_names))
        if isinstance(optimizer, str):
            params = dict(optimizer_params)
            params.setdefault("rescale_grad", 1.0 / batch)
            optimizer = _opt.create(optimizer, param_idx2name=idx2name, sym=self._symbol,
                                    **params)
        else:
            if not isinstance(optimizer, _opt.Optimizer):
                raise MXNetError("Module.init_optimizer: optimizer must be a name or an "
                                 "Optimizer, got %r" % (optimizer,))
            if optimizer.rescale_grad != 1.0 / batch:
                warnings.warn("Optimizer created manually outside Module but rescale_grad "
                              "is not normalized to 1.0/batch_size/num_workers (%s vs. %s). "
                              "Is this intended?" % (optimizer.rescale_grad, 1.0 / batch),
                              stacklevel=2)
            if not optimizer.idx2name:
                optimizer.idx2name = idx2name.copy()
        self._optimizer = optimizer
        self._kvstore, self._update_on_kvstore = kv, on_kv
        self._updater = None if on_kv else _opt.get_updater(optimizer)
        if kv is not None:   # as MXNet: the store starts from the module's parameters
            if on_kv:
                kv.set_optimizer(optimizer)
            names = self._trained_names()
            if names:
                kv.init(names, [args[n] for n in names])
                if on_kv:
                    kv.pull(names, out=[args[n] for n in names])
        self._opt_index = {n: i for i, n in enumerate(self._param_names)}
        self.optimizer_initialized = True
        states = getattr(self, "_preload_opt_states", None)
        if states is not None:
            self.load_optimizer_states(states)
            self._preload_opt_states = None

    def save_optimizer_states(self, fname):
        """Write the optimizer's state to ``fname`` (the store's, when it updates)."""
        if self._update_on_kvstore:
            self._kvstore.save_optimizer_states(fname)
            return
        with open(fname, "wb") as f:
            f.write(self._updater.get_states(dump_optimizer=False))

    def load_optimizer_states(self, fname):
        """Read the optimizer's state from ``fname`` (into the store, when it updates)."""
        if self._update_on_kvstore:
            self._kvstore.load_optimizer_states(fname)
            return
        with open(fname, "rb") as f:
            self._updater.set_states(f.read())

    # ------------------------------------------------------------- running
    def forward(self, data_batch, is_train=None):
        """Run the executor on a DataBatch (rebinding when its shapes changed)."""
        if is_train is None:
            is_train = self.for_training
        self._feed(data_batch)
        self._exec.forward(is_train=is_train)

    def forward_backward(self, data_batch):
        """``forward(is_train=True)`` then ``backward()``, run as one compiled program
        (the forward is not computed a second time inside the backward)."""
        self._feed(data_batch)
        self._exec._forward_backward()

    def _feed(self, data_batch):
        """Copy a DataBatch's data and labels into the executor (rebinding when its
        shapes changed)."""
        shapes = [(n, tuple(a.shape)) for n, a in zip(self._data_names, data_batch.data)]
        if shapes != [(d.name, tuple(d.shape)) for d in self._data_shapes]:
            labels = getattr(data_batch, "label", None) or []
            self.reshape(shapes, [(n, tuple(a.shape)) for n, a in
                                  zip(self._label_names, labels)] or None)
        feed = dict(zip(self._data_names, data_batch.data))
        labels = getattr(data_batch, "label", None)
        if labels is not None:
            for n, a in zip(self._label_names, labels):
                if n in self._exec.arg_dict:
                    feed[n] = a
        args = self._exec.arg_dict
        for n, a in feed.items():
            dst = args[n]
            if isinstance(a, nd.NDArray) and a.shape == dst.shape:
                a.copyto(dst)  # as MXNet's executor group loads a batch (a third of [:]=)
            else:
                dst[:] = a

    def backward(self, out_grads=None):
        """Gradients of the outputs (``out_grads`` for non-loss heads)."""
        self._exec.backward(out_grads)

    def update(self):
        """One optimizer step on every trainable parameter.

        The parameters go to the updater in one call (it keeps MXNet's order and
        grouping of update calls, so hyperparameters and states evolve as in MXNet) and
        are updated by one compiled step, not one dispatch per parameter.
        """
        grads, args = self._exec.grad_dict, self._exec.arg_dict
        names = self._trained_names()
        if not names:
            return
        grad_list = [grads[n] for n in names]
        weights = [args[n] for n in names]
        kv = self._kvstore
        if self._update_on_kvstore:   # the store reduces, updates and gives back
            kv.push(names, grad_list)
            kv.pull(names, out=weights)
            return
        if kv is not None:            # the store reduces; the module updates
            kv.pushpull(names, grad_list, out=grad_list)
        self._updater([self._opt_index[n] for n in names], grad_list, weights)

    def _trained_names(self):
        """The parameters with a gradient, in the module's order."""
        grads = self._exec.grad_dict
        return [n for n in self._param_names if grads.get(n) is not None]

    def get_outputs(self, merge_multi_context=True):
        """The outputs of the last forward: ``[out1, out2]``, or per device
        ``[[out1_dev1], [out2_dev1]]`` with ``merge_multi_context=False`` (one device)."""
        return _per_device(list(self._exec.outputs), merge_multi_context)

    def get_input_grads(self, merge_multi_context=True):
        """Gradients of the data inputs (bind with ``inputs_need_grad=True``)."""
        return _per_device([self._exec.grad_dict[n] for n in self._data_names],
                           merge_multi_context)

    def get_states(self, merge_multi_context=True):
        """The state arrays (``state_names`` order): ``[state1, state2]``, or
        ``[[state1_dev1], [state2_dev1]]`` with ``merge_multi_context=False`` (MXNet
        1.9.1 only implements the latter; its default raises an AssertionError).

        Returns
        -------
        list of NDArray, or list of list of NDArray
        """
        self._check_ready("get_states")
        return _per_device([self._exec.arg_dict[n] for n in self._state_names],
                           merge_multi_context)

    def set_states(self, states=None, value=None):
        """Set the states from arrays or to one scalar; give exactly one of them.

        Parameters
        ----------
        states : list of NDArray, or list of list of NDArray
            One array per state (or per state a list with one array per device, as
            ``get_states(merge_multi_context=False)`` returns).
        value : number
            Fills every state.
        """
        self._check_ready("set_states")
        if (states is None) == (value is None):
            raise MXNetError("Module.set_states: give exactly one of states and value")
        dsts = [self._exec.arg_dict[n] for n in self._state_names]
        if states is None:
            for dst in dsts:
                dst[:] = value
            return
        if len(states) != len(dsts):
            raise MXNetError("Module.set_states: %d arrays given for %d states (%s)"
                             % (len(states), len(dsts), ", ".join(self._state_names)))
        for name, src, dst in zip(self._state_names, states, dsts):
            if isinstance(src, (list, tuple)):
                if len(src) != 1:
                    raise MXNetError("Module.set_states: state %s: %d device arrays given, "
                                     "the module runs on one device" % (name, len(src)))
                src = src[0]
            if tuple(src.shape) != tuple(dst.shape):
                raise MXNetError("Module.set_states: state %s has shape %s, got %s"
                                 % (name, tuple(dst.shape), tuple(src.shape)))
            dst[:] = src

    def _check_ready(self, what):
        if not (self.binded and self.params_initialized):
            raise MXNetError("Module.%s: call bind and init_params first" % what)

    def update_metric(self, eval_metric, labels, pre_sliced=False):
        """Update ``eval_metric`` with the last outputs."""
        eval_metric.update(labels, self.get_outputs())

    # ---------------------------------------------------------- checkpoints
    def save_checkpoint(self, prefix, epoch, save_optimizer_states=False,
                        remove_amp_cast=True):
        """Write ``prefix-symbol.json``, ``prefix-%04d.params`` (and ``.states``)."""
        arg_params, aux_params = self.get_params()
        _model.save_checkpoint(prefix, epoch, self._symbol, arg_params, aux_params)
        if save_optimizer_states:
            self.save_optimizer_states("%s-%04d.states" % (prefix, epoch))

    @staticmethod
    def load(prefix, epoch, load_optimizer_states=False, **kwargs):
        """A Module from a checkpoint; parameters are set when it is bound."""
        sym, args, auxs = _model.load_checkpoint(prefix, epoch)
        mod = Module(symbol=sym, **kwargs)
        mod._arg_params, mod._aux_params = args, auxs
        mod.params_initialized = True
        if load_optimizer_states:
            mod._preload_opt_states = "%s-%04d.states" % (prefix, epoch)
        return mod
