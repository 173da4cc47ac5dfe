"""mx.rnn checkpoints: weights saved unpacked per gate, loaded packed again."""
import numpy as np

import mxjax as mx


def _net(cell):
    out, _ = cell.unroll(3, mx.sym.Variable("data"), merge_outputs=True)
    return out


def test_save_and_load_rnn_checkpoint(tmp_path):
    cell = mx.rnn.LSTMCell(4, prefix="k_")
    sym = _net(cell)
    shapes, _, _ = sym.infer_shape(data=(2, 3, 5))
    rng = np.random.RandomState(0)
    args = {n: mx.nd.array(rng.randn(*s)) for n, s in zip(sym.list_arguments(), shapes)
            if n != "data"}
    prefix = str(tmp_path / "lstm")
    mx.rnn.save_rnn_checkpoint(cell, prefix, 3, sym, args, {})
    # the file holds the per-gate arrays
    saved = mx.nd.load(prefix + "-0003.params")
    assert "arg:k_i2h_f_weight" in saved and "arg:k_i2h_weight" not in saved
    np.testing.assert_array_equal(saved["arg:k_h2h_o_bias"].asnumpy(),
                                  args["k_h2h_bias"].asnumpy()[12:16])
    sym2, arg2, aux2 = mx.rnn.load_rnn_checkpoint([cell], prefix, 3)
    assert sym2.list_arguments() == sym.list_arguments() and aux2 == {}
    assert sorted(arg2) == sorted(args)
    for k in args:
        np.testing.assert_array_equal(arg2[k].asnumpy(), args[k].asnumpy())


def test_do_rnn_checkpoint_period(tmp_path):
    cell = mx.rnn.GRUCell(2, prefix="p_")
    sym = _net(cell)
    shapes, _, _ = sym.infer_shape(data=(1, 3, 2))
    args = {n: mx.nd.ones(s) for n, s in zip(sym.list_arguments(), shapes) if n != "data"}
    cb = mx.rnn.do_rnn_checkpoint(cell, str(tmp_path / "g"), period=2)
    for epoch in range(4):
        cb(epoch, sym, args, {})
    written = sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".params")
    assert written == ["g-0002.params", "g-0004.params"]
    assert "arg:p_i2h_z_weight" in mx.nd.load(str(tmp_path / "g-0002.params"))
