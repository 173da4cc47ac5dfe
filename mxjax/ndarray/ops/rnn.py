"""The fused recurrent operator ``RNN`` (rnn_relu, rnn_tanh, lstm, gru) on ``lax.scan``.

Parameters come as one flat vector in MXNet's layout: first every weight — per
layer, per direction: i2h ``(G*H, in)``, h2h ``(G*H, H or P)`` and, with a
projection, h2r ``(P, H)`` — then every bias in the same order (i2h ``(G*H,)``,
h2h ``(G*H,)``). Gate order: LSTM i, f, g, o; GRU r, z, n with
``n = tanh(W_n x + b_n + r * (U_n h + c_n))``.
"""
from functools import partial

import numpy as np
import jax
import jax.numpy as jnp

from ...base import MXNetError, shape_str
from ...core.cache import jit_later
from ..registry import register
from ..random_keys import key_from

_GATES = {"rnn_relu": 1, "rnn_tanh": 1, "lstm": 4, "gru": 3}


def rnn_param_layout(mode, num_layers, bidirectional, input_size, state_size,
                     projection_size=None):
    """Offsets of every weight and bias in the flat parameter vector.

    Returns
    -------
    (layout, total) where ``layout[layer][direction]`` is a dict of
    ``name -> (offset, shape)`` for i2h_weight, h2h_weight, (h2r_weight,) i2h_bias,
    h2h_bias.
    """
    g = _GATES[mode]
    h = state_size
    p = projection_size or None
    d = 2 if bidirectional else 1
    layout = [[{} for _ in range(d)] for _ in range(num_layers)]
    off = 0
    ni = input_size
    for layer in range(num_layers):
        for direction in range(d):
            ent = layout[layer][direction]
            for name, shape in (("i2h_weight", (g * h, ni)), ("h2h_weight", (g * h, p or h))) \
                    + ((("h2r_weight", (p, h)),) if p else ()):
                ent[name] = (off, shape)
                off += int(np.prod(shape))
        ni = (p or h) * d
    for layer in range(num_layers):
        for direction in range(d):
            ent = layout[layer][direction]
            for name in ("i2h_bias", "h2h_bias"):
                ent[name] = (off, (g * h,))
                off += g * h
    return layout, off


@partial(jax.custom_vjp, nondiff_argnums=(1,))
def _unpack(parameters, spans):
    """The pieces ``(offset, shape)`` of ``spans`` (in offset order, covering the whole
    flat vector) of ``parameters``. Its gradient is one concatenation of the pieces'
    gradients, where slicing's own would add up one zero-padded copy of the whole
    vector per piece; a caller that concatenated the pieces (Gluon's RNN layers) gets
    its gradients back as slices of that concatenation, which XLA removes."""
    return tuple([parameters[off:off + int(np.prod(shape))].reshape(shape)
                  for off, shape in spans])


def _unpack_fwd(parameters, spans):
    return _unpack(parameters, spans), None


def _unpack_bwd(spans, _, cts):
    return (jnp.concatenate([c.ravel() for c in cts]),)


_unpack.defvjp(_unpack_fwd, _unpack_bwd)


def _cell(mode, clip, clip_nan):
    """The step function ``(h, c, xw_t, Wh, bh, Wr) -> (h, c)``."""
    def step(h, c, xw, wh, bh, wr):
        hw = jnp.matmul(h, wh.T)
        if bh is not None:   # else added to ``xw`` before the loop
            hw = hw + bh
        if mode == "rnn_tanh":
            return jnp.tanh(xw + hw), c
        if mode == "rnn_relu":
            return jax.nn.relu(xw + hw), c
        if mode == "gru":
            xr, xz, xn = jnp.split(xw, 3, axis=-1)
            hr, hz, hn = jnp.split(hw, 3, axis=-1)
            r = jax.nn.sigmoid(xr + hr)
            z = jax.nn.sigmoid(xz + hz)
            n = jnp.tanh(xn + r * hn)
            return (1 - z) * n + z * h, c
        gates = xw + hw
        i, f, gg, o = jnp.split(gates, 4, axis=-1)
        c = jax.nn.sigmoid(f) * c + jax.nn.sigmoid(i) * jnp.tanh(gg)
        if clip is not None:
            lo, hi = clip
            c2 = jnp.clip(c, lo, hi)
            if clip_nan:
                c2 = jnp.where(jnp.isnan(c), jnp.asarray(hi, c.dtype), c2)
            c = c2
        h = jax.nn.sigmoid(o) * jnp.tanh(c)
        if wr is not None:
            h = jnp.matmul(h, wr.T)
        return h, c
    return step


def _time_reverse(x, lengths):
    """Reverse each sequence along axis 0 within its own length."""
    if lengths is None:
        return jnp.flip(x, axis=0)
    t = jnp.arange(x.shape[0], dtype=jnp.int32)[:, None]
    idx = jnp.where(t < lengths[None, :], lengths[None, :] - 1 - t, t)
    idx = idx.reshape(idx.shape + (1,) * (x.ndim - 2))
    return jnp.take_along_axis(x, jnp.broadcast_to(idx, x.shape), axis=0)


