"""Image operators (``nd.image`` / ``sym.image``): MXNet 1.9.1's ``_image_*`` family.

Images are ``HWC`` (``to_tensor`` and ``crop`` also take a batch, ``NHWC``), except
for ``normalize``, which takes the ``CHW`` (``NCHW``) float tensors ``to_tensor``
makes. Integer images are rounded and saturated back to their dtype after a colour
change, as MXNet's ``saturate_cast``. The random operators draw once per call.
"""
import numpy as np
import jax
import jax.numpy as jnp

from ...base import MXNetError, shape_str
from ..random_keys import key_from
from ..registry import register

_GRAY = np.array([0.299, 0.587, 0.114], np.float32)
_TYIQ = np.array([[0.299, 0.587, 0.114], [0.596, -0.274, -0.321],
                  [0.211, -0.523, 0.311]], np.float32)
_ITYIQ = np.array([[1.0, 0.956, 0.621], [1.0, -0.272, -0.647],
                   [1.0, -1.107, 1.705]], np.float32)
# AlexNet's PCA lighting: eigenvalue-scaled eigenvectors of the ImageNet RGB covariance
_EIG = np.array([[55.46 * -0.5675, 4.794 * 0.7192, 1.148 * 0.4009],
                 [55.46 * -0.5808, 4.794 * -0.0045, 1.148 * -0.8140],
                 [55.46 * -0.5836, 4.794 * -0.6948, 1.148 * 0.4203]], np.float32)


def _check_ndim(op, data, what="(H, W, C) or (N, H, W, C)"):
    if data.ndim not in (3, 4):
        raise MXNetError("Operator %s: input image must be %s, got shape %s"
                         % (op, what, shape_str(data.shape)))


def _check_hwc(op, data):
    if data.ndim != 3:
        raise MXNetError("Operator %s: input image must have shape (height, width, channels),"
                         " got %s" % (op, shape_str(data.shape)))


def _check_rgb(op, data, channels=(3,)):
    _check_hwc(op, data)
    if data.shape[-1] not in channels:
        raise MXNetError("Operator %s: the last axis of the input image must be its %s "
                         "channels, got shape %s"
                         % (op, " or ".join(map(str, channels)), shape_str(data.shape)))


def _saturate(out, like):
    """``out`` (float32) back to ``like``'s dtype; integer dtypes are clipped to their
    range and truncated, as MXNet's image operators cast."""
    dtype = np.dtype(like.dtype)
    if dtype.kind in "ui":
        info = np.iinfo(dtype)
        out = jnp.trunc(jnp.clip(out, info.min, info.max))
    return out.astype(dtype)


@register("_image_to_tensor")
def to_tensor(data):
    """``(H, W, C)`` / ``(N, H, W, C)`` images in [0, 255] to ``(C, H, W)`` /
    ``(N, C, H, W)`` float32 in [0, 1]."""
    _check_ndim("_image_to_tensor", data)
    axes = (2, 0, 1) if data.ndim == 3 else (0, 3, 1, 2)
    return jnp.transpose(data.astype(jnp.float32) / jnp.float32(255.0), axes)


def _per_channel(op, name, values, shape):
    values = tuple(float(v) for v in (values if isinstance(values, (tuple, list))
                                      else (values,)))
    channels = shape[-3]
    if len(values) == 1:
        return values * channels
    if len(values) != channels:
        raise MXNetError("Operator %s: invalid %s for input with shape %s: %s must have "
                         "either 1 or %d elements, but got %s"
                         % (op, name, shape_str(shape), name, channels, (values,)))
    return values


@register("_image_normalize")
def normalize(data, *, mean=(0.0, 0.0, 0.0, 0.0), std=(1.0, 1.0, 1.0, 1.0)):
    """``(data - mean) / std`` per channel of a ``(C, H, W)`` / ``(N, C, H, W)`` tensor.

    Parameters
    ----------
    mean, std : float or tuple of float
        One value, or one per channel (MXNet's 4-value defaults fit no input: pass
        them).
    """
    op = "_image_normalize"
    _check_ndim(op, data, "(C, H, W) or (N, C, H, W)")
    channels = data.shape[-3]
    if channels not in (1, 3):
        raise MXNetError("Operator %s: the input must have 1 or 3 channels (axis %d), got "
                         "shape %s" % (op, data.ndim - 3, shape_str(data.shape)))
    m = _per_channel(op, "mean", mean, data.shape)
    s = _per_channel(op, "std", std, data.shape)
    dt = data.dtype
    m = jnp.asarray(np.array(m).reshape(channels, 1, 1), dt)
    s = jnp.asarray(np.array(s).reshape(channels, 1, 1), dt)
    return (data - m) / s


@register("_image_flip_left_right")
def flip_left_right(data):
    """Mirror an ``(H, W, C)`` image along the width."""
    _check_hwc("_image_flip_left_right", data)
    return jnp.flip(data, axis=data.ndim - 2)


