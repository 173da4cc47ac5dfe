"""mxjax: MXNet 1.x's imperative API (NDArray, autograd, Gluon) running on JAX.

``import mxjax as mx`` is the whole porting step; ``python -m mxjax script.py``
runs a script that says ``import mxnet`` unchanged.
"""
import logging as _logging

# JAX reports at INFO level that it found no TPU when its backends start: MXNet prints
# nothing there (its warnings still show)
_logging.getLogger("jax._src.xla_bridge").setLevel(_logging.WARNING)

# JAX's CPU client runs programs in the caller's thread on a host with few CPUs: set
# before anything starts JAX's backends (mxjax.core.host)
from .core import host as _host  # noqa: E402
_host.configure_cpu_dispatch()
from . import base  # noqa: E402
from . import distributed as _distributed  # noqa: E402
# one process per worker (python -m mxjax.launch, MXNet's DMLC_* variables): before
# anything touches a device, since jax.distributed must start before JAX's backends
_distributed.initialize_from_env()
from . import compile_cache
from .base import MXNetError
from . import context
from .context import Context, cpu, gpu, cpu_pinned, current_context, num_gpus
from . import core
from . import engine
from . import ndarray
from . import ndarray as nd
from . import autograd
from . import random
from . import symbol
from . import contrib
from .alias import install_mxnet_alias
from .functional import functionalize, to_jax, from_jax
from .util import (is_np_array, np_array, is_np_shape, np_shape, set_np_shape,  # noqa: E402
                   use_np, use_np_array, use_np_shape)
from .attribute import AttrScope  # noqa: E402
from . import interop
from . import log  # noqa: E402
from . import profiler  # noqa: E402

__version__ = "0.1.0"

__all__ = ["nd", "ndarray", "autograd", "random", "context", "base", "contrib", "cpu", "gpu",
           "cpu_pinned", "current_context", "Context", "MXNetError", "install_mxnet_alias",
           "engine", "num_gpus"]

# Namespaces built on the public API, imported on first use (mx.gluon, mx.init, mx.kv ...):
# any mxjax submodule, under its MXNet name too (mx.sym -> mxjax.symbol, see alias.RENAMES).
def __getattr__(name):
    from .alias import RENAMES
    if name.startswith("__"):
        raise AttributeError("module 'mxjax' has no attribute %r" % name)
    target = "mxjax." + RENAMES.get(name, name)
    import importlib.util
    try:
        found = importlib.util.find_spec(target) is not None
    except ImportError:
        found = False
    if not found:
        raise AttributeError("module 'mxjax' has no attribute %r" % name)
    mod = importlib.import_module(target)
    globals()[name] = mod
    return mod
