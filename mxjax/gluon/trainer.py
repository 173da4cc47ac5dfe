"""``gluon.Trainer``: applies an optimizer to a set of Parameters, as MXNet 1.9.1's.

``step(batch_size)`` rescales gradients by ``1/batch_size``, sums them over the
parameters' contexts (MXNet's 'device' kvstore), and updates every parameter. The
updates of all parameters on a context run as one compiled JAX call (see
``mxjax.optimizer``).

A parameter whose gradient was not written by a ``backward()`` since the last step is
*stale*: ``step`` raises, unless ``ignore_stale_grad=True``, which skips it. mxjax
tells a fresh gradient by its buffer's value object: ``backward()`` always replaces
it. (``zero_grad()`` or assigning to ``param.grad()`` also replace it and so count as
fresh here; in MXNet only ``backward()`` does.)
"""
import os
import weakref

from ..base import MXNetError
from .. import optimizer as opt
from .. import kvstore as kvs
from ..kvstore import spmd
from .parameter import ParameterDict, Parameter
from ..model import _create_kvstore, _create_sparse_kvstore

__all__ = ["Trainer"]


class StaleGradientError(MXNetError, UserWarning):
    """A parameter's gradient was not updated by backward since the last step (MXNet
    raises ``UserWarning``)."""


class TrainerValueError(MXNetError, ValueError):
    """A bad Trainer argument (MXNet raises ValueError)."""


class TrainerAssertionError(MXNetError, AssertionError):
    """A failed Trainer check (MXNet asserts)."""


def _check(cond, msg):
    if not cond:
        raise TrainerAssertionError(msg)


def _grad_token(grad):
    """What a gradient buffer shows, to tell whether a backward pass wrote it since the
    last step: the pending node whose output it shows (a deferred backward pass; the
    same after the value is read), else its array."""
    node = grad._node
    if node is not None and not node.is_var:
        return node
    d = grad._data
    return d if d is not None else grad._value


