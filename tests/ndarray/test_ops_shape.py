"""Shape operators (Reshape ... im2col, Cast, eye, linspace) against MXNet 1.9.1 fixtures.

Each fixture case (tools/golden/shape.py) holds a line of code, its inputs, MXNet's
outputs and the gradients for a fixed random head gradient, or the fact that MXNet
raised. ``run_golden_case`` evaluates the same code with mxjax and compares.
"""
import json

import numpy as np
import pytest

import mxjax as mx
from mxjax import nd, autograd
from mxjax.base import MXNetError

import golden_utils

_ERRORS = {"ValueError": ValueError, "IndexError": IndexError, "TypeError": TypeError}


def _evaluate(code, arrs):
    ns = {"nd": nd, "np": np, "mx": mx}
    ns.update(arrs)
    try:
        expr = compile(code, "<case>", "eval")
    except SyntaxError:
        exec(compile(code, "<case>", "exec"), ns)  # noqa: S102 - fixture code
        return ns["res"]
    return eval(expr, ns)  # noqa: S307 - fixture code


class _no_record:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def run_golden_case(fields):
    """Replay one fixture case with mxjax and compare outputs and gradients."""
    meta = json.loads(str(fields["meta"]))
    inputs = {k[3:]: v for k, v in fields.items() if k.startswith("in_")}
    arrs = {k: nd.array(v, dtype=v.dtype) for k, v in inputs.items()}
    code = meta["code"]
    if "error" in meta:
        for k in meta["grad"]:
            arrs[k].attach_grad()
        with pytest.raises(MXNetError) as info:
            with autograd.record() if meta["grad"] else _no_record():
                res = _evaluate(code, arrs)
            for o in (res if isinstance(res, (list, tuple)) else [res]):
                o.asnumpy()
        expected = _ERRORS.get(meta["error"])
        if expected is not None:
            assert isinstance(info.value, expected), (type(info.value), meta["error"])
        return
    grad = meta["grad"] if "heads" in meta else []
    for k in grad:
        arrs[k].attach_grad()
    if grad:
        with autograd.record():
            res = _evaluate(code, arrs)
    else:
        res = _evaluate(code, arrs)
    outs = list(res) if isinstance(res, (list, tuple)) else [res]
    assert isinstance(res, (list, tuple)) == meta["multi"], type(res)
    assert len(outs) == meta["nout"]
    if grad:  # backward first: one compiled program gives the outputs and the gradients
        heads = meta["heads"]
        hg = [nd.array(fields["head%d" % i], dtype=fields["head%d" % i].dtype) for i in heads
              if "head%d" % i in fields]
        if "grad_error" in meta:
            with pytest.raises(MXNetError):
                autograd.backward([outs[i] for i in heads],
                                  hg or [nd.ones_like(outs[i]) for i in heads])
        else:
            autograd.backward([outs[i] for i in heads], hg)
            for k in grad:
                golden_utils.assert_matches(arrs[k].grad, fields["grad_" + k], meta["rtol"],
                                            max(meta["atol"], 1e-5))
    for i, o in enumerate(outs):
        assert isinstance(o, nd.NDArray)
        golden_utils.assert_matches(o, fields["out%d" % i], meta["rtol"], meta["atol"])


GOLDEN = golden_utils.load("shape")


@pytest.fixture(autouse=True, scope="module")
def compile_each_graph_once():
    """Compile a recorded graph on first sight: one XLA program per case, not one per
    primitive (keeps this file fast; the values are the same either way)."""
    old = mx.engine.set_compile_after(1)
    yield
    mx.engine.set_compile_after(old)


@pytest.mark.parametrize("case", sorted(GOLDEN))
def test_golden(case):
    run_golden_case(GOLDEN[case])


def test_fixture_covers_the_family():
    codes = " ".join(json.loads(str(f["meta"]))["code"] for f in GOLDEN.values())
    for name in ("Reshape", "reshape", "reshape_like", "Flatten", "flatten", "expand_dims",
                 "squeeze", "transpose", "SwapAxis", "swapaxes", "moveaxis", "flip", "reverse",
                 "tile", "repeat", "Concat", "concat", "concatenate", "stack", "split",
                 "SliceChannel", "split_v2", "_split_v2", "slice", "crop", "slice_axis",
                 "slice_like", "broadcast_to", "broadcast_like", "broadcast_axis",
                 "broadcast_axes", "pad", "Pad", "diag", "depth_to_space", "space_to_depth",
                 "Crop", "im2col", "col2im", "Cast", "cast", "amp_cast", "amp_multicast",
                 "cast_storage", "shape_array", "size_array", "zeros_like", "ones_like", "eye",
                 "linspace", "arange_like", "index_array"):
        assert "nd.%s(" % name in codes or "nd._internal.%s(" % name in codes \
            or "nd.contrib.%s(" % name in codes, name


