"""``mx.contrib.io``: :class:`DataLoaderIter`, a Gluon ``DataLoader`` as a Module-style
``DataIter``."""
from ..io import DataDesc, DataIter
from ..ndarray import zeros

__all__ = ["DataLoaderIter"]


class DataLoaderIter(DataIter):
    """Batches of a Gluon ``DataLoader`` (yielding ``(data, label)``) as a ``DataIter``:
    ``provide_data``/``provide_label`` from its first batch, values cast to ``dtype``,
    a short last batch padded with zeros to the batch size (``pad`` says how many).

    Parameters
    ----------
    loader : gluon.data.DataLoader
    data_name : str, default 'data'
    label_name : str, default 'softmax_label'
    dtype : str, default 'float32'
    """

    def __init__(self, loader, data_name="data", label_name="softmax_label", dtype="float32"):
        self._loader = loader
        first_data, first_label = next(iter(loader))
        super().__init__(first_data.shape[0])
        self.dtype = dtype
        self.provide_data = [DataDesc(data_name, first_data.shape, dtype)]
        self.provide_label = [DataDesc(label_name, first_label.shape, dtype)]
        self._current = None
        self.reset()

    def reset(self):
        self._batches = iter(self._loader)

    def iter_next(self):
        self._current = next(self._batches, None)
        return self._current is not None

    def _padded(self, value):
        value = value.astype(self.dtype)
        pad = self.getpad()
        if not pad:
            return [value]
        full = zeros((self.batch_size,) + tuple(value.shape[1:]), ctx=value.context,
                     dtype=self.dtype)
        full[:value.shape[0]] = value
        return [full]

    def getdata(self):
        return self._padded(self._current[0])

    def getlabel(self):
        return self._padded(self._current[1])

    def getpad(self):
        return self.batch_size - self._current[0].shape[0]

    def getindex(self):
        return None
