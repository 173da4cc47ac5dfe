"""Basic layers: containers, Dense, Dropout, normalization, Embedding, Flatten, lambdas."""
import warnings

import numpy as np

from ... import autograd
from ... import ndarray as nd
from .._cached_op import in_recorded_trace
from ..block import Block, HybridBlock, _in_functional_trace
from .._common import GluonValueError, check, indent
from .activations import Activation

__all__ = ["Sequential", "HybridSequential", "Dense", "Dropout", "Embedding", "BatchNorm",
           "BatchNormReLU", "InstanceNorm", "LayerNorm", "GroupNorm", "Flatten", "Lambda",
           "HybridLambda"]


def _children_repr(block):
    modstr = "\n".join(["  ({key}): {block}".format(key=key, block=indent(repr(b), 2))
                        for key, b in block._children.items()])
    return "{name}(\n{modstr}\n)".format(name=block.__class__.__name__, modstr=modstr)


class Sequential(Block):
    """Stack blocks sequentially.

    Examples
    --------
    >>> net = nn.Sequential()
    >>> with net.name_scope():
    ...     net.add(nn.Dense(10, activation='relu'))
    ...     net.add(nn.Dense(20))
    """

    def __init__(self, prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)

    def add(self, *blocks):
        """Append blocks to the stack."""
        for block in blocks:
            self.register_child(block)

    def forward(self, x):
        for block in self._children.values():
            x = block(x)
        return x

    def __repr__(self):
        return _children_repr(self)

    def __getitem__(self, key):
        layers = list(self._children.values())[key]
        if isinstance(layers, list):
            net = type(self)(prefix=self._prefix)
            with net.name_scope():
                net.add(*layers)
            return net
        return layers

    def __len__(self):
        return len(self._children)

    def hybridize(self, active=True, **kwargs):
        """Hybridize the HybridBlock children (warns that HybridSequential would be
        faster when all children are hybrid)."""
        if self._children and all(isinstance(c, HybridBlock) for c in self._children.values()):
            warnings.warn("All children of this Sequential layer '%s' are HybridBlocks. "
                          "Consider using HybridSequential for the best performance."
                          % self.prefix, stacklevel=2)
        super().hybridize(active, **kwargs)


class HybridSequential(HybridBlock):
    """Stack HybridBlocks sequentially (compiled as one program when hybridized).

    Examples
    --------
    >>> net = nn.HybridSequential()
    >>> with net.name_scope():
    ...     net.add(nn.Dense(10, activation='relu'), nn.Dense(20))
    >>> net.hybridize()
    """

    def __init__(self, prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)

    def add(self, *blocks):
        """Append blocks to the stack."""
        for block in blocks:
            self.register_child(block)

    def hybrid_forward(self, F, x):
        for block in self._children.values():
            x = block(x)
        return x

    def __repr__(self):
        return _children_repr(self)

    def __getitem__(self, key):
        layers = list(self._children.values())[key]
        if isinstance(layers, list):
            net = type(self)(prefix=self._prefix)
            with net.name_scope():
                net.add(*layers)
            return net
        return layers

    def __len__(self):
        return len(self._children)


