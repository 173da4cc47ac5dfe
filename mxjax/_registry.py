"""Name -> class registries of the kind MXNet keeps for metrics and initializers."""
import warnings

__all__ = ["add", "alias"]


def add(registry, klass, name, kind):
    """Put ``klass`` into ``registry`` under ``name`` (default: its class name), lower-cased.

    Replacing an existing entry warns with MXNet's message for ``kind`` ('metric',
    'initializer').

    Parameters
    ----------
    registry : dict
    klass : type
    name : str or None
    kind : str

    Returns
    -------
    type
        ``klass``.
    """
    name = (klass.__name__ if name is None else name).lower()
    if name in registry:
        old = registry[name]
        warnings.warn("\033[91mNew %s %s.%s registered with name %s is"
                      "overriding existing %s %s.%s\033[0m"
                      % (kind, klass.__module__, klass.__name__, name,
                         kind, old.__module__, old.__name__),
                      UserWarning, stacklevel=3)
    registry[name] = klass
    return klass


def alias(register, aliases):
    """A class decorator calling ``register(klass, name)`` for each of ``aliases``."""
    def reg(klass):
        for name in aliases:
            register(klass, name)
        return klass
    return reg
