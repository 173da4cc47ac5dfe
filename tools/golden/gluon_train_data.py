"""Golden values for gluon.data (datasets, samplers, DataLoader), vision transforms,
gluon.utils and mx.io.NDArrayIter, from MXNet 1.9.1.

Run: ~/.mxref/bin/python tools/golden/gluon_train_data.py
Writes tests/golden/gluon_train_data.npz; tests/gluon/test_data.py, test_utils.py and
tests/test_io.py replay the cases.
"""
import os
import random
import struct
import sys
import tempfile

import numpy as np
import mxnet as mx
from mxnet.gluon import data as gdata
from mxnet.gluon.data.vision import transforms as T

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Cases, save  # noqa: E402

C = Cases()
X = np.arange(10 * 3, dtype="float32").reshape(10, 3)
Y = np.arange(10, dtype="int64") % 3


def stack(batches):
    """Concatenate a list of batches' arrays with a separator-free layout + sizes."""
    return np.concatenate([b.reshape(b.shape[0], -1) for b in batches]), \
        np.array([b.shape[0] for b in batches])


# ---------------------------------------------------------------- NDArrayIter
for handle in ("pad", "discard", "roll_over"):
    it = mx.io.NDArrayIter(X, Y, batch_size=4, last_batch_handle=handle)
    fields = {}
    for epoch in range(2):
        datas, labels, pads = [], [], []
        for batch in it:
            datas.append(batch.data[0].asnumpy())
            labels.append(batch.label[0].asnumpy())
            pads.append(batch.pad)
        it.reset()
        d, n = stack(datas)
        l, _ = stack(labels)
        fields.update({"data%d" % epoch: d, "sizes%d" % epoch: n, "label%d" % epoch: l,
                       "pad%d" % epoch: np.array(pads)})
    fields["provide_data"] = np.array(repr(it.provide_data))
    fields["provide_label"] = np.array(repr(it.provide_label))
    C["iter_" + handle] = fields

np.random.seed(5)
it = mx.io.NDArrayIter({"a": X, "b": X * 2}, {"y": Y}, batch_size=3, shuffle=True)
datas = []
for epoch in range(2):
    for batch in it:
        datas.append(np.concatenate([batch.data[0].asnumpy(), batch.data[1].asnumpy(),
                                     batch.label[0].asnumpy()[:, None]], axis=1))
    it.reset()
C["iter_shuffle_dict"] = {"batches": np.concatenate(datas),
                          "provide_data": np.array(repr(it.provide_data))}
it = mx.io.NDArrayIter(X[:3], batch_size=8, last_batch_handle="pad")
b = next(iter(it))
C["iter_pad_tile"] = {"data": b.data[0], "pad": np.array(b.pad)}
C["databatch_str"] = {"text": np.array(str(mx.io.DataBatch([mx.nd.ones((2, 3))],
                                                            [mx.nd.ones((2,))])))}
C["datadesc_repr"] = {"text": np.array(repr(mx.io.DataDesc("x", (2, 3))))}

# ---------------------------------------------------------------- DataLoader
ds = gdata.ArrayDataset(X, Y)
for last in ("keep", "discard", "rollover"):
    loader = gdata.DataLoader(ds, batch_size=4, last_batch=last)
    fields = {"len": np.array(len(loader))}
    for epoch in range(2):
        xs, ys = [], []
        for xb, yb in loader:
            xs.append(xb.asnumpy())
            ys.append(yb.asnumpy())
        d, n = stack(xs)
        l, _ = stack(ys)
        fields.update({"data%d" % epoch: d, "sizes%d" % epoch: n, "label%d" % epoch: l,
                       "ydtype": np.array(str(ys[0].dtype)), "xdtype": np.array(str(xs[0].dtype))})
    C["loader_" + last] = fields
loader = gdata.DataLoader(gdata.ArrayDataset(X.astype("float64"), list(range(10))),
                          batch_size=5)
xb, yb = next(iter(loader))
C["loader_dtypes"] = {"x": xb, "y": yb}
nd_ds = gdata.ArrayDataset(mx.nd.array(X), mx.nd.array(Y))
xb, yb = next(iter(gdata.DataLoader(nd_ds, batch_size=3)))
C["loader_nd"] = {"x": xb, "y": yb}
bs = gdata.BatchSampler(gdata.SequentialSampler(7, start=2), 3, "rollover")
passes = [list(bs) for _ in range(3)]
C["batch_sampler_rollover"] = {"flat": np.array(sum(sum(passes, []), [])),
                               "lens": np.array([len(p) for p in passes])}
from mxnet.gluon.contrib.data import IntervalSampler  # noqa: E402
C["interval_sampler"] = {"rollover": np.array(list(IntervalSampler(10, 3))),
                         "norollover": np.array(list(IntervalSampler(10, 3, rollover=False)))}

# dataset ops
base = gdata.SimpleDataset(list(range(10)))
C["dataset_ops"] = {
    "shard": np.concatenate([np.array(list(base.shard(3, i))) for i in range(3)]),
    "shard_sizes": np.array([len(base.shard(3, i)) for i in range(3)]),
    "take": np.array(list(base.take(4))),
    "filter": np.array(list(base.filter(lambda x: x % 3 == 0))),
    "transform": np.array(list(base.transform(lambda x: x * 10))),
    "sample": np.array(list(base.sample(gdata.SequentialSampler(3, start=5)))),
}
tf = gdata.ArrayDataset(X, Y).transform_first(lambda x: x.sum())
C["transform_first"] = {"x": np.array([tf[i][0] for i in range(10)]),
                        "y": np.array([tf[i][1] for i in range(10)])}