class Dense(HybridBlock):
    """A fully connected layer: ``activation(dot(x, weight.T) + bias)``.

    Parameters
    ----------
    units : int
        Output size.
    activation : str, optional
        Activation applied to the output (see :class:`Activation`).
    use_bias : bool, default True
    flatten : bool, default True
        Collapse all input axes but the first; when False, apply to the last axis.
    dtype : str or numpy.dtype, default 'float32'
    weight_initializer : str or Initializer, optional
    bias_initializer : str or Initializer, default 'zeros'
    in_units : int, default 0
        Input size; 0 infers it at the first forward pass.

    Notes
    -----
    Parameters: ``weight`` of shape ``(units, in_units)`` and ``bias`` of ``(units,)``.
    """

    def __init__(self, units, activation=None, use_bias=True, flatten=True, dtype="float32",
                 weight_initializer=None, bias_initializer="zeros", in_units=0, **kwargs):
        super().__init__(**kwargs)
        self._flatten = flatten
        with self.name_scope():
            self._units = units
            self._in_units = in_units
            self.weight = self.params.get("weight", shape=(units, in_units),
                                          init=weight_initializer, dtype=dtype,
                                          allow_deferred_init=True)
            if use_bias:
                self.bias = self.params.get("bias", shape=(units,), init=bias_initializer,
                                            dtype=dtype, allow_deferred_init=True)
            else:
                self.bias = None
            if activation is not None:
                self.act = Activation(activation, prefix=activation + "_")
            else:
                self.act = None

    def infer_shape(self, x, *args):
        """Take ``in_units`` from the input's shape."""
        if self._flatten:
            in_units = int(np.prod(x.shape[1:], dtype=np.int64))
        else:
            in_units = x.shape[-1]
        self.weight.shape = (self._units, in_units)

    def hybrid_forward(self, F, x, weight, bias=None):
        act = F.FullyConnected(x, weight, bias, no_bias=bias is None, num_hidden=self._units,
                               flatten=self._flatten, name="fwd")
        if self.act is not None:
            act = self.act(act)
        return act

    def __repr__(self):
        shape = self.weight.shape
        return "{name}({layout}, {act})".format(
            name=self.__class__.__name__, act=self.act if self.act else "linear",
            layout="{0} -> {1}".format(shape[1] if shape[1] else None, shape[0]))


class Dropout(HybridBlock):
    """Zero a fraction ``rate`` of the inputs while training (scaled by 1/(1-rate)).

    Parameters
    ----------
    rate : float
        Fraction of inputs to drop, in [0, 1].
    axes : tuple of int, default ()
        Axes along which one mask is shared.
    """

    def __init__(self, rate, axes=(), **kwargs):
        super().__init__(**kwargs)
        self._rate = rate
        self._axes = axes

    def hybrid_forward(self, F, x):
        if self._rate > 0:
            return F.Dropout(x, p=self._rate, axes=self._axes, name="fwd", cudnn_off=False)
        return F.identity(x)

    def __repr__(self):
        return "{name}(p = {rate}, axes={axes})".format(name=self.__class__.__name__,
                                                        rate=self._rate, axes=self._axes)


class _BatchNorm(HybridBlock):
    """Batch normalization (shared by BatchNorm and BatchNormReLU)."""

    def __init__(self, axis=1, momentum=0.9, epsilon=1e-5, center=True, scale=True,
                 use_global_stats=False, fuse_relu=False, beta_initializer="zeros",
                 gamma_initializer="ones", running_mean_initializer="zeros",
                 running_variance_initializer="ones", in_channels=0, **kwargs):
        super().__init__(**kwargs)
        self._kwargs = {"axis": axis, "eps": epsilon, "momentum": momentum,
                        "fix_gamma": not scale, "use_global_stats": use_global_stats}
        self.fuse_relu = fuse_relu
        if in_channels != 0:
            self.in_channels = in_channels
        self.gamma = self.params.get("gamma", grad_req="write" if scale else "null",
                                     shape=(in_channels,), init=gamma_initializer,
                                     allow_deferred_init=True, differentiable=scale)
        self.beta = self.params.get("beta", grad_req="write" if center else "null",
                                    shape=(in_channels,), init=beta_initializer,
                                    allow_deferred_init=True, differentiable=center)
        self.running_mean = self.params.get("running_mean", grad_req="null",
                                            shape=(in_channels,),
                                            init=running_mean_initializer,
                                            allow_deferred_init=True, differentiable=False)
        self.running_var = self.params.get("running_var", grad_req="null",
                                           shape=(in_channels,),
                                           init=running_variance_initializer,
                                           allow_deferred_init=True, differentiable=False)

    def infer_shape(self, x, *args):
        """Take the channel count from ``x.shape[axis]``."""
        channels = x.shape[self._kwargs["axis"]]
        for p in (self.gamma, self.beta, self.running_mean, self.running_var):
            p.shape = (channels,)

    def cast(self, dtype):
        """Cast (float16 is kept as float32, as MXNet does for BatchNorm)."""
        if np.dtype(dtype).name == "float16":
            dtype = "float32"
        super().cast(dtype)

    def hybrid_forward(self, F, x, gamma, beta, running_mean, running_var):
        if _in_functional_trace():
            return self._traced_forward(F, x, gamma, beta, running_mean, running_var)
        if self.fuse_relu:
            fn = getattr(F.contrib, "BatchNormWithReLU", None)
            if fn is None:
                return F.relu(F.BatchNorm(x, gamma, beta, running_mean, running_var,
                                          name="fwd", **self._kwargs))
            return fn(x, gamma, beta, running_mean, running_var, name="fwd", **self._kwargs)
        return F.BatchNorm(x, gamma, beta, running_mean, running_var, name="fwd",
                           **self._kwargs)

    def _traced_forward(self, F, x, gamma, beta, running_mean, running_var, kwargs=None):
        """Inside a hybridized block: the pure operator, and the moving statistics
        written to the parameters when the call is recorded in training mode (MXNet
        updates them in backward); the compiled block returns them as updates."""
        kwargs = self._kwargs if kwargs is None else kwargs
        res = F._internal.BatchNorm(x, gamma, beta, running_mean, running_var, **kwargs)
        out = res[0]
        if autograd.is_training() and in_recorded_trace() and not kwargs["use_global_stats"]:
            running_mean._set_data(res[3]._value.astype(running_mean.dtype))
            running_var._set_data(res[4]._value.astype(running_var.dtype))
        if kwargs["fix_gamma"]:
            gamma._set_data(F.ones_like(gamma)._value)
        return F.relu(out) if self.fuse_relu else out

    def __repr__(self):
        in_channels = self.gamma.shape[0]
        content = ", ".join(["=".join([k, repr(v)]) for k, v in self._kwargs.items()])
        return "{name}({content}, in_channels={ch})".format(
            name=self.__class__.__name__, content=content,
            ch=in_channels if in_channels else None)


