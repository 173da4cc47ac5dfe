"""Fixtures of notebooks/05-model-zoo.ipynb, trained and written by real MXNet 1.9.1.

    ~/.mxref/bin/pip install --no-deps gluoncv==0.10.5.post0   (once; see clients_gluoncv.py)
    ~/.mxref/bin/python tools/golden/zoo_notebook.py

* ``tests/golden/model_zoo/shapes_resnet18_narrow.params``: the model zoo's ResNet-18 v1
  structure (``vision.ResNetV1(BasicBlockV1, [2, 2, 2, 2], CHANNELS)``, an eighth of the
  channels so that the file stays small) trained by MXNet to tell ten shapes drawn with
  NumPy apart (64x64 images);
* ``tests/golden/model_zoo/shapes_ssd_tiny.params``: a GluonCV SSD (``gluoncv.model_zoo.ssd.
  SSD`` with a four-convolution feature extractor, three classes) trained by MXNet to find
  discs, squares and triangles in 128x128 images;
* ``tests/golden/model_zoo_notebook.npz``: the notebook's two images and MXNet's outputs
  for them (class probabilities; the detector's ids, scores and boxes), and MXNet's
  accuracy on a held-out set.

The drawing code is the notebook's (the notebook checks that its images equal the ones
stored here).
"""
import os
import sys

import numpy as np
import mxnet as mx
from mxnet import autograd, gluon
from mxnet.gluon import nn
from mxnet.gluon.model_zoo import vision

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import save, GOLDEN_DIR  # noqa: E402

CLASSES = ["disc", "ring", "square", "frame", "triangle", "diamond", "plus", "cross",
           "hbar", "vbar"]
CHANNELS = [8, 8, 16, 32, 64]
DET_CLASSES = ["disc", "square", "triangle"]


# ---- the notebook's drawing code (keep identical) ---------------------------------
def shape_mask(kind, size, cx, cy, r):
    """Boolean (size, size) mask of a shape centred at (cx, cy) with radius r."""
    y, x = np.mgrid[0:size, 0:size].astype(np.float32)
    dx, dy = np.abs(x - cx), np.abs(y - cy)
    d = np.sqrt(dx ** 2 + dy ** 2)
    if kind == "disc":
        return d <= r
    if kind == "ring":
        return (d <= r) & (d >= 0.55 * r)
    if kind == "square":
        return np.maximum(dx, dy) <= 0.8 * r
    if kind == "frame":
        return (np.maximum(dx, dy) <= 0.85 * r) & (np.maximum(dx, dy) >= 0.5 * r)
    if kind == "triangle":
        t = (y - (cy - r)) / (1.8 * r)  # 0 at the apex, 1 at the base
        return (t >= 0) & (t <= 1) & (dx <= 0.95 * r * t)
    if kind == "diamond":
        return dx + dy <= r
    if kind == "plus":
        return ((dx <= 0.25 * r) & (dy <= r)) | ((dy <= 0.25 * r) & (dx <= r))
    if kind == "cross":
        return (np.abs(dx - dy) <= 0.3 * r) & (np.maximum(dx, dy) <= 0.8 * r)
    if kind == "hbar":
        return (dx <= r) & (dy <= 0.3 * r)
    if kind == "vbar":
        return (dy <= r) & (dx <= 0.3 * r)
    raise ValueError(kind)


def draw(shapes, size, rng):
    """An RGB float32 image (size, size, 3) in [0, 1]: a noisy dark background and each
    (kind, cx, cy, r) of ``shapes`` painted in a random bright colour."""
    img = rng.uniform(0.0, 0.35, 3)[None, None, :] + rng.normal(0, 0.04, (size, size, 3))
    for kind, cx, cy, r in shapes:
        img[shape_mask(kind, size, cx, cy, r)] = rng.uniform(0.55, 1.0, 3)
    return np.clip(img, 0, 1).astype(np.float32)


def to_batch(images):
    """(N, H, W, 3) images in [0, 1] -> the networks' (N, 3, H, W) input."""
    return mx.nd.array((np.stack(images).transpose(0, 3, 1, 2) - 0.5) / 0.25)
# ----------------------------------------------------------------------------------


def random_classification(rng, n):
    labels = rng.randint(0, len(CLASSES), n)
    images = [draw([(CLASSES[k], rng.uniform(20, 44), rng.uniform(20, 44),
                     rng.uniform(10, 18))], 64, rng) for k in labels]
    return to_batch(images), labels


def random_detection(rng, n):
    """Images with two objects of different classes, side by side (no overlap)."""
    images, boxes, ids = [], [], []
    for _ in range(n):
        kinds = rng.choice(len(DET_CLASSES), 2, replace=False)
        r = rng.uniform(10, 22, 2)
        left = rng.rand() < 0.5
        xs = [rng.uniform(r[0] + 2, 62 - r[0]), rng.uniform(66 + r[1], 126 - r[1])]
        if not left:
            xs = xs[::-1]
        ys = [rng.uniform(ri + 2, 126 - ri) for ri in r]
        shapes = [(DET_CLASSES[k], x, y, ri) for k, x, y, ri in zip(kinds, xs, ys, r)]
        images.append(draw(shapes, 128, rng))
        boxes.append([box_of(*s) for s in shapes])
        ids.append([[k] for k in kinds])
    return to_batch(images), mx.nd.array(boxes), mx.nd.array(ids)


