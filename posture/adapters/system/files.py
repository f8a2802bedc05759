"""The project's small files, read and written safely: bounded reads, private atomic writes.

A file the user points at may be anything: a folder, a FIFO that never ends, `/dev/zero`, a
gigabyte by mistake. Only a regular file is read, and at most `limit` bytes of it; anything else
is refused with one line that says what was expected.

What the project writes is created 0600 (0700 for folders it makes), written to a temporary file
in the same folder, flushed to disk and moved into place in one step, so a reader or a crash sees
the old file or the new one, never half of one. A target that is a symbolic link is refused:
renaming over it would not follow it, but a link where our file should be is not ours to replace.
"""

from __future__ import annotations

import logging
import os
import stat
import tempfile
import time
from pathlib import Path

from posture.core.errors import ConfigError, PostureError
from posture.core.settings_text import ConfigText

log = logging.getLogger(__name__)

SMALL_FILE_BYTES = 1 << 20
"""1 MiB: far more than any settings, catalogue or profile file needs."""

STALE_TEMP_S = 600.0
"""A temporary file older than this was left by a write that was killed (a write takes ms)."""

_POSIX = os.name == "posix"


def read_small_bytes(
    path: Path, what: str, error: type[PostureError], limit: int = SMALL_FILE_BYTES
) -> bytes:
    """The bytes of a regular file no larger than `limit`, or `error` saying why not."""
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
    return data


def read_small_text(
    path: Path, what: str, error: type[PostureError], limit: int = SMALL_FILE_BYTES
) -> str:
    """The UTF-8 text of a regular file no larger than `limit`, or `error` saying why not."""
    data = read_small_bytes(path, what, error, limit)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise error(f"{what} {path} is not UTF-8 text") from None


def read_config(path: Path) -> ConfigText:
    """A settings file's text, for `settings_text.load`."""
    return ConfigText(read_small_text(path, "config file", ConfigError), str(path))


def check_target(path: Path, what: str, error: type[PostureError]) -> None:
    """Refuse a write target that is a symbolic link, a folder, a device or a pipe."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise error(f"cannot write {what} {path}: {exc.strerror or exc}") from None
    if stat.S_ISLNK(info.st_mode):
        raise error(f"will not write {what} {path}: it is a symbolic link (remove it first)")
    if stat.S_ISDIR(info.st_mode):
        raise error(f"cannot write {what} {path}: it is a folder")
    if not stat.S_ISREG(info.st_mode):
        raise error(f"cannot write {what} {path}: it is not a regular file (a device or a pipe?)")


OURS_BYTES = 512
"""How much of an existing output file is read to tell whether posture wrote it."""


def check_replaceable(
    path: Path, what: str, error: type[PostureError], marks: tuple[bytes, ...]
) -> None:
    """Refuse to write an output over a file of the user's: only a new name, an empty file, or a
    file that starts as posture writes this output (one of `marks` in its first bytes) is
    replaced (a weekly `--html week.html` replaces last week's page, never someone's notes)."""
    check_target(path, what, error)
    try:
        with path.open("rb") as existing:
            head = existing.read(OURS_BYTES)
    except FileNotFoundError:
        return
    except OSError:
        return  # unreadable: the write says why, or succeeds where only reading is refused
    if head and not any(mark in head for mark in marks):
        raise error(
            f"will not replace {path} with the {what}: it exists, and posture did not write it "
            "(give a new file name, or remove it first)"
        )


def write_output(
    path: Path, data: str, what: str, error: type[PostureError], marks: tuple[bytes, ...]
) -> None:
    """A report the user named, written privately; never over a file posture did not write."""
    check_replaceable(path, what, error, marks)
    write_private(path, data, what, error)


def write_private(
    path: Path,
    data: bytes | str,
    what: str,
    error: type[PostureError],
    temp_prefix: str = ".posture-",
) -> None:
    """Write `data` to `path` atomically as a 0600 file; the folder must exist.

    The temporary file is `temp_prefix` + random + `.tmp` in the same folder.
    """
    check_target(path, what, error)
    body = data.encode("utf-8") if isinstance(data, str) else data
    tmp: str | None = None
    try:
        handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=temp_prefix, suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            out.write(body)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        raise error(f"cannot write {what} {path}: {exc.strerror or exc}") from None
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (POSIX; elsewhere there is nothing to open)."""
    if not _POSIX:
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_stale_temps(folder: Path, prefix: str, older_than_s: float = STALE_TEMP_S) -> int:
    """Delete `prefix*.tmp` files in `folder` left by killed writes; returns how many."""
    cutoff = time.time() - older_than_s
    removed = 0
    try:
        entries = list(folder.iterdir())
    except OSError:
        return 0
    for entry in entries:
        if not (entry.name.startswith(prefix) and entry.name.endswith(".tmp")):
            continue
        try:
            if entry.lstat().st_mtime < cutoff:
                entry.unlink()
                removed += 1
                log.info("removed %s, left by an interrupted write", entry)
        except OSError:
            continue
    return removed


def private_folder(folder: Path, error: type[PostureError]) -> Path:
    """`folder`, made if missing: each folder made here is 0700 (existing ones are left alone)."""
    missing: list[Path] = []
    here = folder
    while not here.exists() and here != here.parent:
        missing.append(here)
        here = here.parent
    for part in reversed(missing):
        try:
            part.mkdir(mode=0o700)
            if _POSIX:
                os.chmod(part, 0o700)  # whatever the umask left
        except FileExistsError:
            continue  # made at the same moment by another process
        except OSError as exc:
            raise error(f"cannot make the folder {part}: {exc.strerror or exc}") from None
    return folder


def check_usable_folder(folder: Path, error: type[PostureError]) -> None:
    """Refuse a folder that exists but this user may not enter, read or write: one another user
    owns after a `sudo posture run`, or one whose mode took the user's own access away."""
    try:
        info = folder.stat()
    except (FileNotFoundError, NotADirectoryError):
        return  # made when needed; a file in its place is said by whoever uses it
    except OSError as exc:
        raise error(f"cannot use posture's folder {folder}: {exc.strerror or exc}") from None
    if not _POSIX or not stat.S_ISDIR(info.st_mode):
        return
    if os.access(folder, os.R_OK | os.W_OK | os.X_OK):
        return
    if info.st_uid != os.getuid():
        raise error(
            f"posture's folder {folder} belongs to another user (uid {info.st_uid}: made by "
            f"`sudo posture`?); `sudo chown -R $(id -un) {folder}` gives it back"
        )
    mode = stat.S_IMODE(info.st_mode)
    raise error(
        f"posture's folder {folder} cannot be read or written (mode {mode:03o}); "
        f"`chmod 700 {folder}` gives it back"
    )


def tighten_folder(folder: Path) -> None:
    """Take group and other access away from one of our own folders (older versions made 0755)."""
    if not _POSIX:
        return
    try:
        info = folder.lstat()
        if (
            stat.S_ISDIR(info.st_mode)
            and info.st_uid == os.getuid()
            and stat.S_IMODE(info.st_mode) & 0o077
        ):
            os.chmod(folder, stat.S_IMODE(info.st_mode) & 0o700)
    except OSError as exc:
        log.warning("could not make %s private: %s", folder, exc.strerror or exc)
