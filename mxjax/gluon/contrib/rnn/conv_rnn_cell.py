"""Convolutional recurrent cells of ``gluon.contrib.rnn`` (ConvRNN, ConvLSTM, ConvGRU).

The gates are those of :mod:`gluon.rnn`'s cells with the matrix products replaced
by convolutions: ``i2h`` convolves the step input (``i2h_kernel``, ``i2h_pad``,
``i2h_dilate``), ``h2h`` the previous state (``h2h_kernel``, odd, padded to keep
the state's size). The state has the spatial size of the ``i2h`` output.
"""
from ....base import numeric_types
from ..._common import check
from ...rnn.rnn_cell import HybridRecurrentCell

__all__ = ["Conv1DRNNCell", "Conv2DRNNCell", "Conv3DRNNCell",
           "Conv1DLSTMCell", "Conv2DLSTMCell", "Conv3DLSTMCell",
           "Conv1DGRUCell", "Conv2DGRUCell", "Conv3DGRUCell"]


def _conv_out_size(dimensions, kernels, paddings, dilations):
    """Spatial size of a stride-1 convolution's output (0 stays unknown)."""
    return tuple(x + 2 * p - d * (k - 1) if x else 0
                 for x, k, p, d in zip(dimensions, kernels, paddings, dilations))


def _spec(value, dims, name):
    if isinstance(value, numeric_types):
        return (int(value),) * dims
    value = tuple(value)
    check(len(value) == dims, "For {0}D convolution, the convolution settings can only be "
          "either int or list/tuple of length {0} ({1}={2})".format(dims, name, value))
    return value


class _BaseConvRNNCell(HybridRecurrentCell):
    """Parameters and the two convolutions shared by the convolutional cells."""

    _gate_names = ("",)

    def __init__(self, input_shape, hidden_channels, i2h_kernel, h2h_kernel, i2h_pad,
                 i2h_dilate, h2h_dilate, i2h_weight_initializer, h2h_weight_initializer,
                 i2h_bias_initializer, h2h_bias_initializer, dims, conv_layout, activation,
                 prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)
        self._hidden_channels = hidden_channels
        self._input_shape = tuple(input_shape)
        self._conv_layout = conv_layout
        self._activation = activation
        self._dims = dims
        check(len(self._input_shape) == dims + 1,
              "%s: input_shape %s must have %d entries (channels and %d spatial sizes) for "
              "layout %s" % (type(self).__name__, self._input_shape, dims + 1, dims,
                             conv_layout))
        self._i2h_kernel = _spec(i2h_kernel, dims, "i2h_kernel")
        self._stride = (1,) * dims
        self._i2h_pad = _spec(i2h_pad, dims, "i2h_pad")
        self._i2h_dilate = _spec(i2h_dilate, dims, "i2h_dilate")
        self._h2h_kernel = _spec(h2h_kernel, dims, "h2h_kernel")
        check(all(k % 2 == 1 for k in self._h2h_kernel),
              "Only support odd number, get h2h_kernel= %s" % str(h2h_kernel))
        self._h2h_dilate = _spec(h2h_dilate, dims, "h2h_dilate")
        self._h2h_pad = tuple(d * (k - 1) // 2 for d, k in zip(self._h2h_dilate,
                                                                self._h2h_kernel))
        self._channel_axis = conv_layout.find("C")
        i2h_shape, h2h_shape, self._state_shape = self._decide_shapes()
        rows = hidden_channels * self._num_gates
        get = self.params.get
        self.i2h_weight = get("i2h_weight", shape=i2h_shape, init=i2h_weight_initializer,
                              allow_deferred_init=True)
        self.h2h_weight = get("h2h_weight", shape=h2h_shape, init=h2h_weight_initializer,
                              allow_deferred_init=True)
        self.i2h_bias = get("i2h_bias", shape=(rows,), init=i2h_bias_initializer,
                            allow_deferred_init=True)
        self.h2h_bias = get("h2h_bias", shape=(rows,), init=h2h_bias_initializer,
                            allow_deferred_init=True)

    @property
    def _num_gates(self):
        return len(self._gate_names)

    def _decide_shapes(self, input_shape=None):
        """(i2h weight shape, h2h weight shape, state shape without the batch)."""
        input_shape = self._input_shape if input_shape is None else input_shape
        channels_first = self._channel_axis == 1
        in_channels = input_shape[0] if channels_first else input_shape[-1]
        dims = input_shape[1:] if channels_first else input_shape[:-1]
        out = _conv_out_size(dims, self._i2h_kernel, self._i2h_pad, self._i2h_dilate)
        rows = self._hidden_channels * self._num_gates
        hidden = self._hidden_channels
        if channels_first:
            return ((rows, in_channels) + self._i2h_kernel,
                    (rows, hidden) + self._h2h_kernel, (hidden,) + out)
        return ((rows,) + self._i2h_kernel + (in_channels,),
                (rows,) + self._h2h_kernel + (hidden,), out + (hidden,))

    def infer_shape(self, inputs, *args):
        """Take the input channels (and unknown sizes) from the step input."""
        i2h_shape, _, self._state_shape = self._decide_shapes(tuple(inputs.shape[1:]))
        self.i2h_weight.shape = i2h_shape

    def state_info(self, batch_size=0):
        return [{"shape": (batch_size,) + self._state_shape, "__layout__": self._conv_layout}
                for _ in range(self._num_states)]

    _num_states = 1

    def __repr__(self):
        shape = self.i2h_weight.shape
        in_channels = shape[1 if self._channel_axis == 1 else -1]
        return "{name}({i} -> {o}, {act}, {layout})".format(
            name=type(self).__name__, i=in_channels if in_channels else None, o=shape[0],
            act=self._activation, layout=self._conv_layout)

    def _conv_forward(self, F, inputs, states, i2h_weight, h2h_weight, i2h_bias, h2h_bias,
                      prefix):
        num_filter = self._hidden_channels * self._num_gates
        i2h = F.Convolution(data=inputs, num_filter=num_filter, kernel=self._i2h_kernel,
                            stride=self._stride, pad=self._i2h_pad, dilate=self._i2h_dilate,
                            weight=i2h_weight, bias=i2h_bias, layout=self._conv_layout,
                            name=prefix + "i2h")
        h2h = F.Convolution(data=states[0], num_filter=num_filter, kernel=self._h2h_kernel,
                            dilate=self._h2h_dilate, pad=self._h2h_pad, stride=self._stride,
                            weight=h2h_weight, bias=h2h_bias, layout=self._conv_layout,
                            name=prefix + "h2h")
        return i2h, h2h


