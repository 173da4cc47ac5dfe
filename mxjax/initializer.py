"""``mx.init``: weight initializers, as MXNet 1.9.1's ``mxnet.initializer``.

An initializer is called as ``init(InitDesc(name, attrs, global_init), arr)`` and
fills the NDArray ``arr`` in place. The name's suffix picks what happens
(``...weight`` -> ``_init_weight``, ``...bias``/``...beta``/``...min`` -> 0,
``...gamma``/``...max`` -> 1), unless ``attrs['__init__']`` names another
initializer for this one parameter. Random initializers draw from ``mx.random``,
so ``mx.random.seed`` makes them reproducible.
"""
import json
import logging
import re
import warnings
from math import sqrt

import numpy as np

from .base import MXNetError, string_types
from . import _registry
from .core import state as _core_state
from .context import jax_device as _jax_device
from .ndarray import transfer as _transfer
from .ndarray import NDArray  # noqa: F401  (MXNet's initializer module exports it)

__all__ = ["InitDesc", "Initializer", "register", "alias", "create", "Load", "Mixed", "Zero",
           "One", "Constant", "Uniform", "Normal", "Orthogonal", "Xavier", "MSRAPrelu",
           "Bilinear", "LSTMBias", "FusedRNN"]


class InitializerError(MXNetError, AssertionError):
    """A bad initializer request (MXNet raises AssertionError; this is also an MXNetError)."""


class InitializerValueError(MXNetError, ValueError):
    """A bad value for an initializer (MXNet raises ValueError; this is also an MXNetError)."""


class InitDesc(str):
    """A parameter name (a ``str``) carrying what its initialization needs.

    Parameters
    ----------
    name : str
        Name of the parameter.
    attrs : dict of str to str, optional
        Attributes of the parameter; ``'__init__'`` names its own initializer.
    global_init : Initializer, optional
        The initializer the parameter falls back to.
    """

    def __new__(cls, name, attrs=None, global_init=None):
        ret = super().__new__(cls, name)
        ret.attrs = attrs or {}
        ret.global_init = global_init
        return ret


def _nd():
    from . import ndarray
    return ndarray


def _is_ndarray(arr):
    return isinstance(arr, _nd().NDArray)