@register("_image_flip_top_bottom")
def flip_top_bottom(data):
    """Mirror an ``(H, W, C)`` image along the height."""
    _check_hwc("_image_flip_top_bottom", data)
    return jnp.flip(data, axis=data.ndim - 3)


def _random_flip(key, data, axis):
    flip = jax.random.bernoulli(key_from(key), 0.5)
    return jnp.where(flip, jnp.flip(data, axis=axis), data)


@register("_image_random_flip_left_right", random=True)
def random_flip_left_right(key, data):
    """``flip_left_right`` with probability 0.5 (one draw per call)."""
    _check_hwc("_image_random_flip_left_right", data)
    return _random_flip(key, data, data.ndim - 2)


@register("_image_random_flip_top_bottom", random=True)
def random_flip_top_bottom(key, data):
    """``flip_top_bottom`` with probability 0.5 (one draw per call)."""
    _check_hwc("_image_random_flip_top_bottom", data)
    return _random_flip(key, data, data.ndim - 3)


@register("_image_crop")
def crop(data, *, x, y, width, height):
    """The ``width`` x ``height`` region at column ``x``, row ``y`` of ``(H, W, C)`` /
    ``(N, H, W, C)`` images."""
    op = "_image_crop"
    _check_ndim(op, data)
    h_axis = data.ndim - 3
    in_h, in_w = data.shape[h_axis], data.shape[h_axis + 1]
    x, y, width, height = int(x), int(y), int(width), int(height)
    if data.shape[-1] not in (1, 3):
        raise MXNetError("Operator %s: expect the input image to have 1 or 3 channels "
                         "(last axis), got shape %s" % (op, shape_str(data.shape)))
    if width <= 0 or height <= 0:
        raise MXNetError("Operator %s: width and height must be greater than 0, got "
                         "width=%d height=%d" % (op, width, height))
    if x < 0 or y < 0 or x + width > in_w or y + height > in_h:
        raise MXNetError("Operator %s: the crop area (x=%d, y=%d, width=%d, height=%d) is "
                         "outside the input image %s" % (op, x, y, width, height,
                                                          shape_str(data.shape)))
    index = [slice(None)] * data.ndim
    index[h_axis] = slice(y, y + height)
    index[h_axis + 1] = slice(x, x + width)
    return data[tuple(index)]


def _lighting(data, alpha):
    """Add ``_EIG @ alpha`` to the RGB channels."""
    shift = jnp.asarray(_EIG) @ alpha
    return _saturate(data.astype(jnp.float32) + shift, data)


@register("_image_adjust_lighting")
def adjust_lighting(data, *, alpha):
    """AlexNet-style PCA lighting: add ``eig @ alpha`` to every RGB pixel.

    Parameters
    ----------
    alpha : tuple of 3 float
        The weights of the three principal components.
    """
    op = "_image_adjust_lighting"
    _check_rgb(op, data)
    alpha = tuple(float(a) for a in alpha)
    if len(alpha) != 3:
        raise MXNetError("Operator %s: alpha must have 3 values, got %s" % (op, (alpha,)))
    return _lighting(data, jnp.asarray(np.array(alpha, np.float32)))




@register("_image_random_lighting", random=True)
def random_lighting(key, data, *, alpha_std=0.05):
    """``adjust_lighting`` with ``alpha ~ N(0, alpha_std)`` (three values)."""
    _check_rgb("_image_random_lighting", data)
    alpha = jax.random.normal(key_from(key), (3,), jnp.float32)
    return _lighting(data, alpha * jnp.float32(alpha_std))


def _uniform(key, data, low, high):
    return jax.random.uniform(key, (), jnp.float32, low, high)


def _gray(x):
    if x.shape[-1] == 1:
        return x
    return jnp.sum(x * jnp.asarray(_GRAY), axis=-1, keepdims=True)


def _brightness(x, alpha):
    return x * alpha


def _contrast(x, alpha):
    mean = jnp.mean(_gray(x))
    return x * alpha + mean * (1 - alpha)


def _saturation(x, alpha):
    return x * alpha + _gray(x) * (1 - alpha)


def _hue(x, alpha):
    """Rotate the chroma (I, Q of YIQ) by ``(alpha - 1) * pi``; luma is kept."""
    theta = (alpha - 1) * jnp.float32(np.pi)
    cos, sin = jnp.cos(theta), jnp.sin(theta)
    yiq = x @ jnp.asarray(_TYIQ.T)
    y, i, q = yiq[..., :1], yiq[..., 1:2], yiq[..., 2:]
    rotated = jnp.concatenate([y, i * cos - q * sin, i * sin + q * cos], axis=-1)
    return rotated @ jnp.asarray(_ITYIQ.T)


def _random_color(op, fn, key, data, min_factor, max_factor, channels=(1, 3)):
    _check_rgb(op, data, channels)
    alpha = _uniform(key_from(key), data, min_factor, max_factor)
    return _saturate(fn(data.astype(jnp.float32), alpha), data)


@register("_image_random_brightness", random=True)
def random_brightness(key, data, *, min_factor, max_factor):
    """Multiply the image by a factor ~ U(min_factor, max_factor)."""
    return _random_color("_image_random_brightness", _brightness, key, data, min_factor,
                         max_factor)


