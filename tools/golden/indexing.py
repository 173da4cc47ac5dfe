"""Golden fixtures for the index family of mx.nd and for NDArray indexing.

take, batch_take, pick, one_hot, where, gather_nd, scatter_nd, ravel/unravel_index,
fill_element_0index, slice assignment, sort/argsort/topk, histogram,
SequenceMask/Last/Reverse, nd.contrib index_copy/boolean_mask, and
``NDArray.__getitem__`` / ``__setitem__``. Run with the reference interpreter::

    ~/.mxref/bin/python tools/golden/indexing.py

The case format and runner are those of tools/golden/shape.py.
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from shape import C, R, A, V, run_cases  # noqa: E402

M = A(12, (3, 4))
X = A(24, (2, 3, 4))
F = R(3, 4, seed=3)
G = R(2, 3, 4, seed=4)


def take_cases():
    fi = V([[-1.7, 0.6], [2.5, 5.2]])
    return [
        C("take_clip", "nd.take(a, i)", a=F, i=fi, grad=["a"]),
        C("take_wrap", "nd.take(a, i, mode='wrap')", a=F, i=fi, grad=["a"]),
        C("take_axis1_wrap", "nd.take(a, i, axis=1, mode='wrap')", a=F, i=fi, grad=["a"]),
        C("take_axis_neg", "nd.take(a, i, axis=-1)", a=F, i=fi, grad=["a"]),
        C("take_raise_ok", "nd.take(a, i, mode='raise')", a=F, i=V([0, 2, 1, 2]), grad=["a"]),
        C("take_raise_bad", "nd.take(a, i, mode='raise')", a=F, i=V([0, 5]), grad=[]),
        C("take_raise_neg", "nd.take(a, i, mode='raise')", a=F, i=V([0, -1]), grad=[]),
        C("take_3d_axis1", "nd.take(a, i, axis=1)", a=G, i=V([[2, 0, 1], [1, 1, 0]]),
          grad=["a"]),
        C("take_int_idx", "nd.take(a, i)", a=F, i=V([1, 2], "int32"), grad=["a"]),
        C("take_int_data", "nd.take(a, i)", a=M.astype("int32"), i=V([1, 2], "int64"),
          grad=[]),
        C("take_bad_axis", "nd.take(a, i, axis=2)", a=F, i=V([0]), grad=[]),
        C("take_pos", "nd.take(a, i, 1, 'wrap')", a=F, i=V([5, -5]), grad=["a"]),
        C("take_method", "a.take(i, axis=1)", a=F, i=V([3, 0]), grad=["a"]),
        C("take_dup_grad", "nd.take(a, i)", a=F, i=V([1, 1, 0, 1]), grad=["a"]),
        C("batch_take", "nd.batch_take(a, i)", a=F, i=V([0, 3, 7], "int32"), grad=["a"]),
        C("batch_take_clip", "nd.batch_take(a, i)", a=F, i=V([-1, 3, 2], "int32"), grad=[]),
        C("batch_take_2d_idx", "nd.batch_take(a, i)", a=F, i=V([[0, 3, 2]], "int32"),
          grad=[]),
        C("batch_take_bad_dtype", "nd.batch_take(a, i)", a=F, i=V([0, 1, 2]), grad=[]),
        C("batch_take_bad_shape", "nd.batch_take(a, i)", a=F, i=V([0, 1], "int32"), grad=[]),
        C("pick", "nd.pick(a, i)", a=F, i=V([0, 5, -1]), grad=["a"]),
        C("pick_wrap", "nd.pick(a, i, mode='wrap')", a=F, i=V([0, 5, -1]), grad=["a"]),
        C("pick_axis0", "nd.pick(a, i, axis=0)", a=F, i=V([0, 1.7, 2.2, -0.5]), grad=["a"]),
        C("pick_keepdims", "nd.pick(a, i, keepdims=True)", a=F, i=V([[0], [1], [2]]),
          grad=["a"]),
        C("pick_kept_index", "nd.pick(a, i)", a=F, i=V([[0], [1], [2]]), grad=["a"]),
        C("pick_keepdims_flat_index", "nd.pick(a, i, keepdims=True)", a=F, i=V([3, 1, 2]),
          grad=["a"]),
        C("pick_3d", "nd.pick(a, i, axis=1)", a=G, i=V([[0, 1, 2, 0], [1, 1, 1, 1]]),
          grad=["a"]),
        C("pick_int_index", "nd.pick(a, i, axis=-1)", a=F, i=V([0, 1, 2], "int32"),
          grad=["a"]),
        C("pick_bad_shape", "nd.pick(a, i, axis=1)", a=F, i=V([0, 1]), grad=[]),
        C("pick_axis_none", "nd.pick(a, i, axis=None)", a=F, i=V([3]), grad=[]),
        C("pick_method", "a.pick(i, 0)", a=F, i=V([0, 1, 2, 1]), grad=["a"]),
        C("choose_element_0index", "nd.choose_element_0index(a, i)", a=F, i=V([0, 1, 2]),
          grad=["a"]),
    ]


def onehot_where_cases():
    return [
        C("one_hot", "nd.one_hot(i, 4)", i=V([0, 2.7, -1, 5, 1.2])),
        C("one_hot_values", "nd.one_hot(i, 3, on_value=2.5, off_value=-1, dtype='int32')",
          i=V([[0, 2], [3, 1]])),
        C("one_hot_f16", "nd.one_hot(i, depth=3, dtype='float16')", i=V([0, 2], "int32")),
        C("one_hot_f64", "nd.one_hot(i, depth=2, on_value=0.5, dtype='float64')", i=V([1, 0])),
        C("one_hot_method", "i.one_hot(3)", i=V([2, 0])),
        C("onehot_encode", "res = nd.zeros((3, 4))\nr = nd.onehot_encode(i, res)",
          i=V([1, 3, 0]), grad=[]),
        C("onehot_encode_returns_out", "o = nd.zeros((2, 3))\nres = nd.onehot_encode(i, o)\n"
          "assert res is o", i=V([2, 0]), grad=[]),
        C("onehot_encode_bad_dtype", "res = nd.zeros((3, 4), dtype='int32')\n"
          "nd.onehot_encode(i, res)", i=V([1, 3, 0]), grad=[]),
        C("where", "nd.where(c, x, y)", c=V([1, 0, 2]), x=V([1, 2, 3]), y=V([4, 5, 6]),
          grad=["x", "y", "c"]),
        C("where_rows", "nd.where(c, x, y)", c=V([1, 0]), x=R(2, 3), y=R(2, 3, seed=1),
          grad=["x", "y"]),
        C("where_int_cond", "nd.where(c, x, y)", c=V([[1, 0, 1], [0, 0, 1]], "int32"),
          x=R(2, 3), y=R(2, 3, seed=1), grad=["x", "y"]),
        C("where_int", "nd.where(c, x, y)", c=V([1, 0]), x=V([[1, 1], [2, 2]], "int32"),
          y=V([[0, 0], [9, 9]], "int32")),
        C("where_bad_cond", "nd.where(c, x, y)", c=V([1, 0, 1]), x=R(2, 3), y=R(2, 3),
          grad=[]),
        C("where_bad_cond2", "nd.where(c, x, y)", c=V([[1, 0, 1]]), x=R(2, 3), y=R(2, 3),
          grad=[]),
        C("where_bad_dtype", "nd.where(c, x, y)", c=V([1, 0]), x=R(2, 3),
          y=V(np.zeros((2, 3)), "int32"), grad=[]),
    ]


def nd_index_cases():
    return [
        C("gather_nd", "nd.gather_nd(d, i)", d=G, i=V([[0, 1], [2, 0]]), grad=["d"]),
        C("gather_nd_neg", "nd.gather_nd(d, i)", d=G, i=V([[0, 1], [-1, 0], [3, 3]]),
          grad=[]),  # MXNet's backward crashes on negative indices
        C("gather_nd_int", "nd.gather_nd(d, i)", d=G, i=V([[0, 1], [2, 0]], "int32"),
          grad=["d"]),
        C("gather_nd_2d_idx", "nd.gather_nd(d, i)", d=G,
          i=V([[[0, 1], [1, 1]], [[2, 0], [1, 2]], [[1, 2], [3, 0]]]), grad=["d"]),
        C("gather_nd_dup_grad", "nd.gather_nd(d, i)", d=G, i=V([[0, 0, 1], [1, 1, 1]]),
          grad=["d"]),
        C("gather_nd_bad_m", "nd.gather_nd(d, i)", d=G, i=V([[0, 1], [2, 0], [1, 1], [0, 0]]),
          grad=[]),
        C("gather_nd_bad_ndim", "nd.gather_nd(d, i)", d=G, i=V([1, 0]), grad=[]),
        C("scatter_nd", "nd.scatter_nd(d, i, shape=(2, 3))", d=V([1, 2, 3]),
          i=V([[0, 1, 1], [1, 0, 2]]), grad=["d"]),
        C("scatter_nd_rows", "nd.scatter_nd(d, i, shape=(2, 3, 2))", d=R(2, 2),
          i=V([[0, 1], [1, 0]]), grad=["d"]),
        C("scatter_nd_bad_shape", "nd.scatter_nd(d, i, shape=(2, 3))", d=V([1, 2]),
          i=V([[0, 1, 1], [1, 0, 2]]), grad=[]),
        C("ravel_multi_index", "nd.ravel_multi_index(d, shape=(7, 6))",
          d=V([[3, 6, 6], [4, 5, 1]])),
        C("ravel_multi_index_int", "nd.ravel_multi_index(d, shape=(7, 6))",
          d=V([[3, 6, 6], [4, 5, 1]], "int32"), grad=[]),
        C("ravel_multi_index_neg", "nd.ravel_multi_index(d, shape=(7, 6))",
          d=V([[3, 6, -1], [4, 5, 1]]), grad=[]),
        C("ravel_multi_index_3", "nd._internal._ravel_multi_index(d, shape=(2, 3, 4))",
          d=V([[1, 0], [2, 1], [3, 0]]), grad=[]),
        C("ravel_multi_index_bad", "nd.ravel_multi_index(d, shape=(7, 6))",
          d=V([[3, 6], [4, 5], [1, 1]]), grad=[]),
        C("unravel_index", "nd.unravel_index(d, shape=(7, 6))", d=V([22, 41, 37, -1]),
          grad=[]),
        C("unravel_index_int64", "nd.unravel_index(d, shape=(7, 6))",
          d=V([22, 41, 37], "int64"), grad=[]),
        C("unravel_index_frac", "nd._internal._unravel_index(d, shape=(7, 6))", d=V([22.7]),
          grad=[]),
        C("unravel_index_3", "nd.unravel_index(d, shape=(2, 3, 4))", d=V([0, 23, 13]),
          grad=[]),
        C("fill_element_0index", "nd.fill_element_0index(l, m, r)", l=F, m=V([-1, -2, -3]),
          r=V([0, 5, -1]), grad=[]),
        C("fill_element_0index_frac", "nd.fill_element_0index(l, m, r)", l=F,
          m=V([-1, -2, -3]), r=V([0, 2.7, 1]), grad=[]),
        C("fill_element_0index_nograd", "nd.fill_element_0index(l, m, r)", l=F,
          m=V([-1, -2, -3]), r=V([0, 3, 1]), grad=["l", "m"]),
        C("index_copy", "nd.contrib.index_copy(o, i, n)", o=R(4, 3), i=V([2, 0]),
          n=R(2, 3, seed=1), grad=["o", "n"]),
        C("index_copy_int64", "nd.contrib.index_copy(o, i, n)", o=R(4, 3),
          i=V([2, 0], "int64"), n=R(2, 3, seed=1), grad=["o", "n"]),
        C("index_copy_frac", "nd.contrib.index_copy(o, i, n)", o=R(4, 3), i=V([2.6, 1]),
          n=R(2, 3, seed=1), grad=[]),
        C("index_copy_bad", "nd.contrib.index_copy(o, i, n)", o=R(4, 3), i=V([2, 1]),
          n=R(2, 2), grad=[]),
        C("index_copy_bad_len", "nd.contrib.index_copy(o, i, n)", o=R(4, 3), i=V([2, 1]),
          n=R(3, 3), grad=[]),
        C("boolean_mask", "nd.contrib.boolean_mask(d, i)", d=F, i=V([1, 0, 2]), grad=["d"]),
        C("boolean_mask_4", "nd.contrib.boolean_mask(d, i)", d=R(4, 3), i=V([1, 0, 1, 1]),
          grad=["d"]),
        C("boolean_mask_int", "nd.contrib.boolean_mask(d, i)", d=R(4, 2, 2),
          i=V([0, 1, 1, 0], "int32"), grad=["d"]),
        C("boolean_mask_bad_axis", "nd.contrib.boolean_mask(d, i, axis=1)", d=F,
          i=V([1, 0, 1, 1]), grad=[]),
        C("_slice_assign", "nd._internal._slice_assign(x, y, begin=(0, 1), end=(2, 3))",
          x=F, y=R(2, 2, seed=1), grad=[]),
        C("_slice_assign_step", "nd._internal._slice_assign(x, y, begin=(None, 3), "
          "end=(None, None), step=(2, -2))", x=F, y=R(2, 2, seed=1), grad=[]),
        C("_crop_assign", "nd._internal._crop_assign(x, y, begin=(1,), end=(2,))", x=F,
          y=R(1, 4, seed=1), grad=[]),
        C("_slice_assign_bad", "nd._internal._slice_assign(x, y, begin=(1,), end=(2,))", x=F,
          y=R(4), grad=[]),
        C("_slice_assign_scalar", "nd._internal._slice_assign_scalar(x, scalar=5, "
          "begin=(None, None), end=(None, None), step=(2, -1))", x=F, grad=[]),
        C("_slice_assign_scalar_int", "nd._internal._slice_assign_scalar(x, 2.7, (0,), (2,))",
          x=M.astype("int32"), grad=[]),
        C("_crop_assign_scalar", "nd._internal._crop_assign_scalar(x, scalar=-1, "
          "begin=(0, 1), end=(1, 3))", x=F, grad=[]),
        C("_slice_assign_nograd", "nd._internal._slice_assign(x, y, begin=(0, 1), "
          "end=(2, 3))", x=F, y=R(2, 2, seed=1), grad=["x", "y"]),
        C("slice_assign_method", "r = x.slice_assign(y, (0, 1), (2, 3), (None, None))\n"
          "res = [r, x]", x=F, y=R(2, 2, seed=1), grad=[]),
        C("slice_assign_scalar_method", "r = x.slice_assign_scalar(0, (None, None), "
          "(None, None), (2, -1))\nres = [r, x]", x=F, grad=[]),
    ]


def sort_cases():
    s = V([[3, 1, 2, 5], [0, 7, -1, 4]])
    ties = V([[1, 2, 1, 2, 0], [3, 3, 3, 1, 1]])
    return [
        C("sort", "nd.sort(x)", x=G, grad=[]),  # MXNet cannot record sort's default axis
        C("sort_grad", "nd.sort(x, axis=-1)", x=G),
        C("sort_axis0_desc", "nd.sort(x, axis=0, is_ascend=False)", x=G),
        C("sort_none", "nd.sort(x, axis=None)", x=s),
        C("sort_int", "nd.sort(x, is_ascend=False)", x=s.astype("int32")),
        C("sort_ties_grad", "nd.sort(x, axis=1)", x=ties),
        C("sort_ties_desc_grad", "nd.sort(x, axis=1, is_ascend=False)", x=ties),
        C("sort_method", "x.sort(axis=1)", x=G),
        C("argsort", "nd.argsort(x)", x=G, grad=[]),
        C("argsort_none_int32", "nd.argsort(x, axis=None, dtype='int32')", x=s, grad=[]),
        C("argsort_desc_axis0", "nd.argsort(x, axis=0, is_ascend=False)", x=s, grad=[]),
        C("argsort_int", "nd.argsort(x)", x=s.astype("int32"), grad=[]),
        C("argsort_ties", "nd.argsort(x)", x=ties, grad=[]),
        C("argsort_ties_desc", "nd.argsort(x, is_ascend=False)", x=ties, grad=[]),
        C("argsort_f64", "nd.argsort(x, dtype='float64')", x=s, grad=[]),
        C("argsort_method", "x.argsort(axis=0)", x=G, grad=[]),
        C("topk", "nd.topk(x, k=2)", x=s, grad=[]),
        C("topk_both", "nd.topk(x, k=2, ret_typ='both', dtype='int64')", x=G, heads=[0]),
        C("topk_both_float_idx", "nd.topk(x, k=2, ret_typ='both')", x=G),
        C("topk_value", "nd.topk(x, k=3, ret_typ='value', axis=1)", x=G),
        C("topk_value_asc_none", "nd.topk(x, k=3, ret_typ='value', axis=None, is_ascend=True)",
          x=G),
        C("topk_mask", "nd.topk(x, k=2, ret_typ='mask', axis=0)", x=G),
        C("topk_k0", "nd.topk(x, k=0, ret_typ='value')", x=s),
        C("topk_kneg", "nd.topk(x, k=-1, ret_typ='value')", x=s),
        C("topk_k_too_big", "nd.topk(x, k=5, ret_typ='value')", x=s, grad=[]),
        C("topk_axis0_indices", "nd.topk(x, k=1, axis=0)", x=s, grad=[]),
        C("topk_int_both", "nd.topk(x, k=2, ret_typ='both')", x=s.astype("int32")),
        C("topk_int_mask", "nd.topk(x, k=2, ret_typ='mask')", x=s.astype("int32")),
        C("topk_ties", "nd.topk(x, k=3, ret_typ='both')", x=ties, heads=[0]),
        C("topk_ties_asc", "nd.topk(x, k=3, ret_typ='both', is_ascend=True)", x=ties,
          heads=[0]),
        C("topk_indices_grad", "nd.topk(x, k=2) * 1", x=G),
        C("topk_method", "x.topk(k=2, ret_typ='value')", x=G),
        C("topk_f16", "nd.topk(x, k=2, ret_typ='value')", x=s.astype("float16"), grad=[]),
        C("histogram_range", "nd.histogram(a, bins=3, range=(0, 3))",
          a=V([0.5, 1.5, 2.5, 2.0, 9.9, -1, 3.0])),
        C("histogram_edges", "nd.histogram(a, bins=e)", a=V([0.5, 1.5, 2.5, 2.0, 9.9, -1, 3.0]),
          e=V([0, 1, 2.5, 4]), grad=[]),
        C("histogram_numpy", "nd.histogram(a, bins=4)", a=V([0.5, 1.5, 2.5, 2.0, 9.9, -1, 3.0]),
          grad=[]),
        C("histogram_f64", "nd.histogram(a, bins=5, range=(-1, 4))",
          a=R(20, dtype="float64"), grad=[]),
        C("histogram_random", "nd.histogram(a, bins=6, range=(-2, 2))", a=R(50), grad=[]),
        C("histogram_bad_bins", "nd.histogram(a, bins=2.5)", a=V([1, 2]), grad=[]),
        C("_histogram", "nd._internal._histogram(a, bin_cnt=2, range=(0, 4))",
          a=V([0, 1, 2, 3, 4]), grad=[]),
    ]


def sequence_cases():
    x = A(24, (4, 3, 2))
    L = V([1, 4, 2.7])
    return [
        C("SequenceMask", "nd.SequenceMask(x, l, use_sequence_length=True, value=-1)", x=x,
          l=L, grad=["x"]),
        C("SequenceMask_off", "nd.SequenceMask(x)", x=x),
        C("SequenceMask_off_with_len", "nd.SequenceMask(x, l)", x=x, l=L, grad=[]),
        C("SequenceMask_axis1", "nd.SequenceMask(x, l, use_sequence_length=True, axis=1)",
          x=A(24, (3, 4, 2)), l=V([1, 3, 0]), grad=["x"]),
        C("SequenceMask_long", "nd.SequenceMask(x, l, use_sequence_length=True)", x=x,
          l=V([1, 5, 2]), grad=["x"]),
        C("SequenceMask_int_len", "nd.SequenceMask(x, l, use_sequence_length=True)", x=x,
          l=V([1, 3, 2], "int32"), grad=["x"]),
        C("SequenceMask_bad_axis", "nd.SequenceMask(x, l, use_sequence_length=True, axis=2)",
          x=x, l=L, grad=[]),
        C("SequenceMask_bad_len", "nd.SequenceMask(x, l, use_sequence_length=True)", x=x,
          l=V([1, 3]), grad=[]),
        C("SequenceMask_bad_rank", "nd.SequenceMask(x, l, use_sequence_length=True)",
          x=A(4, (4,)), l=V([1]), grad=[]),
        C("SequenceLast", "nd.SequenceLast(x, l, use_sequence_length=True)", x=x, l=L,
          grad=["x"]),
        C("SequenceLast_off", "nd.SequenceLast(x)", x=x, grad=[]),  # MXNet's backward is wrong
        C("SequenceLast_off_2d", "nd.SequenceLast(x)", x=R(3, 2), grad=[]),
        C("SequenceLast_axis1", "nd.SequenceLast(x, l, use_sequence_length=True, axis=1)",
          x=A(24, (3, 4, 2)), l=V([1, 3, 4]), grad=["x"]),
        C("SequenceLast_2d", "nd.SequenceLast(x, l, use_sequence_length=True)",
          x=R(4, 3), l=V([2, 4, 1]), grad=["x"]),
        C("SequenceReverse", "nd.SequenceReverse(x, l, use_sequence_length=True)", x=x, l=L,
          grad=["x"]),
        C("SequenceReverse_off", "nd.SequenceReverse(x)", x=x),
        C("SequenceReverse_bad_axis", "nd.SequenceReverse(x, l, use_sequence_length=True, "
          "axis=1)", x=x, l=L, grad=[]),
        C("SequenceReverse_4d", "nd.SequenceReverse(x, l, use_sequence_length=True)",
          x=R(3, 2, 2, 2), l=V([2, 3]), grad=["x"]),
    ]


def getitem_cases():
    keys = [
        "1", "-1", "5", "-3", "0, 3", "1, 2", "1, 2, 3", "-1, -2", ":, 1", "::-1", "1:",
        "-10:10", ":, ::-2, 1:3", "None", "..., 1", "1, ..., None", "None, 1, None, :, 2",
        "[1, 0]", "np.array([1, 0])", ":, [2, 0, 1]", "1, [2, 0], 1:3", "[0, 1], [1, 2]",
        "[0, 1], :, [1, 2]", ":, [0, 1], [1, 2]", "..., [0, 3]", "[True, False]",
        "(1,)", "()", "[[1]]", "[-1]", "None, ..., None", "[0, 1], None", "1, None, [0, 1]",
        "[[1.0, 0.0]]", "np.array([[True, False, True], [False, True, True]])",
        "slice(1, 2)", "range(0, 2)", ":, range(0, 4, 2)", "[0, 1], 1:3", "1:3, [0, 1]",
        "None, [0, 1], None", "[[0], [1]], [0, 1, 2]", ":, None, ::-1", "0, True",
        "True", "np.int64(1)", "np.int32(-1), 2",
        # errors
        "1.0", "0, 0, 0, 0", "..., ...", "np.int8(1)", "[1, 2], [0, 1, 2]", "2:1",
        "::0", "[-5]", "[1, 5]", "nd.array([1, 0]) > 5",
    ]
    cs = []
    for i, k in enumerate(keys):
        # MXNet's gather_nd backward crashes on negative advanced indices
        grad = [] if k in ("[-1]",) else None
        cs.append(C("getitem_%02d" % i, "x[%s]" % k, x=G, grad=grad))
    cs += [
        C("getitem_nd", "x[i]", x=G, i=V([1, 0])),
        C("getitem_nd_2d", "x[i]", x=G, i=V([[0, 1], [1, 0]]), grad=["x"]),
        C("getitem_nd_int", "x[i, 1]", x=G, i=V([1, 0], "int32"), grad=["x"]),
        C("getitem_nd_frac", "x[i]", x=G, i=V([1.7, -1.5]), grad=[]),
        C("getitem_nd_frac_grad", "x[i]", x=G, i=V([1.7, 0.5]), grad=["x"]),
        C("getitem_nd_mixed", "x[1:, i, ::2]", x=G, i=V([2, 0, 2]), grad=["x"]),
        C("getitem_nd_two", "x[i, :, j]", x=G, i=V([1, 0]), j=V([3, 3]), grad=["x"]),
        C("getitem_nd_pair", "x[:, i, j]", x=G, i=V([[1], [2]]), j=V([0, 3]), grad=["x"]),
        C("getitem_nd_bool_dtype", "x[i]", x=G, i=V([True, False], "bool"), grad=[]),
        C("getitem_1d_int", "x[1]", x=R(3)),
        C("getitem_1d_neg", "x[-1]", x=R(3)),
        C("getitem_2d_ints", "x[1, 2]", x=F),
        C("getitem_int_dtype", "x[1, ::2]", x=M.astype("int32")),
        C("getitem_chain", "x[1][2]", x=G),
        C("getitem_grad_basic", "x[1] * 2 + x[:, ::-1][0]", x=F),
        C("getitem_grad_adv", "x[[1, 1, 0], [0, 0, 2]]", x=F),
        C("getitem_grad_mixed", "x[nd.array([1, 0]), 1:]", x=F),
        C("getitem_iter", "nd.stack(*[r for r in x])", x=F),
    ]
    return cs


def setitem_cases():
    stmts = [
        ("slice_nd", "x[:] = nd.array([1, 2, 3, 4])", G),
        ("slice_nd2", "x[:] = nd.array([[1, 2, 3, 4]])", G),
        ("slice_np", "x[:] = np.array([1, 2, 3, 4])", G),
        ("slice_list", "x[:] = [1, 2, 3, 4]", G),
        ("slice_scalar", "x[:] = 7", G),
        ("int_nd", "x[1] = nd.ones((3, 4)) * 9", G),
        ("int_nd_lead", "x[1] = nd.ones((1, 3, 4)) * 9", G),
        ("ints_nd", "x[1, 2] = nd.array([5, 6, 7, 8])", G),
        ("ints_all", "x[1, 2, 3] = 42", G),
        ("ints_all_nd", "x[1, 2, 3] = nd.array([42])", G),
        ("col_nd", "x[:, 1] = nd.array([[1, 2, 3, 4], [5, 6, 7, 8]])", G),
        ("col_bcast", "x[:, 1] = nd.array([1, 2, 3, 4])", G),
        ("col_np", "x[:, 1] = np.array([1, 2, 3, 4])", G),
        ("rev", "x[::-1, 1] = nd.array([[1, 2, 3, 4], [5, 6, 7, 8]])", G),
        ("ellipsis", "x[..., 0] = nd.array([[1, 2, 3], [4, 5, 6]])", G),
        ("ellipsis_bcast", "x[..., 0] = nd.array([1, 2, 3])", G),
        ("step_scalar", "x[..., 0:4:2] = -1", G),
        ("adv_rows", "x[[1, 0]] = nd.ones((2, 3, 4)) * 3", G),
        ("adv_pairs", "x[[1, 0], [2, 0]] = nd.array([[1, 2, 3, 4], [5, 6, 7, 8]])", G),
        ("adv_pairs_bcast", "x[[1, 0], [2, 0]] = nd.array([1, 2, 3, 4])", G),
        ("adv_scalar", "x[[1, 0], [2, 0]] = 5.5", G),
        ("adv_mixed", "x[:, [0, 2], 1] = nd.array([[1, 2], [3, 4]])", G),
        ("adv_mixed_bcast", "x[:, [0, 2], 1] = nd.array([7, 8])", G),
        ("none", "x[0, None, :] = nd.array([[1, 2, 3, 4]] * 3)", G),
        ("none_lead", "x[0, None] = nd.ones((1, 3, 4)) * 2", G),
        ("none_bad", "x[0, None] = nd.ones((2, 3, 4))", G),
        ("nd_key_dup", "x[nd.array([1, 1])] = nd.array([[[1]], [[2]]])", G),
        ("bad_int", "x[5] = 1", G),
        ("bad_int2", "x[0, 5] = 1", G),
        ("bad_float", "x[1.5] = 1", G),
        ("bad_bcast", "x[0:1] = nd.ones((5,))", G),
        ("bad_bcast2", "x[:, 1] = nd.ones((3,))", G),
        ("bad_bcast_np", "x[:, :] = np.ones((2, 4))", F),
        ("bad_value", "x[0, 1:3] = 'abc'", G),
        ("int_frac_scalar", "x[0, 1:3] = 2.7", M.astype("int32")),
        ("int_frac_nd", "x[0, 1:3] = nd.array([1.7, 2, 3, 4])", X.astype("int32")),
        ("int_full_frac", "x[:] = 2.7", M.astype("int32")),
        ("np_full", "x[:] = np.array([1, 2, 3, 4])", F),
        ("np_col", "x[:, 1] = np.array([1, 2, 3])", F),
        ("nd_col", "x[:, 1] = nd.array([1, 2, 3])", F),
        ("adv_col", "x[[0, 2], 1] = nd.array([7, 8])", F),
        ("adv_rows_bcast", "x[[0, 2]] = nd.array([7, 8, 9, 10])", F),
        ("adv_rows_col", "x[[0, 2]] = nd.array([[7], [8]])", F),
        ("adv_none", "x[[0, 2], None] = nd.array([[7, 8, 9, 10]])", F),
        ("adv_nd_step", "x[nd.array([0, 2]), ::2] = 1", F),
        ("adv_bad_bcast", "x[[0, 2], [0, 1]] = nd.array([[1], [2]])", F),
        ("adv_oob_ignored", "x[[0, 5]] = 1", F),
        ("rev_col", "x[::-1, 0] = nd.array([1, 2, 3])", F),
        ("bool_key", "x[True] = 1", F),
        ("too_many", "x[0, 0, 0] = 1", F),
        ("ellipsis_all", "x[...] = nd.ones((4,))", F),
        ("ellipsis_col", "x[..., 1] = nd.ones((3,))", F),
        ("ellipsis_col2", "x[..., 1] = nd.ones((1, 3))", F),
        ("ellipsis_col_bad", "x[..., 1] = nd.ones((3, 1))", F),
        ("self_row", "x[1] = x[0]", F),
        ("self_rev", "x[:] = x[::-1]", F),
        ("self", "x[:] = x", F),
        ("adv_dup_rows", "x[[0, 0]] = nd.array([[1, 1, 1, 1], [2, 2, 2, 2]])", F),
        ("adv_cols_bcast", "x[:, [1, 2]] = nd.array([5, 6])", F),
        ("adv_cols_rows", "x[1:, [1, 2]] = nd.array([[5], [6]])", F),
        ("np_key", "x[np.array([0, 1])] = 3", F),
        ("list_value", "x[:2, 1] = [8, 9]", F),
        ("int_value_dtype", "x[0] = nd.ones((4,), dtype='int32') * 7", F),
        ("np_row2d", "x[0] = np.ones((1, 4)) * 7", F),
        ("np_step", "x[1, ::2] = np.ones((2,)) * 7", F),
        ("adv_np", "x[[1], ::2] = np.ones((1, 2)) * 7", F),
        ("np_bcast_full", "x[:, :] = np.ones((4,)) * 7", F),
        ("np_scalar", "x[:] = np.float32(3)", F),
        ("bool_value", "x[0] = True", F),
        ("f64_value", "x[1] = nd.array([1.5, 2.5, 3.5, 4.5], dtype='float64')", F),
    ]
    cs = []
    for name, stmt, x in stmts:
        cs.append(C("setitem_" + name, stmt + "\nres = x", x=x, grad=[]))
    cs += [
        C("setitem_record_full", "w = nd.zeros((3, 4))\nw[:] = x\nres = w * 3", x=F),
        C("setitem_record_full_bcast", "w = nd.zeros((2, 3, 4))\nw[:] = x[0]\nres = w * 2",
          x=F),
        C("setitem_record_partial", "w = nd.zeros((3, 4))\nw[0] = x[1]\nres = w * 3", x=F),
        C("setitem_record_adv", "w = nd.zeros((3, 4))\nw[[0, 1]] = x[1]\nres = w", x=F),
        C("setitem_record_scalar_part", "w = nd.zeros((3, 4))\nw[0] = 1\nres = w * x", x=F),
        C("setitem_record_scalar_adv", "w = nd.zeros((3, 4))\nw[[0, 1]] = 1\nres = w * x",
          x=F),
        C("setitem_record_np_part", "w = nd.zeros((3, 4))\nw[0] = np.ones(4)\nres = w * x",
          x=F),
        C("setitem_record_fresh_nd_part", "w = nd.zeros((3, 4))\nw[:, 1] = nd.ones(3)\n"
          "res = w * x", x=F),
        C("setitem_record_slice_in_graph", "w = nd.zeros((3, 4))\nw[0:1] = x[0:1]\nres = w",
          x=F),
        C("setitem_record_in_graph", "y = x * 2\ny[0] = 5\nres = y", x=F),
        C("setitem_record_full_in_graph", "y = x * 2\ny[:] = x\nres = y", x=F),
        C("setitem_after_record", "y = x * 2\nres = y", x=F),
    ]
    return cs


CASES = (take_cases() + onehot_where_cases() + nd_index_cases() + sort_cases()
         + sequence_cases() + getitem_cases() + setitem_cases())

if __name__ == "__main__":
    run_cases("indexing", CASES)
