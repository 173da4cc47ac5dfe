"""``mx.mod``: the symbolic training API (``Module``)."""
from .module import Module  # noqa: F401

__all__ = ["Module"]
