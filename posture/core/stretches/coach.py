"""The stretch coach: guides one stretch and, where the camera can see it, checks it. Pure.

A checked stretch is a list of tasks (each repetition on each side). For each task the coach
waits for the pose (the measure beyond the threshold, past the neutral position taken at the
start), counts the hold ("hold... 3... 2... 1... relax"), restarts the hold if the pose is lost
for more than a moment, then waits for the rest and a return toward neutral. A task not reached
within REACH_TIMEOUT_S is missed. Measures are smoothed over the last three readings, and the pose
must go past the threshold and past the jitter of the still start (see `steady`), so jitter alone
never reaches it; advice changes only once what the camera sees has settled. A stretch the camera
cannot see runs on the timer alone.
"""

from __future__ import annotations

import statistics

from posture.core.data import Reading
from posture.core.stretches.catalogue import Measure
from posture.core.stretches.cues import (
    Cue,
    CueKind,
    guidance,
    guidance_for,
    measured,
    toward,
)
from posture.core.stretches.session import Session, Stage
from posture.core.stretches.steady import neutral_of

NEUTRAL_S = 1.5
"""Readings at the start that define the neutral position."""
REACH_TIMEOUT_S = 15.0
GRACE_S = 0.6
"""A hold survives the pose slipping for this long."""
AWAY_START_S = 3.0
"""Out of view this long counts as having left for the walk."""
AWAY_TIMEOUT_S = 60.0
GUIDE_AFTER_S = 2.0
"""Advice on the pose comes this long after an instruction, then whenever it changes..."""
GUIDE_EVERY_S = 2.0
"""...but at most this often, so jitter near a boundary does not chatter."""


