"""Misuse and malformed input: the catalogue of cases, and its golden generator.

Shared by this generator (run under real MXNet 1.9.1) and tests/test_bad_inputs.py
(run under mxjax). Each case is a function ``setup(mx, tmp)`` of the framework module
(``mxnet`` or ``mxjax``) and a scratch directory; it builds what the user holds and
returns ``(call, watch)``: ``call()`` is the misuse, ``watch`` the objects that must
come out of it unchanged (NDArrays with their grad buffers, Gluon Parameters and
Blocks, ``File(path)`` / ``Dir(path)`` on disk).

Run with the reference interpreter to record what MXNet does with each case::

    ~/.mxref/bin/python tools/golden/bad_inputs.py

Each case runs in a fresh interpreter (MXNet 1.9.1 crashes on some misuse: the entry
then says ``"raises": "crash"``); ``--only name1,name2`` refreshes some entries.
It writes tests/golden/bad_inputs.json: per case the exception type (and its base
classes), the first lines of its message, the warnings raised, and whether MXNet
itself left the watched state unchanged. ``None`` as the exception means MXNet
accepts the call.
"""
import json
import os
import sys
import tempfile
import warnings

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN = os.path.join(HERE, "..", "..", "tests", "golden", "bad_inputs.json")


class Case:
    """One misuse: ``setup(mx, tmp) -> (call, watch)`` and a regex that the error
    message must match (case-insensitive): it names what was wrong."""

    def __init__(self, name, setup, pattern, gpu=False):
        self.name = name
        self.setup = setup
        self.pattern = pattern
        self.gpu = gpu  # only an error on a machine without a GPU


CASES = {}


def case(pattern, gpu=False):
    def deco(fn):
        name = fn.__name__
        assert name not in CASES, name
        CASES[name] = Case(name, fn, pattern, gpu)
        return fn
    return deco


class File:
    """A file on disk that must be byte-identical (or still absent) afterwards."""

    def __init__(self, path):
        self.path = path


class Dir:
    """A directory whose listing (recursively) must be unchanged afterwards."""

    def __init__(self, path):
        self.path = path


# ---------------------------------------------------------------------------
# snapshots of what the user holds


def _arr(a):
    return None if a is None else np.array(a.asnumpy(), copy=True)


def snapshot(objs):
    """A comparable picture of ``objs`` (NDArrays, Parameters, Blocks, File, Dir)."""
    out = []
    for o in objs:
        if isinstance(o, File):
            if os.path.exists(o.path):
                with open(o.path, "rb") as f:
                    out.append(("file", o.path, f.read()))
            else:
                out.append(("file", o.path, None))
        elif isinstance(o, Dir):
            listing = []
            if os.path.isdir(o.path):
                for root, dirs, files in os.walk(o.path):
                    for n in sorted(dirs + files):
                        listing.append(os.path.relpath(os.path.join(root, n), o.path))
            out.append(("dir", o.path, sorted(listing) if os.path.exists(o.path) else None))
        elif hasattr(o, "collect_params"):
            params = o.collect_params()
            out.append(("block", [(k, _param(p)) for k, p in sorted(params.items())]))
        elif hasattr(o, "list_data"):
            out.append(("param", _param(o)))
        elif hasattr(o, "asnumpy"):
            out.append(("nd", tuple(o.shape), np.dtype(o.dtype).name, _arr(o), _arr(o.grad)))
        else:
            raise TypeError("cannot snapshot %r" % (o,))
    return out


def _param(p):
    try:
        data = [_arr(d) for d in p.list_data()]
    except Exception:  # noqa: BLE001 - uninitialised or deferred
        data = None
    try:
        grad = [_arr(g) for g in p.list_grad()]
    except Exception:  # noqa: BLE001
        grad = None
    return (tuple(p.shape) if p.shape is not None else None, p.grad_req, data, grad)


def differences(before, after):
    """Human-readable list of what changed between two snapshots."""
    diffs = []

    def same(a, b):
        if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
            if not (isinstance(a, np.ndarray) and isinstance(b, np.ndarray)):
                return False
            if a.shape != b.shape or a.dtype != b.dtype:
                return False
            if a.dtype.kind in "fc":
                return bool(np.array_equal(a, b, equal_nan=True))
            return bool(np.array_equal(a, b))
        if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
            return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
        return a == b

    for i, (a, b) in enumerate(zip(before, after)):
        if not same(a, b):
            diffs.append("watched object %d (%s) changed" % (i, a[0]))
    return diffs


# ---------------------------------------------------------------------------
# helpers for the cases


def _x(mx, *shape, dtype="float32", start=1.0):
    n = int(np.prod(shape))
    return mx.nd.array((np.arange(n, dtype="float64") + start).reshape(shape), dtype=dtype)


def _variable(mx, *shape):
    """An NDArray with a grad buffer that already holds a gradient (so that a
    wrong write into it would show)."""
    x = _x(mx, *shape)
    x.attach_grad()
    with mx.autograd.record():
        y = (x * x).sum()
    y.backward()
    return x


def _net(mx, in_units=5, units=4, prefix="dense_"):
    net = mx.gluon.nn.Dense(units, in_units=in_units, prefix=prefix)
    net.initialize(mx.init.Uniform(1.0))
    return net


# ---------------------------------------------------------------------------
# mismatched shapes


