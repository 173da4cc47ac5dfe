"""The optimizer base class, its registry, and the Updater, as MXNet 1.9.1's.

What MXNet does with one update operator per parameter, mxjax does with one
compiled call for all of them. A built-in optimizer describes its update twice:

* ``_hyper(index, weight, grad)``: the host-side part, run for each parameter in
  MXNet's order (update counts, learning rate and weight decay with their
  multipliers and scheduler, bias corrections ...). It returns the per-parameter
  numbers as a dict; they become *dynamic* arguments of the compiled step, so a
  changing learning rate or step count never recompiles;
* ``_step(weight, grad, state, hyper)``: the array math as a pure JAX function.

``_fused_update`` runs ``_hyper`` for every parameter, then one ``jax.jit``-compiled
function that applies ``_step`` to every (weight, grad, state) and writes the
results back into the NDArrays. Compiled functions are cached by the static settings
(``_static()``, which starts with the class), shapes and dtypes; a built-in optimizer's
programs are shared by every instance with the same settings (MXNet's tests and many
scripts build a new optimizer per run: each new instance would otherwise compile again,
and a process holding thousands of large programs runs out of memory mappings). An optimizer written by a user
the MXNet way (overriding ``update`` with ``nd`` operators) is called per parameter
as in MXNet.
"""
import copy
import pickle
import warnings

import numpy as np
import jax
import jax.numpy as jnp
from jax.sharding import SingleDeviceSharding as _SingleDevice

from ..base import MXNetError
from ..core import cache as _cache, executor as _executor, background as _background
from ..core import program_store as _program_store, tiers as _tiers
from ..ndarray.ndarray import NDArray
from ..ndarray.ops.optimizer_ops import _s
from ..ndarray import zeros  # noqa: F401  (re-exported for subclasses)
from . import sparse_update as _sparse

__all__ = ["Optimizer", "register", "create", "Updater", "get_updater"]


# the compiled steps of optimizers whose class declares its static settings (``_static``
# overridden): the key starts with ``_static()``, so instances with equal settings share
_shared_programs = {}


class OptimizerValueError(MXNetError, ValueError):
    """An unknown optimizer or a bad argument (MXNet raises ValueError)."""


class OptimizerAssertionError(MXNetError, AssertionError):
    """A failed check (MXNet asserts)."""


def _check(cond, msg):
    if not cond:
        raise OptimizerAssertionError(msg)


def _leaves(tree):
    """The NDArrays of a state (None, NDArray or nested tuples/lists), in order."""
    if tree is None:
        return []
    if isinstance(tree, NDArray):
        return [tree]
    if isinstance(tree, (tuple, list)):
        out = []
        for t in tree:
            out.extend(_leaves(t))
        return out
    raise MXNetError("optimizer state must be NDArrays (or tuples of them), got %s"
                     % type(tree).__name__)


def _to_jax(tree):
    if tree is None:
        return None
    if isinstance(tree, NDArray):
        return tree._value
    return tuple(_to_jax(t) for t in tree)


def _spec(tree):
    if tree is None:
        return None
    if isinstance(tree, NDArray):
        return (tuple(tree.shape), tree.dtype)
    return tuple([_spec(t) for t in tree])


def _aval_spec(tree):
    """The shapes and dtypes (avals) of a state's values (``_to_jax``'s result)."""
    if tree is None:
        return None
    if isinstance(tree, tuple):
        return tuple([_aval_spec(t) for t in tree])
    return tree.aval


def _state_parts(states):
    """``(values, handles, signature)`` of the optimizer states: their JAX values (as
    ``_to_jax``), their NDArrays in order (as ``_leaves``) and their avals (as
    ``_aval_spec``), in one pass."""
    values, handles, sig = [], [], []
    for s in states:
        if s is None:
            values.append(None)
            sig.append(None)
        elif s.__class__ is NDArray:
            v = s._value
            values.append(v)
            handles.append(s)
            sig.append(v.aval)
        else:
            v = _to_jax(s)
            values.append(v)
            handles.extend(_leaves(s))
            sig.append(_aval_spec(v))
    return values, handles, tuple(sig)


def _pending_source(grads):
    """``executor.pending_thunk`` of the gradients (None at once when the first one is
    already computed, the usual case without deferred backward)."""
    if grads[0]._data is not None:
        return None
    return _executor.pending_thunk([g._pending_ref() or (None, 0) for g in grads])


