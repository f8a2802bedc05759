"""The history: an SQLite database of samples, events and sessions. Numbers only, never images.

An adapter around the standard library's sqlite3: WAL journal, explicit transactions committed on
a short timer and at every event; opening, the schema and its migrations are in `store_schema`.
Times are UTC epoch seconds. Every failure becomes a StoreError (see `store_errors`). What is
written here: sessions, samples (their flag bits in `flags`), events and stretches; what the
reports read back is in `reads`, by day in `days`, the diary in `diary`, deleting in `admin`.
"""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Callable
from typing import Any

from posture.adapters.store.admin import HistoryAdmin
from posture.adapters.store.diary import DiaryRows
from posture.adapters.store.errors import not_numbers
from posture.adapters.store.flags import flags_of
from posture.adapters.store.reads import HistoryReads
from posture.adapters.system.localzone import local_zone
from posture.core import clocks
from posture.core.data import Reading, StretchResult
from posture.core.errors import PostureError, StoreError
from posture.core.monitor.events import Carry, Event, Status
from posture.core.settings import Settings

log = logging.getLogger(__name__)

KEEP_SAMPLES_DAYS = Settings().keep_samples_days


class Store(HistoryAdmin, HistoryReads, DiaryRows):
    """One open history database. Not thread-safe: one writer loop owns it.

    `create=False`: the history must exist already. `read_only`: it must exist and is only read
    (an older schema is read as it is, not upgraded).
    """

    _session: int | None = None
    """The session this run writes (set by start_session)."""
    _last_second: int | None = None
    """The last whole second a sample was stored for (one sample a second at most)."""
    _before: tuple[float | None, float] = (None, 0.0)
    """The newest record stored before this session, and the monotonic time it started."""

    def start_session(self, started_utc: float, source: str, settings: dict[str, Any]) -> int:
        newest = self._extent()[1]
        self._before = (newest if newest > float("-inf") else None, self._clock())
        cursor = self._write(
            "INSERT INTO sessions (started, source, settings) VALUES (?, ?, ?)",
            (started_utc, source, json.dumps(settings, sort_keys=True)),
        )
        self._session = int(cursor.lastrowid or 0)
        self._sessions = None  # which sessions reports leave out may change with this one
        self.commit()
        return self._session

    def end_session(self, ended_utc: float) -> None:
        """Store the session's end; if the rows not yet saved cannot be (a full disk), they are
        dropped and the end, a few bytes in an existing row, is tried again on its own."""
        if self._session is None:
            return
        end = ("UPDATE sessions SET ended = ? WHERE id = ?", (ended_utc, self._session))
        try:
            self._write(*end)
            self.commit()
        except StoreError as exc:
            self._drop_unsaved()
            self._write(*end)
            self.commit()
            log.warning("%s; the last samples could not be saved, the session's end was", exc)
        newest, started = self._before
        self._tidy(clocks.vouched_now(ended_utc, newest, self._clock() - started))

    def _tidy(self, now_utc: float) -> None:
        """After a session: roll up the days lacking a rollup, then drop samples older than the
        session's `keep_samples_days`, by a `now` the clocks vouch for (core/clocks.py). A
        failure here is said and costs nothing stored."""
        try:
            zone = local_zone()
            self._sessions = None
            self.catch_up(zone, now_utc)
            self.drop_samples(self._keep_days(), zone, now_utc)
        except PostureError as exc:
            log.warning("the history's daily figures could not be brought up to date: %s", exc)

    def _keep_days(self) -> int:
        """The retention of the session just ended (the default when it names none)."""
        found = self._read("SELECT settings FROM sessions WHERE id = ?", (self._session,))
        with contextlib.suppress(ValueError, TypeError, AttributeError, IndexError):
            return int(json.loads(found[0][0]).get("keep_samples_days", KEEP_SAMPLES_DAYS))
        return KEEP_SAMPLES_DAYS

    def add_sample(self, wall_utc: float, reading: Reading, status: Status) -> bool:
        """Store one sample, at most one a second; returns whether it was stored."""
        second = int(wall_utc)
        if second == self._last_second:
            return False
        self._last_second = second
        self._write(
            "INSERT INTO samples VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                wall_utc,
                self._session,
                int(reading.present),
                reading.view.value if reading.view else None,
                reading.head_forward_deg,
                reading.confidence if reading.present else None,
                status.posture.value,
                round(status.still_s, 1),
                round(status.sitting_s, 1),
                flags_of(status, reading),
            ),
        )
        self.commit_if_due()
        return True

    def add_events(self, wall_of: Callable[[float], float], events: list[Event]) -> None:
        """Store events (their monotonic `t` turned into UTC by `wall_of`) and commit at once."""
        for e in events:
            self._write(
                "INSERT INTO events (t, session, kind, duration_s, value, repeat, urgent, "
                "amplitude_deg) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    wall_of(e.t),
                    self._session,
                    e.kind.value,
                    e.duration_s,
                    e.value,
                    e.repeat,
                    int(e.urgent),
                    e.amplitude_deg,
                ),
            )
        if events:
            self.commit()

    def suggest_stretch(self, wall_utc: float, stretch_id: str, cause: str | None) -> int:
        """A stretch suggested (status 'suggested' until its result is known); its row id."""
        cursor = self._write(
            "INSERT INTO stretches (t, session, stretch_id, cause, status) VALUES (?, ?, ?, ?, ?)",
            (wall_utc, self._session, stretch_id, cause, "suggested"),
        )
        self.commit()
        return int(cursor.lastrowid or 0)

    def restamp_stretch(self, row: int, wall_utc: float) -> None:
        """An offer repeated by a reminder: its row now stands for the reminder (so the reports
        count an answer for the alert it was given to, and the earlier alert as unanswered)."""
        self._write("UPDATE stretches SET t = ? WHERE rowid = ?", (wall_utc, row))
        self.commit()

    def record_stretch(self, row: int | None, wall_utc: float, result: StretchResult) -> int:
        """The outcome of a stretch: fills in its suggestion row, or adds one (started by hand)."""
        values = (result.status, result.done, result.total, int(result.checked), result.seconds)
        if row is None:
            row = self.suggest_stretch(wall_utc, result.stretch_id, None)
        self._write(
            "UPDATE stretches SET status = ?, done = ?, total = ?, checked = ?, seconds = ? "
            "WHERE rowid = ?",
            (*values, row),
        )
        self.commit()
        return row

    def recent_stretches(self, limit: int = 50) -> list[str]:
        """Ids of the latest suggestions, oldest first (so the chooser keeps rotating)."""
        found = self._read("SELECT stretch_id FROM stretches ORDER BY t DESC LIMIT ?", (limit,))
        return [str(r[0]) for r in reversed(found)]

    def carry(self, now_utc: float, break_s: float) -> Carry:
        """Timers to carry over if the last sample up to now is recent (a restart without a
        break). Samples later than now (the clock was ahead, or stepped back) are not read as
        recent: how long ago they were is unknown (core/clocks.py)."""
        found = self._read(
            "SELECT t, still_s, sitting_s, present FROM samples WHERE t <= ? "
            "ORDER BY t DESC LIMIT 1",
            (now_utc + clocks.TOLERANCE_S,),
        )
        try:
            gap = clocks.gap_s(float(found[0][0]), now_utc) if found else None
            if gap is None or gap >= break_s or not found[0][3]:
                return Carry()
            _, still_s, sitting_s, _ = (float(v) for v in found[0])
        except (ValueError, TypeError):
            raise not_numbers(self.path) from None
        return Carry(sitting_s=sitting_s, still_s=still_s, gap_s=gap)
