"""Initializers for Gluon parameters: ``mx.init`` when present, else a small fallback.

``mxjax.initializer`` (``mx.init``) is the real home of initializers. Until it
exists this module provides the few that Gluon needs by default, with MXNet's
protocol (``create``, ``InitDesc``, ``Initializer._init_weight``): ``Uniform``
(scale 0.07, the default of ``initialize()``), ``Normal``, ``Zero`` ('zeros'),
``One`` ('ones') and ``Constant``.
"""
import json

from ..base import MXNetError

__all__ = ["get", "create", "InitDesc", "Initializer", "Uniform", "Constant"]


def get():
    """The initializer module in use: ``mxjax.initializer`` if importable, else this one."""
    try:
        from .. import initializer as real
        if hasattr(real, "create") and hasattr(real, "InitDesc"):
            return real
    except ImportError:
        pass
    import sys
    return sys.modules[__name__]


class InitDesc(str):
    """A parameter name carrying initialization attributes (``{'__init__': init}``)."""

    def __new__(cls, name, attrs=None, global_init=None):
        ret = super().__new__(cls, name)
        ret.attrs = attrs or {}
        ret.global_init = global_init
        return ret


class Initializer:
    """Base class: ``init(desc, arr)`` fills ``arr`` in place."""

    def __init__(self, **kwargs):
        self._kwargs = kwargs
        self._verbose = False

    def set_verbosity(self, verbose=False, print_func=None):
        """Switch verbose mode (accepted; the fallback prints nothing)."""
        self._verbose = verbose
        return self

    def dumps(self):
        """The initializer as MXNet's JSON string ``'["name", {kwargs}]'``."""
        return json.dumps([self.__class__.__name__.lower(), self._kwargs])

    def __call__(self, desc, arr):
        init = getattr(desc, "attrs", {}).get("__init__", "")
        if init:
            create(init)._init_weight(desc, arr)
            return
        name = str(desc)
        if name.endswith("bias") or name.endswith("beta") or name.endswith("running_mean") \
                or name.endswith("moving_mean") or name.endswith("min"):
            arr[:] = 0
        elif name.endswith("gamma") or name.endswith("running_var") \
                or name.endswith("moving_var") or name.endswith("max"):
            arr[:] = 1
        else:
            self._init_weight(desc, arr)

    def _init_weight(self, name, arr):
        raise NotImplementedError("Must override it")


class Zero(Initializer):
    """Fill with zeros."""

    def _init_weight(self, _, arr):
        arr[:] = 0


class One(Initializer):
    """Fill with ones."""

    def _init_weight(self, _, arr):
        arr[:] = 1


class Constant(Initializer):
    """Fill with ``value`` (a scalar or an array of the parameter's shape)."""

    def __init__(self, value):
        super().__init__(value=value)
        self.value = value

    def _init_weight(self, _, arr):
        arr[:] = self.value


class Uniform(Initializer):
    """Uniform values in ``[-scale, scale]`` (default scale 0.07)."""

    def __init__(self, scale=0.07):
        super().__init__(scale=scale)
        self.scale = scale

    def _init_weight(self, _, arr):
        from ..ndarray import random as ndrandom
        arr[:] = ndrandom.uniform(-self.scale, self.scale, shape=arr.shape, dtype=arr.dtype,
                                  ctx=arr.context)


class Normal(Initializer):
    """Normal values with mean 0 and standard deviation ``sigma`` (default 0.01)."""

    def __init__(self, sigma=0.01):
        super().__init__(sigma=sigma)
        self.sigma = sigma

    def _init_weight(self, _, arr):
        from ..ndarray import random as ndrandom
        arr[:] = ndrandom.normal(0, self.sigma, shape=arr.shape, dtype=arr.dtype,
                                 ctx=arr.context)


_REGISTRY = {"zero": Zero, "zeros": Zero, "one": One, "ones": One, "constant": Constant,
             "uniform": Uniform, "normal": Normal}


def create(init, *args, **kwargs):
    """An initializer from an instance, a registered name or MXNet's JSON form."""
    if isinstance(init, Initializer):
        return init
    if isinstance(init, str):
        if init.startswith("["):
            name, kw = json.loads(init)
            return create(name, **kw)
        klass = _REGISTRY.get(init.lower())
        if klass is None:
            raise MXNetError("Initializer %r is not registered (mx.init is not available; "
                             "known: %s)" % (init, ", ".join(sorted(_REGISTRY))))
        return klass(*args, **kwargs)
    if callable(init):
        return init
    raise MXNetError("Cannot create an initializer from %r" % (init,))
