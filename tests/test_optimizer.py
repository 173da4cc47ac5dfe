"""mx.optimizer: every optimizer for 5 steps vs MXNet 1.9.1 (through an Updater, as
gluon.Trainer calls it), the nd.*_update operators, the registry and the fused step."""
import os
import pickle
import sys

import numpy as np
import pytest

import mxjax as mx
from mxjax.base import MXNetError
import golden_utils

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools",
                                "golden"))
from gluon_train_opt_cases import CONFIGS, MP_CONFIGS, weights, grads  # noqa: E402

G = golden_utils.load("gluon_train_optimizer")

# Python-side rules (several rounded NDArray ops) and LAMB's norms may differ by an ulp
TOL = {"rtol": 2e-5, "atol": 1e-6}


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
                        out["state%d_%d_%d" % (idx, k, k2)] = s2.asnumpy()
            elif s is not None:
                out["state%d_%d" % (idx, k)] = s.asnumpy()
    out["num_update"] = np.array(opt.num_update)
    return out, opt


def compare(got, expected, tol):
    assert sorted(got) == sorted(expected), (sorted(got), sorted(expected))
    for k, v in expected.items():
        golden_utils.assert_matches(got[k], v, check_dtype=(k != "num_update"), **tol)


@pytest.mark.parametrize("case", sorted(CONFIGS))
def test_optimizer_5_steps_vs_mxnet(case):
    name, kwargs = CONFIGS[case]
    got, _ = run_updater(name, kwargs, "float32")
    compare(got, G["opt_" + case], TOL)


@pytest.mark.parametrize("case", sorted(MP_CONFIGS))
def test_multi_precision_vs_mxnet(case):
    name, kwargs = MP_CONFIGS[case]
    got, _ = run_updater(name, kwargs, "float16")
    compare(got, G["opt_" + case], {"rtol": 1e-3, "atol": 1e-3})


def test_fused_step_compiles_once_across_lr_changes():
    opt = mx.optimizer.SGD(learning_rate=0.1, momentum=0.9)
    upd = mx.optimizer.get_updater(opt)
    ws = [mx.nd.array(w) for w in weights()]
    for step, gs in enumerate(grads()):
        opt.set_learning_rate(0.1 / (step + 1))
        opt.rescale_grad = 1.0 / (step + 1)
        upd([0, 1], [mx.nd.array(g) for g in gs], ws)
    assert opt.num_compiles == 1
    opt.momentum = 0.5  # a static setting: compiles again
    upd([0, 1], [mx.nd.array(g) for g in grads()[0]], ws)
    assert opt.num_compiles == 2


def test_direct_update_one_index():
    opt = mx.optimizer.Adam(learning_rate=0.01)
    w = mx.nd.array(weights()[0])
    st = opt.create_state(0, w)
    for gs in grads():
        opt.update(0, w, mx.nd.array(gs[0]), st)
    exp = G["adam_direct"]
    golden_utils.assert_matches(w, exp["w"], **TOL)
    golden_utils.assert_matches(st[0], exp["mean"], **TOL)
    golden_utils.assert_matches(st[1], exp["var"], **TOL)
    assert opt.num_update == int(exp["num_update"])


def test_lr_wd_mult_by_name():
    opt = mx.optimizer.SGD(learning_rate=0.1, wd=0.1,
                           param_idx2name={0: "fc_weight", 1: "fc_bias"})
    opt.set_lr_mult({"fc_weight": 0.5})
    assert opt.wd_mult == {"fc_bias": 0.0}
    upd = mx.optimizer.get_updater(opt)
    ws = [mx.nd.array(w) for w in weights()]
    for gs in grads():
        upd([0, 1], [mx.nd.array(g) for g in gs], ws)
    golden_utils.assert_matches(ws[0], G["sgd_mults"]["w0"], **TOL)
    golden_utils.assert_matches(ws[1], G["sgd_mults"]["w1"], **TOL)


def test_sgld_statistics():
    mx.random.seed(3)
    opt = mx.optimizer.SGLD(learning_rate=0.01)
    upd = mx.optimizer.get_updater(opt)
    w = mx.nd.zeros((20000,))
    upd(0, mx.nd.zeros((20000,)), w)
    # zero gradient: the step is the noise N(0, sqrt(lr))
    np.testing.assert_allclose(w.asnumpy().std(), 0.1, rtol=0.05)
    w2 = mx.nd.ones((4,))
    opt2 = mx.optimizer.SGLD(learning_rate=1e-12, wd=0.0)
    opt2.update(0, w2, mx.nd.ones((4,)), None)
    np.testing.assert_allclose(w2.asnumpy(), np.ones(4), atol=1e-5)


