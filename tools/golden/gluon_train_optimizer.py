"""Golden values for mx.optimizer (every optimizer, 5 steps through an Updater as
gluon.Trainer calls it), gluon.Trainer, and the nd.*_update operators, from MXNet 1.9.1.

Run: ~/.mxref/bin/python tools/golden/gluon_train_optimizer.py
Writes tests/golden/gluon_train_optimizer.npz; tests/test_optimizer.py and
tests/gluon/test_trainer.py replay the cases.
"""
import os
import sys

import numpy as np
import mxnet as mx

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Cases, save  # noqa: E402
from gluon_train_opt_cases import CONFIGS, MP_CONFIGS, weights, grads  # noqa: E402

C = Cases()


def make_opt(name, kwargs):
    kwargs = dict(kwargs)
    if "lr_scheduler" in kwargs:
        cls, kw = kwargs["lr_scheduler"]
        kwargs["lr_scheduler"] = getattr(mx.lr_scheduler, cls)(**kw)
    return mx.optimizer.create(name, **kwargs)


def run_updater(name, kwargs, dtype):
    opt = make_opt(name, kwargs)
    upd = mx.optimizer.get_updater(opt)
    ws = [mx.nd.array(w, dtype=dtype) for w in weights(dtype)]
    out = {}
    for step, gs in enumerate(grads(dtype)):
        g_nd = [mx.nd.array(g, dtype=dtype) for g in gs]
        upd([0, 1], g_nd, ws)
        for i, w in enumerate(ws):
            out["w%d_step%d" % (i, step)] = w.asnumpy()
        for i, g in enumerate(g_nd):
            out["g%d_step%d" % (i, step)] = g.asnumpy()
    for idx, st in upd.states.items():
        flat = st if isinstance(st, (tuple, list)) else [st]
        for k, s in enumerate(flat):
            if isinstance(s, (tuple, list)):
                for k2, s2 in enumerate(s):
                    if s2 is not None:
                        out["state%d_%d_%d" % (idx, k, k2)] = s2
            elif s is not None:
                out["state%d_%d" % (idx, k)] = s
    out["num_update"] = np.array(opt.num_update)
    return out


for case, (name, kwargs) in CONFIGS.items():
    C["opt_" + case] = run_updater(name, kwargs, "float32")
for case, (name, kwargs) in MP_CONFIGS.items():
    C["opt_" + case] = run_updater(name, kwargs, "float16")

# Optimizer.update one index at a time (not through an Updater)
opt = mx.optimizer.Adam(learning_rate=0.01)
w = mx.nd.array(weights()[0])
st = opt.create_state(0, w)
for gs in grads():
    opt.update(0, w, mx.nd.array(gs[0]), st)
C["adam_direct"] = {"w": w, "mean": st[0], "var": st[1], "num_update": np.array(opt.num_update)}

# lr_mult / wd_mult through param_idx2name and set_*_mult
opt = mx.optimizer.SGD(learning_rate=0.1, wd=0.1, param_idx2name={0: "fc_weight", 1: "fc_bias"})
opt.set_lr_mult({"fc_weight": 0.5})
upd = mx.optimizer.get_updater(opt)
ws = [mx.nd.array(w) for w in weights()]
for gs in grads():
    upd([0, 1], [mx.nd.array(g) for g in gs], ws)
C["sgd_mults"] = {"w0": ws[0], "w1": ws[1]}


# ------------------------------------------------------------------ gluon.Trainer
class Two(mx.gluon.Block):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        with self.name_scope():
            self.a = self.params.get("a", shape=(3, 4))
            self.b = self.params.get("b", shape=(5,), lr_mult=2.0, wd_mult=0.0)

    def forward(self, ga, gb):
        return (self.a.data(ga.context) * ga).sum() + (self.b.data(gb.context) * gb).sum()


def trainer_run(opt, opt_params, steps, batch_size=2, change_lr=None):
    net = Two(prefix="two_")
    net.initialize()
    w = weights()
    net.a.set_data(mx.nd.array(w[0]))
    net.b.set_data(mx.nd.array(w[1]))
    tr = mx.gluon.Trainer(net.collect_params(), opt, opt_params)
    out = {}
    lrs = []
    for step, gs in enumerate(grads()[:steps]):
        if change_lr is not None and step == change_lr[0]:
            tr.set_learning_rate(change_lr[1])
        with mx.autograd.record():
            loss = net(mx.nd.array(gs[0]), mx.nd.array(gs[1]))
        loss.backward()
        tr.step(batch_size)
        lrs.append(tr.learning_rate)
        out["a_step%d" % step] = net.a.data().asnumpy()
        out["b_step%d" % step] = net.b.data().asnumpy()
    out["lrs"] = np.array(lrs, dtype="float64")
    return out


C["trainer_sgd"] = trainer_run("sgd", {"learning_rate": 0.1, "momentum": 0.9, "wd": 0.01}, 5)
C["trainer_adam_setlr"] = trainer_run("adam", {"learning_rate": 0.01, "wd": 0.01}, 5,
                                      change_lr=(2, 0.05))
