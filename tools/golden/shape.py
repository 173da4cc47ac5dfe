"""Golden fixtures for the shape family of mx.nd (Reshape ... im2col, Cast, eye, linspace).

Run with the reference interpreter::

    ~/.mxref/bin/python tools/golden/shape.py

Every case is a line of code evaluated with ``nd`` and the named input arrays in
scope; tests/ndarray/test_ops_shape.py evaluates the same code with mxjax. Values,
gradients (for a fixed random head gradient on every floating output) and the fact
that MXNet raised are recorded. ``run_cases`` is shared with tools/golden/indexing.py.
"""
import json
import os
import sys
import warnings

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

warnings.filterwarnings("ignore")


def R(*shape, seed=0, dtype="float32"):
    """Reproducible standard-normal input."""
    return np.random.RandomState(seed).randn(*shape).astype(dtype)


def A(n, shape, dtype="float32"):
    """arange(n) reshaped (distinct values)."""
    return np.arange(n).reshape(shape).astype(dtype)


def V(values, dtype="float32"):
    return np.array(values, dtype=dtype)


class Case(dict):
    """One call: ``code`` (expression or statements that set ``res``), its inputs and options."""


def C(name, code, grad=None, heads=None, rtol=1e-5, atol=1e-6, **inputs):
    return Case(name=name, code=code, inputs=inputs, grad=grad, heads=heads, rtol=rtol,
                atol=atol)


def _evaluate(code, nd, arrs):
    import mxnet as mx
    ns = {"nd": nd, "np": np, "mx": mx}
    ns.update(arrs)
    try:
        expr = compile(code, "<case>", "eval")
    except SyntaxError:
        exec(compile(code, "<case>", "exec"), ns)  # noqa: S102 - our own case code
        return ns["res"]
    return eval(expr, ns)  # noqa: S307 - our own case code


def run_case(case, seed):
    """Run one case under MXNet; the fields of its fixture entry."""
    from mxnet import nd, autograd
    inputs = case["inputs"]
    arrs = {k: nd.array(v, dtype=v.dtype) for k, v in inputs.items()}
    grad = case["grad"]
    if grad is None:
        grad = [k for k, v in inputs.items() if np.issubdtype(v.dtype, np.floating)]
    meta = {"code": case["code"], "grad": grad, "rtol": case["rtol"], "atol": case["atol"]}
    fields = {"in_" + k: v for k, v in inputs.items()}
    try:
        if grad:
            for k in grad:
                arrs[k].attach_grad()
            with autograd.record():
                res = _evaluate(case["code"], nd, arrs)
        else:
            res = _evaluate(case["code"], nd, arrs)
        multi = isinstance(res, (list, tuple))
        outs = list(res) if multi else [res]
        vals = [o.asnumpy() for o in outs]
    except Exception as err:  # noqa: BLE001 - recorded as an expected error
        meta["error"] = type(err).__name__
        fields["meta"] = np.array(json.dumps(meta))
        return fields
    meta["multi"] = multi
    meta["kind"] = type(res).__name__
    meta["nout"] = len(outs)
    for i, v in enumerate(vals):
        fields["out%d" % i] = v
    heads = case["heads"]
    if heads is None:
        heads = [i for i, o in enumerate(outs) if np.issubdtype(o.dtype, np.floating)]
    if grad and heads:
        rng = np.random.RandomState(seed)
        hg = [nd.array(rng.randn(*outs[i].shape), dtype=outs[i].dtype) for i in heads]
        meta["heads"] = heads
        try:
            autograd.backward([outs[i] for i in heads], hg)
            grads = {k: arrs[k].grad.asnumpy() for k in grad}
        except Exception as err:  # noqa: BLE001
            meta["grad_error"] = type(err).__name__
        else:
            for i, h in zip(heads, hg):
                fields["head%d" % i] = h.asnumpy()
            for k, g in grads.items():
                fields["grad_" + k] = g
    fields["meta"] = np.array(json.dumps(meta))
    return fields


def run_cases(name, cases):
    names = [c["name"] for c in cases]
    dup = {n for n in names if names.count(n) > 1}
    if dup:
        raise ValueError("duplicate case names: %s" % sorted(dup))
    out = {}
    for i, c in enumerate(cases):
        if os.environ.get("GOLDEN_VERBOSE"):
            print(c["name"], flush=True)
        out[c["name"]] = run_case(c, 1000 + i)
    common.save(name, out)