def box_of(kind, cx, cy, r):
    """The (xmin, ymin, xmax, ymax) box of a drawn shape."""
    m = shape_mask(kind, 128, cx, cy, r)
    ys, xs = np.nonzero(m)
    return [xs.min(), ys.min(), xs.max() + 1, ys.max() + 1]


def resnet():
    return vision.ResNetV1(vision.BasicBlockV1, [2, 2, 2, 2], CHANNELS, classes=len(CLASSES))


class TinyFeatures(gluon.HybridBlock):
    """Four stride-2 convolutions; the SSD's three feature maps are the outputs of the
    last three (16x16, 8x8 and 4x4 for a 128x128 image)."""

    def __init__(self, pretrained=False, ctx=None, root=None, norm_layer=None,
                 norm_kwargs=None, **kwargs):
        super().__init__(**kwargs)
        with self.name_scope():
            self.stages = nn.HybridSequential()
            for i, c in enumerate([16, 32, 48, 64]):
                stage = nn.HybridSequential()
                stage.add(nn.Conv2D(c, 3, strides=2, padding=1, use_bias=False),
                          nn.BatchNorm(), nn.Activation("relu"))
                if i == 1:
                    stage.add(nn.Conv2D(c, 3, strides=2, padding=1, use_bias=False),
                              nn.BatchNorm(), nn.Activation("relu"))
                self.stages.add(stage)

    def hybrid_forward(self, F, x):
        outs = []
        for i, stage in enumerate(self.stages):
            x = stage(x)
            if i >= 1:
                outs.append(x)
        return outs


def detector():
    from gluoncv.model_zoo.ssd import SSD
    return SSD(None, 128, TinyFeatures, None, sizes=[16, 32, 56, 96],
               ratios=[[1, 2, 0.5]] * 3, steps=[8, 16, 32], classes=DET_CLASSES,
               pretrained=False)


def train_classifier(rng):
    net = resnet()
    net.initialize(mx.init.Xavier(magnitude=2))
    trainer = gluon.Trainer(net.collect_params(), "adam", {"learning_rate": 2e-3})
    loss_fn = gluon.loss.SoftmaxCrossEntropyLoss()
    net.hybridize()
    for step in range(800):
        if step == 550:
            trainer.set_learning_rate(2e-4)
        x, y = random_classification(rng, 32)
        with autograd.record():
            loss = loss_fn(net(x), mx.nd.array(y))
        loss.backward()
        trainer.step(32)
        if step % 100 == 0:
            print("classifier step %d loss %.3f" % (step, loss.mean().asscalar()))
    x, y = random_classification(np.random.RandomState(123), 500)
    acc = float((net(x).argmax(axis=1).asnumpy() == y).mean())
    print("classifier held-out accuracy %.3f" % acc)
    return net, acc


def train_detector(rng):
    from gluoncv.model_zoo.ssd.target import SSDTargetGenerator
    from gluoncv.loss import SSDMultiBoxLoss
    net = detector()
    net.initialize(mx.init.Xavier(magnitude=2))
    target = SSDTargetGenerator(iou_thresh=0.5, negative_mining_ratio=-1)
    loss_fn = SSDMultiBoxLoss()
    trainer = gluon.Trainer(net.collect_params(), "adam", {"learning_rate": 2e-3})
    net.hybridize()
    for step in range(1000):
        if step == 750:
            trainer.set_learning_rate(4e-4)
        x, boxes, ids = random_detection(rng, 16)
        with autograd.record():
            cls_pred, box_pred, anchors = net(x)
            with autograd.pause():
                cls_t, box_t, _ = target(anchors, None, boxes, ids)
            total, cls_l, box_l = loss_fn([cls_pred], [box_pred], [cls_t], [box_t])
        autograd.backward(total)
        trainer.step(1)
        if step % 100 == 0:
            print("detector step %d loss %.3f + %.3f" % (step, cls_l[0].mean().asscalar(),
                                                          box_l[0].mean().asscalar()))
    return net


def main():
    mx.random.seed(0)
    rng = np.random.RandomState(0)
    net, acc = train_classifier(rng)
    path = os.path.join(GOLDEN_DIR, "model_zoo", "shapes_resnet18_narrow.params")
    net.save_parameters(path)
    # the notebook's image
    image = draw([("triangle", 30, 34, 17)], 64, np.random.RandomState(2024))
    fresh = resnet()
    fresh.load_parameters(path)  # what MXNet computes from the file
    prob = mx.nd.softmax(fresh(to_batch([image])))
    print("classifier: %s" % CLASSES[int(prob.argmax(axis=1).asscalar())])
    cases = {"classify": {"image": image, "prob": prob, "heldout_accuracy": acc}}

    det = train_detector(rng)
    path = os.path.join(GOLDEN_DIR, "model_zoo", "shapes_ssd_tiny.params")
    det.save_parameters(path)
    image = draw([("disc", 36, 40, 18), ("square", 92, 84, 20)], 128,
                 np.random.RandomState(7))
    fresh = detector()
    fresh.load_parameters(path)
    ids, scores, boxes = fresh(to_batch([image]))
    print("detector:", ids[0, :4].asnumpy().ravel(), scores[0, :4].asnumpy().ravel(),
          boxes[0, :2].asnumpy())
    cases["detect"] = {"image": image, "ids": ids, "scores": scores, "bboxes": boxes}
    save("model_zoo_notebook", cases)


if __name__ == "__main__":
    main()
