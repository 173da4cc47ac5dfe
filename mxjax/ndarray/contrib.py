"""``mx.nd.contrib``: generated from the ``_contrib_*`` operators."""
from .control_flow import foreach, while_loop, cond  # noqa: E402,F401
# the AdamW updates (Python functions over registered operators, as in MXNet)
from .ops import optimizer_contrib  # noqa: E402,F401


def rand_zipfian(true_classes, num_sampled, range_max, ctx=None):
    """Sample classes from an approximately log-uniform (Zipfian) distribution.

    ``P(class) = (log(class + 2) - log(class + 1)) / log(range_max + 1)``; classes are
    drawn with replacement.

    Parameters
    ----------
    true_classes : NDArray
        1-D target classes.
    num_sampled : int
        Number of classes to sample.
    range_max : int
        Number of possible classes.
    ctx : Context, optional
        Device of the outputs (default: the current context).

    Returns
    -------
    (NDArray, NDArray, NDArray)
        The sampled classes (int64, ``(num_sampled,)``), the expected count of each true
        class and of each sampled class (float64).
    """
    import math
    from ..context import current_context
    from . import random as _random
    if ctx is None:
        ctx = current_context()
    log_range = math.log(range_max + 1)
    u = _random.uniform(0, log_range, shape=(num_sampled,), dtype="float64", ctx=ctx)
    sampled = (u.exp() - 1).astype("int64") % range_max
    return (sampled,) + _zipfian_counts(true_classes.as_in_context(ctx), sampled, log_range,
                                        num_sampled)


def _zipfian_counts(true_classes, sampled, log_range, num_sampled):
    """Expected counts of ``true_classes`` and ``sampled`` (NDArrays or Symbols)."""
    def count(classes):
        c = classes.astype("float64")
        return ((c + 2.0) / (c + 1.0)).log() / log_range * num_sampled
    return count(true_classes), count(sampled)
