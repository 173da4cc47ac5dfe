"""``python -m mxjax.launch``: start N worker processes for a distributed store.

    python -m mxjax.launch -n 4 train.py --epochs 2
    python -m mxjax.launch -n 8 -H hosts.txt train.py        # over ssh, as MXNet's launch.py

Every worker gets ``MXJAX_COORDINATOR`` (host:port of worker 0), ``MXJAX_NUM_PROCESSES``
and ``MXJAX_PROCESS_ID``, which ``import mxjax`` hands to ``jax.distributed.initialize``,
and MXNet's ``DMLC_ROLE=worker``, ``DMLC_NUM_WORKER``, ``DMLC_WORKER_ID``,
``DMLC_PS_ROOT_URI``/``DMLC_PS_ROOT_PORT`` for scripts that read them. There are no
servers or scheduler (``-s`` is accepted and ignored): workers all-reduce with XLA
collectives. ``--host-devices K`` gives each local worker K forced CPU devices. When a
worker fails, the others are stopped; the exit status is the first failure's.
"""
import argparse
import os
import shlex
import signal
import socket
import subprocess
import sys
import time

__all__ = ["main", "launch"]


def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _command(args):
    if args and args[0].endswith(".py"):
        return [sys.executable] + list(args)
    return list(args)


def _worker_env(i, n, coordinator, host_devices):
    host, port = coordinator.rsplit(":", 1)
    env = {"MXJAX_COORDINATOR": coordinator, "MXJAX_NUM_PROCESSES": str(n),
           "MXJAX_PROCESS_ID": str(i), "DMLC_ROLE": "worker", "DMLC_NUM_WORKER": str(n),
           "DMLC_WORKER_ID": str(i), "DMLC_NUM_SERVER": "0", "DMLC_PS_ROOT_URI": host,
           "DMLC_PS_ROOT_PORT": str(int(port) - 1)}
    if host_devices:
        flags = os.environ.get("XLA_FLAGS", "")
        env["XLA_FLAGS"] = (flags + " --xla_force_host_platform_device_count=%d"
                            % host_devices).strip()
    return env


def launch(command, num_workers, hosts=None, port=None, host_devices=None, timeout=None):
    """Run ``command`` as ``num_workers`` workers; return the exit status.

    Parameters
    ----------
    command : list of str
        A script (``train.py args``: run with this Python) or a full command line.
    num_workers : int
    hosts : list of str, optional
        Hosts to ssh to (worker i on ``hosts[i % len(hosts)]``); default: this machine.
    port : int, optional
        The coordinator's port (default: a free port here, 9092 with hosts).
    host_devices : int, optional
        Forced CPU devices per worker (``XLA_FLAGS``).
    timeout : float, optional
        Seconds before every worker is stopped (exit status 124).

    Returns
    -------
    int
    """
    cmd = _command(command)
    if hosts:
        coordinator = "%s:%d" % (hosts[0], port or 9092)
    else:
        coordinator = "127.0.0.1:%d" % (port or _free_port())
    procs = []
    for i in range(num_workers):
        env = _worker_env(i, num_workers, coordinator, host_devices)
        if hosts:
            exports = " ".join("%s=%s" % (k, shlex.quote(v)) for k, v in env.items())
            remote = "cd %s && env %s %s" % (shlex.quote(os.getcwd()), exports,
                                             " ".join(shlex.quote(c) for c in cmd))
            argv = ["ssh", "-o", "StrictHostKeyChecking=no", hosts[i % len(hosts)], remote]
            procs.append(subprocess.Popen(argv))
        else:
            full = dict(os.environ)
            full.update(env)
            procs.append(subprocess.Popen(cmd, env=full, start_new_session=True))
    deadline = None if timeout is None else time.time() + timeout
    status = 0
    try:
        while procs and [p.poll() for p in procs].count(None):
            failed = [p.returncode for p in procs if p.returncode not in (None, 0)]
            if failed:
                status = failed[0]
                break
            if deadline is not None and time.time() > deadline:
                status = 124
                break
            time.sleep(0.1)
        else:
            codes = [p.returncode for p in procs if p.returncode]
            status = codes[0] if codes else 0
    finally:
        _stop(procs)
    return status


def _stop(procs):
    for p in procs:
        if p.poll() is None:
            try:
                os.killpg(p.pid, signal.SIGTERM)
            except (OSError, ProcessLookupError):
                p.terminate()
    for p in procs:
        try:
            p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except (OSError, ProcessLookupError):
                p.kill()
            p.wait()


def main(argv=None):
    """Command-line entry point (``python -m mxjax.launch``)."""
    parser = argparse.ArgumentParser(prog="python -m mxjax.launch",
                                     description="Start workers for mxjax's distributed "
                                                 "kvstores (jax.distributed).")
    parser.add_argument("-n", "--num-workers", type=int, required=True)
    parser.add_argument("-s", "--num-servers", type=int, default=0,
                        help="accepted for MXNet's launch.py; mxjax needs no servers")
    parser.add_argument("-H", "--hostfile", "--hosts", dest="hostfile",
                        help="file with one host per line (workers start over ssh)")
    parser.add_argument("--launcher", choices=["local", "ssh"], default=None)
    parser.add_argument("--port", type=int, default=None)
    parser.add_argument("--host-devices", type=int, default=None,
                        help="forced CPU devices per worker")
    parser.add_argument("--timeout", type=float, default=None)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    if not args.command:
        parser.error("no command given")
    hosts = None
    if args.hostfile:
        with open(args.hostfile) as f:
            hosts = [h.split()[0] for h in f if h.strip() and not h.startswith("#")]
    elif args.launcher == "ssh":
        parser.error("--launcher ssh needs -H/--hostfile")
    return launch(args.command, args.num_workers, hosts, args.port, args.host_devices,
                  args.timeout)


if __name__ == "__main__":
    sys.exit(main())
