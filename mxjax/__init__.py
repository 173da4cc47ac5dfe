"""mxjax: MXNet 1.x's imperative API (NDArray, autograd, Gluon) running on JAX.

``import mxjax as mx`` is the whole porting step; ``python -m mxjax script.py``
runs a script that says ``import mxnet`` unchanged.
"""
from . import base
from .base import MXNetError
from . import context
from .context import Context, cpu, gpu, cpu_pinned, current_context, num_gpus
from . import graph
from . import engine
from . import ndarray
from . import ndarray as nd
from . import autograd
from . import random
from . import symbol
from . import contrib
from .alias import install_mxnet_alias
from .functional import functionalize, to_jax, from_jax
from . import interop

__version__ = "0.1.0"

__all__ = ["nd", "ndarray", "autograd", "random", "context", "base", "contrib", "cpu", "gpu",
           "cpu_pinned", "current_context", "Context", "MXNetError", "install_mxnet_alias",
           "engine", "num_gpus"]

# Namespaces built on the public API, imported on first use (mx.gluon, mx.init ...).
_LAZY = {"gluon": "mxjax.gluon", "init": "mxjax.initializer", "initializer": "mxjax.initializer",
         "optimizer": "mxjax.optimizer", "lr_scheduler": "mxjax.lr_scheduler",
         "metric": "mxjax.metric", "test_utils": "mxjax.test_utils", "io": "mxjax.io",
         "profiler": "mxjax.profiler", "kvstore": "mxjax.kvstore", "util": "mxjax.util",
         "compat": "mxjax.compat"}


def __getattr__(name):
    target = _LAZY.get(name)
    if target is None:
        raise AttributeError("module 'mxjax' has no attribute %r" % name)
    import importlib
    mod = importlib.import_module(target)
    globals()[name] = mod
    return mod
