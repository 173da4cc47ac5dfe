"""JAX interop: to_jax/from_jax without copies, DLPack with NumPy/JAX/PyTorch,
functionalize under jit/grad/vmap against mxjax's own autograd, and Gluon
parameters as a JAX pytree (mxjax.interop)."""
import numpy as np
import jax
import jax.numpy as jnp
import pytest

import mxjax as mx
from mxjax import nd, autograd, interop
from mxjax.gluon import nn


def _mlp(bn=False):
    net = nn.HybridSequential()
    net.add(nn.Dense(8, activation="tanh", in_units=4))
    if bn:
        net.add(nn.BatchNorm(in_channels=8))
    net.add(nn.Dense(3, in_units=8))
    net.initialize(mx.init.Xavier())
    rng = np.random.RandomState(3)
    for _, p in sorted(net.collect_params().items()):
        if p.grad_req != "null":
            p.set_data(nd.array(rng.normal(scale=0.5, size=p.shape)))
    return net


X = np.random.RandomState(0).uniform(-1, 1, size=(5, 4)).astype(np.float32)


# --- single arrays ----------------------------------------------------------------

def test_to_jax_from_jax_share_the_buffer():
    a = jnp.arange(6, dtype=jnp.float32).reshape(2, 3)
    x = mx.from_jax(a)
    assert mx.to_jax(x) is a
    assert x.shape == (2, 3) and x.dtype == np.float32 and x.context == mx.cpu(0)
    y = nd.array([[1, 2], [3, 4]])
    j = mx.to_jax(y)
    assert isinstance(j, jax.Array) and mx.to_jax(mx.from_jax(j)) is j
    # an NDArray computed from a from_jax handle is an ordinary NDArray
    np.testing.assert_array_equal((x * 2).asnumpy(), np.arange(6).reshape(2, 3) * 2)


def test_from_jax_keeps_dtype_and_accepts_numpy():
    for dt in (jnp.float64, jnp.int32, jnp.float16):
        x = mx.from_jax(jnp.ones(3, dtype=dt))
        assert x.dtype == np.dtype(dt)
    x = mx.from_jax(np.array([1.5, 2.5], dtype=np.float32))
    assert isinstance(mx.to_jax(x), jax.Array)
    np.testing.assert_array_equal(x.asnumpy(), [1.5, 2.5])


def test_from_jax_handle_is_differentiable():
    x = mx.from_jax(jnp.array([0.5, -1.0, 2.0], dtype=jnp.float32))
    x.attach_grad()
    with autograd.record():
        y = (x * x * x).sum()
    y.backward()
    np.testing.assert_allclose(x.grad.asnumpy(), 3 * np.array([0.5, -1.0, 2.0]) ** 2, rtol=1e-6)


# --- DLPack ------------------------------------------------------------------------

def test_dlpack_numpy_round_trip():
    src = np.arange(12, dtype=np.float32).reshape(3, 4)
    x = nd.from_dlpack(src)
    assert x.shape == (3, 4) and x.dtype == np.float32
    np.testing.assert_array_equal(x.asnumpy(), src)
    back = np.from_dlpack(mx.to_jax(x))
    np.testing.assert_array_equal(back, src)
    # a capsule from to_dlpack_for_read, read back by nd.from_dlpack
    y = nd.from_dlpack(nd.to_dlpack_for_read(x + 1))
    np.testing.assert_array_equal(y.asnumpy(), src + 1)
    for dt in ("int32", "int64", "float64", "uint8"):
        z = nd.from_dlpack(np.arange(4, dtype=dt))
        assert z.dtype == np.dtype(dt)


def test_dlpack_jax_round_trip():
    a = jnp.linspace(0, 1, 5, dtype=jnp.float32)
    x = nd.from_dlpack(a)
    np.testing.assert_array_equal(x.asnumpy(), np.asarray(a))
    b = jax.dlpack.from_dlpack(mx.to_jax(x * 2))
    np.testing.assert_allclose(np.asarray(b), np.asarray(a) * 2)
    c = nd.array([1.0, 2.0])
    cap = c.to_dlpack_for_read()
    assert type(cap).__name__ == "PyCapsule"
    np.testing.assert_array_equal(nd.from_dlpack(cap).asnumpy(), [1.0, 2.0])
    with pytest.raises(mx.MXNetError):
        nd.from_dlpack(cap)  # a capsule is consumed once


