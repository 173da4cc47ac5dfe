"""GluonCV through the mxnet alias (runs when gluoncv is installed: pip install -e
".[clients]" then pip install --no-deps gluoncv==0.10.5.post0): its model zoo builds
and computes MXNet 1.9.1's outputs and input gradients (tests/golden/clients_gluoncv.npz)."""
import pytest

import mxjax

mxjax.install_mxnet_alias()
gluoncv = pytest.importorskip("gluoncv")

from golden_utils import load, assert_matches  # noqa: E402

G = load("clients_gluoncv")


@pytest.mark.parametrize("hybridize", [False, True])
@pytest.mark.parametrize("name", sorted(G))
def test_model_zoo_matches_mxnet(name, hybridize):
    import mxnet as mx
    c = G[name]
    net = gluoncv.model_zoo.get_model(name, pretrained=False)
    net.initialize()
    x = mx.nd.array(c["x"])
    net(x)
    params = {k[len(net.prefix):]: p for k, p in net.collect_params().items()}
    assert sorted("p:" + k for k in params) == sorted(k for k in c if k.startswith("p:"))
    for k, p in params.items():
        p.set_data(mx.nd.array(c["p:" + k]))
    if hybridize:
        net.hybridize()
    x.attach_grad()
    with mx.autograd.record():  # training mode: see the note below
        out = net(x)
    out.backward(mx.nd.array(c["head"]))
    assert_matches(out, c["out"], rtol=1e-4, atol=1e-5)
    assert_matches(x.grad, c["grad_x"], rtol=1e-4, atol=1e-5)


def test_import_gives_mxnet_version():
    import mxnet as mx
    assert mx.__version__ == "1.9.1"
    assert gluoncv.model_zoo.get_model is not None
