"""What listens to the live loop: the history writer, the alerter with its stretch offers
(posture/app/alerter.py), the run counter, and the surfaces a person sees (the status line or
JSON lines, the preview window).

Each is a Listener (posture/core/ports.py): told of every reading, every batch of events, every
command applied and the coach's words. None of them knows of the others, except that the alerter
writes its offers through the history writer (so they share its retrying).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import TypeVar

from posture.app.alerter import NOTHING_OFFERED, OFFER_S, UNDER_WAY, Alerter, Offer
from posture.app.sink_listener import SinkListener as SinkListener
from posture.core.data import StretchResult
from posture.core.errors import StoreError
from posture.core.monitor.events import Event, Posture
from posture.core.monitor.kinds import EventKind
from posture.core.ports import History, Listener, Seen, WallOf
from posture.core.stretches.catalogue import Stretch

log = logging.getLogger(__name__)

__all__ = [
    "NOTHING_OFFERED",
    "OFFER_S",
    "UNDER_WAY",
    "Alerter",
    "HistoryWriter",
    "Offer",
    "RunCounter",
    "RunSummary",
    "SinkListener",
]

T = TypeVar("T")

STORE_RETRY_S = 30.0
"""While the history cannot be written, a write is tried again this often."""


class HistoryWriter(Listener):
    """Stores samples and events. If the history cannot be written (disk full, read-only,
    locked), says so once, lets monitoring go on without it, tries again every STORE_RETRY_S,
    and says when writing resumes."""

    def __init__(self, store: History, wall_of: WallOf) -> None:
        self.store, self.wall_of = store, wall_of
        self._down_since: float | None = None

    def save(self, t: float, write: Callable[[], T]) -> T | None:
        """The result of one write at loop time `t`, or None if it failed or was not tried."""
        if self._down_since is not None and t - self._down_since < STORE_RETRY_S:
            return None
        try:
            result = write()
        except StoreError as exc:
            if self._down_since is None:
                log.warning("%s; monitoring goes on, but the history is not being written", exc)
            self._down_since = t
            return None
        if self._down_since is not None:
            log.warning("the history is being written again")
            self._down_since = None
        return result

    def reading(self, seen: Seen) -> None:
        t = seen.reading.t
        self.save(t, partial(self.store.add_sample, self.wall_of(t), seen.reading, seen.status))

    def events(self, events: Sequence[Event]) -> None:
        self.save(events[0].t, partial(self.store.add_events, self.wall_of, list(events)))

    def suggest(self, t: float, stretch: Stretch, cause: EventKind) -> int | None:
        """A stretch offered with an alert; its row in the history (None if not written)."""
        write = partial(self.store.suggest_stretch, self.wall_of(t), stretch.id, cause.value)
        return self.save(t, write)

    def restamp(self, t: float, row: int | None) -> None:
        """An offer repeated by a reminder at `t`."""
        if row is not None:
            self.save(t, partial(self.store.restamp_stretch, row, self.wall_of(t)))

    def record(self, t: float, row: int | None, result: StretchResult) -> None:
        """The outcome of an offered stretch."""
        self.save(t, partial(self.store.record_stretch, row, self.wall_of(t), result))


@dataclass
class RunSummary:
    """What one run saw, for the closing lines."""

    started_utc: float
    seconds: float = 0.0
    readings: int = 0
    present: int = 0
    judged: int = 0
    forward: int = 0
    counts: Counter[EventKind] = field(default_factory=Counter)


class RunCounter(Listener):
    """Counts readings, verdicts and events for the run's summary."""

    def __init__(self, started_utc: float) -> None:
        self.summary = RunSummary(started_utc=started_utc)

    def reading(self, seen: Seen) -> None:
        s, status = self.summary, seen.status
        s.readings += 1
        s.present += int(seen.reading.present)
        s.judged += int(status.posture is not Posture.UNKNOWN)
        s.forward += int(status.posture is Posture.FORWARD)

    def events(self, events: Sequence[Event]) -> None:
        self.summary.counts.update(e.kind for e in events)

    def finished(self, seconds: float) -> None:
        self.summary.seconds = seconds