@case(r"broadcast_add.*\(2,3\).*\(4,5\)")
def broadcast_add_shapes(mx, tmp):
    a, b = _x(mx, 2, 3), _x(mx, 4, 5)
    return (lambda: mx.nd.broadcast_add(a, b)), [a, b]


@case(r"broadcast_add.*\(2,3\).*\(3,2\)")
def operator_plus_shapes(mx, tmp):
    a, b = _x(mx, 2, 3), _x(mx, 3, 2)
    return (lambda: a + b), [a, b]


@case(r"broadcast_mul.*\(2,3\).*\(3,2\)")
def operator_mul_shapes(mx, tmp):
    a, b = _x(mx, 2, 3), _x(mx, 3, 2)
    return (lambda: a * b), [a, b]


@case(r"elemwise_add.*\(2,3\).*\(3,2\)")
def elemwise_add_shapes(mx, tmp):
    a, b = _x(mx, 2, 3), _x(mx, 3, 2)
    return (lambda: mx.nd.elemwise_add(a, b)), [a, b]


@case(r"elemwise_mul.*\(2,3\).*\(6,?\)")
def elemwise_mul_shapes(mx, tmp):
    a, b = _x(mx, 2, 3), _x(mx, 6)
    return (lambda: mx.nd.elemwise_mul(a, b)), [a, b]


@case(r"dot.*\(2,3\).*\(4,5\)")
def dot_shapes(mx, tmp):
    a, b = _x(mx, 2, 3), _x(mx, 4, 5)
    return (lambda: mx.nd.dot(a, b)), [a, b]


@case(r"dot.*\(2,3\).*\(2,3\)")
def dot_transpose_shapes(mx, tmp):
    a, b = _x(mx, 2, 3), _x(mx, 2, 3)
    return (lambda: mx.nd.dot(a, b, transpose_a=False, transpose_b=False)), [a, b]


@case(r"batch_dot.*\(2,3,4\).*\(2,5,6\)")
def batch_dot_inner_shapes(mx, tmp):
    a, b = _x(mx, 2, 3, 4), _x(mx, 2, 5, 6)
    return (lambda: mx.nd.batch_dot(a, b)), [a, b]


@case(r"batch_dot.*\(2,3,4\).*\(3,4,5\)")
def batch_dot_batch_shapes(mx, tmp):
    a, b = _x(mx, 2, 3, 4), _x(mx, 3, 4, 5)
    return (lambda: mx.nd.batch_dot(a, b)), [a, b]


@case(r"FullyConnected.*weight.*\(4,6\)")
def fully_connected_weight_shape(mx, tmp):
    d, w, b = _x(mx, 2, 5), _x(mx, 4, 6), _x(mx, 4)
    return (lambda: mx.nd.FullyConnected(d, w, b, num_hidden=4)), [d, w, b]


@case(r"FullyConnected.*bias.*\(3,?\)")
def fully_connected_bias_shape(mx, tmp):
    d, w, b = _x(mx, 2, 5), _x(mx, 4, 5), _x(mx, 3)
    return (lambda: mx.nd.FullyConnected(d, w, b, num_hidden=4)), [d, w, b]


@case(r"Convolution.*weight.*\(4,2,3,3\)")
def convolution_channels(mx, tmp):
    d, w = _x(mx, 1, 3, 6, 6), _x(mx, 4, 2, 3, 3)
    return (lambda: mx.nd.Convolution(d, w, kernel=(3, 3), num_filter=4, no_bias=True)), [d, w]


@case(r"Convolution.*weight.*\(4,3,5,5\)")
def convolution_kernel_attr(mx, tmp):
    d, w = _x(mx, 1, 3, 6, 6), _x(mx, 4, 3, 3, 3)
    return (lambda: mx.nd.Convolution(d, w, kernel=(5, 5), num_filter=4, no_bias=True)), [d, w]


@case(r"concat.*\(3,4\)")
def concat_shapes(mx, tmp):
    a, b = _x(mx, 2, 3), _x(mx, 3, 4)
    return (lambda: mx.nd.concat(a, b, dim=1)), [a, b]


@case(r"stack.*\(3,2\)")
def stack_shapes(mx, tmp):
    a, b = _x(mx, 2, 3), _x(mx, 3, 2)
    return (lambda: mx.nd.stack(a, b)), [a, b]


@case(r"where.*\(3,2\)")
def where_shapes(mx, tmp):
    c, a, b = mx.nd.ones((2, 3)), _x(mx, 2, 3), _x(mx, 3, 2)
    return (lambda: mx.nd.where(c, a, b)), [c, a, b]


@case(r"\(4, ?5\).*\(2, ?3\)")
def setitem_value_shape(mx, tmp):
    x, v = _x(mx, 2, 3), _x(mx, 4, 5)

    def call():
        x[:] = v
    return call, [x, v]


@case(r"\(4,\).*\(3,\)")
def setitem_row_value_shape(mx, tmp):
    x, v = _x(mx, 2, 3), _x(mx, 4)

    def call():
        x[0] = v
    return call, [x, v]


@case(r"copyto.*\(2,3\).*\(3,2\)")
def copyto_shape(mx, tmp):
    a, b = _x(mx, 2, 3), _x(mx, 3, 2, start=10)
    return (lambda: a.copyto(b)), [a, b]


