"""Golden fixtures for mxjax.gluon.rnn (run with ~/.mxref/bin/python): cells stepped and
unrolled, modifier/bidirectional/sequential cells, fused RNN/LSTM/GRU layers."""
import os
import sys
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import save  # noqa: E402
from gluon_harness import run_cases  # noqa: E402

warnings.simplefilter("ignore")

UNROLL = "block.unroll(3, inputs[0], layout='{}', merge_outputs={})"
STACK = "(lambda s: ([s.add(c) for c in [{}]], s)[1])(rnn.{}())"

CASES = {
    # one step
    "rnn_cell_step": {"build": "rnn.RNNCell(4)", "inputs": [(2, 3), [(2, 4)]]},
    "rnn_cell_relu_step": {"build": "rnn.RNNCell(4, activation='relu', input_size=3)",
                           "inputs": [(2, 3), [(2, 4)]]},
    "lstm_cell_step": {"build": "rnn.LSTMCell(4)", "inputs": [(2, 3), [(2, 4), (2, 4)]]},
    "gru_cell_step": {"build": "rnn.GRUCell(4)", "inputs": [(2, 3), [(2, 4)]]},
    # unroll
    "lstm_cell_unroll_ntc": {"build": "rnn.LSTMCell(3)", "inputs": [(2, 3, 5)],
                             "call": UNROLL.format("NTC", True)},
    "gru_cell_unroll_tnc_list": {"build": "rnn.GRUCell(3)", "inputs": [(3, 2, 5)],
                                 "call": UNROLL.format("TNC", False)},
    "rnn_cell_unroll_states": {"build": "rnn.RNNCell(3)", "inputs": [(2, 3, 5), [(2, 3)]],
                               "call": "block.unroll(3, inputs[0], begin_state=inputs[1], "
                                       "layout='NTC', merge_outputs=True)"},
    "rnn_cell_unroll_list_input": {"build": "rnn.RNNCell(3)",
                                   "inputs": [[(2, 5), (2, 5), (2, 5)]],
                                   "call": "block.unroll(3, inputs[0], merge_outputs=None)"},
    "lstm_cell_valid_length": {"build": "rnn.LSTMCell(3)", "inputs": [(3, 4, 2)],
                               "call": "block.unroll(4, inputs[0], merge_outputs=True, "
                                       "valid_length=mx.nd.array([4, 2, 1]))"},
    "sequential_cells": {"build": STACK.format("rnn.LSTMCell(4), rnn.DropoutCell(0.0), "
                                               "rnn.GRUCell(3)", "SequentialRNNCell"),
                         "inputs": [(2, 3, 5)], "call": UNROLL.format("NTC", True)},
    "hybrid_sequential_cells": {"build": STACK.format("rnn.RNNCell(4), rnn.LSTMCell(3)",
                                                      "HybridSequentialRNNCell"),
                                "inputs": [(2, 5), [(2, 4), (2, 3), (2, 3)]]},
    "residual_cell": {"build": "rnn.ResidualCell(rnn.GRUCell(5))", "inputs": [(2, 3, 5)],
                      "call": UNROLL.format("NTC", True)},
    "residual_cell_step": {"build": "rnn.ResidualCell(rnn.RNNCell(3))",
                           "inputs": [(2, 3), [(2, 3)]]},
    "bidirectional_merge": {"build": "rnn.BidirectionalCell(rnn.LSTMCell(3), rnn.GRUCell(3))",
                            "inputs": [(2, 3, 4)], "call": UNROLL.format("NTC", True)},
    "bidirectional_list_tnc": {"build": "rnn.BidirectionalCell(rnn.RNNCell(2), "
                                        "rnn.RNNCell(2))",
                               "inputs": [(3, 2, 4)], "call": UNROLL.format("TNC", False)},
    "dropout_cell_predict": {"build": "rnn.DropoutCell(0.5)", "inputs": [(2, 3, 4)],
                             "call": UNROLL.format("NTC", True), "train": False},
    "zoneout_cell_predict": {"build": "rnn.ZoneoutCell(rnn.RNNCell(3), 0.5, 0.5)",
                             "inputs": [(2, 3, 4)], "call": UNROLL.format("NTC", True),
                             "train": False},
    # fused layers
    "rnn_relu_layer": {"build": "rnn.RNN(4)", "inputs": [(3, 2, 5)]},
    "rnn_tanh_layer_2_bi_ntc": {"build": "rnn.RNN(3, num_layers=2, activation='tanh', "
                                          "layout='NTC', bidirectional=True)",
                                "inputs": [(2, 3, 5)]},
    "lstm_layer_states": {"build": "rnn.LSTM(3, num_layers=2)",
                          "inputs": [(3, 2, 5), [(2, 2, 3), (2, 2, 3)]]},
    "lstm_layer_bi": {"build": "rnn.LSTM(3, bidirectional=True, input_size=4)",
                      "inputs": [(3, 2, 4)]},
    "gru_layer_bi_states": {"build": "rnn.GRU(3, bidirectional=True)",
                            "inputs": [(4, 2, 3), [(2, 2, 3)]]},
    "gru_layer_2_ntc": {"build": "rnn.GRU(4, num_layers=2, layout='NTC')",
                        "inputs": [(2, 3, 5)]},
    "lstm_projection": {"build": "rnn.LSTM(4, projection_size=2)",
                        "inputs": [(3, 2, 5), [(1, 2, 2), (1, 2, 4)]],
                        # MXNet 1.9.1 has no LSTM-projection backward on CPU
                        "train": False, "backward": False},
}


def main():
    save("gluon_rnn", run_cases(CASES))


if __name__ == "__main__":
    main()
