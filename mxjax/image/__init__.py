"""``mx.image``: image decoding (OpenCV or Pillow, whichever is installed), resizing,
crops, augmenters and ``ImageIter``, as MXNet 1.9.1's."""
from .image import *  # noqa: F401,F403
from . import image
