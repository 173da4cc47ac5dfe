"""``import mxnet`` resolved to mxjax, so legacy programs run unchanged.

An import hook (a ``sys.meta_path`` finder), not a list: every ``mxnet.X.Y``
resolves to the one module object ``mxjax.X.Y`` (after the renames in
``RENAMES``), so classes, registries and module state are shared, whatever
path the user's code imports them by.  The top-level ``mxnet`` is a thin view of
``mxjax`` that reports the MXNet version mxjax implements (``1.9.1``), so that
libraries checking ``mxnet.__version__`` accept it; ``mxjax.__version__`` stays
mxjax's own.
"""
import importlib
import importlib.abc
import importlib.util
import sys
import types

__all__ = ["install_mxnet_alias", "mxjax_module_name", "MXNET_VERSION", "RENAMES"]

#: The MXNet release whose API mxjax implements.
MXNET_VERSION = "1.9.1"

# MXNet module paths that mxjax names differently (longest prefix wins).
RENAMES = {
    "nd": "ndarray", "sym": "symbol", "init": "initializer", "kv": "kvstore",
    "mod": "module", "np": "numpy", "npx": "numpy_extension", "viz": "visualization",
    "mon": "monitor", "img": "image",
    "ndarray.numpy": "numpy", "ndarray.numpy_extension": "numpy_extension",
    "symbol.numpy": "symbol", "symbol.numpy_extension": "symbol",
}


def mxjax_module_name(name):
    """The mxjax module that serves the MXNet module ``name`` (``mxnet.X`` -> ``mxjax.X``).

    Parameters
    ----------
    name : str
        A dotted module name starting with ``mxnet``.

    Returns
    -------
    str or None
        The mxjax module name, or None when ``name`` is not an ``mxnet`` path.
    """
    if name == "mxnet":
        return "mxjax"
    if not name.startswith("mxnet."):
        return None
    rest = name[len("mxnet."):]
    parts = rest.split(".")
    for cut in range(len(parts), 0, -1):
        head = ".".join(parts[:cut])
        if head in RENAMES:
            rest = ".".join([RENAMES[head]] + parts[cut:])
            break
    return "mxjax." + rest


class _MXNetView(types.ModuleType):
    """``sys.modules['mxnet']``: every attribute is mxjax's, except ``__version__``."""

    def __getattr__(self, name):
        return getattr(sys.modules["mxjax"], name)

    def __setattr__(self, name, value):
        if name.startswith("__") and name.endswith("__"):
            types.ModuleType.__setattr__(self, name, value)
        else:
            setattr(sys.modules["mxjax"], name, value)

    def __dir__(self):
        return sorted(set(dir(sys.modules["mxjax"])) | {"__version__"})


class _MXNetFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds ``mxnet.*`` modules and loads them as the existing mxjax module objects."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname == "mxnet" or not fullname.startswith("mxnet."):
            return None
        real = mxjax_module_name(fullname)
        if real in sys.modules:
            found = True
        else:
            try:
                found = importlib.util.find_spec(real) is not None
            except (ImportError, AttributeError, ValueError):
                found = False
        if not found:
            return None
        return importlib.util.spec_from_loader(fullname, self, is_package=True)

    def create_module(self, spec):
        module = importlib.import_module(mxjax_module_name(spec.name))
        # importlib stamps the new spec on the module it gets back; keep mxjax's own.
        self._saved = getattr(module, "__spec__", None), getattr(module, "__loader__", None)
        return module

    def exec_module(self, module):
        spec, loader = self._saved
        module.__spec__ = spec
        module.__loader__ = loader


_FINDER = _MXNetFinder()


def _make_view(mxjax):
    view = _MXNetView("mxnet", mxjax.__doc__)
    for key in ("__file__", "__path__", "__package__"):
        if hasattr(mxjax, key):
            types.ModuleType.__setattr__(view, key, getattr(mxjax, key))
    types.ModuleType.__setattr__(view, "__version__", MXNET_VERSION)
    types.ModuleType.__setattr__(view, "__spec__", mxjax.__spec__)
    return view


def install_mxnet_alias():
    """Make ``import mxnet`` (and every ``mxnet.X`` submodule) give mxjax's modules.

    After the call, ``import mxnet.gluon.block`` gives the module object
    ``mxjax.gluon.block``; ``mxnet.__version__`` is the MXNet version mxjax
    implements (``'1.9.1'``) while ``mxjax.__version__`` is mxjax's own. NumPy's
    aliases removed in 1.24 that MXNet-era code uses (``np.float``, ``np.int``, ...)
    are put back (:func:`mxjax.legacy_numpy.restore_numpy_aliases`).

    Returns
    -------
    module
        The ``mxnet`` module: a view whose attributes are ``mxjax``'s.
    """
    import mxjax
    from .legacy_numpy import restore_numpy_aliases
    restore_numpy_aliases()
    if _FINDER not in sys.meta_path:
        sys.meta_path.insert(0, _FINDER)
    view = sys.modules.get("mxnet")
    if not isinstance(view, _MXNetView):
        view = _make_view(mxjax)
        sys.modules["mxnet"] = view
    # Submodules already imported under their mxjax names get their mxnet names now.
    for name, module in list(sys.modules.items()):
        if name.startswith("mxjax.") and module is not None:
            sys.modules.setdefault("mxnet." + name[len("mxjax."):], module)
    for short, real in RENAMES.items():
        module = sys.modules.get("mxjax." + real)
        if module is not None:
            sys.modules.setdefault("mxnet." + short, module)
    return view
