"""Convolution, transposed convolution, pooling and padding layers."""
from ...base import numeric_types
from ..block import HybridBlock
from .._common import check
from .activations import Activation

__all__ = ["Conv1D", "Conv2D", "Conv3D", "Conv1DTranspose", "Conv2DTranspose",
           "Conv3DTranspose", "MaxPool1D", "MaxPool2D", "MaxPool3D", "AvgPool1D", "AvgPool2D",
           "AvgPool3D", "GlobalMaxPool1D", "GlobalMaxPool2D", "GlobalMaxPool3D",
           "GlobalAvgPool1D", "GlobalAvgPool2D", "GlobalAvgPool3D", "ReflectionPad2D"]


def _weight_shape(op_name, layout, channels, in_channels, groups, kernel):
    """The weight shape MXNet's shape inference gives (0 where in_channels is unknown)."""
    kernel = tuple(kernel)
    channels_last = layout.find("C") == len(layout) - 1
    if op_name == "Convolution":
        lead, per_group = channels, in_channels // groups
    else:
        lead, per_group = in_channels, channels // groups
    if channels_last:
        return (lead,) + kernel + (per_group,)
    return (lead, per_group) + kernel


class _Conv(HybridBlock):
    """N-D convolution or transposed convolution (shared implementation)."""

    def __init__(self, channels, kernel_size, strides, padding, dilation, groups, layout,
                 in_channels=0, activation=None, use_bias=True, weight_initializer=None,
                 bias_initializer="zeros", op_name="Convolution", adj=None, prefix=None,
                 params=None):
        super().__init__(prefix=prefix, params=params)
        with self.name_scope():
            self._channels = channels
            self._in_channels = in_channels
            if isinstance(strides, numeric_types):
                strides = (strides,) * len(kernel_size)
            if isinstance(padding, numeric_types):
                padding = (padding,) * len(kernel_size)
            if isinstance(dilation, numeric_types):
                dilation = (dilation,) * len(kernel_size)
            self._op_name = op_name
            self._kwargs = {"kernel": kernel_size, "stride": strides, "dilate": dilation,
                            "pad": padding, "num_filter": channels, "num_group": groups,
                            "no_bias": not use_bias, "layout": layout}
            if adj is not None:
                self._kwargs["adj"] = adj
            self._layout = layout
            self._groups = groups
            if op_name != "Convolution" and in_channels == 0 and groups > 1:
                check(False, "Error in operator deconvolution: input num_filter must divide "
                      "group size (in_channels=0 with groups=%d)" % groups)
            wshape = _weight_shape(op_name, layout, channels, in_channels, groups, kernel_size)
            self.weight = self.params.get("weight", shape=wshape, init=weight_initializer,
                                          allow_deferred_init=True)
            if use_bias:
                self.bias = self.params.get("bias", shape=(channels,), init=bias_initializer,
                                            allow_deferred_init=True)
            else:
                self.bias = None
            if activation is not None:
                self.act = Activation(activation, prefix=activation + "_")
            else:
                self.act = None

    def infer_shape(self, x, *args):
        """Take ``in_channels`` from the input's channel axis."""
        in_channels = x.shape[self._layout.find("C")]
        self.weight.shape = _weight_shape(self._op_name, self._layout, self._channels,
                                          in_channels, self._groups, self._kwargs["kernel"])

    def hybrid_forward(self, F, x, weight, bias=None):
        op = getattr(F, self._op_name)
        if bias is None:
            act = op(x, weight, name="fwd", **self._kwargs)
        else:
            act = op(x, weight, bias, name="fwd", **self._kwargs)
        if self.act is not None:
            act = self.act(act)
        return act

    def _alias(self):
        return "conv"

    def __repr__(self):
        s = "{name}({mapping}, kernel_size={kernel}, stride={stride}"
        len_kernel_size = len(self._kwargs["kernel"])
        if self._kwargs["pad"] != (0,) * len_kernel_size:
            s += ", padding={pad}"
        if self._kwargs["dilate"] != (1,) * len_kernel_size:
            s += ", dilation={dilate}"
        if hasattr(self, "out_pad") and self.out_pad != (0,) * len_kernel_size:
            s += ", output_padding={out_pad}".format(out_pad=self.out_pad)
        if self._kwargs["num_group"] != 1:
            s += ", groups={num_group}"
        if self.bias is None:
            s += ", bias=False"
        if self.act:
            s += ", {}".format(self.act)
        s += ")"
        shape = self.weight.shape
        return s.format(name=self.__class__.__name__,
                        mapping="{0} -> {1}".format(shape[1] if shape[1] else None, shape[0]),
                        **self._kwargs)


