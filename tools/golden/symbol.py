"""Golden fixtures for mx.sym / Executor / SymbolBlock.imports, from real MXNet 1.9.1.

Run with the reference interpreter, after ``python3 tools/golden/symbol_mxjax_side.py``
(which writes the JSON mxjax produces, so that this script can check MXNet loads it)::

    ~/.mxref/bin/python tools/golden/symbol.py

Writes ``tests/golden/symbol.npz`` and, under ``tests/golden/symbol/``, symbol JSON and
parameter files written by MXNet: ``mlp2``/``conv`` (symbol API), an old-format copy
of ``mlp2`` (``attr``/``param`` keys), and models exported by Gluon (an MLP, a LeNet
with BatchNorm, an LSTM) as ``<name>-symbol.json`` + ``<name>-0000.params``.
"""
import json
import os

import numpy as np
import mxnet as mx

from common import save, GOLDEN_DIR

FILES = os.path.join(GOLDEN_DIR, "symbol")


def names(lst):
    return np.array("\n".join(lst))


def shapes(lst):
    return np.array(json.dumps([list(s) for s in lst]))


def dtypes(lst):
    return np.array(json.dumps([np.dtype(d).name for d in lst]))


def mlp2():
    data = mx.symbol.Variable("data")
    out = mx.symbol.FullyConnected(data=data, name="fc1", num_hidden=16)
    out = mx.symbol.Activation(data=out, act_type="relu")
    out = mx.symbol.FullyConnected(data=out, name="fc2", num_hidden=10)
    return mx.symbol.SoftmaxOutput(data=out, name="sm")


def conv():
    data = mx.symbol.Variable("data")
    c1 = mx.symbol.Convolution(data=data, name="conv1", num_filter=4, kernel=(3, 3),
                               stride=(2, 2))
    bn1 = mx.symbol.BatchNorm(data=c1, name="bn1", fix_gamma=False)
    a1 = mx.symbol.Activation(data=bn1, name="relu1", act_type="relu")
    p1 = mx.symbol.Pooling(data=a1, name="mp1", kernel=(2, 2), stride=(2, 2), pool_type="max")
    fl = mx.symbol.Flatten(data=p1, name="flatten")
    fc = mx.symbol.FullyConnected(data=fl, name="fc2", num_hidden=5)
    return mx.symbol.SoftmaxOutput(data=fc, name="sm")


def arith():
    a = mx.sym.Variable("a")
    b = mx.sym.Variable("b")
    c = mx.sym.broadcast_add((a + b) * 2 - a / (b + 3),
                             mx.sym.sum(a * b, axis=1, keepdims=True))
    return mx.sym.Group([c, mx.sym.relu(a - 0.5), a ** 2])


def bind_case(sym, shape_kw, rng, is_train=True, label=None):
    exe = sym.simple_bind(mx.cpu(), **shape_kw)
    fields = {}
    for name, arr in sorted(exe.arg_dict.items()):
        value = rng.uniform(-1, 1, arr.shape).astype(np.float32)
        if name.endswith("label"):
            value = rng.randint(0, label, arr.shape).astype(np.float32)
        arr[:] = value
        fields["arg:" + name] = value
    for name, arr in sorted(exe.aux_dict.items()):
        value = rng.uniform(0.5, 1.5, arr.shape).astype(np.float32)
        arr[:] = value
        fields["aux:" + name] = value
    outs = exe.forward(is_train=is_train)
    for i, o in enumerate(outs):
        fields["out%d" % i] = o.asnumpy()
    heads = [mx.nd.array(rng.uniform(-1, 1, o.shape)) for o in outs]
    for i, h in enumerate(heads):
        fields["head%d" % i] = h.asnumpy()
    exe.backward(heads)
    for name, g in sorted(exe.grad_dict.items()):
        if g is not None:
            fields["grad:" + name] = g.asnumpy()
    for name, arr in sorted(exe.aux_dict.items()):
        fields["aux_after:" + name] = arr.asnumpy()
    return fields


def infer_case(sym, **kw):
    arg, out, aux = sym.infer_shape(**kw)
    targ, tout, taux = sym.infer_type(**{k: "float32" for k in kw})
    return {"arguments": names(sym.list_arguments()), "outputs": names(sym.list_outputs()),
            "aux": names(sym.list_auxiliary_states()), "inputs": names(sym.list_inputs()),
            "internals": names(sym.get_internals().list_outputs()),
            "arg_shapes": shapes(arg), "out_shapes": shapes(out), "aux_shapes": shapes(aux),
            "arg_types": dtypes(targ), "out_types": dtypes(tout), "aux_types": dtypes(taux),
            "json": np.array(sym.tojson())}