class BatchNorm(_BatchNorm):
    """Batch normalization (Ioffe and Szegedy, 2014).

    While training, normalizes with the batch statistics and updates
    ``running_mean``/``running_var`` with ``momentum``; otherwise uses them.

    Parameters
    ----------
    axis : int, default 1
        The channel axis.
    momentum : float, default 0.9
    epsilon : float, default 1e-5
    center : bool, default True
        Add ``beta``.
    scale : bool, default True
        Multiply by ``gamma``.
    use_global_stats : bool, default False
        Always use the running statistics.
    beta_initializer, gamma_initializer : str or Initializer
    running_mean_initializer, running_variance_initializer : str or Initializer
    in_channels : int, default 0
        0 infers it at the first forward pass.
    """

    def __init__(self, axis=1, momentum=0.9, epsilon=1e-5, center=True, scale=True,
                 use_global_stats=False, beta_initializer="zeros", gamma_initializer="ones",
                 running_mean_initializer="zeros", running_variance_initializer="ones",
                 in_channels=0, **kwargs):
        super().__init__(axis=axis, momentum=momentum, epsilon=epsilon, center=center,
                         scale=scale, use_global_stats=use_global_stats, fuse_relu=False,
                         beta_initializer=beta_initializer,
                         gamma_initializer=gamma_initializer,
                         running_mean_initializer=running_mean_initializer,
                         running_variance_initializer=running_variance_initializer,
                         in_channels=in_channels, **kwargs)


class BatchNormReLU(_BatchNorm):
    """Batch normalization followed by ReLU (same parameters as :class:`BatchNorm`)."""

    def __init__(self, axis=1, momentum=0.9, epsilon=1e-5, center=True, scale=True,
                 use_global_stats=False, beta_initializer="zeros", gamma_initializer="ones",
                 running_mean_initializer="zeros", running_variance_initializer="ones",
                 in_channels=0, **kwargs):
        super().__init__(axis=axis, momentum=momentum, epsilon=epsilon, center=center,
                         scale=scale, use_global_stats=use_global_stats, fuse_relu=True,
                         beta_initializer=beta_initializer,
                         gamma_initializer=gamma_initializer,
                         running_mean_initializer=running_mean_initializer,
                         running_variance_initializer=running_variance_initializer,
                         in_channels=in_channels, **kwargs)


