"""Random sampling operators (``_random_*``); the PRNG key is their first input."""
import jax
import jax.numpy as jnp

from ...base import np_dtype
from ..registry import register
from ..random_keys import key_from


def _shape(shape):
    if shape is None:
        return ()
    if isinstance(shape, int):
        return (shape,)
    return tuple(shape)


@register("_random_uniform", aliases=("uniform", "random_uniform"), random=True)
def random_uniform(key, *, low=0.0, high=1.0, shape=(), dtype="float32"):
    """Samples from U[low, high)."""
    dt = np_dtype(dtype)
    u = jax.random.uniform(key_from(key), _shape(shape), dtype=jnp.float32
                           if dt != jnp.float64 else jnp.float64)
    return (low + (high - low) * u).astype(dt)


@register("_random_normal", aliases=("normal", "random_normal"), random=True)
def random_normal(key, *, loc=0.0, scale=1.0, shape=(), dtype="float32"):
    """Samples from N(loc, scale**2)."""
    dt = np_dtype(dtype)
    z = jax.random.normal(key_from(key), _shape(shape), dtype=jnp.float32
                          if dt != jnp.float64 else jnp.float64)
    return (loc + scale * z).astype(dt)
