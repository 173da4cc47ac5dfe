"""Recurrent cells: one time step at a time (``cell(x, states)``) or ``unroll``-ed."""
from ... import ndarray as nd
from ...base import numeric_types, string_types
from ...ndarray.ndarray import NDArray
from ..block import Block, HybridBlock, _in_functional_trace
from .._common import check, indent
from ..nn import LeakyReLU

__all__ = ["RecurrentCell", "HybridRecurrentCell", "RNNCell", "LSTMCell", "GRUCell",
           "SequentialRNNCell", "HybridSequentialRNNCell", "DropoutCell", "ModifierCell",
           "ZoneoutCell", "ResidualCell", "BidirectionalCell"]


def _as_list(x):
    return list(x) if isinstance(x, (list, tuple)) else [x]


def _cells_state_info(cells, batch_size):
    return sum([c.state_info(batch_size) for c in cells], [])


def _cells_begin_state(cells, **kwargs):
    return sum([c.begin_state(**kwargs) for c in cells], [])


def _is_sym(x):
    from ...symbol import Symbol
    return isinstance(x, Symbol)


def _get_begin_state(cell, F, begin_state, inputs, batch_size):
    if begin_state is None and F is not nd:  # symbols: the batch is inferred later
        return cell.begin_state(func=F.zeros, batch_size=batch_size)
    if begin_state is None:
        ctx = inputs.context if isinstance(inputs, NDArray) else inputs[0].context
        with ctx:
            begin_state = cell.begin_state(func=F.zeros, batch_size=batch_size)
    return begin_state


def _format_sequence(length, inputs, layout, merge, in_layout=None):
    """Inputs as a list of per-step arrays (``merge`` False) or one array (True)."""
    check(inputs is not None, "unroll(inputs=None) has been deprecated. Please create input "
          "variables outside unroll.")
    axis = layout.find("T")
    batch_axis = layout.find("N")
    batch_size = 0
    in_axis = in_layout.find("T") if in_layout is not None else axis
    F = nd
    if _is_sym(inputs) or (isinstance(inputs, (list, tuple)) and inputs
                           and _is_sym(inputs[0])):
        from ... import symbol as F
        from ...rnn.rnn_cell import _normalize_sequence
        inputs, axis = _normalize_sequence(length, inputs, layout, merge, in_layout,
                                           stack=F.stack)
        return inputs, axis, F, batch_size
    if isinstance(inputs, NDArray):
        batch_size = inputs.shape[batch_axis]
        if merge is False:
            check(length is None or length == inputs.shape[in_axis],
                  "unroll: length %s does not match the input's time axis (%d)"
                  % (length, inputs.shape[in_axis]))
            inputs = _as_list(nd.split(inputs, axis=in_axis, num_outputs=inputs.shape[in_axis],
                                       squeeze_axis=1))
    else:
        check(length is None or len(inputs) == length,
              "unroll: %d inputs given for length %s" % (len(inputs), length))
        batch_size = inputs[0].shape[0]
        if merge is True:
            inputs = F.stack(*inputs, axis=axis)
            in_axis = axis
    if isinstance(inputs, NDArray) and axis != in_axis:
        inputs = F.swapaxes(inputs, dim1=axis, dim2=in_axis)
    return inputs, axis, F, batch_size


def _mask_sequence_variable_length(F, data, length, valid_length, time_axis, merge):
    check(valid_length is not None, "valid_length is required")
    if not isinstance(data, NDArray) and not _is_sym(data):
        data = F.stack(*data, axis=time_axis)
    outputs = F.SequenceMask(data, sequence_length=valid_length, use_sequence_length=True,
                             axis=time_axis)
    if not merge:
        outputs = _as_list(F.split(outputs, num_outputs=length, axis=time_axis,
                                   squeeze_axis=True))
    return outputs


def _reverse_sequences(sequences, unroll_step, valid_length=None):
    F = nd
    if valid_length is None:
        return list(reversed(sequences))
    rev = F.SequenceReverse(F.stack(*sequences, axis=0), sequence_length=valid_length,
                            use_sequence_length=True)
    if unroll_step > 1:
        return _as_list(F.split(rev, axis=0, num_outputs=unroll_step, squeeze_axis=True))
    return [rev[0]]



