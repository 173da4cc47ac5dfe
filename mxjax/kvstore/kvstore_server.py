"""``mx.kv.KVStoreServer``: mxjax's distributed stores need no servers (every worker
all-reduces with XLA collectives); a process started as a server has nothing to do."""
__all__ = ["KVStoreServer"]


class KVStoreServer:
    """MXNet's parameter server process; a no-op in mxjax.

    Parameters
    ----------
    kvstore : KVStore
    """

    def __init__(self, kvstore):
        self.kvstore = kvstore

    def run(self):
        """Return at once: mxjax has no server role (legacy launch scripts that start
        servers and a scheduler get processes that exit immediately)."""
