"""gluon.nn containers, Dense, Dropout, Flatten, lambdas and activations against
MXNet 1.9.1 (tools/golden/gluon_nn.py): outputs, input and parameter gradients; plain and
hybridized."""
import numpy as np
import pytest

import mxjax as mx
from mxjax import autograd
from mxjax.gluon import nn

import golden_utils
from layer_harness import replay

GOLDEN = golden_utils.load("gluon_nn")
NORM = ("batchnorm", "instancenorm", "layernorm", "groupnorm", "embedding")
CONV = ("conv", "reflection", "cnn")
POOL = ("maxpool", "avgpool", "global_")
CASES = sorted(filter(lambda c: not c.startswith(NORM + CONV + POOL + ("contrib_",)), GOLDEN))


@pytest.mark.parametrize("hybridize", [False, True], ids=["imperative", "hybridized"])
@pytest.mark.parametrize("case", CASES)
def test_layer_matches_mxnet(case, hybridize):
    replay(GOLDEN[case], hybridize=hybridize)


def test_layer_names_cover_mxnet_api():
    import os
    names = open(os.path.join(os.path.dirname(__file__), "..", "..", "tools", "mxnet_api",
                              "gluon.nn.txt")).read().split("\n")
    names = [n.split("(")[0] for n in names if n.strip()]
    missing = [n for n in names if not hasattr(nn, n)]
    assert not missing, missing


def test_dropout_training_masks_and_scales():
    layer = nn.Dropout(0.5)
    x = mx.nd.ones((200, 10))
    with autograd.record():
        y = layer(x)
    v = y.asnumpy()
    assert set(np.unique(v)) <= {0.0, 2.0}
    assert 0.35 < (v == 0).mean() < 0.65
    shared = nn.Dropout(0.5, axes=(1,))
    with autograd.record():
        v = shared(x).asnumpy()
    assert all(len(set(row)) == 1 for row in v)
    np.testing.assert_array_equal(layer(x).asnumpy(), x.asnumpy())


def test_conv_nhwc_matches_nchw():
    rng = np.random.RandomState(0)
    x = rng.standard_normal((2, 5, 6, 2)).astype("float32")
    nhwc = nn.Conv2D(3, 3, layout="NHWC", in_channels=2)
    nchw = nn.Conv2D(3, 3, in_channels=2)
    for blk in (nhwc, nchw):
        blk.initialize()
    assert nhwc.weight.shape == (3, 3, 3, 2) and nchw.weight.shape == (3, 2, 3, 3)
    w = rng.standard_normal((3, 2, 3, 3)).astype("float32")
    nchw.weight.set_data(mx.nd.array(w))
    nhwc.weight.set_data(mx.nd.array(w.transpose(0, 2, 3, 1)))
    out_nhwc = nhwc(mx.nd.array(x)).asnumpy()
    out_nchw = nchw(mx.nd.array(x.transpose(0, 3, 1, 2))).asnumpy()
    np.testing.assert_allclose(out_nhwc, out_nchw.transpose(0, 2, 3, 1), rtol=1e-5, atol=1e-5)


def test_deferred_shapes_of_layers():
    cases = [(nn.Dense(3), (2, 4, 5), [(3, 20), (3,)]),
             (nn.Dense(3, flatten=False), (2, 4, 5), [(3, 5), (3,)]),
             (nn.Conv2D(4, 3, groups=2), (1, 6, 5, 5), [(4, 3, 3, 3), (4,)]),
             (nn.Conv2DTranspose(4, 3), (1, 6, 5, 5), [(6, 4, 3, 3), (4,)]),
             (nn.BatchNorm(axis=2), (2, 3, 7), [(7,)] * 4),
             (nn.LayerNorm(), (2, 3, 7), [(7,), (7,)]),
             (nn.InstanceNorm(), (2, 3, 7), [(3,), (3,)])]
    for blk, shape, want in cases:
        blk.initialize()
        blk(mx.nd.ones(shape))
        assert [p.shape for p in blk.collect_params().values()] == want, blk


def test_layer_argument_errors():
    with pytest.raises(AssertionError, match="Slope coefficient"):
        nn.LeakyReLU(-1)
    with pytest.raises(AssertionError, match="layout"):
        nn.Conv2D(2, 3, layout="NCW")
    with pytest.raises(AssertionError, match="kernel_size"):
        nn.Conv2D(2, (3, 3, 3))
    with pytest.raises(AssertionError, match="Pooling"):
        nn.MaxPool1D(layout="NCHW")
    with pytest.raises(AssertionError, match="not found"):
        nn.Lambda("no_such_operator")
    with pytest.raises(ValueError, match="Unrecognized function"):
        nn.HybridLambda(3)


# every layer of MXNet 1.9.1's gluon.nn with a golden case (BatchNormReLU has none:
# MXNet implements it only with MKL-DNN; see test_batchnorm_relu)
LAYERS = ["Activation", "AvgPool1D", "AvgPool2D", "AvgPool3D", "BatchNorm", "Conv1D",
          "Conv1DTranspose", "Conv2D", "Conv2DTranspose", "Conv3D", "Conv3DTranspose", "Dense",
          "Dropout", "ELU", "Embedding", "Flatten", "GELU", "GlobalAvgPool1D", "GlobalAvgPool2D",
          "GlobalAvgPool3D", "GlobalMaxPool1D", "GlobalMaxPool2D", "GlobalMaxPool3D",
          "GroupNorm", "HybridLambda", "HybridSequential", "InstanceNorm", "Lambda",
          "LayerNorm", "LeakyReLU", "MaxPool1D", "MaxPool2D", "MaxPool3D", "PReLU",
          "ReflectionPad2D", "SELU", "Sequential", "Swish"]


def test_every_layer_has_a_golden_case():
    builds = " ".join(str(f["build"]) for f in GOLDEN.values())
    missing = [n for n in LAYERS if "nn.%s(" % n not in builds]
    assert not missing, missing


def test_batchnorm_relu_is_relu_of_batchnorm():
    rng = np.random.RandomState(0)
    x = mx.nd.array(rng.standard_normal((4, 3, 2)).astype("float32"))
    fused, plain = nn.BatchNormReLU(), nn.BatchNorm()
    for blk in (fused, plain):
        blk.initialize()
        blk.gamma.set_data(mx.nd.array([0.5, -1.0, 2.0]))
    for hybrid in (False, True):
        if hybrid:
            fused.hybridize()
        with autograd.record():
            a = fused(x)
            b = nn.Activation("relu")(plain(x))
        np.testing.assert_allclose(a.asnumpy(), b.asnumpy(), rtol=1e-6)
    np.testing.assert_allclose(fused.running_mean.data().asnumpy(),
                               plain.running_mean.data().asnumpy(), rtol=1e-6)


def test_tensor_types():
    import mxjax.gluon as gluon
    assert isinstance(mx.nd.ones((1,)), gluon.tensor_types)
