"""Golden values for gluon.data.vision.transforms and DataLoader in NumPy mode
(npx.set_np()) from MXNet 1.9.1.

Run: ~/.mxref/bin/python tools/golden/numpy_transforms.py
Writes tests/golden/numpy_transforms.npz; tests/numpy/test_transforms_np.py replays it.
The cases (transform expressions) live in tests/numpy/transforms_cases.py.

Each case keeps the output values, its dtype name and the output's class
(``mxnet.numpy.ndarray`` for every transform under set_np). The random colour transforms
are taken with amount 0 (their factor is then exactly 1), so their values are fixed.
Transforms that MXNet 1.9.1 itself cannot run on np arrays (CropResize: a legacy
operator; Rotate/RandomRotation: a dtype check that compares a np.dtype with ``is``)
have no golden case.
"""
import os
import sys

import numpy as onp
import mxnet as mx
from mxnet import np, npx
from mxnet.gluon import data as gdata
from mxnet.gluon.data.vision import transforms as T

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                "tests", "numpy"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import save  # noqa: E402
import transforms_cases as tc  # noqa: E402

npx.set_np()


def main():
    imgs = tc.images()
    env = {"T": T}
    cases = {}
    for name, expr, key in tc.CASES:
        x = np.array(imgs[key], dtype=imgs[key].dtype)
        y = eval(expr, env)(x)  # noqa: S307
        cases[name] = {"output": y.asnumpy(), "dtype": onp.array(onp.dtype(y.dtype).name),
                       "kind": onp.array(tc.kind(y))}
    mx.random.seed(0)
    for name, expr, key in tc.RANDOM_CASES:
        x = np.array(imgs[key], dtype=imgs[key].dtype)
        y = eval(expr, env)(x)  # noqa: S307
        cases[name] = {"shape": onp.array(y.shape), "dtype": onp.array(onp.dtype(y.dtype).name),
                       "kind": onp.array(tc.kind(y))}
    X, Y = tc.loader_data()
    ds = gdata.ArrayDataset(np.array(X, dtype="uint8"), Y).transform_first(
        eval(tc.LOADER_TRANSFORM, env))  # noqa: S307
    for workers, thread_pool in tc.LOADER_MODES:
        loader = gdata.DataLoader(ds, batch_size=4, num_workers=workers,
                                  thread_pool=thread_pool)
        fields = {}
        for i, (d, l) in enumerate(loader):
            fields["data%d" % i] = d.asnumpy()
            fields["label%d" % i] = l.asnumpy()
            fields["kinds%d" % i] = onp.array([tc.kind(d), tc.kind(l),
                                               onp.dtype(l.dtype).name])
        cases["loader_w%d%s" % (workers, "_threads" if thread_pool else "")] = fields
    save("numpy_transforms", cases)


if __name__ == "__main__":
    main()
