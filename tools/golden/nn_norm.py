"""Golden values for the normalisation operators from MXNet 1.9.1: BatchNorm (moving
statistics and gamma written in place), BatchNorm_v1, contrib SyncBatchNorm and
BatchNormWithReLU, LayerNorm, InstanceNorm, GroupNorm, L2Normalization, LRN.

Run: ~/.mxref/bin/python tools/golden/nn_norm.py
Writes tests/golden/nn_norm.npz; tests/ndarray/test_ops_norm.py replays every case.
"""
import json
import os
import sys

import numpy as np
import mxnet as mx
from mxnet import nd

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import save  # noqa: E402
from spatial_case import case, error, randn, uniform  # noqa: E402

C = {}
F64 = "float64"
T32 = dict(rtol=1e-4, atol=1e-5)
T64 = dict(rtol=1e-9, atol=1e-11)


def bn_inputs(shape, axis=1, dtype="float32", pdtype=None, seed=0):
    ch = shape[axis]
    pdtype = pdtype or dtype
    return {"data": randn(*shape, seed=seed, dtype=dtype),
            "gamma": uniform(ch, low=0.5, high=1.5, seed=seed + 1, dtype=pdtype),
            "beta": randn(ch, seed=seed + 2, dtype=pdtype),
            "moving_mean": randn(ch, seed=seed + 3, dtype=pdtype) * 0.2,
            "moving_var": uniform(ch, low=0.5, high=2.0, seed=seed + 4, dtype=pdtype)}


GRAD = ["data", "gamma", "beta"]
S4 = (4, 3, 2, 2)

# -- BatchNorm --------------------------------------------------------------
C["bn_train_fix_gamma"] = case("BatchNorm", bn_inputs(S4), {}, diff=GRAD, **T32)
C["bn_train"] = case("BatchNorm", bn_inputs(S4), {"fix_gamma": False}, diff=GRAD, **T32)
C["bn_train_momentum_eps"] = case("BatchNorm", bn_inputs(S4),
                                  {"fix_gamma": False, "momentum": 0.7, "eps": 1e-2},
                                  diff=GRAD, **T32)
C["bn_train_output_mean_var"] = case("BatchNorm", bn_inputs(S4),
                                     {"fix_gamma": False, "output_mean_var": True},
                                     diff=GRAD, heads=[0], **T32)
C["bn_use_global_stats"] = case("BatchNorm", bn_inputs(S4),
                                {"fix_gamma": False, "use_global_stats": True},
                                diff=GRAD, **T32)
C["bn_predict"] = case("BatchNorm", bn_inputs(S4), {"fix_gamma": False}, record=False, **T32)
C["bn_predict_fix_gamma_writes_gamma"] = case("BatchNorm", bn_inputs(S4), {},
                                              record=False, **T32)
C["bn_predict_output_mean_var"] = case("BatchNorm", bn_inputs(S4),
                                       {"fix_gamma": False, "output_mean_var": True},
                                       record=False, **T32)
C["bn_train_mode_unrecorded"] = case("BatchNorm", bn_inputs(S4), {"fix_gamma": False},
                                     record=False, train_mode_only=True, **T32)
C["bn_2d"] = case("BatchNorm", bn_inputs((5, 3)), {"fix_gamma": False}, diff=GRAD, **T32)
C["bn_3d"] = case("BatchNorm", bn_inputs((4, 3, 5)), {"fix_gamma": False}, diff=GRAD, **T32)
C["bn_5d"] = case("BatchNorm", bn_inputs((2, 3, 2, 3, 2)), {"fix_gamma": False}, diff=GRAD,
                  **T32)
C["bn_axis_last"] = case("BatchNorm", bn_inputs((2, 3, 4), axis=2),
                         {"fix_gamma": False, "axis": -1}, diff=GRAD, **T32)
C["bn_axis2_omv"] = case("BatchNorm", bn_inputs((2, 3, 4, 2), axis=2),
                         {"fix_gamma": False, "axis": 2, "output_mean_var": True},
                         diff=GRAD, heads=[0], **T32)
C["bn_f64"] = case("BatchNorm", bn_inputs(S4, dtype=F64), {"fix_gamma": False}, diff=GRAD,
                   **T64)
C["bn_f64_ugs"] = case("BatchNorm", bn_inputs(S4, dtype=F64),
                       {"fix_gamma": False, "use_global_stats": True}, diff=GRAD, **T64)
C["bn_f16_data"] = case("BatchNorm", bn_inputs((4, 3, 2), dtype="float16", pdtype="float32"),
                        {"fix_gamma": False, "output_mean_var": True}, record=False,
                        rtol=2e-3, atol=2e-3)
