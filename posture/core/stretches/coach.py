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

import enum
import math
import statistics

from posture.core.data import Reading
from posture.core.stretches.catalogue import Measure, Stretch
from posture.core.stretches.cues import (
    Cue,
    CueKind,
    Outcome,
    Phase,
    Result,
    amount,
    guidance,
    guidance_for,
    measured,
    toward,
)
from posture.core.stretches.steady import Neutral, Settled, Smoothed, neutral_of

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


class _Phase(enum.Enum):
    NEUTRAL = Phase.READY
    WAIT = Phase.REACH
    HOLD = Phase.HOLD
    REST = Phase.REST
    FINISHED = Phase.DONE


class Coach:
    """One guided stretch. Feed readings (checked) or ticks (timer only); read cues and result."""

    def __init__(self, stretch: Stretch, start_t: float, safety: tuple[str, ...] = ()) -> None:
        self.stretch, self.start_t, self.safety = stretch, start_t, safety
        check = stretch.check
        sides = check.sides if check else ("",)
        self.tasks = [(rep, side) for rep in range(stretch.reps) for side in sides]
        self.done = 0
        self.missed = 0
        self._task = 0
        self._phase = _Phase.NEUTRAL if check else _Phase.WAIT
        self._since = start_t
        self._neutral: list[float] = []
        self._recent = Smoothed()
        self._start = Neutral(0.0, 0.0, check.threshold if check else 0.0)
        self._settled = Settled()
        self._slipped: float | None = None
        self._counted: int | None = None
        self._end: float | None = None
        self._walked = 0.0
        self._stopped = ""
        self._best: float | None = None
        self._guided: tuple[float, str] | None = None

    @property
    def finished(self) -> bool:
        return self._phase is _Phase.FINISHED

    # --- what to say --------------------------------------------------------------------------

    def _cue(
        self, t: float, kind: CueKind, text: str, left_s: float | None = None, guide: str = ""
    ) -> Cue:
        """A cue with the session's state now."""
        index = min(self._task, len(self.tasks) - 1)
        rep, side = self.tasks[index]
        return Cue(
            t,
            kind,
            text,
            stretch=self.stretch,
            phase=self._phase.value,
            task=index + 1,
            tasks=len(self.tasks),
            rep=rep + 1,
            reps=self.stretch.reps,
            side=side,
            left_s=left_s,
            guidance=guide,
            safety=self.safety if kind is CueKind.INTRO else (),
        )

    def _instruction(self, t: float) -> Cue:
        rep, side = self.tasks[self._task]
        s = self.stretch
        where = f" ({side})" if side and len(s.check.sides if s.check else ()) > 1 else ""
        of = f"{rep + 1} of {s.reps}" if s.reps > 1 else ""
        label = f"{s.name}{where}" + (f", {of}" if of else "")
        hold = f"hold {s.hold_s:g} s" if s.hold_s else "go through the steps"
        self._guided, self._best = None, None
        self._settled.forget()
        return self._cue(t, CueKind.INSTRUCT, f"{label}: {hold}")

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

    def _count(self, t: float, end: float) -> list[Cue]:
        """A COUNT cue for each whole second left of a hold or a rest."""
        left = math.ceil(end - t)
        if left >= 1 and left != self._counted:
            self._counted = left
            return [self._cue(t, CueKind.COUNT, f"{left}...", left_s=float(left))]
        return []

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

    def _missed(self, t: float) -> list[Cue]:
        check = self.stretch.check
        assert check is not None
        side = self.tasks[self._task][1]
        goal = amount(check.measure, check.threshold)
        if self._best is None:
            text = f"the camera did not see your head; moving on (needed {goal} {side})"
        else:
            got = amount(check.measure, max(self._best, 0.0))
            goal = amount(check.measure, self._start.need)
            text = f"reached {got} of {goal} {side}; moving on"
        return [self._cue(t, CueKind.MISSED, text), *self._next_task(t, False)]

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
        result = self.result()
        text = f"{self.stretch.name}: {result.how} ({self.done} of {len(self.tasks)})"
        return [self._cue(t, CueKind.DONE, text)]

    def skip(self, t: float, stopped: str = "") -> list[Cue]:
        """The session ends now and what was done so far stands: the user gave up (no reason),
        or something else ended it (`stopped`: 'recording ended', 'camera lost')."""
        if self.finished:
            return []
        self._stopped = stopped
        return self._finish(t)

    def tick(self, t: float) -> list[Cue]:
        """Timer-only stretches: hold, rest, repeat."""
        if self.finished or self.stretch.check is not None:
            return []
        s = self.stretch
        if self._phase is _Phase.WAIT:
            self._phase, self._since = _Phase.HOLD, t
            return [self._cue(t, CueKind.HOLD, "hold...")] if s.hold_s else []
        if self._phase is _Phase.HOLD:
            end = self._since + s.hold_s
            if t < end:
                return self._count(t, end)
            return [self._cue(t, CueKind.RELAX, "relax"), *self._next_task(t, True)]
        if self._phase is _Phase.REST:
            if t >= self._since + s.rest_s:
                self._phase = _Phase.WAIT
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
        if self._phase is _Phase.NEUTRAL:
            if value is not None:
                self._neutral.append(value)
            if t - self.start_t >= NEUTRAL_S and self._neutral:
                self._set_neutral(check.threshold)
                self._phase, self._since = _Phase.WAIT, t
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
        if self._phase is _Phase.WAIT:
            if past is not None:
                self._best = past if self._best is None else max(self._best, past)
            if reached:
                self._phase, self._since, self._slipped = _Phase.HOLD, t, None
                return [self._cue(t, CueKind.HOLD, "hold...")]
            if t - self._since > REACH_TIMEOUT_S:
                return self._missed(t)
            return self._guide(t, past)
        if self._phase is _Phase.HOLD:
            if not reached:
                self._slipped = t if self._slipped is None else self._slipped
                if t - self._slipped > GRACE_S:
                    self._phase, self._since, self._counted = _Phase.WAIT, t, None
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
        if self._phase is _Phase.REST:
            back = past is None or past < threshold / 2
            if t - self._since >= s.rest_s and back:
                self._phase, self._since = _Phase.WAIT, t
                self._recent.clear()
                return [self._instruction(t)]
            return self._count(t, self._since + s.rest_s)
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
                back = f"walking... come back in about {self.stretch.hold_s / 60:.0f} min"
                return [self._cue(t, CueKind.HOLD, back, left_s=float(self.stretch.hold_s))]
            return []
        if self._phase is _Phase.HOLD:
            self._walked = t - self._since
            if reading.present or self._walked >= self.stretch.hold_s:
                self.done = int(self._walked >= self.stretch.hold_s)
                return self._finish(t)
            return self._count(t, self._since + self.stretch.hold_s)
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
            self._stopped if status is not Outcome.COMPLETED else "",
        )