def _tuple(value, n, what):
    if isinstance(value, numeric_types):
        value = (value,) * n
    check(len(value) == n, "%s must be a number or a list of %d ints" % (what, n))
    return tuple(value)


class Conv1D(_Conv):
    """1-D convolution (layout 'NCW').

    Parameters
    ----------
    channels : int
        Number of output channels.
    kernel_size : int or tuple of 1 int
    strides, padding, dilation : int or tuple, default 1, 0, 1
    groups : int, default 1
    layout : str, default 'NCW'
    activation : str, optional
    use_bias : bool, default True
    weight_initializer, bias_initializer : str or Initializer
    in_channels : int, default 0
        0 infers it at the first forward pass.
    """

    def __init__(self, channels, kernel_size, strides=1, padding=0, dilation=1, groups=1,
                 layout="NCW", activation=None, use_bias=True, weight_initializer=None,
                 bias_initializer="zeros", in_channels=0, **kwargs):
        check(layout == "NCW", "Only supports 'NCW' layout for now")
        kernel_size = _tuple(kernel_size, 1, "kernel_size")
        op_name = kwargs.pop("op_name", "Convolution")
        super().__init__(channels, kernel_size, strides, padding, dilation, groups, layout,
                         in_channels, activation, use_bias, weight_initializer,
                         bias_initializer, op_name, **kwargs)


class Conv2D(_Conv):
    """2-D convolution (layout 'NCHW' or 'NHWC'); parameters as :class:`Conv1D`."""

    def __init__(self, channels, kernel_size, strides=(1, 1), padding=(0, 0),
                 dilation=(1, 1), groups=1, layout="NCHW", activation=None, use_bias=True,
                 weight_initializer=None, bias_initializer="zeros", in_channels=0, **kwargs):
        check(layout in ("NCHW", "NHWC"), "Only supports 'NCHW' and 'NHWC' layout for now")
        kernel_size = _tuple(kernel_size, 2, "kernel_size")
        op_name = kwargs.pop("op_name", "Convolution")
        super().__init__(channels, kernel_size, strides, padding, dilation, groups, layout,
                         in_channels, activation, use_bias, weight_initializer,
                         bias_initializer, op_name, **kwargs)


class Conv3D(_Conv):
    """3-D convolution (layout 'NCDHW' or 'NDHWC'); parameters as :class:`Conv1D`."""

    def __init__(self, channels, kernel_size, strides=(1, 1, 1), padding=(0, 0, 0),
                 dilation=(1, 1, 1), groups=1, layout="NCDHW", activation=None, use_bias=True,
                 weight_initializer=None, bias_initializer="zeros", in_channels=0, **kwargs):
        check(layout in ("NCDHW", "NDHWC"), "Only supports 'NCDHW' and 'NDHWC' layout for now")
        kernel_size = _tuple(kernel_size, 3, "kernel_size")
        op_name = kwargs.pop("op_name", "Convolution")
        super().__init__(channels, kernel_size, strides, padding, dilation, groups, layout,
                         in_channels, activation, use_bias, weight_initializer,
                         bias_initializer, op_name, **kwargs)


class Conv1DTranspose(_Conv):
    """1-D transposed convolution (``nd.Deconvolution``, layout 'NCW').

    Parameters as :class:`Conv1D`, plus ``output_padding`` (int or tuple, default 0).
    """

    def __init__(self, channels, kernel_size, strides=1, padding=0, output_padding=0,
                 dilation=1, groups=1, layout="NCW", activation=None, use_bias=True,
                 weight_initializer=None, bias_initializer="zeros", in_channels=0, **kwargs):
        check(layout == "NCW", "Only supports 'NCW' layout for now")
        kernel_size = _tuple(kernel_size, 1, "kernel_size")
        output_padding = _tuple(output_padding, 1, "output_padding")
        op_name = kwargs.pop("op_name", "Deconvolution")
        super().__init__(channels, kernel_size, strides, padding, dilation, groups, layout,
                         in_channels, activation, use_bias, weight_initializer,
                         bias_initializer, op_name=op_name, adj=output_padding, **kwargs)
        self.outpad = output_padding


