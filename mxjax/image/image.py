"""Image I/O, resizing, crops and augmenters of ``mx.image`` (MXNet 1.9.1).

Images are ``HWC`` NDArrays (uint8 as decoded). Decoding and encoding use OpenCV when it
is installed, else Pillow; with neither, they raise an MXNetError saying so. Resizing is
mxjax's own port of OpenCV's nearest/bilinear/bicubic resize (interpolations 0, 1 and 2,
bit-exact with MXNet); MXNet's other methods (3 area, 4 Lanczos) are not implemented and
fall back to bilinear with a warning. Random augmenters draw from Python's ``random`` and
NumPy's global generator, as MXNet's do.
"""
import io as _io
import json
import logging
import os
import random
import warnings
from numbers import Number

import numpy as np

from ..base import MXNetError, numeric_types
from .. import ndarray as nd
from .. import io
from .. import recordio
from ._resize import resize as _resize

try:  # pragma: no cover - depends on the environment
    import cv2
except ImportError:  # pragma: no cover
    cv2 = None
try:
    from PIL import Image as _PILImage
except ImportError:  # pragma: no cover
    _PILImage = None

__all__ = ["imread", "imdecode", "imresize", "scale_down", "resize_short", "fixed_crop",
           "random_crop", "center_crop", "color_normalize", "random_size_crop",
           "copyMakeBorder", "imrotate", "random_rotate", "Augmenter", "SequentialAug",
           "ResizeAug", "ForceResizeAug", "RandomCropAug", "RandomSizedCropAug",
           "CenterCropAug", "RandomOrderAug", "BrightnessJitterAug", "ContrastJitterAug",
           "SaturationJitterAug", "HueJitterAug", "ColorJitterAug", "LightingAug",
           "ColorNormalizeAug", "RandomGrayAug", "HorizontalFlipAug", "CastAug",
           "CreateAugmenter", "ImageIter"]


# ---------------------------------------------------------------------------
# decoding and encoding (NumPy arrays in OpenCV's BGR order inside)

def _no_backend(what):
    return MXNetError("%s: decoding/encoding images needs OpenCV (pip install "
                      "opencv-python-headless) or Pillow (pip install pillow); neither is "
                      "installed" % what)


def _decode_bgr(buf, flag=-1):
    """Decode an encoded image to an ``HWC`` uint8 NumPy array in BGR order (OpenCV's
    ``imdecode``: ``flag`` -1 as stored, 0 grayscale (``HW``), 1 colour)."""
    data = np.frombuffer(bytes(buf), dtype=np.uint8)
    if cv2 is not None:  # pragma: no cover - depends on the environment
        img = cv2.imdecode(data, flag)
        if img is None:
            raise MXNetError("imdecode: the buffer of %d bytes is not an image OpenCV can "
                             "decode" % data.size)
        return img
    if _PILImage is None:
        raise _no_backend("imdecode")
    try:
        pil = _PILImage.open(_io.BytesIO(data.tobytes()))
        pil.load()
    except Exception as err:
        raise MXNetError("imdecode: the buffer of %d bytes is not an image Pillow can decode "
                         "(%s)" % (data.size, err)) from None
    if flag == 0:
        return np.asarray(pil.convert("L"))
    if flag < 0 and pil.mode in ("L", "I;16", "I", "1"):
        return np.asarray(pil.convert("L"))
    if flag < 0 and pil.mode in ("RGBA", "LA", "PA") or (flag < 0 and "transparency"
                                                          in pil.info):
        return np.ascontiguousarray(np.asarray(pil.convert("RGBA"))[..., [2, 1, 0, 3]])
    return np.ascontiguousarray(np.asarray(pil.convert("RGB"))[..., ::-1])


def _encode_bgr(img, quality=95, img_fmt=".jpg"):
    """Encode an ``HWC`` (or ``HW``) uint8 NumPy array in BGR order as JPEG or PNG bytes."""
    img = np.asarray(img)
    fmt = img_fmt.upper()
    if fmt not in (".JPG", ".JPEG", ".PNG"):
        raise MXNetError("pack_img: img_fmt must be '.jpg', '.jpeg' or '.png', got %r"
                         % img_fmt)
    if cv2 is not None:  # pragma: no cover - depends on the environment
        params = [cv2.IMWRITE_PNG_COMPRESSION if fmt == ".PNG" else cv2.IMWRITE_JPEG_QUALITY,
                  quality]
        ok, buf = cv2.imencode(img_fmt, img, params)
        if not ok:
            raise MXNetError("pack_img: failed to encode image")
        return buf.tobytes()
    if _PILImage is None:
        raise _no_backend("pack_img")
    if img.ndim == 3 and img.shape[2] == 1:
        img = img[:, :, 0]
    if img.ndim == 3:
        img = img[..., [2, 1, 0, 3]] if img.shape[2] == 4 else img[..., ::-1]
    pil = _PILImage.fromarray(np.ascontiguousarray(img.astype(np.uint8)))
    out = _io.BytesIO()
    if fmt == ".PNG":
        pil.save(out, format="PNG", compress_level=int(min(max(quality, 0), 9)))
    else:
        pil.save(out, format="JPEG", quality=int(quality))
    return out.getvalue()


