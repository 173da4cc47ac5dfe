"""Golden learning-rate sequences of mx.lr_scheduler, from MXNet 1.9.1.

Run: ~/.mxref/bin/python tools/golden/gluon_train_lr_scheduler.py
Writes tests/golden/gluon_train_lr_scheduler.npz; tests/test_lr_scheduler.py replays them.
"""
import os
import sys

import numpy as np
import mxnet as mx

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Cases, save  # noqa: E402
from gluon_train_lr_cases import CASES  # noqa: E402

C = Cases()
for name, (cls, kwargs, updates) in CASES.items():
    sched = getattr(mx.lr_scheduler, cls)(**kwargs)
    C[name] = {"lr": np.array([sched(n) for n in updates], dtype="float64")}
save("gluon_train_lr_scheduler", C)
