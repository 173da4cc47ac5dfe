"""gluon.contrib.rnn.LSTMPCell: MXNet's parameter names/shapes, values against a NumPy
version of its formula, gradients against jax.grad of that formula."""
import numpy as np
import jax
import jax.numpy as jnp

import mxjax as mx
from mxjax.gluon.contrib.rnn import LSTMPCell


def _step(x, r, c, w):
    sig = lambda v: 1 / (1 + jnp.exp(-v))  # noqa: E731
    g = x @ w["i2h_weight"].T + w["i2h_bias"] + r @ w["h2h_weight"].T + w["h2h_bias"]
    i, f, t, o = jnp.split(g, 4, axis=1)
    c = sig(f) * c + sig(i) * jnp.tanh(t)
    h = sig(o) * jnp.tanh(c)
    return h @ w["h2r_weight"].T, c


def test_lstmp_cell_matches_formula():
    cell = LSTMPCell(6, 3, prefix="lstmp_")
    cell.initialize(mx.init.Uniform(0.5))
    x = np.random.RandomState(0).uniform(-1, 1, (2, 4, 5)).astype(np.float32)
    X = mx.nd.array(x)
    X.attach_grad()
    with mx.autograd.record():
        out, (r, c) = cell.unroll(4, X, layout="NTC", merge_outputs=True)
        loss = (out * out).sum() + c.sum()
    loss.backward()
    names = {k[len("lstmp_"):]: v for k, v in cell.collect_params().items()}
    assert {k: v.shape for k, v in names.items()} == {
        "i2h_weight": (24, 5), "h2h_weight": (24, 3), "h2r_weight": (3, 6),
        "i2h_bias": (24,), "h2h_bias": (24,)}
    w = {k: jnp.asarray(v.data().asnumpy()) for k, v in names.items()}

    def ref(xs):
        r, c, outs = jnp.zeros((2, 3)), jnp.zeros((2, 6)), []
        for t in range(4):
            r, c = _step(xs[:, t], r, c, w)
            outs.append(r)
        o = jnp.stack(outs, 1)
        return (o * o).sum() + c.sum(), (o, c)

    (_, (o_ref, c_ref)), g_ref = jax.value_and_grad(ref, has_aux=True)(jnp.asarray(x))
    np.testing.assert_allclose(out.asnumpy(), o_ref, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(c.asnumpy(), c_ref, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(X.grad.asnumpy(), g_ref, rtol=1e-4, atol=1e-5)
    assert repr(cell) == "LSTMPCell(5 -> 24 -> 3)"