class Optimizer:
    """The base class of optimizers.

    Parameters
    ----------
    rescale_grad : float, default 1.0
        Gradients are multiplied by this (a Trainer sets ``1/batch_size``).
    param_idx2name : dict of int to str, optional
        Parameter names by index (for ``lr_mult``/``wd_mult`` by name).
    wd : float, default 0.0
        Weight decay.
    clip_gradient : float, optional
        Clip the (rescaled) gradient into ``[-clip_gradient, clip_gradient]``.
    learning_rate : float, optional
        Default 0.01 (when no ``lr_scheduler`` is given).
    lr_scheduler : LRScheduler, optional
        Learning rate as a function of the update count.
    sym : Symbol, optional
        Accepted for ``lr_mult``/``wd_mult`` attributes of a symbol.
    begin_num_update : int, default 0
        The first update count.
    multi_precision : bool, default False
        Keep a float32 master copy of float16 weights.
    param_dict : dict of int to Parameter, optional
        Gluon parameters by index; their ``lr_mult``/``wd_mult`` are used.
    """

    opt_registry = {}

    # the fused protocol (built-in optimizers set _fused = True)
    _fused = False
    _writes_grad = False

    def __init__(self, rescale_grad=1., param_idx2name=None, wd=0., clip_gradient=None,
                 learning_rate=None, lr_scheduler=None, sym=None, begin_num_update=0,
                 multi_precision=False, param_dict=None):
        self.rescale_grad = rescale_grad
        self.lr_scheduler = lr_scheduler
        if self.lr_scheduler is None and learning_rate is None:
            learning_rate = 0.01
        self.lr = learning_rate
        if self.lr_scheduler is not None and learning_rate is not None:
            if self.lr_scheduler.base_lr != learning_rate:
                print(UserWarning("learning rate from ``lr_scheduler`` has been overwritten "
                                  "by ``learning_rate`` in optimizer."))
                self.lr_scheduler.base_lr = learning_rate
        self.wd = wd
        self.lr_mult = {}
        self.wd_mult = {}
        self.begin_num_update = begin_num_update
        self.num_update = begin_num_update
        self._all_index_update_counts = {0: {}}
        self._index_update_count = self._all_index_update_counts[0]
        self.clip_gradient = clip_gradient
        self.multi_precision = multi_precision
        self.aggregate_num = 0
        if param_idx2name is None:
            param_idx2name = {}
        _check(isinstance(param_idx2name, dict),
               "param_idx2name should be a dict of param indexes to names.")
        self.idx2name = param_idx2name.copy()
        self.sym_info = (sym.attr_dict(), sym.list_arguments()) if sym is not None else ()
        self.param_dict = param_dict if param_dict else {}
        self.allow_np_array = False
        self._compiled = {}
        self.set_lr_mult({})
        self.set_wd_mult({})

    # -- registry ---------------------------------------------------------------------
    @staticmethod
    def register(klass):
        """Register an optimizer class under its lower-cased name (a class decorator).

        Parameters
        ----------
        klass : type
            A subclass of :class:`Optimizer`.

        Returns
        -------
        type
        """
        _check(isinstance(klass, type), "register needs a class")
        name = klass.__name__.lower()
        if name in Optimizer.opt_registry:
            warnings.warn("WARNING: New optimizer %s.%s is overriding existing optimizer %s.%s"
                          % (klass.__module__, klass.__name__,
                             Optimizer.opt_registry[name].__module__,
                             Optimizer.opt_registry[name].__name__))
        Optimizer.opt_registry[name] = klass
        return klass

    @staticmethod
    def create_optimizer(name, **kwargs):
        """An optimizer of the registered (case-insensitive) ``name``.

        Parameters
        ----------
        name : str
            ``'sgd'``, ``'adam'`` ...
        **kwargs
            Constructor arguments.

        Returns
        -------
        Optimizer
        """
        if name.lower() in Optimizer.opt_registry:
            return Optimizer.opt_registry[name.lower()](**kwargs)
        raise OptimizerValueError("Cannot find optimizer %s" % name)

    # -- learning rate ----------------------------------------------------------------
    @property
    def learning_rate(self):
        """The current learning rate (from the scheduler at ``num_update`` if any)."""
        if self.lr_scheduler is not None:
            return self.lr_scheduler(self.num_update)
        return self.lr

    def set_learning_rate(self, lr):
        """Set the learning rate (not allowed with an lr_scheduler).

        Parameters
        ----------
        lr : float
        """
        if self.lr_scheduler is not None:
            raise UserWarning("LRScheduler of the optimizer has already been defined. Note "
                              "that set_learning_rate can mutate the value of the learning "
                              "rate of the optimizer only when the LRScheduler of the "
                              "optimizer is undefined.")
        self.lr = lr

    def set_lr_scale(self, args_lrscale):  # pylint: disable=unused-argument
        """Deprecated: use :meth:`set_lr_mult`."""
        raise DeprecationWarning

    def set_lr_mult(self, args_lr_mult):
        """Set learning-rate multipliers by parameter name or index.

        Parameters
        ----------
        args_lr_mult : dict of str/int to float
        """
        self.lr_mult = {}
        if self.sym_info:
            attr, arg_names = self.sym_info
            for name in arg_names:
                if name in attr and "__lr_mult__" in attr[name]:
                    self.lr_mult[name] = float(attr[name]["__lr_mult__"])
        self.lr_mult.update(args_lr_mult)

    def set_wd_mult(self, args_wd_mult):
        """Set weight-decay multipliers by parameter name or index.

        Names in ``param_idx2name`` that end neither in ``_weight`` nor ``_gamma`` get 0.

        Parameters
        ----------
        args_wd_mult : dict of str/int to float
        """
        self.wd_mult = {}
        for n in self.idx2name.values():
            if not (n.endswith("_weight") or n.endswith("_gamma")):
                self.wd_mult[n] = 0.0
        if self.sym_info:
            attr, arg_names = self.sym_info
            for name in arg_names:
                if name in attr and "__wd_mult__" in attr[name]:
                    self.wd_mult[name] = float(attr[name]["__wd_mult__"])
        self.wd_mult.update(args_wd_mult)

    def _set_current_context(self, device_id):
        """Keep separate update counts per device."""
        if device_id not in self._all_index_update_counts:
            self._all_index_update_counts[device_id] = {}
        self._index_update_count = self._all_index_update_counts[device_id]

    def _update_count(self, index):
        """Count one update of ``index`` (an int or a list of them)."""
        if not isinstance(index, (list, tuple)):
            index = [index]
        for idx in index:
            if idx not in self._index_update_count:
                self._index_update_count[idx] = self.begin_num_update
            self._index_update_count[idx] += 1
            self.num_update = max(self._index_update_count[idx], self.num_update)

    def _get_lrs(self, indices):
        lr = self.lr_scheduler(self.num_update) if self.lr_scheduler is not None else self.lr
        lrs = [lr for _ in indices]
        for i, index in enumerate(indices):
            if index in self.param_dict:
                lrs[i] *= self.param_dict[index].lr_mult
            elif index in self.lr_mult:
                lrs[i] *= self.lr_mult[index]
            elif index in self.idx2name:
                lrs[i] *= self.lr_mult.get(self.idx2name[index], 1.0)
        return lrs

    def _get_lr(self, index):
        return self._get_lrs([index])[0]

    def _get_wds(self, indices):
        wds = [self.wd for _ in indices]
        for i, index in enumerate(indices):
            if index in self.param_dict:
                wds[i] *= self.param_dict[index].wd_mult
            elif index in self.wd_mult:
                wds[i] *= self.wd_mult[index]
            elif index in self.idx2name:
                wds[i] *= self.wd_mult.get(self.idx2name[index], 1.0)
        return wds

    def _get_wd(self, index):
        return self._get_wds([index])[0]

    # -- states -------------------------------------------------------------------------
    def create_state(self, index, weight):
        """The auxiliary state of one weight (None, an NDArray, or a tuple of them).

        Parameters
        ----------
        index : int
        weight : NDArray
        """
        return None

    def create_state_multi_precision(self, index, weight):
        """The state, with a float32 master copy in front for float16 weights when
        ``multi_precision``: ``(weight32, state)``."""
        if self.multi_precision and weight.dtype == np.float16:
            weight_master_copy = weight.astype(np.float32)
            return (weight_master_copy,) + (self.create_state(index, weight_master_copy),)
        if weight.dtype == np.float16 and not self.multi_precision:
            warnings.warn("Accumulating with float16 in optimizer can lead to poor accuracy or "
                          "slow convergence. Consider using multi_precision=True option of the "
                          "optimizer")
        return self.create_state(index, weight)

    # -- updates ------------------------------------------------------------------------
    def update(self, index, weight, grad, state):
        """Update ``weight`` (in place) from ``grad`` and ``state``.

        Parameters
        ----------
        index : int or list of int
        weight, grad : NDArray or list of NDArray
        state : the state(s) made by :meth:`create_state`
        """
        if not self._fused:
            raise NotImplementedError()
        self._fused_update(*self._as_lists(index, weight, grad, state), mp=False)

    def update_multi_precision(self, index, weight, grad, state):
        """Update with the float32 master copy when ``multi_precision`` and float16."""
        if self._can_fuse():
            indices, weights, grads, states = self._as_lists(index, weight, grad, state)
            self._fused_update(indices, weights, grads, states,
                               mp=[self._use_mp(w, s) for w, s in zip(weights, states)])
            return
        if self.multi_precision and weight.dtype == np.float16:
            weight_master_copy = state[0]
            original_state = state[1]
            grad32 = grad.astype(np.float32)
            self.update(index, weight_master_copy, grad32, original_state)
            weight._set_data(weight_master_copy._value.astype(weight.dtype))
        else:
            self.update(index, weight, grad, state)

    # -- the fused protocol -----------------------------------------------------------
    def _can_fuse(self):
        cls = type(self)
        return self._fused and cls.update is Optimizer.update and \
            cls.update_multi_precision is Optimizer.update_multi_precision

    def _use_mp(self, weight, state):
        return bool(self.multi_precision and weight.dtype == np.float16)

    def _mp_split(self, state):
        """(master weight, inner state) of a multi-precision state."""
        return state[0], state[1]

    def _mp_join(self, weight32, inner):
        return (weight32, inner)

    @staticmethod
    def _as_lists(index, weight, grad, state):
        if isinstance(index, (list, tuple)):
            return list(index), list(weight), list(grad), list(state)
        return [index], [weight], [grad], [state]

    def _static(self):
        """The settings that the compiled step depends on (part of its cache key)."""
        return ()

    def _hyper(self, index, weight, grad):
        """Host-side numbers of one update, in MXNet's order (counts first)."""
        self._update_count(index)
        return {"lr": self._get_lr(index), "wd": self._get_wd(index),
                "rescale_grad": self.rescale_grad}

    def _hypers(self, indices, weights, grads):
        """The host-side numbers of one MXNet update call (one or several indices)."""
        return [self._hyper(i, w, g) for i, w, g in zip(indices, weights, grads)]

    def _step(self, weight, grad, state, hp):
        """The update of one weight as a pure JAX function: ``(weight, state)``."""
        raise NotImplementedError()

    def _clip_value(self):
        """``clip_gradient`` as MXNet passes it to update operators (-1: off)."""
        return float(self.clip_gradient) if self.clip_gradient else -1.0

    def _prepared_grad(self, weight, grad, hp, add_wd=False):
        """The gradient as MXNet's update rules written in Python prepare it, for
        ``_step``: ``grad * rescale_grad`` (plus ``wd * weight`` with ``add_wd``), clipped
        as :meth:`_clip_grad` does; every scalar is cast to ``weight.dtype``.

        Parameters
        ----------
        weight, grad : jax.Array
        hp : dict
            The numbers from ``_hyper`` (``rescale_grad``; ``wd`` with ``add_wd``).
        add_wd : bool, default False

        Returns
        -------
        jax.Array
        """
        dt = weight.dtype
        g = grad * _s(hp["rescale_grad"], dt)
        if add_wd:
            g = g + _s(hp["wd"], dt) * weight
        return self._clip_grad(g, dt)

    def _clip_grad(self, grad, dtype):
        """``grad`` clipped into ``[-clip_gradient, clip_gradient]`` (the bound cast to
        ``dtype``), unless ``clip_gradient`` is None (as MXNet's Python rules)."""
        if self.clip_gradient is None:
            return grad
        c = _s(float(self.clip_gradient), dtype)
        return jnp.clip(grad, -c, c)

    def _one(self, weight, grad, state, hp, mp):
        if mp:
            weight32, inner = self._mp_split(state)
            res = self._step(weight32, grad.astype(jnp.float32), inner, hp)
            new32, new_inner = res[0], res[1]
            out = (new32.astype(weight.dtype), self._mp_join(new32, new_inner))
            return out + tuple(res[2:])
        return self._step(weight, grad, state, hp)

    def _fused_update(self, indices, weights, grads, states, mp=False, calls=None):
        """Run the update of all given weights as one compiled call.

        ``calls`` splits the indices into MXNet's update calls (lists of positions)
        for ``_hypers``; by default the whole list is one call.
        """
        n = len(indices)
        if n == 0:
            return
        mps = list(mp) if isinstance(mp, (list, tuple)) else [bool(mp)] * n
        if _sparse.has_sparse(grads):  # row_sparse gradients: MXNet's lazy updates
            _sparse.sparse_update(self, indices, weights, grads, states, mps, calls)
            return
        hps = self._all_hypers(indices, weights, grads, calls)
        weight_values = [w._value for w in weights]
        layout, packed = _pack_hypers(hps, weight_values[0])
        state_values, state_handles, state_sig = _state_parts(states)
        source = _pending_source(grads)
        if source is None:
            grad_sig = tuple([g._value.aval for g in grads])
        else:  # the backward's program fixes the gradients' shapes
            grad_sig = None
        key = (self._static(), tuple(mps), tuple([v.aval for v in weight_values]), grad_sig,
               state_sig, layout)
        programs = self._program_index()
        fn = None
        if source is not None:
            # the gradients are the pending outputs of one backward pass: run it and
            # the update as one compiled program (XLA fuses them; the gradients are
            # never read back from memory) — once that program is compiled: it compiles
            # in the background while the steps run unfused
            node, picks = source
            grad_sig = (node.op, picks)
            backward_args = _executor.thunk_args(node)
            # a weight the backward pass captured is passed once (JAX's dispatch costs
            # a few microseconds per argument: about 65 of W7's 240)
            where = {id(v): j for j, v in enumerate(backward_args)}
            shared = tuple([where.get(id(v), -1) for v in weight_values])
            own_weights = [v for v, j in zip(weight_values, shared) if j < 0]
            # the gradients stay pending (not outputs) when this update reads them all
            # (else another optimizer reads the others: two Trainers over one backward)
            # and no one read them after an earlier step of this structure
            n_gradients = getattr(node.op, "n_gradients", None)
            if n_gradients is not None and (sorted(picks) != list(range(n_gradients)) or
                                            getattr(node.op, "gradients_read", False)):
                n_gradients = None
            backward = (node.op.fn, picks, shared, n_gradients)
            fused_key = (key, grad_sig, shared, n_gradients)
            fn = self._lookup(programs, fused_key)
            if fn is None:
                jitted = self._compile(mps, layout, backward)
                fused_args = [backward_args, own_weights, state_values, packed]
                fn = self._stored_program(jitted, node.op, backward, mps, layout, fused_args)
                if fn is None:
                    fn = _background.submit(jitted, fused_args) if _background.enabled() \
                        else jitted
                if fn.__class__ is _background.Job:
                    self._store(programs, fused_key, fn)
                    fn = None
                else:
                    fn = self._store(programs, fused_key,
                                     self._tiered(fn, mps, layout, backward))
            elif fn.__class__ is _background.Job:
                if fn.done():
                    fn = self._tiered(fn.result(), mps, layout, backward)
                    self._store(programs, fused_key, fn)
                else:
                    fn = None
            if fn is None:
                source = None   # unfused this time: the gradients are computed below
        if fn is None:
            fn = self._lookup(programs, key)
            if fn is None:
                fn = self._store(programs, key, self._compile(mps, layout))
        if source is None:
            new_w, new_s, new_g = fn(weight_values, [g._value for g in grads],
                                     state_values, packed)
        else:
            new_w, new_s, new_g, outs = fn(backward_args, own_weights, state_values, packed)
            if backward[3] is None:
                _executor.fulfil(node, outs)
            else:
                _executor.fulfil_values(node, outs)
        for handle, value in zip(list(weights) + state_handles,
                                 list(new_w) + jax.tree_util.tree_leaves(new_s)):
            handle._set_data(value)
        if self._writes_grad:
            for g, v in zip(grads, new_g):
                g._set_data(v)

    def _all_hypers(self, indices, weights, grads, calls):
        """The hyperparameters of every position, from MXNet's update ``calls`` (lists
        of positions; None: one call). When every index has been updated as often as
        the others, and the learning rate depends on the calls only through
        ``num_update`` (this class's ``_get_lrs``), the calls are one: every call would
        see the same ``num_update``."""
        n = len(indices)
        if calls is not None and len(calls) > 1 and \
                type(self)._get_lrs is Optimizer._get_lrs:
            counts = self._index_update_count
            first = counts.get(indices[0], None)
            for i in indices:
                if counts.get(i, None) != first:
                    break
            else:
                flat = [p for c in calls for p in c]
                if flat == list(range(n)):
                    calls = None
        if calls is None:
            return self._hypers(list(indices), list(weights), list(grads))
        hps = [None] * n
        for positions in calls:
            res = self._hypers([indices[p] for p in positions], [weights[p] for p in positions],
                               [grads[p] for p in positions])
            for p, h in zip(positions, res):
                hps[p] = h
        return hps

    def _tiered(self, fn, mps, layout, backward):
        """The fused step ``fn`` with a second compile tier (``mxjax.core.tiers``): once
        it has run long enough, the same step compiled for speed."""
        owner = self._program_owner()
        return _tiers.wrap(fn, lambda: owner._compile(mps, layout, backward,
                                                      _cache.throughput_options()))

    def _program_owner(self):
        """The optimizer a compiled program may keep: this one, or for a program shared
        by the instances of a class (``_program_index``) a shallow copy without
        ``param_dict``, which must not keep this optimizer's parameters alive."""
        if self._program_index() is not _shared_programs:
            return self
        owner = copy.copy(self)
        owner.__dict__.update(param_dict={}, _compiled={}, _used_programs=set())
        return owner

    def _stored_program(self, jitted, backward_op, backward, mps, layout, args):
        """The fused step ``jitted`` (backward program ``backward_op``, with ``backward``
        as ``_compile`` takes it, and update) as a
        program kept across runs by ``mxjax.core.program_store``: loaded without tracing
        when an earlier run kept it, else compiled (now, or as a background job) and
        kept. None where it cannot be kept: the store is off, the backward program is
        not describable, or the optimizer is not one of mxjax's own classes declaring
        its static settings (a subclass's update is code a later run may have
        changed)."""
        description = getattr(backward_op, "description", None)
        cls = type(self)
        if description is None or cls._static is Optimizer._static or \
                not cls.__module__.startswith("mxjax.") or not _program_store.enabled():
            return None
        description = "%s\nfused step %r" % (description, (
            cls.__module__, cls.__qualname__, self._static(), tuple(mps), layout, backward[1],
            backward[2], "values after gradient %s" % backward[3]))
        return _program_store.program(description, jitted, args,
                                      in_background=_background.enabled())

    def _program_index(self):
        """Where this optimizer's compiled steps are kept: shared by the instances of a
        class that declares its static settings, else this instance's own."""
        if type(self)._static is not Optimizer._static:
            return _shared_programs
        return self._compiled

    def _lookup(self, programs, key):
        """The program under ``key``; one taken from another instance (a shared index)
        counts in this optimizer's ``num_compiles`` at its first use here."""
        fn = _cache.lookup(programs, key)
        if fn is not None and programs is _shared_programs:
            used = self.__dict__.setdefault("_used_programs", set())
            if key not in used:
                used.add(key)
                self.__dict__.setdefault("_num_compiles", [0])[0] += 1
        return fn

    def _store(self, programs, key, fn):
        """Keep program ``fn`` under ``key`` (this optimizer has it: no adoption later)."""
        if programs is _shared_programs:
            self.__dict__.setdefault("_used_programs", set()).add(key)
        return _cache.insert(programs, key, fn, "optimizer")

    def _compile(self, mps, layout, backward=None, options=None):
        """The jitted update of all weights, taking the hyperparameters packed as
        ``layout`` says (see ``_pack_hypers``); with ``backward = (program, picks,
        shared, n_gradients)``, the gradients are outputs ``picks`` of ``program`` (a
        pending backward pass), which runs in the same compiled call and whose outputs
        are returned too, from output ``n_gradients`` on where that is given (the
        gradients themselves are not returned: they stay pending, see
        ``executor.fulfil_values``; XLA need not write them, and the program compiles
        faster); weight ``k`` is then the backward's argument ``shared[k]`` when that is
        not -1, and is passed in the weights' list only otherwise.

        A shared program traces ``_program_owner()``. ``options``: XLA's compiler options (default:
        mxjax's, ``cache.compiler_options``)."""
        counter = self.__dict__.setdefault("_num_compiles", [0])
        owner = self._program_owner()

        def run(ws, gs, ss, packed):
            counter[0] += 1
            _cache.counters["compiles"] += 1  # traced now, compiled right after
            hps = _unpack_hypers(layout, packed)
            out_w, out_s, out_g = [], [], []
            for w, g, s, h, m in zip(ws, gs, ss, hps, mps):
                res = owner._one(w, g, s, h, m)
                out_w.append(res[0].astype(w.dtype))
                out_s.append(res[1])
                out_g.append(res[2] if len(res) > 2 else None)
            return out_w, out_s, out_g
        if backward is None:
            return _cache.jit(run, options)
        program, picks, shared, n_gradients = backward
        returned = slice(n_gradients or 0, None)

        def run_with_backward(backward_args, own_ws, ss, hps):
            outs = program(*backward_args)
            rest = iter(own_ws)
            ws = [backward_args[j] if j >= 0 else next(rest) for j in shared]
            return run(ws, [outs[i] for i in picks], ss, hps) + (outs[returned],)
        return _cache.jit(run_with_backward, options)

    @property
    def num_compiles(self):
        """How many times this optimizer's fused step was traced and compiled."""
        return self.__dict__.get("_num_compiles", [0])[0]

    # -- pickling -----------------------------------------------------------------------
    def __getstate__(self):
        ret = self.__dict__.copy()
        # param_dict holds Parameters, the compiled steps are not picklable
        ret.pop("param_dict", None)
        ret.pop("_compiled", None)
        ret.pop("_num_compiles", None)
        ret.pop("_used_programs", None)
        return ret

    def __setstate__(self, state):
        self.__dict__ = state
        self.param_dict = {}
        self._compiled = {}


