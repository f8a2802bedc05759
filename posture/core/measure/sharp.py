"""Sharp head movements: quick turns and nods found in timed head angles. Pure.

Each head angle (yaw for turns, pitch for nods) is followed on its own. A median of three
readings takes out a single-reading glitch; a movement runs from one turning point to the next,
a turning point being where the angle went back by more than JITTER_DEG or held within it for
SETTLE_S. Its amplitude is the angle between the two; its peak speed the fastest change over
SPAN_S or more of it (or over the whole movement when it is shorter), so a still head's jitter
(under 5 deg between readings: 50 deg/s over 0.1 s) cannot make a speed that counts. Movements
smaller than `sharp_min_deg` are not movements at all. A change of view (front to side) ends
the movement under way: the two views measure pitch differently, so a jump between them is not
a nod.

A front view measures both turns and nods; a side view only nods (its yaw is not measured: the
face is seen edge on, so a turn changes little in the picture). A turn and a nod that overlap in
time are one movement of the head, counted as the larger of the two.
"""

from __future__ import annotations

import enum
from collections import deque
from dataclasses import dataclass

from posture.core.data import Reading, View

JITTER_DEG = 5.0
"""A still head's angles move less than this between readings (the shared still clip)."""
SETTLE_S = 0.5
"""A movement has ended when the angle stays within JITTER_DEG of its extreme this long."""
SPAN_S = 0.2
"""Speeds are measured over at least this long: jitter adds at most 25 deg/s to them."""
MAX_GAP_S = 1.5
"""Readings further apart than this are not joined into one movement (a pause, a lost view)."""
RELEASE_S = 2.0
"""A movement is told this long after it ended, once the other angle had its say."""


class Axis(enum.Enum):
    """The head's rotation a movement is about."""

    TURN = "turn"
    """Yaw: looking to a side."""
    NOD = "nod"
    """Pitch: looking down or up."""


@dataclass(frozen=True, slots=True)
class Movement:
    """One movement of the head about one axis."""

    axis: Axis
    start_t: float
    end_t: float
    amplitude_deg: float
    peak_deg_s: float

    @property
    def duration_s(self) -> float:
        return self.end_t - self.start_t


Point = tuple[float, float]


def peak_speed(points: list[Point]) -> float:
    """The fastest change over SPAN_S or more (over the whole run when it is shorter)."""
    if len(points) < 2:
        return 0.0
    span = min(SPAN_S, points[-1][0] - points[0][0])
    best = 0.0
    for i, (t0, a0) in enumerate(points):
        for t1, a1 in points[i + 1 :]:
            if t1 - t0 >= span - 1e-9:
                best = max(best, abs(a1 - a0) / max(t1 - t0, 1e-6))
                break
    return best


