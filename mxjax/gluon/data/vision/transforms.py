"""``gluon.data.vision.transforms``: image transforms as Blocks, as MXNet 1.9.1's.

Images are ``HWC`` (or ``NHWC``) NDArrays before :class:`ToTensor` and ``CHW``
(``NCHW``) float32 after it. Resizing follows OpenCV's ``cv::resize`` (what MXNet
calls): nearest neighbour and bilinear with half-pixel centres; bilinear on uint8
images uses OpenCV's fixed-point arithmetic. Random transforms draw from
``mx.random`` (``RandomFlip*``) or Python's ``random`` (``RandomResizedCrop``), as
MXNet.
"""
import random

import numpy as np

from ....base import MXNetError, numeric_types
from .... import ndarray as nd
from ...block import Block, HybridBlock
from ...nn import Sequential, HybridSequential
from ....image._resize import resize as _resize

__all__ = ["Compose", "Cast", "ToTensor", "Normalize", "Resize", "CenterCrop",
           "RandomResizedCrop", "CropResize", "RandomFlipLeftRight", "RandomFlipTopBottom",
           "RandomApply"]


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
        if keep_ratio:
            if in_h > in_w:
                return s, int(in_h * s // in_w)
            return int(in_w * s // in_h), s
        return s, s
    if len(size) != 2:
        raise MXNetError("Resize: size must be an int or (width, height), got %s" % (size,))
    return int(size[0]), int(size[1])


class Resize(HybridBlock):
    """Resize ``HWC`` (``NHWC``) images.

    Parameters
    ----------
    size : int or (width, height)
    keep_ratio : bool, default False
        With an int ``size``: resize the shorter edge to ``size``, keeping the aspect.
    interpolation : int, default 1
        0: nearest neighbour, 1: bilinear (others are not supported by mxjax).
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
        if len(x.shape) == 3:
            out = x[self._y:self._y + self._height, self._x:self._x + self._width]
        else:
            out = x[:, self._y:self._y + self._height, self._x:self._x + self._width]
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
        return F.where(cond, F.flip(x, axis=ndim - self._axis_from_end), x)


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
