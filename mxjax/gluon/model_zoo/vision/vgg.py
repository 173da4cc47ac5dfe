"""VGG 11/13/16/19 with and without BatchNorm (Simonyan & Zisserman 2014), with MXNet
1.9.1's layer structure, parameter names and initializers."""
from ....context import cpu
from ....initializer import Xavier
from ...block import HybridBlock
from ... import nn
from .. import model_store

__all__ = ["VGG", "vgg11", "vgg13", "vgg16", "vgg19", "vgg11_bn", "vgg13_bn", "vgg16_bn",
           "vgg19_bn", "get_vgg"]


class VGG(HybridBlock):
    """VGG ("Very Deep Convolutional Networks for Large-Scale Image Recognition").

    Parameters
    ----------
    layers : list of int
        Number of convolutions in each of the five groups.
    filters : list of int
        Channels of each group.
    classes : int, default 1000
        Number of classification classes.
    batch_norm : bool, default False
        BatchNorm after each convolution.
    """

    def __init__(self, layers, filters, classes=1000, batch_norm=False, **kwargs):
        super().__init__(**kwargs)
        if len(layers) != len(filters):
            raise ValueError("VGG: layers and filters must have the same length, got %d "
                             "and %d" % (len(layers), len(filters)))
        with self.name_scope():
            self.features = self._make_features(layers, filters, batch_norm)
            for _ in range(2):
                self.features.add(nn.Dense(4096, activation="relu",
                                           weight_initializer="normal",
                                           bias_initializer="zeros"),
                                  nn.Dropout(rate=0.5))
            self.output = nn.Dense(classes, weight_initializer="normal",
                                   bias_initializer="zeros")

    def _make_features(self, layers, filters, batch_norm):
        featurizer = nn.HybridSequential(prefix="")
        for num, channels in zip(layers, filters):
            for _ in range(num):
                featurizer.add(nn.Conv2D(channels, kernel_size=3, padding=1,
                                         weight_initializer=Xavier(rnd_type="gaussian",
                                                                   factor_type="out",
                                                                   magnitude=2),
                                         bias_initializer="zeros"))
                if batch_norm:
                    featurizer.add(nn.BatchNorm())
                featurizer.add(nn.Activation("relu"))
            featurizer.add(nn.MaxPool2D(strides=2))
        return featurizer

    def hybrid_forward(self, F, x):
        return self.output(self.features(x))


vgg_spec = {11: ([1, 1, 2, 2, 2], [64, 128, 256, 512, 512]),
            13: ([2, 2, 2, 2, 2], [64, 128, 256, 512, 512]),
            16: ([2, 2, 3, 3, 3], [64, 128, 256, 512, 512]),
            19: ([2, 2, 4, 4, 4], [64, 128, 256, 512, 512])}


def get_vgg(num_layers, pretrained=False, ctx=cpu(), root=None, **kwargs):
    """A VGG of depth 11, 13, 16 or 19 (``batch_norm=True`` for the ``_bn`` variants).

    Parameters
    ----------
    num_layers : int
        11, 13, 16 or 19.
    pretrained : bool, default False
        Load the model store's pretrained parameters.
    ctx : Context, default CPU
        The context in which to load the pretrained weights.
    root : str, default ``$MXNET_HOME/models``
        Location of the pretrained parameter files.

    Returns
    -------
    VGG
    """
    if num_layers not in vgg_spec:
        raise ValueError("Invalid number of layers: %r. Options are %s"
                         % (num_layers, sorted(vgg_spec)))
    layers, filters = vgg_spec[num_layers]
    net = VGG(layers, filters, **kwargs)
    if pretrained:
        suffix = "_bn" if kwargs.get("batch_norm") else ""
        model_store._load_pretrained(net, "vgg%d%s" % (num_layers, suffix), root, ctx)
    return net


def _constructor(num_layers, batch_norm):
    def build(**kwargs):
        if batch_norm:
            kwargs["batch_norm"] = True
        return get_vgg(num_layers, **kwargs)
    build.__name__ = "vgg%d%s" % (num_layers, "_bn" if batch_norm else "")
    build.__qualname__ = build.__name__
    build.__doc__ = "VGG-%d%s (see :func:`get_vgg` for the keyword arguments)." % (
        num_layers, " with BatchNorm" if batch_norm else "")
    return build


vgg11 = _constructor(11, False)
vgg13 = _constructor(13, False)
vgg16 = _constructor(16, False)
vgg19 = _constructor(19, False)
vgg11_bn = _constructor(11, True)
vgg13_bn = _constructor(13, True)
vgg16_bn = _constructor(16, True)
vgg19_bn = _constructor(19, True)