def test_dcasgd_momentum_fails_as_mxnet():
    opt = mx.optimizer.DCASGD(momentum=0.9)
    w = mx.nd.ones((3,))
    with pytest.raises(MXNetError):
        opt.update(0, w, mx.nd.ones((3,)), opt.create_state(0, w))


# -- registry, base class ------------------------------------------------------------


def test_create_and_registry():
    for name, cls in (("sgd", mx.optimizer.SGD), ("Adam", mx.optimizer.Adam),
                      ("rmsprop", mx.optimizer.RMSProp), ("ccsgd", mx.optimizer.ccSGD),
                      ("lbsgd", mx.optimizer.LBSGD), ("test", mx.optimizer.Test)):
        assert type(mx.optimizer.create(name)) is cls
    assert mx.optimizer.create("sgd", learning_rate=0.5).lr == 0.5
    with pytest.raises(ValueError, match="Cannot find optimizer nosuch"):
        mx.optimizer.create("nosuch")
    with pytest.raises(MXNetError):
        mx.optimizer.create("nosuch")
    assert not hasattr(mx.optimizer, "AdamW")  # not in MXNet 1.9.1


def test_defaults_as_mxnet():
    assert mx.optimizer.SGD().lr == 0.01
    assert mx.optimizer.Adam().lr == 0.001
    assert mx.optimizer.Adamax().lr == 0.002
    assert mx.optimizer.Signum().lr == 0.01 and mx.optimizer.Signum().momentum == 0.9
    assert mx.optimizer.Ftrl().lr == 0.1
    assert mx.optimizer.RMSProp().gamma1 == 0.9
    assert mx.optimizer.SGD().aggregate_num == 4 and mx.optimizer.LAMB().aggregate_num == 45
    assert mx.optimizer.Adam().aggregate_num == 0


def test_register_custom_mxnet_style():
    @mx.optimizer.register
    class MyPlainSGDForTest(mx.optimizer.Optimizer):
        def update(self, index, weight, grad, state):
            self._update_count(index)
            weight[:] = weight - self._get_lr(index) * grad

    opt = mx.optimizer.create("myplainsgdfortest", learning_rate=0.5)
    upd = mx.optimizer.get_updater(opt)
    w = mx.nd.ones((2,))
    upd(0, mx.nd.ones((2,)), w)
    np.testing.assert_allclose(w.asnumpy(), [0.5, 0.5])
    assert opt.num_update == 1
    with pytest.warns(UserWarning, match="overriding existing optimizer"):
        mx.optimizer.register(MyPlainSGDForTest)


def test_learning_rate_and_scheduler():
    sched = mx.lr_scheduler.FactorScheduler(step=1, factor=0.5, base_lr=1.0)
    opt = mx.optimizer.SGD(lr_scheduler=sched)
    assert opt.learning_rate == 1.0
    with pytest.raises(UserWarning):
        opt.set_learning_rate(0.1)
    opt2 = mx.optimizer.SGD(learning_rate=0.3)
    opt2.set_learning_rate(0.2)
    assert opt2.learning_rate == 0.2
    with pytest.raises(DeprecationWarning):
        opt2.set_lr_scale({})


def test_begin_num_update_and_contexts():
    opt = mx.optimizer.SGD(begin_num_update=10)
    opt._update_count(0)
    assert opt.num_update == 11 and opt._index_update_count[0] == 11
    opt._set_current_context(1)
    opt._update_count(0)
    assert opt._index_update_count[0] == 11 and opt.num_update == 11


def test_updater_states_roundtrip():
    opt = mx.optimizer.Adam(learning_rate=0.01)
    upd = mx.optimizer.get_updater(opt)
    ws = [mx.nd.array(w) for w in weights()]
    gs = grads()
    for g in gs[:2]:
        upd([0, 1], [mx.nd.array(x) for x in g], ws)
    blob = upd.get_states(dump_optimizer=True)
    upd2 = mx.optimizer.get_updater(mx.optimizer.Adam())
    upd2.set_states(blob)
    assert upd2.optimizer.num_update == 2 and upd2.optimizer.lr == 0.01
    ws2 = [w.copy() for w in ws]
    for g in gs[2:]:
        upd([0, 1], [mx.nd.array(x) for x in g], ws)
        upd2([0, 1], [mx.nd.array(x) for x in g], ws2)
    for a, b in zip(ws, ws2):
        np.testing.assert_array_equal(a.asnumpy(), b.asnumpy())
    only = pickle.loads(upd.get_states())
    assert sorted(only) == [0, 1]


