"""``mx.log``: MXNet's logging helper, :func:`get_logger`.

A logger made here writes records as MXNet's do: a coloured level letter (``I`` for
INFO ...), the date and time (``MMDD HH:MM:SS``), the process id and the source
location in brackets, then the message.
"""
import logging
import warnings
from logging import CRITICAL, DEBUG, ERROR, INFO, NOTSET, WARNING  # noqa: F401

__all__ = ["get_logger", "getLogger", "CRITICAL", "DEBUG", "ERROR", "INFO", "NOTSET",
           "WARNING"]

_COLOURS = {WARNING: "\x1b[0;33m", ERROR: "\x1b[0;31m", CRITICAL: "\x1b[0;31m"}
_LETTERS = {CRITICAL: "C", ERROR: "E", WARNING: "W", INFO: "I", DEBUG: "D"}


class _Formatter(logging.Formatter):
    """MXNet's record layout (see the module docstring)."""

    def __init__(self):
        super().__init__(datefmt="%m%d %H:%M:%S")

    def format(self, record):
        level = record.levelno
        self._style._fmt = (_COLOURS.get(level, "\x1b[0;32m") + _LETTERS.get(level, "U")
                            + "%(asctime)s %(process)d %(pathname)s:%(funcName)s:%(lineno)d"
                            + "]\x1b[0m %(message)s")
        return super().format(record)


def get_logger(name=None, filename=None, filemode=None, level=WARNING):
    """A logger writing MXNet-style records, to ``filename`` or else to stderr.

    Parameters
    ----------
    name : str, optional
        The logger's name (None: the root logger).
    filename : str, optional
        Write to this file instead of stderr.
    filemode : str, optional
        The file's open mode (default ``'a'``).
    level : int, default logging.WARNING

    Returns
    -------
    logging.Logger
        Set up once: a later call with the same name returns it unchanged.
    """
    logger = logging.getLogger(name)
    if name is not None and not getattr(logger, "_init_done", None):
        logger._init_done = True
        if filename:
            handler = logging.FileHandler(filename, filemode or "a")
        else:
            handler = logging.StreamHandler()
        handler.setFormatter(_Formatter())
        logger.addHandler(handler)
        logger.setLevel(level)
    return logger


def getLogger(name=None, filename=None, filemode=None, level=WARNING):  # noqa: N802
    """Deprecated name of :func:`get_logger` (warns, as MXNet does)."""
    warnings.warn("getLogger is deprecated, Use get_logger instead.", DeprecationWarning,
                  stacklevel=2)
    return get_logger(name, filename, filemode, level)
