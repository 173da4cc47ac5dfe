"""``gluon.model_zoo``: predefined networks (``vision``) and the local store of their
pretrained parameter files (``model_store``)."""
from . import model_store
from . import vision

__all__ = ["model_store", "vision"]
