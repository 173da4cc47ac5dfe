"""MXNet's legacy symbolic RNN cells (``mx.rnn``): each cell builds ``mx.sym`` graphs.

A cell is stepped with ``cell(inputs, states) -> (output, new_states)`` or unrolled over
time with ``cell.unroll(length, inputs)``. Parameters are ``mx.sym.Variable`` objects
kept in an :class:`RNNParams` container (named ``<prefix>i2h_weight`` ...), which cells
may share. Node names, parameter names and the graph built are MXNet 1.9.1's, so the
symbol JSON of an unrolled cell matches what MXNet writes and checkpoints are
interchangeable. ``unpack_weights``/``pack_weights`` split a cell's fused gate matrices
into per-gate ones and back (``save_rnn_checkpoint`` stores them unpacked).
"""
import functools
import warnings

from .. import symbol
from .. import initializer as init
from .. import ndarray
from ..base import MXNetError, AssertionMXNetError

__all__ = ["RNNParams", "BaseRNNCell", "RNNCell", "LSTMCell", "GRUCell", "FusedRNNCell",
           "SequentialRNNCell", "DropoutCell", "ModifierCell", "ZoneoutCell", "ResidualCell",
           "BidirectionalCell", "BaseConvRNNCell", "ConvRNNCell", "ConvLSTMCell",
           "ConvGRUCell"]


def _check(cond, msg):
    if not cond:   # MXNet asserts these: an AssertionError that is an MXNetError
        raise AssertionMXNetError(msg)


def _state_info(cells):
    return [info for c in cells for info in c.state_info]


def _begin_states(cells, **kwargs):
    return [s for c in cells for s in c.begin_state(**kwargs)]


def _unpack_all(cells, args):
    for c in cells:
        args = c.unpack_weights(args)
    return args


def _pack_all(cells, args):
    for c in cells:
        args = c.pack_weights(args)
    return args


def _normalize_sequence(length, inputs, layout, merge, in_layout=None, stack=None):
    """``inputs`` as one Symbol (``merge`` True) or a list of per-step Symbols (False), or
    as given (None); returns ``(inputs, time_axis)``. Steps are merged with
    ``Concat`` of ``expand_dims`` (MXNet's ``mx.rnn`` graph), or with ``stack(*steps,
    axis=)`` when given (Gluon's cells unrolled over Symbols build ``stack``)."""
    _check(inputs is not None, "unroll(inputs=None) has been deprecated. Please create "
                               "input variables outside unroll.")
    axis = layout.find("T")
    in_axis = in_layout.find("T") if in_layout is not None else axis
    if isinstance(inputs, symbol.Symbol):
        if merge is False:
            _check(len(inputs.list_outputs()) == 1,
                   "unroll doesn't allow grouped symbol as input. Please convert to list "
                   "with list(inputs) first or let unroll handle splitting.")
            inputs = list(symbol.split(inputs, axis=in_axis, num_outputs=length,
                                       squeeze_axis=1))
    else:
        _check(length is None or len(inputs) == length,
               "unroll: %d inputs given for length %s" % (len(inputs), length))
        if merge is True:
            inputs = stack(*inputs, axis=axis) if stack is not None else symbol.Concat(
                *[symbol.expand_dims(i, axis=axis) for i in inputs], dim=axis)
            in_axis = axis
    if isinstance(inputs, symbol.Symbol) and axis != in_axis:
        inputs = symbol.swapaxes(inputs, dim1=axis, dim2=in_axis)
    return inputs, axis


class RNNParams:
    """Container of the Variables of one or more cells (for parameter sharing).

    Parameters
    ----------
    prefix : str
        Prepended to the name of every Variable created here.
    """

    def __init__(self, prefix=""):
        self._prefix = prefix
        self._params = {}

    def get(self, name, **kwargs):
        """The Variable ``prefix + name``, created (with ``kwargs`` for
        ``symbol.Variable``) the first time.

        Parameters
        ----------
        name : str
            Name without the prefix.
        **kwargs
            Passed to ``symbol.Variable`` on creation (``init``, ``shape``, ...).

        Returns
        -------
        Symbol
        """
        full = self._prefix + name
        if full not in self._params:
            self._params[full] = symbol.Variable(full, **kwargs)
        return self._params[full]


