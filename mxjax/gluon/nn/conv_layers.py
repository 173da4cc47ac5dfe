"""Convolution, transposed convolution, pooling and padding layers."""
from ... import _codegen
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

    def _nd_init(self, ndim, transposed, kwargs, channels, kernel_size, strides, padding,
                 dilation, groups, layout, activation, use_bias, weight_initializer,
                 bias_initializer, in_channels, output_padding=None):
        """The ``__init__`` of the public N-D layers (built by ``_conv_layer``)."""
        layouts = _CONV_LAYOUTS[ndim]
        check(layout in layouts, "Only supports %s layout for now"
              % " and ".join("'%s'" % name for name in layouts))
        kernel_size = _tuple(kernel_size, ndim, "kernel_size")
        adj = {}
        if transposed:
            output_padding = adj["adj"] = _tuple(output_padding, ndim, "output_padding")
        op_name = kwargs.pop("op_name", "Deconvolution" if transposed else "Convolution")
        _Conv.__init__(self, channels, kernel_size, strides, padding, dilation, groups, layout,
                       in_channels, activation, use_bias, weight_initializer, bias_initializer,
                       op_name, **adj, **kwargs)
        if transposed:
            self.outpad = output_padding

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


# the layouts of the N-D convolutions and poolings, the default first
_CONV_LAYOUTS = {1: ("NCW",), 2: ("NCHW", "NHWC"), 3: ("NCDHW", "NDHWC")}
_POOL_LAYOUTS = {1: ("NCW", "NWC"), 2: ("NCHW", "NHWC"), 3: ("NCDHW", "NDHWC")}


def _layer(name, base, params, init, doc):
    """A public layer class, generated (see ``mxjax._codegen``) for its exact signature.

    Parameters
    ----------
    name : str
    base : type
        The base class (``_Conv`` or ``_Pooling``).
    params : list of str or (str, default)
        The parameters of ``__init__`` after ``self``, before ``**kwargs``.
    init : str
        The body of ``__init__``: one statement, a call of a method of ``base`` that
        does the work.
    doc : str
        The class docstring, as ``_codegen.docstring`` takes it.

    Returns
    -------
    type
    """
    names, defaults = _codegen.parameters(params)
    src = ("class %s(%s):\n"
           "    def __init__(self, %s, **kwargs):\n"
           "        %s\n" % (name, base.__name__, ", ".join(names), init))
    cls = _codegen.define(src, name, __name__, {base.__name__: base})
    cls.__init__.__defaults__ = defaults
    cls.__doc__ = _codegen.docstring(doc)
    return cls


def _conv_layer(name, ndim, transposed, doc):
    """``Conv<ndim>D`` or ``Conv<ndim>DTranspose``: scalar defaults in 1-D, tuples above."""
    one, zero = (1, 0) if ndim == 1 else ((1,) * ndim, (0,) * ndim)
    params = ["channels", "kernel_size", ("strides", one), ("padding", zero)]
    params += [("output_padding", zero)] if transposed else []
    params += [("dilation", one), ("groups", 1), ("layout", _CONV_LAYOUTS[ndim][0]),
               ("activation", None), ("use_bias", True), ("weight_initializer", None),
               ("bias_initializer", "zeros"), ("in_channels", 0)]
    names = _codegen.parameters(params)[0]
    init = "self._nd_init(%d, %s, kwargs, %s)" % (
        ndim, transposed, ", ".join("%s=%s" % (n, n) for n in names))
    return _layer(name, _Conv, params, init, doc)


Conv1D = _conv_layer("Conv1D", 1, False, """
    1-D convolution (layout 'NCW').

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
    """)
Conv2D = _conv_layer("Conv2D", 2, False, "2-D convolution (layout 'NCHW' or 'NHWC'); "
                     "parameters as :class:`Conv1D`.")
Conv3D = _conv_layer("Conv3D", 3, False, "3-D convolution (layout 'NCDHW' or 'NDHWC'); "
                     "parameters as :class:`Conv1D`.")
Conv1DTranspose = _conv_layer("Conv1DTranspose", 1, True, """
    1-D transposed convolution (``nd.Deconvolution``, layout 'NCW').

    Parameters as :class:`Conv1D`, plus ``output_padding`` (int or tuple, default 0).
    """)
Conv2DTranspose = _conv_layer("Conv2DTranspose", 2, True, "2-D transposed convolution "
                              "(layout 'NCHW' or 'NHWC'); see :class:`Conv1DTranspose`.")
