"""Golden values of mx.metric on fixed predictions, from MXNet 1.9.1.

Run: ~/.mxref/bin/python tools/golden/gluon_train_metric.py
Writes tests/golden/gluon_train_metric.npz; tests/test_metric.py replays every case.
"""
import json
import os
import sys

import numpy as np
import mxnet as mx

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Cases, save  # noqa: E402
from gluon_train_metric_cases import CASES  # noqa: E402

C = Cases()


def feed(metric, batches):
    for labels, preds in batches:
        metric.update([mx.nd.array(x) for x in labels], [mx.nd.array(x) for x in preds])


def flat(value):
    return np.array(value if isinstance(value, list) else [value], dtype="float64")


def value_types(value):
    """The Python/NumPy type name of each value get() returns (MXNet's dtypes)."""
    return [type(v).__name__ for v in (value if isinstance(value, list) else [value])]


for name, (metric_name, kwargs, batches) in CASES.items():
    metric = mx.metric.create(metric_name, **kwargs)
    feed(metric, batches[:2])
    n1, v1 = metric.get()
    metric.reset_local()
    feed(metric, batches[2:])
    n2, v2 = metric.get()
    gn, gv = metric.get_global()
    names = n1 if isinstance(n1, list) else [n1]
    C[name] = {"first": flat(v1), "local": flat(v2), "global": flat(gv),
               "names": np.array(names), "types": np.array(value_types(v1))}

# CustomMetric / np
def feval(label, pred):
    return float(np.abs(label - pred.argmax(axis=1)).sum()), len(label)


m = mx.metric.CustomMetric(feval, name="absdiff")
feed(m, CASES["acc"][2])
m2 = mx.metric.np(lambda l, p: float((p.argmax(axis=1) == l).mean()))
feed(m2, CASES["acc"][2])
C["custom"] = {"value": flat(m.get()[1]), "np_value": flat(m2.get()[1]),
               "types": np.array(value_types(m.get()[1]) + value_types(m2.get()[1])),
               "np_name": np.array(m2.get()[0])}
C["config"] = {"acc": np.array(json.dumps(mx.metric.Accuracy(axis=2).get_config(),
                                          sort_keys=True)),
               "str": np.array(str(mx.metric.Accuracy()))}
save("gluon_train_metric", C)