@register("_image_random_contrast", random=True)
def random_contrast(key, data, *, min_factor, max_factor):
    """Blend the image with its mean gray level by a factor ~ U(min_factor, max_factor)."""
    return _random_color("_image_random_contrast", _contrast, key, data, min_factor,
                         max_factor)


@register("_image_random_saturation", random=True)
def random_saturation(key, data, *, min_factor, max_factor):
    """Blend each pixel with its gray level by a factor ~ U(min_factor, max_factor)."""
    return _random_color("_image_random_saturation", _saturation, key, data, min_factor,
                         max_factor)


@register("_image_random_hue", random=True)
def random_hue(key, data, *, min_factor, max_factor):
    """Rotate the hue (YIQ chroma plane) by ``(alpha - 1) * pi``, alpha ~
    U(min_factor, max_factor)."""
    return _random_color("_image_random_hue", _hue, key, data, min_factor, max_factor,
                         (3,))


@register("_image_random_color_jitter", random=True)
def random_color_jitter(key, data, *, brightness, contrast, saturation, hue):
    """Brightness, contrast and saturation jitter in a random order, then hue; each
    amount ``a`` draws its factor from U(max(0, 1 - a), 1 + a), 0 skips it."""
    op = "_image_random_color_jitter"
    _check_rgb(op, data)
    keys = jax.random.split(key_from(key), 5)
    x = data.astype(jnp.float32)
    steps = [(fn, a) for fn, a in ((_brightness, brightness), (_contrast, contrast),
                                   (_saturation, saturation))]
    factors = [_uniform(k, data, max(0.0, 1 - a), 1 + a) for k, (_, a) in zip(keys, steps)]
    order = jax.random.permutation(keys[3], 3)
    for slot in range(3):  # the step at position ``slot`` of a random order
        outs = [fn(x, f) if a > 0 else x for (fn, a), f in zip(steps, factors)]
        x = jnp.select([order[slot] == j for j in range(3)], outs)
    if hue > 0:
        x = _hue(x, _uniform(keys[4], data, max(0.0, 1 - hue), 1 + hue))
    return _saturate(x, data)


class _JaxF:
    """The few ``F`` functions :mod:`mxjax.image._resize` calls, on JAX arrays, so the
    operator and ``mx.image`` share one port of OpenCV's resize."""

    take = staticmethod(lambda x, idx, axis: jnp.take(x, idx, axis=axis))
    cast = staticmethod(lambda x, dtype: x.astype(dtype))
    broadcast_mul = staticmethod(jnp.multiply)
    broadcast_mod = staticmethod(jnp.mod)
    floor = staticmethod(jnp.floor)
    trunc = staticmethod(jnp.trunc)
    abs = staticmethod(jnp.abs)
    sign = staticmethod(jnp.sign)
    ones_like = staticmethod(jnp.ones_like)
    clip = staticmethod(jnp.clip)
    # mx.nd.round: halves away from zero
    round = staticmethod(lambda v: jnp.sign(v) * jnp.floor(jnp.abs(v) + 0.5))
    array = staticmethod(lambda values, ctx=None, dtype=None: jnp.asarray(values, dtype))


def _resize_target(op, in_h, in_w, size, keep_ratio):
    size = tuple(int(s) for s in (size if isinstance(size, (tuple, list)) else (size,)))
    if len(size) not in (1, 2):
        raise MXNetError("Operator %s: size must be (width, height) or (size,), got %s"
                         % (op, (size,)))
    if any(s <= 0 for s in size):
        raise MXNetError("Operator %s: the width and height must be greater than 0, got %s"
                         % (op, (size,)))
    if len(size) == 2:
        return size
    s = size[0]
    if not keep_ratio:
        return s, s
    if in_h > in_w:
        return s, in_h * s // in_w
    return in_w * s // in_h, s


@register("_image_resize")
def resize(data, *, size=(), keep_ratio=False, interp=1):
    """Resize ``(H, W, C)`` / ``(N, H, W, C)`` images as OpenCV's ``cv::resize``.

    Parameters
    ----------
    size : int or (width, height)
    keep_ratio : bool, default False
        With one size: resize the shorter edge to it, keeping the aspect ratio.
    interp : int, default 1
        0 nearest, 1 bilinear, 2 bicubic (3 area and 4 Lanczos are not implemented).
    """
    from ...image._resize import resize as cv_resize
    op = "_image_resize"
    if data.ndim not in (3, 4):
        raise MXNetError("Operator %s: input image must be (H, W, C) or (N, H, W, C), got %s"
                         % (op, shape_str(data.shape)))
    h_axis = data.ndim - 3
    width, height = _resize_target(op, data.shape[h_axis], data.shape[h_axis + 1], size,
                                   keep_ratio)
    try:
        return cv_resize(_JaxF, data, width, height, int(interp))
    except MXNetError as err:
        raise MXNetError("Operator %s: %s" % (op, err)) from None