def _to_output(img, flag, to_rgb):
    """An OpenCV-style BGR NumPy image as MXNet's ``_cvimdecode`` returns it: an ``HWC``
    uint8 NDArray, RGB when ``to_rgb``."""
    if img.ndim == 2:
        img = img[:, :, None]
    elif to_rgb and img.shape[2] >= 3:
        img = np.concatenate([img[:, :, 2::-1], img[:, :, 3:]], axis=2)
    return nd.array(np.ascontiguousarray(img), dtype=np.uint8)


def imdecode(buf, flag=1, to_rgb=True, out=None):
    """Decode an image (JPEG, PNG, ...) to an ``HWC`` uint8 NDArray.

    Parameters
    ----------
    buf : bytes, bytearray, numpy.ndarray or NDArray
        The encoded image.
    flag : int, default 1
        1: colour (3 channels), 0: grayscale (1 channel), -1: as stored.
    to_rgb : bool, default True
        RGB channel order (else OpenCV's BGR).
    out : NDArray, optional
        Output array to fill.

    Returns
    -------
    NDArray
    """
    if flag not in (0, 1):
        raise MXNetError("imdecode: value %r for Parameter flag should be 0 (grayscale) or "
                         "1 (colour)" % (flag,))
    if isinstance(buf, nd.NDArray):
        buf = buf.asnumpy().astype(np.uint8).tobytes()
    elif isinstance(buf, np.ndarray):
        buf = buf.astype(np.uint8, copy=False).tobytes()
    elif not isinstance(buf, (bytes, bytearray)):
        raise ValueError("buf must be of type bytes, bytearray or numpy.ndarray,"
                         "if you would like to input type str, please convert to bytes")
    result = _to_output(_decode_bgr(buf, flag), flag, to_rgb)
    if out is not None:
        out[:] = result
        return out
    return result


def imread(filename, flag=1, to_rgb=True, out=None):
    """Read and decode an image file to an ``HWC`` uint8 NDArray.

    Parameters
    ----------
    filename : str
        Path of the image file.
    flag : int, default 1
        1: colour, 0: grayscale, -1: as stored.
    to_rgb : bool, default True
        RGB channel order (else BGR).
    out : NDArray, optional

    Returns
    -------
    NDArray
    """
    if not os.path.isfile(filename):
        raise MXNetError("imread: image file %s does not exist" % filename)
    with open(filename, "rb") as fin:
        return imdecode(fin.read(), flag, to_rgb, out)


# ---------------------------------------------------------------------------
# resizing and cropping

_warned_interp = set()


def _get_interp_method(interp, sizes=()):
    """MXNet's choice of interpolation: 9 = by sizes (cubic up, area down, else bilinear),
    10 = random among 0-4."""
    if interp == 9:
        if sizes:
            oh, ow, nh, nw = sizes
            if nh > oh and nw > ow:
                return 2
            if nh < oh and nw < ow:
                return 3
            return 1
        return 2
    if interp == 10:
        return random.randint(0, 4)
    if interp not in (0, 1, 2, 3, 4):
        # MXNet: OpenCV's "Unknown interpolation method", an MXNetError
        raise MXNetError("Unknown interpolation method %d (expected 0-4, 9 or 10)" % interp)
    return interp


def _supported_interp(interp):
    if interp in (0, 1, 2):
        return interp
    if interp not in _warned_interp:
        _warned_interp.add(interp)
        warnings.warn("mx.image: interpolation %d (%s) is not implemented by mxjax; using "
                      "bilinear (1)" % (interp, {3: "area", 4: "lanczos"}
                                        .get(interp, "?")))
    return 1


def imresize(src, w, h, interp=1):
    """Resize an ``HWC`` image to width ``w`` and height ``h`` (OpenCV's resize).

    Parameters
    ----------
    src : NDArray
        ``HWC`` image.
    w, h : int
        Output width and height.
    interp : int, default 1
        0: nearest, 1: bilinear (2 cubic, 3 area, 4 Lanczos fall back to bilinear with a
        warning).

    Returns
    -------
    NDArray
    """
    if len(src.shape) != 3:
        raise MXNetError("imresize: src must be an HWC image, got shape %s" % (src.shape,))
    if w <= 0 or h <= 0:
        raise MXNetError("imresize: output size (%d, %d) must be positive" % (w, h))
    return _resize(nd, src, int(w), int(h), _supported_interp(_get_interp_method(interp)))


