"""NDArray view cases shared by tools/golden/views.py (run with MXNet 1.9.1) and
tests/ndarray/test_views.py (run with mxjax): ``run(mx)`` performs each case with the
module ``mx`` (``mxnet`` or ``mxjax``) and returns {case: {field: NDArray or array}}.

Each case makes a view (or a copy) of an array, writes into one side and reads both:
whether memory is shared is in the values read back."""
import numpy as np


def _base(mx, shape=(4, 6)):
    return mx.nd.arange(int(np.prod(shape))).reshape(shape)


# name -> how the possible view is made from a (4, 6) array ``a`` (``nd``: mx.nd)
MAKERS = {
    "reshape": lambda nd, a: a.reshape((6, 4)),
    "reshape_minus1": lambda nd, a: a.reshape((-1,)),
    "reshape_kw": lambda nd, a: a.reshape(shape=(0, 2, 3)),
    "nd_reshape_op": lambda nd, a: nd.reshape(a, shape=(6, 4)),
    "nd_flatten_op": lambda nd, a: nd.flatten(a),
    "slice_axis": lambda nd, a: nd.slice_axis(a, axis=0, begin=1, end=3),
    "int": lambda nd, a: a[1],
    "neg_int": lambda nd, a: a[-1],
    "np_int": lambda nd, a: a[np.int64(2)],
    "slice": lambda nd, a: a[1:3],
    "slice_step1": lambda nd, a: a[1:3:1],
    "slice_open": lambda nd, a: a[2:],
    "slice_neg": lambda nd, a: a[-3:-1],
    "step2": lambda nd, a: a[::2],
    "int_int": lambda nd, a: a[1, 2],
    "int_slice": lambda nd, a: a[1, 2:5],
    "slice_full": lambda nd, a: a[1:3, :],
    "column": lambda nd, a: a[:, 1],
    "one_row_block": lambda nd, a: a[2:3, 1:4],
    "block": lambda nd, a: a[1:3, 1:4],
    "ellipsis": lambda nd, a: a[..., :],
    "newaxis": lambda nd, a: a[None, 1],
    "tuple_int": lambda nd, a: a[(1,)],
    "tuple_slice": lambda nd, a: a[(slice(1, 3),)],
    "advanced": lambda nd, a: a[[0, 2]],
    "at": lambda nd, a: a._at(3),
    "_slice": lambda nd, a: a._slice(0, 2),
    "flatten": lambda nd, a: a.flatten(),
    "flatten_inplace": lambda nd, a: a.flatten(inplace=True),
    "expand_dims": lambda nd, a: a.expand_dims(1),
    "expand_dims_inplace": lambda nd, a: a.expand_dims(1, inplace=True),
    "squeeze_inplace": lambda nd, a: a.reshape((1, 4, 1, 6)).squeeze(inplace=True),
    "squeeze": lambda nd, a: a.reshape((1, 4, 1, 6)).squeeze(),
    "transpose": lambda nd, a: a.T,
    "detach": lambda nd, a: a.detach(),
    "astype_same_nocopy": lambda nd, a: a.astype("float32", copy=False),
    "view_of_view": lambda nd, a: a[1:4][1],
    "reshape_of_row": lambda nd, a: a[1].reshape((2, 3)),
    "row_of_reshape": lambda nd, a: a.reshape((8, 3))[5],
    "empty_slice": lambda nd, a: a[1:1],
}


def run(mx):
    """Every case: {case: {field: value}}."""
    nd = mx.nd
    out = {}
    for name, make in MAKERS.items():
        # write into the view: which elements of the base change
        a = _base(mx)
        v = make(nd, a)
        v[:] = -1
        out["write_view." + name] = {"base": a, "view": v}
        # write into the base: what the view reads
        a = _base(mx)
        v = make(nd, a)
        a[:] = 7
        out["write_base." + name] = {"base": a, "view": v}

    # the ways of writing into a view
    a = _base(mx)
    v = a[1]
    v += 100
    out["iadd"] = {"base": a, "view": v}
    a = _base(mx)
    v = a.reshape((6, 4))
    v *= 2
    v[0] = -5
    v[2, 1] = -6
    out["imul_setitem"] = {"base": a, "view": v}
    a = _base(mx)
    v = a[2:4]
    nd.elemwise_add(nd.ones((2, 6)), nd.ones((2, 6)), out=v)
    out["out_eq"] = {"base": a, "view": v}
    a = _base(mx)
    v = a[0]
    nd.array(np.arange(6) * 10).copyto(v)
    out["copyto"] = {"base": a, "view": v}
    a = _base(mx)
    v = a[3]
    v[1:3] = nd.array([50, 60])
    out["partial_setitem"] = {"base": a, "view": v}

    # siblings and chains: a write through one view is seen by the others
    a = _base(mx)
    r = a.reshape((24,))
    row = a[2]
    block = a[1:3]
    inner = block[1]
    inner[:] = -3
    r[0] = 99
    out["siblings"] = {"base": a, "r": r, "row": row, "block": block, "inner": inner}

    # the base written by an in-place operator, then by an assignment of an array
    a = _base(mx)
    v = a[1:3]
    a += 1
    step1 = v.copy()
    a[:] = nd.ones((4, 6)) * 2
    out["base_inplace"] = {"base": a, "after_iadd": step1, "view": v}

    # a view keeps reading its own range after its base is rebound to a new array
    a = _base(mx)
    v = a[0]
    a = a + 1
    a[:] = 0
    out["rebound"] = {"base": a, "view": v}

    # autograd: a view recorded under record() is differentiable, and stays a view
    a = _base(mx)
    a.attach_grad()
    with mx.autograd.record():
        v = a[1]
        r = a.reshape((6, 4))
        s = a[0:2]
        y = (v * 2).sum() + (r * r).sum() + s.sum()
    y.backward()
    grad = a.grad.copy()
    a[:] = 9
    out["autograd"] = {"grad": grad, "view": v, "reshaped": r, "sliced": s}

    # writing into a view of a marked variable: the variable changes and stays marked
    b = nd.ones((2, 3))
    b.attach_grad()
    w = b[0]
    w[:] = 5
    with mx.autograd.record():
        z = (b * b).sum()
    z.backward()
    out["marked_base"] = {"base": b, "grad": b.grad}

    # a view of a gradient buffer sees what backward writes
    c = nd.ones((2, 3))
    c.attach_grad()
    g = c.grad[1]
    with mx.autograd.record():
        z = (c * 3).sum()
    z.backward()
    out["grad_view"] = {"view": g}

    # MXNet's contiguity rule for basic indexing
    shape = (3, 4, 5)
    keys = [(slice(None), slice(None), slice(None)),
            (slice(1, 2), slice(None), slice(None)),
            (slice(1, 3), slice(1, 3), slice(None)),
            (slice(1, 2), slice(1, 3), slice(None)),
            (slice(1, 2), slice(1, 2), slice(0, 3)),
            (slice(None), slice(None), slice(0, 1)),
            (slice(None, None, 2), slice(None), slice(None)),
            (slice(0, 1), slice(0, 1), slice(None, None, 2)),
            (slice(None, None, -1), slice(0, 1), slice(0, 1)),
            (slice(2, 0, -1), slice(None), slice(None))]
    flags = [bool(mx.nd.NDArray._basic_indexing_slice_is_contiguous(k, shape)) for k in keys]
    out["contiguous_rule"] = {"flags": np.array(flags)}
    return out