@case(r"out=.*\(5,?\)")
def out_wrong_shape(mx, tmp):
    a, b, o = _x(mx, 2, 3), _x(mx, 2, 3), _x(mx, 5, start=7)
    return (lambda: mx.nd.broadcast_add(a, b, out=o)), [a, b, o]


@case(r"broadcast_add.*\(2,3\).*\(3,2\)")
def inplace_add_shape(mx, tmp):
    a, b = _x(mx, 2, 3), _x(mx, 3, 2)

    def call():
        nonlocal a
        a += b
    x = a
    return call, [x, b]


@case(r"reshape.*\(4, ?5\)")
def reshape_size(mx, tmp):
    x = _x(mx, 2, 3)
    return (lambda: x.reshape((4, 5))), [x]


@case(r"reshape.*-1.*infer|reshape.*infer.*-1")
def reshape_two_unknown_dims(mx, tmp):
    x = _x(mx, 2, 3)
    return (lambda: x.reshape((-1, -1))), [x]


@case(r"reshape_like.*\(2,3\).*\(4,?\)")
def reshape_like_size(mx, tmp):
    x, y = _x(mx, 2, 3), _x(mx, 4)
    return (lambda: mx.nd.reshape_like(x, y)), [x, y]


@case(r"broadcast_to.*\(2,3\).*\(4,3\)")
def broadcast_to_shape(mx, tmp):
    x = _x(mx, 2, 3)
    return (lambda: mx.nd.broadcast_to(x, shape=(4, 3))), [x]


@case(r"Embedding.*\(3,2\).*weight|Embedding.*weight.*\(3,2\)")
def embedding_weight_shape(mx, tmp):
    i, w = mx.nd.array([0, 2]), _x(mx, 3, 2)
    return (lambda: mx.nd.Embedding(i, w, input_dim=3, output_dim=4)), [i, w]


@case(r"gemm2.*\(2,3\)")
def linalg_gemm2_shapes(mx, tmp):
    a, b = _x(mx, 2, 3), _x(mx, 2, 3)
    return (lambda: mx.nd.linalg.gemm2(a, b)), [a, b]


@case(r"potrf.*square")
def linalg_potrf_not_square(mx, tmp):
    a = _x(mx, 2, 3)
    return (lambda: mx.nd.linalg.potrf(a)), [a]


@case(r"Pad.*\(1,1,2,2\)")
def pad_width_mismatch(mx, tmp):
    x = _x(mx, 1, 1, 2, 2)
    return (lambda: mx.nd.pad(x, mode="constant", pad_width=(0, 0, 0, 0, 1, 1))), [x]


@case(r"head gradient.*\(3,?\).*\(2, ?3\)")
def backward_head_grad_shape(mx, tmp):
    x = _variable(mx, 2, 3)
    with mx.autograd.record():
        y = x * 2
    return (lambda: y.backward(mx.nd.ones((3,)))), [x]


@case(r"mark_variables.*2 variables.*1 gradient")
def mark_variables_count(mx, tmp):
    a, b, ga = _x(mx, 2), _x(mx, 3), mx.nd.zeros((2,))
    return (lambda: mx.autograd.mark_variables([a, b], [ga])), [a, b, ga]


# ---------------------------------------------------------------------------
# wrong dtypes


@case(r"broadcast_add.*float32.*float64")
def broadcast_add_mixed_dtype(mx, tmp):
    a, b = _x(mx, 2, 3), _x(mx, 2, 3, dtype="float64")
    return (lambda: mx.nd.broadcast_add(a, b)), [a, b]


@case(r"elemwise_add.*float32.*float64")
def elemwise_add_mixed_dtype(mx, tmp):
    a, b = _x(mx, 2, 3), _x(mx, 2, 3, dtype="float64")
    return (lambda: mx.nd.elemwise_add(a, b)), [a, b]


@case(r"dot.*float32.*int32")
def dot_mixed_dtype(mx, tmp):
    a, b = _x(mx, 2, 3), _x(mx, 3, 2, dtype="int32")
    return (lambda: mx.nd.dot(a, b)), [a, b]


@case(r"dtype.*'float99'")
def array_unknown_dtype(mx, tmp):
    return (lambda: mx.nd.array([1, 2, 3], dtype="float99")), []


@case(r"dtype.*'nope'")
def zeros_unknown_dtype(mx, tmp):
    return (lambda: mx.nd.zeros((2, 2), dtype="nope")), []


@case(r"dtype.*'nope'")
def astype_unknown_dtype(mx, tmp):
    x = _x(mx, 2, 2)
    return (lambda: x.astype("nope")), [x]


@case(r"Cast.*dtype.*'nope'")
def cast_unknown_dtype(mx, tmp):
    x = _x(mx, 2, 2)
    return (lambda: mx.nd.Cast(x, dtype="nope")), [x]


# ---------------------------------------------------------------------------
# axes and indices out of range


@case(r"sum.*axis 5")
def sum_axis_range(mx, tmp):
    x = _x(mx, 2, 3)
    return (lambda: mx.nd.sum(x, axis=5)), [x]


@case(r"expand_dims.*axis.*\b5\b")
def expand_dims_axis_range(mx, tmp):
    x = _x(mx, 2, 3)
    return (lambda: mx.nd.expand_dims(x, axis=5)), [x]


