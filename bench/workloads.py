"""The benchmark workloads, written once per implementation.

Every implementation builds, for a workload key, a ``step()`` callable that runs
one iteration *including its synchronisation* (``wait_to_read`` for mxjax and
MXNet, ``block_until_ready`` for JAX, nothing for PyTorch on CPU,
``torch.cuda.synchronize`` on GPU). The computations are the same in every
implementation (same shapes, dtypes (float32), same inputs, same math); the
module docstring of ``bench/run.py`` lists the few places where an idiom differs.

This module imports no framework at import time, so the MXNet worker can load it
in MXNet's own virtualenv (numpy < 1.24): each implementation imports its
framework when it is constructed.

Workload keys
-------------
W1            y = x * 2 + 1 on 10 elements, synchronised every iteration
W2            with record(): y = 2*x*x; y.backward() on a 2x2 array
W1np, W2np    W1 and W2 written with ``mx.np`` arrays (mxjax and MXNet 1.9.1 only): the
              NumPy interface must cost no more than the ``mx.nd`` form (issue 15)
W3            g = grad(tanh(v), v, create_graph=True); g.backward(), 1000 elements
W4            MLP 784-256-256-10 training step, batch 128 (operators + autograd)
W4h           the same MLP as a hybridized Gluon HybridSequential + Trainer
W5            the seed's dynamic while-loop graph with a new random input per step
W6-<n>        record+backward of a chain of n nodes (y = y * 1.0001 + 0.0001 repeated)
W7            CIFAR ResNet-20 training step, batch 32, hybridized Gluon + Trainer(sgd, momentum)
W7i           the same step not hybridized (imperative Gluon)
W8            2-layer LSTM language-model training step (gluon.rnn.LSTM, hybridized)
W10           batch-1 inference of the hybridized ResNet-20
(W9 and W11 are whole processes: bench/first_step.py, bench/scripts/, bench/process_bench.py;
the models are in bench/models.py)
"""
import math
import os

import numpy as np

import models

BATCH = 128
SIZES = (784, 256, 256, 10)
LR = 0.1
W5_ROWS = 200000
W3_SIZE = 1000
W6_SIZE = 10
SEED = 1


class Skip(Exception):
    """Raised by a setup that does not apply to this implementation (reason given)."""


# ---------------------------------------------------------------------------
# shared inputs (numpy, identical for every implementation)


def w3_input():
    return np.random.RandomState(SEED).uniform(-2, 2, size=W3_SIZE).astype(np.float32)


def mlp_inputs():
    """Input batch, one-hot labels, integer labels and the six parameters
    (weights in MXNet's FullyConnected layout: (out, in))."""
    rs = np.random.RandomState(SEED)
    x = rs.normal(size=(BATCH, SIZES[0])).astype(np.float32)
    labels = rs.randint(0, SIZES[-1], size=BATCH)
    onehot = np.eye(SIZES[-1], dtype=np.float32)[labels]
    params = []
    for n_in, n_out in zip(SIZES[:-1], SIZES[1:]):
        params.append((rs.normal(size=(n_out, n_in)) * math.sqrt(2.0 / n_in)).astype(np.float32))
        params.append(np.zeros(n_out, dtype=np.float32))
    return x, onehot, labels.astype(np.float32), params


def w5_rows():
    """The stream of random inputs ``a`` (2 elements each) of W5, the same for all."""
    return np.random.RandomState(SEED).normal(size=(W5_ROWS, 2)).astype(np.float32)


W5_HEAD = np.array([0.01, 1.0], dtype=np.float32)


def w5_structure(row):
    """(number of doublings, branch) that W5 takes for input ``row`` (float32 math)."""
    b = row * np.float32(2)
    k = 0
    while float(np.linalg.norm(b)) < 1000:
        b = b * np.float32(2)
        k += 1
    return k, bool(float(b.sum()) > 0)


