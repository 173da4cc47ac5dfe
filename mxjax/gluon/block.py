"""``Block`` and ``HybridBlock``: the containers every Gluon model is built from.

A :class:`Block` owns parameters and child blocks, names them (``dense0_`` ...),
saves and loads them. A :class:`HybridBlock` writes its computation once as
``hybrid_forward(F, x, ...)`` with ``F = mx.nd``; ``hybridize()`` turns the whole
block into one compiled JAX function recorded as a single autograd node (see
``mxjax.gluon._cached_op``).
"""
import json
import re
import warnings
from collections import OrderedDict, defaultdict

from .. import ndarray as _nd
from ..base import MXNetError
from ._common import GluonValueError, HookHandle, brief_print_list, check, indent
from ._naming import BlockScope
from ._naming import BlockScope as _BlockScope  # noqa: F401  (MXNet's name for it)
from ._structure import gather_ctx_info
from ..ndarray.ndarray import NDArray
from .parameter import Parameter, ParameterDict, DeferredInitializationError
from ._trace import in_functional_trace as _in_functional_trace, imperative_scope  # noqa: F401
from ._cached_op import call_cached
from ._export import export_block
from ._symbolic import infer_param_shapes, symbolic_forward
from .summary import print_summary

__all__ = ["Block", "HybridBlock"]

