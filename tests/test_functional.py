"""functionalize / to_jax / from_jax: mx.nd code as pure JAX functions."""
import numpy as np
import jax
import jax.numpy as jnp

import mxjax as mx
from mxjax import nd, autograd


def test_functionalize_grad_matches_autograd():
    def f(x):
        return (nd.tanh(x) * nd.exp(x)).sum()
    xs = np.array([0.1, -0.4, 0.7], dtype=np.float32)
    g_jax = jax.grad(lambda a: mx.functionalize(f)(a)[0])(jnp.asarray(xs))
    x = nd.array(xs)
    x.attach_grad()
    with autograd.record():
        y = f(x)
    y.backward()
    np.testing.assert_allclose(np.asarray(g_jax), x.grad.asnumpy(), rtol=1e-6)


def test_functionalize_under_jit_and_vmap():
    f = mx.functionalize(lambda x: nd.sum(x * x, axis=1))
    xs = jnp.arange(6, dtype=jnp.float32).reshape(2, 3)
    np.testing.assert_allclose(jax.jit(f)(xs), [5.0, 50.0])
    np.testing.assert_allclose(jax.vmap(mx.functionalize(lambda v: nd.sum(v * v)))(xs)[:, 0],
                               [5.0, 50.0])


def test_functionalize_rng_and_updates():
    def f(x, state):
        state[:] = state + 1
        return nd.Dropout(x, p=0.5)
    pure = jax.jit(mx.functionalize(f, return_updates=True, train_mode=True))
    ones = jnp.ones(64, dtype=jnp.float32)
    (a, upd) = pure(ones, jnp.zeros(2, dtype=jnp.float32), rng=np.array([1, 1], np.uint32))
    (b, _) = pure(ones, jnp.zeros(2, dtype=jnp.float32), rng=np.array([1, 2], np.uint32))
    (c, _) = pure(ones, jnp.zeros(2, dtype=jnp.float32), rng=np.array([1, 1], np.uint32))
    assert not np.array_equal(np.asarray(a), np.asarray(b))
    np.testing.assert_array_equal(np.asarray(a), np.asarray(c))
    assert list(upd) == [1]
    np.testing.assert_array_equal(np.asarray(upd[1]), [1.0, 1.0])


def test_to_from_jax_no_copy():
    x = nd.array([1.0, 2.0])
    j = mx.to_jax(x)
    assert isinstance(j, jax.Array)
    y = mx.from_jax(j)
    assert mx.to_jax(y) is j and y.context == mx.cpu()