class BaseRNNCell:
    """Abstract base class of the symbolic RNN cells.

    Parameters
    ----------
    prefix : str
        Prefix of node names (and of parameter names when ``params`` is None).
    params : RNNParams or None
        Container to share parameters with other cells; a new one when None.
    """

    def __init__(self, prefix="", params=None):
        self._own_params = params is None
        self._params = RNNParams(prefix) if params is None else params
        self._prefix = prefix
        self._modified = False
        self.reset()

    def reset(self):
        """Restart the step and begin-state counters (before building another graph)."""
        self._init_counter = -1
        self._counter = -1
        for cell in getattr(self, "_cells", ()):
            cell.reset()

    def __call__(self, inputs, states):
        """One time step: ``(output, new_states)`` from ``inputs`` (batch, units) and
        ``states`` (from ``begin_state()`` or the previous step)."""
        raise NotImplementedError()

    @property
    def params(self):
        """The :class:`RNNParams` holding this cell's Variables."""
        self._own_params = False
        return self._params

    @property
    def state_info(self):
        """One dict per state: ``shape`` (0 = the batch, inferred) and ``__layout__``."""
        raise NotImplementedError()

    @property
    def state_shape(self):
        """Shapes of the states."""
        return [info["shape"] for info in self.state_info]

    @property
    def _gate_names(self):
        return ()

    def begin_state(self, func=symbol.zeros, **kwargs):
        """Symbols for the initial states, named ``<prefix>begin_state_<i>``.

        Parameters
        ----------
        func : callable, default ``symbol.zeros``
            Makes each state, called with ``name=``, the state's ``shape`` and
            ``__layout__``, and ``kwargs``; ``symbol.Variable`` to feed states as inputs.
        **kwargs
            More arguments for ``func`` (``dtype`` ...).

        Returns
        -------
        list of Symbol
        """
        _check(not self._modified, "After applying modifier cells (e.g. DropoutCell) the base "
                                   "cell cannot be called directly. Call the modifier cell "
                                   "instead.")
        states = []
        for info in self.state_info:
            self._init_counter += 1
            if info is not None:
                kwargs.update(info)
            states.append(func(name="%sbegin_state_%d" % (self._prefix, self._init_counter),
                               **kwargs))
        return states

    def unpack_weights(self, args):
        """Split the fused ``i2h``/``h2h`` weights and biases into one array per gate
        (``<prefix>i2h_i_weight`` ...).

        Parameters
        ----------
        args : dict of str to NDArray
            Parameters, e.g. ``Module.get_params()[0]``.

        Returns
        -------
        dict of str to NDArray
            A new dict with this cell's weights unpacked.
        """
        args = dict(args)
        gates = self._gate_names
        if not gates:
            return args
        h = self._num_hidden
        for group in ("i2h", "h2h"):
            weight = args.pop("%s%s_weight" % (self._prefix, group))
            bias = args.pop("%s%s_bias" % (self._prefix, group))
            for j, gate in enumerate(gates):
                args["%s%s%s_weight" % (self._prefix, group, gate)] = weight[j * h:(j + 1) * h].copy()
                args["%s%s%s_bias" % (self._prefix, group, gate)] = bias[j * h:(j + 1) * h].copy()
        return args

    def pack_weights(self, args):
        """The inverse of :meth:`unpack_weights`: concatenate per-gate arrays.

        Parameters
        ----------
        args : dict of str to NDArray

        Returns
        -------
        dict of str to NDArray
        """
        args = dict(args)
        gates = self._gate_names
        if not gates:
            return args
        for group in ("i2h", "h2h"):
            for kind in ("weight", "bias"):
                parts = [args.pop("%s%s%s_%s" % (self._prefix, group, g, kind)) for g in gates]
                args["%s%s_%s" % (self._prefix, group, kind)] = ndarray.concatenate(parts)
        return args

    def unroll(self, length, inputs, begin_state=None, layout="NTC", merge_outputs=None):
        """Unroll the cell over ``length`` time steps.

        Parameters
        ----------
        length : int
            Number of steps.
        inputs : Symbol or list of Symbol
            One Symbol of shape (batch, length, ...) for ``layout='NTC'`` ((length,
            batch, ...) for 'TNC'), or one Symbol per step, each (batch, ...).
        begin_state : list of Symbol, optional
            Initial states; ``begin_state()`` when None.
        layout : str, default 'NTC'
        merge_outputs : bool or None
            True: one Symbol with the time axis of ``layout``; False: a list per step;
            None: whichever is natural for the cell.

        Returns
        -------
        outputs : Symbol or list of Symbol
        states : list of Symbol
        """
        self.reset()
        inputs, _ = _normalize_sequence(length, inputs, layout, False)
        states = self.begin_state() if begin_state is None else begin_state
        outputs = []
        for t in range(length):
            out, states = self(inputs[t], states)
            outputs.append(out)
        outputs, _ = _normalize_sequence(length, outputs, layout, merge_outputs)
        return outputs, states

    def _get_activation(self, inputs, activation, **kwargs):
        if isinstance(activation, str):
            return symbol.Activation(inputs, act_type=activation, **kwargs)
        return activation(inputs, **kwargs)


class RNNCell(BaseRNNCell):
    """Elman RNN cell: ``out = act(W_i x + b_i + W_h h + b_h)``.

    Parameters
    ----------
    num_hidden : int
    activation : str or callable, default 'tanh'
    prefix : str, default 'rnn_'
    params : RNNParams or None
    """

    def __init__(self, num_hidden, activation="tanh", prefix="rnn_", params=None):
        super().__init__(prefix=prefix, params=params)
        self._num_hidden = num_hidden
        self._activation = activation
        self._iW = self.params.get("i2h_weight")
        self._iB = self.params.get("i2h_bias")
        self._hW = self.params.get("h2h_weight")
        self._hB = self.params.get("h2h_bias")

    @property
    def state_info(self):
        return [{"shape": (0, self._num_hidden), "__layout__": "NC"}]

    @property
    def _gate_names(self):
        return ("",)

    def __call__(self, inputs, states):
        self._counter += 1
        name = "%st%d_" % (self._prefix, self._counter)
        i2h = symbol.FullyConnected(data=inputs, weight=self._iW, bias=self._iB,
                                    num_hidden=self._num_hidden, name="%si2h" % name)
        h2h = symbol.FullyConnected(data=states[0], weight=self._hW, bias=self._hB,
                                    num_hidden=self._num_hidden, name="%sh2h" % name)
        out = self._get_activation(i2h + h2h, self._activation, name="%sout" % name)
        return out, [out]