# -- MXNet's inferred dtypes where its CPU build cannot compute the values ----------------


@pytest.mark.parametrize("dtypes, narrow, expected", [
    (("float32", "float16"), False, ("float32", "float32")),
    (("float32", "float16"), True, ("float16", "float16")),
    (("float32", "float64", "float16"), False, ("float32", "float64", "float32")),
    (("float32", "float64", "float16"), True, ("float16", "float64", "float16")),
    (("float16", "int32"), False, ("float16", "int32")),
    (("float32", "float64"), False, ("float32", "float64")),
])
def test_amp_multicast_dtypes(dtypes, narrow, expected):
    arrays = [nd.array(np.arange(3) - 1.5, dtype=d) for d in dtypes]
    outs = nd.amp_multicast(*arrays, num_outputs=len(arrays), cast_narrow=narrow)
    assert tuple(np.dtype(o.dtype).name for o in outs) == expected
    for a, o in zip(arrays, outs):
        np.testing.assert_allclose(o.asnumpy().astype(np.float64),
                                   a.asnumpy().astype(o.dtype).astype(np.float64))


@pytest.mark.parametrize("src, dst, expected", [
    ("float64", "float16", "float64"), ("float16", "float64", "float64"),
    ("int8", "int32", "int8"), ("float32", "float16", "float16"),
])
def test_amp_cast_dtypes(src, dst, expected):
    y = nd.amp_cast(nd.array([1, 2, 3], dtype=src), dtype=dst)
    assert np.dtype(y.dtype).name == expected
    np.testing.assert_array_equal(y.asnumpy(), [1, 2, 3])


def test_cast_storage_to_sparse():
    c = nd.cast_storage(nd.ones((2, 2)), stype="csr")
    assert c.stype == "csr" and c.indptr.asnumpy().tolist() == [0, 2, 4]
    with pytest.raises(MXNetError, match="storage type"):
        nd.cast_storage(nd.ones((2, 2)), stype="sparse")


# -- documented deviations: MXNet 1.9.1 accepts these and returns a wrong-sized array ------


@pytest.mark.parametrize("shape, reverse", [((7, 7), False), ((-1, 5), False),
                                            ((5, -1), False), ((1, -2, 1), True)])
def test_reshape_size_mismatch_raises(shape, reverse):
    x = nd.arange(24).reshape((2, 3, 4))
    with pytest.raises(MXNetError, match="cannot reshape"):
        nd.reshape(x, shape=shape, reverse=reverse)


def test_reshape_infers_after_copy_all():
    # MXNet 1.9.1 puts the inferred size at the code's position, not the output's, and
    # returns an array of shape (2, 1, 4, 1); mxjax infers the -1 where it stands.
    assert nd.reshape(nd.zeros((2, 3, 4)), shape=(-2, -1)).shape == (2, 3, 4, 1)


def test_reshape_records_through_autograd_and_out():
    x = nd.array(np.arange(6, dtype=np.float32))
    out = nd.zeros((2, 3))
    nd.reshape(x, shape=(2, -1), out=out)
    np.testing.assert_array_equal(out.asnumpy(), np.arange(6).reshape(2, 3))
    x.attach_grad()
    with autograd.record():
        y = nd.reshape(x, shape=(-4, 2, -1)) * nd.array([[1, 2, 3], [4, 5, 6]])
    y.backward()
    np.testing.assert_array_equal(x.grad.asnumpy(), np.arange(1, 7))


def test_ndarray_methods_tostype_and_positional_forms():
    x = nd.array(np.arange(6, dtype=np.float32).reshape(1, 2, 3))
    y = x.tostype("default")
    np.testing.assert_array_equal(y.asnumpy(), x.asnumpy())
    assert x.tostype("row_sparse").stype == "row_sparse"
    with pytest.raises(MXNetError, match="2-d"):  # csr is 2-d only, as MXNet's
        x.tostype("csr")
    assert x.squeeze(0).shape == (2, 3)
    assert x.expand_dims(-1).shape == (1, 2, 3, 1)
    assert x.broadcast_to((4, 2, 3)).shape == (4, 2, 3)
    assert x.flatten().shape == (1, 6)