def _run_direction(step, x, h0, c0, wx, bx, wh, bh, wr, reverse, lengths, hoist_bias=False):
    """One direction of one layer: outputs (T, N, H_out), final h and c. With
    ``hoist_bias`` (every mode but GRU, whose ``bh`` is partly inside the reset gate's
    product) the hidden bias joins the input projection computed before the loop."""
    if reverse:
        x = _time_reverse(x, lengths)
    if hoist_bias:   # both biases added once, outside the loop
        xw = jnp.matmul(x, wx.T) + (bx + bh)
        bh = None
    else:
        xw = jnp.matmul(x, wx.T) + bx
    if lengths is None:
        def body(carry, xw_t):
            h2, c2 = step(carry[0], carry[1], xw_t, wh, bh, wr)
            return (h2, c2), h2
        (h, c), out = jax.lax.scan(body, (h0, c0), xw)
    else:
        def body(carry, inp):
            h, c = carry
            t, xw_t = inp
            h2, c2 = step(h, c, xw_t, wh, bh, wr)
            live = (t < lengths)[:, None]
            h2 = jnp.where(live, h2, h)
            c2 = jnp.where(live, c2, c) if c is not None else None
            return (h2, c2), jnp.where(live, h2, jnp.zeros_like(h2))
        steps = jnp.arange(x.shape[0], dtype=jnp.int32)
        (h, c), out = jax.lax.scan(body, (h0, c0), (steps, xw))
    if reverse:
        out = _time_reverse(out, lengths)
    return out, h, c


_GATES = {"rnn_relu": 1, "rnn_tanh": 1, "lstm": 4, "gru": 3}


def _rnn_shapes(attrs, ins, outs):
    """Symbol shape rule: the packed parameter vector and the states from data (T, N, I)."""
    data = ins[0]
    if data and all(data):
        _, n, size = data
        h, layers = int(attrs["state_size"]), int(attrs["num_layers"])
        d = 2 if attrs.get("bidirectional", False) else 1
        g = _GATES[attrs["mode"]]
        if attrs.get("projection_size") is None:
            total = 0
            for layer in range(layers):
                inp = size if layer == 0 else h * d
                total += d * (g * h * (inp + h) + 2 * g * h)
            ins[1] = (total,)
        for i in (2, 3):
            if i < len(ins):
                ins[i] = (layers * d, n, h)
        if len(ins) > 4:
            ins[4] = (n,)
    return ins, outs


def _rnn_outputs(attrs):
    if not attrs.get("state_outputs", False):
        return 1
    return 3 if attrs.get("mode") == "lstm" else 2


@register("RNN", random=True, train_aware=True, shape_rule=_rnn_shapes,
          num_outputs=_rnn_outputs, compile_whole=True)
