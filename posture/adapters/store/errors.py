"""The history's failures (sqlite3's and the OS's) as StoreErrors that say what to do next."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from posture.core.errors import StoreError

# SQLite's primary result codes (the low byte of an extended code).
_ERROR, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = 1, 8, 10, 11, 13, 14, 26
_BUSY_CODES = (5, 6)  # SQLITE_BUSY, SQLITE_LOCKED
_DAMAGE_WORDS = ("no such table", "no such column", "malformed")


def fail(path: Path, exc: BaseException) -> StoreError:
    """One line for a failure of the history at `path`: what happened and what the user can do."""
    text = str(exc)
    if isinstance(exc, sqlite3.Error):
        return _sqlite_failure(path, exc, text)
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else text
    return StoreError(f"cannot use the history database {path}: {reason}")


def _sqlite_failure(path: Path, exc: sqlite3.Error, text: str) -> StoreError:
    code = _code(exc)
    if code == _NOTADB or "not a database" in text:
        return StoreError(f"{path} is not a posture history database (or it is corrupt)")
    if code in _BUSY_CODES or "locked" in text or "busy" in text:
        return StoreError(f"the history database {path} is busy (is another posture running?)")
    if code == _FULL:
        return StoreError(f"the disk holding the history {path} is full ({text}): free some space")
    if code == _IOERR:
        return StoreError(
            f"the history {path} could not be read or written ({text}): the disk may be full, "
            "failing or gone; free some space or check the disk, then try again"
        )
    if code == _READONLY:
        return StoreError(
            f"the history {path} cannot be written ({text}): check the permissions of the file "
            "and its folder"
        )
    if code == _CANTOPEN and (link := _planted_link(path)) is not None:
        return StoreError(
            f"the history's journal {link} is a symbolic link, which posture never makes (and "
            "SQLite will not open): remove it, and the history opens again"
        )
    if code == _CANTOPEN:
        return StoreError(
            f"cannot open the history database {path} ({text}): check that its folder exists "
            "and can be written"
        )
    if code == _CORRUPT or (code == _ERROR and any(w in text for w in _DAMAGE_WORDS)):
        return damaged(path, text)
    return StoreError(f"cannot use the history database {path}: {text}")


JOURNALS = ("-wal", "-shm", "-journal")
"""The files SQLite keeps beside a history."""


def _planted_link(path: Path) -> Path | None:
    """A journal beside the history that is a symbolic link (someone else's: SQLite refuses)."""
    for suffix in JOURNALS:
        journal = path.with_name(path.name + suffix)
        with contextlib.suppress(OSError):
            if journal.is_symlink():
                return journal
    return None


def disk_refused(exc: sqlite3.Error) -> bool:
    """A full disk or an I/O error: SQLite advises rolling the transaction back."""
    return _code(exc) in (_FULL, _IOERR)


def is_busy(exc: sqlite3.Error) -> bool:
    """Another connection holds the lock that was needed."""
    return _code(exc) in _BUSY_CODES


def _code(exc: sqlite3.Error) -> int:
    """SQLite's primary result code of an error (0 if it has none)."""
    return int(getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF


def damaged(path: Path, reason: str) -> StoreError:
    """The file is a history no longer in the shape posture wrote it."""
    return StoreError(
        f"the history database {path} is damaged or was changed by another program ({reason}): "
        "move it aside (or restore a NAME.vN.bak copy) or give another --db"
    )


def not_numbers(path: Path) -> StoreError:
    """A number column holds text (the file was edited by hand or by another program)."""
    return damaged(path, "text where a number belongs")