X = A(24, (2, 3, 4))
X4 = R(2, 3, 4, 5, seed=1)


def reshape_cases():
    cs = []
    codes = [
        ((6, 4), False), ((0, -1), False), ((-1, 0), True), ((-4, 1, 2, -2), False),
        ((-4, -1, 1, -2), False), ((-3, -2), False), ((0, 0, 0, 1), False),
        ((-2, 1, 1), False), ((4, -1), True), ((-3, 0), True), ((0, -3), True),
        ((-2, -3), True), ((0, 0, -4, 2, 2), False), ((-4, 1, 2, -3), False),
        ((1, -1, -2), False), ((0, 4, -1), False), ((-1,), False), ((2, 3, 4), False),
        ((2, -4, 3, 1, 0), False), ((-1, 2, 2), False), ((3, 2, -4, 1, 0), True),
        ((-4, 2, -1, -2), False), ((0, -4, -1, 3, 0), False),
        # errors
        ((-1, -1), False), ((-3, -3), False), ((-4, -1, -1, 0, 0), False), ((0, 0, 0, 0), False),
        ((-4, 2, 3, 0), False), ((3, -4, 2, -1, 0), True),
        ((-5,), False), ((-4, 2, 2, -2), False),
    ]
    for shp, rev in codes:
        name = "Reshape_%s%s" % ("_".join(str(d).replace("-", "m") for d in shp),
                                 "_rev" if rev else "")
        cs.append(C(name, "nd.Reshape(x, shape=%r, reverse=%r)" % (shp, rev), x=X))
    cs += [
        C("reshape_alias", "nd.reshape(x, (4, 6))", x=X),
        C("reshape_f64", "nd.reshape(x, shape=(-1,))", x=X4.astype("float64")),
        C("reshape_int", "nd.reshape(x, shape=(3, -1))", x=X.astype("int32")),
        C("reshape_target", "nd.Reshape(x, target_shape=(4, 6))", x=X),
        C("reshape_target0", "nd.Reshape(x, target_shape=(4, 0))", x=X),
        C("reshape_keep_highest", "nd.Reshape(x, target_shape=(5, 0), keep_highest=True)", x=X),
        C("reshape_method_tuple", "x.reshape((0, -1))", x=X),
        C("reshape_method_args", "x.reshape(4, -1)", x=X),
        C("reshape_method_kw", "x.reshape(shape=(-1, 4), reverse=True)", x=X),
        C("reshape_method_reverse", "x.reshape((-1, 0), reverse=True)", x=X),
        C("reshape_method_bad", "x.reshape((5, -1))", x=X),
        C("reshape_method_bad2", "x.reshape(7, 7)", x=X),
        C("reshape_method_bad3", "x.reshape((-1, -1))", x=X),
        C("reshape_like", "nd.reshape_like(x, y)", x=X, y=R(6, 4)),
        C("reshape_like_range", "nd.reshape_like(x, y, lhs_begin=0, lhs_end=2, rhs_begin=0, "
          "rhs_end=1)", x=X, y=R(6, 4)),
        C("reshape_like_neg", "nd.reshape_like(x, y, lhs_begin=-1, rhs_begin=1)", x=X,
          y=R(6, 2, 2)),
        C("reshape_like_mid", "nd.reshape_like(x, y, lhs_begin=1, lhs_end=3, rhs_begin=0, "
          "rhs_end=2)", x=X, y=R(3, 4, 1)),
        C("reshape_like_bad", "nd.reshape_like(x, y)", x=X, y=R(5, 4)),
        C("reshape_like_bad_size", "nd.reshape_like(x, y, lhs_begin=1, rhs_begin=1, rhs_end=2)",
          x=X, y=R(6, 2, 2)),
        C("reshape_like_bad_range", "nd.reshape_like(x, y, lhs_begin=1, lhs_end=1, rhs_begin=0, "
          "rhs_end=1)", x=X, y=R(1, 24)),
        C("reshape_like_method", "x.reshape_like(y)", x=X, y=R(4, 3, 2)),
    ]
    return cs


