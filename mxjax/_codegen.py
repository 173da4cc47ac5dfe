"""Public functions and classes built from a spec by compiling a few generated lines.

For families of public names that differ only in their signatures (``nd.random``'s
samplers, the 1-D/2-D/3-D layers): the generated ``def`` (or ``class`` with its
``__init__``) has the exact signature, so ``inspect``, ``help()`` and Python's own
argument errors are those of hand-written code, and a call costs nothing extra. The
generated body only forwards to ordinary code. ``collections.namedtuple`` builds its
classes the same way.
"""
import inspect
import linecache

__all__ = ["parameters", "define", "docstring"]


def parameters(params):
    """The names and the defaults of a parameter list.

    Parameters
    ----------
    params : list of str or (str, object)
        Each a name, or a (name, default) pair; the pairs come last.

    Returns
    -------
    names : list of str
    defaults : tuple
        For the ``__defaults__`` of the function.
    """
    names = [p if isinstance(p, str) else p[0] for p in params]
    defaults = tuple(p[1] for p in params if not isinstance(p, str))
    for name in names:
        if not name.isidentifier():
            raise ValueError("not a parameter name: %r" % (name,))
    return names, defaults


def define(src, name, module, namespace):
    """Run ``src``, one ``def`` or ``class`` statement of ``name``, as code of ``module``.

    Parameters
    ----------
    src : str
        The source (no default values in it: set ``__defaults__`` on the result).
    name : str
        The name it defines.
    module : str
        The ``__module__`` of what it defines (its ``__qualname__`` is ``name``).
    namespace : dict
        The globals the generated code sees.

    Returns
    -------
    function or type
    """
    if not name.isidentifier():
        raise ValueError("not a name: %r" % (name,))
    filename = "<%s.%s>" % (module, name)
    scope = dict(namespace, __name__=module)
    exec(compile(src, filename, "exec"), scope)  # noqa: S102 - the source is generated here
    # tracebacks and inspect.getsource find the generated lines
    linecache.cache[filename] = (len(src), None, src.splitlines(True), filename)
    return scope[name]


def docstring(text):
    """``text``, written indented as a string argument, as the ``__doc__`` that the same
    text gets as the docstring of a module-level ``def`` or ``class``: the first line
    flush, the others indented by four spaces, and the indentation of the closing quotes
    kept when they stand on a line of their own.

    Parameters
    ----------
    text : str

    Returns
    -------
    str
    """
    lines = inspect.cleandoc(text).split("\n")
    body = ["    " + line if line else "" for line in lines[1:]]
    end = "\n    " if text.rstrip(" ").endswith("\n") else ""
    return "\n".join(lines[:1] + body) + end
