"""The user-scale models of W7-W10, written once per framework.

* ``gluon_resnet20(mx)`` / ``gluon_lstm_lm(mx)``: Gluon idiom, the same code runs on
  mxjax and on MXNet 1.9.1 (``mx`` is either module).
* ``jax_resnet20`` / ``jax_lstm_lm``: hand-written pure JAX (``jax.jit`` of
  ``jax.value_and_grad`` with the SGD update fused into the same program).
* ``torch_resnet20`` / ``torch_lstm_lm``: PyTorch eager ``nn.Module``.

No framework is imported at import time (MXNet's virtualenv loads this module too).

ResNet-20 (CIFAR, He et al. 2016, v1): 3x3 conv 16 + BatchNorm + ReLU, three stages
of three basic blocks (16, 32, 64 channels; stride 2 and a 1x1 conv + BatchNorm
shortcut at the start of stages 2 and 3), global average pooling, Dense(10).
Batch 32 of 3x32x32 inputs (NCHW), softmax cross-entropy (mean over the batch),
SGD lr 0.1, momentum 0.9, weight decay 1e-4; BatchNorm in training mode (batch
statistics, running statistics updated with momentum 0.9, eps 1e-5).

LSTM language model: Embedding(1000, 200), 2-layer LSTM (hidden 200, layout TNC),
Dense(1000) decoder over every time step; seq 35, batch 20; zero initial state
every step; softmax cross-entropy (mean over the 700 tokens), plain SGD lr 1.0.
"""
import math

import numpy as np

SEED = 1
R_BATCH, R_CLASSES, R_LR, R_MOM, R_WD = 32, 10, 0.1, 0.9, 1e-4
R_STAGES = ((16, 1), (32, 2), (64, 2))   # (channels, stride of the first block)
R_BLOCKS = 3                             # basic blocks per stage: 6*3+2 = 20 layers
BN_EPS, BN_MOM = 1e-5, 0.9
L_VOCAB, L_EMBED, L_HIDDEN, L_LAYERS, L_SEQ, L_BATCH, L_LR = 1000, 200, 200, 2, 35, 20, 1.0


def resnet_inputs(batch=R_BATCH):
    rs = np.random.RandomState(SEED)
    x = rs.normal(size=(batch, 3, 32, 32)).astype(np.float32)
    y = rs.randint(0, R_CLASSES, size=batch).astype(np.float32)
    return x, y


def lm_inputs():
    rs = np.random.RandomState(SEED)
    tokens = rs.randint(0, L_VOCAB, size=(L_SEQ + 1, L_BATCH))
    return tokens[:-1].astype(np.float32), tokens[1:].astype(np.float32)


# ---------------------------------------------------------------------------
# Gluon (mxjax and MXNet 1.9.1)


def gluon_resnet20(mx):
    """CIFAR ResNet-20 v1 as a Gluon HybridBlock (not yet initialized)."""
    gluon = mx.gluon
    nn = gluon.nn

    class BasicBlock(gluon.HybridBlock):
        def __init__(self, channels, stride, in_channels, **kwargs):
            super().__init__(**kwargs)
            with self.name_scope():
                self.body = nn.HybridSequential(prefix="")
                self.body.add(nn.Conv2D(channels, 3, stride, 1, use_bias=False,
                                        in_channels=in_channels),
                              nn.BatchNorm(in_channels=channels),
                              nn.Activation("relu"),
                              nn.Conv2D(channels, 3, 1, 1, use_bias=False,
                                        in_channels=channels),
                              nn.BatchNorm(in_channels=channels))
                if stride != 1 or channels != in_channels:
                    self.downsample = nn.HybridSequential(prefix="")
                    self.downsample.add(nn.Conv2D(channels, 1, stride, use_bias=False,
                                                  in_channels=in_channels),
                                        nn.BatchNorm(in_channels=channels))
                else:
                    self.downsample = None

        def hybrid_forward(self, F, x):
            residual = x
            x = self.body(x)
            if self.downsample is not None:
                residual = self.downsample(residual)
            return F.Activation(x + residual, act_type="relu")

    net = nn.HybridSequential(prefix="resnet20_")
    with net.name_scope():
        net.add(nn.Conv2D(16, 3, 1, 1, use_bias=False, in_channels=3),
                nn.BatchNorm(in_channels=16), nn.Activation("relu"))
        cin = 16
        for channels, stride in R_STAGES:
            for b in range(R_BLOCKS):
                net.add(BasicBlock(channels, stride if b == 0 else 1, cin))
                cin = channels
        net.add(nn.GlobalAvgPool2D(), nn.Dense(R_CLASSES, in_units=64))
    return net


