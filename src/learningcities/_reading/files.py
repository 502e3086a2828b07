"""Reading the bytes of an input file: a regular file or a pipe, never a device."""

from __future__ import annotations

import errno
import os
import stat
from typing import BinaryIO

__all__ = ["PathLike", "open_input", "read_input"]

PathLike = str | os.PathLike[str]


def open_input(path: PathLike) -> BinaryIO:
    """Open the file at *path* for reading bytes: a file or a pipe, not a device.

    A character or block device (``/dev/zero``, ``/dev/urandom``, a disk)
    is refused: read to its end, it would fill the memory or never end.

    Raises:
        OSError: the file cannot be opened, or it is a device.
    """
    stream = open(path, "rb")  # noqa: SIM115, PTH123 (returned open)
    mode = os.fstat(stream.fileno()).st_mode
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        stream.close()
        raise OSError(errno.ENODEV, "it is a device, not a file", os.fspath(path))
    return stream


def read_input(path: PathLike) -> bytes:
    """The bytes of the file at *path*, opened with :func:`open_input`.

    Raises:
        OSError: the file cannot be read, or it is a device.
    """
    with open_input(path) as stream:
        return stream.read()