class Trace:
    """One angle's readings, cut into movements at its turning points."""

    def __init__(self, axis: Axis, min_deg: float) -> None:
        self.axis, self.min_deg = axis, min_deg
        self._raw: deque[Point] = deque(maxlen=3)
        self._run: list[Point] = []
        self._extreme = 0
        """Index in _run of the furthest point from its start, in the movement's direction."""
        self._direction = 0

    def add(self, t: float, angle: float) -> list[Movement]:
        """A new reading; the movements it completes."""
        found = []
        if self._raw and t - self._raw[-1][0] > MAX_GAP_S:
            found += self.end()
        self._raw.append((t, angle))
        if len(self._raw) == 3:
            middle = self._raw[1][0]
            found += self._step((middle, sorted(a for _, a in self._raw)[1]))
        return found

    def end(self) -> list[Movement]:
        """No more readings for now (a gap, the angle lost): the movement under way, if any."""
        found = []
        if len(self._raw) >= 2:  # the last reading has no later one to be smoothed with
            found += self._step(self._raw[-1])
        found += self._cut(self._extreme) if self._direction else []
        self._raw.clear()
        self._run, self._extreme, self._direction = [], 0, 0
        return found

    def _step(self, p: Point) -> list[Movement]:
        run = self._run
        if run and p[0] - run[0][0] > 3 * MAX_GAP_S and not self._direction:
            del run[:-1]  # a head at rest: keep only where it rests
        run.append(p)
        start, ext = run[0][1], run[self._extreme][1]
        if not self._direction:
            if abs(p[1] - start) > JITTER_DEG:
                self._direction, self._extreme = (1 if p[1] > start else -1), len(run) - 1
            return []
        if (p[1] - ext) * self._direction >= 0:
            self._extreme = len(run) - 1
            return []
        back = (ext - p[1]) * self._direction > JITTER_DEG
        held = p[0] - run[self._extreme][0] >= SETTLE_S
        if not (back or held):
            return []
        found = self._cut(self._extreme)
        if back:
            self._direction, self._extreme = -self._direction, len(self._run) - 1
        else:
            self._direction, self._extreme = 0, 0
        return found

    def _cut(self, at: int) -> list[Movement]:
        """The movement from the run's start to `at`; the run goes on from `at`."""
        moved, self._run = self._run[: at + 1], self._run[at:]
        first, last = moved[0][1], moved[-1][1]
        amplitude = abs(last - first)
        if amplitude < self.min_deg:
            return []
        # From when it left its start to when it came near its end (rest at either end aside).
        start = max(i for i, (_, a) in enumerate(moved) if abs(a - first) <= JITTER_DEG)
        near = min(i for i, (_, a) in enumerate(moved) if abs(a - last) <= JITTER_DEG)
        end = max(start + 1, near)
        speed = peak_speed(moved)  # over the rest too: a short run's speed is not a jitter's
        return [Movement(self.axis, moved[start][0], moved[end][0], amplitude, speed)]


class Detector:
    """Finds head movements in readings (yaw and pitch), a turn and a nod at once counted once.

    `feed` every model reading in time order; it returns the movements settled by then.
    """

    def __init__(self, min_deg: float) -> None:
        self.traces = {Axis.TURN: Trace(Axis.TURN, min_deg), Axis.NOD: Trace(Axis.NOD, min_deg)}
        self._pending: list[Movement] = []
        self._told: deque[Movement] = deque(maxlen=8)
        """The movements told last: a later one of the other axis is weighed against them."""
        self._view: View | None = None

    def feed(self, reading: Reading) -> list[Movement]:
        """A reading; the movements no later reading can change any more."""
        angles = {Axis.TURN: reading.yaw_deg, Axis.NOD: reading.pitch_deg}
        if reading.view is not self._view:  # angles of two views are measured differently
            for trace in self.traces.values():
                self._pending += trace.end()
            self._view = reading.view
        for axis, trace in self.traces.items():
            angle = angles[axis] if reading.present else None
            found = trace.end() if angle is None else trace.add(reading.t, angle)
            self._pending += found
        return self._release(reading.t)

    def flush(self) -> list[Movement]:
        """The end of the readings: every movement still held."""
        for trace in self.traces.values():
            self._pending += trace.end()
        return self._release(float("inf"))

    def _release(self, now: float) -> list[Movement]:
        ready = [m for m in self._pending if now - m.end_t >= RELEASE_S]
        if not ready:
            return []
        self._pending = [m for m in self._pending if m not in ready]
        others = [*ready, *self._pending, *self._told]
        told = [m for m in ready if not any(_outdone(m, o) for o in others)]
        self._told.extend(told)
        return told


def _outdone(m: Movement, other: Movement) -> bool:
    """Whether a movement of the other axis at the same time is larger (or as large, and a turn:
    a turn and a nod of one size count once, as the turn)."""
    overlap = m.start_t < other.end_t and other.start_t < m.end_t
    larger = other.amplitude_deg > m.amplitude_deg or (
        other.amplitude_deg == m.amplitude_deg and other.axis is Axis.TURN
    )
    return other.axis is not m.axis and overlap and larger


def is_sharp(m: Movement, sharp_deg_s: float) -> bool:
    """Whether a movement was fast enough to count as sharp."""
    return m.peak_deg_s >= sharp_deg_s