class Embedding(HybridBlock):
    """Map integer indices to dense vectors (rows of ``weight``).

    Parameters
    ----------
    input_dim : int
        Vocabulary size.
    output_dim : int
        Embedding size.
    dtype : str or numpy.dtype, default 'float32'
    weight_initializer : Initializer, optional
    sparse_grad : bool, default False
        Accepted; mxjax computes dense gradients.
    """

    def __init__(self, input_dim, output_dim, dtype="float32", weight_initializer=None,
                 sparse_grad=False, **kwargs):
        super().__init__(**kwargs)
        grad_stype = "row_sparse" if sparse_grad else "default"
        self._kwargs = {"input_dim": input_dim, "output_dim": output_dim, "dtype": dtype,
                        "sparse_grad": sparse_grad}
        self.weight = self.params.get("weight", shape=(input_dim, output_dim),
                                      init=weight_initializer, dtype=dtype,
                                      allow_deferred_init=True, grad_stype=grad_stype)

    def hybrid_forward(self, F, x, weight):
        return F.Embedding(x, weight, name="fwd", **self._kwargs)

    def __repr__(self):
        return "{block_name}({input_dim} -> {output_dim}, {dtype})".format(
            block_name=self.__class__.__name__, **self._kwargs)


class Flatten(HybridBlock):
    """Flatten the input to 2-D ``(N, x1 * x2 * ...)``."""

    def hybrid_forward(self, F, x):
        return F.flatten(x)

    def __repr__(self):
        return self.__class__.__name__


class InstanceNorm(HybridBlock):
    """Instance normalization: normalize over all axes but the batch and channel axes.

    Parameters
    ----------
    axis : int, default 1
        The channel axis.
    epsilon : float, default 1e-5
    center : bool, default True
    scale : bool, default False
    beta_initializer, gamma_initializer : str or Initializer
    in_channels : int, default 0
    """

    def __init__(self, axis=1, epsilon=1e-5, center=True, scale=False,
                 beta_initializer="zeros", gamma_initializer="ones", in_channels=0, **kwargs):
        super().__init__(**kwargs)
        self._kwargs = {"eps": epsilon, "axis": axis, "center": center, "scale": scale}
        self._axis = axis
        self._epsilon = epsilon
        self.gamma = self.params.get("gamma", grad_req="write" if scale else "null",
                                     shape=(in_channels,), init=gamma_initializer,
                                     allow_deferred_init=True)
        self.beta = self.params.get("beta", grad_req="write" if center else "null",
                                    shape=(in_channels,), init=beta_initializer,
                                    allow_deferred_init=True)

    def infer_shape(self, x, *args):
        """Take the channel count from ``x.shape[axis]``."""
        channels = x.shape[self._axis]
        self.gamma.shape = (channels,)
        self.beta.shape = (channels,)

    def hybrid_forward(self, F, x, gamma, beta):
        if self._axis == 1:
            return F.InstanceNorm(x, gamma, beta, name="fwd", eps=self._epsilon)
        x = x.swapaxes(1, self._axis)
        return F.InstanceNorm(x, gamma, beta, name="fwd",
                              eps=self._epsilon).swapaxes(1, self._axis)

    def __repr__(self):
        content = ", ".join(["=".join([k, repr(v)]) for k, v in self._kwargs.items()])
        return "{name}({content}, in_channels={ch})".format(
            name=self.__class__.__name__, content=content, ch=self.gamma.shape[0])


class LayerNorm(HybridBlock):
    """Layer normalization over ``axis``.

    Parameters
    ----------
    axis : int, default -1
    epsilon : float, default 1e-5
    center : bool, default True
    scale : bool, default True
    beta_initializer, gamma_initializer : str or Initializer
    in_channels : int, default 0
    """

    def __init__(self, axis=-1, epsilon=1e-5, center=True, scale=True,
                 beta_initializer="zeros", gamma_initializer="ones", in_channels=0,
                 prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)
        self._kwargs = {"eps": epsilon, "axis": axis, "center": center, "scale": scale}
        self._axis = axis
        self._epsilon = epsilon
        self._center = center
        self._scale = scale
        self.gamma = self.params.get("gamma", grad_req="write" if scale else "null",
                                     shape=(in_channels,), init=gamma_initializer,
                                     allow_deferred_init=True)
        self.beta = self.params.get("beta", grad_req="write" if center else "null",
                                    shape=(in_channels,), init=beta_initializer,
                                    allow_deferred_init=True)

    def infer_shape(self, data, *args):
        """Take the size of the normalized axis from the input."""
        channels = data.shape[self._axis]
        self.gamma.shape = (channels,)
        self.beta.shape = (channels,)

    def hybrid_forward(self, F, data, gamma, beta):
        return F.LayerNorm(data, gamma=gamma, beta=beta, axis=self._axis, eps=self._epsilon)

    def __repr__(self):
        content = ", ".join(["=".join([k, repr(v)]) for k, v in self._kwargs.items()])
        return "{name}({content}, in_channels={ch})".format(
            name=self.__class__.__name__, content=content, ch=self.gamma.shape[0])


