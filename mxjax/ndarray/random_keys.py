"""PRNG keys as operator inputs: a (seed, counter) pair turned into a JAX key inside
the operator, so a replayed graph reproduces the same random numbers."""
import jax


def key_from(pair):
    """A JAX PRNG key from the uint32 ``[seed, counter]`` input of a random operator."""
    return jax.random.fold_in(jax.random.PRNGKey(pair[0]), pair[1])
