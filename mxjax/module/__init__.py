"""``mx.mod``: the symbolic training API (``Module``, ``BucketingModule``,
``SequentialModule``)."""
from .module import Module  # noqa: F401
from .bucketing_module import BucketingModule  # noqa: F401
from .sequential_module import SequentialModule  # noqa: F401

__all__ = ["Module", "BucketingModule", "SequentialModule"]