class Conv2DTranspose(_Conv):
    """2-D transposed convolution (layout 'NCHW' or 'NHWC'); see :class:`Conv1DTranspose`."""

    def __init__(self, channels, kernel_size, strides=(1, 1), padding=(0, 0),
                 output_padding=(0, 0), dilation=(1, 1), groups=1, layout="NCHW",
                 activation=None, use_bias=True, weight_initializer=None,
                 bias_initializer="zeros", in_channels=0, **kwargs):
        check(layout in ("NCHW", "NHWC"), "Only supports 'NCHW' and 'NHWC' layout for now")
        kernel_size = _tuple(kernel_size, 2, "kernel_size")
        output_padding = _tuple(output_padding, 2, "output_padding")
        op_name = kwargs.pop("op_name", "Deconvolution")
        super().__init__(channels, kernel_size, strides, padding, dilation, groups, layout,
                         in_channels, activation, use_bias, weight_initializer,
                         bias_initializer, op_name=op_name, adj=output_padding, **kwargs)
        self.outpad = output_padding


class Conv3DTranspose(_Conv):
    """3-D transposed convolution (layout 'NCDHW' or 'NDHWC'); see :class:`Conv1DTranspose`."""

    def __init__(self, channels, kernel_size, strides=(1, 1, 1), padding=(0, 0, 0),
                 output_padding=(0, 0, 0), dilation=(1, 1, 1), groups=1, layout="NCDHW",
                 activation=None, use_bias=True, weight_initializer=None,
                 bias_initializer="zeros", in_channels=0, **kwargs):
        check(layout in ("NCDHW", "NDHWC"), "Only supports 'NCDHW' and 'NDHWC' layout for now")
        kernel_size = _tuple(kernel_size, 3, "kernel_size")
        output_padding = _tuple(output_padding, 3, "output_padding")
        op_name = kwargs.pop("op_name", "Deconvolution")
        super().__init__(channels, kernel_size, strides, padding, dilation, groups, layout,
                         in_channels, activation, use_bias, weight_initializer,
                         bias_initializer, op_name=op_name, adj=output_padding, **kwargs)
        self.outpad = output_padding


class _Pooling(HybridBlock):
    """Pooling (shared implementation of the Max/Avg/Global pools)."""

    def __init__(self, pool_size, strides, padding, ceil_mode, global_pool, pool_type, layout,
                 count_include_pad=None, **kwargs):
        super().__init__(**kwargs)
        if strides is None:
            strides = pool_size
        if isinstance(strides, numeric_types):
            strides = (strides,) * len(pool_size)
        if isinstance(padding, numeric_types):
            padding = (padding,) * len(pool_size)
        self._kwargs = {"kernel": pool_size, "stride": strides, "pad": padding,
                        "global_pool": global_pool, "pool_type": pool_type, "layout": layout,
                        "pooling_convention": "full" if ceil_mode else "valid"}
        if count_include_pad is not None:
            self._kwargs["count_include_pad"] = count_include_pad

    def _alias(self):
        return "pool"

    def hybrid_forward(self, F, x):
        return F.Pooling(x, name="fwd", **self._kwargs)

    def __repr__(self):
        s = "{name}(size={kernel}, stride={stride}, padding={pad}, ceil_mode={ceil_mode}"
        s += ", global_pool={global_pool}, pool_type={pool_type}, layout={layout})"
        return s.format(name=self.__class__.__name__,
                        ceil_mode=self._kwargs["pooling_convention"] == "full", **self._kwargs)


def _pool_layout(layout, allowed, nd_):
    check(layout in allowed, "Only %s layouts are valid for %dD Pooling"
          % (" and ".join(allowed), nd_))


class MaxPool1D(_Pooling):
    """1-D max pooling.

    Parameters
    ----------
    pool_size : int or tuple, default 2
    strides : int or tuple, optional
        Default: ``pool_size``.
    padding : int or tuple, default 0
    layout : {'NCW', 'NWC'}, default 'NCW'
    ceil_mode : bool, default False
        Round the output size up ('full' convention).
    """

    def __init__(self, pool_size=2, strides=None, padding=0, layout="NCW", ceil_mode=False,
                 **kwargs):
        _pool_layout(layout, ("NCW", "NWC"), 1)
        pool_size = _tuple(pool_size, 1, "pool_size")
        super().__init__(pool_size, strides, padding, ceil_mode, False, "max", layout, **kwargs)


class MaxPool2D(_Pooling):
    """2-D max pooling (layout 'NCHW' or 'NHWC'); see :class:`MaxPool1D`."""

    def __init__(self, pool_size=(2, 2), strides=None, padding=0, layout="NCHW",
                 ceil_mode=False, **kwargs):
        _pool_layout(layout, ("NCHW", "NHWC"), 2)
        pool_size = _tuple(pool_size, 2, "pool_size")
        super().__init__(pool_size, strides, padding, ceil_mode, False, "max", layout, **kwargs)


