"""mx.contrib.amp: not implemented; the flag libraries read is False, functions raise."""
import pytest

import mxjax as mx
from mxjax.base import MXNetError
from mxjax.contrib.amp import amp


def test_flag_and_clear_errors():
    assert amp._amp_initialized is False
    with pytest.raises(MXNetError, match="amp.init.*not implemented"):
        mx.contrib.amp.init()
    with pytest.raises(MXNetError, match="convert_hybrid_block"):
        amp.convert_hybrid_block(None)
