"""``gluon.data.vision.transforms``: image transforms as Blocks, as MXNet 1.9.1's.

Images are ``HWC`` (or ``NHWC``) NDArrays before :class:`ToTensor` and ``CHW``
(``NCHW``) float32 after it. Resizing follows OpenCV's ``cv::resize`` (what MXNet
calls): nearest neighbour and bilinear with half-pixel centres; bilinear on uint8
images uses OpenCV's fixed-point arithmetic. Random transforms draw from
``mx.random`` (``RandomFlip*``) or Python's ``random`` (``RandomResizedCrop``), as
MXNet.
"""
import random
import sys

import numpy as np

from ....base import MXNetError, numeric_types
from .... import ndarray as nd
from ...block import Block, HybridBlock
from ...nn import Sequential, HybridSequential
from ....image._resize import resize as _resize
from ....image import image as _image

__all__ = ["Compose", "Cast", "ToTensor", "Normalize", "Resize", "CenterCrop",
           "RandomResizedCrop", "CropResize", "RandomFlipLeftRight", "RandomFlipTopBottom",
           "RandomApply", "Rotate", "RandomRotation", "RandomBrightness", "RandomContrast",
           "RandomSaturation", "RandomHue", "RandomColorJitter", "RandomLighting"]


class Compose(Sequential):
    """Apply transforms in sequence; runs of HybridBlocks are hybridized together.

    Parameters
    ----------
    transforms : list of Block
    """

    def __init__(self, transforms):
        super().__init__()
        transforms = list(transforms) + [None]
        hybrid = []
        for i in transforms:
            if isinstance(i, HybridBlock):
                hybrid.append(i)
                continue
            if len(hybrid) == 1:
                self.add(hybrid[0])
                hybrid = []
            elif len(hybrid) > 1:
                hblock = HybridSequential()
                for j in hybrid:
                    hblock.add(j)
                hblock.hybridize()
                self.add(hblock)
                hybrid = []
            if i is not None:
                self.add(i)


class Cast(HybridBlock):
    """Cast to ``dtype``.

    Parameters
    ----------
    dtype : str, default 'float32'
    """

    def __init__(self, dtype="float32"):
        super().__init__()
        self._dtype = dtype

    def hybrid_forward(self, F, x):
        return F.cast(x, self._dtype)


def _is_np(x):
    """Whether ``x`` is an ``mx.np.ndarray`` (without importing mx.np for mx.nd users)."""
    mod = sys.modules.get(__package__.split(".")[0] + ".numpy.multiarray")
    return mod is not None and isinstance(x, mod.ndarray)


def _check_image(x, name, ndims=(3, 4)):
    if len(x.shape) not in ndims:
        raise MXNetError("%s: input image dimension should be %s but got %d (shape %s)"
                         % (name, " or ".join(str(n) for n in ndims), len(x.shape), x.shape))


class ToTensor(HybridBlock):
    """``HWC`` (``NHWC``) images in [0, 255] to ``CHW`` (``NCHW``) float32 in [0, 1]."""

    def __init__(self):
        super().__init__()

    def hybrid_forward(self, F, x):
        _check_image(x, "ToTensor")
        axes = (2, 0, 1) if len(x.shape) == 3 else (0, 3, 1, 2)
        return F.transpose(F.cast(x, "float32") / 255.0, axes=axes)


class Normalize(HybridBlock):
    """``(x - mean) / std`` per channel of ``CHW`` (``NCHW``) float images.

    Parameters
    ----------
    mean : float or tuple of float, default 0.0
    std : float or tuple of float, default 1.0
    """

    def __init__(self, mean=0.0, std=1.0):
        super().__init__()
        self._mean = mean
        self._std = std

    @staticmethod
    def _per_channel(value, channels, what):
        values = list(value) if isinstance(value, (tuple, list)) else [value]
        if len(values) == 1:
            values = values * channels
        if len(values) != channels:
            raise MXNetError("Normalize: %s has %d values for %d channels"
                             % (what, len(values), channels))
        return values

    def hybrid_forward(self, F, x):
        _check_image(x, "Normalize")
        c_axis = 0 if len(x.shape) == 3 else 1
        channels = x.shape[c_axis]
        if channels not in (1, 3):
            raise MXNetError("Normalize: The first dimension of input tensor must be the "
                             "channel dimension with either 1 or 3 elements, but got input "
                             "with shape %s" % (x.shape,))
        shape = [1] * len(x.shape)
        shape[c_axis] = channels
        mean = np.array(self._per_channel(self._mean, channels, "mean"),
                        dtype="float32").reshape(shape)
        std = np.array(self._per_channel(self._std, channels, "std"),
                       dtype="float32").reshape(shape)
        mean = F.array(mean, ctx=x.context, dtype=x.dtype)
        std = F.array(std, ctx=x.context, dtype=x.dtype)
        return F.broadcast_div(F.broadcast_sub(x, mean), std)