# RecordFileDataset: a .rec/.idx written by MXNet (one record holds the magic number)
tmp = tempfile.mkdtemp()
rec_path, idx_path = os.path.join(tmp, "r.rec"), os.path.join(tmp, "r.idx")
writer = mx.recordio.MXIndexedRecordIO(idx_path, rec_path, "w")
payloads = [b"hello", b"", b"abc" + struct.pack("<I", 0xced7230a) + b"defgh",
            struct.pack("<I", 0xced7230a) * 3 + b"x", bytes(range(256))]
for i, p in enumerate(payloads):
    writer.write_idx(i, p)
writer.close()
with open(rec_path, "rb") as f:
    rec_bytes = np.frombuffer(f.read(), dtype=np.uint8)
with open(idx_path, "rb") as f:
    idx_bytes = np.frombuffer(f.read(), dtype=np.uint8)
rds = gdata.RecordFileDataset(rec_path)
C["recordio"] = {"rec": rec_bytes, "idx": idx_bytes, "n": np.array(len(rds))}
for i in range(len(rds)):
    C["recordio"]["rec%d" % i] = np.frombuffer(rds[i], dtype=np.uint8)

# ---------------------------------------------------------------- transforms
r = np.random.RandomState(0)
img = r.randint(0, 256, (6, 9, 3)).astype("uint8")
imgf = r.uniform(0, 1, (5, 7, 3)).astype("float32")
C["tr_input"] = {"img": img, "imgf": imgf}
C["tr_totensor"] = {"out": T.ToTensor()(mx.nd.array(img, dtype="uint8"))}
C["tr_totensor_batch"] = {"out": T.ToTensor()(mx.nd.array(np.stack([img, img[::-1]]),
                                                           dtype="uint8"))}
C["tr_normalize"] = {"out": T.Normalize((0.5, 0.4, 0.3), (0.2, 0.25, 0.5))(
    T.ToTensor()(mx.nd.array(img, dtype="uint8")))}
C["tr_normalize_scalar"] = {"out": T.Normalize(0.5, 2.0)(mx.nd.array(imgf.transpose(2, 0, 1)))}
C["tr_cast"] = {"out": T.Cast("float16")(mx.nd.array(img, dtype="uint8"))}
for name, (size, keep, interp) in {"r_nearest": ((4, 3), False, 0),
                                   "r_nearest_up": ((13, 11), False, 0),
                                   "r_linear_down": ((4, 3), False, 1),
                                   "r_linear_int": (5, False, 1),
                                   "r_keep": (4, True, 1),
                                   "r_keep_nearest": (12, True, 0)}.items():
    C["tr_" + name] = {"out": T.Resize(size, keep, interp)(mx.nd.array(img, dtype="uint8")),
                       "outf": T.Resize(size, keep, interp)(mx.nd.array(imgf))}
C["tr_r_linear_up"] = {"out": T.Resize((14, 10), False, 1)(mx.nd.array(img, dtype="uint8")),
                       "outf": T.Resize((14, 10), False, 1)(mx.nd.array(imgf))}
C["tr_center_crop"] = {"out": T.CenterCrop((4, 3))(mx.nd.array(img, dtype="uint8")),
                       "out_big": T.CenterCrop(8, interpolation=0)(
                           mx.nd.array(img, dtype="uint8"))}
C["tr_crop_resize"] = {"out": T.CropResize(1, 2, 5, 3)(mx.nd.array(img, dtype="uint8")),
                       "out_resized": T.CropResize(1, 0, 6, 4, size=(3, 2), interpolation=1)(
                           mx.nd.array(imgf))}
C["tr_compose"] = {"out": T.Compose([T.Resize(4, interpolation=0), T.ToTensor(),
                                     T.Normalize(0.5, 0.25)])(mx.nd.array(img, dtype="uint8"))}

# ---------------------------------------------------------------- gluon.utils
data = mx.nd.array(np.arange(24).reshape(6, 4))
sl = mx.gluon.utils.split_data(data, 4, batch_axis=0, even_split=False)
sl1 = mx.gluon.utils.split_data(data, 2, batch_axis=1)
C["utils_split"] = {"s%d" % i: s for i, s in enumerate(sl)}
C["utils_split"].update({"a%d" % i: s for i, s in enumerate(sl1)})
arrs = [mx.nd.array(np.arange(6).reshape(2, 3)), mx.nd.array([3.0, -4.0])]
norm = mx.gluon.utils.clip_global_norm(arrs, 2.0)
C["utils_clip"] = {"norm": np.array(norm), "a0": arrs[0], "a1": arrs[1]}
arrs = [mx.nd.array([0.1, 0.2])]
norm = mx.gluon.utils.clip_global_norm(arrs, 5.0, check_isfinite=False)
C["utils_clip_noop"] = {"norm": norm, "a0": arrs[0]}
save("gluon_train_data", C)
