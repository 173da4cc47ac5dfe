"""Metric cases shared by tools/golden/gluon_train_metric.py (MXNet) and
tests/test_metric.py (mxjax): name -> (metric name for create(), kwargs, batches).

Each batch is (labels, preds), lists of NumPy arrays. The test feeds the first two
batches, calls reset_local(), feeds the rest."""
import numpy as np

_r = np.random.RandomState(11)


def _probs(n, k):
    p = np.exp(_r.normal(0, 1, (n, k)))
    return (p / p.sum(axis=1, keepdims=True)).astype("float32")


def _cls(n, k):
    return _r.randint(0, k, n).astype("float32")


def _reg(*shape):
    return _r.normal(0, 1, shape).astype("float32")


B = [([_cls(6, 4)], [_probs(6, 4)]) for _ in range(3)]
B2 = [([_cls(8, 2)], [_probs(8, 2)]) for _ in range(3)]
R = [([_reg(5)], [_reg(5)]) for _ in range(3)]
R2 = [([_reg(4, 3)], [_reg(4, 3)]) for _ in range(3)]
_seq_lab = [_cls(6, 5).reshape(2, 3) for _ in range(3)]
SEQ = [([lab], [_probs(6, 5)]) for lab in _seq_lab]
TWO = [([_cls(6, 4), _cls(5, 3)], [_probs(6, 4), _probs(5, 3)]) for _ in range(3)]

CASES = {
    "acc": ("acc", {}, B),
    "acc_two_outputs": ("accuracy", {}, TWO),
    "acc_axis0": ("acc", {"axis": 0},
                  [([np.array([1, 0, 2], "float32")], [_probs(3, 3).T.copy()])] * 3),
    "acc_same_shape": ("acc", {}, [([_cls(6, 3)], [_cls(6, 3)]) for _ in range(3)]),
    "top_k": ("top_k_accuracy", {"top_k": 2}, B),
    "top_k3": ("top_k_acc", {"top_k": 3}, B),
    "f1": ("f1", {}, B2),
    "f1_micro": ("f1", {"average": "micro"}, B2),
    "mcc": ("mcc", {}, B2),
    "mcc_micro": ("mcc", {"average": "micro"}, B2),
    "mae": ("mae", {}, R),
    "mse": ("mse", {}, R2),
    "rmse": ("rmse", {}, R),
    "ce": ("ce", {}, B),
    "ce_eps": ("crossentropy", {"eps": 1e-3}, B),
    "nll": ("nll_loss", {}, B),
    "perplexity": ("perplexity", {"ignore_label": None}, SEQ),
    "perplexity_ignore": ("perplexity", {"ignore_label": 1}, SEQ),
    "pearsonr": ("pearsonr", {}, R2),
    "pearsonr_micro": ("pearsonr", {"average": "micro"}, R2),
    "pcc": ("pcc", {}, B),
    "loss": ("loss", {}, [([], [np.abs(_reg(4))]) for _ in range(3)]),
    "composite": (["acc", "ce", {"metric": "top_k_accuracy", "top_k": 2}], {}, B),
}
