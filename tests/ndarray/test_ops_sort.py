"""topk selects (``lax.top_k``) instead of sorting the whole axis: same order as the sort.

MXNet 1.9.1's values for sort/argsort/topk are in tests/ndarray/test_indexing.py (golden
fixture); here topk is checked against argsort (the stable full sort) on the cases a
selection could order differently: ties, -0.0 against 0.0, NaN, infinities, integers at
their limits, every axis, ascending and descending. MXNet 1.9.1 ties -0.0 with 0.0
(``nd.topk(nd.array([0., -0., 1.]), k=3)`` gives ``[2, 0, 1]``).
"""
import numpy as np
import pytest

from mxjax import nd


def _cases():
    rng = np.random.RandomState(3)
    ties = rng.randint(-3, 4, size=(4, 6, 5))
    special = ties.astype(np.float32)
    special.flat[rng.randint(0, special.size, 6)] = -0.0
    special.flat[rng.randint(0, special.size, 4)] = np.nan
    special.flat[rng.randint(0, special.size, 3)] = np.inf
    special.flat[rng.randint(0, special.size, 3)] = -np.inf
    limits = ties.astype(np.int32)
    limits.flat[:4] = [np.iinfo(np.int32).min, np.iinfo(np.int32).max, 0, -1]
    return {
        "float32_ties": ties.astype(np.float32),
        "float16_ties": ties.astype(np.float16),
        "float64_special": special.astype(np.float64),
        "float32_special": special,
        "int32_limits": limits,
        "int64_ties": ties.astype(np.int64),
        "uint8_ties": (ties + 3).astype(np.uint8),
        "int8_ties": ties.astype(np.int8),
    }


CASES = _cases()


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("is_ascend", [False, True])
def test_topk_orders_as_the_stable_sort(name, is_ascend):
    x = nd.array(CASES[name], dtype=CASES[name].dtype)
    for axis in range(x.ndim):
        order = nd.argsort(x, axis=axis, is_ascend=is_ascend, dtype="int64").asnumpy()
        for k in (1, 3, x.shape[axis]):
            got = nd.topk(x, axis=axis, k=k, is_ascend=is_ascend, dtype="int64").asnumpy()
            want = np.take(order, np.arange(k), axis=axis)
            np.testing.assert_array_equal(got, want, err_msg="axis=%d k=%d" % (axis, k))


def test_topk_negative_zero_ties_with_zero():
    x = nd.array([0., -0., 1., -0., 0., -1.])
    np.testing.assert_array_equal(nd.topk(x, k=6).asnumpy(), [2, 0, 1, 3, 4, 5])
    np.testing.assert_array_equal(nd.topk(x, k=6, is_ascend=True).asnumpy(), [5, 0, 1, 3, 4, 2])


def test_topk_mask_and_both_with_ties():
    """Values and indices as MXNet 1.9.1 gives them (checked with its reference build)."""
    x = nd.array(np.array([[1, 0, 1, 1], [0, 0, 1, 0]], dtype=np.float32))
    np.testing.assert_array_equal(nd.topk(x, k=2, ret_typ="mask").asnumpy(),
                                  [[1, 0, 1, 0], [1, 0, 1, 0.]])
    values, indices = nd.topk(x, k=2, ret_typ="both", is_ascend=True)
    np.testing.assert_array_equal(values.asnumpy(), [[0, 1], [0, 0]])
    np.testing.assert_array_equal(indices.asnumpy(), [[1, 0], [0, 1]])


def test_topk_of_a_long_axis():
    """MXNet's test_order: k=5 of rows of 300,096 (the full sort took minutes on a CPU)."""
    rng = np.random.RandomState(0)
    data = np.repeat(np.arange(300096, dtype=np.float32)[None], 8, axis=0)
    np.apply_along_axis(rng.shuffle, 1, data)
    got = nd.topk(nd.array(data), axis=1, k=5, ret_typ="indices").asnumpy()
    want = np.argsort(-data, axis=1, kind="stable")[:, :5]
    np.testing.assert_array_equal(got, want)
