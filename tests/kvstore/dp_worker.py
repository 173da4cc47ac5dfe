"""Data-parallel training run used by the kvstore tests (run in a subprocess, with
XLA_FLAGS forcing host devices, or under ``python -m mxjax.launch``).

Usage: python dp_worker.py OUT NUM_CTX KVSTORE UPDATE_ON_KV:OPTIMIZER ...
For each configuration (UPDATE_ON_KV: none, 0 or 1), trains a small MLP for 3 steps
on a fixed batch of 16, split over NUM_CTX contexts (and over the workers in a
distributed run), and saves the parameters (in order) to OUT_<k>.npz on rank 0.
"""
import sys

import numpy as np

import mxjax as mx
from mxjax import nd, autograd, gluon


def main(out, num_ctx, kvstore, *configs):
    for k, config in enumerate(configs):
        update_on_kv, optimizer = config.split(":")
        train("%s_%d.npz" % (out, k), num_ctx, kvstore, update_on_kv, optimizer)


def train(out, num_ctx, kvstore, update_on_kv, optimizer):
    num_ctx = int(num_ctx)
    update_on_kv = {"none": None, "1": True, "0": False}[update_on_kv]
    rng = np.random.RandomState(0)
    x_all = rng.uniform(-1, 1, (16, 6)).astype(np.float32)
    y_all = rng.uniform(-1, 1, (16, 3)).astype(np.float32)
    w0 = rng.uniform(-0.5, 0.5, (8, 6)).astype(np.float32)
    w1 = rng.uniform(-0.5, 0.5, (3, 8)).astype(np.float32)
    kv = mx.kv.create(kvstore) if kvstore != "none" else None
    rank, workers = (kv.rank, kv.num_workers) if kv is not None else (0, 1)
    per = 16 // workers
    x_all, y_all = x_all[rank * per:(rank + 1) * per], y_all[rank * per:(rank + 1) * per]
    ctx = [mx.cpu(i) for i in range(num_ctx)]
    net = gluon.nn.HybridSequential()
    net.add(gluon.nn.Dense(8, in_units=6, activation="tanh"), gluon.nn.Dense(3, in_units=8))
    net.initialize(ctx=ctx)
    net[0].weight.set_data(nd.array(w0))
    net[1].weight.set_data(nd.array(w1))
    net.hybridize()
    params = {"momentum": 0.9} if optimizer == "sgd" else {}
    params["learning_rate"] = 0.1
    trainer = gluon.Trainer(net.collect_params(), optimizer, params,
                            kvstore=kv if kv is not None else "device",
                            update_on_kvstore=update_on_kv)
    loss_fn = gluon.loss.L2Loss()
    for _ in range(3):
        xs = gluon.utils.split_and_load(nd.array(x_all), ctx)
        ys = gluon.utils.split_and_load(nd.array(y_all), ctx)
        with autograd.record():
            losses = [loss_fn(net(a), b) for a, b in zip(xs, ys)]
        autograd.backward(losses)
        trainer.step(16)
    res = {}
    for n, (_, p) in enumerate(sorted(net.collect_params().items())):
        reps = [d.asnumpy() for d in p.list_data()]
        for r in reps[1:]:
            np.testing.assert_array_equal(r, reps[0])
        devs = sorted(str(next(iter(d.data.devices()))) for d in p.list_data())
        assert len(set(devs)) == min(num_ctx, len(devs)), devs
        res["p%d" % n] = reps[0]
    res["update_on_kvstore"] = np.array(bool(trainer._update_on_kvstore))
    res["num_workers"] = np.array(workers)
    from mxjax.kvstore import spmd
    res["spmd"] = np.array([spmd.stats["steps"], spmd.stats["programs"]])
    res["spmd_backwards"] = np.array(mx.engine.stats()["spmd_backwards"])
    res["fused_steps"] = np.array(mx.engine.stats()["fused_steps"])
    if rank == 0:
        np.savez(out, **res)


if __name__ == "__main__":
    main(*sys.argv[1:])
