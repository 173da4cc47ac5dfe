"""``import mxnet`` resolved to mxjax, so legacy programs run unchanged."""
import importlib
import sys

__all__ = ["install_mxnet_alias", "MXNET_SUBMODULES"]

# mxnet.<name> -> mxjax module; later issues add their namespaces here.
MXNET_SUBMODULES = {
    "ndarray": "mxjax.ndarray", "nd": "mxjax.ndarray", "autograd": "mxjax.autograd",
    "base": "mxjax.base", "context": "mxjax.context", "random": "mxjax.random",
    "contrib": "mxjax.contrib", "contrib.autograd": "mxjax.contrib.autograd",
    "ndarray.random": "mxjax.ndarray.random", "nd.random": "mxjax.ndarray.random",
    "ndarray.linalg": "mxjax.ndarray.linalg", "nd.linalg": "mxjax.ndarray.linalg",
    "ndarray.contrib": "mxjax.ndarray.contrib", "nd.contrib": "mxjax.ndarray.contrib",
    "symbol": "mxjax.symbol", "engine": "mxjax.engine",
}

_OPTIONAL = {
    "gluon": "mxjax.gluon", "gluon.nn": "mxjax.gluon.nn", "gluon.rnn": "mxjax.gluon.rnn",
    "gluon.loss": "mxjax.gluon.loss", "gluon.contrib": "mxjax.gluon.contrib",
    "gluon.contrib.nn": "mxjax.gluon.contrib.nn", "gluon.data": "mxjax.gluon.data",
    "gluon.data.vision": "mxjax.gluon.data.vision", "gluon.utils": "mxjax.gluon.utils",
    "gluon.data.vision.transforms": "mxjax.gluon.data.vision.transforms",
    "init": "mxjax.initializer", "initializer": "mxjax.initializer",
    "optimizer": "mxjax.optimizer", "lr_scheduler": "mxjax.lr_scheduler",
    "metric": "mxjax.metric", "test_utils": "mxjax.test_utils", "io": "mxjax.io",
    "profiler": "mxjax.profiler", "util": "mxjax.util", "kvstore": "mxjax.kvstore",
}


def install_mxnet_alias():
    """Make ``import mxnet`` (and its submodules) give mxjax's modules.

    Returns
    -------
    module
        The ``mxjax`` package, now also ``sys.modules['mxnet']``.
    """
    import mxjax
    sys.modules["mxnet"] = mxjax
    table = dict(MXNET_SUBMODULES)
    for name, target in _OPTIONAL.items():
        try:
            importlib.import_module(target)
        except ImportError:
            continue
        table[name] = target
    for name, target in table.items():
        mod = importlib.import_module(target)
        sys.modules["mxnet." + name] = mod
    return mxjax