class Trainer:
    """Applies an optimizer to a set of parameters; call :meth:`step` after ``backward``.

    Parameters
    ----------
    params : ParameterDict, dict or list of Parameter
        The parameters to optimize (a dict in sorted key order).
    optimizer : str or Optimizer
        An optimizer name (``'sgd'``, ``'adam'`` ...) or instance.
    optimizer_params : dict, optional
        Arguments of the optimizer (only with a name).
    kvstore : str, KVStore or None, default 'device'
        How gradients of copies on several contexts (and workers) are summed: a
        :func:`mxjax.kvstore.create` type ('device', 'local', 'dist_sync' ...) or a store.
    compression_params : dict, optional
        Gradient compression settings (not supported: the store raises MXNetError).
    update_on_kvstore : bool, optional
        Whether the update runs once in the store (default with several contexts) or
        on every context.

    Examples
    --------
    >>> trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': 0.1})
    >>> with autograd.record():
    ...     loss = loss_fn(net(x), y)
    >>> loss.backward()
    >>> trainer.step(x.shape[0])
    """

    def __init__(self, params, optimizer, optimizer_params=None, kvstore="device",
                 compression_params=None, update_on_kvstore=None):
        param_list = []
        if isinstance(params, (dict, ParameterDict)):
            for key in sorted(list(params.keys())):
                param_list.append(params[key])
            params = param_list
        if not isinstance(params, (list, tuple)):
            raise TrainerValueError("First argument must be a list or dict of Parameters, "
                                    "got %s." % (type(params)))
        self._params = []
        self._contains_sparse_weight = False
        self._contains_sparse_grad = False
        self._param2idx = {}
        for i, param in enumerate(params):
            if not isinstance(param, Parameter):
                raise TrainerValueError("First argument must be a list or dict of Parameters, "
                                        "got list of %s." % (type(param)))
            self._param2idx[param.name] = i
            self._params.append(param)
            param._set_trainer(self)
            if param._stype != "default":
                self._contains_sparse_weight = True
            if param._grad_stype != "default":
                self._contains_sparse_grad = True
        self._compression_params = compression_params
        self._contexts = self._check_contexts()
        optimizer_params = optimizer_params if optimizer_params else {}
        self._init_optimizer(optimizer, optimizer_params)
        self._scale = self._optimizer.rescale_grad
        self._kvstore_params = {"kvstore": kvstore, "update_on_kvstore": update_on_kvstore}
        self._kv_initialized = False
        self._kvstore = None
        self._update_on_kvstore = None
        self._distributed = None
        self._params_to_init = []
        self._seen_grads = {}
        self._reset_kvstore()

    def _check_contexts(self):
        contexts = None
        for param in self._params:
            ctx = param.list_ctx()
            _check(contexts is None or contexts == ctx,
                   "All Parameters must be initialized on the same set of contexts, but "
                   "Parameter %s is initialized on %s while previous Parameters are "
                   "initialized on %s." % (param.name, str(ctx), str(contexts)))
            contexts = ctx
        return contexts

    def _init_optimizer(self, optimizer, optimizer_params):
        param_dict = {i: param for i, param in enumerate(self._params)}
        if isinstance(optimizer, opt.Optimizer):
            _check(not optimizer_params, "optimizer_params must be None if optimizer is an "
                   "instance of Optimizer instead of str")
            self._optimizer = optimizer
            self._optimizer.param_dict = param_dict
        else:
            self._optimizer = opt.create(optimizer, param_dict=param_dict, **optimizer_params)
        self._updaters = [opt.get_updater(self._optimizer) for _ in self._contexts]

    def _init_params(self):
        _check(self._kv_initialized, "Cannot initialize parameters in KVStore when KVStore "
               "is not initialized.")
        params_to_init = []
        if self._kvstore:
            for param in self._params_to_init:
                if param._deferred_init:
                    params_to_init.append(param)
                    continue
                arrays = param._check_and_get(param._data, list)
                idx = self._param2idx[param.name]
                if param._stype != "default":
                    self._kvstore.init(idx, arrays[0])
                else:
                    # rank 0's values on every context of every worker
                    self._kvstore.broadcast(idx, arrays[0], arrays)
        else:
            params_to_init = [p for p in self._params_to_init if p._deferred_init]
        self._params_to_init = params_to_init

    def _reset_kvstore(self):
        if self._kvstore and "dist" in self._kvstore.type:
            raise RuntimeError("Cannot reset distributed KVStore.")
        self._kv_initialized = False
        self._kvstore = None
        self._distributed = None
        self._update_on_kvstore = None
        self._params_to_init = [param for param in self._params]

    def _init_kvstore(self):
        """Create the store and choose ``update_on_kvstore`` as MXNet 1.9.1 does."""
        config = self._kvstore_params
        self._contexts = self._check_contexts()
        if self._contains_sparse_weight:
            kvstore, update_on_kvstore = _create_sparse_kvstore(config["kvstore"])
            self._distributed = "dist" in kvstore.type
            if config["update_on_kvstore"] is False:
                raise TrainerValueError("Cannot set update_on_kvstore=False when sparse "
                                        "weights are present.")
        elif self._contains_sparse_grad:
            arg_arrays = [p.data(self._contexts[0]) for p in self._params]
            kvstore, _ = _create_kvstore(config["kvstore"], len(self._contexts), arg_arrays)
            self._distributed = "dist" in kvstore.type if kvstore else False
            update_on_kvstore = self._distributed
            if config["update_on_kvstore"] is not None:
                if config["update_on_kvstore"] is False and self._distributed:
                    raise TrainerValueError("Cannot set update_on_kvstore=False on dist "
                                            "kvstore when sparse gradients are present.")
                update_on_kvstore = config["update_on_kvstore"]
            if kvstore is not None and not isinstance(kvstore, kvs.KVStore):
                raise TrainerValueError("Cannot use {} for multi-device training with sparse "
                                        "gradients".format(type(kvstore)))
        else:
            arg_arrays = [p.data(self._contexts[0]) for p in self._params
                          if not p._deferred_init]
            kvstore, update_on_kvstore = _create_kvstore(config["kvstore"],
                                                         len(self._contexts), arg_arrays)
            self._distributed = "dist" in kvstore.type if kvstore else False
            if self._distributed and "async" in kvstore.type:
                update_on_kvstore = True
                if config["update_on_kvstore"] is False:
                    raise TrainerValueError("Please set update_on_kvstore=True when training "
                                            "in async mode.")
            if config["update_on_kvstore"] is not None:
                update_on_kvstore = config["update_on_kvstore"]
            if update_on_kvstore and not kvstore.is_capable("optimizer"):
                if config["update_on_kvstore"]:
                    raise TrainerValueError("Please set update_on_kvstore=False when training "
                                            "with {}".format(type(kvstore)))
                update_on_kvstore = False
        if kvstore:
            if self._compression_params:
                kvstore.set_gradient_compression(self._compression_params)
            if update_on_kvstore:
                kvstore.set_optimizer(self._optimizer)
            self._kvstore = kvstore
            self._update_on_kvstore = update_on_kvstore
        else:
            self._kvstore = None
            self._update_on_kvstore = None
        while len(self._updaters) < len(self._contexts):
            self._updaters.append(opt.get_updater(self._optimizer))
        self._kv_initialized = True

    @property
    def learning_rate(self):
        """The optimizer's current learning rate."""
        if not isinstance(self._optimizer, opt.Optimizer):
            raise UserWarning("Optimizer has to be defined before its learning rate can be "
                              "accessed.")
        return self._optimizer.learning_rate

    @property
    def optimizer(self):
        """The Optimizer."""
        if isinstance(self._optimizer, opt.Optimizer):
            return self._optimizer
        raise UserWarning("Optimizer has not been initialized yet")

    def set_learning_rate(self, lr):
        """Set the optimizer's learning rate (not with an lr_scheduler).

        Parameters
        ----------
        lr : float
        """
        if not isinstance(self._optimizer, opt.Optimizer):
            raise UserWarning("Optimizer has to be defined before its learning rate is "
                              "mutated.")
        self._optimizer.set_learning_rate(lr)

    def _row_sparse_pull(self, parameter, out, row_id, full_idx=False):
        """Pull the parameter's rows ``row_id`` into ``out`` from the kvstore (the
        parameter's own data is the master copy without one)."""
        if not self._kv_initialized:
            self._init_kvstore()
        if self._params_to_init:
            self._init_params()
        if self._kvstore is not None:
            idx = self._param2idx[parameter.name]
            if full_idx or not hasattr(self._kvstore, "row_sparse_pull"):
                self._kvstore.pull(idx, out=out)
            else:
                self._kvstore.row_sparse_pull(idx, out=out, row_ids=row_id)
            return
        data = parameter._check_and_get(parameter._data, list)[0]
        outs = out if isinstance(out, (list, tuple)) else [out]
        for o in outs:
            data.copyto(o)

    def _check_and_rescale_grad(self, scale):
        self._optimizer.rescale_grad = scale

    def step(self, batch_size, ignore_stale_grad=False):
        """One optimization step: gradients are scaled by ``1/batch_size``.

        Parameters
        ----------
        batch_size : int
            Gradients are normalized by ``1/batch_size`` (pass 1 when the loss is
            already a mean).
        ignore_stale_grad : bool, default False
            Skip (instead of raising for) parameters whose gradient was not updated by
            ``backward`` since the last step.
        """
        rescale_grad = self._scale / batch_size
        self._check_and_rescale_grad(rescale_grad)
        if not self._kv_initialized:
            self._init_kvstore()
        if self._params_to_init:
            self._init_params()
        if self._fused_step():
            return
        self._allreduce_grads()
        self._update(ignore_stale_grad)

    def _fused_step(self):
        """Sum and update every replica as one SPMD program (see
        :mod:`mxjax.kvstore.spmd`) when the store is mxjax's, all gradients are fresh
        and dense, and the replicas are on distinct devices of one platform. With
        ``update_on_kvstore`` the store's optimizer state and values are the ones
        updated (as its push would), else every context's updater's."""
        kv = self._kvstore
        if not isinstance(kv, kvs.KVStore) or \
                self._contains_sparse_grad or self._contains_sparse_weight:
            return False
        if self._update_on_kvstore and not (isinstance(kv._updater, opt.Updater) and
                                            kv._updater.optimizer is self._optimizer):
            return False
        items = [(i, p) for i, p in enumerate(self._params) if p.grad_req != "null"]
        if not items:
            return False
        datas = [p._check_and_get(p._data, list) for _, p in items]
        grads = [p.list_grad() for _, p in items]
        if not all(self._is_fresh(i, k, g) for (i, _), gl in zip(items, grads)
                   for k, g in enumerate(gl)):
            return False
        if not spmd.can_fuse(self._optimizer, datas):
            return False
        store = None
        if self._update_on_kvstore:
            # the store's values must sit with the first replicas (where init put them)
            store = kv
            for (i, _), reps in zip(items, datas):
                value = kv._store.get(i)
                if value is None or value.context != reps[0].context:
                    return False
        spmd.allreduce_update(self._optimizer, self._updaters[:len(datas[0])],
                              [i for i, _ in items], datas, grads, store=store)
        for (i, _), gl in zip(items, grads):
            for k, g in enumerate(gl):
                self._mark_seen(i, k, g)
        for reps in datas:
            for w in reps:
                var = w._node
                if var is not None and var.is_var:
                    # the next backward over the devices may leave its gradients
                    # pending: backward, sum and update then run as one program
                    var.defer = True
        return True

    def allreduce_grads(self):
        """Sum the gradients over contexts (for :meth:`update` after manual changes)."""
        if not self._kv_initialized:
            self._init_kvstore()
        if self._params_to_init:
            self._init_params()
        _check(not (self._kvstore and self._update_on_kvstore),
               "allreduce_grads() when parameters are updated on kvstore is not supported. "
               "Try setting `update_on_kvstore` to False when creating trainer.")
        self._allreduce_grads()

    # -- fresh/stale gradients ------------------------------------------------------
    def _is_fresh(self, i, k, grad):
        ref = self._seen_grads.get((i, k))
        return ref is None or ref() is not _grad_token(grad)

    def _mark_seen(self, i, k, grad):
        self._seen_grads[(i, k)] = weakref.ref(_grad_token(grad))

    def _allreduce_grads(self):
        if not self._kvstore or self._update_on_kvstore:
            return  # with update_on_kvstore the store sums them when it updates
        keys, grad_lists, stale = [], [], []
        for i, param in enumerate(self._params):
            if param.grad_req == "null":
                continue
            grads = param.list_grad()
            keys.append(i)
            grad_lists.append(grads)
            stale.extend((i, k, g) for k, g in enumerate(grads) if not self._is_fresh(i, k, g))
        self._pushpull(keys, grad_lists)
        for i, k, g in stale:
            self._mark_seen(i, k, g)  # a summed stale gradient stays stale

    def _pushpull(self, keys, values, outs=None):
        """``kvstore.pushpull`` of several keys: one call on mxjax's stores (one
        compiled update for all keys), one per key on others, as MXNet's Trainer."""
        if not keys:
            return
        if isinstance(self._kvstore, kvs.KVStore):
            self._kvstore.pushpull(keys, values, out=outs)
            return
        for n, key in enumerate(keys):
            self._kvstore.pushpull(key, values[n], out=None if outs is None else outs[n],
                                   priority=-key)

    def update(self, batch_size, ignore_stale_grad=False):
        """Update the parameters with the current gradients (after :meth:`allreduce_grads`).

        Parameters
        ----------
        batch_size : int
        ignore_stale_grad : bool, default False
        """
        if not self._kv_initialized:
            self._init_kvstore()
        if self._params_to_init:
            self._init_params()
        _check(not (self._kvstore and self._update_on_kvstore),
               "update() when parameters are updated on kvstore is not supported. Try "
               "setting `update_on_kvstore` to False when creating trainer.")
        self._check_and_rescale_grad(self._scale / batch_size)
        self._update(ignore_stale_grad)

    def _update(self, ignore_stale_grad=False):
        updates = [[] for _ in self._updaters]
        kv_updates = []
        on_store = bool(self._kvstore and self._update_on_kvstore)
        seen = self._seen_grads
        for i, param in enumerate(self._params):
            if param._grad_req == "null":
                continue
            datas = param._data
            grads = param._grad
            if datas is None or grads is None:  # raise the parameter's own error
                datas = param._check_and_get(datas, list)
                grads = param.list_grad()
            fresh = []
            for k, g in enumerate(grads):  # as _is_fresh
                ref = seen.get((i, k))
                fresh.append(ref is None or ref() is not _grad_token(g))
            if not ignore_stale_grad:
                for data, f in zip(datas, fresh):
                    if not f:
                        raise StaleGradientError(
                            "Gradient of Parameter `%s` on context %s has not been updated by "
                            "backward since last `step`. This could mean a bug in your model "
                            "that made it only use a subset of the Parameters (Blocks) for this "
                            "iteration. If you are intentionally only using a subset, call "
                            "step with ignore_stale_grad=True to suppress this warning and skip "
                            "updating of Parameters with stale gradient"
                            % (param.name, str(data.context)))
            if on_store:
                if all(fresh) or not ignore_stale_grad:
                    kv_updates.append((i, param, datas, grads))
                continue
            for k, (upd, arr, grad) in enumerate(zip(updates, datas, grads)):
                if not ignore_stale_grad or fresh[k]:
                    upd.append((i, grad, arr, k))
        if on_store:
            self._update_on_store(kv_updates)
            return
        for updater, upd in zip(self._updaters, updates):
            if upd:
                i, g, w, _ = zip(*upd)
                updater(list(i), list(g), list(w))
                for idx, grad, weight, k in upd:
                    seen[(idx, k)] = weakref.ref(_grad_token(grad))  # as _mark_seen
                    var = weight._node
                    if var is not None and var.is_var:
                        # the next backward may leave this gradient pending, so that
                        # the next step runs backward and update as one program
                        var.defer = True

    def _update_on_store(self, kv_updates):
        """Push the gradients to the store, which sums and updates; pull the weights
        into every context."""
        if not kv_updates:
            return
        self._pushpull([i for i, _, _, _ in kv_updates], [g for _, _, _, g in kv_updates],
                       [d for _, _, d, _ in kv_updates])
        for i, param, datas, grads in kv_updates:
            for k, g in enumerate(grads):
                self._mark_seen(i, k, g)

    def _state_updater(self):
        return self._kvstore._updater if (self._kvstore and self._update_on_kvstore) \
            else self._updaters[0]

    def save_states(self, fname):
        """Save the optimizer and its states (momentum ...) to ``fname``.

        Parameters
        ----------
        fname : str
        """
        _check(self._optimizer is not None, "Trainer has no optimizer")
        if not self._kv_initialized:
            self._init_kvstore()
        if self._params_to_init:
            self._init_params()
        with open(fname, "wb") as fout:
            fout.write(self._state_updater().get_states(dump_optimizer=True))

    def load_states(self, fname):
        """Load the optimizer and its states saved by :meth:`save_states`.

        Parameters
        ----------
        fname : str
        """
        if not self._kv_initialized:
            self._init_kvstore()
        if self._params_to_init:
            self._init_params()
        with open(fname, "rb") as f:
            states = f.read()
        targets = list(self._updaters)
        if self._kvstore and self._update_on_kvstore:
            targets.insert(0, self._kvstore._updater)
        for updater in targets:
            updater.set_states(states)
            updater.optimizer = targets[0].optimizer
        self._optimizer = targets[0].optimizer
        param_dict = {i: param for i, param in enumerate(self._params)}
        self._optimizer.param_dict = param_dict
