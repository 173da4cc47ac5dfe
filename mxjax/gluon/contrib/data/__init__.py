"""``gluon.contrib.data``: IntervalSampler and language-model text datasets (WikiText-2,
WikiText-103) read from local files."""
from . import sampler
from . import text
from .sampler import IntervalSampler

__all__ = ["IntervalSampler", "sampler", "text"]
