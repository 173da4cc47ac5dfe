"""Loss cases shared by tools/golden/gluon_train_loss.py (MXNet) and
tests/gluon/test_loss.py (mxjax): name -> (class, constructor kwargs, inputs, which
inputs get gradients). Inputs are NumPy arrays (None for an absent optional input)."""
import numpy as np

_r = np.random.RandomState(7)


def _n(*shape):
    return _r.normal(0, 1, shape).astype("float32")


def _u(lo, hi, *shape):
    return _r.uniform(lo, hi, shape).astype("float32")


def _sign(*shape):
    return np.where(_r.uniform(size=shape) > 0.5, 1.0, -1.0).astype("float32")


P = _n(4, 5)
L = _n(4, 5)
SW = _u(0.5, 1.5, 4, 1)
CLS = np.array([0, 3, 4, 1], dtype="float32")
PROB = _u(0.05, 0.95, 4, 5)
BIN = (_r.uniform(size=(4, 5)) > 0.5).astype("float32")
DIST = np.exp(_n(4, 5))
DIST = (DIST / DIST.sum(axis=1, keepdims=True)).astype("float32")

CASES = {
    "l2": ("L2Loss", {}, [P, L], [0]),
    "l2_weight_sw": ("L2Loss", {"weight": 3.0}, [P, L, SW], [0]),
    "l2_batch_axis1": ("L2Loss", {"batch_axis": 1}, [P, L], [0]),
    "l2_label_reshape": ("L2Loss", {}, [_n(4, 1), _n(4)], [0]),
    "l1": ("L1Loss", {}, [P, L], [0]),
    "l1_weight_sw": ("L1Loss", {"weight": 0.5}, [P, L, SW], [0]),
    "sigmoid_bce": ("SigmoidBinaryCrossEntropyLoss", {}, [P * 3, BIN], [0]),
    "sigmoid_bce_pos_weight": ("SigmoidBinaryCrossEntropyLoss", {}, [P * 3, BIN, None,
                                                                   _u(0.5, 2.0, 1, 5)], [0]),
    "sigmoid_bce_from_sigmoid": ("SigmoidBCELoss", {"from_sigmoid": True}, [PROB, BIN], [0]),
    "sigmoid_bce_from_sigmoid_pw": ("SigmoidBCELoss", {"from_sigmoid": True, "weight": 2.0},
                                    [PROB, BIN, SW, _u(0.5, 2.0, 1, 5)], [0]),
    "softmax_ce": ("SoftmaxCrossEntropyLoss", {}, [P, CLS], [0]),
    "softmax_ce_sw": ("SoftmaxCELoss", {"weight": 0.7}, [P, CLS, SW], [0]),
    "softmax_ce_dense": ("SoftmaxCELoss", {"sparse_label": False}, [P, DIST], [0, 1]),
    "softmax_ce_logits": ("SoftmaxCELoss", {"from_logits": True}, [-np.abs(P), CLS], [0]),
    "softmax_ce_axis1": ("SoftmaxCELoss", {"axis": 1},
                         [_n(2, 3, 4), np.array([[0, 2, 1, 1], [2, 0, 0, 1]], "float32")], [0]),
    "kl_div": ("KLDivLoss", {}, [np.log(PROB), DIST], [0]),
    "kl_div_not_logits": ("KLDivLoss", {"from_logits": False, "weight": 2.0}, [P, DIST, SW],
                          [0]),
    "huber": ("HuberLoss", {}, [P * 2, L], [0]),
    "huber_rho": ("HuberLoss", {"rho": 0.3, "weight": 2.0}, [P, L, SW], [0]),
    "hinge": ("HingeLoss", {}, [P, _sign(4, 5)], [0]),
    "hinge_margin": ("HingeLoss", {"margin": 0.5, "weight": 1.5}, [P, _sign(4, 5), SW], [0]),
    "squared_hinge": ("SquaredHingeLoss", {}, [P, _sign(4, 5)], [0]),
    "squared_hinge_margin": ("SquaredHingeLoss", {"margin": 2.0}, [P, _sign(4, 5), SW], [0]),
    "logistic_signed": ("LogisticLoss", {}, [P * 2, _sign(4, 5)], [0]),
    "logistic_binary": ("LogisticLoss", {"label_format": "binary", "weight": 0.5},
                        [P * 2, BIN, SW], [0]),
    "triplet": ("TripletLoss", {}, [P, L, _n(4, 5)], [0, 1, 2]),
    "triplet_margin": ("TripletLoss", {"margin": 3.0, "weight": 0.5}, [P, L, _n(4, 5)], [0]),
    "poisson_logits": ("PoissonNLLLoss", {}, [P, _u(0, 4, 4, 5).round()], [0]),
    "poisson_rate_full": ("PoissonNLLLoss", {"from_logits": False, "compute_full": True},
                          [PROB * 3, _u(1.5, 5, 4, 5).round()], []),
    "poisson_sw": ("PoissonNLLLoss", {"weight": 2.0}, [P, _u(0, 4, 4, 5).round(), SW], [0]),
    "cosine": ("CosineEmbeddingLoss", {}, [P, L, np.array([1, -1, 1, -1], "float32")], [0, 1]),
    "cosine_margin": ("CosineEmbeddingLoss", {"margin": 0.2, "weight": 2.0},
                      [P, L * 0.5 + P * 0.5, np.array([-1, -1, 1, -1], "float32"), SW], [0]),
    "sdml": ("SDMLLoss", {}, [_n(4, 3), _n(4, 3)], [0, 1]),
    "sdml_smooth": ("SDMLLoss", {"smoothing_parameter": 0.1, "weight": 2.0},
                    [_n(5, 2), _n(5, 2)], [0]),
    "ctc_ntc": ("CTCLoss", {}, [_n(2, 6, 4), np.array([[0, 1, 2], [1, 1, -1]], "float32")],
                [0]),
    "ctc_tnc_tn_lengths": ("CTCLoss", {"layout": "TNC", "label_layout": "TN", "weight": 0.5},
                           [_n(7, 3, 5), np.array([[0, 2, 3], [1, 3, 0], [2, -1, 1]], "float32"),
                            np.array([7, 5, 6], "float32"), np.array([3, 2, 2], "float32")],
                           [0]),
    "ctc_sample_weight": ("CTCLoss", {}, [_n(2, 5, 3), np.array([[0, 1], [1, 0]], "float32"),
                                          None, None, np.array([0.5, 2.0], "float32")], [0]),
}