def test_dlpack_write_capsule_does_not_alias_ndarrays():
    """Verified difference from MXNet 1.9.1: there ``b[:] = 5`` also sets ``a``."""
    a = nd.ones((2,))
    b = nd.from_dlpack(nd.to_dlpack_for_write(a))
    b[:] = 5
    np.testing.assert_array_equal(b.asnumpy(), [5, 5])
    np.testing.assert_array_equal(a.asnumpy(), [1, 1])


def test_dlpack_torch_round_trip():
    torch = pytest.importorskip("torch")
    t = torch.arange(6, dtype=torch.float32).reshape(2, 3)
    x = nd.from_dlpack(torch.utils.dlpack.to_dlpack(t))
    np.testing.assert_array_equal(x.asnumpy(), t.numpy())
    x2 = nd.from_dlpack(t)  # the __dlpack__ protocol
    np.testing.assert_array_equal(x2.asnumpy(), t.numpy())
    y = nd.array([[1.0, -2.0], [3.0, 4.5]])
    ty = torch.utils.dlpack.from_dlpack(y.to_dlpack_for_read())
    assert ty.dtype == torch.float32 and tuple(ty.shape) == (2, 2)
    np.testing.assert_array_equal(ty.numpy(), y.asnumpy())
    ti = torch.utils.dlpack.from_dlpack(nd.array([1, 2], dtype="int64").to_dlpack_for_read())
    assert ti.dtype == torch.int64


# --- functionalize: the same function under JAX transformations and mx autograd ----

def _f(x, w):
    h = nd.tanh(nd.dot(x, w))
    return (nd.relu(h) * nd.exp(-h)).sum(axis=1)


W = np.random.RandomState(1).normal(size=(4, 3)).astype(np.float32)


def test_functionalize_jit_matches_eager():
    pure = jax.jit(mx.functionalize(_f))
    got = pure(jnp.asarray(X), jnp.asarray(W))
    want = _f(nd.array(X), nd.array(W))
    assert isinstance(got, jax.Array)
    np.testing.assert_allclose(np.asarray(got), want.asnumpy(), rtol=1e-6, atol=1e-7)


