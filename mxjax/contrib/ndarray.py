"""``mx.contrib.ndarray`` (also ``mx.contrib.nd``): MXNet's name for the operators of
``mx.nd.contrib``."""
from ..ndarray.contrib import *  # noqa: F401,F403
from ..ndarray import contrib as _contrib

__all__ = [n for n in dir(_contrib) if not n.startswith("_")]


def __getattr__(name):
    return getattr(_contrib, name)
