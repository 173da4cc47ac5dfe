"""Which XLA formulation computes a Convolution of given static shapes fastest on CPU: the
one rule (measured on XLA:CPU, one thread; figures in bench/ZOO_RESULTS.md).

* ``"window"``: a kernel nearly as large as its input, few outputs (``_window_conv``):
  XLA's data gradient would cost input x kernel.
* ``"depthwise"``: one input channel per group (MobileNet's depthwise layers): a sum of
  shifted, scaled windows, 10-100x faster than XLA's grouped convolution forward and
  3-12x backward.
* ``"gemm"``: im2col and one matrix product, reading MXNet's ``(out, in, *kernel)``
  weight as it is, for kernels whose output has no more positions (batch x spatial) than
  filters (XLA first transposes the whole weight, which then costs more than the
  product: ResNet's last stages, and batch 1). Where the gathered windows are large
  (many positions) XLA's convolution wins, and its channel-last activations cost
  transposes around a channel-first matrix product (1x1 kernels included: ResNet-50 at
  batch 32 ran 1.6x slower with every 1x1 convolution as a product).
* ``"winograd_grad"``: 3x3, stride 1, undilated, ungrouped 2-D kernels over many output
  positions (batch x spatial >= 25088, or >= 6272 with >= 256 channels: ResNet's 3x3
  layers at batch 32 from 56x56 to 14x14): ``lax.conv_general_dilated`` forward, with the
  gradients of Winograd F(2x2, 3x3) (``_winograd_conv``): XLA:CPU's own data and weight
  gradients there cost 5-17x its forward; these 2-3.8x less forward+backward (Winograd's
  forward itself does not beat XLA's; F(4x4, 3x3)'s gradient was 5-9x slower).
* ``"lax"``: ``lax.conv_general_dilated``.
"""
from ._window_conv import use_window_conv
from ._winograd_conv import winograd_applies

__all__ = ["conv_form"]

_MAX_GEMM_TAPS = 49     # kernel elements gathered by "gemm" (one slice each in the program)
_MAX_DEPTHWISE_TAPS = 49
_WINOGRAD_POSITIONS = 32 * 28 * 28      # batch x output positions, any channel count
_WINOGRAD_WIDE_POSITIONS = 32 * 14 * 14  # ... with at least _WINOGRAD_WIDE_CHANNELS
_WINOGRAD_WIDE_CHANNELS = 256


def _prod(t):
    p = 1
    for v in t:
        p *= v
    return p


def conv_form(batch, chans, num_filter, num_group, kernel, out_sizes, stride=None,
              dilate=None):
    """The formulation for a convolution: ``"window"``, ``"depthwise"``, ``"gemm"``,
    ``"winograd_grad"`` or ``"lax"``.

    Parameters
    ----------
    batch, chans, num_filter, num_group : int
        Batch size, input channels, output channels and groups.
    kernel, out_sizes : tuple of int
        Kernel and output spatial sizes.
    stride, dilate : tuple of int, optional
        Per spatial dimension; ``"winograd_grad"`` needs both given and 1.

    Returns
    -------
    str
    """
    if use_window_conv(out_sizes, kernel):
        return "window"
    taps = _prod(kernel)
    if num_group > 1:
        if num_group == chans and taps <= _MAX_DEPTHWISE_TAPS:
            return "depthwise"
        return "lax"
    if taps <= _MAX_GEMM_TAPS and batch * _prod(out_sizes) <= num_filter:
        return "gemm"
    if (stride is not None and dilate is not None
            and winograd_applies(kernel, stride, dilate, num_group)):
        positions = batch * _prod(out_sizes)
        if positions >= _WINOGRAD_POSITIONS or (positions >= _WINOGRAD_WIDE_POSITIONS
                                                and chans >= _WINOGRAD_WIDE_CHANNELS):
            return "winograd_grad"
    return "lax"