def test_functionalize_grad_matches_autograd():
    pure = mx.functionalize(lambda x, w: _f(x, w).sum())
    gx, gw = jax.grad(lambda x, w: pure(x, w)[0], argnums=(0, 1))(jnp.asarray(X), jnp.asarray(W))
    x, w = nd.array(X), nd.array(W)
    x.attach_grad()
    w.attach_grad()
    with autograd.record():
        y = _f(x, w).sum()
    y.backward()
    np.testing.assert_allclose(np.asarray(gx), x.grad.asnumpy(), rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(np.asarray(gw), w.grad.asnumpy(), rtol=1e-5, atol=1e-7)
    assert np.abs(np.asarray(gw)).sum() > 0


def test_functionalize_vmap_matches_loop():
    per_row = mx.functionalize(lambda v, w: nd.tanh(nd.dot(v.reshape((1, -1)), w)).sum())
    got = jax.vmap(per_row, in_axes=(0, None))(jnp.asarray(X), jnp.asarray(W))
    want = [nd.tanh(nd.dot(nd.array(r).reshape((1, -1)), nd.array(W))).sum().asscalar()
            for r in X]
    np.testing.assert_allclose(np.asarray(got).reshape(-1), want, rtol=1e-6)


def test_functionalize_per_example_gradients():
    """jax.vmap(jax.grad(...)): per-example gradients, checked against autograd one by one."""
    loss = mx.functionalize(lambda w, v: nd.tanh(nd.dot(v.reshape((1, -1)), w)).sum())
    grads = jax.vmap(jax.grad(lambda w, v: loss(w, v)[0]), in_axes=(None, 0))(
        jnp.asarray(W), jnp.asarray(X))
    assert grads.shape == (5, 4, 3)
    for i, r in enumerate(X):
        w = nd.array(W)
        w.attach_grad()
        with autograd.record():
            y = nd.tanh(nd.dot(nd.array(r).reshape((1, -1)), w)).sum()
        y.backward()
        np.testing.assert_allclose(np.asarray(grads[i]), w.grad.asnumpy(), rtol=1e-5, atol=1e-7)


# --- Gluon parameters as a pytree ---------------------------------------------------

def test_params_to_pytree_keys_and_no_copy():
    net = _mlp(bn=True)
    tree = interop.params_to_pytree(net)
    assert list(tree) == ["0.weight", "0.bias", "1.gamma", "1.beta", "1.running_mean",
                          "1.running_var", "2.weight", "2.bias"]
    assert tree["0.weight"].shape == (8, 4) and tree["2.bias"].shape == (3,)
    assert tree["0.weight"] is mx.to_jax(net[0].weight.data())
    leaves = jax.tree_util.tree_leaves(tree)
    assert len(leaves) == 8 and all(isinstance(v, jax.Array) for v in leaves)


def test_pytree_round_trip_into_a_fresh_block():
    net = _mlp()
    tree = interop.params_to_pytree(net)
    fresh = _mlp()
    fresh_tree = jax.tree_util.tree_map(lambda v: v * 0 + 1, tree)
    interop.pytree_to_params(fresh, fresh_tree)
    np.testing.assert_array_equal(fresh[0].weight.data().asnumpy(), np.ones((8, 4)))
    interop.pytree_to_params(fresh, tree)
    x = nd.array(X)
    np.testing.assert_array_equal(fresh(x).asnumpy(), net(x).asnumpy())
    # numpy values and partial updates
    interop.pytree_to_params(fresh, {"1.bias": np.array([1, 2, 3], np.float32)},
                             allow_missing=True)
    np.testing.assert_array_equal(fresh[1].bias.data().asnumpy(), [1, 2, 3])


def test_pytree_to_params_errors():
    net = _mlp()
    tree = interop.params_to_pytree(net)
    with pytest.raises(mx.MXNetError, match="no values"):
        interop.pytree_to_params(net, {"0.weight": tree["0.weight"]})
    with pytest.raises(mx.MXNetError, match="has no parameters"):
        interop.pytree_to_params(net, dict(tree, extra=jnp.zeros(2)))
    with pytest.raises(mx.MXNetError, match="shape"):
        interop.pytree_to_params(net, dict(tree, **{"0.bias": jnp.zeros(5)}))


def test_block_to_jax_grad_matches_gluon_autograd():
    net = _mlp(bn=True)
    tree = interop.params_to_pytree(net)
    apply = interop.block_to_jax(net, train_mode=True)
    out = jax.jit(apply)(tree, jnp.asarray(X))
    grads = jax.grad(lambda p, x: (apply(p, x) ** 2).sum())(tree, jnp.asarray(X))
    x = nd.array(X)
    with autograd.record():
        y = net(x)
        loss = (y ** 2).sum()
    loss.backward()
    np.testing.assert_allclose(np.asarray(out), y.asnumpy(), rtol=1e-5, atol=1e-6)
    for name, param in net._collect_params_with_prefix().items():
        if param.grad_req == "null":
            continue
        np.testing.assert_allclose(np.asarray(grads[name]), param.grad().asnumpy(),
                                   rtol=1e-4, atol=1e-6, err_msg=name)


def test_block_to_jax_predict_mode_and_hybridized_block():
    net = _mlp(bn=True)
    apply = jax.jit(interop.block_to_jax(net))
    tree = interop.params_to_pytree(net)
    want = net(nd.array(X)).asnumpy()
    np.testing.assert_allclose(np.asarray(apply(tree, jnp.asarray(X))), want, rtol=1e-6)
    net.hybridize()
    np.testing.assert_allclose(np.asarray(apply(tree, jnp.asarray(X))), want, rtol=1e-6)
    hybrid_apply = jax.jit(interop.block_to_jax(net))
    np.testing.assert_allclose(np.asarray(hybrid_apply(tree, jnp.asarray(X))), want, rtol=1e-6)


def test_jax_sgd_step_written_back_trains_the_block():
    """A training step done entirely in JAX, written back with pytree_to_params."""
    net = _mlp()
    apply = interop.block_to_jax(net)
    labels = jnp.asarray(np.array([0, 1, 2, 1, 0]))

    def loss(p, x):
        logits = apply(p, x)
        return -jnp.mean(jax.nn.log_softmax(logits)[jnp.arange(5), labels])

    step = jax.jit(lambda p, x: jax.tree_util.tree_map(
        lambda v, g: v - 0.5 * g, p, jax.grad(loss)(p, x)))
    tree = interop.params_to_pytree(net)
    before = float(loss(tree, jnp.asarray(X)))
    for _ in range(20):
        tree = step(tree, jnp.asarray(X))
    interop.pytree_to_params(net, tree)
    after = float(loss(interop.params_to_pytree(net), jnp.asarray(X)))
    assert after < before * 0.5
    # the Gluon block now computes with the JAX-trained weights
    np.testing.assert_allclose(net(nd.array(X)).asnumpy(), np.asarray(apply(tree, jnp.asarray(X))),
                               rtol=1e-5, atol=1e-6)
