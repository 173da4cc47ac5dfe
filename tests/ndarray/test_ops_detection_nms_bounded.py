"""box_nms on many boxes: values and gradients against MXNet 1.9.1
(tests/golden/box_nms_bounded.npz) and memory bounded by topk (issue 14)."""
import ast
from functools import partial

import jax
import numpy as np
import pytest

from mxjax import nd, autograd
from mxjax.ndarray.ops.detection import box_nms
from golden_utils import load, assert_matches

G = load("box_nms_bounded")


@pytest.mark.parametrize("case", sorted(G))
def test_golden(case):
    c = G[case]
    kw = ast.literal_eval(str(c["kwargs"]))
    x = nd.array(c["data"])
    x.attach_grad()
    with autograd.record():
        y = nd.contrib.box_nms(x, **kw)
    y.backward(nd.array(c["head"]))
    assert_matches(y, c["out"])
    assert_matches(x.grad, c["grad"])


def _temp_bytes(n, **kw):
    lowered = jax.jit(partial(box_nms, **kw)).lower(
        jax.ShapeDtypeStruct((1, n, 6), np.float32))
    return lowered.compile().memory_analysis().temp_size_in_bytes


def test_memory_bounded_by_topk():
    # 200k boxes: a pairwise matrix would be 160 GB; topk=400 bounds the work
    n = 200_000
    assert _temp_bytes(n, topk=400) < 64 * n * 6 * 4
    # no topk: still no n x n buffer (the loop computes one row at a time)
    assert _temp_bytes(n) < 64 * n * 6 * 4


def test_many_boxes_small_topk_runs():
    rng = np.random.RandomState(0)
    n = 100_000
    xy = rng.uniform(0, 1000, (n, 2))
    data = np.concatenate([np.zeros((n, 1)), rng.uniform(0, 1, (n, 1)), xy, xy + 20],
                          axis=1).astype(np.float32)
    out = nd.contrib.box_nms(nd.array(data), topk=50, overlap_thresh=0.5).asnumpy()
    # the kept rows are among the 50 best-scoring boxes, best first; the rest is -1
    best = np.argsort(-data[:, 1], kind="stable")[:50]
    kept = out[out[:, 1] >= 0]
    assert 0 < len(kept) <= 50
    assert set(map(tuple, kept)) <= set(map(tuple, data[best]))
    assert np.all(np.diff(kept[:, 1]) <= 0)
    assert np.all(out[len(kept):] == -1)
