"""Golden values for mx.image.imresize's bicubic interpolation (interp=2, OpenCV's
INTER_CUBIC) from MXNet 1.9.1: uint8 and float32 images, down- and up-scaled.

Run: ~/.mxref/bin/python tools/golden/image_resize.py
Writes tests/golden/image_resize.npz; tests/image/test_resize.py compares.
"""
import os
import sys

import numpy as np
import mxnet as mx

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import save  # noqa: E402


def main():
    rng = np.random.RandomState(0)
    images = {"u8": rng.uniform(0, 255, (30, 20, 3)).astype("uint8"),
              "f32": rng.uniform(0, 255, (30, 20, 3)).astype("float32")}
    cases = {}
    for kind, img in images.items():
        for w, h in ((20, 20), (13, 17), (45, 50), (20, 9)):
            out = mx.image.imresize(mx.nd.array(img, dtype=img.dtype), w, h, 2)
            cases["cubic_%s_%dx%d" % (kind, w, h)] = {"x": img, "w": np.array(w),
                                                      "h": np.array(h), "out": out.asnumpy()}
    save("image_resize", cases)


if __name__ == "__main__":
    main()