class Coach(Session):
    """One guided stretch. Feed readings (checked) or ticks (timer only); read cues and result."""

    # --- the steps ----------------------------------------------------------------------------

    def start(self) -> list[Cue]:
        """The first words: the stretch itself, then what to do (after a neutral moment when
        checked)."""
        t, check = self.start_t, self.stretch.check
        intro = self._cue(t, CueKind.INTRO, self.stretch.name)
        if check is not None and check.measure is not Measure.AWAY:
            return [intro, self._cue(t, CueKind.INSTRUCT, "Sit still and look ahead for a moment.")]
        if check is not None:
            walk = "Stand up and walk; the timer starts when you leave the camera's view."
            return [intro, self._cue(t, CueKind.INSTRUCT, walk)]
        return [intro, self._instruction(t)]

    def _guide(self, t: float, past: float | None) -> list[Cue]:
        """Advice on reaching the pose: after a moment, then when what the camera sees has
        changed and stayed changed (not too often). Movement within the still start's jitter
        is no movement."""
        check = self.stretch.check
        if check is None:
            return []
        last = self._guided
        side = self.tasks[self._task][1]
        partway = last is not None and last[1] == guidance(check.measure, side, 0.5, 1.0)
        moved = None if past is None else past - self._start.jitter
        words = guidance(check.measure, side, moved, self._start.need, partway)
        if not self._settled.seen(t, words) or t - self._since < GUIDE_AFTER_S:
            return []
        if last is not None and (last[1] == words or t - last[0] < GUIDE_EVERY_S):
            return []
        self._guided = (t, words)
        return [self._cue(t, CueKind.GUIDE, words, guide=words)]

    def tick(self, t: float) -> list[Cue]:
        """Timer-only stretches: hold, rest, repeat."""
        if self.finished or self.stretch.check is not None:
            return []
        s = self.stretch
        if self._phase is Stage.WAIT:
            self._phase, self._since = Stage.HOLD, t
            return [self._cue(t, CueKind.HOLD, "hold...")] if s.hold_s else []
        if self._phase is Stage.HOLD:
            end = self._since + s.hold_s
            if t < end:
                return self._count(t, end)
            return [self._cue(t, CueKind.RELAX, "relax"), *self._next_task(t, True)]
        if self._phase is Stage.REST:
            if t >= self._since + s.rest_s:
                self._phase = Stage.WAIT
                return [self._instruction(t)]
            return self._count(t, self._since + s.rest_s)
        return []

    def update(self, reading: Reading) -> list[Cue]:
        """Checked stretches: one reading in, what to say out."""
        check, t = self.stretch.check, reading.t
        if self.finished or check is None:
            return []
        if check.measure is Measure.AWAY:
            return self._away(reading)
        value = measured(check.measure, reading)
        if self._phase is Stage.NEUTRAL:
            if value is not None:
                self._neutral.append(value)
            if t - self.start_t >= NEUTRAL_S and self._neutral:
                self._set_neutral(check.threshold)
                self._phase, self._since = Stage.WAIT, t
                return [self._instruction(t)]
            return []
        if value is None:
            past = None
        else:
            side = self.tasks[self._task][1]
            past = self._recent.add(toward(check.measure, side, value, self._start.value))
        return self._step(t, past, self._start.need)

    def _set_neutral(self, threshold: float) -> None:
        """The still start: where neutral is and how much a still person jitters around it."""
        check = self.stretch.check
        assert check is not None
        value, side = statistics.median(self._neutral), self.tasks[0][1]
        offsets = [toward(check.measure, side, v, value) for v in self._neutral]
        self._start = neutral_of(offsets, value, threshold)

    def _step(self, t: float, past: float | None, threshold: float) -> list[Cue]:
        s = self.stretch
        reached = past is not None and past >= threshold
        if self._phase is Stage.WAIT:
            if past is not None:
                self._best = past if self._best is None else max(self._best, past)
            if reached:
                self._phase, self._since, self._slipped = Stage.HOLD, t, None
                return [self._cue(t, CueKind.HOLD, "hold...")]
            if t - self._since > REACH_TIMEOUT_S:
                return self._missed(t)
            return self._guide(t, past)
        if self._phase is Stage.HOLD:
            if not reached:
                self._slipped = t if self._slipped is None else self._slipped
                if t - self._slipped > GRACE_S:
                    self._phase, self._since, self._counted = Stage.WAIT, t, None
                    self._guided = None
                    self._settled.forget()
                    text = "you came out of it: " + guidance_for(s, self.tasks[self._task][1])
                    return [self._cue(t, CueKind.INSTRUCT, text)]
                return []
            self._slipped = None
            end = self._since + s.hold_s
            if t >= end:
                return [self._cue(t, CueKind.RELAX, "relax"), *self._next_task(t, True)]
            return self._count(t, end)
        if self._phase is Stage.REST:
            back = past is None or past < threshold / 2
            if t - self._since >= s.rest_s and back:
                self._phase, self._since = Stage.WAIT, t
                self._recent.clear()
                return [self._instruction(t)]
            return self._count(t, self._since + s.rest_s)
        return []

    def _away(self, reading: Reading) -> list[Cue]:
        t = reading.t
        if self._phase is Stage.NEUTRAL:
            self._phase, self._since = Stage.WAIT, t
        if self._phase is Stage.WAIT:
            if reading.present:
                self._slipped = None
                if t - self._since > AWAY_TIMEOUT_S:
                    return self._finish(t)
                return []
            self._slipped = t if self._slipped is None else self._slipped
            if t - self._slipped >= AWAY_START_S:
                self._phase, self._since = Stage.HOLD, self._slipped
                back = f"walking... come back in about {self.stretch.hold_s / 60:.0f} min"
                return [self._cue(t, CueKind.HOLD, back, left_s=float(self.stretch.hold_s))]
            return []
        if self._phase is Stage.HOLD:
            self._walked = t - self._since
            if reading.present or self._walked >= self.stretch.hold_s:
                self.done = int(self._walked >= self.stretch.hold_s)
                return self._finish(t)
            return self._count(t, self._since + self.stretch.hold_s)
        return []