def layout_cases():
    return [
        C("Flatten_3d", "nd.Flatten(x)", x=X),
        C("flatten_4d", "nd.flatten(x)", x=X4),
        C("flatten_1d", "nd.flatten(x)", x=R(5)),
        C("flatten_method", "x.flatten()", x=X4),
        C("flatten_int", "nd.flatten(x)", x=X.astype("int64")),
        C("expand_dims_0", "nd.expand_dims(x, axis=0)", x=X),
        C("expand_dims_end", "nd.expand_dims(x, axis=3)", x=X),
        C("expand_dims_neg", "nd.expand_dims(x, axis=-2)", x=X),
        C("expand_dims_neg_first", "nd.expand_dims(x, axis=-4)", x=X),
        C("expand_dims_pos", "nd.expand_dims(x, 1)", x=X),
        C("expand_dims_bad", "nd.expand_dims(x, axis=4)", x=X),
        C("expand_dims_bad_neg", "nd.expand_dims(x, axis=-5)", x=X),
        C("expand_dims_method", "x.expand_dims(1)", x=X),
        C("squeeze_all", "nd.squeeze(x)", x=R(1, 3, 1, 2)),
        C("squeeze_axes", "nd.squeeze(x, axis=(0, 2))", x=R(1, 3, 1, 2)),
        C("squeeze_neg", "nd.squeeze(x, axis=-2)", x=R(1, 3, 1, 2)),
        C("squeeze_to_scalar", "nd.squeeze(x)", x=R(1, 1)),
        C("squeeze_none", "nd.squeeze(x)", x=R(2, 3)),
        C("squeeze_bad", "nd.squeeze(x, axis=1)", x=R(1, 3, 1)),
        C("squeeze_method", "x.squeeze()", x=R(1, 3, 1)),
        C("squeeze_method_axis", "x.squeeze(axis=2)", x=R(1, 3, 1)),
        C("transpose_default", "nd.transpose(x)", x=X),
        C("transpose_axes", "nd.transpose(x, axes=(1, 0, 2))", x=X),
        C("transpose_4d", "nd.transpose(x, axes=(3, 1, 0, 2))", x=X4),
        C("transpose_bad_len", "nd.transpose(x, axes=(0, 1))", x=X),
        C("transpose_bad_neg", "nd.transpose(x, axes=(-1, 0, 1))", x=X),
        C("transpose_method", "x.transpose((2, 0, 1))", x=X),
        C("T", "x.T", x=R(3, 4)),
        C("SwapAxis", "nd.SwapAxis(x, dim1=0, dim2=2)", x=X),
        C("swapaxes_neg", "nd.swapaxes(x, dim1=-1, dim2=1)", x=X4),
        C("swapaxes_default", "nd.swapaxes(x)", x=X),
        C("swapaxes_pos", "nd.swapaxes(x, 0, 1)", x=X),
        C("swapaxes_bad", "nd.swapaxes(x, dim1=3, dim2=0)", x=X),
        C("swapaxes_method", "x.swapaxes(1, 2)", x=X),
        C("moveaxis", "nd.moveaxis(x, 0, 2)", x=X),
        C("moveaxis_neg", "nd.moveaxis(x, -1, 0)", x=X4),
        C("moveaxis_tuple", "nd.moveaxis(x, (0, 1), (3, 2))", x=X4),
        C("moveaxis_bad", "nd.moveaxis(x, 3, 0)", x=X),
        C("moveaxis_bad_len", "nd.moveaxis(x, (0, 1), (2,))", x=X),
        C("flip", "nd.flip(x, axis=1)", x=X),
        C("flip_tuple", "nd.flip(x, axis=(0, 2))", x=X),
        C("flip_bad_neg", "nd.flip(x, axis=(0, -1))", x=X),
        C("reverse", "nd.reverse(x, axis=2)", x=X4),
        C("flip_bad", "nd.flip(x, axis=3)", x=X),
        C("flip_method", "x.flip(axis=0)", x=X),
        C("tile_short", "nd.tile(x, reps=(2,))", x=X),
        C("tile_long", "nd.tile(x, reps=(2, 1, 1, 2))", x=X),
        C("tile_same", "nd.tile(x, reps=(1, 2, 3))", x=R(2, 2, 2)),
        C("tile_bad", "nd.tile(x, reps=(0, 1))", x=X),
        C("tile_method", "x.tile((2, 2))", x=R(2, 3)),
        C("repeat_flat", "nd.repeat(x, repeats=2)", x=X),
        C("repeat_axis", "nd.repeat(x, repeats=3, axis=1)", x=R(2, 3)),
        C("repeat_neg", "nd.repeat(x, repeats=2, axis=-1)", x=X),
        C("repeat_method", "x.repeat(2, axis=0)", x=R(2, 3)),
        C("repeat_bad_axis", "nd.repeat(x, repeats=2, axis=3)", x=X),
    ]