def scale_down(src_size, size):
    """Shrink ``size`` (w, h) to fit in ``src_size`` (w, h), keeping its aspect ratio.

    Returns
    -------
    (int, int)
    """
    w, h = size
    sw, sh = src_size
    if sh < h:
        w, h = float(w * sh) / h, sh
    if sw < w:
        w, h = sw, float(h * sw) / w
    return int(w), int(h)


_BORDER_MODES = {0: "constant", 1: "edge", 2: "symmetric", 3: "wrap", 4: "reflect"}


def copyMakeBorder(src, top, bot, left, right, type=0, value=0.0, values=None):
    """Pad an ``HWC`` image (OpenCV's ``copyMakeBorder``).

    Parameters
    ----------
    src : NDArray
    top, bot, left, right : int
        Border widths.
    type : int, default 0
        0 constant, 1 replicate, 2 reflect (edge pixel repeated), 3 wrap, 4 reflect_101.
    value : float, default 0
        Fill value of a constant border.
    values : tuple of float, optional
        Per-channel fill values of a constant border.
    """
    if type not in _BORDER_MODES:
        raise MXNetError("copyMakeBorder: unknown border type %r (0-4)" % (type,))
    arr = src.asnumpy()
    pad = [(top, bot), (left, right)] + [(0, 0)] * (arr.ndim - 2)
    if type == 0:
        out = np.pad(arr, pad, mode="constant", constant_values=0)
        fill = np.asarray(values if values is not None else value, dtype=np.float64)
        mask = np.ones(arr.shape[:2], bool)
        mask = ~np.pad(mask, pad[:2], mode="constant", constant_values=False)
        out[mask] = np.broadcast_to(fill, out[mask].shape).astype(out.dtype)
    else:
        out = np.pad(arr, pad, mode=_BORDER_MODES[type])
    return nd.array(out, dtype=arr.dtype)


def resize_short(src, size, interp=2):
    """Resize the shorter edge of an ``HWC`` image to ``size``, keeping the aspect ratio.

    Parameters
    ----------
    src : NDArray
    size : int
    interp : int, default 2

    Returns
    -------
    NDArray
    """
    h, w, _ = src.shape
    if h > w:
        new_h, new_w = size * h // w, size
    else:
        new_h, new_w = size, size * w // h
    return imresize(src, new_w, new_h, interp=_get_interp_method(interp, (h, w, new_h, new_w)))


def fixed_crop(src, x0, y0, w, h, size=None, interp=2):
    """Crop ``src`` at ``(x0, y0)`` to ``w`` x ``h``, then resize to ``size`` (w, h) if
    given.

    Returns
    -------
    NDArray
    """
    out = src[y0:y0 + h, x0:x0 + w]
    if size is not None and (w, h) != tuple(size):
        out = imresize(out, *size, interp=_get_interp_method(interp, (h, w, size[1], size[0])))
    return out


def random_crop(src, size, interp=2):
    """Crop a random ``size`` (w, h) region (scaled down to fit).

    Returns
    -------
    (NDArray, (x0, y0, w, h))
    """
    h, w, _ = src.shape
    new_w, new_h = scale_down((w, h), size)
    x0 = random.randint(0, w - new_w)
    y0 = random.randint(0, h - new_h)
    return fixed_crop(src, x0, y0, new_w, new_h, size, interp), (x0, y0, new_w, new_h)


def center_crop(src, size, interp=2):
    """Crop the centre ``size`` (w, h) region (scaled down to fit, then resized to size).

    Returns
    -------
    (NDArray, (x0, y0, w, h))
    """
    h, w, _ = src.shape
    new_w, new_h = scale_down((w, h), size)
    x0 = int((w - new_w) / 2)
    y0 = int((h - new_h) / 2)
    return fixed_crop(src, x0, y0, new_w, new_h, size, interp), (x0, y0, new_w, new_h)


def color_normalize(src, mean, std=None):
    """``(src - mean) / std`` (in place, as MXNet).

    Returns
    -------
    NDArray
    """
    if mean is not None:
        src -= mean
    if std is not None:
        src /= std
    return src


def random_size_crop(src, size, area, ratio, interp=2, **kwargs):
    """Crop a random region with area fraction in ``area`` and aspect ratio in ``ratio``,
    resized to ``size``; falls back to :func:`center_crop` after 10 tries.

    Returns
    -------
    (NDArray, (x0, y0, w, h))
    """
    h, w, _ = src.shape
    src_area = h * w
    if "min_area" in kwargs:
        warnings.warn("`min_area` is deprecated. Please use `area` instead.",
                      DeprecationWarning)
        area = kwargs.pop("min_area")
    if kwargs:
        raise MXNetError("random_size_crop: unexpected keyword arguments %s" % sorted(kwargs))
    if isinstance(area, numeric_types):
        area = (area, 1.0)
    for _ in range(10):
        target_area = random.uniform(area[0], area[1]) * src_area
        new_ratio = np.exp(random.uniform(np.log(ratio[0]), np.log(ratio[1])))
        new_w = int(round(np.sqrt(target_area * new_ratio)))
        new_h = int(round(np.sqrt(target_area / new_ratio)))
        if new_w <= w and new_h <= h:
            x0 = random.randint(0, w - new_w)
            y0 = random.randint(0, h - new_h)
            return fixed_crop(src, x0, y0, new_w, new_h, size, interp), (x0, y0, new_w, new_h)
    return center_crop(src, size, interp)


