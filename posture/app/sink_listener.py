"""The run as the CLI shows it: each reading's status and every event passed to a Sink, and,
while paused (no readings), the pause with the time left at each look the loop takes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from posture.core.monitor.events import Event, Posture, Status
from posture.core.monitor.kinds import EventKind
from posture.core.ports import Listener, Seen, Shot, Sink, WallOf
from posture.core.stretches.cues import Cue


class SinkListener(Listener):
    """Passes the run to a Sink (the CLI's status line or JSON lines). While paused there are
    no readings: each look the loop takes then shows the pause and the time left instead."""

    def __init__(self, sink: Sink, wall_of: WallOf) -> None:
        self.sink, self.wall_of = sink, wall_of
        self._last: Status | None = None
        self._paused_until: float | None = None
        self._pause_s = 0.0

    def reading(self, seen: Seen) -> None:
        self._last = seen.status
        self.sink.status(seen.status)

    def events(self, events: Sequence[Event]) -> None:
        for e in events:
            if e.kind is EventKind.PAUSED:
                self._pause_s = e.duration_s or 0.0
                self._paused_until = e.t + self._pause_s
            elif e.kind is EventKind.RESUMED:
                self._paused_until = None
        self.sink.events(list(events), self.wall_of)
        if self._paused_until is not None:
            self.glance(np.empty(0), events[-1].t)

    def glance(self, shot: Shot, t: float) -> None:
        until = self._paused_until
        if until is None:
            return
        last = self._last or Status(
            t, False, False, True, Posture.UNKNOWN, None, 0.0, 0.0, 0.0, frozenset(), None
        )
        # a look that began a moment before the pause was applied has an earlier t: never
        # more left than the pause is long (a fresh 30 min pause read "31 min left")
        left_s = min(max(until - t, 0.0), self._pause_s)
        self.sink.status(replace(last, t=t, paused=True, paused_s=left_s))

    def cue(self, cue: Cue) -> None:
        self.sink.cue(cue)
