"""``mx.contrib.symbol`` (also ``mx.contrib.sym``): MXNet's name for the operators of
``mx.sym.contrib``."""
from ..symbol import contrib as _contrib

__all__ = [n for n in dir(_contrib) if not n.startswith("_")]


def __getattr__(name):
    return getattr(_contrib, name)