def _pack_hypers(hps, like=None):
    """The host numbers of an update (a dict per weight) as ``(layout, vector)``: one
    float64 vector is one transfer, where a NumPy scalar per number costs one each
    (about 6 us apiece on a CPU). ``layout`` (names, dtypes, shapes) is static.

    With ``like`` (a jax array on one device) the vector is on that device, at every
    call: a NumPy vector at one call and a device array at the next would be two
    programs (JAX lowers an uncommitted argument apart from a committed one). A vector
    of Python numbers is kept there while the numbers are the same (a NumPy argument is
    copied at every call, about 10 us)."""
    layout, numbers, packed = _pack_on_host(hps)
    sharding = getattr(like, "sharding", None)
    if sharding.__class__ is not _SingleDevice:
        return layout, packed if packed is not None else np.array(numbers, np.float64)
    if numbers is None:
        return layout, jax.device_put(packed, sharding)
    key = (numbers, sharding)
    vector = _device_hypers.get(key)
    if vector is None:
        if len(_device_hypers) >= 64:
            _device_hypers.clear()
        vector = _device_hypers[key] = jax.device_put(
            packed if packed is not None else np.array(numbers, np.float64), sharding)
    return layout, vector


def _pack_on_host(hps):
    """``(layout, numbers, packed)``: ``numbers`` the tuple of the values when every one
    is a Python scalar (else None), ``packed`` their float64 vector (None on the fast
    path, where ``numbers`` says it all)."""
    plan = _pack_plans.get(tuple([tuple(h) for h in hps]))
    if plan is not None:  # the usual case: the same names, every number a Python scalar
        layout, orders = plan
        values = tuple([h[k] for h, order in zip(hps, orders) for k in order])
        for v in values:
            if v.__class__ is not float and v.__class__ is not int:
                break
        else:
            return layout, values, None
    layout = []
    parts = []
    numbers = []
    for h in hps:
        entry = []
        for k in sorted(h):
            v = h[k]
            a = v if isinstance(v, np.ndarray) else np.asarray(v, dtype=np.float64)
            entry.append((k, a.dtype.str, a.shape))
            parts.append(a.astype(np.float64, copy=False).ravel())
            if numbers is not None:
                if v.__class__ in (float, int):
                    numbers.append(v)
                else:
                    numbers = None
        layout.append(tuple(entry))
    packed = np.concatenate(parts) if parts else np.zeros((0,), np.float64)
    layout = tuple(layout)
    if numbers is not None:
        if len(_pack_plans) >= 64:
            _pack_plans.clear()
        _pack_plans[tuple([tuple(h) for h in hps])] = (
            layout, tuple([tuple(sorted(h)) for h in hps]))
        numbers = tuple(numbers)
    return layout, numbers, packed


