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


def keep_none_first_attr(op_name):
    """Expose ``mx.nd.<op_name>`` so that its first attribute may be given as None.

    The generated functions drop keyword arguments that are None (they mean "the
    default"); for operators whose first attribute (``axis``) gives None its own
    meaning, a keyword None is passed on positionally, which they keep.
    """
    from ..registry import get_op
    from ..frontend import make_function
    op = get_op(op_name)
    first = next(iter(op.attr_defaults))
    base = make_function(op, op_name)
    n_arr = len(op.array_args)

    def fn(*args, **kwargs):
        if first in kwargs and kwargs[first] is None and len(args) <= n_arr:
            kwargs.pop(first)
            args = tuple(args) + tuple(kwargs.pop(a) for a in op.array_args[len(args):]
                                       if a in kwargs)
            if len(args) == n_arr:
                args = args + (None,)
        return base(*args, **kwargs)

    fn.__name__ = op_name
    fn.__qualname__ = op_name
    fn.__doc__ = base.__doc__
    nd_function(fn, name=op_name)
    return fn
