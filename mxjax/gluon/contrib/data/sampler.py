"""``gluon.contrib.data.sampler``: the one MXNet sampler kept in contrib."""
from ...data.sampler import IntervalSampler

__all__ = ["IntervalSampler"]
