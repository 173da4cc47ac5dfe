"""Operator names of blocks made with prefix='' called on Symbols continue their
parent's counters, as in MXNet 1.9.1 (GluonCV's feature extractors look them up)."""
import mxjax as mx
from mxjax.gluon import nn


class _Residual(nn.HybridBlock):
    def __init__(self, **kw):
        super().__init__(**kw)
        with self.name_scope():
            self.d = nn.Dense(3)

    def hybrid_forward(self, F, x):
        return F.Activation(self.d(x) + x, act_type="relu")


def test_empty_prefix_blocks_share_the_parent_counters():
    net = nn.HybridSequential(prefix="stage_")
    with net.name_scope():
        net.add(_Residual(prefix=""), _Residual(prefix=""), _Residual())
    out = net(mx.sym.var("data"))
    names = [n for n in out.get_internals().list_outputs() if "act" in n or "plus" in n]
    # what MXNet 1.9.1 gives for the same network (class names lower-cased: _residual0)
    assert names == ["stage__plus0_output", "stage_activation0_output",
                     "stage__plus1_output", "stage_activation1_output",
                     "stage__residual0__plus0_output", "stage__residual0_activation0_output"]
