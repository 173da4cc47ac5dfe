"""``mx.kv.KVStoreBase``, its registry, MXNet's ``TestStore`` and ``create``.

``create(name)`` looks the name up in :attr:`KVStoreBase.kv_registry` (stores that
users register, and ``'teststore'``), then among the built-in types: ``'local'``,
``'device'`` and ``'nccl'`` (one process; gradients of several contexts are summed),
and the distributed types ``'dist_sync'``, ``'dist_device_sync'``, ``'dist_async'``
and ``'horovod'``, which run on ``jax.distributed`` (see :mod:`mxjax.kvstore.dist`).
"""
from ..base import MXNetError
from ..ndarray.ndarray import NDArray

__all__ = ["KVStoreBase", "create"]


class KVStoreTypeError(MXNetError, TypeError):
    """A bad argument type (MXNet raises TypeError)."""


class KVStoreValueError(MXNetError, ValueError):
    """A bad argument value (MXNet raises ValueError)."""


class KVStoreBase:
    """The interface every key-value store implements (``mx.kv.KVStoreBase``).

    Subclasses registered with :meth:`register` can be created by name with
    :func:`create`.
    """

    kv_registry = {}
    OPTIMIZER = "optimizer"

    def broadcast(self, key, value, out, priority=0):
        """Broadcast ``value`` (rank 0's) to every worker and store it in ``out``."""
        raise NotImplementedError()

    def pushpull(self, key, value, out=None, priority=0):
        """Push ``value`` (summed) and pull the result into ``out`` (default ``value``)."""
        raise NotImplementedError()

    def set_optimizer(self, optimizer):
        """Run ``optimizer`` in the store on every push."""
        raise NotImplementedError()

    def is_capable(self, capability):
        """Whether the store supports ``capability`` (:attr:`OPTIMIZER`)."""
        raise NotImplementedError()

    def save_optimizer_states(self, fname, dump_optimizer=False):
        """Save the optimizer states to ``fname``."""
        raise NotImplementedError()

    def load_optimizer_states(self, fname):
        """Load the optimizer states from ``fname``."""
        raise NotImplementedError()

    @property
    def type(self):
        """The store type (a string)."""
        raise NotImplementedError()

    @property
    def rank(self):
        """This worker's rank."""
        raise NotImplementedError()

    @property
    def num_workers(self):
        """The number of workers."""
        raise NotImplementedError()

    @staticmethod
    def register(klass):
        """Register a KVStoreBase subclass under its lower-cased class name (a decorator).

        Parameters
        ----------
        klass : type

        Returns
        -------
        type
            ``klass``.
        """
        if not isinstance(klass, type):
            raise KVStoreTypeError("register expects a class, got %r" % (klass,))
        name = klass.__name__.lower()
        if name in KVStoreBase.kv_registry:
            import warnings
            warnings.warn("WARNING: New kvstore %s.%s is overriding existing kvstore %s.%s"
                          % (klass.__module__, klass.__name__,
                             KVStoreBase.kv_registry[name].__module__,
                             KVStoreBase.kv_registry[name].__name__))
        KVStoreBase.kv_registry[name] = klass
        return klass


def _assign(dst, src):
    dst[:] = src


@KVStoreBase.register
class TestStore(KVStoreBase):
    """MXNet's store for testing: sums lists in Python, cannot run an optimizer."""

    def broadcast(self, key, value, out, priority=0):
        """Copy ``value`` into every array of ``out``."""
        for o in (out if isinstance(out, list) else [out]):
            _assign(o, value)

    def pushpull(self, key, value, out=None, priority=0):
        """Sum the list ``value`` and write it to ``out`` (or back into ``value``)."""
        if isinstance(value, NDArray):
            if out is not None:
                for o in (out if isinstance(out, list) else [out]):
                    _assign(o, value)
            return
        ctx = value[0].context
        total = value[0].as_in_context(ctx)
        for v in value[1:]:
            total = total + v.as_in_context(ctx)
        for o in (value if out is None else (out if isinstance(out, list) else [out])):
            _assign(o, total)

    @staticmethod
    def is_capable(capability):
        """No capability (the optimizer runs in the Trainer)."""
        if capability.lower() == KVStoreBase.OPTIMIZER:
            return False
        raise KVStoreValueError("Unknown capability: {}".format(capability))

    @property
    def type(self):
        """``'teststore'``."""
        return "teststore"

    @property
    def rank(self):
        """0."""
        return 0

    @property
    def num_workers(self):
        """1."""
        return 1

    def set_optimizer(self, optimizer):
        """Not supported by this store."""
        raise NotImplementedError()

    def save_optimizer_states(self, fname, dump_optimizer=False):
        """Not supported by this store."""
        raise NotImplementedError()

    def load_optimizer_states(self, fname):
        """Not supported by this store."""
        raise NotImplementedError()


LOCAL_TYPES = ("local", "device", "nccl", "local_update_cpu", "local_allreduce_cpu",
               "local_allreduce_device")
DIST_TYPES = ("dist_sync", "dist_device_sync", "dist_async", "dist_sync_device", "dist",
              "horovod")


def create(name="local"):
    """Create a key-value store (``mx.kv.create``).

    Parameters
    ----------
    name : str, default 'local'
        A registered store (``'teststore'`` ...), ``'local'``, ``'device'``, ``'nccl'``
        (one process), or ``'dist_sync'``, ``'dist_device_sync'``, ``'dist_async'``,
        ``'horovod'`` (one process per worker on ``jax.distributed``; ``dist_async``
        runs synchronously).

    Returns
    -------
    KVStoreBase
    """
    if not isinstance(name, str):
        raise KVStoreTypeError("name must be a string")
    name = name.lower()
    if name in KVStoreBase.kv_registry:
        return KVStoreBase.kv_registry[name]()
    from .kvstore import KVStore
    if name in LOCAL_TYPES:
        return KVStore(name)
    if name in DIST_TYPES:
        from . import dist
        return KVStore(name, dist.Communicator.get())
    raise KVStoreValueError("Unknown KVStore type %r: expected one of %s or a registered "
                            "store %s" % (name, ", ".join(LOCAL_TYPES + DIST_TYPES),
                                          sorted(KVStoreBase.kv_registry)))