def imrotate(src, rotation_degrees, zoom_in=False, zoom_out=False):
    """Rotate ``CHW`` (or ``NCHW``) float32 images about their centre, sampling bilinearly
    (zero outside).

    Parameters
    ----------
    src : NDArray
        float32 ``CHW`` or ``NCHW``.
    rotation_degrees : float or NDArray
        Angle(s), counter-clockwise; one per image for ``NCHW``.
    zoom_in : bool, default False
        Zoom so that no padding shows.
    zoom_out : bool, default False
        Zoom so that the whole rotated image fits.

    Returns
    -------
    NDArray
    """
    if zoom_in and zoom_out:
        raise ValueError("`zoom_in` and `zoom_out` cannot be both True")
    if np.dtype(src.dtype) != np.float32:
        raise TypeError("Only `float32` images are supported by this function")
    expanded = False
    if src.ndim == 3:
        expanded = True
        src = src.expand_dims(axis=0)
        if not isinstance(rotation_degrees, Number):
            raise TypeError("When a single image is passed the rotation angle is required "
                            "to be a scalar.")
    elif src.ndim != 4:
        raise ValueError("Only 3D and 4D are supported by this function")
    n, _, h, w = src.shape
    if isinstance(rotation_degrees, Number):
        degrees = np.full((n,), float(rotation_degrees))
    else:
        degrees = np.asarray(rotation_degrees.asnumpy() if isinstance(rotation_degrees,
                                                                      nd.NDArray)
                             else rotation_degrees, dtype=np.float64).reshape(-1)
    if len(degrees) != n:
        raise ValueError("The number of images must be equal to the number of rotation "
                         "angles")
    rad = (np.pi * degrees.astype(np.float32) / 180).astype(np.float32)[:, None, None]
    hscale, wscale = np.float32(h - 1) / 2, np.float32(w - 1) / 2
    hm = (np.arange(h, dtype=np.float32)[:, None].repeat(w, axis=1) - hscale)[None]
    wm = (np.arange(w, dtype=np.float32)[None, :].repeat(h, axis=0) - wscale)[None]
    cos, sin = np.cos(rad), np.sin(rad)
    w_rot = (wm * cos - hm * sin) / wscale
    h_rot = (wm * sin + hm * cos) / hscale
    scale = np.float32(1)
    if zoom_in or zoom_out:
        hf, wf = np.float32(h), np.float32(w)
        rho = np.sqrt(hf * hf + wf * wf)
        ang = np.arctan(hf / wf)
        arad = np.abs(rad)
        max_x = np.maximum(np.abs(rho * np.cos(ang + arad)), np.abs(rho * np.cos(ang - arad)))
        max_y = np.maximum(np.abs(rho * np.sin(ang + arad)), np.abs(rho * np.sin(ang - arad)))
        if zoom_out:
            scale = np.maximum(max_x / wf, max_y / hf)
        else:
            scale = np.minimum(wf / max_x, hf / max_y)
        scale = scale[:, None]
    grid = np.concatenate([w_rot[:, None], h_rot[:, None]], axis=1) * scale
    out = nd.BilinearSampler(src, nd.array(grid.astype(np.float32), ctx=src.context))
    return out[0] if expanded else out


def random_rotate(src, angle_limits, zoom_in=False, zoom_out=False):
    """Rotate by an angle drawn uniformly from ``angle_limits`` (one per image).

    Returns
    -------
    NDArray
    """
    if src.ndim == 3:
        degrees = np.random.uniform(*angle_limits)
    else:
        degrees = nd.array(np.random.uniform(*angle_limits, size=src.shape[0]))
    return imrotate(src, degrees, zoom_in=zoom_in, zoom_out=zoom_out)


# ---------------------------------------------------------------------------
# augmenters

class Augmenter:
    """Base class of image augmenters: ``aug(src) -> src``; ``dumps()`` gives its name and
    arguments as JSON."""

    def __init__(self, **kwargs):
        self._kwargs = kwargs
        for key, value in self._kwargs.items():
            if isinstance(value, nd.NDArray):
                value = value.asnumpy()
            if isinstance(value, np.ndarray):
                self._kwargs[key] = value.tolist()

    def dumps(self):
        """The augmenter as a JSON string ``[name, kwargs]``."""
        return json.dumps([self.__class__.__name__.lower(), self._kwargs])

    def __call__(self, src):
        raise NotImplementedError("Must override implementation.")


