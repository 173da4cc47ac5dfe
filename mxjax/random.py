"""Random state: ``mx.random.seed`` and the keys that random operators consume.

Each random operator call takes the next ``(seed, counter)`` pair as an input;
the operator derives its JAX key from it, so a replayed graph reproduces the
same numbers, and re-seeding reproduces a whole run.
"""
from .core import state as _state
from .base import integer_types  # noqa: F401  (names of MXNet's mx.random namespace)
from .context import Context  # noqa: F401

__all__ = ["seed", "uniform", "normal", "randn", "randint", "shuffle", "multinomial",
           "exponential", "gamma", "poisson", "negative_binomial",
           "generalized_negative_binomial",
           "Context", "integer_types"]  # MXNet's module exports these two to star-imports

def seed(seed_state, ctx="all"):
    """Seed every random operator (all contexts share one generator in mxjax).

    Parameters
    ----------
    seed_state : int
    ctx : Context or 'all'
    """
    _state.seed(seed_state)


def next_key(ctx=None):
    """The next ``uint32[2]`` key input for a random operator."""
    return _state.next_key()


def __getattr__(name):
    # mx.random.uniform etc. are nd.random's functions
    from .ndarray import random as _ndrandom
    try:
        return getattr(_ndrandom, name)
    except AttributeError:
        raise AttributeError("module 'mxjax.random' has no attribute %r" % name) from None
