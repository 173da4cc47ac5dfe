"""Contexts (``mx.cpu()``, ``mx.gpu()``) and their JAX devices."""
import threading
import warnings

import jax

from .base import MXNetError

__all__ = ["Context", "cpu", "gpu", "cpu_pinned", "current_context", "num_gpus",
           "threading", "warnings"]  # the last two: MXNet's module exports them to star-imports

_local = threading.local()


class DeviceTypeError(MXNetError, KeyError):
    """An unknown device type (MXNet raises ``KeyError`` for it)."""

    def __str__(self):
        return str(self.args[0]) if self.args else ""


class _ContextMeta(type):
    """Gives ``Context`` MXNet's deprecated class property ``default_ctx``."""

    @property
    def default_ctx(cls):
        """This thread's default context (deprecated in MXNet: use ``current_context()``)."""
        warnings.warn("Context.default_ctx has been deprecated. Please use "
                      "Context.current_context() instead. Please use "
                      "test_utils.set_default_context to set a default context",
                      DeprecationWarning, stacklevel=2)
        return current_context()

    @default_ctx.setter
    def default_ctx(cls, ctx):
        warnings.warn("Context.default_ctx has been deprecated. Please use "
                      "Context.current_context() instead. Please use "
                      "test_utils.set_default_context to set a default context",
                      DeprecationWarning, stacklevel=2)
        _local.ctx = ctx


class Context(metaclass=_ContextMeta):
    """A device context, as ``mxnet.context.Context``.

    Parameters
    ----------
    device_type : {'cpu', 'gpu', 'cpu_pinned', 'cpu_shared'} or Context
    device_id : int, default 0
    """

    devtype2str = {1: "cpu", 2: "gpu", 3: "cpu_pinned", 5: "cpu_shared"}
    devstr2type = {"cpu": 1, "gpu": 2, "cpu_pinned": 3, "cpu_shared": 5}

    def __init__(self, device_type, device_id=0):
        if isinstance(device_type, Context):
            self.device_typeid = device_type.device_typeid
            self.device_id = device_type.device_id
        else:
            if device_type not in self.devstr2type:
                raise DeviceTypeError("Unknown device type %r: expected one of %s"
                                      % (device_type, sorted(self.devstr2type)))
            self.device_typeid = self.devstr2type[device_type]
            self.device_id = int(device_id)
        self._old_ctx = None

    @property
    def device_type(self):
        """The device type as a string: ``'cpu'`` or ``'gpu'``."""
        return self.devtype2str[self.device_typeid]

    def __hash__(self):
        return hash((self.device_typeid, self.device_id))

    def __eq__(self, other):
        return (isinstance(other, Context) and self.device_typeid == other.device_typeid
                and self.device_id == other.device_id)

    def __str__(self):
        return "%s(%d)" % (self.device_type, self.device_id)

    __repr__ = __str__

    def __enter__(self):
        self._old_ctx = current_context()
        _local.ctx = self
        return self

    def __exit__(self, ptype, value, trace):
        _local.ctx = self._old_ctx

    @property
    def jax_device(self):
        """The ``jax.Device`` this context stands for.

        Raises
        ------
        MXNetError
            When the device does not exist on this machine.
        """
        return jax_device(self)

    def empty_cache(self):
        """Release cached device memory (a no-op: XLA manages its own pool)."""


_device_cache = {}


def jax_device(ctx):
    """Map a Context to a ``jax.Device`` (cached)."""
    key = (ctx.device_typeid, ctx.device_id)
    dev = _device_cache.get(key)
    if dev is not None:
        return dev
    if ctx.device_typeid == 2:
        devices = _accelerators()
        if not devices:
            raise MXNetError("Context %s is not available: JAX found no GPU on this machine "
                             "(devices: %s). Use mx.cpu() or install a CUDA build of jaxlib."
                             % (ctx, ", ".join(str(d) for d in jax.devices())))
    else:
        devices = _devices_of("cpu")
    if ctx.device_id >= len(devices) and ctx.device_typeid == 2:
        raise MXNetError("Context %s is not available: only %d GPU(s) found"
                         % (ctx, len(devices)))
    # cpu(i) is the i-th CPU device of this process (several with XLA_FLAGS=
    # --xla_force_host_platform_device_count=N); beyond those, MXNet's cpu(i) are all
    # the one host memory: the first CPU device
    dev = devices[ctx.device_id] if ctx.device_id < len(devices) else devices[0]
    _device_cache[key] = dev
    return dev


def _accelerators():
    """The accelerator devices mx.gpu(i) stands for: GPUs, else TPUs."""
    return _devices_of("gpu") or _devices_of("tpu")


def _devices_of(platform):
    """This process's devices of ``platform`` (in a multi-process run, ``jax.devices``
    lists every process's devices; a context names a local one)."""
    try:
        return jax.local_devices(backend=platform)
    except RuntimeError:
        return []


_ctx_of_device = {}


def context_of_device(device):
    """The Context of a ``jax.Device``."""
    ctx = _ctx_of_device.get(device)
    if ctx is None:
        if device.platform == "cpu":
            ctx = Context("cpu", _devices_of("cpu").index(device))
        else:
            ctx = Context("gpu", _accelerators().index(device))
        _ctx_of_device[device] = ctx
    return ctx


def cpu(device_id=0):
    """The CPU context (``mx.cpu()``)."""
    return Context("cpu", device_id)


def cpu_pinned(device_id=0):
    """Pinned CPU memory context; the same device as ``cpu()`` here."""
    return Context("cpu_pinned", device_id)


def gpu(device_id=0):
    """The GPU context ``mx.gpu(device_id)``; arrays on it need a GPU build of JAX."""
    return Context("gpu", device_id)


def num_gpus():
    """The number of accelerators (GPUs, else TPUs) JAX can see."""
    return len(_accelerators())


_DEFAULT = Context("cpu", 0)


def current_context():
    """The default context: ``cpu(0)`` unless changed with ``with ctx:``."""
    return getattr(_local, "ctx", None) or _DEFAULT
