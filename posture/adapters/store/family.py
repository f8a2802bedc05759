"""A posture history and its own files: the one definition every delete goes by.

A history's own files are the database itself (if it is a posture history: an SQLite file with
the schema's version and tables, looked at read-only), SQLite's files beside it with exactly its
name plus `-wal`, `-shm` or `-journal`, and its migration backups `NAME.vN.bak` (each one a
history itself). Names are compared exactly, never as a glob pattern, so `h[1].sqlite3` is not
`h1.sqlite3` and `notes-2024.txt` is nobody's journal.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import stat
from pathlib import Path

JOURNALS = ("-wal", "-shm", "-journal")
"""What SQLite keeps beside a database, by the suffix added to its name."""
_BACKUP = r"\.v[0-9]{1,4}\.bak"
"""What a migration backup adds to the history's name (schema.backup writes them)."""
_TABLES = {"sessions", "samples", "events"}
"""The tables every version of the schema has."""


def _regular(path: Path) -> bool:
    """A regular file itself (not a link, a folder, a device)."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def is_history(path: Path) -> bool:
    """Whether `path` is a posture history (any schema version), looked at without writing: the
    file as it is (no journal made beside it), then with its own write-ahead log if it has one
    (a history created by a run that was killed before its log was copied in)."""
    if not _regular(path):
        return False
    if _schema_says_history(path, "immutable=1"):
        return True
    return _regular(path.with_name(path.name + "-wal")) and _schema_says_history(path, "mode=ro")


def has_sessions(path: Path) -> bool:
    """Whether the history at `path` holds a monitored session (a diary note alone is none),
    looked at without writing (as `is_history`: through its write-ahead log only when it has
    one, so no journal is made beside it); False for anything that is not a readable history."""
    if not is_history(path):
        return False
    logged = _regular(path.with_name(path.name + "-wal"))
    how = "mode=ro" if logged else "immutable=1"
    try:
        con = sqlite3.connect(f"{path.absolute().as_uri()}?{how}", uri=True)
    except sqlite3.Error:
        return False
    try:
        return con.execute("SELECT 1 FROM sessions LIMIT 1").fetchone() is not None
    except sqlite3.Error:
        return False
    finally:
        with contextlib.suppress(sqlite3.Error):
            con.close()


def _schema_says_history(path: Path, how: str) -> bool:
    try:
        con = sqlite3.connect(f"{path.absolute().as_uri()}?{how}", uri=True)
    except sqlite3.Error:
        return False
    try:
        version = con.execute("PRAGMA user_version").fetchone()[0]
        tables = {name for (name,) in con.execute("SELECT name FROM sqlite_master")}
    except sqlite3.Error:
        return False
    finally:
        with contextlib.suppress(sqlite3.Error):
            con.close()
    return int(version) >= 1 and tables >= _TABLES


def backups_of(db: Path) -> list[Path]:
    """The history's migration backups (NAME.vN.bak) that are histories, oldest version first."""
    pattern = re.compile(re.escape(db.name) + _BACKUP)
    try:
        names = [entry.name for entry in os.scandir(db.parent)]
    except OSError:
        return []
    found = [db.parent / name for name in names if pattern.fullmatch(name)]
    return sorted((p for p in found if is_history(p)), key=lambda p: p.name)


def journals_of(db: Path) -> list[Path]:
    """SQLite's files beside the history, by their exact names, where they exist."""
    return [p for p in (db.with_name(db.name + s) for s in JOURNALS) if _regular(p)]


def own_files(db: Path) -> list[Path]:
    """The history's own files, the database last (a delete cut short leaves a history that a
    second delete still recognises); nothing when `db` is there but is not a posture history.
    Without the database, only its backups are known to be histories."""
    if not (db.exists() or db.is_symlink()):
        return backups_of(db)
    if not is_history(db):
        return []
    return [*journals_of(db), *backups_of(db), db]
