"""Owning the history: its rows read out for export, counted, and deleted before a day or all.

Deleting is one transaction (a failure or a kill leaves everything as it was), then the file is
compacted so the deleted rows are gone from the disk, not only from the tables.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from posture.adapters.store.days import DayRollups
from posture.adapters.store.errors import fail

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
SINCE = {"stretches": 2, "diary": 5, "advice": 5}
"""The schema version that brought a table (a history read without upgrading may lack it)."""


@dataclass(frozen=True, slots=True)
class Counts:
    """How many rows of each kind a period holds."""

    samples: int
    events: int
    stretches: int
    rollups: int
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
        return Counts(samples, events, stretches, rollups, notes)

    def delete_before(self, before: float, before_day: date) -> Counts:
        """Delete every sample, event, stretch and daily figure before a time, and the sessions
        left with nothing; in one transaction, then compact the file. What was deleted."""
        counts = self.counts(before, before_day)
        try:
            self.commit()
            self._db.execute("BEGIN IMMEDIATE")
            for table in TIMED:
                self._db.execute(f"DELETE FROM {table} WHERE t < ?", (before,))
            self._db.execute("DELETE FROM rollups WHERE day < ?", (before_day.isoformat(),))
            self._db.execute(
                "DELETE FROM sessions WHERE started < ? "
                "AND id NOT IN (SELECT session FROM samples WHERE session IS NOT NULL) "
                "AND id NOT IN (SELECT session FROM events WHERE session IS NOT NULL) "
                "AND id NOT IN (SELECT session FROM stretches WHERE session IS NOT NULL)",
                (before,),
            )
            self._db.execute("COMMIT")
        except sqlite3.Error as exc:
            with contextlib.suppress(sqlite3.Error):
                self._db.execute("ROLLBACK")
            raise fail(self.path, exc) from None
        self._sessions = None
        self.compact()
        return counts
