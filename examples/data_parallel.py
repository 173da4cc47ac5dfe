"""Data-parallel training the MXNet way, on 4 forced CPU devices (or your GPUs).

    python examples/data_parallel.py                     # 4 contexts in one process
    python examples/data_parallel.py --update-on-kvstore 0
    python -m mxjax.launch -n 2 --host-devices 2 examples/data_parallel.py --kvstore dist_sync

Each step splits the batch over the contexts with ``split_and_load``, records one
forward per context, calls ``autograd.backward`` on the list of losses and
``trainer.step``, which sums the gradients over contexts (and workers) and updates
every replica. The script prints each context's slice of the batch and device, checks
that the replicas stay identical, and compares the parameters with one device
trained on the whole batch.
"""
import argparse
import os

if "XLA_FLAGS" not in os.environ and "MXJAX_COORDINATOR" not in os.environ:
    # before JAX starts: 4 CPU devices stand for 4 GPUs
    os.environ["XLA_FLAGS"] = "--xla_force_host_platform_device_count=4"

import numpy as np  # noqa: E402

import mxjax as mx  # noqa: E402
from mxjax import nd, autograd, gluon  # noqa: E402


def build():
    net = gluon.nn.HybridSequential()
    net.add(gluon.nn.Dense(32, in_units=20, activation="relu"),
            gluon.nn.Dense(10, in_units=32))
    return net


def train(ctx, kvstore, update_on_kvstore, x, y, steps, batch, verbose):
    mx.random.seed(42)
    net = build()
    net.initialize(mx.init.Xavier(), ctx=ctx)
    net.hybridize()
    kv = mx.kv.create(kvstore) if "dist" in kvstore else kvstore
    trainer = gluon.Trainer(net.collect_params(), "sgd",
                            {"learning_rate": 0.1, "momentum": 0.9}, kvstore=kv,
                            update_on_kvstore=update_on_kvstore)
    loss_fn = gluon.loss.SoftmaxCrossEntropyLoss()
    rank, workers = (kv.rank, kv.num_workers) if not isinstance(kv, str) else (0, 1)
    per_worker = batch // workers
    for step in range(steps):
        lo = step * batch + rank * per_worker
        xs = gluon.utils.split_and_load(nd.array(x[lo:lo + per_worker]), ctx)
        ys = gluon.utils.split_and_load(nd.array(y[lo:lo + per_worker]), ctx)
        if verbose and step == 0:
            for c, part in zip(ctx, xs):
                print("worker %d %s: batch slice %s on %s"
                      % (rank, c, part.shape, next(iter(part.data.devices()))))
        with autograd.record():
            losses = [loss_fn(net(a), b) for a, b in zip(xs, ys)]
        autograd.backward(losses)
        trainer.step(batch)
    return net, trainer, rank


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--kvstore", default="device")
    parser.add_argument("--update-on-kvstore", type=int, default=None)
    parser.add_argument("--steps", type=int, default=5)
    args = parser.parse_args()
    n = mx.context.num_gpus() or len(__import__("jax").local_devices())
    ctx = [mx.gpu(i) for i in range(n)] if mx.context.num_gpus() else \
        [mx.cpu(i) for i in range(n)]
    rng = np.random.RandomState(0)
    batch = 64
    x = rng.normal(size=(batch * args.steps, 20)).astype(np.float32)
    y = rng.randint(0, 10, size=(batch * args.steps,)).astype(np.float32)
    uok = None if args.update_on_kvstore is None else bool(args.update_on_kvstore)
    net, trainer, rank = train(ctx, args.kvstore, uok, x, y, args.steps, batch, True)
    print("worker %d: kvstore %s, update_on_kvstore=%s, %d contexts"
          % (rank, trainer._kvstore.type if trainer._kvstore else None,
             trainer._update_on_kvstore, len(ctx)))
    for name, p in net.collect_params().items():
        reps = [d.asnumpy() for d in p.list_data()]
        assert all(np.array_equal(r, reps[0]) for r in reps), name
    print("worker %d: replicas in sync" % rank)
    if rank == 0:
        ref, _, _ = train([ctx[0]], "device", None, x, y, args.steps, batch, False)
        diff = max(float(np.abs(a.data().asnumpy() - b.data(ctx[0]).asnumpy()).max())
                   for a, b in zip(ref.collect_params().values(),
                                   net.collect_params().values()))
        w = list(net.collect_params().values())[0].data(ctx[0]).asnumpy()
        print("synced parameters (first weight row):", np.round(w[0, :6], 4))
        print("max difference from 1 device on the whole batch: %.2e" % diff)


if __name__ == "__main__":
    main()