@case(r"transpose.*axes.*\(0, ?2\)")
def transpose_axes_length(mx, tmp):
    x = _x(mx, 2, 3, 4)
    return (lambda: mx.nd.transpose(x, axes=(0, 2))), [x]


@case(r"(swapaxes|SwapAxis).*dim2 3")
def swapaxes_axis_range(mx, tmp):
    x = _x(mx, 2, 3)
    return (lambda: mx.nd.swapaxes(x, dim1=0, dim2=3)), [x]


@case(r"slice_axis.*axis 3")
def slice_axis_range(mx, tmp):
    x = _x(mx, 2, 3)
    return (lambda: mx.nd.slice_axis(x, axis=3, begin=0, end=1)), [x]


@case(r"softmax.*axis 4")
def softmax_axis_range(mx, tmp):
    x = _x(mx, 2, 3)
    return (lambda: mx.nd.softmax(x, axis=4)), [x]


@case(r"concat.*dim 3")
def concat_axis_range(mx, tmp):
    a, b = _x(mx, 2, 3), _x(mx, 2, 3)
    return (lambda: mx.nd.concat(a, b, dim=3)), [a, b]


@case(r"index 10.*out of bounds")
def getitem_index_range(mx, tmp):
    x = _x(mx, 2, 3)
    return (lambda: x[10]), [x]


@case(r"index 10.*out of bounds")
def getitem_second_index_range(mx, tmp):
    x = _x(mx, 2, 3)
    return (lambda: x[0, 10]), [x]


@case(r"too many indices")
def getitem_too_many_indices(mx, tmp):
    x = _x(mx, 2, 3)
    return (lambda: x[0, 0, 0]), [x]


@case(r"index 10.*out of bounds")
def setitem_index_range(mx, tmp):
    x = _x(mx, 2, 3)

    def call():
        x[10] = 1.0
    return call, [x]


@case(r"take.*out of bound")
def take_mode_raise(mx, tmp):
    x, i = _x(mx, 3, 2), mx.nd.array([0, 7])
    return (lambda: mx.nd.take(x, i, mode="raise").asnumpy()), [x, i]


@case(r"pick.*axis 3")
def pick_axis_range(mx, tmp):
    x, i = _x(mx, 3, 2), mx.nd.array([0, 1, 0])
    return (lambda: mx.nd.pick(x, i, axis=3)), [x, i]


@case(r"slice.*(exceeds|\(0, ?0, ?0\))")
def slice_too_many_dims(mx, tmp):
    x = _x(mx, 2, 3)
    return (lambda: mx.nd.slice(x, begin=(0, 0, 0), end=(1, 1, 1))), [x]


@case(r"slice_axis.*end=6")
def slice_axis_end_range(mx, tmp):
    x = _x(mx, 2, 3)
    return (lambda: mx.nd.slice_axis(x, axis=0, begin=5, end=6)), [x]


@case(r"slice_axis.*begin=2.*end=1")
def slice_axis_begin_after_end(mx, tmp):
    x = _x(mx, 2, 3)
    return (lambda: mx.nd.slice_axis(x, axis=0, begin=2, end=1)), [x]


@case(r"flip.*axis 3")
def flip_axis_range(mx, tmp):
    x = _x(mx, 2, 3)
    return (lambda: mx.nd.flip(x, axis=3)), [x]


@case(r"squeeze.*size=2")
def squeeze_non_unit_axis(mx, tmp):
    x = _x(mx, 2, 3)
    return (lambda: mx.nd.squeeze(x, axis=0)), [x]


@case(r"topk.*k = 10")
def topk_k_too_large(mx, tmp):
    x = _x(mx, 2, 3)
    return (lambda: mx.nd.topk(x, k=10)), [x]


@case(r"split.*num_outputs=4")
def split_uneven(mx, tmp):
    x = _x(mx, 2, 3)
    return (lambda: mx.nd.split(x, num_outputs=4, axis=1)), [x]


@case(r"one_hot.*depth")
def one_hot_negative_depth(mx, tmp):
    i = mx.nd.array([0, 1])
    return (lambda: mx.nd.one_hot(i, depth=-1)), [i]


# ---------------------------------------------------------------------------
# NaN / Inf / negative where an operator cannot take them


@case(r"arange.*stop.*inf")
def arange_infinite(mx, tmp):
    return (lambda: mx.nd.arange(0, float("inf"))), []


@case(r"shape.*\(2,-3\)")
def zeros_negative_dim(mx, tmp):
    return (lambda: mx.nd.zeros((2, -3))), []


@case(r"shape.*nan")
def zeros_nan_dim(mx, tmp):
    return (lambda: mx.nd.zeros((2, float("nan")))), []


@case(r"repeat.*-1")
def repeat_negative(mx, tmp):
    x = _x(mx, 2, 3)
    return (lambda: mx.nd.repeat(x, repeats=-1)), [x]


@case(r"tile.*reps")
def tile_negative_reps(mx, tmp):
    x = _x(mx, 2, 3)
    return (lambda: mx.nd.tile(x, reps=(-1,))), [x]


@case(r"_random_normal.*shape.*-2")
def random_normal_negative_shape(mx, tmp):
    return (lambda: mx.nd.random.normal(shape=(-2,))), []