class Initializer:
    """The base class of initializers.

    Subclasses override ``_init_weight(name, arr)``; ``__call__`` dispatches on the
    parameter name's suffix.

    Parameters
    ----------
    **kwargs
        The constructor arguments, kept for :meth:`dumps`.
    """

    def __init__(self, **kwargs):
        self._kwargs = kwargs
        self._verbose = False
        self._print_func = None

    def set_verbosity(self, verbose=False, print_func=None):
        """Log (``logging.info``) a statistic of every initialized array.

        Parameters
        ----------
        verbose : bool, default False
        print_func : callable, optional
            NDArray -> str; default: the array's norm over ``sqrt(size)``.

        Returns
        -------
        Initializer
            This initializer.
        """
        self._verbose = verbose
        if print_func is None:
            def asum_stat(x):
                return str((_nd().norm(x) / sqrt(x.size)).asscalar())
            print_func = asum_stat
        self._print_func = print_func
        return self

    def _verbose_print(self, desc, init, arr):
        if self._verbose and self._print_func:
            logging.info("Initialized %s as %s: %s", desc, init, self._print_func(arr))

    def dumps(self):
        """The initializer as a JSON string ``'["name", {kwargs}]'`` that :func:`create` reads.

        Returns
        -------
        str
        """
        return json.dumps([self.__class__.__name__.lower(), self._kwargs])

    def __call__(self, desc, arr):
        """Fill ``arr`` in place.

        Parameters
        ----------
        desc : InitDesc
            The parameter's name and attributes (a plain ``str`` is the deprecated
            legacy form).
        arr : NDArray
        """
        if not isinstance(desc, InitDesc):
            self._legacy_init(desc, arr)
            return
        if desc.global_init is None:
            desc.global_init = self
        init = desc.attrs.get("__init__", "")
        if init:
            create(init)._init_weight(desc, arr)
            self._verbose_print(desc, init, arr)
        elif desc.endswith("weight"):
            self._init_weight(desc, arr)
            self._verbose_print(desc, "weight", arr)
        elif desc.endswith("bias"):
            self._init_bias(desc, arr)
            self._verbose_print(desc, "bias", arr)
        elif desc.endswith("gamma"):
            self._init_gamma(desc, arr)
            self._verbose_print(desc, "gamma", arr)
        elif desc.endswith("beta"):
            self._init_beta(desc, arr)
            self._verbose_print(desc, "beta", arr)
        elif desc.endswith("min"):
            self._init_zero(desc, arr)
            self._verbose_print(desc, "min", arr)
        elif desc.endswith("max"):
            self._init_one(desc, arr)
            self._verbose_print(desc, "max", arr)
        elif desc.endswith("weight_quantize"):
            self._init_quantized_weight(desc, arr)
            self._verbose_print(desc, "weight_quantize", arr)
        elif desc.endswith("bias_quantize"):
            self._init_quantized_bias(desc, arr)
            self._verbose_print(desc, "bias_quantize", arr)
        else:
            self._init_default(desc, arr)

    def _legacy_init(self, name, arr):
        warnings.warn("\033[91mCalling initializer with init(str, NDArray) has been deprecated."
                      "please use init(mx.init.InitDesc(...), NDArray) instead.\033[0m",
                      DeprecationWarning, stacklevel=3)
        if not isinstance(name, string_types):
            raise TypeError("name must be string")
        if not _is_ndarray(arr):
            raise TypeError("arr must be NDArray")
        if name.startswith("upsampling"):
            self._init_bilinear(name, arr)
        elif name.startswith("stn_loc") and name.endswith("weight"):
            self._init_zero(name, arr)
        elif name.startswith("stn_loc") and name.endswith("bias"):
            self._init_loc_bias(name, arr)
        elif name.endswith("bias"):
            self._init_bias(name, arr)
        elif name.endswith("gamma"):
            self._init_gamma(name, arr)
        elif name.endswith("beta"):
            self._init_beta(name, arr)
        elif name.endswith("weight"):
            self._init_weight(name, arr)
        elif name.endswith("moving_mean") or name.endswith("moving_inv_var") \
                or name.endswith("moving_avg") or name.endswith("min"):
            self._init_zero(name, arr)
        elif name.endswith("moving_var") or name.endswith("max"):
            self._init_one(name, arr)
        else:
            self._init_default(name, arr)

    def _init_bilinear(self, _, arr):
        arr[:] = _bilinear_kernel(arr.shape)

    def _init_loc_bias(self, _, arr):
        if arr.shape[0] != 6:
            raise InitializerError("stn_loc bias must have 6 elements, got shape %s"
                                   % (arr.shape,))
        arr[:] = np.array([1.0, 0, 0, 0, 1.0, 0])

    def _init_zero(self, _, arr):
        arr[:] = 0.0

    def _init_one(self, _, arr):
        arr[:] = 1.0

    def _init_bias(self, _, arr):
        arr[:] = 0.0

    def _init_quantized_bias(self, _, arr):
        arr[:] = 0

    def _init_gamma(self, _, arr):
        arr[:] = 1.0

    def _init_beta(self, _, arr):
        arr[:] = 0.0

    def _init_weight(self, name, arr):
        raise NotImplementedError("Must override it")

    def _init_quantized_weight(self, _, arr):
        from . import random
        values = random.randint(-127, 127, dtype="int32").asnumpy()
        arr[:] = np.int8(values)

    def _init_default(self, name, _):
        raise InitializerValueError(
            'Unknown initialization pattern for %s. Default initialization is now limited to '
            '"weight", "bias", "gamma" (1.0), and "beta" (0.0).Please use '
            'mx.sym.Variable(init=mx.init.*) to set initialization pattern' % name)

    def __eq__(self, other):
        if not isinstance(other, Initializer):
            return NotImplemented
        return type(self) is type(other) and self._kwargs == other._kwargs

    def __hash__(self):
        return id(self)