def join_cases():
    a, b, c = R(2, 3, 4, seed=1), R(2, 2, 4, seed=2), R(2, 1, 4, seed=3)
    return [
        C("Concat_default", "nd.Concat(a, b, dim=1)", a=a, b=b),
        C("concat_three", "nd.concat(a, b, c, dim=1)", a=a, b=b, c=c),
        C("concat_num_args", "nd.concat(a, b, num_args=2, dim=1)", a=a, b=b),
        C("concat_neg", "nd.concat(a, d, dim=-1)", a=a, d=R(2, 3, 2, seed=4)),
        C("concat_axis0", "nd.concat(a, d, dim=0)", a=a, d=R(1, 3, 4, seed=4)),
        C("concat_one", "nd.concat(a, dim=0)", a=a),
        C("concat_default_dim", "nd.concat(a, b)", a=a, b=b),
        C("concat_int", "nd.concat(a, b, dim=0)", a=X.astype("int32"), b=X.astype("int32")),
        C("concat_bad_dtype", "nd.concat(a, b, dim=0)", a=X, b=X.astype("int32")),
        C("concat_bad_shape", "nd.concat(a, b, dim=2)", a=a, b=b),
        C("concat_bad_dim", "nd.concat(a, b, dim=3)", a=a, b=b),
        C("concatenate", "nd.concatenate([a, d])", a=a, d=R(1, 3, 4, seed=4), grad=[]),
        C("concatenate_axis", "nd.concatenate([a, b], 1)", a=a, b=b, grad=[]),
        C("concatenate_kw", "nd.concatenate([a, b, c], axis=1)", a=a, b=b, c=c, grad=[]),
        C("stack", "nd.stack(a, d)", a=a, d=R(2, 3, 4, seed=4)),
        C("stack_axis", "nd.stack(a, d, axis=2)", a=a, d=R(2, 3, 4, seed=4)),
        C("stack_neg", "nd.stack(a, d, e, axis=-1)", a=a, d=R(2, 3, 4, seed=4),
          e=R(2, 3, 4, seed=5)),
        C("stack_num_args", "nd.stack(a, d, num_args=2, axis=1)", a=a, d=R(2, 3, 4, seed=4)),
        C("stack_bad_axis", "nd.stack(a, d, axis=4)", a=a, d=R(2, 3, 4, seed=4)),
        C("stack_bad_shape", "nd.stack(a, b)", a=a, b=b),
        C("split", "nd.split(x, num_outputs=2, axis=2)", x=X4),
        C("split_default_axis", "nd.split(x, num_outputs=3)", x=X4),
        C("SliceChannel", "nd.SliceChannel(x, num_outputs=4, axis=-2)", x=X4),
        C("split_squeeze", "nd.split(x, num_outputs=3, axis=1, squeeze_axis=True)", x=X),
        C("split_one", "nd.split(x, num_outputs=1, axis=1)", x=X),
        C("split_pos", "nd.split(x, 2, 0)", x=X),
        C("split_bad", "nd.split(x, num_outputs=2, axis=1)", x=X),
        C("split_method", "x.split(num_outputs=2, axis=-1)", x=X),
        C("split_v2_sections", "nd.split_v2(x, 3, axis=1, squeeze_axis=True)", x=X),
        C("split_v2_indices", "nd.split_v2(x, (1, 3), axis=2)", x=X),
        C("split_v2_default_axis", "nd.split_v2(x, 2)", x=X),
        C("split_v2_one", "nd.split_v2(x, 1, axis=2)", x=X),
        C("split_v2_neg", "nd.split_v2(x, (1,), axis=-1)", x=X4),
        C("split_v2_bad_order", "nd.split_v2(x, (3, 1), axis=2)", x=X),
        C("split_v2_bad_equal", "nd.split_v2(x, 2, axis=1)", x=X),
        C("split_v2_bad_squeeze", "nd.split_v2(x, (2,), axis=1, squeeze_axis=True)", x=X),
        C("split_v2_method", "x.split_v2(2, axis=-1)", x=X),
        C("_split_v2", "nd._internal._split_v2(x, indices=(0, 1), axis=1)", x=X),
        C("_split_v2_sections", "nd._internal._split_v2(x, indices=(), axis=2, sections=2)",
          x=X),
    ]