@case(r"Dropout.*\bp\b.*1\.5")
def dropout_p_above_one(mx, tmp):
    x = _x(mx, 2, 3)

    def call():
        with mx.autograd.train_mode():
            return mx.nd.Dropout(x, p=1.5).asnumpy()
    return call, [x]


@case(r"Dropout.*\bp\b.*-0\.1")
def dropout_p_negative(mx, tmp):
    x = _x(mx, 2, 3)

    def call():
        with mx.autograd.train_mode():
            return mx.nd.Dropout(x, p=-0.1).asnumpy()
    return call, [x]


@case(r"_random_normal.*scale")
def random_normal_negative_scale(mx, tmp):
    return (lambda: mx.nd.random.normal(0, -1.0, shape=(3,)).asnumpy()), []


@case(r"_random_uniform.*low.*high")
def random_uniform_low_above_high(mx, tmp):
    return (lambda: mx.nd.random.uniform(2.0, 1.0, shape=(3,)).asnumpy()), []


@case(r"_random_exponential.*lam")
def random_exponential_negative_lam(mx, tmp):
    return (lambda: mx.nd.random.exponential(-1.0, shape=(3,)).asnumpy()), []


@case(r"_random_poisson.*lam")
def random_poisson_negative_lam(mx, tmp):
    return (lambda: mx.nd.random.poisson(-1.0, shape=(3,)).asnumpy()), []


@case(r"_random_randint.*low.*high")
def random_randint_low_above_high(mx, tmp):
    return (lambda: mx.nd.random.randint(5, 2, shape=(3,)).asnumpy()), []


@case(r"_random_gamma.*alpha")
def random_gamma_negative_alpha(mx, tmp):
    return (lambda: mx.nd.random.gamma(-1.0, 1.0, shape=(3,)).asnumpy()), []


# ---------------------------------------------------------------------------
# empty arrays


def _empty(mx, *shape):
    # MXNet 1.x (legacy shapes) reads a 0 in nd.zeros' shape as "unknown" and
    # refuses it; an empty array comes from NumPy instead.
    return mx.nd.array(np.zeros(shape, dtype="float32"))


@case(r"max.*(zero-size|empty)")
def max_of_empty(mx, tmp):
    x = _empty(mx, 0)
    return (lambda: mx.nd.max(x).asnumpy()), [x]


@case(r"min.*(zero-size|empty)")
def min_of_empty(mx, tmp):
    x = _empty(mx, 0, 3)
    return (lambda: mx.nd.min(x, axis=0).asnumpy()), [x]


@case(r"argmax.*(zero-size|empty)")
def argmax_of_empty(mx, tmp):
    x = _empty(mx, 0)
    return (lambda: mx.nd.argmax(x, axis=0).asnumpy()), [x]


@case(r"argmin.*(zero-size|empty)")
def argmin_of_empty_rows(mx, tmp):
    x = _empty(mx, 0, 3)
    return (lambda: mx.nd.argmin(x, axis=0).asnumpy()), [x]


@case(r"sum")
def sum_of_empty(mx, tmp):
    x = _empty(mx, 0)
    return (lambda: mx.nd.sum(x).asnumpy()), [x]


@case(r"prod")
def prod_of_empty(mx, tmp):
    x = _empty(mx, 0)
    return (lambda: mx.nd.prod(x).asnumpy()), [x]


# ---------------------------------------------------------------------------
# autograd misuse


@case(r"not in a computational graph")
def backward_without_graph(mx, tmp):
    x = _x(mx, 2, 3)
    return (lambda: x.backward()), [x]


@case(r"not in a computational graph")
def backward_outside_record(mx, tmp):
    x = _variable(mx, 2, 3)
    y = x * 2
    return (lambda: y.backward()), [x, y]


@case(r"computational graph|retain_graph")
def backward_twice(mx, tmp):
    x = _x(mx, 2, 3)
    x.attach_grad()
    with mx.autograd.record():
        y = (x * x).sum()
    y.backward()
    return (lambda: y.backward()), [x, y]


@case(r"0-th variable.*unreachable")
def grad_variable_not_in_graph(mx, tmp):
    x, z = _x(mx, 2, 3), _x(mx, 2, 3)
    x.attach_grad()
    z.attach_grad()
    with mx.autograd.record():
        y = (x * 2).sum()
    return (lambda: mx.autograd.grad(y, [z])), [x, z]


@case(r"attach_grad|mark_variables")
def grad_non_variable(mx, tmp):
    x, w = _x(mx, 2, 3), _x(mx, 2, 3)
    x.attach_grad()
    with mx.autograd.record():
        y = (x * w).sum()
    return (lambda: mx.autograd.grad(y, [w])), [x, w]


@case(r"already in a computational graph")
def setitem_into_recorded(mx, tmp):
    x = _variable(mx, 2, 3)
    with mx.autograd.record():
        y = x * 2

        def call():
            with mx.autograd.record():
                y[:] = 0
    return call, [x, y]


@case(r"already in a computational graph")
def iadd_into_recorded(mx, tmp):
    x = _variable(mx, 2, 3)
    with mx.autograd.record():
        y = x * 2
    held = y

    def call():
        nonlocal y
        with mx.autograd.record():
            y += 1
    return call, [x, held]