# ---------------------------------------------------------------------------
# registry

_REGISTRY = {}


def register(klass, name=None):
    """Register an :class:`Initializer` subclass under its lower-cased class name.

    Parameters
    ----------
    klass : type
        A subclass of :class:`Initializer`.
    name : str, optional
        Register under this name instead.

    Returns
    -------
    type
        ``klass`` (so this works as a class decorator).
    """
    if not (isinstance(klass, type) and issubclass(klass, Initializer)):
        raise InitializerError("Can only register subclass of Initializer")
    return _registry.add(_REGISTRY, klass, name, 'initializer')


def alias(*aliases):
    """A class decorator registering an initializer under extra names.

    Parameters
    ----------
    *aliases : str
    """
    return _registry.alias(register, aliases)


def create(*args, **kwargs):
    """An initializer from an instance, a registered name, or MXNet's JSON forms.

    Parameters
    ----------
    initializer : str, dict or Initializer
        A registered name (``'xavier'``, ``'zeros'`` ...; case-insensitive), the JSON
        string of :meth:`Initializer.dumps` (``'["xavier", {...}]'``), a JSON object
        string or dict with an ``'initializer'`` key, or an instance (returned as is).
    *args, **kwargs
        Constructor arguments.

    Returns
    -------
    Initializer
    """
    if args:
        name, args = args[0], args[1:]
    else:
        if "initializer" not in kwargs:
            raise InitializerError("create() needs an initializer name")
        name = kwargs.pop("initializer")
    if isinstance(name, Initializer):
        if args or kwargs:
            raise InitializerError("initializer is already an instance. Additional "
                                   "arguments are invalid")
        return name
    if isinstance(name, dict):
        return create(**name)
    if not isinstance(name, string_types):
        raise InitializerError("initializer must be of string type")
    if name.startswith("["):
        if args or kwargs:
            raise InitializerError("a JSON initializer takes no other arguments")
        name, kwargs = json.loads(name)
        return create(name, **kwargs)
    if name.startswith("{"):
        if args or kwargs:
            raise InitializerError("a JSON initializer takes no other arguments")
        return create(**json.loads(name))
    name = name.lower()
    if name not in _REGISTRY:
        raise InitializerError("%s is not registered. Please register with "
                               "initializer.register first" % name)
    return _REGISTRY[name](*args, **kwargs)


# ---------------------------------------------------------------------------
# initializers


class Load:
    """Initialize parameters from saved arrays (a dict or a file of ``nd.save``).

    Parameters
    ----------
    param : str or dict of str to NDArray
        The arrays; ``'arg:'``/``'aux:'`` prefixes of the names are dropped.
    default_init : Initializer, optional
        Used for names that are not in ``param``.
    verbose : bool, default False
        Log every initialization.
    """

    def __init__(self, param, default_init=None, verbose=False):
        if isinstance(param, str):
            param = _nd().load(param)
        if not isinstance(param, dict):
            raise InitializerError("Load needs a dict of NDArrays or a file of one")
        self.param = {}
        for name, arr in param.items():
            if name.startswith("arg:") or name.startswith("aux:"):
                self.param[name[4:]] = arr
            else:
                self.param[name] = arr
        self.default_init = default_init
        self.verbose = verbose

    def __call__(self, name, arr):
        if name in self.param:
            if tuple(arr.shape) != tuple(self.param[name].shape):
                raise InitializerError(
                    "Parameter %s cannot be initialized from loading. " % name +
                    "Shape mismatch, target %s vs loaded %s" % (str(arr.shape),
                                                              self.param[name].shape))
            arr[:] = self.param[name]
            if self.verbose:
                logging.info("Initialized %s by loading", name)
        else:
            if self.default_init is None:
                raise InitializerError(
                    "Cannot Initialize %s. Not found in loaded param " % name +
                    "and no default Initializer is provided.")
            self.default_init(name, arr)
            if self.verbose:
                logging.info("Initialized %s by default", name)


