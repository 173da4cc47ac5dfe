"""What a backward pass leaves behind (``retain_graph=False``): outputs recorded in the same
scope but not part of the backward stay readable, as in MXNet (which computes every
recorded output)."""
import numpy as np

import mxjax as mx


def _unroll(backward):
    mx.random.seed(7)
    cell = mx.gluon.rnn.RNNCell(4)
    cell.initialize(mx.init.Uniform(0.3))
    x = mx.nd.array(np.linspace(-1, 1, 30).reshape(3, 2, 5))
    begin = [mx.nd.array(np.linspace(0, 0.5, 8).reshape(2, 4))]
    with mx.autograd.record():
        out, states = cell.unroll(3, x, begin, valid_length=mx.nd.array([2, 3]),
                                  layout="TNC", merge_outputs=True)
    if backward:
        out.backward()
    return out.asnumpy(), states[0].asnumpy()


def test_states_outside_the_backward_are_readable_after_it():
    out_b, state_b = _unroll(backward=True)
    out_f, state_f = _unroll(backward=False)
    np.testing.assert_allclose(out_b, out_f, rtol=1e-6)
    np.testing.assert_allclose(state_b, state_f, rtol=1e-6)


def test_a_pending_output_of_a_released_graph_is_computed_when_read():
    x = mx.nd.array([1.0, 2.0, 3.0])
    x.attach_grad()
    with mx.autograd.record():
        h = x * 2
        loss = (h * h).sum()
        side = mx.nd.exp(h)       # not part of the backward pass
        chain = side
        for _ in range(40):       # a long pending chain beyond the released graph
            chain = chain * 1.01
    loss.backward()
    np.testing.assert_allclose(x.grad.asnumpy(), 8 * np.array([1.0, 2.0, 3.0]))
    np.testing.assert_allclose(chain.asnumpy(), np.exp([2.0, 4.0, 6.0]) * 1.01 ** 40,
                               rtol=1e-5)


def test_cached_backward_program_keeps_no_inputs_alive():
    # a compiled VJP program stays in the program cache: it must not hold the plan that
    # built it (the plan's variables keep the inputs and their gradient buffers)
    import gc
    import jax
    big = 10 ** 6

    def live_big():
        return sum(a.size >= big for a in jax.live_arrays())

    before = live_big()
    for _ in range(3):
        y = mx.nd.random.uniform(shape=(1000, 1000))
        y.attach_grad()
        with mx.autograd.record():
            z = (y * 2).sum()
        z.backward()
        del y, z
        gc.collect()
        assert live_big() == before
