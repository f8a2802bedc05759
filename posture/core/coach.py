"""The stretch coach: guides one stretch and, where the camera can see it, checks it. Pure.

A checked stretch is a list of tasks (each repetition on each side). For each task the coach
waits for the pose (the measure beyond the threshold, past the neutral position taken at the
start), counts the hold ("hold... 3... 2... 1... relax"), restarts the hold if the pose is lost
for more than a moment, then waits for the rest and a return toward neutral. A task not reached
within REACH_TIMEOUT_S is missed. Measures are smoothed over the last three readings, so jitter
alone never reaches a threshold. A stretch the camera cannot see runs on the timer alone.
"""

from __future__ import annotations

import enum
import math
import statistics
from collections import deque
from dataclasses import dataclass

from posture.core.data import Reading
from posture.core.stretches import Measure, Stretch

NEUTRAL_S = 1.5
"""Readings at the start that define the neutral position."""
REACH_TIMEOUT_S = 15.0
GRACE_S = 0.6
"""A hold survives the pose slipping for this long."""
AWAY_START_S = 3.0
"""Out of view this long counts as having left for the walk."""
AWAY_TIMEOUT_S = 60.0


class CueKind(enum.Enum):
    INSTRUCT = "instruct"
    HOLD = "hold"
    COUNT = "count"
    RELAX = "relax"
    MISSED = "missed"
    DONE = "done"


@dataclass(frozen=True, slots=True)
class Cue:
    t: float
    kind: CueKind
    text: str


class Outcome(enum.Enum):
    COMPLETED = "completed"
    PARTIAL = "partial"
    SKIPPED = "skipped"


@dataclass(frozen=True, slots=True)
class Result:
    stretch_id: str
    status: Outcome
    done: int
    total: int
    checked: bool
    seconds: float


class _Phase(enum.Enum):
    NEUTRAL = 0
    WAIT = 1
    HOLD = 2
    REST = 3
    FINISHED = 4


def _value(measure: Measure, reading: Reading) -> float | None:
    if not reading.present:
        return None
    return {
        Measure.ROLL: reading.roll_deg,
        Measure.YAW: reading.yaw_deg,
        Measure.PITCH: reading.pitch_deg,
        Measure.CHIN_TUCK: reading.head_forward_deg,
        Measure.SHRUG: reading.neck_ratio,
        Measure.AWAY: None,
    }[measure]


def _toward(measure: Measure, side: str, value: float, neutral: float) -> float:
    """How far past neutral toward the goal of `side` (degrees, or a share for a shrug)."""
    if measure is Measure.SHRUG:
        return (neutral - value) / neutral if neutral > 0 else 0.0
    if measure is Measure.CHIN_TUCK:
        return neutral - value
    sign = -1.0 if side in ("right", "up") else 1.0
    return sign * (value - neutral)


