"""Synthetic, reproducible parameters for model-zoo networks (NumPy only).

The golden generator (tools/golden/model_zoo.py, under real MXNet) and the tests fill a
network's parameters with the same values from these functions, so outputs can be
compared without storing big parameter files.
"""
import numpy as np


def synthetic_values(shapes, seed=0):
    """{structural name: float32 array} for ``shapes`` ({name: shape}), drawn in sorted name
    order from one RandomState(seed): BatchNorm statistics and scales near 1, shifts near 0,
    weights with He-normal scale (activations stay O(1) through deep networks)."""
    rng = np.random.RandomState(seed)
    values = {}
    for name in sorted(shapes):
        shape = tuple(int(s) for s in shapes[name])
        if name.endswith(("running_var", "gamma")):
            value = rng.uniform(0.5, 1.5, size=shape)
        elif name.endswith(("running_mean", "beta", "bias")):
            value = rng.normal(0.0, 0.1, size=shape)
        else:
            fan_in = int(np.prod(shape[1:])) if len(shape) > 1 else 1
            value = rng.normal(0.0, np.sqrt(2.0 / max(fan_in, 1)), size=shape)
        values[name] = value.astype(np.float32)
    return values


def synthetic_input(shape, seed=1):
    """A float32 input batch in [0, 1)."""
    return np.random.RandomState(seed).uniform(0.0, 1.0, size=shape).astype(np.float32)