class Mixed:
    """Pick the initializer by the first regular expression that matches the name.

    Parameters
    ----------
    patterns : list of str
        Regular expressions (``re.match``).
    initializers : list of Initializer
        One per pattern.
    """

    def __init__(self, patterns, initializers):
        if len(patterns) != len(initializers):
            raise InitializerError("Mixed needs one initializer per pattern")
        self.map = list(zip([re.compile(p) for p in patterns], initializers))

    def __call__(self, name, arr):
        for prog, init in self.map:
            if prog.match(name):
                init(name, arr)
                return
        raise InitializerValueError('Parameter name %s did not match any pattern. Consider'
                         'add a ".*" pattern at the and with default Initializer.' % name)


@register
@alias("zeros")
class Zero(Initializer):
    """Fill with 0 (registered as ``'zero'`` and ``'zeros'``)."""

    def __init__(self):
        super().__init__()

    def _init_weight(self, _, arr):
        arr[:] = 0


@register
@alias("ones")
class One(Initializer):
    """Fill with 1 (registered as ``'one'`` and ``'ones'``)."""

    def __init__(self):
        super().__init__()

    def _init_weight(self, _, arr):
        arr[:] = 1


@register
class Constant(Initializer):
    """Fill with ``value``.

    Parameters
    ----------
    value : float or array-like or NDArray
        A scalar, or an array that broadcasts to the parameter's shape.
    """

    def __init__(self, value):
        super().__init__(value=value)
        self.value = value

    def _init_weight(self, _, arr):
        arr[:] = self.value

    def dumps(self):
        """The initializer as JSON (an array value is written as a nested list)."""
        val = self._kwargs["value"]
        if not np.isscalar(val):
            self._kwargs["value"] = val.tolist() if isinstance(val, np.ndarray) \
                else val.asnumpy().tolist()
        return json.dumps([self.__class__.__name__.lower(), self._kwargs])


def _host_rng():
    """A NumPy generator seeded from mxjax's random-key sequence (``mx.random.seed``
    reproduces it). Initial values are drawn on the host: a device sampler would
    compile one XLA program per weight shape before the first step."""
    key = _core_state.next_key()
    return np.random.Generator(np.random.Philox(key=(int(key[0]) << 32) | int(key[1])))


def _fill_from_host(arr, values):
    arr._set_data(_transfer.to_device(np.asarray(values, dtype=np.dtype(arr.dtype)),
                                      _jax_device(arr.context)))


def _uniform_into(arr, low, high):
    _fill_from_host(arr, _host_rng().uniform(low, high, arr.shape))


def _normal_into(arr, loc, scale):
    _fill_from_host(arr, _host_rng().normal(loc, scale, arr.shape))


@register
class Uniform(Initializer):
    """Uniform values in ``[-scale, scale]``.

    Parameters
    ----------
    scale : float, default 0.07
    """

    def __init__(self, scale=0.07):
        super().__init__(scale=scale)
        self.scale = scale

    def _init_weight(self, _, arr):
        _uniform_into(arr, -self.scale, self.scale)


@register
class Normal(Initializer):
    """Normal values with mean 0 and standard deviation ``sigma``.

    Parameters
    ----------
    sigma : float, default 0.01
    """

    def __init__(self, sigma=0.01):
        super().__init__(sigma=sigma)
        self.sigma = sigma

    def _init_weight(self, _, arr):
        _normal_into(arr, 0, self.sigma)