def slice_cases():
    return [
        C("slice_basic", "nd.slice(x, begin=(0, 1), end=(2, 3))", x=X),
        C("slice_none", "nd.slice(x, begin=(None, 1), end=(None, None))", x=X),
        C("slice_negstep", "nd.slice(x, begin=(None, 2), end=(None, 0), step=(None, -1))", x=X),
        C("slice_negall", "nd.slice(x, begin=(None, None, None), end=(None, None, None), "
          "step=(-1, -2, -3))", x=X),
        C("slice_step", "nd.slice(x, begin=(0, 0, 1), end=(2, 3, 4), step=(1, 2, 2))", x=X),
        C("slice_neg_begin", "nd.slice(x, begin=(-1, -5), end=(None, None))", x=X),
        C("slice_neg_end", "nd.slice(x, begin=(0, 0, 0), end=(-1, -1, -1))", x=X),
        C("slice_negstep_ends", "nd.slice(x, begin=(None, None, 3), end=(None, None, -5), "
          "step=(None, None, -2))", x=X),
        C("slice_clip", "nd.slice(x, begin=(0, 0, 2), end=(9, 9, 9))", x=X),
        C("slice_partial", "nd.slice(x, begin=(1,), end=(2,))", x=X4),
        C("crop_alias", "nd.crop(x, begin=(0, 1), end=(1, 3))", x=X),
        C("slice_bad_len", "nd.slice(x, begin=(0, 0, 0, 0), end=(1, 1, 1, 1))", x=X),
        C("slice_bad_step0", "nd.slice(x, begin=(0,), end=(1,), step=(0,))", x=X),
        C("slice_method", "x.slice(begin=(0, 1), end=(2, 3))", x=X),
        C("slice_axis", "nd.slice_axis(x, axis=1, begin=1, end=3)", x=X),
        C("slice_axis_none", "nd.slice_axis(x, axis=-1, begin=-3, end=None)", x=X),
        C("slice_axis_neg_end", "nd.slice_axis(x, axis=0, begin=0, end=-1)", x=X),
        C("slice_axis_bad", "nd.slice_axis(x, axis=1, begin=2, end=1)", x=X),
        C("slice_axis_bad_end", "nd.slice_axis(x, axis=1, begin=0, end=5)", x=X),
        C("slice_axis_bad_axis", "nd.slice_axis(x, axis=3, begin=0, end=1)", x=X),
        C("slice_axis_method", "x.slice_axis(axis=2, begin=1, end=3)", x=X),
        C("slice_like", "nd.slice_like(x, y)", x=X, y=R(1, 2, 3)),
        C("slice_like_axes", "nd.slice_like(x, y, axes=(0, 2))", x=X, y=R(1, 2, 3)),
        C("slice_like_neg", "nd.slice_like(x, y, axes=(-1,))", x=X, y=R(1, 2, 3)),
        C("slice_like_bad_ndim", "nd.slice_like(x, y)", x=X, y=R(1, 2)),
        C("slice_like_bad_size", "nd.slice_like(x, y, axes=(1,))", x=X, y=R(1, 5, 3)),
        C("slice_like_method", "x.slice_like(y, axes=(1,))", x=X, y=R(2, 2, 2)),
    ]


