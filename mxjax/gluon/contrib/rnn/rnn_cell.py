"""Recurrent cells of ``gluon.contrib.rnn``: ``VariationalDropoutCell``, ``LSTMPCell``
and ``dynamic_unroll``."""
from ....ndarray.ndarray import NDArray
from ..._common import check
from ..._trace import in_functional_trace
from ...rnn.rnn_cell import (BidirectionalCell, HybridRecurrentCell, ModifierCell,
                             SequentialRNNCell, _as_list, _cell_input_size, _format_sequence,
                             _get_begin_state, _mask_sequence_variable_length)

__all__ = ["VariationalDropoutCell", "LSTMPCell"]


class VariationalDropoutCell(ModifierCell):
    """Variational dropout (arXiv:1512.05287) around a cell: one dropout mask per
    sequence for the inputs, the first state and the outputs (three separate masks).

    The masks are drawn at the first step and kept until :meth:`reset` (``unroll``
    resets). A hybridized cell draws them inside each compiled call, as MXNet's
    cached graph does.

    Parameters
    ----------
    base_cell : RecurrentCell
    drop_inputs, drop_states, drop_outputs : float, default 0.
        Dropout rates (0: no dropout there).
    """

    def __init__(self, base_cell, drop_inputs=0., drop_states=0., drop_outputs=0.):
        check(not drop_states or not isinstance(base_cell, BidirectionalCell),
              "BidirectionalCell doesn't support variational state dropout. "
              "Please add VariationalDropoutCell to the cells underneath instead.")
        check(not drop_states or not isinstance(base_cell, SequentialRNNCell)
              or not getattr(base_cell, "_bidirectional", False),
              "Bidirectional SequentialRNNCell doesn't support variational state dropout. "
              "Please add VariationalDropoutCell to the cells underneath instead.")
        super().__init__(base_cell)
        self.drop_inputs = drop_inputs
        self.drop_states = drop_states
        self.drop_outputs = drop_outputs
        self.drop_inputs_mask = None
        self.drop_states_mask = None
        self.drop_outputs_mask = None

    def _alias(self):
        return "vardrop"

    def reset(self):
        super().reset()
        self.drop_inputs_mask = None
        self.drop_states_mask = None
        self.drop_outputs_mask = None

    def _mask(self, F, name, rate, like):
        mask = getattr(self, name)
        if mask is None:
            mask = F.Dropout(F.ones_like(like), p=rate)
            if not in_functional_trace():  # a compiled call keeps no Python state
                setattr(self, name, mask)
        return mask

    def hybrid_forward(self, F, inputs, states):
        if self.drop_states:
            states = list(states)
            # only h, always the first state
            states[0] = states[0] * self._mask(F, "drop_states_mask", self.drop_states,
                                               states[0])
        if self.drop_inputs:
            inputs = inputs * self._mask(F, "drop_inputs_mask", self.drop_inputs, inputs)
        next_output, next_states = self.base_cell(inputs, states)
        if self.drop_outputs:
            next_output = next_output * self._mask(F, "drop_outputs_mask", self.drop_outputs,
                                                   next_output)
        return next_output, next_states

    def __repr__(self):
        return "{name}(p_out = {po}, p_state = {ps})".format(
            name=type(self).__name__, po=self.drop_outputs, ps=self.drop_states)

    def unroll(self, length, inputs, begin_state=None, layout="NTC", merge_outputs=None,
               valid_length=None):
        """Unroll as :meth:`RecurrentCell.unroll`; without state dropout the input and
        output dropout run once over the whole sequence (one mask along the time axis)."""
        if self.drop_states:
            return super().unroll(length, inputs, begin_state, layout, merge_outputs,
                                  valid_length=valid_length)
        self.reset()
        inputs, axis, F, batch_size = _format_sequence(length, inputs, layout, True)
        states = _get_begin_state(self, F, begin_state, inputs, batch_size)
        if self.drop_inputs:
            inputs = F.Dropout(inputs, p=self.drop_inputs, axes=(axis,))
        outputs, states = self.base_cell.unroll(length, inputs, states, layout,
                                                merge_outputs=True, valid_length=valid_length)
        if self.drop_outputs:
            outputs = F.Dropout(outputs, p=self.drop_outputs, axes=(axis,))
        if merge_outputs is None:
            merge_outputs = isinstance(outputs, NDArray) or _is_symbol(outputs)
        outputs, _, _, _ = _format_sequence(length, outputs, layout, merge_outputs)
        if valid_length is not None:
            outputs = _mask_sequence_variable_length(F, outputs, length, valid_length, axis,
                                                     merge_outputs)
        return outputs, states


def _is_symbol(x):
    from ....symbol import Symbol
    return isinstance(x, Symbol)


