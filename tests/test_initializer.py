"""mx.init: deterministic initializers vs MXNet 1.9.1 golden values; random ones by
their statistics and reproducibility under mx.random.seed."""
import json
import warnings

import numpy as np
import pytest

import mxjax as mx
from mxjax.base import MXNetError
import golden_utils

G = golden_utils.load("gluon_train_init")


def run(init, name, shape, attrs=None, dtype="float32"):
    arr = mx.nd.full(shape, 7.0, dtype=dtype)
    init(mx.init.InitDesc(name, attrs), arr)
    return arr


@pytest.mark.parametrize("case,init,name,shape,attrs", [
    ("constant_weight", lambda: mx.init.Constant(0.5), "fc_weight", (3, 4), None),
    ("constant_array", lambda: mx.init.Constant(np.arange(4.0)), "fc_weight", (3, 4), None),
    ("zero_weight", lambda: mx.init.Zero(), "w_weight", (2, 3), None),
    ("one_weight", lambda: mx.init.One(), "w_weight", (2, 3), None),
    ("one_bias", lambda: mx.init.One(), "w_bias", (3,), None),
    ("zero_gamma", lambda: mx.init.Zero(), "bn_gamma", (3,), None),
    ("one_beta", lambda: mx.init.One(), "bn_beta", (3,), None),
    ("one_min", lambda: mx.init.One(), "q_min", (2,), None),
    ("zero_max", lambda: mx.init.Zero(), "q_max", (2,), None),
    ("attr_init_zeros", lambda: mx.init.One(), "x_weight", (2, 2), {"__init__": "zeros"}),
    ("attr_init_json", lambda: mx.init.Zero(), "x_bias", (2, 2),
     {"__init__": mx.init.Constant(3.0).dumps()}),
    ("bilinear", lambda: mx.init.Bilinear(), "up_weight", (2, 1, 4, 4), None),
    ("bilinear_odd", lambda: mx.init.Bilinear(), "up_weight", (1, 2, 3, 5), None),
    ("lstmbias", lambda: mx.init.LSTMBias(2.5), "lstm_bias", (8,), None),
    ("lstmbias_weightname", lambda: mx.init.LSTMBias(), "lstm_weight", (12,), None),
])
def test_deterministic_vs_mxnet(case, init, name, shape, attrs):
    golden_utils.assert_matches(run(init(), name, shape, attrs), G[case]["out"])


def test_float16_constant():
    golden_utils.assert_matches(run(mx.init.Constant(0.1), "w_weight", (3,), dtype="float16"),
                                G["fp16_constant"]["out"])


@pytest.mark.parametrize("mode,layers,bi,size_in", [("lstm", 2, True, 3), ("gru", 1, False, 2),
                                                    ("rnn_tanh", 2, False, 3)])
def test_fused_rnn(mode, layers, bi, size_in):
    h = 2
    m = {"lstm": 4, "gru": 3, "rnn_tanh": 1}[mode]
    b = 2 if bi else 1
    total = (size_in + h + 2) * h * m * b + (layers - 1) * m * h * (h + b * h + 2) * b
    init = mx.init.FusedRNN(mx.init.One(), h, layers, mode, bi, forget_bias=3.0)
    golden_utils.assert_matches(run(init, "rnn_weight", (total,)), G["fused_%s" % mode]["out"])
    assert json.loads(init.dumps()) == json.loads(str(G["fused_%s" % mode]["dumps"]))
    # from its own JSON
    again = mx.init.create(init.dumps())
    golden_utils.assert_matches(run(again, "rnn_weight", (total,)), G["fused_%s" % mode]["out"])


def test_fused_rnn_global_init():
    init = mx.init.FusedRNN(None, 2, 1, "lstm", False)
    arr = mx.nd.zeros((2 * 4 * (3 + 2 + 2),))
    init(mx.init.InitDesc("rnn_weight", global_init=mx.init.Constant(0.25)), arr)
    golden_utils.assert_matches(arr, G["fused_global"]["out"])


def test_fused_rnn_bad_size():
    with pytest.raises(MXNetError, match="Invalid parameters size"):
        run(mx.init.FusedRNN(None, 2, 1, "lstm"), "rnn_weight", (13,))


