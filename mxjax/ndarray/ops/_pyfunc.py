"""Python-level functions of ``mx.nd`` that are not one operator call.

MXNet writes a few ``mx.nd`` functions in Python on top of its operators
(``concatenate``, ``histogram``, ``onehot_encode``, ``contrib.boolean_mask`` needs
the mask's values to know its output shape). ``nd_function`` puts such a function
into the namespace while the operators are being registered; the generated
namespace keeps a name that is already there.
"""
import importlib
import sys

_NAMESPACES = {None: "mxjax.ndarray", "contrib": "mxjax.ndarray.contrib"}


def nd_function(fn=None, *, sub=None, name=None):
    """Expose ``fn`` as ``mx.nd.<name>`` (``sub='contrib'``: ``mx.nd.contrib.<name>``)."""
    def deco(f):
        modname = _NAMESPACES[sub]
        mod = sys.modules.get(modname)
        if mod is None:
            mod = importlib.import_module(modname)
        setattr(mod, name or f.__name__, f)
        return f
    return deco(fn) if fn is not None else deco
