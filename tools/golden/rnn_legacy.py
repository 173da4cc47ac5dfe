"""Golden fixtures for ``mx.rnn`` (MXNet's legacy symbolic RNN cells), from real MXNet 1.9.1.

    ~/.mxref/bin/python tools/golden/rnn_legacy.py

Writes ``tests/golden/rnn_legacy.npz``:

* ``cell_<name>``: a cell (built by ``CELLS[name]``, the same code as in
  tests/rnn/test_rnn_cell.py) unrolled over 3 steps: the JSON of the group of outputs
  and states, ``list_arguments``/``list_outputs``, the output shapes, the forward
  outputs with parameters from NumPy's RandomState (in ``list_arguments`` order), and
  (for the deterministic cells) the parameter gradients for all-ones head gradients.
* ``unpack_<name>``: ``unpack_weights`` of those parameters, per unpacked name.
* ``states``: a Module with ``state_names`` (the begin states of a 2-layer LSTM):
  outputs after ``set_states(value=1)``, after ``set_states(states=outputs)``, and
  again (states persist), and the states read by ``get_states``.
* ``iter_<layout>``: ``BucketSentenceIter`` batches (two epochs) with Python's and
  NumPy's generators seeded; ``encode``: ``encode_sentences``' codes and vocabulary.
"""
import json
import random

import numpy as np
import mxnet as mx

from common import save

T, N, C, H = 3, 2, 5, 4


def _seq():
    s = mx.rnn.SequentialRNNCell()
    s.add(mx.rnn.LSTMCell(H, prefix="a_"))
    s.add(mx.rnn.DropoutCell(0.5, prefix="d_"))
    s.add(mx.rnn.ResidualCell(mx.rnn.GRUCell(H, prefix="b_")))
    return s


CELLS = {
    "rnn_relu": (lambda: mx.rnn.RNNCell(H, activation="relu", prefix="r_"), "NTC", True),
    "lstm": (lambda: mx.rnn.LSTMCell(H, prefix="l_", forget_bias=0.5), "NTC", True),
    "gru_tnc": (lambda: mx.rnn.GRUCell(H, prefix="g_"), "TNC", False),
    "fused_bi2": (lambda: mx.rnn.FusedRNNCell(H, num_layers=2, mode="lstm", bidirectional=True,
                                              get_next_state=True, prefix="f_"), "TNC", True),
    "fused_gru": (lambda: mx.rnn.FusedRNNCell(H, num_layers=1, mode="gru",
                                              get_next_state=True, prefix="fg_"), "NTC", True),
    "seq": (_seq, "NTC", True),
    "bi": (lambda: mx.rnn.BidirectionalCell(mx.rnn.LSTMCell(H, prefix="bl_"),
                                            mx.rnn.GRUCell(H, prefix="br_"),
                                            output_prefix="bo_"), "NTC", True),
    "bi_list": (lambda: mx.rnn.BidirectionalCell(mx.rnn.RNNCell(H, prefix="xl_"),
                                                 mx.rnn.RNNCell(H, prefix="xr_")), "NTC", False),
    "zoneout": (lambda: mx.rnn.ZoneoutCell(mx.rnn.LSTMCell(H, prefix="z_"), 0.3, 0.2),
                "NTC", True),
    "conv_lstm": (lambda: mx.rnn.ConvLSTMCell((N, 2, 5, 5), 2, prefix="c_"), "NTC", True),
    "conv_gru": (lambda: mx.rnn.ConvGRUCell((N, 2, 5, 5), 2, prefix="cg_"), "NTC", True),
}
RANDOM = {"seq", "zoneout"}  # Dropout inside: forward in inference mode only


def data_shape(name, layout):
    if name.startswith("conv"):
        return (N, T, 2, 5, 5)
    return (N, T, C) if layout == "NTC" else (T, N, C)


def build(name):
    """``(cell, group symbol)`` of the unrolled cell."""
    make, layout, merge = CELLS[name]
    with mx.name.NameManager():  # automatic names (split0 ...) from a fresh counter
        return _build(make, layout, merge)


def _build(make, layout, merge):
    cell = make()
    outputs, states = cell.unroll(T, mx.sym.Variable("data"), layout=layout,
                                  merge_outputs=merge)
    outputs = outputs if isinstance(outputs, list) else [outputs]
    flat = []
    for s in states:
        flat.extend(s if isinstance(s, list) else [s])
    return cell, mx.sym.Group(outputs + flat)


def params_for(sym, shapes, seed=0):
    rng = np.random.RandomState(seed)
    return {n: rng.uniform(-0.5, 0.5, s).astype(np.float32)
            for n, s in zip(sym.list_arguments(), shapes)}


