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
* not Winograd: its forward does not beat XLA's, and XLA's forward with Winograd
  F(2x2, 3x3) gradients (``_winograd_conv.winograd_grad_conv``), 2-3.8x faster per layer
  in isolation, made a whole ResNet-18 training step no faster (bench/ZOO_RESULTS.md).
* ``"lax"``: ``lax.conv_general_dilated``.
"""
from ._window_conv import use_window_conv

__all__ = ["conv_form"]

_MAX_GEMM_TAPS = 49     # kernel elements gathered by "gemm" (one slice each in the program)
_MAX_DEPTHWISE_TAPS = 49


def _prod(t):
    p = 1
    for v in t:
        p *= v
    return p


def conv_form(batch, chans, num_filter, num_group, kernel, out_sizes):
    """The formulation for a convolution: ``"window"``, ``"depthwise"``, ``"gemm"`` or
    ``"lax"``.

    Parameters
    ----------
    batch, chans, num_filter, num_group : int
        Batch size, input channels, output channels and groups.
    kernel, out_sizes : tuple of int
        Kernel and output spatial sizes.

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
    return "lax"