def broadcast_cases():
    return [
        C("broadcast_to", "nd.broadcast_to(x, shape=(2, 3))", x=R(1, 3)),
        C("broadcast_to_zero", "nd.broadcast_to(x, shape=(4, 0, 5))", x=R(1, 3, 1)),
        C("broadcast_to_bad_ndim", "nd.broadcast_to(x, shape=(4, 2, 3))", x=R(1, 3)),
        C("broadcast_to_bad", "nd.broadcast_to(x, shape=(4, 3))", x=R(2, 3)),
        C("broadcast_to_method", "x.broadcast_to((3, 3))", x=R(1, 3)),
        C("broadcast_like", "nd.broadcast_like(x, y)", x=R(1, 3, 1), y=R(2, 3, 4)),
        C("broadcast_like_axes", "nd.broadcast_like(x, y, lhs_axes=(0,), rhs_axes=(-3,))",
          x=R(1, 3), y=R(4, 2, 3)),
        C("broadcast_like_axes2", "nd.broadcast_like(x, y, lhs_axes=(0, 2), rhs_axes=(1, 0))",
          x=R(1, 3, 1), y=R(5, 4)),
        C("broadcast_like_bad_ndim", "nd.broadcast_like(x, y)", x=R(1, 3), y=R(4, 2, 3)),
        C("broadcast_like_bad_axis", "nd.broadcast_like(x, y, lhs_axes=(0,), rhs_axes=(0,))",
          x=R(2, 3), y=R(4, 2, 3)),
        C("broadcast_like_method", "x.broadcast_like(y)", x=R(1, 3), y=R(2, 3)),
        C("broadcast_axis", "nd.broadcast_axis(x, axis=(0, 2), size=(2, 4))", x=R(1, 3, 1)),
        C("broadcast_axes", "nd.broadcast_axes(x, axis=2, size=3)", x=R(2, 3, 1)),
        C("broadcast_axis_default", "nd.broadcast_axis(x)", x=R(1, 3, 1)),
        C("broadcast_axis_bad", "nd.broadcast_axis(x, axis=(1,), size=(2,))", x=R(1, 3, 1)),
        C("broadcast_axis_bad_neg", "nd.broadcast_axis(x, axis=(-1,), size=(2,))",
          x=R(1, 3, 1)),
        C("broadcast_axis_bad_len", "nd.broadcast_axis(x, axis=(0, 2), size=(2,))",
          x=R(1, 3, 1)),
        C("broadcast_axes_method", "x.broadcast_axes(axis=0, size=3)", x=R(1, 2)),
        C("broadcast_int", "nd.broadcast_to(x, shape=(3, 2))", x=V([[1, 2]], "int32")),
    ]


def pad_cases():
    x4 = R(1, 2, 3, 4, seed=7)
    x5 = R(1, 2, 2, 3, 4, seed=8)
    return [
        C("pad_constant", "nd.pad(x, mode='constant', pad_width=(0, 0, 0, 0, 1, 2, 3, 4), "
          "constant_value=2)", x=x4),
        C("Pad_constant_default", "nd.Pad(x, mode='constant', pad_width=(0, 0, 0, 0, 1, 1, 1, 1))",
          x=x4),
        C("pad_edge", "nd.pad(x, mode='edge', pad_width=(0, 0, 0, 0, 5, 2, 3, 3))", x=x4),
        C("pad_reflect", "nd.pad(x, mode='reflect', pad_width=(0, 0, 0, 0, 2, 2, 3, 3))", x=x4),
        C("pad_reflect_row", "nd.pad(x, mode='reflect', pad_width=(0, 0, 0, 0, 0, 0, 3, 3))",
          x=A(4, (1, 1, 1, 4))),
        C("pad_5d_edge", "nd.pad(x, mode='edge', pad_width=(0, 0, 0, 0, 1, 1, 5, 2, 1, 1))",
          x=x5),
        C("pad_5d_reflect", "nd.pad(x, mode='reflect', pad_width=(0, 0, 0, 0, 1, 1, 2, 1, 3, 0))",
          x=x5),
        C("pad_5d_constant", "nd.pad(x, mode='constant', pad_width=(0, 0, 0, 0, 1, 0, 0, 1, 2, 2),"
          " constant_value=-1.5)", x=x5),
        C("pad_bad_ndim", "nd.pad(x, mode='constant', pad_width=(0, 0, 1, 1, 1, 1))", x=X),
        C("pad_bad_first", "nd.pad(x, mode='constant', pad_width=(0, 1, 0, 0, 1, 2, 3, 4))",
          x=x4),
        C("pad_bad_reflect", "nd.pad(x, mode='reflect', pad_width=(0, 0, 0, 0, 3, 2, 3, 3))",
          x=x4),
        C("pad_bad_len", "nd.pad(x, mode='edge', pad_width=(0, 0, 0, 0, 5, 2))", x=x4),
        C("pad_method", "x.pad(mode='edge', pad_width=(0, 0, 0, 0, 1, 0, 0, 1))", x=x4),
    ]


