"""Owning the history: its rows read out for export, counted, and deleted before a day or all.

Deleting is one transaction (a failure or a kill leaves everything as it was), then the file is
compacted so the deleted rows are gone from the disk, not only from the tables.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from posture.adapters.store.days import DayRollups
from posture.adapters.store.errors import fail
from posture.adapters.store.family import backups_of

TABLES: dict[str, tuple[str, ...]] = {
    "sessions": ("id", "started", "ended", "source", "settings"),
    "samples": (
        "t",
        "session",
        "present",
        "view",
        "head_forward_deg",
        "confidence",
        "posture",
        "still_s",
        "sitting_s",
        "flags",
    ),
    "events": (
        "t",
        "session",
        "kind",
        "duration_s",
        "value",
        "repeat",
        "urgent",
        "amplitude_deg",
    ),
    "stretches": (
        "t",
        "session",
        "stretch_id",
        "cause",
        "status",
        "done",
        "total",
        "checked",
        "seconds",
    ),
    "diary": ("t", "day", "level", "words", "noted"),
    "advice": ("t", "day", "reason"),
}
"""What an export holds: each table's columns, as the schema names them."""
TIMED = ("samples", "events", "stretches", "diary", "advice")
IN_SESSIONS = ("samples", "events", "stretches")
"""The timed tables whose rows belong to a session (the diary's are the person's, not a run's)."""
SINCE = {"stretches": 2, "diary": 5, "advice": 5}
"""The schema version that brought a table (a history read without upgrading may lack it)."""


@dataclass(frozen=True, slots=True)
class Counts:
    """How many rows of each kind a period holds."""

    samples: int
    events: int
    stretches: int
    rollups: int
    backups: int = 0
    """How many migration backups were cleaned of the same rows (after a delete)."""
    notes: int = 0
    """Diary notes (and the doctor advice given)."""

    def __str__(self) -> str:
        return (
            f"{self.samples} samples, {self.events} events, {self.stretches} stretches, "
            f"{self.notes} diary notes and {self.rollups} days' figures"
        )


class HistoryAdmin(DayRollups):
    """Export, counts and deletion (mixed into `Store`)."""

    def rows(self, table: str, start: float, end: float) -> Iterator[tuple[Any, ...]]:
        """A table's rows in [start, end) (sessions: those started then), oldest first."""
        if self.version < SINCE.get(table, 0):
            return
        columns = ", ".join(TABLES[table])
        if table == "events" and self.version < 4:  # read without upgrading: no amplitudes
            columns = columns.replace("amplitude_deg", "NULL AS amplitude_deg")
        column = "started" if table == "sessions" else "t"
        sql = (
            f"SELECT {columns} FROM {table} WHERE {column} >= ? AND {column} < ? ORDER BY {column}"
        )
        try:
            yield from self._db.execute(sql, (start, end))
        except sqlite3.Error as exc:
            raise fail(self.path, exc) from None

    def counts(self, before: float, before_day: date) -> Counts:
        """What lies before a time (rollups: before a day)."""
        samples, events, stretches, notes, _ = (
            int(self._read(f"SELECT count(*) FROM {table} WHERE t < ?", (before,))[0][0])
            for table in TIMED
        )
        day = before_day.isoformat()
        rollups = int(self._read("SELECT count(*) FROM rollups WHERE day < ?", (day,))[0][0])
        return Counts(samples, events, stretches, rollups, notes=notes)

    def delete_before(self, before: float, before_day: date, keep_open: bool = False) -> Counts:
        """Delete every sample, event, stretch and daily figure before a time, and the sessions
        left with nothing (`keep_open`: but those still open, which a running monitor goes on
        writing into); in one transaction, then compact the file. The migration backups
        (NAME.vN.bak) hold the same rows: they are cleaned the same way. What was deleted."""
        counts = self.counts(before, before_day)
        try:
            self.commit()
            _delete_rows(self._db, before, before_day, keep_open)
        except sqlite3.Error as exc:
            raise fail(self.path, exc) from None
        self._sessions = None
        self.compact()
        return replace(counts, backups=clean_backups(self.path, before, before_day))


def _delete_rows(
    db: sqlite3.Connection, before: float, before_day: date, keep_open: bool = False
) -> None:
    """The deletion, in one transaction, over the tables this file's schema has."""
    tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    timed = [table for table in TIMED if table in tables]
    db.execute("BEGIN IMMEDIATE")
    try:
        for table in timed:
            db.execute(f"DELETE FROM {table} WHERE t < ?", (before,))
        if "rollups" in tables:
            db.execute("DELETE FROM rollups WHERE day < ?", (before_day.isoformat(),))
        used = " ".join(
            f"AND id NOT IN (SELECT session FROM {table} WHERE session IS NOT NULL)"
            for table in timed
            if table in IN_SESSIONS
        )
        if keep_open:
            used += " AND ended IS NOT NULL"
        db.execute(f"DELETE FROM sessions WHERE started < ? {used}", (before,))
        db.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            db.execute("ROLLBACK")
        raise


def clean_backups(db: Path, before: float, before_day: date) -> int:
    """Delete the same rows from the history's migration backups and compact each; how many
    backups there were."""
    found = backups_of(db)
    for path in found:
        try:
            con = sqlite3.connect(path, isolation_level=None)
            try:
                _delete_rows(con, before, before_day)
                con.execute("VACUUM")
                con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                con.close()
        except sqlite3.Error as exc:
            raise fail(path, exc) from None
    return len(found)
