"""Golden values for the neural-network operators of mx.nd (issue 3), from MXNet 1.9.1.

Run: ~/.mxref/bin/python tools/golden/nn.py
Writes tests/golden/nn.npz; tests/ndarray/test_ops_nn.py replays every case.
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import save  # noqa: E402
from opcase import op_case, randn, rand  # noqa: E402

C = {}

# -- FullyConnected ---------------------------------------------------------
x = randn(2, 3, 2, seed=1)
w = randn(4, 6, seed=2)
b = randn(4, seed=3)
C["FullyConnected_flatten"] = op_case("FullyConnected", {"data": x, "weight": w, "bias": b},
                                      {"num_hidden": 4})
C["FullyConnected_no_bias"] = op_case("FullyConnected", {"data": x, "weight": w},
                                      {"num_hidden": 4, "no_bias": True})
w2 = randn(5, 2, seed=4)
b2 = randn(5, seed=5)
C["FullyConnected_noflatten"] = op_case("FullyConnected", {"data": x, "weight": w2, "bias": b2},
                                        {"num_hidden": 5, "flatten": False})
C["FullyConnected_f64"] = op_case("FullyConnected",
                                  {"data": x.astype("float64"), "weight": w.astype("float64"),
                                   "bias": b.astype("float64")}, {"num_hidden": 4})

# -- Activation -------------------------------------------------------------
xa = randn(3, 4, seed=6) * 2
for act in ("relu", "sigmoid", "tanh", "softrelu", "softsign"):
    C["Activation_" + act] = op_case("Activation", {"data": xa}, {"act_type": act})
C["Activation_tanh_f64"] = op_case("Activation", {"data": xa.astype("float64")},
                                   {"act_type": "tanh"})

# -- LeakyReLU --------------------------------------------------------------
xl = randn(2, 3, 4, seed=7)
C["LeakyReLU_default"] = op_case("LeakyReLU", {"data": xl})
C["LeakyReLU_leaky"] = op_case("LeakyReLU", {"data": xl}, {"act_type": "leaky", "slope": 0.1})
C["LeakyReLU_elu"] = op_case("LeakyReLU", {"data": xl}, {"act_type": "elu", "slope": 0.7})
C["LeakyReLU_selu"] = op_case("LeakyReLU", {"data": xl}, {"act_type": "selu"})
C["LeakyReLU_gelu"] = op_case("LeakyReLU", {"data": xl}, {"act_type": "gelu"})
C["LeakyReLU_prelu"] = op_case("LeakyReLU", {"data": xl, "gamma": rand(3, seed=8)},
                               {"act_type": "prelu"})
C["LeakyReLU_prelu_scalar"] = op_case("LeakyReLU", {"data": xl, "gamma": rand(1, seed=9)},
                                      {"act_type": "prelu"})
C["LeakyReLU_prelu_nc"] = op_case("LeakyReLU", {"data": xl, "gamma": rand(2, 3, seed=10)},
                                  {"act_type": "prelu"})
# rrelu outside training: the mean slope (MXNet's backward there reads an unset mask,
# so only the forward is compared)
C["LeakyReLU_rrelu_predict"] = op_case("LeakyReLU", {"data": xl},
                                       {"act_type": "rrelu", "lower_bound": 0.2,
                                        "upper_bound": 0.4}, record=False,
                                       skip_out=[1])

# -- softmax family ---------------------------------------------------------
xs = randn(2, 3, 4, seed=11)
C["softmax_default"] = op_case("softmax", {"data": xs})
C["softmax_axis0_temp"] = op_case("softmax", {"data": xs}, {"axis": 0, "temperature": 2.5})
C["softmax_axis1"] = op_case("softmax", {"data": xs}, {"axis": 1})
C["softmax_f64_dtype"] = op_case("softmax", {"data": xs}, {"dtype": "float64"})
C["softmax_f64_in"] = op_case("softmax", {"data": xs.astype("float64")}, {"axis": 1})
ln = np.array([[1, 3, 0], [2, 4, 1]], dtype="int32")
C["softmax_length"] = op_case("softmax", {"data": xs, "length": ln}, {"use_length": True},
                              diff=["data"])
C["softmax_length_axis1"] = op_case("softmax", {"data": xs,
                                                "length": np.array([[1, 3, 0, 2], [2, 0, 3, 1]],
                                                                   dtype="int64")},
                                    {"use_length": True, "axis": 1, "temperature": 0.5},
                                    diff=["data"])
C["log_softmax_default"] = op_case("log_softmax", {"data": xs})
C["log_softmax_axis0"] = op_case("log_softmax", {"data": xs}, {"axis": 0, "temperature": 3.0})
C["log_softmax_dtype"] = op_case("log_softmax", {"data": xs}, {"dtype": "float64"})
C["softmin_default"] = op_case("softmin", {"data": xs})
C["softmin_axis1_temp"] = op_case("softmin", {"data": xs}, {"axis": 1, "temperature": 0.7})
C["SoftmaxActivation_instance"] = op_case("SoftmaxActivation", {"data": randn(2, 3, 2, 2,
                                                                             seed=12)})
C["SoftmaxActivation_channel"] = op_case("SoftmaxActivation", {"data": randn(2, 3, 2, 2,
                                                                            seed=12)},
                                         {"mode": "channel"})
C["SoftmaxActivation_2d"] = op_case("SoftmaxActivation", {"data": randn(3, 4, seed=13)})

# -- SoftmaxOutput ----------------------------------------------------------
xo = randn(4, 5, seed=14)
lo = np.array([1, 4, 0, 2], dtype="float32")
C["SoftmaxOutput_default"] = op_case("SoftmaxOutput", {"data": xo, "label": lo})
C["Softmax_alias"] = op_case("Softmax", {"data": xo, "label": lo}, {"grad_scale": 0.5})
C["SoftmaxOutput_batch"] = op_case("SoftmaxOutput", {"data": xo, "label": lo},
                                   {"normalization": "batch", "grad_scale": 3.0})
C["SoftmaxOutput_ignore_valid"] = op_case("SoftmaxOutput", {"data": xo, "label": lo},
                                          {"use_ignore": True, "ignore_label": 4,
                                           "normalization": "valid"})
C["SoftmaxOutput_noignore_valid"] = op_case("SoftmaxOutput", {"data": xo, "label": lo},
                                            {"ignore_label": 4, "normalization": "valid"})
C["SoftmaxOutput_ignore_null"] = op_case("SoftmaxOutput", {"data": xo, "label": lo},
                                         {"use_ignore": True, "ignore_label": 0})
C["SoftmaxOutput_smooth"] = op_case("SoftmaxOutput", {"data": xo, "label": lo},
                                    {"smooth_alpha": 0.2})
C["SoftmaxOutput_smooth_ignore"] = op_case("SoftmaxOutput", {"data": xo, "label": lo},
                                           {"smooth_alpha": 0.1, "use_ignore": True,
                                            "ignore_label": 1, "normalization": "valid"})
C["SoftmaxOutput_out_grad"] = op_case("SoftmaxOutput", {"data": xo, "label": lo},
                                      {"out_grad": True})
xm = randn(2, 3, 4, seed=15)
lm = np.array([[1, 2, 0, 2], [2, 2, 1, 0]], dtype="float32")
C["SoftmaxOutput_multi"] = op_case("SoftmaxOutput", {"data": xm, "label": lm},
                                   {"multi_output": True})
C["SoftmaxOutput_multi_batch"] = op_case("SoftmaxOutput", {"data": xm, "label": lm},
                                         {"multi_output": True, "normalization": "batch"})
C["SoftmaxOutput_multi_valid"] = op_case("SoftmaxOutput", {"data": xm, "label": lm},
                                         {"multi_output": True, "normalization": "valid",
                                          "use_ignore": True, "ignore_label": 2})
lp = np.array([[1, 3, 0], [2, 2, 1]], dtype="float32")
C["SoftmaxOutput_preserve"] = op_case("SoftmaxOutput", {"data": xm, "label": lp},
                                      {"preserve_shape": True})
C["SoftmaxOutput_preserve_batch"] = op_case("SoftmaxOutput", {"data": xm, "label": lp},
                                            {"preserve_shape": True, "normalization": "batch"})
C["SoftmaxOutput_3d_default"] = op_case("SoftmaxOutput", {"data": xm, "label": lp})

# -- regression outputs, SVM ------------------------------------------------
xr = randn(3, 4, seed=16)
lr = rand(3, 4, seed=17)
for op in ("LinearRegressionOutput", "LogisticRegressionOutput", "MAERegressionOutput"):
    C[op] = op_case(op, {"data": xr, "label": lr})
    C[op + "_scale"] = op_case(op, {"data": xr, "label": lr}, {"grad_scale": 2.5})
C["LinearRegressionOutput_1d_label"] = op_case("LinearRegressionOutput",
                                               {"data": randn(3, 1, seed=18),
                                                "label": rand(3, seed=19)})
C["LogisticRegressionOutput_3d"] = op_case("LogisticRegressionOutput",
                                           {"data": randn(2, 3, 2, seed=20),
                                            "label": rand(2, 6, seed=21)})
xv = randn(3, 4, seed=22)
lv = np.array([0, 3, 1], dtype="float32")
C["SVMOutput_default"] = op_case("SVMOutput", {"data": xv, "label": lv})
C["SVMOutput_linear"] = op_case("SVMOutput", {"data": xv, "label": lv}, {"use_linear": True})
C["SVMOutput_margin"] = op_case("SVMOutput", {"data": xv, "label": lv},
                                {"margin": 0.5, "regularization_coefficient": 2.0})
C["SVMOutput_linear_margin"] = op_case("SVMOutput", {"data": xv, "label": lv},
                                       {"margin": 0.3, "regularization_coefficient": 0.5,
                                        "use_linear": True})

# -- MakeLoss, BlockGrad ----------------------------------------------------
xk = randn(3, 4, seed=23)
C["MakeLoss_default"] = op_case("MakeLoss", {"data": xk})
C["MakeLoss_scale_batch"] = op_case("MakeLoss", {"data": xk},
                                    {"grad_scale": 0.5, "normalization": "batch"})
C["MakeLoss_valid"] = op_case("MakeLoss", {"data": xk},
                              {"grad_scale": 2.0, "normalization": "valid",
                               "valid_thresh": 0.2})
C["make_loss"] = op_case("make_loss", {"data": xk})
C["BlockGrad"] = op_case("BlockGrad", {"data": xk})
C["stop_gradient"] = op_case("stop_gradient", {"data": xk})

# -- Embedding --------------------------------------------------------------
ids = np.array([[0, 2, 1], [2, 2, 3]], dtype="float32")
we = randn(5, 3, seed=24)
C["Embedding"] = op_case("Embedding", {"data": ids, "weight": we},
                         {"input_dim": 5, "output_dim": 3}, diff=["weight"])
C["Embedding_sparse_grad"] = op_case("Embedding", {"data": ids, "weight": we},
                                     {"input_dim": 5, "output_dim": 3, "sparse_grad": True},
                                     record=False)
C["Embedding_clip"] = op_case("Embedding", {"data": np.array([-1, 7, 1.7, 4], dtype="float32"),
                                            "weight": we},
                              {"input_dim": 5, "output_dim": 3}, diff=["weight"])
C["Embedding_int_ids_f64"] = op_case("Embedding",
                                     {"data": np.array([[4, 0], [1, 1]], dtype="int32"),
                                      "weight": we.astype("float64")},
                                     {"input_dim": 5, "output_dim": 3, "dtype": "float64"},
                                     diff=["weight"])

# -- Dropout outside training is the identity --------------------------------
C["Dropout_predict"] = op_case("Dropout", {"data": xk}, {"p": 0.5}, train=False)

# -- softmax_cross_entropy --------------------------------------------------
C["softmax_cross_entropy"] = op_case("softmax_cross_entropy",
                                     {"data": xv, "label": lv}, diff=["data"])

save("nn", C)
