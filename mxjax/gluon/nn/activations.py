"""Activation layers: Activation, LeakyReLU, PReLU, ELU, SELU, GELU, Swish."""
from ..block import HybridBlock
from .._common import check
from .. import _initializer

__all__ = ["Activation", "LeakyReLU", "PReLU", "ELU", "SELU", "Swish", "GELU"]


class Activation(HybridBlock):
    """Apply an activation function (``nd.Activation``) to the input.

    Parameters
    ----------
    activation : str
        'relu', 'sigmoid', 'tanh', 'softrelu' or 'softsign'. Also the block's
        name hint (``relu0_``).
    """

    def __init__(self, activation, **kwargs):
        self._act_type = activation
        super().__init__(**kwargs)

    def _alias(self):
        return self._act_type

    def hybrid_forward(self, F, x):
        return F.Activation(x, act_type=self._act_type, name="fwd")

    def __repr__(self):
        return "{name}({act})".format(name=self.__class__.__name__, act=self._act_type)


class LeakyReLU(HybridBlock):
    """Leaky ReLU: ``x`` for ``x >= 0``, ``alpha * x`` otherwise.

    Parameters
    ----------
    alpha : float
        Slope for negative inputs, >= 0.
    """

    def __init__(self, alpha, **kwargs):
        check(alpha >= 0, "Slope coefficient for LeakyReLU must be no less than 0.")
        super().__init__(**kwargs)
        self._alpha = alpha

    def hybrid_forward(self, F, x):
        return F.LeakyReLU(x, act_type="leaky", slope=self._alpha, name="fwd")

    def __repr__(self):
        return "{name}({alpha})".format(name=self.__class__.__name__, alpha=self._alpha)


class PReLU(HybridBlock):
    """Parametric ReLU: the negative slope ``alpha`` is learned.

    Parameters
    ----------
    alpha_initializer : Initializer, default ``mx.init.Constant(0.25)``
    in_channels : int, default 1
        Number of slopes: 1, or the size of the input's axis 1.
    """

    def __init__(self, alpha_initializer=None, in_channels=1, **kwargs):
        super().__init__(**kwargs)
        if alpha_initializer is None:
            alpha_initializer = _initializer.get().Constant(0.25)
        with self.name_scope():
            self.alpha = self.params.get("alpha", shape=(in_channels,), init=alpha_initializer)

    def hybrid_forward(self, F, x, alpha):
        return F.LeakyReLU(x, gamma=alpha, act_type="prelu", name="fwd")


class ELU(HybridBlock):
    """Exponential linear unit: ``alpha * (exp(x) - 1)`` for ``x < 0``.

    Parameters
    ----------
    alpha : float, default 1.0
    """

    def __init__(self, alpha=1.0, **kwargs):
        super().__init__(**kwargs)
        self._alpha = alpha

    def hybrid_forward(self, F, x):
        return F.LeakyReLU(x, act_type="elu", slope=self._alpha)


class SELU(HybridBlock):
    """Scaled exponential linear unit (Klambauer et al., 2017)."""

    def hybrid_forward(self, F, x):
        return F.LeakyReLU(x, act_type="selu", name="fwd")


class GELU(HybridBlock):
    """Gaussian error linear unit (Hendrycks et al., 2016)."""

    def hybrid_forward(self, F, x):
        return F.LeakyReLU(x, act_type="gelu", name="fwd")


class Swish(HybridBlock):
    """Swish: ``x * sigmoid(beta * x)``.

    Parameters
    ----------
    beta : float, default 1.0
    """

    def __init__(self, beta=1.0, **kwargs):
        super().__init__(**kwargs)
        self._beta = beta

    def hybrid_forward(self, F, x):
        return x * F.sigmoid(self._beta * x, name="fwd")