def test_float16_warns_without_multi_precision():
    with pytest.warns(UserWarning, match="multi_precision=True"):
        mx.optimizer.SGD(momentum=0.9).create_state_multi_precision(
            0, mx.nd.ones((2,), dtype="float16"))


# -- the nd.*_update operators ----------------------------------------------------------

_OPS = {
    "op_sgd_update": ("sgd_update", {"lr": 0.1, "wd": 0.05, "rescale_grad": 0.7}, []),
    "op_sgd_update_clip": ("sgd_update", {"lr": 0.1, "wd": 0.05, "rescale_grad": 0.7,
                                          "clip_gradient": 0.2}, []),
    "op_sgd_mom_update": ("sgd_mom_update", {"lr": 0.1, "wd": 0.05, "rescale_grad": 0.7,
                                             "momentum": 0.9}, ["mom"]),
    "op_nag_mom_update": ("nag_mom_update", {"lr": 0.1, "wd": 0.05, "rescale_grad": 0.7,
                                             "momentum": 0.9, "clip_gradient": 0.5}, ["mom"]),
    "op_adam_update": ("adam_update", {"lr": 0.1, "wd": 0.05, "rescale_grad": 0.7,
                                       "beta1": 0.8, "beta2": 0.9, "epsilon": 1e-3},
                       ["mean", "var"]),
    "op_rmsprop_update": ("rmsprop_update", {"lr": 0.1, "wd": 0.05, "rescale_grad": 0.7,
                                             "gamma1": 0.8, "clip_weights": 0.5}, ["n"]),
    "op_rmspropalex_update": ("rmspropalex_update", {"lr": 0.1, "wd": 0.05,
                                                     "rescale_grad": 0.7, "gamma1": 0.8,
                                                     "gamma2": 0.7}, ["n", "g", "delta"]),
    "op_ftrl_update": ("ftrl_update", {"lr": 0.1, "wd": 0.05, "rescale_grad": 0.7,
                                       "lamda1": 0.1, "beta": 0.5}, ["z", "n"]),
    "op_ftml_update": ("ftml_update", {"lr": 0.1, "wd": 0.05, "rescale_grad": 0.7, "t": 3,
                                       "beta1": 0.5}, ["d", "v", "z"]),
    "op_signsgd_update": ("signsgd_update", {"lr": 0.1, "wd": 0.05, "rescale_grad": 0.7}, []),
    "op_signum_update": ("signum_update", {"lr": 0.1, "wd": 0.05, "rescale_grad": 0.7,
                                           "momentum": 0.7, "wd_lh": 0.1}, ["mom"]),
    "op_lamb_update_phase1": ("lamb_update_phase1", {"beta1": 0.8, "beta2": 0.9, "t": 2,
                                                     "wd": 0.05, "rescale_grad": 0.7},
                              ["mean", "var"]),
    "op_lamb_update_phase1_nobc": ("lamb_update_phase1", {"t": 2, "wd": 0.05,
                                                          "bias_correction": False,
                                                          "clip_gradient": 0.3},
                                   ["mean", "var"]),
    "op_lamb_update_phase2": ("lamb_update_phase2", {"lr": 0.1, "lower_bound": 2.5,
                                                     "upper_bound": 10.0}, []),
}


@pytest.mark.parametrize("case", sorted(_OPS))
def test_update_operator_vs_mxnet(case):
    op, attrs, states = _OPS[case]
    exp = G[case]
    arrays = {k[3:]: mx.nd.array(v) for k, v in exp.items() if k.startswith("in_")}
    res = getattr(mx.nd, op)(**arrays, **attrs)
    golden_utils.assert_matches(res, exp["out"], rtol=1e-5, atol=1e-6)
    for s in states:
        golden_utils.assert_matches(arrays[s], exp["st_" + s], rtol=1e-5, atol=1e-6)
    # out= writes the weight in place and returns it
    arrays = {k[3:]: mx.nd.array(v) for k, v in exp.items() if k.startswith("in_")}
    target = arrays["weight"]
    assert getattr(mx.nd, op)(**arrays, out=target, **attrs) is target
    golden_utils.assert_matches(target, exp["out"], rtol=1e-5, atol=1e-6)


