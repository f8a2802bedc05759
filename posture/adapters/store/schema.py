"""Opening the history file: is it ours, its schema, migrations and the backup made before one.

Whether a file is a posture history is decided before anything is written to it: a new or empty
file is initialised, another program's database or a newer schema is refused untouched (not even
its journal mode changes). A history is created only at a real path, never through a symbolic
link. Each migration is one transaction with its `user_version` bump, taken with BEGIN IMMEDIATE
so a kill leaves the old schema and two first opens at once do the work once. The file is copied
to NAME.vN.bak (0600, complete or absent) before it is upgraded.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import stat
from pathlib import Path

from posture.adapters.store.errors import fail, is_busy
from posture.adapters.system.files import private_folder
from posture.core.errors import StoreError

log = logging.getLogger(__name__)

SCHEMA_VERSION = 5
MIGRATIONS: dict[int, tuple[str, ...]] = {
    1: (
        """CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            started REAL NOT NULL,
            ended REAL,
            source TEXT NOT NULL,
            settings TEXT NOT NULL
        )""",
        """CREATE TABLE samples (
            t REAL NOT NULL,
            session INTEGER NOT NULL REFERENCES sessions(id),
            present INTEGER NOT NULL,
            view TEXT,
            head_forward_deg REAL,
            confidence REAL,
            posture TEXT NOT NULL,
            still_s REAL NOT NULL,
            sitting_s REAL NOT NULL,
            flags INTEGER NOT NULL
        )""",
        "CREATE INDEX samples_by_time ON samples(t)",
        """CREATE TABLE events (
            t REAL NOT NULL,
            session INTEGER NOT NULL REFERENCES sessions(id),
            kind TEXT NOT NULL,
            duration_s REAL,
            value REAL,
            repeat INTEGER NOT NULL DEFAULT 0,
            urgent INTEGER NOT NULL DEFAULT 0
        )""",
        "CREATE INDEX events_by_time ON events(t)",
    ),
    2: (
        """CREATE TABLE stretches (
            t REAL NOT NULL,
            session INTEGER REFERENCES sessions(id),
            stretch_id TEXT NOT NULL,
            cause TEXT,
            status TEXT NOT NULL,
            done INTEGER NOT NULL DEFAULT 0,
            total INTEGER NOT NULL DEFAULT 0,
            checked INTEGER NOT NULL DEFAULT 0,
            seconds REAL NOT NULL DEFAULT 0
        )""",
        "CREATE INDEX stretches_by_time ON stretches(t)",
    ),
    3: (
        """CREATE TABLE rollups (
            day TEXT PRIMARY KEY,
            zone TEXT NOT NULL,
            built REAL NOT NULL,
            key TEXT NOT NULL,
            kept INTEGER NOT NULL DEFAULT 1,
            figures TEXT NOT NULL
        )""",
    ),
    4: ("ALTER TABLE events ADD COLUMN amplitude_deg REAL",),
    5: (
        """CREATE TABLE diary (
            t REAL NOT NULL,
            day TEXT NOT NULL,
            level INTEGER NOT NULL,
            words TEXT NOT NULL DEFAULT '',
            noted REAL NOT NULL
        )""",
        "CREATE INDEX diary_by_day ON diary(day)",
        """CREATE TABLE advice (
            t REAL NOT NULL,
            day TEXT NOT NULL,
            reason TEXT NOT NULL
        )""",
    ),
}
"""Version -> the statements that bring the previous version to it."""

_NEW_FILE = os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0)


def open_history(
    path: Path, busy_timeout_s: float, create: bool, read_only: bool
) -> tuple[sqlite3.Connection, int]:
    """A connection (autocommit: transactions are explicit) to the history at `path` and its
    schema version. Read-only: nothing is created, initialised or upgraded."""
    try:
        linked = _place(path, create and not read_only)
        db = sqlite3.connect(path, timeout=busy_timeout_s, isolation_level=None)
    except (sqlite3.Error, OSError) as exc:
        raise fail(path, exc) from None
    try:
        version = _judge(path, *_inspect(db), linked=linked, read_only=read_only)
        if read_only:
            db.execute("PRAGMA query_only = ON")
        else:
            _write_ahead(db)
            db.execute("PRAGMA synchronous = NORMAL")
            db.execute("PRAGMA foreign_keys = ON")
            version = migrate(db, path)
            _write_ahead(db)  # if another first open had the file at the first try
    except BaseException as exc:
        db.close()
        if isinstance(exc, sqlite3.Error | OSError):
            raise fail(path, exc) from None
        raise
    return db, version


def _place(path: Path, create: bool) -> bool:
    """Check what is at `path` (creating a new file 0600 if asked); whether it is a link."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        if not create:
            raise StoreError(
                f"no history at {path}: run `posture run` (or `posture demo`) first"
            ) from None
        private_folder(path.parent, StoreError)
        try:
            os.close(os.open(path, _NEW_FILE, 0o600))
            return False
        except FileExistsError:  # made meanwhile by another first open (or a link appeared)
            info = os.lstat(path)
    linked = stat.S_ISLNK(info.st_mode)
    if linked:
        try:
            info = os.stat(path)
        except FileNotFoundError:
            raise StoreError(
                f"{path} is a link to {os.readlink(path)}, which does not exist: posture creates "
                "a history only at a real path, never through a link"
            ) from None
    if stat.S_ISDIR(info.st_mode):
        raise StoreError(f"{path} is a folder, not a history database: give a file's path")
    if not stat.S_ISREG(info.st_mode):
        raise StoreError(f"{path} is not a regular file (a device or a pipe?), so not a history")
    return linked


