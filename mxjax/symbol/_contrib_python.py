"""The ``mx.sym.contrib`` functions MXNet writes in Python (not operators)."""
import math

from ..ndarray.contrib import _zipfian_counts
from . import random as _random

__all__ = ["rand_zipfian"]


def rand_zipfian(true_classes, num_sampled, range_max):
    """Symbolic :func:`mxjax.ndarray.contrib.rand_zipfian`.

    Parameters
    ----------
    true_classes : Symbol
        1-D target classes.
    num_sampled : int
    range_max : int

    Returns
    -------
    (Symbol, Symbol, Symbol)
        Sampled classes (int64), expected counts of the true and of the sampled classes.
    """
    log_range = math.log(range_max + 1)
    u = _random.uniform(0, log_range, shape=(num_sampled,), dtype="float64")
    sampled = (u.exp() - 1).astype("int64") % range_max
    return (sampled,) + _zipfian_counts(true_classes, sampled, log_range, num_sampled)