def _target_size(in_h, in_w, size, keep_ratio):
    """(width, height) of MXNet's ``image.resize`` for ``size`` (int or (w, h))."""
    if isinstance(size, numeric_types) or (isinstance(size, (tuple, list)) and len(size) == 1):
        s = int(size if isinstance(size, numeric_types) else size[0])
        w = h = s
        if keep_ratio and s > 0:
            if in_h > in_w:
                h = int(in_h * s // in_w)
            else:
                w = int(in_w * s // in_h)
    elif len(size) != 2:
        raise MXNetError("Resize: size must be an int or (width, height), got %s" % (size,))
    else:
        w, h = int(size[0]), int(size[1])
    if w <= 0 or h <= 0:
        raise MXNetError("Resize: the target width and height must be greater than 0, got "
                         "(%d, %d)" % (w, h))
    return w, h


class Resize(HybridBlock):
    """Resize ``HWC`` (``NHWC``) images.

    Parameters
    ----------
    size : int or (width, height)
    keep_ratio : bool, default False
        With an int ``size``: resize the shorter edge to ``size``, keeping the aspect.
    interpolation : int, default 1
        0: nearest neighbour, 1: bilinear, 2: bicubic (OpenCV's; others are not
        supported by mxjax).
    """

    def __init__(self, size, keep_ratio=False, interpolation=1):
        super().__init__()
        self._keep = keep_ratio
        self._size = size
        self._interpolation = interpolation

    def hybrid_forward(self, F, x):
        _check_image(x, "Resize")
        h_axis = 0 if len(x.shape) == 3 else 1
        w, h = _target_size(x.shape[h_axis], x.shape[h_axis + 1], self._size, self._keep)
        return _resize(F, x, w, h, self._interpolation)


def _fixed_crop(src, x0, y0, w, h, size=None, interp=2):
    out = src[y0:y0 + h, x0:x0 + w]
    if size is not None and (w, h) != tuple(size):
        out = _resize(nd, out, size[0], size[1], interp)
    return out


def _scale_down(src_size, size):
    w, h = size
    sw, sh = src_size
    if sh < h:
        w, h = float(w * sh) / h, sh
    if sw < w:
        w, h = sw, float(h * sw) / w
    return int(w), int(h)


def _center_crop(src, size, interp=2):
    h, w = src.shape[0], src.shape[1]
    new_w, new_h = _scale_down((w, h), size)
    x0 = int((w - new_w) / 2)
    y0 = int((h - new_h) / 2)
    return _fixed_crop(src, x0, y0, new_w, new_h, size, interp), (x0, y0, new_w, new_h)


class CenterCrop(Block):
    """Crop the centre (resized to ``size`` when the image is smaller).

    Parameters
    ----------
    size : int or (width, height)
    interpolation : int, default 1
    """

    def __init__(self, size, interpolation=1):
        super().__init__()
        if isinstance(size, numeric_types):
            size = (size, size)
        self._args = (size, interpolation)

    def forward(self, x):
        _check_image(x, "CenterCrop", (3,))
        return _center_crop(x, *self._args)[0]


class RandomResizedCrop(Block):
    """Crop a random area (fraction ``scale`` of the image, aspect ``ratio``) and resize
    it to ``size``; falls back to a centre crop after 10 tries.

    Parameters
    ----------
    size : int or (width, height)
    scale : (float, float), default (0.08, 1.0)
    ratio : (float, float), default (3/4, 4/3)
    interpolation : int, default 1
    """

    def __init__(self, size, scale=(0.08, 1.0), ratio=(3.0 / 4.0, 4.0 / 3.0), interpolation=1):
        super().__init__()
        if isinstance(size, numeric_types):
            size = (size, size)
        self._args = (size, scale, ratio, interpolation)

    def forward(self, x):
        _check_image(x, "RandomResizedCrop", (3,))
        size, area, ratio, interp = self._args
        h, w = x.shape[0], x.shape[1]
        src_area = h * w
        if isinstance(area, numeric_types):
            area = (area, 1.0)
        for _ in range(10):
            target_area = random.uniform(area[0], area[1]) * src_area
            log_ratio = (np.log(ratio[0]), np.log(ratio[1]))
            new_ratio = np.exp(random.uniform(*log_ratio))
            new_w = int(round(np.sqrt(target_area * new_ratio)))
            new_h = int(round(np.sqrt(target_area / new_ratio)))
            if new_w <= w and new_h <= h:
                x0 = random.randint(0, w - new_w)
                y0 = random.randint(0, h - new_h)
                return _fixed_crop(x, x0, y0, new_w, new_h, size, interp)
        return _center_crop(x, size, interp)[0]


class CropResize(HybridBlock):
    """Crop ``(x, y, width, height)`` and optionally resize to ``size``.

    Parameters
    ----------
    x, y : int
        The top-left corner.
    width, height : int
    size : int or (width, height), optional
    interpolation : int, optional
        Default bilinear.
    """

    def __init__(self, x, y, width, height, size=None, interpolation=None):
        super().__init__()
        self._x = x
        self._y = y
        self._width = width
        self._height = height
        self._size = size
        self._interpolation = interpolation

    def hybrid_forward(self, F, x):
        _check_image(x, "CropResize")
        out = F.image.crop(x, x=self._x, y=self._y, width=self._width, height=self._height)
        if self._size:
            h_axis = 0 if len(x.shape) == 3 else 1
            w, h = _target_size(out.shape[h_axis], out.shape[h_axis + 1], self._size, False)
            out = _resize(F, out, w, h, 1 if self._interpolation is None
                          else self._interpolation)
        return out


class _RandomFlip(HybridBlock):
    _axis_from_end = 2

    def hybrid_forward(self, F, x):
        _check_image(x, type(self).__name__)
        ndim = len(x.shape)
        coin = F.random.uniform(0, 1, shape=(1,) * ndim, ctx=x.context)
        cond = F.broadcast_to(coin < 0.5, shape=x.shape)
        out = F.where(cond, F.flip(x, axis=ndim - self._axis_from_end), x)
        # the condition comes from an mx.nd draw: the result takes the image's class
        # (an mx.np.ndarray under npx.set_np(), as MXNet's)
        return out.as_np_ndarray() if _is_np(x) else out


class RandomFlipLeftRight(_RandomFlip):
    """Flip ``HWC`` (``NHWC``) images left-right with probability 0.5 (one draw per call)."""

    _axis_from_end = 2


class RandomFlipTopBottom(_RandomFlip):
    """Flip ``HWC`` (``NHWC``) images top-bottom with probability 0.5 (one draw per call)."""

    _axis_from_end = 3


class RandomApply(Sequential):
    """Apply ``transforms`` with probability ``p``.

    Parameters
    ----------
    transforms : Block
    p : float, default 0.5
    """

    def __init__(self, transforms, p=0.5):
        super().__init__()
        self.transforms = transforms
        self.p = p

    def forward(self, x):
        if self.p < random.random():
            return x
        return self.transforms(x)


# ---------------------------------------------------------------------------
# rotation (mx.image.imrotate) and random colour/lighting


class Rotate(Block):
    """Rotate ``CHW`` (``NCHW``) float32 images by ``rotation_degrees`` (counter-clockwise).

    Parameters
    ----------
    rotation_degrees : float
    zoom_in : bool, default False
        Zoom so that no padding shows.
    zoom_out : bool, default False
        Zoom so that the whole rotated image fits.
    """

    def __init__(self, rotation_degrees, zoom_in=False, zoom_out=False):
        super().__init__()
        self._args = (rotation_degrees, zoom_in, zoom_out)

    def forward(self, x):
        if np.dtype(x.dtype) != np.float32:
            raise TypeError("This transformation only supports float32. Consider calling it "
                            "after ToTensor")
        return _image.imrotate(x, *self._args)


class RandomRotation(Block):
    """Rotate ``CHW`` (``NCHW``) float32 images by an angle drawn uniformly from
    ``angle_limits``, with probability ``rotate_with_proba`` (NumPy's global generator).

    Parameters
    ----------
    angle_limits : (float, float)
    zoom_in, zoom_out : bool, default False
    rotate_with_proba : float, default 1.0
    """

    def __init__(self, angle_limits, zoom_in=False, zoom_out=False, rotate_with_proba=1.0):
        super().__init__()
        lower, upper = angle_limits
        if lower >= upper:
            raise ValueError("`angle_limits` must be an ordered tuple")
        if rotate_with_proba < 0 or rotate_with_proba > 1:
            raise ValueError("Probability of rotating the image should be between 0 and 1")
        self._args = (angle_limits, zoom_in, zoom_out)
        self._rotate_with_proba = rotate_with_proba

    def forward(self, x):
        if np.random.random() > self._rotate_with_proba:
            return x
        if np.dtype(x.dtype) != np.float32:
            raise TypeError("This transformation only supports float32. Consider calling it "
                            "after ToTensor")
        return _image.random_rotate(x, *self._args)


_GRAY = (0.299, 0.587, 0.114)


def _factor(F, x, low, high):
    """One factor ~ U(low, high) per image, shaped to broadcast over HWC or NHWC."""
    shape = (1, 1, 1) if len(x.shape) == 3 else (x.shape[0], 1, 1, 1)
    return F.random.uniform(low, high, shape=shape, ctx=x.context)


def _as_float(F, x):
    return F.cast(x, "float32")


def _like_input(F, out, x):
    """Back to the input's dtype; integer images are rounded and saturated, as MXNet's
    ``saturate_cast``."""
    if np.dtype(x.dtype).kind in "ui":
        info = np.iinfo(np.dtype(x.dtype))
        out = F.clip(F.round(out), float(info.min), float(info.max))
    return F.cast(out, x.dtype)


def _gray(F, x):
    weights = F.array(np.array(_GRAY, np.float32), ctx=x.context)
    return F.sum(F.broadcast_mul(x, weights), axis=-1, keepdims=True)


def _blend(F, x, other, alpha):
    return F.broadcast_add(F.broadcast_mul(x, alpha), F.broadcast_mul(other, 1 - alpha))


def _brightness(F, x, low, high):
    return F.broadcast_mul(x, _factor(F, x, low, high))


def _contrast(F, x, low, high):
    axes = (0, 1, 2) if len(x.shape) == 3 else (1, 2, 3)
    mean_gray = F.mean(_gray(F, x), axis=axes, keepdims=True)
    return _blend(F, x, mean_gray, _factor(F, x, low, high))


def _saturation(F, x, low, high):
    return _blend(F, x, _gray(F, x), _factor(F, x, low, high))


_TYIQ = np.array([[0.299, 0.587, 0.114], [0.596, -0.274, -0.321], [0.211, -0.523, 0.311]])
_ITYIQ = np.array([[1.0, 0.956, 0.621], [1.0, -0.272, -0.647], [1.0, -1.107, 1.705]])


def _hue(F, x, low, high):
    """Rotate the chroma plane (I, Q of YIQ) by ``(alpha - 1) * pi``, alpha ~ U(low, high):
    luma is kept, a factor of 1 is the identity."""
    alpha = _factor(F, x, low, high)
    theta = (alpha - 1) * np.pi
    cos, sin = F.cos(theta), F.sin(theta)
    yiq = F.dot(x, F.array(_TYIQ.T.astype(np.float32), ctx=x.context))
    y = F.slice_axis(yiq, axis=-1, begin=0, end=1)
    i = F.slice_axis(yiq, axis=-1, begin=1, end=2)
    q = F.slice_axis(yiq, axis=-1, begin=2, end=3)
    i2 = F.broadcast_mul(i, cos) - F.broadcast_mul(q, sin)
    q2 = F.broadcast_mul(i, sin) + F.broadcast_mul(q, cos)
    rotated = F.concat(y, i2, q2, dim=-1)
    return F.dot(rotated, F.array(_ITYIQ.T.astype(np.float32), ctx=x.context))


class _RandomColor(HybridBlock):
    """A colour transform with factor ~ U(max(0, 1 - amount), 1 + amount) per image."""

    _name = None

    def __init__(self, amount):
        super().__init__()
        self._args = (max(0, 1 - amount), 1 + amount)

    def _apply(self, F, x, low, high):
        raise NotImplementedError

    def hybrid_forward(self, F, x):
        _check_image(x, type(self).__name__)
        return _like_input(F, self._apply(F, _as_float(F, x), *self._args), x)


class RandomBrightness(_RandomColor):
    """Multiply ``HWC`` (``NHWC``) images by a factor ~ U(max(0, 1-brightness),
    1+brightness).

    Parameters
    ----------
    brightness : float
    """

    _apply = staticmethod(_brightness)


class RandomContrast(_RandomColor):
    """Blend ``HWC`` (``NHWC``) images with their mean gray level by a factor
    ~ U(max(0, 1-contrast), 1+contrast).

    Parameters
    ----------
    contrast : float
    """

    _apply = staticmethod(_contrast)


class RandomSaturation(_RandomColor):
    """Blend each pixel with its gray level by a factor ~ U(max(0, 1-saturation),
    1+saturation).

    Parameters
    ----------
    saturation : float
    """

    _apply = staticmethod(_saturation)


class RandomHue(_RandomColor):
    """Rotate the hue of ``HWC`` (``NHWC``) RGB images (in YIQ space) by
    ``(alpha - 1) * pi``, alpha ~ U(max(0, 1-hue), 1+hue); luma is unchanged.

    Parameters
    ----------
    hue : float
    """

    _apply = staticmethod(_hue)


class RandomColorJitter(HybridBlock):
    """Random brightness, contrast and saturation (in a random order), then hue.

    The order is drawn when the block runs imperatively; hybridized, it is drawn once,
    when the graph is built.

    Parameters
    ----------
    brightness, contrast, saturation, hue : float, default 0
        0 leaves that property unchanged.
    """

    def __init__(self, brightness=0, contrast=0, saturation=0, hue=0):
        super().__init__()
        self._args = (brightness, contrast, saturation, hue)

    def hybrid_forward(self, F, x):
        _check_image(x, "RandomColorJitter")
        brightness, contrast, saturation, hue = self._args
        steps = [(fn, amount) for fn, amount in ((_brightness, brightness),
                                                 (_contrast, contrast),
                                                 (_saturation, saturation)) if amount > 0]
        random.shuffle(steps)
        if hue > 0:
            steps.append((_hue, hue))
        out = _as_float(F, x)
        for fn, amount in steps:
            out = fn(F, out, max(0, 1 - amount), 1 + amount)
        return _like_input(F, out, x)


_EIGVAL = np.array([55.46, 4.794, 1.148], np.float32)
_EIGVEC = np.array([[-0.5675, 0.7192, 0.4009], [-0.5808, -0.0045, -0.8140],
                    [-0.5836, -0.6948, 0.4203]], np.float32)


class RandomLighting(HybridBlock):
    """AlexNet-style PCA lighting noise on ``HWC`` (``NHWC``) RGB images: add
    ``eigvec @ (a * eigval)`` with ``a ~ N(0, alpha)`` per channel (one draw per image).

    Parameters
    ----------
    alpha : float
        Standard deviation of the noise.
    """

    def __init__(self, alpha):
        super().__init__()
        self._alpha = alpha

    def hybrid_forward(self, F, x):
        _check_image(x, "RandomLighting")
        shape = (1, 1, 3) if len(x.shape) == 3 else (x.shape[0], 1, 1, 3)
        if self._alpha == 0:  # MXNet draws N(0, 0): no noise (a zero scale is an error here)
            a = F.zeros(shape, ctx=x.context)
        else:
            a = F.random.normal(0, self._alpha, shape=shape, ctx=x.context)
        scaled = F.broadcast_mul(a, F.array(_EIGVAL.reshape((1,) * (len(shape) - 1) + (3,)),
                                            ctx=x.context))
        offset = F.dot(scaled, F.array(_EIGVEC.T, ctx=x.context))
        return _like_input(F, F.broadcast_add(_as_float(F, x), offset), x)