@case(r"already in a computational graph")
def out_into_recorded(mx, tmp):
    x = _variable(mx, 2, 3)
    with mx.autograd.record():
        y = x * 2

    def call():
        with mx.autograd.record():
            mx.nd.relu(x, out=y)
    return call, [x, y]


@case(r"already in a computational graph")
def setitem_into_variable_recording(mx, tmp):
    x = _variable(mx, 2, 3)

    def call():
        with mx.autograd.record():
            y = x * 2  # noqa: F841 - x is now in the graph
            x[:] = 0
    return call, [x]


@case(r"grad_req.*'nope'")
def attach_grad_bad_req(mx, tmp):
    x = _x(mx, 2, 3)
    return (lambda: x.attach_grad(grad_req="nope")), [x]


@case(r"grad_req.*'nope'")
def mark_variables_bad_req(mx, tmp):
    x, g = _x(mx, 2, 3), mx.nd.zeros((2, 3))
    return (lambda: mx.autograd.mark_variables([x], [g], grad_reqs="nope")), [x, g]


@case(r"head_grads|2 heads.*1 head grad")
def backward_head_grads_count(mx, tmp):
    x = _variable(mx, 2, 3)
    with mx.autograd.record():
        y1 = x * 2
        y2 = x * 3
    return (lambda: mx.autograd.backward([y1, y2], [mx.nd.ones((2, 3))])), [x]


@case(r"head_grads|2 heads.*1 head grad")
def grad_head_grads_count(mx, tmp):
    x = _variable(mx, 2, 3)
    with mx.autograd.record():
        y1 = x * 2
        y2 = x * 3
    return (lambda: mx.autograd.grad([y1, y2], [x], head_grads=[mx.nd.ones((2, 3))])), [x]


# ---------------------------------------------------------------------------
# Gluon parameters and blocks


@case(r"dense_weight.*deferred")
def deferred_param_data(mx, tmp):
    net = mx.gluon.nn.Dense(4, prefix="dense_")
    net.initialize()
    return (lambda: net.weight.data()), [net]


@case(r"dense_weight.*not been initiali[sz]ed")
def uninitialized_param_data(mx, tmp):
    net = mx.gluon.nn.Dense(4, in_units=3, prefix="dense_")
    return (lambda: net.weight.data()), [net]


@case(r"grad_req.*'nope'")
def parameter_bad_grad_req(mx, tmp):
    return (lambda: mx.gluon.Parameter("w", grad_req="nope", shape=(2,))), []


@case(r"grad_req.*'nope'")
def parameter_set_bad_grad_req(mx, tmp):
    net = _net(mx)

    def call():
        net.weight.grad_req = "nope"
    return call, [net]


@case(r"dense_(weight|bias).*already initiali[sz]ed")
def initialize_twice(mx, tmp):
    net = _net(mx)
    return (lambda: net.initialize(mx.init.Zero())), [net]


@case(r"net\.params.*truncated|Invalid NDArray file.*net\.params")
def load_parameters_truncated(mx, tmp):
    net = _net(mx)
    path = os.path.join(tmp, "net.params")
    net.save_parameters(path)
    with open(path, "rb") as f:
        data = f.read()
    with open(path, "wb") as f:
        f.write(data[:len(data) // 2])
    other = _net(mx)
    return (lambda: other.load_parameters(path)), [other, File(path)]


@case(r"garbage\.params.*(magic|not an NDArray)")
def load_parameters_garbage(mx, tmp):
    path = os.path.join(tmp, "garbage.params")
    with open(path, "wb") as f:
        f.write(b"this is not an MXNet parameter file, not at all\n" * 4)
    net = _net(mx)
    return (lambda: net.load_parameters(path)), [net, File(path)]


@case(r"'bias' is missing")
def load_parameters_missing_key(mx, tmp):
    path = os.path.join(tmp, "weight_only.params")
    mx.nd.save(path, {"weight": mx.nd.ones((4, 5))})
    net = _net(mx)
    return (lambda: net.load_parameters(path)), [net, File(path)]


@case(r"'gamma'.*not present.*ignore_extra")
def load_parameters_extra_key(mx, tmp):
    path = os.path.join(tmp, "extra.params")
    mx.nd.save(path, {"weight": mx.nd.ones((4, 5)), "bias": mx.nd.ones((4,)),
                      "gamma": mx.nd.ones((4,))})
    net = _net(mx)
    return (lambda: net.load_parameters(path)), [net, File(path)]


@case(r"dense_weight.*shape.*\(4, ?6\)")
def load_parameters_wrong_shape(mx, tmp):
    path = os.path.join(tmp, "shape.params")
    mx.nd.save(path, {"weight": mx.nd.ones((4, 6)), "bias": mx.nd.ones((4,))})
    net = _net(mx)
    return (lambda: net.load_parameters(path)), [net, File(path)]


@case(r"dense_bias.*shape.*\(3,\)")
def load_parameters_second_wrong_shape(mx, tmp):
    path = os.path.join(tmp, "bias_shape.params")
    mx.nd.save(path, {"weight": mx.nd.ones((4, 5)), "bias": mx.nd.ones((3,))})
    net = _net(mx)
    return (lambda: net.load_parameters(path)), [net, File(path)]


@case(r"dense_bias.*dtype.*float64")
def load_parameters_wrong_dtype(mx, tmp):
    path = os.path.join(tmp, "dtype.params")
    mx.nd.save(path, {"weight": mx.nd.ones((4, 5)), "bias": mx.nd.ones((4,), dtype="float64")})
    net = _net(mx)
    return (lambda: net.load_parameters(path)), [net, File(path)]


@case(r"'0\.gamma'.*not present.*ignore_extra")
def load_parameters_extra_key_structured(mx, tmp):
    path = os.path.join(tmp, "extra2.params")
    mx.nd.save(path, {"weight": mx.nd.ones((4, 5)), "bias": mx.nd.ones((4,)),
                      "0.gamma": mx.nd.ones((4,))})
    net = _net(mx)
    return (lambda: net.load_parameters(path)), [net, File(path)]


@case(r"shape.*\(3, 3\).*\(4, 5\)")
def parameter_set_data_shape(mx, tmp):
    net = _net(mx)
    v = mx.nd.ones((3, 3))
    return (lambda: net.weight.set_data(v)), [net, v]


@case(r"FullyConnected.*\(2,6\)")
def dense_input_conflicts_weight(mx, tmp):
    net = _net(mx, in_units=5)
    x = _x(mx, 2, 6)
    return (lambda: net(x)), [net, x]


@case(r"dense_(weight|bias).*not been updated by backward")
def trainer_step_stale_grad(mx, tmp):
    net = _net(mx)
    trainer = mx.gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.1})
    x = _x(mx, 2, 5)
    with mx.autograd.record():
        y = net(x).sum()
    y.backward()
    trainer.step(2)
    # a second step with the same (stale) gradients
    return (lambda: trainer.step(2)), [net, x]


