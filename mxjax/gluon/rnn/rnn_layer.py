"""Fused recurrent layers RNN, LSTM and GRU, computed by ``nd.RNN``.

Parameters are kept per layer and direction, named as MXNet names them
(``l0_i2h_weight``, ``r1_h2h_bias`` ...), and packed into the flat parameter
vector of ``nd.RNN`` in MXNet's order: all weights (per layer, per direction,
i2h then h2h), then all biases in the same order.
"""
import re

from ... import ndarray as nd
from ...ndarray.ndarray import NDArray
from ..block import HybridBlock
from .._common import GluonValueError, check
from . import rnn_cell

__all__ = ["RNN", "LSTM", "GRU"]


class _RNNLayer(HybridBlock):
    """Implementation shared by RNN, LSTM and GRU."""

    def __init__(self, hidden_size, num_layers, layout, dropout, bidirectional, input_size,
                 i2h_weight_initializer, h2h_weight_initializer, i2h_bias_initializer,
                 h2h_bias_initializer, mode, projection_size, h2r_weight_initializer,
                 lstm_state_clip_min, lstm_state_clip_max, lstm_state_clip_nan, dtype,
                 use_sequence_length=False, **kwargs):
        super().__init__(**kwargs)
        check(layout in ("TNC", "NTC"),
              "Invalid layout %s; must be one of ['TNC' or 'NTC']" % layout)
        self._hidden_size = hidden_size
        self._projection_size = projection_size if projection_size else None
        self._num_layers = num_layers
        self._mode = mode
        self._layout = layout
        self._dropout = dropout
        self._dir = 2 if bidirectional else 1
        self._input_size = input_size
        self._i2h_weight_initializer = i2h_weight_initializer
        self._h2h_weight_initializer = h2h_weight_initializer
        self._i2h_bias_initializer = i2h_bias_initializer
        self._h2h_bias_initializer = h2h_bias_initializer
        self._h2r_weight_initializer = h2r_weight_initializer
        self._lstm_state_clip_min = lstm_state_clip_min
        self._lstm_state_clip_max = lstm_state_clip_max
        self._lstm_state_clip_nan = lstm_state_clip_nan
        self._dtype = dtype
        self._use_sequence_length = use_sequence_length
        self.skip_states = None
        self._gates = {"rnn_relu": 1, "rnn_tanh": 1, "lstm": 4, "gru": 3}[mode]
        ng, ni, nh = self._gates, input_size, hidden_size
        nproj = self._projection_size
        for i in range(num_layers):
            for j in ["l", "r"][:self._dir]:
                self._register_param("{}{}_i2h_weight".format(j, i), shape=(ng * nh, ni),
                                     init=i2h_weight_initializer, dtype=dtype)
                self._register_param("{}{}_h2h_weight".format(j, i),
                                     shape=(ng * nh, nproj or nh),
                                     init=h2h_weight_initializer, dtype=dtype)
                self._register_param("{}{}_i2h_bias".format(j, i), shape=(ng * nh,),
                                     init=i2h_bias_initializer, dtype=dtype)
                self._register_param("{}{}_h2h_bias".format(j, i), shape=(ng * nh,),
                                     init=h2h_bias_initializer, dtype=dtype)
                if nproj:
                    self._register_param("{}{}_h2r_weight".format(j, i), shape=(nproj, nh),
                                         init=h2r_weight_initializer, dtype=dtype)
            ni = (nproj or nh) * self._dir

    def _register_param(self, name, shape, init, dtype):
        p = self.params.get(name, shape=shape, init=init, allow_deferred_init=True,
                            dtype=dtype)
        setattr(self, name, p)
        return p

    def infer_shape(self, inputs, *args):
        """Take ``input_size`` from the input's feature axis."""
        ni = inputs.shape[2]
        for j in ["l", "r"][:self._dir]:
            p = getattr(self, "{}0_i2h_weight".format(j))
            p.shape = (p.shape[0], ni)

    def __repr__(self):
        s = "{name}({mapping}, {layout}"
        if self._num_layers != 1:
            s += ", num_layers={num_layers}"
        if self._dropout != 0:
            s += ", dropout={dropout}"
        if self._dir == 2:
            s += ", bidirectional"
        s += ")"
        shape = self.l0_i2h_weight.shape
        mapping = "{0} -> {1}".format(shape[1] if shape[1] else None, shape[0] // self._gates)
        return s.format(name=self.__class__.__name__, mapping=mapping, layout=self._layout,
                        num_layers=self._num_layers, dropout=self._dropout)

    def _collect_params_with_prefix(self, prefix=""):
        """Structural names as MXNet saves them: ``_unfused.<layer>.[<dir>_cell.]<name>``."""
        if prefix:
            prefix += "."
        pattern = re.compile(r"(l|r)(\d)_(i2h|h2h|h2r)_(weight|bias)\Z")

        def convert_key(m, bidirectional):
            d, l, g, t = [m.group(i) for i in range(1, 5)]
            if bidirectional:
                return "_unfused.{}.{}_cell.{}_{}".format(l, d, g, t)
            return "_unfused.{}.{}_{}".format(l, g, t)
        bidirectional = any(pattern.match(k).group(1) == "r" for k in self._reg_params)
        ret = {prefix + convert_key(pattern.match(key), bidirectional): val
               for key, val in self._reg_params.items()}
        for name, child in self._children.items():
            ret.update(child._collect_params_with_prefix(prefix + name))
        return ret

    def state_info(self, batch_size=0):
        """Shapes, layouts and dtypes of the states."""
        raise NotImplementedError

    def _unfuse(self):
        """The equivalent stack of cells, sharing this layer's parameters."""
        check(not self._projection_size, "_unfuse does not support projection layer yet!")
        check(not self._lstm_state_clip_min and not self._lstm_state_clip_max,
              "_unfuse does not support state clipping yet!")
        get_cell = {"rnn_relu": lambda **kw: rnn_cell.RNNCell(self._hidden_size,
                                                              activation="relu", **kw),
                    "rnn_tanh": lambda **kw: rnn_cell.RNNCell(self._hidden_size,
                                                              activation="tanh", **kw),
                    "lstm": lambda **kw: rnn_cell.LSTMCell(self._hidden_size, **kw),
                    "gru": lambda **kw: rnn_cell.GRUCell(self._hidden_size, **kw)}[self._mode]
        stack = rnn_cell.HybridSequentialRNNCell(prefix=self.prefix, params=self.params)
        with stack.name_scope():
            ni = self._input_size
            for i in range(self._num_layers):
                kwargs = {"input_size": ni,
                          "i2h_weight_initializer": self._i2h_weight_initializer,
                          "h2h_weight_initializer": self._h2h_weight_initializer,
                          "i2h_bias_initializer": self._i2h_bias_initializer,
                          "h2h_bias_initializer": self._h2h_bias_initializer}
                if self._dir == 2:
                    stack.add(rnn_cell.BidirectionalCell(get_cell(prefix="l%d_" % i, **kwargs),
                                                         get_cell(prefix="r%d_" % i, **kwargs)))
                else:
                    stack.add(get_cell(prefix="l%d_" % i, **kwargs))
                if self._dropout > 0 and i != self._num_layers - 1:
                    stack.add(rnn_cell.DropoutCell(self._dropout))
                ni = self._hidden_size * self._dir
        return stack

    def cast(self, dtype):
        """Cast the parameters (and the default state dtype)."""
        super().cast(dtype)
        self._dtype = dtype

    def begin_state(self, batch_size=0, func=nd.zeros, **kwargs):
        """Initial states (zeros by default), in ``(num_layers * dirs, N, C)`` layout.

        Parameters
        ----------
        batch_size : int
        func : callable, default ``nd.zeros``
        **kwargs
            More arguments for ``func`` (``ctx``, ``dtype``).
        """
        states = []
        for i, info in enumerate(self.state_info(batch_size)):
            info = dict(info) if info is not None else {}
            info.update(kwargs)
            info.pop("__layout__", None)
            states.append(func(name="%sh0_%d" % (self.prefix, i), **info))
        from .rnn_cell import np_states
        return np_states(states)

    def __call__(self, inputs, states=None, sequence_length=None, **kwargs):
        self.skip_states = states is None
        if states is None:
            batch_size = inputs.shape[self._layout.find("N")]
            states = self.begin_state(batch_size, ctx=inputs.context, dtype=inputs.dtype)
        if isinstance(states, NDArray):
            states = [states]
        if self._use_sequence_length:
            return super().__call__(inputs, states, sequence_length, **kwargs)
        return super().__call__(inputs, states, **kwargs)

    def hybrid_forward(self, F, inputs, states, sequence_length=None, **kwargs):
        batch_size = inputs.shape[self._layout.find("N")]
        for state, info in zip(states, self.state_info(batch_size)):
            if state.shape != info["shape"]:
                raise GluonValueError("Invalid recurrent state shape. Expecting %s, got %s."
                                      % (str(info["shape"]), str(state.shape)))
        out = self._forward_kernel(F, inputs, states, sequence_length, **kwargs)
        return out[0] if self.skip_states else out

    def _forward_kernel(self, F, inputs, states, sequence_length, **kwargs):
        if self._layout == "NTC":
            inputs = F.swapaxes(inputs, 0, 1)
        gates = ["i2h", "h2h"] + (["h2r"] if self._projection_size is not None else [])
        params = [kwargs["{}{}_{}_{}".format(d, l, g, t)].reshape(-1)
                  for t in ["weight", "bias"]
                  for l in range(self._num_layers)
                  for d in ["l", "r"][:self._dir]
                  for g in gates if g != "h2r" or t != "bias"]
        concat = getattr(F._internal, "_rnn_param_concat", None) or F.concat
        params = concat(*params, dim=0)
        rnn_args = list(states) + ([sequence_length] if self._use_sequence_length else [])
        attrs = dict(use_sequence_length=self._use_sequence_length,
                     state_size=self._hidden_size, num_layers=self._num_layers,
                     bidirectional=self._dir == 2, p=self._dropout, state_outputs=True,
                     mode=self._mode, lstm_state_clip_nan=self._lstm_state_clip_nan)
        for k, v in (("projection_size", self._projection_size),
                     ("lstm_state_clip_min", self._lstm_state_clip_min),
                     ("lstm_state_clip_max", self._lstm_state_clip_max)):
            if v is not None:
                attrs[k] = v
        rnn = F.RNN(inputs, params, *rnn_args, **attrs)
        if self._mode == "lstm":
            outputs, states = rnn[0], [rnn[1], rnn[2]]
        else:
            outputs, states = rnn[0], [rnn[1]]
        if self._layout == "NTC":
            outputs = F.swapaxes(outputs, 0, 1)
        return outputs, states


class RNN(_RNNLayer):
    """Multi-layer Elman RNN with relu or tanh (``nd.RNN``).

    Parameters
    ----------
    hidden_size : int
    num_layers : int, default 1
    activation : {'relu', 'tanh'}, default 'relu'
    layout : {'TNC', 'NTC'}, default 'TNC'
    dropout : float, default 0
        Dropout between layers (training only).
    bidirectional : bool, default False
    i2h_weight_initializer, h2h_weight_initializer : str or Initializer
    i2h_bias_initializer, h2h_bias_initializer : str or Initializer, default 'zeros'
    input_size : int, default 0
        0 infers it at the first forward pass.
    dtype : str, default 'float32'

    Notes
    -----
    ``layer(x)`` returns the output; ``layer(x, states)`` returns ``(output, states)``.
    """

    def __init__(self, hidden_size, num_layers=1, activation="relu", layout="TNC", dropout=0,
                 bidirectional=False, i2h_weight_initializer=None, h2h_weight_initializer=None,
                 i2h_bias_initializer="zeros", h2h_bias_initializer="zeros", input_size=0,
                 dtype="float32", **kwargs):
        super().__init__(hidden_size, num_layers, layout, dropout, bidirectional, input_size,
                         i2h_weight_initializer, h2h_weight_initializer, i2h_bias_initializer,
                         h2h_bias_initializer, "rnn_" + activation, None, None, None, None,
                         False, dtype, **kwargs)

    def state_info(self, batch_size=0):
        return [{"shape": (self._num_layers * self._dir, batch_size, self._hidden_size),
                 "__layout__": "LNC", "dtype": self._dtype}]


class LSTM(_RNNLayer):
    """Multi-layer LSTM (``nd.RNN`` with mode 'lstm'); parameters as :class:`RNN`, plus

    Parameters
    ----------
    projection_size : int, optional
        LSTMP projection of the hidden state.
    h2r_weight_initializer : str or Initializer, optional
    state_clip_min, state_clip_max : float, optional
        Clip the cell state.
    state_clip_nan : bool, default False
    """

    def __init__(self, hidden_size, num_layers=1, layout="TNC", dropout=0, bidirectional=False,
                 input_size=0, i2h_weight_initializer=None, h2h_weight_initializer=None,
                 i2h_bias_initializer="zeros", h2h_bias_initializer="zeros",
                 projection_size=None, h2r_weight_initializer=None, state_clip_min=None,
                 state_clip_max=None, state_clip_nan=False, dtype="float32", **kwargs):
        super().__init__(hidden_size, num_layers, layout, dropout, bidirectional, input_size,
                         i2h_weight_initializer, h2h_weight_initializer, i2h_bias_initializer,
                         h2h_bias_initializer, "lstm", projection_size, h2r_weight_initializer,
                         state_clip_min, state_clip_max, state_clip_nan, dtype, **kwargs)

    def state_info(self, batch_size=0):
        h = self._projection_size if self._projection_size is not None else self._hidden_size
        return [{"shape": (self._num_layers * self._dir, batch_size, h),
                 "__layout__": "LNC", "dtype": self._dtype},
                {"shape": (self._num_layers * self._dir, batch_size, self._hidden_size),
                 "__layout__": "LNC", "dtype": self._dtype}]


class GRU(_RNNLayer):
    """Multi-layer GRU (``nd.RNN`` with mode 'gru'); parameters as :class:`RNN`."""

    def __init__(self, hidden_size, num_layers=1, layout="TNC", dropout=0, bidirectional=False,
                 input_size=0, i2h_weight_initializer=None, h2h_weight_initializer=None,
                 i2h_bias_initializer="zeros", h2h_bias_initializer="zeros", dtype="float32",
                 **kwargs):
        super().__init__(hidden_size, num_layers, layout, dropout, bidirectional, input_size,
                         i2h_weight_initializer, h2h_weight_initializer, i2h_bias_initializer,
                         h2h_bias_initializer, "gru", None, None, None, None, False, dtype,
                         **kwargs)

    def state_info(self, batch_size=0):
        return [{"shape": (self._num_layers * self._dir, batch_size, self._hidden_size),
                 "__layout__": "LNC", "dtype": self._dtype}]
