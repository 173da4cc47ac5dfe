"""The GluonCV models of tests/clients/test_gluoncv.py, built and filled the same way
under real MXNet (tools/golden/clients_gluoncv.py) and under mxjax: ``build(mx,
gluoncv, name)`` and the parameters ``fill`` draws (NumPy, one generator per parameter
seeded by its name, so both sides get the same values without storing them)."""
import re
import zlib

import numpy as np

# name: (input shape, keyword arguments of get_model). The smallest inputs the models
# accept: densenet121 and inceptionv3 end in a fixed 7x7 / 8x8 average pooling. The
# weights' gain (see ``draw``) is sqrt(2) for the models without residual connections
# (their activations vanish with 1), 1 for the others (with sqrt(2) they grow ~2x a block).
GAIN = {"mobilenetv2_1.0": 2 ** 0.5, "densenet121": 2 ** 0.5, "inceptionv3": 2 ** 0.5}
MODELS = {
    "cifar_resnet20_v1": ((1, 3, 32, 32), {}),
    "resnet18_v1": ((1, 3, 32, 32), {}),
    "resnet50_v1b": ((1, 3, 32, 32), {}),
    "mobilenetv2_1.0": ((1, 3, 32, 32), {}),
    "densenet121": ((1, 3, 224, 224), {}),
    "inceptionv3": ((1, 3, 299, 299), {}),
    "ssd_512_resnet50_v1_voc": ((1, 3, 128, 128), {"pretrained_base": False}),
    "yolo3_darknet53_voc": ((1, 3, 64, 64), {"pretrained_base": False}),
    "faster_rcnn_resnet50_v1b_voc": ((1, 3, 128, 128), {"pretrained_base": False}),
    "fcn_resnet50_voc": ((1, 3, 64, 64), {"pretrained_base": False, "height": 64,
                                          "width": 64}),
}
# predict-mode outputs: (class ids, scores, boxes) for the detectors, (seg, aux seg) for FCN
DETECTORS = ("ssd_512_resnet50_v1_voc", "yolo3_darknet53_voc", "faster_rcnn_resnet50_v1b_voc")
# no input gradient: MXNet 1.9.1 segfaults in the backward pass of their predict-mode graph
NO_GRAD = ("ssd_512_resnet50_v1_voc", "faster_rcnn_resnet50_v1b_voc")
# input gradient in float64 (``net.cast("float64")``, float64 input and heads): at the seeded
# input, float32 rounding decides a kink of these two networks, so their float32 gradients
# depend on the order of float32 sums, MXNet's as much as mxjax's (float64 gradients of
# MXNet and mxjax agree to 3e-15). resnet50_v1b: two ReLU inputs of layer1[2] lie within
# float32 noise of zero (float64 +9.4e-8, MXNet float32 -2.2e-8), MXNet's float32 gradient
# is 2.7% (of the largest entry) off its float64 one, mxjax's 1e-6. fcn_resnet50_voc: a
# 3x3 max-pooling window after the stem holds two values 1.95e-8 apart (0.36974121 and
# 0.36974119), which float32 orders either way; mxjax's float32 gradient is 2% off.
FLOAT64_GRAD = ("resnet50_v1b", "fcn_resnet50_voc")


def key(net, name):
    """A parameter's name without its model's prefix (``resnetv10_conv0_weight`` ->
    ``conv0_weight``); other names lose the counter of their first prefix."""
    if name.startswith(net.prefix):
        return name[len(net.prefix):]
    return re.sub(r"^([a-z_]+?)\d+_", r"\1_", name)


def build(mx, gluoncv, name):
    """(net, input x): the model with deferred-initialised parameters materialised; x is
    drawn from a seeded NumPy generator (the fixture stores its sum, not x)."""
    net, x = construct(mx, gluoncv, name)
    net.initialize()
    with mx.autograd.predict_mode():
        net(x)
    return net, x


def construct(mx, gluoncv, name):
    """(net, input x): the model as constructed, before ``initialize``."""
    shape, kwargs = MODELS[name]
    net = gluoncv.model_zoo.get_model(name, pretrained=False, **kwargs)
    if name == "faster_rcnn_resnet50_v1b_voc":
        # 16 region proposals, not 300: the per-RoI head (ResNet's stage 4 on each RoI) is
        # then 19x cheaper; GluonCV has no argument for it, so its two attributes are set
        net._rpn_test_post_nms = net.rpn._test_post_nms = 16
    return net, mx.nd.array(np.random.RandomState(0).uniform(-1, 1, shape).astype(np.float32))


def draw(name, shape, gain=1.0):
    """The value of parameter ``name``: a NumPy generator seeded by the name; weights
    scaled by gain/sqrt(fan_in), BatchNorm near identity."""
    rng = np.random.RandomState(zlib.crc32(name.encode()))
    if name.endswith(("gamma", "running_var")):
        value = rng.uniform(0.8, 1.2, shape)
    elif name.endswith(("beta", "bias", "running_mean")):
        value = 0.1 * rng.standard_normal(shape)
    else:
        fan_in = int(np.prod(shape[1:])) if len(shape) > 1 else 1
        value = gain * rng.standard_normal(shape) / np.sqrt(max(fan_in, 1))
    return value.astype(np.float32)


def fill(mx, net, name):
    """Set every parameter of model ``name`` to ``draw(key, shape)``, except constants (the detectors'
    anchors and offsets, computed by the model); returns the sorted keys."""
    items = [(k, p) for k, p in net.collect_params().items()
             if type(p).__name__ != "Constant"]
    params = {key(net, k): p for k, p in items}
    assert len(params) == len(items), "two parameters share a key"
    for k, p in params.items():
        p.set_data(mx.nd.array(draw(k, p.shape, GAIN.get(name, 1.0))))
    return sorted(params)


def heads(outs):
    """The head gradients of the outputs ``outs`` (NumPy, seeded)."""
    rng = np.random.RandomState(1)
    return [rng.uniform(-1, 1, o.shape).astype(np.float32) for o in outs]


def flat(out):
    """The outputs as a list of arrays (tuples flattened)."""
    if isinstance(out, (list, tuple)):
        return [a for o in out for a in flat(o)]
    return [out]