def misc_cases():
    d2s = A(2 * 8 * 2 * 3, (2, 8, 2, 3))
    return [
        C("diag_vec", "nd.diag(x)", x=R(3)),
        C("diag_vec_k", "nd.diag(x, k=1)", x=R(3)),
        C("diag_vec_negk", "nd.diag(x, k=-2)", x=R(3)),
        C("diag_mat", "nd.diag(x)", x=R(3, 4)),
        C("diag_mat_k", "nd.diag(x, k=2)", x=R(3, 4)),
        C("diag_mat_negk", "nd.diag(x, k=-1)", x=R(3, 4)),
        C("diag_3d", "nd.diag(x, k=1)", x=X),
        C("diag_3d_axes", "nd.diag(x, k=-1, axis1=2, axis2=0)", x=X),
        C("diag_3d_neg_axes", "nd.diag(x, axis1=-1, axis2=-2)", x=X),
        C("diag_bad_k", "nd.diag(x, k=5)", x=X),
        C("diag_bad_axes", "nd.diag(x, axis1=1, axis2=1)", x=X),
        C("diag_method", "x.diag(1)", x=R(3, 3)),
        C("depth_to_space", "nd.depth_to_space(x, block_size=2)", x=d2s),
        C("depth_to_space_bad", "nd.depth_to_space(x, block_size=3)", x=d2s),
        C("space_to_depth", "nd.space_to_depth(x, block_size=2)", x=A(96, (2, 2, 4, 6))),
        C("space_to_depth_bad", "nd.space_to_depth(x, block_size=3)", x=A(96, (2, 2, 4, 6))),
        C("depth_to_space_method", "x.depth_to_space(2)", x=R(1, 4, 2, 3)),
        C("space_to_depth_method", "x.space_to_depth(2)", x=R(1, 1, 4, 2)),
        C("Crop_hw", "nd.Crop(x, num_args=1, h_w=(2, 3), offset=(1, 2))", x=R(1, 2, 5, 6)),
        C("Crop_like_center", "nd.Crop(x, y, num_args=2, center_crop=True)", x=R(1, 2, 5, 6),
          y=R(3, 3, 3, 3), grad=["x"]),
        C("Crop_like", "nd.Crop(x, y, num_args=2, offset=(1, 1))", x=R(1, 2, 5, 6),
          y=R(1, 1, 2, 4), grad=["x"]),
        C("Crop_bad_ndim", "nd.Crop(x, num_args=1, h_w=(2, 3))", x=R(2, 5, 6)),
        C("im2col", "nd.im2col(x, kernel=(2, 2))", x=R(2, 3, 4, 5)),
        C("im2col_full", "nd.im2col(x, kernel=(3, 2), stride=(2, 1), dilate=(1, 2), pad=(1, 1))",
          x=R(2, 3, 5, 6)),
        C("im2col_bad_1d", "nd.im2col(x, kernel=(3,), stride=(2,), pad=(1,))", x=R(2, 3, 7)),
        C("im2col_bad_3d", "nd.im2col(x, kernel=(2, 2, 2))", x=R(1, 2, 3, 3, 3)),
        C("col2im", "nd.col2im(x, output_size=(4, 5), kernel=(2, 2))", x=R(2, 12, 12)),
        C("col2im_full", "nd.col2im(x, output_size=(5, 6), kernel=(3, 2), stride=(2, 1), "
          "dilate=(1, 2), pad=(1, 1))", x=R(2, 18, 18)),
        C("col2im_bad", "nd.col2im(x, output_size=(5, 6), kernel=(3, 2))", x=R(2, 18, 15)),
    ]