def _write_ahead(db: sqlite3.Connection) -> None:
    """Switch the file to WAL if it is not yet. SQLite refuses at once, without waiting, while
    another connection opens the same new file; the switch is then left to that one or to the
    next try: a history works in either journal mode."""
    if db.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
        return
    try:
        db.execute("PRAGMA journal_mode = WAL")
    except sqlite3.OperationalError as exc:
        if not is_busy(exc):
            raise


def _inspect(db: sqlite3.Connection) -> tuple[int, int]:
    """The file's schema version and how many schema objects (tables, indexes...) it has."""
    version, objects = db.execute(  # one statement: one consistent look at the file
        "SELECT (SELECT user_version FROM pragma_user_version), "
        "(SELECT count(*) FROM sqlite_master)"
    ).fetchone()
    return int(version), int(objects)


def _judge(path: Path, version: int, objects: int, *, linked: bool, read_only: bool) -> int:
    """The version if the file may be used as asked, else a StoreError saying why not."""
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path} was written by a newer posture (schema {version}); "
            "upgrade posture or use another --db"
        )
    if version == 0 and objects:
        raise StoreError(
            f"{path} is another program's database (it has tables of its own), not a posture "
            "history; posture leaves it alone: give another --db"
        )
    if version == 0 and read_only:
        raise StoreError(f"no history at {path} (the file is empty): run `posture run` first")
    if version == 0 and linked:
        raise StoreError(
            f"{path} is a link: posture creates a history only at a real path, never through a link"
        )
    return version


def migrate(db: sqlite3.Connection, path: Path) -> int:
    """Bring the file to SCHEMA_VERSION, one transaction per migration with its version bump."""
    version, _ = _inspect(db)
    copied = version == 0  # a new file (even if another first open is creating it) has no data
    while version < SCHEMA_VERSION:
        db.execute("BEGIN IMMEDIATE")  # the write lock first: another open may be migrating
        try:
            version = _judge(path, *_inspect(db), linked=False, read_only=False)
            if version < SCHEMA_VERSION:
                if not copied:  # a history with data: keep a copy first
                    kept = backup(path, version)
                    log.warning("history database upgraded; the old one is kept as %s", kept)
                    copied = True
                for statement in MIGRATIONS[version + 1]:
                    db.execute(statement)
                version += 1
                db.execute(f"PRAGMA user_version = {version}")
            db.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
            raise
    return version


def backup(path: Path, version: int) -> Path:
    """Copy the history to NAME.vVERSION.bak, readable by the user only, complete or not at all.

    Called while holding the write lock, so no other posture is upgrading it at the same time;
    the copy is read through a second connection (a connection cannot copy a file it is writing).
    """
    target = path.with_name(f"{path.name}.v{version}.bak")
    temp = path.with_name(f".{path.name}.v{version}.bak.partial")
    with contextlib.suppress(FileNotFoundError):
        os.unlink(temp)  # left by a kill during an earlier attempt
    os.close(os.open(temp, _NEW_FILE, 0o600))
    try:
        source = sqlite3.connect(path)
        copy = sqlite3.connect(temp)
        try:
            source.backup(copy)
        finally:
            copy.close()
            source.close()
        fd = os.open(temp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    return target
