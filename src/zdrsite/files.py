"""Reading a file someone else may have put in place, safely.

Opened without blocking and checked on the open descriptor, so a FIFO or a device
in its place (or swapped in) cannot hang the reader, and read at most one byte past
the limit, so a link to an endless file cannot fill the memory. The caller words
what went wrong for its own readers.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Literal


class UnreadableFileError(Exception):
    def __init__(self, reason: Literal["open", "directory", "special", "size", "read"], detail: str = "") -> None:
        self.reason = reason
        self.detail = detail
        """The system's words for an open or read that failed; the size for `size`."""
        super().__init__(f"{reason}: {detail}" if detail else reason)


def read_regular_file(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes, or UnreadableFileError."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as err:
        raise UnreadableFileError("open", str(err.strerror or err)) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFileError("directory" if stat.S_ISDIR(info.st_mode) else "special")
        if info.st_size > limit:
            raise UnreadableFileError("size", f"{info.st_size:,}")
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as file:
            raw = file.read(limit + 1)
    except OSError as err:
        raise UnreadableFileError("read", str(err.strerror or err)) from None
    finally:
        os.close(fd)
    if len(raw) > limit:
        raise UnreadableFileError("size")
    return raw
