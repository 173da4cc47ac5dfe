"""Optimizer configurations and inputs shared by the golden generator
(tools/golden/gluon_train_optimizer.py) and tests/test_optimizer.py (no MXNet import)."""
import numpy as np

STEPS = 5

# name -> (optimizer name, kwargs)
CONFIGS = {
    "sgd": ("sgd", {"learning_rate": 0.1}),
    "sgd_mom_wd": ("sgd", {"learning_rate": 0.1, "momentum": 0.9, "wd": 0.01}),
    "sgd_clip_rescale": ("sgd", {"learning_rate": 0.2, "momentum": 0.5, "clip_gradient": 0.3,
                                 "rescale_grad": 0.5}),
    "sgd_sched": ("sgd", {"momentum": 0.9, "lr_scheduler": ("FactorScheduler",
                                                            {"step": 2, "factor": 0.5,
                                                             "base_lr": 0.3})}),
    "ccsgd": ("ccsgd", {"learning_rate": 0.05, "momentum": 0.8}),
    "nag": ("nag", {"learning_rate": 0.1, "momentum": 0.9, "wd": 0.01}),
    "nag_nomom_clip": ("nag", {"learning_rate": 0.1, "clip_gradient": 0.2}),
    "adam": ("adam", {"learning_rate": 0.01}),
    "adam_wd_clip": ("adam", {"learning_rate": 0.05, "wd": 0.1, "clip_gradient": 0.5,
                              "beta1": 0.8, "epsilon": 1e-6, "rescale_grad": 2.0}),
    "adagrad": ("adagrad", {"learning_rate": 0.1, "wd": 0.01}),
    "adagrad_clip": ("adagrad", {"learning_rate": 0.1, "clip_gradient": 0.25, "eps": 1e-5}),
    "adadelta": ("adadelta", {"rho": 0.8, "wd": 0.01}),
    "adadelta_clip_rescale": ("adadelta", {"clip_gradient": 0.3, "rescale_grad": 0.5}),
    "adamax": ("adamax", {"learning_rate": 0.01, "wd": 0.02}),
    "nadam": ("nadam", {"learning_rate": 0.01, "wd": 0.01}),
    "nadam_clip": ("nadam", {"learning_rate": 0.02, "clip_gradient": 0.4}),
    "rmsprop": ("rmsprop", {"learning_rate": 0.01, "wd": 0.01}),
    "rmsprop_centered": ("rmsprop", {"learning_rate": 0.01, "centered": True,
                                     "clip_weights": 0.95, "gamma2": 0.8}),
    "ftrl": ("ftrl", {"learning_rate": 0.1, "lamda1": 0.01, "wd": 0.01}),
    "ftrl_clip": ("ftrl", {"learning_rate": 0.5, "lamda1": 0.05, "beta": 0.5,
                           "clip_gradient": 0.3}),
    "ftml": ("ftml", {"learning_rate": 0.01, "wd": 0.01}),
    "signum": ("signum", {"learning_rate": 0.01, "wd": 0.01, "wd_lh": 0.01}),
    "signsgd": ("signum", {"learning_rate": 0.01, "momentum": 0.0, "wd": 0.05}),
    "lamb": ("lamb", {"learning_rate": 0.01, "wd": 0.01}),
    "lamb_bounds": ("lamb", {"learning_rate": 0.01, "lower_bound": 0.5, "upper_bound": 2.0,
                             "bias_correction": False}),
    "lars": ("lars", {"learning_rate": 0.1, "momentum": 0.9, "wd": 0.01, "eta": 0.01}),
    "lars_nomom": ("lars", {"learning_rate": 0.1, "eta": 0.02, "eps": 1e-3}),
    "lbsgd": ("lbsgd", {"learning_rate": 0.1, "momentum": 0.9, "batch_scale": 2,
                        "warmup_epochs": 1, "updates_per_epoch": 4}),
    "dcasgd": ("dcasgd", {"learning_rate": 0.1, "wd": 0.01, "lamda": 0.5}),
    "test": ("test", {"rescale_grad": 0.5}),
}

# float16 weights with multi_precision
MP_CONFIGS = {
    "mp_sgd": ("sgd", {"learning_rate": 0.1, "momentum": 0.9, "multi_precision": True}),
    "mp_sgd_nomom": ("sgd", {"learning_rate": 0.1, "multi_precision": True}),
    "mp_nag": ("nag", {"learning_rate": 0.1, "momentum": 0.9, "multi_precision": True}),
    "mp_adam": ("adam", {"learning_rate": 0.01, "multi_precision": True}),
}


def weights(dtype="float32"):
    rng = np.random.RandomState(0)
    return [rng.uniform(-1, 1, (3, 4)).astype(dtype), rng.uniform(-1, 1, (5,)).astype(dtype)]


def grads(dtype="float32"):
    rng = np.random.RandomState(1)
    return [[rng.normal(0, 1, (3, 4)).astype(dtype), rng.normal(0, 1, (5,)).astype(dtype)]
            for _ in range(STEPS)]
