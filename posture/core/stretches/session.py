"""Where a stretch session is: its tasks, what the coach has said, the next task, the result. Pure.

A session is a list of tasks (each repetition on each side). `Session` holds its state and makes
its cues (each with the session's state at that moment); the coach (coach.py) moves it through
the steps, reading by reading or tick by tick.
"""

from __future__ import annotations

import enum
import math

from posture.core.stretches.catalogue import Stretch
from posture.core.stretches.cues import Cue, CueKind, Outcome, Phase, Result, amount
from posture.core.stretches.steady import Neutral, Settled, Smoothed


class Stage(enum.Enum):
    """The coach's steps, each shown as a `Phase`."""

    NEUTRAL = Phase.READY
    WAIT = Phase.REACH
    HOLD = Phase.HOLD
    REST = Phase.REST
    FINISHED = Phase.DONE


class Session:
    """One stretch session's state and its words; `Coach` adds the steps."""

    def __init__(self, stretch: Stretch, start_t: float, safety: tuple[str, ...] = ()) -> None:
        self.stretch, self.start_t, self.safety = stretch, start_t, safety
        check = stretch.check
        sides = check.sides if check else ("",)
        self.tasks = [(rep, side) for rep in range(stretch.reps) for side in sides]
        self.done = 0
        self.missed = 0
        self._task = 0
        self._phase = Stage.NEUTRAL if check else Stage.WAIT
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
        return self._phase is Stage.FINISHED

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

    def _count(self, t: float, end: float) -> list[Cue]:
        """A COUNT cue for each whole second left of a hold or a rest."""
        left = math.ceil(end - t)
        if left >= 1 and left != self._counted:
            self._counted = left
            return [self._cue(t, CueKind.COUNT, f"{left}...", left_s=float(left))]
        return []

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

    def _next_task(self, t: float, completed: bool) -> list[Cue]:
        self.done += int(completed)
        self.missed += int(not completed)
        self._task += 1
        self._counted, self._slipped = None, None
        if self._task >= len(self.tasks):
            return self._finish(t)
        self._phase, self._since = (Stage.REST, t) if completed else (Stage.WAIT, t)
        return [] if completed else [self._instruction(t)]

    def _finish(self, t: float) -> list[Cue]:
        self._phase, self._end = Stage.FINISHED, t
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
