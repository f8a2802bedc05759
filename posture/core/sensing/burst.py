"""When the live loop takes a burst of extra readings to measure how fast the head moves. Pure.

A glance (adapters/camera/motion.py) that sees the picture move already gets a model reading at
once. When that reading finds the head turned or nodded by TRIGGER_DEG or more since the model's
reading before it, a burst starts: readings at `burst_hz` for BURST_S, for the sharp-movement
detector (posture/core/measure/sharp.py) only. A head that moves again during a burst makes it last
BURST_S from then. A still picture gets no burst; nor does talking or a face making faces (the
picture moves, the head's angles stay within a few degrees). Bursts start (or go on) at most
MAX_PER_MINUTE times a minute, so a person moving all the time costs at most a fifth of the time
at the burst rate.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import replace

from posture.core.data import Reading

BURST_S = 1.0
"""A burst lasts this long: a fast head turn takes 0.2-0.6 s, and a look to the side and back
comes back within about a second."""
TRIGGER_DEG = 20.0
"""A head angle change since the loop's last reading that starts a burst: as far as a sharp
movement must go (`sharp_min_deg`, 20 deg by default), and twice what two readings of a still
head can differ by (each under 5 deg of jitter). A sharp movement is over in a fraction of a
second, so by the loop's next reading (0.5 s or more later) it has gone that far; slower and
smaller movements, which cannot be sharp, start none (12 deg started bursts for brisk turns of
30 deg: 6.6 burst readings a minute on the desk recording against 2.7)."""
SETTLED_DEG = 5.0
"""Consecutive readings of a burst closer than this in both angles: the head is not moving fast
(5 deg over 0.1 s is 50 deg/s, a quarter of the sharp default), only jitter (sharp.JITTER_DEG)."""
SETTLED_S = 0.2
"""Once the head has been settled this long the burst only watches: at the burst's rate the loop
compares thumbnails (a fraction of a millisecond) instead of running the model, and the last
reading stands, restamped, while the picture stays the same. A change (the head coming back
from a look to the side) brings the model back at once, so the way back is measured from
where the head waited, 0.1 s before it moved."""
MAX_PER_MINUTE = 12
"""Bursts started or prolonged in any minute: at most 12 s of burst readings a minute."""


class Burst:
    """Says when a burst reading is due."""

    def __init__(self) -> None:
        self._last: Reading | None = None
        self._until = -math.inf
        self._next = math.inf
        self._starts: deque[float] = deque()
        self._prev: Reading | None = None
        self._moving_t = -math.inf
        self.watching = False
        """The head has settled: the burst's next tick needs the model only if the picture
        changed."""
        self.count = 0
        """How many bursts started or were prolonged."""

    def looked(self, reading: Reading, moved: bool, hz: float) -> None:
        """A model reading of the live loop (not a burst's), taken after a glance that saw the
        picture move or not: starts (or prolongs) a burst at `hz` if the head moved enough."""
        last, self._last, t = self._last, reading, reading.t
        if self.due(t):  # a reading of the loop's own stands for the burst's reading now
            self.burst_read(reading, hz)
        else:
            self._prev = reading
        if not moved or hz <= 0 or last is None or _turned(last, reading) < TRIGGER_DEG:
            return
        while self._starts and t - self._starts[0] >= 60.0:
            self._starts.popleft()
        if len(self._starts) >= MAX_PER_MINUTE:
            return
        self._starts.append(t)
        self.count += 1
        if not math.isfinite(self.next_at()):
            self._next = t + 1.0 / hz
        self._until, self._moving_t, self.watching = t + BURST_S, t, False

    def due(self, t: float) -> bool:
        """Whether a burst reading is due at `t`."""
        return self._next <= t + 1e-6 and t <= self._until + 1e-6

    def next_at(self) -> float:
        """When the next burst reading is due (infinity: none)."""
        return self._next if self._next <= self._until + 1e-6 else math.inf

    def burst_read(self, reading: Reading, hz: float) -> None:
        """A burst reading was taken: the next one 1/hz later, while the burst lasts; watching
        only once the head has settled."""
        t, prev, self._prev = reading.t, self._prev, reading
        self._next = t + 1.0 / hz if hz > 0 else math.inf
        if prev is None or _turned(prev, reading) >= SETTLED_DEG:
            self._moving_t = t
        self.watching = t - self._moving_t >= SETTLED_S - 1e-6

    def unchanged(self, t: float, hz: float) -> Reading | None:
        """A watching tick at which the picture had not changed: the last reading, restamped
        `t`, stands (None when there is none); the next tick 1/hz later."""
        self._next = t + 1.0 / hz if hz > 0 else math.inf
        return None if self._prev is None else replace(self._prev, t=t)

    def stop(self) -> None:
        """No burst now (paused, camera lost or covered); the next reading starts afresh."""
        self._next, self._until, self._last, self._prev = math.inf, -math.inf, None, None
        self.watching = False


def _turned(a: Reading, b: Reading) -> float:
    """The largest change of yaw or pitch between two readings (0 where either lacks one)."""
    changes = [
        abs(x - y)
        for x, y in ((a.yaw_deg, b.yaw_deg), (a.pitch_deg, b.pitch_deg))
        if x is not None and y is not None
    ]
    return max(changes, default=0.0)