C["bn_ignored_args"] = case("BatchNorm", bn_inputs(S4),
                            {"fix_gamma": False, "cudnn_off": True}, diff=GRAD, **T32)

bi = bn_inputs(S4)
C["err_bn_axis"] = error("BatchNorm", bn_inputs((2, 3)), {"axis": 2})
C["err_bn_1d"] = error("BatchNorm", {"data": randn(5), "gamma": np.ones(1, "float32"),
                                     "beta": np.zeros(1, "float32"),
                                     "moving_mean": np.zeros(1, "float32"),
                                     "moving_var": np.ones(1, "float32")})
C["err_bn_mixed_dtype"] = error("BatchNorm", dict(bi, data=bi["data"].astype(F64)))
C["err_bn_int"] = error("BatchNorm", bn_inputs(S4, dtype="int32"))

# -- SyncBatchNorm / BatchNormWithReLU ---------------------------------------
C["syncbn_train"] = case("contrib.SyncBatchNorm", bn_inputs(S4),
                         {"fix_gamma": False, "key": "s1"}, diff=GRAD, **T32)
C["syncbn_train_omv"] = case("contrib.SyncBatchNorm", bn_inputs((4, 3, 5)),
                             {"key": "s2", "output_mean_var": True, "momentum": 0.8},
                             diff=GRAD, heads=[0], **T32)
# (predicting, MXNet leaves the mean/var outputs of SyncBatchNorm unwritten)
C["syncbn_predict"] = case("contrib.SyncBatchNorm", bn_inputs(S4),
                           {"fix_gamma": False, "key": "s3"}, record=False, **T32)
C["err_syncbn_no_key"] = error("contrib.SyncBatchNorm", bn_inputs(S4))
C["bnrelu_train"] = case("contrib.BatchNormWithReLU", bn_inputs(S4), {"fix_gamma": False},
                         diff=GRAD, **T32)
C["bnrelu_train_omv"] = case("contrib.BatchNormWithReLU", bn_inputs(S4),
                             {"output_mean_var": True}, diff=GRAD, heads=[0], **T32)
C["bnrelu_predict"] = case("contrib.BatchNormWithReLU", bn_inputs(S4), {"fix_gamma": False},
                           record=False, **T32)


# -- BatchNorm_v1 (only reachable through a symbol executor in MXNet) -------------
def bn_v1(kwargs, train=True, seed=0):
    ins = bn_inputs(S4, seed=seed)
    data = mx.sym.Variable("data")
    sym = mx.sym.BatchNorm_v1(data, name="bn", **kwargs)
    omv = kwargs.get("output_mean_var", False)
    ex = sym.simple_bind(mx.cpu(), data=S4)
    ex.arg_dict["data"][:] = ins["data"]
    ex.arg_dict["bn_gamma"][:] = ins["gamma"]
    ex.arg_dict["bn_beta"][:] = ins["beta"]
    ex.aux_dict["bn_moving_mean"][:] = ins["moving_mean"]
    ex.aux_dict["bn_moving_var"][:] = ins["moving_var"]
    outs = ex.forward(is_train=train)
    res = {"meta": np.array(json.dumps({
        "op": "BatchNorm_v1", "inputs": list(ins), "kwargs": kwargs,
        "diff": GRAD if train else [], "train": train, "heads": [0], "nout": len(outs),
        "multi": omv, "record": train, "positional": False, "train_mode_only": False,
        **T32}))}
    for k, v in ins.items():
        res["in_" + k] = v
    for i, o in enumerate(outs):
        res["out%d" % i] = o.asnumpy()
    if train:
        head = np.random.RandomState(seed + 5).randn(*S4).astype("float32")
        ex.backward([nd.array(head)] + [nd.zeros(o.shape) for o in outs[1:]])
        res["head0"] = head
        res["grad_data"] = ex.grad_dict["data"].asnumpy()
        res["grad_gamma"] = ex.grad_dict["bn_gamma"].asnumpy()
        res["grad_beta"] = ex.grad_dict["bn_beta"].asnumpy()
    res["after_data"] = ins["data"]
    res["after_gamma"] = ex.arg_dict["bn_gamma"].asnumpy()
    res["after_beta"] = ins["beta"]
    res["after_moving_mean"] = ex.aux_dict["bn_moving_mean"].asnumpy()
    res["after_moving_var"] = ex.aux_dict["bn_moving_var"].asnumpy()
    return res


