"""Daily rollups in the history: each local day's report figures, stored so that reports over
many days read one row a day instead of every sample.

A rollup is trusted while the sessions touching its day are the same as when it was built (their
ids and ends) and so are the day's stretches; a day a session was still writing when it was
built is trusted only if it had ended by then. A day whose samples retention dropped (`kept` 0)
keeps its rollup for good: it can no longer be rebuilt. Replays and demos in a real history (one
with webcam sessions) are left out of everything read here.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import date, tzinfo

from posture.core.reports.days import day_bounds

DEMO_SOURCE = "posture demo (simulated)"
"""The source a demo session is stored with."""
CAMERA_PREFIX = "camera "
"""Webcam sessions' sources begin so ('camera 0', 'camera /dev/video2'); others are replays."""


@dataclass(frozen=True, slots=True)
class Sessions:
    """Which sessions a report leaves out, and what the ones it reads are."""

    excluded: tuple[int, ...] = ()
    simulated: bool = False
    replayed: bool = False

    def clause(self, column: str = "session") -> str:
        """An SQL condition (starting with AND) leaving out the excluded sessions' rows."""
        if not self.excluded:
            return ""
        ids = ", ".join(str(int(i)) for i in self.excluded)
        return f" AND ({column} IS NULL OR {column} NOT IN ({ids}))"


def sessions_of(db: sqlite3.Connection) -> Sessions:
    """A real history (any webcam session) leaves out its replays and demos; a history of only
    replays or demos is read whole, and says so."""
    found = [(int(i), str(s)) for i, s in db.execute("SELECT id, source FROM sessions")]
    real = {i for i, s in found if s.startswith(CAMERA_PREFIX)}
    kept = [s for i, s in found if not real or i in real]
    return Sessions(
        excluded=tuple(sorted(i for i, _ in found if real and i not in real)),
        simulated=any(s == DEMO_SOURCE for s in kept),
        replayed=any(not s.startswith(CAMERA_PREFIX) and s != DEMO_SOURCE for s in kept),
    )


@dataclass(frozen=True, slots=True)
class Stored:
    """A rollup row, without its figures."""

    zone: str
    built: float
    key: str
    kept: bool
    figures: str


def day_key(
    db: sqlite3.Connection, day: date, zone: tzinfo, sessions: Sessions
) -> tuple[str, bool]:
    """What a day's rollup depends on, and whether a session touching the day is still open."""
    start, end = day_bounds(day, zone)
    touching = db.execute(
        "SELECT id, ended FROM sessions WHERE started < ? AND (ended IS NULL OR ended >= ?) "
        "ORDER BY id",
        (end, start),
    ).fetchall()
    (stretches,) = db.execute(
        "SELECT count(*) FROM stretches WHERE t >= ? AND t < ?", (start, end)
    ).fetchone()
    key = json.dumps([touching, stretches, sessions.excluded])
    return key, any(ended is None for _, ended in touching)


def stored(db: sqlite3.Connection, first: date, last: date) -> dict[date, Stored]:
    """The rollup rows of the days first..last."""
    rows = db.execute(
        "SELECT day, zone, built, key, kept, figures FROM rollups WHERE day >= ? AND day <= ?",
        (first.isoformat(), last.isoformat()),
    )
    return {
        date.fromisoformat(day): Stored(str(zone), float(built), str(key), bool(kept), str(text))
        for day, zone, built, key, kept, text in rows
    }


def trusted(
    db: sqlite3.Connection, row: Stored | None, day: date, zone: tzinfo, sessions: Sessions
) -> bool:
    """Whether a stored rollup can stand for its day in `zone`."""
    if row is None:
        return False
    if not row.kept:
        return True  # its samples are gone: the rollup is all there is
    if row.zone != str(zone):
        return False
    key, open_session = day_key(db, day, zone, sessions)
    return row.key == key and (not open_session or row.built >= day_bounds(day, zone)[1])


def has_data(db: sqlite3.Connection, day: date, zone: tzinfo, sessions: Sessions) -> bool:
    """Whether anything was recorded on a day (a sample, an event or a stretch)."""
    start, end = day_bounds(day, zone)
    for table in ("samples", "events", "stretches"):
        found = db.execute(
            f"SELECT 1 FROM {table} WHERE t >= ? AND t < ?{sessions.clause()} LIMIT 1",
            (start, end),
        ).fetchone()
        if found:
            return True
    return False


def write(
    db: sqlite3.Connection, day: date, zone: tzinfo, built: float, key: str, record: str
) -> None:
    """Store (or replace) a day's rollup, unless its samples are gone (then it stays)."""
    db.execute(
        "INSERT INTO rollups (day, zone, built, key, kept, figures) VALUES (?, ?, ?, ?, 1, ?) "
        "ON CONFLICT(day) DO UPDATE SET zone = excluded.zone, built = excluded.built, "
        "key = excluded.key, figures = excluded.figures WHERE rollups.kept = 1",
        (day.isoformat(), str(zone), built, key, record),
    )