class LSTMPCell(HybridRecurrentCell):
    """LSTM cell with a projected recurrent state (LSTMP, arXiv:1402.1128).

    The gates are those of :class:`gluon.rnn.LSTMCell` computed from the input and
    the previous projected state ``r``; the output and new recurrent state is
    ``r_t = W_hr h_t``.

    Parameters
    ----------
    hidden_size : int
        Units of the cell state.
    projection_size : int
        Units of the output (the projected state).
    i2h_weight_initializer, h2h_weight_initializer, h2r_weight_initializer : str or Initializer
    i2h_bias_initializer, h2h_bias_initializer : str or Initializer, default 'zeros'
    input_size : int, default 0
        0: inferred from the first input.
    prefix, params
        See :class:`Block`.

    Inputs: ``data`` ``(batch, input_size)``, ``states`` ``[(batch, projection_size),
    (batch, hidden_size)]``. Outputs: ``(batch, projection_size)`` and the new states.
    """

    def __init__(self, hidden_size, projection_size, i2h_weight_initializer=None,
                 h2h_weight_initializer=None, h2r_weight_initializer=None,
                 i2h_bias_initializer="zeros", h2h_bias_initializer="zeros", input_size=0,
                 prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)
        self._hidden_size = hidden_size
        self._input_size = input_size
        self._projection_size = projection_size
        rows = 4 * hidden_size
        get = self.params.get
        self.i2h_weight = get("i2h_weight", shape=(rows, input_size),
                              init=i2h_weight_initializer, allow_deferred_init=True)
        self.h2h_weight = get("h2h_weight", shape=(rows, projection_size),
                              init=h2h_weight_initializer, allow_deferred_init=True)
        self.h2r_weight = get("h2r_weight", shape=(projection_size, hidden_size),
                              init=h2r_weight_initializer, allow_deferred_init=True)
        self.i2h_bias = get("i2h_bias", shape=(rows,), init=i2h_bias_initializer,
                            allow_deferred_init=True)
        self.h2h_bias = get("h2h_bias", shape=(rows,), init=h2h_bias_initializer,
                            allow_deferred_init=True)

    def state_info(self, batch_size=0):
        return [{"shape": (batch_size, self._projection_size), "__layout__": "NC"},
                {"shape": (batch_size, self._hidden_size), "__layout__": "NC"}]

    def _alias(self):
        return "lstmp"

    def infer_shape(self, inputs, *args):
        """Take ``input_size`` from the step input."""
        self.i2h_weight.shape = (4 * self._hidden_size, _cell_input_size(inputs))

    def __repr__(self):
        shape = self.i2h_weight.shape
        return "%s(%s -> %s -> %s)" % (type(self).__name__, shape[1] if shape[1] else None,
                                       shape[0], self.h2r_weight.shape[0])

    def hybrid_forward(self, F, inputs, states, i2h_weight, h2h_weight, h2r_weight,
                       i2h_bias, h2h_bias):
        prefix = "t%d_" % self._counter
        rows = 4 * self._hidden_size
        i2h = F.FullyConnected(data=inputs, weight=i2h_weight, bias=i2h_bias,
                               num_hidden=rows, name=prefix + "i2h")
        h2h = F.FullyConnected(data=states[0], weight=h2h_weight, bias=h2h_bias,
                               num_hidden=rows, name=prefix + "h2h")
        gates = F.SliceChannel(i2h + h2h, num_outputs=4, name=prefix + "slice")
        in_gate = F.Activation(gates[0], act_type="sigmoid", name=prefix + "i")
        forget_gate = F.Activation(gates[1], act_type="sigmoid", name=prefix + "f")
        in_transform = F.Activation(gates[2], act_type="tanh", name=prefix + "c")
        out_gate = F.Activation(gates[3], act_type="sigmoid", name=prefix + "o")
        next_c = F.elemwise_add(forget_gate * states[1], in_gate * in_transform,
                                name=prefix + "state")
        hidden = F.elemwise_mul(out_gate, F.Activation(next_c, act_type="tanh"),
                                name=prefix + "hidden")
        next_r = F.FullyConnected(data=hidden, num_hidden=self._projection_size,
                                  weight=h2r_weight, no_bias=True, name=prefix + "out")
        return next_r, [next_r, next_c]


def dynamic_unroll(cell, inputs, begin_state, drop_inputs=0, drop_outputs=0, layout="TNC",
                   valid_length=None):
    """Run ``cell`` over the time axis of ``inputs`` with ``contrib.foreach``.

    Parameters
    ----------
    cell : RecurrentCell
    inputs : NDArray
        ``(length, batch, ...)`` for layout 'TNC', ``(batch, length, ...)`` for 'NTC'.
    begin_state : list of NDArray
    drop_inputs, drop_outputs : float, default 0
        Dropout on the inputs/outputs, one mask along the time axis.
    layout : str, default 'TNC'
    valid_length : NDArray, optional
        ``(batch,)`` sequence lengths: states stop at them, outputs past them are 0.

    Returns
    -------
    outputs : NDArray
        In ``layout``.
    states : list of NDArray
        The states after each sequence's last valid step.
    """
    inputs, axis, F, _ = _format_sequence(0, inputs, layout, True)
    axes = None
    if axis != 0:
        axes = list(range(len(layout)))
        axes[0], axes[axis] = axes[axis], axes[0]
        inputs = F.transpose(inputs, axes=axes)
    states = begin_state
    if drop_inputs:
        inputs = F.Dropout(inputs, p=drop_inputs, axes=(axis,))
    if valid_length is None:
        def loop_body(step, states):
            return cell(step, states)
    else:
        states = list(_as_list(states)) + [F.zeros((1,), ctx=inputs.context,
                                                   dtype=inputs.dtype)]

        def loop_body(step, states):
            cell_states, iter_no = states[:-1], states[-1]
            out, new_states = cell(step, cell_states)
            alive = F.broadcast_greater(valid_length, iter_no)
            new_states = [F.where(alive, new, old) for new, old in zip(new_states, cell_states)]
            return out, new_states + [iter_no + 1]
    outputs, states = F.contrib.foreach(loop_body, inputs, states)
    if drop_outputs:
        outputs = F.Dropout(outputs, p=drop_outputs, axes=(axis,))
    if axes is not None:
        outputs = F.transpose(outputs, axes=axes)
    if valid_length is None:
        return outputs, states
    outputs = F.SequenceMask(outputs, sequence_length=valid_length, use_sequence_length=True,
                             axis=axis)
    return outputs, states[:-1]