def test_load_and_mixed():
    params = {"arg:fc_weight": mx.nd.array(np.arange(6.0).reshape(2, 3)),
              "aux:bn_moving_mean": mx.nd.array([1.0, 2.0])}
    load = mx.init.Load(params, default_init=mx.init.Constant(9.0))
    out = {}
    for key, name, shape in (("fc_weight", "fc_weight", (2, 3)),
                             ("moving", "bn_moving_mean", (2,)), ("default", "other_weight", (4,))):
        arr = mx.nd.zeros(shape)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            load(name, arr)
        out[key] = arr
    for key in ("fc_weight", "moving", "default"):
        golden_utils.assert_matches(out[key], G["load"][key])
    with pytest.raises(AssertionError, match="Shape mismatch"):
        load("fc_weight", mx.nd.zeros((3, 2)))
    with pytest.raises(AssertionError, match="no default Initializer"):
        mx.init.Load(params)("missing_weight", mx.nd.zeros((1,)))

    mixed = mx.init.Mixed(["bias$", ".*"], [mx.init.Constant(2.0), mx.init.Constant(5.0)])
    a, b = mx.nd.zeros((3,)), mx.nd.zeros((3,))
    mixed(mx.init.InitDesc("fc_bias"), a)
    mixed(mx.init.InitDesc("fc_weight"), b)
    golden_utils.assert_matches(a, G["mixed"]["bias"])
    golden_utils.assert_matches(b, G["mixed"]["weight"])
    with pytest.raises(ValueError, match="did not match any pattern"):
        mx.init.Mixed(["^x"], [mx.init.Zero()])("y_weight", mx.nd.zeros((1,)))


def test_load_from_file(tmp_path):
    path = str(tmp_path / "p.params")
    mx.nd.save(path, {"arg:w_weight": mx.nd.array([[1.0, 2.0]])})
    arr = mx.nd.zeros((1, 2))
    mx.init.Load(path)("w_weight", arr)
    np.testing.assert_array_equal(arr.asnumpy(), [[1.0, 2.0]])


@pytest.mark.parametrize("name,init", [
    ("uniform", lambda: mx.init.Uniform()), ("normal", lambda: mx.init.Normal(0.5)),
    ("xavier", lambda: mx.init.Xavier("gaussian", "in", 2)),
    ("msra", lambda: mx.init.MSRAPrelu("out", 0.1)), ("orthogonal", lambda: mx.init.Orthogonal()),
    ("zero", lambda: mx.init.Zero()),
    ("constant_list", lambda: mx.init.Constant(np.array([1.0, 2.0]))),
    ("lstmbias", lambda: mx.init.LSTMBias(0.5)), ("bilinear", lambda: mx.init.Bilinear())])
def test_dumps_vs_mxnet(name, init):
    assert json.loads(init().dumps()) == json.loads(str(G["dumps_" + name]["text"]))


def test_gluon_initialize_uses_name_suffix():
    net = mx.gluon.nn.HybridSequential(prefix="net_")
    with net.name_scope():
        net.add(mx.gluon.nn.Dense(3, in_units=2), mx.gluon.nn.BatchNorm(in_channels=3))
    net.initialize(mx.init.Constant(0.75))
    got = {k: v.data() for k, v in net.collect_params().items()}
    assert sorted(got) == sorted(G["gluon_constant"])
    for k, v in G["gluon_constant"].items():
        golden_utils.assert_matches(got[k], v)


# -- random initializers -------------------------------------------------------------


def test_uniform_bounds_and_variance():
    arr = run(mx.init.Uniform(0.3), "w_weight", (200, 100)).asnumpy()
    assert arr.min() >= -0.3 and arr.max() <= 0.3
    np.testing.assert_allclose(arr.var(), 0.3 ** 2 / 3, rtol=0.05)
    assert abs(arr.mean()) < 0.01
    default = run(mx.init.Uniform(), "w_weight", (100, 100)).asnumpy()
    assert default.max() <= 0.07 and default.max() > 0.06


def test_normal_statistics():
    arr = run(mx.init.Normal(), "w_weight", (200, 100)).asnumpy()
    np.testing.assert_allclose(arr.std(), 0.01, rtol=0.05)
    assert abs(arr.mean()) < 0.001


@pytest.mark.parametrize("rnd_type,factor_type,magnitude,shape", [
    ("uniform", "avg", 3, (64, 32)), ("uniform", "in", 2, (32, 16, 3, 3)),
    ("gaussian", "out", 3, (64, 48)), ("gaussian", "avg", 1.5, (16, 8, 5, 5))])
def test_xavier_variance(rnd_type, factor_type, magnitude, shape):
    arr = run(mx.init.Xavier(rnd_type, factor_type, magnitude), "c_weight", shape).asnumpy()
    hw = np.prod(shape[2:]) if len(shape) > 2 else 1.0
    fan_in, fan_out = shape[1] * hw, shape[0] * hw
    factor = {"avg": (fan_in + fan_out) / 2.0, "in": fan_in, "out": fan_out}[factor_type]
    scale = np.sqrt(magnitude / factor)
    if rnd_type == "uniform":
        assert np.abs(arr).max() <= scale
        np.testing.assert_allclose(arr.var(), scale ** 2 / 3, rtol=0.1)
    else:
        np.testing.assert_allclose(arr.std(), scale, rtol=0.1)