def cast_cases():
    f = V([[-10.5, -0.5, 0.0], [2.7, 3.2, 300.2]])
    return [
        C("Cast_int32", "nd.Cast(x, dtype='int32')", x=f, grad=[]),
        C("cast_uint8", "nd.cast(x, dtype='uint8')", x=f, grad=[]),
        C("cast_int8", "nd.cast(x, dtype='int8')", x=V([[-10.5, -0.5, 3.7]]), grad=[]),
        C("cast_bool", "nd.cast(x, dtype='bool')", x=f, grad=[]),
        C("cast_f16", "nd.cast(x, dtype='float16')", x=R(2, 3)),
        C("cast_f64", "nd.cast(x, dtype='float64')", x=R(2, 3)),
        C("cast_int_to_float", "nd.cast(x, dtype='float32')", x=V([1, -2, 3], "int32")),
        C("cast_int64", "nd.cast(x, dtype='int64')", x=f, grad=[]),
        C("cast_bad_dtype", "nd.cast(x, dtype='complex64')", x=f),
        C("astype", "x.astype('float64') * 2", x=R(2, 3)),
        C("amp_cast_f16", "nd.amp_cast(x, dtype='float16')", x=R(2, 3)),
        C("amp_cast_int_passes", "nd.amp_cast(x, dtype='float16')", x=V([1, 2], "int32")),
        C("amp_cast_f16_to_f32", "nd.amp_cast(x, dtype='float32')", x=R(2, 3, dtype="float16")),
        C("amp_cast_f16_to_int", "nd.amp_cast(x, dtype='int32')", x=V([1.5, -2.5], "float16"),
          grad=[]),
        C("amp_multicast_int", "nd.amp_multicast(a, b, num_outputs=2)", a=R(2),
          b=V([1, 2], "int32"), grad=[]),
        C("amp_multicast_one", "nd.amp_multicast(a, num_outputs=1)", a=R(2, 2)),
        C("amp_multicast_same", "nd.amp_multicast(a, b, num_outputs=2)", a=R(2, 2),
          b=R(2, 2, seed=3)),
        C("amp_multicast_bad", "nd.amp_multicast(a, b, num_outputs=1)", a=R(2), b=R(2)),
        C("cast_storage", "nd.cast_storage(x, stype='default')", x=R(2, 3)),
        C("shape_array", "nd.shape_array(x)", x=X, grad=[]),
        C("shape_array_1d", "nd.shape_array(x)", x=R(1), grad=[]),
        C("size_array", "nd.size_array(x)", x=X, grad=[]),
        C("shape_array_method", "x.shape_array()", x=X, grad=[]),
        C("size_array_method", "x.size_array()", x=X, grad=[]),
    ]


def fill_cases():
    return [
        C("zeros_like", "nd.zeros_like(x)", x=V([1, 2], "int32")),
        C("ones_like", "nd.ones_like(x)", x=R(2, 3, dtype="float16"), grad=[]),
        C("ones_like_grad", "nd.ones_like(x) * x + nd.zeros_like(x)", x=R(2, 3)),
        C("zeros_like_method", "x.zeros_like()", x=R(2, 3)),
        C("ones_like_method", "x.ones_like()", x=R(2, 3)),
        C("eye", "nd.eye(3)"),
        C("eye_full", "nd.eye(3, 4, 1, dtype='int32')"),
        C("eye_negk", "nd.eye(3, k=-1)"),
        C("eye_offk", "nd.eye(3, 2, k=5)"),
        C("eye_f64", "nd.eye(2, M=3, k=-1, dtype='float64')"),
        C("linspace", "nd.linspace(0, 1, 5)"),
        C("linspace_open", "nd.linspace(0, 1, 5, endpoint=False)"),
        C("linspace_f64", "nd.linspace(0.1, 0.7, 7, dtype='float64')"),
        C("linspace_int", "nd.linspace(0, 10, 4, dtype='int32')"),
        C("linspace_one", "nd.linspace(3, 1, 1)"),
        C("linspace_frac", "nd.linspace(0.1, 0.7, 7)"),
        C("linspace_down", "nd.linspace(2, -3, 6, endpoint=False)"),
        C("arange_like", "nd.contrib.arange_like(x)", x=A(12, (3, 4), "int32")),
        C("arange_like_f32", "nd.contrib.arange_like(x, start=1, step=0.5, repeat=2)",
          x=R(3, 4)),
        C("arange_like_f16", "nd.contrib.arange_like(x, start=1.5, step=2.5)",
          x=R(3, 4, dtype="float16")),
        C("arange_like_int", "nd.contrib.arange_like(x, start=1.5, step=-1.5)",
          x=V([1, 2, 3, 4], "int32")),
        C("arange_like_axis", "nd.contrib.arange_like(x, axis=-1, start=2)", x=R(3, 4)),
        C("arange_like_axis_rep", "nd.contrib.arange_like(x, axis=0, repeat=2)", x=R(3, 4)),
        C("arange_like_f64", "nd.contrib.arange_like(x, start=1.5, step=0.25, repeat=3)",
          x=R(2, 6, dtype="float64")),
        C("index_array", "nd.contrib.index_array(x)", x=R(3, 4), grad=[]),
        C("index_array_axes", "nd.contrib.index_array(x, axes=(-1,))", x=R(3, 4), grad=[]),
        C("index_array_axes2", "nd.contrib.index_array(x, axes=(2, 0))", x=R(3, 2, 2),
          grad=[]),
    ]


CASES = (reshape_cases() + layout_cases() + join_cases() + slice_cases() + broadcast_cases()
         + pad_cases() + misc_cases() + cast_cases() + fill_cases())

if __name__ == "__main__":
    run_cases("shape", CASES)