class Block:
    """Base class of all layers and models.

    Child blocks assigned as attributes are registered (and their parameters
    collected); create them inside ``with self.name_scope():`` to prefix their names.

    Parameters
    ----------
    prefix : str, optional
        Name prefix of this block's parameters and children (default: the
        lower-cased class name and a counter, e.g. ``dense0_``).
    params : ParameterDict, optional
        Parameters to share (e.g. ``params=other.collect_params()``).

    Examples
    --------
    >>> class Model(Block):
    ...     def __init__(self, **kwargs):
    ...         super(Model, self).__init__(**kwargs)
    ...         with self.name_scope():
    ...             self.dense0 = nn.Dense(20)
    ...     def forward(self, x):
    ...         return mx.nd.relu(self.dense0(x))
    """

    def __init__(self, prefix=None, params=None):
        self._empty_prefix = prefix == ""
        self._prefix, self._params = BlockScope.create(prefix, params, self._alias())
        self._name = self._prefix[:-1] if self._prefix.endswith("_") else self._prefix
        self._scope = BlockScope(self)
        self._children = OrderedDict()
        self._reg_params = {}
        self._forward_hooks = OrderedDict()
        self._forward_pre_hooks = OrderedDict()

    def __repr__(self):
        modstr = "\n".join(["  ({key}): {block}".format(key=key, block=indent(repr(block), 2))
                            for key, block in self.__dict__.items()
                            if isinstance(block, Block)])
        return "{name}(\n{modstr}\n)".format(name=self.__class__.__name__, modstr=modstr)

    def __setattr__(self, name, value):
        """Registers child blocks and parameters assigned as attributes."""
        if hasattr(self, name):
            existing = getattr(self, name)
            if isinstance(existing, (Parameter, Block)) and not isinstance(value, type(existing)):
                raise TypeError("Changing attribute type for {name} from {type1} to {type2}"
                                "is not allowed.".format(name=name, type1=type(existing),
                                                         type2=type(value)))
        if isinstance(value, Block):
            self.register_child(value, name)
        elif isinstance(value, Parameter):
            check(name not in self._reg_params,
                  "Overriding Parameter attribute %s is not allowed. If you want to share "
                  "parameters between blocks, please set 'params' at Block construction "
                  "instead." % name)
            self._reg_params[name] = value
        super().__setattr__(name, value)

    def _check_container_with_block(self):
        children = set(self._children.values())

        def unregistered(data):
            if isinstance(data, (list, tuple)):
                return any(unregistered(e) for e in data)
            if isinstance(data, dict):
                return any(unregistered(v) for v in data.values())
            if isinstance(data, Block):
                return data not in children
            return False
        for k, v in self.__dict__.items():
            if isinstance(v, (list, tuple, dict)) and not (k.startswith("__")
                                                           or k == "_children"):
                if unregistered(v):
                    warnings.warn('"{name}" is an unregistered container with Blocks. Note '
                                  'that Blocks inside the list, tuple or dict will not be '
                                  'registered automatically. Make sure to register them using '
                                  'register_child() or switching to '
                                  'nn.Sequential/nn.HybridSequential instead. '
                                  .format(name=self.__class__.__name__ + "." + k),
                                  stacklevel=3)

    def _alias(self):
        return self.__class__.__name__.lower()

    @property
    def prefix(self):
        """Prefix of this block (e.g. ``'dense0_'``)."""
        return self._prefix

    @property
    def name(self):
        """Name of this block: the prefix without its trailing '_'."""
        return self._name

    def name_scope(self):
        """A ``with`` scope in which child blocks get this block's prefix."""
        return self._scope

    @property
    def params(self):
        """This block's own ParameterDict (children's parameters not included)."""
        return self._params

    def collect_params(self, select=None):
        """A ParameterDict of the parameters of this block and all its children.

        Parameters
        ----------
        select : str, optional
            A regular expression; only matching parameter names are kept
            (e.g. ``'.*weight|.*bias'``).

        Returns
        -------
        ParameterDict
        """
        self._check_container_with_block()
        ret = ParameterDict(self._params.prefix)
        if not select:
            ret.update(self.params)
        else:
            pattern = re.compile(select)
            ret.update({name: value for name, value in self.params.items()
                        if pattern.match(name)})
        for cld in self._children.values():
            ret.update(cld.collect_params(select=select))
        return ret

    def _collect_params_with_prefix(self, prefix=""):
        if prefix:
            prefix += "."
        ret = {prefix + key: val for key, val in self._reg_params.items()}
        for name, child in self._children.items():
            ret.update(child._collect_params_with_prefix(prefix + name))
        return ret

    # -- saving and loading ----------------------------------------------------------
    def save_parameters(self, filename, deduplicate=False):
        """Save the parameters to ``filename``, keyed by structure ('0.weight', 'fc.bias').

        Parameters
        ----------
        filename : str
        deduplicate : bool, default False
            Save a parameter shared between children only once.
        """
        params = self._collect_params_with_prefix()
        if deduplicate:
            reverse = {v: k for k, v in params.items()}
            params = {v: k for k, v in reverse.items()}
        arg_dict = {key: val._reduce() for key, val in params.items()}
        _nd.save(filename, arg_dict)

    def save_params(self, filename):
        """[Deprecated] Save parameters keyed by their full names (use save_parameters)."""
        warnings.warn("save_params is deprecated. Please use save_parameters. "
                      "Note that if you want load from SymbolBlock later, please "
                      "use export instead. For details, see "
                      "https://mxnet.apache.org/tutorials/gluon/save_load_params.html")
        try:
            self.collect_params().save(filename, strip_prefix=self.prefix)
        except ValueError as e:
            raise GluonValueError("%s\nsave_params is deprecated. Using save_parameters may "
                                  "resolve this error." % e) from None

    def load_parameters(self, filename, ctx=None, allow_missing=False, ignore_extra=False,
                        cast_dtype=False, dtype_source="current"):
        """Load parameters written by :meth:`save_parameters` (or MXNet's).

        Parameters
        ----------
        filename : str
        ctx : Context or list of Context, default cpu()
        allow_missing : bool, default False
            Skip parameters absent from the file.
        ignore_extra : bool, default False
            Ignore entries of the file that this block does not have.
        cast_dtype : bool, default False
            Cast loaded arrays to the parameters' dtype.
        dtype_source : {'current', 'saved'}, default 'current'
        """
        loaded = _nd.load(filename)
        if isinstance(loaded, list):
            loaded = {}
        params = self._collect_params_with_prefix()
        if not loaded and not params:
            return
        if not any("." in i for i in loaded.keys()):
            # legacy format: full parameter names
            del loaded
            self.collect_params().load(filename, ctx, allow_missing, ignore_extra, self.prefix,
                                       cast_dtype=cast_dtype, dtype_source=dtype_source)
            return
        if not allow_missing:
            params_inv = defaultdict(list)
            for k, v in params.items():
                params_inv[v].append(k)
            for name, param in params.items():
                check(any(p in loaded for p in params_inv[param]),
                      "Parameter '%s' is missing in file '%s', which contains parameters: %s. "
                      "Set allow_missing=True to ignore missing parameters."
                      % (name, filename, brief_print_list(loaded.keys())))
        for name in loaded:  # check everything before changing anything
            if not ignore_extra and name not in params:
                raise GluonValueError(
                    "Parameter '%s' loaded from file '%s' is not present in ParameterDict, "
                    "which contains parameters %s. Set ignore_extra=True to ignore. "
                    % (name, filename, brief_print_list(self._params.keys())))
            if name in params:
                params[name]._check_load(loaded[name], cast_dtype, dtype_source)
        for name in loaded:
            if name in params:
                params[name]._load_init(loaded[name], ctx, cast_dtype=cast_dtype,
                                        dtype_source=dtype_source)

    def load_params(self, filename, ctx=None, allow_missing=False, ignore_extra=False):
        """[Deprecated] Same as :meth:`load_parameters`."""
        warnings.warn("load_params is deprecated. Please use load_parameters.")
        self.load_parameters(filename, ctx, allow_missing, ignore_extra)

    def save(self, prefix):
        """Save the structure (``prefix-model.json``) and parameters (``prefix-model.params``).

        Blocks are identified by class name and creation order, so :meth:`load`
        needs a model built the same way.
        """
        model = {}

        def save_structure(blk, index, structure):
            mdl = {"orig_name": blk.name}
            structure[type(blk).__name__.lower() + str(index[0])] = mdl
            if isinstance(blk, HybridBlock):
                mdl["hybridized"] = False
            children = {}
            mdl["children"] = children
            for ch_name, child in blk._children.items():
                index[0] += 1
                children[child.name] = ch_name
                save_structure(child, index, mdl)
        save_structure(self, [0], model)
        with open(prefix + "-model.json", "w") as fp:
            json.dump(model, fp)
        self.save_parameters(prefix + "-model.params")

    def load(self, prefix):
        """Load a model written by :meth:`save` into this (identically built) block."""
        with open(prefix + "-model.json") as fp:
            model = json.load(fp)

        def load_structure(blk, index, structure):
            mdl = structure[type(blk).__name__.lower() + str(index[0])]
            blk._name = mdl["orig_name"]
            for p in list(blk.params.keys()):
                param = blk.params._params[p]
                new_name = blk.name + "_" + p[len(blk.params._prefix):]
                blk.params._params.pop(p)
                blk.params._params[new_name] = param
            for _, child in blk._children.items():
                index[0] += 1
                load_structure(child, index, mdl)
            children = mdl["children"]
            for ch_name in list(blk._children.keys()):
                child = blk._children.pop(ch_name)
                blk._children[children[child.name]] = child
        load_structure(self, [0], model)
        self.load_parameters(prefix + "-model.params")

    # -- children and hooks -------------------------------------------------------------
    def register_child(self, block, name=None):
        """Register ``block`` as a child (attribute assignment does this automatically)."""
        if name is None:
            name = str(len(self._children))
        self._children[name] = block

    def register_forward_pre_hook(self, hook):
        """Call ``hook(block, inputs)`` before every forward.

        Returns
        -------
        HookHandle
        """
        handle = HookHandle()
        handle.attach(self._forward_pre_hooks, hook)
        return handle

    def register_forward_hook(self, hook):
        """Call ``hook(block, inputs, outputs)`` after every forward.

        Returns
        -------
        HookHandle
        """
        handle = HookHandle()
        handle.attach(self._forward_hooks, hook)
        return handle

    def apply(self, fn):
        """Apply ``fn(block)`` to every child (recursively) and then to this block."""
        for cld in self._children.values():
            cld.apply(fn)
        fn(self)
        return self

    def initialize(self, init=None, ctx=None, verbose=False, force_reinit=False):
        """Initialize the parameters of this block and its children.

        Parameters
        ----------
        init : Initializer, default ``mx.init.Uniform()``
            Used for parameters without their own initializer.
        ctx : Context or list of Context
        verbose : bool, default False
        force_reinit : bool, default False
        """
        self.collect_params().initialize(init, ctx, verbose, force_reinit)

    def hybridize(self, active=True, **kwargs):
        """Hybridize the HybridBlock children (see :meth:`HybridBlock.hybridize`)."""
        for cld in self._children.values():
            cld.hybridize(active, **kwargs)

    def cast(self, dtype):
        """Cast the parameters of this block and its children to ``dtype``."""
        for child in self._children.values():
            child.cast(dtype)
        for _, param in self.params.items():
            param.cast(dtype)

    def __call__(self, *args):
        """Run ``forward`` (with the registered hooks)."""
        for hook in self._forward_pre_hooks.values():
            hook(self, args)
        out = self.forward(*args)
        for hook in self._forward_hooks.values():
            hook(self, args, out)
        return out

    def forward(self, *args):
        """The computation on NDArrays; override it."""
        raise NotImplementedError

    def register_op_hook(self, callback, monitor_all=False):
        """Install an operator monitor callback on the children (stored; mxjax does not
        call it)."""
        for cld in self._children.values():
            cld.register_op_hook(callback, monitor_all)

    def summary(self, *inputs):
        """Print each layer's output shape and parameter count for ``inputs``.

        The block must be initialized and not hybridized.
        """
        print_summary(self, inputs)


