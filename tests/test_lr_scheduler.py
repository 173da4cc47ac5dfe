"""mx.lr_scheduler: learning-rate sequences vs MXNet 1.9.1 golden values, and errors."""
import os
import sys

import numpy as np
import pytest

import mxjax as mx
from mxjax.base import MXNetError
import golden_utils

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools",
                                "golden"))
from gluon_train_lr_cases import CASES  # noqa: E402

G = golden_utils.load("gluon_train_lr_scheduler")


@pytest.mark.parametrize("name", sorted(CASES))
def test_sequence_vs_mxnet(name):
    cls, kwargs, updates = CASES[name]
    sched = getattr(mx.lr_scheduler, cls)(**kwargs)
    got = np.array([sched(n) for n in updates], dtype="float64")
    np.testing.assert_allclose(got, G[name]["lr"], rtol=1e-12, atol=0)


def test_warmup_lr():
    s = mx.lr_scheduler.PolyScheduler(10, base_lr=1.0, warmup_steps=4, warmup_begin_lr=0.2)
    assert s.get_warmup_lr(2) == pytest.approx(0.6)
    with pytest.raises(AssertionError):
        s.get_warmup_lr(4)


@pytest.mark.parametrize("make,msg", [
    (lambda: mx.lr_scheduler.FactorScheduler(0), "greater or equal than 1"),
    (lambda: mx.lr_scheduler.FactorScheduler(2, factor=1.5), "no more than 1"),
    (lambda: mx.lr_scheduler.MultiFactorScheduler([3, 2]), "increasing integer list"),
    (lambda: mx.lr_scheduler.PolyScheduler(0), "strictly positive"),
    (lambda: mx.lr_scheduler.CosineScheduler(5, base_lr=0.1, warmup_begin_lr=0.2),
     "higher than warmup_begin_lr"),
    (lambda: mx.lr_scheduler.CosineScheduler(5, warmup_steps=-1), "positive or 0"),
    (lambda: mx.lr_scheduler.CosineScheduler(5, warmup_mode="cubic"), "linear and constant"),
])
def test_value_errors(make, msg):
    with pytest.raises(ValueError, match=msg):
        make()
    with pytest.raises(MXNetError):
        make()


def test_assertion_errors():
    with pytest.raises(AssertionError):
        mx.lr_scheduler.MultiFactorScheduler(3)
    with pytest.raises(AssertionError):
        mx.lr_scheduler.PolyScheduler(5.0)
    with pytest.raises(AssertionError):
        mx.lr_scheduler.LRScheduler(warmup_steps=1.5)


def test_base_is_abstract():
    with pytest.raises(NotImplementedError):
        mx.lr_scheduler.LRScheduler()(1)