class LSTMCell(BaseRNNCell):
    """LSTM cell (gates in the order i, f, c, o; states ``[h, c]``).

    Parameters
    ----------
    num_hidden : int
    prefix : str, default 'lstm_'
    params : RNNParams or None
    forget_bias : float, default 1.0
        Added to the forget gate's part of ``i2h_bias`` by its initializer (LSTMBias).
    """

    def __init__(self, num_hidden, prefix="lstm_", params=None, forget_bias=1.0):
        super().__init__(prefix=prefix, params=params)
        self._num_hidden = num_hidden
        self._iW = self.params.get("i2h_weight")
        self._hW = self.params.get("h2h_weight")
        self._iB = self.params.get("i2h_bias", init=init.LSTMBias(forget_bias=forget_bias))
        self._hB = self.params.get("h2h_bias")

    @property
    def state_info(self):
        return [{"shape": (0, self._num_hidden), "__layout__": "NC"},
                {"shape": (0, self._num_hidden), "__layout__": "NC"}]

    @property
    def _gate_names(self):
        return ["_i", "_f", "_c", "_o"]

    def __call__(self, inputs, states):
        self._counter += 1
        name = "%st%d_" % (self._prefix, self._counter)
        nh = self._num_hidden * 4
        i2h = symbol.FullyConnected(data=inputs, weight=self._iW, bias=self._iB,
                                    num_hidden=nh, name="%si2h" % name)
        h2h = symbol.FullyConnected(data=states[0], weight=self._hW, bias=self._hB,
                                    num_hidden=nh, name="%sh2h" % name)
        gates = symbol.SliceChannel(i2h + h2h, num_outputs=4, name="%sslice" % name)
        i = symbol.Activation(gates[0], act_type="sigmoid", name="%si" % name)
        f = symbol.Activation(gates[1], act_type="sigmoid", name="%sf" % name)
        c = symbol.Activation(gates[2], act_type="tanh", name="%sc" % name)
        o = symbol.Activation(gates[3], act_type="sigmoid", name="%so" % name)
        next_c = symbol._internal._plus(f * states[1], i * c, name="%sstate" % name)
        next_h = symbol._internal._mul(o, symbol.Activation(next_c, act_type="tanh"),
                                       name="%sout" % name)
        return next_h, [next_h, next_c]


class GRUCell(BaseRNNCell):
    """GRU cell in cuDNN's form (gates r, z, o; the reset gate scales ``h2h``).

    Parameters
    ----------
    num_hidden : int
    prefix : str, default 'gru_'
    params : RNNParams or None
    """

    def __init__(self, num_hidden, prefix="gru_", params=None):
        super().__init__(prefix=prefix, params=params)
        self._num_hidden = num_hidden
        self._iW = self.params.get("i2h_weight")
        self._iB = self.params.get("i2h_bias")
        self._hW = self.params.get("h2h_weight")
        self._hB = self.params.get("h2h_bias")

    @property
    def state_info(self):
        return [{"shape": (0, self._num_hidden), "__layout__": "NC"}]

    @property
    def _gate_names(self):
        return ["_r", "_z", "_o"]

    def __call__(self, inputs, states):
        self._counter += 1
        name = "%st%d_" % (self._prefix, self._counter)
        prev_h = states[0]
        nh = self._num_hidden * 3
        i2h = symbol.FullyConnected(data=inputs, weight=self._iW, bias=self._iB,
                                    num_hidden=nh, name="%s_i2h" % name)
        h2h = symbol.FullyConnected(data=prev_h, weight=self._hW, bias=self._hB,
                                    num_hidden=nh, name="%s_h2h" % name)
        i_r, i_z, i_o = symbol.SliceChannel(i2h, num_outputs=3, name="%s_i2h_slice" % name)
        h_r, h_z, h_o = symbol.SliceChannel(h2h, num_outputs=3, name="%s_h2h_slice" % name)
        reset = symbol.Activation(i_r + h_r, act_type="sigmoid", name="%s_r_act" % name)
        update = symbol.Activation(i_z + h_z, act_type="sigmoid", name="%s_z_act" % name)
        cand = symbol.Activation(i_o + reset * h_o, act_type="tanh", name="%s_h_act" % name)
        next_h = symbol._internal._plus((1. - update) * cand, update * prev_h,
                                        name="%sout" % name)
        return next_h, [next_h]


_FUSED_GATES = {"rnn_relu": [""], "rnn_tanh": [""], "lstm": ["_i", "_f", "_c", "_o"],
                "gru": ["_r", "_z", "_o"]}