C["bnv1_train"] = bn_v1({"fix_gamma": False})
C["bnv1_train_fix_gamma_omv"] = bn_v1({"output_mean_var": True, "momentum": 0.8})
C["bnv1_predict_omv"] = bn_v1({"fix_gamma": False, "output_mean_var": True}, train=False)
C["bnv1_use_global_stats"] = bn_v1({"fix_gamma": False, "use_global_stats": True})

# -- LayerNorm / InstanceNorm / GroupNorm ------------------------------------------


def gb(n, dtype="float32", seed=10):
    return {"gamma": uniform(n, low=0.5, high=1.5, seed=seed, dtype=dtype),
            "beta": randn(n, seed=seed + 1, dtype=dtype)}


x3 = randn(2, 3, 4)
C["ln_last"] = case("LayerNorm", dict({"data": x3}, **gb(4)), {}, **T32)
C["ln_axis1"] = case("LayerNorm", dict({"data": x3}, **gb(3)), {"axis": 1, "eps": 1e-3}, **T32)
C["ln_axis0_omv"] = case("LayerNorm", dict({"data": x3}, **gb(2)),
                         {"axis": 0, "output_mean_var": True}, heads=[0], **T32)
C["ln_omv"] = case("LayerNorm", dict({"data": randn(3, 5)}, **gb(5)),
                   {"output_mean_var": True}, heads=[0], **T32)
C["ln_f64"] = case("LayerNorm", dict({"data": x3.astype(F64)}, **gb(4, F64)), {}, **T64)
C["err_ln_gamma"] = error("LayerNorm", dict({"data": x3}, **gb(3)))

C["in_3d"] = case("InstanceNorm", dict({"data": x3}, **gb(3)), {}, **T32)
C["in_4d_eps"] = case("InstanceNorm", dict({"data": randn(2, 3, 3, 2)}, **gb(3)),
                      {"eps": 1e-5}, **T32)
C["in_5d"] = case("InstanceNorm", dict({"data": randn(2, 3, 2, 2, 2)}, **gb(3)), {}, **T32)
C["err_in_2d"] = error("InstanceNorm", dict({"data": randn(2, 3)}, **gb(3)))

xg = randn(2, 4, 3, 2)
C["gn_1group"] = case("GroupNorm", dict({"data": xg}, **gb(1)), {}, **T32)
C["gn_2groups"] = case("GroupNorm", dict({"data": xg}, **gb(2)), {"num_groups": 2}, **T32)
C["gn_4groups_omv"] = case("GroupNorm", dict({"data": xg}, **gb(4)),
                           {"num_groups": 4, "output_mean_var": True, "eps": 1e-3},
                           heads=[0], **T32)
C["gn_3d_f64"] = case("GroupNorm", dict({"data": randn(2, 6, 3, dtype=F64)}, **gb(3, F64)),
                      {"num_groups": 3}, **T64)
C["err_gn_groups"] = error("GroupNorm", dict({"data": xg}, **gb(3)), {"num_groups": 3})
C["err_gn_gamma_per_channel"] = error("GroupNorm", dict({"data": xg}, **gb(4)),
                                      {"num_groups": 2})

# -- L2Normalization / LRN ----------------------------------------------------------
for mode in ("instance", "channel", "spatial"):
    C["l2_" + mode] = case("L2Normalization", {"data": randn(2, 3, 2, 2)}, {"mode": mode},
                           **T32)
C["l2_instance_2d"] = case("L2Normalization", {"data": randn(3, 4)}, {}, **T32)
C["l2_1d"] = case("L2Normalization", {"data": randn(5)}, {"eps": 1e-3}, **T32)
C["l2_spatial_3d_f64"] = case("L2Normalization", {"data": randn(2, 3, 4, dtype=F64)},
                              {"mode": "spatial", "eps": 0.1}, **T64)
C["err_l2_channel_2d"] = error("L2Normalization", {"data": randn(2, 3)}, {"mode": "channel"})

xl = randn(2, 6, 3, 3)
C["lrn_3"] = case("LRN", {"data": xl}, {"nsize": 3}, **T32)
C["lrn_5_params"] = case("LRN", {"data": xl}, {"nsize": 5, "alpha": 0.1, "beta": 0.5,
                                               "knorm": 1.0}, **T32)
C["lrn_4_even"] = case("LRN", {"data": xl}, {"nsize": 4, "alpha": 0.05}, **T32)
C["lrn_1"] = case("LRN", {"data": xl}, {"nsize": 1, "alpha": 0.2}, **T32)
C["err_lrn_3d"] = error("LRN", {"data": randn(2, 6, 3)}, {"nsize": 3})

save("nn_norm", C)