def _inputs():
    rng = np.random.RandomState(3)

    def arr(*shape, pos=False):
        v = rng.normal(0, 1, shape).astype("float32")
        return np.abs(v) + 0.1 if pos else v
    W, G_, M = arr(2, 3), arr(2, 3), arr(2, 3)
    arr(2, 3, pos=True)
    for _ in range(0):
        pass
    return W, G_, M


def test_mp_update_operators_vs_mxnet():
    W, Gr, M = G["op_sgd_update"]["in_weight"], G["op_sgd_update"]["in_grad"], \
        G["op_sgd_mom_update"]["in_mom"]
    W16 = W.astype("float16")
    for case, fn, kw, st in (
            ("op_mp_sgd_mom_update", mx.nd.mp_sgd_mom_update,
             {"lr": 0.1, "momentum": 0.9, "wd": 0.01}, ["mom", "weight32"]),
            ("op_mp_nag_mom_update", mx.nd.mp_nag_mom_update,
             {"lr": 0.1, "momentum": 0.9, "wd": 0.01}, ["mom", "weight32"]),
            ("op_mp_sgd_update", mx.nd.mp_sgd_update, {"lr": 0.1, "wd": 0.01}, ["weight32"])):
        nds = {"weight": mx.nd.array(W16, dtype="float16"),
               "grad": mx.nd.array(Gr, dtype="float16"),
               "weight32": mx.nd.array(W16.astype("float32"))}
        if "mom" in st:
            nds["mom"] = mx.nd.array(M)
        res = fn(**nds, **kw)
        exp = G[case]
        golden_utils.assert_matches(res, exp["out"], rtol=1e-3, atol=1e-3)
        for s in st:
            golden_utils.assert_matches(nds[s], exp["st_" + s], rtol=1e-5, atol=1e-6)


def test_multi_update_operators_vs_mxnet():
    rng = np.random.RandomState(3)
    W, Gr, M = (rng.normal(0, 1, (2, 3)).astype("float32") for _ in range(3))
    rng.normal(0, 1, (2, 3))
    W2, G2, M2 = (rng.normal(0, 1, (4,)).astype("float32") for _ in range(3))
    np.testing.assert_array_equal(W, G["op_sgd_update"]["in_weight"])
    data = [mx.nd.array(x) for x in (W, Gr, M, W2, G2, M2)]
    outs = [mx.nd.zeros(W.shape), mx.nd.zeros(W2.shape)]
    mx.nd.multi_sgd_mom_update(*data, out=outs, lrs=[0.1, 0.2], wds=[0.01, 0.0], momentum=0.9,
                               rescale_grad=0.5, clip_gradient=0.4, num_weights=2)
    exp = G["op_multi_sgd_mom_update"]
    for k, v in (("out0", outs[0]), ("out1", outs[1]), ("mom0", data[2]), ("mom1", data[5])):
        golden_utils.assert_matches(v, exp[k], rtol=1e-6, atol=1e-7)
    data = [mx.nd.array(x) for x in (W, Gr, W2, G2)]
    res = mx.nd.multi_sgd_update(*data, lrs=[0.1, 0.2], wds=[0.01, 0.1], num_weights=2)
    golden_utils.assert_matches(res[0], G["op_multi_sgd_update"]["out0"], rtol=1e-6)
    golden_utils.assert_matches(res[1], G["op_multi_sgd_update"]["out1"], rtol=1e-6)
    data = [mx.nd.array(x) for x in (W, Gr, M, W2, G2, M2)] + [mx.nd.array([0.3, 0.1]),
                                                                mx.nd.array([0.0, 0.2])]
    res = mx.nd.preloaded_multi_sgd_mom_update(*data, momentum=0.5, num_weights=2)
    exp = G["op_preloaded_multi_sgd_mom_update"]
    for k, v in (("out0", res[0]), ("out1", res[1]), ("mom0", data[2]), ("mom1", data[5])):
        golden_utils.assert_matches(v, exp[k], rtol=1e-6, atol=1e-7)
    res = mx.nd.multi_lars(mx.nd.array([0.1, 0.2, 0.3]), mx.nd.array([4.0, 0.0, 9.0]),
                           mx.nd.array([1.0, 2.0, 16.0]), mx.nd.array([0.01, 0.0, 0.1]),
                           eta=0.5, eps=1e-3, rescale_grad=0.5)
    golden_utils.assert_matches(res, G["op_multi_lars"]["out"], rtol=1e-6)