class Coach:
    """One guided stretch. Feed readings (checked) or ticks (timer only); read cues and result."""

    def __init__(self, stretch: Stretch, start_t: float) -> None:
        self.stretch, self.start_t = stretch, start_t
        check = stretch.check
        sides = check.sides if check else ("",)
        self.tasks = [(rep, side) for rep in range(stretch.reps) for side in sides]
        self.done = 0
        self.missed = 0
        self._task = 0
        self._phase = _Phase.NEUTRAL if check else _Phase.WAIT
        self._since = start_t
        self._neutral: list[float] = []
        self._neutral_value = 0.0
        self._recent: deque[float] = deque(maxlen=3)
        self._slipped: float | None = None
        self._counted: int | None = None
        self._end: float | None = None
        self._walked = 0.0

    @property
    def finished(self) -> bool:
        return self._phase is _Phase.FINISHED

    # --- what to say --------------------------------------------------------------------------

    def _instruction(self, t: float) -> Cue:
        rep, side = self.tasks[self._task]
        s = self.stretch
        where = f" ({side})" if side and len(s.check.sides if s.check else ()) > 1 else ""
        of = f"{rep + 1} of {s.reps}" if s.reps > 1 else ""
        label = f"{s.name}{where}" + (f", {of}" if of else "")
        hold = f"hold {s.hold_s:g} s" if s.hold_s else "go through the steps"
        return Cue(t, CueKind.INSTRUCT, f"{label}: {hold}")

    def start(self) -> list[Cue]:
        """The first words: what to do (after a neutral moment when checked)."""
        if self.stretch.check is not None and self.stretch.check.measure is not Measure.AWAY:
            return [Cue(self.start_t, CueKind.INSTRUCT, "Sit still and look ahead for a moment.")]
        if self.stretch.check is not None:
            return [
                Cue(
                    self.start_t,
                    CueKind.INSTRUCT,
                    "Stand up and walk; the timer starts when you leave the camera's view.",
                )
            ]
        return [self._instruction(self.start_t)]

    def _count(self, t: float, end: float) -> list[Cue]:
        left = math.ceil(end - t)
        if 1 <= left <= 3 and left != self._counted:
            self._counted = left
            return [Cue(t, CueKind.COUNT, f"{left}...")]
        return []

    # --- the steps ----------------------------------------------------------------------------

    def _next_task(self, t: float, completed: bool) -> list[Cue]:
        self.done += int(completed)
        self.missed += int(not completed)
        self._task += 1
        self._counted, self._slipped = None, None
        if self._task >= len(self.tasks):
            return self._finish(t)
        self._phase, self._since = (_Phase.REST, t) if completed else (_Phase.WAIT, t)
        return [] if completed else [self._instruction(t)]

    def _finish(self, t: float) -> list[Cue]:
        self._phase, self._end = _Phase.FINISHED, t
        outcome = self.result().status.value
        return [
            Cue(
                t,
                CueKind.DONE,
                f"{self.stretch.name}: {outcome} ({self.done} of {len(self.tasks)})",
            )
        ]

    def skip(self, t: float) -> list[Cue]:
        """The user gave up: what was done so far stands."""
        return [] if self.finished else self._finish(t)

    def tick(self, t: float) -> list[Cue]:
        """Timer-only stretches: hold, rest, repeat."""
        if self.finished or self.stretch.check is not None:
            return []
        s = self.stretch
        if self._phase is _Phase.WAIT:
            self._phase, self._since = _Phase.HOLD, t
            return [Cue(t, CueKind.HOLD, "hold...")] if s.hold_s else []
        if self._phase is _Phase.HOLD:
            end = self._since + s.hold_s
            if t < end:
                return self._count(t, end)
            return [Cue(t, CueKind.RELAX, "relax"), *self._next_task(t, True)]
        if self._phase is _Phase.REST and t >= self._since + s.rest_s:
            self._phase = _Phase.WAIT
            return [self._instruction(t)]
        return []

    def update(self, reading: Reading) -> list[Cue]:
        """Checked stretches: one reading in, what to say out."""
        check, t = self.stretch.check, reading.t
        if self.finished or check is None:
            return []
        if check.measure is Measure.AWAY:
            return self._away(reading)
        value = _value(check.measure, reading)
        if self._phase is _Phase.NEUTRAL:
            if value is not None:
                self._neutral.append(value)
            if t - self.start_t >= NEUTRAL_S and self._neutral:
                self._neutral_value = statistics.median(self._neutral)
                self._phase, self._since = _Phase.WAIT, t
                return [self._instruction(t)]
            return []
        if value is None:
            past = None
        else:
            self._recent.append(
                _toward(check.measure, self.tasks[self._task][1], value, self._neutral_value)
            )
            past = statistics.median(self._recent)
        return self._step(t, past, check.threshold)

    def _step(self, t: float, past: float | None, threshold: float) -> list[Cue]:
        s = self.stretch
        reached = past is not None and past >= threshold
        if self._phase is _Phase.WAIT:
            if reached:
                self._phase, self._since, self._slipped = _Phase.HOLD, t, None
                return [Cue(t, CueKind.HOLD, "hold...")]
            if t - self._since > REACH_TIMEOUT_S:
                return [Cue(t, CueKind.MISSED, "not seen; moving on"), *self._next_task(t, False)]
            return []
        if self._phase is _Phase.HOLD:
            if not reached:
                self._slipped = t if self._slipped is None else self._slipped
                if t - self._slipped > GRACE_S:
                    self._phase, self._since, self._counted = _Phase.WAIT, t, None
                    return [Cue(t, CueKind.INSTRUCT, "lost it; go back into the stretch")]
                return []
            self._slipped = None
            end = self._since + s.hold_s
            if t >= end:
                return [Cue(t, CueKind.RELAX, "relax"), *self._next_task(t, True)]
            return self._count(t, end)
        if self._phase is _Phase.REST:
            back = past is None or past < threshold / 2
            if t - self._since >= s.rest_s and back:
                self._phase, self._since = _Phase.WAIT, t
                self._recent.clear()
                return [self._instruction(t)]
        return []

    def _away(self, reading: Reading) -> list[Cue]:
        t = reading.t
        if self._phase is _Phase.NEUTRAL:
            self._phase, self._since = _Phase.WAIT, t
        if self._phase is _Phase.WAIT:
            if reading.present:
                self._slipped = None
                if t - self._since > AWAY_TIMEOUT_S:
                    return self._finish(t)
                return []
            self._slipped = t if self._slipped is None else self._slipped
            if t - self._slipped >= AWAY_START_S:
                self._phase, self._since = _Phase.HOLD, self._slipped
                return [
                    Cue(
                        t,
                        CueKind.HOLD,
                        f"walking... come back in about {self.stretch.hold_s / 60:.0f} min",
                    )
                ]
            return []
        if self._phase is _Phase.HOLD:
            self._walked = t - self._since
            if reading.present or self._walked >= self.stretch.hold_s:
                self.done = int(self._walked >= self.stretch.hold_s)
                return self._finish(t)
        return []

    def result(self) -> Result:
        end = self._end if self._end is not None else self.start_t
        total = len(self.tasks)
        if self.done >= total:
            status = Outcome.COMPLETED
        elif self.done > 0 or self._walked > 0:
            status = Outcome.PARTIAL
        else:
            status = Outcome.SKIPPED
        return Result(
            self.stretch.id,
            status,
            self.done,
            total,
            self.stretch.check is not None,
            round(end - self.start_t, 1),
        )