class SequentialAug(Augmenter):
    """Apply augmenters ``ts`` in order."""

    def __init__(self, ts):
        super().__init__()
        self.ts = ts

    def dumps(self):
        return [self.__class__.__name__.lower(), [x.dumps() for x in self.ts]]

    def __call__(self, src):
        for aug in self.ts:
            src = aug(src)
        return src


class RandomOrderAug(SequentialAug):
    """Apply augmenters ``ts`` in a random order."""

    def __call__(self, src):
        random.shuffle(self.ts)
        return super().__call__(src)


class ResizeAug(Augmenter):
    """Resize the shorter edge to ``size``."""

    def __init__(self, size, interp=2):
        super().__init__(size=size, interp=interp)
        self.size = size
        self.interp = interp

    def __call__(self, src):
        return resize_short(src, self.size, self.interp)


class ForceResizeAug(Augmenter):
    """Resize to ``size`` (w, h) regardless of the aspect ratio."""

    def __init__(self, size, interp=2):
        super().__init__(size=size, interp=interp)
        self.size = size
        self.interp = interp

    def __call__(self, src):
        sizes = (src.shape[0], src.shape[1], self.size[1], self.size[0])
        return imresize(src, *self.size, interp=_get_interp_method(self.interp, sizes))


class RandomCropAug(Augmenter):
    """Crop a random ``size`` (w, h) region."""

    def __init__(self, size, interp=2):
        super().__init__(size=size, interp=interp)
        self.size = size
        self.interp = interp

    def __call__(self, src):
        return random_crop(src, self.size, self.interp)[0]


class RandomSizedCropAug(Augmenter):
    """Crop a random region of area fraction ``area`` and aspect ``ratio``, resized to
    ``size``."""

    def __init__(self, size, area, ratio, interp=2, **kwargs):
        super().__init__(size=size, area=area, ratio=ratio, interp=interp)
        self.size = size
        if "min_area" in kwargs:
            warnings.warn("`min_area` is deprecated. Please use `area` instead.",
                          DeprecationWarning)
            area = kwargs.pop("min_area")
        if kwargs:
            raise MXNetError("RandomSizedCropAug: unexpected keyword arguments %s"
                             % sorted(kwargs))
        self.area = area
        self.ratio = ratio
        self.interp = interp

    def __call__(self, src):
        return random_size_crop(src, self.size, self.area, self.ratio, self.interp)[0]


class CenterCropAug(Augmenter):
    """Crop the centre ``size`` (w, h) region."""

    def __init__(self, size, interp=2):
        super().__init__(size=size, interp=interp)
        self.size = size
        self.interp = interp

    def __call__(self, src):
        return center_crop(src, self.size, self.interp)[0]


_GRAY_COEF = [[[0.299, 0.587, 0.114]]]


class BrightnessJitterAug(Augmenter):
    """Multiply by ``1 + U(-brightness, brightness)``."""

    def __init__(self, brightness):
        super().__init__(brightness=brightness)
        self.brightness = brightness

    def __call__(self, src):
        alpha = 1.0 + random.uniform(-self.brightness, self.brightness)
        src *= alpha
        return src


class ContrastJitterAug(Augmenter):
    """Blend with the mean gray level: ``alpha * src + (1 - alpha) * mean(gray)``."""

    def __init__(self, contrast):
        super().__init__(contrast=contrast)
        self.contrast = contrast
        self.coef = nd.array(_GRAY_COEF)

    def __call__(self, src):
        alpha = 1.0 + random.uniform(-self.contrast, self.contrast)
        gray = src * self.coef
        gray = 3.0 * (1.0 - alpha) / gray.size * nd.sum(gray)
        src *= alpha
        src += gray
        return src


class SaturationJitterAug(Augmenter):
    """Blend each pixel with its gray level: ``alpha * src + (1 - alpha) * gray``."""

    def __init__(self, saturation):
        super().__init__(saturation=saturation)
        self.saturation = saturation
        self.coef = nd.array(_GRAY_COEF)

    def __call__(self, src):
        alpha = 1.0 + random.uniform(-self.saturation, self.saturation)
        gray = nd.sum(src * self.coef, axis=2, keepdims=True)
        gray *= 1.0 - alpha
        src *= alpha
        src += gray
        return src


_TYIQ = np.array([[0.299, 0.587, 0.114], [0.596, -0.274, -0.321], [0.211, -0.523, 0.311]])
_ITYIQ = np.array([[1.0, 0.956, 0.621], [1.0, -0.272, -0.647], [1.0, -1.107, 1.705]])