# names of the hyperparameter dicts of an update (in their order) -> (layout, the names
# of each dict sorted): ``_pack_hypers``'s fast path when every number is a Python scalar
_pack_plans = {}


# (the packed Python numbers, the device's sharding) -> the vector on that device
_device_hypers = {}


def _unpack_hypers(layout, packed):
    """Inside the compiled update: the dicts of hyperparameters from the vector."""
    hps = []
    offset = 0
    for entry in layout:
        h = {}
        for k, dtype, shape in entry:
            size = int(np.prod(shape, dtype=np.int64))
            h[k] = packed[offset:offset + size].reshape(shape).astype(np.dtype(dtype))
            offset += size
        hps.append(h)
    return hps


register = Optimizer.register
create = Optimizer.create_optimizer


class Updater:
    """Applies an optimizer to (index, gradient, weight) triples, keeping the states.

    All weights given in one call are updated by one compiled step.

    Parameters
    ----------
    optimizer : Optimizer
    """

    _call_plans = None   # (indices, dtypes, settings) -> _call_plan's result

    def __init__(self, optimizer):
        self.optimizer = optimizer
        self.states = {}
        self.states_synced = {}
        self.aggregate_updates = optimizer.aggregate_num > 0

    def __call__(self, index, grad, weight):
        """Update ``weight`` from ``grad`` (both NDArrays, or lists with ``index`` a list)."""
        if not isinstance(index, (list, tuple)):
            indices, grads, weights = [index], [grad], [weight]
        else:
            indices, grads, weights = list(index), list(grad), list(weight)
        if weights:
            self.optimizer._set_current_context(weights[0].context.device_id)
        for i, idx in enumerate(indices):
            if idx.__class__ is bytes:
                indices[i] = idx = idx.decode()
            if idx not in self.states:
                self.states[idx] = self.optimizer.create_state_multi_precision(idx, weights[i])
                self.states_synced[idx] = True
            elif not self.states_synced[idx]:
                self.states[idx] = self.sync_state_context(self.states[idx],
                                                           weights[i].context)
                self.states_synced[idx] = True
        # MXNet's order of update calls: by dtype, in chunks of aggregate_num
        opt = self.optimizer
        aggregate = self.aggregate_updates and opt.aggregate_num > 0
        states = [self.states[i] for i in indices]
        fuse = opt._can_fuse()
        plan_key = (tuple(indices), tuple([w.dtype for w in weights]), aggregate,
                    opt.aggregate_num, fuse)
        plans = self._call_plans
        if plans is None:
            plans = self._call_plans = {}
        plan = plans.get(plan_key)
        if plan is None:
            plan = plans[plan_key] = self._call_plan(weights, aggregate, fuse)
            if len(plans) > 64:
                plans.pop(next(iter(plans)))
        calls, order, fused_calls = plan
        if fuse:
            opt._fused_update([indices[p] for p in order], [weights[p] for p in order],
                              [grads[p] for p in order], [states[p] for p in order],
                              mp=[opt._use_mp(weights[p], states[p]) for p in order]
                              if opt.multi_precision else False,
                              calls=fused_calls)
            return
        for c in calls:
            if aggregate:
                opt.update_multi_precision([indices[p] for p in c], [weights[p] for p in c],
                                           [grads[p] for p in c], [states[p] for p in c])
            else:
                p = c[0]
                opt.update_multi_precision(indices[p], weights[p], grads[p], states[p])

    def _call_plan(self, weights, aggregate, fuse):
        """``(calls, order, fused_calls)``: MXNet's update calls (lists of positions: by
        dtype, in chunks of ``aggregate_num`` when aggregating, else one per weight),
        and for the fused update the positions in call order and the calls as
        positions in that order."""
        if aggregate:
            by_type = {}
            for pos, w in enumerate(weights):
                by_type.setdefault(np.dtype(w.dtype), []).append(pos)
            step = self.optimizer.aggregate_num
            calls = []
            for positions in by_type.values():
                for start in range(0, len(positions), step):
                    calls.append(positions[start:start + step])
        else:
            calls = [[pos] for pos in range(len(weights))]
        order = remapped = None
        if fuse:
            order = [p for c in calls for p in c]
            remap = {p: k for k, p in enumerate(order)}
            remapped = [[remap[p] for p in c] for c in calls]
        return calls, order, remapped

    def sync_state_context(self, state, context):
        """The state moved to ``context``."""
        if isinstance(state, NDArray):
            return state.as_in_context(context)
        if isinstance(state, (tuple, list)):
            synced = [self.sync_state_context(i, context) for i in state]
            return tuple(synced) if isinstance(state, tuple) else synced
        return state

    def set_states(self, states):
        """Restore states (and possibly the optimizer) from :meth:`get_states` bytes."""
        states = pickle.loads(states)
        if isinstance(states, tuple) and len(states) == 2:
            self.states, self.optimizer = states
        else:
            self.states = states
        self.states_synced = dict.fromkeys(self.states.keys(), False)

    def get_states(self, dump_optimizer=False):
        """The states (and the optimizer when ``dump_optimizer``) as pickled bytes."""
        return pickle.dumps((self.states, self.optimizer) if dump_optimizer else self.states)


def get_updater(optimizer):
    """An :class:`Updater` for ``optimizer``.

    Parameters
    ----------
    optimizer : Optimizer

    Returns
    -------
    Updater
    """
    return Updater(optimizer)
