"""``mx.model``: checkpoints (``prefix-symbol.json`` + ``prefix-%04d.params``) and the
``BatchEndParam`` given to batch callbacks."""
import os
from collections import namedtuple

import numpy as np

from . import ndarray as nd
from .base import MXNetError
from . import symbol as sym

__all__ = ["save_checkpoint", "load_checkpoint", "load_params", "BatchEndParam"]

class KVStoreTypeError(MXNetError, TypeError):
    """A kvstore argument of the wrong type (MXNet raises ``TypeError``)."""


class KVStoreAssertionError(MXNetError, AssertionError):
    """A store that cannot do what the parameters need (MXNet asserts)."""


BatchEndParam = namedtuple("BatchEndParams", ["epoch", "nbatch", "eval_metric", "locals"])


def split_params(save_dict):
    """``(arg_params, aux_params)`` from a dict with ``arg:``/``aux:`` keys."""
    arg_params, aux_params = {}, {}
    for k, v in save_dict.items():
        tp, name = k.split(":", 1) if ":" in k else ("arg", k)
        if tp == "arg":
            arg_params[name] = v
        elif tp == "aux":
            aux_params[name] = v
    return arg_params, aux_params


def save_checkpoint(prefix, epoch, symbol, arg_params, aux_params, remove_amp_cast=True):
    """Write ``prefix-symbol.json`` (when ``symbol`` is given) and ``prefix-%04d.params``.

    Parameters
    ----------
    prefix : str
    epoch : int
    symbol : Symbol or None
    arg_params, aux_params : dict of str to NDArray
    """
    if symbol is not None:
        symbol.save("%s-symbol.json" % prefix)
    save_dict = {"arg:%s" % k: v.as_in_context(v.context) for k, v in arg_params.items()}
    save_dict.update({"aux:%s" % k: v.as_in_context(v.context)
                      for k, v in aux_params.items()})
    nd.save("%s-%04d.params" % (prefix, epoch), save_dict)


def load_params(prefix, epoch):
    """``(arg_params, aux_params)`` from ``prefix-%04d.params``."""
    return split_params(nd.load("%s-%04d.params" % (prefix, epoch)))


def load_checkpoint(prefix, epoch):
    """``(symbol, arg_params, aux_params)`` from a checkpoint written by MXNet or mxjax."""
    symbol = sym.load("%s-symbol.json" % prefix)
    arg_params, aux_params = load_params(prefix, epoch)
    return symbol, arg_params, aux_params


def _create_kvstore(kvstore, num_device, arg_params):
    """The store a Module or Trainer trains with, as MXNet's ``model._create_kvstore``:
    ``(kvstore or None, update_on_kvstore)``.

    A store name on one device and one machine gives no store (nothing to reduce); a
    ``'local'`` store holding a parameter of more than 16M elements updates on the
    devices; ``MXNET_UPDATE_ON_KVSTORE=0`` never updates on the store.

    Parameters
    ----------
    kvstore : str, KVStore or None
    num_device : int
    arg_params : dict of str to NDArray, or list of NDArray
    """
    from . import kvstore as kvs
    update_on_kvstore = bool(int(os.getenv("MXNET_UPDATE_ON_KVSTORE", "1")))
    if kvstore is None:
        kv = None
    elif isinstance(kvstore, kvs.KVStoreBase):
        kv = kvstore
    elif isinstance(kvstore, str):
        if num_device == 1 and "dist" not in kvstore and kvstore != "horovod":
            kv = None   # one device, one machine: nothing to sum
        else:
            kv = kvs.create(kvstore)
            arrays = arg_params.values() if isinstance(arg_params, dict) else arg_params
            sizes = [int(np.prod(a.shape)) for a in arrays or ()]
            if kvstore == "local" and sizes and max(sizes) > 1024 * 1024 * 16:
                update_on_kvstore = False
    else:
        raise KVStoreTypeError("kvstore must be KVStore, str or None")
    if kv is None:
        update_on_kvstore = False
    else:
        update_on_kvstore &= kv.is_capable(kvs.KVStoreBase.OPTIMIZER)
    return kv, update_on_kvstore


def _create_sparse_kvstore(kvstore):
    """The store for row_sparse parameters (always one, always updating on the store), as
    MXNet's ``model._create_sparse_kvstore``: ``(kvstore, True)``."""
    from . import kvstore as kvs
    if isinstance(kvstore, kvs.KVStoreBase):
        kv = kvstore
    elif isinstance(kvstore, str):
        kv = kvs.create(kvstore)
    else:
        raise KVStoreTypeError("Cannot create '%s' KVStore with row_sparse parameters. The "
                               "type must be KVStore or str." % (kvstore,))
    if not kv.is_capable(kvs.KVStoreBase.OPTIMIZER):
        raise KVStoreAssertionError(
            "KVStore with sparse weight requires optimizer support. However, type(kv) does "
            "not support optimizer. Please consider other kvstore backends (e.g. "
            "dist_device) instead.")
    return kv, True