class MaxPool3D(_Pooling):
    """3-D max pooling (layout 'NCDHW' or 'NDHWC'); see :class:`MaxPool1D`."""

    def __init__(self, pool_size=(2, 2, 2), strides=None, padding=0, ceil_mode=False,
                 layout="NCDHW", **kwargs):
        _pool_layout(layout, ("NCDHW", "NDHWC"), 3)
        pool_size = _tuple(pool_size, 3, "pool_size")
        super().__init__(pool_size, strides, padding, ceil_mode, False, "max", layout, **kwargs)


class AvgPool1D(_Pooling):
    """1-D average pooling; see :class:`MaxPool1D`, plus ``count_include_pad``
    (default True: padded zeros count in the average)."""

    def __init__(self, pool_size=2, strides=None, padding=0, layout="NCW", ceil_mode=False,
                 count_include_pad=True, **kwargs):
        _pool_layout(layout, ("NCW", "NWC"), 1)
        pool_size = _tuple(pool_size, 1, "pool_size")
        super().__init__(pool_size, strides, padding, ceil_mode, False, "avg", layout,
                         count_include_pad, **kwargs)


class AvgPool2D(_Pooling):
    """2-D average pooling; see :class:`AvgPool1D`."""

    def __init__(self, pool_size=(2, 2), strides=None, padding=0, ceil_mode=False,
                 layout="NCHW", count_include_pad=True, **kwargs):
        _pool_layout(layout, ("NCHW", "NHWC"), 2)
        pool_size = _tuple(pool_size, 2, "pool_size")
        super().__init__(pool_size, strides, padding, ceil_mode, False, "avg", layout,
                         count_include_pad, **kwargs)


class AvgPool3D(_Pooling):
    """3-D average pooling; see :class:`AvgPool1D`."""

    def __init__(self, pool_size=(2, 2, 2), strides=None, padding=0, ceil_mode=False,
                 layout="NCDHW", count_include_pad=True, **kwargs):
        _pool_layout(layout, ("NCDHW", "NDHWC"), 3)
        pool_size = _tuple(pool_size, 3, "pool_size")
        super().__init__(pool_size, strides, padding, ceil_mode, False, "avg", layout,
                         count_include_pad, **kwargs)


class GlobalMaxPool1D(_Pooling):
    """Global max pooling over the width axis (output width 1)."""

    def __init__(self, layout="NCW", **kwargs):
        _pool_layout(layout, ("NCW", "NWC"), 1)
        super().__init__((1,), None, 0, True, True, "max", layout, **kwargs)


class GlobalMaxPool2D(_Pooling):
    """Global max pooling over the spatial axes (output 1x1)."""

    def __init__(self, layout="NCHW", **kwargs):
        _pool_layout(layout, ("NCHW", "NHWC"), 2)
        super().__init__((1, 1), None, 0, True, True, "max", layout, **kwargs)


class GlobalMaxPool3D(_Pooling):
    """Global max pooling over the three spatial axes."""

    def __init__(self, layout="NCDHW", **kwargs):
        _pool_layout(layout, ("NCDHW", "NDHWC"), 3)
        super().__init__((1, 1, 1), None, 0, True, True, "max", layout, **kwargs)


class GlobalAvgPool1D(_Pooling):
    """Global average pooling over the width axis."""

    def __init__(self, layout="NCW", **kwargs):
        _pool_layout(layout, ("NCW", "NWC"), 1)
        super().__init__((1,), None, 0, True, True, "avg", layout, **kwargs)


class GlobalAvgPool2D(_Pooling):
    """Global average pooling over the spatial axes."""

    def __init__(self, layout="NCHW", **kwargs):
        _pool_layout(layout, ("NCHW", "NHWC"), 2)
        super().__init__((1, 1), None, 0, True, True, "avg", layout, **kwargs)


class GlobalAvgPool3D(_Pooling):
    """Global average pooling over the three spatial axes."""

    def __init__(self, layout="NCDHW", **kwargs):
        _pool_layout(layout, ("NCDHW", "NDHWC"), 3)
        super().__init__((1, 1, 1), None, 0, True, True, "avg", layout, **kwargs)


class ReflectionPad2D(HybridBlock):
    """Pad the spatial axes of an NCHW input by reflection.

    Parameters
    ----------
    padding : int or tuple of 8 ints, default 0
        An int pads all four spatial borders; a tuple is ``nd.pad``'s ``pad_width``.
    """

    def __init__(self, padding=0, **kwargs):
        super().__init__(**kwargs)
        if isinstance(padding, numeric_types):
            padding = (0, 0, 0, 0, padding, padding, padding, padding)
        check(len(padding) == 8, "ReflectionPad2D: padding must be an int or 8 ints")
        self._padding = padding

    def hybrid_forward(self, F, x):
        return F.pad(x, mode="reflect", pad_width=self._padding)
