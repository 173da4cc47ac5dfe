"""mx.image.imresize and transforms.Resize with bicubic interpolation (interp=2) against
MXNet 1.9.1 (tools/golden/image_resize.py): bit for bit on uint8, float32 to rounding."""
import numpy as np
import pytest

import mxjax as mx
from mxjax.base import MXNetError
from mxjax.gluon.data.vision import transforms

import golden_utils

GOLDEN = golden_utils.load("image_resize")


@pytest.mark.parametrize("case", sorted(GOLDEN))
def test_bicubic_matches_mxnet(case):
    c = GOLDEN[case]
    x = mx.nd.array(c["x"], dtype=c["x"].dtype)
    out = mx.image.imresize(x, int(c["w"]), int(c["h"]), 2)
    golden_utils.assert_matches(out.asnumpy(), c["out"], rtol=1e-5, atol=1e-3)
    block = transforms.Resize((int(c["w"]), int(c["h"])), interpolation=2)
    golden_utils.assert_matches(block(x).asnumpy(), c["out"], rtol=1e-5, atol=1e-3)


def test_resize_sizes_must_be_positive():
    x = mx.nd.ones((6, 4, 3))
    with pytest.raises(MXNetError, match="greater than 0"):
        transforms.Resize(-3, keep_ratio=True)(x)
    with pytest.raises(MXNetError, match="greater than 0"):
        transforms.Resize((0, 4))(x)
    with pytest.raises(MXNetError, match="outside"):
        transforms.CropResize(2, 0, 3, 2)(x)