class FusedRNNCell(BaseRNNCell):
    """All layers and steps in one ``RNN`` operator, its weights one flat ``parameters``
    vector (cuDNN's layout).

    Parameters
    ----------
    num_hidden : int
    num_layers : int, default 1
    mode : {'lstm', 'gru', 'rnn_relu', 'rnn_tanh'}, default 'lstm'
    bidirectional : bool, default False
    dropout : float, default 0.
        Dropout between layers while training.
    get_next_state : bool, default False
        Return the final states from ``unroll``.
    forget_bias : float, default 1.0
    prefix : str, default ``'<mode>_'``
    params : RNNParams or None
    """

    def __init__(self, num_hidden, num_layers=1, mode="lstm", bidirectional=False,
                 dropout=0., get_next_state=False, forget_bias=1.0, prefix=None, params=None):
        _check(mode in _FUSED_GATES, "FusedRNNCell: mode must be one of %s, got %r"
               % (sorted(_FUSED_GATES), mode))
        super().__init__(prefix="%s_" % mode if prefix is None else prefix, params=params)
        self._num_hidden = num_hidden
        self._num_layers = num_layers
        self._mode = mode
        self._bidirectional = bidirectional
        self._dropout = dropout
        self._get_next_state = get_next_state
        self._directions = ["l", "r"] if bidirectional else ["l"]
        self._parameter = self.params.get(
            "parameters", init=init.FusedRNN(None, num_hidden, num_layers, mode, bidirectional,
                                             forget_bias))

    @property
    def state_info(self):
        b = 2 if self._bidirectional else 1
        n = 2 if self._mode == "lstm" else 1
        return [{"shape": (b * self._num_layers, 0, self._num_hidden), "__layout__": "LNC"}
                for _ in range(n)]

    @property
    def _gate_names(self):
        return _FUSED_GATES[self._mode]

    @property
    def _num_gates(self):
        return len(self._gate_names)

    def _layout(self, num_input):
        """``[(name, shape)]`` of the pieces of ``parameters`` in order: every weight
        (layer, direction, i2h gates then h2h gates), then every bias the same way."""
        h, b = self._num_hidden, len(self._directions)
        weights, biases = [], []
        for layer in range(self._num_layers):
            width = num_input if layer == 0 else b * h
            for d in self._directions:
                for group, cols in (("i2h", width), ("h2h", h)):
                    for g in self._gate_names:
                        stem = "%s%s%d_%s%s" % (self._prefix, d, layer, group, g)
                        weights.append((stem + "_weight", (h, cols)))
                        biases.append((stem + "_bias", (h,)))
        return weights + biases

    def _num_input(self, size):
        b, m, h = len(self._directions), self._num_gates, self._num_hidden
        return size // b // h // m - (self._num_layers - 1) * (h + b * h + 2) - h - 2

    def unpack_weights(self, args):
        args = dict(args)
        arr = args.pop(self._parameter.name)
        layout = self._layout(self._num_input(arr.size))
        total = sum(int(_prod(s)) for _, s in layout)
        _check(total == arr.size, "FusedRNNCell.unpack_weights: %s has %d values, the cell "
                                  "needs %d" % (self._parameter.name, arr.size, total))
        p = 0
        for name, shape in layout:
            n = int(_prod(shape))
            args[name] = arr[p:p + n].reshape(shape).copy()
            p += n
        return args

    def pack_weights(self, args):
        args = dict(args)
        w0 = args["%sl0_i2h%s_weight" % (self._prefix, self._gate_names[0])]
        parts = [args.pop(name).reshape((-1,)) for name, _ in self._layout(w0.shape[1])]
        args[self._parameter.name] = ndarray.concatenate(parts)
        return args

    def __call__(self, inputs, states):
        raise NotImplementedError("FusedRNNCell cannot be stepped. Please use unroll")

    def unroll(self, length, inputs, begin_state=None, layout="NTC", merge_outputs=None):
        self.reset()
        inputs, axis = _normalize_sequence(length, inputs, layout, True)
        if axis == 1:
            warnings.warn("NTC layout detected. Consider using TNC for FusedRNNCell for "
                          "faster speed")
            inputs = symbol.swapaxes(inputs, dim1=0, dim2=1)
        else:
            _check(axis == 0, "Unsupported layout %s" % layout)
        states = self.begin_state() if begin_state is None else begin_state
        named = {"state": states[0]}
        if self._mode == "lstm":
            named["state_cell"] = states[1]
        rnn = symbol.RNN(data=inputs, parameters=self._parameter, state_size=self._num_hidden,
                         num_layers=self._num_layers, bidirectional=self._bidirectional,
                         p=self._dropout, state_outputs=self._get_next_state, mode=self._mode,
                         name=self._prefix + "rnn", **named)
        if not self._get_next_state:
            outputs, states = rnn, []
        else:
            n = 2 if self._mode == "lstm" else 1
            for k in range(1, n + 1):
                rnn[k]._set_attr(__layout__="LNC")
            outputs, states = rnn[0], [rnn[k] for k in range(1, n + 1)]
        if axis == 1:
            outputs = symbol.swapaxes(outputs, dim1=0, dim2=1)
        outputs, _ = _normalize_sequence(length, outputs, layout, merge_outputs)
        return outputs, states

    def unfuse(self):
        """The same network as a :class:`SequentialRNNCell` of unfused cells (weights
        named as ``unpack_weights`` names them).

        Returns
        -------
        SequentialRNNCell
        """
        make = {"rnn_relu": lambda p: RNNCell(self._num_hidden, activation="relu", prefix=p),
                "rnn_tanh": lambda p: RNNCell(self._num_hidden, activation="tanh", prefix=p),
                "lstm": lambda p: LSTMCell(self._num_hidden, prefix=p),
                "gru": lambda p: GRUCell(self._num_hidden, prefix=p)}[self._mode]
        stack = SequentialRNNCell()
        for i in range(self._num_layers):
            if self._bidirectional:
                stack.add(BidirectionalCell(make("%sl%d_" % (self._prefix, i)),
                                            make("%sr%d_" % (self._prefix, i)),
                                            output_prefix="%sbi_l%d_" % (self._prefix, i)))
            else:
                stack.add(make("%sl%d_" % (self._prefix, i)))
            if self._dropout > 0 and i != self._num_layers - 1:
                stack.add(DropoutCell(self._dropout, prefix="%s_dropout%d_" % (self._prefix, i)))
        return stack


