"""Small nets and data shared by the estimator tests."""
import numpy as np

import mxjax as mx
from mxjax import gluon
from mxjax.gluon import nn


def net_and_data(hybridize=False, n=12, batch_size=4):
    """A 2-layer classifier on 10 random features and a DataLoader of ``n`` samples."""
    net = nn.HybridSequential()
    net.add(nn.Dense(8, activation="relu", in_units=10), nn.Dense(3, in_units=8))
    if hybridize:
        net.hybridize()
    rng = np.random.RandomState(0)
    data = mx.nd.array(rng.uniform(size=(n, 10)))
    label = mx.nd.array(rng.randint(0, 3, size=(n,)))
    loader = gluon.data.DataLoader(gluon.data.ArrayDataset(data, label), batch_size=batch_size)
    return net, loader
