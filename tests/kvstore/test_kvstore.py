"""mx.kv on one process: values against MXNet 1.9.1 (tests/golden/kvstore.npz, from
the shared scenarios in kv_scenarios.py), and MXNet's errors."""
import os
import sys

import numpy as np
import pytest

import mxjax as mx
from mxjax import nd, gluon
from mxjax.base import MXNetError

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kv_scenarios  # noqa: E402
import golden_utils  # noqa: E402

GOLDEN = golden_utils.load("kvstore")
OURS = kv_scenarios.run(mx)


@pytest.mark.parametrize("case", sorted(GOLDEN))
def test_scenarios_match_mxnet(case):
    assert set(OURS[case]) == set(GOLDEN[case])
    for field, expected in GOLDEN[case].items():
        golden_utils.assert_matches(OURS[case][field], expected, check_dtype=False)


def test_mx_kv_names_and_types():
    assert mx.kv is mx.kvstore
    names = {n for n in dir(mx.kv) if not n.startswith("_")}
    assert {"KVStore", "KVStoreBase", "KVStoreServer", "create", "base", "kvstore",
            "kvstore_server"} <= names
    for kind in ("local", "device", "nccl"):
        kv = mx.kv.create(kind)
        assert isinstance(kv, mx.kv.KVStoreBase)
        assert (kv.type, kv.rank, kv.num_workers) == (kind, 0, 1)
    assert mx.kv.create("TestStore").type == "teststore"
    assert not mx.kv.create("teststore").is_capable("optimizer")


def test_errors():
    kv = mx.kv.create("local")
    kv.init(3, nd.ones((2,)))
    with pytest.raises(MXNetError, match="duplicate init of key 3"):
        kv.init(3, nd.ones((2,)))
    with pytest.raises(MXNetError, match="Mixed key types"):
        kv.init("a", nd.ones((2,)))
    with pytest.raises(MXNetError, match="key 9 has not been inited"):
        kv.pull(9, out=nd.zeros((2,)))
    with pytest.raises(MXNetError, match="has not been inited"):
        kv.push(9, nd.zeros((2,)))
    with pytest.raises(MXNetError, match=r"shape \(3,\)"):
        kv.push(3, nd.ones((3,)))
    with pytest.raises(AssertionError):
        kv.pull(3)
    with pytest.raises(AssertionError, match="inconsistent types of keys"):
        mx.kv.create("local").init(["x", 1], [nd.ones(1), nd.ones(1)])
    with pytest.raises(TypeError, match="name must be a string"):
        mx.kv.create(3)
    with pytest.raises(ValueError, match="Unknown KVStore type"):
        mx.kv.create("foo")
    with pytest.raises(ValueError, match="Unknown capability"):
        kv.is_capable("x")
    with pytest.raises(MXNetError, match="Gradient compression"):
        kv.set_gradient_compression({"type": "2bit", "threshold": 0.5})
    with pytest.raises(AssertionError, match="no optimizer"):
        kv.save_optimizer_states("unused")


def test_str_keys_reach_the_updater_as_bytes():
    seen = []
    kv = mx.kv.create("local")
    kv.init("w", nd.ones((2,)))
    kv._set_updater(lambda key, recv, local: seen.append(key))
    kv.push("w", nd.ones((2,)))
    assert seen == [b"w"]  # as MXNet 1.9.1's ctypes callback gives it


def test_optimizer_states_save_load(tmp_path):
    grad = nd.array([1.0, -2.0, 3.0])

    def store(weight, states=None):
        kv = mx.kv.create("device")
        kv.set_optimizer(mx.optimizer.SGD(learning_rate=0.1, momentum=0.9))
        kv.init(0, weight)
        if states:
            kv.load_optimizer_states(states)
        return kv

    def step(kv):
        kv.push(0, grad)
        out = nd.zeros((3,))
        kv.pull(0, out=out)
        return out
    first = store(nd.ones((3,)))
    w1 = step(first)
    fname = str(tmp_path / "states")
    first.save_optimizer_states(fname)
    w2 = step(first).asnumpy()
    resumed = step(store(w1, fname)).asnumpy()
    fresh = step(store(w1)).asnumpy()
    np.testing.assert_allclose(resumed, w2, rtol=1e-6)
    assert not np.allclose(fresh, w2)  # the loaded momentum made the difference


def test_trainer_accepts_a_store_and_reports_mxnet_attributes():
    ctx = [mx.cpu(0), mx.cpu(1)]
    net = gluon.nn.Dense(2, in_units=3)
    net.initialize(ctx=ctx)
    kv = mx.kv.create("device")
    trainer = gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.1}, kvstore=kv)
    trainer._init_kvstore()
    assert trainer._kvstore is kv and trainer._update_on_kvstore is True
    assert len(trainer._updaters) == 2
    assert trainer._kvstore._updater.optimizer is trainer._optimizer
    single = gluon.nn.Dense(2, in_units=3)
    single.initialize()
    t1 = gluon.Trainer(single.collect_params(), "sgd", kvstore="device")
    t1._init_kvstore()
    assert t1._kvstore is None and t1._update_on_kvstore is None
    with pytest.raises(TypeError, match="kvstore must be KVStore, str or None"):
        gluon.Trainer(single.collect_params(), "sgd", kvstore=3)._init_kvstore()