def _prod(shape):
    n = 1
    for d in shape:
        n *= int(d)
    return n


class SequentialRNNCell(BaseRNNCell):
    """Cells stacked: each one's output is the next one's input.

    Parameters
    ----------
    params : RNNParams or None
    """

    def __init__(self, params=None):
        super().__init__(prefix="", params=params)
        self._override_cell_params = params is not None
        self._cells = []

    def add(self, cell):
        """Append ``cell`` to the stack.

        Parameters
        ----------
        cell : BaseRNNCell
        """
        self._cells.append(cell)
        if self._override_cell_params:
            _check(cell._own_params, "Either specify params for SequentialRNNCell or child "
                                     "cells, not both.")
            cell.params._params.update(self.params._params)
        self.params._params.update(cell.params._params)

    @property
    def state_info(self):
        return _state_info(self._cells)

    def begin_state(self, **kwargs):  # pylint: disable=arguments-differ
        _check(not self._modified, "After applying modifier cells (e.g. ZoneoutCell) the "
                                   "base cell cannot be called directly. Call the modifier "
                                   "cell instead.")
        return _begin_states(self._cells, **kwargs)

    def unpack_weights(self, args):
        return _unpack_all(self._cells, args)

    def pack_weights(self, args):
        return _pack_all(self._cells, args)

    def __call__(self, inputs, states):
        self._counter += 1
        new_states, p = [], 0
        for cell in self._cells:
            _check(not isinstance(cell, BidirectionalCell),
                   "SequentialRNNCell with a BidirectionalCell cannot be stepped; use unroll")
            n = len(cell.state_info)
            inputs, st = cell(inputs, states[p:p + n])
            p += n
            new_states.extend(st)
        return inputs, new_states

    def unroll(self, length, inputs, begin_state=None, layout="NTC", merge_outputs=None):
        self.reset()
        states = self.begin_state() if begin_state is None else begin_state
        last = len(self._cells) - 1
        new_states, p = [], 0
        for i, cell in enumerate(self._cells):
            n = len(cell.state_info)
            inputs, st = cell.unroll(length, inputs=inputs, begin_state=states[p:p + n],
                                     layout=layout,
                                     merge_outputs=merge_outputs if i == last else None)
            p += n
            new_states.extend(st)
        return inputs, new_states


class DropoutCell(BaseRNNCell):
    """Dropout on the input (no state).

    Parameters
    ----------
    dropout : float
        Fraction of the elements dropped.
    prefix : str, default 'dropout_'
    params : RNNParams or None
    """

    def __init__(self, dropout, prefix="dropout_", params=None):
        super().__init__(prefix, params)
        _check(isinstance(dropout, (int, float)) and not isinstance(dropout, bool),
               "dropout probability must be a number")
        self.dropout = dropout

    @property
    def state_info(self):
        return []

    def __call__(self, inputs, states):
        if self.dropout > 0:
            inputs = symbol.Dropout(data=inputs, p=self.dropout)
        return inputs, states

    def unroll(self, length, inputs, begin_state=None, layout="NTC", merge_outputs=None):
        self.reset()
        inputs, _ = _normalize_sequence(length, inputs, layout, merge_outputs)
        if isinstance(inputs, symbol.Symbol):
            return self(inputs, [])
        return super().unroll(length, inputs, begin_state=begin_state, layout=layout,
                              merge_outputs=merge_outputs)


class ModifierCell(BaseRNNCell):
    """Base of the cells that wrap another (``base_cell``) and modify it; the wrapped
    cell must then be used only through the modifier."""

    def __init__(self, base_cell):
        super().__init__()
        base_cell._modified = True
        self.base_cell = base_cell

    @property
    def params(self):
        self._own_params = False
        return self.base_cell.params

    @property
    def state_info(self):
        return self.base_cell.state_info

    def begin_state(self, init_sym=symbol.zeros, **kwargs):  # pylint: disable=arguments-differ
        _check(not self._modified, "After applying modifier cells (e.g. DropoutCell) the base "
                                   "cell cannot be called directly. Call the modifier cell "
                                   "instead.")
        self.base_cell._modified = False
        try:
            return self.base_cell.begin_state(init_sym, **kwargs)
        finally:
            self.base_cell._modified = True

    def unpack_weights(self, args):
        return self.base_cell.unpack_weights(args)

    def pack_weights(self, args):
        return self.base_cell.pack_weights(args)

    def __call__(self, inputs, states):
        raise NotImplementedError


