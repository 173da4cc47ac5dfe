"""examples/d2l_numpy.py (it says ``import mxnet``) runs unchanged through the alias and
prints what MXNet 1.9.1 printed: per-epoch losses, accuracies and learned weights."""
import importlib.util
import os

import numpy as onp
import pytest

import mxjax
from mxjax import util
from golden_utils import load

GOLDEN = load("numpy_examples")
EXAMPLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples",
                       "d2l_numpy.py")


@pytest.fixture(scope="module")
def d2l():
    mxjax.install_mxnet_alias()
    spec = importlib.util.spec_from_file_location("d2l_numpy_example", EXAMPLE)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)  # calls npx.set_np()
    yield mod
    util.reset_np()


@pytest.mark.parametrize("name", ["linear_regression_scratch", "linear_regression_concise"])
def test_linear_regression(d2l, name):
    util.set_np()
    losses, w, b = getattr(d2l, name)()
    gold = GOLDEN[name]
    onp.testing.assert_allclose(losses, gold["losses"], rtol=1e-3, atol=1e-7)
    onp.testing.assert_allclose(w, gold["w"], rtol=1e-4, atol=1e-6)
    onp.testing.assert_allclose(b, gold["b"], rtol=1e-4, atol=1e-6)
    assert abs(w.reshape(-1)[0] - 2) < 0.01 and abs(b.reshape(-1)[0] - 4.2) < 0.01


@pytest.mark.parametrize("name", ["softmax_regression", "mlp", "lenet"])
def test_classifiers(d2l, name):
    util.set_np()
    history = onp.array(getattr(d2l, name)())
    onp.testing.assert_allclose(history, GOLDEN[name]["history"], rtol=1e-3, atol=1e-4)
    assert history[-1, 1] > 0.95


def test_rnn_language_model(d2l):
    util.set_np()
    ppl = d2l.rnn_language_model()
    onp.testing.assert_allclose(ppl, GOLDEN["rnn_language_model"]["perplexity"], rtol=1e-3)
    assert ppl[-1] < ppl[0] / 2