def gluon_lstm_lm(mx):
    """Embedding + 2-layer ``gluon.rnn.LSTM`` + Dense decoder (not yet initialized)."""
    gluon = mx.gluon
    nn = gluon.nn

    class RNNModel(gluon.HybridBlock):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            with self.name_scope():
                self.embedding = nn.Embedding(L_VOCAB, L_EMBED)
                self.rnn = gluon.rnn.LSTM(L_HIDDEN, num_layers=L_LAYERS, input_size=L_EMBED)
                self.decoder = nn.Dense(L_VOCAB, in_units=L_HIDDEN, flatten=False)

        def hybrid_forward(self, F, tokens):
            out = self.rnn(self.embedding(tokens))      # zero begin state
            return self.decoder(out)

    return RNNModel(prefix="lstmlm_")


# ---------------------------------------------------------------------------
# hand-written JAX


def _he(rs, shape, fan_in):
    return (rs.normal(size=shape) * math.sqrt(2.0 / fan_in)).astype(np.float32)


def jax_resnet20_init():
    """Parameters (pytree of numpy arrays) and BatchNorm running statistics."""
    rs = np.random.RandomState(SEED)

    def conv(cout, cin, k):
        return _he(rs, (cout, cin, k, k), cin * k * k)

    def bn(c):
        return {"gamma": np.ones(c, np.float32), "beta": np.zeros(c, np.float32)}

    def bn_stats(c):
        return {"mean": np.zeros(c, np.float32), "var": np.ones(c, np.float32)}

    params = {"stem": conv(16, 3, 3), "stem_bn": bn(16), "blocks": []}
    stats = {"stem_bn": bn_stats(16), "blocks": []}
    cin = 16
    for channels, stride in R_STAGES:
        for b in range(R_BLOCKS):
            s = stride if b == 0 else 1
            blk = {"c1": conv(channels, cin, 3), "bn1": bn(channels),
                   "c2": conv(channels, channels, 3), "bn2": bn(channels)}
            st = {"bn1": bn_stats(channels), "bn2": bn_stats(channels)}
            if s != 1 or channels != cin:
                blk["cd"] = conv(channels, cin, 1)
                blk["bnd"] = bn(channels)
                st["bnd"] = bn_stats(channels)
            params["blocks"].append(blk)
            stats["blocks"].append(st)
            cin = channels
    params["fc_w"] = _he(rs, (R_CLASSES, 64), 64)
    params["fc_b"] = np.zeros(R_CLASSES, np.float32)
    return params, stats


def jax_resnet20_flat(params):
    """The trainable parameters in the order of the Gluon network's ``collect_params()``
    (running statistics left out): stem conv, its BatchNorm gamma/beta, per block conv1,
    bn1, conv2, bn2 (then the 1x1 shortcut conv and its bn), the Dense weight and bias."""
    out = [params["stem"], params["stem_bn"]["gamma"], params["stem_bn"]["beta"]]
    for blk in params["blocks"]:
        for c, b in (("c1", "bn1"), ("c2", "bn2"), ("cd", "bnd")):
            if c in blk:
                out += [blk[c], blk[b]["gamma"], blk[b]["beta"]]
    return out + [params["fc_w"], params["fc_b"]]


def jax_lstm_lm_flat(params):
    """The LSTM LM parameters in the order of the Gluon model's ``collect_params()``."""
    out = [params["embed"]]
    for p in params["layers"]:
        out += [p["wi"], p["wh"], p["bi"], p["bh"]]
    return out + [params["dec_w"], params["dec_b"]]


