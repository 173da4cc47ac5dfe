"""Golden fixtures for mxjax.gluon.nn layers (run with ~/.mxref/bin/python).

Every case builds a layer, sets its parameters to fixed random values and
records outputs, input gradients, parameter gradients and the parameters after
the forward (running statistics); see gluon_harness.py.
"""
import os
import sys
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import save  # noqa: E402
from gluon_harness import run_cases  # noqa: E402
import mxnet.gluon.contrib.nn  # noqa: E402,F401  (gluon.contrib.nn in build expressions)

warnings.simplefilter("ignore")

SEQ = "(lambda s: (s.add({}), s)[1])(nn.{}())"

CASES = {
    # containers
    "hybrid_sequential": {"build": SEQ.format("nn.Dense(4, activation='tanh'), nn.Dense(2)",
                                              "HybridSequential"), "inputs": [(3, 5)]},
    "sequential": {"build": SEQ.format("nn.Dense(4), nn.Lambda('relu'), nn.Dense(2)",
                                       "Sequential"), "inputs": [(3, 5)]},
    # Dense
    "dense": {"build": "nn.Dense(4)", "inputs": [(2, 3)]},
    "dense_relu_nobias": {"build": "nn.Dense(3, activation='relu', use_bias=False, in_units=6)",
                          "inputs": [(2, 6)]},
    "dense_flatten": {"build": "nn.Dense(3)", "inputs": [(2, 3, 4)]},
    "dense_no_flatten": {"build": "nn.Dense(3, flatten=False)", "inputs": [(2, 3, 4)]},
    # Dropout outside training, Flatten, lambdas
    "dropout_predict": {"build": "nn.Dropout(0.5)", "inputs": [(3, 4)], "train": False},
    "dropout_zero": {"build": "nn.Dropout(0.0)", "inputs": [(3, 4)]},
    "flatten": {"build": "nn.Flatten()", "inputs": [(2, 3, 2)]},
    "hybrid_lambda_name": {"build": "nn.HybridLambda('tanh')", "inputs": [(2, 3)]},
    "hybrid_lambda_fn": {"build": "nn.HybridLambda(lambda F, x: F.LeakyReLU(x, slope=0.1))",
                         "inputs": [(2, 3)]},
    "lambda_name": {"build": "nn.Lambda('sigmoid')", "inputs": [(2, 3)]},
    # activations
    "act_relu": {"build": "nn.Activation('relu')", "inputs": [(2, 5)]},
    "act_sigmoid": {"build": "nn.Activation('sigmoid')", "inputs": [(2, 5)]},
    "act_tanh": {"build": "nn.Activation('tanh')", "inputs": [(2, 5)]},
    "act_softrelu": {"build": "nn.Activation('softrelu')", "inputs": [(2, 5)]},
    "act_softsign": {"build": "nn.Activation('softsign')", "inputs": [(2, 5)]},
    "leaky_relu": {"build": "nn.LeakyReLU(0.1)", "inputs": [(2, 5)]},
    "prelu": {"build": "nn.PReLU()", "inputs": [(2, 5)]},
    "prelu_channels": {"build": "nn.PReLU(in_channels=3)", "inputs": [(2, 3, 4)]},
    "elu": {"build": "nn.ELU()", "inputs": [(2, 5)]},
    "elu_alpha": {"build": "nn.ELU(0.5)", "inputs": [(2, 5)]},
    "selu": {"build": "nn.SELU()", "inputs": [(2, 5)]},
    "gelu": {"build": "nn.GELU()", "inputs": [(2, 5)]},
    "swish": {"build": "nn.Swish()", "inputs": [(2, 5)]},
    "swish_beta": {"build": "nn.Swish(2.0)", "inputs": [(2, 5)]},
    # normalization
    "batchnorm_train": {"build": "nn.BatchNorm()", "inputs": [(4, 3, 2, 2)],
                        "positive": ["running_var"]},
    "batchnorm_predict": {"build": "nn.BatchNorm()", "inputs": [(4, 3, 2, 2)], "train": False,
                          "positive": ["running_var"]},
    "batchnorm_last_axis": {"build": "nn.BatchNorm(axis=-1, momentum=0.5, center=False)",
                            "inputs": [(5, 3)], "positive": ["running_var"]},
    "batchnorm_no_scale": {"build": "nn.BatchNorm(scale=False, epsilon=1e-3, in_channels=3)",
                           "inputs": [(4, 3, 2)], "positive": ["running_var"]},
    "batchnorm_global_stats": {"build": "nn.BatchNorm(use_global_stats=True)",
                               "inputs": [(4, 3, 2)], "positive": ["running_var"]},
    "instancenorm": {"build": "nn.InstanceNorm()", "inputs": [(2, 3, 4)]},
    "instancenorm_scale": {"build": "nn.InstanceNorm(scale=True, epsilon=1e-3)",
                           "inputs": [(2, 3, 4, 2)]},
    "instancenorm_axis2": {"build": "nn.InstanceNorm(axis=2, scale=True)",
                           "inputs": [(2, 3, 4)]},
    "layernorm": {"build": "nn.LayerNorm()", "inputs": [(2, 3, 4)]},
    "layernorm_axis1": {"build": "nn.LayerNorm(axis=1, epsilon=1e-3)", "inputs": [(2, 3, 4)]},
    "groupnorm": {"build": "nn.GroupNorm(num_groups=2)", "inputs": [(2, 4, 3)]},
    "embedding": {"build": "nn.Embedding(5, 3)", "inputs": [(2, 4)], "int_inputs": {0: 5}},
    # convolution
    "conv1d": {"build": "nn.Conv1D(3, 3)", "inputs": [(2, 2, 7)]},
    "conv1d_options": {"build": "nn.Conv1D(4, 3, strides=2, padding=1, dilation=2, "
                                "activation='relu')", "inputs": [(2, 4, 9)]},
    "conv1d_groups": {"build": "nn.Conv1D(4, 3, groups=2)", "inputs": [(2, 4, 6)]},
    "conv2d": {"build": "nn.Conv2D(3, (2, 3), strides=(1, 2), padding=1)",
               "inputs": [(2, 2, 5, 6)]},
    "conv2d_groups": {"build": "nn.Conv2D(4, 3, groups=2, in_channels=4)",
                      "inputs": [(1, 4, 5, 5)]},
    "conv3d": {"build": "nn.Conv3D(2, 2)", "inputs": [(1, 2, 3, 4, 4)]},
    "conv1d_transpose": {"build": "nn.Conv1DTranspose(3, 3, strides=2, output_padding=1)",
                         "inputs": [(2, 2, 5)]},
    "conv2d_transpose": {"build": "nn.Conv2DTranspose(2, 3, strides=(2, 1), padding=(1, 0), "
                                  "output_padding=(1, 0))", "inputs": [(1, 3, 4, 4)]},
    "conv2d_transpose_groups": {"build": "nn.Conv2DTranspose(4, 3, groups=2, in_channels=2)",
                                "inputs": [(1, 2, 3, 3)]},
    "conv3d_transpose": {"build": "nn.Conv3DTranspose(2, 2)", "inputs": [(1, 2, 2, 3, 3)]},
    # pooling
    "maxpool1d": {"build": "nn.MaxPool1D()", "inputs": [(2, 3, 6)]},
    "maxpool2d": {"build": "nn.MaxPool2D((2, 3), strides=1, padding=1)",
                  "inputs": [(2, 2, 5, 6)]},
    "maxpool2d_ceil": {"build": "nn.MaxPool2D(3, strides=2, ceil_mode=True)",
                       "inputs": [(1, 2, 6, 6)]},
    "maxpool2d_nhwc": {"build": "nn.MaxPool2D(layout='NHWC')", "inputs": [(1, 4, 4, 2)]},
    "maxpool3d": {"build": "nn.MaxPool3D()", "inputs": [(1, 2, 4, 4, 4)]},
    "avgpool1d": {"build": "nn.AvgPool1D(3, strides=2, padding=1)", "inputs": [(2, 3, 7)]},
    "avgpool2d": {"build": "nn.AvgPool2D(3, strides=2, padding=1, count_include_pad=False)",
                  "inputs": [(2, 2, 6, 6)]},
    "avgpool2d_ceil": {"build": "nn.AvgPool2D(2, ceil_mode=True)", "inputs": [(1, 2, 5, 5)]},
    "avgpool3d": {"build": "nn.AvgPool3D()", "inputs": [(1, 2, 4, 4, 4)]},
    "global_max1d": {"build": "nn.GlobalMaxPool1D()", "inputs": [(2, 3, 5)]},
    "global_max2d": {"build": "nn.GlobalMaxPool2D()", "inputs": [(2, 3, 4, 5)]},
    "global_max3d": {"build": "nn.GlobalMaxPool3D()", "inputs": [(1, 2, 3, 4, 2)]},
    "global_avg1d": {"build": "nn.GlobalAvgPool1D()", "inputs": [(2, 3, 5)]},
    "global_avg2d": {"build": "nn.GlobalAvgPool2D()", "inputs": [(2, 3, 4, 5)]},
    "global_avg2d_nhwc": {"build": "nn.GlobalAvgPool2D(layout='NHWC')",
                          "inputs": [(2, 4, 5, 3)]},
    "global_avg3d": {"build": "nn.GlobalAvgPool3D()", "inputs": [(1, 2, 3, 4, 2)]},
    "reflection_pad2d": {"build": "nn.ReflectionPad2D(1)", "inputs": [(1, 2, 3, 4)]},
    "reflection_pad2d_tuple": {"build": "nn.ReflectionPad2D((0, 0, 0, 0, 1, 2, 2, 1))",
                               "inputs": [(1, 2, 4, 4)]},
    # gluon.contrib.nn
    "contrib_concurrent": {"build": "(lambda s: (s.add(nn.Dense(3), gluon.contrib.nn.Identity()"
                                    "), s)[1])(gluon.contrib.nn.Concurrent(axis=1))",
                           "inputs": [(2, 3)]},
    "contrib_hybrid_concurrent": {"build": "(lambda s: (s.add(nn.Dense(2), nn.Activation("
                                           "'tanh')), s)[1])(gluon.contrib.nn."
                                           "HybridConcurrent())",
                                  "inputs": [(2, 2)]},
    "contrib_identity": {"build": "gluon.contrib.nn.Identity()", "inputs": [(2, 3)]},
    "contrib_sync_batchnorm": {"build": "gluon.contrib.nn.SyncBatchNorm(num_devices=1)",
                               "inputs": [(4, 3, 2)], "positive": ["running_var"]},
    "contrib_pixel_shuffle1d": {"build": "gluon.contrib.nn.PixelShuffle1D(2)",
                                "inputs": [(1, 4, 3)]},
    "contrib_pixel_shuffle2d": {"build": "gluon.contrib.nn.PixelShuffle2D((2, 3))",
                                "inputs": [(1, 12, 2, 3)]},
    "contrib_pixel_shuffle3d": {"build": "gluon.contrib.nn.PixelShuffle3D(2)",
                                "inputs": [(1, 16, 2, 3, 1)]},
    # a small CNN
    "cnn": {"build": SEQ.format("nn.Conv2D(4, 3, padding=1, activation='relu'), nn.BatchNorm(), "
                                "nn.MaxPool2D(), nn.Flatten(), nn.Dense(3)", "HybridSequential"),
            "inputs": [(2, 3, 6, 6)], "positive": ["running_var"]},
}


def main():
    save("gluon_nn", run_cases(CASES))


if __name__ == "__main__":
    main()