def np_states(states):
    """Under ``npx.set_np()`` begin states are ``mx.np`` arrays (as MXNet's), no copy."""
    from ... import util
    if util.is_np_array():
        return [s.as_np_ndarray() if isinstance(s, NDArray) else s for s in states]
    return states

class RecurrentCell(Block):
    """Base class of recurrent cells.

    Parameters
    ----------
    prefix : str, optional
    params : ParameterDict, optional
    """

    def __init__(self, prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)
        self._modified = False
        self.reset()

    def reset(self):
        """Reset the step counters before a new sequence."""
        self._init_counter = -1
        self._counter = -1
        for cell in self._children.values():
            cell.reset()

    def state_info(self, batch_size=0):
        """Shapes and layouts of the states."""
        raise NotImplementedError()

    def begin_state(self, batch_size=0, func=nd.zeros, **kwargs):
        """Initial states, made with ``func`` (default ``nd.zeros``).

        Parameters
        ----------
        batch_size : int
        func : callable
            ``func(name=..., shape=..., **kwargs)``.
        **kwargs
            More arguments for ``func`` (``ctx``, ``dtype`` ...).
        """
        check(not self._modified, "After applying modifier cells (e.g. ZoneoutCell) the base "
              "cell cannot be called directly. Call the modifier cell instead.")
        states = []
        for info in self.state_info(batch_size):
            self._init_counter += 1
            info = dict(info) if info is not None else {}
            info.update(kwargs)
            info.pop("__layout__", None)
            states.append(func(name="%sbegin_state_%d" % (self._prefix, self._init_counter),
                               **info))
        return np_states(states)

    def unroll(self, length, inputs, begin_state=None, layout="NTC", merge_outputs=None,
               valid_length=None):
        """Run the cell over ``length`` steps.

        Parameters
        ----------
        length : int
        inputs : NDArray or list of NDArray
            One array with a time axis (``layout``), or one array per step.
        begin_state : list of NDArray, optional
            Default: ``begin_state()`` zeros.
        layout : str, default 'NTC'
        merge_outputs : bool, optional
            Stack the outputs into one array (True), keep a list (False) or follow
            the input's form (None).
        valid_length : NDArray, optional
            Per-sequence lengths; outputs past them are zeroed.

        Returns
        -------
        (outputs, states)
        """
        self.reset()
        inputs, axis, F, batch_size = _format_sequence(length, inputs, layout, False)
        begin_state = _get_begin_state(self, F, begin_state, inputs, batch_size)
        states = begin_state
        outputs, all_states = [], []
        for i in range(length):
            output, states = self(inputs[i], states)
            outputs.append(output)
            if valid_length is not None:
                all_states.append(states)
        if valid_length is not None:
            states = [F.SequenceLast(F.stack(*ele_list, axis=0), sequence_length=valid_length,
                                     use_sequence_length=True, axis=0)
                      for ele_list in zip(*all_states)]
            outputs = _mask_sequence_variable_length(F, outputs, length, valid_length, axis,
                                                     True)
        outputs, _, _, _ = _format_sequence(length, outputs, layout, merge_outputs)
        return outputs, states

    def _get_activation(self, F, inputs, activation, **kwargs):
        func = {"tanh": F.tanh, "relu": F.relu, "sigmoid": F.sigmoid,
                "softsign": F.softsign}.get(activation)
        if func:
            return func(inputs, **kwargs)
        if isinstance(activation, string_types):
            return F.Activation(inputs, act_type=activation, **kwargs)
        if isinstance(activation, LeakyReLU):
            return F.LeakyReLU(inputs, act_type="leaky", slope=activation._alpha, **kwargs)
        return activation(inputs, **kwargs)

    def forward(self, inputs, states):
        """One step: ``(output, new_states)``."""
        self._counter += 1
        return super().forward(inputs, states)


class HybridRecurrentCell(RecurrentCell, HybridBlock):
    """Base class of hybridizable recurrent cells."""

    def __init__(self, prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)

    def hybrid_forward(self, F, x, *args, **kwargs):
        raise NotImplementedError