def test_update_operator_errors():
    w = mx.nd.ones((2,))
    with pytest.raises(MXNetError, match="lr"):
        mx.nd.sgd_update(w, w)
    with pytest.raises(MXNetError, match="unexpected argument"):
        mx.nd.sgd_mom_update(w, w, w, lr=0.1, bogus=1)
    with pytest.raises(MXNetError, match="num_weights"):
        mx.nd.multi_sgd_update(w, w, w, lrs=[0.1], wds=[0.0], num_weights=1)


@pytest.mark.parametrize("name,cls", [("adadelta", "AdaDelta"), ("adagrad", "AdaGrad"),
                                      ("ftml", "FTML"), ("lars", "LARS"), ("nadam", "Nadam"),
                                      ("signum", "Signum"), ("sgld", "SGLD"),
                                      ("dcasgd", "DCASGD"), ("adamax", "Adamax"),
                                      ("ftrl", "Ftrl"), ("lamb", "LAMB")])
def test_registry_names(name, cls):
    assert type(mx.optimizer.create(name)) is getattr(mx.optimizer, cls)


def test_multi_precision_operators_match_float32_rules():
    rng = np.random.RandomState(0)
    w, g, m = (rng.normal(size=(3, 2)).astype("float32") for _ in range(3))
    kw = {"lrs": [0.1], "wds": [0.01], "num_weights": 1, "rescale_grad": 0.5}
    ref = mx.nd.multi_sgd_update(mx.nd.array(w), mx.nd.array(g), **kw)
    w32 = mx.nd.array(w)
    out = mx.nd.multi_mp_sgd_update(mx.nd.array(w), mx.nd.array(g), w32, **kw)
    np.testing.assert_array_equal(out.asnumpy(), ref.asnumpy())
    np.testing.assert_array_equal(w32.asnumpy(), ref.asnumpy())
    mom_a, mom_b, w32 = mx.nd.array(m), mx.nd.array(m), mx.nd.array(w)
    ref = mx.nd.multi_sgd_mom_update(mx.nd.array(w), mx.nd.array(g), mom_a, momentum=0.9, **kw)
    out = mx.nd.multi_mp_sgd_mom_update(mx.nd.array(w), mx.nd.array(g), mom_b, w32,
                                        momentum=0.9, **kw)
    np.testing.assert_array_equal(out.asnumpy(), ref.asnumpy())
    np.testing.assert_array_equal(mom_a.asnumpy(), mom_b.asnumpy())
    lrs, wds = mx.nd.array([0.1]), mx.nd.array([0.01])
    pre = mx.nd.preloaded_multi_sgd_update(mx.nd.array(w), mx.nd.array(g), lrs, wds,
                                           num_weights=1, rescale_grad=0.5)
    ref = mx.nd.multi_sgd_update(mx.nd.array(w), mx.nd.array(g), **kw)
    np.testing.assert_array_equal(pre.asnumpy(), ref.asnumpy())
    w32 = mx.nd.array(w)
    pre = mx.nd.preloaded_multi_mp_sgd_update(mx.nd.array(w), mx.nd.array(g), w32, lrs, wds,
                                              num_weights=1, rescale_grad=0.5)
    np.testing.assert_array_equal(pre.asnumpy(), ref.asnumpy())
    mom_b, w32 = mx.nd.array(m), mx.nd.array(w)
    pre = mx.nd.preloaded_multi_mp_sgd_mom_update(mx.nd.array(w), mx.nd.array(g), mom_b, w32,
                                                  lrs, wds, momentum=0.9, num_weights=1,
                                                  rescale_grad=0.5)
    ref = mx.nd.multi_sgd_mom_update(mx.nd.array(w), mx.nd.array(g), mx.nd.array(m),
                                     momentum=0.9, **kw)
    np.testing.assert_array_equal(pre.asnumpy(), ref.asnumpy())
    v = np.abs(rng.normal(size=(3, 2))).astype("float32")
    kw = {"t": 2, "wd": 0.05, "beta1": 0.8, "beta2": 0.9}
    mean_a, var_a = mx.nd.array(m), mx.nd.array(v)
    ref = mx.nd.lamb_update_phase1(mx.nd.array(w), mx.nd.array(g), mean_a, var_a, **kw)
    mean_b, var_b = mx.nd.array(m), mx.nd.array(v)
    out = mx.nd.mp_lamb_update_phase1(mx.nd.array(w, dtype="float16"),
                                      mx.nd.array(g, dtype="float16"), mean_b, var_b,
                                      mx.nd.array(w.astype("float16").astype("float32")), **kw)
    np.testing.assert_allclose(out.asnumpy(), ref.asnumpy(), rtol=2e-2, atol=2e-3)
    r1, r2 = mx.nd.array([2.0]), mx.nd.array([0.5])
    ref = mx.nd.lamb_update_phase2(mx.nd.array(w), mx.nd.array(g), r1, r2, lr=0.1)
    out = mx.nd.mp_lamb_update_phase2(mx.nd.array(w, dtype="float16"), mx.nd.array(g), r1, r2,
                                      mx.nd.array(w), lr=0.1)
    assert out.dtype == np.float16
    np.testing.assert_allclose(out.asnumpy(), ref.asnumpy(), rtol=1e-3, atol=1e-3)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_sgld_noise_is_nd_random_normal_after_the_same_seed(dtype):
    # MXNet's SGLD draws mx.nd.random.normal(0, sqrt(lr), dtype=weight.dtype) in Python, so
    # after the same mx.random.seed the update equals that expression (float64 too)
    import math
    opt = mx.optimizer.SGLD(learning_rate=0.1, wd=0.01)
    w = mx.nd.random.uniform(shape=(3, 4), dtype=dtype)
    g = mx.nd.random.uniform(shape=(3, 4), dtype=dtype)
    ref = w.copy()
    state = opt.create_state_multi_precision(0, w)
    mx.random.seed(5)
    opt.update_multi_precision(0, w, g, state)
    mx.random.seed(5)
    noise = mx.nd.random.normal(0, math.sqrt(0.1), shape=ref.shape, dtype=dtype)
    ref[:] += -0.1 / 2 * (g + 0.01 * ref) + noise
    tol = 1e-6 if dtype == np.float32 else 1e-14
    np.testing.assert_allclose(w.asnumpy(), ref.asnumpy(), rtol=tol, atol=tol)