Conv3DTranspose = _conv_layer("Conv3DTranspose", 3, True, "3-D transposed convolution "
                              "(layout 'NCDHW' or 'NDHWC'); see :class:`Conv1DTranspose`.")


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

    def _nd_init(self, ndim, pool_type, kwargs, pool_size, strides, padding, layout,
                 ceil_mode, count_include_pad=None):
        """The ``__init__`` of the public max and average poolings (built by
        ``_pool_layer``)."""
        _pool_layout(layout, _POOL_LAYOUTS[ndim], ndim)
        pool_size = _tuple(pool_size, ndim, "pool_size")
        # count_include_pad is passed on by average poolings only (MaxPool*D take it
        # in **kwargs, as MXNet's)
        extra = (count_include_pad,) if pool_type == "avg" else ()
        _Pooling.__init__(self, pool_size, strides, padding, ceil_mode, False, pool_type,
                          layout, *extra, **kwargs)

    def _global_init(self, ndim, pool_type, kwargs, layout):
        """The ``__init__`` of the public global poolings (built by
        ``_global_pool_layer``)."""
        _pool_layout(layout, _POOL_LAYOUTS[ndim], ndim)
        _Pooling.__init__(self, (1,) * ndim, None, 0, True, True, pool_type, layout, **kwargs)

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


def _pool_layer(name, ndim, pool_type, doc, layout_first=False):
    """``MaxPool<ndim>D`` or ``AvgPool<ndim>D``; ``layout_first``: ``layout`` comes before
    ``ceil_mode`` (MXNet's order differs between the classes)."""
    layout = ("layout", _POOL_LAYOUTS[ndim][0])
    params = [("pool_size", 2 if ndim == 1 else (2,) * ndim), ("strides", None), ("padding", 0)]
    params += [layout, ("ceil_mode", False)] if layout_first else [("ceil_mode", False), layout]
    params += [("count_include_pad", True)] if pool_type == "avg" else []
    names = _codegen.parameters(params)[0]
    init = "self._nd_init(%d, %r, kwargs, %s)" % (
        ndim, pool_type, ", ".join("%s=%s" % (n, n) for n in names))
    return _layer(name, _Pooling, params, init, doc)


def _global_pool_layer(name, ndim, pool_type, doc):
    """``GlobalMaxPool<ndim>D`` or ``GlobalAvgPool<ndim>D``."""
    return _layer(name, _Pooling, [("layout", _POOL_LAYOUTS[ndim][0])],
                  "self._global_init(%d, %r, kwargs, layout)" % (ndim, pool_type), doc)


MaxPool1D = _pool_layer("MaxPool1D", 1, "max", """
    1-D max pooling.

    Parameters
    ----------
    pool_size : int or tuple, default 2
    strides : int or tuple, optional
        Default: ``pool_size``.
    padding : int or tuple, default 0
    layout : {'NCW', 'NWC'}, default 'NCW'
    ceil_mode : bool, default False
        Round the output size up ('full' convention).
    """, layout_first=True)
MaxPool2D = _pool_layer("MaxPool2D", 2, "max", "2-D max pooling (layout 'NCHW' or 'NHWC'); "
                        "see :class:`MaxPool1D`.", layout_first=True)
MaxPool3D = _pool_layer("MaxPool3D", 3, "max", "3-D max pooling (layout 'NCDHW' or 'NDHWC'); "
                        "see :class:`MaxPool1D`.")
AvgPool1D = _pool_layer("AvgPool1D", 1, "avg", """
    1-D average pooling; see :class:`MaxPool1D`, plus ``count_include_pad``
    (default True: padded zeros count in the average).""", layout_first=True)
AvgPool2D = _pool_layer("AvgPool2D", 2, "avg", "2-D average pooling; see :class:`AvgPool1D`.")
AvgPool3D = _pool_layer("AvgPool3D", 3, "avg", "3-D average pooling; see :class:`AvgPool1D`.")
GlobalMaxPool1D = _global_pool_layer("GlobalMaxPool1D", 1, "max",
                                     "Global max pooling over the width axis (output width 1).")
GlobalMaxPool2D = _global_pool_layer("GlobalMaxPool2D", 2, "max",
                                     "Global max pooling over the spatial axes (output 1x1).")
GlobalMaxPool3D = _global_pool_layer("GlobalMaxPool3D", 3, "max",
                                     "Global max pooling over the three spatial axes.")
GlobalAvgPool1D = _global_pool_layer("GlobalAvgPool1D", 1, "avg",
                                     "Global average pooling over the width axis.")
GlobalAvgPool2D = _global_pool_layer("GlobalAvgPool2D", 2, "avg",
                                     "Global average pooling over the spatial axes.")
GlobalAvgPool3D = _global_pool_layer("GlobalAvgPool3D", 3, "avg",
                                     "Global average pooling over the three spatial axes.")


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