def _cell_input_size(inputs):
    size = 1
    for d in inputs.shape[1:]:
        size *= d
    return size


class _GatedCell(HybridRecurrentCell):
    """Shared parameters of RNN/LSTM/GRU cells: ``gates * hidden_size`` rows."""

    _gates = 1

    def _make_params(self, hidden_size, input_size, i2h_weight_initializer,
                     h2h_weight_initializer, i2h_bias_initializer, h2h_bias_initializer):
        rows = self._gates * hidden_size
        self._hidden_size = hidden_size
        self._input_size = input_size
        self.i2h_weight = self.params.get("i2h_weight", shape=(rows, input_size),
                                          init=i2h_weight_initializer, allow_deferred_init=True)
        self.h2h_weight = self.params.get("h2h_weight", shape=(rows, hidden_size),
                                          init=h2h_weight_initializer, allow_deferred_init=True)
        self.i2h_bias = self.params.get("i2h_bias", shape=(rows,), init=i2h_bias_initializer,
                                        allow_deferred_init=True)
        self.h2h_bias = self.params.get("h2h_bias", shape=(rows,), init=h2h_bias_initializer,
                                        allow_deferred_init=True)

    def infer_shape(self, inputs, *args):
        """Take ``input_size`` from the step input."""
        self.i2h_weight.shape = (self._gates * self._hidden_size, _cell_input_size(inputs))

    def _mapping(self):
        shape = self.i2h_weight.shape
        return "{0} -> {1}".format(shape[1] if shape[1] else None, shape[0])

    def __repr__(self):
        return "{name}({mapping})".format(name=self.__class__.__name__,
                                          mapping=self._mapping())


