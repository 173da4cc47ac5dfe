"""gluon.model_zoo: every vision constructor has MXNet 1.9.1's parameter names; networks
filled with the same parameters compute MXNet's outputs (imperative and hybridized);
MXNet-written .params files load unchanged; model_store finds, checks and purges files."""
import hashlib
import os
import shutil

import numpy as np
import pytest

import mxjax as mx
from mxjax.base import MXNetError
from mxjax.gluon.model_zoo import model_store, vision
import golden_utils
from zoo_params import synthetic_values, synthetic_input

G = golden_utils.load("model_zoo")
FILES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "golden", "model_zoo")
NAMES = sorted(case[len("names_"):] for case in G if case.startswith("names_"))
VALUE_SHAPES = {"resnet18_v1": (2, 3, 64, 64), "resnet50_v2": (1, 3, 64, 64),
                "mobilenet0.25": (1, 3, 64, 64), "mobilenetv2_0.25": (2, 3, 64, 64),
                "densenet121": (1, 3, 224, 224)}
FILE_SHAPES = {"squeezenet1.1": (1, 3, 224, 224), "mobilenetv2_0.25": (1, 3, 64, 64)}


def test_every_constructor_is_covered():
    assert len(NAMES) == 34
    assert set(NAMES) == set(vision._MODELS)


@pytest.mark.parametrize("name", NAMES)
def test_parameter_names_match_mxnet(name):
    net = vision.get_model(name)
    expected = G["names_" + name]
    assert list(net._collect_params_with_prefix()) == list(expected["structural"])
    assert net.prefix.rstrip("_0123456789") == str(expected["prefix"])
    assert [k[len(net.prefix):] for k in net.collect_params()] == list(expected["prefixed"])


def _forward(net, x, train=False):
    xs = mx.nd.array(x)
    if not train:
        return net(xs).asnumpy(), None
    xs.attach_grad()
    with mx.autograd.record(train_mode=True):
        out = net(xs)
    out.backward()
    return out.asnumpy(), xs.grad.asnumpy()


@pytest.mark.parametrize("name", sorted(VALUE_SHAPES))
def test_outputs_match_mxnet_with_same_parameters(name):
    """Predict-mode outputs; for some networks also training-mode outputs and input
    gradients (each phase from the same parameters), imperative then hybridized."""
    expected = G["values_" + name]
    x = synthetic_input(VALUE_SHAPES[name])
    net = vision.get_model(name, classes=10)
    net.initialize()
    net(mx.nd.array(x))
    params = net._collect_params_with_prefix()
    values = synthetic_values({k: p.shape for k, p in params.items()})

    def reset():
        for key, param in params.items():
            param.set_data(mx.nd.array(values[key]))

    for hybrid in (False, True):
        if hybrid:
            net.hybridize()
        suffix = "_hybrid" if hybrid else ""
        reset()
        out, _ = _forward(net, x)
        golden_utils.assert_matches(out, expected["out" + suffix], rtol=1e-3, atol=1e-3)
        if "grad" in expected:
            reset()
            out, g = _forward(net, x, train=True)
            golden_utils.assert_matches(out, expected["out_train" + suffix], rtol=1e-3,
                                        atol=1e-3)
            golden_utils.assert_matches(g, expected["grad" + suffix], rtol=1e-3, atol=1e-4)


@pytest.mark.parametrize("name", sorted(FILE_SHAPES))
def test_mxnet_params_file_loads_unchanged(name):
    net = vision.get_model(name, classes=10)
    net.load_parameters(os.path.join(FILES, name + ".params"))
    x = mx.nd.array(synthetic_input(FILE_SHAPES[name], seed=3))
    golden_utils.assert_matches(net(x).asnumpy(), G["file_" + name]["out"],
                                rtol=1e-3, atol=1e-4)


def _sha1(path):
    with open(path, "rb") as fin:
        return hashlib.sha1(fin.read()).hexdigest()


def test_pretrained_loads_store_file_checking_sha1(tmp_path, monkeypatch):
    src = os.path.join(FILES, "mobilenetv2_0.25.params")
    monkeypatch.setitem(model_store._model_sha1, "mobilenetv2_0.25", _sha1(src))
    target = tmp_path / ("mobilenetv2_0.25-%s.params" % model_store.short_hash("mobilenetv2_0.25"))
    shutil.copy(src, target)
    assert model_store.get_model_file("mobilenetv2_0.25", root=str(tmp_path)) == str(target)
    net = vision.mobilenet_v2_0_25(pretrained=True, classes=10, root=str(tmp_path))
    x = mx.nd.array(synthetic_input(FILE_SHAPES["mobilenetv2_0.25"], seed=3))
    golden_utils.assert_matches(net(x).asnumpy(), G["file_mobilenetv2_0.25"]["out"],
                                rtol=1e-3, atol=1e-4)
    # MXNET_HOME is the default root
    monkeypatch.setenv("MXNET_HOME", str(tmp_path.parent))
    os.makedirs(tmp_path.parent / "models", exist_ok=True)
    shutil.copy(src, tmp_path.parent / "models" / target.name)
    assert model_store.get_model_file("mobilenetv2_0.25") == \
        str(tmp_path.parent / "models" / target.name)


def test_pretrained_missing_or_corrupt_file_is_a_clear_error(tmp_path):
    with pytest.raises(MXNetError, match=r"resnet18_v1-a0666292\.params.*not found"):
        vision.resnet18_v1(pretrained=True, root=str(tmp_path))
    (tmp_path / "resnet18_v1-a0666292.params").write_bytes(b"not the file")
    with pytest.raises(MXNetError, match="SHA-1"):
        model_store.get_model_file("resnet18_v1", root=str(tmp_path))
    with pytest.raises(ValueError, match="not available"):
        model_store.get_model_file("resnet19_v1", root=str(tmp_path))


def test_purge_removes_params_files_only(tmp_path):
    (tmp_path / "a.params").write_bytes(b"x")
    (tmp_path / "keep.txt").write_bytes(b"x")
    model_store.purge(root=str(tmp_path))
    assert sorted(os.listdir(tmp_path)) == ["keep.txt"]


def test_get_model_unknown_name_and_store_names():
    with pytest.raises(ValueError, match="resnet18_v1"):
        vision.get_model("resnet19_v1")
    assert vision.get_model("ResNet18_V1").__class__ is vision.ResNetV1
    # every get_model name except mobilenet widths has a store file under the same name
    # (a subset: GluonNLP, when imported in the same process, adds its own names)
    assert set(vision._MODELS) <= set(model_store._model_sha1)


def test_alias_paths():
    import importlib
    mx.install_mxnet_alias() if hasattr(mx, "install_mxnet_alias") else None
    mod = importlib.import_module("mxnet.gluon.model_zoo.vision")
    assert mod is vision