@register
class Orthogonal(Initializer):
    """A random orthogonal matrix (rows or columns), times ``scale``.

    The weight is seen as ``(shape[0], prod(shape[1:]))``; a random matrix of that
    shape is decomposed with SVD and its orthogonal factor of the same shape is used.

    Parameters
    ----------
    scale : float, default 1.414
    rand_type : {'uniform', 'normal'}, default 'uniform'
        Distribution of the random matrix.
    """

    def __init__(self, scale=1.414, rand_type="uniform"):
        super().__init__(scale=scale, rand_type=rand_type)
        self.scale = scale
        self.rand_type = rand_type

    def _init_weight(self, _, arr):
        from .ndarray import random as ndrandom
        nout = arr.shape[0]
        nin = int(np.prod(arr.shape[1:]))
        if self.rand_type == "uniform":
            tmp = ndrandom.uniform(-1.0, 1.0, shape=(nout, nin)).asnumpy()
        elif self.rand_type == "normal":
            tmp = ndrandom.normal(0.0, 1.0, shape=(nout, nin)).asnumpy()
        else:
            raise InitializerValueError("Orthogonal: unknown rand_type %r (use 'uniform' or 'normal')"
                             % (self.rand_type,))
        u, _, v = np.linalg.svd(tmp, full_matrices=False)
        res = u if u.shape == tmp.shape else v
        arr[:] = self.scale * res.reshape(arr.shape)


@register
class Xavier(Initializer):
    """Xavier/Glorot initialization: variance ``magnitude / factor``.

    With ``fan_in = shape[1] * prod(shape[2:])`` and ``fan_out = shape[0] *
    prod(shape[2:])``, ``factor`` is their mean (``'avg'``), ``fan_in`` (``'in'``) or
    ``fan_out`` (``'out'``); values are uniform in ``[-c, c]`` or normal with standard
    deviation ``c``, where ``c = sqrt(magnitude / factor)``.

    Parameters
    ----------
    rnd_type : {'uniform', 'gaussian'}, default 'uniform'
    factor_type : {'avg', 'in', 'out'}, default 'avg'
    magnitude : float, default 3
    """

    def __init__(self, rnd_type="uniform", factor_type="avg", magnitude=3):
        super().__init__(rnd_type=rnd_type, factor_type=factor_type, magnitude=magnitude)
        self.rnd_type = rnd_type
        self.factor_type = factor_type
        self.magnitude = float(magnitude)

    def _init_weight(self, name, arr):
        shape = arr.shape
        hw_scale = 1.0
        if len(shape) < 2:
            raise InitializerValueError("Xavier initializer cannot be applied to vector {0}. It requires "
                             "at least 2D.".format(name))
        if len(shape) > 2:
            hw_scale = np.prod(shape[2:])
        fan_in, fan_out = shape[1] * hw_scale, shape[0] * hw_scale
        if self.factor_type == "avg":
            factor = (fan_in + fan_out) / 2.0
        elif self.factor_type == "in":
            factor = fan_in
        elif self.factor_type == "out":
            factor = fan_out
        else:
            raise InitializerValueError("Incorrect factor type")
        scale = np.sqrt(self.magnitude / factor)
        if self.rnd_type == "uniform":
            _uniform_into(arr, -scale, scale)
        elif self.rnd_type == "gaussian":
            _normal_into(arr, 0, scale)
        else:
            raise InitializerValueError("Unknown random type")


@register
class MSRAPrelu(Xavier):
    """He/MSRA initialization for PReLU nets: Gaussian Xavier with magnitude
    ``2 / (1 + slope**2)``.

    Parameters
    ----------
    factor_type : {'avg', 'in', 'out'}, default 'avg'
    slope : float, default 0.25
        The PReLU slope (0 for ReLU).
    """

    def __init__(self, factor_type="avg", slope=0.25):
        magnitude = 2.0 / (1 + slope ** 2)
        super().__init__("gaussian", factor_type, magnitude)
        self._kwargs = {"factor_type": factor_type, "slope": slope}


def _bilinear_kernel(shape):
    """MXNet's bilinear upsampling weights for a 4-D ``shape``."""
    size = int(np.prod(shape))
    f = np.ceil(shape[3] / 2.0)
    c = (2 * f - 1 - f % 2) / (2.0 * f)
    idx = np.arange(size)
    x = idx % shape[3]
    y = idx // shape[3] % shape[2]
    weight = (1 - np.abs(x / f - c)) * (1 - np.abs(y / f - c))
    return weight.astype("float32").reshape(shape)


@register
class Bilinear(Initializer):
    """Bilinear-interpolation weights for a 4-D deconvolution (upsampling) kernel."""

    def __init__(self):
        super().__init__()

    def _init_weight(self, _, arr):
        arr[:] = _bilinear_kernel(arr.shape)