def rnn(key, data, parameters, state, state_cell=None, sequence_length=None, *, state_size,
        num_layers, bidirectional=False, mode, p=0.0, state_outputs=False,
        projection_size=None, lstm_state_clip_min=None, lstm_state_clip_max=None,
        lstm_state_clip_nan=False, use_sequence_length=False, _train=False):
    """Fused multi-layer (bidirectional) RNN, LSTM or GRU over a whole sequence.

    Parameters
    ----------
    data : NDArray, shape (seq_len, batch, input_size)
    parameters : NDArray
        All weights then all biases, flat (see the module docstring).
    state : NDArray, shape (num_layers * directions, batch, state_size or projection_size)
    state_cell : NDArray, optional
        The LSTM cell state, shape (num_layers * directions, batch, state_size).
    sequence_length : NDArray, shape (batch,), optional
        With ``use_sequence_length``: valid steps per sequence; outputs past it are 0
        and the final states are those at its last step (reverse direction starts there).
    state_size : int
    num_layers : int
    bidirectional : bool, default False
    mode : {'rnn_relu', 'rnn_tanh', 'lstm', 'gru'}
    p : float, default 0
        Dropout on the outputs of every layer but the last, while training.
    state_outputs : bool, default False
        Also return the final states (``[out, h]`` or, for LSTM, ``[out, h, c]``).
    projection_size : int, optional
        LSTM with a projection of the hidden state to this size.
    lstm_state_clip_min, lstm_state_clip_max : float, optional
        Clip the LSTM cell state after every step.
    lstm_state_clip_nan : bool, default False
        With clipping, a NaN cell state becomes ``lstm_state_clip_max``.
    use_sequence_length : bool, default False
    """
    if mode != "lstm" and state_cell is not None:
        # MXNet's inputs are a list: without a cell state, the 4th input is the lengths
        if sequence_length is not None:
            raise MXNetError("Operator RNN: mode=%r takes no state_cell input" % (mode,))
        sequence_length, state_cell = state_cell, None
    if mode not in _GATES:
        raise MXNetError("Operator RNN: Invalid Input: %r for mode, valid values are: "
                         "{'gru', 'lstm', 'rnn_relu', 'rnn_tanh'}" % (mode,))
    num_layers = int(num_layers)
    h = int(state_size)
    proj = int(projection_size) if projection_size else None
    if proj is not None and mode != "lstm":
        raise MXNetError("Operator RNN: projection_size is only supported for mode='lstm'")
    d = 2 if bidirectional else 1
    if data.ndim != 3:
        raise MXNetError("Operator RNN: data must be (seq_len, batch, input_size), got %s"
                         % shape_str(data.shape))
    T, N, I = data.shape
    layout, total = rnn_param_layout(mode, num_layers, bidirectional, I, h, proj)
    if parameters.shape != (total,):
        raise MXNetError("Operator RNN: Shape inconsistent, parameters of shape %s, expected "
                         "%s for mode=%s, num_layers=%d, bidirectional=%s, input_size=%d, "
                         "state_size=%d%s" % (shape_str(parameters.shape), shape_str((total,)),
                                              mode, num_layers, bool(bidirectional), I, h,
                                              ", projection_size=%d" % proj if proj else ""))
    hs = proj or h
    if state.shape != (num_layers * d, N, hs):
        raise MXNetError("Operator RNN: Shape inconsistent, state of shape %s, expected %s"
                         % (shape_str(state.shape), shape_str((num_layers * d, N, hs))))
    if mode == "lstm":
        if state_cell is None:
            raise MXNetError("Operator RNN: mode='lstm' needs a state_cell input")
        if state_cell.shape != (num_layers * d, N, h):
            raise MXNetError("Operator RNN: Shape inconsistent, state_cell of shape %s, "
                             "expected %s" % (shape_str(state_cell.shape),
                                              shape_str((num_layers * d, N, h))))
    lengths = None
    if use_sequence_length:
        if sequence_length is None:
            raise MXNetError("Operator RNN: use_sequence_length=True needs a "
                             "sequence_length input")
        if sequence_length.shape != (N,):
            raise MXNetError("Operator RNN: sequence_length of shape %s, expected %s"
                             % (shape_str(sequence_length.shape), shape_str((N,))))
        lengths = jnp.clip(jax.lax.stop_gradient(sequence_length).astype(jnp.int32), 0, T)
    clip = None
    if mode == "lstm" and (lstm_state_clip_min is not None or lstm_state_clip_max is not None):
        lo = -np.inf if lstm_state_clip_min is None else float(lstm_state_clip_min)
        hi = np.inf if lstm_state_clip_max is None else float(lstm_state_clip_max)
        clip = (lo, hi)
    dropout = float(p) if (p and _train and num_layers > 1) else 0.0
    cfg = (mode, num_layers, d, proj, clip, bool(lstm_state_clip_nan), dropout, _freeze(layout))
    out = _rnn_jit(cfg, key, data, parameters, state, state_cell, lengths)
    if not state_outputs:
        return out[0]
    return out if mode == "lstm" else out[:2]


def _freeze(layout):
    return tuple(tuple(tuple(sorted(ent.items())) for ent in row) for row in layout)


def _rnn_all(cfg, key, data, parameters, state, state_cell, lengths):
    """The whole network (jitted as one program: fast to differentiate eagerly too)."""
    mode, num_layers, d, proj, clip, clip_nan, p, layout = cfg
    step = _cell(mode, clip, clip_nan)

    spans = sorted(span for row in layout for ent in row for _, span in ent)
    pieces = dict(zip(spans, _unpack(parameters, tuple(spans))))

    def piece(ent, name):
        return pieces[ent[name]]

    x = data
    hy, cy = [], []
    drop_keys = None
    if p:
        drop_keys = jax.random.split(key_from(key), num_layers)
    for layer in range(num_layers):
        outs = []
        for direction in range(d):
            ent = dict(layout[layer][direction])
            k = layer * d + direction
            c0 = state_cell[k] if mode == "lstm" else None
            wr = piece(ent, "h2r_weight") if proj else None
            out, hl, cl = _run_direction(step, x, state[k], c0, piece(ent, "i2h_weight"),
                                         piece(ent, "i2h_bias"), piece(ent, "h2h_weight"),
                                         piece(ent, "h2h_bias"), wr, direction == 1, lengths,
                                         mode != "gru")
            outs.append(out)
            hy.append(hl)
            cy.append(cl)
        x = outs[0] if d == 1 else jnp.concatenate(outs, axis=-1)
        if drop_keys is not None and layer < num_layers - 1:
            keep = jax.random.bernoulli(drop_keys[layer], 1.0 - p, x.shape)
            x = x * keep.astype(x.dtype) * jnp.asarray(1.0 / (1.0 - p), x.dtype)
    if mode == "lstm":
        return x, jnp.stack(hy), jnp.stack(cy)
    return x, jnp.stack(hy), None


_rnn_jit = jit_later(_rnn_all, static_argnums=0)

