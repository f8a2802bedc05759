"""What the stretch coach says, as data every surface can show: cue kinds, phase, result,
and the words for what the camera sees. Pure.

Every cue of a session carries where the session is (`phase`, the task, the repetition and side,
the seconds left of a hold or a rest) so a window can draw a countdown, and `guidance` says in
words what the camera sees ("turn a little further left"). The first cue (INTRO) carries the
stretch itself (name, numbered steps, cautions) and the catalogue's safety lines.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from posture.core.data import Reading
from posture.core.stretches.catalogue import Measure, Stretch


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
    stopped: str = ""
    """Why the session ended early when the user did not end it ('recording ended')."""

    @property
    def how(self) -> str:
        """The outcome in words: 'completed', 'partial', 'skipped', or why it was stopped."""
        return self.stopped or self.status.value


class CueKind(enum.Enum):
    INTRO = "intro"
    """The session starts: `stretch` and `safety` are set (the terminal prints the steps)."""
    INSTRUCT = "instruct"
    """What to do now (sit still first, or the next task)."""
    GUIDE = "guide"
    """What the camera sees while waiting for the pose: `guidance` says how to get there."""
    HOLD = "hold"
    """The pose is reached (or, timer only, the hold begins)."""
    COUNT = "count"
    """A whole second passed in a hold or a rest: `left_s` is what remains."""
    RELAX = "relax"
    MISSED = "missed"
    """A task was not reached in time; the text says how far it got."""
    DONE = "done"
    """The session ended: the text says how (completed, partial, skipped, recording ended)."""


class Phase(enum.Enum):
    """Where a session is."""

    READY = "ready"
    """Sitting still while the neutral position is taken (checked stretches)."""
    REACH = "reach"
    """Waiting for the pose (or, for a walk, for the person to leave the view)."""
    HOLD = "hold"
    REST = "rest"
    DONE = "done"


@dataclass(frozen=True, slots=True)
class Cue:
    """One thing the coach says at loop time `t`, with the session's state at that moment.

    Cues that are not a coach's (a run saying no stretch is on offer) leave the state empty.
    """

    t: float
    kind: CueKind
    text: str
    stretch: Stretch | None = None
    phase: Phase | None = None
    task: int = 0
    """Which of the session's tasks is under way (each repetition on each side), from 1."""
    tasks: int = 0
    rep: int = 0
    """The repetition under way, from 1 (of `reps`)."""
    reps: int = 0
    side: str = ""
    """The side of the task under way: left/right, up/down, back, away (empty: timer only)."""
    left_s: float | None = None
    """Whole seconds left of the hold or rest under way (None: no countdown running)."""
    guidance: str = ""
    """What the camera sees, as advice: 'turn a little further left' (empty: nothing to add)."""
    safety: tuple[str, ...] = ()
    """The catalogue's safety lines (set on INTRO)."""


_MOVES = {
    (Measure.YAW, "left"): ("turn your head to the left", "turn a little further left"),
    (Measure.YAW, "right"): ("turn your head to the right", "turn a little further right"),
    (Measure.ROLL, "left"): (
        "tilt your left ear toward your left shoulder",
        "tilt a little further toward your left shoulder",
    ),
    (Measure.ROLL, "right"): (
        "tilt your right ear toward your right shoulder",
        "tilt a little further toward your right shoulder",
    ),
    (Measure.PITCH, "down"): ("lower your chin toward your chest", "lower your chin a little more"),
    (Measure.PITCH, "up"): ("tip your head back slowly", "tip your head back a little more"),
    (Measure.CHIN_TUCK, "back"): (
        "draw your chin straight back",
        "draw your chin back a little more",
    ),
    (Measure.SHRUG, "up"): ("lift your shoulders toward your ears", "lift your shoulders higher"),
}
"""For each measure and side: (the move from the start, the move when part of the way there)."""

NOT_SEEN = "the camera cannot see your head and shoulders: stay in its view"


def guidance(
    measure: Measure, side: str, past: float | None, threshold: float, partway: bool = False
) -> str:
    """Advice for someone `past` of the way toward `threshold` (None: not seen at all). Past a
    third of the way they are told to go a little further; once told (`partway`), only falling
    back below a sixth returns to the first words, so jitter at the boundary does not flip them."""
    if past is None:
        return NOT_SEEN
    start, further = _MOVES.get((measure, side), ("go into the stretch", "a little further"))
    if past >= threshold:
        return "that is it: hold there"
    return further if past >= threshold / (6 if partway else 3) else start


def amount(measure: Measure, value: float) -> str:
    """A measure's progress in words: '18 deg', or '9%' for a shrug."""
    return f"{value * 100:.0f}%" if measure is Measure.SHRUG else f"{value:.0f} deg"


def guidance_for(stretch: Stretch, side: str) -> str:
    """The move into a checked stretch from the start, in words."""
    check = stretch.check
    if check is None:
        return "go back into the stretch"
    return guidance(check.measure, side, 0.0, check.threshold)


def measured(measure: Measure, reading: Reading) -> float | None:
    """What a reading says of the measure (None: not seen)."""
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


def toward(measure: Measure, side: str, value: float, neutral: float) -> float:
    """How far past neutral toward the goal of `side` (degrees, or a share for a shrug)."""
    if measure is Measure.SHRUG:
        return (neutral - value) / neutral if neutral > 0 else 0.0
    if measure is Measure.CHIN_TUCK:
        return neutral - value
    sign = -1.0 if side in ("right", "up") else 1.0
    return sign * (value - neutral)