# ---------------------------------------------------------------------------
# files


@case(r"missing\.nd.*No such file")
def nd_load_missing_file(mx, tmp):
    path = os.path.join(tmp, "missing.nd")
    return (lambda: mx.nd.load(path)), [File(path)]


@case(r"garbage\.nd.*(magic|not an NDArray)")
def nd_load_garbage(mx, tmp):
    path = os.path.join(tmp, "garbage.nd")
    with open(path, "wb") as f:
        f.write(b"\x00\x01garbage garbage garbage garbage garbage\n" * 3)
    return (lambda: mx.nd.load(path)), [File(path)]


@case(r"arrays\.nd.*truncated")
def nd_load_truncated(mx, tmp):
    path = os.path.join(tmp, "arrays.nd")
    mx.nd.save(path, {"a": mx.nd.ones((10, 10)), "b": mx.nd.zeros((3,))})
    with open(path, "rb") as f:
        data = f.read()
    with open(path, "wb") as f:
        f.write(data[:len(data) * 2 // 3])
    return (lambda: mx.nd.load(path)), [File(path)]


@case(r"nodir/x\.nd.*No such file")
def nd_save_missing_directory(mx, tmp):
    path = os.path.join(tmp, "nodir", "x.nd")
    x = _x(mx, 2, 3)
    return (lambda: mx.nd.save(path, x)), [x, Dir(tmp), File(path)]


@case(r"nodir/net\.params.*No such file")
def save_parameters_missing_directory(mx, tmp):
    net = _net(mx)
    path = os.path.join(tmp, "nodir", "net.params")
    return (lambda: net.save_parameters(path)), [net, Dir(tmp)]


# ---------------------------------------------------------------------------
# names


@case(r"optimizer nope")
def optimizer_create_unknown(mx, tmp):
    return (lambda: mx.optimizer.create("nope")), []


@case(r"nope is not registered.*initializer")
def initializer_create_unknown(mx, tmp):
    return (lambda: mx.init.create("nope")), []


@case(r"nope is not registered.*initializer")
def initialize_unknown_init_name(mx, tmp):
    net = mx.gluon.nn.Dense(4, in_units=5, prefix="dense_")
    return (lambda: net.initialize("nope")), [net]


@case(r"nope is not registered.*metric")
def metric_create_unknown(mx, tmp):
    return (lambda: mx.metric.create("nope")), []


@case(r"optimizer nope")
def trainer_unknown_optimizer(mx, tmp):
    net = _net(mx)
    return (lambda: mx.gluon.Trainer(net.collect_params(), "nope")), [net]


@case(r"Activation.*'nope'.*act_type|Activation.*act_type.*'nope'")
def activation_unknown_act_type(mx, tmp):
    x = _x(mx, 2, 3)
    return (lambda: mx.nd.Activation(x, act_type="nope")), [x]


@case(r"Pooling.*pool_type.*'nope'")
def pooling_unknown_pool_type(mx, tmp):
    x = _x(mx, 1, 1, 4, 4)
    return (lambda: mx.nd.Pooling(x, kernel=(2, 2), pool_type="nope")), [x]


@case(r"Activation.*'nope'.*act_type|Activation.*act_type.*'nope'")
def gluon_activation_unknown(mx, tmp):
    x = _x(mx, 2, 3)

    def call():
        act = mx.gluon.nn.Activation("nope")
        act.initialize()
        return act(x)
    return call, [x]


# ---------------------------------------------------------------------------
# contexts


@case(r"device type 'tpu'")
def context_unknown_device(mx, tmp):
    return (lambda: mx.Context("tpu")), []


@case(r"gpu\(0\).*not available", gpu=True)
def array_on_missing_gpu(mx, tmp):
    return (lambda: mx.nd.ones((2, 2), ctx=mx.gpu()).asnumpy()), []


@case(r"gpu\(0\).*not available", gpu=True)
def as_in_context_missing_gpu(mx, tmp):
    x = _x(mx, 2, 2)
    return (lambda: x.as_in_context(mx.gpu()).asnumpy()), [x]


# ---------------------------------------------------------------------------
# operator parameters


@case(r"FullyConnected.*num_hidden")
def fully_connected_missing_num_hidden(mx, tmp):
    d, w, b = _x(mx, 2, 5), _x(mx, 4, 5), _x(mx, 4)
    return (lambda: mx.nd.FullyConnected(d, w, b)), [d, w, b]


@case(r"Convolution.*kernel")
def convolution_missing_kernel(mx, tmp):
    d, w = _x(mx, 1, 3, 6, 6), _x(mx, 4, 3, 3, 3)
    return (lambda: mx.nd.Convolution(d, w, num_filter=4, no_bias=True)), [d, w]


@case(r"relu.*'foo'")
def relu_unknown_keyword(mx, tmp):
    x = _x(mx, 2, 3)
    return (lambda: mx.nd.relu(x, foo=1)), [x]


@case(r"sum.*'nope'")
def sum_unknown_keyword(mx, tmp):
    x = _x(mx, 2, 3)
    return (lambda: mx.nd.sum(x, nope=1)), [x]


@case(r"Pooling.*kernel.*'abc'")
def pooling_bad_kernel_value(mx, tmp):
    x = _x(mx, 1, 1, 4, 4)
    return (lambda: mx.nd.Pooling(x, kernel="abc", pool_type="max")), [x]


@case(r"broadcast_add.*NDArray.*str")
def operator_string_input(mx, tmp):
    x = _x(mx, 2, 3)
    return (lambda: mx.nd.broadcast_add(x, "abc")), [x]


# ---------------------------------------------------------------------------
# running a case (both frameworks)


def run_case(c, mx, tmp):
    """Run case ``c``: ``{"error": exception or None, "warnings": [...],
    "changes": [...]}``."""
    call, watch = c.setup(mx, tmp)
    before = snapshot(watch)
    err = None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            res = call()
            if hasattr(res, "asnumpy"):
                res.asnumpy()
            elif isinstance(res, (list, tuple)):
                for r in res:
                    if hasattr(r, "asnumpy"):
                        r.asnumpy()
            if hasattr(mx.nd, "waitall"):
                mx.nd.waitall()
        except Exception as e:  # noqa: BLE001 - recorded
            err = e
    after = snapshot(watch)
    return {"error": err,
            "warnings": [(w.category.__name__, str(w.message)) for w in caught],
            "changes": differences(before, after)}


def _message(err):
    lines = [ln for ln in str(err).splitlines() if ln.strip()]
    keep = []
    for ln in lines:
        s = ln.strip()
        if s.startswith(("Stack trace", "[bt]")):
            break
        if s.startswith(("Traceback (most recent", "File \"")):
            continue
        keep.append(s)
    return "\n".join(keep)[:600]


def record(name):
    """Run one case under MXNet; the golden entry as JSON on stdout."""
    import mxnet as mx
    assert mx.__version__ == "1.9.1", mx.__version__
    with tempfile.TemporaryDirectory() as tmp:
        r = run_case(CASES[name], mx, tmp)
    e = r["error"]
    entry = {
        "raises": None if e is None else type(e).__name__,
        "mro": [] if e is None else [k.__name__ for k in type(e).__mro__],
        "message": "" if e is None else _message(e).replace(tmp, "<tmp>"),
        "warnings": r["warnings"][:3],
        "state_unchanged": not r["changes"],
    }
    print("@@" + json.dumps(entry))


def main():
    import subprocess
    if len(sys.argv) > 2 and sys.argv[1] == "--case":
        return record(sys.argv[2])
    golden = {}
    names = list(CASES)
    if len(sys.argv) > 2 and sys.argv[1] == "--only":  # refresh some cases
        with open(GOLDEN) as f:
            golden = json.load(f)
        names = sys.argv[2].split(",")
    for name in names:
        proc = subprocess.run([sys.executable, __file__, "--case", name],
                              capture_output=True, text=True)
        line = [ln for ln in proc.stdout.splitlines() if ln.startswith("@@")]
        if line:
            entry = json.loads(line[-1][2:])
        else:  # MXNet itself crashed (a segfault is not something to copy)
            entry = {"raises": "crash", "mro": [], "message": "MXNet exited with %d"
                     % proc.returncode, "warnings": [], "state_unchanged": False}
        golden[name] = entry
        print("%-40s %-22s %s" % (name, entry["raises"],
                                  entry["message"].replace("\n", " | ")[:160]))
        if entry["warnings"]:
            print("    warnings:", entry["warnings"][:2])
        if not entry["state_unchanged"]:
            print("    MXNet changed state")
    golden = {k: golden[k] for k in CASES if k in golden}
    with open(GOLDEN, "w") as f:
        json.dump(golden, f, indent=1, sort_keys=True)
        f.write("\n")
    print("wrote %s (%d cases)" % (os.path.normpath(GOLDEN), len(golden)))


if __name__ == "__main__":
    sys.exit(main())
