"""An open history file and its transactions: explicit, committed on a timer, honest on failure.

Writes go into one transaction that is committed every `commit_s` seconds (and at once by those
that must not wait). When a write or a commit fails (a full disk, a read-only file, a lock), each
later write is committed at once until one succeeds, so that a write that returns without an
error has really been saved. After a full disk or an I/O error the unsaved rows are rolled back,
as SQLite advises; after other failures SQLite keeps them for the next commit.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from posture.adapters.store.errors import disk_refused, fail
from posture.adapters.store.schema import open_history
from posture.adapters.system.closing import Closeable
from posture.core.errors import StoreError

log = logging.getLogger(__name__)


class HistoryFile(Closeable):
    """The connection to one history, its schema `version`, and its commit cadence."""

    def __init__(
        self,
        path: Path,
        clock: Callable[[], float],
        commit_s: float = 5.0,
        busy_timeout_s: float = 5.0,
        create: bool = True,
        *,
        read_only: bool = False,
    ) -> None:
        self.path, self._clock, self._commit_s = path, clock, commit_s
        self._failing = False
        self._db, self.version = open_history(path, busy_timeout_s, create, read_only)
        self._last_commit = clock()

    def _write(self, sql: str, args: Iterable[Any]) -> sqlite3.Cursor:
        """Run a statement inside the open transaction (begun if there is none)."""
        try:
            if not self._db.in_transaction:
                self._db.execute("BEGIN")
            return self._db.execute(sql, tuple(args))
        except sqlite3.Error as exc:
            raise self._failed(exc) from None

    def _read(self, sql: str, args: Iterable[Any] = ()) -> list[Any]:
        try:
            return self._db.execute(sql, tuple(args)).fetchall()
        except sqlite3.Error as exc:
            raise fail(self.path, exc) from None

    def _failed(self, exc: sqlite3.Error) -> StoreError:
        """Commit each write at once from now until a commit succeeds; the error to raise."""
        self._failing = True
        if disk_refused(exc):
            self._drop_unsaved()
        return fail(self.path, exc)

    def _drop_unsaved(self) -> None:
        """Roll back the rows not yet committed (SQLite may have done so already), and copy the
        journal's saved pages into the file so the next write can reuse the journal's space
        instead of needing more (which a full disk refuses)."""
        with contextlib.suppress(sqlite3.Error):
            self._db.rollback()
        with contextlib.suppress(sqlite3.Error):
            self._db.execute("PRAGMA wal_checkpoint(PASSIVE)")

    def commit_if_due(self) -> None:
        """Commit if the timer is up, or at once while writing has been failing."""
        if self._failing or self._clock() - self._last_commit >= self._commit_s:
            self.commit()

    def commit(self) -> None:
        try:
            self._db.commit()
        except sqlite3.Error as exc:
            raise self._failed(exc) from None
        self._failing = False
        self._last_commit = self._clock()

    def close(self) -> None:
        db = getattr(self, "_db", None)
        if db is None:
            return
        try:
            db.commit()
        except sqlite3.Error as exc:
            log.warning("could not save the last samples: %s", exc)
        db.close()
        self._db = None  # type: ignore[assignment]