class RNNCell(_GatedCell):
    """Elman RNN cell: ``h' = activation(W_i x + b_i + W_h h + b_h)``.

    Parameters
    ----------
    hidden_size : int
    activation : str or Block, default 'tanh'
    i2h_weight_initializer, h2h_weight_initializer : str or Initializer
    i2h_bias_initializer, h2h_bias_initializer : str or Initializer, default 'zeros'
    input_size : int, default 0
        0 infers it at the first step.
    prefix, params
        See :class:`Block`.
    """

    def __init__(self, hidden_size, activation="tanh", i2h_weight_initializer=None,
                 h2h_weight_initializer=None, i2h_bias_initializer="zeros",
                 h2h_bias_initializer="zeros", input_size=0, prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)
        self._make_params(hidden_size, input_size, i2h_weight_initializer,
                          h2h_weight_initializer, i2h_bias_initializer, h2h_bias_initializer)
        self._activation = activation

    def state_info(self, batch_size=0):
        return [{"shape": (batch_size, self._hidden_size), "__layout__": "NC"}]

    def _alias(self):
        return "rnn"

    def __repr__(self):
        return "{name}({mapping}, {act})".format(name=self.__class__.__name__,
                                                 mapping=self._mapping(), act=self._activation)

    def hybrid_forward(self, F, inputs, states, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
        prefix = "t%d_" % self._counter
        i2h = F.FullyConnected(data=inputs, weight=i2h_weight, bias=i2h_bias,
                               num_hidden=self._hidden_size, name=prefix + "i2h")
        h2h = F.FullyConnected(data=states[0], weight=h2h_weight, bias=h2h_bias,
                               num_hidden=self._hidden_size, name=prefix + "h2h")
        output = self._get_activation(F, F.elemwise_add(i2h, h2h), self._activation,
                                      name=prefix + "out")
        return output, [output]


class LSTMCell(_GatedCell):
    """Long short-term memory cell (gates in MXNet's order: input, forget, cell, output).

    Parameters
    ----------
    hidden_size : int
    i2h_weight_initializer, h2h_weight_initializer : str or Initializer
    i2h_bias_initializer, h2h_bias_initializer : str or Initializer, default 'zeros'
    input_size : int, default 0
    prefix, params
        See :class:`Block`.
    activation : str, default 'tanh'
    recurrent_activation : str, default 'sigmoid'
    """

    _gates = 4

    def __init__(self, hidden_size, i2h_weight_initializer=None, h2h_weight_initializer=None,
                 i2h_bias_initializer="zeros", h2h_bias_initializer="zeros", input_size=0,
                 prefix=None, params=None, activation="tanh", recurrent_activation="sigmoid"):
        super().__init__(prefix=prefix, params=params)
        self._make_params(hidden_size, input_size, i2h_weight_initializer,
                          h2h_weight_initializer, i2h_bias_initializer, h2h_bias_initializer)
        self._activation = activation
        self._recurrent_activation = recurrent_activation

    def state_info(self, batch_size=0):
        return [{"shape": (batch_size, self._hidden_size), "__layout__": "NC"},
                {"shape": (batch_size, self._hidden_size), "__layout__": "NC"}]

    def _alias(self):
        return "lstm"

    def hybrid_forward(self, F, inputs, states, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
        prefix = "t%d_" % self._counter
        nh = self._hidden_size * 4
        i2h = F.FullyConnected(data=inputs, weight=i2h_weight, bias=i2h_bias, num_hidden=nh,
                               name=prefix + "i2h")
        h2h = F.FullyConnected(data=states[0], weight=h2h_weight, bias=h2h_bias,
                               num_hidden=nh, name=prefix + "h2h")
        gates = F.SliceChannel(F.elemwise_add(i2h, h2h), num_outputs=4, name=prefix + "slice")
        act, ract = self._activation, self._recurrent_activation
        in_gate = self._get_activation(F, gates[0], ract, name=prefix + "i")
        forget_gate = self._get_activation(F, gates[1], ract, name=prefix + "f")
        in_transform = self._get_activation(F, gates[2], act, name=prefix + "c")
        out_gate = self._get_activation(F, gates[3], ract, name=prefix + "o")
        next_c = F.elemwise_add(F.elemwise_mul(forget_gate, states[1]),
                                F.elemwise_mul(in_gate, in_transform), name=prefix + "state")
        next_h = F.elemwise_mul(out_gate, F.Activation(next_c, act_type=act),
                                name=prefix + "out")
        return next_h, [next_h, next_c]


class GRUCell(_GatedCell):
    """Gated recurrent unit cell (gates in MXNet's order: reset, update, new).

    Parameters
    ----------
    hidden_size : int
    i2h_weight_initializer, h2h_weight_initializer : str or Initializer
    i2h_bias_initializer, h2h_bias_initializer : str or Initializer, default 'zeros'
    input_size : int, default 0
    prefix, params
        See :class:`Block`.
    """

    _gates = 3

    def __init__(self, hidden_size, i2h_weight_initializer=None, h2h_weight_initializer=None,
                 i2h_bias_initializer="zeros", h2h_bias_initializer="zeros", input_size=0,
                 prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)
        self._make_params(hidden_size, input_size, i2h_weight_initializer,
                          h2h_weight_initializer, i2h_bias_initializer, h2h_bias_initializer)

    def state_info(self, batch_size=0):
        return [{"shape": (batch_size, self._hidden_size), "__layout__": "NC"}]

    def _alias(self):
        return "gru"

    def hybrid_forward(self, F, inputs, states, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
        prefix = "t%d_" % self._counter
        prev_h = states[0]
        nh = self._hidden_size * 3
        i2h = F.FullyConnected(data=inputs, weight=i2h_weight, bias=i2h_bias, num_hidden=nh)
        h2h = F.FullyConnected(data=prev_h, weight=h2h_weight, bias=h2h_bias, num_hidden=nh)
        i2h_r, i2h_z, i2h = F.SliceChannel(i2h, num_outputs=3)
        h2h_r, h2h_z, h2h = F.SliceChannel(h2h, num_outputs=3)
        reset_gate = F.Activation(F.elemwise_add(i2h_r, h2h_r), act_type="sigmoid")
        update_gate = F.Activation(F.elemwise_add(i2h_z, h2h_z), act_type="sigmoid")
        next_h_tmp = F.Activation(F.elemwise_add(i2h, F.elemwise_mul(reset_gate, h2h)),
                                  act_type="tanh")
        ones = F.ones_like(update_gate)
        next_h = F.elemwise_add(F.elemwise_mul(F.elemwise_sub(ones, update_gate), next_h_tmp),
                                F.elemwise_mul(update_gate, prev_h), name=prefix + "out")
        return next_h, [next_h]


def _stack_repr(cell):
    modstr = "\n".join(["({i}): {m}".format(i=i, m=indent(repr(m), 2))
                        for i, m in cell._children.items()])
    return "{name}(\n{modstr}\n)".format(name=cell.__class__.__name__, modstr=modstr)


class _StackMixin:
    """Shared by SequentialRNNCell and HybridSequentialRNNCell."""

    def add(self, cell):
        """Append a cell to the stack."""
        self.register_child(cell)

    def state_info(self, batch_size=0):
        return _cells_state_info(self._children.values(), batch_size)

    def begin_state(self, **kwargs):
        check(not self._modified, "After applying modifier cells (e.g. ZoneoutCell) the base "
              "cell cannot be called directly. Call the modifier cell instead.")
        return _cells_begin_state(self._children.values(), **kwargs)

    def _step(self, inputs, states):
        self._counter += 1
        next_states = []
        p = 0
        check(all(not isinstance(cell, BidirectionalCell) for cell in self._children.values()),
              "BidirectionalCell cannot be stepped inside a sequential cell; use unroll")
        for cell in self._children.values():
            n = len(cell.state_info())
            state = states[p:p + n]
            p += n
            inputs, state = cell(inputs, state)
            next_states.append(state)
        return inputs, sum(next_states, [])

    def unroll(self, length, inputs, begin_state=None, layout="NTC", merge_outputs=None,
               valid_length=None):
        """Unroll every cell in turn (see :meth:`RecurrentCell.unroll`)."""
        self.reset()
        inputs, _, F, batch_size = _format_sequence(length, inputs, layout, None)
        num_cells = len(self._children)
        begin_state = _get_begin_state(self, F, begin_state, inputs, batch_size)
        p = 0
        next_states = []
        for i, cell in enumerate(self._children.values()):
            n = len(cell.state_info())
            states = begin_state[p:p + n]
            p += n
            inputs, states = cell.unroll(length, inputs=inputs, begin_state=states,
                                         layout=layout,
                                         merge_outputs=None if i < num_cells - 1
                                         else merge_outputs,
                                         valid_length=valid_length)
            next_states.extend(states)
        return inputs, next_states

    def __getitem__(self, i):
        return self._children[str(i)]

    def __len__(self):
        return len(self._children)

    def __repr__(self):
        return _stack_repr(self)


class SequentialRNNCell(_StackMixin, RecurrentCell):
    """A stack of recurrent cells, stepped one after another."""

    def __init__(self, prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)

    def __call__(self, inputs, states):
        return self._step(inputs, states)

    def hybrid_forward(self, *args, **kwargs):
        raise NotImplementedError


class HybridSequentialRNNCell(_StackMixin, HybridRecurrentCell):
    """A stack of hybridizable recurrent cells."""

    def __init__(self, prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)

    def __call__(self, inputs, states):
        return self._step(inputs, states)

    def hybrid_forward(self, F, inputs, states):
        return self._step(inputs, states)


class DropoutCell(HybridRecurrentCell):
    """Apply Dropout to the input (no states).

    Parameters
    ----------
    rate : float
    axes : tuple of int, default ()
    """

    def __init__(self, rate, axes=(), prefix=None, params=None):
        super().__init__(prefix, params)
        check(isinstance(rate, numeric_types), "rate must be a number")
        self._rate = rate
        self._axes = axes

    def __repr__(self):
        return "{name}(rate={rate}, axes={axes})".format(name=self.__class__.__name__,
                                                         rate=self._rate, axes=self._axes)

    def state_info(self, batch_size=0):
        return []

    def _alias(self):
        return "dropout"

    def hybrid_forward(self, F, inputs, states):
        if self._rate > 0:
            inputs = F.Dropout(data=inputs, p=self._rate, axes=self._axes,
                               name="t%d_fwd" % self._counter)
        return inputs, states

    def unroll(self, length, inputs, begin_state=None, layout="NTC", merge_outputs=None,
               valid_length=None):
        """Apply Dropout to the whole sequence at once when it is one array."""
        self.reset()
        inputs, _, F, _ = _format_sequence(length, inputs, layout, merge_outputs)
        if isinstance(inputs, NDArray):
            return self.hybrid_forward(F, inputs, begin_state if begin_state else [])
        return super().unroll(length, inputs, begin_state=begin_state, layout=layout,
                              merge_outputs=merge_outputs, valid_length=None)


class ModifierCell(HybridRecurrentCell):
    """Base class of cells that wrap another cell (Zoneout, Residual).

    Parameters
    ----------
    base_cell : RecurrentCell
    """

    def __init__(self, base_cell):
        check(not base_cell._modified, "Cell %s is already modified. One cell cannot be "
              "modified twice" % base_cell.name)
        base_cell._modified = True
        super().__init__(prefix=base_cell.prefix + self._alias(), params=None)
        self.base_cell = base_cell

    @property
    def params(self):
        """The base cell's parameters."""
        return self.base_cell.params

    def state_info(self, batch_size=0):
        return self.base_cell.state_info(batch_size)

    def begin_state(self, func=nd.zeros, **kwargs):
        check(not self._modified, "After applying modifier cells (e.g. DropoutCell) the base "
              "cell cannot be called directly. Call the modifier cell instead.")
        self.base_cell._modified = False
        begin = self.base_cell.begin_state(func=func, **kwargs)
        self.base_cell._modified = True
        return begin

    def hybrid_forward(self, F, inputs, states):
        raise NotImplementedError

    def __repr__(self):
        return "{name}({base_cell})".format(name=self.__class__.__name__,
                                            base_cell=self.base_cell)


class ZoneoutCell(ModifierCell):
    """Zoneout: keep each output/state element from the previous step with a probability.

    Parameters
    ----------
    base_cell : RecurrentCell
    zoneout_outputs : float, default 0.0
    zoneout_states : float, default 0.0
    """

    def __init__(self, base_cell, zoneout_outputs=0.0, zoneout_states=0.0):
        check(not isinstance(base_cell, BidirectionalCell),
              "BidirectionalCell doesn't support zoneout since it doesn't support step. "
              "Please add ZoneoutCell to the cells underneath instead.")
        check(not isinstance(base_cell, SequentialRNNCell)
              or not getattr(base_cell, "_bidirectional", False),
              "Bidirectional SequentialRNNCell doesn't support zoneout. Please add "
              "ZoneoutCell to the cells underneath instead.")
        super().__init__(base_cell)
        self.zoneout_outputs = zoneout_outputs
        self.zoneout_states = zoneout_states
        self._prev_output = None

    def __repr__(self):
        return "{name}(p_out={po}, p_state={ps}, {base})".format(
            name=self.__class__.__name__, po=self.zoneout_outputs, ps=self.zoneout_states,
            base=self.base_cell)

    def _alias(self):
        return "zoneout"

    def reset(self):
        super().reset()
        self._prev_output = None

    def hybrid_forward(self, F, inputs, states):
        cell, p_outputs, p_states = self.base_cell, self.zoneout_outputs, self.zoneout_states
        next_output, next_states = cell(inputs, states)

        def mask(p, like):
            return F.Dropout(F.ones_like(like), p=p)
        prev_output = self._prev_output
        if prev_output is None:
            prev_output = F.zeros_like(next_output)
        output = (F.where(mask(p_outputs, next_output), next_output, prev_output)
                  if p_outputs != 0.0 else next_output)
        states = ([F.where(mask(p_states, new_s), new_s, old_s)
                   for new_s, old_s in zip(next_states, states)]
                  if p_states != 0.0 else next_states)
        if not _in_functional_trace():
            # a compiled (hybridized) call keeps no Python state between calls: as in
            # MXNet, whose cached graph sees the previous output as zeros
            self._prev_output = output
        return output, states


class ResidualCell(ModifierCell):
    """Add the cell's input to its output (residual connection)."""

    def __init__(self, base_cell):
        super().__init__(base_cell)

    def hybrid_forward(self, F, inputs, states):
        output, states = self.base_cell(inputs, states)
        output = F.elemwise_add(output, inputs, name="t%d_fwd" % self._counter)
        return output, states

    def unroll(self, length, inputs, begin_state=None, layout="NTC", merge_outputs=None,
               valid_length=None):
        """Unroll the base cell, then add the inputs to the outputs."""
        self.reset()
        self.base_cell._modified = False
        outputs, states = self.base_cell.unroll(length, inputs=inputs, begin_state=begin_state,
                                                layout=layout, merge_outputs=merge_outputs,
                                                valid_length=valid_length)
        self.base_cell._modified = True
        merge_outputs = isinstance(outputs, NDArray) if merge_outputs is None else merge_outputs
        inputs, axis, F, _ = _format_sequence(length, inputs, layout, merge_outputs)
        if valid_length is not None:
            inputs = _mask_sequence_variable_length(F, inputs, length, valid_length, axis,
                                                    merge_outputs)
        if merge_outputs:
            outputs = F.elemwise_add(outputs, inputs)
        else:
            outputs = [F.elemwise_add(i, j) for i, j in zip(outputs, inputs)]
        return outputs, states


class BidirectionalCell(HybridRecurrentCell):
    """Run one cell forward and one backward over the sequence; concatenate outputs.

    Parameters
    ----------
    l_cell : RecurrentCell
        The forward-in-time cell.
    r_cell : RecurrentCell
        The backward-in-time cell.
    output_prefix : str, default 'bi_'
    """

    def __init__(self, l_cell, r_cell, output_prefix="bi_"):
        super().__init__(prefix="", params=None)
        self.register_child(l_cell, "l_cell")
        self.register_child(r_cell, "r_cell")
        self._output_prefix = output_prefix

    def __call__(self, inputs, states):
        raise NotImplementedError("Bidirectional cannot be stepped. Please use unroll")

    def __repr__(self):
        return "{name}(forward={l_cell}, backward={r_cell})".format(
            name=self.__class__.__name__, l_cell=self._children["l_cell"],
            r_cell=self._children["r_cell"])

    def state_info(self, batch_size=0):
        return _cells_state_info(self._children.values(), batch_size)

    def begin_state(self, **kwargs):
        check(not self._modified, "After applying modifier cells (e.g. DropoutCell) the base "
              "cell cannot be called directly. Call the modifier cell instead.")
        return _cells_begin_state(self._children.values(), **kwargs)

    def unroll(self, length, inputs, begin_state=None, layout="NTC", merge_outputs=None,
               valid_length=None):
        """Unroll both directions (see :meth:`RecurrentCell.unroll`)."""
        self.reset()
        inputs, axis, F, batch_size = _format_sequence(length, inputs, layout, False)
        reversed_inputs = list(_reverse_sequences(inputs, length, valid_length))
        begin_state = _get_begin_state(self, F, begin_state, inputs, batch_size)
        states = begin_state
        l_cell, r_cell = self._children.values()
        nl = len(l_cell.state_info(batch_size))
        l_outputs, l_states = l_cell.unroll(length, inputs=inputs, begin_state=states[:nl],
                                            layout=layout, merge_outputs=merge_outputs,
                                            valid_length=valid_length)
        r_outputs, r_states = r_cell.unroll(length, inputs=reversed_inputs,
                                            begin_state=states[nl:], layout=layout,
                                            merge_outputs=False, valid_length=valid_length)
        reversed_r_outputs = _reverse_sequences(r_outputs, length, valid_length)
        if merge_outputs is None:
            merge_outputs = isinstance(l_outputs, NDArray)
            l_outputs, _, _, _ = _format_sequence(None, l_outputs, layout, merge_outputs)
            reversed_r_outputs, _, _, _ = _format_sequence(None, reversed_r_outputs, layout,
                                                           merge_outputs)
        if merge_outputs:
            reversed_r_outputs = F.stack(*reversed_r_outputs, axis=axis)
            outputs = F.concat(l_outputs, reversed_r_outputs, dim=2,
                               name="%sout" % self._output_prefix)
        else:
            outputs = [F.concat(l_o, r_o, dim=1, name="%st%d" % (self._output_prefix, i))
                       for i, (l_o, r_o) in enumerate(zip(l_outputs, reversed_r_outputs))]
        if valid_length is not None:
            outputs = _mask_sequence_variable_length(F, outputs, length, valid_length, axis,
                                                     merge_outputs)
        return outputs, l_states + r_states