def cell_cases(cases):
    for name, (_, layout, _) in CELLS.items():
        cell, sym = build(name)
        dshape = data_shape(name, layout)
        arg_shapes, out_shapes, _ = sym.infer_shape(data=dshape)
        values = params_for(sym, arg_shapes)
        exe = sym.simple_bind(mx.cpu(), data=dshape)
        for k, v in values.items():
            exe.arg_dict[k][:] = v
        outs = [o.asnumpy() for o in exe.forward(is_train=False)]
        case = {"json": np.array(sym.tojson()),
                "arguments": np.array(sym.list_arguments()),
                "outputs": np.array(sym.list_outputs()),
                "out_shapes": np.array(json.dumps([list(s) for s in out_shapes]))}
        for i, o in enumerate(outs):
            case["out%d" % i] = o
        if name not in RANDOM:
            exe.forward(is_train=True)
            exe.backward([mx.nd.ones(s) for s in out_shapes])
            for k in sym.list_arguments():
                case["grad_" + k] = exe.grad_dict[k].asnumpy()
        cases["cell_" + name] = case
        if name in ("lstm", "gru_tnc", "fused_bi2", "bi", "seq"):
            args = {k: mx.nd.array(v) for k, v in values.items() if k != "data"}
            unpacked = cell.unpack_weights(args)
            cases["unpack_" + name] = {k: v.asnumpy() for k, v in unpacked.items()}


def sentences():
    rng = np.random.RandomState(3)
    return [[int(x) for x in rng.randint(1, 9, size=rng.randint(1, 9))] for _ in range(40)]


def iter_cases(cases):
    for layout in ("NT", "TN"):
        random.seed(5)
        np.random.seed(5)
        it = mx.rnn.BucketSentenceIter(sentences(), 4, buckets=[3, 6, 8], invalid_label=0,
                                       layout=layout)
        case = {"buckets": np.array(it.buckets), "default": np.array(it.default_bucket_key),
                "provide": np.array([d.shape for d in it.provide_data + it.provide_label])}
        for epoch in range(2):
            for i, b in enumerate(it):
                pre = "e%d_b%d_" % (epoch, i)
                case[pre + "data"] = b.data[0].asnumpy()
                case[pre + "label"] = b.label[0].asnumpy()
                case[pre + "key"] = np.array(b.bucket_key)
            it.reset()
        cases["iter_" + layout] = case
    # default buckets: every length with at least batch_size sentences
    it = mx.rnn.BucketSentenceIter(sentences(), 5)
    cases["iter_default"] = {"buckets": np.array(it.buckets), "n": np.array(len(it.idx))}
    words = [s.split() for s in ["the cat sat", "a cat ran", "the dog sat down"]]
    codes, vocab = mx.rnn.encode_sentences(words, invalid_label=0, start_label=0)
    keys = sorted(vocab)
    cases["encode"] = {"codes": np.array(sum(codes, [])), "keys": np.array(keys),
                       "values": np.array([vocab[k] for k in keys])}


def states_module():
    """A Module whose outputs are the final states of a 2-layer LSTM and whose begin
    states are its ``state_names`` (MXNet's test_module_states, small)."""
    stack = mx.rnn.SequentialRNNCell()
    for i in range(2):
        stack.add(mx.rnn.LSTMCell(num_hidden=H, prefix="lstm_l%d_" % i))
    begin = stack.begin_state(func=mx.sym.Variable)
    _, states = stack.unroll(T, begin_state=begin, inputs=mx.sym.Variable("data"))
    mod = mx.mod.Module(mx.sym.Group(states), label_names=None,
                        state_names=[b.name for b in begin])
    mod.bind(data_shapes=[("data", (N, T, C))], label_shapes=None, for_training=False)
    rng = np.random.RandomState(1)
    shapes = dict(zip(mod.symbol.list_arguments(),
                      mod.symbol.infer_shape(data=(N, T, C))[0]))
    params = {n: mx.nd.array(rng.uniform(-0.5, 0.5, shapes[n]))
              for n in mod.symbol.list_arguments() if n.endswith(("weight", "bias"))}
    mod.init_params(arg_params=params)
    batch = mx.io.DataBatch(data=[mx.nd.array(rng.uniform(-1, 1, (N, T, C)))], label=[])
    return mod, batch


def states_cases(cases):
    mod, batch = states_module()
    case = {"names": np.array(mod._state_names),
            "initial": np.stack([s[0].asnumpy()
                                 for s in mod.get_states(merge_multi_context=False)])}
    mod.set_states(value=1)
    mod.forward(batch)
    out = mod.get_outputs(merge_multi_context=False)
    case["out1"] = np.stack([o.asnumpy() for o in mod.get_outputs()])
    mod.set_states(states=out)
    case["states2"] = np.stack([s[0].asnumpy()
                                for s in mod.get_states(merge_multi_context=False)])
    mod.forward(batch)
    case["out2"] = np.stack([o.asnumpy() for o in mod.get_outputs()])
    mod.forward(batch)  # states persist between forwards
    case["out3"] = np.stack([o.asnumpy() for o in mod.get_outputs()])
    cases["states"] = case


if __name__ == "__main__":
    cases = {}
    cell_cases(cases)
    states_cases(cases)
    iter_cases(cases)
    save("rnn_legacy", cases)
