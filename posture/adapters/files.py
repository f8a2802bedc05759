"""Reading the user's small text files (settings, catalogue, profile, commands) safely.

A file the user points at may be anything: a folder, a FIFO that never ends, `/dev/zero`, a
gigabyte by mistake. Only a regular file is read, and at most `limit` bytes of it; anything else
is refused with one line that says what was expected.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from posture.core.errors import ConfigError, PostureError
from posture.core.settings import ConfigText

SMALL_FILE_BYTES = 1 << 20
"""1 MiB: far more than any settings, catalogue or profile file needs."""


def read_small_text(
    path: Path, what: str, error: type[PostureError], limit: int = SMALL_FILE_BYTES
) -> str:
    """The UTF-8 text of a regular file no larger than `limit`, or `error` saying why not."""
    try:
        # O_NONBLOCK: opening a FIFO for reading must not wait for a writer.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise error(f"{what} {path} does not exist") from None
    except OSError as exc:
        raise error(f"cannot read {what} {path}: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise error(f"{what} {path} is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise error(f"{what} {path} is not a regular file (a device or a pipe?)")
        if info.st_size > limit:
            raise error(f"{what} {path} is too large ({info.st_size} bytes; at most {limit})")
        data = os.read(fd, limit + 1)
    except OSError as exc:
        raise error(f"cannot read {what} {path}: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise error(f"{what} {path} is too large (over {limit} bytes)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise error(f"{what} {path} is not UTF-8 text") from None


def read_config(path: Path) -> ConfigText:
    """A settings file's text, for `settings.load`."""
    return ConfigText(read_small_text(path, "config file", ConfigError), str(path))