class GroupNorm(HybridBlock):
    """Group normalization: channels split into ``num_groups`` groups.

    Parameters
    ----------
    num_groups : int, default 1
    epsilon : float, default 1e-5
    center : bool, default True
    scale : bool, default True
    beta_initializer, gamma_initializer : str or Initializer

    Notes
    -----
    As in MXNet 1.x, ``gamma`` and ``beta`` have shape ``(num_groups,)``.
    """

    def __init__(self, num_groups=1, epsilon=1e-5, center=True, scale=True,
                 beta_initializer="zeros", gamma_initializer="ones", prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)
        self._kwargs = {"eps": epsilon, "num_groups": num_groups, "center": center,
                        "scale": scale}
        self._num_groups = num_groups
        self._epsilon = epsilon
        self._center = center
        self._scale = scale
        self.gamma = self.params.get("gamma", grad_req="write" if scale else "null",
                                     shape=(num_groups,), init=gamma_initializer,
                                     allow_deferred_init=True)
        self.beta = self.params.get("beta", grad_req="write" if center else "null",
                                    shape=(num_groups,), init=beta_initializer,
                                    allow_deferred_init=True)

    def hybrid_forward(self, F, data, gamma, beta):
        return F.GroupNorm(data, gamma=gamma, beta=beta, num_groups=self._num_groups,
                           eps=self._epsilon)

    def __repr__(self):
        content = ", ".join(["=".join([k, repr(v)]) for k, v in self._kwargs.items()])
        return "{name}({content})".format(name=self.__class__.__name__, content=content)


class Lambda(Block):
    """Wrap an ``mx.nd`` operator name or a function of NDArrays as a Block.

    Parameters
    ----------
    function : str or callable
        e.g. ``'tanh'`` or ``lambda x: nd.LeakyReLU(x, slope=0.1)``.
    """

    def __init__(self, function, prefix=None):
        super().__init__(prefix=prefix)
        if isinstance(function, str):
            check(hasattr(nd, function), "Function name %s is not found in ndarray." % function)
            self._func_impl = getattr(nd, function)
        elif callable(function):
            self._func_impl = function
        else:
            raise GluonValueError("Unrecognized function in lambda: {} of type {}"
                                  .format(function, type(function)))

    def forward(self, *args):
        return self._func_impl(*args)

    def __repr__(self):
        return "{name}({function})".format(name=self.__class__.__name__,
                                           function=self._func_impl.__name__)


class HybridLambda(HybridBlock):
    """Wrap an operator name or a function ``f(F, x, *args)`` as a HybridBlock.

    Parameters
    ----------
    function : str or callable
        e.g. ``'tanh'`` or ``lambda F, x: F.LeakyReLU(x, slope=0.1)``.
    """

    def __init__(self, function, prefix=None):
        super().__init__(prefix=prefix)
        if isinstance(function, str):
            check(hasattr(nd, function),
                  "Function name %s is not found in symbol/ndarray." % function)
            func = getattr(nd, function)
            self._func = lambda F, *args: func(*args)
            self._func_name = function
        elif callable(function):
            self._func = function
            self._func_name = function.__name__
        else:
            raise GluonValueError("Unrecognized function in lambda: {} of type {}"
                                  .format(function, type(function)))

    def hybrid_forward(self, F, x, *args):
        return self._func(F, x, *args)

    def __repr__(self):
        return "{name}({function})".format(name=self.__class__.__name__,
                                           function=self._func_name)