def _hue_matrix(alpha):
    """The RGB -> RGB matrix rotating the hue by ``alpha * pi`` in YIQ space."""
    u, w = np.cos(alpha * np.pi), np.sin(alpha * np.pi)
    bt = np.array([[1.0, 0.0, 0.0], [0.0, u, -w], [0.0, w, u]])
    return np.dot(np.dot(_ITYIQ, bt), _TYIQ).T


class HueJitterAug(Augmenter):
    """Rotate the hue by ``U(-hue, hue) * pi`` (in YIQ space)."""

    def __init__(self, hue):
        super().__init__(hue=hue)
        self.hue = hue
        self.tyiq = _TYIQ
        self.ityiq = _ITYIQ

    def __call__(self, src):
        alpha = random.uniform(-self.hue, self.hue)
        return nd.dot(src, nd.array(_hue_matrix(alpha)))


class ColorJitterAug(RandomOrderAug):
    """Brightness, contrast and saturation jitter, in random order."""

    def __init__(self, brightness, contrast, saturation):
        ts = []
        if brightness > 0:
            ts.append(BrightnessJitterAug(brightness))
        if contrast > 0:
            ts.append(ContrastJitterAug(contrast))
        if saturation > 0:
            ts.append(SaturationJitterAug(saturation))
        super().__init__(ts)


class LightingAug(Augmenter):
    """AlexNet-style PCA lighting noise: add ``eigvec @ (alpha * eigval)``,
    ``alpha ~ N(0, alphastd)``."""

    def __init__(self, alphastd, eigval, eigvec):
        super().__init__(alphastd=alphastd, eigval=eigval, eigvec=eigvec)
        self.alphastd = alphastd
        self.eigval = eigval
        self.eigvec = eigvec

    def __call__(self, src):
        alpha = np.random.normal(0, self.alphastd, size=(3,))
        src += nd.array(np.dot(self.eigvec * alpha, self.eigval))
        return src


class ColorNormalizeAug(Augmenter):
    """``(src - mean) / std``."""

    def __init__(self, mean, std):
        super().__init__(mean=mean, std=std)
        self.mean = mean if mean is None or isinstance(mean, nd.NDArray) else nd.array(mean)
        self.std = std if std is None or isinstance(std, nd.NDArray) else nd.array(std)

    def __call__(self, src):
        return color_normalize(src, self.mean, self.std)


class RandomGrayAug(Augmenter):
    """Convert to gray (kept as 3 channels) with probability ``p``."""

    def __init__(self, p):
        super().__init__(p=p)
        self.p = p
        self.mat = nd.array([[0.21, 0.21, 0.21], [0.72, 0.72, 0.72], [0.07, 0.07, 0.07]])

    def __call__(self, src):
        if random.random() < self.p:
            src = nd.dot(src, self.mat)
        return src


class HorizontalFlipAug(Augmenter):
    """Flip left-right with probability ``p``."""

    def __init__(self, p):
        super().__init__(p=p)
        self.p = p

    def __call__(self, src):
        if random.random() < self.p:
            src = nd.flip(src, axis=1)
        return src


class CastAug(Augmenter):
    """Cast to ``typ``."""

    def __init__(self, typ="float32"):
        super().__init__(type=typ)
        self.typ = typ

    def __call__(self, src):
        return src.astype(self.typ)


_PCA_EIGVAL = np.array([55.46, 4.794, 1.148])
_PCA_EIGVEC = np.array([[-0.5675, 0.7192, 0.4009], [-0.5808, -0.0045, -0.8140],
                        [-0.5836, -0.6948, 0.4203]])


def CreateAugmenter(data_shape, resize=0, rand_crop=False, rand_resize=False,
                    rand_mirror=False, mean=None, std=None, brightness=0, contrast=0,
                    saturation=0, hue=0, pca_noise=0, rand_gray=0, inter_method=2):
    """The standard list of augmenters for ``data_shape`` (C, H, W), as MXNet builds it.

    Parameters
    ----------
    data_shape : tuple of int
    resize : int, default 0
        Resize the shorter edge first (0: no).
    rand_crop, rand_resize, rand_mirror : bool
    mean, std : True, numpy.ndarray or NDArray, optional
        ``True`` gives ImageNet's values.
    brightness, contrast, saturation, hue, pca_noise, rand_gray : float
    inter_method : int, default 2

    Returns
    -------
    list of Augmenter
    """
    auglist = []
    if resize > 0:
        auglist.append(ResizeAug(resize, inter_method))
    crop_size = (data_shape[2], data_shape[1])
    if rand_resize:
        if not rand_crop:
            raise MXNetError("CreateAugmenter: rand_resize needs rand_crop")
        auglist.append(RandomSizedCropAug(crop_size, 0.08, (3.0 / 4.0, 4.0 / 3.0),
                                          inter_method))
    elif rand_crop:
        auglist.append(RandomCropAug(crop_size, inter_method))
    else:
        auglist.append(CenterCropAug(crop_size, inter_method))
    if rand_mirror:
        auglist.append(HorizontalFlipAug(0.5))
    auglist.append(CastAug())
    if brightness or contrast or saturation:
        auglist.append(ColorJitterAug(brightness, contrast, saturation))
    if hue:
        auglist.append(HueJitterAug(hue))
    if pca_noise > 0:
        auglist.append(LightingAug(pca_noise, _PCA_EIGVAL, _PCA_EIGVEC))
    if rand_gray > 0:
        auglist.append(RandomGrayAug(rand_gray))
    for name, value, default in (("mean", mean, [123.68, 116.28, 103.53]),
                                 ("std", std, [58.395, 57.12, 57.375])):
        if value is True:
            value = nd.array(default)
        elif value is not None and not (isinstance(value, (np.ndarray, nd.NDArray))
                                        and value.shape[0] in (1, 3)):
            raise MXNetError("CreateAugmenter: %s must be True or an array of 1 or 3 values"
                             % name)
        if name == "mean":
            mean = value
        else:
            std = value
    if mean is not None or std is not None:
        auglist.append(ColorNormalizeAug(mean, std))
    return auglist