@register
class LSTMBias(Initializer):
    """LSTM bias: 0, except ``forget_bias`` for the forget gate (the second quarter).

    Parameters
    ----------
    forget_bias : float, default 1.0
    """

    def __init__(self, forget_bias=1.0):
        super().__init__(forget_bias=forget_bias)
        self.forget_bias = forget_bias

    def _init_weight(self, name, arr):
        arr[:] = 0.0
        num_hidden = int(arr.shape[0] / 4)
        arr[num_hidden:2 * num_hidden] = self.forget_bias


_GATES = {"rnn_relu": [""], "rnn_tanh": [""], "lstm": ["_i", "_f", "_c", "_o"],
          "gru": ["_r", "_z", "_o"]}


def _fused_pieces(size, mode, num_layers, num_hidden, bidirectional):
    """(name, shape) of each piece of a fused RNN parameter vector, in layout order."""
    gates = _GATES[mode]
    dirs = ["l", "r"] if bidirectional else ["l"]
    b, m, h = len(dirs), len(gates), num_hidden
    num_input = size // b // h // m - (num_layers - 1) * (h + b * h + 2) - h - 2
    pieces = []
    for layer in range(num_layers):
        for d in dirs:
            for g in gates:
                shape = (h, b * h) if layer > 0 else (h, num_input)
                pieces.append(("%s%d_i2h%s_weight" % (d, layer, g), shape))
            for g in gates:
                pieces.append(("%s%d_h2h%s_weight" % (d, layer, g), (h, h)))
    for layer in range(num_layers):
        for d in dirs:
            for g in gates:
                pieces.append(("%s%d_i2h%s_bias" % (d, layer, g), (h,)))
            for g in gates:
                pieces.append(("%s%d_h2h%s_bias" % (d, layer, g), (h,)))
    total = sum(int(np.prod(s)) for _, s in pieces)
    if total != size:
        raise MXNetError("Invalid parameters size for FusedRNNCell")
    return pieces


@register
class FusedRNN(Initializer):
    """Initialize the single parameter vector of a fused RNN layer piece by piece.

    Each gate's weight and bias is initialized as its own parameter (with ``init``,
    or the global initializer when ``init`` is None); LSTM forget-gate biases get
    ``forget_bias``.

    Parameters
    ----------
    init : Initializer or str or None
    num_hidden : int
    num_layers : int
    mode : {'rnn_relu', 'rnn_tanh', 'lstm', 'gru'}
    bidirectional : bool, default False
    forget_bias : float, default 1.0
    """

    def __init__(self, init, num_hidden, num_layers, mode, bidirectional=False,
                 forget_bias=1.0):
        if isinstance(init, string_types):
            klass, kwargs = json.loads(init)
            init = _REGISTRY[klass.lower()](**kwargs)
        super().__init__(init=init.dumps() if init is not None else None,
                         num_hidden=num_hidden, num_layers=num_layers, mode=mode,
                         bidirectional=bidirectional, forget_bias=forget_bias)
        self._init = init
        self._num_hidden = num_hidden
        self._num_layers = num_layers
        self._mode = mode
        self._bidirectional = bidirectional
        self._forget_bias = forget_bias

    def _init_weight(self, desc, arr):
        nd = _nd()
        pieces = _fused_pieces(arr.size, self._mode, self._num_layers, self._num_hidden,
                               self._bidirectional)
        values = []
        for name, shape in pieces:
            piece = nd.zeros(shape, ctx=arr.context, dtype=arr.dtype)
            arg_desc = InitDesc(name, global_init=getattr(desc, "global_init", None))
            if self._mode == "lstm" and name.endswith("_f_bias"):
                piece[:] = self._forget_bias
            elif self._init is None:
                desc.global_init(arg_desc, piece)
            else:
                self._init(arg_desc, piece)
            values.append(piece.asnumpy().reshape(-1))
        arr[:] = np.concatenate(values).reshape(arr.shape)
