"""A Module's store (MXNet's ``model._create_kvstore`` rules), its executor group, and an
Optimizer object given to ``init_optimizer``."""
import numpy as np
import pytest

import mxjax as mx


def _net():
    data = mx.sym.var("data")
    return mx.sym.FullyConnected(data, num_hidden=3, name="fc")


def _trained(context, steps=3, **opt_kw):
    mod = mx.mod.Module(_net(), ("data",), None, context=context)
    mod.bind(data_shapes=[("data", (4, 5))])
    mod.init_params(mx.init.Constant(0.1))
    mod.init_optimizer(optimizer="sgd", optimizer_params=dict(learning_rate=0.5, momentum=0.9,
                                                              **opt_kw))
    x = mx.nd.array(np.arange(20).reshape(4, 5) / 10.0)
    for _ in range(steps):
        mod.forward(mx.io.DataBatch([x]), is_train=True)
        mod.backward([mx.nd.ones((4, 3))])
        mod.update()
    return mod


def test_create_kvstore_rules(monkeypatch):
    small = {"w": mx.nd.zeros((3,))}
    assert mx.model._create_kvstore("local", 1, small) == (None, False)
    assert mx.model._create_kvstore(None, 2, small) == (None, False)
    kv, on_kv = mx.model._create_kvstore("local", 2, small)
    assert kv.type == "local" and on_kv is True
    given = mx.kv.create("device")
    assert mx.model._create_kvstore(given, 1, small) == (given, True)
    monkeypatch.setenv("MXNET_UPDATE_ON_KVSTORE", "0")
    assert mx.model._create_kvstore("local", 2, small)[1] is False
    with pytest.raises(TypeError):
        mx.model._create_kvstore(5, 1, small)


def test_several_contexts_update_on_the_store_like_one_context():
    one = _trained(mx.cpu(0))
    two = _trained([mx.cpu(0), mx.cpu(1)])
    assert one._kvstore is None and one._update_on_kvstore is False
    assert two._kvstore is not None and two._update_on_kvstore and two._updater is None
    for n in ("fc_weight", "fc_bias"):
        np.testing.assert_allclose(two.get_params()[0][n].asnumpy(),
                                   one.get_params()[0][n].asnumpy(), rtol=1e-6)
    # the store's optimizer states are keyed by parameter name, as MXNet's
    assert set(two._kvstore._updater.states) == {"fc_weight", "fc_bias"}


def test_store_optimizer_states_round_trip(tmp_path):
    two = _trained([mx.cpu(0), mx.cpu(1)], steps=2)
    path = str(tmp_path / "m.states")
    two.save_optimizer_states(path)
    fresh = mx.mod.Module(_net(), ("data",), None)
    fresh.bind(data_shapes=[("data", (4, 5))])
    fresh.init_params()
    fresh.init_optimizer(optimizer_params=dict(learning_rate=0.5, momentum=0.9))
    fresh.load_optimizer_states(path)
    mine, theirs = two._kvstore._updater.states, fresh._updater.states
    assert set(mine) == set(theirs)
    for k in mine:
        np.testing.assert_array_equal(mine[k].asnumpy(), theirs[k].asnumpy())


def test_exec_group_shows_the_one_executor():
    mod = _trained(mx.cpu(0), steps=1)
    group = mod._exec_group
    assert group.execs == [mod._exec]
    assert group.param_names == ["fc_weight", "fc_bias"]
    assert group.param_arrays[0][0] is mod._exec.arg_dict["fc_weight"]
    assert group.grad_arrays[1][0] is mod._exec.grad_dict["fc_bias"]
    assert group.batch_size == 4
    with pytest.raises(mx.base.MXNetError):
        mx.module.executor_group.DataParallelExecutorGroup(_net(), [mx.cpu()], None,
                                                          [("data", (4, 5))], None, [],
                                                          True, False)


def test_an_optimizer_object_gets_the_parameter_names():
    mod = mx.mod.Module(_net(), ("data",), None)
    mod.bind(data_shapes=[("data", (4, 5))])
    mod.init_params()
    opt = mx.optimizer.SGD(learning_rate=0.1, rescale_grad=0.25)
    mod.init_optimizer(optimizer=opt)
    assert opt.idx2name == {0: "fc_weight", 1: "fc_bias"}
    other = mx.optimizer.SGD(learning_rate=0.1)
    with pytest.warns(UserWarning, match="rescale_grad"):
        mod.init_optimizer(optimizer=other, force_init=True)