def old_format(json_text):
    """MXNet 0.x-style JSON: op parameters under "param", user attributes under "attr"."""
    d = json.loads(json_text)
    for node in d["nodes"]:
        attrs = node.pop("attrs", {})
        node["param"] = {k: v for k, v in attrs.items() if not k.startswith("__")}
        node["attr"] = {k: v for k, v in attrs.items() if k.startswith("__")}
        node["inputs"] = [e[:2] for e in node["inputs"]]
        node["backward_source_id"] = -1
    d["heads"] = [h[:2] for h in d["heads"]]
    d.pop("attrs", None)
    d.pop("node_row_ptr", None)
    return json.dumps(d, indent=2)


def exported_models(cases, rng):
    from mxnet import gluon
    nn = gluon.nn
    mx.random.seed(7)
    mlp = nn.HybridSequential(prefix="mlp_")
    with mlp.name_scope():
        mlp.add(nn.Dense(16, activation="relu"), nn.Dense(4))
    lenet = nn.HybridSequential(prefix="lenet_")
    with lenet.name_scope():
        lenet.add(nn.Conv2D(6, kernel_size=5, activation="tanh"), nn.BatchNorm(),
                  nn.MaxPool2D(pool_size=2, strides=2), nn.Conv2D(8, kernel_size=3),
                  nn.Activation("relu"), nn.AvgPool2D(pool_size=2), nn.Flatten(),
                  nn.Dense(10))
    lstm = gluon.rnn.LSTM(8, num_layers=2, layout="NTC", prefix="lstm_")
    models = [("mlp", mlp, (3, 7), ["data"]), ("lenet", lenet, (2, 1, 28, 28), ["data"]),
              ("lstm", lstm, (2, 5, 3), ["data0", "data1", "data2"])]
    for name, net, shape, inputs in models:
        net.initialize(mx.init.Xavier())
        net.hybridize()
        x = mx.nd.array(rng.uniform(-1, 1, shape))
        net(x)
        for pname, p in net.collect_params().items():
            if "running" in pname:  # moving statistics that are not the defaults
                p.set_data(mx.nd.array(rng.uniform(0.5, 1.5, p.shape)))
        out = net(x)
        net.export(os.path.join(FILES, name), epoch=0)
        imported = gluon.SymbolBlock.imports(os.path.join(FILES, name + "-symbol.json"),
                                             inputs,
                                             os.path.join(FILES, name + "-0000.params"))
        args = [x] + [mx.nd.zeros((2, 2, 8)) for _ in inputs[1:]]  # LSTM begin states
        res = imported(*args)
        res = res if isinstance(res, (list, tuple)) else [res]
        cases["export_" + name] = {"x": x.asnumpy(), "out": out.asnumpy(),
                                   "imported_out": res[0].asnumpy(),
                                   "inputs": names(inputs)}


def main():
    os.makedirs(FILES, exist_ok=True)
    rng = np.random.RandomState(0)
    cases = {}
    syms = {"mlp2": (mlp2(), {"data": (4, 6)}), "conv": (conv(), {"data": (2, 3, 17, 17)}),
            "arith": (arith(), {"a": (3, 4), "b": (3, 4)})}
    for name, (sym, kw) in syms.items():
        sym.save(os.path.join(FILES, name + "-symbol.json"))
        cases["infer_" + name] = infer_case(sym, **kw)
        cases["bind_" + name] = bind_case(sym, kw, rng, label=5)
    with open(os.path.join(FILES, "mlp2-old-symbol.json"), "w") as f:
        f.write(old_format(mlp2().tojson()))
    old = mx.sym.load(os.path.join(FILES, "mlp2-old-symbol.json"))
    cases["old_mlp2"] = {"json": np.array(old.tojson()),
                         "arguments": names(old.list_arguments())}
    # partial inference (MXNet's results, including the unknown entries)
    data = mx.sym.Variable("data")
    prev = mx.sym.Variable("prevstate")
    x2h = mx.sym.FullyConnected(data=data, name="x2h", num_hidden=8)
    h2h = mx.sym.FullyConnected(data=prev, name="h2h", num_hidden=8)
    out = mx.sym.Activation(data=mx.sym.elemwise_add(x2h, h2h), name="out", act_type="relu")
    arg, outs, aux = out.infer_shape_partial(data=(3, 5))
    cases["partial_rnn_cell"] = {"arg_shapes": shapes(arg), "out_shapes": shapes(outs)}
    # eval of the symbol written by mxjax (tools/golden/symbol_mxjax_side.py)
    mxjax_file = os.path.join(FILES, "mxjax_written-symbol.json")
    if os.path.exists(mxjax_file):
        sym = mx.sym.load(mxjax_file)
        arg, outs, aux = sym.infer_shape(data=(4, 6))
        fields = bind_case(sym, {"data": (4, 6)}, rng, label=10)
        fields["arg_shapes"] = shapes(arg)
        fields["aux_shapes"] = shapes(aux)
        fields["arguments"] = names(sym.list_arguments())
        cases["mxjax_written"] = fields
    exported_models(cases, rng)
    save("symbol", cases)


if __name__ == "__main__":
    main()
