"""The history by local day: figures from rollups where they can be trusted, else from samples;
rollups built for the days lacking one, and retention (old samples dropped, the file compacted).
"""

from __future__ import annotations

import json
import logging
import sqlite3
from datetime import date, datetime, timedelta, tzinfo

from posture.adapters.store import rollup
from posture.adapters.store.errors import fail
from posture.adapters.store.file import HistoryFile
from posture.core.reports.days import Day, day_bounds, empty_day, summarize_day
from posture.core.reports.history import History
from posture.core.reports.rollup import day_of, day_record
from posture.core.reports.span import iter_days

log = logging.getLogger(__name__)

COMPACT_SHARE = 0.25
"""The file is compacted (VACUUM) once this share of its pages is free: freed pages are reused
by new samples anyway, so rewriting the whole file after every day's drop would only cost time."""


SAY_AFTER_DAYS = 30
"""A first catch-up over more days than this is announced: it takes about 0.2 s a day."""


class DayRollups(HistoryFile):
    """What a history offers by local day (mixed into `Store`)."""

    _sessions: rollup.Sessions | None = None

    @property
    def sessions(self) -> rollup.Sessions:
        """Which sessions reports leave out (replays and demos in a real history)."""
        if self._sessions is None:
            self._sessions = rollup.sessions_of(self._db) if self._has_rows() else rollup.Sessions()
        return self._sessions

    def _has_rows(self) -> bool:
        return bool(self._read("SELECT 1 FROM sessions LIMIT 1"))

    def history(self, start_utc: float, end_utc: float) -> History:
        raise NotImplementedError  # Store reads it

    def days(self, first: date, last: date, zone: tzinfo) -> list[Day]:
        """Each local day's figures: its rollup if trusted, else summed from its samples."""
        try:
            rows = rollup.stored(self._db, first, last) if self.version >= 3 else {}
            low, high = self._extent()
            out = []
            for day in iter_days(first, last):
                row = rows.get(day)
                found = self._rolled(row, day, zone)
                start, end = day_bounds(day, zone)
                outside = end <= low or start > high  # before the first or after the last record
                if found is None and row is None and (outside or not self._has_data(day, zone)):
                    found = empty_day(day)  # nothing to read: no queries, no sums
                out.append(found or summarize_day(self._day(day, zone), day, zone))
            return out
        except sqlite3.Error as exc:
            raise fail(self.path, exc) from None

    def _rolled(self, row: rollup.Stored | None, day: date, zone: tzinfo) -> Day | None:
        if row is None or not rollup.trusted(self._db, row, day, zone, self.sessions):
            return None
        try:
            return day_of(json.loads(row.figures))
        except (ValueError, KeyError, TypeError, AttributeError):
            log.warning("the stored figures of %s are unreadable; summing its samples", day)
            return None

    def _extent(self) -> tuple[float, float]:
        """The times of the oldest and newest record (samples, events, stretches)."""
        tables = ("samples", "events", "stretches") if self.version >= 2 else ("samples", "events")
        found = [
            row
            for table in tables
            for row in self._read(  # two subqueries: each reads one end of the time index
                f"SELECT (SELECT min(t) FROM {table}), (SELECT max(t) FROM {table})"
            )
            if row[0] is not None
        ]
        if not found:
            return float("inf"), float("-inf")
        return min(float(r[0]) for r in found), max(float(r[1]) for r in found)

    def _has_data(self, day: date, zone: tzinfo) -> bool:
        return rollup.has_data(self._db, day, zone, self.sessions)

    def _day(self, day: date, zone: tzinfo) -> History:
        return self.history(*day_bounds(day, zone))

    def roll_up(self, first: date, last: date, zone: tzinfo, now_utc: float) -> int:
        """Build the rollups of the days first..last that have data and lack a trusted one;
        how many were built."""
        built = 0
        try:
            rows = rollup.stored(self._db, first, last)
            for day in iter_days(first, last):
                row = rows.get(day)
                if rollup.trusted(self._db, row, day, zone, self.sessions) or (
                    row is None and not rollup.has_data(self._db, day, zone, self.sessions)
                ):
                    continue
                self._build(day, zone, now_utc)
                built += 1
        except sqlite3.Error as exc:
            raise fail(self.path, exc) from None
        return built

    def rebuild(self, first: date, last: date, zone: tzinfo, now_utc: float) -> int:
        """Build again every day's rollup that still has its samples; how many were built."""
        count = 0
        try:
            rows = rollup.stored(self._db, first, last)
            for day in iter_days(first, last):
                row = rows.get(day)
                if (row is None or row.kept) and rollup.has_data(
                    self._db, day, zone, self.sessions
                ):
                    self._build(day, zone, now_utc)
                    count += 1
        except sqlite3.Error as exc:
            raise fail(self.path, exc) from None
        return count

    def _build(self, day: date, zone: tzinfo, now_utc: float) -> None:
        key, _ = rollup.day_key(self._db, day, zone, self.sessions)
        figures = summarize_day(self._day(day, zone), day, zone)
        record = json.dumps(day_record(figures), separators=(",", ":"))
        rollup.write(self._db, day, zone, now_utc, key, record)

    def first_day(self, zone: tzinfo) -> date | None:
        """The local day of the oldest thing stored, if any."""
        found = [
            t
            for table in ("samples", "events", "stretches")
            for (t,) in self._read(f"SELECT min(t) FROM {table}")
            if t is not None
        ]
        return datetime.fromtimestamp(min(found), zone).date() if found else None

    def catch_up(self, zone: tzinfo, now_utc: float) -> int:
        """Roll up every day from the oldest stored to today lacking a trusted rollup."""
        first = self.first_day(zone)
        today = datetime.fromtimestamp(now_utc, zone).date()
        if first is None:
            return 0
        if self.version >= 3 and (today - first).days > SAY_AFTER_DAYS:
            (rolled,) = self._read("SELECT count(*) FROM rollups")[0]
            if not rolled:
                log.warning("summing each day of the history into daily figures (once)...")
        return self.roll_up(first, max(first, today), zone, now_utc)

    def drop_samples(self, keep_days: int, zone: tzinfo, now_utc: float) -> int:
        """Drop the samples of days older than `keep_days` whose rollups are stored (events,
        stretches and rollups stay), and compact the file if much of it is free; how many."""
        if keep_days <= 0:
            return 0
        cutoff_day = datetime.fromtimestamp(now_utc, zone).date() - timedelta(days=keep_days)
        first = self.first_day(zone)
        if first is None or first >= cutoff_day:
            return 0
        self.roll_up(first, cutoff_day - timedelta(days=1), zone, now_utc)
        cutoff, _ = day_bounds(cutoff_day, zone)
        dropped = self._write("DELETE FROM samples WHERE t < ?", (cutoff,)).rowcount
        self._write("UPDATE rollups SET kept = 0 WHERE day < ?", (cutoff_day.isoformat(),))
        self.commit()
        if dropped:
            self.compact_if_sparse()
        return int(dropped)

    def compact_if_sparse(self) -> bool:
        """VACUUM when at least COMPACT_SHARE of the file's pages are free; whether it did."""
        ((free,),) = self._read("PRAGMA freelist_count")
        ((pages,),) = self._read("PRAGMA page_count")
        if not pages or free / pages < COMPACT_SHARE:
            return False
        self.compact()
        return True

    def compact(self) -> None:
        """Rewrite the file without its free pages, and empty the journal."""
        self.commit()
        try:
            self._db.execute("VACUUM")
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error as exc:
            raise fail(self.path, exc) from None
