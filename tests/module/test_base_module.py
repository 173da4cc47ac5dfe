"""mx.mod.BaseModule: the interface and the fit/score/predict loops over it."""
import numpy as np
import pytest

import mxjax as mx


class Recorder(mx.mod.BaseModule):
    """A module whose 'network' doubles its input; records the calls the loops make."""

    def __init__(self):
        super().__init__()
        self.calls = []
        self._out = None

    @property
    def data_shapes(self):
        return [mx.io.DataDesc("data", (2, 3))]

    def bind(self, data_shapes, label_shapes=None, **kwargs):
        self.calls.append("bind")
        self.binded = True

    def init_params(self, *args, **kwargs):
        self.calls.append("init_params")
        self.params_initialized = True

    def init_optimizer(self, *args, **kwargs):
        self.calls.append("init_optimizer")

    def get_params(self):
        return {}, {}

    def forward(self, data_batch, is_train=None):
        self.calls.append("forward:%s" % bool(is_train))
        self._out = data_batch.data[0] * 2

    def backward(self, out_grads=None):
        self.calls.append("backward")

    def update(self):
        self.calls.append("update")

    def get_outputs(self, merge_multi_context=True):
        return [self._out]

    def update_metric(self, eval_metric, labels, pre_sliced=False):
        eval_metric.update(labels, self.get_outputs())


def test_fit_calls_the_interface_in_order():
    it = mx.io.NDArrayIter(np.ones((4, 3), np.float32), np.ones((4, 3), np.float32),
                           batch_size=2)
    mod = Recorder()
    ends = []
    mod.fit(it, num_epoch=2, eval_metric="mse",
            epoch_end_callback=lambda epoch, sym, arg, aux: ends.append((epoch, sym)))
    assert mod.calls[:3] == ["bind", "init_params", "init_optimizer"]
    assert mod.calls[3:] == ["forward:True", "backward", "update"] * 4
    assert ends == [(0, None), (1, None)]  # no symbol: None, as in MXNet


def test_score_and_predict_use_forward():
    x = np.arange(12, dtype=np.float32).reshape(4, 3)
    it = mx.io.NDArrayIter(x, 2 * x, batch_size=2)
    mod = Recorder()
    assert mod.score(it, "mse")[0][1] == 0.0
    np.testing.assert_array_equal(mod.predict(it).asnumpy(), 2 * x)
    np.testing.assert_array_equal(mod.predict(x).asnumpy(), 2 * x)  # an array: batched
    assert "forward:True" not in mod.calls


def test_unimplemented_methods_raise():
    mod = mx.mod.BaseModule()
    with pytest.raises(NotImplementedError, match="forward"):
        mod.forward(None)
    with pytest.raises(NotImplementedError, match="data_names"):
        mod.data_names
    with pytest.raises(mx.base.MXNetError, match="specify number of epochs"):
        mod.fit(None)
    assert isinstance(mx.mod.Module(mx.sym.var("data") * 2), mx.mod.BaseModule)
