"""mx.callback with Module.fit: checkpoints written per period, Speedometer logs."""
import logging
import os

import numpy as np

import mxjax as mx


def test_do_checkpoint_and_speedometer(tmp_path, caplog):
    x = np.random.RandomState(0).uniform(-1, 1, (12, 3)).astype(np.float32)
    y = (x[:, 0] > 0).astype(np.float32)
    it = mx.io.NDArrayIter(x, y, batch_size=2)
    out = mx.sym.SoftmaxOutput(mx.sym.FullyConnected(mx.sym.var("data"), num_hidden=2,
                                                     name="fc"), name="softmax")
    mod = mx.mod.Module(out)
    prefix = os.path.join(str(tmp_path), "m")
    with caplog.at_level(logging.INFO):
        mod.fit(it, num_epoch=4, epoch_end_callback=mx.callback.do_checkpoint(prefix, 2),
                batch_end_callback=mx.callback.Speedometer(2, frequent=2))
    assert sorted(f for f in os.listdir(str(tmp_path)) if f.endswith(".params")) == \
        ["m-0002.params", "m-0004.params"]
    assert any("samples/sec" in r.getMessage() for r in caplog.records)
    sym, args, _ = mx.model.load_checkpoint(prefix, 4)
    final, _ = mod.get_params()
    np.testing.assert_allclose(args["fc_weight"].asnumpy(), final["fc_weight"].asnumpy())