class ImageIter(io.DataIter):
    """Image data iterator over a RecordIO file (``path_imgrec``, optionally indexed by
    ``path_imgidx``) or an image list (``path_imglist`` file or ``imglist``) of files under
    ``path_root``, decoding, augmenting and batching ``NCHW`` float data.

    Parameters
    ----------
    batch_size : int
    data_shape : tuple of int
        (3, H, W).
    label_width : int, default 1
    path_imgrec, path_imglist, path_root, path_imgidx : str, optional
    shuffle : bool, default False
    part_index, num_parts : int
        Read only part ``part_index`` of ``num_parts``.
    aug_list : list of Augmenter, optional
        Default: ``CreateAugmenter(data_shape, **kwargs)``.
    imglist : list, optional
        ``[[label..., filename], ...]``.
    data_name, label_name : str
    dtype : str, default 'float32'
        Label dtype.
    last_batch_handle : {'pad', 'discard', 'roll_over'}
    """

    def __init__(self, batch_size, data_shape, label_width=1, path_imgrec=None,
                 path_imglist=None, path_root=None, path_imgidx=None, shuffle=False,
                 part_index=0, num_parts=1, aug_list=None, imglist=None, data_name="data",
                 label_name="softmax_label", dtype="float32", last_batch_handle="pad",
                 **kwargs):
        super().__init__(batch_size)
        if not (path_imgrec or path_imglist or isinstance(imglist, list)):
            raise MXNetError("ImageIter: give path_imgrec, path_imglist or imglist")
        if dtype not in ("int32", "float32", "int64", "float64"):
            raise MXNetError("ImageIter: label dtype %s not supported" % dtype)
        if path_imgrec:
            if path_imgidx:
                self.imgrec = recordio.MXIndexedRecordIO(path_imgidx, path_imgrec, "r")
                self.imgidx = list(self.imgrec.keys)
            else:
                self.imgrec = recordio.MXRecordIO(path_imgrec, "r")
                self.imgidx = None
        else:
            self.imgrec = None
        imgkeys = []
        if path_imglist:
            imglist_map = {}
            with open(path_imglist) as fin:
                for line in fin:
                    fields = line.strip().split("\t")
                    if len(fields) < 2:
                        continue
                    key = int(fields[0])
                    imglist_map[key] = (nd.array(fields[1:-1], dtype=dtype), fields[-1])
                    imgkeys.append(key)
            self.imglist = imglist_map
        elif isinstance(imglist, list):
            imglist_map = {}
            for index, img in enumerate(imglist, 1):
                key = str(index)
                if len(img) > 2:
                    label = nd.array(img[:-1], dtype=dtype)
                elif isinstance(img[0], numeric_types):
                    label = nd.array([img[0]], dtype=dtype)
                else:
                    label = nd.array(img[0], dtype=dtype)
                imglist_map[key] = (label, img[-1])
                imgkeys.append(key)
            self.imglist = imglist_map
        else:
            self.imglist = None
        self.path_root = path_root
        self.check_data_shape(data_shape)
        self.provide_data = [io.DataDesc(data_name, (batch_size,) + tuple(data_shape))]
        label_shape = (batch_size, label_width) if label_width > 1 else (batch_size,)
        self.provide_label = [io.DataDesc(label_name, label_shape)]
        self.batch_size = batch_size
        self.data_shape = data_shape
        self.label_width = label_width
        self.shuffle = shuffle
        if self.imgrec is None:
            self.seq = imgkeys
        elif shuffle or num_parts > 1 or path_imgidx:
            if self.imgidx is None:
                raise MXNetError("ImageIter: shuffle or num_parts > 1 needs path_imgidx")
            self.seq = self.imgidx
        else:
            self.seq = None
        if num_parts > 1:
            if part_index >= num_parts:
                raise MXNetError("ImageIter: part_index %d >= num_parts %d"
                                 % (part_index, num_parts))
            per_part = len(self.seq) // num_parts
            self.seq = self.seq[part_index * per_part:(part_index + 1) * per_part]
        self.auglist = CreateAugmenter(data_shape, **kwargs) if aug_list is None else aug_list
        self.cur = 0
        self._allow_read = True
        self.last_batch_handle = last_batch_handle
        self.num_image = len(self.seq) if self.seq is not None else None
        self._cache_data = None
        self._cache_label = None
        self._cache_idx = None
        self.reset()

    def reset(self):
        """Rewind (and reshuffle) for the next epoch."""
        if self.seq is not None and self.shuffle:
            random.shuffle(self.seq)
        if self.last_batch_handle != "roll_over" or self._cache_data is None:
            if self.imgrec is not None:
                self.imgrec.reset()
            self.cur = 0
            self._allow_read = True

    def hard_reset(self):
        """Rewind, dropping any rolled-over samples."""
        if self.seq is not None and self.shuffle:
            random.shuffle(self.seq)
        if self.imgrec is not None:
            self.imgrec.reset()
        self.cur = 0
        self._allow_read = True
        self._cache_data = self._cache_label = self._cache_idx = None

    def next_sample(self):
        """The next (label, encoded image) pair."""
        if not self._allow_read:
            raise StopIteration
        if self.seq is not None:
            if self.cur >= self.num_image:
                if self.last_batch_handle != "discard":
                    self.cur = 0
                raise StopIteration
            idx = self.seq[self.cur]
            self.cur += 1
            if self.imgrec is not None:
                header, img = recordio.unpack(self.imgrec.read_idx(idx))
                if self.imglist is None:
                    return header.label, img
                return self.imglist[idx][0], img
            label, fname = self.imglist[idx]
            return label, self.read_image(fname)
        s = self.imgrec.read()
        if s is None:
            if self.last_batch_handle != "discard":
                self.imgrec.reset()
            raise StopIteration
        header, img = recordio.unpack(s)
        return header.label, img

    def _batchify(self, batch_data, batch_label, start=0):
        i = start
        try:
            while i < self.batch_size:
                label, s = self.next_sample()
                data = self.imdecode(s)
                try:
                    self.check_valid_image(data)
                except RuntimeError as err:
                    logging.debug("Invalid image, skipping:  %s", str(err))
                    continue
                data = self.augmentation_transform(data)
                batch_data[i] = self.postprocess_data(data)
                batch_label[i] = label
                i += 1
        except StopIteration:
            if not i:
                raise
        return i

    def next(self):
        """The next DataBatch."""
        c, h, w = self.data_shape
        if self._cache_data is not None:
            batch_data, batch_label, i = self._cache_data, self._cache_label, self._cache_idx
        else:
            batch_data = nd.zeros((self.batch_size, c, h, w))
            batch_label = nd.empty(self.provide_label[0][1])
            i = self._batchify(batch_data, batch_label)
        pad = self.batch_size - i
        if pad != 0:
            if self.last_batch_handle == "discard":
                raise StopIteration
            if self.last_batch_handle == "roll_over" and self._cache_data is None:
                self._cache_data, self._cache_label, self._cache_idx = batch_data, batch_label, i
                raise StopIteration
            self._batchify(batch_data, batch_label, i)
            if self.last_batch_handle == "pad":
                self._allow_read = False
            else:
                self._cache_data = self._cache_label = self._cache_idx = None
        return io.DataBatch([batch_data], [batch_label], pad=pad)

    def check_data_shape(self, data_shape):
        """Check that ``data_shape`` is (3, H, W)."""
        if len(data_shape) != 3:
            raise ValueError("data_shape should have length 3, with dimensions CxHxW")
        if data_shape[0] != 3:
            raise ValueError("This iterator expects inputs to have 3 channels.")

    def check_valid_image(self, data):
        """Raise RuntimeError for an empty decoded image."""
        if len(data[0].shape) == 0:
            raise RuntimeError("Data shape is wrong")

    def imdecode(self, s):
        """Decode an encoded image (RuntimeError naming the record when it is broken)."""
        try:
            return imdecode(s)
        except Exception as err:
            raise RuntimeError("Broken image at position %d: %s" % (self.cur, err)) from None

    def read_image(self, fname):
        """The bytes of image file ``fname`` under ``path_root``."""
        with open(os.path.join(self.path_root or "", fname), "rb") as fin:
            return fin.read()

    def augmentation_transform(self, data):
        """Apply every augmenter."""
        for aug in self.auglist:
            data = aug(data)
        return data

    def postprocess_data(self, datum):
        """``HWC`` -> ``CHW``."""
        return nd.transpose(datum, axes=(2, 0, 1))
