"""What the stretch window says for a coach's cue: the countdown, the repetition, what the camera
sees, and which movement to draw. Pure (no toolkit), so it is tested without a display."""

from __future__ import annotations

from dataclasses import dataclass

from posture.core.stretches.catalogue import Measure, Stretch
from posture.core.stretches.cues import Cue, CueKind, Phase

TIMER_ONLY = "The camera does not check this one: follow the countdown."
"""The camera line of a stretch the camera cannot see."""


def countdown(cue: Cue) -> str:
    """The large line: 'sit still', 'get into position', 'hold 3', 'rest 2', 'done'."""
    left = f" {cue.left_s:.0f}" if cue.left_s is not None and cue.left_s >= 1 else ""
    walk = cue.stretch is not None and _measure(cue.stretch) is Measure.AWAY
    if cue.phase is Phase.READY:
        return "sit still"
    if cue.phase is Phase.REACH:
        return "leave your desk" if walk else "get into position"
    if cue.phase is Phase.HOLD:
        return f"walk{left}" if walk else f"hold{left}" if left else "hold..."
    if cue.phase is Phase.REST:
        return f"rest{left}" if left else "rest"
    if cue.phase is Phase.DONE:
        return "done"
    return ""


def repetition(cue: Cue) -> str:
    """Which repetition and side: 'Repetition 2 of 5, left side' (empty for a single go)."""
    if cue.reps <= 0:
        return ""
    side = f", {cue.side} side" if cue.side in ("left", "right") else ""
    side = f", {cue.side}" if cue.side in ("up", "down") else side
    if cue.reps == 1 and not side:
        return ""
    return f"Repetition {cue.rep} of {cue.reps}{side}"


def camera_line(cue: Cue, checked: bool, previous: str) -> str:
    """What the camera sees, in words: the coach's guidance, a missed or lost pose, or the
    previous line when this cue says nothing new about it."""
    if not checked:
        return TIMER_ONLY
    if cue.guidance:
        return cue.guidance
    if cue.kind in (CueKind.MISSED, CueKind.DONE):
        return cue.text
    if cue.kind is CueKind.HOLD:
        return "in position: hold still"
    if cue.kind is CueKind.RELAX:
        return "relax, and come back to the start"
    if cue.kind is CueKind.INSTRUCT:
        return cue.text
    return previous


def steps_text(stretch: Stretch) -> list[str]:
    """The numbered steps, then the stretch's own cautions."""
    lines = [f"{number}. {step}" for number, step in enumerate(stretch.steps, start=1)]
    return lines + [f"Careful: {caution}" for caution in stretch.cautions]


@dataclass(frozen=True, slots=True)
class Move:
    """The movement to draw: what moves, toward which side, and whether it is held now."""

    measure: Measure | None
    side: str
    held: bool


def move_of(cue: Cue) -> Move:
    """The movement a cue is about (no measure: a stretch the camera does not check)."""
    measure = _measure(cue.stretch) if cue.stretch is not None else None
    side = cue.side
    if not side and cue.stretch is not None and cue.stretch.check is not None:
        side = cue.stretch.check.sides[0]
    return Move(measure, side, cue.phase is Phase.HOLD)


def _measure(stretch: Stretch) -> Measure | None:
    return stretch.check.measure if stretch.check is not None else None