def _one_context(x, args):
    """The context of the inputs when they are all NDArrays (no None, list or Symbol)
    on one context, else None."""
    if not isinstance(x, NDArray):
        return None
    ctx = x.context
    for a in args:
        if not isinstance(a, NDArray):
            return None
        c = a.context
        if c is not ctx and c != ctx:
            return None
    return ctx


def _is_symbol(x):
    from ..symbol import Symbol
    if isinstance(x, (list, tuple)):
        return any(_is_symbol(e) for e in x)
    return isinstance(x, Symbol)


class HybridBlock(Block):
    """A block whose computation is written once, as ``hybrid_forward(F, x, ...)``.

    ``F`` is ``mx.nd``; the parameters registered as attributes arrive as keyword
    arguments named after the attributes. After :meth:`hybridize` the block runs as
    one compiled XLA program, recorded by autograd as a single node.

    Examples
    --------
    >>> class Model(HybridBlock):
    ...     def __init__(self, **kwargs):
    ...         super(Model, self).__init__(**kwargs)
    ...         with self.name_scope():
    ...             self.dense0 = nn.Dense(20)
    ...     def hybrid_forward(self, F, x):
    ...         return F.relu(self.dense0(x))
    >>> model = Model(); model.initialize(); model.hybridize()
    >>> model(mx.nd.zeros((10, 10)))
    """

    def __init__(self, prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)
        self._active = False
        self._flags = []
        self._cached_op = None
        self._in_format = None
        self._out_format = None
        self._callback = None
        self._monitor_all = False
        self._backend = None
        self._backend_opts = {}

    def __setattr__(self, name, value):
        super().__setattr__(name, value)
        if isinstance(value, HybridBlock):
            self._clear_cached_op()

    def _clear_cached_op(self):
        self._cached_op = None

    def register_child(self, block, name=None):
        """Register a HybridBlock child (other blocks are an error, as in MXNet)."""
        if not isinstance(block, HybridBlock):
            raise GluonValueError(
                "Children of HybridBlock must also be HybridBlock, but %s has type %s. If you "
                "are using Sequential, please try HybridSequential instead."
                % (str(block), str(type(block))))
        super().register_child(block, name)
        self._clear_cached_op()

    def hybridize(self, active=True, backend=None, clear=True, static_alloc=False,
                  static_shape=False, inline_limit=2, forward_bulk_size=None,
                  backward_bulk_size=None, **kwargs):
        """Compile this block (and its HybridBlock children) into one XLA program.

        Parameters
        ----------
        active : bool, default True
            Turn hybridization on or off.
        backend : str, optional
            Subgraph backend (MXNet partitioning); not supported, must be None.
        clear : bool, default True
            Drop the compiled program of a previous hybridization.
        static_alloc, static_shape : bool, default False
            Accepted for compatibility (XLA always plans memory statically).
        inline_limit, forward_bulk_size, backward_bulk_size
            Accepted for compatibility.
        """
        if backend is not None:
            raise MXNetError("hybridize: backend=%r is not supported by mxjax (no subgraph "
                             "partitioning backends)" % (backend,))
        if kwargs:
            self._backend_opts = kwargs
        self._active = active
        self._flags = [("static_alloc", static_alloc), ("static_shape", static_shape),
                       ("inline_limit", inline_limit)]
        if forward_bulk_size is not None:
            self._flags.append(("forward_bulk_size", forward_bulk_size))
        if backward_bulk_size is not None:
            self._flags.append(("backward_bulk_size", backward_bulk_size))
        if clear:
            self._clear_cached_op()
        if active and self._forward_hooks or self._forward_pre_hooks:
            warnings.warn('"{block}" is being hybridized while still having forward hook/'
                          'pre-hook. If "{block}" is a child of HybridBlock, the hooks will '
                          'not take effect.'.format(block=self))
        super().hybridize(active, static_alloc=static_alloc, static_shape=static_shape,
                          inline_limit=inline_limit, forward_bulk_size=forward_bulk_size,
                          backward_bulk_size=backward_bulk_size)

    def optimize_for(self, x, *args, backend=None, **kwargs):
        """Partition for a subgraph backend: not supported by mxjax."""
        if not backend:
            raise GluonValueError('Must specify "backend" to optimize_for')
        raise MXNetError("optimize_for: subgraph backends are not supported by mxjax "
                         "(got backend=%r)" % (backend,))

    def cast(self, dtype):
        """Cast the parameters to ``dtype`` (dropping the compiled program)."""
        self._clear_cached_op()
        super().cast(dtype)

    def register_op_hook(self, callback, monitor_all=False):
        """Install an operator monitor callback (stored; mxjax does not call it)."""
        self._callback = callback
        self._monitor_all = monitor_all
        for cld in self._children.values():
            cld._callback = callback
            cld._monitor_all = monitor_all

    # -- shape inference ----------------------------------------------------------------
    def infer_shape(self, *args):
        """Infer the unknown dimensions of this block's own parameters from its inputs.

        Built-in layers override this; a user block whose own parameters have
        unknown dimensions must override it too (set ``param.shape``).
        """
        unknown = [p.name for p in self.collect_params().values() if p._deferred_init]
        if unknown:  # through the symbol of hybrid_forward, as MXNet does
            infer_param_shapes(self, *args)

    def infer_type(self, *args):
        """Infer parameter dtypes from inputs (parameters keep their declared dtype)."""

    def _deferred_infer_shape(self, *args):
        try:
            self.infer_shape(*args)
        except Exception as e:  # noqa: BLE001 - reported as MXNet does
            raise GluonValueError("Deferred initialization failed because shape cannot be "
                                  "inferred. {}".format(e)) from None

    # -- forward -------------------------------------------------------------------------
    def forward(self, x, *args):
        """Run the block: the compiled program when hybridized, else ``hybrid_forward``."""
        ctx = _one_context(x, args)
        if ctx is not None:  # the usual call: NDArrays on one context
            with ctx:
                if self._active and not _in_functional_trace():
                    return call_cached(self, x, *args)
                return self._forward_imperative(ctx, x, *args)
        has_ndarray, ctx_set, first_ctx = gather_ctx_info([x] + list(args))
        if has_ndarray and _is_symbol([x] + list(args)):
            raise GluonValueError("In HybridBlock, we do not support mixed NDArrays and Symbols "
                                  "types for the input. Please check the type of the args.\n")
        if not has_ndarray and _is_symbol(x):
            return symbolic_forward(self, x, *args)
        if not has_ndarray:
            raise GluonValueError("In HybridBlock, there must be one NDArray or one Symbol in "
                                  "the input. Please check the type of the args.\n")
        if self._active and not _in_functional_trace():
            if len(ctx_set) > 1:
                raise GluonValueError(
                    "Find multiple contexts in the input, After hybridized, the HybridBlock "
                    "only supports one input context. You can print the ele.ctx in the input "
                    "arguments to inspect their contexts. Find all contexts = {}"
                    .format(ctx_set))
            with first_ctx:
                return call_cached(self, x, *args)
        with first_ctx:
            return self._forward_imperative(first_ctx, x, *args)

    def _forward_imperative(self, ctx, x, *args):
        try:
            params = {k: v.data(ctx) for k, v in self._reg_params.items()}
        except DeferredInitializationError:
            self._deferred_infer_shape(x, *args)
            for _, v in self.params.items():
                v._finish_deferred_init()
            params = {k: v.data(ctx) for k, v in self._reg_params.items()}
        return self.hybrid_forward(_nd, x, *args, **params)

    def hybrid_forward(self, F, x, *args, **kwargs):
        """The computation, with ``F = mx.nd`` and parameters as keyword arguments;
        override it."""
        raise NotImplementedError

    def export(self, path, epoch=0, remove_amp_cast=True):
        """Write ``path-symbol.json`` (the graph) and ``path-%04d.params`` (the parameters).

        The block must have been hybridized and run once.

        Parameters
        ----------
        path : str
        epoch : int, default 0
        remove_amp_cast : bool, default True
            Accepted for compatibility.
        """
        return export_block(self, path, epoch)