class _ConvRNNCell(_BaseConvRNNCell):
    def _alias(self):
        return "conv_rnn"

    def hybrid_forward(self, F, inputs, states, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
        prefix = "t%d_" % self._counter
        i2h, h2h = self._conv_forward(F, inputs, states, i2h_weight, h2h_weight, i2h_bias,
                                      h2h_bias, prefix)
        output = self._get_activation(F, i2h + h2h, self._activation, name=prefix + "out")
        return output, [output]


class _ConvLSTMCell(_BaseConvRNNCell):
    _gate_names = ("_i", "_f", "_c", "_o")
    _num_states = 2

    def _alias(self):
        return "conv_lstm"

    def hybrid_forward(self, F, inputs, states, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
        prefix = "t%d_" % self._counter
        i2h, h2h = self._conv_forward(F, inputs, states, i2h_weight, h2h_weight, i2h_bias,
                                      h2h_bias, prefix)
        gates = F.SliceChannel(i2h + h2h, num_outputs=4, name=prefix + "slice",
                               axis=self._channel_axis)
        in_gate = F.Activation(gates[0], act_type="sigmoid", name=prefix + "i")
        forget_gate = F.Activation(gates[1], act_type="sigmoid", name=prefix + "f")
        in_transform = self._get_activation(F, gates[2], self._activation, name=prefix + "c")
        out_gate = F.Activation(gates[3], act_type="sigmoid", name=prefix + "o")
        next_c = F.elemwise_add(forget_gate * states[1], in_gate * in_transform,
                                name=prefix + "state")
        next_h = F.elemwise_mul(out_gate, self._get_activation(F, next_c, self._activation),
                                name=prefix + "out")
        return next_h, [next_h, next_c]


class _ConvGRUCell(_BaseConvRNNCell):
    _gate_names = ("_r", "_z", "_o")

    def _alias(self):
        return "conv_gru"

    def hybrid_forward(self, F, inputs, states, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
        prefix = "t%d_" % self._counter
        i2h, h2h = self._conv_forward(F, inputs, states, i2h_weight, h2h_weight, i2h_bias,
                                      h2h_bias, prefix)
        i2h_r, i2h_z, i2h = F.SliceChannel(i2h, num_outputs=3, name=prefix + "i2h_slice",
                                           axis=self._channel_axis)
        h2h_r, h2h_z, h2h = F.SliceChannel(h2h, num_outputs=3, name=prefix + "h2h_slice",
                                           axis=self._channel_axis)
        reset_gate = F.Activation(i2h_r + h2h_r, act_type="sigmoid", name=prefix + "r_act")
        update_gate = F.Activation(i2h_z + h2h_z, act_type="sigmoid", name=prefix + "z_act")
        next_h_tmp = self._get_activation(F, i2h + reset_gate * h2h, self._activation,
                                          name=prefix + "h_act")
        next_h = F.elemwise_add((1. - update_gate) * next_h_tmp, update_gate * states[0],
                                name=prefix + "out")
        return next_h, [next_h]


_FORMULAS = {
    _ConvRNNCell: "h_t = activation(W_i * x_t + R_i * h_{t-1} + b_i)",
    _ConvLSTMCell: "LSTM gates i, f, c, o from W * x_t + R * h_{t-1} + b; "
                   "c_t = f c_{t-1} + i activation(c); h_t = o activation(c_t)",
    _ConvGRUCell: "GRU gates r, z from W * x_t + R * h_{t-1} + b; "
                  "h_t = (1 - z) activation(W_o * x_t + r (R_o * h_{t-1})) + z h_{t-1}",
}
_LAYOUTS = {1: ("NCW", "NWC", "(C, W)"), 2: ("NCHW", "NHWC", "(C, H, W)"),
            3: ("NCDHW", "NDHWC", "(C, D, H, W)")}


def _make_cell(base, dims):
    layout, other, example = _LAYOUTS[dims]
    kind = {_ConvRNNCell: "RNN", _ConvLSTMCell: "LSTM", _ConvGRUCell: "GRU"}[base]
    zeros, ones = (0,) * dims, (1,) * dims

    def __init__(self, input_shape, hidden_channels, i2h_kernel, h2h_kernel,
                 i2h_pad=zeros, i2h_dilate=ones, h2h_dilate=ones,
                 i2h_weight_initializer=None, h2h_weight_initializer=None,
                 i2h_bias_initializer="zeros", h2h_bias_initializer="zeros",
                 conv_layout=layout, activation="tanh", prefix=None, params=None):
        base.__init__(self, input_shape=input_shape, hidden_channels=hidden_channels,
                      i2h_kernel=i2h_kernel, h2h_kernel=h2h_kernel, i2h_pad=i2h_pad,
                      i2h_dilate=i2h_dilate, h2h_dilate=h2h_dilate,
                      i2h_weight_initializer=i2h_weight_initializer,
                      h2h_weight_initializer=h2h_weight_initializer,
                      i2h_bias_initializer=i2h_bias_initializer,
                      h2h_bias_initializer=h2h_bias_initializer, dims=dims,
                      conv_layout=conv_layout, activation=activation, prefix=prefix,
                      params=params)

    name = "Conv%dD%sCell" % (dims, kind)
    doc = """{dims}D convolutional {kind} cell: {formula} (``*``: convolution).

    Parameters
    ----------
    input_shape : tuple of int
        Shape of one step's input without the batch axis, in ``conv_layout``
        (for '{layout}': {example}); a 0 is inferred from the first input.
    hidden_channels : int
        Channels of the state and output.
    i2h_kernel, h2h_kernel : int or tuple of int
        Input and recurrent convolution kernels (``h2h_kernel`` odd).
    i2h_pad : int or tuple of int, default {zeros}
    i2h_dilate, h2h_dilate : int or tuple of int, default {ones}
    i2h_weight_initializer, h2h_weight_initializer : str or Initializer
    i2h_bias_initializer, h2h_bias_initializer : str or Initializer, default 'zeros'
    conv_layout : str, default '{layout}'
        '{layout}' or '{other}'.
    activation : str or Block, default 'tanh'
    prefix : str, default 'conv_{lower}_'
    params : ParameterDict, optional
    """.format(dims=dims, kind=kind, formula=_FORMULAS[base], layout=layout, other=other,
               example=example, zeros=zeros, ones=ones, lower=kind.lower())
    __init__.__doc__ = "See :class:`%s`." % name
    return type(name, (base,), {"__init__": __init__, "__doc__": doc,
                                "__module__": __name__})


Conv1DRNNCell = _make_cell(_ConvRNNCell, 1)
Conv2DRNNCell = _make_cell(_ConvRNNCell, 2)
Conv3DRNNCell = _make_cell(_ConvRNNCell, 3)
Conv1DLSTMCell = _make_cell(_ConvLSTMCell, 1)
Conv2DLSTMCell = _make_cell(_ConvLSTMCell, 2)
Conv3DLSTMCell = _make_cell(_ConvLSTMCell, 3)
Conv1DGRUCell = _make_cell(_ConvGRUCell, 1)
Conv2DGRUCell = _make_cell(_ConvGRUCell, 2)
Conv3DGRUCell = _make_cell(_ConvGRUCell, 3)