def jax_lstm_lm_apply(jax, params, tokens):
    """Logits (T, N, vocab) of the LSTM language model (zero initial state)."""
    jnp, lax = jax.numpy, jax.lax

    def lstm_layer(p, xs):
        xw = xs @ p["wi"].T + p["bi"] + p["bh"]     # (T, N, 4H): input part hoisted

        def cell(carry, xt):
            h, c = carry
            g = xt + h @ p["wh"].T
            i, f, z, o = jnp.split(g, 4, axis=-1)   # MXNet's gate order: i, f, c, o
            c = jax.nn.sigmoid(f) * c + jax.nn.sigmoid(i) * jnp.tanh(z)
            h = jax.nn.sigmoid(o) * jnp.tanh(c)
            return (h, c), h
        zeros = jnp.zeros((xs.shape[1], L_HIDDEN), xs.dtype)
        _, hs = lax.scan(cell, (zeros, zeros), xw)
        return hs

    h = params["embed"][tokens.astype(jnp.int32)]
    for p in params["layers"]:
        h = lstm_layer(p, h)
    return h @ params["dec_w"].T + params["dec_b"]


def jax_resnet20_strides():
    out = []
    cin = 16
    for channels, stride in R_STAGES:
        for b in range(R_BLOCKS):
            out.append(stride if b == 0 else 1)
            cin = channels
    return tuple(out)


def jax_resnet20_apply(jax, params, stats, x, train):
    """Forward pass; returns (logits, new running statistics)."""
    jnp, lax = jax.numpy, jax.lax
    strides = jax_resnet20_strides()

    def conv(x, w, s):
        p = (w.shape[2] - 1) // 2
        return lax.conv_general_dilated(x, w, (s, s), [(p, p), (p, p)],
                                        dimension_numbers=("NCHW", "OIHW", "NCHW"))

    def bn(x, p, st):
        if train:
            mean = jnp.mean(x, axis=(0, 2, 3))
            var = jnp.mean(jnp.square(x - mean[None, :, None, None]), axis=(0, 2, 3))
            new = {"mean": BN_MOM * st["mean"] + (1 - BN_MOM) * lax.stop_gradient(mean),
                   "var": BN_MOM * st["var"] + (1 - BN_MOM) * lax.stop_gradient(var)}
        else:
            mean, var, new = st["mean"], st["var"], st
        inv = lax.rsqrt(var + BN_EPS) * p["gamma"]
        y = (x - mean[None, :, None, None]) * inv[None, :, None, None] + \
            p["beta"][None, :, None, None]
        return y, new

    new_stats = {"blocks": []}
    h, new_stats["stem_bn"] = bn(conv(x, params["stem"], 1), params["stem_bn"], stats["stem_bn"])
    h = jax.nn.relu(h)
    for blk, st, s in zip(params["blocks"], stats["blocks"], strides):
        ns = {}
        y, ns["bn1"] = bn(conv(h, blk["c1"], s), blk["bn1"], st["bn1"])
        y = jax.nn.relu(y)
        y, ns["bn2"] = bn(conv(y, blk["c2"], 1), blk["bn2"], st["bn2"])
        if "cd" in blk:
            r, ns["bnd"] = bn(conv(h, blk["cd"], s), blk["bnd"], st["bnd"])
        else:
            r = h
        h = jax.nn.relu(y + r)
        new_stats["blocks"].append(ns)
    h = jnp.mean(h, axis=(2, 3))
    return h @ params["fc_w"].T + params["fc_b"], new_stats


def jax_resnet20_train_step(jax):
    """jit(value_and_grad) + fused SGD-momentum update: (params, mom, stats, x, y) -> ..."""
    jnp = jax.numpy
    tree = jax.tree_util

    def loss_fn(params, stats, x, y):
        logits, new_stats = jax_resnet20_apply(jax, params, stats, x, True)
        onehot = jax.nn.one_hot(y.astype(jnp.int32), R_CLASSES, dtype=logits.dtype)
        loss = -jnp.mean(jnp.sum(onehot * jax.nn.log_softmax(logits), axis=1))
        return loss, new_stats

    @jax.jit
    def step(params, mom, stats, x, y):
        (loss, new_stats), grads = jax.value_and_grad(loss_fn, has_aux=True)(
            params, stats, x, y)
        # MXNet's sgd_mom_update: m = mom*m - lr*(g + wd*w); w = w + m
        mom = tree.tree_map(lambda m, g, w: R_MOM * m - R_LR * (g + R_WD * w),
                            mom, grads, params)
        params = tree.tree_map(lambda w, m: w + m, params, mom)
        return params, mom, new_stats, loss
    return step