C["trainer_sgd_sched"] = trainer_run(
    "sgd", {"lr_scheduler": mx.lr_scheduler.MultiFactorScheduler([2, 4], 0.5, base_lr=0.2)}, 5,
    batch_size=4)
C["trainer_rmsprop"] = trainer_run("rmsprop", {"learning_rate": 0.01, "centered": True}, 5)
C["trainer_lamb"] = trainer_run("lamb", {"learning_rate": 0.01}, 5)




def trainer_multi_ctx(update_on_kvstore):
    ctxs = [mx.cpu(0), mx.cpu(1)]
    net = Two(prefix="two_")
    net.initialize(ctx=ctxs)
    w = weights()
    net.a.set_data(mx.nd.array(w[0]))
    net.b.set_data(mx.nd.array(w[1]))
    tr = mx.gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.1, "momentum": 0.9},
                          update_on_kvstore=update_on_kvstore)
    out = {}
    for step, gs in enumerate(grads()[:3]):
        with mx.autograd.record():
            losses = [net(mx.nd.array(gs[0] * (k + 1), ctx=c), mx.nd.array(gs[1], ctx=c))
                      for k, c in enumerate(ctxs)]
        mx.autograd.backward(losses)
        tr.step(4)
        for k, c in enumerate(ctxs):
            out["a%d_step%d" % (k, step)] = net.a.data(c).asnumpy()
            out["b%d_step%d" % (k, step)] = net.b.data(c).asnumpy()
    return out


C["trainer_multi_ctx_kv"] = trainer_multi_ctx(None)
C["trainer_multi_ctx_local"] = trainer_multi_ctx(False)


class OnlyA(Two):
    def forward(self, ga, gb=None):
        if gb is None:
            return (self.a.data() * ga).sum()
        return super().forward(ga, gb)


net = OnlyA(prefix="two_")
net.initialize()
w = weights()
net.a.set_data(mx.nd.array(w[0]))
net.b.set_data(mx.nd.array(w[1]))
tr = mx.gluon.Trainer(net.collect_params(), "adam", {"learning_rate": 0.1})
out = {}
for step, gs in enumerate(grads()):
    with mx.autograd.record():
        loss = net(mx.nd.array(gs[0])) if step in (1, 3) else \
            net(mx.nd.array(gs[0]), mx.nd.array(gs[1]))
    loss.backward()
    tr.step(1, ignore_stale_grad=True)
    out["a_step%d" % step] = net.a.data().asnumpy()
    out["b_step%d" % step] = net.b.data().asnumpy()
stale_error = 0
with mx.autograd.record():
    loss = net(mx.nd.array(grads()[0][0]))
loss.backward()
try:
    tr.step(1)
except UserWarning as e:
    stale_error = 1
out["stale_error"] = np.array(stale_error)
C["trainer_ignore_stale"] = out

# ------------------------------------------------------------------ nd.*_update operators
rng = np.random.RandomState(3)


def arr(*shape, pos=False):
    v = rng.normal(0, 1, shape).astype("float32")
    return np.abs(v) + 0.1 if pos else v


def op_case(op, arrays, attrs, states, out_name="out"):
    nds = {k: mx.nd.array(v) for k, v in arrays.items()}
    inputs = dict(nds)
    res = getattr(mx.nd, op)(**inputs, **attrs)
    fields = {"in_" + k: v for k, v in arrays.items()}
    fields[out_name] = res
    for s in states:
        fields["st_" + s] = nds[s]
    return fields


W, G, M = arr(2, 3), arr(2, 3), arr(2, 3)
V = arr(2, 3, pos=True)
base = {"lr": 0.1, "wd": 0.05, "rescale_grad": 0.7}
C["op_sgd_update"] = op_case("sgd_update", {"weight": W, "grad": G}, base, [])
C["op_sgd_update_clip"] = op_case("sgd_update", {"weight": W, "grad": G},
                                  dict(base, clip_gradient=0.2), [])
C["op_sgd_mom_update"] = op_case("sgd_mom_update", {"weight": W, "grad": G, "mom": M},
                                 dict(base, momentum=0.9), ["mom"])
C["op_nag_mom_update"] = op_case("nag_mom_update", {"weight": W, "grad": G, "mom": M},
                                 dict(base, momentum=0.9, clip_gradient=0.5), ["mom"])
C["op_adam_update"] = op_case("adam_update", {"weight": W, "grad": G, "mean": M, "var": V},
                              dict(base, beta1=0.8, beta2=0.9, epsilon=1e-3), ["mean", "var"])
C["op_rmsprop_update"] = op_case("rmsprop_update", {"weight": W, "grad": G, "n": V},
                                 dict(base, gamma1=0.8, clip_weights=0.5), ["n"])
C["op_rmspropalex_update"] = op_case(
    "rmspropalex_update", {"weight": W, "grad": G, "n": V + 1.0, "g": M * 0.1, "delta": M},
    dict(base, gamma1=0.8, gamma2=0.7), ["n", "g", "delta"])
