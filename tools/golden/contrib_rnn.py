"""Golden fixtures for mxjax.gluon.contrib.rnn (run with ~/.mxref/bin/python): the
convolutional RNN/LSTM/GRU cells (1D/2D/3D, both layouts, padding/dilation, deferred
input channels), LSTMPCell, VariationalDropoutCell in prediction mode and
rnn_cell.dynamic_unroll; parameters, outputs, input and parameter gradients."""
import os
import sys
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import save  # noqa: E402
from gluon_harness import run_cases  # noqa: E402

warnings.simplefilter("ignore")
# MXNet 1.9.1's MKL-DNN convolution fails on some of these shapes (descriptor errors);
# its reference CPU kernels run them all
os.environ["MXNET_MKLDNN_ENABLED"] = "0"
os.environ["MXNET_STORAGE_FALLBACK_LOG_VERBOSE"] = "0"

UNROLL = "block.unroll(3, inputs[0], layout='{}', merge_outputs={})"
DYN = ("contrib.rnn.rnn_cell.dynamic_unroll(block, inputs[0], inputs[1], layout='{}'{})")

CASES = {
    "conv1d_rnn_step": {"build": "contrib.rnn.Conv1DRNNCell((3, 7), 4, 3, 3)",
                        "inputs": [(2, 3, 7), [(2, 4, 5)]]},
    "conv1d_rnn_relu_unroll": {
        "build": "contrib.rnn.Conv1DRNNCell((3, 7), 4, 3, 5, i2h_pad=1, h2h_dilate=2, "
                 "activation='relu')",
        "inputs": [(3, 2, 3, 7)], "call": UNROLL.format("TNC", False)},
    "conv1d_lstm_deferred_unroll": {"build": "contrib.rnn.Conv1DLSTMCell((0, 7), 3, 3, 3)",
                                    "inputs": [(2, 3, 4, 7)],
                                    "call": UNROLL.format("NTC", True)},
    "conv1d_gru_unroll": {"build": "contrib.rnn.Conv1DGRUCell((2, 6), 3, 3, 1, i2h_dilate=2)",
                          "inputs": [(2, 3, 2, 6)], "call": UNROLL.format("NTC", True)},
    "conv2d_rnn_step": {"build": "contrib.rnn.Conv2DRNNCell((2, 5, 6), 3, (3, 1), 3, "
                                 "i2h_pad=(1, 0))",
                        "inputs": [(2, 2, 5, 6), [(2, 3, 5, 6)]]},
    "conv2d_lstm_unroll": {"build": "contrib.rnn.Conv2DLSTMCell((2, 5, 6), 3, 3, 3, "
                                    "i2h_pad=1)",
                           "inputs": [(2, 3, 2, 5, 6)], "call": UNROLL.format("NTC", True)},
    "conv2d_gru_unroll": {"build": "contrib.rnn.Conv2DGRUCell((2, 4, 5), 3, 3, (3, 1), "
                                   "h2h_dilate=(2, 1))",
                          "inputs": [(3, 2, 2, 4, 5)], "call": UNROLL.format("TNC", True)},
    "conv3d_rnn_step": {"build": "contrib.rnn.Conv3DRNNCell((2, 3, 4, 4), 2, 2, 3)",
                        "inputs": [(2, 2, 3, 4, 4), [(2, 2, 2, 3, 3)]]},
    "conv3d_lstm_step": {"build": "contrib.rnn.Conv3DLSTMCell((2, 3, 3, 4), 2, 3, 1, "
                                  "i2h_pad=1)",
                         "inputs": [(2, 2, 3, 3, 4), [(2, 2, 3, 3, 4), (2, 2, 3, 3, 4)]]},
    "conv3d_gru_unroll": {"build": "contrib.rnn.Conv3DGRUCell((2, 3, 3, 3), 2, 3, 3, "
                                   "i2h_pad=1)",
                          "inputs": [(2, 3, 2, 3, 3, 3)], "call": UNROLL.format("NTC", True)},
    "lstmp_unroll": {"build": "contrib.rnn.LSTMPCell(5, 3)", "inputs": [(2, 3, 4)],
                     "call": UNROLL.format("NTC", True)},
    "lstmp_step": {"build": "contrib.rnn.LSTMPCell(4, 2, input_size=3)",
                   "inputs": [(2, 3), [(2, 2), (2, 4)]]},
    "vardrop_predict": {"build": "contrib.rnn.VariationalDropoutCell(rnn.GRUCell(3), "
                                 "0.5, 0.5, 0.5)",
                        "inputs": [(2, 3, 4)], "call": UNROLL.format("NTC", True),
                        "train": False},
    "vardrop_predict_no_state_drop": {
        "build": "contrib.rnn.VariationalDropoutCell(rnn.LSTMCell(3), 0.5, 0, 0.5)",
        "inputs": [(3, 2, 4)], "call": UNROLL.format("TNC", True), "train": False},
    "dynamic_unroll_tnc": {"build": "rnn.LSTMCell(3)",
                           "inputs": [(4, 2, 5), [(2, 3), (2, 3)]],
                           "call": DYN.format("TNC", "")},
    "dynamic_unroll_ntc_valid_length": {
        "build": "rnn.GRUCell(3)", "inputs": [(2, 4, 5), [(2, 3)]],
        "call": DYN.format("NTC", ", valid_length=mx.nd.array([3, 1])")},
}


def main():
    from mxnet.gluon import contrib
    save("contrib_rnn", run_cases(CASES, env={"contrib": contrib}))


if __name__ == "__main__":
    main()