class ZoneoutCell(ModifierCell):
    """Zoneout: while training, each output/state element keeps its previous value with
    probability ``zoneout_outputs``/``zoneout_states``.

    Parameters
    ----------
    base_cell : BaseRNNCell
    zoneout_outputs : float, default 0.
    zoneout_states : float, default 0.
    """

    def __init__(self, base_cell, zoneout_outputs=0., zoneout_states=0.):
        _check(not isinstance(base_cell, FusedRNNCell),
               "FusedRNNCell doesn't support zoneout. Please unfuse first.")
        _check(not isinstance(base_cell, BidirectionalCell),
               "BidirectionalCell doesn't support zoneout since it doesn't support step. "
               "Please add ZoneoutCell to the cells underneath instead.")
        _check(not getattr(base_cell, "_bidirectional", False),
               "Bidirectional SequentialRNNCell doesn't support zoneout. Please add "
               "ZoneoutCell to the cells underneath instead.")
        super().__init__(base_cell)
        self.zoneout_outputs = zoneout_outputs
        self.zoneout_states = zoneout_states
        self.prev_output = None

    def reset(self):
        super().reset()
        self.prev_output = None

    def __call__(self, inputs, states):
        p_out, p_st = self.zoneout_outputs, self.zoneout_states
        next_output, next_states = self.base_cell(inputs, states)

        def mask(p, like):
            return symbol.Dropout(symbol.ones_like(like), p=p)

        prev = self.prev_output if self.prev_output is not None else symbol.zeros((0, 0))
        output = (symbol.where(mask(p_out, next_output), next_output, prev)
                  if p_out != 0. else next_output)
        if p_st != 0.:
            next_states = [symbol.where(mask(p_st, new), new, old)
                           for new, old in zip(next_states, states)]
        self.prev_output = output
        return output, next_states


class ResidualCell(ModifierCell):
    """The base cell's output plus its input (Wu et al., 2016).

    Parameters
    ----------
    base_cell : BaseRNNCell
    """

    def __call__(self, inputs, states):
        output, states = self.base_cell(inputs, states)
        output = symbol.elemwise_add(output, inputs, name="%s_plus_residual" % output.name)
        return output, states

    def unroll(self, length, inputs, begin_state=None, layout="NTC", merge_outputs=None):
        self.reset()
        self.base_cell._modified = False
        try:
            outputs, states = self.base_cell.unroll(length, inputs=inputs,
                                                    begin_state=begin_state, layout=layout,
                                                    merge_outputs=merge_outputs)
        finally:
            self.base_cell._modified = True
        if merge_outputs is None:
            merge_outputs = isinstance(outputs, symbol.Symbol)
        inputs, _ = _normalize_sequence(length, inputs, layout, merge_outputs)
        if merge_outputs:
            outputs = symbol.elemwise_add(outputs, inputs,
                                          name="%s_plus_residual" % outputs.name)
        else:
            outputs = [symbol.elemwise_add(o, i, name="%s_plus_residual" % o.name)
                       for o, i in zip(outputs, inputs)]
        return outputs, states


class BidirectionalCell(BaseRNNCell):
    """Runs ``l_cell`` forward and ``r_cell`` backward in time and concatenates their
    outputs (``unroll`` only).

    Parameters
    ----------
    l_cell, r_cell : BaseRNNCell
    params : RNNParams or None
    output_prefix : str, default 'bi_'
    """

    def __init__(self, l_cell, r_cell, params=None, output_prefix="bi_"):
        super().__init__("", params=params)
        self._output_prefix = output_prefix
        self._override_cell_params = params is not None
        if self._override_cell_params:
            _check(l_cell._own_params and r_cell._own_params,
                   "Either specify params for BidirectionalCell or child cells, not both.")
            l_cell.params._params.update(self.params._params)
            r_cell.params._params.update(self.params._params)
        self.params._params.update(l_cell.params._params)
        self.params._params.update(r_cell.params._params)
        self._cells = [l_cell, r_cell]

    def unpack_weights(self, args):
        return _unpack_all(self._cells, args)

    def pack_weights(self, args):
        return _pack_all(self._cells, args)

    def __call__(self, inputs, states):
        raise NotImplementedError("Bidirectional cannot be stepped. Please use unroll")

    @property
    def state_info(self):
        return _state_info(self._cells)

    def begin_state(self, **kwargs):  # pylint: disable=arguments-differ
        _check(not self._modified, "After applying modifier cells (e.g. DropoutCell) the base "
                                   "cell cannot be called directly. Call the modifier cell "
                                   "instead.")
        return _begin_states(self._cells, **kwargs)

    def unroll(self, length, inputs, begin_state=None, layout="NTC", merge_outputs=None):
        self.reset()
        inputs, axis = _normalize_sequence(length, inputs, layout, False)
        states = self.begin_state() if begin_state is None else begin_state
        l_cell, r_cell = self._cells
        nl = len(l_cell.state_info)
        l_out, l_states = l_cell.unroll(length, inputs=inputs, begin_state=states[:nl],
                                        layout=layout, merge_outputs=merge_outputs)
        r_out, r_states = r_cell.unroll(length, inputs=list(reversed(inputs)),
                                        begin_state=states[nl:], layout=layout,
                                        merge_outputs=merge_outputs)
        if merge_outputs is None:
            merge_outputs = isinstance(l_out, symbol.Symbol) and isinstance(r_out, symbol.Symbol)
            if not merge_outputs:
                if isinstance(l_out, symbol.Symbol):
                    l_out = list(symbol.SliceChannel(l_out, axis=axis, num_outputs=length,
                                                     squeeze_axis=1))
                if isinstance(r_out, symbol.Symbol):
                    r_out = list(symbol.SliceChannel(r_out, axis=axis, num_outputs=length,
                                                     squeeze_axis=1))
        if merge_outputs:
            outputs = symbol.Concat(l_out, symbol.reverse(r_out, axis=axis), dim=2,
                                    name="%sout" % self._output_prefix)
        else:
            outputs = [symbol.Concat(lo, ro, dim=1, name="%st%d" % (self._output_prefix, i))
                       for i, (lo, ro) in enumerate(zip(l_out, reversed(r_out)))]
        return outputs, [l_states, r_states]


