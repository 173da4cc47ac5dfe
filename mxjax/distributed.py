"""One process per worker: ``jax.distributed`` started from the environment.

``python -m mxjax.launch`` sets ``MXJAX_COORDINATOR`` (host:port of process 0),
``MXJAX_NUM_PROCESSES`` and ``MXJAX_PROCESS_ID``. Scripts started by MXNet's own
launchers set ``DMLC_ROLE``, ``DMLC_PS_ROOT_URI``/``DMLC_PS_ROOT_PORT`` and
``DMLC_NUM_WORKER``; mxjax reads those too (the worker id from ``DMLC_WORKER_ID``,
which MXNet's scheduler would have assigned). ``import mxjax`` calls
:func:`initialize_from_env` before anything touches a device, because
``jax.distributed.initialize`` must run before JAX's backends start.
"""
import os

from .base import MXNetError

__all__ = ["initialize_from_env", "is_initialized", "rank", "num_workers"]

_state = {"initialized": False}


def _env_config():
    env = os.environ
    coord = env.get("MXJAX_COORDINATOR")
    if coord:
        return coord, int(env.get("MXJAX_NUM_PROCESSES", "1")), \
            int(env.get("MXJAX_PROCESS_ID", "0"))
    if env.get("DMLC_ROLE", "worker") == "worker" and env.get("DMLC_PS_ROOT_URI") \
            and int(env.get("DMLC_NUM_WORKER", "1")) > 1:
        if "DMLC_WORKER_ID" not in env:
            raise MXNetError("DMLC_NUM_WORKER=%s but DMLC_WORKER_ID is not set: mxjax has no "
                             "scheduler to assign worker ids; start the workers with "
                             "python -m mxjax.launch" % env["DMLC_NUM_WORKER"])
        # the coordinator listens one port above ps-lite's scheduler port
        port = int(env.get("DMLC_PS_ROOT_PORT", "9091")) + 1
        return "%s:%d" % (env["DMLC_PS_ROOT_URI"], port), int(env["DMLC_NUM_WORKER"]), \
            int(env["DMLC_WORKER_ID"])
    return None


def initialize_from_env():
    """Start ``jax.distributed`` when the environment describes several workers.

    Returns
    -------
    bool
        Whether this process is one of several workers.
    """
    if _state["initialized"]:
        return True
    config = _env_config()
    if config is None or config[1] <= 1:
        return False
    import jax
    coordinator, n, pid = config
    timeout = int(os.environ.get("MXJAX_INIT_TIMEOUT", "300"))
    try:
        jax.distributed.initialize(coordinator, num_processes=n, process_id=pid,
                                   initialization_timeout=timeout)
    except RuntimeError as err:
        raise MXNetError("jax.distributed.initialize(%r, num_processes=%d, process_id=%d) "
                         "failed: %s" % (coordinator, n, pid, err)) from None
    _state["initialized"] = True
    return True


def is_initialized():
    """Whether this process runs as one of several ``jax.distributed`` workers."""
    return _state["initialized"]


def rank():
    """This worker's index (0 on one process)."""
    if not _state["initialized"]:
        return 0
    import jax
    return jax.process_index()


def num_workers():
    """The number of workers (1 on one process)."""
    if not _state["initialized"]:
        return 1
    import jax
    return jax.process_count()