def test_instances_with_equal_settings_share_their_compiled_step():
    # MXNet's tests (and many scripts) build a new optimizer per run: the second one
    # takes the first one's program instead of compiling again
    shapes = [(7, 3), (5,)]
    kw = dict(learning_rate=0.1, beta1=0.8, clip_gradient=0.3)
    done = []
    for run in range(2):
        opt = mx.optimizer.LAMB(**kw)
        ws = [mx.nd.ones(s) for s in shapes]
        gs = [mx.nd.ones(s) * 0.5 for s in shapes]
        states = [opt.create_state(i, w) for i, w in enumerate(ws)]
        before = mx.engine.stats()["compiles"]
        opt.update_multi_precision([0, 1], ws, gs, states)
        done.append((mx.engine.stats()["compiles"] - before, opt.num_compiles,
                     [w.asnumpy() for w in ws]))
    assert done[0][0] == 1 and done[1][0] == 0
    assert done[0][1] == done[1][1] == 1     # each needed one program
    for a, b in zip(done[0][2], done[1][2]):
        np.testing.assert_array_equal(a, b)
    # a different static setting is a different program
    opt = mx.optimizer.LAMB(**dict(kw, beta1=0.7))
    ws = [mx.nd.ones(s) for s in shapes]
    before = mx.engine.stats()["compiles"]
    opt.update_multi_precision([0, 1], ws, [mx.nd.ones(s) for s in shapes],
                               [opt.create_state(i, w) for i, w in enumerate(ws)])
    assert mx.engine.stats()["compiles"] - before == 1


def test_a_shared_program_does_not_keep_the_parameters_alive():
    import gc
    import weakref
    param = mx.gluon.Parameter("w", shape=(4,))
    param.initialize()
    opt = mx.optimizer.Adam(param_dict={0: param}, beta1=0.77)
    w, g = param.data(), mx.nd.ones((4,))
    opt.update_multi_precision([0], [w], [g], [opt.create_state(0, w)])
    ref = weakref.ref(param)
    del param, opt, w, g
    gc.collect()
    assert ref() is None