def chain_reps(nodes):
    """Repetitions of ``y = y * 1.0001 + 0.0001`` (2 nodes each) for ``nodes`` nodes."""
    return max(1, nodes // 2)


class _RowStream:
    def __init__(self):
        self.rows = w5_rows()
        self.i = 0

    def next(self):
        r = self.rows[self.i % len(self.rows)]
        self.i += 1
        return r


# ---------------------------------------------------------------------------
# the MXNet-API implementations (mxjax and real MXNet share this code)


class MXNetAPI:
    """Workloads written against MXNet's imperative API; ``mx`` is mxnet or mxjax."""

    name = None

    def __init__(self, mx, device):
        self.mx = mx
        self.nd = mx.nd
        self.autograd = mx.autograd
        if device == "gpu":
            n = mx.context.num_gpus() if hasattr(mx.context, "num_gpus") else mx.num_gpus()
            if n < 1:
                raise Skip("no GPU visible to %s" % self.name)
            self.ctx = mx.gpu(0)
        else:
            self.ctx = mx.cpu()
        self.has_sgd_update = hasattr(self.nd, "sgd_update")
        self.update = "assign"  # or "sgd_update": chosen by the runner, the same for both

    def device_desc(self):
        return str(self.ctx)

    def caps(self):
        return {"sgd_update": self.has_sgd_update}

    def arr(self, a):
        return self.nd.array(a, ctx=self.ctx, dtype=a.dtype)

    # W1 -----------------------------------------------------------------------
    def W1(self, make=None):
        x = (make or self.arr)(np.arange(10, dtype=np.float32))

        def step():
            y = x * 2 + 1
            y.wait_to_read()
        return step

    # W2 -----------------------------------------------------------------------
    def W2(self, make=None):
        ag = self.autograd
        x = (make or self.arr)(np.array([[1, 2], [3, 4]], dtype=np.float32))
        x.attach_grad()

        def step():
            with ag.record():
                y = 2 * x * x
            y.backward()
            x.grad.wait_to_read()
        return step

    # W1np / W2np: the same with mx.np arrays (no npx.set_np(): the worker's other
    # workloads keep MXNet's default mode; np arrays follow NumPy semantics anyway) ---
    def np_arr(self, a):
        return self.mx.np.array(a, ctx=self.ctx, dtype=a.dtype)

    def W1np(self):
        return self.W1(self.np_arr)

    def W2np(self):
        return self.W2(self.np_arr)

    # W3 -----------------------------------------------------------------------
    def W3(self):
        ag, nd = self.autograd, self.nd
        v = self.arr(w3_input())
        v.attach_grad()

        def step():
            with ag.record():
                y = nd.tanh(v)
                g = ag.grad(y, [v], create_graph=True)[0]
            g.backward()
            v.grad.wait_to_read()
        return step

    # W4 -----------------------------------------------------------------------
    def W4(self):
        ag, nd = self.autograd, self.nd
        x_np, onehot_np, _, params_np = mlp_inputs()
        x, onehot = self.arr(x_np), self.arr(onehot_np)
        params = [self.arr(p) for p in params_np]
        for p in params:
            p.attach_grad()
        w1, b1, w2, b2, w3, b3 = params
        scale = -1.0 / BATCH
        use_sgd = self.update == "sgd_update"

        def step():
            with ag.record():
                h = nd.relu(nd.FullyConnected(x, w1, b1, num_hidden=SIZES[1]))
                h = nd.relu(nd.FullyConnected(h, w2, b2, num_hidden=SIZES[2]))
                z = nd.FullyConnected(h, w3, b3, num_hidden=SIZES[3])
                loss = nd.sum(onehot * nd.log_softmax(z)) * scale
            loss.backward()
            if use_sgd:
                for p in params:
                    nd.sgd_update(p, p.grad, lr=LR, out=p)
            else:
                for p in params:
                    p[:] = p - LR * p.grad
            for p in params:
                p.wait_to_read()
        return step

    def W4h(self):
        mx = self.mx
        try:
            gluon = mx.gluon
            nn = gluon.nn
            net = nn.HybridSequential()
            net.add(nn.Dense(SIZES[1], activation="relu", in_units=SIZES[0]),
                    nn.Dense(SIZES[2], activation="relu", in_units=SIZES[1]),
                    nn.Dense(SIZES[3], in_units=SIZES[2]))
            net.initialize(ctx=self.ctx)
            x_np, _, labels_np, params_np = mlp_inputs()
            dense = [net[0], net[1], net[2]]
            for i, layer in enumerate(dense):
                layer.weight.set_data(self.arr(params_np[2 * i]))
                layer.bias.set_data(self.arr(params_np[2 * i + 1]))
            net.hybridize()
            loss_fn = gluon.loss.SoftmaxCrossEntropyLoss()
            loss_fn.hybridize()
            trainer = gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": LR})
            x, labels = self.arr(x_np), self.arr(labels_np)
            plist = list(net.collect_params().values())
        except Skip:
            raise
        except Exception as err:  # noqa: BLE001 - gluon missing or incomplete: skip cleanly
            raise Skip("Gluon variant unavailable: %s: %s"
                       % (type(err).__name__, str(err).splitlines()[0] if str(err) else ""))
        ag = self.autograd

        def step():
            with ag.record():
                loss = loss_fn(net(x), labels)
            loss.backward()
            trainer.step(BATCH)
            for p in plist:
                p.data(self.ctx).wait_to_read()
        return step

    # W5 -----------------------------------------------------------------------
    def W5(self):
        ag, nd = self.autograd, self.nd
        stream = _RowStream()
        head = self.arr(W5_HEAD)
        self.w5_stream = stream

        def step():
            a = self.arr(stream.next())
            a.attach_grad()
            with ag.record():
                b = a * 2
                while b.norm().asscalar() < 1000:
                    b = b * 2
                c = b if b.sum().asscalar() > 0 else 100 * b
            c.backward(head)
            a.grad.wait_to_read()
        return step

    # W6 -----------------------------------------------------------------------
    def W6(self, nodes):
        ag = self.autograd
        x = self.arr(np.linspace(0.5, 1.5, W6_SIZE).astype(np.float32))
        x.attach_grad()
        reps = chain_reps(nodes)

        def step():
            with ag.record():
                y = x
                for _ in range(reps):
                    y = y * 1.0001 + 0.0001
            y.backward()
            x.grad.wait_to_read()
        return step


    # W7 / W7i / W10 / W8: user-scale Gluon models (bench/models.py) -----------
    def _wait_params(self, plist):
        for p in plist:
            p.data(self.ctx).wait_to_read()

    def _resnet_train(self, hybridize):
        mx, ag = self.mx, self.autograd
        gluon = mx.gluon
        net = models.gluon_resnet20(mx)
        net.initialize(mx.init.Xavier(magnitude=2), ctx=self.ctx)
        if hybridize:
            net.hybridize()
        loss_fn = gluon.loss.SoftmaxCrossEntropyLoss()
        trainer = gluon.Trainer(net.collect_params(), "sgd",
                                {"learning_rate": models.R_LR, "momentum": models.R_MOM,
                                 "wd": models.R_WD})
        x_np, y_np = models.resnet_inputs()
        x, y = self.arr(x_np), self.arr(y_np)
        plist = list(net.collect_params().values())
        wait = self._wait_params

        def step():
            with ag.record():
                loss = loss_fn(net(x), y)
            loss.backward()
            trainer.step(models.R_BATCH)
            wait(plist)
        return step

    def W7(self):
        return self._resnet_train(True)

    def W7i(self):
        return self._resnet_train(False)

    def W10(self):
        mx = self.mx
        net = models.gluon_resnet20(mx)
        net.initialize(mx.init.Xavier(magnitude=2), ctx=self.ctx)
        net.hybridize()
        x = self.arr(models.resnet_inputs(1)[0])

        def step():
            net(x).wait_to_read()
        return step

    def W8(self):
        mx, ag = self.mx, self.autograd
        gluon = mx.gluon
        net = models.gluon_lstm_lm(mx)
        net.initialize(mx.init.Uniform(0.1), ctx=self.ctx)
        net.hybridize()
        loss_fn = gluon.loss.SoftmaxCrossEntropyLoss()
        trainer = gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": models.L_LR})
        tok_np, tgt_np = models.lm_inputs()
        tokens, targets = self.arr(tok_np), self.arr(tgt_np.reshape(-1))
        plist = list(net.collect_params().values())
        wait = self._wait_params
        n = models.L_SEQ * models.L_BATCH

        def step():
            with ag.record():
                out = net(tokens)
                loss = loss_fn(out.reshape((-1, models.L_VOCAB)), targets)
            loss.backward()
            trainer.step(n)
            wait(plist)
        return step


class MxjaxImpl(MXNetAPI):
    name = "mxjax"

    def __init__(self, device):
        import mxjax as mx
        super().__init__(mx, device)
        self.version = mx.__version__
        import jax
        self.versions = {"mxjax": mx.__version__, "jax": jax.__version__}

    def caps(self):
        c = super().caps()
        try:
            import mxjax.gluon  # noqa: F401
            c["gluon"] = True
        except Exception:  # noqa: BLE001
            c["gluon"] = False
        return c

    def device_desc(self):
        from mxjax.context import jax_device
        return "%s (jax device %s)" % (self.ctx, jax_device(self.ctx))

    def stats(self):
        return dict(self.mx.engine.stats())

    def reset_stats(self):
        self.mx.engine.reset_stats()


class MXNetImpl(MXNetAPI):
    name = "mxnet"

    def __init__(self, device):
        import mxnet as mx
        super().__init__(mx, device)
        self.versions = {"mxnet": mx.__version__, "numpy": np.__version__}


# ---------------------------------------------------------------------------
# PyTorch eager


class TorchImpl:
    name = "torch"

    def __init__(self, device):
        import torch
        self.torch = torch
        if device == "gpu":
            if not torch.cuda.is_available():
                raise Skip("torch.cuda is not available")
            self.dev = torch.device("cuda")
            self.sync = torch.cuda.synchronize
        else:
            self.dev = torch.device("cpu")
            self.sync = None
        threads = os.environ.get("BENCH_THREADS")
        if threads:
            torch.set_num_threads(int(threads))
        self.versions = {"torch": torch.__version__, "torch_threads": torch.get_num_threads()}

    def device_desc(self):
        if self.dev.type == "cuda":
            return "cuda (%s)" % self.torch.cuda.get_device_name(0)
        return "cpu (%d threads)" % self.torch.get_num_threads()

    def caps(self):
        return {}

    def t(self, a, grad=False):
        return self.torch.tensor(a, device=self.dev, requires_grad=grad)

    def _done(self):
        if self.sync is not None:
            self.sync()

    def W1(self):
        x = self.t(np.arange(10, dtype=np.float32))
        done = self._done

        def step():
            y = x * 2 + 1  # noqa: F841
            done()
        return step

    def W2(self):
        torch = self.torch
        x = self.t(np.array([[1, 2], [3, 4]], dtype=np.float32), grad=True)
        ones = torch.ones_like(x)
        done = self._done

        def step():
            x.grad = None  # MXNet's grad_req='write'
            y = 2 * x * x
            y.backward(ones)
            done()
        return step

    def W3(self):
        torch = self.torch
        v = self.t(w3_input(), grad=True)
        ones = torch.ones_like(v)
        done = self._done

        def step():
            v.grad = None
            y = torch.tanh(v)
            g, = torch.autograd.grad(y, v, ones, create_graph=True)
            g.backward(ones)
            done()
        return step

    def W4(self):
        torch = self.torch
        F = torch.nn.functional
        x_np, onehot_np, _, params_np = mlp_inputs()
        x, onehot = self.t(x_np), self.t(onehot_np)
        params = [self.t(p, grad=True) for p in params_np]
        w1, b1, w2, b2, w3, b3 = params
        scale = -1.0 / BATCH
        done = self._done

        def step():
            for p in params:
                p.grad = None
            h = F.relu(F.linear(x, w1, b1))
            h = F.relu(F.linear(h, w2, b2))
            z = F.linear(h, w3, b3)
            loss = (onehot * F.log_softmax(z, dim=1)).sum() * scale
            loss.backward()
            with torch.no_grad():
                for p in params:
                    p.add_(p.grad, alpha=-LR)  # what torch.optim.SGD does
            done()
        return step

    def W5(self):
        torch = self.torch
        stream = _RowStream()
        head = self.t(W5_HEAD)
        done = self._done

        def step():
            a = self.t(stream.next(), grad=True)
            b = a * 2
            while b.norm().item() < 1000:
                b = b * 2
            c = b if b.sum().item() > 0 else 100 * b
            c.backward(head)
            done()
        return step

    def W6(self, nodes):
        torch = self.torch
        x = self.t(np.linspace(0.5, 1.5, W6_SIZE).astype(np.float32), grad=True)
        ones = torch.ones_like(x)
        reps = chain_reps(nodes)
        done = self._done

        def step():
            x.grad = None
            y = x
            for _ in range(reps):
                y = y * 1.0001 + 0.0001
            y.backward(ones)
            done()
        return step


    def W7(self):
        if getattr(self, "_w7", None) is None:
            torch = self.torch
            torch.manual_seed(models.SEED)
            net = models.torch_resnet20(torch).to(self.dev)
            net.train()
            opt = torch.optim.SGD(net.parameters(), lr=models.R_LR, momentum=models.R_MOM,
                                  weight_decay=models.R_WD)
            x_np, y_np = models.resnet_inputs()
            x, y = self.t(x_np), self.torch.tensor(y_np.astype(np.int64), device=self.dev)
            ce = torch.nn.functional.cross_entropy
            done = self._done

            def step():
                opt.zero_grad(set_to_none=True)
                loss = ce(net(x), y)
                loss.backward()
                opt.step()
                done()
            self._w7 = step
        return self._w7

    W7i = W7  # PyTorch eager is the reference for both ResNet-20 variants

    def W10(self):
        torch = self.torch
        torch.manual_seed(models.SEED)
        net = models.torch_resnet20(torch).to(self.dev)
        net.eval()
        x = self.t(models.resnet_inputs(1)[0])
        done = self._done

        def step():
            with torch.no_grad():
                net(x)
            done()
        return step

    def W8(self):
        torch = self.torch
        torch.manual_seed(models.SEED)
        net = models.torch_lstm_lm(torch).to(self.dev)
        opt = torch.optim.SGD(net.parameters(), lr=models.L_LR)
        tok_np, tgt_np = models.lm_inputs()
        tokens = torch.tensor(tok_np.astype(np.int64), device=self.dev)
        targets = torch.tensor(tgt_np.reshape(-1).astype(np.int64), device=self.dev)
        ce = torch.nn.functional.cross_entropy
        done = self._done

        def step():
            opt.zero_grad(set_to_none=True)
            loss = ce(net(tokens).reshape(-1, models.L_VOCAB), targets)
            loss.backward()
            opt.step()
            done()
        return step


# ---------------------------------------------------------------------------
# hand-written JAX: jax.jit of jax.value_and_grad (and raw jax.numpy for W1)


class _JaxBase:
    def __init__(self, device):
        import jax
        import jax.numpy as jnp
        self.jax, self.jnp = jax, jnp
        if device == "gpu":
            try:
                self.dev = jax.devices("gpu")[0]
            except RuntimeError as err:
                raise Skip("no JAX GPU backend: %s" % str(err).splitlines()[0])
        else:
            self.dev = jax.devices("cpu")[0]
        self.versions = {"jax": jax.__version__}

    def device_desc(self):
        return "%s (%s)" % (self.dev, getattr(self.dev, "device_kind", ""))

    def caps(self):
        return {}

    def put(self, a):
        return self.jax.device_put(a, self.dev)


class JnpImpl(_JaxBase):
    """Raw jax.numpy, eager (op-by-op dispatch): the W1 reference."""
    name = "jnp"

    def W1(self):
        x = self.put(np.arange(10, dtype=np.float32))

        def step():
            y = x * 2 + 1
            y.block_until_ready()
        return step


class JaxImpl(_JaxBase):
    """``jax.jit`` of ``jax.value_and_grad``: the practical limit for XLA."""
    name = "jax"

    def W1(self):
        x = self.put(np.arange(10, dtype=np.float32))
        f = self.jax.jit(lambda x: x * 2 + 1)

        def step():
            f(x).block_until_ready()
        return step

    def W2(self):
        jax, jnp = self.jax, self.jnp
        x = self.put(np.array([[1, 2], [3, 4]], dtype=np.float32))
        f = jax.jit(jax.value_and_grad(lambda x: jnp.sum(2 * x * x)))

        def step():
            _, g = f(x)
            g.block_until_ready()
        return step

    def W3(self):
        jax, jnp = self.jax, self.jnp
        v = self.put(w3_input())
        inner = jax.grad(lambda v: jnp.sum(jnp.tanh(v)))
        f = jax.jit(jax.grad(lambda v: jnp.sum(inner(v))))

        def step():
            f(v).block_until_ready()
        return step

    def W4(self):
        jax, jnp = self.jax, self.jnp
        x_np, onehot_np, _, params_np = mlp_inputs()
        x, onehot = self.put(x_np), self.put(onehot_np)
        state = {"params": [self.put(p) for p in params_np]}
        scale = -1.0 / BATCH

        def loss_fn(params, x, onehot):
            w1, b1, w2, b2, w3, b3 = params
            h = jnp.maximum(x @ w1.T + b1, 0)
            h = jnp.maximum(h @ w2.T + b2, 0)
            z = h @ w3.T + b3
            return jnp.sum(onehot * jax.nn.log_softmax(z)) * scale

        @jax.jit
        def train_step(params, x, onehot):
            loss, grads = jax.value_and_grad(loss_fn)(params, x, onehot)
            return [p - LR * g for p, g in zip(params, grads)], loss

        def step():
            params, _ = train_step(state["params"], x, onehot)
            jax.block_until_ready(params)
            state["params"] = params
        return step

    W4h = W4  # the jit step is the reference for both MLP variants

    def W5(self):
        jax, jnp, lax = self.jax, self.jnp, self.jax.lax
        stream = _RowStream()
        head = self.put(W5_HEAD)

        def forward(a):
            # the loop count comes from a while_loop on the (non-differentiated)
            # value, then b = a*2 scaled by 2**k: the same float32 products as
            # doubling k times, and reverse-differentiable
            b0 = lax.stop_gradient(a * 2)
            s = lax.while_loop(lambda s: jnp.linalg.norm(b0 * s) < 1000, lambda s: s * 2,
                               jnp.float32(1))
            b = (a * 2) * s
            return jnp.where(jnp.sum(b) > 0, b, 100 * b)

        @jax.jit
        def f(a, head):
            c, vjp = jax.vjp(forward, a)
            return c, vjp(head)[0]

        def step():
            a = self.put(stream.next())
            _, ga = f(a, head)
            ga.block_until_ready()
        return step

    def W6(self, nodes):
        jax, jnp = self.jax, self.jnp
        x = self.put(np.linspace(0.5, 1.5, W6_SIZE).astype(np.float32))
        reps = chain_reps(nodes)

        def chain(x):
            y = jax.lax.fori_loop(0, reps, lambda i, y: y * 1.0001 + 0.0001, x)
            return jnp.sum(y)
        f = jax.jit(jax.value_and_grad(chain))

        def step():
            _, g = f(x)
            g.block_until_ready()
        return step


    def W7(self):
        if getattr(self, "_w7", None) is None:
            jax = self.jax
            params, stats = models.jax_resnet20_init()
            st = {"p": jax.device_put(params, self.dev), "s": jax.device_put(stats, self.dev)}
            st["m"] = jax.tree_util.tree_map(self.jnp.zeros_like, st["p"])
            x_np, y_np = models.resnet_inputs()
            x, y = self.put(x_np), self.put(y_np)
            train = models.jax_resnet20_train_step(jax)

            def step():
                st["p"], st["m"], st["s"], _ = train(st["p"], st["m"], st["s"], x, y)
                jax.block_until_ready(st["p"])
            self._w7 = step
        return self._w7

    W7i = W7  # the jit step is the reference for both ResNet-20 variants

    def W10(self):
        jax = self.jax
        params, stats = models.jax_resnet20_init()
        p, s = jax.device_put(params, self.dev), jax.device_put(stats, self.dev)
        x = self.put(models.resnet_inputs(1)[0])
        f = jax.jit(lambda p, s, x: models.jax_resnet20_apply(jax, p, s, x, False)[0])

        def step():
            f(p, s, x).block_until_ready()
        return step

    def W8(self):
        jax = self.jax
        st = {"p": jax.device_put(models.jax_lstm_lm_init(), self.dev)}
        tok_np, tgt_np = models.lm_inputs()
        tokens, targets = self.put(tok_np), self.put(tgt_np)
        train = models.jax_lstm_lm_train_step(jax)

        def step():
            st["p"], _ = train(st["p"], tokens, targets)
            jax.block_until_ready(st["p"])
        return step


IMPLS = {"mxjax": MxjaxImpl, "mxnet": MXNetImpl, "torch": TorchImpl, "jax": JaxImpl,
         "jnp": JnpImpl}


def build(impl, key):
    """The step callable of workload ``key`` (e.g. 'W2', 'W6-1000') for ``impl``."""
    if key.startswith("W6-"):
        fn = getattr(impl, "W6", None)
        if fn is None:
            raise Skip("not implemented for %s" % impl.name)
        return fn(int(key[3:]))
    fn = getattr(impl, key, None)
    if fn is None:
        raise Skip("not part of the %s comparison" % impl.name)
    return fn()
