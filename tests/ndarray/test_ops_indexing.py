"""Index operators (mxjax/ndarray/ops/indexing_ops.py): pick's gradient."""
import numpy as np
import pytest

import mxjax as mx


# pick's gradient is a select (ops/indexing_ops._take_along), not the scatter-add of
# take_along_axis's own transpose, which XLA:CPU runs as a loop over the rows

def _pick_reference(data, index, axis, keepdims, mode):
    import jax.numpy as jnp
    from mxjax.ndarray.ops.indexing_ops import _bound, as_index
    ax = axis % data.ndim
    kept = list(data.shape)
    kept[ax] = 1
    idx = _bound(as_index(index), data.shape[ax], mode).reshape(kept)
    out = jnp.take_along_axis(data, idx, axis=ax, mode="clip")
    return out if keepdims else jnp.squeeze(out, ax)


@pytest.mark.parametrize("shape, axis", [((6, 5), -1), ((4, 5, 3), 1), ((3, 7), 0)])
@pytest.mark.parametrize("mode", ["clip", "wrap"])
@pytest.mark.parametrize("keepdims", [False, True])
def test_pick_gradient_matches_take_along_axis(shape, axis, mode, keepdims):
    import jax
    import jax.numpy as jnp
    from mxjax.ndarray.ops.indexing_ops import pick
    rng = np.random.RandomState(3)
    x = jnp.asarray(rng.randn(*shape).astype(np.float32))
    kept = list(shape)
    kept.pop(axis % len(shape))
    index = jnp.asarray(rng.randint(-2, shape[axis] + 2, size=kept).astype(np.float32))

    def ours(d):
        return jnp.sum(jnp.sin(pick(d, index, axis=axis, keepdims=keepdims, mode=mode)))

    def ref(d):
        return jnp.sum(jnp.sin(_pick_reference(d, index, axis, keepdims, mode)))
    np.testing.assert_array_equal(np.asarray(jax.grad(ours)(x)), np.asarray(jax.grad(ref)(x)))
    second = jax.grad(lambda d: jnp.sum(jax.grad(ours)(d) ** 2))(x)
    second_ref = jax.grad(lambda d: jnp.sum(jax.grad(ref)(d) ** 2))(x)
    np.testing.assert_allclose(np.asarray(second), np.asarray(second_ref), rtol=1e-6)


def test_pick_gradient_keeps_nan_elsewhere_out_and_compiles_without_a_scatter():
    import jax
    import jax.numpy as jnp
    from mxjax.ndarray.ops.indexing_ops import pick
    x = jnp.asarray(np.array([[1.0, np.nan, 3.0], [np.inf, 2.0, 0.5]], np.float32))
    index = jnp.asarray(np.array([2.0, 1.0], np.float32))
    g = jax.grad(lambda d: jnp.sum(pick(d, index)))(x)
    np.testing.assert_array_equal(np.asarray(g), [[0, 0, 1], [0, 1, 0]])
    big = jnp.ones((128, 10), jnp.float32)
    labels = jnp.asarray(np.arange(128) % 10, jnp.float32)
    cot = jnp.ones((128,), jnp.float32)
    vjp = jax.jit(lambda d, c: jax.vjp(lambda z: pick(z, labels), d)[1](c)[0])
    text = vjp.lower(big, cot).compile().as_text()
    assert "scatter" not in text and "while(" not in text


def test_pick_gradient_through_autograd_matches_mxnet_semantics():
    data = mx.nd.array(np.arange(12, dtype=np.float32).reshape(3, 4))
    index = mx.nd.array([0, 3, 9])   # 9 is clipped to 3
    data.attach_grad()
    with mx.autograd.record():
        out = mx.nd.pick(data, index) * mx.nd.array([1, 2, 3])
    out.backward()
    want = np.zeros((3, 4), np.float32)
    want[0, 0], want[1, 3], want[2, 3] = 1, 2, 3
    np.testing.assert_array_equal(data.grad.asnumpy(), want)
