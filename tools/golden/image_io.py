"""Golden values for mx.image and mx.recordio (run with ~/.mxref/bin/python).

* mx.image on the small images in tests/golden/image/ (made with Pillow): decoding,
  resizing, crops, borders, rotation, deterministic augmenters;
* mx.recordio: .rec/.idx files written by MXNet (plain and indexed, payloads holding the
  magic number at aligned and unaligned offsets, packed headers with scalar and vector
  labels), stored in tests/golden/recordio/ with the payloads in the .npz.
"""
import os
import sys

import numpy as np
import mxnet as mx

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from common import save, GOLDEN_DIR  # noqa: E402

MAGIC = (0xced7230a).to_bytes(4, "little")
PAYLOADS = [b"hello", b"", MAGIC + b"tail", b"abcd" + MAGIC + b"efgh" + MAGIC,
            b"a" + MAGIC + b"xyz", MAGIC * 3, bytes(range(256)) * 3,
            mx.recordio.pack(mx.recordio.IRHeader(0, 3.0, 7, 0), b"abc"),
            mx.recordio.pack(mx.recordio.IRHeader(0, [1.0, 2.5, -3.0], 8, 1), b"xyz")]


def image_cases(cases):
    root = os.path.join(GOLDEN_DIR, "image")
    with open(os.path.join(root, "rgb.png"), "rb") as f:
        png = f.read()
    with open(os.path.join(root, "rgb.jpg"), "rb") as f:
        jpg = f.read()
    with open(os.path.join(root, "gray.png"), "rb") as f:
        gray = f.read()
    img = mx.image.imdecode(png)
    cases["decode"] = {"rgb": img, "bgr": mx.image.imdecode(png, to_rgb=False),
                       "gray": mx.image.imdecode(png, flag=0),
                       "gray_as_color": mx.image.imdecode(gray),
                       "jpg": mx.image.imdecode(jpg),
                       "imread": mx.image.imread(os.path.join(root, "rgb.png"))}
    f32 = img.astype("float32")
    cases["resize"] = {"u8_linear": mx.image.imresize(img, 30, 20, interp=1),
                       "u8_nearest": mx.image.imresize(img, 30, 20, interp=0),
                       "u8_up": mx.image.imresize(img, 70, 45, interp=1),
                       "f32_linear": mx.image.imresize(f32, 30, 20, interp=1),
                       "short": mx.image.resize_short(img, 24, interp=1),
                       "center": mx.image.center_crop(img, (24, 24), interp=1)[0],
                       "fixed": mx.image.fixed_crop(img, 3, 5, 20, 10, size=(10, 8),
                                                    interp=1),
                       "fixed_nosize": mx.image.fixed_crop(img, 3, 5, 20, 10)}
    cases["border"] = {"type%d" % t: mx.image.copyMakeBorder(img, 2, 3, 4, 1, type=t,
                                                             value=7)
                       for t in range(5)}
    chw = mx.nd.transpose(f32, axes=(2, 0, 1))
    cases["rotate"] = {"plain": mx.image.imrotate(chw, 30),
                       "zoom_in": mx.image.imrotate(chw, 30, zoom_in=True),
                       "zoom_out": mx.image.imrotate(chw, -50, zoom_out=True),
                       "batch": mx.image.imrotate(mx.nd.stack(chw, chw),
                                                  mx.nd.array([10, -20]))}
    hue = mx.image.HueJitterAug(0.0)
    mean, std = mx.nd.array([123.68, 116.28, 103.53]), mx.nd.array([58.395, 57.12, 57.375])
    cases["augment"] = {"normalize": mx.image.ColorNormalizeAug(mean, std)(f32.copy()),
                        "hue0": hue(f32.copy()),
                        "gray": mx.image.RandomGrayAug(1.0)(f32.copy()),
                        "flip": mx.image.HorizontalFlipAug(1.0)(f32.copy()),
                        "brightness0": mx.image.BrightnessJitterAug(0.0)(f32.copy()),
                        "saturation0": mx.image.SaturationJitterAug(0.0)(f32.copy()),
                        "contrast0": mx.image.ContrastJitterAug(0.0)(f32.copy())}
    from mxnet.gluon.data.vision import transforms as T
    cases["transforms"] = {"rotate": T.Rotate(30)(chw),
                           "rotate_zoom_in": T.Rotate(30, zoom_in=True)(chw)}


def recordio_cases(cases):
    root = os.path.join(GOLDEN_DIR, "recordio")
    os.makedirs(root, exist_ok=True)
    writer = mx.recordio.MXRecordIO(os.path.join(root, "plain.rec"), "w")
    for p in PAYLOADS:
        writer.write(p)
    writer.close()
    writer = mx.recordio.MXIndexedRecordIO(os.path.join(root, "indexed.idx"),
                                           os.path.join(root, "indexed.rec"), "w")
    for i, p in enumerate(PAYLOADS):
        writer.write_idx(10 + i, p)
    writer.close()
    cases["payloads"] = {"p%d" % i: np.frombuffer(p, np.uint8) for i, p in enumerate(PAYLOADS)}
    header, s = mx.recordio.unpack(PAYLOADS[8])
    cases["unpack"] = {"flag": np.array(header.flag), "label": np.array(header.label),
                       "id": np.array(header.id), "id2": np.array(header.id2),
                       "rest": np.frombuffer(s, np.uint8)}


def main():
    cases = {}
    image_cases(cases)
    recordio_cases(cases)
    save("image_io", cases)


if __name__ == "__main__":
    main()