C["op_ftrl_update"] = op_case("ftrl_update", {"weight": W, "grad": G, "z": M, "n": V},
                              dict(base, lamda1=0.1, beta=0.5), ["z", "n"])
C["op_ftml_update"] = op_case("ftml_update", {"weight": W, "grad": G, "d": V, "v": V * 0.5,
                                              "z": M}, dict(base, t=3, beta1=0.5), ["d", "v", "z"])
C["op_signsgd_update"] = op_case("signsgd_update", {"weight": W, "grad": G}, base, [])
C["op_signum_update"] = op_case("signum_update", {"weight": W, "grad": G, "mom": M},
                                dict(base, momentum=0.7, wd_lh=0.1), ["mom"])
C["op_lamb_update_phase1"] = op_case(
    "lamb_update_phase1", {"weight": W, "grad": G, "mean": M, "var": V},
    {"beta1": 0.8, "beta2": 0.9, "t": 2, "wd": 0.05, "rescale_grad": 0.7}, ["mean", "var"])
C["op_lamb_update_phase1_nobc"] = op_case(
    "lamb_update_phase1", {"weight": W, "grad": G, "mean": M, "var": V},
    {"t": 2, "wd": 0.05, "bias_correction": False, "clip_gradient": 0.3}, ["mean", "var"])
C["op_lamb_update_phase2"] = op_case(
    "lamb_update_phase2", {"weight": W, "g": G, "r1": np.array([2.0], "float32"),
                           "r2": np.array([0.5], "float32")},
    {"lr": 0.1, "lower_bound": 2.5, "upper_bound": 10.0}, [])
W16 = W.astype("float16")
nds = {"weight": mx.nd.array(W16, dtype="float16"), "grad": mx.nd.array(G, dtype="float16"),
       "mom": mx.nd.array(M), "weight32": mx.nd.array(W16.astype("float32"))}
res = mx.nd.mp_sgd_mom_update(**nds, lr=0.1, momentum=0.9, wd=0.01)
C["op_mp_sgd_mom_update"] = {"out": res, "st_mom": nds["mom"], "st_weight32": nds["weight32"]}
nds = {"weight": mx.nd.array(W16, dtype="float16"), "grad": mx.nd.array(G, dtype="float16"),
       "weight32": mx.nd.array(W16.astype("float32"))}
res = mx.nd.mp_sgd_update(**nds, lr=0.1, wd=0.01)
C["op_mp_sgd_update"] = {"out": res, "st_weight32": nds["weight32"]}
nds = {"weight": mx.nd.array(W16, dtype="float16"), "grad": mx.nd.array(G, dtype="float16"),
       "mom": mx.nd.array(M), "weight32": mx.nd.array(W16.astype("float32"))}
res = mx.nd.mp_nag_mom_update(**nds, lr=0.1, momentum=0.9, wd=0.01)
C["op_mp_nag_mom_update"] = {"out": res, "st_mom": nds["mom"], "st_weight32": nds["weight32"]}

# multi_* operators
W2, G2, M2 = arr(4), arr(4), arr(4)
data = [mx.nd.array(x) for x in (W, G, M, W2, G2, M2)]
outs = [mx.nd.zeros(W.shape), mx.nd.zeros(W2.shape)]
mx.nd.multi_sgd_mom_update(*data, out=outs, lrs=[0.1, 0.2], wds=[0.01, 0.0], momentum=0.9,
                           rescale_grad=0.5, clip_gradient=0.4, num_weights=2)
C["op_multi_sgd_mom_update"] = {"out0": outs[0], "out1": outs[1], "mom0": data[2],
                                "mom1": data[5]}
data = [mx.nd.array(x) for x in (W, G, W2, G2)]
res = [mx.nd.zeros(W.shape), mx.nd.zeros(W2.shape)]
mx.nd.multi_sgd_update(*data, out=res, lrs=[0.1, 0.2], wds=[0.01, 0.1], num_weights=2)
C["op_multi_sgd_update"] = {"out0": res[0], "out1": res[1]}
data = [mx.nd.array(x) for x in (W, G, M, W2, G2, M2)] + [mx.nd.array([0.3, 0.1]),
                                                           mx.nd.array([0.0, 0.2])]
res = [mx.nd.zeros(W.shape), mx.nd.zeros(W2.shape)]
mx.nd.preloaded_multi_sgd_mom_update(*data, out=res, momentum=0.5, num_weights=2)
C["op_preloaded_multi_sgd_mom_update"] = {"out0": res[0], "out1": res[1], "mom0": data[2],
                                          "mom1": data[5]}
res = mx.nd.multi_lars(mx.nd.array([0.1, 0.2, 0.3]), mx.nd.array([4.0, 0.0, 9.0]),
                       mx.nd.array([1.0, 2.0, 16.0]), mx.nd.array([0.01, 0.0, 0.1]),
                       eta=0.5, eps=1e-3, rescale_grad=0.5)
C["op_multi_lars"] = {"out": res}

save("gluon_train_optimizer", C)
