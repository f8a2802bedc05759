"""The history read back: samples, events and stretches for the reports, and the stored events."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from dataclasses import dataclass

from posture.adapters.store.days import DayRollups
from posture.adapters.store.errors import fail, not_numbers
from posture.adapters.store.flags import Flag
from posture.core.reports.history import (
    DEFAULT_STILL_ALERT_S,
    FORWARD,
    GOOD,
    PAUSED,
    PRESENT,
    EventRecord,
    History,
    Samples,
    StretchRow,
)


@dataclass(frozen=True, slots=True)
class EventRow:
    t: float
    session: int
    kind: str
    duration_s: float | None
    value: float | None
    repeat: int
    urgent: bool
    amplitude_deg: float | None = None


class HistoryReads(DayRollups):
    """What the reports and `events` read from a history (mixed into `Store`)."""

    def history(self, start_utc: float, end_utc: float) -> History:
        """Samples, events and stretches in [start, end), for the reports (a real history's
        replays and demos left out)."""
        span = (start_utc, end_utc)
        code = (
            f"present * {PRESENT} + (posture = 'forward') * {FORWARD} "
            f"+ (posture = 'good') * {GOOD} "
            f"+ ((flags & {Flag.PAUSED}) > 0) * {PAUSED}"
        )
        try:
            samples = Samples.of(
                self._db.execute(
                    f"SELECT t, head_forward_deg, still_s, {code} FROM samples "
                    f"WHERE t >= ? AND t < ?{self.sessions.clause()} ORDER BY t",
                    span,
                ).fetchall()
            )
            events, stretches = self._records(span)
            setting = self._db.execute(
                "SELECT settings FROM sessions WHERE started < ? ORDER BY started DESC LIMIT 1",
                (end_utc,),
            ).fetchone()
        except sqlite3.Error as exc:
            raise fail(self.path, exc) from None
        except (ValueError, TypeError):  # text in a number column: the file was edited
            raise not_numbers(self.path) from None
        still = DEFAULT_STILL_ALERT_S
        if setting:
            with contextlib.suppress(ValueError, TypeError, AttributeError):
                still = float(json.loads(setting[0]).get("still_alert_s", still))
        return History(samples, events, stretches, still)

    def _records(self, span: tuple[float, float]) -> tuple[list[EventRecord], list[StretchRow]]:
        """Events and stretches in a period, their numbers checked (ValueError if they are not)."""
        leave_out = self.sessions.clause()
        events = [
            EventRecord(float(t), str(kind), _number(duration), _number(value), _number(size))
            for t, kind, duration, value, size in self._db.execute(
                f"SELECT t, kind, duration_s, value, {self._amplitude} FROM events "
                f"WHERE t >= ? AND t < ?{leave_out} ORDER BY t",
                span,
            )
        ]
        if self.version < 2:  # a version 1 history, read without upgrading it, has no stretches
            return events, []
        stretches = [
            StretchRow(float(t), str(sid), cause, str(status))
            for t, sid, cause, status in self._db.execute(
                "SELECT t, stretch_id, cause, status FROM stretches "
                f"WHERE t >= ? AND t < ?{leave_out} ORDER BY t",
                span,
            )
        ]
        return events, stretches

    @property
    def _amplitude(self) -> str:
        """The events' amplitude column (a history before version 4, read without upgrading
        it, has none: NULL)."""
        return "amplitude_deg" if self.version >= 4 else "NULL"

    def events(self, session: int | None = None) -> list[EventRow]:
        sql = (
            "SELECT t, session, kind, duration_s, value, repeat, urgent, "
            f"{self._amplitude} FROM events"
        )
        rows = self._read(
            sql + (" WHERE session = ?" if session else "") + " ORDER BY t",
            (session,) if session else (),
        )
        return [EventRow(r[0], r[1], r[2], r[3], r[4], r[5], bool(r[6]), r[7]) for r in rows]


def _number(x: object) -> float | None:
    """A stored number as a float (None stays None); ValueError/TypeError if it is not one."""
    return None if x is None else float(x)  # type: ignore[arg-type]
