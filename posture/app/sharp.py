"""Sharp head movements in a live run: the burst readings, the detector, and the optional alert.

The loop hands every model reading to `SharpWatch.looked` (a burst reading to `burst_look`):
the burst policy (posture/core/sensing/burst.py) decides when a burst is due, the detector
(posture/core/measure/sharp.py) finds the movements, and the sharp ones come back as SHARP_TURN and
SHARP_NOD events for the loop to publish. Burst readings never reach the monitor, so its alerts
and neck-movement events are the same with bursts or without them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from posture.core.alerts import Alert
from posture.core.data import Reading
from posture.core.measure.sharp import Axis, Detector, Movement, is_sharp
from posture.core.monitor.events import Event
from posture.core.monitor.kinds import EventKind
from posture.core.ports import Listener, Notifier
from posture.core.sensing.burst import Burst
from posture.core.settings import Settings

KIND = {Axis.TURN: EventKind.SHARP_TURN, Axis.NOD: EventKind.SHARP_NOD}
SHARP_KINDS = frozenset(KIND.values())
WHAT = {EventKind.SHARP_TURN: "head turn", EventKind.SHARP_NOD: "nod"}


class SharpWatch:
    """A run's bursts and sharp-movement detector."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.burst = Burst()
        self.detector = Detector(settings.sharp_min_deg)
        self.burst_readings = 0
        """How many extra model readings the bursts took."""
        self.movements: list[Movement] = []
        """Every movement found (sharp or not), for measurements."""

    def looked(self, reading: Reading, moved: bool, rate: float) -> list[Event]:
        """A model reading of the loop's own (`moved`: its glance saw the picture move;
        `rate`: the share of the usual rates in use); the sharp movements it settles."""
        self.burst.looked(reading, moved, self.settings.burst_hz * rate)
        return self._events(self.detector.feed(reading))

    def burst_look(self, reading: Reading, rate: float) -> list[Event]:
        """A burst's reading; the sharp movements it settles."""
        self.burst_readings += 1
        self.burst.burst_read(reading, self.settings.burst_hz * rate)
        return self._events(self.detector.feed(reading))

    def unchanged(self, t: float, rate: float) -> list[Event]:
        """A watching burst tick whose picture had not changed: the last reading stands."""
        reading = self.burst.unchanged(t, self.settings.burst_hz * rate)
        return [] if reading is None else self._events(self.detector.feed(reading))

    def finish(self) -> list[Event]:
        """The end of the run: movements still held."""
        return self._events(self.detector.flush())

    def _events(self, movements: list[Movement]) -> list[Event]:
        self.movements += movements
        return [
            Event(
                KIND[m.axis],
                m.end_t,
                duration_s=round(m.duration_s, 2),
                value=round(m.peak_deg_s),
                amplitude_deg=round(m.amplitude_deg, 1),
            )
            for m in movements
            if is_sharp(m, self.settings.sharp_deg_s)
        ]


def sharp_alert(event: Event) -> Alert:
    """The notification for a sharp movement: what, how fast, and to move slowly."""
    what = WHAT[event.kind]
    slowly = "turn" if event.kind is EventKind.SHARP_TURN else "nod"
    return Alert(
        f"Sharp {what}",
        f"A sharp {what}, about {event.value or 0:.0f}°/s: {slowly} slowly.",
        urgent=False,
        cause=event.kind,
    )


class SharpAlerter(Listener):
    """With `sharp_alert` on: a notification for a sharp movement, at most every cooldown_s."""

    def __init__(self, notifier: Notifier, cooldown_s: float) -> None:
        self.notifier, self.cooldown_s = notifier, cooldown_s
        self._last = -math.inf
        self._shown: set[EventKind] = set()

    def events(self, events: Sequence[Event]) -> None:
        for event in events:
            if event.kind in SHARP_KINDS and event.t - self._last >= self.cooldown_s:
                self._last = event.t
                self.notifier.notify(sharp_alert(event))
                self._shown.add(event.kind)

    def finished(self, seconds: float) -> None:
        for kind in sorted(self._shown, key=lambda k: k.value):
            self.notifier.withdraw(kind)
        self._shown.clear()