def jax_lstm_lm_init():
    rs = np.random.RandomState(SEED)
    u = 1.0 / math.sqrt(L_HIDDEN)
    params = {"embed": rs.uniform(-0.07, 0.07, (L_VOCAB, L_EMBED)).astype(np.float32),
              "layers": []}
    nin = L_EMBED
    for _ in range(L_LAYERS):
        params["layers"].append({
            "wi": rs.uniform(-u, u, (4 * L_HIDDEN, nin)).astype(np.float32),
            "wh": rs.uniform(-u, u, (4 * L_HIDDEN, L_HIDDEN)).astype(np.float32),
            "bi": np.zeros(4 * L_HIDDEN, np.float32), "bh": np.zeros(4 * L_HIDDEN, np.float32)})
        nin = L_HIDDEN
    params["dec_w"] = rs.uniform(-u, u, (L_VOCAB, L_HIDDEN)).astype(np.float32)
    params["dec_b"] = np.zeros(L_VOCAB, np.float32)
    return params


def jax_lstm_lm_train_step(jax):
    """jit(value_and_grad) + fused SGD update of the LSTM language model (lax.scan)."""
    jnp = jax.numpy
    tree = jax.tree_util

    def loss_fn(params, tokens, targets):
        logits = jax_lstm_lm_apply(jax, params, tokens)
        onehot = jax.nn.one_hot(targets.astype(jnp.int32), L_VOCAB, dtype=logits.dtype)
        return -jnp.mean(jnp.sum(onehot * jax.nn.log_softmax(logits), axis=-1))

    @jax.jit
    def step(params, tokens, targets):
        loss, grads = jax.value_and_grad(loss_fn)(params, tokens, targets)
        return tree.tree_map(lambda w, g: w - L_LR * g, params, grads), loss
    return step


# ---------------------------------------------------------------------------
# PyTorch eager


def torch_resnet20(torch):
    nn = torch.nn
    F = torch.nn.functional

    class BasicBlock(nn.Module):
        def __init__(self, cin, cout, stride):
            super().__init__()
            self.c1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
            self.b1 = nn.BatchNorm2d(cout, eps=BN_EPS, momentum=1 - BN_MOM)
            self.c2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
            self.b2 = nn.BatchNorm2d(cout, eps=BN_EPS, momentum=1 - BN_MOM)
            self.down = None
            if stride != 1 or cin != cout:
                self.down = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False),
                                          nn.BatchNorm2d(cout, eps=BN_EPS, momentum=1 - BN_MOM))

        def forward(self, x):
            y = F.relu(self.b1(self.c1(x)))
            y = self.b2(self.c2(y))
            return F.relu(y + (x if self.down is None else self.down(x)))

    layers = [nn.Conv2d(3, 16, 3, 1, 1, bias=False),
              nn.BatchNorm2d(16, eps=BN_EPS, momentum=1 - BN_MOM), nn.ReLU()]
    cin = 16
    for channels, stride in R_STAGES:
        for b in range(R_BLOCKS):
            layers.append(BasicBlock(cin, channels, stride if b == 0 else 1))
            cin = channels
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, R_CLASSES)]
    return nn.Sequential(*layers)


def torch_lstm_lm(torch):
    nn = torch.nn

    class RNNModel(nn.Module):
        def __init__(self):
            super().__init__()
            self.embedding = nn.Embedding(L_VOCAB, L_EMBED)
            self.rnn = nn.LSTM(L_EMBED, L_HIDDEN, L_LAYERS)
            self.decoder = nn.Linear(L_HIDDEN, L_VOCAB)

        def forward(self, tokens):
            out, _ = self.rnn(self.embedding(tokens))
            return self.decoder(out)
    return RNNModel()