def test_xavier_errors():
    with pytest.raises(ValueError, match="requires at least 2D"):
        run(mx.init.Xavier(), "v_weight", (5,))
    with pytest.raises(MXNetError, match="Incorrect factor type"):
        run(mx.init.Xavier(factor_type="bad"), "v_weight", (5, 5))
    with pytest.raises(ValueError, match="Unknown random type"):
        run(mx.init.Xavier(rnd_type="bad"), "v_weight", (5, 5))


def test_msraprelu_variance():
    init = mx.init.MSRAPrelu("in", slope=0.0)
    arr = run(init, "c_weight", (64, 100)).asnumpy()
    np.testing.assert_allclose(arr.std(), np.sqrt(2.0 / 100), rtol=0.1)
    assert init.magnitude == 2.0 and init.rnd_type == "gaussian"


@pytest.mark.parametrize("shape,rand_type", [((4, 6), "uniform"), ((6, 2, 2), "normal")])
def test_orthogonal(shape, rand_type):
    arr = run(mx.init.Orthogonal(scale=2.0, rand_type=rand_type), "o_weight", shape).asnumpy()
    flat = arr.reshape(shape[0], -1)
    small = flat @ flat.T if flat.shape[0] <= flat.shape[1] else flat.T @ flat
    np.testing.assert_allclose(small, 4.0 * np.eye(small.shape[0]), atol=1e-4)


@pytest.mark.parametrize("init", [lambda: mx.init.Uniform(), lambda: mx.init.Normal(1.0),
                                  lambda: mx.init.Xavier(), lambda: mx.init.Orthogonal()])
def test_random_reproducible_with_seed(init):
    mx.random.seed(42)
    a = run(init(), "w_weight", (8, 5)).asnumpy()
    b = run(init(), "w_weight", (8, 5)).asnumpy()
    mx.random.seed(42)
    c = run(init(), "w_weight", (8, 5)).asnumpy()
    np.testing.assert_array_equal(a, c)
    assert not np.array_equal(a, b)


def test_gluon_xavier_initialize_in_bounds():
    net = mx.gluon.nn.Dense(10, in_units=20)
    net.initialize(mx.init.Xavier(magnitude=3))
    w = net.weight.data().asnumpy()
    assert np.abs(w).max() <= np.sqrt(3.0 / 15) and np.abs(w).max() > 0
    np.testing.assert_array_equal(net.bias.data().asnumpy(), np.zeros(10))


# -- registry ------------------------------------------------------------------------


def test_create_forms():
    assert isinstance(mx.init.create("xavier"), mx.init.Xavier)
    assert isinstance(mx.init.create("Zeros"), mx.init.Zero)
    assert isinstance(mx.init.create("ones"), mx.init.One)
    x = mx.init.create("xavier", rnd_type="gaussian", magnitude=2)
    assert x.rnd_type == "gaussian" and x.magnitude == 2.0
    assert mx.init.create(x) is x
    again = mx.init.create(x.dumps())
    assert again == x and again is not x
    assert isinstance(mx.init.create({"initializer": "normal", "sigma": 2.0}), mx.init.Normal)
    assert mx.init.create('{"initializer": "uniform", "scale": 0.5}').scale == 0.5
    assert mx.init.Uniform(0.1) == mx.init.Uniform(0.1) and mx.init.Uniform(0.1) != \
        mx.init.Uniform(0.2)


def test_create_errors():
    with pytest.raises(MXNetError, match="foo is not registered"):
        mx.init.create("foo")
    with pytest.raises(AssertionError, match="already an instance"):
        mx.init.create(mx.init.Zero(), 1)
    with pytest.raises(ValueError, match="Unknown initialization pattern for w_running"):
        run(mx.init.Zero(), "w_running", (2,))


def test_register_custom():
    @mx.init.register
    class MyInitForTest(mx.init.Initializer):
        def _init_weight(self, _, arr):
            arr[:] = 42

    @mx.init.alias("answer_for_test")
    class Answer(MyInitForTest):
        pass

    arr = run(mx.init.create("myinitfortest"), "w_weight", (2,))
    np.testing.assert_array_equal(arr.asnumpy(), [42, 42])
    assert isinstance(mx.init.create("answer_for_test"), Answer)
    with pytest.raises(AssertionError):
        mx.init.register(int)


def test_legacy_string_call_warns():
    arr = mx.nd.zeros((2,))
    with pytest.warns(DeprecationWarning):
        mx.init.One()("fc_moving_var", arr)
    np.testing.assert_array_equal(arr.asnumpy(), [1, 1])
    with pytest.warns(DeprecationWarning):
        mx.init.One()("upsampling_weight", mx.nd.zeros((1, 1, 2, 2)))


def test_verbosity_logs(caplog):
    import logging
    caplog.set_level(logging.INFO)
    run(mx.init.Constant(1.0).set_verbosity(True), "w_weight", (4,))
    assert "Initialized w_weight as weight: 1.0" in caplog.text


def test_module_exports_ndarray_like_mxnet():
    assert mx.init.NDArray is mx.nd.NDArray