class BaseConvRNNCell(BaseRNNCell):
    """Abstract base of the convolutional RNN cells (i2h and h2h are Convolutions; the
    h2h convolution keeps the spatial size, its kernel must be odd)."""

    def __init__(self, input_shape, num_hidden, h2h_kernel, h2h_dilate, i2h_kernel,
                 i2h_stride, i2h_pad, i2h_dilate, i2h_weight_initializer,
                 h2h_weight_initializer, i2h_bias_initializer, h2h_bias_initializer,
                 activation, prefix="", params=None, conv_layout="NCHW"):
        super().__init__(prefix=prefix, params=params)
        _check(h2h_kernel[0] % 2 == 1 and h2h_kernel[1] % 2 == 1,
               "Only support odd number, get h2h_kernel= %s" % str(h2h_kernel))
        self._h2h_kernel = h2h_kernel
        self._h2h_pad = (h2h_dilate[0] * (h2h_kernel[0] - 1) // 2,
                         h2h_dilate[1] * (h2h_kernel[1] - 1) // 2)
        self._h2h_dilate = h2h_dilate
        self._i2h_kernel = i2h_kernel
        self._i2h_stride = i2h_stride
        self._i2h_pad = i2h_pad
        self._i2h_dilate = i2h_dilate
        self._num_hidden = num_hidden
        self._input_shape = input_shape
        self._conv_layout = conv_layout
        self._activation = activation
        probe = symbol.Convolution(data=symbol.Variable("data"), num_filter=num_hidden,
                                   kernel=i2h_kernel, stride=i2h_stride, pad=i2h_pad,
                                   dilate=i2h_dilate, layout=conv_layout)
        out = probe.infer_shape(data=input_shape)[1][0]
        self._state_shape = (0,) + tuple(out[1:])
        self._iW = self.params.get("i2h_weight", init=i2h_weight_initializer)
        self._hW = self.params.get("h2h_weight", init=h2h_weight_initializer)
        self._iB = self.params.get("i2h_bias", init=i2h_bias_initializer)
        self._hB = self.params.get("h2h_bias", init=h2h_bias_initializer)

    @property
    def _num_gates(self):
        return len(self._gate_names)

    @property
    def state_info(self):
        return [{"shape": self._state_shape, "__layout__": self._conv_layout},
                {"shape": self._state_shape, "__layout__": self._conv_layout}]

    def _conv_forward(self, inputs, states, name):
        nf = self._num_hidden * self._num_gates
        i2h = symbol.Convolution(name="%si2h" % name, data=inputs, num_filter=nf,
                                 kernel=self._i2h_kernel, stride=self._i2h_stride,
                                 pad=self._i2h_pad, dilate=self._i2h_dilate, weight=self._iW,
                                 bias=self._iB, layout=self._conv_layout)
        h2h = symbol.Convolution(name="%sh2h" % name, data=states[0], num_filter=nf,
                                 kernel=self._h2h_kernel, dilate=self._h2h_dilate,
                                 pad=self._h2h_pad, stride=(1, 1), weight=self._hW,
                                 bias=self._hB, layout=self._conv_layout)
        return i2h, h2h

    def __call__(self, inputs, states):
        raise NotImplementedError("BaseConvRNNCell is abstract class for convolutional RNN")


_LEAKY = functools.partial(symbol.LeakyReLU, act_type="leaky", slope=0.2)


class ConvRNNCell(BaseConvRNNCell):
    """Convolutional RNN cell (Shi et al., 2015); arguments as :class:`BaseConvRNNCell`,
    prefix ``'ConvRNN_'``, activation LeakyReLU(0.2) by default."""

    def __init__(self, input_shape, num_hidden, h2h_kernel=(3, 3), h2h_dilate=(1, 1),
                 i2h_kernel=(3, 3), i2h_stride=(1, 1), i2h_pad=(1, 1), i2h_dilate=(1, 1),
                 i2h_weight_initializer=None, h2h_weight_initializer=None,
                 i2h_bias_initializer="zeros", h2h_bias_initializer="zeros",
                 activation=_LEAKY, prefix="ConvRNN_", params=None, conv_layout="NCHW"):
        super().__init__(input_shape, num_hidden, h2h_kernel, h2h_dilate, i2h_kernel,
                         i2h_stride, i2h_pad, i2h_dilate, i2h_weight_initializer,
                         h2h_weight_initializer, i2h_bias_initializer, h2h_bias_initializer,
                         activation, prefix=prefix, params=params, conv_layout=conv_layout)

    @property
    def _gate_names(self):
        return ("",)

    @property
    def state_info(self):
        return [{"shape": self._state_shape, "__layout__": self._conv_layout}]

    def __call__(self, inputs, states):
        self._counter += 1
        name = "%st%d_" % (self._prefix, self._counter)
        i2h, h2h = self._conv_forward(inputs, states, name)
        out = self._get_activation(i2h + h2h, self._activation, name="%sout" % name)
        return out, [out]


class ConvLSTMCell(BaseConvRNNCell):
    """Convolutional LSTM cell (Shi et al., 2015); prefix ``'ConvLSTM_'``."""

    def __init__(self, input_shape, num_hidden, h2h_kernel=(3, 3), h2h_dilate=(1, 1),
                 i2h_kernel=(3, 3), i2h_stride=(1, 1), i2h_pad=(1, 1), i2h_dilate=(1, 1),
                 i2h_weight_initializer=None, h2h_weight_initializer=None,
                 i2h_bias_initializer="zeros", h2h_bias_initializer="zeros",
                 activation=_LEAKY, prefix="ConvLSTM_", params=None, conv_layout="NCHW"):
        super().__init__(input_shape, num_hidden, h2h_kernel, h2h_dilate, i2h_kernel,
                         i2h_stride, i2h_pad, i2h_dilate, i2h_weight_initializer,
                         h2h_weight_initializer, i2h_bias_initializer, h2h_bias_initializer,
                         activation, prefix=prefix, params=params, conv_layout=conv_layout)

    @property
    def _gate_names(self):
        return ["_i", "_f", "_c", "_o"]

    def __call__(self, inputs, states):
        self._counter += 1
        name = "%st%d_" % (self._prefix, self._counter)
        i2h, h2h = self._conv_forward(inputs, states, name)
        gates = symbol.SliceChannel(i2h + h2h, num_outputs=4,
                                    axis=self._conv_layout.find("C"), name="%sslice" % name)
        i = symbol.Activation(gates[0], act_type="sigmoid", name="%si" % name)
        f = symbol.Activation(gates[1], act_type="sigmoid", name="%sf" % name)
        c = self._get_activation(gates[2], self._activation, name="%sc" % name)
        o = symbol.Activation(gates[3], act_type="sigmoid", name="%so" % name)
        next_c = symbol._internal._plus(f * states[1], i * c, name="%sstate" % name)
        next_h = symbol._internal._mul(o, self._get_activation(next_c, self._activation),
                                       name="%sout" % name)
        return next_h, [next_h, next_c]


class ConvGRUCell(BaseConvRNNCell):
    """Convolutional GRU cell; prefix ``'ConvGRU_'``."""

    def __init__(self, input_shape, num_hidden, h2h_kernel=(3, 3), h2h_dilate=(1, 1),
                 i2h_kernel=(3, 3), i2h_stride=(1, 1), i2h_pad=(1, 1), i2h_dilate=(1, 1),
                 i2h_weight_initializer=None, h2h_weight_initializer=None,
                 i2h_bias_initializer="zeros", h2h_bias_initializer="zeros",
                 activation=_LEAKY, prefix="ConvGRU_", params=None, conv_layout="NCHW"):
        super().__init__(input_shape, num_hidden, h2h_kernel, h2h_dilate, i2h_kernel,
                         i2h_stride, i2h_pad, i2h_dilate, i2h_weight_initializer,
                         h2h_weight_initializer, i2h_bias_initializer, h2h_bias_initializer,
                         activation, prefix=prefix, params=params, conv_layout=conv_layout)

    @property
    def _gate_names(self):
        return ["_r", "_z", "_o"]

    @property
    def state_info(self):
        return [{"shape": self._state_shape, "__layout__": self._conv_layout}]

    def __call__(self, inputs, states):
        self._counter += 1
        name = "%st%d_" % (self._prefix, self._counter)
        i2h, h2h = self._conv_forward(inputs, states, name)
        i_r, i_z, i_o = symbol.SliceChannel(i2h, num_outputs=3, name="%s_i2h_slice" % name)
        h_r, h_z, h_o = symbol.SliceChannel(h2h, num_outputs=3, name="%s_h2h_slice" % name)
        reset = symbol.Activation(i_r + h_r, act_type="sigmoid", name="%s_r_act" % name)
        update = symbol.Activation(i_z + h_z, act_type="sigmoid", name="%s_z_act" % name)
        cand = self._get_activation(i_o + reset * h_o, self._activation,
                                    name="%s_h_act" % name)
        next_h = symbol._internal._plus((1. - update) * cand, update * states[0],
                                        name="%sout" % name)
        return next_h, [next_h]
