"""``mx.registry``: name -> class factories for subclasses of a base class.

MXNet keeps one registry per base class; libraries built on MXNet (GluonNLP's
datasets, GluonCV's) make their own with these functions. Names are lower-cased;
``create`` accepts a name, an instance, a dict config or a JSON string.
"""
import json

from . import _registry
from .base import MXNetError

__all__ = ["get_registry", "get_register_func", "get_alias_func", "get_create_func"]

_REGISTRY = {}


def _table(base_class):
    return _REGISTRY.setdefault(base_class, {})


def get_registry(base_class):
    """A copy of the registry of ``base_class`` (name -> class).

    Parameters
    ----------
    base_class : type

    Returns
    -------
    dict
    """
    return dict(_table(base_class))


def get_register_func(base_class, nickname):
    """A function ``register(klass, name=None)`` adding a subclass of ``base_class``.

    Parameters
    ----------
    base_class : type
    nickname : str
        What the classes are called in messages (``'dataset'``).

    Returns
    -------
    callable
    """
    table = _table(base_class)

    def register(klass, name=None):
        if not (isinstance(klass, type) and issubclass(klass, base_class)):
            raise MXNetError("Can only register subclass of %s" % base_class.__name__)
        return _registry.add(table, klass, name, nickname)

    register.__doc__ = "Register %s to the %s factory" % (nickname, nickname)
    return register


def get_alias_func(base_class, nickname):
    """A decorator factory ``alias(*names)`` registering a class under several names.

    Parameters
    ----------
    base_class : type
    nickname : str

    Returns
    -------
    callable
    """
    register = get_register_func(base_class, nickname)

    def alias(*aliases):
        return _registry.alias(register, aliases)
    return alias


def get_create_func(base_class, nickname):
    """A function ``create(name_or_config, *args, **kwargs)`` making an instance.

    ``name_or_config`` is a registered name (any case), an instance of
    ``base_class`` (returned as is), a dict of keyword arguments including
    ``nickname``, or a JSON string ``'["name", {kwargs}]'`` / ``'{kwargs}'``.

    Parameters
    ----------
    base_class : type
    nickname : str

    Returns
    -------
    callable
    """
    table = _table(base_class)

    def create(*args, **kwargs):
        if args:
            name, args = args[0], args[1:]
        elif nickname in kwargs:
            name = kwargs.pop(nickname)
        else:
            raise MXNetError("create %s: give the %s's name" % (nickname, nickname))
        if isinstance(name, base_class):
            if args or kwargs:
                raise MXNetError("%s is already an instance. Additional arguments are invalid"
                                 % nickname)
            return name
        if isinstance(name, dict):
            return create(**name)
        if not isinstance(name, str):
            raise MXNetError("%s must be of string type" % nickname)
        if name.startswith("["):
            if args or kwargs:
                raise MXNetError("create %s: a JSON config takes no other arguments" % nickname)
            name, kwargs = json.loads(name)
            return create(name, **kwargs)
        if name.startswith("{"):
            if args or kwargs:
                raise MXNetError("create %s: a JSON config takes no other arguments" % nickname)
            return create(**json.loads(name))
        key = name.lower()
        if key not in table:
            raise MXNetError("%s is not registered. Please register with %s.register first"
                             % (key, nickname))
        return table[key](*args, **kwargs)

    create.__doc__ = "Create a %s instance from a name or config." % nickname
    return create
