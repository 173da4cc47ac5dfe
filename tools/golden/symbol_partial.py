"""Partial shape inference and attribute keys under real MXNet 1.9.1
(tests/symbol/test_infer_partial.py reads tests/golden/symbol_partial.json).

    ~/.mxref/bin/python tools/golden/symbol_partial.py

The cases are written once, in CASES, as functions of the ``mx`` module, so the test
runs the very same code on mxjax.
"""
import json
import os
import warnings


def _shapes(result):
    return [None if part is None else [None if s is None else list(s) for s in part]
            for part in result]


def cases(mx):
    """{name: JSON-able result} of each case, computed with the module ``mx``."""
    S = mx.sym
    x, y = S.var("x"), S.var("y")
    out = {}
    out["dot"] = _shapes(S.dot(x, y, transpose_b=True).infer_shape_partial(x=(0, 7), y=(3, 7)))
    out["batch_dot"] = _shapes(S.batch_dot(x, y).infer_shape_partial(x=(0, 3, 4), y=(0, 4, 5)))
    out["fc"] = _shapes(S.FullyConnected(x, num_hidden=4, name="fc").infer_shape_partial(
        x=(0, 6)))
    out["concat_fwd"] = _shapes(S.Concat(x, y, dim=0).infer_shape_partial(x=(2, 0), y=(3, 4)))
    a, b, c = S.var("a", shape=(0, 3)), S.var("b", shape=(4, 3)), S.var("c", shape=(9, 3))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out["concat_axis_not_inferred"] = _shapes((S.Concat(a, b, dim=0) + c).infer_shape())
    a, d = S.var("a", shape=(0, 10)), S.var("d", shape=(2, 0))
    out["concat_back"] = _shapes((d + S.Concat(a, S.var("b", shape=(0, 5)), dim=1))
                                 .infer_shape())
    a, c = S.var("a", shape=(0, 12, 0)), S.var("c", shape=(2, 4, 5))
    out["split_back"] = _shapes((S.SliceChannel(a, num_outputs=3, axis=1)[2] * c).infer_shape())
    a, c = S.var("a", shape=(0, 6)), S.var("c", shape=(4,))
    out["split_squeeze_back"] = _shapes((S.SliceChannel(a, num_outputs=6, axis=1,
                                                        squeeze_axis=True)[0] - c).infer_shape())
    a, c = S.var("a", shape=(0, 3, 0, 0)), S.var("c", shape=(2, 8, 5, 5))
    out["conv_back"] = _shapes((S.Convolution(a, num_filter=8, kernel=(3, 3), pad=(1, 1))
                                + c).infer_shape())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out["conv_back_stride2"] = _shapes((S.Convolution(a, num_filter=8, kernel=(3, 3),
                                                          stride=(2, 2), pad=(1, 1))
                                            + c).infer_shape())
    out["where"] = _shapes(S.where(S.var("cond"), x, y).infer_shape_partial(
        cond=(3, 2), x=(0, 2), y=(3, 0)))
    out["where_cond_unknown"] = _shapes(S.where(S.var("cond"), x, y).infer_shape_partial(
        cond=(0, 2), x=(3, 2), y=(3, 2)))
    out["transpose"] = _shapes(S.transpose(x, axes=(1, 0, 2)).infer_shape_partial(x=(0, 3, 5)))
    out["unknown"] = _shapes(S.sin(S.var("q")).infer_shape_partial())
    with mx.np_shape(True):
        out["np_dot"] = _shapes(S.dot(x, y).infer_shape_partial(x=(-1, 3), y=(3, 2)))
        out["np_unknown"] = _shapes(S.sin(S.var("q")).infer_shape_partial())
    v = S.var("v", attr={"lr_mult": "2", "mood": "x", "ctx_group": "g"}, wd_mult=3)
    out["var_attrs"] = [sorted(v.list_attr().items()), v.attr("lr_mult"), v.attr("__wd_mult__"),
                        v.attr("wd_mult"), v.attr("__mood__")]
    conv = S.Convolution(v, name="conv", kernel=(1, 1), num_filter=2,
                         attr={"__mood__": "so", "wd_mult": "4"}, lr_mult=5)
    out["op_attrs"] = {k: sorted(a.items()) for k, a in conv.attr_dict().items()}
    return out


if __name__ == "__main__":
    import mxnet as mx
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests",
                        "golden", "symbol_partial.json")
    with open(path, "w") as f:
        json.dump(cases(mx), f, indent=1, sort_keys=True)
    print("wrote", os.path.normpath(path))
